/*
 * check_debuginfo.c — unit tests for debuginfo.c, run against
 * tests/prog_types (built with -g -O0): function names, starts and lines
 * from its symbol and line tables, and the types of its locals, parameters,
 * globals and static locals from its DWARF.  Addresses are file addresses
 * (load bias 0), found in prog_types' own symbol table with libdwfl.
 *
 * prog_types is $SH_TOP_BUILDDIR/tests/prog_types under make check, else
 * the first argument, else /tmp/prog_types.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <elfutils/libdwfl.h>

#include "stackheap.h"
#include "debuginfo/debuginfo.h"

static char			 prog[4096];
static struct model_typetab	*tab;
static struct debuginfo	*sym;

typedef bool symbol_match(const char *, const GElf_Sym *, const void *);

static bool
match_name(const char *name, const GElf_Sym *s, const void *wanted)
{
	return strcmp(name, wanted) == 0;
}

/*
 * A static local called "calls" of the wanted size: gcc names its symbol
 * "calls.N", clang "function.calls".
 */
static bool
match_calls(const char *name, const GElf_Sym *s, const void *size)
{
	size_t	len = strlen(name);

	if (s->st_size != *(const size_t *)size)
		return false;
	return strncmp(name, "calls.", 6) == 0 ||
	    (len > 6 && strcmp(name + len - 6, ".calls") == 0);
}

/* The first ELF symbol of prog that match accepts. */
static bool
prog_symbol(symbol_match *match, const void *arg, GElf_Addr *addr,
    GElf_Xword *size)
{
	static const Dwfl_Callbacks	 callbacks = {
		.find_elf = dwfl_build_id_find_elf,
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
	};
	Dwfl				*dwfl;
	Dwfl_Module			*mod;
	GElf_Sym			 s;
	const char			*sname;
	bool				 found = false;
	int				 i, n;

	ck_assert_ptr_nonnull(dwfl = dwfl_begin(&callbacks));
	dwfl_report_begin(dwfl);
	mod = dwfl_report_elf(dwfl, "prog", prog, -1, 0, true);
	dwfl_report_end(dwfl, NULL, NULL);
	ck_assert_msg(mod != NULL, "cannot read %s", prog);
	n = dwfl_module_getsymtab(mod);
	for (i = 1; i < n && !found; i++) {
		sname = dwfl_module_getsym_info(mod, i, &s, addr, NULL, NULL,
		    NULL);
		if (sname == NULL)
			continue;
		if (match(sname, &s, arg)) {
			*size = s.st_size;
			found = true;
		}
	}
	dwfl_end(dwfl);
	return found;
}

static uint64_t
prog_address(const char *name)
{
	GElf_Addr	addr;
	GElf_Xword	size;

	ck_assert_msg(prog_symbol(match_name, name, &addr, &size),
	    "%s not in %s", name, prog);
	return addr;
}

static uint64_t
prog_size(const char *name)
{
	GElf_Addr	addr;
	GElf_Xword	size;

	ck_assert(prog_symbol(match_name, name, &addr, &size));
	return size;
}

/* The line of path that contains needle, or 0. */
static int
source_line(const char *path, const char *needle)
{
	FILE	*f;
	char	 buf[1024];
	int	 line = 0, found = 0;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (found == 0 && fgets(buf, sizeof buf, f) != NULL) {
		line++;
		if (strstr(buf, needle) != NULL)
			found = line;
	}
	fclose(f);
	return found;
}

static void
setup(void)
{
	tab = model_typetab_new();
	sym = debuginfo_new(tab);
	debuginfo_add_module(sym, prog, 0);
}

static void
teardown(void)
{
	debuginfo_free(sym);
	model_typetab_free(tab);
}

/* A pc in the body of locals(), where its outer locals are in scope. */
static uint64_t
locals_pc(void)
{
	return prog_address("locals") + 4;
}

static const struct model_type *
local(const char *name)
{
	const struct model_type	*t;

	t = debuginfo_var_type(sym, locals_pc(), name);
	ck_assert_msg(t != NULL, "no type for %s", name);
	return t;
}

