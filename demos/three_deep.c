/*
 * three_deep — frames pile up like plates: main calls foo, foo calls bar;
 * they come off in the opposite order.  (The seed's three-deep example.)
 */
static void
bar(void)
{
	int i = 6;	/* say: bar is the top plate: its i lands in slot 4 */
	return;
}

static void
foo(void)
{
	int a = 5;
	int b = 100;
	int c = 1;	/* say: foo's three ints take slots 1 to 3 */
	bar();		/* say: bar is gone; foo's slots are untouched */
}

int
main(void)
{
	int x = 42;
	foo();		/* say: back in main: last in, first out */
	return 0;
}
