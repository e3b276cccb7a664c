/*
 * view_value.c — turning bytes into the text a C programmer expects.
 *
 * Values are read in the host's byte order (the trace header says it is
 * the same as the traced program's).  Long arrays and deep structs are cut
 * with "…" so a row stays readable.  A pointer in the book view is an arrow
 * to the slot it points into: a variable's stack slot, or a heap block's
 * (2^30) - k; into freed memory, it is marked dangling.
 *
 * A scalar or pointer that still holds what its memory held before the
 * program wrote it (ctx->init: a local's compiler pattern, the malloc
 * shim's fill) is "?" in the book view and "(uninitialized)" in the real
 * one, member by member, so that a half-set struct shows which half.
 */
#include "config.h"

#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_reach.h"
#include "view/view_value.h"
#include "util/util_alloc.h"

#define ARRAY_SHOWN 16		/* items of an array shown before "…" */
#define RUN_MIN 5		/* equal elements shown as one "x ×n" */
#define VALUE_TEXT_MAX 160	/* characters of one value before "…" */
#define DEPTH_MAX 6

/* --- scalars ---------------------------------------------------------------------- */

static uint64_t
read_unsigned(const uint8_t *p, size_t size)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64 = 0;

	switch (size) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	default: memcpy(&u64, p, size < 8 ? size : 8); return u64;
	}
}

static int64_t
read_signed(const uint8_t *p, size_t size)
{
	uint64_t v = read_unsigned(p, size);
	unsigned bits = size >= 8 ? 64 : (unsigned)size * 8;

	if (bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~(uint64_t)0 << bits;
	return (int64_t)v;
}

static void
format_char(int c, struct strbuf *out)
{
	static const char *const escapes[] = {
		['\0'] = "\\0", ['\a'] = "\\a", ['\b'] = "\\b", ['\t'] = "\\t",
		['\n'] = "\\n", ['\v'] = "\\v", ['\f'] = "\\f", ['\r'] = "\\r",
	};

	if (c >= 0 && c < (int)(sizeof escapes / sizeof escapes[0]) &&
	    escapes[c] != NULL)
		strbuf_add(out, escapes[c]);
	else if (c == '\'' || c == '"' || c == '\\')
		strbuf_addf(out, "\\%c", c);
	else if (c >= 0x20 && c < 0x7f)
		strbuf_addf(out, "%c", c);
	else
		strbuf_addf(out, "\\x%02x", (unsigned)c & 0xff);
}

/* Whether text reads back as v in a floating type of that size. */
static bool
reads_back(const char *text, long double v, size_t size)
{
	long double r = strtold(text, NULL);

	if (size == 4)
		return (float)r == (float)v;
	if (size == 8)
		return (double)r == (double)v;
	return r == v;
}

/*
 * A floating value as a C programmer reads it: the fewest significant
 * digits that read back as the same float, double or long double (0.1,
 * not 0.10000000000000001), laid out as %g lays out a number of at least
 * six digits, so that 10 is "10", not the "1e+01" of %g with one digit.
 * Only a number from 1e1 to 1e5 written with fewer digits than its
 * integer part has is written out again, with as many digits as that part
 * has: it is then near enough to a whole number for those digits to be
 * its own (a denormal, with few digits of its own, is far smaller).
 */
static void
format_float(long double v, size_t size, struct strbuf *out)
{
	char text[64], *e;
	int digits, exponent;

	if (isnan(v) || isinf(v)) {
		strbuf_add(out, isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
		return;
	}
	for (digits = 1; digits < 40; digits++) {
		snprintf(text, sizeof text, "%.*Lg", digits, v);
		if (reads_back(text, v, size))
			break;
	}
	e = strchr(text, 'e');
	exponent = e != NULL ? atoi(e + 1) : 0;
	if (e != NULL && exponent >= 0 && exponent < 6)
		snprintf(text, sizeof text, "%.*Lg", exponent + 1, v);
	strbuf_add(out, text);
}

static void
format_scalar(const struct model_type *t, const uint8_t *p, struct strbuf *out)
{
	float f;
	double d;
	long double ld;
	int64_t sv;
	size_t i;

	switch (t->kind) {
	case MT_BOOL:
		strbuf_add(out, read_unsigned(p, t->size) ? "true" : "false");
		break;
	case MT_CHAR:
		strbuf_add(out, "'");
		format_char((int)(int8_t)p[0], out);
		strbuf_add(out, "'");
		break;
	case MT_SINT:
		strbuf_addf(out, "%lld", (long long)read_signed(p, t->size));
		break;
	case MT_UINT:
		strbuf_addf(out, "%llu", (unsigned long long)read_unsigned(p, t->size));
		break;
	case MT_FLOAT:
		if (t->size == 4) {
			memcpy(&f, p, 4);
			format_float(f, 4, out);
		} else if (t->size == 8) {
			memcpy(&d, p, 8);
			format_float(d, 8, out);
		} else {
			memcpy(&ld, p, t->size < sizeof ld ? t->size : sizeof ld);
			format_float(ld, t->size, out);
		}
		break;
	case MT_ENUM:
		sv = read_signed(p, t->size);
		for (i = 0; i < t->nenumerators; i++)
			if (t->enumerators[i].value == sv) {
				strbuf_add(out, t->enumerators[i].name);
				return;
			}
		strbuf_addf(out, "%lld", (long long)sv);
		break;
	default:
		break;
	}
}

static void
format_bytes(const uint8_t *p, size_t n, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < n && i < 8; i++)
		strbuf_addf(out, i ? " %02x" : "%02x", p[i]);
	if (n > 8)
		strbuf_add(out, " …");
}

/* --- uninitialized memory ---------------------------------------------------- */

static bool
all_bytes(const uint8_t *p, size_t n, uint8_t byte)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != byte)
			return false;
	return true;
}

