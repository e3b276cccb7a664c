/*
 * check_wire.c — the decoder: round trips of every record type, and every
 * kind of bad input (bad magic, unknown version, bad header fields, an
 * unknown type, an oversized or truncated record, fields running past
 * their record, overlong strings and byte fields, too many frames, a
 * varint over 64 bits, random garbage), each giving an error that names a
 * byte offset, never a crash; and a damaged trace keeping its steps.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model_trace.h"
#include "testlib.h"
#include "stackheap.h"
#include "wire/wire_decode.h"

static enum wire_status
decode_one(const struct tl_stream *s, size_t pos, struct wire_event *ev,
    char **cause)
{
	*cause = NULL;
	return wire_decode_at(s->buf, s->len, pos, ev, cause);
}

START_TEST(header_round_trip)
{
	struct tl_stream s = { 0 };
	char *cause = NULL;

	tl_stream_header(&s);
	ck_assert_int_eq(wire_decode_header(s.buf, s.len, &cause), WIRE_OK);
	ck_assert_int_eq(wire_decode_header(s.buf, 5, &cause), WIRE_MORE);
	tl_stream_free(&s);
}
END_TEST

static void
assert_header_error(size_t at, uint8_t value, const char *words)
{
	struct tl_stream s = { 0 };
	char *cause = NULL;

	tl_stream_header(&s);
	s.buf[at] = value;
	ck_assert_int_eq(wire_decode_header(s.buf, s.len, &cause), WIRE_ERROR);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, words) != NULL, "'%s' lacks '%s'", cause,
	    words);
	free(cause);
	tl_stream_free(&s);
}

START_TEST(header_errors)
{
	assert_header_error(0, 'X', "bad magic at byte 0");
	assert_header_error(8, 99, "version 99 at byte 8");
	assert_header_error(10, 7, "endianness marker 7 at byte 10");
	assert_header_error(11, 3, "pointer size 3 at byte 11");
	/* Well-formed, but from a host of the other byte order or word size. */
	assert_header_error(10, *(const uint8_t *)&(const uint16_t){ 1 } ?
	    SH_WIRE_BIG : SH_WIRE_LITTLE, "host at byte 10");
	assert_header_error(11, sizeof(void *) == 8 ? 4 : 8,
	    "-byte pointers at byte 11");
}
END_TEST

START_TEST(every_record_round_trips)
{
	static const uint64_t pcs[3] = { (uint64_t)-0x40, 0x7f0000001234, 1 };
	static const uint8_t bytes[5] = { 1, 2, 3, 4, 5 };
	struct tl_stream s = { 0 };
	struct wire_event ev;
	char *cause;
	size_t pos = 0;

	tl_rec(&s, SH_REC_PUSH, "zzzuu", (int64_t)0x401136, (int64_t)-16,
	    INT64_MIN, UINT64_MAX, (uint64_t)63);
	tl_rec(&s, SH_REC_ALLOC, "uzud", (uint64_t)SH_ALLOC_CALLOC,
	    (int64_t)-0x55550000, (uint64_t)4096, 3u, pcs);
	tl_rec(&s, SH_REC_VAR, "uuusuuub", (uint64_t)0x7ffc10, (uint64_t)5,
	    (uint64_t)7, "name", (uint64_t)99, (uint64_t)12, (uint64_t)0x401150,
	    bytes, sizeof bytes);
	tl_rec(&s, SH_REC_SAY, "uus", (uint64_t)99, (uint64_t)13, "hello");

	ck_assert_int_eq(decode_one(&s, pos, &ev, &cause), WIRE_OK);
	ck_assert_uint_eq(ev.type, SH_REC_PUSH);
	ck_assert_uint_eq(ev.u[W_PUSH_FN], 0x401136);
	ck_assert_int_eq((int64_t)ev.u[W_PUSH_SITE], -16);
	ck_assert_int_eq((int64_t)ev.u[W_PUSH_LO], INT64_MIN);
	ck_assert_uint_eq(ev.u[W_PUSH_SIZE], UINT64_MAX);
	ck_assert_uint_eq(ev.u[W_PUSH_SLOT], 63);
	ck_assert_uint_eq(ev.u[W_PUSH_CACHED], 0);
	pos += ev.size;
	ck_assert_int_eq(decode_one(&s, pos, &ev, &cause), WIRE_OK);
	ck_assert_uint_eq(ev.u[W_ALLOC_KIND], SH_ALLOC_CALLOC);
	ck_assert_int_eq((int64_t)ev.u[W_ALLOC_ADDR], -0x55550000);
	ck_assert_uint_eq(ev.u[W_ALLOC_SIZE], 4096);
	ck_assert_uint_eq(ev.npcs, 3);
	ck_assert_int_eq((int64_t)ev.pcs[0], -0x40);
	ck_assert_uint_eq(ev.pcs[1], 0x7f0000001234);
	pos += ev.size;
	ck_assert_int_eq(decode_one(&s, pos, &ev, &cause), WIRE_OK);
	ck_assert_uint_eq(ev.str_len, 4);
	ck_assert(memcmp(ev.str, "name", 4) == 0);
	ck_assert_uint_eq(ev.nbytes, 5);
	ck_assert(memcmp(ev.bytes, bytes, 5) == 0);
	ck_assert_uint_eq(ev.u[W_VAR_PC], 0x401150);
	pos += ev.size;
	ck_assert_int_eq(decode_one(&s, pos, &ev, &cause), WIRE_OK);
	ck_assert(memcmp(ev.str, "hello", 5) == 0);
	ck_assert_uint_eq(ev.u[W_SAY_LINE], 13);
	pos += ev.size;
	ck_assert_uint_eq(pos, s.len);
	tl_stream_free(&s);
}
END_TEST

