/*
 * enum_size — a tagged union, C's spelling of a Rust enum: a tag that says
 * which variant is live, and a union that holds any one of them.  Its size
 * is fixed when the program is compiled: room for the largest variant plus
 * the tag (and padding), whichever variant it holds.  So it can live on
 * the stack and be copied like an int, and no heap block is ever needed.
 */
#include <stdlib.h>

enum shape_kind { DOT, CIRCLE, QUAD };

struct shape {
	enum shape_kind	 kind;
	union {
		char	 label;			/* DOT: 1 byte */
		double	 radius;		/* CIRCLE: 8 bytes */
		int	 sides[4];		/* QUAD: 16 bytes */
	} as;
};

/* A copy of s, with its size unchanged: nothing points outside it. */
static struct shape
grown(struct shape s)
{
	if (s.kind == CIRCLE)
		s.as.radius *= 2;
	return s;
}

int
main(void)
{
	struct shape dot = { .kind = DOT, .as.label = 'x' };	/* say: a dot needs 1 byte, yet takes 24: the tag (4), room for the largest variant (16), padded */
	struct shape circle = { .kind = CIRCLE, .as.radius = 1.5 };	/* say: a circle (8 bytes of radius) is 24 bytes too */
	struct shape quad = { .kind = QUAD, .as.sides = { 3, 4, 3, 4 } };	/* say: the quad is the largest variant, 16 bytes; with its tag, 24 */

	struct shape bigger = grown(circle);	/* say: passed and returned by value, copied whole, and still no heap block */
	return 0;
}
