/*
 * rt_heap.c — heap events, by interposing the whole malloc family, so that
 * any dynamically linked program run under stackheap shows its heap, even
 * one built without our header.  Allocations made inside libc (strdup,
 * fopen, ...) call malloc through the PLT and are seen too.
 *
 * The real allocator is found with rt_real (dlsym); dlsym itself may call
 * calloc before that is known, and is served from a small static pool.
 * Each allocation carries its call site: a few return addresses from
 * libunwind's unw_backtrace (cheap, no symbolization; the viewer resolves
 * them), with our own frames skipped.
 *
 * A table of live blocks (address → size, last contents sent) lets an
 * annotated program's snapshots send what changed inside heap blocks, so
 * the viewer can show `20` in a block an `int *` points to.  A free is
 * recorded before the real free and an allocation after the real one, so
 * that no other thread can record the same address in between.
 *
 * Bytes a traced allocation hands out unwritten (malloc's, realloc's new
 * tail, the aligned ones; calloc's are zero) are filled with SH_HEAP_FILL,
 * which the viewer shows as uninitialized.  The filling covers the whole
 * usable size, slack included, so that a realloc that grows in place or
 * copies the slack hands out the fill, not older bytes, as its new tail.
 *
 * What an allocation, a free and a realloc record is written in one place
 * each (record_*), which the interposers call and so does the recorder's
 * C API (rt_recorder.h), for tests that dlopen the runtime instead.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "rt_internal.h"
#include "cc/cc_probe.h"
#include "rt_recorder.h"

#define POOL_SIZE (64u << 10)
#define SHADOW_MAX 4096u	/* bytes of a block whose contents we follow */
#define SITE_FRAMES_DEFAULT 8
/*
 * Blocks this large may be glibc's own mappings (its smallest mmap
 * threshold), gone the moment they are freed: one freed behind our back
 * (inside libc) must not be read as if it were still there.
 */
#define MMAPPED_MIN (128u << 10)

struct block {
	uintptr_t	 addr;		/* 0: empty */
	size_t		 size;
	uint8_t		*shadow;	/* NULL until first snapshot */
};

#define SLOT_EMPTY 0

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static void *(*real_memalign)(size_t, size_t);
static void *(*real_valloc)(size_t);
static void *(*real_pvalloc)(size_t);

static _Alignas(16) uint8_t pool[POOL_SIZE];
static size_t pool_used;
static int resolving;

static struct block *table;
static size_t table_cap, table_live;

static uintptr_t self_lo, self_hi;	/* our own code, skipped in call sites */
static uintptr_t self_base;
static uintptr_t exe_lo, exe_hi;	/* the program's own code */
/*
 * The table of live blocks serves only the snapshots of an annotated
 * program: without annotations, nothing ever looks inside a block.
 */
static int site_frames = SITE_FRAMES_DEFAULT;

/* --- the real allocator --------------------------------------------------- */

static void *
pool_alloc(size_t n)
{
	size_t at = (pool_used + 15) & ~(size_t)15;

	if (at + n > POOL_SIZE)
		return NULL;
	pool_used = at + n;
	return pool + at;
}

static bool
in_pool(const void *p)
{
	return (const uint8_t *)p >= pool && (const uint8_t *)p < pool + POOL_SIZE;
}

static void
resolve(void)
{
	if (real_malloc != NULL || resolving)
		return;
	resolving = 1;
	RT_RESOLVE(calloc);
	RT_RESOLVE(realloc);
	RT_RESOLVE(free);
	RT_RESOLVE(posix_memalign);
	RT_RESOLVE(aligned_alloc);
	RT_RESOLVE(memalign);
	RT_RESOLVE(valloc);
	RT_RESOLVE(pvalloc);
	RT_RESOLVE(malloc);	/* last: the others are known once it is */
	resolving = 0;
}

void *
rt_real_malloc(size_t n)
{
	resolve();
	return real_malloc != NULL ? real_malloc(n) : pool_alloc(n);
}

void
rt_real_free(void *p)
{
	if (p == NULL || in_pool(p))
		return;
	resolve();
	if (real_free != NULL)
		real_free(p);
}

/* --- our own code range, and call sites ------------------------------------- */

