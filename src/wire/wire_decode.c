/*
 * wire_decode.c — checks and decodes records of the stackheap stream.
 *
 * Each record type's field layout is SH_WIRE_RECORDS' (stackheap-wire.h).
 * Decoding walks the layout over the payload; anything
 * that does not fit (a varint running past the payload or over 64 bits, a
 * length beyond its limit, a record claiming more than SH_WIRE_MAX_PAYLOAD)
 * is an error at the record's offset.  Bytes after the known fields are
 * skipped: a newer writer may append fields.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/wire_decode.h"

struct layout {
	const char	*name;
	const char	*fields;
};

#define LAYOUT(type, name, fields) [type] = { name, fields },
static const struct layout layouts[SH_REC_TYPE_MAX + 1] = {
	SH_WIRE_RECORDS(LAYOUT)
};
#undef LAYOUT

const char *
wire_type_name(unsigned type)
{
	if (type > SH_REC_TYPE_MAX || layouts[type].name == NULL)
		return "?";
	return layouts[type].name;
}

static char	*format_cause(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

static char *
format_cause(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* Reads a varint from p[*at..end); false if it does not fit. */
static bool
get_u(const uint8_t *p, size_t end, size_t *at, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*at < end) {
		uint8_t b = p[(*at)++];

		if (shift == 63 && (b & 0x7e))
			return false;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
		shift += 7;
		if (shift > 63)
			return false;
	}
	return false;
}

static const char *
order_name(uint8_t marker)
{
	return marker == SH_WIRE_BIG ? "big-endian" : "little-endian";
}

/*
 * A well-formed header this host can read: the records' multi-byte fields
 * and addresses are in the writer's byte order and word size.
 */
static enum wire_status
host_header(const uint8_t *buf, char **cause)
{
	uint8_t here[SH_WIRE_HEADER_LEN];

	sh_wire_put_header(here);
	if (buf[10] != here[10]) {
		*cause = format_cause("trace written on a %s host at byte 10 "
		    "(this stackheap reads %s traces)", order_name(buf[10]),
		    order_name(here[10]));
		return WIRE_ERROR;
	}
	if (buf[11] != here[11]) {
		*cause = format_cause("trace written with %u-byte pointers at "
		    "byte 11 (this stackheap reads %u-byte ones)", buf[11],
		    here[11]);
		return WIRE_ERROR;
	}
	return WIRE_OK;
}

enum wire_status
wire_decode_header(const uint8_t *buf, size_t len, char **cause)
{
	unsigned version;

	if (len < SH_WIRE_HEADER_LEN) {
		if (len > 0 && memcmp(buf, SH_WIRE_MAGIC, len < SH_WIRE_MAGIC_LEN ?
		    len : SH_WIRE_MAGIC_LEN) != 0)
			goto bad_magic;
		return WIRE_MORE;
	}
	if (memcmp(buf, SH_WIRE_MAGIC, SH_WIRE_MAGIC_LEN) != 0)
		goto bad_magic;
	version = buf[8] | (unsigned)buf[9] << 8;
	if (version != SH_WIRE_VERSION) {
		*cause = format_cause("unsupported trace version %u at byte 8 "
		    "(this stackheap reads version %u)", version, SH_WIRE_VERSION);
		return WIRE_ERROR;
	}
	if (buf[10] != SH_WIRE_LITTLE && buf[10] != SH_WIRE_BIG) {
		*cause = format_cause("bad endianness marker %u at byte 10",
		    buf[10]);
		return WIRE_ERROR;
	}
	if (buf[11] != 4 && buf[11] != 8) {
		*cause = format_cause("bad pointer size %u at byte 11", buf[11]);
		return WIRE_ERROR;
	}
	return host_header(buf, cause);

bad_magic:
	*cause = format_cause("not a stackheap trace (bad magic at byte 0)");
	return WIRE_ERROR;
}

/* Whether a line record's bytes are whole runs, none past the end. */
static bool
runs_fit(const uint8_t *runs, size_t n)
{
	const uint8_t *bytes;
	uint64_t offset;
	size_t at = 0, len;

	while (at < n)
		if (!sh_wire_next_run(runs, n, &at, &offset, &bytes, &len))
			return false;
	return true;
}

/* Decodes the fields of layout over p[at..end). */
static const char *
decode_fields(const char *fields, const uint8_t *p, size_t at, size_t end,
    struct wire_event *ev)
{
	unsigned nu = 0;
	uint64_t n;
	const char *f;

