/*
 * view_book.c — the book view: the seed's Address | Name | Value tables.
 *
 * Heap rows come first, from (2^30) - 1 down to the lowest live block, with
 * holes where freed blocks sat; then a "..." row; then the stack of the
 * step's thread, highest slot first.  Globals, which the seed does not
 * draw, follow in a region of their own, numbered s0, s1, ...
 *
 * Blocks a library allocated for itself (a stdio buffer, the C++
 * emergency pool) have no slot: the seed's tables know only the program's.
 * On request (view_opts.library_blocks) they follow last, under a heading,
 * each by its library's name, highest address first.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "view/view_value.h"
#include "view/view.h"

static const char *const book_headers[] = { "Address", "Name", "Value" };

enum { REGION_HEAP, REGION_STACK, REGION_GLOBALS, REGION_LIBRARY };

/* What stands between regions: "...", or the libraries' heading. */
static void
add_region_start(struct view_table *out, int region)
{
	const char *const sep[] = { "...", "...", "..." };
	const char *const library[] = { "...", "library",
	    "(the libraries' own blocks, not the program's)" };
	struct view_row *row = view_table_add(out, ROWKIND_SEPARATOR, 0,
	    region == REGION_LIBRARY ? library : sep);

	row->region = region;
}

static unsigned
var_flags(const struct model_var *v, size_t step, bool dangling)
{
	unsigned flags = 0;

	if (v->step_added == step)
		flags |= ROWFLAG_NEW;
	else if (v->step_changed == step)
		flags |= ROWFLAG_CHANGED;
	if (dangling)
		flags |= ROWFLAG_DANGLING;
	return flags;
}

static unsigned
block_flags(const struct model_state *s, const struct model_block *b,
    size_t step, bool dangling)
{
	uint64_t lost_at = model_block_lost_at(s, b);
	unsigned flags = 0;

	if (b->step_added == step)
		flags |= ROWFLAG_NEW;
	else if (b->step_changed == step || lost_at == step + 1)
		flags |= ROWFLAG_CHANGED;
	if (dangling)
		flags |= ROWFLAG_DANGLING;
	if (lost_at != 0)
		flags |= ROWFLAG_LOST;
	return flags;
}

/* Heap rows lo..hi-1 (row r is slot k = r + 1). */
static void
add_heap_rows(struct view_value_ctx *c, size_t step, struct view_table *out,
    size_t lo, size_t hi)
{
	const struct model_state *s = c->state;
	struct strbuf addr = { 0 }, value = { 0 };
	size_t k;

	for (k = lo + 1; k <= hi && k <= s->nslots; k++) {
		const struct model_block *b = model_state_slot(s, (uint32_t)k);
		const char *cells[3];
		char *a, *v;

		view_heap_slot_text((uint32_t)k, &addr);
		a = strbuf_take(&addr);
		if (b == NULL) {
			cells[0] = a;
			cells[1] = cells[2] = NULL;
			view_table_add(out, ROWKIND_HOLE, 0, cells)->key = k;
			free(a);
			continue;
		}
		c->dangling = false;
		view_value_block(c, b, &value);
		if (model_block_lost_at(s, b) != 0)
			strbuf_add(&value, " (lost)");
		v = strbuf_take(&value);
		cells[0] = a;
		cells[1] = NULL;
		cells[2] = v;
		view_table_add(out, ROWKIND_HEAP, block_flags(s, b, step,
		    c->dangling), cells)->key = k;
		free(a);
		free(v);
	}
}

static size_t
count_library_blocks(struct model_trace *tr, const struct model_state *s)
{
	const struct model_block *b;
	size_t n = 0;

	for (b = model_heap_first(&s->byaddr); b != NULL;
	    b = model_heap_next(&s->byaddr, b))
		n += view_block_is_library(tr, b);
	return n;
}

/*
 * A library's block: its library, the function there that allocated it,
 * and its size and the program's line that called into the library.
 */
static void
add_library_row(struct view_value_ctx *c, const struct model_block *b,
    size_t step, struct view_table *out)
{
	const uint64_t *site = model_block_site(c->state, b);
	char *fn = view_function_name(c->trace, site[0]);
	char *where = view_site_location(c->trace, site, b->nsite);
	struct strbuf name = { 0 }, value = { 0 };
	const char *cells[3];
	struct view_row *row;

	strbuf_addf(&name, "%s()", fn);
	strbuf_addf(&value, "%llu bytes", (unsigned long long)b->size);
	if (where != NULL)
		strbuf_addf(&value, ", for %s", where);
	cells[0] = view_block_library(c->trace, b);
	cells[1] = name.s;
	cells[2] = value.s;
	row = view_table_add(out, ROWKIND_HEAP, block_flags(c->state, b, step,
	    false), cells);
	row->region = REGION_LIBRARY;
	row->key = b->addr;
	free(fn);
	free(where);
	free(name.s);
	free(value.s);
}

