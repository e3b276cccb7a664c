/*
 * rt_core.c — the heart of the runtime: start-up, the per-thread state and
 * re-entry rt_guard, the lock, and the one stream buffer every event goes into.
 *
 * The viewer starts the program with STACKHEAP_FD naming the write end of a
 * pipe.  Without it the runtime stays disabled and every hook returns at
 * once, so an annotated program runs normally on its own.  Records from all
 * threads go into one buffer under one lock, which keeps heap events from
 * different threads in the order they happened; the buffer is written to the
 * pipe in large chunks (and promptly when the program runs at a human pace,
 * so a live viewer is never behind).  Any write failure disables the runtime
 * and the program runs on.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include "rt_internal.h"

#define RT_FLUSH_NS (10 * 1000000L)	/* the flusher's period */
#define RT_FD_MIN 900			/* keep the stream fd out of the way */

RT_HIDDEN volatile unsigned rt_mode;

static int stream_fd = -1;
static int spare_fd = -1;	/* the same pipe, for when stream_fd is gone */
static int output_fd = -1;	/* the viewer's end of the program's output */
static dev_t stream_dev;	/* what stream_fd must still be to write */
static ino_t stream_ino;
RT_API struct rt_hot rt_hot __asm__("__stackheap_hot_" RT_ABI);
RT_HIDDEN uint32_t rt_last_tid;
static unsigned rec_width;	/* of the open record's length (rt_rec_open) */
static uint8_t *rec_payload;
/*
 * Writing out: the program's threads fill the ring (under rt_lock once
 * there are several) and write it out themselves when it is full, and at
 * exits, forks and annotations; the flusher thread writes out what has
 * been committed every 10 ms, so that a program that stops making events
 * (waiting for input, or about to be killed) has sent everything but its
 * last 10 ms.  Handing every chunk to the flusher instead (woken by a
 * futex) was slower: on this kind of machine the other core reading the
 * ring's lines, and the wake-ups, cost the program more than copying its
 * own hot lines into the pipe (heap workload through a pipe: 0.80 s
 * against 0.68 s).  flush_mutex orders the writers-out; positions below
 * flushed are out.  The flusher never touches rt_hot.len: it reads
 * rt_hot.committed, which a writer publishes after each record.
 */
static pthread_mutex_t flush_mutex = PTHREAD_MUTEX_INITIALIZER;
static _Atomic size_t flushed;
/*
 * What a program's thread in the middle of writing out holds, for
 * rt_jumped_out: a signal handler that interrupted it may never return.
 */
static __thread int flush_held;
static __thread struct {
	int		 active;
	int		 cancel_state;	/* before write_all */
	sigset_t	 mask;
} in_write;
RT_HIDDEN size_t rt_room_end;

static _Atomic uint32_t next_tid = 1;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

RT_API __thread int rt_guard __asm__("__stackheap_guard_" RT_ABI);
RT_HIDDEN __thread int rt_holding;
RT_API __thread struct rt_thread *rt_me __asm__("__stackheap_me_" RT_ABI);

static void put_thread_switch(uint32_t tid);

static __typeof__(pthread_create) *real_pthread_create;

/* Interned strings: pointer → id, open addressing, grown in the arena. */
static const char **strings;
static size_t strings_cap, strings_used;

/*
 * The guard is looked at, not taken, until the caller is known to own
 * this thread's state: a raw clone() child shares it (rt_foreign).
 */
bool
rt_enter(void)
{
	if (rt_guard)
		return false;
	if (rt_mode_is(RT_ON | RT_SHARED) && rt_foreign())
		return false;
	rt_guard = 1;
	rt_ensure_init();
	if (!rt_mode_is(RT_ON)) {
		rt_guard = 0;
		return false;
	}
	return true;
}

bool
rt_in_runtime(void)
{
	return rt_guard != 0;
}

