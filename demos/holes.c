/*
 * holes — the heap is not a second stack: blocks can be freed in any
 * order, and a block freed between two live ones leaves a hole.  Four
 * boxes, the middle two freed, then a fifth box that lands in one of the
 * holes.  (The seed's diagram of a heap that "has been running for a
 * while".)
 */
#include <stdlib.h>

/* A new int on the heap holding v; the caller owns it. */
static int *
box_int(int v)
{
	int *p = malloc(sizeof *p);

	if (p == NULL)
		exit(1);
	*p = v;
	return p;
}

int
main(void)
{
	int *a = box_int(5);
	int *b = box_int(6);
	int *c = box_int(7);
	int *d = box_int(42);	/* say: four boxes, one below the other, from (2^30) - 1 down */

	free(b);
	b = NULL;	/* say: b's box is gone: a hole between two live blocks */
	free(c);
	c = NULL;	/* say: c's too: the hole is two slots wide, and d stays where it is */

	int *e = box_int(8);	/* say: a new box fills the highest free slot, (2^30) - 2 */

	free(a);
	free(d);
	free(e);	/* say: everything is freed; the order did not matter */
	return 0;
}
