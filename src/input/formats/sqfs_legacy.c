/* sqfs_legacy.c: squashfs images libsquashfs cannot read, read in memory:
 * versions 2.x and 3.x in either byte order (routers of 2005-2012, often
 * big-endian MIPS, often with a vendor's LZMA), and big-endian 4.0 (AVM).
 *
 * Layouts (squashfs-tools' squashfs_compat.h, Linux 2.6 fs/squashfs):
 *  - metadata (inode, directory, fragment, id tables) is a chain of blocks,
 *    each a 16-bit length word (0x8000 = stored uncompressed) and at most
 *    8 KiB of output; 2.x/3.x images made with the "check" flag put a
 *    marker byte after the word. An inode reference is (block offset from
 *    the table start << 16) | offset in the decoded block. Both tables are
 *    decoded once, into one buffer each, with an index of block offsets.
 *  - 2.x/3.x inode and directory headers are packed C bitfields: a
 *    little-endian image numbers bits from the least significant bit of
 *    each byte, a big-endian image from the most significant one, so every
 *    field here is read by bit position (bits()) and comes out right in
 *    both byte orders; byte-aligned integers follow the same rule.
 *  - data blocks: a list of 32-bit size words (bit 24 = stored), a size of
 *    0 is a sparse block; a file's tail may sit in a fragment block (entry
 *    in the fragment table: start, size word with the same bit 24).
 * Compression: 2.x/3.x define no compressor field. zlib is standard;
 * vendors swapped in LZMA in several forms, all tried per block: the
 * standard lzma_alone header (13 bytes), a 5-byte properties+dictionary
 * header without the size (Broadcom; the TP-Link form sqfs_compat.c reads
 * in 4.0 images), and raw LZMA with the usual lc=3 lp=0 pb=2 and no header
 * at all. These are tried here rather than through sqfs_compat.c because a
 * data block must decode to exactly its expected size: a block without an
 * end marker would otherwise "decode" a byte too many, and a wrong form
 * can give the wrong size. The form that decoded a block is tried first
 * for the next one, and the layout row says which forms the image used.
 * Big-endian 4.0 names its compressor in the superblock (AVM: xz or lzma;
 * others through libsquashfs, LZO through sqfs_compat.c); its metadata
 * length words may be little-endian (AVM does this): the first inode block
 * decides.
 *
 * Bounds: all offsets and lengths are checked against the image; decoded
 * metadata per table is capped by the ratio and entry-size limits; blocks
 * decode into at most the block size (8 KiB for metadata); directory depth
 * FW_MAX_FS_DIR_DEPTH with loop detection (a directory that is its own
 * ancestor is reported, not entered); FW_MAX_FS_DIR_ENTRIES per directory;
 * files by the loader's entry-size, ratio and bytes-held limits. */
#include <lzma.h>
#include <stdarg.h>
#include <sqfs/compressor.h>
#include <sqfs/error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/formats/sqfs_compat.h"
#include "input/formats/sqfs_legacy.h"

#define META_MAX 8192u
#define INVALID_FRAG 0xffffffffu
#define DATA_STORED (1u << 24)

/* How a block was stored; counted per image for the layout row. */
enum { V_STORED, V_ZLIB, V_LZMA_ALONE, V_LZMA_HDR5, V_LZMA_RAW, V_NATIVE, V_COUNT };

typedef struct mtable {
    unsigned char *buf;      /* decoded blocks, back to back */
    size_t len, cap;
    struct { uint64_t rel; size_t at; } *idx;   /* block offset -> buf offset */
    size_t nidx, capidx;
} mtable;

typedef struct lsq {
    fw_carve *cx;
    fw_loader *ld;
    fw_ns *ns;
    const char *where;
    uint64_t off;            /* of the superblock in the carved blob */
    const unsigned char *d;
    size_t n;
    int be;                  /* image byte order (bitfield order too) */
    int hdr_be;              /* byte order of metadata length words */
    int marker;              /* 2.x/3.x "check" flag: a byte after the word */
    unsigned major, minor;
    uint32_t block_size, inodes, fragments;
    unsigned comp_id;        /* 4.0 only */
    uint64_t inode_start, dir_start, dir_end, frag_start, uid_start, guid_start, id_start;
    uint64_t root_ref;
    unsigned no_uids, no_guids, no_ids;
    uint64_t meta_cap;       /* decoded bytes per metadata table */
    mtable itab, dtab, ftab, idtab;
    sqfs_compressor_t *native;  /* 4.0: the superblock's compressor */
    int pref;                /* form that decoded the last block, -1 none */
    unsigned used[V_COUNT];
    unsigned char *scratch, *fragbuf;
    size_t fraglen;
    uint32_t fragidx;        /* fragment held in fragbuf, INVALID_FRAG none */
    uint32_t fragbad;        /* last fragment that did not decode */
    uint64_t path[FW_MAX_FS_DIR_DEPTH + 2];  /* directory inode refs on the path */
    const char *names[FW_MAX_FS_DIR_DEPTH + 2];  /* and their paths */
    unsigned errors, bad_ids;
} lsq;

typedef struct linode {
    unsigned type;           /* on-disk type */
    fw_node_type t;
    uint32_t mode, uid, gid;
    uint64_t size;           /* file bytes, directory listing bytes, link length */
    uint64_t start;          /* first data block (absolute) or listing block */
    uint32_t frag, foff;
    unsigned doff;           /* listing offset in its block */
    size_t tail;             /* itab offset of the block list / link target */
} linode;

/* Field of `n` bits at bit `pos` of p, in the image's bit order (above). */
static uint64_t bits(int be, const unsigned char *p, unsigned pos, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned b = pos + i;
        unsigned bit = be ? (p[b >> 3] >> (7 - (b & 7))) & 1u : (p[b >> 3] >> (b & 7)) & 1u;
        if (be)
            v = v << 1 | bit;
        else
            v |= (uint64_t)bit << i;
    }
    return v;
}

