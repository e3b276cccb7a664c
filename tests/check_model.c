/*
 * check_model.c — the model on hand-made streams: book stack slots and
 * their reuse, heap slots counting down with holes that a new block fills,
 * dangling pointers, realloc's four cases, records out of order, typed
 * heap blocks, changed values, and stepping back: the state after seeking
 * anywhere, in any order, equals the state reached going forward.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_heap.h"
#include "model/model_step.h"
#include "model/model_trace.h"
#include "util/util_alloc.h"
#include "view/view.h"
#include "stackheap.h"
#include "testlib.h"

#define MAIN_FN 0x401000
#define F_FN 0x402000
#define STACK_TOP 0x7ffd0000ull

static struct tl_stream s;
static uint64_t sp;
static uint64_t last_fn, last_lo;	/* pushes send differences */
static uint64_t heap_addr, heap_pc;	/* and heap records too */

static void
begin(void)
{
	memset(&s, 0, sizeof s);
	tl_stream_header(&s);
	tl_rec(&s, SH_REC_THREAD, "u", (uint64_t)1);
	sp = STACK_TOP;
	last_fn = last_lo = heap_addr = heap_pc = 0;
}

static void
push(uint64_t fn)
{
	tl_rec(&s, SH_REC_PUSH, "zzzuu", (int64_t)(fn - last_fn), (int64_t)0,
	    (int64_t)(sp - 64 - last_lo), (uint64_t)64,
	    (uint64_t)SH_WIRE_CACHE_SLOTS);
	last_fn = fn;
	last_lo = sp - 64;
	sp -= 64;
}

static void
pop(uint64_t fn)
{
	(void)fn;
	tl_rec(&s, SH_REC_POP, "");
	sp += 64;
}

/* A variable in the current frame, at offset off from its low end. */
static void
var(const char *name, uint64_t off, unsigned code, const void *value,
    size_t size)
{
	tl_rec(&s, SH_REC_VAR, "uuusuuub", sp + off, (uint64_t)size,
	    (uint64_t)code, name, (uint64_t)0, (uint64_t)1, (uint64_t)0, value,
	    size);
}

static uint64_t
var_addr(uint64_t off)
{
	return sp + off;
}

static void
alloc(uint64_t addr, uint64_t size)
{
	const uint64_t site[1] = { 0x401234 - heap_pc };

	tl_rec(&s, SH_REC_ALLOC, "uzud", (uint64_t)SH_ALLOC_MALLOC,
	    (int64_t)(addr - heap_addr), size, 1u, site);
	heap_addr = addr;
	heap_pc = 0x401234;
}

static void
release(uint64_t addr)
{
	tl_rec(&s, SH_REC_FREE, "zz", (int64_t)(addr - heap_addr),
	    (int64_t)(0x401300 - heap_pc));
	heap_addr = addr;
	heap_pc = 0x401300;
}

/* A realloc without a call site; to 0: a free. */
static void
reallocate(uint64_t from, uint64_t to, uint64_t size)
{
	tl_rec(&s, SH_REC_REALLOC, "zzud", (int64_t)(from - heap_addr),
	    (int64_t)(to - from), size, 0u, NULL);
	heap_addr = to != 0 ? to : from;
}

static void
mem(uint64_t addr, const void *bytes, size_t n)
{
	tl_rec(&s, SH_REC_MEM, "ub", addr, bytes, n);
}

static struct model_trace *
load(void)
{
	struct model_trace *t = model_trace_new();

	ck_assert(model_trace_feed(t, s.buf, s.len));
	ck_assert(model_trace_finish(t));
	tl_stream_free(&s);
	return t;
}

/* The book table of step i as text, rows joined by '\n', cells by '|'. */
static char *
book(struct model_trace *t, size_t i, unsigned *flags_of_row0)
{
	struct view_opts o = { .ascii = true };
	struct view_table tab;
	char *text = strdup(""), *old;
	size_t r;

	view_book_render(t, i, &o, &tab);
	for (r = 0; r < tab.nrows; r++) {
		old = text;
		if (asprintf(&text, "%s%s|%s|%s\n", old, tab.rows[r].cells[0],
		    tab.rows[r].cells[1], tab.rows[r].cells[2]) < 0)
			abort();
		free(old);
	}
	if (flags_of_row0 != NULL)
		*flags_of_row0 = tab.nrows > 0 ? tab.rows[0].flags : 0;
	view_table_clear(&tab);
	return text;
}

static void
assert_book(struct model_trace *t, size_t i, const char *want)
{
	char *got = book(t, i, NULL);

	ck_assert_msg(strcmp(got, want) == 0, "step %zu:\n%s\nwanted:\n%s",
	    i + 1, got, want);
	free(got);
}

static const int one = 1, two = 2, three = 3, four = 4;

