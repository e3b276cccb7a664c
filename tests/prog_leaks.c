/*
 * prog_leaks — leaks two blocks of its own, one by malloc and one by
 * strdup (libc allocates it, for the program), after a getchar whose
 * stdio buffer libc allocates for itself (a printf's was that block before
 * the runtime took stdout over; stdin is still stdio's): the ending must
 * count the program's two and show libc's apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stackheap.h>

int
main(void)
{
	char *copy;
	int *kept;

	printf("%s %d\n", "hello", getchar());
	kept = malloc(40);
	copy = strdup("seventeen bytes!");
	SH_VAR(kept);
	SH_VAR(copy);
	kept = NULL;
	copy = NULL;
	SH_STEP();
	return 0;
}
