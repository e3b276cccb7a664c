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
#include <string.h>

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
 * Frames a full push is above were left by longjmp: the viewer drops them
 * on this record (stackheap-wire.h), and so do we, to stay its mirror.
 */
uint8_t *
rt_push_full(struct rt_thread *t, uint8_t *p, uintptr_t fn, uintptr_t site,
    uintptr_t low, uintptr_t size)
{
	unsigned slot;
	struct rt_push_slot *c;
	uint8_t *len;

	while (t->depth > 0 && low > t->lows[t->depth - 1])
		t->depth--;
	if (t->depth < t->min_depth)
		t->min_depth = t->depth;
	if (t->depth == t->cap_lows && !grow_lows(t)) {
		rt_disable();
		return p;
	}
	slot = slot_to_fill(t, site);
	c = &t->cache[slot];
	*p++ = SH_REC_PUSH;
	len = p++;
	p = rt_put_zv(p, (int64_t)(fn - t->last_fn));
	p = rt_put_zv(p, (int64_t)(site - t->last_site));
	p = rt_put_zv(p, (int64_t)(low - t->last_lo));
	p = rt_put_uv(p, size);
	*p++ = (uint8_t)slot;
	*len = (uint8_t)(p - len - 1);
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

/* Several threads, annotations, a full buffer, or the first event. */
void
rt_push_slow(uintptr_t fn, uintptr_t site, uintptr_t low, uintptr_t size)
{
	struct rt_thread *t = slow_enter();
	uint8_t *p;

	if (t == NULL)
		return;
	rt_lock();
	if (__builtin_expect(rt_watching, 0))
		rt_snapshot_locked(t);
	p = rt_room(t, RT_PUSH_MAX);
	if (p != NULL)
		rt_commit(rt_frames_push(t, p, fn, site, low, size));
	rt_unlock();
	rt_leave();
}

void
rt_pop_slow(void)
{
	struct rt_thread *t = slow_enter();
	uint8_t *p;

	if (t == NULL)
		return;
	rt_lock();
	if (__builtin_expect(rt_watching, 0))
		rt_snapshot_locked(t);
	p = rt_room(t, 1);
	if (p != NULL)
		rt_commit(rt_frames_pop(t, p));
	if (__builtin_expect(t->nvars > 0, 0))
		rt_vars_pop_locked(t);
	rt_unlock();
	rt_leave();
}
