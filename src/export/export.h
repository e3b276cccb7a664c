/*
 * export.h — pictures out of a trace: Markdown tables for handouts, SVG
 * diagrams for slides, and one self-contained HTML file that plays the
 * whole trace in a browser.  All three draw the same tables as `dump` and
 * the viewer (view.h); they only differ in how they write them.
 *
 * Everything taken from a trace (names, values, narration, source lines)
 * is untrusted: it goes through export_clean() before any escaping, so a
 * hostile trace can neither inject markup nor break the file's encoding.
 * Writers write to a FILE and leave error checking to the caller (ferror,
 * fclose); one that writes step after step stops at the first error.
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "view/view_table.h"
#include "model/model_trace.h"
#include "view/view_value.h"
#include "view/view.h"
#include "ui/ui_source.h"

struct export_opts {
	bool			 real;	/* the real view, not the book's */
	struct view_opts	 view;
	/* html: where its source lines come from (ui_source.h), or NULL */
	struct ui_sources	*sources;
};

/* --- export_text.c: what every format needs ---------------------------------- */

/*
 * Appends s as valid UTF-8 without control characters: an ASCII control
 * or an invalid byte becomes "\xNN", a C1 control or a non-character
 * "\uNNNN".  What comes out is safe to escape for any format.
 */
void	export_clean(const char *s, struct strbuf *out);
/* s cleaned, then &, <, >, " and ' as entities: for XML, SVG and HTML. */
void	export_put_xml(FILE *, const char *s);

/*
 * Step i's title without its narration, and the narration (NULL when
 * none); both cleaned, the caller frees them.
 */
void	export_step_words(struct model_trace *, size_t i,
	    const struct view_opts *, char **title, char **say);

/*
 * Step i's output, what it wrote to one stream after another: adjacent
 * pieces of one stream make one run; a run with cut set (text empty) says
 * the trace keeps no more output from there.  Returns the count of runs.
 */
struct export_output_run {
	unsigned	 fd;	/* 1 stdout, 2 stderr */
	bool		 cut;
	char		*text;	/* len bytes, then a NUL */
	size_t		 len;
};
size_t	export_step_output(struct model_trace *, size_t i,
	    struct export_output_run **);
void	export_output_free(struct export_output_run *, size_t);
/* p[0, n) as a C string literal, quotes included; the caller frees it. */
char	*export_c_quoted(const char *p, size_t n);

/* Step i's picture: the book view with its leaving rows, or the real view. */
void	export_render(struct model_trace *, size_t i, const struct export_opts *,
	    struct view_table *out);

/*
 * The heading to show above row r, or NULL: the book view groups each
 * frame's rows under "fn()" and the globals under "statics".  Cleaned;
 * the caller frees it.
 */
char	*export_group_heading(struct model_trace *, const struct view_table *,
	    size_t r, bool real);

/* --- the formats ---------------------------------------------------------------- */

/* Steps [from, to) as Markdown sections, then the ending if to is the last. */
void	export_md(struct model_trace *, size_t from, size_t to,
	    const struct export_opts *, FILE *);

/* Step i as a standalone SVG document. */
void	export_svg(struct model_trace *, size_t i, const struct export_opts *,
	    FILE *);

/* Step i as one line of JSON (`dump --json`; the man page has the format). */
void	export_json_step(struct model_trace *, size_t i, FILE *);

/*
 * The HTML player of every step, opening at step `first` (0-based), up to
 * EXPORT_HTML_MAX bytes of steps; returns the steps left out.
 */
#define EXPORT_HTML_MAX	(16u << 20)
size_t	export_html(struct model_trace *, size_t first,
	    const struct export_opts *, FILE *);

#endif
