#!/usr/bin/env bash
# Size, build time and first-run cost of hello with two hermit jars (a baseline and a candidate), measured in one
# run so that both see the same machine: bench/build.sh BASE.jar NEW.jar [ROUNDS] (default 5).
# Each round builds hello with both jars, alternating (warm jlink cache, a private one), then runs each output
# cold (fresh HERMIT_CACHE_DIR) and warm. Prints the output size, the median build wall and CPU time (user+sys of
# the whole process tree), the median time of each step the CLI prints, and the median cold-minus-warm run, with
# each candidate figure's ratio to the baseline's. A cold-cache build (HERMIT_JLINK_CACHE=off) is timed once each.
# A baseline jar: git archive main | tar -x -C /tmp/base && (cd /tmp/base && mvn -q -o package -DskipTests -pl cli -am)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: bench/build.sh BASE.jar NEW.jar [ROUNDS]" >&2; exit 2; }
jars=("$1" "$2")
rounds="${3:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HERMIT_JLINK_CACHE="$work/jlink"

build() { # build I OUT: wall ms, cpu ms and the step log of one build with jar I
  local s log="$work/log-$1-$RANDOM"
  s=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/cpu" java -jar "${jars[$1]}" build "$here/examples/hello" -o "$2" 2>"$log"
  echo "$((($(date +%s%N) - s) / 1000000)) $(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu") $log"
}
run_ms() { # run_ms FILE [fresh]: one run in milliseconds, with an empty cache when asked
  local s
  [ "${2:-}" = fresh ] && rm -rf "$work/cache"
  s=$(date +%s%N)
  HERMIT_CACHE_DIR="$work/cache" "$1" >/dev/null
  echo $((($(date +%s%N) - s) / 1000000))
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

for i in 0 1; do
  HERMIT_JLINK_CACHE=off build "$i" "$work/cold-$i" >"$work/coldbuild-$i"
  build "$i" "$work/hello-$i" >/dev/null # fills the jlink cache
done
for ((r = 0; r < rounds; r++)); do
  for i in 0 1; do
    read -r wall cpu log < <(build "$i" "$work/hello-$i")
    echo "$wall" >>"$work/wall-$i"
    echo "$cpu" >>"$work/cpu-$i"
    # "[  1.6s] linking ..." lines: the time from each step to the next, by the step's first two words
    awk '/^\[ *[0-9.]+s\]/ {t = substr($0, 2, index($0, "s]") - 2) + 0; l = $0; sub(/^\[ *[0-9.]+s\] /, "", l);
         split(l, f, " "); w = f[1];
         if (prev != "") print prev "\t" int((t - pt) * 1000); prev = w; pt = t}' "$log" >>"$work/steps-$i"
    cold=$(run_ms "$work/hello-$i" fresh)
    warm=$(run_ms "$work/hello-$i")
    echo $((cold - warm)) >>"$work/extract-$i"
  done
done

fig() { median <"$work/$1-$2"; }
ratio() { echo "$1 $2" | awk '{printf "%.2f", ($1 > 0) ? $2 / $1 : 0}'; }
printf '| figure | baseline | candidate | candidate ÷ baseline |\n|---|---|---|---|\n'
s0=$(stat -c %s "$work/hello-0")
s1=$(stat -c %s "$work/hello-1")
printf '| output size (bytes) | %d | %d | %s |\n' "$s0" "$s1" "$(ratio "$s0" "$s1")"
for f in wall cpu extract; do
  a=$(fig "$f" 0)
  b=$(fig "$f" 1)
  case $f in
    wall) name="build, warm jlink cache, wall (ms, median of $rounds)" ;;
    cpu) name="build, warm jlink cache, CPU user+sys (ms)" ;;
    extract) name="cold first run − warm run (ms)" ;;
  esac
  printf '| %s | %s | %s | %s |\n' "$name" "$a" "$b" "$(ratio "$a" "$b")"
done
for i in 0 1; do read -r w c _ <"$work/coldbuild-$i"; eval "cw$i=$w cc$i=$c"; done
printf '| build, jlink cache off, wall / CPU (ms, one each) | %s / %s | %s / %s | %s |\n' "$cw0" "$cc0" "$cw1" "$cc1" \
  "$(ratio "$cw0" "$cw1")"
cut -f1 "$work/steps-0" | awk '!seen[$0]++' | while read -r step; do
  a=$(awk -F'\t' -v s="$step" '$1 == s {print $2}' "$work/steps-0" | median)
  b=$(awk -F'\t' -v s="$step" '$1 == s {print $2}' "$work/steps-1" | median)
  printf '| step "%s…" (ms) | %s | %s | %s |\n' "$step" "${a:-}" "${b:-}" "$(ratio "${a:-0}" "${b:-0}")"
done
