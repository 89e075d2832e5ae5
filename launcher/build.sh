#!/usr/bin/env bash
# Builds the freestanding launcher for every Linux target: build.sh OUTDIR writes OUTDIR/linux-amd64, linux-arm64,
# linux-arm-v7, linux-386, linux-ppc64le, linux-s390x, linux-riscv64 (Go/OCI target names, '/' -> '-'; the list is
# flags.sh's TARGETS).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
# shellcheck source=flags.sh
source "$here/flags.sh"
check_toolchain

mkdir -p "$out"
for t in "${TARGETS[@]}"; do
  read -r name triple extra <<<"$t"
  # shellcheck disable=SC2086
  "$CC" --target="$triple" "${CFLAGS[@]}" "${LDFLAGS[@]}" $extra -o "$out/$name.tmp" "$here"/src/*.c
  "$STRIP" -o "$out/$name" "$out/$name.tmp"
  rm -f "$out/$name.tmp"
  echo "built $out/$name ($(stat -c %s "$out/$name") bytes)"
done
