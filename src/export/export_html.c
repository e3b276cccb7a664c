/*
 * export_html.c — `export --format html`: one self-contained page that
 * plays a whole trace in a browser, with no network and no other file.
 *
 * The steps are data: a JSON object in a <script type="application/json">
 * (each step's title, narration, source file and line with the lines
 * around it, and its book and real tables, rows with their flags and frame
 * headings).  A small inline script draws the current step with DOM text
 * nodes only, never markup, and turns keys and buttons into one handler,
 * key(): n/→ forward, p/← back, Space play/pause, g/Home and G/End first
 * and last, v the other view.  The URL fragment "#step=N" opens step N and
 * "#keys=..." replays keys through key() (so a headless browser can test
 * the player); the page title is always "stackheap step N".
 *
 * In the JSON, strings are cleaned and '<', '>', '&', U+2028 and U+2029
 * are \u-escaped, so no text from the trace can close the <script>.
 * A Content-Security-Policy forbids every fetch, should anything try.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "ui/ui_source.h"
#include "util/util_str.h"

#define SOURCE_CONTEXT 2	/* lines shown above and below the step's */

static const char *const page_head[] = {
	"<!DOCTYPE html>",
	"<html lang=\"en\">",
	"<head>",
	"<meta charset=\"utf-8\">",
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
	"<title>stackheap</title>",
	"<style>",
	"body { margin: 0; font: 15px/1.45 system-ui, sans-serif; background: #f6f7f9; color: #1b1f24; }",
	"header { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px 16px; background: #2f3b4c; color: #fff; }",
	"header h1 { margin: 0 12px 0 0; font-size: 16px; font-weight: 600; }",
	"button { font: inherit; padding: 2px 10px; border: 1px solid #8793a6; border-radius: 4px; background: #fff; color: #1b1f24; cursor: pointer; }",
	"#pos { margin-left: 8px; }",
	"main { padding: 12px 16px; }",
	"#title { font-weight: 600; }",
	"#say { font-style: italic; color: #3d4450; min-height: 1.45em; }",
	"#where, #source, table, #ending { font-family: \"DejaVu Sans Mono\", Menlo, Consolas, monospace; font-size: 14px; }",
	"#where { margin-top: 8px; color: #5a6270; }",
	"#source { margin: 2px 0 12px; padding: 4px 0; background: #fff; border: 1px solid #d0d5dc; white-space: pre; overflow-x: auto; }",
	"#source .no { display: inline-block; width: 4em; padding-right: 1em; text-align: right; color: #8a9099; }",
	"#source .cur { background: #fff1c2; }",
	"table { border-collapse: collapse; }",
	"th, td { padding: 3px 10px; border: 1px solid #b8bec8; background: #fff; text-align: left; white-space: pre; }",
	"th { background: #2f3b4c; color: #fff; }",
	"tr.heading td { background: #e3eaf5; color: #1f3a68; font-weight: bold; }",
	"tr.sep td { color: #8a9099; }",
	"tr.hole td { color: #8a9099; background: #f4f5f7; border-style: dashed; }",
	"tr.gap td { color: #8a9099; background: #fafbfc; }",
	"tr.frame td, tr.thread td { background: #e3eaf5; font-weight: bold; }",
	"tr.lost td { background: #eadcf5; }",
	"tr.changed td { background: #fff1c2; }",
	"tr.new td { background: #d7f0d8; }",
	"tr.dangling td { background: #ffe0b2; }",
	"tr.leaving td { background: #f9d6d5; color: #8a1c1c; text-decoration: line-through; }",
	"th.m, tr td.m { width: 1em; padding: 3px 4px; border: none; background: transparent; color: #2e7d32; font-weight: bold; text-decoration: none; }",
	"tr.dangling td.m { color: #d9822b; }",
	"tr.leaving td.m { color: #b3261e; }",
	"#ending { margin-top: 12px; white-space: pre; }",
	".keys { margin-top: 12px; color: #5a6270; font-size: 13px; }",
	"</style>",
	"</head>",
	"<body>",
	"<header>",
	"<h1 id=\"prog\">stackheap</h1>",
	"<button data-key=\"g\" title=\"first step (g, Home)\">first</button>",
	"<button data-key=\"p\" title=\"step back (p, Left)\">back</button>",
	"<button data-key=\" \" id=\"play\" title=\"play or pause (Space)\">play</button>",
	"<button data-key=\"n\" title=\"step forward (n, Right)\">next</button>",
	"<button data-key=\"G\" title=\"last step (G, End)\">last</button>",
	"<button data-key=\"v\" id=\"view\" title=\"book or real view (v)\">book view</button>",
	"<span id=\"pos\"></span>",
	"</header>",
	"<main>",
	"<div id=\"title\"></div>",
	"<div id=\"say\"></div>",
	"<div id=\"where\"></div>",
	"<div id=\"source\"></div>",
	"<table id=\"table\"></table>",
	"<div id=\"ending\"></div>",
	"<div class=\"keys\">n or \u2192 next \u00b7 p or \u2190 back \u00b7 Space play/pause"
	    " \u00b7 g, G first, last \u00b7 v book/real view</div>",
	"</main>",
	NULL
};

