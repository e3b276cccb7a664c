/*
 * enum_size — a tagged union, C's spelling of a Rust enum: a tag that says
 * which variant is live, and a union that holds any one of them.  Its size
 * is fixed when the program is compiled: room for the largest variant plus
 * the tag (and padding), whichever variant it holds.  So it can live on
 * the stack and be copied like an int, and no heap block is ever needed.
 */
#include <stdlib.h>

#include <stackheap.h>

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
	SH_VAR(s);
	if (s.kind == CIRCLE)
		s.as.radius *= 2;
	return s;
}

int
main(void)
{
	struct shape dot = { .kind = DOT, .as.label = 'x' };
	SH_VAR(dot);
	SH_SAY("a dot needs 1 byte, yet takes %zu: the tag (%zu) and room for "
	    "the largest variant (%zu), padded", sizeof dot, sizeof dot.kind,
	    sizeof dot.as);
	struct shape circle = { .kind = CIRCLE, .as.radius = 1.5 };
	SH_VAR(circle);
	SH_SAY("a circle (%zu bytes of radius) is %zu bytes too",
	    sizeof circle.as.radius, sizeof circle);
	struct shape quad = { .kind = QUAD, .as.sides = { 3, 4, 3, 4 } };
	SH_VAR(quad);
	SH_SAY("the quad is the largest variant, %zu bytes; with its tag, %zu",
	    sizeof quad.as.sides, sizeof quad);

	struct shape bigger = grown(circle);
	SH_VAR(bigger);
	SH_SAY("passed and returned by value, copied whole, and still no "
	    "heap block");
	return 0;
}
