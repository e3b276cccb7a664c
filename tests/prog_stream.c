/*
 * prog_stream — a program that writes into its own trace stream, as a
 * stray write or a child sharing the descriptor would: after a step of
 * its own it either sends half a record and dies by SIGKILL ("cut"), or
 * sends a record too long to be one and runs on to exit 3 ("corrupt").
 * The stream is the highest write-only pipe: the runtime keeps it at 900
 * or above, out of the program's way.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stackheap.h>

static int
stream_fd(void)
{
	struct stat st;
	int fd;

	for (fd = 4095; fd > 2; fd--)
		if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
		    (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY)
			return fd;
	return -1;
}

int
main(int argc, char **argv)
{
	/* a string record (type 4) that claims 200 bytes, or 2^28 */
	static const unsigned char half[] = { 4, 0xc8, 0x01, 1, 2, 3 };
	static const unsigned char huge[] = { 4, 0xff, 0xff, 0xff, 0x7f, 0 };
	char *p = malloc(16);
	int fd = stream_fd();

	if (p == NULL || fd < 0 || argc < 2)
		return 1;
	SH_STEP();	/* what came so far is written out now */
	if (strcmp(argv[1], "cut") == 0) {
		if (write(fd, half, sizeof half) != sizeof half)
			return 1;
		kill(getpid(), SIGKILL);
	}
	if (write(fd, huge, sizeof huge) != sizeof huge)
		return 1;
	free(p);
	p = malloc(32);
	free(p);
	return 3;
}
