/* ubi.c: UBI images (what ubinize writes, or a raw dump of a UBI MTD
 * partition) read in memory. A UBI image is a run of physical erase blocks
 * (PEBs), each starting with an erase-counter header ("UBI#", big-endian,
 * CRC over its first 60 bytes) that gives the offsets of the volume-ID
 * header and of the data. The volume-ID header ("UBI!", CRC-checked too)
 * says which volume and which logical erase block (LEB) the PEB holds; a
 * PEB without one is free. Volume 0x7fffefff is the layout volume: its LEB
 * holds the volume table (name, type, size of each volume, one CRC'd record
 * each).
 *
 * Each volume is put back together from its LEBs (a LEB written twice: the
 * higher sequence number wins, as in the kernel's attach) and its bytes are
 * carved like any payload (fw_carve_range, one level deeper): a UBIFS in it
 * becomes a namespace (ubifs.c), a squashfs or a kernel in a static volume
 * is read by its own reader, and bytes no reader knows are kept as data.
 *
 * Bounds: FW_MAX_UBI_PEBS PEBs read, PEB size up to FW_MAX_UBI_PEB_SIZE,
 * UBI_MAX_VOLUMES volume-table records; a LEB number at or past the volume's
 * reserved size (or FW_MAX_UBI_PEBS) is reported and dropped; a volume's
 * bytes are held only while it is carved, capped by the ratio and entry-size
 * limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

#define UBI_EC_SIZE 64
#define UBI_VID_SIZE 64
#define UBI_LAYOUT_VOL 0x7fffefffu
#define UBI_MAX_VOLUMES 128
#define UBI_VTBL_REC 172
#define UBI_DYNAMIC 1
#define UBI_STATIC 2
/* Damaged PEBs reported one by one; the rest are only counted. */
#define UBI_ERRORS_SHOWN 8

/* UBI's CRC: the kernel's crc32(0xffffffff, ...), no final inversion. */
static uint32_t ubi_crc(const unsigned char *d, size_t n)
{
    return ~(uint32_t)crc32(0, d, (uInt)n);
}

static int ec_ok(const unsigned char *d, size_t n)
{
    return n >= UBI_EC_SIZE && memcmp(d, "UBI#", 4) == 0 && d[4] == 1 &&
           ubi_crc(d, 60) == fw_be32(d + 60);
}

/* The PEB size: the distance to the next valid EC header, looked for at
 * every 512-byte step past the data offset (PEBs are usually powers of two
 * from 16 KiB, but test images use 1 KiB ones). 0 if there is none: one
 * PEB, as long as what is left. */
static size_t peb_size(const unsigned char *d, size_t n)
{
    size_t start = fw_be32(d + 20);   /* data offset */
    start = (start + 511) & ~(size_t)511;
    if (start < 512)
        start = 512;
    for (size_t s = start; s <= FW_MAX_UBI_PEB_SIZE && s + UBI_EC_SIZE <= n; s += 512)
        if (d[s] == 'U' && ec_ok(d + s, n - s))
            return s;
    return 0;
}

/* Extent: PEBs while each starts with the EC magic (a damaged header inside
 * the run is reported by open, not a reason to cut the image). */
static uint64_t ubi_extent(const unsigned char *d, size_t n, size_t *peb)
{
    *peb = peb_size(d, n);
    if (!*peb)
        return n < 4096 ? n : 4096;
    size_t pos = 0, count = 0;
    while (pos + 4 <= n && memcmp(d + pos, "UBI#", 4) == 0 && count < FW_MAX_UBI_PEBS) {
        pos += *peb;
        count++;
    }
    return pos > n ? n : pos;
}

static uint64_t ubi_probe(const unsigned char *d, size_t n)
{
    size_t peb;
    if (!ec_ok(d, n))
        return 0;
    return ubi_extent(d, n, &peb);
}

/* One PEB's volume-ID header, as read. */
typedef struct ubi_leb {
    uint32_t vol_id, lnum, data_size, used_ebs, data_pad, data_crc;
    uint8_t vol_type, copy_flag;
    uint64_t sqnum;
    size_t peb;               /* index of the PEB */
    const unsigned char *data;
    size_t avail;             /* data bytes present (the last PEB may be cut) */
} ubi_leb;

