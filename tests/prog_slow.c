/*
 * prog_slow — makes a few events, then waits, as a program at a human
 * pace does: the test kills it (SIGKILL, which no handler sees) while it
 * waits, and everything before the wait must have reached the viewer.
 */
#include <stdlib.h>
#include <unistd.h>

static int
work(int n)
{
	char *p = malloc(5555);

	if (p == NULL)
		return 1;
	p[0] = (char)n;
	return p[0];
}

int
main(void)
{
	int r = work(3);

	sleep(30);
	return r;
}
