/*
 * check_encode.c — the encoders the runtime and the viewer write records
 * with (wire/wire_encode.h) against the viewer's decoder: every record
 * type is encoded, decoded, and compared field for field, and its bytes
 * are compared with what the layout SH_WIRE_RECORDS states makes of the
 * same values (testlib's tl_rec walks it), so that an encoder can neither
 * drift from the decoder nor write a field the layout does not have.
 * Each record type has a test here; a new type without one fails.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "wire/wire_decode.h"
#include "wire/wire_encode.h"

#define FIELDS(type, name, fields) [type] = fields,
static const char *const layout[SH_REC_TYPE_MAX + 1] = {
	SH_WIRE_RECORDS(FIELDS)
};
#undef FIELDS

/* A record being encoded: room for the largest payload and its slack. */
struct enc {
	uint8_t		 buf[2 * SH_WIRE_MAX_MEM + 64];
	uint8_t		*payload;
	unsigned	 width;		/* of the length */
	size_t		 len;
	struct wire_event ev;
	struct tl_stream ref;	/* the same values, through the layout */
};

/* Length in width bytes: 1, or 3 as the runtime keeps for long payloads. */
static uint8_t *
enc_open_wide(struct enc *e, uint8_t type, unsigned width)
{
	memset(e, 0, sizeof *e);
	e->width = width;
	e->payload = wire_open(e->buf, type, width);
	return e->payload;
}

static uint8_t *
enc_open(struct enc *e, uint8_t type)
{
	return enc_open_wide(e, type, 1);
}

/* Seals the record and decodes it: whole, every byte of it read. */
static void
enc_decode(struct enc *e, uint8_t *end)
{
	char *cause = NULL;

	e->len = (size_t)(wire_close(e->payload, e->width, end) - e->buf);
	ck_assert_msg(wire_decode_at(e->buf, e->len, 0, &e->ev, &cause) ==
	    WIRE_OK, "decode: %s", cause != NULL ? cause : "more");
	ck_assert_uint_eq(e->ev.type, e->buf[0] & ~SH_WIRE_EMPTY);
	ck_assert_uint_eq(e->ev.size, e->len);
}

/* The layout's bytes (made in e->ref) are the encoder's, byte for byte. */
static void
enc_same_as_layout(struct enc *e)
{
	ck_assert_uint_eq(e->len, e->ref.len);
	ck_assert_msg(memcmp(e->buf, e->ref.buf, e->len) == 0,
	    "%s record: the encoder's bytes are not the layout's",
	    wire_type_name(e->buf[0]));
	tl_stream_free(&e->ref);
}

/* The layout's fields up to the optional ones. */
static const char *
required(uint8_t type)
{
	static char head[16];

	snprintf(head, sizeof head, "%.*s", (int)strcspn(layout[type], "?"),
	    layout[type]);
	return head;
}

static void
assert_text(const struct enc *e, const char *text)
{
	ck_assert_uint_eq(e->ev.str_len, strlen(text));
	ck_assert(memcmp(e->ev.str, text, strlen(text)) == 0);
}

static void
assert_bytes(const struct enc *e, const void *bytes, size_t n)
{
	ck_assert_uint_eq(e->ev.nbytes, n);
	ck_assert(n == 0 || memcmp(e->ev.bytes, bytes, n) == 0);
}

static void
enc_process(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_PROCESS);

	enc_decode(&e, wire_enc_process(p, 4242, "/usr/bin/prog",
	    0x555555554000ull));
	ck_assert_uint_eq(e.ev.u[W_PROCESS_PID], 4242);
	assert_text(&e, "/usr/bin/prog");
	ck_assert_uint_eq(e.ev.u[W_PROCESS_BIAS], 0x555555554000ull);
	tl_rec(&e.ref, SH_REC_PROCESS, layout[SH_REC_PROCESS], (uint64_t)4242,
	    "/usr/bin/prog", (uint64_t)0x555555554000ull);
	enc_same_as_layout(&e);
}

