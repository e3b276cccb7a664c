/*
 * cli_demos.c — the bundled demos: their names, in the order `stackheap
 * demo` lists them, and one line each on what they show.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "cli/cli.h"

const struct cli_demo cli_demos[] = {
	{ "single", "one function, one variable: the smallest stack there is" },
	{ "two_frames", "a call pushes a frame on top of the caller's; "
	    "returning pops it" },
	{ "three_deep", "frames pile up like plates and come off in reverse" },
	{ "box", "a value on the heap, at the top of memory, and a pointer "
	    "to it" },
	{ "borrow", "a pointer to a stack variable passed to a function: "
	    "nothing allocated" },
	{ "complex", "the seed's complex example: stack pointers, two boxes, "
	    "a reused frame" },
	{ NULL, NULL }
};

const struct cli_demo *
cli_demo_find(const char *name)
{
	const struct cli_demo *d;

	for (d = cli_demos; d->name != NULL; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}
