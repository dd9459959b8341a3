# Wherever a value is typed, the Chinese form is accepted too: status labels,
# 牵头/配合, measure labels (三, (三), （三）, 十八), and a unique part of a unit's
# name, as the interface's unit picker narrows.  Output keeps the English keys.
fg set 3 市税务局 推进中 --note 已完成摸底
fg set 三 税务 滞后
fg set （三） 市税务局 已完成
changes
fg list --status 已完成 --format tsv
fg list --role 牵头 --unit 数据 --format tsv
fg list --role 配合 --status 未启动 --unit 人社 --format tsv
fg show 三
fg show '(十八)'
fg show （十二）
fg log --measure 三 --format tsv
fg log --measure （三） --unit 税务 --format tsv
fg report --unit 各区 --format tsv
FENGONG_TODAY=2026-01-01 fg export --format csv --unit 临空 --status 未启动
# A part that fits several units is refused with them listed; nothing is guessed.
fg list --unit 管委会
fg set 3 局 done
fg list --role 负责
fg show 三个
fg show 十九
fg log --measure 十九
