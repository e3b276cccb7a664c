/*
 * model_search.h — stepping like a debugger, both ways: where a step over,
 * a step out, a line or a variable's next change takes the viewer.  Each
 * is a goal, a test of one step; a search looks for the first step that
 * meets it after (or before) a given one.  No curses: the viewer's keys
 * and the unit tests call the same functions.
 *
 * Nothing here knows the views: a line goal is given the function that
 * places a step in the source, and a change goal what to watch, by where
 * it lives (view_goal_change turns a picture's row into that).
 */
#ifndef MODEL_SEARCH_H
#define MODEL_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model_trace.h"

#define MODEL_SEARCH_NONE ((size_t)-1)

/* What a watched row is: a heap block, a thread's variable, a global. */
enum model_watch_region {
	MODEL_WATCH_HEAP,
	MODEL_WATCH_STACK,
	MODEL_WATCH_GLOBAL
};

/*
 * A variable (or heap block) to watch, by where it lives, so that it is
 * the same one at every step: a variable by its thread, address and name
 * (a later call's variable at the same place with the same name counts
 * as the same), a block by its address.
 */
struct model_watch {
	enum model_watch_region	 region;
	uint32_t		 tid;
	uint64_t		 addr;
	char			 name[64];	/* what to call it */
};

enum model_goal_kind {
	MODEL_GOAL_OVER,	/* a step of this thread, in this frame or outer */
	MODEL_GOAL_OUT,		/* a step of this thread, in an outer frame */
	MODEL_GOAL_LINE,	/* arriving at a source line */
	MODEL_GOAL_CHANGE	/* the step where a watched value changes */
};

/* Where step i is in the source: false if nowhere (view_step_source). */
typedef bool (*model_source_fn)(struct model_trace *, size_t i,
    const char **file, int *line);

struct model_goal {
	enum model_goal_kind	 kind;
	uint32_t		 tid;		/* over, out: the thread, */
	size_t			 depth;		/* its frames at the start */
	uint64_t		 fn;		/* out: the function left */
	char			 file[256];	/* line: "" any file, else a base name */
	int			 line;
	model_source_fn		 source;	/* line: where a step is */
	struct model_watch	 watch;		/* change */
	/* change: the value at step cached_step, to compare the next with */
	size_t			 cached_step;
	int			 cached_have;	/* -1: nothing cached, 0: absent, 1 */
	uint8_t			*cached;
	size_t			 ncached;
};

/*
 * The thread that made step i and how many frames it has right after it;
 * false if the step is not there.
 */
bool	model_step_depth(struct model_trace *, size_t i, uint32_t *tid,
	    size_t *depth);
/* The function of that thread's innermost frame after step i, or 0. */
uint64_t model_step_function(struct model_trace *, size_t i);

/*
 * Goals.  Over and out start from step `from` (its thread and depth); a
 * line goal is a line of a file (file NULL or "": any file with that
 * line), steps placed by `source`; a change goal watches w from step i
 * (w->tid 0: the step's thread), false if w is not there at step i (as
 * the book shows it: a variable's declaration must have run).  Free each
 * with model_goal_clear.
 */
bool	model_goal_over(struct model_trace *, size_t from, struct model_goal *);
bool	model_goal_out(struct model_trace *, size_t from, struct model_goal *);
void	model_goal_line(const char *file, int line, model_source_fn source,
	    struct model_goal *);
bool	model_goal_change(struct model_trace *, size_t i,
	    const struct model_watch *w, struct model_goal *);
void	model_goal_clear(struct model_goal *);

/* Does step i meet the goal? */
bool	model_goal_met(struct model_trace *, struct model_goal *, size_t i);

/*
 * The first step after `from` (dir > 0) or the last before it (dir < 0)
 * that meets the goal, looking at no more than about `limit` steps; or
 * MODEL_SEARCH_NONE.  Going back, steps are looked at in runs forward from
 * a snapshot, so that it costs no more than going forward.
 */
size_t	model_search_goal(struct model_trace *, struct model_goal *,
	    size_t from, int dir, size_t limit);

/* The same for any test of a step. */
typedef bool (*model_search_fn)(struct model_trace *, size_t i, void *arg);
size_t	model_search(struct model_trace *, size_t from, int dir, size_t limit,
	    model_search_fn, void *arg);

#endif
