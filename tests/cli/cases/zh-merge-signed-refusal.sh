# Under zh_CN merge's refusal of a signed side whose history does not
# verify (here a signers list added by hand) is Chinese, and nothing is
# written.
. "$HERE/zh.sh"
cp plan.yaml base.yaml
cp plan.yaml theirs.yaml
cat >>plan.yaml <<'YAML'
signers:
  - name: wang
    role: coordinator
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDBiLjmzyaOvv7uMxlCu7mLTAvw9AO/cKsI1mJbKH1U+
YAML
cp plan.yaml ours-before.yaml
fg merge base.yaml plan.yaml theirs.yaml
if cmp -s plan.yaml ours-before.yaml; then note "ours unchanged"; else note "ours CHANGED"; fi