/* An x87 long double is 10 bytes; the compilers leave its padding alone. */
static size_t
value_bytes(const struct model_type *t)
{
	return t->kind == MT_FLOAT && t->size > 10 ? 10 : (size_t)t->size;
}

bool
view_value_unset(const struct model_type *t, const uint8_t *p, size_t n,
    uint8_t init)
{
	size_t size;

	if (t == NULL || p == NULL || n < t->size || t->size == 0)
		return false;
	switch (t->kind) {
	case MT_BOOL: case MT_CHAR: case MT_SINT: case MT_UINT: case MT_FLOAT:
	case MT_ENUM: case MT_POINTER: case MT_FUNCPTR:
		break;
	default:
		return false;
	}
	size = value_bytes(t);
	switch (init) {
	case MODEL_INIT_HEAP:
		return all_bytes(p, size, SH_HEAP_FILL);
	case MODEL_INIT_GCC:	/* gcc's pattern for a _Bool is false */
		return t->kind != MT_BOOL && all_bytes(p, size, 0xfe);
	case MODEL_INIT_CLANG:
		return all_bytes(p, size, t->kind == MT_FLOAT ? 0xff : 0xaa);
	default:
		return false;
	}
}

static void
unset_mark(const struct view_value_ctx *c, struct strbuf *out)
{
	strbuf_add(out, c->book ? UNSET_MARK_BOOK : UNSET_MARK_REAL);
}

/* A char array is text, one value: unset only when every char is. */
static bool
unset_chars(const struct view_value_ctx *c, const struct model_type *elem,
    const uint8_t *p, size_t n)
{
	size_t i;

	if (c->init == MODEL_INIT_NONE || n == 0)
		return false;
	for (i = 0; i + elem->size <= n; i += elem->size)
		if (!view_value_unset(elem, p + i, n - i, c->init))
			return false;
	return true;
}

/* --- pointers ------------------------------------------------------------------------ */

void
view_heap_slot_text(uint32_t k, struct strbuf *out)
{
	if (k == 0)	/* a library's own block: it has no slot */
		strbuf_add(out, "(a library's block)");
	else
		strbuf_addf(out, "(2^30) - %u", k);
}