START_TEST(stack_slots_count_up_and_are_reused)
{
	struct model_trace *t;

	begin();
	push(MAIN_FN);				/* step 0 */
	var("a", 8, SH_T_INT, &one, 4);		/* 1 */
	var("b", 12, SH_T_INT, &two, 4);	/* 2 */
	push(F_FN);				/* 3 */
	var("c", 8, SH_T_INT, &three, 4);	/* 4 */
	pop(F_FN);				/* 5 */
	push(F_FN);				/* 6 */
	var("d", 8, SH_T_INT, &four, 4);	/* 7 */
	t = load();
	assert_book(t, 2, "1|b|2\n0|a|1\n");
	assert_book(t, 4, "2|c|3\n1|b|2\n0|a|1\n");
	assert_book(t, 5, "1|b|2\n0|a|1\n");
	assert_book(t, 7, "2|d|4\n1|b|2\n0|a|1\n");
	model_trace_free(t);
}
END_TEST

START_TEST(heap_slots_count_down_with_holes)
{
	struct model_trace *t;

	begin();
	push(MAIN_FN);			/* 0 */
	alloc(0x5000, 16);		/* 1: k1 */
	alloc(0x6000, 16);		/* 2: k2 */
	alloc(0x7000, 16);		/* 3: k3 */
	release(0x6000);		/* 4: k2 becomes a hole */
	alloc(0x8000, 16);		/* 5: fills the hole */
	release(0x7000);		/* 6: k3 at the bottom: gone */
	release(0x8000);		/* 7: k2 gone, no hole left below k1 */
	t = load();
	assert_book(t, 3, "(2^30) - 1||(16 bytes)\n(2^30) - 2||(16 bytes)\n"
	    "(2^30) - 3||(16 bytes)\n...|...|...\n");
	assert_book(t, 4, "(2^30) - 1||(16 bytes)\n(2^30) - 2||\n"
	    "(2^30) - 3||(16 bytes)\n...|...|...\n");
	assert_book(t, 5, "(2^30) - 1||(16 bytes)\n(2^30) - 2||(16 bytes)\n"
	    "(2^30) - 3||(16 bytes)\n...|...|...\n");
	assert_book(t, 6, "(2^30) - 1||(16 bytes)\n(2^30) - 2||(16 bytes)\n"
	    "...|...|...\n");
	assert_book(t, 7, "(2^30) - 1||(16 bytes)\n...|...|...\n");
	ck_assert_uint_eq(model_state_slot(model_trace_seek(t, 5), 2)->addr, 0x8000);
	model_trace_free(t);
}
END_TEST

START_TEST(pointers_become_arrows_and_dangle)
{
	struct model_trace *t;
	uint64_t block = 0x5000, to_a, nothing = 0, wild = 0x1234;
	unsigned flags;
	char *text;

	begin();
	push(MAIN_FN);				/* 0 */
	var("a", 8, SH_T_INT, &three, 4);	/* 1 */
	to_a = var_addr(8);
	var("p", 16, SH_T_INT | SH_T_PTR1, &to_a, 8);	/* 2 */
	alloc(block, 4);			/* 3 */
	mem(block, &four, 4);
	var("q", 24, SH_T_INT | SH_T_PTR1, &block, 8);	/* 4 */
	var("n", 32, SH_T_INT | SH_T_PTR1, &nothing, 8);	/* 5 */
	var("w", 40, SH_T_INT | SH_T_PTR1, &wild, 8);	/* 6 */
	release(block);				/* 7 */
	t = load();
	assert_book(t, 6, "(2^30) - 1||4\n...|...|...\n4|w|0x1234\n3|n|NULL\n"
	    "2|q|-> (2^30) - 1\n1|p|-> 0\n0|a|3\n");
	text = book(t, 7, &flags);
	ck_assert_msg(strstr(text, "2|q|-> (2^30) - 1 (dangling)\n") != NULL,
	    "%s", text);
	free(text);
	model_trace_free(t);
}
END_TEST

START_TEST(typed_blocks_show_their_values)
{
	static const int ints[3] = { 7, 8, 9 };
	uint64_t one_int = 0x5000, three_ints = 0x6000, chars = 0x7000;
	struct model_trace *t;

	begin();
	push(MAIN_FN);
	alloc(one_int, 4);
	alloc(three_ints, 12);
	alloc(chars, 6);
	mem(one_int, &four, 4);
	mem(three_ints, ints, sizeof ints);
	mem(chars, "hello", 6);
	var("i", 8, SH_T_INT | SH_T_PTR1, &one_int, 8);
	var("v", 16, SH_T_INT | SH_T_PTR1, &three_ints, 8);
	var("s", 24, SH_T_CHAR | SH_T_PTR1, &chars, 8);
	t = load();
	assert_book(t, 6, "(2^30) - 1||4\n(2^30) - 2||[7, 8, 9]\n"
	    "(2^30) - 3||\"hello\"\n...|...|...\n2|s|-> (2^30) - 3\n"
	    "1|v|-> (2^30) - 2\n0|i|-> (2^30) - 1\n");
	model_trace_free(t);
}
END_TEST

