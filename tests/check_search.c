/*
 * check_search.c — stepping like a debugger, on the real trace of a small
 * program (tests/plain/walk.c) built by stackheap-cc and recorded: step
 * over and out, forward and back, a break on a line, and the next and
 * previous change of a variable.  Steps are found by their titles, as
 * `dump` prints them, so the expectations read like the dump.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model_search.h"
#include "view/view.h"
#include "testlib.h"

static char dir[] = "/tmp/check_search.XXXXXX";
static struct model_trace *trace;

/* Builds walk.c with stackheap-cc, records it, and reads the trace. */
static void
setup(void)
{
	char *cc = tl_path("SH_TOP_BUILDDIR", "stackheap-cc");
	char *src = tl_path("SH_TOP_SRCDIR", "tests/plain/walk.c");
	char prog[64], path[64], *cause = NULL;
	struct tl_run r;
	int fd;

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(prog, sizeof prog, "%s/walk", dir);
	snprintf(path, sizeof path, "%s/walk.trace", dir);
	tl_run((char *[]){ cc, "-o", prog, src, NULL }, NULL, 60, &r);
	ck_assert_msg(r.status == 0, "stackheap-cc: %s", r.err);
	tl_run_free(&r);
	tl_stackheap((char *[]){ "record", "-o", path, "--", prog, NULL }, 30, &r);
	ck_assert_msg(r.status == 0, "record: %s", r.err);
	tl_run_free(&r);
	trace = model_trace_new();
	fd = open(path, O_RDONLY);
	ck_assert(fd >= 0);
	ck_assert(model_trace_load_file(trace, fd, &cause));
	ck_assert_msg(cause == NULL, "%s", cause);
	close(fd);
	unlink(prog);
	unlink(path);
	rmdir(dir);
	free(cc);
	free(src);
}

static void
teardown(void)
{
	model_trace_free(trace);
	strcpy(dir, "/tmp/check_search.XXXXXX");
}

static char *
title(size_t i)
{
	struct view_opts o = { .ascii = true };

	return view_step_title(trace, i, &o);
}

/* The nth (from 1) step whose title has text in it. */
static size_t
step_titled(const char *text, int nth)
{
	size_t i, n = model_trace_nsteps(trace);

	for (i = 0; i < n; i++) {
		char *t = title(i);
		bool has = strstr(t, text) != NULL;

		free(t);
		if (has && --nth == 0)
			return i;
	}
	ck_abort_msg("no step titled '%s'", text);
	return 0;
}

static void
assert_titled(size_t i, const char *text)
{
	char *t;

	ck_assert_msg(i != MODEL_SEARCH_NONE, "no step found, wanted '%s'", text);
	t = title(i);
	ck_assert_msg(strstr(t, text) != NULL, "step %zu is '%s', wanted '%s'",
	    i + 1, t, text);
	free(t);
}

static size_t
over(size_t from, int way)
{
	struct model_goal g;
	size_t hit;

	ck_assert(model_goal_over(trace, from, &g));
	hit = model_search_goal(trace, &g, from, way, (size_t)-1);
	model_goal_clear(&g);
	return hit;
}

static size_t
out(size_t from, int way)
{
	struct model_goal g;
	size_t hit;

	ck_assert(model_goal_out(trace, from, &g));
	hit = model_search_goal(trace, &g, from, way, (size_t)-1);
	model_goal_clear(&g);
	return hit;
}

START_TEST(over_skips_a_call_forward_and_back)
{
	size_t call = step_titled("line in main() at walk.c:28", 1);
	size_t back = step_titled("return from sum_squares() to main()", 1);

	/* the whole of sum_squares, and square inside it, stepped over */
	ck_assert_uint_eq(over(call, 1), back);
	assert_titled(over(back, 1), "line in main() at walk.c:29");
	/* and back: from after the call to the line that made it */
	ck_assert_uint_eq(over(back, -1), call);
	/* over, at a function's last step, leaves it for the caller */
	assert_titled(over(step_titled("line in square() at walk.c:9", 1), 1),
	    "return from square() to sum_squares()");
	/* back over from a function's first step is its caller's */
	assert_titled(over(step_titled("call square()", 1), -1),
	    "line in sum_squares() at walk.c:18");
}
END_TEST

START_TEST(out_returns_forward_and_back)
{
	size_t inside = step_titled("line in square() at walk.c:9", 2);

	assert_titled(out(inside, 1), "return from square() to sum_squares()");
	ck_assert_uint_eq(out(inside, 1),
	    step_titled("return from square() to sum_squares()", 2));
	/* back out: the caller's step before the call */
	ck_assert_uint_eq(out(inside, -1), step_titled("line in sum_squares() "
	    "at walk.c:18", 2));
	/* two levels: out of sum_squares from square's line */
	ck_assert_uint_eq(out(out(inside, 1), 1),
	    step_titled("return from sum_squares() to main()", 1));
}
END_TEST

