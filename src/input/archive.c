/* archive.c: archives and compressed streams through libarchive, entry by
 * entry, into memory. Entry names are data: fw_ns_add folds "../" and
 * absolute paths into the namespace, and nothing is ever written to disk.
 *
 * Bounds: entry size, entry count, bytes held (fw_loader_may_*), and the
 * decompression ratio of the container: at most lim->max_ratio decompressed
 * bytes per input byte (but always FW_RATIO_FLOOR_BYTES), which stops
 * decompression bombs before they cost memory or time. */
#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/archive_int.h"
#include "input/image.h"
#include "input/input.h"

/* libarchive's AE_IF* are the POSIX type bits fw_node_type_of_mode reads. */
_Static_assert(AE_IFMT == 0170000 && AE_IFDIR == 0040000 && AE_IFREG == 0100000 &&
                   AE_IFLNK == 0120000 && AE_IFCHR == 0020000 && AE_IFBLK == 0060000 &&
                   AE_IFIFO == 0010000 && AE_IFSOCK == 0140000,
               "libarchive's file-type bits are not the POSIX values");

static fw_node_type entry_type(struct archive_entry *e)
{
    if (archive_entry_hardlink(e))
        return FW_NODE_HARDLINK;
    return fw_node_type_of_mode(archive_entry_filetype(e));
}

