#!/usr/bin/env bash
# jlink's own JVM: the JIT as it comes (tiered C1+C2, G1) against C1 alone with the serial GC, the options hermit
# gives jlink (core's JLink.JVM_OPTIONS). Links the same module set from the host JDK's jmods, alternating the two,
# N times each; prints the CPU and wall time of each run, the medians and their ratio, and checks the two images'
# lib/modules are byte-identical.
#   bench/jlink-jit.sh [N] [MODULES]
set -euo pipefail
n=${1:-5}
modules=${2:-java.base,java.desktop,java.management,java.naming,java.sql,jdk.crypto.ec,jdk.management,jdk.zipfs}
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ -d "$jdk/jmods" ] || { echo "bench/jlink-jit.sh: $jdk has no jmods" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
link() { # link NAME JVM-OPTIONS...
  local name=$1; shift
  rm -rf "$work/$name"
  TZ=UTC LC_ALL=C /usr/bin/time -f "%U %S %e" -o "$work/time" "$jdk/bin/jlink" "$@" --module-path "$jdk/jmods" \
    --add-modules "$modules" --output "$work/$name" --strip-java-debug-attributes --no-header-files --no-man-pages \
    --exclude-files='**.debuginfo'
  read -r u s e <"$work/time"
  echo "$name $(awk "BEGIN {print $u + $s}") $e" | tee -a "$work/runs"
}
for _ in $(seq "$n"); do
  link default
  link c1 -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC
done
cmp -s "$work/default/lib/modules" "$work/c1/lib/modules" && echo "lib/modules: identical" \
  || { echo "lib/modules: DIFFERENT" >&2; exit 1; }
median() { grep "^$1 " "$work/runs" | awk "{print \$$2}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for col in 2:cpu 3:wall; do
  d=$(median default "${col%%:*}"); c=$(median c1 "${col%%:*}")
  printf '%s: default %.2f s, C1 + serial GC %.2f s, ratio %.2f\n' "${col#*:}" "$d" "$c" "$(awk "BEGIN {print $c / $d}")"
done
