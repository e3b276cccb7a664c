/*
 * model_search.c — goals for stepping like a debugger (over, out, a line,
 * a variable's next change) and the search for the step that meets one.
 *
 * A step's place is its thread and that thread's frame depth right after
 * it: a call's step is already in the callee, a return's back in the
 * caller.  So "over" is the next step of the thread at the same depth or
 * less, "out" the next at less, and each mirrors back the same way.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_search.h"
#include "model/model_step.h"
#include "util/util_str.h"

#define BACK_RUN MODEL_SNAPSHOT_EVERY	/* steps scanned forward, going back */

bool
model_step_depth(struct model_trace *t, size_t i, uint32_t *tid, size_t *depth)
{
	const struct model_state *s = model_trace_seek(t, i);
	const struct model_thread *th;

	if (s == NULL)
		return false;
	*tid = model_trace_step_tid(t, i);
	th = model_state_thread(s, *tid);
	*depth = th != NULL ? th->nframes : 0;
	return true;
}

uint64_t
model_step_function(struct model_trace *t, size_t i)
{
	const struct model_state *s = model_trace_seek(t, i);
	const struct model_thread *th;

	if (s == NULL)
		return 0;
	th = model_state_thread(s, model_trace_step_tid(t, i));
	return th != NULL && th->nframes > 0 ? th->frames[th->nframes - 1].fn : 0;
}

static bool
goal_from(struct model_trace *t, size_t from, enum model_goal_kind kind,
    struct model_goal *g)
{
	memset(g, 0, sizeof *g);
	g->kind = kind;
	g->cached_have = -1;
	if (!model_step_depth(t, from, &g->tid, &g->depth))
		return false;
	g->fn = model_step_function(t, from);
	return true;
}

bool
model_goal_over(struct model_trace *t, size_t from, struct model_goal *g)
{
	return goal_from(t, from, MODEL_GOAL_OVER, g);
}

/* Out of nothing is nowhere: a step outside every frame has no out. */
bool
model_goal_out(struct model_trace *t, size_t from, struct model_goal *g)
{
	return goal_from(t, from, MODEL_GOAL_OUT, g) && g->depth > 0;
}

void
model_goal_line(const char *file, int line, model_source_fn source,
    struct model_goal *g)
{
	memset(g, 0, sizeof *g);
	g->kind = MODEL_GOAL_LINE;
	g->cached_have = -1;
	g->line = line;
	g->source = source;
	if (file != NULL)
		snprintf(g->file, sizeof g->file, "%s", base_name(file));
}

static bool	watched_value(struct model_trace *, size_t i,
		    const struct model_watch *, const uint8_t **bytes, size_t *n);

bool
model_goal_change(struct model_trace *t, size_t i,
    const struct model_watch *w, struct model_goal *g)
{
	const uint8_t *bytes;
	size_t n;

	memset(g, 0, sizeof *g);
	g->kind = MODEL_GOAL_CHANGE;
	g->cached_have = -1;
	g->watch = *w;
	if (g->watch.tid == 0)
		g->watch.tid = model_trace_step_tid(t, i);
	return watched_value(t, i, &g->watch, &bytes, &n);
}

void
model_goal_clear(struct model_goal *g)
{
	free(g->cached);
	g->cached = NULL;
	g->ncached = 0;
	g->cached_have = -1;
}

/* --- a watched value at a step ---------------------------------------------- */

static const struct model_var *
var_at(const struct model_state *s, const struct model_var *vars, size_t n,
    const struct model_watch *w)
{
	size_t j;

	for (j = n; j-- > 0; )
		if (vars[j].addr == w->addr && vars[j].name != NULL &&
		    strcmp(vars[j].name, w->name) == 0 &&
		    model_var_in_book(s, &vars[j]))
			return &vars[j];
	return NULL;
}

/*
 * The watched value after step i: its bytes, or false when it is not
 * there (its frame returned, its block freed, not declared yet).
 */
static bool
watched_value(struct model_trace *t, size_t i, const struct model_watch *w,
    const uint8_t **bytes, size_t *n)
{
	const struct model_state *s = model_trace_seek(t, i);
	const struct model_thread *th;
	const struct model_var *v = NULL;
	const struct model_block *b;

	if (s == NULL)
		return false;
	if (w->region == MODEL_WATCH_HEAP) {
		b = model_state_block_at(s, w->addr);
		if (b == NULL || b->addr != w->addr)
			return false;
		*bytes = model_block_content(s, b, n);
		return true;
	}
	if (w->region == MODEL_WATCH_GLOBAL)
		v = var_at(s, s->globals, s->nglobals, w);
	else if ((th = model_state_thread(s, w->tid)) != NULL)
		v = var_at(s, th->vars, th->nvars, w);
	if (v == NULL)
		return false;
	*bytes = v->value;
	*n = v->value != NULL ? v->nvalue : 0;
	return true;
}

