#!/bin/sh
# test_installed_cc.sh — a user's view of an install: stage `make install`
# into a temporary DESTDIR, build a program of one's own with the installed
# stackheap-cc, and dump it with the installed stackheap (which must find
# its runtime and demos there), and give it the source to build.  Also
# checks that everything the install promises is in place.
set -u
top=${SH_TOP_BUILDDIR:-.}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL: $*"; }

${MAKE:-make} -s -C "$top" install DESTDIR="$dest" >"$dest/install.log" 2>&1 ||
	{ cat "$dest/install.log"; echo "0 passed, 1 failed"; exit 1; }
prefix=$(sed -n 's/^prefix=//p' "$top/stackheap.pc")
libdir=$(sed -n 's/^libdir=//p' "$top/stackheap.pc")
libdir=$(echo "$libdir" | sed "s|\${exec_prefix}|$prefix|")
root=$dest$prefix

for f in bin/stackheap bin/stackheap-cc bin/stackheap-c++ include/stackheap.h \
	share/man/man1/stackheap.1 libexec/stackheap/complex \
	libexec/stackheap/single libexec/stackheap/box; do
	[ -e "$root/$f" ] && ok || bad "install lacks $f"
done
[ -e "$dest$libdir/libstackheap.so.0" ] && ok || bad "install lacks the runtime"
[ -e "$dest$libdir/pkgconfig/stackheap.pc" ] && ok || bad "install lacks stackheap.pc"
[ -e "$dest$libdir/libstackheap-hooks.a" ] && ok || bad "install lacks the linked hooks"
# The line probe calls the line steps' inline path before it saves the SSE
# registers (rt_probe.S): that code must call nothing (a C library memcpy
# may use them) and use none itself.
fast=$(cd "$dest" && ar x "$dest$libdir/libstackheap-hooks.a" &&
	objdump -dr ./*rt_line_fast.o)
case $fast in
*__stackheap_line_fast*) ok ;;
*) bad "the linked hooks lack the line steps' inline path" ;;
esac
echo "$fast" | grep -E 'R_X86_64_PLT32|R_X86_64_PC32|%[xyz]mm' &&
	bad "the line steps' inline path calls out or uses SSE registers" || ok

unset STACKHEAP_RUNTIME STACKHEAP_DEMOS
cat >"$dest/mine.c" <<'PROG'
#include <stdlib.h>
#include <stackheap.h>

struct point { int x, y; };

static int
area(struct point *p)
{
	SH_VAR(p);
	int a = p->x * p->y;
	SH_VAR(a);
	return a;
}

int
main(void)
{
	struct point *corner = malloc(sizeof *corner);
	corner->x = 6;
	corner->y = 7;
	SH_VAR(corner);
	int result = area(corner);
	SH_VAR(result);
	free(corner);
	return result == 42 ? 0 : 1;
}
PROG
if "$root/bin/stackheap-cc" -o "$dest/mine" "$dest/mine.c" 2>"$dest/cc.err"; then
	ok
else
	bad "stackheap-cc failed: $(cat "$dest/cc.err")"
fi
"$dest/mine" && ok || bad "the program does not run on its own"
# the frame hooks are the program's own, not a shared library's
nm "$dest/mine" | grep -q ' T __cyg_profile_func_enter$' && ok ||
	bad "stackheap-cc did not link the frame hooks into the program"
"$root/bin/stackheap" dump -- "$dest/mine" >"$dest/dump" 2>&1 || bad "dump failed"
for want in "{x: 6, y: 7}" "^[0-9]+ +a +42$" "^[0-9]+ +result +42$" \
	"corner +→ \(2\^30\) - 1" "== end: exited with status 0"; do
	grep -qE -- "$want" "$dest/dump" && ok || bad "dump lacks '$want'"
done
# the same source given to the installed stackheap, which builds it with
# the installed stackheap-cc in a directory it removes
mkdir "$dest/td"
TMPDIR="$dest/td" "$root/bin/stackheap" dump "$dest/mine.c" >"$dest/dump.c" 2>&1 ||
	bad "dump mine.c failed: $(tail -3 "$dest/dump.c")"
grep -qE "^[0-9]+ +result +42$" "$dest/dump.c" && ok || bad "dump mine.c lacks result 42"
[ -z "$(ls -A "$dest/td")" ] && ok || bad "dump mine.c left $(ls -A "$dest/td")"
"$root/bin/stackheap" dump -- "$root/libexec/stackheap/complex" >"$dest/demo" 2>&1 &&
	grep -q "12  *g  *100" "$dest/demo" && ok || bad "installed demo does not dump"
${MAKE:-make} -s -C "$top" uninstall DESTDIR="$dest" >/dev/null 2>&1 && ok ||
	bad "uninstall failed"
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
