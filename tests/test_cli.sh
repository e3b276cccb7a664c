#!/bin/sh
# test_cli.sh — the command line's errors and basics, from the outside:
# every bad input gets one clear "stackheap: ..." line and a non-zero exit,
# never a crash or a hang; --help and --version work.
set -u
top=${SH_TOP_BUILDDIR:-.}
sh=$top/stackheap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0

check() {	# check NAME WANT_STATUS PATTERN -- COMMAND...
	name=$1 want=$2 pattern=$3
	shift 4
	timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$want" = nonzero ] && [ $status -ne 0 ] && [ $status -lt 124 ]; then
		ok=1
	elif [ "$want" = "$status" ]; then
		ok=1
	else
		ok=0
	fi
	if [ $ok = 1 ] && [ -n "$pattern" ] && ! grep -q -- "$pattern" "$tmp/out" "$tmp/err"; then
		ok=0
	fi
	if [ $ok = 1 ] && [ "$want" != 0 ] && [ "$(grep -c '^stackheap: ' "$tmp/err")" -lt 1 ]; then
		ok=0
	fi
	if [ $ok = 1 ]; then
		passes=$((passes + 1))
	else
		fails=$((fails + 1))
		echo "FAIL: $name (status $status, wanted $want, pattern '$pattern')"
		sed 's/^/  out: /' "$tmp/out" | head -5
		sed 's/^/  err: /' "$tmp/err" | head -5
	fi
}

check "--version" 0 "stackheap [0-9]" -- "$sh" --version
check "--help" 0 "usage: stackheap" -- "$sh" --help
check "dump --help" 0 "usage: stackheap dump" -- "$sh" dump --help
check "unknown command" 2 "unknown command 'frobnicate'" -- "$sh" frobnicate
check "missing program" 1 "cannot run '/no/such/prog': no such file" -- \
	"$sh" dump -- /no/such/prog
check "program not in PATH" 1 "cannot run 'no-such-prog-xyz'" -- \
	"$sh" dump -- no-such-prog-xyz
printf 'plain text\n' >"$tmp/notexec"
chmod -x "$tmp/notexec"
check "not executable" 1 "not executable" -- "$sh" dump -- "$tmp/notexec"
check "a directory" 1 "is a directory" -- "$sh" dump -- "$tmp"
check "unreadable trace" 1 "cannot open trace '$tmp/none.trace'" -- \
	"$sh" dump "$tmp/none.trace"
check "not a trace" 1 "not a stackheap trace (bad magic at byte 0)" -- \
	"$sh" dump "$tmp/notexec"
# A forgotten "--": a program where a trace goes gets the command line
# that runs it, for an ELF program and an executable script alike.
cp "$top/tests/prog_crash" "$tmp/prog"
check "dump PROG, no --" 2 "'$tmp/prog' is a program, not a trace: did you mean \`stackheap dump -- $tmp/prog segv\`?" -- \
	"$sh" dump "$tmp/prog" segv
check "export PROG, no --" 2 "did you mean \`stackheap export --format md -- $tmp/prog\`?" -- \
	"$sh" export --format md "$tmp/prog"
check "replay PROG" 2 "did you mean \`stackheap run -- $tmp/prog\`?" -- \
	"$sh" replay "$tmp/prog"
printf '#!/bin/sh\necho hello\n' >"$tmp/hello.sh"
chmod +x "$tmp/hello.sh"
check "dump SCRIPT, no --" 2 "did you mean \`stackheap dump -- ./hello.sh\`?" -- \
	sh -c 'cd "$1" && exec "$2" dump hello.sh' - "$tmp" "$(cd "$top" && pwd)/stackheap"
: >"$tmp/empty.trace"
check "empty trace" 1 "too short for a header" -- "$sh" dump "$tmp/empty.trace"
check "dump without source" 2 "no trace file or '-- PROG' given" -- "$sh" dump
check "bad --step" 2 "wants a step number" -- "$sh" dump --step x "$tmp/empty.trace"
check "record without -o" 2 "no output file" -- "$sh" record -- /bin/true

# A real recording, then damaged copies of it.
check "record" 0 "" -- "$sh" record -o "$tmp/c.trace" -- "$top/demos/complex"
mode=$(stat -c %a "$tmp/c.trace")
if [ "$mode" = 600 ]; then passes=$((passes + 1)); else
	fails=$((fails + 1)); echo "FAIL: trace mode is $mode, not 600"; fi
# Output files hold the program's memory: 0600, never through a link left
# at their name, never into another user's file; record checks -o before
# the program runs.
umask 022
pass() { passes=$((passes + 1)); }
fail() { fails=$((fails + 1)); echo "FAIL: $1"; }
echo precious >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/link.trace"
check "record -o a symlink" 1 "symbolic link" -- \
	"$sh" record -o "$tmp/link.trace" -- "$top/demos/single"
