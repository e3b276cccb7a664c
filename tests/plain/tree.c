/* A binary search tree: insert, then count the nodes recursively. */
#include <stdio.h>
#include <stdlib.h>

struct tree {
	int key;
	struct tree *left, *right;
};

static struct tree *
insert(struct tree *t, int key)
{
	if (t == NULL) {
		t = malloc(sizeof *t);
		t->key = key;
		t->left = t->right = NULL;
	} else if (key < t->key) {
		t->left = insert(t->left, key);
	} else {
		t->right = insert(t->right, key);
	}
	return t;
}

static int
count(const struct tree *t)
{
	if (t == NULL)
		return 0;
	return 1 + count(t->left) + count(t->right);
}

int
main(void)
{
	int keys[] = { 5, 2, 8 };
	struct tree *root = NULL;

	for (int i = 0; i < 3; i++)
		root = insert(root, keys[i]);
	printf("%d nodes\n", count(root));
	return 0;
}
