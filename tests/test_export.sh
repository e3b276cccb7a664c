#!/bin/sh
# test_export.sh — `stackheap export` from the outside.  Markdown holds the
# seed's tables of the complex demo, in order, as Markdown rows; an SVG
# step is well-formed XML with the step's rows, frame headings and marks;
# -o DIR gets one SVG per step; the HTML file is self-contained; a trace
# with markup, control characters and broken UTF-8 in its narration cannot
# inject anything; errors are dump's; a page is capped at 16 MiB; every
# step of tests/plain/uninit.c has dump's rows in Markdown, its "?" and
# "(uninitialized)" marks in SVG.  Last, the HTML player in headless
# Chromium: open a step, replay keys (step over and out, forward and back,
# within the step's thread), check the table and the status line.  Without
# chromium that part is skipped with a note (and the test says 77 if all
# else passed).
set -u
top=${SH_TOP_BUILDDIR:-.}
sh=$top/stackheap
demo=${STACKHEAP_DEMOS:-$top/demos}/complex
seed=${SH_SEED_TABLES:-${SH_TOP_SRCDIR:-.}/tests/seed-tables}/complex.tables
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL: $*"; }
export LC_ALL=C.UTF-8

# --- a recording of the complex demo, and what dump says of it ----------------
"$sh" record -o "$tmp/c.trace" -- "$demo" >/dev/null 2>&1 ||
	{ echo "FAIL: cannot record $demo"; exit 1; }
nsteps=$("$sh" dump "$tmp/c.trace" | grep -c '^== step ')
[ "$nsteps" -gt 25 ] && ok || bad "the complex demo has only $nsteps steps"

# --- Markdown -------------------------------------------------------------------
"$sh" export --format md "$tmp/c.trace" >"$tmp/c.md" 2>"$tmp/err" && ok ||
	{ bad "export --format md failed"; cat "$tmp/err"; }
[ "$(grep -c '^## step ' "$tmp/c.md")" = "$nsteps" ] && ok ||
	bad "Markdown has $(grep -c '^## step ' "$tmp/c.md") step headings, not $nsteps"
grep -q '^## step 28: line in baz() at complex\.c:12 — baz is short' "$tmp/c.md" &&
	ok || bad "Markdown lacks step 28's heading with its narration"
grep -q '^## end: exited with status 0$' "$tmp/c.md" && ok || bad "Markdown lacks the ending"

