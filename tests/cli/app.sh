#!/bin/bash
# app.sh FENGONG SOURCE_ROOT CASE: the app layer's choices made without
# being told (issue 12): which plan file, which message catalogue.
FENGONG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$2" && pwd)
CASE=$3
set -u
unset FENGONG_FILE FENGONG_AS FENGONG_LOCALEDIR LANGUAGE LC_ALL LC_MESSAGES
export TZ=Asia/Shanghai FENGONG_USER=tester LANG=C.UTF-8
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fengong-app.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export HOME=$WORK/home XDG_DATA_HOME=$WORK/data
mkdir -p "$HOME"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

build_tree_binary_finds_its_own_catalogue() {
	# the terminal interface's refusal without a terminal: a translated message
	LANG=zh_CN.UTF-8 "$FENGONG" -f "$ROOT/plan/ezhou-2024-24.yaml" </dev/null >out 2>err
	grep -q '终端界面需要' err || fail "not Chinese without FENGONG_LOCALEDIR: $(cat err)"
	LANG=C.UTF-8 "$FENGONG" -f "$ROOT/plan/ezhou-2024-24.yaml" </dev/null >out 2>err
	grep -q 'the terminal interface needs a terminal' err || fail "not English under C.UTF-8: $(cat err)"
}

default_plan_is_the_user_s_copy_made_once() {
	local copy=$XDG_DATA_HOME/fengong/ezhou-2024-24.yaml
	"$FENGONG" list --format tsv >out1 2>err1 || fail "list without -f: $(cat err1)"
	[ -f "$copy" ] || fail "no copy at $copy"
	cmp -s "$copy" "$ROOT/plan/ezhou-2024-24.yaml" || fail "the copy differs from the shipped plan"
	grep -qF "made your own copy of the shipped plan: $copy" err1 || fail "first use did not say so: $(cat err1)"
	"$FENGONG" set 3 市税务局 done >out2 2>err2 || fail "set without -f: $(cat err2)"
	[ ! -s err2 ] || fail "second use said something: $(cat err2)"
	cmp -s "$ROOT/plan/ezhou-2024-24.yaml" "$copy" && fail "set did not change the user's copy"
	git -C "$ROOT" diff --quiet -- plan/ezhou-2024-24.yaml 2>/dev/null ||
		[ ! -d "$ROOT/.git" ] || fail "the source tree's plan changed"
	true
}

default_plan_without_xdg_data_home_is_under_home() {
	unset XDG_DATA_HOME
	"$FENGONG" units >out 2>err || fail "units: $(cat err)"
	[ -f "$HOME/.local/share/fengong/ezhou-2024-24.yaml" ] || fail "no copy under ~/.local/share"
}

read_only_makes_no_copy() {
	"$FENGONG" --read-only list --format tsv >out 2>err || fail "list: $(cat err)"
	[ -s out ] || fail "nothing listed"
	[ ! -e "$XDG_DATA_HOME/fengong" ] || fail "--read-only made a copy"
}

fn=${CASE//-/_}
declare -F "$fn" >/dev/null || fail "no such case: $CASE"
"$fn"
echo "ok: $CASE"
