/*
 * model_trace.h — a whole trace: the raw stream, its steps, and the state
 * of memory at any of them, forward or backward.
 *
 * The same object reads a live pipe and a trace file: bytes are fed in as
 * they arrive, complete records are decoded and applied to the newest
 * state, and each record that makes a picture becomes a step.  Going to an
 * earlier step restores the nearest snapshot (one is kept every
 * MODEL_SNAPSHOT_EVERY steps) and replays the records after it, so stepping
 * back is exact: the state at step i is always what applying the first i
 * steps' records gives.  A damaged stream stops decoding at the damage; what
 * came before it stays.
 */
#ifndef MODEL_TRACE_H
#define MODEL_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model_state.h"
#include "debuginfo/debuginfo.h"
#include "wire/wire_decode.h"

#define MODEL_SNAPSHOT_EVERY 256

struct model_trace;

struct model_trace	*model_trace_new(void);
/* Names no files to the symbol reader (for fuzzing: the data is not a run). */
void			 model_trace_no_symbols(struct model_trace *);
void			 model_trace_free(struct model_trace *);

/*
 * Appends stream bytes and applies the complete records among them.
 * Returns false once the stream is found damaged; model_trace_error() then
 * says why and where.  Steps decoded before the damage stay.
 */
bool			 model_trace_feed(struct model_trace *, const void *,
			    size_t);
/*
 * Maps a whole trace file (a regular, non-empty file, into an empty trace)
 * and reads it; false if it cannot be mapped (then feed it instead).
 * When true, *cause is set if the trace is damaged.
 */
bool			 model_trace_load_file(struct model_trace *, int fd,
			    char **cause);
/*
 * Forward mode, for reading a trace once, front to back, in bounded
 * memory: each step is handed to fn as soon as it is complete (its
 * narration in), while model_trace_seek, _step_event and friends work for
 * that step only; no step index and no snapshots are kept.  Set before
 * feeding.  After a damaged stream, model_trace_hand_out_last hands out
 * the step read last.
 */
typedef void (*model_trace_step_fn)(struct model_trace *, size_t step,
    void *arg);
void			 model_trace_forward(struct model_trace *,
			    model_trace_step_fn, void *arg);
void			 model_trace_hand_out_last(struct model_trace *);

/*
 * A mapped file truncated or rewritten while open: model_trace_check_file
 * looks (true: it changed), model_trace_changed says so, or gives NULL.
 * Reads of a truncated mapping give zeros instead of SIGBUS; a SIGBUS
 * handler installed after loading must call model_trace_bus_fault first
 * (true: it was a guarded mapping, now readable; return from the handler).
 */
bool			 model_trace_check_file(struct model_trace *);
const char		*model_trace_changed(const struct model_trace *);
bool			 model_trace_bus_fault(void *addr);

/* The viewer's memory for this trace, beyond a mapped file (bytes). */
size_t			 model_trace_memory(const struct model_trace *);
/* No more bytes will come: a record left half-way is an error. */
bool			 model_trace_finish(struct model_trace *);
const char		*model_trace_error(const struct model_trace *);
/* Forgets a record left half-way at the end; returns the bytes dropped. */
size_t			 model_trace_drop_partial(struct model_trace *);

size_t			 model_trace_nsteps(const struct model_trace *);
/* The newest state (after every record so far). */
const struct model_state *model_trace_head(const struct model_trace *);
/* The state right after step i (0-based); the trace owns it. */
const struct model_state *model_trace_seek(struct model_trace *, size_t i);
/*
 * The record that made step i, as decoded: differences, cache slots and
 * string ids, for the model's own use.  Everything above the model reads
 * steps with model_trace_step (model_step.h).
 */
bool			 model_trace_step_record(struct model_trace *,
			    size_t i, struct wire_event *);
/* The thread that made step i. */
uint32_t		 model_trace_step_tid(const struct model_trace *, size_t i);
/*
 * Narration of step i, or NULL: what SH_SAY attached to it, then what the
 * line narrator (below) says of the line step i finished.  The text lives
 * until the next call.
 */
const char		*model_trace_step_say(struct model_trace *, size_t i);
/*
 * The line narrator: text for the source line at pc (a line step's pc),
 * or NULL; it keeps the text until its next call.  The viewer reads it
 * from the source (a `say:` comment), so the model reads no file.
 */
typedef const char	*(*model_line_say_fn)(void *arg, uint64_t pc);
void			 model_trace_narrate_lines(struct model_trace *,
			    model_line_say_fn, void *arg);

/*
 * The program's output: one piece per SH_REC_OUTPUT record, in the order
 * written, each with the step during which it was written.  text is
 * NUL-terminated for convenience but may hold NULs: len is its length.
 */
struct model_output {
	size_t		 step;
	unsigned	 fd;		/* 1 standard output, 2 standard error */
	bool		 cut;		/* the runtime kept no more after this */
	char		*text;
	size_t		 len;
};
/* Step i's pieces (*first, and the count); 0 when it wrote nothing. */
size_t			 model_trace_step_output(const struct model_trace *,
			    size_t i, const struct model_output **first);
/* Every piece so far, in order (not in forward mode). */
size_t			 model_trace_outputs(const struct model_trace *,
			    const struct model_output **all);

struct debuginfo	*model_trace_symbols(const struct model_trace *);
struct model_typetab	*model_trace_types(const struct model_trace *);
/* An interned string (a source file name) by id, or NULL. */
const char		*model_trace_string(const struct model_trace *, uint64_t id);
/* The executable's path and pid, once the process record has come. */
const char		*model_trace_program(const struct model_trace *, uint64_t *pid);
/*
 * Whether the program's executable was found without debug information,
 * so that it shows frames and heap only (false while it is unknown).
 */
bool			 model_trace_lacks_debug(const struct model_trace *);

/*
 * The program ended (how, and its exit status or signal): the record a
 * viewer that ran it adds last, fed to the trace (false as
 * model_trace_feed).
 */
bool			 model_trace_end(struct model_trace *,
			    enum sh_end_how how, int value);
/* How the program ended, once the end record has come. */
bool			 model_trace_ended(const struct model_trace *,
			    enum sh_end_how *how, int *value);

#endif
