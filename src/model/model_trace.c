/*
 * model_trace.c — the stream of a trace, its steps and seeking among them.
 *
 * The raw bytes are kept (they are the most compact record of the run): a
 * trace file is mapped, not read, and a live stream grows a buffer.  A
 * step costs four bytes of index (model_steps.c).  Snapshots of the state
 * are taken as the trace is read, often enough that a seek replays little,
 * seldom enough that they take a fraction of the trace's own size: after
 * at least MODEL_SNAPSHOT_EVERY steps, and once the records read since the
 * last one are SNAPSHOT_RATIO times the state's size.  Records that say
 * something about the whole run — strings, modules, narration, the end —
 * are taken in once as they arrive; replaying for a seek only applies the
 * records that change memory.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model_reach.h"
#include "model/model_steps.h"
#include "model/model_trace.h"
#include "wire/wire_encode.h"
#include "util/util_alloc.h"

#define SNAPSHOT_RATIO 8
#define NO_STEP ((size_t)-1)
#define CURSORS 2	/* a step and the one before it, as the book compares */
#define NEAR_KEPT 4	/* checkpoints kept near where the viewer seeks */
#define NEAR_GAP MODEL_SNAPSHOT_EVERY	/* steps between them */

struct model_trace;
static void	unguard(struct model_trace *);
static void	forget_near(struct model_trace *);

struct snapshot {
	size_t			 step;	/* state right after this step */
	uint64_t		 next;	/* offset of the record after it */
	struct model_state	*state;
};

/*
 * A state at a step that seeking keeps: a cursor (the states handed out,
 * advanced forward) or a checkpoint near them.  Both share the blocks of
 * the snapshots (model_state_copy) and a checkpoint takes over what the
 * cursor it was made from owned (model_state_share): so cursors are freed
 * first, then checkpoints, the newest made first.
 */
struct place {
	struct model_state	*state;	/* NULL: none */
	size_t			 step;
	uint64_t		 next;	/* offset of the record after it */
	uint64_t		 used;	/* cursors: when last handed out */
};

struct string_entry {
	uint64_t	 id;
	char		*text;
};

struct model_trace {
	uint8_t			*data;
	size_t			 len, cap;
	bool			 mapped;	/* data is a mapped file */
	int			 file_fd;	/* mapped: the file, to see it change */
	struct stat		 file_st;	/* ... as it was when mapped */
	volatile sig_atomic_t	 bus_fault;	/* a mapped page was gone */
	bool			 changed;	/* the file is not what was read */
	size_t			 pos;		/* next record to decode */
	bool			 header_ok;
	char			*error;

	struct model_state	*head;
	struct model_steps	 steps;
	size_t			 nsteps;
	char			*pending_say;	/* narration before any step */

	struct snapshot		*snaps;
	size_t			 nsnaps, capsnaps;
	size_t			 snap_bytes;	/* the snapshots' state sizes */
	uint64_t		 snap_due_at;	/* offset for the next one; 0: unset */
	struct place		 cursors[CURSORS];
	uint64_t		 seeks;
	struct place		 near[NEAR_KEPT];	/* in the order made */
	size_t			 nnear;

	struct string_entry	*strings;	/* open addressing by id */
	size_t			 nstrings, capstrings;
	char			**names;	/* interned variable names */
	size_t			 nnames, capnames;

	struct model_typetab	*types;
	struct debuginfo	*symbols;
	struct model_resolver	 resolver;
	struct model_reach_room	 reach;	/* for the lost-block search */

	char			*program;
	uint64_t		 pid;
	bool			 no_symbols;

	/* forward mode (model_trace_forward): each step handed out as it is
	 * complete, nothing kept to go back to */
	model_trace_step_fn	 forward;
	void			*forward_arg;
	bool			 pending;	/* step nsteps - 1 not handed out */
	uint64_t		 pending_offset;
	uint32_t		 pending_tid;
	char			*pending_step_say;

	/* narration of finished lines (model_trace_narrate_lines) */
	model_line_say_fn	 line_say;
	void			*line_say_arg;
	char			*say_text;	/* model_trace_step_say's */

	/* the program's output, by step (model_trace_step_output); pieces
	 * of step NO_STEP came before their step's record did */
	struct model_output	*outs;
	size_t			 nouts, capouts;
	bool			 ended;
	enum sh_end_how		 end_how;
	int			 end_value;
};

static void	drop_outputs(struct model_trace *, size_t);

static char *
xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* --- strings and names --------------------------------------------------------- */

