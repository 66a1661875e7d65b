#!/bin/sh
# The HTML report in a real browser: headless Chromium loads it (offline,
# nothing may be fetched), and the rendered DOM must hold the conformance
# matrix with MO.2 failing and the finding's evidence; a screenshot must come
# out. Skips (exit 77) with a message when chromium is not installed.
. "$top_srcdir/tests/lib.sh"
CHROMIUM=${CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
    for c in chromium chromium-browser google-chrome; do
        if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$(command -v "$c"); break; fi
    done
fi
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium not installed (apt-get install chromium), HTML not checked in a browser"
    exit 77
fi

mkdir -p "$TMP/img/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$TMP/img/etc/passwd"
printf 'root::19000:0:99999:7:::\n' > "$TMP/img/etc/shadow"
expect_exit 1 "HTML report" -- "$FWAUDIT" scan -o "$TMP/report.html" "$TMP/img"

chrome() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$TMP/profile" "$@" "file://$TMP/report.html"
}
chrome --dump-dom > "$TMP/dom.html" 2>"$TMP/chrome.err"
if [ ! -s "$TMP/dom.html" ]; then
    fail "chromium rendered nothing"; sed 's/^/    /' "$TMP/chrome.err" | tail -5
fi
if python3 - "$TMP/dom.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.in_matrix = 0; s.rows = []; s.cell = None; s.row = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == "table" and a.get("id") == "matrix": s.in_matrix = 1
        elif s.in_matrix and tag == "tr": s.row = []
        elif s.in_matrix and tag in ("td", "th"): s.cell = ""
    def handle_endtag(s, tag):
        if tag == "table" and s.in_matrix: s.in_matrix = 0
        elif s.in_matrix and tag in ("td", "th") and s.row is not None:
            s.row.append(s.cell.strip()); s.cell = None
        elif s.in_matrix and tag == "tr" and s.row is not None: s.rows.append(s.row); s.row = None
    def handle_data(s, d):
        if s.cell is not None: s.cell += d
p = P(); p.feed(open(sys.argv[1]).read())
rows = {r[0]: r for r in p.rows[1:]}
ok = len(rows) >= 40 and rows["MO.2"][2] == "FAIL" and rows["MO.3"][2] == "NEEDS ATTESTATION" \
     and "5.1" in rows["MO.2"][5]
print("matrix rows:", len(rows), "MO.2:", rows.get("MO.2"))
sys.exit(0 if ok else 1)
PY
then ok "the rendered DOM holds the matrix: MO.2 FAIL, MO.3 NEEDS ATTESTATION, ETSI 5.1"; else fail "matrix not as expected in the rendered DOM"; fi
expect_grep 'root::19000' "$TMP/dom.html" "the rendered page shows the evidence"

chrome --window-size=1200,1600 --screenshot="$TMP/shot.png" >/dev/null 2>"$TMP/chrome.err"
if [ -s "$TMP/shot.png" ] && [ "$(head -c 8 "$TMP/shot.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then
    ok "screenshot is a PNG"
    if [ -n "${FWAUDIT_KEEP_SCREENSHOT:-}" ]; then cp "$TMP/shot.png" "$FWAUDIT_KEEP_SCREENSHOT"; fi
else
    fail "no screenshot"
fi
finish
