# Under zh_CN the table speaks Chinese: headers, statuses, roles; tsv, csv
# and json keep their English keys and values.
. "$HERE/zh.sh"
fg set 3 市税务局 推进中 --note 已完成摸底
fg list --unit 税务
fg list --unit 税务 --format tsv
fg list --unit 税务 --format csv
fg list --unit 税务 --format json
fg list --status 推进中 --role 配合
fg list --role boss
fg list --format xml
fg list extra
