/*
 * prog_writes — every kind of write a line step could miss, each followed
 * by a CHECK line: built by stackheap-cc with gcc and clang, check_lines
 * holds what the step at each CHECK line (its first) shows against what
 * the program logged there ("log LINE NAME VALUE" on stderr: the value before the
 * line runs, as the step shows it).  A NAME is a variable of a frame
 * (innermost first) or a global, then `.field` or `[index]`; `*p` is the
 * first element of the heap block p points to.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(name, value) check(__LINE__, name, (long)(value))

struct big {
	long	 x[8];
	int	 tag;
};

static int g_int;
static char g_text[16];
static struct big g_big;
static volatile sig_atomic_t g_signal;
static jmp_buf g_jump;
static int *g_heap;

__attribute__((noinline)) static void
check(int line, const char *name, long value)
{
	fprintf(stderr, "log %d %s %ld\n", line, name, value);
}

__attribute__((noinline)) static void
swap(int *a, int *b)
{
	int t = *a;

	*a = *b;
	*b = t;
}

__attribute__((noinline)) static void
set_global(int v)
{
	g_int = v;
}

/* What main stored on the line that called it shows at its first line. */
__attribute__((noinline)) static int
sees_caller(const int *caller_n)
{
	CHECK("n", *caller_n);
	return *caller_n;
}

static void
on_signal(int sig)
{
	g_signal = sig;
	g_int = 77;
}

static void *
thread_main(void *arg)
{
	int *caller_local = arg;

	*caller_local = 555;
	g_int = 444;
	g_heap[1] = 333;
	return NULL;
}

__attribute__((noinline)) static void
deep(int n, int *out)
{
	*out = n;
	if (n == 0)
		longjmp(g_jump, 1);
	deep(n - 1, out);
}

static int
compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int
main(void)
{
	int a = 1, b = 2, n = 0, local = 0, i = 2;
	int arr[4] = { 40, 10, 30, 20 }, *gp = &g_int;
	char buf[16] = "";
	struct big s1 = { { 1, 2, 3, 4, 5, 6, 7, 8 }, 9 }, s2;
	struct big *hb = malloc(sizeof *hb);
	int *block = malloc(4 * sizeof *block);
	pthread_t thread;

	g_heap = calloc(4, sizeof *g_heap);
	swap(&a, &b);
	CHECK("a", a); CHECK("b", b);
	set_global(5);
	CHECK("g_int", g_int);
	g_int = 6;
	CHECK("g_int", g_int);
	/* stores the log stands for, with no mark: the program's data, a
	 * heap block, a local array, all through a pointer or an index */
	*gp = 7;
	CHECK("g_int", g_int);
	block[1] = 3, block[0] = 11;
	CHECK("*block", block[0]);
	arr[i] = 50;
	CHECK("arr[2]", arr[2]);
	n = 3, sees_caller(&n);
	memset(block, 7, 4 * sizeof *block);
	CHECK("*block", block[0]);
	strcpy(buf, "hey");
	CHECK("buf[1]", buf[1]);
	strcpy(g_text, "yo");
	CHECK("g_text[0]", g_text[0]);
	sscanf("42 43", "%d %d", &local, &g_heap[0]);
	CHECK("local", local); CHECK("*g_heap", g_heap[0]);
	s2 = s1;
	CHECK("s2.x[7]", s2.x[7]); CHECK("s2.tag", s2.tag);
	*hb = s1;
	g_big = *hb;
	CHECK("g_big.x[6]", g_big.x[6]);
	memcpy(&s2, &g_big, sizeof s2);
	CHECK("s2.x[0]", s2.x[0]);
	signal(SIGUSR1, on_signal);
	raise(SIGUSR1);
	CHECK("g_signal", g_signal); CHECK("g_int", g_int);
	pthread_create(&thread, NULL, thread_main, &local);
	pthread_join(thread, NULL);
	CHECK("local", local); CHECK("g_int", g_int);
	CHECK("g_heap[1]", g_heap[1]);
	if (setjmp(g_jump) == 0)
		deep(4, &n);
	CHECK("n", n);
	qsort(arr, 4, sizeof arr[0], compare_ints);
	CHECK("arr[0]", arr[0]); CHECK("arr[3]", arr[3]);
	free(block);
	free(hb);
	free(g_heap);
	return 0;
}
