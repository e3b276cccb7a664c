/*
 * forks.c — an OS-course fork: the child allocates and calls a function,
 * the parent waits for it.  The stream does not follow the child; the
 * parent's trace says so at the fork.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int
child_work(void)
{
	char *p = malloc(7777);

	free(p);
	return 3;
}

int
main(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(child_work());
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	return WEXITSTATUS(status) == 3 ? 0 : 1;
}
