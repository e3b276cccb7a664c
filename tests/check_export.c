/*
 * check_export.c — unit tests for src/export on a hand-made stream: the
 * Markdown, SVG and JSON of a step hold what the book view holds, and
 * whatever a hostile trace puts in a name (markup, terminal escapes,
 * broken UTF-8) comes out inert.  The HTML player in a browser and the
 * command line are tested in test_export.sh.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "model/model_trace.h"
#include "stackheap.h"
#include "testlib.h"

#define MAIN_FN 0x401000
#define FRAME_LO 0x7ffd0000ull
#define BLOCK 0x5000ull

static const int seven = 7;

/*
 * main's frame with `n` = 7 and a pointer called `name` to a 16-byte
 * block: step 0 the push, 1 n, 2 the malloc, 3 the pointer.
 */
static struct model_trace *
trace_with_pointer_named(const char *name)
{
	struct tl_stream s = { 0 };
	const uint64_t site[1] = { 0x401234 }, p = BLOCK;
	struct model_trace *t = model_trace_new();

	tl_stream_header(&s);
	tl_rec(&s, SH_REC_THREAD, "u", (uint64_t)1);
	tl_rec(&s, SH_REC_PUSH, "zzzuu", (int64_t)MAIN_FN, (int64_t)0,
	    (int64_t)FRAME_LO, (uint64_t)64, (uint64_t)SH_WIRE_CACHE_SLOTS);
	tl_rec(&s, SH_REC_VAR, "uuusuuub", FRAME_LO + 8, (uint64_t)4,
	    (uint64_t)SH_T_INT, "n", (uint64_t)0, (uint64_t)1, (uint64_t)0,
	    &seven, sizeof seven);
	tl_rec(&s, SH_REC_ALLOC, "uzud", (uint64_t)SH_ALLOC_MALLOC,
	    (int64_t)BLOCK, (uint64_t)16, 1u, site);
	tl_rec(&s, SH_REC_VAR, "uuusuuub", FRAME_LO + 16, (uint64_t)8,
	    (uint64_t)(SH_T_INT | SH_T_PTR1), name, (uint64_t)0, (uint64_t)1,
	    (uint64_t)0, &p, sizeof p);
	ck_assert(model_trace_feed(t, s.buf, s.len));
	ck_assert(model_trace_finish(t));
	tl_stream_free(&s);
	return t;
}

/* What a writer wrote for step i of t, as a string. */
static char *
written(void (*write)(struct model_trace *, size_t, FILE *),
    struct model_trace *t, size_t i)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(f);
	write(t, i, f);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

static const struct export_opts book_opts = { .view = { .ascii = true } };

static void
md_of_step(struct model_trace *t, size_t i, FILE *f)
{
	export_md(t, i, i + 1, &book_opts, f);
}

static void
svg_of_step(struct model_trace *t, size_t i, FILE *f)
{
	export_svg(t, i, &book_opts, f);
}

START_TEST(markdown_holds_the_book_table)
{
	struct model_trace *t = trace_with_pointer_named("p");
	char *md = written(md_of_step, t, 3);

	ck_assert_msg(strstr(md, "| Address | Name | Value |") != NULL, "%s", md);
	ck_assert_msg(strstr(md, "| 0 | n | 7 |") != NULL, "%s", md);
	ck_assert_msg(strstr(md, "| 1 | p | -> (2^30) - 1 |") != NULL, "%s", md);
	ck_assert_msg(strstr(md, "| (2^30) - 1 |") != NULL, "%s", md);
	free(md);
	model_trace_free(t);
}
END_TEST

START_TEST(json_is_one_line_per_step_with_every_variable)
{
	struct model_trace *t = trace_with_pointer_named("p");
	char *json = written(export_json_step, t, 3);

	ck_assert_msg(json[0] == '{', "%s", json);
	ck_assert_msg(strchr(json, '\n') == json + strlen(json) - 1, "%s", json);
	ck_assert_msg(strstr(json, "\"name\": \"n\"") != NULL, "%s", json);
	ck_assert_msg(strstr(json, "\"name\": \"p\"") != NULL, "%s", json);
	free(json);
	model_trace_free(t);
}
END_TEST

/* A name from someone else's trace is data, never markup. */
START_TEST(markup_in_a_name_is_escaped_in_svg)
{
	struct model_trace *t = trace_with_pointer_named("<script>x&y");
	char *svg = written(svg_of_step, t, 3);

	ck_assert_msg(strncmp(svg, "<svg", 4) == 0 ||
	    strncmp(svg, "<?xml", 5) == 0, "%.80s", svg);
	ck_assert_msg(strstr(svg, "<script>") == NULL, "%s", svg);
	ck_assert_msg(strstr(svg, "&lt;script&gt;x&amp;y") != NULL, "%s", svg);
	ck_assert_msg(strstr(svg, "</svg>") != NULL, "%s", svg);
	free(svg);
	model_trace_free(t);
}
END_TEST

/* ...and never a terminal escape or broken UTF-8 in any format. */
START_TEST(controls_and_bad_bytes_come_out_inert)
{
	struct model_trace *t = trace_with_pointer_named("\x1b[31mred\xff");
	char *md = written(md_of_step, t, 3);
	struct strbuf b = { 0 };
	char *clean;

	ck_assert_msg(strchr(md, '\x1b') == NULL, "%s", md);
	/* Markdown escapes the cleaned text's backslashes and brackets too */
	ck_assert_msg(strstr(md, "\\\\x1b\\[31mred\\\\xff") != NULL, "%s", md);
	export_clean("a\tb\xc2\x85" "c", &b);	/* a tab, a C1 control (NEL) */
	clean = strbuf_take(&b);
	ck_assert_str_eq(clean, "a\\x09b\\u0085c");
	free(clean);
	free(md);
	model_trace_free(t);
}
END_TEST

START_TEST(output_becomes_a_c_string_literal)
{
	char *q = export_c_quoted("say \"hi\"\n\t\\", 11);

	ck_assert_str_eq(q, "\"say \\\"hi\\\"\\n\\t\\\\\"");
	free(q);
}
END_TEST

static Suite *
export_suite(void)
{
	Suite	*su = suite_create("export");
	TCase	*tc = tcase_create("export");

	tcase_add_test(tc, markdown_holds_the_book_table);
	tcase_add_test(tc, json_is_one_line_per_step_with_every_variable);
	tcase_add_test(tc, markup_in_a_name_is_escaped_in_svg);
	tcase_add_test(tc, controls_and_bad_bytes_come_out_inert);
	tcase_add_test(tc, output_becomes_a_c_string_literal);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner	*sr = srunner_create(export_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
