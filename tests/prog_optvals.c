/*
 * prog_optvals — logs its own variables' values, so that a test can hold
 * what stackheap shows of an optimized build against the truth: built by
 * stackheap-cc at -O2 in check_lines, every value shown at a `note` line
 * must be the one noted (or be shown as optimized out or unavailable).
 */
#include <stdio.h>

/* "log CALL LINE NAME VALUE" on stderr; not inlined, so it stays a call. */
__attribute__((noinline)) static void
note(long call, int line, const char *name, long value)
{
	fprintf(stderr, "log %ld %d %s %ld\n", call, line, name, value);
}

__attribute__((noinline)) static long
work(long n)
{
	long a = n * 3;
	note(n, __LINE__, "a", a);
	long b = a + n;
	note(n, __LINE__, "b", b);
	long arr[4];
	for (int i = 0; i < 4; i++)
		arr[i] = b + i;
	note(n, __LINE__, "arr", arr[3]);
	volatile long v = arr[3] * 2;
	note(n, __LINE__, "v", v);
	return v + a;
}

int
main(void)
{
	long total = 0;

	for (long k = 1; k <= 3; k++) {
		total += work(k);
		note(k, __LINE__, "total", total);
	}
	return total == 0;
}
