/*
 * statics — data that lives for the whole run: globals, static locals,
 * const tables and string literals.  The compiler knows their size and
 * place before the program starts, so they sit neither on the stack nor
 * on the heap but in a region of their own, and nothing ever allocates or
 * frees them.  (The seed: const and static, fine but rare.)
 */
#include <stackheap.h>

int visits;					/* a global: zero before main */
static const int primes[] = { 2, 3, 5, 7, 11 };	/* a const table */
static const char *motto = "same for the whole run";	/* a string literal */

/* Counts its calls in a static local, which keeps its value between them. */
static int
visit(void)
{
	static int calls;
	int before = calls;

	SH_GLOBAL(calls);
	SH_VAR(before);
	calls++;
	visits++;
	SH_STEP();
	SH_SAY("calls was %d and is %d: unlike before, it outlives visit's "
	    "frame", before, calls);
	return calls;
}

int
main(void)
{
	SH_GLOBAL(visits);
	SH_GLOBAL(primes);
	SH_GLOBAL(motto);
	SH_SAY("statics get rows of their own, s0 and up, below the stack; "
	    "they were there before main began");
	int n = 0;
	SH_VAR(n);
	n += visit();
	n += visit();
	n += visit();
	SH_STEP();
	SH_SAY("visit's frames came and went; calls and visits stayed, "
	    "both at %d", visits);
	return n == 6 ? 0 : 1;
}
