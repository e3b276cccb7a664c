/*
 * view.c — the words around a picture: the title of each step (what
 * happened, in which function, at which source line, and the narration)
 * and the ending (how the program ended and what it left on the heap).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/view_value.h"
#include "view/view.h"
#include "model/model_step.h"
#include "util/util_str.h"

char *
view_function_name(struct model_trace *t, uint64_t pc)
{
	const char *name = debuginfo_function(model_trace_symbols(t), pc);
	struct strbuf b = { 0 };

	if (name != NULL)
		strbuf_add(&b, name);
	else
		strbuf_addf(&b, "0x%llx", (unsigned long long)pc);
	return strbuf_take(&b);
}

char *
view_location(struct model_trace *t, uint64_t pc, bool return_address)
{
	struct strbuf b = { 0 };
	const char *file;
	int line;

	if (pc == 0 || !debuginfo_line(model_trace_symbols(t),
	    return_address ? pc - 1 : pc, &file, &line))
		return NULL;
	strbuf_addf(&b, "%s:%d", base_name(file), line);
	return strbuf_take(&b);
}

/* The program's own frames first; a system library's only if none has a line. */
char *
view_site_location(struct model_trace *t, const uint64_t *pcs, unsigned n)
{
	struct debuginfo *sym = model_trace_symbols(t);
	unsigned i;
	char *where;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++)
			if ((pass == 1 || !debuginfo_is_system(sym, pcs[i])) &&
			    (where = view_location(t, pcs[i], true)) != NULL)
				return where;
	return NULL;
}

static const char *
signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGABRT: return "SIGABRT";
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	case SIGINT: return "SIGINT";
	case SIGPIPE: return "SIGPIPE";
	case SIGALRM: return "SIGALRM";
	case SIGVTALRM: return "SIGVTALRM";
	case SIGPROF: return "SIGPROF";
	case SIGCHLD: return "SIGCHLD";
	case SIGHUP: return "SIGHUP";
	case SIGQUIT: return "SIGQUIT";
	case SIGTRAP: return "SIGTRAP";
	case SIGUSR1: return "SIGUSR1";
	case SIGUSR2: return "SIGUSR2";
	case SIGWINCH: return "SIGWINCH";
	case SIGIO: return "SIGIO";
	default: return NULL;
	}
}

static void
add_signal(struct strbuf *b, int sig)
{
	const char *name = signal_name(sig);

	if (name != NULL)
		strbuf_addf(b, "signal %d (%s)", sig, name);
	else
		strbuf_addf(b, "signal %d", sig);
}

#define NULL_PAGE 4096	/* the first page: unmapped, so only NULL + offset */

bool
view_crash_is_null(const struct model_crash *c)
{
	return c->happened && (c->signal == SIGSEGV || c->signal == SIGBUS) &&
	    c->code > 0 && !c->stack_overflow && c->addr < NULL_PAGE;
}

const char *
view_crash_cause(const struct model_crash *c)
{
	if (c->happened && c->stack_overflow)
		return ": stack overflow";
	if (view_crash_is_null(c))
		return ": NULL pointer dereference";
	if (c->happened && c->heap.error == MODEL_HEAP_DOUBLE_FREE)
		return ": double free";
	if (c->happened && c->heap.error == MODEL_HEAP_INVALID_FREE)
		return ": invalid free";
	return "";
}

/* ": NULL pointer dereference (address 0x10, NULL + 16)" */
static void
add_null_dereference(struct strbuf *b, uint64_t addr)
{
	strbuf_addf(b, ": NULL pointer dereference (address 0x%llx",
	    (unsigned long long)addr);
	if (addr != 0)
		strbuf_addf(b, ", NULL + %llu", (unsigned long long)addr);
	strbuf_add(b, ")");
}

