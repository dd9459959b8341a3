# Outside zh_CN `missing` marks a report not made by the due day "late" in
# its table (the Chinese term 未按时报送 only in the heading); tsv says yes.
sed -i 's/^  date: 2024-11-07$/&\n  reporting:\n    every: month\n    due_day: 25/' plan.yaml
export FENGONG_TODAY=2026-11-26
fg missing --unit 税务
fg missing --unit 税务 --format tsv
export FENGONG_TODAY=2026-11-20
fg missing --unit 税务
