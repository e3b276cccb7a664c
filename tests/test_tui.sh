#!/bin/sh
# test_tui.sh — the real viewer in a real terminal (tmux): open the default
# demo, jump to where bar calls baz and see its picture, step back and see
# the one before, open and close the help, quit; then a live program that
# crashes, program output (with tabs, and without end), a replayed trace
# (whole, damaged, changed while open), a long search, a terminal too
# small, TERM=dumb, a rebuilt program, Ctrl-C, and SIGTERM, SIGHUP and
# SIGINT, of which the viewer dies.
# Every way out must leave the terminal restored and no process behind.
set -u
top=${SH_TOP_BUILDDIR:-.}
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed"; exit 77; }
tmp=$(mktemp -d)
# A new tmux server (socket) for each session: reusing one races with its
# shutdown.
n=0
T="tmux -L stackheap-test-$$-$n"
cleanup() {
	i=0
	while [ $i -le $n ]; do tmux -L "stackheap-test-$$-$i" kill-server 2>/dev/null; i=$((i + 1)); done
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL: $*"; $T capture-pane -p -t t 2>/dev/null | sed 's/^/  | /'; }

# Private copies of the programs, so that "no process left" cannot be
# confused by other tests running the same ones at the same time.
mkdir "$tmp/demos"
cp "$STACKHEAP_DEMOS/complex" "$STACKHEAP_DEMOS/box" "$tmp/demos/"
cp "$top/tests/prog_crash" "$top/tests/prog_threads" "$tmp/"
env_vars="STACKHEAP_RUNTIME='${STACKHEAP_RUNTIME:-}' STACKHEAP_DEMOS='$tmp/demos' LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color"

# start W H COMMAND: a fresh session running COMMAND, then `stty -a` into a file
start() {
	$T kill-server 2>/dev/null
	n=$((n + 1))
	T="tmux -L stackheap-test-$$-$n"
	rm -f "$tmp/stty" "$tmp/done"
	$T new-session -d -s t -x "$1" -y "$2" \
		"env $env_vars $3; echo \$? >'$tmp/status'; stty -a >'$tmp/stty'; touch '$tmp/done'; sleep 60"
}

# wait_for REGEX [SECONDS]: until the screen matches
wait_for() {
	i=0
	while [ $i -lt $((${2:-10} * 10)) ]; do
		$T capture-pane -p -t t 2>/dev/null | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

screen_has() { $T capture-pane -p -t t | grep -Eq -- "$1"; }
# left_has REGEX: the left 60 columns (the picture, not the source) match
left_has() { $T capture-pane -p -t t | cut -c1-60 | grep -Eq -- "$1"; }
keys() { $T send-keys -t t "$@"; }

# finished: the viewer is gone and the terminal is as it was
finished() {
	i=0
	while [ ! -e "$tmp/done" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "$tmp/done" ] || { bad "$1: the viewer did not exit"; return; }
	ok
	if grep -q -- "-icanon" "$tmp/stty" || grep -q -- "-echo " "$tmp/stty"; then
		bad "$1: the terminal was not restored"
	else
		ok
	fi
}

# no_process_left PATH: no process whose command starts with PATH
no_process_left() {
	sleep 0.2
	if pgrep -f "^$1" >/dev/null; then bad "a process is left: $1"; else ok; fi
}

# 1. the default demo
start 100 30 "$top/stackheap"
wait_for "step 1 of 39" || bad "the default demo did not open"
keys : 28 Enter
wait_for "step 28 of 39" && ok || bad "':' did not jump to step 28"
screen_has "12 +g +100" && ok || bad "no '12  g  100' where bar calls baz"
screen_has "11 +f +→ \\(2\\^30\\) - 2" && ok || bad "no '11  f  → (2^30) - 2'"
screen_has "▶ +12 +return;" && ok || bad "the source line is not marked"
keys p
wait_for "step 27 of 39" && ok || bad "p did not step back"
screen_has "12 +g +100" && bad "step 27 still shows g" || ok
screen_has "11 +f +→ \\(2\\^30\\) - 2" && ok || bad "step 27 lost f"
keys Right
wait_for "step 28 of 39" && ok || bad "Right did not step forward"
keys '?'
wait_for "step forward" && ok || bad "? did not open the help"
keys Escape
sleep 0.3
screen_has "step forward" && bad "Escape did not close the help" || ok
$T resize-window -t t -x 70 -y 20
wait_for "terminal too small" && ok || bad "no redraw after shrinking the terminal"
$T resize-window -t t -x 100 -y 30
wait_for "12 +g +100" && ok || bad "no redraw after growing it back"
keys v
wait_for "real view" && ok || bad "v did not switch views"
wait_for "0x[0-9a-f]+ +[0-9]+ +baz\\(\\)" && ok || bad "the real view lacks baz's frame"
keys q
finished "q"
no_process_left "$tmp/demos/complex"

# 1b. in front of a class: --present at 80x24, --predict
start 80 24 "$top/stackheap --present"
wait_for "P leave presentation" && ok || bad "--present did not open"
keys : 28 Enter
wait_for "12 +g +100 +baz\\(\\)" && ok || bad "the presentation lacks step 28"
screen_has "0 +h +3" && ok || bad "the presentation does not fit 80x24"
keys P
wait_for "── output" && ok || bad "P did not leave the presentation"
keys q
finished "q in presentation"
start 100 30 "$top/stackheap demo --predict complex"
wait_for "step 1 of 39" || bad "--predict did not open"
keys : 27 Enter n
wait_for "what will happen next\\?" && ok || bad "predict did not ask"
screen_has "next line 12: +return;" && ok || bad "predict lacks the line"
screen_has "12 +g +100" && bad "predict showed the picture too soon" || ok
keys Space
wait_for "12 +g +100" && ok || bad "a key did not reveal the picture"
keys q
finished "q in predict"

# 1c. colours, and none with NO_COLOR
start 100 30 "$top/stackheap demo box"
wait_for "step 1 of" || bad "demo box did not open"
$T capture-pane -p -e -t t | grep -q "$(printf '\033')\\[[0-9;]*4[0-7]m" && ok ||
	bad "no colours by default"
keys q
finished "q (colours)"
start 100 30 "NO_COLOR=1 $top/stackheap demo box"
wait_for "step 1 of" || bad "demo box did not open with NO_COLOR"
$T capture-pane -p -e -t t | grep -q "$(printf '\033')\\[[0-9;]*[34][0-7]m" &&
	bad "colours despite NO_COLOR" || ok
screen_has "n/→ next" && ok || bad "NO_COLOR lost the status line"
keys q
finished "q (NO_COLOR)"

# 2. a live program that crashes, watched with play
start 100 30 "$top/stackheap run $tmp/prog_crash overflow"
wait_for "killed by Segmentation fault: stack overflow" 20 && ok ||
	bad "the crash did not show"
keys G
wait_for "crash: signal 11 \\(SIGSEGV\\), stack overflow" && ok ||
	bad "the last step is not the crash"
keys C-c
finished "Ctrl-C"
no_process_left "$tmp/prog_crash"

# 3. a paused viewer holds a running program back, and q ends it
start 100 30 "$top/stackheap run -- $tmp/prog_threads 2 200000"
wait_for "step 1 of [0-9]+\\+" && ok || bad "the live program did not show"
sleep 1
screen_has "running" && ok || bad "the program should still be running"
keys q
finished "q while live"
no_process_left "$tmp/prog_threads"

# 4. the program's output, in step with its events
cp "$top/tests/prog_output" "$tmp/"
start 100 30 "$top/stackheap run $tmp/prog_output"
wait_for "step 1 of" || bad "prog_output did not open"
last=$($T capture-pane -p -t t | sed -n 's/.*step 1 of \([0-9]*\).*/\1/p')
keys : $((last - 2)) Enter
wait_for "step $((last - 2)) of" && ok || bad "could not go to the first SH_STEP"
screen_has "first output" && ok || bad "the first line is missing at its step"
screen_has "second output" && bad "the second line shows too early" || ok
keys : $((last - 1)) Enter
wait_for "second output" && ok || bad "the second line is missing at its step"
keys q
finished "q after output"

# 4a. tabs, in the output and in the source, at stops of 8 as in a terminal
cp "$top/tests/prog_tabs" "$tmp/"
start 100 30 "$top/stackheap run $tmp/prog_tabs"
wait_for "exited 0" 15 || bad "prog_tabs did not end"
keys : 5 Enter	# the third SH_STEP (stdout is unbuffered: no buffer malloc)
wait_for "step 5 of" && ok || bad "could not go to prog_tabs' last SH_STEP"
screen_has " 0       -17" && ok || bad "the output's tab is not 8 columns"
screen_has "100     37" && ok || bad "the output's tab does not stop at column 8"
screen_has "[0-9]\\?-?[0-9]" && bad "a tab is drawn as '?'" || ok
screen_has "13         int fahr;" && ok || bad "the source's tab is not 8 columns"
screen_has "18                 SH_STEP\\(\\);" && ok ||
	bad "the source's two tabs are not 16 columns"
keys q
finished "q after tabs"

# 4b. --stdin gives the program its input (and without it: /dev/null)
printf 'hello from stdin\n' >"$tmp/input"
start 100 30 "$top/stackheap run --stdin $tmp/input -- /bin/cat"
wait_for "exited 0" 15 && ok || bad "cat did not end"
keys G		# its output shows from the step after it was written
wait_for "hello from stdin" && ok || bad "--stdin did not reach the program"
keys q
finished "q after --stdin"

# 4c. `yes`, paused at step 1: its output waits in the pipe or is dropped,
# never piling up in the viewer (it once held 3.5 GB after 10 s; a bounded
# one holds about 20 MB, 72 MB under AddressSanitizer)
cp "$(command -v yes)" "$tmp/yes"
start 100 30 "$top/stackheap run -- $tmp/yes"
wait_for "step 1 of" || bad "yes did not open"
sleep 3
viewer=$(pgrep -f "^$top/stackheap run -- $tmp/yes" | head -1)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$viewer/status" 2>/dev/null)
[ -n "$rss" ] && [ "$rss" -lt 262144 ] && ok ||
	bad "the viewer of yes holds ${rss:-?} kB after 3 s (more than 256 MB)"
keys G
wait_for "  y$" && ok || bad "yes's output is not shown"
keys q
finished "q after yes"
no_process_left "$tmp/yes"

# 4d. G in a live run follows the program to its end, with progress
cp "$top/tests/prog_busy" "$tmp/"
start 100 30 "$top/stackheap run $tmp/prog_busy"
wait_for "step [0-9]+ of" || bad "prog_busy did not open"
keys G
wait_for "running to the end" 5 && ok || bad "G in a live run says no progress"
wait_for "exited 0" 15 || bad "prog_busy did not end"
sleep 0.3
$T capture-pane -p -t t | grep -q -- "step \([0-9]*\) of \1 " && ok ||
	bad "G in a live run stopped before the last step: $($T capture-pane -p -t t | head -1)"
screen_has "program has ended" && ok || bad "G's run did not say it reached the end"
keys q
finished "q after G in a live run"

# 5. a recorded trace
"$top/stackheap" record -o "$tmp/t.trace" -- "$tmp/demos/box" >/dev/null 2>&1
start 100 30 "$top/stackheap replay $tmp/t.trace"
wait_for "t.trace +step 1 of 10" && ok || bad "replay did not open"
keys G
wait_for "step 10 of 10" && ok || bad "G did not go to the last step"
keys g n n	# step 3, the malloc
wait_for "\\(2\\^30\\) - 1 +\\(4 bytes\\)" && ok || bad "replay lacks the box"
keys q
finished "q in replay"

# 5b. a damaged trace: its steps are shown, the damage said, and the exit is 1
size=$(stat -c %s "$tmp/t.trace")
head -c $((size - 3)) "$tmp/t.trace" >"$tmp/cut.trace"
start 100 30 "$top/stackheap replay $tmp/cut.trace"
wait_for "cut.trace +step 1 of" && ok || bad "replay of a damaged trace did not open"
screen_has "truncated at byte" && ok || bad "replay does not say the trace is damaged"
keys q
finished "q in a damaged replay"
[ "$(cat "$tmp/status" 2>/dev/null)" = 1 ] && ok ||
	bad "replay of a damaged trace exited $(cat "$tmp/status" 2>/dev/null), not 1"
wait_for "stackheap: .*truncated at byte" 2 && ok ||
	bad "no error line after the damaged replay"

# 5c. the trace cut short, then rewritten, while it is replayed (record -o
# the same path again): no SIGBUS, no abort; the change is said, exit 1
"$top/stackheap" record -o "$tmp/ch.trace" -- "$tmp/demos/complex" >/dev/null 2>&1
start 100 30 "$top/stackheap replay $tmp/ch.trace"
wait_for "ch.trace +step 1 of 39" || bad "replay did not open the trace to change"
keys : 20 Enter
wait_for "step 20 of 39" || bad "could not go to step 20"
: >"$tmp/ch.trace"
keys g : 12 Enter
wait_for "step 12 of 39" && ok || bad "the viewer died of its trace cut short"
wait_for "trace changed on disk" && ok || bad "a trace cut short is not said"
"$top/stackheap" record -o "$tmp/ch.trace" -- "$tmp/demos/box" >/dev/null 2>&1
keys : 25 Enter G : 7 Enter
wait_for "step 7 of 39" && ok || bad "the viewer died of its trace rewritten"
keys q
finished "q after the trace changed"
[ "$(cat "$tmp/status" 2>/dev/null)" = 1 ] && ok ||
	bad "a replay whose trace changed exited $(cat "$tmp/status" 2>/dev/null), not 1"
wait_for "stackheap: .*changed on disk" 2 && ok ||
	bad "no error line after the trace changed"

# 5d. `c` through 10 million steps (a 10 MB trace): it shows how far it got,
# any key stops it, and q quits at once (the search once held the keys)
"$top/stackheap" record -o "$tmp/calls.trace" -- "$top/tests/prog_calls" 5000000 >/dev/null 2>&1
start 100 30 "$top/stackheap replay $tmp/calls.trace"
wait_for "calls.trace +step 1 of 10000002" 20 || bad "replay did not open the 10M steps"
keys b f nosuch Enter b
sleep 0.3
keys c
wait_for "searching forward: step [0-9]+ of 10000002" 2 && ok ||
	bad "a long search shows no progress"
keys x
wait_for "stopped searching at step [0-9]+" 1 && ok || bad "a key did not stop the search"
keys c
sleep 0.3
keys q
i=0
while [ ! -e "$tmp/done" ] && [ $i -lt 10 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$tmp/done" ] && ok || bad "q did not quit during a search"
finished "q during a search"

# 6. too small, then SIGTERM
start 60 20 "$top/stackheap demo box"
wait_for "terminal too small" && ok || bad "no 'too small' message"
pkill -TERM -f "^$top/stackheap demo box"
finished "SIGTERM"
no_process_left "$tmp/demos/box"
[ "$(cat "$tmp/status" 2>/dev/null)" = 143 ] && ok ||
	bad "SIGTERM: the viewer exited $(cat "$tmp/status" 2>/dev/null), not 143 (128 + 15)"

# 6b. SIGHUP and SIGINT (not the Ctrl-C key, which quits): the viewer dies
# of them, the terminal restored and the program ended
for sig in HUP:129 INT:130; do
	start 100 30 "$top/stackheap replay $tmp/t.trace"
	wait_for "t.trace +step 1 of 10" || bad "replay did not open for SIG${sig%:*}"
	pkill -"${sig%:*}" -f "^$top/stackheap replay $tmp/t.trace"
	finished "SIG${sig%:*}"
	[ "$(cat "$tmp/status" 2>/dev/null)" = "${sig#*:}" ] && ok ||
		bad "SIG${sig%:*}: the viewer exited $(cat "$tmp/status" 2>/dev/null), not ${sig#*:}"
done

# 6c. TERM=dumb cannot move the cursor: one clear line, exit 1, nothing run
# (it once drew a blank screen)
start 100 30 "TERM=dumb $top/stackheap demo box"
wait_for "cannot move the cursor" && ok || bad "TERM=dumb is not refused clearly"
i=0
while [ ! -e "$tmp/done" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$tmp/status" 2>/dev/null)" = 1 ] && ok ||
	bad "TERM=dumb: the viewer exited $(cat "$tmp/status" 2>/dev/null), not 1"
no_process_left "$tmp/demos/box"

# 6d. a replay of a program rebuilt since its trace: said while open and after
"$top/stackheap" record -o "$tmp/rb.trace" -- "$tmp/demos/box" >/dev/null 2>&1
touch -d "@$(($(date +%s) + 5))" "$tmp/demos/box"
start 100 30 "$top/stackheap replay $tmp/rb.trace"
wait_for "box is newer than rb.trace \\(rebuilt\\?\\)" && ok ||
	bad "replay does not say the program changed since its trace"
keys q
finished "q after a rebuilt program"
wait_for "stackheap: warning: box is newer than rb.trace" 2 && ok ||
	bad "no warning line after replaying a rebuilt program's trace"

# 7. a program with no stackheap header, built by stackheap-cc: stepped
# line by line, forward and back, every local shown as its line runs
if "$top/stackheap-cc" -o "$tmp/list" "${SH_TOP_SRCDIR:-.}/tests/plain/list.c" \
    2>"$tmp/cc.err"; then
	start 120 40 "$top/stackheap run -- $tmp/list"
	wait_for "step 1 of" || bad "list: the viewer did not open"
	keys n n
	wait_for "line in main\(\) at list.c:38" || bad "list: no line step 3"
	left_has "[0-9] +list +NULL" && ok || bad "list: list is not shown as NULL"
	left_has "[0-9] +sum +" && bad "list: sum shown before its line ran" || ok
	keys n
	wait_for "line in main\(\) at list.c:40" || bad "list: no line step 4"
	left_has "[0-9] +sum +0" && ok || bad "list: sum is not 0 after its line"
	keys : 11 Enter
	wait_for "line in push\(\) at list.c:17" || bad "list: no step 11 in push"
	screen_has "value: 10, next: NULL" && ok || bad "list: the new node's fields"
	screen_has " n +→ \(2\^30\) - 1" && ok || bad "list: n points at the node"
	keys p p
	wait_for "line in push\(\) at list.c:15" || bad "list: stepping back two lines"
	keys q
	finished "list"
else
	bad "stackheap-cc failed on list.c: $(cat "$tmp/cc.err")"
fi

# 8. no terminal: one clear line
"$top/stackheap" demo complex </dev/null >"$tmp/out" 2>&1 && bad "no tty accepted" ||
	{ grep -q "needs a terminal" "$tmp/out" && ok || bad "no clear error without a tty"; }

# 9. stackheap prog.c: built and opened at main; step over and out, both
# ways; a break on a line; the next and previous change of a variable
cp "${SH_TOP_SRCDIR:-$top}/tests/plain/walk.c" "$tmp/walk.c"
start 120 40 "sh -c 'cd $tmp && exec $top/stackheap walk.c'"
wait_for "walk +step 1 of 27" 60 && screen_has "step 1: call main\(\)" && ok ||
	bad "stackheap walk.c did not open at main"
# at: the step shown and the status line
at() { wait_for "step $1 of 27" 5 && wait_for "$2" 5 && ok || bad "wanted step $1 and '$2'"; }
keys n n n n
at 5 "line in main\(\) at walk.c:28"
keys o
at 22 "stepped over: the next step in main\(\)"
keys O
at 5 "stepped back over: the previous step in main\(\)"
keys : 11 Enter
at 11 "line in square\(\) at walk.c:7"
keys u
at 13 "stepped out of square\(\): it returned to sum_squares\(\)"
keys : 11 Enter U
at 9 "stepped back out of square\(\): sum_squares\(\) before the call"
keys g b l 9 Enter Escape c
at 12 "paused on line 9 of walk.c"
keys c
at 18 "paused on line 9 of walk.c"
keys C
at 12 "paused on line 9 of walk.c"
# the source pane's line: B there sets it, again takes it off
keys : 7 Enter B
wait_for "pausing on line 15 of walk.c" 5 && ok || bad "B did not take the current line"
keys B
wait_for "no longer pausing on a line" 5 && ok || bad "B did not take the line off"
# total: declared 0 at step 8, 1 at step 14, 5 at step 20
keys : 8 Enter b v
wait_for "choose a row" 5 && ok || bad "b v did not ask for a row"
keys Enter
wait_for "watching total" 5 && ok || bad "the first stack row was not total"
keys c
at 14 "paused on a change of total"
keys c
at 20 "paused on a change of total"
keys C
at 14 "paused on a change of total"
keys C
at 8 "paused on a change of total"
keys q
finished "stackheap walk.c"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
