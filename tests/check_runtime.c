/*
 * check_runtime.c — the runtime inside real programs, over real pipes:
 * the whole malloc family, call sites, threads, crashes (with a stack
 * overflow named as such), exits that skip destructors, fork, a
 * program built with the header that runs normally without the viewer,
 * the children a program starts (traced or static), and a set-ID program
 * that the caller's environment cannot steer.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/model_step.h"
#include "view/view.h"
#include "view/view_slots.h"
#include "testlib.h"

/* argv for tests/NAME with args (at most 6), argv[0] to be freed. */
static void
prog_argv(const char *name, char *const *args, char *argv[8])
{
	char *rel;
	size_t n = 0;

	if (asprintf(&rel, "tests/%s", name) < 0)
		abort();
	argv[n++] = tl_path("SH_TOP_BUILDDIR", rel);
	while (args != NULL && args[n - 1] != NULL && n < 7) {
		argv[n] = args[n - 1];
		n++;
	}
	argv[n] = NULL;
	free(rel);
}

/* Runs a test program (tests/NAME) under the runtime into a trace. */
static struct model_trace *
trace_of(const char *name, char *const *args)
{
	struct cli_spawn_opts o = { .output = CLI_OUTPUT_STDERR };
	struct cli_source_spec spec = { 0 };
	struct model_trace *t = model_trace_new();
	char *argv[8];
	char *cause = NULL;

	prog_argv(name, args, argv);
	spec.argv = argv;
	ck_assert_msg(cli_source_read(&spec, &o, t, &cause), "%s: %s", name,
	    cause);
	free(argv[0]);
	return t;
}

/* CPU time a process has used, user and system, in milliseconds. */
static long
cpu_ms_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long utime, stime;
	int fd, field;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* fields 14 and 15, after the name */
	for (field = 2; p != NULL && field < 14; field++)
		if ((p = strchr(p + 1, ' ')) != NULL)
			p++;
	if (p == NULL || sscanf(p, "%lu %lu", &utime, &stime) != 2)
		return -1;
	return (long)((utime + stime) * 1000 / (unsigned long)sysconf(_SC_CLK_TCK));
}

/* What a run behind a paused viewer gave. */
struct paused_run {
	struct model_trace *t;
	bool		 finished;	/* ended on its own within the limit */
	long		 cpu_ms;	/* CPU used in the pause's second half */
};

/*
 * Runs tests/NAME as a viewer paused at its start would: nothing is read
 * for pause_ms, so the program fills the pipe and the ring and then has
 * to wait; then the stream is read to its end, for limit_s seconds at
 * most (then the program is killed and the run did not finish).
 */
static void
run_paused(const char *name, char *const *args, int pause_ms, int limit_s,
    struct paused_run *r)
{
	struct cli_spawn_opts o = { .output = CLI_OUTPUT_STDERR };
	struct cli_child child;
	enum sh_end_how how;
	uint8_t buf[65536];
	char *argv[8], *cause = NULL;
	time_t deadline;
	long cpu_before;
	ssize_t n;
	int value;

	prog_argv(name, args, argv);
	r->t = model_trace_new();
	r->finished = true;
	ck_assert_msg(cli_spawn(argv, &o, &child, &cause), "%s", cause);
	usleep((useconds_t)pause_ms * 500);
	cpu_before = cpu_ms_of(child.pid);
	usleep((useconds_t)pause_ms * 500);
	r->cpu_ms = cpu_ms_of(child.pid) - cpu_before;
	deadline = time(NULL) + limit_s;
	for (;;) {
		struct pollfd pfd = { child.stream_fd, POLLIN, 0 };

		if (poll(&pfd, 1, 200) == 0) {
			if (time(NULL) < deadline)
				continue;
			kill(child.pid, SIGKILL);
			r->finished = false;
			break;
		}
		if ((n = read(child.stream_fd, buf, sizeof buf)) < 0 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		model_trace_feed(r->t, buf, (size_t)n);
	}
	close(child.stream_fd);
	cli_wait(&child, &how, &value);
	model_trace_drop_partial(r->t);
	model_trace_end(r->t, how, value);
	model_trace_finish(r->t);
	free(argv[0]);
}

static void
assert_end(struct model_trace *t, enum sh_end_how want_how, int want_value)
{
	enum sh_end_how how;
	int value;

	ck_assert(model_trace_ended(t, &how, &value));
	ck_assert_int_eq(how, want_how);
	ck_assert_int_eq(value, want_value);
}

/* Finds the first alloc or realloc step of that kind and that size. */
static bool
find_heap_event(struct model_trace *t, enum model_step_kind kind,
    uint64_t size, struct model_step *out)
{
	size_t i;

	for (i = 0; i < model_trace_nsteps(t); i++) {
		ck_assert(model_trace_step(t, i, out));
		if (out->kind == kind && out->heap.size == size)
			return true;
	}
	return false;
}

START_TEST(heap_family_is_seen)
{
	struct model_trace *t = trace_of("prog_heap", NULL);
	static const struct { uint64_t size; unsigned kind; } allocs[] = {
		{ 101, SH_ALLOC_MALLOC }, { 102, SH_ALLOC_CALLOC },
		{ 103, SH_ALLOC_MALLOC }, { 105, SH_ALLOC_MEMALIGN },
		{ 128, SH_ALLOC_MEMALIGN }, { 106, SH_ALLOC_MEMALIGN },
		{ 107, SH_ALLOC_MEMALIGN }, { 10, SH_ALLOC_MALLOC },
	};
	struct model_step ev;
	size_t i;

	for (i = 0; i < sizeof allocs / sizeof allocs[0]; i++) {
		ck_assert_msg(find_heap_event(t, MODEL_STEP_ALLOC, allocs[i].size, &ev),
		    "no allocation of %llu bytes",
		    (unsigned long long)allocs[i].size);
		ck_assert_uint_eq(ev.heap.kind, allocs[i].kind);
		ck_assert_uint_gt(ev.heap.npcs, 0);
	}
	ck_assert(find_heap_event(t, MODEL_STEP_REALLOC, 1 << 20, &ev));
	ck_assert_uint_ne(ev.heap.old, ev.heap.addr);
	ck_assert(find_heap_event(t, MODEL_STEP_REALLOC, 104, &ev));
	ck_assert_uint_eq(ev.heap.old, 0);
	ck_assert(find_heap_event(t, MODEL_STEP_REALLOC, 40, &ev));
	ck_assert(find_heap_event(t, MODEL_STEP_REALLOC, 108, &ev));
	ck_assert(find_heap_event(t, MODEL_STEP_REALLOC, 0, &ev));
	ck_assert_uint_eq(ev.heap.addr, 0);
	/* pvalloc(10) takes a whole page, and is drawn so */
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, (uint64_t)sysconf(_SC_PAGESIZE),
	    &ev));
	ck_assert_uint_eq(ev.heap.kind, SH_ALLOC_MEMALIGN);
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 10, &ev));
	ck_assert_uint_ne(ev.heap.kind, SH_ALLOC_MEMALIGN);
	/* fopen allocates inside libc, fclose frees it */
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 472, &ev));
	ck_assert_uint_eq(model_trace_head(t)->nlive, 0);
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