/*
 * Is the caller running on thread-locals that are another thread's?  A
 * child of the program's own clone() without CLONE_SETTLS (a raw thread,
 * or a vfork child) has the thread-locals of the thread that made it:
 * its events would go in as that thread's, unlocked, interleaved with
 * its own.  Such a caller records nothing and touches nothing of ours.
 * A system call: asked only once the program has called clone() (or at
 * an _exit, for vfork).
 */
bool
rt_foreign(void)
{
	struct rt_thread *t = rt_me;

	return t != NULL && t->ktid != (int)syscall(SYS_gettid);
}

/*
 * The program is about to clone(): from now on a thread may share
 * another's state.  The caller's own state is made first (its child
 * would otherwise make it, for both), the fast paths close and the lock
 * is taken from now on.
 */
static void
before_clone(void)
{
	if (rt_enter()) {
		rt_self();
		rt_leave();
	}
	rt_mode_set(RT_THREADS | RT_SHARED, 0);
}

/* glibc's clone wrapper: the raw thread interface, unseen otherwise. */
RT_API int
clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	static __typeof__(clone) *real_clone;
	void *ptid, *tls, *ctid;
	va_list ap;

	va_start(ap, arg);	/* glibc reads them only when flags say so */
	ptid = va_arg(ap, void *);
	tls = va_arg(ap, void *);
	ctid = va_arg(ap, void *);
	va_end(ap);
	before_clone();
	if (RT_REAL(clone) == NULL) {
		errno = ENOSYS;
		return -1;
	}
	return real_clone(fn, stack, flags, arg, ptid, tls, ctid);
}

/*
 * The lock (rt_lock, inline in rt_internal.h) is only taken once the
 * program has a second thread: RT_THREADS is set by our pthread_create before
 * the thread exists, by the one thread that could be writing.
 */
RT_HIDDEN _Atomic int rt_lock_word;

#define RT_LOCK_SPINS 100	/* tries before a waiter sleeps */

static void
cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

/*
 * rt_lock's slow side: a short spin, then sleep.  The sleeper marks the
 * word 2 (taken, waiters), so that whoever gives it back wakes one of
 * them; taking it with that exchange keeps the mark for the others.
 */
void
rt_lock_wait(void)
{
	int spins, unlocked;

	for (spins = 0; spins < RT_LOCK_SPINS; spins++) {
		cpu_relax();
		unlocked = 0;
		if (atomic_load_explicit(&rt_lock_word, memory_order_relaxed) == 0 &&
		    atomic_compare_exchange_weak_explicit(&rt_lock_word,
		    &unlocked, 1, memory_order_acquire, memory_order_relaxed))
			return;
	}
	while (atomic_exchange_explicit(&rt_lock_word, 2,
	    memory_order_acquire) != 0)
		syscall(SYS_futex, &rt_lock_word, FUTEX_WAIT_PRIVATE, 2, NULL,
		    NULL, 0);
}

void
rt_lock_wake(void)
{
	syscall(SYS_futex, &rt_lock_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* C11 threads: glibc's thrd_create does not go through pthread_create. */
RT_API int
thrd_create(thrd_t *thread, thrd_start_t start, void *arg)
{
	static __typeof__(thrd_create) *real_thrd_create;

	rt_mode_set(RT_THREADS, 0);
	if (RT_REAL(thrd_create) == NULL)
		return thrd_error;
	return real_thrd_create(thread, start, arg);
}

RT_API int
pthread_create(pthread_t *thread, const pthread_attr_t *attr,
    void *(*start)(void *), void *arg)
{
	rt_mode_set(RT_THREADS, 0);	/* before the thread exists: lock */
	if (RT_REAL(pthread_create) == NULL)
		return EAGAIN;
	return real_pthread_create(thread, attr, start, arg);
}

/*
 * Writes everything, retrying short writes; SIGPIPE is held off meanwhile,
 * and so is cancellation: write is a cancellation point, and a thread of
 * the program cancelled in here (its malloc waiting for a paused viewer)
 * would take the runtime's lock and flush_mutex with it, and every other
 * thread would wait for them forever.  A cancel that comes meanwhile
 * stays pending, for the program's next cancellation point.
 */
static bool
write_all(size_t from, size_t upto)
{
	sigset_t pipe_only;
	bool ok = true;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &in_write.cancel_state);
	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_only, &in_write.mask);
	in_write.active = 1;
	while (from < upto) {
		ssize_t w = write(stream_fd, rt_at(from), upto - from);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ok = false;
			break;
		}
		from += (size_t)w;
		/* out, even if a signal handler never lets this call return */
		atomic_store_explicit(&flushed, from, memory_order_release);
	}
	if (!ok && errno == EPIPE) {
		struct timespec zero = { 0, 0 };
		sigtimedwait(&pipe_only, NULL, &zero);
	}
	in_write.active = 0;
	pthread_sigmask(SIG_SETMASK, &in_write.mask, NULL);
	pthread_setcancelstate(in_write.cancel_state, NULL);
	return ok;
}

