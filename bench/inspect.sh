#!/usr/bin/env bash
# Benchmark for `hermit inspect` (issue 3): inspect every ELF file under a directory (default /usr/lib) with
# `hermit inspect --json` in ONE run (JVM start included; the JSON includes library resolution, which readelf
# does not do), against a `readelf -d` loop over the same files (one process per file). One run each.
# Usage: bench/inspect.sh [DIR]    (build first: mvn -pl core,cli -am package -DskipTests)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
dir=${1:-/usr/lib}
jar=$repo/cli/target/hermit.jar
[ -f "$jar" ] || { echo "bench: $jar missing; build first (mvn -pl core,cli -am package -DskipTests)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The ELF files: readelf -h prints "File: NAME" for every file and "ELF Header:" only for ELF ones; archive
# members (a.a(b.o)) are left out.
# (readelf fails on the non-ELF files, so this pipeline's status is not checked.)
{ find "$dir" -type f -size +63c -print0 2>/dev/null | xargs -0 -r readelf -h 2>/dev/null || true; } \
  | awk '/^File: / { f = substr($0, 7) } /^ELF Header:/ { print f }' | { grep -v '([^/]*)$' || true; } \
  | sort -u >"$work/files"
n=$(wc -l <"$work/files")
# picocli @argument-file: one quoted path per line
sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/' "$work/files" >"$work/args"

now() { date +%s.%N; }
t0=$(now)
java -cp "$jar" dev.hermit.cli.InspectCommand --json "@$work/args" >"$work/hermit.json" 2>"$work/hermit.err" || true
t1=$(now)
while IFS= read -r f; do readelf -d "$f"; done <"$work/files" >"$work/readelf.txt" 2>&1
t2=$(now)

errors=$(grep -c '"error"' "$work/hermit.json" || true)
awk -v n="$n" -v h="$(echo "$t1 - $t0" | bc)" -v r="$(echo "$t2 - $t1" | bc)" -v e="$errors" -v d="$dir" 'BEGIN {
  printf "files: %d ELF files under %s (hermit could not read %d)\n", n, d, e
  printf "hermit inspect --json (one JVM): %.2f s, %.0f files/s\n", h, n / h
  printf "readelf -d loop:                 %.2f s, %.0f files/s\n", r, n / r
}'
