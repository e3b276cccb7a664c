/*
 * wire_encode.h — writing the records of stackheap-wire.h: the one place a
 * record's payload is put together, field by field as SH_WIRE_RECORDS
 * lists it.  The runtime writes every record with these (into its ring,
 * on its hottest paths: so they are inline, and never instrumented), the
 * viewer its end record, and tests/check_encode.c checks each against the
 * decoder.
 *
 * A payload encoder wire_enc_<type> writes the payload at p and returns
 * its end; zigzag fields take the signed difference the format asks for,
 * and call-site lists (a 'd' field) take the count, the first pc's
 * difference and the array, whose first element is not read.  The caller
 * leaves room: wire_put_u needs 10 bytes a field, wire_put_u_wide (heap
 * addresses) writes 8 whatever the value's length, so a heap record wants
 * 10 for each of its fields.  A record is framed by wire_open (the type,
 * and room for the payload's length) and wire_close (the length, in that
 * room).  The one-byte records (a pop, a cached push, a cached line step
 * with nothing changed) are whole records of their own.
 */
#ifndef WIRE_ENCODE_H
#define WIRE_ENCODE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stackheap-wire.h"

#define WIRE_ENC static inline __attribute__((no_instrument_function))

/* --- fields -------------------------------------------------------------- */

WIRE_ENC uint8_t *
wire_put_u(uint8_t *p, uint64_t v)
{
	return p + sh_wire_put_u(p, v);
}

WIRE_ENC uint8_t *
wire_put_z(uint8_t *p, int64_t v)
{
	return wire_put_u(p, sh_wire_zigzag(v));
}

/*
 * A varint without a branch on its length (below 2^56): the differences of
 * heap addresses take 1 to 5 bytes at random, and a loop's exit then
 * mispredicts about once a record (as a branch-free varint everywhere,
 * short fields included, cost more than it saved).  Writes 8 bytes
 * whatever the length; little-endian only.  The same bytes as wire_put_u.
 */
