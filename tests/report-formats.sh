#!/bin/sh
# Report formats end to end: SARIF (validated against the SARIF 2.1.0 schema),
# JUnit, HTML, Markdown, several -o files at once, waivers, baselines,
# profiles, the ETSI mapping, `explain` and `diff`. Each check reads what a
# CI system or a reader would: rule ids, paths, lines, statuses, exit codes.
. "$top_srcdir/tests/lib.sh"
SCHEMA="$top_srcdir/testdata/sarif-schema-2.1.0.json"

# py FILE EXPR DESCRIPTION: EXPR in Python with `d` the parsed JSON (or `t`
# the text, `x` the XML root), helpers below.
py() {
    if python3 - "$1" "$2" <<'PY'
import json, sys, re
import xml.etree.ElementTree as ET
path, expr = sys.argv[1], sys.argv[2]
t = open(path, encoding="utf-8").read()
d = x = None
try: d = json.loads(t)
except ValueError: pass
if d is None and t.startswith("<?xml"): x = ET.fromstring(t.encode())
def results(rule=None):
    return [r for r in d["runs"][0]["results"] if rule is None or r["ruleId"] == rule]
def case(req):
    return [c for c in x.iter("testcase") if c.get("name").split(" ")[0] == req][0]
def finding(rule):
    return [f for f in d["findings"] if f["rule"] == rule]
def req(i):
    return [q for q in d["requirements"] if q["id"] == i][0]
sys.exit(0 if eval(expr) else 1)
PY
    then ok "$3"; else fail "$3: $2"; fi
}

# An image with an empty root password (high), and a medium user-rule hit in a
# file whose name is markup.
mkdir -p "$TMP/img/etc" "$TMP/rules"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$TMP/img/etc/passwd"
printf 'root::19000:0:99999:7:::\n' > "$TMP/img/etc/shadow"
printf 'debug=1\n' > "$TMP/img/etc/<b>x.conf"
cat > "$TMP/rules/site.rules" <<'R'
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
R
S="$FWAUDIT scan --rules $TMP/rules"

# ---- several formats at once, each from its extension ----
expect_exit 1 "five reports at once" -- $S -o "$TMP/r.json" -o "$TMP/r.sarif" \
    -o "$TMP/r.junit.xml" -o "$TMP/r.html" -o "$TMP/r.md" "$TMP/img"
[ -s "$TMP/out" ] && fail "stdout holds something besides the reports" || ok "nothing on stdout with -o"

# ---- SARIF ----
if python3 -c 'import jsonschema' 2>/dev/null; then
    if python3 - "$SCHEMA" "$TMP/r.sarif" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
    then ok "SARIF validates against the SARIF 2.1.0 schema"; else fail "SARIF does not validate"; fi
else
    fail "python3-jsonschema is missing (.ci/install-deps installs it)"
fi
FP=$(python3 -c 'import json,sys; print([f for f in json.load(open(sys.argv[1]))["findings"] if f["rule"]=="account-empty-password"][0]["fingerprint"])' "$TMP/r.json")
py "$TMP/r.sarif" 'd["version"] == "2.1.0" and d["runs"][0]["tool"]["driver"]["name"] == "fwaudit"' "SARIF names the tool"
py "$TMP/r.sarif" 'results("account-empty-password")[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "etc/shadow"' \
    "SARIF artifact URI is the path inside the image"
py "$TMP/r.sarif" 'results("account-empty-password")[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1' \
    "SARIF region has the line"
py "$TMP/r.sarif" "results('account-empty-password')[0]['partialFingerprints']['fwaudit/v1'] == '$FP'" \
    "SARIF partialFingerprints carry the content fingerprint"
py "$TMP/r.sarif" 'results("account-empty-password")[0]["level"] == "error" and results("site-debug-flag")[0]["level"] == "warning"' \
    "SARIF levels follow severity"
