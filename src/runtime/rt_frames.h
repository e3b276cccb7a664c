/*
 * rt_frames.h — the frame hooks' inline path: every call of the traced
 * program runs it twice.  rt_cyg.c wraps it in the hooks, which are built
 * into the runtime library and into libstackheap-hooks.a (see there); both
 * copies write into the library's ring and per-thread state.
 *
 * The inline path runs while the program has one thread and no
 * annotations: no lock, no flush, a byte or a few into the ring.  A
 * push the thread made before from a frame of a fixed size (nearly every
 * push) is one byte, a pop is one byte.  Anything else goes to the
 * library's slow paths.
 *
 * The hook is called from the function's prologue, after its stack space
 * is allocated, so the caller's stack pointer at the call (just above our
 * return address) is the frame's low end; the frame's high end (its
 * canonical frame address) is its frame pointer plus two words — known
 * when the function keeps a frame pointer (stackheap-cc asks for one),
 * otherwise sent as 0 and left to the viewer.  The hooks must be built
 * with frame pointers and without instrumentation.
 */
#ifndef RT_FRAMES_H
#define RT_FRAMES_H

#include "rt_internal.h"

#define RT_PUSH_MAX 40		/* type, length, four varints, a slot */
#define RT_FRAME_MAX (64u << 20)

/* The runtime library's side, exported for libstackheap-hooks.a. */
RT_API void	rt_push_slow(uintptr_t fn, uintptr_t site, uintptr_t low,
		    uintptr_t size) __asm__("__stackheap_push_" RT_ABI);
RT_API void	rt_pop_slow(void) __asm__("__stackheap_pop_" RT_ABI);
/* A push that cannot be sent cached; returns its end. */
RT_API uint8_t	*rt_push_full(struct rt_thread *t, uint8_t *p, uintptr_t fn,
		    uintptr_t site, uintptr_t low, uintptr_t size)
		    __asm__("__stackheap_push_full_" RT_ABI);

/*
 * caller_fp: the frame pointer the instrumented function saved for us (or
 * whatever its register held, without one: then the size is 0, unknown).
 * A high end at or below the low one wraps around to a huge size.
 */
RT_NOINSTR static inline uintptr_t
rt_frame_size(uintptr_t low, uintptr_t caller_fp)
{
	uintptr_t size = caller_fp + 2 * sizeof(void *) - low;

	return size != 0 && size <= RT_FRAME_MAX ? size : 0;
}

/*
 * A call site's first push cache slot: its address's low bits, so that
 * call sites less than 64 bytes apart (a recursion's two calls, say) never
 * share it.
 */
RT_NOINSTR static inline unsigned
rt_home_slot(uintptr_t site)
{
	return (unsigned)site & (SH_WIRE_CACHE_SLOTS - 1);
}

/*
 * A cached push of slot c, if right: the thread made this call before with
 * this frame size, at the same distance below the innermost frame (lows[-1]
 * is 0, what the viewer takes for an empty stack), so that the viewer can
 * work out every field from its own state.  Returns the end, or NULL.
 */
RT_NOINSTR static inline uint8_t *
rt_push_cached(struct rt_thread *t, uint8_t *p, unsigned slot, uintptr_t fn,
    uintptr_t site, uintptr_t low, uintptr_t size)
{
	const struct rt_push_slot *c = &t->cache[slot];
	uintptr_t *lows = t->lows;
	size_t d = t->depth;

	if (c->site != site || c->fn != fn || c->size != size ||
	    c->gap != lows[d - 1] - low || d >= t->cap_lows)
		return NULL;
	lows[d] = low;
	t->depth = d + 1;
	return wire_enc_cached_push(p, slot);
}

/*
 * Writes a push at p, returns the end: one byte, nearly always.  A call
 * site has two slots, its home and the one next to it, for two hot sites
 * of one home.
 */
RT_NOINSTR static inline uint8_t *
rt_frames_push(struct rt_thread *t, uint8_t *p, uintptr_t fn, uintptr_t site,
    uintptr_t low, uintptr_t size)
{
	unsigned home = rt_home_slot(site);
	uint8_t *end = rt_push_cached(t, p, home, fn, site, low, size);

	if (__builtin_expect(end != NULL, 1))
		return end;
	end = rt_push_cached(t, p, home ^ 1, fn, site, low, size);
	if (__builtin_expect(end != NULL, 1))
		return end;
	return rt_push_full(t, p, fn, site, low, size);
}

RT_NOINSTR static inline uint8_t *
rt_frames_pop(struct rt_thread *t, uint8_t *p)
{
	p = wire_enc_pop(p);
	if (t->depth > 0)
		t->depth--;
	if (t->depth < t->min_depth)	/* a frame line steps looked at went */
		t->min_depth = t->depth;
	return p;
}

/*
 * The hooks' bodies.  The guard is taken before the buffer is looked at: a
 * signal handler's hooks, in between, must not write where this one will.
 * Anything but the plain case goes to the slow paths; off: a program run
 * on its own, or a forked child, where the hooks do nothing at all.  With
 * the fast path closed (fast_end 0) the guard is not touched at all: a
 * thread the program made with a raw clone() shares another's guard, and
 * must not take it from under that thread (the slow path refuses it).
 */
RT_NOINSTR static inline bool
rt_inline_begin(struct rt_thread *t, size_t n, size_t *len)
{
	if (__builtin_expect(t == NULL || rt_guard || rt_hot.fast_end == 0, 0))
		return false;
	rt_guard = 1;
	atomic_signal_fence(memory_order_seq_cst);
	*len = rt_hot.len;
	if (__builtin_expect(*len + n <= rt_hot.fast_end, 1))
		return true;
	rt_guard = 0;
	return false;
}

RT_NOINSTR static inline void
rt_inline_end(size_t len)
{
	rt_hot.len = len;
	atomic_store_explicit(&rt_hot.committed, len, memory_order_release);
	atomic_signal_fence(memory_order_seq_cst);
	rt_guard = 0;
}

RT_NOINSTR static inline void
rt_frames_enter(void *fn, void *site, void **fp)
{
	uintptr_t low = (uintptr_t)(fp + 2);
	uintptr_t size = rt_frame_size(low, (uintptr_t)fp[0]);
	struct rt_thread *t = rt_me;
	size_t len;

	if (__builtin_expect(rt_inline_begin(t, RT_PUSH_MAX, &len), 1)) {
		uint8_t *p = rt_hot.buf + (len & rt_hot.mask);

		rt_inline_end(len + (size_t)(rt_frames_push(t, p, (uintptr_t)fn,
		    (uintptr_t)site, low, size) - p));
	} else if (!rt_hot.off) {
		rt_push_slow((uintptr_t)fn, (uintptr_t)site, low, size);
	}
}

RT_NOINSTR static inline void
rt_frames_exit(void)
{
	struct rt_thread *t = rt_me;
	size_t len;

	if (__builtin_expect(rt_inline_begin(t, 1, &len), 1)) {
		rt_frames_pop(t, rt_hot.buf + (len & rt_hot.mask));
		rt_inline_end(len + 1);
	} else if (!rt_hot.off) {
		rt_pop_slow();
	}
}

#endif