	for (f = fields; *f != '\0'; f++) {
		if (*f == '?') {
			if (at == end)
				return NULL;
			continue;
		}
		if (!get_u(p, end, &at, &n))
			return "field runs past the record";
		switch (*f) {
		case 'u':
			ev->u[nu++] = n;
			break;
		case 'z':
			ev->u[nu++] = (uint64_t)sh_wire_unzigzag(n);
			break;
		case 's':
			if (n > SH_WIRE_MAX_STRING || n > end - at)
				return "string too long";
			ev->str = (const char *)p + at;
			ev->str_len = (size_t)n;
			at += (size_t)n;
			break;
		case 'b':
		case 'r':
			if (n > SH_WIRE_MAX_MEM || n > end - at)
				return "byte field too long";
			ev->bytes = p + at;
			ev->nbytes = (size_t)n;
			at += (size_t)n;
			if (*f == 'r' && !runs_fit(ev->bytes, ev->nbytes))
				return "bad run of stack bytes";
			break;
		case 'd':
			if (n > SH_WIRE_MAX_FRAMES)
				return "too many call-site frames";
			for (ev->npcs = 0; ev->npcs < n; ev->npcs++)
				if (!get_u(p, end, &at, &ev->pcs[ev->npcs]))
					return "field runs past the record";
			if (n > 0)
				ev->pcs[0] = (uint64_t)sh_wire_unzigzag(ev->pcs[0]);
			break;
		}
	}
	return NULL;
}

/*
 * A cached line step (stackheap-wire.h): its slot, and the one run of its
 * payload, if it has one — an offset, then bytes to the payload's end, or
 * only bytes, at the slot's place.
 */
static const char *
decode_cached_line(uint8_t first, const uint8_t *p, size_t at, size_t end,
    struct wire_event *ev)
{
	ev->u[W_LINE_CACHED] = (first & (SH_WIRE_LINE_SLOTS - 1)) + 1u;
	if (first & SH_WIRE_EMPTY)
		return NULL;
	if (first >= SH_WIRE_PLACED_LINE1)
		ev->u[W_LINE_PLACED] = 1;
	else if (!get_u(p, end, &at, &ev->u[W_LINE_RUN]))
		return "field runs past the record";
	if (end - at > SH_WIRE_MAX_MEM)
		return "byte field too long";
	ev->bytes = p + at;
	ev->nbytes = end - at;
	return NULL;
}

/* The type and length of the record at pos: the payload is [*at, *end). */
static enum wire_status
frame_record(const uint8_t *buf, size_t len, size_t pos, size_t *at,
    size_t *end, char **cause)
{
	uint8_t type = sh_wire_record_type(buf[pos]);
	uint64_t payload;
	size_t fixed;

	*at = pos + 1;
	if (type == 0 || type > SH_REC_TYPE_MAX || layouts[type].fields == NULL) {
		*cause = format_cause("corrupt trace at byte %zu: unknown record "
		    "type %u", pos, buf[pos]);
		return WIRE_ERROR;
	}
	if ((fixed = sh_wire_fixed_size(buf[pos])) != 0) {
		if (fixed > len - pos)
			return WIRE_MORE;
		*end = pos + fixed;
		return WIRE_OK;
	}
	if (!get_u(buf, len, at, &payload)) {
		if (len - pos - 1 < 10)
			return WIRE_MORE;
		*cause = format_cause("corrupt trace at byte %zu: bad record "
		    "length", pos);
		return WIRE_ERROR;
	}
	if (payload > SH_WIRE_MAX_PAYLOAD) {
		*cause = format_cause("corrupt trace at byte %zu: %s record of "
		    "%llu bytes is over the limit", pos, layouts[type].name,
		    (unsigned long long)payload);
		return WIRE_ERROR;
	}
	if (payload > len - *at)
		return WIRE_MORE;
	*end = *at + (size_t)payload;
	return WIRE_OK;
}

enum wire_status
wire_skip_at(const uint8_t *buf, size_t len, size_t pos, size_t *size,
    char **cause)
{
	enum wire_status st;
	size_t at, end;

	st = frame_record(buf, len, pos, &at, &end, cause);
	if (st == WIRE_OK)
		*size = end - pos;
	return st;
}

/*
 * Whether all 8 bytes of x are one-byte frame records: a cached push
 * (both top bits set) or a pop.  Word at a time, because runs of them are
 * nearly the whole of a large trace.
 */