check "export -o a symlink" 1 "symbolic link" -- \
	"$sh" export --format md -o "$tmp/link.trace" "$tmp/c.trace"
ln "$tmp/victim" "$tmp/hard.trace"
check "record -o a hard link" 1 "other hard links" -- \
	"$sh" record -o "$tmp/hard.trace" -- "$top/demos/single"
if [ "$(cat "$tmp/victim")" = precious ]; then pass; else
	fail "an output went through a link"; fi
check "record -o in no directory" 1 "cannot create trace '$tmp/no/x.trace'" -- \
	"$sh" record -o "$tmp/no/x.trace" -- /usr/bin/touch "$tmp/ran"
if [ ! -e "$tmp/ran" ]; then pass; else
	fail "record ran the program although -o was bad"; fi
check "record -o a missing program" 1 "cannot run" -- \
	"$sh" record -o "$tmp/none.trace" -- "$tmp/no-such-program"
if [ ! -e "$tmp/none.trace" ]; then pass; else
	fail "a failed record left an empty trace"; fi
echo old >"$tmp/old.trace"
chmod 644 "$tmp/old.trace"
check "record over an old trace" 0 "" -- \
	"$sh" record -o "$tmp/old.trace" -- "$top/demos/single"
check "export html" 0 "" -- \
	"$sh" export --format html -o "$tmp/c.html" "$tmp/c.trace"
check "export md" 0 "" -- "$sh" export --format md -o "$tmp/c.md" "$tmp/c.trace"
check "export svg dir" 0 "" -- "$sh" export --format svg -o "$tmp/svg" "$tmp/c.trace"
mkdir "$tmp/elsewhere"
ln -s "$tmp/elsewhere" "$tmp/svglink"
check "export svg into a linked dir" 1 "symbolic link" -- \
	"$sh" export --format svg -o "$tmp/svglink" "$tmp/c.trace"
for f in "$tmp/old.trace" "$tmp/c.html" "$tmp/c.md" "$tmp/svg/step-0001.svg"; do
	mode=$(stat -c %a "$f")
	if [ "$mode" = 600 ]; then pass; else fail "$f has mode $mode, not 600"; fi
done

# A part of a trace: a range of steps, steps of some kinds, steps in one
# function (issue 13: a full dump of a long run is hundreds of megabytes).
titles() { grep '^== step' "$tmp/out" | sed 's/^== step \([0-9]*\):.*/\1/' | paste -sd' ' -; }
want_steps() {	# want_steps NAME "STEPS" [--ending|--no-ending]
	if [ "$(titles)" = "$2" ]; then pass; else
		fail "$1: steps '$(titles)', not '$2'"; fi
	if [ "${3:-}" = --ending ] && ! grep -q '^== still allocated' "$tmp/out"; then
		fail "$1: no ending"; fi
	if [ "${3:-}" = --no-ending ] && grep -q '^== still allocated' "$tmp/out"; then
		fail "$1: an ending after a range that stops before the last step"; fi
}
check "dump --from --to" 0 "" -- "$sh" dump --from 3 --to 5 "$tmp/c.trace"
want_steps "dump --from 3 --to 5" "3 4 5" --no-ending
check "dump --from" 0 "" -- "$sh" dump --from 37 "$tmp/c.trace"
want_steps "dump --from 37" "37 38 39" --ending
check "dump -- PROG --to" 0 "" -- "$sh" dump --to 2 -- "$top/demos/complex"
want_steps "dump --to 2 -- PROG" "1 2" --no-ending
check "dump --only" 0 "" -- "$sh" dump --only call,return "$tmp/c.trace"
want_steps "dump --only call,return" "1 9 13 16 18 26 29 33 35 39"
check "dump --only heap" 0 "" -- "$sh" dump --only heap --from 22 "$tmp/c.trace"
want_steps "dump --only heap --from 22" "31 37"
check "dump --function" 0 "" -- "$sh" dump --function baz "$tmp/c.trace"
want_steps "dump --function baz" "13 14 15 16 26 27 28 29"
check "dump --function --only --last" 0 "" -- "$sh" dump --real \
	--function main --only free --from 20 "$tmp/c.trace"
want_steps "dump --function main --only free" "37"
check "dump --to before --from" 2 "--to 2 comes before --from 5" -- \
	"$sh" dump --from 5 --to 2 "$tmp/c.trace"
check "dump --step and --from" 2 "not both" -- \
	"$sh" dump --step 5 --from 2 "$tmp/c.trace"
check "dump --only a bad kind" 2 "not 'lines'" -- \
	"$sh" dump --only line,lines "$tmp/c.trace"
check "dump --from beyond" 1 "there is no step 99: the trace has 39 steps" -- \
	"$sh" dump --from 99 --last "$tmp/c.trace"
check "export md --from --to" 0 "" -- "$sh" export --format md --from 10 \
	--to 12 "$tmp/c.trace"
