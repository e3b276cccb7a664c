/* A singly linked list: push, reverse, sum, free. */
#include <stdio.h>
#include <stdlib.h>

struct node {
	int value;
	struct node *next;
};

static struct node *
push(struct node *head, int value)
{
	struct node *n = malloc(sizeof *n);

	n->value = value;
	n->next = head;
	return n;
}

static struct node *
reverse(struct node *head)
{
	struct node *prev = NULL;

	while (head != NULL) {
		struct node *next = head->next;
		head->next = prev;
		prev = head;
		head = next;
	}
	return prev;
}

int
main(void)
{
	struct node *list = NULL;
	int sum = 0;

	for (int i = 1; i <= 3; i++)
		list = push(list, i * 10);
	list = reverse(list);
	for (struct node *p = list; p != NULL; p = p->next)
		sum += p->value;
	printf("sum %d\n", sum);
	while (list != NULL) {
		struct node *next = list->next;
		free(list);
		list = next;
	}
	return 0;
}
