/*
 * prog_threads — several threads calling and allocating at once, so that
 * each thread's stack in the trace can be checked on its own.
 * Usage: prog_threads NTHREADS CALLS [plain]  (plain: no annotations)
 */
#include <pthread.h>
#include <stdlib.h>

#include <stackheap.h>

static int calls;
static int annotated = 1;

static int
depth(int n)
{
	int here = n;
	char *p;

	if (annotated)
		SH_VAR(here);
	if (n == 0)
		return 0;
	p = malloc((size_t)n + 200);
	if (p == NULL)
		abort();
	p[0] = (char)n;
	here = depth(n - 1) + p[0];
	free(p);
	return here;
}

static void *
worker(void *arg)
{
	long sum = 0;
	int i;

	for (i = 0; i < calls; i++)
		sum += depth(4);
	return (void *)sum;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4, i;
	pthread_t t[64];

	calls = argc > 2 ? atoi(argv[2]) : 100;
	annotated = argc <= 3;
	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