/* Where id is in the table of cap entries, or the free place it would take. */
static struct string_entry *
string_slot(struct string_entry *strings, size_t cap, uint64_t id)
{
	size_t i = (size_t)(id * 0x9e3779b97f4a7c15ull) & (cap - 1);

	while (strings[i].text != NULL && strings[i].id != id)
		i = (i + 1) & (cap - 1);
	return &strings[i];
}

static bool
string_used(const void *e)
{
	return ((const struct string_entry *)e)->text != NULL;
}

static void *
string_place(void *strings, size_t cap, const void *e)
{
	return string_slot(strings, cap, ((const struct string_entry *)e)->id);
}

static void
add_string(struct model_trace *t, uint64_t id, const char *s, size_t n)
{
	struct string_entry *e;

	if ((t->nstrings + 1) * 2 > t->capstrings)
		t->strings = xrehash(t->strings, &t->capstrings,
		    sizeof *t->strings, string_used, string_place);
	e = string_slot(t->strings, t->capstrings, id);
	if (e->text != NULL)
		free(e->text);
	else
		t->nstrings++;
	e->id = id;
	e->text = xstrndup(s, n);
}

const char *
model_trace_string(const struct model_trace *t, uint64_t id)
{
	if (t->capstrings == 0)
		return NULL;
	return string_slot(t->strings, t->capstrings, id)->text;
}

/* Variable names are few and short: a linear pool is enough. */
static const char *
intern_name(void *arg, const char *s, size_t n)
{
	struct model_trace *t = arg;
	size_t i;

	n = strnlen(s, n);	/* a name from a trace may hold a NUL */
	for (i = 0; i < t->nnames; i++)
		if (strlen(t->names[i]) == n && memcmp(t->names[i], s, n) == 0)
			return t->names[i];
	if (t->nnames == t->capnames) {
		t->capnames = t->capnames ? t->capnames * 2 : 32;
		t->names = xrealloc(t->names, t->capnames * sizeof *t->names);
	}
	t->names[t->nnames] = xstrndup(s, n);
	return t->names[t->nnames++];
}

/* Debug information first; the SH_VAR type code when there is none. */
static const struct model_type *
resolve_var_type(void *arg, uint64_t pc, const char *name, unsigned code,
    uint64_t size, bool global)
{
	struct model_trace *t = arg;
	const struct model_type *type;

	type = global ? debuginfo_global_type(t->symbols, 0, name) :
	    debuginfo_var_type(t->symbols, pc - 1, name);
	if (type != NULL && type->size == size)
		return type;
	return model_type_from_code(t->types, code, (size_t)size);
}

static size_t
resolve_frame_vars(void *arg, uint64_t pc, uint64_t cfa,
    const struct model_local **out)
{
	struct model_trace *t = arg;

	return debuginfo_locals(t->symbols, pc, cfa, out);
}

static size_t
resolve_statics(void *arg, uint64_t lo, uint64_t hi,
    const struct model_local **out)
{
	struct model_trace *t = arg;

	return debuginfo_statics(t->symbols, lo, hi, out);
}

static size_t
resolve_read_only_ranges(void *arg, uint64_t near, uint64_t *lo, uint64_t *hi,
    size_t max)
{
	struct model_trace *t = arg;

	return debuginfo_read_only_ranges(t->symbols, near, lo, hi, max);
}

static size_t
resolve_read_only(void *arg, uint64_t addr, void *buf, size_t n)
{
	struct model_trace *t = arg;

	return debuginfo_read_only(t->symbols, addr, buf, n);
}

static int
resolve_line(void *arg, uint64_t pc)
{
	struct model_trace *t = arg;
	const char *file;
	int line;

	return debuginfo_line(t->symbols, pc, &file, &line) ? line : 0;
}

static bool
resolve_registers(void *arg, uint64_t pc)
{
	struct model_trace *t = arg;

	return debuginfo_registers(t->symbols, pc);
}

static bool
resolve_library_site(void *arg, uint64_t pc)
{
	struct model_trace *t = arg;

	return debuginfo_allocates_for_itself(t->symbols, pc);
}

static uint64_t
resolve_function_start(void *arg, uint64_t pc)
{
	struct model_trace *t = arg;

	return debuginfo_function_start(t->symbols, pc);
}

static const struct model_type *
resolve_array_of(void *arg, const struct model_type *elem, size_t count)
{
	struct model_trace *t = arg;

	return model_type_array_of(t->types, elem, count);
}

/* --- life cycle ---------------------------------------------------------------- */

