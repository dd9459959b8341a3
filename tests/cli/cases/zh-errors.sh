# Under zh_CN the error paths speak Chinese: a command's own --help, usage
# errors, refusals of the core (a note over 64 KiB, percent out of range),
# and a hand-edited plan's problems at FILE:LINE:COL, including a unit name
# long enough that an old 320-byte message buffer would have cut it.
. "$HERE/zh.sh"
fg list --help
fg set --help
fg log --help
# a note over 64 KiB (the command line is not copied into the transcript)
note "set 3 市税务局 推进中 --note <70000 x>"
"$FENGONG" set 3 市税务局 推进中 --note "$(head -c 70000 /dev/zero | tr '\0' x)" 2>&1 >/dev/null | sed 's/^/! /' >>"$OUT"
note "exit ${PIPESTATUS[0]}"
fg --as 市税务局 progress 3 市税务局 --progress 摸底 --percent 120
fg set 3 市税务局 坏状态
fg show 九十九
fg log --since 2026-9-1
fg -f missing.yaml list
fg approve 3 市税务局
fg signers list extra
unchanged
note "a hand-edited plan: its problems, each at its place"
cp plan.yaml bad.yaml
sed -i 's/^  date: 2024-11-07$/&\n  reporting:\n    every: fortnight\n    due_day: 9\n  review: maybe/' bad.yaml
fg -f bad.yaml check
cp plan.yaml bad.yaml
sed -i 's/^  date: 2024-11-07$/&\n  reporting:\n    every: week\n    due_day: 9/' bad.yaml
fg -f bad.yaml check
note "a unit name of 151 characters (453 bytes) is quoted whole"
cp plan.yaml bad.yaml
long=$(printf '市%.0s' $(seq 1 150))局
sed -i "0,/      - unit: 市发改委/s//      - unit: ${long}/" bad.yaml
fg -f bad.yaml check
cat >history.yaml <<'YAML'
history:
  - at: 2026-11-26T20:00:00+08:00
    by: zhang
    as: ""
    kind: approval
    measure: 3
    unit: 市税务局
    note: ""
    percent: 140
    period: 2026-13
    hash: 0000000000000000000000000000000000000000000000000000000000000000
YAML
cat plan.yaml history.yaml >bad.yaml
fg -f bad.yaml check
note "a signer's key that is not an OpenSSH public key line"
cat plan.yaml >bad.yaml
printf 'signers:\n  - name: wang\n    role: coordinator\n    key: ssh-ed25519\n' >>bad.yaml
fg -f bad.yaml check
rm -f bad.yaml history.yaml
