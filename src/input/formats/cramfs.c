/* cramfs.c: CramFS images read in memory (no mount). Superblock (magic
 * 0x28cd3d45, "Compressed ROMFS"), 12-byte inodes (mode, uid, size, gid,
 * name length and data offset in 4-byte units), directories as runs of
 * inode+name, files as a table of block end pointers followed by
 * zlib-compressed 4 KiB blocks. Little-endian images are read as stored;
 * big-endian ones (the other bit order of the packed fields) too.
 * Not read: the "extended block pointers" variant (flag 0x800: direct or
 * uncompressed blocks), reported as such.
 *
 * Bounds: directory depth FW_MAX_FS_DIR_DEPTH, entries per directory
 * FW_MAX_FS_DIR_ENTRIES, every offset checked against the image, block
 * output capped at 4 KiB, the loader's entry/size/byte limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

#define CRAMFS_MAGIC 0x28cd3d45u
#define CRAMFS_SB 76
#define CRAMFS_PAGE 4096
#define CRAMFS_FLAG_EXT_BLOCK_POINTERS 0x800

typedef struct cinode {
    uint32_t mode, uid, size, gid, namelen, offset;
} cinode;

typedef struct creader {
    fw_loader *ld;
    fw_ns *ns;
    const char *where;
    const unsigned char *d;
    size_t n;
    int be;
    unsigned errors;
} creader;

static uint32_t word(const creader *r, size_t off)
{
    return r->be ? fw_be32(r->d + off) : fw_le32(r->d + off);
}

static cinode get_inode(const creader *r, size_t off)
{
    uint32_t w0 = word(r, off), w1 = word(r, off + 4), w2 = word(r, off + 8);
    cinode i;
    if (r->be) {
        i.mode = w0 >> 16; i.uid = w0 & 0xffff;
        i.size = w1 >> 8; i.gid = w1 & 0xff;
        i.namelen = w2 >> 26; i.offset = w2 & 0x3ffffff;
    } else {
        i.mode = w0 & 0xffff; i.uid = w0 >> 16;
        i.size = w1 & 0xffffff; i.gid = w1 >> 24;
        i.namelen = w2 & 0x3f; i.offset = w2 >> 6;
    }
    return i;
}

static void cerror(creader *r, const char *path, uint64_t off, const char *msg)
{
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_report_add_error(r->ld->report, w, off, 0, "%s", msg);
    free(w);
    r->errors++;
}

/* A file's (or symlink's) content: blocks of at most 4 KiB, each zlib. */
static void read_data(creader *r, fw_node *node, const cinode *ino, const char *path)
{
    size_t size = ino->size;
    size_t nblocks = (size + CRAMFS_PAGE - 1) / CRAMFS_PAGE;
    size_t ptrs = (size_t)ino->offset * 4;
    if (size == 0)
        return;
    if (ptrs > r->n || nblocks > (r->n - ptrs) / 4) {
        cerror(r, path, ptrs, "block table outside the image: file not read");
        node->truncated = 1;
        return;
    }
    char *w = fw_xasprintf("%s > %s", r->where, path);
    int ok = fw_loader_may_hold(r->ld, size, w);
    free(w);
    if (!ok) {
        node->truncated = 1;
        return;
    }
    unsigned char *buf = fw_xmalloc(size + 1);
    size_t got = 0, start = ptrs + nblocks * 4;
    for (size_t b = 0; b < nblocks; b++) {
        size_t end = word(r, ptrs + 4 * b);
        size_t want = size - got < CRAMFS_PAGE ? size - got : CRAMFS_PAGE;
        if (end < start || end > r->n) {
            cerror(r, path, ptrs + 4 * b, "block pointer outside the image: file read in part");
            node->truncated = 1;
            break;
        }
        if (end == start) {   /* a hole: zeros */
            memset(buf + got, 0, want);
        } else {
            uLongf outl = (uLongf)want;
            int zr = uncompress(buf + got, &outl, r->d + start, (uLong)(end - start));
            if (zr != Z_OK || outl != want) {
                cerror(r, path, start, "block does not decompress (zlib): file read in part");
                node->truncated = 1;
                break;
            }
        }
        got += want;
        start = end;
    }
    buf[got] = '\0';
    free(node->data);
    node->data = buf;
    node->size = got;
    r->ld->tree->bytes_held += got;
}

