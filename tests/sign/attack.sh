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
#  5 structure (written with 4)                   6 zhang: measure 1 市科技局 → in_progress
#  7 li: measure 2 各区人民政府 → blocked          8 zhang: measure 2 市科技局 → in_progress
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
	"$FORGE" plan.yaml note 7 已解决 || fail "forge"
	expect_flag "a record's note changed" "$(record_line 7)" "bad signature"
	# log marks each record (its 9th column, signature): the 6th is still good, the 7th is not
	"$F" log --format tsv >log.out || fail "log"
	[ "$(sed -n 7p log.out | awk -F'\t' '{ print $2 ":" $9 }')" = "zhang:verified" ] || fail "log: record 6 $(sed -n 7p log.out)"
	[ "$(sed -n 8p log.out | awk -F'\t' '{ print $9 }')" = "BAD" ] || fail "log: record 7 $(sed -n 8p log.out)"
	expect_set_refused
}

case_edit_status() {
	fresh edit-status
	"$FORGE" plan.yaml field 7 to done || fail "forge"
	expect_flag "a record's status changed" "$(record_line 7)" "bad signature"
}

case_edit_by() {
	fresh edit-by
	"$FORGE" plan.yaml field 6 by li || fail "forge"
	expect_flag "a record's person changed" "$(record_line 6)" "bad signature"
}

case_insert_unsigned() {
	fresh insert-unsigned
	"$FORGE" plan.yaml copy 7 && "$FORGE" plan.yaml unsign 9 && "$FORGE" plan.yaml field 9 to done || fail "forge"
	expect_flag "an unsigned record inserted" "$(record_line 9)" "is not signed"
	expect_set_refused
}

case_insert_replayed() {
	fresh insert-replayed
	# a real signature, copied from another record: it covers another chain
	"$FORGE" plan.yaml copy 7 || fail "forge"
	expect_flag "a record replayed" "$(record_line 9)" "replayed"
}

case_replayed_respaced() {
	fresh replayed-respaced
	# the replayed signature's text changed but not the signature: a blank
	# inside its base64 (which still decodes to the same bytes)
	"$FORGE" plan.yaml copy 7 || fail "forge"
	local line
	line=$(awk '/^    sig: / { n = NR } END { print n }' plan.yaml)
	sed -i "${line}s/^\(    sig: .\{40\}\)/\1 /" plan.yaml
	grep -q "^    sig: .\{40\} " plan.yaml || fail "no blank put into the copied signature"
	expect_flag "a record replayed with its signature respaced" "$(record_line 9)" "replayed"
}

case_delete_middle() {
	fresh delete-middle
	"$FORGE" plan.yaml delete 6 || fail "forge"
	# record 7 is now the 6th: its signature covers the deleted record's hash
	expect_flag "a record deleted" "$(record_line 6)" "bad signature"
	expect_set_refused
}

case_delete_last() {
	fresh delete-last
	"$FORGE" plan.yaml delete 8 || fail "forge"
	expect_flag "the last record cut" "$(asg_line 2 市科技局)" "no history record\|last history record"
}

case_reorder() {
	fresh reorder
	"$FORGE" plan.yaml swap 6 7 || fail "forge"
	expect_flag "records reordered" "$(record_line 6)" "bad signature"
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
	expect_flag "an assignment deleted" "$(record_line 7)" "assignment was deleted"
}

case_bogus_fields() {
	fresh bogus-fields
	"$FORGE" plan.yaml field 6 measure 99 || fail "forge"
	expect_flag "measure 99" "$(record_line 6)" "measure 99, which the plan does not have"
	fresh bogus-fields
	"$FORGE" plan.yaml field 6 at not-a-date || fail "forge"
	expect_flag "at: not-a-date" "$(record_line 6)" "not a date"
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
	"$FORGE" plan.yaml copy 6 && "$FORGE" plan.yaml field 9 unit 各区人民政府 &&
		"$FORGE" plan.yaml field 9 measure 2 && "$FORGE" plan.yaml field 9 to done || fail "forge"
	"$FORGE" plan.yaml canon 9 >canon8 && ssh-keygen -q -Y sign -n fengong -f zhang canon8 &&
		"$FORGE" plan.yaml sig 9 canon8.sig || fail "signing the forgery with zhang's key"
	sed -i '/^  - number: 2$/,/^  - number: 3$/ s/status: blocked/status: done/' plan.yaml
	expect_flag "a liaison signs another unit's change" "$(record_line 9)" "does not speak for that unit"
}