static void
enc_module(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_MODULE);

	enc_decode(&e, wire_enc_module(p, 0x7f0000001000ull, "libc.so.6"));
	ck_assert_uint_eq(e.ev.u[W_MODULE_BIAS], 0x7f0000001000ull);
	assert_text(&e, "libc.so.6");
	tl_rec(&e.ref, SH_REC_MODULE, layout[SH_REC_MODULE],
	    (uint64_t)0x7f0000001000ull, "libc.so.6");
	enc_same_as_layout(&e);
}

static void
enc_thread(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_THREAD);

	enc_decode(&e, wire_enc_thread(p, 300));
	ck_assert_uint_eq(e.ev.u[W_THREAD_TID], 300);
	tl_rec(&e.ref, SH_REC_THREAD, layout[SH_REC_THREAD], (uint64_t)300);
	enc_same_as_layout(&e);
}

static void
enc_string(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_STRING);

	enc_decode(&e, wire_enc_string(p, 0x401000, "main.c"));
	ck_assert_uint_eq(e.ev.u[W_STRING_ID], 0x401000);
	assert_text(&e, "main.c");
	tl_rec(&e.ref, SH_REC_STRING, layout[SH_REC_STRING], (uint64_t)0x401000,
	    "main.c");
	enc_same_as_layout(&e);
}

/* A full push, then a handler's (with its signal), a cached one. */
static void
enc_push(void)
{
	struct enc e;
	char *cause = NULL;
	uint8_t *p = enc_open(&e, SH_REC_PUSH);

	enc_decode(&e, wire_enc_push(p, -4096, 77, -160, 160, 12, 0));
	ck_assert_uint_eq(e.ev.u[W_PUSH_FN], (uint64_t)-4096);
	ck_assert_uint_eq(e.ev.u[W_PUSH_SITE], 77);
	ck_assert_uint_eq(e.ev.u[W_PUSH_LO], (uint64_t)-160);
	ck_assert_uint_eq(e.ev.u[W_PUSH_SIZE], 160);
	ck_assert_uint_eq(e.ev.u[W_PUSH_SLOT], 12);
	ck_assert_uint_eq(e.ev.u[W_PUSH_SIGNAL], 0);
	ck_assert_uint_eq(e.ev.u[W_PUSH_CACHED], 0);
	tl_rec(&e.ref, SH_REC_PUSH, required(SH_REC_PUSH), (int64_t)-4096,
	    (int64_t)77, (int64_t)-160, (uint64_t)160, (uint64_t)12);
	enc_same_as_layout(&e);

	p = enc_open(&e, SH_REC_PUSH);
	enc_decode(&e, wire_enc_push(p, 1, 2, 3, 0, SH_WIRE_CACHE_SLOTS,
	    SH_PUSH_SIGNAL_UNKNOWN));
	ck_assert_uint_eq(e.ev.u[W_PUSH_SLOT], SH_WIRE_CACHE_SLOTS);
	ck_assert_uint_eq(e.ev.u[W_PUSH_SIGNAL], SH_PUSH_SIGNAL_UNKNOWN);
	tl_rec(&e.ref, SH_REC_PUSH, layout[SH_REC_PUSH], (int64_t)1, (int64_t)2,
	    (int64_t)3, (uint64_t)0, (uint64_t)SH_WIRE_CACHE_SLOTS,
	    (uint64_t)SH_PUSH_SIGNAL_UNKNOWN);
	enc_same_as_layout(&e);

	memset(&e, 0, sizeof e);
	ck_assert_ptr_eq(wire_enc_cached_push(e.buf, 63), e.buf + 1);
	ck_assert_int_eq(wire_decode_at(e.buf, 1, 0, &e.ev, &cause), WIRE_OK);
	ck_assert_uint_eq(e.ev.type, SH_REC_PUSH);
	ck_assert_uint_eq(e.ev.size, 1);
	ck_assert_uint_eq(e.ev.u[W_PUSH_CACHED], 63 + 1);
}

static void
enc_pop(void)
{
	struct enc e;
	char *cause = NULL;

	memset(&e, 0, sizeof e);
	ck_assert_ptr_eq(wire_enc_pop(e.buf), e.buf + 1);
	ck_assert_int_eq(wire_decode_at(e.buf, 1, 0, &e.ev, &cause), WIRE_OK);
	ck_assert_uint_eq(e.ev.type, SH_REC_POP);
	ck_assert_uint_eq(e.ev.size, 1);
	ck_assert_str_eq(layout[SH_REC_POP], "");
}

