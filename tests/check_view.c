/*
 * check_view.c — unit tests for src/view that need no trace: how values
 * read (floats, structs, arrays, enums, bit-fields, the uninitialized
 * marks of each memory kind), the book's heap addresses, and the tables
 * every picture is made of (UTF-8 widths, markers, controls).
 * The views over real traces are tested in check_model and check_lines.
 */

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "stackheap.h"
#include "model/model_types.h"
#include "view/view_table.h"
#include "view/view_value.h"

static struct model_typetab	*tab;

static void
setup(void)
{
	tab = model_typetab_new();
}

static void
teardown(void)
{
	model_typetab_free(tab);
	tab = NULL;
}

/* The text of a value of type t, in the book view or the real one. */
static char *
text_as(const struct model_type *t, const void *bytes, size_t size,
    bool book, uint8_t init)
{
	struct view_value_ctx	 ctx = { .book = book, .arrow = "→",
				    .init = init };
	struct strbuf		 b = { 0 };

	view_value_format(&ctx, t, bytes, size, &b);
	return strbuf_take(&b);
}

#define ASSERT_TYPED(t, bytes, book, init, want) do {			\
	char	*got_ = text_as((t), (bytes), sizeof *(bytes), (book), (init)); \
									\
	ck_assert_msg(strcmp(got_, want) == 0, "%s reads '%s', not '%s'", \
	    #bytes, got_, want);					\
	free(got_);							\
} while (0)

/* The text of a value of a base type, as the views show it. */
static char *
text_of(unsigned code, const void *bytes, size_t size)
{
	struct view_value_ctx	 ctx = { 0 };
	struct strbuf		 b = { 0 };

	view_value_format(&ctx, model_type_from_code(tab, code, size), bytes,
	    size, &b);
	return strbuf_take(&b);
}

#define ASSERT_TEXT(code, type, value, want) do {			\
	type	 v_ = (value);						\
	char	*got_ = text_of(code, &v_, sizeof v_);			\
									\
	ck_assert_msg(strcmp(got_, want) == 0, "%s %s reads '%s', not '%s'", \
	    #type, #value, got_, want);					\
	free(got_);							\
} while (0)

/*
 * Floating values as C programmers read them: the fewest digits that read
 * back as the same value of their own type, laid out as %g does (10, not
 * 1e+01; 1e+06, not 1000000).
 */
START_TEST(test_floating_text)
{
	ASSERT_TEXT(SH_T_DOUBLE, double, 10.0, "10");
	ASSERT_TEXT(SH_T_DOUBLE, double, 3.14159, "3.14159");
	ASSERT_TEXT(SH_T_DOUBLE, double, 0.1, "0.1");
	ASSERT_TEXT(SH_T_DOUBLE, double, 1e30, "1e+30");
	ASSERT_TEXT(SH_T_DOUBLE, double, 100000.0, "100000");
	ASSERT_TEXT(SH_T_DOUBLE, double, 1e6, "1e+06");
	ASSERT_TEXT(SH_T_DOUBLE, double, 1234567.0, "1234567");
	ASSERT_TEXT(SH_T_DOUBLE, double, 0.0001, "0.0001");
	ASSERT_TEXT(SH_T_DOUBLE, double, 0.00001, "1e-05");
	ASSERT_TEXT(SH_T_DOUBLE, double, -2.5, "-2.5");
	ASSERT_TEXT(SH_T_DOUBLE, double, 0.0, "0");
	ASSERT_TEXT(SH_T_DOUBLE, double, 1.0 / 3, "0.3333333333333333");
	ASSERT_TEXT(SH_T_DOUBLE, double, HUGE_VAL, "inf");
	ASSERT_TEXT(SH_T_DOUBLE, double, -HUGE_VAL, "-inf");
	ASSERT_TEXT(SH_T_DOUBLE, double, NAN, "nan");
	/* a denormal has few digits of its own: no more are made up */
	ASSERT_TEXT(SH_T_DOUBLE, double, 5.93e-322, "5.93e-322");
	/* a float by a float's precision, not a double's */
	ASSERT_TEXT(SH_T_FLOAT, float, 10.0f, "10");
	ASSERT_TEXT(SH_T_FLOAT, float, 0.1f, "0.1");
	ASSERT_TEXT(SH_T_FLOAT, float, 1.0f / 3, "0.33333334");
	ASSERT_TEXT(SH_T_FLOAT, float, 16777216.0f, "16777216");
	ASSERT_TEXT(SH_T_LDOUBLE, long double, 10.0L, "10");
	ASSERT_TEXT(SH_T_LDOUBLE, long double, 0.1L, "0.1");
	ASSERT_TEXT(SH_T_LDOUBLE, long double, 1e30L, "1e+30");
}
END_TEST


