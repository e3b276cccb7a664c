/*
 * ui_app.c — the viewer's controller and its loop.
 *
 * Keys change the view (ui_app_key) and the player moves it on
 * (ui_app_tick): both are plain functions of the state, tested without a
 * terminal.  The loop (ui_app_run) waits on the keyboard, the program's
 * event stream and its output at once.  It reads at most a chunk at a time
 * so keys are never kept waiting, and stops reading the stream while the
 * program is more than RUN_AHEAD steps ahead of the step shown: the pipe
 * then fills and the program waits, and no event is ever dropped.  Its
 * output is held back the same way, and bounded (ui_output).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/model_step.h"
#include "view/view.h"
#include "ui/ui_app.h"
#include "ui/ui_term.h"
#include "wire/wire_encode.h"

#define RUN_AHEAD 100000	/* steps the program may be ahead */
#define READ_CHUNK (256u << 10)
#define SEEK_BATCH 20000	/* steps `c` looks at between keys */
#define SPEED_MIN 1
#define SPEED_MAX 1024
#define SPEED_DEFAULT 2
#define LINE_PROMPT "pause on line: "

static volatile sig_atomic_t stop_signal;

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void
ui_app_init(struct ui_app *a, struct model_trace *t, const char *title,
    int stream_fd, int output_fd, pid_t pid)
{
	memset(a, 0, sizeof *a);
	a->trace = t;
	a->stream_fd = stream_fd;
	a->output_fd = output_fd;
	a->pid = pid;
	a->view.trace = t;
	a->view.title = title;
	a->view.scroll = -1;
	a->view.speed = SPEED_DEFAULT;
	a->view.live = pid > 0;
	a->view.output = &a->output;
	a->view.sources = ui_sources_new(&(struct ui_source_policy){
	    .symbols = model_trace_symbols(t), .trust_trace = pid > 0 });
	ui_sources_narrate(a->view.sources, t);
}

void
ui_app_set_sources(struct ui_app *a, const struct ui_source_policy *policy)
{
	ui_sources_free(a->view.sources);
	a->view.sources = ui_sources_new(policy);
	ui_sources_narrate(a->view.sources, a->view.trace);
}

void
ui_app_free(struct ui_app *a)
{
	model_goal_clear(&a->goal);
	model_goal_clear(&a->view.breaks.line);
	model_goal_clear(&a->view.breaks.change);
	ui_sources_narrate(NULL, a->view.trace);
	ui_sources_free(a->view.sources);
	ui_output_free(&a->output);
}

static size_t
nsteps(const struct ui_app *a)
{
	return model_trace_nsteps(a->trace);
}

static void
say(struct ui_app *a, const char *text)
{
	snprintf(a->view.message, sizeof a->view.message, "%s", text);
}

static void
go(struct ui_app *a, size_t step)
{
	size_t n = nsteps(a);

	if (n == 0)
		return;
	a->view.step = step < n ? step : n - 1;
	a->view.scroll = -1;
	a->view.hidden = false;
}

/*
 * One step forward; in predict mode the picture is held back first (the
 * screen shows the line about to run) and the next key reveals it.
 */
static void
forward(struct ui_app *a)
{
	go(a, a->view.step + 1);
	if (a->view.predict)
		a->view.hidden = true;
}

/* --- what to pause on ------------------------------------------------------ */

static bool
function_is(struct ui_app *a, uint64_t fn)
{
	const struct ui_breaks *b = &a->view.breaks;
	char *name;
	bool same;

	if (b->function[0] == '\0')
		return false;
	name = view_function_name(a->trace, fn);
	same = strcmp(name, b->function) == 0;
	free(name);
	return same;
}

/* Does step i stop the player, and why (NULL: it does not)? */
static const char *
event_break(struct ui_app *a, size_t i)
{
	const struct ui_breaks *b = &a->view.breaks;
	struct model_step st;

	if (!model_trace_step(a->trace, i, &st))
		return NULL;
	switch (st.kind) {
	case MODEL_STEP_CALL:
		return b->call && function_is(a, st.call.fn) ? "a call" : NULL;
	case MODEL_STEP_RETURN:
		return b->ret && function_is(a, st.returned_fn) ? "a return" :
		    NULL;
	case MODEL_STEP_ALLOC:
		return b->malloc ? "a malloc" : NULL;
	case MODEL_STEP_REALLOC:
		if (st.heap.addr == 0)
			return b->free ? "a free" : NULL;
		return b->malloc ? "a realloc" : NULL;
	case MODEL_STEP_FREE:
		return b->free ? "a free" : NULL;
	case MODEL_STEP_CRASH:
		return b->crash ? "the crash" : NULL;
	case MODEL_STEP_ANNOTATION:
		return b->annotation ? "SH_STEP" : NULL;
	case MODEL_STEP_VAR:
	case MODEL_STEP_GLOBAL:
	case MODEL_STEP_LINE:
		break;
	}
	/* a `say:` comment or SH_SAY: the teacher's words, whichever wrote them */
	if (b->annotation && model_trace_step_say(a->trace, i) != NULL)
		return "a narrated line";
	return NULL;
}

