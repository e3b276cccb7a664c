/*
 * check_util.c — unit tests for src/util: the allocation family (it never
 * returns NULL: it stops with one line instead, also when a size would
 * wrap), the growing string and base_name.
 */

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "util/util_alloc.h"
#include "util/util_str.h"

START_TEST(base_name_is_what_follows_the_last_slash)
{
	ck_assert_str_eq(base_name("/usr/lib/libc.so.6"), "libc.so.6");
	ck_assert_str_eq(base_name("list.c"), "list.c");
	ck_assert_str_eq(base_name("dir/"), "");
}
END_TEST

START_TEST(a_strbuf_grows_and_hands_its_text_over)
{
	struct strbuf b = { 0 };
	char *s;
	int i;

	for (i = 0; i < 1000; i++)
		strbuf_addf(&b, "%d,", i % 10);
	strbuf_add(&b, "end");
	ck_assert_uint_eq(b.len, 2003);
	ck_assert_uint_ge(b.cap, b.len + 1);
	s = strbuf_take(&b);
	ck_assert_uint_eq(strlen(s), 2003);
	ck_assert(strncmp(s, "0,1,2,", 6) == 0);
	ck_assert_str_eq(s + 2000, "end");
	ck_assert_ptr_null(b.s);
	ck_assert_uint_eq(b.len, 0);
	free(s);
}
END_TEST

START_TEST(an_empty_strbuf_hands_over_an_empty_string)
{
	struct strbuf b = { 0 };
	char *s = strbuf_take(&b);

	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(xgrow_doubles_only_when_full)
{
	size_t cap = 0;
	int *a = xgrow(NULL, &cap, 0, sizeof *a);

	ck_assert_uint_eq(cap, 8);
	a = xgrow(a, &cap, 7, sizeof *a);
	ck_assert_uint_eq(cap, 8);
	a = xgrow(a, &cap, 8, sizeof *a);
	ck_assert_uint_eq(cap, 16);
	a[15] = 1;
	free(a);
}
END_TEST

START_TEST(xmemdup_copies_and_keeps_null)
{
	uint8_t *p = xmemdup((const uint8_t *)"abc", 4);

	ck_assert_str_eq((char *)p, "abc");
	free(p);
	ck_assert_ptr_null(xmemdup(NULL, 4));
}
END_TEST

static bool
key_used(const void *e)
{
	return *(const uint64_t *)e != 0;
}

static void *
key_place(void *table, size_t cap, const void *e)
{
	uint64_t *t = table, k = *(const uint64_t *)e;
	size_t i = (size_t)k & (cap - 1);

	while (t[i] != 0 && t[i] != k)
		i = (i + 1) & (cap - 1);
	return &t[i];
}

/* Every used entry moves; none is lost or doubled; free ones stay free. */
START_TEST(xrehash_moves_every_entry_into_twice_the_room)
{
	size_t cap = 0, i, found = 0;
	uint64_t *t = xrehash(NULL, &cap, sizeof *t, key_used, key_place);
	uint64_t k;

	ck_assert_uint_eq(cap, 64);
	for (k = 1; k <= 40; k++)
		*(uint64_t *)key_place(t, cap, &k) = k * 64;	/* all collide */
	t = xrehash(t, &cap, sizeof *t, key_used, key_place);
	ck_assert_uint_eq(cap, 128);
	for (i = 0; i < cap; i++)
		found += t[i] != 0;
	ck_assert_uint_eq(found, 40);
	for (k = 1; k <= 40; k++) {
		uint64_t want = k * 64;

		ck_assert_uint_eq(*(uint64_t *)key_place(t, cap, &want), want);
	}
	free(t);
}
END_TEST

/* Under the sanitizers, a pointer it missed is a leak the run reports. */
START_TEST(xfree_each_frees_the_pointers_and_the_array)
{
	char **v = xcalloc(3, sizeof *v);

	v[0] = (char *)xmemdup((const uint8_t *)"a", 2);
	v[2] = (char *)xmemdup((const uint8_t *)"c", 2);
	xfree_each(v, 3);	/* v[1] NULL, as free allows */
	xfree_each(NULL, 0);
}
END_TEST

/* A size that would wrap must stop the viewer, not allocate a few bytes. */
START_TEST(xgrow_stops_when_the_size_would_wrap)
{
	size_t cap = SIZE_MAX / 2 + 1;

	(void)xgrow(NULL, &cap, cap, 4);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite *su = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, base_name_is_what_follows_the_last_slash);
	tcase_add_test(tc, a_strbuf_grows_and_hands_its_text_over);
	tcase_add_test(tc, an_empty_strbuf_hands_over_an_empty_string);
	tcase_add_test(tc, xgrow_doubles_only_when_full);
	tcase_add_test(tc, xmemdup_copies_and_keeps_null);
	tcase_add_test(tc, xfree_each_frees_the_pointers_and_the_array);
	tcase_add_test(tc, xrehash_moves_every_entry_into_twice_the_room);
	tcase_add_test_raise_signal(tc, xgrow_stops_when_the_size_would_wrap,
	    SIGABRT);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(util_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
