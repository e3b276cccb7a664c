/*
 * ui_screen.c — laying out and drawing the TUI screen into a grid.
 *
 *   row 0          title bar: program, step i of N, view, play state
 *   rows 1-3       what the step did, and its narration
 *   rows 4..h-2    the picture on the left; the source around the current
 *                  line and the program's output on the right (the real
 *                  view, being wide, takes the whole width below
 *                  REAL_PANES_W columns, and a third of it for them above)
 *   row h-1        status: keys, or the prompt, or how the program ended
 *
 * Each picture row starts with a marker — "+" new, "~" changed, "-"
 * leaving, "!" dangling — so that what a step did shows without colour.
 */
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/view.h"
#include "ui/ui_screen.h"
#include "util/util_str.h"

#define TITLE_ROWS 4
#define MARKER_W 2
#define LABEL_W 14	/* present: a frame's name beside its first row */
#define REAL_LIMIT 300	/* the real view's blocks and frames on screen */
#define REAL_PANES_W 160	/* the real view keeps the panes from here */

struct pane {
	int	x, y, w, h;
};

/* --- output ------------------------------------------------------------------- */

/*
 * Drops the oldest output down to half the cap, from a line's start where
 * one is near, so the pane never shows half a line after the marker.
 */
static void
output_drop_oldest(struct ui_output *o)
{
	size_t cut = o->len - UI_OUTPUT_MAX / 2, i, kept = 0;
	const char *nl = memchr(o->text + cut, '\n', o->len - cut);

	if (nl != NULL && (size_t)(nl - (o->text + cut)) < 4096)
		cut = (size_t)(nl - o->text) + 1;
	memmove(o->text, o->text + cut, o->len - cut + 1);
	o->len -= cut;
	o->dropped += cut;
	for (i = 0; i < o->nmarks; i++) {
		if (o->marks[i].offset < cut) {
			/* a piece cut in two keeps its step for what is left */
			if (i + 1 < o->nmarks && o->marks[i + 1].offset <= cut)
				continue;
			o->marks[i].offset = cut;
		}
		o->marks[kept] = o->marks[i];
		o->marks[kept++].offset -= cut;
	}
	o->nmarks = kept;
}

void
ui_output_add(struct ui_output *o, const char *p, size_t n, size_t steps)
{
	if (o->len + n + 1 > o->cap) {
		while (o->len + n + 1 > o->cap)
			o->cap = o->cap ? o->cap * 2 : 4096;
		o->text = realloc(o->text, o->cap);
		if (o->text == NULL)
			abort();
	}
	/* pieces that arrive between the same two steps share one mark */
	if (o->nmarks == 0 || o->marks[o->nmarks - 1].steps != steps) {
		if (o->nmarks == o->capmarks) {
			o->capmarks = o->capmarks ? o->capmarks * 2 : 64;
			o->marks = realloc(o->marks, o->capmarks *
			    sizeof *o->marks);
			if (o->marks == NULL)
				abort();
		}
		o->marks[o->nmarks].offset = o->len;
		o->marks[o->nmarks++].steps = steps;
	}
	memcpy(o->text + o->len, p, n);
	o->len += n;
	o->text[o->len] = '\0';
	if (o->len > UI_OUTPUT_MAX)
		output_drop_oldest(o);
}

void
ui_output_free(struct ui_output *o)
{
	free(o->text);
	free(o->marks);
	memset(o, 0, sizeof *o);
}

/*
 * The output written by the time of step i (0-based): a piece that came
 * when n steps had been received was written after step n - 1.  The
 * runtime makes output reach us before the events that follow it, at
 * least at every annotation, so a piece is never shown late.
 */
static size_t
output_until(const struct ui_output *o, size_t step, size_t nsteps)
{
	size_t i;

	if (step + 1 >= nsteps)
		return o->len;	/* the newest step: everything so far */
	for (i = 0; i < o->nmarks; i++)
		if (o->marks[i].steps > step)
			return o->marks[i].offset;
	return o->len;
}

size_t
ui_output_unseen(const struct ui_output *o, size_t step, size_t nsteps)
{
	return o->len - output_until(o, step, nsteps);
}

/* --- small drawing helpers ------------------------------------------------------- */

static void
fill_row(struct ui_grid *g, int y, unsigned attr)
{
	int x;

	for (x = 0; x < g->w; x++)
		ui_grid_text(g, x, y, 1, " ", attr);
}