# The seed's tables, as Markdown rows, must be step tables in the seed's
# order ("..." rows aside, which the seed leaves out).
awk -v seed="$seed" '
function md(line,   f, n) {
	n = split(line, f, /  +/)
	return n == 2 ? "| " f[1] " |  | " f[2] " |" : "| " f[1] " | " f[2] " | " f[3] " |"
}
BEGIN {
	n = 0; cur = ""
	while ((getline line < seed) > 0) {
		if (line ~ /^#/) continue
		if (line == "") { if (cur != "") want[n++] = cur; cur = ""; continue }
		cur = cur md(line) "\n"
	}
	if (cur != "") want[n++] = cur
	k = 0; rows = ""
}
function step_done() { if (k < n && rows == want[k]) k++; rows = "" }
/^## / { step_done(); next }
/^\| [^-.]/ && !/^\| Address / { rows = rows $0 "\n" }
END {
	step_done()
	if (n < 5 || k != n) { printf "seed table %d of %d not found in order:\n%s", k + 1, n, want[k]; exit 1 }
}' "$tmp/c.md" && ok || bad "Markdown lacks the seed's tables in order"
grep -q '^| 12 | g | 100 |$' "$tmp/c.md" && ok || bad "Markdown lacks the row | 12 | g | 100 |"

"$sh" export --format md --step 28 -o "$tmp/one.md" "$tmp/c.trace" && ok || bad "md -o failed"
[ "$(grep -c '^## ' "$tmp/one.md")" = 1 ] && grep -q '^## step 28:' "$tmp/one.md" &&
	ok || bad "md --step 28 -o is not step 28 alone"
"$sh" export --format md --ascii --step 28 "$tmp/c.trace" | grep -q '^| 11 | f | -> (2^30) - 2 |$' &&
	ok || bad "md --ascii has no ASCII arrows"

# --- SVG ---------------------------------------------------------------------------
xml_ok() {	# xml_ok FILE...: each parses as XML
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$@"
	elif command -v python3 >/dev/null 2>&1; then
		python3 -c 'import sys, xml.etree.ElementTree as E
for f in sys.argv[1:]: E.parse(f)' "$@"
	else
		echo "note: neither xmllint nor python3: XML not checked"
	fi
}
flat() { tr -d '\n' <"$1"; }

"$sh" export --format svg --step 28 "$tmp/c.trace" >"$tmp/s28.svg" 2>"$tmp/err" && ok ||
	{ bad "export --format svg --step 28 failed"; cat "$tmp/err"; }
xml_ok "$tmp/s28.svg" && ok || bad "step 28's SVG is not well-formed XML"
grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$tmp/s28.svg" && ok || bad "SVG lacks its namespace"
flat "$tmp/s28.svg" | grep -q '>+</text><text[^>]*>12</text><text[^>]*>g</text><text[^>]*>100</text>' &&
	ok || bad "SVG lacks the new row 12 g 100"
flat "$tmp/s28.svg" | grep -q '>baz()</text>.*>bar()</text>.*>foo()</text>.*>main()</text>' &&
	ok || bad "SVG lacks the frame headings in order"
grep -q '>baz is short: f and g, and it is over</text>' "$tmp/s28.svg" && ok ||
	bad "SVG lacks the narration"
grep -q 'href\|url(' "$tmp/s28.svg" && bad "SVG has an external reference" || ok
"$sh" export --format svg --step 31 "$tmp/c.trace" >"$tmp/s31.svg" &&
	grep -q 'line-through">(2^30) - 2</text>' "$tmp/s31.svg" && ok ||
	bad "SVG of step 31 does not strike the freed block"
"$sh" export --format svg --real --step 28 -o "$tmp/r28.svg" "$tmp/c.trace" && xml_ok "$tmp/r28.svg" &&
	grep -q '>Size</text>' "$tmp/r28.svg" && ok || bad "the real view's SVG"

"$sh" export --format svg -o "$tmp/svgs/all" "$tmp/c.trace" && ok || bad "svg -o DIR failed"
[ "$(ls "$tmp/svgs/all" | wc -l)" = "$nsteps" ] && [ -f "$tmp/svgs/all/step-0001.svg" ] &&
	[ -f "$tmp/svgs/all/$(printf 'step-%04d.svg' "$nsteps")" ] && ok ||
	bad "svg -o DIR did not write step-0001.svg .. one per step"
xml_ok "$tmp/svgs/all"/*.svg && ok || bad "an SVG of -o DIR is not well-formed"
cmp -s "$tmp/svgs/all/step-0028.svg" "$tmp/s28.svg" && ok || bad "step-0028.svg differs from --step 28"

# --- errors, as dump's ---------------------------------------------------------------
check() {	# check NAME WANT_STATUS PATTERN -- COMMAND...
	name=$1 want=$2 pattern=$3
	shift 4
	timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ $status = "$want" ] && grep -q -- "$pattern" "$tmp/err" &&
	    [ "$(grep -c '^stackheap: ' "$tmp/err")" -ge 1 ]; then
		ok
	else
		bad "$name (status $status, wanted $want, pattern '$pattern')"
		sed 's/^/  err: /' "$tmp/err" | head -5
	fi
}
check "no --format" 2 "no --format" -- "$sh" export "$tmp/c.trace"
check "bad --format" 2 "md, svg or html, not 'png'" -- "$sh" export --format png "$tmp/c.trace"
check "svg without -o" 2 "needs a directory" -- "$sh" export --format svg "$tmp/c.trace"
check "bad --step" 2 "wants a step number" -- "$sh" export --format md --step x "$tmp/c.trace"
check "no source" 2 "no trace file or '-- PROG' given" -- "$sh" export --format md
check "step out of range" 1 "there is no step 9999" -- \
	"$sh" export --format svg --step 9999 "$tmp/c.trace"
check "missing program" 1 "cannot run '/no/such/prog'" -- "$sh" export --format md -- /no/such/prog
check "unreadable trace" 1 "cannot open trace" -- "$sh" export --format html "$tmp/none.trace"
check "unwritable output" 1 "cannot write '$tmp/no/dir/x.html'" -- \
	"$sh" export --format html -o "$tmp/no/dir/x.html" "$tmp/c.trace"
size=$(stat -c %s "$tmp/c.trace")
head -c $((size - 3)) "$tmp/c.trace" >"$tmp/cut.trace"
check "truncated trace" 1 "truncated at byte" -- "$sh" export --format md "$tmp/cut.trace"
grep -q '^## step 20:' "$tmp/out" && ok || bad "a truncated trace lost its steps"
check "truncated trace, svg" 1 "truncated at byte" -- \
	"$sh" export --format svg -o "$tmp/cut" "$tmp/cut.trace"
[ -f "$tmp/cut/step-0020.svg" ] && ok || bad "a truncated trace wrote no SVGs"

# --- a hostile trace: markup, control characters, broken UTF-8 ---------------------
# The narration of step 28, a say: comment of the source, rewritten in a
# copy of the demo, built and recorded.
evil=
if command -v perl >/dev/null 2>&1; then
	mkdir "$tmp/evil"
	perl -0777 -pe 'BEGIN { $o = "baz is short: f and g, and it is over";
		$r = "</script><b>|x</b>\x1b[1m&\"\x27\xe2\x80\xa8\xff\xc0 \xe2\x80\xa9 ";
		$r .= "A" x (length($o) - length $r) } s/\Q$o\E/$r/g' \
		"${SH_TOP_SRCDIR:-.}/demos/complex.c" >"$tmp/evil/complex.c" &&
		"$top/stackheap-cc" -o "$tmp/evil/complex" "$tmp/evil/complex.c" &&
		"$sh" record -o "$tmp/evil.trace" -- "$tmp/evil/complex" >/dev/null 2>&1 &&
		evil=$tmp/evil.trace || bad "the hostile copy of the demo was not built and recorded"
else
	echo "note: no perl: the hostile trace is not checked"
fi
esc=$(printf '\033')
if [ -n "$evil" ]; then
	"$sh" export --format md --step 28 "$evil" >"$tmp/evil.md" && ok || bad "md of the hostile trace"
	grep -q '— \\</script>\\<b>\\|x\\</b>\\\\x1b\\\[1m\\&' "$tmp/evil.md" && ok ||
		bad "md does not escape the hostile narration"
	grep -q "$esc" "$tmp/evil.md" && bad "md passes an escape character through" || ok
	"$sh" export --format svg --step 28 "$evil" >"$tmp/evil.svg" && xml_ok "$tmp/evil.svg" &&
		ok || bad "the hostile trace's SVG is not well-formed"
	grep -q '>&lt;/script&gt;&lt;b&gt;|x&lt;/b&gt;\\x1b\[1m&amp;&quot;&#39;' "$tmp/evil.svg" &&
		ok || bad "SVG does not escape the hostile narration"
	"$sh" export --format html -o "$tmp/evil.html" "$evil" && ok || bad "html of the hostile trace"
	[ "$(grep -o '</script>' "$tmp/evil.html" | wc -l)" = "$(grep -o '<script' "$tmp/evil.html" | wc -l)" ] &&
		! grep -q '<b>' "$tmp/evil.html" && ok || bad "the hostile narration injects markup into the HTML"
	grep -q "$esc\|$(printf '\342\200\250')" "$tmp/evil.html" &&
		bad "HTML passes an escape character or U+2028 through" || ok
fi

# --- HTML ---------------------------------------------------------------------------
"$sh" export --format html -o "$tmp/c.html" "$tmp/c.trace" 2>"$tmp/err" && ok ||
	{ bad "export --format html failed"; cat "$tmp/err"; }
grep -o 'https\?://[^"'"'"' <>)]*' "$tmp/c.html" |
	grep -v '^http://www\.w3\.org/\(2000/svg\|1999/xhtml\)$' >"$tmp/urls"
[ -s "$tmp/urls" ] && bad "HTML refers to $(head -1 "$tmp/urls")" || ok
grep -qi ' src=\| href=\|<link\|@import\|url(' "$tmp/c.html" && bad "HTML loads an external file" || ok
"$sh" export --format html "$tmp/c.trace" | cmp -s - "$tmp/c.html" && ok ||
	bad "html to standard output differs from -o FILE"

# A page has a size guard: 40000 steps would make 19 MB; it holds the
# first 16 MiB of steps, ends with a line that says so, and export says so.
"$sh" record -o "$tmp/calls.trace" -- "$top/tests/prog_calls" 20000 >/dev/null 2>&1
"$sh" export --format html -o "$tmp/calls.html" "$tmp/calls.trace" 2>"$tmp/err" && ok ||
	bad "export --format html of 40000 steps failed"
[ "$(stat -c %s "$tmp/calls.html")" -lt $((17 << 20)) ] && ok ||
	bad "the HTML of 40000 steps is $(stat -c %s "$tmp/calls.html") bytes, over the cap"
grep -q "the page holds the first [0-9]* of 40002 steps (at most 16 MiB" "$tmp/err" && ok ||
	bad "export does not say the page was capped: $(cat "$tmp/err")"
grep -q "The page ends here: it holds steps 1 to [0-9]* of 40002" "$tmp/calls.html" && ok ||
	bad "the capped page does not say where it ends"
# ... and tells the player, whose u then says "does not return in this page"
grep -q '"cut":true,"ending":' "$tmp/calls.html" && grep -q '"cut":false,"ending":' "$tmp/c.html" &&
	ok || bad "the page does not tell the player whether it ends before the trace"

# --- the new detail: struct fields, array elements, values not written yet ------
# Every step of tests/plain/uninit.c in Markdown has dump's rows, in both
# views: "?" in the book's, "(uninitialized)" in the real one.
rows_of() {	# rows_of FORMAT FILE: the rows of each step as dump's words
	awk -v md="$1" '
	md == "md" && /^## step / { print "STEP"; on = 1; next }
	md == "md" && /^## / { on = 0; next }
	md == "dump" && /^== step / { print "STEP"; on = 1; next }
	md == "dump" && /^== / { on = 0; next }
	!on || /^$/ || /^(output|stderr): / || /^\| --- / { next }
	md == "md" && !/^\| / { next }
	{
		if (md == "md") {
			sub(/^\| /, ""); sub(/ \|$/, ""); gsub(/ \| /, " ")
			gsub(/\\/, "\001"); gsub(/\001\001/, "\\"); gsub(/\001/, "")
		}
		gsub(/  +/, " "); sub(/ +$/, ""); print
	}' "$2"
}
if "$top/stackheap-cc" -o "$tmp/uninit" "${SH_TOP_SRCDIR:-.}/tests/plain/uninit.c" &&
    "$sh" record -o "$tmp/u.trace" -- "$tmp/uninit" >/dev/null 2>&1; then
	for view in book real; do
		"$sh" dump --$view "$tmp/u.trace" >"$tmp/u.dump"
		"$sh" export --format md --$view "$tmp/u.trace" >"$tmp/u.md"
		rows_of dump "$tmp/u.dump" >"$tmp/u.dump.rows"
		rows_of md "$tmp/u.md" >"$tmp/u.md.rows"
		[ "$(grep -c STEP "$tmp/u.md.rows")" -gt 20 ] &&
		    cmp -s "$tmp/u.dump.rows" "$tmp/u.md.rows" && ok ||
		    { bad "Markdown's $view rows of uninit.c are not dump's"
		      diff "$tmp/u.dump.rows" "$tmp/u.md.rows" | head -5; }
	done
	"$sh" export --format md "$tmp/u.trace" >"$tmp/u.md"
	grep -q '^| 1 | s | {a: 1, b: ?} |$' "$tmp/u.md" &&
	    grep -q '^| 2 | arr | \\\[?, 7, ?\\\] |$' "$tmp/u.md" &&
	    grep -q '^| (2^30) - 3 |  | \\\[1, 2, ?, ?\\\] |$' "$tmp/u.md" && ok ||
		bad "Markdown lacks uninit.c's fields and elements marked ?"
	at=$("$sh" dump "$tmp/u.trace" | grep '^== step ' |
	    grep -n 'line in main() at uninit.c:34' | head -1 | cut -d: -f1)
	"$sh" export --format svg --step "$at" "$tmp/u.trace" >"$tmp/u.svg" &&
	    grep -q '>{a: 1, b: ?}</text>' "$tmp/u.svg" &&
	    grep -q '>\[?, 7, ?\]</text>' "$tmp/u.svg" &&
	    grep -q '>{a: 5, b: ?}</text>' "$tmp/u.svg" && ok ||
		bad "the SVG of uninit.c's step $at lacks its ? marks"
	"$sh" export --format svg --real --step "$at" "$tmp/u.trace" >"$tmp/ur.svg" &&
	    grep -q '>\[(uninitialized), 7, (uninitialized)\]</text>' "$tmp/ur.svg" &&
	    grep -q '>{a: 1, b: (uninitialized)}</text>' "$tmp/ur.svg" && ok ||
		bad "the real view's SVG of uninit.c lacks (uninitialized)"
	"$sh" export --format html -o "$tmp/u.html" "$tmp/u.trace" 2>/dev/null && ok ||
		bad "cannot export uninit.c as HTML"
else
	bad "cannot build and record tests/plain/uninit.c"
fi

if ! command -v chromium >/dev/null 2>&1; then
	echo "note: chromium is not installed (Debian package chromium): the player is not tested"
	echo "$passes passed, $fails failed"
	[ $fails -eq 0 ] && exit 77
	exit 1
fi

dom() {	# dom FILE FRAGMENT: the page's DOM after load, into $tmp/dom
	profile=$(mktemp -d)
	timeout 20 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$profile" \
		--dump-dom "file://$1#$2" >"$tmp/dom" 2>/dev/null
	rm -rf "$profile"
}
dom_has() { grep -q -- "$1" "$tmp/dom"; }

dom "$tmp/c.html" "step=28"
dom_has '<title>stackheap step 28</title>' && ok || bad "#step=28 did not open step 28"
dom_has '<tr class="stack new"><td class="m">+</td><td>12</td><td>g</td><td>100</td></tr>' &&
	ok || bad "#step=28 does not show the new row 12 g 100"
dom_has '<div id="say">baz is short: f and g, and it is over</div>' && ok ||
	bad "#step=28 does not show the narration"
dom_has '<div class="cur"><span class="no">12</span>' && ok ||
	bad "#step=28 does not show source line 12"
dom "$tmp/c.html" "keys=nnnp"
dom_has '<title>stackheap step 3</title>' && dom_has '<div id="title">step 3: line in main()' &&
	ok || bad "#keys=nnnp did not end at step 3"
dom "$tmp/c.html" "step=28&keys=nnp"
dom_has '<title>stackheap step 29</title>' && dom_has '<div id="title">step 29: return from baz()' &&
	dom_has '<tr class="stack[a-z ]* leaving"><td class="m">-</td><td>12</td><td>g</td><td>100</td></tr>' &&
	ok || bad "#step=28&keys=nnp did not show step 29 with baz's rows leaving"
dom "$tmp/c.html" "keys=Gpv"
dom_has "<title>stackheap step $((nsteps - 1))</title>" && dom_has '<th>Size</th>' &&
	ok || bad "#keys=Gpv did not show the real view of the step before the last"
if [ -n "$evil" ]; then
	dom "$tmp/evil.html" "step=28"
	dom_has '<div id="say">&lt;/script&gt;&lt;b&gt;|x&lt;/b&gt;\\x1b\[1m&amp;' && ! dom_has '<b>' &&
		ok || bad "the hostile narration is not shown as text"
fi

# The detail in the player: "?" in the book view, "(uninitialized)" in the real.
if [ -f "$tmp/u.html" ]; then
	dom "$tmp/u.html" "step=$at"
	dom_has '<td>1</td><td>s</td><td>{a: 1, b: ?}</td>' &&
	    dom_has '<td>2</td><td>arr</td><td>\[?, 7, ?\]</td>' && ok ||
		bad "the player's book view of uninit.c lacks its ? marks"
	dom "$tmp/u.html" "step=$at&keys=v"
	dom_has '<td>arr</td><td>\[(uninitialized), 7, (uninitialized)\]</td>' && ok ||
		bad "the player's real view of uninit.c lacks (uninitialized)"
	dom_has 'o, O step over a call' && dom_has 'u, U step out of this call' &&
	    dom_has '? in the book view, (uninitialized) in the real one' && ok ||
		bad "the player's help lacks over, out or the uninitialized mark"
fi

# Stepping over and out, forward and back, as the viewer's o O u U do
# (model_search.c), from each step's thread and frame depth in the page.
cat >"$tmp/over.c" <<'EOF'
#include <stdlib.h>

static int
leaf(int v)
{
	int w = v * 2;
	return w;
}

static int
mid(int v)
{
	int r = leaf(v);
	r += leaf(r);
	return r;
}

int
main(void)
{
	int *p = malloc(sizeof *p);

	*p = mid(7);
	free(p);
	return 0;
}
EOF
stepped() {	# stepped FRAGMENT STEP TITLE STATUS: where the keys went, and why
	dom "$tmp/over.html" "$1"
	if dom_has "<title>stackheap step $2</title>" &&
	    dom_has "<div id=\"title\">step $2: $3" &&
	    dom_has "<span id=\"status\">$4</span>"; then
		ok
	else
		bad "#$1 did not end at step $2 ($3) saying '$4': $(grep -o \
		    '<title>[^<]*</title>\|<span id="status">[^<]*</span>' "$tmp/dom" | tr '\n' ' ')"
	fi
}
if "$top/stackheap-cc" -o "$tmp/over" "$tmp/over.c" &&
    "$sh" record -o "$tmp/over.trace" -- "$tmp/over" >/dev/null 2>&1 &&
    "$sh" export --format html -o "$tmp/over.html" "$tmp/over.trace" 2>/dev/null; then
	"$sh" dump "$tmp/over.trace" | grep '^== step ' >"$tmp/over.steps"
	n_of() { grep -n -- "$1" "$tmp/over.steps" | sed -n "${2:-1}p" | cut -d: -f1; }
	call_mid=$(n_of 'call mid()') leaf1=$(n_of 'line in leaf() at over.c:6')
	back_mid=$(n_of 'return from mid() to main()')
	back_leaf=$(n_of 'return from leaf() to mid()')
	leaf2=$(n_of 'line in leaf() at over.c:6' 2) mid15=$(n_of 'line in mid() at over.c:15')
	mid14=$(n_of 'line in mid() at over.c:14') end=$(n_of 'return from main()')
	stepped "step=$((call_mid - 1))&keys=o" "$back_mid" "return from mid() to main()" \
		"stepped over: the next step in main()"
	stepped "step=$leaf1&keys=u" "$back_leaf" "return from leaf() to mid()" \
		"stepped out of leaf(): it returned to mid()"
	stepped "step=$mid15&keys=O" "$((mid15 - 1))" "return from leaf() to mid()" \
		"stepped back over: the previous step in mid()"
	stepped "step=$mid15&keys=OO" "$mid14" "line in mid() at over.c:14" \
		"stepped back over: the previous step in mid()"
	stepped "step=$leaf2&keys=U" "$mid14" "line in mid() at over.c:14" \
		"stepped back out of leaf(): mid() before the call"
	stepped "step=$leaf1&keys=uu" "$back_mid" "return from mid() to main()" \
		"stepped out of mid(): it returned to main()"
	stepped "step=$end&keys=u" "$end" "return from main()" \
		"this step is in no function: nothing to step out of"
	stepped "keys=O" 1 "call main()" "no earlier step in this frame or an outer one"
	stepped "step=$leaf1&keys=on" "$((leaf1 + 2))" "" ""
else
	bad "cannot record and export over.c"
fi

# Over and out keep to the step's thread: over pthread_join is main's next
# line, whatever the other thread does meanwhile (it runs in between).
cat >"$tmp/thr.c" <<'EOF'
#include <pthread.h>

static void *
worker(void *arg)
{
	int got = 3;

	got += (int)(long)arg;
	return (void *)(long)got;
}

int
main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
	pthread_join(t, NULL);
	return 0;
}
EOF
if "$top/stackheap-cc" -o "$tmp/thr" "$tmp/thr.c" -lpthread &&
    "$sh" record -o "$tmp/thr.trace" -- "$tmp/thr" >/dev/null 2>&1 &&
    "$sh" export --format html -o "$tmp/thr.html" "$tmp/thr.trace" 2>/dev/null; then
	start=$("$sh" dump "$tmp/thr.trace" | grep '^== step ' |
	    grep -n 'line in main() at thr.c:18' | head -1 | cut -d: -f1)
	dom "$tmp/thr.html" "step=$start&keys=o"
	dom_has '<div id="title">step [0-9]*: line in main() at thr.c:19' &&
	    dom_has '<span id="status">stepped over: the next step in main()</span>' && ok ||
		bad "over pthread_join did not stay in main's thread"
else
	bad "cannot record and export thr.c"
fi

# --- the program's output, from a trace, at its steps, streams told apart -----
cat >"$tmp/say.c" <<'EOF'
#include <stdio.h>
int
main(void)
{
	setvbuf(stdout, NULL, _IOFBF, 4096);
	printf("first\tline\n");
	fprintf(stderr, "oops <b>\n");
	printf("last\n");
	return 0;
}
EOF
if "$top/stackheap-cc" -o "$tmp/say" "$tmp/say.c" &&
    "$sh" record -o "$tmp/say.trace" -- "$tmp/say" >/dev/null 2>&1 &&
    "$sh" export --format html -o "$tmp/say.html" "$tmp/say.trace" 2>"$tmp/err"; then
	grep -q '"out":\[\[1,"first\\tline\\n"\]\]' "$tmp/say.html" &&
	grep -q '"out":\[\[2,"oops \\u003cb\\u003e\\n"\]\]' "$tmp/say.html" &&
	[ "$(grep -c '"out":' "$tmp/say.html")" = 3 ] && ok ||
		bad "the HTML export lacks the output of each step"
else
	bad "cannot record and export say.c"; cat "$tmp/err"
fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