static const struct model_type *
code_type(unsigned code, size_t size)
{
	return model_type_from_code(tab, code, size);
}

START_TEST(test_function)
{
	uint64_t	main_addr = prog_address("main");
	uint64_t	locals_addr = prog_address("locals");

	ck_assert_str_eq(debuginfo_function(sym, main_addr + 3), "main");
	ck_assert_str_eq(debuginfo_function(sym, locals_addr + 3),
	    "locals");
	ck_assert_str_eq(debuginfo_function(sym,
	    locals_addr + prog_size("locals") - 1), "locals");
	ck_assert_uint_eq(debuginfo_function_start(sym, locals_addr + 3),
	    locals_addr);
	ck_assert_uint_eq(debuginfo_function_start(sym, main_addr),
	    main_addr);
	/* Cached: the same string again. */
	ck_assert_ptr_eq(debuginfo_function(sym, main_addr + 3),
	    debuginfo_function(sym, main_addr + 3));
}
END_TEST

START_TEST(test_line)
{
	const char	*file, *again;
	int		 line, decl;

	ck_assert(debuginfo_line(sym, prog_address("locals"), &file,
	    &line));
	ck_assert_msg(file[0] == '/', "%s is not a full path", file);
	ck_assert_uint_ge(strlen(file), strlen("/prog_types.c"));
	ck_assert_str_eq(file + strlen(file) - strlen("/prog_types.c"),
	    "/prog_types.c");
	decl = source_line(file, "locals(int param");
	ck_assert_int_gt(decl, 0);
	/* gcc puts a function's entry on its "{", clang on its name. */
	ck_assert_msg(line == decl || line == decl + 1,
	    "locals() at line %d, declared at %d", line, decl);

	ck_assert(debuginfo_line(sym, prog_address("main"), &again,
	    &line));
	ck_assert_ptr_eq(again, file);
	decl = source_line(file, "main(void)");
	ck_assert_msg(line == decl || line == decl + 1,
	    "main() at line %d, declared at %d", line, decl);
}
END_TEST

/*
 * The files the debug information names, as debuginfo_line gives
 * them, and nothing else: the viewer reads no other source of a trace.
 */
START_TEST(test_names_source)
{
	const char	*name;
	char		 file[4096], near[4096 + 8];
	int		 line;

	ck_assert(debuginfo_line(sym, prog_address("main"), &name, &line));
	snprintf(file, sizeof file, "%s", name);	/* outlives sym */
	ck_assert_msg(debuginfo_names_source(sym, file), "%s", file);
	ck_assert(!debuginfo_names_source(sym, "/etc/passwd"));
	ck_assert(!debuginfo_names_source(sym, "prog_types.c"));
	snprintf(near, sizeof near, "%s.orig", file);
	ck_assert(!debuginfo_names_source(sym, near));
	debuginfo_free(sym);
	sym = debuginfo_new(tab);
	ck_assert(!debuginfo_names_source(sym, file));
	debuginfo_add_module(sym, prog, 0);	/* a module came: list again */
	ck_assert(debuginfo_names_source(sym, file));
}
END_TEST

START_TEST(test_integers)
{
	ck_assert_ptr_eq(local("i"), code_type(SH_T_INT, sizeof (int)));
	ck_assert_ptr_eq(local("param"), code_type(SH_T_INT, sizeof (int)));
	ck_assert_ptr_eq(local("s"), code_type(SH_T_SHORT, sizeof (short)));
	ck_assert_ptr_eq(local("l"), code_type(SH_T_LONG, sizeof (long)));
	ck_assert_str_eq(local("l")->name, "long");
	ck_assert_ptr_eq(local("ul"), code_type(SH_T_ULONG, sizeof (long)));
	ck_assert_str_eq(local("ul")->name, "unsigned long");
	ck_assert_ptr_eq(local("ll"),
	    code_type(SH_T_LLONG, sizeof (long long)));
	ck_assert_str_eq(local("ll")->name, "long long");
	ck_assert_ptr_eq(local("f"), code_type(SH_T_FLOAT, sizeof (float)));
	ck_assert_ptr_eq(local("d"), code_type(SH_T_DOUBLE, sizeof (double)));
	ck_assert_int_eq(local("d")->kind, MT_FLOAT);
	ck_assert_uint_eq(local("d")->size, 8);
}
END_TEST

