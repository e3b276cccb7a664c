/*
 * rt_internal.h — shared state of the runtime that lives inside the traced
 * program.
 *
 * The runtime is a core (rt_core.c: the stream buffer, threads, the lock)
 * with thin shims around it: the compiler's function hooks (rt_hooks.c), the
 * malloc interposer (rt_heap.c), the annotation API (rt_vars.c) and the
 * crash handlers (rt_crash.c).  Rules for all of them:
 *   - never trace ourselves: every entry point checks rt_enter() first, a
 *     per-thread guard, because dlsym, libunwind and vsnprintf may call
 *     malloc or instrumented code;
 *   - no stdio and no interposed malloc: memory comes from rt_arena.c (mmap);
 *   - never exit or abort the program: on any failure rt_disable() and let
 *     the program run on (the one exit is rt_last.c's, for a program
 *     whose threads have all ended).
 */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackheap-wire.h"
#include "wire/wire_encode.h"

#define RT_API __attribute__((visibility("default")))
#define RT_HIDDEN __attribute__((visibility("hidden")))
#define RT_NOINSTR __attribute__((no_instrument_function))

/* A variable registered with SH_VAR, watched until its frame returns. */
struct rt_var {
	uintptr_t	 addr;
	size_t		 size;
	size_t		 depth;		/* frame depth it belongs to */
	const char	*name;		/* the program's string literal */
	uint8_t		*shadow;	/* last contents sent (arena) */
	bool		 fragile;	/* not on the stack or in a loaded object:
					   may be unmapped under us (rt_read_safely) */
};

/* What line steps keep of a frame: its last line's key, its extent's top. */
struct rt_line_frame {
	uintptr_t	 top;		/* 0: not known */
	uint32_t	 key;
};

/* A push the thread made before: repeated, it is sent as one byte. */
struct rt_push_slot {
	uintptr_t	 site, fn, size;
	uintptr_t	 gap;		/* innermost frame's low - this low */
};

/*
 * A thread's state.  The first fields are the frame hooks': they mirror
 * what the viewer will make of this thread's pushes and pops (see
 * SH_REC_PUSH in stackheap-wire.h), so that a push the viewer can work
 * out from its own state goes as one byte.
 */
struct rt_thread {
	size_t		 depth;		/* frames, as the viewer counts them */
	size_t		 min_depth;	/* the lowest depth since its last line step */
	uintptr_t	*lows;		/* their low ends; lows[-1] is 0 */
	size_t		 cap_lows;	/* lows[0, cap_lows) exist; >= depth */
	uintptr_t	 heap_addr, heap_pc;	/* heap records' bases */
	struct rt_push_slot cache[SH_WIRE_CACHE_SLOTS];
	uintptr_t	 last_fn, last_site, last_lo;	/* of the last full push */
	unsigned	 evict;		/* which of two full slots goes next */
	uint32_t	 tid;
	struct rt_var	*vars;		/* arena array */
	size_t		 nvars, capvars;
	uintptr_t	 stack_lo, stack_hi;
	void		*altstack;
	/* line steps (rt_lines.c) */
	uintptr_t	 line_pc, line_sp;	/* of its last line record */
	uintptr_t	 line_cache[SH_WIRE_LINE_SLOTS];	/* the viewer's */
	uint32_t	 line_place[SH_WIRE_LINE_SLOTS];	/* its places */
	unsigned	 line_evict;	/* which of a pc's two slots goes next */
	/* a line record being committed: the bases before it, and where it
	 * starts, for a longjmp out of a signal handler (rt_jumped_out) */
	bool		 line_pending;
	uintptr_t	 line_pc_was, line_sp_was;
	size_t		 line_at;
	/* the store log as a line step took it (rt_stores_logged) */
	uintptr_t	 log_left_seen, log_overflowed_seen;
	uintptr_t	 line_top;	/* the highest frame end seen */
	struct rt_line_frame *line_frames;	/* [depth]: see rt_lines.c */
	size_t		 cap_line_frames;
	unsigned long	 line_epoch;	/* of its last whole comparison */
	uint8_t		*shadow;	/* the viewer's copy of [shadow_lo, shadow_hi) */
	uintptr_t	 shadow_lo, shadow_hi;
	int		 ktid;		/* the kernel's id of the thread (gettid) */
	struct rt_store_log *stores;	/* its store log (rt_stores.c) */
};

