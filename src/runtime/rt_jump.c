/*
 * rt_jump.c — longjmp out of a signal handler that interrupted a hook.
 *
 * A program that times out with alarm() and siglongjmp()s out of the
 * handler leaves whatever the interrupted code was doing unfinished; when
 * that was one of our hooks, its guard stayed taken and the thread was
 * never recorded again (and a lock it held was never given back).  The
 * longjmp family goes through here: a jump made while this thread's
 * guard is taken can only come from such a handler (the runtime itself
 * never jumps, and hooks called from the handler see the guard and do
 * nothing), so the hook is abandoned properly first (rt_jumped_out).
 * Everything else goes straight on.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <setjmp.h>

#include "rt_internal.h"

typedef void (*jump_fn)(struct __jmp_buf_tag *, int);

/* The fortified longjmp (_FORTIFY_SOURCE), which no header declares. */
RT_API void	__longjmp_chk(struct __jmp_buf_tag [1], int)
		    __attribute__((noreturn));

static jump_fn real_longjmp, real__longjmp, real_siglongjmp, real_longjmp_chk;

static jump_fn
find(jump_fn *fn, const char *name)
{
	if (*fn == NULL)
		*fn = (jump_fn)dlsym(RTLD_NEXT, name);
	return *fn;
}

/* At start-up: a signal handler is no place for dlsym. */
void
rt_jump_init(void)
{
	find(&real_longjmp, "longjmp");
	find(&real__longjmp, "_longjmp");
	find(&real_siglongjmp, "siglongjmp");
	find(&real_longjmp_chk, "__longjmp_chk");
}

/* A thread on another's state (rt_foreign) must not reset that state. */
static void
before_jump(void)
{
	if (rt_guard && !(rt_enabled == RT_ON_SHARED && rt_foreign()))
		rt_jumped_out();
}

#define JUMP_SHIM(name)							\
RT_API void								\
name(struct __jmp_buf_tag env[1], int val)				\
{									\
	jump_fn real = find(&real_##name, #name);			\
									\
	before_jump();							\
	if (real == NULL)	/* no C library without it */		\
		__builtin_trap();					\
	real(env, val);							\
	__builtin_unreachable();					\
}

JUMP_SHIM(longjmp)
JUMP_SHIM(_longjmp)
JUMP_SHIM(siglongjmp)

RT_API void
__longjmp_chk(struct __jmp_buf_tag env[1], int val)
{
	jump_fn real = find(&real_longjmp_chk, "__longjmp_chk");

	before_jump();
	if (real == NULL)
		__builtin_trap();
	real(env, val);
	__builtin_unreachable();
}
