/*
 * check_cc.c — unit tests for src/cc: which rows of a compiler's assembly
 * get a line probe.  Whole programs built through the wrapper are tested
 * in check_lines; here the rewrite is fed assembly shaped like gcc's and
 * clang's and its output is read back: the keys of the probes it put, in
 * order.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <stdbool.h>

#include "cc/cc_probe.h"

#define PROBE_CALL "\tcall __stackheap_probe@PLT\n\t.byte 0x0f, 0x1f, 0x80\n"

/* The rewrite of asm; *keys gets each probe's key, in order. */
static char *
rewrite(const char *assembly, uint32_t *keys, size_t cap, size_t *nkeys)
{
	FILE *in = fmemopen((void *)(uintptr_t)assembly, strlen(assembly), "r");
	char *text = NULL, *at;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(cc_probe_rewrite(in, out), 0);
	fclose(in);
	fclose(out);
	*nkeys = 0;
	for (at = text; (at = strstr(at, PROBE_CALL)) != NULL; at++) {
		at = strstr(at, "\t.long ");
		ck_assert_ptr_nonnull(at);
		if (*nkeys < cap)
			keys[(*nkeys)++] = (uint32_t)strtoul(at + 7, NULL, 10);
	}
	return text;
}

#define GCC_HEAD \
	"\t.file\t\"list.c\"\n" \
	"\t.text\n" \
	"\t.file 0 \"/home/ann\" \"list.c\"\n" \
	"\t.globl\tmain\n" \
	"\t.type\tmain, @function\n" \
	"main:\n" \
	".LFB0:\n" \
	"\t.loc 0 3 12\n" \
	"\t.cfi_startproc\n" \
	"\tpushq\t%rbp\n" \
	"\tmovq\t%rsp, %rbp\n" \
	"\tcall\t__cyg_profile_func_enter@PLT\n"

/* Another function of the file, entered. */
#define FUNCTION_HEAD(name) \
	"\t.type\t" name ", @function\n" \
	name ":\n" \
	"\tpushq\t%rbp\n" \
	"\tmovq\t%rsp, %rbp\n" \
	"\tcall\t__cyg_profile_func_enter@PLT\n"

/*
 * gcc's void function: its closing brace's row comes right after the exit
 * hook, and is taken before it, so that its step shows the frame as it
 * ends; not after a `return;` row (a nop), nor when the brace's row hands
 * over a return value: the return line's step already does.
 */
START_TEST(a_void_functions_closing_brace_gets_a_probe)
{
	static const char assembly[] = GCC_HEAD
	    "\t.loc 0 4 9\n"
	    "\tmovl\t$2, -4(%rbp)\n"
	    "\tmovq\t8(%rbp), %rax\n"
	    "\tmovq\t%rax, %rsi\n"
	    "\tcall\t__cyg_profile_func_exit@PLT\n"
	    "\t.loc 0 5 1\n"
	    "\tleave\n"
	    "\tret\n"
	    "\t.cfi_endproc\n"
	    FUNCTION_HEAD("g")
	    "\t.loc 0 9 2\n"
	    "\tnop\n"			/* return; */
	    "\tcall\t__cyg_profile_func_exit@PLT\n"
	    "\t.loc 0 10 1\n"
	    "\tleave\n"
	    "\tret\n"
	    "\t.cfi_endproc\n"
	    FUNCTION_HEAD("h")
	    "\t.loc 0 14 9\n"		/* return 0; */
	    "\tmovl\t$0, %ebx\n"
	    "\tcall\t__cyg_profile_func_exit@PLT\n"
	    "\t.loc 0 15 1\n"
	    "\tmovl\t%ebx, %eax\n"	/* the value handed over */
	    "\tleave\n"
	    "\tret\n"
	    "\t.cfi_endproc\n";
	uint32_t keys[8];
	size_t n;
	char *text = rewrite(assembly, keys, 8, &n);
	const char *brace = strstr(text, "\t.loc 0 5 1\n");
	const char *exit_call = strstr(text, "__cyg_profile_func_exit");

	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(keys[0], cc_probe_key(0, 4));
	ck_assert_uint_eq(keys[1], cc_probe_key(0, 5));
	ck_assert_uint_eq(keys[2], cc_probe_key(0, 9));
	ck_assert_uint_eq(keys[3], cc_probe_key(0, 14));
	ck_assert(brace != NULL && exit_call != NULL && brace < exit_call);
	ck_assert(strstr(brace, "__stackheap_probe") < exit_call);
	free(text);
}
END_TEST