/* Does step i arrive at the line, or change the watched value? */
static const char *
goal_break(struct ui_app *a, size_t i)
{
	struct ui_breaks *b = &a->view.breaks;

	if (b->on_line && model_goal_met(a->trace, &b->line, i)) {
		snprintf(a->why, sizeof a->why, "line %d%s%.60s", b->line.line,
		    b->line.file[0] != '\0' ? " of " : "", b->line.file);
		return a->why;
	}
	if (b->on_change && model_goal_met(a->trace, &b->change, i)) {
		snprintf(a->why, sizeof a->why, "a change of %s",
		    b->change.watch.name);
		return a->why;
	}
	return NULL;
}

/* Does step i stop the player, and why (NULL: it does not)? */
static const char *
break_at(struct ui_app *a, size_t i)
{
	const char *why = event_break(a, i);

	return why != NULL ? why : goal_break(a, i);
}

static bool
any_break(const struct ui_breaks *b)
{
	return b->call || b->ret || b->malloc || b->free || b->crash ||
	    b->annotation || b->on_line || b->on_change;
}

static bool
is_break(struct model_trace *t, size_t i, void *arg)
{
	(void)t;
	return break_at(arg, i) != NULL;
}

/*
 * Searches at most limit steps after (dir > 0) or before step from for one
 * to pause on; the match or (size_t)-1.  A search through 100 million
 * steps takes seconds: seek_tick does it in batches, so the screen shows
 * how far it got and a key stops it.
 */
static size_t
find_break(struct ui_app *a, size_t from, int dir, size_t limit)
{
	return model_search(a->trace, from, dir, limit, is_break, a);
}

static void seek_tick(struct ui_app *);

/* A search in direction dir, for a break or for a->goal, in batches. */
static void
seek_start(struct ui_app *a, int dir, bool goal)
{
	a->seek = dir;
	a->seek_goal = goal;
	a->seek_origin = a->view.step;
	seek_tick(a);
}

static void
run_to_break(struct ui_app *a, int dir)
{
	a->view.playing = false;
	if (!any_break(&a->view.breaks)) {
		say(a, "nothing to pause on: press b to choose");
		return;
	}
	seek_start(a, dir, false);
}

/* --- stepping over and out ----------------------------------------------------- */

/* The function of thread tid's innermost frame at step i ("?" if none). */
static char *
frame_name(struct ui_app *a, size_t i, uint32_t tid)
{
	const struct model_state *s = model_trace_seek(a->trace, i);
	const struct model_thread *th = s != NULL ? model_state_thread(s, tid) :
	    NULL;

	if (th == NULL || th->nframes == 0)
		return strdup("?");
	return view_function_name(a->trace, th->frames[th->nframes - 1].fn);
}

/* The status line: where the step over or out (dir) has stopped. */
static void
say_goal(struct ui_app *a, size_t hit, int dir)
{
	const struct model_goal *g = &a->goal;
	char *there = frame_name(a, hit, g->tid);
	char *left = view_function_name(a->trace, g->fn);

	if (g->kind == MODEL_GOAL_OVER)
		snprintf(a->view.message, sizeof a->view.message, "%s: the %s "
		    "step in %s()", dir > 0 ? "stepped over" : "stepped back over",
		    dir > 0 ? "next" : "previous", there);
	else if (dir > 0)
		snprintf(a->view.message, sizeof a->view.message, "stepped out "
		    "of %s(): it returned to %s()", left, there);
	else
		snprintf(a->view.message, sizeof a->view.message, "stepped back "
		    "out of %s(): %s() before the call", left, there);
	free(there);
	free(left);
}

