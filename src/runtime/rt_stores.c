/*
 * rt_stores.c — the store log: where a thread's code stored through
 * pointers between two of its line steps.
 *
 * While at most RT_HEAP_WATCHED_ALWAYS blocks are live, a line step after
 * a marked write compares every block (rt_snapshot_locked); beyond that it
 * would cost too much at every step, and the blocks' contents were not
 * sent at all.  So stackheap-cc also puts, in front of every store through
 * a pointer, a call of __stackheap_store (rt_probe.S) with the address
 * it is about to write, which appends it to the thread's log.  At the
 * thread's next line step the blocks holding a logged address send what
 * changed in them, and the log starts again.  A log that overflowed
 * sends every block once instead.  A store's address is enough: a store
 * stays within the block it starts in.  Writes the library makes (memset,
 * strcpy into a block) and rep movs are not logged, and stay unseen there.
 *
 * The log is the thread's own: only its code appends and only its line
 * steps read it, so it needs no lock of its own.
 */
#include <stddef.h>

#include "rt_internal.h"

_Static_assert(offsetof(struct rt_store_log, left) == 0, "rt_probe.S");
_Static_assert(offsetof(struct rt_store_log, overflowed) == 8, "rt_probe.S");
_Static_assert(offsetof(struct rt_store_log, at) == 16, "rt_probe.S");

RT_API __thread struct rt_store_log *rt_stores
    __asm__("__stackheap_stores_" RT_ABI);

/* Shell sort: the runtime calls no qsort, which may allocate. */
static void
sort_addresses(uintptr_t *a, size_t n)
{
	size_t gap, i, j;

	for (gap = n / 2; gap > 0; gap = gap == 2 ? 1 : gap * 5 / 11)
		for (i = gap; i < n; i++) {
			uintptr_t v = a[i];

			for (j = i; j >= gap && a[j - gap] > v; j -= gap)
				a[j] = a[j - gap];
			a[j] = v;
		}
}

/* The thread's log, made at its first line step: before, nothing is logged. */
static struct rt_store_log *
thread_log(struct rt_thread *t)
{
	if (t->stores == NULL && rt_me == t &&
	    (t->stores = rt_alloc(sizeof *t->stores)) != NULL) {
		t->stores->left = RT_STORES_MAX;
		t->stores->overflowed = 0;
		rt_stores = t->stores;
	}
	return t->stores;
}

void
rt_stores_send_locked(struct rt_thread *t)
{
	struct rt_store_log *log = thread_log(t);
	size_t left;

	if (log == NULL)
		return;
	left = log->left;
	if (rt_mode_is(RT_WATCHING) &&
	    rt_heap_live() > RT_HEAP_WATCHED_ALWAYS) {
		if (log->overflowed) {
			rt_heap_snapshot_locked();
		} else if (left < RT_STORES_MAX) {
			sort_addresses(log->at + left, RT_STORES_MAX - left);
			rt_heap_snapshot_stored_locked(log->at + left,
			    RT_STORES_MAX - left);
		}
	}
	log->left = RT_STORES_MAX;
	log->overflowed = 0;
}

void
rt_stores_end(struct rt_thread *t)
{
	if (rt_stores == t->stores)
		rt_stores = NULL;
	rt_free(t->stores, sizeof *t->stores);
	t->stores = NULL;
}
