/*
 * live_blocks.c — N small malloc'd blocks, all live at the end, or (with
 * "free") each freed right after it is made: the same number of heap
 * records either way, so the difference between the two traces' open
 * costs is what the model pays per live block.  bench/blocks records
 * both and compares them.
 *
 * Usage: live_blocks N [free].  Prints a checksum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	int freeing = argc > 2 && strcmp(argv[2], "free") == 0;
	void **keep = freeing ? NULL : malloc(n * sizeof *keep);
	unsigned long sum = 0;
	size_t i;

	if (!freeing && keep == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		char *p = malloc(16 + i % 48);

		if (p == NULL)
			return 1;
		sum += (unsigned long)(i % 48);
		if (freeing)
			free(p);
		else
			keep[i] = p;
	}
	printf("%zu blocks, checksum %lu\n", n, sum);
	return 0;
}
