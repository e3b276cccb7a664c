/*
 * cc_insn.c — reads what one line of AT&T x86-64 assembly does to memory
 * (see cc_insn.h).  An instruction's operands are split at the commas
 * outside parentheses; the destination is the last one.  A memory operand
 * is anything that is neither a register (%...) nor an immediate ($...).
 * The frame's own fixed slots are `N(%rbp)` and `N(%rsp)` with a constant
 * N and no index: an indexed one (a local array) may run past its array,
 * so it counts as a write elsewhere.  An `N(%rbp)` one is the frame's own
 * only in a function that keeps %rbp as its frame pointer: the caller
 * (cc_probe.c) decides, from writes_rbp_slot.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cc/cc_insn.h"

#define MAX_OPERANDS 4
#define ROOM 32		/* bytes the widest store at N(%rbp) may cover */

struct operand {
	const char *text;
	size_t	 len;
};

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
in_list(const char *word, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(word, *list) == 0)
			return true;
	return false;
}

/* Words that only prefix the instruction after them (or on the same line). */
static const char *const prefixes[] = { "rex64", "data16", "data32",
	"addr32", "addr16", "cs", "ds", "es", "fs", "gs", "ss", "notrack",
	"bnd", "lock", "rep", "repe", "repz", "repne", "repnz", "xacquire",
	"xrelease", NULL };
static const char *const repeats[] = { "rep", "repe", "repz", "repne",
	"repnz", NULL };

/* Instructions without operands that touch no memory but the stack's top. */
static const char *const quiet[] = { "ret", "retq", "leave", "leaveq",
	"cltq", "cqto", "cltd", "cwtl", "cbtw", "cwtd", "cqo", "cdq", "cdqe",
	"cbw", "cwde", "cwd", "nop", "endbr64", "endbr32", "hlt", "ud2",
	"pushfq", "popfq", "fld1", "fldz", "fldpi", "fchs", "fabs", "faddp",
	"fsubp", "fsubrp", "fmulp", "fdivp", "fdivrp", "fxch", "fucomip",
	"fucomi", "fcomip", "fcomi", "fucompp", "fsqrt", "frndint", "fninit",
	"wait", "fwait", "cld", "pause", "lfence", "mfence", "sfence",
	"vzeroupper", "rdtsc", "cpuid", NULL };

/* Mnemonics (by prefix) that read a memory operand, wherever it is. */
static const char *const readers[] = { "cmp", "test", "push", "ucomis",
	"comis", "vucomis", "vcomis", "fld", "fild", "fcom", "fucom", "ficom",
	"nop", "prefetch", "lea", "ptest", "vptest", NULL };
/* ... and those that read one when it is their only operand. */
static const char *const lone_readers[] = { "mul", "imul", "div", "idiv",
	"fadd", "fsub", "fmul", "fdiv", "fiadd", "fisub", "fimul", "fidiv",
	NULL };

static bool
reads_only(const char *mnemonic, int noperands)
{
	const char *const *r;

	if (starts(mnemonic, "cmpxchg") || (starts(mnemonic, "bt") &&
	    mnemonic[2] != '\0' && strchr("wlq", mnemonic[2]) == NULL))
		return false;	/* bts, btr, btc write; cmpxchg too */
	if (starts(mnemonic, "bt"))
		return true;
	for (r = readers; *r != NULL; r++)
		if (starts(mnemonic, *r))
			return true;
	for (r = lone_readers; noperands == 1 && *r != NULL; r++)
		if (starts(mnemonic, *r))
			return true;
	return false;
}

/* A register is %name alone: %fs:(%rax) and %fs:x@tpoff are memory. */
static bool
is_memory(const struct operand *op)
{
	if (op->len == 0 || op->text[0] == '$')
		return false;
	return op->text[0] != '%' || memchr(op->text, ':', op->len) != NULL;
}

/*
 * `N(%rbp)` or `N(%rsp)` with a constant N (or none): a fixed slot of the
 * frame; *offset gets N and *rbp whether it is %rbp.
 */
static bool
fixed_slot(const struct operand *op, long *offset, bool *rbp)
{
	char *end;
	const char *paren = memchr(op->text, '(', op->len);

	if (paren == NULL)
		return false;
	*offset = paren == op->text ? 0 : strtol(op->text, &end, 0);
	if (paren != op->text && end != paren)
		return false;	/* a symbol, a segment or a sum */
	if ((size_t)(paren - op->text) + 6 != op->len ||
	    (strncmp(paren, "(%rbp)", 6) != 0 && strncmp(paren, "(%rsp)", 6) != 0))
		return false;
	*rbp = paren[3] == 'b';
	return true;
}

