/*
 * check_types.c — unit tests for model_types.c: the fallback types made
 * from SH_VAR type codes (every base type, pointers, arrays seen through
 * _Generic's decay), interning, and the names of derived types.
 */

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "stackheap.h"
#include "model/model_types.h"

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

static const struct {
	unsigned		 code;
	enum model_type_kind	 kind;
	const char		*name;
	size_t			 size;
} base_types[] = {
	{ SH_T_BOOL, MT_BOOL, "_Bool", sizeof (_Bool) },
	{ SH_T_CHAR, MT_CHAR, "char", 1 },
	{ SH_T_SCHAR, MT_SINT, "signed char", 1 },
	{ SH_T_UCHAR, MT_UINT, "unsigned char", 1 },
	{ SH_T_SHORT, MT_SINT, "short", sizeof (short) },
	{ SH_T_USHORT, MT_UINT, "unsigned short", sizeof (short) },
	{ SH_T_INT, MT_SINT, "int", sizeof (int) },
	{ SH_T_UINT, MT_UINT, "unsigned int", sizeof (int) },
	{ SH_T_LONG, MT_SINT, "long", sizeof (long) },
	{ SH_T_ULONG, MT_UINT, "unsigned long", sizeof (long) },
	{ SH_T_LLONG, MT_SINT, "long long", sizeof (long long) },
	{ SH_T_ULLONG, MT_UINT, "unsigned long long", sizeof (long long) },
	{ SH_T_FLOAT, MT_FLOAT, "float", sizeof (float) },
	{ SH_T_DOUBLE, MT_FLOAT, "double", sizeof (double) },
	{ SH_T_LDOUBLE, MT_FLOAT, "long double", sizeof (long double) },
};

START_TEST(test_base_type)
{
	const struct model_type	*t;

	t = model_type_from_code(tab, base_types[_i].code,
	    base_types[_i].size);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->kind, base_types[_i].kind);
	ck_assert_str_eq(t->name, base_types[_i].name);
	ck_assert_uint_eq(t->size, base_types[_i].size);
	ck_assert_ptr_null(t->target);
	ck_assert_uint_eq(t->count, 0);
	ck_assert_ptr_eq(t, model_type_from_code(tab, base_types[_i].code,
	    base_types[_i].size));
}
END_TEST

START_TEST(test_generic_codes)
{
	int		 i = 0, a[4] = { 0 }, *ip = &i;
	char		 c = 0, str[6] = "hello";
	unsigned char	 uc = 0;
	signed char	 sc = 0;
	_Bool		 b = 0;
	double		 d = 0;
	void		*vp = NULL;
	const struct {
		unsigned	 code;
		size_t		 size;
		const char	*name;
	} cases[] = {
		{ SH_TYPE_CODE(i), sizeof i, "int" },
		{ SH_TYPE_CODE(c), sizeof c, "char" },
		{ SH_TYPE_CODE(uc), sizeof uc, "unsigned char" },
		{ SH_TYPE_CODE(sc), sizeof sc, "signed char" },
		{ SH_TYPE_CODE(b), sizeof b, "_Bool" },
		{ SH_TYPE_CODE(d), sizeof d, "double" },
		{ SH_TYPE_CODE(ip), sizeof ip, "int *" },
		{ SH_TYPE_CODE(vp), sizeof vp, "void *" },
		{ SH_TYPE_CODE(a), sizeof a, "int[4]" },
		{ SH_TYPE_CODE(str), sizeof str, "char[6]" },
	};
	const struct model_type	*t;
	size_t			 n;

	for (n = 0; n < sizeof cases / sizeof cases[0]; n++) {
		t = model_type_from_code(tab, cases[n].code, cases[n].size);
		ck_assert_str_eq(t->name, cases[n].name);
	}
}
END_TEST

START_TEST(test_pointers)
{
	const struct model_type	*i, *ip, *cpp, *vp, *vpp;

	i = model_type_from_code(tab, SH_T_INT, sizeof (int));
	ip = model_type_from_code(tab, SH_T_INT | SH_T_PTR1, sizeof (void *));
	ck_assert_int_eq(ip->kind, MT_POINTER);
	ck_assert_str_eq(ip->name, "int *");
	ck_assert_uint_eq(ip->size, sizeof (void *));
	ck_assert_ptr_eq(ip->target, i);

	cpp = model_type_from_code(tab, SH_T_CHAR | SH_T_PTR2,
	    sizeof (void *));
	ck_assert_int_eq(cpp->kind, MT_POINTER);
	ck_assert_str_eq(cpp->name, "char **");
	ck_assert_str_eq(cpp->target->name, "char *");
	ck_assert_int_eq(cpp->target->kind, MT_POINTER);
	ck_assert_int_eq(cpp->target->target->kind, MT_CHAR);

	vp = model_type_from_code(tab, SH_T_VOID | SH_T_PTR1, sizeof (void *));
	ck_assert_int_eq(vp->kind, MT_POINTER);
	ck_assert_str_eq(vp->name, "void *");
	ck_assert_ptr_null(vp->target);

	vpp = model_type_from_code(tab, SH_T_VOID | SH_T_PTR2,
	    sizeof (void *));
	ck_assert_str_eq(vpp->name, "void **");
	ck_assert_ptr_eq(vpp->target, vp);
}
END_TEST