/* Addresses differences of every varint length, both signs. */
static const int64_t addr_diffs[] = {
	0, 1, -1, 63, -64, 64, 8191, -8192, 1 << 20, -(1 << 27), 1ll << 34,
	-(1ll << 41), 1ll << 48, -(1ll << 55), 1ll << 55, INT64_MAX, INT64_MIN
};

static void
enc_alloc(void)
{
	uintptr_t pcs[3] = { 0, 0x401234, 0x7f0000005678 };
	struct enc e;
	size_t i;

	for (i = 0; i < sizeof addr_diffs / sizeof addr_diffs[0]; i++) {
		uint8_t *p = enc_open(&e, SH_REC_ALLOC);

		enc_decode(&e, wire_enc_alloc(p, SH_ALLOC_CALLOC, addr_diffs[i],
		    1000, 3, -12, pcs));
		ck_assert_uint_eq(e.ev.u[W_ALLOC_KIND], SH_ALLOC_CALLOC);
		ck_assert_uint_eq(e.ev.u[W_ALLOC_ADDR], (uint64_t)addr_diffs[i]);
		ck_assert_uint_eq(e.ev.u[W_ALLOC_SIZE], 1000);
		ck_assert_uint_eq(e.ev.npcs, 3);
		ck_assert_uint_eq(e.ev.pcs[0], (uint64_t)-12);
		ck_assert_uint_eq(e.ev.pcs[1], pcs[1]);
		ck_assert_uint_eq(e.ev.pcs[2], pcs[2]);
		tl_rec(&e.ref, SH_REC_ALLOC, layout[SH_REC_ALLOC],
		    (uint64_t)SH_ALLOC_CALLOC, addr_diffs[i], (uint64_t)1000, 3u,
		    (const uint64_t[]){ (uint64_t)-12, pcs[1], pcs[2] });
		enc_same_as_layout(&e);
	}
}

static void
enc_free(void)
{
	struct enc e;
	size_t i;

	for (i = 0; i < sizeof addr_diffs / sizeof addr_diffs[0]; i++) {
		uint8_t *p = enc_open(&e, SH_REC_FREE);

		enc_decode(&e, wire_enc_free(p, addr_diffs[i], 5));
		ck_assert_uint_eq(e.ev.u[W_FREE_ADDR], (uint64_t)addr_diffs[i]);
		ck_assert_uint_eq(e.ev.u[W_FREE_PC], 5);
		tl_rec(&e.ref, SH_REC_FREE, layout[SH_REC_FREE], addr_diffs[i],
		    (int64_t)5);
		enc_same_as_layout(&e);
	}
}

/* A move, and a failed one (new 0) with no call sites. */
static void
enc_realloc(void)
{
	uintptr_t pcs[SH_WIRE_MAX_FRAMES] = { 0 };
	uint64_t ref[SH_WIRE_MAX_FRAMES] = { 300 };
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_REALLOC);
	unsigned i;

	for (i = 1; i < SH_WIRE_MAX_FRAMES; i++)
		pcs[i] = ref[i] = 0xffffffff80000000ull + i * 0x1111;
	enc_decode(&e, wire_enc_realloc(p, -48, 4096, 8192, SH_WIRE_MAX_FRAMES,
	    300, pcs));
	ck_assert_uint_eq(e.ev.u[W_REALLOC_OLD], (uint64_t)-48);
	ck_assert_uint_eq(e.ev.u[W_REALLOC_NEW], 4096);
	ck_assert_uint_eq(e.ev.u[W_REALLOC_SIZE], 8192);
	ck_assert_uint_eq(e.ev.npcs, SH_WIRE_MAX_FRAMES);
	ck_assert_uint_eq(e.ev.pcs[0], 300);
	for (i = 1; i < SH_WIRE_MAX_FRAMES; i++)
		ck_assert_uint_eq(e.ev.pcs[i], pcs[i]);
	ck_assert_uint_ge(e.len - 3, 0x80);	/* moved for a two-byte length */
	tl_rec(&e.ref, SH_REC_REALLOC, layout[SH_REC_REALLOC], (int64_t)-48,
	    (int64_t)4096, (uint64_t)8192, (unsigned)SH_WIRE_MAX_FRAMES,
	    (const uint64_t *)ref);
	enc_same_as_layout(&e);

	p = enc_open(&e, SH_REC_REALLOC);
	enc_decode(&e, wire_enc_realloc(p, 16, -16, 0, 0, 99, pcs));
	ck_assert_uint_eq(e.ev.u[W_REALLOC_NEW], (uint64_t)-16);
	ck_assert_uint_eq(e.ev.npcs, 0);
	tl_rec(&e.ref, SH_REC_REALLOC, layout[SH_REC_REALLOC], (int64_t)16,
	    (int64_t)-16, (uint64_t)0, 0u, (const uint64_t *)NULL);
	enc_same_as_layout(&e);
}