START_TEST(allocation_call_site_is_the_source_line)
{
	struct model_trace *t = trace_of("prog_heap", NULL);
	struct model_step ev;
	char *where;

	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 101, &ev));
	where = view_site_location(t, ev.heap.pcs, ev.heap.npcs);
	ck_assert_ptr_nonnull(where);
	ck_assert_str_eq(where, "prog_heap.c:19");
	free(where);
	/* strdup allocates inside libc: the site is still the program's line */
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 10, &ev));
	where = view_site_location(t, ev.heap.pcs, ev.heap.npcs);
	ck_assert_ptr_nonnull(where);
	ck_assert_str_eq(where, "prog_heap.c:34");
	free(where);
	model_trace_free(t);
}
END_TEST

/* Replays every thread's pushes and pops: each pop must match its push. */
/* What prog_frames logs at each function's entry. */
struct frame_entry {
	uint64_t	fn, local, depth;
};

/*
 * Every push of the trace is the function the program logged, in order,
 * at the depth it logged (longjmp included), and its frame holds the
 * program's local variable: most pushes travel as one cached byte, and
 * this holds the viewer's reading of them against the truth.
 */
static void
assert_frames_match_the_log(const char *prog)
{
	char path[] = "/tmp/stackheap-frames-XXXXXX";
	struct frame_entry log[20000];
	struct model_trace *t;
	struct model_step ev;
	size_t n, nlog, k = 0, i;
	FILE *f;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	t = trace_of(prog, (char *[]){ path, NULL });
	assert_end(t, SH_END_EXITED, 0);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	nlog = fread(log, sizeof *log, sizeof log / sizeof *log, f);
	fclose(f);
	unlink(path);
	n = model_trace_nsteps(t);
	for (i = 0; i < n; i++) {
		ck_assert(model_trace_step(t, i, &ev));
		if (ev.kind != MODEL_STEP_CALL)
			continue;
		ck_assert_msg(k < nlog, "%s: more pushes than calls", prog);
		ck_assert_msg(ev.call.fn == log[k].fn,
		    "%s: push %zu is of %#llx, the program called %#llx", prog,
		    k, (unsigned long long)ev.call.fn,
		    (unsigned long long)log[k].fn);
		ck_assert_msg(ev.call.lo <= log[k].local &&
		    (ev.call.hi == 0 || log[k].local < ev.call.hi),
		    "%s: push %zu: frame [%#llx, %#llx) lacks its local at %#llx",
		    prog, k, (unsigned long long)ev.call.lo,
		    (unsigned long long)ev.call.hi,
		    (unsigned long long)log[k].local);
		ck_assert_msg(model_state_thread(model_trace_seek(t, i),
		    model_trace_step_tid(t, i))->nframes == log[k].depth,
		    "%s: push %zu (of %#llx): %zu frames, the program was %llu deep",
		    prog, k, (unsigned long long)log[k].fn,
		    model_state_thread(model_trace_seek(t, i),
		    model_trace_step_tid(t, i))->nframes,
		    (unsigned long long)log[k].depth);
		k++;
	}
	ck_assert_msg(k == nlog, "%s: %zu pushes, %zu calls", prog, k, nlog);
	ck_assert_uint_gt(k, 3000);
	model_trace_free(t);
}

START_TEST(frames_are_the_calls_the_program_made)
{
	assert_frames_match_the_log("prog_frames");
	assert_frames_match_the_log("prog_frames_linked");
	assert_frames_match_the_log("opt_frames");
	assert_frames_match_the_log("opt_frames_linked");
}
END_TEST

/*
 * Issue 12, items 9 and 15: threads and globals are found through an
 * index (a program that started 100k threads made reading its trace
 * quadratic), and live blocks share one copy of their call site — in the
 * trace's head and in the copies stepping back replays from.
 */
