/*
 * cli_paths.c — finding the runtime library and the demos; the small
 * helpers every subcommand shares (error lines, the locale).
 *
 * In order: an environment variable (STACKHEAP_RUNTIME, STACKHEAP_DEMOS);
 * the installed layout, taken relative to where this binary really is, so
 * that a DESTDIR or relocated install works; the build tree, for running
 * ./stackheap straight after make.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "view/view_table.h"

static char *
self_dir(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return strdup(path);
}

static char *
join(const char *a, const char *b)
{
	char *s;

	if (asprintf(&s, "%s%s", a, b) < 0)
		return NULL;
	return s;
}

static bool
exists(const char *path)
{
	return path != NULL && access(path, F_OK) == 0;
}

/*
 * The install root this binary sits in: bindir with the configured bindir
 * stripped from its end ("" for a normal install, DESTDIR for a staged
 * one), or NULL when the binary is not in an installed layout.
 */
static char *
install_root(const char *dir)
{
	size_t n = strlen(dir), b = strlen(SH_BINDIR);

	if (n < b || strcmp(dir + n - b, SH_BINDIR) != 0)
		return NULL;
	return strndup(dir, n - b);
}

static char *
find(const char *env, const char *installed, const char *in_build_tree)
{
	const char *override;
	char *dir, *root, *path = NULL;

	if (env != NULL && (override = getenv(env)) != NULL && override[0] != '\0')
		return strdup(override);
	dir = self_dir();
	if (dir == NULL)
		return NULL;
	root = install_root(dir);
	if (root != NULL) {
		path = join(root, installed);
		if (!exists(path)) {
			free(path);
			path = NULL;
		}
	}
	if (path == NULL) {
		path = join(dir, in_build_tree);
		if (!exists(path)) {
			free(path);
			path = NULL;
		}
	}
	free(root);
	free(dir);
	return path;
}

char *
cli_runtime_path(void)
{
	return find("STACKHEAP_RUNTIME", SH_LIBDIR "/libstackheap.so.0",
	    "/.libs/libstackheap.so.0");
}

/* No variable of its own: STACKHEAP_CC is stackheap-cc's compiler. */
char *
cli_cc_path(void)
{
	return find(NULL, SH_BINDIR "/stackheap-cc", "/stackheap-cc");
}

char *
cli_demos_dir(void)
{
	return find("STACKHEAP_DEMOS", SH_PKGLIBEXECDIR, "/demos");
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("stackheap: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_die_of(int sig)
{
	sigset_t set;

	fflush(stderr);
	cli_build_cleanup();	/* exit handlers do not run */
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);	/* a signal whose default is to be ignored */
}

void
cli_flush_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return;
	cli_stdout_failed();
}

void
cli_stdout_failed(void)
{
	int err = errno;

	if (err == EPIPE)
		cli_die_of(SIGPIPE);
	cli_error("cannot write standard output: %s", err != 0 ?
	    strerror(err) : "write error");
	exit(1);
}

bool
cli_source_dir_ok(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		cli_error("--source-dir '%s': %s", dir, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		cli_error("--source-dir '%s': not a directory", dir);
		return false;
	}
	return true;
}

bool
cli_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset != NULL && strcmp(codeset, "UTF-8") == 0;
}

int
cli_args_after_options(int argc, char **argv)
{
	if (optind > 1 && optind <= argc && strcmp(argv[optind - 1], "--") == 0)
		return optind - 1;
	return optind;
}

void
cli_put_safe(const char *s, FILE *to)
{
	const unsigned char *p = (const unsigned char *)s;

	uint32_t cp;
	size_t n;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fputc('?', to);
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fputc('?', to), p++;
		else if (*p >= 0x80 && (n = view_utf8_decode((const char *)p,
		    &cp)) > 1 && view_char_is_bidi(cp))
			fputc('?', to), p += n - 1;	/* would reorder the line */
		else
			fputc(*p, to);
	}
}

char *
cli_format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}
