/*
 * stackheap-wire.h — the stream format between the runtime (inside the
 * traced program) and the viewer.  A trace file is the same stream.
 *
 * This is the only place the format is defined.  BUMP SH_WIRE_VERSION ON
 * ANY CHANGE to a record's layout, a record type's meaning or a limit.
 *
 * Layout:
 *   stream  = header record*
 *   header  = magic[8] "STKHEAP\n", u16 version (LE), u8 endianness
 *             (SH_WIRE_LITTLE / SH_WIRE_BIG), u8 pointer size, u32 flags (LE)
 *   record  = u8 type, uvarint payload length, payload
 *           | u8 (type | SH_WIRE_EMPTY): a record with no payload, its
 *             length (0) implied — one byte for the commonest record, a pop
 *           | u8 (SH_WIRE_CACHED_PUSH | slot): a push repeated from the
 *             thread's push cache (see SH_REC_PUSH) — one byte too
 *           | u8 (SH_WIRE_CACHED_LINE | slot), uvarint payload length,
 *             payload: a line step at a pc of the thread's line cache
 *           | u8 (SH_WIRE_CACHED_LINE | slot | SH_WIRE_EMPTY): the same
 *             with nothing changed, one byte
 *           | u8 (SH_WIRE_PLACED_LINE1 | slot), 1 byte
 *           | u8 (SH_WIRE_PLACED_LINE2 | slot), 2 bytes: the same with one
 *             run of 1 or 2 bytes at the slot's place (see SH_REC_LINE)
 * Every record whose first byte has SH_WIRE_EMPTY set is one byte long;
 * the placed line steps are two and three bytes long; sh_wire_fixed_size
 * tells them all.
 *
 * Payload fields are unsigned LEB128 varints ("u"), zigzag varints ("z"),
 * strings and byte strings (uvarint length, then the bytes; no NUL).
 * Addresses are sent raw; names, lines and types are resolved by the viewer.
 * Every record belongs to the thread named by the last SH_REC_THREAD record
 * (thread 0 before any).  A reader skips unknown trailing payload bytes of a
 * known record, so fields may be appended without breaking old readers —
 * but still bump the version.
 */
#ifndef STACKHEAP_WIRE_H
#define STACKHEAP_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SH_WIRE_MAGIC "STKHEAP\n"
#define SH_WIRE_MAGIC_LEN 8
#define SH_WIRE_VERSION 10
#define SH_WIRE_EMPTY 0x80	/* type flag: no payload, no length byte */
#define SH_WIRE_CACHED_PUSH 0xc0	/* | slot: a one-byte push */
#define SH_WIRE_CACHE_SLOTS 64
#define SH_WIRE_CACHED_LINE 0x20	/* | slot: a line step of the line cache */
#define SH_WIRE_PLACED_LINE1 0x40	/* | slot: the same, 1 byte at its place */
#define SH_WIRE_PLACED_LINE2 0x60	/* | slot: the same, 2 bytes at its place */
#define SH_WIRE_LINE_SLOTS 32
#define SH_WIRE_HEADER_LEN 16
#define SH_WIRE_LITTLE 1
#define SH_WIRE_BIG 2

/* Limits: a record larger than this is corrupt, whatever it claims. */
#define SH_WIRE_MAX_PAYLOAD (1u << 20)
#define SH_WIRE_MAX_STRING 4096u
#define SH_WIRE_MAX_MEM 65536u     /* bytes of memory in one SH_REC_MEM */
#define SH_WIRE_MAX_FRAMES 16u     /* call-site frames in one allocation */
#define SH_WIRE_STACK_SEEN (1u << 20)	/* bytes above sp a line step looks at */
/*
 * Not a record: what the malloc shim fills fresh heap bytes with while it
 * traces (malloc's block, realloc's new tail; never calloc's), so that the
 * viewer can mark bytes the program has not written as uninitialized.
 */
#define SH_HEAP_FILL 0xfeu
#define SH_WIRE_MAX_OUTPUT 4096u   /* bytes of output in one SH_REC_OUTPUT */
/* The program's output a runtime sends in one run, in all; what it writes
 * after that is not in the stream, which says so (SH_OUTPUT_CUT). */
