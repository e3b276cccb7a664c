/*
 * back_heap.c — a big heap to step around in: N malloc'd blocks
 * (1,000,000 by default) kept live, then CALLS calls (5,000), each a
 * step in and a step out.  bench/back records it and times stepping
 * back and forth among the calls (bench/trace_bench --back).
 *
 * Usage: back_heap [N [CALLS]].  Prints a checksum.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long __attribute__((noinline))
touch(void **blocks, unsigned long i)
{
	return (unsigned long)blocks[i] & 0xff;
}

int
main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	unsigned long calls = argc > 2 ? strtoul(argv[2], NULL, 10) : 5000;
	unsigned long i, sum = 0;
	void **blocks = malloc(n * sizeof *blocks);

	if (blocks == NULL)
		return 1;
	for (i = 0; i < n; i++)
		if ((blocks[i] = malloc(16)) == NULL)
			return 1;
	for (i = 0; i < calls; i++)
		sum += touch(blocks, i % n);
	printf("blocks=%lu checksum=%lu\n", n, sum);
	return 0;
}