struct point {
	int	x;
	int	y;
};

/* struct point { int x; int y; }, made as the debug information makes it. */
static const struct model_type *
point_type(void)
{
	const struct model_type *i32 = model_type_from_code(tab, SH_T_INT,
	    sizeof(int));
	struct model_field *f = model_typetab_alloc(tab, 2 * sizeof *f);
	struct model_type proto = { .kind = MT_STRUCT, .size = 8,
	    .name = "struct point", .fields = f, .nfields = 2 };

	f[0] = (struct model_field){ .name = "x", .offset = 0, .type = i32 };
	f[1] = (struct model_field){ .name = "y", .offset = 4, .type = i32 };
	return model_type_intern(tab, &proto);
}

START_TEST(a_struct_reads_field_by_field)
{
	struct point p = { 3, -4 };

	ASSERT_TYPED(point_type(), &p, true, MODEL_INIT_NONE, "{x: 3, y: -4}");
}
END_TEST

START_TEST(an_array_reads_element_by_element)
{
	int a[4] = { 1, 2, 3, 4 };
	const struct model_type *t = model_type_array_of(tab,
	    model_type_from_code(tab, SH_T_INT, sizeof(int)), 4);

	ASSERT_TYPED(t, &a, true, MODEL_INIT_NONE, "[1, 2, 3, 4]");
}
END_TEST

/* A half-set struct shows which half: each member is marked on its own. */
START_TEST(an_unset_member_is_marked_alone)
{
	struct point gcc = { 7, 0 }, heap = { 0, 9 };

	memset(&gcc.y, 0xfe, sizeof gcc.y);
	memset(&heap.x, SH_HEAP_FILL, sizeof heap.x);
	ASSERT_TYPED(point_type(), &gcc, true, MODEL_INIT_GCC, "{x: 7, y: ?}");
	ASSERT_TYPED(point_type(), &gcc, false, MODEL_INIT_GCC,
	    "{x: 7, y: (uninitialized)}");
	ASSERT_TYPED(point_type(), &heap, true, MODEL_INIT_HEAP, "{x: ?, y: 9}");
	/* static and registered memory is never marked, whatever it holds */
	ASSERT_TYPED(point_type(), &gcc, true, MODEL_INIT_NONE,
	    "{x: 7, y: -16843010}");
}
END_TEST

START_TEST(each_compiler_has_its_own_pattern)
{
	const struct model_type *i32 = model_type_from_code(tab, SH_T_INT, 4);
	const struct model_type *b = model_type_from_code(tab, SH_T_BOOL, 1);
	uint8_t fe[4] = { 0xfe, 0xfe, 0xfe, 0xfe }, aa[4] = { 0xaa, 0xaa, 0xaa, 0xaa };

	ck_assert(view_value_unset(i32, fe, 4, MODEL_INIT_GCC));
	ck_assert(!view_value_unset(i32, fe, 4, MODEL_INIT_CLANG));
	ck_assert(view_value_unset(i32, aa, 4, MODEL_INIT_CLANG));
	ck_assert(!view_value_unset(i32, aa, 4, MODEL_INIT_GCC));
	/* gcc's pattern for a _Bool is false: a real value, not a mark */
	ck_assert(!view_value_unset(b, fe, 1, MODEL_INIT_GCC));
	/* fewer bytes than the type: nothing to say */
	ck_assert(!view_value_unset(i32, fe, 2, MODEL_INIT_GCC));
}
END_TEST

