#!/bin/bash
# Plans shared through git with fengong as the merge driver (issue 8).
# Real git, local repositories only; the global and system git configuration
# are never read or touched.
#
#   team.sh interleave FENGONG PLAN   bare hub + 5 clones, liaisons editing, pulling, pushing
#   team.sh conflict   FENGONG PLAN   the same assignment changed in two clones (merge and rebase)
#   team.sh setup      FENGONG PLAN   init-git: .gitattributes, driver configuration
set -u
mode=$1
F=$2
PLAN=$3
case $F in /*) ;; *) F=$PWD/$F ;; esac
case $PLAN in /*) ;; *) PLAN=$PWD/$PLAN ;; esac

export TZ=Asia/Shanghai LC_ALL=C.UTF-8
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_EDITOR=true GIT_MERGE_AUTOEDIT=no GIT_TERMINAL_PROMPT=0
unset FENGONG_FILE FENGONG_AS GIT_DIR GIT_WORK_TREE

W=$(mktemp -d "${TMPDIR:-/tmp}/fengong-team.XXXXXX")
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

# run CMD...: log it, its output too; return its status
run() {
	echo "+ $*" >>"$LOG"
	"$@" >>"$LOG" 2>&1
}

g() { run git -C "$cdir" "$@"; }

hub() {
	git init -q --bare -b main "$W/hub.git" || die "git init --bare"
	local s=$W/seed
	git clone -q "$W/hub.git" "$s" 2>>"$LOG" || die "clone seed"
	git -C "$s" config user.name coordinator
	git -C "$s" config user.email coordinator@example.org
	git -C "$s" symbolic-ref HEAD refs/heads/main
	cp "$PLAN" "$s/plan.yaml"
	(cd "$s" && run "$F" init-git plan.yaml) || die "init-git in the seed clone"
	git -C "$s" add plan.yaml .gitattributes && git -C "$s" commit -q -m "the plan" &&
		git -C "$s" push -q origin main 2>>"$LOG" || die "seed push"
}

# clone NAME USER: a liaison's clone, set up with init-git
clone() {
	local c=$W/$1
	git clone -q "$W/hub.git" "$c" 2>>"$LOG" || die "clone $1"
	git -C "$c" config user.name "$2"
	git -C "$c" config user.email "$2@example.org"
	(cd "$c" && run "$F" init-git plan.yaml) || die "init-git in $1"
}

no_markers() { # FILE
	if grep -nE '^(<<<<<<<|=======|>>>>>>>)( |$)' "$1" >&2; then
		fail "$1 has conflict markers"
	fi
}

# ------------------------------------------------------------------ setup

t_setup() {
	hub
	clone c1 alice
	local c=$W/c1
	grep -qx 'plan.yaml merge=fengong' "$c/.gitattributes" || fail ".gitattributes lacks the plan pattern"
	[ "$(grep -c 'merge=fengong' "$c/.gitattributes")" = 1 ] || fail "init-git added the pattern twice"
	local drv
	drv=$(git -C "$c" config merge.fengong.driver)
	case $drv in *" merge "*"%O %A %B -o %A"*) ;; *) fail "driver is '$drv'" ;; esac
	git -C "$c" config merge.fengong.name >/dev/null || fail "merge.fengong.name not set"
	[ "$(git -C "$c" check-attr merge plan.yaml)" = "plan.yaml: merge: fengong" ] || fail "check-attr: $(git -C "$c" check-attr merge plan.yaml)"
	# default pattern, and not inside a repository
	(cd "$c" && "$F" init-git >/dev/null) || fail "init-git without patterns"
	grep -qx '\*.yaml merge=fengong' "$c/.gitattributes" || fail "default pattern *.yaml not added"
	mkdir "$W/norepo"
	(cd "$W/norepo" && GIT_CEILING_DIRECTORIES=$W "$F" init-git >/dev/null 2>&1)
	[ $? = 1 ] || fail "init-git outside a repository should exit 1"
}

# ------------------------------------------------------------------ interleave

LIAISONS=(市科技局 市经信局 市发改委 葛店经开区管委会 市商务局)
USERS=(kj jx fg gq sw)
STATUSES=(in_progress done delayed blocked not_started)
ROUNDS=${FENGONG_TEAM_ROUNDS:-8}
PER_ROUND=2

t_interleave() {
	hub
	local n=${#LIAISONS[@]} i r k
	for ((i = 0; i < n; i++)); do
		clone "c$i" "${USERS[$i]}"
	done
	# each liaison's own assignments: their measure numbers
	declare -A mine
	for ((i = 0; i < n; i++)); do
		mine[$i]=$("$F" -f "$W/c0/plan.yaml" list --unit "${LIAISONS[$i]}" --format tsv | awk -F'\t' 'NR > 1 { print $1 }' | sort -un | tr '\n' ' ')
		[ -n "${mine[$i]}" ] || die "no assignments for ${LIAISONS[$i]}"
	done
	: >"$W/expected"
	local edits=0 merges=0 rebases=0
	for ((r = 0; r < ROUNDS; r++)); do
		# everyone edits and commits: the clones diverge
		for ((k = 0; k < n; k++)); do
			i=$(((k + r) % n))
			local cdir=$W/c$i
			local -a ms=(${mine[$i]})
			local e
			for ((e = 0; e < PER_ROUND; e++)); do
				local m=${ms[$(((r * PER_ROUND + e) % ${#ms[@]}))]}
				local st=${STATUSES[$(((r + e + i) % ${#STATUSES[@]}))]}
				local note="第${r}轮 ${USERS[$i]} 编辑$e"
				(cd "$cdir" && FENGONG_USER=${USERS[$i]} run "$F" --as "${LIAISONS[$i]}" -f plan.yaml set "$m" "${LIAISONS[$i]}" "$st" --note "$note") ||
					die "set $m ${LIAISONS[$i]} in c$i"
				printf '%s\t%s\t%s\t%s\n' "$m" "${LIAISONS[$i]}" "$st" "$note" >>"$W/expected"
				edits=$((edits + 1))
			done
			g commit -q -am "${LIAISONS[$i]}: round $r" || die "commit in c$i"
		done
		# then they pull and push in an interleaved order; some wait a round
		for ((k = 0; k < n; k++)); do
			i=$(((k * 2 + r) % n))
			[ $(((i + r) % 3)) = 2 ] && [ $r != $((ROUNDS - 1)) ] && continue
			local cdir=$W/c$i
			local how=--no-rebase
			if [ $(((i + r) % 2)) = 1 ]; then how=--rebase; rebases=$((rebases + 1)); else merges=$((merges + 1)); fi
			g pull -q $how origin main || die "pull $how in c$i (round $r)"
			g push -q origin main || die "push from c$i (round $r)"
		done
	done
	# everyone catches up
	for ((i = 0; i < n; i++)); do
		local cdir=$W/c$i
		g pull -q --no-rebase origin main || die "final pull in c$i"
	done
	local head0
	head0=$(git -C "$W/c0" rev-parse HEAD)
	# the expected final state: each assignment's last edit
	awk -F'\t' '{ last[$1 "\t" $2] = $3 "\t" $4 } END { for (k in last) print k "\t" last[k] }' "$W/expected" | sort >"$W/want"
	for ((i = 0; i < n; i++)); do
		local c=$W/c$i
		[ "$(git -C "$c" rev-parse HEAD)" = "$head0" ] || fail "c$i is not at the hub's head"
		[ -z "$(git -C "$c" status --porcelain)" ] || fail "c$i has changes or unmerged files: $(git -C "$c" status --porcelain)"
		cmp -s "$c/plan.yaml" "$W/c0/plan.yaml" || fail "c$i's plan differs from c0's"
		no_markers "$c/plan.yaml"
		grep -q '^conflicts:' "$c/plan.yaml" && fail "c$i's plan has conflicts"
		"$F" -f "$c/plan.yaml" check >>"$LOG" 2>&1 || fail "check fails in c$i: $("$F" -f "$c/plan.yaml" check 2>&1 | head -3)"
	done
	local p=$W/c0/plan.yaml
	"$F" -f "$p" list --format tsv | awk -F'\t' 'NR > 1 && $9 != "" { print $1 "\t" $4 "\t" $6 "\t" $9 }' | sort >"$W/got"
	diff "$W/want" "$W/got" >&2 || fail "final statuses and notes differ from the last edit of each assignment"
	# every edit is in the audit trail, once
	local nrec
	nrec=$("$F" -f "$p" check | sed -n 's/.* \([0-9]*\) history records$/\1/p')
	[ "$nrec" = "$edits" ] || fail "$nrec history records for $edits edits"
	"$F" -f "$p" log --format tsv >"$W/log.tsv" 2>>"$LOG" || fail "log"
	while IFS=$'\t' read -r m u st note; do
		[ "$(grep -cF "$note" "$W/log.tsv")" = 1 ] || fail "edit '$note' ($m $u $st) is not in the history exactly once"
	done <"$W/expected"
	local mcommits drivers
	mcommits=$(git -C "$W/c0" rev-list --merges --count HEAD)
	drivers=$(grep -c '^fengong: merged plan.yaml' "$LOG")
	[ "$drivers" -gt 0 ] || fail "git never ran the fengong merge driver"
	echo "interleave: ${#LIAISONS[@]} clones, $ROUNDS rounds, $edits edits, $mcommits merge commits, $merges merge pulls and $rebases rebase pulls, $drivers three-way merges by the driver; $(wc -l <"$W/want") assignments changed; no edit lost"
}

# ------------------------------------------------------------------ conflict

# conflict_case HOW: two clones set measure 3's 市税务局 differently; the
# second pulls with HOW (--no-rebase or --rebase)
conflict_case() {
	local how=$1
	rm -rf "$W/hub.git" "$W/seed" "$W/a" "$W/b"
	hub
	clone a li
	clone b wang
	local cdir
	(cd "$W/a" && FENGONG_USER=li run "$F" -f plan.yaml --as 市税务局 set 3 市税务局 done --note 甲方已办结) || die "set in a"
	cdir=$W/a; g commit -q -am "a: done"; g push -q origin main || die "push a"
	sleep 1 # distinct times: the history order is by time
	(cd "$W/b" && FENGONG_USER=wang run "$F" -f plan.yaml --as 市税务局 set 3 市税务局 blocked --note 乙方受阻) || die "set in b"
	(cd "$W/b" && FENGONG_USER=wang run "$F" -f plan.yaml --as 市科技局 set 1 市科技局 in_progress --note 无关的修改) || die "set 1 in b"
	cdir=$W/b; g commit -q -am "b: blocked"
	if g pull -q $how origin main; then
		fail "$how: pull succeeded although both changed measure 3's 市税务局"
		return
	fi
	local p=$W/b/plan.yaml
	git -C "$W/b" diff --name-only --diff-filter=U | grep -qx plan.yaml || fail "$how: git does not show plan.yaml as conflicted"
	no_markers "$p"
	grep -q '^conflicts:' "$p" || fail "$how: no conflicts list in the file"
	grep -q '甲方已办结' "$p" || fail "$how: a's note is lost"
	grep -q '乙方受阻' "$p" || fail "$how: b's note is lost"
	grep -q '无关的修改' "$p" || fail "$how: b's other edit is lost"
	local out
	out=$("$F" -f "$p" check 2>&1)
	[ $? = 1 ] || fail "$how: check should exit 1 on an open conflict"
	case $out in *"conflict on measure 3, 市税务局"*) ;; *) fail "$how: check does not report the conflict: $out" ;; esac
	case $out in *"plan.yaml:"[0-9]*:[0-9]*": "*) ;; *) fail "$how: check's report has no FILE:LINE:COL: $out" ;; esac
	[ "$("$F" -f "$p" log --measure 3 --format tsv | tail -n +2 | wc -l)" = 2 ] || fail "$how: both sides' history records should be there"
	# a person decides
	(cd "$W/b" && FENGONG_USER=wang run "$F" -f plan.yaml set 3 市税务局 done --note 协商后已办结) || fail "$how: resolving set failed"
	grep -q '^conflicts:' "$p" && fail "$how: the conflict entry is still there after set"
	"$F" -f "$p" check >>"$LOG" 2>&1 || fail "$how: check fails after the resolution"
	cdir=$W/b
	g add plan.yaml
	if [ "$how" = --rebase ]; then
		g -c core.editor=true rebase --continue || fail "rebase --continue"
	else
		g commit -q --no-edit || fail "commit of the merge"
	fi
	g push -q origin main || fail "$how: push of the resolution"
	cdir=$W/a
	g pull -q --no-rebase origin main || fail "$how: a cannot pull the resolution"
	cmp -s "$W/a/plan.yaml" "$p" || fail "$how: a and b differ after the resolution"
	"$F" -f "$W/a/plan.yaml" check >>"$LOG" 2>&1 || fail "$how: check fails in a"
	[ "$("$F" -f "$p" log --measure 3 --format tsv | tail -n +2 | wc -l)" = 3 ] || fail "$how: measure 3 should have 3 records"
	"$F" -f "$p" list --unit 市税务局 --format tsv | grep -q $'\tdone\t.*协商后已办结' || fail "$how: the decision is not the value"
	echo "conflict ($how): reported at $(echo "$out" | head -1 | cut -d: -f1-3), both values kept, resolved with set"
}

t_conflict() {
	conflict_case --no-rebase
	conflict_case --rebase
}

# ------------------------------------------------------------------ cli

# expect RC CMD...: run CMD, fail unless it exits RC
expect() {
	local want=$1
	shift
	run "$@"
	local rc=$?
	[ "$rc" = "$want" ] || fail "exit $rc, not $want: $*"
}

t_cli() {
	local d=$W/cli
	mkdir -p "$d"
	cd "$d" || die "cd"
	cp "$PLAN" base.yaml
	cp base.yaml ours.yaml
	cp base.yaml theirs.yaml
	FENGONG_USER=o run "$F" -f ours.yaml set 1 市科技局 in_progress --note 我方 || die "set ours"
	FENGONG_USER=t run "$F" -f theirs.yaml set 2 市科技局 done --note 对方 || die "set theirs"
	cp ours.yaml ours.orig

	expect 2 "$F" merge base.yaml ours.yaml
	expect 2 "$F" merge base.yaml ours.yaml theirs.yaml extra.yaml
	expect 2 "$F" merge --bogus base.yaml ours.yaml theirs.yaml
	cmp -s ours.yaml ours.orig || fail "a usage error changed OURS"

	# a side that is not a valid plan: exit 2, OURS untouched
	sed 's/^version: 1$/version: 1\nversion: 1/' base.yaml >dup.yaml
	printf 'not: [a plan\n' >broken.yaml
	: >empty.yaml
	local bad
	for bad in dup.yaml broken.yaml empty.yaml missing.yaml; do
		expect 2 "$F" merge "$bad" ours.yaml theirs.yaml
		expect 2 "$F" merge base.yaml ours.yaml "$bad"
		cmp -s ours.yaml ours.orig || fail "merging with $bad changed OURS"
	done
	cp broken.yaml b2.yaml
	expect 2 "$F" merge base.yaml b2.yaml theirs.yaml
	cmp -s b2.yaml broken.yaml || fail "an invalid OURS was changed"
	local msg
	msg=$("$F" merge base.yaml ours.yaml broken.yaml 2>&1)
	case $msg in *"broken.yaml:"[0-9]*:[0-9]*": "*"is not a valid plan"*) ;; *) fail "invalid side message: $msg" ;; esac

	# a history edited by hand is not re-chained into respectability
	sed 's/^    note: 对方$/    note: 篡改/' theirs.yaml >forged.yaml
	grep -q 篡改 forged.yaml || die "forging failed"
	expect 2 "$F" merge base.yaml ours.yaml forged.yaml
	cmp -s ours.yaml ours.orig || fail "merging a forged history changed OURS"

	# to standard output: OURS untouched
	"$F" merge base.yaml ours.yaml theirs.yaml -o - >stdout.yaml 2>>"$LOG" || fail "merge -o -"
	cmp -s ours.yaml ours.orig || fail "-o - changed OURS"
	grep -q 对方 stdout.yaml && grep -q 我方 stdout.yaml || fail "-o - output lacks an edit"
	"$F" -f stdout.yaml check >>"$LOG" 2>&1 || fail "check of the -o - output"

	# -o OUT, then the default (OURS)
	expect 0 "$F" merge base.yaml ours.yaml theirs.yaml -o out.yaml
	cmp -s out.yaml stdout.yaml || fail "-o OUT and -o - differ"
	expect 0 "$F" merge base.yaml ours.yaml theirs.yaml
	cmp -s ours.yaml stdout.yaml || fail "merge into OURS differs"
	chmod 0640 ours.orig
	cp -p ours.orig keep.yaml
	expect 0 "$F" merge base.yaml keep.yaml theirs.yaml
	[ "$(stat -c %a keep.yaml)" = 640 ] || fail "the merge changed the file's mode"

	# a conflict: exit 1, reported FILE:LINE:COL, OURS written with both values
	cp base.yaml c-ours.yaml
	cp base.yaml c-theirs.yaml
	FENGONG_USER=o run "$F" -f c-ours.yaml set 3 市税务局 done --note 我方值
	FENGONG_USER=t run "$F" -f c-theirs.yaml set 3 市税务局 blocked --note 对方值
	msg=$("$F" merge --name plan.yaml base.yaml c-ours.yaml c-theirs.yaml 2>&1)
	[ $? = 1 ] || fail "a conflict should exit 1"
	case $msg in *"plan.yaml:"[0-9]*:[0-9]*": unresolved merge conflict on measure 3, 市税务局"*) ;; *) fail "conflict message: $msg" ;; esac
	grep -q 我方值 c-ours.yaml && grep -q 对方值 c-ours.yaml || fail "a value was lost in the conflict"
	no_markers c-ours.yaml
	expect 1 "$F" -f c-ours.yaml check
	FENGONG_USER=d run "$F" -f c-ours.yaml set 3 市税务局 blocked --note 对方值 || fail "deciding"
	expect 0 "$F" -f c-ours.yaml check

	# git falls back to its own conflict when a side is not a plan
	hub
	clone a li
	clone b wang
	local cdir=$W/a
	printf 'version: 1\nplan: [\n' >"$W/a/plan.yaml"
	g commit -q -am "a broken plan" && g push -q origin main || die "push broken"
	cdir=$W/b
	(cd "$W/b" && FENGONG_USER=wang run "$F" -f plan.yaml set 1 市科技局 done) || die "set in b"
	g commit -q -am "b: done"
	cp "$W/b/plan.yaml" "$W/b.orig"
	if g pull -q --no-rebase origin main; then
		fail "a pull of a broken plan merged"
	fi
	cmp -s "$W/b/plan.yaml" "$W/b.orig" || fail "the driver changed OURS although THEIRS was broken"
	git -C "$W/b" diff --name-only --diff-filter=U | grep -qx plan.yaml || fail "git does not show the conflict"
	grep -q 'is not a valid plan' "$LOG" || fail "the driver did not say why"
	echo "cli: usage, invalid sides, forged history, -o, conflicts and the git fallback behave"
}

# ------------------------------------------------------------------ sync

t_sync() {
	if ! "$F" sync --help >/dev/null 2>&1; then
		echo "fengong sync is not available in this build: skipped"
		exit 77
	fi
	hub
	clone a li
	clone b wang
	local cdir
	(cd "$W/a" && FENGONG_USER=li run "$F" -f plan.yaml set 1 市科技局 in_progress --note 甲一 &&
		FENGONG_USER=li run "$F" -f plan.yaml set 2 市科技局 done --note 甲二) || die "set in a"
	(cd "$W/b" && FENGONG_USER=wang run "$F" -f plan.yaml set 3 市税务局 delayed --note 乙一) || die "set in b"
	(cd "$W/a" && run "$F" -f plan.yaml sync) || fail "sync in a"
	local subj
	subj=$(git -C "$W/a" log -1 --format=%s)
	case $subj in "市科技局: (一) not_started → in_progress; 市科技局: (二) not_started → done") ;; *) fail "a's commit message: $subj" ;; esac
	(cd "$W/b" && run "$F" -f plan.yaml sync) || fail "sync in b (a merge by the driver)"
	[ "$(git -C "$W/b" log -1 --format=%s)" = "市税务局: (三) not_started → delayed" ] || fail "b's commit message: $(git -C "$W/b" log -1 --format=%s)"
	(cd "$W/a" && run "$F" -f plan.yaml sync) || fail "second sync in a"
	cmp -s "$W/a/plan.yaml" "$W/b/plan.yaml" || fail "a and b differ after syncing"
	"$F" -f "$W/a/plan.yaml" check >>"$LOG" 2>&1 || fail "check after sync"
	[ "$(git -C "$W/a" rev-list --merges --count HEAD)" = 0 ] || fail "sync made merge commits (it rebases)"

	# the same assignment on both: sync stops at the conflict, a person decides
	(cd "$W/a" && FENGONG_USER=li run "$F" -f plan.yaml set 4 市经信局 done --note 甲定) || die "set 4 in a"
	(cd "$W/b" && FENGONG_USER=wang run "$F" -f plan.yaml set 4 市经信局 blocked --note 乙定) || die "set 4 in b"
	(cd "$W/a" && run "$F" -f plan.yaml sync) || fail "sync a before the conflict"
	(cd "$W/b" && run "$F" -f plan.yaml sync)
	[ $? = 1 ] || fail "sync over a conflict should exit 1"
	(cd "$W/b" && run "$F" -f plan.yaml sync)
	[ $? = 1 ] || fail "sync with an open conflict should refuse"
	grep -q '甲定' "$W/b/plan.yaml" && grep -q '乙定' "$W/b/plan.yaml" || fail "a value was lost"
	(cd "$W/b" && FENGONG_USER=wang run "$F" -f plan.yaml set 4 市经信局 in_progress --note 商定) || fail "decide"
	cdir=$W/b
	g add plan.yaml && g -c core.editor=true rebase --continue || fail "rebase --continue"
	(cd "$W/b" && run "$F" -f plan.yaml sync) || fail "sync after deciding"
	(cd "$W/a" && run "$F" -f plan.yaml sync) || fail "a's last sync"
	cmp -s "$W/a/plan.yaml" "$W/b/plan.yaml" || fail "a and b differ at the end"
	"$F" -f "$W/a/plan.yaml" check >>"$LOG" 2>&1 || fail "check at the end"
	echo "sync: commit messages name the changes; pulls rebase through the driver; a conflict stops it until decided"
}

case $mode in
sync) t_sync ;;
cli) t_cli ;;
setup) t_setup ;;
interleave) t_interleave ;;
conflict) t_conflict ;;
*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
if [ $fails != 0 ]; then
	echo "--- log tail:" >&2
	tail -n 30 "$LOG" >&2
	exit 1
fi
echo "ok"
