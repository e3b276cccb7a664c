/*
 * rt_frames.h — the frame hooks' inline path: every call of the traced
 * program runs it twice.  rt_cyg.c wraps it in the hooks, which are built
 * into the runtime library and into libstackheap-hooks.a (see there); both
 * copies write into the library's buffer and per-thread state.
 *
 * The inline path runs while the program has one thread and no
 * annotations: no lock, no flush, a byte or a few into the buffer.  A
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

#define RT_PUSH_MAX 40		/* type, length and four varints */
#define RT_FRAME_MAX (64u << 20)

/* The runtime library's side, exported for libstackheap-hooks.a. */
RT_API void	rt_push_slow(uintptr_t fn, uintptr_t site, uintptr_t low,
		    uintptr_t size) __asm__("__stackheap_push_4");
RT_API void	rt_pop_slow(void) __asm__("__stackheap_pop_4");
/* A push record that is not a cached one; returns its end. */
RT_API uint8_t	*rt_push_full(struct rt_thread *t, uint8_t *p, uintptr_t fn,
		    uintptr_t site, uintptr_t low, uintptr_t size)
		    __asm__("__stackheap_push_full_4");

/* caller_fp: the frame pointer the instrumented function saved for us. */
RT_NOINSTR static inline uintptr_t
rt_frame_size(uintptr_t low, uintptr_t caller_fp)
{
	uintptr_t high = caller_fp + 2 * sizeof(void *);

	return high > low && high - low <= RT_FRAME_MAX ? high - low : 0;
}

/*
 * Writes a push at p, returns the end.  The cached form is right when the
 * thread made this call before with this frame size, at the same distance
 * below the innermost frame (lows[-1] is 0, what the viewer takes for an
 * empty stack): then the viewer can work out every field from its state.
 */
RT_NOINSTR static inline uint8_t *
rt_frames_push(struct rt_thread *t, uint8_t *p, uintptr_t fn, uintptr_t site,
    uintptr_t low, uintptr_t size)
{
	unsigned slot = sh_wire_cache_slot(site);
	const struct rt_push_slot *c = &t->cache[slot];
	size_t d = t->depth;

	if (__builtin_expect(c->site == site && c->fn == fn && c->size == size &&
	    c->gap == t->lows[d - 1] - low && d < t->cap_lows, 1)) {
		*p++ = (uint8_t)(SH_WIRE_CACHED_PUSH | slot);
		t->lows[d] = low;
		t->depth = d + 1;
		return p;
	}
	return rt_push_full(t, p, fn, site, low, size);
}

RT_NOINSTR static inline uint8_t *
rt_frames_pop(struct rt_thread *t, uint8_t *p)
{
	*p++ = SH_REC_POP | SH_WIRE_EMPTY;
	if (t->depth > 0)
		t->depth--;
	return p;
}

/*
 * The guard taken and room for n bytes at the returned place, or NULL: the
 * slow path's turn.  The guard is taken before the buffer is looked at: a
 * signal handler's hooks, in between, must not write where this one will.
 */
RT_NOINSTR static inline uint8_t *
rt_inline_begin(struct rt_thread *t, size_t n)
{
	size_t len;

	if (__builtin_expect(t == NULL || rt_guard, 0))
		return NULL;
	rt_guard = 1;
	atomic_signal_fence(memory_order_seq_cst);
	len = rt_hot.len;
	if (__builtin_expect(len + n <= rt_hot.fast_end, 1))
		return rt_hot.buf + len;
	rt_guard = 0;
	return NULL;
}

RT_NOINSTR static inline void
rt_inline_end(uint8_t *end)
{
	rt_hot.len = (size_t)(end - rt_hot.buf);
	atomic_store_explicit(&rt_hot.committed, rt_hot.len,
	    memory_order_release);
	atomic_signal_fence(memory_order_seq_cst);
	rt_guard = 0;
}

/* The hooks' bodies; off: a program run on its own, or a forked child. */
RT_NOINSTR static inline void
rt_frames_enter(void *fn, void *site, void **fp)
{
	uintptr_t low = (uintptr_t)(fp + 2);
	uintptr_t size = rt_frame_size(low, (uintptr_t)fp[0]);
	struct rt_thread *t = rt_me;
	uint8_t *p = rt_inline_begin(t, RT_PUSH_MAX);

	if (__builtin_expect(p != NULL, 1))
		rt_inline_end(rt_frames_push(t, p, (uintptr_t)fn,
		    (uintptr_t)site, low, size));
	else if (!rt_hot.off)
		rt_push_slow((uintptr_t)fn, (uintptr_t)site, low, size);
}

RT_NOINSTR static inline void
rt_frames_exit(void)
{
	struct rt_thread *t = rt_me;
	uint8_t *p = rt_inline_begin(t, 1);

	if (__builtin_expect(p != NULL, 1))
		rt_inline_end(rt_frames_pop(t, p));
	else if (!rt_hot.off)
		rt_pop_slow();
}

#endif
