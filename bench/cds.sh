#!/usr/bin/env bash
# hello built with --cds=off and with --cds=build (jlink's class-data-sharing archive in the runtime): output sizes,
# then warm starts of both and of the JDK's own java -cp (which has the JDK's default CDS archive) in one hyperfine run.
# Usage: bench/cds.sh [RUNS]   (needs: apt-get install hyperfine)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-40}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "bench needs hyperfine: apt-get install hyperfine" >&2; exit 1; }

"$here/hermit" build "$here/examples/hello" -o "$work/plain" --cds=off -q
"$here/hermit" build "$here/examples/hello" -o "$work/cds" --cds=build -q
for b in plain cds; do printf '%-6s output size: %d bytes\n' "$b" "$(stat -c %s "$work/$b")"; done
mkdir -p "$work/classes" && javac -d "$work/classes" "$here/examples/hello/Hello.java"

export HERMIT_CACHE_DIR="$work/cache"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/table.md" \
  --command-name "hello, warm" "$work/plain" \
  --command-name "hello --cds=build, warm" "$work/cds" \
  --command-name "JDK java -cp" "java -cp $work/classes Hello" >&2
cat "$work/table.md"
