/*
 * view_slots.h — the book's stack and global slots, numbered as a picture
 * is drawn.  The model numbers none: it keeps a thread's variables in one
 * list, outermost frame first and each frame's in order (model_var), and
 * says which the book shows (model_var_in_book), whatever their source.
 * The shown variables of a list take slots 0, 1, 2, ... in list order, so
 * a frame's first slot is the count its callers show, and a returned
 * frame's slots go to the next call, as in the seed's tables.  The
 * globals are a list of their own ("s0", "s1", ...).
 *
 * Numbering a list is one pass over it, kept until the picture is done, so
 * a picture that names many slots (its rows, the arrows of its pointers)
 * costs one pass per list it names, not one per slot.
 */
#ifndef VIEWSLOTS_H
#define VIEWSLOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model_state.h"

#define NO_BOOK_SLOT UINT32_MAX	/* a variable the book does not show */

struct view_slot_list {
	const struct model_var	*vars;		/* the list numbered */
	size_t			 n;
	uint32_t		*slot;		/* per variable */
};

/* The lists a picture has numbered; all zeros is none yet. */
struct view_slots {
	struct view_slot_list	*lists;
	size_t			 nlists, caplists;
};

void	view_slots_free(struct view_slots *);

/* The slot of vars[i], in the list vars[0..n) of state s. */
uint32_t view_slot(struct view_slots *, const struct model_state *s,
	    const struct model_var *vars, size_t n, size_t i);
/* The slot of v, any thread's variable of s, or a global (global set). */
uint32_t view_slot_of(struct view_slots *, const struct model_state *s,
	    const struct model_var *v, bool global);
/* The index in vars[0..n) of the variable at slot, or n if none is. */
size_t	view_slot_find(struct view_slots *, const struct model_state *s,
	    const struct model_var *vars, size_t n, uint64_t slot);

#endif
