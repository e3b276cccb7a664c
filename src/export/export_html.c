/*
 * export_html.c — `export --format html`: one self-contained page that
 * plays a whole trace in a browser, with no network and no other file.
 *
 * The steps are data: a JSON object in a <script type="application/json">
 * (each step's title, narration, source file and line with the lines
 * around it, its book and real tables, rows with their flags and frame
 * headings, and its thread, that thread's frame depth and innermost
 * function).  A small inline script draws the current step with DOM text
 * nodes only, never markup, and turns keys and buttons into one handler,
 * key(), with the viewer's keys (ui_app.c): n/→ forward, p/← back, o/O
 * step over forward/back, u/U step out forward/back, Space play/pause,
 * g/Home and G/End first and last, v the other view.  Over and out are
 * model_search.c's goals, computed from the thread and depth of each step,
 * and say where they stopped as the viewer's status line does.  The URL
 * fragment "#step=N" opens step N and
 * "#keys=..." replays keys through key() (so a headless browser can test
 * the player); the page title is always "stackheap step N".
 *
 * In the JSON, strings are cleaned and '<', '>', '&', U+2028 and U+2029
 * are \u-escaped, so no text from the trace can close the <script>.
 * A Content-Security-Policy forbids every fetch, should anything try.
 * The steps are capped at EXPORT_HTML_MAX bytes; the page then ends with
 * a line that says so, and export_html returns how many were left out.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "model/model_search.h"
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
	"#status { margin-left: 8px; color: #fff1c2; }",
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
	"#output { margin: 8px 0; padding: 4px 8px; background: #fff; border: 1px solid #d0d5dc; white-space: pre-wrap; font-family: \"DejaVu Sans Mono\", Menlo, Consolas, monospace; font-size: 14px; max-height: 12em; overflow-y: auto; }",
	"#output .stderr { color: #b3261e; }",
	"#output .cut { color: #8a9099; font-style: italic; }",
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
	"<button data-key=\"o\" title=\"step over a call (o; back: O)\">over</button>",
	"<button data-key=\"u\" title=\"step out of this call (u; back: U)\">out</button>",
	"<button data-key=\"G\" title=\"last step (G, End)\">last</button>",
	"<button data-key=\"v\" id=\"view\" title=\"book or real view (v)\">book view</button>",
	"<span id=\"pos\"></span>",
	"<span id=\"status\"></span>",
	"</header>",
	"<main>",
	"<div id=\"title\"></div>",
	"<div id=\"say\"></div>",
	"<div id=\"where\"></div>",
	"<div id=\"source\"></div>",
	"<table id=\"table\"></table>",
	"<div id=\"outhead\">output</div>",
	"<div id=\"output\"></div>",
	"<div id=\"ending\"></div>",
	"<div class=\"keys\">n or \u2192 next \u00b7 p or \u2190 back \u00b7 o, O step over a call,"
	    " forward, back \u00b7 u, U step out of this call, forward, back \u00b7 Space"
	    " play/pause \u00b7 g, G first, last \u00b7 v book/real view<br>"
	    "+ new \u00b7 ~ changed \u00b7 - leaving \u00b7 ! dangling \u00b7 ? in the book view,"
	    " (uninitialized) in the real one: not written by the program yet</div>",
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
	"function showOutput() {",
	"  var box = $(\"output\"), i, any = false;",
	"  box.textContent = \"\";",
	"  for (i = 0; i <= cur && i < steps.length; i++)",
	"    (steps[i].out || []).forEach(function (o) {",
	"      any = true;",
	"      if (o[1] === null) box.appendChild(el(\"span\", \"cut\", \"[output cut: the trace keeps no more]\\n\"));",
	"      else box.appendChild(el(\"span\", o[0] === 2 ? \"stderr\" : \"stdout\", o[1]));",
	"    });",
	"  $(\"outhead\").style.display = box.style.display = any ? \"\" : \"none\";",
	"  box.scrollTop = box.scrollHeight;",
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
	"  showOutput();",
	"  $(\"ending\").textContent = cur >= n - 1 ? D.ending : \"\";",
	"  document.title = \"stackheap step \" + (n ? cur + 1 : 0);",
	"}",
	"function go(i) {",
	"  cur = Math.max(0, Math.min(steps.length - 1, i));",
	"  show();",
	"}",
	"function fname(s) { return (s && s.fn) || \"?\"; }",
	"/* over: the thread's next step at this depth or less; out: at less */",
	"function find(out, dir) {",
	"  var from = steps[cur], i, s;",
	"  for (i = cur + dir; i >= 0 && i < steps.length; i += dir) {",
	"    s = steps[i];",
	"    if (s.t === from.t && (out ? s.d < from.d : s.d <= from.d)) return i;",
	"  }",
	"  return -1;",
	"}",
	"function stepGoal(out, dir) {",
	"  var from = steps[cur], hit, left;",
	"  stop();",
	"  if (!from) return;",
	"  if (out && from.d === 0) { say(\"this step is in no function: nothing to step out of\"); return; }",
	"  hit = find(out, dir);",
	"  left = fname(from);",
	"  if (hit < 0) {",
	"    say(!out ? \"no \" + (dir > 0 ? \"later\" : \"earlier\") + \" step in this frame or an outer one\" :",
	"      dir > 0 ? left + \"() does not return in this \" + (D.cut ? \"page\" : \"trace\") : \"no step before \" + left + \"() was called\");",
	"    return;",
	"  }",
	"  go(hit);",
	"  say(!out ? (dir > 0 ? \"stepped over: the next\" : \"stepped back over: the previous\") + \" step in \" + fname(steps[hit]) + \"()\" :",
	"    dir > 0 ? \"stepped out of \" + left + \"(): it returned to \" + fname(steps[hit]) + \"()\" :",
	"    \"stepped back out of \" + left + \"(): \" + fname(steps[hit]) + \"() before the call\");",
	"}",
	"function say(text) { $(\"status\").textContent = text; }",
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
	"  say(\"\");",
	"  switch (k) {",
	"  case \"n\": case \"ArrowRight\": go(cur + 1); return true;",
	"  case \"p\": case \"ArrowLeft\": go(cur - 1); return true;",
	"  case \"o\": stepGoal(false, 1); return true;",
	"  case \"O\": stepGoal(false, -1); return true;",
	"  case \"u\": stepGoal(true, 1); return true;",
	"  case \"U\": stepGoal(true, -1); return true;",
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