if [ "$(grep -c 'step 1[0-2]' "$tmp/out")" -ge 3 ] && ! grep -q 'step 13' "$tmp/out" &&
    ! grep -q 'step 9\b' "$tmp/out"; then pass; else
	fail "export md --from 10 --to 12 wrote other steps"; fi
check "export svg dir --from --to" 0 "" -- "$sh" export --format svg \
	-o "$tmp/svgpart" --from 2 --to 3 "$tmp/c.trace"
if [ "$(ls "$tmp/svgpart" | paste -sd' ' -)" = "step-0002.svg step-0003.svg" ]; then
	pass; else fail "export svg --from 2 --to 3 wrote $(ls "$tmp/svgpart")"; fi

# Blocks libc allocates for itself (stdin's stdio buffer, at the first
# getchar) are not the program's leaks: counted apart; strdup's block is
# the program's.
check "dump, library blocks" 0 "^== still allocated: 2 blocks, 57 bytes" -- \
	"$sh" dump --last -- "$top/tests/prog_leaks"
if grep -q '^== library: 1 block, [0-9]* bytes' "$tmp/out" &&
    grep -q '17 bytes  lost at step [0-9]*  allocated at prog_leaks.c:22' "$tmp/out" &&
    grep -q 'allocated in .*called at prog_leaks.c:20' "$tmp/out"; then pass; else
	fail "dump, library blocks: $(grep -A4 'still allocated' "$tmp/out" | paste -sd'|' -)"; fi

# A library's own block takes no book slot (issue 13, section 4): stdin's
# stdio buffer, allocated before the first malloc, leaves the program's
# first block at (2^30) - 1, and shows only on request, under its heading,
# by its library's name.
check "dump, library block not in the book" 0 "^(2^30) - 2  *2$" -- \
	"$sh" dump --step 6 -- "$top/tests/prog_stdio"
if grep -q '^(2^30) - 1 ' "$tmp/out" && ! grep -q 'library\|libc\|(2^30) - 3' "$tmp/out"
then pass; else fail "dump, library block not in the book: $(paste -sd'|' "$tmp/out")"; fi
check "dump --library-blocks" 0 "^\.\.\. *library" -- \
	"$sh" dump --library-blocks --step 6 -- "$top/tests/prog_stdio"
if grep -q '^(2^30) - 1 ' "$tmp/out" && ! grep -q '(2^30) - 3' "$tmp/out" &&
    grep -q '^libc\.so\.[0-9]  *[^ ]*()  *[0-9]* bytes, for prog_stdio\.c:18' "$tmp/out"
then pass; else fail "dump --library-blocks: $(paste -sd'|' "$tmp/out")"; fi
check "dump, a library's allocation says whose" 0 \
	"^== step 2: malloc 4096 bytes for libc\.so\.[0-9]'s own use in main() at prog_stdio\.c:18$" -- \
	"$sh" dump --to 3 -- "$top/tests/prog_stdio"
if grep -q "^== step 3: malloc 4 bytes in main() at prog_stdio.c:19$" "$tmp/out"
then pass; else fail "dump, the program's own malloc: $(grep '^== step 3' "$tmp/out")"; fi
check "dump --real, the library's block labelled" 0 "heap of libc\.so\.[0-9] (prog_stdio\.c:18)" -- \
	"$sh" dump --real --step 6 -- "$top/tests/prog_stdio"

# C++ built by stackheap-c++: libstdc++'s emergency pool (made before
# main) and iostream's buffers are neither the program's leaks nor in the
# book; its one forgotten Node is.
if command -v "${CXX:-g++}" >/dev/null 2>&1 &&
    "$top/stackheap-c++" -o "$tmp/cout" "${SH_TOP_SRCDIR:-.}/tests/prog_cout.cpp" 2>"$tmp/cxx.err"
then
	check "C++ dump, library blocks" 0 "^== still allocated: 1 block, 16 bytes" -- \
		"$sh" dump -- "$tmp/cout"
	if grep -q '^== library: [1-9][0-9]* blocks\{0,1\}, [0-9]* bytes' "$tmp/out" &&
	    grep -q '^  libstdc++\.so\.[0-9]  ' "$tmp/out" &&
	    grep -q '^  (2^30) - 2  16 bytes  allocated at prog_cout\.cpp:18' "$tmp/out" &&
	    ! grep -q '(2^30) - 3' "$tmp/out" && ! grep -q '^libstdc++' "$tmp/out"
	then pass; else
		fail "C++ dump, library blocks: $(grep -A4 'still allocated' "$tmp/out" | paste -sd'|' -)"; fi
	check "C++ dump --library-blocks" 0 "^libstdc++\.so\.[0-9]  " -- \
		"$sh" dump --library-blocks --last -- "$tmp/cout"
else
	fail "stackheap-c++ prog_cout.cpp: $(head -3 "$tmp/cxx.err")"
fi

