/* squashfs.c: SquashFS images, read in memory with libsquashfs
 * (squashfs-tools-ng): random access to inodes, directories and data blocks,
 * nothing extracted. libsquashfs reads version 4.0 little-endian with
 * gzip, lzma, xz, lzo, lz4 and zstd (as built). Versions 2.x and 3.x (either
 * byte order) and big-endian 4.0 are read by sqfs_legacy.c. What neither
 * reads (version 1, vendor magics, a vendor-modified compressor) is named
 * precisely in the report: format, offset, why.
 *
 * Bounds: directory depth FW_MAX_FS_DIR_DEPTH, entries per directory
 * FW_MAX_FS_DIR_ENTRIES, the loader's entry/size/byte limits; a directory
 * DAG that repeats a subtree is cut by the entry limit. */
#include <sqfs/compressor.h>
#include <sqfs/data_reader.h>
#include <sqfs/dir.h>
#include <sqfs/dir_reader.h>
#include <sqfs/error.h>
#include <sqfs/id_table.h>
#include <sqfs/inode.h>
#include <sqfs/io.h>
#include <sqfs/super.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/idset.h"
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"
#include "input/formats/sqfs_compat.h"
#include "input/formats/sqfs_legacy.h"

/* --- an sqfs_file_t over bytes in memory (read-only) --- */
typedef struct memfile {
    sqfs_file_t f;
    const unsigned char *d;
    size_t n;
} memfile;

static int mf_read(sqfs_file_t *file, sqfs_u64 off, void *buf, size_t size)
{
    const memfile *m = (const memfile *)file;
    if (off > m->n || size > m->n - off)
        return SQFS_ERROR_OUT_OF_BOUNDS;
    memcpy(buf, m->d + off, size);
    return 0;
}
static int mf_write(sqfs_file_t *f, sqfs_u64 o, const void *b, size_t s) { return SQFS_ERROR_IO; }
static sqfs_u64 mf_size(const sqfs_file_t *file) { return ((const memfile *)file)->n; }
static int mf_truncate(sqfs_file_t *f, sqfs_u64 s) { return SQFS_ERROR_IO; }
static void mf_destroy(sqfs_object_t *o) { (void)o; }   /* owned by its reader or source */
static sqfs_object_t *mf_copy(const sqfs_object_t *o) { return NULL; }

static void memfile_init(memfile *m, const unsigned char *d, size_t n)
{
    *m = (memfile){ .d = d, .n = n };
    m->f.base.destroy = mf_destroy;
    m->f.base.copy = mf_copy;
    m->f.read_at = mf_read;
    m->f.write_at = mf_write;
    m->f.get_size = mf_size;
    m->f.truncate = mf_truncate;
}

static const char *sqfs_strerror(int e)
{
    switch (e) {
    case SQFS_ERROR_ALLOC: return "out of memory";
    case SQFS_ERROR_IO: return "read error";
    case SQFS_ERROR_COMPRESSOR: return "a block does not decompress";
    case SQFS_ERROR_CORRUPTED: return "corrupted structure";
    case SQFS_ERROR_UNSUPPORTED: return "unsupported feature or compressor";
    case SQFS_ERROR_OVERFLOW: return "size overflow";
    case SQFS_ERROR_OUT_OF_BOUNDS: return "points outside the image (truncated?)";
    case SFQS_ERROR_SUPER_MAGIC: return "bad superblock magic";
    case SFQS_ERROR_SUPER_VERSION: return "unsupported version";
    case SQFS_ERROR_SUPER_BLOCK_SIZE: return "invalid block size";
    case SQFS_ERROR_NOT_DIR: return "not a directory";
    case SQFS_ERROR_NO_ENTRY: return "no such entry";
    case SQFS_ERROR_LINK_LOOP: return "directory loop";
    default: return "libsquashfs error";
    }
}

/* The status for a libsquashfs error. */
static int sqfs_code(int e)
{
    switch (e) {
    case SQFS_ERROR_ALLOC: return FW_ENOMEM;
    case SQFS_ERROR_IO: return FW_EIO;
    case SQFS_ERROR_UNSUPPORTED: case SFQS_ERROR_SUPER_VERSION: return FW_EUNSUPPORTED;
    default: return FW_EFORMAT;
    }
}

