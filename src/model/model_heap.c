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
model_heap_init(struct model_heap *h, const struct model_block_pool *pool)
{
	memset(h, 0, sizeof *h);
	h->pool = pool;
}

void
model_heap_free(struct model_heap *h)
{
	xfree_each(h->chunks, h->nchunks);
	free(h->firsts);
	memset(h, 0, sizeof *h);
}

static struct model_block *
block(const struct model_heap *h, uint32_t n)
{
	return model_pool_block(h->pool, n);
}

static uint64_t
addr_of(const struct model_heap *h, uint32_t n)
{
	return block(h, n)->addr;
}

/* The chunk addr belongs in: the last whose first block is <= addr. */
static size_t
chunk_for(const struct model_heap *h, uint64_t addr)
{
	size_t lo = 0, hi = h->nchunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->firsts[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

/* In a chunk: the number of blocks whose address is <= addr. */
static size_t
upper(const struct model_heap *h, const struct model_heap_chunk *c,
    uint64_t addr)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr_of(h, c->b[mid]) <= addr)
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

/* Chunk ci's first block is new: its address in the directory. */
static void
new_first(struct model_heap *h, size_t ci)
{
	h->firsts[ci] = addr_of(h, h->chunks[ci]->b[0]);
}

/* c, not empty, at chunk place at. */
static void
insert_chunk(struct model_heap *h, size_t at, struct model_heap_chunk *c)
{
	size_t cap = h->capchunks;

	h->chunks = xgrow(h->chunks, &h->capchunks, h->nchunks,
	    sizeof *h->chunks);
	if (h->capchunks != cap || h->firsts == NULL)
		h->firsts = xrealloc(h->firsts, h->capchunks *
		    sizeof *h->firsts);
	memmove(&h->chunks[at + 1], &h->chunks[at],
	    (h->nchunks - at) * sizeof *h->chunks);
	memmove(&h->firsts[at + 1], &h->firsts[at],
	    (h->nchunks - at) * sizeof *h->firsts);
	h->chunks[at] = c;
	h->nchunks++;
	new_first(h, at);
}

/* A chunk of one block, n. */
static struct model_heap_chunk *
chunk_of(uint32_t n)
{
	struct model_heap_chunk *c = new_chunk();

	c->b[0] = n;
	c->n = 1;
	return c;
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
model_heap_insert(struct model_heap *h, uint32_t n)
{
	uint64_t addr = addr_of(h, n);
	struct model_heap_chunk *c;
	size_t ci, at;

	if (h->nchunks == 0) {		/* chunks are never empty but here */
		insert_chunk(h, 0, chunk_of(n));
		return;
	}
	ci = chunk_for(h, addr);
	c = h->chunks[ci];
	if (c->n == MODEL_HEAP_CHUNK && upper(h, c, addr) == c->n) {
		/* past the end of a full chunk (blocks made in address
		 * order): a chunk of its own, the full one stays full */
		insert_chunk(h, ci + 1, chunk_of(n));
		return;
	}
	if (c->n == MODEL_HEAP_CHUNK) {
		split(h, ci);
		if (addr >= h->firsts[ci + 1])
			ci++;
		c = h->chunks[ci];
	}
	at = upper(h, c, addr);
	memmove(&c->b[at + 1], &c->b[at], (c->n - at) * sizeof *c->b);
	c->b[at] = n;
	c->n++;
	if (at == 0)
		new_first(h, ci);
}

/*
 * Where block b (number n if not 0, else whichever number leads to b) is:
 * its chunk and its place there; false if it is not here.
 */
static bool
locate(const struct model_heap *h, const struct model_block *b, uint32_t n,
    size_t *ci, size_t *at)
{
	const struct model_heap_chunk *c;
	size_t i;

	if (h->nchunks == 0)
		return false;
	*ci = chunk_for(h, b->addr);
	c = h->chunks[*ci];
	for (i = upper(h, c, b->addr); i > 0 &&
	    addr_of(h, c->b[i - 1]) == b->addr; i--)
		if (n != 0 ? c->b[i - 1] == n : block(h, c->b[i - 1]) == b) {
			*at = i - 1;
			return true;
		}
	return false;
}

void
model_heap_remove(struct model_heap *h, uint32_t n)
{
	struct model_heap_chunk *c;
	size_t ci, at;

	if (!locate(h, block(h, n), n, &ci, &at))
		return;
	c = h->chunks[ci];
	memmove(&c->b[at], &c->b[at + 1], (c->n - at - 1) * sizeof *c->b);
	if (--c->n == 0) {
		free(c);
		memmove(&h->chunks[ci], &h->chunks[ci + 1],
		    (h->nchunks - ci - 1) * sizeof *h->chunks);
		memmove(&h->firsts[ci], &h->firsts[ci + 1],
		    (h->nchunks - ci - 1) * sizeof *h->firsts);
		h->nchunks--;
	} else if (at == 0) {
		new_first(h, ci);
	}
}

void
model_heap_replace(struct model_heap *h, uint32_t old, uint32_t n)
{
	size_t ci, at;

	if (locate(h, block(h, old), old, &ci, &at))
		h->chunks[ci]->b[at] = n;
}

void
model_heap_copy(struct model_heap *to, const struct model_heap *from)
{
	size_t i;

	model_heap_init(to, from->pool);
	to->capchunks = to->nchunks = from->nchunks;
	to->chunks = xrealloc(NULL, (from->nchunks ? from->nchunks : 1) *
	    sizeof *to->chunks);
	to->firsts = xrealloc(NULL, (from->nchunks ? from->nchunks : 1) *
	    sizeof *to->firsts);
	if (from->nchunks > 0)
		memcpy(to->firsts, from->firsts, from->nchunks *
		    sizeof *to->firsts);
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
	i = upper(h, c, addr);
	return i > 0 ? block(h, c->b[i - 1]) : NULL;
}

struct model_block *
model_heap_first(const struct model_heap *h)
{
	return h->nchunks > 0 ? block(h, h->chunks[0]->b[0]) : NULL;
}

struct model_block *
model_heap_last(const struct model_heap *h)
{
	const struct model_heap_chunk *c;

	if (h->nchunks == 0)
		return NULL;
	c = h->chunks[h->nchunks - 1];
	return block(h, c->b[c->n - 1]);
}

struct model_block *
model_heap_next(const struct model_heap *h, const struct model_block *b)
{
	size_t ci, at;

	if (!locate(h, b, 0, &ci, &at))
		return NULL;
	if (at + 1 < h->chunks[ci]->n)
		return block(h, h->chunks[ci]->b[at + 1]);
	return ci + 1 < h->nchunks ? block(h, h->chunks[ci + 1]->b[0]) : NULL;
}

struct model_block *
model_heap_prev(const struct model_heap *h, const struct model_block *b)
{
	size_t ci, at;

	if (!locate(h, b, 0, &ci, &at))
		return NULL;
	if (at > 0)
		return block(h, h->chunks[ci]->b[at - 1]);
	return ci > 0 ? block(h, h->chunks[ci - 1]->b[h->chunks[ci - 1]->n - 1]) :
	    NULL;
}

/* --- call sites, each kept once ---------------------------------------------- */

#define SITES_PAGE 4096		/* pcs per page of the table */

struct model_site_entry {
	const uint64_t	*pcs;	/* NULL: an empty slot */
	unsigned	 n;
	uint32_t	 id;	/* its place in byid */
	int8_t		 library;	/* a library's own; -1: not asked yet */
};

struct model_sites *
model_sites_new(void)
{
	return xcalloc(1, sizeof(struct model_sites));
}

void
model_sites_free(struct model_sites *t)
{
	if (t == NULL)
		return;
	xfree_each(t->pages, t->npages);
	free(t->slots);
	free(t->byid);
	free(t);
}

static size_t
site_hash(const uint64_t *pcs, unsigned n)
{
	uint64_t h = n;
	unsigned i;

	for (i = 0; i < n; i++)
		h = (h ^ pcs[i]) * 0x9e3779b97f4a7c15ull;
	return (size_t)(h ^ h >> 29);
}

static struct model_site_entry *
site_slot(struct model_site_entry *slots, size_t nslots, const uint64_t *pcs,
    unsigned n)
{
	size_t i = site_hash(pcs, n) & (nslots - 1);

	while (slots[i].pcs != NULL && (slots[i].n != n ||
	    memcmp(slots[i].pcs, pcs, n * sizeof *pcs) != 0))
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

static bool
site_used(const void *e)
{
	return ((const struct model_site_entry *)e)->pcs != NULL;
}

static void *
site_place(void *slots, size_t nslots, const void *e)
{
	const struct model_site_entry *site = e;

	return site_slot(slots, nslots, site->pcs, site->n);
}

/* Room for n pcs that will not move. */
static uint64_t *
site_room(struct model_sites *t, unsigned n)
{
	if (t->npages == 0 || t->page_used + n > SITES_PAGE) {
		t->pages = xgrow(t->pages, &t->cappages, t->npages,
		    sizeof *t->pages);
		t->pages[t->npages++] = xrealloc(NULL, SITES_PAGE *
		    sizeof **t->pages);
		t->page_used = 0;
	}
	t->page_used += n;
	return t->pages[t->npages - 1] + t->page_used - n;
}

uint32_t
model_sites_intern(struct model_sites *t, const uint64_t *pcs, unsigned n,
    int8_t **library)
{
	struct model_site_entry *e;
	uint64_t *copy;

	if ((t->used + 1) * 2 > t->nslots)
		t->slots = xrehash(t->slots, &t->nslots, sizeof *t->slots,
		    site_used, site_place);
	e = site_slot(t->slots, t->nslots, pcs, n);
	*library = &e->library;
	if (e->pcs != NULL)
		return e->id;
	copy = site_room(t, n);
	memcpy(copy, pcs, n * sizeof *pcs);
	e->pcs = copy;
	e->n = n;
	e->library = -1;
	e->id = (uint32_t)t->used;
	t->byid = xgrow(t->byid, &t->capbyid, t->used, sizeof *t->byid);
	t->byid[t->used++] = copy;
	return e->id;
}

const uint64_t *
model_sites_pcs(const struct model_sites *t, uint32_t id)
{
	return t->byid[id];
}

/* --- what few blocks have, by record -------------------------------------------- */

struct model_extra_slot {
	const struct model_block	*of;	/* NULL: an empty slot */
	struct model_block_extra	 extra;
};

static size_t
extra_hash(const struct model_block *b)
{
	uint64_t h = (uint64_t)(uintptr_t)b * 0x9e3779b97f4a7c15ull;

	return (size_t)(h ^ h >> 31);
}

/* Where b's slot is, or the empty one where it would go. */
static size_t
extra_find(const struct model_extra_slot *slots, size_t cap,
    const struct model_block *b)
{
	size_t i = extra_hash(b) & (cap - 1);

	while (slots[i].of != NULL && slots[i].of != b)
		i = (i + 1) & (cap - 1);
	return i;
}

static bool
extra_used(const void *e)
{
	return ((const struct model_extra_slot *)e)->of != NULL;
}

static void *
extra_place(void *slots, size_t cap, const void *e)
{
	struct model_extra_slot *t = slots;

	return &t[extra_find(t, cap, ((const struct model_extra_slot *)e)->of)];
}

struct model_block_extra *
model_pool_extra(const struct model_block_pool *p, const struct model_block *b)
{
	size_t i;

	if (!b->extra)
		return NULL;
	i = extra_find(p->extras, p->capextras, b);
	return &p->extras[i].extra;
}

struct model_block_extra *
model_pool_extra_add(struct model_block_pool *p, struct model_block *b)
{
	size_t i;

	if (b->extra)
		return model_pool_extra(p, b);
	if ((p->nextras + 1) * 2 > p->capextras)
		p->extras = xrehash(p->extras, &p->capextras, sizeof *p->extras,
		    extra_used, extra_place);
	i = extra_find(p->extras, p->capextras, b);
	memset(&p->extras[i], 0, sizeof p->extras[i]);
	p->extras[i].of = b;
	p->nextras++;
	b->extra = 1;
	return &p->extras[i].extra;
}

/* Slot i is empty now: the slots after it that would find it move up. */
static void
extra_close_gap(struct model_extra_slot *slots, size_t cap, size_t i)
{
	size_t j = i;

	for (;;) {
		size_t home;

		j = (j + 1) & (cap - 1);
		if (slots[j].of == NULL)
			break;
		home = extra_hash(slots[j].of) & (cap - 1);
		/* j's entry stays if its home lies in (i, j], cyclically */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		slots[i] = slots[j];
		slots[j].of = NULL;
		i = j;
	}
}

void
model_pool_extra_drop(struct model_block_pool *p, struct model_block *b)
{
	size_t i;

	if (!b->extra)
		return;
	i = extra_find(p->extras, p->capextras, b);
	free(p->extras[i].extra.content);
	p->extras[i].of = NULL;
	p->nextras--;
	b->extra = 0;
	extra_close_gap(p->extras, p->capextras, i);
}

/* --- block records ------------------------------------------------------------- */

/* What a freed record's first bytes hold: the number of the next free one. */
struct pool_link {
	uint32_t	next;
};

/* The number of a record never used, in a new chunk if need be. */
static uint32_t
pool_grow(struct model_block_pool *p)
{
	if (p->nchunks == 0 || p->used == MODEL_POOL_CHUNK) {
		if (p->nchunks >= UINT32_MAX / MODEL_POOL_CHUNK)
			abort();	/* 2^32 blocks: beyond any memory */
		p->chunks = xgrow(p->chunks, &p->capchunks, p->nchunks,
		    sizeof *p->chunks);
		p->chunks[p->nchunks++] = xrealloc(NULL,
		    MODEL_POOL_CHUNK * sizeof **p->chunks);
		p->used = 0;
	}
	return (uint32_t)((p->nchunks - 1) * MODEL_POOL_CHUNK + ++p->used);
}

uint32_t
model_pool_get(struct model_block_pool *p)
{
	struct pool_link link;
	uint32_t n;

	if (p->free != 0) {
		n = p->free;
		memcpy(&link, model_pool_block(p, n), sizeof link);
		p->free = link.next;
	} else {
		n = pool_grow(p);
	}
	memset(model_pool_block(p, n), 0, sizeof(struct model_block));
	return n;
}

void
model_pool_put(struct model_block_pool *p, uint32_t n)
{
	const struct pool_link link = { p->free };
	struct model_block *b = model_pool_block(p, n);

	model_pool_extra_drop(p, b);
	memcpy(b, &link, sizeof link);
	p->free = n;
}

struct model_block_pool *
model_pool_new(void)
{
	struct model_block_pool *p = xcalloc(1, sizeof *p);

	p->refs = 1;
	return p;
}

void
model_pool_ref(struct model_block_pool *p)
{
	p->refs++;
}

void
model_pool_unref(struct model_block_pool *p)
{
	size_t i;

	if (p == NULL || --p->refs > 0)
		return;
	for (i = 0; i < p->capextras; i++)
		if (p->extras[i].of != NULL)
			free(p->extras[i].extra.content);
	free(p->extras);
	model_sites_free(p->sites);
	xfree_each(p->chunks, p->nchunks);
	free(p);
}
