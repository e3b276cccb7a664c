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
	{ "holes", "blocks freed out of order leave holes; a new block fills "
	    "one" },
	{ "vec_growth", "a growable array: length, capacity, a block that moves "
	    "to grow" },
	{ "refcount_cycle", "reference counts: a cycle leaks, a weak back "
	    "pointer frees it" },
	{ "arena", "a bump arena: many values in one block, all freed with "
	    "one free" },
	{ "closures", "a function and its captured values: on the stack, then "
	    "boxed" },
	{ "enum_size", "a tagged union takes its largest variant's size, on "
	    "the stack" },
	{ "stack_overflow", "an 8 MB local is more than the stack holds: "
	    "a stack overflow" },
	{ "statics", "globals, static locals and const data: a region of their "
	    "own" },
	{ "move", "ownership handed over: a pointer copied, nothing "
	    "allocated" },
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