/* What a crash step says about the fault, after the signal's name. */
static void
add_crash_cause(struct strbuf *b, const struct model_crash *c)
{
	if (c->stack_overflow)
		strbuf_add(b, ", stack overflow");
	else if (view_crash_is_null(c))
		add_null_dereference(b, c->addr);
	else if (c->addr != 0 && c->code > 0)	/* sent: si_addr is the sender's pid */
		strbuf_addf(b, " at address 0x%llx", (unsigned long long)c->addr);
}

/* The function the step happened in: the top frame of its thread. */
static char *
current_function(struct model_trace *t, const struct model_state *s,
    uint32_t tid)
{
	const struct model_thread *th = model_state_thread(s, tid);

	if (th == NULL || th->nframes == 0)
		return NULL;
	return view_function_name(t, th->frames[th->nframes - 1].fn);
}

static void
add_location(struct strbuf *b, const char *fn, char *where)
{
	if (fn != NULL)
		strbuf_addf(b, " in %s()", fn);
	if (where != NULL)
		strbuf_addf(b, " at %s", where);
	free(where);
}

static char *
file_line(const struct model_step_place *at)
{
	struct strbuf b = { 0 };

	if (at->file == NULL)
		return NULL;
	strbuf_addf(&b, "%s:%llu", base_name(at->file),
	    (unsigned long long)at->line);
	return strbuf_take(&b);
}

static const char *
alloc_name(unsigned kind)
{
	switch (kind) {
	case SH_ALLOC_CALLOC: return "calloc";
	case SH_ALLOC_MEMALIGN: return "aligned alloc";
	default: return "malloc";
	}
}

/*
 * glibc's abort for a bad free, named as the heap error it is, at the
 * free's line (the abort itself happens deep in libc).
 */
static bool
describe_heap_error(struct model_trace *t, const struct model_bad_free *h,
    const char *fn, struct strbuf *b)
{
	struct debuginfo *sym = model_trace_symbols(t);

	if (h->error == MODEL_HEAP_OK)
		return false;
	strbuf_add(b, h->error == MODEL_HEAP_DOUBLE_FREE ? ": double free "
	    "(a block freed before)" : ": invalid free (not the start of a "
	    "live block)");
	add_location(b, fn, h->pc == 0 || debuginfo_is_system(sym, h->pc) ?
	    NULL : view_location(t, h->pc, true));
	return true;
}

/*
 * Where a crash happened: the function the faulting instruction is in —
 * which may be one whose entry was not recorded yet, as when a frame too
 * big for the stack faults in its prologue — unless that is the runtime
 * itself (a hook that ran out of stack): then the innermost recorded frame.
 */
static void
describe_crash_place(struct model_trace *t, uint64_t pc, char **fn,
    struct strbuf *b)
{
	struct debuginfo *sym = model_trace_symbols(t);
	const char *name = debuginfo_function(sym, pc);

	if (name != NULL && strncmp(name, "__cyg_profile_func_", 19) != 0 &&
	    strncmp(name, "rt_", 3) != 0 && !debuginfo_is_system(sym, pc)) {
		free(*fn);
		*fn = strdup(name);
		add_location(b, *fn, view_location(t, pc, false));
		return;
	}
	add_location(b, *fn, NULL);
}

/*
 * "call foo() from main() at file.c:12".  The call site is only named when
 * the caller is one of the program's traced frames: main's caller is libc,
 * whose source lines say nothing to a learner (and exist only where libc's
 * debug symbols are installed).
 */
