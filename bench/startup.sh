#!/usr/bin/env bash
# Builds the hello example and measures, in one hyperfine run: the cold first run (empty cache), the warm run,
# the same program started directly through the extracted runtime's loader (exactly what the launcher execs),
# and the JDK's own java -cp. Prints the output size first. Commands run in that order, so the warm runs find the
# entry the last cold run made. Usage: bench/startup.sh [RUNS]   (needs: apt-get install hyperfine)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "bench needs hyperfine: apt-get install hyperfine" >&2; exit 1; }

"$here/hermit" build "$here/examples/hello" -o "$work/hello" -q
size=$(stat -c %s "$work/hello")
printf 'output size: %d bytes (%.1f MB)\n' "$size" "$(echo "$size / 1000000" | bc -l)"

export HERMIT_CACHE_DIR="$work/cache"
"$work/hello" >/dev/null                     # extract once to find the runtime
entry="$(ls "$HERMIT_CACHE_DIR")"
root="$HERMIT_CACHE_DIR/$entry"
rt="$root/rt"
loader="$(ls "$rt"/lib/sys/ld-*)"   # the same command line the launcher execs (docs/FORMAT.md, README)
mkdir -p "$work/classes" && javac -d "$work/classes" "$here/examples/hello/Hello.java"

hyperfine --warmup 3 --runs "$runs" --export-markdown "$work/table.md" \
  --command-name "cold first run (empty cache)" --prepare "rm -rf '$work/cache'" "'$work/hello'" \
  --command-name "warm run" --prepare true "'$work/hello'" \
  --command-name "extracted runtime's java directly" --prepare true \
      "LOCPATH='$rt/lib/sys/locale' LC_ALL=C.UTF-8 '$loader' --library-path '$rt/lib/sys:$rt/lib:$rt/lib/server' \
       --argv0 '$rt/bin/java' '$rt/bin/java.real' -Dhermit.executable='$work/hello' -Djava.io.tmpdir=/tmp \
       -jar '$root/app/hello.jar'" \
  --command-name "JDK java -cp" --prepare true "java -cp '$work/classes' Hello" >&2
cat "$work/table.md"
