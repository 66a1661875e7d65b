/* yaffs2.c: YAFFS2 images read in memory (no MTD, no mount), as
 * mkyaffs2image (Aleph One's yaffs2 utils, Android's) writes them and as a
 * NAND dump of a YAFFS2 partition holds them.
 *
 * A YAFFS2 image is a sequence of chunks: page data (512, 1024, 2048, 4096,
 * 8192 or 16384 bytes) followed by the page's spare (OOB) area, which holds
 * the packed tags: sequence number, object id, chunk id, byte count (four
 * 32-bit words; at spare offset 0, or 2 where the NAND layout keeps the
 * first two bytes for the bad-block marker). Chunk id 0 is an object header
 * (type, parent object id, name, mode, uid, gid, times, file size, hard-link
 * equivalent id, symlink alias, rdev); chunk id k > 0 holds bytes
 * [(k-1) * page, (k-1) * page + byte count) of the object's file. The
 * kernel may pack "extra" header info into the tags (chunk id with bit 31
 * set = header, parent id in its low bits, object type in the object id's
 * top 4 bits). There is no magic number and no superblock.
 *
 * Geometry and byte order are found by trying the plausible ones against
 * the first object header: its type and parent (the root, id 1) must be
 * sane, and the tags after the page must say "header of object N" (plus,
 * for packed tags, the same parent and type). The layout row names what was
 * found. The file system is then what the kernel's scan gives: per object
 * the header with the highest sequence number (later in the image on a
 * tie), per (object, chunk) likewise; objects whose parent is the
 * "deleted" or "unlinked" pseudo-directory are gone; the tree is built from
 * parent ids, root object id 1.
 *
 * Hostile images: chunks read FW_MAX_YAFFS2_CHUNKS, object ids inside the
 * format's space (0x3ffff), names FW_MAX_FS_NAME_LEN (the field's size),
 * aliases 159 bytes, byte counts at most a page, file sizes the loader's
 * entry-size, ratio and bytes-held limits; parent chains at most
 * FW_MAX_FS_DIR_DEPTH deep, and a chain that comes back to an object on it
 * (a cycle in the parent graph) is reported and its objects left out. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "input/image.h"

enum { YT_UNKNOWN, YT_FILE, YT_SYMLINK, YT_DIR, YT_HARDLINK, YT_SPECIAL };

#define Y_ROOT 1
#define Y_LOSTNFOUND 2
#define Y_UNLINKED 3
#define Y_DELETED 4
#define Y_MAX_OBJECT_ID 0x3ffffu
#define Y_MAX_CHUNK_ID 0x0fffffffu
#define Y_SEQ_LOWEST 0x1000u
#define Y_SEQ_HIGHEST 0xefffff00u
#define Y_EXTRA_HEADER 0x80000000u
#define Y_HDR_SIZE 512
#define Y_NAME_OFF 10
#define Y_NAME_FIELD 256
#define Y_MODE_OFF 0x10c
#define Y_UID_OFF 0x110
#define Y_GID_OFF 0x114
#define Y_SIZE_LOW_OFF 0x124
#define Y_EQUIV_OFF 0x128
#define Y_ALIAS_OFF 0x12c
#define Y_ALIAS_FIELD 160
#define Y_SIZE_HIGH_OFF 0x1f0
/* Chunks of damage (tags that are neither valid nor erased) stepped over
 * before the image is taken to end: one erase block of 2048-byte pages. */
#define Y_RESYNC_CHUNKS 64

typedef struct ygeom {
    uint32_t page, spare, tagoff;
    int be;
} ygeom;

/* The chunk/spare pairs tried, most common first. */
static const uint32_t geometries[][2] = {
    { 2048, 64 }, { 512, 16 }, { 4096, 128 }, { 1024, 32 }, { 8192, 256 }, { 16384, 512 },
};
#define N_GEOMETRIES (sizeof geometries / sizeof geometries[0])

typedef struct ytags {
    uint32_t seq, obj, chunk, nbytes;
    int packed;         /* extra header info in the tags */
    uint32_t xparent, xtype;
} ytags;

/* An object header (latest per id after sorting). */
typedef struct yobj {
    uint32_t id, seq;
    size_t chunk;        /* chunk index in the image */
    const unsigned char *h;
    uint32_t type, parent;
    int state;           /* path resolution: 0 new, 1 on the chain, 2 done, 3 failed */
    char *path;
} yobj;