/* A heading rule: "── text ───────". */
static void
heading(struct ui_grid *g, const struct pane *p, int y, const char *text,
    bool ascii)
{
	const char *rule = ascii ? "-" : "─";
	int x = p->x;

	x += ui_grid_text(g, x, y, 2, ascii ? "--" : "──", UI_DIMMED);
	if (text != NULL && text[0] != '\0') {
		x += ui_grid_text(g, x, y, 1, " ", UI_DIMMED);
		x += ui_grid_text(g, x, y, p->x + p->w - x - 1, text, UI_FRAME | UI_BOLD);
		x += ui_grid_text(g, x, y, 1, " ", UI_DIMMED);
	}
	while (x < p->x + p->w)
		x += ui_grid_text(g, x, y, 1, rule, UI_DIMMED);
}

/* Draws text wrapped over at most rows lines; returns the lines used. */
static int
wrapped(struct ui_grid *g, int x, int y, int w, int rows, const char *text,
    unsigned attr)
{
	size_t len = strlen(text), at = 0;
	int used = 0;

	while (at < len && used < rows) {
		size_t take = 0, cols = 0, last_space = 0, i;
		char *piece;

		for (i = at; i < len && cols < (size_t)w; i++) {
			if ((text[i] & 0xc0) != 0x80)
				cols++;
			if (text[i] == ' ')
				last_space = i;
			take = i + 1 - at;
		}
		if (i < len && last_space > at && used + 1 < rows)
			take = last_space - at;
		while (at + take < len && (text[at + take] & 0xc0) == 0x80)
			take++;
		piece = strndup(text + at, take);
		ui_grid_text(g, x, y + used, w, piece, attr);
		free(piece);
		at += take;
		while (at < len && text[at] == ' ')
			at++;
		used++;
	}
	return used;
}

/* --- title, step, status ------------------------------------------------------------ */

static void
draw_title(struct ui_grid *g, const struct ui_view *v)
{
	size_t n = model_trace_nsteps(v->trace);
	char left[256], right[64];

	char threads[48] = "";
	const struct model_state *s = n ? model_trace_seek(v->trace,
	    v->step) : NULL;

	if (s != NULL && s->nthreads > 1)
		snprintf(threads, sizeof threads, "  thread %u of %zu",
		    v->tid != 0 ? v->tid : model_trace_step_tid(v->trace, v->step),
		    s->nthreads);
	snprintf(left, sizeof left, " stackheap  %s  step %zu of %zu%s  %s "
	    "view%s%s", v->title, n ? v->step + 1 : 0, n, v->live ? "+" : "",
	    v->real ? "real" : "book", threads, v->predict ? "  predict" : "");
	if (v->playing)
		snprintf(right, sizeof right, "%s playing %d/s ",
		    v->ascii ? ">" : "▶", v->speed);
	else
		snprintf(right, sizeof right, "%s paused ", v->ascii ? "||" : "⏸");
	fill_row(g, 0, UI_TITLE);
	ui_grid_text(g, 0, 0, g->w, left, UI_TITLE | UI_BOLD);
	ui_grid_text(g, g->w - (int)view_text_width(right), 0, g->w, right,
	    UI_TITLE);
}

/* Predict mode: the line about to run, and the question. */
static void
draw_question(struct ui_grid *g, struct ui_view *v)
{
	const char *file, *text = NULL;
	char head[160];
	int line;

	if (view_step_source(v->trace, v->step, &file, &line))
		text = ui_sources_line(v->sources, file, line);
	snprintf(head, sizeof head, "step %zu: what will happen next?",
	    v->step + 1);
	ui_grid_text(g, 1, 1, g->w - 2, head, UI_BOLD | UI_CHANGED);
	if (text != NULL) {
		while (*text == ' ')
			text++;
		snprintf(head, sizeof head, "next line %d:  %s", line, text);
	} else {
		snprintf(head, sizeof head, "(no source line for this step)");
	}
	ui_grid_text(g, 3, 2, g->w - 4, head, UI_CURRENT | UI_BOLD);
	ui_grid_text(g, 3, 3, g->w - 4, "guess, then press any key to see",
	    UI_PLAIN);
}

