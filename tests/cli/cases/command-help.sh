# `fengong COMMAND --help` (or -h) prints that command's usage line and its
# one-line help from the command table on stdout and exits 0, before any
# plan is read; a --help that is an option's value is that value.
fg set --help
fg signers --help
fg list --format tsv -h
fg -f missing.yaml show --help
unchanged
fg set 3 市税务局 in_progress --note --help
changes
