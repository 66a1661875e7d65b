/* carve.c: find the structures inside a firmware blob, outermost first, and
 * hand each to its reader (see image.h). The table below is the one place
 * that lists the formats; each has its own file. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

/* Order matters only when two formats could start at the same byte: headers
 * that wrap others come first. */
static const fw_image_format *const formats[] = {
    &fw_fmt_trx, &fw_fmt_tplink, &fw_fmt_uimage, &fw_fmt_fit, &fw_fmt_arcadyan,
    &fw_fmt_squashfs, &fw_fmt_ext, &fw_fmt_cramfs, &fw_fmt_romfs, &fw_fmt_jffs2,
    &fw_fmt_yaffs2, &fw_fmt_ubi, &fw_fmt_ubifs, &fw_fmt_cpio, &fw_fmt_gzip, &fw_fmt_xz,
    &fw_fmt_lzma, &fw_fmt_zstd, &fw_fmt_elfkernel,
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

static void flush_gap(fw_carve *cx);

static const char *const layout_columns[] = {
    "region", "offset", "size", "format", "detail", "status", NULL,
};

void fw_layout_row(fw_carve *cx, uint64_t off, uint64_t size, const char *via,
                   const char *format, const char *detail, const char *status)
{
    flush_gap(cx);
    fw_inventory *inv = fw_report_inventory(cx->ld->report, "layout", "Image layout",
                                            layout_columns);
    char offs[32], sizes[32];
    snprintf(offs, sizeof offs, "0x%llx", (unsigned long long)off);
    snprintf(sizes, sizeof sizes, "%llu", (unsigned long long)size);
    char *fmt = via && *via ? fw_xasprintf("%s > %s", via, format) : fw_xstrdup(format);
    const char *cells[] = { cx->label, offs, sizes, fmt, detail, status };
    fw_inventory_add_row(inv, cells);
    free(fmt);
    cx->regions++;
}

void fw_carve_error(fw_carve *cx, uint64_t off, int fatal, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    fw_report_add_error(cx->ld->report, cx->label, off, fatal, "%s", msg ? msg : fmt);
    free(msg);
}

char *fw_carve_chain(const fw_carve *cx, uint64_t off, const char *via, const char *fmt)
{
    const char *sep = via && *via ? " > " : "";
    if (cx->label_is_stream)
        return fw_xasprintf("%s > %s%s%s@0x%llx", cx->label, via ? via : "", sep, fmt,
                         (unsigned long long)off);
    return fw_xasprintf("%s@0x%llx (%s%s%s)", cx->label, (unsigned long long)off,
                     via ? via : "", sep, fmt);
}

fw_ns *fw_carve_ns(fw_carve *cx, uint64_t off, const char *via, const char *fmt)
{
    fw_loader *ld = cx->ld;
    char *chain = fw_carve_chain(cx, off, via, fmt);
    fw_ns *ns = NULL;
    if (cx->depth + 1 > ld->lim->max_depth) {
        fw_report_add_error(ld->report, chain, FW_NO_OFFSET, 0,
                            "%s nested deeper than %u levels: not opened", fmt,
                            ld->lim->max_depth);
    } else {
        ns = fw_tree_add_ns(ld->tree, chain, cx->depth + 1);
        ns->container = cx->container;
        ld->report->containers++;
    }
    free(chain);
    return ns;
}

fw_node *fw_carve_add_file(fw_loader *ld, fw_ns *ns, const char *path, const char *where,
                           const unsigned char *d, size_t n)
{
    if (!fw_loader_may_add_entry(ld, where))
        return NULL;
    int truncated = 0;
    if (n > ld->lim->max_entry_size) {
        fw_report_add_error(ld->report, where, FW_NO_OFFSET, 0,
                            "entry larger than the entry-size limit (%llu bytes): "
                            "only its first part is checked",
                            (unsigned long long)ld->lim->max_entry_size);
        n = (size_t)ld->lim->max_entry_size;
        truncated = 1;
    }
    if (!fw_loader_may_hold(ld, n, where))
        return NULL;
    fw_node *node = fw_ns_add(ld->tree, ns, path, FW_NODE_FILE);
    if (!node)
        return NULL;
    free(node->data);
    node->data = fw_xmalloc(n + 1);
    memcpy(node->data, d, n);
    node->data[n] = '\0';
    node->size = n;
    node->mode = 0644;
    node->truncated = truncated;
    ld->tree->bytes_held += n;
    return node;
}

static int is_padding(const unsigned char *d, uint64_t size)
{
    for (uint64_t i = 0; i < size; i++)
        if (d[i] != d[0] || (d[0] != 0 && d[0] != 0xff))
            return 0;
    return 1;
}

/* Bytes between structures: padding (all 0x00 or 0xff) is skipped; other
 * bytes are kept (fw_gap_list) so that the checks read them, since the
 * blob they belong to is no longer scanned as a whole (a vendor's raw
 * config partition holds passwords as plain text). */
static void gap(fw_carve *cx, const unsigned char *d, uint64_t off, uint64_t size,
                const char *via, int row)
{
    int pad = is_padding(d, size);
    if (!pad && cx->gaps) {
        fw_gap_list *g = cx->gaps;
        FW_XGROW(g->v, g->cap, g->n + 1);
        g->v[g->n].d = d;
        g->v[g->n].off = off;
        g->v[g->n].len = size;
        g->n++;
    }
    if (row)
        fw_layout_row(cx, off, size, via, pad ? "padding" : "data",
                      pad ? (d[0] ? "0xff bytes" : "zero bytes") : "no known structure",
                      pad ? "skipped" : "scanned as raw bytes");
}

/* The gap before a candidate is written only once the candidate turns out
 * to be real (its reader writes its first row), so a false magic does not
 * split a gap in two. */
static void flush_gap(fw_carve *cx)
{
    if (!cx->gap_d)
        return;
    const unsigned char *d = cx->gap_d;
    cx->gap_d = NULL;
    gap(cx, d, cx->gap_off, cx->gap_len, cx->gap_via, cx->gap_row);
}

/* Each kept gap becomes a namespace with one file, /data. */
static void keep_gaps(fw_carve *cx, const fw_gap_list *g, const char *via)
{
    for (size_t i = 0; i < g->n; i++) {
        fw_ns *ns = fw_carve_ns(cx, g->v[i].off, via, "data");
        if (!ns)
            continue;
        char *chain = fw_carve_chain(cx, g->v[i].off, via, "data");
        fw_carve_add_file(cx->ld, ns, "/data", chain, g->v[i].d, (size_t)g->v[i].len);
        free(chain);
    }
}

/* Can a structure start at d? The first bytes of every format in the
 * table (see each probe); ext2/3/4 and Arcadyan images are recognised by
 * bytes further in. A cheap filter: the probes run only where it says yes. */
static int may_start(const unsigned char *d, size_t n)
{
    switch (d[0]) {
    case 'H':                    /* trx */
    case 0x00: case 0x01:        /* tplink (version 1, either byte order); yaffs2 */
    case 0x02: case 0x03: case 0x04: case 0x05:         /* yaffs2 object types (LE) */
    case '-':                    /* romfs */
    case 0x27:                   /* uImage */
    case 0xd0:                   /* FIT */
    case 'h': case 's': case 'q': case 't': case 'z':   /* squashfs magics */
    case 0x45: case 0x28:        /* cramfs LE/BE; zstd (28 b5 2f fd) */
    case 0x85: case 0x19:        /* jffs2 LE/BE */
    case 'U':                    /* UBI */
    case 0x31:                   /* UBIFS */
    case '0':                    /* cpio */
    case 0x7f:                   /* ELF (a vmlinux) */
    case 0x1f: case 0xfd: case 0x5d: case 0x6d:         /* gzip, xz, lzma */
        return 1;
    default:
        break;
    }
    if (n > 1081 && d[1080] == 0x53 && d[1081] == 0xef)  /* ext2/3/4 */
        return 1;
    return n > 0x6b && d[0x68] == 0x00 && d[0x69] == 0xd5;   /* Arcadyan */
}

size_t fw_carve_range(fw_carve *cx, const unsigned char *data, size_t n, uint64_t base,
                      const char *via)
{
    size_t found = 0, pos = 0, gap_start = 0;
    int full_layout = cx->nest == 0 || (via && *via);
    fw_gap_list gaps = {0};
    fw_gap_list *outer = cx->gaps;
    cx->gaps = &gaps;
    while (pos < n) {
        if (cx->regions >= FW_MAX_CARVE_REGIONS) {
            fw_carve_error(cx, base + pos, 0,
                           "more than %d structures in one image: the rest is not carved",
                           FW_MAX_CARVE_REGIONS);
            break;
        }
        uint64_t claimed = 0;
        if (!may_start(data + pos, n - pos)) {
            pos++;
            continue;
        }
        for (size_t f = 0; f < N_FORMATS && !claimed; f++) {
            const fw_image_format *fmt = formats[f];
            int stream = fmt == &fw_fmt_gzip || fmt == &fw_fmt_xz || fmt == &fw_fmt_lzma ||
                         fmt == &fw_fmt_zstd;
            if (stream && cx->failed_streams >= FW_MAX_CARVE_FAILED_STREAMS)
                continue;
            if (!fmt->probe(data + pos, n - pos))
                continue;
            if (pos > gap_start) {
                cx->gap_d = data + gap_start;
                cx->gap_off = base + gap_start;
                cx->gap_len = pos - gap_start;
                cx->gap_via = via;
                cx->gap_row = full_layout;
            }
            claimed = fmt->open(cx, data + pos, n - pos, base + pos, via);
            cx->gaps = &gaps;   /* nested ranges restore it too; be explicit */
            if (claimed)
                flush_gap(cx);
            cx->gap_d = NULL;
            if (!claimed && stream && ++cx->failed_streams == FW_MAX_CARVE_FAILED_STREAMS)
                fw_carve_error(cx, base + pos, 0,
                               "%d compressed-stream candidates did not decode: "
                               "streams after this offset are not looked for",
                               FW_MAX_CARVE_FAILED_STREAMS);
        }
        if (claimed) {
            found++;
            if (claimed > n - pos)
                claimed = n - pos;
            pos += (size_t)claimed;
            gap_start = pos;
        } else {
            pos++;
        }
    }
    if (gap_start < n && pos > gap_start)
        gap(cx, data + gap_start, base + gap_start, n - gap_start, via, full_layout);
    /* A blob with no structure at all is scanned whole by the caller; once
     * something was found (or this is a header's payload), the rest is
     * scanned as kept gaps. */
    if (found > 0 || (via && *via) || cx->keep_gaps)
        keep_gaps(cx, &gaps, via);
    free(gaps.v);
    cx->gaps = outer;
    return found;
}

size_t fw_carve_blob(fw_loader *ld, const fw_node *node, unsigned depth, const char *label,
                     const unsigned char *data, size_t n, int stable)
{
    fw_carve cx = { .ld = ld, .container = node, .depth = depth, .label = fw_xstrdup(label),
                    .stable = stable };
    size_t found = fw_carve_range(&cx, data, n, 0, "");
    free(cx.label);
    return found;
}

int fw_image_sniff(const unsigned char *d, size_t n)
{
    static const fw_image_format *const at_start[] = {
        &fw_fmt_trx, &fw_fmt_tplink, &fw_fmt_uimage, &fw_fmt_fit, &fw_fmt_arcadyan,
        &fw_fmt_squashfs,
        &fw_fmt_ext, &fw_fmt_cramfs, &fw_fmt_jffs2, &fw_fmt_ubi, &fw_fmt_ubifs,
        &fw_fmt_romfs, &fw_fmt_yaffs2,
    };
    for (size_t i = 0; i < sizeof at_start / sizeof at_start[0]; i++)
        if (at_start[i]->probe(d, n))
            return 1;
    return 0;
}
