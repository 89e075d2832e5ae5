#!/usr/bin/env bash
# A container's first start, by image layout: bench/image-start.sh RUNS APP [hermit build options...] (root: chroot).
# Builds APP twice into OCI images (--image-layout file and unpacked), unpacks each with umoci into a root file
# system, then every round starts /app in each root as a new container would: an empty cache (/root/.cache) and an
# empty /tmp (cleared outside the timing), `env -i HOME=/root chroot ROOT /app`. The file layout's second start in
# the same root (its cache kept) is the warm baseline. HERMIT_CDS=off for all: a first start of the file layout
# would also record a class list and start an archive dump, which only makes it slower.
# Prints medians, each against the file layout's first start, and the image sizes.
set -euo pipefail
runs="${1:?usage: bench/image-start.sh RUNS APP [hermit build options...]}"
app="${2:?usage: bench/image-start.sh RUNS APP [hermit build options...]}"
shift 2
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "bench/image-start.sh: needs root (chroot)" >&2; exit 2; }
command -v umoci >/dev/null || { echo "bench/image-start.sh: needs umoci (apt-get install umoci)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jar="$repo/cli/target/hermit.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -q -B -pl cli -am package -DskipTests)
for layout in file unpacked; do
  java -jar "$jar" build "$app" -o "$work/exe-$layout" --image "$work/img-$layout" --image-layout "$layout" -q "$@"
  umoci unpack --image "$work/img-$layout:latest" "$work/b-$layout" >/dev/null
done
start() { # start LAYOUT: one start in that root, in milliseconds
  local s
  s=$(date +%s%N)
  env -i HOME=/root HERMIT_CDS=off /usr/sbin/chroot "$work/b-$1/rootfs" /app >/dev/null
  echo $((($(date +%s%N) - s) / 1000000))
}
fresh() { rm -rf "$work/b-$1/rootfs/root/.cache" "$work/b-$1/rootfs/tmp/"* "$work/b-$1/rootfs/tmp/".[!.]* 2>/dev/null || true; }
declare -A rootfs
for l in file unpacked; do rootfs[$l]=$(du -sb "$work/b-$l/rootfs" | cut -f1); done
for l in file unpacked; do fresh $l; start $l >/dev/null; done # page cache warm for every file
for ((r = 0; r < runs; r++)); do
  fresh file; start file >>"$work/first-file"; start file >>"$work/warm-file"
  fresh unpacked; start unpacked >>"$work/first-unpacked"
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
base=$(median "$work/first-file")
blobs() { du -b --apparent-size -c "$work/img-$1"/blobs/sha256/* | tail -1 | cut -f1; }
printf 'rounds: %d, alternating; medians in ms; %d cores; load average before: %s\n\n' "$runs" "$(nproc)" \
  "$(cut -d' ' -f1 /proc/loadavg)"
printf '| start | image (compressed blobs) | root file system as pulled | ms | ÷ file, first start |\n|---|---:|---:|---:|---:|\n'
for row in "file, first start (a new container):first-file:file" "file, second start (same container):warm-file:file" \
  "unpacked, first start (a new container):first-unpacked:unpacked"; do
  IFS=: read -r what f l <<<"$row"
  m=$(median "$work/$f")
  printf '| %s | %.1f MB | %.1f MB | %s | %.2f |\n' "$what" "$(echo "$(blobs "$l") / 1000000" | bc -l)" \
    "$(echo "${rootfs[$l]} / 1000000" | bc -l)" "$m" "$(echo "$m / $base" | bc -l)"
done
