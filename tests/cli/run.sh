#!/bin/bash
# Golden test runner: run.sh FENGONG SOURCE_ROOT CASE [--update]
#
# Runs tests/cli/cases/CASE.sh in a fresh directory holding a copy of the
# shipped plan as plan.yaml ($FENGONG_FILE).  The case calls `fg ARGS...`,
# which appends to a transcript: the command, its stdout, its stderr (each
# line prefixed "! "), and its exit status.  Times and hashes, which change
# with the clock, are masked; the transcript must equal expected/CASE.out.
# With --update the transcript is written there instead (then review it!).
set -u
FENGONG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$2" && pwd) CASE=$3 UPDATE=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai FENGONG_USER=tester
unset FENGONG_AS
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fengong-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$ROOT/plan/ezhou-2024-24.yaml" "$WORK/plan.yaml"
cp "$WORK/plan.yaml" "$WORK/original.yaml"
export FENGONG_FILE=plan.yaml
OUT=$WORK/transcript
: >"$OUT"

# Mask what changes from run to run: ISO-8601 times with offset, SHA-256 hex.
mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}/<TIME>/g' \
		-e 's/[0-9a-f]{64}/<HASH>/g'
}

# fg ARGS...: run fengong, record what it did.
fg() {
	local rc
	( cd "$WORK" && ${FENGONG_WRAP:-} "$FENGONG" "$@" >"$WORK/.out" 2>"$WORK/.err" ); rc=$?
	{
		printf '$ fengong'
		printf ' %q' "$@"
		printf '\n'
		cat "$WORK/.out"
		sed 's/^/! /' "$WORK/.err"
		printf '[exit %d]\n' "$rc"
	} | mask >>"$OUT"
}

# note TEXT: a line of the case's own checks in the transcript.
note() { printf '# %s\n' "$*" >>"$OUT"; }

# unchanged: record whether plan.yaml still has its original bytes.
unchanged() {
	if cmp -s "$WORK/original.yaml" "$WORK/plan.yaml"; then note "plan.yaml unchanged"; else note "plan.yaml CHANGED"; fi
	local extra
	extra=$(cd "$WORK" && ls -A | grep -v -x -e plan.yaml -e original.yaml -e transcript -e .out -e .err)
	[ -z "$extra" ] || note "left behind: $extra"
}

# changes: the diff of plan.yaml against the original, masked.
changes() {
	( cd "$WORK" && diff -u --label before --label after original.yaml plan.yaml ) | mask >>"$OUT"
}

cd "$WORK" || exit 1
. "$HERE/cases/$CASE.sh"

if [ "$UPDATE" = --update ]; then
	cp "$OUT" "$HERE/expected/$CASE.out"
	echo "wrote expected/$CASE.out"
	exit 0
fi
if ! diff -u "$HERE/expected/$CASE.out" "$OUT"; then
	echo "FAIL: $CASE: the transcript differs from expected/$CASE.out (above: - expected, + got)"
	exit 1
fi
