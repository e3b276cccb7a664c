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
};

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
	const struct model_block *b = model_state_block_at(w->state, p);
	size_t i;

	if (b == NULL)
		return;
	i = b->dense;
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
	const struct model_block *b = w->state->live[i];
	const struct model_type *t = w->types[i];
	size_t off;

	if (b->content == NULL)
		return;
	if (t == NULL) {
		visit_words(w, b->content, b->ncontent);
		return;
	}
	for (off = 0; off + t->size <= b->ncontent; off += t->size)
		visit(w, t, b->content + off, t->size, 0);
}

void
model_reach_walk(const struct model_state *s, const struct model_type ***types,
    bool **reached)
{
	struct walk w = { s, NULL, NULL, NULL, 0 };
	size_t n = s->nlive ? s->nlive : 1, i;

	w.types = xcalloc(n, sizeof *w.types);
	w.reached = xcalloc(n, sizeof *w.reached);
	w.queue = xcalloc(2 * n, sizeof *w.queue);	/* each block at most twice */
	for (i = 0; i < s->nthreads; i++)
		visit_vars(&w, s->threads[i].vars, s->threads[i].nvars);
	visit_vars(&w, s->globals, s->nglobals);
	for (i = 0; i < w.nqueue; i++)
		visit_block(&w, w.queue[i]);
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
static void
walk_for_lost(struct model_state *s, unsigned type, uint64_t step)
{
	const struct model_type **types;
	bool *reached;
	size_t i;

	model_reach_walk(s, &types, &reached);
	s->lost_walks++;
	s->lost_dirty = false;
	for (i = 0; i < s->nlive; i++) {
		struct model_block *b = s->live[i];

		b->reachable = reached[i];
		if (types[i] != NULL)
			b->last_type = types[i];
		if (reached[i]) {
			b->was_reachable = true;
			b->lost_at = 0;
		} else if (b->was_reachable && b->lost_at == 0) {
			if (type != SH_REC_POP && type != SH_REC_PUSH)
				b->lost_at = step + 1;
			else	/* graced: look again at the next step */
				s->lost_dirty = true;
		}
	}
	free(types);
	free(reached);
}

/*
 * Walks only when something that can change reachability happened since
 * the last walk (s->lost_dirty), and above MODEL_LOST_EXACT live blocks
 * only as often as the credit allows (model_state.h): a word tree of 100k
 * nodes would otherwise cost 100k blocks at each of its million steps.
 * Nothing to do, and no call, for a program without variables.
 */
static void
update_lost(struct model_state *s, unsigned type, uint64_t step)
{
	if (s->lost_credit < UINT64_MAX - MODEL_LOST_CREDIT)
		s->lost_credit += MODEL_LOST_CREDIT;
	if (!s->lost_dirty || (s->nglobals == 0 && s->nvars_all == 0) ||
	    s->nlive == 0)
		return;
	if (s->nlive > MODEL_LOST_EXACT && s->lost_credit < s->nlive)
		return;
	s->lost_credit = 0;
	walk_for_lost(s, type, step);
}

void
model_lost_after(struct model_state *s, unsigned type)
{
	/* A push brings no variables yet; a thread switch and a crash no memory. */
	if (type != SH_REC_PUSH && type != SH_REC_THREAD &&
	    type != SH_REC_CRASH && type != SH_REC_STEP && type != SH_REC_SAY)
		s->lost_dirty = true;
	if (model_record_is_step(type))
		update_lost(s, type, s->nsteps - 1);
}
