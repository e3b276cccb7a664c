/*
 * cli.h — the command line: finding our files, running a program under the
 * runtime, reading a trace from a pipe or a file, and the subcommands.
 *
 * Error policy: functions return false (or -1) and hand back a message in
 * *cause that the caller frees; only the subcommand prints it, as one line
 * "stackheap: ...", and exits non-zero.
 */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "model/model_trace.h"

/* --- cli_paths.c: where the runtime library and the demos are --- */
char	*cli_runtime_path(void);	/* caller frees; NULL if not found */
char	*cli_demos_dir(void);		/* caller frees; NULL if not found */
char	*cli_cc_path(void);		/* stackheap-cc; caller frees; NULL */

/* --- cli_build.c: C source files given instead of a program --- */
/*
 * When a command's operands before "--" name .c files, builds them (with
 * the compiler options among them) in a private directory and makes
 * *argv the same command with "-- PROG ARGS" instead: 1.  0: no sources,
 * argv as it was.  -1: the build failed (the compiler said why); -2: a
 * word is neither an option nor a source (said).  The directory goes
 * when the process exits (cli_build_cleanup, also on cli_die_of).
 */
bool	cli_build_wanted(int argc, char **argv);
int	cli_build(int *argc, char ***argv);
void	cli_build_cleanup(void);

/* --- cli_steps.c: which steps dump and export print --- */
enum {	/* getopt codes of the options below, beyond any character */
	CLI_OPT_STEP = 0x100, CLI_OPT_FROM, CLI_OPT_TO, CLI_OPT_ONLY,
	CLI_OPT_FUNCTION
};
/*
 * The long options dump and export share, for their getopt_long tables:
 * the view, the steps shown, the program's stdin and help.
 */
#define CLI_STEP_OPTIONS \
	{ "book", no_argument, NULL, 'b' }, \
	{ "real", no_argument, NULL, 'r' }, \
	{ "step", required_argument, NULL, CLI_OPT_STEP }, \
	{ "from", required_argument, NULL, CLI_OPT_FROM }, \
	{ "to", required_argument, NULL, CLI_OPT_TO }, \
	{ "last", no_argument, NULL, 'l' }, \
	{ "ascii", no_argument, NULL, 'a' }, \
	{ "library-blocks", no_argument, NULL, 'L' }, \
	{ "stdin", required_argument, NULL, 'i' }, \
	{ "help", no_argument, NULL, 'h' }
struct cli_steps {
	long		 step;		/* --step N, 1-based; 0: not given */
	long		 from, to;	/* --from, --to: inclusive; 0: the ends */
	unsigned	 only;		/* --only: 1u << MODEL_STEP_...; 0: any */
	const char	*function;	/* --function NAME, or NULL */
};
/* Parses one of the options above into s; false after an error. */
bool	cli_steps_option(int c, const char *arg, struct cli_steps *s);
/* After parsing: false, after an error, when the options contradict. */
bool	cli_steps_check(const struct cli_steps *);
/* The range [from, to) of a trace of n steps; false, after an error, if none. */
bool	cli_steps_range(const struct cli_steps *, size_t n, size_t *from,
	    size_t *to);
bool	cli_steps_in_range(const struct cli_steps *, size_t i);
/* Whether step i is in the range and passes --only and --function. */
bool	cli_steps_wanted(struct model_trace *, size_t i,
	    const struct cli_steps *);

/* --- cli_output.c: creating traces and exports --- */
/*
 * Opens path for writing what holds a program's memory: a new file is
 * created 0600; an existing one must be the user's own regular file with
 * no other hard links (it is emptied and made 0600) or a character device;
 * a symbolic link is never followed.  *created says the file is new.
 * -1 with *cause ("WHAT 'PATH': why") on failure.
 */
int	cli_create_output(const char *path, const char *what, bool *created,
	    char **cause);

/* --- cli_spawn.c: running a program with the runtime preloaded --- */
enum cli_output {
	CLI_OUTPUT_INHERIT,	/* the program writes where we write */
	CLI_OUTPUT_STDERR,	/* its stdout and stderr go to our stderr */
	CLI_OUTPUT_PIPE		/* both into a pipe we read (output_fd) */
};

struct cli_child {
	pid_t	pid;
	int	stream_fd;	/* read end of the event stream */
	int	output_fd;	/* read end of its output (PIPE), or -1 */
	const char *untraced;	/* why it runs untraced (its stream stays
				   empty), for a warning; NULL: traced */
};

