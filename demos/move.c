/*
 * move — handing a heap buffer to a function that takes ownership of it.
 * Only the pointer travels: its value is copied into the callee's
 * parameter and the caller's variable is cleared, so exactly one owner is
 * left.  No byte of the buffer is copied and nothing new is allocated;
 * the owner at the end frees it.  (The seed: a move changes the owner,
 * never the memory, which is why it is cheap.)
 */
#include <stdlib.h>

/* Takes the pointer out of *owner, leaving NULL behind: the move. */
static int *
take(int **owner)
{
	int *p = *owner;

	*owner = NULL;
	return p;
}

/* Owns buf from here on: sums it, then frees it. */
static int
consume(int *buf, int n)
{
	int sum = 0, i;	/* say: buf holds the same address main's data held; main's data is NULL now, and the heap still has one block */

	for (i = 0; i < n; i++)
		sum += buf[i];
	free(buf);	/* say: the new owner frees the buffer */
	return sum;
}

int
main(void)
{
	int *data = malloc(4 * sizeof *data);
	if (data == NULL)
		return 1;
	data[0] = 1;
	data[1] = 2;
	data[2] = 3;
	data[3] = 4;	/* say: main owns four ints on the heap */
	int sum = consume(take(&data), 4);	/* say: data is NULL: main has nothing left to free */
	return sum == 10 ? 0 : 1;
}
