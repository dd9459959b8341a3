# The shipped plan validates.
fg check
