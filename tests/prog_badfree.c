/*
 * prog_badfree — the heap errors glibc stops a program for: "double" frees
 * a block twice, "invalid" frees an address inside a block.  Each ends
 * with SIGABRT, which the viewer names as the heap error it is.
 */
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	char *volatile p = malloc(32);
	char *volatile q = malloc(32);
	char *volatile inside;

	if (p == NULL || q == NULL || argc < 2)
		return 1;
	free(q);
	if (strcmp(argv[1], "double") == 0) {
		free(p);
		free(p);	/* line 21: the double free */
	} else {
		inside = p + 1;	/* misaligned: glibc aborts at once */
		free(inside);	/* line 24: not a block's start */
	}
	return 0;
}
