/* jffs2.c: JFFS2 images read in memory (no mount, no MTD). A JFFS2 image is
 * a log of nodes (magic 0x1985, type, total length, header CRC), 4-byte
 * aligned, with 0xff erase padding between them; the file system is what
 * replaying the log gives:
 *  - directory entries (pino, name, ino, version): the highest version of
 *    a (parent, name) wins; ino 0 means deleted;
 *  - inode nodes (ino, version, mode, uid, gid, isize, offset, data):
 *    applied in version order over a buffer of the latest isize. Data is
 *    stored none, zero, zlib, rtime, lzo or lzma (the kernel's settings).
 * Both endiannesses (the node magic's byte order decides). Node and data
 * CRCs are checked; a bad node is skipped and counted in the report.
 *
 * Bounds: nodes walked are bounded by the image (each at least 12 bytes);
 * FW_MAX_JFFS2_NODES nodes kept; file sizes by the entry-size, ratio and
 * bytes-held limits; directory depth FW_MAX_FS_DIR_DEPTH, entries per
 * directory FW_MAX_FS_DIR_ENTRIES; a dirent cycle is cut by the depth. */
#include <lzma.h>
#include <lzo/lzo1x.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

#define J_MAGIC 0x1985
#define J_DIRENT 0xe001
#define J_INODE 0xe002
#define J_ROOT_INO 1

typedef struct jdirent {
    uint32_t pino, version, ino;
    uint8_t type;
    const unsigned char *name;
    size_t nlen;
} jdirent;

typedef struct jinode {
    uint32_t ino, version, mode, uid, gid, isize, offset, csize, dsize;
    uint8_t compr;
    const unsigned char *data;
} jinode;

typedef struct jreader {
    fw_loader *ld;
    fw_ns *ns;
    const char *where;
    const unsigned char *d;
    size_t n;
    int be;
    jdirent *dir;
    size_t ndir, capdir;
    jinode *ino;
    size_t nino, capino;
    unsigned bad_nodes, bad_data, unsupported;
    unsigned errors;
} jreader;

static uint32_t u32(const jreader *r, const unsigned char *p)
{
    return r->be ? fw_be32(p) : fw_le32(p);
}

static uint16_t u16(const jreader *r, const unsigned char *p)
{
    return r->be ? fw_be16(p) : fw_le16(p);
}

/* The kernel's crc32(0, ...), i.e. without zlib's pre/post inversion. */
static uint32_t jcrc(const unsigned char *d, size_t n)
{
    return ~(uint32_t)crc32(0xffffffffUL, d, (uInt)n);
}

static int node_at(const unsigned char *d, size_t n, int be, uint32_t *type, uint32_t *totlen)
{
    if (n < 12)
        return 0;
    uint16_t magic = be ? fw_be16(d) : fw_le16(d);
    *type = be ? fw_be16(d + 2) : fw_le16(d + 2);
    if (magic != J_MAGIC || !(*type & 0x2000))
        return 0;
    *totlen = be ? fw_be32(d + 4) : fw_le32(d + 4);
    uint32_t hcrc = be ? fw_be32(d + 8) : fw_le32(d + 8);
    return *totlen >= 12 && jcrc(d, 8) == hcrc;
}

/* End of the run of nodes and erase padding starting at d; node count, and
 * bytes that are neither (damage) inside it. Like the kernel's scan, words
 * that are not a node are stepped over, so one damaged node does not cut
 * the file system in two; the run ends when JFFS2_RESYNC bytes pass
 * without a valid node. */
#define JFFS2_RESYNC (256u << 10)
static size_t extent(const unsigned char *d, size_t n, int be, size_t *nodes, size_t *garbage)
{
    size_t pos = 0, end = 0, junk = 0;
    *nodes = 0;
    *garbage = 0;
    while (pos + 12 <= n && pos - end <= JFFS2_RESYNC) {
        uint32_t type, totlen;
        if (node_at(d + pos, n - pos, be, &type, &totlen)) {
            (*nodes)++;
            *garbage += junk;
            junk = 0;
            pos += ((size_t)totlen + 3) & ~(size_t)3;
            if (pos > n)
                pos = n;
            end = pos;
        } else {
            if (fw_le32(d + pos) != 0xffffffffu)
                junk += 4;
            pos += 4;
        }
    }
    return end;
}

