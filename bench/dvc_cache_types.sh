#!/usr/bin/env bash
# Disk use and time of `dvc add` of a 512 MB model folder (2 x 256 MB stand-ins) for each DVC
# cache.type, in a scratch repo. Run: bash bench/dvc_cache_types.sh (about 10 s, 1 GB of scratch disk).
set -euo pipefail
DVC=${DVC:-$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/dvc}
work=$(mktemp -d); cd "$work"
export DVC_NO_ANALYTICS=1 DVC_SITE_CACHE_DIR=$work/site
for t in copy reflink,copy hardlink symlink; do
  d=$PWD/r-${t/,/-}; rm -rf "$d"; mkdir -p "$d/models/m"; cd "$d"
  git init -q; $DVC init -q; $DVC config core.analytics false; $DVC config cache.type "$t"
  head -c 268435456 /dev/urandom > models/m/a.safetensors; cp models/m/a.safetensors models/m/b.safetensors; echo x >> models/m/b.safetensors
  s=$(date +%s.%N); $DVC add -q models/m; e=$(date +%s.%N)
  echo "$t: $(du -sm --total models .dvc/cache | tail -1 | cut -f1) MB workspace+cache, dvc add $(python3 -c "print(round($e - $s, 1))") s, mode $(stat -c %A models/m/a.safetensors)"
  cd ..; rm -rf "$d"
done
rm -rf "$work"
