/*
 * rt_stores.c — the store log: where a thread's code stored through
 * pointers (and into local arrays) between two of its line steps.
 *
 * stackheap-cc puts, in front of every such store, a call of
 * __stackheap_store (rt_probe.S) with the address it is about to write,
 * which appends it to the thread's log; a store that writes no more than
 * CC_PROBE_STORE_MAX bytes there gets no dirty mark besides (cc_probe.c).
 * So the thread's next line step compares, besides its frame, only what
 * the logged stores may have written: in its stack and the program's
 * data (rt_lines.c), and the heap blocks holding a logged address (here:
 * a store stays within the block it starts in), however many blocks are
 * live; then the log starts again.  A log that overflowed makes the step
 * compare everything, and every block once.  Writes the C library makes
 * (memset, strcpy into a block) and rep movs are not logged: they are
 * marked, and with more than RT_HEAP_WATCHED_ALWAYS blocks live, the
 * blocks they write stay unseen.
 *
 * The log is the thread's own: only its code appends and only its line
 * steps read it, so it needs no lock of its own.  A store also sets the
 * program's second dirty byte: with several threads, a line step of
 * another thread cannot read this one's log, and compares everything.
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

/* Without a log (none could be made) stores go unseen: LOST. */
size_t
rt_stores_logged(struct rt_thread *t, const uintptr_t **at)
{
	struct rt_store_log *log = thread_log(t);
	size_t n;

	*at = NULL;
	if (log == NULL)
		return RT_STORES_LOST;
	t->log_left_seen = log->left;
	t->log_overflowed_seen = log->overflowed;
	atomic_signal_fence(memory_order_seq_cst);
	if (t->log_overflowed_seen)
		return RT_STORES_LOST;
	n = RT_STORES_MAX - t->log_left_seen;
	*at = log->at + t->log_left_seen;
	sort_addresses(log->at + t->log_left_seen, n);
	return n;
}

/* After rt_stores_logged, at the same step. */
void
rt_stores_send_locked(struct rt_thread *t, bool compared_all,
    _Atomic uint8_t *dirty)
{
	struct rt_store_log *log = t->stores;
	size_t n = RT_STORES_MAX - t->log_left_seen;

	if (log == NULL)
		return;
	if (rt_mode_is(RT_WATCHING) && (!compared_all ||
	    rt_heap_live() > RT_HEAP_WATCHED_ALWAYS)) {
		if (t->log_overflowed_seen)
			rt_heap_snapshot_locked();
		else if (n > 0)
			rt_heap_snapshot_stored_locked(log->at + t->log_left_seen,
			    n);
	}
	rt_stores_restart(log, t->log_left_seen, t->log_overflowed_seen, dirty);
}

void
rt_stores_end(struct rt_thread *t)
{
	if (rt_stores == t->stores)
		rt_stores = NULL;
	rt_free(t->stores, sizeof *t->stores);
	t->stores = NULL;
}