/* One volume: from the volume table, or seen only in VID headers. */
typedef struct ubi_vol {
    uint32_t id, reserved;
    uint8_t type;
    char name[129];
    int in_table;
} ubi_vol;

typedef struct ubi_reader {
    fw_carve *cx;
    uint64_t off;             /* absolute offset of the image */
    char *via;                /* "ubi", or "trx > ubi": the volumes' layout rows */
    const unsigned char *d;
    size_t n, peb, npebs;
    uint32_t vid_off, data_off;
    size_t leb_size;
    ubi_leb *lebs;
    size_t nlebs, caplebs;
    ubi_vol vols[UBI_MAX_VOLUMES + 1];
    size_t nvols;
    unsigned bad_ec, bad_vid, free_pebs, errors;
} ubi_reader;

static void scan_pebs(ubi_reader *r)
{
    for (size_t i = 0; i < r->npebs; i++) {
        const unsigned char *p = r->d + i * r->peb;
        size_t left = r->n - i * r->peb;
        uint64_t at = r->off + i * r->peb;
        if (!ec_ok(p, left)) {
            if (++r->bad_ec + r->bad_vid <= UBI_ERRORS_SHOWN)
                fw_carve_error(r->cx, at, 0, "UBI: PEB %zu: erase-counter header %s: PEB skipped",
                           i, left < UBI_EC_SIZE || memcmp(p, "UBI#", 4) ? "missing"
                                                                     : "CRC mismatch");
            continue;
        }
        if ((size_t)r->vid_off + UBI_VID_SIZE > left) {
            if (r->bad_ec + ++r->bad_vid <= UBI_ERRORS_SHOWN)
                fw_carve_error(r->cx, at, 0, "UBI: PEB %zu is cut short before its volume-ID "
                           "header: image truncated", i);
            continue;
        }
        const unsigned char *v = p + r->vid_off;
        int all_ff = 1;
        for (size_t k = 0; k < UBI_VID_SIZE && all_ff; k++)
            all_ff = v[k] == 0xff;
        if (all_ff) {
            r->free_pebs++;
            continue;
        }
        if (memcmp(v, "UBI!", 4) != 0 || ubi_crc(v, 60) != fw_be32(v + 60)) {
            if (r->bad_ec + ++r->bad_vid <= UBI_ERRORS_SHOWN)
                fw_carve_error(r->cx, at + r->vid_off, 0, "UBI: PEB %zu: volume-ID header %s: "
                           "its data is not used", i,
                           memcmp(v, "UBI!", 4) ? "has no magic" : "CRC mismatch");
            continue;
        }
        ubi_leb l = { .vol_type = v[5], .copy_flag = v[6], .vol_id = fw_be32(v + 8),
                      .lnum = fw_be32(v + 12), .data_size = fw_be32(v + 20),
                      .used_ebs = fw_be32(v + 24), .data_pad = fw_be32(v + 28),
                      .data_crc = fw_be32(v + 32),
                      .sqnum = (uint64_t)fw_be32(v + 40) << 32 | fw_be32(v + 44),
                      .peb = i, .data = p + r->data_off };
        l.avail = left > r->data_off ? left - r->data_off : 0;
        if (l.avail > r->leb_size)
            l.avail = r->leb_size;
        if (!l.avail)
            l.data = NULL;
        FW_XGROW(r->lebs, r->caplebs, r->nlebs + 1);
        r->lebs[r->nlebs++] = l;
    }
}

/* The newest copy of LEB lnum of the layout volume (either of its two). */
static const ubi_leb *layout_leb(const ubi_reader *r)
{
    const ubi_leb *best = NULL;
    for (size_t i = 0; i < r->nlebs; i++) {
        const ubi_leb *l = &r->lebs[i];
        if (l->vol_id == UBI_LAYOUT_VOL && l->lnum < 2 && l->avail &&
            (!best || l->sqnum > best->sqnum))
            best = l;
    }
    return best;
}

static ubi_vol *vol_find(ubi_reader *r, uint32_t id)
{
    for (size_t i = 0; i < r->nvols; i++)
        if (r->vols[i].id == id)
            return &r->vols[i];
    return NULL;
}

