/* Values the program has not written yet: locals, fields, heap bytes. */
#include <stdlib.h>
#include <string.h>

struct pair {
	int a;
	long b;
};

int
main(void)
{
	int x;
	struct pair s;
	int arr[3];
	char buf[8];
	struct pair *p = malloc(sizeof *p);
	int *zeros = calloc(2, sizeof *zeros);
	int *grow = malloc(2 * sizeof *grow);
	int gcc_fill = (int)0xfefefefe;	/* each compiler's pattern, */
	int clang_fill = (int)0xaaaaaaaa;	/* stored by the program */
	unsigned char *bytes = malloc(2);

	x = 0;
	s.a = 1;
	arr[1] = 7;
	p->a = 5;
	grow[0] = 1;
	grow[1] = 2;
	grow = realloc(grow, 4 * sizeof *grow);
	bytes[0] = 0xfe;
	bytes[1] = 1;
	strcpy(buf, "hi");
	free(bytes);
	free(grow);
	free(zeros);
	free(p);
	return x + s.a + arr[1] + gcc_fill + clang_fill + buf[0];
}