START_TEST(many_threads_globals_and_blocks_are_found)
{
	struct model_trace *t = trace_of("prog_many", (char *[]){ "300", "500",
	    "200", NULL });
	const struct model_state *s = model_trace_head(t);
	struct view_slots slots = { 0 };
	const uint64_t *site = NULL;
	size_t i, shared = 0, n;
	uint32_t tid;

	ck_assert_uint_ge(s->nthreads, 301);
	for (tid = 1; tid <= 301; tid++)
		ck_assert_msg(model_state_thread(s, tid) != NULL &&
		    model_state_thread(s, tid)->tid == tid, "thread %u", tid);
	ck_assert_ptr_null(model_state_thread(s, 100000));
	ck_assert_uint_eq(s->nglobals, 500);	/* each once */
	for (i = 0; i < s->nglobals; i++)
		ck_assert_uint_eq(view_slot(&slots, s, s->globals, s->nglobals,
		    i), i);
	view_slots_free(&slots);
	for (i = 0; i < s->nlive; i++) {
		const struct model_block *b = model_state_live(s, i);

		if (b->size != 40 || b->nsite == 0)
			continue;
		if (site == NULL)
			site = model_block_site(s, b);
		shared += model_block_site(s, b) == site;
	}
	ck_assert_uint_eq(shared, 200);
	/* a copy replayed from a snapshot taken among the threads */
	n = model_trace_nsteps(t);
	for (i = 0; i < n; i += n / 7) {
		s = model_trace_seek(t, i);
		tid = model_trace_step_tid(t, i);
		ck_assert_msg(model_state_thread(s, tid) != NULL, "step %zu", i);
	}
	s = model_trace_seek(t, n - 1);
	ck_assert_uint_eq(s->nglobals, 500);
	model_trace_free(t);
}
END_TEST

/*
 * Issue 13, section 4: a block a library allocates for itself (stdin's
 * stdio buffer, at prog_leaks' getchar) is known as the library's from
 * its allocation on, in every step's state; strdup's and malloc's blocks
 * are the program's.
 */
START_TEST(library_blocks_are_known_at_their_allocation)
{
	struct model_trace *t = trace_of("prog_leaks", NULL);
	const struct model_state *s = model_trace_head(t);
	size_t i, library = 0, program = 0, step;
	uint64_t buffer = 0;

	for (i = 0; i < s->nlive; i++) {
		if (model_state_live(s, i)->library) {
			library++;
			buffer = model_state_live(s, i)->addr;
		} else if (model_state_live(s, i)->size == 40 || model_state_live(s, i)->size == 17) {
			program++;
		}
	}
	ck_assert_uint_eq(library, 1);
	ck_assert_uint_eq(program, 2);
	/* the step that made it already says so */
	for (step = 0; step < model_trace_nsteps(t); step++) {
		const struct model_block *b =
		    model_state_block_at(model_trace_seek(t, step), buffer);

		if (b != NULL && b->addr == buffer) {
			ck_assert(b->library);
			break;
		}
	}
	ck_assert_uint_lt(step, model_trace_nsteps(t));
	model_trace_free(t);
}
END_TEST

START_TEST(threads_each_have_a_consistent_stack)
{
	struct model_trace *t = trace_of("prog_threads", (char *[]){ "4", "200",
	    NULL });
	uint64_t stacks[16][64];
	size_t depth[16] = { 0 }, pushes[16] = { 0 }, i;
	struct model_step ev;

	for (i = 0; i < model_trace_nsteps(t); i++) {
		uint32_t tid = model_trace_step_tid(t, i);

		ck_assert_uint_lt(tid, 16);
		ck_assert(model_trace_step(t, i, &ev));
		if (ev.kind == MODEL_STEP_CALL) {
			ck_assert_uint_lt(depth[tid], 64);
			stacks[tid][depth[tid]++] = ev.call.fn;
			pushes[tid]++;
		} else if (ev.kind == MODEL_STEP_RETURN) {
			ck_assert_uint_gt(depth[tid], 0);
			ck_assert_uint_eq(stacks[tid][--depth[tid]], ev.returned_fn);
		}
	}
	/* main and 4 workers; each worker: worker + 200 * (5 depth calls) */
	for (i = 2; i <= 5; i++) {
		ck_assert_uint_eq(pushes[i], 1 + 200 * 5);
		ck_assert_uint_eq(depth[i], 0);
	}
	/* every block of depth() was freed (libc keeps its thread blocks) */
	for (i = 0; i < model_trace_head(t)->nlive; i++) {
		uint64_t size = model_state_live(model_trace_head(t), i)->size;

		ck_assert_msg(size < 201 || size > 204, "a %llu-byte block leaked",
		    (unsigned long long)size);
	}
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

static bool
has_step_record(struct model_trace *t)
{
	struct model_step ev;
	size_t i;

	for (i = 0; i < model_trace_nsteps(t); i++)
		if (model_trace_step(t, i, &ev) && ev.kind == MODEL_STEP_ANNOTATION)
			return true;
	return false;
}

static const struct model_crash *
crash_of(struct model_trace *t)
{
	const struct model_state *s = model_trace_head(t);

	ck_assert(has_step_record(t));
	ck_assert_msg(s->crash.happened, "no crash record");
	return &s->crash;
}

START_TEST(segv_is_reported_after_every_step)
{
	struct model_trace *t = trace_of("prog_crash", (char *[]){ "segv", NULL });
	const struct model_crash *c = crash_of(t);

	ck_assert_int_eq(c->signal, SIGSEGV);
	ck_assert(!c->stack_overflow);
	ck_assert_uint_eq(c->addr, 0);
	assert_end(t, SH_END_SIGNALED, SIGSEGV);
	model_trace_free(t);
}
END_TEST

START_TEST(deep_recursion_is_a_stack_overflow)
{
	struct model_trace *t = trace_of("prog_crash", (char *[]){ "overflow",
	    NULL });
	const struct model_crash *c = crash_of(t);
	char *ending;

	ck_assert_int_eq(c->signal, SIGSEGV);
	ck_assert(c->stack_overflow);
	assert_end(t, SH_END_SIGNALED, SIGSEGV);
	ending = view_ending_text(t);
	ck_assert_ptr_nonnull(strstr(ending, "stack overflow"));
	free(ending);
	model_trace_free(t);
}
END_TEST

START_TEST(huge_stack_array_is_a_stack_overflow)
{
	struct model_trace *t = trace_of("prog_crash", (char *[]){ "bigarray",
	    NULL });

	ck_assert(crash_of(t)->stack_overflow);
	assert_end(t, SH_END_SIGNALED, SIGSEGV);
	model_trace_free(t);
}
END_TEST

START_TEST(abort_and_fpe_are_reported)
{
	struct model_trace *t = trace_of("prog_crash", (char *[]){ "abort", NULL });

	ck_assert_int_eq(crash_of(t)->signal, SIGABRT);
	assert_end(t, SH_END_SIGNALED, SIGABRT);
	model_trace_free(t);
	t = trace_of("prog_crash", (char *[]){ "fpe", NULL });
	ck_assert_int_eq(crash_of(t)->signal, SIGFPE);
	assert_end(t, SH_END_SIGNALED, SIGFPE);
	model_trace_free(t);
}
END_TEST

START_TEST(exits_keep_every_step)
{
	struct model_trace *t = trace_of("prog_crash", (char *[]){ "_exit", NULL });

	ck_assert(has_step_record(t));
	assert_end(t, SH_END_EXITED, 5);
	model_trace_free(t);
	t = trace_of("prog_crash", (char *[]){ "exit", NULL });
	ck_assert(has_step_record(t));
	assert_end(t, SH_END_EXITED, 3);
	model_trace_free(t);
}
END_TEST

START_TEST(fork_child_stays_out_of_the_stream)
{
	struct model_trace *t = trace_of("prog_fork", NULL);
	struct model_step ev;

	ck_assert(!find_heap_event(t, MODEL_STEP_ALLOC, 7777, &ev));
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 8888, &ev));
	ck_assert_ptr_null(model_trace_error(t));
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

