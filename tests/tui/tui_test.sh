#!/bin/bash
# End-to-end tests of the terminal interface in a real terminal (tmux).
#
#   tui_test.sh CASE FENGONG DWIDTH PLAN LOCALEDIR
#
# Each CASE runs the real binary in a detached tmux session of its own
# (its own server socket), on a copy of the shipped plan in a temporary
# directory, types keys with send-keys and reads the screen with
# capture-pane.  Screens are awaited by polling, never by fixed sleeps.
set -u

CASE=$1
FG=$(realpath "$2")
DWIDTH=$(realpath "$3")
PLAN=$(realpath "$4")
LOCALEDIR=$(realpath -m "$5")

TIMEOUT=${TUI_TIMEOUT:-15}
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/fengong-tui.XXXXXX")
SOCK_BASE="fengong-test-$$-$CASE"
SOCK=$SOCK_BASE-0
STARTS=0
SESSION=t
FAILED=0

cleanup() {
	local i
	for i in $(seq 0 "$STARTS"); do
		tmux -L "$SOCK_BASE-$i" kill-server >/dev/null 2>&1
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK_BASE-$i"
	done
	if [ "$FAILED" = 0 ]; then
		rm -rf "$TMPD"
	else
		echo "(files kept in $TMPD)"
	fi
}
trap cleanup EXIT

fail() {
	FAILED=1
	echo "FAIL [$CASE]: $*"
	echo "----- screen -----"
	tmux -L "$SOCK" capture-pane -p -t "$SESSION" 2>/dev/null
	echo "------------------"
	exit 1
}

note() { echo "[$CASE] $*"; }

command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install tmux)"; exit 1; }
[ -x "$FG" ] || { echo "no fengong binary at $FG"; exit 1; }
[ -f "$PLAN" ] || { echo "no plan at $PLAN"; exit 1; }

cp "$PLAN" "$TMPD/plan.yaml"
cp "$PLAN" "$TMPD/orig.yaml"
P="$TMPD/plan.yaml"

have_locale() {
	locale -a 2>/dev/null | grep -qix "$(echo "$1" | sed 's/UTF-8/utf8/')"
}

# start LANG COLS LINES [fengong args...]: run fengong in a fresh session.
# The launcher records fengong's pid (exec keeps it) and the exit status.
start() {
	local lang=$1 cols=$2 lines=$3
	shift 3
	rm -f "$TMPD/exit" "$TMPD/pid" "$TMPD/stderr"
	{
		echo '#!/bin/sh'
		echo "echo \$\$ > '$TMPD/pid'"
		printf 'exec env -u LC_ALL -u LANGUAGE -u LC_MESSAGES -u LC_CTYPE -u NO_COLOR %s LANG=%q FENGONG_LOCALEDIR=%q FENGONG_USER=tester FENGONG_TODAY=2026-11-26 %q -f %q' \
			"${EXTRA_ENV:-}" "$lang" "$LOCALEDIR" "$FG" "$P"
		for a in "$@"; do printf ' %q' "$a"; done
		echo
	} > "$TMPD/run.sh"
	# a server of its own for each start: no race with the last one ending
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	STARTS=$((STARTS + 1))
	SOCK=$SOCK_BASE-$STARTS
	tmux -L "$SOCK" -f /dev/null new-session -d -s "$SESSION" -x "$cols" -y "$lines" \
		"sh '$TMPD/run.sh' 2>'$TMPD/stderr'; echo \$? > '$TMPD/exit'; cat '$TMPD/stderr'; echo EXITED; sleep 600" ||
		fail "tmux could not start"
	tmux -L "$SOCK" set-option -t "$SESSION" status off >/dev/null
}

screen() { tmux -L "$SOCK" capture-pane -p -t "$SESSION"; }
screen_e() { tmux -L "$SOCK" capture-pane -p -e -t "$SESSION"; }
keys() { tmux -L "$SOCK" send-keys -t "$SESSION" "$@"; }
text() { tmux -L "$SOCK" send-keys -t "$SESSION" -l "$1"; }

# wait_for TEXT [timeout]: until the screen contains TEXT (fixed string)
wait_for() {
	local what=$1 limit=${2:-$TIMEOUT} i=0
	while [ $i -lt $((limit * 10)) ]; do
		screen | grep -qF -- "$what" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for: $what"
}

# joined: the screen as one line, box borders removed, spaces squeezed, so
# a message wrapped in a box reads as one sentence
joined() {
	screen | perl -CSD -pe 's/^[^\x{2502}]*\x{2502} ?(.*?) *\x{2502}.*$/$1/' | tr '\n' ' ' | tr -s ' '
}

# wait_joined TEXT: until the joined screen contains TEXT
wait_joined() {
	local what i=0
	what=$(printf '%s' "$1" | tr -s ' ')
	while [ $i -lt $((TIMEOUT * 10)) ]; do
		joined | grep -qF -- "$what" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for (joined): $what"
}

# wait_re REGEX: same with an extended regular expression
wait_re() {
	local what=$1 limit=${2:-$TIMEOUT} i=0
	while [ $i -lt $((limit * 10)) ]; do
		screen | grep -qE -- "$what" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for /$what/"
}

wait_gone() {
	local what=$1 i=0
	while [ $i -lt $((TIMEOUT * 10)) ]; do
		screen | grep -qF -- "$what" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for this to go away: $what"
}

wait_exit() {
	local i=0
	while [ $i -lt $((TIMEOUT * 10)) ]; do
		[ -s "$TMPD/exit" ] && { cat "$TMPD/exit"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	fail "fengong did not exit"
}

running() { [ ! -s "$TMPD/exit" ]; }

# The labels and titles of the measures, from the plan file itself.
labels() { awk '/^measures:/{m=1} m && /^    label: /{sub(/^    label: /,""); print}' "$P"; }
titles() { awk '/^measures:/{m=1} m && /^    title: /{sub(/^    title: /,""); print}' "$P"; }

# the screen line of a measure label (rows start with a 3-cell mark)
row_of() { screen | grep -F -- "$1" | head -1; }

expect_rows_exactly() { # LABEL... : exactly these measure rows are shown
	local s want l
	s=$(screen)
	for l in $(labels); do
		want=0
		for w in "$@"; do [ "$w" = "$l" ] && want=1; done
		if [ $want = 1 ]; then
			echo "$s" | grep -qF -- "$l" || fail "measure $l should be shown"
		else
			echo "$s" | grep -qF -- "$l" && fail "measure $l should not be shown"
		fi
	done
	return 0
}

# Check the measures view: all 18 labels and titles, columns aligned.
check_measures_view() {
	local marker=$1 s n widths
	s=$(screen)
	n=0
	while IFS= read -r l; do
		echo "$s" | grep -qF -- "$l" || fail "label $l not on the screen"
		n=$((n + 1))
	done < <(labels)
	[ $n = 18 ] || fail "expected 18 labels in the plan, found $n"
	while IFS= read -r t; do
		echo "$s" | grep -qF -- "$t" || fail "title $t not on the screen"
	done < <(titles)
	# every row's status column starts at the same cell
	widths=$(echo "$s" | "$DWIDTH" "$marker" | sort -u)
	[ "$(echo "$widths" | wc -l)" = 1 ] || fail "status column not aligned: cells $(echo $widths)"
	[ "$(echo "$s" | "$DWIDTH" "$marker" | wc -l)" = 18 ] || fail "expected 18 rows with '$marker'"
}

tsv_row() { # UNIT MEASURE: the list row of that assignment
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --unit "$1" --format tsv | awk -F'\t' -v m="$2" -v u="$1" '$1 == m && $4 == u'
}

# ------------------------------------------------------------------ cases

case_measures_c() {
	start C.UTF-8 80 24
	wait_for "18 of 18 measures"
	check_measures_view "- not started"
	screen | grep -qF "coordinator" || fail "mode not shown"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_measures_zh() {
	have_locale zh_CN.UTF-8 || fail "the zh_CN.UTF-8 locale is missing: apt-get install locales && localedef -i zh_CN -f UTF-8 zh_CN.UTF-8"
	start zh_CN.UTF-8 80 24
	wait_for "显示 18/18 项措施"
	check_measures_view "- 未启动"
	screen | grep -qF "协调员" || fail "mode not shown in Chinese"
	screen | grep -qF "序号" || fail "column headings not in Chinese"
	keys '?'
	wait_for "设置所选任务的状态"
	keys Escape
	wait_gone "设置所选任务的状态"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_unit_option() {
	start C.UTF-8 100 30 --unit 市数据局
	wait_for "4 of 18 measures"
	expect_rows_exactly "(四)" "(五)" "(六)" "(十)"
	screen | grep -qF "unit: 市数据局" || fail "the filter is not in the status bar"
	keys Escape
	wait_for "18 of 18 measures"
	keys q
	wait_exit >/dev/null
}

# --unit and --as take a part of a name, resolved as the CLI resolves it
case_unit_part() {
	start C.UTF-8 100 30 --unit 数据
	wait_for "4 of 18 measures"
	expect_rows_exactly "(四)" "(五)" "(六)" "(十)"
	screen | grep -qF "unit: 市数据局" || fail "the part 数据 did not resolve to 市数据局 in the status bar"
	keys q
	wait_exit >/dev/null
	start C.UTF-8 100 30 --as 税务
	wait_for "liaison of 市税务局"
	wait_for "1 of 18 measures"
	keys q
	wait_exit >/dev/null
	start C.UTF-8 100 30 --unit 管委会
	[ "$(wait_exit)" = 2 ] || fail "an ambiguous --unit is not a usage error (exit 2)"
	grep -qF "葛店经开区管委会, 临空经济区管委会" "$TMPD/stderr" || fail "the candidates are not listed: $(cat "$TMPD/stderr")"
}

case_unit_picker() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys f
	wait_for "Filter by unit"
	text "市数据局"
	wait_gone "(all units)"
	wait_for "> 市数据局"
	keys Enter
	wait_for "4 of 18 measures"
	expect_rows_exactly "(四)" "(五)" "(六)" "(十)"
	# a member's name finds its umbrella unit's measures
	keys f
	wait_for "Filter by unit"
	text "葛店经开区管委会"
	wait_for "各区人民政府"
	keys Enter
	wait_for "unit: 各区人民政府"
	wait_for "15 of 18 measures"
	keys q
	wait_exit >/dev/null
}

set_tax_bureau() { # on the measures view: measure 3, 市税务局, in progress, a Chinese note
	local note=$1
	wait_for "18 of 18 measures"
	keys j j
	wait_re "^>.*\(三\)"
	keys s
	wait_for "Whose assignment in (三)?"
	wait_for "市税务局"
	keys 3
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "(三) 市税务局: > in progress"
	keys e
	# no unit filter: the picker asks again, on the unit just edited
	wait_for "Whose assignment in (三)?"
	keys Enter
	wait_for "Note ((三) 市税务局):"
	keys C-u
	text "$note"
	wait_for "$note"
	keys Enter
	wait_gone "Note ((三) 市税务局):"
	wait_re "\[\+\] [0-9]+ unsaved edit"
}

case_set_status_note() {
	start C.UTF-8 100 30
	set_tax_bureau "已完成摸底，正在推进"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	row=$(tsv_row 市税务局 3)
	[ -n "$row" ] || fail "no list row for 市税务局 in measure 3"
	echo "$row" | awk -F'\t' '{exit !($6 == "in_progress")}' || fail "status not saved: $row"
	echo "$row" | awk -F'\t' '{exit !($9 == "已完成摸底，正在推进")}' || fail "note not saved: $row"
	echo "$row" | awk -F'\t' '{exit !($8 == "tester")}' || fail "by not filled: $row"
	echo "$row" | awk -F'\t' '{exit !($7 ~ /^20[0-9][0-9]-/)}' || fail "updated not filled: $row"
	"$FG" -f "$P" check >/dev/null || fail "the saved file does not pass check"
}

case_quit_asks() {
	start C.UTF-8 100 30
	set_tax_bureau "进行中"
	keys q
	wait_for "Save before quitting?"
	keys c
	wait_for "Quit cancelled"
	running || fail "quit without saving after cancel"
	keys q
	wait_for "Save before quitting?"
	keys n
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "discarding changed the file"
}

case_undo_identical() {
	start C.UTF-8 100 30
	set_tax_bureau "撤销测试"
	keys u
	wait_for "Undone; 1 unsaved edit."
	keys u
	wait_for "Undone; 0 unsaved edits."
	keys u
	wait_for "Nothing to undo."
	keys w
	wait_re "No unsaved edits|Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "q asked or failed after undo + save"
	cmp "$P" "$TMPD/orig.yaml" || fail "undo then save did not leave the file byte-identical"
	# redo brings an edit back
	start C.UTF-8 100 30
	set_tax_bureau "重做测试"
	keys u
	wait_for "Undone; 1 unsaved edit."
	keys C-r
	wait_for "Redone; 2 unsaved edits."
	keys q
	wait_for "Save before quitting?"
	keys n
	wait_exit >/dev/null
}

case_matrix_cell() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab
	wait_for "Column 1/"
	for _ in 1 2 3 4 5 6; do keys j; done
	wait_for "· (七)"
	i=0
	until screen | grep -qE "Column [0-9]+/[0-9]+: 市水利局"; do
		keys l
		i=$((i + 1))
		[ $i -le 30 ] || fail "never reached the 市水利局 column"
		sleep 0.15
	done
	wait_for "市水利局 · (七) 深入推进流域综合治理 — co,"
	keys Enter
	wait_for "(七) 深入推进流域综合治理"
	wait_for "Measure 7 ·"
	screen | grep -E "^>" | grep -qF "市水利局" || fail "the cell's assignment is not selected"
	keys Escape
	wait_for "Column "
	keys q
	wait_exit >/dev/null
}

case_resize() {
	have_locale zh_CN.UTF-8 || fail "the zh_CN.UTF-8 locale is missing: apt-get install locales && localedef -i zh_CN -f UTF-8 zh_CN.UTF-8"
	start zh_CN.UTF-8 100 30
	wait_for "显示 18/18 项措施"
	tmux -L "$SOCK" resize-window -t "$SESSION" -x 40 -y 12
	wait_re "^ *显示 18/18"
	screen | "$DWIDTH" "显示" >/dev/null
	running || fail "crashed at 40x12"
	tmux -L "$SOCK" resize-window -t "$SESSION" -x 20 -y 6
	wait_for "终端太小"
	running || fail "crashed at 20x6"
	tmux -L "$SOCK" resize-window -t "$SESSION" -x 100 -y 30
	wait_for "显示 18/18 项措施"
	check_measures_view "- 未启动"
	keys Tab
	wait_for "第 1/"
	tmux -L "$SOCK" resize-window -t "$SESSION" -x 40 -y 12
	sleep 0.3
	tmux -L "$SOCK" resize-window -t "$SESSION" -x 100 -y 30
	wait_for "第 1/"
	running || fail "crashed resizing the matrix"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_liaison() {
	start C.UTF-8 100 30 --as 市税务局
	wait_for "liaison of 市税务局"
	wait_for "Measures 市税务局 co-owns"
	wait_for "1 of 18 measures"
	expect_rows_exactly "(三)"
	# another unit's assignment: refused, saying whose it is
	keys Escape
	wait_for "18 of 18 measures"
	keys g
	wait_re "^>.*\(一\)"
	# a measure without a row of theirs: no rows offered, a clear message
	keys s
	wait_joined "(一) 统筹推进全域创新 has no assignment of 市税务局: as its liaison you can change only your own unit's rows."
	screen | grep -qF "Whose assignment in" && fail "other units' rows offered to the liaison"
	keys Tab
	wait_for "Column "
	keys s
	wait_re "This is .*'s assignment|has no assignment in"
	running || fail "fengong ended"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "a refused edit changed the file"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0 (nothing was changed)"
	# the liaison's own flow: s 2 e NOTE Enter w q
	start C.UTF-8 100 30 --as 市税务局
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 2
	keys e
	wait_for "Note ((三) 市税务局):"
	text "已摸底"
	wait_for "): 已摸底"
	keys Enter
	wait_gone "Note ((三) 市税务局):"
	wait_for "[+]"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	row=$(tsv_row 市税务局 3)
	echo "$row" | awk -F'\t' '{exit !($6 == "in_progress" && $9 == "已摸底")}' || fail "liaison edit not saved: $row"
}

case_read_only() {
	start C.UTF-8 100 30 --read-only
	wait_for "READ-ONLY"
	keys s
	wait_for "Read-only mode: editing and saving are off."
	keys e
	wait_for "Read-only mode"
	keys w
	wait_for "Read-only mode"
	keys '?'
	wait_for "fengong help"
	screen | grep -qF "Set the status" && fail "the help lists edit keys in read-only mode"
	keys Escape
	wait_gone "fengong help"
	keys Tab # read-only starts on the history; Tab goes on to the measures
	wait_for "[Measures]"
	keys Enter
	wait_for "Measure 1 ·"
	keys s
	wait_for "Read-only mode"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "read-only mode changed the file"
}

signal_case() {
	local sig=$1 code=$2
	start C.UTF-8 100 30
	set_tax_bureau '信号前\后'
	pid=$(cat "$TMPD/pid")
	kill -"$sig" "$pid"
	[ "$(wait_exit)" = "$code" ] || fail "exit status not $code"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "the plan was written on $sig"
	[ -f "$P.recover" ] || fail "no recovery file"
	grep -qP '^3\t市税务局\tin_progress\t信号前\\\\后\t[0-9]+\ttester\t$' "$P.recover" ||
		fail "recovery file content: $(cat "$P.recover")"
	if [ "$sig" = TERM ]; then
		# the terminal was restored: the message is on the normal screen
		wait_for "EXITED"
		screen | grep -qF "unsaved edit was written to" || fail "no message after the terminal was restored"
	fi
	# the next start offers to re-apply the edits
	start C.UTF-8 100 30
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ -f "$P.recover" ] && fail "the recovery file is still there after saving"
	row=$(tsv_row 市税务局 3)
	echo "$row" | awk -F'\t' '{exit !($6 == "in_progress")}' || fail "re-applied edit not saved: $row"
	echo "$row" | grep -qF '信号前\\后' || fail "note not re-applied exactly: $row"
	return 0
}

case_sigterm_recovery() { signal_case TERM 143; }
case_sighup_recovery() { signal_case HUP 129; }

case_recovery_declined() {
	printf '# fengong recovery file\n3\t市税务局\tdone\t旧会话\t1700000000\n' > "$P.recover"
	start C.UTF-8 100 30
	wait_for "Re-apply it? (y/n"
	keys n
	wait_for "kept in"
	[ -f "$P.recover.old" ] || fail "declined edits were not kept aside"
	[ -f "$P.recover" ] && fail "declined recovery file still offered"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "declining changed the plan"
}

case_terminal_checks() {
	# unknown unit: an error before the screen opens; a typed value the plan
	# does not have is a usage error (2), as in the commands
	out=$(env LANG=C.UTF-8 "$FG" -f "$P" --unit 不存在的局 2>&1 </dev/null)
	[ $? = 2 ] || fail "unknown --unit: exit status not 2"
	echo "$out" | grep -qF "不存在的局" || fail "unknown --unit: message does not name it: $out"
	out=$(env LANG=C.UTF-8 "$FG" -f "$P" --as 不存在的局 2>&1 </dev/null)
	[ $? = 2 ] || fail "unknown --as: exit status not 2"
	# no TERM, a terminal that cannot address the cursor
	EXTRA_ENV="-u TERM" start C.UTF-8 100 30
	[ "$(wait_exit)" = 1 ] || fail "TERM unset: exit status not 1"
	wait_for "TERM is not set"
	EXTRA_ENV="TERM=dumb" start C.UTF-8 100 30
	[ "$(wait_exit)" = 1 ] || fail "TERM=dumb: exit status not 1"
	wait_for "cannot move the cursor"
	# a bad file: located error, exit 1
	printf 'version: 1\nplan: [\n' > "$TMPD/bad.yaml"
	out=$(env LANG=C.UTF-8 "$FG" -f "$TMPD/bad.yaml" 2>&1 </dev/null)
	[ $? = 1 ] || fail "bad file: exit status not 1"
	echo "$out" | grep -qE "bad.yaml:[0-9]+:[0-9]+: " || fail "bad file: no located message: $out"
}

save_conflict() { # m|t: the same assignment changed in the file meanwhile
	local choice=$1
	start C.UTF-8 100 30 --unit 市税务局
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "[+] 1 unsaved edit"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=other "$FG" -f "$P" set 3 市税务局 "done" --note "磁盘上的值" >/dev/null ||
		fail "the concurrent set failed"
	keys w
	wait_for "conflict on measure 3"
	wait_for "Keep which values?"
	keys "$choice"
	wait_for "Saved to"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_save_conflict() {
	save_conflict m
	row=$(tsv_row 市税务局 3)
	echo "$row" | awk -F'\t' '{exit !($6 == "in_progress")}' || fail "mine did not win: $row"
	cp "$TMPD/orig.yaml" "$P"
	save_conflict t
	row=$(tsv_row 市税务局 3)
	echo "$row" | awk -F'\t' '{exit !($6 == "done" && $9 == "磁盘上的值")}' || fail "theirs did not win: $row"
	# cancel keeps the edits in memory and the file as the other writer left it
	start C.UTF-8 100 30 --unit 市税务局
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 5
	wait_for "[+] 1 unsaved edit"
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" set 3 市税务局 delayed >/dev/null || fail "the concurrent set failed"
	cp "$P" "$TMPD/theirs.yaml"
	keys w
	wait_for "Keep which values?"
	keys c
	wait_for "Not saved"
	wait_for "[+] 1 unsaved edit"
	cmp -s "$P" "$TMPD/theirs.yaml" || fail "cancel changed the file"
	keys q
	wait_for "Save before quitting?"
	keys n
	wait_exit >/dev/null
}

case_colours() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	# measure 9 is past its due date (2025-12-31): red
	screen_e | grep -F "(九)" | grep -qE $'\e\\[([0-9;]*;)?31(;[0-9;]*)?m' || fail "overdue measure 9 is not red"
	set_tax_bureau "黄色"
	screen_e | grep -F "(三)" | grep -qE $'\e\\[([0-9;]*;)?33(;[0-9;]*)?m' || fail "in-progress measure 3 is not yellow"
	keys q
	wait_for "Save before quitting?"
	keys n
	wait_exit >/dev/null
	EXTRA_ENV="NO_COLOR=1" start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	screen_e | grep -qE $'\e\\[([0-9;]*;)?3[0-7](;[0-9;]*)?m' && fail "colours shown with NO_COLOR set"
	screen | grep -F "(九)" | grep -qF "!" || fail "overdue not marked without colour"
	keys q
	wait_exit >/dev/null
}

case_search_help() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys /
	wait_for "Search (↑ previous):"
	text "流域"
	keys Enter
	wait_re "^>.*\(七\)"
	keys n
	wait_re "^>.*\(九\)"
	keys N
	wait_re "^>.*\(七\)"
	keys '?'
	wait_for "fengong help"
	wait_for "Set the status of the selected assignment"
	keys q
	wait_gone "fengong help"
	running || fail "q in the help quit the program"
	keys q
	wait_exit >/dev/null
}

