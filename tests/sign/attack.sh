#!/bin/bash
# The attacker (issue 14): write access to a signed plan, but no private key
# (or only a liaison's).  Each case forges one edit, recomputing the hash
# chain (tests/sign/forge), and `check` must flag it at its place; `set`
# must refuse to append to the forged history.
#
#   attack.sh CASE FENGONG FORGE PLAN      (CASE "all" runs every case)
set -u
case_name=$1
F=$2
FORGE=$3
PLAN=$4
case $F in /*) ;; *) F=$PWD/$F ;; esac
case $FORGE in /*) ;; *) FORGE=$PWD/$FORGE ;; esac
case $PLAN in /*) ;; *) PLAN=$PWD/$PLAN ;; esac

export TZ=Asia/Shanghai LC_ALL=C.UTF-8 GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
unset FENGONG_AS FENGONG_TRUST FENGONG_SIGNING_KEY SSH_AUTH_SOCK

W=$(mktemp -d "${TMPDIR:-/tmp}/fengong-attack.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
export FENGONG_FILE=$W/plan.yaml
fails=0

fail() {
	echo "FAIL [$cur]: $*" >&2
	fails=$((fails + 1))
}

die() {
	echo "FAIL [setup]: $*" >&2
	exit 1
}

# The signed plan every case starts from:
#  1 signer-add wang (coordinator, self-signed)   2 signer-add zhang (liaison 市科技局)
#  3 signer-add li (liaison 各区人民政府)          4 signing required
#  5 zhang: measure 1 市科技局 → in_progress      6 li: measure 2 各区人民政府 → blocked
#  7 zhang: measure 2 市科技局 → in_progress
setup() {
	for k in coord zhang li mallory; do
		ssh-keygen -q -t ed25519 -N '' -C "$k" -f "$W/$k" || die "ssh-keygen"
	done
	cp "$PLAN" plan.yaml
	"$F" signers add wang --role coordinator --key coord.pub >/dev/null &&
		"$F" --key coord signers add zhang --role liaison --unit 市科技局 --key zhang.pub >/dev/null &&
		"$F" --key coord signers add li --role liaison --unit 各区人民政府 --key li.pub >/dev/null &&
		"$F" --key coord signers require >/dev/null &&
		"$F" --key zhang set 1 市科技局 in_progress --note 已启动 >/dev/null &&
		"$F" --key li set 2 各区人民政府 blocked --note 等待资金 >/dev/null &&
		"$F" --key zhang set 2 市科技局 in_progress --note 推进中 >/dev/null || die "building the signed plan"
	"$F" check >check.out 2>&1 || { cat check.out >&2; die "the untouched signed plan does not check"; }
	cp plan.yaml pristine.yaml
	ROOT=$(ssh-keygen -l -E sha256 -f coord.pub | cut -d' ' -f2)
}

# the line where history record N starts (canonical layout)
record_line() {
	awk -v n="$1" '/^history:/ { h = 1; next } h && /^  - / { if (++c == n) { print NR; exit } }' plan.yaml
}

signer_line() {
	awk -v name="$1" '/^signers:/ { s = 1; next } s && /^[a-z]/ { s = 0 } s && $0 == "  - name: " name { print NR; exit }' plan.yaml
}

asg_line() { # measure, unit: the line of "- unit: UNIT" in measure N
	awk -v n="$1" -v u="$2" '/^  - number: / { m = ($3 == n) } m && $0 ~ "- unit: " u "$" { print NR; exit }' plan.yaml
}

# expect_flag WHAT LINE PATTERN: check exits 1 and says PATTERN at plan.yaml:LINE
expect_flag() {
	local what=$1 line=$2 pat=$3
	"$F" check ${TRUST:+--trust "$TRUST"} >check.out 2>&1
	local rc=$?
	[ "$rc" = 1 ] || fail "$what: check exited $rc, not 1"
	if [ -n "$line" ]; then
		grep -q "plan.yaml:$line:[0-9]*: .*$pat" check.out ||
			fail "$what: no \"$pat\" at line $line; check said:$(printf '\n'; cat check.out)"
	else
		grep -q "$pat" check.out || fail "$what: no \"$pat\"; check said:$(printf '\n'; cat check.out)"
	fi
}

# expect_set_refused: set must not append to the forged history
expect_set_refused() {
	cp plan.yaml before-set.yaml
	"$F" --key zhang set 1 市科技局 done --note 完成 >set.out 2>&1
	local rc=$?
	[ "$rc" = 1 ] || fail "set on a forged history exited $rc, not 1"
	grep -q "does not verify" set.out || fail "set did not say the history does not verify: $(cat set.out)"
	cmp -s plan.yaml before-set.yaml || fail "set wrote to a forged history"
}

fresh() {
	cp pristine.yaml plan.yaml
	rm -f canon8 canon8.sig
	cur=$1
}

# ------------------------------------------------------------ cases

case_edit_note() {
	fresh edit-note
	"$FORGE" plan.yaml note 6 已解决 || fail "forge"
	expect_flag "a record's note changed" "$(record_line 6)" "bad signature"
	# log marks each record: the 5th is still good, the 6th is not
	"$F" log --format tsv >log.out || fail "log"
	[ "$(sed -n 6p log.out | awk -F'\t' '{ print $2 ":" $NF }')" = "zhang:verified" ] || fail "log: record 5 $(sed -n 6p log.out)"
	[ "$(sed -n 7p log.out | awk -F'\t' '{ print $NF }')" = "BAD" ] || fail "log: record 6 $(sed -n 7p log.out)"
	expect_set_refused
}

case_edit_status() {
	fresh edit-status
	"$FORGE" plan.yaml field 6 to done || fail "forge"
	expect_flag "a record's status changed" "$(record_line 6)" "bad signature"
}

case_edit_by() {
	fresh edit-by
	"$FORGE" plan.yaml field 5 by li || fail "forge"
	expect_flag "a record's person changed" "$(record_line 5)" "bad signature"
}

case_insert_unsigned() {
	fresh insert-unsigned
	"$FORGE" plan.yaml copy 6 && "$FORGE" plan.yaml unsign 8 && "$FORGE" plan.yaml field 8 to done || fail "forge"
	expect_flag "an unsigned record inserted" "$(record_line 8)" "is not signed"
	expect_set_refused
}

case_insert_replayed() {
	fresh insert-replayed
	# a real signature, copied from another record: it covers another chain
	"$FORGE" plan.yaml copy 6 || fail "forge"
	expect_flag "a record replayed" "$(record_line 8)" "replayed"
}

case_replayed_respaced() {
	fresh replayed-respaced
	# the replayed signature's text changed but not the signature: a blank
	# inside its base64 (which still decodes to the same bytes)
	"$FORGE" plan.yaml copy 6 || fail "forge"
	local line
	line=$(awk '/^    sig: / { n = NR } END { print n }' plan.yaml)
	sed -i "${line}s/^\(    sig: .\{40\}\)/\1 /" plan.yaml
	grep -q "^    sig: .\{40\} " plan.yaml || fail "no blank put into the copied signature"
	expect_flag "a record replayed with its signature respaced" "$(record_line 8)" "replayed"
}

case_delete_middle() {
	fresh delete-middle
	"$FORGE" plan.yaml delete 5 || fail "forge"
	# record 6 is now the 5th: its signature covers the deleted record's hash
	expect_flag "a record deleted" "$(record_line 5)" "bad signature"
	expect_set_refused
}

case_delete_last() {
	fresh delete-last
	"$FORGE" plan.yaml delete 7 || fail "forge"
	expect_flag "the last record cut" "$(asg_line 2 市科技局)" "no history record\|last history record"
}

case_reorder() {
	fresh reorder
	"$FORGE" plan.yaml swap 5 6 || fail "forge"
	expect_flag "records reordered" "$(record_line 5)" "bad signature"
}

case_hand_status() {
	fresh hand-status
	# blocked → done by hand, then an honest set must not launder it
	sed -i '/^  - number: 2$/,/^  - number: 3$/ s/status: blocked/status: done/' plan.yaml
	expect_flag "an assignment changed by hand" "$(asg_line 2 各区人民政府)" "last history record"
	expect_set_refused
	"$F" --key li set 2 各区人民政府 done --note x >/dev/null 2>&1 && fail "li's set laundered a hand edit"
}

case_hand_no_record() {
	fresh hand-no-record
	# an assignment with no records at all hand-set to done
	sed -i '/^  - number: 1$/,/^  - number: 2$/ { /- unit: 市发改委/,/status:/ s/status: not_started/status: done/ }' plan.yaml
	expect_flag "an assignment with no record set by hand" "$(asg_line 1 市发改委)" "no record changed it"
}

case_deleted_assignment() {
	fresh deleted-assignment
	# delete 各区人民政府's assignment block from measure 2
	awk '/^  - number: 2$/ { m = 1 } m && /^      - unit: 各区人民政府$/ { skip = 1; next }
	     skip && /^      - / { skip = 0 } skip && /^        / { next } { skip = 0; print }' plan.yaml >x && mv x plan.yaml
	expect_flag "an assignment deleted" "$(record_line 6)" "assignment was deleted"
}

case_bogus_fields() {
	fresh bogus-fields
	"$FORGE" plan.yaml field 5 measure 99 || fail "forge"
	expect_flag "measure 99" "$(record_line 5)" "measure 99, which the plan does not have"
	fresh bogus-fields
	"$FORGE" plan.yaml field 5 at not-a-date || fail "forge"
	expect_flag "at: not-a-date" "$(record_line 5)" "not a date"
}

case_wipe_history() {
	fresh wipe-history
	# every record gone and every status reset; signers and signing left
	awk '/^history:/ { print "history: []"; skip = 1; next } skip && /^[a-z]/ { skip = 0 } !skip' plan.yaml >x && mv x plan.yaml
	sed -i 's/status: in_progress/status: not_started/; s/status: blocked/status: not_started/' plan.yaml
	expect_flag "history wiped" "$(signer_line wang)" "no signed record added them"
	expect_flag "history wiped (signing)" "" "no coordinator's signed record turned it on"
	# everything signing-related removed too: only a pinned key notices
	awk '/^signers:/ { skip = 1; next } skip && /^[a-z]/ { skip = 0 } !skip' plan.yaml | grep -v '^  signing:' >x &&
		mv x plan.yaml
	TRUST=$ROOT expect_flag "history and signers wiped, key pinned" "" "has no signed records"
}

case_signers_list() {
	fresh signers-list
	# zhang now "speaks for" 各区人民政府 too
	sed -i '/^  - name: zhang$/,/^  - name:/ s/^      - 市科技局$/      - 市科技局\n      - 各区人民政府/' plan.yaml
	expect_flag "a signer's units edited" "$(signer_line zhang)" "differs"
	fresh signers-list
	# mallory's key slipped into the list
	printf '  - name: mallory\n    role: coordinator\n    key: %s\n' "$(cut -d' ' -f1,2 mallory.pub)" >m.yaml
	awk 'FNR == NR { add = add $0 "\n"; next } /^signers:/ { print; printf "%s", add; next } { print }' m.yaml plan.yaml >x &&
		mv x plan.yaml
	expect_flag "a coordinator added by hand" "$(signer_line mallory)" "no signed record added them"
}

case_signing_off() {
	fresh signing-off
	sed -i '/^  signing: required$/d' plan.yaml
	expect_flag "signing turned off by hand" "" "turned signing on"
}

case_foreign_root() {
	fresh foreign-root
	# mallory rebuilds the whole trust from her own key: without a pin check
	# names her key as the root; with the coordinator's key pinned it fails
	cp "$PLAN" plan.yaml
	"$F" signers add wang --role coordinator --key mallory.pub >/dev/null || fail "mallory's plan"
	"$F" check >check.out 2>&1
	grep -q "trust rests on the key $(ssh-keygen -l -E sha256 -f mallory.pub | cut -d' ' -f2)" check.out ||
		fail "check does not say the trust rests on mallory's key: $(cat check.out)"
	TRUST=$ROOT expect_flag "a foreign root with the real root pinned" "" "none of the trusted keys"
}

case_liaison_other_unit() {
	fresh liaison-other-unit
	# zhang's own key, but 各区人民政府's assignment: refused...
	"$F" --key zhang --as 各区人民政府 set 2 各区人民政府 done >set.out 2>&1 && fail "zhang set another unit's row"
	"$F" --key zhang set 2 各区人民政府 done >set.out 2>&1 && fail "zhang set another unit's row (no --as)"
	cmp -s plan.yaml pristine.yaml || fail "a refused set wrote the file"
	# ...and forged by hand with a real signature from zhang's key: flagged
	"$FORGE" plan.yaml copy 5 && "$FORGE" plan.yaml field 8 unit 各区人民政府 &&
		"$FORGE" plan.yaml field 8 measure 2 && "$FORGE" plan.yaml field 8 to done || fail "forge"
	"$FORGE" plan.yaml canon 8 >canon8 && ssh-keygen -q -Y sign -n fengong -f zhang canon8 &&
		"$FORGE" plan.yaml sig 8 canon8.sig || fail "signing the forgery with zhang's key"
	sed -i '/^  - number: 2$/,/^  - number: 3$/ s/status: blocked/status: done/' plan.yaml
	expect_flag "a liaison signs another unit's change" "$(record_line 8)" "does not speak for that unit"
}

case_mallory_signs() {
	fresh mallory-signs
	# a well-formed signature by a key that is no signer
	"$FORGE" plan.yaml copy 7 && "$FORGE" plan.yaml field 8 to done || fail "forge"
	"$FORGE" plan.yaml canon 8 >canon8 && ssh-keygen -q -Y sign -n fengong -f mallory canon8 &&
		"$FORGE" plan.yaml sig 8 canon8.sig || fail "signing with mallory's key"
	expect_flag "signed by an outsider" "$(record_line 8)" "bad signature\|no signer\|another key"
	"$F" --key mallory set 1 市科技局 done >set.out 2>&1 && fail "mallory's key set a row"
}

case_upgrade_existing() {
	fresh upgrade-existing
	# a plan with an unsigned history is upgraded by a coordinator's signed records
	cp "$PLAN" plan.yaml
	FENGONG_USER=old "$F" set 1 市科技局 in_progress --note 旧记录 >/dev/null &&
		FENGONG_USER=old "$F" --as 各区人民政府 set 2 各区人民政府 blocked >/dev/null || fail "unsigned edits"
	"$F" signers add wang --role coordinator --key coord.pub >/dev/null &&
		"$F" --key coord signers add zhang --role liaison --unit 市科技局 --key zhang.pub >/dev/null &&
		"$F" --key coord signers require >/dev/null || fail "upgrading"
	"$F" --key zhang set 1 市科技局 done --note 新记录 >/dev/null || fail "a signed set after the upgrade"
	"$F" check >check.out 2>&1 || fail "the upgraded plan does not check: $(cat check.out)"
	grep -q "signatures: 4 verified, 2 unsigned, 0 with problems (signing required)" check.out ||
		fail "upgrade: $(grep signatures check.out)"
	# unsigned edits are over: without a key set is refused, the file untouched
	cp plan.yaml before.yaml
	FENGONG_USER=old "$F" set 2 各区人民政府 done >set.out 2>&1 && fail "an unsigned set after signing became required"
	cmp -s plan.yaml before.yaml || fail "the refused unsigned set wrote the file"
}

case_correction() {
	fresh correction
	"$FORGE" plan.yaml note 6 已解决 || fail "forge"
	sed -i '/^  - number: 1$/,/^  - number: 2$/ { /- unit: 市发改委/,/status:/ s/status: not_started/status: delayed/ }' plan.yaml
	expect_set_refused
	"$F" --key zhang correct --note 试图掩盖 >out 2>&1 && fail "a liaison recorded a correction"
	"$F" --key coord correct --note 第6条记录被手工改动，已核实 >out 2>&1 || fail "the coordinator's correction: $(cat out)"
	"$F" check >check.out 2>&1 || fail "check after the correction: $(cat check.out)"
	grep -q "acknowledged by it" check.out || fail "check does not say what the correction acknowledged: $(cat check.out)"
	# the hand-set state is now on record, as found, by the coordinator
	"$F" log --format tsv | grep -q "wang.*市发改委.*delayed.*verified" || fail "the state as found is not on record"
	"$F" --key zhang set 1 市科技局 done --note 完成 >/dev/null || fail "set after the correction"
	"$F" check >check.out 2>&1 || fail "check after a set after the correction: $(cat check.out)"
	# a forgery after the correction is flagged again
	local n
	n=$(awk '/^history:/ { h = 1; next } h && /^  - / { c++ } END { print c }' plan.yaml)
	"$FORGE" plan.yaml note "$n" 改 || fail "forge"
	expect_flag "a forgery after a correction" "$(record_line "$n")" "bad signature"
}

case_git_key_literal() {
	fresh git-key-literal
	# git's user.signingkey as a literal public key; the private half in ssh-agent
	mkdir -p tmp
	printf '[user]\n\tsigningkey = key::%s\n' "$(cut -d' ' -f1,2 zhang.pub)" >gitconfig
	eval "$(ssh-agent -s -a "$W/agent.sock")" >/dev/null || { fail "ssh-agent"; return; }
	ssh-add -q zhang 2>/dev/null || fail "ssh-add"
	GIT_CONFIG_GLOBAL=$W/gitconfig TMPDIR=$W/tmp "$F" set 1 市科技局 done --note 经由代理 >set.out 2>&1 ||
		fail "set with git's key:: literal: $(cat set.out)"
	kill "$SSH_AGENT_PID"
	unset SSH_AUTH_SOCK SSH_AGENT_PID
	[ -z "$(ls tmp)" ] || fail "the temporary key file was left behind: $(ls tmp)"
	"$F" check >check.out 2>&1 || fail "check: $(cat check.out)"
	"$F" log --format tsv | tail -1 | grep -q "zhang.*经由代理.*verified" || fail "the record is not zhang's, verified"
}

case_merge_forged_side() {
	fresh merge-forged-side
	cp pristine.yaml base.yaml
	cp pristine.yaml ours.yaml
	"$F" -f ours.yaml --key zhang set 1 市科技局 done --note 完成 >/dev/null || fail "ours"
	cp pristine.yaml theirs.yaml
	"$FORGE" theirs.yaml note 6 已解决 || fail "forge"
	cp ours.yaml ours-before.yaml
	"$F" merge base.yaml ours.yaml theirs.yaml >merge.out 2>&1
	local rc=$?
	[ "$rc" = 2 ] || fail "merge with a forged side exited $rc, not 2"
	grep -q "theirs.yaml:$(cd . && awk -v n=6 '/^history:/ { h = 1; next } h && /^  - / { if (++c == n) { print NR; exit } }' theirs.yaml):[0-9]*: .*bad signature" merge.out ||
		fail "merge did not name the forged record: $(cat merge.out)"
	cmp -s ours.yaml ours-before.yaml || fail "the refused merge wrote ours"
	# two honest sides merge, and every record still verifies
	cp pristine.yaml theirs.yaml
	"$F" -f theirs.yaml --key li set 2 各区人民政府 in_progress --note 资金到位 >/dev/null || fail "theirs"
	"$F" merge base.yaml ours.yaml theirs.yaml >merge.out 2>&1 || fail "honest merge: $(cat merge.out)"
	"$F" -f ours.yaml check >check.out 2>&1 || fail "the merged plan does not check: $(cat check.out)"
	grep -q "signatures: 9 verified, 0 unsigned, 0 with problems" check.out || fail "merged signatures: $(cat check.out)"
}

# ssh-keygen -Y verify agrees with check on every record of a real plan,
# good and forged
case_keygen_agrees() {
	fresh keygen-agrees
	"$FORGE" plan.yaml note 6 已解决 || fail "forge"
	{
		printf 'wang namespaces="fengong" %s\n' "$(cut -d' ' -f1,2 coord.pub)"
		printf 'zhang namespaces="fengong" %s\n' "$(cut -d' ' -f1,2 zhang.pub)"
		printf 'li namespaces="fengong" %s\n' "$(cut -d' ' -f1,2 li.pub)"
	} >allowed
	"$F" check >check.out 2>&1
	local n
	n=$(awk '/^history:/ { h = 1; next } h && /^  - / { c++ } END { print c }' plan.yaml)
	for i in $(seq 1 "$n"); do
		local by line ours theirs
		line=$(record_line "$i")
		by=$(sed -n "$((line + 1))p" plan.yaml | sed 's/^ *by: //')
		"$FORGE" plan.yaml canon "$i" >canon && "$FORGE" plan.yaml sigtext "$i" >canon.sig || fail "extract $i"
		if ssh-keygen -Y verify -f allowed -I "$by" -n fengong -s canon.sig <canon >/dev/null 2>&1; then
			theirs=good
		else
			theirs=bad
		fi
		if grep -q "plan.yaml:$line:[0-9]*: .*bad signature" check.out; then ours=bad; else ours=good; fi
		[ "$ours" = "$theirs" ] || fail "record $i (by $by): check says $ours, ssh-keygen says $theirs"
	done
	grep -q "bad signature" check.out || fail "the forged record was not flagged at all"
}

setup
all="edit_note edit_status edit_by insert_unsigned insert_replayed replayed_respaced delete_middle delete_last reorder hand_status
     hand_no_record deleted_assignment bogus_fields wipe_history signers_list signing_off foreign_root
     liaison_other_unit mallory_signs upgrade_existing correction git_key_literal merge_forged_side keygen_agrees"
if [ "$case_name" = all ]; then
	for c in $all; do "case_$c"; done
else
	"case_${case_name//-/_}"
fi
[ "$fails" = 0 ] || exit 1
echo "ok: $case_name"
