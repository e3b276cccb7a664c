/*
 * prog_cancel — a thread cancelled while it is inside malloc: the test
 * holds the stream back (a paused viewer), so the worker's malloc waits
 * for the ring to be written out when main cancels it.  Main then joins
 * it and allocates 4343 bytes, which must be recorded, and returns 0:
 * the runtime's lock must not stay with the cancelled thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void *
sleeper(void *unused)
{
	(void)unused;
	for (;;)
		pause();
	return NULL;
}

static void *
worker(void *unused)
{
	(void)unused;
	for (;;) {
		free(malloc(64));
		pthread_testcancel();
	}
	return NULL;
}

int
main(void)
{
	pthread_t t;
	char *p;

	/* glibc loads its unwinder at the first cancel, allocating: not then */
	if (pthread_create(&t, NULL, sleeper, NULL) != 0)
		return 1;
	pthread_cancel(t);
	pthread_join(t, NULL);
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	usleep(300000);		/* the ring is full: worker waits in malloc */
	pthread_cancel(t);
	pthread_join(t, NULL);
	p = malloc(4343);
	if (p == NULL)
		return 1;
	free(p);
	return 0;
}