# make_conflict [text]: $P becomes the merge of two copies of the shipped
# plan that set measure 3's 市税务局 differently (and, with "text", changed
# measure 1's title differently), made by `fengong merge` as git would.
make_conflict() {
	local b="$TMPD/base.yaml" o="$TMPD/ours.yaml" th="$TMPD/theirs.yaml" rc
	cp "$PLAN" "$b"
	cp "$PLAN" "$o"
	cp "$PLAN" "$th"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=zhang "$FG" -f "$o" set 3 市税务局 in_progress --note 我方进展 >/dev/null ||
		fail "set on ours failed"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=li "$FG" -f "$th" set 3 市税务局 done --note 对方已办结 >/dev/null ||
		fail "set on theirs failed"
	if [ "${1:-}" = text ]; then
		sed -i '0,/^    title: 统筹推进全域创新$/s//    title: 统筹推进全域创新(甲)/' "$o"
		sed -i '0,/^    title: 统筹推进全域创新$/s//    title: 统筹推进全域创新(乙)/' "$th"
	fi
	env -u LC_ALL LANG=C.UTF-8 "$FG" merge "$b" "$o" "$th" -o "$P" >/dev/null 2>"$TMPD/merge.err"
	rc=$?
	[ $rc = 1 ] || fail "merge: exit status $rc, not 1: $(cat "$TMPD/merge.err")"
	grep -q '^conflicts:' "$P" || fail "merge recorded no conflicts: list"
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" check >/dev/null 2>&1 && fail "check passes with an open conflict"
	cp "$P" "$TMPD/merged.yaml"
	return 0
}

case_merge_conflict() {
	make_conflict
	# read-only: the conflict is shown, with both values, but not decided
	start C.UTF-8 100 30 --read-only
	wait_for "1 merge conflict — open a marked (?) measure to see it"
	wait_for "[History]" # where the auditor starts; Tab: the measures
	keys Tab
	wait_for "[Measures]"
	row_of "(三)" | grep -qE '^.{3}\? +\(三\)' || fail "measure 3 not marked: $(row_of "(三)")"
	row_of "(一)" | grep -qE '^.{3}\?' && fail "measure 1 marked without a conflict"
	keys j j Enter
	wait_for "? Merge conflict"
	wait_for "This side (in the file now): > in progress · 我方进展 · "
	wait_for "The other side: ✓ done · 对方已办结 · "
	wait_for "Read-only mode: shown here, not decided"
	keys d
	wait_for "Read-only mode: editing and saving are off."
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/merged.yaml" || fail "read-only mode changed the file"
	if have_locale zh_CN.UTF-8; then
		start zh_CN.UTF-8 100 30
		wait_for "1 处合并冲突 — 打开标有 ? 的措施进行裁决"
		keys j j Enter
		wait_for "对方:✓ 已完成 · 对方已办结"
		keys q
		[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	fi
	# the coordinator: the matrix cell is marked and names both values
	start C.UTF-8 100 30
	wait_for "1 merge conflict — open a marked (?) measure to decide"
	keys Tab
	wait_for "Column 1/"
	keys j j
	wait_for "· (三)"
	i=0
	until screen | grep -qE "Column [0-9]+/[0-9]+: 市税务局"; do
		keys l
		i=$((i + 1))
		[ $i -le 30 ] || fail "never reached the 市税务局 column"
		sleep 0.15
	done
	wait_for "市税务局 · (三) — co, > in progress; merge conflict, other side: ✓ done"
	screen | grep -F "(三)" | grep -qF "○?" || fail "the matrix cell is not marked"
	keys Enter
	wait_for "? Merge conflict"
	wait_for "This side (in the file now): > in progress · 我方进展 · "
	wait_for "The other side: ✓ done · 对方已办结 · "
	screen | grep -E "^>" | grep -qF "市税务局" || fail "the conflicted assignment is not selected"
	# decide: take the other side; undo opens the conflict again, redo decides
	keys d
	wait_for "keep which value?"
	wait_for "Keep this side: > in progress · 我方进展"
	wait_for "Take the other side: ✓ done · 对方已办结"
	keys 2
	wait_for "Merge conflict on (三) 市税务局 decided: the other side taken (✓ done)."
	wait_for "[+] 1 unsaved edit"
	wait_gone "open a marked (?) measure"
	keys u
	wait_for "1 merge conflict — open a marked (?) measure to decide"
	wait_for "? Merge conflict"
	keys C-r
	wait_for "Merge conflict decided; press w to save"
	wait_gone "open a marked (?) measure"
	keys w
	wait_for "Saved 1 edit"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" check >/dev/null || fail "check fails after the conflict was decided"
	grep -q '^conflicts:' "$P" && fail "the conflicts: entry is still in the file"
	row=$(tsv_row 市税务局 3)
	echo "$row" | awk -F'\t' '{exit !($6 == "done" && $9 == "对方已办结" && $8 == "tester")}' ||
		fail "the other side's value was not saved: $row"
}

case_merge_keep_text() {
	make_conflict text
	# the liaison of the unit decides through s; the text conflict is listed
	start C.UTF-8 120 30 --as 市税务局
	wait_for "1 merge conflict — open a marked (?) measure to decide"
	wait_for "1 text conflict (C lists it)"
	keys C
	wait_for "2 merge conflicts (Enter: open"
	wait_for "(三) 市税务局: this side > in progress, other side ✓ done"
	wait_re "Text near line [0-9]+: edit the file by hand"
	keys 2
	wait_re "Text conflict near line [0-9]+ of"
	wait_for "title: 统筹推进全域创新(乙)"
	wait_for "edit the file by hand"
	keys Enter
	wait_for "2 merge conflicts (Enter: open"
	keys Escape
	wait_gone "2 merge conflicts (Enter: open"
	keys s
	wait_for "keep which value?"
	wait_for "Set another status…"
	keys 1
	wait_for "Merge conflict on (三) 市税务局 decided: this side kept (> in progress)."
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_for "Saved 1 edit"
	wait_for "1 text conflict (C lists it)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	out=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" check 2>&1) && fail "check passes with the text conflict open"
	echo "$out" | grep -qF "measure 3" && fail "the assignment conflict is still reported: $out"
	echo "$out" | grep -qF "near line" || fail "the text conflict is not reported: $out"
	grep -qE '^  - measure: 3$' "$P" && fail "the assignment's conflicts entry is still in the file"
	grep -qE '^  - near: [0-9]+$' "$P" || fail "the text conflict's entry was removed"
	row=$(tsv_row 市税务局 3)
	echo "$row" | awk -F'\t' '{exit !($6 == "in_progress" && $9 == "我方进展" && $8 == "tester")}' ||
		fail "this side's value was not kept: $row"
}

