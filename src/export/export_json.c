/*
 * export_json.c — a step as one line of JSON (`dump --json`), for tests,
 * graders and other tools:
 *
 *   {"step": N, "event": "line", "thread": T, "function": "main",
 *    "file": "x.c", "line": L, "say": "narration, if any",
 *    "frames": [{"function", "file", "line", "vars": [var...]}...],
 *    "heap": [{"address", "size", "type", "state", "value"}...],
 *      (and "library": "libc.so.6" for a block a library allocated for
 *      itself: every block is listed, the libraries' own marked)
 *    "globals": [var...], "output": [{"stream", "text"}...]}
 *
 * with var = {"name", "type", "address", "value"} (and "text" beside the
 * value of a char array holding text), frames outermost first.  A local is
 * listed from the step its declaration ran, as C's scope has it (the
 * debug information's blocks are wider), and as the book view shows it.  Values:
 * numbers for integers, enums, _Bool, chars and floating types; "0x…"
 * strings for pointers; objects for structs and unions, arrays for
 * arrays; "<optimized out>" or "<unavailable>" where not known,
 * "<uninitialized>" for a scalar or pointer the program has not written
 * (view_value_unset: a struct is marked field by field).  The
 * man page documents the format.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "debuginfo/debuginfo.h"
#include "model/model_step.h"

#define JSON_DEPTH_MAX 8
#define JSON_ELEMENTS_MAX 4096	/* of one array before the rest is cut */

struct json {
	struct model_trace		*trace;
	const struct model_state	*state;
	const struct model_type		**block_types;
	FILE				*out;
	uint8_t				 init;	/* enum model_init of the value */
	struct view_value_ctx		 ctx;	/* where pointers point */
};

static void
put_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	putc('"', out);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			putc(*p, out);
	}
	putc('"', out);
}

/* put_string for bytes that may hold NULs (the program's output). */
static void
put_bytes(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	putc('"', out);
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] >= 0x7f)
			fprintf(out, "\\u%04x", p[i]);
		else
			putc(p[i], out);
	}
	putc('"', out);
}

static void
put_key(FILE *out, const char *key, bool first)
{
	if (!first)
		fputs(", ", out);
	put_string(out, key);
	fputs(": ", out);
}

static uint64_t
read_le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void
put_float(FILE *out, const uint8_t *p, size_t size)
{
	long double v;
	float f;
	double d;

	if (size == 4) {
		memcpy(&f, p, 4);
		v = f;
	} else if (size == 8) {
		memcpy(&d, p, 8);
		v = d;
	} else {
		memcpy(&v, p, sizeof v < size ? sizeof v : size);
	}
	if (isnan(v))
		fputs("\"NaN\"", out);
	else if (isinf(v))
		fputs(v > 0 ? "\"Infinity\"" : "\"-Infinity\"", out);
	else
		fprintf(out, "%.*Lg", size == 4 ? 9 : size == 8 ? 17 : 21, v);
}

static void
put_scalar(FILE *out, const struct model_type *t, const uint8_t *p)
{
	uint64_t v = read_le(p, t->size);

	switch (t->kind) {
	case MT_FLOAT:
		put_float(out, p, t->size);
		break;
	case MT_SINT:
	case MT_ENUM:
	case MT_CHAR:
		if (t->size < 8 && (v >> (8 * t->size - 1)) & 1)
			v |= ~(uint64_t)0 << (8 * t->size);
		fprintf(out, "%lld", (long long)(int64_t)v);
		break;
	default:
		fprintf(out, "%llu", (unsigned long long)v);
		break;
	}
}

static void put_value(struct json *, const struct model_type *,
    const uint8_t *, size_t, int depth);

static void
put_array(struct json *j, const struct model_type *t, const uint8_t *p,
    size_t n, int depth)
{
	const struct model_type *e = t->target;
	size_t i;

	fputc('[', j->out);
	for (i = 0; e != NULL && e->size > 0 && i < t->count &&
	    (i + 1) * e->size <= n && i < JSON_ELEMENTS_MAX; i++) {
		if (i > 0)
			fputs(", ", j->out);
		put_value(j, e, p + i * e->size, e->size, depth + 1);
	}
	fputc(']', j->out);
}

