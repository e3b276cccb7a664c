/*
 * stack_overflow — the stack has a fixed size, 8 MB by default on Linux
 * (see `ulimit -s`), and nothing moves a big local to the heap for you.
 * The seed's nested array, 256 bytes to 8 KB to 256 KB to 8 MB, as one
 * local is more than the whole stack; deep recursion gets there one frame
 * at a time.  Either way the program touches the guard page below
 * the stack and dies of SIGSEGV, which stackheap names a stack overflow.
 *
 *   stack_overflow [array|recursion]      (array by default)
 */
#include <stdint.h>
#include <string.h>

struct two_fifty_six { uint64_t a[32]; };		/* 256 bytes */
struct eight_k { struct two_fifty_six a[32]; };		/* 8 KB */
struct two_fifty_six_k { struct eight_k a[32]; };	/* 256 KB */
struct eight_m { struct two_fifty_six_k a[32]; };	/* 8 MB */

/* Zeroes an 8 MB local: the frame is bigger than the stack it sits on. */
static uint64_t
eight_megabytes(void)
{
	struct eight_m x;

	memset(&x, 0, sizeof x);
	return x.a[0].a[0].a[0].a[0];
}

/* The sum 1 + ... + n, one call per term: fine for small n only. */
static uint64_t
sum_to(uint64_t n)
{
	volatile char scratch[1024];	/* 1 KB of locals in every frame */

	scratch[0] = 0;
	if (n == 0)
		return 0;
	return n + (uint64_t)scratch[0] + sum_to(n - 1);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "recursion") == 0) {
		uint64_t n = 100000;	/* say: sum_to(n) would stack n frames of over 1 KB each: about 100 MB, and the stack has 8 */

		return (int)sum_to(n);
	}
	size_t size = sizeof(struct eight_m);	/* say: eight_megabytes wants a local of 8388608 bytes: the 8 MB stack, already holding main's frame, cannot take it */
	return (int)eight_megabytes();
}
