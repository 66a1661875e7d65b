#!/bin/sh
# One image, three shapes: a directory, its tar.gz wrapped in a rootfs/
# folder (files stored in reverse order) and its squashfs give the same
# findings, the same device paths and the same fingerprints, so a baseline
# or a waiver written against one matches the others. The tree holds an
# ordinary finding (empty root password), a grouped one (uhttpd's two
# listen lines) and identical copies (one AWS key in two copies of a file).
. "$top_srcdir/tests/lib.sh"

R="$TMP/dir"
mkdir -p "$R/etc/config" "$R/bin" "$R/www/js" "$R/usr/lib/lua/luci"
printf 'root:x:0:0:root:/root:/bin/ash\n' > "$R/etc/passwd"
printf 'root::19000:0:99999:7:::\n' > "$R/etc/shadow"
printf '\177ELF\001\001\001' > "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
printf 'config uhttpd main\n\tlist listen_http\t0.0.0.0:80\n\tlist listen_http\t[::]:80\n\tlist listen_https\t0.0.0.0:443\n' \
    > "$R/etc/config/uhttpd"
printf 'var cloud = { key: "AKIAUJZDEGXDNCF32EPF" };\n' > "$R/www/js/cloud.js"
cp "$R/www/js/cloud.js" "$R/usr/lib/lua/luci/cloud.js"

mkdir -p "$TMP/wrap" && cp -a "$R" "$TMP/wrap/rootfs"
( cd "$TMP/wrap" && find rootfs | sort -r | tar czf "$TMP/rootfs.tar.gz" --no-recursion -T - ) \
    && ok "tar.gz with a wrapping rootfs/ folder" || fail "tar.gz"
if command -v mksquashfs >/dev/null 2>&1; then
    mksquashfs "$R" "$TMP/rootfs.sqfs" -noappend -all-root -quiet >/dev/null 2>&1 \
        && ok "squashfs of the tree" || fail "mksquashfs"
    SHAPES="dir rootfs.tar.gz rootfs.sqfs"
else
    fail "mksquashfs not installed (.ci/install-deps installs squashfs-tools)"
    SHAPES="dir rootfs.tar.gz"
fi

for s in $SHAPES; do
    expect_exit 1 "scan the $s" -- "$FWAUDIT" scan --no-color -o "$TMP/$s.json" "$TMP/$s"
done

# What a user compares: rule, fingerprint, device path, line, also-at list.
facts() {
    python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
# The whole-image findings (erase-no-routine, update-no-mechanism) are
# compared too: they sit at /etc in every shape (fw_script_ns_anchor).
for f in sorted(r["findings"], key=lambda f: (f["rule"], f["fingerprint"])):
    l = f["location"]
    also = ",".join("%s:%s" % (a["path"], a["line"]) for a in f["also_at"])
    print(f["rule"], f["fingerprint"], l["path"], l["line"], also)
PY
}
facts "$TMP/dir.json" > "$TMP/dir.facts"
grep -q '^erase-no-routine .* /etc None $' "$TMP/dir.facts" \
    && ok "a whole-image finding sits at /etc" || fail "erase-no-routine: $(grep erase "$TMP/dir.facts")"
grep -q '^account-empty-password .* /etc/shadow 1 $' "$TMP/dir.facts" \
    && ok "ordinary finding at /etc/shadow:1" || fail "no empty-password finding: $(cat "$TMP/dir.facts")"
[ "$(grep -c '^uhttpd-plain-http ' "$TMP/dir.facts")" -eq 1 ] \
    && grep -q '^uhttpd-plain-http .* /etc/config/uhttpd 2 /etc/config/uhttpd:3$' "$TMP/dir.facts" \
    && ok "uhttpd's two listen lines: one finding at line 2, also at line 3" \
    || fail "uhttpd grouping: $(grep uhttpd "$TMP/dir.facts")"
[ "$(grep -c '^aws-access-key-id ' "$TMP/dir.facts")" -eq 1 ] \
    && grep -q '^aws-access-key-id .* /usr/lib/lua/luci/cloud.js 1 /www/js/cloud.js:1$' "$TMP/dir.facts" \
    && ok "identical copies: one finding at the first path sorted, also at the copy" \
    || fail "copies: $(grep aws "$TMP/dir.facts")"