/* --- content on demand ---
 * When the image's bytes outlive the tree (held by a node or kept mapped by
 * the tree: fw_carve.stable) and the tree already holds lim->lazy_after_bytes
 * (a router image is held whole: each file decompressed once, however often
 * the analyzers open it), files of FW_SQFS_LAZY_MIN bytes or more are
 * not decompressed while the tree is built: the node keeps a copy of its
 * inode and the source below decompresses it when a check opens it (on the
 * engine's worker threads), and the buffer is freed when the check is done.
 * So a squashfs costs the memory of the files being checked, not of all of
 * them, and its blocks are decompressed in parallel. libsquashfs's data
 * reader is not thread-safe (it caches a block and a fragment): the source
 * has SQ_SLOTS readers, each behind its own lock. */
#define SQ_SLOTS 4
/* Smaller files are read while the tree is built: they are most of the
 * files and few of the bytes, and the analyzers read many of them by path. */
#define FW_SQFS_LAZY_MIN (64u << 10)

typedef struct sq_slot {
    pthread_mutex_t mu;
    sqfs_compressor_t *cmp;
    sqfs_data_reader_t *data;
} sq_slot;

typedef struct sq_source {
    fw_source base;
    memfile mf;                      /* over the image (outlives the tree's nodes) */
    sq_slot slot[SQ_SLOTS];
    size_t n_slots;
    unsigned next_slot;              /* round robin (atomic) */
    sqfs_inode_generic_t **inodes;   /* src_ref indexes this (owned) */
    size_t n_inodes, cap_inodes;
} sq_source;

typedef struct sqreader {
    sq_source *lazy;      /* where large files' inodes go, or NULL: read now */
    fw_loader *ld;
    fw_ns *ns;
    const char *where;
    sqfs_dir_reader_t *dr;
    sqfs_data_reader_t *data;
    sqfs_id_table_t *ids;
    uint64_t image_size;
    unsigned errors;
    fw_idset dirs_read;   /* directory inodes already walked: a directory
                             listed twice (a loop back to an ancestor, or
                             one shared by two parents) is read once */
} sqreader;

static void entry_error(sqreader *r, const char *path, const char *what, int e)
{
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0, "%s: %s", what, sqfs_strerror(e));
    free(w);
    r->errors++;
}

static void dir_seen_error(sqreader *r, const char *path, uint32_t inode)
{
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0,
                        "directory inode %u was already read at another path (a directory "
                        "loop or a directory with two parents): not read again", inode);
    free(w);
    r->errors++;
}