static uint64_t sbf(const lsq *r, unsigned byte, unsigned nbytes)
{
    return bits(r->be, r->d, byte * 8, nbytes * 8);
}

static void serr(lsq *r, uint64_t rel, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void serr(lsq *r, uint64_t rel, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fw_carve_error(r->cx, r->off + rel, 0, "squashfs %u.x%s: %s", r->major,
                   r->be ? " big-endian" : "", buf);
    r->errors++;
}

static void eerr(lsq *r, const char *path, uint64_t rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void eerr(lsq *r, const char *path, uint64_t rel, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_report_add_error(r->ld->report, w, rel == FW_NO_OFFSET ? FW_NO_OFFSET : r->off + rel, 0,
                        "%s", buf);
    free(w);
    r->errors++;
}

/* --- decompression --- */

static long run_lzma(lzma_stream *s, const unsigned char *in, size_t len, unsigned char *out,
                     size_t cap, int need_end)
{
    s->next_in = in;
    s->avail_in = len;
    s->next_out = out;
    s->avail_out = cap;
    lzma_ret rc = lzma_code(s, LZMA_FINISH);
    size_t got = cap - s->avail_out;
    size_t left = s->avail_in;
    lzma_end(s);
    if (rc == LZMA_STREAM_END)
        return (long)got;
    /* A block without an end marker ends when its input does, or when the
     * output is full and only the range coder's flush bytes are left (the
     * decoder would otherwise invent bytes past the real end). */
    if (!need_end && (rc == LZMA_OK || rc == LZMA_BUF_ERROR) &&
        (left == 0 || (got == cap && left <= 8)))
        return (long)got;
    return -1;
}

/* Decode with one form. Bytes out, or -1. */
static long try_form(lsq *r, const int *form, const unsigned char *in, size_t len, unsigned char *out,
                     size_t cap)
{
    switch (*form) {
    case V_ZLIB: {
        if (len < 2 || (in[0] & 0x0f) != 8 || ((unsigned)in[0] << 8 | in[1]) % 31)
            return -1;
        uLongf ol = cap;
        return uncompress(out, &ol, in, (uLong)len) == Z_OK ? (long)ol : -1;
    }
    case V_LZMA_ALONE: {
        lzma_stream s = LZMA_STREAM_INIT;
        if (len < 13 || lzma_alone_decoder(&s, FW_MAX_DECODER_MEMORY) != LZMA_OK)
            return -1;
        return run_lzma(&s, in, len, out, cap, 0);
    }
    case V_LZMA_HDR5:
    case V_LZMA_RAW: {
        /* HDR5: properties byte and 32-bit dictionary size, then raw data
         * (the form sqfs_compat.c knows from TP-Link); RAW: no header. */
        lzma_options_lzma opt;
        memset(&opt, 0, sizeof opt);
        unsigned props = 3 + 0 * 9 + 2 * 45;     /* lc=3 lp=0 pb=2 */
        size_t skip = 0;
        if (*form == V_LZMA_HDR5) {
            if (len < 6 || in[0] >= 9 * 5 * 5)
                return -1;
            props = in[0];
            skip = 5;
        }
        opt.lc = props % 9;
        opt.lp = (props / 9) % 5;
        opt.pb = props / 45;
        /* a block never refers further back than its own length */
        opt.dict_size = r->block_size < 4096 ? 4096 : r->block_size;
        lzma_filter f[2] = { { LZMA_FILTER_LZMA1, &opt }, { LZMA_VLI_UNKNOWN, NULL } };
        lzma_stream s = LZMA_STREAM_INIT;
        if (lzma_raw_decoder(&s, f) != LZMA_OK)
            return -1;
        return run_lzma(&s, in + skip, len - skip, out, cap, 0);
    }
    case V_NATIVE: {
        sqfs_s32 got = r->native->do_block(r->native, in, (sqfs_u32)len, out, (sqfs_u32)cap);
        return got < 0 ? -1 : got;
    }
    default:
        return -1;
    }
}

/* Decode one compressed block into out (at most cap bytes). expect: the
 * exact size it must give, or 0 (any non-empty output). Returns the bytes
 * or -1 when no form decodes it, -2 when the compressor is not supported. */
static long decode(lsq *r, const unsigned char *in, size_t len, unsigned char *out, size_t cap,
                   size_t expect)
{
    int order[5], no = 0;
    if (r->major == 4 && r->comp_id != 2) {
        if (!r->native)
            return -2;
        order[no++] = V_NATIVE;
    } else {
        if (r->pref >= 0)
            order[no++] = r->pref;
        /* raw LZMA begins with a zero byte, a header with the properties */
        static const int hdr[4] = { V_ZLIB, V_LZMA_ALONE, V_LZMA_HDR5, V_LZMA_RAW };
        static const int raw[4] = { V_ZLIB, V_LZMA_RAW, V_LZMA_ALONE, V_LZMA_HDR5 };
        for (int i = 0; i < 4; i++) {
            int f = in[0] == 0 ? raw[i] : hdr[i];
            if (f != r->pref && !(r->major == 4 && f == V_ZLIB))
                order[no++] = f;
        }
    }
    for (int i = 0; i < no; i++) {
        int form = order[i];
        /* the exact size, when known, keeps a raw decoder from running on */
        long got = try_form(r, &form, in, len, out, expect ? expect : cap);
        if (got < 0 || (expect && (size_t)got != expect) || (!expect && got == 0))
            continue;
        r->used[form]++;
        r->pref = form;
        return got;
    }
    return -1;
}

/* --- metadata --- */

/* The length word at abs (image or swapped order); 0 if implausible. */
static unsigned meta_word(const lsq *r, uint64_t at, int be)
{
    if (at + 2 > r->n)
        return 0;
    unsigned w = be ? fw_be16(r->d + at) : fw_le16(r->d + at);
    unsigned len = w & 0x7fff;
    return len == 0 || len > META_MAX ? 0 : w;
}

/* Decode the metadata block at image offset `at` into out (>= META_MAX):
 * FW_OK with its output size in *got and the next block in *next, or
 * FW_EFORMAT / FW_EUNSUPPORTED with err's message saying what the block
 * does ("runs past the end of the image"; the caller names the block). */
static int meta_block(lsq *r, uint64_t at, unsigned char *out, size_t *got, uint64_t *next,
                      fw_error *err)
{
    unsigned w = meta_word(r, at, r->hdr_be);
    if (!w)
        return fw_error_set(err, FW_EFORMAT, "%s", at + 2 > r->n
                                ? "runs past the end of the image"
                                : "has an invalid length word");
    uint64_t data = at + 2 + (unsigned)r->marker;
    size_t len = w & 0x7fff;
    if (data + len > r->n)
        return fw_error_set(err, FW_EFORMAT, "runs past the end of the image");
    if (r->marker && r->d[at + 2] != 0xff)
        return fw_error_set(err, FW_EFORMAT, "lacks the check marker byte");
    *next = data + len;
    if (w & 0x8000) {
        memcpy(out, r->d + data, len);
        r->used[V_STORED]++;
        *got = len;
        return FW_OK;
    }
    long k = decode(r, r->d + data, len, out, META_MAX, 0);
    if (k == -2)
        return fw_error_set(err, FW_EUNSUPPORTED, "uses a compressor fwaudit does not decode");
    if (k < 0)
        return fw_error_set(err, FW_EFORMAT, "does not decode (zlib, LZMA in any known form)");
    *got = (size_t)k;
    return FW_OK;
}

/* Decode the chain of blocks [start, end) into t. Returns 0, or -1 when a
 * block failed (reported); what was decoded before stays usable. */
static int load_table(lsq *r, mtable *t, uint64_t start, uint64_t end, const char *name)
{
    uint64_t at = start;
    while (at < end) {
        if (t->len + META_MAX > r->meta_cap) {
            serr(r, at, "%s table larger than %llu decoded bytes (ratio/entry-size limit): "
                 "rest not read", name, (unsigned long long)r->meta_cap);
            return -1;
        }
        FW_XGROW(t->buf, t->cap, t->len + META_MAX + 1);
        fw_error err;
        uint64_t next = 0;
        size_t got = 0;
        if (meta_block(r, at, t->buf + t->len, &got, &next, &err) != FW_OK) {
            serr(r, at, "%s table block at 0x%llx %s: rest of the table not read", name,
                 (unsigned long long)at, err.msg);
            return -1;
        }
        FW_XGROW(t->idx, t->capidx, t->nidx + 1);
        t->idx[t->nidx].rel = at - start;
        t->idx[t->nidx].at = t->len;
        t->nidx++;
        t->len += got;
        at = next;
    }
    return 0;
}

/* Offset in t's buffer of reference (block, offset), or -1. */
static long long meta_pos(const mtable *t, uint64_t block, unsigned offset)
{
    size_t lo = 0, hi = t->nidx;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->idx[mid].rel < block) lo = mid + 1; else hi = mid;
    }
    if (lo >= t->nidx || t->idx[lo].rel != block || offset >= META_MAX)
        return -1;
    size_t pos = t->idx[lo].at + offset;
    return pos <= t->len ? (long long)pos : -1;
}