#define SH_WIRE_OUTPUT_CAP (4u << 20)

enum sh_rec_type {
	/* u pid, str executable path, u load bias of the executable */
	SH_REC_PROCESS = 1,
	/* u load bias, str path: a shared object mapped into the process */
	SH_REC_MODULE = 2,
	/* u thread id (small, assigned by the runtime; main thread is 1) */
	SH_REC_THREAD = 3,
	/* u id, str text: interned string (source file names) */
	SH_REC_STRING = 4,
	/*
	 * z function, z call site, z frame low (sp): each the difference
	 * from the same field of this thread's previous SH_REC_PUSH record (0
	 * before the first); u frame size (high - low; 0: unknown); u push
	 * cache slot (below; SH_WIRE_CACHE_SLOTS or more: none).
	 *
	 * The thread's frames are what its pushes and pops make, with one more
	 * rule: a push whose low is above the innermost frame's low first
	 * drops every innermost frame it is above (they were left by longjmp;
	 * a frame at the same low is a function inlined into its caller).
	 *
	 * Every push record also fills a slot of the thread's push cache (the
	 * writer picks it): (function, call site, size, gap), where gap is the
	 * innermost frame's low (0 if none), after the drop above, minus the
	 * new low, modulo 2^64.  A one-byte
	 * SH_WIRE_CACHED_PUSH | slot then pushes that slot's function, call
	 * site and size again, at low = the innermost frame's low - gap: the
	 * commonest push, a call the thread made before from a frame of a
	 * fixed size.  The writer sends it only when that is exactly right.
	 *
	 * Then, only in the push of a signal handler's frame, which the
	 * signal's delivery made (never a cached one): u the signal
	 * (SH_PUSH_SIGNAL_UNKNOWN: a signal, which is not known).  Absent: 0.
	 */
	SH_REC_PUSH = 5,
	/* (no fields; sent as SH_REC_POP | SH_WIRE_EMPTY): the thread's
	 * innermost frame returns */
	SH_REC_POP = 6,
	/*
	 * Heap records send addresses and call sites as differences, like
	 * pushes: an address from the thread's previous heap address (the
	 * address of its last alloc or free, the new address of its last
	 * realloc, or the old one when that was 0), a call site (pc[0], or a
	 * free's pc) from the thread's previous one; both start at 0.
	 *
	 * u kind (sh_alloc_kind), z address, u size, u n, z pc[0], u pc[1..n)
	 */
	SH_REC_ALLOC = 7,
	/* z address, z pc */
	SH_REC_FREE = 8,
	/* z old address, z new address - old address (new 0: failed or
	 * freed), u size, u n, z pc[0], u pc[1..n) */
	SH_REC_REALLOC = 9,
	/* u address, u size, u type code (stackheap.h), str name,
	 * u file string id, u line, u pc of the registration,
	 * bytes: its contents now (at most SH_WIRE_MAX_MEM) */
	SH_REC_VAR = 10,
	/* u address, bytes: the current contents of memory there */
	SH_REC_MEM = 11,
	/* u file string id, u line (file 0, line 0: a step the runtime makes
	 * of its own, such as a fork; its narration says what it is) */
	SH_REC_STEP = 12,
	/* u file string id, u line, str text: narration for the latest step */
	SH_REC_SAY = 13,
	/* u signal, u si_code, u fault address, u pc, u sp, u flags (SH_CRASH_*) */
	SH_REC_CRASH = 14,
	/* u how (sh_end_how), u value: written by the viewer, last in a trace */
	SH_REC_END = 15,
	/* a global or static variable (SH_GLOBAL): fields as SH_REC_VAR */
	SH_REC_GLOBAL = 16,
	/*
	 * A line step: the thread is about to run a new source line of a
	 * program built by stackheap-cc (its line probes).
	 * z pc - the thread's previous line pc (0 before the first): the
	 *   probe's return address, inside the line's first statement row;
	 * z sp - the thread's previous line sp: the line's stack pointer;
	 * bytes: what changed in the thread's stack between its previous line
	 *   step and this one, as runs of (u offset, u n, n bytes), the first
	 *   run's offset from sp, each next one's from the end of the one
	 *   before, in rising address order (see sh_wire_next_run).  The
	 *   stack seen is [sp, the outermost frame's high end);
	 * u the thread's line cache slot this pc fills, plus one (absent or
	 *   0: none).
	 * Changes that do not fit come first as SH_REC_MEM records.
	 *
	 * Each thread has SH_WIRE_LINE_SLOTS line cache slots (the writer
	 * picks which a record fills), each a pc and a place (an offset from
	 * sp, 0 when the slot is filled), so that the commonest line step — a
	 * line of the frame the previous one ran in, at a pc it ran before,
	 * that changed one variable, or none — is a byte or a few.  Its first
	 * byte is one of these, | slot, for a line step at that slot's pc
	 * with the previous line step's sp:
	 *   SH_WIRE_CACHED_LINE | SH_WIRE_EMPTY: nothing in the stack changed;
	 *   SH_WIRE_CACHED_LINE: a uvarint length and a payload of one run of
	 *     changed bytes: u its offset from sp, then the bytes, to the end
	 *     of the payload; the offset becomes the slot's place;
	 *   SH_WIRE_PLACED_LINE1, SH_WIRE_PLACED_LINE2: one run of one or two
	 *     bytes, which follow, at the slot's place (the same variable
	 *     as the last time this line changed one, often).
	 * The writer sends them only when that is exactly right.
	 */
	SH_REC_LINE = 17,
	/*
	 * u address, bytes: a writable region of the program's own data
	 * (its .data and .bss), whole, sent once before the first line step
	 * (in pieces of at most SH_WIRE_MAX_MEM).  Its globals and statics,
	 * which the viewer finds in the debug information, start from these
	 * bytes; later changes come as SH_REC_MEM.
	 */
	SH_REC_STATICS = 18,
	/*
	 * u fd (1: standard output, 2: standard error), bytes: what the
	 * program wrote there (at most SH_WIRE_MAX_OUTPUT), during the latest
	 * step, as it wrote it; u flags (SH_OUTPUT_*).  Absent: 0.  The
	 * runtime sends it the moment the program writes, so output is in
	 * order with the events around it.
	 */
	SH_REC_OUTPUT = 19,
	SH_REC_TYPE_MAX = 19
};

