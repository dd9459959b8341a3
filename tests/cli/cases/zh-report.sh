# Under zh_CN report's tables speak Chinese: the title, headers, statuses,
# roles, lights 红/黄/绿 and the 催办 list; tsv and json stay English.
. "$HERE/zh.sh"
export FENGONG_TODAY=2026-01-15
fg set 3 市税务局 滞后 --note 等待数据
fg set 4 市经信局 受阻
fg set 1 市科技局 推进中
fg set 2 市科技局 已完成
fg set 15 市委组织部 已完成
fg report --unit 科技
fg report --unit 税务
fg report --unit 经信
fg report --unit 税务 --format tsv
fg report --unit 税务 --format json
fg report --unit 市教育局
fg report --unit 组织部
fg report extra
# the umbrella's roll-up row and its members under it, in Chinese
fg set 1 葛店经开区管委会 已完成
fg set 2 鄂城区人民政府 受阻
fg report --unit 各区人民政府
