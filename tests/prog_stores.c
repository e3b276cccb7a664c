/*
 * prog_stores — more live heap blocks than a line step compares whole
 * (RT_HEAP_WATCHED_ALWAYS), written through pointers by two threads:
 * check_lines follows g_head's list in the last step and wants node k
 * (the k-th made, the list's last) to hold k, or k + MOVED when k is
 * beyond the first 1024, which a second thread rewrites, and to point to
 * node k - 1.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NODES 1500
#define FIRST 1024	/* the nodes the second thread leaves alone */
#define MOVED 5000

struct node {
	int value;
	struct node *next;
};

static struct node *g_head;

static void *
rewrite_the_last(void *unused)
{
	struct node *n;

	(void)unused;
	for (n = g_head; n != NULL; n = n->next)
		if (n->value >= FIRST)
			n->value += MOVED;
	return NULL;
}

int
main(void)
{
	pthread_t other;
	int k;

	for (k = 0; k < NODES; k++) {
		struct node *n = malloc(sizeof *n);

		if (n == NULL)
			return 1;
		n->value = k;
		n->next = g_head;
		g_head = n;
	}
	if (pthread_create(&other, NULL, rewrite_the_last, NULL) != 0 ||
	    pthread_join(other, NULL) != 0)
		return 1;
	printf("%d nodes\n", NODES);
	return 0;
}
