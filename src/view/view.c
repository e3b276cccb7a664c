/*
 * view.c — the words around a picture: the title of each step (what
 * happened, in which function, at which source line, and the narration)
 * and the ending (how the program ended and what it left on the heap).
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "view/view_value.h"
#include "view/view.h"
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

/* What a crash record says about the fault, after the signal's name. */
static void
add_crash_cause(struct strbuf *b, const struct wire_event *ev)
{
	struct model_crash c = { .happened = true,
	    .signal = (int)ev->u[W_CRASH_SIGNAL],
	    .code = (int)ev->u[W_CRASH_CODE],
	    .addr = ev->u[W_CRASH_ADDR],
	    .stack_overflow = (ev->u[W_CRASH_FLAGS] &
		SH_CRASH_STACK_OVERFLOW) != 0 };

	if (c.stack_overflow)
		strbuf_add(b, ", stack overflow");
	else if (view_crash_is_null(&c))
		add_null_dereference(b, c.addr);
	else if (c.addr != 0 && c.code > 0)	/* sent: si_addr is the sender's pid */
		strbuf_addf(b, " at address 0x%llx", (unsigned long long)c.addr);
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
file_line(struct model_trace *t, uint64_t file, uint64_t line)
{
	const char *name = model_trace_string(t, file);
	struct strbuf b = { 0 };

	if (name == NULL)
		return NULL;
	strbuf_addf(&b, "%s:%llu", base_name(name), (unsigned long long)line);
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
describe_call(struct model_trace *t, const struct wire_event *ev,
    const struct model_thread *th, struct strbuf *b)
{
	char *callee = view_function_name(t, ev->u[W_PUSH_FN]), *caller;
	unsigned sig = (unsigned)ev->u[W_PUSH_SIGNAL];

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
	add_location(b, NULL, view_location(t, ev->u[W_PUSH_SITE], true));
}

static void
describe_event(struct model_trace *t, const struct wire_event *ev,
    const struct model_state *s, uint32_t tid, struct strbuf *b)
{
	char *fn = current_function(t, s, tid), *callee;

	if (ev->type == SH_REC_PUSH) {
		describe_call(t, ev, model_state_thread(s, tid), b);
		free(fn);
		return;
	}

	switch (ev->type) {
	case SH_REC_POP:
		callee = view_function_name(t, ev->u[W_POP_FN]);
		strbuf_addf(b, "return from %s()", callee);
		if (fn != NULL)
			strbuf_addf(b, " to %s()", fn);
		free(callee);
		break;
	case SH_REC_ALLOC:
		strbuf_addf(b, "%s %llu bytes", alloc_name((unsigned)ev->u[W_ALLOC_KIND]),
		    (unsigned long long)ev->u[W_ALLOC_SIZE]);
		add_location(b, fn, view_site_location(t, ev->pcs, ev->npcs));
		break;
	case SH_REC_FREE:
		strbuf_add(b, "free");
		add_location(b, fn, debuginfo_is_system(model_trace_symbols(t),
		    ev->u[W_FREE_PC]) ? NULL : view_location(t, ev->u[W_FREE_PC],
		    true));
		break;
	case SH_REC_REALLOC:
		strbuf_addf(b, "realloc to %llu bytes",
		    (unsigned long long)ev->u[W_REALLOC_SIZE]);
		if (ev->u[W_REALLOC_OLD] != 0 && ev->u[W_REALLOC_NEW] != 0 &&
		    ev->u[W_REALLOC_OLD] != ev->u[W_REALLOC_NEW])
			strbuf_add(b, " (moved)");
		add_location(b, fn, view_site_location(t, ev->pcs, ev->npcs));
		break;
	case SH_REC_VAR:
	case SH_REC_GLOBAL:
		strbuf_addf(b, "%s %.*s", ev->type == SH_REC_VAR ? "variable" :
		    "global", (int)ev->str_len, ev->str);
		add_location(b, ev->type == SH_REC_VAR ? fn : NULL,
		    file_line(t, ev->u[W_VAR_FILE], ev->u[W_VAR_LINE]));
		break;
	case SH_REC_STEP:
		strbuf_add(b, "step");
		add_location(b, fn, file_line(t, ev->u[W_STEP_FILE],
		    ev->u[W_STEP_LINE]));
		break;
	case SH_REC_LINE:	/* the line about to run */
		strbuf_add(b, "line");
		add_location(b, fn, view_location(t, ev->u[W_LINE_PC], true));
		break;
	case SH_REC_CRASH:
		strbuf_add(b, "crash: ");
		add_signal(b, (int)ev->u[W_CRASH_SIGNAL]);
		if (describe_heap_error(t, &s->crash.heap, fn, b))
			break;
		add_crash_cause(b, ev);
		describe_crash_place(t, ev->u[W_CRASH_PC], &fn, b);
		break;
	default:
		strbuf_add(b, wire_type_name(ev->type));
		break;
	}
	free(fn);
}

/* "; lost: (2^30) - 2" for the blocks whose last pointer this step removed. */
static void
add_lost_now(const struct model_state *s, size_t i, struct strbuf *b)
{
	const char *sep = "; lost: ";
	size_t k;

	for (k = 0; k < s->nslots; k++)
		if (s->slots[k] != NULL && s->slots[k]->lost_at == i + 1) {
			strbuf_add(b, sep);
			view_heap_slot_text((uint32_t)k + 1, b);
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
	struct wire_event ev;

	strbuf_addf(&b, "step %zu: ", i + 1);
	if (s != NULL && model_trace_step_event(t, i, &ev))
		describe_event(t, &ev, s, tid, &b);
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

/*
 * Library functions that allocate for their caller: what they return is
 * the program's to free, so a block they made is the program's.
 */
static bool
allocates_for_caller(const char *fn)
{
	static const char *const names[] = {
		"strdup", "strndup", "wcsdup", "getline", "getdelim",
		"asprintf", "vasprintf", "realpath", "canonicalize_file_name",
		"get_current_dir_name", "getcwd", "open_memstream", "tempnam",
		"scandir", "scandir64", "fopen", "fopen64", "fdopen", "freopen",
		"opendir", "fdopendir", "popen", "tmpfile", "tmpfile64",
		"backtrace_symbols", "operator new", "operator new[]",
	};
	size_t i, n;

	while (*fn == '_')
		fn++;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		n = strlen(names[i]);
		if (strncmp(fn, names[i], n) == 0 &&
		    (fn[n] == '\0' || fn[n] == '(' || fn[n] == '@' ||
		    fn[n] == '_'))
			return true;
	}
	/* _Znwm, _Znam and friends, when a name is not demangled */
	return strncmp(fn, "Znw", 3) == 0 || strncmp(fn, "Zna", 3) == 0;
}

bool
view_block_is_library(struct model_trace *t, const struct model_block *b)
{
	struct debuginfo *sym = model_trace_symbols(t);
	const char *fn;

	if (b->nsite == 0 || !debuginfo_is_system(sym, b->site[0]))
		return false;
	fn = debuginfo_function(sym, b->site[0]);
	return fn == NULL || !allocates_for_caller(fn);
}

static void
add_leak(struct model_trace *t, bool book, const struct model_block *blk,
    struct strbuf *b)
{
	char *where = view_site_location(t, blk->site, blk->nsite);
	char *fn = blk->nsite > 0 ? view_function_name(t, blk->site[0]) : NULL;

	strbuf_add(b, "  ");
	if (book)
		view_heap_slot_text(blk->k, b);
	else
		strbuf_addf(b, "0x%llx", (unsigned long long)blk->addr);
	strbuf_addf(b, "  %llu bytes", (unsigned long long)blk->size);
	if (blk->lost_at != 0)
		strbuf_addf(b, "  lost at step %llu",
		    (unsigned long long)blk->lost_at);
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
    uint32_t tid, uint64_t file_id, uint64_t line, const char **file,
    int *out_line)
{
	const struct model_thread *th = model_state_thread(s, tid);
	const char *name = model_trace_string(t, file_id), *full;
	int fn_line;

	if (name == NULL)
		return false;
	*file = name;
	*out_line = (int)line;
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
	struct wire_event ev;
	uint32_t tid = model_trace_step_tid(t, i);

	if (!model_trace_step_event(t, i, &ev))
		return false;
	switch (ev.type) {
	case SH_REC_PUSH:
		return debuginfo_line(sym, ev.u[W_PUSH_FN], file, line);
	case SH_REC_POP:
		return return_source(t, i, file, line);
	case SH_REC_ALLOC:
	case SH_REC_REALLOC:
		return first_program_line(t, ev.pcs, ev.npcs, file, line);
	case SH_REC_FREE:
		return first_program_line(t, &ev.u[W_FREE_PC], 1, file, line);
	case SH_REC_CRASH:
		return debuginfo_line(sym, ev.u[W_CRASH_PC], file, line);
	case SH_REC_LINE:
		return debuginfo_line(sym, ev.u[W_LINE_PC] - 1, file, line);
	case SH_REC_VAR:
	case SH_REC_GLOBAL:
		if (debuginfo_line(sym, ev.u[W_VAR_PC] - 1, file, line))
			return true;
		s = model_trace_seek(t, i);
		return s != NULL && record_source(t, s, tid, ev.u[W_VAR_FILE],
		    ev.u[W_VAR_LINE], file, line);
	case SH_REC_STEP:
		s = model_trace_seek(t, i);
		return s != NULL && record_source(t, s, tid, ev.u[W_STEP_FILE],
		    ev.u[W_STEP_LINE], file, line);
	default:
		return false;
	}
}

bool
view_goal_change(struct model_trace *t, size_t i, uint32_t tid,
    const struct view_row *row, struct model_goal *g)
{
	enum model_watch_region region;

	switch (row != NULL ? row->kind : ROW_SEPARATOR) {
	case ROW_HEAP:
		region = MODEL_WATCH_HEAP;
		break;
	case ROW_STACK:
		region = MODEL_WATCH_STACK;
		break;
	case ROW_GLOBAL:
		region = MODEL_WATCH_GLOBAL;
		break;
	default:	/* nothing to watch: a goal that model_goal_clear takes */
		memset(g, 0, sizeof *g);
		g->kind = MODEL_GOAL_CHANGE;
		g->cached_have = -1;
		return false;
	}
	return model_goal_change(t, i, tid, region, row->key, row->cells[0], g);
}