case_mallory_signs() {
	fresh mallory-signs
	# a well-formed signature by a key that is no signer
	"$FORGE" plan.yaml copy 8 && "$FORGE" plan.yaml field 9 to done || fail "forge"
	"$FORGE" plan.yaml canon 9 >canon8 && ssh-keygen -q -Y sign -n fengong -f mallory canon8 &&
		"$FORGE" plan.yaml sig 9 canon8.sig || fail "signing with mallory's key"
	expect_flag "signed by an outsider" "$(record_line 9)" "bad signature\|no signer\|another key"
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
	grep -q "signatures: 5 verified, 2 unsigned, 0 with problems (signing required)" check.out ||
		fail "upgrade: $(grep signatures check.out)"
	# unsigned edits are over: without a key set is refused, the file untouched
	cp plan.yaml before.yaml
	FENGONG_USER=old "$F" set 2 各区人民政府 done >set.out 2>&1 && fail "an unsigned set after signing became required"
	cmp -s plan.yaml before.yaml || fail "the refused unsigned set wrote the file"
}

case_correction() {
	fresh correction
	"$FORGE" plan.yaml note 7 已解决 || fail "forge"
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
	"$FORGE" theirs.yaml note 7 已解决 || fail "forge"
	cp ours.yaml ours-before.yaml
	"$F" merge base.yaml ours.yaml theirs.yaml >merge.out 2>&1
	local rc=$?
	[ "$rc" = 2 ] || fail "merge with a forged side exited $rc, not 2"
	grep -q "theirs.yaml:$(cd . && awk -v n=7 '/^history:/ { h = 1; next } h && /^  - / { if (++c == n) { print NR; exit } }' theirs.yaml):[0-9]*: .*bad signature" merge.out ||
		fail "merge did not name the forged record: $(cat merge.out)"
	cmp -s ours.yaml ours-before.yaml || fail "the refused merge wrote ours"
	# two honest sides merge, and every record still verifies
	cp pristine.yaml theirs.yaml
	"$F" -f theirs.yaml --key li set 2 各区人民政府 in_progress --note 资金到位 >/dev/null || fail "theirs"
	"$F" merge base.yaml ours.yaml theirs.yaml >merge.out 2>&1 || fail "honest merge: $(cat merge.out)"
	"$F" -f ours.yaml check >check.out 2>&1 || fail "the merged plan does not check: $(cat check.out)"
	grep -q "signatures: 10 verified, 0 unsigned, 0 with problems" check.out || fail "merged signatures: $(cat check.out)"
}