static void read_vtbl(ubi_reader *r)
{
    const ubi_leb *l = layout_leb(r);
    if (!l) {
        r->errors++;
        fw_carve_error(r->cx, r->off, 0, "UBI: no layout volume (volume table) found: volume "
                       "names and sizes unknown; volumes are read from their PEBs alone");
        return;
    }
    size_t recs = l->avail / UBI_VTBL_REC;
    if (recs > UBI_MAX_VOLUMES)
        recs = UBI_MAX_VOLUMES;
    unsigned bad = 0;
    for (size_t i = 0; i < recs; i++) {
        const unsigned char *p = l->data + i * UBI_VTBL_REC;
        if (ubi_crc(p, 168) != fw_be32(p + 168)) {
            bad++;
            continue;
        }
        uint32_t reserved = fw_be32(p);
        if (reserved == 0)
            continue;   /* an empty slot */
        ubi_vol *v = &r->vols[r->nvols++];
        v->id = (uint32_t)i;
        v->reserved = reserved;
        v->type = p[12];
        size_t nl = fw_be16(p + 14);
        if (nl > 128)
            nl = 128;
        memcpy(v->name, p + 16, nl);
        v->name[nl] = '\0';
        v->in_table = 1;
    }
    if (bad) {
        r->errors++;
        fw_carve_error(r->cx, r->off + l->peb * r->peb + r->data_off, 0,
                       "UBI: %u volume-table records have a bad CRC: those volumes are read "
                       "from their PEBs alone, without names", bad);
    }
}

/* Volumes seen in VID headers but not in the table (the table is damaged or
 * missing): still read, under their id. */
static void add_untabled(ubi_reader *r)
{
    for (size_t i = 0; i < r->nlebs && r->nvols < UBI_MAX_VOLUMES; i++) {
        const ubi_leb *l = &r->lebs[i];
        if (l->vol_id == UBI_LAYOUT_VOL || vol_find(r, l->vol_id))
            continue;
        if (l->vol_id >= UBI_MAX_VOLUMES) {
            r->errors++;
            fw_carve_error(r->cx, r->off + l->peb * r->peb + r->vid_off, 0,
                           "UBI: PEB %zu names volume id %u, past the %d volumes UBI allows: "
                           "skipped", l->peb, l->vol_id, UBI_MAX_VOLUMES);
            continue;
        }
        ubi_vol *v = &r->vols[r->nvols++];
        memset(v, 0, sizeof *v);
        v->id = l->vol_id;
        v->type = l->vol_type;
        v->reserved = FW_MAX_UBI_PEBS;
        snprintf(v->name, sizeof v->name, "vol%u", l->vol_id);
    }
}

/* Upper bound for bytes of one volume held while it is carved. */
static uint64_t vol_cap(const ubi_reader *r)
{
    const fw_limits *lim = r->cx->ld->lim;
    uint64_t ratio = (uint64_t)r->n * lim->max_ratio;
    if (ratio < FW_RATIO_FLOOR_BYTES)
        ratio = FW_RATIO_FLOOR_BYTES;
    return lim->max_entry_size < ratio ? lim->max_entry_size : ratio;
}