START_TEST(rows_of_the_body_get_a_probe_each)
{
	static const char assembly[] = GCC_HEAD
	    "\t.loc 0 4 9\n"
	    "\tmovl\t$1, -4(%rbp)\n"
	    "\t.loc 0 4 9 is_stmt 0\n"	/* not a statement: no probe */
	    "\taddl\t$1, -4(%rbp)\n"
	    "\t.loc 0 5 5 is_stmt 1\n"
	    "\tmovl\t-4(%rbp), %ebx\n"
	    "\tcall\t__cyg_profile_func_exit@PLT\n"
	    "\tmovl\t%ebx, %eax\n"
	    "\t.loc 0 6 1\n"		/* after the exit hook: the epilogue */
	    "\tleave\n"
	    "\tret\n"
	    "\t.cfi_endproc\n";
	uint32_t keys[8];
	size_t n;
	char *text = rewrite(assembly, keys, 8, &n);

	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(keys[0], cc_probe_key(0, 4));
	ck_assert_uint_eq(keys[1], cc_probe_key(0, 5));
	/* everything else is copied as it was */
	ck_assert(strstr(text, "\tmovl\t$1, -4(%rbp)\n") != NULL);
	ck_assert(strstr(text, "\t.cfi_endproc\n") != NULL);
	free(text);
}
END_TEST

START_TEST(system_headers_inline_assembly_and_data_are_left_alone)
{
	static const char assembly[] = GCC_HEAD
	    "\t.file 1 \"/usr/include/x86_64-linux-gnu/bits/stdio2.h\"\n"
	    "\t.loc 1 86 10\n"		/* an inline function of a system header */
	    "#APP\n"
	    "\t.loc 0 7 3\n"		/* inside asm("...") */
	    "#NO_APP\n"
	    "\t.section\t.rodata\n"
	    "\t.loc 0 8 3\n"		/* not code */
	    "\t.previous\n"
	    "\t.loc 0 9 3\n";
	uint32_t keys[8];
	size_t n;

	free(rewrite(assembly, keys, 8, &n));
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(keys[0], cc_probe_key(0, 9));
}
END_TEST

/* clang puts blocks of the body after the exit hook's block; a label reopens. */
START_TEST(a_block_label_after_the_exit_hook_is_still_the_body)
{
	static const char assembly[] =
	    "\t.text\n"
	    "\t.file\t1 \"/home/ann\" \"tree.c\"\n"
	    "\t.type\tinsert,@function\n"
	    "insert:\n"
	    "\t.cfi_startproc\n"
	    "\tcallq\t__cyg_profile_func_enter@PLT\n"
	    "\t.loc\t1 10 6 prologue_end\n"
	    "\tjmp\t.LBB0_2\n"
	    "\tcallq\t__cyg_profile_func_exit@PLT\n"
	    "\tretq\n"
	    ".LBB0_2:\n"
	    "\t.loc\t1 12 3\n"
	    "\t.cfi_endproc\n"
	    "\t.type\tnext,@function\n"	/* a new function, not entered yet */
	    "next:\n"
	    "\t.loc\t1 20 1\n";
	uint32_t keys[8];
	size_t n;

	free(rewrite(assembly, keys, 8, &n));
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(keys[0], cc_probe_key(1, 10));
	ck_assert_uint_eq(keys[1], cc_probe_key(1, 12));
}
END_TEST

#define DIRTY "\tmovb $1, __stackheap_dirty(%rip)\n"

/* Whether the line after instruction (a whole line of text) is a dirty mark. */
static bool
marked(const char *text, const char *instruction)
{
	const char *at = strstr(text, instruction);

	ck_assert_msg(at != NULL, "%s is not in the rewrite", instruction);
	return strncmp(at + strlen(instruction), DIRTY, strlen(DIRTY)) == 0;
}