size_t
model_trace_memory(const struct model_trace *t)
{
	return (t->mapped ? 0 : t->cap) + model_steps_memory(&t->steps) +
	    t->snap_bytes + t->capsnaps * sizeof *t->snaps +
	    model_state_size(t->head);
}

struct model_trace *
model_trace_new(void)
{
	struct model_trace *t = calloc(1, sizeof *t);

	if (t == NULL)
		abort();
	t->head = model_state_new();
	t->types = model_typetab_new();
	t->symbols = debuginfo_new(t->types);
	t->resolver.var_type = resolve_var_type;
	t->resolver.intern = intern_name;
	t->resolver.frame_vars = resolve_frame_vars;
	t->resolver.statics = resolve_statics;
	t->resolver.read_only_ranges = resolve_read_only_ranges;
	t->resolver.read_only = resolve_read_only;
	t->resolver.line = resolve_line;
	t->resolver.library_site = resolve_library_site;
	t->resolver.function_start = resolve_function_start;
	t->resolver.registers = resolve_registers;
	t->resolver.array_of = resolve_array_of;
	t->resolver.arg = t;
	t->file_fd = -1;
	model_steps_init(&t->steps);
	return t;
}

void
model_trace_no_symbols(struct model_trace *t)
{
	t->no_symbols = true;
}

void
model_trace_free(struct model_trace *t)
{
	size_t i;

	if (t == NULL)
		return;
	if (t->mapped) {
		unguard(t);
		munmap(t->data, t->len);
		if (t->file_fd >= 0)
			close(t->file_fd);
	} else
		free(t->data);
	free(t->error);
	/* each state frees the blocks it owns and reads those it borrows:
	 * the cursors and checkpoints, and the head, borrow from the
	 * snapshots, a snapshot from those before it */
	forget_near(t);
	model_state_free(t->head);
	while (t->nsnaps > 0)
		model_state_free(t->snaps[--t->nsnaps].state);
	model_steps_free(&t->steps);
	free(t->pending_say);
	free(t->pending_step_say);
	free(t->say_text);
	drop_outputs(t, t->nouts);
	free(t->outs);
	free(t->snaps);
	model_reach_room_free(&t->reach);
	for (i = 0; i < t->capstrings; i++)
		free(t->strings[i].text);
	free(t->strings);
	for (i = 0; i < t->nnames; i++)
		free(t->names[i]);
	free(t->names);
	debuginfo_free(t->symbols);
	model_typetab_free(t->types);
	free(t->program);
	free(t);
}

/* --- taking records in ------------------------------------------------------------ */

/*
 * Output belongs to the step during which the program wrote it: the
 * newest one.  In forward mode a step already handed out is gone, so
 * output coming after it (only from another thread, between a MEM record
 * and its step) goes with the next step rather than nowhere.
 */
static void
take_output(struct model_trace *t, const struct wire_event *ev)
{
	struct model_output *o;
	bool gone = t->forward != NULL && !t->pending;

	if (t->nouts == t->capouts) {
		t->capouts = t->capouts ? t->capouts * 2 : 16;
		t->outs = xrealloc(t->outs, t->capouts * sizeof *t->outs);
	}
	o = &t->outs[t->nouts++];
	o->step = t->nsteps > 0 && !gone ? t->nsteps - 1 : NO_STEP;
	o->fd = ev->u[W_OUTPUT_FD] == 2 ? 2 : 1;
	o->cut = (ev->u[W_OUTPUT_FLAGS] & SH_OUTPUT_CUT) != 0;
	o->len = ev->nbytes;
	o->text = xstrndup((const char *)ev->bytes, ev->nbytes);
}

/* Pieces waiting for a step get the step just added. */
static void
place_outputs(struct model_trace *t)
{
	size_t i;

	for (i = t->nouts; i > 0 && t->outs[i - 1].step == NO_STEP; i--)
		t->outs[i - 1].step = t->nsteps - 1;
}

/* Forgets the first n pieces (forward mode: their step is handed out). */
static void
drop_outputs(struct model_trace *t, size_t n)
{
	size_t i;

	if (n == 0)
		return;		/* outs may be NULL: no offset from it */
	for (i = 0; i < n; i++)
		free(t->outs[i].text);
	memmove(t->outs, t->outs + n, (t->nouts - n) * sizeof *t->outs);
	t->nouts -= n;
}

static void
append_say(char **to, const char *s, size_t n)
{
	size_t had = *to != NULL ? strlen(*to) : 0;

	*to = xrealloc(*to, had + n + 2);
	if (had > 0)
		(*to)[had++] = ' ';
	memcpy(*to + had, s, n);
	(*to)[had + n] = '\0';
}

