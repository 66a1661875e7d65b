#!/usr/bin/env python3
"""make-sqfs-legacy.py OUTDIR: write small squashfs 3.1 and 2.0 images for
tests/check_sqfs_legacy.c (no tool writes 2.x/3.x images any more).

Layout as squashfs-tools' squashfs_compat.h describes it: a 119-byte
superblock, data blocks and one fragment block, the inode table and the
directory table (metadata blocks: 16-bit length word, 0x8000 = stored), the
fragment table (a metadata block of 16-byte entries and a 64-bit index), and
the uid/gid tables (2.0: a 63-byte superblock with 32-bit table offsets,
4-byte inode headers, 8-byte fragment entries, a 32-bit fragment index, and
directory sizes without the 3 bytes 3.x adds for "." and ".."). Inode and
directory headers are packed C bitfields: in
a little-endian image the first field takes the low bits of the first byte,
in a big-endian one the high bits (bitstream() below).

Images (each in OUTDIR):
  le-zlib.sqfs, be-zlib.sqfs      zlib metadata and data
  le-plain.sqfs, be-plain.sqfs    everything stored uncompressed
  be-lzma.sqfs                    vendor LZMA: raw, no header, lc=3 lp=0 pb=2
  le-lzma-alone.sqfs              LZMA with the standard 13-byte header
  le-v2.sqfs                      squashfs 2.0, zlib
  be-v2-lzma.sqfs                 squashfs 2.0, Broadcom-style LZMA: properties
                                  byte and dictionary size, no size field
  be-loop.sqfs                    directory loops: /etc/self is /etc itself,
                                  /usr/lib/deep/up is its ancestor /usr
  le-liar.sqfs                    /etc/ghost's inode reference points past the
                                  inode table; /etc/lost's fragment index is 7
                                  of 1
  be-trunc.sqfs                   be-zlib.sqfs cut before its tables
Tree: /etc/shadow (root with an empty password), /etc/passwd, /bin/sh ->
busybox, /bin/busybox (two blocks and a tail in the fragment), /usr/lib/
deep/note.txt (nested), all owned by uid 0 but /etc/passwd (uid 1000,
gid 100).
"""
import lzma
import os
import struct
import sys
import zlib

BLOCK_LOG = 12
BLOCK = 1 << BLOCK_LOG
SHADOW = b"root::0:0:99999:7:::\n"
PASSWD = b"root:x:0:0:root:/root:/bin/sh\n"
NOTE = b"nested note\n"