/* A table given by an index of pointers to metadata blocks (fragments,
 * 4.0 ids): `count` entries of `esize` bytes. Returns 0 or -1 (reported). */
static int load_indexed(lsq *r, mtable *t, uint64_t index, uint64_t count, unsigned esize,
                        unsigned ptrsize, const char *name)
{
    if (!count)
        return 0;
    uint64_t bytes = count * esize;
    if (bytes > r->meta_cap) {
        serr(r, index, "%s table of %llu entries exceeds the decoded-size limit: not read",
             name, (unsigned long long)count);
        return -1;
    }
    uint64_t nblocks = (bytes + META_MAX - 1) / META_MAX;
    if (index > r->n || nblocks * ptrsize > r->n - index) {
        serr(r, index, "%s table index at 0x%llx lies outside the image: not read", name,
             (unsigned long long)index);
        return -1;
    }
    t->buf = fw_xcalloc(1, (size_t)nblocks * META_MAX + 1);
    t->cap = (size_t)nblocks * META_MAX + 1;
    for (uint64_t i = 0; i < nblocks; i++) {
        uint64_t at = bits(r->be, r->d + index + i * ptrsize, 0, ptrsize * 8);
        fw_error err;
        uint64_t next;
        size_t got = 0, want = i + 1 < nblocks ? META_MAX : (size_t)(bytes - i * META_MAX);
        int rc = at < r->n ? meta_block(r, at, t->buf + i * META_MAX, &got, &next, &err)
                           : fw_error_set(&err, FW_EFORMAT, "lies outside the image");
        if (rc != FW_OK || got < want) {
            serr(r, at, "%s table block %llu at 0x%llx %s: entries from %llu on not read", name,
                 (unsigned long long)i, (unsigned long long)at,
                 rc != FW_OK ? err.msg : "is too short",
                 (unsigned long long)(i * META_MAX / esize));
            t->len = (size_t)(i * META_MAX);
            return -1;
        }
        t->len = (size_t)(i * META_MAX) + got;
    }
    if (t->len > bytes)
        t->len = (size_t)bytes;
    return 0;
}

/* --- inodes --- */

