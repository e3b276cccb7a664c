/*
 * model_state.c — applies stream records to the state of memory.
 *
 * Variables are kept in order, a thread's frame by frame (model_var); the
 * book view numbers their slots when it draws them.  Heap slots follow
 * the seed's model here: each heap block takes the lowest free heap slot
 * k (address (2^30) - k, the highest free address); a freed block's slot
 * stays as a hole while a block with a larger k lives, and a new block
 * fills the lowest hole first.  A block a library allocated for itself
 * takes no slot (k = 0).
 *
 * Records that arrive out of the expected order (a pop with no matching
 * push, a free of an unknown block, an allocation at an address still
 * live) are absorbed without complaint: the runtime may have missed an
 * event, and the picture must still be drawn.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_state.h"
#include "util/util_alloc.h"

static void	index_free(struct model_index *);

static bool all_locals;

void
model_state_show_all_locals(bool on)
{
	all_locals = on;
}

bool
model_state_all_locals(void)
{
	return all_locals;
}

/* A number no state has had: the owner of the blocks it makes or copies. */
static uint64_t
new_epoch(void)
{
	static uint64_t last;
	uint64_t e = __atomic_add_fetch(&last, 1, __ATOMIC_RELAXED);

	if (e > MODEL_EPOCH_MAX)
		abort();	/* a block keeps 48 bits of it */
	return e;
}

struct model_state *
model_state_new(void)
{
	struct model_state *s = xcalloc(1, sizeof(struct model_state));

	s->epoch = new_epoch();
	s->pool = model_pool_new();
	model_heap_init(&s->byaddr, s->pool);
	return s;
}

static void
free_vars(struct model_var *vars, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(vars[i].value);
	free(vars);
}

void
model_state_free(struct model_state *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nthreads; i++) {
		free(s->threads[i].frames);
		free_vars(s->threads[i].vars, s->threads[i].nvars);
		model_image_free(&s->threads[i].stack);
	}
	free(s->threads);
	index_free(&s->by_tid);
	index_free(&s->by_global);
	for (i = 0; i < s->nlive; i++) {
		if (model_block_epoch(model_state_live(s, i)) != s->epoch)
			continue;	/* another state's */
		model_pool_put(s->pool, s->live[i]);
	}
	free(s->live);
	free(s->lost_watch);
	model_pool_unref(s->pool);
	model_heap_free(&s->byaddr);
	free(s->free_k);
	free(s->slots);
	free(s->freed);
	free_vars(s->globals, s->nglobals);
	model_image_free(&s->statics);
	free(s);
}

static struct model_var *
copy_vars(const struct model_var *vars, size_t n, size_t *cap)
{
	struct model_var *out = xrealloc(NULL, (n ? n : 1) * sizeof *out);
	size_t i;

	if (n > 0)
		memcpy(out, vars, n * sizeof *out);
	for (i = 0; i < n; i++)
		out[i].value = xmemdup(vars[i].value, vars[i].nvalue);
	*cap = n ? n : 1;
	return out;
}

static void
copy_threads(struct model_state *c, const struct model_state *s)
{
	size_t i;

	c->threads = xrealloc(NULL, (s->nthreads ? s->nthreads : 1) *
	    sizeof *c->threads);
	c->capthreads = s->nthreads ? s->nthreads : 1;
	for (i = 0; i < s->nthreads; i++) {
		const struct model_thread *from = &s->threads[i];
		struct model_thread *to = &c->threads[i];

		*to = *from;
		to->frames = xrealloc(NULL, (from->nframes ? from->nframes : 1) *
		    sizeof *to->frames);
		if (from->nframes > 0)
			memcpy(to->frames, from->frames,
			    from->nframes * sizeof *to->frames);
		to->capframes = from->nframes ? from->nframes : 1;
		to->vars = copy_vars(from->vars, from->nvars, &to->capvars);
		model_image_copy(&to->stack, &from->stack);
	}
}

static void *
copy_array(const void *from, size_t n, size_t elem, size_t *cap)
{
	*cap = n ? n : 1;
	return n ? memcpy(xrealloc(NULL, n * elem), from, n * elem) :
	    xrealloc(NULL, elem);
}

/* The arrays that index the live blocks, not the blocks (shared). */
static void
share_heap(struct model_state *c, const struct model_state *s)
{
	size_t cap;

	c->live = copy_array(s->live, s->nlive, sizeof *s->live, &c->caplive);
	c->lost_watch = copy_array(s->lost_watch, (s->nlive + 63) / 64,
	    sizeof *s->lost_watch, &c->caplost_watch);
	c->slots = copy_array(s->slots, s->nslots, sizeof *s->slots,
	    &c->capslots);
	model_heap_copy(&c->byaddr, &s->byaddr);
	c->free_k = copy_array(s->free_k, s->nfree_k, sizeof *s->free_k,
	    &c->capfree_k);
	if (s->freed != NULL)
		c->freed = copy_array(s->freed, MODEL_FREED_KEPT,
		    sizeof *s->freed, &cap);
}