static const char *const player[] = {
	"<script>",
	"(function () {",
	"\"use strict\";",
	"var D = JSON.parse(document.getElementById(\"trace\").textContent);",
	"var steps = D.steps, cur = 0, real = D.real, timer = null;",
	"var MARKS = [[8, \"-\"], [4, \"!\"], [1, \"+\"], [2, \"~\"]];",
	"var CLASSES = [[1, \"new\"], [2, \"changed\"], [4, \"dangling\"], [8, \"leaving\"], [16, \"lost\"]];",
	"function $(id) { return document.getElementById(id); }",
	"function el(tag, cls, text) {",
	"  var e = document.createElement(tag);",
	"  if (cls) e.className = cls;",
	"  if (text !== undefined && text !== null) e.textContent = text;",
	"  return e;",
	"}",
	"function showTable(s) {",
	"  var heads = real ? D.heads.real : D.heads.book, rows = real ? s.real : s.book;",
	"  var t = $(\"table\"), head = el(\"tr\"), body = el(\"tbody\"), thead = el(\"thead\");",
	"  t.textContent = \"\";",
	"  head.appendChild(el(\"th\", \"m\", \"\"));",
	"  heads.forEach(function (h) { head.appendChild(el(\"th\", null, h)); });",
	"  thead.appendChild(head);",
	"  t.appendChild(thead);",
	"  rows.forEach(function (r) {",
	"    var cls = [r.k], mark = \"\", tr, td, i;",
	"    if (r.h) {",
	"      tr = el(\"tr\", \"heading\");",
	"      tr.appendChild(el(\"td\", \"m\", \"\"));",
	"      td = el(\"td\", null, r.h);",
	"      td.colSpan = heads.length;",
	"      tr.appendChild(td);",
	"      body.appendChild(tr);",
	"    }",
	"    CLASSES.forEach(function (c) { if (r.f & c[0]) cls.push(c[1]); });",
	"    for (i = 0; i < MARKS.length; i++)",
	"      if (r.f & MARKS[i][0]) { mark = MARKS[i][1]; break; }",
	"    tr = el(\"tr\", cls.join(\" \"));",
	"    tr.appendChild(el(\"td\", \"m\", mark));",
	"    for (i = 0; i < heads.length; i++) tr.appendChild(el(\"td\", null, r.c[i]));",
	"    body.appendChild(tr);",
	"  });",
	"  t.appendChild(body);",
	"}",
	"function showSource(s) {",
	"  var box = $(\"source\");",
	"  box.textContent = \"\";",
	"  $(\"where\").textContent = s.file ? s.file + \":\" + s.line : \"\";",
	"  box.style.display = s.src.length ? \"\" : \"none\";",
	"  s.src.forEach(function (l) {",
	"    var d = el(\"div\", l[0] === s.line ? \"cur\" : null);",
	"    d.appendChild(el(\"span\", \"no\", String(l[0])));",
	"    d.appendChild(el(\"span\", null, l[1]));",
	"    box.appendChild(d);",
	"  });",
	"}",
	"function show() {",
	"  var n = steps.length, s = steps[cur];",
	"  $(\"pos\").textContent = n ? \"step \" + (cur + 1) + \" of \" + n : \"no steps\";",
	"  $(\"view\").textContent = real ? \"real view\" : \"book view\";",
	"  $(\"play\").textContent = timer ? \"pause\" : \"play\";",
	"  if (s) {",
	"    $(\"title\").textContent = s.title;",
	"    $(\"say\").textContent = s.say || \"\";",
	"    showSource(s);",
	"    showTable(s);",
	"  }",
	"  $(\"ending\").textContent = cur >= n - 1 ? D.ending : \"\";",
	"  document.title = \"stackheap step \" + (n ? cur + 1 : 0);",
	"}",
	"function go(i) {",
	"  cur = Math.max(0, Math.min(steps.length - 1, i));",
	"  show();",
	"}",
	"function stop() {",
	"  if (timer) clearInterval(timer);",
	"  timer = null;",
	"}",
	"function play() {",
	"  if (timer) {",
	"    stop();",
	"  } else {",
	"    if (cur >= steps.length - 1) cur = 0;",
	"    timer = setInterval(function () {",
	"      if (cur >= steps.length - 1) stop(); else cur++;",
	"      show();",
	"    }, 900);",
	"  }",
	"  show();",
	"}",
	"function key(k) {",
	"  switch (k) {",
	"  case \"n\": case \"ArrowRight\": go(cur + 1); return true;",
	"  case \"p\": case \"ArrowLeft\": go(cur - 1); return true;",
	"  case \" \": case \"Spacebar\": play(); return true;",
	"  case \"g\": case \"Home\": stop(); go(0); return true;",
	"  case \"G\": case \"End\": stop(); go(steps.length - 1); return true;",
	"  case \"v\": real = !real; show(); return true;",
	"  }",
	"  return false;",
	"}",
	"document.addEventListener(\"keydown\", function (e) {",
	"  if (!e.ctrlKey && !e.metaKey && !e.altKey && key(e.key)) e.preventDefault();",
	"});",
	"Array.prototype.forEach.call(document.querySelectorAll(\"button[data-key]\"), function (b) {",
	"  b.addEventListener(\"click\", function () { key(b.getAttribute(\"data-key\")); b.blur(); });",
	"});",
	"$(\"prog\").textContent = \"stackheap: \" + D.program;",
	"cur = Math.max(0, Math.min(steps.length - 1, D.first));",
	"location.hash.replace(/^#/, \"\").split(\"&\").forEach(function (part) {",
	"  var eq = part.indexOf(\"=\"), name = part.slice(0, eq), value, i;",
	"  if (eq < 0) return;",
	"  try { value = decodeURIComponent(part.slice(eq + 1)); } catch (e) { return; }",
	"  if (name === \"step\" && /^[0-9]+$/.test(value)) cur = Math.max(0, Math.min(steps.length - 1, parseInt(value, 10) - 1));",
	"  if (name === \"keys\") for (i = 0; i < value.length; i++) key(value.charAt(i));",
	"});",
	"show();",
	"})();",
	"</script>",
	"</body>",
	"</html>",
	NULL
};