static void collect(jreader *r)
{
    size_t pos = 0;
    while (pos + 12 <= r->n) {
        uint32_t type, totlen;
        if (!node_at(r->d + pos, r->n - pos, r->be, &type, &totlen)) {
            pos += 4;
            continue;
        }
        const unsigned char *p = r->d + pos;
        size_t avail = r->n - pos < totlen ? r->n - pos : totlen;
        if (r->ndir + r->nino >= FW_MAX_JFFS2_NODES)
            break;
        if (type == J_DIRENT && avail >= 40) {
            jdirent de = { .pino = u32(r, p + 12), .version = u32(r, p + 16),
                           .ino = u32(r, p + 20), .type = p[29], .name = p + 40,
                           .nlen = p[28] };
            if (jcrc(p, 32) != u32(r, p + 32) || 40 + de.nlen > avail) {
                r->bad_nodes++;
            } else {
                FW_XGROW(r->dir, r->capdir, r->ndir + 1);
                r->dir[r->ndir++] = de;
            }
        } else if (type == J_INODE && avail >= 68) {
            jinode in = { .ino = u32(r, p + 12), .version = u32(r, p + 16),
                          .mode = u32(r, p + 20), .uid = u16(r, p + 24), .gid = u16(r, p + 26),
                          .isize = u32(r, p + 28), .offset = u32(r, p + 44),
                          .csize = u32(r, p + 48), .dsize = u32(r, p + 52), .compr = p[56],
                          .data = p + 68 };
            if (jcrc(p, 60) != u32(r, p + 64) || in.csize > avail - 68) {
                r->bad_nodes++;
            } else if (in.csize && jcrc(in.data, in.csize) != u32(r, p + 60)) {
                r->bad_data++;
            } else {
                FW_XGROW(r->ino, r->capino, r->nino + 1);
                r->ino[r->nino++] = in;
            }
        }
        pos += ((size_t)totlen + 3) & ~(size_t)3;
    }
}

/* rtime: each output byte is followed by a repeat count copying from the
 * last position that byte was seen. */
static int rtime_decode(const unsigned char *in, size_t inlen, unsigned char *out, size_t outlen)
{
    size_t positions[256] = {0};
    size_t pos = 0, o = 0;
    while (o < outlen) {
        if (pos + 2 > inlen)
            return -1;
        unsigned value = in[pos++];
        out[o++] = (unsigned char)value;
        unsigned repeat = in[pos++];
        size_t back = positions[value];
        positions[value] = o;
        while (repeat-- && o < outlen) {
            if (back >= o)
                return -1;
            out[o++] = out[back++];
        }
    }
    return 0;
}

/* Kernel JFFS2 lzma: raw LZMA1, lc=0 lp=0 pb=0, 8 KiB dictionary. */
static int lzma_decode(const unsigned char *in, size_t inlen, unsigned char *out, size_t outlen)
{
    lzma_options_lzma opt;
    memset(&opt, 0, sizeof opt);
    opt.dict_size = 0x2000;
    lzma_filter f[2] = { { LZMA_FILTER_LZMA1, &opt }, { LZMA_VLI_UNKNOWN, NULL } };
    lzma_stream s = LZMA_STREAM_INIT;
    if (lzma_raw_decoder(&s, f) != LZMA_OK)
        return -1;
    s.next_in = in;
    s.avail_in = inlen;
    s.next_out = out;
    s.avail_out = outlen;
    lzma_ret rc = lzma_code(&s, LZMA_FINISH);
    size_t got = outlen - s.avail_out;
    lzma_end(&s);
    return (rc == LZMA_STREAM_END || rc == LZMA_OK || rc == LZMA_BUF_ERROR) && got == outlen
               ? 0 : -1;
}

/* Decode one data node into out (dsize bytes). 0 ok, -1 damaged, -2 unsupported. */
static int decode(const jinode *in, unsigned char *out)
{
    switch (in->compr) {
    case 0: /* none */
    case 4: /* copy */
        if (in->csize < in->dsize)
            return -1;
        memcpy(out, in->data, in->dsize);
        return 0;
    case 1: /* zero */
        memset(out, 0, in->dsize);
        return 0;
    case 2:
        return rtime_decode(in->data, in->csize, out, in->dsize);
    case 6: {
        uLongf ol = in->dsize;
        return uncompress(out, &ol, in->data, in->csize) == Z_OK && ol == in->dsize ? 0 : -1;
    }
    case 7: {
        lzo_uint ol = in->dsize;
        return lzo1x_decompress_safe(in->data, in->csize, out, &ol, NULL) == LZO_E_OK &&
               ol == in->dsize ? 0 : -1;
    }
    case 8:
        return lzma_decode(in->data, in->csize, out, in->dsize);
    default: /* rubin, dynrubin */
        return -2;
    }
}

