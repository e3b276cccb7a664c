/*
 * util_alloc.c — see util_alloc.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util_alloc.h"

static void *
checked(void *p)
{
	if (p == NULL) {
		fputs("stackheap: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	return checked(realloc(p, n ? n : 1));
}

void *
xcalloc(size_t n, size_t size)
{
	return checked(calloc(n ? n : 1, size ? size : 1));
}

void *
xgrow(void *p, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return p;
	if (elem != 0 && *cap > SIZE_MAX / 2 / elem)
		return checked(NULL);	/* the size would wrap: as good as no memory */
	*cap = *cap ? *cap * 2 : 8;
	return xrealloc(p, *cap * elem);
}

uint8_t *
xmemdup(const uint8_t *p, size_t n)
{
	if (p == NULL)
		return NULL;
	return memcpy(xrealloc(NULL, n), p, n);
}

void
xfree_each(void *v, size_t n)
{
	void **p = v;
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i]);
	free(v);
}

void *
xrehash(void *table, size_t *cap, size_t elem, bool (*used)(const void *),
    void *(*place)(void *, size_t, const void *))
{
	const unsigned char *old = table;
	size_t oldcap = *cap, i;
	void *fresh;

	*cap = oldcap ? oldcap * 2 : 64;
	fresh = xcalloc(*cap, elem);
	for (i = 0; i < oldcap; i++)
		if (used(old + i * elem))
			memcpy(place(fresh, *cap, old + i * elem), old + i * elem,
			    elem);
	free(table);
	return fresh;
}
