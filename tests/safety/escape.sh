#!/bin/bash
# escape.sh FENGONG SRC CASE: one behaviour of issue 13 (items 1-4) per CASE:
# text from a plan never reaches a spreadsheet as a formula, nor a terminal
# or a commit message as a raw control, bidi or invisible character.
FENGONG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
CASE=$3
. "$SRC/lib.sh"

# make_plan PY-EXPR: small.yaml with the replacements (old, new) of the
# Python list EXPR applied, written to $WORK/plan.yaml (the hostile values
# are written as YAML escapes, so this file holds no raw control byte).
make_plan() {
	python3 - "$SRC/small.yaml" "$WORK/plan.yaml" "$1" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
for old, new in eval(sys.argv[3]):
    assert old in s, old
    s = s.replace(old, new, 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
}

# plan_with PY-EXPR: make_plan, and the plan loads.
plan_with() {
	make_plan "$1"
	loads "$WORK/plan.yaml"
}

# no_raw FILE WHAT: FILE holds no C0 control but LF (and TAB when $2 says
# tsv), no DEL, no C1, no bidi or invisible character, and is valid UTF-8.
no_raw() {
	python3 - "$1" "$2" <<'PY' || fail "$2 sent a raw control, bidi or invisible character (see above)"
import sys
b = open(sys.argv[1], "rb").read()
what = sys.argv[2]
try:
    t = b.decode("utf-8")
except UnicodeDecodeError as e:
    print("not UTF-8:", e); sys.exit(1)
allowed = "\n\t" if "tsv" in what else "\n"
inv = set([0xAD, 0x61C, 0x180E, 0xFEFF]) | set(range(0x200B, 0x2010)) | set(range(0x2028, 0x202F)) | set(range(0x2060, 0x2070))
for i, c in enumerate(t):
    o = ord(c)
    if i == 0 and o == 0xFEFF and "csv" in what:
        continue  # the BOM an export for Excel starts with
    if (o < 0x20 and c not in allowed) or o == 0x7F or 0x80 <= o < 0xA0 or o in inv:
        print("U+%04X at character %d: %r" % (o, i, t[max(0, i - 30):i + 10])); sys.exit(1)
PY
}

# csv_cells FILE: every cell of the CSV file FILE, one a line, escaped with
# Python's repr so that line breaks inside cells stay on their line.
csv_cells() {
	python3 - "$1" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for row in csv.reader(f):
        for cell in row:
            print(repr(cell))
PY
}

FORMULAS='[("        note: \"\"", "        note: \"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\""),
	   ("        note: \"\"", "        note: \"+1+cmd|\x27 /C calc\x27!A0\""),
	   ("        note: \"\"", "        note: \"-2+3\""),
	   ("        note: \"\"", "        note: \"@SUM(1+1)\""),
	   ("        by: \"\"", "        by: \"\\tx=1\""),
	   ("        by: \"\"", "        by: \"\\r=1\""),
	   ("    title: 统筹推进全域创新", "    title: \"  =1+1\"")]'

# every_cell_is_safe FILE: no cell of the CSV file FILE would be read as a
# formula, the hostile cells are there with the ' prefix (nothing else
# changed), and plain cells are as they were.
every_cell_is_safe() {
	python3 - "$1" <<'PY' || fail "$1: a CSV cell would be read as a formula, or a cell changed (see above)"
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    cells = [c for row in csv.reader(f) for c in row]
bad = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") or c.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@")]
if bad:
    print("formula cells:", bad); sys.exit(1)
for want in ["'=HYPERLINK(\"http://evil\",\"x\")", "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1+1)",
             "'\tx=1", "'\r=1", "市科技局"]:
    if want not in cells:
        print("no cell %r among %r" % (want, cells)); sys.exit(1)
# the hostile title, a plain status and title: list's cells; the export's
# 台账 has label and title in one cell (任务) and the status's label
if "'  =1+1" not in cells and "(一)  =1+1" not in cells:
    print("no cell with the title '  =1+1' among %r" % cells); sys.exit(1)
if "not_started" not in cells and "not started" not in cells:
    print("no plain status cell among %r" % cells); sys.exit(1)
if "推进关键核心技术攻关" not in cells and not any(c.endswith(")推进关键核心技术攻关") for c in cells):
    print("no plain title cell among %r" % cells); sys.exit(1)
PY
}

# ------------------------------------------------------------ 1. CSV formula injection