/* Records about the run as a whole, taken in once. */
static void
take_run_record(struct model_trace *t, const struct wire_event *ev)
{
	char *path;

	switch (ev->type) {
	case SH_REC_STRING:
		add_string(t, ev->u[W_STRING_ID], ev->str, ev->str_len);
		break;
	case SH_REC_PROCESS:
		free(t->program);
		t->program = xstrndup(ev->str, ev->str_len);
		t->pid = ev->u[W_PROCESS_PID];
		if (!t->no_symbols)
			debuginfo_add_module(t->symbols, t->program,
			    ev->u[W_PROCESS_BIAS]);
		break;
	case SH_REC_MODULE:
		path = xstrndup(ev->str, ev->str_len);
		if (!t->no_symbols)
			debuginfo_add_module(t->symbols, path,
			    ev->u[W_MODULE_BIAS]);
		free(path);
		break;
	case SH_REC_SAY:
		if (t->forward != NULL && t->pending)
			append_say(&t->pending_step_say, ev->str, ev->str_len);
		else if (t->nsteps > 0)
			model_steps_say(&t->steps, t->nsteps - 1, ev->str,
			    ev->str_len);
		else
			append_say(&t->pending_say, ev->str, ev->str_len);
		break;
	case SH_REC_OUTPUT:
		take_output(t, ev);
		break;
	case SH_REC_END:
		t->ended = true;
		t->end_how = (enum sh_end_how)ev->u[W_END_HOW];
		t->end_value = (int)ev->u[W_END_VALUE];
		break;
	default:
		break;
	}
}

static void
take_snapshot(struct model_trace *t, size_t step, uint64_t next)
{
	if (t->nsnaps == t->capsnaps) {
		t->capsnaps = t->capsnaps ? t->capsnaps * 2 : 16;
		t->snaps = xrealloc(t->snaps, t->capsnaps * sizeof *t->snaps);
	}
	t->snaps[t->nsnaps].step = step;
	t->snaps[t->nsnaps].next = next;
	t->snaps[t->nsnaps].state = model_state_share(t->head);
	t->snap_bytes += model_state_size(t->head);
	t->nsnaps++;
}

/* The state's size is measured once per snapshot, not at every step. */
static bool
snapshot_due(struct model_trace *t, uint64_t next)
{
	const struct snapshot *last;

	if (t->nsnaps == 0)
		return true;
	last = &t->snaps[t->nsnaps - 1];
	if (t->nsteps - 1 - last->step < MODEL_SNAPSHOT_EVERY)
		return false;
	if (t->snap_due_at == 0)
		t->snap_due_at = last->next + SNAPSHOT_RATIO *
		    model_state_size(t->head);
	if (next < t->snap_due_at)
		return false;
	t->snap_due_at = 0;
	return true;
}

static void
drop_handed_outputs(struct model_trace *t)
{
	size_t n = 0;

	while (n < t->nouts && t->outs[n].step != NO_STEP)
		n++;
	drop_outputs(t, n);
}

/* Forward mode: the pending step is complete; hand it out. */
static void
hand_out(struct model_trace *t)
{
	if (!t->pending)
		return;
	t->pending = false;
	t->forward(t, t->nsteps - 1, t->forward_arg);
	free(t->pending_step_say);
	t->pending_step_say = NULL;
	drop_handed_outputs(t);
}

static void
add_step(struct model_trace *t, uint64_t offset, size_t size)
{
	if (t->forward != NULL) {
		t->nsteps++;
		t->pending = true;
		t->pending_offset = offset;
		t->pending_tid = t->head->tid;
		t->pending_step_say = t->pending_say;
		t->pending_say = NULL;
		place_outputs(t);
		return;
	}
	model_steps_add(&t->steps, offset, t->head->tid);
	t->nsteps++;
	place_outputs(t);
	if (t->pending_say != NULL) {
		model_steps_say(&t->steps, t->nsteps - 1, t->pending_say,
		    strlen(t->pending_say));
		free(t->pending_say);
		t->pending_say = NULL;
	}
	if (snapshot_due(t, offset + size))
		take_snapshot(t, t->nsteps - 1, offset + size);
}

static bool
fail(struct model_trace *t, char *cause)
{
	if (t->error == NULL)
		t->error = cause != NULL ? cause : xstrndup("out of memory", 13);
	else
		free(cause);
	return false;
}

