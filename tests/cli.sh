#!/bin/sh
# The command line: usage, exit codes, output files, rule errors.
. "$top_srcdir/tests/lib.sh"

expect_exit 0 "--help" -- "$FWAUDIT" --help
expect_grep "Exit codes" "$TMP/out" "--help documents exit codes"
expect_exit 0 "--version" -- "$FWAUDIT" --version
expect_grep "^fwaudit [0-9]" "$TMP/out" "--version prints the version"
expect_exit 2 "no arguments is a usage error" -- "$FWAUDIT"
expect_grep "Usage:" "$TMP/err" "usage goes to stderr"
expect_exit 2 "unknown command" -- "$FWAUDIT" frobnicate
expect_exit 2 "unknown --format" -- "$FWAUDIT" scan --format xml /
expect_exit 2 "unknown --fail-on" -- "$FWAUDIT" scan --fail-on severe /
expect_exit 2 "scan without a path" -- "$FWAUDIT" scan

# A clean tree: exit 0, nothing at or above high.
mkdir -p "$TMP/clean/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$TMP/clean/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' > "$TMP/clean/etc/shadow"
expect_exit 0 "clean rootfs exits 0" -- "$FWAUDIT" scan --no-color "$TMP/clean"
expect_grep "MO.2" "$TMP/out" "text report lists MO.2"
expect_grep "NEEDS ATTESTATION" "$TMP/out" "process requirements need attestation"

# An empty root password: exit 1 at the default --fail-on high.
mkdir -p "$TMP/bad/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$TMP/bad/etc/passwd"
printf 'root::19000:0:99999:7:::\n' > "$TMP/bad/etc/shadow"
expect_exit 1 "empty root password exits 1" -- "$FWAUDIT" scan --no-color "$TMP/bad"
# Nothing to audit exits 3 and says so (issue 19): an empty directory, an
# empty file, random bytes named .tar.gz; a CI gate checking only the exit
# code must not pass when its extraction step failed.
mkdir -p "$TMP/nothing/dir"
: > "$TMP/nothing/empty.bin"
python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(3072)))' \
    > "$TMP/nothing/fw.tar.gz"
for n in dir empty.bin fw.tar.gz; do
    expect_exit 3 "nothing to audit in $n exits 3" -- "$FWAUDIT" scan --no-color -o "$TMP/nothing.json" "$TMP/nothing/$n"
    expect_grep "nothing to audit" "$TMP/err" "$n: the message says nothing was recognised"
    json_check "$TMP/nothing.json" 'not r["scan"]["complete"] and all(q["status"] != "pass" for q in r["requirements"])' \
        "$n: incomplete, never PASS"
done
# SOURCE_DATE_EPOCH: two scans give byte-identical reports in every format (issue 19)
for k in 1 2; do
    SOURCE_DATE_EPOCH=1700000000 "$FWAUDIT" scan --fail-on none -o "$TMP/sde$k.json" -o "$TMP/sde$k.sarif" \
        -o "$TMP/sde$k.junit.xml" -o "$TMP/sde$k.html" -o "$TMP/sde$k.md" -o "$TMP/sde$k.txt" "$TMP/bad" \
        >/dev/null 2>&1
done
same=1
for e in json sarif junit.xml html md txt; do cmp -s "$TMP/sde1.$e" "$TMP/sde2.$e" || { same=0; fail "SOURCE_DATE_EPOCH: the .$e reports differ"; }; done
[ $same = 1 ] && ok "SOURCE_DATE_EPOCH: byte-identical reports in six formats"
json_check "$TMP/sde1.json" 'r["scan"]["started"] == "2023-11-14T22:13:20Z"' "SOURCE_DATE_EPOCH is the scan's time"
# A missing rule directory says which one and why (issue 19)
FWAUDIT_RULES="$TMP/no-such-rules" "$FWAUDIT" scan "$TMP/bad" >/dev/null 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && ok "a missing rule directory exits 2" || fail "a missing rule directory: exit $rc"
expect_grep "no rule directory: $TMP/no-such-rules has no requirements.json (FWAUDIT_RULES names it" "$TMP/err" \
    "the message names the directory and FWAUDIT_RULES"
