/*
 * model_steps.h — the index of a trace's steps: where each step's record
 * is, which thread made it, and the narration attached to it.  It must
 * stay small for traces of hundreds of millions of steps: an offset costs
 * four bytes (relative to its block's base), threads are kept as runs, and
 * narration only where there is some.
 */
#ifndef MODEL_STEPS_H
#define MODEL_STEPS_H

#include <stddef.h>
#include <stdint.h>

struct model_steps_block {
	size_t		first;	/* its first step */
	uint64_t	base;	/* the offsets of its steps are from here */
};

struct model_steps_run {
	size_t		first;	/* the first step of a run of one thread's */
	uint32_t	tid;
};

struct model_steps_say {
	size_t		step;
	char		*text;
};

struct model_steps {
	uint32_t			*off;
	size_t				 n, cap;
	struct model_steps_block	*blocks;
	size_t				 nblocks, capblocks;
	struct model_steps_run		*runs;
	size_t				 nruns, capruns;
	struct model_steps_say		*says;
	size_t				 nsays, capsays;
};

void		 model_steps_init(struct model_steps *);
void		 model_steps_free(struct model_steps *);
void		 model_steps_add_slow(struct model_steps *, uint64_t offset,
		    uint32_t tid);
uint64_t	 model_steps_offset(const struct model_steps *, size_t i);
uint32_t	 model_steps_tid(const struct model_steps *, size_t i);
/* Adds narration to step i (the newest step, or one after it). */
void		 model_steps_say(struct model_steps *, size_t i, const char *,
		    size_t);
const char	*model_steps_said(const struct model_steps *, size_t i);
/*
 * Of n records of size bytes sorted by a size_t step at byte offset off,
 * the first whose step is >= step, or n: narration and output are kept
 * in step order and found this way.
 */
size_t		 model_steps_first_at(const void *records, size_t n,
		    size_t size, size_t off, size_t step);
/* Bytes the index takes, for the benchmark. */
size_t		 model_steps_memory(const struct model_steps *);

#define MODEL_STEPS_BLOCK 65536u	/* steps of one block (one base) */

/*
 * A step's record at offset, by thread tid.  Every step of a trace comes
 * here: the common case, room and the same block and thread as the step
 * before, is inline.
 */
static inline void
model_steps_add(struct model_steps *s, uint64_t offset, uint32_t tid)
{
	const struct model_steps_block *b = s->nblocks > 0 ?
	    &s->blocks[s->nblocks - 1] : NULL;

	if (b != NULL && s->n < s->cap && s->n - b->first < MODEL_STEPS_BLOCK &&
	    offset - b->base <= UINT32_MAX && s->runs[s->nruns - 1].tid == tid)
		s->off[s->n++] = (uint32_t)(offset - b->base);
	else
		model_steps_add_slow(s, offset, tid);
}

#endif