START_TEST(test_chars)
{
	ck_assert_int_eq(local("c")->kind, MT_CHAR);
	ck_assert_str_eq(local("c")->name, "char");
	ck_assert_int_eq(local("sc")->kind, MT_SINT);
	ck_assert_str_eq(local("sc")->name, "signed char");
	ck_assert_int_eq(local("uc")->kind, MT_UINT);
	ck_assert_str_eq(local("uc")->name, "unsigned char");
	ck_assert_uint_eq(local("uc")->size, 1);
	ck_assert_int_eq(local("flag")->kind, MT_BOOL);
	ck_assert_str_eq(local("flag")->name, "_Bool");
	ck_assert_uint_eq(local("flag")->size, 1);
}
END_TEST

START_TEST(test_pointers)
{
	const struct model_type	*ip = local("ip"), *ipp = local("ipp");

	ck_assert_int_eq(ip->kind, MT_POINTER);
	ck_assert_str_eq(ip->name, "int *");
	ck_assert_ptr_eq(ip->target, local("i"));
	ck_assert_int_eq(ipp->kind, MT_POINTER);
	ck_assert_str_eq(ipp->name, "int **");
	ck_assert_ptr_eq(ipp->target, ip);
	ck_assert_str_eq(local("cp")->name, "char *");
	ck_assert_int_eq(local("cp")->target->kind, MT_CHAR);
	ck_assert_str_eq(local("vp")->name, "void *");
	ck_assert_ptr_null(local("vp")->target);
	/* const char *: the qualifier is not part of the model. */
	ck_assert_ptr_eq(local("label"), local("cp"));
}
END_TEST

START_TEST(test_arrays)
{
	const struct model_type	*arr = local("arr"), *grid = local("grid");

	ck_assert_int_eq(arr->kind, MT_ARRAY);
	ck_assert_str_eq(arr->name, "int[4]");
	ck_assert_uint_eq(arr->count, 4);
	ck_assert_uint_eq(arr->size, 16);
	ck_assert_ptr_eq(arr->target, local("i"));
	ck_assert_ptr_eq(arr, code_type(SH_T_INT | SH_T_PTR1, 16));

	ck_assert_int_eq(grid->kind, MT_ARRAY);
	ck_assert_str_eq(grid->name, "int[2][3]");
	ck_assert_uint_eq(grid->count, 2);
	ck_assert_uint_eq(grid->size, 24);
	ck_assert_int_eq(grid->target->kind, MT_ARRAY);
	ck_assert_str_eq(grid->target->name, "int[3]");
	ck_assert_uint_eq(grid->target->count, 3);
	ck_assert_ptr_eq(grid->target->target, local("i"));
}
END_TEST

static void
assert_field(const struct model_type *t, size_t i, const char *name,
    size_t offset, const char *type)
{
	ck_assert_uint_lt(i, t->nfields);
	ck_assert_str_eq(t->fields[i].name, name);
	ck_assert_uint_eq(t->fields[i].offset, offset);
	ck_assert_str_eq(t->fields[i].type->name, type);
}

START_TEST(test_struct)
{
	const struct model_type	*p = local("p"), *pt = local("pt");

	ck_assert_int_eq(p->kind, MT_STRUCT);
	ck_assert_str_eq(p->name, "struct point");
	ck_assert_uint_eq(p->size, 8);
	ck_assert_uint_eq(p->nfields, 2);
	assert_field(p, 0, "x", 0, "int");
	assert_field(p, 1, "y", 4, "int");
	ck_assert_int_eq(p->fields[0].type->kind, MT_SINT);
	ck_assert_ptr_eq(p->fields[1].type, local("i"));

	ck_assert_int_eq(pt->kind, MT_STRUCT);
	ck_assert_str_eq(pt->name, "point_t");
	ck_assert_uint_eq(pt->size, 8);
	ck_assert_uint_eq(pt->nfields, 2);
	assert_field(pt, 0, "x", 0, "int");
	assert_field(pt, 1, "y", 4, "int");
}
END_TEST