/* A bit-field's value, as view_value shows it, sign-extended if signed. */
static void
put_bit_field(struct json *j, const struct model_field *f, const uint8_t *p,
    size_t n)
{
	uint64_t v;

	if (!view_value_bit_field(f, p, n, &v))
		fputs("\"<unavailable>\"", j->out);
	else if (f->type->kind == MT_SINT)
		fprintf(j->out, "%lld", (long long)(int64_t)v);
	else
		fprintf(j->out, "%llu", (unsigned long long)v);
}

static void
put_fields(struct json *j, const struct model_type *t, const uint8_t *p,
    size_t n, int depth)
{
	size_t i;

	fputc('{', j->out);
	for (i = 0; i < t->nfields; i++) {
		const struct model_field *f = &t->fields[i];

		put_key(j->out, f->name != NULL ? f->name : "", i == 0);
		if (f->bit_size != 0)
			put_bit_field(j, f, p, n);
		else if (f->offset + f->type->size <= n)
			put_value(j, f->type, p + f->offset, f->type->size,
			    depth + 1);
		else
			fputs("\"<unavailable>\"", j->out);
	}
	fputc('}', j->out);
}

static void
put_value(struct json *j, const struct model_type *t, const uint8_t *p,
    size_t n, int depth)
{
	if (t == NULL || p == NULL || n < t->size || depth > JSON_DEPTH_MAX) {
		fputs("\"<unavailable>\"", j->out);
		return;
	}
	if (view_value_unset(t, p, n, j->init)) {
		fputs("\"<uninitialized>\"", j->out);
		return;
	}
	switch (t->kind) {
	case MT_POINTER:
	case MT_FUNCPTR:
		fprintf(j->out, "\"0x%llx\"", (unsigned long long)read_le(p,
		    t->size));
		break;
	case MT_ARRAY:
		put_array(j, t, p, n, depth);
		break;
	case MT_STRUCT:
	case MT_UNION:
		put_fields(j, t, p, n, depth);
		break;
	case MT_OPAQUE:
		fputs("\"<unavailable>\"", j->out);
		break;
	default:
		put_scalar(j->out, t, p);
		break;
	}
}

/* Whether a value of type t holds a pointer to data. */
static bool
has_pointers(const struct model_type *t, int depth)
{
	size_t i;

	if (t == NULL || depth > JSON_DEPTH_MAX)
		return false;
	if (t->kind == MT_POINTER)
		return true;
	if (t->kind == MT_ARRAY)
		return has_pointers(t->target, depth + 1);
	if (t->kind == MT_STRUCT || t->kind == MT_UNION)
		for (i = 0; i < t->nfields; i++)
			if (t->fields[i].bit_size == 0 &&
			    has_pointers(t->fields[i].type, depth + 1))
				return true;
	return false;
}

/*
 * Where a pointer points, as the book view says it: {"slot": "2",
 * "offset": 12, "element": 3, "at": "[3]", "state": "dangling"}, the keys
 * after "slot" only where they apply ("frame": "returned" and a null slot
 * for a local of a function that returned); null for NULL or an address
 * the model knows nothing of.
 */
static void
put_pointee(struct json *j, uint64_t p)
{
	struct view_pointee pt;
	struct strbuf slot = { NULL, 0, 0 };
	const char *state;

	view_value_pointee(&j->ctx, p, &pt);
	if (pt.kind == MP_NONE) {
		fputs("null", j->out);
		return;
	}
	if (pt.kind == MP_BLOCK || pt.kind == MP_FREED)
		view_heap_slot_text(pt.slot, &slot);
	else if (pt.kind != MP_DEAD_FRAME)
		strbuf_addf(&slot, pt.kind == MP_GLOBAL ? "s%u" : "%u", pt.slot);
	fputc('{', j->out);
	put_key(j->out, "slot", true);
	if (slot.s != NULL)
		put_string(j->out, slot.s);
	else
		fputs("null", j->out);	/* a returned frame's: none now */
	free(slot.s);
	if (pt.kind == MP_DEAD_FRAME)
		fputs(", \"frame\": \"returned\"", j->out);
	else
		fprintf(j->out, ", \"offset\": %llu", (unsigned long long)pt.offset);
	if (pt.indexed)
		fprintf(j->out, ", \"element\": %llu",
		    (unsigned long long)pt.element);
	if (pt.at[0] != '\0') {
		put_key(j->out, "at", false);
		put_string(j->out, pt.at);
	}
	if ((state = view_pointee_state(&pt)) != NULL) {
		put_key(j->out, "state", false);
		put_string(j->out, state);
	}
	fputc('}', j->out);
}

