#!/bin/bash
# bad-input.sh FENGONG SRC NAME [--update]: fixture bad/NAME.yaml is refused
# by `fengong set` with exactly the messages of bad/NAME.err (FILE:LINE:COL),
# exit 1, the file untouched and nothing else written beside it.
FENGONG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
NAME=$3
. "$SRC/lib.sh"

mkdir plans
cp "$SRC/bad/$NAME.yaml" plans/
cd plans || exit 1
fg -f "$NAME.yaml" set 1 市科技局 done
cd "$WORK" || exit 1
if [ "${4:-}" = --update ]; then
	cp err "$SRC/bad/$NAME.err"
	echo "wrote bad/$NAME.err (exit $RC)"
	exit 0
fi
expect_rc 1
diff -u "$SRC/bad/$NAME.err" err || fail "the messages differ from bad/$NAME.err"
same "$SRC/bad/$NAME.yaml" "plans/$NAME.yaml"
only_files plans "$NAME.yaml"
[ -s out ] && fail "something was printed on stdout: $(head -c 200 out)"
echo "ok: $NAME.yaml refused as bad/$NAME.err says"