static void read_file(sqreader *r, fw_node *node, sqfs_inode_generic_t **inop,
                      const char *path)
{
    sqfs_u64 size = 0;
    sqfs_inode_get_file_size(*inop, &size);
    char *w = fw_xasprintf("%s > %s", r->where, path);
    uint64_t keep = size;
    if (keep > r->ld->lim->max_entry_size) {
        fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0,
                            "entry larger than the entry-size limit (%llu bytes): "
                            "only its first part is checked",
                            (unsigned long long)r->ld->lim->max_entry_size);
        keep = r->ld->lim->max_entry_size;
        node->truncated = 1;
    }
    /* A file cannot hold more than the ratio limit allows for the image. */
    uint64_t ratio_cap = r->image_size * r->ld->lim->max_ratio;
    if (ratio_cap < FW_RATIO_FLOOR_BYTES)
        ratio_cap = FW_RATIO_FLOOR_BYTES;
    if (keep > ratio_cap) {
        fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0,
                            "file claims %llu bytes, more than %u times the image: "
                            "only its first part is checked",
                            (unsigned long long)size, r->ld->lim->max_ratio);
        keep = ratio_cap;
        node->truncated = 1;
    }
    if (r->lazy && keep >= FW_SQFS_LAZY_MIN &&
        r->ld->tree->bytes_held >= r->ld->lim->lazy_after_bytes) {
        /* read when a check opens it (sq_source_read) */
        sq_source *src = r->lazy;
        FW_XGROW(src->inodes, src->cap_inodes, src->n_inodes + 1);
        src->inodes[src->n_inodes] = *inop;
        *inop = NULL;
        free(node->data);
        node->data = NULL;
        node->src = &src->base;
        node->src_ref = src->n_inodes++;
        node->size = keep;
        free(w);
        return;
    }
    const sqfs_inode_generic_t *ino = *inop;
    if (!fw_loader_may_hold(r->ld, keep, w)) {
        node->truncated = 1;
        free(w);
        return;
    }
    unsigned char *buf = fw_xmalloc((size_t)keep + 1);
    size_t got = 0;
    while (got < keep) {
        sqfs_u32 want = keep - got > (1u << 20) ? (1u << 20) : (sqfs_u32)(keep - got);
        sqfs_s32 n = sqfs_data_reader_read(r->data, ino, got, buf + got, want);
        if (n <= 0) {
            if (n < 0) {
                fw_report_add_error(r->ld->report, w, got, 0,
                                    "file data unreadable at byte %zu: %s", got,
                                    sqfs_strerror(n));
                r->errors++;
            }
            node->truncated = 1;
            break;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    free(node->data);
    node->data = buf;
    node->size = got;
    r->ld->tree->bytes_held += got;
    free(w);
}

typedef struct child {
    char *name;
    sqfs_inode_generic_t *ino;
} child;

static void walk(sqreader *r, const sqfs_inode_generic_t *dir, const char *path,
                 unsigned depth)
{
    if (depth > FW_MAX_FS_DIR_DEPTH) {
        char *w = fw_xasprintf("%s > %s", r->where, path);
        fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0,
                            "directories nested deeper than %d levels: not read",
                            FW_MAX_FS_DIR_DEPTH);
        free(w);
        return;
    }
    int e = sqfs_dir_reader_open_dir(r->dr, dir, 0);
    if (e) {
        entry_error(r, path, "directory unreadable", e);
        return;
    }
    /* Collect first: the reader has one cursor, and subdirectories reuse it. */
    child *kids = NULL;
    size_t nk = 0, ck = 0;
    for (;;) {
        sqfs_dir_entry_t *ent = NULL;
        e = sqfs_dir_reader_read(r->dr, &ent);
        if (e > 0)
            break;
        if (e < 0) {
            entry_error(r, path, "directory listing damaged", e);
            break;
        }
        if (nk >= FW_MAX_FS_DIR_ENTRIES) {
            sqfs_free(ent);
            entry_error(r, path, "directory has too many entries, rest not read",
                        SQFS_ERROR_OVERFLOW);
            break;
        }
        sqfs_inode_generic_t *ino = NULL;
        e = sqfs_dir_reader_get_inode(r->dr, &ino);
        char *name = fw_xstrndup((const char *)ent->name, (size_t)ent->size + 1);
        sqfs_free(ent);
        if (e) {
            char *p = fw_xasprintf("%s/%s", strcmp(path, "/") ? path : "", name);
            entry_error(r, p, "inode unreadable", e);
            free(p);
            free(name);
            continue;
        }
        FW_XGROW(kids, ck, nk + 1);
        kids[nk].name = name;
        kids[nk].ino = ino;
        nk++;
    }
    for (size_t i = 0; i < nk; i++) {
        sqfs_inode_generic_t *ino = kids[i].ino;
        char *p = fw_xasprintf("%s/%s", strcmp(path, "/") ? path : "", kids[i].name);
        char *w = fw_xasprintf("%s > %s", r->where, p);
        int ok = fw_loader_may_add_entry(r->ld, w);
        free(w);
        fw_node_type t;
        switch (ino->base.type) {
        case SQFS_INODE_DIR: case SQFS_INODE_EXT_DIR: t = FW_NODE_DIR; break;
        case SQFS_INODE_FILE: case SQFS_INODE_EXT_FILE: t = FW_NODE_FILE; break;
        case SQFS_INODE_SLINK: case SQFS_INODE_EXT_SLINK: t = FW_NODE_SYMLINK; break;
        case SQFS_INODE_BDEV: case SQFS_INODE_CDEV:
        case SQFS_INODE_EXT_BDEV: case SQFS_INODE_EXT_CDEV: t = FW_NODE_DEVICE; break;
        case SQFS_INODE_FIFO: case SQFS_INODE_EXT_FIFO: t = FW_NODE_FIFO; break;
        case SQFS_INODE_SOCKET: case SQFS_INODE_EXT_SOCKET: t = FW_NODE_SOCKET; break;
        default: t = FW_NODE_OTHER; break;
        }
        fw_node *node = ok ? fw_ns_add(r->ld->tree, r->ns, p, t) : NULL;
        if (node) {
            node->mode = ino->base.mode & 07777;
            sqfs_u32 id = 0;
            if (sqfs_id_table_index_to_id(r->ids, ino->base.uid_idx, &id) == 0)
                node->uid = id;
            if (sqfs_id_table_index_to_id(r->ids, ino->base.gid_idx, &id) == 0)
                node->gid = id;
            if (t == FW_NODE_SYMLINK) {
                size_t tl = ino->base.type == SQFS_INODE_SLINK ? ino->data.slink.target_size
                                                               : ino->data.slink_ext.target_size;
                if (tl > ino->payload_bytes_used)
                    tl = ino->payload_bytes_used;
                node->link_target = fw_xstrndup((const char *)ino->extra, tl);
            } else if (t == FW_NODE_FILE) {
                read_file(r, node, &kids[i].ino, p);   /* may take the inode */
            } else if (t == FW_NODE_DIR) {
                if (fw_idset_add(&r->dirs_read, ino->base.inode_number))
                    walk(r, ino, p, depth + 1);
                else
                    dir_seen_error(r, p, ino->base.inode_number);
            }
        }
        free(p);
    }
    for (size_t i = 0; i < nk; i++) {
        free(kids[i].name);
        sqfs_free(kids[i].ino);
    }
    free(kids);
}