check "record -o /dev/null" 0 "" -- "$sh" record -o /dev/null -- "$top/demos/single"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	echo theirs >"$tmp/theirs.trace"
	chown nobody "$tmp/theirs.trace"
	check "record -o another user's file" 1 "belongs to another user" -- \
		"$sh" record -o "$tmp/theirs.trace" -- "$top/demos/single"
	check "export -o another user's file" 1 "belongs to another user" -- \
		"$sh" export --format html -o "$tmp/theirs.trace" "$tmp/c.trace"
	if [ "$(cat "$tmp/theirs.trace")" = theirs ]; then pass; else
		fail "another user's file was written"; fi
fi

# A program the runtime cannot get into runs untraced, says so, and gives
# nothing of ours to what it starts (check_runtime looks at the stream).
if [ -x "$top/tests/prog_spawn_static" ]; then
	check "static program" 1 "statically linked: heap and frames cannot be traced" -- \
		"$sh" dump -- "$top/tests/prog_spawn_static" "$top/tests/prog_spawn"
else
	echo "no static C library: the static program's test skipped"
fi
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	cp "$top/tests/prog_setid" "$tmp/setuid"
	chown nobody "$tmp/setuid"
	chmod 4755 "$tmp/setuid"
	check "set-user-ID program" 1 "set-user-ID or set-group-ID: it cannot be traced" -- \
		"$sh" dump -- "$tmp/setuid"
fi

check "step out of range" 1 "there is no step 9999" -- \
	"$sh" dump --step 9999 "$tmp/c.trace"
check "--last" 0 "== end: exited with status 0" -- "$sh" dump --last "$tmp/c.trace"
size=$(stat -c %s "$tmp/c.trace")
head -c $((size - 3)) "$tmp/c.trace" >"$tmp/cut.trace"
check "truncated trace" 1 "truncated at byte" -- "$sh" dump "$tmp/cut.trace"
# the steps before the cut are still printed
if grep -q "^== step 20:" "$tmp/out"; then passes=$((passes + 1)); else
	fails=$((fails + 1)); echo "FAIL: truncated trace lost its steps"; fi
# Cut where a record ends: every record decodes, but record always writes
# the program's end last, so the cut shows.  The end record is 4 bytes
# (type, length, how, status 0).
[ "$(tail -c 4 "$tmp/c.trace" | od -An -tx1 | tr -d ' \n')" = 0f020100 ] &&
	passes=$((passes + 1)) || { fails=$((fails + 1)); echo "FAIL: the trace does not end with its end record"; }
head -c $((size - 4)) "$tmp/c.trace" >"$tmp/cut-at-record.trace"
check "trace cut at a record boundary" 1 "truncated at byte $((size - 4))" -- \
	"$sh" dump "$tmp/cut-at-record.trace"
check "trace cut at a record boundary, export" 1 "truncated at byte" -- \
	"$sh" export --format md "$tmp/cut-at-record.trace"
# 200 bytes of 0xff: longer than any record of this trace, so some byte
# of them must be read where a record or a field starts.
{ head -c 600 "$tmp/c.trace"; head -c 200 /dev/zero | tr '\0' '\377'
  tail -c +801 "$tmp/c.trace"; } >"$tmp/bad.trace"
check "garbage in the middle" 1 "corrupt trace at byte" -- "$sh" dump "$tmp/bad.trace"
# A trace of a program rebuilt since (its file is newer than the trace's)
# says that names and lines may be wrong; one that is not, says nothing.
cp "$top/demos/single" "$tmp/single"
"$sh" record -o "$tmp/single.trace" -- "$tmp/single" >/dev/null 2>&1
"$sh" dump "$tmp/single.trace" >/dev/null 2>"$tmp/err"
grep -q "is newer than" "$tmp/err" && fail "a trace of an unchanged program is said stale" ||
	pass
touch -d "@$(($(date +%s) + 5))" "$tmp/single"
check "a rebuilt program" 0 "warning: single is newer than single.trace (rebuilt?): names and lines may be wrong" -- \
	"$sh" dump "$tmp/single.trace"
check "a rebuilt program, export" 0 "is newer than" -- \
	"$sh" export --format md "$tmp/single.trace"

# The program's stream ends inside a record (it died writing it): the
# record is left out, said, and the end record (its status) still follows.
check "record: stream cut inside a record" 0 "ended inside a record; its 6 bytes are left out" -- \
	"$sh" record -o "$tmp/cut-live.trace" -- "$top/tests/prog_stream" cut
check "record: the cut trace keeps its end" 0 "== end: killed by signal 9 (SIGKILL)" -- \
	"$sh" dump --last "$tmp/cut-live.trace"
# The stream turns corrupt: the good prefix is kept (its steps dump), the
# damage and the program's status said, and the exit is 1.
check "record: stream turns corrupt" 1 "damaged after byte [0-9]* (.*over the limit).*the program exited 3" -- \
	"$sh" record -o "$tmp/corrupt-live.trace" -- "$top/tests/prog_stream" corrupt
