/*
 * jump.c — setjmp and longjmp: deep() jumps back to main over three
 * frames that never return; main then calls after() and returns.
 */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf back;
static volatile int jumping = 1;	/* else gcc calls deep() endless */

static int
deep(int n)
{
	if (n > 0)
		return deep(n - 1) + 1;
	if (jumping)
		longjmp(back, 1);
	return 0;
}

static int
after(void)
{
	return 7;
}

int
main(void)
{
	if (setjmp(back) == 0)
		deep(2);
	printf("after: %d\n", after());
	return 0;
}
