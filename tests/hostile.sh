#!/bin/sh
# hostile.sh: inputs built to hurt a scanner (tests/make-hostile.py makes them
# at test time). Each scan runs under a time bound (timeout) and, outside
# sanitizer builds, a bound on its peak resident memory (measured) with
# ulimit -v as a net; each asserts the exit code and what the report says. Then: nothing lost, nothing written (the input is
# unchanged, nothing appears outside the named reports, a failed report write
# leaves no truncated file). doc/security.md explains the threat model.
. "$top_srcdir/tests/lib.sh"

H="$TMP/h"
# ASan reserves terabytes of address space: ulimit -v cannot bound it, and it
# runs several times slower, so sanitizer builds get looser time bounds and
# a smaller "many files" input.
# (gcc links libasan dynamically; clang links it in.)
if ldd "$FWAUDIT" 2>/dev/null | grep -q libasan || grep -q -a __asan_init "$FWAUDIT"; then
    asan=1; slow=4; : "${HOSTILE_MANY:=100000}"
else
    asan=0; slow=1; : "${HOSTILE_MANY:=1000000}"
fi
export HOSTILE_MANY
python3 "$top_srcdir/tests/make-hostile.py" "$H" || { fail "make-hostile.py"; finish; exit 1; }

# A leak found at exit changes the exit code only of a process that would
# have exited 0; these scans exit 1 or 3, so the sanitizer's report on
# stderr is what tells.
sanitizer_clean() {
    if grep -q -E 'Sanitizer|runtime error:' "$TMP/err"; then
        fail "$1: sanitizer report"; grep -m5 -E 'ERROR|SUMMARY|runtime error|#[0-4] ' "$TMP/err" | sed 's/^/    /'
    fi
}

# scan NAME SECONDS RSS_MIB WANT DESCRIPTION [options...]: scan $H/NAME to
# $TMP/NAME.json within SECONDS (times $slow); its peak resident memory must
# stay under RSS_MIB (not checked under ASan, whose shadow memory counts) and
# its address space under $vmem KiB (a net that stops a runaway before it
# hurts the machine). The exit code must be WANT. Standard error: $TMP/err.
vmem=8388608
scan() {
    name=$1 secs=$(($2 * slow)) mem=$3 want=$4 what=$5; shift 5
    (
        [ "$asan" = 1 ] || ulimit -v "$vmem"
        exec python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=f)
sys.exit(rc)' "$TMP/rss" timeout "$secs" "$FWAUDIT" scan --no-progress --no-color -f json \
            -o "$TMP/$name.json" "$@" "$H/$name"
    ) >"$TMP/out" 2>"$TMP/err"
    got=$?
    rss=$(cat "$TMP/rss" 2>/dev/null || echo 0)
    if [ "$got" -eq "$want" ]; then ok "$what (exit $got, ${rss} MiB)"
    elif [ "$got" -eq 124 ]; then fail "$what: still running after ${secs}s"
    else fail "$what: exit $got, wanted $want"; sed 's/^/    /' "$TMP/err" | head -10; fi
    sanitizer_clean "$what"
    if [ "$asan" = 0 ] && [ "$rss" -gt "$mem" ]; then
        fail "$what: peak memory ${rss} MiB, bound ${mem} MiB"
    fi
}

# report NAME PYTHON-EXPR DESCRIPTION: json_check on $TMP/NAME.json.
report() { json_check "$TMP/$1.json" "$2" "$3"; }

# A directory input (an extracted rootfs) whose links point at the host.
mkdir -p "$H/rootfs/etc" "$H/rootfs/d"
printf 'root::19000:0:99999:7:::\n' > "$TMP/host-shadow"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$H/rootfs/etc/passwd"
ln -s "$TMP/host-shadow" "$H/rootfs/etc/shadow"
mkdir -p "$H/rootfs2/etc"
cp "$H/rootfs/etc/passwd" "$H/rootfs2/etc/"
ln -s ../../../host-shadow "$H/rootfs2/etc/shadow"
ln -s loop "$H/rootfs/loop"
ln -s .. "$H/rootfs/d/up"
ln -s ../d "$H/rootfs/d/self"

