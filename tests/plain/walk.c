/* walk.c — calls two deep and variables that change, for stepping tests. */
#include <stdlib.h>

static int
square(int x)
{
	int y = x * x;

	return y;
}

static int
sum_squares(int n)
{
	int total = 0;

	for (int i = 1; i <= n; i++)
		total += square(i);
	return total;
}

int
main(void)
{
	int *box = malloc(sizeof *box);
	int count = 2;

	*box = sum_squares(count);
	count = *box;
	free(box);
	return count == 5 ? 0 : 1;
}