static void
describe_call(struct model_trace *t, const struct model_step_call *call,
    const struct model_thread *th, struct strbuf *b)
{
	char *callee = view_function_name(t, call->fn), *caller;
	unsigned sig = call->signal;

	if (sig != 0) {		/* the kernel called it, not its caller */
		const char *name = sig < SH_PUSH_SIGNAL_UNKNOWN ?
		    signal_name((int)sig) : NULL;

		if (name != NULL)
			strbuf_addf(b, "%s delivered: %s()", name, callee);
		else if (sig < SH_PUSH_SIGNAL_UNKNOWN)
			strbuf_addf(b, "signal %u delivered: %s()", sig, callee);
		else
			strbuf_addf(b, "a signal delivered: %s()", callee);
		free(callee);
		return;
	}
	strbuf_addf(b, "call %s()", callee);
	free(callee);
	if (th == NULL || th->nframes < 2)
		return;
	caller = view_function_name(t, th->frames[th->nframes - 2].fn);
	strbuf_addf(b, " from %s()", caller);
	free(caller);
	add_location(b, NULL, view_location(t, call->site, true));
}

/*
 * A block a library allocated for itself (stdio's buffer at the first
 * printf) says so in its step's title: the learner's code asked for none.
 */
static void
add_library_owner(struct model_trace *t, const struct model_state *s,
    uint64_t addr, struct strbuf *b)
{
	const struct model_block *blk = model_state_block_at(s, addr);

	if (blk != NULL && blk->addr == addr && view_block_is_library(t, blk))
		strbuf_addf(b, " for %s's own use", view_block_library(t, blk));
}

static void
describe_step(struct model_trace *t, const struct model_step *st,
    const struct model_state *s, struct strbuf *b)
{
	char *fn = current_function(t, s, st->tid), *callee;

	switch (st->kind) {
	case MODEL_STEP_CALL:
		describe_call(t, &st->call, model_state_thread(s, st->tid), b);
		break;
	case MODEL_STEP_RETURN:
		callee = view_function_name(t, st->returned_fn);
		strbuf_addf(b, "return from %s()", callee);
		if (fn != NULL)
			strbuf_addf(b, " to %s()", fn);
		free(callee);
		break;
	case MODEL_STEP_ALLOC:
		strbuf_addf(b, "%s %llu bytes", alloc_name(st->heap.kind),
		    (unsigned long long)st->heap.size);
		add_library_owner(t, s, st->heap.addr, b);
		add_location(b, fn, view_site_location(t, st->heap.pcs,
		    st->heap.npcs));
		break;
	case MODEL_STEP_FREE:
		strbuf_add(b, "free");
		add_location(b, fn, debuginfo_is_system(model_trace_symbols(t),
		    st->heap.pcs[0]) ? NULL : view_location(t, st->heap.pcs[0],
		    true));
		break;
	case MODEL_STEP_REALLOC:
		strbuf_addf(b, "realloc to %llu bytes",
		    (unsigned long long)st->heap.size);
		if (st->heap.old != 0 && st->heap.addr != 0 &&
		    st->heap.old != st->heap.addr)
			strbuf_add(b, " (moved)");
		add_location(b, fn, view_site_location(t, st->heap.pcs,
		    st->heap.npcs));
		break;
	case MODEL_STEP_VAR:
	case MODEL_STEP_GLOBAL:
		strbuf_addf(b, "%s %.*s", st->kind == MODEL_STEP_VAR ?
		    "variable" : "global", (int)st->var.name_len, st->var.name);
		add_location(b, st->kind == MODEL_STEP_VAR ? fn : NULL,
		    file_line(&st->var.at));
		break;
	case MODEL_STEP_ANNOTATION:
		strbuf_add(b, "step");
		add_location(b, fn, file_line(&st->annotation));
		break;
	case MODEL_STEP_LINE:	/* the line about to run */
		strbuf_add(b, "line");
		add_location(b, fn, view_location(t, st->line.pc, true));
		break;
	case MODEL_STEP_CRASH:
		strbuf_add(b, "crash: ");
		add_signal(b, st->crash.signal);
		if (describe_heap_error(t, &s->crash.heap, fn, b))
			break;
		add_crash_cause(b, &st->crash);
		describe_crash_place(t, st->crash.pc, &fn, b);
		break;
	}
	free(fn);
}

