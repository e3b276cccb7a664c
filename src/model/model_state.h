/*
 * model_state.h — the state of the traced program's memory at one step:
 * each thread's frames and variables, the live heap blocks with their book
 * slots, recently freed blocks (for dangling pointers), globals,
 * and how the step ended if it crashed.  No curses, no I/O.
 *
 * A state changes only through model_state_apply(), one decoded record at a
 * time (and the lost-block marks of model_reach.c); model_state_copy() and
 * model_state_share() make copies (snapshots for stepping backward) that
 * share the heap blocks, copy-on-write.  Types and names are owned by the
 * trace's tables and shared between copies.
 */
#ifndef MODEL_STATE_H
#define MODEL_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model_heap.h"
#include "model/model_types.h"
#include "wire/wire_decode.h"

#define MODEL_SITE_FRAMES 8
#define MODEL_CONTENT_MAX 4096u	/* bytes of a block's contents kept */
#define MODEL_FREED_KEPT 1024u	/* freed blocks remembered for dangling */
/*
 * The lost-block search (model_reach.c, which the trace runs after each
 * record is applied) walks the reachable heap.  Up to MODEL_LOST_EXACT
 * live blocks it runs at every step that may have changed reachability;
 * above, each step earns MODEL_LOST_CREDIT blocks' worth of walking and a
 * walk waits until the steps since the last one have earned the live
 * count, so that it costs at most that many blocks per step on average:
 * a block is then flagged lost up to live / MODEL_LOST_CREDIT steps late.
 */
#define MODEL_LOST_EXACT 256u
#define MODEL_LOST_CREDIT 8u

/*
 * Bytes of memory the runtime sent as they changed: a thread's stack, the
 * program's data.  Addresses never sent read as zeros, as they do in the
 * runtime's shadow (rt_lines.c).
 */
struct model_image {
	uint8_t		*bytes;
	uint64_t	 lo, hi;	/* bytes holds [lo, hi) */
};

/*
 * A variable, from one of two sources: an SH_VAR or SH_GLOBAL
 * registration, or the debug information (dwarf).  A thread's variables
 * are one list, outermost frame first, each frame's in order: its
 * registered ones in registration order, its DWARF ones in declaration
 * order after them (model_lines.c); the globals are another list.  The
 * model numbers no slots: the book view gives each variable it shows
 * (model_var_in_book) the next slot of its list (view_slots.c).
 */
struct model_var {
	uint64_t		 addr;
	uint64_t		 size;
	const char		*name;
	const struct model_type	*type;
	uint8_t			*value;		/* nvalue bytes, owned */
	size_t			 nvalue;
	uint64_t		 file;		/* string id */
	uint32_t		 line;
	uint64_t		 pc;
	uint64_t		 step_added;
	uint64_t		 step_changed;
	bool			 dwarf;		/* found in the debug information */
	bool			 declared;	/* its declaration has run (book view) */
	uint8_t			 avail;		/* enum model_avail */
	uint8_t			 init;		/* enum model_init */
	uint32_t		 decl_line;
};

struct model_frame {
	uint64_t	fn, site, lo, hi;
	size_t		first_var;	/* index of its first variable */
	uint64_t	step_pushed;
	uint64_t	pc;		/* where its last line step was; 0: none */
	uint32_t	max_line;	/* the highest line it reached */
};

/* A push cache slot (see SH_REC_PUSH in stackheap-wire.h). */
struct model_push_slot {
	uint64_t		 fn, site, size, gap;
};

struct model_thread {
	uint32_t		 tid;
	uint64_t		 last_fn, last_site, last_lo;	/* of its last full push */
	uint64_t		 popped_fn;	/* the function its last pop left */
	struct model_frame	*frames;
	size_t			 nframes, capframes;
	struct model_var	*vars;		/* in order: see model_var */
	size_t			 nvars, capvars;
	struct model_push_slot	 cache[SH_WIRE_CACHE_SLOTS];
	uint64_t		 heap_addr, heap_pc;	/* heap records' bases */
	uint64_t		 heap_u[3], heap_pc0;	/* its last, made absolute */
	uint64_t		 line_pc, line_sp;	/* line records' bases */
	uint64_t		 line_cache[SH_WIRE_LINE_SLOTS];	/* pcs */
	uint32_t		 line_place[SH_WIRE_LINE_SLOTS];	/* from sp */
	struct model_image	 stack;		/* its stack, as line steps sent it */
};

/*
 * Elements of an array by a key (a thread's tid, a global's address), for
 * arrays that only grow: open addressing of index + 1, 0 an empty place.
 * A copy of a state starts without (NULL) and builds its own when it adds.
 */
struct model_index {
	uint32_t	*at;
	size_t		 cap;	/* a power of two; 0: not built */
	size_t		 n;
};

/* A freed block, remembered so that pointers into it show as dangling. */
struct model_freed {
	uint64_t	addr, size;
	uint32_t	k;		/* the book slot it had */
};

