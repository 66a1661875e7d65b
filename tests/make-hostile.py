#!/usr/bin/env python3
"""make-hostile.py DIR [NAME ...]: write the hostile inputs tests/hostile.sh scans.

Every input is made here, at test time, with python3's own tarfile, zipfile,
gzip and zlib (cpio newc is written by hand: it is a few ASCII fields). None
is committed. With NAMEs, only those inputs are made. Each input is small on
disk; some are built to expand enormously, or to lie, if a reader believes
them:

  trav.tar trav.zip trav.cpio  entries named ../../etc/shadow, /etc/passwd,
                               a/../../../x; content with an empty root password
  links.tar                    symlinks out of the image (../../../../etc/shadow,
                               an absolute one), loops (a->b->a, self->self),
                               a hard link to itself and a hard-link cycle
  bomb.gz                      one gzip stream expanding 1:1000 (100 MiB of zeros)
  nested-bomb.zip              42.zip-style: 16 zips of 16 zips ... of 16 x 1 MiB
  nest64.tar.gz                64 levels of tar.gz inside tar.gz
  many.cpio.gz                 HOSTILE_MANY (default 1,000,000) empty files
  names.tar                    names with terminal escapes, newlines, invalid
                               UTF-8, markup, each holding an AWS key (a finding)
  empty.bin                    0 bytes
  magic-*.bin                  only the magic number of one container format
  lie-*.{tar,zip,cpio}         size fields that promise more than there is
  sq-self.img sq-fork.img      squashfs whose directory table points back at
                               the root (once, and twice: 2^depth paths); made
                               with mksquashfs when it is installed
"""
import gzip
import io
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile
import zlib

SHADOW = b"root::19000:0:99999:7:::\n"        # empty root password: a finding
AWS = b"aws_key = AKIAUJZDEGXDNCF32EPF\n"      # rule aws-access-key-id


