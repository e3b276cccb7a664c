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
 * To call right after a record of the given type was applied to the
 * state: notes whether reachability may have changed and, after a step,
 * marks the blocks lost by then (within the bound of model_state.h).
 */
void	model_lost_after(struct model_state *, unsigned type);

#endif
