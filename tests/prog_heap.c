/*
 * prog_heap — every member of the malloc family once, with sizes the test
 * can pick out: 101 malloc, 102 calloc, 103 grown by realloc until it
 * moves, 104 realloc(NULL), 105 posix_memalign, 128 aligned_alloc, 106
 * memalign, 107 valloc, 108 reallocarray, strdup, fopen (inside libc),
 * pvalloc(10) (a whole page).  All freed again; realloc(p, 0) frees one.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(void)
{
	void *aligned = NULL;
	char *volatile nothing = NULL;
	char *a = malloc(101);
	char *b = calloc(3, 34);
	char *c = malloc(103);
	char *d = realloc(nothing, 104);	/* not malloc, as gcc would make it */
	char *e, *f, *g, *h, *s, *moved, *page;
	FILE *fp;

	moved = realloc(c, 1 << 20);	/* too big to grow in place */
	d = realloc(d, 40);		/* shrink */
	if (posix_memalign(&aligned, 64, 105) != 0)
		return 1;
	e = aligned_alloc(64, 128);
	f = memalign(32, 106);
	g = valloc(107);
	h = reallocarray(NULL, 2, 54);
	s = strdup("stackheap");
	fp = fopen("/dev/null", "r");
	page = pvalloc(10);
	if (!a || !b || !moved || !d || !e || !f || !g || !h || !s || !fp ||
	    !page)
		return 1;
	free(page);
	fclose(fp);
	free(a);
	free(b);
	free(moved);
	if (realloc(d, 0) != NULL)
		return 1;
	free(aligned);
	free(e);
	free(f);
	free(g);
	free(h);
	free(s);
	return 0;
}
