/*
 * prog_crash — dies in the way argv[1] names, after one annotated step, so
 * the test can check that the step and the crash both reach the viewer.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stackheap.h>

static volatile int zero, seven = 7, forever = 1 << 30;

static int
recurse(int n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n > forever)	/* never: the stack runs out first */
		return 0;
	return recurse(n + 1) + pad[0];
}

static int
big_array(void)
{
	volatile char huge[16 << 20];	/* twice the default stack */

	huge[0] = 1;
	return huge[0];
}

int
main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "segv";
	int marker = 7;

	SH_VAR(marker);
	SH_STEP();
	if (strcmp(how, "segv") == 0)
		return *(volatile int *)(uintptr_t)zero;
	if (strcmp(how, "overflow") == 0)
		return recurse(0);
	if (strcmp(how, "bigarray") == 0)
		return big_array();
	if (strcmp(how, "abort") == 0)
		abort();
	if (strcmp(how, "fpe") == 0)
		return seven / zero;	/* not 1 / x: gcc folds that */
	if (strcmp(how, "_exit") == 0)
		_exit(5);
	if (strcmp(how, "exit") == 0)
		exit(3);
	return 0;
}
