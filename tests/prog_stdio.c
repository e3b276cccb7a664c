/*
 * prog_stdio — prints before its first malloc and between its mallocs,
 * and reads stdin first, whose stdio buffer libc allocates for itself
 * (stdout's was such a block too, before the runtime took stdout over):
 * the book must number the program's blocks as if libc had allocated
 * nothing, from (2^30) - 1, and show libc's block only on request.
 */
#include <stdio.h>
#include <stdlib.h>

#include <stackheap.h>

int
main(void)
{
	int *first, *second;

	printf("reading: %d\n", getchar());
	first = malloc(sizeof *first);
	*first = 1;
	printf("between\n");
	second = malloc(sizeof *second);
	*second = 2;
	SH_VAR(first);
	SH_VAR(second);
	free(first);
	free(second);
	return 0;
}
