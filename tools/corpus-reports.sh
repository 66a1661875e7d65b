#!/bin/sh
# Writes every report format for every image of a corpus into OUTDIR, with
# the scan's start time and durations blanked, so two builds can be compared
# with `diff -r` (a refactoring must leave the reports byte-identical).
#   tools/corpus-reports.sh [FWAUDIT] CORPUS OUTDIR
set -eu
fw=${FWAUDIT:-./fwaudit}
corpus=$1 out=$2
mkdir -p "$out"
find "$corpus" -type f ! -name '*.md' ! -name SHA256SUMS | LC_ALL=C sort |
while IFS= read -r img; do
  name=$(printf '%s' "${img#"$corpus"/}" | tr '/' '_')
  for fmt in json sarif junit markdown text html; do
    "$fw" scan --no-progress --no-color --jobs 1 -f "$fmt" -v "$img" \
      >"$out/$name.$fmt" 2>"$out/$name.$fmt.err" || echo "exit $?" >>"$out/$name.$fmt.err"
  done
  "$fw" keys "$img" >"$out/$name.keys" 2>&1 || echo "exit $?" >>"$out/$name.keys"
done
# Times: the start stamp and every duration, in whichever format.
find "$out" -type f -exec sed -i -E \
  -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/TIME/g' \
  -e 's/("duration_s": *)[0-9.e+-]+/\1D/g' \
  -e 's/(time=")[0-9.]+/\1D/g' \
  -e 's/[0-9]+\.[0-9]+ ?(s|ms)\b/D\1/g' {} +
