/* romfs.c: romfs images (genromfs, the kernel's fs/romfs) read in memory.
 *
 * Layout (big-endian, every structure 16-byte aligned):
 *   superblock: "-rom1fs-", full size, checksum, volume name (NUL, padded);
 *   file header: next (offset of the next header in the same directory; its
 *   low 4 bits are the type and the executable bit), spec.info, size,
 *   checksum, name (NUL, padded), then `size` bytes of data.
 *   spec.info is: the first header of a directory's listing (directory), the
 *   header a hard link names (hard link), major<<16|minor (devices).
 * The superblock checksum makes the big-endian 32-bit words of the first
 * min(512, size) bytes sum to 0; a header's checksum does the same over the
 * header and its padded name. Both are verified; a mismatch is reported and
 * the image is read anyway.
 *
 * romfs keeps no owner or permission bits: modes are the kernel's (0644,
 * 0755 for directories and executables, 0777 for symlinks, 0600 for
 * devices), uid and gid 0. "." and ".." (hard links genromfs writes into
 * every directory) are not entries.
 *
 * Hostile images: every offset is checked against the image; every header
 * visited is marked in a bitmap (one bit per 16 bytes), so a next/spec chain
 * that comes back to a header already read (a loop, or two directories
 * sharing a listing) is reported and not followed. Directory depth
 * FW_MAX_FS_DIR_DEPTH, entries per directory FW_MAX_FS_DIR_ENTRIES, names
 * FW_MAX_FS_NAME_LEN, hard-link chains FW_MAX_ROMFS_LINK_HOPS, and the
 * loader's entry/size/byte limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

#define ROMFS_MAGIC "-rom1fs-"
#define ROMFS_HDR 16
#define ROMFS_SUM_SPAN 512
#define ROMFS_SMALLEST 48   /* superblock, one name slot, one header */

enum { RT_HARDLINK, RT_DIR, RT_FILE, RT_SYMLINK, RT_BLOCK, RT_CHAR, RT_SOCKET, RT_FIFO };
#define ROMFS_EXEC 8

/* One file header, parsed. */
typedef struct rhdr {
    uint32_t next, spec, size;
    unsigned type;
    int exec;
    const char *name;   /* points into the image; NUL-terminated there */
    size_t namelen;
    size_t data;        /* offset of the data */
    int sum_ok;
} rhdr;

/* A header that became a node (for hard links). */
typedef struct rseen {
    size_t hdr;
    fw_node *node;
} rseen;

/* A hard link waiting for the walk to finish (its target may come later). */
typedef struct rlink {
    size_t hdr, dest;
    char *path;
} rlink;

typedef struct rreader {
    fw_carve *cx;
    fw_loader *ld;
    fw_ns *ns;
    const char *where;      /* the namespace's chain */
    const unsigned char *d;
    size_t n;               /* bytes of the image that are here */
    uint64_t off;           /* absolute offset of the image in the blob */
    unsigned char *visited; /* one bit per 16-byte slot */
    rseen *seen;
    size_t nseen, capseen;
    size_t nsorted;         /* seen[0, nsorted) is sorted by header offset */
    rlink *links;
    size_t nlinks, caplinks;
    uint64_t budget;        /* bytes files of this image may still hold: headers
                               whose data overlap could otherwise copy the image
                               many times over */
    int budget_hit;
    unsigned errors, bad_sums, loops;
} rreader;

static uint32_t sum_words(const unsigned char *d, size_t n)
{
    uint32_t s = 0;
    for (size_t i = 0; i + 4 <= n; i += 4)
        s += fw_be32(d + i);
    return s;
}

static size_t pad16(size_t x) { return (x + 15) & ~(size_t)15; }

/* The NUL-terminated name at d[pos], at most `max` bytes before the NUL:
 * its length, or -1 if it runs past the image or the bound. */
static long name_len(const unsigned char *d, size_t n, size_t pos, size_t max)
{
    if (pos >= n)
        return -1;
    size_t avail = n - pos < max + 1 ? n - pos : max + 1;
    const unsigned char *z = memchr(d + pos, 0, avail);
    return z ? (long)(z - (d + pos)) : -1;
}

/* Parse the header at pos: FW_OK, or FW_EFORMAT with why in err (which
 * may be NULL). */
