/*
 * workload.c — the program bench/run measures, bare and under each tool.
 *
 *   workload calls [ROUNDS]   a complete binary recursion of tiny functions:
 *                             frames only, no heap
 *   workload heap [MOPS]      malloc/realloc/free churn over a live set of
 *                             blocks of varying sizes, in one function
 *   workload mixed [ROUNDS]   binary search trees of malloc'd nodes, built by
 *                             recursive inserts of pseudo-random keys, then
 *                             walked and freed recursively
 *   workload threads [MOPS]   the heap churn, split over four threads that
 *                             run at once (each its own live set)
 *   workload lines [ROUNDS]   CS1 code, built -O0 -g for line steps: an
 *                             insertion sort, a string reversal, a struct
 *                             array update and a small recursion, where
 *                             locals change on nearly every line
 *
 * The defaults make a bare -O2 run take about half a second on the machine
 * the README's table comes from.  The run prints its mode, a checksum (the
 * same under every tool, so a tool that changed the program's behaviour
 * shows) and its own peak resident set size.  Built at -O2, with and
 * without -finstrument-functions; every function that must stay a call is
 * noinline, and the recursion combines its results in a way the compiler
 * cannot turn into a loop.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define NOINLINE __attribute__((noinline, noclone))

#define CALLS_DEPTH 20			/* 2^21 - 1 walks + 2^20 leaves per round */
#define CALLS_ROUNDS 155
#define HEAP_MOPS 16			/* millions of heap operations */
#define HEAP_LIVE 4096			/* slots of the live set */
#define MIXED_KEYS (1u << 16)		/* keys per tree */
#define MIXED_ROUNDS 28
#define THREADS 4			/* threads of the threaded heap churn */
#define THREADS_MOPS 16			/* millions of heap operations, in all */

/* --- calls ------------------------------------------------------------ */

NOINLINE static uint32_t
leaf(uint32_t x)
{
	return (x * 0x9e3779b1u) >> 7;
}

NOINLINE static uint32_t
walk(unsigned depth, uint32_t x)
{
	uint32_t a, b;

	if (depth == 0)
		return leaf(x);
	a = walk(depth - 1, x * 2);
	b = walk(depth - 1, x * 2 + 1);
	return a ^ (b << 1 | b >> 31);
}

NOINLINE static uint64_t
run_calls(unsigned long rounds)
{
	uint64_t sum = 0;
	unsigned long i;

	for (i = 0; i < rounds; i++)
		sum += walk(CALLS_DEPTH, (uint32_t)i);
	return sum;
}

/* --- heap ------------------------------------------------------------- */

/*
 * One loop, no helper functions: with -finstrument-functions every call
 * (even an inlined one) would add frame events, and this mode is about the
 * heap.  Sizes are mostly small, sometimes a few KiB, rarely 64 KiB; a
 * quarter of the operations on a live block are reallocs.  The live set
 * is on the stack, not static: a program's data is compared at each of its
 * line steps, and 64 KiB of it would weigh on the lines mode, which never
 * runs this.
 */
NOINLINE static uint64_t
run_heap(unsigned long mops)
{
	unsigned char *slot[HEAP_LIVE] = { 0 };
	size_t len[HEAP_LIVE] = { 0 };
	uint64_t sum = 0, rng = 88172645463325252ull;
	unsigned long i, n = mops * 1000000ul;

	for (i = 0; i < n; i++) {
		unsigned k, pick;
		size_t size;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		k = (unsigned)(rng % HEAP_LIVE);
		pick = (unsigned)(rng >> 32) & 1023;
		size = pick < 900 ? 16 + (rng >> 44) % 240 :
		    pick < 1020 ? 256 + (rng >> 40) % 3840 : 65536;
		if (slot[k] == NULL) {
			slot[k] = malloc(size);
			len[k] = size;
		} else if (pick & 3) {
			sum += slot[k][len[k] - 1];
			free(slot[k]);
			slot[k] = NULL;
			continue;
		} else {
			slot[k] = realloc(slot[k], size);
			len[k] = size;
		}
		if (slot[k] == NULL)
			abort();
		slot[k][0] = (unsigned char)i;
		slot[k][size - 1] = (unsigned char)(i >> 8);
		sum += slot[k][0];
	}
	for (i = 0; i < HEAP_LIVE; i++)
		free(slot[i]);
	return sum;
}

/* --- mixed ------------------------------------------------------------ */

struct node {
	uint32_t	 key;
	uint32_t	 count;
	struct node	*left, *right;
};

NOINLINE static struct node *
insert(struct node *t, uint32_t key)
{
	if (t == NULL) {
		t = malloc(sizeof *t);
		if (t == NULL)
			abort();
		t->key = key;
		t->count = 1;
		t->left = t->right = NULL;
	} else if (key < t->key) {
		t->left = insert(t->left, key);
	} else if (key > t->key) {
		t->right = insert(t->right, key);
	} else {
		t->count++;
	}
	return t;
}

/* In order, so the sum depends on the tree's shape, not just its keys. */
NOINLINE static uint64_t
sum_tree(const struct node *t, uint64_t acc)
{
	if (t == NULL)
		return acc;
	acc = sum_tree(t->left, acc);
	acc = acc * 31 + t->key * t->count;
	return sum_tree(t->right, acc);
}

NOINLINE static void
free_tree(struct node *t)
{
	if (t == NULL)
		return;
	free_tree(t->left);
	free_tree(t->right);
	free(t);
}

