/* hanoi.c — narration after a printf belongs to its own line's step. */
#include <stdio.h>
#include <stackheap.h>

static void
hanoi(int n, int from, int to, int via)
{
	if (n == 0)
		return;
	hanoi(n - 1, from, via, to);
	printf("move disk %d from %d to %d\n", n, from, to);
	SH_SAY("move disk %d", n);
	hanoi(n - 1, via, to, from);
}

int
main(void)
{
	hanoi(2, 1, 3, 2);
	return 0;
}
