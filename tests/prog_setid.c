/*
 * prog_setid — linked against the runtime as stackheap-cc links, for the
 * tests to install set-user-ID or set-group-ID.  Exits 3 if something put
 * a preload into its environment, 4 if our variables are still there;
 * allocates 6565 bytes, which must reach no stream.
 */
#include <stdlib.h>

int
main(void)
{
	char *p;

	if (getenv("LD_PRELOAD") != NULL)
		return 3;
	if (getenv("STACKHEAP_FD") != NULL ||
	    getenv("STACKHEAP_ORIG_LD_PRELOAD") != NULL)
		return 4;
	p = malloc(6565);
	if (p == NULL)
		return 1;
	p[0] = 1;
	free(p);
	return 0;
}