/*
 * The stream buffer: a ring of RT_RING bytes mapped twice in a row, so
 * that a record starting anywhere in the first copy is contiguous.
 * Positions (len, committed, fast_end) count bytes since the stream began;
 * position p is at buf + (p & RT_RING_MASK).  Writers append records at
 * len under rt_lock and publish len as committed after each whole one;
 * the flusher thread writes out what is committed every 10 ms, and a
 * writer writes out the ring itself when it is full.  The frame hooks'
 * inline path (rt_frames.h)
 * writes without the lock or any other check while len stays under
 * fast_end, which the runtime keeps at 0 whenever that would be wrong:
 * disabled, several threads, annotations, another thread's record last.
 */
#define RT_RING (4u << 20)
#define RT_RING_MASK ((size_t)RT_RING - 1)

struct rt_hot {
	uint8_t		*buf;
	size_t		 len;
	size_t		 fast_end;
	size_t		 mask;		/* RT_RING_MASK, for code built apart */
	_Atomic size_t	 committed;
	int		 off;		/* disabled for good: hooks return at once */
	/* the line steps' inline path (rt_lines_fast.h): its own limit,
	 * fast_end's but for annotations, and the dirty flags' epoch */
	size_t		 line_end;
	unsigned long	 line_epoch;
};


/*
 * rt_core.c: the runtime's mode, one word of these bits, changed only by
 * rt_mode_set, which keeps what is derived from it right: the fast paths'
 * limit (rt_fast_update) and rt_hot.off, which the linked hooks read.
 */
enum rt_mode_bit {
	RT_ON = 1,		/* recording */
	RT_OFF = 2,		/* off for good: the hooks return at once */
	RT_THREADS = 4,		/* more than one thread: lock */
	/* the program has called clone() itself, so that a thread may run
	 * on another thread's thread-locals (rt_me, rt_guard); then the fast
	 * paths are off and rt_enter asks the kernel who is calling
	 * (rt_foreign) */
	RT_SHARED = 8,
	RT_WATCHING = 16,	/* annotations in use: snapshot memory */
	RT_BLOCKS = 32		/* an annotated program: heap blocks tracked */
};
extern RT_HIDDEN volatile unsigned rt_mode;
RT_HIDDEN void	rt_mode_set(unsigned on, unsigned off);	/* bits to set, to clear */

/* Whether every one of bits is on. */
static inline bool
rt_mode_is(unsigned bits)
{
	return (rt_mode & bits) == bits;
}
extern RT_HIDDEN uint32_t rt_last_tid;	/* the thread of the last record */
/*
 * Shared with the frame hooks a program built by stackheap-cc carries
 * itself (libstackheap-hooks.a): exported under names that say the
 * version of this layout and its meaning, so that a program linked with
 * older hooks fails to start against a newer library instead of writing
 * garbage.  BUMP RT_ABI ON ANY CHANGE to what rt_frames.h or rt_lines_fast.h
 * reads or writes.
 */
#define RT_ABI "5"	/* rt_probe.S calls __stackheap_line_5 by name */

extern RT_API struct rt_hot rt_hot __asm__("__stackheap_hot_" RT_ABI);
extern RT_API __thread int rt_guard __asm__("__stackheap_guard_" RT_ABI);
extern RT_API __thread struct rt_thread *rt_me __asm__("__stackheap_me_" RT_ABI);
extern RT_HIDDEN __thread int rt_holding;	/* this thread holds the lock */
/*
 * A thread's store log: the addresses its code stored through pointers
 * since its last line step, as __stackheap_store (rt_probe.S) appends
 * them: at[left - 1], then left - 1; when left is 0, overflowed is set
 * instead.  rt_probe.S reads it at these offsets (rt_stores.c checks).
 */
#define RT_STORES_MAX 510	/* the log fills 4 KiB */
struct rt_store_log {
	uintptr_t	 left;		/* free entries: at[0, left) */
	uintptr_t	 overflowed;	/* a store found no room */
	uintptr_t	 at[RT_STORES_MAX];	/* at[left, RT_STORES_MAX): logged */
};
extern RT_API __thread struct rt_store_log *rt_stores
    __asm__("__stackheap_stores_" RT_ABI);

/*
 * log->left from *seen to RT_STORES_MAX if no store came in between, else
 * *seen gets what it is.  Only a signal handler on this very thread can
 * store in between, and it runs whole between two of our instructions:
 * one cmpxchg without a lock prefix is enough.
 */
