/*
 * view_real.c — the real view: what is really where.  Real addresses in
 * hex, highest first as in the book view: heap blocks with their sizes and
 * call sites (a library's own block says whose), then each thread's
 * stack, frame by frame (the outermost frame holds the highest
 * addresses), each variable at its address with its
 * size, and every gap — allocator headers between blocks, padding and
 * saved registers inside frames — as a row of its own, but for a gap of
 * over 1 GiB between unrelated regions, which is a "..." row.
 */
#include "config.h"

#include <stdlib.h>

#include "view/view_value.h"
#include "view/view.h"

static const char *const real_headers[] = { "Address", "Size", "Name", "Value" };

static void
add_row(struct view_table *out, enum view_row_kind kind, unsigned flags,
    uint64_t addr, uint64_t size, const char *name, const char *value)
{
	struct strbuf a = { 0 }, sz = { 0 };
	const char *cells[4];
	char *at, *size_text;

	if (addr != 0 || size != 0) {	/* a variable with no place has neither */
		strbuf_addf(&a, "0x%llx", (unsigned long long)addr);
		strbuf_addf(&sz, "%llu", (unsigned long long)size);
	}
	at = strbuf_take(&a);
	size_text = strbuf_take(&sz);
	cells[0] = at;
	cells[1] = size_text;
	cells[2] = name;
	cells[3] = value;
	view_table_add(out, kind, flags, cells);
	free(at);
	free(size_text);
}

/* A row for what a limited picture leaves out. */
static void
add_more(struct view_table *out, size_t n, const char *what)
{
	struct strbuf text = { 0 };
	const char *cells[4] = { "...", NULL, NULL, NULL };
	char *t;

	strbuf_addf(&text, "(%zu more %s)", n, what);
	t = strbuf_take(&text);
	cells[2] = t;
	view_table_add(out, ROWKIND_SEPARATOR, 0, cells);
	free(t);
}

/*
 * Beyond this, two things are in unrelated regions (the main heap and a
 * thread's arena, 45 TB apart): a "..." row, not a gap of that size.
 */
#define GAP_MAX (1ull << 30)

static void
add_gap(struct view_table *out, uint64_t from, uint64_t to)
{
	const char *cells[4] = { "...", NULL, "(another region)", NULL };

	if (to > from && to - from > GAP_MAX)
		view_table_add(out, ROWKIND_SEPARATOR, 0, cells);
	else if (to > from)
		add_row(out, ROWKIND_GAP, 0, from, to - from, "(gap)", NULL);
}

static unsigned
step_flags(uint64_t added, uint64_t changed, size_t step, bool dangling)
{
	unsigned flags = added == step ? ROWFLAG_NEW :
	    changed == step ? ROWFLAG_CHANGED : 0;

	return flags | (dangling ? ROWFLAG_DANGLING : 0);
}

static void
add_block(struct view_value_ctx *c, const struct model_block *b, size_t step,
    struct view_table *out)
{
	struct strbuf name = { 0 }, value = { 0 };
	char *where = view_site_location(c->trace, model_block_site(c->state, b),
	    b->nsite);
	bool lost = model_block_lost_at(c->state, b) != 0;
	char *n, *v;

	strbuf_add(&name, "heap");
	if (view_block_is_library(c->trace, b))	/* in place: it is there */
		strbuf_addf(&name, " of %s", view_block_library(c->trace, b));
	if (where != NULL)
		strbuf_addf(&name, " (%s)", where);
	c->dangling = false;
	view_value_block(c, b, &value);
	if (lost)
		strbuf_add(&value, " (lost)");
	n = strbuf_take(&name);
	v = strbuf_take(&value);
	add_row(out, ROWKIND_HEAP, step_flags(b->step_added, b->step_changed, step,
	    c->dangling) | (lost ? ROWFLAG_LOST : 0), b->addr, b->size,
	    n, v);
	free(where);
	free(n);
	free(v);
}

static void
add_heap(struct view_value_ctx *c, size_t step, struct view_table *out)
{
	const struct model_heap *h = &c->state->byaddr;
	const struct model_block *b, *above = NULL;
	size_t shown = 0;

	for (b = model_heap_last(h); b != NULL; b = model_heap_prev(h, b)) {
		if (c->limit != 0 && shown++ == c->limit) {
			add_more(out, c->state->nlive - c->limit, "blocks below");
			break;
		}
		if (above != NULL)
			add_gap(out, b->addr + b->size, above->addr);
		add_block(c, b, step, out);
		above = b;
	}
}

static void
add_var(struct view_value_ctx *c, const struct model_var *v, size_t step,
    enum view_row_kind kind, struct view_table *out)
{
	struct strbuf value = { 0 };
	char *text;

	c->dangling = false;
	view_value_var(c, v, &value);
	text = strbuf_take(&value);
	add_row(out, kind, step_flags(v->step_added, v->step_changed, step,
	    c->dangling), v->addr, v->avail == MODEL_KNOWN ? v->size : 0,
	    v->name, text);
	free(text);
}

