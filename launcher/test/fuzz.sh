#!/usr/bin/env bash
# Fuzzes the launcher's trailer, manifest, deflate and archive readers with libFuzzer, ASan and UBSan
# (fuzz_target.c): fuzz.sh [-runs=N | -max_total_time=S] [libFuzzer options...]; default -runs=30000 (seconds, for
# CI). Seeds are small payloads in each codec, the golden in-place payload, raw deflate streams (one a stored
# block) and an HTR1 tree. A crash leaves its input as crash-* in the working directory (launcher/target/fuzz): make
# it a fixture in launcher/test/fuzz-fixtures/ (every fixture is run first) and fix the reader. HERMIT_FUZZ_DIR
# moves the working directory (binary, seeds, corpus, log). Needs apt: clang, libfuzzer-14-dev, libclang-rt-14-dev
# (scripts/install-deps test); prints SKIP when they are missing.
set -u
export LC_ALL=C # ${#data} below counts bytes
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${HERMIT_FUZZ_DIR:-$repo/launcher/target/fuzz}" # a long run beside CI's: another directory
rm -rf "$work/seeds" "$work/run" && mkdir -p "$work/seeds" "$work/run" || exit 1
[ "$(uname -m)" = x86_64 ] || { echo "SKIP fuzz: the sanitized build is x86_64 only (host: $(uname -m))"; exit 0; }
src=("$here/fuzz_target.c" "$here/fuzz_shim.c")
for f in payload manifest cds inflate zstd archive x86calls sha256 cache; do src+=("$here/../src/$f.c"); done
# Output chunks of 4 KiB instead of 1 MiB (both decoders' sizes are macros): the fuzzer's inputs of at most 4 KiB
# then slide the window, which 1 MiB chunks seldom do, and each run's buffers are small. ASan's allocator made the
# 1 MiB buffers cost more than the decoding: 380 runs a second against 1,070 (bench/RESULTS.md, session 29).
if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-builtin -DZSTD_SPLIT_MIN=32 \
  -DINFLATE_CHUNK=4096 -DZSTD_CHUNK=4096 -o "$work/fuzz" "${src[@]}" 2>"$work/build.log"; then
  if grep -q 'libclang_rt\|libFuzzer\|cannot find' "$work/build.log"; then
    echo "SKIP fuzz: libFuzzer or the sanitizer runtimes are missing (apt-get install libfuzzer-14-dev libclang-rt-14-dev)"
    exit 0
  fi
  cat "$work/build.log"; echo "FAIL fuzz: the target does not build"; exit 1
fi

# seeds: a small tree (a directory, files, a symlink, a locked directory) in a payload of each codec
le() { local i; for ((i = 0; i < $1; i++)); do printf "\\x$(printf %02x $((($2 >> (8 * i)) & 255)))"; done; }
ent() { le 1 "$1"; le 1 0; le 2 "${#3}"; le 4 "$2"; le 8 "${#4}"; printf %s "$3$4"; } # TYPE MODE PATH DATA
{ printf HTR1; ent 1 493 bin ''; ent 2 493 bin/hello '#!/bin/sh
echo hello hello hello hello'; ent 1 320 lock ''; ent 2 420 lock/f 'data'; ent 3 511 bin/l 'hello'
  ent 2 384 e ''; ent 4 420 x $'\xe8\x01\x02\x03\xff\xe9\xff\xff\xff\xff\x90\xe8\x05'; ent 0 0 '' ''; } >"$work/seeds/tree"
gzip -n -9 -c "$work/seeds/tree" | tail -c +11 | head -c -8 >"$work/seeds/deflate"
# and one stored block (64 bytes that do not compress), so that mutations start from the stored path's lengths
for s in a b; do
  printf "$(printf "hermit-$s" | sha256sum | cut -c1-64 | sed 's/../\\x&/g')"
done >"$work/rnd"
gzip -n -9 -c "$work/rnd" | tail -c +11 | head -c -8 >"$work/seeds/stored"
{ printf HMF1; le 4 3; for r in '1=${HERMIT_ROOT}/bin/hello' '2=a' '3=K=${HERMIT_TMP}'; do v="${r#*=}"
  le 2 "${r%%=*}"; le 2 0; le 4 ${#v}; printf %s "$v"; done; } >"$work/m"
for codec in 0 1; do
  t="$work/seeds/tree"; [ $codec = 1 ] && t="$work/seeds/deflate"
  { cat "$work/m" "$t"; le 4 1; le 4 $codec; le 8 "$(stat -c %s "$work/m")"; le 8 "$(stat -c %s "$t")"
    le 8 "$(stat -c %s "$work/seeds/tree")"; printf "$(cat "$work/m" "$t" | sha256sum | cut -c1-64 | sed 's/../\\x&/g')"; printf HERMITPL
  } >"$work/seeds/payload-$codec"
done
# codec 2 as hermit writes it: several frames, each after the first starting at an entry (zstd_split's cut)
if command -v zstd >/dev/null; then
  head -c 132 "$work/seeds/tree" | zstd -q -c >"$work/z" && tail -c +133 "$work/seeds/tree" | zstd -q -c >>"$work/z"
  { cat "$work/m" "$work/z"; le 4 1; le 4 2; le 8 "$(stat -c %s "$work/m")"; le 8 "$(stat -c %s "$work/z")"
    le 8 "$(stat -c %s "$work/seeds/tree")"; printf "$(cat "$work/m" "$work/z" | sha256sum | cut -c1-64 | sed 's/../\\x&/g')"; printf HERMITPL
  } >"$work/seeds/payload-2"
fi
cp "$repo/testdata/payload/inplace-stored.payload" "$work/seeds/"
cp "$repo/testdata/payload/v1/inplace-stored.payload" "$work/seeds/inplace-v1.payload"

run="$work/run" # extraction happens here: on tmpfs when there is one, for speed
[ -d /dev/shm ] && [ -w /dev/shm ] && run="$(mktemp -d /dev/shm/hermit-fuzz.XXXXXX)" && trap 'rm -rf "$run"' EXIT
cd "$run" || exit 1
fixtures=("$here"/fuzz-fixtures/*)
if [ -e "${fixtures[0]}" ]; then
  "$work/fuzz" "${fixtures[@]}" >"$work/fixtures.log" 2>&1 || { tail -30 "$work/fixtures.log"; echo "FAIL fuzz: a fixture crashes"; exit 1; }
  echo "PASS fuzz: ${#fixtures[@]} fixtures that once crashed run cleanly"
fi
[ $# -gt 0 ] || set -- -runs=30000
mkdir -p "$work/corpus"
"$work/fuzz" -seed=1 -max_len=4096 -artifact_prefix="$work/" "$@" "$work/corpus" "$work/seeds" >"$work/fuzz.log" 2>&1
rc=$?
done_line=$(grep -E '^Done [0-9]+ runs' "$work/fuzz.log" | tail -1)
if [ $rc = 0 ] && [ -n "$done_line" ]; then
  echo "PASS fuzz: $done_line, crashes: 0 (corpus $(ls "$work/corpus" | wc -l) inputs)"
else
  tail -40 "$work/fuzz.log"; echo "FAIL fuzz: crash or error; input: $(ls "$work"/crash-* "$work"/leak-* 2>/dev/null | head -3)"; exit 1
fi
