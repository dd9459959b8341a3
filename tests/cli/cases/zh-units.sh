# Under zh_CN the units table's headers are Chinese (roles and status
# labels); tsv and json keep the English keys.
. "$HERE/zh.sh"
fg set 4 市经信局 受阻
fg units
fg units --format tsv
fg units --format json
fg units extra
# 各区人民政府's members report row by row: its row is their roll-up, the
# members indented under it (measure 1: one done, one in progress -> 推进中;
# measure 2: one blocked -> 受阻)
fg set 1 葛店经开区管委会 已完成
fg set 1 临空经济区管委会 推进中
fg set 2 鄂城区人民政府 受阻
fg units
