/*
 * ui_screen.h — the whole TUI screen drawn into a grid from the viewer's
 * state: title, the step and its narration, the picture (book or real
 * view), the source around the current line, the program's output, the
 * status line, and the help and break-on overlays.  No curses: tests draw
 * screens and compare their text.
 */
#ifndef UI_SCREEN_H
#define UI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model_search.h"
#include "model/model_trace.h"
#include "ui/ui_grid.h"
#include "ui/ui_source.h"

#define UI_MIN_W 80
#define UI_MIN_H 24

/*
 * The program's output, each piece stamped with the steps seen before it.
 * A program can print far faster than anyone reads (`yes`), so what is
 * held is bounded: the viewer stops reading the pipe while more than
 * UI_OUTPUT_AHEAD bytes wait unseen beyond the step shown (the program
 * then waits, as it does for events), and drops the oldest output, said
 * in the pane, once it holds more than UI_OUTPUT_MAX.
 */
#define UI_OUTPUT_MAX	(4u << 20)
#define UI_OUTPUT_AHEAD	(1u << 20)

struct ui_output {
	char	*text;
	size_t	 len, cap;
	size_t	 dropped;	/* bytes dropped from the front */
	struct ui_output_mark {
		size_t	offset;		/* where the piece starts in text */
		size_t	steps;		/* steps received when it arrived */
	}	*marks;
	size_t	 nmarks, capmarks;
};

void	ui_output_add(struct ui_output *, const char *, size_t, size_t steps);
/* Bytes held that step (0-based) of nsteps does not show yet. */
size_t	ui_output_unseen(const struct ui_output *, size_t step, size_t nsteps);
void	ui_output_free(struct ui_output *);

/* What to pause on (the `b` menu). */
struct ui_breaks {
	bool	call;		/* `function` being called */
	bool	ret;		/* `function` returning */
	bool	malloc;		/* every allocation */
	bool	free;		/* every free */
	bool	crash;
	bool	annotation;	/* each SH_STEP and narrated line */
	char	function[64];
	bool	on_line;	/* arriving at line.line (of line.file) */
	struct model_goal line;
	bool	on_change;	/* the watched row's value changing */
	struct model_goal change;
};

struct ui_view {
	struct model_trace	*trace;
	const char		*title;		/* the program's name */
	size_t			 step;		/* 0-based; meaningless if no steps */
	bool			 real;		/* real view instead of the book */
	uint32_t		 tid;		/* thread shown (t); 0: the step's */
	int			 scroll;	/* first table line; -1: automatic */
	bool			 playing;
	int			 speed;		/* steps per second */
	bool			 help;
	bool			 breaks_menu;
	struct ui_breaks	 breaks;
	bool			 choosing;	/* a row to watch is being chosen */
	size_t			 cursor;	/* ... the book table's row */
	bool			 expanding;	/* ... to expand, not to watch */
	bool			 expanded;	/* the row at cursor shown whole */
	int			 hscroll;	/* ... from this character on */
	bool			 prompting;	/* `:`, a function or a line is typed */
	const char		*prompt_label;
	char			 prompt[64];
	char			 message[160];	/* shown once in the status line */
	bool			 live;		/* the program still runs */
	bool			 present;	/* large, plain layout for a projector */
	bool			 predict;	/* show the next line, then the picture */
	bool			 hidden;	/* predict: step's picture not yet shown */
	bool			 ascii;
	bool			 library_blocks;	/* L: the libraries' own too */
	struct ui_output	*output;
	struct ui_sources	*sources;
	int			 table_lines;	/* out: lines the picture has */
	int			 table_first;	/* out: the first line shown */
	int			 table_height;	/* out: lines the pane shows */
};

/* Draws the screen for v into g (of the terminal's size). */
void	ui_screen_draw(struct ui_grid *g, struct ui_view *v);

#endif
