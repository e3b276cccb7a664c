/*
 * rt_lines.c — line steps: what the probes stackheap-cc puts in front of
 * every statement row of the program's own source call (rt_probe.S), and
 * the memory each line step sends.
 *
 * A probe passes its return address, the program's stack pointer and its
 * frame pointer.  After the call instruction the probe site holds a
 * seven-byte no-op whose 32-bit operand is the row's key (its file number
 * and line, see src/cc/cc_probe.c): consecutive probes of the same key in
 * the same frame are one line step (same_line), and are dropped here
 * without a record.
 *
 * A line step sends, resolved late like everything else, only addresses
 * and bytes: what changed since the thread's last line step in its stack
 * (from the stack pointer up to the outermost frame seen), in the
 * program's own writable data, and in heap blocks (rt_snapshot_locked);
 * then the line record with the pc.
 *
 * Most lines of code built by stackheap-cc write only their own frame's
 * fixed slots, and the rewrite (src/cc/cc_probe.c) says where every
 * other write goes: a store through a pointer or into a local array it
 * logs (rt_stores.c), any other write it marks, setting __stackheap_dirty
 * after it.  So a line step compares the whole of it only when a flag
 * was found set since the thread's last whole comparison
 * (rt_hot.line_epoch), or when it cannot tell; otherwise only the stack
 * from sp up to the top of the shallowest frame that ran since the
 * thread's last line step (min_depth: the frame itself, and its caller's
 * when it was just called, so that what the caller stored just before the
 * call shows), raised to cover the stores logged into the stack
 * (logged_reach), and the bytes logged stores may have written in the
 * program's data and heap blocks.  It cannot tell for a probe without an
 * extent (a function without a frame pointer, a probe called by hand), a
 * frame whose caller is not code of stackheap-cc's (a callback from
 * qsort, a signal handler, a new thread), or frames it has not seen a
 * step of.  The commonest step of all takes the inline path
 * (rt_lines_fast.h).
 *
 * The viewer finds the variables and their places in the debug
 * information.  Each thread keeps a shadow of its stack as the viewer
 * last saw it; it only ever grows, so that the viewer's copy, which
 * starts as zeros as the shadow does, stays the same.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stddef.h>
#include <string.h>

#include "rt_lines_fast.h"

/* rt_probe.S reads rt_hot.off at this offset. */
_Static_assert(offsetof(struct rt_hot, off) == 40, "RT_HOT_OFF in rt_probe.S");
_Static_assert(offsetof(struct rt_hot, line_end) == 48, "RT_HOT_LINE_END");

#define SHADOW_MAX (16u << 20)	/* bytes of one thread's stack shadowed */
#define STATICS_MAX (1u << 20)		/* bytes of the program's data */

/*
 * The slow path, which the probe linked into the program calls once its
 * inline path (rt_line_fast.c) has declined the step; the library's own
 * copy of the probe calls rt_line_probed, which tries that path first.
 */
RT_API void	rt_line(uintptr_t ret, uintptr_t sp, uintptr_t fp,
		    _Atomic uint8_t *dirty) __asm__("__stackheap_line_" RT_ABI);
RT_HIDDEN void	rt_line_probed(uintptr_t ret, uintptr_t sp, uintptr_t fp,
		    _Atomic uint8_t *dirty) __asm__("__stackheap_line_probed");

/* The program's flag (rt_probe.S: its own 64-byte line), kept out of its data's comparison. */
static _Atomic uint8_t *program_dirty;
#define DIRTY_SIZE 64

/* The program's writable data: one range, and what the viewer has of it. */
static uintptr_t statics_lo, statics_hi;
static uint8_t *statics_shadow;
static int statics_state;	/* 0: not looked for, 1: sent, -1: none */

/* --- the program's own data -------------------------------------------- */

/*
 * The program's writable segment, less its RELRO part at the front (the
 * GOT, .dynamic, the init arrays: read-only once relocated, and no
 * program variable lives there).
 */