sums() { (cd "$H" && find . -type f -exec sha256sum {} + | sort -k2) > "$1"; }
sums "$TMP/sums.before"

# ---- names that climb out: folded into the image, nothing written ----
mkdir -p "$TMP/work/a/b"
for f in trav.tar trav.zip trav.cpio; do
    cd "$TMP/work/a/b" && scan "$f" 10 256 1 "$f: ../ and absolute entry names are read"
    cd "$TMP" || exit 1
    report "$f" 'findings("account-empty-password", "/etc/shadow") and r["scan"]["complete"]' \
        "$f: ../../etc/shadow is the image's /etc/shadow (finding there)"
    report "$f" 'all(f["location"]["path"].startswith("/") and ".." not in f["location"]["path"].split("/") for f in r["findings"])' \
        "$f: no finding path climbs out of the image"
done
[ -z "$(find "$TMP/work" -mindepth 1 ! -path "$TMP/work/a" ! -path "$TMP/work/a/b")" ] &&
    ok "traversal names wrote nothing beside the working directory" ||
    fail "traversal names created: $(find "$TMP/work" -mindepth 1)"

# ---- symlinks and hard links that point out or around ----
scan links.tar 10 256 1 "links.tar: symlinks out, loops and hard-link cycles"
report links.tar 'r["scan"]["complete"] and len(findings("account-empty-password", "/etc/shadow")) == 1' \
    "links.tar: the real /etc/shadow is checked once, the links add nothing"
scan rootfs 10 256 0 "rootfs dir: links to the host and loops"
report rootfs 'not findings("account-empty-password")' \
    "rootfs dir: /etc/shadow -> the host's file is not read through the link"
scan rootfs2 10 256 0 "rootfs dir: a relative link climbing out"
report rootfs2 'not findings("account-empty-password")' \
    "rootfs dir: /etc/shadow -> ../../../host-shadow is not read"

# ---- decompression bombs and nesting ----
scan bomb.gz 30 256 3 "bomb.gz (1:1000 gzip) is refused within bounds"
report bomb.gz 'not r["scan"]["complete"] and any("limit" in e["message"] or "bomb" in e["message"] for e in r["errors"])' \
    "bomb.gz: the report says a size limit stopped it"
scan nest64.tar.gz 30 256 3 "64 nested tar.gz"
report nest64.tar.gz 'any("nested deeper" in e["message"] for e in r["errors"]) and not r["scan"]["complete"]' \
    "nest64: the report says where nesting was cut"
# 42.zip-style: 16^5 MiB if believed. --max-bytes bounds what is held: the
# peak stays near it (64 MiB held -> about 80 MiB resident), because once the
# limit is hit no further container is opened. (It used to be 8 times that:
# each of 10,000 later containers still kept its first 64 KiB chunk.)
scan nested-bomb.zip 30 160 3 "nested-bomb.zip (42.zip-style) within bounds" --max-bytes 64M
report nested-bomb.zip 'not r["scan"]["complete"] and any("total-bytes limit" in e["message"] for e in r["errors"])' \
    "nested-bomb.zip: the report says the bytes-held limit stopped it"
report nested-bomb.zip 'r["scan"]["bytes_scanned"] <= 64 * 2**20' \
    "nested-bomb.zip: no more than --max-bytes is held and scanned"

# ---- a squashfs whose directory table points back at itself ----
if [ -f "$H/sq-self.img" ]; then
    scan sq-self.img 10 64 3 "squashfs: a directory that contains itself"
    report sq-self.img 'not r["scan"]["complete"] and [e["where"] for e in r["errors"] if "directory loop" in e["message"]] == ["sq-self.img@0x0 (squashfs) > /a"]' \
        "squashfs self-loop: recognised as a loop once, at /a"
    # Two entries pointing at the root: 2^128 paths if walked blindly; each
    # directory inode is read once, so two errors and done.
    scan sq-fork.img 10 64 3 "squashfs: a directory loop that forks"
    report sq-fork.img 'not r["scan"]["complete"] and len([e for e in r["errors"] if "directory loop" in e["message"]]) == 2 and not any("deeper" in e["message"] for e in r["errors"])' \
        "squashfs forked loop: each looping entry reported once, no depth-limit errors"
