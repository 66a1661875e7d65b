/* ubifs.c: UBIFS file systems read in memory (no mount, no UBI attach):
 * bare, as mkfs.ubifs writes them, or the bytes of a UBI volume (ubi.c).
 * The image is a sequence of logical erase blocks (LEBs) of the size the
 * superblock node (LEB 0) gives. Every node starts with a common header
 * (magic 0x06101831, CRC over the node past its first 8 bytes, sequence
 * number, length, type), little-endian.
 *
 * The file system is what the index says: the master node (LEBs 1 and 2,
 * the valid one with the highest sequence number) points at the root of a
 * B+-tree of index nodes whose leaves are the live inode, directory-entry,
 * data and xattr-entry nodes. Walking it (and not every LEB) is what keeps
 * deleted files, whose nodes linger on flash until garbage collection, out
 * of the tree. Only if the index cannot be walked are the LEBs scanned
 * node by node (newest node per key wins) and the report says so.
 * Not read: the journal written since the last commit (a cleanly built
 * image has none; a dump of a running device may), encrypted files,
 * authenticated file systems (their index branches carry hashes: refused,
 * reported).
 *
 * Data nodes hold 4 KiB blocks stored as is or compressed with LZO, zlib
 * (raw deflate) or zstd. Node CRCs are checked; a bad node is skipped and
 * reported. Bounds: LEB size FW_MAX_UBIFS_LEB_SIZE, node bytes CRC-checked
 * FW_MAX_UBIFS_CRC_WORK_RATIO x the image, index depth
 * FW_MAX_UBIFS_INDEX_DEPTH (levels must also fall by one per step, so an
 * index node pointing at itself or an ancestor is refused), index and leaf
 * nodes visited FW_MAX_UBIFS_NODES, file sizes by the entry-size, ratio and
 * bytes-held limits, directory depth FW_MAX_FS_DIR_DEPTH and entries
 * FW_MAX_FS_DIR_ENTRIES. */
#include <lzo/lzo1x.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

#define UBIFS_MAGIC 0x06101831u
#define CH_SZ 24
#define T_INO 0
#define T_DATA 1
#define T_DENT 2
#define T_XENT 3
#define T_SB 6
#define T_MST 7
#define T_IDX 9
#define INO_SZ 160
#define DATA_SZ 48
#define DENT_SZ 56
#define MST_SZ 512
#define IDX_SZ 28
#define BLOCK 4096
#define ROOT_INO 1
#define SK_LEN 8           /* simple key format: inode number, type:3 | hash/block:29 */
#define FLG_AUTH 0x10      /* sb flags: authenticated file system */
#define INO_CRYPT 0x40     /* inode flags: encrypted */
#define MAX_NAME 255
/* Largest non-index node: an inode with a full block of inline data (the
 * kernel's UBIFS_MAX_NODE_SZ); the superblock node is 4096. */
#define MAX_NODE (INO_SZ + BLOCK)

typedef struct unode {
    uint32_t inum, sub;    /* key: inode number; hash (dentries) or block (data) */
    uint8_t type;
    uint64_t sqnum;
    const unsigned char *p;
    uint32_t len;
    uint64_t at;           /* offset of the node in the image */
} unode;

typedef struct ureader {
    fw_carve *cx;
    fw_ns *ns;
    const char *where;
    uint64_t off;
    const unsigned char *d;
    size_t n;
    uint32_t leb_size, leb_cnt;
    uint64_t max_idx;      /* largest index node the superblock's fanout allows */
    size_t branch_sz;
    unode *nodes;
    size_t nnodes, capnodes;
    uint64_t visited;
    uint64_t crc_left;     /* bytes the CRC may still be computed over */
    int crc_spent;         /* crc_left ran out (reported once) */
    uint32_t dirs[FW_MAX_FS_DIR_DEPTH + 2];   /* directory inodes on the walked path */
    unsigned bad_crc, bad_nodes, bad_data, crypt, errors, shown;
    int index_broken;
} ureader;

/* The kernel's crc32(0xffffffff, ...) with no final inversion. */
static uint32_t ucrc(const unsigned char *d, size_t n)
{
    return ~(uint32_t)crc32(0, d, (uInt)n);
}