static void
draw_step(struct ui_grid *g, struct ui_view *v)
{
	struct view_opts o = { .ascii = v->ascii };
	const char *say;
	char *title, *cut;

	if (model_trace_nsteps(v->trace) == 0) {
		ui_grid_text(g, 1, 1, g->w - 2, v->live ? "waiting for the program's "
		    "first step..." : "the trace has no steps", UI_DIMMED);
		return;
	}
	if (v->hidden) {
		draw_question(g, v);
		return;
	}
	title = view_step_title(v->trace, v->step, &o);
	cut = strstr(title, v->ascii ? " -- " : " — ");
	if (cut != NULL)
		*cut = '\0';	/* the narration gets lines of its own */
	ui_grid_text(g, 1, 1, g->w - 2, title, UI_BOLD);
	free(title);
	say = model_trace_step_say(v->trace, v->step);
	if (say != NULL)
		wrapped(g, 3, 2, g->w - 4, 2, say, UI_PLAIN);
}

static void
end_text(const struct ui_view *v, char *buf, size_t n)
{
	enum sh_end_how how;
	int value;

	buf[0] = '\0';
	if (model_trace_changed(v->trace) != NULL) {
		snprintf(buf, n, "trace changed on disk");
	} else if (v->live) {
		snprintf(buf, n, "running");
	} else if (model_trace_ended(v->trace, &how, &value)) {
		if (how == SH_END_EXITED)
			snprintf(buf, n, "exited %d", value);
		else if (how == SH_END_SIGNALED)
			snprintf(buf, n, "killed by %s%s", strsignal(value),
			    view_crash_cause(&model_trace_head(v->trace)->crash));
	}
}

static void
draw_status(struct ui_grid *g, const struct ui_view *v)
{
	int y = g->h - 1, x;
	char ended[96];

	fill_row(g, y, UI_TITLE);
	if (v->prompting) {
		x = ui_grid_text(g, 0, y, g->w, v->prompt_label, UI_TITLE | UI_BOLD);
		ui_grid_text(g, x, y, g->w - x, v->prompt, UI_TITLE);
		return;
	}
	if (v->message[0] != '\0')
		ui_grid_text(g, 1, y, g->w - 2, v->message, UI_TITLE | UI_BOLD);
	else if (v->present)
		ui_grid_text(g, 1, y, g->w - 2, "n next   p back   space play   "
		    "P leave presentation", UI_TITLE);
	else
		ui_grid_text(g, 1, y, g->w - 2, v->ascii ?
		    "n/-> next  p/<- back  space play  c break  v view  ? help  q quit" :
		    "n/→ next  p/← back  space play  c break  v view  ? help  q quit",
		    UI_TITLE);
	end_text(v, ended, sizeof ended);
	if (ended[0] != '\0')
		ui_grid_text(g, g->w - (int)strlen(ended) - 1, y, (int)strlen(ended),
		    ended, UI_TITLE | UI_BOLD);
}

/* --- the picture ------------------------------------------------------------------- */

static unsigned
row_attr(const struct view_row *r)
{
	if (r->flags & ROWFLAG_LEAVING)
		return UI_LEAVING;
	if (r->flags & (ROWFLAG_DANGLING | ROWFLAG_LOST))
		return UI_DANGLING;
	if (r->flags & ROWFLAG_NEW)
		return UI_NEW | UI_BOLD;
	if (r->flags & ROWFLAG_CHANGED)
		return UI_CHANGED | UI_BOLD;
	if (r->kind == ROWKIND_SEPARATOR || r->kind == ROWKIND_HOLE ||
	    r->kind == ROWKIND_GAP)
		return UI_DIMMED;
	if (r->kind == ROWKIND_FRAME || r->kind == ROWKIND_THREAD)
		return UI_FRAME | UI_BOLD;
	return UI_PLAIN;
}


/*
 * A picture line: a table row, or the heading of a frame (the book view
 * groups each frame's rows under its function's name), or the header.
 */
struct line {
	const struct view_row	*row;	/* NULL: a heading or the header */
	char			*heading;
	char			*label;		/* present: the frame, beside its row */
	bool			 header;
};

struct picture {
	struct view_table	 table;
	struct line		*lines;
	int			 n, cap;
	int			 focus;		/* the line to keep in sight */
	int			 cursor;	/* the row being chosen's line, or -1 */
};

static void
add_line(struct picture *p, const struct view_row *row, char *heading,
    bool header)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->lines = realloc(p->lines, (size_t)p->cap * sizeof *p->lines);
		if (p->lines == NULL)
			abort();
	}
	p->lines[p->n].row = row;
	p->lines[p->n].heading = heading;
	p->lines[p->n].label = NULL;
	p->lines[p->n++].header = header;
}

