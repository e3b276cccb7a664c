/*
 * rt_life.c — what a program's life does to its frames besides calls and
 * returns: longjmp, which leaves frames without returning from them, and
 * fork, whose child the stream does not follow.
 *
 * longjmp: the frame hooks never hear of the frames it abandons, so the
 * viewer would keep them on the stack, nest later calls under them and
 * never see main return.  The longjmp family is interposed: the target
 * stack pointer is read from the jmp_buf and every frame below it is
 * popped, as if it had returned, before the real longjmp runs.  Only
 * glibc on x86-64 is understood (it mangles the saved stack pointer with
 * the thread's pointer guard); elsewhere the frames are dropped at the
 * next call, as before (SH_REC_PUSH's rule for a push above them).
 *
 * fork: the child stops writing at once (rt_core.c); the parent's stream
 * says so at a step of its own.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <setjmp.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#include "rt_internal.h"

/* Sends a step of the runtime's own (no file, no line) and its narration. */
static void
say_step_locked(const char *text)
{
	if (rt_rec_begin(SH_REC_STEP, 4)) {
		rt_put_u(0);
		rt_put_u(0);
		rt_rec_end();
	}
	if (rt_rec_begin(SH_REC_SAY, 30 + SH_WIRE_MAX_STRING)) {
		rt_put_u(0);
		rt_put_u(0);
		rt_put_str(text);
		rt_rec_end();
	}
}

/* --- longjmp ---------------------------------------------------------------- */

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

	if (sp == 0 || !rt_enter())
		return;
	if ((t = rt_self()) == NULL) {
		rt_leave();
		return;
	}
	rt_lock();
	if (t->depth > 0 && t->lows[t->depth - 1] < sp) {
		if (rt_watching)
			rt_snapshot_locked(t);
		while (t->depth > 0 && t->lows[t->depth - 1] < sp) {
			uint8_t *p = rt_room(t, 1);

			if (p == NULL)
				break;
			*p++ = SH_REC_POP | SH_WIRE_EMPTY;
			rt_commit(p);
			t->depth--;
			left++;
			rt_vars_pop_locked(t);
		}
		snprintf(text, sizeof text, "longjmp: %zu frame%s left without "
		    "returning", left, left == 1 ? "" : "s");
		if (rt_rec_begin(SH_REC_SAY, 30 + sizeof text)) {
			rt_put_u(0);
			rt_put_u(0);
			rt_put_str(text);
			rt_rec_end();
		}
	}
	rt_unlock();
	rt_leave();
}

typedef void (*jump_fn)(struct __jmp_buf_tag *, int);

static jump_fn
real_jump(jump_fn *real, const char *name)
{
	if (*real == NULL)
		*(void **)real = dlsym(RTLD_NEXT, name);
	return *real;
}

#define RT_JUMP(name)							\
RT_API void								\
name(struct __jmp_buf_tag env[1], int val)				\
{									\
	static jump_fn real;						\
									\
	unwind_to(jump_sp(env));					\
	real_jump(&real, #name)(env, val);				\
	__builtin_unreachable();					\
}

RT_JUMP(longjmp)
RT_JUMP(_longjmp)
RT_JUMP(siglongjmp)

/* What longjmp becomes under _FORTIFY_SOURCE (no public prototype). */
RT_API void __longjmp_chk(struct __jmp_buf_tag env[1], int val)
    __attribute__((noreturn));
RT_JUMP(__longjmp_chk)

/* --- fork -------------------------------------------------------------------- */

RT_API pid_t
fork(void)
{
	static pid_t (*real)(void);
	char text[64];
	pid_t pid;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "fork");
	pid = real();
	if (pid <= 0 || !rt_enter())
		return pid;
	if (rt_self() != NULL) {
		snprintf(text, sizeof text, "fork: child %d not followed",
		    (int)pid);
		rt_lock();
		say_step_locked(text);
		rt_flush_locked();
		rt_unlock();
	}
	rt_leave();
	return pid;
}
