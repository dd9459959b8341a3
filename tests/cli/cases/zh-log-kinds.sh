# Under zh_CN `log` tags each record of the supervision cycle with the word a
# 督查室 uses (报送, 申请销号, 销号, 退回, 延期申请, 批准延期, 不予延期);
# tsv and json keep the English machine names (report, submit, approve, ...),
# and so does the table in an English locale.  `show` tells what awaits the
# coordinator (延期申请, 待销号) and an assignment's own date in Chinese.
. "$HERE/zh.sh"
sed -i 's/^  date: 2024-11-07$/&\n  reporting:\n    every: month\n    due_day: 25\n  review: required/' plan.yaml
export FENGONG_TODAY=2026-11-26
fg --as 市税务局 progress 3 市税务局 --progress 已完成摸底 --problems 数据未共享 --next 下月验收 --percent 40 >/dev/null
fg --as 市税务局 set 3 市税务局 done --note 已完成
fg approve 3 市税务局
fg --as 市财政局 set 9 市财政局 done --note 资金已拨付
fg return 9 市财政局 --note 佐证材料不全
fg --as 市财政局 extend 9 市财政局 --to 2026-06-30 --note 资金下达推迟
note "show names what awaits the coordinator in Chinese too"
fg show 9
fg approve 9 市财政局
fg show 9
fg --as 市财政局 extend 9 市财政局 --to 2026-09-30 --note 再次推迟
fg return 9 市财政局 --note 不同意
fg log
fg log --format tsv
fg log --format json
note "the same table in an English locale (LANG=C.UTF-8)"
LANG=C.UTF-8 fg log
