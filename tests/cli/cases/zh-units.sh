# Under zh_CN the units table's headers are Chinese (roles and status
# labels); tsv and json keep the English keys.
. "$HERE/zh.sh"
fg set 4 市经信局 受阻
fg units
fg units --format tsv
fg units --format json
fg units extra