/* Is fd still the stream's pipe (not closed, nor a new file there)? */
static bool
is_the_stream(int fd)
{
	struct stat st;

	return fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == stream_dev &&
	    st.st_ino == stream_ino;
}

/*
 * A program that closed our fd behind close()'s back (a raw syscall, a
 * close inside libc, a descriptor it took for its own) must not cut the
 * trace, nor get our bytes in a file of its that took the number: the
 * spare, the same pipe at another number, becomes the stream.  Without
 * it the trace ends, and the program's standard error says so.
 */
static bool
stream_still_ours(void)
{
	static const char cut[] = "stackheap: the program closed the trace's "
	    "descriptor; the trace ends here\n";

	if (is_the_stream(stream_fd))
		return true;
	if (is_the_stream(spare_fd)) {
		stream_fd = spare_fd;
		spare_fd = -1;
		return true;
	}
	if (write(STDERR_FILENO, cut, sizeof cut - 1) < 0)
		return false;	/* nowhere to say it either */
	return false;
}

/* Writes positions [flushed, upto) out, holding flush_mutex. */
static void
write_out(size_t upto)
{
	size_t from = atomic_load_explicit(&flushed, memory_order_relaxed);

	if (upto <= from || stream_fd < 0)
		return;
	if (!stream_still_ours() || !write_all(from, upto))
		rt_disable();
	atomic_store_explicit(&flushed, upto, memory_order_release);
}

/*
 * Where the writers must stop next: before overwriting what is not out
 * yet.  The inline frame path stops there too (or never starts, see
 * rt_fast_update).
 */
static void
update_limits(void)
{
	rt_room_end = atomic_load_explicit(&flushed, memory_order_acquire) +
	    RT_RING - 64;
	rt_fast_update();
}

static void
flush_lock(void)
{
	pthread_mutex_lock(&flush_mutex);
	flush_held = 1;
}

static void
flush_unlock(void)
{
	flush_held = 0;
	pthread_mutex_unlock(&flush_mutex);
}

void
rt_flush_locked(void)
{
	flush_lock();
	write_out(rt_hot.len);
	flush_unlock();
	update_limits();
}


/*
 * Before a crash record: a record this thread was in the middle of is
 * dropped (everything up to rt_hot.committed is whole), and the next record
 * names its thread again.
 */
void
rt_crash_rewind(void)
{
	rt_hot.len = atomic_load_explicit(&rt_hot.committed, memory_order_acquire);
	if (rt_hot.len < flushed)
		rt_hot.len = flushed;
	rt_last_tid = 0;
	rt_fast_update();
}

/*
 * A signal handler that interrupted one of this thread's hooks has left
 * it by longjmp (rt_jump.c): the hook will never finish, so what it held
 * is given back here, and its guard, without which nothing more of this
 * thread would be recorded.  A record it was writing is dropped (when the
 * ring is this thread's to touch); what it was writing out is out up to
 * flushed.  Its frame mirror may be a push or pop off the viewer's: the
 * push cache is emptied, so that the next pushes go whole and both sides
 * drop the frames the jump left, as for any longjmp.
 */