/* SH_REC_VAR and SH_REC_GLOBAL share a layout and an encoder. */
static void
enc_variable(uint8_t type)
{
	static const uint8_t value[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct enc e;
	uint8_t *p = enc_open(&e, type);

	ck_assert_str_eq(layout[type], layout[SH_REC_VAR]);
	enc_decode(&e, wire_enc_var(p, 0x7ffc0000, 12, 7, "counts", 0x402000, 31,
	    0x401500, value, sizeof value));
	ck_assert_uint_eq(e.ev.u[W_VAR_ADDR], 0x7ffc0000);
	ck_assert_uint_eq(e.ev.u[W_VAR_SIZE], 12);
	ck_assert_uint_eq(e.ev.u[W_VAR_CODE], 7);
	assert_text(&e, "counts");
	ck_assert_uint_eq(e.ev.u[W_VAR_FILE], 0x402000);
	ck_assert_uint_eq(e.ev.u[W_VAR_LINE], 31);
	ck_assert_uint_eq(e.ev.u[W_VAR_PC], 0x401500);
	assert_bytes(&e, value, sizeof value);
	tl_rec(&e.ref, type, layout[type], (uint64_t)0x7ffc0000, (uint64_t)12,
	    (uint64_t)7, "counts", (uint64_t)0x402000, (uint64_t)31,
	    (uint64_t)0x401500, (const void *)value, sizeof value);
	enc_same_as_layout(&e);
}

static void
enc_var(void)
{
	enc_variable(SH_REC_VAR);
}

static void
enc_global(void)
{
	enc_variable(SH_REC_GLOBAL);
}

/*
 * SH_REC_MEM and SH_REC_STATICS too: a few bytes, and the most a record
 * holds, in the three bytes' room the runtime keeps for its length.
 */
static void
enc_memory(uint8_t type)
{
	static uint8_t bytes[SH_WIRE_MAX_MEM];
	struct enc e;
	uint8_t *p = enc_open(&e, type);
	size_t i;

	ck_assert_str_eq(layout[type], layout[SH_REC_MEM]);
	for (i = 0; i < sizeof bytes; i++)
		bytes[i] = (uint8_t)(i * 7);
	enc_decode(&e, wire_enc_mem(p, 0x601000, bytes, 8));
	ck_assert_uint_eq(e.ev.u[W_MEM_ADDR], 0x601000);
	ck_assert_uint_eq(e.ev.u[W_STATICS_ADDR], 0x601000);
	assert_bytes(&e, bytes, 8);
	tl_rec(&e.ref, type, layout[type], (uint64_t)0x601000,
	    (const void *)bytes, (size_t)8);
	enc_same_as_layout(&e);

	p = enc_open_wide(&e, type, 3);
	enc_decode(&e, wire_enc_mem(p, 0x601000, bytes, sizeof bytes));
	ck_assert_uint_eq(e.ev.u[W_MEM_ADDR], 0x601000);
	assert_bytes(&e, bytes, sizeof bytes);
}

static void
enc_mem(void)
{
	enc_memory(SH_REC_MEM);
}

static void
enc_statics(void)
{
	enc_memory(SH_REC_STATICS);
}

static void
enc_step(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_STEP);

	enc_decode(&e, wire_enc_step(p, 0x402000, 128));
	ck_assert_uint_eq(e.ev.u[W_STEP_FILE], 0x402000);
	ck_assert_uint_eq(e.ev.u[W_STEP_LINE], 128);
	tl_rec(&e.ref, SH_REC_STEP, layout[SH_REC_STEP], (uint64_t)0x402000,
	    (uint64_t)128);
	enc_same_as_layout(&e);
}

