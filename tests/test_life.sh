#!/bin/sh
# test_life.sh — real programs of the kinds users bring, built with the
# build tree's stackheap-cc and stackheap-c++ and dumped under the real
# recorder: a C++ class, a header among hostile macros, narration after a
# printf, setjmp/longjmp, fork and a SIGALRM handler (tests/life/).
set -u
top=${SH_TOP_BUILDDIR:-.}
src=${SH_TOP_SRCDIR:-.}/tests/life
sh=$top/stackheap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL: $*"; }

build() {	# build NAME DRIVER ARGS...: DRIVER compiles, warnings are errors
	name=$1 driver=$2
	shift 2
	if "$top/$driver" -Wall -Wextra -Werror "$@" >"$tmp/$name.cc" 2>&1; then
		ok
	else
		bad "$driver $name: $(head -5 "$tmp/$name.cc")"
	fi
}

dump() {	# dump NAME: every step of $tmp/NAME, into $tmp/NAME.dump
	timeout 60 "$sh" dump -- "$tmp/$1" >"$tmp/$1.dump" 2>&1 ||
		bad "dump of $1 failed: $(tail -3 "$tmp/$1.dump")"
}

has() {		# has NAME PATTERN: the dump of NAME has a line like PATTERN
	grep -qE -- "$2" "$tmp/$1.dump" && ok || bad "$1: dump lacks '$2'"
}

lacks() {
	grep -qE -- "$2" "$tmp/$1.dump" && bad "$1: dump has '$2'" || ok
}

# C++: stackheap-cc picks the C++ driver for a .cpp file, stackheap-c++
# always uses it (here to compile, then link an object); SH_VAR compiles
# in C++; names are demangled.
build cxx stackheap-cc -o "$tmp/cxx" "$src/computer.cpp"
build cxxo stackheap-c++ -c -o "$tmp/computer.o" "$src/computer.cpp"
build cxx2 stackheap-c++ -o "$tmp/cxx2" "$tmp/computer.o"
for prog in cxx cxx2; do
	[ -x "$tmp/$prog" ] || continue
	"$tmp/$prog" >/dev/null && ok || bad "$prog does not run on its own"
	dump $prog
	has $prog "^== step [0-9]+: call Computer::Computer\(\) from main\(\)"
	has $prog "^[0-9]+ +cores +4$"
	has $prog "^[0-9]+ +ready +true$"
	has $prog "== end: exited with status 0"
	lacks $prog "_Z[A-Z0-9]"
done

# A header among hostile macros (c4's `#define int long long`), and SH_VAR
# of an array parameter, without a warning of the header's own.
build hostile stackheap-cc -o "$tmp/hostile" "$src/hostile.c"
if [ -x "$tmp/hostile" ]; then
	dump hostile
	has hostile "^s0 +counter +43$"
	has hostile "^[0-9]+ +u +7$"
	has hostile "^== step [0-9]+: line in main\(\) at hostile.c:[0-9]+ — counter is 43$"
	has hostile "== end: exited with status 0"
fi

# Narration after a printf: the step of the line it is written on.
build hanoi stackheap-cc -o "$tmp/hanoi" "$src/hanoi.c"
if [ -x "$tmp/hanoi" ]; then
	dump hanoi
	has hanoi "^== step [0-9]+: line in hanoi\(\) at hanoi.c:12 — move disk 1$"
	lacks hanoi "return from .* — move disk"
fi
# ... and without line probes: SH_SAY makes its line's step itself.
STACKHEAP_LINES=0 build hanoi0 stackheap-cc -o "$tmp/hanoi0" "$src/hanoi.c"
if [ -x "$tmp/hanoi0" ]; then
	dump hanoi0
	has hanoi0 "^== step [0-9]+: step in hanoi\(\) at hanoi.c:12 — move disk 1$"
	lacks hanoi0 "return from .* — move disk"
fi

# setjmp/longjmp: the frames the jump leaves are popped there, a later
# call is main's, and main returns.
build jump stackheap-cc -o "$tmp/jump" "$src/jump.c"
if [ -x "$tmp/jump" ]; then
	dump jump
	has jump "— longjmp: 3 frames left without returning$"
	has jump "^== step [0-9]+: call after\(\) from main\(\)"
	has jump "^== step [0-9]+: return from main\(\)$"
	lacks jump "call after\(\) from deep"
fi
# the same under _FORTIFY_SOURCE, where longjmp is __longjmp_chk
build jumpf stackheap-cc -O2 -D_FORTIFY_SOURCE=2 -o "$tmp/jumpf" "$src/jump.c"
if [ -x "$tmp/jumpf" ]; then
	dump jumpf
	has jumpf "— longjmp: 3 frames left without returning$"
	has jumpf "^== step [0-9]+: return from main\(\)$"
fi

# fork: the child is not followed, and the parent's trace says so.
build forks stackheap-cc -o "$tmp/forks" "$src/forks.c"
if [ -x "$tmp/forks" ]; then
	dump forks
	has forks "^== step [0-9]+: .* — fork: child [0-9]+ not followed$"
	lacks forks "child_work|7777"
	has forks "== end: exited with status 0"
fi

# A signal handler's call is the signal's delivery.
build alarm stackheap-cc -o "$tmp/alarm" "$src/alarm.c"
if [ -x "$tmp/alarm" ]; then
	dump alarm
	has alarm "^== step [0-9]+: SIGALRM delivered: alarm_handler\(\)$"
	lacks alarm "call alarm_handler\(\)"
	has alarm "== end: exited with status 0"
fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