typedef struct ydata {
    uint32_t obj, chunk, nbytes, seq;
    size_t pos;
} ydata;

typedef struct yreader {
    fw_carve *cx;
    fw_loader *ld;
    fw_ns *ns;
    const char *where;
    const unsigned char *d;
    size_t n;
    uint64_t off;
    ygeom g;
    size_t nchunks;
    yobj *obj;
    size_t nobj, capobj;
    ydata *data;
    size_t ndata, capdata;
    uint64_t budget;         /* bytes files of this image may still expand to */
    unsigned bad_tags, bad_headers, deleted, cycles, unplaced, errors;
} yreader;

static uint32_t u32(int be, const unsigned char *p) { return be ? fw_be32(p) : fw_le32(p); }

/* 1: valid tags; 0: erased (all 0xff); -1: neither. */
static int read_tags(const unsigned char *spare, const ygeom *g, ytags *t)
{
    const unsigned char *p = spare + g->tagoff;
    t->seq = u32(g->be, p);
    t->obj = u32(g->be, p + 4);
    t->chunk = u32(g->be, p + 8);
    t->nbytes = u32(g->be, p + 12);
    t->packed = 0;
    if ((t->seq & t->obj & t->chunk & t->nbytes) == 0xffffffffu)
        return 0;
    if (t->seq < Y_SEQ_LOWEST || t->seq > Y_SEQ_HIGHEST)
        return -1;
    if (t->chunk & Y_EXTRA_HEADER) {
        t->packed = 1;
        t->xparent = t->chunk & 0x0fffffffu;
        t->xtype = t->obj >> 28;
        t->obj &= 0x0fffffffu;
        t->chunk = 0;
    }
    if (t->obj == 0 || t->obj > Y_MAX_OBJECT_ID)
        return -1;
    if (t->chunk && t->nbytes > g->page)
        return -1;
    return 1;
}

static int mode_fits(uint32_t type, uint32_t mode)
{
    switch (type) {
    case YT_FILE: return (mode & 0170000) == 0100000;
    case YT_SYMLINK: return (mode & 0170000) == 0120000;
    case YT_DIR: return (mode & 0170000) == 0040000;
    case YT_HARDLINK: return 1;
    case YT_SPECIAL: {
        uint32_t f = mode & 0170000;
        return f == 0020000 || f == 0060000 || f == 0010000 || f == 0140000;
    }
    default: return 0;
    }
}

/* Could h be the header of an object whose parent is `parent` (0: any)? */
static int header_ok(const unsigned char *h, int be, uint32_t parent)
{
    uint32_t type = u32(be, h);
    uint32_t par = u32(be, h + 4);
    if (type < YT_FILE || type > YT_SPECIAL || (parent && par != parent) || par == 0)
        return 0;
    if (!memchr(h + Y_NAME_OFF, 0, Y_NAME_FIELD) || h[Y_NAME_OFF] == 0)
        return 0;
    return mode_fits(type, u32(be, h + Y_MODE_OFF));
}

/* Chunks from d on that are YAFFS2 in geometry g: the end of the last
 * valid chunk (and a partial chunk right after it: a truncated image,
 * *partial set); *chunks gets the number of whole chunks in that extent.
 * Chunks whose tags are neither valid nor erased are stepped over, up to
 * Y_RESYNC_CHUNKS in a row (collect() counts and reports them). */
static size_t extent(const unsigned char *d, size_t n, const ygeom *g, size_t *chunks,
                     int *partial)
{
    size_t csize = (size_t)g->page + g->spare;
    size_t i = 0, last = 0, run = 0;
    *partial = 0;
    while ((i + 1) * csize <= n && i < FW_MAX_YAFFS2_CHUNKS) {
        ytags t;
        int rc = read_tags(d + i * csize + g->page, g, &t);
        i++;
        if (rc == 1) {
            last = i;
            run = 0;
        } else if (rc < 0 && ++run > Y_RESYNC_CHUNKS) {
            break;
        }
    }
    *chunks = last;
    size_t end = last * csize;
    if (last == i && end < n && n - end < csize && i < FW_MAX_YAFFS2_CHUNKS) {
        /* a piece of a chunk after the last one: cut, unless it is padding */
        const unsigned char *p = d + end;
        size_t k = 0, rest = n - end;
        while (k < rest && (p[k] == 0xff || p[k] == 0x00))
            k++;
        if (k < rest) {
            *partial = 1;
            end = n;
        }
    }
    return end;
}

