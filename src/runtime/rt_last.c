/*
 * rt_last.c — a program whose main ends with pthread_exit() (the usual
 * pthread-tutorial style) must still end when its last thread does.
 *
 * glibc ends such a process when the count of threads made by
 * pthread_create drops to zero, and the flusher thread is one of them:
 * without help the process would wait for the flusher forever, and so
 * would the viewer.  So the flusher, once main has ended, looks at the
 * process each period and, when no thread of the program's is left, does
 * what glibc would have done on the program's last thread: exit(0), which
 * runs the program's atexit handlers and our destructor (writing out what
 * is left).  It is the one place the runtime ends the program, and only
 * where the program has already ended itself.
 *
 * That main has ended is known from a thread-specific key set on main:
 * glibc runs main's key destructors when main leaves through
 * pthread_exit, thrd_exit or cancellation, and never at a normal return
 * (exit() runs none), so the flusher reads /proc only in that one case.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt_internal.h"

static _Atomic int main_ended;
static pthread_key_t main_key;

static void
main_thread_ends(void *unused)
{
	(void)unused;
	atomic_store(&main_ended, 1);
}

/* On the main thread, at start-up. */
void
rt_last_init(void)
{
	if (getpid() != (pid_t)syscall(SYS_gettid))
		return;
	if (pthread_key_create(&main_key, main_thread_ends) == 0)
		pthread_setspecific(main_key, &main_key);
}

/*
 * Field 3 (the state of main, the thread group's leader) and field 20
 * (how many threads, the zombie leader included) of /proc/self/stat:
 * true when main is a zombie and the caller is the one live thread.
 */
static bool
alone_after_main(void)
{
	char buf[1024], *p;
	ssize_t n;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC), field;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	syscall(SYS_close, fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* the name in parentheses may hold anything */
	if (p == NULL || p[1] != ' ' || p[2] != 'Z')
		return false;
	for (field = 3, p += 2; field < 20 && p != NULL; field++)
		if ((p = strchr(p, ' ')) != NULL)
			p++;
	return p != NULL && strtol(p, NULL, 10) == 2;
}

/* From the flusher, each period. */
void
rt_last_check(void)
{
	if (atomic_load_explicit(&main_ended, memory_order_relaxed) &&
	    alone_after_main())
		exit(0);
}