static struct model_state *
copy_sharing_blocks(const struct model_state *s)
{
	struct model_state *c = xrealloc(NULL, sizeof *c);

	*c = *s;
	/* the copy builds its own indexes when it adds to them */
	memset(&c->by_tid, 0, sizeof c->by_tid);
	memset(&c->by_global, 0, sizeof c->by_global);
	model_pool_ref(c->pool);	/* blocks pass between states: one pool */
	copy_threads(c, s);
	share_heap(c, s);
	c->globals = copy_vars(s->globals, s->nglobals, &c->capglobals);
	model_image_copy(&c->statics, &s->statics);
	return c;
}

struct model_state *
model_state_copy(const struct model_state *s)
{
	struct model_state *c = copy_sharing_blocks(s);

	c->epoch = new_epoch();
	return c;
}

struct model_state *
model_state_share(struct model_state *s)
{
	struct model_state *c = copy_sharing_blocks(s);

	s->epoch = new_epoch();	/* c owns what s owned */
	return c;
}

/* c, a copy of b's record, gets a copy of b's extra. */
static void
copy_extra(struct model_block_pool *p, struct model_block *c,
    const struct model_block *b)
{
	struct model_block_extra from, *to;

	c->extra = 0;
	if (!b->extra)
		return;
	from = *model_pool_extra(p, b);
	to = model_pool_extra_add(p, c);	/* may move what from was in */
	*to = from;
	to->content = xmemdup(from.content, from.ncontent);
}

struct model_block *
model_state_own_block(struct model_state *s, struct model_block *b)
{
	uint32_t n;
	struct model_block *c;

	if (model_block_epoch(b) == s->epoch)
		return b;
	n = model_pool_get(s->pool);
	c = model_pool_block(s->pool, n);
	*c = *b;
	copy_extra(s->pool, c, b);
	model_block_set_epoch(c, s->epoch);
	model_heap_replace(&s->byaddr, s->live[c->dense], n);
	s->live[c->dense] = n;
	if (c->k != 0)
		s->slots[c->k - 1] = n;
	return c;
}

size_t
model_state_size(const struct model_state *s)
{
	size_t n = sizeof *s + s->nlive * (sizeof(struct model_block) +
	    sizeof *s->live) + s->nglobals * sizeof *s->globals +
	    (s->freed != NULL ? MODEL_FREED_KEPT * sizeof *s->freed : 0), i;

	n += s->statics.hi - s->statics.lo;
	for (i = 0; i < s->nthreads; i++)
		n += sizeof s->threads[i] + s->threads[i].nframes *
		    sizeof *s->threads[i].frames + s->threads[i].nvars *
		    sizeof *s->threads[i].vars +
		    (s->threads[i].stack.hi - s->threads[i].stack.lo);
	return n;
}

bool
model_record_is_step(unsigned type)
{
	switch (type) {
	case SH_REC_PUSH:
	case SH_REC_POP:
	case SH_REC_ALLOC:
	case SH_REC_FREE:
	case SH_REC_REALLOC:
	case SH_REC_VAR:
	case SH_REC_GLOBAL:
	case SH_REC_STEP:
	case SH_REC_CRASH:
	case SH_REC_LINE:
		return true;
	default:
		return false;
	}
}

/* --- lookups ---------------------------------------------------------------- */

/*
 * Threads are found by tid, registered globals by address, through a
 * model_index: a program that started and joined 100k threads has 100k of
 * them here (tids are never reused), and a scan at every new thread, or
 * every new global, made reading its trace quadratic.
 */
typedef uint64_t index_key_fn(const struct model_state *, uint32_t i);

static uint64_t
thread_key(const struct model_state *s, uint32_t i)
{
	return s->threads[i].tid;
}

static uint64_t
global_key(const struct model_state *s, uint32_t i)
{
	return s->globals[i].addr;
}

/* Where key is, or the empty place it would go. */
static size_t
index_probe(const struct model_state *s, const struct model_index *x,
    index_key_fn *key, uint64_t k)
{
	size_t i = (size_t)(k * 0x9e3779b97f4a7c15ull >> 20) & (x->cap - 1);

	while (x->at[i] != 0 && key(s, x->at[i] - 1) != k)
		i = (i + 1) & (x->cap - 1);
	return i;
}

/* Element i of the array is in the index (which grows as needed). */
static void
index_add(const struct model_state *s, struct model_index *x,
    index_key_fn *key, uint32_t i)
{
	if ((x->n + 1) * 2 > x->cap) {
		uint32_t *old = x->at;
		size_t oldcap = x->cap, j;

		x->cap = x->cap ? x->cap * 2 : 64;
		x->at = xcalloc(x->cap, sizeof *x->at);
		for (j = 0; j < oldcap; j++)
			if (old[j] != 0)
				x->at[index_probe(s, x, key, key(s, old[j] - 1))] =
				    old[j];
		free(old);
	}
	x->at[index_probe(s, x, key, key(s, i))] = i + 1;
	x->n++;
}

