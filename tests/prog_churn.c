/*
 * prog_churn — threads started and joined one after another, to see what
 * each leaves behind once it has ended (issue 12, item 9: the runtime
 * kept 16 KB resident and 86 KB of address space of every thread).
 *
 * 100 threads first (glibc's cached stack and malloc arena, the
 * runtime's arena, all made once), then the process's size; then 1,000
 * threads more and its size; then 9,000 more and its size, written to
 * PATH as three lines "VmRSS VmSize" in KiB.  Each thread calls a little,
 * mallocs 4242 bytes and frees them, and leaves a value under a key of
 * its own whose destructor mallocs and frees 4343 bytes: a destructor
 * that runs after the thread's own code, as the runtime's may.  Every
 * other thread ends with pthread_exit rather than a return.
 * Usage: prog_churn PATH
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARM_UP 100
#define FIRST 1000
#define THEN 9000

static pthread_key_t key;
static void *volatile kept;	/* so that the compiler keeps the mallocs */

static void
key_ends(void *value)
{
	kept = malloc(4343);
	free(kept);
	(void)value;
}

static size_t
few_calls(size_t n)
{
	return n == 0 ? 0 : 1 + few_calls(n - 1);
}

static void *
work(void *arg)
{
	if (few_calls(3) != 3)
		abort();
	kept = malloc(4242);
	free(kept);
	pthread_setspecific(key, &key);
	if (arg != NULL)
		pthread_exit(NULL);
	return NULL;
}

static int
run_threads(size_t from, size_t n)
{
	size_t i;

	for (i = from; i < from + n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, work, (void *)(i & 1)) != 0 ||
		    pthread_join(t, NULL) != 0)
			return 1;
	}
	return 0;
}

/* "VmRSS VmSize" in KiB, from /proc/self/status. */
static void
write_size(FILE *out)
{
	char line[256];
	long rss = -1, size = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			rss = strtol(line + 6, NULL, 10);
		else if (strncmp(line, "VmSize:", 7) == 0)
			size = strtol(line + 7, NULL, 10);
	}
	if (f != NULL)
		fclose(f);
	fprintf(out, "%ld %ld\n", rss, size);
}

int
main(int argc, char **argv)
{
	FILE *out;

	if (argc < 2 || pthread_key_create(&key, key_ends) != 0 ||
	    (out = fopen(argv[1], "w")) == NULL)
		return 2;
	if (run_threads(0, WARM_UP) != 0)
		return 1;
	write_size(out);
	if (run_threads(WARM_UP, FIRST) != 0)
		return 1;
	write_size(out);
	if (run_threads(WARM_UP + FIRST, THEN) != 0)
		return 1;
	write_size(out);
	return fclose(out) != 0;
}
