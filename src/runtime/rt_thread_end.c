/*
 * rt_thread_end.c — a thread that ends gives back what the runtime kept
 * for it: its record, its frame mirror, line keys and stack shadow, its
 * variables and its alternate signal stack.  Kept, they were 16 KB
 * resident and 86 KB of address space of every thread the program ever
 * made (issue 12, item 9).  Nothing is sent: the thread's records are in
 * the one ring already, whole, and go out with everyone's.
 *
 * A thread-specific key holds each thread's record (rt_self puts it
 * there); the C library runs its destructor as the thread ends, whether
 * it returned, called pthread_exit or was cancelled.  A raw clone() child
 * or a vfork child ends without that teardown, and owns no record anyway
 * (rt_foreign); exit() runs no key destructors, and the process goes.
 *
 * The program's own key destructors run in the same rounds as ours, and
 * may call malloc: ours puts the record back under the key until the last
 * round (PTHREAD_DESTRUCTOR_ITERATIONS), so that what they do is still
 * recorded as the thread's.  After that the thread is gone: what it still
 * does, in the C library's teardown, is not recorded, and no record is
 * made for it again (one made then would never be given back).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>

#include "rt_internal.h"

static pthread_key_t thread_key;
static bool have_key;
static __thread unsigned end_rounds;	/* of the key's destructors so far */
static __thread bool gone;

static void
release(struct rt_thread *t)
{
	if (rt_guard)		/* a hook this thread will never finish */
		rt_jumped_out();
	rt_guard = 1;		/* a signal's hooks meanwhile record nothing */
	if (rt_me == t)
		rt_me = NULL;
	gone = true;
	rt_vars_end(t);
	rt_lines_end(t);
	rt_stores_end(t);
	rt_frames_end(t);
	rt_crash_thread_end(t);
	rt_free(t, sizeof *t);
	rt_guard = 0;
}

/*
 * The key's destructor.  A runtime that is off lets the record be: no
 * new one is made then, and a forked child's arena may be locked by a
 * thread its parent had.
 */
static void
thread_ends(void *record)
{
	if (++end_rounds < PTHREAD_DESTRUCTOR_ITERATIONS &&
	    pthread_setspecific(thread_key, record) == 0)
		return;
	if (rt_mode_is(RT_OFF)) {
		rt_me = NULL;
		gone = true;
		return;
	}
	release(record);
}

/* At start-up, before the first record. */
void
rt_thread_end_init(void)
{
	have_key = pthread_key_create(&thread_key, thread_ends) == 0;
}

/* A new record, to be given back when its thread ends. */
void
rt_thread_end_watch(struct rt_thread *t)
{
	if (have_key)
		pthread_setspecific(thread_key, t);
}

bool
rt_thread_gone(void)
{
	return gone;
}