else
    echo "skip squashfs loops (no mksquashfs)"
fi

# ---- many files ----
# Each entry's read buffer is shrunk to its size once read, so a million
# empty files cost their tree nodes only (about 230 MiB resident; it was
# 4 GiB when every entry kept a 64 KiB buffer).
scan many.cpio.gz 120 $((HOSTILE_MANY / 2500 + 200)) 0 "$HOSTILE_MANY empty files"
report many.cpio.gz 'r["scan"]["complete"] and not r["errors"]' \
    "$HOSTILE_MANY empty files: read completely"

# ---- size fields that lie ----
for f in lie-size.tar lie-size.zip lie-size.cpio; do
    scan "$f" 10 256 3 "$f: a 1 GiB size field over 100 bytes"
    report "$f" 'not r["scan"]["complete"] and any("etc/big" in e["where"] for e in r["errors"])' \
        "$f: the report names the short entry"
done
scan lie-isize.gz 10 256 0 "lie-isize.gz: a gzip trailer claiming 4 GiB is not believed"

# ---- nothing, and only a magic number ----
# nothing to audit (issue 19): exit 3, one error that says so, no PASS
scan empty.bin 10 256 3 "a 0-byte file"
report empty.bin 'not r["scan"]["complete"] and len(r["errors"]) == 1 and "nothing to audit" in r["errors"][0]["message"] and all(q["status"] != "pass" for q in r["requirements"])' \
    "0-byte file: nothing to audit, said once, never PASS"
for m in "$H"/magic-*.bin; do
    m=$(basename "$m")
    ( [ "$asan" = 1 ] || ulimit -v 1048576
      exec timeout $((10 * slow)) "$FWAUDIT" scan --no-progress -f json -o "$TMP/$m.json" "$H/$m" ) \
        >/dev/null 2>"$TMP/err"
    rc=$?
    sanitizer_clean "$m"
    case $rc in
    0) report "$m" 'r["scan"]["complete"] and not r["errors"]' "$m: just a file (exit 0)" ;;
    3) report "$m" 'not r["scan"]["complete"] and all(e["where"].endswith("'"$m"'") for e in r["errors"]) and r["errors"]' \
           "$m: refused with an error naming it (exit 3)" ;;
    *) fail "$m: exit $rc"; sed 's/^/    /' "$TMP/err" | head -5 ;;
    esac
done

# ---- hostile names, escaped in every output format ----
# names.tar holds 8 files whose names carry ESC sequences, CR, LF, invalid
# UTF-8, markup and table syntax; each holds an AWS key, so each is a finding.
for fmt in text json sarif junit html markdown; do
    out="$TMP/names.$fmt"
    timeout $((20 * slow)) "$FWAUDIT" scan --no-progress -f "$fmt" -o "$out" "$H/names.tar" \
        >/dev/null 2>"$TMP/err"
    [ $? -eq 1 ] && ok "names.tar: $fmt report (exit 1)" || fail "names.tar: $fmt exit code"
    sanitizer_clean "names.tar: $fmt"
    if python3 - "$out" "$fmt" <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET
path, fmt = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
problems = []
text = raw.decode("utf-8")                      # raises on invalid UTF-8
ctl = sorted({c for c in raw if (c < 32 and c not in (9, 10)) or c == 127})
if ctl:
    problems.append("control bytes %s" % ctl)
for name in ("new", "cr"):                      # an image name never breaks a line
    for line in text.splitlines():
        if re.search(r"/etc/%s$" % name, line):
            problems.append("line ends inside a name: %r" % line)
if fmt == "json":
    paths = [f["location"]["path"] for f in json.loads(text)["findings"]]
elif fmt == "sarif":
    runs = json.loads(text)["runs"]
    paths = [l["physicalLocation"]["artifactLocation"]["uri"]
             for res in runs[0]["results"] for l in res["locations"]]
elif fmt == "junit":
    ET.fromstring(raw)                          # well-formed XML 1.0
    paths = re.findall(r"aws-access-key-id", text)
elif fmt == "html":
    if "<script>alert" in text:
        problems.append("raw <script> from a file name")
    paths = re.findall(r"aws-access-key-id", text)
