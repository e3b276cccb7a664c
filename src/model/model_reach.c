/*
 * model_reach.c — the walk from the variables through the heap, and the
 * lost-block analysis built on it (model_reach.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/model_reach.h"
#include "util/util_alloc.h"

#define DEPTH_MAX 6	/* nesting of arrays and structs followed in a value */

/*
 * A walk from the variables through the heap.  A block reached through a
 * typed pointer takes the pointee's type and its contents are followed by
 * that type; a block reached otherwise (a void pointer, or a word of an
 * untyped block) is followed conservatively, word by word.
 */
struct walk {
	const struct model_state	*state;
	const struct model_type		**types;	/* per live block */
	bool				*reached;	/* per live block */
	size_t				*queue;
	size_t				 nqueue;
	struct model_state		*marking;	/* lost search: state->live */
	uint64_t			 lo, hi;	/* the heap's bounds */
};

static void	mark_reached(struct model_state *, size_t i,
		    const struct model_type *);

static uint64_t
pointer_value(const uint8_t *p, size_t size)
{
	uint64_t v = 0;

	memcpy(&v, p, size < sizeof v ? size : sizeof v);	/* little-endian */
	return v;
}

static bool
usable_pointee(const struct model_type *t)
{
	return t != NULL && t->kind != MT_OPAQUE && t->size > 0;
}

static void
reach(struct walk *w, uint64_t p, const struct model_type *t)
{
	const struct model_block *b;
	size_t i;

	if (p < w->lo || p >= w->hi)	/* most words that are not pointers */
		return;
	if ((b = model_state_block_at(w->state, p)) == NULL)
		return;
	i = model_block_place(b);
	if (usable_pointee(t) && w->types[i] == NULL) {
		w->types[i] = t;
		if (w->reached[i])
			w->queue[w->nqueue++] = i;	/* again, now typed */
	}
	if (!w->reached[i]) {
		w->reached[i] = true;
		w->queue[w->nqueue++] = i;
	}
}

static void
visit_words(struct walk *w, const uint8_t *p, size_t n)
{
	size_t off;
	uint64_t word;

	for (off = 0; off + sizeof word <= n; off += sizeof word) {
		memcpy(&word, p + off, sizeof word);
		reach(w, word, NULL);
	}
}

/* Follows every pointer inside a value of type t. */
static void
visit(struct walk *w, const struct model_type *t, const uint8_t *p,
    size_t n, int depth)
{
	size_t i;

	if (t == NULL || n < t->size || depth > DEPTH_MAX)
		return;
	switch (t->kind) {
	case MT_POINTER:
		reach(w, pointer_value(p, t->size), t->target);
		break;
	case MT_ARRAY:
		for (i = 0; i < t->count && t->target->size > 0 &&
		    (i + 1) * t->target->size <= n; i++)
			visit(w, t->target, p + i * t->target->size,
			    t->target->size, depth + 1);
		break;
	case MT_STRUCT:
	case MT_UNION:
		for (i = 0; i < t->nfields; i++)
			visit(w, t->fields[i].type, p + t->fields[i].offset,
			    n - t->fields[i].offset, depth + 1);
		break;
	case MT_OPAQUE:
		visit_words(w, p, t->size);
		break;
	default:
		break;
	}
}

static void
visit_vars(struct walk *w, const struct model_var *vars, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (model_var_in_real(w->state, &vars[i]))
			visit(w, vars[i].type, vars[i].value, vars[i].nvalue, 0);
}

static void
visit_block(struct walk *w, size_t i)
{
	const struct model_block *b = model_state_live(w->state, i);
	const struct model_type *t = w->types[i];
	const uint8_t *content;
	size_t off, ncontent;

	if (w->marking != NULL)	/* while the block is at hand */
		mark_reached(w->marking, i, t);
	if ((content = model_block_content(w->state, b, &ncontent)) == NULL)
		return;
	if (t == NULL) {
		visit_words(w, content, ncontent);
		return;
	}
	for (off = 0; off + t->size <= ncontent; off += t->size)
		visit(w, t, content + off, t->size, 0);
}

/* The lowest and highest addresses of live blocks, for a quick no. */
static void
heap_bounds(const struct model_state *s, uint64_t *lo, uint64_t *hi)
{
	const struct model_block *first = model_heap_first(&s->byaddr);
	const struct model_block *last = model_heap_last(&s->byaddr);

	*lo = first != NULL ? first->addr : 0;
	*hi = last != NULL ? last->addr + (last->size ? last->size : 1) : 0;
}

/* Walks into w's arrays, room for s->nlive blocks, zeroed. */
static void
walk(struct walk *w, const struct model_state *s)
{
	size_t i;

	w->state = s;
	w->nqueue = 0;
	heap_bounds(s, &w->lo, &w->hi);
	for (i = 0; i < s->nthreads; i++)
		visit_vars(w, s->threads[i].vars, s->threads[i].nvars);
	visit_vars(w, s->globals, s->nglobals);
	for (i = 0; i < w->nqueue; i++)
		visit_block(w, w->queue[i]);
}

void
model_reach_walk(const struct model_state *s, const struct model_type ***types,
    bool **reached)
{
	struct walk w = { 0 };
	size_t n = s->nlive ? s->nlive : 1;

	w.types = xcalloc(n, sizeof *w.types);
	w.reached = xcalloc(n, sizeof *w.reached);
	w.queue = xcalloc(2 * n, sizeof *w.queue);	/* each block at most twice */
	walk(&w, s);
	free(w.queue);
	if (types != NULL)
		*types = w.types;
	else
		free(w.types);
	if (reached != NULL)
		*reached = w.reached;
	else
		free(w.reached);
}