static char *
frame_heading(struct ui_view *v, const struct view_row *r)
{
	char *fn = view_function_name(v->trace, r->fn), *s;

	if (asprintf(&s, "%s()", fn) < 0)
		abort();
	free(fn);
	return s;
}

/*
 * The step whose picture is drawn: while a prediction is asked for, the
 * picture before the step, without highlights.
 */
static size_t
shown_step(const struct ui_view *v)
{
	return v->hidden && v->step > 0 ? v->step - 1 : v->step;
}

/* The line of the row being chosen, kept in sight. */
static void
mark_cursor(const struct ui_view *v, struct picture *p)
{
	int l;

	if (!v->choosing || v->real || v->cursor >= p->table.nrows)
		return;
	for (l = 0; l < p->n; l++)
		if (p->lines[l].row == &p->table.rows[v->cursor])
			p->cursor = p->focus = l;
}

static void
build_picture(struct ui_view *v, struct picture *p)
{
	struct view_opts o = { .ascii = v->ascii, .tid = v->tid,
	    .library_blocks = v->library_blocks };
	bool in_stack = false;
	uint32_t frame = 0;
	size_t i;

	memset(p, 0, sizeof *p);
	o.limit = REAL_LIMIT;	/* a screenful or so of each, not a million */
	if (v->real)
		view_real_render(v->trace, shown_step(v), &o, &p->table);
	else
		view_book_render_step(v->trace, shown_step(v), &o, &p->table);
	for (i = 0; v->hidden && i < p->table.nrows; i++)
		p->table.rows[i].flags &= ROWFLAG_DANGLING | ROWFLAG_LOST;
	add_line(p, NULL, NULL, true);
	p->focus = -1;
	p->cursor = -1;
	for (i = 0; i < p->table.nrows; i++) {
		const struct view_row *r = &p->table.rows[i];

		if (!v->real && r->kind == ROWKIND_STACK && r->fn != 0 &&
		    (!in_stack || r->frame != frame)) {
			if (p->focus < 0)
				p->focus = p->n;
			in_stack = true;
			frame = r->frame;
			if (v->present) {	/* no room for heading lines */
				add_line(p, r, NULL, false);
				p->lines[p->n - 1].label = frame_heading(v, r);
				continue;
			}
			add_line(p, NULL, frame_heading(v, r), false);
		}
		if (!v->real && r->kind == ROWKIND_GLOBAL && (i == 0 ||
		    p->table.rows[i - 1].kind != ROWKIND_GLOBAL))
			add_line(p, NULL, strdup("statics"), false);
		if (v->real && r->kind == ROWKIND_FRAME)
			p->focus = p->n;	/* the innermost frame is the last */
		add_line(p, r, NULL, false);
	}
	mark_cursor(v, p);
}

static void
free_picture(struct picture *p)
{
	int i;

	for (i = 0; i < p->n; i++) {
		free(p->lines[i].heading);
		free(p->lines[i].label);
	}
	free(p->lines);
	view_table_clear(&p->table);
}

static void
draw_cells(struct ui_grid *g, const struct pane *pane, int y,
    const char *const *cells, int ncols, const size_t *widths, unsigned attr)
{
	int x = pane->x + MARKER_W, c;

	for (c = 0; c < ncols && x < pane->x + pane->w; c++) {
		ui_grid_text(g, x, y, pane->x + pane->w - x, cells[c], attr);
		x += (int)widths[c] + 2;
	}
}

/* The first line shown: automatic keeps the newest frame in sight. */
static int
first_line(struct ui_view *v, const struct picture *p, int height)
{
	int first = v->scroll;

	if (first < 0) {
		first = 0;
		/* from the top, unless that hides the newest frame */
		if (p->n > height && p->focus >= height - 2)
			first = v->real ? p->focus - height / 3 : p->focus - 1;
	}
	if (first > p->n - height)
		first = p->n - height;
	return first < 0 ? 0 : first;
}