static void
say_no_goal(struct ui_app *a, int dir)
{
	char *left = view_function_name(a->trace, a->goal.fn);

	if (a->goal.kind == MODEL_GOAL_OVER)
		snprintf(a->view.message, sizeof a->view.message, "no %s step in "
		    "this frame or an outer one", dir > 0 ? "later" : "earlier");
	else
		snprintf(a->view.message, sizeof a->view.message, dir > 0 ?
		    "%s() does not return in this trace" :
		    "no step before %s() was called", left);
	free(left);
}

/* Step over (kind MODEL_GOAL_OVER) or out, forward or back. */
static void
step_goal(struct ui_app *a, enum model_goal_kind kind, int dir)
{
	size_t hit;
	bool ok;

	a->view.playing = false;
	a->seek = 0;
	if (nsteps(a) == 0)
		return;
	model_goal_clear(&a->goal);
	ok = kind == MODEL_GOAL_OVER ? model_goal_over(a->trace, a->view.step,
	    &a->goal) : model_goal_out(a->trace, a->view.step, &a->goal);
	if (!ok) {
		say(a, "this step is in no function: nothing to step out of");
		return;
	}
	hit = model_search_goal(a->trace, &a->goal, a->view.step, dir,
	    (size_t)-1);
	if (hit != MODEL_SEARCH_NONE) {
		go(a, hit);
		say_goal(a, hit, dir);
	} else if (dir > 0 && a->view.live) {
		a->seek = 1;	/* the program has not got there yet */
		a->seek_goal = true;
		a->seek_origin = a->view.step;
		say(a, "running on until the program gets there...");
	} else {
		say_no_goal(a, dir);
	}
}

/* --- pausing on a line, on a variable's change ------------------------------ */

static void
break_on_line(struct ui_app *a, const char *file, int line)
{
	struct ui_breaks *b = &a->view.breaks;

	model_goal_clear(&b->line);
	model_goal_line(file, line, view_step_source, &b->line);
	b->on_line = true;
	snprintf(a->view.message, sizeof a->view.message, "pausing on line %d%s%.60s:"
	    " c / C run to it", line, b->line.file[0] != '\0' ? " of " : "",
	    b->line.file);
}

/* B: the source pane's current line, or off if it is the one set. */
static void
toggle_current_line(struct ui_app *a)
{
	struct ui_breaks *b = &a->view.breaks;
	const char *file;
	int line;

	if (nsteps(a) == 0 || !view_step_source(a->trace, a->view.step, &file,
	    &line)) {
		say(a, "this step has no source line");
		return;
	}
	if (b->on_line && b->line.line == line) {
		b->on_line = false;
		say(a, "no longer pausing on a line");
		return;
	}
	break_on_line(a, file, line);
}

/* "12" (in the current step's file, if it has one) or "file.c:12". */
static void
line_typed(struct ui_app *a, const char *text)
{
	const char *colon = strrchr(text, ':'), *file = NULL;
	char name[256];
	char *end;
	long n;
	int line;

	if (colon != NULL) {
		snprintf(name, sizeof name, "%.*s", (int)(colon - text), text);
		file = name;
		text = colon + 1;
	} else if (nsteps(a) == 0 || !view_step_source(a->trace, a->view.step,
	    &file, &line)) {
		file = NULL;
	}
	n = strtol(text, &end, 10);
	if (*text == '\0' || *end != '\0' || n < 1 || n > 100000000) {
		snprintf(a->view.message, sizeof a->view.message, "no line '%s': "
		    "type a number, or file.c:number", text);
		return;
	}
	break_on_line(a, file, (int)n);
}

static bool
watchable(const struct view_row *r)
{
	return (r->kind == ROWKIND_STACK || r->kind == ROWKIND_GLOBAL ||
	    r->kind == ROWKIND_HEAP) && !(r->flags & ROWFLAG_LEAVING);
}

/* The book picture of the step shown, as the screen draws it. */
static void
shown_table(struct ui_app *a, struct view_table *t)
{
	struct view_opts o = { .ascii = a->view.ascii, .tid = a->view.tid,
	    .library_blocks = a->view.library_blocks };

	memset(t, 0, sizeof *t);
	view_book_render_step(a->trace, a->view.step, &o, t);
}

/* The next watchable row from the cursor in direction dir, if any. */
static void
move_cursor(struct ui_app *a, int dir)
{
	struct view_table t;
	size_t i = a->view.cursor;

	shown_table(a, &t);
	while (dir > 0 ? i + 1 < t.nrows : i > 0) {
		i = dir > 0 ? i + 1 : i - 1;
		if (watchable(&t.rows[i])) {
			a->view.cursor = i;
			break;
		}
	}
	view_table_clear(&t);
}

