/* ext.c: ext2/3/4 images read with libext2fs (e2fsprogs), read-only, no
 * mount, nothing extracted. libext2fs reads through an io_manager; ours
 * (memio) serves blocks from the bytes in memory and refuses every write.
 * The image's address and size travel in the name passed to ext2fs_open2
 * ("mem:<ptr>:<size>"), so no global state is needed.
 *
 * Bounds: directory depth FW_MAX_FS_DIR_DEPTH, entries per directory
 * FW_MAX_FS_DIR_ENTRIES, the loader's entry/size/byte limits. */
#include <ext2fs/ext2_err.h>
#include <ext2fs/ext2fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

#define EXT_MAGIC_OFF 1080

/* i_mode holds the POSIX type bits fw_node_type_of_mode reads. */
_Static_assert(LINUX_S_IFMT == 0170000 && LINUX_S_IFDIR == 0040000 &&
                   LINUX_S_IFREG == 0100000 && LINUX_S_IFLNK == 0120000 &&
                   LINUX_S_IFCHR == 0020000 && LINUX_S_IFBLK == 0060000 &&
                   LINUX_S_IFIFO == 0010000 && LINUX_S_IFSOCK == 0140000,
               "ext2fs file-type bits are not the POSIX values");

typedef struct memimg {
    const unsigned char *d;
    size_t n;
} memimg;

static errcode_t mem_open(const char *name, int flags, io_channel *channel);

static errcode_t mem_close(io_channel ch)
{
    if (--ch->refcount > 0)
        return 0;
    free(ch->private_data);
    free(ch->name);
    free(ch);
    return 0;
}

static errcode_t mem_set_blksize(io_channel ch, int blksize)
{
    ch->block_size = blksize;
    return 0;
}

static errcode_t mem_read64(io_channel ch, unsigned long long block, int count, void *data)
{
    const memimg *m = ch->private_data;
    size_t len = count < 0 ? (size_t)-count : (size_t)count * (size_t)ch->block_size;
    unsigned long long off = block * (unsigned long long)ch->block_size;
    if (block > (1ULL << 40) || off > m->n) {
        memset(data, 0, len);
        return EXT2_ET_SHORT_READ;
    }
    size_t have = m->n - (size_t)off < len ? m->n - (size_t)off : len;
    memcpy(data, m->d + off, have);
    if (have < len) {
        memset((unsigned char *)data + have, 0, len - have);
        return EXT2_ET_SHORT_READ;
    }
    return 0;
}

static errcode_t mem_read(io_channel ch, unsigned long block, int count, void *data)
{
    return mem_read64(ch, block, count, data);
}

static errcode_t mem_write(io_channel ch, unsigned long b, int c, const void *d)
{
    return EXT2_ET_RO_FILSYS;
}
static errcode_t mem_write64(io_channel ch, unsigned long long b, int c, const void *d)
{
    return EXT2_ET_RO_FILSYS;
}
static errcode_t mem_write_byte(io_channel ch, unsigned long o, int c, const void *d)
{
    return EXT2_ET_RO_FILSYS;
}
static errcode_t mem_flush(io_channel ch) { return 0; }
static errcode_t mem_set_option(io_channel ch, const char *o, const char *a)
{
    return EXT2_ET_INVALID_ARGUMENT;
}

static struct struct_io_manager mem_io_manager = {
    .magic = EXT2_ET_MAGIC_IO_MANAGER,
    .name = "fwaudit memory I/O (read-only)",
    .open = mem_open,
    .close = mem_close,
    .set_blksize = mem_set_blksize,
    .read_blk = mem_read,
    .write_blk = mem_write,
    .flush = mem_flush,
    .write_byte = mem_write_byte,
    .set_option = mem_set_option,
    .read_blk64 = mem_read64,
    .write_blk64 = mem_write64,
};

static errcode_t mem_open(const char *name, int flags, io_channel *channel)
{
    void *p = NULL;
    size_t n = 0;
    if (!name || sscanf(name, "mem:%p:%zu", &p, &n) != 2 || !p)
        return EXT2_ET_BAD_DEVICE_NAME;
    if (flags & IO_FLAG_RW)
        return EXT2_ET_RO_FILSYS;
    io_channel ch = fw_xcalloc(1, sizeof *ch);
    memimg *m = fw_xcalloc(1, sizeof *m);
    m->d = p;
    m->n = n;
    ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
    ch->manager = &mem_io_manager;
    ch->name = fw_xstrdup(name);
    ch->block_size = 1024;
    ch->refcount = 1;
    ch->private_data = m;
    *channel = ch;
    return 0;
}

typedef struct extreader {
    fw_loader *ld;
    fw_ns *ns;
    const char *where;
    ext2_filsys fs;
    uint64_t image_size;
    unsigned errors;
} extreader;

typedef struct kid {
    char *name;
    ext2_ino_t ino;
} kid;