else:
    paths = re.findall(r"aws-access-key-id.*", text)
if fmt in ("json", "sarif"):
    want = 8
    if len(paths) != want:
        problems.append("%d findings, wanted %d" % (len(paths), want))
    if not any("\\x1b" in p or "%1B" in p.upper() for p in paths):
        problems.append("the ESC name is not shown escaped: %r" % paths)
elif len(paths) < 8:
    problems.append("%d mentions of the rule, wanted at least 8" % len(paths))
if fmt == "markdown":
    for line in text.splitlines():
        if "aws-access-key-id" in line and " at " in line:
            name = line.split(" at ", 1)[1]
            if re.search(r"(?<!\\)[|`<*_]", name):
                problems.append("markdown syntax from a name left live: %r" % line)
if problems:
    print("\n".join(problems))
    sys.exit(1)
PY
    then ok "names.tar: $fmt escapes every hostile name"; else fail "names.tar: $fmt escaping"; fi
done
scan names-err.tar 10 256 3 "a broken archive with a hostile name"
report names-err.tar 'r["errors"] and all("\x1b" not in e["where"] and "\n" not in e["where"] for e in r["errors"]) and "\\x1b" in r["errors"][0]["where"]' \
    "the error entry shows the name escaped"
timeout $((10 * slow)) "$FWAUDIT" scan --no-progress --no-color "$H/names-err.tar" >"$TMP/t.out" 2>"$TMP/t.err"
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/t.out" "$TMP/t.err"; then
    fail "text report or stderr carries a raw ESC from a name"
else ok "text report and stderr carry no raw ESC from a name"; fi

# ---- what the fuzzers found (fuzz/regressions/) ----
# Each must scan within bounds to a report (exit 0, 1 or 3). Under the
# sanitizer build a leak or memory error there ends the scan with another
# exit code, so this is where a fixed crash or leak stays fixed.
for f in "$top_srcdir"/fuzz/regressions/*; do
    # pending/ holds finds whose fix is not in yet (see its README).
    [ -f "$f" ] || continue
    case $f in */README) continue ;; esac
    b=$(basename "$f")
    cp "$f" "$TMP/reg.bin"
    ( [ "$asan" = 1 ] || ulimit -v 2097152
      exec timeout $((30 * slow)) "$FWAUDIT" scan --no-progress -f json -o "$TMP/reg.json" "$TMP/reg.bin" ) \
        >/dev/null 2>"$TMP/err"
    rc=$?
    case $rc in
    0|1|3) [ -s "$TMP/reg.json" ] && ok "fuzz regression $b (exit $rc)" || fail "fuzz regression $b: no report" ;;
    *) fail "fuzz regression $b: exit $rc"; sed 's/^/    /' "$TMP/err" | head -15 ;;
    esac
    sanitizer_clean "fuzz regression $b"
    rm -f "$TMP/reg.json"
done

# fuzz_rules' first find: a rule file with no rule in it, loaded first.
mkdir -p "$TMP/emptyrules"
printf '# nothing but a comment\n' > "$TMP/emptyrules/empty.rules"
: > "$TMP/emptyrules/zero.rules"
timeout $((10 * slow)) "$FWAUDIT" scan --no-progress --no-default-rules --rules "$TMP/emptyrules" \
    "$H/empty.bin" >/dev/null 2>"$TMP/err"
rc=$?
# they load; the 0-byte input is then nothing to audit (exit 3), not a usage error (2)
[ $rc -eq 3 ] && ok "rule files with no rule load (exit 3: nothing to audit)" || fail "rule files with no rule: exit $rc"
sanitizer_clean "rule files with no rule"

# ---- nothing lost: the inputs are unchanged ----
sums "$TMP/sums.after"
cmp -s "$TMP/sums.before" "$TMP/sums.after" && ok "every input unchanged (sha256 before = after)" ||
    fail "an input changed: $(diff "$TMP/sums.before" "$TMP/sums.after")"

