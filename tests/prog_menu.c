/*
 * prog_menu — the stdin menu loop of a first data-structures course: a
 * stack of numbers on the heap, driven by choices read with scanf (1 N
 * pushes N, 2 pops, 0 quits).  At the end of its input it says so and
 * quits, as a careful program does; under dump without --stdin that is
 * at once.
 */
#include <stdio.h>
#include <stdlib.h>

#include <stackheap.h>

struct item {
	int		 value;
	struct item	*next;
};

static void
push(struct item **top, int value)
{
	struct item *it = malloc(sizeof *it);

	if (it == NULL)
		exit(1);
	it->value = value;
	it->next = *top;
	*top = it;
	SH_SAY("pushed %d", value);
}

static void
pop(struct item **top)
{
	struct item *it = *top;

	if (it == NULL)
		return;
	*top = it->next;
	printf("popped %d\n", it->value);
	free(it);
}

int
main(void)
{
	struct item *top = NULL;
	int choice, value;

	SH_VAR(top);
	for (;;) {
		printf("1) push  2) pop  0) quit\n> ");
		if (scanf("%d", &choice) != 1) {
			printf("\nbye (end of input)\n");
			break;
		}
		if (choice == 0)
			break;
		if (choice == 1 && scanf("%d", &value) == 1)
			push(&top, value);
		else if (choice == 2)
			pop(&top);
	}
	while (top != NULL)
		pop(&top);
	return 0;
}
