/*
 * model_heap.h — the live heap blocks of a state, ordered by address, for
 * the lookups a trace makes at every free and every write into a block,
 * and for drawing the heap in address order.  A million live blocks must
 * cost no more per operation than a hundred: blocks are kept in chunks of
 * at most MODEL_HEAP_CHUNK, and a directory of chunks is searched first.
 */
#ifndef MODEL_HEAP_H
#define MODEL_HEAP_H

#include <stddef.h>
#include <stdint.h>

#define MODEL_HEAP_CHUNK 256
#define MODEL_POOL_CHUNK 1024

struct model_site_entry;
struct model_type;

/*
 * A live block.  A million of them must fit in the model's memory
 * (issue 12: at most 64 bytes a block, the indexes included), so the
 * record is packed: steps take 48 bits (2^48 steps is beyond any trace),
 * and so does the epoch of the state that owns it (2^48 copies of states,
 * one a microsecond at best, is years of stepping back and forth),
 * the call site is a number in the pool's table of sites, what few blocks
 * have (contents, lost, last type) is in the pool's side table (struct
 * model_block_extra), and the records come from the pool (below), which
 * the indexes of a state refer to by number.  Read what is not here
 * through model_block_content() and its kin (model_state.h).
 */
struct model_block {
	uint64_t	addr, size;
	uint64_t	step_added : 48;
	uint64_t	reachable : 1;	/* a registered variable leads to it */
	uint64_t	was_reachable : 1;	/* ... or did at some step */
	uint64_t	kind : 4;	/* enum sh_alloc_kind */
	uint64_t	nsite : 4;	/* <= MODEL_SITE_FRAMES */
	uint64_t	library : 1;	/* a library's own (resolver's library_site) */
	uint64_t	extra : 1;	/* has an entry in the pool's side table */
	uint64_t	step_changed : 48;
	uint64_t	epoch_hi : 16;	/* the state that owns it (copy-on-write): */
	uint32_t	epoch_lo;	/* model_block_epoch() */
	uint32_t	site;		/* its call site's number in pool->sites */
	uint32_t	k;		/* book slot: address (2^30) - k; 0: none (library) */
	uint32_t	dense;		/* its place in state->live */
};

#define MODEL_EPOCH_MAX ((1ull << 48) - 1)

static inline uint64_t
model_block_epoch(const struct model_block *b)
{
	return (uint64_t)b->epoch_hi << 32 | b->epoch_lo;
}

static inline void
model_block_set_epoch(struct model_block *b, uint64_t epoch)
{
	b->epoch_hi = epoch >> 32 & 0xffff;
	b->epoch_lo = (uint32_t)epoch;
}

/*
 * The call sites of heap blocks, each distinct one kept once: a program
 * with a million live blocks has a handful of allocation sites, and a
 * block keeps a site's number in this table rather than its own copy.
 * Entries never move or go while the table lives; it is the block pool's
 * (below), so a state and its copies number sites alike.
 */
struct model_sites {
	struct model_site_entry	*slots;		/* open addressing */
	size_t		  nslots, used;
	const uint64_t	**byid;		/* each entry's pcs, by its number */
	size_t		  capbyid;
	uint64_t	**pages;		/* where the entries' pcs live */
	size_t		  npages, cappages, page_used;
};

struct model_sites	*model_sites_new(void);
void			 model_sites_free(struct model_sites *);
/*
 * The number of the table's copy of pcs[0..n) (n > 0), added if new (a
 * block keeps 32 bits, not a pointer); *library is set to where the site's
 * verdict is kept (-1 until it is given), valid until the next intern.
 */
uint32_t		 model_sites_intern(struct model_sites *,
			    const uint64_t *pcs, unsigned n, int8_t **library);
/* The pcs of site number id. */
const uint64_t		*model_sites_pcs(const struct model_sites *, uint32_t id);

/*
 * What few blocks have, kept beside the records rather than in each one
 * (issue 12: a million blocks without contents pay nothing for it): the
 * bytes written into the block, when it was lost, the type it was last
 * seen with.  A record that has one says so (model_block.extra).
 */