/*
 * A free (or realloc) of an address that is not a live block: glibc stops
 * the program for it with SIGABRT, and a crash that follows one is named
 * as this heap error, at the free's line.
 */
enum model_heap_error {
	MODEL_HEAP_OK,
	MODEL_HEAP_DOUBLE_FREE,		/* a block freed before */
	MODEL_HEAP_INVALID_FREE		/* inside a block, or no block at all */
};

struct model_bad_free {
	uint8_t		error;		/* enum model_heap_error */
	uint64_t	addr, pc;	/* what was freed, and the free's pc */
};

struct model_crash {
	bool		happened;
	int		signal;
	int		code;
	uint64_t	addr, pc, sp;
	bool		stack_overflow;
	struct model_bad_free heap;	/* SIGABRT right after a bad free */
};

struct model_state {
	uint64_t		 nsteps;	/* step records applied */
	uint32_t		 tid;		/* thread of the latest record */
	struct model_thread	*threads;
	size_t			 nthreads, capthreads;
	uint32_t		*live;		/* blocks' numbers in pool, in no
						 * order; block->dense */
	size_t			 nlive, caplive;
	uint64_t		*lost_watch;	/* a bit per live[]: was reachable,
						 * not lost yet (model_reach.c) */
	size_t			 caplost_watch;	/* in words */
	struct model_heap	 byaddr;	/* the same blocks by address */
	struct model_block_pool	*pool;		/* where the blocks are, shared */
	uint32_t		*slots;		/* slots[k - 1]: a block's number
						 * in pool; 0: free or hole */
	size_t			 nslots, capslots;	/* nslots: highest live k */
	uint32_t		*free_k;	/* min-heap of freed slots (some stale) */
	size_t			 nfree_k, capfree_k;
	struct model_freed	*freed;		/* ring of MODEL_FREED_KEPT, or NULL */
	size_t			 nfreed;	/* total ever freed */
	struct model_var	*globals;
	size_t			 nglobals, capglobals;
	struct model_index	 by_global;	/* registered globals by address */
	size_t			 nvars_all;	/* of every thread */
	size_t			 cur;		/* threads[cur] is tid's, if any */
	struct model_index	 by_tid;	/* threads by tid */
	uint64_t		 live_bytes;
	struct model_crash	 crash;
	struct model_bad_free	 bad_free;	/* the latest heap record's */
	bool			 registered;	/* SH_VAR or SH_GLOBAL seen */
	bool			 lines;		/* line steps seen: DWARF variables */
	/* the line the latest step finished (its frame's previous line step,
	 * or the last line of the frame it popped); 0: it finished none */
	uint64_t		 done_pc;
	struct model_image	 statics;	/* the program's data (SH_REC_STATICS) */
	bool			 lost_dirty;	/* reachability may have changed */
	uint64_t		 lost_credit;	/* blocks a walk may visit now */
	uint64_t		 lost_walks;	/* walks done (tests, bench) */
	uint64_t		 epoch;		/* the blocks it owns: changed in
						 * place, freed with it */
	uint64_t		 changes;	/* records applied (with epoch:
						 * which version of it this is) */
};

/*
 * What applying a record needs from the trace: types of variables, and
 * for line steps the variables in scope, the program's globals and lines.
 * Lists returned belong to the resolver and live until its next call.
 */
struct model_resolver {
	const struct model_type *(*var_type)(void *arg, uint64_t pc,
	    const char *name, unsigned code, uint64_t size, bool global);
	const char *(*intern)(void *arg, const char *s, size_t len);
	/* parameters first, then locals in declaration order */
	size_t	(*frame_vars)(void *arg, uint64_t pc, uint64_t cfa,
		    const struct model_local **out);
	/* the globals and statics with fixed addresses in [lo, hi) */
	size_t	(*statics)(void *arg, uint64_t lo, uint64_t hi,
		    const struct model_local **out);
	/* the read-only ranges of the module holding near, at most max */
	size_t	(*read_only_ranges)(void *arg, uint64_t near, uint64_t *lo,
		    uint64_t *hi, size_t max);
	/* up to n bytes the program's file holds at read-only addr */
	size_t	(*read_only)(void *arg, uint64_t addr, void *buf, size_t n);
	int	(*line)(void *arg, uint64_t pc);	/* 0: unknown */
	uint64_t (*function_start)(void *arg, uint64_t pc);	/* 0: unknown */
	bool	(*registers)(void *arg, uint64_t pc);	/* uses SH_VAR */
	/* an allocation called from pc is a library's for itself */
	bool	(*library_site)(void *arg, uint64_t pc);
	/* the array of count elem (a variable-length array's, at run time) */
	const struct model_type *(*array_of)(void *arg,
		    const struct model_type *elem, size_t count);
	void	*arg;
};

struct model_state	*model_state_new(void);
void			 model_state_free(struct model_state *);

