/*
 * model_lines.c — line steps, and the variables the debug information
 * describes: every parameter and local of a frame, the program's globals.
 *
 * The runtime sends bytes, never variables (rt_lines.c): a thread's stack
 * as it changed between its line steps, the program's data once and then
 * as it changed.  They are kept here as images (struct model_image).  At
 * a line step the innermost frame's variables are asked of the resolver
 * for the step's pc and the frame's canonical frame address (its high
 * end), and become model_vars, read from the images; after that, changed
 * bytes reach them like SH_VAR's do.  Outer frames keep the variables they
 * had at their last line, which is the line of the call.
 *
 * The book view shows a local from the step where its declaration has
 * run: its line is below the highest line the frame reached (parameters
 * from the start).  A frame's DWARF variables follow its registered ones
 * in declaration order, parameters first, so the book numbers its slots
 * in that order (view_slots.c); the real view shows every one.
 *
 * A local's bytes that still hold its compiler's fill pattern are shown
 * as uninitialized (view_value.c), and so is all of a local whose
 * declaration has not run: the pattern is stored by the declaration.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/model_state.h"
#include "util/util_alloc.h"

#define IMAGE_MAX (16u << 20)	/* bytes of one image */

/* --- images -------------------------------------------------------------- */

/* Makes img hold [lo, hi) too, zero where nothing was sent; false if too big. */
static bool
image_cover(struct model_image *img, uint64_t lo, uint64_t hi)
{
	uint64_t nlo, nhi;
	uint8_t *bytes;

	if (img->bytes != NULL && lo >= img->lo && hi <= img->hi)
		return true;
	nlo = img->bytes != NULL && img->lo < lo ? img->lo : lo;
	nhi = img->bytes != NULL && img->hi > hi ? img->hi : hi;
	if (nhi < nlo || nhi - nlo > IMAGE_MAX)
		return false;
	bytes = xcalloc(1, (size_t)(nhi - nlo));
	if (img->bytes != NULL)
		memcpy(bytes + (img->lo - nlo), img->bytes,
		    (size_t)(img->hi - img->lo));
	free(img->bytes);
	img->bytes = bytes;
	img->lo = nlo;
	img->hi = nhi;
	return true;
}

void
model_image_put(struct model_image *img, uint64_t addr, const uint8_t *p,
    size_t n)
{
	if (n == 0 || addr + n < addr || !image_cover(img, addr, addr + n))
		return;
	memcpy(img->bytes + (addr - img->lo), p, n);
}

/* Where already covered only: MEM records for heap or other memory pass. */
void
model_image_update(struct model_image *img, uint64_t addr, const uint8_t *p,
    size_t n)
{
	uint64_t lo, hi;

	if (img->bytes == NULL)
		return;
	lo = addr > img->lo ? addr : img->lo;
	hi = addr + n < img->hi ? addr + n : img->hi;
	if (lo < hi)
		memcpy(img->bytes + (lo - img->lo), p + (lo - addr),
		    (size_t)(hi - lo));
}

const uint8_t *
model_image_at(const struct model_image *img, uint64_t addr, size_t n)
{
	if (img->bytes == NULL || addr < img->lo || addr + n > img->hi ||
	    addr + n < addr)
		return NULL;
	return img->bytes + (addr - img->lo);
}

void
model_image_copy(struct model_image *to, const struct model_image *from)
{
	*to = *from;
	to->bytes = xmemdup(from->bytes, (size_t)(from->hi - from->lo));
}

void
model_image_free(struct model_image *img)
{
	free(img->bytes);
	img->bytes = NULL;
	img->lo = img->hi = 0;
}

/* --- variables from the debug information ------------------------------------ */

static size_t
value_size(const struct model_local *l)
{
	return l->size < SH_WIRE_MAX_MEM ? (size_t)l->size : SH_WIRE_MAX_MEM;
}

/* A new variable for l, its bytes from the thread's stack or the data. */
static void
make_var(struct model_var *v, const struct model_state *s,
    const struct model_thread *t, const struct model_local *l)
{
	const uint8_t *p = NULL;
	size_t n = value_size(l);

	memset(v, 0, sizeof *v);
	v->name = l->name;
	v->type = l->type;
	v->addr = l->addr;
	v->size = l->size;
	v->dwarf = true;
	v->decl_line = l->decl_line;
	v->avail = l->avail;
	v->init = l->init;
	v->step_added = v->step_changed = s->nsteps;
	if (l->avail == MODEL_KNOWN && t != NULL)
		p = model_image_at(&t->stack, l->addr, n);
	if (l->avail == MODEL_KNOWN && p == NULL)
		p = model_image_at(&s->statics, l->addr, n);
	if (l->avail == MODEL_KNOWN && p == NULL)
		v->avail = MODEL_UNAVAILABLE;
	if (v->avail == MODEL_KNOWN) {
		v->value = xmemdup(p, n);
		v->nvalue = n;
	}
}

