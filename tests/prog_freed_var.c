/*
 * prog_freed_var — a registered variable in memory the program then gives
 * back: a field of a large heap block (glibc unmaps it at free) and an
 * int in a page of its own, unmapped.  The runtime must not fault
 * reading them at the steps after; the 5151 bytes allocated then must be
 * recorded, and the program exits 0.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include <stackheap.h>

struct big {
	char	 pad[1 << 20];
	int	 x;
};

static int
after(void)
{
	char *p = malloc(5151);

	if (p == NULL)
		return 1;
	p[0] = 0;
	free(p);
	return 0;
}

int
main(void)
{
	struct big *b = malloc(sizeof *b);
	int *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == NULL || page == MAP_FAILED)
		return 1;
	b->x = 7;
	*page = 8;
	SH_VAR(b->x);
	SH_VAR(*page);
	SH_STEP();
	b->x = 9;
	SH_STEP();
	free(b);
	munmap(page, 4096);
	SH_STEP();
	return after();
}