static fw_node_type node_type(unsigned type, unsigned major)
{
    switch (type) {
    case 1: case 8: return FW_NODE_DIR;
    case 2: return FW_NODE_FILE;
    case 9: return major >= 3 ? FW_NODE_FILE : FW_NODE_OTHER;
    case 3: return FW_NODE_SYMLINK;
    case 4: case 5: return FW_NODE_DEVICE;
    case 6: return FW_NODE_FIFO;
    case 7: return FW_NODE_SOCKET;
    case 10: return major == 4 ? FW_NODE_SYMLINK : FW_NODE_OTHER;
    case 11: case 12: return major == 4 ? FW_NODE_DEVICE : FW_NODE_OTHER;
    case 13: return major == 4 ? FW_NODE_FIFO : FW_NODE_OTHER;
    case 14: return major == 4 ? FW_NODE_SOCKET : FW_NODE_OTHER;
    default: return FW_NODE_OTHER;
    }
}

/* Fixed header size of an inode of this type (the block list or link
 * target follows), 0 for an unknown type. */
static unsigned inode_len(unsigned major, unsigned type)
{
    static const unsigned v2[] = { 0, 15, 24, 6, 6, 6, 4, 4, 18, 0 };
    static const unsigned v3[] = { 0, 28, 32, 18, 18, 18, 16, 16, 31, 40 };
    static const unsigned v4[] = { 0, 32, 32, 24, 24, 24, 20, 20, 40, 56, 24, 28, 28, 24, 24 };
    if (major == 2)
        return type < 10 ? v2[type] : 0;
    if (major == 3)
        return type < 10 ? v3[type] : 0;
    return type < 15 ? v4[type] : 0;
}

static uint32_t lookup_id(lsq *r, unsigned idx, int gid, uint32_t uid)
{
    if (r->major == 4) {
        if ((uint64_t)idx * 4 + 4 <= r->idtab.len)
            return (uint32_t)bits(r->be, r->idtab.buf + idx * 4, 0, 32);
    } else if (!gid) {
        if (idx < r->no_uids && r->uid_start < r->n && idx * 4u + 4 <= r->n - r->uid_start)
            return (uint32_t)bits(r->be, r->d + r->uid_start + idx * 4, 0, 32);
    } else {
        if (idx == 255)          /* "same as the uid" */
            return uid;
        if (idx < r->no_guids && r->guid_start < r->n && idx * 4u + 4 <= r->n - r->guid_start)
            return (uint32_t)bits(r->be, r->d + r->guid_start + idx * 4, 0, 32);
    }
    r->bad_ids++;
    return 0;
}

/* Read the inode at ref: FW_OK, or FW_EFORMAT with why it cannot be read
 * in err. */
static int read_inode(lsq *r, uint64_t ref, linode *o, fw_error *err)
{
    long long pos = meta_pos(&r->itab, ref >> 16, (unsigned)(ref & 0xffff));
    if (pos < 0)
        return fw_error_set(err, FW_EFORMAT, "inode reference points outside the inode table");
    const unsigned char *p = r->itab.buf + pos;
    size_t avail = r->itab.len - (size_t)pos;
    unsigned base = r->major == 2 ? 4 : r->major == 3 ? 12 : 16;
    if (avail < base)
        return fw_error_set(err, FW_EFORMAT, "inode runs past the end of the inode table");
    int be = r->be;
    unsigned uidx, gidx;
    memset(o, 0, sizeof *o);
    if (r->major == 4) {
        o->type = (unsigned)bits(be, p, 0, 16);
        o->mode = (uint32_t)bits(be, p, 16, 16) & 07777;
        uidx = (unsigned)bits(be, p, 32, 16);
        gidx = (unsigned)bits(be, p, 48, 16);
    } else {
        o->type = (unsigned)bits(be, p, 0, 4);
        o->mode = (uint32_t)bits(be, p, 4, 12);
        uidx = (unsigned)bits(be, p, 16, 8);
        gidx = (unsigned)bits(be, p, 24, 8);
    }
    unsigned len = inode_len(r->major, o->type);
    o->t = node_type(o->type, r->major);
    if (!len || o->t == FW_NODE_OTHER)
        return fw_error_set(err, FW_EFORMAT, "unknown inode type");
    if (avail < len)
        return fw_error_set(err, FW_EFORMAT, "inode runs past the end of the inode table");
    o->uid = lookup_id(r, uidx, 0, 0);
    o->gid = lookup_id(r, gidx, 1, o->uid);
    o->tail = (size_t)pos + len;
    o->frag = INVALID_FRAG;
    unsigned m = r->major, t = o->type;
    if (m == 2) {
        if (t == 1) { o->size = bits(be, p, 32, 19); o->doff = (unsigned)bits(be, p, 51, 13);
                      o->start = bits(be, p, 96, 24); }
        if (t == 8) { o->size = bits(be, p, 32, 27); o->doff = (unsigned)bits(be, p, 59, 13);
                      o->start = bits(be, p, 104, 24); }
        if (t == 2) { o->start = bits(be, p, 64, 32); o->frag = (uint32_t)bits(be, p, 96, 32);
                      o->foff = (uint32_t)bits(be, p, 128, 32); o->size = bits(be, p, 160, 32); }
        if (t == 3) o->size = bits(be, p, 32, 16);
    } else if (m == 3) {
        if (t == 1) { o->size = bits(be, p, 128, 19); o->doff = (unsigned)bits(be, p, 147, 13);
                      o->start = bits(be, p, 160, 32); }
        if (t == 8) { o->size = bits(be, p, 128, 27); o->doff = (unsigned)bits(be, p, 155, 13);
                      o->start = bits(be, p, 168, 32); }
        if (t == 2) { o->start = bits(be, p, 96, 64); o->frag = (uint32_t)bits(be, p, 160, 32);
                      o->foff = (uint32_t)bits(be, p, 192, 32); o->size = bits(be, p, 224, 32); }
        if (t == 9) { o->start = bits(be, p, 128, 64); o->frag = (uint32_t)bits(be, p, 192, 32);
                      o->foff = (uint32_t)bits(be, p, 224, 32); o->size = bits(be, p, 256, 64); }
        if (t == 3) o->size = bits(be, p, 128, 16);
    } else {
        if (t == 1) { o->start = bits(be, p, 128, 32); o->size = bits(be, p, 192, 16);
                      o->doff = (unsigned)bits(be, p, 208, 16); }
        if (t == 8) { o->size = bits(be, p, 160, 32); o->start = bits(be, p, 192, 32);
                      o->doff = (unsigned)bits(be, p, 272, 16); }
        if (t == 2) { o->start = bits(be, p, 128, 32); o->frag = (uint32_t)bits(be, p, 160, 32);
                      o->foff = (uint32_t)bits(be, p, 192, 32); o->size = bits(be, p, 224, 32); }
        if (t == 9) { o->start = bits(be, p, 128, 64); o->size = bits(be, p, 192, 64);
                      o->frag = (uint32_t)bits(be, p, 352, 32);
                      o->foff = (uint32_t)bits(be, p, 384, 32); }
        if (t == 3 || t == 10) o->size = bits(be, p, 160, 32);
    }
    if (o->t == FW_NODE_SYMLINK && o->size > r->itab.len - o->tail)
        return fw_error_set(err, FW_EFORMAT,
                            "symlink target runs past the end of the inode table");
    return FW_OK;
}

