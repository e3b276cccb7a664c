/*
 * closures — C has no closures, but it has their parts: a function and
 * the environment it captured, passed together.  An environment kept on
 * the stack lives as long as the frame that holds it, and calling through
 * it allocates nothing.  One that must outlive its frame is boxed: put on
 * the heap, handed back to the caller, called later, and freed by its
 * owner.  (The seed: closures capture on the stack; boxed closures are
 * heap allocated.)
 */
#include <stdlib.h>

struct env {
	int	base;
	int	step;
};

typedef int (*env_fn)(const struct env *, int);

/* A closure on the heap: the function and its environment in one block. */
struct boxed_closure {
	env_fn		fn;
	struct env	env;
};

/* The closure's body: it reads what it captured. */
static int
add_steps(const struct env *env, int n)
{
	return env->base + n * env->step;	/* say: the body finds what it captured through env */
}

/* Calls fn with its environment, as a closure call does. */
static int
call(env_fn fn, const struct env *env, int n)
{
	return fn(env, n);	/* say: call passed on a function and a pointer to its environment, which stayed in main's frame: nothing was copied */
}

/* A closure that outlives this frame: boxed, and owned by the caller. */
static struct boxed_closure *
make_counter(int base, int step)
{
	struct boxed_closure *c = malloc(sizeof *c);

	if (c == NULL)
		exit(1);
	c->fn = add_steps;
	c->env.base = base;
	c->env.step = step;	/* say: the environment could not stay in this frame, which is about to go: it is boxed on the heap */
	return c;
}

int
main(void)
{
	struct env env = { 24, 2 };	/* say: the captured values, on the stack like any local */
	int r = call(add_steps, &env, 3);	/* say: 24 + 3 * 2: no heap block was needed */

	struct boxed_closure *later = make_counter(100, 10);	/* say: make_counter's frame is gone; its closure lives on in the heap, and later owns it */
	int s = later->fn(&later->env, 5);	/* say: called through the box: 100 + 5 * 10 */
	free(later);	/* say: the owner frees the box */
	return 0;
}
