# Each unit: lead and co counts and its statuses.
fg units
