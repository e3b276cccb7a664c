/*
 * prog_null — the classic list bug: a walk that goes one node too far and
 * dereferences the NULL at the end.  With "field" it reads a field past
 * the first (NULL + 8 on LP64) instead of the first: either way the crash
 * is a NULL pointer dereference.  With "kill" it sends itself a SIGSEGV
 * instead, which no pointer caused.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <stackheap.h>

struct node {
	struct node	*next;
	int		 value;
};

int
main(int argc, char **argv)
{
	struct node *head = calloc(1, sizeof *head), *p;
	int sum = 0;

	if (head == NULL)
		return 1;
	SH_VAR(head);
	head->value = 1;
	if (argc > 1 && strcmp(argv[1], "kill") == 0)
		raise(SIGSEGV);
	for (p = head; p != NULL; p = p->next->next)	/* one too far */
		if (argc > 1 && strcmp(argv[1], "field") == 0)
			sum += p->next->value;
		else
			sum += p->value;
	return sum;
}
