/*
 * rt_output.c — the program's output, in the event stream.
 *
 * Output shows at the step that wrote it only if it travels with the
 * steps: a separate pipe is read whenever the viewer gets to it, and
 * stdio holds back what it buffers until a newline, a full buffer or the
 * exit.  So when the viewer asks (STACKHEAP_OUTPUT), what the program
 * writes to its standard output and error becomes SH_REC_OUTPUT records,
 * put into the stream between the events around it:
 *   - stdout and stderr are replaced, before main, by unbuffered streams
 *     of our own (fopencookie) whose writes come here: glibc's stdio
 *     writes with its internal write, which no interposer sees.  Their
 *     fileno is still 1 and 2, so fileno() and isatty() answer as before;
 *     a setvbuf on them is accepted and ignored, or a program's full
 *     buffering would put its output at the end again;
 *   - write() to fd 1 or 2 comes here too.
 * "take" sends the bytes only in the stream (the viewer shows them);
 * "tee" also writes them to the fd (`record`: the user sees the run).
 * Whatever is not ours to take goes to the fd as it would have: a fork's
 * child, a disabled runtime, a thread inside the runtime, an fd the
 * program has since dup2'd or closed, output beyond the cap in "tee".
 * After SH_WIRE_OUTPUT_CAP bytes the stream says the output was cut; in
 * "take" the rest is dropped (a viewer keeps no more of it either).
 * The streams are made at start-up, with the guard held: our one use of
 * stdio, and its malloc is not the program's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt_internal.h"

enum { OUT_OFF, OUT_TAKE, OUT_TEE };

static int out_mode;
static volatile int taken[3];	/* fd 1, 2: still what the viewer gave */
static FILE *ours[3];		/* our streams for them */
static size_t out_sent;		/* bytes sent in the stream, all told */
static int out_cut;

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_setvbuf)(FILE *, char *, int, size_t);
static FILE *(*real_freopen)(const char *, const char *, FILE *);


/* All of it to the fd itself, as the program's write would have. */
static ssize_t
write_fd(int fd, const char *p, size_t n)
{
	size_t done = 0;
	ssize_t k;

	while (done < n) {
		k = syscall(SYS_write, fd, p + done, n - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return done > 0 ? (ssize_t)done : -1;
		done += (size_t)k;
	}
	return (ssize_t)done;
}

/* The one marker, then nothing more. */
static void
send_cut(int fd)
{
	uint8_t *p;

	out_cut = 1;
	if ((p = rt_rec_open(SH_REC_OUTPUT, 8)) != NULL)
		rt_rec_close(wire_enc_output(p, (uint64_t)fd, NULL, 0,
		    SH_OUTPUT_CUT));
}

static void
send_locked(int fd, const char *p, size_t n)
{
	uint8_t *rec;
	size_t k;

	while (n > 0 && !out_cut) {
		k = n < SH_WIRE_MAX_OUTPUT ? n : SH_WIRE_MAX_OUTPUT;
		if (out_sent + k > SH_WIRE_OUTPUT_CAP) {
			send_cut(fd);
			return;
		}
		if ((rec = rt_rec_open(SH_REC_OUTPUT, 16 + k)) == NULL)
			return;
		rt_rec_close(wire_enc_output(rec, (uint64_t)fd, p, k, 0));
		out_sent += k;
		p += k;
		n -= k;
	}
}

/* Into the stream; false if it is not ours to take (write it out). */
static bool
send_output(int fd, const char *p, size_t n)
{
	if (out_mode == OUT_OFF || fd < 1 || fd > 2 || !taken[fd] ||
	    !rt_enter())
		return false;
	if (rt_self() == NULL) {
		rt_leave();
		return false;
	}
	rt_lock();
	send_locked(fd, p, n);
	rt_unlock();
	rt_leave();
	return rt_mode_is(RT_ON);
}

static ssize_t
output(int fd, const char *p, size_t n)
{
	if (send_output(fd, p, n) && out_mode == OUT_TAKE)
		return (ssize_t)n;
	return write_fd(fd, p, n);
}

static ssize_t
stream_write(void *cookie, const char *p, size_t n)
{
	return output((int)(intptr_t)cookie, p, n);
}

/* fclose(stdout) closes fd 1, as it would have. */
static int
stream_close(void *cookie)
{
	int fd = (int)(intptr_t)cookie;

	taken[fd] = 0;
	ours[fd] = NULL;
	return (int)syscall(SYS_close, fd);
}

static FILE *
own_stream(FILE *was, int fd)
{
	cookie_io_functions_t io = { NULL, stream_write, NULL, stream_close };
	FILE *f = fopencookie((void *)(intptr_t)fd, "w", io);

	if (f == NULL || RT_REAL(setvbuf) == NULL)
		return was;
	fflush(was);
	real_setvbuf(f, NULL, _IONBF, 0);
	f->_fileno = fd;	/* glibc's: fileno(stdout) is still 1 */
	ours[fd] = f;
	taken[fd] = 1;
	return f;
}

void
rt_capture_init(void)
{
	const char *mode = secure_getenv("STACKHEAP_OUTPUT");

	RT_REAL(write);	/* now, not on the flusher thread's first write */
	if (mode == NULL)
		return;
	out_mode = strcmp(mode, "tee") == 0 ? OUT_TEE : OUT_TAKE;
	stdout = own_stream(stdout, STDOUT_FILENO);
	stderr = own_stream(stderr, STDERR_FILENO);
}

/* fd now names something else (dup2, close): it goes there untouched. */
void
rt_output_forget(int fd)
{
	if (fd >= 1 && fd <= 2)
		taken[fd] = 0;
}

static bool
is_ours(FILE *f)
{
	return f != NULL && (f == ours[1] || f == ours[2]);
}

RT_API ssize_t
write(int fd, const void *p, size_t n)
{
	if (out_mode != OUT_OFF && (fd == 1 || fd == 2) && taken[fd])
		return output(fd, p, n);
	if (RT_REAL(write) == NULL)
		return syscall(SYS_write, fd, p, n);
	return real_write(fd, p, n);
}

RT_API int
setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	if (is_ours(f))
		return 0;	/* unbuffered: each write shows at its step */
	if (RT_REAL(setvbuf) == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real_setvbuf(f, buf, mode, size);
}

/* glibc's setbuf family does not go through setvbuf. */
RT_API void
setbuf(FILE *f, char *buf)
{
	setvbuf(f, buf, buf != NULL ? _IOFBF : _IONBF, BUFSIZ);
}

RT_API void
setbuffer(FILE *f, char *buf, size_t size)
{
	setvbuf(f, buf, buf != NULL ? _IOFBF : _IONBF, size);
}

RT_API void
setlinebuf(FILE *f)
{
	setvbuf(f, NULL, _IOLBF, 0);
}

/* stdout reopened on a file: fd 1 is that file from now on. */
RT_API FILE *
freopen(const char *path, const char *mode, FILE *f)
{
	if (is_ours(f))
		taken[fileno(f)] = 0;
	if (RT_REAL(freopen) == NULL) {
		errno = ENOSYS;
		return NULL;
	}
	return real_freopen(path, mode, f);
}