NOINLINE static uint64_t
run_mixed(unsigned long rounds)
{
	uint64_t sum = 0, rng = 0x2545f4914f6cdd1dull;
	unsigned long r, i;

	for (r = 0; r < rounds; r++) {
		struct node *root = NULL;

		for (i = 0; i < MIXED_KEYS; i++) {
			rng = rng * 6364136223846793005ull + 1442695040888963407ull;
			root = insert(root, (uint32_t)(rng >> 33));
		}
		sum += sum_tree(root, r);
		free_tree(root);
	}
	return sum;
}

/* --- lines ------------------------------------------------------------ */

#define LINES_ROUNDS 500000	/* about 150 million line steps */
#define LINES_N 16

struct point {
	int	x, y;
};

NOINLINE static void
insertion_sort(int *a, int n)
{
	for (int i = 1; i < n; i++) {
		int key = a[i];
		int j = i - 1;

		while (j >= 0 && a[j] > key) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = key;
	}
}

NOINLINE static void
reverse_string(char *s)
{
	int n = (int)strlen(s);

	for (int i = 0; i < n / 2; i++) {
		char c = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = c;
	}
}

NOINLINE static void
move_points(struct point *p, int n, int dx)
{
	for (int i = 0; i < n; i++) {
		p[i].x += dx;
		p[i].y -= dx;
	}
}

NOINLINE static int
fact(int n)
{
	if (n <= 1)
		return 1;
	return n * fact(n - 1);
}

NOINLINE static uint64_t
run_lines(unsigned long rounds)
{
	uint64_t sum = 0;

	for (unsigned long r = 0; r < rounds; r++) {
		int a[LINES_N];
		char s[] = "stackheap";
		struct point p[4] = { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, 8 } };

		for (int i = 0; i < LINES_N; i++)
			a[i] = (int)((r * 7 + (unsigned long)i * 13) % 31);
		insertion_sort(a, LINES_N);
		reverse_string(s);
		move_points(p, 4, (int)(r & 3));
		sum += (uint64_t)(a[0] + a[LINES_N - 1] + s[0] + p[3].x + fact(6));
	}
	return sum;
}

/* --- threads --------------------------------------------------------- */

/*
 * The heap churn again, a quarter of it on each of four threads at once,
 * each with its own live set and its own sequence: what a threaded
 * program's allocations cost when they contend for a recorder's lock.
 */
struct churn {
	unsigned long	 n;
	uint64_t	 seed, sum;
};

NOINLINE static void *
churn_thread(void *arg)
{
	struct churn *c = arg;
	unsigned char **slot = calloc(HEAP_LIVE, sizeof *slot);
	size_t *len = calloc(HEAP_LIVE, sizeof *len);
	uint64_t rng = c->seed;
	unsigned long i;

	if (slot == NULL || len == NULL)
		abort();
	for (i = 0; i < c->n; i++) {
		unsigned k, pick;
		size_t size;

		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		k = (unsigned)(rng % HEAP_LIVE);
		pick = (unsigned)(rng >> 32) & 1023;
		size = pick < 900 ? 16 + (rng >> 44) % 240 :
		    pick < 1020 ? 256 + (rng >> 40) % 3840 : 65536;
		if (slot[k] == NULL) {
			slot[k] = malloc(size);
			len[k] = size;
		} else if (pick & 3) {
			c->sum += slot[k][len[k] - 1];
			free(slot[k]);
			slot[k] = NULL;
			continue;
		} else {
			slot[k] = realloc(slot[k], size);
			len[k] = size;
		}
		if (slot[k] == NULL)
			abort();
		slot[k][0] = (unsigned char)i;
		slot[k][size - 1] = (unsigned char)(i >> 8);
		c->sum += slot[k][0];
	}
	for (i = 0; i < HEAP_LIVE; i++)
		free(slot[i]);
	free(slot);
	free(len);
	return NULL;
}

NOINLINE static uint64_t
run_threads(unsigned long mops)
{
	pthread_t thread[THREADS];
	struct churn c[THREADS];
	uint64_t sum = 0;
	int i;

	for (i = 0; i < THREADS; i++) {
		c[i].n = mops * 1000000ul / THREADS;
		c[i].seed = 88172645463325252ull + (uint64_t)i * 7919;
		c[i].sum = 0;
		if (pthread_create(&thread[i], NULL, churn_thread, &c[i]) != 0)
			abort();
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(thread[i], NULL);
		sum += c[i].sum;
	}
	return sum;
}

/* --- main ------------------------------------------------------------- */

static long
peak_rss_kib(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	unsigned long size = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	uint64_t sum;

	if (strcmp(mode, "calls") == 0)
		sum = run_calls(size ? size : CALLS_ROUNDS);
	else if (strcmp(mode, "heap") == 0)
		sum = run_heap(size ? size : HEAP_MOPS);
	else if (strcmp(mode, "mixed") == 0)
		sum = run_mixed(size ? size : MIXED_ROUNDS);
	else if (strcmp(mode, "threads") == 0)
		sum = run_threads(size ? size : THREADS_MOPS);
	else if (strcmp(mode, "lines") == 0)
		sum = run_lines(size ? size : LINES_ROUNDS);
	else {
		fputs("usage: workload calls|heap|mixed|threads|lines [SIZE]\n",
		    stderr);
		return 2;
	}
	printf("%s checksum=%llu peak_rss_kib=%ld\n", mode,
	    (unsigned long long)sum, peak_rss_kib());
	return 0;
}
