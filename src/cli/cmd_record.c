/*
 * cmd_record.c — `stackheap record -o TRACE -- PROG [ARGS...]`: the stream
 * of a run, written to a file as it arrives.  The file is the same stream
 * the viewer reads live, plus the end record (how the program ended), so
 * dumping it prints what a live dump prints.  Only whole records are
 * written: a record cut short by the program's death is left out, with a
 * warning, and the end record still follows.  A stream that turns
 * corrupt keeps its good prefix (without an end record: it reads as
 * damaged), is said, and the exit status is 1.  The
 * file is readable by its owner only: a trace holds the program's memory.
 * It is created (see cli_output.c) before the program starts, so a bad -o
 * is an error before the program has done anything.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "wire/wire_encode.h"

#define CHUNK (1u << 20)

struct recorder {
	int		 out;
	uint8_t		*buf;		/* bytes not yet written */
	size_t		 len, cap;
	bool		 header_seen;
	uint64_t	 written;
	char		*cause;
	bool		 corrupt;	/* cause is the stream's damage */
};

static bool
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Length of the prefix of buf made of whole records (after the header). */
static size_t
whole_records(struct recorder *r)
{
	size_t at = 0;
	bool bad;

	if (!r->header_seen) {
		if (r->len < SH_WIRE_HEADER_LEN)
			return 0;
		if (wire_decode_header(r->buf, r->len, &r->cause) != WIRE_OK)
			return 0;
		r->header_seen = true;
		at = SH_WIRE_HEADER_LEN;
	}
	return wire_whole_records(r->buf, r->len, at, &bad, &r->cause);
}

/*
 * Writes out the whole records in the buffer, keeping a partial one.  At
 * damage, the records before it are written all the same: the trace keeps
 * the good prefix, and the caller says where it ends.
 */
static bool
write_whole(struct recorder *r)
{
	size_t whole = whole_records(r);

	if (!write_all(r->out, r->buf, whole)) {
		free(r->cause);
		if (asprintf(&r->cause, "cannot write the trace: %s",
		    strerror(errno)) < 0)
			r->cause = NULL;
		return false;
	}
	memmove(r->buf, r->buf + whole, r->len - whole);
	r->len -= whole;
	r->written += whole;
	if (r->cause != NULL) {
		r->corrupt = true;
		r->len = 0;
		return false;
	}
	return true;
}

static bool
take(struct recorder *r, const uint8_t *p, size_t n)
{
	if (r->len + n > r->cap) {
		while (r->len + n > r->cap)
			r->cap = r->cap ? r->cap * 2 : CHUNK * 2;
		r->buf = realloc(r->buf, r->cap);
		if (r->buf == NULL)
			abort();
	}
	memcpy(r->buf + r->len, p, n);
	r->len += n;
	return write_whole(r);
}

/*
 * Reads the rest of a damaged stream, to nowhere: the program runs to its
 * end (closing the pipe would kill it with SIGPIPE), so its status is known.
 */
static void
drain(struct recorder *r, int fd)
{
	ssize_t n;

	while ((n = read(fd, r->buf, r->cap)) != 0)
		if (n < 0 && errno != EINTR)
			return;
}

/* Reads straight into the buffer, after the partial record left there. */
static bool
pump(struct recorder *r, int fd)
{
	ssize_t n;

	for (;;) {
		if (r->cap - r->len < CHUNK) {
			r->cap = r->len + CHUNK * 2;
			r->buf = realloc(r->buf, r->cap);
			if (r->buf == NULL)
				abort();
		}
		n = read(fd, r->buf + r->len, r->cap - r->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return true;
		r->len += (size_t)n;
		if (!write_whole(r)) {
			if (r->corrupt)
				drain(r, fd);
			return false;
		}
	}
}

/*
 * The stream ended inside a record (the program died writing it, or its
 * last write was cut): that record is left out, with a warning, so that
 * the end record that follows is read as one.
 */
static void
drop_partial(struct recorder *r, const char *path)
{
	if (!r->header_seen || r->len == 0)
		return;
	cli_error("warning: %s: the stream ended inside a record; its %zu "
	    "bytes are left out", path, r->len);
	r->len = 0;
}

static const char *
how_text(enum sh_end_how how, int value, char *buf, size_t n)
{
	if (how == SH_END_SIGNALED)
		snprintf(buf, n, "was killed by signal %d", value);
	else
		snprintf(buf, n, "exited %d", value);
	return buf;
}

static void
usage(FILE *to)
{
	fputs("usage: stackheap record -o TRACE [--stdin FILE] -- PROG [ARGS...]\n",
	    to);
}

int
cmd_record(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "stdin", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_spawn_opts spawn = { .inherit_stdin = true };
	struct recorder r = { .out = -1 };
	struct cli_child child;
	const char *path = NULL;
	enum sh_end_how how;
	uint8_t end[WIRE_END_RECORD_MAX];
	char *cause = NULL;
	int c, value;
	bool ok, created;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+o:", longs, NULL)) != -1) {
		switch (c) {
		case 'o': path = optarg; break;
		case 'i': spawn.stdin_path = optarg; spawn.inherit_stdin = false; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	optind = cli_args_after_options(argc, argv);
	if (path == NULL || optind >= argc || strcmp(argv[optind], "--") != 0 ||
	    optind + 1 >= argc) {
		cli_error("record: %s", path == NULL ? "no output file (-o TRACE)" :
		    "no program given after '--'");
		usage(stderr);
		return 2;
	}
	r.out = cli_create_output(path, "cannot create trace", &created, &cause);
	if (r.out < 0) {
		cli_error("%s", cause);
		free(cause);
		return 1;
	}
	if (!cli_spawn(argv + optind + 1, &spawn, &child, &cause)) {
		cli_error("%s", cause);
		free(cause);
		close(r.out);
		if (created)	/* nothing ran: leave no empty trace behind */
			unlink(path);
		return 1;
	}
	if (child.untraced != NULL)
		cli_error("warning: %s: %s", argv[optind + 1], child.untraced);
	ok = pump(&r, child.stream_fd);
	close(child.stream_fd);
	cli_wait(&child, &how, &value);
	if (ok)
		drop_partial(&r, path);
	if (ok && r.header_seen)
		ok = take(&r, end, wire_end_record(end, how,
		    (uint64_t)(value < 0 ? 0 : value)));
	if (r.corrupt) {	/* the good prefix is kept; the rest is said */
		/* the decoder's "at byte N" counts from our buffer, not the file */
		const char *why = strstr(r.cause, ": ");
		char status[48];

		cli_error("%s: the program's stream is damaged after byte %llu "
		    "(%s): the trace keeps what came before; the program %s",
		    path, (unsigned long long)r.written, why != NULL ? why + 2 :
		    r.cause, how_text(how, value, status, sizeof status));
		free(r.cause);
		close(r.out);
		free(r.buf);
		return 1;
	}
	if (ok && !r.header_seen && asprintf(&r.cause, "the program sent no "
	    "events (is it dynamically linked?)") < 0)
		r.cause = NULL;
	close(r.out);
	free(r.buf);
	if (r.cause != NULL || !ok) {
		cli_error("%s", r.cause != NULL ? r.cause : "recording failed");
		free(r.cause);
		return 1;
	}
	return 0;
}