# ssh-keygen -Y verify agrees with check on every record of a real plan,
# good and forged
case_keygen_agrees() {
	fresh keygen-agrees
	"$FORGE" plan.yaml note 7 已解决 || fail "forge"
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

# --- r3-structure ---
# The plan's structure (measure texts, due dates, the units registry, the
# assignments and their roles) is covered by structure records (signers
# require wrote the first, record 5): edits of it with write access but no
# key are flagged at their place; the coordinator's `structure` signs it.

measure_line() { # N: the line of "- number: N"
	awk -v n="$1" '$0 == "  - number: " n { print NR; exit }' plan.yaml
}

unit_line() { # NAME: the line of "- name: NAME" in the registry
	awk -v u="$1" '$0 == "  - name: " u { print NR; exit }' plan.yaml
}

case_structure_assignment_deleted() {
	fresh structure-assignment-deleted
	# 市发改委's block in measure 1: no record names it
	awk '/^  - number: 1$/ { m = 1 } /^  - number: 2$/ { m = 0 } m && /^      - unit: 市发改委$/ { skip = 1; next }
	     skip && /^      - / { skip = 0 } skip && /^        / { next } { skip = 0; print }' plan.yaml >x && mv x plan.yaml
	grep -q "unit: 市发改委" plan.yaml && fail "the block was not deleted"
	expect_flag "an assignment block deleted" "$(measure_line 1)" "measure 1 was changed with no signed record"
	expect_flag "an assignment block deleted (counts)" "" "assignments 3, signed 4"
	expect_set_refused
}

case_structure_due_date() {
	fresh structure-due-date
	# a measure's due date added by hand
	sed -i '/^  - number: 2$/,/^    assignments:/ s/^    text: 推进关键核心技术攻关。$/&\n    due: 2027-01-01/' plan.yaml
	grep -q "due: 2027-01-01" plan.yaml || fail "no due date was added"
	expect_flag "a measure's due date added" "$(measure_line 2)" "measure 2 was changed with no signed record"
	expect_set_refused
	# an assignment's own date set with a signed `due`, then changed by hand
	fresh structure-due-date
	"$F" --key zhang due 1 市科技局 2026-12-31 >out 2>&1 && fail "a liaison's key set a due date"
	"$F" --key coord due 1 市科技局 2026-12-31 >out 2>&1 || fail "the coordinator's due: $(cat out)"
	"$F" check >check.out 2>&1 || fail "check after due: $(cat check.out)"
	sed -i 's/^        due: 2026-12-31$/        due: 2027-12-31/' plan.yaml
	expect_flag "an assignment's due date changed" "$(asg_line 1 市科技局)" "last signed record of its due date"
}

case_structure_measure_text() {
	fresh structure-measure-text
	sed -i 's/^    text: 推进关键核心技术攻关。$/    text: 推进关键技术攻关。/' plan.yaml
	expect_flag "a measure's text changed" "$(measure_line 2)" "measure 2 was changed with no signed record"
	expect_flag "a measure's text changed (the record)" "" "last signed structure: history record 5"
}

case_structure_unit_added() {
	fresh structure-unit-added
	# 各区人民政府 added to measure 1 as a co-unit
	awk '{ print } /^  - number: 1$/ { m = 1 } m && /^    assignments:$/ {
	       print "      - unit: 各区人民政府\n        role: co\n        status: not_started"; m = 0 }' plan.yaml >x &&
		mv x plan.yaml
	expect_flag "a unit added to a measure" "$(measure_line 1)" "measure 1 was changed with no signed record"
	expect_flag "a unit added to a measure (counts)" "" "assignments 5, signed 4"
}

case_structure_umbrella_member() {
	fresh structure-umbrella-member
	sed -i 's/^      - 葛店经开区管委会$/&\n      - 临空经济区管委会/' plan.yaml
	expect_flag "a member added to an umbrella" "$(unit_line 市科技局)" "units registry"
	expect_flag "a member added to an umbrella (counts)" "" "members of umbrella units 2, signed 1"
	expect_set_refused
}

case_structure_signed() {
	fresh structure-signed
	sed -i 's/^    text: 推进关键核心技术攻关。$/    text: 推进关键核心技术攻关和成果转化。/' plan.yaml
	cp plan.yaml edited.yaml
	# a liaison's key cannot sign it; nor can a liaison's --as
	"$F" --key zhang structure --note 改 >out 2>&1 && fail "a liaison's key signed the structure"
	grep -q "only a coordinator" out || fail "the liaison's refusal does not say why: $(cat out)"
	"$F" --key coord --as 市科技局 structure >out 2>&1 && fail "structure under --as"
	cmp -s plan.yaml edited.yaml || fail "a refused structure wrote the file"
	expect_flag "still flagged after the refusals" "$(measure_line 2)" "measure 2 was changed"
	# the coordinator's signed structure record makes check ok
	"$F" --key coord structure --note 第二条措施文字调整 >out 2>&1 || fail "the coordinator's structure: $(cat out)"
	"$F" check >check.out 2>&1 || fail "check after structure: $(cat check.out)"
	"$F" log --format tsv | tail -1 | grep -q "wang.*第二条措施文字调整.*verified.structure" ||
		fail "the structure record is not the coordinator's, verified: $("$F" log --format tsv | tail -1)"
	"$F" --key zhang set 1 市科技局 done --note 完成 >/dev/null || fail "set after the structure record"
	# a forged structure record (the digest of a changed plan, no key) is flagged
	sed -i 's/^    text: 推进关键核心技术攻关和成果转化。$/    text: 推进关键核心技术攻关。/' plan.yaml
	local n
	n=$(awk '/^history:/ { h = 1; next } h && /^  - / { c++ } END { print c }' plan.yaml)
	"$FORGE" plan.yaml copy "$((n - 1))" && "$FORGE" plan.yaml unsign "$((n + 1))" || fail "forge"
	expect_flag "an unsigned structure record" "$(record_line $((n + 1)))" "is not signed"
}