/* The element of the array with that key, or -1. */
static long
index_find(const struct model_state *s, const struct model_index *x,
    index_key_fn *key, uint64_t k)
{
	size_t i;

	if (x->cap == 0)
		return -1;
	i = index_probe(s, x, key, k);
	return x->at[i] != 0 ? (long)x->at[i] - 1 : -1;
}

/* A copy's index, built from its array the first time it adds to it. */
static void
index_build(const struct model_state *s, struct model_index *x,
    index_key_fn *key, size_t n, bool (*wanted)(const struct model_state *,
    size_t))
{
	size_t i;

	if (x->cap != 0)
		return;
	for (i = 0; i < n; i++)
		if (wanted == NULL || wanted(s, i))
			index_add(s, x, key, (uint32_t)i);
}

static void
index_free(struct model_index *x)
{
	free(x->at);
	memset(x, 0, sizeof *x);
}

struct model_thread *
model_state_thread(const struct model_state *s, uint32_t tid)
{
	size_t i;
	long at;

	if (s->by_tid.cap != 0) {
		at = index_find(s, &s->by_tid, thread_key, tid);
		return at >= 0 ? &s->threads[at] : NULL;
	}
	for (i = 0; i < s->nthreads; i++)	/* a copy, before its index */
		if (s->threads[i].tid == tid)
			return &s->threads[i];
	return NULL;
}

/* Every record looks its thread up: the last one found is tried first. */
static struct model_thread *
thread_or_new(struct model_state *s, uint32_t tid)
{
	struct model_thread *t;

	if (s->cur < s->nthreads && s->threads[s->cur].tid == tid)
		return &s->threads[s->cur];
	if ((t = model_state_thread(s, tid)) != NULL) {
		s->cur = (size_t)(t - s->threads);
		return t;
	}
	s->threads = xgrow(s->threads, &s->capthreads, s->nthreads,
	    sizeof *s->threads);
	s->cur = s->nthreads;
	t = &s->threads[s->nthreads++];
	memset(t, 0, sizeof *t);
	t->tid = tid;
	index_build(s, &s->by_tid, thread_key, s->nthreads - 1, NULL);
	index_add(s, &s->by_tid, thread_key, (uint32_t)s->nthreads - 1);
	return t;
}

const uint8_t *
model_block_content(const struct model_state *s, const struct model_block *b,
    size_t *n)
{
	const struct model_block_extra *e = model_pool_extra(s->pool, b);

	*n = e != NULL && e->content != NULL ? e->ncontent : 0;
	return e != NULL ? e->content : NULL;
}

uint64_t
model_block_lost_at(const struct model_state *s, const struct model_block *b)
{
	const struct model_block_extra *e = model_pool_extra(s->pool, b);

	return e != NULL ? e->lost_at : 0;
}

const struct model_type *
model_block_last_type(const struct model_state *s, const struct model_block *b)
{
	const struct model_block_extra *e = model_pool_extra(s->pool, b);

	return e != NULL ? e->last_type : NULL;
}

const uint64_t *
model_block_site(const struct model_state *s, const struct model_block *b)
{
	return b->nsite > 0 ? model_sites_pcs(s->pool->sites, b->site) : NULL;
}

struct model_block *
model_state_live(const struct model_state *s, size_t i)
{
	return model_pool_block(s->pool, s->live[i]);
}

size_t
model_block_place(const struct model_block *b)
{
	return b->dense;
}

struct model_block *
model_state_slot(const struct model_state *s, uint32_t k)
{
	return s->slots[k - 1] != 0 ? model_pool_block(s->pool, s->slots[k - 1]) :
	    NULL;
}

struct model_block *
model_state_block_at(const struct model_state *s, uint64_t addr)
{
	struct model_block *b = model_heap_floor(&s->byaddr, addr);

	if (b != NULL && (addr == b->addr || addr - b->addr < b->size))
		return b;
	return NULL;
}

const struct model_freed *
model_state_freed_at(const struct model_state *s, uint64_t addr)
{
	size_t kept = s->nfreed < MODEL_FREED_KEPT ? s->nfreed : MODEL_FREED_KEPT;
	size_t i;

	/* newest first: the most recent free of that memory is the one */
	for (i = 0; i < kept; i++) {
		const struct model_freed *b =
		    &s->freed[(s->nfreed - 1 - i) % MODEL_FREED_KEPT];

		if (addr >= b->addr && (addr == b->addr || addr - b->addr < b->size))
			return b;
	}
	return NULL;
}

/*
 * The variable at addr: the innermost-registered one the pictures show,
 * else one they leave out (a DWARF local beside a program's registered
 * ones), so that a pointer to it names it instead of reading as past the
 * end of a shown neighbour.
 */