/* Splits ops into operands at commas outside parentheses; their number. */
static int
split(const char *ops, struct operand *out)
{
	int n = 0, depth = 0;
	const char *start = ops, *s;

	for (s = ops;; s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')')
			depth--;
		if ((*s == ',' && depth == 0) || *s == '\0' || *s == '\n' ||
		    *s == '#' || *s == ';') {
			const char *end = s;

			start = cc_skip_space(start);
			while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			if (end > start && n < MAX_OPERANDS) {
				out[n].text = start;
				out[n].len = (size_t)(end - start);
				n++;
			}
			if (*s != ',')
				return n;
			start = s + 1;
		}
	}
}

/* Whether op is one of the registers names. */
static bool
is_register(const struct operand *op, const char *const *names)
{
	char reg[8];

	if (op->len >= sizeof reg)
		return false;
	memcpy(reg, op->text, op->len);
	reg[op->len] = '\0';
	return in_list(reg, names);
}

static bool
is_rbp(const struct operand *op)
{
	static const char *const names[] = { "%rbp", "%ebp", "%bp", "%bpl", NULL };

	return is_register(op, names);
}

/* A register a function hands its return value over in. */
static bool
is_return_register(const struct operand *op)
{
	static const char *const names[] = { "%eax", "%rax", "%ax", "%al",
		"%xmm0", NULL };

	return is_register(op, names);
}

/* The highest fixed %rbp offset among the operands, plus ROOM. */
static void
note_slots(const struct operand *ops, int n, struct cc_insn *in)
{
	long offset;
	bool rbp;
	int i;

	for (i = 0; i < n; i++)
		if (fixed_slot(&ops[i], &offset, &rbp) && rbp &&
		    offset + ROOM > in->rbp_top)
			in->rbp_top = offset + ROOM;
}

static void
read_call(const struct operand *ops, int n, struct cc_insn *in)
{
	size_t len;

	in->call = true;
	if (n != 1 || ops[0].text[0] == '*' || ops[0].len >= CC_NAME_MAX)
		return;		/* through a pointer: callee "" */
	len = ops[0].len;
	if (len > 4 && (strncmp(ops[0].text + len - 4, "@PLT", 4) == 0 ||
	    strncmp(ops[0].text + len - 4, "@plt", 4) == 0))
		len -= 4;
	memcpy(in->callee, ops[0].text, len);
	in->callee[len] = '\0';
}

/*
 * A written memory operand a store log could follow (cc_insn.h): through
 * registers, none of them %rsp or %rip, without a segment (lea would
 * drop its base), a mask ({%k1}) or a vector index (a scatter's), which
 * lea cannot take.
 */
static void
note_store(const struct operand *op, struct cc_insn *in)
{
	char text[128];

	if (op->len >= sizeof text || memchr(op->text, '(', op->len) == NULL ||
	    memchr(op->text, ':', op->len) != NULL ||
	    memchr(op->text, '{', op->len) != NULL)
		return;
	memcpy(text, op->text, op->len);
	text[op->len] = '\0';
	if (strstr(text, "%rsp") != NULL || strstr(text, "%rip") != NULL ||
	    strstr(text, "%esp") != NULL || strstr(text, "%eip") != NULL ||
	    strstr(text, "%xmm") != NULL || strstr(text, "%ymm") != NULL ||
	    strstr(text, "%zmm") != NULL)
		return;
	in->store = op->text;
	in->store_len = op->len;
	in->store_rbp = strstr(text, "%rbp") != NULL ||
	    strstr(text, "%ebp") != NULL;
}

/*
 * Mnemonics (by prefix) whose memory destination is all they write, at
 * most CC_PROBE_STORE_MAX bytes of it (cc_insn.h): an allow-list, since a
 * store wrongly counted as bounded would hide a write.  (The string
 * moves, movsb to movsq, have no operands, and never come here.)
 */
static const char *const bounded[] = { "mov", "vmov", "add", "sub", "and",
	"or", "xor", "inc", "dec", "neg", "not", "adc", "sbb", "shl", "shr",
	"sal", "sar", "rol", "ror", "rcl", "rcr", "set", "xchg", "xadd",
	"cmpxchg", "fst", "fist", "fisttp", "pextr", "vpextr", "extractps",
	"vextractps", NULL };

static bool
bounded_store(const char *mnemonic)
{
	const char *const *b;

	for (b = bounded; *b != NULL; b++)
		if (starts(mnemonic, *b))
			return true;
	return false;
}