/* --- file data --- */

/* The fragment block `idx` decoded into r->fragbuf: FW_OK, or FW_EFORMAT
 * with why in err. */
static int load_fragment(lsq *r, uint32_t idx, fw_error *err)
{
    if (r->fragidx == idx)
        return FW_OK;
    if (r->fragbad == idx)
        return fw_error_set(err, FW_EFORMAT, "fragment block does not decode");
    unsigned es = r->major == 2 ? 8 : 16;
    if (idx >= r->fragments || (uint64_t)idx * es + es > r->ftab.len)
        return fw_error_set(err, FW_EFORMAT, "fragment index beyond the fragment table");
    const unsigned char *e = r->ftab.buf + (size_t)idx * es;
    uint64_t start = r->major == 2 ? bits(r->be, e, 0, 32) : bits(r->be, e, 0, 64);
    uint32_t w = (uint32_t)bits(r->be, e, r->major == 2 ? 32 : 64, 32);
    size_t len = w & (DATA_STORED - 1);
    if (len == 0 || len > r->block_size || start > r->n || len > r->n - start)
        return fw_error_set(err, FW_EFORMAT,
                            "fragment block lies outside the image or has an invalid size");
    long got;
    if (w & DATA_STORED) {
        memcpy(r->fragbuf, r->d + start, len);
        got = (long)len;
    } else {
        got = decode(r, r->d + start, len, r->fragbuf, r->block_size, 0);
    }
    if (got < 0) {
        r->fragbad = idx;       /* the next file in it fails without decoding again */
        return fw_error_set(err, FW_EFORMAT, "fragment block does not decode");
    }
    r->fragidx = idx;
    r->fraglen = (size_t)got;
    return FW_OK;
}

static void read_file(lsq *r, fw_node *node, const linode *ino, const char *path)
{
    uint64_t bs = r->block_size;
    uint64_t size = ino->size, keep = size;
    int has_frag = ino->frag != INVALID_FRAG;
    uint64_t nblocks = has_frag ? size / bs : (size + bs - 1) / bs;
    /* the block list must lie in the inode table: this bounds nblocks */
    if (nblocks > (r->itab.len - ino->tail) / 4) {
        eerr(r, path, FW_NO_OFFSET, "file of %llu bytes: its block list runs past the end of "
             "the inode table (lying size?): not read", (unsigned long long)size);
        node->truncated = 1;
        return;
    }
    if (keep > r->ld->lim->max_entry_size) {
        eerr(r, path, FW_NO_OFFSET, "entry larger than the entry-size limit (%llu bytes): "
             "only its first part is checked", (unsigned long long)r->ld->lim->max_entry_size);
        keep = r->ld->lim->max_entry_size;
        node->truncated = 1;
    }
    uint64_t ratio_cap = (uint64_t)r->n * r->ld->lim->max_ratio;
    if (ratio_cap < FW_RATIO_FLOOR_BYTES)
        ratio_cap = FW_RATIO_FLOOR_BYTES;
    if (keep > ratio_cap) {
        eerr(r, path, FW_NO_OFFSET, "file claims %llu bytes, more than %u times the image: "
             "only its first part is checked", (unsigned long long)size, r->ld->lim->max_ratio);
        keep = ratio_cap;
        node->truncated = 1;
    }
    char *w = fw_xasprintf("%s > %s", r->where, path);
    int ok = fw_loader_may_hold(r->ld, keep, w);
    free(w);
    if (!ok) {
        node->truncated = 1;
        return;
    }
    unsigned char *buf = fw_xmalloc((size_t)keep + 1);
    size_t got = 0;
    uint64_t at = ino->start;
    for (uint64_t i = 0; i < nblocks && got < keep; i++) {
        uint32_t word = (uint32_t)bits(r->be, r->itab.buf + ino->tail + i * 4, 0, 32);
        size_t len = word & (DATA_STORED - 1);
        size_t want = (size_t)(size - i * bs < bs ? size - i * bs : bs);
        size_t take = want < keep - got ? want : (size_t)(keep - got);
        if (len == 0) {                       /* sparse block */
            memset(buf + got, 0, take);
            got += take;
            continue;
        }
        if (len > bs || at > r->n || len > r->n - at) {
            eerr(r, path, at, "data block %llu at 0x%llx (%zu bytes) lies outside the image "
                 "or exceeds the block size: file read in part", (unsigned long long)i,
                 (unsigned long long)at, len);
            node->truncated = 1;
            break;
        }
        long out;
        if (word & DATA_STORED) {
            out = len == want ? (long)len : -1;
            if (out >= 0)
                memcpy(r->scratch, r->d + at, len);
        } else {
            out = decode(r, r->d + at, len, r->scratch, r->block_size, want);
        }
        if (out < 0) {
            eerr(r, path, at, "data block %llu at 0x%llx (%zu bytes) does not decode to %zu "
                 "bytes%s: file read in part", (unsigned long long)i, (unsigned long long)at,
                 len, want,
                 out == -2 ? " (compressor not supported)" : "");
            node->truncated = 1;
            break;
        }
        memcpy(buf + got, r->scratch, take);
        got += take;
        at += len;
    }
    if (!node->truncated && has_frag && got < keep) {
        fw_error err;
        size_t tail = (size_t)(size % bs);
        if (load_fragment(r, ino->frag, &err) != FW_OK) {
            eerr(r, path, FW_NO_OFFSET, "file tail in fragment %u: %s: file read in part",
                 ino->frag, err.msg);
            node->truncated = 1;
        } else if (ino->foff > r->fraglen || tail > r->fraglen - ino->foff) {
            eerr(r, path, FW_NO_OFFSET, "file tail (%zu bytes at %u) lies outside fragment %u "
                 "(%zu bytes): file read in part", tail, ino->foff, ino->frag, r->fraglen);
            node->truncated = 1;
        } else {
            size_t take = tail < keep - got ? tail : (size_t)(keep - got);
            memcpy(buf + got, r->fragbuf + ino->foff, take);
            got += take;
        }
    }
    buf[got] = '\0';
    free(node->data);
    node->data = buf;
    node->size = got;
    r->ld->tree->bytes_held += got;
}

