/*
 * prog_flags — the line probe keeps the program's flags: it is called
 * between any two instructions of a line, where a comparison's result may
 * still wait for its jump.  Calls the probe by hand with each combination
 * of the six arithmetic flags set, and says on stderr whether each came
 * back as it went in ("flags ok N" or "flags bad IN OUT").  Built by
 * stackheap-cc (which links the probe in) and run under stackheap by
 * check_lines, so that the probe goes all the way into the runtime.
 */
#include <stdio.h>

#define ARITHMETIC_FLAGS 0x8d5UL	/* OF SF ZF AF PF CF */

/* The flags before and after a probe, with in's arithmetic flags set. */
static void
across_probe(unsigned long in, unsigned long *before, unsigned long *after)
{
	__asm__ volatile(
	    "lea -128(%%rsp), %%rsp\n\t"
	    "pushq %2\n\t"
	    "popfq\n\t"
	    "pushfq\n\t"
	    "popq %0\n\t"
	    "call __stackheap_probe\n\t"
	    "pushfq\n\t"
	    "popq %1\n\t"
	    "lea 128(%%rsp), %%rsp"
	    : "=&r"(*before), "=&r"(*after) : "r"(in | 0x2) : "memory");
}

int
main(void)
{
	unsigned long bits[] = { 0x1, 0x4, 0x10, 0x40, 0x80, 0x800 };
	unsigned long before, after;
	unsigned combo, i, ok = 0;

	for (combo = 0; combo < 64; combo++) {
		unsigned long in = 0;

		for (i = 0; i < 6; i++)
			if (combo & (1u << i))
				in |= bits[i];
		across_probe(in, &before, &after);
		if ((before & ARITHMETIC_FLAGS) == in &&
		    (after & ARITHMETIC_FLAGS) == in)
			ok++;
		else
			fprintf(stderr, "flags bad %#lx %#lx\n", before, after);
	}
	fprintf(stderr, "flags ok %u\n", ok);
	return ok != 64;
}