static void
put_lines(FILE *f, const char *const *lines)
{
	for (; *lines != NULL; lines++) {
		fputs(*lines, f);
		putc('\n', f);
	}
}

/* A JSON string (null for NULL), safe inside a <script> element. */
static void
put_json(FILE *f, const char *s)
{
	struct strbuf b = { 0 };
	char *clean, *p;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	export_clean(s, &b);
	clean = strbuf_take(&b);
	putc('"', f);
	for (p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '<': fputs("\\u003c", f); break;
		case '>': fputs("\\u003e", f); break;
		case '&': fputs("\\u0026", f); break;
		default:
			/* U+2028 and U+2029 end a line in older JavaScript. */
			if (strncmp(p, "\xe2\x80\xa8", 3) == 0 ||
			    strncmp(p, "\xe2\x80\xa9", 3) == 0) {
				fprintf(f, "\\u%s", p[2] == '\xa8' ? "2028" : "2029");
				p += 2;
			} else {
				putc(*p, f);
			}
			break;
		}
	}
	putc('"', f);
	free(clean);
}

static const char *
kind_name(enum model_row_kind k)
{
	switch (k) {
	case ROW_HEAP: return "heap";
	case ROW_HOLE: return "hole";
	case ROW_SEPARATOR: return "sep";
	case ROW_STACK: return "stack";
	case ROW_FRAME: return "frame";
	case ROW_GAP: return "gap";
	case ROW_GLOBAL: return "global";
	case ROW_THREAD: return "thread";
	}
	return "row";
}

static void
put_headers(FILE *f, const struct model_table *t)
{
	int c;

	putc('[', f);
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			putc(',', f);
		put_json(f, t->headers[c]);
	}
	putc(']', f);
}