/* --- directories --- */

typedef struct kid {
    char *name;
    uint64_t ref;
} kid;

static char *child_path(const char *dir, const char *name)
{
    return fw_xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", name);
}

/* The entries of directory `dir` (listing in the directory table). */
static size_t list_dir(lsq *r, const linode *dir, const char *path, kid **out)
{
    kid *kids = NULL;
    size_t nk = 0, ck = 0;
    *out = NULL;
    uint64_t size = dir->size;
    if (r->major >= 3)           /* 3.x and 4.0 count "." and ".." as 3 bytes */
        size = size >= 3 ? size - 3 : 0;
    if (!size)
        return 0;
    long long pos = meta_pos(&r->dtab, dir->start, dir->doff);
    if (pos < 0) {
        eerr(r, path, FW_NO_OFFSET, "directory listing (block 0x%llx offset %u) lies outside "
             "the directory table: not read", (unsigned long long)dir->start, dir->doff);
        return 0;
    }
    size_t end = (size_t)pos + (size_t)size;
    if (size > r->dtab.len || end > r->dtab.len) {
        eerr(r, path, FW_NO_OFFSET, "directory listing runs past the end of the directory "
             "table: read in part");
        end = r->dtab.len;
    }
    unsigned hsz = r->major == 2 ? 4 : r->major == 3 ? 9 : 12;
    unsigned esz = r->major == 2 ? 3 : r->major == 3 ? 5 : 8;
    size_t at = (size_t)pos;
    int be = r->be;
    while (end - at >= hsz) {
        const unsigned char *h = r->dtab.buf + at;
        uint64_t count, start;
        if (r->major == 4) {
            count = bits(be, h, 0, 32);
            start = bits(be, h, 32, 32);
        } else {
            count = bits(be, h, 0, 8);
            start = bits(be, h, 8, r->major == 2 ? 24 : 32);
        }
        at += hsz;
        count++;
        if (count > 256) {
            eerr(r, path, FW_NO_OFFSET, "directory header claims %llu entries (at most 256): "
                 "rest of the listing not read", (unsigned long long)count);
            break;
        }
        for (uint64_t k = 0; k < count; k++) {
            if (end - at < esz) {
                eerr(r, path, FW_NO_OFFSET, "directory listing ends inside an entry: "
                     "read in part");
                goto done;
            }
            const unsigned char *e = r->dtab.buf + at;
            unsigned offset, nlen;
            if (r->major == 4) {
                offset = (unsigned)bits(be, e, 0, 16);
                nlen = (unsigned)bits(be, e, 48, 16) + 1;
            } else {
                offset = (unsigned)bits(be, e, 0, 13);
                nlen = (unsigned)bits(be, e, 16, 8) + 1;
            }
            at += esz;
            if (nlen > 256 || end - at < nlen) {
                eerr(r, path, FW_NO_OFFSET, "directory entry name runs past the listing: "
                     "read in part");
                goto done;
            }
            const char *nm = (const char *)r->dtab.buf + at;
            at += nlen;
            if (memchr(nm, '/', nlen) || memchr(nm, '\0', nlen) ||
                (nlen == 1 && nm[0] == '.') || (nlen == 2 && nm[0] == '.' && nm[1] == '.')) {
                char *bad = fw_xstrndup(nm, nlen);
                eerr(r, path, FW_NO_OFFSET, "directory entry with an invalid name (\"%s\"): "
                     "skipped", bad);
                free(bad);
                continue;
            }
            if (nk >= FW_MAX_FS_DIR_ENTRIES) {
                eerr(r, path, FW_NO_OFFSET, "directory has more than %d entries: rest not read",
                     FW_MAX_FS_DIR_ENTRIES);
                goto done;
            }
            FW_XGROW(kids, ck, nk + 1);
            kids[nk].name = fw_xstrndup(nm, nlen);
            kids[nk].ref = start << 16 | offset;
            nk++;
        }
    }
done:
    *out = kids;
    return nk;
}