for s in $SHAPES; do
    [ "$s" = dir ] && continue
    facts "$TMP/$s.json" > "$TMP/$s.facts"
    if cmp -s "$TMP/dir.facts" "$TMP/$s.facts"; then
        ok "$s: same rules, fingerprints, device paths and also-at lists as the directory"
    else
        fail "$s differs from the directory:"; diff "$TMP/dir.facts" "$TMP/$s.facts" | sed 's/^/    /'
    fi
done
json_check "$TMP/rootfs.tar.gz.json" \
    'findings("account-empty-password")[0]["location"]["root"] == "/rootfs"' \
    "tar.gz: the wrapping folder is named apart (location.root)"

# A baseline from the directory: nothing new in the tar.gz or the squashfs.
for s in $SHAPES; do
    [ "$s" = dir ] && continue
    expect_exit 0 "$s against the directory's baseline" -- \
        "$FWAUDIT" scan --baseline "$TMP/dir.json" -o "$TMP/$s.bl.json" "$TMP/$s"
    json_check "$TMP/$s.bl.json" \
        'all(f["baseline"] == "unchanged" for f in r["findings"])' \
        "$s: every finding unchanged since the directory's baseline"
done

# A waiver written from the directory's report holds for the squashfs/tar.gz.
fp=$(python3 -c 'import json,sys; print([f["fingerprint"] for f in json.load(open(sys.argv[1]))["findings"] if f["rule"]=="account-empty-password"][0])' "$TMP/dir.json")
printf '{"waivers":[{"fingerprint":"%s","rule":"account-empty-password","reason":"lab unit","owner":"qa","expires":"2099-01-01"}]}\n' \
    "$fp" > "$TMP/waivers.json"
for s in $SHAPES; do
    "$FWAUDIT" scan --waivers "$TMP/waivers.json" -o "$TMP/$s.w.json" "$TMP/$s" >/dev/null 2>&1
    json_check "$TMP/$s.w.json" \
        'findings("account-empty-password")[0]["waiver"]["state"] == "waived"' \
        "$s: the directory's waiver matches"
done

# Outside the image: a binwalk layout, an exploit script beside squashfs-root.
B="$TMP/binwalk"
mkdir -p "$B/_fw.bin.extracted"
cp -a "$R" "$B/_fw.bin.extracted/squashfs-root"
printf 'root:x:19000:0:99999:7:::\n' > "$B/_fw.bin.extracted/squashfs-root/etc/shadow"
printf '#!/bin/sh\n# keys pulled from the unit\nAWS=AKIAQWERTYUIOPASDFGH\n' > "$B/exploit.sh"
expect_exit 1 "scan a binwalk directory" -- "$FWAUDIT" scan --no-color -o "$TMP/bw.json" "$B"
json_check "$TMP/bw.json" \
    'len(findings("aws-access-key-id", "/exploit.sh")) == 1 and findings("aws-access-key-id", "/exploit.sh")[0]["outside_image"] is True and r["summary"]["findings_outside_image"] == 1' \
    "exploit.sh beside squashfs-root: its finding is outside the image"
json_check "$TMP/bw.json" \
    'findings("uhttpd-plain-http")[0]["location"]["path"] == "/etc/config/uhttpd" and findings("uhttpd-plain-http")[0]["outside_image"] is False' \
    "findings in the image have device paths"
# Only the outside finding names MO.13 at high: --fail-on high ignores it
# once the image's own high findings are gone.
rm "$B/_fw.bin.extracted/squashfs-root/www/js/cloud.js" "$B/_fw.bin.extracted/squashfs-root/usr/lib/lua/luci/cloud.js"
expect_exit 0 "an outside finding does not trip --fail-on high" -- \
    "$FWAUDIT" scan --no-color --fail-on high -o "$TMP/bw2.json" "$B"
json_check "$TMP/bw2.json" 'status("MO.13") != "fail" and r["summary"]["findings"]["high"] == 0' \
    "MO.13 is not failed by a file outside the image"
"$FWAUDIT" scan --no-color "$B" > "$TMP/bw.txt" 2>/dev/null
expect_grep "^Outside the image (1 finding" "$TMP/bw.txt" "text report lists it apart"
expect_grep "aws-access-key-id  /exploit.sh:3" "$TMP/bw.txt" "with its path and line"

finish
