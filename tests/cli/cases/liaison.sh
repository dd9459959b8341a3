# 各区人民政府's assignments are reported member by member: each member's
# liaison changes its own row only, the umbrella's name no longer picks a
# row, and the umbrella's status rolls up from its members'.  The history
# records the unit acted as.
fg --as 葛店经开区管委会 set 1 各区人民政府 done --note 园区已落实
fg --as 葛店经开区管委会 set 1 鄂城区人民政府 done --note 不是本单位
unchanged
fg --as 葛店经开区管委会 set 1 葛店经开区管委会 in_progress
fg --as 临空经济区管委会 set 1 临空经济区管委会 blocked --note 缺资金
changes
fg show 1
fg log --format tsv