# ------------------------------------------------------------------ office terminal habits

hexkeys() { # STRING: send its bytes raw, as a terminal would (escape sequences)
	local h
	h=$(printf '%s' "$1" | od -An -tx1 | tr -s ' \n' ' ')
	# shellcheck disable=SC2086
	tmux -L "$SOCK" send-keys -t "$SESSION" -H $h
}

open_note_editor() { # as the liaison of 市税务局: the note of (三), emptied
	start C.UTF-8 100 30 --as 市税务局
	wait_for "1 of 18 measures"
	keys e
	wait_for "Note ((三) 市税务局):"
	keys C-u
}

note_of_tax_bureau() { tsv_row 市税务局 3 | awk -F'\t' '{print $9}'; }

PASTED=$'第一行 w 保存\n第二行 u 撤销\nq 第三行'
PASTED_ESCAPED='第一行 w 保存\n第二行 u 撤销\nq 第三行'

paste_case() { # -p or "": paste PASTED (plus a trailing line break) into the note
	local how=$1
	open_note_editor
	tmux -L "$SOCK" set-buffer -b pasted "$PASTED"$'\n' || fail "set-buffer"
	# shellcheck disable=SC2086
	tmux -L "$SOCK" paste-buffer $how -b pasted -t "$SESSION" || fail "paste-buffer"
	wait_for "q 第三行"
	wait_for "$PASTED_ESCAPED"
	screen | grep -qF "Note ((三) 市税务局):" || fail "the note editor closed during the paste"
	running || fail "the paste quit the program"
	screen | grep -qF "[+]" && fail "the paste was taken as Enter"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "the paste wrote the file"
	keys Enter
	wait_gone "Note ((三) 市税务局):"
	wait_for "[+] 1 unsaved edit"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "the pasted w saved the file"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ "$(note_of_tax_bureau)" = "$PASTED_ESCAPED" ] || fail "note not saved intact: $(note_of_tax_bureau)"
}

case_paste_bracketed() {
	paste_case -p
	# outside an editor a paste is not run as keys either
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	tmux -L "$SOCK" set-buffer -b pasted "q"
	tmux -L "$SOCK" paste-buffer -p -b pasted -t "$SESSION"
	wait_for "Pasted text is not used here"
	running || fail "a pasted q quit"
	# in the search line a pasted line break is a space, not Enter
	keys /
	wait_for "Search (↑ previous):"
	tmux -L "$SOCK" set-buffer -b pasted $'流域\n'
	tmux -L "$SOCK" paste-buffer -p -b pasted -t "$SESSION"
	wait_re "^Search \(↑ previous\): 流域 *$"
	screen | grep -qF "match 1 of" && fail "the pasted line break ran the search"
	keys Enter
	wait_re "^>.*\(七\)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_paste_plain() { paste_case ""; }

case_note_escape() {
	open_note_editor
	# unchanged (emptied, then typed and erased): Esc closes without asking
	keys Escape
	wait_gone "Note ((三) 市税务局):"
	screen | grep -qF "Discard" && fail "asked although the note is unchanged"
	keys e
	wait_for "Note ((三) 市税务局):"
	text "写了一半"
	wait_for "写了一半"
	keys Escape
	wait_for "The note was changed. Discard the changes?"
	keys n
	wait_gone "Discard the changes?"
	wait_for "Note ((三) 市税务局): 写了一半"
	text "的话"
	wait_for "写了一半的话"
	keys Escape
	wait_for "Discard the changes?"
	keys y
	wait_for "The changed note was discarded"
	screen | grep -qF "[+]" && fail "a discarded note made an edit"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "q asked although nothing changed"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "discarding changed the file"
}

case_putty_home_end() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	hexkeys $'\e[4~'
	wait_re "^>.*\(十八\)"
	hexkeys $'\e[1~'
	wait_re "^>.*\(一\)"
	hexkeys $'\e[8~'
	wait_re "^>.*\(十八\)"
	hexkeys $'\e[7~'
	wait_re "^>.*\(一\)"
	screen | grep -qF "does nothing here" && fail "a Home/End sequence was taken as keys"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	# in the note editor: Home and End move the cursor
	open_note_editor
	text "中"
	wait_for "): 中"
	hexkeys $'\e[1~'
	text "前"
	wait_for "): 前中"
	hexkeys $'\e[4~'
	text "后"
	wait_for "): 前中后"
	hexkeys $'\e[7~'
	text "甲"
	wait_for "): 甲前中后"
	hexkeys $'\e[8~'
	text "乙"
	wait_for "): 甲前中后乙"
	screen | grep -qF "Discard" && fail "a Home/End sequence was taken as Esc"
	keys Enter
	wait_gone "Note ((三) 市税务局):"
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ "$(note_of_tax_bureau)" = "甲前中后乙" ] || fail "note: $(note_of_tax_bureau)"
}

case_split_escape() {
	# End split by a slow link: ESC, then the rest 100 ms later
	start C.UTF-8 100 30 --unit 市数据局
	wait_for "4 of 18 measures"
	keys Escape
	sleep 0.1
	text "[4~"
	wait_re "^>.*\(十\)"
	screen | grep -qF "unit: 市数据局" || fail "the split End was taken as Esc (filter cleared)"
	screen | grep -qF "does nothing here" && fail "the rest of the split sequence was taken as keys"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	open_note_editor
	text "慢"
	wait_for "): 慢"
	keys Escape
	sleep 0.1
	text "[1~"
	text "快"
	wait_for "): 快慢"
	screen | grep -qF "Discard" && fail "the split Home was taken as Esc"
	keys Escape
	wait_for "Discard the changes?"
	keys y
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

search_for() { # QUERY: / QUERY Enter
	keys /
	wait_for "Search (↑ previous):"
	[ -n "$1" ] && text "$1"
	keys Enter
	wait_gone "Search (↑ previous):"
}

case_search_habits() {
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" set 5 市数据局 in_progress --note "独角兽企业培育" >/dev/null ||
		fail "set a note failed"
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	# notes are searched, and the count of matches is shown
	search_for "独角兽"
	wait_re "^>.*\(五\)"
	wait_for "“独角兽”: match 1 of 1"
	search_for "流域"
	wait_re "^>.*\(七\)"
	wait_for "“流域”: match 1 of 2"
	keys n
	wait_re "^>.*\(九\)"
	wait_for "“流域”: match 2 of 2"
	# the search line starts empty; ↑ brings back the previous query
	keys /
	wait_for "Search (↑ previous):"
	screen | tail -1 | grep -qE "^Search \(↑ previous\): *$" || fail "the search line does not start empty: $(screen | tail -1)"
	keys Up
	wait_for "Search (↑ previous): 流域"
	keys Down
	wait_re "^Search \(↑ previous\): *$"
	keys Up Enter
	wait_gone "Search (↑ previous):"
	wait_re "^>.*\(七\)"
	# a measure number or label jumps to it
	for q in 12 十一 "(三)" "（十五）" 18; do
		search_for "$q"
		case $q in
		12) want="十二" ;; 十一) want="十一" ;; "(三)") want="三" ;; "（十五）") want="十五" ;; 18) want="十八" ;;
		esac
		wait_re "^>.*\($want\)"
		wait_re "Measure [0-9]+: \($want\)"
	done
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_message_popup() {
	# a message wider than the screen opens whole in a box
	start C.UTF-8 80 24 --as 市税务局
	wait_for "1 of 18 measures"
	keys Escape
	wait_for "18 of 18 measures"
	keys Tab
	wait_re "Column [0-9]+/[0-9]+: 市税务局"
	local k=0
	until screen | grep -qE "Column 1/[0-9]+: 市科技局"; do
		keys h
		k=$((k + 1))
		[ $k -le 40 ] || fail "h does not reach the first column"
		sleep 0.05
	done
	keys s
	wait_joined "This is 市科技局's assignment: as the liaison of 市税务局 you can change only your own unit's assignments."
	screen | grep -qF "┌" || fail "no box around the long message"
	# the next key closes it
	keys j
	wait_gone "┌"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	# the terminal-too-small message is wrapped, never cut
	start C.UTF-8 80 24
	wait_for "18 of 18 measures"
	tmux -L "$SOCK" resize-window -t "$SESSION" -x 20 -y 8
	wait_for "terminal too small"
	wait_joined "enlarge it to at least 32×8, or press q to quit"
	tmux -L "$SOCK" resize-window -t "$SESSION" -x 80 -y 24
	wait_for "18 of 18 measures"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_detail_first_last() {
	local first last
	first=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --format tsv | awk -F'\t' '$1 == 3 {print $4}' | head -1)
	last=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --format tsv | awk -F'\t' '$1 == 3 {print $4}' | tail -1)
	[ -n "$first" ] && [ "$first" != "$last" ] || fail "measure 3 needs two assignments"
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys j j Enter
	wait_for "Measure 3 ·"
	screen | grep -E "^>" | grep -qF "$first" || fail "the first assignment is not selected on opening"
	keys G
	wait_re "^>.*$last"
	keys g
	wait_re "^>.*$first"
	keys End
	wait_re "^>.*$last"
	keys Home
	wait_re "^>.*$first"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_help_scrolls() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys '?'
	wait_for "fengong help"
	wait_re "↓ more · lines 1–[0-9]+ of [0-9]+"
	keys G
	wait_re "↑ top: g · lines [0-9]+–([0-9]+) of \1"
	keys g
	wait_re "↓ more · lines 1–"
	# scrolling down, it lists the note editor's keys, the search line and the mouse
	for l in "In the note editor" "Close; asks before throwing away a changed note" "Delete to the end of the line" \
		"Pasted text is typed in" "The previous query" "Mouse" "Double-click"; do
		k=0
		until screen | grep -qF -- "$l"; do
			keys j
			k=$((k + 1))
			[ $k -le 80 ] || fail "the help does not list: $l"
			sleep 0.05
		done
	done
	keys Escape
	wait_gone "fengong help"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# The status filter menu (S) and the status menu (s) offer every status of
# the table: the Chinese labels the md export's legend takes from it.
case_status_menus_list_every_status() {
	have_locale zh_CN.UTF-8 || fail "the zh_CN.UTF-8 locale is missing"
	local labels
	labels=$(env -u LC_ALL LANG=zh_CN.UTF-8 "$FG" -f "$P" export --format md | sed -n 's/.*；状态：\([^；]*\)；.*/\1/p' | tr '、' ' ')
	[ -n "$labels" ] || fail "the md legend names no statuses"
	start zh_CN.UTF-8 100 30
	wait_for "显示 18/18 项措施"
	keys S
	wait_for "全部状态"
	for l in $labels; do screen | grep -qF -- "$l" || fail "the status filter menu lacks $l"; done
	keys Escape
	wait_gone "全部状态"
	keys Enter
	wait_for "牵头"
	keys s
	wait_for "(当前)"
	for l in $labels; do screen | grep -qF -- "$l" || fail "the status menu lacks $l"; done
	keys Escape
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# A liaison named by an alias (--as 市科学技术局) writes the same history
# record from the TUI as from `fengong set`: as: is the registry name.
case_liaison_alias_writes_the_record_the_cli_writes() {
	cp "$TMPD/orig.yaml" "$TMPD/cli.yaml"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=tester "$FG" -f "$TMPD/cli.yaml" --as 市科学技术局 set 1 市科技局 in_progress \
		>/dev/null || fail "set --as an alias"
	start C.UTF-8 100 30 --as 市科学技术局
	wait_for "liaison of 市科技局"
	keys g
	wait_re "^>.*\(一\)"
	keys s
	wait_for "Status of 市科技局 in (一)"
	keys 2
	wait_for "[+]"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	local tui cli
	tui=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" log --format tsv | cut -f2-)
	cli=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$TMPD/cli.yaml" log --format tsv | cut -f2-)
	[ "$tui" = "$cli" ] || fail "the TUI's record differs from the CLI's: [$tui] vs [$cli]"
	echo "$tui" | tail -1 | awk -F'\t' '{exit !($2 == "市科技局")}' || fail "as: is not the registry name: $tui"
}

# A measure with two sub-tasks (a real plan of the import corpus): the
# detail view shows each part's text and units, in Chinese, and the
# assignments stay one per unit.
case_parts() {
	have_locale zh_CN.UTF-8 || fail "the zh_CN.UTF-8 locale is missing"
	local doc
	doc=$(dirname "$(realpath "$0")")/../import/corpus/chaozhou-2019-lantian.txt
	env LC_ALL=C.UTF-8 "$FG" import "$doc" -o "$P" --force 2>/dev/null || fail "the corpus plan does not import"
	start zh_CN.UTF-8 100 50
	wait_for "显示 1/1 项措施"
	keys Enter
	wait_for "分项任务(各有责任单位)"
	wait_for "（1）制定实施准入清单。完成生态保护红线"
	wait_for "（2）按省的要求"
	wait_for "牵头:市生态环境局、市场监管局"
	wait_for "配合:市发展和改革局、工业和信息化局、自然资源局、各县、区人民政府(管委会)"
	[ "$(screen | grep -cF '牵头:市生态环境局')" = 2 ] || fail "each part shows its own leads"
	# the parts come before the assignments
	screen | awk '/分项任务/{p=NR} /^ *责任单位/{a=NR} END{exit !(p && a && p < a)}' ||
		fail "the parts are not shown above the assignments"
	keys q
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}


# ------------------------------------------------------------------ marks, bulk edits

count_status() { # UNIT STATUS: how many of UNIT's rows are in STATUS
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --unit "$1" --format tsv | awk -F'\t' -v s="$2" 'NR > 1 && $6 == s' | wc -l
}

case_space_marks_and_esc_clears_marks() {
	start C.UTF-8 100 30 --unit 市数据局
	wait_for "4 of 18 measures"
	keys Space
	wait_for "4 of 18 measures · 1 marked"
	# the cursor moved on: the next Space marks the next row
	wait_re "^>.*\(五\)"
	keys Space
	wait_for "2 marked"
	screen | grep -E "^ \*.*\(四\)" >/dev/null || fail "the marked row (四) shows no *"
	keys Escape
	wait_for "Marks cleared."
	wait_gone "marked"
	# the filter is still there: Esc cleared the marks first
	screen | grep -qF "4 of 18 measures" || fail "Esc cleared the filter along with the marks"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_star_marks_every_visible_row_and_s_sets_them_all() {
	start C.UTF-8 100 30 --unit 市数据局
	wait_for "4 of 18 measures"
	keys '*'
	wait_for "4 marked"
	keys s
	wait_for "Status of the 4 marked assignments"
	keys 4
	wait_joined "4 of 4 marked assignments changed"
	wait_for "[+] 4 unsaved edits"
	keys w
	wait_for "Saved 4 edits"
	wait_for "marks were cleared"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ "$(count_status 市数据局 delayed)" = 4 ] || fail "not all four rows of 市数据局 are delayed"
	[ "$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --status delayed --format tsv | wc -l)" = 5 ] ||
		fail "rows outside the marks changed"
}

case_bulk_edit_undoes_as_one_step() {
	start C.UTF-8 100 30 --unit 市数据局
	wait_for "4 of 18 measures"
	keys V
	wait_for "4 marked"
	keys e
	wait_for "Note for the 4 marked assignments:"
	text "统一部署"
	wait_for "统一部署"
	keys Enter
	wait_for "[+] 4 unsaved edits"
	keys u
	wait_for "Undone; 0 unsaved edits."
	keys C-r
	wait_for "[+] 4 unsaved edits"
	keys u
	wait_for "Undone; 0 unsaved edits."
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "the file changed"
}

case_liaison_marks_only_their_own_rows() {
	start C.UTF-8 100 30 --as 市税务局
	wait_for "1 of 18 measures"
	keys Escape
	wait_for "18 of 18 measures"
	keys '*'
	wait_for "18 of 18 measures · 1 marked"
	# another unit's row cannot be marked
	keys g
	keys Tab
	# 29 units, 28 columns: 各区人民政府's heading stands over its members'
	wait_for "Column 11/28: 市税务局 · (一)"
	keys h h h h h h h h h h h
	wait_for "Column 1/28: 市科技局 · (一)"
	keys Space
	wait_re "This is .*'s assignment: as the liaison of 市税务局 you can mark only your own unit's rows."
	keys s
	wait_for "Status of the 1 marked assignment"
	keys 5
	wait_joined "1 of 1 marked assignment changed"
	keys w
	wait_for "Saved 1 edit"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ "$(count_status 市税务局 blocked)" = 1 ] || fail "the liaison's row was not set"
	[ "$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --status blocked --format tsv | wc -l)" = 2 ] ||
		fail "another unit's row changed"
}

