/*
 * cli_source.c — one way in for traces: a file, or a program run live.
 * Both end up as bytes fed to the same model_trace, so `dump TRACE` and
 * `dump -- PROG` print the same thing for the same run.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "view/view_value.h"

#define READ_CHUNK (256u << 10)


/* A file one runs rather than reads: an ELF file, or an executable #! script. */
static bool
is_program(const char *path)
{
	unsigned char head[4];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool regular;

	if (fd < 0)
		return false;
	regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	n = regular ? read(fd, head, sizeof head) : -1;
	close(fd);
	if (n == (ssize_t)sizeof head && memcmp(head, "\177ELF", 4) == 0)
		return true;
	return n >= 2 && head[0] == '#' && head[1] == '!' &&
	    (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
}

/* A word as the shell would read it back: quoted if it needs to be. */
static void
add_shell_word(struct strbuf *b, const char *w)
{
	const char *p;

	if (w[0] != '\0' && strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789_./=:,+-@%") == strlen(w)) {
		strbuf_add(b, w);
		return;
	}
	strbuf_add(b, "'");
	for (p = w; *p != '\0'; p++)
		strbuf_add(b, *p == '\'' ? "'\\''" : (char[]){ *p, '\0' });
	strbuf_add(b, "'");
}

char *
cli_program_not_trace(const char *live, int argc, char **argv, int first)
{
	struct strbuf b = { 0 };
	int i;

	if (first >= argc || strcmp(argv[first], "--") == 0 ||
	    !is_program(argv[first]))
		return NULL;
	strbuf_add(&b, "'");
	strbuf_add(&b, argv[first]);
	strbuf_add(&b, "' is a program, not a trace: did you mean `stackheap ");
	add_shell_word(&b, live != NULL ? live : argv[0]);
	for (i = 1; i < first; i++) {
		strbuf_add(&b, " ");
		add_shell_word(&b, argv[i]);
	}
	/* after "--" a name without a slash is looked up in PATH */
	strbuf_add(&b, strchr(argv[first], '/') == NULL ? " -- ./" : " -- ");
	for (i = first; i < argc; i++) {
		if (i > first)
			strbuf_add(&b, " ");
		add_shell_word(&b, argv[i]);
	}
	strbuf_add(&b, "`?");
	return strbuf_take(&b);
}

bool
cli_source_parse(int argc, char **argv, int first, struct cli_source_spec *spec,
    char **cause)
{
	memset(spec, 0, sizeof *spec);
	if (first < argc && strcmp(argv[first], "--") == 0) {
		if (first + 1 >= argc) {
			*cause = cli_format("no program after '--'");
			return false;
		}
		spec->argv = argv + first + 1;
		return true;
	}
	if (first + 1 == argc) {
		spec->trace = argv[first];
		return true;
	}
	*cause = cli_format(first >= argc ? "no trace file or '-- PROG' given" :
	    "too many arguments (a program goes after '--')");
	return false;
}

/* Feeds everything fd gives; false on a read error or a damaged stream. */
static bool
feed_fd(int fd, struct model_trace *t, const char *what, char **cause)
{
	uint8_t *buf = malloc(READ_CHUNK);
	bool ok = true;
	ssize_t n;

	if (buf == NULL)
		abort();
	for (;;) {
		n = read(fd, buf, READ_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = cli_format("cannot read %s: %s", what, strerror(errno));
			ok = false;
			break;
		}
		if (n == 0 || !model_trace_feed(t, buf, (size_t)n))
			break;
	}
	free(buf);
	return ok;
}

/*
 * record writes how the program ended as the last record of every trace,
 * so a file without it was cut short: at a record boundary the decoder
 * cannot tell, and the steps would pass for the whole run.
 */
static bool
check_ended(const char *path, int fd, struct model_trace *t, char **cause)
{
	off_t size = lseek(fd, 0, SEEK_END);
	enum sh_end_how how;
	int value;

	if (model_trace_ended(t, &how, &value))
		return true;
	if (size >= 0)
		*cause = cli_format("%s: trace truncated at byte %lld: it ends "
		    "before the program's end was recorded", path,
		    (long long)size);
	else
		*cause = cli_format("%s: the trace ends before the program's "
		    "end was recorded", path);
	return false;
}

static bool
read_trace_file(const char *path, struct model_trace *t, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0) {
		*cause = cli_format("cannot open trace '%s': %s", path, strerror(errno));
		return false;
	}
	if (model_trace_load_file(t, fd, cause)) {
		if (*cause != NULL) {
			char *with_path = cli_format("%s: %s", path, *cause);

			free(*cause);
			*cause = with_path;
			close(fd);
			return false;
		}
		ok = check_ended(path, fd, t, cause);
		close(fd);
		return ok;
	}
	ok = feed_fd(fd, t, path, cause);
	if (ok && !model_trace_finish(t)) {
		*cause = cli_format("%s: %s", path, model_trace_error(t));
		ok = false;
	}
	ok = ok && check_ended(path, fd, t, cause);
	close(fd);
	return ok;
}

