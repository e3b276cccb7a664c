/*
 * check_fuzz.c — the fuzz target over the seed corpus (real traces of the
 * demos) and over every input the fuzzer has found (tests/fuzz-regressions),
 * so that what was once found stays fixed in every build, sanitizers
 * included.  The long fuzzing run itself is `make fuzz`.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_decode.h"
#include "wire/wire_decode.h"
#include "testlib.h"

/*
 * Replays every file of a folder.  Seeds must be traces of this version:
 * a seed the decoder turns away at its header tests nothing.
 */
static size_t
run_dir(const char *rel, bool seeds)
{
	char *dir = tl_path("SH_TOP_SRCDIR", rel);
	struct dirent *e;
	size_t ran = 0;
	DIR *d = opendir(dir);

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		char *path;
		FILE *f;
		uint8_t *buf;
		long n;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0)
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			abort();
		f = fopen(path, "rb");
		ck_assert_msg(f != NULL, "cannot open %s", path);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		buf = malloc(n > 0 ? (size_t)n : 1);
		ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
		fclose(f);
		if (seeds) {
			char *cause = NULL;

			ck_assert_msg(wire_decode_header(buf, (size_t)n, &cause) ==
			    WIRE_OK, "%s: %s (record it again)", path,
			    cause != NULL ? cause : "short");
		}
		fuzz_decode_one(buf, (size_t)n);
		free(buf);
		free(path);
		ran++;
	}
	closedir(d);
	free(dir);
	return ran;
}

START_TEST(seed_corpus)
{
	ck_assert_uint_ge(run_dir("tests/fuzz-corpus", true), 3);
}
END_TEST

START_TEST(everything_the_fuzzer_found)
{
	run_dir("tests/fuzz-regressions", false);
}
END_TEST

static Suite *
fuzz_suite(void)
{
	Suite *s = suite_create("fuzz");
	TCase *tc = tcase_create("replay");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, seed_corpus);
	tcase_add_test(tc, everything_the_fuzzer_found);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fuzz_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