static int by_ino_version(const void *a, const void *b)
{
    const jinode *x = a, *y = b;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->version < y->version ? -1 : x->version > y->version;
}

/* The nodes of inode ino: [*first, *first + count) in the sorted array. */
static size_t find_ino(const jreader *r, uint32_t ino, size_t *first)
{
    size_t lo = 0, hi = r->nino;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->ino[mid].ino < ino) lo = mid + 1; else hi = mid;
    }
    size_t k = lo;
    while (k < r->nino && r->ino[k].ino == ino)
        k++;
    *first = lo;
    return k - lo;
}

static void jerror(jreader *r, const char *path, const char *msg)
{
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0, "%s", msg);
    free(w);
    r->errors++;
}

/* Replay an inode's data nodes (version order) into a new buffer. */
static unsigned char *replay(jreader *r, size_t first, size_t count, const char *path,
                             size_t *len, int *truncated)
{
    const jinode *last = &r->ino[first + count - 1];
    uint64_t size = last->isize;
    *truncated = 0;
    uint64_t ratio_cap = (uint64_t)r->n * r->ld->lim->max_ratio;
    if (ratio_cap < FW_RATIO_FLOOR_BYTES)
        ratio_cap = FW_RATIO_FLOOR_BYTES;
    uint64_t cap = r->ld->lim->max_entry_size < ratio_cap ? r->ld->lim->max_entry_size : ratio_cap;
    if (size > cap) {
        jerror(r, path, "file larger than the entry-size or ratio limit: only its first part "
                        "is checked");
        size = cap;
        *truncated = 1;
    }
    char *w = fw_xasprintf("%s > %s", r->where, path);
    int ok = fw_loader_may_hold(r->ld, size, w);
    free(w);
    if (!ok) {
        *truncated = 1;
        return NULL;
    }
    unsigned char *buf = fw_xcalloc(1, (size_t)size + 1);
    unsigned char *tmp = NULL;
    size_t tcap = 0;
    for (size_t i = first; i < first + count; i++) {
        const jinode *in = &r->ino[i];
        if (in->dsize == 0 || in->offset >= size)
            continue;
        if (in->dsize > (64u << 10)) {   /* the kernel writes at most a page or two */
            *truncated = 1;
            continue;
        }
        FW_XGROW(tmp, tcap, in->dsize);
        int rc = decode(in, tmp);
        if (rc == -2) {
            r->unsupported++;
            *truncated = 1;
            continue;
        }
        if (rc < 0) {
            r->bad_data++;
            *truncated = 1;
            continue;
        }
        size_t n = in->dsize;
        if (n > size - in->offset)
            n = (size_t)(size - in->offset);
        memcpy(buf + in->offset, tmp, n);
    }
    free(tmp);
    *len = (size_t)size;
    return buf;
}

/* Is dirent i the live one for its (pino, name)? */
static int live(const jreader *r, size_t i)
{
    const jdirent *a = &r->dir[i];
    for (size_t k = 0; k < r->ndir; k++) {
        const jdirent *b = &r->dir[k];
        if (k != i && b->pino == a->pino && b->nlen == a->nlen &&
            memcmp(b->name, a->name, a->nlen) == 0 &&
            (b->version > a->version || (b->version == a->version && k > i)))
            return 0;
    }
    return a->ino != 0;
}

