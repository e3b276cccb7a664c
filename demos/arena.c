/*
 * arena — a bump allocator: one malloc takes a big block up front, and
 * each value after that is placed right behind the previous one by moving
 * an offset forward ("bumping" it).  Placing a value costs an addition, not
 * a trip to the allocator, and everything goes at once with one free.
 * (The seed's arenas, such as Rust's bumpalo, against fragmentation.)
 */
#include <stdlib.h>

struct arena {
	void	*base;		/* memory of no type yet: values get theirs */
	size_t	 used;
	size_t	 size;
};

struct point {
	int	x;
	int	y;
};

/* Room for n bytes aligned to align (a power of two); NULL when full. */
static void *
arena_alloc(struct arena *a, size_t n, size_t align)
{
	size_t at = (a->used + align - 1) & ~(align - 1);

	if (at + n > a->size)
		return NULL;
	a->used = at + n;
	return (char *)a->base + at;
}

int
main(void)
{
	struct arena a = { malloc(64), 0, 64 };
	if (a.base == NULL)	/* say: one block of 64 bytes, taken once; nothing used yet */
		return 1;

	int *count = arena_alloc(&a, sizeof *count, _Alignof(int));
	*count = 3;	/* say: count takes the first 4 bytes of the block: used is 4, and malloc was not called */
	struct point *p = arena_alloc(&a, sizeof *p, _Alignof(struct point));
	p->x = 4;
	p->y = 2;
	struct point *q = arena_alloc(&a, sizeof *q, _Alignof(struct point));
	q->x = -1;
	q->y = 7;
	int *marks = arena_alloc(&a, 3 * sizeof *marks, _Alignof(int));
	marks[0] = 10;
	marks[1] = 20;
	marks[2] = 30;	/* say: count, p, q and three marks lie one after the other in the block: every pointer leads into (2^30) - 1 */

	free(a.base);	/* say: one free gives the block back, with every value in it */
	return 0;
}
