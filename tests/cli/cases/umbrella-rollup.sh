# An umbrella unit whose members report row by row (各区人民政府's five):
# `units` and `report` give it a roll-up row, one per measure by the rule of
# a measure's roll-up, with its members indented under it; tsv and json
# name each member's umbrella in a last column, and keep the names bare.
export FENGONG_TODAY=2026-01-15
# measure 1: one member done, one in progress -> the umbrella is in progress
fg set 1 葛店经开区管委会 done
fg set 1 临空经济区管委会 in_progress
# measure 2: one member blocked -> the umbrella is blocked
fg set 2 鄂城区人民政府 blocked
# measure 3: every member done -> the umbrella is done
for u in 鄂城区人民政府 华容区人民政府 梁子湖区人民政府 葛店经开区管委会 临空经济区管委会; do
	fg set 3 "$u" done
done
fg units
fg units --format tsv
fg report --unit 各区人民政府
fg report --unit 各区人民政府 --format tsv
# a member's name selects itself and its umbrella
fg report --unit 葛店经开区管委会 --format json