static void walk(jreader *r, uint32_t dino, const char *path, unsigned depth)
{
    if (depth > FW_MAX_FS_DIR_DEPTH) {
        jerror(r, path, "directories nested too deep (or a directory loop): not read");
        return;
    }
    size_t count = 0;
    for (size_t i = 0; i < r->ndir; i++) {
        if (r->dir[i].pino != dino || !live(r, i))
            continue;
        if (++count > FW_MAX_FS_DIR_ENTRIES) {
            jerror(r, path, "directory has too many entries: rest not read");
            break;
        }
        const jdirent *de = &r->dir[i];
        char *name = fw_xstrndup((const char *)de->name, de->nlen);
        char *p = fw_xasprintf("%s/%s", strcmp(path, "/") ? path : "", name);
        free(name);
        size_t first = 0, nodes = find_ino(r, de->ino, &first);
        char *w = fw_xasprintf("%s > %s", r->where, p);
        int ok = nodes > 0 && fw_loader_may_add_entry(r->ld, w);
        free(w);
        if (!nodes)
            jerror(r, p, "directory entry without an inode node: skipped");
        const jinode *last = nodes ? &r->ino[first + nodes - 1] : NULL;
        fw_node_type t = last ? fw_node_type_of_mode(last->mode) : FW_NODE_OTHER;
        fw_node *node = ok ? fw_ns_add(r->ld->tree, r->ns, p, t) : NULL;
        if (node) {
            node->mode = last->mode & 07777;
            node->uid = last->uid;
            node->gid = last->gid;
            if (t == FW_NODE_DIR) {
                walk(r, de->ino, p, depth + 1);
            } else if (t == FW_NODE_FILE || t == FW_NODE_SYMLINK) {
                size_t len = 0;
                int trunc = 0;
                unsigned char *buf = replay(r, first, nodes, p, &len, &trunc);
                if (t == FW_NODE_SYMLINK) {
                    node->link_target = buf ? fw_xstrndup((const char *)buf, len) : fw_xstrdup("");
                    free(buf);
                } else if (buf) {
                    free(node->data);
                    node->data = buf;
                    node->size = len;
                    node->truncated = trunc;
                    r->ld->tree->bytes_held += len;
                }
            }
        }
        free(p);
    }
}

static uint64_t jffs2_probe(const unsigned char *d, size_t n)
{
    uint32_t t, l;
    size_t nodes, junk;
    if (node_at(d, n, 0, &t, &l))
        return extent(d, n, 0, &nodes, &junk);
    if (node_at(d, n, 1, &t, &l))
        return extent(d, n, 1, &nodes, &junk);
    return 0;
}

static uint64_t jffs2_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                           const char *via)
{
    uint32_t t, l;
    int be = !node_at(d, n, 0, &t, &l);
    size_t nodes, junk;
    size_t size = extent(d, n, be, &nodes, &junk);
    fw_ns *ns = fw_carve_ns(cx, off, via, "jffs2");
    if (!ns)
        return size;
    char *chain = fw_carve_chain(cx, off, via, "jffs2");
    jreader r = { .ld = cx->ld, .ns = ns, .where = chain, .d = d, .n = size, .be = be };
    collect(&r);
    if (r.nino > 1)     /* qsort(NULL, 0, ...) is undefined behaviour */
        qsort(r.ino, r.nino, sizeof *r.ino, by_ino_version);
    walk(&r, J_ROOT_INO, "/", 0);
    if (junk)
        fw_carve_error(cx, off, 0, "JFFS2: %zu bytes between nodes are neither nodes nor erase "
                       "padding (damaged nodes?): skipped", junk);
    if (r.bad_nodes || r.bad_data)
        fw_carve_error(cx, off, 0, "JFFS2: %u nodes with a bad CRC and %u data blocks that do "
                       "not decode were skipped: some files are incomplete", r.bad_nodes,
                       r.bad_data);
    if (r.unsupported)
        fw_carve_error(cx, off, 0, "JFFS2: %u data blocks use rubin/dynrubin compression, "
                       "which fwaudit does not decode: some files are incomplete",
                       r.unsupported);
    char *detail = fw_xasprintf("%s-endian, %zu nodes; %zu entries", be ? "big" : "little", nodes,
                             ns->count);
    fw_layout_row(cx, off, size, via, "jffs2", detail,
                  junk || r.bad_nodes || r.bad_data || r.unsupported || r.errors
                      ? "unpacked in part"
                                                                          : "unpacked");
    free(detail);
    free(chain);
    free(r.dir);
    free(r.ino);
    return size;
}

const fw_format fw_fmt_jffs2 = {
    .name = "jffs2",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "\x85\x19"),   /* node magic 0x1985, little- or big-endian */
    .probe = jffs2_probe,
    .open = jffs2_open,
};
