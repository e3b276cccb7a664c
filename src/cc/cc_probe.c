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
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
};

static const char *
skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

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

	args = skip_space(args);
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

	t = skip_space(t + 5);
	n = strtoul(t, &end, 10);
	if (end == t || n >= PROBE_FILES ||
	    (rest = quoted(end, first, sizeof first)) == NULL)
		return;
	rest = skip_space(rest);
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
	t = skip_space(t + (t[4] == 'q' ? 5 : 4));
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
emit_probe(FILE *out, uint32_t key)
{
	fprintf(out, "\tlea -128(%%rsp), %%rsp\n"
	    "\tcall __stackheap_probe@PLT\n"
	    "\t.byte 0x0f, 0x1f, 0x80\n"
	    "\t.long %u\n"
	    "\tlea 128(%%rsp), %%rsp\n", (unsigned)key);
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

	t = skip_space(t + 4);
	file = strtoul(t, &end, 10);
	if (end == t)
		return 0;
	s = skip_space(end);
	line = strtoul(s, &end, 10);
	if (end == s)
		return 0;
	for (s = end; (s = strstr(s, "is_stmt")) != NULL; s += 7)
		st->is_stmt = strtoul(skip_space(s + 7), NULL, 10) != 0;
	if (!st->is_stmt || !st->live || !st->code || st->in_asm || line == 0 ||
	    (file < PROBE_FILES && st->system[file]))
		return 0;
	return cc_probe_key((unsigned)file, (unsigned)line);
}

/* Takes in one line of assembly; returns the key of a probe to put after it. */
static uint32_t
probe_line(struct probe_state *st, const char *line)
{
	const char *t = skip_space(line);

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
	else if (word(t, ".cfi_startproc") || word(t, ".cfi_endproc") ||
	    (word(t, ".type") && strstr(t, "function") != NULL))
		st->entered = st->live = false;	/* a function's edges */
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

int
cc_probe_rewrite(FILE *in, FILE *out)
{
	struct probe_state st = { .code = true, .is_stmt = true };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	uint32_t key;

	while ((n = getline(&line, &cap, in)) > 0) {
		key = probe_line(&st, line);
		if (fwrite(line, 1, (size_t)n, out) != (size_t)n)
			break;
		if (line[n - 1] != '\n')
			fputc('\n', out);
		if (key != 0)
			emit_probe(out, key);
	}
	free(line);
	return ferror(in) || ferror(out) ? -1 : 0;
}