/*
 * Beside a value holding pointers, the same shape with where each points:
 * an object for a pointer, an array for an array, an object of the
 * pointer-holding fields for a struct.
 */
static void
put_points_to(struct json *j, const struct model_type *t, const uint8_t *p,
    size_t n, int depth)
{
	size_t i;
	bool first = true;

	if (t == NULL || p == NULL || n < t->size || depth > JSON_DEPTH_MAX) {
		fputs("null", j->out);
		return;
	}
	if (t->kind == MT_POINTER) {
		put_pointee(j, read_le(p, t->size));
	} else if (t->kind == MT_ARRAY) {
		fputc('[', j->out);
		for (i = 0; t->target->size > 0 && i < t->count &&
		    (i + 1) * t->target->size <= n && i < JSON_ELEMENTS_MAX; i++) {
			if (i > 0)
				fputs(", ", j->out);
			put_points_to(j, t->target, p + i * t->target->size,
			    t->target->size, depth + 1);
		}
		fputc(']', j->out);
	} else {
		fputc('{', j->out);
		for (i = 0; i < t->nfields; i++) {
			const struct model_field *f = &t->fields[i];

			if (f->bit_size != 0 || !has_pointers(f->type, depth + 1) ||
			    f->offset + f->type->size > n)
				continue;
			put_key(j->out, f->name != NULL ? f->name : "", first);
			first = false;
			put_points_to(j, f->type, p + f->offset, f->type->size,
			    depth + 1);
		}
		fputc('}', j->out);
	}
}

/* A char array's text, up to its first NUL, if it has one. */
static void
put_text(struct json *j, const struct model_var *v)
{
	char *text;
	const uint8_t *nul;

	if (v->type == NULL || v->type->kind != MT_ARRAY ||
	    v->type->target == NULL || v->type->target->kind != MT_CHAR ||
	    v->value == NULL ||
	    (nul = memchr(v->value, '\0', v->nvalue)) == NULL ||
	    !view_chars_are_text(v->value, v->nvalue))
		return;
	text = strndup((const char *)v->value, (size_t)(nul - v->value));
	put_key(j->out, "text", false);
	put_string(j->out, text);
	free(text);
}

static void
put_var(struct json *j, const struct model_var *v, bool first)
{
	if (!first)
		fputs(", ", j->out);
	fputc('{', j->out);
	put_key(j->out, "name", true);
	put_string(j->out, v->name);
	put_key(j->out, "type", false);
	put_string(j->out, v->type != NULL ? v->type->name : NULL);
	put_key(j->out, "address", false);
	fprintf(j->out, "\"0x%llx\"", (unsigned long long)v->addr);
	put_key(j->out, "value", false);
	j->init = v->dwarf ? v->init : MODEL_INIT_NONE;
	if (v->avail == MODEL_OPTIMIZED_OUT)
		fputs("\"<optimized out>\"", j->out);
	else if (v->avail != MODEL_KNOWN)
		fputs("\"<unavailable>\"", j->out);
	else if (j->init != MODEL_INIT_NONE && !v->declared)
		fputs("\"<uninitialized>\"", j->out);
	else
		put_value(j, v->type, v->value, v->nvalue, 0);
	j->init = MODEL_INIT_NONE;
	if (v->avail == MODEL_KNOWN)
		put_text(j, v);
	if (v->avail == MODEL_KNOWN && has_pointers(v->type, 0)) {
		put_key(j->out, "points_to", false);
		put_points_to(j, v->type, v->value, v->nvalue, 0);
	}
	fputc('}', j->out);
}