static int get_hdr(const unsigned char *d, size_t n, size_t pos, rhdr *h, fw_error *err)
{
    if (pos % ROMFS_HDR || pos < 2 * ROMFS_HDR || pos > n || n - pos < ROMFS_HDR)
        return fw_error_set(err, FW_EFORMAT, "file header offset outside the image");
    long nl = name_len(d, n, pos + ROMFS_HDR, FW_MAX_FS_NAME_LEN);
    if (nl < 0)
        return fw_error_set(err, FW_EFORMAT, "file name not terminated within the image, or "
                            "longer than FW_MAX_FS_NAME_LEN");
    uint32_t w0 = fw_be32(d + pos);
    h->next = w0 & ~15u;
    h->type = w0 & 7;
    h->exec = (w0 & ROMFS_EXEC) != 0;
    h->spec = fw_be32(d + pos + 4);
    h->size = fw_be32(d + pos + 8);
    h->name = (const char *)d + pos + ROMFS_HDR;
    h->namelen = (size_t)nl;
    size_t meta = ROMFS_HDR + pad16((size_t)nl + 1);
    h->data = pos + meta;
    h->sum_ok = meta <= n - pos && sum_words(d + pos, meta) == 0;
    return FW_OK;
}

/* Test-and-set the visited bit of a header. */
static int visit(rreader *r, size_t pos)
{
    size_t slot = pos / ROMFS_HDR;
    unsigned char bit = (unsigned char)(1u << (slot % 8));
    if (r->visited[slot / 8] & bit)
        return 0;
    r->visited[slot / 8] |= bit;
    return 1;
}

static void rerror(rreader *r, size_t pos, const char *path, const char *msg)
{
    fw_carve_error(r->cx, r->off + pos, 0, "romfs %s: %s", path, msg);
    r->errors++;
}

static uint32_t kernel_mode(const rhdr *h)
{
    static const uint32_t modes[] = { 0644, 0644, 0644, 0777, 0600, 0600, 0644, 0644 };
    uint32_t m = modes[h->type];
    if (h->type == RT_DIR || h->exec)
        m |= 0111;
    return m;
}

static fw_node_type node_type(unsigned t)
{
    switch (t) {
    case RT_DIR: return FW_NODE_DIR;
    case RT_FILE: return FW_NODE_FILE;
    case RT_SYMLINK: return FW_NODE_SYMLINK;
    case RT_BLOCK: case RT_CHAR: return FW_NODE_DEVICE;
    case RT_SOCKET: return FW_NODE_SOCKET;
    case RT_FIFO: return FW_NODE_FIFO;
    default: return FW_NODE_OTHER;
    }
}

/* The data of h: pointer and length, cut (and reported) at the image end. */
static const unsigned char *hdr_data(rreader *r, const rhdr *h, size_t pos, const char *path,
                                     size_t *len, int *cut)
{
    *cut = 0;
    if (h->data >= r->n) {
        *len = 0;
        *cut = h->size > 0;
    } else {
        *len = r->n - h->data < h->size ? r->n - h->data : h->size;
        *cut = *len < h->size;
    }
    if (*cut)
        rerror(r, pos, path, "data runs past the end of the image: read in part");
    return r->d + (h->data < r->n ? h->data : r->n);
}

static void remember(rreader *r, size_t pos, fw_node *node)
{
    FW_XGROW(r->seen, r->capseen, r->nseen + 1);
    r->seen[r->nseen].hdr = pos;
    r->seen[r->nseen].node = node;
    r->nseen++;
}

static fw_node *add_entry(rreader *r, size_t pos, const rhdr *h, const char *path)
{
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_node *node = NULL;
    if (h->type == RT_FILE) {
        size_t len;
        int cut;
        const unsigned char *p = hdr_data(r, h, pos, path, &len, &cut);
        if (len > r->budget) {
            if (!r->budget_hit)
                rerror(r, pos, path, "files of this image add up to more than the ratio "
                                     "limit allows (overlapping data?): this file and the "
                                     "rest are read in part");
            r->budget_hit = 1;
            len = (size_t)r->budget;
            cut = 1;
        }
        r->budget -= len;
        node = fw_carve_add_file(r->ld, r->ns, path, w, p, len);
        if (node && cut)
            node->truncated = 1;
    } else if (fw_loader_may_add_entry(r->ld, w)) {
        node = fw_ns_add(r->ld->tree, r->ns, path, node_type(h->type));
        if (node && h->type == RT_SYMLINK) {
            size_t len;
            int cut;
            const unsigned char *p = hdr_data(r, h, pos, path, &len, &cut);
            if (len > FW_MAX_PATH_LEN) {
                rerror(r, pos, path, "symlink target longer than FW_MAX_PATH_LEN: cut");
                len = FW_MAX_PATH_LEN;
            }
            free(node->link_target);
            node->link_target = fw_xstrndup((const char *)p, len);
        }
    }
    free(w);
    if (node) {
        node->mode = kernel_mode(h);
        node->uid = node->gid = 0;
        remember(r, pos, node);
    }
    return node;
}