static const struct model_var *
var_in(const struct model_state *s, const struct model_var *vars, size_t n,
    uint64_t addr)
{
	const struct model_var *hidden = NULL;
	size_t i;

	for (i = n; i-- > 0;) {
		if (addr < vars[i].addr || addr - vars[i].addr >= vars[i].size ||
		    vars[i].avail != MODEL_KNOWN)
			continue;
		if (model_var_in_real(s, &vars[i]))
			return &vars[i];
		if (hidden == NULL)
			hidden = &vars[i];
	}
	return hidden;
}

const struct model_var *
model_state_var_at(const struct model_state *s, uint64_t addr,
    uint32_t prefer_tid, bool *global)
{
	const struct model_thread *t = model_state_thread(s, prefer_tid);
	const struct model_var *v = NULL;
	size_t i;

	*global = false;
	if (t != NULL)
		v = var_in(s, t->vars, t->nvars, addr);
	for (i = 0; v == NULL && i < s->nthreads; i++)
		v = var_in(s, s->threads[i].vars, s->threads[i].nvars, addr);
	if (v == NULL && (v = var_in(s, s->globals, s->nglobals, addr)) != NULL)
		*global = true;
	return v;
}

/* --- frames -------------------------------------------------------------------- */

/* Drops the innermost frame of t, and its variables. */
static void
drop_frame(struct model_state *s, struct model_thread *t)
{
	struct model_frame *f = &t->frames[t->nframes - 1];

	while (t->nvars > f->first_var) {
		free(t->vars[--t->nvars].value);
		s->nvars_all--;
	}
	t->popped_fn = f->fn;
	t->nframes--;
}

static uint64_t
innermost_lo(const struct model_thread *t)
{
	return t->nframes > 0 ? t->frames[t->nframes - 1].lo : 0;
}

static void
add_frame(struct model_state *s, struct model_thread *t, uint64_t fn,
    uint64_t site, uint64_t lo, uint64_t size)
{
	struct model_frame *f;

	t->frames = xgrow(t->frames, &t->capframes, t->nframes, sizeof *t->frames);
	f = &t->frames[t->nframes++];
	f->fn = fn;
	f->site = site;
	f->lo = lo;
	f->hi = size != 0 ? lo + size : 0;
	f->first_var = t->nvars;
	f->step_pushed = s->nsteps;
	f->pc = 0;
	f->max_line = 0;
}

/*
 * A full push holds differences from the thread's previous one, and fills
 * a push cache slot.  A frame can only be pushed below its caller's, or at
 * the same place when the compiler inlined it into its caller (its hooks
 * then run in the caller's frame): frames the new one is above were left
 * without a pop (longjmp), and go.  The runtime applies the same rule, so
 * that its cached pushes mean the same frame here.
 */
static void
push_frame(struct model_state *s, const struct wire_push *push)
{
	struct model_thread *t = thread_or_new(s, s->tid);

	t->last_fn += (uint64_t)push->diff[0];
	t->last_site += (uint64_t)push->diff[1];
	t->last_lo += (uint64_t)push->diff[2];
	while (t->nframes > 0 && t->frames[t->nframes - 1].lo != 0 &&
	    t->last_lo > t->frames[t->nframes - 1].lo)
		drop_frame(s, t);
	if (push->slot < SH_WIRE_CACHE_SLOTS) {
		struct model_push_slot *c = &t->cache[push->slot];

		c->fn = t->last_fn;
		c->site = t->last_site;
		c->size = push->size;
		c->gap = innermost_lo(t) - t->last_lo;
	}
	add_frame(s, t, t->last_fn, t->last_site, t->last_lo, push->size);
}

/* A cached push: the slot's call again, as far below the innermost frame. */
static void
push_cached(struct model_state *s, unsigned slot)
{
	struct model_thread *t = thread_or_new(s, s->tid);
	const struct model_push_slot *c = &t->cache[slot % SH_WIRE_CACHE_SLOTS];

	add_frame(s, t, c->fn, c->site, innermost_lo(t) - c->gap, c->size);
}

static void
pop_frame(struct model_state *s)
{
	struct model_thread *t = thread_or_new(s, s->tid);

	if (t->nframes > 0) {
		s->done_pc = t->frames[t->nframes - 1].pc;
		drop_frame(s, t);
	}
}

/* --- variables ------------------------------------------------------------------ */

static void
set_value(struct model_var *v, const struct wire_event *ev)
{
	free(v->value);
	v->value = xmemdup(ev->bytes, ev->nbytes);
	v->nvalue = ev->bytes != NULL ? ev->nbytes : 0;
}

static void
fill_var(struct model_var *v, const struct model_state *s,
    const struct wire_event *ev, const struct model_resolver *r, bool global)
{
	v->addr = ev->u[W_VAR_ADDR];
	v->size = ev->u[W_VAR_SIZE];
	v->name = r->intern(r->arg, ev->str, ev->str_len);
	v->type = r->var_type(r->arg, ev->u[W_VAR_PC], v->name,
	    (unsigned)ev->u[W_VAR_CODE], v->size, global);
	v->file = ev->u[W_VAR_FILE];
	v->line = (uint32_t)ev->u[W_VAR_LINE];
	v->pc = ev->u[W_VAR_PC];
	v->step_added = v->step_changed = s->nsteps;
	v->value = NULL;
	v->dwarf = false;
	v->declared = true;
	v->avail = MODEL_KNOWN;
	v->decl_line = 0;
	set_value(v, ev);
}

