/*
 * cmd_export.c — `stackheap export`: pictures out, for handouts, slides
 * and the web.
 *
 *   stackheap export --format md|svg|html [--book|--real]
 *                    [--step N|--last|--from N --to M]
 *                    [--ascii] [--library-blocks] [-o PATH]
 *                    [--source-dir DIR]
 *                    (TRACE | [--stdin FILE] -- PROG [ARGS...])
 *
 * The sources and options are dump's.  md writes every step (or one, or
 * those from --from to --to) as Markdown to standard output or -o FILE.
 * svg writes one step (--step, --last) to standard output or -o FILE, or
 * every step of the range into -o DIR as step-0001.svg, ...  html writes
 * one page that plays the whole trace (to -o FILE or standard output),
 * opening at --step N or --from N if given.  Markdown
 * follows the locale for arrows, as dump does; SVG and HTML are UTF-8
 * documents and use "→" unless --ascii.  A damaged trace exports the steps
 * before the damage, then says what is wrong.  Files are made as traces
 * are (cli_output.c): 0600, never through a link left at their name.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/export.h"
#include "ui/ui_source.h"

enum export_format { FORMAT_NONE, FORMAT_MD, FORMAT_SVG, FORMAT_HTML };

struct export_cmd {
	enum export_format	 format;
	bool			 last, ascii;
	bool			 live;	/* -- PROG, not a trace file */
	struct cli_steps	 steps;	/* --step, --from, --to */
	const char		*out;	/* -o, or NULL: standard output */
	const char		*stdin_path;	/* --stdin, as dump's */
	const char		*source_dir;	/* --source-dir, or NULL */
	struct export_opts	 x;
};

static void
usage(FILE *to)
{
	fputs("usage: stackheap export --format md|svg|html [--book|--real]\n"
	    "                        [--step N|--last|--from N --to M] [--ascii]\n"
	    "                        [--library-blocks] [-o PATH]\n"
	    "                        [--source-dir DIR]\n"
	    "                        (TRACE | [--stdin FILE] -- PROG [ARGS...])\n", to);
}

static bool
parse_format(const char *s, enum export_format *f)
{
	if (strcmp(s, "md") == 0)
		*f = FORMAT_MD;
	else if (strcmp(s, "svg") == 0)
		*f = FORMAT_SVG;
	else if (strcmp(s, "html") == 0)
		*f = FORMAT_HTML;
	else
		return false;
	return true;
}

static bool
parse(int argc, char **argv, struct export_cmd *o, int *first)
{
	static const struct option longs[] = {
		CLI_STEP_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "source-dir", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+o:", longs, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!parse_format(optarg, &o->format)) {
				cli_error("export: --format is md, svg or html, "
				    "not '%s'", optarg);
				return false;
			}
			break;
		case 'b': o->x.real = false; break;
		case 'r': o->x.real = true; break;
		case 'l': o->last = true; break;
		case 'a': o->ascii = true; break;
		case 'L': o->x.view.library_blocks = true; break;
		case 'i': o->stdin_path = optarg; break;
		case 'o':
			if (optarg[0] == '\0') {
				cli_error("export: -o wants a path");
				return false;
			}
			o->out = optarg;
			break;
		case CLI_OPT_STEP: case CLI_OPT_FROM: case CLI_OPT_TO:
			if (!cli_steps_option(c, optarg, &o->steps))
				return false;
			break;
		case 'D':
			if (!cli_source_dir_ok(optarg))
				return false;
			o->source_dir = optarg;
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return false;
		}
	}
	if (!cli_steps_check(&o->steps))
		return false;
	if (o->format == FORMAT_NONE) {
		cli_error("export: no --format given (md, svg or html)");
		usage(stderr);
		return false;
	}
	if (o->format == FORMAT_SVG && o->steps.step == 0 && !o->last &&
	    o->out == NULL) {
		cli_error("export: an SVG per step needs a directory (-o DIR), "
		    "or choose one step with --step N");
		return false;
	}
	o->x.view.ascii = o->ascii || (o->format == FORMAT_MD && !cli_utf8());
	*first = cli_args_after_options(argc, argv);
	o->live = *first < argc && strcmp(argv[*first], "--") == 0;
	return true;
}

/*
 * Opens path for writing, or standard output for NULL.  An export holds
 * what the trace holds, so it is created as a trace is (cli_output.c).
 */