static void walk(rreader *r, size_t first, const char *path, unsigned depth)
{
    if (depth > FW_MAX_FS_DIR_DEPTH) {
        rerror(r, first, path, "directories nested deeper than FW_MAX_FS_DIR_DEPTH: not read");
        return;
    }
    size_t pos = first;
    for (size_t count = 0; pos != 0; count++) {
        if (count >= FW_MAX_FS_DIR_ENTRIES) {
            rerror(r, pos, path, "directory has more than FW_MAX_FS_DIR_ENTRIES entries: rest "
                                 "not read");
            return;
        }
        rhdr h;
        fw_error err;
        if (get_hdr(r->d, r->n, pos, &h, &err) != FW_OK) {
            rerror(r, pos, path, err.msg);
            return;
        }
        if (!visit(r, pos)) {
            char *msg = fw_xasprintf("file header at 0x%zx reached a second time (a loop in the "
                                  "next/spec chains): rest of the directory not read", pos);
            rerror(r, pos, path, msg);
            free(msg);
            r->loops++;
            return;
        }
        if (!h.sum_ok)
            r->bad_sums++;
        int dot = strcmp(h.name, ".") == 0 || strcmp(h.name, "..") == 0;
        if (!dot && (h.namelen == 0 || memchr(h.name, '/', h.namelen))) {
            rerror(r, pos, path, "entry with an empty name or a '/' in its name: skipped");
        } else if (!dot) {
            char *p = fw_xasprintf("%s/%s", strcmp(path, "/") ? path : "", h.name);
            if (h.type == RT_HARDLINK) {
                FW_XGROW(r->links, r->caplinks, r->nlinks + 1);
                r->links[r->nlinks].hdr = pos;
                r->links[r->nlinks].dest = h.spec;
                r->links[r->nlinks].path = p;
                r->nlinks++;
                p = NULL;
            } else if (add_entry(r, pos, &h, p) && h.type == RT_DIR) {
                walk(r, h.spec & ~15u, p, depth + 1);
            }
            free(p);
        }
        pos = h.next;
    }
}

static int by_hdr(const void *a, const void *b)
{
    const rseen *x = a, *y = b;
    return x->hdr < y->hdr ? -1 : x->hdr > y->hdr;
}

static fw_node *node_at(const rreader *r, size_t hdr)
{
    size_t lo = 0, hi = r->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->seen[mid].hdr < hdr) lo = mid + 1;
        else if (r->seen[mid].hdr > hdr) hi = mid;
        else return r->seen[mid].node;
    }
    return NULL;
}

/* Hard links, once every listed header is known: a link to a listed file is
 * a hard link node; a link to a header no directory lists is read as the
 * file it is; links to directories (other than "." and "..") are not
 * followed. */
static void resolve_links(rreader *r)
{
    if (r->nseen > 1)
        qsort(r->seen, r->nseen, sizeof *r->seen, by_hdr);
    r->nsorted = r->nseen;   /* links read as files below are appended, unsorted */
    for (size_t i = 0; i < r->nlinks; i++) {
        const rlink *l = &r->links[i];
        size_t dest = l->dest & ~(size_t)15;
        rhdr h;
        fw_error err = { .code = FW_OK };
        unsigned hops = 0;
        int ok = 0;
        while (hops++ < FW_MAX_ROMFS_LINK_HOPS) {
            if (get_hdr(r->d, r->n, dest, &h, &err) != FW_OK)
                break;
            if (h.type != RT_HARDLINK) {
                ok = 1;
                break;
            }
            dest = h.spec & ~15u;
            fw_error_set(&err, FW_ELIMIT, "hard links form a loop or a chain longer than "
                         "FW_MAX_ROMFS_LINK_HOPS");
        }
        if (!ok) {
            rerror(r, l->hdr, l->path,
                   err.code != FW_OK ? err.msg : "hard link target unreadable");
            continue;
        }
        fw_node *target = node_at(r, dest);
        if (h.type == RT_DIR) {
            rerror(r, l->hdr, l->path, "hard link to a directory: not followed");
        } else if (target && target->type == FW_NODE_FILE) {
            char *w = fw_xasprintf("%s > %s", r->where, l->path);
            int may = fw_loader_may_add_entry(r->ld, w);
            free(w);
            fw_node *node = may ? fw_ns_add(r->ld->tree, r->ns, l->path, FW_NODE_HARDLINK) : NULL;
            if (node) {
                free(node->link_target);
                node->link_target = fw_xstrdup(target->path);
                node->mode = target->mode;
            }
        } else {
            add_entry(r, dest, &h, l->path);   /* unlisted file, device, symlink */
        }
    }
}