static void
code_range(const struct dl_phdr_info *info, uintptr_t *lo, uintptr_t *hi)
{
	int i;

	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			*lo = info->dlpi_addr + ph->p_vaddr;
			*hi = *lo + ph->p_memsz;
		}
	}
}

/*
 * Does this object import the annotation API (stackheap.h's weak refs), or
 * the line probes' entry (stackheap-cc's line steps)?  Either way its
 * memory is looked at: blocks are tracked, watched memory snapshotted.
 */
static bool
imports_annotations(const struct dl_phdr_info *info)
{
	/* parenthesised: one name made of two literals, not two names */
	static const char *const names[] = { "sh_var", "sh_global", "sh_step",
	    "sh_say", ("__stackheap_line_" RT_ABI) };
	const char *strtab = NULL;
	size_t strsz = 0, i, k, n;
	const ElfW(Dyn) *d = NULL;
	int p;

	for (p = 0; p < info->dlpi_phnum; p++)
		if (info->dlpi_phdr[p].p_type == PT_DYNAMIC)
			d = (const ElfW(Dyn) *)(info->dlpi_addr +
			    info->dlpi_phdr[p].p_vaddr);
	for (; d != NULL && d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_STRTAB)
			strtab = (const char *)(d->d_un.d_ptr < info->dlpi_addr ?
			    d->d_un.d_ptr + info->dlpi_addr : d->d_un.d_ptr);
		else if (d->d_tag == DT_STRSZ)
			strsz = d->d_un.d_val;
	}
	for (i = 0; strtab != NULL && i < strsz; i += strlen(strtab + i) + 1)
		for (k = 0; k < sizeof names / sizeof names[0]; k++) {
			n = strlen(names[k]);
			if (strncmp(strtab + i, names[k], n + 1) == 0)
				return true;
		}
	return false;
}

static int
look_at_object(struct dl_phdr_info *info, size_t size, void *first)
{
	if (info->dlpi_addr == self_base && self_base != 0) {
		code_range(info, &self_lo, &self_hi);
		return 0;
	}
	if (*(int *)first) {
		code_range(info, &exe_lo, &exe_hi);
		*(int *)first = 0;
	}
	if (imports_annotations(info))
		rt_mode_set(RT_BLOCKS | RT_WATCHING, 0);
	return 0;
}

void
rt_heap_init(void)
{
	const char *frames = secure_getenv("STACKHEAP_ALLOC_FRAMES");
	Dl_info info;
	int first = 1;

	resolve();
	if (dladdr((void *)rt_heap_init, &info) != 0)
		self_base = (uintptr_t)info.dli_fbase;
	dl_iterate_phdr(look_at_object, &first);
	if (frames != NULL) {
		site_frames = atoi(frames);
		if (site_frames < 1)
			site_frames = 1;
		if (site_frames > (int)SH_WIRE_MAX_FRAMES)
			site_frames = SH_WIRE_MAX_FRAMES;
	}
}

struct site {
	int		n;
	uintptr_t	pc[SH_WIRE_MAX_FRAMES];
};

/*
 * The call site: the caller itself when it is the program's own code (the
 * common case, and free); a few frames, unwound, when the allocation comes
 * from inside a library (strdup, fopen, printf), to reach the program's
 * line.  Called outside the lock.
 */
static inline void
capture_site(struct site *s, uintptr_t caller)
{
	void *raw[SH_WIRE_MAX_FRAMES + 8];
	int n, i;

	if (caller >= exe_lo && caller < exe_hi) {
		s->n = 1;
		s->pc[0] = caller;
		return;
	}
	n = unw_backtrace(raw, site_frames + 8);
	s->n = 0;
	for (i = 0; i < n && s->n < site_frames; i++) {
		uintptr_t pc = (uintptr_t)raw[i];

		if (pc >= self_lo && pc < self_hi)
			continue;
		s->pc[s->n++] = pc;
	}
	if (s->n == 0)
		s->pc[s->n++] = caller;
}

/*
 * --- the table of live blocks ---------------------------------------------
 * Open addressing with linear probing; a removal shifts the entries after
 * it back instead of leaving a tombstone, so the table only ever grows with
 * the live set and is never rebuilt for churn.
 */

static size_t
hash_addr(uintptr_t a)
{
	return (size_t)((a >> 4) * 0x9e3779b97f4a7c15ull);
}

