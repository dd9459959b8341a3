# --help prints the usage on stdout and exits 0; -h is the same; --version.
fg --help
if cmp -s <("$FENGONG" --help) <("$FENGONG" -h); then note "-h prints the same as --help"; else note "-h DIFFERS from --help"; fi
fg --version
fg -V
