/*
 * refcount_cycle — reference counting, as Rust's Rc and Weak do it,
 * written out by hand.  A node counts its strong references (owners) and
 * its weak ones (observers).  When the last owner lets go, the node drops
 * what it holds; its block is freed once no observer is left either.  Two
 * nodes that own each other keep each other's count above zero: when the
 * outside owners go, nobody is left to free them, and the run ends with
 * both still allocated.  With the back pointer weak, the pair is freed.
 */
#include <stdlib.h>

struct rc_node {
	int		 strong;	/* owners: the value lives while > 0 */
	int		 weak;		/* observers: the block stays while > 0 */
	struct rc_node	*next;		/* a strong reference */
	struct rc_node	*prev;		/* a weak reference */
	int		 value;
};

/* A node with one strong reference: the caller's. */
static struct rc_node *
rc_new(int value)
{
	struct rc_node *n = malloc(sizeof *n);

	if (n == NULL)
		exit(1);
	n->strong = 1;
	n->weak = 0;
	n->next = n->prev = NULL;
	n->value = value;
	return n;
}

/* One more strong reference (Rc::clone). */
static struct rc_node *
rc_clone(struct rc_node *n)
{
	n->strong++;
	return n;
}

/* One more weak reference (Rc::downgrade). */
static struct rc_node *
rc_downgrade(struct rc_node *n)
{
	n->weak++;
	return n;
}

/* A weak reference goes; the last one frees a node no one owns. */
static void
rc_release_weak(struct rc_node *n)
{
	if (--n->weak == 0 && n->strong == 0)
		free(n);
}

/*
 * A strong reference goes.  With the last one the node's value is
 * dropped: its references are taken out, its block is freed unless an
 * observer still needs it, and then what it held is let go.
 */
static void
rc_release(struct rc_node *n)
{
	struct rc_node *next = n->next, *prev = n->prev;

	if (--n->strong > 0)
		return;
	n->next = n->prev = NULL;
	if (n->weak == 0)
		free(n);
	if (next != NULL)
		rc_release(next);
	if (prev != NULL)
		rc_release_weak(prev);
}

/* Two nodes own each other; the outside owners a and b go; both leak. */
static void
cycle(void)
{
	struct rc_node *a = rc_new(1);
	struct rc_node *b = rc_new(2);
	a->next = rc_clone(b);
	b->next = rc_clone(a);	/* say: a owns b and b owns a: each node has two strong references */
	rc_release(a);
	a = NULL;	/* say: a lets go: node 1 is down to one owner, node 2 */
	rc_release(b);
	b = NULL;	/* say: b lets go: node 2 is down to one owner, node 1; both counts stay at 1 and neither block is freed */
}

/* The same pair with a weak back pointer: both blocks are freed. */
static void
weak_back_pointer(void)
{
	struct rc_node *a = rc_new(3);
	struct rc_node *b = rc_new(4);
	a->next = rc_clone(b);
	b->prev = rc_downgrade(a);	/* say: a owns b; b only observes a: a has one strong and one weak reference, b two strong ones */
	rc_release(a);
	a = NULL;	/* say: a lets go: node 3 has no owner left, so it drops its strong reference to node 4; its block stays while node 4 observes it */
	rc_release(b);
	b = NULL;	/* say: b lets go: node 4 has no owner and no observer, so its block is freed; its weak reference goes with it, and node 3's block follows */
}

int
main(void)
{
	cycle();	/* say: the cycle's two blocks are still allocated, and nothing points at them from outside: a leak */
	weak_back_pointer();
	return 0;
}
