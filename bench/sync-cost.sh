#!/usr/bin/env bash
# What the cache's syncfs costs a cold first run (docs/FORMAT.md "Cache", durability): the hello example's payload
# behind two launchers, OLD and NEW, run alternately, each run with a fresh HERMIT_CACHE_DIR on the file system of
# DIR (default: the home directory's, where a real cache lives; tmpfs would make syncfs free). Prints the medians
# and NEW/OLD. Usage: bench/sync-cost.sh OLD-LAUNCHER NEW-LAUNCHER [RUNS] [DIR]
#   e.g. git archive main launcher | tar -x -C /tmp/old && bash /tmp/old/launcher/build.sh /tmp/old/out
#        bash launcher/build.sh /tmp/new && bench/sync-cost.sh /tmp/old/out/linux-amd64 /tmp/new/linux-amd64 21
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
old="${1:?usage: sync-cost.sh OLD-LAUNCHER NEW-LAUNCHER [RUNS] [DIR]}" new="${2:?}" runs="${3:-21}"
work="$(mktemp -d "${4:-$HOME}/hermit-sync-cost.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$here/hermit" build "$here/examples/hello" -o "$work/hello" -q
size=$(stat -c %s "$work/hello")
u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }
payload=$((72 + $(u64 "$work/hello" $((size - 64))) + $(u64 "$work/hello" $((size - 56)))))
tail -c "$payload" "$work/hello" >"$work/payload"
for v in old new; do
  launcher=$old; [ $v = new ] && launcher=$new
  cat "$launcher" "$work/payload" >"$work/$v" && chmod 755 "$work/$v"
done

ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
for i in $(seq "$runs"); do
  for v in old new; do
    rm -rf "$work/cache"
    sync # start every run from the same state: no dirty pages of the previous run left to write
    HERMIT_CACHE_DIR="$work/cache" ms "$work/$v" >>"$work/$v.ms"
  done
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
mo=$(median "$work/old.ms") mn=$(median "$work/new.ms")
echo "payload $payload bytes, $runs cold runs each, alternating, cache in $(df --output=fstype "$work" | tail -1)"
echo "old launcher: median $mo ms (min $(sort -n "$work/old.ms" | head -1), max $(sort -n "$work/old.ms" | tail -1))"
echo "new launcher: median $mn ms (min $(sort -n "$work/new.ms" | head -1), max $(sort -n "$work/new.ms" | tail -1))"
echo "new/old: $(echo "scale=2; $mn / $mo" | bc)"
