/*
 * rt_vars.c — the annotation API behind stackheap.h (SH_VAR, SH_GLOBAL,
 * SH_STEP, SH_SAY) and the variables it registers (what changed in them
 * goes out through rt_watch.c).
 *
 * A registered variable belongs to the frame depth it was registered at and
 * is dropped when that frame returns.  Its contents go with its
 * registration; after that, before every event, whatever changed in a
 * watched variable or heap block is sent as SH_REC_MEM, so the viewer sees
 * assignments at the step where they became visible.  Registering the same
 * variable again (a loop body) sends nothing new.  Annotations come at a
 * human pace, so each one flushes the stream: a live viewer is never behind.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SH__RUNTIME	/* the annotation API's prototypes, not weak here */
#include "stackheap.h"

#include "rt_internal.h"

static struct rt_var *globals;
static size_t nglobals, capglobals;

static void
snapshot_list(struct rt_var *vars, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vars[i].shadow != NULL)
			rt_send_changes_locked(vars[i].addr, vars[i].shadow,
			    rt_watched_size(vars[i].size), vars[i].fragile);
}

void
rt_vars_snapshot_locked(struct rt_thread *t)
{
	snapshot_list(t->vars, t->nvars);
	snapshot_list(globals, nglobals);
}

bool
rt_vars_globals(void)
{
	return nglobals > 0;
}

static void
forget_var(struct rt_var *v)
{
	if (v->shadow != NULL)
		rt_free(v->shadow, rt_watched_size(v->size));
	v->shadow = NULL;
}

void
rt_vars_pop_locked(struct rt_thread *t)
{
	while (t->nvars > 0 && t->vars[t->nvars - 1].depth > t->depth)
		forget_var(&t->vars[--t->nvars]);
}

/* The thread ended: every variable of its goes, frames or not. */
void
rt_vars_end(struct rt_thread *t)
{
	while (t->nvars > 0)
		forget_var(&t->vars[--t->nvars]);
	rt_free(t->vars, t->capvars * sizeof *t->vars);
	t->vars = NULL;
	t->capvars = 0;
}

/* A variable already watched at this address in this frame, or NULL. */
static struct rt_var *
find_var(struct rt_var *vars, size_t n, uintptr_t addr, size_t depth)
{
	size_t i;

	for (i = n; i-- > 0 && vars[i].depth == depth;)
		if (vars[i].addr == addr)
			return &vars[i];
	return NULL;
}

/* Sends v with what it holds: its shadow (zeros if that could not be). */
static void
send_var(uint8_t type, const struct rt_var *v, unsigned code,
    uint64_t file_id, int line, uintptr_t pc)
{
	static const uint8_t zeros[SH_WIRE_MAX_MEM];
	size_t n = rt_watched_size(v->size);
	uint8_t *p = rt_rec_open(type, 80 + SH_WIRE_MAX_STRING + n);

	if (p != NULL)
		rt_rec_close(wire_enc_var(p, v->addr, v->size, code, v->name,
		    file_id, (uint64_t)(line > 0 ? line : 0), pc,
		    v->shadow != NULL ? v->shadow : zeros, n));
}

/* Watches v (a new entry, or one reused for a new name), sending it. */
static void
watch(uint8_t type, struct rt_var *slot, const struct rt_var *v,
    unsigned code, uint64_t file_id, int line, uintptr_t pc)
{
	size_t n = rt_watched_size(v->size);

	*slot = *v;
	slot->shadow = rt_alloc(n ? n : 1);
	if (slot->shadow != NULL && !slot->fragile)
		memcpy(slot->shadow, (const void *)v->addr, n);
	else if (slot->shadow != NULL &&
	    !rt_read_safely(v->addr, slot->shadow, n))
		memset(slot->shadow, 0, n);
	send_var(type, slot, code, file_id, line, pc);
}

/*
 * Where a registered variable is decides how it is read.  A local on the
 * thread's stack stays mapped as long as its frame, and is dropped with
 * it; a global inside a loaded object stays as long as the object.
 * Anything else — a field of a heap block (SH_VAR(b->x)), a piece of
 * mmap'd memory — may be unmapped while it is watched (a large block
 * freed: glibc unmaps it), and is read through the kernel, which costs a
 * system call a snapshot.  Dropping the variable when its block is freed
 * would miss memory freed in ways the runtime does not see (munmap, a
 * block freed inside libc, a dlclose).
 */
static bool
on_stack(const struct rt_thread *t, uintptr_t addr, size_t size)
{
	return addr >= t->stack_lo && addr + size <= t->stack_hi &&
	    addr + size >= addr;
}

struct object_search {
	uintptr_t	 lo, hi;
	bool		 found;
};

static int
object_holds(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct object_search *s = arg;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && s->lo >= lo &&
		    s->hi <= lo + ph->p_memsz) {
			s->found = true;
			return 1;
		}
	}
	return 0;
}