/*
 * Copies share the heap blocks: a state changes in place only the blocks
 * it owns (of its epoch) and first copies any other it must change, so a
 * copy costs the arrays that index the blocks, not the blocks (stepping
 * back in a million-block state).  model_state_copy's copy owns none:
 * s must stay unchanged and outlive it (a snapshot, restored to seek).
 * model_state_share's copy takes over the blocks s owned, so that s may
 * go on changing (the newest state, snapshotted); s then borrows from the
 * copy, which must outlive it.
 */
struct model_state	*model_state_copy(const struct model_state *);
struct model_state	*model_state_share(struct model_state *s);
/* Block b of the state, made its own (a copy if it was shared) to change. */
struct model_block	*model_state_own_block(struct model_state *,
			    struct model_block *b);

/* About how many bytes the state takes (snapshots are paced by it). */
size_t			 model_state_size(const struct model_state *);

/* True if the record type makes a step (a picture). */
bool			 model_record_is_step(unsigned type);

/* Applies one record; records that do not change memory are ignored. */
void			 model_state_apply(struct model_state *,
			    const struct wire_event *,
			    const struct model_resolver *);

/* The same as applying a pop or a push record, for a reader's fast path. */
void			 model_state_pop(struct model_state *);
void			 model_state_push_cached(struct model_state *,
			    unsigned slot);
void			 model_state_push(struct model_state *,
			    const struct wire_push *);

/* Line steps and the variables of the debug information (model_lines.c). */
void	model_lines_apply(struct model_state *, struct model_thread *,
	    const struct wire_event *, const struct model_resolver *);
/* The pc of the thread's line step ev (full or cached). */
uint64_t model_line_pc(const struct model_thread *, const struct wire_event *);
void	model_statics_apply(struct model_state *, const struct wire_event *,
	    const struct model_resolver *);
void	model_image_put(struct model_image *, uint64_t addr, const uint8_t *,
	    size_t);
void	model_image_update(struct model_image *, uint64_t addr,
	    const uint8_t *, size_t);
const uint8_t *model_image_at(const struct model_image *, uint64_t addr,
	    size_t n);
void	model_image_copy(struct model_image *to, const struct model_image *);
void	model_image_free(struct model_image *);
/* Memory [addr, addr + n) now holds p: into the variables it overlaps. */
void	model_vars_take_mem(struct model_var *, size_t nvars, uint64_t step,
	    uint64_t addr, const uint8_t *p, size_t n);

/*
 * Whether the pictures show every local of a program that registers
 * variables (its DWARF ones, in place of the registered ones): the
 * viewer's `a` key.  One setting for the whole process, as a view option.
 */
void	model_state_show_all_locals(bool);
bool	model_state_all_locals(void);

/*
 * Which variables the pictures show: a program that registers variables
 * shows those (a curated picture), any other its DWARF ones — in the book
 * from the step their declaration ran, in the real view from their
 * frame's first line.
 */
static inline bool
model_var_in_real(const struct model_state *s, const struct model_var *v)
{
	bool all = s->registered && s->lines && model_state_all_locals();

	return v->dwarf ? !s->registered || all : !all;
}

static inline bool
model_var_in_book(const struct model_state *s, const struct model_var *v)
{
	return model_var_in_real(s, v) && (!v->dwarf || v->declared);
}

/*
 * What a block has beside its record (model_block_extra): its contents
 * (NULL, *n = 0: unknown), the step + 1 at which it was lost (0: not
 * lost), the type it was last seen with (NULL: none), its call site
 * (b->nsite pcs; NULL if none).
 */
const uint8_t		*model_block_content(const struct model_state *,
			    const struct model_block *, size_t *n);
uint64_t		 model_block_lost_at(const struct model_state *,
			    const struct model_block *);
const struct model_type	*model_block_last_type(const struct model_state *,
			    const struct model_block *);
const uint64_t		*model_block_site(const struct model_state *,
			    const struct model_block *);
/* Live block i (i < nlive), in no order; the place of a live block. */
struct model_block	*model_state_live(const struct model_state *, size_t i);
size_t			 model_block_place(const struct model_block *);
/* The block in book slot k (1 <= k <= nslots), or NULL: a hole. */
struct model_block	*model_state_slot(const struct model_state *, uint32_t k);

/* The lost_watch bit of live block i (a bit, not a byte, a block). */
static inline bool
model_lost_watched(const struct model_state *s, size_t i)
{
	return s->lost_watch[i / 64] >> i % 64 & 1;
}

static inline void
model_lost_watch(struct model_state *s, size_t i, bool on)
{
	if (on)
		s->lost_watch[i / 64] |= 1ull << i % 64;
	else
		s->lost_watch[i / 64] &= ~(1ull << i % 64);
}

/* Lookups, for the views. */
struct model_thread	*model_state_thread(const struct model_state *, uint32_t tid);
struct model_block	*model_state_block_at(const struct model_state *, uint64_t addr);
const struct model_freed *model_state_freed_at(const struct model_state *,
			    uint64_t addr);
/* The innermost-registered live variable covering addr; *tid set if found. */
const struct model_var	*model_state_var_at(const struct model_state *,
			    uint64_t addr, uint32_t prefer_tid, bool *global);

#endif