START_TEST(test_array_decay)
{
	const struct model_type	*t;

	t = model_type_from_code(tab, SH_T_INT | SH_T_PTR1, 4 * sizeof (int));
	ck_assert_int_eq(t->kind, MT_ARRAY);
	ck_assert_str_eq(t->name, "int[4]");
	ck_assert_uint_eq(t->count, 4);
	ck_assert_uint_eq(t->size, 4 * sizeof (int));
	ck_assert_ptr_eq(t->target, model_type_from_code(tab, SH_T_INT,
	    sizeof (int)));

	t = model_type_from_code(tab, SH_T_DOUBLE | SH_T_PTR1,
	    3 * sizeof (double));
	ck_assert_str_eq(t->name, "double[3]");
	ck_assert_int_eq(t->target->kind, MT_FLOAT);

	t = model_type_from_code(tab, SH_T_CHAR | SH_T_PTR2,
	    3 * sizeof (char *));
	ck_assert_int_eq(t->kind, MT_ARRAY);
	ck_assert_str_eq(t->name, "char *[3]");
	ck_assert_uint_eq(t->count, 3);
	ck_assert_int_eq(t->target->kind, MT_POINTER);

	t = model_type_from_code(tab, SH_T_VOID | SH_T_PTR2,
	    2 * sizeof (void *));
	ck_assert_str_eq(t->name, "void *[2]");
	ck_assert_ptr_null(t->target->target);
}
END_TEST

START_TEST(test_opaque)
{
	const struct model_type	*t;

	/* 10 bytes cannot be ints. */
	t = model_type_from_code(tab, SH_T_INT | SH_T_PTR1, 10);
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	ck_assert_uint_eq(t->size, 10);
	ck_assert_str_eq(t->name, "(10 bytes)");

	t = model_type_from_code(tab, SH_T_INT, 8);
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	ck_assert_uint_eq(t->size, 8);

	t = model_type_from_code(tab, SH_T_UNKNOWN, 24);
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	ck_assert_uint_eq(t->size, 24);
	ck_assert_ptr_eq(t, model_type_bytes(tab, 24));

	t = model_type_from_code(tab, SH_T_VOID, 1);
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	t = model_type_from_code(tab, SH_T_VOID | SH_T_PTR1, 3);
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	t = model_type_from_code(tab, SH_T_BASE_MASK, 4);
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	t = model_type_from_code(tab, SH_T_INT | (1000u << SH_T_PTR_SHIFT),
	    sizeof (void *));
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	t = model_type_from_code(tab, SH_T_INT | SH_T_PTR1, 0);
	ck_assert_int_eq(t->kind, MT_OPAQUE);
	ck_assert_uint_eq(t->size, 0);

	ck_assert_str_eq(model_type_bytes(tab, 1)->name, "(1 byte)");
}
END_TEST

START_TEST(test_intern)
{
	struct model_field	*f1, *f2;
	struct model_enumerator	*e;
	struct model_type	 proto = { .kind = MT_STRUCT, .size = 8 };
	const struct model_type	*i, *a, *b, *c, *en1, *en2;
	char			 name[32] = "struct point";

	i = model_type_from_code(tab, SH_T_INT, sizeof (int));
	f1 = model_typetab_alloc(tab, 2 * sizeof *f1);
	f2 = model_typetab_alloc(tab, 2 * sizeof *f2);
	f1[0].name = f2[0].name = "x";
	f1[1].name = f2[1].name = "y";
	f1[0].type = f2[0].type = f1[1].type = f2[1].type = i;
	f1[1].offset = f2[1].offset = 4;

	proto.name = name;
	proto.fields = f1;
	proto.nfields = 2;
	a = model_type_intern(tab, &proto);
	/* The table keeps its own copy of the name. */
	strcpy(name, "changed");
	ck_assert_str_eq(a->name, "struct point");

	proto.name = "struct point";
	proto.fields = f2;
	b = model_type_intern(tab, &proto);
	ck_assert_ptr_eq(a, b);

	f2[1].offset = 8;
	c = model_type_intern(tab, &proto);
	ck_assert_ptr_ne(a, c);
	ck_assert_uint_eq(c->fields[1].offset, 8);

	e = model_typetab_alloc(tab, sizeof *e);
	e->name = "RED";
	e->value = 1;
	proto = (struct model_type){ .kind = MT_ENUM, .size = 4,
	    .name = "enum color", .enumerators = e, .nenumerators = 1 };
	en1 = model_type_intern(tab, &proto);
	ck_assert_ptr_eq(en1, model_type_intern(tab, &proto));
	e->value = 2;
	en2 = model_type_intern(tab, &proto);
	ck_assert_ptr_ne(en1, en2);
	ck_assert_int_eq(en2->enumerators[0].value, 2);
}
END_TEST