static FILE *
open_out(const char *path)
{
	char *cause;
	bool created;
	FILE *f;
	int fd;

	if (path == NULL)
		return stdout;
	fd = cli_create_output(path, "cannot write", &created, &cause);
	if (fd < 0) {
		cli_error("%s", cause);
		free(cause);
		return NULL;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		cli_error("cannot write '%s': %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

/*
 * Closes what open_out opened; false (with the error said) if writing
 * failed.  Standard output that failed ends the command as dump's does:
 * quietly on a closed pipe.
 */
static bool
close_out(FILE *f, const char *path)
{
	bool failed = ferror(f) != 0;

	if (f == stdout) {
		cli_flush_stdout();
		return true;
	}
	failed = fclose(f) != 0 || failed;
	if (failed)
		cli_error("cannot write '%s': %s", path, strerror(errno));
	return !failed;
}

/*
 * The SVG directory must be a directory of ours, not a link someone left
 * at that name to send the pictures elsewhere.
 */
static bool
own_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) != 0) {
		cli_error("cannot write into '%s': %s", dir, strerror(errno));
		return false;
	}
	if (S_ISLNK(st.st_mode))
		cli_error("cannot write into '%s': it is a symbolic link, which "
		    "is not followed", dir);
	else if (!S_ISDIR(st.st_mode))
		cli_error("cannot write into '%s': not a directory", dir);
	else if (st.st_uid != geteuid())
		cli_error("cannot write into '%s': it belongs to another user",
		    dir);
	else
		return true;
	return false;
}

/* Creates dir and its missing parents, as mkdir -p. */
static bool
make_dir(const char *dir)
{
	char *p = strdup(dir), *s, c;
	bool ok = true;

	if (p == NULL)
		abort();
	for (s = p + 1; ok; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			cli_error("cannot create directory '%s': %s", p,
			    strerror(errno));
			ok = false;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return ok && own_dir(dir);
}

static bool
write_svg_dir(struct model_trace *tr, const struct export_cmd *o, size_t from,
    size_t to)
{
	size_t i;
	char *path;
	FILE *f;
	bool ok;

	if (!make_dir(o->out))
		return false;
	for (i = from; i < to; i++) {
		if (asprintf(&path, "%s/step-%04zu.svg", o->out, i + 1) < 0)
			abort();
		ok = (f = open_out(path)) != NULL;
		if (ok) {
			export_svg(tr, i, &o->x, f);
			ok = close_out(f, path);
		}
		free(path);
		if (!ok)
			return false;
	}
	return true;
}

static bool
write_one(struct model_trace *tr, const struct export_cmd *o, size_t from,
    size_t to)
{
	FILE *f = open_out(o->out);
	size_t left_out = 0;

	if (f == NULL)
		return false;
	switch (o->format) {
	case FORMAT_MD:
		export_md(tr, from, to, &o->x, f);
		break;
	case FORMAT_SVG:
		export_svg(tr, from, &o->x, f);
		break;
	default:
		left_out = export_html(tr, from, &o->x, f);
		break;
	}
	if (left_out > 0)	/* never silently */
		cli_error("export: the page holds the first %zu of %zu steps (at "
		    "most %u MiB of them); --format md or svg shows the rest",
		    model_trace_nsteps(tr) - left_out, model_trace_nsteps(tr),
		    EXPORT_HTML_MAX >> 20);
	return close_out(f, o->out);
}

static int
export_steps(struct model_trace *tr, const struct export_cmd *o)
{
	size_t n = model_trace_nsteps(tr), from, to;

	if (!cli_steps_range(&o->steps, n, &from, &to))
		return 1;
	if (o->last && n > 0)
		from = n - 1;
	if (o->format == FORMAT_SVG && o->steps.step == 0 && !o->last)
		return write_svg_dir(tr, o, from, to) ? 0 : 1;
	if (o->format == FORMAT_SVG && from == to) {
		cli_error("the trace has no steps to draw");
		return 1;
	}
	return write_one(tr, o, from, to) ? 0 : 1;
}

/* Never silently: the files the page holds lines of. */
static void
say_embedded(const struct ui_sources *src)
{
	size_t i;

	for (i = 0; i < ui_sources_nread(src); i++) {
		fputs("stackheap: export: the page holds lines of ", stderr);
		cli_put_safe(ui_sources_read_path(src, i), stderr);
		fputc('\n', stderr);
	}
}

/*
 * The HTML page shows source lines: from the files the program's debug
 * information names, any file the trace names when the program was run
 * here and now, and those the user pointed to (ui_source.h).
 */
static int
show(struct model_trace *tr, bool read_ok, void *arg)
{
	struct export_cmd *o = arg;
	struct ui_source_policy policy = { .symbols = model_trace_symbols(tr),
	    .trust_trace = o->live, .dir = o->source_dir };
	int rc;

	o->x.sources = ui_sources_new(&policy);
	ui_sources_narrate(o->x.sources, tr);	/* `say:` comments */
	rc = export_steps(tr, o);
	if (o->format == FORMAT_HTML)
		say_embedded(o->x.sources);
	ui_sources_narrate(NULL, tr);
	ui_sources_free(o->x.sources);
	o->x.sources = NULL;
	return rc;
}

int
cmd_export(int argc, char **argv)
{
	struct export_cmd o;
	struct cli_trace_use use = { usage, NULL, show, &o, NULL };
	int first;

	if (!parse(argc, argv, &o, &first))
		return 2;
	use.stdin_path = o.stdin_path;
	return cli_with_trace("export", argc, argv, first, &use);
}