static void walk(creader *r, const cinode *dir, const char *path, unsigned depth)
{
    if (depth > FW_MAX_FS_DIR_DEPTH) {
        cerror(r, path, FW_NO_OFFSET, "directories nested too deep: not read");
        return;
    }
    size_t pos = (size_t)dir->offset * 4, end = pos + dir->size;
    if (dir->size && (pos < CRAMFS_SB || end > r->n)) {
        cerror(r, path, pos, "directory outside the image: not read");
        return;
    }
    for (size_t count = 0; pos + 12 <= end; count++) {
        if (count >= FW_MAX_FS_DIR_ENTRIES) {
            cerror(r, path, pos, "directory has too many entries: rest not read");
            break;
        }
        cinode ino = get_inode(r, pos);
        size_t nl = (size_t)ino.namelen * 4;
        if (nl == 0 || pos + 12 + nl > end) {
            cerror(r, path, pos, "directory entry damaged: rest of directory not read");
            break;
        }
        char *name = fw_xstrndup((const char *)r->d + pos + 12, nl);
        char *p = fw_xasprintf("%s/%s", strcmp(path, "/") ? path : "", name);
        free(name);
        pos += 12 + nl;
        char *w = fw_xasprintf("%s > %s", r->where, p);
        int ok = fw_loader_may_add_entry(r->ld, w);
        free(w);
        fw_node_type t = fw_node_type_of_mode(ino.mode);
        fw_node *node = ok ? fw_ns_add(r->ld->tree, r->ns, p, t) : NULL;
        if (node) {
            node->mode = ino.mode & 07777;
            node->uid = ino.uid;
            node->gid = ino.gid;
            if (t == FW_NODE_DIR) {
                walk(r, &ino, p, depth + 1);
            } else if (t == FW_NODE_FILE) {
                read_data(r, node, &ino, p);
            } else if (t == FW_NODE_SYMLINK) {
                read_data(r, node, &ino, p);
                node->link_target = node->data ? fw_xstrndup((const char *)node->data, node->size)
                                               : fw_xstrdup("");
                free(node->data);
                node->data = NULL;
                r->ld->tree->bytes_held -= node->size;
                node->size = 0;
            }
        }
        free(p);
    }
}

/* Magic, signature and a size that fits the superblock; *be set. */
static uint64_t cramfs_probe_be(const unsigned char *d, size_t n, int *be)
{
    if (n < CRAMFS_SB)
        return 0;
    if (fw_le32(d) == CRAMFS_MAGIC) *be = 0;
    else if (fw_be32(d) == CRAMFS_MAGIC) *be = 1;
    else return 0;
    if (memcmp(d + 16, "Compressed ROMFS", 16) != 0)
        return 0;
    uint32_t size = *be ? fw_be32(d + 4) : fw_le32(d + 4);
    return size >= CRAMFS_SB ? size : 0;
}

static uint64_t cramfs_probe(const unsigned char *d, size_t n)
{
    int be;
    return cramfs_probe_be(d, n, &be);
}

static uint64_t cramfs_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                            const char *via)
{
    int be;
    uint64_t size = cramfs_probe_be(d, n, &be);
    uint32_t flags = be ? fw_be32(d + 8) : fw_le32(d + 8);
    const char *fmt = be ? "cramfs big-endian" : "cramfs";
    int truncated = size > n;
    if (truncated)
        fw_carve_error(cx, off, 1, "cramfs superblock says %llu bytes but only %zu remain: "
                       "image truncated or size field wrong", (unsigned long long)size, n);
    if (flags & CRAMFS_FLAG_EXT_BLOCK_POINTERS) {
        fw_layout_row(cx, off, size, via, fmt, "extended block pointers (flag 0x800)",
                      "not supported");
        fw_carve_error(cx, off, 1, "cramfs with extended block pointers (flag 0x800) "
                       "not read: fwaudit reads only the classic layout");
        return size;
    }
    fw_ns *ns = fw_carve_ns(cx, off, via, "cramfs");
    if (!ns)
        return size;
    char *chain = fw_carve_chain(cx, off, via, "cramfs");
    creader r = { .ld = cx->ld, .ns = ns, .where = chain, .d = d,
                  .n = truncated ? n : (size_t)size, .be = be };
    cinode root = get_inode(&r, 64);
    walk(&r, &root, "/", 0);
    free(chain);
    char *detail = fw_xasprintf("%zu entries%s", ns->count,
                             r.errors ? ", some entries damaged" : "");
    fw_layout_row(cx, off, size, via, fmt, detail,
                  truncated || r.errors ? "unpacked in part" : "unpacked");
    free(detail);
    return size;
}

const fw_format fw_fmt_cramfs = {
    .name = "cramfs",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "\x45\x28"),   /* magic 0x28cd3d45, little- or big-endian */
    .probe = cramfs_probe,
    .open = cramfs_open,
};
