/*
 * complex — the seed's complex example, step by step: pointers to the
 * stack, two boxes on the heap, a frame reused by a second call, and a box
 * freed when its owner's function returns.
 */
#include <stdlib.h>

#include <stackheap.h>

static void
baz(int *f)
{
	SH_VAR(f);
	int g = 100;
	SH_VAR(g);
	SH_SAY("baz is short: f and g, and it is over");
}

static void
bar(int *a, int *b)
{
	SH_VAR(a);
	SH_VAR(b);
	int c = 5;
	SH_VAR(c);
	int *d = malloc(sizeof *d);
	if (d == NULL)
		exit(1);
	*d = 5;
	SH_VAR(d);
	SH_SAY("a second box: it takes the next heap slot down, (2^30) - 2");
	int **e = &d;
	SH_VAR(e);
	baz(*e);
	SH_SAY("this call to baz reuses the slots the first one had");
	free(d);
	SH_SAY("bar frees its box before it returns, as Drop would");
}

static void
foo(int *x)
{
	SH_VAR(x);
	int y = 10;
	SH_VAR(y);
	int *z = &y;
	SH_VAR(z);
	SH_SAY("x is a copy of j: it points at h, slot 0");
	baz(z);
	bar(x, z);
}

int
main(void)
{
	int h = 3;
	SH_VAR(h);
	int *i = malloc(sizeof *i);
	if (i == NULL)
		return 1;
	*i = 20;
	SH_VAR(i);
	SH_SAY("i's box holds 20 at the top of memory, (2^30) - 1");
	int *j = &h;
	SH_VAR(j);
	foo(j);
	free(i);
	SH_SAY("main frees the last box; then its frame goes too");
	return 0;
}
