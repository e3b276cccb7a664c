/*
 * cli_output.c — creating the files we write: traces and exports.
 *
 * Both hold the program's memory, so they are their owner's alone (0600,
 * an older file of ours included), and they often go to shared places
 * such as /tmp, where anyone can leave a name ready for us.  So the last
 * component of the path is never followed if it is a symbolic link, a
 * file belonging to someone else is never written into, and a file with
 * other hard links is left alone (the other name may be one of ours that
 * someone linked there).  A character device (/dev/null, a terminal) is
 * written to as it is: nobody can plant one without privileges.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/* Why an open of path for writing failed, in the user's words. */
static char *
open_failure(const char *what, const char *path, int e)
{
	if (e == ELOOP)
		return cli_format("%s '%s': it is a symbolic link, which is not "
		    "followed", what, path);
	if (e == ENXIO)		/* a FIFO nobody reads, a socket */
		return cli_format("%s '%s': not a regular file", what, path);
	return cli_format("%s '%s': %s", what, path, strerror(e));
}

/*
 * Checks a file that was already there and makes it ours to write: empty
 * and 0600.  The checks are on the open file, so nothing can be swapped in
 * between them and the writing.
 */
static bool
take_existing(int fd, const char *what, const char *path, char **cause)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		*cause = open_failure(what, path, errno);
		return false;
	}
	if (S_ISCHR(st.st_mode))
		return true;
	if (!S_ISREG(st.st_mode))
		*cause = cli_format("%s '%s': not a regular file", what, path);
	else if (st.st_uid != geteuid())
		*cause = cli_format("%s '%s': it belongs to another user "
		    "(not replaced)", what, path);
	else if (st.st_nlink > 1)
		*cause = cli_format("%s '%s': it has other hard links "
		    "(not replaced)", what, path);
	else if (fchmod(fd, 0600) != 0 || ftruncate(fd, 0) != 0)
		*cause = open_failure(what, path, errno);
	return *cause == NULL;
}

int
cli_create_output(const char *path, const char *what, bool *created,
    char **cause)
{
	/* O_NONBLOCK: a FIFO without a reader must not hang us in open */
	int flags = O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
	int fd = -1, tries;

	*created = false;
	*cause = NULL;
	for (tries = 0; tries < 3 && fd < 0; tries++) {
		fd = open(path, flags | O_CREAT | O_EXCL, 0600);
		if (fd >= 0) {
			*created = true;
			break;
		}
		if (errno != EEXIST)
			break;
		fd = open(path, flags);
		if (fd < 0 && errno != ENOENT)	/* ENOENT: gone meanwhile */
			break;
	}
	if (fd < 0) {
		*cause = open_failure(what, path, errno);
		return -1;
	}
	if (!*created && !take_existing(fd, what, path, cause)) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}
