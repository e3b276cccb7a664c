/*
 * rt_lines_fast.h — the line steps' inline path, as rt_frames.h is the
 * frame hooks': the commonest line step — the next line of the frame the
 * thread's last line step was in, having written nothing but its own
 * stack (its frame's slots; through a pointer or an index, the store log
 * says where) — written straight into the ring, with none of the slow
 * path's bookkeeping (rt_lines.c).
 *
 * Built twice: into the runtime library, for its own copy of the probe
 * (rt_line_probed tries it, then the slow rt_line),
 * and into libstackheap-hooks.a (rt_line_fast.c), whose probe (rt_probe.S)
 * calls it before it saves the SSE registers.  That copy is built with
 * -mgeneral-regs-only, so it must call nothing (a C library memcpy may use
 * those registers): every copy and comparison here is a loop of its own.
 *
 * It writes the very records the slow path would (a cached line step, or
 * a full one), and gives up, having written and kept nothing, in every
 * other case: several threads, another thread's record last, a
 * registered variable, a dirty flag, a store logged outside the thread's
 * stack or a log that overflowed, a new frame, a frame without an extent,
 * more than FAST_SPAN bytes to compare, a stack the shadow does not cover.
 */
#ifndef RT_LINES_FAST_H
#define RT_LINES_FAST_H

#include "rt_internal.h"
#include "cc/cc_probe.h"

#define RUN_GAP 8	/* equal bytes that end a run of changed ones */
#define FAST_SPAN 2048	/* bytes of a frame the fast path compares, at most */
#define FAST_RUN 100	/* bytes of a cached step's one run, at most */
/* room in the ring for any record it writes: runs of FAST_SPAN bytes at
 * most, with their lengths, after a scratch gap (send_fast_full) */
#define FAST_ROOM (3 * FAST_SPAN + 128)

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

/* The slot a full line record of pc fills: a free one, or each in turn. */
RT_NOINSTR static inline unsigned
line_slot_to_fill(struct rt_thread *t, uintptr_t pc)
{
	unsigned home = line_home(pc);

	if (t->line_cache[home] == 0)
		return home;
	if (t->line_cache[home ^ 1] == 0)
		return home ^ 1;
	t->line_evict ^= 1;
	return home ^ t->line_evict;
}

/*
 * Takes a slot for pc, which a full line record fills: its number plus
 * one, the record's field (stackheap-wire.h).
 */
