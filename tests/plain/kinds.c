/* Values of every kind: structs by value and pointer, arrays, strings,
 * enums, floats, function pointers, nested blocks and a shadowed name. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum colour { RED, GREEN = 5, BLUE };
typedef struct point { int x, y; } point;
struct flags { unsigned ready : 1, count : 3, mode : 4; };

static int total = 7;
static const char *greeting = "hello";

static int twice(int v) { return 2 * v; }

static void
move(point *p, int dx)
{
	p->x += dx;
}

static int
area(point a, point b)
{
	return (b.x - a.x) * (b.y - a.y);
}

int
main(void)
{
	point origin = { 0, 0 }, corner = { 3, 4 };
	int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
	char name[8] = "ada";
	const char *text = greeting;
	enum colour c = BLUE;
	double ratio = 0.5;
	float small = 1.25f;
	bool done = false;
	char letter = 'q';
	unsigned long big = 1234567890123ul;
	int (*op)(int) = twice;
	struct flags f = { 1, 5, 9 };
	int x = 1;

	move(&corner, 2);
	{
		int x = 2;
		total += x;
	}
	x = op(area(origin, corner));
	strcpy(name, "grace");
	grid[1][2] = x;
	done = true;
	printf("%d %s %s %d %g %g %d %c %lu %u\n", x, name, text, c, ratio,
	    small, done, letter, big, f.count);
	return 0;
}
