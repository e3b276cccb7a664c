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

struct model_block;

struct model_heap_chunk {
	size_t			 n;
	struct model_block	*b[MODEL_HEAP_CHUNK];
};

struct model_heap {
	struct model_heap_chunk	**chunks;
	size_t			  nchunks, capchunks;
};

void			 model_heap_init(struct model_heap *);
void			 model_heap_free(struct model_heap *);	/* not the blocks */
void			 model_heap_insert(struct model_heap *, struct model_block *);
void			 model_heap_remove(struct model_heap *, const struct model_block *);
/* Puts b in old's place (the same address): a block's copy-on-write copy. */
void			 model_heap_replace(struct model_heap *,
			    const struct model_block *old, struct model_block *b);
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