export_csv_neutralises_formula_cells() {
	plan_with "$FORMULAS"
	fg -f plan.yaml export --format csv -o out.csv
	expect_rc 0
	every_cell_is_safe out.csv
	# to standard output (not a terminal) too
	fg -f plan.yaml export --format csv
	expect_rc 0
	every_cell_is_safe out
}

list_csv_neutralises_formula_cells() {
	plan_with "$FORMULAS"
	fg -f plan.yaml list --format csv
	expect_rc 0
	every_cell_is_safe out
}

units_csv_neutralises_formula_cells() {
	plan_with '[("  - name: 市发改委", "  - name: \"=1+2\""), ("      - unit: 市发改委", "      - unit: \"=1+2\"")]'
	fg -f plan.yaml units --format csv
	expect_rc 0
	csv_cells out >cells
	grep -qxF "\"'=1+2\"" cells || fail "the unit =1+2 is not neutralised: $(cat out)"
	grep -qxF "'市科技局'" cells || fail "a plain unit name changed: $(cat out)"
	grep -qxF "'lead'" cells || fail "the header changed: $(cat out)"
}

xlsx_export_keeps_formula_like_notes_as_plain_text() {
	plan_with "$FORMULAS"
	fg -f plan.yaml export -o out.xlsx
	expect_rc 0
	unzip -o -q out.xlsx -d x || fail "not a zip"
	grep -q '<f>' x/xl/worksheets/*.xml && fail "a cell of the spreadsheet is a formula"
	grep -qF '=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</t>' x/xl/sharedStrings.xml ||
		grep -qF '=HYPERLINK("http://evil","x")</t>' x/xl/sharedStrings.xml ||
		fail "the note is not a plain text cell as written: $(grep -o 'HYPERLINK[^<]*' x/xl/sharedStrings.xml)"
	grep -qF "'=HYPERLINK" x/xl/sharedStrings.xml && fail "the xlsx text cell got a ' prefix it does not need"
	true
}

# ------------------------------------------------------------ 2. raw escapes to a terminal or a commit

report_escapes_the_plan_number() {
	plan_with '[("  number: 测试〔2024〕1号", "  number: \"N\\e]52;c;SGk=\\a\\e]0;pwned\\a\"")]'
	fg -f plan.yaml report
	expect_rc 0
	no_raw out "report"
	grep -qF 'Scorecard of N\x1b]52;c;SGk=\x07\x1b]0;pwned\x07 as of' out || fail "the number is not shown escaped: $(head -1 out)"
}

sync_escapes_unit_names_and_labels_in_its_output_and_commit_message() {
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
	plan_with '[("  - name: 市发改委", "  - name: \"发改委\\e]0;pwned\\a\""),
		    ("      - unit: 市发改委", "      - unit: \"发改委\\e]0;pwned\\a\""),
		    ("    label: (一)", "    label: \"(\\e[8m一)\\x9b\"")]'
	git init -q --bare -b main hub.git
	git clone -q hub.git c 2>/dev/null
	git -C c config user.name t
	git -C c config user.email t@example.org
	git -C c symbolic-ref HEAD refs/heads/main
	cp plan.yaml c/plan.yaml
	(cd c && fg -f plan.yaml init-git >/dev/null 2>&1) || fail "init-git"
	git -C c add -A && git -C c commit -q -m plan && git -C c push -q origin main 2>/dev/null || fail "git setup"
	(cd c && fg -f plan.yaml set 1 "$(printf '发改委\e]0;pwned\a')" done --note 完成)
	expect_rc 0
	(cd c && fg -f plan.yaml sync)
	expect_rc 0
	no_raw out "sync's output"
	grep -qF '发改委\x1b]0;pwned\x07' out || fail "sync does not show the unit escaped: $(cat -v out)"
	git -C c log -1 --format=%B >msg
	no_raw msg "the commit message"
	grep -qF '发改委\x1b]0;pwned\x07' msg || fail "the commit message does not name the unit escaped: $(cat -v msg)"
	grep -qF '(\x1b[8m一)\x9b' msg || fail "the commit message does not name the label escaped: $(cat -v msg)"
}

merge_shows_the_path_git_names_escaped() {
	cp "$SRC/small.yaml" base.yaml
	cp base.yaml ours.yaml
	cp base.yaml theirs.yaml
	fg -f ours.yaml set 1 市科技局 done --note 甲
	expect_rc 0
	fg -f theirs.yaml set 1 市科技局 blocked --note 乙
	expect_rc 0
	# git passes the path in the repository (%P): a hostile file name
	fg merge --name "$(printf 'p\e]0;pwned\a.yaml')" base.yaml ours.yaml theirs.yaml -o out.yaml
	expect_rc 1
	no_raw err "merge's messages"
	expect_err 'p\x1b]0;pwned\x07.yaml'
}

check_messages_show_bidi_and_controls_escaped() {
	make_plan '[("  - name: 市发改委", "  - name: 市发改委\n  - name: \"市发改委\\u202e\\e[2J\"")]'
	fg -f plan.yaml check
	expect_rc 1
	no_raw err "check's messages"
	expect_err '<U+202E>'
}

# ------------------------------------------------------------ 3. TSV and csv on a terminal

tsv_escapes_c1_controls_in_list_log_report_and_units() {
	plan_with '[("  - name: 市发改委", "  - name: \"发改委\\x9b31m\\x85\""),
		    ("      - unit: 市发改委", "      - unit: \"发改委\\x9b31m\\x85\"")]'
	fg -f plan.yaml set 1 "$(printf '发改委\xc2\x9b31m\xc2\x85')" delayed --note "$(printf '慢\xc2\x9b2J\xc2\x90')"
	expect_rc 0
	for cmd in "list" "log" "report" "units"; do
		fg -f plan.yaml $cmd --format tsv
		expect_rc 0
		no_raw out "$cmd --format tsv"
		grep -qF '发改委\x9b31m\x85' out || fail "$cmd --format tsv does not show the unit's C1 controls escaped: $(cat -v out)"
	done
	fg -f plan.yaml list --format tsv
	grep -qF '慢\x9b2J\x90' out || fail "list --format tsv does not escape the note's C1 controls"
}

csv_on_a_terminal_escapes_a_cr_inside_a_quoted_field() {
	plan_with '[("        note: \"\"", "        note: \"批准\\r已撤销,\\e[8m\\u202e\"")]'
	# a real terminal: script(1) runs the command on a pseudo-terminal
	for cmd in "list --format csv" "export --format csv"; do
		TERM=dumb script -q -e -c "$FENGONG -f plan.yaml $cmd" /dev/null >tty.out </dev/null || fail "$cmd failed on a terminal"
		# the terminal adds CR to each LF (and csv ends lines in CRLF): drop those
		LC_ALL=C sed 's/\r*$//' tty.out >out
		grep -qF '"批准\x0d已撤销,\x1b[8m<U+202E>"' out || fail "$cmd on a terminal: $(grep -a 批准 out | cat -v)"
		no_raw out "$cmd on a terminal"
	done
}

# ------------------------------------------------------------ 4. bidi and invisible characters

BIDI='[("        note: \"\"", "        note: \"付款\\u202e1234\\u2066x\\u2069\\u200b\\ufeff\\u00ad\""),
       ("    title: 统筹推进全域创新", "    title: \"统筹\\u200f推进\"")]'

bidi_and_invisible_characters_are_shown_visibly_in_tables() {
	plan_with "$BIDI"
	fg -f plan.yaml list
	expect_rc 0
	no_raw out "list"
	grep -qF '付款<U+202E>1234<U+2066>x<U+2069>' out || fail "list: $(grep 付款 out)"
	grep -qF '统筹<U+200F>推进' out || fail "list does not show the title's U+200F: $(cat out)"
	fg -f plan.yaml show 1
	expect_rc 0
	no_raw out "show"
	grep -qF '付款<U+202E>1234<U+2066>x<U+2069><U+200B><U+FEFF><U+00AD>' out || fail "show: $(cat out)"
	fg -f plan.yaml set 1 市科技局 delayed --note "$(printf '改\u202e期')"
	expect_rc 0
	no_raw out "set's confirmation"
	grep -qF '改<U+202E>期' out || fail "set's confirmation: $(cat out)"
	fg -f plan.yaml report
	expect_rc 0
	no_raw out "report"
	fg -f plan.yaml log
	expect_rc 0
	no_raw out "log"
	grep -qF '改<U+202E>期' out || fail "log: $(cat out)"
}

bidi_and_invisible_characters_are_shown_visibly_in_the_tui() {
	plan_with "$BIDI"
	local sock=fg-escape-$$ s=tui
	tmux -L "$sock" -f /dev/null new-session -d -s $s -x 160 -y 30 \
		"env LANG=C.UTF-8 TERM=xterm FENGONG_USER=tester FENGONG_TODAY=2026-11-26 $FENGONG -f $WORK/plan.yaml; sleep 600" ||
		fail "tmux could not start"
	trap 'tmux -L "$sock" kill-server >/dev/null 2>&1; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
	local i=0
	until tmux -L "$sock" capture-pane -p -t $s | grep -qF '<U+200F>'; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the title's U+200F is not shown: $(tmux -L "$sock" capture-pane -p -t $s)"
		sleep 0.1
	done
	# the measure's detail view shows the note
	tmux -L "$sock" send-keys -t $s Enter
	i=0
	until tmux -L "$sock" capture-pane -p -t $s | grep -qF '付款<U+202E>1234<U+2066>x<U+2069>'; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the note is not shown visibly: $(tmux -L "$sock" capture-pane -p -t $s)"
		sleep 0.1
	done
	tmux -L "$sock" capture-pane -p -t $s >screen
	no_raw screen "the terminal interface"
	tmux -L "$sock" kill-server >/dev/null 2>&1
}

md_and_html_exports_show_bidi_characters_visibly() {
	plan_with "$BIDI"
	for f in md html; do
		fg -f plan.yaml export --format $f
		expect_rc 0
		no_raw out "export --format $f"
		grep -qF '付款&lt;U+202E&gt;1234&lt;U+2066&gt;x&lt;U+2069&gt;&lt;U+200B&gt;&lt;U+FEFF&gt;&lt;U+00AD&gt;' out ||
			fail "export --format $f does not show the note's bidi characters: $(grep -a 付款 out | head -3)"
		grep -qF '统筹&lt;U+200F&gt;推进' out || fail "export --format $f does not show the title's U+200F"
	done
}

json_writes_bidi_characters_as_escapes_of_the_same_string() {
	plan_with "$BIDI"
	for cmd in "list" "report" "log"; do
		fg -f plan.yaml $cmd --format json
		expect_rc 0
		no_raw out "$cmd --format json"
	done
	fg -f plan.yaml list --format json
	python3 - out <<'PY' || fail "list --format json does not carry the note as it is"
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
assert any(r["note"] == "付款\u202e1234\u2066x\u2069\u200b\ufeff\u00ad" for r in rows), rows
PY
}

import_drops_bidi_and_invisible_characters_and_says_so() {
	local doc=$SRC/../import/lead-and-responsible.txt
	python3 - "$doc" web.txt <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
for old, new in [("市交通运输局；", "市交通\u200b运输局\u202e；"), ("（一）建设", "\u200e（一）建设")]:
    assert old in s, old
    s = s.replace(old, new, 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
	fg import "$doc" -o clean.yaml
	expect_rc 0
	fg import web.txt -o web.yaml
	expect_rc 0
	expect_err "web.txt:5: dropped 3 bidi or invisible characters (the first: U+200E, left-to-right mark)"
	same clean.yaml web.yaml
	loads web.yaml
}

# ------------------------------------------------------------ dispatch

# The cycle's read-out (issue 15): the bulletin and the list of missing
# reports quote the plan's title, units and measures.
bulletin_and_missing_show_the_plan_s_text_escaped() {
	plan_with '[("  title: 测试方案", "  title: \"方案\\e]0;pwned\\a\\u202e\""),
		    ("  - name: 市发改委", "  - name: \"发改委\\e]0;pwned\\a\""),
		    ("      - unit: 市发改委", "      - unit: \"发改委\\e]0;pwned\\a\""),
		    ("    title: 统筹推进全域创新", "    title: \"统筹\\x9b推进\\u2066全域\"")]'
	fg -f plan.yaml bulletin --period 2026-11
	expect_rc 0
	no_raw out "bulletin"
	grep -qF 'U+202E' out || fail "the bulletin does not show the bidi character: $(head -1 out)"
	fg -f plan.yaml missing --period 2026-11
	expect_rc 0
	no_raw out "missing"
}

# A signer's name is the plan's text too (issue 14).
signers_list_shows_names_escaped() {
	plan_with '[]'
	ssh-keygen -q -t ed25519 -N '' -f "$WORK/coord" || fail "ssh-keygen"
	fg -f plan.yaml signers add "$(printf 'wang\e]0;pwned\a\u202e')" --role coordinator --key "$WORK/coord.pub"
	expect_rc 0
	no_raw out "signers add"
	fg -f plan.yaml signers list
	expect_rc 0
	no_raw out "signers list (tsv)"
	grep -qF 'wang\x1b]0;pwned\x07' out || fail "the name is not shown escaped: $(cat out)"
}

fn=${CASE//-/_}
declare -F "$fn" >/dev/null || fail "no such case: $CASE"
"$fn"
echo "ok: $CASE"