static bool
same_var(const struct model_var *v, const struct model_local *l)
{
	return v->dwarf && v->name == l->name && v->addr == l->addr &&
	    v->type == l->type && v->avail == l->avail;
}

/* The frame's DWARF variable for l, taken out of old (NULL'd), or NULL. */
static struct model_var *
take_old(struct model_var *old, size_t nold, const struct model_local *l)
{
	size_t i;

	for (i = 0; i < nold; i++)
		if (old[i].name != NULL && same_var(&old[i], l))
			return &old[i];
	return NULL;
}

static bool
declared(const struct model_frame *f, const struct model_local *l)
{
	return l->param || l->decl_line == 0 || l->decl_line < f->max_line;
}

/*
 * The innermost frame's variables become what the debug information says
 * at its pc: registered ones stay first, as they were; DWARF ones follow
 * in declaration order, kept (with their history) when the same, made
 * when new, dropped when out of scope.
 */
static void
sync_frame(struct model_state *s, struct model_thread *t,
    struct model_frame *f, const struct model_local *l, size_t n)
{
	size_t first = f->first_var, nold = t->nvars - first, i, kept = 0;
	struct model_var *old = nold == 0 ? NULL : (struct model_var *)xmemdup(
	    (const uint8_t *)(t->vars + first), nold * sizeof *old);

	t->nvars = first;
	for (i = 0; i < nold; i++)
		if (!old[i].dwarf) {
			t->vars[t->nvars++] = old[i];
			old[i].name = NULL;
			kept++;
		}
	for (i = 0; i < n; i++) {
		struct model_var *v, *was = take_old(old, nold, &l[i]);

		t->vars = xgrow(t->vars, &t->capvars, t->nvars, sizeof *t->vars);
		v = &t->vars[t->nvars++];
		if (was != NULL) {
			*v = *was;
			was->name = NULL;
			kept++;
		} else {
			make_var(v, s, t, &l[i]);
		}
		if (declared(f, &l[i]) && !v->declared) {
			v->declared = true;
			v->step_added = s->nsteps;
		}
	}
	for (i = 0; i < nold; i++)
		if (old[i].name != NULL)
			free(old[i].value);
	s->nvars_all += t->nvars - first;
	s->nvars_all -= nold;
	free(old);
}

/*
 * The runtime looks at the stack from sp up to the outermost frame's end,
 * and sends only bytes that are not what the viewer has, zeros at first:
 * the image covers that whole range, so that a variable still all zeros
 * reads as zeros, not as unavailable.
 */
static void
cover_stack(struct model_thread *t)
{
	uint64_t top = 0;
	size_t f;

	for (f = 0; f < t->nframes && top == 0; f++)
		top = t->frames[f].hi;
	if (top > t->line_sp && top - t->line_sp > SH_WIRE_STACK_SEEN)
		top = t->line_sp + SH_WIRE_STACK_SEEN;	/* what the runtime saw */
	if (top > t->line_sp)
		image_cover(&t->stack, t->line_sp, top);
}

static void
take_run(struct model_state *s, struct model_thread *t, uint64_t addr,
    const uint8_t *bytes, size_t len)
{
	model_image_put(&t->stack, addr, bytes, len);
	model_vars_take_mem(t->vars, t->nvars, s->nsteps, addr, bytes, len);
}

/*
 * A cached line step's one run, if it has one: at its slot's place, or
 * at an offset that becomes the slot's place (stackheap-wire.h).
 */
static void
take_cached_run(struct model_state *s, struct model_thread *t, uint64_t sp,
    const struct wire_event *ev)
{
	unsigned slot = (unsigned)(ev->u[W_LINE_CACHED] - 1) %
	    SH_WIRE_LINE_SLOTS;

	if (ev->nbytes == 0)
		return;
	if (ev->u[W_LINE_PLACED] == 0)
		t->line_place[slot] = (uint32_t)ev->u[W_LINE_RUN];
	take_run(s, t, sp + t->line_place[slot], ev->bytes, ev->nbytes);
}

