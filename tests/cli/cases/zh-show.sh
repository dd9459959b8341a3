# Under zh_CN show's labels, its assignments table and its messages are Chinese.
. "$HERE/zh.sh"
fg set 9 市财政局 已完成 --note 资金已拨付
fg show 9
fg show 16
fg show
fg show abc
fg show 99