static inline bool
all_frame_bytes(uint64_t x)
{
	const uint64_t high = 0x8080808080808080ull, low7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t cached = x & (x << 1) & high;
	uint64_t y = x ^ (0x0101010101010101ull * (SH_REC_POP | SH_WIRE_EMPTY));
	uint64_t pop = ~(((y & low7) + low7) | y) & high;

	return (cached | pop) == high;
}

/*
 * The recorder's loop, over every record of a run: one-byte frame records
 * and records whose length fits one byte (nearly all of them) are stepped
 * over right here.
 */
size_t
wire_whole_records(const uint8_t *buf, size_t len, size_t pos, bool *bad,
    char **cause)
{
	size_t size;

	*bad = false;
	while (pos < len) {
		uint8_t type = buf[pos], n;
		uint64_t word;

		if (sh_wire_is_cached_line(type) &&
		    (n = (uint8_t)sh_wire_fixed_size(type)) != 0) {
			if (pos + n > len)
				break;
			pos += n;
			continue;
		}
		if (type == (SH_REC_POP | SH_WIRE_EMPTY) ||
		    type >= SH_WIRE_CACHED_PUSH) {
			pos++;
			while (pos + 8 <= len) {
				memcpy(&word, buf + pos, 8);
				if (!all_frame_bytes(word))
					break;
				pos += 8;
			}
			continue;
		}
		n = pos + 1 < len ? buf[pos + 1] : 0x80;
		if (n < 0x80 && ((type != 0 && type <= SH_REC_TYPE_MAX &&
		    layouts[type].fields != NULL) || sh_wire_is_cached_line(type))) {
			if (pos + 2 + n > len)
				break;
			pos += 2 + (size_t)n;
			continue;
		}
		switch (wire_skip_at(buf, len, pos, &size, cause)) {
		case WIRE_OK:
			pos += size;
			continue;
		case WIRE_ERROR:
			*bad = true;
			return pos;
		default:
			return pos;
		}
	}
	return pos;
}

bool
wire_decode_push(const uint8_t *buf, size_t len, size_t pos,
    struct wire_push *push, size_t *record_size)
{
	size_t at = pos + 2, end;
	uint64_t v;
	int i;

	if (buf[pos] != SH_REC_PUSH || pos + 2 > len || buf[pos + 1] >= 0x80)
		return false;
	end = at + buf[pos + 1];
	if (end > len)
		return false;
	for (i = 0; i < 3; i++) {
		if (!get_u(buf, end, &at, &v))
			return false;
		push->diff[i] = sh_wire_unzigzag(v);
	}
	if (!get_u(buf, end, &at, &push->size) || !get_u(buf, end, &at, &v))
		return false;
	push->slot = v;
	*record_size = end - pos;
	return true;
}

enum wire_status
wire_decode_at(const uint8_t *buf, size_t len, size_t pos,
    struct wire_event *ev, char **cause)
{
	enum wire_status st;
	size_t at, end;
	const char *what;
	uint8_t type = sh_wire_record_type(buf[pos]);

	/* every field a layout has is written below; the rest is cleared */
	memset(ev->u, 0, sizeof ev->u);
	ev->str = NULL;
	ev->str_len = 0;
	ev->bytes = NULL;
	ev->nbytes = 0;
	ev->npcs = 0;
	ev->type = type;
	ev->offset = pos;
	if (buf[pos] == (SH_REC_POP | SH_WIRE_EMPTY)) {	/* half of all records */
		ev->size = 1;
		return WIRE_OK;
	}
	if (buf[pos] >= SH_WIRE_CACHED_PUSH) {		/* most of the others */
		ev->u[W_PUSH_CACHED] = buf[pos] - SH_WIRE_CACHED_PUSH + 1u;
		ev->size = 1;
		return WIRE_OK;
	}
	if ((st = frame_record(buf, len, pos, &at, &end, cause)) != WIRE_OK)
		return st;
	what = sh_wire_is_cached_line(buf[pos]) ?
	    decode_cached_line(buf[pos], buf, at, end, ev) :
	    decode_fields(layouts[type].fields, buf, at, end, ev);
	if (what != NULL) {
		*cause = format_cause("corrupt trace at byte %zu: %s record: %s",
		    pos, layouts[type].name, what);
		return WIRE_ERROR;
	}
	ev->size = end - pos;
	return WIRE_OK;
}