/* A variable of the current frame already at that address, or NULL. */
static struct model_var *
frame_var_at(struct model_thread *t, uint64_t addr)
{
	size_t first = t->nframes ? t->frames[t->nframes - 1].first_var : 0;
	size_t i;

	for (i = first; i < t->nvars; i++)
		if (t->vars[i].addr == addr && !t->vars[i].dwarf)
			return &t->vars[i];
	return NULL;
}

static void
add_var(struct model_state *s, const struct wire_event *ev,
    const struct model_resolver *r)
{
	struct model_thread *t = thread_or_new(s, s->tid);
	struct model_var *v = frame_var_at(t, ev->u[W_VAR_ADDR]);

	s->registered = true;
	if (v != NULL) {	/* the same storage, reused by another name */
		free(v->value);
	} else {
		t->vars = xgrow(t->vars, &t->capvars, t->nvars, sizeof *t->vars);
		v = &t->vars[t->nvars++];
		s->nvars_all++;
	}
	fill_var(v, s, ev, r, false);
}

static bool
is_registered_global(const struct model_state *s, size_t i)
{
	return !s->globals[i].dwarf;
}

/* A registered global: once per address, in registration order. */
static void
add_global(struct model_state *s, const struct wire_event *ev,
    const struct model_resolver *r)
{
	struct model_var *v;

	s->registered = true;
	index_build(s, &s->by_global, global_key, s->nglobals,
	    is_registered_global);
	if (index_find(s, &s->by_global, global_key, ev->u[W_VAR_ADDR]) >= 0)
		return;
	s->globals = xgrow(s->globals, &s->capglobals, s->nglobals,
	    sizeof *s->globals);
	v = &s->globals[s->nglobals++];
	fill_var(v, s, ev, r, true);
	index_add(s, &s->by_global, global_key, (uint32_t)s->nglobals - 1);
}

/* --- memory contents -------------------------------------------------------------- */

/*
 * Copies the part of [addr, addr + n) that falls in [base, base + size);
 * true if that changed a byte (a run of changed stack bytes may span
 * unchanged neighbours).
 */
static bool
overlay(uint8_t *dst, uint64_t base, size_t size, uint64_t addr,
    const uint8_t *src, size_t n)
{
	uint64_t lo = addr > base ? addr : base;
	uint64_t hi_src = addr + n, hi_dst = base + size;
	uint64_t hi = hi_src < hi_dst ? hi_src : hi_dst;

	if (lo >= hi || memcmp(dst + (lo - base), src + (lo - addr),
	    (size_t)(hi - lo)) == 0)
		return false;
	memcpy(dst + (lo - base), src + (lo - addr), (size_t)(hi - lo));
	return true;
}

void
model_vars_take_mem(struct model_var *vars, size_t n, uint64_t step,
    uint64_t addr, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct model_var *v = &vars[i];

		if (v->value != NULL && overlay(v->value, v->addr, v->nvalue,
		    addr, p, len))
			v->step_changed = step;
	}
}

static void
mem_into_vars(struct model_var *vars, size_t n, uint64_t step,
    const struct wire_event *ev)
{
	model_vars_take_mem(vars, n, step, ev->u[W_MEM_ADDR], ev->bytes,
	    ev->nbytes);
}

/* Room for the contents of b (size bytes), zeroed, in its extra e. */
static void
new_content(struct model_block_extra *e, uint64_t size)
{
	e->ncontent = size < MODEL_CONTENT_MAX ? (uint32_t)size :
	    MODEL_CONTENT_MAX;
	e->content = calloc(1, e->ncontent ? e->ncontent : 1);
	if (e->content == NULL)
		abort();
}

static void
mem_into_block(struct model_state *s, struct model_block *b,
    const struct wire_event *ev)
{
	struct model_block_extra *e = model_pool_extra_add(s->pool, b);

	if (e->content == NULL)
		new_content(e, b->size);
	else
		b->step_changed = s->nsteps;
	overlay(e->content, b->addr, e->ncontent, ev->u[W_MEM_ADDR], ev->bytes,
	    ev->nbytes);
}

static void
apply_mem(struct model_state *s, const struct wire_event *ev)
{
	struct model_block *b = model_state_block_at(s, ev->u[W_MEM_ADDR]);
	size_t i;

	if (b != NULL) {
		mem_into_block(s, model_state_own_block(s, b), ev);
		return;
	}
	for (i = 0; i < s->nthreads; i++) {
		mem_into_vars(s->threads[i].vars, s->threads[i].nvars, s->nsteps, ev);
		model_image_update(&s->threads[i].stack, ev->u[W_MEM_ADDR],
		    ev->bytes, ev->nbytes);
	}
	mem_into_vars(s->globals, s->nglobals, s->nsteps, ev);
	model_image_update(&s->statics, ev->u[W_MEM_ADDR], ev->bytes, ev->nbytes);
}

