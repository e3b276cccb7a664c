/*
 * cc_probe.c — adds line probes to a compiler's assembly (see cc_probe.h).
 *
 * The rewrite reads the text a line at a time and keeps only what decides
 * whether a row gets a probe: the current section (code or not), the
 * numbered files and whether each is a system file, the sticky is_stmt
 * flag of `.loc`, whether inline assembly is being copied, and whether the
 * current function has called its enter hook and not yet its exit hook.
 * A function's first row comes before its .cfi_startproc (gcc), so its
 * `.type NAME, @function` and the last function's .cfi_endproc end the
 * last one's body too.
 * Everything it does not understand is copied as it is.
 *
 * So that a line step need not compare the whole stack and the program's
 * data with what the viewer has, the rewrite also says what the code
 * between two probes may write (cc_insn.c reads each instruction):
 *   - each probe carries, in a second no-op after the key's, its frame's
 *     extent: how far above %rbp the function's fixed slots reach (its
 *     arguments passed on the stack), with bit 31 set, or 0 when the
 *     function does not keep %rbp as its frame pointer;
 *   - in front of every store through a pointer or into a local array
 *     (cc_insn.h: not to a fixed slot of the frame, not %rip-relative), a
 *     call of __stackheap_store with the address about to be written:
 *     the next line step compares the bytes there (rt_lines.c), and the
 *     heap blocks that hold them (src/runtime/rt_stores.c);
 *   - after every other instruction that may write anywhere but its
 *     frame's fixed slots (to a static, rep movs, a store that may write
 *     beyond its operand or was not logged, inline assembly, a call of
 *     anything but a function of this file that has probes or a known
 *     pure one), a `movb $1, __stackheap_dirty(%rip)`: the next line step
 *     compares everything (rt_lines.c).  The store comes after the write,
 *     so that whoever sees the flag set sees the write too;
 *   - after a call that is not marked so, a no-op with CC_PROBE_CLEAN_CALL:
 *     a function's first line step can tell by its return address that
 *     its caller is code of ours (and not qsort calling it back after
 *     writing who knows what).
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cc/cc_insn.h"
#include "cc/cc_probe.h"

#define PROBE_FILES 4096	/* file numbers with a known system flag */
#define PROBE_SECTIONS 16	/* .pushsection depth followed */

struct probe_state {
	bool	 code;			/* the current section holds code */
	bool	 previous;		/* ... and the one .previous returns to */
	bool	 stack[PROBE_SECTIONS];
	int	 depth;
	bool	 system[PROBE_FILES];	/* file number n is under /usr */
	bool	 is_stmt;		/* sticky, as in the assembler */
	bool	 in_asm;		/* between #APP and #NO_APP */
	bool	 entered;		/* the function called its enter hook */
	bool	 live;			/* and rows here are inside its body */
	/* what its code may write (see the file comment) */
	unsigned fn;			/* the function's number in the file */
	bool	 probed;		/* it has a probe: its extent is wanted */
	bool	 fp_set, fp_clobbered;	/* mov %rsp, %rbp; other writes */
	long	 rbp_top;		/* the extent above %rbp */
	bool	 repeat;		/* a rep prefix alone on the last line */
	bool	 prefixed;		/* any prefix alone on the last line */
	bool	 logged;		/* this instruction's store is logged */
	bool	 row_begun;		/* the row has had an instruction */
	bool	 row_return;		/* ... and it was a nop: `return;` */
	const struct names *clean;	/* functions whose calls need no mark */
	const struct names *framed;	/* functions that keep %rbp a frame pointer */
	char	 name[CC_NAME_MAX];	/* the function's, from its .type */
};

/* A sorted array of names (the file's functions with probes). */
struct names {
	char	**names;
	size_t	 n, cap;
};

/* Whether s starts with the word w (followed by a space, a tab or the end). */
static bool
word(const char *s, const char *w)
{
	size_t n = strlen(w);

	return strncmp(s, w, n) == 0 &&
	    (s[n] == '\0' || s[n] == ' ' || s[n] == '\t' || s[n] == '\n' ||
	    s[n] == ',');
}

static void
set_section(struct probe_state *st, bool code)
{
	st->previous = st->code;
	st->code = code;
}

/* A `.section NAME, "flags"...` or `.pushsection` holds code? */
static bool
section_is_code(const char *args)
{
	const char *flags;

	args = cc_skip_space(args);
	if (strncmp(args, ".text", 5) == 0)
		return true;
	flags = strchr(args, '"');
	return flags != NULL && strchr(flags + 1, 'x') != NULL &&
	    strchr(flags + 1, 'x') < strchr(flags + 1, '"');
}

