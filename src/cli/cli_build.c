/*
 * cli_build.c — `stackheap prog.c [more.c ...] [-- ARGS]`: C source files
 * given to run, dump, record or export (or to no command) are built with
 * stackheap-cc -g -O0 into a private temporary directory, and the command
 * goes on as if it had been given "-- PROG ARGS".  The directory is
 * removed when stackheap exits or dies of a signal; nothing is written
 * beside the sources.
 *
 * The compiler's messages reach the user as it prints them (its standard
 * error is ours; its standard output too goes there, so that dump's own
 * output stays the pictures).  A failed build ends the command: nothing
 * else is run or drawn.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"

static char	*build_dir;	/* ours to remove, or NULL */
static pid_t	 build_owner;	/* the process that made it (not a child) */
static char	**build_argv;	/* the command's new argv, kept to the end */
static char	 *build_program;	/* the built program's path, in it */

/*
 * Removes the build directory and what the build put in it, and lets go
 * of the command's argv (at exit: the command has run).
 */
void
cli_build_cleanup(void)
{
	struct dirent *e;
	char path[4096];
	DIR *d;

	free(build_argv);
	free(build_program);
	build_argv = NULL;
	build_program = NULL;
	if (build_dir == NULL || getpid() != build_owner)
		return;
	if ((d = opendir(build_dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", build_dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(build_dir);
	free(build_dir);
	build_dir = NULL;
}

static bool
ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n > m && strcmp(s + n - m, end) == 0;
}

/*
 * The commands' own options that take an argument (CLI_STEP_OPTIONS and
 * each command's table): the word after one is no operand.
 */
static bool
takes_argument(const char *arg)
{
	static const char *const with[] = { "--step", "--from", "--to",
	    "--only", "--function", "--stdin", "--format", "--output", "-o",
	    "--source-dir", NULL };
	int i;

	for (i = 0; with[i] != NULL; i++)
		if (strcmp(arg, with[i]) == 0)
			return true;
	return false;
}

/*
 * A compiler option to pass through, and whether its argument is the
 * next word: -O, -O2; -I DIR, -IDIR; -l m, -lm; -D X, -DX=1; --cc CC.
 */
static bool
compiler_option(const char *arg, bool *separate)
{
	*separate = false;
	if (strncmp(arg, "-O", 2) == 0)
		return true;
	if (strcmp(arg, "--cc") == 0) {
		*separate = true;
		return true;
	}
	if (strncmp(arg, "--cc=", 5) == 0)
		return true;
	if (arg[0] == '-' && strchr("IlD", arg[1]) != NULL && arg[1] != '\0') {
		*separate = arg[2] == '\0';
		return true;
	}
	return false;
}

struct build {
	char	**cc;		/* stackheap-cc's argv */
	int	  ncc;
	char	**rest;		/* the command's argv, rewritten */
	int	  nrest;
	const char *compiler;	/* --cc, or NULL */
	const char *first;	/* the first source: the program's name */
};

static char **
grow(char **v, int n)
{
	v = realloc(v, (size_t)(n + 2) * sizeof *v);
	if (v == NULL)
		abort();
	return v;
}

static void
add(char ***v, int *n, char *arg)
{
	*v = grow(*v, *n);
	(*v)[(*n)++] = arg;
	(*v)[*n] = NULL;
}

/*
 * Sorts the words before "--" into sources and compiler options (for
 * stackheap-cc) and the command's own (kept).  -1 with a message for a
 * word that is neither.
 */
static int
sort_words(int argc, char **argv, struct build *b)
{
	bool separate;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (compiler_option(argv[i], &separate)) {
			if (separate && i + 1 >= argc) {
				cli_error("%s: which one?", argv[i]);
				return -1;
			}
			if (strncmp(argv[i], "--cc", 4) == 0)
				b->compiler = separate ? argv[++i] : argv[i] + 5;
			else {
				add(&b->cc, &b->ncc, argv[i]);
				if (separate)
					add(&b->cc, &b->ncc, argv[++i]);
			}
		} else if (argv[i][0] == '-') {
			add(&b->rest, &b->nrest, argv[i]);
			if (takes_argument(argv[i]) && i + 1 < argc)
				add(&b->rest, &b->nrest, argv[++i]);
		} else if (ends_with(argv[i], ".c")) {
			add(&b->cc, &b->ncc, argv[i]);
			if (b->first == NULL)
				b->first = argv[i];
		} else {
			cli_error("'%s' is no C source file: a program's arguments "
			    "go after '--'", argv[i]);
			return -1;
		}
	}
	return i;
}

/* True if the command's operands (before any "--") name a .c file. */
bool
cli_build_wanted(int argc, char **argv)
{
	bool separate;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (argv[i][0] == '-') {
			if ((compiler_option(argv[i], &separate) && separate) ||
			    takes_argument(argv[i]))
				i++;
		} else if (ends_with(argv[i], ".c")) {
			return true;
		}
	}
	return false;
}