/* Find the geometry under which d starts a YAFFS2 image. */
static int detect(const unsigned char *d, size_t n, ygeom *out)
{
    if (n < Y_HDR_SIZE)
        return 0;
    for (int be = 0; be < 2; be++) {
        if (!header_ok(d, be, Y_ROOT))
            continue;
        uint32_t type = u32(be, d);
        for (size_t gi = 0; gi < N_GEOMETRIES; gi++) {
            for (uint32_t tagoff = 0; tagoff <= 2; tagoff += 2) {
                ygeom g = { geometries[gi][0], geometries[gi][1], tagoff, be };
                if (g.spare < tagoff + 16 || n < (size_t)g.page + g.spare)
                    continue;
                ytags t;
                if (read_tags(d + g.page, &g, &t) != 1 || t.chunk != 0)
                    continue;
                if (t.packed && (t.xparent != Y_ROOT || t.xtype != type))
                    continue;
                /* the next chunk, if any, must be YAFFS2 too (or erased) */
                size_t cs = (size_t)g.page + g.spare;
                if (n >= 2 * cs && read_tags(d + cs + g.page, &g, &t) < 0)
                    continue;
                *out = g;
                return 1;
            }
        }
    }
    return 0;
}

static uint64_t yaffs2_probe(const unsigned char *d, size_t n)
{
    /* cheap filter: the first word is an object type 1..5 in either order */
    if (n < Y_HDR_SIZE || !((d[0] >= 1 && d[0] <= 5 && !d[1] && !d[2] && !d[3]) ||
                            (!d[0] && !d[1] && !d[2] && d[3] >= 1 && d[3] <= 5)))
        return 0;
    ygeom g;
    if (!detect(d, n, &g))
        return 0;
    size_t chunks;
    int partial;
    return extent(d, n, &g, &chunks, &partial);
}

static void yerror(yreader *r, size_t chunk, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void yerror(yreader *r, size_t chunk, const char *fmt, ...)
{
    size_t cs = (size_t)r->g.page + r->g.spare;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    fw_carve_error(r->cx, r->off + (uint64_t)chunk * cs, 0, "YAFFS2: %s", msg ? msg : fmt);
    free(msg);
    r->errors++;
}

/* Read every chunk's tags; keep headers and data chunks. */
static void collect(yreader *r)
{
    size_t cs = (size_t)r->g.page + r->g.spare;
    for (size_t i = 0; i < r->nchunks; i++) {
        const unsigned char *page = r->d + i * cs;
        ytags t;
        int rc = read_tags(page + r->g.page, &r->g, &t);
        if (rc < 0)
            r->bad_tags++;
        if (rc != 1)
            continue;
        if (t.chunk == 0) {
            uint32_t type = u32(r->g.be, page);
            if (!header_ok(page, r->g.be, 0) ||
                (t.packed && (t.xtype != type || t.xparent != u32(r->g.be, page + 4)))) {
                r->bad_headers++;
                continue;
            }
            FW_XGROW(r->obj, r->capobj, r->nobj + 1);
            yobj *o = &r->obj[r->nobj++];
            memset(o, 0, sizeof *o);
            o->id = t.obj;
            o->seq = t.seq;
            o->chunk = i;
            o->h = page;
            o->type = type;
            o->parent = u32(r->g.be, page + 4);
        } else {
            FW_XGROW(r->data, r->capdata, r->ndata + 1);
            ydata *c = &r->data[r->ndata++];
            c->obj = t.obj;
            c->chunk = t.chunk;
            c->nbytes = t.nbytes;
            c->seq = t.seq;
            c->pos = i;
        }
    }
}

static int obj_order(const void *a, const void *b)
{
    const yobj *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    if (x->seq != y->seq) return x->seq < y->seq ? -1 : 1;
    return x->chunk < y->chunk ? -1 : x->chunk > y->chunk;
}

static int data_order(const void *a, const void *b)
{
    const ydata *x = a, *y = b;
    if (x->obj != y->obj) return x->obj < y->obj ? -1 : 1;
    if (x->chunk != y->chunk) return x->chunk < y->chunk ? -1 : 1;
    if (x->seq != y->seq) return x->seq < y->seq ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Sort and keep the latest of each object and of each (object, chunk). */
static void latest_only(yreader *r)
{
    if (r->nobj > 1)
        qsort(r->obj, r->nobj, sizeof *r->obj, obj_order);
    size_t k = 0;
    for (size_t i = 0; i < r->nobj; i++) {
        if (i + 1 < r->nobj && r->obj[i + 1].id == r->obj[i].id)
            continue;
        r->obj[k++] = r->obj[i];
    }
    r->nobj = k;
    if (r->ndata > 1)
        qsort(r->data, r->ndata, sizeof *r->data, data_order);
    k = 0;
    for (size_t i = 0; i < r->ndata; i++) {
        if (i + 1 < r->ndata && r->data[i + 1].obj == r->data[i].obj &&
            r->data[i + 1].chunk == r->data[i].chunk)
            continue;
        r->data[k++] = r->data[i];
    }
    r->ndata = k;
}

static yobj *find_obj(yreader *r, uint32_t id)
{
    size_t lo = 0, hi = r->nobj;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->obj[mid].id < id) lo = mid + 1;
        else if (r->obj[mid].id > id) hi = mid;
        else return &r->obj[mid];
    }
    return NULL;
}