/* Put volume v back together, carve it, and write its layout row. */
static void read_volume(ubi_reader *r, const ubi_vol *v, const char *chain)
{
    fw_carve *cx = r->cx;
    /* the winning PEB of each LEB number, indexed by lnum */
    uint32_t limit = v->reserved < FW_MAX_UBI_PEBS ? v->reserved : FW_MAX_UBI_PEBS;
    const ubi_leb **map = NULL;
    size_t nmap = 0, present = 0;
    unsigned out_of_range = 0, bad_crc = 0, missing = 0;
    int cut = 0;
    for (size_t i = 0; i < r->nlebs; i++) {
        const ubi_leb *l = &r->lebs[i];
        if (l->vol_id != v->id)
            continue;
        if (l->lnum >= limit) {
            if (out_of_range++ < 4)
                fw_carve_error(cx, r->off + l->peb * r->peb + r->vid_off, 0,
                               "UBI: PEB %zu holds LEB %u of volume %u, past its %u reserved "
                               "LEBs: dropped", l->peb, l->lnum, v->id, limit);
            continue;
        }
        if (l->lnum >= nmap) {
            size_t old = nmap;
            nmap = (size_t)l->lnum + 1;
            map = fw_xreallocarray(map, nmap, sizeof *map);
            memset(map + old, 0, (nmap - old) * sizeof *map);
        }
        const ubi_leb *had = map[l->lnum];
        if (!had)
            present++;
        if (!had || l->sqnum > had->sqnum)
            map[l->lnum] = l;
    }
    int is_static = v->type == UBI_STATIC;
    size_t leb_bytes = r->leb_size;
    /* the bytes of each LEB: a static volume's VID header says how many */
    uint64_t total = 0;
    for (size_t k = 0; k < nmap; k++) {
        const ubi_leb *l = map[k];
        size_t len = leb_bytes;
        if (l && l->data_pad < leb_bytes)
            len = leb_bytes - l->data_pad;
        if (is_static)
            len = l && l->data_size <= len ? l->data_size : (l ? len : 0);
        total += len;
    }
    uint64_t cap = vol_cap(r);
    if (total > cap) {
        fw_carve_error(cx, r->off, 0, "UBI: volume %u (\"%s\") would hold %llu bytes, more than "
                       "the ratio or entry-size limit: only its first %llu bytes are read",
                       v->id, v->name, (unsigned long long)total, (unsigned long long)cap);
        total = cap;
        cut = 1;
    }
    char *where = fw_xasprintf("%s > volume %s", chain, v->name);
    unsigned char *buf = NULL;
    if (total && fw_loader_may_hold(cx->ld, total, where))
        buf = fw_xmalloc((size_t)total + 1);
    else if (total)
        cut = 1;
    size_t pos = 0;
    for (size_t k = 0; buf && k < nmap && pos < total; k++) {
        const ubi_leb *l = map[k];
        size_t len = leb_bytes;
        if (l && l->data_pad < leb_bytes)
            len = leb_bytes - l->data_pad;
        if (is_static)
            len = l && l->data_size <= len ? l->data_size : (l ? len : 0);
        if (len > total - pos)
            len = (size_t)(total - pos);
        if (!l) {
            missing++;
            memset(buf + pos, 0xff, len);   /* an unmapped LEB reads as erased */
        } else {
            size_t have = l->avail < len ? l->avail : len;
            if (have)
                memcpy(buf + pos, l->data, have);
            if (have < len) {
                memset(buf + pos + have, 0xff, len - have);
                cut = 1;
            }
            if (is_static && have == l->data_size && l->data_size &&
                ubi_crc(l->data, l->data_size) != l->data_crc)
                bad_crc++;
        }
        pos += len;
    }
    if (buf)
        buf[pos] = '\0';
    if (out_of_range)
        r->errors++;
    if (bad_crc) {
        r->errors++;
        fw_carve_error(cx, r->off, 0, "UBI: static volume %u (\"%s\"): %u LEBs fail their data "
                       "CRC: its content is damaged", v->id, v->name, bad_crc);
    }
    if (cut) {
        r->errors++;
        fw_carve_error(cx, r->off, 0, "UBI: volume %u (\"%s\") is incomplete (image truncated "
                       "or a limit reached): its content is read in part", v->id, v->name);
    }
    if (is_static && present && map && nmap && map[0] && present < map[0]->used_ebs) {
        r->errors++;
        fw_carve_error(cx, r->off, 0, "UBI: static volume %u (\"%s\") has %zu of its %u LEBs: "
                       "image truncated", v->id, v->name, present, map[0]->used_ebs);
    }
    /* what is in it, carved one level deeper */
    const char *content = "empty";
    size_t found = 0;
    if (buf && pos) {
        content = fw_fmt_ubifs.probe(buf, pos) ? "UBIFS"
                  : fw_fmt_squashfs.probe(buf, pos) ? "squashfs" : "other data";
        if (cx->nest + 1 >= FW_MAX_CARVE_NEST) {
            fw_carve_error(cx, r->off, 0, "UBI volume %u nested too deep: not carved", v->id);
            content = "not carved (nested too deep)";
        } else {
            fw_carve child = { .ld = cx->ld, .container = cx->container, .depth = cx->depth,
                               .label = where, .label_is_stream = 1, .nest = cx->nest + 1,
                               .keep_gaps = 1 };
            int blank = 1;
            for (size_t k = 0; k < pos && blank; k++)
                blank = buf[k] == 0xff;
            if (blank)
                content = "empty (erased)";
            else
                found = fw_carve_range(&child, buf, pos, 0, "");
            where = child.label;
        }
    }
    char *detail = fw_xasprintf("\"%s\", id %u, %s%s, %zu LEBs of %zu bytes (%zu bytes); "
                             "content: %s%s", v->name, v->id,
                             is_static ? "static" : v->type == UBI_DYNAMIC ? "dynamic" : "type?",
                             v->in_table ? "" : ", not in the volume table", present, leb_bytes,
                             pos, content, found ? "" : ", no known structure");
    fw_layout_row(cx, r->off, pos, r->via, "volume", detail,
                  cut || bad_crc || out_of_range ? "read in part"
                  : !buf ? "empty" : found ? "unpacked" : "scanned as raw bytes");
    free(detail);
    free(where);
    free(map);
    free(buf);
}