case_structure_correction() {
	fresh structure-correction
	sed -i 's/^      - 葛店经开区管委会$/&\n      - 临空经济区管委会/' plan.yaml
	"$F" --key coord correct --note 成员名单已核实 >out 2>&1 || fail "the coordinator's correction: $(cat out)"
	"$F" check >check.out 2>&1 || fail "check after the correction: $(cat check.out)"
}

case_structure_approve_extension() {
	fresh structure-approve-extension
	"$F" --key zhang extend 1 市科技局 --to 2027-03-31 --note 资金推迟 >out 2>&1 || fail "extend: $(cat out)"
	"$F" --key coord approve 1 市科技局 >out 2>&1 || fail "approve: $(cat out)"
	"$F" log --format tsv | tail -1 | grep -q "wang.*extension to 2027-03-31 granted.*verified.structure" ||
		fail "no structure record with the approval: $("$F" log --format tsv | tail -2)"
	"$F" check >check.out 2>&1 || fail "check after approve: $(cat check.out)"
}

case_structure_merge_forged_side() {
	fresh structure-merge-forged-side
	cp pristine.yaml base.yaml
	cp pristine.yaml ours.yaml
	"$F" -f ours.yaml --key zhang set 1 市科技局 done --note 完成 >/dev/null || fail "ours"
	cp pristine.yaml theirs.yaml
	sed -i 's/^    text: 推进关键核心技术攻关。$/    text: 推进关键技术攻关。/' theirs.yaml
	cp ours.yaml ours-before.yaml
	"$F" merge base.yaml ours.yaml theirs.yaml >merge.out 2>&1
	local rc=$?
	[ "$rc" = 2 ] || fail "merge with a side whose structure was forged exited $rc, not 2"
	grep -q "theirs.yaml:[0-9]*:[0-9]*: measure 2 was changed with no signed record" merge.out ||
		fail "merge did not name the forged measure: $(cat merge.out)"
	cmp -s ours.yaml ours-before.yaml || fail "the refused merge wrote ours"
}

case_structure_unsigned_before_signers() {
	fresh structure-unsigned-before-signers
	# a plan whose due dates were set before it had signers (unsigned
	# structure records) is upgraded as any other
	cp "$PLAN" plan.yaml
	FENGONG_USER=old "$F" due 1 市科技局 2026-10-01 >/dev/null || fail "an unsigned due"
	"$F" signers add wang --role coordinator --key coord.pub >/dev/null &&
		"$F" --key coord signers add zhang --role liaison --unit 市科技局 --key zhang.pub >/dev/null ||
		fail "adding signers after an unsigned due"
	"$F" check >check.out 2>&1 || fail "check before require: $(cat check.out)"
	# with signers, due signs: no key, no change
	cp plan.yaml before.yaml
	FENGONG_USER=old "$F" due 1 市科技局 2026-11-01 >out 2>&1 && fail "an unsigned due on a plan with signers"
	cmp -s plan.yaml before.yaml || fail "the refused due wrote the file"
	"$F" --key coord signers require >/dev/null || fail "require"
	"$F" check >check.out 2>&1 || fail "check after require: $(cat check.out)"
}

setup
all="edit_note edit_status edit_by insert_unsigned insert_replayed replayed_respaced delete_middle delete_last reorder hand_status
     hand_no_record deleted_assignment bogus_fields wipe_history signers_list signing_off foreign_root
     liaison_other_unit mallory_signs upgrade_existing correction git_key_literal merge_forged_side keygen_agrees
     structure_assignment_deleted structure_due_date structure_measure_text structure_unit_added
     structure_umbrella_member structure_signed structure_correction structure_approve_extension
     structure_unsigned_before_signers structure_merge_forged_side"
if [ "$case_name" = all ]; then
	for c in $all; do "case_$c"; done
else
	"case_${case_name//-/_}"
fi
[ "$fails" = 0 ] || exit 1
echo "ok: $case_name"
