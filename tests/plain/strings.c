/* Strings: reverse one in place, and copy one onto the heap. */
#include <stdlib.h>
#include <string.h>

static void
reverse(char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n / 2; i++) {
		char c = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = c;
	}
}

int
main(void)
{
	char word[8] = "stack";
	const char *literal = "heap";
	char *copy = malloc(strlen(literal) + 1);

	strcpy(copy, literal);
	reverse(word);
	reverse(copy);
	free(copy);
	return 0;
}