/* Does the node at p (len bytes) have a good CRC? Counted against the
 * reader's CRC budget, so an image of headers with lying lengths cannot make
 * the walk quadratic: once spent, nodes are refused (reported once). */
static int crc_ok(struct ureader *r, const unsigned char *p, uint32_t len);

/* A node problem: the first few are reported with their offset, the rest
 * counted and summed up at the end. */
static void node_error(ureader *r, uint64_t at, const char *what, const char *why)
{
    r->errors++;
    if (r->shown++ < 16)
        fw_carve_error(r->cx, r->off + at, 0, "UBIFS: %s: %s", what, why);
}

/* The node at (lnum, offs) of exactly `len` bytes (0: whatever its header
 * says), its header and CRC checked: FW_OK with *out pointing at it, or
 * FW_EFORMAT (FW_ELIMIT once the CRC budget is spent) with *out NULL and why
 * in err (which may be NULL). */
static int node_at(ureader *r, uint32_t lnum, uint32_t offs, uint32_t len,
                   const unsigned char **out, fw_error *err)
{
    *out = NULL;
    if (lnum >= r->leb_cnt)
        return fw_error_set(err, FW_EFORMAT, "LEB number out of range");
    if (offs & 7 || offs > r->leb_size || r->leb_size - offs < CH_SZ)
        return fw_error_set(err, FW_EFORMAT, "offset out of its LEB or misaligned");
    uint64_t at = (uint64_t)lnum * r->leb_size + offs;
    if (at + CH_SZ > r->n)
        return fw_error_set(err, FW_EFORMAT, "past the end of the image (truncated?)");
    const unsigned char *p = r->d + at;
    uint32_t hlen = fw_le32(p + 16);
    if (fw_le32(p) != UBIFS_MAGIC)
        return fw_error_set(err, FW_EFORMAT, "no node magic");
    if (hlen < CH_SZ || (len && hlen != len) || hlen > r->leb_size - offs ||
        (p[20] != T_IDX && hlen > MAX_NODE) || (p[20] == T_IDX && hlen > r->max_idx))
        return fw_error_set(err, FW_EFORMAT, "node length wrong");
    if (at + hlen > r->n)
        return fw_error_set(err, FW_EFORMAT, "node past the end of the image (truncated?)");
    if (!crc_ok(r, p, hlen)) {
        r->bad_crc += !r->crc_spent;
        return r->crc_spent ? fw_error_set(err, FW_ELIMIT, "CRC budget spent")
                            : fw_error_set(err, FW_EFORMAT, "node CRC mismatch");
    }
    *out = p;
    return FW_OK;
}

static uint64_t le64(const unsigned char *p) { return fw_le64(p); }

static int crc_ok(ureader *r, const unsigned char *p, uint32_t len)
{
    if (len > r->crc_left) {
        if (!r->crc_spent)
            fw_carve_error(r->cx, r->off, 0, "UBIFS: more node bytes checked than %u times the "
                           "image (lying node lengths?): the remaining nodes are not read",
                           (unsigned)FW_MAX_UBIFS_CRC_WORK_RATIO);
        r->crc_spent = 1;
        r->errors++;
        return 0;
    }
    r->crc_left -= len;
    return ucrc(p + 8, len - 8) == fw_le32(p + 4);
}

/* A leaf node (inode, dentry, data, xattr entry): checked and kept. */
static void keep_leaf(ureader *r, const unsigned char *p, uint64_t at)
{
    uint8_t type = p[20];
    uint32_t len = fw_le32(p + 16);
    uint32_t k0 = fw_le32(p + 24), k1 = fw_le32(p + 28);
    uint8_t ktype = (uint8_t)(k1 >> 29);
    uint32_t minlen = type == T_INO ? INO_SZ : type == T_DATA ? DATA_SZ : DENT_SZ;
    if (type > T_XENT || len < minlen || ktype != type) {
        node_error(r, at, "node skipped",
                   type > T_XENT ? "not of a type the index points at"
                                 : "too short, or its key does not match its type");
        r->bad_nodes++;
        return;
    }
    if (r->nnodes >= FW_MAX_UBIFS_NODES)
        return;
    unode u = { .inum = k0, .sub = k1 & 0x1fffffffu, .type = type, .sqnum = le64(p + 8),
                .p = p, .len = len, .at = at };
    FW_XGROW(r->nodes, r->capnodes, r->nnodes + 1);
    r->nodes[r->nnodes++] = u;
}

