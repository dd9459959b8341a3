# Under zh_CN `missing` speaks Chinese: the heading, the table's headers,
# roles and the 未按时报送 mark, and its refusals; tsv and json stay English.
# The plan reports monthly, due on the 25th (plan.reporting).
. "$HERE/zh.sh"
sed -i 's/^  date: 2024-11-07$/&\n  reporting:\n    every: month\n    due_day: 25\n  review: required/' plan.yaml
export FENGONG_TODAY=2026-11-26
fg --as 市税务局 progress 3 市税务局 --progress 已完成摸底 --problems 数据未共享 --next 下月验收 --percent 40
fg missing --unit 税务
fg missing --unit 科技
fg missing --unit 科技 --period 2026-12
fg missing --unit 科技 --format tsv
fg missing --unit 科技 --format json
fg missing extra
fg missing --period 2026-13
fg progress 3 市税务局
fg progress 3 市税务局 --progress 摸底 --percent 120
fg --as 市财政局 extend 9 市财政局 --to 2026-06-30 --note 资金下达推迟
fg extend 9 市财政局 --to 2026-02-30 --note 资金下达推迟
fg --as 市税务局 approve 3 市税务局
fg approve 9 市财政局
fg approve 9 市财政局
fg return 3 市税务局
fg bulletin extra
fg bulletin -o 通报.txt
