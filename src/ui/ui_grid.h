/*
 * ui_grid.h — our own screen: a grid of cells, each a character and an
 * attribute.  Every view draws into a grid; only ui_term.c copies a grid to
 * the terminal, and tests read it back as text.  No curses here.
 */
#ifndef UI_GRID_H
#define UI_GRID_H

#include <stddef.h>
#include <stdint.h>

/* Attributes: a colour role in the low bits, styles above. */
enum ui_role {
	UI_PLAIN,
	UI_TITLE,	/* title and status bars */
	UI_NEW,		/* a row that appeared at this step */
	UI_CHANGED,	/* a value that changed at this step */
	UI_LEAVING,	/* a row that goes away at this step */
	UI_DANGLING,	/* a pointer into freed memory */
	UI_FRAME,	/* a frame's heading */
	UI_CURRENT,	/* the current source line */
	UI_DIMMED,	/* separators, holes, hints */
	UI_HEADER,	/* column headers */
	UI_ROLES
};
#define UI_ROLE_MASK 0x0fu
#define UI_BOLD 0x10u
#define UI_REVERSE 0x20u
#define UI_UNDERLINE 0x40u

struct ui_cell {
	uint32_t	ch;	/* a Unicode code point; 0 for the right half of a wide one */
	uint16_t	attr;
};

struct ui_grid {
	int		 w, h;
	struct ui_cell	*cells;
};

void	ui_grid_init(struct ui_grid *, int w, int h);
void	ui_grid_free(struct ui_grid *);
void	ui_grid_clear(struct ui_grid *);
/*
 * Writes UTF-8 text at (x, y), at most maxw columns; control characters
 * and bidirectional controls are drawn as '?', so a hostile name cannot
 * drive the terminal or reorder the screen.  A wide character takes two
 * columns, a combining mark none.  Returns the columns written.
 */
int	ui_grid_text(struct ui_grid *, int x, int y, int maxw, const char *,
	    unsigned attr);
/*
 * Text with its tabs expanded to spaces, to stops every 8 columns as a
 * terminal sets them, counted from the text's start in columns as the
 * grid draws them; the caller frees.
 */
char	*ui_expand_tabs(const char *);
/* Sets the attribute of a run of cells (a highlighted line). */
void	ui_grid_paint(struct ui_grid *, int x, int y, int w, unsigned attr);
/* The grid as UTF-8 lines, trailing blanks trimmed; the caller frees. */
char	*ui_grid_to_text(const struct ui_grid *);

#endif
