#!/bin/bash
# A signed plan shared through git (issue 14): a bare hub, a coordinator who
# sets up the signers, five liaisons' clones with one SSH key each, editing,
# pulling (merge and rebase, through the fengong merge driver) and pushing
# in an interleaved order.  Every clone ends with every record verified.
#
# The hub carries fengong's pre-receive hook: honest pushes pass, a forged
# record or a hand edit is refused.
#
#   team.sh FENGONG PLAN FORGE
set -u
F=$1
PLAN=$2
FORGE=$3
case $FORGE in /*) ;; *) FORGE=$PWD/$FORGE ;; esac
case $F in /*) ;; *) F=$PWD/$F ;; esac
case $PLAN in /*) ;; *) PLAN=$PWD/$PLAN ;; esac

export TZ=Asia/Shanghai LC_ALL=C.UTF-8
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no GIT_TERMINAL_PROMPT=0
unset FENGONG_FILE FENGONG_AS FENGONG_TRUST FENGONG_SIGNING_KEY SSH_AUTH_SOCK GIT_DIR GIT_WORK_TREE

W=$(mktemp -d "${TMPDIR:-/tmp}/fengong-signteam.XXXXXX")
trap 'rm -rf "$W"' EXIT
LOG=$W/log
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

die() {
	echo "FAIL: $*" >&2
	echo "--- last commands:" >&2
	tail -n 40 "$LOG" >&2
	exit 1
}

run() {
	echo "+ $*" >>"$LOG"
	"$@" >>"$LOG" 2>&1
}

g() { run git -C "$cdir" "$@"; }

LIAISONS=(市科技局 市经信局 市发改委 葛店经开区管委会 市商务局)
USERS=(kj jx fg gq sw)
STATUSES=(in_progress done delayed blocked)
ROUNDS=${FENGONG_TEAM_ROUNDS:-4}
n=${#LIAISONS[@]}

mkdir "$W/keys"
ssh-keygen -q -t ed25519 -N '' -C coordinator -f "$W/keys/coord" || die "ssh-keygen"
for ((i = 0; i < n; i++)); do
	ssh-keygen -q -t ed25519 -N '' -C "${USERS[$i]}" -f "$W/keys/${USERS[$i]}" || die "ssh-keygen"
done

# the coordinator's seed clone: signers, signing required, pushed
git init -q --bare -b main "$W/hub.git" || die "git init --bare"
cdir=$W/seed
git clone -q "$W/hub.git" "$cdir" 2>>"$LOG" || die "clone seed"
git -C "$cdir" config user.name coordinator
git -C "$cdir" config user.email coordinator@example.org
git -C "$cdir" symbolic-ref HEAD refs/heads/main
cp "$PLAN" "$cdir/plan.yaml"
(
	cd "$cdir" || exit 1
	run "$F" init-git plan.yaml || exit 1
	run "$F" -f plan.yaml signers add wang --role coordinator --key "$W/keys/coord.pub" || exit 1
	for ((i = 0; i < n; i++)); do
		run "$F" -f plan.yaml --key "$W/keys/coord" signers add "${USERS[$i]}" --role liaison \
			--unit "${LIAISONS[$i]}" --key "$W/keys/${USERS[$i]}.pub" || exit 1
	done
	run "$F" -f plan.yaml --key "$W/keys/coord" signers require
) || die "setting up the signers"
g add plan.yaml .gitattributes && g commit -q -m "the signed plan" && g push -q origin main || die "seed push"
ROOT=$(ssh-keygen -l -E sha256 -f "$W/keys/coord.pub" | cut -d' ' -f2)
run "$F" signers hook "$W/hub.git" --trust "$ROOT" plan.yaml || die "installing the pre-receive hook"
[ -x "$W/hub.git/hooks/pre-receive" ] || die "no pre-receive hook"

for ((i = 0; i < n; i++)); do
	cdir=$W/c$i
	git clone -q "$W/hub.git" "$cdir" 2>>"$LOG" || die "clone c$i"
	git -C "$cdir" config user.name "${USERS[$i]}"
	git -C "$cdir" config user.email "${USERS[$i]}@example.org"
	# each liaison's key is git's user.signingkey in their clone
	git -C "$cdir" config user.signingkey "$W/keys/${USERS[$i]}"
	(cd "$cdir" && run "$F" init-git plan.yaml) || die "init-git in c$i"
done

declare -A mine
for ((i = 0; i < n; i++)); do
	mine[$i]=$("$F" -f "$W/c0/plan.yaml" list --unit "${LIAISONS[$i]}" --format tsv | awk -F'\t' 'NR > 1 { print $1 }' | sort -un | tr '\n' ' ')
	[ -n "${mine[$i]}" ] || die "no assignments for ${LIAISONS[$i]}"
done

edits=0
for ((r = 0; r < ROUNDS; r++)); do
	for ((i = 0; i < n; i++)); do
		cdir=$W/c$i
		ms=(${mine[$i]})
		for ((e = 0; e < 2; e++)); do
			m=${ms[$(((r * 2 + e) % ${#ms[@]}))]}
			st=${STATUSES[$(((r + e + i) % ${#STATUSES[@]}))]}
			# no --as, no $FENGONG_USER: the key says who and for which unit
			(cd "$cdir" && run "$F" -f plan.yaml set "$m" "${LIAISONS[$i]}" "$st" --note "第${r}轮 ${USERS[$i]} 编辑$e") ||
				die "set $m ${LIAISONS[$i]} in c$i"
			edits=$((edits + 1))
		done
		g commit -q -am "${LIAISONS[$i]}: round $r" || die "commit in c$i"
	done
	for ((k = 0; k < n; k++)); do
		i=$(((k * 2 + r) % n))
		cdir=$W/c$i
		how=--no-rebase
		[ $(((i + r) % 2)) = 1 ] && how=--rebase
		g pull -q $how origin main || die "pull $how in c$i (round $r)"
		g push -q origin main || die "push from c$i (round $r)"
	done
done
for ((i = 0; i < n; i++)); do
	cdir=$W/c$i
	g pull -q --no-rebase origin main || die "final pull in c$i"
done

total=$((edits + n + 3)) # the edits, the signer-add records, require and its structure record
for ((i = 0; i < n; i++)); do
	p=$W/c$i/plan.yaml
	cmp -s "$p" "$W/c0/plan.yaml" || fail "c$i's plan differs from c0's"
	"$F" -f "$p" check --trust "$ROOT" >"$W/check.$i" 2>&1 || fail "check --trust fails in c$i: $(head -5 "$W/check.$i")"
	grep -q "signatures: $total verified, 0 unsigned, 0 with problems (signing required)" "$W/check.$i" ||
		fail "c$i: not every record verified: $(grep signatures "$W/check.$i")"
done
# the liaisons' records are theirs: by the key's person, as the key's unit
for ((i = 0; i < n; i++)); do
	got=$("$F" -f "$W/c0/plan.yaml" log --format tsv | awk -F'\t' -v u="${USERS[$i]}" -v a="${LIAISONS[$i]}" '$0 ~ "\t" u "\t" && $0 ~ a' | wc -l)
	[ "$got" -ge $((ROUNDS * 2)) ] || fail "${USERS[$i]}'s records as ${LIAISONS[$i]}: $got, expected $((ROUNDS * 2))"
done
# the hook: a forged record, then a hand edit, are refused at the hub
cdir=$W/c0
nrec=$(awk '/^history:/ { h = 1; next } h && /^  - / { c++ } END { print c }' "$cdir/plan.yaml")
cp "$cdir/plan.yaml" "$W/honest.yaml"
"$FORGE" "$cdir/plan.yaml" note "$nrec" 已办结 || die "forge"
git -C "$cdir" commit -q -am "forged" || die "commit the forgery"
if git -C "$cdir" push -q origin main >"$W/push.out" 2>&1; then
	fail "the hub accepted a forged record"
else
	grep -q "plan.yaml does not verify; push refused" "$W/push.out" || fail "the hook did not say why: $(cat "$W/push.out")"
	grep -q "plan.yaml:[0-9]*:[0-9]*: history record $nrec .*bad signature" "$W/push.out" ||
		fail "the hook did not name the record: $(cat "$W/push.out")"
fi
git -C "$cdir" reset -q --hard origin/main
sed -i '0,/status: in_progress/ s/status: in_progress/status: done/' "$cdir/plan.yaml"
git -C "$cdir" commit -q -am "by hand" || die "commit the hand edit"
git -C "$cdir" push -q origin main >"$W/push.out" 2>&1 && fail "the hub accepted a hand-edited status"
git -C "$cdir" reset -q --hard origin/main

[ "$fails" = 0 ] || exit 1
echo "ok: $n liaisons, $ROUNDS rounds, $edits signed edits, $total records verified in every clone"
