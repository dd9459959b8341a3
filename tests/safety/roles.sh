#!/bin/bash
# roles.sh FENGONG SRC CASE: --read-only and --as hold on every command that
# writes (issue 13, item 5).  Each CASE is one behaviour; exits 0 when it holds.
FENGONG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
CASE=$3
. "$SRC/lib.sh"
PLAN=$SRC/../../plan/ezhou-2024-24.yaml
DOC=$SRC/../import/ezhou-2024-24.txt
export GIT_CONFIG_GLOBAL=$WORK/gitconfig GIT_CONFIG_NOSYSTEM=1
git config --global user.name tester
git config --global user.email tester@example.org
git config --global init.defaultBranch main

# d/plan.yaml, a copy of the shipped plan; orig.yaml the same bytes.
fresh() {
	rm -rf d
	mkdir d
	cp "$PLAN" d/plan.yaml
	cp "$PLAN" orig.yaml
}

# A clone with the plan committed and set up by init-git: repo/ (and its
# remote, remote.git).
plan_repo() {
	git init -q --bare remote.git
	git clone -q remote.git repo 2>/dev/null
	cp "$PLAN" repo/plan.yaml
	git -C repo add plan.yaml
	git -C repo commit -q -m "the plan"
	(cd repo && "$FENGONG" init-git plan.yaml >/dev/null) || fail "init-git in the plan's clone"
	git -C repo add .gitattributes
	git -C repo commit -q -m attributes
	git -C repo push -q origin HEAD 2>/dev/null || fail "first push"
}

expect_refused_read_only() {
	expect_rc 1
	expect_err "the plan is open read-only; nothing can be changed"
}

expect_output_refused_read_only() {
	expect_rc 1
	expect_err "-o writes a file, which read-only mode does not; nothing was written"
}