static bool
in_loaded_object(uintptr_t addr, size_t size)
{
	struct object_search s = { addr, addr + size, false };

	if (s.hi >= s.lo)
		dl_iterate_phdr(object_holds, &s);
	return s.found;
}

static void
register_var(struct rt_thread *t, const struct rt_var *v, unsigned code,
    const char *file, int line, uintptr_t pc)
{
	struct rt_var *old = find_var(t->vars, t->nvars, v->addr, t->depth);
	uint64_t file_id = rt_string_id(file);

	rt_snapshot_all_locked(t);
	if (old != NULL && strcmp(old->name, v->name) == 0)
		return;
	if (old != NULL) {
		forget_var(old);
		watch(SH_REC_VAR, old, v, code, file_id, line, pc);
		return;
	}
	t->vars = rt_realloc_array(t->vars, &t->capvars, sizeof *t->vars,
	    t->nvars + 1);
	if (t->vars == NULL) {
		rt_disable();
		return;
	}
	watch(SH_REC_VAR, &t->vars[t->nvars++], v, code, file_id, line, pc);
}

/*
 * An annotation's way in: the guard, and the program's output sent first.
 * The thread, or NULL: then there is nothing to do.  annotation_lock
 * then takes the lock (after anything that may take the loader's lock,
 * which a thread in dlopen holds while it waits for ours in malloc), and
 * memory is watched from now on; annotation_end sends everything at once.
 */
static struct rt_thread *
annotation_begin(void)
{
	struct rt_thread *t;

	if (!rt_enter())
		return NULL;
	rt_sync_output();
	if ((t = rt_self()) == NULL)
		rt_leave();
	return t;
}

static void
annotation_lock(void)
{
	rt_lock();
	rt_mode_set(RT_WATCHING, 0);
}

static void
annotation_end(void)
{
	rt_flush_locked();
	rt_unlock();
	rt_leave();
}

RT_API void
sh_var(const char *name, const void *addr, unsigned long size, unsigned code,
    const char *file, int line)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	struct rt_thread *t;
	struct rt_var v;

	if (name == NULL || addr == NULL || (t = annotation_begin()) == NULL)
		return;
	v = (struct rt_var){ (uintptr_t)addr, size, t->depth, name, NULL,
	    !on_stack(t, (uintptr_t)addr, size) };
	annotation_lock();
	register_var(t, &v, code, file, line, pc);
	annotation_end();
}

RT_API void
sh_global(const char *name, const void *addr, unsigned long size,
    unsigned code, const char *file, int line)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	struct rt_thread *t;
	struct rt_var v;
	uint64_t file_id;

	if (name == NULL || addr == NULL || (t = annotation_begin()) == NULL)
		return;
	v = (struct rt_var){ (uintptr_t)addr, size, -1, name, NULL,
	    !in_loaded_object((uintptr_t)addr, size) };
	annotation_lock();
	file_id = rt_string_id(file);
	rt_snapshot_all_locked(t);
	if (find_var(globals, nglobals, v.addr, -1) == NULL) {
		globals = rt_realloc_array(globals, &capglobals,
		    sizeof *globals, nglobals + 1);
		if (globals != NULL)
			watch(SH_REC_GLOBAL, &globals[nglobals++], &v, code,
			    file_id, line, pc);
		rt_fast_update();	/* the line steps' inline path stops */
	}
	annotation_end();
}

/* A step of its own at file:line, with the watched memory as it is now. */
static void
send_step_locked(struct rt_thread *t, uint64_t file_id, int line)
{
	uint8_t *p;

	rt_snapshot_all_locked(t);
	if ((p = rt_rec_open(SH_REC_STEP, 30)) != NULL)
		rt_rec_close(wire_enc_step(p, file_id,
		    (uint64_t)(line > 0 ? line : 0)));
}

RT_API void
sh_step(const char *file, int line)
{
	struct rt_thread *t = annotation_begin();

	if (t == NULL)
		return;
	annotation_lock();
	send_step_locked(t, rt_string_id(file), line);
	annotation_end();
}

/*
 * Narration belongs to the step of the line it is written on.  With line
 * probes that is the thread's latest step (its line's probe made it);
 * without them (no line step yet: STACKHEAP_LINES=0, a plain cc) the
 * latest step is whatever came before, a return or a malloc, so the line
 * gets a step of its own first, as SH_STEP would make.
 */
RT_API void
sh_say(const char *file, int line, const char *fmt, ...)
{
	char text[SH_WIRE_MAX_STRING];
	struct rt_thread *t;
	uint64_t file_id;
	va_list ap;
	uint8_t *p;

	if (fmt == NULL || (t = annotation_begin()) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	annotation_lock();
	file_id = rt_string_id(file);
	if (t->line_pc == 0)
		send_step_locked(t, file_id, line);
	if ((p = rt_rec_open(SH_REC_SAY, 30 + SH_WIRE_MAX_STRING)) != NULL)
		rt_rec_close(wire_enc_say(p, file_id,
		    (uint64_t)(line > 0 ? line : 0), text));
	annotation_end();
}