static void
draw_line(struct ui_grid *g, struct ui_view *v, const struct pane *pane,
    const struct picture *p, const struct line *l, int y, const size_t *widths)
{
	if (l->header) {
		draw_cells(g, pane, y, p->table.headers,
		    p->table.ncols, widths, UI_HEADER | UI_BOLD);
		return;
	}
	if (l->heading != NULL) {
		struct pane indent = { pane->x + MARKER_W, y, pane->w - MARKER_W, 1 };

		heading(g, &indent, y, l->heading, v->ascii);
		return;
	}
	ui_grid_text(g, pane->x, y, 1, view_row_marker(l->row), row_attr(l->row));
	draw_cells(g, pane, y, (const char *const *)l->row->cells,
	    p->table.ncols, widths,
	    row_attr(l->row));
	if (l->label != NULL)
		ui_grid_text(g, pane->x + pane->w - LABEL_W, y, LABEL_W, l->label,
		    UI_FRAME | UI_BOLD);
	if (l->row->flags & (ROWFLAG_NEW | ROWFLAG_CHANGED | ROWFLAG_LEAVING |
	    ROWFLAG_DANGLING | ROWFLAG_LOST))
		ui_grid_paint(g, pane->x, y, pane->w, row_attr(l->row));
}

/* Present mode: the table in the middle of its pane. */
static const struct pane *
centered(const struct pane *pane, const struct view_table *t,
    const size_t *widths, struct pane *room)
{
	int w = MARKER_W + LABEL_W + 2, c;

	for (c = 0; c < t->ncols; c++)
		w += (int)widths[c] + (c + 1 < t->ncols ? 2 : 0);
	*room = *pane;
	if (w + 4 < pane->w) {
		room->x = pane->x + (pane->w - w - 4) / 2;
		room->w = w + 4;
	}
	return room;
}

/* Present mode: everything bold, nothing dim, to be read from afar. */
static void
embolden(struct ui_grid *g, const struct pane *pane)
{
	int x, y;

	for (y = pane->y; y < pane->y + pane->h && y < g->h; y++)
		for (x = pane->x; x < pane->x + pane->w && x < g->w; x++) {
			struct ui_cell *c = &g->cells[(size_t)y * (size_t)g->w +
			    (size_t)x];

			if ((c->attr & UI_ROLE_MASK) == UI_DIMMED)
				c->attr = UI_PLAIN;
			c->attr |= UI_BOLD;
		}
}

/*
 * A book picture too big to make whole (a million blocks, a hundred
 * thousand frames) is made a screenful at a time: only the rows in view,
 * without frame headings or leaving rows.
 */
#define WHOLE_PICTURE_MAX 4000

static bool
draw_window(struct ui_grid *g, struct ui_view *v, const struct pane *pane)
{
	struct view_opts o = { .ascii = v->ascii, .tid = v->tid,
	    .library_blocks = v->library_blocks };
	size_t widths[TABLE_MAXCOLS], total, first, j;
	struct picture p;
	int rows = pane->h - 1;

	memset(&p, 0, sizeof p);
	view_book_render_window(v->trace, shown_step(v), &o, 0, 0, &p.table,
	    &total);
	view_table_clear(&p.table);
	if (total <= WHOLE_PICTURE_MAX)
		return false;
	if (v->scroll >= 0)
		first = (size_t)v->scroll;
	else {
		first = view_book_first_stack_row(v->trace, shown_step(v), &o);
		first = first >= 2 ? first - 2 : 0;
	}
	if (first + (size_t)rows > total)
		first = total - (size_t)rows;
	view_book_render_window(v->trace, shown_step(v), &o, first,
	    (size_t)rows, &p.table, &total);
	for (j = 0; v->hidden && j < p.table.nrows; j++)
		p.table.rows[j].flags &= ROWFLAG_DANGLING | ROWFLAG_LOST;
	add_line(&p, NULL, NULL, true);
	for (j = 0; j < p.table.nrows; j++)
		add_line(&p, &p.table.rows[j], NULL, false);
	view_table_widths(&p.table, widths);
	v->table_lines = (int)(total < INT_MAX ? total : INT_MAX);
	v->table_height = rows;
	v->table_first = (int)first;
	for (j = 0; j < (size_t)p.n && (int)j < pane->h; j++)
		draw_line(g, v, pane, &p, &p.lines[j], pane->y + (int)j, widths);
	free_picture(&p);
	return true;
}