# ---- nothing written but the named reports ----
# From a read-only working directory, HOME and TMPDIR empty: afterwards the
# three are still empty and the output directory holds just the reports.
mkdir -p "$TMP/ro" "$TMP/home" "$TMP/tmpdir" "$TMP/outdir"
chmod 555 "$TMP/ro"
(cd "$TMP/ro" && HOME="$TMP/home" TMPDIR="$TMP/tmpdir" XDG_CACHE_HOME= XDG_CONFIG_HOME= \
    timeout $((30 * slow)) "$FWAUDIT" scan --no-progress -o "$TMP/outdir/r.json" \
    -o "$TMP/outdir/r.html" -o "$TMP/outdir/r.sarif" "$H/trav.tar") >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] && ok "scan from a read-only directory (exit 1)" || fail "scan from a read-only directory"
left=$(find "$TMP/ro" "$TMP/home" "$TMP/tmpdir" -mindepth 1)
[ -z "$left" ] && ok "nothing written to the working directory, HOME or TMPDIR" ||
    fail "written: $left"
[ "$(ls "$TMP/outdir" | tr '\n' ' ')" = "r.html r.json r.sarif " ] &&
    ok "the output directory holds just the named reports" ||
    fail "output directory: $(ls -a "$TMP/outdir")"
# Every file the scan opens for writing is a report (or its temp file), and
# the input is opened read-only. strace sees what find cannot (a file made
# and removed again, a write to a file that existed).
if command -v strace >/dev/null 2>&1 && [ "$asan" = 0 ]; then
    strace -f -qq -o "$TMP/trace" -e trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,link,linkat,symlink,symlinkat,truncate \
        "$FWAUDIT" scan --no-progress -o "$TMP/outdir/s.json" "$H/links.tar" >/dev/null 2>&1
    bad=$(grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(|mkdir|rename|unlink|link\(|linkat|symlink|truncate' "$TMP/trace" |
          grep -v -e "\"$TMP/outdir/s.json" -e '= -1 E' )
    [ -z "$bad" ] && ok "strace: the only files written are the report and its temp file" ||
        fail "strace: writes outside the report: $bad"
    grep "$H/links.tar" "$TMP/trace" | grep -q -v O_RDONLY &&
        fail "the input is opened other than read-only" || ok "the input is opened read-only"
fi

# ---- written whole or not at all ----
# An injected write failure: a file-size limit of 1 KiB makes writes fail
# with EFBIG (SIGXFSZ ignored). A report from an earlier run must survive.
printf '{"old": "report"}\n' > "$TMP/outdir/keep.json"
cp "$TMP/outdir/keep.json" "$TMP/keep.orig"
sh -c 'trap "" XFSZ; ulimit -f 1; exec "$@"' sh "$FWAUDIT" scan --no-progress \
    -o "$TMP/outdir/keep.json" -o "$TMP/outdir/big.html" "$H/names.tar" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 2 ] && ok "a failing write exits 2" || fail "a failing write: exit $rc"
cmp -s "$TMP/outdir/keep.json" "$TMP/keep.orig" && ok "the earlier report is left whole" ||
    fail "the earlier report was changed"
[ ! -e "$TMP/outdir/big.html" ] && ok "no truncated report" || fail "a truncated report was left"
[ -z "$(ls "$TMP/outdir" | grep '\.tmp\.')" ] && ok "no temporary file left" || fail "temporary file left"
grep -q "no report written" "$TMP/err" && ok "the error says no report was written" ||
    fail "no clear error: $(cat "$TMP/err")"
# A full disk: a 64 KiB tmpfs filled to the last byte (root only).
mkdir -p "$TMP/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs "$TMP/full" 2>/dev/null; then
    dd if=/dev/zero of="$TMP/full/fill" bs=4k 2>/dev/null
    timeout $((20 * slow)) "$FWAUDIT" scan --no-progress -o "$TMP/full/r.json" "$H/names.tar" \
        >/dev/null 2>"$TMP/err"
    rc=$?
    [ $rc -eq 2 ] && ok "full disk: exit 2" || fail "full disk: exit $rc"
    [ "$(ls "$TMP/full")" = "fill" ] && ok "full disk: no report and no temporary file left" ||
        fail "full disk left: $(ls "$TMP/full")"
    umount "$TMP/full"
else
    echo "skip full-disk tmpfs test (needs root and mount)"
fi

finish
