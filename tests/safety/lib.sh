# Shared by the safety scripts: sourced after FENGONG and SRC are set.
#   FENGONG  the binary under test (absolute)
#   SRC      this directory (tests/safety)
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai FENGONG_USER=tester
unset FENGONG_FILE FENGONG_AS FENGONG_FAULT FENGONG_ABORT_AT FENGONG_MAX_BYTES
ulimit -c 0 2>/dev/null || true

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fengong-safety.XXXXXX")
chmod 755 "$WORK"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# fg ARGS...: run fengong in $WORK; stdout in $WORK/out, stderr in $WORK/err,
# exit status in $RC.  Never fails the script by itself.
fg() {
	${FENGONG_WRAP:-} "$FENGONG" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
}

# expect_rc N: the last fg exited N.
expect_rc() {
	[ "$RC" -eq "$1" ] || { cat "$WORK/err" >&2; fail "exit status $RC, expected $1"; }
}

# expect_err TEXT: stderr of the last fg contains TEXT.
expect_err() {
	grep -qF -- "$1" "$WORK/err" || { cat "$WORK/err" >&2; fail "stderr lacks: $1"; }
}

# same FILE1 FILE2: byte-identical.
same() {
	cmp -s "$1" "$2" || { diff -u "$1" "$2" | head -40 >&2; fail "$2 is not byte-identical to $1"; }
}

# only_files DIR NAME...: DIR holds exactly these entries (no temporary
# file, no lock left behind).
only_files() {
	local dir=$1
	shift
	local want got
	want=$(printf '%s\n' "$@" | sort)
	got=$(ls -A "$dir" | sort)
	[ "$want" = "$got" ] || fail "$dir holds [$(echo $got)], expected [$(echo $want)]"
}

# loads FILE: fengong check accepts it.
loads() {
	fg -f "$1" check
	[ "$RC" -eq 0 ] || { cat "$WORK/err" >&2; fail "$1 does not load cleanly"; }
}

# status_of FILE N UNIT: the status column of that assignment.
status_of() {
	${FENGONG_WRAP:-} "$FENGONG" -f "$1" list --unit "$3" --format tsv | awk -F'\t' -v n="$2" -v u="$3" '$1 == n && $4 == u { print $6 }'
}

# mask: times and hashes, which change with the clock.
mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}/<TIME>/g' \
		-e 's/[0-9a-f]{64}/<HASH>/g'
}

# A plan of M measures x U units (all units on every measure, the first as
# lead), written to FILE: plan_of M U FILE.
plan_of() {
	awk -v M="$1" -v U="$2" 'BEGIN {
		print "version: 1"
		print "plan:"
		print "  title: 生成的方案"
		print "  number: 测试〔2024〕1号"
		print "  issuer: 测试办公室"
		print "  date: 2024-11-07"
		print "units:"
		for (u = 1; u <= U; u++) printf "  - name: 单位%d\n", u
		print "measures:"
		for (m = 1; m <= M; m++) {
			printf "  - number: %d\n    label: (%d)\n    title: 措施%d\n    text: 措施%d的全文。\n    assignments:\n", m, m, m, m
			for (u = 1; u <= U; u++)
				printf "      - unit: 单位%d\n        role: %s\n        status: not_started\n        note: \"\"\n        updated: \"\"\n        by: \"\"\n", u, (u == 1 ? "lead" : "co")
		}
	}' >"$3"
}