/* Variables [first, end) of a frame spanning [lo, hi), highest first. */
static void
add_frame_vars(struct view_value_ctx *c, const struct model_thread *t,
    size_t first, size_t end, uint64_t lo, uint64_t hi, size_t step,
    struct view_table *out)
{
	uint64_t cursor = hi, below = hi;
	size_t done, i;

	for (done = first; done < end; done++) {
		const struct model_var *best = NULL;

		/* the highest variable still below the cursor */
		for (i = first; i < end; i++) {
			const struct model_var *v = &t->vars[i];

			if (v->addr < below && (best == NULL || v->addr > best->addr) &&
			    v->avail == MODEL_KNOWN && model_var_in_real(c->state, v))
				best = v;
		}
		if (best == NULL)
			break;
		if (hi != 0 && best->addr + best->size <= cursor &&
		    best->addr >= lo)
			add_gap(out, best->addr + best->size, cursor);
		add_var(c, best, step, ROWKIND_STACK, out);
		out->rows[out->nrows - 1].fn = 0;
		cursor = best->addr < cursor ? best->addr : cursor;
		below = best->addr;
	}
	if (hi != 0 && cursor > lo)
		add_gap(out, lo, cursor);
	for (i = first; i < end; i++)	/* those with no place, last */
		if (t->vars[i].avail != MODEL_KNOWN &&
		    model_var_in_real(c->state, &t->vars[i]))
			add_var(c, &t->vars[i], step, ROWKIND_STACK, out);
}

static void
add_frame(struct view_value_ctx *c, const struct model_thread *t, size_t f,
    size_t step, struct view_table *out)
{
	const struct model_frame *fr = &t->frames[f];
	uint64_t hi = fr->hi;
	size_t end = f + 1 < t->nframes ? t->frames[f + 1].first_var : t->nvars;
	char *fn = view_function_name(c->trace, fr->fn);
	struct strbuf name = { 0 }, range = { 0 };
	char *n, *r;

	if (hi == 0 && f > 0)
		hi = t->frames[f - 1].lo;
	strbuf_addf(&name, "%s()", fn);
	if (hi != 0)
		strbuf_addf(&range, "frame 0x%llx-0x%llx",
		    (unsigned long long)fr->lo, (unsigned long long)hi);
	n = strbuf_take(&name);
	r = strbuf_take(&range);
	add_row(out, ROWKIND_FRAME, fr->step_pushed == step ? ROWFLAG_NEW : 0, fr->lo,
	    hi > fr->lo ? hi - fr->lo : 0, n, r);
	out->rows[out->nrows - 1].fn = fr->fn;
	out->rows[out->nrows - 1].frame = (uint32_t)f;
	add_frame_vars(c, t, fr->first_var, end, fr->lo, hi, step, out);
	free(fn);
	free(n);
	free(r);
}

static void
add_thread(struct view_value_ctx *c, const struct model_thread *t,
    bool label, size_t step, struct view_table *out)
{
	struct strbuf name = { 0 };
	const char *cells[4] = { NULL, NULL, NULL, NULL };
	size_t f;
	char *n;

	if (label) {
		strbuf_addf(&name, "thread %u", t->tid);
		n = strbuf_take(&name);
		cells[2] = n;
		view_table_add(out, ROWKIND_THREAD, 0, cells);
		free(n);
	}
	if (t->nframes == 0)
		add_frame_vars(c, t, 0, t->nvars, 0, 0, step, out);
	f = 0;
	if (c->limit != 0 && t->nframes > c->limit) {
		f = t->nframes - c->limit;	/* the innermost frames */
		add_more(out, f, "outer frames above");
	}
	for (; f < t->nframes; f++)
		add_frame(c, t, f, step, out);
}

void
view_real_render(struct model_trace *tr, size_t i,
    const struct view_opts *o, struct view_table *out)
{
	const struct model_state *s = model_trace_seek(tr, i);
	const char *const sep[] = { "...", "...", "...", "..." };
	struct view_value_ctx c = { 0 };
	size_t t, g;

	view_table_init(out, 4, real_headers);
	if (s == NULL)
		return;
	c.trace = tr;
	c.state = s;
	c.tid = model_trace_step_tid(tr, i);
	c.arrow = o->ascii ? "->" : "→";
	c.limit = o->limit;
	c.block_types = view_value_block_types(s);
	add_heap(&c, i, out);
	if (s->nlive > 0)
		view_table_add(out, ROWKIND_SEPARATOR, 0, sep);
	for (t = 0; t < s->nthreads; t++)
		if (s->threads[t].nframes > 0 || s->threads[t].nvars > 0)
			add_thread(&c, &s->threads[t], s->nthreads > 1, i, out);
	if (s->nglobals > 0)
		view_table_add(out, ROWKIND_SEPARATOR, 0, sep);
	for (g = s->nglobals; g-- > 0;)
		if (model_var_in_real(s, &s->globals[g]))
			add_var(&c, &s->globals[g], i, ROWKIND_GLOBAL, out);
	free(c.block_types);
	view_slots_free(&c.slots);
}
