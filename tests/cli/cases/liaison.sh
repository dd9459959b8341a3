# A member's liaison edits the umbrella unit's assignment (各区人民政府 includes
# 葛店经开区管委会); the history records the unit acted as.
fg --as 葛店经开区管委会 set 1 各区人民政府 done --note 园区已落实
fg --as 葛店经开区管委会 set 1 葛店经开区管委会 in_progress
changes
fg log --format tsv
