/*
 * count.c — counts the records of a stackheap trace by type, for bench/run's
 * events per second and bytes per event.  It only walks the framing (type,
 * length, skip the payload; a record whose size its type tells has no
 * length: sh_wire_fixed_size), so it
 * reads a trace of billions of events at disk speed without building any
 * model.
 *
 * Usage: count TRACE.  Prints one line of name=value pairs: records (all of
 * them), push, pop, alloc, free, realloc, line, other, bytes (the file's
 * size).
 * Exits 1 on an unreadable or malformed trace.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stackheap-wire.h"

#define CHUNK (4u << 20)

struct reader {
	int		 fd;
	uint8_t		 buf[CHUNK];
	size_t		 at, len;
	uint64_t	 consumed;	/* bytes before buf[0] */
};

/* The next byte of the file, or -1 at its end or on an error. */
static int
next_byte(struct reader *r)
{
	ssize_t n;

	if (r->at == r->len) {
		r->consumed += r->len;
		r->at = r->len = 0;
		do
			n = read(r->fd, r->buf, sizeof r->buf);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		r->len = (size_t)n;
	}
	return r->buf[r->at++];
}

static int
read_uvarint(struct reader *r, uint64_t *v)
{
	unsigned shift;
	int c;

	*v = 0;
	for (shift = 0; shift < 64; shift += 7) {
		if ((c = next_byte(r)) < 0)
			return -1;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

/* Skips n bytes, within the buffer or by seeking past it. */
static int
skip(struct reader *r, uint64_t n)
{
	uint64_t left = r->len - r->at;

	if (n <= left) {
		r->at += n;
		return 0;
	}
	r->consumed += r->len + (n - left);
	r->at = r->len = 0;
	return lseek(r->fd, (off_t)(n - left), SEEK_CUR) < 0 ? -1 : 0;
}

static struct reader reader;

int
main(int argc, char **argv)
{
	uint64_t by_type[SH_REC_TYPE_MAX + 1] = { 0 }, records = 0, other, len;
	struct reader *r = &reader;
	uint8_t header[SH_WIRE_HEADER_LEN];
	struct stat st;
	size_t i;
	int type;

	if (argc != 2) {
		fputs("usage: count TRACE\n", stderr);
		return 2;
	}
	if ((r->fd = open(argv[1], O_RDONLY)) < 0) {
		fprintf(stderr, "count: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (i = 0; i < sizeof header; i++) {
		if ((type = next_byte(r)) < 0)
			break;
		header[i] = (uint8_t)type;
	}
	if (i < sizeof header || memcmp(header, SH_WIRE_MAGIC, SH_WIRE_MAGIC_LEN) != 0) {
		fprintf(stderr, "count: %s: not a stackheap trace\n", argv[1]);
		return 1;
	}
	while ((type = next_byte(r)) >= 0) {
		size_t fixed = sh_wire_fixed_size((uint8_t)type);
		bool bad;

		type = sh_wire_record_type((uint8_t)type);
		if (fixed != 0)
			bad = fixed > 1 && skip(r, fixed - 1) != 0;
		else
			bad = read_uvarint(r, &len) != 0 ||
			    len > SH_WIRE_MAX_PAYLOAD || skip(r, len) != 0;
		if (bad) {
			fprintf(stderr, "count: %s: malformed record at byte %" PRIu64 "\n",
			    argv[1], r->consumed + r->at);
			return 1;
		}
		if (type >= 1 && type <= SH_REC_TYPE_MAX)
			by_type[type]++;
		records++;
	}
	if (fstat(r->fd, &st) != 0 || (uint64_t)st.st_size != r->consumed) {
		fprintf(stderr, "count: %s: the last record is cut short\n", argv[1]);
		return 1;
	}
	other = records - by_type[SH_REC_PUSH] - by_type[SH_REC_POP] -
	    by_type[SH_REC_ALLOC] - by_type[SH_REC_FREE] - by_type[SH_REC_REALLOC] -
	    by_type[SH_REC_LINE];
	printf("records=%" PRIu64 " push=%" PRIu64 " pop=%" PRIu64 " alloc=%" PRIu64
	    " free=%" PRIu64 " realloc=%" PRIu64 " line=%" PRIu64 " other=%" PRIu64
	    " bytes=%" PRIu64 "\n",
	    records, by_type[SH_REC_PUSH], by_type[SH_REC_POP], by_type[SH_REC_ALLOC],
	    by_type[SH_REC_FREE], by_type[SH_REC_REALLOC], by_type[SH_REC_LINE], other,
	    r->consumed);
	close(r->fd);
	return 0;
}