START_TEST(realloc_moves_resizes_allocates_and_frees)
{
	struct model_trace *t;
	const struct model_state *st;
	const uint8_t *content;
	size_t n;

	begin();
	push(MAIN_FN);						/* 0 */
	alloc(0x5000, 4);					/* 1 */
	mem(0x5000, &three, 4);
	reallocate(0x5000, 0x9000, 8);				/* 2: move */
	reallocate(0x9000, 0x9000, 4);				/* 3: shrink */
	reallocate(0x9000, 0x9000, 12);				/* 4: grow */
	mem(0x9008, &four, 4);
	reallocate(0, 0xa000, 32);				/* 5: alloc */
	reallocate(0xa000, 0, 0);				/* 6: free */
	t = load();
	st = model_trace_seek(t, 2);
	ck_assert_uint_eq(st->nlive, 1);
	ck_assert_uint_eq(model_state_live(st, 0)->addr, 0x9000);
	ck_assert_uint_eq(model_state_live(st, 0)->size, 8);
	ck_assert_int_eq(memcmp(model_block_content(st, model_state_live(st, 0),
	    &n), &three, 4), 0);
	/* it moved to a new slot; the old one is a hole above it */
	ck_assert_uint_eq(model_state_live(st, 0)->k, 2);
	ck_assert_ptr_null(model_state_slot(st, 1));
	st = model_trace_seek(t, 3);
	ck_assert_uint_eq(model_state_live(st, 0)->size, 4);
	ck_assert_uint_eq(st->live_bytes, 4);
	st = model_trace_seek(t, 5);	/* grown in place, then written */
	ck_assert_uint_eq(model_state_live(st, 0)->size, 12);
	content = model_block_content(st, model_state_live(st, 0), &n);
	ck_assert_uint_eq(n, 12);
	ck_assert_int_eq(memcmp(content, &three, 4), 0);
	ck_assert_int_eq(memcmp(content + 8, &four, 4), 0);
	ck_assert_uint_eq(st->nlive, 2);
	st = model_trace_seek(t, 6);
	ck_assert_uint_eq(st->nlive, 1);
	ck_assert_uint_eq(st->live_bytes, 12);
	model_trace_free(t);
}
END_TEST

/* A frame left by longjmp (no pop) goes when a push lands above it. */
START_TEST(frames_left_by_longjmp_are_dropped)
{
	struct model_trace *t;
	const struct model_state *st;
	uint64_t main_sp;

	begin();
	push(MAIN_FN);			/* 0: frame at STACK_TOP - 64 */
	main_sp = sp;
	push(F_FN);			/* 1 */
	push(F_FN + 0x10);		/* 2 */
	sp = main_sp + 32;		/* longjmp into main, which calls a
					   function with a smaller frame */
	push(F_FN + 0x20);		/* 3: above where F_FN was */
	t = load();
	st = model_trace_seek(t, 2);
	ck_assert_uint_eq(st->threads[0].nframes, 3);
	st = model_trace_seek(t, 3);
	ck_assert_uint_eq(st->threads[0].nframes, 2);
	ck_assert_uint_eq(st->threads[0].frames[1].fn, F_FN + 0x20);
	model_trace_free(t);
}
END_TEST

/*
 * Steps carry what their records meant: heap records and returns hold
 * differences or nothing on the wire, a step has absolute addresses and
 * the function returned from, read back in any order.
 */
START_TEST(steps_say_what_happened_in_absolute_terms)
{
	struct model_trace *t;
	struct model_step st;

	begin();
	tl_rec(&s, SH_REC_STRING, "us", (uint64_t)7, "demo.c");
	push(MAIN_FN);				/* 0 */
	push(F_FN);				/* 1 */
	alloc(0x600010, 24);			/* 2 */
	alloc(0x600040, 8);			/* 3 */
	reallocate(0x600010, 0x600100, 48);	/* 4 */
	release(0x600040);			/* 5 */
	pop(F_FN);				/* 6 */
	tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)7, (uint64_t)12);	/* 7 */
	t = load();
	ck_assert(model_trace_step(t, 5, &st));
	ck_assert_uint_eq(st.kind, MODEL_STEP_FREE);
	ck_assert_uint_eq(st.heap.addr, 0x600040);
	ck_assert_uint_eq(st.heap.npcs, 1);
	ck_assert_uint_eq(st.heap.pcs[0], 0x401300);
	ck_assert(model_trace_step(t, 3, &st));
	ck_assert_uint_eq(st.kind, MODEL_STEP_ALLOC);
	ck_assert_uint_eq(st.heap.kind, SH_ALLOC_MALLOC);
	ck_assert_uint_eq(st.heap.addr, 0x600040);
	ck_assert_uint_eq(st.heap.size, 8);
	ck_assert_uint_eq(st.heap.pcs[0], 0x401234);
	ck_assert(model_trace_step(t, 4, &st));
	ck_assert_uint_eq(st.kind, MODEL_STEP_REALLOC);
	ck_assert_uint_eq(st.heap.old, 0x600010);
	ck_assert_uint_eq(st.heap.addr, 0x600100);
	ck_assert_uint_eq(st.heap.size, 48);
	ck_assert(model_trace_step(t, 6, &st));
	ck_assert_uint_eq(st.kind, MODEL_STEP_RETURN);
	ck_assert_uint_eq(st.returned_fn, F_FN);
	ck_assert_uint_eq(st.tid, 1);
	ck_assert(model_trace_step(t, 7, &st));
	ck_assert_uint_eq(st.kind, MODEL_STEP_ANNOTATION);
	ck_assert_str_eq(st.annotation.file, "demo.c");
	ck_assert_uint_eq(st.annotation.line, 12);
	ck_assert(!model_trace_step(t, 8, &st));
	model_trace_free(t);
}
END_TEST