static void
section_directive(struct probe_state *st, const char *t)
{
	if (word(t, ".text")) {
		set_section(st, true);
	} else if (word(t, ".data") || word(t, ".bss")) {
		set_section(st, false);
	} else if (word(t, ".section")) {
		set_section(st, section_is_code(t + 8));
	} else if (word(t, ".pushsection")) {
		if (st->depth < PROBE_SECTIONS)
			st->stack[st->depth] = st->code;
		st->depth++;
		set_section(st, section_is_code(t + 12));
	} else if (word(t, ".popsection")) {
		if (st->depth > 0 && --st->depth < PROBE_SECTIONS)
			set_section(st, st->stack[st->depth]);
	} else if (word(t, ".previous")) {
		set_section(st, st->previous);
	}
}

/* The next quoted string of s into buf; the rest of s, or NULL. */
static const char *
quoted(const char *s, char *buf, size_t size)
{
	const char *end;
	size_t n;

	if ((s = strchr(s, '"')) == NULL || (end = strchr(s + 1, '"')) == NULL)
		return NULL;
	n = (size_t)(end - s - 1) < size - 1 ? (size_t)(end - s - 1) : size - 1;
	memcpy(buf, s + 1, n);
	buf[n] = '\0';
	return end + 1;
}

/* `.file N "dir" "name"` or `.file N "name"`: is file N a system one? */
static void
file_directive(struct probe_state *st, const char *t)
{
	char first[512], second[512];
	const char *rest;
	char *end;
	unsigned long n;

	t = cc_skip_space(t + 5);
	n = strtoul(t, &end, 10);
	if (end == t || n >= PROBE_FILES ||
	    (rest = quoted(end, first, sizeof first)) == NULL)
		return;
	rest = cc_skip_space(rest);
	if (*rest == '"' && quoted(rest, second, sizeof second) != NULL &&
	    second[0] != '/')
		st->system[n] = strncmp(first, "/usr/", 5) == 0;
	else if (*rest == '"' && quoted(rest, second, sizeof second) != NULL)
		st->system[n] = strncmp(second, "/usr/", 5) == 0;
	else
		st->system[n] = strncmp(first, "/usr/", 5) == 0;
}

/* A call of the hook called name (`call name`, `callq name@PLT`, ...)? */
static bool
calls(const char *t, const char *name)
{
	if (!word(t, "call") && !word(t, "callq"))
		return false;
	t = cc_skip_space(t + (t[4] == 'q' ? 5 : 4));
	return strncmp(t, name, strlen(name)) == 0;
}

/* A jump target: gcc's `.L12:`, clang's `.LBB3_4:`. */
static bool
block_label(const char *t)
{
	if (strncmp(t, ".LBB", 4) == 0 && t[4] >= '0' && t[4] <= '9')
		t += 4;
	else if (strncmp(t, ".L", 2) == 0 && t[2] >= '0' && t[2] <= '9')
		t += 2;
	else
		return false;
	while ((*t >= '0' && *t <= '9') || *t == '_')
		t++;
	return *t == ':';
}

