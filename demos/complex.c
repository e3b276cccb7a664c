/*
 * complex — the seed's complex example, step by step: pointers to the
 * stack, two boxes on the heap, a frame reused by a second call, and a box
 * freed when its owner's function returns.
 */
#include <stdlib.h>

static void
baz(int *f)
{
	int g = 100;	/* say: baz is short: f and g, and it is over */
	return;
}

static void
bar(int *a, int *b)
{
	int c = 5;
	int *d = malloc(sizeof *d);
	if (d == NULL)
		exit(1);
	*d = 5;		/* say: a second box: it takes the next heap slot down, (2^30) - 2 */
	int **e = &d;
	baz(*e);	/* say: this call to baz reuses the slots the first one had */
	free(d);	/* say: bar frees its box before it returns, as Drop would */
}

static void
foo(int *x)
{
	int y = 10;
	int *z = &y;	/* say: x is a copy of j: it points at h, slot 0 */
	baz(z);
	bar(x, z);
}

int
main(void)
{
	int h = 3;
	int *i = malloc(sizeof *i);
	if (i == NULL)
		return 1;
	*i = 20;	/* say: i's box holds 20 at the top of memory, (2^30) - 1 */
	int *j = &h;
	foo(j);
	free(i);	/* say: main frees the last box; then its frame goes too */
	return 0;
}