static void
say_choose(struct ui_app *a)
{
	say(a, a->view.expanding ? "choose a row: Up / Down, Enter to see it "
	    "whole, Escape to cancel" : "choose a row: Up / Down, Enter to "
	    "watch it, Escape to cancel");
}

/* v in the b menu, or e: choose a row of the picture, from the stack's first. */
static void
start_choosing(struct ui_app *a)
{
	struct view_table t;
	size_t i, first = (size_t)-1;

	if (nsteps(a) == 0)
		return;
	a->view.real = false;	/* the book's rows are the ones watched */
	a->view.scroll = -1;
	shown_table(a, &t);
	for (i = 0; i < t.nrows; i++)
		if (watchable(&t.rows[i]) && (first == (size_t)-1 ||
		    (t.rows[i].kind == ROWKIND_STACK &&
		    t.rows[first].kind != ROWKIND_STACK)))
			first = i;
	view_table_clear(&t);
	if (first == (size_t)-1) {
		say(a, "this picture has no variable to watch");
		return;
	}
	a->view.cursor = first;
	a->view.choosing = true;
	say_choose(a);
}

static void
choose_row(struct ui_app *a)
{
	struct ui_breaks *b = &a->view.breaks;
	struct view_table t;

	a->view.choosing = false;
	if (a->view.expanding) {	/* e: the row whole, from its start */
		a->view.expanding = false;
		a->view.expanded = true;
		a->view.hscroll = 0;
		return;
	}
	shown_table(a, &t);
	model_goal_clear(&b->change);
	b->on_change = a->view.cursor < t.nrows && view_goal_change(a->trace,
	    a->view.step, a->view.tid, &t.rows[a->view.cursor], &b->change);
	view_table_clear(&t);
	if (b->on_change)
		snprintf(a->view.message, sizeof a->view.message, "watching %s: "
		    "c / C run to its next / previous change", b->change.watch.name);
	else
		say(a, "that row cannot be watched");
}

static void
choose_key(struct ui_app *a, int key)
{
	switch (key) {
	case UI_KEY_UP: case 'k': move_cursor(a, -1); break;
	case UI_KEY_DOWN: case 'j': move_cursor(a, 1); break;
	case UI_KEY_ENTER: choose_row(a); break;
	case UI_KEY_ESCAPE: a->view.choosing = a->view.expanding = false; break;
	case 'q': case 3: a->quit = true; break;
	default: break;
	}
	if (a->view.choosing)
		say_choose(a);
}

/* The expanded row's keys: Left and Right scroll it, e or Escape close. */
static bool
expanded_key(struct ui_app *a, int key)
{
	switch (key) {
	case UI_KEY_LEFT: case 'h':
		a->view.hscroll = a->view.hscroll > 16 ? a->view.hscroll - 16 : 0;
		return true;
	case UI_KEY_RIGHT: case 'l':
		a->view.hscroll += 16;	/* the screen keeps it in the text */
		return true;
	case 'e': case UI_KEY_ESCAPE:
		a->view.expanded = false;
		return true;
	default:
		return false;	/* stepping goes on, the row stays open */
	}
}

/* --- keys ------------------------------------------------------------------- */

static void
prompt(struct ui_app *a, const char *label)
{
	a->view.prompting = true;
	a->view.prompt_label = label;
	a->view.prompt[0] = '\0';
}

static void
prompt_done(struct ui_app *a)
{
	char *end;
	long n;

	a->view.prompting = false;
	if (strcmp(a->view.prompt_label, ":") == 0) {
		n = strtol(a->view.prompt, &end, 10);
		if (*end != '\0' || n < 1 || (size_t)n > nsteps(a)) {
			snprintf(a->view.message, sizeof a->view.message,
			    "no step '%s': steps go from 1 to %zu", a->view.prompt,
			    nsteps(a));
			return;
		}
		go(a, (size_t)n - 1);
		return;
	}
	if (strcmp(a->view.prompt_label, LINE_PROMPT) == 0) {
		line_typed(a, a->view.prompt);
		a->view.breaks_menu = true;
		return;
	}
	snprintf(a->view.breaks.function, sizeof a->view.breaks.function, "%s",
	    a->view.prompt);
	if (a->view.prompt[0] != '\0' && !a->view.breaks.ret)
		a->view.breaks.call = true;
	a->view.breaks_menu = true;
}