START_TEST(closing_and_reusing_our_fd_keeps_the_stream)
{
	struct model_trace *t = trace_of("prog_fds", NULL);
	struct model_step ev;

	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 4242, &ev));
	ck_assert_ptr_null(model_trace_error(t));
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

/* SIGKILL skips every handler: only the flusher thread saves the events. */
/*
 * Eight threads making 100,000 calls and 80,000 allocations each, through
 * the real recorder: every record whole, every thread's pushes and pops
 * matched, every allocation freed.  Checked record by record, without a
 * model, so the test stays small.
 */
START_TEST(eight_busy_threads_keep_every_record_whole)
{
	char trace[] = "/tmp/stackheap-threads-XXXXXX";
	char *prog = tl_path("SH_TOP_BUILDDIR", "tests/prog_threads");
	int fd = mkstemp(trace);
	uint64_t depth[16] = { 0 }, pushes[16] = { 0 }, allocs[16] = { 0 },
	    frees[16] = { 0 };
	struct wire_event ev;
	struct tl_run r;
	uint8_t *data;
	char *cause = NULL;
	size_t len, pos;
	uint32_t tid = 0;
	FILE *f;
	int i;

	ck_assert_int_ge(fd, 0);
	close(fd);
	tl_stackheap((char *[]){ "record", "-o", trace, "--", prog, "8", "20000",
	    "plain", NULL }, 120, &r);
	ck_assert_msg(r.status == 0, "%s", r.err);
	tl_run_free(&r);
	f = fopen(trace, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	data = malloc(len);
	ck_assert_uint_eq(fread(data, 1, len, f), len);
	fclose(f);
	ck_assert_int_eq(wire_decode_header(data, len, &cause), WIRE_OK);
	for (pos = SH_WIRE_HEADER_LEN; pos < len; pos += ev.size) {
		ck_assert_msg(wire_decode_at(data, len, pos, &ev, &cause) ==
		    WIRE_OK, "%s", cause);
		if (ev.type == SH_REC_THREAD) {
			tid = (uint32_t)ev.u[W_THREAD_TID];
			ck_assert_uint_lt(tid, 16);
		} else if (ev.type == SH_REC_PUSH) {
			depth[tid]++;
			pushes[tid]++;
		} else if (ev.type == SH_REC_POP) {
			ck_assert_uint_gt(depth[tid], 0);
			depth[tid]--;
		} else if (ev.type == SH_REC_ALLOC && ev.u[W_ALLOC_SIZE] > 200 &&
		    ev.u[W_ALLOC_SIZE] < 205) {
			allocs[tid]++;
		} else if (ev.type == SH_REC_FREE) {
			frees[tid]++;
		}
	}
	for (i = 2; i <= 9; i++) {	/* main is 1; the workers 2 to 9 */
		ck_assert_uint_eq(pushes[i], 1 + 20000 * 5);
		ck_assert_uint_eq(depth[i], 0);
		ck_assert_uint_eq(allocs[i], 20000 * 4);
		ck_assert_uint_ge(frees[i], 20000 * 4);
	}
	free(data);
	unlink(trace);
	free(prog);
}
END_TEST

START_TEST(c11_threads_keep_the_stream_whole)
{
	struct model_trace *t = trace_of("prog_thrd", NULL);
	struct model_step ev;
	size_t i, allocs = 0;

	ck_assert_ptr_null(model_trace_error(t));
	for (i = 0; i < model_trace_nsteps(t); i++)
		if (model_trace_step(t, i, &ev) && ev.kind == MODEL_STEP_ALLOC &&
		    ev.heap.kind == SH_ALLOC_MALLOC &&
		    ev.heap.size >= 300 && ev.heap.size < 305)
			allocs++;
	ck_assert_uint_eq(allocs, 3 * 20000);
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

/*
 * A main that ends with pthread_exit: the process ends with its last
 * thread, as it does without stackheap, although the runtime's own thread
 * is still there; dump does not wait forever, and every thread's events,
 * made after main was gone, arrive.
 */
START_TEST(main_ending_with_pthread_exit_ends_with_its_threads)
{
	char *prog = tl_path("SH_TOP_BUILDDIR", "tests/prog_ptexit");
	struct tl_run r;
	long id;

	tl_stackheap((char *[]){ "dump", "--", prog, NULL }, 20, &r);
	ck_assert_msg(!r.signaled && r.status == 0, "status %d: %s", r.status,
	    r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "== end: exited with status 0"));
	for (id = 0; id < 3; id++) {
		char want[64];

		snprintf(want, sizeof want, "malloc %ld bytes", 1000 + id);
		ck_assert_msg(strstr(r.out, want) != NULL, "no '%s'", want);
	}
	tl_run_free(&r);
	free(prog);
}
END_TEST

START_TEST(a_killed_program_at_a_human_pace_loses_nothing)
{
	struct cli_spawn_opts o = { .output = CLI_OUTPUT_STDERR };
	char *argv[2] = { tl_path("SH_TOP_BUILDDIR", "tests/prog_slow"), NULL };
	struct model_trace *t = model_trace_new();
	struct cli_child child;
	struct model_step ev;
	enum sh_end_how how;
	uint8_t buf[65536];
	char *cause = NULL;
	ssize_t n;
	int value;

	ck_assert_msg(cli_spawn(argv, &o, &child, &cause), "%s", cause);
	usleep(500000);		/* it is asleep by now, events buffered */
	kill(child.pid, SIGKILL);
	while ((n = read(child.stream_fd, buf, sizeof buf)) > 0)
		model_trace_feed(t, buf, (size_t)n);
	close(child.stream_fd);
	cli_wait(&child, &how, &value);
	ck_assert_int_eq(how, SH_END_SIGNALED);
	ck_assert_int_eq(value, SIGKILL);
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 5555, &ev));
	ck_assert_uint_ge(model_trace_nsteps(t), 4);	/* main, work, alloc, pop */
	model_trace_free(t);
	free(argv[0]);
}
END_TEST

