/*
 * rt_recorder.h — the heap recorder's C API: what the malloc interposer
 * (rt_heap.c) records for an allocation, a free and a realloc, callable
 * with an address, a size and a call site of the caller's choosing.
 *
 * It is for tests: a dlopen'ed runtime replaces no allocator (only a
 * preloaded one does), so a test that sets STACKHEAP_FD, dlopens
 * libstackheap.so and looks these names up with dlsym can make exactly
 * the heap records it wants and read them back with the viewer's decoder.
 * Not in stackheap.h: a traced program's allocations are recorded by the
 * interposer already, and a program that called these as well would
 * record its blocks twice; the names start with __stackheap_, as the
 * runtime's other exports that are no one's API do.
 *
 * Each call records as the interposer would, in the calling thread,
 * nothing when the runtime is off.  Nothing is allocated or freed, and
 * no memory at addr is touched, except in an annotated program (one that
 * uses stackheap.h), whose live blocks are followed: there addr must be
 * memory of size bytes that stays readable until it is recorded freed.
 */
#ifndef RT_RECORDER_H
#define RT_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "stackheap-wire.h"

/* An allocation of size bytes at addr (not 0), made at the pc site. */
void	__stackheap_rec_alloc(enum sh_alloc_kind kind, uintptr_t addr,
	    size_t size, uintptr_t site);
/* The free of the block at addr, made at the pc site. */
void	__stackheap_rec_free(uintptr_t addr, uintptr_t site);
/*
 * The block at old is now size bytes at addr: old 0 for a realloc of
 * NULL, addr 0 with size 0 for one that freed the block.
 */
void	__stackheap_rec_realloc(uintptr_t old, uintptr_t addr, size_t size,
	    uintptr_t site);

#endif
