/*
 * prog_spawn — starts a program as a shell would (fork, then exec) and
 * waits for it.  Built dynamic (traced) and static (which the runtime
 * cannot get into): in neither may the child stream into its parent's
 * stream, nor see our variables.
 *
 *   prog_spawn CHILD   allocates 6464 bytes, runs "CHILD child", exits
 *                      with its status, or 5 if it saw our variables
 *                      itself (only the runtime may, and removes them)
 *   prog_spawn child   exits 4 if it sees our variables or our runtime in
 *                      LD_PRELOAD; else allocates 6363 bytes, exits 0
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int
sees_our_variables(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return getenv("STACKHEAP_FD") != NULL ||
	    getenv("STACKHEAP_ORIG_LD_PRELOAD") != NULL ||
	    getenv("STACKHEAP_OUTPUT_FD") != NULL ||
	    (preload != NULL && strstr(preload, "libstackheap") != NULL);
}

static int
allocate(size_t n)
{
	char *p = malloc(n);

	if (p == NULL)
		return 1;
	p[0] = 1;
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	pid_t pid;
	int status, saw;

	if (argc != 2)
		return 2;
	if (strcmp(argv[1], "child") == 0)
		return sees_our_variables() ? 4 : allocate(6363);
	saw = sees_our_variables();	/* the child runs anyway: leaks show */
	if (allocate(6464) != 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		execl(argv[1], argv[1], "child", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	if (!WIFEXITED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) : saw ? 5 : 0;
}
