/*
 * check_lines.c — programs with no stackheap header, built by stackheap-cc
 * with gcc and with clang, stepped line by line with every variable from
 * their debug information:
 *   - plain programs (tests/plain) against golden book and JSON dumps;
 *   - what a step shows, read from `dump --json`: values, the heap's types,
 *     one step per line;
 *   - the six seed demos (plain C, narrated by `say:` comments) draw the
 *     seed's tables, in order;
 *   - at -O2, every value shown is the one the program itself logged, or
 *     is shown as optimized out or unavailable: never a wrong one;
 *   - every kind of write a line step could miss (through a pointer into
 *     another frame, the C library's, a struct copy, a global, a signal
 *     handler's, another thread's, before a longjmp, under qsort: see
 *     tests/prog_writes.c) shows at the very next line step;
 *   - values not written yet (tests/plain/uninit.c, list.c's new nodes)
 *     are marked uninitialized in every view, written ones never, except
 *     the documented case of a program storing the fill pattern itself.
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
static const char *const plain[] = { "list", "tree", "kinds", "strings",
	"uninit" };
#define NPLAIN 5
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

static void
against_golden(const char *text, const char *name, const char *cc,
    const char *kind)
{
	char *rel, *path, *want, *got = tl_mask_addresses(text);
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

/* --- uninitialized values ---------------------------------------------------- */

#define UNSET "<uninitialized>"

/* Whether a JSON value is the uninitialized mark. */
static bool
unset(const struct tl_json *v)
{
	return v != NULL && v->kind == TJ_STRING && strcmp(v->text, UNSET) == 0;
}

/* The value of frame's variable name. */
static const struct tl_json *
value_of(const struct tl_json *frame, const char *name)
{
	const struct tl_json *var = var_named(frame, name);

	ck_assert_msg(var != NULL, "no variable %s", name);
	return tl_json_get(var, "value");
}

/* The value of step's heap block of type type and size size. */
static const struct tl_json *
block_of(const struct tl_json *step, const char *type, double size)
{
	const struct tl_json *heap = tl_json_get(step, "heap");
	size_t i;

	for (i = 0; heap != NULL && i < heap->n; i++) {
		const char *t = tl_json_str(&heap->items[i], "type");

		if (t != NULL && strcmp(t, type) == 0 &&
		    tl_json_num(&heap->items[i], "size", 0) == size)
			return tl_json_get(&heap->items[i], "value");
	}
	ck_abort_msg("no %s block of %g bytes", type, size);
	return NULL;
}

/*
 * uninit.c before `x = 0;` (line 24): every local declared without an
 * initializer, each field and element, malloc's bytes are marked; calloc's
 * are zeros.  The program's own copy of its compiler's pattern is marked
 * (the man page says so), the other compiler's is the number it is.
 */