START_TEST(annotated_program_runs_alone_silently)
{
	char *program = tl_path("STACKHEAP_DEMOS", "complex");
	struct tl_run r;

	tl_run((char *[]){ program, NULL }, NULL, 30, &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "");
	ck_assert_str_eq(r.err, "");
	tl_run_free(&r);
	free(program);
}
END_TEST

/* A traced program's child (fork, then exec) stays out of its stream. */
START_TEST(a_traced_programs_child_stays_out_of_its_stream)
{
	char *child = tl_path("SH_TOP_BUILDDIR", "tests/prog_spawn");
	struct model_trace *t = trace_of("prog_spawn", (char *[]){ child, NULL });
	struct model_step ev;

	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 6464, &ev));
	ck_assert(!find_heap_event(t, MODEL_STEP_ALLOC, 6363, &ev));
	ck_assert_ptr_null(model_trace_error(t));
	assert_end(t, SH_END_EXITED, 0);	/* 4: the child saw our names */
	model_trace_free(t);
	free(child);
}
END_TEST

/*
 * A static program cannot be traced, and must not be handed our variables
 * and the stream's fd either: every dynamic program it started would
 * stream into the viewer under its name (in parallel, corrupting it).
 */
START_TEST(a_static_programs_children_stay_out_of_the_stream)
{
	char *argv[3] = { tl_path("SH_TOP_BUILDDIR", "tests/prog_spawn_static"),
	    tl_path("SH_TOP_BUILDDIR", "tests/prog_spawn"), NULL };
	struct cli_spawn_opts o = { .output = CLI_OUTPUT_STDERR };
	struct cli_child child;
	enum sh_end_how how;
	uint8_t buf[65536];
	char *cause = NULL;
	size_t bytes = 0;
	ssize_t n;
	int value;

	if (access(argv[0], X_OK) != 0) {
		fprintf(stderr, "a_static_programs_children_stay_out_of_the_stream: "
		    "no static C library here, skipped\n");
		goto out;
	}
	ck_assert_msg(cli_spawn(argv, &o, &child, &cause), "%s", cause);
	while ((n = read(child.stream_fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0)
			bytes += (size_t)n;
	}
	close(child.stream_fd);
	cli_wait(&child, &how, &value);
	ck_assert_msg(bytes == 0, "%zu bytes streamed by a static program's "
	    "child", bytes);
	ck_assert_int_eq(how, SH_END_EXITED);
	ck_assert_msg(value == 0, "status %d (5: the static program was given "
	    "our variables; 4: its child was)", value);
out:
	free(argv[0]);
	free(argv[1]);
}
END_TEST

/*
 * Runs prog as someone without the viewer would: our variables set by
 * hand, a pipe of theirs as STACKHEAP_FD and their own library as the
 * preload to put back.  How many bytes came down the pipe; *status is
 * the exit status (128 + signal if killed).
 */
static size_t
stream_bytes_of(const char *prog, const char *their_preload, int *status)
{
	uint8_t buf[4096];
	char number[16];
	size_t total = 0;
	ssize_t n;
	pid_t pid;
	int p[2], w;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		snprintf(number, sizeof number, "%d", p[1]);
		setenv("STACKHEAP_FD", number, 1);
		setenv("STACKHEAP_ORIG_LD_PRELOAD", their_preload, 1);
		execl(prog, prog, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof buf)) != 0) {
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0)
			total += (size_t)n;
	}
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &w, 0), pid);
	*status = WIFEXITED(w) ? WEXITSTATUS(w) : 128 + WTERMSIG(w);
	return total;
}