py "$TMP/r.sarif" '[r for r in d["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "account-empty-password"][0]["properties"]["tags"].count("MO.2") == 1' \
    "SARIF rule carries its requirement IDs as tags"
py "$TMP/r.sarif" '"5.1" in [r for r in d["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "account-empty-password"][0]["help"]["text"]' \
    "SARIF rule help cites EN 303 645 5.1"
py "$TMP/r.sarif" 'all("\\n" not in r["help"]["text"] and "\\n" not in r["help"]["markdown"] and "\n### MO.2" in [x for x in d["runs"][0]["tool"]["driver"]["rules"] if x["id"] == "account-empty-password"][0]["help"]["markdown"] for r in d["runs"][0]["tool"]["driver"]["rules"])' \
    "SARIF rule help has real line breaks, no literal backslash-n (issue 19)"
py "$TMP/r.sarif" 'len(results()) >= 2 and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results())' \
    "SARIF: every result has region.startLine (GitHub GH1003)"
# a token inside a binary: a finding with a byte offset and no line
mkdir -p "$TMP/binimg/etc" "$TMP/binimg/usr/bin"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$TMP/binimg/etc/passwd"
printf '\177ELF\001\001\001\000\000\000ghp_R2d2C3poK9Xq7LmT4vWz8YbN1sAe5HfJ6gUi\000\000' > "$TMP/binimg/usr/bin/agent"
$FWAUDIT scan --fail-on none -o "$TMP/b.sarif" "$TMP/binimg" >/dev/null 2>&1
py "$TMP/b.sarif" 'results("github-token")[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1 and results("github-token")[0]["locations"][0]["physicalLocation"]["region"]["byteOffset"] > 0 and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in results())' \
    "SARIF: a finding in a binary has startLine 1 and its byte offset"
py "$TMP/r.sarif" 'all(not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/") and r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "IMAGEROOT" for r in results())' \
    "SARIF: every artifact URI is relative to IMAGEROOT"
py "$TMP/r.sarif" 'all(float(x["properties"]["security-severity"]) > 0 for x in d["runs"][0]["tool"]["driver"]["rules"])' \
    "SARIF: every rule has a security-severity"
py "$TMP/r.sarif" 'results("site-debug-flag")[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "etc/%3Cb%3Ex.conf"' \
    "SARIF percent-encodes a hostile file name"
py "$TMP/r.sarif" '"suppressions" not in results("account-empty-password")[0]' "no suppression without a waiver"

# ---- a data flow: SARIF codeFlows (schema-valid), JSON flow ----
mkdir -p "$TMP/cgi/etc/config" "$TMP/cgi/www/cgi-bin"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$TMP/cgi/etc/passwd"
printf 'config uhttpd main\n\toption home /www\n\toption cgi_prefix /cgi-bin\n' > "$TMP/cgi/etc/config/uhttpd"
printf '#!/bin/sh\n. /www/cgi-bin/lib.sh\nhost="$FORM_host"\ndo_ping "$host"\n' > "$TMP/cgi/www/cgi-bin/ping.cgi"
printf 'do_ping() {\n\teval "ping -c 1 $1"\n}\n' > "$TMP/cgi/www/cgi-bin/lib.sh"
expect_exit 1 "a CGI tree in SARIF and JSON" -- $FWAUDIT scan -o "$TMP/cgi.sarif" -o "$TMP/cgi.json" "$TMP/cgi"
if python3 - "$SCHEMA" "$TMP/cgi.sarif" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
then ok "SARIF with codeFlows validates against the SARIF 2.1.0 schema"; else fail "SARIF with codeFlows does not validate"; fi
py "$TMP/cgi.sarif" '[l["location"]["physicalLocation"]["artifactLocation"]["uri"] + ":" + str(l["location"]["physicalLocation"]["region"]["startLine"]) for l in results("cgi-command-injection")[0]["codeFlows"][0]["threadFlows"][0]["locations"]] == ["www/cgi-bin/ping.cgi:3", "www/cgi-bin/ping.cgi:4", "www/cgi-bin/lib.sh:2"]' \
    "SARIF codeFlows: source, call, sink in order"
