# An extension request (延期申请) asks for a date later than the due date in
# effect (the measure's, or the assignment's own); an earlier or equal date
# is refused with exit 1 and nothing written.
fg show 9
fg extend 9 市财政局 --to 2025-06-30 --note 资金下达推迟
fg extend 9 市财政局 --to 2025-12-31 --note 资金下达推迟
unchanged
fg due 9 市财政局 2026-09-30
fg extend 9 市财政局 --to 2026-06-30 --note 资金下达推迟
fg extend 9 市财政局 --to 2026-10-31 --note 资金下达推迟
fg log --measure 9
