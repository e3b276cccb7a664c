/*
 * model_table.c — building tables of text cells, and measuring them.
 * Widths count characters, not bytes: the arrow "→" is one column.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/model_table.h"

void
model_table_init(struct model_table *t, int ncols, const char *const *headers)
{
	int i;

	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	for (i = 0; i < ncols; i++)
		t->headers[i] = headers[i];
}

void
model_table_clear(struct model_table *t)
{
	size_t i;
	int c;

	for (i = 0; i < t->nrows; i++)
		for (c = 0; c < MODEL_TABLE_MAXCOLS; c++)
			free(t->rows[i].cells[c]);
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->caprows = 0;
}

struct model_row *
model_table_add(struct model_table *t, enum model_row_kind kind,
    unsigned flags, const char *const *cells)
{
	struct model_row *r;
	int c;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 32;
		t->rows = realloc(t->rows, t->caprows * sizeof *t->rows);
		if (t->rows == NULL)
			abort();
	}
	r = &t->rows[t->nrows++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->flags = flags;
	for (c = 0; c < t->ncols; c++) {
		r->cells[c] = strdup(cells[c] != NULL ? cells[c] : "");
		if (r->cells[c] == NULL)
			abort();
	}
	return r;
}

size_t
model_text_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void
model_table_widths(const struct model_table *t, size_t *widths)
{
	size_t i;
	int c;

	for (c = 0; c < t->ncols; c++)
		widths[c] = model_text_width(t->headers[c]);
	for (i = 0; i < t->nrows; i++)
		for (c = 0; c < t->ncols; c++) {
			size_t w = model_text_width(t->rows[i].cells[c]);

			if (w > widths[c])
				widths[c] = w;
		}
}

const char *
model_row_marker(const struct model_row *r)
{
	if (r->flags & ROW_LEAVING)
		return "-";
	if (r->flags & ROW_DANGLING)
		return "!";
	if (r->flags & ROW_NEW)
		return "+";
	if (r->flags & ROW_CHANGED)
		return "~";
	return "";
}