static void
prompt_key(struct ui_app *a, int key)
{
	size_t len = strlen(a->view.prompt);

	if (key == UI_KEY_ENTER) {
		prompt_done(a);
	} else if (key == UI_KEY_ESCAPE || key == 3) {
		a->view.prompting = false;
	} else if (key == UI_KEY_BACKSPACE) {
		if (len > 0)
			a->view.prompt[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof a->view.prompt) {
		a->view.prompt[len] = (char)key;
		a->view.prompt[len + 1] = '\0';
	}
}

static void
breaks_key(struct ui_app *a, int key)
{
	struct ui_breaks *b = &a->view.breaks;

	switch (key) {
	case 'f': a->view.breaks_menu = false; prompt(a, "pause on function: "); break;
	case '1': b->call = !b->call; break;
	case '2': b->ret = !b->ret; break;
	case 'm': b->malloc = !b->malloc; break;
	case 'x': b->free = !b->free; break;
	case 'k': b->crash = !b->crash; break;
	case 's': b->annotation = !b->annotation; break;
	case 'l': a->view.breaks_menu = false; prompt(a, LINE_PROMPT); break;
	case '.': toggle_current_line(a); break;
	case 'L': b->on_line = false; break;
	case 'v':
		a->view.breaks_menu = false;
		if (b->on_change)
			b->on_change = false;
		else
			start_choosing(a);
		break;
	case 'q': case 3: a->quit = true; break;
	case 'b': case UI_KEY_ESCAPE: case UI_KEY_ENTER: a->view.breaks_menu = false; break;
	default: break;
	}
}

static void
scroll_by(struct ui_app *a, int lines)
{
	int max = a->view.table_lines - a->view.table_height;
	int first = (a->view.scroll >= 0 ? a->view.scroll : a->view.table_first) +
	    lines;

	if (first > max)
		first = max;
	a->view.scroll = first < 0 ? 0 : first;
}

static void
toggle_play(struct ui_app *a)
{
	a->seek = 0;
	if (!a->view.playing && !a->view.live && nsteps(a) > 0 &&
	    a->view.step + 1 >= nsteps(a))
		go(a, 0);	/* at the end: play it again */
	a->view.playing = !a->view.playing;
	a->next_tick_ms = now_ms() + 1000 / a->view.speed;
}

static void
change_speed(struct ui_app *a, bool faster)
{
	if (faster && a->view.speed < SPEED_MAX)
		a->view.speed *= 2;
	else if (!faster && a->view.speed > SPEED_MIN)
		a->view.speed /= 2;
	snprintf(a->view.message, sizeof a->view.message, "speed: %d steps a "
	    "second", a->view.speed);
}

static void
step_by(struct ui_app *a, int dir)
{
	a->view.playing = false;
	a->seek = 0;
	if (dir > 0 && a->view.step + 1 < nsteps(a))
		forward(a);
	else if (dir < 0 && a->view.step > 0)
		go(a, a->view.step - 1);
	else if (dir > 0)
		say(a, a->view.live ? "this is the newest step so far" :
		    "this is the last step");
	else
		say(a, "this is the first step");
}

/* Shows the next thread's stack, whatever thread the steps are in. */
static void
next_thread(struct ui_app *a)
{
	const struct model_state *s;
	uint32_t now;
	size_t i;

	if (nsteps(a) == 0 || (s = model_trace_seek(a->trace, a->view.step)) ==
	    NULL || s->nthreads < 2) {
		say(a, "the program has one thread");
		return;
	}
	now = a->view.tid != 0 ? a->view.tid : model_trace_step_tid(a->trace,
	    a->view.step);
	for (i = 0; i < s->nthreads && s->threads[i].tid != now; i++)
		;
	a->view.tid = s->threads[(i + 1) % s->nthreads].tid;
	a->view.scroll = -1;
	snprintf(a->view.message, sizeof a->view.message, "showing thread %u's "
	    "stack (T: each step's own)", a->view.tid);
}

/*
 * G: the last step.  In a live run the last step so far is not the end:
 * follow the program until it ends (seek_end_tick), showing how far it
 * has got; any key stops there.
 */
static void
go_to_end(struct ui_app *a)
{
	a->view.playing = false;
	a->seek = 0;
	go(a, nsteps(a) ? nsteps(a) - 1 : 0);
	if (!a->view.live)
		return;
	a->seek = 1;
	a->seek_end = true;
	say(a, "running to the end of the program (any key stops)...");
}

void
ui_app_key(struct ui_app *a, int key)
{
	a->view.message[0] = '\0';
	if (a->seek_end && key != UI_KEY_RESIZE) {	/* a key stops G's run */
		a->seek = 0;
		a->seek_end = false;
	} else if (a->seek != 0 && key != 'q' && key != 3 &&
	    key != UI_KEY_RESIZE) {
		a->seek = 0;	/* any key but quit stops a search, there */
		snprintf(a->view.message, sizeof a->view.message, "stopped "
		    "searching at step %zu", a->view.step + 1);
		return;
	}
	if (a->view.hidden && key != 'q' && key != 3 && key != 'w') {
		a->view.hidden = false;		/* the reveal */
		return;
	}
	if (a->view.prompting) {
		prompt_key(a, key);
		return;
	}
	if (a->view.breaks_menu) {
		breaks_key(a, key);
		return;
	}
	if (a->view.choosing) {
		choose_key(a, key);
		return;
	}
	if (a->view.expanded && expanded_key(a, key))
		return;
	if (a->view.help && key != 'q' && key != 3) {
		if (key == '?' || key == UI_KEY_ESCAPE || key == UI_KEY_ENTER)
			a->view.help = false;
		return;
	}
	switch (key) {
	case 'n': case UI_KEY_RIGHT: step_by(a, 1); break;
	case 'p': case UI_KEY_LEFT: step_by(a, -1); break;
	case 'o': step_goal(a, MODEL_GOAL_OVER, 1); break;
	case 'O': step_goal(a, MODEL_GOAL_OVER, -1); break;
	case 'u': step_goal(a, MODEL_GOAL_OUT, 1); break;
	case 'U': step_goal(a, MODEL_GOAL_OUT, -1); break;
	case 'B': toggle_current_line(a); break;
	case ' ': toggle_play(a); break;
	case '+': case '=': change_speed(a, true); break;
	case '-': change_speed(a, false); break;
	case 'g': case UI_KEY_HOME: go(a, 0); break;
	case 'G': case UI_KEY_END: go_to_end(a); break;
	case ':': prompt(a, ":"); break;
	case 'b': a->view.breaks_menu = true; break;
	case 'c': run_to_break(a, 1); break;
	case 'C': run_to_break(a, -1); break;
	case 'v': a->view.real = !a->view.real; a->view.scroll = -1; break;
	case 'P': a->view.present = !a->view.present; break;
	case 't': next_thread(a); break;
	case 'T': a->view.tid = 0; say(a, "showing the stack of each step's thread"); break;
	case 'a':
		model_state_show_all_locals(!model_state_all_locals());
		say(a, model_state_all_locals() ? "showing every local (a: the "
		    "registered ones again)" : "showing the registered variables");
		break;
	case 'L':
		a->view.library_blocks = !a->view.library_blocks;
		say(a, a->view.library_blocks ? "showing the libraries' own "
		    "blocks, apart (L: hide them)" : "the libraries' own blocks "
		    "are hidden");
		break;
	case 'w':
		a->view.predict = !a->view.predict;
		a->view.hidden = false;
		say(a, a->view.predict ? "predict: each step shows its line first" :
		    "predict is off");
		break;
	case 'e':
		a->view.expanding = true;
		start_choosing(a);
		a->view.expanding = a->view.choosing;	/* none to choose */
		break;
	case '?': a->view.help = true; break;
	case 'q': case 3: a->quit = true; break;
	case UI_KEY_UP: scroll_by(a, -1); break;
	case UI_KEY_DOWN: scroll_by(a, 1); break;
	case UI_KEY_WHEEL_UP: scroll_by(a, -3); break;
	case UI_KEY_WHEEL_DOWN: scroll_by(a, 3); break;
	case UI_KEY_PGUP: scroll_by(a, -(a->view.table_height - 1)); break;
	case UI_KEY_PGDN: scroll_by(a, a->view.table_height - 1); break;
	default: break;
	}
}

/* --- the player -------------------------------------------------------------- */

/* A slice of a `c` or `C` search; the view follows it, as progress. */
static void
seek_end_tick(struct ui_app *a)
{
	if (nsteps(a) > 0)
		go(a, nsteps(a) - 1);
	if (a->view.live) {
		snprintf(a->view.message, sizeof a->view.message, "running to "
		    "the end: step %zu so far (any key stops)", nsteps(a));
		return;
	}
	a->seek = 0;
	a->seek_end = false;
	say(a, "the program has ended: this is its last step");
}

static void
seek_tick(struct ui_app *a)
{
	int dir = a->seek;
	size_t from = a->view.step, n = nsteps(a), hit, at;
	bool ended;

	hit = a->seek_goal ? model_search_goal(a->trace, &a->goal, from, dir,
	    SEEK_BATCH) : find_break(a, from, dir, SEEK_BATCH);

	if (hit != (size_t)-1) {
		a->seek = 0;
		go(a, hit);
		if (a->seek_goal)
			say_goal(a, hit, dir);
		else
			snprintf(a->view.message, sizeof a->view.message,
			    "paused on %s", break_at(a, hit));
		return;
	}
	at = dir > 0 ? (from + SEEK_BATCH < n ? from + SEEK_BATCH :
	    (n > 0 ? n - 1 : 0)) : (from > SEEK_BATCH ? from - SEEK_BATCH : 0);
	ended = dir > 0 ? at + 1 >= n : at == 0;
	if (ended && dir > 0 && a->view.live) {
		go(a, at);	/* the program may still get there */
		say(a, a->seek_goal ? "running on until the program gets "
		    "there..." : "running to the next such event...");
	} else if (ended) {
		go(a, a->seek_origin);
		a->seek = 0;
		if (a->seek_goal)
			say_no_goal(a, dir);
		else
			say(a, dir > 0 ? "no later step matches" :
			    "no earlier step matches");
	} else {
		go(a, at);
		snprintf(a->view.message, sizeof a->view.message, "searching "
		    "%s: step %zu of %zu (any key stops)", dir > 0 ?
		    "forward" : "back", at + 1, n);
	}
}

void
ui_app_tick(struct ui_app *a)
{
	const char *why;

	if (a->seek && a->seek_end) {
		seek_end_tick(a);
		return;
	}
	if (a->seek) {
		seek_tick(a);
		return;
	}
	if (!a->view.playing || now_ms() < a->next_tick_ms)
		return;
	a->next_tick_ms = now_ms() + 1000 / a->view.speed;
	if (a->view.hidden) {
		a->view.hidden = false;
		return;
	}
	if (a->view.step + 1 >= nsteps(a)) {
		if (!a->view.live)
			a->view.playing = false;
		return;
	}
	forward(a);
	if ((why = break_at(a, a->view.step)) != NULL) {
		a->view.playing = false;
		snprintf(a->view.message, sizeof a->view.message, "paused on %s", why);
	}
}

/* --- the live program ------------------------------------------------------------ */

static void
read_stream(struct ui_app *a, uint8_t *buf)
{
	ssize_t n = read(a->stream_fd, buf, READ_CHUNK);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0) {
		if (!model_trace_feed(a->trace, buf, (size_t)n)) {
			snprintf(a->view.message, sizeof a->view.message, "%s",
			    model_trace_error(a->trace));
			close(a->stream_fd);
			a->stream_fd = -1;
		}
		return;
	}
	close(a->stream_fd);
	a->stream_fd = -1;
}