START_TEST(a_bit_field_reads_its_bits)
{
	struct model_field f = { .name = "flag", .offset = 1, .bit_offset = 3,
	    .bit_size = 2, .type = model_type_from_code(tab, SH_T_UINT, 4) };
	uint8_t bytes[4] = { 0xff, 0x18, 0, 0 };	/* bits 11 and 12 */
	uint64_t v = 0;

	ck_assert(view_value_bit_field(&f, bytes, sizeof bytes, &v));
	ck_assert_uint_eq(v, 3);
	bytes[1] = 0x08;
	ck_assert(view_value_bit_field(&f, bytes, sizeof bytes, &v));
	ck_assert_uint_eq(v, 1);
}
END_TEST

START_TEST(the_book_counts_heap_slots_down_from_two_to_the_thirty)
{
	struct strbuf b = { 0 };
	char *s;

	view_heap_slot_text(1, &b);
	s = strbuf_take(&b);
	ck_assert_str_eq(s, "(2^30) - 1");
	free(s);
}
END_TEST

/* Columns are as wide as their widest cell on a terminal, not in bytes. */
START_TEST(a_table_measures_columns_in_terminal_cells)
{
	static const char *const headers[] = { "Address", "Name", "Value" };
	const char *row1[] = { "0", "p", "→ 1" };
	const char *row2[] = { "(2^30) - 1", "名前x", NULL };
	struct view_table t;
	size_t w[TABLE_MAXCOLS];

	view_table_init(&t, 3, headers);
	view_table_add(&t, ROWKIND_STACK, ROWFLAG_NEW, row1);
	view_table_add(&t, ROWKIND_HEAP, ROWFLAG_CHANGED, row2);
	view_table_widths(&t, w);
	ck_assert_uint_eq(w[0], strlen("(2^30) - 1"));
	ck_assert_uint_eq(w[1], 5);	/* two wide characters and one narrow */
	ck_assert_uint_eq(w[2], 5);	/* "Value" */
	ck_assert_str_eq(t.rows[1].cells[2], "");
	ck_assert_str_eq(view_row_marker(&t.rows[0]), "+");
	ck_assert_str_eq(view_row_marker(&t.rows[1]), "~");
	view_table_clear(&t);
	ck_assert_uint_eq(t.nrows, 0);
}
END_TEST

/* What a program prints must not drive the terminal. */
START_TEST(controls_and_bidi_marks_are_never_drawn)
{
	uint32_t cp;

	ck_assert(view_char_is_control(0x1b));
	ck_assert(view_char_is_control(0x9b));
	ck_assert(view_char_is_bidi(0x202e));
	ck_assert(!view_char_is_control('a'));
	ck_assert_int_eq(view_char_width(0x1b), 1);
	ck_assert_int_eq(view_char_width(0x4e00), 2);
	/* a bad byte is one '?' and moves on by one byte */
	ck_assert_uint_eq(view_utf8_decode("\xff" "a", &cp), 1);
	ck_assert_uint_eq(cp, '?');
	ck_assert_uint_eq(view_text_width("a\xffz"), 3);
}
END_TEST

static Suite *
view_suite(void)
{
	Suite	*s = suite_create("view");
	TCase	*tc = tcase_create("view");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_floating_text);
	tcase_add_test(tc, a_struct_reads_field_by_field);
	tcase_add_test(tc, an_array_reads_element_by_element);
	tcase_add_test(tc, an_unset_member_is_marked_alone);
	tcase_add_test(tc, each_compiler_has_its_own_pattern);
	tcase_add_test(tc, a_bit_field_reads_its_bits);
	tcase_add_test(tc, the_book_counts_heap_slots_down_from_two_to_the_thirty);
	tcase_add_test(tc, a_table_measures_columns_in_terminal_cells);
	tcase_add_test(tc, controls_and_bidi_marks_are_never_drawn);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(view_suite());
	int	 failed;

	/* widths as a UTF-8 terminal has them, as the viewer's main sets */
	setlocale(LC_CTYPE, "C.UTF-8");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