static void
enc_say(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_SAY);

	enc_decode(&e, wire_enc_say(p, 0x402000, 9, "b now owns the block"));
	ck_assert_uint_eq(e.ev.u[W_SAY_FILE], 0x402000);
	ck_assert_uint_eq(e.ev.u[W_SAY_LINE], 9);
	assert_text(&e, "b now owns the block");
	tl_rec(&e.ref, SH_REC_SAY, layout[SH_REC_SAY], (uint64_t)0x402000,
	    (uint64_t)9, "b now owns the block");
	enc_same_as_layout(&e);
}

static void
enc_crash(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_CRASH);

	enc_decode(&e, wire_enc_crash(p, 11, 1, 0x10, 0x401777, 0x7ffc1000,
	    SH_CRASH_STACK_OVERFLOW));
	ck_assert_uint_eq(e.ev.u[W_CRASH_SIGNAL], 11);
	ck_assert_uint_eq(e.ev.u[W_CRASH_CODE], 1);
	ck_assert_uint_eq(e.ev.u[W_CRASH_ADDR], 0x10);
	ck_assert_uint_eq(e.ev.u[W_CRASH_PC], 0x401777);
	ck_assert_uint_eq(e.ev.u[W_CRASH_SP], 0x7ffc1000);
	ck_assert_uint_eq(e.ev.u[W_CRASH_FLAGS], SH_CRASH_STACK_OVERFLOW);
	tl_rec(&e.ref, SH_REC_CRASH, layout[SH_REC_CRASH], (uint64_t)11,
	    (uint64_t)1, (uint64_t)0x10, (uint64_t)0x401777,
	    (uint64_t)0x7ffc1000, (uint64_t)SH_CRASH_STACK_OVERFLOW);
	enc_same_as_layout(&e);
}

/* The viewer's own record, whole, as record, the UI and the model write it. */
static void
enc_end(void)
{
	struct enc e;
	char *cause = NULL;

	memset(&e, 0, sizeof e);
	e.len = wire_end_record(e.buf, SH_END_SIGNALED, 9);
	ck_assert_uint_le(e.len, WIRE_END_RECORD_MAX);
	ck_assert_int_eq(wire_decode_at(e.buf, e.len, 0, &e.ev, &cause),
	    WIRE_OK);
	ck_assert_uint_eq(e.ev.type, SH_REC_END);
	ck_assert_uint_eq(e.ev.size, e.len);
	ck_assert_uint_eq(e.ev.u[W_END_HOW], SH_END_SIGNALED);
	ck_assert_uint_eq(e.ev.u[W_END_VALUE], 9);
	tl_rec(&e.ref, SH_REC_END, layout[SH_REC_END],
	    (uint64_t)SH_END_SIGNALED, (uint64_t)9);
	enc_same_as_layout(&e);
}

/* Decodes the whole record buf[0, n) and checks it is a cached line of slot. */
static void
decode_cached(struct enc *e, size_t n, unsigned slot)
{
	char *cause = NULL;

	ck_assert(sh_wire_is_cached_line(e->buf[0]));
	ck_assert_uint_eq(sh_wire_record_type(e->buf[0]), SH_REC_LINE);
	/* one byte short is not a record yet */
	if (n > 1)
		ck_assert_int_eq(wire_decode_at(e->buf, n - 1, 0, &e->ev,
		    &cause), WIRE_MORE);
	ck_assert_int_eq(wire_decode_at(e->buf, n, 0, &e->ev, &cause), WIRE_OK);
	ck_assert_uint_eq(e->ev.type, SH_REC_LINE);
	ck_assert_uint_eq(e->ev.size, n);
	ck_assert_uint_eq(e->ev.u[W_LINE_CACHED], slot + 1);
	ck_assert_uint_eq(e->ev.u[W_LINE_PC], 0);
	ck_assert_uint_eq(e->ev.u[W_LINE_SP], 0);
}

