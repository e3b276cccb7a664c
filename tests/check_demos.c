/*
 * check_demos.c — the demos through the whole pipeline: each demo runs
 * under the real runtime, `stackheap dump --book` prints it, and every
 * table the seed draws for that example must appear, in the seed's order.
 * The whole book dump is also compared with a golden file, for these and
 * for the demos of the seeds' other ideas (raw addresses, which change
 * from run to run, masked), and a recorded trace must dump the same as a
 * live run.  The demos are plain C: check_lines builds the seed demos
 * with stackheap-cc under gcc and under clang and checks their tables.
 */
#include "config.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

static const char *const demos[] = {
	"single", "two_frames", "three_deep", "box", "borrow", "complex"
};
#define NDEMOS (sizeof demos / sizeof demos[0])

/* Demos of the seeds' other ideas: the seed draws no tables for them. */
static const char *const idea_demos[] = {
	"holes", "vec_growth", "refcount_cycle", "arena", "closures",
	"enum_size", "stack_overflow", "statics", "move"
};
#define NIDEA_DEMOS (sizeof idea_demos / sizeof idea_demos[0])

static char *
book_dump(const char *program)
{
	struct tl_run r;
	char *out;

	tl_stackheap((char *[]){ "dump", "--book", "--", tl_arg(program), NULL },
	    30, &r);
	ck_assert_msg(r.status == 0, "dump of %s: exit %d, stderr: %s", program,
	    r.status, r.err);
	out = r.out;
	r.out = NULL;
	tl_run_free(&r);
	return out;
}

static void
assert_seed_tables(const char *name, const char *dump)
{
	char *rel, *path, *text, *missing;
	struct tl_tables want, got;

	if (asprintf(&rel, "%s.tables", name) < 0)
		abort();
	path = tl_path("SH_SEED_TABLES", rel);
	text = tl_read_file(path);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	tl_parse_seed_tables(text, &want);
	tl_parse_dump(dump, &got);
	ck_assert_uint_gt(want.n, 0);
	missing = tl_tables_in_order(&want, &got);
	ck_assert_msg(missing == NULL, "%s: %s", name, missing);
	tl_tables_free(&want);
	tl_tables_free(&got);
	free(text);
	free(path);
	free(rel);
}

START_TEST(seed_tables_in_order)
{
	const char *name = demos[_i];
	char *program = tl_path("STACKHEAP_DEMOS", name);
	char *dump = book_dump(program);

	assert_seed_tables(name, dump);
	free(dump);
	free(program);
}
END_TEST

/*
 * text with each "DIR/" as "demos/": a demo shows its argv[0], which
 * names the build tree it runs from.
 */
static char *
demos_relative(char *text, const char *dir)
{
	size_t n = strlen(dir), hits = 0;
	const char *p, *hit;
	char *out, *o;

	for (p = text; (hit = strstr(p, dir)) != NULL; p = hit + n)
		hits++;
	out = o = malloc(strlen(text) + hits * 5 + 1);
	ck_assert_ptr_nonnull(out);
	for (p = text; (hit = strstr(p, dir)) != NULL && hit[n] == '/';
	    p = hit + n) {
		memcpy(o, p, (size_t)(hit - p));
		o += hit - p;
		memcpy(o, "demos", 5);
		o += 5;
	}
	strcpy(o, p);
	free(text);
	return out;
}

/* The book dump of the demo name against tests/golden/name.book. */
static void
assert_golden(const char *name)
{
	char *program = tl_path("STACKHEAP_DEMOS", name), *rel, *golden, *text;
	char *dump, *got, *want, *dir = tl_path("STACKHEAP_DEMOS", "");

	if (asprintf(&rel, "tests/golden/%s.book", name) < 0)
		abort();
	golden = tl_path("SH_TOP_SRCDIR", rel);
	text = tl_read_file(golden);
	ck_assert_msg(text != NULL, "cannot read %s", golden);
	want = tl_mask_addresses(text);
	dump = demos_relative(book_dump(program), dir);
	got = tl_mask_addresses(dump);
	ck_assert_msg(strcmp(want, got) == 0, "%s differs from %s; got:\n%s",
	    name, golden, got);
	free(got);
	free(dump);
	free(want);
	free(text);
	free(golden);
	free(rel);
	free(program);
	free(dir);
}

START_TEST(golden_book_dump)
{
	assert_golden(demos[_i]);
}
END_TEST

START_TEST(golden_idea_dump)
{
	assert_golden(idea_demos[_i]);
}
END_TEST

START_TEST(recorded_trace_dumps_like_live_run)
{
	char *program = tl_path("STACKHEAP_DEMOS", "complex");
	char trace[] = "/tmp/stackheap-demo-XXXXXX";
	int fd = mkstemp(trace);
	struct tl_run rec, dumped;
	char *live = book_dump(program);

	ck_assert_int_ge(fd, 0);
	close(fd);
	tl_stackheap((char *[]){ "record", "-o", trace, "--", program, NULL }, 30,
	    &rec);
	ck_assert_msg(rec.status == 0, "record: %s", rec.err);
	tl_stackheap((char *[]){ "dump", "--book", trace, NULL }, 30, &dumped);
	ck_assert_msg(dumped.status == 0, "dump: %s", dumped.err);
	ck_assert_str_eq(dumped.out, live);
	unlink(trace);
	tl_run_free(&rec);
	tl_run_free(&dumped);
	free(live);
	free(program);
}
END_TEST

START_TEST(real_view_shows_frames_and_blocks)
{
	char *program = tl_path("STACKHEAP_DEMOS", "complex");
	struct tl_run r;

	tl_stackheap((char *[]){ "dump", "--real", "--step", "28", "--", program,
	    NULL }, 30, &r);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "Address  "));
	ck_assert_ptr_nonnull(strstr(r.out, "baz()"));
	ck_assert_ptr_nonnull(strstr(r.out, "bar()"));
	ck_assert_ptr_nonnull(strstr(r.out, "heap (complex.c:"));
	ck_assert_ptr_nonnull(strstr(r.out, "(gap)"));
	ck_assert_ptr_nonnull(strstr(r.out, "0x"));
	tl_run_free(&r);
	free(program);
}
END_TEST

static Suite *
demos_suite(void)
{
	Suite *s = suite_create("demos");
	TCase *tc = tcase_create("demos");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, seed_tables_in_order, 0, NDEMOS);
	tcase_add_loop_test(tc, golden_book_dump, 0, NDEMOS);
	tcase_add_loop_test(tc, golden_idea_dump, 0, NIDEA_DEMOS);
	tcase_add_test(tc, recorded_trace_dumps_like_live_run);
	tcase_add_test(tc, real_view_shows_frames_and_blocks);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(demos_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
