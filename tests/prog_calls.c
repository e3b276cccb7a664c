/*
 * prog_calls — many steps quickly: CALLS calls of a tiny function (two
 * steps each, a push and a pop, about a byte each in the trace), for the
 * viewer's long searches.  Usage: prog_calls CALLS
 */
#include <stdlib.h>

static volatile long sink;

static __attribute__((noinline)) void
leaf(long i)
{
	sink += i;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000, i;

	for (i = 0; i < n; i++)
		leaf(i);
	return 0;
}