case_bulk_set_names_the_refused_rows_and_why() {
	make_conflict
	start C.UTF-8 100 30
	wait_for "1 merge conflict"
	keys j j
	wait_re "^>.*\(三\)"
	keys Space
	wait_re "· [0-9]+ marked"
	n=$(screen | grep -oE "· [0-9]+ marked" | grep -oE "[0-9]+")
	keys s
	wait_for "Status of the $n marked assignments"
	keys 5
	wait_joined "$((n - 1)) of $n marked assignments changed; 1 refused: (三) 市税务局 (it has an open merge conflict; open it and press d to decide it)"
	keys q
	wait_for "Save before quitting?"
	keys n
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/merged.yaml" || fail "the file changed without a save"
}

case_units_view_marks_a_whole_unit_and_sets_it_in_one_go() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab Tab
	wait_for "[Units]"
	k=0
	until screen | grep -qE "^> +市数据局 "; do
		keys j
		k=$((k + 1))
		[ $k -le 30 ] || fail "never reached 市数据局"
		sleep 0.05
	done
	keys '*'
	wait_for "4 assignments marked"
	keys s
	wait_for "Status of the 4 marked assignments"
	keys 2
	wait_joined "4 of 4 marked assignments changed"
	keys w
	wait_for "Saved 4 edits"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ "$(count_status 市数据局 in_progress)" = 4 ] || fail "not all of 市数据局's rows are in progress"
	[ "$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --status in_progress --format tsv | wc -l)" = 5 ] ||
		fail "rows of other units changed"
}

# ------------------------------------------------------------------ filters of several values

cli_set() { env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=cli "$FG" -f "$P" set "$@" >/dev/null || fail "set $* failed"; }

case_status_filter_takes_several_statuses() {
	cli_set 2 市科技局 delayed
	cli_set 5 市经信局 blocked
	cli_set 7 市水利局 in_progress
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys S
	wait_for "Show measures with an assignment in status"
	keys j j j j
	wait_re ">4 +\[ \] ! delayed"
	keys Space Space
	wait_re "\[x\] ✗ blocked"
	keys Enter
	wait_for "status: delayed、blocked · 2 of 18 measures"
	expect_rows_exactly "(二)" "(五)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_unit_picker_picks_several_units() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys f
	wait_for "Filter by unit"
	text "市数据局"
	wait_for "> 市数据局"
	keys Space
	wait_for "1 unit marked"
	keys C-u
	text "市税务局"
	wait_for "> 市税务局"
	keys Space Enter
	wait_for "unit: 市税务局、市数据局 · 5 of 18 measures"
	expect_rows_exactly "(三)" "(四)" "(五)" "(六)" "(十)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_overdue_filter_shows_only_work_past_due() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys '!'
	wait_for "overdue · 1 of 18 measures"
	expect_rows_exactly "(九)"
	# a unit whose row there is done is not chased
	keys Escape
	wait_for "18 of 18 measures"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	lead=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --format tsv | awk -F'\t' '$1 == 9 && $5 == "lead" {print $4; exit}')
	cli_set 9 "$lead" done
	start C.UTF-8 100 30 --unit "$lead"
	wait_for "of 18 measures"
	keys '!'
	wait_for "overdue · 0 of 18 measures"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# ------------------------------------------------------------------ order

# the measure labels in the order the screen shows them
screen_labels() { screen | grep -oE '^.{3,6}\([一二三四五六七八九十]+\)' | grep -oE '\([一二三四五六七八九十]+\)'; }

