#!/usr/bin/env bash
# Runs .ci/run on a fresh clone of this repository with the kernel's process accounting on, then prints where the
# CPU went (bench/ci_profile.py): by kind of process, per long-lived JVM, per test class. Root only (accton).
# Usage: bench/ci-profile.sh [WORKDIR]   (default /tmp/hermit-ci-profile; installs the acct package if missing)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-/tmp/hermit-ci-profile}"
command -v accton >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q acct >/dev/null
rm -rf "$work"
mkdir -p "$work"
git clone -q "$repo" "$work/repo"
pacct="$work/pacct"
: >"$pacct"
accton "$pacct"
trap 'accton off >/dev/null' EXIT
start=$(date +%s)
rc=0
# The cores' busy time from /proc/stat every 5 s: exact, where accounting only gives each process's total at its end.
# Steal (field 9: time the hypervisor gave to other guests while ours waited) is recorded apart: runs of the same
# code differ by 5-10 % on this kind of machine, and steal tells a slower host from a heavier suite.
(while :; do awk -v t="$(date +%s)" '/^cpu /{print t, $2+$3+$4+$5+$6+$7+$8+$9, $5+$6, $9}' /proc/stat; sleep 5; done) \
  >"$work/stat" &
sampler=$!
trap 'accton off >/dev/null; kill "$sampler" 2>/dev/null || true' EXIT # an interrupted profile stops sampling too
(cd "$work/repo" && CI=true bash .ci/run 2>&1 | while IFS= read -r l; do printf '%s %s\n' "$(date +%H:%M:%S)" "$l"; done) \
  >"$work/ci.log" 2>&1 || rc=$?
accton off >/dev/null
kill "$sampler" 2>/dev/null || true
echo "ci: exit $rc in $(( $(date +%s) - start )) s; log $work/ci.log"
python3 "$repo/bench/ci_profile.py" "$pacct" "$work/ci.log"
echo
echo "cores busy per minute (UTC, from /proc/stat)"
awk -v n="$(nproc)" 'NR > 1 { m = int(t0 / 60); tot[m] += $2 - p2; idle[m] += $3 - p3 }
  { t0 = $1; p2 = $2; p3 = $3 }
  END { for (m in tot) printf "%s=%.1f\n", strftime("%H:%M", m * 60, 1), n * (tot[m] - idle[m]) / tot[m] }' \
  "$work/stat" | sort | tr '\n' ' '
echo
awk 'NR == 1 { t0 = $1; s0 = $4 } { t = $1; s = $4 } END { if (t > t0) printf "steal: %.1f CPU-s in %d s (the hypervisor'"'"'s share of these cores)\n", (s - s0) / 100, t - t0 }' \
  "$work/stat"
