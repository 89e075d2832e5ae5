#!/usr/bin/env bash
# Start-up, one run, alternating (round-robin, medians): hello as a hermit output, cold (empty cache) and warm
# (class-data sharing made after its first run), with --cds=off, and the extracted runtime started directly with
# the command line the launcher execs; the full JDK's own `java -cp`; a real multi-jar app from Maven Central
# (Clojure 1.12, 3 jars, 4,153 classes, running a one-line script) as a hermit output, first run and later runs,
# against the JDK's `java -cp` of the same jars, and with a short-lived-tool JIT/GC profile given as build
# options (-J); Go's static hello (Debian's golang-go) as the outside anchor. Prints sizes beside times, then the
# ratios of docs/ISSUES goal 10. Usage: bench/startup.sh [ROUNDS]   (needs: golang-go, maven; fetches Clojure
# through testdata/apps/corpus)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-15}"
work="$(mktemp -d /tmp/hermit-startup.XXXXXX)"
trap 'rm -rf "$work"' EXIT
command -v go >/dev/null || { echo "bench needs Go: apt-get install golang-go" >&2; exit 1; }
hermit=("$here/hermit")
script='(println (* 6 7))'

mvn -q -B -f "$here/testdata/apps/corpus/pom.xml" -pl clojure package dependency:copy-dependencies \
  -Dcorpus.lib="$work/lib" >/dev/null
cp="$(ls "$work"/lib/clojure/*.jar | paste -sd:)"
"${hermit[@]}" build "$here/examples/hello" -o "$work/hello" -q
"${hermit[@]}" build "$here/examples/hello" -o "$work/hello-off" --cds=off -q
"${hermit[@]}" build --main clojure.main --class-path "$work/lib/clojure/*" -o "$work/clj" -q
"${hermit[@]}" build --main clojure.main --class-path "$work/lib/clojure/*" -o "$work/clj-profile" -q \
  -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC
mkdir -p "$work/classes" "$work/go" && javac -d "$work/classes" "$here/examples/hello/Hello.java"
printf 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello") }\n' >"$work/go/main.go"
(cd "$work/go" && CGO_ENABLED=0 GOCACHE="$work/gocache" GOPATH="$work/gopath" go build -o "$work/gohello" main.go)

# the extracted runtime, started the way the launcher does it (docs/FORMAT.md), without class-data sharing
HERMIT_CDS=off HERMIT_CACHE_DIR="$work/direct" "$work/hello-off" >/dev/null
root="$(ls -d "$work"/direct/*/)" root="${root%/}" rt="$root/rt"
loader="$(ls "$rt"/lib/sys/ld-*)"
direct=(env LOCPATH="$rt/lib/sys/locale" LC_ALL=C.UTF-8 "$loader" --library-path "$rt/lib/sys:$rt/lib:$rt/lib/server"
  --argv0 "$rt/bin/java" "$rt/bin/java.real" -Dhermit.executable="$work/hello-off" -Djava.io.tmpdir=/tmp
  -jar "$root/app/hello.jar")

# a hermit output's first run: an empty cache; the helper's dump that follows is waited for, and timed apart
first() { # first NAME EXE ARGS...
  local name="$1" exe="$2" t0 t1 t2; shift 2
  rm -rf "$work/c-$name"
  t0=$(date +%s%N); HERMIT_CACHE_DIR="$work/c-$name" "$exe" "$@" >/dev/null; t1=$(date +%s%N)
  flock "$(ls -d "$work/c-$name"/*.cds)/lock" true; t2=$(date +%s%N)
  echo "$(((t1 - t0) / 1000)) $(((t2 - t1) / 1000))" >>"$work/t-$name-first"
}
timed() { # timed NAME COMMAND...: one run, microseconds appended to t-NAME
  local name="$1" t0 t1; shift
  t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000)) >>"$work/t-$name"
}
warm() { local name="$1"; shift; HERMIT_CACHE_DIR="$work/c-$name" "$@"; }

