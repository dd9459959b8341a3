# A measure the source names no units for.
fg show 16
