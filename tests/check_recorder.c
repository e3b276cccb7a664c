/*
 * check_recorder.c — the heap recorder's C API (runtime/rt_recorder.h)
 * without LD_PRELOAD: a child of the test sets STACKHEAP_FD to a pipe,
 * dlopens the built runtime (which then replaces no allocator), records a
 * script of allocations, reallocs and frees through the API and exits;
 * what came down the pipe is read as the viewer reads it (its decoder,
 * into a trace's model): each heap step field for field against the
 * script, and the model's heap against the picture the script leaves.
 */
#include "config.h"

#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/model_state.h"
#include "model/model_step.h"
#include "model/model_trace.h"
#include "runtime/rt_recorder.h"
#include "testlib.h"

/* One call of the API, and the record it must make. */
struct op {
	uint8_t		 type;		/* SH_REC_ALLOC, _FREE or _REALLOC */
	enum sh_alloc_kind kind;	/* an allocation's */
	uintptr_t	 old;		/* a realloc's block before */
	uintptr_t	 addr;		/* the block (a realloc's after) */
	size_t		 size;
	uintptr_t	 site;
};

/*
 * Addresses and sites that go down as well as up and jump far, so that
 * the differences the records carry are negative and long too; reallocs
 * that move, resize in place, stand for a malloc and for a free.
 */
static const struct op script[] = {
	{ SH_REC_ALLOC, SH_ALLOC_MALLOC, 0, 0x10000, 24, 0x401000 },
	{ SH_REC_ALLOC, SH_ALLOC_CALLOC, 0, 0x7f0000002000, 100, 0x400800 },
	{ SH_REC_REALLOC, 0, 0x10000, 0x30000, 48, 0x401100 },
	{ SH_REC_REALLOC, 0, 0x7f0000002000, 0x7f0000002000, 200, 0x401180 },
	{ SH_REC_ALLOC, SH_ALLOC_MEMALIGN, 0, 0x8000, 64, 0x7f1234567890 },
	{ SH_REC_FREE, 0, 0, 0x30000, 0, 0x401200 },
	{ SH_REC_REALLOC, 0, 0, 0x40000, 8, 0x401300 },
	{ SH_REC_REALLOC, 0, 0x8000, 0, 0, 0x401400 },
};
#define NSCRIPT (sizeof script / sizeof script[0])

/* The API, looked up in a dlopen'ed runtime. */
struct recorder {
	__typeof__(__stackheap_rec_alloc)	*alloc;
	__typeof__(__stackheap_rec_free)	*free;
	__typeof__(__stackheap_rec_realloc)	*realloc;
};

/* A child's exit status: what went wrong before the script ran. */
enum { CHILD_NO_RUNTIME = 2, CHILD_NO_API = 3 };

static void
replay(const struct recorder *rec)
{
	const struct op *o;

	for (o = script; o < script + NSCRIPT; o++) {
		if (o->type == SH_REC_ALLOC)
			rec->alloc(o->kind, o->addr, o->size, o->site);
		else if (o->type == SH_REC_FREE)
			rec->free(o->addr, o->site);
		else
			rec->realloc(o->old, o->addr, o->size, o->site);
	}
}

/* In the child: the runtime onto fd, the script, and an exit that flushes. */
static void
record_script_into(int fd)
{
	const char *runtime = getenv("STACKHEAP_RUNTIME");
	struct recorder rec;
	char number[16];
	void *lib;

	if (runtime == NULL)	/* run by hand in the build tree */
		runtime = ".libs/libstackheap.so";
	snprintf(number, sizeof number, "%d", fd);
	setenv("STACKHEAP_FD", number, 1);
	if ((lib = dlopen(runtime, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		fprintf(stderr, "%s\n", dlerror());
		_exit(CHILD_NO_RUNTIME);
	}
	rec.alloc = (__typeof__(rec.alloc))dlsym(lib, "__stackheap_rec_alloc");
	rec.free = (__typeof__(rec.free))dlsym(lib, "__stackheap_rec_free");
	rec.realloc = (__typeof__(rec.realloc))dlsym(lib,
	    "__stackheap_rec_realloc");
	if (rec.alloc == NULL || rec.free == NULL || rec.realloc == NULL)
		_exit(CHILD_NO_API);
	replay(&rec);
	exit(0);	/* the runtime's destructor writes out the rest */
}

/* The whole stream the script makes; *len its length. */
static uint8_t *
recorded_stream(size_t *len)
{
	uint8_t *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	pid_t pid;
	int p[2], status;

	ck_assert_int_eq(pipe(p), 0);
	fflush(NULL);	/* nothing of ours written twice by the child's exit */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		record_script_into(p[1]);
	}
	close(p[1]);
	*len = 0;
	do {
		if (*len == cap && (buf = realloc(buf, cap = cap * 2 + 4096)) == NULL)
			abort();
		n = read(p[0], buf + *len, cap - *len);
		if (n > 0)
			*len += (size_t)n;
	} while (n > 0 || (n < 0 && errno == EINTR));
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "the recording child failed (status %#x; 2: no runtime, 3: no API)",
	    status);
	return buf;
}

