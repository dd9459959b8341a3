# Under zh_CN the core's problems read Chinese, at their FILE:LINE:COL
# place: an unknown status, a unit not in the registry, a YAML syntax error,
# a directory for a file; check's summary too.
. "$HERE/zh.sh"
fg check
sed '0,/status: not_started/s//status: finished/' plan.yaml >bad-status.yaml
fg -f bad-status.yaml check
sed '0,/      - unit: 市科技局/s//      - unit: 市科学院/' plan.yaml >bad-unit.yaml
fg -f bad-unit.yaml check
sed '0,/^units:/s//units: [/' plan.yaml >bad-yaml.yaml
fg -f bad-yaml.yaml check
sed '0,/^    title: /s//   title: /' plan.yaml >bad-indent.yaml
fg -f bad-indent.yaml check
fg -f . list
fg --as 市财政局 set 3 市税务局 done