case_sort_by_due_date_and_again_reverses() {
	sed -i 's/^    label: (三)$/    label: (三)\n    due: 2026-03-01/; s/^    label: (七)$/    label: (七)\n    due: 2025-06-30/' "$P"
	"$FG" -f "$P" check >/dev/null || fail "the test plan does not check"
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys o
	wait_for "Order the measures by"
	keys 2
	wait_for "order: due date ↑ · 18 of 18 measures"
	[ "$(screen_labels | head -4 | tr -d '\n')" = "(七)(九)(三)(一)" ] ||
		fail "not in due-date order: $(screen_labels | head -4 | tr -d '\n')"
	keys o
	wait_for "(now due date ↑; again: reverse)"
	keys 2
	wait_for "order: due date ↓"
	[ "$(screen_labels | head -4 | tr -d '\n')" = "(三)(九)(七)(一)" ] ||
		fail "not reversed (measures without a due date stay last): $(screen_labels | head -4 | tr -d '\n')"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_sort_by_status_severity_puts_the_worst_first() {
	cli_set 5 市经信局 blocked
	cli_set 2 市科技局 delayed
	cli_set 1 市科技局 done
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys o
	wait_for "Order the measures by"
	keys 3
	wait_for "order: status severity ↓"
	# overdue (九) first, then blocked, delayed, in progress (一)
	[ "$(screen_labels | head -4 | tr -d '\n')" = "(九)(五)(二)(一)" ] ||
		fail "not in severity order: $(screen_labels | head -4 | tr -d '\n')"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_sort_by_lead_unit() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys o 5
	wait_for "order: lead unit ↑"
	# 市科技局 is the first unit of the registry: its measures come first
	first=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --unit 市科技局 --role lead --format tsv | awk -F'\t' 'NR > 1 {print $2}' | tr -d '\n')
	n=$(echo "$first" | grep -o '(' | wc -l)
	[ "$(screen_labels | head -"$n" | tr -d '\n')" = "$first" ] || fail "市科技局's measures are not first"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_units_view_orders_by_overdue_and_enter_opens_the_chase_list() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab Tab
	wait_for "Overdue"
	keys o 2
	wait_for "Units ordered by overdue count, most first."
	# the first unit shown has the most overdue work (report's count)
	top=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" report --format tsv | awk -F'\t' 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "overdue") c = i} /^$/ {done = 1} NR > 1 && !done {print $c "\t" NR "\t" $1}' | sort -t"$(printf '\t')" -k1,1nr -k2,2n | head -1 | cut -f3)
	wait_re "^>  ?$top "
	keys Enter
	want=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" report --unit "$top" --format tsv | awk -F'\t' 'seen && NR > 1 {n++} /^unit\tmeasure/ {seen=1} END {print n+0}')
	wait_for "Chase list of $top: $want row"
	for l in $(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" report --unit "$top" --format tsv | awk -F'\t' 'seen {print $3} /^unit\tmeasure/ {seen=1}'); do
		screen | grep -qF -- "$l" || fail "the chase list lacks $l, which report lists"
	done
	keys Enter
	wait_for "健全绿色发展长效机制"
	wait_re "^>.*$top"
	keys Escape
	keys Enter
	wait_for "Chase list of $top"
	keys g Enter
	wait_for "Showing the measures of $top"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# ------------------------------------------------------------------ jump

case_colon_jumps_to_a_measure_by_number_or_label() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys :
	wait_for "Go to measure (number or label):"
	text "12"
	keys Enter
	wait_re "^>.*\(十二\)"
	keys :
	text "（七）"
	keys Enter
	wait_re "^>.*\(七\)"
	# from the units view it goes to the measures
	keys Tab Tab
	wait_for "[Units]"
	keys :
	text "三"
	keys Enter
	wait_for "[Measures]"
	wait_re "^>.*\(三\)"
	# a measure the filter hides opens in the detail view
	keys f
	wait_for "Filter by unit"
	text "市数据局"
	wait_for "> 市数据局"
	keys Enter
	wait_for "4 of 18 measures"
	keys :
	text "1"
	keys Enter
	wait_for "hidden by the filters in the lists"
	wait_for "统筹推进全域创新"
	keys :
	text "99"
	keys Enter
	wait_for "No measure is numbered or labelled “99”"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# ------------------------------------------------------------------ history view

cli_set_as() { # USER N UNIT STATUS [NOTE]
	local who=$1
	shift
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER="$who" "$FG" -f "$P" set "$1" "$2" "$3" ${4:+--note "$4"} >/dev/null ||
		fail "set $* failed"
}

case_history_view_lists_records_newest_first() {
	cli_set_as zhang 2 市科技局 in_progress 第一条
	cli_set_as li 5 市经信局 delayed 第二条
	cli_set_as wang 3 市税务局 done 第三条
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab Tab Tab
	wait_for "[History]"
	wait_for "3 of 3 records"
	first=$(screen | grep -nF "第三条" | cut -d: -f1)
	last=$(screen | grep -nF "第一条" | cut -d: -f1)
	[ -n "$first" ] && [ -n "$last" ] && [ "$first" -lt "$last" ] || fail "records are not newest first"
	screen | grep -E "^>.*wang.*\(三\).*市税务局.*done.*第三条" >/dev/null || fail "the newest record is not selected first"
	# Tab goes on to the measures again
	keys Tab
	wait_for "[Measures]"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_history_view_filters_by_person_measure_unit_and_dates() {
	cli_set_as zhang 2 市科技局 in_progress 第一条
	cli_set_as li 5 市经信局 delayed 第二条
	cli_set_as li 3 市税务局 done 第三条
	start C.UTF-8 100 30
	keys Tab Tab Tab
	wait_for "3 of 3 records"
	keys F
	wait_for "Filter the history by"
	keys 2
	wait_for "Person…"
	text li
	keys Enter
	wait_for "2 of 3 records · by: li"
	screen | grep -qF "第一条" && fail "zhang's record shown under by: li"
	keys F 1
	text "（五）"
	keys Enter
	wait_for "1 of 3 records · measure 5 · by: li"
	keys Escape
	wait_for "3 of 3 records"
	# the unit filter (f) applies too
	keys f
	wait_for "Filter by unit"
	text 市税务局
	wait_for "> 市税务局"
	keys Enter
	wait_for "1 of 3 records · unit: 市税务局"
	keys Escape
	wait_for "3 of 3 records"
	# dates: the records are from today; a range that ends yesterday has none
	keys F 4
	text 2000-01-01
	keys Enter
	wait_for "0 of 3 records"
	wait_for "No record matches the filters"
	keys F 4
	keys C-u
	text "not a date"
	keys Enter
	wait_for "“not a date” is not a date; write it as YYYY-MM-DD"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_history_enter_opens_the_measure() {
	cli_set_as li 5 市经信局 delayed 第二条
	start C.UTF-8 100 30
	keys Tab Tab Tab
	wait_for "1 of 1 record"
	keys Enter
	wait_for "Measure 5 ·"
	wait_re "^>.*市经信局"
	keys Escape
	wait_for "[History]"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_read_only_starts_on_the_history() {
	cli_set_as li 5 市经信局 delayed 第二条
	start C.UTF-8 100 30 --read-only
	wait_for "READ-ONLY"
	wait_for "[History]"
	wait_for "1 of 1 record"
	keys Tab
	wait_for "[Measures]"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# ------------------------------------------------------------------ saved views

save_view() { # NAME: v, save the current view under NAME
	keys v
	wait_for "Saved views (Enter: load)"
	keys g Enter
	wait_for "Save this view as:"
	text "$1"
	keys Enter
	wait_for "View “$1” saved"
}

case_saved_view_keeps_filters_order_and_view() {
	export EXTRA_ENV="XDG_CONFIG_HOME=$TMPD/config"
	start C.UTF-8 100 30 --unit 市数据局
	wait_for "4 of 18 measures"
	keys o 2
	wait_for "order: due date ↑"
	keys Tab
	wait_for "[Matrix]"
	save_view "数据局 按期限"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ -f "$TMPD/config/fengong/views" ] || fail "no views file in \$XDG_CONFIG_HOME/fengong"
	grep -qP '^数据局 按期限\tview=matrix\tunit=市数据局\tsort=due$' "$TMPD/config/fengong/views" ||
		fail "views file: $(cat "$TMPD/config/fengong/views")"
	# --view opens it
	start C.UTF-8 100 30 --view "数据局 按期限"
	wait_for "[Matrix]"
	wait_for "unit: 市数据局 · order: due date ↑ · 4 of 18 measures"
	# v loads it again after the filters were cleared
	keys Escape
	wait_for "18 of 18 measures"
	keys Tab
	wait_for "[Units]"
	keys v
	wait_for "数据局 按期限"
	keys Enter
	wait_for "View “数据局 按期限” loaded."
	wait_for "[Matrix]"
	wait_for "unit: 市数据局 · order: due date ↑ · 4 of 18 measures"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_saved_view_can_be_deleted() {
	export EXTRA_ENV="XDG_CONFIG_HOME=$TMPD/config"
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys '!'
	wait_for "overdue ·"
	save_view 逾期
	keys Escape
	save_view 全部
	keys v
	wait_for "Delete a saved view…"
	keys g j Enter
	wait_for "Delete which saved view?"
	keys Enter
	wait_for "Saved view “逾期” deleted."
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	grep -q '^逾期' "$TMPD/config/fengong/views" && fail "the deleted view is still in the file"
	grep -qP '^全部\tview=measures$' "$TMPD/config/fengong/views" || fail "the other view was lost: $(cat "$TMPD/config/fengong/views")"
	return 0
}

case_view_option_names_an_unknown_view() {
	export EXTRA_ENV="XDG_CONFIG_HOME=$TMPD/config"
	start C.UTF-8 100 30 --view 没有这个
	[ "$(wait_exit)" = 1 ] || fail "exit status not 1"
	wait_for "no saved view is called “没有这个”"
	# and it is for the terminal interface only
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" --view x list >/dev/null 2>&1
	[ $? = 2 ] || fail "--view with a command is not a usage error"
}

# ------------------------------------------------------------------ matrix columns

case_matrix_says_how_many_unit_columns_are_off_screen() {
	start C.UTF-8 80 24
	wait_for "18 of 18 measures"
	keys Tab
	# 29 units, 28 columns: 各区人民政府's heading stands over its members'
	wait_for "Column 1/28: 市科技局"
	wait_re "more units: ◀0 ▶[1-9][0-9]*"
	right=$(screen | grep -oE "▶[0-9]+" | head -1 | tr -d '▶')
	for _ in $(seq 1 30); do keys l; done
	wait_for "Column 28/28:"
	wait_re "more units: ◀$right ▶0"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_matrix_hides_columns_without_a_shown_row() {
	start C.UTF-8 100 30 --unit 市税务局
	wait_for "1 of 18 measures"
	keys Tab
	n=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" list --format tsv | awk -F'\t' '$1 == 3' | wc -l)
	# 28 columns in all: 各区人民政府's heading stands over its members'
	wait_re "Column [0-9]+/$n \($((28 - n)) units without a shown row hidden\): 市税务局"
	keys Escape
	wait_for "Column 11/28: 市税务局"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

case_matrix_focused_column_grows_to_the_whole_unit_name() {
	start C.UTF-8 80 24
	wait_for "18 of 18 measures"
	keys Tab
	wait_for "Column 1/28"
	k=0
	until screen | grep -qF "Column 18/28: 市自然资源和城乡建设局"; do
		keys l
		k=$((k + 1))
		[ $k -le 30 ] || fail "never reached the 14th column"
		sleep 0.05
	done
	# the header holds 4 rows: the name goes down them three characters a row
	wait_for "自然资"
	header=$(screen | sed -n '3,7p' | grep -oE "自然资|源和城|乡建设|局 *$" | head -3 | tr -d '\n')
	[ "$header" = "自然资源和城乡建设" ] || fail "the focused column does not show the whole name: $header"
	# another column back to its width: the name is cut again
	keys l
	wait_for "Column 19/28"
	screen | grep -qF "自然资" && fail "the column stayed wide after the cursor left it"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# ------------------------------------------------------------------ help

# every key this work added is on the help screen, with its help text as the
# action table (src/tui/actions.h) gives it
case_help_lists_every_new_key() {
	local actions ids id line text k
	actions=$(dirname "$0")/../../src/tui/actions.h
	[ -f "$actions" ] || fail "no $actions"
	ids="FILTER_OVERDUE JUMP SORT FILTER_RECORDS VIEWS MARK MARK_ALL FILTER_PENDING EXTEND"
	start C.UTF-8 160 40
	wait_for "18 of 18 measures"
	keys '?'
	wait_for "fengong help"
	for id in $ids; do
		line=$(grep -E "^[[:space:]]*X\($id," "$actions") || fail "no action $id in actions.h"
		text=$(echo "$line" | sed -E 's/.*N_\("([^"]*)"\).*/\1/' | cut -c1-40)
		k=0
		until screen | grep -qF -- "$text"; do
			keys j
			k=$((k + 1))
			[ $k -le 120 ] || fail "the help does not list $id: $text"
			sleep 0.05
		done
	done
	keys Escape
	wait_gone "fengong help"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	if have_locale zh_CN.UTF-8; then
		start zh_CN.UTF-8 160 40
		keys '?'
		wait_for "fengong 帮助"
		k=0
		until screen | grep -qF -- "标记所有可见任务"; do
			keys j
			k=$((k + 1))
			[ $k -le 120 ] || fail "the Chinese help does not list the * key"
			sleep 0.05
		done
		keys Escape q
		[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	fi
}

# A plan that requires signing (issue 14), and no key: the save is
# refused, the edits kept, the file untouched.
case_signing_refused() {
	ssh-keygen -q -t ed25519 -N '' -f "$TMPD/coord" || fail "ssh-keygen"
	env GIT_CONFIG_GLOBAL=/dev/null "$FG" -f "$P" signers add wang --role coordinator --key "$TMPD/coord.pub" >/dev/null &&
		env GIT_CONFIG_GLOBAL=/dev/null "$FG" -f "$P" --key "$TMPD/coord" signers require >/dev/null ||
		fail "making the plan a signed one"
	cp "$P" "$TMPD/signed.yaml"
	start C.UTF-8 100 30
	set_tax_bureau "未签名的修改"
	keys w
	wait_joined "this plan requires signed records"
	keys q
	wait_for "Save before quitting?"
	keys n
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/signed.yaml" || fail "the interface wrote unsigned records to a plan that requires signing"
}

# The coordinator sees the review queue (issue 15): a liaison's done under
# review: required and an extension request each await a decision; a
# liaison does not see the count, and it goes once the coordinator decides.
case_review_queue() {
	sed -i 's/^  date: 2024-11-07$/  date: 2024-11-07\n  review: required/' "$P"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=ts "$FG" -f "$P" --as 市税务局 set 3 市税务局 done >/dev/null ||
		fail "the submission was refused"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=cz "$FG" -f "$P" --as 市财政局 extend 9 市财政局 --to 2026-06-30 \
		--note 推迟 >/dev/null || fail "the request was refused"
	start C.UTF-8 120 30
	wait_for "2 await review (R shows them, a approves, x returns)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	start C.UTF-8 120 30 --as 市税务局
	wait_for "liaison of 市税务局"
	screen | grep -qF "await review" && fail "a liaison sees the coordinator's queue"
	keys q
	wait_exit >/dev/null
	# the coordinator approves the submission with a (liaisons cannot)
	start C.UTF-8 120 30 --as 市税务局
	wait_for "1 of 18 measures"
	keys a
	wait_for "Only a coordinator approves or returns"
	keys q
	wait_exit >/dev/null
	start C.UTF-8 120 30 --unit 市税务局
	wait_for "1 of 18 measures"
	keys a
	wait_for "(三) 市税务局: ✓ done. Press w to save."
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "done")}' || fail "not done after approval: $(tsv_row 市税务局 3)"
	tail -12 "$P" | grep -qx '    kind: approve' || fail "no approve record at the end of the history"
	start zh_CN.UTF-8 120 30
	wait_for "1 项待审核(R 筛选,a 通过,x 退回)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# Under a monthly cycle the status bar counts the work not reported this
# period (FENGONG_TODAY=2026-11-26: 2026-11) and M shows only those measures.
case_unreported() {
	sed -i 's/^  date: 2024-11-07$/  date: 2024-11-07\n  reporting:\n    every: month\n    due_day: 25/' "$P"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=cz FENGONG_TODAY=2026-11-26 "$FG" -f "$P" --as 市财政局 \
		progress 9 市财政局 --progress 已申请资金 >/dev/null || fail "the report was refused"
	start C.UTF-8 140 30 --unit 市财政局
	wait_for "2 not reported for 2026-11 (M shows them)"
	wait_for "3 of 18 measures"
	keys M
	wait_for "not reported for 2026-11 · 2 of 18 measures"
	expect_rows_exactly "(三)" "(十一)"
	keys M
	wait_for "3 of 18 measures"
	# p writes the selected assignment's report: progress, problems, next steps
	keys g
	wait_re "^>.*\(三\)"
	keys p
	wait_for "Progress ((三) 市财政局, 2026-11):"
	text "已拨付"
	keys Enter
	wait_for "Problems ((三) 市财政局, 2026-11):"
	text "缺配套"
	keys Enter
	wait_for "Next steps ((三) 市财政局, 2026-11):"
	keys Enter
	wait_for "Percent 0-100 or empty ((三) 市财政局, 2026-11):"
	keys Enter
	wait_for "(三) 市财政局: report for 2026-11 written. Press w to save."
	keys w
	wait_for "1 not reported for 2026-11 (M shows them)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	tail -12 "$P" | grep -qx '    problems: 缺配套' || fail "the report is not at the end of the history"
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" check >/dev/null || fail "the file does not verify"
	start zh_CN.UTF-8 140 30 --as 市财政局
	wait_for "1 项 2026-11 未报送(按 M 查看)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/orig.yaml" && fail "the plan was not prepared"
	true
}

# Under a reporting cycle the units view has a column of each unit's work
# not reported this period: the count `fengong missing` gives for the unit.
case_units_view_counts_work_not_reported_this_period() {
	sed -i 's/^  date: 2024-11-07$/  date: 2024-11-07\n  reporting:\n    every: month\n    due_day: 25/' "$P"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=cz FENGONG_TODAY=2026-11-26 "$FG" -f "$P" --as 市财政局 \
		progress 9 市财政局 --progress 已申请资金 >/dev/null || fail "the report was refused"
	local want
	want=$(env -u LC_ALL LANG=C.UTF-8 FENGONG_TODAY=2026-11-26 "$FG" -f "$P" missing --unit 市财政局 --format tsv | tail -n +2 | wc -l)
	[ "$want" -ge 1 ] || fail "市财政局 has nothing missing: the case proves nothing"
	start C.UTF-8 140 40
	wait_for "18 of 18 measures"
	keys Tab Tab
	wait_for "Unreported"
	wait_re "^  ?市财政局 +[0-9]+ +[0-9]+ +[-0-9]+ +$want "
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	# without a reporting cycle there is no such column
	cp "$TMPD/orig.yaml" "$P"
	start C.UTF-8 140 40
	wait_for "18 of 18 measures"
	keys Tab Tab
	wait_for "Overdue"
	screen | grep -qF "Unreported" && fail "a plan without a reporting cycle shows the column"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# --- r3-cycleviews ---
# Umbrella units in the matrix and the units view, and the per-row mark of
# work not reported this period (issue 15).

# members: the registered members of 各区人民政府, as `fengong units` names them
umbrella_members() {
	env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" units --format tsv | awk -F'\t' 'NR > 1 && $NF == "各区人民政府" {print $1}'
}

# cells LINE: the display cell where each member's first character sits on
# screen line LINE (one number a line, in the members' order)
member_cells() {
	local line=$1 m
	for m in $(umbrella_members); do
		screen | sed -n "${line}p" | "$DWIDTH" "${m:0:1}" | head -1
	done
}

# The umbrella's heading (its own screen row above the vertical names)
# spans its members' columns: it starts over the first member, the
# members' columns follow one another under it, and the umbrella has no
# column of its own.
check_members_under_heading() { # CELL_W
	local cw=$1 x0 i=0 c
	[ "$(umbrella_members | wc -l)" = 5 ] || fail "the shipped plan's umbrella should have 5 members"
	x0=$(screen | sed -n 3p | "$DWIDTH" "各区人民政府")
	[ -n "$x0" ] || fail "no umbrella heading on the row above the unit names"
	for c in $(member_cells 4); do
		[ "$c" = $((x0 + i * cw)) ] || fail "member $((i + 1)) is at cell $c, not $((x0 + i * cw)) under the heading at $x0"
		i=$((i + 1))
	done
	[ $i = 5 ] || fail "only $i member columns on screen"
	screen | sed -n 4p | grep -qF "各" && fail "the umbrella has a column of its own besides its members'"
	true
}

case_matrix_shows_member_columns_under_umbrella() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab
	# 29 units, 28 columns: the umbrella's heading stands over its members'
	wait_for "Column 1/28: 市科技局"
	check_members_under_heading 3
	# a member's column says whose member it is; its cell is the member's own row
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=t "$FG" -f "$P" set 1 葛店经开区管委会 done >/dev/null
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab
	k=0
	until screen | grep -qF "Column 7/28: 葛店经开区管委会 (member of 各区人民政府; z folds) · (一)"; do
		keys l
		k=$((k + 1))
		[ $k -le 10 ] || fail "never reached 葛店经开区管委会's column"
		sleep 0.05
	done
	wait_for "co, ✓ done"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# z folds the members' columns into one column of the umbrella's roll-up
# (by the rule of a measure's: one blocked member makes it blocked), and
# unfolds them again.
case_matrix_collapses_umbrella() {
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=t "$FG" -f "$P" set 1 葛店经开区管委会 done >/dev/null
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=t "$FG" -f "$P" set 1 临空经济区管委会 blocked >/dev/null
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab
	wait_for "Column 1/28"
	for _ in 1 2 3 4 5 6; do keys l; done
	wait_for "Column 7/28: 葛店经开区管委会"
	keys z
	wait_for "Umbrellas folded: a roll-up column each (z unfolds)."
	# the cursor stays on the member's work: now the umbrella's column
	wait_for "Column 4/24: 各区人民政府 (its members' roll-up; z shows them) · (一)"
	wait_for "— co, ✗ bloc" # (the line ends at the screen's edge)
	screen | sed -n 3p | grep -qF "各区人民政府" && fail "the heading is still shown when folded"
	# (鄂 heads 鄂州职业大学 too: the members' other first characters)
	screen | sed -n 3,6p | grep -qE "华|梁|葛|临" && fail "a member's column is still shown when folded"
	# the roll-up cell: co, blocked
	[ "$(screen | grep -F "(一)" | tail -1 | grep -oE "[●○][^ ]*" | sed -n 4p)" = "○✗" ] ||
		fail "the roll-up cell of (一) is not ○✗: $(screen | grep -F "(一)" | tail -1)"
	# Space on it marks the members' rows, and only those
	keys Space
	wait_joined "5 assignments marked"
	[ "$(screen | grep -F "(一)" | tail -1 | grep -oE "[●○*][^ ]*" | sed -n 4p)" = "*✗" ] ||
		fail "the roll-up cell does not show the mark: $(screen | grep -F "(一)" | tail -1)"
	keys k
	wait_for "Column 4/24: 各区人民政府 (its members' roll-up; z shows them) · (一)"
	keys Escape
	wait_joined "Marks cleared."
	keys z
	wait_for "Umbrellas unfolded: a column per member (z folds)."
	wait_for "Column 4/28: 鄂城区人民政府 (member of 各区人民政府; z folds)"
	keys h # (a focused column grows: off the members, they are all one width)
	wait_for "Column 3/28"
	check_members_under_heading 3
	# outside the matrix z says where it works
	keys Tab
	wait_for "Overdue"
	keys z
	wait_joined "z folds an umbrella unit's member columns in the matrix"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# At 80x24 and at 60x20 the members' columns are on the first screen under
# their heading, the header and grid fit the width, and folding works there.
members_fit() { # COLS LINES
	start C.UTF-8 "$1" "$2"
	wait_for "18 of 18 measures"
	keys Tab
	wait_for "Column 1/28"
	check_members_under_heading 3
	w=$(screen | sed 's/$/¶/' | "$DWIDTH" "¶" | sort -n | tail -1)
	[ "$w" -le "$1" ] || fail "a line is $w cells wide on a $1-cell screen"
	for _ in 1 2 3 4 5 6 7; do keys l; done
	wait_for "Column 8/28: 临空经济区管委会"
	check_members_under_heading 3 # the focused member's column grows; the next ones move
	keys z
	wait_for "Column 4/24: 各区人民政府"
	running || fail "crashed folding at $1x$2"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}
case_matrix_members_fit_80x24() { members_fit 80 24; }
case_matrix_members_fit_narrow() { members_fit 60 20; }

# The units view lists the umbrella with its members indented under it;
# its counts are their roll-up (as `fengong units` says).
case_units_view_indents_members_under_their_umbrella() {
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=t "$FG" -f "$P" set 2 鄂城区人民政府 blocked >/dev/null
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab Tab
	wait_for "Overdue"
	want=$(env -u LC_ALL LANG=C.UTF-8 "$FG" -f "$P" units --format tsv | awk -F'\t' '$1 == "各区人民政府" {print $8}')
	[ "$want" = 1 ] || fail "units does not roll up the blocked member: $want"
	# the umbrella at the unit column, its members two cells in
	wait_re "^  各区人民政府 +0 +15 "
	for m in $(umbrella_members); do
		screen | grep -qE "^    $m +0 +15 " || fail "$m is not indented under the umbrella"
	done
	# Enter: the umbrella's 催办 list holds its members' red rows, as `report` lists them
	n=$(env -u LC_ALL LANG=C.UTF-8 FENGONG_TODAY=2026-11-26 "$FG" -f "$P" report --unit 各区人民政府 --format tsv |
		awk 'b && NR > h + 1 {n++} /^$/ {b = 1; h = NR} END {print n + 0}')
	[ "$n" -ge 2 ] || fail "the members have too few red rows for the case to prove anything: $n"
	k=0
	until screen | grep -qE "^> +各区人民政府"; do
		keys j
		k=$((k + 1))
		[ $k -le 10 ] || fail "never reached the umbrella's row"
		sleep 0.05
	done
	keys Enter
	wait_for "Chase list of 各区人民政府: $n rows to chase"
	wait_for "(二) 推进关键核心技术攻关 · 鄂城区人民政府 blocked"
	keys Escape
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# Under a reporting cycle each row of work not reported this period carries
# ~: in the measures list (for the rows the viewer answers for), in the
# measure's assignment list and in the matrix cell (a third glyph); the
# help's legend says so.  A plan without a cycle shows no ~.
case_rows_not_reported_are_marked() {
	sed -i 's/^  date: 2024-11-07$/  date: 2024-11-07\n  reporting:\n    every: month\n    due_day: 25/' "$P"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=kj FENGONG_TODAY=2026-11-26 "$FG" -f "$P" --as 市科技局 \
		progress 1 市科技局 --progress 已建平台 >/dev/null || fail "the report was refused"
	start C.UTF-8 100 30 --unit 市科技局
	wait_for "9 of 18 measures"
	row_of "(一)" | grep -qE '^.{3}~' && fail "(一) is marked though 市科技局 reported it: $(row_of "(一)")"
	row_of "(二)" | grep -qE '^.{3}~ *\(二\)' || fail "(二) is not marked: $(row_of "(二)")"
	# the assignment list of (一): 市科技局 reported, 市发改委 not
	keys g Enter
	wait_for "Measure 1 ·"
	screen | grep -E "[●○] 市科技局 " | grep -qF "~" && fail "市科技局's reported row is marked"
	screen | grep -E "~[●○] 市发改委 " >/dev/null || fail "市发改委's row is not marked: $(screen | grep -F 市发改委)"
	keys Escape
	wait_for "9 of 18 measures"
	keys Tab
	wait_for "Column 1/"
	[ "$(screen | grep -F "(一)" | tail -1 | grep -oE "[●○][^ ]*" | head -1)" = "●-" ] ||
		fail "the reported cell is marked: $(screen | grep -F "(一)" | tail -1)"
	[ "$(screen | grep -F "(二)" | tail -1 | grep -oE "[●○][^ ]*" | head -1)" = "●-~" ] ||
		fail "the unreported cell is not marked: $(screen | grep -F "(二)" | tail -1)"
	# the legend
	keys '?'
	wait_for "fengong help"
	keys G
	wait_for "Not reported this period yet (M shows only those)"
	keys Escape
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	# no cycle, no mark
	cp "$TMPD/orig.yaml" "$P"
	start C.UTF-8 100 30 --unit 市科技局
	wait_for "9 of 18 measures"
	keys Tab
	wait_for "Column 1/"
	screen | grep -F "(二)" | grep -qF "~" && fail "a plan without a reporting cycle marks cells"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# --- r3-tuisign ---
# The terminal interface signs (issue 14) and its recovery file keeps
# reports and decisions (issue 15).  Keys are made here with ssh-keygen;
# git's configuration and $FENGONG_SIGNING_KEY are kept out of the way, so
# the key is the one each case gives.

NOKEY_ENV="GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 FENGONG_SIGNING_KEY="

# fengong on the plan, outside the terminal, without any ambient key
fg_cli() {
	env -u LC_ALL -u FENGONG_SIGNING_KEY LANG=C.UTF-8 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
		FENGONG_TODAY=2026-11-26 "$FG" -f "$P" "$@"
}

# A plan that requires signing: wang the coordinator, li the liaison of
# 市税务局, zhao the liaison of 市财政局, each with an ed25519 key in $TMPD.
signed_plan() {
	local k
	for k in wang li zhao; do
		ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$TMPD/$k" || fail "ssh-keygen $k"
	done
	fg_cli signers add wang --role coordinator --key "$TMPD/wang.pub" >/dev/null &&
		fg_cli --key "$TMPD/wang" signers add li --role liaison --unit 市税务局 --key "$TMPD/li.pub" >/dev/null &&
		fg_cli --key "$TMPD/wang" signers add zhao --role liaison --unit 市财政局 --key "$TMPD/zhao.pub" >/dev/null &&
		fg_cli --key "$TMPD/wang" signers require >/dev/null || fail "making the plan a signed one"
	cp "$P" "$TMPD/signed.yaml"
}

fingerprint() { ssh-keygen -l -f "$1" | awk '{print $2}'; }

# check verifies every record, none unsigned; prints check's output on failure
check_all_signed() {
	local out
	out=$(fg_cli check 2>&1) || fail "check does not pass: $out"
	echo "$out" | grep -qE "signatures: [0-9]+ verified, 0 unsigned, 0 with problems \(signing required\)" ||
		fail "not every record verified: $out"
}

# the last record of the history (the lines after the last "  - at:")
last_record() { awk '/^history:/{h=1} h && /^  - at:/{r=""} h{r=r $0 "\n"} END{printf "%s", r}' "$P"; }

with_review() { sed -i 's/^  date: 2024-11-07$/  date: 2024-11-07\n  review: required/' "$P"; }
with_cycle() { sed -i 's/^  date: 2024-11-07$/  date: 2024-11-07\n  reporting:\n    every: month\n    due_day: 25/' "$P"; }

# the status of (三) 市税务局 set with s 2 in the detail view, with a note
sign_edit_tax_bureau() {
	local note=$1
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "(三) 市税务局: > in progress"
	keys e
	wait_for "Note ((三) 市税务局):"
	text "$note"
	wait_for "): $note"
	keys Enter
	wait_gone "Note ((三) 市税务局):"
	wait_for "[+] 2 unsaved edits"
}

case_tui_signs_a_status_change_with_the_liaisons_key() {
	signed_plan
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li"
	# the person and unit come from the key: no --as, no $FENGONG_USER
	wait_for "liaison of 市税务局 · signs as li"
	sign_edit_tax_bureau "已签名的进展"
	keys w
	wait_for "Saved 2 edits"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "in_progress" && $8 == "li" && $9 == "已签名的进展")}' ||
		fail "the edit is not saved as li's: $(tsv_row 市税务局 3)"
	last_record | grep -qx "    key: $(fingerprint "$TMPD/li.pub")" || fail "the record is not signed with li's key: $(last_record)"
	last_record | grep -q '^    sig: ' || fail "the record carries no signature"
	check_all_signed
	# log shows each new record with its signer, verified
	[ "$(fg_cli log --unit 市税务局 --format tsv | tail -n +2 | awk -F'\t' '$2 == "li" && $3 == "市税务局" && $9 == "verified"' | wc -l)" = 2 ] ||
		fail "log does not show li's two records verified: $(fg_cli log --unit 市税务局 --format tsv)"
}

case_tui_refuses_another_units_row_on_a_signed_plan() {
	signed_plan
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li"
	wait_for "liaison of 市税务局 · signs as li"
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "[+] 1 unsaved edit"
	# 市财政局's row of the same measure, in the detail view
	keys Enter
	wait_for "Assignments (s: set status"
	until screen | grep -qE '^>.*市财政局'; do
		keys j
		sleep 0.1
		screen | grep -qE '^>.*梁子湖区' && fail "the cursor did not reach 市财政局's row"
	done
	keys s
	wait_joined "This is 市财政局's assignment: your key (li, $(fingerprint "$TMPD/li.pub")) speaks for 市税务局, so it cannot sign a change to this row. Your other edits are kept."
	screen | grep -qF "Status of 市财政局" && fail "the status menu opened for another unit's row"
	wait_for "[+] 1 unsaved edit"
	keys Escape w
	wait_for "Saved 1 edit"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	tsv_row 市财政局 3 | awk -F'\t' '{exit !($6 == "not_started")}' || fail "another unit's row changed: $(tsv_row 市财政局 3)"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "in_progress")}' || fail "the kept edit was not saved"
	check_all_signed
	# --as is a check: a unit the key does not speak for is refused at start
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li" --as 市财政局
	wait_joined "--as 市财政局: li's key speaks for 市税务局, not for 市财政局"
	wait_for "key refused: saving off"
	keys q
	wait_exit >/dev/null
}

case_tui_without_key_on_signed_plan_keeps_edits() {
	signed_plan
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30
	# said at start, in the message line and in the status bar
	wait_joined "This plan requires signed records and no signing key was given: your edits cannot be saved. Start fengong with --key FILE"
	wait_for "coordinator · no key: saving off"
	set_tax_bureau "无密钥时的修改"
	keys w
	wait_joined "Not saved: this plan requires signed records and no signing key was given. Your edits are kept; they are also in $P.recover"
	wait_for "[+] 2 unsaved edits"
	cmp -s "$P" "$TMPD/signed.yaml" || fail "unsigned records were written to a plan that requires signing"
	grep -qP '^3\t市税务局\tin_progress\t无密钥时的修改\t[0-9]+\ttester\t$' "$P.recover" ||
		fail "the edits are not kept in the recovery file: $(cat "$P.recover")"
	keys q
	wait_joined "A copy is kept in $P.recover for a start with a signing key."
	wait_for "Save before quitting?"
	keys n
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/signed.yaml" || fail "quitting wrote to the plan"
	[ -f "$P.recover" ] || fail "quitting removed the kept copy"
	# the same person starts again with a key: the edits are re-applied and signed
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li"
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ -f "$P.recover" ] && fail "the recovery file is still there after saving: $(cat "$P.recover")"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "in_progress" && $8 == "li" && $9 == "无密钥时的修改")}' ||
		fail "the kept edit was not saved, signed by li: $(tsv_row 市税务局 3)"
	check_all_signed
	# in Chinese too
	if have_locale zh_CN.UTF-8; then
		EXTRA_ENV=$NOKEY_ENV start zh_CN.UTF-8 120 30
		wait_joined "本方案要求记录签名,但未给出签名密钥:您的修改无法保存。请用 --key 文件 启动 fengong"
		wait_for "无密钥:不能保存"
		keys q
		[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	fi
}

# p: a progress report; the process is stopped before it is saved
report_then_stop() {
	wait_for "3 of 18 measures"
	wait_re "^>.*\(三\)"
	keys p
	wait_for "Progress ((三) 市财政局, 2026-11):"
	text '已拨付\一期'
	keys Enter
	wait_for "Problems ((三) 市财政局, 2026-11):"
	text "缺配套资金"
	keys Enter
	wait_for "Next steps ((三) 市财政局, 2026-11):"
	text "下月到位"
	keys Enter
	wait_for "Percent 0-100 or empty ((三) 市财政局, 2026-11):"
	keys Enter
	wait_for "(三) 市财政局: report for 2026-11 written. Press w to save."
	kill -TERM "$(cat "$TMPD/pid")"
	[ "$(wait_exit)" = 143 ] || fail "exit status not 143"
}

case_recovery_keeps_a_progress_report() {
	with_cycle
	cp "$P" "$TMPD/before.yaml"
	start C.UTF-8 140 30 --as 市财政局
	report_then_stop
	cmp -s "$P" "$TMPD/before.yaml" || fail "the plan was written on TERM"
	grep -qP '^@report\t3\t市财政局\t[0-9]+\ttester\t市财政局\tperiod=2026-11\tprogress=已拨付\\\\一期\tproblems=缺配套资金\tnext=下月到位$' "$P.recover" ||
		fail "the report is not in the recovery file: $(cat "$P.recover")"
	start C.UTF-8 140 30 --as 市财政局
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	[ -f "$P.recover" ] && fail "the recovery file is still there after saving"
	last_record | grep -qx '    kind: report' || fail "no report at the end of the history: $(last_record)"
	last_record | grep -qx '    period: 2026-11' || fail "the report lost its period: $(last_record)"
	last_record | grep -qF '    progress: 已拨付\一期' || fail "the progress is not kept exactly: $(last_record)"
	last_record | grep -qx '    problems: 缺配套资金' || fail "the problems are not kept exactly: $(last_record)"
	last_record | grep -qx '    next: 下月到位' || fail "the next steps are not kept: $(last_record)"
	last_record | grep -qx '    as: 市财政局' || fail "the report is not the liaison's: $(last_record)"
	fg_cli check >/dev/null || fail "the file does not verify"
	[ "$(fg_cli missing --period 2026-11 --unit 市财政局 --format tsv | awk -F'\t' '$1 == 3' | wc -l)" = 0 ] ||
		fail "the re-applied report does not count for 2026-11"
	# a percent the file gives is kept too
	printf '@report\t9\t市财政局\t1700000000\ttester\t市财政局\tperiod=2026-11\tprogress=过半\tpercent=40\n' >"$P.recover"
	start C.UTF-8 140 30 --as 市财政局
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    percent: 40' || fail "the percent was not kept: $(last_record)"
}

case_recovery_keeps_an_approval() {
	with_review
	fg_cli --as 市税务局 set 3 市税务局 done --note 已完成 >/dev/null || fail "the submission was refused"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "submitted")}' || fail "not submitted: $(tsv_row 市税务局 3)"
	cp "$P" "$TMPD/before.yaml"
	start C.UTF-8 120 30 --unit 市税务局
	wait_for "1 of 18 measures"
	keys a
	wait_for "(三) 市税务局: ✓ done. Press w to save."
	kill -TERM "$(cat "$TMPD/pid")"
	[ "$(wait_exit)" = 143 ] || fail "exit status not 143"
	cmp -s "$P" "$TMPD/before.yaml" || fail "the plan was written on TERM"
	grep -qP '^@approve\t3\t市税务局\t[0-9]+\ttester\t\tdecides=submission\tnote=已完成$' "$P.recover" ||
		fail "the approval is not in the recovery file: $(cat "$P.recover")"
	[ "$(grep -vc '^#' "$P.recover")" = 1 ] || fail "the approval is kept twice: $(cat "$P.recover")"
	# a liaison is not offered the coordinator's decision
	start C.UTF-8 120 30 --as 市税务局
	wait_joined "holds 1 unsaved edit made by tester; it stays there"
	keys q
	wait_exit >/dev/null
	start C.UTF-8 120 30
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "done")}' || fail "not done after the re-applied approval"
	last_record | grep -qx '    kind: approve' || fail "no approve record at the end: $(last_record)"
	[ "$(grep -c '^    kind: approve' "$P")" = 1 ] || fail "more than one approve record"
	fg_cli check >/dev/null || fail "the file does not verify"
	# a liaison's extension request is kept the same way (written by hand
	# here: the interface has no key for it), a bad one stays in the file
	printf '@extend\t9\t市财政局\t1700000000\ttester\t市财政局\tdue=2026-06-30\tnote=推迟\n' >"$P.recover"
	printf '@extend\t11\t市财政局\t1700000000\ttester\t市财政局\tdue=2026-02-30\tnote=推迟\n' >>"$P.recover"
	start C.UTF-8 120 30 --as 市财政局
	wait_joined "holds 2 unsaved edits"
	keys y
	wait_joined "Re-applied 1 of 2 edits; the others failed (an extension request needs a date (YYYY-MM-DD) and a reason; this one asks for “2026-02-30”)"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    kind: extend' || fail "no extend record at the end: $(last_record)"
	last_record | grep -qx '    due: 2026-06-30' || fail "the request lost its date: $(last_record)"
	grep -qP '^@extend\t11\t' "$P.recover" || fail "the bad request was dropped from the recovery file"
	rm -f "$P.recover"
	# a return (here of that extension request) is kept the same way
	start C.UTF-8 120 30 --unit 市财政局
	wait_for "of 18 measures"
	keys :
	text 9
	keys Enter
	wait_re "^>.*\(九\)"
	keys x
	wait_for "Reason for returning"
	text 理由不足
	keys Enter
	wait_for "extension refused. Press w to save."
	kill -TERM "$(cat "$TMPD/pid")"
	[ "$(wait_exit)" = 143 ] || fail "exit status not 143"
	grep -qP '^@return\t9\t市财政局\t[0-9]+\ttester\t\tdecides=extension\tnote=理由不足$' "$P.recover" ||
		fail "the return is not in the recovery file: $(cat "$P.recover")"
	start C.UTF-8 120 30
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    kind: return' || fail "no return record at the end: $(last_record)"
	last_record | grep -qx '    note: 理由不足' || fail "the return lost its reason: $(last_record)"
}

case_recovery_on_signed_plan_signs_reapplied_edits() {
	signed_plan
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li"
	wait_for "liaison of 市税务局 · signs as li"
	sign_edit_tax_bureau "中断前的修改"
	kill -TERM "$(cat "$TMPD/pid")"
	[ "$(wait_exit)" = 143 ] || fail "exit status not 143"
	cmp -s "$P" "$TMPD/signed.yaml" || fail "the plan was written on TERM"
	grep -qP '^3\t市税务局\tin_progress\t中断前的修改\t[0-9]+\tli\t市税务局$' "$P.recover" ||
		fail "recovery file content: $(cat "$P.recover")"
	# li's lines that li's key does not allow: another unit's row, a coordinator's decision
	printf '9\t市财政局\tdone\t越权\t1700000000\tli\t市税务局\n' >>"$P.recover"
	printf '@approve\t3\t市税务局\t1700000000\tli\t\tdecides=submission\n' >>"$P.recover"
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li"
	wait_joined "holds 3 unsaved edits from a session"
	keys y
	wait_joined "Re-applied 1 of 3 edits; the others failed (only a coordinator (without --as) approves or returns"
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "in_progress" && $8 == "li" && $9 == "中断前的修改")}' ||
		fail "the re-applied edit is not saved as li's: $(tsv_row 市税务局 3)"
	tsv_row 市财政局 9 | awk -F'\t' '{exit !($6 == "not_started")}' || fail "another unit's row was changed"
	last_record | grep -qx "    key: $(fingerprint "$TMPD/li.pub")" || fail "the re-applied edit is not signed by li: $(last_record)"
	check_all_signed
	# the refused lines stay in the file, for someone whose key allows them
	grep -qP '^9\t市财政局\tdone\t越权\t' "$P.recover" || fail "the refused row edit was dropped: $(cat "$P.recover")"
	grep -qP '^@approve\t3\t市税务局\t' "$P.recover" || fail "the refused approval was dropped: $(cat "$P.recover")"
	grep -qP '^3\t市税务局\t' "$P.recover" && fail "the saved edit is still in the recovery file"
	true
}

# A key with a passphrase: the screen steps aside while ssh-keygen asks
# for it, and comes back; a wrong one refuses the save and keeps the edits.
case_tui_asks_for_the_keys_passphrase_outside_the_screen() {
	signed_plan
	ssh-keygen -q -t ed25519 -N 'geheim 口令' -C liu -f "$TMPD/liu" || fail "ssh-keygen liu"
	fg_cli --key "$TMPD/wang" signers add liu --role liaison --unit 市税务局 --key "$TMPD/liu.pub" >/dev/null ||
		fail "adding liu"
	cp "$P" "$TMPD/with_liu.yaml"
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/liu"
	wait_for "liaison of 市税务局 · signs as liu"
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_for "Enter passphrase"
	wait_joined "ssh-keygen asks for its passphrase"
	text "wrong"
	keys Enter
	wait_joined "incorrect passphrase"
	wait_for "[+] 1 unsaved edit"
	cmp -s "$P" "$TMPD/with_liu.yaml" || fail "a save without a signature wrote to the plan"
	keys Escape w
	# the normal screen still shows the first prompt: wait for the second
	local i=0
	until [ "$(screen | grep -c "Enter passphrase")" -ge 2 ]; do
		sleep 0.1
		i=$((i + 1))
		[ $i -le $((TIMEOUT * 10)) ] || fail "ssh-keygen did not ask again"
	done
	text "geheim 口令"
	keys Enter
	wait_for "Saved 1 edit"
	wait_for "liaison of 市税务局 · signs as liu"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx "    key: $(fingerprint "$TMPD/liu.pub")" || fail "the record is not signed with liu's key: $(last_record)"
	check_all_signed
}

# With a key, still nothing is appended to a history that does not verify:
# a hand-edited record makes the save refuse, the edits kept.
case_tui_with_key_refuses_to_append_to_a_history_that_does_not_verify() {
	signed_plan
	perl -0pi -e 's/(\nhistory:\n  - at: )[^\n]*/${1}2020-01-01T00:00:00+08:00/' "$P" || fail "tampering"
	cp "$P" "$TMPD/tampered.yaml"
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li"
	wait_for "liaison of 市税务局 · signs as li"
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_joined "Not saved: the history does not verify"
	wait_for "[+] 1 unsaved edit"
	cmp -s "$P" "$TMPD/tampered.yaml" || fail "a record was appended to a history that does not verify"
	keys Escape q
	wait_for "Save before quitting?"
	keys n
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# A coordinator's key signs the coordinator's decisions: a liaison's
# signed submission approved with a in the interface, signed by wang.
case_tui_signs_an_approval_with_the_coordinators_key() {
	with_review
	signed_plan
	fg_cli --key "$TMPD/li" set 3 市税务局 done --note 已完成 >/dev/null || fail "li's signed submission was refused"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "submitted")}' || fail "not submitted: $(tsv_row 市税务局 3)"
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/wang" --unit 市税务局
	wait_for "coordinator · signs as wang"
	wait_for "1 awaits review"
	keys a
	wait_for "(三) 市税务局: ✓ done. Press w to save."
	keys w
	wait_for "Saved 1 edit"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    kind: approve' || fail "no approve record at the end: $(last_record)"
	last_record | grep -qx '    by: wang' || fail "the approval is not wang's: $(last_record)"
	last_record | grep -qx "    key: $(fingerprint "$TMPD/wang.pub")" || fail "not signed with wang's key: $(last_record)"
	check_all_signed
	# li's key cannot: a liaison does not approve
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/li"
	wait_for "liaison of 市税务局 · signs as li"
	keys a
	wait_for "Only a coordinator approves or returns"
	keys q
	wait_exit >/dev/null
}