/*
 * A full push fills the slot it names; a one-byte cached push of that
 * slot is the same call again, as far below the innermost frame.
 */
START_TEST(a_cached_push_repeats_a_call_below_the_innermost_frame)
{
	const uint64_t site = 0x401234;
	const uint8_t cached = SH_WIRE_CACHED_PUSH | 17;
	struct model_trace *t;
	struct model_step ev;

	begin();
	push(MAIN_FN);			/* 0: [STACK_TOP - 64, STACK_TOP) */
	tl_rec(&s, SH_REC_PUSH, "zzzuu", (int64_t)(F_FN - last_fn),
	    (int64_t)site, (int64_t)-48, (uint64_t)48, (uint64_t)17); /* 1 */
	pop(F_FN);			/* 2 */
	tl_stream_byte(&s, cached);	/* 3: F_FN again, 48 below main */
	tl_stream_byte(&s, cached);	/* 4: and again, below itself */
	t = load();
	ck_assert(model_trace_step(t, 3, &ev));
	ck_assert_uint_eq(ev.kind, MODEL_STEP_CALL);
	ck_assert_uint_eq(ev.call.fn, F_FN);
	ck_assert_uint_eq(ev.call.site, site);
	ck_assert_uint_eq(ev.call.lo, STACK_TOP - 64 - 48);
	ck_assert_uint_eq(ev.call.hi, STACK_TOP - 64);
	ck_assert(model_trace_step(t, 4, &ev));
	ck_assert_uint_eq(ev.call.lo, STACK_TOP - 64 - 96);
	ck_assert_uint_eq(model_trace_seek(t, 4)->threads[0].nframes, 3);
	model_trace_free(t);
}
END_TEST

/* A function inlined into its caller pushes at its caller's place. */
START_TEST(an_inlined_function_stays_on_its_callers_frame)
{
	struct model_trace *t;

	begin();
	push(MAIN_FN);			/* 0 */
	sp += 64;			/* the next push lands at main's place */
	push(F_FN);			/* 1: inlined */
	t = load();
	ck_assert_uint_eq(model_trace_seek(t, 1)->threads[0].nframes, 2);
	model_trace_free(t);
}
END_TEST

START_TEST(records_out_of_order_are_absorbed)
{
	struct model_trace *t;
	const struct model_state *st;

	begin();
	pop(F_FN);		/* a pop with no push */
	release(0x4444);	/* a free of nothing */
	push(MAIN_FN);
	alloc(0x5000, 8);
	alloc(0x5000, 16);	/* the same address again: a missed free */
	t = load();
	st = model_trace_seek(t, model_trace_nsteps(t) - 1);
	ck_assert_uint_eq(st->nlive, 1);
	ck_assert_uint_eq(model_state_live(st, 0)->size, 16);
	ck_assert_uint_eq(st->threads[0].nframes, 1);
	model_trace_free(t);
}
END_TEST

START_TEST(changed_values_are_flagged)
{
	struct model_trace *t;
	unsigned flags;
	char *text;

	begin();
	push(MAIN_FN);				/* 0 */
	var("a", 8, SH_T_INT, &one, 4);		/* 1 */
	mem(var_addr(8), &two, 4);
	tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)3);	/* 2 */
	tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)4);	/* 3 */
	t = load();
	text = book(t, 1, &flags);
	ck_assert_str_eq(text, "0|a|1\n");
	ck_assert_uint_eq(flags, ROWFLAG_NEW);
	free(text);
	text = book(t, 2, &flags);
	ck_assert_str_eq(text, "0|a|2\n");
	ck_assert_uint_eq(flags, ROWFLAG_CHANGED);
	free(text);
	text = book(t, 3, &flags);
	ck_assert_uint_eq(flags, 0);
	free(text);
	model_trace_free(t);
}
END_TEST