/*
 * Writes elsewhere the store log does not stand for are marked: to a
 * static, through a segment, rep stos, a call, a store that may write
 * beyond its operand (a bit operation's bit offset, fxsave's 512 bytes);
 * bounded stores through a pointer or into a local array are logged
 * instead (stores_through_pointers_log_their_address).
 */
START_TEST(writes_outside_the_frame_are_marked)
{
	static const char *const elsewhere[] = { "\tmovl\t$1, g(%rip)\n",
		"\trep stosq\n", "\tmovq\t%rax, %fs:(%rdx)\n",
		"\tbtsl\t%eax, (%rdx)\n", "\tfxsave\t(%rax)\n",
		"\trep movsb\t(%rsi), (%rdi)\n",
		"\tcall\tmemset@PLT\n", "\tcall\t*%rax\n", "\tmovsb\n", NULL };
	static const char *const own[] = { "\tmovl\t$1, -4(%rbp)\n",
		"\tmovq\t%rax, 16(%rsp)\n", "\tcmpl\t$1, (%rax)\n",
		"\tmovl\t(%rax), %eax\n", "\tleaq\t(%rax,%rdx), %rax\n",
		"\tpushq\t(%rax)\n", "\tcall\tstrlen@PLT\n",
		"\tmovl\t%eax, (%rdx)\n", "\tmovl\t%edx, -80(%rbp,%rax,4)\n",
		"\tfstpl\t(%rax)\n", "\tmovss\t%xmm0, 8(%rax)\n",
		"\tlock addl\t$1, (%rax)\n", "\txchgl\t%eax, (%rdx)\n",
		"\tincl\t(%rax)\n", NULL };
	char assembly[4096] = GCC_HEAD;
	const char *const *i;
	uint32_t keys[8];
	size_t n;
	char *text;

	for (i = elsewhere; *i != NULL; i++)
		strcat(assembly, *i);
	for (i = own; *i != NULL; i++)
		strcat(assembly, *i);
	strcat(assembly, "\t.cfi_endproc\n");
	text = rewrite(assembly, keys, 8, &n);
	for (i = elsewhere; *i != NULL; i++)
		ck_assert_msg(marked(text, *i), "no mark after %s", *i);
	for (i = own; *i != NULL; i++)
		ck_assert_msg(!marked(text, *i), "a mark after %s", *i);
	/* a call that writes nothing unmarked says so to its callee */
	ck_assert(strstr(text, "\tcall\tstrlen@PLT\n\t.byte 0x0f, 0x1f, 0x80\n"
	    "\t.long 0x53484331\n") != NULL);
	free(text);
}
END_TEST

/* Whether the lines before instruction log its destination, operand. */
static bool
logged(const char *text, const char *operand, const char *instruction)
{
	char want[512];

	snprintf(want, sizeof want, "\tleaq -128(%%rsp), %%rsp\n"
	    "\tpushq %%rax\n\tleaq %s, %%rax\n\tcall __stackheap_store@PLT\n"
	    "\tpopq %%rax\n\tleaq 128(%%rsp), %%rsp\n%s", operand, instruction);
	return strstr(text, want) != NULL;
}

/*
 * Stores through a pointer log their address first; those to the
 * frame, a static or through a segment do not, nor an instruction a
 * prefix alone on its line must stay in front of.
 */