py "$TMP/cgi.json" '[(s["path"], s["line"]) for s in finding("cgi-command-injection")[0]["flow"]] == [("/www/cgi-bin/ping.cgi", 3), ("/www/cgi-bin/ping.cgi", 4), ("/www/cgi-bin/lib.sh", 2)] and finding("cgi-command-injection")[0]["severity"] == "high"' \
    "JSON flow: device paths and lines, source first"

# ---- JUnit ----
# Jenkins' junit-10.xsd (testdata/junit-10.xsd, from ../shared/schemas): never fetched
if command -v xmllint >/dev/null 2>&1; then
    for j in "$TMP/r.junit.xml" "$TMP/cgi.junit.xml"; do
        [ -f "$j" ] || continue
        if xmllint --noout --schema "$top_srcdir/testdata/junit-10.xsd" "$j" 2>"$TMP/xsd.err"; then
            ok "JUnit validates against junit-10.xsd ($(basename "$j"))"
        else
            fail "JUnit does not validate against junit-10.xsd: $(cat "$TMP/xsd.err")"
        fi
    done
else
    fail "xmllint is missing (.ci/install-deps installs libxml2-utils)"
fi
py "$TMP/r.junit.xml" 'len(list(x.iter("testcase"))) == len(json.load(open(sys.argv[1].replace(".junit.xml", ".json")))["requirements"])' \
    "JUnit has one test case per requirement"
py "$TMP/r.junit.xml" 'case("MO.2").find("failure") is not None and "/etc/shadow:1" in case("MO.2").find("failure").text' \
    "JUnit MO.2 fails with the finding's location"
py "$TMP/r.junit.xml" 'case("MO.1").find("failure") is not None and "site-debug-flag" in case("MO.1").find("failure").text' \
    "JUnit MO.1 fails with the user rule's finding"
py "$TMP/r.junit.xml" 'case("MO.3").find("skipped") is not None' "JUnit: a process requirement is skipped (needs attestation)"
py "$TMP/r.junit.xml" 'int(x.get("failures")) == sum(1 for c in x.iter("testcase") if c.find("failure") is not None)' \
    "JUnit failure count matches the failing test cases"

# ---- HTML ----
expect_grep '<table id="matrix">' "$TMP/r.html" "HTML has the conformance matrix"
py "$TMP/r.html" 're.search(r"href=\"#req-MO.2\">MO.2</a>.*?st-fail", t) is not None' "HTML matrix shows MO.2 as FAIL"
py "$TMP/r.html" '"4.1 &rarr; <b>5.1</b>" in t' "HTML shows the guideline citation beside the EN clause"
expect_grep 'root::19000' "$TMP/r.html" "HTML shows the evidence excerpt"
expect_grep 'Make each individual IoT device uniquely identifiable' "$TMP/r.html" "HTML quotes the guideline's requirement"
expect_grep 'Countermeasures' "$TMP/r.html" "HTML lists countermeasures"
expect_no_grep '<b>x.conf' "$TMP/r.html" "HTML escapes a file name holding markup"
expect_grep '&lt;b&gt;x.conf' "$TMP/r.html" "the escaped name is shown"
py "$TMP/r.html" 'not re.search(r"<script|<link|src=|url\(|@import|https?://", t)' "HTML loads nothing from outside (no script, link, src, url)"

# ---- Markdown ----
expect_grep '^| MO.2 |.*FAIL' "$TMP/r.md" "Markdown table shows MO.2 FAIL"
expect_grep 'etc/\\<b\\>x\|&lt;b&gt;x.conf' "$TMP/r.md" "Markdown escapes the hostile name"