# A public key whose private half is in ssh-agent (what git's
# user.signingkey often names): the interface signs through the agent,
# with no passphrase asked and no private key file at hand.
case_tui_signs_through_ssh_agent_with_a_public_key() {
	signed_plan
	local agent_pid
	eval "$(ssh-agent -s -a "$TMPD/agent.sock")" >/dev/null || fail "ssh-agent did not start"
	agent_pid=$SSH_AGENT_PID
	trap 'kill "$agent_pid" 2>/dev/null; cleanup' EXIT
	SSH_AUTH_SOCK="$TMPD/agent.sock" ssh-add -q "$TMPD/li" 2>/dev/null || fail "ssh-add"
	mv "$TMPD/li" "$TMPD/li.away"
	EXTRA_ENV="$NOKEY_ENV SSH_AUTH_SOCK=$TMPD/agent.sock" start C.UTF-8 120 30 --key "$TMPD/li.pub"
	wait_for "liaison of 市税务局 · signs as li"
	wait_for "1 of 18 measures"
	keys s
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "[+] 1 unsaved edit"
	keys w
	wait_for "Saved 1 edit"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	grep -qF "passphrase" "$TMPD/stderr" && fail "a passphrase was asked"
	last_record | grep -qx "    key: $(fingerprint "$TMPD/li.pub")" || fail "not signed with li's key: $(last_record)"
	check_all_signed
	kill "$agent_pid"
}

