/*
 * trace_bench.c — how a big trace opens and seeks in the viewer's model:
 * the time to open it, the time to reach the first, middle and last steps
 * and 100 random ones, and the memory the model takes beyond the mapped
 * file, per event.  bench/run builds and runs it on a 100-million-event
 * trace of the calls workload.
 *
 * With --back, what a step back costs next to a step forward in a trace
 * whose state is big (bench/back records a million live blocks): from a
 * step among the last ones, S steps forward one at a time, then S steps
 * back one at a time, each as the viewer makes it (a seek to the step and
 * to the one before it, whose picture the book view compares).
 *
 *   trace_bench TRACE
 *   trace_bench --back TRACE [S]
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "model/model_trace.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
seek_ms(struct model_trace *t, size_t i)
{
	double t0 = now_ms();

	if (model_trace_seek(t, i) == NULL)
		abort();
	return now_ms() - t0;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A step as the book view shows it: step i and the one before. */
static void
show(struct model_trace *t, size_t i)
{
	if (model_trace_seek(t, i) == NULL || model_trace_seek(t, i - 1) == NULL)
		abort();
}

static int
step_back_and_forth(struct model_trace *t, size_t s)
{
	size_t n = model_trace_nsteps(t), i, from;
	double t0, forward, back;

	if (n < 2 * s + 2)
		return 1;
	from = n - 2 * s - 1;
	printf("steps %zu, live blocks %zu, from step %zu\n", n,
	    model_trace_seek(t, from)->nlive, from);
	t0 = now_ms();
	for (i = from + 1; i <= from + s; i++)
		show(t, i);
	forward = (now_ms() - t0) / (double)s;
	t0 = now_ms();
	for (i = from + s; i-- > from; )
		show(t, i);
	back = (now_ms() - t0) / (double)s;
	printf("step forward %.3f ms, step back %.3f ms: back/forward %.1fx\n",
	    forward, back, back / forward);
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli_source_spec spec = { 0 };
	struct cli_spawn_opts none = { 0 };
	struct model_trace *t = model_trace_new();
	double t0, open, random[100];
	char *cause = NULL;
	uint32_t seed = 1;
	size_t n, i;
	bool back = argc >= 3 && strcmp(argv[1], "--back") == 0;

	if (argc != 2 && !back) {
		fputs("usage: trace_bench [--back] TRACE [STEPS]\n", stderr);
		return 2;
	}
	spec.trace = argv[back ? 2 : 1];
	t0 = now_ms();
	if (!cli_source_read(&spec, &none, t, &cause)) {
		fprintf(stderr, "trace_bench: %s\n", cause);
		return 1;
	}
	open = now_ms() - t0;
	if (back)
		return step_back_and_forth(t, argc > 3 ?
		    strtoul(argv[3], NULL, 10) : 200);
	n = model_trace_nsteps(t);
	if (n == 0)
		return 1;
	printf("steps                 %zu\n", n);
	printf("open                  %.0f ms (%.2f s per 100M steps)\n", open,
	    open / 1e3 * 1e8 / (double)n);
	printf("seek last             %.2f ms\n", seek_ms(t, n - 1));
	printf("seek first            %.2f ms\n", seek_ms(t, 0));
	printf("seek middle           %.2f ms\n", seek_ms(t, n / 2));
	for (i = 0; i < 100; i++) {
		seed = seed * 1103515245u + 12345u;
		random[i] = seek_ms(t, ((size_t)seed << 16 ^ seed) % n);
	}
	qsort(random, 100, sizeof *random, by_value);
	printf("seek random           median %.2f ms, worst %.2f ms\n",
	    random[50], random[99]);
	printf("memory beyond file    %.1f MB, %.2f bytes per step\n",
	    model_trace_memory(t) / 1e6, (double)model_trace_memory(t) / n);
	model_trace_free(t);
	return 0;
}
