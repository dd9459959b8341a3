# Under zh_CN set confirms in Chinese, and each refusal is a Chinese
# sentence with the same exit code as in English; the file stays untouched.
. "$HERE/zh.sh"
fg set 99 市税务局 done
unchanged
fg set 3 市统计局 done
unchanged
fg set 3 市税务局 finished
unchanged
fg set 3 市公安局 done
unchanged
fg --as 市财政局 set 3 市税务局 done
unchanged
fg --read-only set 3 市税务局 done
unchanged
fg set 3 市税务局
unchanged
fg set 3 市税务局 推进中 --note 已完成摸底
changes
fg check
cp plan.yaml before-readonly.yaml
chmod a-w plan.yaml
fg set 4 市经信局 受阻
chmod u+w plan.yaml
if cmp -s before-readonly.yaml plan.yaml; then note "read-only plan.yaml unchanged"; else note "read-only plan.yaml CHANGED"; fi
rm -f before-readonly.yaml
