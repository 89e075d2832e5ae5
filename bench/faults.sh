#!/usr/bin/env bash
# The launcher and its cache under faults and attack (issue 12), as figures: docs/RELIABILITY.md records a full run.
#   bench/faults.sh [--full] [LAUNCHER-DIR]
# LAUNCHER-DIR is what launcher/build.sh wrote (built into a temporary directory when absent). The default size
# fits CI (about 20 s); --full is the size recorded in docs/RELIABILITY.md. Every check prints PASS/FAIL/SKIP and
# the figures it measured; the exit status is non-zero on any failure. Root and unshare -m are needed for the
# mount cases (tmpfs, read-only, noexec, a private /tmp); they SKIP loudly otherwise.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
full=0
[ "${1:-}" = --full ] && { full=1; shift; }
work="$(mktemp -d /tmp/hermit-faults.XXXXXX)"
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
out="${1:-$work/launchers}"
[ -x "$out/linux-amd64" ] || bash "$repo/launcher/build.sh" "$out" >/dev/null || exit 1
if [ $full = 1 ]; then RACERS=32 KILLS=100 CORRUPT=1000; else RACERS=32 KILLS=12 CORRUPT=150; fi
SEED="${HERMIT_FAULTS_SEED:-12}"
RANDOM=$SEED

umask 077
export HOME="$work/home-default"
unset XDG_CACHE_HOME HERMIT_CACHE_DIR
passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }
listing() { (cd "$1" 2>/dev/null && ls -A | tr '\n' ' '); }
u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }

# The golden sample (testdata/payload/sample.md): bin/hello is a shell script printing what it was given.
p="$repo/testdata/payload/sample-deflate.payload"
L=$(stat -c %s "$out/linux-amd64")
S="$work/s" && cat "$out/linux-amd64" "$p" >"$S" && chmod 755 "$S"
size=$(stat -c %s "$S")
MLEN=$(u64 "$S" $((size - 64))) TLEN=$(u64 "$S" $((size - 56)))
HASH=$(od -An -v -t x1 -j $((size - 40)) -N 32 "$S" | tr -d ' \n') ENTRY=${HASH:0:32}
expected() { # expected CACHE ARGS...: what S prints (sample.md)
  local c="$1"; shift
  echo "hello from hermit sample"; echo "arg:--from-manifest"; echo "arg:two words"
  for a in "$@"; do echo "arg:$a"; done
  echo "env:root=$c/$ENTRY"; echo "exe:$S"
}
# the reference tree: every path, type, mode and content hash of a good entry; the extraction's id is random, so
# only its form counts (32 hex digits)
tree_sum() {
  flock -s "$1" true 2>/dev/null || true # a first run's sealer writes the marker in the background: wait for it
  (cd "$1" && find . -printf '%p %y %m %l\n' | LC_ALL=C sort \
    && find . -type f ! -path ./.hermit-extraction -exec sha256sum {} + | LC_ALL=C sort \
    && grep -cxE '[0-9a-f]{32}' .hermit-extraction) | sha256sum
}
HERMIT_CACHE_DIR="$work/ref" "$S" >/dev/null 2>&1
REF=$(tree_sum "$work/ref/$ENTRY")

# ------------------------------------------------------------------------------------------ concurrent first runs
c="$work/race"
for i in $(seq "$RACERS"); do (HERMIT_CACHE_DIR="$c" "$S" "r$i" >"$work/race.$i" 2>&1; echo $? >"$work/race.$i.rc") & done
wait
good=0
for i in $(seq "$RACERS"); do
  [ "$(cat "$work/race.$i.rc")" = 0 ] && [ "$(cat "$work/race.$i")" = "$(expected "$c" "r$i")" ] && good=$((good + 1))
done
[ $good = "$RACERS" ] && [ "$(listing "$c")" = "$ENTRY " ] && [ "$(tree_sum "$c/$ENTRY")" = "$REF" ] \
  && pass "$RACERS concurrent first runs: $good correct outputs, one cache entry, no temp left" \
  || fail "$RACERS concurrent first runs" "$good correct; cache: $(listing "$c")"

