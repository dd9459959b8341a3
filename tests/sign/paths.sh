#!/bin/bash
# Every other write path of a signed plan respects identity (issue 14):
# import over the plan, sync, init-git, merge, the shared repository's
# pre-receive hook, and the trust file.  One case a rule.
#
#   paths.sh CASE FENGONG FORGE DOC      (CASE "all" runs every case)
set -u
case_name=$1
F=$2
FORGE=$3
DOC=$4
case $F in /*) ;; *) F=$PWD/$F ;; esac
case $FORGE in /*) ;; *) FORGE=$PWD/$FORGE ;; esac
case $DOC in /*) ;; *) DOC=$PWD/$DOC ;; esac

export TZ=Asia/Shanghai LC_ALL=C.UTF-8 LANGUAGE='' GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no GIT_TERMINAL_PROMPT=0
unset FENGONG_AS FENGONG_TRUST FENGONG_TRUST_FILE FENGONG_SIGNING_KEY SSH_AUTH_SOCK GIT_DIR GIT_WORK_TREE

W=$(mktemp -d "${TMPDIR:-/tmp}/fengong-paths.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
export XDG_CONFIG_HOME=$W/config HOME=$W/home
mkdir -p "$XDG_CONFIG_HOME" "$HOME"
export FENGONG_FILE=$W/plan.yaml
fails=0
cur=setup

fail() {
	echo "FAIL [$cur]: $*" >&2
	fails=$((fails + 1))
}

die() {
	echo "FAIL [setup]: $*" >&2
	exit 1
}

# The signed plan, imported from DOC:
#  1 signer-add wang (coordinator)   2 signer-add zhang (liaison 市科技局)
#  3 signer-add li (auditor)         4 signing required
#  5 zhang: measure 1 市科技局 → in_progress
setup() {
	for k in coord zhang li mallory; do
		ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$W/$k" || die "ssh-keygen"
	done
	"$F" import "$DOC" -o plan.yaml 2>/dev/null || die "import"
	"$F" signers add wang --role coordinator --key coord.pub >/dev/null &&
		"$F" --key coord signers add zhang --role liaison --unit 市科技局 --key zhang.pub >/dev/null &&
		"$F" --key coord signers add li --role auditor --key li.pub >/dev/null &&
		"$F" --key coord signers require >/dev/null &&
		"$F" --key zhang set 1 市科技局 in_progress --note 已启动 >/dev/null || die "building the signed plan"
	"$F" check >check.out 2>&1 || { cat check.out >&2; die "the signed plan does not check"; }
	cp plan.yaml pristine.yaml
	ROOT=$(ssh-keygen -l -E sha256 -f coord.pub | cut -d' ' -f2)
	OTHER=$(ssh-keygen -l -E sha256 -f mallory.pub | cut -d' ' -f2)
}

fresh() {
	cp pristine.yaml plan.yaml
	rm -rf hub.git clone clone2 "$XDG_CONFIG_HOME/fengong" ./*.bak canon6 canon6.sig
	cur=$1
}

record_line() { # the line where history record N starts
	awk -v n="$1" '/^history:/ { h = 1; next } h && /^  - / { if (++c == n) { print NR; exit } }' "${2:-plan.yaml}"
}

nrecords() {
	awk '/^history:/ { h = 1; next } h && /^  - / { c++ } END { print c + 0 }' "${1:-plan.yaml}"
}

# expect_refused WHAT RC PATTERN CMD...: CMD exits RC, says PATTERN, plan.yaml unchanged
expect_refused() {
	local what=$1 want=$2 pat=$3
	shift 3
	cp plan.yaml before.yaml
	"$@" >out 2>&1
	local rc=$?
	[ "$rc" = "$want" ] || fail "$what: exit $rc, not $want: $(cat out)"
	grep -q -- "$pat" out || fail "$what: no \"$pat\" in: $(cat out)"
	cmp -s plan.yaml before.yaml || fail "$what: plan.yaml was written"
	ls ./*.bak >/dev/null 2>&1 && fail "$what: a backup was made, so something was replaced"
}

# A bare hub holding the signed plan, a clone set up by init-git.
hub() {
	git init -q --bare -b main hub.git || die "git init --bare"
	git clone -q hub.git clone 2>/dev/null || die "clone"
	git -C clone config user.name zhang && git -C clone config user.email zhang@example.org &&
		git -C clone symbolic-ref HEAD refs/heads/main || die "git config"
	cp pristine.yaml clone/plan.yaml
	(cd clone && "$F" init-git plan.yaml >/dev/null) || die "init-git"
	git -C clone add plan.yaml .gitattributes && git -C clone commit -q -m "the signed plan" &&
		git -C clone push -q origin main 2>/dev/null || die "first push"
}

# ------------------------------------------------------------ import

case_import_by_liaison_refused() {
	fresh import-by-liaison-refused
	expect_refused "a liaison's import over the signed plan" 1 "zhang is a liaison: only a coordinator's key replaces it" \
		"$F" --key zhang import "$DOC" -o plan.yaml --force
	expect_refused "an auditor's import" 1 "auditor" "$F" --key li import "$DOC" -o plan.yaml --force
	expect_refused "an outsider's import" 1 "is not a signer of this plan" "$F" --key mallory import "$DOC" -o plan.yaml --force
	expect_refused "an import with no key" 1 "no key was given" "$F" import "$DOC" -o plan.yaml --force
}

case_import_by_coordinator_keeps_history() {
	fresh import-by-coordinator-keeps-history
	"$F" --key coord import "$DOC" -o plan.yaml --force >out 2>&1 || fail "the coordinator's import: $(cat out)"
	grep -q "keeps its 6 history records and 3 signers" out || fail "the import did not say what it kept: $(cat out)"
	"$F" check >check.out 2>&1 || fail "check after the import: $(cat check.out)"
	grep -q "signatures: 7 verified, 0 unsigned, 0 with problems (signing required)" check.out ||
		fail "not every record verified: $(grep signatures check.out)"
	# the old records as they were, the import on record, signed by wang
	for i in 1 2 3 4 5 6; do
		[ "$("$FORGE" plan.yaml canon "$i")" = "$("$FORGE" pristine.yaml canon "$i")" ] || fail "record $i changed"
	done
	"$F" log --format tsv | tail -1 | grep -q "wang.*import.*verified.structure" ||
		fail "the import is not a verified record of wang's: $("$F" log --format tsv | tail -1)"
	"$F" list --unit 市科技局 --format tsv | grep -q "^1	.*in_progress" || fail "measure 1's state was not kept"
	"$F" signers list | grep -q "^zhang" || fail "the signers were not kept"
	# a record after the import still signs on
	"$F" --key zhang set 1 市科技局 done --note 完成 >/dev/null || fail "set after the import"
	"$F" check >/dev/null 2>&1 || fail "check after a set after the import"
}

case_import_dropping_history_refused() {
	fresh import-dropping-history-refused
	# the signed history names 市科技局's row of measure 1: a document without it cannot keep the history
	grep -v "市科技局" "$DOC" | sed 's/、、/、/g' >doc2.txt
	expect_refused "an import that drops a recorded row" 1 \
		"history record 6 is about 市科技局's assignment of measure 1, which the new document does not have" \
		"$F" --key coord import doc2.txt -o plan.yaml --force
	grep -q "plan.yaml:$(record_line 6):[0-9]*: history record 6" out || fail "the record's place is not named: $(cat out)"
}

# ------------------------------------------------------------ sync, init-git

case_sync_refuses_unverified_history() {
	fresh sync-refuses-unverified-history
	hub
	"$FORGE" clone/plan.yaml note 6 已办结 || fail "forge"
	local head
	head=$(git -C clone rev-parse HEAD)
	cd clone || return
	cp plan.yaml ../forged.yaml
	"$F" -f plan.yaml --key ../zhang sync >../out 2>&1
	local rc=$?
	cd .. || return
	[ "$rc" = 1 ] || fail "sync of a forged history exited $rc, not 1"
	grep -q "plan.yaml:$(record_line 6 forged.yaml):[0-9]*: .*bad signature" out || fail "sync did not name the record: $(cat out)"
	grep -q "nothing was committed, pulled or pushed" out || fail "sync did not say nothing was done: $(cat out)"
	[ "$(git -C clone rev-parse HEAD)" = "$head" ] || fail "sync committed the forgery"
	[ "$(git -C hub.git rev-parse main)" = "$head" ] || fail "sync pushed the forgery"
	cmp -s clone/plan.yaml forged.yaml || fail "sync changed (re-chained) the forged plan"
}

case_sync_refuses_a_key_that_is_no_signer() {
	fresh sync-refuses-a-key-that-is-no-signer
	hub
	local head
	head=$(git -C hub.git rev-parse main)
	(cd clone && "$F" -f plan.yaml --key ../zhang set 2 市科技局 in_progress >/dev/null) || fail "set"
	(cd clone && "$F" -f plan.yaml --key ../mallory sync) >out 2>&1 && fail "sync under mallory's key succeeded"
	grep -q "is not a signer of it" out || fail "sync did not say the key is no signer: $(cat out)"
	(cd clone && "$F" -f plan.yaml sync) >out 2>&1 && fail "sync with no key succeeded on a plan that requires signing"
	[ "$(git -C hub.git rev-parse main)" = "$head" ] || fail "a refused sync pushed"
	# the signer's own sync goes through, and the hub has a plan that verifies
	(cd clone && "$F" -f plan.yaml --key ../zhang sync) >out 2>&1 || fail "zhang's sync: $(cat out)"
	git -C hub.git show main:plan.yaml >hub.yaml && "$F" -f hub.yaml check >/dev/null 2>&1 ||
		fail "the pushed plan does not check"
}

case_sync_message_names_each_record_s_kind() {
	fresh sync-message-names-each-record-s-kind
	hub
	# a report and an extension request change no status: the message says what they are
	(cd clone && "$F" -f plan.yaml --key ../zhang progress 3 市科技局 --progress 摸底 --period 2026-11 >/dev/null &&
		"$F" -f plan.yaml --key ../zhang extend 3 市科技局 --to 2027-06-30 --note 推迟 >/dev/null &&
		"$F" -f plan.yaml --key ../zhang set 2 市科技局 in_progress >/dev/null &&
		"$F" -f plan.yaml --key ../coord signers add sun --role auditor --key ../mallory.pub >/dev/null) || fail "records"
	(cd clone && "$F" -f plan.yaml --key ../zhang sync) >out 2>&1 || fail "sync: $(cat out)"
	git -C clone log -1 --format=%B >msg
	grep -qx "市科技局: (三) report 2026-11" msg || fail "no line for the report: $(cat msg)"
	grep -qx "市科技局: (三) extend 2027-06-30" msg || fail "no line for the extension request: $(cat msg)"
	grep -qx "市科技局: (二) not_started → in_progress" msg || fail "no line for the status change: $(cat msg)"
	grep -qx "signer-add sun" msg || fail "no line for the signer added: $(cat msg)"
	grep -q "not_started → not_started" msg && fail "a record that changed no status is shown as one: $(cat msg)"
}

case_init_git_writes_no_plan() {
	fresh init-git-writes-no-plan
	hub
	git clone -q hub.git clone2 2>/dev/null || fail "clone"
	cp clone2/plan.yaml before-init.yaml
	# any role sets up its own clone (a liaison needs the merge driver too); the plan is not touched
	(cd clone2 && "$F" -f plan.yaml --key ../zhang init-git plan.yaml) >out 2>&1 || fail "init-git under a liaison's key: $(cat out)"
	(cd clone2 && "$F" -f plan.yaml --key ../li init-git plan.yaml) >out 2>&1 || fail "init-git under an auditor's key: $(cat out)"
	cmp -s clone2/plan.yaml before-init.yaml || fail "init-git wrote the plan"
	[ -z "$(git -C clone2 status --porcelain plan.yaml)" ] || fail "init-git changed plan.yaml"
	# --hook is the shared repository's: not under a liaison's --as
	(cd clone2 && "$F" --as 市科技局 init-git --hook ../hub.git) >out 2>&1
	[ $? = 2 ] || fail "init-git --hook under --as was not a usage error: $(cat out)"
	[ ! -e hub.git/hooks/pre-receive ] || fail "init-git --hook under --as installed a hook"
}

# ------------------------------------------------------------ the hook

# push_refused WHAT PATTERN: the clone's push is refused, saying PATTERN, the hub unchanged
push_refused() {
	local head
	head=$(git -C hub.git rev-parse main)
	if git -C clone push -q origin main >push.out 2>&1; then
		fail "$1: the hub accepted the push"
	else
		grep -q -- "$2" push.out || fail "$1: the hook did not say \"$2\": $(cat push.out)"
	fi
	[ "$(git -C hub.git rev-parse main)" = "$head" ] || fail "$1: the hub moved"
	git -C clone reset -q --hard origin/main
}

case_hook_rejects_forged_push() {
	fresh hook-rejects-forged-push
	hub
	"$F" init-git --hook hub.git --trust "$ROOT" >out 2>&1 || fail "init-git --hook: $(cat out)"
	[ -x hub.git/hooks/pre-receive ] || { fail "no hook"; return; }
	# a hand-edited record with the chain recomputed
	"$FORGE" clone/plan.yaml note 6 已办结 && git -C clone commit -q -am forged || fail "forge"
	push_refused "a forged record" "plan.yaml does not verify; push refused"
	grep -q "plan.yaml:$(record_line 6 pristine.yaml):[0-9]*: history record 6 .*bad signature" push.out ||
		fail "the hook did not name the record: $(cat push.out)"
	# a change without a record
	sed -i '0,/status: in_progress/ s/status: in_progress/status: done/' clone/plan.yaml
	git -C clone commit -q -am "by hand" || fail "commit"
	push_refused "a change without a record" "but no record changed it\|last history record"
	# mallory's own plan, rooted in her key, replacing the signed one
	"$F" import "$DOC" >clone/plan.yaml 2>/dev/null || fail "import to standard output"
	"$F" -f clone/plan.yaml signers add wang --role coordinator --key mallory.pub >/dev/null || fail "mallory's plan"
	git -C clone commit -q -am "a new root" || fail "commit"
	push_refused "a plan re-rooted in another key" "does not verify; push refused"
	grep -q "none of the trusted keys" push.out || fail "the hook did not say the trust is not this plan's: $(cat push.out)"
	# a forged copy under a Chinese name with a space: found and named as it is
	cp pristine.yaml "clone/二 计划.yaml" && "$FORGE" "clone/二 计划.yaml" note 6 已办结 || fail "forge"
	git -C clone add "二 计划.yaml" && git -C clone commit -q -m "another plan" || fail "commit"
	push_refused "a forged plan with a Chinese name" "二 计划.yaml does not verify; push refused"
	grep -q "^remote: 二 计划.yaml:$(record_line 6 pristine.yaml):[0-9]*: history record 6" push.out ||
		fail "the hook did not name the file and record: $(cat push.out)"
	# deleting the signed plan
	git -C clone rm -q plan.yaml && git -C clone commit -q -m "gone" || fail "rm"
	push_refused "the signed plan deleted" "a signed plan, is deleted"
}

case_hook_rejects_rewritten_history() {
	fresh hook-rejects-rewritten-history
	hub
	# no pin anywhere: the records the hub has are what the push must keep
	"$F" init-git --hook hub.git >out 2>&1 || fail "init-git --hook: $(cat out)"
	# zhang re-signs his own record 6 with another note: it verifies, but it is not the record the hub has
	"$FORGE" clone/plan.yaml note 6 进展顺利 && "$FORGE" clone/plan.yaml canon 6 >canon6 &&
		ssh-keygen -q -Y sign -n fengong -f zhang canon6 && "$FORGE" clone/plan.yaml sig 6 canon6.sig || fail "re-signing"
	sed -i 's/note: 已启动/note: 进展顺利/' clone/plan.yaml
	"$F" -f clone/plan.yaml check >check.out 2>&1 || fail "the re-signed plan should verify on its own: $(cat check.out)"
	git -C clone commit -q -am "rewritten" || fail "commit"
	push_refused "a re-signed shared record" "rewrites or removes records the repository has; push refused"
	grep -q "history record 6 (市科技局, by zhang, .*) is not in plan.yaml (pushed)" push.out ||
		fail "the hook did not name the record: $(cat push.out)"
}

case_hook_refusal_speaks_of_the_push() {
	fresh hook-refusal-speaks-of-the-push
	hub
	"$F" init-git --hook hub.git >out 2>&1 || fail "init-git --hook: $(cat out)"
	# a report pushed, then cut: the plan checks on its own, the hub has the record
	(cd clone && "$F" -f plan.yaml --key ../zhang progress 1 市科技局 --progress 摸底 --period 2026-11 >/dev/null) ||
		fail "progress"
	git -C clone commit -q -am "report" && git -C clone push -q origin main 2>/dev/null || fail "pushing the report"
	local n
	n=$(record_line "$(nrecords clone/plan.yaml)" clone/plan.yaml)
	head -n $((n - 1)) clone/plan.yaml >cut.yaml && mv cut.yaml clone/plan.yaml
	"$F" -f clone/plan.yaml check >/dev/null 2>&1 || fail "the cut plan should check on its own"
	git -C clone commit -q -am "cut" || fail "commit"
	push_refused "a cut record" "is not in plan.yaml (pushed) as it was"
	grep -q "theirs\|nothing was merged" push.out && fail "the hook speaks of a merge: $(cat push.out)"
}

case_hook_accepts_signed_push() {
	fresh hook-accepts-signed-push
	hub
	# inside the bare repository, init-git installs the hook there
	(cd hub.git && "$F" init-git --trust "$ROOT") >out 2>&1 || fail "init-git in the bare repository: $(cat out)"
	[ -x hub.git/hooks/pre-receive ] || { fail "no hook"; return; }
	(cd clone && "$F" -f plan.yaml --key ../zhang set 2 市科技局 done --note 完成 >/dev/null) || fail "set"
	git -C clone commit -q -am "zhang: done" || fail "commit"
	git -C clone push -q origin main >push.out 2>&1 || fail "the hub refused a signed push: $(cat push.out)"
	[ "$(git -C hub.git rev-parse main)" = "$(git -C clone rev-parse HEAD)" ] || fail "the hub did not move"
	# and through sync
	(cd clone && "$F" -f plan.yaml --key ../coord signers add sun --role liaison --unit 市发改委 --key ../mallory.pub >/dev/null) ||
		fail "signers add"
	(cd clone && "$F" -f plan.yaml --key ../coord sync) >out 2>&1 || fail "the coordinator's sync: $(cat out)"
	[ "$(git -C hub.git rev-parse main)" = "$(git -C clone rev-parse HEAD)" ] || fail "sync did not push"
}

case_hook_trust_file() {
	fresh hook-trust-file
	hub
	"$F" init-git --hook hub.git >/dev/null 2>&1 || fail "init-git --hook"
	# the repository's own trust file names another key: every push of this plan is refused
	printf '# the coordinator of this repository\n%s\n' "$OTHER" >hub.git/fengong-trust
	(cd clone && "$F" -f plan.yaml --key ../zhang set 2 市科技局 done >/dev/null) || fail "set"
	git -C clone commit -q -am "zhang: done" || fail "commit"
	cp clone/plan.yaml pushed.yaml
	push_refused "a plan not rooted in the repository's trusted key" "none of the trusted keys"
	printf '%s # wang\n' "$ROOT" >hub.git/fengong-trust
	cp pushed.yaml clone/plan.yaml && git -C clone commit -q -am "zhang: done" || fail "commit"
	git -C clone push -q origin main >push.out 2>&1 || fail "refused with the right key trusted: $(cat push.out)"
}

case_init_git_speaks_only_its_own_words() {
	fresh init-git-speaks-only-its-own-words
	# outside any repository: fengong says what to do, git's "fatal:" lines stay out
	mkdir -p norepo
	(cd norepo && GIT_CEILING_DIRECTORIES=$W "$F" init-git) >out 2>&1
	[ $? = 1 ] || fail "init-git outside a repository did not exit 1: $(cat out)"
	grep -q "not inside a git repository" out || fail "init-git said: $(cat out)"
	grep -q "^fatal:" out && fail "git's own error leaked: $(cat out)"
	# inside a bare repository it installs the hook, and says only that
	git init -q --bare -b main bare.git || die "git init --bare"
	(cd bare.git && "$F" init-git) >out 2>&1 || fail "init-git in a bare repository: $(cat out)"
	grep -q "^fatal:" out && fail "git's own error leaked: $(cat out)"
	[ -x bare.git/hooks/pre-receive ] || fail "no hook installed"
	rm -rf norepo bare.git
}

# ------------------------------------------------------------ trust file

case_trust_file_pins() {
	fresh trust-file-pins
	mkdir -p "$XDG_CONFIG_HOME/fengong"
	printf '# coordinators I trust\n\n  %s   # wang, met in person\n' "$ROOT" >"$XDG_CONFIG_HOME/fengong/trust"
	"$F" check >check.out 2>&1 || fail "check with the coordinator's key in the trust file: $(cat check.out)"
	grep -q "trust rests on" check.out && fail "check still says where the trust rests: it is pinned"
	printf '%s\n' "$OTHER" >"$XDG_CONFIG_HOME/fengong/trust"
	"$F" check >check.out 2>&1 && fail "check passed with another key in the trust file"
	grep -q "none of the trusted keys ($XDG_CONFIG_HOME/fengong/trust)" check.out || fail "check: $(cat check.out)"
	# --trust and $FENGONG_TRUST come first
	"$F" check --trust "$ROOT" >/dev/null 2>&1 || fail "--trust did not override the trust file"
	FENGONG_TRUST=$ROOT "$F" check >/dev/null 2>&1 || fail "\$FENGONG_TRUST did not override the trust file"
	# ~/.config without XDG_CONFIG_HOME
	mkdir -p "$HOME/.config/fengong" && printf '%s\n' "$OTHER" >"$HOME/.config/fengong/trust"
	env -u XDG_CONFIG_HOME "$F" check >/dev/null 2>&1 && fail "~/.config/fengong/trust was not read"
	rm -rf "$HOME/.config/fengong"
	# write paths use the same trust: set refuses a plan whose root is not trusted
	expect_refused "set under a trust file naming another key" 1 "none of the trusted keys\|cannot be trusted\|not trusted" \
		"$F" --key zhang set 2 市科技局 in_progress
}

case_structure_and_correct_check_the_pinned_trust() {
	fresh structure-and-correct-check-the-pinned-trust
	# a hand edit the coordinator would sign with `structure`: under a pin
	# of another key the history is not trusted, so nothing is signed
	sed -i '0,/    text: /s/\(    text: .*\)。/\1（修订）。/' plan.yaml
	cp plan.yaml edited.yaml
	FENGONG_TRUST=$OTHER "$F" --key coord structure --note 修订 >out 2>&1
	local rc=$?
	[ "$rc" = 1 ] || fail "structure under a pin of another key exited $rc, not 1: $(cat out)"
	grep -q "not trusted" out || fail "structure did not say the signers are not trusted: $(cat out)"
	cmp -s plan.yaml edited.yaml || fail "structure wrote under an untrusted history"
	FENGONG_TRUST=$OTHER "$F" --key coord correct --note 核实 >out 2>&1
	grep -q "not trusted" out || fail "correct did not report the untrusted signers: $(cat out)"
	# a pin that is not a fingerprint is a usage error on every path
	cp edited.yaml plan.yaml
	expect_refused "structure under a malformed \$FENGONG_TRUST" 2 "is not a key fingerprint" \
		env FENGONG_TRUST=SHA256:nope "$F" --key coord structure
	expect_refused "set under a malformed \$FENGONG_TRUST" 1 "is not a key fingerprint" \
		env FENGONG_TRUST=SHA256:nope "$F" --key zhang set 2 市科技局 in_progress
	# with the right pin, the coordinator signs the edit
	FENGONG_TRUST=$ROOT "$F" --key coord structure --note 修订 >out 2>&1 || fail "structure under the right pin: $(cat out)"
	FENGONG_TRUST=$ROOT "$F" check >out 2>&1 || fail "check after structure: $(cat out)"
}

case_trust_file_malformed() {
	fresh trust-file-malformed
	mkdir -p "$XDG_CONFIG_HOME/fengong"
	local tf=$XDG_CONFIG_HOME/fengong/trust
	printf '# ok\n%s\n\nSHA256:tooshort\n' "$ROOT" >"$tf"
	"$F" check >out 2>&1
	[ $? = 2 ] || fail "check with a malformed trust file did not exit 2: $(cat out)"
	grep -q "^$tf:4:1: not a key fingerprint" out || fail "no FILE:LINE:COL for the bad line: $(cat out)"
	printf '%s wang\n' "$ROOT" >"$tf"
	"$F" check >out 2>&1
	[ $? = 2 ] || fail "a fingerprint followed by text did not exit 2"
	grep -q "^$tf:1:52: one fingerprint a line" out || fail "no place for the text after the fingerprint: $(cat out)"
	expect_refused "set under a malformed trust file" 1 "trust file is malformed" "$F" --key zhang set 2 市科技局 in_progress
}

case_trust_option_malformed() {
	fresh trust-option-malformed
	# a --trust that is not a fingerprint is a usage error, not a check that fails
	"$F" check --trust SHA256:tooshort >out 2>&1
	[ $? = 2 ] || fail "check --trust SHA256:tooshort did not exit 2: $(cat out)"
	grep -q "check --trust SHA256:tooshort: not a key fingerprint" out || fail "check: $(cat out)"
	"$F" check --trust "$ROOT" --trust "$ROOT" >/dev/null 2>&1 || fail "two good --trust refused"
	# nor is a hook installed that would refuse every push
	git init -q --bare -b main hub.git || die "git init --bare"
	"$F" init-git --hook hub.git --trust "${ROOT}x" >out 2>&1
	[ $? = 2 ] || fail "init-git --hook with a bad --trust did not exit 2: $(cat out)"
	grep -q "init-git --trust ${ROOT}x: not a key fingerprint" out || fail "init-git: $(cat out)"
	[ -e hub.git/hooks/pre-receive ] && fail "init-git installed a hook with a bad --trust"
	"$F" signers hook hub.git --trust wang plan.yaml >out 2>&1
	[ $? = 2 ] || fail "signers hook with a bad --trust did not exit 2: $(cat out)"
	[ -e hub.git/hooks/pre-receive ] && fail "signers hook installed a hook with a bad --trust"
	"$F" init-git --hook hub.git --trust "$ROOT" >/dev/null 2>&1 || fail "init-git --hook with a good --trust"
}

# ------------------------------------------------------------ signers

case_first_signer_with_empty_signing_key_variable() {
	fresh first-signer-with-empty-signing-key-variable
	# an empty FENGONG_SIGNING_KEY is no key (as for every other command): the first coordinator signs with the key added
	"$F" import "$DOC" -o unsigned.yaml 2>/dev/null || fail "import"
	FENGONG_SIGNING_KEY= "$F" -f unsigned.yaml signers add wang --role coordinator --key coord.pub >out 2>&1 ||
		fail "the first signers add with FENGONG_SIGNING_KEY set but empty: $(cat out)"
	"$F" -f unsigned.yaml check >out 2>&1 || fail "check after the first signer: $(cat out)"
}

case_signers_require_twice_writes_nothing() {
	fresh signers-require-twice-writes-nothing
	# the plan already requires signing, by a signed record: a second require records nothing
	"$F" --key coord signers require >out 2>&1 || fail "signers require on a plan that requires it: $(cat out)"
	grep -q "already requires signed records; nothing was changed" out || fail "signers require said: $(cat out)"
	cmp -s plan.yaml pristine.yaml || fail "a second signers require wrote the plan"
}

case_signers_add_same_name_says_replaced() {
	fresh signers-add-same-name-says-replaced
	# adding a name the list has replaces that signer's entry: the message says so
	"$F" --key coord signers add zhang --role liaison --unit 市发改委 --key mallory.pub >out 2>&1 || fail "add: $(cat out)"
	grep -q "^signer zhang replaced: now liaison, $OTHER" out || fail "signers add over zhang said: $(cat out)"
	[ "$("$F" signers list | grep -c '^zhang	')" = 1 ] || fail "two entries named zhang: $("$F" signers list)"
	"$F" --key coord signers add sun --role auditor --key zhang.pub >out 2>&1 || fail "add sun: $(cat out)"
	grep -q "^signer sun added: auditor" out || fail "a new signer was not 'added': $(cat out)"
}

case_as_from_environment_named_as_the_variable() {
	fresh as-from-environment-named-as-the-variable
	# zhang's key speaks for 市科技局; the unit that disagrees came from $FENGONG_AS, not from a typed --as
	expect_refused "FENGONG_AS=市财政局" 1 "^fengong: FENGONG_AS=市财政局: zhang's key speaks for 市科技局" \
		env FENGONG_AS=市财政局 "$F" --key zhang set 3 市科技局 in_progress
	grep -q -- "--as" out && fail "the message names --as, which was not typed: $(cat out)"
	# typed, it is the option that is named
	expect_refused "--as 市财政局" 1 "^fengong: --as 市财政局: zhang's key speaks for 市科技局" \
		"$F" --as 市财政局 --key zhang set 3 市科技局 in_progress
	# --as overrides the variable, and then it is --as that is named
	expect_refused "--as over FENGONG_AS" 1 "^fengong: --as 市财政局: " \
		env FENGONG_AS=市科技局 "$F" --as 市财政局 --key zhang set 3 市科技局 in_progress
}

# ------------------------------------------------------------ merge

case_merge_refuses_rewritten_shared_record() {
	fresh merge-refuses-rewritten-shared-record
	cp pristine.yaml base.yaml
	cp pristine.yaml ours.yaml
	"$F" -f ours.yaml --key zhang set 2 市科技局 in_progress >/dev/null || fail "ours"
	cp pristine.yaml theirs.yaml
	"$FORGE" theirs.yaml note 6 进展顺利 && "$FORGE" theirs.yaml canon 6 >canon6 &&
		ssh-keygen -q -Y sign -n fengong -f zhang canon6 && "$FORGE" theirs.yaml sig 6 canon6.sig || fail "re-signing"
	sed -i 's/note: 已启动/note: 进展顺利/' theirs.yaml
	"$F" -f theirs.yaml check >/dev/null 2>&1 || fail "theirs should verify on its own"
	cp ours.yaml ours-before.yaml
	"$F" merge base.yaml ours.yaml theirs.yaml >out 2>&1
	local rc=$?
	[ "$rc" = 2 ] || fail "merge with a rewritten shared record exited $rc, not 2"
	grep -q "base.yaml:$(record_line 6 base.yaml):[0-9]*: history record 6 (市科技局, by zhang, .*) is not in theirs.yaml" out ||
		fail "merge did not name the record: $(cat out)"
	cmp -s ours.yaml ours-before.yaml || fail "the refused merge wrote ours"
	# an honest merge keeps every signature as it was
	cp pristine.yaml theirs.yaml
	"$F" -f theirs.yaml --key coord signers add sun --role liaison --unit 市发改委 --key mallory.pub >/dev/null || fail "theirs"
	"$F" merge base.yaml ours.yaml theirs.yaml -o merged.yaml >out 2>&1 || fail "honest merge: $(cat out)"
	"$F" -f merged.yaml check >check.out 2>&1 || fail "the merged plan does not check: $(cat check.out)"
	for f in ours.yaml theirs.yaml; do
		for s in $(grep -o '^    sig: .*' "$f" | cut -c10- | cut -c1-40); do
			grep -q "$s" merged.yaml || fail "a signature of $f is not in the merged plan"
		done
	done
}

setup
all="import_by_liaison_refused import_by_coordinator_keeps_history import_dropping_history_refused
     sync_refuses_unverified_history sync_refuses_a_key_that_is_no_signer sync_message_names_each_record_s_kind init_git_writes_no_plan
     hook_rejects_forged_push hook_rejects_rewritten_history hook_refusal_speaks_of_the_push hook_accepts_signed_push hook_trust_file init_git_speaks_only_its_own_words
     trust_file_pins structure_and_correct_check_the_pinned_trust trust_file_malformed trust_option_malformed
     first_signer_with_empty_signing_key_variable signers_require_twice_writes_nothing signers_add_same_name_says_replaced as_from_environment_named_as_the_variable merge_refuses_rewritten_shared_record"
if [ "$case_name" = all ]; then
	for c in $all; do "case_$c"; done
else
	"case_${case_name//-/_}"
fi
[ "$fails" = 0 ] || exit 1
echo "ok: $case_name"
