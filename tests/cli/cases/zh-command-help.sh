# Under zh_CN a command's --help is Chinese, the synopsis as typed.
. "$HERE/zh.sh"
fg progress --help
fg approve -h
