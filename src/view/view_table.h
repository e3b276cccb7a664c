/*
 * view_table.h — a picture as rows of text cells: what the book and real
 * views produce, what `dump` prints and what the TUI draws.  Each row says
 * what it is (a heap block, a hole, a frame, ...) and what the step did to
 * it, so a renderer can highlight without knowing the model.
 */
#ifndef VIEWTABLE_H
#define VIEWTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TABLE_MAXCOLS 4

/*
 * ROWKIND_ and ROWFLAG_, not ROW_: the views must not use the wire's
 * names, and a grep for them ('W_[A-Z]') would find ROW_ too.
 */
enum view_row_kind {
	ROWKIND_HEAP,		/* a live heap block */
	ROWKIND_HOLE,		/* a freed heap slot below which blocks still live */
	ROWKIND_SEPARATOR,	/* "..." between regions */
	ROWKIND_STACK,		/* a variable on the stack */
	ROWKIND_FRAME,		/* a frame (real view) */
	ROWKIND_GAP,		/* unused bytes between things (real view) */
	ROWKIND_GLOBAL,		/* a global or static variable */
	ROWKIND_THREAD		/* a thread's stack begins (real view) */
};

/* What the step did to the row. */
#define ROWFLAG_NEW		0x1u	/* appeared at this step */
#define ROWFLAG_CHANGED		0x2u	/* its value changed at this step */
#define ROWFLAG_DANGLING	0x4u	/* holds a pointer into freed memory */
#define ROWFLAG_LEAVING		0x8u	/* gone after this step (popped, freed) */
#define ROWFLAG_LOST		0x10u	/* a heap block nothing points to any more */

struct view_row {
	enum view_row_kind	 kind;
	unsigned		 flags;
	char			*cells[TABLE_MAXCOLS];
	uint32_t		 frame;		/* frame index, stack rows */
	uint64_t		 fn;		/* its function, stack and frame rows */
	int			 region;	/* book: 0 heap, 1 stack, 2 globals */
	uint64_t		 key;		/* book: heap k, or stack/global slot */
};

struct view_table {
	int			 ncols;
	const char		*headers[TABLE_MAXCOLS];
	struct view_row	*rows;
	size_t			 nrows, caprows;
};

void	view_table_init(struct view_table *, int ncols, const char *const *headers);
void	view_table_clear(struct view_table *);
/* Adds a row; cells are copied (NULL is an empty cell). */
struct view_row *view_table_add(struct view_table *, enum view_row_kind,
	    unsigned flags, const char *const *cells);
/*
 * The mark of what the step did to a row, for pictures without colour:
 * "+" new, "~" changed, "-" leaving, "!" dangling, or "".
 */
const char *view_row_marker(const struct view_row *);
/* Display widths of each column (UTF-8 aware), for aligned text. */
void	view_table_widths(const struct view_table *, size_t *widths);
/* The display width of a UTF-8 string, in terminal columns. */
size_t	view_text_width(const char *);
/* One character of UTF-8: its length (0 at the end); bad bytes give '?'. */
size_t	view_utf8_decode(const char *, uint32_t *cp);
/* A character's columns (0, 1 or 2); a control's is 1, drawn as '?'. */
int	view_char_width(uint32_t cp);
/* C0, C1, DEL and the bidirectional controls: never sent to a terminal. */
bool	view_char_is_control(uint32_t cp);
bool	view_char_is_bidi(uint32_t cp);

#endif
