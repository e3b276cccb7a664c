/* K&R 5.6: lines stored one after another in one buffer, a pointer to each. */
#include <stdio.h>
#include <string.h>

#define MAXLINES 10
#define ALLOCSIZE 1000

static char allocbuf[ALLOCSIZE];
static char *allocp = allocbuf;

static char *
alloc(int n)
{
	char *p = allocp;

	allocp += n;
	return p;
}

int
main(void)
{
	static const char *const words[MAXLINES] = { "one", "two", "three",
		"four", "five", "six", "seven", "eight", "nine", "ten" };
	char *lineptr[MAXLINES];
	int nums[5] = { 1, 2, 3, 4, 5 }, sum = 0;
	int *p;
	int i;

	for (i = 0; i < MAXLINES; i++) {
		lineptr[i] = alloc((int)strlen(words[i]) + 1);
		strcpy(lineptr[i], words[i]);
	}
	for (p = nums; p < nums + 5; p++)
		sum += *p;
	printf("%s %d\n", lineptr[3], sum);
	return 0;
}