static void
emit_probe(FILE *out, uint32_t key, unsigned fn)
{
	fprintf(out, "\tlea -128(%%rsp), %%rsp\n"
	    "\tcall __stackheap_probe@PLT\n"
	    "\t.byte 0x0f, 0x1f, 0x80\n"
	    "\t.long %u\n"
	    "\t.byte 0x0f, 0x1f, 0x80\n"
	    "\t.long .Lstackheap_frame_%u\n"
	    "\tlea 128(%%rsp), %%rsp\n", (unsigned)key, fn);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* qsort wants an array even for no names: an empty set has none. */
static void
sort_names(struct names *set)
{
	if (set->n > 0)
		qsort(set->names, set->n, sizeof *set->names, compare_names);
}

static bool
has_name(const struct names *set, const char *name)
{
	return set->n > 0 && bsearch(&name, set->names, set->n,
	    sizeof *set->names, compare_names) != NULL;
}

/* The extent the function's probes carry, once its code has been read. */
static void
end_function(struct probe_state *st, FILE *out)
{
	if (st->probed)
		fprintf(out, "\t.set .Lstackheap_frame_%u, %#lx\n", st->fn,
		    st->fp_set && !st->fp_clobbered && has_name(st->framed, st->name) &&
		    st->rbp_top < (1L << 30) ?
		    CC_PROBE_EXTENT_KNOWN | (unsigned long)(st->rbp_top > 16 ?
		    st->rbp_top : 16) : 0UL);
	if (st->probed)
		st->fn++;
	st->probed = st->fp_set = st->fp_clobbered = false;
	st->rbp_top = 0;
}

static void
emit_dirty(FILE *out)
{
	fputs("\tmovb $1, __stackheap_dirty(%rip)\n", out);
}

static void
emit_clean_call(FILE *out)
{
	fprintf(out, "\t.byte 0x0f, 0x1f, 0x80\n\t.long %#x\n",
	    CC_PROBE_CLEAN_CALL);
}

/*
 * A call of name leaves alone whatever the next line step would not
 * compare: a function of this file with probes (whose own writes are
 * marked) or a pure one.
 */
static bool
clean_call(const struct probe_state *st, const char *name)
{
	return name[0] != '\0' && (cc_insn_pure_call(name) ||
	    has_name(st->clean, name));
}

/*
 * A store through a pointer: its address, taken before it runs, goes to
 * the thread's store log (rt_probe.S).  %rax is kept, the red zone
 * stepped over; the operand uses neither %rsp nor %rip (cc_insn.c), so
 * it means the same after the push.  Not after a prefix alone on its line,
 * which must stay in front of its instruction; not to a fixed slot of
 * the function's own frame (N(%rbp) where it keeps %rbp as its frame
 * pointer), which the next line step compares anyway; an indexed one (a
 * local array) is logged, as it may run past its array.
 */
static void
before_instruction(struct probe_state *st, const char *line, FILE *out)
{
	struct cc_insn in;

	st->logged = false;
	if (!st->code || st->prefixed)
		return;
	cc_insn_read(line, &in);
	if (!in.instruction || in.store == NULL ||
	    (in.store_rbp && !in.writes_elsewhere &&
	    has_name(st->framed, st->name)))
		return;
	st->logged = true;
	fprintf(out, "\tleaq -128(%%rsp), %%rsp\n"
	    "\tpushq %%rax\n"
	    "\tleaq %.*s, %%rax\n"
	    "\tcall __stackheap_store@PLT\n"
	    "\tpopq %%rax\n"
	    "\tleaq 128(%%rsp), %%rsp\n", (int)in.store_len, in.store);
}

/* What an instruction line of the function's code needs after it. */
static void
after_instruction(struct probe_state *st, const char *line, FILE *out)
{
	struct cc_insn in;
	bool dirty;

	cc_insn_read(line, &in);
	if (!in.instruction || !st->code)
		return;
	st->prefixed = in.prefix_only;
	if (in.prefix_only) {
		st->repeat |= in.writes_elsewhere;
		return;
	}
	dirty = in.writes_elsewhere || st->repeat || (in.writes_rbp_slot &&
	    !has_name(st->framed, st->name));
	/* a bounded store the log has is all the next step needs to know */
	if (st->logged && in.store_bounded && !st->repeat)
		dirty = false;
	st->logged = false;
	st->repeat = false;
	st->fp_set |= in.sets_fp;
	st->fp_clobbered |= in.clobbers_fp;
	if (in.rbp_top > st->rbp_top)
		st->rbp_top = in.rbp_top;
	if (in.call && strcmp(in.callee, "__cyg_profile_func_enter") != 0 &&
	    strcmp(in.callee, "__cyg_profile_func_exit") != 0) {
		if (clean_call(st, in.callee))
			emit_clean_call(out);
		else
			emit_dirty(out);
	} else if (dirty) {
		emit_dirty(out);
	}
}

/*
 * `.loc FILE LINE [COLUMN] [options]`: the key of the row's probe, or 0
 * when it gets none.
 */
static uint32_t
loc_directive(struct probe_state *st, const char *t)
{
	unsigned long file, line;
	const char *s;
	char *end;

	t = cc_skip_space(t + 4);
	file = strtoul(t, &end, 10);
	if (end == t)
		return 0;
	s = cc_skip_space(end);
	line = strtoul(s, &end, 10);
	if (end == s)
		return 0;
	for (s = end; (s = strstr(s, "is_stmt")) != NULL; s += 7)
		st->is_stmt = strtoul(cc_skip_space(s + 7), NULL, 10) != 0;
	if (!st->is_stmt || !st->live || !st->code || st->in_asm || line == 0 ||
	    (file < PROBE_FILES && st->system[file]))
		return 0;
	return cc_probe_key((unsigned)file, (unsigned)line);
}

/* A function's edges: its .type, its .cfi_startproc and .cfi_endproc. */
static bool
function_edge(const char *t)
{
	return word(t, ".cfi_startproc") || word(t, ".cfi_endproc") ||
	    (word(t, ".type") && strstr(t, "function") != NULL);
}

/* Takes in one line of assembly; returns the key of a probe to put after it. */
static uint32_t
probe_line(struct probe_state *st, const char *line)
{
	const char *t = cc_skip_space(line);

	if (strncmp(t, "#APP", 4) == 0)
		st->in_asm = true;
	else if (strncmp(t, "#NO_APP", 7) == 0)
		st->in_asm = false;
	if (st->in_asm)
		return 0;
	if (word(t, ".loc"))
		return loc_directive(st, t);
	if (word(t, ".file"))
		file_directive(st, t);
	else if (function_edge(t))
		st->entered = st->live = false;
	else if (calls(t, "__cyg_profile_func_enter"))
		st->entered = st->live = true;
	else if (calls(t, "__cyg_profile_func_exit"))
		st->live = false;
	else if (block_label(t))
		st->live = st->entered;
	else if (*t == '.')
		section_directive(st, t);
	return 0;
}

/* The whole input, a line at a time (the rewrite reads it twice). */
struct text {
	char	**lines;
	size_t	 n, cap;
};

static bool
add_line(char ***lines, size_t *n, size_t *cap, char *line)
{
	if (*n == *cap) {
		size_t cap2 = *cap ? *cap * 2 : 1024;
		char **grown = realloc(*lines, cap2 * sizeof *grown);

		if (grown == NULL)
			return false;
		*lines = grown;
		*cap = cap2;
	}
	(*lines)[(*n)++] = line;
	return true;
}

static void
free_lines(char **lines, size_t n)
{
	while (n > 0)
		free(lines[--n]);
	free(lines);
}

static int
read_text(FILE *in, struct text *text)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, in) > 0) {
		if (!add_line(&text->lines, &text->n, &text->cap, line))
			return -1;
		line = NULL;
		cap = 0;
	}
	free(line);
	return ferror(in) ? -1 : 0;
}

