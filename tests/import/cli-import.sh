#!/bin/sh
# `fengong import` as a user runs it: exit codes, -o, --force, --strict.
# usage: cli-import.sh FENGONG FIXTURES
set -u
fengong=$1
fixtures=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

fail() {
	echo "FAIL: $*" >&2
	failed=1
}

# expect CODE DESCRIPTION -- COMMAND...: run it, stdout and stderr to files
expect() {
	code=$1
	what=$2
	shift 3
	"$@" >"$work/out" 2>"$work/err"
	got=$?
	if [ "$got" -ne "$code" ]; then
		fail "$what: exit $got, expected $code"
		sed 's/^/  stderr: /' "$work/err" >&2
	fi
}

cd "$work" || exit 1
cp "$fixtures/ezhou-2024-24.txt" "$fixtures/rule-listed-first.txt" .

expect 0 "import to stdout" -- "$fengong" import ezhou-2024-24.txt
cp out stdout.yaml
expect 0 "the plan written to stdout passes check" -- "$fengong" -f stdout.yaml check
expect 0 "import -o" -- "$fengong" import ezhou-2024-24.txt -o plan.yaml
cmp -s plan.yaml stdout.yaml || fail "-o writes what stdout shows"
grep -q '^ezhou-2024-24.txt:79: measure (十六) names no responsible unit' err ||
	fail "warnings go to stderr as DOC:LINE: message"
expect 0 "options before the document" -- "$fengong" import -o plan2.yaml ezhou-2024-24.txt
cmp -s plan2.yaml stdout.yaml || fail "options before the document write the same plan"

echo "hand edits" >kept.yaml
expect 1 "an existing file is refused without --force" -- "$fengong" import ezhou-2024-24.txt -o kept.yaml
grep -q 'already exists; pass --force' err || fail "the refusal says how to overwrite"
[ "$(cat kept.yaml)" = "hand edits" ] || fail "a refused import leaves the file as it was"
expect 0 "--force replaces it" -- "$fengong" import --force ezhou-2024-24.txt -o kept.yaml
cmp -s kept.yaml stdout.yaml || fail "--force writes the plan"

expect 1 "--strict refuses a document with warnings" -- "$fengong" import --strict ezhou-2024-24.txt -o strict.yaml
[ ! -e strict.yaml ] || fail "--strict with warnings writes nothing"
expect 0 "--strict accepts a document without warnings" -- "$fengong" import --strict rule-listed-first.txt
[ ! -s err ] || fail "a document without guesses prints nothing on stderr"

printf '关于做好有关工作的通知\n请认真贯彻落实。\n' >letter.txt
expect 1 "a text without measures" -- "$fengong" import letter.txt
grep -q '^letter.txt: no numbered measure found' err || fail "no measure is reported"
expect 1 "a missing document" -- "$fengong" import missing.txt
expect 2 "no document" -- "$fengong" import
expect 2 "two documents" -- "$fengong" import ezhou-2024-24.txt rule-listed-first.txt
expect 2 "an unknown option" -- "$fengong" import --bogus ezhou-2024-24.txt
expect 2 "-o without a file" -- "$fengong" import ezhou-2024-24.txt -o
expect 2 "-o naming the document itself" -- "$fengong" import --force ezhou-2024-24.txt -o ezhou-2024-24.txt
cmp -s ezhou-2024-24.txt "$fixtures/ezhou-2024-24.txt" || fail "the document is never overwritten"

# --dry-run: the matrix on stdout, every guess marked under its measure, nothing written
expect 0 "--dry-run prints the matrix" -- "$fengong" import --dry-run ezhou-2024-24.txt
grep -q '^ezhou-2024-24.txt: 18 measures, 24 units, [0-9]* guesses (marked ?); nothing was written$' out ||
	fail "--dry-run says how much it read and that nothing was written"
grep -q '^? (一) 统筹推进全域创新$' out || fail "--dry-run marks a measure with a guess"
grep -q '^  (二) 推进关键核心技术攻关$' out || fail "--dry-run leaves a measure without guesses unmarked"
grep -q '^    lead 市科技局$' out || fail "--dry-run shows the lead units"
grep -q '^  ? ezhou-2024-24.txt:79: measure (十六) names no responsible unit' out ||
	fail "--dry-run shows each guess as DOC:LINE under its measure"
ls ./*.yaml >before.lst
expect 0 "--dry-run writes no file" -- "$fengong" import --dry-run ezhou-2024-24.txt
ls ./*.yaml | cmp -s - before.lst || fail "--dry-run writes no file"
expect 1 "--dry-run --strict fails on guesses" -- "$fengong" import --dry-run --strict ezhou-2024-24.txt
expect 2 "--dry-run with -o" -- "$fengong" import --dry-run ezhou-2024-24.txt -o dry.yaml
[ ! -e dry.yaml ] || fail "--dry-run with -o writes nothing"

# a measure with one annotation per sub-task (a real plan of the corpus):
# --dry-run shows each part under the measure, with its units
expect 0 "--dry-run of a measure with two parts" -- "$fengong" import --dry-run "$fixtures/corpus/chaozhou-2019-lantian.txt"
grep -q '^    part 1 制定实施准入清单。完成生态保护红线' out || fail "--dry-run shows part 1's text"
grep -q '^    part 2 按省的要求' out || fail "--dry-run shows part 2's text"
grep -q '^           lead 市生态环境局、市场监管局$' out || fail "--dry-run shows part 2's leads"
grep -q 'split into 2 parts' out || fail "--dry-run shows the split as a guess"

printf '某市方案\n一、任务\n（一）做好\033[31m甲。（市商务局牵头）\n' >escape.txt
expect 0 "--dry-run of a title with an escape sequence" -- "$fengong" import --dry-run escape.txt
grep -q '做好\\x1b\[31m甲' out || fail "--dry-run shows control characters escaped"
! grep -q "$(printf '\033')" out || fail "--dry-run never prints a raw ESC"

# formats fengong cannot read: a clear message naming a converter, exit 1
printf '\320\317\021\340\241\261\032\341 an old Word file' >old.doc
expect 1 "a .doc is refused" -- "$fengong" import old.doc
grep -q 'libreoffice --headless --convert-to docx old.doc' err || fail "the .doc refusal names the converter"
printf '%%PDF-1.7\n' >scan.pdf
expect 1 "a .pdf is refused" -- "$fengong" import scan.pdf -o scan.yaml
grep -q 'pdftotext -layout scan.pdf' err || fail "the .pdf refusal names the converter"
[ ! -e scan.yaml ] || fail "a refused document writes nothing"

exit $failed
