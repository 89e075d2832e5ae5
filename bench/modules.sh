#!/usr/bin/env bash
# What the wider module analysis costs (docs/MODULES.md): builds apps of the test corpus with an older hermit and
# with this one, both with --codec deflate so that only the module choice differs, and prints modules and sizes.
#   bench/modules.sh OLD_REV      e.g. bench/modules.sh 3474169 (jdeps, or hermit's scan only where jdeps failed)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
old_rev=${1:?usage: bench/modules.sh OLD_REV}
work=$(mktemp -d /tmp/hermit-modules.XXXXXX)
trap 'git -C "$here" worktree remove --force "$work/old" >/dev/null 2>&1; rm -rf "$work"' EXIT

git -C "$here" worktree add -q --detach "$work/old" "$old_rev"
(cd "$work/old" && mvn -q -B -DskipTests package >/dev/null)
(cd "$here" && mvn -q -B -DskipTests package -pl cli -am >/dev/null)
mvn -q -B -f "$here/testdata/apps/corpus/pom.xml" package dependency:copy-dependencies -Dcorpus.lib="$work/lib" >/dev/null

# name, then the build arguments after INPUT (a jar in the app's folder, or --main with the folder's jars)
apps=(
  "ant|--main org.apache.tools.ant.Main --class-path $work/lib/ant/*"
  "google-java-format|$work/lib/google-java-format/google-java-format-1.24.0-all-deps.jar"
  "groovy|--main groovy.ui.GroovyMain --class-path $work/lib/groovy/*"
  "h2|--main org.h2.tools.Shell --class-path $work/lib/h2/*"
  "saxon|--main net.sf.saxon.Transform --class-path $work/lib/saxon/*"
  "derby|--main org.apache.derby.tools.ij --class-path $work/lib/derby/*"
  "pdfbox-app|--main org.apache.pdfbox.tools.PDFBox --class-path $work/lib/pdfbox-app/*"
  "hsqldb|--main org.hsqldb.cmdline.SqlTool --class-path $work/lib/hsqldb/*"
)
printf '| app | modules before → after | size before → after |\n|---|---|---|\n'
for a in "${apps[@]}"; do
  name=${a%%|*}
  read -r -a args <<<"${a#*|}"
  row=()
  for jar in "$work/old/cli/target/hermit.jar" "$here/cli/target/hermit.jar"; do
    log=$(HERMIT_JLINK_CACHE=off java -jar "$jar" build "${args[@]}" --codec deflate -o "$work/out" -v 2>&1) \
      || { echo "| $name | build failed: $(tail -1 <<<"$log") | |"; continue 2; }
    n=$(grep -m1 -o 'modules: [a-z.,]*' <<<"$log" | tr ',' '\n' | wc -l)
    row+=("$n" "$(stat -c %s "$work/out")")
  done
  awk -v n="$name" -v a="${row[0]}" -v b="${row[2]}" -v x="${row[1]}" -v y="${row[3]}" \
    'BEGIN { printf "| %s | %d → %d | %.1f → %.1f MB |\n", n, a, b, x / 1e6, y / 1e6 }'
done
