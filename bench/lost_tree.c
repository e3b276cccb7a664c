/*
 * lost_tree.c — a binary search tree of N malloc'd nodes (100,000 by
 * default), reachable from one variable: what the lost-block search
 * costs when the whole heap hangs off one root.  bench/lost builds it with
 * stackheap-cc, records it, and times opening the trace.
 *
 * Usage: lost_tree [N].  Prints the number of nodes and a checksum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stackheap.h>

struct node {
	unsigned	 key;
	struct node	*left, *right;
};

static struct node *
insert(struct node *root, unsigned key)
{
	struct node **at = &root;

	while (*at != NULL)
		at = key < (*at)->key ? &(*at)->left : &(*at)->right;
	*at = calloc(1, sizeof **at);
	if (*at == NULL)
		exit(1);
	(*at)->key = key;
	return root;
}

static unsigned long
sum(const struct node *n)
{
	return n == NULL ? 0 : n->key + sum(n->left) + sum(n->right);
}

int
main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	unsigned long i, x = 12345;
	struct node *root = NULL;

	SH_VAR(root);
	for (i = 0; i < n; i++) {
		x = x * 6364136223846793005ul + 1442695040888963407ul;
		root = insert(root, (unsigned)(x >> 33));
	}
	printf("nodes=%lu checksum=%lu\n", n, sum(root));
	return 0;
}
