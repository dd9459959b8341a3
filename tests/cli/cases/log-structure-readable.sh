# In log's table a structure record is one short line, not its digest and
# its counts and parts lines (they stay in the file and in tsv and json):
# about an assignment, its own due date ("[structure] measure 9 市财政局 due
# 2026-09-30", or cleared); about the whole plan, the coordinator's note,
# else the plan's counts.  Under zh_CN: "[结构调整] 第9项 市财政局 完成时限
# 2026-09-30".  Whole-plan structure records are signed, so wang gets a key
# made here; the signer-add record's public key text is masked below.
ssh-keygen -q -t ed25519 -N '' -C wang -f wang
"$FENGONG" --key wang signers add wang --role coordinator --key wang.pub >/dev/null
fg --key wang structure --note 第二条措施文字调整
fg --key wang due 9 市财政局 2026-09-30
fg --key wang due 9 市财政局 --clear
fg --key wang signers require
fg log
fg log --measure 9
note "tsv keeps the whole note (the counts and parts lines) and the digest"
fg log --measure 9 --format tsv
. "$HERE/zh.sh"
fg log
sed -i -E 's#ssh-ed25519 [A-Za-z0-9+/]{68}#ssh-ed25519 <KEY>#' "$OUT"