START_TEST(blocks_are_lost_when_their_last_pointer_goes)
{
	uint64_t a = 0x5000, b = 0x6000, c = 0x7000, none = 0;
	struct model_trace *t;
	const struct model_state *st;
	char *text;

	begin();
	push(MAIN_FN);					/* 0 */
	alloc(a, 16);					/* 1 */
	alloc(b, 16);					/* 2 */
	alloc(c, 8);					/* 3: never reachable */
	mem(a, &b, 8);		/* a's first word points to b (untyped) */
	var("p", 8, SH_T_VOID | SH_T_PTR1, &a, 8);	/* 4 */
	mem(var_addr(8), &none, 8);
	tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)9);	/* 5 */
	t = load();
	st = model_trace_seek(t, 4);
	ck_assert_uint_eq(model_block_lost_at(st, model_state_live(st, 0)), 0);
	/* through a's untyped word */
	ck_assert(model_state_live(st, 1)->reachable);
	st = model_trace_seek(t, 5);
	ck_assert_uint_eq(model_block_lost_at(st, model_state_live(st, 0)), 6);
	ck_assert_uint_eq(model_block_lost_at(st, model_state_live(st, 1)), 6);
	/* libc's, say */
	ck_assert_uint_eq(model_block_lost_at(st, model_state_live(st, 2)), 0);
	text = book(t, 5, NULL);
	ck_assert_msg(strstr(text, "(2^30) - 1||(16 bytes) (lost)\n") != NULL,
	    "%s", text);
	ck_assert_msg(strstr(text, "(2^30) - 3||(8 bytes)\n") != NULL, "%s", text);
	free(text);
	text = view_step_title(t, 5, &(struct view_opts){ .ascii = true });
	ck_assert_ptr_nonnull(strstr(text, "lost: (2^30) - 1, (2^30) - 2"));
	free(text);
	model_trace_free(t);
}
END_TEST

static uint64_t
first_lost_at(const struct model_state *st)
{
	return model_block_lost_at(st, model_state_live(st, 0));
}

START_TEST(a_return_is_not_yet_a_loss)
{
	uint64_t a = 0x5000, none = 0;
	struct model_trace *t;

	begin();
	push(MAIN_FN);					/* 0 */
	push(F_FN);					/* 1 */
	alloc(a, 16);					/* 2 */
	var("q", 8, SH_T_INT | SH_T_PTR1, &a, 8);	/* 3 */
	pop(F_FN);					/* 4: a in a register */
	var("p", 8, SH_T_INT | SH_T_PTR1, &a, 8);	/* 5: stored again */
	mem(var_addr(8), &none, 8);
	tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)9);	/* 6 */
	t = load();
	ck_assert_uint_eq(first_lost_at(model_trace_seek(t, 4)), 0);
	ck_assert_uint_eq(first_lost_at(model_trace_seek(t, 5)), 0);
	ck_assert_uint_eq(first_lost_at(model_trace_seek(t, 6)), 7);
	model_trace_free(t);
}
END_TEST

/*
 * A chain of 5000 blocks hanging off one variable: the search runs at most
 * once every live / MODEL_LOST_CREDIT steps, yet still finds the chain
 * lost within that many steps of its last pointer going.
 */
START_TEST(a_big_heap_is_searched_within_a_bound)
{
	enum { N = 5000, STEPS = 2000 };
	uint64_t base = 0x100000, next, none = 0, walks, i;
	size_t last;
	struct model_trace *t;
	const struct model_state *st;

	begin();
	push(MAIN_FN);
	for (i = 0; i < N; i++) {
		alloc(base + 64 * i, 64);
		next = i + 1 < N ? base + 64 * (i + 1) : 0;
		mem(base + 64 * i, &next, 8);
	}
	var("p", 8, SH_T_VOID | SH_T_PTR1, &base, 8);
	for (i = 0; i < STEPS; i++) {	/* a store at every step */
		mem(var_addr(16), &i, 8);
		tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)9);
	}
	st = model_trace_seek(t = load(), N + 1);
	ck_assert(model_state_live(st, N - 1)->reachable);
	walks = st->lost_walks;
	st = model_trace_seek(t, N + 1 + STEPS);
	ck_assert_uint_le(st->lost_walks - walks,
	    STEPS * MODEL_LOST_CREDIT / N + 1);
	model_trace_free(t);

	begin();
	push(MAIN_FN);
	for (i = 0; i < N; i++) {
		alloc(base + 64 * i, 64);
		next = i + 1 < N ? base + 64 * (i + 1) : 0;
		mem(base + 64 * i, &next, 8);
	}
	var("p", 8, SH_T_VOID | SH_T_PTR1, &base, 8);
	mem(var_addr(8), &none, 8);	/* the chain's only pointer goes */
	for (i = 0; i < N / MODEL_LOST_CREDIT + 1; i++)
		tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)9);
	t = load();
	last = model_trace_nsteps(t) - 1;
	st = model_trace_seek(t, last);
	for (i = 0; i < N; i++)
		ck_assert_msg(model_block_lost_at(st, model_state_live(st, i))
		    != 0, "block %llu", (unsigned long long)i);
	model_trace_free(t);
}
END_TEST