/*
 * Forward mode: a step's picture is the state right after its record,
 * before whatever changes memory next — so the step is handed out when
 * such a record comes (narration and strings may still come for it).
 */
static void
hand_out_if_changing(struct model_trace *t)
{
	uint8_t type = sh_wire_record_type(t->data[t->pos]);

	/* a thread switch changes no memory: another thread's narration
	 * may follow it, and belongs to the step before */
	if (type != SH_REC_SAY && type != SH_REC_STRING &&
	    type != SH_REC_OUTPUT &&
	    type != SH_REC_MODULE && type != SH_REC_PROCESS &&
	    type != SH_REC_THREAD)
		hand_out(t);
}

static bool
decode_available(struct model_trace *t)
{
	struct wire_event ev;
	char *cause = NULL;

	if (!t->header_ok) {
		enum wire_status st = wire_decode_header(t->data, t->len, &cause);

		if (st == WIRE_ERROR)
			return fail(t, cause);
		if (st == WIRE_MORE)
			return true;
		t->header_ok = true;
		t->pos = SH_WIRE_HEADER_LEN;
	}
	while (t->pos < t->len) {
		enum wire_status st;
		struct wire_push push;
		size_t n;

		if (t->pending)
			hand_out_if_changing(t);
		if (t->data[t->pos] == (SH_REC_POP | SH_WIRE_EMPTY)) {
			model_state_pop(t->head);	/* half of all records */
			model_lost_after(t->head, SH_REC_POP, &t->reach);
			add_step(t, t->pos, 1);
			t->pos++;
			continue;
		}
		if (t->data[t->pos] >= SH_WIRE_CACHED_PUSH) {	/* most others */
			model_state_push_cached(t->head,
			    t->data[t->pos] - SH_WIRE_CACHED_PUSH);
			model_lost_after(t->head, SH_REC_PUSH, &t->reach);
			add_step(t, t->pos, 1);
			t->pos++;
			continue;
		}
		if (wire_decode_push(t->data, t->len, t->pos, &push, &n)) {
			model_state_push(t->head, &push);
			model_lost_after(t->head, SH_REC_PUSH, &t->reach);
			add_step(t, t->pos, n);
			t->pos += n;
			continue;
		}
		st = wire_decode_at(t->data, t->len, t->pos, &ev, &cause);
		if (st == WIRE_ERROR)
			return fail(t, cause);
		if (st == WIRE_MORE)
			break;
		take_run_record(t, &ev);
		model_state_apply(t->head, &ev, &t->resolver);
		model_lost_after(t->head, ev.type, &t->reach);
		if (model_record_is_step(ev.type))
			add_step(t, ev.offset, ev.size);
		t->pos += ev.size;
	}
	return true;
}

/* --- a mapped file that changes under us ------------------------------------ */

/*
 * A mapped trace can be truncated or rewritten while it is open (record -o
 * the same path again): a page past the new end then faults with SIGBUS,
 * and pages rewritten in place decode differently than they did.  A fault
 * in a guarded mapping puts zero pages over the rest of it and marks the
 * trace changed; the read is retried and sees zeros, which replay() takes
 * as the damage they are.  Any other SIGBUS goes where it went before.
 */
#define GUARDED_MAX 8

static struct model_trace *volatile guarded[GUARDED_MAX];
static struct sigaction bus_before;
static bool bus_installed;
static uintptr_t page_size;	/* sysconf is no call for a signal handler */

