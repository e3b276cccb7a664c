/* A 1024-slot hash table holding one key, far from the start. */
#include <stdio.h>

#define NSLOTS 1024

static int table[NSLOTS];
static int squares[40];

static unsigned
hash(const char *s)
{
	unsigned h = 0;

	while (*s != '\0')
		h = h * 31 + (unsigned char)*s++;
	return h % NSLOTS;
}

int
main(void)
{
	unsigned h = hash("stackheap");
	int i;

	for (i = 0; i < 40; i++)
		squares[i] = i * i;
	table[h] = 7;
	printf("%u\n", h);
	return 0;
}
