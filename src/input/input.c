/* input.c: what the user named -> tree, then every container found inside
 * it, breadth-first, up to lim->max_depth levels (see input.h). */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/digest.h"
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"
#include "input/input.h"

int fw_loader_may_hold(fw_loader *ld, uint64_t n, const char *where)
{
    if (ld->tree->bytes_held + n <= ld->lim->max_total_bytes)
        return 1;
    if (!ld->bytes_exhausted) {
        ld->bytes_exhausted = 1;
        fw_report_add_error(ld->report, where, FW_NO_OFFSET, 1,
                            "total-bytes limit (%llu bytes held in memory) reached: "
                            "the rest of the image is not read",
                            (unsigned long long)ld->lim->max_total_bytes);
    }
    return 0;
}

int fw_loader_may_add_entry(fw_loader *ld, const char *where)
{
    if (ld->tree->entries < ld->lim->max_entries)
        return 1;
    if (!ld->entries_exhausted) {
        ld->entries_exhausted = 1;
        fw_report_add_error(ld->report, where, FW_NO_OFFSET, 1,
                            "entry limit (%llu entries) reached: the rest of the image is not read",
                            (unsigned long long)ld->lim->max_entries);
    }
    return 0;
}

/* The chain naming a container found at `node`. */
static char *child_chain(const fw_node *node)
{
    return fw_node_location(node);
}

/* Open every container among ns's files as a new namespace one level down.
 * New namespaces are appended to the tree, so the caller's loop over the
 * tree's namespaces reaches them in turn (breadth-first, no recursion). */
static void open_nested(fw_loader *ld, fw_ns *ns)
{
    size_t count = ns->count;   /* nodes added later belong to other namespaces */
    for (size_t i = 0; i < count; i++) {
        /* A whole-image limit was hit and reported ("the rest of the image
         * is not read"): opening more containers would only grow past it. */
        if (ld->bytes_exhausted || ld->entries_exhausted)
            return;
        fw_node *node = ns->nodes[i];
        if (node->type != FW_NODE_FILE || node->size < 4 || node->is_container ||
            node->open_tried)
            continue;   /* a carved blob's contents are already in their namespaces */
        /* Sniff the first bytes only: most files are not containers, and
         * mapping or decompressing each whole file here would double the
         * engine's work. (Every format's probe decides on its header.) */
        fw_error err = {0};
        const unsigned char *head = node->data;
        size_t got = node->size;
        if (!head) {
            if (fw_node_head(node, ld->head, FW_SNIFF_HEAD, &got, &err) != FW_OK)
                continue;   /* the checks report unreadable files */
            head = ld->head;
        }
        if (!fw_sniff(head, got, FW_FORMAT_ARCHIVE | FW_FORMAT_NESTED))
            continue;
        fw_blob blob;
        if (fw_node_open(node, &blob, &err) != FW_OK)
            continue;
        /* The first of the table: an archive's entries come before the
         * formats that make a file a firmware image. */
        const fw_format *fmt = fw_sniff(blob.data, blob.size,
                                        FW_FORMAT_ARCHIVE | FW_FORMAT_NESTED);
        /* A container's bytes must outlive the tree for its reader to leave
         * content in them (read when a check opens it): held ones do; a
         * mapping of a directory input's file is kept by the tree. */
        int stable = node->data != NULL;
        if (blob.mapped_) {
            fw_tree_keep_mapping(ld->tree, (void *)blob.data, blob.size);
            blob.mapped_ = 0;   /* the tree unmaps it */
            stable = 1;
        }
        if (fmt && !(fmt->flags & FW_FORMAT_ARCHIVE)) {
            /* A file-system image or firmware blob inside the tree
             * (rootfs.sqfs in a tarball): carve it like the input. */
            char *label = child_chain(node);
            if (fw_carve_blob(ld, node, ns->depth, label, blob.data, blob.size, stable) > 0)
                node->is_container = 1;
            free(label);
        } else if (fmt) {
            char *chain = child_chain(node);
            if (ns->depth + 1 > ld->lim->max_depth) {
                fw_report_add_error(ld->report, chain, FW_NO_OFFSET, 0,
                                    "%s container nested deeper than %u levels: not opened",
                                    fmt->name, ld->lim->max_depth);
            } else {
                fw_ns *child = fw_tree_add_ns(ld->tree, chain, ns->depth + 1);
                child->container = node;
                ld->report->containers++;
                if (fmt->load(ld, child, chain, blob.data, blob.size, stable, &err) == FW_OK)
                    node->is_container = 1;
                else
                    fw_report_add_error(ld->report, chain, 0, 1,
                                        "looks like %s but cannot be read: %s",
                                        fmt->name, err.msg);
            }
            free(chain);
        }
        fw_blob_close(&blob);
    }
}