/* The four forms of a cached line step (stackheap-wire.h). */
static void
enc_cached_lines(void)
{
	static const uint8_t run[3] = { 1, 2, 3 };
	struct enc e;
	uint8_t *p;

	memset(&e, 0, sizeof e);
	e.buf[0] = wire_cached_line_type(5, 0);
	ck_assert_uint_eq(e.buf[0], 0xa5);
	ck_assert_uint_eq(sh_wire_fixed_size(e.buf[0]), 1);
	e.len = 1;
	decode_cached(&e, 1, 5);
	assert_bytes(&e, NULL, 0);

	p = enc_open(&e, wire_cached_line_type(31, 1));
	e.len = (size_t)(wire_close(e.payload, e.width,
	    wire_enc_cached_line(p, 300, run, sizeof run)) - e.buf);
	ck_assert_uint_eq(e.buf[0], 0x3f);
	ck_assert_uint_eq(sh_wire_fixed_size(e.buf[0]), 0);
	decode_cached(&e, e.len, 31);
	ck_assert_uint_eq(e.ev.u[W_LINE_RUN], 300);
	ck_assert_uint_eq(e.ev.u[W_LINE_PLACED], 0);
	assert_bytes(&e, run, sizeof run);

	memset(&e, 0, sizeof e);
	e.buf[0] = SH_WIRE_PLACED_LINE1 | 0;
	e.buf[1] = 0x99;
	ck_assert_uint_eq(sh_wire_fixed_size(e.buf[0]), 2);
	decode_cached(&e, 2, 0);
	ck_assert_uint_eq(e.ev.u[W_LINE_PLACED], 1);
	assert_bytes(&e, "\x99", 1);

	memset(&e, 0, sizeof e);
	e.buf[0] = SH_WIRE_PLACED_LINE2 | 17;
	memcpy(e.buf + 1, run, 2);
	ck_assert_uint_eq(sh_wire_fixed_size(e.buf[0]), 3);
	decode_cached(&e, 3, 17);
	ck_assert_uint_eq(e.ev.u[W_LINE_PLACED], 1);
	assert_bytes(&e, run, 2);
}

/* A line step with two runs, read back as sh_wire_next_run reads them. */
static void
enc_line(void)
{
	static const uint8_t a[3] = { 0xaa, 0xbb, 0xcc }, b[1] = { 0x42 };
	uint8_t runs[32], *r = runs;
	const uint8_t *bytes;
	uint64_t offset;
	size_t at = 0, n;
	struct enc e;
	uint8_t *p;

	r = wire_put_run(r, 8, a, sizeof a);
	r = wire_put_run(r, 200, b, sizeof b);
	p = enc_open(&e, SH_REC_LINE);
	enc_decode(&e, wire_enc_line(p, -40, 16, runs, (size_t)(r - runs), 0));
	ck_assert_uint_eq(e.ev.u[W_LINE_PC], (uint64_t)-40);
	ck_assert_uint_eq(e.ev.u[W_LINE_SP], 16);
	ck_assert_uint_eq(e.ev.u[W_LINE_SLOT], 0);
	ck_assert_uint_eq(e.ev.u[W_LINE_CACHED], 0);
	assert_bytes(&e, runs, (size_t)(r - runs));
	ck_assert(sh_wire_next_run(e.ev.bytes, e.ev.nbytes, &at, &offset, &bytes,
	    &n));
	ck_assert_uint_eq(offset, 8);
	ck_assert_uint_eq(n, sizeof a);
	ck_assert(memcmp(bytes, a, n) == 0);
	ck_assert(sh_wire_next_run(e.ev.bytes, e.ev.nbytes, &at, &offset, &bytes,
	    &n));
	ck_assert_uint_eq(offset, 200);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(bytes[0], 0x42);
	ck_assert_uint_eq(at, e.ev.nbytes);
	tl_rec(&e.ref, SH_REC_LINE, "zzb", (int64_t)-40, (int64_t)16,
	    (const void *)runs, (size_t)(r - runs));
	/* 'r' is a 'b' of runs */
	ck_assert_str_eq(layout[SH_REC_LINE], "zzr?u");
	enc_same_as_layout(&e);

	/* filling line cache slot 31 */
	p = enc_open(&e, SH_REC_LINE);
	enc_decode(&e, wire_enc_line(p, 7, 0, NULL, 0, 31 + 1));
	ck_assert_uint_eq(e.ev.u[W_LINE_PC], 7);
	ck_assert_uint_eq(e.ev.u[W_LINE_SLOT], 31 + 1);
	assert_bytes(&e, NULL, 0);
	tl_rec(&e.ref, SH_REC_LINE, "zzbu", (int64_t)7, (int64_t)0,
	    (const void *)"", (size_t)0, (uint64_t)32);
	enc_same_as_layout(&e);
	enc_cached_lines();
}

