/*
 * model_trace.c — the stream of a trace, its steps and seeking among them.
 *
 * The raw bytes are kept (they are the most compact record of the run);
 * a step costs one index entry (where its record is), narration is stored
 * apart.  Records that say something about the whole run — strings,
 * modules, narration, the end — are taken in once as they arrive; replaying
 * for a seek only applies the records that change memory.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_trace.h"

struct step {
	uint64_t	offset;		/* of the record that made it */
	uint32_t	tid;
	char		*say;
};

struct snapshot {
	size_t			 step;	/* state right after this step */
	uint64_t		 next;	/* offset of the record after it */
	struct model_state	*state;
};

struct string_entry {
	uint64_t	 id;
	char		*text;
};

struct model_trace {
	uint8_t			*data;
	size_t			 len, cap;
	size_t			 pos;		/* next record to decode */
	bool			 header_ok;
	char			*error;

	struct model_state	*head;
	struct step		*steps;
	size_t			 nsteps, capsteps;
	char			*pending_say;	/* narration before any step */

	struct snapshot		*snaps;
	size_t			 nsnaps, capsnaps;
	struct model_state	*cursor;
	size_t			 cursor_step;	/* (size_t)-1: none */
	uint64_t		 cursor_next;

	struct string_entry	*strings;	/* open addressing by id */
	size_t			 nstrings, capstrings;
	char			**names;	/* interned variable names */
	size_t			 nnames, capnames;

	struct model_typetab	*types;
	struct model_symbols	*symbols;
	struct model_resolver	 resolver;

	char			*program;
	uint64_t		 pid;
	bool			 no_symbols;
	bool			 ended;
	enum sh_end_how		 end_how;
	int			 end_value;
};

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		abort();
	return q;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* --- strings and names --------------------------------------------------------- */

static size_t
string_index(const struct model_trace *t, uint64_t id)
{
	size_t i = (size_t)(id * 0x9e3779b97f4a7c15ull) & (t->capstrings - 1);

	while (t->strings[i].text != NULL && t->strings[i].id != id)
		i = (i + 1) & (t->capstrings - 1);
	return i;
}

static void
grow_strings(struct model_trace *t)
{
	struct string_entry *old = t->strings;
	size_t oldcap = t->capstrings, i;

	t->capstrings = oldcap ? oldcap * 2 : 64;
	t->strings = calloc(t->capstrings, sizeof *t->strings);
	if (t->strings == NULL)
		abort();
	for (i = 0; i < oldcap; i++)
		if (old[i].text != NULL)
			t->strings[string_index(t, old[i].id)] = old[i];
	free(old);
}

static void
add_string(struct model_trace *t, uint64_t id, const char *s, size_t n)
{
	size_t i;

	if ((t->nstrings + 1) * 2 > t->capstrings)
		grow_strings(t);
	i = string_index(t, id);
	if (t->strings[i].text != NULL)
		free(t->strings[i].text);
	else
		t->nstrings++;
	t->strings[i].id = id;
	t->strings[i].text = xstrndup(s, n);
}

const char *
model_trace_string(const struct model_trace *t, uint64_t id)
{
	if (t->capstrings == 0)
		return NULL;
	return t->strings[string_index(t, id)].text;
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

	type = global ? model_symbols_global_type(t->symbols, 0, name) :
	    model_symbols_var_type(t->symbols, pc - 1, name);
	if (type != NULL && type->size == size)
		return type;
	return model_type_from_code(t->types, code, (size_t)size);
}

/* --- life cycle ---------------------------------------------------------------- */

struct model_trace *
model_trace_new(void)
{
	struct model_trace *t = calloc(1, sizeof *t);

	if (t == NULL)
		abort();
	t->head = model_state_new();
	t->types = model_typetab_new();
	t->symbols = model_symbols_new(t->types);
	t->resolver.var_type = resolve_var_type;
	t->resolver.intern = intern_name;
	t->resolver.arg = t;
	t->cursor_step = (size_t)-1;
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
	free(t->data);
	free(t->error);
	model_state_free(t->head);
	for (i = 0; i < t->nsteps; i++)
		free(t->steps[i].say);
	free(t->steps);
	free(t->pending_say);
	for (i = 0; i < t->nsnaps; i++)
		model_state_free(t->snaps[i].state);
	free(t->snaps);
	model_state_free(t->cursor);
	for (i = 0; i < t->capstrings; i++)
		free(t->strings[i].text);
	free(t->strings);
	for (i = 0; i < t->nnames; i++)
		free(t->names[i]);
	free(t->names);
	model_symbols_free(t->symbols);
	model_typetab_free(t->types);
	free(t->program);
	free(t);
}