/*
 * Every record type's payload, as the fields it writes in order: the one
 * statement of each layout (the comments above say what the fields mean).
 * The decoder walks it (src/wire/wire_decode.c); the encoders
 * (src/wire/wire_encode.h), which the runtime and the viewer write every
 * record with, follow it field for field, and tests/check_encode.c checks
 * each one against it through the decoder.
 *   'u' an unsigned varint, 'z' a zigzag (signed) varint, 's' a string,
 *   'b' a byte string, 'r' a byte string of runs (sh_wire_next_run),
 *   'd' a count and that many call-site varints, the first a zigzag one;
 *   the fields after a '?' may be absent (then they are 0).
 */
#define SH_WIRE_RECORDS(X)					\
	X(SH_REC_PROCESS, "process", "usu")			\
	X(SH_REC_MODULE, "module", "us")			\
	X(SH_REC_THREAD, "thread", "u")				\
	X(SH_REC_STRING, "string", "us")			\
	X(SH_REC_PUSH, "push", "zzzuu?u")			\
	X(SH_REC_POP, "pop", "")				\
	X(SH_REC_ALLOC, "alloc", "uzud")			\
	X(SH_REC_FREE, "free", "zz")				\
	X(SH_REC_REALLOC, "realloc", "zzud")			\
	X(SH_REC_VAR, "var", "uuusuuub")			\
	X(SH_REC_MEM, "mem", "ub")				\
	X(SH_REC_STEP, "step", "uu")				\
	X(SH_REC_SAY, "say", "uus")				\
	X(SH_REC_CRASH, "crash", "uuuuuu")			\
	X(SH_REC_END, "end", "uu")				\
	X(SH_REC_GLOBAL, "global", "uuusuuub")			\
	X(SH_REC_LINE, "line", "zzr?u")				\
	X(SH_REC_STATICS, "statics", "ub")			\
	X(SH_REC_OUTPUT, "output", "ub?u")