bool
model_trace_bus_fault(void *addr)
{
	uintptr_t a = (uintptr_t)addr, page = page_size;
	size_t i;

	for (i = 0; i < GUARDED_MAX; i++) {
		struct model_trace *t = guarded[i];
		uintptr_t lo, end;

		if (t == NULL || a < (uintptr_t)t->data ||
		    a >= (uintptr_t)t->data + t->len)
			continue;
		lo = a & ~(page - 1);
		end = (uintptr_t)t->data + t->len;
		/* mmap is a plain system call: safe in a handler on Linux */
		if (mmap((void *)lo, end - lo, PROT_READ, MAP_PRIVATE |
		    MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			return false;
		t->bus_fault = 1;
		return true;
	}
	return false;
}

static void
on_bus(int sig, siginfo_t *info, void *context)
{
	if (model_trace_bus_fault(info->si_addr))
		return;
	if (bus_before.sa_flags & SA_SIGINFO) {
		bus_before.sa_sigaction(sig, info, context);
	} else if (bus_before.sa_handler != SIG_DFL &&
	    bus_before.sa_handler != SIG_IGN) {
		bus_before.sa_handler(sig);
	} else {
		/* the fault comes again on return, and kills as it would have */
		sigaction(SIGBUS, &bus_before, NULL);
	}
}

static void
guard(struct model_trace *t)
{
	struct sigaction sa;
	size_t i;

	for (i = 0; i < GUARDED_MAX && guarded[i] != NULL; i++)
		;
	if (i == GUARDED_MAX)
		return;
	guarded[i] = t;
	if (bus_installed)
		return;
	page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGBUS, &sa, &bus_before);
	bus_installed = true;
}

static void
unguard(struct model_trace *t)
{
	size_t i;

	for (i = 0; i < GUARDED_MAX; i++)
		if (guarded[i] == t)
			guarded[i] = NULL;
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size && a->st_ino == b->st_ino &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

bool
model_trace_check_file(struct model_trace *t)
{
	struct stat st;

	if (!t->mapped || t->changed)
		return t->changed;
	if (t->bus_fault || fstat(t->file_fd, &st) != 0 ||
	    !same_file(&st, &t->file_st))
		t->changed = true;
	return t->changed;
}

const char *
model_trace_changed(const struct model_trace *t)
{
	return t->changed ? "the trace file changed on disk while open: "
	    "open it again" : NULL;
}

/*
 * A trace file is mapped, not copied: the pages are the kernel's to keep
 * or drop, and a trace larger than memory still opens.  The file is kept
 * open, and guarded, to notice when it changes (see above).
 */
bool
model_trace_load_file(struct model_trace *t, int fd, char **cause)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0 ||
	    t->len != 0)
		return false;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return false;
	madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
	t->data = p;
	t->len = t->cap = (size_t)st.st_size;
	t->mapped = true;
	t->file_fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	t->file_st = st;
	guard(t);
	if (!decode_available(t) || !model_trace_finish(t)) {
		*cause = strdup(t->error != NULL ? t->error : "cannot read the trace");
		return true;
	}
	madvise(p, (size_t)st.st_size, MADV_RANDOM);
	return true;
}

bool
model_trace_feed(struct model_trace *t, const void *p, size_t n)
{
	if (t->error != NULL || t->mapped)
		return false;
	if (n == 0)
		return decode_available(t);
	if (t->len + n > t->cap) {
		while (t->len + n > t->cap)
			t->cap = t->cap ? t->cap * 2 : 65536;
		t->data = xrealloc(t->data, t->cap);
	}
	memcpy(t->data + t->len, p, n);
	t->len += n;
	return decode_available(t);
}

bool
model_trace_finish(struct model_trace *t)
{
	char *cause = NULL;

	if (t->error != NULL)
		return false;
	if (!t->header_ok) {
		if (asprintf(&cause, "not a stackheap trace (%zu bytes, too short "
		    "for a header)", t->len) < 0)
			cause = NULL;
		return fail(t, cause);
	}
	if (t->pos < t->len) {
		if (asprintf(&cause, "trace truncated at byte %zu: the last "
		    "record is incomplete", t->pos) < 0)
			cause = NULL;
		return fail(t, cause);
	}
	hand_out(t);
	return true;
}

void
model_trace_forward(struct model_trace *t, model_trace_step_fn fn, void *arg)
{
	t->forward = fn;
	t->forward_arg = arg;
}

/* Forward mode: the last step, if a damaged stream stopped the reading. */
void
model_trace_hand_out_last(struct model_trace *t)
{
	if (t->forward != NULL)
		hand_out(t);
}

const char *
model_trace_error(const struct model_trace *t)
{
	return t->error;
}

size_t
model_trace_drop_partial(struct model_trace *t)
{
	size_t dropped;

	if (!t->header_ok || t->error != NULL)
		return 0;
	dropped = t->len - t->pos;
	t->len = t->pos;
	return dropped;
}

/* --- steps and seeking -------------------------------------------------------------- */

size_t
model_trace_nsteps(const struct model_trace *t)
{
	return t->nsteps;
}

const struct model_state *
model_trace_head(const struct model_trace *t)
{
	return t->head;
}

