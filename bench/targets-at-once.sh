#!/usr/bin/env bash
# Several targets in one `hermit build --target A,B,...` of examples/hello: one at a time (-j 1, the baseline)
# against the default (one target per core, at most four), alternating, ROUNDS builds of each. Warm (the default:
# an untimed pass first fills the SDK, jlink and frame caches) or --cold (every build starts from empty caches, so
# it downloads, verifies and unpacks each target's Debian packages, then links and packs). Prints every build's
# wall and CPU seconds, the medians and the ratios default ÷ -j 1, and checks that both wrote the same bytes.
# Usage: bench/targets-at-once.sh [--cold] [ROUNDS] [TARGETS]   (default: warm, 3, every target with a launcher)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=warm
if [ "${1:-}" = --cold ]; then mode=cold; shift; fi
rounds="${1:-3}"
"$here/hermit" version >/dev/null # builds hermit first when its sources changed
jar="$here/cli/target/hermit.jar"
targets="${2:-$(java -jar "$jar" targets | awk '$3 == "yes" { print $1 }' | paste -sd,)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "targets: $targets ($mode; $(nproc) cores; default -j $(( $(nproc) < 4 ? $(nproc) : 4 )))"

build() { # JOBS (empty: hermit's default) NAME → "wall cpu" on stdout; the outputs in $work/NAME
  local cache="$work/cache" jobs=()
  if [ "$mode" = cold ]; then cache="$work/cache-$2"; rm -rf "$cache"; fi
  [ -n "$1" ] && jobs=(-j "$1")
  rm -rf "${work:?}/$2"
  XDG_CACHE_HOME="$cache" HERMIT_SDK_DIR="$cache/sdk" /usr/bin/time -f '%e %U %S' -o "$work/time" \
    java -jar "$jar" build "$here/examples/hello" --target "$targets" -o "$work/$2" "${jobs[@]}" 2>"$work/$2.log" \
    || { cat "$work/$2.log" >&2; exit 1; }
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/time"
  if [ "$mode" = cold ]; then rm -rf "$cache"; fi
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if [ "$mode" = warm ]; then build 1 warmup >/dev/null; fi
w1s="" c1s="" wns="" cns=""
printf '| round | -j 1 wall [s] | -j 1 CPU [s] | default wall [s] | default CPU [s] |\n|---:|---:|---:|---:|---:|\n'
for r in $(seq "$rounds"); do
  # alternating, the default first in even rounds: a machine growing busier or quieter hits both alike
  if [ $((r % 2)) = 1 ]; then read -r w1 c1 < <(build 1 one); read -r wn cn < <(build "" many)
  else read -r wn cn < <(build "" many); read -r w1 c1 < <(build 1 one); fi
  [ -n "${w1:-}" ] && [ -n "${wn:-}" ] || { echo "a build failed (above)" >&2; exit 1; }
  for f in "$work"/one/*; do
    cmp -s "$f" "$work/many/$(basename "$f")" || { echo "$(basename "$f"): -j 1 and the default wrote different bytes" >&2; exit 1; }
  done
  printf '| %d | %s | %s | %s | %s |\n' "$r" "$w1" "$c1" "$wn" "$cn"
  w1s+=" $w1" c1s+=" $c1" wns+=" $wn" cns+=" $cn"
done
m() { median $1; } # word-split on purpose: the values
printf '| median | %s | %s | %s | %s |\n' "$(m "$w1s")" "$(m "$c1s")" "$(m "$wns")" "$(m "$cns")"
printf 'default ÷ -j 1: wall %.2f, CPU %.2f (the same bytes written)\n' \
  "$(echo "$(m "$wns") / $(m "$w1s")" | bc -l)" "$(echo "$(m "$cns") / $(m "$c1s")" | bc -l)"
