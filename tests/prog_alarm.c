/*
 * prog_alarm — a timeout done with alarm and siglongjmp: calls a function
 * until the alarm's handler jumps out.  The test holds the stream back,
 * so that by then the program waits inside a hook for the ring to be
 * written out; the 4646 bytes it allocates after the jump must still be
 * recorded.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static sigjmp_buf timeout;

static void
on_alarm(int sig)
{
	(void)sig;
	siglongjmp(timeout, 1);
}

static int
step(int i)
{
	return i + 1;
}

int
main(void)
{
	volatile int i = 0;
	char *p;

	signal(SIGALRM, on_alarm);
	if (sigsetjmp(timeout, 1) == 0) {
		alarm(1);
		for (;;)
			i = step(i);
	}
	p = malloc(4646);
	if (p == NULL)
		return 1;
	free(p);
	return 0;
}