START_TEST(test_pointer_to)
{
	const struct model_type	*i, *ip, *ipp, *v, *a3, *a23, *pa;

	i = model_type_from_code(tab, SH_T_INT, sizeof (int));
	ip = model_type_pointer_to(tab, i);
	ck_assert_ptr_eq(ip, model_type_from_code(tab, SH_T_INT | SH_T_PTR1,
	    sizeof (void *)));
	ipp = model_type_pointer_to(tab, ip);
	ck_assert_str_eq(ipp->name, "int **");
	ck_assert_ptr_eq(ipp->target, ip);
	ck_assert_ptr_eq(ipp, model_type_from_code(tab,
	    SH_T_INT | SH_T_PTR2, sizeof (void *)));

	v = model_type_pointer_to(tab, NULL);
	ck_assert_str_eq(v->name, "void *");
	ck_assert_uint_eq(v->size, sizeof (void *));
	ck_assert_int_eq(v->kind, MT_POINTER);

	a3 = model_type_array_of(tab, i, 3);
	a23 = model_type_array_of(tab, a3, 2);
	ck_assert_str_eq(a23->name, "int[2][3]");
	ck_assert_uint_eq(a23->size, 6 * sizeof (int));
	ck_assert_uint_eq(a23->count, 2);
	ck_assert_ptr_eq(a23->target, a3);

	pa = model_type_pointer_to(tab, a3);
	ck_assert_str_eq(pa->name, "int (*)[3]");
	ck_assert_str_eq(model_type_pointer_to(tab, pa)->name, "int (**)[3]");
	ck_assert_str_eq(model_type_array_of(tab, ip, 4)->name, "int *[4]");
	ck_assert_str_eq(model_type_pointer_to(tab,
	    model_type_array_of(tab, ip, 4))->name, "int *(*)[4]");
	ck_assert_str_eq(model_type_array_of(tab, i, 0)->name, "int[]");
}
END_TEST

/* Enough types to grow the hash table several times, all still found. */
START_TEST(test_many)
{
	const struct model_type	*i, *arrays[5000];
	size_t			 n;

	i = model_type_from_code(tab, SH_T_INT, sizeof (int));
	for (n = 0; n < 5000; n++)
		arrays[n] = model_type_array_of(tab, i, n + 1);
	for (n = 0; n < 5000; n++) {
		ck_assert_ptr_eq(arrays[n], model_type_array_of(tab, i, n + 1));
		ck_assert_uint_eq(arrays[n]->count, n + 1);
	}
	ck_assert_ptr_ne(arrays[0], arrays[1]);
}
END_TEST

START_TEST(test_alloc)
{
	unsigned char	*small, *big;
	const char	*s;
	char		 text[] = "kept";
	size_t		 n;

	small = model_typetab_alloc(tab, 3);
	big = model_typetab_alloc(tab, 100000);
	for (n = 0; n < 100000; n++)
		ck_assert_uint_eq(big[n], 0);
	ck_assert_uint_eq(small[0] | small[1] | small[2], 0);
	ck_assert_uint_eq((uintptr_t)big % _Alignof (max_align_t), 0);

	s = model_typetab_strdup(tab, text);
	ck_assert_ptr_ne(s, text);
	text[0] = 'X';
	ck_assert_str_eq(s, "kept");
	ck_assert_ptr_null(model_typetab_strdup(tab, NULL));
}
END_TEST

static Suite *
types_suite(void)
{
	Suite	*s = suite_create("types");
	TCase	*tc = tcase_create("types");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_base_type, 0,
	    sizeof base_types / sizeof base_types[0]);
	tcase_add_test(tc, test_generic_codes);
	tcase_add_test(tc, test_pointers);
	tcase_add_test(tc, test_array_decay);
	tcase_add_test(tc, test_opaque);
	tcase_add_test(tc, test_intern);
	tcase_add_test(tc, test_pointer_to);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_alloc);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(types_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
