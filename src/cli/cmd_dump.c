/*
 * cmd_dump.c — `stackheap dump`: every step's picture as text.
 *
 *   stackheap dump [--book|--real|--json] [--step N|--last|--from N --to M]
 *                  [--only KINDS] [--function NAME] [--ascii]
 *                  [--library-blocks]
 *                  (TRACE | [--stdin FILE] -- PROG [ARGS...])
 *
 * Each step is a line "== step N: ..." and its table in the seed's look:
 * a header, rows highest address first, columns two spaces apart.  After
 * the last step, how the program ended and what it left allocated.  A
 * damaged trace prints every step before the damage, then the error.
 * --json prints each step as one line of JSON instead (export_json.c),
 * and no ending.  --library-blocks adds to the book the blocks libraries
 * allocated for themselves (view_book.c), which it leaves out.
 *
 * Dumping every step reads the trace once, front to back, printing each
 * step as soon as it is complete (model_trace_forward): memory stays the
 * same for a trace of any length, and a live program's steps appear while
 * it runs, and so does a range (--from, --to) or a filter (--only,
 * --function: cli_steps.c), which only leave steps out.  --step and
 * --last need the whole trace read first.
 *
 * A program reads --stdin FILE, or /dev/null: never our own input, which
 * would leave a program waiting for a terminal nobody is typing into, and
 * an input loop gets end-of-file as it would from an empty file.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "export/export.h"
#include "ui/ui_source.h"
#include "view/view.h"

struct dump_opts {
	bool		real;
	bool		json;
	bool		last;
	struct cli_steps steps;
	const char	*stdin_path;
	struct view_opts view;
	bool		 live;		/* -- PROG, not a trace file */
	const char	*source_dir;	/* --source-dir, or NULL */
	struct ui_sources *sources;	/* for `say:` comments */
};

static void
print_cells(const char *const *cells, int ncols, const size_t *widths)
{
	int c, last = ncols - 1;

	while (last > 0 && cells[last][0] == '\0')
		last--;
	for (c = 0; c <= last; c++) {
		cli_put_safe(cells[c], stdout);
		if (c < last) {
			size_t pad = widths[c] - view_text_width(cells[c]) + 2;

			while (pad-- > 0)
				putchar(' ');
		}
	}
	putchar('\n');
}

static void
print_table(const struct view_table *t)
{
	size_t widths[TABLE_MAXCOLS], i;

	view_table_widths(t, widths);
	print_cells(t->headers, t->ncols, widths);
	for (i = 0; i < t->nrows; i++)
		print_cells((const char *const *)t->rows[i].cells, t->ncols, widths);
}

/*
 * What the program wrote during the step, under its title: one line per
 * run of one stream, quoted as C would ("output:" its standard output,
 * "stderr:" its standard error).
 */
static void
print_output(struct model_trace *tr, size_t i)
{
	struct export_output_run *runs;
	size_t n = export_step_output(tr, i, &runs), k;
	char *quoted;

	for (k = 0; k < n; k++) {
		fputs(runs[k].fd == 2 ? "stderr: " : "output: ", stdout);
		if (runs[k].cut) {
			puts("(cut: the trace keeps no more of the program's "
			    "output)");
			continue;
		}
		quoted = export_c_quoted(runs[k].text, runs[k].len);
		puts(quoted);
		free(quoted);
	}
	export_output_free(runs, n);
}

static void
print_step(struct model_trace *tr, size_t i, const struct dump_opts *o)
{
	struct view_table table;
	char *title;

	if (o->json) {
		export_json_step(tr, i, stdout);
		return;
	}
	title = view_step_title(tr, i, &o->view);
	fputs("== ", stdout);
	cli_put_safe(title, stdout);
	putchar('\n');
	free(title);
	print_output(tr, i);
	if (o->real)
		view_real_render(tr, i, &o->view, &table);
	else
		view_book_render(tr, i, &o->view, &table);
	print_table(&table);
	view_table_clear(&table);
	putchar('\n');
}

static void
print_ending(struct model_trace *tr, bool book)
{
	char *text = view_ending_text_of(tr, book), *line, *save;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		fputs(line[0] == ' ' ? "" : "== ", stdout);
		cli_put_safe(line, stdout);
		putchar('\n');
	}
	free(text);
}