static const char *obj_name(const yobj *o) { return (const char *)o->h + Y_NAME_OFF; }

static int gone(const yobj *o)
{
    return o->parent == Y_DELETED || o->parent == Y_UNLINKED;
}

/* Give o (and the directories above it) a path. Iterative: the chain of
 * parents is collected first, at most FW_MAX_FS_DIR_DEPTH long; meeting an
 * object already on the chain is a cycle. */
static void resolve(yreader *r, yobj *o)
{
    yobj *chain[FW_MAX_FS_DIR_DEPTH + 1];
    size_t depth = 0;
    const char *base = NULL;
    yobj *cur = o;
    int failed = 0;
    while (cur->state == 0) {
        if (depth > FW_MAX_FS_DIR_DEPTH) {
            yerror(r, o->chunk, "\"%s\" (object %u): directories nested too deep: not read",
                   obj_name(o), o->id);
            failed = 1;
            break;
        }
        cur->state = 1;
        chain[depth++] = cur;
        if (cur->parent == Y_ROOT) {
            base = "";
            break;
        }
        if (cur->parent == Y_LOSTNFOUND) {
            base = "/lost+found";
            break;
        }
        yobj *p = find_obj(r, cur->parent);
        if (!p || gone(p)) {
            yerror(r, cur->chunk, "\"%s\": parent object %u has no header: put under "
                   "/lost+found", obj_name(cur), cur->parent);
            base = "/lost+found";
            break;
        }
        if (p->type != YT_DIR) {
            yerror(r, cur->chunk, "\"%s\": parent object %u is not a directory: not read",
                   obj_name(cur), cur->parent);
            failed = 1;
            break;
        }
        if (p->state == 1) {
            yerror(r, cur->chunk, "\"%s\": the parent chain comes back to object %u (a cycle "
                   "in the parent graph): the objects on it are not read", obj_name(cur),
                   p->id);
            r->cycles++;
            failed = 1;
            break;
        }
        cur = p;
    }
    if (!failed && !base) {          /* stopped at an object already resolved */
        if (cur->state == 3)
            failed = 1;
        else
            base = cur->path;
    }
    /* unwind: the last object collected is the top of the chain */
    for (size_t i = depth; i-- > 0;) {
        yobj *x = chain[i];
        if (failed) {
            x->state = 3;
            continue;
        }
        x->path = fw_xasprintf("%s/%s", base, obj_name(x));
        x->state = 2;
        base = x->path;
    }
}

/* A file's content from its data chunks (latest of each). The buffer is as
 * long as the declared size, but never longer than the chunks present
 * reach (a lying size allocates nothing), the entry-size limit, or what is
 * left of the image's ratio budget (all files of one image together expand
 * to at most max_ratio times its size, or FW_RATIO_FLOOR_BYTES). */
