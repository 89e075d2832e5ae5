#!/usr/bin/env bash
# Warm in-process builds with two hermit jars, alternating, as a long-lived JVM (the Maven plugin, the API, the
# tests) builds: bench/in-process.sh BASE.jar NEW.jar [BUILDS] [ROUNDS] -- BUILD ARGS...
# e.g. bench/in-process.sh /tmp/base.jar cli/target/hermit.jar 12 2 -- examples/hello --pack=fast
# Each round runs BUILDS builds in one JVM per jar (bench/InProcessBuilds.java) and averages the last half: the
# first builds pay the JIT. Prints the mean wall and build-thread CPU per build for each jar, and the ratio.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 3 ] || { echo "usage: bench/in-process.sh BASE.jar NEW.jar [BUILDS] [ROUNDS] -- BUILD ARGS..." >&2; exit 2; }
jars=("$1" "$2")
shift 2
builds=12
rounds=2
[ "${1:-}" != -- ] && { builds="$1"; shift; }
[ "${1:-}" != -- ] && { rounds="$1"; shift; }
[ "${1:-}" = -- ] || { echo "bench/in-process.sh: the build's arguments go after --" >&2; exit 2; }
shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((r = 0; r < rounds; r++)); do
  for i in 0 1; do
    java -XX:+UseSerialGC -cp "${jars[$i]}" "$here/bench/InProcessBuilds.java" "$builds" build "$@" -o "$work/out-$i" -q |
      tail -n $((builds / 2)) | awk '{print $5, $8}' >>"$work/runs-$i"
  done
done
for i in 0 1; do
  awk '{w += $1; c += $2} END {printf "%.3f %.3f\n", w / NR, c / NR}' "$work/runs-$i" >"$work/mean-$i"
done
read -r w0 c0 <"$work/mean-0"
read -r w1 c1 <"$work/mean-1"
echo "| jar | wall per build | CPU per build (its thread) |"
echo "|---|---:|---:|"
echo "| baseline | $w0 s | $c0 s |"
echo "| candidate | $w1 s | $c1 s |"
awk -v a="$w0" -v b="$w1" -v c="$c0" -v d="$c1" 'BEGIN {printf "| candidate ÷ baseline | %.2f | %.2f |\n", b / a, d / c}'
echo "($rounds rounds of $builds builds, the last $((builds / 2)) of each; $(date -u '+%Y-%m-%d %H:%M UTC'))"
