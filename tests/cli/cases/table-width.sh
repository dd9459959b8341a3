# Tables cut long cells only when stdout is a terminal, and the note then to
# the terminal's width; a pipe or a file gets every note whole.
LONG=一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十完
fg set 3 市税务局 in_progress --note "$LONG"
fg list --unit 市税务局
fg log

# tty COLS ARGS...: run fengong on a pseudo-terminal COLS wide, record its
# output and the display width of its widest line.
tty() {
	local cols=$1 cmd
	shift
	cmd="stty cols $cols rows 40; $(printf '%q ' "$FENGONG" "$@")"
	( cd "$WORK" && script -qec "$cmd" /dev/null </dev/null | tr -d '\r' >"$WORK/.out" )
	{ printf '$ (terminal %s columns) fengong' "$cols"; printf ' %q' "$@"; printf '\n'; cat "$WORK/.out"; } | mask >>"$OUT"
	note "widest line: $(wc -L <"$WORK/.out") of $cols columns"
}
tty 120 list --unit 市税务局
tty 200 list --unit 市税务局
tty 100 log
tty 90 log
