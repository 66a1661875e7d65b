#!/usr/bin/env python3
"""Write small romfs and YAFFS2 images for tests/check_flashfs_readers.c.

Usage: make-romfs-yaffs.py OUTDIR

Python standard library only, so the test inputs are made at test time on
any machine (Debian has genromfs but no mkyaffs2image). The images are laid
out the way the real tools lay them out:

  romfs   as genromfs writes it: superblock, then each directory's listing
          ("." and ".." first, as hard links; the root's "." is the root
          directory itself), a subdirectory's listing right after its
          header, every header and name 16-byte aligned, header and
          superblock checksums making the big-endian words sum to 0.
  YAFFS2  as mkyaffs2image writes it: object ids from 257 in the order of a
          depth-first walk, one header chunk per object (page filled with
          0xff, name zero-padded), then the file's data chunks (chunk ids
          from 1), sequence number 0x1000, tags in the spare area.

Files written (all hold the same tree; see TREE):
  rootfs.romfs        romfs
  loop.romfs          the same, but the last entry of /etc points back to the
                      first one (a loop in the next chain)
  le2048.yaffs2       YAFFS2, 2048+64, little-endian, tags at spare offset 0
  be512.yaffs2        YAFFS2, 512+16, big-endian, tags at spare offset 0
  packed4096.yaffs2   YAFFS2, 4096+128, little-endian, tags at spare offset 2
                      with the kernel's packed header info; /etc/shadow is
                      there three times: a stale copy, the current one
                      (sequence 0x1001), another stale copy (0x1000) last
  cycle.yaffs2        le2048 plus two directories that are each other's
                      parent, one holding a file (a cycle in the parent graph)
"""
import os
import struct
import sys