# ---- hostile bytes in a name: still valid SARIF, JUnit XML and HTML ----
mkdir -p "$TMP/evil/etc"
printf 'debug=1\n' > "$TMP/evil/etc/$(printf 'a\033[31m\377&"b')"
expect_exit 0 "scan a name with ESC, 0xFF, & and a quote" -- $S --fail-on none -o "$TMP/e.sarif" -o "$TMP/e.junit.xml" -o "$TMP/e.html" "$TMP/evil"
python3 - "$SCHEMA" "$TMP/e.sarif" <<'PY' && ok "SARIF with a hostile name validates" || fail "SARIF with a hostile name does not validate"
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
py "$TMP/e.sarif" 'results("site-debug-flag")[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "etc/a%1B%5B31m%FF%26%22b"' \
    "SARIF URI percent-encodes ESC, 0xFF, & and the quote"
py "$TMP/e.junit.xml" '"a\\x1b[31m\\xff&" + chr(34) + "b" in case("MO.1").find("failure").text' "JUnit stays well-formed and shows the escaped name"
if grep -q "$(printf '\033')" "$TMP/e.html" "$TMP/e.junit.xml"; then fail "raw ESC in HTML or JUnit"; else ok "no raw ESC in HTML or JUnit"; fi

# ---- --format to stdout, and a bad format ----
expect_exit 1 "--format sarif to stdout" -- $S --format sarif "$TMP/img"
py "$TMP/out" 'd["version"] == "2.1.0"' "stdout holds only the SARIF report"
expect_exit 1 "--format json wins over a .txt extension" -- $S --format json -o "$TMP/out.txt" "$TMP/img"
py "$TMP/out.txt" 'd["schema"] == "fwaudit-report"' "the .txt file holds JSON"
expect_exit 1 "--format markdown to stdout" -- $S --format markdown "$TMP/img"
expect_grep '^## Conformance' "$TMP/out" "stdout holds the Markdown report"
expect_exit 2 "unknown format" -- $S --format pdf "$TMP/img"
expect_grep "sarif" "$TMP/err" "the error lists the formats"

# ---- ETSI mapping in JSON ----
py "$TMP/r.json" '{"cited": "4.7", "clause": "5.7", "title": "Ensure software integrity"} in req("MO.14")["etsi"]' \
    "JSON maps the cited 4.7 to EN 303 645 5.7"
py "$TMP/r.json" 'all(e["clause"] == "5." + e["cited"][2:] for q in d["requirements"] for e in q["etsi"])' \
    "every citation 4.N maps to 5.N"

# ---- waivers ----
cat > "$TMP/waivers.json" <<W
{ "waivers": [ { "fingerprint": "$FP", "rule": "account-empty-password",
    "reason": "lab image, root locked at provisioning", "owner": "fw-team@example.com",
    "expires": "2999-12-31" } ] }
W
expect_exit 0 "a waived high finding does not fail the gate" -- $S --waivers "$TMP/waivers.json" -o "$TMP/w.json" -o "$TMP/w.sarif" -o "$TMP/w.html" -o "$TMP/w.junit.xml" "$TMP/img"
py "$TMP/w.json" 'finding("account-empty-password")[0]["waiver"]["state"] == "waived" and finding("account-empty-password")[0]["waiver"]["owner"] == "fw-team@example.com"' \
    "JSON keeps the waived finding, marked waived with its owner"
py "$TMP/w.json" 'req("MO.2")["status"] != "fail" and req("MO.2")["status"] != "pass" and req("MO.2")["accepted"] == 1' \
    "a requirement with only a waived finding is neither FAIL nor PASS"
py "$TMP/w.json" 'd["summary"]["findings"]["high"] == 0 and d["summary"]["findings_waived"] == 1' "summary counts it as waived"
py "$TMP/w.sarif" 'results("account-empty-password")[0]["suppressions"][0]["status"] == "accepted" and "lab image" in results("account-empty-password")[0]["suppressions"][0]["justification"]' \
    "SARIF marks it as an accepted suppression with the reason"