/*
 * A program's stream has no end record of its own: the end is what waitpid
 * says, added here as if the runtime had sent it.  A half-written last
 * record (the program was killed mid-write) is dropped first.
 */
static bool
read_live(char *const *argv, const struct cli_spawn_opts *o,
    struct model_trace *t, char **cause)
{
	struct cli_child child;
	enum sh_end_how how;
	int value;
	bool ok;

	if (!cli_spawn(argv, o, &child, cause))
		return false;
	if (child.untraced != NULL)
		cli_error("warning: %s: %s", argv[0], child.untraced);
	ok = feed_fd(child.stream_fd, t, "the program's event stream", cause);
	close(child.stream_fd);
	cli_wait(&child, &how, &value);
	if (!ok)
		return false;
	if (child.untraced != NULL) {	/* said why at the start */
		*cause = cli_format("%s ran untraced: no events", argv[0]);
		return false;
	}
	if (model_trace_error(t) == NULL && model_trace_drop_partial(t) > 0)
		cli_error("warning: the program died inside an event; its last, "
		    "half-written record is dropped");
	if (model_trace_error(t) == NULL)
		model_trace_end(t, how, value);
	if (!model_trace_finish(t)) {
		*cause = cli_format("%s: %s", argv[0], model_trace_error(t));
		return false;
	}
	return true;
}

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

char *
cli_trace_rebuilt(const char *trace, const struct model_trace *t)
{
	const char *exe = model_trace_program(t, NULL);
	struct stat ts, es;

	if (trace == NULL || exe == NULL || stat(trace, &ts) != 0 ||
	    !S_ISREG(ts.st_mode) || stat(exe, &es) != 0)
		return NULL;
	if (es.st_mtim.tv_sec < ts.st_mtim.tv_sec ||
	    (es.st_mtim.tv_sec == ts.st_mtim.tv_sec &&
	    es.st_mtim.tv_nsec <= ts.st_mtim.tv_nsec))
		return NULL;
	/* base names: it must fit the viewer's status line */
	return cli_format("warning: %s is newer than %s (rebuilt?): names and "
	    "lines may be wrong", base_of(exe), base_of(trace));
}

bool
cli_source_read(const struct cli_source_spec *spec,
    const struct cli_spawn_opts *o, struct model_trace *t, char **cause)
{
	if (spec->trace != NULL)
		return read_trace_file(spec->trace, t, cause);
	return read_live(spec->argv, o, t, cause);
}

int
cli_with_trace(const char *cmd, int argc, char **argv, int first,
    const struct cli_trace_use *use)
{
	struct cli_spawn_opts spawn = { .output = CLI_OUTPUT_STDERR };
	struct cli_source_spec spec;
	struct model_trace *t;
	char *cause = NULL, *rebuilt;
	bool read_ok;
	int rc;

	if ((cause = cli_program_not_trace(NULL, argc, argv, first)) != NULL) {
		cli_error("%s", cause);
		free(cause);
		return 2;
	}
	if (!cli_source_parse(argc, argv, first, &spec, &cause)) {
		cli_error("%s: %s", cmd, cause);
		free(cause);
		use->usage(stderr);
		return 2;
	}
	if (spec.trace != NULL && use->stdin_path != NULL) {
		cli_error("%s: --stdin is input for a program run with '-- PROG', "
		    "not for a trace", cmd);
		return 2;
	}
	spawn.stdin_path = use->stdin_path;
	t = model_trace_new();
	if (use->prepare != NULL)
		use->prepare(t, use->arg);
	read_ok = cli_source_read(&spec, &spawn, t, &cause);
	if (!read_ok && model_trace_nsteps(t) == 0 &&
	    model_trace_error(t) == NULL) {
		cli_error("%s", cause);
		free(cause);
		model_trace_free(t);
		return 1;
	}
	if (model_trace_lacks_debug(t))
		cli_error("warning: %s: no debug information: frames and heap "
		    "only (build it with -g, as stackheap-cc does)", model_trace_program(t, NULL));
	if ((rebuilt = cli_trace_rebuilt(spec.trace, t)) != NULL) {
		cli_error("%s", rebuilt);
		free(rebuilt);
	}
	fflush(stderr);
	rc = use->show(t, read_ok, use->arg);
	if (!read_ok) {		/* damaged: what came before was shown */
		fflush(stdout);
		cli_error("%s", cause);
		rc = 1;
	}
	if (model_trace_check_file(t)) {	/* rewritten while shown */
		fflush(stdout);
		cli_error("%s: %s", spec.trace, model_trace_changed(t));
		rc = 1;
	}
	free(cause);
	model_trace_free(t);
	return rc;
}
