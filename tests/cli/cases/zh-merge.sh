# Under zh_CN merge says in Chinese what it took from the other side and
# which conflicts it recorded; its refusals too.
. "$HERE/zh.sh"
cp plan.yaml base.yaml
cp plan.yaml theirs.yaml
fg -f theirs.yaml set 3 市税务局 已完成 --note 对方已办结
fg -f theirs.yaml set 4 市经信局 推进中
fg set 3 市税务局 受阻 --note 本方受阻
fg merge base.yaml plan.yaml theirs.yaml
fg merge base.yaml plan.yaml theirs.yaml
fg merge base.yaml plan.yaml
printf 'units: [\n' >broken.yaml
fg merge base.yaml broken.yaml theirs.yaml