static int
first_object_data(struct dl_phdr_info *info, size_t size, void *unused)
{
	uintptr_t relro_hi = 0;
	int i;

	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;

		if (ph->p_type == PT_GNU_RELRO)
			relro_hi = hi;
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
			continue;
		if (statics_lo == 0 || lo < statics_lo)
			statics_lo = lo;
		if (hi > statics_hi)
			statics_hi = hi;
	}
	if (relro_hi > statics_lo && relro_hi < statics_hi)
		statics_lo = relro_hi;
	return 1;	/* the first object is the program */
}

/* Sends the whole range once, in records the viewer takes whole. */
static void
send_statics_whole(void)
{
	uintptr_t at;

	for (at = statics_lo; at < statics_hi; at += SH_WIRE_MAX_MEM) {
		size_t n = statics_hi - at < SH_WIRE_MAX_MEM ?
		    statics_hi - at : SH_WIRE_MAX_MEM;
		uint8_t *p = rt_rec_open(SH_REC_STATICS, 20 + n);

		if (p == NULL)
			return;
		rt_rec_close(wire_enc_mem(p, at, (const void *)at, n));
	}
}

static void
statics_first(void)
{
	statics_state = -1;
	dl_iterate_phdr(first_object_data, NULL);
	if (statics_hi <= statics_lo)
		return;
	if (statics_hi - statics_lo > STATICS_MAX)
		statics_hi = statics_lo + STATICS_MAX;
	statics_shadow = rt_alloc(statics_hi - statics_lo);
	if (statics_shadow == NULL)
		return;
	memcpy(statics_shadow, (const void *)statics_lo, statics_hi - statics_lo);
	send_statics_whole();
	statics_state = 1;
}

/*
 * The first i' >= i where now and old differ, or n: nearly every byte a
 * line step looks at is unchanged, so 64 bytes at a time by memcmp (the C
 * library's vector code), then a word at a time.
 */
static size_t
next_change(const uint8_t *now, const uint8_t *old, size_t i, size_t n)
{
	uint64_t a, b;

	while (i + 64 <= n && memcmp(now + i, old + i, 64) == 0)
		i += 64;
	for (; i + 8 <= n; i += 8) {
		memcpy(&a, now + i, 8);
		memcpy(&b, old + i, 8);
		if (a != b)
			break;
	}
	while (i < n && now[i] == old[i])
		i++;
	return i;
}

/* Each run of changed bytes of [lo, lo + n) goes as an SH_REC_MEM. */
static void
send_changed_mem(uintptr_t lo, uint8_t *shadow, size_t n)
{
	const uint8_t *now = (const uint8_t *)lo;
	size_t i = 0, end;

	while ((i = next_change(now, shadow, i, n)) < n) {
		end = run_end(now, shadow, i, n);
		if (end - i > SH_WIRE_MAX_MEM)
			end = i + SH_WIRE_MAX_MEM;
		rt_send_mem_locked(now + i, end - i);
		memcpy(shadow + i, now + i, end - i);
		i = end;
	}
}

/*
 * The dirty flag lives in the program's data, and changes at nearly every
 * line: the shadow takes its bytes as they are, so that they are never
 * sent (no variable of the program is there).
 */
static void
forget_dirty_flag(void)
{
	uintptr_t at = (uintptr_t)program_dirty;

	if (at >= statics_lo && at + DIRTY_SIZE <= statics_hi)
		memcpy(statics_shadow + (at - statics_lo), (const void *)at,
		    DIRTY_SIZE);
}

static void
send_statics_changes(void)
{
	if (statics_state == 0) {
		statics_first();
	} else if (statics_state > 0) {
		forget_dirty_flag();
		send_changed_mem(statics_lo, statics_shadow,
		    statics_hi - statics_lo);
	}
}

/*
 * The program's data each store the thread logged may have written
 * (CC_PROBE_STORE_MAX bytes from its address), when its line step does
 * not compare all of it.
 */
static void
send_logged_statics(const uintptr_t *at, size_t n)
{
	uintptr_t hi;
	size_t i;

	if (statics_state == 0)
		statics_first();
	if (statics_state <= 0)
		return;
	forget_dirty_flag();
	for (i = 0; i < n; i++) {
		if (at[i] < statics_lo || at[i] >= statics_hi)
			continue;
		hi = statics_hi - at[i] > CC_PROBE_STORE_MAX ?
		    at[i] + CC_PROBE_STORE_MAX : statics_hi;
		send_changed_mem(at[i], statics_shadow + (at[i] - statics_lo),
		    hi - at[i]);
	}
}

