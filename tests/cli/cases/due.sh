# The coordinator sets an assignment's own due date (`due`): the 催办 list
# and the unit's 红黄绿 follow it; --clear goes back to the measure's date
# (measure 9 is due 2025-12-31, so on 2026-11-30 it is overdue: red).
export FENGONG_TODAY=2026-11-30
fg report --unit 市财政局 --format tsv
fg due 9 市财政局 2027-06-30
changes
fg report --unit 市财政局 --format tsv
fg log --measure 9 --format tsv
fg due 9 市财政局 2027-06-30
fg due 9 市财政局 --clear
fg report --unit 市财政局 --format tsv
fg check
cp plan.yaml before.yaml
# refused: a date that does not exist, a missing date, an unknown measure
# (usage, 2); a unit not assigned, a liaison, read-only (1)
fg due 9 市财政局 2026-02-30
fg due 9 市财政局
fg due 9 市财政局 2027-01-01 --clear
fg due 99 市财政局 2027-01-01
fg due 9 市科技局 2027-01-01
fg --as 市财政局 due 9 市财政局 2027-01-01
fg --read-only due 9 市财政局 2027-01-01
if cmp -s before.yaml plan.yaml; then note "refused: plan.yaml unchanged"; else note "refused: plan.yaml CHANGED"; fi
rm before.yaml