SHADOW = b"root::0:0:99999:7:::\n"
STALE_SHADOW = b"root:$1$stale$0123456789abcdefghijk.:0:0:99999:7:::\nold:x:1:1:::\n"
BIG = bytes((i * 7 + i // 13) % 26 + 97 for i in range(20000))

# (kind, path, payload): dir / file (content, mode) / symlink (target) /
# hardlink (path of the file) / chardev ((major, minor)).
TREE = [
    ("dir", "/etc", None),
    ("file", "/etc/shadow", (SHADOW, 0o640)),
    ("file", "/etc/passwd", (b"root:x:0:0:root:/root:/bin/sh\n", 0o644)),
    ("symlink", "/etc/resolv.conf", "/tmp/resolv.conf"),
    ("dir", "/bin", None),
    ("file", "/bin/busybox", (b"\x7fELF busybox stand-in\n", 0o755)),
    ("hardlink", "/bin/sh", "/bin/busybox"),
    ("dir", "/dev", None),
    ("chardev", "/dev/console", (5, 1)),
    ("dir", "/usr", None),
    ("dir", "/usr/lib", None),
    ("dir", "/usr/lib/nested", None),
    ("dir", "/usr/lib/nested/deep", None),
    ("file", "/usr/lib/nested/deep/big.txt", (BIG, 0o644)),
]


def children(parent):
    """Entries directly below parent, in TREE order."""
    out = []
    for kind, path, payload in TREE:
        head, _, name = path.rpartition("/")
        if (head or "/") == parent:
            out.append((kind, path, name, payload))
    return out


def pad16(n):
    return (n + 15) & ~15


# ---------------------------------------------------------------- romfs --

RT_HARDLINK, RT_DIR, RT_FILE, RT_SYMLINK, RT_BLOCK, RT_CHAR = 0, 1, 2, 3, 4, 5


class RomHdr:
    def __init__(self, name, rtype, data=b"", exe=False):
        self.name = name.encode()
        self.type = rtype
        self.data = data
        self.exe = exe
        self.spec = 0           # int, or a RomHdr whose position it is
        self.next = None        # next RomHdr in the same listing
        self.pos = 0

    def length(self):
        return 16 + pad16(len(self.name) + 1) + pad16(len(self.data))


def rom_listing(dirpath, self_hdr, parent_hdr, order, by_path):
    """Append the listing of dirpath to order; return its first header."""
    if dirpath == "/":
        dot = self_hdr                  # the root's "." is the root itself
    else:
        dot = RomHdr(".", RT_HARDLINK)
        dot.spec = self_hdr
    dotdot = RomHdr("..", RT_HARDLINK)
    dotdot.spec = parent_hdr
    listing = [dot, dotdot]
    order.append(dot)
    order.append(dotdot)
    for kind, path, name, payload in children(dirpath):
        if kind == "dir":
            h = RomHdr(name, RT_DIR, exe=True)
        elif kind == "file":
            h = RomHdr(name, RT_FILE, payload[0], exe=bool(payload[1] & 0o111))
        elif kind == "symlink":
            h = RomHdr(name, RT_SYMLINK, payload.encode())
        elif kind == "hardlink":
            h = RomHdr(name, RT_HARDLINK)
            h.spec = by_path[payload]
        else:
            h = RomHdr(name, RT_CHAR)
            h.spec = payload[0] << 16 | payload[1]
        by_path[path] = h
        listing.append(h)
        order.append(h)
        if kind == "dir":
            h.spec = rom_listing(path, h, self_hdr, order, by_path)
    for a, b in zip(listing, listing[1:]):
        a.next = b
    return dot


def checksum_fix(buf, start, length, field):
    """Set the word at field so the big-endian words of buf[start:start+length] sum to 0."""
    struct.pack_into(">I", buf, field, 0)
    total = sum(struct.unpack_from(">%dI" % (length // 4), buf, start)) & 0xFFFFFFFF
    struct.pack_into(">I", buf, field, (-total) & 0xFFFFFFFF)


def make_romfs(loop=False):
    vol = b"fwaudit test"
    order = []
    by_path = {}
    root = RomHdr(".", RT_DIR, exe=True)
    root.spec = root
    rom_listing("/", root, root, order, by_path)
    pos = 16 + pad16(len(vol) + 1)
    for h in order:
        h.pos = pos
        pos += h.length()
    size = pos
    if loop:
        # the last entry of /etc's listing leads back to its first entry
        first = by_path["/etc"].spec
        last = first
        while last.next is not None:
            last = last.next
        last.next = first
    buf = bytearray(max(1024, (size + 1023) // 1024 * 1024))
    buf[0:8] = b"-rom1fs-"
    struct.pack_into(">I", buf, 8, size)
    buf[16:16 + len(vol)] = vol
    for h in order:
        spec = h.spec.pos if isinstance(h.spec, RomHdr) else h.spec
        nxt = h.next.pos if h.next is not None else 0
        struct.pack_into(">IIII", buf, h.pos, nxt | h.type | (8 if h.exe else 0), spec,
                         len(h.data), 0)
        buf[h.pos + 16:h.pos + 16 + len(h.name)] = h.name
        meta = 16 + pad16(len(h.name) + 1)
        checksum_fix(buf, h.pos, meta, h.pos + 12)
        buf[h.pos + meta:h.pos + meta + len(h.data)] = h.data
    checksum_fix(buf, 0, min(512, size), 12)
    return bytes(buf)


# --------------------------------------------------------------- YAFFS2 --

YT_FILE, YT_SYMLINK, YT_DIR, YT_HARDLINK, YT_SPECIAL = 1, 2, 3, 4, 5
SEQ = 0x1000


class Yaffs:
    def __init__(self, page, spare, endian, tagoff=0, packed=False):
        self.page, self.spare, self.e = page, spare, endian
        self.tagoff, self.packed = tagoff, packed
        self.out = bytearray()
        self.next_id = 257
        self.ids = {"/": 1}
        self.override = {}              # path -> content written instead of TREE's

    def chunk(self, data, obj, chunk, nbytes, seq=SEQ, extra=None):
        page = bytearray(b"\xff" * self.page)
        page[:len(data)] = data
        spare = bytearray(b"\xff" * self.spare)
        if extra is not None:           # the kernel's packed header info
            otype, parent, xbytes = extra
            obj = obj | otype << 28
            chunk = 0x80000000 | parent
            nbytes = xbytes
        struct.pack_into(self.e + "IIII", spare, self.tagoff, seq, obj, chunk, nbytes)
        self.out += page + spare

    def header(self, obj, otype, parent, name, mode, size=0xFFFFFFFF, equiv=0xFFFFFFFF,
               alias=None, rdev=0xFFFFFFFF, seq=SEQ):
        h = bytearray(b"\xff" * 512)
        struct.pack_into(self.e + "IIH", h, 0, otype, parent, 0xFFFF)
        h[10:266] = name.encode().ljust(256, b"\0")
        struct.pack_into(self.e + "IIIIIIII", h, 0x10C, mode, 0, 0,
                         1700000000, 1700000000, 1700000000, size, equiv)
        if alias is not None:
            h[0x12C:0x12C + 160] = alias.encode().ljust(160, b"\0")
        struct.pack_into(self.e + "I", h, 0x1CC, rdev)
        extra = None
        if self.packed:
            xbytes = size if otype == YT_FILE else equiv if otype == YT_HARDLINK else 0
            extra = (otype, parent, xbytes)
        self.chunk(bytes(h), obj, 0, 0xFFFF, seq, extra)

    def data(self, obj, content, seq=SEQ):
        for i in range(0, max(len(content), 1), self.page):
            piece = content[i:i + self.page]
            if piece:
                self.chunk(piece, obj, i // self.page + 1, len(piece), seq)

    def file(self, obj, parent, name, content, mode, seq=SEQ):
        self.header(obj, YT_FILE, parent, name, 0o100000 | mode, size=len(content), seq=seq)
        self.data(obj, content, seq)

    def walk(self, dirpath):
        for kind, path, name, payload in children(dirpath):
            obj = self.next_id
            self.next_id += 1
            self.ids[path] = obj
            parent = self.ids[dirpath]
            if kind == "dir":
                self.header(obj, YT_DIR, parent, name, 0o40755)
                self.walk(path)
            elif kind == "file":
                self.file(obj, parent, name, self.override.get(path, payload[0]), payload[1])
            elif kind == "symlink":
                self.header(obj, YT_SYMLINK, parent, name, 0o120777, alias=payload)
            elif kind == "hardlink":
                self.header(obj, YT_HARDLINK, parent, name, 0o100755,
                            equiv=self.ids[payload])
            else:
                self.header(obj, YT_SPECIAL, parent, name, 0o20600,
                            rdev=payload[0] << 8 | payload[1])


def make_yaffs(page, spare, endian, tagoff=0, packed=False, rewrite=False, cycle=False):
    y = Yaffs(page, spare, endian, tagoff, packed)
    if rewrite:
        # /etc/shadow written three times: stale (in the walk), current
        # (sequence 0x1001, after the walk), stale again at the end. Only the
        # sequence number says which is current: neither the first nor the
        # last copy in the image is.
        y.override["/etc/shadow"] = STALE_SHADOW
        y.walk("/")
        shadow, etc = y.ids["/etc/shadow"], y.ids["/etc"]
        y.file(shadow, etc, "shadow", SHADOW, 0o640, seq=SEQ + 1)
        y.file(shadow, etc, "shadow", STALE_SHADOW.replace(b"stale", b"later"), 0o644)
        return bytes(y.out)
    y.walk("/")
    if cycle:
        a, b, f = y.next_id, y.next_id + 1, y.next_id + 2
        y.header(a, YT_DIR, b, "loop-a", 0o40755)
        y.header(b, YT_DIR, a, "loop-b", 0o40755)
        y.file(f, a, "inside", b"secret in a cycle\n", 0o644)
    return bytes(y.out)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: make-romfs-yaffs.py OUTDIR\n")
        return 2
    out = sys.argv[1]
    images = {
        "rootfs.romfs": make_romfs(),
        "loop.romfs": make_romfs(loop=True),
        "le2048.yaffs2": make_yaffs(2048, 64, "<"),
        "be512.yaffs2": make_yaffs(512, 16, ">"),
        "packed4096.yaffs2": make_yaffs(4096, 128, "<", tagoff=2, packed=True, rewrite=True),
        "cycle.yaffs2": make_yaffs(2048, 64, "<", cycle=True),
    }
    for name, data in images.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
