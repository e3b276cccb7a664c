/*
 * rt_hooks.c — frame push and pop, from the compiler's function
 * instrumentation (-finstrument-functions, which stackheap-cc adds): the
 * slow paths of the hooks (rt_cyg.c, inline in rt_frames.h), and the full
 * push record.
 *
 * A full push sends the function, the call site and the frame's low end as
 * differences from the thread's previous full push (a byte or two each),
 * and the frame's size; it also fills the push cache slot that later sends
 * the same call as one byte.  This file is built with frame pointers and
 * without instrumentation.
 */
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt_frames.h"

#define LOWS_FIRST 1024

/* lows[-1] is 0: the innermost frame's low, for the viewer, when it has none. */
bool
rt_frames_init(struct rt_thread *t)
{
	uintptr_t *lows = rt_alloc((LOWS_FIRST + 1) * sizeof *lows);

	if (lows == NULL)
		return false;
	memset(lows, 0, (LOWS_FIRST + 1) * sizeof *lows);
	t->lows = lows + 1;
	t->cap_lows = LOWS_FIRST;
	return true;
}

void
rt_frames_end(struct rt_thread *t)
{
	rt_free(t->lows - 1, (t->cap_lows + 1) * sizeof *t->lows);
	t->lows = NULL;
}

static bool
grow_lows(struct rt_thread *t)
{
	size_t cap = t->cap_lows * 2;
	uintptr_t *lows = rt_alloc((cap + 1) * sizeof *lows);

	if (lows == NULL)
		return false;
	memcpy(lows, t->lows - 1, (t->cap_lows + 1) * sizeof *lows);
	rt_free(t->lows - 1, (t->cap_lows + 1) * sizeof *lows);
	t->lows = lows + 1;
	t->cap_lows = cap;
	return true;
}

/*
 * The slot a full push fills, of the site's two (rt_frames_push): the one
 * already the site's, or a free one, or each in turn.
 */
static unsigned
slot_to_fill(struct rt_thread *t, uintptr_t site)
{
	unsigned home = rt_home_slot(site), next = home ^ 1;

	if (t->cache[home].site == site || t->cache[home].site == 0)
		return home;
	if (t->cache[next].site == site || t->cache[next].site == 0)
		return next;
	t->evict ^= 1;
	return t->evict ? next : home;
}

/*
 * A handler's push: the kernel "calls" a handler with its return address
 * at the C library's sigreturn trampoline (x86-64: mov $15,%rax; syscall,
 * as glibc and musl write it, and as debuggers recognise it), just below
 * the kernel's signal frame: a ucontext (its signal mask, the mask before
 * the delivery, at +296), then a siginfo (+304, written only for an
 * SA_SIGINFO handler).  The frame's high end (its size) finds them.
 */
#if defined(__x86_64__) && defined(__linux__)
#define RT_SIGFRAME_MASK 296
#define RT_SIGFRAME_INFO 304

static bool
is_sigreturn(uintptr_t site)
{
	static const uint8_t sigreturn[9] = {
		0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05
	};

	/* the bytes read must not cross into a page that may not exist */
	return (site & 4095) <= 4096 - sizeof sigreturn &&
	    memcmp((const void *)site, sigreturn, sizeof sigreturn) == 0;
}

/*
 * Which signal: the delivery blocked it (unless SA_NODEFER), so it is in
 * the mask now and not in the one before; a handler's sa_mask may add
 * others, and then the siginfo, if it names one of them, says which.
 */
static unsigned
signal_of_frame(uintptr_t cfa)
{
	uint64_t before, now = 0, added;
	int sig;

	memcpy(&before, (const void *)(cfa + RT_SIGFRAME_MASK), sizeof before);
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &now, sizeof now) != 0)
		return SH_PUSH_SIGNAL_UNKNOWN;
	added = now & ~before;
	if (added != 0 && (added & (added - 1)) == 0)
		return (unsigned)__builtin_ctzll(added) + 1;
	memcpy(&sig, (const void *)(cfa + RT_SIGFRAME_INFO), sizeof sig);
	if (sig > 0 && sig <= 64 && (added >> (sig - 1) & 1))
		return (unsigned)sig;
	return SH_PUSH_SIGNAL_UNKNOWN;
}
#endif

