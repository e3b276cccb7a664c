/*
 * hostile.c — a program whose own macros are hostile to a header, as the
 * c4 interpreter's `#define int long long` is, before and after the
 * include; and SH_VAR of an array parameter (a pointer, which
 * -Wsizeof-array-argument warns about if the header says sizeof(v)).
 */
#include <stdio.h>
#define int long long
#include <stackheap.h>

int counter;

static int
sum(int a[], int n)
{
	int s = 0;

	SH_VAR(a);
	SH_VAR(n);
	while (n-- > 0)
		s += a[n];
	SH_VAR(s);
	return s;
}

#undef int
int
main(void)
#define int long long
{
	int v[3] = { 1, 2, 40 };
	unsigned u = 7;
	char c = 'c';

	SH_GLOBAL(counter);
	SH_VAR(u);
	SH_VAR(c);
	counter = sum(v, 3);
	SH_STEP();
	SH_SAY("counter is %lld", counter);
	printf("%lld\n", counter);
	return counter == 43 ? 0 : 1;
}
