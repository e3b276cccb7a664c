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
check "ascii arrows" 0 "-> (2^30) - 1" -- "$sh" dump --ascii "$tmp/c.trace"
check "C locale arrows" 0 "-> 0" -- env LC_ALL=C "$sh" dump "$tmp/c.trace"
check "crashing program" 0 "killed by signal 11 (SIGSEGV)" -- \
	"$sh" dump -- "$top/tests/prog_crash" segv
check "stack overflow" 0 "stack overflow" -- \
	"$sh" dump --last -- "$top/tests/prog_crash" overflow
check "exit status" 0 "exited with status 3" -- \
	"$sh" dump --last -- "$top/tests/prog_crash" exit
check "plain program, no header" 0 "malloc" -- "$sh" dump -- /bin/ls "$tmp"

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

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
