#!/usr/bin/env bash
# Builds the freestanding launcher for every Linux target: build.sh OUTDIR writes OUTDIR/linux-amd64, linux-arm64,
# linux-arm-v7, linux-386, linux-ppc64le, linux-s390x, linux-riscv64 (Go/OCI target names, '/' -> '-'; the list is
# flags.sh's TARGETS), and beside each the C++ runtime for the JDK's libraries, OUTDIR/libhermit++-TARGET.so
# (cxxrt/hermit++.c: a shared object, as the loader loads it).
#
# The launchers are compiled once per set of inputs (sources, flags, this script, the compiler's version) into
# launcher/target/built-STAMP and copied from there: scripts/test's launcher tests and Maven's launcher module
# ask for them at the same time, and the second waits for the first rather than compiling the same bytes again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: build.sh OUTDIR}"
# shellcheck source=flags.sh
source "$here/flags.sh"
check_toolchain

stamp="$(cd "$here" && { find src cxxrt -type f | LC_ALL=C sort | xargs cat; cat flags.sh build.sh; "$CC" --version;
  "$STRIP" --version; } | sha256sum | cut -c1-16)"
built="$here/target/built-$stamp"
mkdir -p "$here/target" "$out"
exec 9>"$here/target/.build.lock"
flock 9
if [ ! -f "$built/.complete" ]; then
  rm -rf "$built"
  mkdir -p "$built"
  # One compile per core at a time: the first minute of a test run has little else for them to do.
  jobs=$(nproc 2>/dev/null || echo 1)
  pids=()
  failed=0
  for t in "${TARGETS[@]}"; do
    read -r name triple extra <<<"$t"
    # shellcheck disable=SC2086
    { "$CC" --target="$triple" "${CFLAGS[@]}" "${LDFLAGS[@]}" $extra -o "$built/$name.tmp" "$here"/src/*.c &&
      "$STRIP" -o "$built/$name" "$built/$name.tmp" && rm -f "$built/$name.tmp" &&
      "$CC" --target="$triple" "${CXXRT_FLAGS[@]}" $extra -o "$built/libhermit++-$name.tmp" "$here/cxxrt/hermit++.c" &&
      "$STRIP" -o "$built/libhermit++-$name.so" "$built/libhermit++-$name.tmp" && rm -f "$built/libhermit++-$name.tmp" &&
      # the same runtime needing libstdc++.so.6 (linked against an empty stand-in of that name), for apps whose
      # natives are C++: the real libstdc++ then loads with the JVM, as under java, and answers their references
      mkdir -p "$built/stub-$name" &&
      "$CC" --target="$triple" -shared -nostdlib -fuse-ld=lld $extra -Wl,-soname,libstdc++.so.6 \
        -o "$built/stub-$name/libstdc++.so.6" -x c /dev/null &&
      "$CC" --target="$triple" "${CXXRT_FLAGS[@]}" $extra -o "$built/libhermit++-$name-stdcxx.tmp" \
        "$here/cxxrt/hermit++.c" -Wl,--no-as-needed "$built/stub-$name/libstdc++.so.6" &&
      "$STRIP" -o "$built/libhermit++-$name-stdcxx.so" "$built/libhermit++-$name-stdcxx.tmp" &&
      rm -rf "$built/libhermit++-$name-stdcxx.tmp" "$built/stub-$name"
    } &
    pids+=("$!")
    if [ "${#pids[@]}" -ge "$jobs" ]; then
      wait "${pids[0]}" || failed=1
      pids=("${pids[@]:1}")
    fi
  done
  for p in "${pids[@]}"; do
    wait "$p" || failed=1
  done
  [ "$failed" = 0 ] || { echo "build.sh: a launcher did not compile (above)" >&2; exit 1; }
  touch "$built/.complete"
fi
exec 9>&-
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  for f in "$name" "libhermit++-$name.so" "libhermit++-$name-stdcxx.so"; do
    cp "$built/$f" "$out/$f.tmp"
    mv -f "$out/$f.tmp" "$out/$f"
  done
  echo "built $out/$name ($(stat -c %s "$out/$name") bytes; C++ runtime $(stat -c %s "$out/libhermit++-$name.so") bytes)"
done
