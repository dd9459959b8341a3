# Usage errors exit 2 with a hint; data errors exit 1.
fg frobnicate
fg --bogus list
fg -f
fg --unit 市科技局 list
fg list --status finished
fg list --role boss
fg list --format xml
fg list extra
fg show
fg show abc
fg show 0
fg show 99
fg units extra
fg check extra
fg list --unit 市统计局
fg -f missing.yaml list
fg -f . list
# a command's usage line comes from the command table (as in --help)
fg import
fg import --dry-run -o out.yaml doc.txt
fg merge base.yaml ours.yaml
