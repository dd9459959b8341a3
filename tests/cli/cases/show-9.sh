# A measure with a section, a target, a due date and six units.
fg show 9
