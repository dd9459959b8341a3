# Under zh_CN import's own guesses (warnings) and refusals are Chinese
# sentences: in the dry run's matrix, on stderr of a real import, and for a
# document it cannot read.  The document's own words stay as they are.
. "$HERE/zh.sh"
# a zero-width space in the title; a 同上 with nothing above; a generic unit
# after 等; a unit that lost its prefix; a section numeral used twice;
# 按职责分工 with no lead; a measure with no responsible unit
printf '某市\342\200\213数据工作方案\n一、重点任务\n（一）建设平台。建成数据平台。\n（二）运营平台。用好平台。（责任单位：同上）\n（三）做好甲。（责任单位：市工信局、市财政局等有关部门）\n（四）做好乙。（责任单位：市行政审批局、住建局）\n一、保障措施\n（五）加强领导。落实安全责任（责任单位：市应急管理局、市住建局，按职责分工负责）\n' >doc.txt
fg import doc.txt --dry-run
fg import doc.txt -o new.yaml
rm -f new.yaml
fg import doc.txt --strict -o new.yaml
note "the document cannot be read"
printf '\377\376a\000' >utf16.txt
fg import utf16.txt --dry-run
printf '没有编号的文字\n' >plain.txt
fg import plain.txt --dry-run
printf 'not a zip' >bad.docx
fg import bad.docx --dry-run
fg import missing.txt --dry-run
printf "%%PDF-1.4\n" >scan.pdf
fg import scan.pdf --dry-run
rm -f doc.txt utf16.txt plain.txt bad.docx scan.pdf