struct cli_spawn_opts {
	const char	*stdin_path;	/* NULL: /dev/null */
	bool		 inherit_stdin;
	enum cli_output	 output;
	bool		 own_group;	/* its own process group, to end it whole */
	bool		 sync_output;	/* PIPE: output reaches us before the
					   events that follow it (see rt_core.c) */
};

bool	cli_spawn(char *const *argv, const struct cli_spawn_opts *,
	    struct cli_child *, char **cause);
/* Waits for the child; fills an SH_REC_END record's how and value. */
void	cli_wait(struct cli_child *, enum sh_end_how *how, int *value);

/* --- cli_source.c: a trace file or a live program, into a model --- */
struct cli_source_spec {
	const char	*trace;		/* a trace file, or */
	char *const	*argv;		/* a program to run */
};

/*
 * Reads the whole trace into t.  For a live program, waits for it and adds
 * its end.  On a damaged stream returns false with *cause, and t keeps every
 * step decoded before the damage.
 */
bool	cli_source_read(const struct cli_source_spec *, const struct cli_spawn_opts *,
	    struct model_trace *t, char **cause);

/*
 * A trace names its program by path, not by build: when the executable at
 * that path is newer than the trace file (record writes it to the end of
 * the run), the program was rebuilt since, and its names and lines may
 * not be the trace's.  A warning to say then, or NULL; the caller frees.
 */
char	*cli_trace_rebuilt(const char *trace, const struct model_trace *t);

/*
 * What dump and export share: parse the source operands from argv[first]
 * on, read them into a new trace (after prepare, if any), then show it.
 * A source that gives no step at all is one error line; a damaged trace
 * is shown up to the damage, then the error.  Returns the exit status.
 */
struct cli_trace_use {
	void	(*usage)(FILE *);
	void	(*prepare)(struct model_trace *, void *arg);
	int	(*show)(struct model_trace *, bool read_ok, void *arg);
	void	*arg;
	const char *stdin_path;	/* --stdin: a program's input; NULL: /dev/null */
};
int	cli_with_trace(const char *cmd, int argc, char **argv, int first,
	    const struct cli_trace_use *);

/*
 * `stackheap dump ./prog`, a forgotten "--": when argv[first] is a program
 * (ELF, or a #! script one may execute), a message that suggests the same
 * command line with "--" before the program, as the command `live` if not
 * NULL (replay's is run); NULL when it is no program.  The caller frees.
 */
char	*cli_program_not_trace(const char *live, int argc, char **argv,
	    int first);
/* Splits "[options] (TRACE | -- PROG [ARGS...])"; false if neither. */
bool	cli_source_parse(int argc, char **argv, int first,
	    struct cli_source_spec *, char **cause);

/* --- cli_demos.c: the bundled demos --- */
struct cli_demo {
	const char	*name;
	const char	*about;		/* one line on what it shows */
};
extern const struct cli_demo cli_demos[];	/* ends with a NULL name */
const struct cli_demo *cli_demo_find(const char *name);

/* --- subcommands --- */
int	cmd_dump(int argc, char **argv);
int	cmd_export(int argc, char **argv);
int	cmd_record(int argc, char **argv);
int	cmd_run(int argc, char **argv);
int	cmd_replay(int argc, char **argv);
int	cmd_demo(int argc, char **argv);

/*
 * Where the operands start after getopt_long: getopt eats a "--", but
 * "-- PROG" must stay visible as such (it is not a trace file named PROG).
 */
int	cli_args_after_options(int argc, char **argv);
/* A message made like printf's, for a *cause; NULL if out of memory. */
char	*cli_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "stackheap: <message>" on stderr. */
void	cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Prints text from a trace with its control characters (C0, DEL, and C1
 * in UTF-8) shown as '?': a hostile trace cannot drive the terminal.
 */
void	cli_put_safe(const char *, FILE *);
/*
 * Dies of sig with its default action, so that whoever waits for us sees
 * the signal (a shell: 128 + sig); if that does not end the process,
 * exits 128 + sig.  Clean up first: nothing more runs.
 */
void	cli_die_of(int sig) __attribute__((noreturn));
/*
 * Flushes standard output.  A failed write ends the command there and
 * then, however much is left to print: on a closed pipe (EPIPE) quietly,
 * dying of SIGPIPE as cat does (main ignores SIGPIPE, so writes fail
 * instead); on any other error with a message and exit status 1.
 * cli_stdout_failed is the same, for a write already seen to fail.
 */
void	cli_flush_stdout(void);
void	cli_stdout_failed(void) __attribute__((noreturn));
/* True if dir can be a --source-dir (a directory); else says why. */
bool	cli_source_dir_ok(const char *dir);
/* True when the arrow "→" can be printed (a UTF-8 locale). */
bool	cli_utf8(void);

#endif