read_only_refuses_set() {
	fresh
	fg -f d/plan.yaml --read-only set 3 市税务局 done
	expect_refused_read_only
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

read_only_refuses_import_over_the_plan() {
	fresh
	fg -f d/plan.yaml --read-only import "$DOC" -o d/plan.yaml --force
	expect_output_refused_read_only
	same orig.yaml d/plan.yaml
	fg --read-only import "$DOC" --output=d/new.yaml
	expect_output_refused_read_only
	fg --read-only import "$DOC" -od/new.yaml
	expect_output_refused_read_only
	only_files d plan.yaml
}

read_only_allows_import_to_standard_output() {
	fg --read-only import "$DOC"
	expect_rc 0
	grep -q '^units:' out || fail "no plan on standard output"
	fg --read-only import "$DOC" --output=-
	expect_rc 0
	grep -q '^units:' out || fail "no plan on standard output with --output=-"
}

read_only_refuses_merge_with_an_output_file() {
	fresh
	cp "$PLAN" base.yaml
	cp "$PLAN" theirs.yaml
	fg --read-only merge base.yaml d/plan.yaml theirs.yaml -o d/plan.yaml
	expect_output_refused_read_only
	fg --read-only merge -q --out d/plan.yaml base.yaml d/plan.yaml theirs.yaml
	expect_output_refused_read_only
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
	fg --read-only merge base.yaml d/plan.yaml theirs.yaml
	expect_rc 0
	fg --read-only merge base.yaml d/plan.yaml theirs.yaml -o -
	expect_rc 0
	same orig.yaml d/plan.yaml
}

read_only_refuses_sync() {
	plan_repo
	"$FENGONG" -f repo/plan.yaml set 3 市税务局 done >/dev/null 2>&1 || fail "set"
	cp repo/plan.yaml edited.yaml
	local head
	head=$(git -C repo rev-parse HEAD)
	fg -f repo/plan.yaml --read-only sync
	expect_refused_read_only
	[ "$(git -C repo rev-parse HEAD)" = "$head" ] || fail "sync committed under --read-only"
	[ "$(git -C remote.git rev-parse HEAD)" = "$head" ] || fail "sync pushed under --read-only"
	same edited.yaml repo/plan.yaml
}

read_only_refuses_init_git() {
	git init -q repo
	(cd repo && ${FENGONG_WRAP:-} "$FENGONG" --read-only init-git >"$WORK/out" 2>"$WORK/err")
	RC=$?
	expect_refused_read_only
	[ ! -e repo/.gitattributes ] || fail "init-git wrote .gitattributes under --read-only"
	git -C repo config --get merge.fengong.driver >/dev/null && fail "init-git configured the driver under --read-only"
	true
}

read_only_refuses_init_git_hook() {
	git init -q --bare hub.git
	fg --read-only init-git --hook hub.git
	expect_refused_read_only
	(cd hub.git && ${FENGONG_WRAP:-} "$FENGONG" --read-only init-git >"$WORK/out" 2>"$WORK/err")
	RC=$?
	expect_refused_read_only
	[ ! -e hub.git/hooks/pre-receive ] || fail "init-git installed a hook under --read-only"
	true
}

liaison_may_not_install_the_hook() {
	git init -q --bare hub.git
	fg --as 市税务局 init-git --hook hub.git
	expect_rc 2
	expect_err "init-git --hook sets up the shared repository, not a unit's rows: leave out --as"
	[ ! -e hub.git/hooks/pre-receive ] || fail "init-git installed a hook under --as"
	true
}

read_only_allows_export_to_standard_output_only() {
	fresh
	fg -f d/plan.yaml --read-only export --format csv
	expect_rc 0
	fg -f d/plan.yaml --read-only export --format csv -o d/x.csv
	expect_output_refused_read_only
	only_files d plan.yaml
}

liaison_may_not_import() {
	fresh
	fg -f d/plan.yaml --as 市税务局 import "$DOC" -o d/plan.yaml --force
	expect_rc 1
	expect_err "import writes more than the rows of one unit"
	same orig.yaml d/plan.yaml
	FENGONG_AS=市税务局 fg import "$DOC" -o d/new.yaml
	expect_rc 1
	only_files d plan.yaml
}

liaison_set_changes_only_its_own_rows() {
	fresh
	fg -f d/plan.yaml --as 市税务局 set 3 市发改委 done
	expect_rc 1
	same orig.yaml d/plan.yaml
	fg -f d/plan.yaml --as 市税务局 set 3 市税务局 done
	expect_rc 0
}

sync_refuses_a_repository_init_git_did_not_set_up() {
	git init -q repo
	cp "$PLAN" repo/plan.yaml
	git -C repo add plan.yaml
	git -C repo commit -q -m "the plan"
	"$FENGONG" -f repo/plan.yaml set 3 市税务局 done >/dev/null 2>&1 || fail "set"
	local head
	head=$(git -C repo rev-parse HEAD)
	git config --global fengong.planrepo true # the mark counts only in the clone's own configuration
	fg -f repo/plan.yaml sync --no-push
	expect_rc 1
	expect_err "not in a repository of plans set up by \`fengong init-git\`"
	[ "$(git -C repo rev-parse HEAD)" = "$head" ] || fail "sync committed in a repository init-git did not set up"
}

sync_works_in_a_repository_set_up_by_init_git() {
	plan_repo
	"$FENGONG" -f repo/plan.yaml set 3 市税务局 done >/dev/null 2>&1 || fail "set"
	fg -f repo/plan.yaml sync
	expect_rc 0
	[ "$(git -C remote.git rev-parse HEAD)" = "$(git -C repo rev-parse HEAD)" ] || fail "not pushed"
}

init_git_refuses_fengong_s_own_source_tree() {
	mkdir -p src/src/cli src/include/fengong
	: >src/src/cli/main.c
	: >src/include/fengong/plan.h
	git init -q src
	(cd src && ${FENGONG_WRAP:-} "$FENGONG" init-git >"$WORK/out" 2>"$WORK/err")
	RC=$?
	expect_rc 1
	expect_err "is a clone of fengong's own source"
	[ ! -e src/.gitattributes ] || fail "init-git wrote .gitattributes in the source tree"
}

read_only_refuses_the_cycle_s_writing_commands() {
	fresh
	fg -f d/plan.yaml --read-only progress 3 市税务局 --progress 已完成摸底 --period 2026-11
	expect_refused_read_only
	fg -f d/plan.yaml --read-only extend 9 市财政局 --to 2026-06-30 --note 资金下达推迟
	expect_refused_read_only
	fg -f d/plan.yaml --read-only approve 3 市税务局
	expect_refused_read_only
	fg -f d/plan.yaml --read-only return 3 市税务局 --note 佐证材料不全
	expect_refused_read_only
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

read_only_allows_the_bulletin_to_standard_output_only() {
	fresh
	fg -f d/plan.yaml --read-only bulletin --period 2026-11
	expect_rc 0
	fg -f d/plan.yaml --read-only bulletin --period 2026-11 -o d/通报.md
	expect_output_refused_read_only
	fg -f d/plan.yaml --read-only missing --period 2026-11
	expect_rc 0
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

read_only_refuses_signers_and_correct_but_lists_signers() {
	fresh
	ssh-keygen -q -t ed25519 -N '' -f "$WORK/coord" || fail "ssh-keygen"
	fg -f d/plan.yaml --read-only signers add wang --role coordinator --key "$WORK/coord.pub"
	expect_refused_read_only
	fg -f d/plan.yaml --read-only --key "$WORK/coord" signers require
	expect_refused_read_only
	fg -f d/plan.yaml --read-only --key "$WORK/coord" correct --note x
	expect_refused_read_only
	fg -f d/plan.yaml --read-only signers list
	expect_rc 0
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

liaison_cycle_commands_change_only_its_own_rows() {
	fresh
	fg -f d/plan.yaml --as 市税务局 progress 3 市发改委 --progress x --period 2026-11
	expect_rc 1
	fg -f d/plan.yaml --as 市税务局 extend 3 市发改委 --to 2030-01-01 --note x
	expect_rc 1
	same orig.yaml d/plan.yaml
	fg -f d/plan.yaml --as 市税务局 progress 3 市税务局 --progress 已完成摸底 --period 2026-11
	expect_rc 0
}

liaison_may_not_approve_return_or_change_signers() {
	fresh
	fg -f d/plan.yaml --as 市税务局 approve 3 市税务局
	expect_rc 1
	expect_err "only a coordinator"
	fg -f d/plan.yaml --as 市税务局 return 3 市税务局 --note x
	expect_rc 1
	expect_err "only a coordinator"
	fg -f d/plan.yaml --as 市税务局 correct --note x
	expect_rc 1
	expect_err "correct writes more than the rows of one unit"
	fg -f d/plan.yaml --as 市税务局 signers remove wang
	expect_rc 1
	expect_err "signers writes more than the rows of one unit"
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

read_only_refuses_structure_and_due() {
	fresh
	ssh-keygen -q -t ed25519 -N '' -f "$WORK/coord" || fail "ssh-keygen"
	fg -f d/plan.yaml --read-only --key "$WORK/coord" structure --note x
	expect_refused_read_only
	fg -f d/plan.yaml --read-only due 9 市财政局 2026-06-30
	expect_refused_read_only
	fg -f d/plan.yaml --read-only due 9 市财政局 --clear
	expect_refused_read_only
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

liaison_may_not_sign_structure_or_set_due() {
	fresh
	fg -f d/plan.yaml --as 市财政局 due 9 市财政局 2026-06-30
	expect_rc 1
	expect_err "due writes more than the rows of one unit"
	fg -f d/plan.yaml --as 市财政局 structure
	expect_rc 1
	expect_err "structure writes more than the rows of one unit"
	same orig.yaml d/plan.yaml
	only_files d plan.yaml
}

fn=${CASE//-/_}
declare -F "$fn" >/dev/null || fail "no such case: $CASE"
"$fn"
echo "ok: $CASE"
