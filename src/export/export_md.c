/*
 * export_md.c — `export --format md`: each step as a Markdown section, a
 * heading with the step's title and narration, then the same table `dump`
 * prints as a Markdown table; after the last step, how the program ended.
 *
 * Text from the trace is cleaned, then every character Markdown could read
 * as markup (or HTML) is backslash-escaped, `|` included, so a cell can
 * never split a row nor start a tag.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export/export.h"

static void
put_md(FILE *f, const char *s)
{
	struct strbuf b = { 0 };
	char *clean, *p;

	export_clean(s, &b);
	clean = strbuf_take(&b);
	for (p = clean; *p != '\0'; p++) {
		if (strchr("\\`*_[]<&|#", *p) != NULL)
			putc('\\', f);
		putc(*p, f);
	}
	free(clean);
}

static void
put_row(FILE *f, const char *const *cells, int ncols)
{
	int c;

	fputs("|", f);
	for (c = 0; c < ncols; c++) {
		putc(' ', f);
		put_md(f, cells[c] != NULL ? cells[c] : "");
		fputs(" |", f);
	}
	putc('\n', f);
}

static void
put_table(FILE *f, const struct view_table *t)
{
	size_t r;
	int c;

	put_row(f, t->headers, t->ncols);
	fputs("|", f);
	for (c = 0; c < t->ncols; c++)
		fputs(" --- |", f);
	putc('\n', f);
	for (r = 0; r < t->nrows; r++)
		put_row(f, (const char *const *)t->rows[r].cells, t->ncols);
}

static void
put_step(struct model_trace *tr, size_t i, const struct export_opts *o, FILE *f)
{
	char *title = view_step_title(tr, i, &o->view);
	struct view_table table;

	fputs("## ", f);
	put_md(f, title);
	fputs("\n\n", f);
	free(title);
	if (o->real)
		view_real_render(tr, i, &o->view, &table);
	else
		view_book_render(tr, i, &o->view, &table);
	put_table(f, &table);
	view_table_clear(&table);
	putc('\n', f);
}

/* "end: ..." as a heading, what is still allocated as a list. */
static void
put_ending(struct model_trace *tr, FILE *f)
{
	char *text = view_ending_text(tr), *line, *save;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		bool item = line[0] == ' ';

		if (strncmp(line, "end:", 4) == 0)
			fputs("## ", f);
		else if (item)
			fputs("- ", f);
		put_md(f, line + strspn(line, " "));
		fputs(item ? "\n" : "\n\n", f);
	}
	free(text);
}

void
export_md(struct model_trace *tr, size_t from, size_t to,
    const struct export_opts *o, FILE *f)
{
	size_t i;

	/* a failed write stops the export: the rest would fail too */
	for (i = from; i < to && !ferror(f); i++)
		put_step(tr, i, o, f);
	if (to == model_trace_nsteps(tr) && !ferror(f))
		put_ending(tr, f);
}