static void walk(lsq *r, const linode *dir, const char *path, unsigned depth)
{
    kid *kids = NULL;
    size_t nk = list_dir(r, dir, path, &kids);
    for (size_t i = 0; i < nk; i++) {
        char *p = child_path(path, kids[i].name);
        linode ino;
        fw_error err;
        if (read_inode(r, kids[i].ref, &ino, &err) != FW_OK) {
            eerr(r, p, FW_NO_OFFSET, "%s (inode 0x%llx): entry skipped", err.msg,
                 (unsigned long long)kids[i].ref);
            free(p);
            continue;
        }
        if (ino.t == FW_NODE_DIR) {
            unsigned k;
            for (k = 0; k <= depth && r->path[k] != kids[i].ref; k++) {}
            if (k <= depth) {
                eerr(r, p, FW_NO_OFFSET, "directory loop: the entry leads back to %s "
                     "(inode 0x%llx is already on the path): not entered", r->names[k],
                     (unsigned long long)kids[i].ref);
                free(p);
                continue;
            }
            if (depth + 1 > FW_MAX_FS_DIR_DEPTH) {
                eerr(r, p, FW_NO_OFFSET, "directories nested deeper than %d levels: not read",
                     FW_MAX_FS_DIR_DEPTH);
                free(p);
                continue;
            }
        }
        char *w = fw_xasprintf("%s > %s", r->where, p);
        int ok = fw_loader_may_add_entry(r->ld, w);
        free(w);
        fw_node *node = ok ? fw_ns_add(r->ld->tree, r->ns, p, ino.t) : NULL;
        if (node) {
            node->mode = ino.mode;
            node->uid = ino.uid;
            node->gid = ino.gid;
            if (ino.t == FW_NODE_SYMLINK) {
                node->link_target = fw_xstrndup((const char *)r->itab.buf + ino.tail,
                                             (size_t)ino.size);
            } else if (ino.t == FW_NODE_FILE) {
                read_file(r, node, &ino, p);
            } else if (ino.t == FW_NODE_DIR) {
                r->path[depth + 1] = kids[i].ref;
                r->names[depth + 1] = p;
                walk(r, &ino, p, depth + 1);
            }
        }
        free(p);
    }
    for (size_t i = 0; i < nk; i++)
        free(kids[i].name);
    free(kids);
}

/* --- superblock --- */

int fw_sqfs_legacy_handles(unsigned major, int be)
{
    return major == 2 || major == 3 || (major == 4 && be);
}

/* Parse the superblock into r: FW_OK, or FW_EFORMAT / FW_EUNSUPPORTED with
 * why in err. */
static int super(lsq *r, fw_error *err)
{
    r->major = (unsigned)sbf(r, 28, 2);
    r->minor = (unsigned)sbf(r, 30, 2);
    r->inodes = (uint32_t)sbf(r, 4, 4);
    unsigned block_log;
    uint64_t bytes_used, cands[6];
    size_t nc = 0;
    if (r->major == 4) {
        if (r->n < 96)
            return fw_error_set(err, FW_EFORMAT, "superblock truncated");
        r->block_size = (uint32_t)sbf(r, 12, 4);
        r->fragments = (uint32_t)sbf(r, 16, 4);
        r->comp_id = (unsigned)sbf(r, 20, 2);
        block_log = (unsigned)sbf(r, 22, 2);
        r->no_ids = (unsigned)sbf(r, 26, 2);
        r->root_ref = sbf(r, 32, 8);
        bytes_used = sbf(r, 40, 8);
        r->id_start = sbf(r, 48, 8);
        r->inode_start = sbf(r, 64, 8);
        r->dir_start = sbf(r, 72, 8);
        r->frag_start = sbf(r, 80, 8);
        cands[nc++] = r->frag_start; cands[nc++] = sbf(r, 88, 8);
        cands[nc++] = r->id_start; cands[nc++] = sbf(r, 56, 8);
    } else {
        unsigned sbsize = r->major == 2 ? 63 : 119;
        if (r->n < sbsize)
            return fw_error_set(err, FW_EFORMAT, "superblock truncated");
        block_log = (unsigned)sbf(r, 34, 2);
        r->marker = (sbf(r, 36, 1) & 0x04) != 0;
        r->no_uids = (unsigned)sbf(r, 37, 1);
        r->no_guids = (unsigned)sbf(r, 38, 1);
        r->root_ref = sbf(r, 43, 8);
        r->block_size = (uint32_t)sbf(r, 51, 4);
        r->fragments = (uint32_t)sbf(r, 55, 4);
        if (r->major == 2) {
            bytes_used = sbf(r, 8, 4);
            r->uid_start = sbf(r, 12, 4);
            r->guid_start = sbf(r, 16, 4);
            r->inode_start = sbf(r, 20, 4);
            r->dir_start = sbf(r, 24, 4);
            r->frag_start = sbf(r, 59, 4);
        } else {
            bytes_used = sbf(r, 63, 8);
            r->uid_start = sbf(r, 71, 8);
            r->guid_start = sbf(r, 79, 8);
            r->inode_start = sbf(r, 87, 8);
            r->dir_start = sbf(r, 95, 8);
            r->frag_start = sbf(r, 103, 8);
            cands[nc++] = sbf(r, 111, 8);
        }
        cands[nc++] = r->frag_start; cands[nc++] = r->uid_start; cands[nc++] = r->guid_start;
    }
    if (r->block_size < 4096 || r->block_size > (1u << 20) || block_log > 20 ||
        (1u << block_log) != r->block_size)
        return fw_error_set(err, FW_EFORMAT, "invalid block size %u (log %u)", r->block_size,
                            block_log);
    if (r->inode_start >= r->dir_start || r->dir_start >= r->n)
        return fw_error_set(err, FW_EFORMAT, "inode table (0x%llx) and directory table "
                            "(0x%llx) are not inside the %zu bytes present",
                            (unsigned long long)r->inode_start,
                            (unsigned long long)r->dir_start, r->n);
    /* the directory table ends where the next table starts */
    r->dir_end = bytes_used < r->n ? bytes_used : r->n;
    for (size_t i = 0; i < nc; i++)
        if (cands[i] > r->dir_start && cands[i] < r->dir_end)
            r->dir_end = cands[i];
    /* length words: the image's byte order unless the first inode block
     * only makes sense the other way round (AVM big-endian 4.0) */
    r->hdr_be = r->be;
    for (int pass = 0; pass < 2; pass++) {
        int be = pass ? !r->be : r->be;
        unsigned w = meta_word(r, r->inode_start, be);
        if (w && r->inode_start + 2 + r->marker + (w & 0x7fff) <= r->dir_start) {
            r->hdr_be = be;
            break;
        }
    }
    if (r->major == 4 && r->comp_id != 2) {
        r->native = fw_sqfs_compat_create(r->comp_id, r->block_size);
        sqfs_compressor_config_t cfg;
        if (!r->native && sqfs_compressor_config_init(&cfg, (SQFS_COMPRESSOR)r->comp_id,
                                                      r->block_size,
                                                      SQFS_COMP_FLAG_UNCOMPRESS) == 0 &&
            sqfs_compressor_create(&cfg, &r->native) != 0)
            r->native = NULL;
        if (!r->native)
            return fw_error_set(err, FW_EUNSUPPORTED, "compressor id %u not supported",
                                r->comp_id);
    }
    return FW_OK;
}