# ------------------------------------------------------------------------------------------ kill -9 at random points
# A larger deflate payload (80 files of 256 KiB of zeros: a 20 MiB tree in 20 KiB, so hashing is instant and the
# first run's time goes to extracting and syncing) so that a first run lasts long enough to be hit anywhere:
# starting, hashing, extracting, syncing, around the rename, in the program.
le() { local i; for ((i = 0; i < $1; i++)); do printf "\\x$(printf %02x $((($2 >> (8 * i)) & 255)))"; done; }
entry_hdr() { le 1 "$1"; le 1 0; le 2 "${#3}"; le 4 "$2"; le 8 "$4"; printf %s "$3"; } # TYPE MODE PATH SIZE
{
  printf HTR1
  entry_hdr 1 $((8#755)) bin 0
  body="$(printf '#!/bin/sh\necho "hello from the big sample"\n')"
  entry_hdr 2 $((8#755)) bin/hello ${#body}; printf %s "$body"
  entry_hdr 1 $((8#755)) data 0
  for i in $(seq -w 80); do entry_hdr 2 $((8#644)) "data/f$i" 262144; head -c 262144 /dev/zero; done
  entry_hdr 0 0 '' 0
} >"$work/big.tree"
gzip -n -1 -c "$work/big.tree" | tail -c +11 | head -c -8 >"$work/big.deflate" # gzip's raw deflate stream
# payload OUT CODEC TREE-AS-STORED RAW-SIZE TAG=VALUE...: launcher + manifest + tree + trailer
payload() {
  local o="$1" codec="$2" t="$3" raw="$4" r v
  shift 4
  { printf HMF1; le 4 $#; for r in "$@"; do v="${r#*=}"; le 2 "${r%%=*}"; le 2 0; le 4 ${#v}; printf %s "$v"; done; } >"$o.m"
  { le 4 2; le 4 "$codec"; le 8 "$(stat -c %s "$o.m")"; le 8 "$(stat -c %s "$t")"; le 8 "$raw"; } >"$o.f" # version 2
  PH=$(cat "$o.m" "$t" "$o.f" | sha256sum | cut -c1-64) # hashes the trailer's fields too
  { cat "$out/linux-amd64" "$o.m" "$t" "$o.f"; printf "$(sed 's/../\\x&/g' <<<"$PH")"; printf HERMITPL; } >"$o" \
    && chmod 755 "$o" && rm -f "$o.m" "$o.f"
}
payload "$work/big" 1 "$work/big.deflate" "$(stat -c %s "$work/big.tree")" '1=${HERMIT_ROOT}/bin/hello' '2=${HERMIT_ROOT}/bin/hello'
big_hash=$PH
# The same entries, of random bytes (a compressed tree of 20 MiB: zstd_split cuts only trees of 1 MiB or more), as
# two zstd frames cut before data/f41, as hermit's writer cuts the runtime: the first run decodes in two processes
# (docs/FORMAT.md, Cache 3), and a kill must leave nothing that outlives the run.
if command -v zstd >/dev/null; then
  {
    printf HTR1
    entry_hdr 1 $((8#755)) bin 0
    entry_hdr 2 $((8#755)) bin/hello ${#body}; printf %s "$body"
    entry_hdr 1 $((8#755)) data 0
    for i in $(seq -w 80); do entry_hdr 2 $((8#644)) "data/f$i" 262144; head -c 262144 /dev/urandom; done
    entry_hdr 0 0 '' 0
  } >"$work/big-random.tree"
  cut=$(( $(grep -boa 'data/f41' "$work/big-random.tree" | head -1 | cut -d: -f1) - 16 )) # its header comes first
  { head -c $cut "$work/big-random.tree" | zstd -q -1 -c
    tail -c +$((cut + 1)) "$work/big-random.tree" | zstd -q -1 -c; } >"$work/big.zst"
  payload "$work/big-zstd" 2 "$work/big.zst" "$(stat -c %s "$work/big-random.tree")" '1=${HERMIT_ROOT}/bin/hello' \
    '2=${HERMIT_ROOT}/bin/hello'
  zstd_hash=$PH
  rm -f "$work/big-random.tree"
fi
kill_loop() { # kill_loop EXE HASH WHAT
  local exe="$1" bh="$2" what="$3" BE BREF t0 t1 cold_us killed_in_tmp=0 killed_done=0 killed_before=0 bad=0 k c delay victim got rc
  BE=${bh:0:32}
  HERMIT_CACHE_DIR="$work/bigref" "$exe" >/dev/null 2>&1
  BREF=$(tree_sum "$work/bigref/$BE")
  t0=$(date +%s%N); HERMIT_CACHE_DIR="$work/bigtime" "$exe" >/dev/null 2>&1; t1=$(date +%s%N)
  cold_us=$(((t1 - t0) / 1000))
  rm -rf "$work/bigref" "$work/bigtime"
  for k in $(seq "$KILLS"); do
    c="$work/kill$k"
    delay=$((RANDOM * 32768 + RANDOM)); delay=$((delay % (cold_us * 12 / 10 + 1)))
    HERMIT_CACHE_DIR="$c" "$exe" >/dev/null 2>&1 &
    victim=$!
    sleep "$(printf '0.%06d' "$delay")"
    kill -9 "$victim" 2>/dev/null; wait "$victim" 2>/dev/null
    if ls -A "$c" 2>/dev/null | grep -q '\.tmp$'; then killed_in_tmp=$((killed_in_tmp + 1))
    elif [ -e "$c/$BE" ]; then killed_done=$((killed_done + 1))
    else killed_before=$((killed_before + 1)); fi
    got=$(HERMIT_CACHE_DIR="$c" "$exe" 2>&1); rc=$?
    if [ $rc != 0 ] || [ "$got" != "hello from the big sample" ] || [ "$(listing "$c")" != "$BE " ] \
      || [ "$(tree_sum "$c/$BE")" != "$BREF" ]; then
      bad=$((bad + 1)); echo "  kill $k after ${delay} us: rc=$rc cache: $(listing "$c")"
    fi
    rm -rf "$c"
  done
  [ $bad = 0 ] && pass "$what: $KILLS kill -9 at random points of a first run (0-$((cold_us * 12 / 10)) us; $killed_before before extracting (starting, hashing), $killed_in_tmp during extraction, $killed_done after the rename): every next run correct, tree identical, no temp left" \
    || fail "$what: kill -9 at random points" "$bad of $KILLS next runs wrong"
}
kill_loop "$work/big" "$big_hash" "deflate, one process"
if [ -n "${zstd_hash:-}" ]; then kill_loop "$work/big-zstd" "$zstd_hash" "zstd in two frames, two processes"
else skip "kill -9 during a two-process extraction" "the zstd CLI is not installed (apt: zstd)"; fi

# ------------------------------------------------------------------------------------------ corruptions
# Random single-byte corruptions (XOR with 1-255) of the deflate sample's payload (format version 2), a third each in
# the manifest, the tree and the 72 trailer bytes (the hash covers the first 32 of them). No run may start the
# program; every exit code must be 113 or 114 (docs/FORMAT.md: damaged or failing its hash); the cache stays empty.
# A trailer field other than the version, the magic or a length past the file must give 114: the hash covers it.
plen=$((size - L))
cp "$S" "$work/x"
declare -A codes=() where=()
ran=0 bad=0 dirty=0
for k in $(seq "$CORRUPT"); do
  case $((k % 3)) in
    0) off=$((RANDOM % MLEN)) ;;
    1) off=$((MLEN + (RANDOM * 32768 + RANDOM) % TLEN)) ;;
    2) off=$((plen - 72 + RANDOM % 72)) ;;
  esac
  pos=$((L + off)) x=$((RANDOM % 255 + 1))
  b=$(od -An -t u1 -j $pos -N 1 "$work/x" | tr -d ' ')
  printf "$(printf '\\%03o' $((b ^ x)))" | dd of="$work/x" bs=1 seek=$pos conv=notrunc status=none
  c="$work/corrupt"
  got=$(HERMIT_CACHE_DIR="$c" "$work/x" 2>"$work/x.err"); rc=$?
  printf "$(printf '\\%03o' "$b")" | dd of="$work/x" bs=1 seek=$pos conv=notrunc status=none
  codes[$rc]=$((${codes[$rc]:-0} + 1))
  if [ $off -lt "$MLEN" ]; then w=manifest; elif [ $off -lt $((MLEN + TLEN)) ]; then w=tree; else w=trailer; fi
  where[$w]=$((${where[$w]:-0} + 1))
  grep -q 'hello from hermit sample' <<<"$got" && ran=$((ran + 1))
  t=$((off - plen + 72)) # offset in the trailer
  if [ $rc != 113 ] && [ $rc != 114 ] || [ "$(wc -l <"$work/x.err")" != 1 ] || ! grep -q '^hermit: ' "$work/x.err" \
    || { [ $t -ge 4 ] && [ $t -lt 64 ] && [ $rc = 113 ] && ! grep -q truncated "$work/x.err"; }; then
    bad=$((bad + 1)); echo "  offset $off ($w) ^ $x: rc=$rc $(head -c 300 "$work/x.err")"
  fi
  [ -z "$(listing "$c")" ] || { dirty=$((dirty + 1)); rm -rf "$c"; }
done
cmp -s "$work/x" "$S" || fail "corruptions: the file was not restored"
summary="$(for r in "${!codes[@]}"; do printf '%s:%s ' "exit $r" "${codes[$r]}"; done)"
summary+="($(for w in manifest tree trailer; do printf '%s %s, ' "${where[$w]:-0}" "$w"; done | sed 's/, $//'))"
[ $ran = 0 ] && [ $bad = 0 ] && [ $dirty = 0 ] \
  && pass "$CORRUPT single-byte corruptions: 0 runs of the program, one hermit: line each, cache empty; $summary" \
  || fail "$CORRUPT single-byte corruptions" "$ran ran the program, $bad bad exit or message, $dirty left files; $summary"

# ------------------------------------------------------------------------------------------ messages
# ELOOP means "too many levels of symbolic links" where links are followed (an in-place launcher's root), and "is
# a symbolic link" only where O_NOFOLLOW met one (the launcher's own opens)
{ printf HTR1; entry_hdr 0 0 '' 0; } >"$work/empty.tree"
mkdir -p "$work/loop/bin" && ln -s loop2 "$work/loop/loop1" && ln -s loop1 "$work/loop/loop2"
payload "$work/loop/bin/tramp" 0 "$work/empty.tree" 20 '1=${HERMIT_ROOT}/bin/hello' '2=x' '4=../loop1'
err=$("$work/loop/bin/tramp" 2>&1); rc=$?
[ $rc = 118 ] && grep -q '^hermit: cannot find the tree .*loop1: too many levels of symbolic links)' <<<"$err" \
  && pass "a symlink loop is named as one (118), not as 'is a symbolic link'" || fail "symlink loop message" "rc=$rc $err"

# ------------------------------------------------------------------------------------------ mounts (root only)
ns() { unshare -m --propagation private bash -c "$1"; }
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  export S ENTRY work
  # a full disk at every size from nothing to almost enough: 117, one line, nothing left; inode exhaustion too
  bad=0 n=0
  for opts in size=4k size=16k size=64k size=128k size=256k size=288k nr_inodes=4 nr_inodes=8; do
    n=$((n + 1))
    r=$(ns "mount -t tmpfs -o $opts,mode=0700 tmpfs \"\$work/full\" 2>/dev/null || mkdir -p \"\$work/full\" && mount -t tmpfs -o $opts,mode=0700 tmpfs \"\$work/full\" &&
      HERMIT_CACHE_DIR=\"\$work/full\" \"\$S\" >/dev/null 2>\"\$work/full.err\"; echo \"\$? \$(ls -A \"\$work/full\" | wc -l)\"")
    if [ "$r" != "117 0" ] || [ "$(wc -l <"$work/full.err")" != 1 ] || ! grep -q '^hermit: writing the cache failed.*no space left' "$work/full.err"; then
      bad=$((bad + 1)); echo "  tmpfs $opts: rc and files left: $r; $(cat "$work/full.err")"
    fi
  done
  [ $bad = 0 ] && pass "full cache disk, $n sizes (4 KiB to 288 KiB, 4 and 8 inodes): 117, one line, nothing left" \
    || fail "full cache disk" "$bad of $n"

  # read-only cache: the next candidate; a noexec cache: the next candidate too, nothing written to it; every
  # candidate noexec (a private noexec /tmp, no HOME): 116, one line naming noexec
  mkdir -p "$work/ro" "$work/rohome"
  got=$(ns 'mount --bind -o ro "$work/ro" "$work/ro" && HERMIT_CACHE_DIR="$work/ro" HOME="$work/rohome" "$S"' 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected "$work/rohome/.cache/hermit")" ] && [ -z "$(listing "$work/ro")" ] \
    && pass "read-only cache: the next candidate (HOME) is used, nothing written" || fail "read-only cache" "rc=$rc $got"
  mkdir -p "$work/nx"
  mkdir -p "$work/nxhome"
  got=$(ns 'mount -t tmpfs -o noexec,mode=0700 tmpfs "$work/nx" && HERMIT_CACHE_DIR="$work/nx" HOME="$work/nxhome" "$S" &&
    echo "nx=[$(ls -A "$work/nx")]"' 2>&1); rc=$?
  [ $rc = 0 ] && [ "$got" = "$(expected "$work/nxhome/.cache/hermit")"$'\n'"nx=[]" ] \
    && pass "noexec cache: the next candidate (HOME) is used, nothing written to the noexec one" || fail "noexec cache" "rc=$rc $got"
  # (the executable is run through an fd opened before /tmp, which holds it, is covered)
  err=$(ns 'exec 3<"$S"; mount -t tmpfs -o noexec tmpfs /tmp && chmod 1777 /tmp &&
    env -u HERMIT_CACHE_DIR HOME=/nonexistent /proc/self/fd/3 2>&1 >/dev/null; echo "rc=$?"
    echo "left=[$(ls -A /tmp/hermit-0 2>/dev/null)]"')
  grep -q '^rc=116$' <<<"$err" && [ "$(grep -c '^hermit: ' <<<"$err")" = 1 ] && grep -q '^hermit: no usable cache .*noexec' <<<"$err" \
    && grep -q '^left=\[\]$' <<<"$err" && pass "every cache candidate noexec: 116, one line naming noexec, nothing written" \
    || fail "every cache candidate noexec" "$(tr '\n' ' ' <<<"$err")"

  # a shared /tmp prepared by another user: the fallback /tmp/hermit-<uid> is refused or avoided, never followed.
  # Each case runs in a private /tmp with no HERMIT_CACHE_DIR, XDG_CACHE_HOME or HOME, as root (uid 0) and as
  # nobody (65534); "victim" is a directory the attacker wants written to.
  shared() { # shared UID SETUP WANT-RC WANT-REGEX NAME
    local r
    r=$(ns "exec 3<\"\$S\"; mount -t tmpfs tmpfs /tmp && chmod 1777 /tmp && cat <&3 >/tmp/.s && chmod 755 /tmp/.s &&
      mkdir -m 777 /tmp/victim && U=$1 && $2 &&
      setpriv --reuid=$1 --regid=$1 --clear-groups env -i PATH=/usr/bin:/bin /tmp/.s >/tmp/out 2>/tmp/err; echo \"rc=\$?\";
      echo \"victim=\$(ls -A /tmp/victim | tr '\n' ' ')\"; cat /tmp/err" 2>&1)
    if grep -q "^rc=$3\$" <<<"$r" && grep -q '^victim=$' <<<"$r" && grep -qE "$4" <<<"$r"; then pass "shared /tmp, uid $1: $5"
    else fail "shared /tmp, uid $1: $5" "$(tr '\n' ' ' <<<"$r")"; fi
  }
  if command -v setpriv >/dev/null; then
    for u in 0 65534; do
      other=4242; [ $u = 0 ] || other=0
      shared $u 'ln -s /tmp/victim /tmp/hermit-$U' 116 'symbolic link' "a symlink to another's directory is refused"
      shared $u 'ln -s /tmp/nowhere /tmp/hermit-$U' 116 'symbolic link' "a dangling symlink is refused, nothing created"
      shared $u "mkdir -m 700 /tmp/hermit-\$U && chown $other /tmp/hermit-\$U" 116 'owned by another user|permission denied' "another user's directory is refused"
      shared $u 'mkdir -m 777 /tmp/hermit-$U && chown $U /tmp/hermit-$U' 116 'accessible to other users' "our own directory open to others is refused"
      shared $u 'touch /tmp/hermit-$U' 116 'not a directory' "a file at the path is refused"
      shared $u 'mkfifo /tmp/hermit-$U' 116 'not a directory' "a FIFO at the path is refused without blocking"
      # our own directory, with an entry planted by another user: not trusted, not used, not written into
      shared $u "mkdir -m 700 /tmp/hermit-\$U && chown \$U /tmp/hermit-\$U && mkdir -m 755 /tmp/hermit-\$U/$ENTRY &&
        printf %s $HASH >/tmp/hermit-\$U/$ENTRY/.hermit-complete && chown -R $other /tmp/hermit-\$U/$ENTRY" \
        116 'unusable entry' "an entry planted by another user is not trusted"
    done
    [ ! -e /tmp/nowhere ] || fail "shared /tmp: a dangling symlink's target was created"
  else skip "shared /tmp" "needs setpriv (util-linux) to run as another user"; fi
else
  for t in "full cache disk" "read-only and noexec cache" "shared /tmp"; do skip "$t" "needs root and unshare -m (mount namespaces)"; done
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
