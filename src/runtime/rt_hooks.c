/*
 * rt_hooks.c — frame push and pop, from the compiler's function
 * instrumentation (-finstrument-functions, which stackheap-cc adds).
 *
 * Each push carries the frame's real stack range.  The hook is called from
 * the function's prologue, after its stack space is allocated, so the
 * caller's stack pointer at the call (just above our return address) is the
 * frame's low end; the frame's high end (its canonical frame address) is its
 * frame pointer plus two words — known when the function keeps a frame
 * pointer (stackheap-cc asks for one), otherwise sent as 0 and left to the
 * viewer.  This file is built with frame pointers and without
 * instrumentation.
 */
#include "rt_internal.h"

#define FRAME_MAX (64u << 20)

/* caller_fp: the frame pointer the instrumented function saved for us. */
RT_NOINSTR static uintptr_t
frame_high(uintptr_t low, uintptr_t caller_fp)
{
	uintptr_t high = caller_fp + 2 * sizeof(void *);

	return high > low && high - low <= FRAME_MAX ? high : 0;
}

RT_API RT_NOINSTR void
__cyg_profile_func_enter(void *fn, void *call_site)
{
	void **fp = __builtin_frame_address(0);
	uintptr_t low = (uintptr_t)(fp + 2);
	uintptr_t caller_fp = (uintptr_t)fp[0];
	struct rt_thread *t;

	if (!rt_enter())
		return;
	t = rt_self();
	if (t != NULL) {
		rt_lock();
		rt_snapshot_locked(t);
		if (rt_rec_begin(SH_REC_PUSH, 40)) {
			rt_put_u((uintptr_t)fn);
			rt_put_u((uintptr_t)call_site);
			rt_put_u(low);
			rt_put_u(frame_high(low, caller_fp));
			rt_rec_end();
		}
		t->depth++;
		rt_unlock();
	}
	rt_leave();
}

RT_API RT_NOINSTR void
__cyg_profile_func_exit(void *fn, void *call_site)
{
	struct rt_thread *t;

	if (!rt_enter())
		return;
	t = rt_self();
	if (t != NULL) {
		rt_lock();
		rt_snapshot_locked(t);
		if (rt_rec_begin(SH_REC_POP, 10)) {
			rt_put_u((uintptr_t)fn);
			rt_rec_end();
		}
		if (t->depth > 0)
			t->depth--;
		rt_vars_pop_locked(t);
		rt_unlock();
	}
	rt_leave();
}