/* The latest walks of model_reach_types, by the state's version. */
struct memo {
	uint64_t		 epoch, changes;	/* 0: empty */
	bool			 all_locals;
	const struct model_type	**types;
};

static struct memo memos[2];	/* a step and the one before it */
static size_t memo_last;

const struct model_type *const *
model_reach_types(const struct model_state *s)
{
	struct memo *m;
	size_t i;

	for (i = 0; i < 2; i++) {
		m = &memos[i];
		if (m->epoch == s->epoch && m->changes == s->changes &&
		    m->all_locals == model_state_all_locals()) {
			memo_last = i;
			return m->types;
		}
	}
	memo_last = 1 - memo_last;	/* the other one goes */
	m = &memos[memo_last];
	free(m->types);
	model_reach_walk(s, &m->types, NULL);
	m->epoch = s->epoch;
	m->changes = s->changes;
	m->all_locals = model_state_all_locals();
	return m->types;
}

void
model_reach_room_free(struct model_reach_room *r)
{
	free(r->types);
	free(r->reached);
	free(r->queue);
	memset(r, 0, sizeof *r);
}

/* The room's arrays, for n blocks, zeroed. */
static void
room_for(struct model_reach_room *r, size_t n, struct walk *w)
{
	if (n > r->cap) {
		model_reach_room_free(r);
		r->cap = n;
		r->types = xcalloc(n, sizeof *r->types);
		r->reached = xcalloc(n, sizeof *r->reached);
		r->queue = xcalloc(2 * n, sizeof *r->queue);
	} else {
		memset(r->types, 0, n * sizeof *r->types);
		memset(r->reached, 0, n * sizeof *r->reached);
	}
	w->types = r->types;
	w->reached = r->reached;
	w->queue = r->queue;
}

/* --- lost blocks ------------------------------------------------------------------ */

/*
 * A block is lost at the step where the last pointer to it from the
 * registered variables (directly, or through other blocks) went away.
 * Only blocks that were reachable once can be lost: memory that libc keeps
 * for itself, or that an unannotated program holds, never was.  A call and
 * a return get one step of grace: an argument or the value returned, in a
 * register, may be the last pointer to a block until it is stored again.
 * `step` is the one just applied (0-based).
 */
/*
 * A reached block: marked so, only if it was not (a shared block is copied
 * before it changes, so an unchanged mark keeps it shared).
 */
static void
mark_reached(struct model_state *s, size_t i, const struct model_type *t)
{
	struct model_block *b = model_state_live(s, i);
	struct model_block_extra *e;

	model_lost_watch(s, i, true);
	if (b->reachable && b->was_reachable &&
	    model_block_lost_at(s, b) == 0 &&
	    (t == NULL || model_block_last_type(s, b) == t))
		return;
	b = model_state_own_block(s, b);
	b->reachable = b->was_reachable = true;
	if ((e = model_pool_extra(s->pool, b)) != NULL)
		e->lost_at = 0;
	if (t != NULL)
		model_pool_extra_add(s->pool, b)->last_type = t;
}

/*
 * A block not reached that was reachable (s->lost_watch, so that the
 * blocks never reached are not looked at): lost at this step.
 */
static void
mark_unreached(struct model_state *s, size_t i, unsigned type, uint64_t step)
{
	struct model_block *b = model_state_own_block(s, model_state_live(s, i));

	b->reachable = false;
	if (type == SH_REC_POP || type == SH_REC_PUSH) {
		s->lost_dirty = true;	/* graced: look again at the next step */
		return;
	}
	model_pool_extra_add(s->pool, b)->lost_at = step + 1;
	model_lost_watch(s, i, false);
}

static void
walk_for_lost(struct model_state *s, unsigned type, uint64_t step,
    struct model_reach_room *room)
{
	struct walk w = { 0 };
	size_t i;

	room_for(room, s->nlive, &w);
	w.marking = s;	/* the reached blocks: marked as the walk meets them */
	walk(&w, s);
	s->lost_walks++;
	s->lost_dirty = false;
	for (i = 0; i < s->nlive; i++)
		if (!w.reached[i] && model_lost_watched(s, i))
			mark_unreached(s, i, type, step);
}

/*
 * Walks only when something that can change reachability happened since
 * the last walk (s->lost_dirty), and above MODEL_LOST_EXACT live blocks
 * only as often as the credit allows (model_state.h): a word tree of 100k
 * nodes would otherwise cost 100k blocks at each of its million steps.
 * Nothing to do, and no call, for a program without variables.
 */
static void
update_lost(struct model_state *s, unsigned type, uint64_t step,
    struct model_reach_room *room)
{
	if (s->lost_credit < UINT64_MAX - MODEL_LOST_CREDIT)
		s->lost_credit += MODEL_LOST_CREDIT;
	if (!s->lost_dirty || (s->nglobals == 0 && s->nvars_all == 0) ||
	    s->nlive == 0)
		return;
	if (s->nlive > MODEL_LOST_EXACT && s->lost_credit < s->nlive)
		return;
	s->lost_credit = 0;
	walk_for_lost(s, type, step, room);
}

void
model_lost_after(struct model_state *s, unsigned type,
    struct model_reach_room *room)
{
	/* A push brings no variables yet; a thread switch and a crash no memory. */
	if (type != SH_REC_PUSH && type != SH_REC_THREAD &&
	    type != SH_REC_CRASH && type != SH_REC_STEP && type != SH_REC_SAY)
		s->lost_dirty = true;
	if (model_record_is_step(type))
		update_lost(s, type, s->nsteps - 1, room);
}