enum sh_alloc_kind {
	SH_ALLOC_MALLOC = 1,
	SH_ALLOC_CALLOC = 2,
	SH_ALLOC_MEMALIGN = 3 /* posix_memalign, aligned_alloc, memalign, valloc, pvalloc */
};

#define SH_PUSH_SIGNAL_UNKNOWN 1024u

/* SH_REC_OUTPUT flags: the cap was reached here, and output after this
 * (bytes empty) was not kept */
#define SH_OUTPUT_CUT 1u

#define SH_CRASH_STACK_OVERFLOW 1u

enum sh_end_how {
	SH_END_EXITED = 1,   /* value: exit status */
	SH_END_SIGNALED = 2, /* value: signal number */
	SH_END_DETACHED = 3  /* the viewer stopped reading (value unused) */
};

/* --- encoding helpers, shared by the runtime, the viewer and tests --- */

static inline size_t
sh_wire_put_u(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

static inline uint64_t
sh_wire_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t
sh_wire_unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* Reads an unsigned varint at p[*at], within n bytes; 0 if it does not fit. */
static inline int
sh_wire_get_u(const uint8_t *p, size_t n, size_t *at, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*at < n && shift < 64) {
		uint8_t b = p[(*at)++];

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 1;
		}
		shift += 7;
	}
	return 0;
}

/*
 * The next run of an SH_REC_LINE record's bytes: reads it at runs[*at],
 * moves *at past it.  0 if it does not fit in n bytes.
 */
static inline int
sh_wire_next_run(const uint8_t *runs, size_t n, size_t *at, uint64_t *offset,
    const uint8_t **bytes, size_t *len)
{
	uint64_t off, k;

	if (!sh_wire_get_u(runs, n, at, &off) || !sh_wire_get_u(runs, n, at, &k) ||
	    k > n - *at)
		return 0;
	*offset = off;
	*bytes = runs + *at;
	*len = (size_t)k;
	*at += (size_t)k;
	return 1;
}

/*
 * Whether a record's first byte is a cached line step (SH_REC_LINE): one
 * of 0x20 to 0x7f, 0xa0 to 0xbf.
 */
static inline int
sh_wire_is_cached_line(uint8_t first)
{
	return (first >= SH_WIRE_CACHED_LINE && first < 0x80) ||
	    (uint8_t)(first - (SH_WIRE_CACHED_LINE | SH_WIRE_EMPTY)) <
	    SH_WIRE_LINE_SLOTS;
}

/*
 * The whole size of a record its first byte tells (a one-byte record, a
 * placed line step), or 0 when a length follows it.
 */
static inline size_t
sh_wire_fixed_size(uint8_t first)
{
	if (first & SH_WIRE_EMPTY)
		return 1;
	if (first >= SH_WIRE_PLACED_LINE1 && first < 0x80)
		return first >= SH_WIRE_PLACED_LINE2 ? 3 : 2;
	return 0;
}

/*
 * The record type a record's first byte says (a cached push is a push, a
 * cached line step a line step).
 */
static inline uint8_t
sh_wire_record_type(uint8_t first)
{
	if (first >= SH_WIRE_CACHED_PUSH)
		return SH_REC_PUSH;
	if (sh_wire_is_cached_line(first))
		return SH_REC_LINE;
	return (uint8_t)(first & ~SH_WIRE_EMPTY);
}

/* Fills the SH_WIRE_HEADER_LEN bytes of a stream header for this machine. */
static inline void
sh_wire_put_header(uint8_t *p)
{
	const uint16_t one = 1;

	memcpy(p, SH_WIRE_MAGIC, SH_WIRE_MAGIC_LEN);
	p[8] = SH_WIRE_VERSION & 0xff;
	p[9] = SH_WIRE_VERSION >> 8;
	p[10] = *(const uint8_t *)&one ? SH_WIRE_LITTLE : SH_WIRE_BIG;
	p[11] = (uint8_t)sizeof(void *);
	p[12] = p[13] = p[14] = p[15] = 0;
}

#endif