check "record: the corrupt stream's prefix" 1 "malloc 16 bytes in main() at prog_stream.c" -- \
	"$sh" dump "$tmp/corrupt-live.trace"
# A bidi override in the narration (a say: comment of the source) would
# make a terminal show the rest of the line reversed: dump draws it as '?'.
if command -v perl >/dev/null 2>&1; then
	mkdir "$tmp/bidi"
	perl -0777 -pe 's/baz is short/\xe2\x80\xaebaz short/g' \
	    "${SH_TOP_SRCDIR:-.}/demos/complex.c" >"$tmp/bidi/complex.c"
	"$top/stackheap-cc" -o "$tmp/bidi/complex" "$tmp/bidi/complex.c" &&
		"$sh" record -o "$tmp/bidi.trace" -- "$tmp/bidi/complex" >/dev/null 2>&1
	check "bidi control in a narration" 0 "?baz short" -- "$sh" dump --step 28 "$tmp/bidi.trace"
	if grep -q "$(printf '\342\200\256')" "$tmp/out"; then
		fail "dump passes a bidi override through"; else pass; fi
	"$sh" export --format md --step 28 "$tmp/bidi.trace" | grep -q "$(printf '\342\200\256')" &&
		fail "export md passes a bidi override through" || pass
fi
check "ascii arrows" 0 "-> (2^30) - 1" -- "$sh" dump --ascii "$tmp/c.trace"
check "C locale arrows" 0 "-> 0" -- env LC_ALL=C "$sh" dump "$tmp/c.trace"
check "crashing program" 0 "killed by signal 11 (SIGSEGV)" -- \
	"$sh" dump -- "$top/tests/prog_crash" segv
# A NULL pointer dereferenced, and a field read through one, say so; a
# SIGSEGV sent by raise() is no dereference and has no address.
null=$top/tests/prog_null
check "NULL dereference" 0 "crash: signal 11 (SIGSEGV): NULL pointer dereference (address 0x0) in main() at prog_null.c:31" -- \
	"$sh" dump --last -- "$null"
check "NULL dereference, ending" 0 "^== end: killed by signal 11 (SIGSEGV): NULL pointer dereference$" -- \
	"$sh" dump --last -- "$null"
check "NULL + 8" 0 "NULL pointer dereference (address 0x8, NULL + 8) in main() at prog_null.c:33" -- \
	"$sh" dump --last -- "$null" field
check "SIGSEGV raised" 0 "crash: signal 11 (SIGSEGV) in main()$" -- \
	"$sh" dump --last -- "$null" kill
# glibc's abort for a bad free is named as the heap error, at the free's line
bad=$top/tests/prog_badfree
check "double free" 0 "crash: signal 6 (SIGABRT): double free (a block freed before) in main() at prog_badfree.c:21" -- \
	"$sh" dump --last -- "$bad" double
check "double free, ending" 0 "^== end: killed by signal 6 (SIGABRT): double free$" -- \
	"$sh" dump --last -- "$bad" double
check "invalid free" 0 "crash: signal 6 (SIGABRT): invalid free (not the start of a live block) in main() at prog_badfree.c:24" -- \
	"$sh" dump --last -- "$bad" invalid
check "stack overflow" 0 "stack overflow" -- \
	"$sh" dump --last -- "$top/tests/prog_crash" overflow
check "exit status" 0 "exited with status 3" -- \
	"$sh" dump --last -- "$top/tests/prog_crash" exit
check "plain program, no header" 0 "malloc" -- "$sh" dump -- /bin/ls "$tmp"

# A stdin menu loop: --stdin feeds it, in dump as in record; without it the
# program reads end-of-file at once (an empty input, not our terminal) and
# ends, rather than waiting.
printf '1 10\n1 20\n2\n0\n' >"$tmp/menu.txt"
menu=$top/tests/prog_menu
check "dump --stdin" 0 "pushed 20" -- "$sh" dump --stdin "$tmp/menu.txt" -- "$menu"
if grep -q "popped 20" "$tmp/err"; then passes=$((passes + 1)); else
	fails=$((fails + 1)); echo "FAIL: dump --stdin: the menu did not pop 20"; fi
check "dump without --stdin: end of input" 0 "bye (end of input)" -- \
	"$sh" dump --last -- "$menu"
check "record --stdin" 0 "" -- "$sh" record --stdin "$tmp/menu.txt" \
	-o "$tmp/menu.trace" -- "$menu"
check "record --stdin, dumped" 0 "pushed 20" -- "$sh" dump "$tmp/menu.trace"
check "--stdin with a trace" 2 "not for a trace" -- \
	"$sh" dump --stdin "$tmp/menu.txt" "$tmp/menu.trace"