START_TEST(test_self_reference)
{
	const struct model_type	*n = local("n1");

	ck_assert_int_eq(n->kind, MT_STRUCT);
	ck_assert_str_eq(n->name, "struct node");
	ck_assert_uint_eq(n->size, 32);
	ck_assert_uint_eq(n->nfields, 4);
	assert_field(n, 0, "value", 0, "int");
	assert_field(n, 1, "tags", 4, "int[3]");
	assert_field(n, 2, "where", 16, "struct point");
	assert_field(n, 3, "next", 24, "struct node *");
	ck_assert_ptr_eq(n->fields[2].type, local("p"));
	ck_assert_int_eq(n->fields[3].type->kind, MT_POINTER);
	ck_assert_ptr_eq(n->fields[3].type->target, n);
	ck_assert_ptr_eq(local("n2"), n);
}
END_TEST

START_TEST(test_union_enum)
{
	const struct model_type	*u = local("num"), *e = local("color");

	ck_assert_int_eq(u->kind, MT_UNION);
	ck_assert_str_eq(u->name, "union number");
	ck_assert_uint_eq(u->size, 4);
	ck_assert_uint_eq(u->nfields, 3);
	assert_field(u, 0, "i", 0, "int");
	assert_field(u, 1, "f", 0, "float");
	assert_field(u, 2, "bytes", 0, "unsigned char[4]");

	ck_assert_int_eq(e->kind, MT_ENUM);
	ck_assert_str_eq(e->name, "enum color");
	ck_assert_uint_eq(e->size, sizeof (int));
	ck_assert_uint_eq(e->nenumerators, 3);
	ck_assert_str_eq(e->enumerators[0].name, "RED");
	ck_assert_int_eq(e->enumerators[0].value, 0);
	ck_assert_str_eq(e->enumerators[1].name, "GREEN");
	ck_assert_int_eq(e->enumerators[1].value, 5);
	ck_assert_str_eq(e->enumerators[2].name, "BLUE");
	ck_assert_int_eq(e->enumerators[2].value, 6);
}
END_TEST

START_TEST(test_function_pointer)
{
	const struct model_type	*op = local("op");

	ck_assert_int_eq(op->kind, MT_FUNCPTR);
	ck_assert_str_eq(op->name, "int (*)(int, int)");
	ck_assert_uint_eq(op->size, sizeof (void *));
}
END_TEST

START_TEST(test_scopes)
{
	uint64_t		 start = prog_address("locals"), pc;
	uint64_t		 end = start + prog_size("locals");
	const struct model_type	*inner = NULL;

	ck_assert_ptr_null(debuginfo_var_type(sym, start + 4, "inner"));
	for (pc = start; pc < end && inner == NULL; pc++)
		inner = debuginfo_var_type(sym, pc, "inner");
	ck_assert_ptr_nonnull(inner);
	pc--;
	ck_assert_ptr_eq(inner, local("i"));
	/* The outer scopes are still seen from the block. */
	ck_assert_ptr_eq(debuginfo_var_type(sym, pc, "arr"), local("arr"));
	ck_assert_ptr_eq(debuginfo_var_type(sym, pc, "param"),
	    local("i"));
	ck_assert_ptr_eq(local("calls"), local("i"));
	ck_assert_ptr_eq(debuginfo_var_type(sym, prog_address("add") + 4,
	    "calls"), code_type(SH_T_USHORT, sizeof (unsigned short)));
	ck_assert_ptr_eq(local("global_counter"), local("i"));
	ck_assert_ptr_null(debuginfo_var_type(sym, start + 4, "nope"));
	ck_assert_ptr_null(debuginfo_var_type(sym, start + 4, NULL));
	ck_assert_ptr_null(debuginfo_var_type(sym,
	    prog_address("main") + 4, "arr"));
	/* Cached: the same answer again. */
	ck_assert_ptr_eq(debuginfo_var_type(sym, pc, "inner"), inner);
}
END_TEST