/* --- heap ----------------------------------------------------------------------------- */

/* --- the book's heap slots: a min-heap of the freed ones ------------------ */

static void
free_k_push(struct model_state *s, uint32_t k)
{
	size_t i;

	s->free_k = xgrow(s->free_k, &s->capfree_k, s->nfree_k, sizeof *s->free_k);
	for (i = s->nfree_k++; i > 0 && s->free_k[(i - 1) / 2] > k; i = (i - 1) / 2)
		s->free_k[i] = s->free_k[(i - 1) / 2];
	s->free_k[i] = k;
}

static void
free_k_pop(struct model_state *s)
{
	uint32_t last = s->free_k[--s->nfree_k];
	size_t i = 0, child;

	while ((child = 2 * i + 1) < s->nfree_k) {
		if (child + 1 < s->nfree_k && s->free_k[child + 1] < s->free_k[child])
			child++;
		if (s->free_k[child] >= last)
			break;
		s->free_k[i] = s->free_k[child];
		i = child;
	}
	if (s->nfree_k > 0)
		s->free_k[i] = last;
}

/*
 * The highest free heap address, (2^30) - k for the smallest free k: the
 * smallest freed slot still free and below the top, or the next one up.
 * Entries that were filled again or fell off the top are dropped here.
 */
static uint32_t
lowest_free_slot(struct model_state *s)
{
	while (s->nfree_k > 0) {
		uint32_t k = s->free_k[0];

		if (k <= s->nslots && s->slots[k - 1] == 0)
			return k;
		free_k_pop(s);
	}
	return (uint32_t)s->nslots + 1;
}

/* Slot k is free again: a hole if a block with a larger k still lives. */
static void
free_slot(struct model_state *s, uint32_t k)
{
	s->slots[k - 1] = 0;
	if (k < s->nslots)
		free_k_push(s, k);
	while (s->nslots > 0 && s->slots[s->nslots - 1] == 0)
		s->nslots--;
}

/*
 * A library's own block takes no slot (k = 0): the book leaves it out, so
 * the program's first block is (2^30) - 1 whatever stdio allocated first.
 */
static void
take_slot(struct model_state *s, struct model_block *b, uint32_t n)
{
	if (b->library) {
		b->k = 0;
		return;
	}
	b->k = lowest_free_slot(s);
	s->slots = xgrow(s->slots, &s->capslots, b->k - 1, sizeof *s->slots);
	if (b->k > s->nslots) {
		memset(&s->slots[s->nslots], 0,
		    (b->k - s->nslots) * sizeof *s->slots);
		s->nslots = b->k;
	}
	s->slots[b->k - 1] = n;
}

static void
remove_block(struct model_state *s, struct model_block *b)
{
	struct model_block *last = model_state_live(s, s->nlive - 1);
	uint32_t n = s->live[b->dense];

	if (last != b)	/* it moves to b's place */
		last = model_state_own_block(s, last);
	model_heap_remove(&s->byaddr, n);
	s->nlive--;
	s->live[b->dense] = s->live[s->nlive];
	model_lost_watch(s, b->dense, model_lost_watched(s, s->nlive));
	last->dense = b->dense;
	if (b->k != 0)
		free_slot(s, b->k);
	s->live_bytes -= b->size;
	if (s->freed == NULL)
		s->freed = xrealloc(NULL, MODEL_FREED_KEPT * sizeof *s->freed);
	s->freed[s->nfreed % MODEL_FREED_KEPT] = (struct model_freed){
		b->addr, b->size, b->k };
	s->nfreed++;
	if (model_block_epoch(b) == s->epoch)	/* else a snapshot's, shared */
		model_pool_put(s->pool, n);
}

/*
 * Whether a block is a library's own is decided once, at its allocation,
 * from its call site (asked once per distinct site): the book view and the
 * leak count leave such blocks out.
 */
static void
set_site(struct model_state *s, struct model_block *b, const uint64_t *site,
    const struct model_resolver *r)
{
	int8_t *library;

	if (s->pool->sites == NULL)
		s->pool->sites = model_sites_new();
	b->site = model_sites_intern(s->pool->sites, site, b->nsite, &library);
	if (*library < 0)
		*library = r != NULL && r->library_site != NULL &&
		    r->library_site(r->arg, site[0]);
	b->library = *library != 0;
}