/* Applies the records after cursor c's step up to and including step i's. */
static void
replay(struct model_trace *t, struct place *c, size_t i)
{
	uint64_t from = c->next, last = model_steps_offset(&t->steps, i);
	struct wire_event ev;
	char *cause = NULL;

	while (from <= last) {
		struct wire_push push;
		size_t n;

		if (t->data[from] == (SH_REC_POP | SH_WIRE_EMPTY)) {
			model_state_pop(c->state);
			model_lost_after(c->state, SH_REC_POP, &t->reach);
			from++;
			continue;
		}
		if (t->data[from] >= SH_WIRE_CACHED_PUSH) {
			model_state_push_cached(c->state,
			    t->data[from] - SH_WIRE_CACHED_PUSH);
			model_lost_after(c->state, SH_REC_PUSH, &t->reach);
			from++;
			continue;
		}
		if (wire_decode_push(t->data, t->len, (size_t)from, &push, &n)) {
			model_state_push(c->state, &push);
			model_lost_after(c->state, SH_REC_PUSH, &t->reach);
			from += n;
			continue;
		}
		if (wire_decode_at(t->data, t->len, (size_t)from, &ev, &cause) !=
		    WIRE_OK) {
			/* it decoded once: the file changed under the mapping */
			free(cause);
			t->changed = t->mapped;
			break;
		}
		model_state_apply(c->state, &ev, &t->resolver);
		model_lost_after(c->state, ev.type, &t->reach);
		from += ev.size;
	}
	c->step = i;
	c->next = from;
}

/* The last snapshot at or before step i. */
static const struct snapshot *
snapshot_before(const struct model_trace *t, size_t i)
{
	size_t lo = 0, hi = t->nsnaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->snaps[mid].step <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &t->snaps[lo ? lo - 1 : 0];
}

/* Frees the cursors, then the checkpoints that they may borrow from. */
static void
forget_near(struct model_trace *t)
{
	size_t i;

	for (i = 0; i < CURSORS; i++) {
		model_state_free(t->cursors[i].state);
		t->cursors[i].state = NULL;
	}
	while (t->nnear > 0)
		model_state_free(t->near[--t->nnear].state);
}

/* The kept state latest at or before step i (its index), or n: none. */
static size_t
latest_before(const struct place *p, size_t n, size_t i)
{
	size_t best = n, j;

	for (j = 0; j < n; j++)
		if (p[j].state != NULL && p[j].step <= i &&
		    (best == n || p[j].step > p[best].step))
			best = j;
	return best;
}

/* The cursor handed out longest ago (or an empty one), freed for reuse. */
static struct place *
reusable_cursor(struct model_trace *t)
{
	struct place *c = &t->cursors[0];
	size_t j;

	for (j = 1; j < CURSORS; j++)
		if (t->cursors[j].state == NULL || (c->state != NULL &&
		    t->cursors[j].used < c->used))
			c = &t->cursors[j];
	model_state_free(c->state);
	c->state = NULL;
	return c;
}

/*
 * Replays cursor c to step i; from far (a snapshot more than NEAR_GAP
 * steps before), leaves checkpoints every NEAR_GAP steps before i on the
 * way, so that stepping back from i restores one near instead of
 * replaying from the snapshot again.
 */
static void
replay_leaving_checkpoints(struct model_trace *t, struct place *c, size_t i)
{
	size_t k;

	for (k = NEAR_KEPT - t->nnear; k > 0; k--) {	/* the nearest that fit */
		size_t at = i >= k * NEAR_GAP ? i - k * NEAR_GAP : 0;

		if (at <= c->step)
			continue;
		replay(t, c, at);
		t->near[t->nnear] = *c;
		t->near[t->nnear++].state = model_state_share(c->state);
	}
	replay(t, c, i);
}

/*
 * Two cursors keep step i and the one before it, so that a redraw seeks
 * nothing and a step forward replays one step for each.  A step back
 * restores the latest kept state at or before it: a checkpoint near it
 * (left by an earlier seek) or the snapshot before it.
 */
const struct model_state *
model_trace_seek(struct model_trace *t, size_t i)
{
	const struct snapshot *snap;
	const struct place *from = NULL;
	struct place *c = NULL;
	size_t j;

	if (i >= t->nsteps)
		return NULL;
	if (t->forward != NULL)
		return i + 1 == t->nsteps ? t->head : NULL;
	snap = snapshot_before(t, i);
	if ((j = latest_before(t->near, t->nnear, i)) < t->nnear)
		from = &t->near[j];
	if ((j = latest_before(t->cursors, CURSORS, i)) < CURSORS)
		c = &t->cursors[j];
	if (c == NULL || c->step < snap->step || (from != NULL &&
	    c->step < from->step)) {	/* no cursor to go on from */
		if (from == NULL || from->step < snap->step) {
			if (i - snap->step > NEAR_GAP && t->nnear == NEAR_KEPT)
				forget_near(t);	/* room for new ones */
			from = NULL;
		}
		c = reusable_cursor(t);
		c->state = model_state_copy(from != NULL ? from->state :
		    snap->state);
		c->step = from != NULL ? from->step : snap->step;
		c->next = from != NULL ? from->next : snap->next;
	}
	if (c->step < i) {
		if (i - c->step > NEAR_GAP)
			replay_leaving_checkpoints(t, c, i);
		else
			replay(t, c, i);
	}
	c->used = ++t->seeks;
	for (j = 0; j < CURSORS; j++)	/* one state a step */
		if (&t->cursors[j] != c && t->cursors[j].state != NULL &&
		    t->cursors[j].step == i) {
			model_state_free(t->cursors[j].state);
			t->cursors[j].state = NULL;
		}
	return c->state;
}

