/*
 * prog_clone — a thread made with a raw clone() (a thread of the process,
 * without thread-locals of its own: it runs on main's).  It calls a function 6 deep 20,000 times while
 * main does the same, then allocates 6161 bytes 100 times while main
 * waits for it; main then allocates 6262 bytes.  Nothing of the clone's
 * may reach the trace as main's; main's own events must all be there.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STACK (256u << 10)
#define ROUNDS 20000
#define THREAD (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
	CLONE_THREAD | CLONE_SYSVSEM | CLONE_CHILD_CLEARTID)

static volatile pid_t running = 1;	/* the kernel clears it at the end */
static volatile int result = -1;

static int
calls(int n)
{
	return n == 0 ? 0 : 1 + calls(n - 1);
}

static int
child(void *unused)
{
	int i, sum = 0;

	(void)unused;
	for (i = 0; i < ROUNDS; i++)
		sum += calls(5);
	for (i = 0; i < 100; i++)
		free(malloc(6161));
	result = sum == ROUNDS * 5 ? 0 : 1;
	return 0;
}

static void
wait_for_it(void)
{
	pid_t now;

	while ((now = running) != 0)
		syscall(SYS_futex, &running, FUTEX_WAIT, now, NULL, NULL, 0);
}

int
main(void)
{
	char *stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	int i, sum = 0;
	char *p;

	if (stack == MAP_FAILED)
		return 1;
	if (clone(child, stack + STACK, THREAD, NULL, NULL, NULL, &running) < 0)
		return 1;
	for (i = 0; i < ROUNDS; i++)
		sum += calls(5);
	wait_for_it();
	if (result != 0)
		return 2;
	p = malloc(6262);
	if (p == NULL)
		return 1;
	free(p);
	return sum == ROUNDS * 5 ? 0 : 3;
}