/* A big picture is made a window at a time, with the same rows. */
START_TEST(a_window_of_a_big_picture)
{
	struct view_opts o = { .ascii = true };
	struct view_table whole, part;
	struct model_trace *t;
	size_t total, i, r;

	begin();
	push(MAIN_FN);
	for (i = 0; i < 3000; i++)
		alloc(0x100000 + i * 32, 16);
	var("a", 8, SH_T_INT, &one, 4);
	t = load();
	view_book_render(t, model_trace_nsteps(t) - 1, &o, &whole);
	view_book_render_window(t, model_trace_nsteps(t) - 1, &o, 2998, 5,
	    &part, &total);
	ck_assert_uint_eq(total, 3002);
	ck_assert_uint_eq(whole.nrows, 3002);
	ck_assert_uint_eq(part.nrows, 4);	/* the window runs past the end */
	for (r = 0; r < part.nrows; r++) {
		ck_assert_str_eq(part.rows[r].cells[0], whole.rows[2998 + r].cells[0]);
		ck_assert_str_eq(part.rows[r].cells[2], whole.rows[2998 + r].cells[2]);
	}
	ck_assert_str_eq(part.rows[2].cells[0], "...");
	ck_assert_str_eq(part.rows[3].cells[1], "a");
	ck_assert_uint_eq(view_book_first_stack_row(t, model_trace_nsteps(t) - 1,
	    &o), 3001);
	view_table_clear(&whole);
	view_table_clear(&part);
	model_trace_free(t);
}
END_TEST

/* A deep stack's real view, limited, shows the innermost frames. */
/*
 * A thread's arena is terabytes above the main heap: the real view shows
 * a "..." row between them, not a 45 TB gap; a small gap stays a gap.
 */
START_TEST(the_real_view_elides_gaps_between_regions)
{
	struct view_opts o = { .ascii = true };
	struct view_table tab;
	struct model_trace *t;
	size_t i, gaps = 0, seps = 0;

	begin();
	push(MAIN_FN);
	alloc(0x55550000, 16);
	alloc(0x55550040, 16);		/* 48 bytes above: a gap */
	alloc(0x7f1230000010ull, 32);	/* another arena */
	t = load();
	view_real_render(t, 3, &o, &tab);
	for (i = 0; i < tab.nrows; i++) {
		/* the heap's gaps: the frame's 64 bytes are one too */
		if (tab.rows[i].kind == ROWKIND_GAP &&
		    strncmp(tab.rows[i].cells[0], "0x5555", 6) == 0) {
			gaps++;
			ck_assert_str_eq(tab.rows[i].cells[1], "48");
		}
		if (tab.rows[i].kind == ROWKIND_SEPARATOR &&
		    strcmp(tab.rows[i].cells[2], "(another region)") == 0)
			seps++;
	}
	ck_assert_uint_eq(gaps, 1);
	ck_assert_uint_eq(seps, 1);
	view_table_clear(&tab);
	model_trace_free(t);
}
END_TEST

START_TEST(a_limited_real_view_shows_the_innermost_frames)
{
	struct view_opts o = { .ascii = true, .limit = 10 };
	struct view_table tab;
	struct model_trace *t;
	size_t i, frames = 0;

	begin();
	for (i = 0; i < 1000; i++)
		push(MAIN_FN + i);
	t = load();
	view_real_render(t, 999, &o, &tab);
	ck_assert_str_eq(tab.rows[0].cells[2], "(990 more outer frames above)");
	for (i = 0; i < tab.nrows; i++)
		frames += tab.rows[i].kind == ROWKIND_FRAME;
	ck_assert_uint_eq(frames, 10);
	view_table_clear(&tab);
	model_trace_free(t);
}
END_TEST

/* Many steps, across several snapshots; seeking in any order is exact. */
START_TEST(stepping_back_equals_going_forward)
{
	enum { STEPS = 900 };
	char *forward[STEPS + 10];
	struct model_trace *t;
	size_t n, i, j;
	uint32_t seed = 7;
	int v;

	begin();
	push(MAIN_FN);
	for (i = 0; i < STEPS / 6; i++) {
		v = (int)i;
		push(F_FN);
		var("x", 8, SH_T_INT, &v, 4);
		alloc(0x100000 + i * 64, 32);
		v = (int)i * 2;
		mem(var_addr(8), &v, 4);
		tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)i);
		if (i % 3 != 0)
			release(0x100000 + i * 64);
		pop(F_FN);
	}
	t = load();
	n = model_trace_nsteps(t);
	ck_assert_uint_gt(n, 2 * MODEL_SNAPSHOT_EVERY);
	ck_assert_uint_le(n, STEPS + 10);
	for (i = 0; i < n; i++)
		forward[i] = book(t, i, NULL);
	for (i = n; i-- > 0;) {
		char *back = book(t, i, NULL);

		ck_assert_msg(strcmp(back, forward[i]) == 0, "step %zu differs", i);
		free(back);
	}
	for (j = 0; j < 500; j++) {
		char *again;

		seed = seed * 1103515245u + 12345u;
		i = (seed >> 8) % n;
		again = book(t, i, NULL);
		ck_assert_msg(strcmp(again, forward[i]) == 0, "step %zu differs", i);
		free(again);
	}
	for (i = 0; i < n; i++)
		free(forward[i]);
	model_trace_free(t);
}
END_TEST

/*
 * A state big next to its trace keeps few snapshots: seeking back leaves
 * checkpoints on the way, and snapshots, checkpoints and cursors share
 * the blocks (copy-on-write) that later steps change, free, move and
 * lose.  Every step reads the same backward, forward and at random.
 */
