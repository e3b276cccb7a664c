/*
 * check_lines.c — programs with no stackheap header, built by stackheap-cc
 * with gcc and with clang, stepped line by line with every variable from
 * their debug information:
 *   - plain programs (tests/plain) against golden book and JSON dumps;
 *   - what a step shows, read from `dump --json`: values, the heap's types,
 *     one step per line;
 *   - the six seed demos with their SH_VAR lines taken out still draw the
 *     seed's tables, in order;
 *   - at -O2, every value shown is the one the program itself logged, or
 *     is shown as optimized out or unavailable: never a wrong one.
 * Set SH_REGENERATE=1 to write the goldens instead (then read the diff).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "tl_json.h"

static const char *const compilers[] = { "gcc", "clang" };
#define NCOMPILERS 2
static const char *const plain[] = { "list", "tree", "kinds", "strings" };
#define NPLAIN 4
static const char *const seed_demos[] = { "single", "two_frames",
	"three_deep", "box", "borrow", "complex" };
#define NSEEDS 6

static char *
temp_dir(void)
{
	char *dir = strdup("/tmp/stackheap-lines-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static void
remove_dir(char *dir)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) < 0)
		abort();
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Builds source into out with stackheap-cc and compiler cc, plus flags. */
static void
build(const char *source, const char *out, const char *cc, const char *opt)
{
	char *shcc = tl_path("SH_TOP_BUILDDIR", "stackheap-cc"), *env;
	struct tl_run r;

	if (asprintf(&env, "STACKHEAP_CC=%s", cc) < 0)
		abort();
	tl_run((char *[]){ shcc, tl_arg(opt), "-o", tl_arg(out),
	    tl_arg(source), NULL }, (char *[]){ env, NULL }, 120, &r);
	ck_assert_msg(r.status == 0, "stackheap-cc (%s) %s: %s", cc, source,
	    r.err);
	tl_run_free(&r);
	free(env);
	free(shcc);
}

/* `stackheap dump MODE -- prog`'s standard output; *err its stderr. */
static char *
dump(const char *prog, const char *mode, char **err)
{
	struct tl_run r;
	char *out;

	tl_stackheap((char *[]){ "dump", tl_arg(mode), "--", tl_arg(prog),
	    NULL }, 60, &r);
	ck_assert_msg(r.status == 0, "dump %s %s: exit %d: %s", mode, prog,
	    r.status, r.err);
	out = r.out;
	r.out = NULL;
	if (err != NULL) {
		*err = r.err;
		r.err = NULL;
	}
	tl_run_free(&r);
	return out;
}

static bool
is_hex(char c)
{
	return c != '\0' && strchr("0123456789abcdef", c) != NULL;
}

/* Addresses change from run to run: each 0x and its digits as 0xADDR. */
static char *
mask(const char *text)
{
	char *out = malloc(2 * strlen(text) + 8), *o = out;

	while (*text != '\0') {
		if (text[0] == '0' && text[1] == 'x' && is_hex(text[2])) {
			o = stpcpy(o, "0xADDR");
			for (text += 2; is_hex(*text); text++)
				continue;
		} else {
			*o++ = *text++;
		}
	}
	*o = '\0';
	return out;
}

static void
against_golden(const char *text, const char *name, const char *cc,
    const char *kind)
{
	char *rel, *path, *want, *got = mask(text);
	FILE *f;

	if (asprintf(&rel, "tests/golden/lines/%s.%s.%s", name, cc, kind) < 0)
		abort();
	path = tl_path("SH_TOP_SRCDIR", rel);
	if (getenv("SH_REGENERATE") != NULL) {
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(got, f);
		fclose(f);
	}
	want = tl_read_file(path);
	ck_assert_msg(want != NULL, "cannot read %s", path);
	if (strcmp(want, got) != 0) {	/* too long for a message: a file */
		char *saved;

		if (asprintf(&saved, "/tmp/stackheap-%s.%s.%s.got", name, cc,
		    kind) < 0)
			abort();
		f = fopen(saved, "w");
		ck_assert_ptr_nonnull(f);
		fputs(got, f);
		fclose(f);
		ck_abort_msg("%s differs: diff -u %s %s", path, path, saved);
	}
	free(want);
	free(got);
	free(path);
	free(rel);
}