static size_t
home(uintptr_t addr, size_t cap)
{
	return hash_addr(addr) & (cap - 1);
}

static struct block *
table_find(uintptr_t addr)
{
	size_t i;

	if (table_cap == 0)
		return NULL;
	for (i = home(addr, table_cap); table[i].addr != SLOT_EMPTY;
	    i = (i + 1) & (table_cap - 1))
		if (table[i].addr == addr)
			return &table[i];
	return NULL;
}

static void
table_put(struct block *tab, size_t cap, const struct block *b)
{
	size_t i;

	for (i = home(b->addr, cap); tab[i].addr != SLOT_EMPTY;
	    i = (i + 1) & (cap - 1))
		;
	tab[i] = *b;
}

static bool
table_grow(void)
{
	size_t cap = table_cap ? table_cap * 2 : 1024, i;
	struct block *tab = rt_alloc(cap * sizeof *tab);

	if (tab == NULL)
		return false;
	memset(tab, 0, cap * sizeof *tab);
	for (i = 0; i < table_cap; i++)
		if (table[i].addr != SLOT_EMPTY)
			table_put(tab, cap, &table[i]);
	if (table != NULL)
		rt_free(table, table_cap * sizeof *table);
	table = tab;
	table_cap = cap;
	return true;
}

static void
forget_shadow(struct block *b)
{
	if (b->shadow != NULL)
		rt_free(b->shadow, b->size < SHADOW_MAX ? b->size : SHADOW_MAX);
	b->shadow = NULL;
}

static void
table_insert(uintptr_t addr, size_t size)
{
	struct block b = { addr, size, NULL };
	struct block *old = table_find(addr);

	if (old != NULL) {	/* freed behind our back: forget the old one */
		forget_shadow(old);
		old->size = size;
		return;
	}
	if ((table_live + 1) * 2 > table_cap && !table_grow()) {
		rt_disable();
		return;
	}
	table_put(table, table_cap, &b);
	table_live++;
}

/* Is slot j, on the probe path from home h, past slot i? */
static bool
probe_passes(size_t h, size_t i, size_t j, size_t cap)
{
	return ((j - h) & (cap - 1)) >= ((j - i) & (cap - 1));
}

static bool
table_remove(uintptr_t addr)
{
	struct block *b = table_find(addr);
	size_t i, j;

	if (b == NULL)
		return false;
	forget_shadow(b);
	i = (size_t)(b - table);
	for (j = (i + 1) & (table_cap - 1); table[j].addr != SLOT_EMPTY;
	    j = (j + 1) & (table_cap - 1)) {
		/* an entry whose probe passes the hole moves into it */
		if (probe_passes(home(table[j].addr, table_cap), i, j, table_cap)) {
			table[i] = table[j];
			i = j;
		}
	}
	table[i].addr = SLOT_EMPTY;
	table[i].shadow = NULL;
	table_live--;
	return true;
}

size_t
rt_heap_live(void)
{
	return table_live;
}

/* Sends what changed in b since the viewer last saw it: all of it at first. */
static void
snapshot_block(struct block *b)
{
	size_t n = b->size < SHADOW_MAX ? b->size : SHADOW_MAX;

	if (b->addr == SLOT_EMPTY || n == 0)
		return;
	if (b->shadow == NULL) {
		if ((b->shadow = rt_alloc(n)) == NULL)
			return;
		if (b->size < MMAPPED_MIN)
			memcpy(b->shadow, (const void *)b->addr, n);
		else if (!rt_read_safely(b->addr, b->shadow, n)) {
			forget_shadow(b);
			return;
		}
		rt_send_copy_locked(b->addr, b->shadow, n);
		return;
	}
	rt_send_changes_locked(b->addr, b->shadow, n, b->size >= MMAPPED_MIN);
}

void
rt_heap_snapshot_locked(void)
{
	size_t i;

	for (i = 0; i < table_cap; i++)
		snapshot_block(&table[i]);
}

/* Whether any of sorted[0, n) lies in [lo, hi). */
static bool
any_within(const uintptr_t *sorted, size_t n, uintptr_t lo, uintptr_t hi)
{
	size_t first = 0, last = n;

	while (first < last) {	/* the first one at lo or above */
		size_t mid = first + (last - first) / 2;

		if (sorted[mid] < lo)
			first = mid + 1;
		else
			last = mid;
	}
	return first < n && sorted[first] < hi;
}