WIRE_ENC uint8_t *
wire_put_u_wide(uint8_t *p, uint64_t v)
{
	uint64_t spread;
	unsigned n;

	if (__builtin_expect(v >= (1ull << 56), 0) ||
	    __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		return wire_put_u(p, v);
	n = (70 - (unsigned)__builtin_clzll(v | 1)) / 7;	/* 1 to 8 */
	spread = (v & 0x7f) | (v << 1 & 0x7f00) | (v << 2 & 0x7f0000) |
	    (v << 3 & 0x7f000000) | (v << 4 & 0x7f00000000) |
	    (v << 5 & 0x7f0000000000) | (v << 6 & 0x7f000000000000) |
	    (v << 7 & 0x7f00000000000000);
	spread |= 0x8080808080808080ull & ((1ull << (8 * n - 8)) - 1);
	memcpy(p, &spread, 8);
	return p + n;
}

/* A byte string ('b'); bytes may be NULL when n is 0. */
WIRE_ENC uint8_t *
wire_put_bytes(uint8_t *p, const void *bytes, size_t n)
{
	p = wire_put_u(p, n);
	if (n > 0)
		memcpy(p, bytes, n);
	return p + n;
}

/*
 * A string ('s'): at most SH_WIRE_MAX_STRING bytes of s; NULL is empty.
 * Not inlined: a caller's shorter array would look overread to gcc.
 */
static __attribute__((noinline, unused, no_instrument_function)) uint8_t *
wire_put_str(uint8_t *p, const char *s)
{
	return wire_put_bytes(p, s, s != NULL ?
	    strnlen(s, SH_WIRE_MAX_STRING) : 0);
}

/* A call-site list ('d'): n pcs, pcs[0] sent as pc0_diff. */
WIRE_ENC uint8_t *
wire_put_sites(uint8_t *p, unsigned n, int64_t pc0_diff,
    const uintptr_t *pcs)
{
	unsigned i;

	p = wire_put_u(p, n);
	if (n > 0)
		p = wire_put_z(p, pc0_diff);
	for (i = 1; i < n; i++)
		p = wire_put_u(p, pcs[i]);
	return p;
}

/* --- framing -------------------------------------------------------------- */

/*
 * Starts a record at rec: its type, then width bytes kept for the payload's
 * length (1, or 3 when the payload may be 128 bytes or more).  Returns
 * where the payload goes.
 */
WIRE_ENC uint8_t *
wire_open(uint8_t *rec, uint8_t type, unsigned width)
{
	rec[0] = type;
	return rec + 1 + width;
}

/*
 * Ends the record whose payload is [payload, end): writes its length in
 * the width bytes before it (a varint padded to that width).  A payload
 * of 128 bytes or more in one byte's room moves up by one for a second
 * byte (it must stay under 2^14).  Returns the record's end.
 */
WIRE_ENC uint8_t *
wire_close(uint8_t *payload, unsigned width, uint8_t *end)
{
	size_t n = (size_t)(end - payload);
	uint8_t *len = payload - width;
	unsigned i;

	if (width == 1 && n >= 0x80) {
		memmove(payload + 1, payload, n);
		len[0] = (uint8_t)(n | 0x80);
		len[1] = (uint8_t)(n >> 7);
		return end + 1;
	}
	for (i = 0; i + 1 < width; i++)
		len[i] = (uint8_t)((n >> (7 * i)) | 0x80);
	len[i] = (uint8_t)(n >> (7 * i));
	return end;
}

/* --- the records, as SH_WIRE_RECORDS lists their fields -------------------- */

WIRE_ENC uint8_t *
wire_enc_process(uint8_t *p, uint64_t pid, const char *exe, uint64_t bias)
{
	p = wire_put_u(p, pid);
	p = wire_put_str(p, exe);
	return wire_put_u(p, bias);
}

WIRE_ENC uint8_t *
wire_enc_string(uint8_t *p, uint64_t id, const char *text)
{
	p = wire_put_u(p, id);
	return wire_put_str(p, text);
}

/* The same layout as a string's ("us"): the load bias, the path. */
WIRE_ENC uint8_t *
wire_enc_module(uint8_t *p, uint64_t bias, const char *path)
{
	return wire_enc_string(p, bias, path);
}

WIRE_ENC uint8_t *
wire_enc_thread(uint8_t *p, uint64_t tid)
{
	return wire_put_u(p, tid);
}

/* A full push; signal 0 (no handler's push) is left out. */
WIRE_ENC uint8_t *
wire_enc_push(uint8_t *p, int64_t fn_diff, int64_t site_diff, int64_t low_diff,
    uint64_t size, unsigned slot, unsigned signal)
{
	p = wire_put_z(p, fn_diff);
	p = wire_put_z(p, site_diff);
	p = wire_put_z(p, low_diff);
	p = wire_put_u(p, size);
	p = wire_put_u(p, slot);
	if (signal != 0)
		p = wire_put_u(p, signal);
	return p;
}

/* Whole one-byte records: a push from the push cache's slot, a pop. */
WIRE_ENC uint8_t *
wire_enc_cached_push(uint8_t *rec, unsigned slot)
{
	rec[0] = (uint8_t)(SH_WIRE_CACHED_PUSH | slot);
	return rec + 1;
}

WIRE_ENC uint8_t *
wire_enc_pop(uint8_t *rec)
{
	rec[0] = SH_REC_POP | SH_WIRE_EMPTY;
	return rec + 1;
}

WIRE_ENC uint8_t *
wire_enc_alloc(uint8_t *p, unsigned kind, int64_t addr_diff, uint64_t size,
    unsigned npcs, int64_t pc0_diff, const uintptr_t *pcs)
{
	p = wire_put_u(p, kind);
	p = wire_put_u_wide(p, sh_wire_zigzag(addr_diff));
	p = wire_put_u(p, size);
	return wire_put_sites(p, npcs, pc0_diff, pcs);
}

WIRE_ENC uint8_t *
wire_enc_free(uint8_t *p, int64_t addr_diff, int64_t pc_diff)
{
	p = wire_put_u_wide(p, sh_wire_zigzag(addr_diff));
	return wire_put_z(p, pc_diff);
}

WIRE_ENC uint8_t *
wire_enc_realloc(uint8_t *p, int64_t old_diff, int64_t new_diff, uint64_t size,
    unsigned npcs, int64_t pc0_diff, const uintptr_t *pcs)
{
	p = wire_put_u_wide(p, sh_wire_zigzag(old_diff));
	p = wire_put_u_wide(p, sh_wire_zigzag(new_diff));
	p = wire_put_u(p, size);
	return wire_put_sites(p, npcs, pc0_diff, pcs);
}

/* SH_REC_VAR and SH_REC_GLOBAL: a variable and its contents now. */
WIRE_ENC uint8_t *
wire_enc_var(uint8_t *p, uint64_t addr, uint64_t size, uint64_t code,
    const char *name, uint64_t file, uint64_t line, uint64_t pc,
    const void *bytes, size_t n)
{
	p = wire_put_u(p, addr);
	p = wire_put_u(p, size);
	p = wire_put_u(p, code);
	p = wire_put_str(p, name);
	p = wire_put_u(p, file);
	p = wire_put_u(p, line);
	p = wire_put_u(p, pc);
	return wire_put_bytes(p, bytes, n);
}

/* SH_REC_MEM and SH_REC_STATICS: memory at an address. */
WIRE_ENC uint8_t *
wire_enc_mem(uint8_t *p, uint64_t addr, const void *bytes, size_t n)
{
	p = wire_put_u(p, addr);
	return wire_put_bytes(p, bytes, n);
}

WIRE_ENC uint8_t *
wire_enc_step(uint8_t *p, uint64_t file, uint64_t line)
{
	p = wire_put_u(p, file);
	return wire_put_u(p, line);
}

WIRE_ENC uint8_t *
wire_enc_say(uint8_t *p, uint64_t file, uint64_t line, const char *text)
{
	p = wire_enc_step(p, file, line);
	return wire_put_str(p, text);
}

WIRE_ENC uint8_t *
wire_enc_crash(uint8_t *p, uint64_t signal, uint64_t code, uint64_t addr,
    uint64_t pc, uint64_t sp, uint64_t flags)
{
	const uint64_t field[] = { signal, code, addr, pc, sp, flags };
	size_t i;

	for (i = 0; i < sizeof field / sizeof field[0]; i++)
		p = wire_put_u(p, field[i]);
	return p;
}

WIRE_ENC uint8_t *
wire_enc_end(uint8_t *p, enum sh_end_how how, uint64_t value)
{
	p = wire_put_u(p, how);
	return wire_put_u(p, value);
}

/* One run of a line record's bytes (sh_wire_next_run reads it back). */
WIRE_ENC uint8_t *
wire_put_run(uint8_t *p, uint64_t offset, const void *bytes, size_t n)
{
	p = wire_put_u(p, offset);
	return wire_put_bytes(p, bytes, n);
}

/*
 * runs: nruns bytes of runs, made by wire_put_run; fill: the line cache
 * slot the pc fills, plus one (0, left out: none).
 */
WIRE_ENC uint8_t *
wire_enc_line(uint8_t *p, int64_t pc_diff, int64_t sp_diff,
    const uint8_t *runs, size_t nruns, unsigned fill)
{
	p = wire_put_z(p, pc_diff);
	p = wire_put_z(p, sp_diff);
	p = wire_put_bytes(p, runs, nruns);
	if (fill != 0)
		p = wire_put_u(p, fill);
	return p;
}

/* The type byte of a cached line step of slot, with a run or without. */
WIRE_ENC uint8_t
wire_cached_line_type(unsigned slot, int with_run)
{
	return (uint8_t)((SH_WIRE_CACHED_LINE | slot) |
	    (with_run ? 0 : SH_WIRE_EMPTY));
}

/* A cached line step's payload: its one run, n >= 1 bytes at offset. */
WIRE_ENC uint8_t *
wire_enc_cached_line(uint8_t *p, uint64_t offset, const void *bytes, size_t n)
{
	p = wire_put_u(p, offset);
	memcpy(p, bytes, n);
	return p + n;
}

/* Program output; flags 0 are left out. */
WIRE_ENC uint8_t *
wire_enc_output(uint8_t *p, uint64_t fd, const void *bytes, size_t n,
    uint64_t flags)
{
	p = wire_enc_mem(p, fd, bytes, n);
	if (flags != 0)
		p = wire_put_u(p, flags);
	return p;
}

/* The viewer's last record, whole: at most WIRE_END_RECORD_MAX bytes. */
#define WIRE_END_RECORD_MAX 24

WIRE_ENC size_t
wire_end_record(uint8_t *buf, enum sh_end_how how, uint64_t value)
{
	uint8_t *p = wire_open(buf, SH_REC_END, 1);
	uint8_t *end = wire_enc_end(p, how, value);

	/* two varints: at most 20 bytes, one length byte (wire_close's long
	 * path, which moves the payload, would only alarm the compiler) */
	p[-1] = (uint8_t)(end - p);
	return (size_t)(end - buf);
}

#endif
