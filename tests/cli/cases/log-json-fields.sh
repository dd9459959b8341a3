# `log --format json` and `--format tsv` give scripts every field of a
# record: after the keys they always had (at ... note) come kind ("status"
# for a plain status change, else the record's kind), period, progress,
# problems, next, percent (in json a number, or null when the record has
# none), due and subject; note is the record's own note only.  Here: two
# reports (40%, and 0%, which is a number, not null), a status change, an
# extension request, and a coordinator's due date for one assignment (a
# structure record: its subject is the structure's digest, its note keeps
# the counts and parts lines).
sed -i 's/^  date: 2024-11-07$/&\n  reporting:\n    every: month\n    due_day: 25\n  review: required/' plan.yaml
export FENGONG_TODAY=2026-11-26
fg --as 市税务局 progress 3 市税务局 --progress 已完成摸底 --problems 数据未共享 --next 下月验收 --percent 40
fg --as 市科技局 progress 1 市科技局 --progress 尚未启动 --percent 0
fg --as 市税务局 set 3 市税务局 in_progress --note 正在推进
fg --as 市财政局 extend 9 市财政局 --to 2026-06-30 --note 资金下达推迟
fg due 9 市发改委 2027-06-30
fg log --format json
fg log --format tsv
note "the table still folds a record's kind and fields into its note column"
fg log
note "json a script reads: $("$FENGONG" log --format json | python3 -c 'import json, sys
r = json.load(sys.stdin)
print("keys", " ".join(r[0]), "| kinds", " ".join(x["kind"] for x in r), "| percents", [x["percent"] for x in r])')"
