/*
 * view_slots.c — book slots of the variables, numbered when drawn (see
 * view_slots.h): the slot of a shown variable is how many shown ones come
 * before it in its list.
 */
#include "config.h"

#include <stdlib.h>

#include "view/view_slots.h"
#include "util/util_alloc.h"

void
view_slots_free(struct view_slots *sl)
{
	size_t i;

	for (i = 0; i < sl->nlists; i++)
		free(sl->lists[i].slot);
	free(sl->lists);
	sl->lists = NULL;
	sl->nlists = sl->caplists = 0;
}

/* The list vars[0..n), numbered in one pass (once per picture). */
static const struct view_slot_list *
numbered(struct view_slots *sl, const struct model_state *s,
    const struct model_var *vars, size_t n)
{
	struct view_slot_list *l;
	uint32_t next = 0;
	size_t i;

	for (i = 0; i < sl->nlists; i++)
		if (sl->lists[i].vars == vars && sl->lists[i].n == n)
			return &sl->lists[i];
	sl->lists = xgrow(sl->lists, &sl->caplists, sl->nlists,
	    sizeof *sl->lists);
	l = &sl->lists[sl->nlists++];
	l->vars = vars;
	l->n = n;
	l->slot = xcalloc(n ? n : 1, sizeof *l->slot);
	for (i = 0; i < n; i++)
		l->slot[i] = model_var_in_book(s, &vars[i]) ? next++ :
		    NO_BOOK_SLOT;
	return l;
}

uint32_t
view_slot(struct view_slots *sl, const struct model_state *s,
    const struct model_var *vars, size_t n, size_t i)
{
	return i < n ? numbered(sl, s, vars, n)->slot[i] : NO_BOOK_SLOT;
}

/* Is v one of vars[0..n)?  (Compared as integers: they may be apart.) */
static bool
holds(const struct model_var *vars, size_t n, const struct model_var *v)
{
	uintptr_t lo = (uintptr_t)vars, p = (uintptr_t)v;

	return n > 0 && p >= lo && p < lo + n * sizeof *vars;
}

uint32_t
view_slot_of(struct view_slots *sl, const struct model_state *s,
    const struct model_var *v, bool global)
{
	size_t t;

	for (t = 0; t < sl->nlists; t++)	/* most point where others do */
		if (holds(sl->lists[t].vars, sl->lists[t].n, v))
			return sl->lists[t].slot[v - sl->lists[t].vars];
	if (global && holds(s->globals, s->nglobals, v))
		return view_slot(sl, s, s->globals, s->nglobals,
		    (size_t)(v - s->globals));
	for (t = 0; !global && t < s->nthreads; t++) {
		const struct model_thread *th = &s->threads[t];

		if (holds(th->vars, th->nvars, v))
			return view_slot(sl, s, th->vars, th->nvars,
			    (size_t)(v - th->vars));
	}
	return NO_BOOK_SLOT;
}

size_t
view_slot_find(struct view_slots *sl, const struct model_state *s,
    const struct model_var *vars, size_t n, uint64_t slot)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (view_slot(sl, s, vars, n, i) == slot)
			return i;
	return n;
}
