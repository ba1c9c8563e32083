#!/bin/bash
# compare.sh LEADLAB DATADIR [tune flags...]: tune's held-out ranking
# against an L2 logistic regression on the same columns and split, over
# three seeded random splits of each dataset mkdata.py wrote in DATADIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ll=$(realpath "$1"); dir=$2; shift 2
py=${PYTHON:-/usr/bin/python3}
cd "$dir"
for s in 1 2 3; do
  $py "$here/run.py" "$ll" fair $s --target 0.55-0.65 "$@"
  $py "$here/run.py" "$ll" randhie $s --target 0.55-0.65 "$@"
  $py "$here/run.py" "$ll" synth38 $s --target 0.60-0.70 "$@"
  $py "$here/run.py" "$ll" synth11 $s --target 0.25-0.35 "$@"
  $py "$here/run.py" "$ll" synth9 $s --target 0.20-0.30 "$@"
  if [ -d olist ]; then $py "$here/run.py" "$ll" olist $s --target 0.15-0.20 "$@"; fi
done | awk '{print} /gap/ {split($0,a,"gap "); g1+=a[2]+0; g2+=a[3]+0; n++} END {printf "mean gap: AUC %+.2f points, close rate at equal share %+.2f points\n", g1/n, g2/n}'
