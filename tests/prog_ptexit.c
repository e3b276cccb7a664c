/*
 * prog_ptexit — the pthread tutorial's hello world: main starts its
 * threads and ends with pthread_exit(NULL), leaving them to finish; the
 * process ends (status 0) when the last of them does.  Each thread
 * allocates 1000 + its number of bytes, after main is gone.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NUM_THREADS 3

static void *
print_hello(void *arg)
{
	long id = (long)arg;
	char *note;

	usleep(100000);		/* main has ended by now */
	note = malloc(1000 + (size_t)id);
	if (note == NULL)
		pthread_exit(NULL);
	printf("hello from thread %ld\n", id);
	free(note);
	pthread_exit(NULL);
}

int
main(void)
{
	pthread_t threads[NUM_THREADS];
	long t;

	for (t = 0; t < NUM_THREADS; t++) {
		printf("main: creating thread %ld\n", t);
		if (pthread_create(&threads[t], NULL, print_hello, (void *)t) != 0)
			exit(1);
	}
	pthread_exit(NULL);
}
