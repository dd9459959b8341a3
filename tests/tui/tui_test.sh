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
	keys s
	wait_for "Whose assignment in (一)?"
	keys 1
	wait_for "This is 市科技局's assignment"
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
	keys Enter
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
	grep -qP '^3\t市税务局\tin_progress\t信号前\\\\后\t[0-9]+$' "$P.recover" ||
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
	# unknown unit: an error before the screen opens
	out=$(env LANG=C.UTF-8 "$FG" -f "$P" --unit 不存在的局 2>&1 </dev/null)
	[ $? = 1 ] || fail "unknown --unit: exit status not 1"
	echo "$out" | grep -qF "不存在的局" || fail "unknown --unit: message does not name it: $out"
	out=$(env LANG=C.UTF-8 "$FG" -f "$P" --as 不存在的局 2>&1 </dev/null)
	[ $? = 1 ] || fail "unknown --as: exit status not 1"
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
	wait_for "Search:"
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
	wait_for "2 await review (fengong approve/return)"
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
	wait_for "1 项待审核"
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

fn="case_$CASE"
declare -F "$fn" >/dev/null || { echo "unknown case $CASE"; exit 2; }
"$fn"
echo "PASS [$CASE]"
exit 0
