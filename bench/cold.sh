#!/usr/bin/env bash
# Cold first runs against warm runs of hermit outputs: bench/cold.sh RUNS EXE [EXE...]. Every round runs each
# executable cold (a fresh, empty HERMIT_CACHE_DIR, removed outside the timing) and then warm (the same cache
# again), so all of them see the same machine noise. HERMIT_CDS=off: a cold run here is the extraction plus one
# start, a warm run one start, and cold - warm the extraction's cost. Prints medians and each cold median's ratio
# to the first executable's: compare launchers by building the same app with each hermit (same payload bytes).
set -euo pipefail
runs="${1:?usage: bench/cold.sh RUNS EXE [EXE...]}"
shift
[ $# -gt 0 ] || { echo "usage: bench/cold.sh RUNS EXE [EXE...]" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ms() { # ms I CACHE: one run of executable I, in milliseconds
  local s
  s=$(date +%s%N)
  HERMIT_CDS=off HERMIT_CACHE_DIR="$2" "${exes[$1]}" >/dev/null
  echo $((($(date +%s%N) - s) / 1000000))
}
exes=("$@")
for i in "${!exes[@]}"; do rm -rf "$work/c"; ms "$i" "$work/c" >/dev/null; done # page cache warm for every file
for ((r = 0; r < runs; r++)); do
  for i in "${!exes[@]}"; do
    rm -rf "$work/c"
    ms "$i" "$work/c" >>"$work/cold-$i"
    ms "$i" "$work/c" >>"$work/warm-$i"
  done
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
base=$(median "$work/cold-0")
printf 'rounds: %d, alternating; medians in ms; %d cores; load average before: %s\n\n' "$runs" "$(nproc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| executable | size | cold | warm | cold - warm | cold ÷ first cold |\n|---|---|---:|---:|---:|---:|\n'
for i in "${!exes[@]}"; do
  c=$(median "$work/cold-$i") w=$(median "$work/warm-$i")
  printf '| %s | %.1f MB | %s | %s | %s | %.2f |\n' "$(basename "${exes[$i]}")" \
    "$(echo "$(stat -c %s "${exes[$i]}") / 1000000" | bc -l)" "$c" "$w" "$(echo "$c - $w" | bc)" \
    "$(echo "$c / $base" | bc -l)"
done