/*
 * The program's output comes in its trace, each piece with the step that
 * wrote it (rt_output.c); the output pipe has only what the runtime could
 * not take (a child's, a raw syscall's), shown from when it arrives.
 */
static void
take_trace_output(struct ui_app *a)
{
	static const char cut[] = "\n[output cut: the trace keeps no more]\n";
	const struct model_output *o;
	size_t n = model_trace_outputs(a->trace, &o);

	for (; a->outs_taken < n; a->outs_taken++) {
		const struct model_output *p = &o[a->outs_taken];

		if (p->cut)
			ui_output_add(&a->output, cut, sizeof cut - 1, p->step + 1);
		else
			ui_output_add(&a->output, p->text, p->len, p->step + 1);
	}
}

static void
read_output(struct ui_app *a, uint8_t *buf)
{
	ssize_t n = read(a->output_fd, buf, READ_CHUNK);

	/* a pseudo-terminal says EIO, not EOF, once the program is gone */
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n > 0) {
		ui_output_add(&a->output, (const char *)buf, (size_t)n, nsteps(a));
		return;
	}
	close(a->output_fd);
	a->output_fd = -1;
}

/* Once the stream has ended: the program's end, when it has one. */
static void
reap(struct ui_app *a)
{
	int status;

	if (a->pid <= 0 || a->stream_fd >= 0)
		return;
	if (waitpid(a->pid, &status, WNOHANG) != a->pid)
		return;
	a->pid = -1;
	a->view.live = false;
	if (model_trace_error(a->trace) != NULL)
		return;
	model_trace_drop_partial(a->trace);
	model_trace_end(a->trace, WIFSIGNALED(status) ? SH_END_SIGNALED :
	    SH_END_EXITED, WIFSIGNALED(status) ? WTERMSIG(status) :
	    WEXITSTATUS(status));
}