/* --- the thread's stack -------------------------------------------------- */

/*
 * The range of the stack a line step looks at: from sp up to the highest
 * frame end seen (the frame pointer, where the program keeps one, plus two
 * words); without a plausible one, a bounded piece above sp.  Off the
 * thread's stack (a handler on an alternate signal stack, a coroutine's
 * stack) nothing is read: the range up to a frame end seen on the real
 * stack could cross unmapped pages in between.
 */
static uintptr_t
stack_top(struct rt_thread *t, uintptr_t sp, uintptr_t fp)
{
	uintptr_t cfa = fp + 2 * sizeof(void *);

	if (t->stack_hi != 0 && (sp < t->stack_lo || sp >= t->stack_hi))
		return 0;

	if (fp > sp && cfa - sp <= SHADOW_MAX &&
	    (t->stack_hi == 0 || cfa <= t->stack_hi) && cfa > t->line_top)
		t->line_top = cfa;
	if (t->line_top > sp)
		return t->line_top - sp <= SH_WIRE_STACK_SEEN ? t->line_top :
		    sp + SH_WIRE_STACK_SEEN;
	if (t->stack_hi > sp)
		return t->stack_hi - sp <= SH_WIRE_STACK_SEEN ? t->stack_hi :
		    sp + SH_WIRE_STACK_SEEN;
	return 0;
}

/* The shadow covers [sp, top), keeping what it had; false if it cannot. */
static bool
cover_stack(struct rt_thread *t, uintptr_t sp, uintptr_t top)
{
	uintptr_t lo = t->shadow_hi != 0 && t->shadow_lo < sp ? t->shadow_lo : sp;
	uintptr_t hi = top > t->shadow_hi ? top : t->shadow_hi;
	uint8_t *shadow;

	if (lo >= t->shadow_lo && hi <= t->shadow_hi && t->shadow != NULL)
		return true;
	if (hi - lo > SHADOW_MAX)
		return false;	/* a stack over 16 MiB: no stack bytes sent */
	/* room below for the stack to grow into, so that it grows rarely */
	if (lo > 8192)
		lo = (lo & ~(uintptr_t)4095) - 4096;
	if ((shadow = rt_alloc(hi - lo)) == NULL)
		return false;
	memset(shadow, 0, hi - lo);
	if (t->shadow != NULL) {
		memcpy(shadow + (t->shadow_lo - lo), t->shadow,
		    t->shadow_hi - t->shadow_lo);
		rt_free(t->shadow, t->shadow_hi - t->shadow_lo);
	}
	t->shadow = shadow;
	t->shadow_lo = lo;
	t->shadow_hi = hi;
	return true;
}

/*
 * Writes the runs of [sp, top) that differ from the shadow into runs (at
 * most cap bytes), updating the shadow; a run that does not fit goes as an
 * SH_REC_MEM of its own, before the line record.  Returns the runs' size.
 */
static size_t
stack_runs(struct rt_thread *t, uintptr_t sp, uintptr_t top, uint8_t *runs,
    size_t cap)
{
	const uint8_t *now = (const uint8_t *)sp;
	uint8_t *old = t->shadow + (sp - t->shadow_lo);
	size_t n = top - sp, i = 0, len = 0, prev = 0, end;

	while ((i = next_change(now, old, i, n)) < n) {
		end = run_end(now, old, i, n);
		if (end - i > SH_WIRE_MAX_MEM)
			end = i + SH_WIRE_MAX_MEM;
		if (len + 20 + (end - i) <= cap) {
			len = (size_t)(wire_put_run(runs + len, i - prev, now + i,
			    end - i) - runs);
			prev = end;
		} else {
			rt_send_mem_locked(now + i, end - i);
		}
		memcpy(old + i, now + i, end - i);
		i = end;
	}
	return len;
}

