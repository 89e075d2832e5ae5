#!/usr/bin/env bash
# Tests the launchers built by build.sh: test.sh OUTDIR (the directory build.sh writes; built there first).
# Fixtures are the Java writer's golden payloads in testdata/payload (see sample.md). Every check prints
# PASS/FAIL/SKIP; the last line is "N passed, M failed" and the exit status is non-zero on any failure.
# The fault tests that need mount namespaces (read-only, noexec, full disk, /tmp fallback) run as root via unshare -m.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="${1:-$here/target/launchers}"
# shellcheck source=flags.sh
source "$here/flags.sh"
# The host's own arch: the sections that need strace, unshare, chroot or setpriv run its launcher directly.
case "$(uname -m)" in
  x86_64) host=linux-amd64 ;; aarch64 | arm64) host=linux-arm64 ;; armv7l | armv8l) host=linux-arm-v7 ;;
  i386 | i486 | i586 | i686) host=linux-386 ;; ppc64le) host=linux-ppc64le ;; s390x) host=linux-s390x ;;
  riscv64) host=linux-riscv64 ;;
  *) echo "FAIL host: hermit has no launcher for this machine's arch $(uname -m)"; echo "0 passed, 1 failed"; exit 1 ;;
esac
bash "$here/build.sh" "$out" >/dev/null || exit 1 # a no-op copy when the sources did not change (its stamp)

