/*
 * two_frames — calling a function pushes a frame on top of the caller's;
 * returning pops it.  (The seed's foo/main example.)
 */
#include <stackheap.h>

static void
foo(void)
{
	int y = 5;
	SH_VAR(y);
	int z = 100;
	SH_VAR(z);
	SH_SAY("foo's frame sits right above main's: slots 1 and 2");
}

int
main(void)
{
	int x = 42;
	SH_VAR(x);
	SH_SAY("main starts with x in slot 0");
	foo();
	SH_SAY("foo returned: its slots are free again, only x is left");
	return 0;
}
