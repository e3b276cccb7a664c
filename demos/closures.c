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

#include <stackheap.h>

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
	SH_VAR(env);
	SH_SAY("the body finds what it captured through env");
	return env->base + n * env->step;
}

/* Calls fn with its environment, as a closure call does. */
static int
call(env_fn fn, const struct env *env, int n)
{
	SH_VAR(fn);
	SH_VAR(env);
	SH_VAR(n);
	SH_SAY("call gets a function and a pointer to its environment, "
	    "which stays in main's frame");
	return fn(env, n);
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
	c->env.step = step;
	SH_VAR(c);
	SH_SAY("the environment could not stay in this frame, which is about "
	    "to go: it is boxed on the heap");
	return c;
}

int
main(void)
{
	struct env env = { 24, 2 };
	SH_VAR(env);
	SH_SAY("the captured values, on the stack like any local");
	int r = call(add_steps, &env, 3);
	SH_VAR(r);
	SH_SAY("24 + 3 * 2: no heap block was needed");

	struct boxed_closure *later = make_counter(100, 10);
	SH_VAR(later);
	SH_SAY("make_counter's frame is gone; its closure lives on in the "
	    "heap, and later owns it");
	int s = later->fn(&later->env, 5);
	SH_VAR(s);
	SH_SAY("called through the box: 100 + 5 * 10");
	free(later);
	SH_SAY("the owner frees the box");
	return 0;
}
