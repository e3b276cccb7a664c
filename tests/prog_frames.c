/*
 * prog_frames — calls of every shape the frame hooks must get right, each
 * logged by the program itself (function, address of a local, depth) into
 * the file argv[1], for check_runtime to hold the trace against: recursion
 * from two call sites, one site calling different functions, frames
 * placed by a variable-length array, a longjmp out of a deep recursion and
 * calls after it, and a recursion deeper than the runtime's first table.
 * Built with the hooks preloaded and linked in, with and without frame
 * pointers.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))

struct entry {
	uintptr_t	fn, local;
	uintptr_t	depth;
};

static struct entry entries[20000];
static size_t nentries;
static uintptr_t depth;
static jmp_buf back;

#define ENTER(f)							\
	volatile int here = 0;						\
	if (nentries < sizeof entries / sizeof *entries)		\
		entries[nentries++] = (struct entry){ (uintptr_t)(f),	\
		    (uintptr_t)&here, ++depth }
#define LEAVE() (depth--)

static NOINLINE int
leaf(int x)
{
	ENTER(leaf);
	LEAVE();
	return x + here;
}

static NOINLINE int
walk(int n)
{
	ENTER(walk);
	int r = n <= 0 ? leaf(n) : walk(n - 1) + walk(n - 2);

	LEAVE();
	return r;
}

static NOINLINE int
twice(int x)
{
	ENTER(twice);
	LEAVE();
	return 2 * x + here;
}

static NOINLINE int
thrice(int x)
{
	ENTER(thrice);
	int r = leaf(3 * x);

	LEAVE();
	return r;
}

static NOINLINE int
indirect(int (*f)(int), int x)
{
	ENTER(indirect);
	int r = f(x);

	LEAVE();
	return r;
}

static NOINLINE int
with_vla(int n)
{
	ENTER(with_vla);
	volatile char buf[n];

	buf[0] = 1;
	int r = leaf(buf[0]);

	LEAVE();
	return r;
}

/*
 * Its frame is larger than walk's: a frame left by longjmp and replaced by
 * one of the same size at the same place cannot be told from a function
 * inlined into its caller (a known limit, stackheap-wire.h).
 */
static NOINLINE void
deep_jump(int n)
{
	ENTER(deep_jump);
	volatile char pad[256];	/* indexed by n: kept whole (clang
				   shrinks an array used at one place) */

	pad[n & 255] = 1;
	if (n > 0 && pad[n & 255])
		deep_jump(n - 1);
	else if (depth > 0)	/* always: a path that returns, for the compiler */
		longjmp(back, 1);
	LEAVE();
}

static NOINLINE int
recurse(int n)
{
	ENTER(recurse);
	int r = n > 0 ? recurse(n - 1) + 1 : 0;

	LEAVE();
	return r;
}

int
main(int argc, char **argv)
{
	ENTER(main);
	volatile uintptr_t saved;
	int i, sum = 0;
	FILE *f;

	sum += walk(10);
	for (i = 0; i < 20; i++)
		sum += indirect(i % 3 ? twice : thrice, i);
	for (i = 1; i < 40; i++)
		sum += with_vla(i * 24);
	saved = depth;
	if (setjmp(back) == 0)
		deep_jump(30);
	depth = saved;
	sum += walk(6);
	sum += recurse(3000);
	sum += walk(4);
	LEAVE();
	if (argc < 2 || (f = fopen(argv[1], "wb")) == NULL)
		return 2;
	fwrite(entries, sizeof *entries, nentries, f);
	fclose(f);
	return sum > 0 ? 0 : 1;
}
