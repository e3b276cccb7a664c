/*
 * ui_app.h — the interactive viewer: what keys do to the view (stepping,
 * playing, pausing on events, jumping, switching views), and the loop that
 * reads keys, the live program's event stream and its output together, so
 * the viewer never freezes and the program never runs more than a bound
 * ahead of what is shown.
 */
#ifndef UI_APP_H
#define UI_APP_H

#include <stdbool.h>
#include <sys/types.h>

#include "ui/ui_screen.h"

struct ui_app {
	struct ui_view		 view;
	struct model_trace	*trace;
	int			 stream_fd;	/* -1: nothing more will come */
	int			 output_fd;	/* -1: none */
	pid_t			 pid;		/* the live program, or -1 */
	bool			 quit;
	int			 seek;		/* `c` under way: +1, `C`: -1, or 0 */
	size_t			 seek_origin;	/* where it started */
	bool			 seek_goal;	/* ... to goal (over, out), not a break */
	bool			 seek_end;	/* `G` in a live run: to its end */
	struct model_goal	 goal;
	char			 why[160];	/* why a break stops (break_at's) */
	long			 next_tick_ms;
	struct ui_output	 output;
	size_t			 outs_taken;	/* the trace's output pieces in it */
	int			 stopped_by;	/* out: SIGINT, SIGTERM, SIGHUP or 0 */
	bool			 said_changed;	/* the trace file changed: said */
};

/*
 * Sets up an app over trace (which it does not own).  For a live program,
 * stream_fd and output_fd are read ends it takes over, pid the program,
 * which the app kills and reaps when it quits.
 */
void	ui_app_init(struct ui_app *, struct model_trace *, const char *title,
	    int stream_fd, int output_fd, pid_t pid);
void	ui_app_free(struct ui_app *);
/*
 * Which source files the viewer may read (ui_source.h).  By default: the
 * files the program's debug information names, and for a live program
 * any file its trace names.
 */
void	ui_app_set_sources(struct ui_app *, const struct ui_source_policy *);

/* What a key does; sets app->quit for q and Ctrl-C. */
void	ui_app_key(struct ui_app *, int key);
/* A tick of the player (and of a `c` under way). */
void	ui_app_tick(struct ui_app *);

/*
 * The whole interactive session in the terminal; 0, or 1 with *cause.
 * Set view.ascii first where the terminal cannot show UTF-8.  A signal
 * that stops it returns 0 too, the terminal restored and the program
 * ended, with the signal in stopped_by: the caller dies of it.
 */
int	ui_app_run(struct ui_app *, char **cause);

#endif