static void
usage(FILE *to)
{
	fputs("usage: stackheap dump [--book|--real|--json] "
	    "[--step N|--last|--from N --to M]\n"
	    "                      [--only KINDS] [--function NAME] [--ascii] "
	    "[--all-locals]\n"
	    "                      [--library-blocks] [--source-dir DIR]\n"
	    "                      (TRACE | [--stdin FILE] -- PROG [ARGS...])\n",
	    to);
}

static bool
parse(int argc, char **argv, struct dump_opts *o, int *first)
{
	static const struct option longs[] = {
		CLI_STEP_OPTIONS,
		{ "json", no_argument, NULL, 'j' },
		{ "all-locals", no_argument, NULL, 'A' },
		{ "only", required_argument, NULL, CLI_OPT_ONLY },
		{ "function", required_argument, NULL, CLI_OPT_FUNCTION },
		{ "source-dir", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	o->view.ascii = !cli_utf8();
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longs, NULL)) != -1) {
		switch (c) {
		case 'b': o->real = false; break;
		case 'r': o->real = true; break;
		case 'j': o->json = true; break;
		case 'A': model_state_show_all_locals(true); break;
		case 'l': o->last = true; break;
		case 'a': o->view.ascii = true; break;
		case 'L': o->view.library_blocks = true; break;
		case 'i': o->stdin_path = optarg; break;
		case 'D':
			if (!cli_source_dir_ok(optarg))
				return false;
			o->source_dir = optarg;
			break;
		case CLI_OPT_STEP: case CLI_OPT_FROM: case CLI_OPT_TO:
		case CLI_OPT_ONLY: case CLI_OPT_FUNCTION:
			if (!cli_steps_option(c, optarg, &o->steps))
				return false;
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return false;
		}
	}
	if (!cli_steps_check(&o->steps))
		return false;
	*first = cli_args_after_options(argc, argv);
	o->live = *first < argc && strcmp(argv[*first], "--") == 0;
	return true;
}

static int
print_steps(struct model_trace *tr, const struct dump_opts *o)
{
	size_t n = model_trace_nsteps(tr), i, from, to;

	if (!cli_steps_range(&o->steps, n, &from, &to))
		return 1;
	if (o->last && n > 0)
		from = n - 1;
	for (i = from; i < to; i++) {
		if (!cli_steps_wanted(tr, i, &o->steps))
			continue;
		print_step(tr, i, o);
		if (ferror(stdout))
			cli_stdout_failed();
	}
	if (to == n && !o->json)
		print_ending(tr, !o->real);
	cli_flush_stdout();
	return 0;
}

/* Each step is flushed as it is read: the first failed write ends dump. */
static void
print_as_read(struct model_trace *tr, size_t i, void *arg)
{
	const struct dump_opts *o = arg;

	if (!cli_steps_wanted(tr, i, &o->steps))
		return;
	print_step(tr, i, arg);
	cli_flush_stdout();
}

static bool
streaming(const struct dump_opts *o)
{
	return o->steps.step == 0 && !o->last;
}

/* The ending follows the last step, when the range reaches it. */
static bool
reaches_end(const struct dump_opts *o, size_t n)
{
	return o->steps.step == 0 && (o->steps.to == 0 || (size_t)o->steps.to >= n);
}

/*
 * Narration from `say:` comments, read from the sources the viewer may
 * read (ui_source.h): set before the first step is handed out.
 */
static void
prepare(struct model_trace *tr, void *arg)
{
	struct dump_opts *o = arg;

	o->sources = ui_sources_new(&(struct ui_source_policy){
	    .symbols = model_trace_symbols(tr), .trust_trace = o->live,
	    .dir = o->source_dir });
	ui_sources_narrate(o->sources, tr);
	if (streaming(arg))
		model_trace_forward(tr, print_as_read, arg);
}

static int
show(struct model_trace *tr, bool read_ok, void *arg)
{
	const struct dump_opts *o = arg;

	if (!streaming(o))
		return print_steps(tr, o);
	model_trace_hand_out_last(tr);
	if (read_ok && !o->json && reaches_end(o, model_trace_nsteps(tr)))
		print_ending(tr, !o->real);
	cli_flush_stdout();
	return 0;
}

int
cmd_dump(int argc, char **argv)
{
	struct dump_opts o;
	struct cli_trace_use use = { usage, prepare, show, &o, NULL };
	int first, rc;

	if (!parse(argc, argv, &o, &first))
		return 2;
	use.stdin_path = o.stdin_path;
	rc = cli_with_trace("dump", argc, argv, first, &use);
	ui_sources_free(o.sources);	/* the trace that used them is gone */
	return rc;
}
