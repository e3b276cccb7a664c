/*
 * prog_many — many of what the viewer must find quickly: NTHREADS threads
 * started and joined one after another, NGLOBALS globals each registered
 * twice, and NBLOCKS blocks kept live, all made at one call site.
 * Usage: prog_many NTHREADS NGLOBALS NBLOCKS
 */
#include <pthread.h>
#include <stdlib.h>

#include <stackheap.h>

static int cells[4096];
static void *volatile kept;

static void *
work(void *arg)
{
	kept = malloc(24);
	free(kept);
	return arg;
}

static void *
one_block(void)
{
	return malloc(40);
}

int
main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 100;
	int nglobals = argc > 2 ? atoi(argv[2]) : 100;
	int nblocks = argc > 3 ? atoi(argv[3]) : 100;
	void **blocks = malloc((size_t)nblocks * sizeof *blocks);
	int i, round;

	if (blocks == NULL || nglobals > 4096)
		return 1;
	for (i = 0; i < nthreads; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, work, NULL) != 0 ||
		    pthread_join(t, NULL) != 0)
			return 1;
	}
	for (round = 0; round < 2; round++)
		for (i = 0; i < nglobals; i++)
			SH_GLOBAL(cells[i]);
	for (i = 0; i < nblocks; i++)
		blocks[i] = one_block();
	return blocks[0] == NULL;
}