/* Keeps step i's value as the one the next step is compared with. */
static void
cache_value(struct model_goal *g, size_t i, int have, const uint8_t *bytes,
    size_t n)
{
	free(g->cached);
	g->cached = NULL;
	g->ncached = 0;
	if (have && n > 0) {
		g->cached = malloc(n);
		if (g->cached == NULL)
			abort();
		memcpy(g->cached, bytes, n);
		g->ncached = n;
	}
	g->cached_step = i;
	g->cached_have = have;
}

static void
cache_step(struct model_trace *t, struct model_goal *g, size_t i)
{
	const uint8_t *bytes = NULL;
	size_t n = 0;
	int have = watched_value(t, i, &g->watch, &bytes, &n);

	cache_value(g, i, have, bytes, n);
}

/*
 * Step i changes the value when it differs from step i - 1's (a value
 * that appears or goes counts).  Values are copied, as seeking moves
 * the state they are in; scanning forward, each step is read once.
 */
static bool
changed_at(struct model_trace *t, struct model_goal *g, size_t i)
{
	const uint8_t *bytes = NULL;
	size_t n = 0;
	int have;
	bool differs;

	if (i == 0)
		return false;
	if (g->cached_have < 0 || g->cached_step != i - 1)
		cache_step(t, g, i - 1);
	have = watched_value(t, i, &g->watch, &bytes, &n);
	differs = have != g->cached_have || (have && (n != g->ncached ||
	    (n > 0 && memcmp(bytes, g->cached, n) != 0)));
	cache_value(g, i, have, bytes, n);
	return differs;
}

/* --- lines -------------------------------------------------------------------------- */

static bool
at_line(struct model_trace *t, const struct model_goal *g, size_t i)
{
	const char *file;
	int line;

	return g->source != NULL && g->source(t, i, &file, &line) &&
	    line == g->line &&
	    (g->file[0] == '\0' || strcmp(base_name(file), g->file) == 0);
}

/*
 * Arriving at the line: its first step there.  A return to the line of
 * the call is coming back, not arriving.
 */
static bool
line_met(struct model_trace *t, const struct model_goal *g, size_t i)
{
	struct model_step st;

	if (!at_line(t, g, i))
		return false;
	if (model_trace_step(t, i, &st) && st.kind == MODEL_STEP_RETURN)
		return false;
	return i == 0 || !at_line(t, g, i - 1);
}

bool
model_goal_met(struct model_trace *t, struct model_goal *g, size_t i)
{
	uint32_t tid;
	size_t depth;

	switch (g->kind) {
	case MODEL_GOAL_OVER:
		return model_step_depth(t, i, &tid, &depth) && tid == g->tid &&
		    depth <= g->depth;
	case MODEL_GOAL_OUT:
		return model_step_depth(t, i, &tid, &depth) && tid == g->tid &&
		    depth < g->depth;
	case MODEL_GOAL_LINE:
		return line_met(t, g, i);
	case MODEL_GOAL_CHANGE:
		return changed_at(t, g, i);
	}
	return false;
}

/* --- the search ------------------------------------------------------------------ */

static size_t
search_forward(struct model_trace *t, size_t from, size_t limit,
    model_search_fn fn, void *arg)
{
	size_t n = model_trace_nsteps(t), i, looked;

	for (i = from + 1, looked = 0; i < n && looked < limit; i++, looked++)
		if (fn(t, i, arg))
			return i;
	return MODEL_SEARCH_NONE;
}

/*
 * Back, a run at a time: each run [lo, hi) is scanned forward (one
 * replay from its snapshot) and its last match kept.
 */
static size_t
search_back(struct model_trace *t, size_t from, size_t limit,
    model_search_fn fn, void *arg)
{
	size_t hi = from < model_trace_nsteps(t) ? from : model_trace_nsteps(t);
	size_t lo, i, hit, looked = 0;

	while (hi > 0 && looked < limit) {
		lo = hi > BACK_RUN ? (hi - 1) / BACK_RUN * BACK_RUN : 0;
		hit = MODEL_SEARCH_NONE;
		for (i = lo; i < hi; i++)
			if (fn(t, i, arg))
				hit = i;
		if (hit != MODEL_SEARCH_NONE)
			return hit;
		looked += hi - lo;
		hi = lo;
	}
	return MODEL_SEARCH_NONE;
}

size_t
model_search(struct model_trace *t, size_t from, int dir, size_t limit,
    model_search_fn fn, void *arg)
{
	return dir > 0 ? search_forward(t, from, limit, fn, arg) :
	    search_back(t, from, limit, fn, arg);
}

static bool
goal_fn(struct model_trace *t, size_t i, void *arg)
{
	return model_goal_met(t, arg, i);
}

size_t
model_search_goal(struct model_trace *t, struct model_goal *g, size_t from,
    int dir, size_t limit)
{
	return model_search(t, from, dir, limit, goal_fn, g);
}