/*
 * A cleaned string as JSON, safe inside a <script> element; the only
 * controls it may hold are the output's newlines and tabs.
 */
static void
put_json_clean(FILE *f, const char *clean)
{
	const char *p;

	putc('"', f);
	for (p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
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
}

/* A JSON string (null for NULL), safe inside a <script> element. */
static void
put_json(FILE *f, const char *s)
{
	struct strbuf b = { 0 };
	char *clean;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	export_clean(s, &b);
	clean = strbuf_take(&b);
	put_json_clean(f, clean);
	free(clean);
}

static const char *
kind_name(enum view_row_kind k)
{
	switch (k) {
	case ROWKIND_HEAP: return "heap";
	case ROWKIND_HOLE: return "hole";
	case ROWKIND_SEPARATOR: return "sep";
	case ROWKIND_STACK: return "stack";
	case ROWKIND_FRAME: return "frame";
	case ROWKIND_GAP: return "gap";
	case ROWKIND_GLOBAL: return "global";
	case ROWKIND_THREAD: return "thread";
	}
	return "row";
}

static void
put_headers(FILE *f, const struct view_table *t)
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
    const struct view_opts *view)
{
	struct export_opts o = { .real = real, .view = *view };
	struct view_table t;
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
	view_table_clear(&t);
}

/* "file", "line" and "src": the lines around it, where the file is readable. */
static void
put_source(FILE *f, struct model_trace *tr, size_t i, struct ui_sources *src)
{
	const char *file, *text;
	int line, n, count;
	bool first = true;

	if (!view_step_source(tr, i, &file, &line)) {
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

/*
 * A JSON string of the program's output: cleaned like any text from a
 * trace, but its newlines and tabs kept (the pane shows them as such).
 */
static void
put_output_text(FILE *f, const char *p, size_t n)
{
	struct strbuf b = { 0 };
	char *piece, *text;
	size_t from = 0, i;

	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != '\n' && p[i] != '\t')
			continue;
		piece = strndup(p + from, i - from);	/* a NUL ends a piece */
		if (piece == NULL)
			abort();
		export_clean(piece, &b);
		free(piece);
		if (i < n)
			strbuf_add(&b, p[i] == '\n' ? "\n" : "\t");
		from = i + 1;
	}
	text = strbuf_take(&b);
	put_json_clean(f, text);
	free(text);
}