/* The decompressor for an image: ours for LZMA (it also reads the TP-Link
 * variant) and for LZO when libsquashfs lacks it (sqfs_compat.c), else
 * libsquashfs's; with the image's compressor options. NULL if none. */
static sqfs_compressor_t *make_compressor(const sqfs_super_t *super, sqfs_file_t *file, int *e)
{
    sqfs_compressor_config_t cfg;
    sqfs_compressor_t *cmp = NULL;
    *e = 0;
    if (super->compression_id == SQFS_COMP_LZMA)
        cmp = fw_sqfs_compat_create(super->compression_id, super->block_size);
    if (!cmp && (sqfs_compressor_config_init(&cfg, super->compression_id, super->block_size,
                                             SQFS_COMP_FLAG_UNCOMPRESS) != 0 ||
                 sqfs_compressor_create(&cfg, &cmp) != 0))
        cmp = fw_sqfs_compat_create(super->compression_id, super->block_size);
    if (cmp && (super->flags & SQFS_FLAG_COMPRESSOR_OPTIONS) &&
        (*e = cmp->read_options(cmp, file)) < 0) {
        sqfs_destroy(cmp);
        return NULL;
    }
    return cmp;
}

static void sq_source_destroy(fw_source *base)
{
    sq_source *src = (sq_source *)base;
    for (size_t i = 0; i < src->n_slots; i++) {
        sqfs_destroy(src->slot[i].data);
        sqfs_destroy(src->slot[i].cmp);
        pthread_mutex_destroy(&src->slot[i].mu);
    }
    for (size_t i = 0; i < src->n_inodes; i++)
        sqfs_free(src->inodes[i]);
    free(src->inodes);
    free(src);
}