/* "; lost: (2^30) - 2" for the blocks whose last pointer this step removed. */
static void
add_lost_now(const struct model_state *s, size_t i, struct strbuf *b)
{
	const char *sep = "; lost: ";
	const struct model_block *blk;
	uint32_t k;

	for (k = 1; k <= s->nslots; k++)
		if ((blk = model_state_slot(s, k)) != NULL &&
		    model_block_lost_at(s, blk) == i + 1) {
			strbuf_add(b, sep);
			view_heap_slot_text(k, b);
			sep = ", ";
		}
}

char *
view_step_title(struct model_trace *t, size_t i, const struct view_opts *o)
{
	const struct model_state *s = model_trace_seek(t, i);
	uint32_t tid = model_trace_step_tid(t, i);
	const char *say = model_trace_step_say(t, i);
	struct strbuf b = { 0 };
	struct model_step st;

	strbuf_addf(&b, "step %zu: ", i + 1);
	if (s != NULL && model_trace_step(t, i, &st))
		describe_step(t, &st, s, &b);
	if (s != NULL && s->nthreads > 1)
		strbuf_addf(&b, " [thread %u]", tid);
	if (s != NULL)
		add_lost_now(s, i, &b);
	if (say != NULL)
		strbuf_addf(&b, " %s %s", o->ascii ? "--" : "—", say);
	return strbuf_take(&b);
}

static void
add_end(struct model_trace *t, struct strbuf *b)
{
	const struct model_state *s = model_trace_head(t);
	enum sh_end_how how;
	int value;

	if (!model_trace_ended(t, &how, &value)) {
		strbuf_add(b, "end: the trace stops here (the program's end was "
		    "not recorded)\n");
		return;
	}
	switch (how) {
	case SH_END_EXITED:
		strbuf_addf(b, "end: exited with status %d\n", value);
		return;
	case SH_END_SIGNALED:
		strbuf_add(b, "end: killed by ");
		add_signal(b, value);
		strbuf_add(b, view_crash_cause(&s->crash));
		strbuf_add(b, "\n");
		return;
	default:
		strbuf_add(b, "end: the viewer stopped reading before the program "
		    "ended\n");
		return;
	}
}

/* Decided once, when it was allocated (model_state.c). */
bool
view_block_is_library(struct model_trace *t, const struct model_block *b)
{
	(void)t;
	return b->library;
}

const char *
view_block_library(struct model_trace *t, const struct model_block *b)
{
	const uint64_t *site = model_block_site(model_trace_head(t), b);
	const char *name = site != NULL ?
	    debuginfo_module_name(model_trace_symbols(t), site[0]) : NULL;

	return name != NULL ? name : "a library";
}

static void
add_leak(struct model_trace *t, bool book, const struct model_block *blk,
    struct strbuf *b)
{
	const struct model_state *s = model_trace_head(t);
	const uint64_t *site = model_block_site(s, blk);
	uint64_t lost_at = model_block_lost_at(s, blk);
	char *where = view_site_location(t, site, blk->nsite);
	char *fn = site != NULL ? view_function_name(t, site[0]) : NULL;

	strbuf_add(b, "  ");
	if (book && view_block_is_library(t, blk))
		strbuf_add(b, view_block_library(t, blk));
	else if (book)
		view_heap_slot_text(blk->k, b);
	else
		strbuf_addf(b, "0x%llx", (unsigned long long)blk->addr);
	strbuf_addf(b, "  %llu bytes", (unsigned long long)blk->size);
	if (lost_at != 0)
		strbuf_addf(b, "  lost at step %llu",
		    (unsigned long long)lost_at);
	if (view_block_is_library(t, blk) && fn != NULL)
		strbuf_addf(b, "  allocated in %s()%s%s", fn,
		    where != NULL ? ", called at " : "", where != NULL ? where : "");
	else if (where != NULL)
		strbuf_addf(b, "  allocated at %s", where);
	else if (fn != NULL)
		strbuf_addf(b, "  allocated in %s()", fn);
	strbuf_add(b, "\n");
	free(where);
	free(fn);
}

