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
 *     the program run on.
 */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackheap-wire.h"

#define RT_API __attribute__((visibility("default")))
#define RT_HIDDEN __attribute__((visibility("hidden")))
#define RT_NOINSTR __attribute__((no_instrument_function))

/* A variable registered with SH_VAR, watched until its frame returns. */
struct rt_var {
	uintptr_t	 addr;
	size_t		 size;
	int		 depth;		/* frame depth it belongs to */
	const char	*name;		/* the program's string literal */
	uint8_t		*shadow;	/* last contents sent (arena) */
};

struct rt_thread {
	uint32_t	 tid;
	int		 depth;		/* instrumented frames on the stack */
	uintptr_t	 last_fn, last_site, last_lo;	/* of the last push */
	struct rt_var	*vars;		/* arena array */
	size_t		 nvars, capvars;
	uintptr_t	 stack_lo, stack_hi;
	void		*altstack;
};

#define RT_BUF_SIZE (1u << 20)
#define RT_FLUSH_AT (64u << 10)		/* flush once this much is waiting */

/* rt_core.c */
extern RT_HIDDEN volatile int rt_enabled;
extern RT_HIDDEN int rt_watching;	/* annotations in use: snapshot memory */
extern RT_HIDDEN int rt_mt;		/* more than one thread: lock */
extern RT_HIDDEN uint8_t *rt_buf;	/* the stream buffer ... */
extern RT_HIDDEN size_t rt_buf_len;	/* ... and what it holds */
extern RT_HIDDEN uint32_t rt_last_tid;	/* the thread of the last record */
extern RT_HIDDEN _Atomic size_t rt_committed;
extern RT_HIDDEN __thread int rt_guard;
extern RT_HIDDEN __thread struct rt_thread *rt_me;
extern RT_HIDDEN __thread int rt_holding;	/* this thread holds the lock */

RT_HIDDEN bool	rt_enter(void);		/* false: already inside, or disabled */
RT_HIDDEN bool	rt_in_runtime(void);	/* this thread is inside a hook */
RT_HIDDEN struct rt_thread *rt_self(void);

RT_HIDDEN void	rt_disable(void);
RT_HIDDEN void	rt_flush_locked(void);
RT_HIDDEN void	rt_ensure_init(void);
RT_HIDDEN bool	rt_is_main_thread(void);
RT_HIDDEN void	rt_sync_output(void);	/* at annotations: output first */
RT_HIDDEN bool	rt_fd_is_ours(int fd);
RT_HIDDEN int	rt_fds_ours(int out[2]);	/* lowest first */
RT_HIDDEN void	rt_fd_move(int fd);	/* the program wants that number */

/*
 * Record building, under the lock: rt_rec_begin reserves room for the
 * largest payload the caller will write (returns false when disabled),
 * the put functions append fields, rt_rec_end seals the length.
 */
RT_HIDDEN bool	rt_rec_begin(uint8_t type, size_t max_payload);
RT_HIDDEN void	rt_put_u(uint64_t v);
RT_HIDDEN void	rt_put_bytes(const void *p, size_t n);
RT_HIDDEN void	rt_put_str(const char *s);
RT_HIDDEN void	rt_rec_end(void);

extern RT_HIDDEN atomic_flag rt_lock_flag;

static inline void
rt_leave(void)
{
	rt_guard = 0;
}

static inline void
rt_lock(void)
{
	if (!rt_mt)
		return;
	while (atomic_flag_test_and_set_explicit(&rt_lock_flag,
	    memory_order_acquire))
		__builtin_ia32_pause();
	rt_holding = 1;
}

static inline void
rt_unlock(void)
{
	if (rt_holding) {
		rt_holding = 0;
		atomic_flag_clear_explicit(&rt_lock_flag, memory_order_release);
	}
}

/* For a crash: the lock, unless this thread has it; false if it cannot. */
static inline bool
rt_lock_crashing(void)
{
	int spins;

	if (!rt_mt || rt_holding)
		return true;
	for (spins = 0; spins < 1000000; spins++)
		if (!atomic_flag_test_and_set_explicit(&rt_lock_flag,
		    memory_order_acquire)) {
			rt_holding = 1;
			return true;
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

	if (__builtin_expect(!rt_enabled || t == NULL || rt_guard, 0))
		return NULL;
	rt_guard = 1;
	return t;
}

static inline uint8_t *
rt_room(struct rt_thread *t, size_t n)
{
	if (__builtin_expect(rt_buf_len + n + 16 > RT_BUF_SIZE ||
	    t->tid != rt_last_tid, 0))
		return rt_room_slow(t, n);
	return rt_buf + rt_buf_len;
}

static inline void
rt_commit(uint8_t *end)
{
	rt_buf_len = (size_t)(end - rt_buf);
	atomic_store_explicit(&rt_committed, rt_buf_len, memory_order_release);
	if (__builtin_expect(rt_buf_len >= RT_FLUSH_AT, 0))
		rt_flush_locked();
}

static inline uint8_t *
rt_put_uv(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static inline uint8_t *
rt_put_zv(uint8_t *p, int64_t v)
{
	return rt_put_uv(p, sh_wire_zigzag(v));
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
RT_HIDDEN void	*rt_real_malloc(size_t);
RT_HIDDEN void	rt_real_free(void *);

/* rt_vars.c */
RT_HIDDEN void	rt_vars_snapshot_locked(struct rt_thread *);
RT_HIDDEN void	rt_vars_pop_locked(struct rt_thread *);
RT_HIDDEN void	rt_send_mem_locked(const void *addr, size_t n);
/* Sends what of now[0..n) differs from shadow, and updates shadow. */
RT_HIDDEN void	rt_send_changes_locked(const uint8_t *now, uint8_t *shadow, size_t n);

/* Before an event record: send what changed in watched memory. */
RT_HIDDEN void	rt_snapshot_locked(struct rt_thread *);
RT_HIDDEN void	rt_snapshot_all_locked(struct rt_thread *);	/* at annotations */
#define RT_HEAP_WATCHED_ALWAYS 1024	/* live blocks looked at every event */

/* rt_crash.c */
RT_HIDDEN void	rt_crash_init(void);
RT_HIDDEN void	rt_crash_thread_init(struct rt_thread *);

#endif