/* Walk the index subtree at (lnum, offs, len); `level` is what the parent
 * says this node's level must be (-1 for the root). */
static void walk_index(ureader *r, uint32_t lnum, uint32_t offs, uint32_t len, int level,
                       unsigned depth)
{
    uint64_t at = (uint64_t)lnum * r->leb_size + offs;
    if (depth > FW_MAX_UBIFS_INDEX_DEPTH) {
        node_error(r, at, "index node", "deeper than the depth limit: subtree not read");
        r->index_broken = 1;
        return;
    }
    if (++r->visited > FW_MAX_UBIFS_NODES) {
        if (r->visited == FW_MAX_UBIFS_NODES + 1)
            node_error(r, at, "index", "more entries than the node limit: the rest is not read");
        r->index_broken = 1;
        return;
    }
    fw_error err;
    const unsigned char *p;
    if (node_at(r, lnum, offs, len, &p, &err) != FW_OK || p[20] != T_IDX) {
        node_error(r, at, "index node: subtree not read", p ? "not an index node" : err.msg);
        r->index_broken = 1;
        return;
    }
    uint32_t nlen = fw_le32(p + 16);
    unsigned cnt = fw_le16(p + 24), lvl = fw_le16(p + 26);
    if (level >= 0 && lvl != (unsigned)level) {
        node_error(r, at, "index node: subtree not read",
                   "level does not match its parent's (an index loop?)");
        r->index_broken = 1;
        return;
    }
    if (lvl > FW_MAX_UBIFS_INDEX_DEPTH || cnt == 0 ||
        (uint64_t)IDX_SZ + (uint64_t)cnt * r->branch_sz > nlen) {
        node_error(r, at, "index node: subtree not read", "child count or level impossible");
        r->index_broken = 1;
        return;
    }
    for (unsigned i = 0; i < cnt; i++) {
        const unsigned char *b = p + IDX_SZ + i * r->branch_sz;
        uint32_t cl = fw_le32(b), co = fw_le32(b + 4), clen = fw_le32(b + 8);
        if (clen < CH_SZ) {
            node_error(r, at, "index node: branch skipped", "branch length too small");
            r->index_broken = 1;
            continue;
        }
        if (lvl > 0) {
            walk_index(r, cl, co, clen, (int)lvl - 1, depth + 1);
            continue;
        }
        if (++r->visited > FW_MAX_UBIFS_NODES) {
            r->index_broken = 1;
            return;
        }
        uint64_t cat = (uint64_t)cl * r->leb_size + co;
        const unsigned char *c;
        if (node_at(r, cl, co, clen, &c, &err) != FW_OK) {
            node_error(r, cat, "node the index points at skipped", err.msg);
            r->bad_nodes++;
            continue;
        }
        keep_leaf(r, c, cat);
    }
}

/* The index could not be walked: take every valid node of the main area. */
static void linear_scan(ureader *r, uint32_t first_main)
{
    for (uint32_t l = first_main; l < r->leb_cnt; l++) {
        uint64_t base = (uint64_t)l * r->leb_size;
        if (base >= r->n)
            break;
        for (uint32_t o = 0; o + CH_SZ <= r->leb_size && base + o + CH_SZ <= r->n; o += 8) {
            const unsigned char *p = r->d + base + o;
            if (fw_le32(p) != UBIFS_MAGIC)
                continue;
            const unsigned char *c;
            if (node_at(r, l, o, 0, &c, NULL) != FW_OK)
                continue;
            if (c[20] <= T_XENT)
                keep_leaf(r, c, base + o);
            o += ((fw_le32(c + 16) + 7) & ~7u) - 8;
        }
    }
}

