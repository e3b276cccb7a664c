/*
 * rt_watch.c — watched memory: what changed in it since the viewer last
 * saw it goes out as SH_REC_MEM, before the event that follows.
 *
 * Each watched range (a registered variable, rt_vars.c; a live heap
 * block, rt_heap.c; a thread's stack at line steps, rt_lines.c) keeps a
 * shadow, the bytes the viewer has; a snapshot compares and sends the
 * difference, and the shadow follows.  Memory that may be unmapped under
 * us (fragile) is read through the kernel, never touched.  All of it
 * under the lock.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rt_internal.h"

size_t
rt_watched_size(size_t size)
{
	return size < SH_WIRE_MAX_MEM ? size : SH_WIRE_MAX_MEM;
}

void
rt_send_mem_locked(const void *addr, size_t n)
{
	rt_send_copy_locked((uintptr_t)addr, addr, n);
}

/*
 * process_vm_readv on ourselves: the kernel copies, and an unmapped page
 * is an error, not a fault.  Where a sandbox forbids the call, memory is
 * taken as unreadable: a picture that stops changing is better than a
 * crash of a correct program.
 */
bool
rt_read_safely(uintptr_t addr, void *buf, size_t n)
{
	struct iovec local = { buf, n }, remote = { (void *)addr, n };

	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) ==
	    (ssize_t)n;
}

/* Sends bytes[0..n), which are what [addr, addr + n) holds. */
void
rt_send_copy_locked(uintptr_t addr, const void *bytes, size_t n)
{
	uint8_t *p = rt_rec_open(SH_REC_MEM, 20 + n);

	if (p != NULL)
		rt_rec_close(wire_enc_mem(p, addr, bytes, n));
}

void
rt_send_changes_locked(uintptr_t addr, uint8_t *shadow, size_t n,
    bool fragile)
{
	static uint8_t copy[SH_WIRE_MAX_MEM];	/* under the lock */
	const uint8_t *now = (const uint8_t *)addr;
	size_t first = 0, last;

	if (fragile) {
		if (n > sizeof copy || !rt_read_safely(addr, copy, n))
			return;
		now = copy;
	}
	while (first < n && now[first] == shadow[first])
		first++;
	if (first == n)
		return;
	for (last = n; last > first && now[last - 1] == shadow[last - 1];)
		last--;
	rt_send_copy_locked(addr + first, now + first, last - first);
	memcpy(shadow + first, now + first, last - first);
}

void
rt_snapshot_locked(struct rt_thread *t)
{
	if (!rt_mode_is(RT_WATCHING))
		return;
	rt_vars_snapshot_locked(t);
	if (rt_heap_live() <= RT_HEAP_WATCHED_ALWAYS)
		rt_heap_snapshot_locked();
}

/*
 * At an annotation the heap is looked at whatever its size: a program
 * with thousands of blocks has its blocks' contents refreshed at its
 * annotations only, not at every call and allocation.
 */
void
rt_snapshot_all_locked(struct rt_thread *t)
{
	if (!rt_mode_is(RT_WATCHING))
		return;
	rt_vars_snapshot_locked(t);
	rt_heap_snapshot_locked();
}