static void
draw_picture(struct ui_grid *g, struct ui_view *v, const struct pane *pane)
{
	size_t widths[TABLE_MAXCOLS];
	struct picture p;
	struct pane room;
	int first, i;
	char more[48];

	if (model_trace_nsteps(v->trace) == 0)
		return;
	if (!v->real && draw_window(g, v, pane))
		return;
	build_picture(v, &p);
	view_table_widths(&p.table, widths);
	v->table_lines = p.n;
	v->table_height = pane->h;
	first = first_line(v, &p, pane->h);
	v->table_first = first;
	if (v->present)
		pane = centered(pane, &p.table, widths, &room);
	for (i = 0; i < pane->h && first + i < p.n; i++) {
		draw_line(g, v, pane, &p, &p.lines[first + i], pane->y + i, widths);
		if (first + i == p.cursor)
			ui_grid_paint(g, pane->x, pane->y + i, pane->w,
			    row_attr(p.lines[first + i].row) | UI_REVERSE);
	}
	if (v->present)
		embolden(g, pane);
	if (first > 0) {
		snprintf(more, sizeof more, " %s %d more ", v->ascii ? "^" : "↑", first);
		ui_grid_text(g, pane->x + pane->w - (int)strlen(more) - 1, pane->y,
		    (int)sizeof more, more, UI_DIMMED | UI_REVERSE);
	}
	if (first + pane->h < p.n) {
		snprintf(more, sizeof more, " %s %d more ", v->ascii ? "v" : "↓",
		    p.n - first - pane->h);
		ui_grid_text(g, pane->x + pane->w - (int)strlen(more) - 1,
		    pane->y + pane->h - 1, (int)sizeof more, more,
		    UI_DIMMED | UI_REVERSE);
	}
	free_picture(&p);
}

/* --- source and output ---------------------------------------------------------------- */

static void
draw_source(struct ui_grid *g, struct ui_view *v, const struct pane *pane)
{
	const char *file, *text;
	char label[128], number[16];
	int line, first, i, count;

	if (model_trace_nsteps(v->trace) == 0 ||
	    !view_step_source(v->trace, v->step, &file, &line)) {
		heading(g, pane, pane->y, "source", v->ascii);
		ui_grid_text(g, pane->x + 1, pane->y + 1, pane->w - 1,
		    "(no source line for this step)", UI_DIMMED);
		return;
	}
	snprintf(label, sizeof label, "%s:%d", base_name(file), line);
	heading(g, pane, pane->y, label, v->ascii);
	count = ui_sources_count(v->sources, file);
	if (count == 0) {
		ui_grid_text(g, pane->x + 1, pane->y + 1, pane->w - 1,
		    "(source file not found)", UI_DIMMED);
		return;
	}
	first = line - (pane->h - 1) / 2;
	if (first > count - (pane->h - 1) + 1)
		first = count - (pane->h - 1) + 1;
	if (first < 1)
		first = 1;
	for (i = 0; i < pane->h - 1 && first + i <= count; i++) {
		int y = pane->y + 1 + i, n = first + i;
		unsigned attr = n == line ? UI_CURRENT | UI_BOLD : UI_PLAIN;

		text = ui_sources_line(v->sources, file, n);
		snprintf(number, sizeof number, "%s%4d ", n == line ?
		    (v->ascii ? ">" : "▶") : " ", n);
		ui_grid_text(g, pane->x, y, pane->w, number, attr | UI_DIMMED);
		ui_grid_text(g, pane->x + 6, y, pane->w - 6, text, attr);
		if (n == line)
			ui_grid_paint(g, pane->x, y, pane->w, attr);
	}
}

static void
draw_output(struct ui_grid *g, struct ui_view *v, const struct pane *pane)
{
	size_t end = v->output != NULL ? output_until(v->output, v->step,
	    model_trace_nsteps(v->trace)) : 0;
	const char *text = v->output != NULL ? v->output->text : NULL;
	size_t starts[64], nstarts = 0, i;
	int rows = pane->h - 1, y;

	heading(g, pane, pane->y, "output", v->ascii);
	if (text == NULL || end == 0) {
		ui_grid_text(g, pane->x + 1, pane->y + 1, pane->w - 1, "(none yet)",
		    UI_DIMMED);
		return;
	}
	/* the starts of the last `rows` lines before end */
	for (i = end; i > 0 && nstarts < (size_t)rows; i--)
		if (text[i - 1] == '\n' && i != end)
			starts[nstarts++] = i;
	if (nstarts < (size_t)rows && i == 0)
		starts[nstarts++] = 0;
	y = 0;
	if (v->output->dropped > 0 && starts[nstarts - 1] == 0) {
		char said[80];

		if (nstarts == (size_t)rows)
			nstarts--;	/* room for the marker */
		snprintf(said, sizeof said, "[%zu bytes of earlier output "
		    "dropped]", v->output->dropped);
		ui_grid_text(g, pane->x + 1, pane->y + 1 + y++, pane->w - 1,
		    said, UI_DIMMED);
	}
	for (; nstarts > 0; y++) {
		size_t from = starts[--nstarts], to = from;
		char *piece, *expanded;

		while (to < end && text[to] != '\n')
			to++;
		piece = strndup(text + from, to - from);
		if (piece == NULL)
			abort();
		expanded = ui_expand_tabs(piece);	/* as the terminal would */
		ui_grid_text(g, pane->x + 1, pane->y + 1 + y, pane->w - 1,
		    expanded, UI_PLAIN);
		free(expanded);
		free(piece);
	}
}

