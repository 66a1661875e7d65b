# lib.sh: helpers for the shell tests. Sourced; expects FWAUDIT (the binary)
# and top_srcdir from the test environment (Makefile.am).
set -u
: "${FWAUDIT:?run through make check}"
: "${top_srcdir:?run through make check}"
passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/fwaudit-sh.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok()   { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# expect_exit CODE DESCRIPTION -- command...
expect_exit() {
    want=$1; shift; what=$1; shift; [ "$1" = "--" ] && shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$what (exit $got)"; else
        fail "$what: exit $got, wanted $want"; sed 's/^/    /' "$TMP/err" | head -20; fi
}

# expect_grep PATTERN FILE DESCRIPTION
expect_grep() {
    if grep -q -- "$1" "$2"; then ok "$3"; else fail "$3: no '$1' in $(basename "$2")"; fi
}
expect_no_grep() {
    if grep -q -- "$1" "$2"; then fail "$3: unexpected '$1' in $(basename "$2")"; else ok "$3"; fi
}

# json_check FILE PYTHON-EXPR DESCRIPTION: EXPR is evaluated with `r` the report.
json_check() {
    if python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def findings(rule=None, path=None):
    return [f for f in r["findings"] if (rule is None or f["rule"] == rule)
            and (path is None or f["location"]["path"] == path)]
def status(req):
    return [q["status"] for q in r["requirements"] if q["id"] == req][0]
ok = eval(sys.argv[2])
sys.exit(0 if ok else 1)
PY
    then ok "$3"; else fail "$3: $2"; fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