static void read_file(yreader *r, yobj *o, fw_node *node)
{
    const unsigned char *h = o->h;
    uint64_t size = u32(r->g.be, h + Y_SIZE_LOW_OFF);
    uint32_t high = u32(r->g.be, h + Y_SIZE_HIGH_OFF);
    if (size == 0xffffffffu)
        size = 0;
    if (high != 0xffffffffu)
        size |= (uint64_t)high << 32;
    /* the data chunks of o: a run in the sorted array */
    size_t lo = 0, hi = r->ndata;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->data[mid].obj < o->id) lo = mid + 1; else hi = mid;
    }
    size_t end = lo;
    uint64_t reach = 0;
    for (; end < r->ndata && r->data[end].obj == o->id; end++) {
        uint64_t e = (uint64_t)(r->data[end].chunk - 1) * r->g.page + r->data[end].nbytes;
        if (e > reach)
            reach = e;
    }
    uint64_t len = size < reach ? size : reach;
    uint64_t cap = r->ld->lim->max_entry_size < r->budget ? r->ld->lim->max_entry_size
                                                          : r->budget;
    int capped = len > cap;
    if (capped) {
        yerror(r, o->chunk, "\"%s\" (object %u): file larger than the entry-size limit or "
               "what is left of the image's ratio budget: only its first %llu bytes are "
               "checked", o->path, o->id, (unsigned long long)cap);
        len = cap;
        node->truncated = 1;
    }
    char *w = fw_xasprintf("%s > %s", r->where, o->path);
    int ok = fw_loader_may_hold(r->ld, len, w);
    free(w);
    if (!ok) {
        node->truncated = 1;
        return;
    }
    unsigned char *buf = fw_xcalloc(1, (size_t)len + 1);
    uint64_t covered = 0;
    size_t cs = (size_t)r->g.page + r->g.spare;
    for (size_t i = lo; i < end; i++) {
        const ydata *c = &r->data[i];
        uint64_t at = (uint64_t)(c->chunk - 1) * r->g.page;
        if (at >= len)
            continue;
        uint64_t n = c->nbytes < len - at ? c->nbytes : len - at;
        memcpy(buf + at, r->d + c->pos * cs, (size_t)n);
        covered += n;
    }
    if (!capped && covered < size) {
        yerror(r, o->chunk, "\"%s\" (object %u): data chunks hold %llu of its %llu bytes "
               "(image truncated or chunks lost): file read in part", o->path, o->id,
               (unsigned long long)covered, (unsigned long long)size);
        node->truncated = 1;
    }
    r->budget -= len;
    free(node->data);
    node->data = buf;
    node->size = (size_t)len;
    r->ld->tree->bytes_held += len;
}

static void add_object(yreader *r, yobj *o)
{
    const unsigned char *h = o->h;
    int be = r->g.be;
    fw_node_type t;
    switch (o->type) {
    case YT_FILE: t = FW_NODE_FILE; break;
    case YT_SYMLINK: t = FW_NODE_SYMLINK; break;
    case YT_DIR: t = FW_NODE_DIR; break;
    case YT_HARDLINK: t = FW_NODE_HARDLINK; break;
    /* a special object is what its POSIX mode says (header_ok admits only
     * device, fifo and socket modes for one) */
    default: t = fw_node_type_of_mode(u32(be, h + Y_MODE_OFF)); break;
    }
    yobj *eq = NULL;
    if (t == FW_NODE_HARDLINK) {
        eq = find_obj(r, u32(be, h + Y_EQUIV_OFF));
        if (eq && eq->state == 0)
            resolve(r, eq);
        if (!eq || eq->state != 2 || eq->type != YT_FILE) {
            yerror(r, o->chunk, "\"%s\": hard link to object %u, which is not a file in the "
                   "image: skipped", o->path, u32(be, h + Y_EQUIV_OFF));
            return;
        }
    }
    char *w = fw_xasprintf("%s > %s", r->where, o->path);
    int ok = fw_loader_may_add_entry(r->ld, w);
    free(w);
    fw_node *node = ok ? fw_ns_add(r->ld->tree, r->ns, o->path, t) : NULL;
    if (!node)
        return;
    const unsigned char *mh = eq ? eq->h : h;   /* a hard link has the file's mode */
    node->mode = u32(be, mh + Y_MODE_OFF) & 07777;
    node->uid = u32(be, mh + Y_UID_OFF);
    node->gid = u32(be, mh + Y_GID_OFF);
    if (t == FW_NODE_FILE) {
        read_file(r, o, node);
    } else if (t == FW_NODE_SYMLINK) {
        const unsigned char *a = h + Y_ALIAS_OFF;
        const unsigned char *z = memchr(a, 0, Y_ALIAS_FIELD);
        size_t len = z ? (size_t)(z - a) : Y_ALIAS_FIELD - 1;
        free(node->link_target);
        node->link_target = fw_xstrndup((const char *)a, len);
    } else if (t == FW_NODE_HARDLINK) {
        free(node->link_target);
        node->link_target = fw_xstrdup(eq->path);
    }
}