/* The function a `.type NAME, @function` line starts, into name. */
static void
type_name(const char *t, char *name, size_t size)
{
	size_t n = 0;

	for (t = cc_skip_space(t + 5); *t != ',' && *t != ' ' && *t != '\t' &&
	    *t != '\0' && *t != '\n' && n + 1 < size; t++)
		name[n++] = *t;
	name[n] = '\0';
}

/* Adds a copy of name to set (sorted later); -1 if it cannot. */
static int
add_name(struct names *set, const char *name)
{
	char *copy = strdup(name);

	if (copy == NULL || !add_line(&set->names, &set->n, &set->cap, copy)) {
		free(copy);
		return -1;
	}
	return 0;
}

/* What the first pass learns of one function. */
struct function_facts {
	char	 name[CC_NAME_MAX];
	bool	 entered;	/* calls its enter hook */
	bool	 away;		/* jumps out of itself */
	bool	 fp_set, fp_clobbered;
};

static int
file_function(const struct function_facts *f, struct names *clean,
    struct names *framed)
{
	if (f->name[0] == '\0')
		return 0;
	if (f->entered && !f->away && add_name(clean, f->name) < 0)
		return -1;
	if (f->fp_set && !f->fp_clobbered && add_name(framed, f->name) < 0)
		return -1;
	return 0;
}

/*
 * The first pass.  clean: the functions of the file whose calls need no
 * mark, those that call their enter hook (they have probes and mark their
 * own writes) and never jump out of themselves (a tail call could reach
 * anything).  framed: those that keep %rbp as their frame pointer, whose
 * N(%rbp) are their own slots.
 */
static int
read_functions(const struct text *text, struct names *clean,
    struct names *framed)
{
	struct function_facts f = { .name = "" };
	struct cc_insn in;
	size_t i;