/*
 * Appends where offset off lies inside a value of type t: an array's
 * element ("[3]", and inside it), a struct's field (".next"), else the
 * bytes ("+12").  Offset 0 adds nothing: a pointer to the start reads as
 * the slot alone, as it always has.
 */
static void
place_in(const struct model_type *t, uint64_t off, struct view_pointee *pt,
    struct strbuf *at, int depth)
{
	size_t i;
	bool array = t != NULL && depth <= DEPTH_MAX && t->kind == MT_ARRAY &&
	    t->target != NULL && t->target->size > 0;

	if (array && depth == 0) {	/* element 0 too, for dump --json */
		pt->indexed = true;
		pt->element = off / t->target->size;
	}
	if (off == 0)
		return;
	if (array) {
		strbuf_addf(at, "[%llu]", (unsigned long long)(off / t->target->size));
		place_in(t->target, off % t->target->size, pt, at, depth + 1);
		return;
	}
	if (t != NULL && depth <= DEPTH_MAX && off < t->size &&
	    (t->kind == MT_STRUCT || t->kind == MT_UNION))
		for (i = 0; i < t->nfields; i++) {
			const struct model_field *f = &t->fields[i];

			if (f->name == NULL || f->bit_size != 0 || f->type == NULL ||
			    off < f->offset || off - f->offset >= f->type->size)
				continue;
			strbuf_addf(at, ".%s", f->name);
			place_in(f->type, off - f->offset, pt, at, depth + 1);
			return;
		}
	strbuf_addf(at, "%s+%llu", at->len > 0 ? " " : "", (unsigned long long)off);
}

/* A block of many elements of its type is an array of them. */
static void
place_in_block(struct view_value_ctx *c, const struct model_block *b,
    uint64_t off, struct view_pointee *pt, struct strbuf *at)
{
	const struct model_type *t = view_value_block_type(c->state,
	    c->block_types, b);
	struct model_type whole;

	if (t != NULL && t->size > 0 && t->size < b->size) {
		memset(&whole, 0, sizeof whole);
		whole.kind = MT_ARRAY;
		whole.target = t;
		whole.count = (size_t)(b->size / t->size);
		whole.size = b->size;
		place_in(&whole, off, pt, at, 0);
	} else {
		place_in(t != NULL && t->size == b->size ? t : NULL, off, pt, at, 0);
	}
}

static void
point_at_var(struct view_value_ctx *c, struct view_pointee *pt,
    const struct model_var *v, bool global, uint64_t p, struct strbuf *at)
{
	pt->kind = global ? MP_GLOBAL : MP_VAR;
	pt->slot = c->book ? view_slot_of(&c->slots, c->state, v, global) :
	    NO_BOOK_SLOT;
	pt->name = v->name;
	pt->undeclared = v->dwarf && !v->declared;
	pt->offset = p - v->addr;
	place_in(v->type, pt->offset, pt, at, 0);
}

static void
point_at_block(struct view_value_ctx *c, struct view_pointee *pt,
    const struct model_block *b, uint64_t p, struct strbuf *at)
{
	pt->kind = MP_BLOCK;
	pt->slot = b->k;
	pt->offset = p - b->addr;
	place_in_block(c, b, pt->offset, pt, at);
}

/*
 * A pointer into the thread's stack below its innermost frame points into
 * a frame that returned: whatever local it pointed to is dead.
 */
static bool
into_returned_frame(const struct model_state *s, uint32_t tid, uint64_t p)
{
	const struct model_thread *t = model_state_thread(s, tid);
	uint64_t lo;

	if (t == NULL || t->nframes == 0 || t->stack.bytes == NULL)
		return false;
	lo = t->frames[t->nframes - 1].lo;
	return lo != 0 && p >= t->stack.lo && p < lo;
}