/* The stream read as the viewer reads it: decoded into a trace's model. */
static struct model_trace *
trace_of(const uint8_t *buf, size_t len)
{
	struct model_trace *t = model_trace_new();

	model_trace_no_symbols(t);	/* the test's own process: none needed */
	model_trace_feed(t, buf, len);
	ck_assert_msg(model_trace_finish(t), "%s", model_trace_error(t));
	return t;
}

/* The trace's heap steps, at most NSCRIPT, in got; how many it has. */
static size_t
heap_steps(struct model_trace *t, struct model_step got[NSCRIPT])
{
	struct model_step step;
	size_t i, n = 0;

	for (i = 0; i < model_trace_nsteps(t); i++) {
		ck_assert(model_trace_step(t, i, &step));
		if (step.kind != MODEL_STEP_ALLOC && step.kind != MODEL_STEP_FREE &&
		    step.kind != MODEL_STEP_REALLOC)
			continue;
		ck_assert_uint_lt(n, NSCRIPT);
		got[n++] = step;
	}
	return n;
}

/* The step the script's op must make. */
static enum model_step_kind
step_kind_of(const struct op *o)
{
	if (o->type == SH_REC_ALLOC)
		return MODEL_STEP_ALLOC;
	return o->type == SH_REC_FREE ? MODEL_STEP_FREE : MODEL_STEP_REALLOC;
}

/* Step i's field is what the script wants, or the test says which. */
#define FIELD_IS(i, got, want)						\
	ck_assert_msg((uint64_t)(got) == (uint64_t)(want),		\
	    "step %zu: %s is %#llx, not %#llx", (i), #got,		\
	    (unsigned long long)(got), (unsigned long long)(want))

static void
assert_step_is(size_t i, const struct model_step *step, const struct op *o)
{
	const struct model_step_heap *h = &step->heap;

	FIELD_IS(i, step->kind, step_kind_of(o));
	FIELD_IS(i, h->addr, o->addr);
	FIELD_IS(i, h->npcs, 1);
	FIELD_IS(i, h->pcs[0], o->site);
	if (o->type == SH_REC_ALLOC)
		FIELD_IS(i, h->kind, o->kind);
	if (o->type != SH_REC_FREE)
		FIELD_IS(i, h->size, o->size);
	if (o->type == SH_REC_REALLOC)
		FIELD_IS(i, h->old, o->old);
}

START_TEST(each_call_makes_the_record_it_names)
{
	struct model_step got[NSCRIPT];
	size_t len, n, i;
	uint8_t *buf = recorded_stream(&len);
	struct model_trace *t = trace_of(buf, len);

	n = heap_steps(t, got);
	ck_assert_uint_eq(n, NSCRIPT);
	for (i = 0; i < NSCRIPT; i++)
		assert_step_is(i, &got[i], &script[i]);
	model_trace_free(t);
	free(buf);
}
END_TEST

/* The block the model has at addr: that size, kind and first site. */
static void
assert_block(const struct model_state *s, uint64_t addr, uint64_t size,
    enum sh_alloc_kind kind, uint64_t site)
{
	const struct model_block *b = model_state_block_at(s, addr);

	ck_assert_msg(b != NULL && b->addr == addr, "no block at %#llx",
	    (unsigned long long)addr);
	ck_assert_uint_eq(b->size, size);
	ck_assert_uint_eq(b->kind, kind);
	ck_assert_uint_eq(b->nsite, 1);
	ck_assert_uint_eq(model_block_site(s, b)[0], site);
}

START_TEST(the_model_holds_the_blocks_the_script_leaves)
{
	size_t len;
	uint8_t *buf = recorded_stream(&len);
	struct model_trace *t = trace_of(buf, len);
	const struct model_state *s = model_trace_head(t);

	/* grown in place: the calloc's block, its site the calloc's */
	assert_block(s, 0x7f0000002000, 200, SH_ALLOC_CALLOC, 0x400800);
	/* realloc(NULL, 8) */
	assert_block(s, 0x40000, 8, SH_ALLOC_MALLOC, 0x401300);
	ck_assert_uint_eq(s->nlive, 2);
	ck_assert_uint_eq(s->live_bytes, 208);
	/* moved away, freed, and reallocated to nothing */
	ck_assert_ptr_null(model_state_block_at(s, 0x10000));
	ck_assert_ptr_null(model_state_block_at(s, 0x30000));
	ck_assert_ptr_null(model_state_block_at(s, 0x8000));
	model_trace_free(t);
	free(buf);
}
END_TEST

static Suite *
recorder_suite(void)
{
	Suite *s = suite_create("recorder");
	TCase *tc = tcase_create("recorder");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, each_call_makes_the_record_it_names);
	tcase_add_test(tc, the_model_holds_the_blocks_the_script_leaves);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(recorder_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