/* "prog" for "dir/prog.c": what the program is called. */
static char *
program_path(const char *dir, const char *source)
{
	const char *slash = strrchr(source, '/'), *base = slash ? slash + 1 : source;
	char *path;

	if (asprintf(&path, "%s/%.*s", dir, (int)(strlen(base) - 2), base) < 0)
		abort();
	return path;
}

/* Runs stackheap-cc; true if it built the program. */
static bool
compile(char **argv, const char *compiler)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		cli_error("cannot run stackheap-cc: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		dup2(2, 1);
		if (compiler != NULL)
			setenv("STACKHEAP_CC", compiler, 1);
		execv(argv[0], argv);
		cli_error("cannot run %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A private directory for the program, removed at exit. */
static bool
make_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	if (asprintf(&build_dir, "%s/stackheap.XXXXXX", tmp != NULL &&
	    tmp[0] == '/' ? tmp : "/tmp") < 0)
		abort();
	if (mkdtemp(build_dir) == NULL) {	/* mode 0700 */
		cli_error("cannot make a directory to build in (%s): %s",
		    build_dir, strerror(errno));
		free(build_dir);
		build_dir = NULL;
		return false;
	}
	build_owner = getpid();
	atexit(cli_build_cleanup);
	return true;
}

/* The build, run: 0, or -1 (build failed) or -2 (a usage error). */
static int
build(int argc, char **argv, struct build *b, char **program, int *end)
{
	if ((*end = sort_words(argc, argv, b)) < 0)
		return -2;
	if (!make_dir())
		return -1;
	*program = program_path(build_dir, b->first);
	add(&b->cc, &b->ncc, "-o");
	add(&b->cc, &b->ncc, *program);
	if (!compile(b->cc, b->compiler)) {
		cli_error("%s did not build (the compiler said why above)",
		    b->first);
		return -1;
	}
	return 0;
}

int
cli_build(int *argc, char ***argv)
{
	struct build b = { 0 };
	char *cc, *program = NULL;
	int i, end, rc;

	if (!cli_build_wanted(*argc, *argv))
		return 0;
	if ((cc = cli_cc_path()) == NULL) {
		cli_error("cannot find stackheap-cc to build the program");
		return -1;
	}
	add(&b.cc, &b.ncc, cc);
	add(&b.cc, &b.ncc, "-g");
	add(&b.cc, &b.ncc, "-O0");
	add(&b.rest, &b.nrest, (*argv)[0]);
	rc = build(*argc, *argv, &b, &program, &end);
	free(cc);
	free(b.cc);
	if (rc < 0) {
		free(program);
		free(b.rest);
		return rc;
	}
	add(&b.rest, &b.nrest, "--");
	add(&b.rest, &b.nrest, program);
	for (i = end + 1; i < *argc; i++)
		add(&b.rest, &b.nrest, (*argv)[i]);
	*argc = b.nrest;
	*argv = build_argv = b.rest;	/* with program, as long as the command */
	build_program = program;
	return 1;
}
