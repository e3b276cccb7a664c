/*
 * prog_rawclose — closes descriptors behind close()'s back, with the raw
 * system call.  "one": the lowest of the runtime's (the stream), then
 * puts /dev/null at its number; the 4545 bytes allocated after must be
 * recorded.  "all": every descriptor above stderr; the trace then ends,
 * and standard error must say so.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FD_FIRST_OURS 900	/* RT_FD_MIN in rt_core.c */

int
main(int argc, char **argv)
{
	int null = open("/dev/null", O_WRONLY), fd;
	char *p;

	if (null < 0 || argc < 2)
		return 1;
	free(malloc(4444));
	if (strcmp(argv[1], "one") == 0) {
		for (fd = FD_FIRST_OURS; fcntl(fd, F_GETFD) < 0 && fd < 1024; fd++)
			;
		syscall(SYS_close, fd);
		syscall(SYS_dup3, null, fd, 0);
	} else {
		for (fd = 3; fd < 1024; fd++)
			syscall(SYS_close, fd);
	}
	p = malloc(4545);
	if (p == NULL)
		return 1;
	free(p);
	return 0;
}
