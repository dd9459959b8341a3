# A measure with two sub-tasks, each with its own units (a real plan of the
# import corpus): show prints the parts; statuses stay one per unit.
cp "$ROOT/tests/import/corpus/chaozhou-2019-lantian.txt" chaozhou.txt
fg import chaozhou.txt -o parts.yaml
fg -f parts.yaml show 1
fg -f parts.yaml set 1 市场监管局 in_progress --note 已摸底
fg -f parts.yaml show 1