struct model_block_extra {
	uint8_t			*content;	/* ncontent bytes, owned; NULL: unknown */
	uint32_t		 ncontent;	/* <= MODEL_CONTENT_MAX */
	uint64_t		 lost_at;	/* step + 1 at which it was lost; 0: not */
	const struct model_type	*last_type;	/* the last type it was seen with */
};

/*
 * The records of the live blocks of a state and of its copies (blocks pass
 * between them, copy-on-write), in chunks of MODEL_POOL_CHUNK: no
 * allocator header per block, and a freed record is reused by the next.
 * A record is known by its number (from 1; 0 is none), which the indexes
 * keep in 32 bits instead of a pointer's 64, and never moves.  Counted: it
 * goes with the last state that uses it.
 */
struct model_block_pool {
	struct model_block	**chunks;
	size_t			  nchunks, capchunks, used;	/* in the last */
	uint32_t		  free;		/* freed records, linked; 0: none */
	size_t			  refs;
	struct model_extra_slot	 *extras;	/* by record: open addressing */
	size_t			  capextras, nextras;
	struct model_sites	 *sites;	/* the records' call sites */
};

struct model_block_pool	*model_pool_new(void);
void			 model_pool_ref(struct model_block_pool *);
void			 model_pool_unref(struct model_block_pool *);
/* The number of a record, zeroed. */
uint32_t		 model_pool_get(struct model_block_pool *);
/* Puts record n back, with its extra and its contents. */
void			 model_pool_put(struct model_block_pool *, uint32_t n);

/* Record n (n >= 1). */
static inline struct model_block *
model_pool_block(const struct model_block_pool *p, uint32_t n)
{
	return &p->chunks[(n - 1) / MODEL_POOL_CHUNK][(n - 1) % MODEL_POOL_CHUNK];
}

/*
 * The extra of a record: NULL if it has none; model_pool_extra_add gives
 * it one (zeroed) if it has none.  The pointer is good until the next
 * extra is added or dropped (the table moves as it grows).
 */
struct model_block_extra *model_pool_extra(const struct model_block_pool *,
			    const struct model_block *);
struct model_block_extra *model_pool_extra_add(struct model_block_pool *,
			    struct model_block *);
/* The record has no extra any more; its contents are freed. */
void			 model_pool_extra_drop(struct model_block_pool *,
			    struct model_block *);

/* Blocks by their numbers in the pool (4 bytes a block, not 8). */
struct model_heap_chunk {
	size_t			 n;
	uint32_t		 b[MODEL_HEAP_CHUNK];
};

struct model_heap {
	struct model_heap_chunk	**chunks;
	uint64_t		 *firsts;	/* each chunk's first address: a
						 * search reads no block */
	size_t			  nchunks, capchunks;
	const struct model_block_pool *pool;	/* where the numbers lead */
};

void			 model_heap_init(struct model_heap *,
			    const struct model_block_pool *);
void			 model_heap_free(struct model_heap *);	/* not the blocks */
/* Block number n of the pool comes in, or goes. */
void			 model_heap_insert(struct model_heap *, uint32_t n);
void			 model_heap_remove(struct model_heap *, uint32_t n);
/* Puts block n in old's place (the same address): a copy-on-write copy. */
void			 model_heap_replace(struct model_heap *, uint32_t old,
			    uint32_t n);
/* The same blocks, in chunks of its own. */
void			 model_heap_copy(struct model_heap *to,
			    const struct model_heap *from);
/* The block with the highest address <= addr, or NULL. */
struct model_block	*model_heap_floor(const struct model_heap *, uint64_t addr);
/* The first block, and the one after b, in address order. */
struct model_block	*model_heap_first(const struct model_heap *);
struct model_block	*model_heap_next(const struct model_heap *,
			    const struct model_block *);
/* The last block, and the one before b. */
struct model_block	*model_heap_last(const struct model_heap *);
struct model_block	*model_heap_prev(const struct model_heap *,
			    const struct model_block *);

#endif
