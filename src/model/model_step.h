/*
 * model_step.h — what happened at a step, in the model's words: a call,
 * a return, a heap change, a source line, a crash..., with absolute
 * addresses and named fields.  The views, the UI and the exports read
 * steps through this alone, never the wire records that made them: those
 * hold differences from their thread's previous record, cache slots and
 * string ids, which only the model knows how to undo.  (The step index,
 * where each step's record is, is model_steps.h.)
 */
#ifndef MODEL_STEP_H
#define MODEL_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model_state.h"
#include "model/model_trace.h"

enum model_step_kind {
	MODEL_STEP_CALL,	/* a frame was pushed (or a signal handler's) */
	MODEL_STEP_RETURN,	/* the thread's innermost frame returned */
	MODEL_STEP_ALLOC,	/* malloc, calloc or an aligned allocation */
	MODEL_STEP_FREE,
	MODEL_STEP_REALLOC,
	MODEL_STEP_VAR,		/* a local variable shown (SH_VAR) */
	MODEL_STEP_GLOBAL,	/* a global or static variable shown */
	MODEL_STEP_ANNOTATION,	/* a step the program asked for (SH_STEP) */
	MODEL_STEP_CRASH,
	MODEL_STEP_LINE		/* a source line is about to run */
};

struct model_step_call {
	uint64_t	 fn;		/* the function entered */
	uint64_t	 site;		/* its return address in the caller */
	uint64_t	 lo, hi;	/* the frame; hi 0: its size is unknown */
	unsigned	 signal;	/* a handler's: the signal, or
					   SH_PUSH_SIGNAL_UNKNOWN; else 0 */
};

/* An alloc's, a free's or a realloc's. */
struct model_step_heap {
	unsigned	 kind;		/* an alloc's enum sh_alloc_kind */
	uint64_t	 addr;		/* the block (a realloc's new place,
					   0 when it failed or freed) */
	uint64_t	 old;		/* a realloc's old place */
	uint64_t	 size;
	uint64_t	 pcs[SH_WIRE_MAX_FRAMES];	/* the call's stack,
					   innermost first; a free's pc alone */
	unsigned	 npcs;
};

/* A place in the source the program named itself (__FILE__, __LINE__). */
struct model_step_place {
	const char	*file;		/* NULL: a file the trace never named */
	uint64_t	 line;
};

/* A variable's registration. */
struct model_step_var {
	uint64_t		 addr, size;
	unsigned		 code;		/* type code (stackheap.h) */
	const char		*name;		/* name_len bytes, no NUL */
	size_t			 name_len;
	struct model_step_place	 at;
	uint64_t		 pc;		/* of the registration */
};

struct model_step_line {
	uint64_t	 pc;		/* the probe's return address */
	uint64_t	 sp;
};

/*
 * One step.  Strings point into the trace's buffer or its string table:
 * they stay valid until more bytes are fed to the trace.
 */
struct model_step {
	enum model_step_kind	 kind;
	uint32_t		 tid;		/* the thread that made it */
	union {
		struct model_step_call	 call;
		uint64_t		 returned_fn;	/* a return's */
		struct model_step_heap	 heap;		/* alloc, free, realloc */
		struct model_step_var	 var;		/* a variable, a global */
		struct model_step_place	 annotation;
		struct model_step_line	 line;
		struct model_crash	 crash;
	};
};

/*
 * Step i, i < model_trace_nsteps (in forward mode, the newest only).
 * False when its record cannot be read again (a cut stream).  It may move
 * the state model_trace_seek gave.
 */
bool	model_trace_step(struct model_trace *, size_t i, struct model_step *);

#endif
