/*
 * rt_arena.c — memory for the runtime's own tables, straight from mmap.
 *
 * The runtime cannot use malloc: it is the malloc interposer, and its
 * allocations must neither show up in the trace nor recurse into it.  Sizes
 * are rounded up to a power of two (at least 16 bytes); freed pieces go on
 * a free list per size class and are reused.  Pieces above 64 KiB are
 * mapped and unmapped whole.  Callers hold the runtime lock or are the
 * only thread touching the piece.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

#include "rt_internal.h"

#define ARENA_MIN_SHIFT 4
#define ARENA_MAX_SHIFT 16
#define ARENA_CHUNK (1u << 20)

struct free_piece {
	struct free_piece *next;
};

static struct free_piece *free_lists[ARENA_MAX_SHIFT + 1];
static uint8_t *chunk;
static size_t chunk_left;
static atomic_flag arena_lock = ATOMIC_FLAG_INIT;

static unsigned
size_class(size_t n)
{
	unsigned shift = ARENA_MIN_SHIFT;

	while (((size_t)1 << shift) < n)
		shift++;
	return shift;
}

static void *
map(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void *
carve(size_t n)
{
	void *p;

	if (chunk_left < n) {
		chunk = map(ARENA_CHUNK);
		chunk_left = chunk != NULL ? ARENA_CHUNK : 0;
		if (chunk == NULL)
			return NULL;
	}
	p = chunk;
	chunk += n;
	chunk_left -= n;
	return p;
}

void *
rt_alloc(size_t n)
{
	unsigned shift = size_class(n);
	void *p;

	if (shift > ARENA_MAX_SHIFT)
		return map(n);
	while (atomic_flag_test_and_set_explicit(&arena_lock, memory_order_acquire))
		;
	if (free_lists[shift] != NULL) {
		p = free_lists[shift];
		free_lists[shift] = free_lists[shift]->next;
	} else {
		p = carve((size_t)1 << shift);
	}
	atomic_flag_clear_explicit(&arena_lock, memory_order_release);
	return p;
}

void
rt_free(void *p, size_t n)
{
	unsigned shift = size_class(n);
	struct free_piece *piece = p;

	if (p == NULL)
		return;
	if (shift > ARENA_MAX_SHIFT) {
		munmap(p, n);
		return;
	}
	while (atomic_flag_test_and_set_explicit(&arena_lock, memory_order_acquire))
		;
	piece->next = free_lists[shift];
	free_lists[shift] = piece;
	atomic_flag_clear_explicit(&arena_lock, memory_order_release);
}

/* Grows an array of elem-sized items so that it holds at least need. */
void *
rt_realloc_array(void *p, size_t *cap, size_t elem, size_t need)
{
	size_t new_cap = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return p;
	while (new_cap < need)
		new_cap *= 2;
	q = rt_alloc(new_cap * elem);
	if (q == NULL)
		return NULL;
	if (p != NULL) {
		memcpy(q, p, *cap * elem);
		rt_free(p, *cap * elem);
	}
	*cap = new_cap;
	return q;
}