/* A type with SH_WIRE_EMPTY set is a whole record of one byte. */
START_TEST(empty_records_are_one_byte)
{
	const uint8_t pops[3] = { SH_REC_POP | SH_WIRE_EMPTY,
	    SH_REC_POP | SH_WIRE_EMPTY, SH_WIRE_EMPTY };
	struct wire_event ev;
	char *cause = NULL;
	bool bad;

	ck_assert_int_eq(wire_decode_at(pops, 3, 0, &ev, &cause), WIRE_OK);
	ck_assert_uint_eq(ev.type, SH_REC_POP);
	ck_assert_uint_eq(ev.size, 1);
	ck_assert_uint_eq(wire_whole_records(pops, 2, 0, &bad, &cause), 2);
	ck_assert(!bad);
	ck_assert_uint_eq(wire_whole_records(pops, 3, 0, &bad, &cause), 2);
	ck_assert(bad);
	ck_assert_ptr_nonnull(strstr(cause, "unknown record type 128"));
	free(cause);
}
END_TEST

/* A cached push is one byte too, and runs of frame bytes are whole. */
START_TEST(cached_pushes_are_one_byte)
{
	uint8_t run[40];
	struct wire_event ev;
	char *cause = NULL;
	size_t i;
	bool bad;

	for (i = 0; i < sizeof run; i++)	/* pushes and pops, mixed */
		run[i] = i % 3 == 2 ? SH_REC_POP | SH_WIRE_EMPTY :
		    (uint8_t)(SH_WIRE_CACHED_PUSH | (i * 7 % SH_WIRE_CACHE_SLOTS));
	ck_assert_int_eq(wire_decode_at(run, sizeof run, 1, &ev, &cause),
	    WIRE_OK);
	ck_assert_uint_eq(ev.type, SH_REC_PUSH);
	ck_assert_uint_eq(ev.size, 1);
	ck_assert_uint_eq(ev.u[W_PUSH_CACHED], 7 + 1);
	ck_assert_uint_eq(wire_whole_records(run, sizeof run, 0, &bad, &cause),
	    sizeof run);
	ck_assert(!bad);
	/* a record cut short in the middle of the run stops it there */
	run[21] = SH_REC_THREAD;
	run[22] = 5;
	ck_assert_uint_eq(wire_whole_records(run, sizeof run, 0, &bad, &cause),
	    sizeof run);
	ck_assert_uint_eq(wire_whole_records(run, 25, 0, &bad, &cause), 21);
	ck_assert(!bad);
	/* an unknown one-byte type in the middle is an error there */
	run[30] = SH_WIRE_EMPTY | (SH_REC_TYPE_MAX + 1);
	ck_assert_uint_eq(wire_whole_records(run, sizeof run, 0, &bad, &cause),
	    30);
	ck_assert(bad);
	free(cause);
}
END_TEST

