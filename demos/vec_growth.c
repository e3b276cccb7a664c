/*
 * vec_growth — a growable array of ints: a pointer, a length and a
 * capacity on the stack, the elements in one block on the heap.  When the
 * block is full, a push doubles the capacity with realloc.  realloc grows
 * the block where it is if the memory behind it is free; here another
 * block sits right behind it, so realloc takes a new block, copies the
 * elements over and frees the old one: the vector's data moves.  (The
 * seed's Vec::with_capacity: reserving room up front saves the moves.)
 */
#include <stdlib.h>

struct vec {
	int	*data;
	size_t	 len;
	size_t	 cap;
};

/* An empty vector with room for cap elements. */
static void
vec_init(struct vec *v, size_t cap)
{
	v->data = malloc(cap * sizeof *v->data);
	if (v->data == NULL)
		exit(1);
	v->len = 0;
	v->cap = cap;
}

/* Appends x, doubling the block first when it is full. */
static void
vec_push(struct vec *v, int x)
{
	if (v->len == v->cap) {
		int *bigger = realloc(v->data, 2 * v->cap * sizeof *v->data);	/* say: full: realloc hands back room for twice as many ints; v->data still holds the old address for one more line */

		if (bigger == NULL)
			exit(1);
		v->data = bigger;	/* say: v->data follows: if the block could not grow where it was, realloc copied the ints to a new one and freed the old */
		v->cap *= 2;
	}
	v->data[v->len++] = x;
}

int
main(void)
{
	struct vec v;
	int i;

	vec_init(&v, 4);	/* say: room for 4 ints on the heap, none used yet: len 0, cap 4 */
	int *neighbour = malloc(sizeof *neighbour);
	if (neighbour == NULL)
		return 1;
	*neighbour = 99;	/* say: another block, allocated next, sits right behind the vector's */
	for (i = 1; i <= 5; i++) {
		vec_push(&v, i * 10);	/* say: one more int pushed: len grows by one, cap only when the block was full */
	}
	free(neighbour);
	free(v.data);	/* say: one free and the elements are gone, however many there were */
	return 0;
}
