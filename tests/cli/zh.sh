# Sourced by the zh-* golden cases (tests/cli/cases/zh-*.sh): from here on
# the commands run as a Chinese user's shell does, LANG=zh_CN.UTF-8 with
# LC_ALL and LANGUAGE unset, and find the build tree's catalogue by
# themselves (no FENGONG_LOCALEDIR).
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	echo "FAIL: the zh_CN.UTF-8 locale is missing; .ci/setup generates it"
	exit 1
fi
unset LC_ALL LANGUAGE LC_MESSAGES FENGONG_LOCALEDIR
export LANG=zh_CN.UTF-8
