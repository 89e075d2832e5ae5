#!/usr/bin/env bash
# Builds the freestanding launcher for every Linux target: build.sh OUTDIR
# writes OUTDIR/linux-amd64, OUTDIR/linux-arm64, OUTDIR/linux-arm-v7 (Go/OCI target names, '/' -> '-').
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
CC="${CC:-clang}"
STRIP="${STRIP:-llvm-strip}"

for tool in "$CC" ld.lld "$STRIP"; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "build.sh: '$tool' not found; install the toolchain: apt-get install clang lld llvm" >&2
    exit 1
  }
done

# FIELD-NOTES §1: freestanding, static, no PIE, no unwind tables; -O2 (inflate and SHA-256 are the hot paths).
CFLAGS=(-std=c11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter -ffreestanding -fno-builtin -fno-stack-protector
  -fno-pic -fno-pie -fno-asynchronous-unwind-tables -fno-unwind-tables -fomit-frame-pointer
  -ffunction-sections -fdata-sections -fno-strict-aliasing)
LDFLAGS=(-nostdlib -static -fuse-ld=lld -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,noexecstack)

# target name, clang triple, extra flags
targets=(
  "linux-amd64 x86_64-linux-gnu"
  "linux-arm64 aarch64-linux-gnu"
  "linux-arm-v7 armv7-linux-gnueabihf -mfloat-abi=hard -mfpu=vfpv3-d16"
)

mkdir -p "$out"
for t in "${targets[@]}"; do
  read -r name triple extra <<<"$t"
  # shellcheck disable=SC2086
  "$CC" --target="$triple" $extra "${CFLAGS[@]}" "${LDFLAGS[@]}" -o "$out/$name.tmp" "$here"/src/*.c
  "$STRIP" -o "$out/$name" "$out/$name.tmp"
  rm -f "$out/$name.tmp"
  echo "built $out/$name ($(stat -c %s "$out/$name") bytes)"
done