static int by_key(const void *a, const void *b)
{
    const unode *x = a, *y = b;
    if (x->inum != y->inum)
        return x->inum < y->inum ? -1 : 1;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    if (x->sub != y->sub)
        return x->sub < y->sub ? -1 : 1;
    if (x->type == T_DENT || x->type == T_XENT) {   /* hash collisions: by name */
        size_t xl = fw_le16(x->p + 50), yl = fw_le16(y->p + 50);
        if (xl > x->len - DENT_SZ)
            xl = x->len - DENT_SZ;
        if (yl > y->len - DENT_SZ)
            yl = y->len - DENT_SZ;
        int c = memcmp(x->p + DENT_SZ, y->p + DENT_SZ, xl < yl ? xl : yl);
        if (c || xl != yl)
            return c ? c : xl < yl ? -1 : 1;
    }
    return x->sqnum < y->sqnum ? -1 : x->sqnum > y->sqnum;
}

/* Keep the newest node of each key (the index has one per key; a scan of
 * the LEBs finds old copies too). */
static void dedupe(ureader *r)
{
    if (r->nnodes > 1)
        qsort(r->nodes, r->nnodes, sizeof *r->nodes, by_key);
    size_t out = 0;
    for (size_t i = 0; i < r->nnodes; i++) {
        if (out) {
            unode *prev = &r->nodes[out - 1], *cur = &r->nodes[i];
            unode a = *prev, b = *cur;
            a.sqnum = b.sqnum = 0;
            if (by_key(&a, &b) == 0) {
                *prev = *cur;
                continue;
            }
        }
        r->nodes[out++] = r->nodes[i];
    }
    r->nnodes = out;
}

/* Nodes of inode inum and type t: [*first, *first + count). */
static size_t find(const ureader *r, uint32_t inum, uint8_t t, size_t *first)
{
    size_t lo = 0, hi = r->nnodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unode *m = &r->nodes[mid];
        if (m->inum < inum || (m->inum == inum && m->type < t))
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo;
    while (k < r->nnodes && r->nodes[k].inum == inum && r->nodes[k].type == t)
        k++;
    *first = lo;
    return k - lo;
}

static const unode *inode_of(const ureader *r, uint64_t inum)
{
    size_t first;
    if (inum > UINT32_MAX || !find(r, (uint32_t)inum, T_INO, &first))
        return NULL;
    return &r->nodes[first];
}

/* Decode one data node into out (BLOCK bytes); its length, or -1 damaged,
 * -2 compression not known. */
static long decode(const unode *u, unsigned char *out)
{
    uint32_t size = fw_le32(u->p + 40);
    unsigned compr = fw_le16(u->p + 44);
    const unsigned char *in = u->p + DATA_SZ;
    size_t clen = u->len - DATA_SZ;
    if (size > BLOCK)
        return -1;
    switch (compr) {
    case 0:
        if (clen < size)
            return -1;
        memcpy(out, in, size);
        return size;
    case 1: {
        lzo_uint ol = BLOCK;
        return lzo1x_decompress_safe(in, clen, out, &ol, NULL) == LZO_E_OK && ol == size
                   ? (long)size : -1;
    }
    case 2: {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, -15) != Z_OK)
            return -1;
        z.next_in = (unsigned char *)in;
        z.avail_in = (uInt)clen;
        z.next_out = out;
        z.avail_out = BLOCK;
        int rc = inflate(&z, Z_FINISH);
        size_t got = BLOCK - z.avail_out;
        inflateEnd(&z);
        return rc == Z_STREAM_END && got == size ? (long)size : -1;
    }
    case 3: {
        size_t got = ZSTD_decompress(out, BLOCK, in, clen);
        return !ZSTD_isError(got) && got == size ? (long)size : -1;
    }
    default:
        return -2;
    }
}

static void path_error(ureader *r, const char *path, const char *msg)
{
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_report_add_error(r->cx->ld->report, w, FW_NO_OFFSET, 0, "%s", msg);
    free(w);
    r->errors++;
}