/* A copy of tests/prog_setid in dir, owned and marked as the mode says. */
static char *
setid_copy(const char *dir, mode_t setid, uid_t uid, gid_t gid)
{
	char *from = tl_path("SH_TOP_BUILDDIR", "tests/prog_setid"), *to;
	char buf[65536];
	ssize_t n;
	int in, out;

	if (asprintf(&to, "%s/prog_setid-%o", dir, (unsigned)setid) < 0)
		abort();
	in = open(from, O_RDONLY);
	out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0700);
	ck_assert_int_ge(in, 0);
	ck_assert_int_ge(out, 0);
	while ((n = read(in, buf, sizeof buf)) > 0)
		ck_assert_int_eq(write(out, buf, (size_t)n), n);
	close(in);
	close(out);
	ck_assert_int_eq(chown(to, uid, gid), 0);
	ck_assert_int_eq(chmod(to, 0755 | setid), 0);
	free(from);
	return to;
}

/*
 * Installed set-user-ID (to nobody) or set-group-ID (to nogroup) and run
 * by root, a program built with the runtime linked in must not stream its
 * memory to the caller's pipe nor preload the caller's library into its
 * children.  Needs root to hand the copies away; elsewhere it says so and
 * checks only that the same program, set-ID-free, does stream.
 */
START_TEST(setid_program_is_not_steered_by_its_caller)
{
	char *prog = tl_path("SH_TOP_BUILDDIR", "tests/prog_setid");
	char dir[] = "/tmp/stackheap-setid-XXXXXX";
	const struct passwd *nobody = getpwnam("nobody");
	const struct group *nogroup = getgrnam("nogroup");
	static const mode_t kinds[] = { S_ISUID, S_ISGID };
	char *copy;
	size_t i;
	int status;

	/* the control: an ordinary run streams, and gets our names cleaned */
	ck_assert_uint_gt(stream_bytes_of(prog, "", &status), 0);
	ck_assert_int_eq(status, 0);
	free(prog);
	if (geteuid() != 0 || nobody == NULL || nogroup == NULL) {
		fprintf(stderr, "setid_program_is_not_steered_by_its_caller: "
		    "not root (or no nobody/nogroup), set-ID runs skipped\n");
		return;
	}
	ck_assert_ptr_nonnull(mkdtemp(dir));
	chmod(dir, 0755);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		copy = setid_copy(dir, kinds[i], kinds[i] == S_ISUID ?
		    nobody->pw_uid : 0, kinds[i] == S_ISGID ? nogroup->gr_gid : 0);
		ck_assert_msg(stream_bytes_of(copy, "/nonexistent/their.so",
		    &status) == 0, "set-ID (%o) program streamed to its caller",
		    (unsigned)kinds[i]);
		ck_assert_msg(status == 0, "set-ID (%o) program: status %d "
		    "(3: the caller's preload was put back; 4: our variables "
		    "stayed)", (unsigned)kinds[i], status);
		unlink(copy);
		free(copy);
	}
	rmdir(dir);
}
END_TEST

/* fds 0 to 2 are the program's own: never its stream, whatever it is told. */
START_TEST(standard_streams_are_never_the_stream)
{
	char *program = tl_path("STACKHEAP_DEMOS", "complex"), *preload;
	struct tl_run r;

	if (asprintf(&preload, "LD_PRELOAD=%s", getenv("STACKHEAP_RUNTIME")) < 0)
		abort();
	tl_run((char *[]){ program, NULL }, (char *[]){ preload,
	    "STACKHEAP_FD=1", NULL }, 30, &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(r.out, SH_WIRE_MAGIC) == NULL,
	    "the stream went to standard output");
	tl_run_free(&r);
	tl_run((char *[]){ program, NULL }, (char *[]){ preload,
	    "STACKHEAP_FD=2", NULL }, 30, &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(r.err, SH_WIRE_MAGIC) == NULL,
	    "the stream went to standard error");
	tl_run_free(&r);
	free(preload);
	free(program);
}
END_TEST

/*
 * While the viewer is paused every thread that wants the runtime's lock
 * waits for it: asleep, not spinning.  Four threads filling the ring
 * behind a paused reader use next to no CPU once it is full.
 */
START_TEST(threads_waiting_on_a_paused_viewer_sleep)
{
	struct paused_run r;

	run_paused("prog_threads", (char *[]){ "4", "30000", "plain", NULL },
	    1600, 60, &r);
	ck_assert(r.finished);
	ck_assert_msg(r.cpu_ms >= 0 && r.cpu_ms < 250, "the program used %ld ms "
	    "of CPU in 800 ms of waiting for the viewer", r.cpu_ms);
	ck_assert_ptr_null(model_trace_error(r.t));
	assert_end(r.t, SH_END_EXITED, 0);
	model_trace_free(r.t);
}
END_TEST

/*
 * A thread cancelled while its malloc waits for the ring to be written
 * out: the runtime's lock and its writer's mutex must not go with it, or
 * the next allocation of the program waits forever.
 */
