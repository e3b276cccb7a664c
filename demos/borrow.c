/*
 * borrow — a pointer to a stack variable, passed to a function: the
 * argument is a copy of the pointer, and nothing is allocated.  (The seed's
 * "arguments and borrowing" example; `&x` is a pointer in C.)
 */
#include <stackheap.h>

static void
foo(int *i)
{
	SH_VAR(i);
	int z = 42;
	SH_VAR(z);
	SH_SAY("i is a copy of y: both hold slot 0, the address of x");
}

int
main(void)
{
	int x = 5;
	SH_VAR(x);
	int *y = &x;
	SH_VAR(y);
	SH_SAY("y's value is the address of x");
	foo(y);
	return 0;
}