python3 - "$SCHEMA" "$TMP/w.sarif" <<'PY' && ok "SARIF with suppressions validates" || fail "SARIF with suppressions does not validate"
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
expect_grep 'b-waived' "$TMP/w.html" "HTML shows the waived finding"
py "$TMP/w.junit.xml" 'case("MO.2").find("failure") is None and "WAIVED" in case("MO.2").find("system-out").text' \
    "JUnit: MO.2 does not fail and lists the waived finding"
expect_exit 0 "text report with a waiver" -- $S --no-color --waivers "$TMP/waivers.json" "$TMP/img"
expect_grep 'WAIVED until 2999-12-31 by fw-team@example.com' "$TMP/out" "text report shows the waiver"

sed 's/2999-12-31/2001-01-31/' "$TMP/waivers.json" > "$TMP/expired.json"
expect_exit 1 "an expired waiver stops suppressing" -- $S --waivers "$TMP/expired.json" -o "$TMP/x.json" "$TMP/img"
expect_grep "expired" "$TMP/err" "stderr says the waiver expired"
py "$TMP/x.json" 'finding("account-empty-password")[0]["waiver"]["state"] == "expired" and req("MO.2")["status"] == "fail"' \
    "JSON marks it expired and MO.2 fails again"

printf '{ "waivers": [ { "fingerprint": "%s", "reason": "x", "expires": "2999-12-31" } ] }\n' "$FP" > "$TMP/noowner.json"
expect_exit 2 "a waiver without an owner is a usage error" -- $S --waivers "$TMP/noowner.json" "$TMP/img"
expect_grep 'waivers\[0\]: "owner"' "$TMP/err" "the error names the waiver and the field"
expect_exit 2 "a missing waiver file is a usage error" -- $S --waivers "$TMP/none.json" "$TMP/img"

# ---- baselines ----
cp "$TMP/r.json" "$TMP/base.json"
expect_exit 0 "same image against its baseline: nothing new" -- $S --baseline "$TMP/base.json" -o "$TMP/b0.json" "$TMP/img"
py "$TMP/b0.json" 'all(f["baseline"] == "unchanged" for f in d["findings"]) and d["summary"]["baseline"]["new"] == 0' \
    "every finding is unchanged"
# A new empty-password account, and the debug flag fixed; the root line moves down.
printf 'admin::19000:0:99999:7:::\nroot::19000:0:99999:7:::\n' > "$TMP/img/etc/shadow"
printf 'admin:x:1000:1000::/:/bin/sh\nroot:x:0:0:root:/root:/bin/sh\n' > "$TMP/img/etc/passwd"
rm "$TMP/img/etc/<b>x.conf"
expect_exit 1 "a new high finding fails against the baseline" -- $S --baseline "$TMP/base.json" -o "$TMP/b1.json" -o "$TMP/b1.sarif" "$TMP/img"
py "$TMP/b1.json" "[f['baseline'] for f in finding('account-empty-password') if f['fingerprint'] == '$FP'] == ['unchanged']" \
    "root's finding moved a line and is still unchanged (matched by fingerprint)"
py "$TMP/b1.json" '[f["location"]["line"] for f in finding("account-empty-password") if f["baseline"] == "new"] == [1]' \
    "admin's finding is new"
py "$TMP/b1.json" '[x["rule"] for x in d["fixed"]] == ["site-debug-flag"]' "the removed debug flag is listed as fixed"
py "$TMP/b1.sarif" 'sorted(r["baselineState"] for r in results()) == ["new", "unchanged"]' \
    "SARIF baselineState says new and unchanged"
expect_exit 0 "--fail-on applies to new findings only" -- $S --baseline "$TMP/b1.json" "$TMP/img"

