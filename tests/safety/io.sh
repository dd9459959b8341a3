#!/bin/bash
# io.sh FENGONG SRC CASE: one behaviour of the file layer per CASE (issue 13
# items 5-13, issue 12's dates): writing, the lock, odd files, recovery.
# Exits 0 when it holds.  TUI cases drive the real binary in tmux.
FENGONG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
CASE=$3
. "$SRC/lib.sh"
SHIPPED=$SRC/../../plan/ezhou-2024-24.yaml

fresh() {
	rm -rf d
	mkdir d
	cp "$1" d/plan.yaml
	cp "$1" orig.yaml
}

# ------------------------------------------------------------ the TUI in tmux

SOCK=fengong-io-$$
TMUX_ON=0
tmux_cleanup() {
	[ "$TMUX_ON" = 1 ] && tmux -L "$SOCK" kill-server >/dev/null 2>&1
	chmod -R u+w "$WORK" 2>/dev/null
	rm -rf "$WORK"
}
trap tmux_cleanup EXIT

# tui_start [PREFIX-COMMAND...] -- [fengong args...]: the TUI on d/plan.yaml
# in a 100x30 terminal; PREFIX runs first in the same shell (e.g. ulimit).
tui_start() {
	local pre=""
	while [ $# -gt 0 ] && [ "$1" != -- ]; do pre="$pre$1; "; shift; done
	[ $# -gt 0 ] && shift
	rm -f "$WORK/exit" "$WORK/tui.err"
	{
		echo '#!/bin/bash'
		echo "$pre"
		printf 'exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 FENGONG_USER=%q FENGONG_TODAY=2026-11-26 %q -f %q' \
			"${TUI_USER:-tester}" "$FENGONG" "$WORK/d/plan.yaml"
		for a in "$@"; do printf ' %q' "$a"; done
		echo
	} >"$WORK/run.sh"
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	TMUX_ON=1
	tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 100 -y 30 \
		"bash '$WORK/run.sh' 2>'$WORK/tui.err'; echo \$? >'$WORK/exit'; sleep 600" || fail "tmux could not start"
}
screen() { tmux -L "$SOCK" capture-pane -p -t t; }
# the screen as one line, box borders removed, spaces squeezed: a message the
# TUI wraps in a box reads as one sentence
joined() {
	screen | perl -CSD -pe 's/^[^\x{2502}]*\x{2502} ?(.*?) *\x{2502}.*$/$1/' | tr '\n' ' ' | tr -s ' '
}
keys() { tmux -L "$SOCK" send-keys -t t "$@"; }
wait_for() {
	local i=0
	while [ $i -lt 150 ]; do
		screen | grep -qF -- "$1" && return 0
		joined | grep -qF -- "$(printf '%s' "$1" | tr -s ' ')" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	screen >&2
	cat "$WORK/tui.err" >&2 2>/dev/null
	fail "timed out waiting for: $1"
}
wait_exit() {
	local i=0
	while [ $i -lt 150 ]; do
		[ -s "$WORK/exit" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "fengong did not exit"
}
running() { [ ! -s "$WORK/exit" ]; }
tui_pid() { pgrep -f -n -- "$FENGONG -f $WORK/d/plan.yaml"; }

# measure 3, 市税务局 -> in progress, from the measures view
tui_set_tax_bureau() {
	wait_for "18 of 18 measures"
	keys j j s
	wait_for "Whose assignment in (三)?"
	wait_for "市税务局"
	keys 3
	wait_for "Status of 市税务局 in (三)"
	keys 2
	wait_for "1 unsaved edit"
}

# A recovery line: MEASURE UNIT STATUS NOTE BY AS
recover_line() { printf '%s\t%s\t%s\t%s\t1700000000\t%s\t%s\n' "$@"; }

# ------------------------------------------------------------ item 6: recovery

recovery_never_applies_another_persons_edits_and_keeps_them() {
	fresh "$SHIPPED"
	{
		echo '# fengong recovery file'
		recover_line 3 市税务局 done 协调员改的 zhang ''
		recover_line 4 市科技局 done 协调员改的二 zhang ''
	} >d/plan.yaml.recover
	cp d/plan.yaml.recover recover.orig
	TUI_USER=li tui_start -- --as 市税务局
	wait_for "made by zhang"
	keys q
	wait_exit
	same orig.yaml d/plan.yaml
	same recover.orig d/plan.yaml.recover
}

recovery_keeps_the_lines_it_could_not_apply() {
	fresh "$SHIPPED"
	{
		echo '# fengong recovery file'
		recover_line 3 市税务局 in_progress 能恢复 tester ''
		recover_line 3 不存在的局 done 不能恢复 tester ''
	} >d/plan.yaml.recover
	tui_start --
	wait_for "Re-apply them? (y/n"
	keys y
	wait_for "Re-applied 1 of 2 edits"
	keys w
	wait_for "Saved"
	keys q
	wait_exit
	[ "$(status_of d/plan.yaml 3 市税务局)" = in_progress ] || fail "the applicable edit was not saved"
	[ -f d/plan.yaml.recover ] || fail "the recovery file was deleted with an edit it could not apply"
	grep -qF '不能恢复' d/plan.yaml.recover || fail "the unapplied line is gone: $(cat d/plan.yaml.recover)"
	grep -qF '能恢复	tester' d/plan.yaml.recover && fail "the applied and saved line is still offered"
	return 0
}

recovery_reapplies_an_edit_as_the_person_who_made_it() {
	fresh "$SHIPPED"
	{
		echo '# fengong recovery file'
		recover_line 3 市税务局 in_progress 联络员改的 li 市税务局
	} >d/plan.yaml.recover
	TUI_USER=li tui_start -- --as 市税务局
	wait_for "Re-apply it? (y/n"
	keys y
	wait_for "Re-applied 1 edit"
	keys w
	wait_for "Saved"
	keys q
	wait_exit
	fg -f d/plan.yaml log --format tsv
	tail -1 out | awk -F'\t' '$2 == "li" && $3 == "市税务局" { ok = 1 } END { exit !ok }' ||
		fail "not recorded as li acting as 市税务局: $(tail -1 out)"
	[ -f d/plan.yaml.recover ] && fail "the recovery file of an edit saved is still there"
	return 0
}

# ------------------------------------------------------------ item 7: the recovery temporary

recovery_file_is_written_without_following_a_planted_link() {
	fresh "$SHIPPED"
	echo "victim" >victim
	ln -s "$WORK/victim" d/plan.yaml.recover.tmp
	tui_start --
	tui_set_tax_bureau
	kill -HUP "$(tui_pid)"
	wait_exit
	[ "$(cat victim)" = victim ] || fail "the file behind the link was overwritten: $(head -3 victim)"
	[ -L d/plan.yaml.recover.tmp ] || fail "the planted link was replaced"
	grep -qP '^3\t市税务局\tin_progress\t' d/plan.yaml.recover || fail "no recovery file written"
	same orig.yaml d/plan.yaml
}

# ------------------------------------------------------------ item 8: the lock

empty_lock_older_than_a_few_seconds_is_reported_as_stale_at_once() {
	fresh "$SRC/small.yaml"
	: >d/plan.yaml.lock
	touch -d '-1 min' d/plan.yaml.lock
	timeout 20 ${FENGONG_WRAP:-} "$FENGONG" -f d/plan.yaml set 1 市发改委 done >out 2>err
	RC=$?
	[ "$RC" -ne 124 ] || fail "still waiting on an empty lock after 20 s"
	expect_rc 1
	expect_err "a stale lock $WORK/d/plan.yaml.lock is empty"
	expect_err "delete the lock file and save again"
	same orig.yaml d/plan.yaml
	[ ! -s d/plan.yaml.lock ] && [ -e d/plan.yaml.lock ] || fail "the stale lock was taken over"
}

busy_lock_says_at_once_who_holds_it_and_since_when() {
	fresh "$SRC/small.yaml"
	sleep 30 &
	local holder=$!
	printf '%s %d 2026-11-26T20:00:00+08:00\n' "$(uname -n)" "$holder" >d/plan.yaml.lock
	: >"$WORK/err"
	# the holder lets go once the waiting writer has said so (not after a
	# fixed time: under valgrind on a loaded machine start-up alone can
	# take longer), or after two minutes
	(
		for _ in $(seq 1200); do
			grep -qF "waiting for the lock" "$WORK/err" && break
			sleep 0.1
		done
		rm -f d/plan.yaml.lock
		kill $holder
	) &
	fg -f d/plan.yaml set 1 市发改委 done
	expect_rc 0
	expect_err "waiting for the lock held by process $holder on $(uname -n) since 2026-11-26T20:00:00+08:00"
	wait
}

busy_lock_is_named_in_the_tui_status_line() {
	fresh "$SHIPPED"
	sleep 60 &
	local holder=$!
	tui_start --
	tui_set_tax_bureau
	printf '%s %d 2026-11-26T20:00:00+08:00\n' "$(uname -n)" "$holder" >d/plan.yaml.lock
	keys w
	wait_for "Waiting for the lock held by process $holder"
	rm -f d/plan.yaml.lock
	wait_for "Saved"
	kill $holder
	keys q
	wait_exit
	[ "$(status_of d/plan.yaml 3 市税务局)" = in_progress ] || fail "not saved after the lock was released"
}

lock_is_never_left_empty_by_a_killed_writer() {
	# killed between making the lock's content and putting it in place (where
	# a kill used to leave an empty lock that blocked every save): no lock
	fresh "$SRC/small.yaml"
	FENGONG_ABORT_AT=lockfile fg -f d/plan.yaml set 1 市发改委 done
	[ "$RC" -ge 128 ] || fail "the process was not stopped there (exit $RC)"
	[ -e d/plan.yaml.lock ] && fail "a lock was left: [$(cat d/plan.yaml.lock)]"
	local t0=$SECONDS
	fg -f d/plan.yaml set 1 市发改委 done
	expect_rc 0
	[ $((SECONDS - t0)) -lt 5 ] || fail "the next save waited $((SECONDS - t0)) s"
	# a lock taken and kept by a writer stopped later names its holder
	FENGONG_ABORT_AT=tmp fg -f d/plan.yaml set 1 市科技局 done
	[ -s d/plan.yaml.lock ] || fail "the lock left is empty"
	[ "$(stat -c %h d/plan.yaml.lock)" = 1 ] || fail "the lock's temporary is still linked to it"
}

# ------------------------------------------------------------ item 9: FIFOs

fifo_as_the_plan_is_refused_without_blocking() {
	mkdir d
	mkfifo d/plan.yaml
	timeout 10 ${FENGONG_WRAP:-} "$FENGONG" -f d/plan.yaml list >out 2>err
	RC=$?
	[ "$RC" -ne 124 ] || fail "list blocked on a FIFO"
	expect_rc 1
	expect_err "d/plan.yaml: this is not a regular file (a FIFO)"
}

save_refuses_a_plan_that_became_a_fifo_without_blocking() {
	fresh "$SHIPPED"
	tui_start --
	tui_set_tax_bureau
	rm d/plan.yaml
	mkfifo d/plan.yaml
	keys w
	wait_for "no longer a regular file (a FIFO)"
	wait_for "1 unsaved edit"
	[ -e d/plan.yaml.lock ] && fail "the lock is still held"
	keys q
	wait_for "not saved"
	keys n
	wait_exit
	[ -p d/plan.yaml ] || fail "the FIFO was replaced"
}

# ------------------------------------------------------------ item 10: file-size limit

save_over_the_file_size_limit_keeps_the_file_and_says_so() {
	fresh "$SHIPPED"
	local kb=$(($(stat -c %s d/plan.yaml) / 1024 - 2))
	(
		ulimit -f "$kb"
		exec "$FENGONG" -f d/plan.yaml set 3 市税务局 done --note 超限
	) >out 2>err
	RC=$?
	[ "$RC" -lt 128 ] || fail "killed by signal $((RC - 128))"
	expect_rc 1
	expect_err "saving failed (write: File too large); the file on disk was not changed"
	expect_err "ulimit -f"
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

tui_save_over_the_file_size_limit_keeps_the_edits() {
	fresh "$SHIPPED"
	local kb=$(($(stat -c %s d/plan.yaml) / 1024 - 2))
	tui_start "ulimit -f $kb" --
	tui_set_tax_bureau
	keys w
	wait_for "File too large"
	running || fail "the TUI died: $(cat "$WORK/exit")"
	wait_for "1 unsaved edit"
	same orig.yaml d/plan.yaml
	keys q
	wait_for "not saved"
	keys n
	wait_exit
}

# ------------------------------------------------------------ item 11: the actor's name

user_name_that_is_not_utf8_is_refused_up_front() {
	fresh "$SRC/small.yaml"
	FENGONG_USER=$'\xff\xfe' fg -f d/plan.yaml set 1 市发改委 done
	expect_rc 1
	expect_err "your user name is not valid UTF-8"
	grep -q "internal error" err && fail "an internal error: $(cat err)"
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

# ------------------------------------------------------------ item 12: values

number_over_the_limit_names_the_limit() {
	fresh "$SRC/small.yaml"
	sed -i '0,/number: 1$/s//number: 2147483647/' d/plan.yaml
	grep -q 'number: 2147483647' d/plan.yaml || fail "fixture: no measure number replaced"
	fg -f d/plan.yaml check
	expect_rc 1
	expect_err "\`number\` is 2147483647, over the limit of 1000000000"
}

impossible_calendar_date_in_the_file_is_refused_with_its_place() {
	fresh "$SRC/small.yaml"
	sed -i 's/^  date: .*/  date: 2025-02-30/' d/plan.yaml
	local line
	line=$(grep -n '^  date: 2025-02-30' d/plan.yaml | cut -d: -f1)
	[ -n "$line" ] || fail "fixture: no date line"
	fg -f d/plan.yaml check
	expect_rc 1
	expect_err "d/plan.yaml:$line:9: \`date\` must be a real calendar date written YYYY-MM-DD, not \"2025-02-30\""
	# a leap day is a date
	sed -i 's/^  date: .*/  date: 2024-02-29/' d/plan.yaml
	loads d/plan.yaml
}

# ------------------------------------------------------------ item 13: line ends

cr_only_line_ends_are_kept_across_saves() {
	mkdir d
	tr '\n' '\r' <"$SRC/small.yaml" >d/plan.yaml
	fg -f d/plan.yaml set 1 市发改委 done
	expect_rc 0
	fg -f d/plan.yaml set 1 市科技局 in_progress --note 第二次
	expect_rc 0
	[ "$(tr -cd '\n' <d/plan.yaml | wc -c)" = 0 ] || fail "line feeds appeared in a CR-only file"
	[ "$(tail -c 1 d/plan.yaml | od -An -c | tr -d ' ')" = '\r' ] || fail "the final line end was lost"
	[ "$(status_of d/plan.yaml 1 市发改委)" = done ] || fail "first edit lost"
	[ "$(status_of d/plan.yaml 1 市科技局)" = in_progress ] || fail "second edit lost"
}

# ------------------------------------------------------------ item 5: import over a plan

import_over_a_plan_keeps_the_old_one_as_a_backup() {
	fresh "$SRC/small.yaml"
	fg import "$SRC/../import/ezhou-2024-24.txt" -o d/plan.yaml --force
	expect_rc 0
	local bak
	bak=$(ls d | grep '^plan\.yaml\..*\.bak$')
	[ -n "$bak" ] || fail "no backup of the plan replaced: $(ls -A d)"
	same orig.yaml "d/$bak"
	expect_err "was kept as"
	loads d/plan.yaml
}

import_over_a_plan_takes_its_lock() {
	fresh "$SRC/small.yaml"
	sh -c 'exit 0' &
	local dead=$!
	wait $dead
	printf '%s %d 2026-11-26T20:00:00+08:00\n' "$(uname -n)" "$dead" >d/plan.yaml.lock
	fg import "$SRC/../import/ezhou-2024-24.txt" -o d/plan.yaml --force
	expect_rc 1
	expect_err "a stale lock"
	same orig.yaml d/plan.yaml
	only_files d plan.yaml plan.yaml.lock
}

# ------------------------------------------------------------ issue 12: dates everywhere

log_since_takes_only_real_dates() {
	fresh "$SRC/small.yaml"
	for bad in 2026-9-1 2026-13-01 2026-02-29 2026-11-26x; do
		fg -f d/plan.yaml log --since "$bad"
		expect_rc 2
		expect_err "--since needs a date written YYYY-MM-DD"
	done
	fg -f d/plan.yaml log --since 2024-02-29
	expect_rc 0
}

log_since_compares_dates_as_dates() {
	fresh "$SRC/small.yaml"
	fg -f d/plan.yaml set 1 市发改委 done
	expect_rc 0
	local today
	today=$(date +%Y-%m-%d)
	fg -f d/plan.yaml log --since "$today" --format tsv
	expect_rc 0
	[ "$(tail -n +2 out | wc -l)" = 1 ] || fail "today's record not listed since today: $(cat out)"
	fg -f d/plan.yaml log --since 9999-12-31 --format tsv
	[ "$(tail -n +2 out | wc -l)" = 0 ] || fail "a record listed since 9999-12-31"
}

fengong_today_must_be_a_real_date() {
	fresh "$SRC/small.yaml"
	FENGONG_TODAY=2025-02-30 fg -f d/plan.yaml report
	expect_rc 2
	expect_err "FENGONG_TODAY='2025-02-30' is not a date"
	FENGONG_TODAY=2024-02-29 fg -f d/plan.yaml report
	expect_rc 0
}

# ------------------------------------------------------------ dispatch

fn=${CASE//-/_}
declare -F "$fn" >/dev/null || fail "no such case: $CASE"
"$fn"
echo "ok: $CASE"