/* A regular file's content from its data nodes (holes read as zeros). */
static void fill_file(ureader *r, fw_node *node, const unode *ino, const char *path)
{
    uint64_t size = le64(ino->p + 48);
    int truncated = 0;
    uint64_t ratio = (uint64_t)r->n * r->cx->ld->lim->max_ratio;
    if (ratio < FW_RATIO_FLOOR_BYTES)
        ratio = FW_RATIO_FLOOR_BYTES;
    uint64_t cap = r->cx->ld->lim->max_entry_size < ratio ? r->cx->ld->lim->max_entry_size
                                                           : ratio;
    if (size > cap) {
        path_error(r, path, "UBIFS: file larger than the entry-size or ratio limit: only its "
                            "first part is checked");
        size = cap;
        truncated = 1;
    }
    char *w = fw_xasprintf("%s > %s", r->where, path);
    int ok = fw_loader_may_hold(r->cx->ld, size, w);
    free(w);
    if (!ok) {
        node->truncated = 1;
        return;
    }
    unsigned char *buf = fw_xcalloc(1, (size_t)size + 1);
    unsigned char block[BLOCK];
    size_t first, count = find(r, ino->inum, T_DATA, &first);
    unsigned bad = 0, unknown = 0;
    for (size_t i = first; i < first + count; i++) {
        const unode *u = &r->nodes[i];
        uint64_t pos = (uint64_t)u->sub * BLOCK;
        if (pos >= size)
            continue;
        long got = decode(u, block);
        if (got < 0) {
            if (got == -2) unknown++; else bad++;
            truncated = 1;
            continue;
        }
        size_t take = (size_t)got;
        if (take > size - pos)
            take = (size_t)(size - pos);
        memcpy(buf + pos, block, take);
    }
    if (bad || unknown) {
        r->bad_data += bad + unknown;
        char *msg = fw_xasprintf("UBIFS: %u data blocks do not decode and %u use a compression "
                              "fwaudit does not know: file incomplete", bad, unknown);
        path_error(r, path, msg);
        free(msg);
    }
    free(node->data);
    node->data = buf;
    node->size = (size_t)size;
    node->truncated = truncated;
    r->cx->ld->tree->bytes_held += size;
}

/* A dentry's name, if one a directory may hold. */
static char *dent_name(ureader *r, const unode *u)
{
    size_t nlen = fw_le16(u->p + 50);
    if (nlen == 0 || nlen > MAX_NAME || DENT_SZ + nlen > u->len)
        return NULL;
    const unsigned char *nm = u->p + DENT_SZ;
    if (memchr(nm, '/', nlen) || memchr(nm, '\0', nlen) || (nlen == 1 && nm[0] == '.') ||
        (nlen == 2 && nm[0] == '.' && nm[1] == '.'))
        return NULL;
    return fw_xstrndup((const char *)nm, nlen);
}

static void walk_dir(ureader *r, uint32_t dino, const char *path, unsigned depth)
{
    if (depth > FW_MAX_FS_DIR_DEPTH) {
        path_error(r, path, "UBIFS: directories nested too deep: not read");
        return;
    }
    for (unsigned k = 0; k < depth; k++)
        if (r->dirs[k] == dino) {
            path_error(r, path, "UBIFS: directory loop (a directory inside itself): not read "
                                "again");
            return;
        }
    r->dirs[depth] = dino;
    size_t first, count = find(r, dino, T_DENT, &first);
    if (count > FW_MAX_FS_DIR_ENTRIES) {
        path_error(r, path, "UBIFS: directory has too many entries: rest not read");
        count = FW_MAX_FS_DIR_ENTRIES;
    }
    for (size_t i = first; i < first + count; i++) {
        const unode *u = &r->nodes[i];
        uint64_t inum = le64(u->p + 40);
        if (inum == 0)
            continue;   /* a deletion entry (only a linear scan sees these) */
        char *name = dent_name(r, u);
        if (!name) {
            node_error(r, u->at, "directory entry skipped",
                       "impossible name (empty, '/', '.', '..' or too long)");
            continue;
        }
        char *p = fw_xasprintf("%s/%s", strcmp(path, "/") ? path : "", name);
        free(name);
        const unode *ino = inode_of(r, inum);
        if (!ino) {
            path_error(r, p, "UBIFS: directory entry without an inode node: skipped");
            free(p);
            continue;
        }
        uint32_t mode = fw_le32(ino->p + 104);
        fw_node_type t = fw_node_type_of_mode(mode);
        char *w = fw_xasprintf("%s > %s", r->where, p);
        int ok = fw_loader_may_add_entry(r->cx->ld, w);
        free(w);
        fw_node *node = ok ? fw_ns_add(r->cx->ld->tree, r->ns, p, t) : NULL;
        if (node) {
            node->mode = mode & 07777;
            node->uid = fw_le32(ino->p + 96);
            node->gid = fw_le32(ino->p + 100);
            uint32_t dlen = fw_le32(ino->p + 112);
            if (fw_le32(ino->p + 108) & INO_CRYPT) {
                r->crypt++;
                node->truncated = 1;
                path_error(r, p, "UBIFS: encrypted file: content not read");
            } else if (t == FW_NODE_DIR) {
                walk_dir(r, ino->inum, p, depth + 1);
            } else if (t == FW_NODE_SYMLINK) {
                if (dlen > ino->len - INO_SZ || dlen > FW_MAX_PATH_LEN)
                    dlen = 0;
                free(node->link_target);
                node->link_target = fw_xstrndup((const char *)ino->p + INO_SZ, dlen);
            } else if (t == FW_NODE_FILE) {
                fill_file(r, node, ino, p);
            }
        }
        free(p);
    }
}

