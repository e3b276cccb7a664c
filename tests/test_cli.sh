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
check "step out of range" 1 "there is no step 9999" -- \
	"$sh" dump --step 9999 "$tmp/c.trace"
check "--last" 0 "== end: exited with status 0" -- "$sh" dump --last "$tmp/c.trace"
size=$(stat -c %s "$tmp/c.trace")
head -c $((size - 3)) "$tmp/c.trace" >"$tmp/cut.trace"
check "truncated trace" 1 "truncated at byte" -- "$sh" dump "$tmp/cut.trace"
# the steps before the cut are still printed
if grep -q "^== step 20:" "$tmp/out"; then passes=$((passes + 1)); else
	fails=$((fails + 1)); echo "FAIL: truncated trace lost its steps"; fi
# 200 bytes of 0xff: longer than any record of this trace, so some byte
# of them must be read where a record or a field starts.
{ head -c 600 "$tmp/c.trace"; head -c 200 /dev/zero | tr '\0' '\377'
  tail -c +801 "$tmp/c.trace"; } >"$tmp/bad.trace"
check "garbage in the middle" 1 "corrupt trace at byte" -- "$sh" dump "$tmp/bad.trace"
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

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