struct archive *fw_archive_open_reader(const unsigned char *data, size_t n, int raw)
{
    struct archive *a = archive_read_new();
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_lzma(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_filter_lz4(a);
    archive_read_support_filter_lzip(a);
    if (raw) {
        /* A lone compressed file (config.gz): one entry, its decompressed bytes. */
        archive_read_support_format_raw(a);
    } else {
        archive_read_support_format_tar(a);
        archive_read_support_format_gnutar(a);
        archive_read_support_format_cpio(a);
        archive_read_support_format_zip(a);
        archive_read_support_format_7zip(a);
        archive_read_support_format_ar(a);
    }
    if (archive_read_open_memory(a, data, n) != ARCHIVE_OK) {
        /* keep `a` so the caller can read the error text */
    }
    return a;
}

/* Read the current entry's data into a new buffer; *len gets its size.
 * The first `n` bytes may already be in `buf` (taken over: a head read to
 * sniff the entry, of capacity `cap`). Stops (and reports) at the
 * entry-size, total-bytes and ratio limits. */
static unsigned char *read_entry(fw_loader *ld, struct archive *a, const char *where,
                                 uint64_t *expanded, uint64_t ratio_cap,
                                 unsigned char *buf, size_t n, size_t cap,
                                 size_t *len, int *truncated, int *fatal)
{
    *truncated = 0;
    *fatal = 0;
    for (;;) {
        FW_XGROW(buf, cap, n + 65536);
        la_ssize_t got = archive_read_data(a, buf + n, 65536);
        if (got == 0)
            break;
        if (got < 0) {
            fw_report_add_error(ld->report, where, FW_NO_OFFSET, 0,
                                "cannot read entry data: %s",
                                archive_error_string(a) ? archive_error_string(a)
                                                        : "truncated or damaged entry");
            *truncated = 1;
            if (got == ARCHIVE_FATAL)
                *fatal = 1;
            break;
        }
        n += (size_t)got;
        *expanded += (uint64_t)got;
        if (*expanded > ratio_cap) {
            fw_report_add_error(ld->report, where, FW_NO_OFFSET, 1,
                                "decompressed size exceeds %u times the container's size "
                                "(decompression bomb?): container not read further",
                                ld->lim->max_ratio);
            *truncated = 1;
            *fatal = 1;
            break;
        }
        if (n > ld->lim->max_entry_size) {
            fw_report_add_error(ld->report, where, FW_NO_OFFSET, 0,
                                "entry larger than the entry-size limit (%llu bytes): "
                                "only its first part is checked",
                                (unsigned long long)ld->lim->max_entry_size);
            n = (size_t)ld->lim->max_entry_size;
            *truncated = 1;
            break;
        }
        if (!fw_loader_may_hold(ld, (uint64_t)n, where)) {
            /* Keep only what fits: after the limit, every further
             * container must not still add its first 64 KiB chunk. */
            uint64_t room = ld->lim->max_total_bytes > ld->tree->bytes_held
                                ? ld->lim->max_total_bytes - ld->tree->bytes_held : 0;
            if ((uint64_t)n > room)
                n = (size_t)room;
            *truncated = 1;
            *fatal = 1;
            break;
        }
    }
    /* Held content is NUL-terminated (not counted in size): see tree.h.
     * Shrink to fit: a million small entries must not each keep the 64 KiB
     * read buffer (bytes held are counted by size, so capacity must not
     * exceed it by much). */
    buf = fw_xreallocarray(buf, n + 1, 1);
    buf[n] = '\0';
    *len = n;
    return buf;
}

size_t fw_archive_read_full(struct archive *a, unsigned char *buf, size_t n, int *failed)
{
    size_t got = 0;
    *failed = 0;
    while (got < n) {
        la_ssize_t r = archive_read_data(a, buf + got, n - got);
        if (r <= 0) {
            *failed = r < 0;
            break;
        }
        got += (size_t)r;
    }
    return got;
}

/* The first bytes of the current entry (at most FW_SNIFF_HEAD) into a new
 * buffer of that capacity; *got gets how many, *failed a read error. */
static unsigned char *read_head(struct archive *a, size_t *got, int *failed)
{
    unsigned char *buf = fw_xmalloc(FW_SNIFF_HEAD + 1);
    *got = fw_archive_read_full(a, buf, FW_SNIFF_HEAD, failed);
    return buf;
}

/* May this entry be left in the archive and read when a check opens it?
 * Only once the tree holds lim->lazy_after_bytes (smaller images are held
 * whole: see limits.h), in an archive whose bytes outlive the tree, in a
 * format read front to back without a solid block (tar, cpio, ar), with a
 * declared size that is large and within the entry-size limit. */
static int lazy_candidate(fw_loader *ld, struct archive *a, struct archive_entry *e,
                          int stable, int raw)
{
    if (!stable || raw || !archive_entry_size_is_set(e) ||
        ld->tree->bytes_held < ld->lim->lazy_after_bytes)
        return 0;
    int base = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
    if (base != ARCHIVE_FORMAT_TAR && base != ARCHIVE_FORMAT_CPIO && base != ARCHIVE_FORMAT_AR)
        return 0;
    la_int64_t size = archive_entry_size(e);
    return size >= (la_int64_t)FW_ARCHIVE_LAZY_MIN &&
           (uint64_t)size <= ld->lim->max_entry_size;
}

int fw_load_archive(fw_loader *ld, fw_ns *ns, const char *where,
                    const unsigned char *data, size_t n, int stable, fw_error *err)
{
    fw_archive_source *lazy = NULL;
    uint64_t ordinal = 0;   /* headers read so far: names an entry for the source */
    uint64_t ratio_cap = (uint64_t)n * ld->lim->max_ratio;
    if (ratio_cap < FW_RATIO_FLOOR_BYTES)
        ratio_cap = FW_RATIO_FLOOR_BYTES;
    uint64_t expanded = 0;
    int raw = 0;
    struct archive *a = fw_archive_open_reader(data, n, 0);
    struct archive_entry *e;
    int r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_FATAL && archive_filter_count(a) > 1) {
        /* Compressed, but not an archive inside: read the stream as one file. */
        archive_read_free(a);
        a = fw_archive_open_reader(data, n, 1);
        raw = 1;
        r = archive_read_next_header(a, &e);
    }
    if (r == ARCHIVE_FATAL || r == ARCHIVE_EOF) {
        int rc = fw_error_set(err, FW_EFORMAT, "%s", r == ARCHIVE_EOF ? "empty archive" :
                              (archive_error_string(a) ? archive_error_string(a) : "unreadable"));
        archive_read_free(a);
        return rc;
    }
    /* A raw stream's one entry is named after the container minus its suffix. */
    char *raw_name = NULL;
    if (raw) {
        const char *base = strrchr(where, '/');
        raw_name = fw_xstrdup(base ? base + 1 : where);
        char *dot = strrchr(raw_name, '.');
        if (dot && dot != raw_name)
            *dot = '\0';
    }