START_TEST(test_globals)
{
	const struct model_type	*t;
	GElf_Addr		 calls;
	GElf_Xword		 size;
	size_t			 want;

	t = debuginfo_global_type(sym, prog_address("global_counter"),
	    "global_counter");
	ck_assert_ptr_eq(t, code_type(SH_T_INT, sizeof (int)));
	t = debuginfo_global_type(sym, prog_address("global_origin"),
	    "global_origin");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "struct point");
	ck_assert_ptr_eq(t, local("p"));
	t = debuginfo_global_type(sym, prog_address("global_scale"),
	    "global_scale");
	ck_assert_ptr_eq(t, code_type(SH_T_DOUBLE, sizeof (double)));
	t = debuginfo_global_type(sym, prog_address("global_name"),
	    "global_name");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "char[6]");
	ck_assert_uint_eq(t->count, 6);

	/* Two static locals called calls: the address tells which. */
	want = sizeof (int);
	ck_assert(prog_symbol(match_calls, &want, &calls, &size));
	t = debuginfo_global_type(sym, calls, "calls");
	ck_assert_ptr_eq(t, code_type(SH_T_INT, sizeof (int)));
	want = sizeof (unsigned short);
	ck_assert(prog_symbol(match_calls, &want, &calls, &size));
	t = debuginfo_global_type(sym, calls, "calls");
	ck_assert_ptr_eq(t, code_type(SH_T_USHORT, sizeof (unsigned short)));

	/* An address in no module: found by name alone. */
	ck_assert_ptr_eq(debuginfo_global_type(sym, 0, "global_scale"),
	    code_type(SH_T_DOUBLE, sizeof (double)));
	ck_assert_ptr_null(debuginfo_global_type(sym,
	    prog_address("global_counter"), "nope"));
	ck_assert_ptr_null(debuginfo_global_type(sym,
	    prog_address("global_counter"), NULL));
}
END_TEST

START_TEST(test_garbage)
{
	const char	*file = NULL;
	int		 line = -1;
	uint64_t	 bad[] = { 0, 1, 0xdeadbeef00ULL, UINT64_MAX };
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_ptr_null(debuginfo_function(sym, bad[i]));
		ck_assert_uint_eq(debuginfo_function_start(sym, bad[i]), 0);
		ck_assert(!debuginfo_line(sym, bad[i], &file, &line));
		ck_assert_ptr_null(debuginfo_var_type(sym, bad[i], "i"));
		ck_assert_ptr_null(debuginfo_global_type(sym, bad[i],
		    "nope"));
	}
	ck_assert_ptr_null(file);
	ck_assert_int_eq(line, -1);
}
END_TEST

START_TEST(test_missing_module)
{
	uint64_t	 main_addr = prog_address("main");
	char		 text[] = "/tmp/check_debuginfo.XXXXXX";
	int		 fd;

	debuginfo_free(sym);
	sym = debuginfo_new(tab);
	debuginfo_add_module(sym, "/nonexistent/prog_types", 0);
	ck_assert_ptr_null(debuginfo_function(sym, main_addr));
	ck_assert_ptr_null(debuginfo_var_type(sym, locals_pc(), "i"));

	/* Files that are not ELF at all. */
	ck_assert_int_ge(fd = mkstemp(text), 0);
	ck_assert_int_eq(write(fd, "not an ELF file\n", 16), 16);
	close(fd);
	debuginfo_add_module(sym, text, 0);
	debuginfo_add_module(sym, "/", 0);
	unlink(text);
	ck_assert_ptr_null(debuginfo_function(sym, main_addr));

	/* Added later, the program answers what was not known before. */
	debuginfo_add_module(sym, prog, 0);
	ck_assert_str_eq(debuginfo_function(sym, main_addr), "main");
	ck_assert_ptr_eq(debuginfo_var_type(sym, locals_pc(), "i"),
	    code_type(SH_T_INT, sizeof (int)));
}
END_TEST

