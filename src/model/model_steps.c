/*
 * model_steps.c — the step index (see model_steps.h).  Lookups of a
 * thread or a block are binary searches over runs, which are few.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_steps.h"
#include "util/util_alloc.h"


void
model_steps_init(struct model_steps *s)
{
	memset(s, 0, sizeof *s);
}

void
model_steps_free(struct model_steps *s)
{
	size_t i;

	for (i = 0; i < s->nsays; i++)
		free(s->says[i].text);
	free(s->says);
	free(s->runs);
	free(s->blocks);
	free(s->off);
	memset(s, 0, sizeof *s);
}

void
model_steps_add_slow(struct model_steps *s, uint64_t offset, uint32_t tid)
{
	struct model_steps_block *b = s->nblocks ? &s->blocks[s->nblocks - 1] :
	    NULL;

	if (b == NULL || s->n - b->first >= MODEL_STEPS_BLOCK ||
	    offset - b->base > UINT32_MAX) {
		s->blocks = xgrow(s->blocks, &s->capblocks, s->nblocks,
		    sizeof *s->blocks);
		b = &s->blocks[s->nblocks++];
		b->first = s->n;
		b->base = offset;
	}
	if (s->nruns == 0 || s->runs[s->nruns - 1].tid != tid) {
		s->runs = xgrow(s->runs, &s->capruns, s->nruns, sizeof *s->runs);
		s->runs[s->nruns].first = s->n;
		s->runs[s->nruns++].tid = tid;
	}
	s->off = xgrow(s->off, &s->cap, s->n, sizeof *s->off);
	s->off[s->n++] = (uint32_t)(offset - b->base);
}

/* The last element of an array sorted by `first` whose first is <= i. */
#define FIND_LAST_LE(arr, count, i, out) do {				\
	size_t lo_ = 0, hi_ = (count);					\
	while (lo_ < hi_) {						\
		size_t mid_ = lo_ + (hi_ - lo_) / 2;			\
		if ((arr)[mid_].first <= (i))				\
			lo_ = mid_ + 1;					\
		else							\
			hi_ = mid_;					\
	}								\
	(out) = lo_ ? lo_ - 1 : 0;					\
} while (0)

uint64_t
model_steps_offset(const struct model_steps *s, size_t i)
{
	size_t b;

	FIND_LAST_LE(s->blocks, s->nblocks, i, b);
	return s->blocks[b].base + s->off[i];
}

uint32_t
model_steps_tid(const struct model_steps *s, size_t i)
{
	size_t r;

	if (i >= s->n || s->nruns == 0)
		return 0;
	FIND_LAST_LE(s->runs, s->nruns, i, r);
	return s->runs[r].tid;
}

void
model_steps_say(struct model_steps *s, size_t i, const char *text, size_t n)
{
	struct model_steps_say *last = s->nsays ? &s->says[s->nsays - 1] : NULL;
	size_t had;

	if (last == NULL || last->step != i) {
		s->says = xgrow(s->says, &s->capsays, s->nsays, sizeof *s->says);
		last = &s->says[s->nsays++];
		last->step = i;
		last->text = NULL;
	}
	had = last->text != NULL ? strlen(last->text) : 0;
	last->text = realloc(last->text, had + n + 2);
	if (last->text == NULL)
		abort();
	if (had > 0)
		last->text[had++] = ' ';
	memcpy(last->text + had, text, n);
	last->text[had + n] = '\0';
}

size_t
model_steps_first_at(const void *records, size_t n, size_t size, size_t off,
    size_t step)
{
	const unsigned char *base = records;
	size_t lo = 0, hi = n, at;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		memcpy(&at, base + mid * size + off, sizeof at);
		if (at < step)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *
model_steps_said(const struct model_steps *s, size_t i)
{
	size_t lo = model_steps_first_at(s->says, s->nsays, sizeof *s->says,
	    offsetof(struct model_steps_say, step), i);

	return lo < s->nsays && s->says[lo].step == i ? s->says[lo].text : NULL;
}

size_t
model_steps_memory(const struct model_steps *s)
{
	return s->cap * sizeof *s->off + s->capblocks * sizeof *s->blocks +
	    s->capruns * sizeof *s->runs + s->capsays * sizeof *s->says;
}
