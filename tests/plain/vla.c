/* A variable-length array: its bounds are known only at run time. */
#include <stdio.h>

static int
fill(int n, int m)
{
	int x[n][m];
	int i, j, total = 0;

	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
			x[i][j] = 10 * i + j;
	for (i = 0; i < n; i++)
		total += x[i][m - 1];
	return total;
}

int
main(void)
{
	printf("%d\n", fill(3, 4));
	return 0;
}