/*
 * What the thread keeps to send records as small as the viewer can take
 * them, put right after a jump out of a record being written: the push
 * and line caches start empty (the next pushes and lines go whole and
 * fill them again), and the line bases go back if the line record they
 * moved for was dropped (rt_line_bases).
 */
static void
jumped_line_state(struct rt_thread *t)
{
	memset(t->cache, 0, sizeof t->cache);
	memset(t->line_cache, 0, sizeof t->line_cache);
	memset(t->line_place, 0, sizeof t->line_place);
	if (t->line_pending && atomic_load_explicit(&rt_hot.committed,
	    memory_order_relaxed) <= t->line_at) {
		t->line_pc = t->line_pc_was;
		t->line_sp = t->line_sp_was;
	}
	t->line_pending = false;
}

void
rt_jumped_out(void)
{
	struct rt_thread *t = rt_me;

	if (in_write.active) {
		in_write.active = 0;
		pthread_setcancelstate(in_write.cancel_state, NULL);
		if (!sigismember(&in_write.mask, SIGPIPE)) {
			sigset_t pipe_only;

			sigemptyset(&pipe_only);
			sigaddset(&pipe_only, SIGPIPE);
			pthread_sigmask(SIG_UNBLOCK, &pipe_only, NULL);
		}
	}
	if (flush_held)
		flush_unlock();
	if (rt_mode_is(RT_ON) && (rt_holding || !rt_mode_is(RT_THREADS)))
		rt_crash_rewind();
	if (t != NULL)
		jumped_line_state(t);
	rt_unlock();
	rt_guard = 0;
}

/* A crash may come while this thread holds flush_mutex: try, not wait. */
void
rt_flush_crashing(void)
{
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		if (pthread_mutex_trylock(&flush_mutex) == 0) {
			flush_held = 1;
			write_out(rt_hot.len);
			flush_unlock();
			return;
		}
		usleep(1000);
	}
}

/* Every 10 ms, writes out what is whole. */
static void *
flusher(void *unused)
{
	struct timespec period = { 0, RT_FLUSH_NS };

	for (;;) {
		nanosleep(&period, NULL);
		if (!rt_mode_is(RT_ON))
			return NULL;
		rt_last_check();	/* main ended with pthread_exit: rt_last.c */
		if (atomic_load_explicit(&rt_hot.committed, memory_order_acquire) <=
		    flushed)
			continue;
		pthread_mutex_lock(&flush_mutex);
		write_out(atomic_load_explicit(&rt_hot.committed,
		    memory_order_acquire));
		pthread_mutex_unlock(&flush_mutex);
	}
}

