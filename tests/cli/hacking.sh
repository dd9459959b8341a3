#!/bin/bash
# hacking.sh SOURCE_ROOT: HACKING.md stays true.
#  - every file or directory it names in backquotes exists (a path with a
#    slash from the root; a bare file name somewhere in the tree);
#  - the dependency rules it states hold: no file under src/tui includes a
#    CLI header, no CLI header declares a TUI function, the app layer
#    includes no front end and no curses, the core includes no curses and
#    prints nothing, the benchmark brings no stand-ins of program functions;
#  - every writer goes through the file API: `rename(` appears once in
#    src/, in src/core/fileio.c;
#  - each export format is defined in its own src/cli/export/NAME.c.
set -u
ROOT=$(cd "$1" && pwd)
cd "$ROOT" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f HACKING.md ] || fail "HACKING.md is missing"

n=0
while IFS= read -r tok; do
	case $tok in
	*' '* | *'*'* | *NAME* | '$'* | '~'* | -*) continue ;;
	esac
	case $tok in
	*/*) [ -e "$tok" ] || fail "HACKING.md names $tok, which does not exist" ;;
	*.c | *.h | *.md | *.po | *.sh | *.py | *.1 | meson.build)
		[ -n "$(find src include tests po plan . -maxdepth 1 -name "$tok" -print -quit 2>/dev/null;
			find src include tests po plan -name "$tok" -print -quit 2>/dev/null)" ] ||
			fail "HACKING.md names $tok, which is nowhere in the tree" ;;
	*) continue ;;
	esac
	n=$((n + 1))
done < <(grep -o '`[^`]*`' HACKING.md | tr -d '`' | sort -u)
[ "$n" -ge 30 ] || fail "only $n paths found in HACKING.md: is the table still there?"

# the dependency rules
hits=$(grep -lE '#include "(cli|output)\.h"' src/tui/*.c src/tui/*.h 2>/dev/null)
[ -z "$hits" ] || fail "src/tui includes a CLI header: $hits"
hits=$(grep -nE '\btui_[a-z_]+[[:space:]]*\(' src/cli/*.h 2>/dev/null)
[ -z "$hits" ] || fail "a CLI header declares a TUI function: $hits"
hits=$(grep -nE '#include [<"](curses|ncurses|term|cli|output|tui|tui_main)\.h[>"]' src/app/*.c src/app/*.h)
[ -z "$hits" ] || fail "the app layer includes a front end or curses: $hits"
hits=$(grep -nE '#include [<"](n?curses|term)\.h[>"]' src/core/*.c src/core/*.h include/fengong/*.h)
[ -z "$hits" ] || fail "the core includes curses: $hits"
hits=$(grep -nE '(^|[^a-z_])(printf|fprintf|vfprintf|fputs|fputc|perror|puts)\(|\b(stderr|stdout)\b' src/core/*.c)
[ -z "$hits" ] || fail "the core prints: $hits"
hits=$(grep -nE '__attribute__\(\(weak\)\)|\b(cli_error|cli_print_diag|cli_today|app_error)[[:space:]]*\(.*\)[[:space:]]*$' tests/bench/bench.c)
[ -z "$hits" ] || fail "the benchmark defines stand-ins: $hits"
# one way to write a file: the core's file API (include/fengong/fileio.h)
hits=$(grep -rn 'rename(' src/ | grep -v '^src/core/fileio\.c:')
[ -z "$hits" ] || fail "a file is renamed outside the file API (src/core/fileio.c): $hits"
[ "$(grep -rn 'rename(' src/core/fileio.c | wc -l)" -eq 1 ] || fail "src/core/fileio.c should rename in exactly one place"
# one file per export format: each row of export_formats[] is defined in
# its own src/cli/export/NAME.c
rows=$(grep -oE '&export_format_[a-z0-9_]+' src/cli/export/export.c | sed 's/&export_format_//')
[ -n "$rows" ] || fail "no rows found in export_formats[] (src/cli/export/export.c)"
for f in $rows; do
	grep -qE "^const struct export_format export_format_$f = " "src/cli/export/$f.c" 2>/dev/null ||
		fail "export format $f is not defined in its own file src/cli/export/$f.c"
done
# a view's state is its own: only view_NAME.c names struct view_NAME_state
# or indexes t->view_state (with its own id; tui.c makes and frees them)
for f in src/tui/view_*.c; do
	v=$(basename "$f" .c)
	hits=$(grep -ln "struct ${v}_state" src/tui/*.c src/tui/*.h tests/bench/*.c | grep -vx "$f")
	[ -z "$hits" ] || fail "$hits names struct ${v}_state, the state of $f"
	id=TUI_VIEW_$(echo "${v#view_}" | tr a-z A-Z)
	hits=$(grep -n 'view_state\[' "$f" | grep -v "view_state\[$id\]")
	[ -z "$hits" ] || fail "$f reaches into another view's state: $hits"
done
hits=$(grep -n 'view_state\[' src/tui/*.c tests/bench/*.c | grep -vE '^(src/tui/view_[a-z]+|src/tui/tui)\.c:')
[ -z "$hits" ] || fail "only a view's own file reads its state: $hits"
echo "ok: $n paths in HACKING.md exist; the dependency rules hold"
