/*
 * two_frames — calling a function pushes a frame on top of the caller's;
 * returning pops it.  (The seed's foo/main example.)
 */
static void
foo(void)
{
	int y = 5;
	int z = 100;	/* say: foo's frame sits right above main's: slots 1 and 2 */
	return;
}

int
main(void)
{
	int x = 42;	/* say: main starts with x in slot 0 */
	foo();		/* say: foo returned: its slots are free again, only x is left */
	return 0;
}