/* Each line of a --json dump, parsed; *n of them. */
static struct tl_json **
json_steps(const char *text, size_t *n)
{
	struct tl_json **steps = NULL;
	const char *p = text;

	*n = 0;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);

		steps = realloc(steps, (*n + 1) * sizeof *steps);
		steps[*n] = tl_json_parse(line);
		ck_assert_msg(steps[*n] != NULL, "not JSON: %s", line);
		(*n)++;
		free(line);
		p += len + (nl != NULL);
	}
	return steps;
}

static void
free_steps(struct tl_json **steps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tl_json_free(steps[i]);
	free(steps);
}

/* The innermost frame of a step. */
static const struct tl_json *
innermost(const struct tl_json *step)
{
	const struct tl_json *frames = tl_json_get(step, "frames");

	return frames != NULL && frames->n > 0 ? &frames->items[frames->n - 1] :
	    NULL;
}

/* The variable called name in frame, or NULL. */
static const struct tl_json *
var_named(const struct tl_json *frame, const char *name)
{
	const struct tl_json *vars = tl_json_get(frame, "vars");
	size_t i;

	for (i = 0; vars != NULL && i < vars->n; i++)
		if (strcmp(tl_json_str(&vars->items[i], "name"), name) == 0)
			return &vars->items[i];
	return NULL;
}

/* The first line step about to run line in function fn, or NULL. */
static const struct tl_json *
line_step(struct tl_json **steps, size_t n, const char *fn, int line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tl_json_str(steps[i], "event"), "line") == 0 &&
		    strcmp(tl_json_str(steps[i], "function"), fn) == 0 &&
		    tl_json_num(steps[i], "line", 0) == line)
			return steps[i];
	return NULL;
}

/* --- plain programs ------------------------------------------------------ */

START_TEST(plain_programs_match_their_goldens)
{
	const char *name = plain[_i / NCOMPILERS], *cc = compilers[_i % NCOMPILERS];
	char *dir = temp_dir(), *rel, *source, *prog, *book, *json;

	if (asprintf(&rel, "tests/plain/%s.c", name) < 0 ||
	    asprintf(&prog, "%s/%s", dir, name) < 0)
		abort();
	source = tl_path("SH_TOP_SRCDIR", rel);
	build(source, prog, cc, "-O0");
	book = dump(prog, "--book", NULL);
	json = dump(prog, "--json", NULL);
	against_golden(book, name, cc, "book");
	against_golden(json, name, cc, "json");
	free(book);
	free(json);
	free(prog);
	free(source);
	free(rel);
	remove_dir(dir);
}
END_TEST

/* The JSON of list.c, built with compiler _i: n steps. */
static struct tl_json **
list_steps(const char *name, const char *cc, size_t *n, char **dir)
{
	char *rel, *source, *prog, *json;
	struct tl_json **steps;

	*dir = temp_dir();
	if (asprintf(&rel, "tests/plain/%s.c", name) < 0 ||
	    asprintf(&prog, "%s/%s", *dir, name) < 0)
		abort();
	source = tl_path("SH_TOP_SRCDIR", rel);
	build(source, prog, cc, "-O0");
	json = dump(prog, "--json", NULL);
	steps = json_steps(json, n);
	free(json);
	free(prog);
	free(source);
	free(rel);
	return steps;
}

/*
 * list.c before its printf (line 45): sum is 60, the three nodes are typed
 * struct node by the pointers to them and hold 30, 20, 10, and the loop's p
 * is out of scope.
 */