	for (i = 0; i <= text->n; i++) {
		const char *t = i < text->n ? cc_skip_space(text->lines[i]) :
		    ".type";

		if (word(t, ".type") && (i == text->n || strstr(t, "function"))) {
			if (file_function(&f, clean, framed) < 0)
				return -1;
			memset(&f, 0, sizeof f);
			if (i < text->n)
				type_name(t, f.name, sizeof f.name);
		} else if (calls(t, "__cyg_profile_func_enter")) {
			f.entered = true;
		} else {
			cc_insn_read(t, &in);
			f.away |= in.jumps_away;
			f.fp_set |= in.sets_fp;
			f.fp_clobbered |= in.clobbers_fp;
		}
	}
	sort_names(clean);
	sort_names(framed);
	return 0;
}

/*
 * Whether the current row began with a nop, which is what gcc makes of a
 * `return;` in a void function (or of its closing brace).
 */
static void
note_row(struct probe_state *st, const char *t)
{
	struct cc_insn in;

	if (word(t, ".loc")) {
		st->row_begun = st->row_return = false;
	} else if (!st->row_begun && !st->in_asm) {
		cc_insn_read(t, &in);
		if (in.instruction) {
			st->row_begun = true;
			st->row_return = word(t, "nop");
		}
	}
}

/* One line of the input, with what goes before and after it. */
static int
rewrite_line(struct probe_state *st, const char *line, FILE *out)
{
	const char *t = cc_skip_space(line);
	bool was_asm = st->in_asm;
	uint32_t key;
	size_t n;

	if (!st->in_asm && function_edge(t))
		end_function(st, out);
	if (word(t, ".type") && strstr(t, "function") != NULL)
		type_name(t, st->name, sizeof st->name);
	key = probe_line(st, line);
	note_row(st, t);
	if (!was_asm && !st->in_asm)
		before_instruction(st, line, out);
	n = strlen(line);
	if (fwrite(line, 1, n, out) != n)
		return -1;
	if (n == 0 || line[n - 1] != '\n')
		fputc('\n', out);
	if (was_asm && !st->in_asm && st->code)
		emit_dirty(out);	/* inline assembly: anything */
	else if (!st->in_asm)
		after_instruction(st, line, out);
	if (key != 0) {
		emit_probe(out, key, st->fn);
		st->probed = true;
	}
	return 0;
}

/*
 * Whether the first instruction from line i on puts a return value in
 * its register (gcc keeps it in a callee-saved one across the exit hook,
 * or reloads it from the frame).
 */
static bool
sets_return_value(const struct text *text, size_t i)
{
	struct cc_insn in;

	for (; i < text->n; i++) {
		cc_insn_read(text->lines[i], &in);
		if (in.instruction)
			return in.sets_return;
	}
	return false;
}

/*
 * gcc calls a function's exit hook before the row of its closing brace
 * when nothing comes between (a void function), so that the brace's row
 * would get no probe, and the last line's effect would show only after
 * the return, the frame gone.  That row is taken before the call: its
 * probe runs while the frame still lives, as clang's does.  Not after a
 * `return;`, nor when the brace's row hands over a return value: the
 * step of the `return` line already shows the frame as it ends.
 */
static bool
brace_row_after_exit(const struct probe_state *st, const struct text *text,
    size_t i)
{
	return !st->in_asm && st->live && !st->row_return && i + 1 < text->n &&
	    calls(cc_skip_space(text->lines[i]), "__cyg_profile_func_exit") &&
	    word(cc_skip_space(text->lines[i + 1]), ".loc") &&
	    !sets_return_value(text, i + 2);
}

static int
rewrite_text(const struct text *text, const struct names *clean,
    const struct names *framed, FILE *out)
{
	struct probe_state st = { .code = true, .is_stmt = true,
		.clean = clean, .framed = framed };
	size_t i;

	for (i = 0; i < text->n; i++) {
		if (brace_row_after_exit(&st, text, i)) {
			if (rewrite_line(&st, text->lines[i + 1], out) < 0)
				return -1;
			if (rewrite_line(&st, text->lines[i++], out) < 0)
				return -1;
		} else if (rewrite_line(&st, text->lines[i], out) < 0) {
			return -1;
		}
	}
	end_function(&st, out);
	return ferror(out) ? -1 : 0;
}

int
cc_probe_rewrite(FILE *in, FILE *out)
{
	struct text text = { 0 };
	struct names clean = { 0 }, framed = { 0 };
	int rc = read_text(in, &text);

	if (rc == 0)
		rc = read_functions(&text, &clean, &framed);
	if (rc == 0)
		rc = rewrite_text(&text, &clean, &framed, out);
	free_lines(clean.names, clean.n);
	free_lines(framed.names, framed.n);
	free_lines(text.lines, text.n);
	return rc;
}
