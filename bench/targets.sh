#!/usr/bin/env bash
# Builds examples/hello for every target hermit has a launcher for, one after the other, then all of them in one
# command, and prints the time of each build, the total, and the one command's time: with a warm cache (the default: one untimed pass first fills the SDK and jlink caches,
# then the timed pass) or, with --cold, from an empty SDK cache (a fresh HERMIT_SDK_DIR), where each foreign
# target's time includes fetching, verifying and unpacking its Debian packages, whose size is printed too.
# The host target's build is the baseline: each target's time is also given as a ratio to it.
# Usage: bench/targets.sh [--cold]   (honours HERMIT_SDK_DIR and HERMIT_JLINK_CACHE; runs under nice -n 10)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-warm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/hermit" version >/dev/null # builds hermit first when its sources changed
hermit() { nice -n 10 java -jar "$here/cli/target/hermit.jar" "$@"; }
if [ "$mode" = "--cold" ]; then
  export HERMIT_SDK_DIR="$work/sdk"
fi
# Every target with a launcher; one whose Java 17 suite lacks it (linux/riscv64) gets the lowest Java that has it.
targets=$(hermit targets | awk '$3 == "yes" { print $1 }')
now() { date +%s.%N; }

build() { # target, log → seconds
  local t0 t1
  t0=$(now)
  hermit build "$here/examples/hello" --target "$1" -o "$work/hello-${1//\//-}" 2>"$2"
  t1=$(now)
  echo "$t1 - $t0" | bc
}

if [ "$mode" != "--cold" ]; then
  for t in $targets; do build "$t" "$work/warmup.log" >/dev/null; done
fi
mkdir -p "$work/all"
printf '| target | build [s] | ratio to host | output [MB] | downloaded [MB] |\n|:---|---:|---:|---:|---:|\n'
total=0
host=""
rows=()
for t in $targets; do
  s=$(build "$t" "$work/log")
  total=$(echo "$total + $s" | bc)
  mb=$(grep -o 'downloading [a-z0-9.+-]* [^ ]* ([a-z0-9]*, [0-9.]* MB)' "$work/log" \
        | sed 's/.*, \([0-9.]*\) MB)/\1/' | paste -sd+ | bc 2>/dev/null || true)
  [ -z "$host" ] && [ "$(hermit targets | awk -v t="$t" '$1 == t { print $5 }')" = "host" ] && host="$s"
  size=$(stat -c %s "$work/hello-${t//\//-}")
  rows+=("$t $s $size ${mb:-0}")
done
for r in "${rows[@]}"; do
  set -- $r
  printf '| %s | %.1f | %s | %.1f | %.1f |\n' "$1" "$2" \
    "$( [ -n "$host" ] && printf '%.2f' "$(echo "$2 / $host" | bc -l)" || echo -)" "$(echo "$3 / 1000000" | bc -l)" "$4"
done
printf '| all %d targets, one build each | %.1f | | | |\n' "$(echo "$targets" | wc -w)" "$total"
# The same targets in one command, as a user ships a release (one JVM, the app analysed once).
t0=$(now)
hermit build "$here/examples/hello" --target "$(echo $targets | tr ' ' ,)" -o "$work/all" 2>"$work/log"
t1=$(now)
printf '| all %d targets, one command | %.1f | | | |\n' "$(echo "$targets" | wc -w)" "$(echo "$t1 - $t0" | bc)"
