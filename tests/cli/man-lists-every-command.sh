#!/bin/bash
# man-lists-every-command.sh FENGONG SOURCE_ROOT: every command in the
# command table (as --help prints it) has an entry in fengong(1)'s COMMANDS
# section with the same synopsis words, and the man page names no command
# the table lacks.
set -u
FENGONG=$1 ROOT=$2
MAN=$ROOT/src/cli/fengong.1
fail() { echo "FAIL: $*" >&2; exit 1; }
cmds=$("$FENGONG" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || fail "--help lists no commands"
# the man page's command entries: ".TP" then "\fBNAME\fR ..."
man_cmds=$(awk '/^\.SH COMMANDS/ { on = 1; next } on && /^\.SH/ { exit }
	on && prev == ".TP" { l = $0; sub(/^\\fB/, "", l); sub(/\\fR.*/, "", l); gsub(/\\-/, "-", l); print l }
	{ prev = $0 }' "$MAN")
for c in $cmds; do
	grep -qxF -- "$c" <<<"$man_cmds" || fail "fengong(1) has no entry for the command '$c'"
done
for c in $man_cmds; do
	grep -qxF -- "$c" <<<"$cmds" || fail "fengong(1) describes '$c', which is not a command"
done
echo "ok: $(echo $cmds | wc -w) commands in --help and fengong(1)"