/* --- overlays ------------------------------------------------------------------------------ */

static void
draw_box(struct ui_grid *g, const char *title, const char *const *lines,
    int n, bool ascii)
{
	int w = 0, i, x, y;
	struct pane p;

	for (i = 0; i < n; i++)
		if ((int)view_text_width(lines[i]) > w)
			w = (int)view_text_width(lines[i]);
	w += 4;
	x = (g->w - w) / 2;
	y = (g->h - n - 2) / 2;
	for (i = 0; i < n + 2; i++)
		ui_grid_paint(g, x, y + i, w, UI_TITLE);
	for (i = 0; i < n + 2; i++) {
		int c;

		for (c = 0; c < w; c++)
			ui_grid_text(g, x + c, y + i, 1, " ", UI_TITLE);
	}
	p.x = x;
	p.w = w;
	heading(g, &p, y, title, ascii);
	for (i = 0; i < n; i++)
		ui_grid_text(g, x + 2, y + 1 + i, w - 4, lines[i], UI_TITLE);
	ui_grid_paint(g, x, y, w, UI_TITLE | UI_BOLD);
}

static void
draw_help(struct ui_grid *g, const struct ui_view *v)
{
	static const char *const keys[] = {
		"n  Right      step forward (into calls)",
		"p  Left       step back",
		"o  O          step over a call, forward / back",
		"u  U          step out of this call, forward / back",
		"Space         play / pause",
		"+  -          faster / slower",
		"g  G          first / last step (Home / End; live: run to the end)",
		":             go to step N",
		"b             what to pause on: calls, malloc, a line, a variable",
		"B             pause on the source pane's current line (again: off)",
		"c  C          run to the next / previous such step",
		"v             book or real view",
		"e             a row whole: choose it; Left Right scroll it",
		"t             next thread's stack (T: back to the step's)",
		"a  L          every local / the libraries' own blocks: show or hide",
		"P             presentation: large and plain, for a projector",
		"w             predict: see the next line, guess, then the picture",
		"Up Down PgUp PgDn, wheel   scroll the picture",
		"?  Escape     close this help",
		"q  Ctrl-C     quit (ends the program)",
		"",
		"Markers: + new   ~ changed   - leaving   ! dangling",
		"(lost): a heap block nothing points to any more",
	};

	draw_box(g, "keys", keys, (int)(sizeof keys / sizeof keys[0]), v->ascii);
}

/* s from its n-th character on (UTF-8: a character is one column here). */
static const char *
skip_chars(const char *s, int n)
{
	while (*s != '\0' && n > 0) {
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
		n--;
	}
	return s;
}

/*
 * The chosen row whole (e): its value with every element of its arrays,
 * on one line that Left and Right scroll, in a box over the picture.
 */
static void
draw_expanded(struct ui_grid *g, struct ui_view *v)
{
	struct view_opts o = { .ascii = v->ascii, .tid = v->tid,
	    .all_elements = true, .library_blocks = v->library_blocks };
	struct view_table t;
	char title[96], *line;
	const char *lines[1], *name, *value;
	int w = g->w - 8, len;

	memset(&t, 0, sizeof t);
	view_book_render_step(v->trace, v->step, &o, &t);
	if (v->cursor >= t.nrows) {
		view_table_clear(&t);
		return;
	}
	name = t.rows[v->cursor].cells[1] != NULL ? t.rows[v->cursor].cells[1] : "";
	value = t.rows[v->cursor].cells[2] != NULL ? t.rows[v->cursor].cells[2] : "";
	len = (int)view_text_width(value);
	if (v->hscroll > len - w)
		v->hscroll = len - w > 0 ? len - w : 0;
	snprintf(title, sizeof title, "%.40s: from character %d of %d, %s",
	    name[0] != '\0' ? name : t.rows[v->cursor].cells[0],
	    v->hscroll + 1, len, v->ascii ? "<- -> scroll, e close" :
	    "← → scroll, e close");
	line = strdup(skip_chars(value, v->hscroll));
	if (line == NULL)
		abort();
	line[skip_chars(line, w) - line] = '\0';
	lines[0] = line;
	draw_box(g, title, lines, 1, v->ascii);
	free(line);
	view_table_clear(&t);
}