START_TEST(shared_blocks_change_only_in_their_own_state)
{
	enum { BLOCKS = 400, STEPS = 1000 };
	uint64_t base = 0x200000, p = base, i;
	char *forward[STEPS];
	struct model_trace *t;
	uint32_t seed = 11;
	size_t n, first, j;
	int v;

	begin();
	push(MAIN_FN);
	for (i = 0; i < BLOCKS; i++)
		alloc(base + 64 * i, 16);
	var("p", 8, SH_T_INT | SH_T_PTR1, &p, 8);
	for (i = 0; i < STEPS; i++) {
		v = (int)i;
		mem(p, &v, 4);			/* the block p points to */
		if (i % 50 == 49) {		/* p moves on: the old one is lost */
			p = base + 64 * ((i / 50) % BLOCKS);
			mem(var_addr(8), &p, 8);
		}
		if (i % 7 == 3)
			release(base + 64 * (BLOCKS - 1 - i % BLOCKS));
		else
			tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)i);
	}
	t = load();
	n = model_trace_nsteps(t);
	first = n - STEPS;
	for (j = 0; j < STEPS; j++)
		forward[j] = book(t, first + j, NULL);
	for (j = STEPS; j-- > 0;) {
		char *back = book(t, first + j, NULL);

		ck_assert_msg(strcmp(back, forward[j]) == 0, "step %zu differs",
		    first + j);
		free(back);
	}
	for (i = 0; i < 200; i++) {
		char *again;

		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % STEPS;
		again = book(t, first + j, NULL);
		ck_assert_msg(strcmp(again, forward[j]) == 0, "step %zu differs",
		    first + j);
		free(again);
	}
	for (j = 0; j < STEPS; j++)
		free(forward[j]);
	model_trace_free(t);
}
END_TEST

/*
 * The side table keeps what few blocks have (contents, lost, last type)
 * by record: each record finds its own entry among many, an entry goes
 * with its record, and a record reused starts without one.  Entries are
 * dropped in an order that moves the ones after them in the table.
 */
START_TEST(the_side_table_keeps_each_blocks_own)
{
	enum { N = 3000 };
	static const struct model_type types[2] = { { .size = 4 },
	    { .size = 8 } };
	struct model_block_pool *p = model_pool_new();
	struct model_block *b[N], *again;
	struct model_block_extra *e;
	uint32_t num[N], n;
	size_t i;

	for (i = 0; i < N; i++) {
		num[i] = model_pool_get(p);
		b[i] = model_pool_block(p, num[i]);
		b[i]->addr = 0x10000 + 32 * i;
		ck_assert_ptr_null(model_pool_extra(p, b[i]));
		if (i % 3 == 0)
			continue;	/* most blocks have none */
		e = model_pool_extra_add(p, b[i]);
		e->ncontent = 8;
		e->content = xmemdup((const uint8_t *)&b[i]->addr, 8);
		e->lost_at = i + 1;
		e->last_type = &types[i % 2];
	}
	for (i = 0; i < N; i += 2)	/* every other one goes */
		model_pool_put(p, num[i]);
	for (i = 1; i < N; i += 2) {
		e = model_pool_extra(p, b[i]);
		if (i % 3 == 0) {
			ck_assert_ptr_null(e);
			continue;
		}
		ck_assert_msg(e != NULL, "block %zu lost its extra", i);
		ck_assert_uint_eq(e->ncontent, 8);
		ck_assert_int_eq(memcmp(e->content, &b[i]->addr, 8), 0);
		ck_assert_uint_eq(e->lost_at, i + 1);
		ck_assert_ptr_eq(e->last_type, &types[i % 2]);
	}
	n = model_pool_get(p);		/* a record put back: no extra */
	ck_assert_uint_eq(n, num[N - 1 - (N - 1) % 2]);	/* the last put */
	again = model_pool_block(p, n);
	ck_assert_ptr_null(model_pool_extra(p, again));
	model_pool_extra_add(p, again)->lost_at = 7;
	ck_assert_uint_eq(model_pool_extra(p, again)->lost_at, 7);
	model_pool_extra_drop(p, again);
	ck_assert_ptr_null(model_pool_extra(p, again));
	ck_assert_uint_eq(model_pool_extra(p, b[1])->lost_at, 2);
	model_pool_put(p, n);
	for (i = 1; i < N; i += 2)
		model_pool_put(p, num[i]);
	ck_assert_uint_eq(p->nextras, 0);
	model_pool_unref(p);
}
END_TEST

/* A block keeps its owner's epoch in two pieces: all 48 bits come back. */
START_TEST(a_block_keeps_48_bits_of_its_owner)
{
	static const uint64_t epochs[] = { 1, 0xffffffffull, 0x100000000ull,
	    0x123456789abcull, MODEL_EPOCH_MAX };
	struct model_block b;
	size_t i;

	memset(&b, 0, sizeof b);
	for (i = 0; i < sizeof epochs / sizeof *epochs; i++) {
		model_block_set_epoch(&b, epochs[i]);
		ck_assert_uint_eq(model_block_epoch(&b), epochs[i]);
		ck_assert_uint_eq(b.step_changed, 0);	/* its neighbour */
	}
}
END_TEST