START_TEST(a_thread_cancelled_inside_malloc_leaves_no_lock_held)
{
	struct paused_run r;
	struct model_step ev;

	run_paused("prog_cancel", NULL, 1000, 20, &r);
	ck_assert_msg(r.finished, "the program hung after the cancel");
	ck_assert(find_heap_event(r.t, MODEL_STEP_ALLOC, 4343, &ev));
	ck_assert_ptr_null(model_trace_error(r.t));
	assert_end(r.t, SH_END_EXITED, 0);
	model_trace_free(r.t);
}
END_TEST

/*
 * vfork, then _exit in the child when its exec fails: the child runs on
 * its parent's memory and thread state, and must leave them as they were,
 * or the parent's trace stops there for good.
 */
START_TEST(a_vfork_child_that_fails_to_exec_leaves_the_trace_going)
{
	struct model_trace *t = trace_of("prog_vfork", NULL);
	struct model_step ev;

	ck_assert_msg(find_heap_event(t, MODEL_STEP_ALLOC, 7007, &ev),
	    "nothing recorded after the vfork child's _exit");
	ck_assert_ptr_null(model_trace_error(t));
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

/*
 * A timeout done with alarm and siglongjmp, the handler run while the
 * program waits inside a hook (its viewer paused): the thread is
 * recorded again after the jump.
 */
START_TEST(siglongjmp_out_of_a_hook_keeps_the_thread_traced)
{
	struct paused_run r;
	struct model_step ev;

	run_paused("prog_alarm", NULL, 2000, 30, &r);
	ck_assert(r.finished);
	ck_assert_msg(find_heap_event(r.t, MODEL_STEP_ALLOC, 4646, &ev),
	    "nothing recorded after the jump out of the handler");
	ck_assert_ptr_null(model_trace_error(r.t));
	assert_end(r.t, SH_END_EXITED, 0);
	model_trace_free(r.t);
}
END_TEST

/*
 * A raw clone() thread shares main's thread-locals: it must be refused,
 * not recorded as main.  main's pushes and pops are exactly its own
 * calls (its 20,000 rounds of 6, main and its wait), the clone's allocations are
 * nowhere, main's after it are there.
 */
START_TEST(a_raw_clone_thread_is_refused_not_mixed_in)
{
	struct model_trace *t = trace_of("prog_clone", NULL);
	size_t pushes[8] = { 0 }, pops[8] = { 0 }, i;
	struct model_step ev;

	ck_assert_ptr_null(model_trace_error(t));
	for (i = 0; i < model_trace_nsteps(t); i++) {
		uint32_t tid = model_trace_step_tid(t, i);

		ck_assert_uint_lt(tid, 8);
		ck_assert(model_trace_step(t, i, &ev));
		if (ev.kind == MODEL_STEP_CALL)
			pushes[tid]++;
		else if (ev.kind == MODEL_STEP_RETURN)
			pops[tid]++;
	}
	ck_assert_uint_eq(pushes[1], 2 + 20000 * 6);	/* main, wait_for_it */
	ck_assert_uint_eq(pops[1], 2 + 20000 * 6);
	ck_assert(!find_heap_event(t, MODEL_STEP_ALLOC, 6161, &ev));
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 6262, &ev));
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

/*
 * Registered variables in memory the program then unmaps (a large block
 * freed, a page munmapped): the runtime reads them at every step, and
 * must never fault on the program's behalf: it goes on and exits
 * normally.
 */
START_TEST(a_variable_in_freed_memory_does_not_crash_the_program)
{
	struct model_trace *t = trace_of("prog_freed_var", NULL);
	struct model_step ev;

	ck_assert_ptr_null(model_trace_error(t));
	ck_assert_msg(!model_trace_head(t)->crash.happened,
	    "the program crashed (signal %d)", model_trace_head(t)->crash.signal);
	ck_assert(find_heap_event(t, MODEL_STEP_ALLOC, 5151, &ev));
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
}
END_TEST

/* prog_churn's sizes: after its warm-up, 1,000 and 10,000 threads more. */
struct churn_sizes {
	long	 rss[3], vm[3];	/* KiB */
};

static void
read_churn_sizes(const char *path, struct churn_sizes *z)
{
	FILE *f = fopen(path, "r");
	int i;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(fscanf(f, "%ld %ld", &z->rss[i], &z->vm[i]), 2);
	fclose(f);
}

/*
 * What 10,000 threads left grows far less than ten times what the first
 * 1,000 left: a leak per thread would make it ten times.  At most three
 * times, and 16 MiB of slack for what does not grow with the threads
 * (the ring's pages as it fills, a malloc arena), so that a loaded
 * machine's noise cannot fail it and a leak of even 2 KB a thread can.
 */
static void
assert_bounded_growth(const char *what, const long size[3])
{
	long first = size[1] - size[0], all = size[2] - size[0];

	ck_assert_msg(all < 3 * (first > 0 ? first : 0) + 16 * 1024,
	    "%s grew %ld KiB over 1,000 threads and %ld KiB over 10,000: "
	    "%.0f bytes a thread", what, first, all,
	    (double)(size[2] - size[1]) * 1024 / 9000);
}

/*
 * Issue 12, item 9: a thread that ends gives back what the runtime kept
 * for it (its record, frame mirror, alternate signal stack), whether it
 * returns or calls pthread_exit; and the trace stays whole: each of the
 * 10,100 threads made its 4242-byte malloc and free, and its key's
 * destructor, run as it ended, its 4343-byte ones, under its own tid.
 */