/* The variable of vars that ends nearest at or below p. */
static const struct model_var *
var_below(const struct model_state *s, const struct model_var *vars, size_t n,
    uint64_t p, const struct model_var *best)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct model_var *v = &vars[i];

		if (v->avail != MODEL_KNOWN || !model_var_in_real(s, v) ||
		    v->size == 0 || v->addr + v->size > p)
			continue;
		if (best == NULL || v->addr + v->size > best->addr + best->size)
			best = v;
	}
	return best;
}

/*
 * A pointer that lands in nothing, just past a variable or block: one past
 * the end (legal C, but not to be dereferenced), or out of bounds.  Only
 * up to the object's own length past its end: farther, the pointer is
 * more likely about something else, and we say nothing rather than guess.
 */
static bool
past_end(struct view_value_ctx *c, uint64_t p, struct view_pointee *pt,
    struct strbuf *at)
{
	const struct model_state *s = c->state;
	const struct model_block *b = model_heap_floor(&s->byaddr, p);
	const struct model_var *v = NULL, *g;
	const struct model_thread *t = model_state_thread(s, c->tid);
	uint64_t end;

	if (b != NULL && b->size > 0 && p - b->addr < 2 * b->size) {
		point_at_block(c, pt, b, p, at);
	} else {
		if (t != NULL)
			v = var_below(s, t->vars, t->nvars, p, NULL);
		g = var_below(s, s->globals, s->nglobals, p, NULL);
		if (v == NULL || (g != NULL && g->addr > v->addr)) {
			v = g;
			if (v == NULL || p - v->addr >= 2 * v->size)
				return false;
			point_at_var(c, pt, v, true, p, at);
		} else {
			if (p - v->addr >= 2 * v->size)
				return false;
			point_at_var(c, pt, v, false, p, at);
		}
	}
	end = pt->kind == MP_BLOCK ? b->size : v->size;
	pt->bounds = pt->offset == end ? MP_ONE_PAST : MP_OUT;
	return true;
}

void
view_value_pointee(struct view_value_ctx *c, uint64_t p,
    struct view_pointee *pt)
{
	const struct model_block *b = model_state_block_at(c->state, p);
	const struct model_freed *freed;
	const struct model_var *v;
	struct strbuf at = { NULL, 0, 0 };
	bool global;

	memset(pt, 0, sizeof *pt);
	if (p == 0)
		return;
	if (b != NULL) {
		point_at_block(c, pt, b, p, &at);
	} else if ((v = model_state_var_at(c->state, p, c->tid, &global)) != NULL) {
		point_at_var(c, pt, v, global, p, &at);
	} else if ((freed = model_state_freed_at(c->state, p)) != NULL) {
		pt->kind = MP_FREED;
		pt->slot = freed->k;
		pt->offset = p - freed->addr;
		place_in(NULL, pt->offset, pt, &at, 0);
	} else if (into_returned_frame(c->state, c->tid, p)) {
		pt->kind = MP_DEAD_FRAME;
	} else {
		past_end(c, p, pt, &at);
	}
	if (at.s != NULL)
		snprintf(pt->at, sizeof pt->at, "%s", at.s);
	free(at.s);
}

const char *
view_pointee_state(const struct view_pointee *pt)
{
	if (pt->kind == MP_FREED || pt->kind == MP_DEAD_FRAME)
		return "dangling";
	if (pt->bounds == MP_ONE_PAST)
		return "one past the end";
	if (pt->bounds == MP_OUT)
		return "out of bounds";
	return NULL;
}

/* Appends " (dangling)" and the like; marks what must not be followed. */
static void
pointee_state(struct view_value_ctx *c, const struct view_pointee *pt,
    struct strbuf *out)
{
	const char *state = view_pointee_state(pt);

	if (state == NULL)
		return;
	strbuf_addf(out, " (%s)", state);
	if (pt->bounds != MP_ONE_PAST)
		c->dangling = true;
}

/*
 * A variable with no slot in the book: its declaration has not run yet
 * (a pointer taken early, or stack bytes left from before), or it is
 * out of a curated picture.  Named rather than numbered: a slot number
 * the table does not have would send the reader looking for it.
 */