/* Magic, a sane size, a terminated volume name, and a first file header
 * that parses; then the superblock checksum or that header's checksum must
 * hold (the string "-rom1fs-" is in every kernel with romfs built in). */
static uint64_t romfs_probe(const unsigned char *d, size_t n)
{
    if (n < ROMFS_SMALLEST || memcmp(d, ROMFS_MAGIC, 8) != 0)
        return 0;
    uint32_t size = fw_be32(d + 8);
    if (size < ROMFS_SMALLEST)
        return 0;
    size_t have = n < size ? n : size;
    long vl = name_len(d, have, 16, FW_MAX_FS_NAME_LEN);
    if (vl < 0)
        return 0;
    size_t first = 16 + pad16((size_t)vl + 1);
    rhdr h;
    if (get_hdr(d, have, first, &h, NULL) != FW_OK)
        return 0;
    size_t span = size < ROMFS_SUM_SPAN ? size : ROMFS_SUM_SPAN;
    int sb_ok = have >= span && sum_words(d, span) == 0;
    return sb_ok || h.sum_ok ? size : 0;
}

static uint64_t romfs_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                           const char *via)
{
    uint64_t size = romfs_probe(d, n);
    if (!size)
        return 0;
    int truncated = size > n;
    size_t have = truncated ? n : (size_t)size;
    if (truncated)
        fw_carve_error(cx, off, 1, "romfs superblock says %llu bytes but only %zu remain: "
                       "image truncated or size field wrong", (unsigned long long)size, n);
    size_t span = size < ROMFS_SUM_SPAN ? (size_t)size : ROMFS_SUM_SPAN;
    int sb_bad = have >= span && sum_words(d, span) != 0;
    if (sb_bad)
        fw_carve_error(cx, off, 0, "romfs superblock checksum mismatch (first %zu bytes do not "
                       "sum to 0): image damaged; read anyway", span);
    fw_ns *ns = fw_carve_ns(cx, off, via, "romfs");
    if (!ns)
        return size;
    char *chain = fw_carve_chain(cx, off, via, "romfs");
    rreader r = { .cx = cx, .ld = cx->ld, .ns = ns, .where = chain, .d = d, .n = have,
                  .off = off };
    r.visited = fw_xcalloc(1, have / ROMFS_HDR / 8 + 1);
    r.budget = (uint64_t)have * cx->ld->lim->max_ratio;
    if (r.budget < FW_RATIO_FLOOR_BYTES)
        r.budget = FW_RATIO_FLOOR_BYTES;
    long vl = name_len(d, have, 16, FW_MAX_FS_NAME_LEN);
    size_t first = 16 + pad16((size_t)vl + 1);
    rhdr root;
    get_hdr(d, have, first, &root, NULL);   /* parsed by the probe */
    if (root.type == RT_DIR) {
        /* The root's own header is its "." entry: its listing begins there. */
        walk(&r, root.spec & ~15u, "/", 0);
    } else {
        rerror(&r, first, "/", "the first file header is not a directory: read as a listing");
        walk(&r, first, "/", 0);
    }
    resolve_links(&r);
    if (r.bad_sums)
        fw_carve_error(cx, off, 0, "romfs: %u file headers with a checksum mismatch (damaged "
                       "image): read anyway", r.bad_sums);
    char *vol = fw_xstrndup((const char *)d + 16, (size_t)vl);
    char *detail = fw_xasprintf("volume \"%s\", %zu entries%s%s", vol, ns->count,
                             sb_bad ? ", superblock checksum mismatch" : "",
                             r.loops ? ", loop in the header chains" : "");
    fw_layout_row(cx, off, size, via, "romfs", detail,
                  truncated || sb_bad || r.errors || r.bad_sums ? "unpacked in part"
                                                                : "unpacked");
    free(detail);
    free(vol);
    for (size_t i = 0; i < r.nlinks; i++)
        free(r.links[i].path);
    free(r.links);
    free(r.seen);
    free(r.visited);
    free(chain);
    return size;
}

const fw_format fw_fmt_romfs = {
    .name = "romfs",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "-"),   /* "-rom1fs-" */
    .probe = romfs_probe,
    .open = romfs_open,
};