/* --- taking records in ------------------------------------------------------------ */

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
			model_symbols_add_module(t->symbols, t->program,
			    ev->u[W_PROCESS_BIAS]);
		break;
	case SH_REC_MODULE:
		path = xstrndup(ev->str, ev->str_len);
		if (!t->no_symbols)
			model_symbols_add_module(t->symbols, path,
			    ev->u[W_MODULE_BIAS]);
		free(path);
		break;
	case SH_REC_SAY:
		append_say(t->nsteps ? &t->steps[t->nsteps - 1].say :
		    &t->pending_say, ev->str, ev->str_len);
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
add_step(struct model_trace *t, const struct wire_event *ev)
{
	struct step *s;

	if (t->nsteps == t->capsteps) {
		t->capsteps = t->capsteps ? t->capsteps * 2 : 256;
		t->steps = xrealloc(t->steps, t->capsteps * sizeof *t->steps);
	}
	s = &t->steps[t->nsteps++];
	s->offset = ev->offset;
	s->tid = t->head->tid;
	s->say = t->pending_say;
	t->pending_say = NULL;
	if ((t->nsteps - 1) % MODEL_SNAPSHOT_EVERY == 0) {
		if (t->nsnaps == t->capsnaps) {
			t->capsnaps = t->capsnaps ? t->capsnaps * 2 : 16;
			t->snaps = xrealloc(t->snaps, t->capsnaps * sizeof *t->snaps);
		}
		t->snaps[t->nsnaps].step = t->nsteps - 1;
		t->snaps[t->nsnaps].next = ev->offset + ev->size;
		t->snaps[t->nsnaps].state = model_state_copy(t->head);
		t->nsnaps++;
	}
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
		enum wire_status st = wire_decode_at(t->data, t->len, t->pos,
		    &ev, &cause);

		if (st == WIRE_ERROR)
			return fail(t, cause);
		if (st == WIRE_MORE)
			break;
		take_run_record(t, &ev);
		model_state_apply(t->head, &ev, &t->resolver);
		if (model_record_is_step(ev.type))
			add_step(t, &ev);
		t->pos += ev.size;
	}
	return true;
}

bool
model_trace_feed(struct model_trace *t, const void *p, size_t n)
{
	if (t->error != NULL)
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
	return true;
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

/* Applies the memory records from offset up to and including step i's. */
static void
replay(struct model_trace *t, uint64_t from, size_t i)
{
	uint64_t last = t->steps[i].offset;
	struct wire_event ev;
	char *cause = NULL;

	while (from <= last) {
		if (wire_decode_at(t->data, t->len, (size_t)from, &ev, &cause) !=
		    WIRE_OK)
			abort();	/* decoded fine once: cannot fail now */
		model_state_apply(t->cursor, &ev, &t->resolver);
		from += ev.size;
	}
	t->cursor_step = i;
	t->cursor_next = from;
}

static const struct snapshot *
snapshot_before(const struct model_trace *t, size_t i)
{
	size_t j = i / MODEL_SNAPSHOT_EVERY;

	return &t->snaps[j < t->nsnaps ? j : t->nsnaps - 1];
}

const struct model_state *
model_trace_seek(struct model_trace *t, size_t i)
{
	const struct snapshot *snap;

	if (i >= t->nsteps)
		return NULL;
	if (t->cursor_step == i)
		return t->cursor;
	snap = snapshot_before(t, i);
	if (t->cursor == NULL || t->cursor_step > i || t->cursor_step < snap->step) {
		model_state_free(t->cursor);
		t->cursor = model_state_copy(snap->state);
		t->cursor_step = snap->step;
		t->cursor_next = snap->next;
	}
	if (t->cursor_step < i)
		replay(t, t->cursor_next, i);
	return t->cursor;
}

/*
 * A push or pop record holds differences or nothing; the state after the
 * step has what they meant, which is what callers want.
 */
static void
resolve_frame_event(struct model_trace *t, size_t i, struct wire_event *ev)
{
	const struct model_state *s = model_trace_seek(t, i);
	const struct model_thread *th = s != NULL ?
	    model_state_thread(s, t->steps[i].tid) : NULL;

	if (th == NULL)
		return;
	if (ev->type == SH_REC_POP) {
		ev->u[W_POP_FN] = th->popped_fn;
		return;
	}
	ev->u[W_PUSH_FN] = th->last_fn;
	ev->u[W_PUSH_SITE] = th->last_site;
	ev->u[W_PUSH_LO] = th->last_lo;
	ev->u[W_PUSH_HI] = th->nframes > 0 ? th->frames[th->nframes - 1].hi : 0;
}

bool
model_trace_step_event(struct model_trace *t, size_t i, struct wire_event *ev)
{
	char *cause = NULL;

	if (i >= t->nsteps || wire_decode_at(t->data, t->len,
	    (size_t)t->steps[i].offset, ev, &cause) != WIRE_OK)
		return false;
	if (ev->type == SH_REC_PUSH || ev->type == SH_REC_POP)
		resolve_frame_event(t, i, ev);
	return true;
}

uint32_t
model_trace_step_tid(const struct model_trace *t, size_t i)
{
	return i < t->nsteps ? t->steps[i].tid : 0;
}

const char *
model_trace_step_say(const struct model_trace *t, size_t i)
{
	return i < t->nsteps ? t->steps[i].say : NULL;
}

struct model_symbols *
model_trace_symbols(const struct model_trace *t)
{
	return t->symbols;
}

struct model_typetab *
model_trace_types(const struct model_trace *t)
{
	return t->types;
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
