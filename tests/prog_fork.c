/*
 * prog_fork — forks; the child allocates 7777 bytes and calls a function,
 * which must not show up in the parent's stream, nor corrupt it.  The
 * parent then allocates 8888 bytes, which must.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int
child_work(void)
{
	char *p = malloc(7777);

	if (p == NULL)
		return 1;
	p[0] = 1;
	free(p);
	return 0;
}

int
main(void)
{
	char *p;
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(child_work());
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	p = malloc(8888);
	if (p == NULL)
		return 1;
	free(p);
	return WEXITSTATUS(status);
}
