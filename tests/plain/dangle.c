/* A pointer to a local of a function that returned; pointers past an array. */
#include <stdio.h>
#include <stdlib.h>

static int *
local_address(void)
{
	int here = 42;
	int *p = &here;

	return p;	/* the caller gets a pointer into a dead frame */
}

int
main(void)
{
	int *dead, *a, *end, *bad;

	dead = local_address();
	a = malloc(10 * sizeof *a);
	end = a + 10;	/* one past the end: legal, not to be dereferenced */
	bad = a + 11;	/* off by one more */
	printf("%p %p %p\n", (void *)dead, (void *)end, (void *)bad);
	free(a);
	return 0;
}