START_TEST(a_line_is_arrived_at_forward_and_back)
{
	struct model_goal g;
	size_t first = step_titled("line in square() at walk.c:7", 1);
	size_t second = step_titled("line in square() at walk.c:7", 2);

	model_goal_line("/elsewhere/walk.c", 7, view_step_source, &g);
	ck_assert_uint_eq(model_search_goal(trace, &g, 0, 1, (size_t)-1), first);
	ck_assert_uint_eq(model_search_goal(trace, &g, first, 1, (size_t)-1),
	    second);
	ck_assert_uint_eq(model_search_goal(trace, &g, second, -1, (size_t)-1),
	    first);
	ck_assert_uint_eq(model_search_goal(trace, &g, second, 1, (size_t)-1),
	    MODEL_SEARCH_NONE);
	/* line 18 again after square returns is the same visit: not twice */
	model_goal_line(NULL, 18, view_step_source, &g);
	ck_assert_uint_eq(model_search_goal(trace, &g, first, 1, (size_t)-1),
	    step_titled("line in sum_squares() at walk.c:18", 2));
	model_goal_line("other.c", 7, view_step_source, &g);
	ck_assert_uint_eq(model_search_goal(trace, &g, 0, 1, (size_t)-1),
	    MODEL_SEARCH_NONE);
}
END_TEST

/* Watches the row named name in step i's book picture. */
static void
watch(size_t i, const char *name, struct model_goal *g)
{
	struct view_opts o = { .ascii = true };
	struct view_table table;
	size_t r;

	memset(&table, 0, sizeof table);
	view_book_render(trace, i, &o, &table);
	for (r = 0; r < table.nrows; r++)
		if (table.rows[r].cells[1] != NULL &&
		    strcmp(table.rows[r].cells[1], name) == 0)
			break;
	ck_assert_msg(r < table.nrows, "no row %s at step %zu", name, i + 1);
	ck_assert(view_goal_change(trace, i, 0, &table.rows[r], g));
	ck_assert_str_eq(g->watch.name, name);
	view_table_clear(&table);
}

START_TEST(a_variable_changes_forward_and_back)
{
	struct model_goal g;
	size_t start = step_titled("line in sum_squares() at walk.c:17", 1);
	size_t one = step_titled("line in sum_squares() at walk.c:17", 2);
	size_t five = step_titled("line in sum_squares() at walk.c:17", 3);

	/* total: 0, then 1 after the first +=, then 5 */
	watch(start, "total", &g);
	ck_assert_uint_eq(model_search_goal(trace, &g, start, 1, (size_t)-1),
	    one);
	ck_assert_uint_eq(model_search_goal(trace, &g, one, 1, (size_t)-1), five);
	ck_assert_uint_eq(model_search_goal(trace, &g, five, -1, (size_t)-1), one);
	/* back from 1: where total first showed (its declaration ran) */
	assert_titled(model_search_goal(trace, &g, one, -1, (size_t)-1),
	    "line in sum_squares() at walk.c:17");
	/* forward from 5: sum_squares returns and total is gone */
	assert_titled(model_search_goal(trace, &g, five, 1, (size_t)-1),
	    "return from sum_squares() to main()");
	model_goal_clear(&g);
}
END_TEST

START_TEST(a_variable_of_main_skips_what_does_not_touch_it)
{
	struct model_goal g;
	size_t start = step_titled("line in main() at walk.c:28", 1);
	size_t hit;

	watch(start, "count", &g);
	hit = model_search_goal(trace, &g, start, 1, (size_t)-1);
	/* count = *box: 2 becomes 5, seen at the next line's step */
	assert_titled(hit, "line in main() at walk.c:30");
	ck_assert_uint_eq(model_search_goal(trace, &g, hit, -1, (size_t)-1),
	    step_titled("line in main() at walk.c:28", 1));
	model_goal_clear(&g);
	/* the heap block: written by *box = ... */
	{
		struct view_opts o = { .ascii = true };
		struct view_table table;

		memset(&table, 0, sizeof table);
		view_book_render(trace, start, &o, &table);
		ck_assert(table.nrows > 0 && table.rows[0].kind == ROWKIND_HEAP);
		ck_assert(view_goal_change(trace, start, 0, &table.rows[0], &g));
		view_table_clear(&table);
	}
	assert_titled(model_search_goal(trace, &g, start, 1, (size_t)-1),
	    "line in main() at walk.c:29");
	model_goal_clear(&g);
}
END_TEST

static Suite *
search_suite(void)
{
	Suite *su = suite_create("search");
	TCase *tc = tcase_create("search");

	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, over_skips_a_call_forward_and_back);
	tcase_add_test(tc, out_returns_forward_and_back);
	tcase_add_test(tc, a_line_is_arrived_at_forward_and_back);
	tcase_add_test(tc, a_variable_changes_forward_and_back);
	tcase_add_test(tc, a_variable_of_main_skips_what_does_not_touch_it);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(search_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