static void
book_pointer_unslotted(struct view_value_ctx *c, const struct view_pointee *pt,
    struct strbuf *out)
{
	strbuf_addf(out, "%s %s", c->arrow, pt->name);
	if (pt->at[0] != '\0')
		strbuf_addf(out, " %s", pt->at);
	if (pt->undeclared)
		strbuf_addf(out, " (not yet declared)");
}

static void
book_pointer(struct view_value_ctx *c, uint64_t p, struct strbuf *out)
{
	struct view_pointee pt;

	view_value_pointee(c, p, &pt);
	switch (pt.kind) {
	case MP_BLOCK:
	case MP_FREED:
		strbuf_addf(out, "%s ", c->arrow);
		view_heap_slot_text(pt.slot, out);
		break;
	case MP_VAR:
	case MP_GLOBAL:
		if (pt.slot == NO_BOOK_SLOT) {
			book_pointer_unslotted(c, &pt, out);
			return;
		}
		strbuf_addf(out, pt.kind == MP_GLOBAL ? "%s s%u" : "%s %u",
		    c->arrow, pt.slot);
		break;
	case MP_DEAD_FRAME:
		strbuf_addf(out, "%s returned frame", c->arrow);
		break;
	default:
		strbuf_addf(out, "0x%llx", (unsigned long long)p);
		return;
	}
	if (pt.at[0] != '\0')
		strbuf_addf(out, " %s", pt.at);
	pointee_state(c, &pt, out);
}

static void
real_pointer(struct view_value_ctx *c, uint64_t p, struct strbuf *out)
{
	struct view_pointee pt;

	view_value_pointee(c, p, &pt);
	strbuf_addf(out, "0x%llx", (unsigned long long)p);
	switch (pt.kind) {
	case MP_BLOCK:
		strbuf_addf(out, " %s heap", c->arrow);
		break;
	case MP_VAR:
	case MP_GLOBAL:
		strbuf_addf(out, " %s %s", c->arrow, pt.name);
		break;
	case MP_FREED:
		strbuf_addf(out, " %s freed", c->arrow);
		break;
	case MP_DEAD_FRAME:
		strbuf_addf(out, " %s returned frame", c->arrow);
		break;
	default:
		return;
	}
	if (pt.at[0] != '\0')
		strbuf_addf(out, pt.at[0] == '+' ? " %s" : "%s", pt.at);
	pointee_state(c, &pt, out);
}

void
view_value_pointer(struct view_value_ctx *c, uint64_t p, struct strbuf *out)
{
	if (p == 0)
		strbuf_add(out, "NULL");
	else if (c->book)
		book_pointer(c, p, out);
	else
		real_pointer(c, p, out);
}

static void
function_pointer(struct view_value_ctx *c, uint64_t p, struct strbuf *out)
{
	const char *name = p ? debuginfo_function(
	    model_trace_symbols(c->trace), p) : NULL;

	if (p == 0)
		strbuf_add(out, "NULL");
	else if (name != NULL)
		strbuf_addf(out, "%s %s()", c->arrow, name);
	else
		strbuf_addf(out, "0x%llx", (unsigned long long)p);
}

/* --- aggregates ------------------------------------------------------------------------ */

static void format_at(struct view_value_ctx *, const struct model_type *,
    const uint8_t *, size_t, struct strbuf *, int depth);

static bool
too_long(const struct strbuf *out, size_t start)
{
	return out->len - start > VALUE_TEXT_MAX;
}

static void
format_string(const uint8_t *p, size_t n, struct strbuf *out)
{
	size_t i;

	strbuf_add(out, "\"");
	for (i = 0; i < n && p[i] != '\0' && i < VALUE_TEXT_MAX; i++)
		format_char(p[i], out);
	strbuf_add(out, i < n && p[i] != '\0' ? "\"…" : "\"");
}

/*
 * A char * into read-only data (a string literal) shows its text: no
 * variable or block holds it, and the program cannot change it.
 */
