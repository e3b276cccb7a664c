/*
 * export_svg.c — `export --format svg`: one step's picture as a standalone
 * SVG diagram for slides.  The step's title and narration are the caption;
 * below them the table: a header, then one box per row (heap part, "...",
 * stack part), the book view's rows grouped under their function's name in
 * an outlined frame, each row tinted and marked by what the step did to it
 * (+ new, ~ changed, - leaving, ! dangling), and a legend of the marks used.
 *
 * Coordinates are whole pixels (printed with %d, never %f, so that no
 * locale can turn a decimal point into a comma); the font is monospace at
 * 15 px, whose advance is 9 px in the common monospace fonts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "util/util_alloc.h"

#define FONT_PX		15
#define CHAR_W		9	/* advance of one column at FONT_PX */
#define PAD		16	/* margin around everything */
#define LINE_H		21	/* a caption line */
#define CELL_H		26	/* a table row */
#define BASELINE	18	/* text baseline within a row */
#define CELL_PAD	10	/* space at each side of a cell's text */
#define MARK_W		22	/* the marker column left of the table */
#define MIN_WRAP	60	/* the caption wraps at no fewer columns */
#define MARKED		(ROWFLAG_NEW | ROWFLAG_CHANGED | ROWFLAG_LEAVING | \
			 ROWFLAG_DANGLING | ROWFLAG_LOST)

struct lines {
	char	**v;
	size_t	  n, cap;
};

static void
lines_add(struct lines *l, char *s)
{
	l->v = xgrow(l->v, &l->cap, l->n, sizeof *l->v);
	l->v[l->n++] = s;
}

static void
lines_free(struct lines *l)
{
	xfree_each(l->v, l->n);
	memset(l, 0, sizeof *l);
}

/* Greedy word wrap of s at cols columns; a longer word keeps a line alone. */
static void
wrap(const char *s, size_t cols, struct lines *out)
{
	struct strbuf line = { 0 };
	size_t len, width = 0, w;
	char *word;

	s += strspn(s, " ");
	while (*s != '\0') {
		len = strcspn(s, " ");
		word = strndup(s, len);
		if (word == NULL)
			abort();
		w = view_text_width(word);
		if (width > 0 && width + 1 + w > cols) {
			lines_add(out, strbuf_take(&line));
			width = 0;
		}
		if (width > 0) {
			strbuf_add(&line, " ");
			width++;
		}
		strbuf_add(&line, word);
		width += w;
		free(word);
		s += len;
		s += strspn(s, " ");
	}
	if (width > 0)
		lines_add(out, strbuf_take(&line));
	free(line.s);
}

/* The display width of s once cleaned (escapes make it wider). */
static size_t
clean_width(const char *s)
{
	struct strbuf b = { 0 };
	size_t w;
	char *c;

	if (s == NULL)
		return 0;
	export_clean(s, &b);
	c = strbuf_take(&b);
	w = view_text_width(c);
	free(c);
	return w;
}

/* One row's look. */
struct style {
	const char	*fill, *stroke, *text;
	const char	*dash;		/* stroke-dasharray, or NULL */
	bool		 bold, struck;
};

static struct style
row_style(const struct view_row *r)
{
	struct style s = { "#ffffff", "#b8bec8", "#1b1f24", NULL, false, false };

	switch (r->kind) {
	case ROWKIND_SEPARATOR:
		s.fill = s.stroke = NULL;
		s.text = "#8a9099";
		return s;
	case ROWKIND_HOLE:
		s.fill = "#f4f5f7";
		s.text = "#8a9099";
		s.dash = "4 3";
		return s;
	case ROWKIND_GAP:
		s.fill = "#fafbfc";
		s.text = "#8a9099";
		return s;
	case ROWKIND_FRAME:
	case ROWKIND_THREAD:
		s.fill = "#e3eaf5";
		s.bold = true;
		break;
	default:
		break;
	}
	if (r->flags & ROWFLAG_LEAVING) {
		s.fill = "#f9d6d5";
		s.text = "#8a1c1c";
		s.struck = true;
	} else if (r->flags & ROWFLAG_DANGLING) {
		s.fill = "#ffe0b2";
		s.stroke = "#d9822b";
	} else if (r->flags & ROWFLAG_NEW) {
		s.fill = "#d7f0d8";
	} else if (r->flags & ROWFLAG_CHANGED) {
		s.fill = "#fff1c2";
	} else if (r->flags & ROWFLAG_LOST) {
		s.fill = "#eadcf5";
	}
	return s;
}

struct svg {
	FILE			*f;
	struct model_trace	*tr;
	const struct export_opts *o;
	struct view_table	 table;
	int			 colx[TABLE_MAXCOLS + 1];	/* column edges */
	int			 x0, y;
	unsigned		 flags_seen;
};