/* Output, and the cut that ends it (its flag the optional field). */
static void
enc_output(void)
{
	struct enc e;
	uint8_t *p = enc_open(&e, SH_REC_OUTPUT);

	enc_decode(&e, wire_enc_output(p, 2, "oops\n", 5, 0));
	ck_assert_uint_eq(e.ev.u[W_OUTPUT_FD], 2);
	assert_bytes(&e, "oops\n", 5);
	ck_assert_uint_eq(e.ev.u[W_OUTPUT_FLAGS], 0);
	tl_rec(&e.ref, SH_REC_OUTPUT, required(SH_REC_OUTPUT), (uint64_t)2,
	    (const void *)"oops\n", (size_t)5);
	enc_same_as_layout(&e);

	p = enc_open(&e, SH_REC_OUTPUT);
	enc_decode(&e, wire_enc_output(p, 1, NULL, 0, SH_OUTPUT_CUT));
	ck_assert_uint_eq(e.ev.u[W_OUTPUT_FD], 1);
	assert_bytes(&e, NULL, 0);
	ck_assert_uint_eq(e.ev.u[W_OUTPUT_FLAGS], SH_OUTPUT_CUT);
	tl_rec(&e.ref, SH_REC_OUTPUT, layout[SH_REC_OUTPUT], (uint64_t)1,
	    (const void *)"", (size_t)0, (uint64_t)SH_OUTPUT_CUT);
	enc_same_as_layout(&e);
}

static void (*const encode_and_decode[SH_REC_TYPE_MAX + 1])(void) = {
	[SH_REC_PROCESS] = enc_process, [SH_REC_MODULE] = enc_module,
	[SH_REC_THREAD] = enc_thread, [SH_REC_STRING] = enc_string,
	[SH_REC_PUSH] = enc_push, [SH_REC_POP] = enc_pop,
	[SH_REC_ALLOC] = enc_alloc, [SH_REC_FREE] = enc_free,
	[SH_REC_REALLOC] = enc_realloc, [SH_REC_VAR] = enc_var,
	[SH_REC_MEM] = enc_mem, [SH_REC_STEP] = enc_step,
	[SH_REC_SAY] = enc_say, [SH_REC_CRASH] = enc_crash,
	[SH_REC_END] = enc_end, [SH_REC_GLOBAL] = enc_global,
	[SH_REC_LINE] = enc_line, [SH_REC_STATICS] = enc_statics,
	[SH_REC_OUTPUT] = enc_output,
};

START_TEST(every_type_round_trips)
{
	ck_assert_msg(encode_and_decode[_i] != NULL && layout[_i] != NULL,
	    "record type %d has no encoder test", _i);
	encode_and_decode[_i]();
}
END_TEST

/* The wide varint is the plain one, at every length. */
START_TEST(wide_varints_are_plain_ones)
{
	uint8_t wide[16], plain[16];
	unsigned bits;

	for (bits = 0; bits <= 64; bits++) {
		uint64_t v = bits == 0 ? 0 : (~0ull >> (64 - bits));
		size_t n = sh_wire_put_u(plain, v);

		ck_assert_uint_eq((size_t)(wire_put_u_wide(wide, v) - wide), n);
		ck_assert(memcmp(wide, plain, n) == 0);
	}
}
END_TEST

static Suite *
encode_suite(void)
{
	Suite *s = suite_create("encode");
	TCase *tc = tcase_create("records");

	tcase_add_loop_test(tc, every_type_round_trips, 1, SH_REC_TYPE_MAX + 1);
	tcase_add_test(tc, wide_varints_are_plain_ones);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(encode_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
