/*
 * prog_output — prints between two annotated steps, so the viewer can be
 * checked to show each line of output from the step after which it was
 * written, not before.
 */
#include <stdio.h>

#include <stackheap.h>

int
main(void)
{
	/* the words are built so the source pane cannot show them */
	printf("%s %s\n", "first", "output");
	SH_STEP();
	printf("%s %s\n", "second", "output");
	SH_STEP();
	return 0;
}
