/*
 * ui_term.c — ncursesw underneath the grid.  Colours are given by role
 * (ui_grid.h); without colour (a monochrome terminal, or NO_COLOR set) the
 * roles fall back to bold, reverse, underline and dim, so nothing that
 * matters is told by colour alone.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <term.h>

#include "ui/ui_term.h"

static bool started;
static bool use_color;
static attr_t role_attrs[UI_ROLES];
static short role_pairs[UI_ROLES];

static void
define_roles(void)
{
	static const struct {
		enum ui_role	role;
		short		fg, bg;
		attr_t		mono;
	} roles[] = {
		{ UI_PLAIN, -1, -1, A_NORMAL },
		{ UI_TITLE, COLOR_WHITE, COLOR_BLUE, A_REVERSE },
		{ UI_NEW, COLOR_GREEN, -1, A_BOLD },
		{ UI_CHANGED, COLOR_YELLOW, -1, A_BOLD | A_UNDERLINE },
		{ UI_LEAVING, COLOR_MAGENTA, -1, A_DIM },
		{ UI_DANGLING, COLOR_RED, -1, A_UNDERLINE },
		{ UI_FRAME, COLOR_CYAN, -1, A_BOLD },
		{ UI_CURRENT, COLOR_BLACK, COLOR_YELLOW, A_REVERSE },
		{ UI_DIMMED, COLOR_BLUE, -1, A_DIM },
		{ UI_HEADER, -1, -1, A_UNDERLINE },
	};
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		role_attrs[roles[i].role] = roles[i].mono;
		role_pairs[roles[i].role] = 0;
		if (use_color && roles[i].role != UI_PLAIN) {
			init_pair((short)(i + 1), roles[i].fg, roles[i].bg);
			role_pairs[roles[i].role] = (short)(i + 1);
			role_attrs[roles[i].role] = roles[i].role == UI_DIMMED ?
			    A_NORMAL : roles[i].role == UI_HEADER ? A_UNDERLINE :
			    A_NORMAL;
		}
	}
}

/*
 * The viewer draws by moving the cursor.  A terminal that cannot (TERM=dumb,
 * an editor's shell buffer) would get a blank screen and keys that seem
 * dead; refuse it with a line that says why and what to use instead.
 */
bool
ui_term_check(char **cause)
{
	const char *term = getenv("TERM");
	TERMINAL *before = cur_term;
	char *cup;
	int err;
	bool ok;

	if (setupterm(NULL, 1, &err) != OK) {
		if (asprintf(cause, "the viewer does not know the terminal type "
		    "'%s' (set TERM; for text, use 'stackheap dump')",
		    term != NULL ? term : "") < 0)
			*cause = NULL;
		return false;
	}
	cup = tigetstr("cup");
	ok = cup != NULL && cup != (char *)-1;
	del_curterm(set_curterm(before));
	if (!ok && asprintf(cause, "the terminal (TERM=%s) cannot move the "
	    "cursor, which the viewer needs (for text, use 'stackheap dump')",
	    term != NULL ? term : "") < 0)
		*cause = NULL;
	return ok;
}

bool
ui_term_start(bool color, char **cause)
{
	if (started)
		return true;
	if (newterm(NULL, stdout, stdin) == NULL) {
		*cause = strdup("cannot start the terminal (is TERM set?)");
		return false;
	}
	started = true;
	atexit(ui_term_stop);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	use_color = color && has_colors();
	if (use_color) {
		start_color();
		use_default_colors();
	}
	define_roles();
	return true;
}

void
ui_term_stop(void)
{
	if (!started)
		return;
	started = false;
	endwin();
}

void
ui_term_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

static attr_t
attrs_of(unsigned attr, short *pair)
{
	unsigned role = attr & UI_ROLE_MASK;
	attr_t a = role < UI_ROLES ? role_attrs[role] : A_NORMAL;

	*pair = role < UI_ROLES ? role_pairs[role] : 0;
	if (attr & UI_BOLD)
		a |= A_BOLD;
	if (attr & UI_REVERSE)
		a |= A_REVERSE;
	if (attr & UI_UNDERLINE)
		a |= A_UNDERLINE;
	return a;
}

void
ui_term_show(const struct ui_grid *g)
{
	int x, y, w, h;

	getmaxyx(stdscr, h, w);
	for (y = 0; y < g->h && y < h; y++)
		for (x = 0; x < g->w && x < w; x++) {
			const struct ui_cell *c = &g->cells[(size_t)y * (size_t)g->w +
			    (size_t)x];
			wchar_t wc[2] = { (wchar_t)c->ch, 0 };
			cchar_t cc;
			short pair;
			attr_t a;

			if (c->ch == 0)
				continue;
			a = attrs_of(c->attr, &pair);
			setcchar(&cc, wc, a, pair, NULL);
			mvadd_wch(y, x, &cc);
		}
	refresh();
}

static int
mouse_key(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return UI_KEY_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return UI_KEY_WHEEL_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return UI_KEY_WHEEL_DOWN;
	return UI_KEY_NONE;
}

int
ui_term_key(void)
{
	wint_t ch;
	int kind = get_wch(&ch);

	if (kind == ERR)
		return UI_KEY_NONE;
	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_LEFT: return UI_KEY_LEFT;
		case KEY_RIGHT: return UI_KEY_RIGHT;
		case KEY_UP: return UI_KEY_UP;
		case KEY_DOWN: return UI_KEY_DOWN;
		case KEY_PPAGE: return UI_KEY_PGUP;
		case KEY_NPAGE: return UI_KEY_PGDN;
		case KEY_HOME: return UI_KEY_HOME;
		case KEY_END: return UI_KEY_END;
		case KEY_ENTER: return UI_KEY_ENTER;
		case KEY_BACKSPACE: return UI_KEY_BACKSPACE;
		case KEY_RESIZE: return UI_KEY_RESIZE;
		case KEY_MOUSE: return mouse_key();
		default: return UI_KEY_NONE;
		}
	}
	switch (ch) {
	case 27: return UI_KEY_ESCAPE;
	case '\r': case '\n': return UI_KEY_ENTER;
	case 127: case 8: return UI_KEY_BACKSPACE;
	default: return (int)ch;
	}
}
