# Under zh_CN the log table's headers and statuses are Chinese; tsv and json
# stay English.
. "$HERE/zh.sh"
fg set 3 市税务局 推进中 --note 已完成摸底
fg --as 葛店经开区管委会 set 1 各区人民政府 done --note 园区已落实
fg log
fg log --format tsv
fg log --format json
fg log --since 2026-13-01
fg log --measure 九十九
fg log extra
