/*
 * borrow — a pointer to a stack variable, passed to a function: the
 * argument is a copy of the pointer, and nothing is allocated.  (The seed's
 * "arguments and borrowing" example; `&x` is a pointer in C.)
 */
static void
foo(int *i)
{
	int z = 42;	/* say: i is a copy of y: both hold slot 0, the address of x */
	return;
}

int
main(void)
{
	int x = 5;
	int *y = &x;	/* say: y's value is the address of x */
	foo(y);
	return 0;
}