static void
text(FILE *f, int x, int y, const char *fill, bool bold, const char *extra,
    const char *s)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\"", x, y);
	if (fill != NULL)
		fprintf(f, " fill=\"%s\"", fill);
	if (bold)
		fputs(" font-weight=\"bold\"", f);
	if (extra != NULL)
		fprintf(f, " %s", extra);
	putc('>', f);
	export_put_xml(f, s);
	fputs("</text>\n", f);
}

static void
rect(FILE *f, int x, int y, int w, int h, const char *fill, const char *stroke,
    const char *dash)
{
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"%s\"", x, y, w, h, fill != NULL ? fill : "none");
	if (stroke != NULL)
		fprintf(f, " stroke=\"%s\"", stroke);
	if (dash != NULL)
		fprintf(f, " stroke-dasharray=\"%s\"", dash);
	fputs("/>\n", f);
}

static const char *
marker_colour(const struct view_row *r)
{
	if (r->flags & ROWFLAG_LEAVING)
		return "#b3261e";
	if (r->flags & ROWFLAG_DANGLING)
		return "#d9822b";
	return "#2e7d32";
}

static void
draw_row(struct svg *g, const struct view_row *r)
{
	struct style s = row_style(r);
	int width = g->colx[g->table.ncols] - g->x0, c;

	if (s.fill != NULL || s.stroke != NULL)
		rect(g->f, g->x0, g->y, width, CELL_H, s.fill, s.stroke, s.dash);
	if (view_row_marker(r)[0] != '\0')
		text(g->f, g->x0 - MARK_W + 5, g->y + BASELINE, marker_colour(r),
		    true, NULL, view_row_marker(r));
	for (c = 0; c < g->table.ncols; c++)
		if (r->cells[c] != NULL && r->cells[c][0] != '\0')
			text(g->f, g->colx[c] + CELL_PAD, g->y + BASELINE, s.text,
			    s.bold, s.struck ? "text-decoration=\"line-through\"" :
			    NULL, r->cells[c]);
	g->y += CELL_H;
}

static void
draw_heading(struct svg *g, const char *heading)
{
	int width = g->colx[g->table.ncols] - g->x0;

	rect(g->f, g->x0, g->y, width, CELL_H, "#e3eaf5", "#b8bec8", NULL);
	text(g->f, g->x0 + CELL_PAD, g->y + BASELINE, "#1f3a68", true, NULL,
	    heading);
	g->y += CELL_H;
}

/* The header and the rows, each frame outlined with its heading. */
static void
draw_table(struct svg *g)
{
	int width = g->colx[g->table.ncols] - g->x0, group_y = -1, c;
	size_t r;
	char *heading;

	rect(g->f, g->x0, g->y, width, CELL_H, "#2f3b4c", NULL, NULL);
	for (c = 0; c < g->table.ncols; c++)
		text(g->f, g->colx[c] + CELL_PAD, g->y + BASELINE, "#ffffff", true,
		    NULL, g->table.headers[c]);
	g->y += CELL_H;
	for (r = 0; r < g->table.nrows; r++) {
		heading = export_group_heading(g->tr, &g->table, r, g->o->real);
		if (group_y >= 0 && (heading != NULL ||
		    g->table.rows[r].kind != ROWKIND_STACK)) {
			rect(g->f, g->x0, group_y, width, g->y - group_y, NULL,
			    "#5a7bb5", NULL);
			group_y = -1;
		}
		if (heading != NULL) {
			if (g->table.rows[r].kind == ROWKIND_STACK)
				group_y = g->y;
			draw_heading(g, heading);
			free(heading);
		}
		draw_row(g, &g->table.rows[r]);
	}
	if (group_y >= 0)
		rect(g->f, g->x0, group_y, width, g->y - group_y, NULL, "#5a7bb5",
		    NULL);
}

static void
draw_legend(struct svg *g)
{
	static const struct {
		unsigned	 flag;
		const char	*mark, *label, *fill;
	} keys[] = {
		{ ROWFLAG_NEW, "+", "new", "#d7f0d8" },
		{ ROWFLAG_CHANGED, "~", "changed", "#fff1c2" },
		{ ROWFLAG_LEAVING, "-", "leaving", "#f9d6d5" },
		{ ROWFLAG_DANGLING, "!", "dangling", "#ffe0b2" },
		{ ROWFLAG_LOST, "", "lost", "#eadcf5" },
	};
	struct strbuf b = { 0 };
	size_t k;
	int x = g->x0;
	char *label;

	if ((g->flags_seen & MARKED) == 0)
		return;
	g->y += 10;
	for (k = 0; k < sizeof keys / sizeof *keys; k++) {
		if (!(g->flags_seen & keys[k].flag))
			continue;
		strbuf_addf(&b, "%s%s%s", keys[k].mark, keys[k].mark[0] ? " " : "",
		    keys[k].label);
		label = strbuf_take(&b);
		rect(g->f, x, g->y + 4, 14, 14, keys[k].fill, "#b8bec8", NULL);
		text(g->f, x + 20, g->y + 16, "#1b1f24", false, NULL, label);
		x += 20 + (int)strlen(label) * CHAR_W + 18;
		free(label);
	}
	g->y += LINE_H;
}

