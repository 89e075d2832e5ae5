#!/usr/bin/env bash
# --libc=bundled (the default: runs in an empty root) against --libc=system (uses the target's glibc) for the
# hello example: output size, then cold (empty cache) and warm starts of both in one hyperfine run.
# Usage: bench/libc.sh [RUNS]   (needs: apt-get install hyperfine)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "bench needs hyperfine: apt-get install hyperfine" >&2; exit 1; }

"$here/hermit" build "$here/examples/hello" -o "$work/bundled" -q
"$here/hermit" build "$here/examples/hello" -o "$work/system" --libc=system -q
for m in bundled system; do
  printf '%-8s output size: %d bytes\n' "$m" "$(stat -c %s "$work/$m")"
done

hyperfine --warmup 3 --runs "$runs" --export-markdown "$work/table.md" \
  --command-name "bundled, cold" --prepare "rm -rf '$work/cb'" "HERMIT_CACHE_DIR='$work/cb' '$work/bundled'" \
  --command-name "system, cold" --prepare "rm -rf '$work/cs'" "HERMIT_CACHE_DIR='$work/cs' '$work/system'" \
  --command-name "bundled, warm" --prepare true "HERMIT_CACHE_DIR='$work/cb' '$work/bundled'" \
  --command-name "system, warm" --prepare true "HERMIT_CACHE_DIR='$work/cs' '$work/system'" >&2
cat "$work/table.md"