static int sq_source_read(fw_source *base, uint64_t ref, uint64_t off, unsigned char *buf,
                          size_t n, fw_error *err)
{
    sq_source *src = (sq_source *)base;
    if (ref >= src->n_inodes)
        return fw_error_set(err, FW_EFORMAT, "squashfs: no such inode");
    const sqfs_inode_generic_t *ino = src->inodes[ref];
    /* a free reader if there is one, else wait for the next in turn */
    size_t k = __atomic_fetch_add(&src->next_slot, 1, __ATOMIC_RELAXED) % src->n_slots;
    sq_slot *sl = NULL;
    for (size_t i = 0; i < src->n_slots && !sl; i++)
        if (pthread_mutex_trylock(&src->slot[(k + i) % src->n_slots].mu) == 0)
            sl = &src->slot[(k + i) % src->n_slots];
    if (!sl) {
        sl = &src->slot[k];
        pthread_mutex_lock(&sl->mu);
    }
    int rc = FW_OK;
    size_t got = 0;
    while (got < n) {
        sqfs_u32 want = n - got > (1u << 20) ? (1u << 20) : (sqfs_u32)(n - got);
        sqfs_s32 r = sqfs_data_reader_read(sl->data, ino, off + got, buf + got, want);
        if (r <= 0) {
            rc = r < 0 ? fw_error_set(err, FW_EFORMAT, "squashfs file data unreadable at "
                                      "byte %llu: %s", (unsigned long long)(off + got),
                                      sqfs_strerror(r))
                       : fw_error_set(err, FW_EFORMAT, "squashfs file data ends at byte "
                                      "%llu, before its declared size",
                                      (unsigned long long)(off + got));
            break;
        }
        got += (size_t)r;
    }
    pthread_mutex_unlock(&sl->mu);
    return rc;
}

/* A source over the image d (n bytes), or NULL (then files are read now). */
static sq_source *sq_source_new(const sqfs_super_t *super, const unsigned char *d, size_t n)
{
    sq_source *src = fw_xcalloc(1, sizeof *src);
    src->base.read = sq_source_read;
    src->base.destroy = sq_source_destroy;
    memfile_init(&src->mf, d, n);
    for (size_t i = 0; i < SQ_SLOTS; i++) {
        sq_slot *sl = &src->slot[i];
        int e;
        if (!(sl->cmp = make_compressor(super, &src->mf.f, &e)))
            break;
        sl->data = sqfs_data_reader_create(&src->mf.f, super->block_size, sl->cmp, 0);
        if (!sl->data || sqfs_data_reader_load_fragment_table(sl->data, super) != 0) {
            sqfs_destroy(sl->data);
            sqfs_destroy(sl->cmp);
            break;
        }
        pthread_mutex_init(&sl->mu, NULL);
        src->n_slots++;
    }
    if (src->n_slots == 0) {
        free(src);
        return NULL;
    }
    return src;
}

