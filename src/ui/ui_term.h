/*
 * ui_term.h — the real terminal, through ncursesw: the only code in
 * stackheap that includes curses.  It copies a ui_grid to the screen and
 * turns terminal input into keys.  The terminal is restored by
 * ui_term_stop(), which is safe to call more than once and is also called
 * at exit and on fatal signals.
 */
#ifndef UI_TERM_H
#define UI_TERM_H

#include <stdbool.h>

#include "ui/ui_grid.h"

enum ui_key {
	UI_KEY_NONE = -1,
	UI_KEY_LEFT = 0x110000,	/* beyond Unicode, so chars stay chars */
	UI_KEY_RIGHT,
	UI_KEY_UP,
	UI_KEY_DOWN,
	UI_KEY_PGUP,
	UI_KEY_PGDN,
	UI_KEY_HOME,
	UI_KEY_END,
	UI_KEY_ENTER,
	UI_KEY_ESCAPE,
	UI_KEY_BACKSPACE,
	UI_KEY_WHEEL_UP,
	UI_KEY_WHEEL_DOWN,
	UI_KEY_RESIZE
};

/* Whether the terminal can show the viewer; false with *cause if not. */
bool	ui_term_check(char **cause);
/* Takes over the terminal; false with *cause if it cannot. */
bool	ui_term_start(bool color, char **cause);
void	ui_term_stop(void);
void	ui_term_size(int *w, int *h);
void	ui_term_show(const struct ui_grid *);
/* The next key, or UI_KEY_NONE when none is waiting (never blocks). */
int	ui_term_key(void);

#endif