static struct model_block *
insert_block(struct model_state *s, uint64_t addr, uint64_t size, uint8_t kind,
    const uint64_t *site, unsigned nsite, const struct model_resolver *r)
{
	struct model_block *b, *old = model_state_block_at(s, addr);
	uint32_t n;

	if (old != NULL && old->addr == addr)
		remove_block(s, old);
	n = model_pool_get(s->pool);
	b = model_pool_block(s->pool, n);
	b->addr = addr;
	b->size = size;
	b->kind = kind;
	b->nsite = nsite < MODEL_SITE_FRAMES ? nsite : MODEL_SITE_FRAMES;
	if (b->nsite > 0)
		set_site(s, b, site, r);
	b->step_added = b->step_changed = s->nsteps;
	model_block_set_epoch(b, s->epoch);
	take_slot(s, b, n);
	s->live = xgrow(s->live, &s->caplive, s->nlive, sizeof *s->live);
	s->lost_watch = xgrow(s->lost_watch, &s->caplost_watch, s->nlive / 64,
	    sizeof *s->lost_watch);
	model_lost_watch(s, s->nlive, false);
	b->dense = s->nlive;
	s->live[s->nlive++] = n;
	model_heap_insert(&s->byaddr, n);
	s->live_bytes += size;
	return b;
}

static void
free_at(struct model_state *s, uint64_t addr)
{
	struct model_block *b = model_state_block_at(s, addr);

	if (b != NULL && b->addr == addr)
		remove_block(s, b);
}

/* A block resized where it is: its contents, cut or grown (with zeros). */
static void
resize_content(struct model_block_extra *e, uint64_t size)
{
	uint32_t n = size < MODEL_CONTENT_MAX ? (uint32_t)size :
	    MODEL_CONTENT_MAX;

	e->content = xrealloc(e->content, n ? n : 1);
	if (n > e->ncontent)
		memset(e->content + e->ncontent, 0, n - e->ncontent);
	e->ncontent = n;
}

/*
 * A heap record holds differences from its thread's previous one
 * (stackheap-wire.h): made absolute here, and kept for
 * model_trace_step.
 */
static void
resolve_heap(struct model_thread *t, struct wire_event *ev)
{
	switch (ev->type) {
	case SH_REC_ALLOC:
		ev->u[W_ALLOC_ADDR] = t->heap_addr += ev->u[W_ALLOC_ADDR];
		break;
	case SH_REC_FREE:
		ev->u[W_FREE_ADDR] = t->heap_addr += ev->u[W_FREE_ADDR];
		ev->u[W_FREE_PC] = t->heap_pc += ev->u[W_FREE_PC];
		break;
	case SH_REC_REALLOC:
		ev->u[W_REALLOC_OLD] += t->heap_addr;
		ev->u[W_REALLOC_NEW] += ev->u[W_REALLOC_OLD];
		t->heap_addr = ev->u[W_REALLOC_NEW] != 0 ?
		    ev->u[W_REALLOC_NEW] : ev->u[W_REALLOC_OLD];
		break;
	}
	if (ev->type != SH_REC_FREE && ev->npcs > 0)
		ev->pcs[0] = t->heap_pc += ev->pcs[0];
	memcpy(t->heap_u, ev->u, sizeof t->heap_u);
	t->heap_pc0 = ev->npcs > 0 ? ev->pcs[0] : 0;
}

/* Block b, where old moved, starts with old's contents (which it has). */
static void
move_content(struct model_state *s, struct model_block *b,
    const struct model_block *old)
{
	struct model_block_extra *to = model_pool_extra_add(s->pool, b);
	const struct model_block_extra *from = model_pool_extra(s->pool, old);

	new_content(to, b->size);
	memcpy(to->content, from->content,
	    from->ncontent < to->ncontent ? from->ncontent : to->ncontent);
}

/* A block that moved keeps its contents; a resized one keeps its slot. */
static void
apply_realloc(struct model_state *s, const struct wire_event *ev,
    const struct model_resolver *r)
{
	uint64_t from = ev->u[W_REALLOC_OLD], to = ev->u[W_REALLOC_NEW];
	uint64_t size = ev->u[W_REALLOC_SIZE];
	struct model_block *old = model_state_block_at(s, from), *b;
	struct model_block_extra *e;

	if (old != NULL && old->addr != from)
		old = NULL;
	if (to == 0) {
		free_at(s, from);
		return;
	}
	if (old != NULL)	/* ours now, so that blocks moving leave it be */
		old = model_state_own_block(s, old);
	if (old != NULL && from == to) {
		s->live_bytes += size - old->size;
		old->size = size;
		old->step_changed = s->nsteps;
		if ((e = model_pool_extra(s->pool, old)) != NULL &&
		    e->content != NULL)
			resize_content(e, size);
		return;
	}
	b = insert_block(s, to, size, old != NULL ? old->kind : SH_ALLOC_MALLOC,
	    ev->pcs, ev->npcs, r);
	if (old != NULL && (e = model_pool_extra(s->pool, old)) != NULL &&
	    e->content != NULL)
		move_content(s, b, old);
	if (old != NULL)
		remove_block(s, old);
}