# Floating values as C programmers write them, each type by its own
# precision: a total of 10 reads 10, not 1e+01.
check "a double of 10" 0 "total  *10$" -- "$sh" dump -- "$top/tests/prog_floats"
for row in "pi  *3.14159$" "huge  *1e+30$" "tenth  *0.1$" "f_third  *0.33333334$" \
    "ld_third  *0.33333333333333333334$"; do
	if grep -q -- "$row" "$tmp/out"; then passes=$((passes + 1)); else
		fails=$((fails + 1)); echo "FAIL: prog_floats: no row '$row'"; fi
done

# Output that cannot be written ends dump and export at once: a full disk
# with a message and status 1, a closed pipe quietly, dying of SIGPIPE
# (141 to the shell) as cat does.  The trace prints megabytes, far more
# than a pipe holds, so the writes after head has gone must fail.
check "dump to a full disk" 1 "cannot write standard output: No space left" -- \
	sh -c '"$1" dump "$2" >/dev/full' sh "$sh" "$tmp/c.trace"
check "export to a full disk" 1 "cannot write standard output: No space left" -- \
	sh -c '"$1" export --format md "$2" >/dev/full' sh "$sh" "$tmp/c.trace"
"$sh" record -o "$tmp/big.trace" -- "$top/tests/prog_threads" 1 1000 >/dev/null 2>&1
piped() {	# piped NAME COMMAND...: COMMAND | head -2 dies of SIGPIPE, quietly
	name=$1
	shift
	{ timeout 60 "$@" 2>"$tmp/err"; echo $? >"$tmp/status"; } | head -2 >/dev/null
	if [ "$(cat "$tmp/status")" = 141 ] && [ ! -s "$tmp/err" ]; then
		passes=$((passes + 1))
	else
		fails=$((fails + 1))
		echo "FAIL: $name | head -2: status $(cat "$tmp/status"), not 141 (SIGPIPE)"
		sed 's/^/  err: /' "$tmp/err" | head -5
	fi
}
piped "dump TRACE" "$sh" dump "$tmp/big.trace"
piped "dump --real TRACE" "$sh" dump --real "$tmp/big.trace"
piped "dump -- PROG" "$sh" dump -- "$top/tests/prog_threads" 1 1000
piped "export --format md TRACE" "$sh" export --format md "$tmp/big.trace"

# The viewer dying, however it dies, never leaves its program running.
cp "$top/tests/prog_slow" "$tmp/orphan"
"$sh" dump -- "$tmp/orphan" >/dev/null 2>&1 &
viewer=$!
sleep 0.5
kill -9 $viewer
wait $viewer 2>/dev/null
sleep 0.3
if pgrep -f "^$tmp/orphan" >/dev/null; then
	fails=$((fails + 1)); echo "FAIL: the program outlived its killed viewer"
	pkill -9 -f "^$tmp/orphan"
else
	passes=$((passes + 1))
fi

# A program built without -g: one clear line, and frames and heap as before.
if "$top/stackheap-cc" -g0 -o "$tmp/nodebug" "${SH_TOP_SRCDIR:-.}/tests/plain/list.c"; then
	check "no debug information" 0 "no debug information: frames and heap only" -- \
		"$sh" dump --last -- "$tmp/nodebug"
	[ "$(grep -c "no debug information" "$tmp/err")" = 1 ] && passes=$((passes + 1)) ||
		{ fails=$((fails + 1)); echo "FAIL: no debug information: not one line"; }
	"$top/stackheap-cc" -o "$tmp/withdebug" "${SH_TOP_SRCDIR:-.}/tests/plain/list.c"
	check "built with -g: no such line" 0 "" -- "$sh" dump --last -- "$tmp/withdebug"
	grep -q "no debug information" "$tmp/err" && {
		fails=$((fails + 1)); echo "FAIL: a -g program said it had no debug information"; } ||
		passes=$((passes + 1))
else
	fails=$((fails + 1)); echo "FAIL: stackheap-cc -g0"
fi

