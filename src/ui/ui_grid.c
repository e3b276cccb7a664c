/*
 * ui_grid.c — the cell grid.  Text is decoded from UTF-8 here, once, so the
 * terminal layer only copies code points; invalid bytes, control characters
 * and bidirectional controls become '?'.  A wide character (CJK, emoji)
 * takes two cells, the second 0; a combining mark none (it is left out).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "view/view_table.h"
#include "ui/ui_grid.h"

void
ui_grid_init(struct ui_grid *g, int w, int h)
{
	g->w = w > 0 ? w : 1;
	g->h = h > 0 ? h : 1;
	g->cells = calloc((size_t)g->w * (size_t)g->h, sizeof *g->cells);
	if (g->cells == NULL)
		abort();
	ui_grid_clear(g);
}

void
ui_grid_free(struct ui_grid *g)
{
	free(g->cells);
	g->cells = NULL;
}

void
ui_grid_clear(struct ui_grid *g)
{
	size_t i, n = (size_t)g->w * (size_t)g->h;

	for (i = 0; i < n; i++) {
		g->cells[i].ch = ' ';
		g->cells[i].attr = UI_PLAIN;
	}
}

/*
 * Puts one character in a cell.  A wide character's left half overwritten
 * leaves its right half (0) behind, and the other way round: each becomes
 * a space, so the terminal never shows half of one.
 */
static void
put_cell(struct ui_grid *g, int x, int y, uint32_t cp, unsigned attr)
{
	struct ui_cell *row = &g->cells[(size_t)y * (size_t)g->w];

	if (row[x].ch == 0 && x > 0)
		row[x - 1].ch = ' ';
	if (row[x].ch != 0 && x + 1 < g->w && row[x + 1].ch == 0)
		row[x + 1].ch = ' ';
	row[x].ch = cp;
	row[x].attr = (uint16_t)attr;
}

int
ui_grid_text(struct ui_grid *g, int x, int y, int maxw, const char *text,
    unsigned attr)
{
	int written = 0, w;
	uint32_t cp;
	size_t n;

	if (y < 0 || y >= g->h || x < 0)
		return 0;
	if (maxw > g->w - x)
		maxw = g->w - x;
	while (written < maxw && (n = view_utf8_decode(text, &cp)) > 0) {
		text += n;
		if (view_char_is_control(cp))
			cp = '?';
		/* a combining mark has no cell of its own: the base shows */
		if ((w = view_char_width(cp)) == 0)
			continue;
		if (written + w > maxw) {	/* half a wide one: a blank */
			put_cell(g, x + written++, y, ' ', attr);
			break;
		}
		put_cell(g, x + written++, y, cp, attr);
		if (w == 2) {
			put_cell(g, x + written, y, ' ', attr);
			g->cells[(size_t)y * (size_t)g->w + (size_t)(x +
			    written++)].ch = 0;
		}
	}
	return written;
}

#define UI_TAB_STOP 8

char *
ui_expand_tabs(const char *text)
{
	size_t n = strlen(text), tabs = 0, i, o = 0, col = 0, len;
	uint32_t cp;
	char *out;

	for (i = 0; i < n; i++)
		tabs += text[i] == '\t';
	out = malloc(n + tabs * (UI_TAB_STOP - 1) + 1);
	if (out == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (text[i] == '\t') {
			do
				out[o++] = ' ';
			while (++col % UI_TAB_STOP != 0);
			continue;
		}
		len = view_utf8_decode(text + i, &cp);
		memcpy(out + o, text + i, len);
		o += len;
		col += (size_t)view_char_width(cp);	/* columns, as shown */
		i += len - 1;
	}
	out[o] = '\0';
	return out;
}

void
ui_grid_paint(struct ui_grid *g, int x, int y, int w, unsigned attr)
{
	int i;

	if (y < 0 || y >= g->h)
		return;
	for (i = x < 0 ? 0 : x; i < x + w && i < g->w; i++)
		g->cells[(size_t)y * (size_t)g->w + (size_t)i].attr = (uint16_t)attr;
}

static size_t
encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

char *
ui_grid_to_text(const struct ui_grid *g)
{
	char *out = malloc((size_t)g->w * (size_t)g->h * 4 + (size_t)g->h + 1);
	size_t len = 0;
	int x, y;

	if (out == NULL)
		abort();
	for (y = 0; y < g->h; y++) {
		size_t line_start = len, keep = len;

		for (x = 0; x < g->w; x++) {
			uint32_t ch = g->cells[(size_t)y * (size_t)g->w + (size_t)x].ch;

			if (ch == 0)
				continue;
			len += encode(ch, out + len);
			if (ch != ' ')
				keep = len;
		}
		len = keep > line_start ? keep : line_start;
		out[len++] = '\n';
	}
	out[len] = '\0';
	return out;
}