START_TEST(a_line_step_shows_every_variable)
{
	size_t n, i, nodes = 0;
	char *dir;
	struct tl_json **steps = list_steps("list", compilers[_i], &n, &dir);
	const struct tl_json *step = line_step(steps, n, "main", 45);
	const struct tl_json *frame = innermost(step), *sum, *heap;

	ck_assert_ptr_nonnull(step);
	sum = var_named(frame, "sum");
	ck_assert_ptr_nonnull(sum);
	ck_assert_double_eq(tl_json_num(sum, "value", -1), 60);
	ck_assert_ptr_null(var_named(frame, "p"));
	ck_assert_ptr_nonnull(var_named(frame, "list"));
	heap = tl_json_get(step, "heap");
	for (i = 0; heap != NULL && i < heap->n; i++) {
		const char *type = tl_json_str(&heap->items[i], "type");
		const struct tl_json *v = tl_json_get(&heap->items[i], "value");

		if (type == NULL || strcmp(type, "struct node") != 0)
			continue;
		nodes++;
		ck_assert_double_eq(fmod(tl_json_num(v, "value", -1), 10), 0);
	}
	ck_assert_uint_eq(nodes, 3);
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/* The same line twice in a row in the same frame is one step. */
START_TEST(one_step_per_line)
{
	size_t n, i;
	char *dir;
	struct tl_json **steps = list_steps("tree", compilers[_i], &n, &dir);

	for (i = 1; i < n; i++) {
		const struct tl_json *a = steps[i - 1], *b = steps[i];

		if (strcmp(tl_json_str(a, "event"), "line") != 0 ||
		    strcmp(tl_json_str(b, "event"), "line") != 0)
			continue;
		ck_assert_msg(tl_json_num(a, "line", 0) != tl_json_num(b, "line", 0)
		    || tl_json_get(a, "frames")->n != tl_json_get(b, "frames")->n ||
		    strcmp(tl_json_str(a, "function"), tl_json_str(b, "function")),
		    "steps %zu and %zu are both line %g", i, i + 1,
		    tl_json_num(b, "line", 0));
	}
	ck_assert_ptr_nonnull(line_step(steps, n, "insert", 13));
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/* kinds.c before its printf: bit-fields, strings, arrays, a shadowed x. */
START_TEST(values_of_every_kind)
{
	size_t n;
	char *dir;
	struct tl_json **steps = list_steps("kinds", compilers[_i], &n, &dir);
	const struct tl_json *step = line_step(steps, n, "main", 56);
	const struct tl_json *frame = innermost(step), *f, *grid, *name;

	ck_assert_ptr_nonnull(step);
	f = tl_json_get(var_named(frame, "f"), "value");
	ck_assert_double_eq(tl_json_num(f, "ready", -1), 1);
	ck_assert_double_eq(tl_json_num(f, "count", -1), 5);
	ck_assert_double_eq(tl_json_num(f, "mode", -1), 9);
	name = var_named(frame, "name");
	ck_assert_str_eq(tl_json_str(name, "text"), "grace");
	grid = tl_json_get(var_named(frame, "grid"), "value");
	ck_assert_double_eq(grid->items[1].items[2].number, 40);
	ck_assert_double_eq(tl_json_num(var_named(frame, "x"), "value", 0), 40);
	ck_assert_double_eq(tl_json_num(var_named(frame, "ratio"), "value", 0),
	    0.5);
	ck_assert_double_eq(tl_json_num(var_named(frame, "c"), "value", 0), 6);
	ck_assert_double_eq(tl_json_num(var_named(frame, "letter"), "value", 0),
	    'q');
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/* --- the seed demos, without SH_VAR ----------------------------------------- */

/* A copy of demo name's source without its SH_VAR and SH_GLOBAL lines. */
static void
strip_registrations(const char *name, const char *to)
{
	char *rel, *path, *text, *line, *save;
	FILE *f = fopen(to, "w");

	if (asprintf(&rel, "demos/%s.c", name) < 0)
		abort();
	path = tl_path("SH_TOP_SRCDIR", rel);
	text = tl_read_file(path);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(f);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "SH_VAR") == NULL && strstr(line, "SH_GLOBAL") == NULL)
			fprintf(f, "%s\n", line);
	fclose(f);
	free(text);
	free(path);
	free(rel);
}

START_TEST(seed_demos_without_registrations)
{
	const char *name = seed_demos[_i / NCOMPILERS];
	const char *cc = compilers[_i % NCOMPILERS];
	char *dir = temp_dir(), *source, *prog, *rel, *tables, *book, *missing;
	struct tl_tables want, got;

	if (asprintf(&source, "%s/%s.c", dir, name) < 0 ||
	    asprintf(&prog, "%s/%s", dir, name) < 0 ||
	    asprintf(&rel, "%s.tables", name) < 0)
		abort();
	strip_registrations(name, source);
	build(source, prog, cc, "-O0");
	book = dump(prog, "--book", NULL);
	tables = tl_read_file(tl_path("SH_SEED_TABLES", rel));
	ck_assert_ptr_nonnull(tables);
	tl_parse_seed_tables(tables, &want);
	tl_parse_dump(book, &got);
	missing = tl_tables_in_order(&want, &got);
	ck_assert_msg(missing == NULL, "%s (%s, no SH_VAR): %s", name, cc,
	    missing);
	tl_tables_free(&want);
	tl_tables_free(&got);
	free(tables);
	free(book);
	free(rel);
	free(prog);
	free(source);
	remove_dir(dir);
}
END_TEST

/* --- optimized code -------------------------------------------------------------- */

/* The value prog_optvals logged as "log CALL LINE NAME VALUE", if it did. */
static bool
logged(const char *log, long call, int line, const char *name, long *value)
{
	char *pattern;
	const char *p;

	if (asprintf(&pattern, "log %ld %d %s ", call, line, name) < 0)
		abort();
	p = strstr(log, pattern);
	if (p != NULL)
		*value = strtol(p + strlen(pattern), NULL, 10);
	free(pattern);
	return p != NULL;
}

/*
 * Each line step in work() that the program logged a variable at: what
 * stackheap shows of it is the logged value, or optimized out or
 * unavailable.  The k-th call of work() is the program's call k.
 */
static unsigned
compare_with_log(struct tl_json **steps, size_t n, const char *log)
{
	unsigned compared = 0;
	long call = 0, want;
	size_t i, v;

	for (i = 0; i < n; i++) {
		const char *event = tl_json_str(steps[i], "event");
		const char *fn = tl_json_str(steps[i], "function");
		const struct tl_json *vars;

		if (strcmp(event, "call") == 0 && strcmp(fn, "work") == 0)
			call++;
		if (strcmp(event, "line") != 0 || strcmp(fn, "work") != 0)
			continue;
		vars = tl_json_get(innermost(steps[i]), "vars");
		for (v = 0; vars != NULL && v < vars->n; v++) {
			const struct tl_json *value = tl_json_get(&vars->items[v],
			    "value");
			const char *name = tl_json_str(&vars->items[v], "name");

			if (!logged(log, call, (int)tl_json_num(steps[i], "line", 0),
			    name, &want) || value->kind != TJ_NUMBER)
				continue;
			ck_assert_msg(value->number == (double)want,
			    "step %zu: %s shown as %s, the program had %ld",
			    i + 1, name, value->text, want);
			compared++;
		}
	}
	return compared;
}

START_TEST(optimized_values_are_right_or_marked)
{
	const char *cc = compilers[_i];
	char *dir = temp_dir(), *prog, *source = tl_path("SH_TOP_SRCDIR",
	    "tests/prog_optvals.c"), *json, *err;
	struct tl_json **steps;
	size_t n;

	if (asprintf(&prog, "%s/optvals", dir) < 0)
		abort();
	build(source, prog, cc, "-O2");
	json = dump(prog, "--json", &err);
	steps = json_steps(json, &n);
	ck_assert_uint_gt(compare_with_log(steps, n, err), 0);
	free_steps(steps, n);
	free(json);
	free(err);
	free(prog);
	free(source);
	remove_dir(dir);
}
END_TEST

static Suite *
lines_suite(void)
{
	Suite *s = suite_create("lines");
	TCase *tc = tcase_create("lines");

	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, plain_programs_match_their_goldens, 0,
	    NPLAIN * NCOMPILERS);
	tcase_add_loop_test(tc, a_line_step_shows_every_variable, 0, NCOMPILERS);
	tcase_add_loop_test(tc, one_step_per_line, 0, NCOMPILERS);
	tcase_add_loop_test(tc, values_of_every_kind, 0, NCOMPILERS);
	tcase_add_loop_test(tc, seed_demos_without_registrations, 0,
	    NSEEDS * NCOMPILERS);
	tcase_add_loop_test(tc, optimized_values_are_right_or_marked, 0,
	    NCOMPILERS);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lines_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