# C source files instead of a program: built by stackheap-cc in a private
# directory (TMPDIR here, to see it go), nothing written beside them.
mkdir "$tmp/src" "$tmp/td"
cat >"$tmp/src/hello.c" <<'EOF'
#include <stdio.h>
int twice(int);
int
main(int argc, char **argv)
{
	char line[32] = "";
	int n = twice(GREETING);

	if (fgets(line, sizeof line, stdin) == NULL)
		line[0] = '\0';
	printf("n %d args %d %s read %s", n, argc, argc > 1 ? argv[1] : "-", line);
	return 0;
}
EOF
printf 'int\ntwice(int x)\n{\n\treturn 2 * x;\n}\n' >"$tmp/src/util.c"
echo "from stdin" >"$tmp/in.txt"
printf 'int main(void) { return nothing; }\n' >"$tmp/src/bad.c"
pass() { passes=$((passes + 1)); }
fail() { fails=$((fails + 1)); echo "FAIL: $*"; }
clean_build() {	# clean_build NAME: no build directory left, no file beside
	if [ -n "$(ls -A "$tmp/td")" ]; then
		fail "$1: left $(ls -A "$tmp/td")"
		rm -rf "${tmp:?}"/td/*
	else
		pass
	fi
	[ "$(ls "$tmp/src" | tr '\n' ' ')" = "bad.c hello.c util.c " ] && pass ||
		fail "$1: wrote beside the sources: $(ls "$tmp/src")"
}
check "dump prog.c more.c" 0 "== step 1: call main()" -- env TMPDIR="$tmp/td" \
	"$sh" dump --stdin "$tmp/in.txt" -DGREETING=21 "$tmp/src/hello.c" \
	"$tmp/src/util.c" -- first
grep -q "call twice() from main() at hello.c:7" "$tmp/out" && pass ||
	fail "dump prog.c: no call of twice"
grep -q "line in main() at hello.c:9" "$tmp/out" && pass ||
	fail "dump prog.c: no line steps"
grep -q "n 42 args 2 first read from stdin" "$tmp/err" && pass ||
	fail "dump prog.c: -D, arguments or --stdin lost"
clean_build "dump prog.c"
# options with a separate argument are no sources: --from 2 --to 3
check "dump --from N --to M prog.c" 0 "== step 2:" -- env TMPDIR="$tmp/td" \
	"$sh" dump --from 2 --to 3 --function main -DGREETING=1 "$tmp/src/hello.c" \
	"$tmp/src/util.c" -- first
grep -q "== step 4:" "$tmp/out" && fail "dump --to 3 prog.c went on" || pass
clean_build "dump --from N --to M prog.c"
check "a failed build" 1 "undeclared" -- env TMPDIR="$tmp/td" \
	"$sh" dump "$tmp/src/bad.c"
[ ! -s "$tmp/out" ] && ! grep -q "== " "$tmp/err" && pass ||
	fail "a failed build went on"
clean_build "a failed build"
# the viewer's way in: the compiler's message, and no viewer after it
check "a failed build, viewer" 1 "bad.c:1:.*error" -- env TMPDIR="$tmp/td" \
	"$sh" "$tmp/src/bad.c"
grep -q "needs a terminal" "$tmp/err" &&
	fail "the viewer was opened after a failed build" || pass
clean_build "a failed build, viewer"
check "--cc passes through" 1 "did not build" -- env TMPDIR="$tmp/td" \
	"$sh" dump --cc "$tmp/no-such-cc" "$tmp/src/hello.c" "$tmp/src/util.c"
check "record prog.c" 0 "" -- env TMPDIR="$tmp/td" "$sh" record -o \
	"$tmp/built.trace" -DGREETING=1 "$tmp/src/hello.c" "$tmp/src/util.c"
check "export prog.c" 0 "call twice()" -- env TMPDIR="$tmp/td" "$sh" export \
	--format md -DGREETING=1 "$tmp/src/hello.c" "$tmp/src/util.c"
clean_build "record, export prog.c"
check "an operand that is no source" 2 "go after '--'" -- "$sh" dump \
	"$tmp/src/hello.c" stray

# Narration from a say: comment (/* */ or //) at the end of a line: shown
# at the step that finishes that line (the frame's next line step, or its
# return), in dump and in --json; other comments are not narration.  A
# trace read elsewhere narrates only from a source the debug information
# names or --source-dir finds.
mkdir "$tmp/said"
cat >"$tmp/said/said.c" <<'CEOF'
static int
twice(int v)
{
	int w = v * 2;	// say: w is twice v
	return w;
}

int
main(void)
{
	int x = 20;	/* say: x's box holds 20 */
	int y = twice(x);	/* a comment, not narration */
	return y == 40 ? 0 : 1;	/* say: main returns */
}
CEOF
if "$top/stackheap-cc" -o "$tmp/said/said" "$tmp/said/said.c" 2>"$tmp/cc.err"; then
	check "say: at the next line step" 0 "^== step [0-9]*: line in main() at said.c:12 — x's box holds 20$" -- \
		"$sh" dump -- "$tmp/said/said"
	check "// say: at the next line step" 0 "line in twice() at said.c:5 — w is twice v$" -- \
		"$sh" dump -- "$tmp/said/said"
	check "say: of a last line at the return" 0 "^== step [0-9]*: return from main() — main returns$" -- \
		"$sh" dump -- "$tmp/said/said"
	grep -q "not narration" "$tmp/out" && fail "a plain comment was taken for narration" || pass
	check "say: in --json" 0 '"line": 12, "say": "x'"'"'s box holds 20"' -- \
		"$sh" dump --json -- "$tmp/said/said"
	"$sh" record -o "$tmp/said.trace" -- "$tmp/said/said" >/dev/null 2>&1
	mv "$tmp/said/said.c" "$tmp/said.c"
	"$sh" dump "$tmp/said.trace" 2>/dev/null | grep -q "box holds" &&
		fail "narration from a source that is not there" || pass
	check "say: through --source-dir" 0 "— x's box holds 20$" -- \
		"$sh" dump --source-dir "$tmp" "$tmp/said.trace"
else
	fail "said.c did not build: $(cat "$tmp/cc.err")"
fi

# A program that registers a variable shows only it; --all-locals (the
# viewer's a key) shows every local.
cat >"$tmp/curated.c" <<'CEOF'
#include <stackheap.h>
int
main(void)
{
	int shown = 1, hidden = 2;
	SH_VAR(shown);
	SH_STEP();
	return shown + hidden == 3 ? 0 : 1;
}
CEOF
if "$top/stackheap-cc" -o "$tmp/curated" "$tmp/curated.c" 2>"$tmp/cc.err"; then
	check "registered only" 0 " shown  *1" -- "$sh" dump -- "$tmp/curated"
	"$sh" dump -- "$tmp/curated" 2>/dev/null | grep -q " hidden " && {
		fails=$((fails + 1)); echo "FAIL: an unregistered local was shown"; } ||
		passes=$((passes + 1))
	check "--all-locals" 0 " hidden  *2" -- "$sh" dump --all-locals -- "$tmp/curated"
else
	fails=$((fails + 1)); echo "FAIL: curated.c did not build: $(cat "$tmp/cc.err")"
fi

# The program's output shows under the step that wrote it, whatever its
# stdio buffering (here full, by setvbuf), in a live dump and in a trace.
cat >"$tmp/src/moves.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
move(int n, char from, char to, char via)
{
	if (n == 0)
		return;
	move(n - 1, from, via, to);
	printf("disk %d %c>%c\n", n, from, to);
	move(n - 1, via, to, from);
}

int
main(int argc, char **argv)
{
	static char big[1 << 16];
	int i;

	if (argc > 1 && strcmp(argv[1], "big") == 0) {	/* 50 MB */
		memset(big, 'x', sizeof big);
		for (i = 0; i < 800; i++)
			fwrite(big, 1, sizeof big, stdout);
		return 0;
	}
	if (argc > 1)
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	move(3, 'A', 'C', 'B');
	fprintf(stderr, "moved\n");
	if (write(1, "bye\n", 4) != 4)
		return 1;
	return 0;
}
EOF
# each printf's line right under the step of its printf line (moves.c:11)
moves_ok() {	# moves_ok NAME FILE: 7 moves, each under its step, in order
	awk '/^== step/ { at = $0 ~ /moves\.c:11$/ } /^output: "disk/ {
		n++; if (!at) bad = 1 } END { exit !(n == 7 && !bad) }' "$2" &&
	grep -q '^output: "disk 3 A>C\\n"$' "$2" &&
	grep -q '^stderr: "moved\\n"$' "$2" && grep -q '^output: "bye\\n"$' "$2" &&
		pass || { fail "$1: output not at its steps"; grep -n '^output\|^stderr' "$2" | head; }
}
if "$top/stackheap-cc" -o "$tmp/moves" "$tmp/src/moves.c"; then
	timeout 60 "$sh" dump -- "$tmp/moves" >"$tmp/moves.out" 2>"$tmp/moves.err"
	moves_ok "dump, line-buffered" "$tmp/moves.out"
	timeout 60 "$sh" dump -- "$tmp/moves" full >"$tmp/moves.out" 2>&1
	moves_ok "dump, fully buffered" "$tmp/moves.out"
	timeout 60 "$sh" record -o "$tmp/moves.trace" -- "$tmp/moves" full \
	    >"$tmp/moves.tee" 2>&1
	grep -q "disk 3 A>C" "$tmp/moves.tee" && pass ||
		fail "record: the program's output not shown while recording"
	timeout 60 "$sh" dump "$tmp/moves.trace" >"$tmp/moves.out" 2>&1
	moves_ok "record, then dump" "$tmp/moves.out"
	timeout 60 "$sh" dump --json "$tmp/moves.trace" >"$tmp/moves.json" 2>&1
	grep -q '"output": \[{"stream": "stdout", "text": "disk 1 A>C\\u000a"}\]' \
	    "$tmp/moves.json" && grep -q '"stream": "stderr", "text": "moved' \
	    "$tmp/moves.json" && [ "$(grep -c '"output": \[\]' "$tmp/moves.json")" -gt 20 ] &&
		pass || fail "dump --json: no output per step"
	# 50 MB of output: the trace stays small and says it was cut
	timeout 120 "$sh" record -o "$tmp/big.trace" -- "$tmp/moves" big >/dev/null 2>&1
	size=$(wc -c <"$tmp/big.trace")
	[ "$size" -gt 4000000 ] && [ "$size" -lt 8000000 ] && pass ||
		fail "50 MB of output: a trace of $size bytes"
	timeout 60 "$sh" dump "$tmp/big.trace" 2>&1 | grep -q \
	    "^output: (cut: the trace keeps no more" && pass ||
		fail "50 MB of output: the trace does not say it was cut"
else
	fail "stackheap-cc moves.c"
fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