if grep -q -- ':-1:' "$TMP/err"; then fail "the message still shows the parser's line -1"; else ok "no ':-1:' in the message"; fi
# `-o -` is standard output, not a file named "-" (issue 19)
( cd "$TMP" && "$FWAUDIT" scan -f json -o - -o "$TMP/also.sarif" "$TMP/bad" >"$TMP/dash.out" 2>/dev/null ); rc=$?
[ $rc -eq 1 ] && [ ! -e "$TMP/-" ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/dash.out" \
    && [ -s "$TMP/also.sarif" ] && ok "-o - writes the JSON report to standard output, beside -o file" \
    || fail "-o -: exit $rc, file '-' $( [ -e "$TMP/-" ] && echo exists || echo absent)"
# `-f md` is what `-o r.md` writes (issue 19); `txt` and `htm` too
expect_exit 1 "-f md is Markdown" -- "$FWAUDIT" scan -f md "$TMP/bad"
expect_grep '^# fwaudit: ' "$TMP/out" "-f md writes the Markdown report"
# TERM=dumb: no colour even on a terminal (script gives the scan a pty)
if command -v script >/dev/null 2>&1; then
    TERM=dumb script -qec "\"$FWAUDIT\" scan \"$TMP/bad\"" /dev/null > "$TMP/tty.out" 2>&1 || true
    if grep -q "$(printf '\033')\[" "$TMP/tty.out"; then fail "TERM=dumb still gets colour escapes"
    elif grep -q "empty password" "$TMP/tty.out"; then ok "TERM=dumb: no colour on a terminal"
    else fail "the scan on a pty printed no report: $(head -c 300 "$TMP/tty.out")"; fi
    TERM=xterm script -qec "\"$FWAUDIT\" scan \"$TMP/bad\"" /dev/null > "$TMP/tty2.out" 2>&1 || true
    grep -q "$(printf '\033')\[" "$TMP/tty2.out" && ok "a real terminal still gets colour" \
        || fail "no colour on an xterm pty"
else
    fail "script(1) is missing (bsdutils)"
fi
expect_grep "/etc/shadow:1" "$TMP/out" "finding shows path:line"
expect_exit 0 "--fail-on none exits 0 despite findings" -- "$FWAUDIT" scan --fail-on none "$TMP/bad"

# JSON to a file, written whole.
expect_exit 1 "json report to a file" -- "$FWAUDIT" scan -o "$TMP/r.json" "$TMP/bad"
json_check "$TMP/r.json" 'r["schema_version"] == 1 and findings("account-empty-password", "/etc/shadow")[0]["location"]["line"] == 1' \
    "JSON has the finding with rule, path and line"
json_check "$TMP/r.json" 'status("MO.2") == "fail" and r["scan"]["complete"] is True' \
    "JSON folds MO.2 to fail on a complete scan"
[ -z "$(ls "$TMP" | grep '\.tmp\.')" ] && ok "no temporary file left behind" || fail "temporary file left"

# Output that cannot be written: error exit, no report claimed.
expect_exit 2 "unwritable output path" -- "$FWAUDIT" scan -o "$TMP/no/such/dir/r.json" "$TMP/bad"
if [ -w /dev/full ]; then
    expect_exit 2 "full disk on stdout is an error" -- sh -c "\"$FWAUDIT\" scan --fail-on none \"$TMP/bad\" > /dev/full"
fi

# Unreadable input: exit 3 and a report that says what could not be read.
expect_exit 3 "missing input exits 3" -- "$FWAUDIT" scan -f json "$TMP/missing.bin"
json_check "$TMP/out" 'r["scan"]["complete"] is False and "missing.bin" in r["errors"][0]["where"]' \
    "report names what could not be read"
json_check "$TMP/out" 'all(q["status"] != "pass" for q in r["requirements"])' \
    "a partial scan never claims PASS"

# Damaged archive: exit 3.
printf '\037\213\010\000garbage' > "$TMP/broken.tar.gz"
expect_exit 3 "damaged archive exits 3" -- "$FWAUDIT" scan "$TMP/broken.tar.gz"

# Rule errors are exit 2 with file:line.
mkdir -p "$TMP/badrules"
printf 'rule x-bad\n  requires MO.99\n  severity high\nend\n' > "$TMP/badrules/bad.rules"
expect_exit 2 "rule with an unknown requirement ID does not load" -- "$FWAUDIT" scan --rules "$TMP/badrules" "$TMP/clean"
expect_grep "bad.rules:2" "$TMP/err" "rule error names file:line"
expect_exit 2 "rules lint rejects it too" -- "$FWAUDIT" rules lint "$TMP/badrules"

# A user's rule directory adds rules.
mkdir -p "$TMP/myrules"
cat > "$TMP/myrules/site.rules" <<'EOF'
rule site-debug-flag
  requires MO.1
  severity medium
  title    Debug mode enabled in the site configuration
  fix      Ship with debug=0.
  path     /etc/**
  content  text
  pattern  ^debug=1$
  must-match at /etc/site.conf "debug=1\n"
  must-not-match at /etc/site.conf "debug=0\n"
end
EOF
printf 'debug=1\n' > "$TMP/clean/etc/site.conf"
expect_exit 0 "medium finding below --fail-on high exits 0" -- "$FWAUDIT" scan --rules "$TMP/myrules" -f json "$TMP/clean"
json_check "$TMP/out" 'findings("site-debug-flag", "/etc/site.conf")[0]["location"]["line"] == 1' \
    "user rule finding reported"
expect_exit 1 "--fail-on medium makes it fail" -- "$FWAUDIT" scan --rules "$TMP/myrules" --fail-on medium "$TMP/clean"
expect_exit 0 "rules list" -- "$FWAUDIT" rules list --rules "$TMP/myrules"
expect_grep "site-debug-flag" "$TMP/out" "rules list shows the user's rule"

# Hostile file names are escaped on the terminal.
mkdir -p "$TMP/esc/etc"
printf 'root::0:0:99999:7:::\n' > "$TMP/esc/etc/shadow"
printf 'x' > "$TMP/esc/etc/$(printf 'evil\033[31mname')"
expect_exit 1 "scan with an escape sequence in a name" -- "$FWAUDIT" scan --no-color -v "$TMP/esc"
if grep -q "$(printf '\033')" "$TMP/out"; then fail "raw ESC reached the terminal"; else ok "no raw ESC in the text report"; fi

finish