static void
put_vars(struct json *j, const struct model_var *vars, size_t first,
    size_t end)
{
	bool none = true;
	size_t i;

	fputc('[', j->out);
	for (i = first; i < end; i++)
		if (model_var_in_book(j->state, &vars[i])) {
			put_var(j, &vars[i], none);
			none = false;
		}
	fputc(']', j->out);
}

/* "function", "file" and "line" of a function at pc (line of pc). */
static void
put_place(struct json *j, uint64_t fn, uint64_t pc, bool first)
{
	char *name = view_function_name(j->trace, fn);
	const char *file = NULL;
	int line = 0;

	put_key(j->out, "function", first);
	put_string(j->out, name);
	free(name);
	if (pc != 0 && debuginfo_line(model_trace_symbols(j->trace), pc,
	    &file, &line)) {
		const char *slash = strrchr(file, '/');

		put_key(j->out, "file", false);
		put_string(j->out, slash != NULL ? slash + 1 : file);
		put_key(j->out, "line", false);
		fprintf(j->out, "%d", line);
	}
}

/* Frame f's line: its line step's, the call it made, or its entry's. */
static uint64_t
frame_pc(const struct model_thread *t, size_t f)
{
	if (f + 1 < t->nframes && t->frames[f + 1].site != 0)
		return t->frames[f + 1].site - 1;
	if (t->frames[f].pc != 0)
		return t->frames[f].pc - 1;
	return t->frames[f].fn;
}

static void
put_frames(struct json *j, const struct model_thread *t)
{
	size_t f;

	fputc('[', j->out);
	for (f = 0; t != NULL && f < t->nframes; f++) {
		size_t end = f + 1 < t->nframes ? t->frames[f + 1].first_var :
		    t->nvars;

		fputs(f > 0 ? ", {" : "{", j->out);
		put_place(j, t->frames[f].fn, frame_pc(t, f), true);
		put_key(j->out, "vars", false);
		put_vars(j, t->vars, t->frames[f].first_var, end);
		fputc('}', j->out);
	}
	fputc(']', j->out);
}

/* A typed block's "points_to", beside its value, as a variable's. */
static void
put_block_points_to(struct json *j, const struct model_type *t,
    const struct model_block *b)
{
	struct model_type array = { .kind = MT_ARRAY, .target = t };
	size_t ncontent;
	const uint8_t *content = model_block_content(j->state, b, &ncontent);

	if (t == NULL || t->size == 0 || content == NULL ||
	    t->size > ncontent || !has_pointers(t, 0))
		return;
	put_key(j->out, "points_to", false);
	if (b->size == t->size) {
		put_points_to(j, t, content, ncontent, 0);
		return;
	}
	array.count = ncontent / t->size;
	array.size = array.count * t->size;
	put_points_to(j, &array, content, ncontent, 0);
}

static void
put_block(struct json *j, const struct model_block *b, bool first)
{
	const struct model_type *t = view_value_block_type(j->state,
	    j->block_types, b);
	size_t ncontent;
	const uint8_t *content = model_block_content(j->state, b, &ncontent);

	fputs(first ? "{" : ", {", j->out);
	put_key(j->out, "address", true);
	fprintf(j->out, "\"0x%llx\"", (unsigned long long)b->addr);
	put_key(j->out, "size", false);
	fprintf(j->out, "%llu", (unsigned long long)b->size);
	put_key(j->out, "type", false);
	if (t != NULL)
		put_string(j->out, t->name);
	else
		fputs("null", j->out);
	put_key(j->out, "state", false);
	put_string(j->out, model_block_lost_at(j->state, b) != 0 ? "lost" :
	    "live");
	if (view_block_is_library(j->trace, b)) {	/* not the program's */
		put_key(j->out, "library", false);
		put_string(j->out, view_block_library(j->trace, b));
	}
	put_key(j->out, "value", false);
	j->init = MODEL_INIT_HEAP;
	if (t != NULL && t->size > 0 && content != NULL &&
	    t->size <= ncontent && b->size == t->size)
		put_value(j, t, content, ncontent, 0);
	else if (t != NULL && t->size > 0 && content != NULL &&
	    t->size <= ncontent) {
		struct model_type array = { .kind = MT_ARRAY, .target = t,
		    .count = ncontent / t->size };

		put_array(j, &array, content, ncontent, 0);
	} else
		fputs("null", j->out);
	j->init = MODEL_INIT_NONE;
	put_block_points_to(j, t, b);
	fputc('}', j->out);
}