typedef struct kids {
    kid *v;
    size_t n, cap;
    int overflow;
} kids;

static int collect(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int offset,
                   int blocksize, char *buf, void *priv)
{
    kids *k = priv;
    int len = ext2fs_dirent_name_len(de);
    if (de->inode == 0 || (len == 1 && de->name[0] == '.') ||
        (len == 2 && de->name[0] == '.' && de->name[1] == '.'))
        return 0;
    if (k->n >= FW_MAX_FS_DIR_ENTRIES) {
        k->overflow = 1;
        return DIRENT_ABORT;
    }
    FW_XGROW(k->v, k->cap, k->n + 1);
    k->v[k->n].name = fw_xstrndup(de->name, (size_t)len);
    k->v[k->n].ino = de->inode;
    k->n++;
    return 0;
}

static void xerror(extreader *r, const char *path, const char *what, errcode_t e)
{
    char *w = fw_xasprintf("%s > %s", r->where, path);
    fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0, "%s (ext2fs error %ld)", what,
                        (long)e);
    free(w);
    r->errors++;
}

/* Content of a regular file or slow symlink, bounded by the limits. */
static unsigned char *read_content(extreader *r, ext2_ino_t ino, uint64_t size,
                                   const char *path, size_t *got, int *truncated)
{
    *got = 0;
    *truncated = 0;
    char *w = fw_xasprintf("%s > %s", r->where, path);
    uint64_t keep = size;
    uint64_t ratio_cap = r->image_size * r->ld->lim->max_ratio;
    if (keep > r->ld->lim->max_entry_size || keep > ratio_cap) {
        keep = r->ld->lim->max_entry_size < ratio_cap ? r->ld->lim->max_entry_size : ratio_cap;
        fw_report_add_error(r->ld->report, w, FW_NO_OFFSET, 0,
                            "file of %llu bytes exceeds the entry-size or ratio limit: "
                            "only its first %llu bytes are checked",
                            (unsigned long long)size, (unsigned long long)keep);
        *truncated = 1;
    }
    if (!fw_loader_may_hold(r->ld, keep, w)) {
        free(w);
        *truncated = 1;
        return NULL;
    }
    free(w);
    ext2_file_t f;
    errcode_t e = ext2fs_file_open(r->fs, ino, 0, &f);
    if (e) {
        xerror(r, path, "file unreadable", e);
        *truncated = 1;
        return NULL;
    }
    unsigned char *buf = fw_xmalloc((size_t)keep + 1);
    while (*got < keep) {
        unsigned int want = keep - *got > (1u << 20) ? (1u << 20) : (unsigned)(keep - *got);
        unsigned int n = 0;
        e = ext2fs_file_read(f, buf + *got, want, &n);
        if (e || n == 0) {
            if (e)
                xerror(r, path, "file data unreadable", e);
            *truncated = 1;
            break;
        }
        *got += n;
    }
    ext2fs_file_close(f);
    buf[*got] = '\0';
    return buf;
}

static void walk(extreader *r, ext2_ino_t dir, const char *path, unsigned depth)
{
    if (depth > FW_MAX_FS_DIR_DEPTH) {
        xerror(r, path, "directories nested too deep: not read", 0);
        return;
    }
    kids k = {0};
    errcode_t e = ext2fs_dir_iterate2(r->fs, dir, 0, NULL, collect, &k);
    if (e)
        xerror(r, path, "directory unreadable", e);
    if (k.overflow)
        xerror(r, path, "directory has too many entries: rest not read", 0);
    for (size_t i = 0; i < k.n; i++) {
        char *p = fw_xasprintf("%s/%s", strcmp(path, "/") ? path : "", k.v[i].name);
        struct ext2_inode ino;
        e = ext2fs_read_inode(r->fs, k.v[i].ino, &ino);
        char *w = fw_xasprintf("%s > %s", r->where, p);
        int ok = !e && fw_loader_may_add_entry(r->ld, w);
        free(w);
        if (e)
            xerror(r, p, "inode unreadable", e);
        fw_node_type t = fw_node_type_of_mode(ino.i_mode);
        fw_node *node = ok ? fw_ns_add(r->ld->tree, r->ns, p, t) : NULL;
        if (node) {
            node->mode = ino.i_mode & 07777;
            node->uid = inode_uid(ino);
            node->gid = inode_gid(ino);
            uint64_t size = EXT2_I_SIZE(&ino);
            if (t == FW_NODE_DIR) {
                walk(r, k.v[i].ino, p, depth + 1);
            } else if (t == FW_NODE_FILE) {
                size_t got;
                int trunc;
                unsigned char *buf = read_content(r, k.v[i].ino, size, p, &got, &trunc);
                if (buf) {
                    free(node->data);
                    node->data = buf;
                    node->size = got;
                    r->ld->tree->bytes_held += got;
                }
                node->truncated = trunc;
            } else if (t == FW_NODE_SYMLINK) {
                if (ext2fs_is_fast_symlink(&ino)) {
                    size_t tl = size < sizeof ino.i_block ? (size_t)size : sizeof ino.i_block;
                    node->link_target = fw_xstrndup((const char *)ino.i_block, tl);
                } else if (size <= FW_MAX_PATH_LEN) {
                    size_t got;
                    int trunc;
                    unsigned char *buf = read_content(r, k.v[i].ino, size, p, &got, &trunc);
                    if (buf) {
                        node->link_target = fw_xstrndup((const char *)buf, got);
                        free(buf);
                    }
                }
            }
        }
        free(p);
    }
    for (size_t i = 0; i < k.n; i++)
        free(k.v[i].name);
    free(k.v);
}