static void
draw_breaks(struct ui_grid *g, const struct ui_view *v)
{
	const struct ui_breaks *b = &v->breaks;
	char lines[10][96];
	const char *shown[10];
	int i;

	snprintf(lines[0], sizeof lines[0], "f  function: %s",
	    b->function[0] ? b->function : "(none; f to name one)");
	snprintf(lines[1], sizeof lines[1], "1  [%c] when it is called",
	    b->call ? 'x' : ' ');
	snprintf(lines[2], sizeof lines[2], "2  [%c] when it returns",
	    b->ret ? 'x' : ' ');
	snprintf(lines[3], sizeof lines[3], "m  [%c] every malloc", b->malloc ? 'x' : ' ');
	snprintf(lines[4], sizeof lines[4], "x  [%c] every free", b->free ? 'x' : ' ');
	snprintf(lines[5], sizeof lines[5], "k  [%c] a crash", b->crash ? 'x' : ' ');
	snprintf(lines[6], sizeof lines[6], "s  [%c] each narrated line / SH_STEP",
	    b->annotation ? 'x' : ' ');
	if (b->on_line)
		snprintf(lines[7], sizeof lines[7], "l  line: %.40s%s%d (l: another, "
		    ". the current, L: off)", b->line.file, b->line.file[0] ?
		    ":" : "", b->line.line);
	else
		snprintf(lines[7], sizeof lines[7], "l  line: (none; l to type one, "
		    ". the current)");
	if (b->on_change)
		snprintf(lines[8], sizeof lines[8], "v  variable: %s changes (v: off)",
		    b->change.watch.name);
	else
		snprintf(lines[8], sizeof lines[8], "v  variable: (none; v to "
		    "choose a row)");
	snprintf(lines[9], sizeof lines[9], "Escape or b: close");
	for (i = 0; i < 10; i++)
		shown[i] = lines[i];
	draw_box(g, "pause on", shown, 10, v->ascii);
}

/* --- the screen ------------------------------------------------------------------------------ */

static void
draw_too_small(struct ui_grid *g)
{
	char text[96];

	snprintf(text, sizeof text, "terminal too small: stackheap needs %dx%d, "
	    "this one is %dx%d", UI_MIN_W, UI_MIN_H, g->w, g->h);
	wrapped(g, 0, g->h / 2 > 0 ? g->h / 2 - 1 : 0, g->w, 3, text, UI_BOLD);
}

void
ui_screen_draw(struct ui_grid *g, struct ui_view *v)
{
	struct pane table, source, output;
	int body = g->h - TITLE_ROWS - 1, right;

	ui_grid_clear(g);
	if (g->w < UI_MIN_W || g->h < UI_MIN_H) {
		draw_too_small(g);
		return;
	}
	draw_title(g, v);
	draw_step(g, v);
	/* a real row is about 100 columns: wide enough, the panes fit beside */
	if (v->present || (v->real && g->w < REAL_PANES_W))
		right = 0;
	else
		right = v->real ? g->w / 3 : g->w * 45 / 100;
	table = (struct pane){ 0, TITLE_ROWS, g->w - right - 1, body };
	draw_picture(g, v, &table);
	if (right > 0) {
		source = (struct pane){ g->w - right, TITLE_ROWS, right, body * 3 / 5 };
		output = (struct pane){ g->w - right, TITLE_ROWS + source.h, right,
		    body - source.h };
		draw_source(g, v, &source);
		draw_output(g, v, &output);
	}
	draw_status(g, v);
	if (v->help)
		draw_help(g, v);
	else if (v->expanded)
		draw_expanded(g, v);
	else if (v->breaks_menu)
		draw_breaks(g, v);
}