START_TEST(test_added_twice)
{
	uint64_t	main_addr = prog_address("main");

	/* Already there at bias 0: the second bias is ignored. */
	debuginfo_add_module(sym, prog, 0x100000);
	ck_assert_str_eq(debuginfo_function(sym, main_addr + 3), "main");
	ck_assert_ptr_null(debuginfo_function(sym, main_addr + 0x100000));
}
END_TEST

static bool
prog_is_pie(void)
{
	unsigned char	 ehdr[18];
	FILE		*f;
	size_t		 n;

	ck_assert_ptr_nonnull(f = fopen(prog, "rb"));
	n = fread(ehdr, 1, sizeof ehdr, f);
	fclose(f);
	ck_assert_uint_eq(n, sizeof ehdr);
	return ehdr[16] == 3;	/* ET_DYN, little-endian */
}

START_TEST(test_bias)
{
	const uint64_t		 bias = 0x7f1234560000ULL;
	uint64_t		 main_addr = prog_address("main");
	const char		*file;
	int			 line;

	if (!prog_is_pie())
		return;
	debuginfo_free(sym);
	sym = debuginfo_new(tab);
	debuginfo_add_module(sym, prog, bias);
	ck_assert_str_eq(debuginfo_function(sym, bias + main_addr + 3),
	    "main");
	ck_assert_uint_eq(debuginfo_function_start(sym,
	    bias + main_addr + 3), bias + main_addr);
	ck_assert_ptr_null(debuginfo_function(sym, main_addr + 3));
	ck_assert(debuginfo_line(sym, bias + main_addr, &file, &line));
	ck_assert_str_eq(debuginfo_var_type(sym, bias + locals_pc(),
	    "p")->name, "struct point");
	ck_assert_ptr_eq(debuginfo_global_type(sym,
	    bias + prog_address("global_counter"), "global_counter"),
	    code_type(SH_T_INT, sizeof (int)));
}
END_TEST

/* With its debug info stripped, names remain and types are unknown. */
START_TEST(test_stripped)
{
	char	 dir[] = "/tmp/check_debuginfo.XXXXXX", path[8192], cmd[20000];
	uint64_t main_addr = prog_address("main");

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/prog_types", dir);
	snprintf(cmd, sizeof cmd, "objcopy --strip-debug '%s' '%s' "
	    "2>/dev/null", prog, path);
	if (system(cmd) == 0) {
		debuginfo_free(sym);
		sym = debuginfo_new(tab);
		debuginfo_add_module(sym, path, 0);
		ck_assert_str_eq(debuginfo_function(sym, main_addr + 3),
		    "main");
		ck_assert_ptr_null(debuginfo_var_type(sym, locals_pc(),
		    "i"));
		ck_assert_ptr_null(debuginfo_global_type(sym,
		    prog_address("global_counter"), "global_counter"));
		unlink(path);
	}
	rmdir(dir);
}
END_TEST

static Suite *
symbols_suite(void)
{
	Suite	*s = suite_create("debuginfo");
	TCase	*tc = tcase_create("symbols");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_function);
	tcase_add_test(tc, test_line);
	tcase_add_test(tc, test_names_source);
	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_chars);
	tcase_add_test(tc, test_pointers);
	tcase_add_test(tc, test_arrays);
	tcase_add_test(tc, test_struct);
	tcase_add_test(tc, test_self_reference);
	tcase_add_test(tc, test_union_enum);
	tcase_add_test(tc, test_function_pointer);
	tcase_add_test(tc, test_scopes);
	tcase_add_test(tc, test_globals);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_missing_module);
	tcase_add_test(tc, test_added_twice);
	tcase_add_test(tc, test_bias);
	tcase_add_test(tc, test_stripped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(int argc, char **argv)
{
	const char	*top = getenv("SH_TOP_BUILDDIR");
	SRunner		*sr;
	int		 failed;

	if (top != NULL)
		snprintf(prog, sizeof prog, "%s/tests/prog_types", top);
	else if (argc > 1)
		snprintf(prog, sizeof prog, "%s", argv[1]);
	else
		snprintf(prog, sizeof prog, "/tmp/prog_types");
	/* Never look for debug info over the network from a test. */
	unsetenv("DEBUGINFOD_URLS");

	sr = srunner_create(symbols_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
