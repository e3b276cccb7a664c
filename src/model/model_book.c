/*
 * model_book.c — the book view: the seed's Address | Name | Value tables.
 *
 * Heap rows come first, from (2^30) - 1 down to the lowest live block, with
 * holes where freed blocks sat; then a "..." row; then the stack of the
 * step's thread, highest slot first.  Globals, which the seed does not
 * draw, follow in a region of their own, numbered s0, s1, ...
 */
#include "config.h"

#include <stdlib.h>

#include "model/model_value.h"
#include "model/model_view.h"

static const char *const book_headers[] = { "Address", "Name", "Value" };

static unsigned
var_flags(const struct model_var *v, size_t step, bool dangling)
{
	unsigned flags = 0;

	if (v->step_added == step)
		flags |= ROW_NEW;
	else if (v->step_changed == step)
		flags |= ROW_CHANGED;
	if (dangling)
		flags |= ROW_DANGLING;
	return flags;
}

static void
add_heap_rows(struct model_value_ctx *c, size_t step, struct model_table *out)
{
	const struct model_state *s = c->state;
	struct strbuf addr = { 0 }, value = { 0 };
	size_t k;

	for (k = 1; k <= s->nslots; k++) {
		const struct model_block *b = s->slots[k - 1];
		const char *cells[3];
		unsigned flags = 0;
		char *a, *v;

		model_heap_slot_text((uint32_t)k, &addr);
		a = strbuf_take(&addr);
		if (b == NULL) {
			cells[0] = a;
			cells[1] = cells[2] = NULL;
			model_table_add(out, ROW_HOLE, 0, cells);
			free(a);
			continue;
		}
		c->dangling = false;
		model_value_block(c, b, &value);
		v = strbuf_take(&value);
		if (b->step_added == step)
			flags |= ROW_NEW;
		else if (b->step_changed == step)
			flags |= ROW_CHANGED;
		if (c->dangling)
			flags |= ROW_DANGLING;
		cells[0] = a;
		cells[1] = NULL;
		cells[2] = v;
		model_table_add(out, ROW_HEAP, flags, cells);
		free(a);
		free(v);
	}
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

static void
add_var_rows(struct model_value_ctx *c, const struct model_var *vars,
    size_t n, const struct model_thread *t, enum model_row_kind kind,
    size_t step, struct model_table *out)
{
	struct strbuf addr = { 0 }, value = { 0 };
	size_t i;

	for (i = n; i-- > 0;) {
		const struct model_var *v = &vars[i];
		const char *cells[3];
		struct model_row *row;
		char *a, *val;

		strbuf_addf(&addr, kind == ROW_GLOBAL ? "s%u" : "%u", v->slot);
		a = strbuf_take(&addr);
		c->dangling = false;
		model_value_format(c, v->type, v->value, v->nvalue, &value);
		val = strbuf_take(&value);
		cells[0] = a;
		cells[1] = v->name;
		cells[2] = val;
		row = model_table_add(out, kind, var_flags(v, step, c->dangling),
		    cells);
		if (t != NULL && t->nframes > 0) {
			row->frame = frame_of(t, i);
			row->fn = t->frames[row->frame].fn;
		}
		free(a);
		free(val);
	}
}

void
model_book_render(struct model_trace *tr, size_t i,
    const struct model_view_opts *o, struct model_table *out)
{
	const struct model_state *s = model_trace_seek(tr, i);
	struct model_value_ctx c = { 0 };
	const struct model_thread *t;
	const char *const sep[] = { "...", "...", "..." };

	model_table_init(out, 3, book_headers);
	if (s == NULL)
		return;
	c.trace = tr;
	c.state = s;
	c.tid = model_trace_step_tid(tr, i);
	c.book = true;
	c.arrow = o->ascii ? "->" : "→";
	c.block_types = model_value_block_types(s);
	add_heap_rows(&c, i, out);
	t = model_state_thread(s, c.tid);
	if (s->nslots > 0)
		model_table_add(out, ROW_SEPARATOR, 0, sep);
	if (t != NULL)
		add_var_rows(&c, t->vars, t->nvars, t, ROW_STACK, i, out);
	if (s->nglobals > 0) {
		model_table_add(out, ROW_SEPARATOR, 0, sep);
		add_var_rows(&c, s->globals, s->nglobals, NULL, ROW_GLOBAL, i, out);
	}
	free(c.block_types);
}