RT_NOINSTR static inline unsigned
fill_line_slot(struct rt_thread *t, uintptr_t pc)
{
	unsigned slot = line_slot_to_fill(t, pc);

	t->line_cache[slot] = pc;
	t->line_place[slot] = 0;
	return slot + 1;
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

/*
 * A byte copy, forward (so to may overlap from when it is below).  The
 * empty asm keeps compilers from making the loop a memcpy call.
 */
RT_NOINSTR static inline uint8_t *
copy_bytes(uint8_t *to, const uint8_t *from, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		to[i] = from[i];
		__asm__ volatile("" ::: "memory");
	}
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
fast_allowed(const struct rt_thread *t, _Atomic uint8_t *dirty)
{
	size_t d = t->depth;

	return rt_hot.len + FAST_ROOM <= rt_hot.line_end && t->stores != NULL &&
	    t->nvars == 0 && d > 0 && t->min_depth == d &&
	    d < t->cap_line_frames && t->line_epoch == rt_hot.line_epoch &&
	    !atomic_load_explicit(dirty, memory_order_relaxed);
}

/*
 * How far up the stack the step compares: top, raised to cover what the
 * stores the thread logged (at[left, RT_STORES_MAX)) may have written
 * (logged_reach in rt_lines.c); 0 when one went anywhere but its stack
 * under its highest frame (the program's data, a heap block: the slow
 * path's), or the range grows past FAST_SPAN or the shadow.
 */
RT_NOINSTR static inline uintptr_t
fast_reach(const struct rt_thread *t, uintptr_t left, uintptr_t sp,
    uintptr_t top)
{
	const struct rt_store_log *log = t->stores;
	uintptr_t a, end;
	size_t k;

	for (k = left; k < RT_STORES_MAX; k++) {
		if ((a = log->at[k]) < sp || a >= t->line_top)
			return 0;
		end = t->line_top - a > CC_PROBE_STORE_MAX ?
		    a + CC_PROBE_STORE_MAX : t->line_top;
		if (end > top)
			top = end;
	}
	return top - sp <= FAST_SPAN && top <= t->shadow_hi ? top : 0;
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
 * A full line record (stackheap-wire.h) with the runs of [sp, sp + n)
 * that changed, the first at i, filling a line cache slot when pc has
 * none.  The runs are built at a scratch gap after the record's start,
 * then moved down behind its fields (a forward copy: they only move
 * down), the shadow updated as they are found.
 */
RT_NOINSTR static inline void
send_fast_full(struct rt_thread *t, uintptr_t pc, uintptr_t sp, size_t n,
    size_t i, unsigned slot)
{
	const uint8_t *now = (const uint8_t *)sp;
	uint8_t *old = t->shadow + (sp - t->shadow_lo), *rec = rt_at(rt_hot.len);
	uint8_t *runs = rec + 64, *q = runs, fields[32], *f = fields, *p;
	size_t prev = 0, end;
	unsigned fill = 0;

	for (; i < n; i = word_change(now, old, end, n)) {
		end = run_end(now, old, i, n);
		q = wire_put_u(wire_put_u(q, i - prev), end - i);
		q = copy_bytes(q, now + i, end - i);
		copy_bytes(old + i, now + i, end - i);
		prev = end;
	}
	if (slot == SH_WIRE_LINE_SLOTS)
		fill = fill_line_slot(t, pc);
	f = wire_put_z(f, (int64_t)(pc - t->line_pc));
	f = wire_put_z(f, (int64_t)(sp - t->line_sp));
	f = wire_put_u(f, (uint64_t)(q - runs));
	rec[0] = SH_REC_LINE;
	p = wire_put_u(rec + 1, (uint64_t)(f - fields) + (uint64_t)(q - runs) +
	    (fill != 0 ? 1 : 0));
	p = copy_bytes(p, fields, (size_t)(f - fields));
	p = copy_bytes(p, runs, (size_t)(q - runs));
	if (fill != 0)
		p = wire_put_u(p, fill);
	rt_line_bases(t, pc, sp);
	rt_commit(p);
	rt_line_committed(t);
}

/*
 * Writes at p the cached line step of slot (stackheap-wire.h) whose one
 * run is the len bytes at offset i from sp (len 0: nothing changed) and
 * returns its end: a byte; the run's one or two bytes after a byte, at
 * the slot's place; or the run with two bytes before it, which makes its
 * offset the slot's place.  The offset's varint and len stay below 128.
 */
RT_NOINSTR static inline uint8_t *
put_cached_line(struct rt_thread *t, uint8_t *p, unsigned slot, size_t i,
    const uint8_t *bytes, size_t len)
{
	uint8_t *q;

	if (len == 0) {
		p[0] = wire_cached_line_type(slot, 0);
		return p + 1;
	}
	if (i == t->line_place[slot] && len <= 2) {
		p[0] = (uint8_t)((len == 1 ? SH_WIRE_PLACED_LINE1 :
		    SH_WIRE_PLACED_LINE2) | slot);
		return copy_bytes(p + 1, bytes, len);
	}
	p[0] = wire_cached_line_type(slot, 1);
	q = copy_bytes(wire_put_u(p + 2, i), bytes, len);
	p[1] = (uint8_t)(q - (p + 2));
	t->line_place[slot] = (uint32_t)i;
	return q;
}

/*
 * The line step's record: a cached one (a byte; the run's one or two
 * bytes after a byte, at the slot's place; or the run with two bytes
 * before it, which makes its offset the slot's place) when pc is cached,
 * sp the same and [sp, top) changed in one short run or not at all; else
 * a full one.
 */
RT_NOINSTR static inline void
send_fast_line(struct rt_thread *t, uintptr_t pc, uintptr_t sp,
    uintptr_t top)
{
	const uint8_t *now = (const uint8_t *)sp;
	uint8_t *old = t->shadow + (sp - t->shadow_lo), *p = rt_at(rt_hot.len);
	size_t n = top - sp, i = word_change(now, old, 0, n), len = 0;
	unsigned slot = cached_line_slot(t, pc);
	uint8_t *q;

	if (slot == SH_WIRE_LINE_SLOTS || sp != t->line_sp) {
		send_fast_full(t, pc, sp, n, i, slot);
		return;
	}
	if (i < n) {
		len = run_end(now, old, i, n) - i;
		if (len > FAST_RUN || word_change(now, old, i + len, n) != n) {
			send_fast_full(t, pc, sp, n, i, slot);
			return;
		}
	}
	q = put_cached_line(t, p, slot, i, now + i, len);
	copy_bytes(old + i, now + i, len);
	rt_line_bases(t, pc, sp);
	rt_commit(q);
	rt_line_committed(t);
}

/*
 * The line step at the probe's return address ret, the program's sp and
 * fp, with the program's dirty flag; true if it took the step (or it was
 * the same line going on, which is no step), false if the slow path must.
 */
RT_NOINSTR static inline bool
fast_step(struct rt_thread *t, uintptr_t ret, uintptr_t sp, uintptr_t fp,
    _Atomic uint8_t *dirty)
{
	uint32_t key;
	uintptr_t top, left;

	if (!fast_allowed(t, dirty))
		return false;
	key = probe_nop(ret, 0);
	if (key != 0 && t->line_frames[t->depth].key == key)
		return true;		/* the same line goes on: same_line */
	left = t->stores->left;		/* what this step takes of the log */
	atomic_signal_fence(memory_order_seq_cst);
	if (t->stores->overflowed || (top = fast_top(t, ret, sp, fp)) == 0 ||
	    (top = fast_reach(t, left, sp, top)) == 0)
		return false;
	send_fast_line(t, ret, sp, top);
	t->line_frames[t->depth].key = key;
	if (left != RT_STORES_MAX)
		rt_stores_restart(t->stores, left, 0, dirty);
	return true;
}

/*
 * The guard is taken first: a signal handler's records in between could
 * leave the ring fuller than fast_allowed saw it.
 */
RT_NOINSTR static inline bool
rt_line_fast(uintptr_t ret, uintptr_t sp, uintptr_t fp,
    _Atomic uint8_t *dirty)
{
	struct rt_thread *t = rt_me;
	bool taken;

	if (t == NULL || rt_guard)
		return false;
	rt_guard = 1;
	atomic_signal_fence(memory_order_seq_cst);
	taken = fast_step(t, ret, sp, fp, dirty);
	atomic_signal_fence(memory_order_seq_cst);
	rt_guard = 0;
	return taken;
}

#endif
