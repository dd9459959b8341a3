# The shipped plan as TSV: 88 assignments of measures 1-15, leads first,
# then co-units in the order the source text prints them.
fg list --format tsv
note "rows without the header: $(cd "$WORK" && "$FENGONG" list --format tsv | tail -n +2 | wc -l)"
