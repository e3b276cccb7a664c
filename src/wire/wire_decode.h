/*
 * wire_decode.h — reading the stream defined in stackheap-wire.h.
 *
 * The decoder is stateless: it reads one record at a given offset of a
 * buffer the caller owns, so a live pipe (a growing buffer) and a trace
 * file (a mapped one) are read by the same code, and a reader can start
 * again at any record boundary it remembered.  Every field is checked; a
 * bad record yields an error naming its byte offset, never a crash.
 */
#ifndef WIRE_DECODE_H
#define WIRE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackheap-wire.h"

/* One decoded record.  str and bytes point into the caller's buffer. */
struct wire_event {
	uint8_t		 type;		/* enum sh_rec_type */
	uint64_t	 offset;	/* of the record's first byte */
	size_t		 size;		/* of the whole record */
	uint64_t	 u[8];		/* the unsigned fields, in order */
	const char	*str;		/* the string field, if the type has one */
	size_t		 str_len;
	const uint8_t	*bytes;		/* the byte field, if the type has one */
	size_t		 nbytes;
	uint64_t	 pcs[SH_WIRE_MAX_FRAMES];	/* call-site frames */
	unsigned	 npcs;
};

/* Indexes into wire_event.u, per record type (see stackheap-wire.h). */
enum { W_PROCESS_PID, W_PROCESS_BIAS };
enum { W_MODULE_BIAS };
enum { W_THREAD_TID };
enum { W_STRING_ID };
/*
 * A decoded push holds differences, the frame size and the cache slot it
 * fills (see stackheap-wire.h), or, when W_PUSH_CACHED is not 0, a cached
 * push of slot W_PUSH_CACHED - 1; W_PUSH_SIGNAL is the signal a handler's
 * push was made by, or 0.  The model makes steps with absolute values of
 * them (model_step.h).
 */
enum { W_PUSH_FN, W_PUSH_SITE, W_PUSH_LO, W_PUSH_SIZE, W_PUSH_SLOT,
	W_PUSH_SIGNAL, W_PUSH_CACHED };
/*
 * Heap records decode to differences too (their zigzag fields and pcs[0]
 * as two's complement); the model makes them absolute.
 */
enum { W_ALLOC_KIND, W_ALLOC_ADDR, W_ALLOC_SIZE };
enum { W_FREE_ADDR, W_FREE_PC };
enum { W_REALLOC_OLD, W_REALLOC_NEW, W_REALLOC_SIZE };
enum { W_VAR_ADDR, W_VAR_SIZE, W_VAR_CODE, W_VAR_FILE, W_VAR_LINE, W_VAR_PC };
enum { W_MEM_ADDR };
enum { W_STEP_FILE, W_STEP_LINE };
enum { W_SAY_FILE, W_SAY_LINE };
enum { W_CRASH_SIGNAL, W_CRASH_CODE, W_CRASH_ADDR, W_CRASH_PC, W_CRASH_SP,
	W_CRASH_FLAGS };
enum { W_END_HOW, W_END_VALUE };
/*
 * A line's pc and sp decode to differences; the model makes them absolute.
 * W_LINE_SLOT is the line cache slot a full record fills, plus one (0:
 * none).  A cached line step has W_LINE_CACHED its slot plus one, pc and
 * sp 0, and, if something changed, bytes: one run (not runs, as a full
 * record's bytes are: see model_lines.c), at W_LINE_RUN from sp, or, when
 * W_LINE_PLACED is 1, at the slot's place.
 */
enum { W_LINE_PC, W_LINE_SP, W_LINE_SLOT, W_LINE_CACHED, W_LINE_RUN,
	W_LINE_PLACED };
enum { W_STATICS_ADDR };
enum { W_OUTPUT_FD, W_OUTPUT_FLAGS };

enum wire_status {
	WIRE_ERROR = -1,	/* *cause says what and where */
	WIRE_MORE = 0,		/* the buffer ends inside the record */
	WIRE_OK = 1
};

/*
 * Checks the stream header at the start of buf.  On WIRE_ERROR *cause is a
 * message the caller frees.
 */
enum wire_status wire_decode_header(const uint8_t *buf, size_t len,
		    char **cause);

/* Decodes the record at buf[pos], pos < len. */
enum wire_status wire_decode_at(const uint8_t *buf, size_t len, size_t pos,
		    struct wire_event *ev, char **cause);

/*
 * The size of the record at buf[pos] without decoding its fields: how a
 * recorder finds record boundaries fast.  Checks the type and the length.
 */
enum wire_status wire_skip_at(const uint8_t *buf, size_t len, size_t pos,
		    size_t *size, char **cause);

/*
 * Where the whole records starting at pos end: the offset of the first
 * record the buffer holds only part of (or len).  On a bad record, sets
 * *cause and returns the bad record's offset; *bad is then true.
 */
size_t		wire_whole_records(const uint8_t *buf, size_t len, size_t pos,
		    bool *bad, char **cause);

/* A full push record's fields. */
struct wire_push {
	int64_t		 diff[3];	/* function, call site, low */
	uint64_t	 size;
	uint64_t	 slot;		/* push cache slot it fills */
};

/*
 * A full push record, the commonest with fields, decoded on a reader's
 * fast path.  False if the record at buf[pos] is not a whole, well-formed
 * push with a one-byte length (then decode it with wire_decode_at).
 */
bool		wire_decode_push(const uint8_t *buf, size_t len, size_t pos,
		    struct wire_push *push, size_t *record_size);

/* A short name for a record type ("push", "alloc", ...), or "?". */
const char	*wire_type_name(unsigned type);

#endif