/*
 * How far up the stack a line step that would compare up to written
 * compares, so that the stores its thread logged into its stack (into a
 * caller's frame, through a pointer; into a local array) show: up to the
 * end of the highest one, within what a whole comparison would cover.
 */
static uintptr_t
logged_reach(struct rt_thread *t, uintptr_t sp, uintptr_t fp,
    uintptr_t written, const uintptr_t *at, size_t n)
{
	uintptr_t limit = stack_top(t, sp, fp), end;
	size_t i;

	for (i = 0; i < n; i++) {
		if (at[i] < sp || at[i] >= limit)
			continue;
		end = limit - at[i] > CC_PROBE_STORE_MAX ?
		    at[i] + CC_PROBE_STORE_MAX : limit;
		if (end > written)
			written = end;
	}
	return written;
}

/* ld.so's: where the kernel left argc, argv and envp (glibc, weak: else none). */
extern void *__libc_stack_end __attribute__((weak));

/* The end of the last string of s[], a NULL-ended array, or above. */
static uintptr_t
strings_end(char *const *s, uintptr_t above)
{
	for (; *s != NULL; s++)
		if ((uintptr_t)*s + strlen(*s) + 1 > above)
			above = (uintptr_t)*s + strlen(*s) + 1;
	return above;
}

/*
 * The top of the program's arguments and environment: argv's and envp's
 * arrays and strings, above main's frame, where a line step does not
 * look.  The main thread's first line step sends them once (their size,
 * a few kilobytes, once), so that argv[1] reads as its text; later
 * changes to them are not sent.  0 if they cannot be found, or would not
 * fit in a line record's runs (then the viewer would drop them).
 */
static uintptr_t
arguments_top(const struct rt_thread *t, uintptr_t sp, uintptr_t top)
{
	static bool sent;
	char **argv;
	uintptr_t end;

	if (sent || t->tid != 1 || &__libc_stack_end == NULL ||
	    __libc_stack_end == NULL)
		return 0;
	sent = true;
	argv = (char **)__libc_stack_end + 1;	/* after argc */
	if ((uintptr_t)argv < top || (t->stack_hi != 0 &&
	    (uintptr_t)argv >= t->stack_hi))
		return 0;
	end = strings_end(argv, (uintptr_t)argv);
	end = strings_end(argv + (long)*(long *)__libc_stack_end + 1, end);
	return end - sp <= SH_WIRE_MAX_MEM / 2 ? end : 0;
}

/*
 * A cached line step of slot at pc, if its runs are none or one short one
 * (put_cached_line); false if it does not apply.
 */
static bool
send_cached_line(struct rt_thread *t, unsigned slot, uintptr_t pc,
    const uint8_t *runs, size_t nruns)
{
	const uint8_t *bytes = NULL;
	uint64_t offset = 0;
	size_t at = 0, len = 0;
	uint8_t *p;

	if (nruns != 0 && (!sh_wire_next_run(runs, nruns, &at, &offset, &bytes,
	    &len) || at != nruns || len == 0 || len > FAST_RUN))
		return false;
	if ((p = rt_rec_room(FAST_RUN + 8)) != NULL) {
		p = put_cached_line(t, p, slot, (size_t)offset, bytes, len);
		rt_line_bases(t, pc, t->line_sp);
		rt_rec_close_raw(p);
		rt_line_committed(t);
	}
	return true;
}

/*
 * The line record, with the runs of the stack from sp up to the frames'
 * top, or (written 0) the whole stack seen: cached when it can be.  The
 * thread's line cache and bases change only once the record is sure to
 * go in; a longjmp out of a signal handler in between (rt_jumped_out)
 * empties the cache, and puts the bases back if the record was dropped.
 */
