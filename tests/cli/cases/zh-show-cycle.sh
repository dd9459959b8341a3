# Under zh_CN `show` says in Chinese what awaits the coordinator and which
# due date applies: an umbrella's member count, an assignment's own due
# date, an extension asked for or granted, a submission (待销号).
. "$HERE/zh.sh"
sed -i 's/^  date: 2024-11-07$/&\n  review: required/' plan.yaml
fg --as 市税务局 set 3 市税务局 done --note 已完成
fg due 3 市财政局 2026-09-30
fg --as 市科技局 extend 3 市科技局 --to 2027-06-30 --note 资金下达推迟
fg show 3
fg approve 3 市科技局
fg show 3
