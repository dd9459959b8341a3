# Under zh_CN the signing commands speak Chinese: `signers list` (the
# signing rule and each signer's role), the refusals of signers and
# correct, and `check`'s signature report.  The public keys are fixed, so
# their fingerprints are too.
. "$HERE/zh.sh"
fg signers list
fg correct --note 已核实
fg check
cat >>plan.yaml <<'YAML'
signers:
  - name: wang
    role: coordinator
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDBiLjmzyaOvv7uMxlCu7mLTAvw9AO/cKsI1mJbKH1U+
  - name: zhang
    role: liaison
    units:
      - 市税务局
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII3kTup3hGR6LyEGWcwwQwrWq4FAzDrjsfiBp1l5QBe6
YAML
fg signers list
fg signers
fg signers frobnicate
fg signers add zhao
fg signers add zhao --role liaison --key zhao.pub
fg signers remove
fg --as 市税务局 signers remove zhang
fg signers remove zhang
fg signers require
fg correct
fg --as 市税务局 correct --note 已核实
fg correct --note 已核实
fg set 3 市税务局 推进中
fg check