static const struct model_block *
block_of(const struct model_state *st, uint64_t addr)
{
	const struct model_block *b = model_state_block_at(st, addr);

	ck_assert_msg(b != NULL && b->addr == addr, "no block at %#llx",
	    (unsigned long long)addr);
	return b;
}

/*
 * A copy of a state shares its blocks and their extras; the block it makes
 * its own gets an extra of its own, which it changes without touching
 * the original's, and which outlives neither.
 */
START_TEST(a_copy_shares_extras_until_it_changes_them)
{
	uint64_t a = 0x5000, none = 0;
	int v = 42;
	struct model_trace *t;
	const struct model_state *st;
	struct model_state *c;
	const struct model_block *orig;
	struct model_block *own;
	struct model_block_extra *e;
	const uint8_t *content;
	size_t n;

	begin();
	push(MAIN_FN);					/* 0 */
	alloc(a, 16);					/* 1 */
	mem(a, &v, 4);
	var("p", 8, SH_T_INT | SH_T_PTR1, &a, 8);	/* 2: typed int */
	mem(var_addr(8), &none, 8);
	tl_rec(&s, SH_REC_STEP, "uu", (uint64_t)0, (uint64_t)9);	/* 3 */
	t = load();
	st = model_trace_seek(t, 3);
	orig = block_of(st, a);
	ck_assert_uint_eq(model_block_lost_at(st, orig), 4);
	ck_assert_ptr_nonnull(model_block_last_type(st, orig));
	ck_assert_uint_eq(model_block_last_type(st, orig)->size, 4);
	content = model_block_content(st, orig, &n);
	ck_assert_uint_eq(n, 16);
	ck_assert_int_eq(memcmp(content, &v, 4), 0);

	c = model_state_copy(st);
	ck_assert_ptr_eq(block_of(c, a), orig);		/* shared */
	own = model_state_own_block(c, model_state_live(c,
	    model_block_place(orig)));
	ck_assert_ptr_ne(own, orig);
	ck_assert_ptr_eq(block_of(c, a), own);
	e = model_pool_extra(c->pool, own);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_ne(e->content, content);		/* a copy of its own */
	ck_assert_int_eq(memcmp(e->content, &v, 4), 0);
	ck_assert_uint_eq(e->lost_at, 4);
	ck_assert_ptr_eq(e->last_type, model_block_last_type(st, orig));
	e->content[0] = 7;
	e->lost_at = 0;
	ck_assert_int_eq(memcmp(model_block_content(st, orig, &n), &v, 4), 0);
	ck_assert_uint_eq(model_block_lost_at(st, orig), 4);
	ck_assert_uint_eq(model_block_content(c, own, &n)[0], 7);
	ck_assert_uint_eq(model_block_lost_at(c, own), 0);
	model_state_free(c);
	/* the original's entry outlives the copy's */
	ck_assert_int_eq(memcmp(model_block_content(st, block_of(st, a), &n),
	    &v, 4), 0);
	ck_assert_uint_eq(model_block_lost_at(st, block_of(st, a)), 4);
	model_trace_free(t);
}
END_TEST

static Suite *
model_suite(void)
{
	Suite *su = suite_create("model");
	TCase *tc = tcase_create("model");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, stack_slots_count_up_and_are_reused);
	tcase_add_test(tc, heap_slots_count_down_with_holes);
	tcase_add_test(tc, pointers_become_arrows_and_dangle);
	tcase_add_test(tc, typed_blocks_show_their_values);
	tcase_add_test(tc, realloc_moves_resizes_allocates_and_frees);
	tcase_add_test(tc, frames_left_by_longjmp_are_dropped);
	tcase_add_test(tc, a_cached_push_repeats_a_call_below_the_innermost_frame);
	tcase_add_test(tc, steps_say_what_happened_in_absolute_terms);
	tcase_add_test(tc, an_inlined_function_stays_on_its_callers_frame);
	tcase_add_test(tc, records_out_of_order_are_absorbed);
	tcase_add_test(tc, changed_values_are_flagged);
	tcase_add_test(tc, blocks_are_lost_when_their_last_pointer_goes);
	tcase_add_test(tc, a_return_is_not_yet_a_loss);
	tcase_add_test(tc, a_big_heap_is_searched_within_a_bound);
	tcase_add_test(tc, a_window_of_a_big_picture);
	tcase_add_test(tc, a_limited_real_view_shows_the_innermost_frames);
	tcase_add_test(tc, the_real_view_elides_gaps_between_regions);
	tcase_add_test(tc, stepping_back_equals_going_forward);
	tcase_add_test(tc, shared_blocks_change_only_in_their_own_state);
	tcase_add_test(tc, the_side_table_keeps_each_blocks_own);
	tcase_add_test(tc, a_copy_shares_extras_until_it_changes_them);
	tcase_add_test(tc, a_block_keeps_48_bits_of_its_owner);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(model_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
