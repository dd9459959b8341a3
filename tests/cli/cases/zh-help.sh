# Under zh_CN --help is Chinese: the synopses stay as typed, the one-line
# help and the paragraphs are translated; the usage hint too.
. "$HERE/zh.sh"
fg --help
fg frobnicate
fg --unit 市科技局 list
fg merge --help
fg init-git --help
fg sync --help
