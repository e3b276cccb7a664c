/*
 * rt_lines_fast.h — the line steps' inline path, as rt_frames.h is the
 * frame hooks': the commonest line step — the next line of the frame the
 * thread's last line step was in, at a pc it ran before, having written
 * nothing but its own frame's fixed slots — written straight into the
 * ring, with none of the slow path's bookkeeping (rt_lines.c).
 *
 * Built twice: into the runtime library, whose rt_line tries it first,
 * and into libstackheap-hooks.a (rt_line_fast.c), whose probe (rt_probe.S)
 * calls it before it saves the SSE registers.  That copy is built with
 * -mgeneral-regs-only, so it must call nothing (a C library memcpy may use
 * those registers): every copy and comparison here is a loop of its own.
 *
 * It writes the very records the slow path would (stackheap-wire.h's
 * cached line steps), and gives up, having written and kept nothing, in
 * every other case: several threads, another thread's record last, a
 * registered variable, a dirty flag or a store logged, a new frame, a new
 * sp, a frame without an extent or over FAST_SPAN bytes, a pc not in the
 * line cache, more than one run of changed bytes or one over FAST_RUN.
 */
#ifndef RT_LINES_FAST_H
#define RT_LINES_FAST_H

#include "rt_internal.h"
#include "cc/cc_probe.h"

#define RUN_GAP 8	/* equal bytes that end a run of changed ones */
#define FAST_SPAN 2048	/* bytes of a frame the fast path compares, at most */
#define FAST_RUN 100	/* bytes of the one run it sends, at most */

/* A word read anywhere, without a call (see above). */
typedef uint64_t rt_word __attribute__((may_alias, aligned(1)));
typedef uint32_t rt_half __attribute__((may_alias, aligned(1)));

/* The operand of the n-th no-op after a probe's call, or 0 if there is none. */
RT_NOINSTR static inline uint32_t
probe_nop(uintptr_t ret, int n)
{
	const uint8_t *p = (const uint8_t *)ret + n * CC_PROBE_NOP_SIZE;

	if (p[0] == 0x0f && p[1] == 0x1f && p[2] == 0x80)
		return *(const rt_half *)(p + 3);
	return 0;
}

/*
 * The line cache slot of pc (stackheap-wire.h): a pc has two, its home
 * and the one next to it.  The home is a hash of the probe's key (its file
 * and line), not of the pc, which address space randomisation moves: the
 * same program then makes the same trace, of the same size.
 */
RT_NOINSTR static inline unsigned
line_home(uintptr_t pc)
{
	uint32_t key = probe_nop(pc, 0);
	uint64_t h = key != 0 ? key : pc;

	return (unsigned)((h * 0x9e3779b97f4a7c15ull) >> 59) &
	    (SH_WIRE_LINE_SLOTS - 1);
}

/* The slot the viewer has pc in, or SH_WIRE_LINE_SLOTS. */
RT_NOINSTR static inline unsigned
cached_line_slot(const struct rt_thread *t, uintptr_t pc)
{
	unsigned home = line_home(pc);

	if (t->line_cache[home] == pc)
		return home;
	if (t->line_cache[home ^ 1] == pc)
		return home ^ 1;
	return SH_WIRE_LINE_SLOTS;
}

/* The end of the run of changed bytes starting at i: RUN_GAP equal ones. */
RT_NOINSTR static inline size_t
run_end(const uint8_t *now, const uint8_t *old, size_t i, size_t n)
{
	size_t end = i + 1, same = 0;

	for (i++; i < n && same < RUN_GAP; i++) {
		if (now[i] != old[i]) {
			end = i + 1;
			same = 0;
		} else {
			same++;
		}
	}
	return end;
}

/* The first i' >= i where now and old differ, or n: a word at a time. */
RT_NOINSTR static inline size_t
word_change(const uint8_t *now, const uint8_t *old, size_t i, size_t n)
{
	for (; i + 8 <= n; i += 8)
		if (*(const rt_word *)(now + i) != *(const rt_word *)(old + i))
			break;
	while (i < n && now[i] == old[i])
		i++;
	return i;
}

RT_NOINSTR static inline uint8_t *
copy_bytes(uint8_t *to, const uint8_t *from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		to[i] = from[i];
	return to + n;
}

/*
 * Whether the thread's line step may take the fast path: the ring's fast
 * limit (rt_hot.line_end: one thread, writing last, no global registered)
 * has room; no variable of its own registered; its innermost frame is the
 * one of its last line step, at the same sp; nothing marked since its
 * last whole comparison (so that the slow path would compare this frame
 * only: see written_top in rt_lines.c).
 */
