/*
 * A curated picture: the program registers two pointers, so the book shows
 * just those; what they point at are locals the picture leaves out.
 */
#include <stdio.h>
#include <stackheap.h>

int
main(void)
{
	int count = 1;
	int marks[3] = { 7, 8, 9 };
	int *p = &count;
	int *q = &marks[2];

	SH_VAR(p);
	SH_VAR(q);
	printf("%d %d\n", *p, *q);
	return 0;
}
