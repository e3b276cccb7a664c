/*
 * rt_fds.c — keeping the runtime's file descriptors (the event stream, and
 * the viewer's end of the output pipe) safe from the program.
 *
 * A program that closes every descriptor (a daemon, a shell's child
 * clean-up) would cut the stream; one that dup2s onto our number would
 * get our events in its file.  So closing ours is made a silent no-op,
 * and a dup2 onto ours first moves ours away.  A raw close(2) syscall
 * gets past this: then a spare of the stream takes over, and when that is
 * gone too the trace ends with a word on standard error (rt_core.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt_internal.h"

static int (*real_close)(int);
static int (*real_dup2)(int, int);
static int (*real_dup3)(int, int, int);
static int (*real_close_range)(unsigned, unsigned, int);


RT_API int
close(int fd)
{
	if (rt_mode_is(RT_ON) && rt_fd_is_ours(fd))
		return 0;
	rt_output_forget(fd);
	if (RT_REAL(close) == NULL)
		return (int)syscall(SYS_close, fd);
	return real_close(fd);
}

RT_API int
dup2(int from, int to)
{
	if (rt_mode_is(RT_ON) && from != to && rt_fd_is_ours(to))
		rt_fd_move(to);
	if (from != to)
		rt_output_forget(to);
	if (RT_REAL(dup2) == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real_dup2(from, to);
}

RT_API int
dup3(int from, int to, int flags)
{
	if (rt_mode_is(RT_ON) && from != to && rt_fd_is_ours(to))
		rt_fd_move(to);
	if (from != to)
		rt_output_forget(to);
	if (RT_REAL(dup3) == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real_dup3(from, to, flags);
}

static int
close_range_raw(unsigned first, unsigned last, int flags)
{
	if (RT_REAL(close_range) != NULL)
		return real_close_range(first, last, flags);
	return (int)syscall(SYS_close_range, first, last, flags);
}

/* Closes [first, last] around our descriptors. */
RT_API int
close_range(unsigned first, unsigned last, int flags)
{
	int ours[RT_FDS_MAX], n, i, rc = 0;

	n = rt_mode_is(RT_ON) ? rt_fds_ours(ours) : 0;
	for (i = 0; i < n; i++) {
		unsigned fd = (unsigned)ours[i];

		if (fd < first || fd > last)
			continue;
		if (fd > first && close_range_raw(first, fd - 1, flags) != 0)
			rc = -1;
		first = fd + 1;
	}
	if (first <= last && close_range_raw(first, last, flags) != 0)
		rc = -1;
	return rc;
}

RT_API void
closefrom(int lowfd)
{
	close_range(lowfd < 0 ? 0 : (unsigned)lowfd, ~0u, 0);
}
