/*
 * box — a value on the heap: malloc hands back memory from the far end of
 * the address space, and the stack keeps only a pointer to it.  (The
 * seed's `let x = Box::new(5);`; in C the box is malloc and free.)
 */
#include <stdlib.h>

int
main(void)
{
	int *x = malloc(sizeof *x);
	if (x == NULL)
		return 1;
	*x = 5;		/* say: the 5 lives on the heap, at the highest address; x points there */
	int y = 42;
	free(x);	/* say: freeing the box gives its heap slot back; x now dangles */
	return 0;
}