/* Quitting ends the program, wherever it is, and reaps it. */
static void
end_program(struct ui_app *a)
{
	if (a->pid > 0) {
		kill(-a->pid, SIGKILL);
		kill(a->pid, SIGKILL);
		while (waitpid(a->pid, NULL, 0) < 0 && errno == EINTR)
			;
		a->pid = -1;
	}
	if (a->stream_fd >= 0)
		close(a->stream_fd);
	if (a->output_fd >= 0)
		close(a->output_fd);
	a->stream_fd = a->output_fd = -1;
}

static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void
on_fatal_signal(int sig, siginfo_t *info, void *context)
{
	(void)context;
	/* a trace file cut short under its mapping is not our fault */
	if (sig == SIGBUS && model_trace_bus_fault(info->si_addr))
		return;
	ui_term_stop();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_sigaction = on_fatal_signal;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;	/* it resets itself */
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
}

static int
poll_timeout(const struct ui_app *a)
{
	long wait;

	if (a->seek)
		return 0;
	if (a->view.playing) {
		wait = a->next_tick_ms - now_ms();
		return wait < 0 ? 0 : wait > 100 ? 100 : (int)wait;
	}
	return a->view.live ? 100 : 1000;
}

static void
wait_and_read(struct ui_app *a, uint8_t *buf)
{
	struct pollfd fds[3] = { { 0, POLLIN, 0 }, { -1, POLLIN, 0 },
	    { -1, POLLIN, 0 } };
	bool room = nsteps(a) < a->view.step + RUN_AHEAD;
	/* output, like events, waits in the pipe past a bound: see ui_output */
	bool output_room = ui_output_unseen(&a->output, a->view.step,
	    nsteps(a)) < UI_OUTPUT_AHEAD;
	int key;

	fds[1].fd = room ? a->stream_fd : -1;
	fds[2].fd = output_room ? a->output_fd : -1;
	if (poll(fds, 3, poll_timeout(a)) < 0)
		return;
	/*
	 * The stream first: what it holds was sent before the output now
	 * waiting in the pipe (the runtime waits for us to read that before
	 * it sends more events, at annotations).
	 */
	if (fds[1].fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)))
		read_stream(a, buf);
	take_trace_output(a);
	if (fds[2].fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)))
		read_output(a, buf);
	if (fds[0].revents & POLLIN)
		while ((key = ui_term_key()) != UI_KEY_NONE && !a->quit)
			ui_app_key(a, key);
	reap(a);
}

