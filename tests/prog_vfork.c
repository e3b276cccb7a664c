/*
 * prog_vfork — the usual way to start a program: vfork, exec, and _exit in
 * the child when the exec fails.  The child runs on its parent's memory
 * until it ends; the parent's trace must go on after it: the 7007 bytes
 * it allocates then must be recorded.  Exits 0 when the child did fail.
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t pid;
	char *p;
	int status;

	pid = vfork();
	if (pid == 0) {
		execl("/nonexistent/stackheap-test", "stackheap-test", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	p = malloc(7007);
	if (p == NULL)
		return 1;
	free(p);
	return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? 0 : 2;
}
