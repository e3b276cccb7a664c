/*
 * view_table.c — building tables of text cells, and measuring them.
 * Widths count columns, not bytes: the arrow "→" is one, a CJK character
 * two, a combining mark none.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "view/view_table.h"

void
view_table_init(struct view_table *t, int ncols, const char *const *headers)
{
	int i;

	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	for (i = 0; i < ncols; i++)
		t->headers[i] = headers[i];
}

void
view_table_clear(struct view_table *t)
{
	size_t i;
	int c;

	for (i = 0; i < t->nrows; i++)
		for (c = 0; c < TABLE_MAXCOLS; c++)
			free(t->rows[i].cells[c]);
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->caprows = 0;
}

struct view_row *
view_table_add(struct view_table *t, enum view_row_kind kind,
    unsigned flags, const char *const *cells)
{
	struct view_row *r;
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
view_utf8_decode(const char *text, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n, i;

	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = s[0] >= 0xf8 ? 1 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 :
	    s[0] >= 0xc0 ? 2 : 1;
	*cp = n == 1 ? '?' : s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = '?';
			return i;
		}
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
}

/*
 * Bidirectional controls make a terminal reorder what follows them: text
 * from a program or a trace could then read as something it is not.
 */
bool
view_char_is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

bool
view_char_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    view_char_is_bidi(cp);
}

/*
 * Columns as a terminal gives them: 2 for CJK and most emoji, 0 for
 * combining marks and joiners (the locale's wcwidth, where it knows the
 * character; 1 where it does not, as in the C locale).  A control is
 * drawn as '?': 1.
 */
int
view_char_width(uint32_t cp)
{
	int w;

	if (cp < 0x7f || view_char_is_control(cp))
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w > 2 ? 2 : w;
}

size_t
view_text_width(const char *s)
{
	size_t w = 0, n;
	uint32_t cp;

	while ((n = view_utf8_decode(s, &cp)) > 0) {
		w += (size_t)view_char_width(cp);
		s += n;
	}
	return w;
}

void
view_table_widths(const struct view_table *t, size_t *widths)
{
	size_t i;
	int c;

	for (c = 0; c < t->ncols; c++)
		widths[c] = view_text_width(t->headers[c]);
	for (i = 0; i < t->nrows; i++)
		for (c = 0; c < t->ncols; c++) {
			size_t w = view_text_width(t->rows[i].cells[c]);

			if (w > widths[c])
				widths[c] = w;
		}
}

const char *
view_row_marker(const struct view_row *r)
{
	if (r->flags & ROWFLAG_LEAVING)
		return "-";
	if (r->flags & ROWFLAG_DANGLING)
		return "!";
	if (r->flags & ROWFLAG_NEW)
		return "+";
	if (r->flags & ROWFLAG_CHANGED)
		return "~";
	return "";
}