int fw_ext_read(fw_loader *ld, fw_ns *ns, const char *where, const unsigned char *d,
                size_t n, char **detail, int *partial, fw_error *err)
{
    *detail = NULL;
    *partial = 0;
    char name[64];
    snprintf(name, sizeof name, "mem:%p:%zu", (const void *)d, n);
    ext2_filsys fs = NULL;
    errcode_t e = ext2fs_open2(name, NULL, EXT2_FLAG_64BITS | EXT2_FLAG_IGNORE_CSUM_ERRORS,
                               0, 0, &mem_io_manager, &fs);
    if (e)
        return fw_error_set(err, e == EXT2_ET_NO_MEMORY        ? FW_ENOMEM
                                 : e == EXT2_ET_UNSUPP_FEATURE ? FW_EUNSUPPORTED
                                                               : FW_EFORMAT,
                            "libext2fs cannot open it (ext2fs error %ld)", (long)e);
    extreader r = { .ld = ld, .ns = ns, .where = where, .fs = fs, .image_size = n };
    walk(&r, EXT2_ROOT_INO, "/", 0);
    int ext4 = ext2fs_has_feature_extents(fs->super) || ext2fs_has_feature_flex_bg(fs->super);
    int ext3 = ext2fs_has_feature_journal(fs->super);
    *detail = fw_xasprintf("%s, block size %u, %u inodes",
                           ext4 ? "ext4" : ext3 ? "ext3" : "ext2", fs->blocksize,
                           fs->super->s_inodes_count);
    *partial = r.errors != 0;
    ext2fs_close_free(&fs);
    return FW_OK;
}

/* --- carving: the superblock sits 1024 bytes into the file system --- */

static uint64_t ext_size(const unsigned char *d, size_t n)
{
    if (n < 2048 || fw_le16(d + EXT_MAGIC_OFF) != 0xEF53)
        return 0;
    const unsigned char *sb = d + 1024;
    uint32_t inodes = fw_le32(sb), blocks = fw_le32(sb + 4), log = fw_le32(sb + 24);
    uint32_t per_group = fw_le32(sb + 32), rev = fw_le32(sb + 76), state = fw_le16(sb + 58);
    if (log > 6 || inodes == 0 || blocks == 0 || per_group == 0 || rev > 1 || state > 7)
        return 0;
    uint64_t hi = 0;
    /* 64bit feature (incompat 0x80): high 32 bits of the block count */
    if (fw_le32(sb + 96) & 0x80)
        hi = fw_le32(sb + 0x150);
    return ((hi << 32) | blocks) * (1024ULL << log);
}

static uint64_t ext_probe(const unsigned char *d, size_t n) { return ext_size(d, n); }

static uint64_t ext_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                         const char *via)
{
    uint64_t size = ext_size(d, n);
    int truncated = size > n;
    if (truncated)
        fw_carve_error(cx, off, 1, "ext2/3/4 superblock says %llu bytes but only %zu remain: "
                       "image truncated or size field wrong", (unsigned long long)size, n);
    fw_ns *ns = fw_carve_ns(cx, off, via, "ext");
    if (!ns)
        return size;
    char *chain = fw_carve_chain(cx, off, via, "ext");
    char *info = NULL;
    int partial = 0;
    fw_error err = {0};
    int rc = fw_ext_read(cx->ld, ns, chain, d, truncated ? n : (size_t)size, &info, &partial,
                         &err);
    free(chain);
    if (rc != FW_OK) {
        fw_layout_row(cx, off, size, via, "ext2/3/4", err.msg, "damaged");
        fw_carve_error(cx, off, 1, "ext2/3/4 file system not read: %s", err.msg);
    } else {
        char *detail = fw_xasprintf("%s; %zu entries", info, ns->count);
        fw_layout_row(cx, off, size, via, "ext2/3/4", detail,
                      truncated || partial ? "unpacked in part" : "unpacked");
        free(detail);
        free(info);
    }
    return size;
}

const fw_format fw_fmt_ext = {
    .name = "ext",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(1080, "\x53"),   /* the superblock magic 0xef53, little-endian */
    .probe = ext_probe,
    .open = ext_open,
};