/* sha256 and size of a regular file, for the report's input identity. */
static void identify_file(fw_report *report, const unsigned char *data, size_t n)
{
    fw_sha256_hex(data, n, report->input_sha256);
    report->input_size = n;
}

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

/* An input that starts with a stream whose end can be found (`end`:
 * gzip, xz) is read as an archive; a vendor image may go on after the
 * stream (kernel.gz, then a file system), so what follows its end is
 * carved like a firmware blob. */
static void carve_after_stream(fw_loader *ld, const fw_format *fmt, const char *label,
                               const unsigned char *data, size_t n)
{
    if (!fmt->end)
        return;
    size_t end = fmt->end(ld, data, n);
    if (end == 0 || end >= n)
        return;
    size_t k = end;
    while (k < n && (data[k] == 0 || data[k] == 0xff))
        k++;
    if (k == n)
        return;   /* only padding after the stream */
    fw_carve cx = { .ld = ld, .container = NULL, .depth = 0, .label = fw_xstrdup(label),
                    .keep_gaps = 1 };
    char *detail = fw_xasprintf("%s stream read as an archive; %zu bytes follow it",
                             fmt->name, n - end);
    fw_layout_row(&cx, 0, end, "", fmt->name, detail, "unpacked");
    free(detail);
    fw_carve_range(&cx, data + end, n - end, end, "");
    free(cx.label);
}

/* The input file's bytes, mapped for the whole scan (the tree keeps the
 * mapping): the node that stands for the file reads from here, and readers
 * of images carved from it may leave content in it until a check opens it. */
typedef struct map_source {
    fw_source base;
    const unsigned char *d;
    size_t n;
} map_source;

static int map_read(fw_source *base, uint64_t ref, uint64_t off, unsigned char *buf, size_t n,
                    fw_error *err)
{
    const map_source *m = (const map_source *)base;
    (void)ref;
    if (off > m->n || n > m->n - off)
        return fw_error_set(err, FW_EIO, "read past the end of the input");
    memcpy(buf, m->d + off, n);
    return FW_OK;
}

static void map_destroy(fw_source *base) { free(base); }

