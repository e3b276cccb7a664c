/*
 * rt_crash.c — when the program crashes, every event so far reaches the
 * viewer, then a crash record, then the signal takes its normal course.
 *
 * Handlers run on an alternate signal stack (one per thread, mapped when
 * the thread first shows up) so that a stack overflow can be reported: a
 * fault at or just below the lowest usable address of the thread's stack,
 * with the stack pointer down there too, is named a stack overflow.  The
 * program's own handlers, installed later, replace ours as they should.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "rt_internal.h"

#define ALTSTACK_SIZE (64u << 10)
#define OVERFLOW_SLACK (64u << 10)
#define GUARD_REACH (256u << 20)	/* how far below the stack a big frame may land */

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

static void
context_pc_sp(const void *ctx, uintptr_t *pc, uintptr_t *sp)
{
	const ucontext_t *uc = ctx;

	*pc = *sp = 0;
	if (uc == NULL)
		return;
#if defined(__x86_64__)
	*pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	*sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
	*pc = (uintptr_t)uc->uc_mcontext.pc;
	*sp = (uintptr_t)uc->uc_mcontext.sp;
#elif defined(__i386__)
	*pc = (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
	*sp = (uintptr_t)uc->uc_mcontext.gregs[REG_ESP];
#endif
}

static bool
is_stack_overflow(const struct rt_thread *t, int sig, uintptr_t fault, uintptr_t sp)
{
	if (t == NULL || t->stack_lo == 0 || (sig != SIGSEGV && sig != SIGBUS))
		return false;
	return fault < t->stack_lo + OVERFLOW_SLACK &&
	    fault + GUARD_REACH > t->stack_lo &&
	    sp < t->stack_lo + OVERFLOW_SLACK;
}

static void
report(int sig, const siginfo_t *si, const void *ctx)
{
	struct rt_thread *t = rt_self();
	uintptr_t fault = (uintptr_t)si->si_addr, pc, sp;
	unsigned flags = 0;
	uint8_t *p;

	context_pc_sp(ctx, &pc, &sp);
	if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE && sig != SIGILL)
		fault = 0;
	if (is_stack_overflow(t, sig, fault, sp))
		flags |= SH_CRASH_STACK_OVERFLOW;
	if ((p = rt_rec_open(SH_REC_CRASH, 70)) != NULL)
		rt_rec_close(wire_enc_crash(p, (uint64_t)sig,
		    (uint64_t)(si->si_code < 0 ? 0 : si->si_code), fault, pc, sp,
		    flags));
	rt_flush_crashing();
}

/*
 * After reporting, the default action: with SA_RESETHAND our handler is
 * gone, so a fault returns and faults again, and a signal that was sent
 * (kill, raise, abort) is sent again.
 */
static void
on_crash(int sig, siginfo_t *si, void *ctx)
{
	int saved_errno = errno;

	if (rt_mode_is(RT_ON)) {
		bool inside = rt_in_runtime();	/* crashed in one of our hooks */

		if ((inside || rt_enter()) && rt_lock_crashing()) {
			if (inside)
				rt_crash_rewind();
			report(sig, si, ctx);
			rt_unlock();
		}
		if (!inside)
			rt_leave();
	}
	if (si->si_code <= 0 || sig == SIGABRT)
		raise(sig);
	errno = saved_errno;
}

void
rt_crash_init(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_crash;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
		struct sigaction old;

		if (sigaction(crash_signals[i], NULL, &old) == 0 &&
		    !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL)
			sigaction(crash_signals[i], &sa, NULL);
	}
}

/* Each thread needs its own alternate stack to report its overflow. */
void
rt_crash_thread_init(struct rt_thread *t)
{
	stack_t ss;

	t->altstack = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->altstack == MAP_FAILED) {
		t->altstack = NULL;
		return;
	}
	ss.ss_sp = t->altstack;
	ss.ss_size = ALTSTACK_SIZE;
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
}

/*
 * The thread ends: its alternate stack is switched off before it is
 * unmapped, so that a signal meanwhile never lands in freed memory.  A
 * handler still running on it (one that called pthread_exit) keeps it.
 * One the program installed since is the program's, and stays.
 */
void
rt_crash_thread_end(struct rt_thread *t)
{
	stack_t now, off;

	if (t->altstack == NULL || sigaltstack(NULL, &now) != 0)
		return;
	if (now.ss_sp == t->altstack && !(now.ss_flags & SS_DISABLE)) {
		memset(&off, 0, sizeof off);
		off.ss_flags = SS_DISABLE;
		if ((now.ss_flags & SS_ONSTACK) || sigaltstack(&off, NULL) != 0)
			return;
	}
	munmap(t->altstack, ALTSTACK_SIZE);
	t->altstack = NULL;
}
