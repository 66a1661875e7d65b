/* carve.c: find the structures inside a firmware blob, outermost first, and
 * hand each to its reader (see image.h). The formats are the table's
 * (format.h) flagged FW_FORMAT_CARVED, probed in table order; each has its
 * own file. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

/* The byte filter, derived from the table once: a format is probed at an
 * offset only where its key (format.h) matches. Bit i of a mask is the
 * i-th carved format in table order; keys at the same offset share a
 * group, the group at offset 0 first (most formats are keyed there). */
#define MAX_CARVED 64
#define MAX_KEY_GROUPS 8
typedef struct key_group {
    uint32_t at;
    uint64_t by_byte[256];   /* the formats whose key is this byte value */
} key_group;
static struct {
    const fw_format *fmt[MAX_CARVED];
    size_t n;
    key_group group[MAX_KEY_GROUPS];
    size_t n_groups;
} carved;
static pthread_once_t carved_once = PTHREAD_ONCE_INIT;

static key_group *group_at(uint32_t at)
{
    for (size_t g = 0; g < carved.n_groups; g++)
        if (carved.group[g].at == at)
            return &carved.group[g];
    if (carved.n_groups == MAX_KEY_GROUPS)
        abort();   /* a format table this file cannot filter: raise MAX_KEY_GROUPS */
    carved.group[carved.n_groups].at = at;
    return &carved.group[carved.n_groups++];
}

static void build_filter(void)
{
    group_at(0);
    for (size_t i = 0; i < fw_format_count; i++) {
        const fw_format *f = fw_formats[i];
        if (!(f->flags & FW_FORMAT_CARVED))
            continue;
        if (carved.n == MAX_CARVED)
            abort();   /* more carved formats than mask bits: widen the masks */
        key_group *g = group_at(f->key.at);
        for (size_t k = 0; k < f->key.n; k++)
            g->by_byte[(unsigned char)f->key.set[k]] |= 1ULL << carved.n;
        carved.fmt[carved.n++] = f;
    }
}

/* The carved formats whose key matches at d (n > 0 bytes left). */
static inline uint64_t candidates(const unsigned char *d, size_t n)
{
    uint64_t m = carved.group[0].by_byte[d[0]];
    for (size_t g = 1; g < carved.n_groups; g++)
        if (n > carved.group[g].at)
            m |= carved.group[g].by_byte[d[carved.group[g].at]];
    return m;
}

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

size_t fw_carve_range(fw_carve *cx, const unsigned char *data, size_t n, uint64_t base,
                      const char *via)
{
    pthread_once(&carved_once, build_filter);
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
        uint64_t cand = candidates(data + pos, n - pos);
        while (cand && !claimed) {
            const fw_format *fmt = carved.fmt[__builtin_ctzll(cand)];
            cand &= cand - 1;   /* lowest bit first: table order */
            int stream = (fmt->flags & FW_FORMAT_STREAM) != 0;
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
