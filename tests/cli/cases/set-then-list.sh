# The example edit: only that assignment's lines change, and the
# history gets one record appended.
fg set 3 市税务局 in_progress --note 已完成摸底
fg list --format tsv
changes
fg show 3
fg check