/*
 * The table is keyed by a block's start, and a store may land anywhere
 * in it: one pass over the table, each block looked up in the addresses.
 * A logged store writes at most CC_PROBE_STORE_MAX bytes (cc_probe.h),
 * so one that starts up to STORE_SPAN bytes before a block may reach it
 * (an overflow out of the block before).
 */
#define STORE_SPAN (CC_PROBE_STORE_MAX - 1)

void
rt_heap_snapshot_stored_locked(const uintptr_t *sorted, size_t n)
{
	size_t i;

	for (i = 0; i < table_cap && n > 0; i++)
		if (table[i].addr != SLOT_EMPTY && any_within(sorted, n,
		    table[i].addr > STORE_SPAN ? table[i].addr - STORE_SPAN : 0,
		    table[i].addr + table[i].size))
			snapshot_block(&table[i]);
}

/* --- recording ---------------------------------------------------------------- */

/* The thread, with the guard taken, if this allocation is to be recorded. */
static struct rt_thread *
heap_enter(void)
{
	struct rt_thread *t = rt_fast_enter();

	if (t != NULL)
		return t;
	if (rt_mode_is(RT_OFF) || !rt_enter())	/* off: the program runs alone */
		return NULL;
	if ((t = rt_self()) == NULL)
		rt_leave();
	return t;
}

/*
 * A heap record, written in place under the lock: the type, a one-byte
 * length (the payload moves along by one in the rare case it is longer),
 * the payload.  The differences it holds are from the thread's previous
 * heap record (stackheap-wire.h); once there is room, the record is sure
 * to go in, and the thread's bases move as it is written.
 */
#define HEAP_PAYLOAD_MAX (4 * 10 + 10 * (1 + SH_WIRE_MAX_FRAMES))

/*
 * Whether the lock, snapshots and the table of blocks can be skipped: one
 * thread, no annotations, room in the ring (rt_fast_update).
 */
static inline bool
heap_fast(void)
{
	return rt_hot.len + 3 + HEAP_PAYLOAD_MAX <= rt_hot.fast_end;
}

/* Unless fast: the lock, and what changed in watched memory before. */
static inline void
heap_lock(struct rt_thread *t, bool fast)
{
	if (fast)
		return;
	rt_lock();
	if (rt_mode_is(RT_WATCHING))
		rt_snapshot_locked(t);
}

static inline void
heap_unlock(bool fast)
{
	if (!fast)
		rt_unlock();
}

/* Starts a heap record; returns where its payload goes, NULL when disabled. */
static inline uint8_t *
rec_begin(struct rt_thread *t, bool fast, uint8_t type)
{
	uint8_t *q = fast ? rt_at(rt_hot.len) : rt_room(t, 3 + HEAP_PAYLOAD_MAX);

	return q != NULL ? wire_open(q, type, 1) : NULL;
}

static inline void
rec_end(uint8_t *payload, uint8_t *end)
{
	rt_commit(wire_close(payload, 1, end));
}

/* addr's difference from the thread's previous heap address, now addr. */
static inline int64_t
next_addr(struct rt_thread *t, uintptr_t addr)
{
	int64_t diff = (int64_t)(addr - t->heap_addr);

	t->heap_addr = addr;
	return diff;
}

/* The same for a call site, from the previous one. */
static inline int64_t
next_pc(struct rt_thread *t, uintptr_t pc)
{
	int64_t diff = (int64_t)(pc - t->heap_pc);

	t->heap_pc = pc;
	return diff;
}

static inline int64_t
site_pc(struct rt_thread *t, const struct site *s)
{
	return s->n > 0 ? next_pc(t, s->pc[0]) : 0;
}

static void
record_alloc(struct rt_thread *t, enum sh_alloc_kind kind, uintptr_t p,
    size_t size, const struct site *s)
{
	bool fast = heap_fast();
	uint8_t *r;

	heap_lock(t, fast);
	if ((r = rec_begin(t, fast, SH_REC_ALLOC)) != NULL)
		rec_end(r, wire_enc_alloc(r, kind, next_addr(t, p), size,
		    (unsigned)s->n, site_pc(t, s), s->pc));
	if (!fast && rt_mode_is(RT_BLOCKS))
		table_insert(p, size);
	heap_unlock(fast);
}

