/*
 * model_reach.h — which live heap blocks the registered variables still
 * reach, and which blocks the program has lost.
 *
 * Why here and not in the views: the walk reads nothing but the state (its
 * variables, their types, the blocks' contents), and the lost marks it
 * leaves on blocks are part of the state a step leaves (exported, drawn,
 * kept in snapshots).  It is not part of applying a record either: the
 * trace calls model_lost_after() once a record is applied, so that
 * model_state.c stays the state machine alone and the views, which ask
 * for the walk's types of blocks, depend on the model and never the
 * other way round.
 */
#ifndef MODEL_REACH_H
#define MODEL_REACH_H

#include <stdbool.h>

#include "model/model_state.h"

/*
 * Follows every pointer from the variables the pictures show through the
 * heap: typed blocks by their type, untyped ones word by word.  Gives (if
 * not NULL) each live block's type and whether it was reached, indexed as
 * state->live, as arrays the caller frees.
 */
void	model_reach_walk(const struct model_state *,
	    const struct model_type ***types, bool **reached);

/*
 * The walk's types of the state's live blocks, as it is now: the same
 * state unchanged (its epoch and changes) is walked once, however many
 * times a redraw asks (the book compares two steps, the screen makes a
 * picture twice to fit it).  Valid until the next call; NULL entries:
 * unknown.
 */
const struct model_type *const *model_reach_types(const struct model_state *);

/*
 * Arrays a walk needs, kept from one lost-block search to the next: a
 * heap of 100k blocks would otherwise map, fault in and unmap 2.4 MB at
 * every search.
 */
struct model_reach_room {
	const struct model_type	**types;
	bool			 *reached;
	size_t			 *queue;
	size_t			  cap;
};

void	model_reach_room_free(struct model_reach_room *);

/*
 * To call right after a record of the given type was applied to the
 * state: notes whether reachability may have changed and, after a step,
 * marks the blocks lost by then (within the bound of model_state.h).
 */
void	model_lost_after(struct model_state *, unsigned type,
	    struct model_reach_room *);

#endif
