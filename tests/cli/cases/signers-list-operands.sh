# `signers list` takes no operands: one is a usage error that says so
# (exit 2), as `check extra` does.
fg signers list plan.yaml
fg signers list
