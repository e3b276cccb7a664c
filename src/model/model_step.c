/*
 * model_step.c — a step from its record (see model_step.h).  Records of
 * frames, heap calls and lines hold differences from their thread's
 * previous one, or a cache slot: what they meant is read from the thread
 * in the state right after the step, which applied them.  The decoded
 * record itself is never changed.
 */
#include "config.h"

#include <string.h>

#include "model/model_step.h"

/* The thread that made step i, in the state right after it, or NULL. */
static const struct model_thread *
thread_after(struct model_trace *t, size_t i, uint32_t tid)
{
	const struct model_state *s = model_trace_seek(t, i);

	return s != NULL ? model_state_thread(s, tid) : NULL;
}

/* The frame a push made is its thread's innermost one. */
static void
take_call(const struct wire_event *ev, const struct model_thread *th,
    struct model_step_call *call)
{
	call->signal = (unsigned)ev->u[W_PUSH_SIGNAL];
	if (th != NULL && th->nframes > 0) {
		const struct model_frame *f = &th->frames[th->nframes - 1];

		call->fn = f->fn;
		call->site = f->site;
		call->lo = f->lo;
		call->hi = f->hi;
	}
}

/* The thread keeps its last heap record's fields, made absolute. */
static void
take_heap(const struct wire_event *ev, const struct model_thread *th,
    struct model_step_heap *h)
{
	uint64_t u[3] = { 0 }, pc0 = 0;

	if (th != NULL) {
		memcpy(u, th->heap_u, sizeof u);
		pc0 = th->heap_pc0;
	}
	switch (ev->type) {
	case SH_REC_ALLOC:
		h->kind = (unsigned)u[W_ALLOC_KIND];
		h->addr = u[W_ALLOC_ADDR];
		h->size = u[W_ALLOC_SIZE];
		break;
	case SH_REC_FREE:
		h->addr = u[W_FREE_ADDR];
		h->pcs[0] = u[W_FREE_PC];
		h->npcs = 1;
		return;
	default:	/* SH_REC_REALLOC */
		h->old = u[W_REALLOC_OLD];
		h->addr = u[W_REALLOC_NEW];
		h->size = u[W_REALLOC_SIZE];
		break;
	}
	h->npcs = ev->npcs;
	memcpy(h->pcs, ev->pcs, ev->npcs * sizeof ev->pcs[0]);
	if (h->npcs > 0)
		h->pcs[0] = pc0;
}

static void
take_var(struct model_trace *t, const struct wire_event *ev,
    struct model_step_var *v)
{
	v->addr = ev->u[W_VAR_ADDR];
	v->size = ev->u[W_VAR_SIZE];
	v->code = (unsigned)ev->u[W_VAR_CODE];
	v->name = ev->str;
	v->name_len = ev->str_len;
	v->at.file = model_trace_string(t, ev->u[W_VAR_FILE]);
	v->at.line = ev->u[W_VAR_LINE];
	v->pc = ev->u[W_VAR_PC];
}

static void
take_crash(const struct wire_event *ev, struct model_crash *c)
{
	c->happened = true;
	c->signal = (int)ev->u[W_CRASH_SIGNAL];
	c->code = (int)ev->u[W_CRASH_CODE];
	c->addr = ev->u[W_CRASH_ADDR];
	c->pc = ev->u[W_CRASH_PC];
	c->sp = ev->u[W_CRASH_SP];
	c->stack_overflow = (ev->u[W_CRASH_FLAGS] & SH_CRASH_STACK_OVERFLOW) != 0;
}

/* The fields of the records that need no state. */
static bool
take_plain(struct model_trace *t, const struct wire_event *ev,
    struct model_step *st)
{
	switch (ev->type) {
	case SH_REC_VAR:
	case SH_REC_GLOBAL:
		st->kind = ev->type == SH_REC_VAR ? MODEL_STEP_VAR :
		    MODEL_STEP_GLOBAL;
		take_var(t, ev, &st->var);
		return true;
	case SH_REC_STEP:
		st->kind = MODEL_STEP_ANNOTATION;
		st->annotation.file = model_trace_string(t, ev->u[W_STEP_FILE]);
		st->annotation.line = ev->u[W_STEP_LINE];
		return true;
	case SH_REC_CRASH:
		st->kind = MODEL_STEP_CRASH;
		take_crash(ev, &st->crash);
		return true;
	default:
		return false;
	}
}

/* The fields of the records that hold differences from the thread's last. */
static bool
take_resolved(struct model_trace *t, size_t i, const struct wire_event *ev,
    struct model_step *st)
{
	const struct model_thread *th;

	switch (ev->type) {
	case SH_REC_PUSH:
	case SH_REC_POP:
	case SH_REC_ALLOC:
	case SH_REC_FREE:
	case SH_REC_REALLOC:
	case SH_REC_LINE:
		break;
	default:
		return false;
	}
	th = thread_after(t, i, st->tid);
	switch (ev->type) {
	case SH_REC_PUSH:
		st->kind = MODEL_STEP_CALL;
		take_call(ev, th, &st->call);
		break;
	case SH_REC_POP:
		st->kind = MODEL_STEP_RETURN;
		st->returned_fn = th != NULL ? th->popped_fn : 0;
		break;
	case SH_REC_LINE:
		st->kind = MODEL_STEP_LINE;
		st->line.pc = th != NULL ? th->line_pc : 0;
		st->line.sp = th != NULL ? th->line_sp : 0;
		break;
	default:
		st->kind = ev->type == SH_REC_ALLOC ? MODEL_STEP_ALLOC :
		    ev->type == SH_REC_FREE ? MODEL_STEP_FREE : MODEL_STEP_REALLOC;
		take_heap(ev, th, &st->heap);
		break;
	}
	return true;
}

bool
model_trace_step(struct model_trace *t, size_t i, struct model_step *st)
{
	struct wire_event ev;

	if (!model_trace_step_record(t, i, &ev))
		return false;
	memset(st, 0, sizeof *st);
	st->tid = model_trace_step_tid(t, i);
	return take_plain(t, &ev, st) || take_resolved(t, i, &ev, st);
}