/*
 * Cached line steps: one, two, three bytes by their type, or framed by a
 * length; the recorder's loop steps over each whole, and stops before
 * one cut short.
 */
START_TEST(cached_lines_are_framed_by_their_type)
{
	static const uint8_t lines[] = {
		SH_WIRE_CACHED_LINE | SH_WIRE_EMPTY | 3,	/* 0: one byte */
		SH_WIRE_PLACED_LINE1 | 3, 0x11,			/* 1: two */
		SH_WIRE_PLACED_LINE2 | 31, 0x22, 0x33,		/* 3: three */
		SH_WIRE_CACHED_LINE | 9, 3, 40, 0x44, 0x55,	/* 6: framed */
		SH_REC_POP | SH_WIRE_EMPTY,			/* 11 */
	};
	static const size_t starts[] = { 0, 1, 3, 6, 11, sizeof lines };
	struct wire_event ev;
	char *cause = NULL;
	size_t i;
	bool bad;

	for (i = 0; i + 1 < sizeof starts / sizeof *starts; i++) {
		ck_assert_int_eq(wire_decode_at(lines, sizeof lines, starts[i],
		    &ev, &cause), WIRE_OK);
		ck_assert_uint_eq(ev.size, starts[i + 1] - starts[i]);
		ck_assert_uint_eq(ev.type, i < 4 ? SH_REC_LINE : SH_REC_POP);
		ck_assert_uint_eq(wire_whole_records(lines, starts[i + 1], 0,
		    &bad, &cause), starts[i + 1]);
		ck_assert(!bad);
		ck_assert_uint_eq(wire_whole_records(lines, starts[i + 1] - 1, 0,
		    &bad, &cause), starts[i + 1] - 1 > starts[i] ?
		    starts[i] : starts[i + 1] - 1);
		ck_assert(!bad);
	}
	ck_assert_uint_eq(ev.u[W_LINE_CACHED], 0);	/* the pop */
	wire_decode_at(lines, sizeof lines, 6, &ev, &cause);
	ck_assert_uint_eq(ev.u[W_LINE_CACHED], 9 + 1);
	ck_assert_uint_eq(ev.u[W_LINE_RUN], 40);
	ck_assert_uint_eq(ev.nbytes, 2);
}
END_TEST

START_TEST(every_prefix_asks_for_more)
{
	struct tl_stream s = { 0 };
	struct wire_event ev;
	char *cause = NULL;
	size_t n;

	tl_rec(&s, SH_REC_VAR, "uuusuuub", (uint64_t)1, (uint64_t)2, (uint64_t)3,
	    "some name", (uint64_t)4, (uint64_t)5, (uint64_t)6, "abcdefgh",
	    (size_t)8);
	for (n = 1; n < s.len; n++)
		ck_assert_int_eq(wire_decode_at(s.buf, n, 0, &ev, &cause),
		    WIRE_MORE);
	ck_assert_int_eq(wire_decode_at(s.buf, s.len, 0, &ev, &cause), WIRE_OK);
	tl_stream_free(&s);
}
END_TEST

/* A record built from raw bytes at offset 3, behind three padding bytes. */
static void
assert_record_error(const uint8_t *raw, size_t n, const char *words)
{
	uint8_t buf[64] = { 0xaa, 0xbb, 0xcc };
	struct wire_event ev;
	char *cause = NULL;

	memcpy(buf + 3, raw, n);
	ck_assert_int_eq(wire_decode_at(buf, 3 + n, 3, &ev, &cause), WIRE_ERROR);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, "at byte 3") != NULL, "'%s'", cause);
	ck_assert_msg(strstr(cause, words) != NULL, "'%s' lacks '%s'", cause,
	    words);
	free(cause);
}

