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
 *
 * Any jump also leaves frames without returning from them: the frame hooks
 * never hear of them, so the viewer would keep them on the stack, nest
 * later calls under them and never see main return.  The target stack
 * pointer is read from the jmp_buf and every frame below it is popped, as
 * if it had returned, before the real longjmp runs.  Only glibc on x86-64
 * is understood (it mangles the saved stack pointer with the thread's
 * pointer guard); elsewhere the frames are dropped at the next call, as
 * before (SH_REC_PUSH's rule for a push above them).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdio.h>

#include "rt_frames.h"

typedef void (*jump_fn)(struct __jmp_buf_tag *, int);

/* The fortified longjmp (_FORTIFY_SOURCE), which no header declares. */
RT_API void	__longjmp_chk(struct __jmp_buf_tag [1], int)
		    __attribute__((noreturn));

static jump_fn real_longjmp, real__longjmp, real_siglongjmp, real___longjmp_chk;

/* At start-up: a signal handler is no place for dlsym. */
void
rt_jump_init(void)
{
	RT_RESOLVE(longjmp);
	RT_RESOLVE(_longjmp);
	RT_RESOLVE(siglongjmp);
	RT_RESOLVE(__longjmp_chk);
}

/* A thread on another's state (rt_foreign) must not reset that state. */
static void
before_jump(void)
{
	if (rt_guard && !(rt_mode_is(RT_ON | RT_SHARED) && rt_foreign()))
		rt_jumped_out();
}

/* The stack pointer a jmp_buf goes back to, or 0 if unknown here. */
static uintptr_t
jump_sp(const struct __jmp_buf_tag *env)
{
#if defined(__x86_64__) && defined(__GLIBC__)
	uintptr_t v = (uintptr_t)env->__jmpbuf[6], guard;	/* JB_RSP */

	/* glibc's PTR_MANGLE: xor with the guard, then rotate left 0x11 */
	__asm__("mov %%fs:0x30, %0" : "=r"(guard));
	return ((v >> 0x11) | (v << (64 - 0x11))) ^ guard;
#else
	(void)env;
	return 0;
#endif
}

/*
 * Pops every frame whose low end is below sp: the frames of the functions
 * the jump leaves.  The one that called setjmp has its low at sp (or
 * above it, after an alloca) and stays.
 */
static void
unwind_to(uintptr_t sp)
{
	struct rt_thread *t;
	size_t left = 0;
	char text[64];
	uint8_t *p;

	if (sp == 0 || !rt_enter())
		return;
	if ((t = rt_self()) == NULL) {
		rt_leave();
		return;
	}
	rt_lock();
	if (t->depth > 0 && t->lows[t->depth - 1] < sp) {
		if (rt_mode_is(RT_WATCHING))
			rt_snapshot_locked(t);
		while (t->depth > 0 && t->lows[t->depth - 1] < sp) {
			p = rt_room(t, 1);
			if (p == NULL)
				break;
			rt_commit(rt_frames_pop(t, p));
			left++;
			rt_vars_pop_locked(t);
		}
		snprintf(text, sizeof text, "longjmp: %zu frame%s left without "
		    "returning", left, left == 1 ? "" : "s");
		if ((p = rt_rec_open(SH_REC_SAY, 30 + sizeof text)) != NULL)
			rt_rec_close(wire_enc_say(p, 0, 0, text));
	}
	rt_unlock();
	rt_leave();
}

#define JUMP_SHIM(name)							\
RT_API void								\
name(struct __jmp_buf_tag env[1], int val)				\
{									\
	jump_fn real = RT_REAL(name);					\
									\
	before_jump();							\
	unwind_to(jump_sp(env));					\
	if (real == NULL)	/* no C library without it */		\
		__builtin_trap();					\
	real(env, val);							\
	__builtin_unreachable();					\
}

JUMP_SHIM(longjmp)
JUMP_SHIM(_longjmp)
JUMP_SHIM(siglongjmp)
JUMP_SHIM(__longjmp_chk)
