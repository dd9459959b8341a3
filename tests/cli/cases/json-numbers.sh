# JSON output: counts and measure numbers are JSON numbers, every text a string.
fg units --format json
fg list --unit 市税务局 --format json
fg set 3 市税务局 in_progress --note 12
fg log --format json
FENGONG_TODAY=2026-01-01 fg report --unit 市税务局 --format json