    for (; r != ARCHIVE_EOF; r = archive_read_next_header(a, &e), ordinal++) {
        if (r == ARCHIVE_FATAL) {
            fw_report_add_error(ld->report, where, (uint64_t)archive_filter_bytes(a, -1), 1,
                                "archive damaged, not read further: %s",
                                archive_error_string(a) ? archive_error_string(a) : "unknown error");
            break;
        }
        const char *name = raw ? raw_name : archive_entry_pathname(e);
        if (!name) {
            fw_report_add_error(ld->report, where, (uint64_t)archive_filter_bytes(a, -1), 0,
                                "entry without a readable name skipped");
            continue;
        }
        char *entry_where = fw_xasprintf("%s > %s", where, name);
        if (r == ARCHIVE_FAILED) {
            fw_report_add_error(ld->report, entry_where, FW_NO_OFFSET, 0, "entry unreadable: %s",
                                archive_error_string(a) ? archive_error_string(a) : "unknown");
            free(entry_where);
            continue;
        }
        if (!fw_loader_may_add_entry(ld, entry_where)) {
            free(entry_where);
            break;
        }
        fw_node_type type = entry_type(e);
        fw_node *node = fw_ns_add(ld->tree, ns, name, type);
        if (!node) {
            fw_report_add_error(ld->report, entry_where, FW_NO_OFFSET, 0, "path too long: skipped");
            free(entry_where);
            continue;
        }
        if (fw_path_escapes(name))
            node->raw_name = fw_xstrdup(name);   /* judged by the entry-names check */
        node->mode = (uint32_t)archive_entry_perm(e) | (archive_entry_mode(e) & 07000);
        node->uid = (uint32_t)archive_entry_uid(e);
        node->gid = (uint32_t)archive_entry_gid(e);
        if (type == FW_NODE_HARDLINK) {
            char *t = fw_path_normalize(archive_entry_hardlink(e));
            node->link_target = t;
        } else if (type == FW_NODE_SYMLINK && archive_entry_symlink(e)) {
            node->link_target = fw_xstrdup(archive_entry_symlink(e));
        } else if (type == FW_NODE_FILE) {
            size_t len = 0, got = 0;
            int truncated = 0, fatal = 0, failed = 0;
            unsigned char *head = NULL;
            if (lazy_candidate(ld, a, e, stable, raw)) {
                /* Sniff the head: a container is held (the nesting pass
                 * opens it); any other file is read again when checked. */
                head = read_head(a, &got, &failed);
                if (!failed && !fw_sniff(head, got, FW_FORMAT_ARCHIVE | FW_FORMAT_NESTED)) {
                    uint64_t size = (uint64_t)archive_entry_size(e);
                    free(head);
                    expanded += size;   /* decompressed when skipped, and again when read */
                    if (expanded > ratio_cap) {
                        fw_report_add_error(ld->report, entry_where, FW_NO_OFFSET, 1,
                                            "decompressed size exceeds %u times the "
                                            "container's size (decompression bomb?): "
                                            "container not read further",
                                            ld->lim->max_ratio);
                        free(entry_where);
                        break;
                    }
                    if (!lazy)
                        lazy = fw_archive_source_new(data, n);
                    fw_archive_source_mark(lazy, ordinal);
                    node->src = fw_archive_source_base(lazy);
                    node->src_ref = ordinal;
                    node->size = size;
                    node->open_tried = 1;   /* sniffed: not a container */
                    free(entry_where);
                    continue;
                }
                expanded += got;
            }
            node->data = read_entry(ld, a, entry_where, &expanded, ratio_cap, head, got,
                                    head ? FW_SNIFF_HEAD + 1 : 0, &len, &truncated, &fatal);
            node->size = len;
            node->truncated = truncated;
            ld->tree->bytes_held += len;
            if (fatal) {
                free(entry_where);
                break;
            }
        }
        free(entry_where);
    }
    free(raw_name);
    archive_read_free(a);
    if (lazy)
        fw_tree_add_source(ld->tree, fw_archive_source_base(lazy));   /* the tree frees it */
    return FW_OK;
}