/* Column edges from the widest cleaned cell of each column. */
static int
layout_columns(struct svg *g)
{
	size_t w[TABLE_MAXCOLS] = { 0 }, r, headings = 0, h;
	int c;
	char *heading;

	for (c = 0; c < g->table.ncols; c++)
		w[c] = clean_width(g->table.headers[c]);
	for (r = 0; r < g->table.nrows; r++) {
		for (c = 0; c < g->table.ncols; c++)
			if ((h = clean_width(g->table.rows[r].cells[c])) > w[c])
				w[c] = h;
		heading = export_group_heading(g->tr, &g->table, r, g->o->real);
		if (heading != NULL && (h = view_text_width(heading)) > headings)
			headings = h;
		free(heading);
	}
	g->colx[0] = g->x0;
	for (c = 0; c < g->table.ncols; c++)
		g->colx[c + 1] = g->colx[c] + (int)w[c] * CHAR_W + 2 * CELL_PAD;
	if (g->colx[c] - g->x0 < (int)headings * CHAR_W + 2 * CELL_PAD)
		g->colx[c] = g->x0 + (int)headings * CHAR_W + 2 * CELL_PAD;
	return g->colx[c] - g->x0;
}

static void
caption(struct svg *g, const struct lines *l, size_t nbold, bool narration)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		text(g->f, PAD, g->y + 16, narration ? "#3d4450" : "#1b1f24",
		    i < nbold, narration ? "font-style=\"italic\"" : NULL, l->v[i]);
		g->y += LINE_H;
	}
}

static int
widest(const struct lines *l)
{
	size_t i, w = 0;

	for (i = 0; i < l->n; i++)
		if (view_text_width(l->v[i]) > w)
			w = view_text_width(l->v[i]);
	return (int)w * CHAR_W;
}

void
export_svg(struct model_trace *tr, size_t i, const struct export_opts *o,
    FILE *f)
{
	struct svg g = { .f = f, .tr = tr, .o = o, .x0 = PAD + MARK_W };
	struct lines title = { 0 }, say = { 0 };
	char *title_text, *say_text;
	int table_w, width, height, rows = 0;
	size_t r, cols;

	export_step_words(tr, i, &o->view, &title_text, &say_text);
	export_render(tr, i, o, &g.table);
	table_w = layout_columns(&g);
	cols = (size_t)(MARK_W + table_w) / CHAR_W;
	wrap(title_text, cols > MIN_WRAP ? cols : MIN_WRAP, &title);
	if (say_text != NULL)
		wrap(say_text, cols > MIN_WRAP ? cols : MIN_WRAP, &say);
	for (r = 0; r < g.table.nrows; r++) {
		char *heading = export_group_heading(tr, &g.table, r, o->real);

		rows += heading != NULL ? 2 : 1;
		free(heading);
		g.flags_seen |= g.table.rows[r].flags;
	}

	width = MARK_W + table_w;
	if (widest(&title) > width)
		width = widest(&title);
	if (widest(&say) > width)
		width = widest(&say);
	width += 2 * PAD;
	height = PAD + (int)(title.n + say.n) * LINE_H + 10 + (rows + 1) * CELL_H +
	    ((g.flags_seen & MARKED) != 0 ? 10 + LINE_H : 0) + PAD;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans Mono, "
	    "Menlo, Consolas, monospace\" font-size=\"%d\" xml:space=\"preserve\">\n",
	    width, height, width, height, FONT_PX);
	fputs("<title>", f);
	export_put_xml(f, title_text);
	fputs("</title>\n", f);
	rect(f, 0, 0, width, height, "#ffffff", NULL, NULL);
	g.y = PAD;
	caption(&g, &title, title.n, false);
	caption(&g, &say, 0, true);
	g.y += 10;
	draw_table(&g);
	draw_legend(&g);
	fputs("</svg>\n", f);

	lines_free(&title);
	lines_free(&say);
	free(title_text);
	free(say_text);
	view_table_clear(&g.table);
}