/* "out": [[fd, text], ...] what step i wrote; [fd, null] where it was cut */
static void
put_output(FILE *f, struct model_trace *tr, size_t i)
{
	struct export_output_run *runs;
	size_t n = export_step_output(tr, i, &runs), k;

	if (n == 0)
		return;
	fputs(",\"out\":[", f);
	for (k = 0; k < n; k++) {
		fprintf(f, "%s[%u,", k > 0 ? "," : "", runs[k].fd);
		if (runs[k].cut)
			fputs("null", f);
		else
			put_output_text(f, runs[k].text, runs[k].len);
		putc(']', f);
	}
	putc(']', f);
	export_output_free(runs, n);
}

/*
 * "t", "d", "fn": the thread that made step i, its frames after it and
 * the innermost one's function (null if none): where over and out go.
 */
static void
put_place(FILE *f, struct model_trace *tr, size_t i)
{
	uint32_t tid = 0;
	size_t depth = 0;
	uint64_t fn = model_step_function(tr, i);
	char *name = fn != 0 ? view_function_name(tr, fn) : NULL;

	(void)model_step_depth(tr, i, &tid, &depth);
	fprintf(f, ",\"t\":%u,\"d\":%zu,\"fn\":", (unsigned)tid, depth);
	put_json(f, name);
	free(name);
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
	put_place(f, tr, i);
	put_output(f, tr, i);
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

/*
 * Steps, each rendered apart, until the page would pass EXPORT_HTML_MAX:
 * a 100-million-step trace would make a page of tens of gigabytes that
 * no browser opens.  The number of steps written.
 */
static size_t
put_steps(FILE *f, struct model_trace *tr, const struct export_opts *o,
    struct ui_sources *src)
{
	size_t n = model_trace_nsteps(tr), i, total = 0;

	for (i = 0; i < n && !ferror(f); i++) {
		char *step = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&step, &len);

		if (m == NULL)
			abort();
		if (i > 0)
			fputs(",\n", m);
		put_step(m, tr, i, o, src);
		if (fclose(m) != 0)
			abort();
		if (total + len > EXPORT_HTML_MAX) {
			free(step);
			break;
		}
		fwrite(step, 1, len, f);
		total += len;
		free(step);
	}
	return i;
}

/* Returns the number of steps left out of the page. */
static size_t
put_data(FILE *f, struct model_trace *tr, size_t first,
    const struct export_opts *o)
{
	struct ui_sources *src = o->sources;
	const char *program = model_trace_program(tr, NULL);
	size_t n = model_trace_nsteps(tr), put;
	struct view_table book, real;
	char *ending;

	view_book_render(tr, 0, &o->view, &book);
	view_real_render(tr, 0, &o->view, &real);
	fputs("{\"program\":", f);
	put_json(f, program != NULL ? base_name(program) : "a trace");
	fputs(",\"heads\":{\"book\":", f);
	put_headers(f, &book);
	fputs(",\"real\":", f);
	put_headers(f, &real);
	fprintf(f, "},\"real\":%s,\"first\":%zu,\"steps\":[\n",
	    o->real ? "true" : "false", first);
	/* a failed write stops the export: the rest would fail too */
	put = put_steps(f, tr, o, src);
	if (put < n && !ferror(f)) {
		if (asprintf(&ending, "The page ends here: it holds steps 1 to "
		    "%zu of %zu (at most %u MiB of them); export --format md "
		    "or svg shows the rest.", put, n,
		    EXPORT_HTML_MAX >> 20) < 0)
			abort();
	} else {
		ending = view_ending_text(tr);
	}
	/* "cut": the page ends before the trace does */
	fprintf(f, "],\"cut\":%s,\"ending\":", put < n ? "true" : "false");
	put_json(f, ending);
	fputs("}", f);
	view_table_clear(&book);
	view_table_clear(&real);
	free(ending);
	return n - put;
}

size_t
export_html(struct model_trace *tr, size_t first, const struct export_opts *o,
    FILE *f)
{
	size_t left_out;

	put_lines(f, page_head);
	fputs("<script type=\"application/json\" id=\"trace\">\n", f);
	left_out = put_data(f, tr, first, o);
	fputs("\n</script>\n", f);
	put_lines(f, player);
	return left_out;
}