/* Without the table every free is sent: the viewer ignores strangers. */
static void
record_free(struct rt_thread *t, uintptr_t p, uintptr_t pc)
{
	bool fast = heap_fast();
	uint8_t *r;

	if (!fast)
		rt_lock();	/* the snapshot only if the block is ours */
	if (fast || !rt_mode_is(RT_BLOCKS) || table_find(p) != NULL) {
		if (!fast && rt_mode_is(RT_WATCHING))
			rt_snapshot_locked(t);
		if ((r = rec_begin(t, fast, SH_REC_FREE)) != NULL)
			rec_end(r, wire_enc_free(r, next_addr(t, p),
			    next_pc(t, pc)));
		if (!fast && rt_mode_is(RT_BLOCKS))
			table_remove(p);
	}
	heap_unlock(fast);
}

/* The block at p is now n bytes at q (0 if freed); under heap_lock. */
static void
record_realloc_locked(struct rt_thread *t, bool fast, uintptr_t p,
    uintptr_t q, size_t n, const struct site *s)
{
	uint8_t *r;

	if ((r = rec_begin(t, fast, SH_REC_REALLOC)) != NULL) {
		int64_t old = next_addr(t, p);

		if (q != 0)
			t->heap_addr = q;
		rec_end(r, wire_enc_realloc(r, old, (int64_t)(q - p), n,
		    (unsigned)s->n, site_pc(t, s), s->pc));
	}
	if (!fast && rt_mode_is(RT_BLOCKS) && p != 0)
		table_remove(p);
	if (!fast && rt_mode_is(RT_BLOCKS) && q != 0)
		table_insert(q, n);
}

/*
 * Fills p's bytes [from, its usable size) with SH_HEAP_FILL.  Only the
 * first SHADOW_MAX bytes, the ones the viewer is sent: a big block is not
 * touched, and its pages not made resident, for nothing.
 */
static void
fill_fresh(void *p, size_t from)
{
	size_t to;

	if (p == NULL)
		return;
	to = malloc_usable_size(p);
	if (to > SHADOW_MAX)
		to = SHADOW_MAX;
	if (from < to)
		memset((uint8_t *)p + from, SH_HEAP_FILL, to - from);
}

/* Records p (if not NULL) and gives it back; the guard is released. */
static void *
traced_alloc(struct rt_thread *t, enum sh_alloc_kind kind, void *p,
    size_t size, uintptr_t caller)
{
	struct site s;

	fill_fresh(p, kind == SH_ALLOC_CALLOC ? size : 0);
	if (p != NULL) {
		capture_site(&s, caller);
		record_alloc(t, kind, (uintptr_t)p, size, &s);
	}
	rt_leave();
	return p;
}

RT_API void *
malloc(size_t n)
{
	struct rt_thread *t = heap_enter();

	if (t == NULL)
		return rt_real_malloc(n);
	return traced_alloc(t, SH_ALLOC_MALLOC, real_malloc(n), n,
	    (uintptr_t)__builtin_return_address(0));
}

RT_API void *
calloc(size_t count, size_t n)
{
	struct rt_thread *t;

	resolve();
	if (real_calloc == NULL)	/* dlsym asking, before we know calloc */
		return count && n > SIZE_MAX / count ? NULL :
		    pool_alloc(count * n);	/* zeroed static memory */
	if ((t = heap_enter()) == NULL)
		return real_calloc(count, n);
	return traced_alloc(t, SH_ALLOC_CALLOC, real_calloc(count, n),
	    count && n > SIZE_MAX / count ? 0 : count * n,
	    (uintptr_t)__builtin_return_address(0));
}

RT_API void
free(void *p)
{
	struct rt_thread *t;

	if (p == NULL || in_pool(p))
		return;
	if ((t = heap_enter()) == NULL) {
		rt_real_free(p);
		return;
	}
	record_free(t, (uintptr_t)p, (uintptr_t)__builtin_return_address(0));
	rt_leave();
	real_free(p);
}

/* Realloc of a block from the bootstrap pool: move it to the real heap. */
static void *
realloc_from_pool(void *p, size_t n)
{
	void *q = rt_real_malloc(n);
	size_t avail = (size_t)(pool + POOL_SIZE - (uint8_t *)p);

	if (q != NULL)
		memcpy(q, p, n < avail ? n : avail);
	return q;
}

