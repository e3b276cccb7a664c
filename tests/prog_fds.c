/*
 * prog_fds — a program that is rough with file descriptors, as daemons
 * and shells are: closes every one above stderr, dup2s onto high numbers,
 * then allocates 4242 bytes, which must still reach the viewer.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int
main(void)
{
	int fd, null = open("/dev/null", O_WRONLY);
	char *p;

	for (fd = 3; fd < 1100; fd++)
		if (fd != null)
			close(fd);
	for (fd = 890; fd < 910; fd++)
		dup2(null, fd);
	closefrom(1000);
	p = malloc(4242);
	if (p == NULL)
		return 1;
	free(p);
	/* the descriptors the program made are its own */
	return write(900, "x", 1) == 1 ? 0 : 2;
}
