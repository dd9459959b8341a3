# Under zh_CN import's dry run labels its matrix in Chinese (the document's
# text as it is), and its refusals are Chinese sentences.
. "$HERE/zh.sh"
cp "$ROOT/tests/import/lead-and-co-verbs.txt" doc.txt
fg import doc.txt --dry-run
fg import doc.txt -o plan.yaml
fg import doc.txt --dry-run -o new.yaml
fg import