bool
model_trace_step_record(struct model_trace *t, size_t i, struct wire_event *ev)
{
	char *cause = NULL;

	if (i >= t->nsteps || (t->forward != NULL && i + 1 != t->nsteps))
		return false;
	if (wire_decode_at(t->data, t->len, (size_t)(t->forward != NULL ?
	    t->pending_offset : model_steps_offset(&t->steps, i)), ev, &cause) !=
	    WIRE_OK) {
		free(cause);	/* a record the fuzzer cut: no event, no leak */
		return false;
	}
	return true;
}

uint32_t
model_trace_step_tid(const struct model_trace *t, size_t i)
{
	if (t->forward != NULL)
		return i + 1 == t->nsteps ? t->pending_tid : 0;
	return i < t->nsteps ? model_steps_tid(&t->steps, i) : 0;
}

static const char *
said_at(const struct model_trace *t, size_t i)
{
	if (t->forward != NULL)
		return i + 1 == t->nsteps ? t->pending_step_say : NULL;
	return i < t->nsteps ? model_steps_said(&t->steps, i) : NULL;
}

/* What the narrator says of the line step i finished, or NULL. */
static const char *
finished_line_say(struct model_trace *t, size_t i)
{
	const struct model_state *s;

	if (t->line_say == NULL || (s = model_trace_seek(t, i)) == NULL ||
	    s->done_pc == 0)
		return NULL;
	return t->line_say(t->line_say_arg, s->done_pc);
}

const char *
model_trace_step_say(struct model_trace *t, size_t i)
{
	const char *said = said_at(t, i), *line = finished_line_say(t, i);

	if (line == NULL)
		return said;
	free(t->say_text);
	t->say_text = NULL;
	if (said != NULL)
		append_say(&t->say_text, said, strlen(said));
	append_say(&t->say_text, line, strlen(line));
	return t->say_text;
}

void
model_trace_narrate_lines(struct model_trace *t, model_line_say_fn fn,
    void *arg)
{
	t->line_say = fn;
	t->line_say_arg = arg;
}

size_t
model_trace_step_output(const struct model_trace *t, size_t i,
    const struct model_output **first)
{
	size_t lo = model_steps_first_at(t->outs, t->nouts, sizeof *t->outs,
	    offsetof(struct model_output, step), i), n = 0;

	*first = t->outs != NULL ? t->outs + lo : NULL;
	while (lo + n < t->nouts && t->outs[lo + n].step == i)
		n++;
	return n;
}

size_t
model_trace_outputs(const struct model_trace *t,
    const struct model_output **all)
{
	*all = t->outs;
	return t->nouts;
}

struct debuginfo *
model_trace_symbols(const struct model_trace *t)
{
	return t->symbols;
}

struct model_typetab *
model_trace_types(const struct model_trace *t)
{
	return t->types;
}

bool
model_trace_lacks_debug(const struct model_trace *t)
{
	struct stat st;

	return t->program != NULL && !t->no_symbols &&
	    stat(t->program, &st) == 0 && S_ISREG(st.st_mode) &&
	    !debuginfo_has_debug(t->symbols, t->program);
}

const char *
model_trace_program(const struct model_trace *t, uint64_t *pid)
{
	if (pid != NULL)
		*pid = t->pid;
	return t->program;
}

bool
model_trace_ended(const struct model_trace *t, enum sh_end_how *how, int *value)
{
	if (t->ended) {
		*how = t->end_how;
		*value = t->end_value;
	}
	return t->ended;
}

bool
model_trace_end(struct model_trace *t, enum sh_end_how how, int value)
{
	uint8_t rec[WIRE_END_RECORD_MAX];

	return model_trace_feed(t, rec, wire_end_record(rec, how,
	    (uint64_t)(value < 0 ? 0 : value)));
}