/* The flusher, with every signal blocked: the program's signals are its own. */
static void
start_flusher(void)
{
	sigset_t all, old;
	pthread_t thread;

	if (RT_REAL(pthread_create) == NULL)
		return;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (real_pthread_create(&thread, NULL, flusher, NULL) == 0) {
		pthread_setname_np(thread, "stackheap");
		pthread_detach(thread);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Room for a record of n bytes and a thread switch: written out if full. */
static bool
make_room(size_t n)
{
	update_limits();
	if (rt_hot.len + n + 32 > rt_room_end)
		rt_flush_locked();
	return rt_mode_is(RT_ON);
}

/* rt_room's slow side: the ring is full, or another thread wrote last. */
uint8_t *
rt_room_slow(struct rt_thread *t, size_t n)
{
	if (!make_room(n))
		return NULL;
	if (t->tid != rt_last_tid)
		put_thread_switch(t->tid);
	return rt_at(rt_hot.len);
}

void
rt_fast_update(void)
{
	bool fast = (rt_mode & (RT_ON | RT_THREADS | RT_WATCHING | RT_BLOCKS)) ==
	    RT_ON && rt_me != NULL && rt_last_tid == rt_me->tid;

	rt_hot.fast_end = fast ? rt_room_end : 0;
	/* line steps look at memory themselves: annotations do not stop
	 * them, but a global's snapshot would be missed */
	fast = (rt_mode & (RT_ON | RT_THREADS | RT_SHARED)) == RT_ON &&
	    rt_me != NULL && rt_last_tid == rt_me->tid && !rt_vars_globals();
	rt_hot.line_end = fast ? rt_room_end : 0;
}

/*
 * The stream is left open, not closed: this may run on the flusher thread
 * under flush_mutex, or race it, and a descriptor closed here could be
 * reused by the program before the other writer looks.  The viewer sees
 * the end of the stream when the program exits.
 */
void *
rt_real(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

void
rt_disable(void)
{
	rt_mode_set(RT_OFF, RT_ON);
	stream_fd = -1;
}

/*
 * Clears first, then sets: a runtime turned off is never seen on.  Bits
 * set by one thread and cleared by another at once both take effect.
 */
void
rt_mode_set(unsigned on, unsigned off)
{
	unsigned mode;

	__atomic_and_fetch(&rt_mode, ~off, __ATOMIC_SEQ_CST);
	mode = __atomic_or_fetch(&rt_mode, on, __ATOMIC_SEQ_CST);
	if (mode & RT_OFF)
		rt_hot.off = 1;
	rt_fast_update();
}

/* --- our file descriptors, kept out of the program's way (rt_fds.c) ------- */

bool
rt_fd_is_ours(int fd)
{
	return fd >= 0 && (fd == stream_fd || fd == spare_fd ||
	    fd == output_fd);
}

/* Our descriptors, lowest first; how many there are. */
int
rt_fds_ours(int out[RT_FDS_MAX])
{
	int n = 0, i, j;

	if (stream_fd >= 0)
		out[n++] = stream_fd;
	if (spare_fd >= 0)
		out[n++] = spare_fd;
	if (output_fd >= 0)
		out[n++] = output_fd;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && out[j - 1] > out[j]; j--) {
			int t = out[j];

			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

/*
 * The program wants this number: our fd moves to another one, with both
 * writers (the program's threads and the flusher) held off.
 */
void
rt_fd_move(int fd)
{
	int moved;

	rt_lock();
	flush_lock();
	if (rt_fd_is_ours(fd)) {
		moved = fcntl(fd, F_DUPFD_CLOEXEC, RT_FD_MIN);
		if (fd == stream_fd)
			stream_fd = moved;
		else if (fd == spare_fd)
			spare_fd = moved;
		else
			output_fd = moved;
		syscall(SYS_close, fd);
		if (moved < 0 && stream_fd < 0)
			rt_disable();
	}
	flush_unlock();
	rt_unlock();
}

/* A thread switch record: not committed alone, the record after it is. */
static void
put_thread_switch(uint32_t tid)
{
	uint8_t *rec = rt_at(rt_hot.len), *p = wire_open(rec, SH_REC_THREAD, 1);

	rt_hot.len += (size_t)(wire_close(p, 1, wire_enc_thread(p, tid)) - rec);
	rt_last_tid = tid;
	rt_fast_update();
}

uint8_t *
rt_rec_open(uint8_t type, size_t max_payload)
{
	uint32_t tid = rt_me != NULL ? rt_me->tid : 0;

	if (!rt_mode_is(RT_ON) || !make_room(max_payload))
		return NULL;
	if (tid != rt_last_tid)
		put_thread_switch(tid);
	rec_width = max_payload < 0x80 ? 1 : 3;
	rec_payload = wire_open(rt_at(rt_hot.len), type, rec_width);
	return rec_payload;
}

void
rt_rec_close(uint8_t *end)
{
	rt_commit(wire_close(rec_payload, rec_width, end));
}

uint8_t *
rt_rec_room(size_t n)
{
	/* rt_rec_open's type byte, which the caller writes over */
	return rt_rec_open(0, n) != NULL ? rec_payload - rec_width - 1 : NULL;
}

void
rt_rec_close_raw(uint8_t *end)
{
	rt_commit(end);
}

static size_t
string_slot(const char *s)
{
	size_t h = ((uintptr_t)s >> 3) * 0x9e3779b97f4a7c15ull;

	for (h &= strings_cap - 1; strings[h] != NULL && strings[h] != s;
	    h = (h + 1) & (strings_cap - 1))
		;
	return h;
}

static void
grow_strings(void)
{
	const char **old = strings;
	size_t old_cap = strings_cap, i;

	strings_cap = old_cap ? old_cap * 2 : 256;
	strings = rt_alloc(strings_cap * sizeof *strings);
	if (strings == NULL) {
		rt_disable();
		return;
	}
	memset(strings, 0, strings_cap * sizeof *strings);	/* arena pieces are reused */
	for (i = 0; i < old_cap; i++)
		if (old[i] != NULL)
			strings[string_slot(old[i])] = old[i];
	if (old != NULL)
		rt_free(old, old_cap * sizeof *old);
}

/* Ids are the string's address: stable, unique, and free to compute. */
uint64_t
rt_string_id(const char *s)
{
	size_t slot;
	uint8_t *p;

	if (s == NULL)
		return 0;
	if (strings_used * 2 >= strings_cap)
		grow_strings();
	if (strings == NULL)
		return 0;
	slot = string_slot(s);
	if (strings[slot] == NULL) {
		strings[slot] = s;
		strings_used++;
		if ((p = rt_rec_open(SH_REC_STRING, 20 + SH_WIRE_MAX_STRING)) != NULL)
			rt_rec_close(wire_enc_string(p, (uintptr_t)s, s));
	}
	return (uintptr_t)s;
}

/*
 * The viewer shows the program's output in step with its events.  Its
 * stdout is then a pipe the viewer reads, which we make line-buffered as
 * a terminal would be (rt_output_init).  At an annotation — a point the
 * program reaches at a human pace, not a hot path — what stdio holds is
 * written, and we wait (two seconds at most) until the viewer has read all
 * of it (it lends us its end of the pipe, STACKHEAP_OUTPUT_FD, to ask), so
 * the output arrives before the events that follow.
 */
void
rt_sync_output(void)
{
	struct timespec pause = { 0, 100000 };
	int unread, tries;

	if (output_fd < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	for (tries = 0; tries < 20000; tries++) {
		if (ioctl(output_fd, FIONREAD, &unread) != 0 || unread == 0)
			break;
		nanosleep(&pause, NULL);
	}
}

/* --- threads ------------------------------------------------------------ */

static void
find_stack_bounds(struct rt_thread *t)
{
	pthread_attr_t attr;
	void *addr;
	size_t size;

	if (pthread_getattr_np(pthread_self(), &attr) != 0)
		return;
	if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
		t->stack_lo = (uintptr_t)addr;
		t->stack_hi = (uintptr_t)addr + size;
	}
	pthread_attr_destroy(&attr);
}

struct rt_thread *
rt_self(void)
{
	struct rt_thread *t = rt_me;

	if (t != NULL || rt_thread_gone())
		return t;
	t = rt_alloc(sizeof *t);
	if (t == NULL)
		return NULL;
	memset(t, 0, sizeof *t);
	if (!rt_frames_init(t))
		return NULL;
	t->tid = atomic_fetch_add(&next_tid, 1);
	t->ktid = (int)syscall(SYS_gettid);
	/* a thread not made by our pthread_create (thrd_create, a timer's
	 * helper): lock from now on; a record the first thread is writing
	 * this very moment is the one thing not covered */
	if (t->tid > 1 && !rt_mode_is(RT_THREADS))
		rt_mode_set(RT_THREADS, 0);
	find_stack_bounds(t);
	rt_crash_thread_init(t);
	rt_me = t;
	rt_thread_end_watch(t);
	return t;
}

/* --- start-up ------------------------------------------------------------- */

static int
send_module(struct dl_phdr_info *info, size_t size, void *unused)
{
	char exe[4096];
	ssize_t n;
	uint8_t *p;

	if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0') {
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		exe[n > 0 ? n : 0] = '\0';
		if ((p = rt_rec_open(SH_REC_PROCESS, 40 + SH_WIRE_MAX_STRING)) != NULL)
			rt_rec_close(wire_enc_process(p, (uint64_t)getpid(), exe,
			    info->dlpi_addr));
	} else if ((p = rt_rec_open(SH_REC_MODULE, 20 + SH_WIRE_MAX_STRING)) != NULL) {
		rt_rec_close(wire_enc_module(p, info->dlpi_addr,
		    info->dlpi_name));
	}
	return 0;
}

/*
 * Our fds move out of the program's way and are not inherited.  0 to 2
 * are the program's own standard streams, never a pipe the viewer made
 * for us (it hands out 3 and up): taking one would pour the program's
 * memory into its output, or into whatever its caller left there.
 */
static int
adopt_fd(const char *value)
{
	char *end;
	long fd = strtol(value, &end, 10);
	int moved;

	if (*end != '\0' || fd <= STDERR_FILENO || fd > INT_MAX ||
	    fcntl((int)fd, F_GETFD) < 0)
		return -1;
	moved = fcntl((int)fd, F_DUPFD_CLOEXEC, RT_FD_MIN);
	if (moved < 0)
		return -1;
	syscall(SYS_close, (int)fd);
	return moved;
}

/* Our names out of the environment; nothing else in it is touched. */
static void
forget_our_variables(void)
{
	unsetenv("STACKHEAP_ORIG_LD_PRELOAD");
	unsetenv("STACKHEAP_FD");
	unsetenv("STACKHEAP_OUTPUT_FD");
	unsetenv("STACKHEAP_OUTPUT");
}

/* Our variables must not reach the program's children or its getenv(). */
static void
clean_environment(void)
{
	const char *orig = secure_getenv("STACKHEAP_ORIG_LD_PRELOAD");

	if (orig != NULL && orig[0] != '\0')
		setenv("LD_PRELOAD", orig, 1);
	else if (orig != NULL)
		unsetenv("LD_PRELOAD");
	forget_our_variables();
}

/*
 * A set-user-ID or set-group-ID program (or any whose ids differ) has
 * powers its caller lacks: the caller's environment must not steer it,
 * and its memory is not the caller's to see.  There the runtime stays off:
 * it reads none of our variables, takes no fd and puts nothing into
 * LD_PRELOAD.  It only drops our names, so that a child the program starts
 * with full privileges finds no stream to write to either.
 */
static bool
privileged(void)
{
	return getauxval(AT_SECURE) != 0 || getuid() != geteuid() ||
	    getgid() != getegid();
}

static void
rt_output_init(void)
{
	const char *fd = secure_getenv("STACKHEAP_OUTPUT_FD");

	if (fd == NULL || (output_fd = adopt_fd(fd)) < 0)
		return;
	setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
}

static void before_fork(void);
static void after_fork_parent(void);
static void after_fork_child(void);

/* The ring: one memory file mapped twice in a row; NULL if it cannot be. */
static uint8_t *
map_ring(void)
{
	int fd = (int)syscall(SYS_memfd_create, "stackheap", MFD_CLOEXEC);
	uint8_t *base = MAP_FAILED;

	if (fd >= 0 && ftruncate(fd, RT_RING) == 0)
		base = mmap(NULL, 2 * (size_t)RT_RING, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base != MAP_FAILED &&
	    (mmap(base, RT_RING, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
	    fd, 0) == MAP_FAILED ||
	    mmap(base + RT_RING, RT_RING, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)) {
		munmap(base, 2 * (size_t)RT_RING);
		base = MAP_FAILED;
	}
	if (fd >= 0)
		syscall(SYS_close, fd);
	return base != MAP_FAILED ? base : NULL;
}

static void
init(void)
{
	const char *fd_env = secure_getenv("STACKHEAP_FD");
	struct stat stream_stat;
	uint8_t *header;

	rt_heap_init();
	if (privileged()) {
		forget_our_variables();
		rt_mode_set(RT_OFF, 0);
		return;
	}
	if (fd_env == NULL) {
		rt_mode_set(RT_OFF, 0);
		return;
	}
	stream_fd = adopt_fd(fd_env);
	if (stream_fd >= 0)
		spare_fd = fcntl(stream_fd, F_DUPFD_CLOEXEC, RT_FD_MIN);
	if (stream_fd >= 0 && fstat(stream_fd, &stream_stat) == 0) {
		stream_dev = stream_stat.st_dev;
		stream_ino = stream_stat.st_ino;
	}
	rt_output_init();
	rt_capture_init();
	clean_environment();
	rt_hot.buf = map_ring();
	if (stream_fd < 0 || rt_hot.buf == NULL) {
		rt_disable();
		return;
	}
	header = rt_hot.buf;
	sh_wire_put_header(header);
	rt_hot.len = SH_WIRE_HEADER_LEN;
	rt_hot.mask = RT_RING_MASK;
	rt_hot.line_epoch = 1;	/* a thread starts at 0: its first step compares all */
	rt_mode_set(RT_ON, 0);
	update_limits();
	rt_thread_end_init();
	rt_self();
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
	rt_last_init();
	start_flusher();
	dl_iterate_phdr(send_module, NULL);
	rt_crash_init();
	rt_jump_init();
	rt_flush_locked();
}

void
rt_ensure_init(void)
{
	pthread_once(&init_once, init);
}

__attribute__((constructor(101))) RT_NOINSTR static void
rt_constructor(void)
{
	rt_guard = 1;
	rt_ensure_init();
	rt_guard = 0;
}

/* At a normal exit everything still buffered reaches the viewer. */
__attribute__((destructor(101))) RT_NOINSTR static void
rt_destructor(void)
{
	if (!rt_mode_is(RT_ON) || rt_foreign())	/* a vfork or clone child's exit */
		return;
	rt_guard = 1;
	rt_lock();
	rt_flush_locked();
	rt_unlock();
}

/* --- fork: the child must not write into its parent's stream --------------- */

static void
before_fork(void)
{
	rt_guard++;
	rt_lock();
	rt_flush_locked();
	pthread_mutex_lock(&flush_mutex);	/* no flusher mid-write */
}

static void
after_fork_parent(void)
{
	pthread_mutex_unlock(&flush_mutex);
	rt_unlock();
	rt_guard--;
}

static void
after_fork_child(void)
{
	rt_mode_set(RT_OFF, RT_ON);
	if (stream_fd >= 0)
		syscall(SYS_close, stream_fd);
	if (spare_fd >= 0)
		syscall(SYS_close, spare_fd);
	if (output_fd >= 0)
		syscall(SYS_close, output_fd);
	stream_fd = spare_fd = output_fd = -1;
	pthread_mutex_init(&flush_mutex, NULL);
	rt_unlock();
	rt_guard--;
}

/*
 * _exit skips destructors; the events so far must still be sent.  Not by
 * a vfork child (its "exec failed" path), which runs on its parent's
 * memory and thread-locals until it ends: it leaves them as they are,
 * or its parent would find its guard taken and record nothing more.
 */
RT_API void
_exit(int status)
{
	static void (*real__exit)(int);

	if (rt_mode_is(RT_ON) && !rt_guard && !rt_foreign()) {
		rt_guard = 1;
		rt_lock();
		rt_flush_locked();
		rt_unlock();
	}
	if (RT_REAL(_exit) != NULL)
		real__exit(status);
	syscall(SYS_exit_group, status);
	__builtin_unreachable();
}

RT_API void
_Exit(int status)
{
	_exit(status);
}