static bool
string_literal(struct view_value_ctx *c, uint64_t p, struct strbuf *out)
{
	uint8_t text[VALUE_TEXT_MAX + 1];
	size_t n;

	if (p == 0 || model_state_block_at(c->state, p) != NULL)
		return false;
	n = debuginfo_read_only(model_trace_symbols(c->trace), p, text,
	    sizeof text);
	if (n == 0)
		return false;
	format_string(text, n, out);
	return true;
}

/*
 * The thread whose stack holds p above its outermost frame: the program's
 * arguments and environment (argv, envp and their strings), which the
 * runtime sends once, at main's first line.
 */
static const struct model_thread *
arguments_at(const struct model_state *s, uint64_t p)
{
	size_t i;

	for (i = 0; i < s->nthreads; i++) {
		const struct model_thread *t = &s->threads[i];

		if (t->nframes > 0 && t->frames[0].hi != 0 &&
		    p >= t->frames[0].hi && model_image_at(&t->stack, p, 1) != NULL)
			return t;
	}
	return NULL;
}

/* A NUL-ended string of the arguments at p, as text ("…" if long). */
static bool
argument_string(struct view_value_ctx *c, uint64_t p, struct strbuf *out)
{
	const struct model_thread *t = arguments_at(c->state, p);
	const uint8_t *b;
	size_t n;

	if (t == NULL)
		return false;
	for (n = 0; n < VALUE_TEXT_MAX; n++) {
		if ((b = model_image_at(&t->stack, p + n, 1)) == NULL)
			return false;	/* not all of it was sent */
		if (*b == '\0')
			break;
	}
	/* with its NUL, or (cut) only the bytes known to be there */
	format_string(model_image_at(&t->stack, p, 1), n + (n < VALUE_TEXT_MAX),
	    out);
	return true;
}

/* Word i of the arguments at p, or false past what was sent. */
static bool
argument_word(const struct model_thread *t, uint64_t p, size_t i, uint64_t *w)
{
	const uint8_t *b = model_image_at(&t->stack, p + 8 * i, 8);

	if (b != NULL)
		memcpy(w, b, 8);
	return b != NULL;
}

/* argv or envp: its strings up to its NULL, cut as an array is. */
static bool
argument_list(struct view_value_ctx *c, uint64_t p, struct strbuf *out)
{
	const struct model_thread *t = arguments_at(c->state, p);
	size_t start = out->len, i, n;
	uint64_t s;

	if (t == NULL)
		return false;
	strbuf_add(out, "[");
	for (i = 0; argument_word(t, p, i, &s) && s != 0; i++) {
		if (!c->all_elements && (i == ARRAY_SHOWN || too_long(out, start))) {
			for (n = i; argument_word(t, p, n, &s) && s != 0; n++)
				continue;
			strbuf_addf(out, ", …, %zu more", n - i);
			break;
		}
		if (i > 0)
			strbuf_add(out, ", ");
		if (!argument_string(c, s, out))
			strbuf_addf(out, "0x%llx", (unsigned long long)s);
	}
	strbuf_add(out, "]");
	return true;
}

static bool
is_char_pointer(const struct model_type *t)
{
	return t != NULL && t->kind == MT_POINTER && t->target != NULL &&
	    t->target->kind == MT_CHAR;
}

/* A char * to a literal or an argument, or a char ** to the arguments. */
static bool
pointer_text(struct view_value_ctx *c, const struct model_type *t,
    uint64_t p, struct strbuf *out)
{
	if (p == 0 || model_state_block_at(c->state, p) != NULL)
		return false;
	if (is_char_pointer(t))
		return string_literal(c, p, out) || argument_string(c, p, out);
	return is_char_pointer(t->target) && argument_list(c, p, out);
}

/*
 * How many elements from i on hold the same bytes as element i, if at
 * least RUN_MIN: a run worth one "0 ×700" (a hash table's one key then
 * shows among its empty slots); else 1.
 */
