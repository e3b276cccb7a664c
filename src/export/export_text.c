/*
 * export_text.c — what every export format shares: making the trace's text
 * safe (valid UTF-8, no control characters), XML escaping, a step's title
 * apart from its narration, its picture, and the frame headings that group
 * the book view's rows.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "view/view_table.h"

/* The length of the valid UTF-8 sequence at p and its code point; 0 if invalid. */
static size_t
utf8_decode(const unsigned char *p, uint32_t *cp)
{
	uint32_t v, min;
	size_t n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2, v = p[0] & 0x1fu, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3, v = p[0] & 0x0fu, min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4, v = p[0] & 0x07u, min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {	/* a NUL is no continuation byte */
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3fu);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

void
export_clean(const char *s, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	char one[5];
	uint32_t cp;
	size_t n;

	while (*p != '\0') {
		n = utf8_decode(p, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f) {
			strbuf_addf(out, "\\x%02x", *p);
			p++;
			continue;
		}
		if ((cp >= 0x80 && cp < 0xa0) || cp == 0xfffe || cp == 0xffff ||
		    view_char_is_bidi(cp))	/* it would reorder the text */
			strbuf_addf(out, "\\u%04x", (unsigned)cp);
		else {
			memcpy(one, p, n);
			one[n] = '\0';
			strbuf_add(out, one);
		}
		p += n;
	}
}

void
export_put_xml(FILE *f, const char *s)
{
	struct strbuf b = { 0 };
	char *clean, *p;

	export_clean(s, &b);
	clean = strbuf_take(&b);
	for (p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*p, f); break;
		}
	}
	free(clean);
}

static char *
cleaned(const char *s)
{
	struct strbuf b = { 0 };

	export_clean(s, &b);
	return strbuf_take(&b);
}

void
export_step_words(struct model_trace *tr, size_t i,
    const struct view_opts *o, char **title, char **say)
{
	char *full = view_step_title(tr, i, o);
	const char *narration = model_trace_step_say(tr, i);
	const char *dash = o->ascii ? " -- " : " — ";
	size_t len = strlen(full), nlen;

	/* view_step_title ends with " — narration": cut it off. */
	if (narration != NULL) {
		nlen = strlen(dash) + strlen(narration);
		if (nlen <= len && strncmp(full + len - nlen, dash, strlen(dash)) == 0 &&
		    strcmp(full + len - strlen(narration), narration) == 0)
			full[len - nlen] = '\0';
	}
	*title = cleaned(full);
	*say = narration != NULL ? cleaned(narration) : NULL;
	free(full);
}

void
export_render(struct model_trace *tr, size_t i, const struct export_opts *o,
    struct view_table *out)
{
	if (o->real)
		view_real_render(tr, i, &o->view, out);
	else
		view_book_render_step(tr, i, &o->view, out);
}

char *
export_group_heading(struct model_trace *tr, const struct view_table *t,
    size_t r, bool real)
{
	const struct view_row *row = &t->rows[r], *prev = r > 0 ? row - 1 : NULL;
	struct strbuf b = { 0 };
	char *fn, *heading;

	if (real)
		return NULL;
	if (row->kind == ROWKIND_GLOBAL &&
	    (prev == NULL || prev->kind != ROWKIND_GLOBAL))
		return cleaned("statics");
	if (row->kind != ROWKIND_STACK || row->fn == 0 || (prev != NULL &&
	    prev->kind == ROWKIND_STACK && prev->frame == row->frame &&
	    prev->fn == row->fn))
		return NULL;
	fn = view_function_name(tr, row->fn);
	strbuf_addf(&b, "%s()", fn);
	free(fn);
	fn = strbuf_take(&b);
	heading = cleaned(fn);
	free(fn);
	return heading;
}


/* --- the program's output -------------------------------------------------------- */

static void
add_run(struct export_output_run **runs, size_t *n, const struct model_output *o)
{
	struct export_output_run *r = *n > 0 ? &(*runs)[*n - 1] : NULL;

	if (r == NULL || r->fd != o->fd || r->cut || o->cut) {
		*runs = realloc(*runs, (*n + 1) * sizeof **runs);
		if (*runs == NULL)
			abort();
		r = &(*runs)[(*n)++];
		memset(r, 0, sizeof *r);
		r->fd = o->fd;
		r->cut = o->cut;
	}
	r->text = realloc(r->text, r->len + o->len + 1);
	if (r->text == NULL)
		abort();
	memcpy(r->text + r->len, o->text, o->len);
	r->len += o->len;
	r->text[r->len] = '\0';
}

size_t
export_step_output(struct model_trace *tr, size_t i,
    struct export_output_run **runs)
{
	const struct model_output *o;
	size_t n = model_trace_step_output(tr, i, &o), k, nruns = 0;

	*runs = NULL;
	for (k = 0; k < n; k++)
		add_run(runs, &nruns, &o[k]);
	return nruns;
}

void
export_output_free(struct export_output_run *runs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(runs[i].text);
	free(runs);
}

/*
 * As a C string literal, quotes included: what a program printed may hold
 * anything, and one output line of dump must stay one line.  UTF-8 stays
 * as it is, except C1 controls, which a terminal would obey.
 */
char *
export_c_quoted(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	struct strbuf b = { 0 };
	size_t i;

	strbuf_add(&b, "\"");
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\n': strbuf_add(&b, "\\n"); continue;
		case '\t': strbuf_add(&b, "\\t"); continue;
		case '\r': strbuf_add(&b, "\\r"); continue;
		case '"': strbuf_add(&b, "\\\""); continue;
		case '\\': strbuf_add(&b, "\\\\"); continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f || (s[i] == 0xc2 && i + 1 < n &&
		    s[i + 1] >= 0x80 && s[i + 1] <= 0x9f))
			strbuf_addf(&b, "\\x%02x", s[i]);
		else
			strbuf_addf(&b, "%c", s[i]);
	}
	strbuf_add(&b, "\"");
	return strbuf_take(&b);
}