/* Step i's table in one view: [{"k": kind, "f": flags, "c": cells, "h": heading}]. */
static void
put_rows(FILE *f, struct model_trace *tr, size_t i, bool real,
    const struct model_view_opts *view)
{
	struct export_opts o = { .real = real, .view = *view };
	struct model_table t;
	char *heading;
	size_t r;
	int c;

	export_render(tr, i, &o, &t);
	putc('[', f);
	for (r = 0; r < t.nrows; r++) {
		fprintf(f, "%s\n{\"k\":\"%s\",\"f\":%u,\"c\":[", r > 0 ? "," : "",
		    kind_name(t.rows[r].kind), t.rows[r].flags);
		for (c = 0; c < t.ncols; c++) {
			if (c > 0)
				putc(',', f);
			put_json(f, t.rows[r].cells[c] != NULL ? t.rows[r].cells[c] : "");
		}
		putc(']', f);
		if ((heading = export_group_heading(tr, &t, r, real)) != NULL) {
			fputs(",\"h\":", f);
			put_json(f, heading);
			free(heading);
		}
		putc('}', f);
	}
	putc(']', f);
	model_table_clear(&t);
}

/* "file", "line" and "src": the lines around it, where the file is readable. */
static void
put_source(FILE *f, struct model_trace *tr, size_t i, struct ui_sources *src)
{
	const char *file, *text;
	int line, n, count;
	bool first = true;

	if (!model_step_source(tr, i, &file, &line)) {
		fputs("\"file\":null,\"line\":0,\"src\":[]", f);
		return;
	}
	fputs("\"file\":", f);
	put_json(f, base_name(file));
	fprintf(f, ",\"line\":%d,\"src\":[", line);
	count = src != NULL ? ui_sources_count(src, file) : 0;
	for (n = line - SOURCE_CONTEXT; n <= line + SOURCE_CONTEXT; n++) {
		if (n < 1 || n > count || (text = ui_sources_line(src, file, n)) == NULL)
			continue;
		fprintf(f, "%s[%d,", first ? "" : ",", n);
		put_json(f, text);
		putc(']', f);
		first = false;
	}
	putc(']', f);
}

static void
put_step(FILE *f, struct model_trace *tr, size_t i,
    const struct export_opts *o, struct ui_sources *src)
{
	char *title, *say;

	export_step_words(tr, i, &o->view, &title, &say);
	fputs("{\"title\":", f);
	put_json(f, title);
	fputs(",\"say\":", f);
	put_json(f, say);
	putc(',', f);
	put_source(f, tr, i, src);
	fputs(",\n\"book\":", f);
	put_rows(f, tr, i, false, &o->view);
	fputs(",\n\"real\":", f);
	put_rows(f, tr, i, true, &o->view);
	putc('}', f);
	free(title);
	free(say);
}

static void
put_data(FILE *f, struct model_trace *tr, size_t first,
    const struct export_opts *o)
{
	struct ui_sources *src = o->sources;
	const char *program = model_trace_program(tr, NULL);
	size_t n = model_trace_nsteps(tr), i;
	struct model_table book, real;
	char *ending = model_ending_text(tr);

	model_book_render(tr, 0, &o->view, &book);
	model_real_render(tr, 0, &o->view, &real);
	fputs("{\"program\":", f);
	put_json(f, program != NULL ? base_name(program) : "a trace");
	fputs(",\"heads\":{\"book\":", f);
	put_headers(f, &book);
	fputs(",\"real\":", f);
	put_headers(f, &real);
	fprintf(f, "},\"real\":%s,\"first\":%zu,\"ending\":", o->real ? "true" :
	    "false", first);
	put_json(f, ending);
	fputs(",\"steps\":[\n", f);
	/* a failed write stops the export: the rest would fail too */
	for (i = 0; i < n && !ferror(f); i++) {
		if (i > 0)
			fputs(",\n", f);
		put_step(f, tr, i, o, src);
	}
	fputs("]}", f);
	model_table_clear(&book);
	model_table_clear(&real);
	free(ending);
}

void
export_html(struct model_trace *tr, size_t first, const struct export_opts *o,
    FILE *f)
{
	put_lines(f, page_head);
	fputs("<script type=\"application/json\" id=\"trace\">\n", f);
	put_data(f, tr, first, o);
	fputs("\n</script>\n", f);
	put_lines(f, player);
}