golden="$repo/testdata/payload"
work="$(mktemp -d /tmp/hermit-launcher-test.XXXXXX)"
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
passed=0 failed=0 skipped=0
# Caches under /tmp must be 0700 (docs/FORMAT.md), and no test may fall back to the real home directory.
umask 077
export HOME="$work/home-default"
unset XDG_CACHE_HOME HERMIT_CACHE_DIR

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }
check() { # check NAME CONDITION-COMMAND...
  local name="$1"; shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

u64() { od --endian=little -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; } # little-endian u64 at offset, on any host
# payload facts from the trailer: manifest length, tree length, full hash, entry name
payload_info() {
  local p="$1" size
  size=$(stat -c %s "$p")
  MLEN=$(u64 "$p" $((size - 64)))
  TLEN=$(u64 "$p" $((size - 56)))
  HASH=$(od -An -v -t x1 -j $((size - 40)) -N 32 "$p" | tr -d ' \n')
  ENTRY=${HASH:0:32}
}
# mk NAME ARCH PAYLOAD: launcher + payload
mk() { cat "$out/linux-$2" "$3" >"$work/$1" && chmod 755 "$work/$1"; }
# the set of entries in a cache root, as one line
listing() { (cd "$1" 2>/dev/null && ls -A | tr '\n' ' '); }
flip_byte() { # flip_byte FILE OFFSET
  local b
  b=$(od -An -t u1 -j "$2" -N 1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $((b ^ 0xff)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# A payload writer for the cases the golden files do not cover (variants, faults); stored codec only.
le() { # le BYTES VALUE: VALUE little-endian
  local i
  for ((i = 0; i < $1; i++)); do printf "\\x$(printf %02x $((($2 >> (8 * i)) & 255)))"; done
}
# tree_entry TYPE MODE PATH [DATA]: one HTR1 entry (a tree is `printf HTR1`, its entries, then `tree_entry 0 0 ''`)
tree_entry() {
  local d="${4-}"
  le 1 "$1"; le 1 0; le 2 "$(printf %s "$3" | wc -c)"; le 4 "$2"; le 8 "$(printf %s "$d" | wc -c)"; printf %s "$3$d"
}
# write_payload OUT TREE-FILE TAG=VALUE...: a manifest with these records in order, then the tree, stored, in
# format version $PV (2 unless set: the SHA-256 covers manifest, tree and the trailer's first 32 bytes; 1: not those).
# CODEC=2 TS=N: the tree file holds zstd frames that decode to N bytes.
write_payload() {
  local out="$1" tree="$2" r v ml tl hash
  shift 2
  {
    printf HMF1; le 4 $#
    for r in "$@"; do v="${r#*=}"; le 2 "${r%%=*}"; le 2 0; le 4 "$(printf %s "$v" | wc -c)"; printf %s "$v"; done
  } >"$out.m"
  ml=$(stat -c %s "$out.m") tl=$(stat -c %s "$tree")
  { le 4 "${PV:-2}"; le 4 "${CODEC:-0}"; le 8 "$ml"; le 8 "$tl"; le 8 "${TS:-$tl}"; } >"$out.f"
  if [ "${PV:-2}" = 1 ]; then hash=$(cat "$out.m" "$tree" | sha256sum | cut -c1-64)
  else hash=$(cat "$out.m" "$tree" "$out.f" | sha256sum | cut -c1-64); fi
  {
    cat "$out.m" "$tree" "$out.f"
    printf "$(sed 's/../\\x&/g' <<<"$hash")"; printf HERMITPL
  } >"$out"
  rm -f "$out.m" "$out.f"
}
{ printf HTR1; tree_entry 0 0 ''; } >"$work/empty.tree"

# How each arch's programs run here, probed once, never assumed (FIELD-NOTES §1: some x86_64 kernels run i386,
# some do not): the arch's own launcher is run with no payload. Natively it says "hermit: ..." and exits 113; a
# kernel that cannot run it refuses the exec (ENOEXEC, "Exec format error", the shell's 126), and the arch then
# runs under qemu-<arch>-static (never via binfmt_misc). HERMIT_TEST_EMULATE=linux/386,... (or linux-386) forces
# "cannot" for those targets, so a machine whose kernel runs them can prove the other way too.
qemu_for() { # qemu_for TARGET: the qemu-user program for that arch
  case "$1" in
    linux-amd64) echo qemu-x86_64-static ;; linux-arm64) echo qemu-aarch64-static ;;
    linux-arm-v7) echo qemu-arm-static ;; linux-386) echo qemu-i386-static ;;
    linux-ppc64le) echo qemu-ppc64le-static ;; linux-s390x) echo qemu-s390x-static ;;
    linux-riscv64) echo qemu-riscv64-static ;;
    *) echo "no-qemu-for-$1" ;;
  esac
}
forced_emulation() { # forced_emulation TARGET: HERMIT_TEST_EMULATE names it
  local e
  for e in ${HERMIT_TEST_EMULATE:+${HERMIT_TEST_EMULATE//,/ }}; do [ "${e//\//-}" = "$1" ] && return 0; done
  return 1
}
for e in ${HERMIT_TEST_EMULATE:+${HERMIT_TEST_EMULATE//,/ }}; do # a misspelt target would force nothing
  grep -q "^${e//\//-} " < <(printf '%s\n' "${TARGETS[@]}") \
    || { echo "FAIL HERMIT_TEST_EMULATE names no target: $e"; echo "0 passed, 1 failed"; exit 1; }
done
declare -A RUNNER # target -> "" (native) or the qemu program
declare -A KERNEL_RUNS # target -> 1 where the kernel runs its programs itself (forced under qemu or not)
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  [ -f "$out/$name" ] || continue # the static checks below fail it
  q=$(qemu_for "$name")
  "$out/$name" >/dev/null 2>"$work/probe.err"; rc=$?
  if [ $rc = 113 ] && grep -q '^hermit: ' "$work/probe.err"; then
    RUNNER[$name]="" why="probe exit 113"
  elif grep -qi 'exec format error' "$work/probe.err"; then
    RUNNER[$name]=$q why="probe: exec format error"
  else # the kernel ran it: whatever went wrong is the launcher's, for the tests below to report
    RUNNER[$name]="" why="probe exit $rc, not 113: $(head -c 200 "$work/probe.err" | tr '\n' ' ')"
  fi
  [ -n "${RUNNER[$name]}" ] || KERNEL_RUNS[$name]=1
  if forced_emulation "$name"; then
    RUNNER[$name]=$q why="forced by HERMIT_TEST_EMULATE; $why"
  fi
  echo "runner $name: ${RUNNER[$name]:-native} ($why)"
done
# The host's launcher must run natively: the sections below that trace, chroot or switch users run it directly.
if [ -n "${RUNNER[$host]-}" ] && ! forced_emulation "$host"; then
  echo "FAIL the host's own launcher $host does not run here"; echo "0 passed, 1 failed"; exit 1
fi
runner() { # runner TARGET: sets run=(how to run that target's programs here); fails when that tool is missing
  run=()
  [ -n "${RUNNER[$1]+set}" ] || { run=(no-runner-for-"$1"); return 1; }
  [ -z "${RUNNER[$1]}" ] || run=("${RUNNER[$1]}")
  [ ${#run[@]} = 0 ] || command -v "${run[0]}" >/dev/null
}

expected_output() { # expected_output EXE ROOT ARGS...: what bin/hello prints (sample.md)
  local exe="$1" root="$2"; shift 2
  echo "hello from hermit sample"
  echo "arg:--from-manifest"
  echo "arg:two words"
  for a in "$@"; do echo "arg:$a"; done
  echo "env:root=$root"
  echo "exe:$exe"
}

# check_tree NAME ROOT [VERSION]: the extracted tree against sample.md (of format version 2 unless VERSION is 1)
check_tree() {
  local name="$1" t="$2" ok=1 got want
  flock -s "$t" true 2>/dev/null || true # a first run's sealer writes the marker in the background: wait for it
  got=$(cd "$t" && find . -printf '%p %y %m\n' | LC_ALL=C sort | tr '\n' ';')
  want=". d 700;./.hermit-complete f 600;./.hermit-extraction f 600;./bin d 755;./bin/hello f 755;./data d 755;./data/empty f 600;"
  want+="./data/greeting.txt f 644;./data/link.txt l 777;./data/sub d 755;./data/sub/big.bin f 644;"
  [ "${3:-2}" = 1 ] || want+="./data/sub/calls.elf f 644;" # format version 2's sample has a file of type 4
  [ "$got" = "$want" ] || { ok=0; echo "  tree: $got"; echo "  want: $want"; }
  # the x86 call filter undone, across the launcher's 64 KiB buffer and the decoder's pieces
  [ "${3:-2}" = 1 ] || [ "$(sha256sum <"$t/data/sub/calls.elf" | cut -c1-64)" = \
    0f04886da61a40d6c6b67ee59be0be552e8511f776fe3554d93f411f93044454 ] || { ok=0; echo "  bad calls.elf"; }
  [ "$(readlink "$t/data/link.txt")" = greeting.txt ] || { ok=0; echo "  bad symlink"; }
  [ "$(od -An -t x1 "$t/data/greeting.txt" | tr -d ' \n')" = 68c3a96c6c6f2077c3b6726c640a ] || { ok=0; echo "  bad greeting.txt"; }
  [ ! -s "$t/data/empty" ] || { ok=0; echo "  data/empty is not empty"; }
  [ "$(sha256sum <"$t/data/sub/big.bin" | cut -c1-64)" = 434007800846c8f82f8572d0e7d30cbed767a1fb780a4f221e0c871e1f4e00e9 ] \
    || { ok=0; echo "  bad big.bin"; }
  head -1 "$t/bin/hello" | grep -qx '#!/bin/sh' || { ok=0; echo "  bad bin/hello"; }
  [ "$(cat "$t/.hermit-complete")" = "$HASH" ] || { ok=0; echo "  bad marker"; }
  if [ $ok = 1 ]; then pass "$name"; else fail "$name"; fi
}

# ---------------------------------------------------------------------------------------------------------- static
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  f="$out/$name"
  if [ ! -f "$f" ]; then fail "static $name" "missing $f"; continue; fi
  hdr=$(readelf -lW "$f" 2>&1)
  if grep -q 'INTERP\|DYNAMIC' <<<"$hdr" || ! readelf -d "$f" 2>&1 | grep -q 'no dynamic section' \
    || ! grep -q 'Elf file type is EXEC' <<<"$hdr"; then
    fail "static $name" "has PT_INTERP or a dynamic section, or is not ET_EXEC"
  else
    pass "static $name: ET_EXEC, no PT_INTERP, no dynamic section ($(stat -c %s "$f") bytes)"
  fi
done

# ---------------------------------------------------------------------------------------------------------- golden
for codec in stored deflate zstd; do
  p="$golden/sample-$codec.payload"
  if [ ! -f "$p" ]; then fail "golden $codec" "missing $p (merge main)"; continue; fi
  payload_info "$p"
  for t in "${TARGETS[@]}"; do
    read -r name _ <<<"$t"
    runner "$name" || { skip "golden $codec $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
    exe="$work/sample-$codec-$name"
    mk "sample-$codec-$name" "${name#linux-}" "$p"
    cache="$work/cache-$codec-$name"
    got=$(HERMIT_CACHE_DIR="$cache" "${run[@]}" "$exe" a "b c" 2>&1)
    rc=$?
    want=$(expected_output "$exe" "$cache/$ENTRY" a "b c")
    if [ $rc = 0 ] && [ "$got" = "$want" ]; then pass "golden $codec $name: first run output"
    else fail "golden $codec $name: first run output" "rc=$rc"; diff <(echo "$want") <(echo "$got") | head; fi
    check_tree "golden $codec $name: extracted tree" "$cache/$ENTRY"
    [ "$(listing "$cache")" = "$ENTRY " ] && pass "golden $codec $name: one entry, no temp" \
      || fail "golden $codec $name: one entry, no temp" "$(listing "$cache")"
    got=$(HERMIT_CACHE_DIR="$cache" HERMIT_SAMPLE=preset "${run[@]}" "$exe" 2>&1)
    want=$(expected_output "$exe" "$cache/$ENTRY" | sed 's/^env:.*/env:preset/')
    [ "$got" = "$want" ] && pass "golden $codec $name: warm run, ENV does not override the environment" \
      || { fail "golden $codec $name: warm run"; diff <(echo "$want") <(echo "$got") | head; }
  done
done

# format version 1 stays readable: its goldens (testdata/payload/v1, the same sample) run on the host's launcher
for codec in stored deflate zstd; do
  p="$golden/v1/sample-$codec.payload"
  if [ ! -f "$p" ]; then fail "v1 golden $codec" "missing $p"; continue; fi
  payload_info "$p"
  [ "$(od --endian=little -An -t u4 -N 4 -j $(($(stat -c %s "$p") - 72)) "$p" | tr -d ' ')" = 1 ] \
    || fail "v1 golden $codec: format_version is not 1"
  mk "v1-$codec" "${host#linux-}" "$p"
  cache="$work/cache-v1-$codec"
  got=$(HERMIT_CACHE_DIR="$cache" "$work/v1-$codec" a "b c" 2>&1); rc=$?
  want=$(expected_output "$work/v1-$codec" "$cache/$ENTRY" a "b c")
  if [ $rc = 0 ] && [ "$got" = "$want" ]; then pass "v1 golden $codec $host: first run output"
  else fail "v1 golden $codec $host: first run output" "rc=$rc"; diff <(echo "$want") <(echo "$got") | head; fi
  check_tree "v1 golden $codec $host: extracted tree" "$cache/$ENTRY" 1
done

p="$golden/sample-deflate.payload"
[ -f "$p" ] || { echo "$passed passed, $((failed + 1)) failed"; exit 1; }
payload_info "$p"
mk s "${host#linux-}" "$p"
S="$work/s"
want_ok() { expected_output "$S" "$1/$ENTRY"; }

# warm path: no hashing, no extraction: only opens, reads and the execve
if command -v strace >/dev/null; then
  c="$work/c-warm"
  HERMIT_CACHE_DIR="$c" "$S" >/dev/null 2>&1
  # the first run's sealer writes the marker in the background (on a loaded machine, after syncfs): a run meanwhile
  # waits on its lock, which is the sealing's path, not the warm one
  flock -s "$c/$ENTRY" true 2>/dev/null || true
  HERMIT_CACHE_DIR="$c" strace -qq -o "$work/warm.trace" "$S" >/dev/null 2>&1
  calls=$(awk 'NR > 1 && /^execve\(/ {exit} NR > 1 {sub(/\(.*/, ""); printf "%s ", $0}' "$work/warm.trace")
  n=$(wc -w <<<"$calls")
  # the root's path is walked from "/": an openat, an fstat and a close for each of its components; the first two
  # calls probe fds 0-2
  if grep -qE 'mkdirat|getdents|umask|rename' <<<"$calls" || [ "$n" -gt $((22 + 3 * $(tr -cd / <<<"$c" | wc -c))) ]; then
    fail "warm path is a handful of syscalls" "$n: $calls"
  else pass "warm path is a handful of syscalls ($n before execve: $calls)"; fi
else skip "warm path syscalls" "strace not installed"; fi

# a low limit on open files fails the extraction's opens: 117, one line that names the limit, not the disk's space
e=$( (ulimit -n 6; HERMIT_CACHE_DIR="$work/c-nofile" "$S" 2>&1 >/dev/null) ); rc=$?
[ $rc = 117 ] && [ "$(wc -l <<<"$e")" = 1 ] && grep -q 'too many open files); raise the limit on open files (ulimit -n)' <<<"$e" \
  && [ ! -e "$work/c-nofile/$ENTRY" ] \
  && pass "ulimit -n 6: 117, one line naming the open-file limit, no entry left" || fail "ulimit -n 6" "rc=$rc $e"
# limits that let the extraction start and fail it midway leave no temporary directory either (FORMAT.md "Cache")
left=""
for n in 8 9 10 11 12; do
  rm -rf "$work/c-nofile"; (ulimit -n $n; HERMIT_CACHE_DIR="$work/c-nofile" "$S" >/dev/null 2>&1)
  [ -z "$(ls -A "$work/c-nofile" 2>/dev/null | grep -v "^$ENTRY\$")" ] || left+=" -n $n: $(ls -A "$work/c-nofile" | tr '\n' ' ')"
done
[ -z "$left" ] && pass "ulimit -n 8 to 12: a run that fails leaves no temporary directory" || fail "ulimit -n 8-12" "$left"
# a file size limit below a file of the tree (ulimit -f, 1 KiB blocks; big.bin is larger) fails the write instead of
# killing the run with SIGXFSZ: 117, one line naming the limit, nothing left; the program then gets SIGXFSZ as given
e=$( (ulimit -f 8; HERMIT_CACHE_DIR="$work/c-fsize" "$S" 2>&1 >/dev/null) ); rc=$?
[ $rc = 117 ] && [ "$(wc -l <<<"$e")" = 1 ] && grep -q 'file too large); raise the file size limit (ulimit -f)' <<<"$e" \
  && [ -z "$(ls -A "$work/c-fsize" 2>/dev/null)" ] \
  && pass "ulimit -f 8: 117, one line naming the file size limit, nothing left" \
  || fail "ulimit -f 8" "rc=$rc $e / $(ls -A "$work/c-fsize" 2>/dev/null | tr '\n' ' ')"

# a cache root whose path holds ':' cannot serve (the JVM's library paths are ':'-separated: "Unable to load jimage
# library" from one): the next candidate does
got=$(env -u HOME HERMIT_CACHE_DIR="$work/c:colon" XDG_CACHE_HOME="$work/xdg" "$S" 2>&1); rc=$?
[ $rc = 0 ] && [ "$got" = "$(expected_output "$S" "$work/xdg/hermit/$ENTRY")" ] && [ ! -e "$work/c:colon" ] \
  && pass "a cache root with ':' in its path is passed over for the next candidate" || fail "cache root with ':'" "rc=$rc $got"

# not root: the same run as an unprivileged user (modes are enforced for it, unlike for root)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 711 "$work" && mkdir -m 700 "$work/nobody" && cp "$S" "$work/nobody/s" && chown -R 65534:65534 "$work/nobody"
  c="$work/nobody/c"
  got=$(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work/nobody" HERMIT_CACHE_DIR="$c" "$work/nobody/s" 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output "$work/nobody/s" "$c/$ENTRY")" ] && [ "$(stat -c %U "$c/$ENTRY/bin/hello")" = nobody ] \
    && pass "unprivileged user: first run" || fail "unprivileged user: first run" "rc=$rc $got"
  got=$(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work/nobody" HERMIT_CACHE_DIR="$c" "$work/nobody/s" 2>&1); rc=$?
  [ $rc = 0 ] && pass "unprivileged user: warm run" || fail "unprivileged user: warm run" "rc=$rc $got"
  # an entry owned by someone else is not trusted: the user's own copy goes to the next candidate
  mkdir -m 700 "$work/shared" && cp -a "$c/$ENTRY" "$work/shared/" && chown -R 0:0 "$work/shared/$ENTRY" \
    && chown 65534 "$work/shared" # the root is the user's own; only the entry in it is someone else's
  got=$(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work/nobody" HERMIT_CACHE_DIR="$work/shared" "$work/nobody/s" 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output "$work/nobody/s" "$work/nobody/.cache/hermit/$ENTRY")" ] \
    && pass "entry owned by another user is not used" || fail "entry owned by another user" "rc=$rc $got"
else skip "unprivileged user" "needs root and setpriv to switch to uid 65534"; fi

# ---------------------------------------------------------------------------------------------------------- faults
# a flipped byte in the tree: 114, nothing in the cache
cp "$S" "$work/flip" && flip_byte "$work/flip" $(($(stat -c %s "$out/$host") + MLEN + TLEN / 2))
err=$(HERMIT_CACHE_DIR="$work/c-flip" "$work/flip" 2>&1 >/dev/null); rc=$?
[ $rc = 114 ] && grep -q '^hermit: .*SHA-256' <<<"$err" && [ -z "$(listing "$work/c-flip")" ] \
  && pass "flipped tree byte: 114, cache empty" || fail "flipped tree byte" "rc=$rc err=$err cache=$(listing "$work/c-flip")"

# The hash runs beside the extraction (cache.c hash_begin): a flipped byte inside a stored file's contents lets the
# whole tree extract, and still nothing may be renamed into place before the hash's verdict.
payload_info "$golden/sample-stored.payload"
mk sflip "${host#linux-}" "$golden/sample-stored.payload"
flip_byte "$work/sflip" $(($(stat -c %s "$out/$host") + MLEN + TLEN / 2))
err=$(HERMIT_CACHE_DIR="$work/c-sflip" "$work/sflip" 2>&1 >/dev/null); rc=$?
[ $rc = 114 ] && grep -q '^hermit: .*SHA-256' <<<"$err" && [ -z "$(listing "$work/c-sflip")" ] \
  && pass "flipped byte in a stored file (the tree extracts): 114, cache empty" \
  || fail "flipped byte in a stored file" "rc=$rc err=$err cache=$(listing "$work/c-sflip")"
payload_info "$p"

# a flipped manifest byte (the magic): 114 on a cold cache; 113 on a warm one (the fast path does not hash)
cp "$S" "$work/mflip" && flip_byte "$work/mflip" "$(stat -c %s "$out/$host")"
HERMIT_CACHE_DIR="$work/c-mflip" "$work/mflip" >/dev/null 2>&1; rc=$?
[ $rc = 114 ] && pass "flipped manifest byte, cold: 114" || fail "flipped manifest byte, cold" "rc=$rc"
HERMIT_CACHE_DIR="$work/c-mflip" "$S" >/dev/null 2>&1
err=$(HERMIT_CACHE_DIR="$work/c-mflip" "$work/mflip" 2>&1 >/dev/null); rc=$?
[ $rc = 113 ] && grep -q '^hermit: malformed manifest' <<<"$err" && pass "malformed manifest, warm: 113" \
  || fail "malformed manifest, warm" "rc=$rc err=$err"

# truncated: lengths beyond the file (a damaged trailer), and the trailer cut off
size=$(stat -c %s "$S")
cp "$S" "$work/trunc" && flip_byte "$work/trunc" $((size - 49)) # high byte of tree_length
err=$(HERMIT_CACHE_DIR="$work/c-trunc" "$work/trunc" 2>&1 >/dev/null); rc=$?
[ $rc = 113 ] && grep -q '^hermit: .*truncated' <<<"$err" && pass "payload longer than the file: 113" \
  || fail "payload longer than the file" "rc=$rc err=$err"
head -c $((size - 10)) "$S" >"$work/cut" && chmod 755 "$work/cut"
err=$(HERMIT_CACHE_DIR="$work/c-trunc" "$work/cut" 2>&1 >/dev/null); rc=$?
[ $rc = 113 ] && grep -q '^hermit: ' <<<"$err" && [ -z "$(listing "$work/c-trunc")" ] \
  && pass "truncated file: 113" || fail "truncated file" "rc=$rc err=$err"

# Every byte of a version-2 trailer flipped (XOR 0xff), each on a cold cache: the hash covers the fields, so the
# result is 114, or 113 where the trailer cannot be read at all (version, magic, a length beyond the file);
# never 115, never a run, nothing in the cache. In version 1, tree_size was covered by nothing (113 by a check).
bad=0 seen=""
for off in $(seq 0 71); do
  cp "$S" "$work/tflip" && flip_byte "$work/tflip" $((size - 72 + off))
  err=$(HERMIT_CACHE_DIR="$work/c-tflip" "$work/tflip" 2>&1 >/dev/null); rc=$?
  if [ $off -lt 4 ] || [ $off -ge 64 ]; then good=$([ $rc = 113 ] && echo y) # version, magic
  elif [ $off -ge 8 ] && [ $off -lt 24 ]; then # a length: moves the hashed range, or runs past the file
    good=$({ [ $rc = 114 ] || { [ $rc = 113 ] && grep -q truncated <<<"$err"; }; } && echo y)
  else good=$([ $rc = 114 ] && echo y); fi # codec, tree_size, sha256
  if [ -z "$good" ] || [ "$(wc -l <<<"$err")" != 1 ] || [ -n "$(listing "$work/c-tflip")" ]; then
    bad=$((bad + 1)); echo "  trailer byte $off: rc=$rc $err"; rm -rf "$work/c-tflip"
  fi
  seen+="$rc "
done
[ $bad = 0 ] && pass "v2 trailer, each of 72 bytes flipped: 113 (version, magic, truncated) or 114, one line, cache empty" \
  || fail "v2 trailer flips" "$bad bad; codes: $seen"
cp "$S" "$work/tsflip" && flip_byte "$work/tsflip" $((size - 72 + 24))
err=$(HERMIT_CACHE_DIR="$work/c-tsflip" "$work/tsflip" 2>&1 >/dev/null); rc=$?
[ $rc = 114 ] && grep -q '^hermit: .*SHA-256' <<<"$err" && pass "v2: a flipped tree_size fails the hash (114)" \
  || fail "v2: a flipped tree_size" "rc=$rc $err"
p1="$golden/v1/sample-deflate.payload" && cat "$out/$host" "$p1" >"$work/tsflip1" && chmod 755 "$work/tsflip1"
flip_byte "$work/tsflip1" $(($(stat -c %s "$work/tsflip1") - 72 + 24))
err=$(HERMIT_CACHE_DIR="$work/c-tsflip1" "$work/tsflip1" 2>&1 >/dev/null); rc=$?
[ $rc = 113 ] && grep -q '^hermit: malformed trailer' <<<"$err" && [ -z "$(listing "$work/c-tsflip1")" ] \
  && pass "v1: a flipped tree_size is found by its checks (113)" || fail "v1: a flipped tree_size" "rc=$rc $err"

# execve failure: 118 (the runtime was removed from a complete entry)
c="$work/c-exec"
HERMIT_CACHE_DIR="$c" "$S" >/dev/null 2>&1
rm "$c/$ENTRY/bin/hello"
err=$(HERMIT_CACHE_DIR="$c" "$S" 2>&1 >/dev/null); rc=$?
[ $rc = 118 ] && grep -q '^hermit: cannot execute' <<<"$err" && pass "execve failure: 118" \
  || fail "execve failure" "rc=$rc err=$err"

# a file where the cache directory should be (under /tmp, where each component must be a real directory): falls
# back to the next candidate, saying so (stderr first: the launcher's line comes before the program's)
touch "$work/afile"
got=$(HERMIT_CACHE_DIR="$work/afile" XDG_CACHE_HOME="$work/xdg" "$S" 2>&1); rc=$?
[ $rc = 0 ] && [ "$got" = "hermit: warning: not using HERMIT_CACHE_DIR $work/afile (it is a symbolic link or not a directory); the cache goes to the next candidate (docs/FORMAT.md, \"Cache\")
$(want_ok "$work/xdg/hermit")" ] && pass "cache dir is a file: falls back to XDG_CACHE_HOME, with a warning" \
  || fail "cache dir is a file" "rc=$rc $got"

# 16 concurrent first runs: all succeed, one entry, no temp dirs
c="$work/c-race"
for i in $(seq 16); do (HERMIT_CACHE_DIR="$c" "$S" "r$i" >"$work/race.$i" 2>&1; echo $? >"$work/race.$i.rc") & done
wait
bad=0
for i in $(seq 16); do
  [ "$(cat "$work/race.$i.rc")" = 0 ] && [ "$(cat "$work/race.$i")" = "$(expected_output "$S" "$c/$ENTRY" "r$i")" ] || bad=$((bad + 1))
done
[ $bad = 0 ] && [ "$(listing "$c")" = "$ENTRY " ] && pass "16 concurrent first runs: all ok, one entry, no temp" \
  || fail "16 concurrent first runs" "$bad failed; cache: $(listing "$c")"
check_tree "16 concurrent first runs: tree" "$c/$ENTRY"

# sealing (docs/FORMAT.md "Cache"): a first run renames its tree into place and a detached sealer writes the marker
# once the tree is on the disk. An entry without the marker is being sealed (its lock is held: wait) or was left by
# a run killed before its sealer started (no lock: removed, extracted again, sealed before the rename).
c="$work/c-seal"
HERMIT_CACHE_DIR="$c" "$S" >/dev/null 2>&1
flock -s "$c/$ENTRY" true && rm "$c/$ENTRY/.hermit-complete"
old_id=$(cat "$c/$ENTRY/.hermit-extraction")
got=$(HERMIT_CACHE_DIR="$c" "$S" 2>&1); rc=$?
[ $rc = 0 ] && [ "$got" = "$(want_ok "$c")" ] && [ "$(listing "$c")" = "$ENTRY " ] \
  && [ "$(cat "$c/$ENTRY/.hermit-complete")" = "$HASH" ] && [ "$(cat "$c/$ENTRY/.hermit-extraction")" != "$old_id" ] \
  && pass "unsealed entry (killed before its sealer): extracted again, sealed" \
  || fail "unsealed entry" "rc=$rc cache: $(listing "$c") $got"
old_id=$(cat "$c/$ENTRY/.hermit-extraction")
rm "$c/$ENTRY/.hermit-complete"
flock -x "$c/$ENTRY" sh -c 'sleep 1; printf %s "$1" >"$2/.hermit-complete"' sh "$HASH" "$c/$ENTRY" & sealer=$!
sleep 0.2
got=$(HERMIT_CACHE_DIR="$c" "$S" 2>&1); rc=$?
wait $sealer
[ $rc = 0 ] && [ "$got" = "$(want_ok "$c")" ] && [ "$(cat "$c/$ENTRY/.hermit-extraction")" = "$old_id" ] \
  && pass "an entry being sealed: the run waits for the marker and uses it" \
  || fail "an entry being sealed" "rc=$rc id $(cat "$c/$ENTRY/.hermit-extraction") was $old_id; $got"
c="$work/c-markeronly" # what rm -rf racing a sealer can leave: the marker alone
mkdir -p "$c/$ENTRY" && chmod 700 "$c" "$c/$ENTRY" && printf %s "$HASH" >"$c/$ENTRY/.hermit-complete"
got=$(HERMIT_CACHE_DIR="$c" "$S" 2>&1); rc=$?
[ $rc = 0 ] && [ "$got" = "$(want_ok "$c")" ] && [ -f "$c/$ENTRY/bin/hello" ] \
  && pass "a directory holding only the marker: not trusted, extracted" || fail "marker only" "rc=$rc $got"

# a stale temp dir of a dead process (what kill -9 leaves) is removed by the next first run
c="$work/c-stale"
sh -c 'exit 0' & dead=$!; wait $dead
mkdir -p "$c/.$ENTRY.$dead.tmp/bin" && echo partial >"$c/.$ENTRY.$dead.tmp/bin/hello" && chmod 500 "$c/.$ENTRY.$dead.tmp/bin"
mkdir -p "$c/.$ENTRY.1.tmp" # pid 1 is alive: must be left alone
got=$(HERMIT_CACHE_DIR="$c" "$S" 2>&1); rc=$?
[ $rc = 0 ] && [ "$got" = "$(want_ok "$c")" ] && [ "$(listing "$c")" = ".$ENTRY.1.tmp $ENTRY " ] \
  && pass "stale temp of a dead pid removed, live one kept" || fail "stale temp" "rc=$rc cache: $(listing "$c")"

# the same on every other arch: the directory listing and the recursive delete read the kernel's linux_dirent64,
# which is in host byte order (big-endian on s390x)
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  [ "$name" = "$host" ] && continue
  runner "$name" || { skip "stale temp $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
  c="$work/c-stale-$name"
  sh -c 'exit 0' & dead=$!; wait $dead
  mkdir -p "$c/.$ENTRY.$dead.tmp/bin/sub" && echo partial >"$c/.$ENTRY.$dead.tmp/bin/hello" && chmod 500 "$c/.$ENTRY.$dead.tmp/bin"
  mk "stale-$name" "${name#linux-}" "$p"
  got=$(HERMIT_CACHE_DIR="$c" "${run[@]}" "$work/stale-$name" 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output "$work/stale-$name" "$c/$ENTRY")" ] && [ "$(listing "$c")" = "$ENTRY " ] \
    && pass "stale temp of a dead pid removed: $name" || fail "stale temp $name" "rc=$rc cache: $(listing "$c")"
done

# a temp dir whose pid looks dead but whose flock is held (a run in another pid namespace) is left alone
if command -v flock >/dev/null; then
  c="$work/c-locked"
  sh -c 'exit 0' & dead=$!; wait $dead
  mkdir -p "$c/.$ENTRY.$dead.tmp"
  flock -x "$c/.$ENTRY.$dead.tmp" sleep 30 & lpid=$!
  # wait until flock holds the lock (a loaded machine may take a while to start it), at most 10 s
  for _ in $(seq 200); do flock -n "$c/.$ENTRY.$dead.tmp" true 2>/dev/null || break; sleep 0.05; done
  got=$(HERMIT_CACHE_DIR="$c" "$S" 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(want_ok "$c")" ] && [ "$(listing "$c")" = ".$ENTRY.$dead.tmp $ENTRY " ] \
    && pass "a locked temp dir (live run in another pid namespace) is left alone" \
    || fail "locked temp dir" "rc=$rc cache: $(listing "$c")"
  kill $(pgrep -P "$lpid") "$lpid" 2>/dev/null; wait "$lpid" 2>/dev/null # the sleep, then flock itself
else skip "locked temp dir" "flock(1) not installed (util-linux)"; fi

# kill -9 during a real extraction (writes slowed down by strace), then a rerun succeeds and cleans up
if command -v strace >/dev/null && strace -qq -o /dev/null -e inject=write:delay_enter=1 true 2>/dev/null; then
  c="$work/c-kill"
  HERMIT_CACHE_DIR="$c" strace -f -qq -o /dev/null -e trace=write -e inject=write:delay_enter=5000000 "$S" >/dev/null 2>&1 &
  spid=$!
  tmp=""
  for _ in $(seq 400); do tmp=$(cd "$c" 2>/dev/null && ls -d .*.tmp 2>/dev/null | head -1); [ -n "$tmp" ] && [ -e "$c/$tmp/bin" ] && break; sleep 0.05; done
  vpid=${tmp#.$ENTRY.}; vpid=${vpid%.tmp}
  if [ -n "$tmp" ] && kill -9 "$vpid" 2>/dev/null; then
    wait $spid 2>/dev/null
    [ -d "$c/$tmp" ] && left=yes || left=no
    got=$(HERMIT_CACHE_DIR="$c" "$S" 2>&1); rc=$?
    [ $left = yes ] && [ $rc = 0 ] && [ "$got" = "$(want_ok "$c")" ] && [ "$(listing "$c")" = "$ENTRY " ] \
      && pass "kill -9 during extraction, rerun ok, stale temp removed" \
      || fail "kill -9 during extraction" "left=$left rc=$rc cache: $(listing "$c")"
  else
    kill "$spid" 2>/dev/null; wait $spid 2>/dev/null
    fail "kill -9 during extraction" "no temp dir appeared"
  fi
else skip "kill -9 during extraction" "strace with fault injection not available"; fi

# --- tests in a private mount namespace (root only)
ns() { unshare -m --propagation private bash -c "$1"; }
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  export S ENTRY work
  # read-only cache dir: falls back to HOME/.cache/hermit, nothing written to the read-only one
  mkdir -p "$work/ro" "$work/home"
  got=$(ns 'mount --bind -o ro "$work/ro" "$work/ro" && HERMIT_CACHE_DIR="$work/ro" HOME="$work/home" XDG_CACHE_HOME= "$S"' 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(want_ok "$work/home/.cache/hermit")" ] && [ -z "$(listing "$work/ro")" ] \
    && pass "read-only cache dir: falls back to HOME/.cache/hermit" || fail "read-only cache dir" "rc=$rc $got"
  # a noexec cache dir (fstatfs ST_NOEXEC, each arch's own struct layout): skipped like a read-only one, on every arch
  for t in "${TARGETS[@]}"; do
    read -r name _ <<<"$t"
    runner "$name" && [ -x "$work/sample-stored-$name" ] || { skip "noexec cache dir $name" "no runner or no sample"; continue; }
    rm -rf "$work/nxhome" && mkdir -p "$work/nx" "$work/nxhome"
    got=$(RUN="${run[*]}" X="$work/sample-stored-$name" ns 'mount -t tmpfs -o noexec,mode=0700 tmpfs "$work/nx" &&
      HERMIT_CACHE_DIR="$work/nx" HOME="$work/nxhome" XDG_CACHE_HOME= $RUN "$X" && echo "nx=[$(ls -A "$work/nx")]"' 2>&1); rc=$?
    [ $rc = 0 ] && grep -q '^hello from hermit sample$' <<<"$got" && grep -q '^env:root='"$work"'/nxhome/.cache/hermit/' <<<"$got" \
      && grep -q '^nx=\[\]$' <<<"$got" && pass "noexec cache dir $name: falls back to HOME/.cache/hermit, nothing written to it" \
      || fail "noexec cache dir $name" "rc=$rc $(tr '\n' ' ' <<<"$got")"
  done
  # every candidate read-only or refused: 116 (the launcher is copied into the new /tmp through an fd)
  err=$(ns 'exec 3<"$S"; mount -t tmpfs tmpfs /tmp && cat <&3 >/tmp/.s && chmod 755 /tmp/.s && mkdir -m 700 /tmp/ro &&
    mount --bind -o ro /tmp/ro /tmp/ro && ln -s /proc /tmp/hermit-0 &&
    env -u XDG_CACHE_HOME -u HOME HERMIT_CACHE_DIR=/tmp/ro /tmp/.s' 2>&1 >/dev/null); rc=$?
  # each candidate named with its reason, the one the user set first, not only the fallback seen last
  [ $rc = 116 ] && grep -qx 'hermit: no usable cache directory (/tmp/ro: read-only file system; /tmp/hermit-0: is a symbolic link or not a directory); set HERMIT_CACHE_DIR to a writable directory' <<<"$err" \
    && pass "no usable cache dir: 116 naming every candidate" || fail "no usable cache dir" "rc=$rc err=$err"

  # HERMIT_CACHE_DIR refused as unsafe (0755 under /tmp, as `mkdir -p` makes it): the run goes on in the next
  # candidate and says why once on stderr, where it used another directory without a word
  got=$(ns 'exec 3<"$S"; mount -t tmpfs tmpfs /tmp && cat <&3 >/tmp/.s && chmod 755 /tmp/.s && mkdir -m 755 /tmp/hc &&
    mkdir -m 700 /tmp/home && env -u XDG_CACHE_HOME HOME=/tmp/home HERMIT_CACHE_DIR=/tmp/hc /tmp/.s 2>&1 >/dev/null;
    echo "rc=$? hc=[$(ls -A /tmp/hc)] home=[$(ls -A /tmp/home/.cache/hermit | grep -cE "^[0-9a-f]{32}$")]"' 2>&1); rc=$?
  [ "$got" = "hermit: warning: not using HERMIT_CACHE_DIR /tmp/hc (it is accessible to other users (needs mode 0700)); the cache goes to the next candidate (docs/FORMAT.md, \"Cache\")
rc=0 hc=[] home=[1]" ] && pass "HERMIT_CACHE_DIR refused as unsafe: a warning, the next candidate used" \
    || fail "HERMIT_CACHE_DIR refused as unsafe" "rc=$rc $got"

  # full disk: 117, and neither a temp dir nor an entry left behind
  mkdir -p "$work/full"
  err=$(ns 'mount -t tmpfs -o size=64k,mode=0700 tmpfs "$work/full" && HERMIT_CACHE_DIR="$work/full" "$S" >/dev/null; rc=$?;
    echo "left:$(ls -A "$work/full" | tr "\n" " ")"; exit $rc' 2>&1); rc=$?
  [ $rc = 117 ] && grep -q '^hermit: .*no space left' <<<"$err" && grep -q '^left:$' <<<"$err" \
    && pass "full cache disk: 117, nothing left" || fail "full cache disk" "rc=$rc err=$err"

  # the /tmp fallback: created 0700 and used; refused when a symlink, another user's, or open to others
  tmpcase() { # tmpcase SETUP: prints the exit code and the mode and owner of /tmp/hermit-0; stderr in tmpcase.err
    ns "exec 3<\"\$S\" 4>\"\$work/tmpcase.err\" 5>\"\$work/tmpcase.out\"; mount -t tmpfs tmpfs /tmp && cat <&3 >/tmp/.s &&
      chmod 755 /tmp/.s && unset HOME && $1 && env -u HERMIT_CACHE_DIR -u XDG_CACHE_HOME /tmp/.s >/dev/null 2>&4;
      echo \$? >&5; [ ! -e /tmp/no-such-home ] || echo 'created HOME' >&5;
      stat -c '%a %U' /tmp/hermit-0 >&5 2>&1"
    cat "$work/tmpcase.out"
  }
  r=$(tmpcase true); [ "$r" = "$(printf '0\n700 root')" ] && pass "/tmp fallback: created 0700 and used" \
    || fail "/tmp fallback fresh" "$r"
  r=$(tmpcase 'export HOME=/tmp/no-such-home' | tr '\n' ' ')
  [ "$r" = "0 700 root " ] && pass "a missing HOME is not created; the /tmp fallback is used" || fail "missing HOME" "$r"
  r=$(tmpcase 'mkdir -m 700 /tmp/real && ln -s /tmp/real /tmp/hermit-0')
  [ "${r%%$'\n'*}" = 116 ] && grep -q 'symbolic link' "$work/tmpcase.err" && pass "/tmp fallback: a symlink is refused (116)" \
    || fail "/tmp fallback symlink" "$r"
  r=$(tmpcase 'mkdir -m 700 /tmp/hermit-0 && chown 65534 /tmp/hermit-0')
  [ "${r%%$'\n'*}" = 116 ] && grep -q 'owned by another user' "$work/tmpcase.err" && pass "/tmp fallback: another user's dir is refused (116)" \
    || fail "/tmp fallback other user" "$r $(cat "$work/tmpcase.err")"
  r=$(tmpcase 'mkdir -m 755 /tmp/hermit-0')
  [ "${r%%$'\n'*}" = 116 ] && grep -q 'accessible to other users' "$work/tmpcase.err" && pass "/tmp fallback: a 0755 dir is refused (116)" \
    || fail "/tmp fallback mode" "$r $(cat "$work/tmpcase.err")"

  # Every root is walked from "/" (docs/FORMAT.md "Cache" 1). /var/tmp here is a fresh tmpfs, 0755 as /home is,
  # holding sh (1777: shared, as /var/tmp and /dev/shm are), alice (uid 65534's home) and victim (root's, 0700):
  # what another user planted is never followed into victim, nor is anything below alice's directory used. The
  # fallback /tmp/hermit-0 is on a tmpfs too.
  walkcase() { # walkcase SETUP AFTER VAR=VALUE...: prints the run's output, its exit code, victim's listing, AFTER's output
    unshare -m --propagation private bash -c 'exec 3<"$S"; mount -t tmpfs -o mode=0755 tmpfs /var/tmp &&
      mount -t tmpfs tmpfs /tmp && cat <&3 >/var/tmp/s && chmod 755 /var/tmp/s && mkdir -m 700 /var/tmp/victim &&
      mkdir -m 1777 /var/tmp/sh && install -d -m 755 -o 65534 /var/tmp/alice && eval "$1" || exit 99
      after="$2"; shift 2
      env -u HOME -u XDG_CACHE_HOME -u HERMIT_CACHE_DIR "$@" /var/tmp/s 2>&1
      echo "rc=$? victim=[$(ls -A /var/tmp/victim)]"; eval "$after"' _ "$@"
  }
  walk_ok() { # walk_ok NAME ROOT AFTER-OUTPUT SETUP AFTER VAR=VALUE...: the run used ROOT and left victim empty
    local name="$1" root="$2" want_after="$3" got want set="" a warned; shift 3
    for a in "$@"; do case "$a" in HERMIT_CACHE_DIR=*) set="${a#HERMIT_CACHE_DIR=}";; esac; done
    got=$(walkcase "$@")
    # a HERMIT_CACHE_DIR passed over is named once on stderr (the launcher's line, before the program's output)
    warned=$(grep -c "^hermit: warning: not using HERMIT_CACHE_DIR $set (" <<<"$got")
    got=$(grep -v '^hermit: warning: ' <<<"$got")
    want=$(expected_output /var/tmp/s "$root/$ENTRY"; echo "rc=0 victim=[]"; [ -z "$want_after" ] || echo "$want_after")
    [ "$got" = "$want" ] && [ "$warned" = "$([ -n "$set" ] && [ "$set" != "$root" ] && echo 1 || echo 0)" ] \
      && pass "cache root walk: $name" \
      || { fail "cache root walk: $name" "warned=$warned"; diff <(echo "$want") <(echo "$got") | head -8; }
  }
  plant='chown -h 65534' # what makes a symlink another user's
  walk_ok "another user's symlink in a shared directory, as the root, is not followed" /tmp/hermit-0 "" \
    "ln -s /var/tmp/victim /var/tmp/sh/hc && $plant /var/tmp/sh/hc" true HERMIT_CACHE_DIR=/var/tmp/sh/hc
  walk_ok "another user's symlink in a shared directory, above the root, is not followed" /tmp/hermit-0 "" \
    "ln -s /var/tmp/victim /var/tmp/sh/link && $plant /var/tmp/sh/link" true HERMIT_CACHE_DIR=/var/tmp/sh/link/hc
  walk_ok "HOME in another user's directory: a .cache symlink of theirs is not followed" /tmp/hermit-0 "" \
    "ln -s /var/tmp/victim /var/tmp/alice/.cache && $plant /var/tmp/alice/.cache" true HOME=/var/tmp/alice
  walk_ok "HOME in another user's directory: nothing is created there" /tmp/hermit-0 "alice=[]" \
    true 'echo "alice=[$(ls -A /var/tmp/alice)]"' HOME=/var/tmp/alice
  walk_ok "XDG_CACHE_HOME below another user's directory is not used" /tmp/hermit-0 "alice=[]" \
    true 'echo "alice=[$(ls -A /var/tmp/alice)]"' XDG_CACHE_HOME=/var/tmp/alice/c
  walk_ok "a symlink of ours into a shared directory: what another user planted there is not followed" /tmp/hermit-0 "" \
    "mkdir -m 755 /var/tmp/home && ln -s /var/tmp/sh/cache /var/tmp/home/.cache && ln -s /var/tmp/victim /var/tmp/sh/cache &&
     $plant /var/tmp/sh/cache" true HOME=/var/tmp/home
  walk_ok "a symlink of ours into a shared directory, to a directory of ours there: used" /var/tmp/home/.cache/hermit "" \
    "mkdir -m 755 /var/tmp/home && ln -s /var/tmp/sh/cache /var/tmp/home/.cache && mkdir -m 700 /var/tmp/sh/cache" \
    true HOME=/var/tmp/home
  walk_ok "a root of ours in a shared directory: used, its missing directories created 0700" /var/tmp/sh/mine/a/b "700 700" \
    "mkdir -m 700 /var/tmp/sh/mine" 'stat -c %a /var/tmp/sh/mine/a /var/tmp/sh/mine/a/b | tr "\n" " " | sed "s/ $//"; echo' \
    HERMIT_CACHE_DIR=/var/tmp/sh/mine/a/b
  walk_ok "a shared directory as the root is refused" /tmp/hermit-0 "sh=[]" \
    true 'echo "sh=[$(ls -A /var/tmp/sh)]"' HERMIT_CACHE_DIR=/var/tmp/sh
  walk_ok "a directory past a shared one that its group may write is refused" /tmp/hermit-0 "grp=[]" \
    "mkdir -m 770 /var/tmp/sh/grp" 'echo "grp=[$(ls -A /var/tmp/sh/grp)]"' HERMIT_CACHE_DIR=/var/tmp/sh/grp/c
  # A group's members may rename what is in a directory their group may write (a 2775 /usr/local and group staff):
  # during a run they could swap the entry for a tree of their own, whose libraries the JVM then opens.
  walk_ok "a root its group may write is refused" /tmp/hermit-0 "grp=[]" \
    "mkdir -m 2775 /var/tmp/grp && chgrp 65534 /var/tmp/grp" 'echo "grp=[$(ls -A /var/tmp/grp)]"' \
    HERMIT_CACHE_DIR=/var/tmp/grp
  walk_ok "a directory above the root that its group may write is refused" /tmp/hermit-0 "grp=[]" \
    "mkdir -m 775 /var/tmp/grp" 'echo "grp=[$(ls -A /var/tmp/grp)]"' HERMIT_CACHE_DIR=/var/tmp/grp/c
  walk_ok "a sticky directory its group may write is shared: a root of ours in it is used" /var/tmp/gs/mine "" \
    "mkdir -m 1770 /var/tmp/gs && mkdir -m 700 /var/tmp/gs/mine" true HERMIT_CACHE_DIR=/var/tmp/gs/mine
else
  for t in "read-only cache dir" "noexec cache dir" "no usable cache dir" "full cache disk" "/tmp fallback" \
    "cache root walk"; do
    skip "$t" "needs root and unshare -m (mount namespaces)"
  done
fi

# ---------------------------------------------------------------------------------------------------------- in place
# An in-place launcher (a trampoline, manifest record INPLACE): D/sub/tramp with INPLACE ".." runs D/bin/hello with
# ROOT = D, extracting nothing. The payload is the Java writer's golden inplace-stored.payload (sample.md); this
# script's own writer must produce the same bytes, and writes the variants.
ip_records=('1=${HERMIT_ROOT}/bin/hello' '2=${HERMIT_ROOT}/bin/hello' '2=--in-place' '2=tmp=${HERMIT_TMP}'
  '3=HERMIT_SAMPLE=root=${HERMIT_ROOT}' '3=HERMIT_SAMPLE_EXE=${HERMIT_EXE}')
write_payload "$work/inplace.payload" "$work/empty.tree" "${ip_records[@]}" '4=..'
ipg="$golden/inplace-stored.payload"
if [ -f "$ipg" ]; then
  cmp -s "$ipg" "$work/inplace.payload" && pass "in place: test.sh's writer writes the golden's bytes" \
    || fail "in place: test.sh's writer writes the golden's bytes"
  PV=1 write_payload "$work/inplace-v1.payload" "$work/empty.tree" "${ip_records[@]}" '4=..'
  cmp -s "$golden/v1/inplace-stored.payload" "$work/inplace-v1.payload" \
    && pass "in place: test.sh's writer writes the version-1 golden's bytes (PV=1)" \
    || fail "in place: test.sh's writer writes the version-1 golden's bytes (PV=1)"
else
  skip "in place golden" "missing $ipg (merge main); using test.sh's own writer"
  ipg="$work/inplace.payload"
fi
hello_script() { # what the sample's bin/hello does (sample.md)
  printf '%s\n' '#!/bin/sh' 'echo "hello from hermit sample"' 'for a in "$@"; do echo "arg:$a"; done' \
    'echo "env:$HERMIT_SAMPLE"' 'echo "exe:$HERMIT_SAMPLE_EXE"'
}
inplace_tree() { # inplace_tree DIR ARCH PAYLOAD: DIR/bin/hello and DIR/sub/tramp
  mkdir -p "$1/bin" "$1/sub" && hello_script >"$1/bin/hello" && chmod 755 "$1/bin/hello" \
    && cat "$out/linux-$2" "$3" >"$1/sub/tramp" && chmod 755 "$1/sub/tramp"
}
inplace_output() { # inplace_output EXE ROOT TMP ARGS...
  local exe="$1" root="$2" tmp="$3"; shift 3
  echo "hello from hermit sample"; echo "arg:--in-place"; echo "arg:tmp=$tmp"
  for a in "$@"; do echo "arg:$a"; done
  echo "env:root=$root"; echo "exe:$exe"
}
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  runner "$name" || { skip "in place $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
  D="$work/ip-$name/D"
  inplace_tree "$D" "${name#linux-}" "$ipg"
  got=$(HERMIT_CACHE_DIR="$work/ip-$name/cache" HOME="$work/ip-$name/home" "${run[@]}" "$D/sub/tramp" a "b c" 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(inplace_output "$D/sub/tramp" "$D" /tmp a "b c")" ] \
    && [ ! -e "$work/ip-$name/cache" ] && [ ! -e "$work/ip-$name/home" ] \
    && pass "in place $name: ROOT is D, args pass through, no cache written" \
    || { fail "in place $name" "rc=$rc"; diff <(inplace_output "$D/sub/tramp" "$D" /tmp a "b c") <(echo "$got") | head; }
done
D="$work/ip-$host/D"
want=$(inplace_output "$D/sub/tramp" "$D" /tmp x)
got=$(cd "$D/sub" && ./tramp x 2>&1) && [ "$got" = "$want" ] && pass "in place: run by a relative path" \
  || fail "in place: run by a relative path" "$got"
ln -s "$D/sub/tramp" "$work/ip-link"
got=$("$work/ip-link" x 2>&1) && [ "$got" = "$want" ] && pass "in place: run through a symlink elsewhere, ROOT and EXE follow it" \
  || fail "in place: run through a symlink" "$got"
got=$(PATH="$D/sub:$PATH" tramp x 2>&1) && [ "$got" = "$want" ] && pass "in place: found in PATH" \
  || fail "in place: found in PATH" "$got"
if command -v strace >/dev/null; then
  strace -qq -o "$work/ip.trace" "$D/sub/tramp" >/dev/null 2>&1
  calls=$(awk 'NR > 1 && /^execve\(/ {exit} NR > 1 {sub(/\(.*/, ""); printf "%s ", $0}' "$work/ip.trace")
  calls=${calls#openat close } # the probe of fds 0-2 (an O_PATH "/", closed: none was closed)
  # one openat (this file), then a readlinkat per component of the root's path, the /tmp check, the execve
  if grep -qE 'mkdirat|getdents|umask|rename|geteuid|read |openat.*openat' <<<"$calls" || [ "$(wc -w <<<"$calls")" -gt 24 ]; then
    fail "in place: no cache lookup, nothing read, a few syscalls" "$calls"
  else pass "in place: no cache lookup, nothing read, a few syscalls ($calls)"; fi
else skip "in place syscalls" "strace not installed"; fi

# faults: a malformed INPLACE is 113, a missing tree 118
ipcase() { # ipcase NAME WANT-RC WANT-STDERR-REGEX RECORD...
  local n="$1" want="$2" re="$3" e; shift 3
  write_payload "$work/ipf.payload" "$work/empty.tree" "$@"
  rm -rf "$work/ipf" && inplace_tree "$work/ipf" "${host#linux-}" "$work/ipf.payload"
  e=$("$work/ipf/sub/tramp" 2>&1 >/dev/null); rc=$?
  [ $rc = "$want" ] && grep -qE "$re" <<<"$e" && pass "in place: $n: $want" || fail "in place: $n" "rc=$rc $e"
}
ipcase "absolute INPLACE" 113 '^hermit: malformed manifest \(INPLACE' "${ip_records[@]}" '4=/abs'
ipcase "empty INPLACE" 113 '^hermit: malformed manifest \(INPLACE' "${ip_records[@]}" '4='
ipcase "two INPLACE records" 113 '^hermit: malformed manifest \(more than one' "${ip_records[@]}" '4=..' '4=..'
ipcase "INPLACE names no directory" 118 '^hermit: cannot find the tree .*/ipf/sub/no/such' "${ip_records[@]}" '4=no/such'
ipcase "the program is missing" 118 '^hermit: cannot execute .*/ipf/sub/bin/hello' "${ip_records[@]}" '4=.'
ipcase "INPLACE with more components" 0 '^$' "${ip_records[@]}" '4=./../sub/..//'

# An image's root is read-only and its /tmp may be too: ${HERMIT_TMP} is then tmp in HERMIT_CACHE_DIR (an in-place
# run has no cache entry whose directory could hold it; it was /tmp itself, refused as "accessible to other users"),
# and without one the launcher says to mount a /tmp or set it (116). The tree is copied out of $work, under /tmp.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  iptmp() { # iptmp ENV...: the in-place run's output and exit code with a read-only /tmp
    D="$D" unshare -m --propagation private bash -c 'mount -t tmpfs -o mode=0755 tmpfs /var/tmp &&
      cp -a "$D" /var/tmp/D && mkdir -m 700 /var/tmp/c && mount -t tmpfs -o ro,mode=1777 tmpfs /tmp || exit 99
      env "$@" /var/tmp/D/sub/tramp x 2>&1; echo "rc=$?"' _ "$@"
  }
  got=$(iptmp HERMIT_CACHE_DIR=/var/tmp/c)
  grep -qx 'arg:tmp=/var/tmp/c/tmp' <<<"$got" && grep -qx 'rc=0' <<<"$got" \
    && pass "in place, /tmp read-only: \${HERMIT_TMP} is HERMIT_CACHE_DIR/tmp" || fail "in place, /tmp read-only" "$got"
  # the tree at the top, as an image's /hermit is (/mnt: a tmpfs over it, in the namespace)
  got=$(D="$D" unshare -m --propagation private bash -c 'mount -t tmpfs -o mode=0755 tmpfs /mnt && cp -a "$D"/. /mnt/ &&
      mount -t tmpfs -o ro,mode=1777 tmpfs /tmp || exit 99
      env HERMIT_CACHE_DIR= /mnt/sub/tramp x 2>&1; echo "rc=$?"')
  grep -qx 'rc=116' <<<"$got" && grep -q '^hermit: no temporary directory: /tmp is not writable; mount a writable /tmp' <<<"$got" \
    && pass "in place, /tmp read-only, no HERMIT_CACHE_DIR: 116 naming both ways" || fail "in place, no /tmp, no cache" "$got"
else skip "in place, /tmp read-only" "needs root and unshare -m"; fi

# ---------------------------------------------------------------------------------------------------------- empty root
# The launcher in an empty root (issue 4): a chroot in a new mount namespace holding only the executables, /bin/sh
# and its libraries (the samples' programs are shell scripts), with no /proc, /dev or /tmp, and an environment
# holding only what each case sets. Without /proc the launcher finds itself through AT_EXECFN.
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null && command -v chroot >/dev/null && command -v ldd >/dev/null; then
  R="$work/root"
  mkdir -p "$R/bin" && cp -L /bin/sh "$R/bin/sh"
  for lib in $(ldd /bin/sh | grep -o '/[^ ]*'); do cp -L --parents "$lib" "$R"; done
  inroot() { # inroot VAR=VALUE... -- COMMAND...: in the empty root
    local vars=()
    while [ "$1" != -- ]; do vars+=("$1"); shift; done
    shift
    env -i "${vars[@]}" "$(command -v unshare)" -m --propagation private "$(command -v chroot)" "$R" "$@"
  }
  cp "$S" "$R/s" && ln -s ../s "$R/bin/tool"
  [ ! -e "$R/proc" ] && [ ! -e "$R/dev" ] && [ ! -e "$R/tmp" ] || fail "empty root" "has /proc, /dev or /tmp"
  got=$(inroot HERMIT_CACHE_DIR=/c -- /s a 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output /s "/c/$ENTRY" a)" ] && [ "$(listing "$R/c")" = "$ENTRY " ] \
    && pass "empty root, no /proc: runs, exe is /s, no tmp dir made for a manifest without \${HERMIT_TMP}" \
    || { fail "empty root, no /proc" "rc=$rc $(listing "$R/c")"; echo "$got" | head -5; }
  got=$(inroot HERMIT_CACHE_DIR=/c -- ./s 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output /s "/c/$ENTRY")" ] && pass "empty root, no /proc: run as ./s" \
    || fail "empty root, no /proc: run as ./s" "rc=$rc $got"
  got=$(inroot HERMIT_CACHE_DIR=/c -- /bin/tool 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output /s "/c/$ENTRY")" ] && pass "empty root, no /proc: through a symlink, exe is its target" \
    || fail "empty root, no /proc: through a symlink" "rc=$rc $got"
  got=$(inroot HERMIT_CACHE_DIR=/c PATH=/bin -- tool 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output /s "/c/$ENTRY")" ] && pass "empty root, no /proc: found in PATH" \
    || fail "empty root, no /proc: found in PATH" "rc=$rc $got"

  # when AT_EXECFN names nothing (an fexecve: "/dev/fd/N", and no /dev), argv[0], then argv[0] searched in PATH
  if command -v python3 >/dev/null; then
    fexec() { # fexec ARGV0 VAR=VALUE...: chroot to the empty root, then fexecve /s
      local a0="$1"; shift
      unshare -m --propagation private python3 -c 'import os, sys
os.chroot(sys.argv[1]); os.chdir("/"); fd = os.open("/s", os.O_RDONLY)
os.execve(fd, [sys.argv[2]], dict(a.split("=", 1) for a in sys.argv[3:]))' "$R" "$a0" "$@"
    }
    got=$(fexec /s HERMIT_CACHE_DIR=/c 2>&1); rc=$?
    [ $rc = 0 ] && [ "$got" = "$(expected_output /s "/c/$ENTRY")" ] && pass "empty root, fexecve: found by argv[0]" \
      || fail "empty root, fexecve: found by argv[0]" "rc=$rc $got"
    got=$(fexec s HERMIT_CACHE_DIR=/c PATH=/nonexistent:/bin:/ 2>&1); rc=$?
    [ $rc = 0 ] && [ "$got" = "$(expected_output /s "/c/$ENTRY")" ] && pass "empty root, fexecve: found by argv[0] in PATH" \
      || fail "empty root, fexecve: found by argv[0] in PATH" "rc=$rc $got"
    err=$(fexec s HERMIT_CACHE_DIR=/c 2>&1); rc=$?
    [ $rc = 119 ] && grep -q "^hermit: cannot find this executable's path" <<<"$err" \
      && pass "empty root, fexecve, argv[0] names nothing: 119" || fail "empty root, fexecve, nothing names it" "rc=$rc $err"
  else skip "empty root, fexecve" "python3 not installed"; fi

  # no environment at all and no /tmp: the last candidate creates /tmp as every system has it (01777)
  got=$(inroot -- /s 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected_output /s "/tmp/hermit-0/$ENTRY")" ] && [ "$(stat -c %a "$R/tmp")" = 1777 ] \
    && [ "$(stat -c %a "$R/tmp/hermit-0")" = 700 ] && pass "empty root, no environment, no /tmp: /tmp made 1777, cache in /tmp/hermit-0" \
    || fail "empty root, no environment, no /tmp" "rc=$rc $got"
  rm -rf "$R/tmp"
  err=$(R="$R" ns 'mount --bind -o ro "$R" "$R" && env -i "$(command -v chroot)" "$R" /s' 2>&1 >/dev/null); rc=$?
  [ $rc = 116 ] && grep -q '^hermit: no usable cache directory (/tmp/hermit-0: there is no /tmp and it cannot be created)' <<<"$err" \
    && [ ! -e "$R/tmp" ] && pass "read-only empty root, no /tmp: 116 says so" || fail "read-only empty root, no /tmp" "rc=$rc $err"

  # in place, as a runtime's bin/java would be: ROOT /c/E; ${HERMIT_TMP} is /tmp when writable, else /c/tmp (0700)
  inplace_tree "$R/c/E" "${host#linux-}" "$ipg"
  got=$(inroot -- /c/E/sub/tramp a 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(inplace_output /c/E/sub/tramp /c/E /c/tmp a)" ] && [ "$(stat -c %a "$R/c/tmp")" = 700 ] \
    && pass "empty root, no /proc, no /tmp: in place, HERMIT_TMP is the cache root's tmp (0700)" \
    || { fail "empty root: in place, no /tmp" "rc=$rc"; diff <(inplace_output /c/E/sub/tramp /c/E /c/tmp a) <(echo "$got"); }
  mkdir -m 1777 "$R/tmp"
  got=$(inroot -- /c/E/sub/tramp 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(inplace_output /c/E/sub/tramp /c/E /tmp)" ] && pass "empty root with a /tmp: HERMIT_TMP is /tmp" \
    || fail "empty root with a /tmp: HERMIT_TMP" "rc=$rc $got"
  rmdir "$R/tmp"
  chmod 755 "$R/c/tmp"
  err=$(inroot -- /c/E/sub/tramp 2>&1 >/dev/null); rc=$?
  [ $rc = 116 ] && grep -q '^hermit: no temporary directory: .*/c/tmp is accessible to other users' <<<"$err" \
    && pass "a tmp dir open to others is refused (116)" || fail "tmp dir open to others" "rc=$rc $err"
  rmdir "$R/c/tmp" && ln -s / "$R/c/tmp"
  err=$(inroot -- /c/E/sub/tramp 2>&1 >/dev/null); rc=$?
  [ $rc = 116 ] && grep -q 'symbolic link' <<<"$err" && pass "a tmp dir that is a symlink is refused (116)" \
    || fail "tmp dir symlink" "rc=$rc $err"
  rm "$R/c/tmp"
  chown 65534 "$R/c" # the tree's parent is another user's: they could swap a tmp directory of ours for theirs
  err=$(inroot -- /c/E/sub/tramp 2>&1 >/dev/null); rc=$?
  [ $rc = 116 ] && grep -q '^hermit: no temporary directory: /tmp is not writable and /c is owned by another user' <<<"$err" \
    && [ ! -e "$R/c/tmp" ] && pass "a tmp dir in another user's directory is neither made nor used (116)" \
    || fail "tmp dir in another user's directory" "rc=$rc $err"
  chown 0 "$R/c"

  # ${HERMIT_TMP} of an extracted (not in-place) executable: "tmp" beside the entry in the cache root
  { printf HTR1; tree_entry 1 $((8#755)) bin; tree_entry 2 $((8#755)) bin/t "$(printf '#!/bin/sh\necho "tmp:$1"')"
    tree_entry 0 0 ''; } >"$work/t.tree"
  write_payload "$work/t.payload" "$work/t.tree" '1=${HERMIT_ROOT}/bin/t' '2=${HERMIT_ROOT}/bin/t' '2=${HERMIT_TMP}'
  cat "$out/$host" "$work/t.payload" >"$R/t" && chmod 755 "$R/t"
  got=$(inroot HERMIT_CACHE_DIR=/k -- /t 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "tmp:/k/tmp" ] && [ "$(stat -c %a "$R/k/tmp")" = 700 ] \
    && pass "empty root, no /tmp: HERMIT_TMP of an extracted tree is <cache root>/tmp" || fail "HERMIT_TMP extracted" "rc=$rc $got"

  # a program whose interpreter is missing (ENOENT from execve) is named with it: a script's #!, an ELF's loader
  R2="$work/root2"
  mkdir -p "$R2" && cp "$S" "$R2/s"
  err=$(R="$R2" inroot HERMIT_CACHE_DIR=/c -- /s 2>&1 >/dev/null); rc=$?
  [ $rc = 118 ] && grep -q "^hermit: cannot execute /c/$ENTRY/bin/hello: its interpreter /bin/sh is missing" <<<"$err" \
    && pass "a script whose #! interpreter is missing: named, 118" || fail "missing #! interpreter" "rc=$rc $err"
  mkdir -p "$R2/D" && inplace_tree "$R2/D" "${host#linux-}" "$ipg" && cp -L /bin/true "$R2/D/bin/hello"
  interp=$(readelf -lW /bin/true | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
  err=$(R="$R2" inroot -- /D/sub/tramp 2>&1 >/dev/null); rc=$?
  [ $rc = 118 ] && grep -q "^hermit: cannot execute /D/bin/hello: it needs the C library's dynamic loader $interp, .*--libc=system" <<<"$err" \
    && pass "an ELF whose loader is missing: the loader and --libc named, 118" || fail "missing ELF loader" "rc=$rc $err"

  # the other archs: native ones like the host (AT_EXECFN), foreign ones under qemu (which answers /proc/self/exe
  # itself, so that is not the AT_EXECFN path)
  for t in "${TARGETS[@]}"; do
    read -r name _ <<<"$t"
    [ "$name" = "$host" ] && continue
    runner "$name" || { skip "empty root $name" "${run[0]} not installed"; continue; }
    cat "$out/$name" "$p" >"$R/s-$name" && chmod 755 "$R/s-$name"
    how=natively
    if [ ${#run[@]} -gt 0 ]; then cp "$(command -v "${run[0]}")" "$R/qemu" && how="under qemu"; fi
    got=$(inroot HERMIT_CACHE_DIR=/c -- ${run[@]:+/qemu} "/s-$name" 2>&1); rc=$?
    [ $rc = 0 ] && [ "$got" = "$(expected_output "/s-$name" "/c/$ENTRY")" ] && pass "empty root, no /proc: $name $how" \
      || fail "empty root $name $how" "rc=$rc $got"
  done
else skip "empty root" "needs root, unshare -m, chroot and ldd"; fi

# ---------------------------------------------------------------------------------------------------------- emulator
# HERMIT_EMULATOR (docs/FORMAT.md "Running under an emulator"): the launcher execs the emulator with the program's
# path and arguments, so a foreign output runs end to end under qemu-user without binfmt_misc. For every arch: a
# payload whose program is test/argv_echo.c built for that arch, run with HERMIT_EMULATOR set to that arch's qemu
# (also for the host's arch: qemu-x86_64-static runs x86_64 programs). Without it, a foreign arch's launcher under
# qemu cannot exec its program (118): the emulator is what runs it.
emu_tree() { # emu_tree OUT PROGRAM: a tree holding bin/echo (PROGRAM, mode 755)
  { printf HTR1; tree_entry 1 493 bin
    le 1 2; le 1 0; le 2 8; le 4 493; le 8 "$(stat -c %s "$2")"; printf bin/echo; cat "$2"
    tree_entry 0 0 ''; } >"$1"
}
emu_records=('1=${HERMIT_ROOT}/bin/echo' '2=manifest-argv0' '2=--from-manifest' '3=ECHO_ENV=root=${HERMIT_ROOT}')
emu_output() { # emu_output ROOT EMULATOR ARGS...: what bin/echo prints when run through the emulator
  local root="$1" emu="$2" i=2; shift 2
  echo "argv[0]=$root/bin/echo"; echo "argv[1]=--from-manifest"
  for a in "$@"; do echo "argv[$i]=$a"; i=$((i + 1)); done
  echo "ECHO_ENV=root=$root"; echo "HERMIT_EMULATOR=$emu"
}
for t in "${TARGETS[@]}"; do
  read -r name triple extra <<<"$t"
  runner "$name" || { skip "emulator $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
  q=$(command -v "$(qemu_for "$name")") || { skip "emulator $name" "$(qemu_for "$name") not installed"; continue; }
  # shellcheck disable=SC2086
  if ! "$CC" --target="$triple" "${CFLAGS[@]}" "${LDFLAGS[@]}" $extra -o "$work/echo-$name" "$here/test/argv_echo.c" \
    "$here/src/util.c"; then
    fail "emulator $name" "cannot build test/argv_echo.c"; continue
  fi
  emu_tree "$work/emu-$name.tree" "$work/echo-$name"
  write_payload "$work/emu-$name.payload" "$work/emu-$name.tree" "${emu_records[@]}"
  payload_info "$work/emu-$name.payload"
  mk "emu-$name" "${name#linux-}" "$work/emu-$name.payload"
  cache="$work/emu-cache-$name"
  got=$(HERMIT_CACHE_DIR="$cache" HERMIT_EMULATOR="$q" "${run[@]}" "$work/emu-$name" a "b c" 2>&1); rc=$?
  want=$(emu_output "$cache/$ENTRY" "$q" a "b c")
  [ $rc = 0 ] && [ "$got" = "$want" ] \
    && pass "emulator $name: HERMIT_EMULATOR=$(basename "$q") ${run[*]:-(native)} app runs the program, args and env pass" \
    || { fail "emulator $name" "rc=$rc"; diff <(echo "$want") <(echo "$got") | head; }
  if [ -n "${RUNNER[$name]}" ]; then
    e=$(HERMIT_CACHE_DIR="$cache" "${run[@]}" "$work/emu-$name" 2>&1); rc=$?
    if [ -n "${KERNEL_RUNS[$name]-}" ]; then
      # forced under qemu on a kernel that runs this arch: qemu hands the launcher's execve to the kernel, which
      # runs the program itself, as it would for any program of this arch
      [ $rc = 0 ] && [ "$e" = "$(printf '%s\n' 'argv[0]=manifest-argv0' 'argv[1]=--from-manifest' \
        "ECHO_ENV=root=$cache/$ENTRY" 'HERMIT_EMULATOR=-')" ] \
        && pass "emulator $name: without HERMIT_EMULATOR, under a forced qemu on a kernel that runs $name: the kernel runs the program" \
        || fail "emulator $name: without HERMIT_EMULATOR (forced qemu)" "rc=$rc $e"
    else
      [ $rc = 118 ] && grep -q '^hermit: cannot execute .*exec format error: .* set HERMIT_EMULATOR to the emulator' <<<"$e" \
        && pass "emulator $name: without HERMIT_EMULATOR, under qemu without binfmt_misc: 118, the message names HERMIT_EMULATOR" \
        || fail "emulator $name: without HERMIT_EMULATOR" "rc=$rc $e"
    fi
  fi
done
# faults (the host's launcher): an emulator that cannot be executed is 118 with one line; a bare name is refused
# (no PATH search: the variable names one file); an empty value means no emulator.
if [ -f "$work/emu-$host" ]; then
  payload_info "$work/emu-$host.payload"
  cache="$work/emu-cache-$host"
  e=$(HERMIT_CACHE_DIR="$cache" HERMIT_EMULATOR=/nonexistent/qemu "$work/emu-$host" 2>&1 >/dev/null); rc=$?
  [ $rc = 118 ] && [ "$e" = "hermit: cannot execute the emulator HERMIT_EMULATOR=/nonexistent/qemu: no such file or directory; set HERMIT_EMULATOR to an emulator's full path, or unset it to run the program directly" ] \
    && pass "emulator: a missing emulator: 118, one line" || fail "emulator: a missing emulator" "rc=$rc $e"
  e=$(HERMIT_CACHE_DIR="$cache" HERMIT_EMULATOR="$golden" "$work/emu-$host" 2>&1 >/dev/null); rc=$?
  [ $rc = 118 ] && [ "$(wc -l <<<"$e")" = 1 ] && grep -q '^hermit: cannot execute the emulator HERMIT_EMULATOR=.*: permission denied' <<<"$e" \
    && pass "emulator: a directory as emulator: 118, one line" || fail "emulator: a directory as emulator" "rc=$rc $e"
  e=$(HERMIT_CACHE_DIR="$cache" HERMIT_EMULATOR=qemu-x86_64-static "$work/emu-$host" 2>&1 >/dev/null); rc=$?
  [ $rc = 118 ] && grep -qx 'hermit: HERMIT_EMULATOR=qemu-x86_64-static is not a path; .*' <<<"$e" \
    && pass "emulator: a bare name: 118, one line" || fail "emulator: a bare name" "rc=$rc $e"
  got=$(HERMIT_CACHE_DIR="$cache" HERMIT_EMULATOR= "$work/emu-$host" a 2>&1); rc=$?
  [ $rc = 0 ] && [ "$(head -1 <<<"$got")" = "argv[0]=manifest-argv0" ] && grep -qx 'HERMIT_EMULATOR=' <<<"$got" \
    && pass "emulator: an empty HERMIT_EMULATOR runs the program directly, with the manifest's argv[0]" \
    || fail "emulator: an empty HERMIT_EMULATOR" "rc=$rc $got"
  # the cache under HOME: a HOME with a trailing slash (Docker's HOME=/ in a scratch image) gives a clean root,
  # not $HOME//.cache, which every path the runtime sees would carry
  mkdir -p "$work/homeslash"
  got=$(env -u HERMIT_CACHE_DIR -u XDG_CACHE_HOME HOME="$work/homeslash//" HERMIT_EMULATOR= "$work/emu-$host" 2>&1)
  grep -qx "ECHO_ENV=root=$work/homeslash/.cache/hermit/$ENTRY" <<<"$got" \
    && pass "cache under HOME: a trailing slash of HOME is not doubled in the root" \
    || fail "cache under HOME with a trailing slash" "$(grep ECHO_ENV <<<"$got")"
fi

# ---------------------------------------------------------------------------------------------------------- locale
# A manifest that sets LOCPATH (the bundled C library's locale files, C.UTF-8 only) has its LC_ALL replace the
# environment's, whose locale is not among those files (ASCII otherwise); ENVs never override anything else, and
# nothing is overridden when the environment sets LOCPATH itself.
# shellcheck disable=SC2086
read -r _ htriple hextra < <(printf '%s\n' "${TARGETS[@]}" | grep "^$host ")
if "$CC" --target="$htriple" "${CFLAGS[@]}" "${LDFLAGS[@]}" $hextra -o "$work/locale-echo" "$here/test/argv_echo.c" \
  "$here/src/util.c"; then
  emu_tree "$work/locale.tree" "$work/locale-echo"
  write_payload "$work/locale.payload" "$work/locale.tree" '1=${HERMIT_ROOT}/bin/echo' '2=argv0' \
    '2=-Duser.language=${HERMIT_LANGUAGE}' '2=-Duser.country=${HERMIT_COUNTRY}' '2=-Djava.io.tmpdir=${HERMIT_TMP}' \
    '2=-Duser.language.format=${HERMIT_FORMAT_LANGUAGE}' '2=-Duser.country.format=${HERMIT_FORMAT_COUNTRY}' \
    '2=-Duser.script=${HERMIT_SCRIPT}' '2=-Duser.script.format=${HERMIT_FORMAT_SCRIPT}' \
    '3=LOCPATH=${HERMIT_ROOT}/locale' '3=LC_ALL=C.UTF-8' '3=ECHO_ENV=manifest' '3=ECHO_VARS=LC_ALL,LOCPATH,LANG'
  payload_info "$work/locale.payload"
  mk locale "${host#linux-}" "$work/locale.payload"
  lc="$work/locale-cache"
  locale_vars() { env -i HERMIT_CACHE_DIR="$lc" "$@" "$work/locale" | grep -E '^(ECHO_ENV|LC_ALL|LOCPATH|LANG)=' | tr '\n' ' '; }
  got=$(locale_vars)
  [ "$got" = "ECHO_ENV=manifest LC_ALL=C.UTF-8 LOCPATH=$lc/$ENTRY/locale LANG=- " ] \
    && pass "locale: an empty environment gets the manifest's LOCPATH and LC_ALL" || fail "locale: empty environment" "$got"
  got=$(locale_vars LC_ALL=en_US.UTF-8 LANG=de_DE.UTF-8 ECHO_ENV=mine)
  [ "$got" = "ECHO_ENV=mine LC_ALL=C.UTF-8 LOCPATH=$lc/$ENTRY/locale LANG=de_DE.UTF-8 " ] \
    && pass "locale: the environment's LC_ALL=en_US.UTF-8 is replaced by the manifest's; other variables stay" \
    || fail "locale: LC_ALL replaced" "$got"
  got=$(locale_vars LC_ALL=en_US.UTF-8 LOCPATH=/usr/lib/locale)
  [ "$got" = "ECHO_ENV=manifest LC_ALL=en_US.UTF-8 LOCPATH=/usr/lib/locale LANG=- " ] \
    && pass "locale: with the environment's own LOCPATH its LC_ALL stays" || fail "locale: own LOCPATH" "$got"
  # ${HERMIT_LANGUAGE} and ${HERMIT_COUNTRY}: the locale asked for (LC_ALL, else LC_MESSAGES, else LANG), as Java reads it
  # (an empty country is left out, as a JDK has no user.country under C.UTF-8)
  locale_args() { env -i HERMIT_CACHE_DIR="$lc" "$@" "$work/locale" | sed -n 's/^argv\[[12]\]=-Duser\.\([a-z]*\)=/\1:/p' | tr '\n' ' '; }
  lfail=""
  while IFS='|' read -r want vars; do
    # shellcheck disable=SC2086
    got=$(locale_args $vars)
    [ "$got" = "$want" ] || lfail="$lfail [$vars: '$got', not '$want']"
  done <<'CASES'
language:en country:US |
language:de country:DE |LANG=de_DE.UTF-8
language:pt country:BR |LC_ALL=pt_BR.UTF-8 LC_MESSAGES=fr_FR LANG=de_DE.UTF-8
language:fr country:CA |LC_MESSAGES=fr_CA.UTF-8 LANG=de_DE.UTF-8
language:de country:DE |LC_ALL= LANG=de_DE.UTF-8
language:es country:419 |LANG=es_419.UTF-8
language:sr country:RS |LANG=sr_RS@latin
language:ast country:ES |LANG=ast_ES.UTF-8
language:ja |LANG=ja
language:en |LANG=C.UTF-8
language:en country:US |LANG=POSIX
language:en country:US |LANG=C
language:en country:US |LANG=english
language:de |LANG=de_de.UTF-8
CASES
  [ -z "$lfail" ] && pass "locale: \${HERMIT_LANGUAGE} and \${HERMIT_COUNTRY} from LC_ALL, LC_MESSAGES or LANG (14 cases)" \
    || fail "locale: language and country" "$lfail"
  # the launcher's defaults give way to the user's: a property JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS sets (the JVM
  # reads them before the command line, which would override them) gets no option of the launcher's
  tmpdirs() { env -i HERMIT_CACHE_DIR="$lc" "$@" "$work/locale" | grep -c '^argv\[[0-9]*\]=-Djava\.io\.tmpdir='; }
  got="$(locale_args LANG=de_DE.UTF-8 'JAVA_TOOL_OPTIONS=-Xss1m -Duser.language=fr')|$(locale_args \
    'JDK_JAVA_OPTIONS=-Duser.country=CH' LANG=de_DE.UTF-8)|$(tmpdirs)|$(tmpdirs JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=/x)"
  [ "$got" = "country:DE |language:de |1|0" ] \
    && pass "locale: a property JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS sets gets no default option of the launcher's" \
    || fail "locale: the user's JAVA_TOOL_OPTIONS" "$got"
  # the format locale (LC_CTYPE) where it differs from the display locale (LC_MESSAGES), as a JDK reads them
  formats() { env -i HERMIT_CACHE_DIR="$lc" "$@" "$work/locale" | sed -n 's/^argv\[[0-9]*\]=-Duser\.\([a-z]*\)\.format=/\1:/p' | tr '\n' ' '; }
  got="$(formats LANG=de_DE.UTF-8 LC_MESSAGES=en_US.UTF-8)|$(formats LANG=de_DE.UTF-8 LC_MESSAGES=C.UTF-8)|$(formats \
    LANG=en_US.UTF-8 LC_CTYPE=en_GB.UTF-8)|$(formats LC_ALL=de_DE.UTF-8 LC_MESSAGES=en_US.UTF-8)|$(formats \
    LANG=de_DE.UTF-8)|$(formats LANG=de_DE.UTF-8 LC_MESSAGES=en_US.UTF-8 'JAVA_TOOL_OPTIONS=-Duser.language=fr')"
  [ "$got" = "language:de country:DE |language:de country:DE |country:GB |||country:DE " ] \
    && pass "locale: numbers and dates in LC_CTYPE's locale where it differs from LC_MESSAGES' (user.*.format)" \
    || fail "locale: the format locale" "$got"
  # _JAVA_OPTIONS, which the JVM reads after the command line: a user.language there is the user's too, and the
  # JDK then sets no user.language.format
  got="$(formats LANG=de_DE.UTF-8 LC_MESSAGES=en_US.UTF-8 '_JAVA_OPTIONS=-Duser.language=fr -Duser.country=FR')"
  [ "$got" = "" ] && pass "locale: a user.language or user.country in _JAVA_OPTIONS gets no format option either" \
    || fail "locale: the user's _JAVA_OPTIONS" "$got"
  # the script a modifier names, as a JDK maps glibc's (Serbian in Latin letters), the format locale's where it differs
  scripts() { env -i HERMIT_CACHE_DIR="$lc" "$@" "$work/locale" | sed -n 's/^argv\[[0-9]*\]=-Duser\.script\(\.format\)\{0,1\}=/script\1:/p' | tr '\n' ' '; }
  got="$(scripts LANG=sr_RS.UTF-8@latin)|$(scripts LC_ALL=uz_UZ.UTF-8@cyrillic)|$(scripts LANG=ks_IN@devanagari)|$(\
    scripts LANG=tt_RU.UTF-8@iqtelif)|$(scripts LANG=de_DE.UTF-8@euro)|$(scripts LANG=ca_ES.UTF-8@valencia)|$(\
    scripts LANG=sr_RS.UTF-8@latin LC_MESSAGES=sr_RS.UTF-8)|$(scripts LANG=C.UTF-8)"
  [ "$got" = "script:Latn |script:Cyrl |script:Deva |script:Latn |||script.format:Latn |" ] \
    && pass "locale: a modifier's script (@latin, @cyrillic, @devanagari, @iqtelif) as user.script, as a JDK maps it" \
    || fail "locale: the script of a modifier" "$got"
else
  fail "locale" "cannot build test/argv_echo.c for $host"
fi

# ---------------------------------------------------------------------------------------------------------- inflate
# The decoder alone, against gzip's deflate streams (levels 1, 6, 9) of data with literals, long matches,
# runs (distance 1) and incompressible stretches (stored blocks); for every arch.
{
  head -c 3000000 /dev/urandom
  for _ in $(seq 40); do cat "$golden/sample-stored.payload"; done
  head -c 2000000 /dev/zero
  seq 1 400000
  head -c 70000 /dev/urandom | od -An -tx1
} >"$work/corpus"
want="$(sha256sum <"$work/corpus" | cut -c1-64) $(stat -c %s "$work/corpus")"
for level in 1 6 9; do # gzip -n: a 10-byte header, the raw deflate stream, an 8-byte trailer
  gzip -n -"$level" -c "$work/corpus" | tail -c +11 | head -c -8 >"$work/corpus.$level.deflate"
done
printf '' >"$work/empty.deflate"
head -c 1000 "$work/corpus.6.deflate" >"$work/cut.deflate"
for t in "${TARGETS[@]}"; do
  read -r name triple extra <<<"$t"
  runner "$name" || { skip "inflate $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
  ic="$work/inflate_check-$name"
  # shellcheck disable=SC2086
  if ! "$CC" --target="$triple" "${CFLAGS[@]}" "${LDFLAGS[@]}" $extra -o "$ic" "$here/test/inflate_check.c" \
    "$here/src/util.c" "$here/src/sha256.c" "$here/src/inflate.c"; then
    fail "inflate $name" "cannot build test/inflate_check.c"; continue
  fi
  for level in 1 6 9; do
    got=$("${run[@]}" "$ic" <"$work/corpus.$level.deflate" 2>&1)
    [ "$got" = "$want" ] && pass "inflate $name gzip -$level" || fail "inflate $name gzip -$level" "$got"
  done
  "${run[@]}" "$ic" <"$work/cut.deflate" >/dev/null 2>&1; rc=$?
  [ $rc = 115 ] && pass "inflate $name truncated stream: 115" || fail "inflate $name truncated stream" "rc=$rc"
  "${run[@]}" "$ic" <"$work/empty.deflate" >/dev/null 2>&1; rc=$?
  [ $rc = 115 ] && pass "inflate $name empty stream: 115" || fail "inflate $name empty stream" "rc=$rc"
done

# ---------------------------------------------------------------------------------------------------------- zstd
# The zstd decoder alone (test/zstd_check.c), against the reference zstd CLI's frames of the inflate corpus and of
# edge sizes: levels 1..19 and --ultra -22, --fast, --long=27 (a 128 MiB window), with and without the content
# checksum; for every arch. Then faults (115: malformed, or a content checksum that fails) and a bounded, seeded mutation loop under
# the address and undefined-behaviour sanitizers (host only).
if command -v zstd >/dev/null; then
  zcases=()
  zcase() { # zcase NAME INPUT ZSTD-OPTIONS...
    local n="$1" f="$2"; shift 2
    zstd -q -f "$@" "$f" -o "$work/$n.zst" && zcases+=("$n $(sha256sum <"$f" | cut -c1-64) $(stat -c %s "$f")")
  }
  printf '' >"$work/z-empty"; printf x >"$work/z-one"; head -c 131073 "$work/corpus" >"$work/z-block"
  seq 1 200000 >"$work/z-text"
  zcase empty "$work/z-empty" -3; zcase one "$work/z-one" -19 --no-check; zcase block "$work/z-block" -1
  zcase text-fast "$work/z-text" --fast=4; zcase text-19 "$work/z-text" -19
  zcase corpus-1 "$work/corpus" -1; zcase corpus-9-nocheck "$work/corpus" -9 --no-check
  zcase corpus-19 "$work/corpus" -19; zcase corpus-long "$work/corpus" -3 --long=27
  zcase corpus-ultra "$work/corpus" --ultra -22
  head -c 1000 "$work/corpus-19.zst" >"$work/cut.zst"
  cp "$work/text-19.zst" "$work/badsum.zst"; flip_byte "$work/badsum.zst" $(($(stat -c %s "$work/badsum.zst") - 1))
  { cat "$work/text-fast.zst"; printf '\x28\xb5\x2f\xfd\x20\x01\x01\x00\x00'; } >"$work/trailing.zst" # + a cut frame
  for t in "${TARGETS[@]}"; do
    read -r name triple extra <<<"$t"
    runner "$name" || { skip "zstd $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
    zc="$work/zstd_check-$name"
    # shellcheck disable=SC2086
    if ! "$CC" --target="$triple" "${CFLAGS[@]}" "${LDFLAGS[@]}" $extra -o "$zc" "$here/test/zstd_check.c" \
      "$here/src/util.c" "$here/src/sha256.c" "$here/src/zstd.c"; then
      fail "zstd $name" "cannot build test/zstd_check.c"; continue
    fi
    ok=0 bad=""
    for c in "${zcases[@]}"; do
      read -r n h l <<<"$c"
      got=$("${run[@]}" "$zc" <"$work/$n.zst" 2>&1)
      if [ "$got" = "$h $l" ]; then ok=$((ok + 1)); else bad+=" $n($got)"; fi
    done
    [ -z "$bad" ] && pass "zstd $name: $ok frames of the zstd CLI decode byte-exact" || fail "zstd $name" "$bad"
    for f in cut.zst:115 badsum.zst:115 trailing.zst:115 empty.deflate:115; do # truncated, bad checksum, cut
      "${run[@]}" "$zc" <"$work/${f%%:*}" >/dev/null 2>&1; rc=$?              # second frame, no input at all
      [ $rc = "${f##*:}" ] && pass "zstd $name ${f%%:*}: ${f##*:}" || fail "zstd $name ${f%%:*}" "rc=$rc"
    done
  done
else skip "zstd" "the zstd CLI is not installed (apt: zstd)"; fi

# ---------------------------------------------------------------------------------------------------------- sha256
# The payload hash (src/sha256.c) on every arch, against sha256sum, at lengths around the 64-byte block and its
# padding: through sha256_update in uneven pieces (x86_64: the SHA instructions where the CPU has them, as CPUID
# says; the log tells which ran) and through the portable block function alone.
for n in 0 1 55 56 63 64 65 119 120 128 1000 100003 3000001; do head -c $n /dev/urandom >"$work/sha-$n"; done
for t in "${TARGETS[@]}"; do
  read -r name triple extra <<<"$t"
  runner "$name" || { skip "sha256 $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
  sc="$work/sha_check-$name"
  # shellcheck disable=SC2086
  if ! "$CC" --target="$triple" "${CFLAGS[@]}" "${LDFLAGS[@]}" $extra -o "$sc" "$here/test/sha_check.c" \
    "$here/src/util.c" "$here/src/sha256.c"; then
    fail "sha256 $name" "cannot build test/sha_check.c"; continue
  fi
  bad="" how=""
  for n in 0 1 55 56 63 64 65 119 120 128 1000 100003 3000001; do
    want=$(sha256sum <"$work/sha-$n" | cut -c1-64)
    got=$("${run[@]}" "$sc" <"$work/sha-$n")
    how=${got##* }
    [ "${got% *}" = "$want $want" ] || bad="$bad $n"
  done
  expect=portable
  [ "$name" = linux-amd64 ] && [ ${#run[@]} = 0 ] && grep -qw sha_ni /proc/cpuinfo && expect=accelerated
  [ -z "$bad" ] && [ "$how" = "$expect" ] && pass "sha256 $name ($how): 13 lengths agree with sha256sum, both paths" \
    || fail "sha256 $name" "wrong at lengths:$bad; path $how, expected $expect"
done
rm -f "$work"/sha-*

# ---------------------------------------------------------------------------------------------------------- C++ runtime
# hermit's C++ runtime for the JDK's libraries (cxxrt/hermit++.c), loaded by the host's own loader into a program of
# the host's C compiler (test/cxxrt_check.c): only private names exported, with libstdc++'s versions; a static
# initialisation raced by 8 threads runs once and no thread passes the guard early; abort and release; operator
# new and delete; demangling refused with -2; the personality routine; a thread_local destructor. Every arch's
# build of it is exercised by the JVMs of the end-to-end tests (CrossIT) that load it.
if command -v cc >/dev/null && [ -f "$out/libhermit++-$host.so" ]; then
  if cc -O1 -pthread -o "$work/cxxrt_check" "$here/test/cxxrt_check.c" -ldl; then
    got=$("$work/cxxrt_check" "$out/libhermit++-$host.so" 2>&1) && pass "C++ runtime $host: guards, new/delete, private names" \
      || fail "C++ runtime $host" "$got"
  else fail "C++ runtime $host" "cannot build test/cxxrt_check.c with the host's cc"; fi
  for t in "${TARGETS[@]}"; do
    read -r name _ <<<"$t"
    f="$out/libhermit++-$name.so"
    # exports: the private names only (nothing else may bind to it), each with a libstdc++ version (GNU ld, for
    # s390x, also lists each version as an absolute symbol of its own name: not a symbol anything binds to)
    if [ -f "$f" ] && llvm-nm -D --defined-only "$f" | awk '$2 != "A" {print $3}' | grep -v '^_H[^@]*@@\(GLIBCXX\|CXXABI\)' \
      | grep -q .; then fail "C++ runtime $name exports" "$(llvm-nm -D --defined-only "$f" | head -5)"
    elif [ -f "$f" ]; then pass "C++ runtime $name: only private, versioned names exported"
    else fail "C++ runtime $name" "build.sh made no $f"; fi
    # its build for apps with C++ natives: the same exports, and it needs libstdc++.so.6 (loaded with the JVM)
    v="$out/libhermit++-$name-stdcxx.so"
    if [ -f "$v" ] && [ "$(llvm-nm -D --defined-only "$v" | awk '$2 != "A" {print $3}' | sort)" = \
      "$(llvm-nm -D --defined-only "$f" | awk '$2 != "A" {print $3}' | sort)" ] \
      && llvm-readelf -d "$v" | grep -q 'NEEDED.*\[libstdc++.so.6\]'; then
      pass "C++ runtime $name, the build that loads libstdc++: the same exports, needs libstdc++.so.6"
    else fail "C++ runtime $name-stdcxx" "missing, other exports, or no NEEDED libstdc++.so.6: $v"; fi
  done
else skip "C++ runtime" "no cc here, or no libhermit++-$host.so in $out"; fi

# ---------------------------------------------------------------------------------------------------------- split
# A zstd tree of several frames is decoded by two processes (cache.c decode_zstd): the launcher's own from the
# start, a child's from the frame nearest the middle. The tail needs directory "late", whose entry is the head's
# last, before the head can have made it (the head first writes 1.5 MB); "late" has mode 0555, so its mode comes at
# the end. The result must equal the same archive in one frame, extracted by one process.
if command -v zstd >/dev/null; then
  sp="$work/split"; mkdir -p "$sp"
  head -c 1500000 /dev/urandom >"$sp/big1"; head -c 1200000 /dev/urandom >"$sp/big2"
  { printf HTR1; tree_entry 1 493 bin; tree_entry 2 493 bin/hello "$(printf '#!/bin/sh\necho split ok\n')"
    tree_entry 1 493 data; } >"$sp/h.raw"
  { le 1 2; le 1 0; le 2 9; le 4 420; le 8 1500000; printf data/big1; cat "$sp/big1"; tree_entry 1 365 late; } >>"$sp/h.raw"
  { le 1 2; le 1 0; le 2 9; le 4 420; le 8 1200000; printf late/big2; cat "$sp/big2"
    tree_entry 3 0 late/link big2; tree_entry 1 448 late/sub; tree_entry 2 384 late/sub/f x; tree_entry 0 0 ''; } >"$sp/t.raw"
  zstd -q -3 -c "$sp/h.raw" >"$sp/two.tree" && zstd -q -3 -c "$sp/t.raw" >>"$sp/two.tree"
  cat "$sp/h.raw" "$sp/t.raw" | zstd -q -3 -c >"$sp/one.tree"
  ts=$(($(stat -c %s "$sp/h.raw") + $(stat -c %s "$sp/t.raw")))
  CODEC=2 TS=$ts write_payload "$sp/two.payload" "$sp/two.tree" '1=${HERMIT_ROOT}/bin/hello' '2=hello'
  CODEC=2 TS=$ts write_payload "$sp/one.payload" "$sp/one.tree" '1=${HERMIT_ROOT}/bin/hello' '2=hello'
  tree_list() { # the tree without the launcher's two marker files (the payloads differ, so their hashes do)
    (cd "$1" && find . ! -name '.hermit-*' -printf '%p %y %m %s %l\n' | LC_ALL=C sort \
      && find . -type f ! -name '.hermit-*' -exec sha256sum {} + | LC_ALL=C sort)
  }
  for t in "${TARGETS[@]}"; do
    read -r name _ <<<"$t"
    runner "$name" || { skip "split $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
    mk "split-two-$name" "${name#linux-}" "$sp/two.payload"; mk "split-one-$name" "${name#linux-}" "$sp/one.payload"
    c2="$work/c-split2-$name" c1="$work/c-split1-$name"
    trace=()
    [ ${#run[@]} = 0 ] && command -v strace >/dev/null && trace=(strace -f -qq -e trace=clone -o "$sp/trace-$name")
    HERMIT_CACHE_DIR="$c2" "${trace[@]}" "${run[@]}" "$work/split-two-$name" >"$sp/out2" 2>&1; rc2=$?
    HERMIT_CACHE_DIR="$c1" "${run[@]}" "$work/split-one-$name" >"$sp/out1" 2>&1; rc1=$?
    e2=$(ls "$c2" 2>/dev/null | grep -v '\.' | head -1) e1=$(ls "$c1" 2>/dev/null | grep -v '\.' | head -1)
    if [ $rc2 = 0 ] && [ $rc1 = 0 ] && [ "$(cat "$sp/out2")" = "split ok" ] && [ -n "$e2" ] && [ -n "$e1" ] \
      && [ "$(tree_list "$c2/$e2")" = "$(tree_list "$c1/$e1")" ] && [ "$(stat -c %a "$c2/$e2/late")" = 555 ] \
      && [ "$(listing "$c2")" = "$e2 " ]; then
      pass "split $name: two processes extract two frames exactly as one extracts one frame (modes, links, bytes)"
    else fail "split $name" "rc=$rc2/$rc1 out=$(head -c 300 "$sp/out2") $(diff <(tree_list "$c2/$e2" 2>&1) <(tree_list "$c1/$e1" 2>&1) | head -5)"; fi
    # natively the trace shows the forks: the hash's and the tail's (under qemu, strace sees qemu, not the launcher)
    if [ ${#trace[@]} != 0 ]; then
      n=$(grep -c 'clone(' "$sp/trace-$name" || true)
      [ "$n" -ge 2 ] && pass "split $name: the hash and the tail run in child processes ($n clones)" \
        || fail "split $name: child processes" "$n clone calls: $(head -5 "$sp/trace-$name")"
    fi
    chmod -R u+w "$c2" "$c1" 2>/dev/null; rm -rf "$c2" "$c1"
  done
  # Past the hash, a tail that does not start at an entry is a writer's fault: 115, one line, nothing in the cache
  { head -c 1400000 "$sp/h.raw"; } >"$sp/h2.raw"
  { tail -c +1400001 "$sp/h.raw"; cat "$sp/t.raw"; } >"$sp/t2.raw"
  zstd -q -3 -c "$sp/h2.raw" >"$sp/bad.tree" && zstd -q -3 -c "$sp/t2.raw" >>"$sp/bad.tree"
  CODEC=2 TS=$ts write_payload "$sp/bad.payload" "$sp/bad.tree" '1=${HERMIT_ROOT}/bin/hello' '2=hello'
  mk split-bad "${host#linux-}" "$sp/bad.payload"
  err=$(HERMIT_CACHE_DIR="$work/c-splitbad" "$work/split-bad" 2>&1 >/dev/null); rc=$?
  [ $rc = 115 ] && [ "$(wc -l <<<"$err")" = 1 ] && grep -q '^hermit: cannot extract' <<<"$err" \
    && [ -z "$(listing "$work/c-splitbad")" ] \
    && pass "split: a frame that starts inside an entry: 115, one line, cache empty" \
    || fail "split: a frame that starts inside an entry" "rc=$rc err=$err cache=$(listing "$work/c-splitbad")"
  # the hash still decides first: a flipped byte in the tail's frame is 114, nothing in the cache
  cp "$work/split-two-$host" "$work/split-flip" 2>/dev/null || mk split-flip "${host#linux-}" "$sp/two.payload"
  flip_byte "$work/split-flip" $(($(stat -c %s "$work/split-flip") - 72 - 500000))
  err=$(HERMIT_CACHE_DIR="$work/c-splitflip" "$work/split-flip" 2>&1 >/dev/null); rc=$?
  [ $rc = 114 ] && grep -q 'SHA-256' <<<"$err" && [ -z "$(listing "$work/c-splitflip")" ] \
    && pass "split: a flipped byte in the tail's frame: 114, cache empty" \
    || fail "split: a flipped byte in the tail's frame" "rc=$rc err=$err cache=$(listing "$work/c-splitflip")"
  rm -rf "$sp"
else skip "split" "the zstd CLI is not installed (apt: zstd)"; fi

# ---------------------------------------------------------------------------------------------------------- CDS
# Class-data sharing (record CDS, docs/FORMAT.md): bin/jvm does with the options what the JVM does (the IT
# BuildAndRunIT checks the real JVM): with -XX:DumpLoadedClassList it writes the list, with -Xshare:dump it writes
# the archive named by -XX:SharedArchiveFile (CDS_FAIL: writes its crash report as a crashing JVM does, to stderr
# with -XX:+ErrorFileToStderr, else to hs_err_pid<N>.log in its working directory, and exits 1; CDS_SLOW: takes 2 s; CDS_LAMBDA: the list holds a lambda proxy, on which the dump
# crashes as JDK 17.0.15's does when its interface is in a signed jar), else prints its args. A dump also writes its
# arguments, one a line, to dump.argv and the JVM's option variables it was given to dump.env, in its working directory.
jvm_script() {
  printf '%s\n' '#!/bin/sh' 'for a in "$@"; do case "$a" in' \
    '-XX:DumpLoadedClassList=*) { echo java/lang/Object; [ -z "$CDS_LAMBDA" ] || echo "@lambda-proxy a/M run ()La/I;"' \
    '  echo java/lang/String; } >"${a#*=}" ;;' \
    '-XX:SharedClassListFile=*) list="${a#*=}" ;;' \
    '-XX:SharedArchiveFile=*) arch="${a#*=}" ;;' '-Xshare:dump) dump=1 ;;' \
    '-XX:+ErrorFileToStderr) report=/dev/stderr ;; esac; done' \
    'if [ -n "$dump" ]; then [ -z "$CDS_SLOW" ] || sleep 2' \
    '  printf "%s\n" "$@" >dump.argv; env | grep -E "^(JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS)=" | LC_ALL=C sort >dump.env' \
    '  [ -z "$CDS_FAIL" ] || { echo crash >"${report:-hs_err_pid$$.log}"; exit 1; }' \
    '  ! grep -q "^@lambda-proxy" "$list" || { echo crash >"${report:-hs_err_pid$$.log}"; echo partial >"$arch"; exit 134; }' \
    '  [ -z "$CDS_LAMBDA" ] || cp "$list" "${arch%/*}/dumped.lst"' \
    '  [ -z "$CDS_KEEPLIST" ] || cp "$list" "${arch%/*}/given.lst"' \
    '  head -c 6000 /dev/zero | tr "\0" A >"$arch"; echo dumped; exit 0; fi' \
    '[ -z "$SHOW_SIGIGN" ] || grep "^SigIgn:" /proc/self/status' \
    'for a in "$@"; do echo "arg:$a"; done'
}
{ printf HTR1; tree_entry 1 493 bin; tree_entry 2 493 bin/jvm "$(jvm_script)"; tree_entry 0 0 ''; } >"$work/cds.tree"
write_payload "$work/cds.payload" "$work/cds.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '5=static' '2=-Dx=1'
mk cds "${host#linux-}" "$work/cds.payload"
saved_entry=$ENTRY; payload_info "$work/cds.payload"; CE=$ENTRY; ENTRY=$saved_entry
cdsrun() { HERMIT_CACHE_DIR="$work/cdsc" "$work/cds" u 2>&1; }
cdswait() { # until no helper holds the lock (at most 10 s)
  local i; for ((i = 0; i < 100; i++)); do flock -n "$work/cdsc/$CE.cds/lock" true 2>/dev/null && return; sleep 0.1; done
}
D="$work/cdsc/$CE.cds"
rec=$(printf 'arg:-XX:DumpLoadedClassList=%s\narg:-Dx=1\narg:u' "$D/classes.lst")
use=$(printf 'arg:-XX:SharedArchiveFile=%s\narg:-Xshare:auto\narg:-Dx=1\narg:u' "$D/app.jsa")
got=$(cdsrun); cdswait
[ "$got" = "$rec" ] && [ -s "$D/app.jsa" ] && [ -s "$D/app.jsa.ok" ] && [ ! -e "$D/classes.lst" ] \
  && [ "$(ls "$D" | grep -c tmp)" = 0 ] && [ "$(stat -c %a "$D")" = 700 ] \
  && pass "CDS: the first run records its classes, the helper dumps the archive after it (no temporary file left)" \
  || fail "CDS: first run" "$got / $(ls -A "$D" | tr '\n' ' ')"
got=$(cdsrun); [ "$got" = "$use" ] && pass "CDS: the second run maps the archive, in the CDS record's place" \
  || fail "CDS: second run" "$got"
# as process 1 (a container's entrypoint, here a new pid namespace) nothing is recorded: the helper would be the
# JVM's child, never reaped, and die with the container; an archive already made is used
if [ "$(id -u)" = 0 ] && unshare -p -f true 2>/dev/null; then
  got="$(HERMIT_CACHE_DIR="$work/cdsc1" unshare -p -f "$work/cds" u 2>&1)|$(HERMIT_CACHE_DIR="$work/cdsc" unshare -p -f "$work/cds" u 2>&1)"
  [ "$got" = "$(printf 'arg:-Dx=1\narg:u')|$use" ] && [ -z "$(ls -A "$work/cdsc1/$CE.cds" 2>/dev/null)" ] \
    && pass "CDS: as process 1 no recording (no helper for the JVM to inherit); an existing archive is used" \
    || fail "CDS: as process 1" "$got / $(ls -A "$work/cdsc1/$CE.cds" 2>/dev/null | tr '\n' ' ')"
else skip "CDS: as process 1" "needs root and unshare -p"; fi
# -Xshare:on or a dynamic archive asked for in the environment need a base archive (the JDK's default one under
# java): ours, alone, when it exists; nothing, and no recording, when it does not yet
base=$(printf 'arg:-XX:SharedArchiveFile=%s\narg:-Dx=1\narg:u' "$D/app.jsa")
got="$(JAVA_TOOL_OPTIONS=-Xshare:on cdsrun)|$(JDK_JAVA_OPTIONS=-XX:ArchiveClassesAtExit=/top.jsa cdsrun)"
got2=$(HERMIT_CACHE_DIR="$work/cdsc2" JAVA_TOOL_OPTIONS=-Xshare:on "$work/cds" u 2>&1)
[ "$got" = "$base|$base" ] && [ "$got2" = "$(printf 'arg:-Dx=1\narg:u')" ] && [ ! -e "$work/cdsc2/$CE.cds/classes.lst" ] \
  && pass "CDS: -Xshare:on or -XX:ArchiveClassesAtExit in the environment get our archive as their base, alone" \
  || fail "CDS: a base archive for the user's -Xshare:on" "$got / $got2"
# the same for a run whose environment records its own class list (ours, later on the command line, would win), or
# changes what an archive must be dumped with (ZGC: no compressed oops): recorded, its archive would be the one
# every later run maps, and the JVM would skip it, silently, in the runs without those options
got="$(JAVA_TOOL_OPTIONS=-XX:DumpLoadedClassList=/mine.lst cdsrun)|$(_JAVA_OPTIONS='-Xss1m -XX:+UseZGC' cdsrun)"
got2="$(HERMIT_CACHE_DIR="$work/cdsc3" JAVA_TOOL_OPTIONS=-XX:DumpLoadedClassList=/mine.lst "$work/cds" u 2>&1)|$(\
  HERMIT_CACHE_DIR="$work/cdsc3" JDK_JAVA_OPTIONS=-XX:-UseCompressedOops "$work/cds" u 2>&1)"
[ "$got" = "$base|$base" ] && [ "$got2" = "$(printf 'arg:-Dx=1\narg:u|arg:-Dx=1\narg:u')" ] \
  && [ ! -e "$work/cdsc3/$CE.cds/classes.lst" ] \
  && pass "CDS: a run with its own class list, ZGC or no compressed oops in the environment records nothing" \
  || fail "CDS: no recording for a reshaped run" "$got / $got2"
# the user's own class-data sharing in JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS wins, as under java: no option of ours
got="$(JAVA_TOOL_OPTIONS=-Xshare:off cdsrun)|$(JDK_JAVA_OPTIONS='-Xss1m -XX:SharedArchiveFile=/mine.jsa' cdsrun)"
[ "$got" = "$(printf 'arg:-Dx=1\narg:u|arg:-Dx=1\narg:u')" ] \
  && pass "CDS: -Xshare or an archive in JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS gets no CDS option of the launcher's" \
  || fail "CDS: the user's own -Xshare" "$got"
truncate -s 100 "$D/app.jsa"
got=$(cdsrun); cdswait
[ "$got" = "$rec" ] && [ "$(stat -c %s "$D/app.jsa")" = 6000 ] && [ "$(cdsrun)" = "$use" ] \
  && pass "CDS: a truncated archive is not used, and is replaced" || fail "CDS: truncated archive" "$got"
printf 'XXXX' | dd of="$D/app.jsa" bs=1 seek=10 conv=notrunc 2>/dev/null
got=$(cdsrun); cdswait
[ "$got" = "$rec" ] && [ "$(cdsrun)" = "$use" ] && pass "CDS: an overwritten header is not used, and is replaced" \
  || fail "CDS: overwritten archive" "$got"
rm -rf "$work/cdsc" "$work/cds-cwd"; mkdir "$work/cds-cwd"
got=$(cd "$work/cds-cwd" && CDS_FAIL=1 cdsrun); cdswait
[ "$got" = "$rec" ] && [ -e "$D/failed" ] && [ ! -e "$D/app.jsa" ] && [ "$(ls "$D" | grep -c tmp)" = 0 ] \
  && [ "$(cdsrun)" = "$(printf 'arg:-Dx=1\narg:u')" ] \
  && pass "CDS: a failed dump leaves no archive, and later runs neither record nor retry" || fail "CDS: failed dump" "$got"
[ -z "$(ls -A "$work/cds-cwd")" ] && ! ls "$D" | grep -q '^hs_err_pid' && grep -qx crash "$D/dump.log" \
  && pass "CDS: a crashing dump's report goes into <entry>.cds/dump.log (-XX:+ErrorFileToStderr), not a file of its own, nor the run's directory" \
  || fail "CDS: the dump's working directory" "run's directory: $(ls -A "$work/cds-cwd" | tr '\n' ' '); $D: $(ls -A "$D" | tr '\n' ' ')"
rm -rf "$work/cdsc"
got=$(CDS_LAMBDA=1 cdsrun); cdswait
[ "$got" = "$rec" ] && [ -s "$D/app.jsa" ] && [ ! -e "$D/failed" ] && [ "$(cdsrun)" = "$use" ] \
  && [ "$(cat "$D/dumped.lst")" = "$(printf 'java/lang/Object\njava/lang/String')" ] \
  && [ "$(ls "$D" | grep -c tmp)" = 0 ] \
  && pass "CDS: a dump that crashes on the list's lambda proxies is made again without them" \
  || fail "CDS: lambda proxies dropped" "$got / $(ls -A "$D" | tr '\n' ' ') / $(cat "$D/dumped.lst" 2>&1)"
rm -rf "$work/cdsc"
got=$(CDS_FAIL=1 cdsrun); cdswait
rm -rf "${work:?}/cdsc/$CE"; got=$(cdsrun); cdswait
[ "$got" = "$rec" ] && [ ! -e "$D/failed" ] && [ "$(cdsrun)" = "$use" ] \
  && pass "CDS: a failed dump is retried once for a new extraction of the entry" || fail "CDS: failed, re-extracted" "$got"
rm -rf "$work/cdsc"
start=$(date +%s%N); got=$(CDS_SLOW=1 cdsrun); took=$((($(date +%s%N) - start) / 1000000)); cdswait
[ "$got" = "$rec" ] && [ "$took" -lt 1500 ] && [ -s "$D/app.jsa" ] \
  && pass "CDS: the run does not wait for the dump, nor does its caller's pipe (${took} ms)" \
  || fail "CDS: the dump is detached" "$took ms, $got"
rm -rf "$work/cdsc"
got=$(HERMIT_CDS=off cdsrun); [ "$got" = "$(printf 'arg:-Dx=1\narg:u')" ] && [ ! -e "$D" ] \
  && pass "CDS: HERMIT_CDS=off adds no option and writes nothing" || fail "CDS: HERMIT_CDS=off" "$got"
# a run started with fds 0-2 closed: the launcher's own descriptors (the list's, kept for the JVM; the helper's
# directory) must not take their numbers, or the app's output goes into the class list and the dump fails
rm -rf "$work/cdsc"
(CDS_KEEPLIST=1 HERMIT_CACHE_DIR="$work/cdsc" "$work/cds" u <&- >&- 2>&-); cdswait
[ -s "$D/app.jsa" ] && [ "$(cat "$D/given.lst" 2>&1)" = "$(printf 'java/lang/Object\njava/lang/String')" ] \
  && [ "$(cdsrun)" = "$use" ] \
  && pass "CDS: a first run with stdin, stdout and stderr closed records only classes, and its archive is made" \
  || fail "CDS: fds 0-2 closed" "$(ls -A "$D" | tr '\n' ' ') / $(cat "$D/given.lst" 2>&1 | head -3)"
rm -rf "$work/cdsc"
(CDS_KEEPLIST=1 HERMIT_CACHE_DIR="$work/cdsc" "$work/cds" u <&-) >/dev/null 2>&1; cdswait
[ -s "$D/app.jsa" ] && pass "CDS: a first run with stdin closed gets its archive" \
  || fail "CDS: stdin closed" "$(ls -A "$D" | tr '\n' ' ')"
# a cold run ignores SIGXFSZ for its own writes; the program gets the disposition the launcher was given
xfsz() { local l; l=$(grep "^SigIgn:"); (( 16#${l##*[[:space:]]} & 0x1000000 )) && echo ignored || echo default; }
coldsig() { rm -rf "$work/cdsx"; SHOW_SIGIGN=1 HERMIT_CDS=off HERMIT_CACHE_DIR="$work/cdsx" "$work/cds" u 2>&1 | xfsz; }
got="$(coldsig)|$(trap '' XFSZ; coldsig)"
[ "$got" = "default|ignored" ] && pass "SIGXFSZ reaches the program as the launcher was given it (default, ignored)" \
  || fail "SIGXFSZ restored for the program" "$got"
# 8 concurrent first runs, 20 times over: every run runs, one records, one archive (a race that let a second run
# record, in 1 of 4 rounds, was caught this way)
bad=""
for round in $(seq 20); do
  rm -rf "$work/cdsc"
  for i in 1 2 3 4 5 6 7 8; do (cdsrun >"$work/cds-par.$i") & done; wait; cdswait
  ok=1; n_rec=0
  for i in 1 2 3 4 5 6 7 8; do
    o=$(cat "$work/cds-par.$i"); [ "$o" = "$rec" ] && n_rec=$((n_rec + 1))
    [ "$o" = "$rec" ] || [ "$o" = "$(printf 'arg:-Dx=1\narg:u')" ] || [ "$o" = "$use" ] || ok=0
  done
  [ $ok = 1 ] && [ $n_rec = 1 ] && [ "$(cdsrun)" = "$use" ] && [ "$(ls "$D" | grep -c tmp)" = 0 ] \
    || bad+=" round $round: $n_rec recorders, outputs ok=$ok;"
done
[ -z "$bad" ] && pass "CDS: 8 concurrent first runs, 20 times: all run, one records, one archive" \
  || fail "CDS: concurrent first runs" "$bad"
# an entry extracted afresh drops the archives of the one before (they name jars of other mtimes)
rm -rf "$work/cdsc/$CE"; got=$(cdsrun); cdswait
[ "$got" = "$rec" ] && pass "CDS: a new extraction starts without the old entry's archive" || fail "CDS: re-extraction" "$got"
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  export CE
  rm -rf "$D"
  got=$(ns 'mount --bind -o ro "$work/cdsc" "$work/cdsc" && HERMIT_CACHE_DIR="$work/cdsc" "$work/cds" u' 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(printf 'arg:-Dx=1\narg:u')" ] && [ ! -e "$D" ] \
    && pass "CDS: a read-only cache runs without an archive, writes nothing" || fail "CDS: read-only cache" "rc=$rc $got"
else skip "CDS: read-only cache" "needs root and unshare -m"; fi
# The dumping JVM is given neither the options (baked ARGs, or in JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS and
# _JAVA_OPTIONS) that make a JVM write or act outside <entry>.cds (the run's gc log, which the dump's would replace,
# an agent, which fails every dump, a debugger's port) nor, when such a variable has quotes, the variable; the
# options the archive depends on (heap, GC) stay. The run itself gets every option.
write_payload "$work/cdsopt.payload" "$work/cds.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '5=static' \
  "2=-Xlog:gc*:file=$work/gc.log" '2=-XX:+UseSerialGC' '2=-javaagent:agent.jar' \
  '2=-agentlib:jdwp=transport=dt_socket,server=y,address=5005' '2=-XX:ErrorFile=/x/hs_err.log' '2=-Dx=1'
mk cdsopt "${host#linux-}" "$work/cdsopt.payload"
saved_entry=$ENTRY; payload_info "$work/cdsopt.payload"; OE=$ENTRY; ENTRY=$saved_entry
O="$work/cdso/$OE.cds"
optrun() { # optrun VAR=VALUE...: a first run (fresh cache) with those variables, then waits for its dump
  local i
  rm -rf "$work/cdso"
  env "$@" HERMIT_CACHE_DIR="$work/cdso" "$work/cdsopt" u 2>&1
  for ((i = 0; i < 100; i++)); do flock -n "$O/lock" true 2>/dev/null && break; sleep 0.1; done
}
got=$(optrun JAVA_TOOL_OPTIONS='-Xmx64m -Xlog:gc:file=/x/gc.log' JDK_JAVA_OPTIONS=-javaagent:b.jar \
  _JAVA_OPTIONS='-Dq="a b" -agentpath:/x.so')
[ "$got" = "$(printf 'arg:%s\n' "-XX:DumpLoadedClassList=$O/classes.lst" "-Xlog:gc*:file=$work/gc.log" -XX:+UseSerialGC \
  -javaagent:agent.jar -agentlib:jdwp=transport=dt_socket,server=y,address=5005 -XX:ErrorFile=/x/hs_err.log -Dx=1 u)" ] \
  && [ "$(cat "$O/dump.argv" 2>&1)" = "$(printf '%s\n' -Xshare:dump "-XX:SharedClassListFile=$O/classes.lst" \
    "-XX:SharedArchiveFile=$O/app.jsa.tmp" -XX:+ErrorFileToStderr -XX:+UseSerialGC -Dx=1)" ] \
  && [ "$(cat "$O/dump.env" 2>&1)" = "JAVA_TOOL_OPTIONS=-Xmx64m" ] && [ -s "$O/app.jsa" ] \
  && pass "CDS: the dump gets no -Xlog, agent, ErrorFile option, baked or in the variables; the run gets them all" \
  || fail "CDS: the dump's options" "run: $(tr '\n' ' ' <<<"$got") dump: $(tr '\n' ' ' <"$O/dump.argv") env: $(tr '\n' ' ' <"$O/dump.env")"
got=$(optrun JAVA_TOOL_OPTIONS=$'-Xss1m\t-Dcom.sun.management.jmxremote.port=9999  -XX:StartFlightRecording -Xms8m' \
  _JAVA_OPTIONS='-Dq="a b"' JDK_JAVA_OPTIONS='-Xrunjdwp:server=y -Xdebug')
[ "$(cat "$O/dump.env" 2>&1)" = "$(printf '%s\n' 'JAVA_TOOL_OPTIONS=-Xss1m -Xms8m' '_JAVA_OPTIONS=-Dq="a b"')" ] \
  && pass "CDS: the dump's option variables keep their other options (split at white space; one with quotes, kept whole)" \
  || fail "CDS: the dump's option variables" "$(tr '\n' ' ' <"$O/dump.env")"
# under HERMIT_EMULATOR the dump runs through the emulator as the program does (a foreign JVM cannot be exec'd
# directly): a stand-in emulator logs what it is given and runs it
printf '%s\n' '#!/bin/sh' 'echo "$*" >>"$EMU_LOG"' 'exec "$@"' >"$work/fake-emu" && chmod 755 "$work/fake-emu"
rm -rf "$work/cdsc"
got=$(EMU_LOG="$work/emu.log" HERMIT_EMULATOR="$work/fake-emu" cdsrun); cdswait
again=$(EMU_LOG="$work/emu.log" HERMIT_EMULATOR="$work/fake-emu" cdsrun)
[ "$got" = "$rec" ] && [ "$again" = "$use" ] && grep -q "^$work/cdsc/$CE/bin/jvm -XX:DumpLoadedClassList=" "$work/emu.log" \
  && grep -q "^$work/cdsc/$CE/bin/jvm -Xshare:dump -XX:SharedClassListFile=" "$work/emu.log" && [ ! -e "$D/failed" ] \
  && pass "CDS: under HERMIT_EMULATOR the dump runs through the emulator too, and the next run uses the archive" \
  || fail "CDS: under HERMIT_EMULATOR" "$got / $again / $(cat "$work/emu.log" 2>/dev/null) / $(ls "$D")"
# every arch's helper (its clone, wait4, setsid, dup3 numbers; s390x's clone takes the stack first), through qemu
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  [ "$name" = "$host" ] && continue
  runner "$name" || { skip "CDS $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
  cat "$out/$name" "$work/cds.payload" >"$work/cds-$name" && chmod 755 "$work/cds-$name"
  A="$work/cdsa-$name/$CE.cds"
  got=$(HERMIT_CACHE_DIR="$work/cdsa-$name" "${run[@]}" "$work/cds-$name" u 2>&1)
  for ((i = 0; i < 100; i++)); do flock -n "$A/lock" true 2>/dev/null && break; sleep 0.1; done
  got2=$(HERMIT_CACHE_DIR="$work/cdsa-$name" "${run[@]}" "$work/cds-$name" u 2>&1)
  [ "$got" = "$(printf 'arg:-XX:DumpLoadedClassList=%s\narg:-Dx=1\narg:u' "$A/classes.lst")" ] \
    && [ "$got2" = "$(printf 'arg:-XX:SharedArchiveFile=%s\narg:-Xshare:auto\narg:-Dx=1\narg:u' "$A/app.jsa")" ] \
    && pass "CDS $name: records, the helper dumps, the next run uses it" || fail "CDS $name" "$got / $got2"
done
write_payload "$work/cdsbad.payload" "$work/cds.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '5=dynamic'
mk cdsbad "${host#linux-}" "$work/cdsbad.payload"
e=$(HERMIT_CACHE_DIR="$work/cdsc" "$work/cdsbad" 2>&1); rc=$?
[ $rc = 113 ] && grep -q 'unknown CDS mode' <<<"$e" && pass "CDS: an unknown mode is a malformed manifest (113)" \
  || fail "CDS: unknown mode" "rc=$rc $e"
write_payload "$work/cdsbad.payload" "$work/cds.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '5=static' '5=static'
mk cdsbad "${host#linux-}" "$work/cdsbad.payload"
e=$(HERMIT_CACHE_DIR="$work/cdsc" "$work/cdsbad" 2>&1); rc=$?
[ $rc = 113 ] && grep -q 'more than one CDS' <<<"$e" && pass "CDS: two CDS records: 113" || fail "CDS: two records" "rc=$rc $e"

# ---------------------------------------------------------------------------------------------------------- HOME
# Record HOME (docs/FORMAT.md): -Duser.home=$HOME in its place when /etc/passwd names no home for the uid (an
# arbitrary uid here: setpriv; HermeticIT checks Java 17 in an empty root), HOME is set, and no JVM option variable
# sets user.home. bin/jvm (the CDS section's) prints its arguments.
write_payload "$work/home.payload" "$work/cds.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '6=env' '2=-Dx=1'
mk homerec "${host#linux-}" "$work/home.payload"
homerun() { env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS HERMIT_CDS=off "$@" 2>&1; }
as_uid() { homerun setpriv --reuid="$uid" --regid="$uid" --clear-groups env "$@"; }
uid=$(awk -F: 'BEGIN { u = 4242 } { seen[$3] = 1 } END { while (u in seen) u++; print u }' /etc/passwd)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 711 "$work" && mkdir -m 755 "$work/homeu" && cp "$work/homerec" "$work/homeu/home" && chown -R "$uid" "$work/homeu"
  got=$(as_uid HOME=/data HERMIT_CACHE_DIR="$work/homeu/c" "$work/homeu/home" u)
  [ "$got" = "$(printf 'arg:-Duser.home=/data\narg:-Dx=1\narg:u')" ] \
    && pass "HOME: a uid /etc/passwd does not name gets -Duser.home=\$HOME, in the record's place" \
    || fail "HOME: a uid without a passwd line" "$got"
  got=$(as_uid -u HOME HERMIT_CACHE_DIR="$work/homeu/c" "$work/homeu/home" u)
  [ "$got" = "$(printf 'arg:-Dx=1\narg:u')" ] && pass "HOME: no HOME, no option" || fail "HOME: no HOME" "$got"
  for v in JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS; do
    got=$(as_uid HOME=/data "$v=-Xss1m -Duser.home=/mine" HERMIT_CACHE_DIR="$work/homeu/c" "$work/homeu/home" u)
    [ "$got" = "$(printf 'arg:-Dx=1\narg:u')" ] && pass "HOME: $v setting user.home keeps it (no option that would override it)" \
      || fail "HOME: $v" "$got"
  done
else skip "HOME: a uid without a passwd line" "needs root and setpriv"; fi
got=$(homerun env HOME=/data HERMIT_CACHE_DIR="$work/homec" "$work/homerec" u)
if grep -qE "^[^:]*:[^:]*:$(id -u):[^:]*:[^:]*:[^:][^:]+:" /etc/passwd; then
  [ "$got" = "$(printf 'arg:-Dx=1\narg:u')" ] && pass "HOME: a uid /etc/passwd names a home for gets no option" \
    || fail "HOME: a uid with a passwd line" "$got"
else skip "HOME: a uid with a passwd line" "/etc/passwd names no home for uid $(id -u)"; fi
write_payload "$work/homebad.payload" "$work/cds.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '6=passwd'
mk homebad "${host#linux-}" "$work/homebad.payload"
e=$(HERMIT_CACHE_DIR="$work/homec" "$work/homebad" 2>&1); rc=$?
[ $rc = 113 ] && grep -q 'unknown HOME mode' <<<"$e" && pass "HOME: an unknown mode is a malformed manifest (113)" \
  || fail "HOME: unknown mode" "rc=$rc $e"

# ---------------------------------------------------------------------------------------------------------- MTIME
# Record MTIME (docs/FORMAT.md): every extracted file gets that modification time (futimens: each arch's
# utimensat number and timespec); without one, the extraction's own.
{ printf HTR1; tree_entry 1 493 bin; tree_entry 2 493 bin/jvm "$(jvm_script)"; tree_entry 1 493 data
  tree_entry 2 420 data/f.txt "x"; tree_entry 2 384 data/empty; tree_entry 0 0 ''; } >"$work/mtime.tree"
write_payload "$work/mtime.payload" "$work/mtime.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '7=1234567890'
payload_info "$work/mtime.payload"
for t in "${TARGETS[@]}"; do
  read -r name _ <<<"$t"
  runner "$name" || { skip "MTIME $name" "${run[0]} not installed (apt: qemu-user-static)"; continue; }
  mk "mtime-$name" "${name#linux-}" "$work/mtime.payload"
  got=$(HERMIT_CDS=off HERMIT_CACHE_DIR="$work/mtimec-$name" "${run[@]}" "$work/mtime-$name" u 2>&1); rc=$?
  e="$work/mtimec-$name/$ENTRY"
  times=$(stat -c %Y "$e/data/f.txt" "$e/data/empty" "$e/bin/jvm" 2>&1 | tr '\n' ' ')
  [ $rc = 0 ] && [ "$got" = "arg:u" ] && [ "$times" = "1234567890 1234567890 1234567890 " ] \
    && pass "MTIME $name: every extracted file has the record's time" || fail "MTIME $name" "rc=$rc $got / $times"
done
write_payload "$work/nomtime.payload" "$work/mtime.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm'
payload_info "$work/nomtime.payload"
mk nomtime "${host#linux-}" "$work/nomtime.payload"
before=$(date +%s)
got=$(HERMIT_CDS=off HERMIT_CACHE_DIR="$work/nomtimec" "$work/nomtime" 2>&1); rc=$?
t=$(stat -c %Y "$work/nomtimec/$ENTRY/data/f.txt" 2>&1)
[ $rc = 0 ] && [ "$t" -ge "$before" ] 2>/dev/null && pass "MTIME: without the record, files have the extraction's time" \
  || fail "MTIME: without the record" "rc=$rc $got / $t < $before"
for v in 01 2147483648 99999999999 12a '' ' 1'; do
  write_payload "$work/mtimebad.payload" "$work/mtime.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' "7=$v"
  mk mtimebad "${host#linux-}" "$work/mtimebad.payload"
  e=$(HERMIT_CACHE_DIR="$work/mtimebadc" "$work/mtimebad" 2>&1); rc=$?
  [ $rc = 113 ] && grep -q 'MTIME is not seconds' <<<"$e" && pass "MTIME: '$v' is a malformed manifest (113)" \
    || fail "MTIME: '$v'" "rc=$rc $e"
done
write_payload "$work/mtimebad.payload" "$work/mtime.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '7=1' '7=2'
mk mtimebad "${host#linux-}" "$work/mtimebad.payload"
e=$(HERMIT_CACHE_DIR="$work/mtimebadc" "$work/mtimebad" 2>&1); rc=$?
[ $rc = 113 ] && grep -q 'more than one MTIME' <<<"$e" && pass "MTIME: two records: 113" || fail "MTIME: two records" "rc=$rc $e"
write_payload "$work/mtime0.payload" "$work/mtime.tree" '1=${HERMIT_ROOT}/bin/jvm' '2=jvm' '7=2147483647'
payload_info "$work/mtime0.payload"
mk mtime0 "${host#linux-}" "$work/mtime0.payload"
got=$(HERMIT_CDS=off HERMIT_CACHE_DIR="$work/mtime0c" "$work/mtime0" 2>&1); rc=$?
[ $rc = 0 ] && [ "$(stat -c %Y "$work/mtime0c/$ENTRY/data/f.txt")" = 2147483647 ] \
  && pass "MTIME: 2^31-1, the largest, is set" || fail "MTIME: 2^31-1" "rc=$rc $got"

# ---------------------------------------------------------------------------------------------------------- PID 1
# As process 1 (a container's entrypoint without an init) a first run seals its entry itself: a detached sealer
# would be re-parented to the program, which never reaps it (a zombie for the container's life). The program lists
# its children with a shell builtin (no child of its own).
{ printf HTR1; tree_entry 1 493 bin
  tree_entry 2 493 bin/kids "$(printf '#!/bin/sh\nf=/proc/$$/task/$$/children\n[ -r "$f" ] || { echo nofile; exit 0; }\nread -r k <"$f"\necho "pid:$$ children:[$k]"\n')"
  tree_entry 0 0 ''; } >"$work/pid1.tree"
write_payload "$work/pid1.payload" "$work/pid1.tree" '1=${HERMIT_ROOT}/bin/kids' '2=kids'
mk pid1 "${host#linux-}" "$work/pid1.payload"
if [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc true 2>/dev/null; then
  got=$(HERMIT_CACHE_DIR="$work/pid1c" unshare --pid --fork --mount-proc "$work/pid1" 2>&1); rc=$?
  if [ "$got" = nofile ]; then skip "PID 1: no zombie sealer" "this kernel has no /proc/PID/task/TID/children"
  else
    [ $rc = 0 ] && [ "$got" = "pid:1 children:[]" ] && payload_info "$work/pid1.payload" \
      && [ -f "$work/pid1c/$ENTRY/.hermit-complete" ] \
      && pass "PID 1: a first run seals its entry itself, leaving the program no child (a zombie sealer before)" \
      || fail "PID 1: a first run's sealer" "rc=$rc $got"
  fi
else skip "PID 1: no zombie sealer" "needs root and unshare --pid"; fi

# The mutation loop: seeded, so a failure reproduces; ZSTD_FUZZ_ITERATIONS makes a longer run. A crash leaves its
# input in $work/fuzz-last.zst: it becomes a fixture in test/zstd-fixtures/ (decoded once here on every run).
fz="$work/zstd_fuzz"
if command -v zstd >/dev/null && "$CC" -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -o "$fz" \
  "$here/test/zstd_fuzz.c" "$here/src/zstd.c" 2>/dev/null; then
  f="$golden/sample-zstd.payload"
  size=$(stat -c %s "$f") tl=$(u64 "$f" $(($(stat -c %s "$f") - 56)))
  head -c $((size - 72)) "$f" | tail -c "$tl" >"$work/seed-sample.zst"
  seq 1 20000 >"$work/seed.txt"
  zstd -q -1 "$work/seed.txt" -o "$work/seed-1.zst"; zstd -q -19 "$work/seed.txt" -o "$work/seed-19.zst"
  head -c 6000 "$golden/sample-stored.payload" | zstd -q -3 --no-check -o "$work/seed-3.zst"
  fixtures=("$here"/test/zstd-fixtures/*.zst)
  [ -e "${fixtures[0]}" ] || fixtures=()
  out_fz=$(ZSTD_FUZZ_LAST="$work/fuzz-last.zst" "$fz" 1 "${ZSTD_FUZZ_ITERATIONS:-3000}" "$work"/seed-*.zst 2>&1); rc=$?
  [ $rc = 0 ] && pass "zstd mutation loop under ASan/UBSan: ${out_fz##*$'\n'}" \
    || { fail "zstd mutation loop" "rc=$rc, input kept in $work/fuzz-last.zst"; echo "$out_fz" | tail -5; cp "$work/fuzz-last.zst" /tmp/; }
  if [ ${#fixtures[@]} -gt 0 ]; then
    out_fz=$("$fz" 1 0 "${fixtures[@]}" 2>&1); rc=$?
    [ $rc = 0 ] && pass "zstd fixtures from past crashes decode or fail cleanly (${#fixtures[@]})" || fail "zstd fixtures" "$out_fz"
  fi
else skip "zstd mutation loop" "needs the zstd CLI and clang's address sanitizer for the host"; fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
