# A second extension request while one awaits the coordinator takes its
# place, and says which request it replaces.
fg extend 9 市财政局 --to 2026-06-30 --note 资金下达推迟
fg extend 9 市财政局 --to 2026-08-31 --note 资金再次推迟
fg show 9
