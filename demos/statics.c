/*
 * statics — data that lives for the whole run: globals, static locals,
 * tables and string literals.  The compiler knows their size and
 * place before the program starts, so they sit neither on the stack nor
 * on the heap but in a region of their own, and nothing ever allocates or
 * frees them.  (The seed: const and static, fine but rare.)
 */

int visits;					/* a global: zero before main */
static int primes[] = { 2, 3, 5, 7, 11 };	/* a table, filled before main */
static const char *motto = "same for the whole run";	/* a string literal */

/* Counts its calls in a static local, which keeps its value between them. */
static int
visit(void)
{
	static int calls;
	int before = calls;

	calls++;
	visits++;	/* say: calls is one more than before: unlike before, it outlives visit's frame */
	return calls;
}

int
main(void)
{
	int n = 0;	/* say: statics get rows of their own, s0 and up, below the stack; they were there before main began */
	n += visit();
	n += visit();
	n += visit();	/* say: visit's frames came and went; calls and visits stayed, both at 3 */
	return n == 6 ? 0 : 1;
}