# warm-ups: fill each cache, let every helper finish
first hello "$work/hello"
first clj "$work/clj" -e "$script"
first clj-profile "$work/clj-profile" -e "$script"
HERMIT_CACHE_DIR="$work/c-off" "$work/hello-off" >/dev/null
rm -f "$work"/t-*
for ((r = 0; r < rounds; r++)); do
  first hello "$work/hello"
  timed hello-warm warm hello "$work/hello"
  timed hello-off-warm warm off "$work/hello-off"
  timed direct "${direct[@]}"
  timed jdk-hello java -cp "$work/classes" Hello
  timed go "$work/gohello"
  first clj "$work/clj" -e "$script"
  timed clj-warm warm clj "$work/clj" -e "$script"
  timed clj-profile-warm warm clj-profile "$work/clj-profile" -e "$script"
  timed jdk-clj java -cp "$cp" clojure.main -e "$script"
done

median() { sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }
med() { median <"$work/t-$1"; }
medcol() { cut -d' ' -f"$2" "$work/t-$1-first" | median; }
size() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
jdk_size="$(du -sb "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" | awk '{ printf "%.1f MB", $1 / 1e6 }')"
clj_size="$(cat "$work"/lib/clojure/*.jar | wc -c | awk '{ printf "%.1f MB", $1 / 1e6 }')"
cds_size() { awk -v b="$(stat -c %s "$(ls -d "$work/c-$1"/*.cds)/app.jsa")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }

echo "rounds: $rounds, alternating; medians in ms; $(java -version 2>&1 | head -1); $(go version)"
echo
echo "| command | size | median [ms] |"
echo "|---|---|---:|"
echo "| hello, cold (empty cache: extract, record the class list) | $(size "$work/hello") | $(medcol hello 1) |"
echo "| hello, its CDS dump after the cold run (background, detached) | archive $(cds_size hello) | $(medcol hello 2) |"
echo "| hello, warm (CDS archive) | | $(med hello-warm) |"
echo "| hello --cds=off, warm | $(size "$work/hello-off") | $(med hello-off-warm) |"
echo "| the runtime started directly (no CDS) | | $(med direct) |"
echo "| JDK 17 java -cp Hello | JDK $jdk_size | $(med jdk-hello) |"
echo "| Go static hello | $(size "$work/gohello") | $(med go) |"
echo "| Clojure -e, first run (empty cache) | $(size "$work/clj") | $(medcol clj 1) |"
echo "| Clojure, its CDS dump after the first run (background) | archive $(cds_size clj) | $(medcol clj 2) |"
echo "| Clojure -e, later runs (CDS archive) | | $(med clj-warm) |"
echo "| Clojure -e, later runs, -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC | $(size "$work/clj-profile") | $(med clj-profile-warm) |"
echo "| JDK 17 java -cp (Clojure's 3 jars) clojure.main -e | jars $clj_size | $(med jdk-clj) |"
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "| ratio | value |"
echo "|---|---:|"
echo "| hello warm ÷ JDK java -cp | $(ratio "$(med hello-warm)" "$(med jdk-hello)") |"
echo "| hello --cds=off warm ÷ JDK java -cp | $(ratio "$(med hello-off-warm)" "$(med jdk-hello)") |"
echo "| hello --cds=off warm ÷ runtime started directly (launcher overhead) | $(ratio "$(med hello-off-warm)" "$(med direct)") |"
echo "| hello cold ÷ hello warm | $(ratio "$(medcol hello 1)" "$(med hello-warm)") |"
echo "| Clojure later runs ÷ its java -cp | $(ratio "$(med clj-warm)" "$(med jdk-clj)") |"
echo "| Clojure later runs with the profile ÷ its java -cp | $(ratio "$(med clj-profile-warm)" "$(med jdk-clj)") |"
echo "| Clojure first run ÷ its java -cp | $(ratio "$(medcol clj 1)" "$(med jdk-clj)") |"
echo "| hello warm ÷ Go static hello | $(ratio "$(med hello-warm)" "$(med go)") |"
