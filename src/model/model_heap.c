/*
 * model_heap.c — live blocks in address order (see model_heap.h).  Each
 * chunk is sorted and the chunks follow each other; a full chunk splits in
 * two, an empty one goes.  Every operation is two binary searches and a
 * move of at most a chunk's worth of pointers.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_heap.h"
#include "model/model_state.h"
#include "util/util_alloc.h"

void
model_heap_init(struct model_heap *h)
{
	memset(h, 0, sizeof *h);
}

void
model_heap_free(struct model_heap *h)
{
	size_t i;

	for (i = 0; i < h->nchunks; i++)
		free(h->chunks[i]);
	free(h->chunks);
	memset(h, 0, sizeof *h);
}

/* The chunk addr belongs in: the last whose first block is <= addr. */
static size_t
chunk_for(const struct model_heap *h, uint64_t addr)
{
	size_t lo = 0, hi = h->nchunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->chunks[mid]->b[0]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

/* In a chunk: the number of blocks whose address is <= addr. */
static size_t
upper(const struct model_heap_chunk *c, uint64_t addr)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->b[mid]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct model_heap_chunk *
new_chunk(void)
{
	return xcalloc(1, sizeof(struct model_heap_chunk));
}

static void
insert_chunk(struct model_heap *h, size_t at, struct model_heap_chunk *c)
{
	h->chunks = xgrow(h->chunks, &h->capchunks, h->nchunks,
	    sizeof *h->chunks);
	memmove(&h->chunks[at + 1], &h->chunks[at],
	    (h->nchunks - at) * sizeof *h->chunks);
	h->chunks[at] = c;
	h->nchunks++;
}

static void
split(struct model_heap *h, size_t ci)
{
	struct model_heap_chunk *c = h->chunks[ci], *d = new_chunk();
	size_t half = c->n / 2;

	d->n = c->n - half;
	memcpy(d->b, c->b + half, d->n * sizeof *d->b);
	c->n = half;
	insert_chunk(h, ci + 1, d);
}

void
model_heap_insert(struct model_heap *h, struct model_block *b)
{
	struct model_heap_chunk *c;
	size_t ci, at;

	if (h->nchunks == 0) {		/* chunks are never empty but here */
		insert_chunk(h, 0, new_chunk());
		h->chunks[0]->b[0] = b;
		h->chunks[0]->n = 1;
		return;
	}
	ci = chunk_for(h, b->addr);
	c = h->chunks[ci];
	if (c->n == MODEL_HEAP_CHUNK) {
		split(h, ci);
		if (b->addr >= h->chunks[ci + 1]->b[0]->addr)
			ci++;
		c = h->chunks[ci];
	}
	at = upper(c, b->addr);
	memmove(&c->b[at + 1], &c->b[at], (c->n - at) * sizeof *c->b);
	c->b[at] = b;
	c->n++;
}

/* Where b is: its chunk and its place there; false if it is not here. */
static bool
locate(const struct model_heap *h, const struct model_block *b, size_t *ci,
    size_t *at)
{
	size_t i;

	if (h->nchunks == 0)
		return false;
	*ci = chunk_for(h, b->addr);
	i = upper(h->chunks[*ci], b->addr);
	while (i > 0 && h->chunks[*ci]->b[i - 1]->addr == b->addr) {
		if (h->chunks[*ci]->b[i - 1] == b) {
			*at = i - 1;
			return true;
		}
		i--;
	}
	return false;
}

void
model_heap_remove(struct model_heap *h, const struct model_block *b)
{
	struct model_heap_chunk *c;
	size_t ci, at;

	if (!locate(h, b, &ci, &at))
		return;
	c = h->chunks[ci];
	memmove(&c->b[at], &c->b[at + 1], (c->n - at - 1) * sizeof *c->b);
	if (--c->n == 0) {
		free(c);
		memmove(&h->chunks[ci], &h->chunks[ci + 1],
		    (h->nchunks - ci - 1) * sizeof *h->chunks);
		h->nchunks--;
	}
}

void
model_heap_replace(struct model_heap *h, const struct model_block *old,
    struct model_block *b)
{
	size_t ci, at;

	if (locate(h, old, &ci, &at))
		h->chunks[ci]->b[at] = b;
}

void
model_heap_copy(struct model_heap *to, const struct model_heap *from)
{
	size_t i;

	model_heap_init(to);
	to->capchunks = to->nchunks = from->nchunks;
	to->chunks = xrealloc(NULL, (from->nchunks ? from->nchunks : 1) *
	    sizeof *to->chunks);
	for (i = 0; i < from->nchunks; i++)
		to->chunks[i] = memcpy(xrealloc(NULL, sizeof *to->chunks[i]),
		    from->chunks[i], sizeof *to->chunks[i]);
}

struct model_block *
model_heap_floor(const struct model_heap *h, uint64_t addr)
{
	const struct model_heap_chunk *c;
	size_t i;

	if (h->nchunks == 0)
		return NULL;
	c = h->chunks[chunk_for(h, addr)];
	i = upper(c, addr);
	return i > 0 ? c->b[i - 1] : NULL;
}

struct model_block *
model_heap_first(const struct model_heap *h)
{
	return h->nchunks > 0 ? h->chunks[0]->b[0] : NULL;
}

struct model_block *
model_heap_last(const struct model_heap *h)
{
	const struct model_heap_chunk *c;

	if (h->nchunks == 0)
		return NULL;
	c = h->chunks[h->nchunks - 1];
	return c->b[c->n - 1];
}

struct model_block *
model_heap_next(const struct model_heap *h, const struct model_block *b)
{
	size_t ci, at;

	if (!locate(h, b, &ci, &at))
		return NULL;
	if (at + 1 < h->chunks[ci]->n)
		return h->chunks[ci]->b[at + 1];
	return ci + 1 < h->nchunks ? h->chunks[ci + 1]->b[0] : NULL;
}

struct model_block *
model_heap_prev(const struct model_heap *h, const struct model_block *b)
{
	size_t ci, at;

	if (!locate(h, b, &ci, &at))
		return NULL;
	if (at > 0)
		return h->chunks[ci]->b[at - 1];
	return ci > 0 ? h->chunks[ci - 1]->b[h->chunks[ci - 1]->n - 1] : NULL;
}
