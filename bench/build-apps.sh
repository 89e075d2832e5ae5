#!/usr/bin/env bash
# Warm-cache build time of real apps with two hermit jars (a baseline and a candidate), measured in one run so that
# both see the same machine: bench/build-apps.sh BASE.jar NEW.jar [ROUNDS] (default 5).
# The apps: examples/hello, and testdata/apps' checkstyle (9,356 classes in 33 jars) and google-java-format (their
# jars fetched with Maven into the work directory). A first build with each jar fills a private jlink cache (and
# its frames); then each round builds every app with both jars, alternating, from the command line as a user
# would (`java -jar hermit.jar build ...`, a fresh JVM each). Prints the median wall and CPU time (user+sys of the
# process tree) per app and jar, each candidate figure's ratio to the baseline's, and whether the two jars wrote
# the same bytes.
# A baseline jar: git worktree add /tmp/base COMMIT && (cd /tmp/base && mvn -q -o package -DskipTests -pl cli -am)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: bench/build-apps.sh BASE.jar NEW.jar [ROUNDS]" >&2; exit 2; }
jars=("$1" "$2")
rounds="${3:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export HERMIT_JLINK_CACHE="$work/jlink"

mvn -q -B -f "$here/testdata/apps/pom.xml" dependency:copy-dependencies -DoutputDirectory="$work/apps/\${project.artifactId}" \
  -pl checkstyle,google-java-format >&2
declare -A args=(
  [hello]="$here/examples/hello"
  [checkstyle]="--main com.puppycrawl.tools.checkstyle.Main --class-path $work/apps/checkstyle-app/*"
  [gjf]="--main com.google.googlejavaformat.java.Main --class-path $work/apps/google-java-format-app/*"
)
apps=(hello checkstyle gjf)

build() { # build I APP: wall ms and cpu ms of one build of APP with jar I
  local s - # 'local -': the noglob below ends with the function
  set -f    # the class path's '*' is hermit's to expand, not the shell's
  s=$(date +%s%N)
  # shellcheck disable=SC2086 # split into words: the arguments
  /usr/bin/time -f '%U %S' -o "$work/cpu" java -jar "${jars[$1]}" build ${args[$2]} -o "$work/$2-$1" -q \
    2>"$work/err" || { echo "bench/build-apps.sh: building $2 with ${jars[$1]} failed:" >&2; cat "$work/err" >&2; exit 1; }
  echo "$((($(date +%s%N) - s) / 1000000)) $(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")"
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

for a in "${apps[@]}"; do
  for i in 0 1; do
    build "$i" "$a" >/dev/null # fills the jlink cache and its frames
  done
done
for ((r = 0; r < rounds; r++)); do
  for a in "${apps[@]}"; do
    for i in 0 1; do
      read -r wall cpu < <(build "$i" "$a")
      echo "$wall" >>"$work/wall-$a-$i"
      echo "$cpu" >>"$work/cpu-$a-$i"
    done
  done
done

ratio() { echo "$1 $2" | awk '{printf "%.2f", ($1 > 0) ? $2 / $1 : 0}'; }
printf '| app | wall, baseline | wall, candidate | ÷ | CPU, baseline | CPU, candidate | ÷ | same bytes |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---|\n'
for a in "${apps[@]}"; do
  w0=$(median <"$work/wall-$a-0")
  w1=$(median <"$work/wall-$a-1")
  c0=$(median <"$work/cpu-$a-0")
  c1=$(median <"$work/cpu-$a-1")
  same=no
  cmp -s "$work/$a-0" "$work/$a-1" && same=yes
  printf '| %s | %d ms | %d ms | %s | %d ms | %d ms | %s | %s |\n' "$a" "$w0" "$w1" "$(ratio "$w0" "$w1")" \
    "$c0" "$c1" "$(ratio "$c0" "$c1")" "$same"
done
echo "($rounds rounds, medians; $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'))"