# R (issue 15): only the work awaiting the coordinator, a submission
# (待销号) or an extension request; a report or an in-progress row is not.
case_review_filter_shows_only_work_awaiting_the_coordinator() {
	with_review
	with_cycle
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=ts FENGONG_TODAY=2026-11-26 "$FG" -f "$P" --as 市税务局 \
		set 3 市税务局 done >/dev/null || fail "the submission was refused"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=cz FENGONG_TODAY=2026-11-26 "$FG" -f "$P" --as 市财政局 \
		extend 9 市财政局 --to 2026-06-30 --note 推迟 >/dev/null || fail "the request was refused"
	env -u LC_ALL LANG=C.UTF-8 FENGONG_USER=cz FENGONG_TODAY=2026-11-26 "$FG" -f "$P" --as 市财政局 \
		set 11 市财政局 in_progress --note 已启动 >/dev/null || fail "the report was refused"
	tsv_row 市税务局 3 | awk -F'\t' '{exit !($6 == "submitted")}' || fail "not submitted: $(tsv_row 市税务局 3)"
	start C.UTF-8 150 30
	wait_for "2 await review (R shows them, a approves, x returns)"
	wait_for "18 of 18 measures"
	keys R
	wait_for "Showing only work awaiting the coordinator: submissions (待销号) and extension requests."
	wait_re "^ *awaiting review · .* · 2 of 18 measures"
	expect_rows_exactly "(三)" "(九)"
	keys R
	wait_for "Showing all measures again."
	wait_for "2 await review (R shows them, a approves, x returns)"
	wait_for "18 of 18 measures"
	# Esc clears it with the other filters
	keys R
	wait_for "2 of 18 measures"
	keys Escape
	wait_for "18 of 18 measures"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	if have_locale zh_CN.UTF-8; then
		start zh_CN.UTF-8 150 30
		wait_for "2 项待审核(R 筛选,a 通过,x 退回)"
		keys R
		wait_for "待审核 · "
		expect_rows_exactly "(三)" "(九)"
		keys q
		[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	fi
}

# An auditor's key opens the plan read-only, as --read-only does; the CLI
# refuses a write with it.
case_auditors_key_opens_read_only() {
	signed_plan
	ssh-keygen -q -t ed25519 -N '' -C aud -f "$TMPD/aud" || fail "ssh-keygen aud"
	fg_cli --key "$TMPD/wang" signers add aud --role auditor --key "$TMPD/aud.pub" >/dev/null || fail "signers add aud"
	cp "$P" "$TMPD/before.yaml"
	EXTRA_ENV=$NOKEY_ENV start C.UTF-8 120 30 --key "$TMPD/aud"
	wait_joined "The key is aud's, an auditor's: the plan is open read-only (nothing can be changed or saved)."
	wait_for "READ-ONLY (auditor): no edits, no saving"
	wait_for "[History]" # where the auditor starts, as with --read-only
	screen | grep -qF "saving off" && fail "the status bar reads like a coordinator's session: $(screen | tail -2)"
	keys Tab
	wait_for "[Measures]"
	wait_for "18 of 18 measures"
	keys s
	wait_joined "Read-only mode: an auditor's key changes nothing; editing and saving are off."
	screen | grep -qF "Status of" && fail "the status menu opened"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/before.yaml" || fail "an auditor's session changed the plan"
	# the CLI: a write with the auditor's key is refused, exit 1, nothing written
	local rc
	fg_cli --key "$TMPD/aud" set 3 市税务局 in_progress >"$TMPD/out" 2>&1
	rc=$?
	[ $rc = 1 ] || fail "set with an auditor's key: exit $rc, not 1: $(cat "$TMPD/out")"
	grep -qF "aud is an auditor: an auditor's key signs nothing; nothing was changed" "$TMPD/out" ||
		fail "no reason given: $(cat "$TMPD/out")"
	cmp -s "$P" "$TMPD/before.yaml" || fail "set with an auditor's key changed the plan"
}

# A message quoting a long Chinese unit name is cut between characters: the
# screen shows no broken character (U+FFFD, or a byte shown as \xNN)
case_long_unit_name_in_a_refusal_is_cut_between_characters() {
	local long="市税务局$(printf '长%.0s' $(seq 100))" # 312 bytes: longer than the room for a refused row's name
	sed "s/市税务局/$long/g" "$PLAN" >"$TMPD/long.yaml"
	PLAN=$TMPD/long.yaml make_conflict
	start C.UTF-8 100 40
	wait_for "1 merge conflict"
	keys j j
	wait_re "^>.*\(三\)"
	keys Space
	wait_re "· [0-9]+ marked"
	keys s
	wait_for "Status of the"
	keys 5
	wait_joined "1 refused: (三) 市税务局长长长"
	wait_joined "长… (it has an open merge conflict"
	screen | grep -qE '\\x[0-9A-Fa-f]{2}' && fail "a byte of a cut character is shown escaped"
	screen | grep -qF $'\xef\xbf\xbd' && fail "a replacement character (U+FFFD) is shown"
	keys q
	wait_for "Save before quitting?"
	keys n
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# A saved view keeps the matrix's fold (z): loaded, the umbrellas are
# folded again; a view saved unfolded, or by an older fengong (no fold key),
# loads unfolded
case_saved_view_keeps_the_fold() {
	export EXTRA_ENV="XDG_CONFIG_HOME=$TMPD/config"
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab
	wait_for "Column 1/28"
	keys z
	wait_for "Umbrellas folded: a roll-up column each (z unfolds)."
	wait_for "Column 1/24"
	save_view 收起
	keys z
	wait_for "Umbrellas unfolded: a column per member (z folds)."
	save_view 展开
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	grep -qP '^收起\tview=matrix\tfold=yes$' "$TMPD/config/fengong/views" ||
		fail "views file: $(cat "$TMPD/config/fengong/views")"
	grep -qP '^展开\tview=matrix$' "$TMPD/config/fengong/views" ||
		fail "views file: $(cat "$TMPD/config/fengong/views")"
	printf '旧\tview=matrix\tsort=due\n' >>"$TMPD/config/fengong/views" # written before the fold was kept
	# --view opens it folded
	start C.UTF-8 100 30 --view 收起
	wait_for "[Matrix]"
	wait_for "Column 1/24"
	# v loads the unfolded one, then the folded one again
	keys v
	wait_for "Saved views (Enter: load)"
	keys j Enter # (the cursor starts on the first saved view)
	wait_for "View “展开” loaded."
	wait_for "Column 1/28"
	keys v
	wait_for "Saved views (Enter: load)"
	keys Enter
	wait_for "View “收起” loaded."
	wait_for "Column 1/24"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	# the older line still loads, unfolded
	start C.UTF-8 100 30 --view 旧
	wait_for "[Matrix]"
	wait_for "order: due date ↑"
	wait_for "Column 1/28"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
}

# s or e on a folded umbrella's roll-up cell asks which member's row: the
# menu offers that umbrella's members' rows of the measure, and no other
# unit's
case_rollup_cell_offers_only_its_members() {
	start C.UTF-8 100 30
	wait_for "18 of 18 measures"
	keys Tab
	wait_for "Column 1/28"
	keys z
	wait_for "Umbrellas folded: a roll-up column each (z unfolds)."
	for _ in 1 2 3; do keys l; done
	wait_for "Column 4/24: 各区人民政府 (its members' roll-up; z shows them) · (一)"
	local members others want
	# measure 1's rows, split by whether the unit is a member of 各区人民政府
	fg_cli units --format tsv | awk -F'\t' 'NR > 1 && $10 == "各区人民政府" { print $1 }' >"$TMPD/members"
	fg_cli list --format tsv | awk -F'\t' 'NR > 1 && $1 == 1 { print $4 }' >"$TMPD/rows1"
	members=$(grep -xFf "$TMPD/members" "$TMPD/rows1")
	others=$(grep -vxFf "$TMPD/members" "$TMPD/rows1")
	[ "$(echo "$members" | wc -l)" = 5 ] || fail "measure 1 should have 5 member rows of 各区人民政府: $members"
	[ -n "$others" ] || fail "measure 1 should have rows of other units"
	for key in s e; do
		keys $key
		wait_for "Which member of 各区人民政府 in (一)?"
		want=$(screen | grep -cE "│[> ][0-9]* +[●○]")
		[ "$want" = 5 ] || fail "$key: the menu has $want rows, not the 5 members'"
		for u in $members; do
			screen | grep -qE "│[> ][0-9]* +[●○] $u" || fail "$key: the menu does not offer $u"
		done
		for u in $others; do
			screen | grep -qE "│[> ][0-9]* +[●○] $u" && fail "$key: the menu offers $u, which is no member of 各区人民政府"
		done
		keys Escape
		wait_gone "Which member of"
	done
	# a member's row chosen: its status menu, for that row
	keys s
	wait_for "Which member of 各区人民政府 in (一)?"
	keys 4
	wait_re "Status of .*\(一\)"
	keys Escape
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	cmp -s "$P" "$TMPD/orig.yaml" || fail "the file changed"
}

# ------------------------------------------------------------------ a liaison's month (p with a percent, E)

# p, the first three fields written, up to its percent field, on (三)
report_up_to_percent() {
	wait_for "3 of 18 measures"
	wait_re "^>.*\(三\)"
	keys p
	wait_for "Progress ((三) 市财政局, 2026-11):"
	text "已拨付一期"
	keys Enter
	wait_for "Problems ((三) 市财政局, 2026-11):"
	text "缺配套资金"
	keys Enter
	wait_for "Next steps ((三) 市财政局, 2026-11):"
	text "下月到位"
	keys Enter
	wait_for "Percent 0-100 or empty ((三) 市财政局, 2026-11):"
}

# p's last field is the percent complete `fengong progress --percent`
# records: it lands in the report record, and `fengong log` shows it.
case_report_form_takes_a_percent() {
	with_cycle
	start C.UTF-8 140 30 --as 市财政局
	report_up_to_percent
	text "40"
	keys Enter
	wait_for "(三) 市财政局: report for 2026-11 written (40% complete). Press w to save."
	wait_for "1 unsaved edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    kind: report' || fail "no report at the end of the history: $(last_record)"
	last_record | grep -qx '    percent: 40' || fail "the report has no percent 40: $(last_record)"
	last_record | grep -qx '    as: 市财政局' || fail "the report is not the liaison's: $(last_record)"
	fg_cli check >/dev/null || fail "the file does not verify"
	fg_cli log | tail -1 | grep -qF "已拨付一期" || fail "log does not show the report last: $(fg_cli log | tail -1)"
	fg_cli log | tail -1 | grep -qF "40%" || fail "log does not show the percent: $(fg_cli log | tail -1)"
	# the form opens on this period's report, percent included; empty: none
	start C.UTF-8 140 30 --as 市财政局
	wait_for "3 of 18 measures"
	keys p
	wait_for "Progress ((三) 市财政局, 2026-11): 已拨付一期"
	keys Enter Enter Enter
	wait_for "Percent 0-100 or empty ((三) 市财政局, 2026-11): 40"
	keys Escape
	wait_for "No report written."
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	if have_locale zh_CN.UTF-8; then
		start zh_CN.UTF-8 140 30 --as 市财政局
		wait_for "3/18"
		keys p Enter Enter Enter
		wait_for "完成百分比 0-100,可留空((三) 市财政局,2026-11):40"
		keys Escape
		wait_for "未填写报告。"
		keys q
		[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	fi
}

# A percent outside 0..100 (the core's rule) or not a number is refused
# with the reason shown and the field still open; nothing is recorded
# until a good value is given.
case_report_form_refuses_percent_over_100() {
	with_cycle
	cp "$P" "$TMPD/before.yaml"
	start C.UTF-8 140 30 --as 市财政局
	report_up_to_percent
	text "150"
	keys Enter
	wait_joined "percent complete must be 0 to 100, not 150"
	wait_for "Percent 0-100 or empty ((三) 市财政局, 2026-11): 150"
	screen | grep -qF "unsaved edit" && fail "the refused report was recorded"
	keys C-u
	text "四十"
	keys Enter
	wait_joined "“四十” is not a whole number: give the percent complete from 0 to 100, or leave it empty."
	wait_for "Percent 0-100 or empty ((三) 市财政局, 2026-11): 四十"
	keys C-u
	keys -l -- "-5"
	keys Enter
	wait_joined "percent complete must be 0 to 100, not -5"
	keys C-u
	text "100"
	keys Enter
	wait_for "(三) 市财政局: report for 2026-11 written (100% complete). Press w to save."
	wait_for "1 unsaved edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    percent: 100' || fail "the report has no percent 100: $(last_record)"
	[ "$(grep -c '^    kind: report$' "$P")" = 1 ] || fail "not exactly one report recorded"
	# Esc on a refused value writes nothing at all
	cp "$P" "$TMPD/before.yaml"
	start C.UTF-8 140 30 --as 市财政局
	report_up_to_percent
	keys C-u
	text "101"
	keys Enter
	wait_joined "percent complete must be 0 to 100, not 101"
	keys Escape
	wait_for "No report written."
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0 (or it asked to save)"
	cmp -s "$P" "$TMPD/before.yaml" || fail "a refused report changed the plan"
}

# (九) 市财政局 is due 2025-12-31 (the measure's date); the liaison's rows
# are (三), (九) and (十一).
select_nine() {
	wait_for "3 of 18 measures"
	wait_re "^>.*\(三\)"
	keys j
	wait_re "^>.*\(九\)"
}

# E records the request `fengong extend` records; the coordinator sees it
# awaiting review and grants it with `fengong approve`.
case_liaison_requests_an_extension() {
	start C.UTF-8 140 30 --as 市财政局
	select_nine
	keys E
	wait_for "Later due date, after 2025-12-31 ((九) 市财政局):"
	text "2027-06-30"
	keys Enter
	wait_for "Reason for the extension to 2027-06-30 ((九) 市财政局):"
	keys Enter
	wait_joined "An extension request needs a reason: say why the work needs the later date."
	text "资金下达推迟"
	keys Enter
	wait_for "(九) 市财政局: extension to 2027-06-30 requested; the coordinator approves or returns it. Press w to save."
	wait_for "1 unsaved edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    kind: extend' || fail "no extension request at the end of the history: $(last_record)"
	last_record | grep -qx '    due: 2027-06-30' || fail "the request lost its date: $(last_record)"
	last_record | grep -qx '    note: 资金下达推迟' || fail "the request lost its reason: $(last_record)"
	last_record | grep -qx '    as: 市财政局' || fail "the request is not the liaison's: $(last_record)"
	fg_cli check >/dev/null || fail "the file does not verify"
	fg_cli show 9 | grep -qF "extension asked by 市财政局: to 2027-06-30" ||
		fail "show 9 does not show the request: $(fg_cli show 9 | tail -3)"
	# the coordinator: in the review count and under R
	start C.UTF-8 140 30
	wait_for "1 awaits review (R shows it, a approves, x returns)"
	keys R
	wait_for "1 of 18 measures"
	expect_rows_exactly "(九)"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	fg_cli approve 9 市财政局 >/dev/null || fail "the coordinator could not approve the request"
	fg_cli show 9 | grep -qF "due for 市财政局: 2027-06-30 (extension granted)" ||
		fail "the extension was not granted: $(fg_cli show 9 | tail -3)"
}

# A date not later than the one in effect (the core's check, as for
# `fengong extend`), or no date at all, is refused with the field open.
case_extension_request_refuses_an_earlier_date() {
	cp "$P" "$TMPD/before.yaml"
	start C.UTF-8 140 30 --as 市财政局
	select_nine
	keys E
	wait_for "Later due date, after 2025-12-31 ((九) 市财政局):"
	text "2025-06-30"
	keys Enter
	wait_joined "measure 9, 市财政局: 2025-06-30 is not later than its due date in effect, 2025-12-31; an extension asks for a later date"
	wait_for "Later due date, after 2025-12-31 ((九) 市财政局): 2025-06-30"
	keys C-u
	text "2025-12-31"
	keys Enter
	wait_joined "2025-12-31 is not later than its due date in effect, 2025-12-31"
	keys C-u
	text "2026-02-30"
	keys Enter
	wait_joined "an extension asks for a date that exists, written YYYY-MM-DD, not \"2026-02-30\""
	screen | grep -qF "Reason for the extension" && fail "the reason was asked after a refused date"
	keys C-u
	text "2026-02-28"
	keys Enter
	wait_for "Reason for the extension to 2026-02-28 ((九) 市财政局):"
	keys Escape
	wait_for "No extension requested."
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0 (or it asked to save)"
	cmp -s "$P" "$TMPD/before.yaml" || fail "a refused request changed the plan"
	if have_locale zh_CN.UTF-8; then
		start zh_CN.UTF-8 140 30 --as 市财政局
		wait_for "3/18"
		wait_re "^>.*\(三\)"
		keys j
		wait_re "^>.*\(九\)"
		keys E
		wait_for "延期至(晚于 2025-12-31)((九) 市财政局):"
		text "2025-01-01"
		keys Enter
		wait_joined "第 9 项措施,市财政局:2025-01-01 不晚于其现行完成时限 2025-12-31;延期申请须申请更晚的日期"
		keys Escape
		wait_for "未提出延期申请。"
		keys q
		[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
		cmp -s "$P" "$TMPD/before.yaml" || fail "a refused request changed the plan"
	fi
}

# An extension request made with E and not saved is in the recovery file
# when the interface is stopped, and a start re-applies it as the request.
case_recovery_keeps_an_extension_request() {
	cp "$P" "$TMPD/before.yaml"
	start C.UTF-8 140 30 --as 市财政局
	select_nine
	keys E
	wait_for "Later due date, after 2025-12-31 ((九) 市财政局):"
	text "2026-09-30"
	keys Enter
	wait_for "Reason for the extension to 2026-09-30 ((九) 市财政局):"
	text "资金下达推迟"
	keys Enter
	wait_for "(九) 市财政局: extension to 2026-09-30 requested"
	kill -TERM "$(cat "$TMPD/pid")"
	[ "$(wait_exit)" = 143 ] || fail "exit status not 143"
	cmp -s "$P" "$TMPD/before.yaml" || fail "the plan was written on TERM"
	grep -qP '^@extend\t9\t市财政局\t[0-9]+\ttester\t市财政局\tdue=2026-09-30\tnote=资金下达推迟$' "$P.recover" ||
		fail "the request is not in the recovery file: $(cat "$P.recover")"
	start C.UTF-8 140 30 --as 市财政局
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	keys w
	wait_for "Saved"
	keys q
	[ "$(wait_exit)" = 0 ] || fail "exit status not 0"
	last_record | grep -qx '    kind: extend' || fail "no extension request at the end: $(last_record)"
	last_record | grep -qx '    due: 2026-09-30' || fail "the request lost its date: $(last_record)"
	fg_cli show 9 | grep -qF "extension asked by 市财政局: to 2026-09-30" || fail "show 9 does not show the request"
}

fn="case_$CASE"
declare -F "$fn" >/dev/null || { echo "unknown case $CASE"; exit 2; }
"$fn"
echo "PASS [$CASE]"
exit 0