static unsigned count_type(const ureader *r, uint8_t t)
{
    unsigned c = 0;
    for (size_t i = 0; i < r->nnodes; i++)
        c += r->nodes[i].type == t;
    return c;
}

/* The master node: the valid one with the highest sequence number in LEBs
 * 1 and 2 (each holds copies, written one after another). */
static const unsigned char *master(ureader *r)
{
    const unsigned char *best = NULL;
    for (uint32_t l = 1; l <= 2 && l < r->leb_cnt; l++) {
        uint64_t base = (uint64_t)l * r->leb_size;
        for (uint32_t o = 0; o + MST_SZ <= r->leb_size && base + o + MST_SZ <= r->n; o += 8) {
            const unsigned char *p = r->d + base + o;
            if (fw_le32(p) != UBIFS_MAGIC || p[20] != T_MST || fw_le32(p + 16) != MST_SZ)
                continue;
            if (!crc_ok(r, p, MST_SZ)) {
                node_error(r, base + o, "master node ignored", "CRC mismatch");
                continue;
            }
            if (!best || le64(p + 8) > le64(best + 8))
                best = p;
        }
    }
    return best;
}

/* --- bare UBIFS (what mkfs.ubifs writes, or a UBI volume's bytes): the
 * first node is the superblock node (type 6, CRC over the node after its
 * first 8 bytes); extent = LEB size x LEB count. --- */
static uint64_t ubifs_probe(const unsigned char *d, size_t n)
{
    if (n < 64 || fw_le32(d) != UBIFS_MAGIC || d[20] != T_SB)
        return 0;
    uint32_t len = fw_le32(d + 16);
    if (len < 128 || len > 4096 || len > n || ucrc(d + 8, len - 8) != fw_le32(d + 4))
        return 0;
    uint64_t size = (uint64_t)fw_le32(d + 36) * fw_le32(d + 40);
    return size ? size : len;
}

static const char *compr_name(unsigned c)
{
    return c == 0 ? "none" : c == 1 ? "lzo" : c == 2 ? "zlib" : c == 3 ? "zstd" : "unknown";
}