static size_t
run_length(const uint8_t *p, size_t es, size_t i, size_t count, size_t n)
{
	size_t run = 1;

	while (i + run < count && (i + run + 1) * es <= n &&
	    memcmp(p + i * es, p + (i + run) * es, es) == 0)
		run++;
	return run >= RUN_MIN ? run : 1;
}

bool
view_chars_are_text(const uint8_t *p, size_t n)
{
	bool empty = n > 0 && p[0] == '\0';
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\0' && !empty)
			return true;
		if (p[i] != '\0' && p[i] < ' ' && (p[i] < '\t' || p[i] > '\r'))
			return false;
	}
	return true;
}

/*
 * An array: up to ARRAY_SHOWN items, an item being one element or a run
 * of equal ones ("0 ×700"), then how many elements are left out
 * ("…, 1021 more"): the viewer's expanded row shows them all.
 */
static void
format_array(struct view_value_ctx *c, const struct model_type *elem,
    size_t count, const uint8_t *p, size_t n, struct strbuf *out, int depth)
{
	size_t start = out->len, i = 0, shown = 0, run, es = elem->size;

	if (elem->kind == MT_CHAR && unset_chars(c, elem, p,
	    count * es < n ? count * es : n)) {
		unset_mark(c, out);
		return;
	}
	if (elem->kind == MT_CHAR && view_chars_are_text(p,
	    count * es < n ? count * es : n)) {
		format_string(p, count * es < n ? count * es : n, out);
		return;
	}
	strbuf_add(out, "[");
	while (i < count && es > 0 && (i + 1) * es <= n &&
	    (c->all_elements || (shown < ARRAY_SHOWN && !too_long(out, start)))) {
		if (shown++ > 0)
			strbuf_add(out, ", ");
		if (elem->kind == MT_CHAR)	/* numbers, not text: see above */
			strbuf_addf(out, "%d", (int)(int8_t)p[i * es]);
		else
			format_at(c, elem, p + i * es, es, out, depth + 1);
		run = run_length(p, es, i, count, n);
		if (run > 1)
			strbuf_addf(out, " ×%zu", run);
		i += run;
	}
	if (i < count)
		strbuf_addf(out, "%s…, %zu more", shown > 0 ? ", " : "", count - i);
	strbuf_add(out, "]");
}

bool
view_value_bit_field(const struct model_field *f, const uint8_t *p, size_t n,
    uint64_t *value)
{
	unsigned __int128 bits = 0;
	uint64_t v;
	size_t i, nbytes = (f->bit_offset + f->bit_size + 7u) / 8u;

	if (f->offset + nbytes > n)
		return false;
	for (i = 0; i < nbytes; i++)
		bits |= (unsigned __int128)p[f->offset + i] << (8 * i);
	v = (uint64_t)(bits >> f->bit_offset);
	if (f->bit_size < 64)
		v &= ((uint64_t)1 << f->bit_size) - 1;
	if (f->type->kind == MT_SINT && f->bit_size < 64 &&
	    (v >> (f->bit_size - 1)) & 1)
		v |= ~(((uint64_t)1 << f->bit_size) - 1);
	*value = v;
	return true;
}

/* A bit-field, formatted as a value of its type. */
static void
format_bit_field(const struct model_field *f, const uint8_t *p, size_t n,
    struct strbuf *out)
{
	const struct model_type *t = f->type;
	uint8_t value[16] = { 0 };
	uint64_t v;
	size_t i;

	if (!view_value_bit_field(f, p, n, &v) || t->size > sizeof value) {
		strbuf_add(out, "…");
		return;
	}
	for (i = 0; i < t->size && i < 8; i++)
		value[i] = (uint8_t)(v >> (8 * i));
	if (t->kind == MT_SINT && (int64_t)v < 0)
		for (; i < t->size; i++)
			value[i] = 0xff;
	format_scalar(t, value, out);
}

