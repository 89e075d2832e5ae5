#!/usr/bin/env bash
# Cold first runs of hello built with each payload codec: bench/codec.sh [RUNS] [CODECS...] (default 15, deflate
# zstd). Builds hello once per codec, then alternates the builds run by run, each with a fresh, empty
# HERMIT_CACHE_DIR (removed after the run, outside the timing), so every codec sees the same machine noise.
# Prints size, build wall time, the median cold run per codec, and each median's ratio to the first codec's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
shift || true
codecs=("${@:-deflate}")
[ $# -gt 0 ] || codecs=(deflate zstd)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$here/hermit" build "$here/examples/hello" -o "$work/warmup" -q # builds hermit itself first, untimed
build_ms=()
for c in "${codecs[@]}"; do
  s=$(date +%s%N)
  "$here/hermit" build "$here/examples/hello" -o "$work/hello-$c" --codec "$c" -q
  build_ms[${#build_ms[@]}]=$((($(date +%s%N) - s) / 1000000))
done
ms() { # ms CODEC: one cold run, in milliseconds
  local s
  rm -rf "$work/cache"
  s=$(date +%s%N)
  HERMIT_CACHE_DIR="$work/cache" "$work/hello-$1" >/dev/null
  echo $((($(date +%s%N) - s) / 1000000))
}
for c in "${codecs[@]}"; do ms "$c" >/dev/null; done # page cache warm for every build
for ((r = 0; r < runs; r++)); do
  for c in "${codecs[@]}"; do ms "$c" >>"$work/times-$c"; done
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
base=$(median "$work/times-${codecs[0]}")
printf '| codec | size | build | cold run, median of %d |  ÷ %s |\n|---|---|---|---|---|\n' "$runs" "${codecs[0]}"
i=0
for c in "${codecs[@]}"; do
  m=$(median "$work/times-$c")
  printf '| %s | %.1f MB | %.1f s | %s ms | %.2f |\n' "$c" "$(echo "$(stat -c %s "$work/hello-$c") / 1000000" | bc -l)" \
    "$(echo "${build_ms[$i]} / 1000" | bc -l)" "$m" "$(echo "$m / $base" | bc -l)"
  i=$((i + 1))
done
