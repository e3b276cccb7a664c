/*
 * view.h — the two pictures of a step, and the words around them.
 *
 * The book view is the seed's model: one slot per registered variable,
 * counting up from 0; one slot per heap block, counting down from
 * (2^30) - 1; holes; arrows to slots.  The real view shows real addresses,
 * frames with their ranges and sizes, blocks with their sizes and call
 * sites, and the gaps between them.  Both are tables (view_table.h), so
 * `dump` and the TUI draw the same thing.
 */
#ifndef VIEWS_H
#define VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view/view_table.h"
#include "model/model_search.h"
#include "model/model_trace.h"

struct view_opts {
	bool		ascii;	/* "->" instead of "→" */
	uint32_t	tid;	/* the thread whose stack the book shows; 0: the step's */
	size_t		limit;	/* real view: at most this many heap blocks (the
				   highest) and frames (the innermost); 0: all */
	bool		all_elements;	/* book: arrays whole, not cut */
	bool		library_blocks;	/* book: the libraries' own blocks too,
					   apart, after the program's */
};

/*
 * A block a system library allocated for itself (its call site's first
 * frame is in one, and not in a function that allocates for its caller,
 * such as strdup or operator new): not the program's leak.
 */
bool	view_block_is_library(struct model_trace *, const struct model_block *);
/* The library that owns such a block ("libc.so.6"), or "a library". */
const char *view_block_library(struct model_trace *, const struct model_block *);

/* The picture right after step i. */
void	view_book_render(struct model_trace *, size_t i,
	    const struct view_opts *, struct view_table *out);
void	view_real_render(struct model_trace *, size_t i,
	    const struct view_opts *, struct view_table *out);

/*
 * Only rows [first, first + count) of the book picture, and how many rows
 * it has in all: what a screen shows of a state with a million blocks or a
 * hundred thousand frames, made in time for what is shown.  The first row
 * of the stack (after the heap and its "..."), to show the newest frame.
 */
void	view_book_render_window(struct model_trace *, size_t i,
	    const struct view_opts *, size_t first, size_t count,
	    struct view_table *out, size_t *total);
size_t	view_book_first_stack_row(struct model_trace *, size_t i,
	    const struct view_opts *);

/*
 * The book picture of step i as the TUI shows it: with the rows that the
 * step removes (a returning frame's, a freed block's) still there, flagged
 * ROWFLAG_LEAVING, where they were.
 */
void	view_book_render_step(struct model_trace *, size_t i,
	    const struct view_opts *, struct view_table *out);

/*
 * The source line step i is at: where a variable was registered, a step
 * made, a block allocated or freed, a function entered (its first line) or
 * returned to (the call), or the program crashed.  *file is a full path
 * when the debug information has one; both belong to the trace.
 */
bool	view_step_source(struct model_trace *, size_t i, const char **file,
	    int *line);

/*
 * A goal of the step search (model_search.h) that watches a row of step
 * i's book picture as shown for thread tid (0: the step's thread): its
 * block or variable; false if the row is neither.
 */
bool	view_goal_change(struct model_trace *, size_t i, uint32_t tid,
	    const struct view_row *, struct model_goal *);

/*
 * A crash that dereferenced a NULL pointer: a fault (not a signal sent by
 * kill or raise, which has no address) in the first page, never mapped,
 * where NULL and a field or element reached through it (NULL + 8) land.
 */
bool	view_crash_is_null(const struct model_crash *);
/* ": stack overflow", ": NULL pointer dereference", ": double free"... or "" */
const char *view_crash_cause(const struct model_crash *);

/* "step 12: call baz() from foo() at complex.c:14" and its narration. */
char	*view_step_title(struct model_trace *, size_t i,
	    const struct view_opts *);

/*
 * How the program ended and what it left allocated, as lines of text; the
 * blocks by their book slots, or (view_ending_text) real addresses.
 */
char	*view_ending_text_of(struct model_trace *, bool book);
char	*view_ending_text(struct model_trace *);

/* The name of function pc ("foo"), or its address in hex; caller frees. */
char	*view_function_name(struct model_trace *, uint64_t pc);

/* "file.c:12" for pc (pass a return address as is), or NULL; caller frees. */
char	*view_location(struct model_trace *, uint64_t pc, bool return_address);

/* The first call-site frame that has a source line, as "file.c:12". */
char	*view_site_location(struct model_trace *, const uint64_t *pcs,
	    unsigned n);

#endif
