/*
 * scale.c — programs whose traces grow in one direction the viewer must
 * take in linear time (issue 12, item 9): `threads N` starts and joins N
 * threads one after another, `globals N` registers N globals, `vars N`
 * registers N variables in one frame.  bench/scale records each at two
 * sizes and compares the times to open them.
 *
 * Usage: scale MODE N.  Prints the mode, N and, for threads, the process's
 * resident and virtual size after the last join (its own leak per thread).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stackheap.h>

static int cells[1 << 20];
static void *volatile kept;	/* so that the compiler keeps the malloc */

/* A thread's one heap event: enough to give it the runtime's state. */
static void *
work(void *arg)
{
	kept = malloc(32);
	free(kept);
	return arg;
}

/* VmRSS and VmSize, in KiB, from /proc/self/status. */
static void
print_size(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0 ||
		    strncmp(line, "VmSize:", 7) == 0)
			fputs(line, stdout);
	fclose(f);
}

static int
run_threads(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, work, NULL) != 0 ||
		    pthread_join(t, NULL) != 0)
			return 1;
	}
	print_size();
	return 0;
}

static void
run_vars(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sh_var != NULL)
			sh_var("cell", &cells[i], sizeof cells[i], 0, __FILE__,
			    __LINE__);
}

static void
run_globals(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sh_global != NULL)
			sh_global("cell", &cells[i], sizeof cells[i], 0,
			    __FILE__, __LINE__);
}

int
main(int argc, char **argv)
{
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;

	if (argc < 3 || n > sizeof cells / sizeof cells[0]) {
		fputs("usage: scale threads|vars|globals N\n", stderr);
		return 2;
	}
	printf("%s %zu\n", argv[1], n);
	if (strcmp(argv[1], "threads") == 0)
		return run_threads(n);
	if (strcmp(argv[1], "vars") == 0)
		run_vars(n);
	else
		run_globals(n);
	return 0;
}
