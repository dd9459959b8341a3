# `fengong CMD --help` answers for every command, before any plan is read:
# the usage line and the help from the command table, exit 0.  merge, sync,
# init-git and import print their own fuller help.
for c in list show units set check log report export progress missing bulletin approve return extend signers correct; do
	fg "$c" --help
done
fg -f missing.yaml list --help
fg import --help
# --help later on the line is still an option the command does not know
fg list --unit 市税务局 --help