static uint64_t ubi_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                         const char *via)
{
    ubi_reader r = { .cx = cx, .off = off, .d = d };
    uint64_t size = ubi_extent(d, n, &r.peb);
    r.n = (size_t)size;
    r.vid_off = fw_be32(d + 16);
    r.data_off = fw_be32(d + 20);
    int sane = (uint64_t)r.vid_off + UBI_VID_SIZE <= r.data_off && !(r.vid_off & 7) &&
               r.data_off < FW_MAX_UBI_PEB_SIZE;
    if (sane && !r.peb && r.n <= r.data_off) {
        fw_layout_row(cx, off, size, via, "ubi", "one erase-counter header, no data",
                      "truncated");
        fw_carve_error(cx, off, 1, "UBI: image cut short: %llu bytes, before the data offset "
                       "(%u) of its first PEB", (unsigned long long)size, r.data_off);
        return size;
    }
    if (!r.peb)
        r.peb = r.n;   /* a single PEB */
    r.npebs = (r.n + r.peb - 1) / r.peb;
    if (!sane || r.data_off >= r.peb) {
        fw_layout_row(cx, off, size, via, "ubi", "EC header offsets impossible", "damaged");
        fw_carve_error(cx, off, 1, "UBI: EC header says VID header at %u and data at %u in a "
                       "PEB of %zu bytes: not read", r.vid_off, r.data_off, r.peb);
        return size;
    }
    r.leb_size = r.peb - r.data_off;
    int cut = size < (uint64_t)r.npebs * r.peb;
    if (cut) {
        r.errors++;
        fw_carve_error(cx, off + size, 0, "UBI: the last PEB is cut short (%llu of %zu bytes): "
                       "image truncated", (unsigned long long)(size % r.peb), r.peb);
    }
    if (r.npebs >= FW_MAX_UBI_PEBS && size + 4 <= n && memcmp(d + size, "UBI#", 4) == 0) {
        r.errors++;
        fw_carve_error(cx, off + size, 0, "UBI: more than %d PEBs: the rest of the image is not "
                       "read as UBI", FW_MAX_UBI_PEBS);
    }
    scan_pebs(&r);
    read_vtbl(&r);
    add_untabled(&r);
    char *detail = fw_xasprintf("PEB size %zu, LEB size %zu, %zu PEBs (%zu free), %zu volumes",
                             r.peb, r.leb_size, r.npebs, (size_t)r.free_pebs, r.nvols);
    fw_layout_row(cx, off, size, via, "ubi", detail,
                  r.errors || r.bad_ec || r.bad_vid ? "read in part" : "read");
    free(detail);
    r.via = via && *via ? fw_xasprintf("%s > ubi", via) : fw_xstrdup("ubi");
    char *chain = fw_carve_chain(cx, off, via, "ubi");
    for (size_t i = 0; i < r.nvols; i++)
        read_volume(&r, &r.vols[i], chain);
    free(chain);
    if (r.bad_ec || r.bad_vid)
        fw_carve_error(cx, off, 0, "UBI: %u PEBs with a bad erase-counter header and %u with a "
                       "bad volume-ID header were skipped: volumes may be incomplete", r.bad_ec,
                       r.bad_vid);
    free(r.lebs);
    free(r.via);
    return size;
}

const fw_format fw_fmt_ubi = {
    .name = "ubi",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "U"),   /* "UBI#" */
    .probe = ubi_probe,
    .open = ubi_open,
};