static inline bool
rt_stores_swap_left(struct rt_store_log *log, uintptr_t *seen)
{
#if defined(__x86_64__)
	bool same;

	__asm__ volatile("cmpxchgq %3, %1" : "=@ccz"(same), "+m"(log->left),
	    "+a"(*seen) : "r"((uintptr_t)RT_STORES_MAX) : "memory");
	return same;
#else
	return __atomic_compare_exchange_n(&log->left, seen, RT_STORES_MAX,
	    false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
#endif
}

/*
 * Starts the log again after a line step took what it held (left and
 * overflowed as it saw them).  A store logged since — a signal handler's,
 * while the step ran — would be lost from it: it marks the program's
 * dirty flag instead, and the next step compares everything.
 */
static inline void
rt_stores_restart(struct rt_store_log *log, uintptr_t left_seen,
    uintptr_t overflowed_seen, _Atomic uint8_t *dirty)
{
	while (!rt_stores_swap_left(log, &left_seen))
		atomic_store_explicit(dirty, 1, memory_order_relaxed);
	if (log->overflowed != 0 || overflowed_seen != 0)
		atomic_store_explicit(dirty, 1, memory_order_relaxed);
	log->overflowed = 0;
}

/*
 * A line record of the thread is about to be committed at rt_hot.len:
 * its bases move to pc and sp now, undone by rt_jumped_out if a longjmp
 * out of a signal handler drops the record; rt_line_committed after.
 */
static inline void
rt_line_bases(struct rt_thread *t, uintptr_t pc, uintptr_t sp)
{
	t->line_pc_was = t->line_pc;
	t->line_sp_was = t->line_sp;
	t->line_at = rt_hot.len;
	t->line_pending = true;
	atomic_signal_fence(memory_order_seq_cst);
	t->line_pc = pc;
	t->line_sp = sp;
}

static inline void
rt_line_committed(struct rt_thread *t)
{
	atomic_signal_fence(memory_order_seq_cst);
	t->line_pending = false;
}

RT_HIDDEN bool	rt_enter(void);		/* false: already inside, or disabled */
RT_HIDDEN bool	rt_foreign(void);	/* on another thread's rt_me: record nothing */
RT_HIDDEN void	rt_jumped_out(void);	/* a hook was left by longjmp (rt_jump.c) */
RT_HIDDEN void	rt_jump_init(void);
RT_HIDDEN bool	rt_in_runtime(void);	/* this thread is inside a hook */
RT_HIDDEN struct rt_thread *rt_self(void);
RT_HIDDEN bool	rt_frames_init(struct rt_thread *);	/* rt_hooks.c */
/*
 * rt_thread_end.c: a thread's record is given back when the thread ends;
 * after that it is gone, and rt_self makes it none again.  The *_end
 * functions free what each part of the runtime kept in a record.
 */
RT_HIDDEN void	rt_thread_end_init(void);
RT_HIDDEN void	rt_thread_end_watch(struct rt_thread *);
RT_HIDDEN bool	rt_thread_gone(void);
RT_HIDDEN void	rt_frames_end(struct rt_thread *);	/* rt_hooks.c */
RT_HIDDEN void	rt_lines_end(struct rt_thread *);	/* rt_lines.c */
RT_HIDDEN void	rt_vars_end(struct rt_thread *);	/* rt_vars.c */
RT_HIDDEN void	rt_stores_end(struct rt_thread *);	/* rt_stores.c */

RT_HIDDEN void	rt_disable(void);
/*
 * The real functions we interpose (the C library's, or the next
 * library's): rt_real looks one up by name; RT_REAL(name) gives the one
 * for name, kept in a variable real_<name> of its type, looked up once.
 */
RT_HIDDEN void	*rt_real(const char *name);
#define RT_RESOLVE(name) \
	(real_##name = (__typeof__(real_##name))rt_real(#name))
#define RT_REAL(name) (real_##name != NULL ? real_##name : RT_RESOLVE(name))
RT_HIDDEN void	rt_fast_update(void);	/* after what rt_hot.fast_end depends on */
RT_HIDDEN void	rt_flush_locked(void);	/* writes out everything, now */
RT_HIDDEN void	rt_ensure_init(void);
RT_HIDDEN void	rt_sync_output(void);	/* at annotations: output first */
/* rt_output.c: the program's stdout and stderr into the stream */
RT_HIDDEN void	rt_capture_init(void);
RT_HIDDEN void	rt_output_forget(int fd);	/* fd 1 or 2 is not ours now */

RT_HIDDEN bool	rt_fd_is_ours(int fd);
#define RT_FDS_MAX 3
RT_HIDDEN int	rt_fds_ours(int out[RT_FDS_MAX]);	/* lowest first */
RT_HIDDEN void	rt_fd_move(int fd);	/* the program wants that number */
/* rt_last.c: a main that ends with pthread_exit still lets the process end */
RT_HIDDEN void	rt_last_init(void);	/* on the main thread, at start-up */
RT_HIDDEN void	rt_last_check(void);	/* the flusher, each period */

/*
 * Record writing, under the lock: rt_rec_open starts a record of a type
 * with room for the largest payload the caller will write, and returns
 * where the payload goes (NULL when disabled); the caller writes it with
 * its wire_enc_* encoder (wire/wire_encode.h) and hands the end to
 * rt_rec_close, which seals the length and commits the record.
 */
RT_HIDDEN uint8_t *rt_rec_open(uint8_t type, size_t max_payload);
RT_HIDDEN void	rt_rec_close(uint8_t *end);
/*
 * A record the caller writes whole, type byte and all (a cached line
 * step, whose framing its type tells): rt_rec_room returns where it
 * starts, with room for n bytes, rt_rec_close_raw takes its end.
 */
RT_HIDDEN uint8_t *rt_rec_room(size_t n);
RT_HIDDEN void	rt_rec_close_raw(uint8_t *end);

/*
 * The lock: a futex word, 0 free, 1 taken, 2 taken and someone may sleep
 * on it (Drepper's "Futexes Are Tricky", mutex 2).  Taking a free lock and
 * giving back one nobody waits for are one atomic operation each, inline;
 * a waiter spins a little (the holder is usually a few hundred
 * nanoseconds from done) and then sleeps in the kernel, never burning a
 * core while the holder waits on a paused viewer or is not running at
 * all (more threads than cores).  The futex call is a raw syscall, not a
 * cancellation point: pthread_cancel cannot end a thread in here.
 */
extern RT_HIDDEN _Atomic int rt_lock_word;
RT_HIDDEN void	rt_lock_wait(void);	/* rt_core.c: until it is ours */
RT_HIDDEN void	rt_lock_wake(void);	/* rt_core.c: one sleeper */

static inline void
rt_leave(void)
{
	rt_guard = 0;
}

static inline void
rt_lock(void)
{
	int unlocked = 0;

	if (!rt_mode_is(RT_THREADS))
		return;
	if (!atomic_compare_exchange_strong_explicit(&rt_lock_word, &unlocked,
	    1, memory_order_acquire, memory_order_relaxed))
		rt_lock_wait();
	rt_holding = 1;
}

static inline void
rt_unlock(void)
{
	if (rt_holding) {
		rt_holding = 0;
		if (atomic_exchange_explicit(&rt_lock_word, 0,
		    memory_order_release) == 2)
			rt_lock_wake();
	}
}

/* For a crash: the lock, unless this thread has it; false if it cannot. */
static inline bool
rt_lock_crashing(void)
{
	int spins, unlocked;

	if (!rt_mode_is(RT_THREADS) || rt_holding)
		return true;
	for (spins = 0; spins < 1000000; spins++) {
		unlocked = 0;
		if (atomic_compare_exchange_weak_explicit(&rt_lock_word,
		    &unlocked, 1, memory_order_acquire, memory_order_relaxed)) {
			rt_holding = 1;
			return true;
		}
	}
	return false;
}

RT_HIDDEN void	rt_flush_crashing(void);	/* from a signal handler */
RT_HIDDEN void	rt_crash_rewind(void);

RT_HIDDEN uint8_t *rt_room_slow(struct rt_thread *, size_t n);

/*
 * The fast paths (a frame push or pop, an allocation), as inline code:
 * rt_fast_enter gives the thread's state with the guard taken, or NULL
 * when the hook must not record (disabled, re-entered, or a new thread:
 * the slow path sets that up); rt_room gives room for a record of at most
 * n bytes, under the lock, after a thread switch record when needed (NULL
 * when disabled); rt_commit ends it.
 */
static inline struct rt_thread *
rt_fast_enter(void)
{
	struct rt_thread *t = rt_me;

	if (__builtin_expect((rt_mode & (RT_ON | RT_SHARED)) != RT_ON ||
	    t == NULL || rt_guard, 0))
		return NULL;
	rt_guard = 1;
	return t;
}

static inline uint8_t *
rt_at(size_t pos)
{
	return rt_hot.buf + (pos & RT_RING_MASK);
}

/* rt_room_end: where the ring is full (rt_core.c). */
extern RT_HIDDEN size_t rt_room_end;

static inline uint8_t *
rt_room(struct rt_thread *t, size_t n)
{
	if (__builtin_expect(rt_hot.len + n > rt_room_end ||
	    t->tid != rt_last_tid, 0))
		return rt_room_slow(t, n);
	return rt_at(rt_hot.len);
}

/* Ends a record that began at rt_at(rt_hot.len), rt_room's place. */
static inline void
rt_commit(uint8_t *end)
{
	rt_hot.len += (size_t)(end - rt_at(rt_hot.len));
	atomic_store_explicit(&rt_hot.committed, rt_hot.len, memory_order_release);
}

/* The id of an interned string, sending it first if new (under the lock). */
RT_HIDDEN uint64_t rt_string_id(const char *s);

/* rt_arena.c: mmap-backed memory that never goes through malloc. */
RT_HIDDEN void	*rt_alloc(size_t n);
RT_HIDDEN void	 rt_free(void *p, size_t n);
RT_HIDDEN void	*rt_realloc_array(void *p, size_t *cap, size_t elem, size_t need);

/* rt_heap.c */
RT_HIDDEN void	rt_heap_init(void);
RT_HIDDEN void	rt_heap_snapshot_locked(void);
RT_HIDDEN size_t rt_heap_live(void);
/* Sends what changed in the live blocks holding any of sorted[0, n). */
RT_HIDDEN void	rt_heap_snapshot_stored_locked(const uintptr_t *sorted, size_t n);
RT_HIDDEN void	*rt_real_malloc(size_t);
RT_HIDDEN void	rt_real_free(void *);

/* rt_vars.c: registered variables */
RT_HIDDEN void	rt_vars_snapshot_locked(struct rt_thread *);
/* Whether a global is registered (SH_GLOBAL): no line steps' inline path. */
RT_HIDDEN bool	rt_vars_globals(void);
RT_HIDDEN void	rt_vars_pop_locked(struct rt_thread *);

/* rt_watch.c: watched memory, and what changed in it */
RT_HIDDEN size_t rt_watched_size(size_t size);	/* the most sent of a range */
RT_HIDDEN void	rt_send_mem_locked(const void *addr, size_t n);
/* Sends bytes[0..n) as what [addr, addr + n) holds. */
RT_HIDDEN void	rt_send_copy_locked(uintptr_t addr, const void *bytes, size_t n);
/*
 * Sends what of [addr, addr + n) differs from shadow, and updates shadow;
 * fragile: the memory may be unmapped, and is read through the kernel
 * (nothing is sent while it cannot be read).
 */
RT_HIDDEN void	rt_send_changes_locked(uintptr_t addr, uint8_t *shadow, size_t n,
		    bool fragile);
/* Copies [addr, addr + n) to buf without faulting; false if unmapped. */
RT_HIDDEN bool	rt_read_safely(uintptr_t addr, void *buf, size_t n);

/* Before an event record: send what changed in watched memory. */
RT_HIDDEN void	rt_snapshot_locked(struct rt_thread *);
RT_HIDDEN void	rt_snapshot_all_locked(struct rt_thread *);	/* at annotations */
#define RT_HEAP_WATCHED_ALWAYS 1024	/* live blocks looked at every event */

/*
 * rt_stores.c, at a line step: the addresses the thread's code stored to
 * since its last one, sorted (*at; their number), or RT_STORES_LOST when
 * the log overflowed or there is none; then the heap blocks they went to
 * (all of them when it overflowed, none when the step compared every
 * block already), after which the log starts again (rt_stores_restart).
 */
#define RT_STORES_LOST ((size_t)-1)
RT_HIDDEN size_t rt_stores_logged(struct rt_thread *, const uintptr_t **at);
RT_HIDDEN void	rt_stores_send_locked(struct rt_thread *, bool compared_all,
		    _Atomic uint8_t *dirty);

/* rt_crash.c */
RT_HIDDEN void	rt_crash_init(void);
RT_HIDDEN void	rt_crash_thread_init(struct rt_thread *);
RT_HIDDEN void	rt_crash_thread_end(struct rt_thread *);

#endif