START_TEST(ended_threads_give_back_their_runtime_state)
{
	char path[] = "/tmp/stackheap-churn-XXXXXX";
	enum { NTHREADS = 100 + 1000 + 9000 };
	uint32_t *tid_of = calloc(NTHREADS + 2, sizeof *tid_of);
	size_t i, mallocs = 0, key_mallocs = 0;
	const struct model_state *end;
	struct churn_sizes z;
	struct model_trace *t;
	struct model_step ev;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	t = trace_of("prog_churn", (char *[]){ path, NULL });
	read_churn_sizes(path, &z);
	unlink(path);
	ck_assert_ptr_null(model_trace_error(t));
	assert_end(t, SH_END_EXITED, 0);
	for (i = 0; i < model_trace_nsteps(t); i++) {
		ck_assert(model_trace_step(t, i, &ev));
		if (ev.kind != MODEL_STEP_ALLOC)
			continue;
		ck_assert_uint_le(ev.tid, NTHREADS + 1);	/* main is 1 */
		if (ev.heap.size == 4242) {
			ck_assert_uint_eq(tid_of[ev.tid]++, 0);
			mallocs++;
		} else if (ev.heap.size == 4343) {
			ck_assert_msg(tid_of[ev.tid] == 1,
			    "thread %u: a destructor's malloc on its own", ev.tid);
			key_mallocs++;
		}
	}
	ck_assert_uint_eq(mallocs, NTHREADS);
	ck_assert_uint_eq(key_mallocs, NTHREADS);
	end = model_trace_head(t);
	for (i = 0; i < end->nlive; i++)	/* every one freed */
		ck_assert_msg(model_state_live(end, i)->size != 4242 &&
		    model_state_live(end, i)->size != 4343, "a %llu-byte block is live",
		    (unsigned long long)model_state_live(end, i)->size);
	assert_bounded_growth("VmRSS", z.rss);
	assert_bounded_growth("VmSize", z.vm);
	model_trace_free(t);
	free(tid_of);
}
END_TEST

/*
 * The stream's descriptor closed with the raw system call, and another
 * file put at its number: the trace goes on (through a spare of the
 * stream).  Every descriptor closed so: the trace ends, and the program's
 * standard error says why.
 */
START_TEST(a_raw_close_of_the_stream_keeps_or_warns)
{
	char *prog = tl_path("SH_TOP_BUILDDIR", "tests/prog_rawclose");
	struct model_trace *t = trace_of("prog_rawclose", (char *[]){ "one",
	    NULL });
	struct model_step ev;
	struct tl_run r;

	ck_assert_msg(find_heap_event(t, MODEL_STEP_ALLOC, 4545, &ev),
	    "the trace ended at the raw close");
	ck_assert_ptr_null(model_trace_error(t));
	assert_end(t, SH_END_EXITED, 0);
	model_trace_free(t);
	tl_stackheap((char *[]){ "dump", "--", prog, "all", NULL }, 30, &r);
	ck_assert_msg(r.status == 0, "status %d: %s", r.status, r.err);
	ck_assert_msg(strstr(r.err, "closed the trace's descriptor") != NULL,
	    "no warning: %s", r.err);
	tl_run_free(&r);
	free(prog);
}
END_TEST

static Suite *
runtime_suite(void)
{
	Suite *s = suite_create("runtime");
	TCase *tc = tcase_create("runtime");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, heap_family_is_seen);
	tcase_add_test(tc, allocation_call_site_is_the_source_line);
	tcase_add_test(tc, threads_each_have_a_consistent_stack);
	tcase_add_test(tc, many_threads_globals_and_blocks_are_found);
	tcase_add_test(tc, library_blocks_are_known_at_their_allocation);
	tcase_add_test(tc, frames_are_the_calls_the_program_made);
	tcase_add_test(tc, segv_is_reported_after_every_step);
	tcase_add_test(tc, deep_recursion_is_a_stack_overflow);
	tcase_add_test(tc, huge_stack_array_is_a_stack_overflow);
	tcase_add_test(tc, abort_and_fpe_are_reported);
	tcase_add_test(tc, exits_keep_every_step);
	tcase_add_test(tc, fork_child_stays_out_of_the_stream);
	tcase_add_test(tc, closing_and_reusing_our_fd_keeps_the_stream);
	tcase_add_test(tc, eight_busy_threads_keep_every_record_whole);
	tcase_add_test(tc, c11_threads_keep_the_stream_whole);
	tcase_add_test(tc, main_ending_with_pthread_exit_ends_with_its_threads);
	tcase_add_test(tc, a_killed_program_at_a_human_pace_loses_nothing);
	tcase_add_test(tc, annotated_program_runs_alone_silently);
	tcase_add_test(tc, a_traced_programs_child_stays_out_of_its_stream);
	tcase_add_test(tc, a_static_programs_children_stay_out_of_the_stream);
	tcase_add_test(tc, setid_program_is_not_steered_by_its_caller);
	tcase_add_test(tc, standard_streams_are_never_the_stream);
	tcase_add_test(tc, threads_waiting_on_a_paused_viewer_sleep);
	tcase_add_test(tc, a_thread_cancelled_inside_malloc_leaves_no_lock_held);
	tcase_add_test(tc, a_vfork_child_that_fails_to_exec_leaves_the_trace_going);
	tcase_add_test(tc, siglongjmp_out_of_a_hook_keeps_the_thread_traced);
	tcase_add_test(tc, a_raw_clone_thread_is_refused_not_mixed_in);
	tcase_add_test(tc, a_variable_in_freed_memory_does_not_crash_the_program);
	tcase_add_test(tc, a_raw_close_of_the_stream_keeps_or_warns);
	tcase_add_test(tc, ended_threads_give_back_their_runtime_state);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(runtime_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