def tar_bytes(members, fmt=tarfile.GNU_FORMAT):
    """members: list of (TarInfo, data or None). Names are written as given."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for ti, data in members:
            if data is not None:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
            else:
                t.addfile(ti)
    return buf.getvalue()


def tinfo(name, kind=tarfile.REGTYPE, link=""):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = link
    ti.mode = 0o777 if kind == tarfile.SYMTYPE else 0o644
    ti.mtime = 1700000000
    return ti


def cpio_newc(entries):
    """entries: list of (name bytes, mode, data bytes). Returns newc bytes."""
    out = bytearray()

    def pad4(n):
        return (4 - n % 4) % 4

    def one(ino, name, mode, data, filesize=None):
        nm = name + b"\0"
        size = len(data) if filesize is None else filesize
        hdr = b"070701" + b"".join(b"%08X" % v for v in (
            ino, mode, 0, 0, 1, 1700000000, size, 0, 0, 0, 0, len(nm), 0))
        out.extend(hdr + nm + b"\0" * pad4(len(hdr) + len(nm)))
        out.extend(data + b"\0" * pad4(len(data)))

    for i, e in enumerate(entries):
        one(i + 1, *e)
    one(0, b"TRAILER!!!", 0, b"")
    return bytes(out)


def make_trav(d):
    names = ["../../etc/shadow", "/etc/passwd", "a/../../../x", "./../../../etc/y"]
    data = {"../../etc/shadow": SHADOW,
            "/etc/passwd": b"root:x:0:0:root:/root:/bin/sh\n"}
    members = [(tinfo(n), data.get(n, b"x\n")) for n in names]
    write(d, "trav.tar", tar_bytes(members))
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w") as z:
        for n in names:
            # zipfile itself strips "../" from names it is given as ZipInfo?
            # No: ZipInfo keeps the name as written; only extract() cleans it.
            z.writestr(zipfile.ZipInfo(n, (2023, 1, 1, 0, 0, 0)), data.get(n, b"x\n"))
    write(d, "trav.zip", zb.getvalue())
    write(d, "trav.cpio", cpio_newc([(n.encode(), 0o100644, data.get(n, b"x\n"))
                                     for n in names]))


def make_links(d):
    members = [
        (tinfo("etc", tarfile.DIRTYPE), None),
        (tinfo("etc/shadow"), SHADOW),
        (tinfo("out-rel", tarfile.SYMTYPE, "../../../../../etc/hostname"), None),
        (tinfo("out-abs", tarfile.SYMTYPE, "/../../../etc/hostname"), None),
        (tinfo("loop-a", tarfile.SYMTYPE, "loop-b"), None),
        (tinfo("loop-b", tarfile.SYMTYPE, "loop-a"), None),
        (tinfo("self", tarfile.SYMTYPE, "self"), None),
        (tinfo("deep", tarfile.SYMTYPE, "deep/deep/deep"), None),
        (tinfo("hard-self", tarfile.LNKTYPE, "hard-self"), None),
        (tinfo("hard-a", tarfile.LNKTYPE, "hard-b"), None),
        (tinfo("hard-b", tarfile.LNKTYPE, "hard-a"), None),
        (tinfo("hard-out", tarfile.LNKTYPE, "../../../etc/hostname"), None),
    ]
    write(d, "links.tar", tar_bytes(members))


def make_bomb(d):
    # 100 MiB of zeros in one deflate stream: ~100 KiB, 1:1000.
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    parts = [c.compress(chunk) for _ in range(100)]
    parts.append(c.flush())
    write(d, "bomb.gz", b"".join(parts))


def make_nested_bomb(d, levels=5, fan=16):
    # 42.zip's shape: a zip of `fan` copies of the level below. The leaf is
    # 1 MiB of zeros; levels=5 expands to 16^5 MiB = 1 TiB if believed.
    def zip_of(name, payload, n):
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for i in range(n):
                z.writestr("%s-%02d" % (name, i), payload)
        return b.getvalue()

    payload = zip_of("zero", bytes(1 << 20), fan)
    for lvl in range(1, levels):
        payload = zip_of("lib%d.zip" % lvl, payload, fan)
    write(d, "nested-bomb.zip", payload)


def make_nest64(d, levels=64):
    inner = SHADOW
    name = "etc/shadow"
    for lvl in range(levels):
        t = tar_bytes([(tinfo(name), inner)])
        inner = gzip.compress(t, 6, mtime=0)
        name = "level%02d.tar.gz" % (levels - lvl)
    write(d, "nest64.tar.gz", inner)


def make_many(d):
    n = int(os.environ.get("HOSTILE_MANY", "1000000"))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=1, mtime=0) as g:
        buf = bytearray()
        for i in range(1, n + 1):
            nm = b"f%07d\0" % i
            hdr = b"070701%08X000081A40000000000000000000000010000000000000000" \
                b"00000000000000000000000000000000%08X00000000" % (i, len(nm))
            buf += hdr + nm + b"\0" * ((4 - (len(hdr) + len(nm)) % 4) % 4)
            if len(buf) > (1 << 20):
                g.write(buf)
                buf = bytearray()
        g.write(buf)
        g.write(cpio_newc([]))          # the trailer
    write(d, "many.cpio.gz", out.getvalue())


HOSTILE_NAMES = [
    b"etc/esc-\x1b[2J\x1b]0;owned\x07\x1b[31mred.conf",
    b"etc/new\nline.conf",
    b"etc/cr\rreturn.conf",
    b"etc/bad-utf8-\xff\xfe\xc3(.conf",
    b"etc/<script>alert(1)</script>&amp;.conf",
    b"etc/pipe|`tick`*star*_u_#h.conf",
    b"etc/quote\"'.conf",
    b"etc/nul-\x01\x7f-del.conf",
]


def make_names(d):
    # tarfile wants str names: surrogateescape carries the raw bytes through.
    members = []
    for i, n in enumerate(HOSTILE_NAMES):
        ti = tinfo(n.decode("utf-8", "surrogateescape"))
        # distinct content: identical copies would merge into one finding
        members.append((ti, AWS + b"# copy %d\n" % i))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT,
                      encoding="utf-8", errors="surrogateescape") as t:
        for ti, data in members:
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    write(d, "names.tar", buf.getvalue())
    # A damaged gzip with a hostile name: its name is in an error entry.
    members = [(tinfo("broken-\x1b[31m\nx.gz"), b"\x1f\x8b\x08\x00garbage-not-deflate")]
    write(d, "names-err.tar", tar_bytes(members))


MAGICS = {
    "gzip": b"\x1f\x8b\x08",
    "xz": b"\xfd7zXZ\x00",
    "bzip2": b"BZh91AY&SY",
    "zstd": b"\x28\xb5\x2f\xfd",
    "cpio-newc": b"070701",
    "cpio-crc": b"070702",
    "cpio-odc": b"070707",
    "zip": b"PK\x03\x04",
    "zip-empty": b"PK\x05\x06",
    "7z": b"7z\xbc\xaf\x27\x1c",
    "ar": b"!<arch>\n",
    "uimage": b"\x27\x05\x19\x56",
    "fit": b"\xd0\x0d\xfe\xed",
    "trx": b"HDR0",
    "squashfs-le": b"hsqs",
    "squashfs-be": b"sqsh",
    "cramfs": b"\x45\x3d\xcd\x28",
    "jffs2": b"\x85\x19",
    "ubi": b"UBI#",
    "lzma": b"\x5d\x00\x00\x80\x00",
}


def make_magic(d):
    for name, m in MAGICS.items():
        write(d, "magic-%s.bin" % name, m)
    # tar: a lone header with a valid checksum and nothing after it; ext: the
    # superblock magic at 1080 in an otherwise empty block.
    write(d, "magic-tar.bin", tar_bytes([(tinfo("x"), b"")])[:512])
    write(d, "magic-ext.bin", bytes(1080) + b"\x53\xef" + bytes(2048 - 1082))
    write(d, "empty.bin", b"")


def make_lies(d):
    # tar: a header that promises 1 GiB, 100 bytes follow.
    t = bytearray(tar_bytes([(tinfo("etc/big"), b"A" * 100)]))
    hdr = t[:512]
    hdr[124:136] = b"%011o\0" % (1 << 30)
    hdr[148:156] = b"        "
    hdr[148:156] = b"%06o\0 " % sum(hdr)
    write(d, "lie-size.tar", bytes(hdr) + t[512:1024])
    # zip: the local and central headers say 1 GiB uncompressed, stored.
    zb = io.BytesIO()
    with zipfile.ZipFile(zb, "w", zipfile.ZIP_STORED) as z:
        z.writestr("etc/big", b"B" * 100)
    zd = bytearray(zb.getvalue())
    lh = zd.find(b"PK\x03\x04")
    struct.pack_into("<II", zd, lh + 18, 1 << 30, 1 << 30)
    ch = zd.find(b"PK\x01\x02")
    struct.pack_into("<II", zd, ch + 20, 1 << 30, 1 << 30)
    write(d, "lie-size.zip", bytes(zd))
    # cpio: filesize says 1 GiB, 100 bytes follow, no trailer.
    c = bytearray(cpio_newc([(b"etc/big", 0o100644, b"C" * 100)]))
    c[54:62] = b"%08X" % (1 << 30)
    write(d, "lie-size.cpio", bytes(c[:c.find(b"070701", 6)]))
    # gzip: the trailer's ISIZE says 4 GiB - 1, the stream holds 10 bytes.
    g = bytearray(gzip.compress(b"0123456789", mtime=0))
    struct.pack_into("<I", g, len(g) - 4, 0xFFFFFFFF)
    write(d, "lie-isize.gz", bytes(g))


def make_sq_loop(d, name, dirs):
    """A squashfs (mksquashfs, metadata uncompressed) whose root directory's
    entries `dirs` are patched to point at the root itself: a loop, and with
    two entries a loop that forks (2^depth paths)."""
    src = os.path.join(d, name + ".src")
    shutil.rmtree(src, ignore_errors=True)
    for x in dirs:
        os.makedirs(os.path.join(src, x, "etc"))
        with open(os.path.join(src, x, "etc", "shadow"), "w") as f:
            f.write("root::19000:0:99999:7:::\n")
    img = os.path.join(d, name)
    if os.path.exists(img): os.unlink(img)
    subprocess.run(["mksquashfs", src, img, "-noI", "-noId", "-noD", "-noF", "-noX",
                    "-no-xattrs", "-all-root", "-quiet", "-no-progress"], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(src)
    b = bytearray(open(img, "rb").read())
    root = struct.unpack_from("<Q", b, 32)[0]
    inodes = struct.unpack_from("<I", b, 4)[0]
    dir_t = struct.unpack_from("<Q", b, 72)[0]
    hdr = struct.unpack_from("<H", b, dir_t)[0]
    assert hdr & 0x8000, "directory table compressed"
    p, end = dir_t + 2, dir_t + 2 + (hdr & 0x7fff)
    root_no = inodes    # mksquashfs numbers the root last
    patched = 0
    while p < end:
        cnt, start, ino = struct.unpack_from("<IIi", b, p)
        hp = p
        p += 12
        for _ in range(cnt + 1):
            off, ioff, typ, ns = struct.unpack_from("<HhHH", b, p)
            nm = bytes(b[p + 8:p + 9 + ns]).decode()
            if nm in dirs and start == (root >> 16):
                struct.pack_into("<Hh", b, p, root & 0xffff, root_no - ino)
                patched += 1
            p += 9 + ns
    assert patched == len(dirs), patched
    open(img, "wb").write(b)

def make_squashfs(d):
    if not shutil.which("mksquashfs"):
        print("make-hostile.py: no mksquashfs, squashfs loops not made", file=sys.stderr)
        return
    make_sq_loop(d, "sq-self.img", ["a"])
    make_sq_loop(d, "sq-fork.img", ["a", "b"])


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


MAKERS = {
    "trav": make_trav, "links": make_links, "bomb": make_bomb,
    "nested-bomb": make_nested_bomb, "nest64": make_nest64, "many": make_many,
    "names": make_names, "magic": make_magic, "lies": make_lies,
    "squashfs": make_squashfs,
}


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: make-hostile.py DIR [%s ...]" % " ".join(MAKERS))
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    for name in sys.argv[2:] or MAKERS:
        MAKERS[name](d)


if __name__ == "__main__":
    main()