/* Was the latest heap record a free of what is not a live block? */
static void
note_free(struct model_state *s, const struct wire_event *ev)
{
	uint64_t addr = ev->type == SH_REC_FREE ? ev->u[W_FREE_ADDR] :
	    ev->type == SH_REC_REALLOC ? ev->u[W_REALLOC_OLD] : 0;
	const struct model_block *b = model_state_block_at(s, addr);
	const struct model_freed *freed;

	memset(&s->bad_free, 0, sizeof s->bad_free);
	if (addr == 0 || (b != NULL && b->addr == addr))
		return;
	freed = b == NULL ? model_state_freed_at(s, addr) : NULL;
	s->bad_free.error = freed != NULL && freed->addr == addr ?
	    MODEL_HEAP_DOUBLE_FREE : MODEL_HEAP_INVALID_FREE;
	s->bad_free.addr = addr;
	s->bad_free.pc = ev->type == SH_REC_FREE ? ev->u[W_FREE_PC] :
	    ev->npcs > 0 ? ev->pcs[0] : 0;
}

static void
apply_heap(struct model_state *s, const struct wire_event *raw,
    const struct model_resolver *r)
{
	struct wire_event ev = *raw;

	resolve_heap(thread_or_new(s, s->tid), &ev);
	note_free(s, &ev);
	if (ev.type == SH_REC_ALLOC)
		insert_block(s, ev.u[W_ALLOC_ADDR], ev.u[W_ALLOC_SIZE],
		    (uint8_t)ev.u[W_ALLOC_KIND], ev.pcs, ev.npcs, r);
	else if (ev.type == SH_REC_FREE)
		free_at(s, ev.u[W_FREE_ADDR]);
	else
		apply_realloc(s, &ev, r);
}

static void
apply_crash(struct model_state *s, const struct wire_event *ev)
{
	s->crash.happened = true;
	s->crash.signal = (int)ev->u[W_CRASH_SIGNAL];
	s->crash.code = (int)ev->u[W_CRASH_CODE];
	s->crash.addr = ev->u[W_CRASH_ADDR];
	s->crash.pc = ev->u[W_CRASH_PC];
	s->crash.sp = ev->u[W_CRASH_SP];
	s->crash.stack_overflow = ev->u[W_CRASH_FLAGS] & SH_CRASH_STACK_OVERFLOW;
	if (s->crash.signal == SIGABRT)
		s->crash.heap = s->bad_free;
}

void
model_state_push(struct model_state *s, const struct wire_push *push)
{
	s->done_pc = 0;
	push_frame(s, push);
	s->changes++;
	s->nsteps++;
}

void
model_state_push_cached(struct model_state *s, unsigned slot)
{
	s->done_pc = 0;
	push_cached(s, slot);
	s->changes++;
	s->nsteps++;
}

void
model_state_pop(struct model_state *s)
{
	s->done_pc = 0;
	pop_frame(s);
	s->changes++;
	s->nsteps++;
}

void
model_state_apply(struct model_state *s, const struct wire_event *ev,
    const struct model_resolver *r)
{
	if (model_record_is_step(ev->type))
		s->done_pc = 0;		/* a line step or a pop sets it */
	switch (ev->type) {
	case SH_REC_THREAD:
		s->tid = (uint32_t)ev->u[W_THREAD_TID];
		thread_or_new(s, s->tid);
		break;
	case SH_REC_PUSH: {
		const struct wire_push push = { { (int64_t)ev->u[W_PUSH_FN],
		    (int64_t)ev->u[W_PUSH_SITE], (int64_t)ev->u[W_PUSH_LO] },
		    ev->u[W_PUSH_SIZE], ev->u[W_PUSH_SLOT] };

		if (ev->u[W_PUSH_CACHED] != 0)
			push_cached(s, (unsigned)ev->u[W_PUSH_CACHED] - 1);
		else
			push_frame(s, &push);
		break;
	}
	case SH_REC_POP:
		pop_frame(s);
		break;
	case SH_REC_ALLOC:
	case SH_REC_FREE:
	case SH_REC_REALLOC:
		apply_heap(s, ev, r);
		break;
	case SH_REC_VAR:
		add_var(s, ev, r);
		break;
	case SH_REC_GLOBAL:
		add_global(s, ev, r);
		break;
	case SH_REC_MEM:
		apply_mem(s, ev);
		break;
	case SH_REC_CRASH:
		apply_crash(s, ev);
		break;
	case SH_REC_LINE:
		/* a program that registers variables shows those from the
		 * start, not its locals until its first SH_VAR */
		if (!s->lines && r->registers != NULL &&
		    r->registers(r->arg, model_line_pc(thread_or_new(s, s->tid),
		    ev)))
			s->registered = true;
		s->lines = true;
		model_lines_apply(s, thread_or_new(s, s->tid), ev, r);
		break;
	case SH_REC_STATICS:
		model_statics_apply(s, ev, r);
		break;
	default:
		break;
	}
	s->changes++;
	if (model_record_is_step(ev->type))
		s->nsteps++;
}