int fw_squashfs_read(fw_loader *ld, fw_ns *ns, const char *where, const unsigned char *d,
                     size_t n, int lazy, char **detail, int *partial, fw_error *err)
{
    memfile mf;
    memfile_init(&mf, d, n);
    sqfs_super_t super;
    sqfs_compressor_t *cmp = NULL;
    sqreader r = { .ld = ld, .ns = ns, .where = where, .image_size = n };
    sqfs_inode_generic_t *root = NULL;
    int rc = FW_OK, e;
    *detail = NULL;
    *partial = 0;

    if ((e = sqfs_super_read(&super, &mf.f)) != 0) {
        rc = fw_error_set(err, sqfs_code(e), "superblock rejected: %s", sqfs_strerror(e));
        goto out;
    }
    const char *cname = sqfs_compressor_name_from_id(super.compression_id);
    if (!(cmp = make_compressor(&super, &mf.f, &e))) {
        if (e < 0)
            rc = fw_error_set(err, sqfs_code(e), "%s compressor options unreadable: %s", cname,
                              sqfs_strerror(e));
        else
            rc = fw_error_set(err, FW_EUNSUPPORTED,
                              "compressor %s (id %u) not supported by libsquashfs",
                              cname ? cname : "unknown", super.compression_id);
        goto out;
    }
    r.ids = sqfs_id_table_create(0);
    r.dr = sqfs_dir_reader_create(&super, cmp, &mf.f, 0);
    r.data = sqfs_data_reader_create(&mf.f, super.block_size, cmp, 0);
    if (!r.ids || !r.dr || !r.data) {
        rc = fw_error_set(err, FW_ENOMEM, "out of memory");
        goto out;
    }
    if ((e = sqfs_id_table_read(r.ids, &mf.f, &super, cmp)) != 0) {
        rc = fw_error_set(err, sqfs_code(e), "uid/gid table unreadable: %s%s%s",
                          sqfs_strerror(e), e == SQFS_ERROR_COMPRESSOR ? ": not standard " : "",
                          e == SQFS_ERROR_COMPRESSOR ? (cname ? cname : "?") : "");
        goto out;
    }
    if ((e = sqfs_data_reader_load_fragment_table(r.data, &super)) != 0) {
        rc = fw_error_set(err, sqfs_code(e), "fragment table unreadable: %s", sqfs_strerror(e));
        goto out;
    }
    if ((e = sqfs_dir_reader_get_root_inode(r.dr, &root)) != 0) {
        rc = fw_error_set(err, sqfs_code(e), "root directory unreadable: %s", sqfs_strerror(e));
        goto out;
    }
    fw_idset_add(&r.dirs_read, root->base.inode_number);
    if (lazy)
        r.lazy = sq_source_new(&super, d, n);
    walk(&r, root, "/", 0);
    if (r.lazy && r.lazy->n_inodes)
        fw_tree_add_source(ld->tree, &r.lazy->base);   /* the tree frees it */
    else if (r.lazy)
        sq_source_destroy(&r.lazy->base);
    *detail = fw_xasprintf("%s%s, %u inodes, block size %u", cname ? cname : "?",
                           super.compression_id == SQFS_COMP_LZMA &&
                                   fw_sqfs_compat_variant_blocks(cmp)
                               ? " (TP-Link variant: no size field in block headers)" : "",
                           super.inode_count, super.block_size);
    *partial = r.errors != 0;
out:
    sqfs_free(root);
    sqfs_destroy(r.data);
    sqfs_destroy(r.dr);
    sqfs_destroy(r.ids);
    sqfs_destroy(cmp);
    fw_idset_release(&r.dirs_read);
    return rc;
}

/* --- carving --- */

/* Magic, and whether the superblock is big-endian. Vendor magics ("shsq",
 * "sqlz", ...) mark modified formats (DD-WRT, Broadcom, Realtek). */
static int sq_magic(const unsigned char *d, size_t n, int *be, const char **vendor)
{
    *vendor = NULL;
    if (n < 96)
        return 0;
    if (memcmp(d, "hsqs", 4) == 0) { *be = 0; return 1; }
    if (memcmp(d, "sqsh", 4) == 0) { *be = 1; return 1; }
    static const char *const le_vendor[] = { "shsq", "hsqt", "sqlz", NULL };
    static const char *const be_vendor[] = { "qshs", "tqsh", "zlqs", NULL };
    for (int i = 0; le_vendor[i]; i++)
        if (memcmp(d, le_vendor[i], 4) == 0) { *be = 0; *vendor = le_vendor[i]; return 1; }
    for (int i = 0; be_vendor[i]; i++)
        if (memcmp(d, be_vendor[i], 4) == 0) { *be = 1; *vendor = be_vendor[i]; return 1; }
    return 0;
}

/* Version and declared size; 0 when the superblock is not plausible. */
static uint64_t sq_info(const unsigned char *d, size_t n, int *be, const char **vendor,
                        unsigned *major, unsigned *minor)
{
    if (!sq_magic(d, n, be, vendor))
        return 0;
    *major = *be ? fw_be16(d + 28) : fw_le16(d + 28);
    *minor = *be ? fw_be16(d + 30) : fw_le16(d + 30);
    uint64_t size;
    if (*major == 4) {
        uint32_t bs = *be ? fw_be32(d + 12) : fw_le32(d + 12);
        unsigned blog = *be ? fw_be16(d + 22) : fw_le16(d + 22);
        if (bs < 4096 || bs > (1u << 20) || blog > 20 || (1u << blog) != bs)
            return 0;
        size = *be ? ((uint64_t)fw_be32(d + 40) << 32 | fw_be32(d + 44)) : fw_le64(d + 40);
    } else if (*major == 3) {
        /* 3.x: bytes_used is a 64-bit field at offset 63 */
        if (*be)
            size = (uint64_t)fw_be32(d + 63) << 32 | fw_be32(d + 67);
        else
            size = fw_le64(d + 63);
    } else if (*major == 1 || *major == 2) {
        size = *be ? fw_be32(d + 8) : fw_le32(d + 8);
    } else {
        return 0;
    }
    if (size < 96 || size > (1ULL << 40))
        return 0;
    return size;
}