/*
 * Applies the record's runs of stack bytes, from sp up: a cached line
 * step's one run, or a full record's runs.
 */
static void
take_runs(struct model_state *s, struct model_thread *t, uint64_t sp,
    const struct wire_event *ev)
{
	const uint8_t *bytes;
	uint64_t addr = sp, offset;
	size_t at = 0, len;

	if (ev->u[W_LINE_CACHED] != 0) {
		take_cached_run(s, t, sp, ev);
		return;
	}
	while (at < ev->nbytes &&
	    sh_wire_next_run(ev->bytes, ev->nbytes, &at, &offset, &bytes, &len)) {
		addr += offset;
		take_run(s, t, addr, bytes, len);
		addr += len;
	}
}

/*
 * Whether a line at pc belongs to the innermost frame: in its function,
 * or in the function it was inlined into (a frame at its caller's low).
 * A line step the frame hooks have not caught up with is not given a
 * frame it does not belong to.
 */
static bool
in_frame(const struct model_thread *t, const struct model_resolver *r,
    uint64_t pc)
{
	const struct model_frame *f = &t->frames[t->nframes - 1];

	if (r->function_start == NULL ||
	    r->function_start(r->arg, pc - 1) == f->fn)
		return true;
	return t->nframes > 1 && f->lo == t->frames[t->nframes - 2].lo;
}

/* An unsigned word of n bytes of the thread's stack at addr. */
static bool
read_word(const struct model_thread *t, uint64_t addr, size_t n, uint64_t *v)
{
	const uint8_t *p = model_image_at(&t->stack, addr, n);
	size_t i;

	if (p == NULL || n > 8)
		return false;
	for (*v = 0, i = 0; i < n; i++)
		*v |= (uint64_t)p[i] << (8 * i);
	return true;
}

/*
 * A variable-length array's address and type, from the frame's bytes as
 * this line step left them: before its declaration runs they are
 * leftovers, so a shape that could not be in the image is unavailable.
 */
static void
place_vla(const struct model_thread *t, const struct model_resolver *r,
    struct model_local *l)
{
	const struct model_vla *vla = l->vla;
	const struct model_type *type = vla->elem;
	uint64_t count[MODEL_VLA_DIMS], addr;
	unsigned i;

	l->avail = MODEL_UNAVAILABLE;
	if (r->array_of == NULL || !read_word(t, l->cfa + (uint64_t)vla->addr_at,
	    8, &addr))
		return;
	for (i = 0; i < vla->ndims; i++) {
		const struct model_vla_dim *d = &vla->dim[i];

		count[i] = d->count;
		if (d->size != 0 && !read_word(t, l->cfa + (uint64_t)d->at,
		    d->size, &count[i]))
			return;
		if (d->size != 0 && d->upper)
			count[i]++;
	}
	for (i = vla->ndims; i-- > 0;) {
		if (type->size == 0 || count[i] > IMAGE_MAX / type->size)
			return;
		type = r->array_of(r->arg, type, (size_t)count[i]);
	}
	l->type = type;
	l->addr = addr;
	l->size = type->size;
	l->avail = MODEL_KNOWN;
}

/* The frame's variables, with any VLA placed: a copy the caller frees. */
static struct model_local *
place_vlas(const struct model_thread *t, const struct model_resolver *r,
    const struct model_local *l, size_t n)
{
	struct model_local *placed;
	size_t i;

	for (i = 0; i < n && l[i].vla == NULL; i++)
		continue;
	if (i == n)
		return NULL;
	placed = (struct model_local *)xmemdup((const uint8_t *)l, n * sizeof *l);
	for (i = 0; i < n; i++)
		if (placed[i].vla != NULL && placed[i].avail == MODEL_KNOWN)
			place_vla(t, r, &placed[i]);
	return placed;
}

uint64_t
model_line_pc(const struct model_thread *t, const struct wire_event *ev)
{
	if (ev->u[W_LINE_CACHED] != 0)
		return t->line_cache[(ev->u[W_LINE_CACHED] - 1) %
		    SH_WIRE_LINE_SLOTS];
	return t->line_pc + ev->u[W_LINE_PC];
}

