/*
 * prog_busy — a program at work for about two seconds, a heap step every
 * 10 ms: `G` in a live run must follow it to its end, not stop at the
 * step that had arrived when the key was pressed.
 */
#include <stdlib.h>
#include <time.h>

int
main(void)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 200; i++) {
		free(malloc(32));
		nanosleep(&tick, NULL);
	}
	return 0;
}