static void
put_heap(struct json *j)
{
	const struct model_heap *h = &j->state->byaddr;
	const struct model_block *b;
	bool first = true;

	fputc('[', j->out);
	for (b = model_heap_first(h); b != NULL; b = model_heap_next(h, b)) {
		put_block(j, b, first);
		first = false;
	}
	fputc(']', j->out);
}

static const char *
event_name(struct model_trace *tr, size_t i)
{
	struct model_step st;

	if (!model_trace_step(tr, i, &st))
		return "?";
	switch (st.kind) {
	case MODEL_STEP_CALL: return "call";
	case MODEL_STEP_RETURN: return "return";
	case MODEL_STEP_ALLOC:
		return st.heap.kind == SH_ALLOC_CALLOC ? "calloc" :
		    st.heap.kind == SH_ALLOC_MEMALIGN ? "memalign" : "malloc";
	case MODEL_STEP_FREE: return "free";
	case MODEL_STEP_REALLOC: return "realloc";
	case MODEL_STEP_VAR: return "variable";
	case MODEL_STEP_GLOBAL: return "global";
	case MODEL_STEP_ANNOTATION: return "step";
	case MODEL_STEP_CRASH: return "crash";
	case MODEL_STEP_LINE: return "line";
	}
	return "?";
}

/* [{"stream": "stdout"|"stderr", "text": T}, ...], or "cut": true */
static void
put_output(struct model_trace *tr, size_t i, FILE *out)
{
	struct export_output_run *runs;
	size_t n = export_step_output(tr, i, &runs), k;

	putc('[', out);
	for (k = 0; k < n; k++) {
		fputs(k > 0 ? ", {" : "{", out);
		put_key(out, "stream", true);
		put_string(out, runs[k].fd == 2 ? "stderr" : "stdout");
		if (runs[k].cut) {
			fputs(", \"cut\": true}", out);
			continue;
		}
		put_key(out, "text", false);
		put_bytes(out, runs[k].text, runs[k].len);
		putc('}', out);
	}
	putc(']', out);
	export_output_free(runs, n);
}

void
export_json_step(struct model_trace *tr, size_t i, FILE *out)
{
	const struct model_state *s = model_trace_seek(tr, i);
	uint32_t tid = model_trace_step_tid(tr, i);
	const struct model_thread *t = s != NULL ? model_state_thread(s, tid) :
	    NULL;
	struct json j = { .trace = tr, .state = s, .out = out,
	    .init = MODEL_INIT_NONE };
	const char *file, *say;
	int line;

	if (s == NULL)
		return;
	j.block_types = view_value_block_types(s);
	j.ctx.trace = tr;
	j.ctx.state = s;
	j.ctx.tid = tid;
	j.ctx.book = true;
	j.ctx.arrow = "->";
	j.ctx.block_types = j.block_types;
	fprintf(out, "{\"step\": %zu", i + 1);
	put_key(out, "event", false);
	put_string(out, event_name(tr, i));
	fprintf(out, ", \"thread\": %u", tid);
	if (t != NULL && t->nframes > 0) {
		char *fn = view_function_name(tr, t->frames[t->nframes - 1].fn);

		put_key(out, "function", false);
		put_string(out, fn);
		free(fn);
	}
	if (view_step_source(tr, i, &file, &line)) {
		const char *slash = strrchr(file, '/');

		put_key(out, "file", false);
		put_string(out, slash != NULL ? slash + 1 : file);
		fprintf(out, ", \"line\": %d", line);
	}
	if ((say = model_trace_step_say(tr, i)) != NULL) {
		put_key(out, "say", false);
		put_string(out, say);
	}
	put_key(out, "frames", false);
	put_frames(&j, t);
	put_key(out, "heap", false);
	put_heap(&j);
	put_key(out, "globals", false);
	put_vars(&j, s->globals, 0, s->nglobals);
	put_key(out, "output", false);
	put_output(tr, i, out);
	fputs("}\n", out);
	free(j.block_types);
	view_slots_free(&j.ctx.slots);
}
