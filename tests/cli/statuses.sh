#!/bin/bash
# statuses.sh FENGONG SOURCE_ROOT: every status of the table (as --help
# lists it) is accepted wherever a status is chosen or shown: `set`,
# `list --status`, each export format with --status, and the report's
# scorecard (a column per status) — with an assignment in that status.
set -u
FENGONG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") ROOT=$(cd "$2" && pwd)
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai FENGONG_USER=tester FENGONG_TODAY=2026-11-26
unset FENGONG_AS
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fengong-status.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# review: required, where `submitted` (待销号) is a status a plan uses
sed 's/^plan:$/plan:\n  review: required/' "$ROOT/plan/ezhou-2024-24.yaml" >plan.yaml
export FENGONG_FILE=plan.yaml
fail() { echo "FAIL: $*" >&2; exit 1; }

statuses=$("$FENGONG" --help | sed -n 's/^Statuses: \(.*\)\.  Roles:.*/\1/p' | tr -d ',')
[ -n "$statuses" ] || fail "--help names no statuses"
n=0
for s in $statuses; do
	n=$((n + 1))
	# measure n's lead unit takes status s
	unit=$("$FENGONG" list --role lead --format tsv | awk -F'\t' -v m="$n" '$1 == m { print $4; exit }')
	[ -n "$unit" ] || fail "measure $n has no lead"
	"$FENGONG" set "$n" "$unit" "$s" --note "备注$n" >/dev/null || fail "set $n $unit $s"
	"$FENGONG" list --status "$s" --format tsv >out || fail "list --status $s"
	awk -F'\t' -v m="$n" -v u="$unit" -v s="$s" '$1 == m && $4 == u && $6 == s { ok = 1 } END { exit !ok }' out ||
		fail "list --status $s lacks measure $n, $unit"
	for f in csv md html; do
		"$FENGONG" export --format "$f" --status "$s" >out || fail "export --format $f --status $s"
		grep -qF "备注$n" out || fail "export --format $f --status $s lacks the assignment"
	done
	"$FENGONG" export --format xlsx --status "$s" -o "x-$s.xlsx" || fail "export --format xlsx --status $s"
	[ -s "x-$s.xlsx" ] || fail "no spreadsheet for --status $s"
done
"$FENGONG" report --format tsv >out || fail "report"
head=$(head -1 out)
for s in $statuses; do
	printf '%s\n' "$head" | tr '\t' '\n' | grep -qx "$s" || fail "the scorecard has no column $s: $head"
done
"$FENGONG" report --format json >out || fail "report --format json"
for s in $statuses; do
	grep -qF "\"$s\": " out || fail "the json scorecard has no $s"
done
echo "ok: $n statuses: $statuses"