/* Rows lo..hi-1 of the libraries' blocks, the highest address first. */
static void
add_library_rows(struct view_value_ctx *c, size_t step,
    struct view_table *out, size_t lo, size_t hi)
{
	const struct model_heap *h = &c->state->byaddr;
	const struct model_block *b;
	size_t row = 0;

	for (b = model_heap_last(h); b != NULL && row < hi;
	    b = model_heap_prev(h, b))
		if (view_block_is_library(c->trace, b) && row++ >= lo)
			add_library_row(c, b, step, out);
}

/* The frame a variable belongs to: the last one pushed before it. */
static uint32_t
frame_of(const struct model_thread *t, size_t var)
{
	size_t f = t->nframes;

	while (f > 0 && t->frames[f - 1].first_var > var)
		f--;
	return f > 0 ? (uint32_t)(f - 1) : 0;
}

/* How many of the variables the book shows. */
static size_t
count_shown(const struct model_state *s, const struct model_var *vars,
    size_t n)
{
	size_t i, shown = 0;

	for (i = 0; i < n; i++)
		shown += model_var_in_book(s, &vars[i]);
	return shown;
}

/* Rows lo..hi-1 of the variables the book shows, the newest first. */
static void
add_var_rows(struct view_value_ctx *c, const struct model_var *vars,
    size_t n, const struct model_thread *t, enum view_row_kind kind,
    size_t step, struct view_table *out, size_t lo, size_t hi)
{
	struct strbuf addr = { 0 }, value = { 0 };
	size_t i = n, shown = 0;

	while (i-- > 0 && shown < hi) {
		const struct model_var *v = &vars[i];
		const char *cells[3];
		struct view_row *row;
		uint32_t slot;
		char *a, *val;

		if (!model_var_in_book(c->state, v) || shown++ < lo)
			continue;
		slot = view_slot(&c->slots, c->state, vars, n, i);
		strbuf_addf(&addr, kind == ROWKIND_GLOBAL ? "s%u" : "%u", slot);
		a = strbuf_take(&addr);
		c->dangling = false;
		view_value_var(c, v, &value);
		val = strbuf_take(&value);
		cells[0] = a;
		cells[1] = v->name;
		cells[2] = val;
		row = view_table_add(out, kind, var_flags(v, step, c->dangling),
		    cells);
		row->region = kind == ROWKIND_GLOBAL ? 2 : 1;
		row->key = slot;
		if (t != NULL && t->nframes > 0) {
			row->frame = frame_of(t, i);
			row->fn = t->frames[row->frame].fn;
		}
		free(a);
		free(val);
	}
}

/* Where each region of the picture starts, and how many rows it has. */
struct layout {
	size_t	heap, sep1, stack, sep2, globals, sep3, library, total;
	size_t	nheap, nstack, nglobals, nlibrary;
	bool	has_sep1, has_sep2;
};

static void
lay_out(struct model_trace *tr, const struct model_state *s,
    const struct model_thread *t, const struct view_opts *o, struct layout *l)
{
	l->nheap = s->nslots;
	l->nstack = t != NULL ? count_shown(s, t->vars, t->nvars) : 0;
	l->nglobals = count_shown(s, s->globals, s->nglobals);
	l->nlibrary = o->library_blocks ? count_library_blocks(tr, s) : 0;
	l->has_sep1 = l->nheap > 0;
	/* one "..." between regions, even when the stack is empty */
	l->has_sep2 = l->nglobals > 0 && (l->nstack > 0 || l->nheap == 0);
	l->heap = 0;
	l->sep1 = l->nheap;
	l->stack = l->sep1 + l->has_sep1;
	l->sep2 = l->stack + l->nstack;
	l->globals = l->sep2 + l->has_sep2;
	l->sep3 = l->globals + l->nglobals;	/* the libraries' heading */
	l->library = l->sep3 + (l->nlibrary > 0);
	l->total = l->library + l->nlibrary;
}