static int bad_name(const char *s)
{
    return !*s || strchr(s, '/') || strcmp(s, ".") == 0 || strcmp(s, "..") == 0;
}

static void build(yreader *r)
{
    for (size_t i = 0; i < r->nobj; i++) {
        yobj *o = &r->obj[i];
        if (o->id == Y_ROOT || o->id == Y_LOSTNFOUND || gone(o)) {
            if (gone(o))
                r->deleted++;
            o->state = 3;
            if (o->id == Y_LOSTNFOUND) {
                o->state = 2;
                o->path = fw_xstrdup("/lost+found");
            }
            continue;
        }
        if (bad_name(obj_name(o))) {
            yerror(r, o->chunk, "object %u: empty name, '/' in the name, or \".\"/\"..\": "
                   "skipped", o->id);
            o->state = 3;
        }
    }
    for (size_t i = 0; i < r->nobj; i++)
        if (r->obj[i].state == 0)
            resolve(r, &r->obj[i]);
    for (size_t i = 0; i < r->nobj; i++)
        if (r->obj[i].state == 2 && r->obj[i].id != Y_LOSTNFOUND)
            add_object(r, &r->obj[i]);
    for (size_t i = 0; i < r->nobj; i++) {
        const yobj *o = &r->obj[i];
        if (o->state == 3 && o->id != Y_ROOT && !gone(o))
            r->unplaced++;
    }
}

static uint64_t yaffs2_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                            const char *via)
{
    ygeom g;
    if (!detect(d, n, &g))
        return 0;
    size_t chunks;
    int partial;
    size_t size = extent(d, n, &g, &chunks, &partial);
    size_t whole = chunks * ((size_t)g.page + g.spare);
    if (partial)
        fw_carve_error(cx, off + whole, 1, "YAFFS2 image ends inside a chunk (%zu of %u "
                       "bytes): image truncated", size - whole, g.page + g.spare);
    if (chunks == FW_MAX_YAFFS2_CHUNKS)
        fw_carve_error(cx, off, 0, "YAFFS2 image has more than %d chunks: the rest is not read",
                       FW_MAX_YAFFS2_CHUNKS);
    fw_ns *ns = fw_carve_ns(cx, off, via, "yaffs2");
    if (!ns)
        return size;
    char *chain = fw_carve_chain(cx, off, via, "yaffs2");
    yreader r = { .cx = cx, .ld = cx->ld, .ns = ns, .where = chain, .d = d, .n = size,
                  .off = off, .g = g, .nchunks = chunks };
    r.budget = (uint64_t)size * cx->ld->lim->max_ratio;
    if (r.budget < FW_RATIO_FLOOR_BYTES)
        r.budget = FW_RATIO_FLOOR_BYTES;
    collect(&r);
    latest_only(&r);
    build(&r);
    if (r.bad_tags || r.bad_headers)
        fw_carve_error(cx, off, 0, "YAFFS2: %u chunks with tags that do not parse and %u "
                       "object headers that do not were skipped (damaged image?)",
                       r.bad_tags, r.bad_headers);
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_sb_addf(&sb, "%u+%u bytes per chunk, %s-endian, tags at spare offset %u; %zu chunks, "
            "%zu objects; %zu entries", g.page, g.spare, g.be ? "big" : "little", g.tagoff,
            chunks, r.nobj, ns->count);
    if (r.deleted)
        fw_sb_addf(&sb, ", %u deleted objects", r.deleted);
    if (r.unplaced)
        fw_sb_addf(&sb, ", %u objects not placed in the tree", r.unplaced);
    if (r.cycles)
        fw_sb_adds(&sb, ", cycle in the parent graph");
    char *detail = fw_sb_detach(&sb);
    fw_layout_row(cx, off, size, via, "yaffs2", detail,
                  partial || r.errors || r.bad_tags || r.bad_headers ? "unpacked in part"
                                                                     : "unpacked");
    free(detail);
    for (size_t i = 0; i < r.nobj; i++)
        free(r.obj[i].path);
    free(r.obj);
    free(r.data);
    free(chain);
    return size;
}

const fw_format fw_fmt_yaffs2 = {
    .name = "yaffs2",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "\x00\x01\x02\x03\x04\x05"),   /* object type 1-5, LE or BE */
    .probe = yaffs2_probe,
    .open = yaffs2_open,
};