START_TEST(unwritten_values_are_marked)
{
	const char *cc = compilers[_i];
	bool gcc = strcmp(cc, "gcc") == 0;
	size_t n, i;
	char *dir;
	struct tl_json **steps = list_steps("uninit", cc, &n, &dir);
	const struct tl_json *step = line_step(steps, n, "main", 24);
	const struct tl_json *frame = innermost(step), *s, *arr, *buf, *v;

	ck_assert_ptr_nonnull(step);
	ck_assert(unset(value_of(frame, "x")));
	s = value_of(frame, "s");
	ck_assert(unset(tl_json_get(s, "a")) && unset(tl_json_get(s, "b")));
	arr = value_of(frame, "arr");
	for (i = 0; i < 3; i++)
		ck_assert(unset(&arr->items[i]));
	buf = value_of(frame, "buf");
	for (i = 0; i < 8; i++)
		ck_assert(unset(&buf->items[i]));
	ck_assert(!unset(value_of(frame, "p")));	/* written: a pointer */
	v = block_of(step, "struct pair", 16);
	ck_assert(unset(tl_json_get(v, "a")) && unset(tl_json_get(v, "b")));
	v = block_of(step, "int", 8);	/* calloc'd and malloc'd, in order */
	ck_assert_double_eq(v->items[0].number, 0);
	ck_assert_double_eq(v->items[1].number, 0);
	v = value_of(frame, gcc ? "gcc_fill" : "clang_fill");
	ck_assert_msg(unset(v), "%s: its own pattern, stored, is marked", cc);
	v = value_of(frame, gcc ? "clang_fill" : "gcc_fill");
	ck_assert_double_eq(v->number, gcc ? -1431655766.0 : -16843010.0);
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/*
 * uninit.c as it writes: a written value is never marked (x = 0), a
 * struct and an array are marked member by member until each is set, the
 * realloc's kept part keeps its values and its new tail is marked, and a
 * heap byte the program sets to the heap's fill (0xfe) is marked.
 */
START_TEST(written_values_are_not)
{
	const char *cc = compilers[_i];
	size_t n;
	char *dir;
	struct tl_json **steps = list_steps("uninit", cc, &n, &dir);
	const struct tl_json *step = line_step(steps, n, "main", 33);
	const struct tl_json *frame = innermost(step), *s, *arr, *v;

	ck_assert_ptr_nonnull(step);
	ck_assert_double_eq(value_of(frame, "x")->number, 0);
	s = value_of(frame, "s");
	ck_assert_double_eq(tl_json_num(s, "a", -1), 1);
	ck_assert(unset(tl_json_get(s, "b")));
	arr = value_of(frame, "arr");
	ck_assert(unset(&arr->items[0]) && unset(&arr->items[2]));
	ck_assert_double_eq(arr->items[1].number, 7);
	v = block_of(step, "struct pair", 16);
	ck_assert_double_eq(tl_json_num(v, "a", -1), 5);
	ck_assert(unset(tl_json_get(v, "b")));
	v = block_of(step, "int", 16);	/* grow, after the realloc */
	ck_assert_uint_eq(v->n, 4);
	ck_assert_double_eq(v->items[0].number, 1);
	ck_assert_double_eq(v->items[1].number, 2);
	ck_assert(unset(&v->items[2]) && unset(&v->items[3]));
	v = block_of(step, "unsigned char", 2);
	ck_assert(unset(&v->items[0]));	/* 0xfe, stored: the documented case */
	ck_assert_double_eq(v->items[1].number, 1);
	v = value_of(innermost(line_step(steps, n, "main", 34)), "buf");
	ck_assert_double_eq(v->items[0].number, 'h');
	ck_assert_double_eq(v->items[2].number, 0);
	ck_assert(unset(&v->items[3]));
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/* The row of name in a dump's section about to run file:line: its value. */
static char *
row_value(const char *dump_text, const char *at, const char *name)
{
	const char *p = strstr(dump_text, at), *end, *line;
	size_t len = strlen(name);

	ck_assert_msg(p != NULL, "no step at %s", at);
	end = strstr(p, "\n== step");
	for (line = strchr(p, '\n'); line != NULL && (end == NULL || line < end);
	    line = strchr(line + 1, '\n')) {
		const char *q = line, *nl = strchr(line + 1, '\n');

		/* the name as a word of this line ("0x…x" is not x) */
		while ((q = strstr(q + 1, name)) != NULL &&
		    (nl == NULL || q < nl) && (q[-1] != ' ' || q[len] != ' '))
			continue;
		if (q == NULL || (nl != NULL && q > nl))
			continue;
		for (q += len; *q == ' '; q++)
			continue;
		return strndup(q, nl != NULL ? (size_t)(nl - q) : strlen(q));
	}
	ck_abort_msg("no row %s at %s", name, at);
	return NULL;
}

/* The row name's value in the dump after the step titled at, is want. */
static void
assert_row(const char *dump, const char *at, const char *name,
    const char *want)
{
	char *v = row_value(dump, at, name);

	ck_assert_str_eq(v, want);
	free(v);
}

/* The same marks in the book view ("?") and the real one. */
START_TEST(marks_in_the_book_and_real_views)
{
	const char *cc = compilers[_i];
	char *dir = temp_dir(), *prog, *source = tl_path("SH_TOP_SRCDIR",
	    "tests/plain/uninit.c"), *book, *real;

	if (asprintf(&prog, "%s/uninit", dir) < 0)
		abort();
	build(source, prog, cc, "-O0");
	book = dump(prog, "--book", NULL);
	real = dump(prog, "--real", NULL);
	assert_row(book, "uninit.c:24\n", "x", "?");
	assert_row(book, "uninit.c:24\n", "s", "{a: ?, b: ?}");
	assert_row(book, "uninit.c:25\n", "x", "0");
	assert_row(book, "uninit.c:26\n", "s", "{a: 1, b: ?}");
	assert_row(real, "uninit.c:24\n", "x", "(uninitialized)");
	assert_row(real, "uninit.c:13\n", "p", "(uninitialized)");	/* not declared yet */
	free(book);
	free(real);
	free(prog);
	free(source);
	remove_dir(dir);
}
END_TEST

/* --- pointers and long arrays ---------------------------------------------- */

/* The "points_to" of a variable of frame, or of element i of it if i >= 0. */
static const struct tl_json *
points_to(const struct tl_json *frame, const char *name, int i)
{
	const struct tl_json *v = var_named(frame, name), *to;

	ck_assert_msg(v != NULL, "no variable %s", name);
	to = tl_json_get(v, "points_to");
	ck_assert_msg(to != NULL, "%s has no points_to", name);
	if (i < 0)
		return to;
	ck_assert_uint_gt(to->n, (size_t)i);
	return &to->items[i];
}

/* The book dump of tests/plain/name.c, built with cc. */
static char *
book_of(const char *name, const char *cc)
{
	char *dir = temp_dir(), *rel, *source, *prog, *book;

	if (asprintf(&rel, "tests/plain/%s.c", name) < 0 ||
	    asprintf(&prog, "%s/%s", dir, name) < 0)
		abort();
	source = tl_path("SH_TOP_SRCDIR", rel);
	build(source, prog, cc, "-O0");
	book = dump(prog, "--book", NULL);
	free(prog);
	free(source);
	free(rel);
	remove_dir(dir);
	return book;
}

static void
assert_has(const char *text, const char *want)
{
	ck_assert_msg(strstr(text, want) != NULL, "no \"%s\" in the dump", want);
}

/*
 * K&R's lineptr: ten pointers into one buffer say which of its chars each
 * starts at ("one\0two\0three\0" puts the fourth at 14), and a walk p++
 * over an int array names element 0, 1, ... 4, then one past the end.
 */
START_TEST(pointers_name_their_element)
{
	size_t n, i, walked = 0;
	char *dir, *book;
	struct tl_json **steps = list_steps("lineptr", compilers[_i], &n, &dir);
	const struct tl_json *frame = innermost(line_step(steps, n, "main", 36));
	const struct tl_json *p;
	const char *buffer = tl_json_str(points_to(frame, "lineptr", 0), "slot");
	char *want;

	ck_assert_ptr_nonnull(buffer);
	ck_assert_int_eq(buffer[0], 's');	/* allocbuf, a global */
	for (i = 0; i < 10; i++) {
		const struct tl_json *to = points_to(frame, "lineptr", (int)i);

		ck_assert_str_eq(tl_json_str(to, "slot"), buffer);
		if (i > 0)
			ck_assert_double_gt(tl_json_num(to, "element", -1),
			    tl_json_num(points_to(frame, "lineptr", (int)i - 1),
			    "element", -1));
	}
	ck_assert_double_eq(tl_json_num(points_to(frame, "lineptr", 3),
	    "element", -1), 14);
	for (i = 0; i < n; i++) {
		if (strcmp(tl_json_str(steps[i], "event"), "line") != 0 ||
		    tl_json_num(steps[i], "line", 0) != 35)
			continue;
		p = points_to(innermost(steps[i]), "p", -1);
		ck_assert_double_eq(tl_json_num(p, "element", -1), (double)walked);
		walked++;
	}
	ck_assert_uint_eq(walked, 5);
	p = points_to(frame, "p", -1);
	ck_assert_double_eq(tl_json_num(p, "element", -1), 5);
	ck_assert_str_eq(tl_json_str(p, "state"), "one past the end");
	book = book_of("lineptr", compilers[_i]);
	if (asprintf(&want, "→ %s [14]", buffer) < 0)
		abort();
	assert_has(book, want);
	free(want);
	assert_has(book, "[5] (one past the end)");
	free(book);
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/*
 * A pointer to a local of a function that returned is dangling; a pointer
 * to a heap array's element 10 of 10 is one past its end, to 11 out of
 * its bounds.
 */
START_TEST(dangling_locals_and_pointers_past_the_end)
{
	size_t n;
	char *dir, *book;
	struct tl_json **steps = list_steps("dangle", compilers[_i], &n, &dir);
	const struct tl_json *frame = innermost(line_step(steps, n, "main", 23));
	const struct tl_json *dead, *end, *bad;

	ck_assert_ptr_nonnull(frame);
	dead = points_to(frame, "dead", -1);
	ck_assert_str_eq(tl_json_str(dead, "state"), "dangling");
	ck_assert_str_eq(tl_json_str(dead, "frame"), "returned");
	end = points_to(frame, "end", -1);
	ck_assert_str_eq(tl_json_str(end, "slot"), "(2^30) - 1");
	ck_assert_double_eq(tl_json_num(end, "element", -1), 10);
	ck_assert_str_eq(tl_json_str(end, "state"), "one past the end");
	bad = points_to(frame, "bad", -1);
	ck_assert_double_eq(tl_json_num(bad, "element", -1), 11);
	ck_assert_str_eq(tl_json_str(bad, "state"), "out of bounds");
	book = book_of("dangle", compilers[_i]);
	assert_has(book, "dead  → returned frame (dangling)");
	assert_has(book, "end   → (2^30) - 1 [10] (one past the end)");
	assert_has(book, "bad   → (2^30) - 1 [11] (out of bounds)");
	free(book);
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/*
 * A program that registers its pointers shows only them in the book; the
 * locals they point at are named, not numbered (no slot of theirs is in
 * the table), and never read as past the end of a shown neighbour.
 */
START_TEST(pointers_to_locals_left_out_name_them)
{
	char *book = book_of("curated", compilers[_i]);

	assert_has(book, "p     → count\n");
	assert_has(book, "q     → marks [2]\n");
	ck_assert_ptr_null(strstr(book, "out of bounds"));
	ck_assert_ptr_null(strstr(book, "4294967295"));
	free(book);
}
END_TEST

/*
 * K&R's daytab, const: read-only data is read from the program's file
 * (the runtime sends only writable data), and a char array of month
 * lengths reads as numbers, a char array of text as text.
 */
START_TEST(const_globals_and_char_tables)
{
	char *book = book_of("consts", compilers[_i]);

	assert_has(book, "daytab    [[0, 31, 28, 31, 30, 31, 30, 31, 31, 30, "
	    "31, 30, 31], [0, 31, 29,");
	assert_has(book, "greeting  \"day\"\n");
	assert_has(book, "name      [\"Illegal month\", \"January\", "
	    "\"February\", \"March\"]\n");
	assert_has(book, "asked     1\n");
	free(book);
}
END_TEST

/*
 * int x[n][m] with n = 3, m = 4: shown by element with its run-time
 * bounds, x[i][j] = 10 * i + j, once the first loop has filled it.
 */
START_TEST(variable_length_arrays_by_element)
{
	size_t n;
	char *dir;
	struct tl_json **steps = list_steps("vla", compilers[_i], &n, &dir);
	const struct tl_json *frame = innermost(line_step(steps, n, "fill", 14));
	const struct tl_json *x = var_named(frame, "x"), *value;

	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(tl_json_str(x, "type"), "int[3][4]");
	value = tl_json_get(x, "value");
	ck_assert_int_eq(value->kind, TJ_ARRAY);
	ck_assert_uint_eq(value->n, 3);
	ck_assert_uint_eq(value->items[2].n, 4);
	ck_assert_double_eq(value->items[2].items[3].number, 23);
	ck_assert_double_eq(value->items[1].items[0].number, 10);
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/*
 * A program's arguments, above main's frame: argv shows its strings,
 * a char * to one its text, from main's first line.
 */
START_TEST(arguments_show_their_text)
{
	char *dir = temp_dir(), *source = tl_path("SH_TOP_SRCDIR",
	    "tests/plain/args.c"), *prog;
	struct tl_run r;

	if (asprintf(&prog, "%s/args", dir) < 0)
		abort();
	build(source, prog, compilers[_i], "-O0");
	tl_stackheap((char *[]){ "dump", "--book", "--", prog, "hello", NULL },
	    60, &r);
	ck_assert_msg(r.status == 0, "dump: %s", r.err);
	assert_has(r.out, "first  \"hello\"");
	assert_has(r.out, "args\", \"hello\"]");
	tl_run_free(&r);
	free(prog);
	free(source);
	remove_dir(dir);
}
END_TEST

/*
 * The "done when": in list.c's push, the node malloc made is
 * marked until its fields are set, one by one.
 */
START_TEST(a_new_node_is_marked_until_set)
{
	size_t n;
	char *dir;
	struct tl_json **steps = list_steps("list", compilers[_i], &n, &dir);
	const struct tl_json *node;

	node = block_of(line_step(steps, n, "push", 15), "struct node", 16);
	ck_assert(unset(tl_json_get(node, "value")));
	ck_assert(unset(tl_json_get(node, "next")));
	node = block_of(line_step(steps, n, "push", 16), "struct node", 16);
	ck_assert_double_eq(tl_json_num(node, "value", -1), 10);
	ck_assert(unset(tl_json_get(node, "next")));
	node = block_of(line_step(steps, n, "push", 17), "struct node", 16);
	ck_assert_str_eq(tl_json_str(node, "next"), "0x0");
	free_steps(steps, n);
	remove_dir(dir);
}
END_TEST

/*
 * A 1024-slot hash table's one key shows among its empty slots, and an
 * array of 40 different values says how many it leaves out.
 */
START_TEST(long_arrays_say_what_they_leave_out)
{
	char *book = book_of("hash", compilers[_i]);

	assert_has(book, "table    [0 ×116, 7, 0 ×907]");
	assert_has(book, "squares  [0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, "
	    "121, 144, 169, 196, 225, …, 24 more]");
	free(book);
}
END_TEST

/* --- the seed demos, with either compiler ------------------------------------ */

START_TEST(seed_demos_draw_the_seed_tables)
{
	const char *name = seed_demos[_i / NCOMPILERS];
	const char *cc = compilers[_i % NCOMPILERS];
	char *dir = temp_dir(), *source, *prog, *rel, *src_rel, *tables, *book;
	char *path, *missing;
	struct tl_tables want, got;

	if (asprintf(&prog, "%s/%s", dir, name) < 0 ||
	    asprintf(&rel, "%s.tables", name) < 0 ||
	    asprintf(&src_rel, "demos/%s.c", name) < 0)
		abort();
	source = tl_path("SH_TOP_SRCDIR", src_rel);
	free(src_rel);
	build(source, prog, cc, "-O0");
	book = dump(prog, "--book", NULL);
	path = tl_path("SH_SEED_TABLES", rel);
	tables = tl_read_file(path);
	free(path);
	ck_assert_ptr_nonnull(tables);
	tl_parse_seed_tables(tables, &want);
	tl_parse_dump(book, &got);
	missing = tl_tables_in_order(&want, &got);
	ck_assert_msg(missing == NULL, "%s (%s): %s", name, cc,
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
compare_with_log(struct tl_json **steps, size_t n, const char *log,
    const char *cc)
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
			    "%s, step %zu: %s shown as %s, the program had %ld",
			    cc, i + 1, name, value->text, want);
			compared++;
		}
	}
	return compared;
}

/*
 * Builds tests/prog_NAME.c by stackheap-cc with cc and opt, dumps it as
 * JSON, and hands the steps and what the program logged on its standard
 * error to judge; returns what judge returns.
 */
typedef unsigned judge_fn(struct tl_json **, size_t, const char *log,
    const char *cc);

static unsigned
judge_logged_program(const char *name, const char *cc, const char *opt,
    judge_fn *judge)
{
	char *dir = temp_dir(), *prog, *rel, *source, *json, *err;
	struct tl_json **steps;
	unsigned verdict;
	size_t n;

	if (asprintf(&prog, "%s/%s", dir, name) < 0 ||
	    asprintf(&rel, "tests/prog_%s.c", name) < 0)
		abort();
	source = tl_path("SH_TOP_SRCDIR", rel);
	build(source, prog, cc, opt);
	json = dump(prog, "--json", &err);
	steps = json_steps(json, &n);
	verdict = judge(steps, n, err, cc);
	free_steps(steps, n);
	free(json);
	free(err);
	free(prog);
	free(source);
	free(rel);
	remove_dir(dir);
	return verdict;
}

START_TEST(optimized_values_are_right_or_marked)
{
	ck_assert_uint_gt(judge_logged_program("optvals", compilers[_i], "-O2",
	    compare_with_log), 0);
}
END_TEST

/* --- writes a line step must see ---------------------------------------------------- */

/* The variable called name in a frame of step (innermost first), or a global. */
static const struct tl_json *
visible_var(const struct tl_json *step, const char *name)
{
	const struct tl_json *frames = tl_json_get(step, "frames"), *v;
	const struct tl_json *globals = tl_json_get(step, "globals");
	size_t i;

	for (i = frames != NULL ? frames->n : 0; i > 0; i--)
		if ((v = var_named(&frames->items[i - 1], name)) != NULL)
			return v;
	for (i = 0; globals != NULL && i < globals->n; i++)
		if (strcmp(tl_json_str(&globals->items[i], "name"), name) == 0)
			return &globals->items[i];
	return NULL;
}

/* The value of the heap block at address (a "0x..." string), or NULL. */
static const struct tl_json *
block_at(const struct tl_json *step, const char *address)
{
	const struct tl_json *heap = tl_json_get(step, "heap");
	size_t i;

	for (i = 0; heap != NULL && i < heap->n; i++)
		if (strcmp(tl_json_str(&heap->items[i], "address"), address) == 0)
			return tl_json_get(&heap->items[i], "value");
	return NULL;
}

/* Element k of value: of an array, or of the heap block a pointer points to. */
static const struct tl_json *
element(const struct tl_json *step, const struct tl_json *value, size_t k)
{
	if (value != NULL && value->kind == TJ_STRING &&
	    strncmp(value->text, "0x", 2) == 0)
		value = block_at(step, value->text);
	if (value != NULL && value->kind == TJ_ARRAY)
		return k < value->n ? &value->items[k] : NULL;
	return k == 0 ? value : NULL;
}

/*
 * What step shows of path, prog_writes's way of naming a value: a
 * variable, then `.field` or `[index]`s; `*p` is p[0].
 */
static const struct tl_json *
shown(const struct tl_json *step, const char *path)
{
	char name[64];
	const struct tl_json *value;
	bool deref = path[0] == '*';
	size_t n;

	path += deref;
	n = strcspn(path, ".[");
	ck_assert_uint_lt(n, sizeof name);
	memcpy(name, path, n);
	name[n] = '\0';
	value = visible_var(step, name);
	value = value != NULL ? tl_json_get(value, "value") : NULL;
	if (deref)
		value = element(step, value, 0);
	for (path += n; value != NULL && *path != '\0';) {
		if (*path == '[') {
			value = element(step, value, strtoul(path + 1, NULL, 10));
			path = strchr(path, ']') + 1;
		} else {
			n = strcspn(path + 1, ".[");
			memcpy(name, path + 1, n);
			name[n] = '\0';
			value = tl_json_get(value, name);
			path += 1 + n;
		}
	}
	return value;
}

/* The first line step about to run line, in any function, or NULL. */
static const struct tl_json *
first_step_at(struct tl_json **steps, size_t n, int line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(tl_json_str(steps[i], "event"), "line") == 0 &&
		    tl_json_num(steps[i], "line", 0) == line)
			return steps[i];
	return NULL;
}

/*
 * Each "log LINE NAME VALUE" of prog_writes against the first line step
 * at LINE: every one must be there, and right.
 */
static unsigned
check_writes_log(struct tl_json **steps, size_t nsteps, const char *log,
    const char *cc)
{
	const char *p;
	unsigned checked = 0;

	for (p = log; (p = strstr(p, "log ")) != NULL; p++) {
		char path[64];
		int line;
		long want;
		const struct tl_json *step, *value;

		if (sscanf(p, "log %d %63s %ld", &line, path, &want) != 3)
			continue;
		step = first_step_at(steps, nsteps, line);
		ck_assert_msg(step != NULL, "%s: no line step at line %d", cc, line);
		value = shown(step, path);
		ck_assert_msg(value != NULL && value->kind == TJ_NUMBER &&
		    value->number == (double)want, "%s, line %d: %s shown as %s, "
		    "the program had %ld", cc, line, path, value != NULL &&
		    value->text != NULL ? value->text : "nothing", want);
		checked++;
	}
	return checked;
}

START_TEST(every_kind_of_write_shows_at_the_next_step)
{
	ck_assert_uint_ge(judge_logged_program("writes", compilers[_i],
	    "-pthread", check_writes_log), 23);
}
END_TEST

/* prog_flags's verdict: every combination of flags came back from the probe. */
static unsigned
flags_all_kept(struct tl_json **steps, size_t n, const char *log,
    const char *cc)
{
	(void)steps;
	(void)n;
	ck_assert_msg(strstr(log, "flags ok 64\n") != NULL, "%s: %s", cc, log);
	return 64;
}

START_TEST(the_probe_keeps_the_flags)
{
	ck_assert_uint_eq(judge_logged_program("flags", compilers[_i], "-O0",
	    flags_all_kept), 64);
}
END_TEST

/*
 * prog_stores: 1500 live blocks, more than a line step compares whole;
 * what the program and its second thread stored through pointers must
 * show all the same (the store log, src/runtime/rt_stores.c).  Its last
 * step: g_head's list, node k holding k (k + 5000 beyond the first 1024,
 * the second thread's) and pointing to node k - 1.
 */
START_TEST(stores_show_beyond_the_blocks_compared_whole)
{
	char *dir = temp_dir(), *prog, *source;
	const struct tl_json *heads, *value;
	const char *at;
	struct tl_json *last;
	struct tl_run r;
	long k;

	if (asprintf(&prog, "%s/stores", dir) < 0)
		abort();
	source = tl_path("SH_TOP_SRCDIR", "tests/prog_stores.c");
	build(source, prog, compilers[_i], "-pthread");
	tl_stackheap((char *[]){ "dump", "--json", "--last", "--", prog, NULL },
	    60, &r);
	ck_assert_msg(r.status == 0, "dump: %s", r.err);
	last = tl_json_parse(r.out);
	ck_assert_ptr_nonnull(last);
	heads = visible_var(last, "g_head");
	ck_assert_ptr_nonnull(heads);
	at = tl_json_str(heads, "value");
	for (k = 1499; k >= 0; k--) {
		value = block_at(last, at);
		ck_assert_msg(value != NULL && value->kind == TJ_OBJECT,
		    "%s: node %ld at %s not shown", compilers[_i], k, at);
		ck_assert_msg(tl_json_num(value, "value", -1) ==
		    (double)(k >= 1024 ? k + 5000 : k), "%s: node %ld holds %g",
		    compilers[_i], k, tl_json_num(value, "value", -1));
		at = tl_json_str(value, "next");
	}
	ck_assert_str_eq(at, "0x0");
	tl_json_free(last);
	tl_run_free(&r);
	free(source);
	free(prog);
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
	tcase_add_loop_test(tc, unwritten_values_are_marked, 0, NCOMPILERS);
	tcase_add_loop_test(tc, written_values_are_not, 0, NCOMPILERS);
	tcase_add_loop_test(tc, marks_in_the_book_and_real_views, 0,
	    NCOMPILERS);
	tcase_add_loop_test(tc, a_new_node_is_marked_until_set, 0, NCOMPILERS);
	tcase_add_loop_test(tc, pointers_name_their_element, 0, NCOMPILERS);
	tcase_add_loop_test(tc, dangling_locals_and_pointers_past_the_end, 0,
	    NCOMPILERS);
	tcase_add_loop_test(tc, long_arrays_say_what_they_leave_out, 0,
	    NCOMPILERS);
	tcase_add_loop_test(tc, variable_length_arrays_by_element, 0,
	    NCOMPILERS);
	tcase_add_loop_test(tc, arguments_show_their_text, 0, NCOMPILERS);
	tcase_add_loop_test(tc, pointers_to_locals_left_out_name_them, 0,
	    NCOMPILERS);
	tcase_add_loop_test(tc, const_globals_and_char_tables, 0, NCOMPILERS);
	tcase_add_loop_test(tc, seed_demos_draw_the_seed_tables, 0,
	    NSEEDS * NCOMPILERS);
	tcase_add_loop_test(tc, every_kind_of_write_shows_at_the_next_step, 0,
	    NCOMPILERS);
	tcase_add_loop_test(tc, the_probe_keeps_the_flags, 0, NCOMPILERS);
	tcase_add_loop_test(tc, stores_show_beyond_the_blocks_compared_whole, 0,
	    NCOMPILERS);
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
