/*
 * util_alloc.h — the viewer's one allocation family.  Running out of
 * memory while building the model is not recoverable: these print one
 * line and abort rather than hand back NULL.
 */
#ifndef UTIL_ALLOC_H
#define UTIL_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void	*xrealloc(void *p, size_t n);
void	*xcalloc(size_t n, size_t size);
/* Room for one more element of an array of n elem-sized items (cap doubles). */
void	*xgrow(void *p, size_t *cap, size_t n, size_t elem);
/*
 * An open-addressing table of *cap entries of elem bytes (zero: free),
 * moved into twice the room (64 at first): each entry that is used goes
 * where place() finds room for it.  Returns the new table.
 */
void	*xrehash(void *table, size_t *cap, size_t elem,
	    bool (*used)(const void *entry),
	    void *(*place)(void *table, size_t cap, const void *entry));
/* Frees the n pointers of the array v, then v itself. */
void	 xfree_each(void *v, size_t n);
/* A copy of n bytes at p; NULL for NULL. */
uint8_t	*xmemdup(const uint8_t *p, size_t n);

#endif