static void
format_fields(struct view_value_ctx *c, const struct model_type *t,
    const uint8_t *p, size_t n, struct strbuf *out, int depth)
{
	size_t start = out->len, i;

	strbuf_add(out, "{");
	for (i = 0; i < t->nfields; i++) {
		const struct model_field *f = &t->fields[i];

		if (i > 0)
			strbuf_add(out, ", ");
		if (too_long(out, start) || (f->bit_size == 0 &&
		    f->offset + f->type->size > n)) {
			strbuf_add(out, "…");
			break;
		}
		if (f->name != NULL)
			strbuf_addf(out, "%s: ", f->name);
		if (f->bit_size != 0)
			format_bit_field(f, p, n, out);
		else
			format_at(c, f->type, p + f->offset, f->type->size, out,
			    depth + 1);
	}
	strbuf_add(out, "}");
}

static void
format_at(struct view_value_ctx *c, const struct model_type *t,
    const uint8_t *p, size_t n, struct strbuf *out, int depth)
{
	if (t == NULL || n < t->size || depth > DEPTH_MAX) {
		strbuf_add(out, "…");
		return;
	}
	if (c->init != MODEL_INIT_NONE && view_value_unset(t, p, n, c->init)) {
		unset_mark(c, out);
		return;
	}
	switch (t->kind) {
	case MT_POINTER:
		if (!pointer_text(c, t, read_unsigned(p, t->size), out))
			view_value_pointer(c, read_unsigned(p, t->size), out);
		break;
	case MT_FUNCPTR:
		function_pointer(c, read_unsigned(p, t->size), out);
		break;
	case MT_ARRAY:
		format_array(c, t->target, t->count, p, n, out, depth);
		break;
	case MT_STRUCT:
	case MT_UNION:
		format_fields(c, t, p, n, out, depth);
		break;
	case MT_OPAQUE:
		format_bytes(p, t->size, out);
		break;
	default:
		format_scalar(t, p, out);
		break;
	}
}

void
view_value_var(struct view_value_ctx *c, const struct model_var *v,
    struct strbuf *out)
{
	uint8_t init = c->init;

	c->init = v->dwarf ? v->init : MODEL_INIT_NONE;
	if (v->avail == MODEL_OPTIMIZED_OUT)
		strbuf_add(out, "(optimized out)");
	else if (v->avail != MODEL_KNOWN)
		strbuf_add(out, "(unavailable)");
	else if (c->init != MODEL_INIT_NONE && !v->declared)
		unset_mark(c, out);
	else
		view_value_format(c, v->type, v->value, v->nvalue, out);
	c->init = init;
}

void
view_value_format(struct view_value_ctx *c, const struct model_type *t,
    const uint8_t *bytes, size_t n, struct strbuf *out)
{
	if (bytes == NULL || t == NULL) {
		strbuf_add(out, "?");
		return;
	}
	format_at(c, t, bytes, n, out, 0);
}

void
view_value_block(struct view_value_ctx *c, const struct model_block *b,
    struct strbuf *out)
{
	const struct model_type *t = view_value_block_type(c->state,
	    c->block_types, b);
	size_t ncontent;
	const uint8_t *content = model_block_content(c->state, b, &ncontent);
	uint8_t init = c->init;

	if (content == NULL || t == NULL || t->size == 0 || t->size > b->size) {
		strbuf_addf(out, "(%llu bytes)", (unsigned long long)b->size);
		return;
	}
	c->init = MODEL_INIT_HEAP;
	if (t->size == b->size)
		format_at(c, t, content, ncontent, out, 0);
	else
		format_array(c, t, (size_t)(b->size / t->size), content,
		    ncontent, out, 0);
	c->init = init;
}

const struct model_type *
view_value_block_type(const struct model_state *s,
    const struct model_type **types, const struct model_block *b)
{
	const struct model_type *t = types != NULL ?
	    types[model_block_place(b)] : NULL;

	return t != NULL ? t : model_block_last_type(s, b);
}

const struct model_type **
view_value_block_types(const struct model_state *s)
{
	size_t n = s->nlive ? s->nlive : 1;

	return memcpy(xcalloc(n, sizeof(const struct model_type *)),
	    model_reach_types(s), s->nlive * sizeof(const struct model_type *));
}