static void
send_line(struct rt_thread *t, uintptr_t pc, uintptr_t sp, uintptr_t fp,
    uintptr_t written)
{
	static uint8_t runs[SH_WIRE_MAX_MEM];	/* under the lock */
	uintptr_t top = stack_top(t, sp, fp), args;
	size_t nruns = 0;
	unsigned slot, fill;
	uint8_t *p;

	if (written != 0 && written < top)
		top = written;
	else if (top > sp && (args = arguments_top(t, sp, top)) > top)
		top = args;
	if (top > sp && cover_stack(t, sp, top))
		nruns = stack_runs(t, sp, top, runs, sizeof runs);
	slot = cached_line_slot(t, pc);
	if (slot < SH_WIRE_LINE_SLOTS && sp == t->line_sp &&
	    send_cached_line(t, slot, pc, runs, nruns))
		return;
	if ((p = rt_rec_open(SH_REC_LINE, 40 + nruns)) == NULL)
		return;
	fill = slot == SH_WIRE_LINE_SLOTS ? fill_line_slot(t, pc) : 0;
	p = wire_enc_line(p, (int64_t)(pc - t->line_pc),
	    (int64_t)(sp - t->line_sp), runs, nruns, fill);
	rt_line_bases(t, pc, sp);
	rt_rec_close(p);
	rt_line_committed(t);
}

/*
 * Whether code at ret, a frame's return address, is a call site that
 * stackheap-cc marked (cc_probe.h): a no-op saying the callee writes
 * nothing unmarked, or the store to this very flag.
 */
static bool
marked_call_site(uintptr_t ret, const _Atomic uint8_t *dirty)
{
	const uint8_t *p = (const uint8_t *)ret;
	int32_t disp;

	if (probe_nop(ret, 0) == CC_PROBE_CLEAN_CALL)
		return true;
	if (p[0] != 0xc6 || p[1] != 0x05 || p[6] != 1)
		return false;
	memcpy(&disp, p + 2, sizeof disp);
	return ret + 7 + (intptr_t)disp == (uintptr_t)dirty;
}

/* line_frames[0, d] exist; false if they cannot. */
static bool
cover_frames(struct rt_thread *t, size_t d)
{
	size_t cap = t->cap_line_frames;
	struct rt_line_frame *frames;

	if (d < cap)
		return true;
	frames = rt_realloc_array(t->line_frames, &cap, sizeof *frames, d + 1);
	if (frames == NULL)
		return false;
	memset(frames + t->cap_line_frames, 0, (cap - t->cap_line_frames) *
	    sizeof *frames);
	t->line_frames = frames;
	t->cap_line_frames = cap;
	return true;
}

/*
 * The same row key again in the same frame, with no line of this frame in
 * between: the same line goes on — a `for` line's increment and test, the
 * rest of a line after a call it made returned, a loop on one line — and
 * is no new step.  Each depth keeps its frame's last key; the pops keep
 * min_depth, the lowest depth since the last line step, so that what
 * frames that returned since kept (a new call at the same depth is a new
 * frame) is forgotten here.  Needs cover_frames(t, t->depth).
 */
static bool
same_line(struct rt_thread *t, uint32_t key)
{
	size_t d = t->depth, i;
	bool same;

	for (i = t->min_depth + 1; i <= d; i++)
		t->line_frames[i] = (struct rt_line_frame){ 0, 0 };
	same = key != 0 && t->line_frames[d].key == key;
	t->line_frames[d].key = key;
	return same;
}

/*
 * How far up the stack this line step must compare, when it need not
 * compare everything (then 0): see the file comment.  m is the thread's
 * min_depth before this step, d its depth; the frame at m ran since the
 * last step and was there at it, so its top is known if it had a step.
 */
static uintptr_t
written_top(struct rt_thread *t, size_t m, uintptr_t sp, uintptr_t fp,
    uint32_t extent, _Atomic uint8_t *dirty)
{
	size_t d = t->depth;

	program_dirty = dirty;
	/* one thread: no store to the flag can come between a load and a
	 * store, and an exchange (a locked instruction) cost a tenth of a step */
	if (atomic_load_explicit(dirty, memory_order_relaxed) &&
	    (rt_mode_is(RT_THREADS) ? atomic_exchange(dirty, 0) :
	    (atomic_store_explicit(dirty, 0, memory_order_relaxed), 1)))
		rt_hot.line_epoch++;
	/* a store logged, by any thread (rt_stores.c): another's log is not
	 * ours to read; one thread's own log is read by send_step */
	if (rt_mode_is(RT_THREADS) &&
	    atomic_load_explicit(dirty + 1, memory_order_relaxed) &&
	    atomic_exchange(dirty + 1, 0))
		rt_hot.line_epoch++;
	if (t->line_epoch != rt_hot.line_epoch) {
		t->line_epoch = rt_hot.line_epoch;
		return 0;
	}
	if (!(extent & CC_PROBE_EXTENT_KNOWN) || fp < sp || m == 0 ||
	    d > m + 1 || fp - sp > SH_WIRE_STACK_SEEN)
		return 0;
	if (d > m && !marked_call_site(((const uintptr_t *)fp)[1], dirty))
		return 0;	/* called by code that is not ours */
	return t->line_frames[m].top > sp ? t->line_frames[m].top : 0;
}

