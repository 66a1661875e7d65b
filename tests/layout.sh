#!/bin/sh
# layout.sh: the folders of src/ form layers (doc/architecture.md, "Layout"):
# no include cycle between folders, and each folder includes only the
# folders below it. A new include that breaks this fails here, with the
# file and line that does it.
set -eu
src="${top_srcdir:-.}/src"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fwaudit-layout.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
edges=$tmp/edges bad=$tmp/bad
: >"$edges"

# What each folder may include besides itself (a family of checks may use
# the engine, the rule language, the report, the tree and core; nothing
# includes the CLI). Families do not include each other; they may use
# checks/passwords, the shared default-password lists and cracker, which
# is no family (it registers no analyzer) and includes no family.
allowed() {
  case $1 in
    core)            echo "" ;;
    tree)            echo "core" ;;
    ruleset)         echo "core tree" ;;
    report)          echo "core tree ruleset" ;;
    input|input/formats) echo "core tree report input input/formats" ;;
    engine)          echo "core tree ruleset report" ;;
    checks)          echo "core tree ruleset report engine" ;;
    checks/passwords) echo "core tree ruleset report engine" ;;
    checks/*)        echo "core tree ruleset report engine checks/passwords" ;;
    scan)            echo "core tree ruleset report engine input checks" ;;
    cli)             echo "core tree ruleset report engine input checks scan" ;;
    *)               echo "UNKNOWN" ;;
  esac
}

# every quoted include of a project header: "from-folder to-folder file:line"
(cd "$src" && grep -rnE '^#include "[a-z_]+/' --include='*.c' --include='*.h' .) |
while IFS= read -r line; do
  file=${line%%:*}; rest=${line#*:}; lineno=${rest%%:*}
  inc=$(printf '%s' "$rest" | sed -E 's/^[0-9]+:#include "([^"]+)".*/\1/')
  from=$(dirname "${file#./}")
  to=$(dirname "$inc")
  [ -f "$src/$inc" ] || { echo "src/${file#./}:$lineno: includes $inc, which does not exist"; echo x >>"$bad"; continue; }
  [ "$from" = "$to" ] && continue
  echo "$from $to" >>"$edges"
  ok=0
  for a in $(allowed "$from"); do [ "$a" = "$to" ] && ok=1; done
  if [ $ok -eq 0 ]; then
    echo "src/${file#./}:$lineno: $from includes $to ($inc): not allowed (tests/layout.sh)"
    echo x >>"$bad"
  fi
done

# A cycle between folders, whatever the table above says (tsort reports one).
if ! sort -u "$edges" | tsort >/dev/null 2>"$tmp/cycle"; then
  cat "$tmp/cycle"; echo x >>"$bad"
fi

# The rule language includes nothing from the checks or the engine.
if grep -rnE '^#include "(checks|engine|input|scan|cli)/' "$src/ruleset"; then
  echo "src/ruleset includes the checks, engine, input, scan or CLI"; echo x >>"$bad"
fi

if [ -s "$bad" ]; then
  echo "FAIL layout: the folders of src/ include each other out of order"
  exit 1
fi
echo "ok   layout: $(sort -u "$edges" | wc -l) folder dependencies, none against the layers, no cycle"