static uint64_t ubifs_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                           const char *via)
{
    uint64_t size = ubifs_probe(d, n);
    if (size > n)
        size = n;
    ureader r = { .cx = cx, .off = off, .d = d, .n = (size_t)size };
    r.leb_size = fw_le32(d + 36);
    r.leb_cnt = fw_le32(d + 40);
    uint32_t sb_len = fw_le32(d + 16);
    uint32_t log_lebs = fw_le32(d + 56), lpt_lebs = fw_le32(d + 60), orph_lebs = fw_le32(d + 64);
    unsigned key_fmt = d[27], def_compr = sb_len >= 86 ? fw_le16(d + 84) : 0;
    if (r.leb_size < 4096 || r.leb_size > FW_MAX_UBIFS_LEB_SIZE || r.leb_cnt < 4 ||
        key_fmt != 0 || (fw_le32(d + 28) & FLG_AUTH)) {
        char *detail = fw_xasprintf("LEB size %u, %u LEBs, key format %u", r.leb_size, r.leb_cnt,
                                 key_fmt);
        fw_layout_row(cx, off, size, via, "ubifs", detail, "not read");
        free(detail);
        fw_carve_error(cx, off, 1, "UBIFS superblock: %s: file system not read",
                       fw_le32(d + 28) & FLG_AUTH ? "authenticated file system (index "
                       "branches carry hashes fwaudit does not read)"
                       : "LEB size, LEB count or key format outside what fwaudit reads");
        return size;
    }
    r.branch_sz = 12 + SK_LEN;
    /* LEBs past the end (unmapped LEBs of a UBI volume) read as erased: only
     * a node the index needs there is an error */
    uint32_t fanout = fw_le32(d + 72);
    r.max_idx = IDX_SZ + (uint64_t)(fanout < 3 ? 3 : fanout) * r.branch_sz;
    r.crc_left = (uint64_t)r.n * FW_MAX_UBIFS_CRC_WORK_RATIO + (64u << 20);
    fw_ns *ns = fw_carve_ns(cx, off, via, "ubifs");
    if (!ns)
        return size;
    char *chain = fw_carve_chain(cx, off, via, "ubifs");
    r.ns = ns;
    r.where = chain;
    const unsigned char *m = master(&r);
    const char *how = "index";
    if (!m) {
        fw_carve_error(cx, off + r.leb_size, 0, "UBIFS: no valid master node in LEBs 1-2: "
                       "the index root is unknown");
        r.index_broken = 1;
    } else {
        walk_index(&r, fw_le32(m + 48), fw_le32(m + 52), fw_le32(m + 56), -1, 0);
    }
    if (r.index_broken) {
        uint64_t first_main = 3 + (uint64_t)log_lebs + lpt_lebs + orph_lebs;
        fw_carve_error(cx, off, 0, "UBIFS: the index is damaged: files were found by scanning "
                       "every LEB instead, so deleted files may reappear and damaged ones "
                       "be missing");
        r.nnodes = 0;
        r.visited = 0;
        linear_scan(&r, first_main < r.leb_cnt ? (uint32_t)first_main : r.leb_cnt);
        how = "LEB scan (index damaged)";
    }
    if (r.nnodes >= FW_MAX_UBIFS_NODES)
        fw_carve_error(cx, off, 0, "UBIFS: more than %u nodes: the rest are not read",
                       (unsigned)FW_MAX_UBIFS_NODES);
    dedupe(&r);
    if (!inode_of(&r, ROOT_INO))
        fw_carve_error(cx, off, 0, "UBIFS: no root directory inode: nothing below / can be "
                       "trusted");
    walk_dir(&r, ROOT_INO, "/", 0);
    unsigned xattrs = count_type(&r, T_XENT);
    if (r.shown > 16)
        fw_carve_error(cx, off, 0, "UBIFS: %u node problems in all (first 16 reported)",
                       r.shown);
    char *detail = fw_xasprintf("LEB size %u, %u LEBs, default compression %s; read from the %s: "
                             "%u inodes, %u entries, %u data nodes, %u xattrs (not kept); "
                             "%zu files", r.leb_size, r.leb_cnt, compr_name(def_compr), how,
                             count_type(&r, T_INO), count_type(&r, T_DENT),
                             count_type(&r, T_DATA), xattrs, ns->count);
    fw_layout_row(cx, off, size, via, "ubifs", detail,
                  r.errors || r.index_broken || r.bad_crc ? "unpacked in part" : "unpacked");
    free(detail);
    if (r.bad_crc)
        fw_carve_error(cx, off, 0, "UBIFS: %u nodes with a bad CRC were skipped: some files are "
                       "missing or incomplete", r.bad_crc);
    free(chain);
    free(r.nodes);
    return size;
}

const fw_format fw_fmt_ubifs = {
    .name = "ubifs",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "\x31"),   /* magic 0x06101831, little-endian */
    .probe = ubifs_probe,
    .open = ubifs_open,
};