/*
 * What the program left allocated, then apart what the libraries keep for
 * themselves (the first printf's stdio buffer, a thread's storage, the C++
 * emergency pool): not the program's leaks, and not its to free.
 */
static void
add_leaks(struct model_trace *t, bool book, struct strbuf *b)
{
	const struct model_state *s = model_trace_head(t);
	const struct model_block *blk;
	size_t nlib = 0;
	uint64_t libbytes = 0;
	int pass;

	for (blk = model_heap_first(&s->byaddr); blk != NULL;
	    blk = model_heap_next(&s->byaddr, blk))
		if (view_block_is_library(t, blk)) {
			nlib++;
			libbytes += blk->size;
		}
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			strbuf_addf(b, "still allocated: %zu block%s, %llu bytes\n",
			    s->nlive - nlib, s->nlive - nlib == 1 ? "" : "s",
			    (unsigned long long)(s->live_bytes - libbytes));
		else if (nlib > 0)
			strbuf_addf(b, "library: %zu block%s, %llu bytes (the "
			    "libraries' own: stdio buffers, thread storage; "
			    "not the program's to free)\n", nlib,
			    nlib == 1 ? "" : "s", (unsigned long long)libbytes);
		for (blk = model_heap_first(&s->byaddr); blk != NULL;
		    blk = model_heap_next(&s->byaddr, blk))
			if (view_block_is_library(t, blk) == (pass == 1))
				add_leak(t, book, blk, b);
	}
}

char *
view_ending_text_of(struct model_trace *t, bool book)
{
	struct strbuf b = { 0 };

	add_end(t, &b);
	add_leaks(t, book, &b);
	return strbuf_take(&b);
}

char *
view_ending_text(struct model_trace *t)
{
	return view_ending_text_of(t, false);
}

/* --- where a step is in the source -------------------------------------------- */

/*
 * A record's file (as the compiler was given it, maybe relative) made full
 * by the debug information of the function the step is in, when their
 * base names agree.
 */
static bool
record_source(struct model_trace *t, const struct model_state *s,
    uint32_t tid, const struct model_step_place *at, const char **file,
    int *out_line)
{
	const struct model_thread *th = model_state_thread(s, tid);
	const char *name = at->file, *full;
	int fn_line;

	if (name == NULL)
		return false;
	*file = name;
	*out_line = (int)at->line;
	if (th != NULL && th->nframes > 0 &&
	    debuginfo_line(model_trace_symbols(t),
	    th->frames[th->nframes - 1].fn, &full, &fn_line) &&
	    strcmp(base_name(full), base_name(name)) == 0)
		*file = full;
	return true;
}

static bool
first_program_line(struct model_trace *t, const uint64_t *pcs, unsigned n,
    const char **file, int *line)
{
	struct debuginfo *sym = model_trace_symbols(t);
	unsigned i;

	for (i = 0; i < n; i++)
		if (!debuginfo_is_system(sym, pcs[i]) &&
		    debuginfo_line(sym, pcs[i] - 1, file, line))
			return true;
	return false;
}

/* Where a returning frame was called from, read from the step before. */
static bool
return_source(struct model_trace *t, size_t i, const char **file, int *line)
{
	uint32_t tid = model_trace_step_tid(t, i);
	const struct model_state *before;
	const struct model_thread *th;
	uint64_t site;

	if (i == 0 || (before = model_trace_seek(t, i - 1)) == NULL ||
	    (th = model_state_thread(before, tid)) == NULL || th->nframes == 0)
		return false;
	site = th->frames[th->nframes - 1].site;
	return site != 0 && debuginfo_line(model_trace_symbols(t), site - 1,
	    file, line);
}