/*
 * The real realloc runs under our lock: once it returns, the old address
 * may be handed to another thread, whose allocation must be recorded after
 * this move.
 */
static void *
traced_realloc(struct rt_thread *t, void *p, size_t n, uintptr_t caller)
{
	bool fast = heap_fast();
	struct site s;
	size_t kept = p != NULL ? malloc_usable_size(p) : 0;
	void *q;

	capture_site(&s, caller);
	heap_lock(t, fast);
	q = real_realloc(p, n);
	fill_fresh(q, kept < n ? kept : n);	/* the new tail, and slack */
	if (q != NULL || n == 0)
		record_realloc_locked(t, fast, (uintptr_t)p, (uintptr_t)q, n, &s);
	heap_unlock(fast);
	return q;
}

RT_API void *
realloc(void *p, size_t n)
{
	struct rt_thread *t;
	void *q;

	if (p != NULL && in_pool(p))
		return realloc_from_pool(p, n);
	resolve();
	if ((t = heap_enter()) == NULL)
		return real_realloc(p, n);
	q = traced_realloc(t, p, n, (uintptr_t)__builtin_return_address(0));
	rt_leave();
	return q;
}

RT_API void *
reallocarray(void *p, size_t count, size_t n)
{
	if (count && n > SIZE_MAX / count) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, count * n);
}

RT_API int
posix_memalign(void **out, size_t align, size_t n)
{
	struct rt_thread *t;
	int rc;

	resolve();
	if ((t = heap_enter()) == NULL)
		return real_posix_memalign(out, align, n);
	rc = real_posix_memalign(out, align, n);
	traced_alloc(t, SH_ALLOC_MEMALIGN, rc == 0 ? *out : NULL, n,
	    (uintptr_t)__builtin_return_address(0));
	return rc;
}

#define ALIGNED_SHIM(name, params, args, size)				\
RT_API void *								\
name params								\
{									\
	struct rt_thread *t;						\
									\
	resolve();							\
	if ((t = heap_enter()) == NULL)					\
		return real_##name args;				\
	return traced_alloc(t, SH_ALLOC_MEMALIGN, real_##name args, size, \
	    (uintptr_t)__builtin_return_address(0));			\
}

/* <malloc.h> would declare these two, and much else the shims define. */
void	*memalign(size_t, size_t);
void	*pvalloc(size_t);

/* pvalloc gives whole pages (one for 0): its block is that big, not n */
static size_t
page_rounded(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (n == 0)
		return page;
	return n > SIZE_MAX - (page - 1) ? n : (n + page - 1) & ~(page - 1);
}

ALIGNED_SHIM(aligned_alloc, (size_t align, size_t n), (align, n), n)
ALIGNED_SHIM(memalign, (size_t align, size_t n), (align, n), n)
ALIGNED_SHIM(valloc, (size_t n), (n), n)
ALIGNED_SHIM(pvalloc, (size_t n), (n), page_rounded(n))

/* --- the recorder, called directly (rt_recorder.h) -------------------------- */

/* A call site the caller names: the one frame the program's own call has. */
static struct site
named_site(uintptr_t pc)
{
	struct site s = { .n = 1 };

	s.pc[0] = pc;
	return s;
}

RT_API void
__stackheap_rec_alloc(enum sh_alloc_kind kind, uintptr_t addr, size_t size,
    uintptr_t site)
{
	struct rt_thread *t = heap_enter();
	struct site s = named_site(site);

	if (t == NULL)
		return;
	record_alloc(t, kind, addr, size, &s);
	rt_leave();
}

RT_API void
__stackheap_rec_free(uintptr_t addr, uintptr_t site)
{
	struct rt_thread *t = heap_enter();

	if (t == NULL)
		return;
	record_free(t, addr, site);
	rt_leave();
}

RT_API void
__stackheap_rec_realloc(uintptr_t old, uintptr_t addr, size_t size,
    uintptr_t site)
{
	struct rt_thread *t = heap_enter();
	struct site s = named_site(site);
	bool fast;

	if (t == NULL)
		return;
	fast = heap_fast();
	heap_lock(t, fast);
	record_realloc_locked(t, fast, old, addr, size, &s);
	heap_unlock(fast);
	rt_leave();
}