static size_t
clip(size_t v, size_t lo, size_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Rows [first, end) of the picture: only those are made. */
static void
render_window(struct model_trace *tr, size_t i, const struct view_opts *o,
    size_t first, size_t end, struct view_table *out, size_t *total)
{
	const struct model_state *s = model_trace_seek(tr, i);
	struct view_value_ctx c = { 0 };
	const struct model_thread *t;
	struct layout l;

	view_table_init(out, 3, book_headers);
	*total = 0;
	if (s == NULL)
		return;
	c.trace = tr;
	c.state = s;
	c.tid = o->tid != 0 ? o->tid : model_trace_step_tid(tr, i);
	c.book = true;
	c.arrow = o->ascii ? "->" : "→";
	c.all_elements = o->all_elements;
	t = model_state_thread(s, c.tid);
	lay_out(tr, s, t, o, &l);
	*total = l.total;
	c.block_types = view_value_block_types(s);
	add_heap_rows(&c, i, out, clip(first, 0, l.nheap), clip(end, 0, l.nheap));
	if (l.has_sep1 && first <= l.sep1 && l.sep1 < end)
		add_region_start(out, REGION_STACK);
	if (t != NULL)
		add_var_rows(&c, t->vars, t->nvars, t, ROWKIND_STACK, i, out,
		    clip(first, l.stack, l.sep2) - l.stack,
		    clip(end, l.stack, l.sep2) - l.stack);
	if (l.has_sep2 && first <= l.sep2 && l.sep2 < end)
		add_region_start(out, REGION_GLOBALS);
	add_var_rows(&c, s->globals, s->nglobals, NULL, ROWKIND_GLOBAL, i, out,
	    clip(first, l.globals, l.sep3) - l.globals,
	    clip(end, l.globals, l.sep3) - l.globals);
	if (l.nlibrary > 0 && first <= l.sep3 && l.sep3 < end)
		add_region_start(out, REGION_LIBRARY);
	add_library_rows(&c, i, out, clip(first, l.library, l.total) - l.library,
	    clip(end, l.library, l.total) - l.library);
	free(c.block_types);
	view_slots_free(&c.slots);
}

void
view_book_render(struct model_trace *tr, size_t i,
    const struct view_opts *o, struct view_table *out)
{
	size_t total;

	render_window(tr, i, o, 0, SIZE_MAX, out, &total);
}

void
view_book_render_window(struct model_trace *tr, size_t i,
    const struct view_opts *o, size_t first, size_t count,
    struct view_table *out, size_t *total)
{
	render_window(tr, i, o, first, count > SIZE_MAX - first ? SIZE_MAX :
	    first + count, out, total);
}

size_t
view_book_first_stack_row(struct model_trace *tr, size_t i,
    const struct view_opts *o)
{
	const struct model_state *s = model_trace_seek(tr, i);
	struct layout l;

	if (s == NULL)
		return 0;
	lay_out(tr, s, model_state_thread(s, o->tid != 0 ? o->tid :
	    model_trace_step_tid(tr, i)), o, &l);
	return l.stack;
}

/* --- the step's leaving rows ------------------------------------------------ */

static bool
same_place(const struct view_row *a, const struct view_row *b)
{
	return a->region == b->region && a->key == b->key;
}

/* Is prev's row gone at this step (or only a hole left of it)? */
static bool
is_leaving(const struct view_row *r, const struct view_table *cur)
{
	size_t i;

	if (r->kind == ROWKIND_SEPARATOR || r->kind == ROWKIND_HOLE)
		return false;
	for (i = 0; i < cur->nrows; i++)
		if (same_place(r, &cur->rows[i]))
			return cur->rows[i].kind == ROWKIND_HOLE;
	return true;
}

/* Book order: heap by k rising, then stack and globals by slot falling. */
static int
book_order(const void *pa, const void *pb)
{
	const struct view_row *a = pa, *b = pb;

	if (a->region != b->region)
		return a->region < b->region ? -1 : 1;
	if (a->key == b->key)
		return (int)(b->flags & ROWFLAG_LEAVING) -
		    (int)(a->flags & ROWFLAG_LEAVING);
	if (a->region == 0)
		return a->key < b->key ? -1 : 1;
	return a->key > b->key ? -1 : 1;
}

static void
move_row(struct view_table *to, struct view_row *r, unsigned extra_flags)
{
	const char *cells[3] = { r->cells[0], r->cells[1], r->cells[2] };
	struct view_row *copy = view_table_add(to, r->kind,
	    r->flags | extra_flags, cells);

	copy->frame = r->frame;
	copy->fn = r->fn;
	copy->region = r->region;
	copy->key = r->key;
}

void
view_book_render_step(struct model_trace *tr, size_t i,
    const struct view_opts *o, struct view_table *out)
{
	struct view_table prev, cur, merged;
	size_t r;
	int region = -1;

	view_book_render(tr, i, o, &cur);
	if (i == 0) {
		*out = cur;
		return;
	}
	view_book_render(tr, i - 1, o, &prev);
	view_table_init(&merged, 3, book_headers);
	for (r = 0; r < cur.nrows; r++)
		if (cur.rows[r].kind != ROWKIND_SEPARATOR)
			move_row(&merged, &cur.rows[r], 0);
	for (r = 0; r < prev.nrows; r++)
		if (is_leaving(&prev.rows[r], &cur))
			move_row(&merged, &prev.rows[r], ROWFLAG_LEAVING);
	if (merged.nrows > 1)
		qsort(merged.rows, merged.nrows, sizeof *merged.rows, book_order);
	view_table_init(out, 3, book_headers);
	for (r = 0; r < merged.nrows; r++) {
		struct view_row *row = &merged.rows[r];

		if (row->kind == ROWKIND_HOLE && r > 0 &&
		    same_place(row, &merged.rows[r - 1]))
			continue;	/* the leaving block stands where its hole is */
		if (region != -1 && row->region != region)
			add_region_start(out, row->region);
		region = row->region;
		move_row(out, row, 0);
	}
	view_table_clear(&prev);
	view_table_clear(&cur);
	view_table_clear(&merged);
}