/* A replayed trace rewritten on disk: said once, and in the status line. */
static void
notice_change(struct ui_app *a)
{
	if (!a->said_changed && model_trace_check_file(a->trace)) {
		say(a, model_trace_changed(a->trace));
		a->said_changed = true;
	}
}

int
ui_app_run(struct ui_app *a, char **cause)
{
	uint8_t *buf = malloc(READ_CHUNK);
	struct ui_grid grid;
	int w, h;

	if (buf == NULL)
		abort();
	if (!ui_term_start(getenv("NO_COLOR") == NULL ||
	    getenv("NO_COLOR")[0] == '\0', cause)) {
		free(buf);
		end_program(a);
		return 1;
	}
	catch_signals();
	ui_term_size(&w, &h);
	ui_grid_init(&grid, w, h);
	take_trace_output(a);	/* a replay's, read before we started */
	while (!a->quit && !stop_signal) {
		ui_term_size(&w, &h);
		if (w != grid.w || h != grid.h) {
			ui_grid_free(&grid);
			ui_grid_init(&grid, w, h);
		}
		notice_change(a);
		ui_screen_draw(&grid, &a->view);
		ui_term_show(&grid);
		wait_and_read(a, buf);
		ui_app_tick(a);
	}
	ui_term_stop();
	ui_grid_free(&grid);
	end_program(a);
	free(buf);
	a->stopped_by = stop_signal;
	return 0;
}