# ---- diff ----
expect_exit 1 "diff reports new findings (exit 1)" -- "$FWAUDIT" diff "$TMP/base.json" "$TMP/b1.json"
expect_grep '^new .*account-empty-password  /etc/shadow:1' "$TMP/out" "diff lists the new finding"
expect_grep '^fixed .*site-debug-flag' "$TMP/out" "diff lists the fixed finding"
expect_exit 0 "diff of a report with itself" -- "$FWAUDIT" diff "$TMP/base.json" "$TMP/base.json"
expect_grep '0 new, 0 fixed' "$TMP/out" "nothing changed"
expect_exit 2 "diff of a non-report" -- "$FWAUDIT" diff "$TMP/base.json" "$TMP/waivers.json"

# ---- explain ----
expect_exit 0 "explain MO.14" -- "$FWAUDIT" explain MO.14
expect_grep '^MO.14 ' "$TMP/out" "explain names the requirement"
expect_grep 'cited 4.7 *-> EN 303 645 5.7 *Ensure software integrity' "$TMP/out" "explain maps 4.7 to 5.7"
expect_grep 'Countermeasures' "$TMP/out" "explain lists countermeasures"
expect_grep 'Rules giving evidence' "$TMP/out" "explain lists the rules"
expect_exit 0 "explain HO.1" -- "$FWAUDIT" explain ho.1
expect_grep 'supplier folds it from: MO.14 MO.13 MO.1 MO.2' "$TMP/out" "explain says how the supplier profile derives HO.1"
expect_exit 2 "explain an unknown ID" -- "$FWAUDIT" explain MO.99

# ---- supplier profile: HO.1 from the device evidence ----
expect_exit 1 "supplier profile" -- $S --profile supplier -o "$TMP/s.json" "$TMP/img"
py "$TMP/s.json" 'req("HO.1")["status"] == "fail" and "MO.2 FAIL" in req("HO.1")["reason"]' \
    "supplier HO.1 fails because MO.2 fails"
py "$TMP/s.json" '"attestation" in req("HO.1")["reason"]' "HO.1 says what needs the vendor's attestation"
expect_exit 0 "manufacturer profile leaves HO.1 out" -- $S --profile manufacturer --fail-on none -o "$TMP/m.json" "$TMP/img"
py "$TMP/m.json" 'req("HO.1")["status"] == "not_applicable"' "HO.1 is not applicable to a manufacturer"

# ---- progress line: only on a terminal, never on stdout ----
expect_exit 0 "scan with stderr to a file" -- $S --fail-on none -o "$TMP/p.json" "$TMP/img"
if grep -q "$(printf '\r')" "$TMP/err"; then fail "progress line written to a non-terminal"; else ok "no progress line when stderr is not a terminal"; fi
if command -v script >/dev/null 2>&1; then
    script -qc "$FWAUDIT scan --rules $TMP/rules --fail-on none -o $TMP/p.json $TMP/img" /dev/null > "$TMP/tty" 2>&1
    expect_grep 'unpacking: .* files, .* MiB' "$TMP/tty" "progress line on a terminal"
    script -qc "$FWAUDIT scan --rules $TMP/rules --no-progress --fail-on none -o $TMP/p.json $TMP/img" /dev/null > "$TMP/tty" 2>&1
    expect_no_grep 'unpacking:' "$TMP/tty" "--no-progress turns it off"
    NO_COLOR=1 script -qc "$FWAUDIT scan --rules $TMP/rules --no-progress --fail-on none $TMP/img" /dev/null > "$TMP/tty" 2>&1
    if grep -q "$(printf '\033')\[" "$TMP/tty"; then fail "NO_COLOR still gives colours"; else ok "NO_COLOR: no colours on a terminal"; fi
    script -qc "$FWAUDIT scan --rules $TMP/rules --no-progress --fail-on none $TMP/img" /dev/null > "$TMP/tty" 2>&1
    expect_grep "$(printf '\033')\[1;31mFAIL" "$TMP/tty" "colours on a terminal otherwise"
else
    echo "SKIP progress-line checks: script(1) not installed"
fi

[ -z "$(ls "$TMP" | grep '\.tmp\.')" ] && ok "no temporary report file left behind" || fail "temporary file left"
finish
