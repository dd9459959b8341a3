# Under zh_CN export's refusals are Chinese sentences, nothing written.
. "$HERE/zh.sh"
fg export
fg export --format pdf
fg export --format md -o x.csv
fg export --format xlsx
fg export --format md -o plan.yaml
fg export --format md extra
unchanged