START_TEST(malformed_records)
{
	assert_record_error((const uint8_t[]){ 0 }, 1, "unknown record type 0");
	assert_record_error((const uint8_t[]){ 150, 0 }, 2, "unknown record type 150");
	/* a length over the 1 MiB limit */
	assert_record_error((const uint8_t[]){ SH_REC_THREAD, 0x81, 0x80, 0x80,
	    0x01 }, 5, "over the limit");
	/* a varint field that runs past the end of its record */
	assert_record_error((const uint8_t[]){ SH_REC_THREAD, 1, 0x80, 0x01 }, 4,
	    "runs past the record");
	/* fewer fields than the layout needs */
	assert_record_error((const uint8_t[]){ SH_REC_PUSH, 2, 1, 2 }, 4,
	    "runs past the record");
	/* a string longer than its record */
	assert_record_error((const uint8_t[]){ SH_REC_MODULE, 3, 0, 9, 'a' }, 5,
	    "string too long");
	/* a string over SH_WIRE_MAX_STRING */
	assert_record_error((const uint8_t[]){ SH_REC_MODULE, 4, 0, 0x81, 0x40, 'a' },
	    6, "string too long");
	/* a byte field longer than its record */
	assert_record_error((const uint8_t[]){ SH_REC_MEM, 3, 1, 5, 0 }, 5,
	    "byte field too long");
	/* too many call-site frames */
	assert_record_error((const uint8_t[]){ SH_REC_FREE + 0, 0, 0 }, 2,
	    "runs past the record");
	assert_record_error((const uint8_t[]){ SH_REC_ALLOC, 4, 1, 2, 3, 40 }, 6,
	    "too many call-site frames");
	/* a varint over 64 bits */
	assert_record_error((const uint8_t[]){ SH_REC_THREAD, 11, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0 }, 13, "runs past");
	/* a record length that is not a varint at all */
	assert_record_error((const uint8_t[]){ SH_REC_THREAD, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 12, "bad record length");
}
END_TEST

/* Random bytes after a good header: an error or more, never a crash. */
START_TEST(garbage_never_crashes)
{
	struct tl_stream s = { 0 };
	uint32_t seed = 12345;
	int round;
	size_t i;

	for (round = 0; round < 2000; round++) {
		struct model_trace *t = model_trace_new();

		tl_stream_header(&s);
		for (i = 0; i < 200; i++) {
			uint8_t b;

			seed = seed * 1103515245u + 12345u;
			b = (uint8_t)(seed >> 16);
			/* mostly valid types, so decoding goes deep */
			if (i % 7 == 0)
				b = (uint8_t)(1 + (seed >> 24) % SH_REC_TYPE_MAX);
			s.buf = realloc(s.buf, s.len + 1);
			s.buf[s.len++] = b;
		}
		model_trace_feed(t, s.buf, s.len);
		model_trace_finish(t);
		if (model_trace_nsteps(t) > 0)
			model_trace_seek(t, model_trace_nsteps(t) - 1);
		model_trace_free(t);
		tl_stream_free(&s);
	}
}
END_TEST

static void
good_steps(struct tl_stream *s, int n)
{
	int i;

	tl_rec(s, SH_REC_THREAD, "u", (uint64_t)1);
	for (i = 0; i < n; i++)
		tl_rec(s, SH_REC_PUSH, "zzzuu", (int64_t)(i ? 1 : 0x1000),
		    (int64_t)0, (int64_t)(i ? -64 : 0x7000), (uint64_t)64,
		    (uint64_t)SH_WIRE_CACHE_SLOTS);
}

START_TEST(damage_keeps_the_steps_before_it)
{
	struct tl_stream s = { 0 };
	struct model_trace *t = model_trace_new();
	size_t damage;

	tl_stream_header(&s);
	good_steps(&s, 5);
	damage = s.len;
	tl_rec(&s, 30, "u", (uint64_t)1);	/* an unknown type */
	good_steps(&s, 5);
	ck_assert(!model_trace_feed(t, s.buf, s.len));
	ck_assert_uint_eq(model_trace_nsteps(t), 5);
	ck_assert_ptr_nonnull(model_trace_error(t));
	ck_assert_msg(strstr(model_trace_error(t), "byte") != NULL, "%s",
	    model_trace_error(t));
	{
		char want[32];

		snprintf(want, sizeof want, "at byte %zu", damage);
		ck_assert_msg(strstr(model_trace_error(t), want) != NULL, "%s",
		    model_trace_error(t));
	}
	ck_assert_ptr_nonnull(model_trace_seek(t, 4));
	ck_assert_uint_eq(model_trace_seek(t, 4)->threads[0].nframes, 5);
	model_trace_free(t);
	tl_stream_free(&s);
}
END_TEST

START_TEST(truncated_trace_is_an_error_at_finish)
{
	struct tl_stream s = { 0 };
	struct model_trace *t = model_trace_new();

	tl_stream_header(&s);
	good_steps(&s, 3);
	ck_assert(model_trace_feed(t, s.buf, s.len - 2));
	ck_assert(!model_trace_finish(t));
	ck_assert_ptr_nonnull(strstr(model_trace_error(t), "truncated at byte"));
	ck_assert_uint_eq(model_trace_nsteps(t), 2);
	model_trace_free(t);
	t = model_trace_new();
	ck_assert(model_trace_feed(t, "STK", 3));
	ck_assert(!model_trace_finish(t));
	ck_assert_ptr_nonnull(strstr(model_trace_error(t), "too short"));
	model_trace_free(t);
	tl_stream_free(&s);
}
END_TEST

START_TEST(byte_by_byte_equals_all_at_once)
{
	struct tl_stream s = { 0 };
	struct model_trace *a = model_trace_new(), *b = model_trace_new();
	size_t i;

	tl_stream_header(&s);
	good_steps(&s, 40);
	ck_assert(model_trace_feed(a, s.buf, s.len));
	for (i = 0; i < s.len; i++)
		ck_assert(model_trace_feed(b, s.buf + i, 1));
	ck_assert(model_trace_finish(a));
	ck_assert(model_trace_finish(b));
	ck_assert_uint_eq(model_trace_nsteps(a), 40);
	ck_assert_uint_eq(model_trace_nsteps(b), 40);
	model_trace_free(a);
	model_trace_free(b);
	tl_stream_free(&s);
}
END_TEST

/* Names and narration from a trace cannot drive the terminal. */
START_TEST(hostile_strings_are_escaped)
{
	static const int one = 1;
	char path[] = "/tmp/stackheap-hostile-XXXXXX";
	struct tl_stream s = { 0 };
	struct tl_run r;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	tl_stream_header(&s);
	tl_rec(&s, SH_REC_THREAD, "u", (uint64_t)1);
	tl_rec(&s, SH_REC_STRING, "us", (uint64_t)7, "evil\033[2J.c");
	tl_rec(&s, SH_REC_PUSH, "zzzuu", (int64_t)0x1000, (int64_t)0,
	    (int64_t)0x7000, (uint64_t)0x40, (uint64_t)0);
	tl_rec(&s, SH_REC_VAR, "uuusuuub", (uint64_t)0x7010, (uint64_t)4,
	    (uint64_t)SH_T_INT, "x\033]0;pwned\007", (uint64_t)7, (uint64_t)3,
	    (uint64_t)0, &one, (size_t)4);
	tl_rec(&s, SH_REC_SAY, "uus", (uint64_t)7, (uint64_t)3,
	    "say \302\233 31m \033[31m red");
	tl_rec(&s, SH_REC_END, "uu", (uint64_t)SH_END_EXITED, (uint64_t)0);
	ck_assert_int_eq(write(fd, s.buf, s.len), (ssize_t)s.len);
	close(fd);
	tl_stackheap((char *[]){ "dump", path, NULL }, 30, &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_null(strchr(r.out, '\033'));
	ck_assert_ptr_null(strchr(r.out, '\007'));
	ck_assert_ptr_null(strstr(r.out, "\302\233"));
	ck_assert_ptr_nonnull(strstr(r.out, "x?]0;pwned?"));
	ck_assert_ptr_nonnull(strstr(r.out, "evil?[2J.c:3"));
	unlink(path);
	tl_run_free(&r);
	tl_stream_free(&s);
}
END_TEST

static Suite *
wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("decode");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, header_round_trip);
	tcase_add_test(tc, header_errors);
	tcase_add_test(tc, every_record_round_trips);
	tcase_add_test(tc, empty_records_are_one_byte);
	tcase_add_test(tc, cached_pushes_are_one_byte);
	tcase_add_test(tc, cached_lines_are_framed_by_their_type);
	tcase_add_test(tc, every_prefix_asks_for_more);
	tcase_add_test(tc, malformed_records);
	tcase_add_test(tc, garbage_never_crashes);
	tcase_add_test(tc, damage_keeps_the_steps_before_it);
	tcase_add_test(tc, truncated_trace_is_an_error_at_finish);
	tcase_add_test(tc, byte_by_byte_equals_all_at_once);
	tcase_add_test(tc, hostile_strings_are_escaped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(wire_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
