#!/bin/bash
# catalogue.sh SOURCE_ROOT: every message the program marks for translation
# has a Chinese translation.
#  - every source file that marks messages (_(", N_(", NC_(", C_(", FG_N_(",
#    ngettext) is listed in po/POTFILES, so xgettext sees it;
#  - xgettext, with the keywords po/meson.build gives it (the glib preset
#    and FG_N_), finds no message that po/zh_CN.po leaves out, untranslated
#    or fuzzy (msgcmp);
#  - msgfmt --check accepts po/zh_CN.po (formats agree with their msgids).
set -u
ROOT=$(cd "$1" && pwd)
cd "$ROOT" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in xgettext msgcmp msgfmt; do
	command -v "$tool" >/dev/null || fail "$tool is missing (package gettext; .ci/setup installs it)"
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fengong-po.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

missing=""
while IFS= read -r f; do
	grep -qx "$f" po/POTFILES || missing="$missing $f"
done < <(grep -lE '(^|[^A-Za-z0-9_])(_|N_|NC_|C_|FG_N_|ngettext)\("' src/*/*.c src/*/*.h src/cli/*/*.c include/fengong/*.h 2>/dev/null | sort)
[ -z "$missing" ] || fail "these files mark messages but po/POTFILES does not list them:$missing"
while IFS= read -r f; do
	[ -f "$f" ] || fail "po/POTFILES lists $f, which does not exist"
done <po/POTFILES

xgettext --from-code=UTF-8 -C -o "$TMP/fengong.pot" -f po/POTFILES \
	--keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=Q_:1g \
	--keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 --keyword=FG_N_ ||
	fail "xgettext failed"
n=$(grep -c '^msgid ' "$TMP/fengong.pot")
[ "$n" -gt 100 ] || fail "only $n messages extracted: is po/POTFILES right?"
msgcmp po/zh_CN.po "$TMP/fengong.pot" 2>"$TMP/cmp" ||
	fail "po/zh_CN.po lacks a translation of messages the program uses:
$(grep -v 'this message is not used' "$TMP/cmp")"
msgfmt --check --statistics -o /dev/null po/zh_CN.po 2>"$TMP/stat" || fail "msgfmt --check: $(cat "$TMP/stat")"
grep -qE 'untranslated|fuzzy' "$TMP/stat" && fail "po/zh_CN.po: $(cat "$TMP/stat")"
echo "ok: $n messages, each translated in po/zh_CN.po ($(cat "$TMP/stat"))"
