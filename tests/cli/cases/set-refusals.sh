# Each refused set: a sentence, exit 1 (data) or 2 (usage), the file untouched.
fg set 99 市税务局 done
unchanged
fg set 4294967299 市税务局 done
unchanged
fg set 3 市统计局 done
unchanged
fg set 3 市税务局 finished
unchanged
fg set 3 市公安局 done
unchanged
fg set 16 市发改委 done
unchanged
fg --as 市财政局 set 3 市税务局 done
unchanged
fg --as 市统计局 set 3 市税务局 done
unchanged
fg --read-only set 3 市税务局 done
unchanged
fg set 3 市税务局
unchanged
fg set
unchanged
fg set 3 市税务局 done extra
unchanged
fg set 3 市税务局 done --bogus
unchanged
fg set 3 市税务局 not_started
unchanged
# the unit from $FENGONG_AS, not typed: the message names the variable
FENGONG_AS=市统计局 fg set 3 市税务局 done
unchanged