START_TEST(stores_through_pointers_log_their_address)
{
	static const char *const through[][2] = {
		{ "(%rdx)", "\tmovl\t%eax, (%rdx)\n" },
		{ "8(%rax)", "\tmovss\t%xmm0, 8(%rax)\n" },
		{ "(%rax)", "\tlock addl\t$1, (%rax)\n" },
		{ "(%rdx)", "\txchgl\t%eax, (%rdx)\n" },
		{ "-4(%rax,%rcx,4)", "\tincl\t-4(%rax,%rcx,4)\n" },
		{ "(%rax)", "\tfstpl\t(%rax)\n" },
		/* a local array's element: it may run past the array */
		{ "-80(%rbp,%rax,4)", "\tmovl\t%edx, -80(%rbp,%rax,4)\n" } };
	static const char *const own[] = { "\tmovl\t$1, -4(%rbp)\n",
		"\tmovq\t%rax, 16(%rsp)\n",
		"\tmovl\t$1, g(%rip)\n", "\tmovq\t%rax, %fs:(%rdx)\n",
		"\tcmpl\t$1, (%rax)\n", "\trep stosq\n",
		"\tlock\n\tmovl\t$2, (%rsi)\n", NULL };
	char assembly[4096] = GCC_HEAD;
	const char *const *i;
	const char *at;
	uint32_t keys[8];
	size_t n, k, calls = 0;
	char *text;

	for (k = 0; k < sizeof through / sizeof *through; k++)
		strcat(assembly, through[k][1]);
	for (i = own; *i != NULL; i++)
		strcat(assembly, *i);
	strcat(assembly, "\t.cfi_endproc\n");
	text = rewrite(assembly, keys, 8, &n);
	for (k = 0; k < sizeof through / sizeof *through; k++)
		ck_assert_msg(logged(text, through[k][0], through[k][1]),
		    "no log before %s", through[k][1]);
	for (at = text; (at = strstr(at, "__stackheap_store")) != NULL; at++)
		calls++;
	ck_assert_uint_eq(calls, k);	/* none before the others */
	ck_assert(strstr(text, "\tlock\n\tmovl\t$2, (%rsi)\n") != NULL);
	free(text);
}
END_TEST

/* %rbp slots are the frame's own only where %rbp is the frame pointer. */
START_TEST(a_probe_carries_its_frame_extent)
{
	static const char framed[] = GCC_HEAD
	    "\t.loc 0 4 9\n"
	    "\tmovl\t$1, 24(%rbp)\n"
	    "\t.cfi_endproc\n";
	static const char unframed[] = GCC_HEAD
	    "\t.loc 0 4 9\n"
	    "\tmovq\t%rdi, %rbp\n"	/* %rbp a pointer like any other */
	    "\tmovl\t$1, 24(%rbp)\n"
	    "\t.cfi_endproc\n";
	uint32_t keys[8];
	size_t n;
	char *text = rewrite(framed, keys, 8, &n);

	ck_assert_uint_eq(n, 1);
	ck_assert(strstr(text, "\t.long .Lstackheap_frame_0\n") != NULL);
	ck_assert(strstr(text, "\t.set .Lstackheap_frame_0, 0x80000038\n") != NULL);
	ck_assert(!marked(text, "\tmovl\t$1, 24(%rbp)\n"));
	free(text);
	text = rewrite(unframed, keys, 8, &n);
	ck_assert(strstr(text, "\t.set .Lstackheap_frame_0, 0\n") != NULL);
	ck_assert(logged(text, "24(%rbp)", "\tmovl\t$1, 24(%rbp)\n"));
	ck_assert(!marked(text, "\tmovl\t$1, 24(%rbp)\n"));
	free(text);
}
END_TEST

START_TEST(a_key_holds_the_file_and_the_line)
{
	ck_assert_uint_eq(cc_probe_key(3, 42), 3u << 20 | 42);
	/* numbers too big for their field wrap instead of spilling over */
	ck_assert_uint_eq(cc_probe_key(1, 0x100001), 1u << 20 | 1);
}
END_TEST

static Suite *
cc_suite(void)
{
	Suite	*s = suite_create("cc");
	TCase	*tc = tcase_create("cc");

	tcase_add_test(tc, rows_of_the_body_get_a_probe_each);
	tcase_add_test(tc, a_void_functions_closing_brace_gets_a_probe);
	tcase_add_test(tc, system_headers_inline_assembly_and_data_are_left_alone);
	tcase_add_test(tc, a_block_label_after_the_exit_hook_is_still_the_body);
	tcase_add_test(tc, a_key_holds_the_file_and_the_line);
	tcase_add_test(tc, writes_outside_the_frame_are_marked);
	tcase_add_test(tc, a_probe_carries_its_frame_extent);
	tcase_add_test(tc, stores_through_pointers_log_their_address);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(cc_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