def busybox():
    return bytes((i * 7 + i // 13) % 251 for i in range(2 * BLOCK + 700))


def bitstream(fields, be):
    """Pack (value, bits) fields as a C compiler packs bitfields."""
    total = sum(b for _, b in fields)
    assert total % 8 == 0
    out = bytearray(total // 8)
    pos = 0
    for value, nbits in fields:
        for i in range(nbits):
            if be:
                bit = (value >> (nbits - 1 - i)) & 1
                if bit:
                    out[(pos + i) // 8] |= 0x80 >> ((pos + i) % 8)
            else:
                bit = (value >> i) & 1
                if bit:
                    out[(pos + i) // 8] |= 1 << ((pos + i) % 8)
        pos += nbits
    return bytes(out)


class Image:
    def __init__(self, be, comp, major=3):
        self.be, self.comp, self.major = be, comp, major
        self.sbsize = 119 if major == 3 else 63
        self.data = bytearray(self.sbsize)   # superblock written last
        self.frag = bytearray()          # tails waiting for the fragment block
        self.inodes = bytearray()
        self.dirs = bytearray()
        self.ninodes = 0

    def pack(self, fmt, *v):
        return struct.pack((">" if self.be else "<") + fmt, *v)

    def compress(self, raw):
        if self.comp == "zlib":
            return zlib.compress(raw, 9)
        if self.comp == "lzma-raw":
            return lzma.compress(raw, format=lzma.FORMAT_RAW, filters=[{
                "id": lzma.FILTER_LZMA1, "lc": 3, "lp": 0, "pb": 2, "dict_size": 1 << 16}])
        if self.comp == "lzma-alone":
            return lzma.compress(raw, format=lzma.FORMAT_ALONE)
        if self.comp == "lzma-hdr5":
            body = lzma.compress(raw, format=lzma.FORMAT_RAW, filters=[{
                "id": lzma.FILTER_LZMA1, "lc": 3, "lp": 0, "pb": 2, "dict_size": 1 << 19}])
            return bytes([0x5d]) + struct.pack("<I", 1 << 19) + body
        return None

    def block(self, raw):
        """A data block; returns its size word (bit 24 = stored)."""
        c = self.compress(raw)
        if c is None or len(c) >= len(raw):
            self.data += raw
            return len(raw) | 1 << 24
        self.data += c
        return len(c)

    def meta(self, raw):
        out = bytearray()
        for i in range(0, len(raw), 8192):
            chunk = raw[i:i + 8192]
            c = self.compress(chunk)
            if c is None or len(c) >= len(chunk):
                out += self.pack("H", len(chunk) | 0x8000) + chunk
            else:
                out += self.pack("H", len(c)) + c
        return bytes(out)

    def base(self, itype, mode, uid=0, gid=255):
        self.ninodes += 1
        if self.major == 2:
            return [(itype, 4), (mode, 12), (uid, 8), (gid, 8)]
        return [(itype, 4), (mode, 12), (uid, 8), (gid, 8), (0x5f000000, 32),
                (self.ninodes, 32)]

    def ref(self):
        """Reference of the next inode written (all in metadata block 0)."""
        assert len(self.inodes) < 8192
        return len(self.inodes)

    def file(self, content, uid=0, gid=255, frag_index=None):
        start = len(self.data)
        nfull = len(content) // BLOCK
        words = [self.block(content[i * BLOCK:(i + 1) * BLOCK]) for i in range(nfull)]
        tail = content[nfull * BLOCK:]
        frag, off = 0xFFFFFFFF, 0
        if tail:
            frag, off = 0, len(self.frag)
            self.frag += tail
        if frag_index is not None:
            frag = frag_index
        r = self.ref()
        if self.major == 2:
            f = self.base(2, 0o644, uid, gid) + [(0x5f000000, 32), (start, 32), (frag, 32),
                                                 (off, 32), (len(content), 32)]
        else:
            f = self.base(2, 0o644, uid, gid) + [(start, 64), (frag, 32), (off, 32),
                                                 (len(content), 32)]
        self.inodes += bitstream(f, self.be) + b"".join(self.pack("I", w) for w in words)
        return r, 2

    def symlink(self, target):
        r = self.ref()
        nlink = [] if self.major == 2 else [(1, 32)]
        f = self.base(3, 0o777) + nlink + [(len(target), 16)]
        self.inodes += bitstream(f, self.be) + target
        return r, 3

    def directory(self, entries, self_name=None):
        """entries: [(name, (ref, type))]; self_name: an entry that points
        at this directory itself (a loop)."""
        my_ref = self.ref()      # this inode comes right after its children
        if self_name:
            entries = entries + [(self_name, (my_ref, 1))]
        entries = sorted(entries)
        start = len(self.dirs)
        listing = bytearray()
        v2 = self.major == 2
        if entries:
            hdr = [(len(entries) - 1, 8), (0, 24)] if v2 else \
                [(len(entries) - 1, 8), (0, 32), (1, 32)]
            listing += bitstream(hdr, self.be)
            for name, (r, t) in entries:
                ent = [(r, 13), (t, 3), (len(name) - 1, 8)] + ([] if v2 else [(0, 16)])
                listing += bitstream(ent, self.be) + name
        self.dirs += listing
        if v2:
            f = self.base(1, 0o755) + [(len(listing), 19), (start, 13), (0x5f000000, 32),
                                       (0, 24)]
        else:
            f = self.base(1, 0o755) + [(2, 32), (len(listing) + 3, 19), (start, 13),
                                       (0, 32), (0, 32)]
        self.inodes += bitstream(f, self.be)
        return my_ref, 1

    def finish(self, root):
        frag_start = len(self.data)
        fword = self.block(bytes(self.frag))
        inode_start = len(self.data)
        self.data += self.meta(bytes(self.inodes))
        dir_start = len(self.data)
        self.data += self.meta(bytes(self.dirs))
        ftab = len(self.data)
        if self.major == 2:
            self.data += self.meta(self.pack("II", frag_start, fword))
        else:
            self.data += self.meta(self.pack("QII", frag_start, fword, 0))
        frag_index = len(self.data)
        self.data += self.pack("I" if self.major == 2 else "Q", ftab)
        uid_start = len(self.data)
        self.data += self.pack("II", 0, 1000)
        guid_start = len(self.data)
        self.data += self.pack("I", 100)
        used = len(self.data)
        v2 = self.major == 2
        sb = self.pack("IIIIIII", 0x73717368, self.ninodes, used if v2 else 0,
                       uid_start if v2 else 0, guid_start if v2 else 0,
                       inode_start if v2 else 0, dir_start if v2 else 0)
        sb += self.pack("HHHH", self.major, 0 if v2 else 1, BLOCK if v2 else 0, BLOCK_LOG)
        sb += bytes([0, 2, 1])                   # flags, no_uids, no_guids
        sb += self.pack("iQII", 0x5f000000, root, BLOCK, 1)
        sb += self.pack("I", frag_index if v2 else 0)
        if not v2:
            sb += self.pack("QQQQQQQ", used, uid_start, guid_start, inode_start, dir_start,
                            frag_index, 0xFFFFFFFFFFFFFFFF)
        assert len(sb) == self.sbsize, len(sb)
        self.data[0:self.sbsize] = sb
        while len(self.data) % 4096:
            self.data += b"\0"
        return bytes(self.data)


def build(be, comp, loop=False, liar=False, major=3):
    if loop:
        # an entry pointing up needs its ancestor's reference, which is only
        # known once the ancestor is written: build twice (fixed-size inodes,
        # so the references do not move)
        return build_pass(be, comp, loop, liar, major, build_pass(be, comp, loop, liar, major,
                                                                  0)[1])[0]
    return build_pass(be, comp, loop, liar, major, 0)[0]


def build_pass(be, comp, loop, liar, major, usr_ref):
    im = Image(be, comp, major)
    shadow = im.file(SHADOW)
    passwd = im.file(PASSWD, uid=1, gid=0)
    etc_entries = [(b"shadow", shadow), (b"passwd", passwd)]
    if liar:
        etc_entries.append((b"lost", im.file(b"tail of a lost file\n", frag_index=7)))
        etc_entries.append((b"ghost", (8000, 2)))    # past the inode table
    etc = im.directory(etc_entries, self_name=b"self" if loop else None)
    bb = im.file(busybox())
    sh = im.symlink(b"busybox")
    bindir = im.directory([(b"busybox", bb), (b"sh", sh)])
    note = im.file(NOTE)
    deep_entries = [(b"note.txt", note)]
    if loop:
        deep_entries.append((b"up", (usr_ref, 1)))     # /usr/lib/deep/up is /usr
    deep = im.directory(deep_entries)
    lib = im.directory([(b"deep", deep)])
    usr = im.directory([(b"lib", lib)])
    root = im.directory([(b"bin", bindir), (b"etc", etc), (b"usr", usr)])
    return im.finish(root[0]), usr[0]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    images = {
        "le-zlib.sqfs": build(False, "zlib"),
        "be-zlib.sqfs": build(True, "zlib"),
        "le-plain.sqfs": build(False, None),
        "be-plain.sqfs": build(True, None),
        "be-lzma.sqfs": build(True, "lzma-raw"),
        "le-lzma-alone.sqfs": build(False, "lzma-alone"),
        "le-v2.sqfs": build(False, "zlib", major=2),
        "be-v2-lzma.sqfs": build(True, "lzma-hdr5", major=2),
        "be-loop.sqfs": build(True, "zlib", loop=True),
        "le-liar.sqfs": build(False, "zlib", liar=True),
    }
    whole = images["be-zlib.sqfs"]
    # cut inside the inode table: the superblock still claims the whole image
    inode_start = struct.unpack(">Q", whole[87:95])[0]
    images["be-trunc.sqfs"] = whole[:inode_start + 20]
    for name, data in images.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