bool
view_step_source(struct model_trace *t, size_t i, const char **file, int *line)
{
	struct debuginfo *sym = model_trace_symbols(t);
	const struct model_state *s;
	struct model_step st;

	if (!model_trace_step(t, i, &st))
		return false;
	switch (st.kind) {
	case MODEL_STEP_CALL:
		return debuginfo_line(sym, st.call.fn, file, line);
	case MODEL_STEP_RETURN:
		return return_source(t, i, file, line);
	case MODEL_STEP_ALLOC:
	case MODEL_STEP_REALLOC:
	case MODEL_STEP_FREE:
		return first_program_line(t, st.heap.pcs, st.heap.npcs, file,
		    line);
	case MODEL_STEP_CRASH:
		return debuginfo_line(sym, st.crash.pc, file, line);
	case MODEL_STEP_LINE:
		return debuginfo_line(sym, st.line.pc - 1, file, line);
	case MODEL_STEP_VAR:
	case MODEL_STEP_GLOBAL:
		if (debuginfo_line(sym, st.var.pc - 1, file, line))
			return true;
		s = model_trace_seek(t, i);
		return s != NULL && record_source(t, s, st.tid, &st.var.at,
		    file, line);
	case MODEL_STEP_ANNOTATION:
		s = model_trace_seek(t, i);
		return s != NULL && record_source(t, s, st.tid, &st.annotation,
		    file, line);
	}
	return false;
}

/* The variable of vars[0..n) at book slot `slot`, or NULL. */
static const struct model_var *
var_at_slot(const struct model_state *s, const struct model_var *vars,
    size_t n, uint64_t slot)
{
	struct view_slots slots = { 0 };
	size_t j = view_slot_find(&slots, s, vars, n, slot);

	view_slots_free(&slots);
	return j < n ? &vars[j] : NULL;
}

/*
 * What a row of step i's book picture watches: its block, or its
 * variable, by where they live (slots are the picture's, not the
 * model's); false if the row is neither.
 */
static bool
row_watch(struct model_trace *t, size_t i, uint32_t tid,
    const struct view_row *row, struct model_watch *w)
{
	const struct model_state *s = model_trace_seek(t, i);
	const struct model_thread *th;
	const struct model_var *v = NULL;
	const struct model_block *b;

	memset(w, 0, sizeof *w);
	if (s == NULL || row == NULL)
		return false;
	w->tid = tid != 0 ? tid : model_trace_step_tid(t, i);
	switch (row->kind) {
	case ROWKIND_HEAP:
		if (row->key == 0 || row->key > s->nslots ||
		    (b = model_state_slot(s, (uint32_t)row->key)) == NULL)
			return false;
		w->region = MODEL_WATCH_HEAP;
		w->addr = b->addr;
		snprintf(w->name, sizeof w->name, "%s",
		    row->cells[0] != NULL ? row->cells[0] : "the block");
		return true;
	case ROWKIND_STACK:
		w->region = MODEL_WATCH_STACK;
		if ((th = model_state_thread(s, w->tid)) != NULL)
			v = var_at_slot(s, th->vars, th->nvars, row->key);
		break;
	case ROWKIND_GLOBAL:
		w->region = MODEL_WATCH_GLOBAL;
		v = var_at_slot(s, s->globals, s->nglobals, row->key);
		break;
	default:
		return false;
	}
	if (v == NULL || v->name == NULL)
		return false;
	w->addr = v->addr;
	snprintf(w->name, sizeof w->name, "%s", v->name);
	return true;
}

bool
view_goal_change(struct model_trace *t, size_t i, uint32_t tid,
    const struct view_row *row, struct model_goal *g)
{
	struct model_watch w;

	if (!row_watch(t, i, tid, row, &w)) {
		/* nothing to watch: a goal that model_goal_clear takes */
		memset(g, 0, sizeof *g);
		g->kind = MODEL_GOAL_CHANGE;
		g->cached_have = -1;
		return false;
	}
	return model_goal_change(t, i, &w, g);
}