/* The writes of an instruction with a memory operand, or none. */
static void
read_writes(const char *mnemonic, const struct operand *ops, int n,
    struct cc_insn *in)
{
	const struct operand *dest = &ops[n - 1];
	long offset;
	bool rbp;
	int i;

	if (reads_only(mnemonic, n))
		return;
	if (starts(mnemonic, "xchg") || starts(mnemonic, "xadd")) {
		for (i = 0; i < n; i++)
			if (is_memory(&ops[i])) {
				in->writes_elsewhere = true;
				note_store(&ops[i], in);
			}
		in->store_bounded = in->store != NULL;
		return;
	}
	if (!is_memory(dest))
		return;		/* memory read, register written */
	if (!fixed_slot(dest, &offset, &rbp))
		in->writes_elsewhere = true;
	else
		in->writes_rbp_slot = rbp;
	if (!fixed_slot(dest, &offset, &rbp) || rbp)
		note_store(dest, in);	/* N(%rbp): %rbp may be any pointer */
	in->store_bounded = in->store != NULL && bounded_store(mnemonic);
}

/* %rbp written: by the prologue's mov, the epilogue's pop, or otherwise. */
static void
read_fp(const char *mnemonic, const struct operand *ops, int n,
    struct cc_insn *in)
{
	if (n == 2 && is_rbp(&ops[1]) && starts(mnemonic, "mov") &&
	    ops[0].len == 4 && strncmp(ops[0].text, "%rsp", 4) == 0)
		in->sets_fp = true;
	else if (n >= 1 && is_rbp(&ops[n - 1]) && !starts(mnemonic, "pop") &&
	    !reads_only(mnemonic, n))
		in->clobbers_fp = true;
	else if (n == 2 && is_rbp(&ops[0]) && starts(mnemonic, "xchg"))
		in->clobbers_fp = true;
}

void
cc_insn_read(const char *line, struct cc_insn *in)
{
	struct operand ops[MAX_OPERANDS];
	char mnemonic[32];
	const char *t = cc_skip_space(line), *s;
	bool repeated = false;
	size_t len;
	int n;

	memset(in, 0, sizeof *in);
	for (;;) {
		for (s = t, len = 0; isalnum((unsigned char)*s) || *s == '_';
		    s++)
			len++;
		if (len == 0 || len >= sizeof mnemonic || *s == ':' ||
		    *t == '.' || isdigit((unsigned char)*t))
			return;	/* a label, a directive, a comment */
		memcpy(mnemonic, t, len);
		mnemonic[len] = '\0';
		if (!in_list(mnemonic, prefixes))
			break;
		repeated |= in_list(mnemonic, repeats);
		t = cc_skip_space(*s == ';' ? s + 1 : s);
		if (*t == '\0' || *t == '\n' || *t == '#') {
			in->instruction = true;
			in->prefix_only = true;
			in->writes_elsewhere = repeated;
			return;
		}
	}
	in->instruction = true;
	n = split(s, ops);
	note_slots(ops, n, in);
	read_fp(mnemonic, ops, n, in);
	in->sets_return = n > 0 && is_return_register(&ops[n - 1]);
	if (repeated)
		in->writes_elsewhere = true;	/* rep movs, rep stos */
	if (starts(mnemonic, "call")) {
		read_call(ops, n, in);
	} else if (mnemonic[0] == 'j') {
		in->jumps_away = n == 1 && (ops[0].text[0] == '*' ||
		    !starts(ops[0].text, ".L"));
	} else if (n == 0) {
		if (!in_list(mnemonic, quiet))
			in->writes_elsewhere = true;	/* movs, stos, ... */
	} else {
		read_writes(mnemonic, ops, n, in);
	}
	if (repeated)
		in->store_bounded = false;	/* rep movsb (%rsi), (%rdi): %rcx of them */
}

bool
cc_insn_pure_call(const char *name)
{
	static const char *const pure[] = { "strlen", "strnlen", "strcmp",
		"strncmp", "strchr", "strrchr", "strstr", "memcmp", "memchr",
		"abs", "labs", "llabs", "rand", "srand", "sqrt", "sqrtf", "pow",
		"fabs", "sin", "cos", "tan", "atan2", "exp", "log", "log10",
		"floor", "ceil", "round", "fmod", "atoi", "atol", "atof",
		"toupper", "tolower", "isalpha", "isdigit", "isspace", "isupper",
		"islower", "isalnum", "ispunct", "putchar", "puts", "abort",
		"exit", "_exit", "__assert_fail", "__stack_chk_fail",
		"__cyg_profile_func_enter", "__cyg_profile_func_exit", NULL };

	return in_list(name, pure);
}
