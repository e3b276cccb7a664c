/*
 * three_deep — frames pile up like plates: main calls foo, foo calls bar;
 * they come off in the opposite order.  (The seed's three-deep example.)
 */
#include <stackheap.h>

static void
bar(void)
{
	int i = 6;
	SH_VAR(i);
	SH_SAY("bar is the top plate: its i lands in slot 4");
}

static void
foo(void)
{
	int a = 5;
	SH_VAR(a);
	int b = 100;
	SH_VAR(b);
	int c = 1;
	SH_VAR(c);
	SH_SAY("foo's three ints take slots 1 to 3");
	bar();
	SH_SAY("bar is gone; foo's slots are untouched");
}

int
main(void)
{
	int x = 42;
	SH_VAR(x);
	foo();
	SH_SAY("back in main: last in, first out");
	return 0;
}