static int load_file(fw_loader *ld, const char *path, fw_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fw_error_set(err, FW_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return fw_error_set(err, FW_EIO, "%s: cannot stat: %s", path, strerror(errno));
    }
    size_t n = (size_t)st.st_size;
    const unsigned char *data = (const unsigned char *)"";
    if (n > 0) {
        void *m = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED) {
            close(fd);
            return fw_error_set(err, FW_EIO, "%s: cannot map: %s", path, strerror(errno));
        }
        data = m;
    }
    close(fd);
    identify_file(ld->report, data, n);

    fw_ns *ns = fw_tree_add_ns(ld->tree, "", 0);
    ld->report->containers++;
    const fw_format *fmt = fw_sniff(data, n, FW_FORMAT_ARCHIVE);
    int loaded = 0, mapped_kept = 0;
    if (fmt) {
        fw_error aerr = {0};
        /* the tree keeps the mapping: large entries are read from it again
         * when a check opens them */
        if (n > 0 && !mapped_kept) {
            fw_tree_keep_mapping(ld->tree, (void *)data, n);
            mapped_kept = 1;
        }
        if (fmt->load(ld, ns, basename_of(path), data, n, mapped_kept, &aerr) == FW_OK) {
            loaded = 1;
            free(ld->report->input_kind);
            ld->report->input_kind = fw_xstrdup("archive");
            carve_after_stream(ld, fmt, basename_of(path), data, n);
        } else {
            fw_report_add_error(ld->report, basename_of(path), 0, 1,
                                "looks like %s but cannot be read: %s", fmt->name, aerr.msg);
        }
    }
    if (!loaded) {
        /* Not a container we read: scan the file itself, held in memory. */
        free(ld->report->input_kind);
        ld->report->input_kind = fw_xstrdup("file");
        char *name = fw_xasprintf("/%s", basename_of(path));
        fw_node *node = fw_ns_add(ld->tree, ns, name, FW_NODE_FILE);
        free(name);
        if (node) {
            /* not copied: the tree keeps the mapping, the node reads from it */
            if (n > 0) {
                map_source *m = fw_xcalloc(1, sizeof *m);
                m->base.read = map_read;
                m->base.destroy = map_destroy;
                m->d = data;
                m->n = n;
                if (!mapped_kept)
                    fw_tree_keep_mapping(ld->tree, (void *)data, n);
                fw_tree_add_source(ld->tree, &m->base);   /* destroyed before the unmap */
                node->src = &m->base;
                mapped_kept = 1;
            }
            node->size = n;
            node->mode = st.st_mode & 07777;
            node->open_tried = 1;   /* sniffed and carved here: once is enough */
            /* A firmware image: carve the structures inside it (image.h). */
            if (fw_carve_blob(ld, node, 0, basename_of(path), data, n, 1) > 0) {
                node->is_container = 1;
                free(ld->report->input_kind);
                ld->report->input_kind = fw_xstrdup("firmware");
            }
        }
    }
    if (n > 0 && !mapped_kept)
        munmap((void *)data, n);
    return FW_OK;
}

/* fw_input_load's work, with the loader set up. */
static int load_input(fw_loader *ld, const char *path, fw_error *err)
{
    fw_tree *tree = ld->tree;
    fw_report *report = ld->report;
    free(report->input_path);
    report->input_path = fw_xstrdup(path);
    struct stat st;
    int rc;
    if (stat(path, &st) != 0) {
        rc = fw_error_set(err, FW_EIO, "%s: %s", path, strerror(errno));
        fw_report_add_error(report, path, FW_NO_OFFSET, 1, "cannot read input: %s", strerror(errno));
        return rc;
    }
    if (S_ISDIR(st.st_mode)) {
        free(report->input_kind);
        report->input_kind = fw_xstrdup("directory");
        fw_ns *ns = fw_tree_add_ns(tree, "", 0);
        report->containers++;
        rc = fw_load_directory(ld, ns, path, err);
        for (size_t i = 0; i < ns->count; i++)
            if (ns->nodes[i]->type == FW_NODE_FILE)
                report->input_size += ns->nodes[i]->size;
    } else if (S_ISREG(st.st_mode)) {
        rc = load_file(ld, path, err);
    } else {
        rc = fw_error_set(err, FW_EIO, "%s: not a regular file or directory", path);
    }
    if (rc != FW_OK) {
        fw_report_add_error(report, path, FW_NO_OFFSET, 1, "cannot read input: %s", err->msg);
        return rc;
    }
    /* Breadth-first over namespaces; open_nested appends new ones. */
    for (size_t i = 0; i < tree->ns_count; i++) {
        fw_ns_find_root(tree->ns[i]);
        fw_report_progress(report, "unpacking", tree->ns[i]->chain); /* CLI progress line */
        open_nested(ld, tree->ns[i]);
    }
    return FW_OK;
}

int fw_input_load(const char *path, const fw_limits *lim, fw_tree *tree,
                  fw_report *report, fw_error *err)
{
    fw_loader ld = { .lim = lim, .tree = tree, .report = report,
                     .head = fw_xmalloc(FW_SNIFF_HEAD) };
    int rc = load_input(&ld, path, err);
    free(ld.head);
    return rc;
}