RT_NOINSTR static inline bool
fast_allowed(const struct rt_thread *t, uintptr_t sp,
    _Atomic uint8_t *dirty)
{
	const struct rt_store_log *log = t->stores;
	size_t d = t->depth;

	return rt_hot.len + FAST_RUN + 8 <= rt_hot.line_end && !rt_guard &&
	    t->nvars == 0 && d > 0 && t->min_depth == d &&
	    d < t->cap_line_frames && sp == t->line_sp &&
	    t->line_epoch == rt_hot.line_epoch &&
	    !atomic_load_explicit(dirty, memory_order_relaxed) &&
	    (log == NULL || (log->left == RT_STORES_MAX && !log->overflowed));
}

/*
 * The top of what the slow path would compare (the frame's extent, as at
 * its last step), or 0 when the fast path must leave it to the slow one:
 * a frame without an extent, a long one, a stack the shadow does not
 * cover, or one whose shadow or highest frame would have to grow.
 */
RT_NOINSTR static inline uintptr_t
fast_top(const struct rt_thread *t, uintptr_t ret, uintptr_t sp, uintptr_t fp)
{
	uint32_t extent = probe_nop(ret, 1);
	uintptr_t top = fp + (extent & ~CC_PROBE_EXTENT_KNOWN);

	if (!(extent & CC_PROBE_EXTENT_KNOWN) || fp < sp || top <= sp ||
	    top - sp > FAST_SPAN || top != t->line_frames[t->depth].top ||
	    top > t->line_top || fp + 2 * sizeof(void *) > t->line_top ||
	    t->shadow == NULL || sp < t->shadow_lo || top > t->shadow_hi ||
	    (t->stack_hi != 0 && (sp < t->stack_lo || sp >= t->stack_hi)))
		return 0;
	return top;
}

/*
 * The line step as a cached line record of slot (stackheap-wire.h), if
 * [sp, top) changed in one short run or not at all; false, with nothing
 * written or kept, otherwise.  Needs room for FAST_RUN + 8 bytes.
 */
RT_NOINSTR static inline bool
send_fast_line(struct rt_thread *t, unsigned slot, uintptr_t sp,
    uintptr_t top)
{
	const uint8_t *now = (const uint8_t *)sp;
	uint8_t *old = t->shadow + (sp - t->shadow_lo), *p = rt_at(rt_hot.len);
	size_t n = top - sp, i = word_change(now, old, 0, n), end, len;
	uint8_t *q;

	if (i == n) {
		p[0] = wire_cached_line_type(slot, 0);
		rt_commit(p + 1);
		return true;
	}
	end = run_end(now, old, i, n);
	len = end - i;
	if (len > FAST_RUN || word_change(now, old, end, n) != n)
		return false;
	if (i == t->line_place[slot] && len <= 2) {
		p[0] = (uint8_t)((len == 1 ? SH_WIRE_PLACED_LINE1 :
		    SH_WIRE_PLACED_LINE2) | slot);
		q = copy_bytes(p + 1, now + i, len);
	} else {
		p[0] = wire_cached_line_type(slot, 1);
		q = copy_bytes(wire_put_u(p + 2, i), now + i, len);
		/* below 128: two bytes of offset (FAST_SPAN), FAST_RUN */
		p[1] = (uint8_t)(q - (p + 2));
		t->line_place[slot] = (uint32_t)i;
	}
	copy_bytes(old + i, now + i, len);
	rt_commit(q);
	return true;
}

/*
 * The line step at the probe's return address ret, the program's sp and
 * fp, with the program's dirty flag; true if it took the step (or it was
 * the same line going on, which is no step), false if the slow path must.
 */
RT_NOINSTR static inline bool
rt_line_fast(uintptr_t ret, uintptr_t sp, uintptr_t fp,
    _Atomic uint8_t *dirty)
{
	struct rt_thread *t = rt_me;
	uint32_t key;
	uintptr_t top;
	unsigned slot;
	bool sent;

	if (t == NULL || !fast_allowed(t, sp, dirty))
		return false;
	key = probe_nop(ret, 0);
	if (key != 0 && t->line_frames[t->depth].key == key)
		return true;		/* the same line goes on: same_line */
	if ((top = fast_top(t, ret, sp, fp)) == 0 ||
	    (slot = cached_line_slot(t, ret)) == SH_WIRE_LINE_SLOTS)
		return false;
	rt_guard = 1;
	atomic_signal_fence(memory_order_seq_cst);
	if ((sent = send_fast_line(t, slot, sp, top))) {
		t->line_pc = ret;
		t->line_frames[t->depth].key = key;
	}
	atomic_signal_fence(memory_order_seq_cst);
	rt_guard = 0;
	return sent;
}

#endif