void
model_lines_apply(struct model_state *s, struct model_thread *t,
    const struct wire_event *ev, const struct model_resolver *r)
{
	struct model_frame *f;
	const struct model_local *l = NULL;
	struct model_local *placed = NULL;
	size_t n = 0;
	int line;

	t->line_pc = model_line_pc(t, ev);
	t->line_sp += ev->u[W_LINE_SP];
	if (ev->u[W_LINE_CACHED] == 0 && ev->u[W_LINE_SLOT] - 1 <
	    SH_WIRE_LINE_SLOTS) {
		t->line_cache[ev->u[W_LINE_SLOT] - 1] = t->line_pc;
		t->line_place[ev->u[W_LINE_SLOT] - 1] = 0;
	}
	cover_stack(t);
	take_runs(s, t, t->line_sp, ev);
	if (t->nframes == 0)
		return;
	f = &t->frames[t->nframes - 1];
	if (!in_frame(t, r, t->line_pc))
		return;
	s->done_pc = f->pc;
	f->pc = t->line_pc;
	line = r->line != NULL ? r->line(r->arg, t->line_pc - 1) : 0;
	if (line > 0 && (uint32_t)line > f->max_line)
		f->max_line = (uint32_t)line;
	if (r->frame_vars != NULL && f->hi != 0)
		n = r->frame_vars(r->arg, t->line_pc - 1, f->hi, &l);
	if (n > 0 && (placed = place_vlas(t, r, l, n)) != NULL)
		l = placed;
	sync_frame(s, t, f, l, n);
	free(placed);
}

/* --- the program's data ------------------------------------------------------ */

static bool
has_global_at(const struct model_state *s, uint64_t addr)
{
	size_t i;

	for (i = 0; i < s->nglobals; i++)
		if (s->globals[i].dwarf && s->globals[i].addr == addr)
			return true;
	return false;
}

static struct model_var *
add_global(struct model_state *s, const struct model_local *l)
{
	struct model_var *v;

	s->globals = xgrow(s->globals, &s->capglobals, s->nglobals,
	    sizeof *s->globals);
	v = &s->globals[s->nglobals++];
	make_var(v, s, NULL, l);
	v->declared = true;
	return v;
}

/*
 * A const global's value is what the program's file holds: the runtime
 * sends only writable data, and nothing can change these bytes.
 */
static void
read_const_value(struct model_var *v, const struct model_local *l,
    const struct model_resolver *r)
{
	size_t n = value_size(l);
	uint8_t *bytes;

	if (v->avail != MODEL_UNAVAILABLE || l->avail != MODEL_KNOWN || n == 0)
		return;
	bytes = xcalloc(1, n);
	if (r->read_only(r->arg, l->addr, bytes, n) != n) {
		free(bytes);
		return;
	}
	v->value = bytes;
	v->nvalue = n;
	v->avail = MODEL_KNOWN;
}

/* The program's const globals, in its read-only segments, after the rest. */
static void
add_const_globals(struct model_state *s, uint64_t near,
    const struct model_resolver *r)
{
	uint64_t lo[8], hi[8];
	const struct model_local *l = NULL;
	size_t nranges, k, n, i;

	if (r->read_only_ranges == NULL || r->read_only == NULL ||
	    r->statics == NULL)
		return;
	nranges = r->read_only_ranges(r->arg, near, lo, hi, 8);
	for (k = 0; k < nranges; k++) {
		n = r->statics(r->arg, lo[k], hi[k], &l);
		for (i = 0; i < n; i++)
			if (!has_global_at(s, l[i].addr))
				read_const_value(add_global(s, &l[i]), &l[i], r);
	}
}

void
model_statics_apply(struct model_state *s, const struct wire_event *ev,
    const struct model_resolver *r)
{
	uint64_t lo = ev->u[W_STATICS_ADDR], hi = lo + ev->nbytes;
	const struct model_local *l = NULL;
	bool first = s->statics.bytes == NULL;
	size_t n = 0, i;

	model_image_put(&s->statics, lo, ev->bytes, ev->nbytes);
	model_vars_take_mem(s->globals, s->nglobals, s->nsteps, lo, ev->bytes,
	    ev->nbytes);
	if (r->statics != NULL && hi > lo)
		n = r->statics(r->arg, lo, hi, &l);
	for (i = 0; i < n; i++)
		if (!has_global_at(s, l[i].addr))
			add_global(s, &l[i]);
	if (first && hi > lo)
		add_const_globals(s, lo, r);
}