/* The signal whose delivery made this push, or 0 if none did. */
static unsigned
delivered_signal(uintptr_t site, uintptr_t low, uintptr_t size)
{
#if defined(__x86_64__) && defined(__linux__)
	uintptr_t cfa = low + size;

	if (!is_sigreturn(site))
		return 0;
	if (size == 0 || *(const uintptr_t *)(cfa - 8) != site)
		return SH_PUSH_SIGNAL_UNKNOWN;
	return signal_of_frame(cfa);
#else
	(void)site;
	(void)low;
	(void)size;
	return 0;
#endif
}

/*
 * Frames a full push is above were left by longjmp: the viewer drops them
 * on this record (stackheap-wire.h), and so do we, to stay its mirror.  A
 * handler's push names its signal, and fills no cache slot, so that every
 * delivery is sent in full.
 */
uint8_t *
rt_push_full(struct rt_thread *t, uint8_t *p, uintptr_t fn, uintptr_t site,
    uintptr_t low, uintptr_t size)
{
	struct rt_push_slot none, *c;
	unsigned slot, sig = delivered_signal(site, low, size);

	while (t->depth > 0 && low > t->lows[t->depth - 1])
		t->depth--;
	if (t->depth < t->min_depth)
		t->min_depth = t->depth;
	if (t->depth == t->cap_lows && !grow_lows(t)) {
		rt_disable();
		return p;
	}
	slot = sig ? SH_WIRE_CACHE_SLOTS : slot_to_fill(t, site);
	c = sig ? &none : &t->cache[slot];
	p = wire_open(p, SH_REC_PUSH, 1);
	p = wire_close(p, 1, wire_enc_push(p, (int64_t)(fn - t->last_fn),
	    (int64_t)(site - t->last_site), (int64_t)(low - t->last_lo), size,
	    slot, sig));
	t->last_fn = fn;
	t->last_site = site;
	t->last_lo = low;
	c->site = site;
	c->fn = fn;
	c->size = size;
	c->gap = t->lows[t->depth - 1] - low;
	t->lows[t->depth++] = low;
	return p;
}

/* The first event of a thread (or one while the runtime starts). */
static struct rt_thread *
slow_enter(void)
{
	struct rt_thread *t = rt_fast_enter();

	if (t != NULL)
		return t;
	if (!rt_enter())
		return NULL;
	t = rt_self();
	if (t == NULL)
		rt_leave();
	return t;
}

/* slow_enter, then the lock, and the snapshot a watched event wants first. */
static struct rt_thread *
slow_lock(void)
{
	struct rt_thread *t = slow_enter();

	if (t == NULL)
		return NULL;
	rt_lock();
	if (__builtin_expect(rt_mode_is(RT_WATCHING), 0))
		rt_snapshot_locked(t);
	return t;
}

/* Several threads, annotations, a full buffer, or the first event. */
void
rt_push_slow(uintptr_t fn, uintptr_t site, uintptr_t low, uintptr_t size)
{
	struct rt_thread *t = slow_lock();
	uint8_t *p;

	if (t == NULL)
		return;
	p = rt_room(t, RT_PUSH_MAX);
	if (p != NULL)
		rt_commit(rt_frames_push(t, p, fn, site, low, size));
	rt_unlock();
	rt_leave();
}

void
rt_pop_slow(void)
{
	struct rt_thread *t = slow_lock();
	uint8_t *p;

	if (t == NULL)
		return;
	p = rt_room(t, 1);
	if (p != NULL)
		rt_commit(rt_frames_pop(t, p));
	if (__builtin_expect(t->nvars > 0, 0))
		rt_vars_pop_locked(t);
	rt_unlock();
	rt_leave();
}
