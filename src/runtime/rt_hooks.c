/*
 * rt_hooks.c — frame push and pop, from the compiler's function
 * instrumentation (-finstrument-functions, which stackheap-cc adds).
 *
 * These run for every call of the program, so they are the tightest code
 * of the runtime: a thread-local check, a few bytes into the buffer, no
 * lock while the program has one thread.  A push sends the function, the
 * call site and the frame's low end as differences from the thread's
 * previous push (a byte or two each), and the frame's size; a pop is one
 * byte.
 *
 * The hook is called from the function's prologue, after its stack space
 * is allocated, so the caller's stack pointer at the call (just above our
 * return address) is the frame's low end; the frame's high end (its
 * canonical frame address) is its frame pointer plus two words — known
 * when the function keeps a frame pointer (stackheap-cc asks for one),
 * otherwise sent as 0 and left to the viewer.  This file is built with
 * frame pointers and without instrumentation.
 */
#include "rt_internal.h"

#define FRAME_MAX (64u << 20)
#define PUSH_MAX 40	/* type, length and four varints */

/* caller_fp: the frame pointer the instrumented function saved for us. */
RT_NOINSTR static inline uintptr_t
frame_size(uintptr_t low, uintptr_t caller_fp)
{
	uintptr_t high = caller_fp + 2 * sizeof(void *);

	return high > low && high - low <= FRAME_MAX ? high - low : 0;
}

RT_NOINSTR static inline void
record_push(struct rt_thread *t, uintptr_t fn, uintptr_t site, uintptr_t low,
    uintptr_t size)
{
	uint8_t *p, *len;

	rt_lock();
	if (__builtin_expect(rt_watching, 0))
		rt_snapshot_locked(t);
	p = rt_room(t, PUSH_MAX);
	if (p != NULL) {
		*p++ = SH_REC_PUSH;
		len = p++;
		p = rt_put_zv(p, (int64_t)(fn - t->last_fn));
		p = rt_put_zv(p, (int64_t)(site - t->last_site));
		p = rt_put_zv(p, (int64_t)(low - t->last_lo));
		p = rt_put_uv(p, size);
		*len = (uint8_t)(p - len - 1);
		rt_commit(p);
		t->last_fn = fn;
		t->last_site = site;
		t->last_lo = low;
	}
	t->depth++;
	rt_unlock();
}

RT_NOINSTR static inline void
record_pop(struct rt_thread *t)
{
	uint8_t *p;

	rt_lock();
	if (__builtin_expect(rt_watching, 0))
		rt_snapshot_locked(t);
	p = rt_room(t, 1);
	if (p != NULL) {
		p[0] = SH_REC_POP | SH_WIRE_EMPTY;
		rt_commit(p + 1);
	}
	if (t->depth > 0)
		t->depth--;
	if (__builtin_expect(t->nvars > 0, 0))
		rt_vars_pop_locked(t);
	rt_unlock();
}

/* The first event of a thread (or one while the runtime starts). */
RT_NOINSTR static struct rt_thread *
slow_enter(void)
{
	struct rt_thread *t;

	if (!rt_enter())
		return NULL;
	t = rt_self();
	if (t == NULL)
		rt_leave();
	return t;
}

RT_API RT_NOINSTR void
__cyg_profile_func_enter(void *fn, void *call_site)
{
	void **fp = __builtin_frame_address(0);
	uintptr_t low = (uintptr_t)(fp + 2);
	struct rt_thread *t = rt_fast_enter();

	if (t == NULL && (t = slow_enter()) == NULL)
		return;
	record_push(t, (uintptr_t)fn, (uintptr_t)call_site, low,
	    frame_size(low, (uintptr_t)fp[0]));
	rt_leave();
}

RT_API RT_NOINSTR void
__cyg_profile_func_exit(void *fn, void *call_site)
{
	struct rt_thread *t = rt_fast_enter();

	if (t == NULL && (t = slow_enter()) == NULL)
		return;
	record_pop(t);
	rt_leave();
}
