# --unit matches names, aliases and members; --role and --status combine
# on one assignment; several --status accept any of them.
fg list --unit 市科技局 --role lead --format tsv
fg list --unit 市科学技术局 --role lead --format tsv
fg list --unit 葛店经开区管委会 --role co --format tsv
fg list --unit 人行鄂州市分行 --format csv
fg list --unit 市教育局 --format json
fg set 3 市税务局 in_progress
fg set 4 市经信局 blocked
fg set 8 市发改委 in_progress
fg list --role lead --status in_progress --format tsv
fg list --status in_progress --status blocked --format tsv
fg list --unit 市税务局 --status blocked --format tsv