static uint64_t sq_probe(const unsigned char *d, size_t n)
{
    int be;
    const char *vendor;
    unsigned major, minor;
    return sq_info(d, n, &be, &vendor, &major, &minor);
}

static uint64_t sq_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                        const char *via)
{
    int be;
    const char *vendor;
    unsigned major, minor;
    uint64_t size = sq_info(d, n, &be, &vendor, &major, &minor);
    char fmt[64];
    /* vendor LZMA builds put a letter in the minor version ('L' = 0x4c) */
    if (minor > 9)
        snprintf(fmt, sizeof fmt, "squashfs %u.x%s", major, be ? " big-endian" : "");
    else
        snprintf(fmt, sizeof fmt, "squashfs %u.%u%s", major, minor, be ? " big-endian" : "");
    fw_error err = {0};   /* why the image is not read */
    const char *status = "not supported";
    int truncated = size > n;
    if (truncated)
        fw_carve_error(cx, off, 1,
                       "%s: superblock says %llu bytes but only %zu remain: image truncated "
                       "or size field wrong", fmt, (unsigned long long)size, n);
    if (vendor) {
        fw_error_set(&err, FW_EUNSUPPORTED, "vendor-modified squashfs (magic \"%s\"): "
                     "libsquashfs reads only standard version 4.0", vendor);
    } else if (fw_sqfs_legacy_handles(major, be)) {
        /* 2.x, 3.x, big-endian 4.0: our own reader (sqfs_legacy.c) */
        fw_ns *ns = fw_carve_ns(cx, off, via, "squashfs");
        if (!ns)
            return size;
        char *chain = fw_carve_chain(cx, off, via, "squashfs");
        char *info = NULL;
        int partial = 0;
        int rc = fw_sqfs_legacy_read(cx, ns, chain, off, d, truncated ? n : (size_t)size,
                                     &info, &partial, &err);
        free(chain);
        if (rc == FW_OK) {
            char *detail = fw_xasprintf("%s; %zu entries", info, ns->count);
            fw_layout_row(cx, off, size, via, fmt, detail,
                          truncated || partial ? "unpacked in part" : "unpacked");
            free(detail);
            free(info);
            return size;
        }
        status = "damaged";
    } else if (major != 4) {
        fw_error_set(&err, FW_EUNSUPPORTED, "squashfs %u.x (%s-endian): libsquashfs reads only "
                     "version 4.0", major, be ? "big" : "little");
    } else if (be) {
        fw_error_set(&err, FW_EUNSUPPORTED, "big-endian squashfs 4.0 (a vendor variant, e.g. "
                     "AVM): libsquashfs reads only little-endian");
    } else {
        fw_ns *ns = fw_carve_ns(cx, off, via, "squashfs");
        if (!ns)
            return size;
        char *chain = fw_carve_chain(cx, off, via, "squashfs");
        char *info = NULL;
        int partial = 0;
        int rc = fw_squashfs_read(cx->ld, ns, chain, d, truncated ? n : (size_t)size,
                                  cx->stable, &info, &partial, &err);
        free(chain);
        if (rc == FW_OK) {
            char *detail = fw_xasprintf("%s; %zu entries", info, ns->count);
            fw_layout_row(cx, off, size, via, fmt, detail,
                          truncated || partial ? "unpacked in part" : "unpacked");
            free(detail);
            free(info);
            return size;
        }
        status = "damaged";
    }
    fw_layout_row(cx, off, size, via, fmt, err.msg, status);
    fw_carve_error(cx, off, 1, "%s at offset 0x%llx not read: %s", fmt,
                   (unsigned long long)off, err.msg);
    return size;
}

const fw_format fw_fmt_squashfs = {
    .name = "squashfs",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "hsqtz"),   /* hsqs sqsh shsq hsqt sqlz qshs tqsh zlqs */
    .probe = sq_probe,
    .open = sq_open,
};