void
rt_lines_end(struct rt_thread *t)
{
	rt_free(t->line_frames, t->cap_line_frames * sizeof *t->line_frames);
	t->line_frames = NULL;
	t->cap_line_frames = 0;
	if (t->shadow != NULL)
		rt_free(t->shadow, t->shadow_hi - t->shadow_lo);
	t->shadow = NULL;
	t->shadow_lo = t->shadow_hi = 0;
}

/* The thread, guard taken, as the frame hooks' slow path gets it. */
static struct rt_thread *
line_enter(void)
{
	struct rt_thread *t = rt_fast_enter();

	if (t != NULL || rt_mode_is(RT_OFF))
		return t;
	if (!rt_enter())
		return NULL;
	if ((t = rt_self()) == NULL)
		rt_leave();
	return t;
}

/*
 * A line step: the memory that may have changed (everything when written
 * is 0, else the stack up to written), then the record.  Under the lock.
 */
static void
send_step(struct rt_thread *t, uintptr_t ret, uintptr_t sp, uintptr_t fp,
    uintptr_t written, _Atomic uint8_t *dirty)
{
	const uintptr_t *at = NULL;
	size_t n = rt_stores_logged(t, &at);

	if (n == RT_STORES_LOST)
		written = 0;
	else if (n > 0 && written != 0)
		written = logged_reach(t, sp, fp, written, at, n);
	if (written == 0) {
		rt_snapshot_locked(t);
		send_statics_changes();
	} else {
		if (n > 0)
			send_logged_statics(at, n);
		if (rt_mode_is(RT_WATCHING))
			rt_vars_snapshot_locked(t);
	}
	rt_stores_send_locked(t, written == 0, dirty);
	send_line(t, ret, sp, fp, written);
	t->min_depth = t->depth;
}

/* A line step of a thread whose frames are kept; m: its min_depth before. */
static void
line_step(struct rt_thread *t, size_t m, uintptr_t ret, uintptr_t sp,
    uintptr_t fp, _Atomic uint8_t *dirty)
{
	uint32_t extent = probe_nop(ret, 1);
	uintptr_t written;

	rt_lock();
	written = written_top(t, m, sp, fp, extent, dirty);
	t->line_frames[t->depth].top = (extent & CC_PROBE_EXTENT_KNOWN) &&
	    fp >= sp ? fp + (extent & ~CC_PROBE_EXTENT_KNOWN) : 0;
	send_step(t, ret, sp, fp, written, dirty);
	rt_unlock();
}

void
rt_line(uintptr_t ret, uintptr_t sp, uintptr_t fp, _Atomic uint8_t *dirty)
{
	struct rt_thread *t;
	size_t m;

	if ((t = line_enter()) == NULL)
		return;
	m = t->min_depth;
	if (!cover_frames(t, t->depth)) {
		rt_lock();	/* every probe a whole step: still right */
		t->line_epoch = 0;
		send_step(t, ret, sp, fp, 0, dirty);
		rt_unlock();
	} else if (!same_line(t, probe_nop(ret, 0))) {
		line_step(t, m, ret, sp, fp, dirty);
	} else {
		t->min_depth = t->depth;
	}
	rt_leave();
}

void
rt_line_probed(uintptr_t ret, uintptr_t sp, uintptr_t fp,
    _Atomic uint8_t *dirty)
{
	if (!rt_line_fast(ret, sp, fp, dirty))
		rt_line(ret, sp, fp, dirty);
}