/* The layout detail: compression forms seen, inodes, block size (a new
 * string). */
static char *describe(const lsq *r)
{
    static const char *const names[V_COUNT] = {
        "stored", "zlib", "LZMA (lzma_alone header)",
        "LZMA (vendor: 5-byte properties header, no size)",
        "LZMA (vendor: raw, no header, lc=3 lp=0 pb=2)", NULL };
    char comp[256] = "";
    size_t o = 0;
    if (r->major == 4 && r->comp_id != 2) {
        const char *nm = sqfs_compressor_name_from_id((SQFS_COMPRESSOR)r->comp_id);
        o += (size_t)snprintf(comp, sizeof comp, "%s", nm ? nm : "?");
    }
    for (int v = V_ZLIB; v < V_NATIVE && o < sizeof comp; v++)
        if (r->used[v])
            o += (size_t)snprintf(comp + o, sizeof comp - o, "%s%s", o ? " + " : "", names[v]);
    if (!o)
        snprintf(comp, sizeof comp, "%s", r->used[V_STORED] ? "uncompressed" : "no blocks");
    char extra[96] = "";
    if (r->minor > 9)
        snprintf(extra, sizeof extra, ", minor version 0x%x", r->minor);
    if (r->hdr_be != r->be)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
                 ", little-endian metadata lengths");
    return fw_xasprintf("%s, %u inodes, block size %u%s", comp, r->inodes, r->block_size,
                        extra);
}

int fw_sqfs_legacy_read(fw_carve *cx, fw_ns *ns, const char *where, uint64_t off,
                        const unsigned char *d, size_t n, char **detail, int *partial,
                        fw_error *err)
{
    lsq r = { .cx = cx, .ld = cx->ld, .ns = ns, .where = where, .off = off, .d = d, .n = n,
              .pref = -1, .fragidx = INVALID_FRAG, .fragbad = INVALID_FRAG };
    int rc;
    *detail = NULL;
    *partial = 0;
    r.be = memcmp(d, "sqsh", 4) == 0;
    if ((rc = super(&r, err)) != FW_OK)
        goto out;
    r.meta_cap = (uint64_t)n * r.ld->lim->max_ratio;
    if (r.meta_cap < FW_RATIO_FLOOR_BYTES)
        r.meta_cap = FW_RATIO_FLOOR_BYTES;
    if (r.meta_cap > r.ld->lim->max_entry_size)
        r.meta_cap = r.ld->lim->max_entry_size;
    r.scratch = fw_xmalloc(r.block_size);
    r.fragbuf = fw_xmalloc(r.block_size);
    load_table(&r, &r.itab, r.inode_start, r.dir_start, "inode");
    if (!r.itab.nidx) {
        rc = fw_error_set(err, FW_EFORMAT, "inode table at 0x%llx unreadable",
                          (unsigned long long)r.inode_start);
        goto out;
    }
    load_table(&r, &r.dtab, r.dir_start, r.dir_end, "directory");
    if (r.major == 4)
        load_indexed(&r, &r.idtab, r.id_start, r.no_ids, 4, 8, "id");
    if (r.fragments)
        load_indexed(&r, &r.ftab, r.frag_start, r.fragments, r.major == 2 ? 8 : 16,
                     r.major == 2 ? 4 : 8, "fragment");
    linode root;
    fw_error ierr;
    int irc = read_inode(&r, r.root_ref, &root, &ierr);
    if (irc != FW_OK || root.t != FW_NODE_DIR) {
        rc = fw_error_set(err, FW_EFORMAT, "root directory (inode 0x%llx) unreadable: %s",
                          (unsigned long long)r.root_ref,
                          irc != FW_OK ? ierr.msg : "not a directory");
        goto out;
    }
    r.path[0] = r.root_ref;
    r.names[0] = "/";
    walk(&r, &root, "/", 0);
    if (r.bad_ids) {
        serr(&r, 0, "%u uid/gid references point outside the id tables (read as 0)",
             r.bad_ids);
    }
    *detail = describe(&r);
    *partial = r.errors != 0;
out:
    free(r.itab.buf); free(r.itab.idx);
    free(r.dtab.buf); free(r.dtab.idx);
    free(r.ftab.buf); free(r.idtab.buf);
    free(r.scratch);
    free(r.fragbuf);
    if (r.native)
        sqfs_destroy(r.native);
    return rc;
}
