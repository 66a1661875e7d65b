/* streams.c: gzip, xz, lzma ("lzma_alone", as in kernels and TP-Link
 * images) and zstd streams at any offset of a blob. A stream's length is only known
 * once it is decoded, so the decoders run here (zlib, liblzma) rather than
 * through libarchive: the bytes consumed give the region's size, and what
 * follows the stream is carved next.
 *
 * The decompressed bytes are either an archive (a cpio initramfs: read into
 * the stream's namespace) or one file (`/kernel` when it carries a Linux
 * version banner, else `/data`) that is carved again one level down. */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

#define CHUNK (256u << 10)
/* Fewest decompressed bytes an lzma stream (no checksum) must yield to be
 * believed; gzip and xz carry a CRC and need no such floor. */
#define LZMA_MIN_OUT 512

/* Output cap for a stream of (at most) n compressed bytes. */
static uint64_t out_cap(const fw_loader *ld, size_t n)
{
    uint64_t cap = (uint64_t)n * ld->lim->max_ratio;
    if (cap < FW_RATIO_FLOOR_BYTES)
        cap = FW_RATIO_FLOOR_BYTES;
    if (cap > ld->lim->max_entry_size)
        cap = ld->lim->max_entry_size;
    return cap;
}

/* The decoders: FW_OK with *out a new NUL-terminated buffer, or an error
 * (err says why) and *out untouched. */
static int inflate_gzip(const unsigned char *d, size_t n, uint64_t cap, size_t *consumed,
                        unsigned char **out, size_t *out_n, int *truncated, fw_error *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return fw_error_set(err, FW_ENOMEM, "zlib cannot start");
    unsigned char *buf = NULL;
    size_t len = 0, bcap = 0;
    z.next_in = (unsigned char *)d;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    int r = Z_OK;
    while (r == Z_OK) {
        if (len >= cap) {
            *truncated = 1;
            break;
        }
        size_t want = cap - len < CHUNK ? (size_t)(cap - len) : CHUNK;
        FW_XGROW(buf, bcap, len + want + 1);
        z.next_out = buf + len;
        z.avail_out = (uInt)want;
        r = inflate(&z, Z_NO_FLUSH);
        len += want - z.avail_out;
        if (r == Z_BUF_ERROR && z.avail_in == 0) {
            *truncated = 1;   /* the stream ends before its end marker */
            break;
        }
    }
    int rc = FW_OK;
    if (r != Z_OK && r != Z_STREAM_END && !*truncated) {
        rc = fw_error_set(err, FW_EFORMAT, "gzip data corrupt: %s",
                          z.msg ? z.msg : "inflate error");
        goto out;
    }
    *consumed = (size_t)z.total_in;
    FW_XGROW(buf, bcap, len + 1);
    buf[len] = '\0';
    *out = buf;
    *out_n = len;
    buf = NULL;
out:
    inflateEnd(&z);
    free(buf);
    return rc;
}

static int decode_lzma(const char *kind, const unsigned char *d, size_t n, uint64_t cap,
                       size_t *consumed, unsigned char **out, size_t *out_n, int *truncated,
                       fw_error *err)
{
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_ret r = strcmp(kind, "xz") == 0 ? lzma_stream_decoder(&s, FW_MAX_DECODER_MEMORY, 0)
                                         : lzma_alone_decoder(&s, FW_MAX_DECODER_MEMORY);
    if (r != LZMA_OK)
        return fw_error_set(err, FW_ENOMEM, "liblzma cannot start (%d)", (int)r);
    unsigned char *buf = NULL;
    size_t len = 0, bcap = 0;
    s.next_in = d;
    s.avail_in = n;
    while (r == LZMA_OK) {
        if (len >= cap) {
            *truncated = 1;
            break;
        }
        size_t want = cap - len < CHUNK ? (size_t)(cap - len) : CHUNK;
        FW_XGROW(buf, bcap, len + want + 1);
        s.next_out = buf + len;
        s.avail_out = want;
        r = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
        len += want - s.avail_out;
        if (r == LZMA_BUF_ERROR || (r == LZMA_OK && s.avail_in == 0 && s.avail_out)) {
            *truncated = 1;
            break;
        }
    }
    int rc = FW_OK;
    if (r != LZMA_OK && r != LZMA_STREAM_END && !*truncated) {
        rc = fw_error_set(err, FW_EFORMAT, "%s data corrupt (liblzma error %d)", kind, (int)r);
        goto out;
    }
    *consumed = (size_t)s.total_in;
    FW_XGROW(buf, bcap, len + 1);
    buf[len] = '\0';
    *out = buf;
    *out_n = len;
    buf = NULL;
out:
    lzma_end(&s);
    free(buf);
    return rc;
}

/* One zstd frame (the carver's region is a frame; what follows is carved
 * next). Window bounded by FW_MAX_DECODER_MEMORY. */
static int decode_zstd(const unsigned char *d, size_t n, uint64_t cap, size_t *consumed,
                       unsigned char **out, size_t *out_n, int *truncated, fw_error *err)
{
    unsigned char *buf = NULL;
    int rc = FW_OK;
    ZSTD_DStream *z = ZSTD_createDStream();
    int wlog = 10;
    while (wlog < 31 && (1ULL << (wlog + 1)) <= FW_MAX_DECODER_MEMORY)
        wlog++;
    if (!z || ZSTD_isError(ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, wlog))) {
        rc = fw_error_set(err, FW_ENOMEM, "zstd cannot start");
        goto out;
    }
    size_t len = 0, bcap = 0, r = 1;
    ZSTD_inBuffer in = { d, n, 0 };
    while (r != 0) {
        if (len >= cap) {
            *truncated = 1;
            break;
        }
        size_t want = cap - len < CHUNK ? (size_t)(cap - len) : CHUNK;
        FW_XGROW(buf, bcap, len + want + 1);
        ZSTD_outBuffer ob = { buf + len, want, 0 };
        r = ZSTD_decompressStream(z, &ob, &in);
        len += ob.pos;
        if (ZSTD_isError(r)) {
            rc = fw_error_set(err, FW_EFORMAT, "zstd data corrupt: %s", ZSTD_getErrorName(r));
            goto out;
        }
        if (r != 0 && in.pos == in.size && ob.pos < want) {
            *truncated = 1;   /* the frame ends before its end */
            break;
        }
    }
    *consumed = in.pos;
    FW_XGROW(buf, bcap, len + 1);
    buf[len] = '\0';
    *out = buf;
    *out_n = len;
    buf = NULL;
out:
    ZSTD_freeDStream(z);
    free(buf);
    return rc;
}

int fw_decompress(fw_loader *ld, const char *kind, const unsigned char *d, size_t n,
                  size_t *consumed, unsigned char **out, size_t *out_n, int *truncated,
                  fw_error *err)
{
    *truncated = 0;
    *consumed = *out_n = 0;
    *out = NULL;
    uint64_t cap = out_cap(ld, n);
    uint64_t room = ld->lim->max_total_bytes > ld->tree->bytes_held
                        ? ld->lim->max_total_bytes - ld->tree->bytes_held : 0;
    if (cap > room)
        cap = room;
    if (strcmp(kind, "gzip") == 0)
        return inflate_gzip(d, n, cap, consumed, out, out_n, truncated, err);
    if (strcmp(kind, "zstd") == 0)
        return decode_zstd(d, n, cap, consumed, out, out_n, truncated, err);
    return decode_lzma(kind, d, n, cap, consumed, out, out_n, truncated, err);
}

size_t fw_stream_end(const fw_loader *ld, const char *kind, const unsigned char *d, size_t n)
{
    uint64_t cap = out_cap(ld, n), out = 0;
    unsigned char *scratch = fw_xmalloc(CHUNK);
    size_t end = 0;
    if (strcmp(kind, "gzip") == 0) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, 16 + MAX_WBITS) == Z_OK) {
            z.next_in = (unsigned char *)d;
            z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
            int r = Z_OK;
            while (r == Z_OK && out < cap) {
                z.next_out = scratch;
                z.avail_out = CHUNK;
                r = inflate(&z, Z_NO_FLUSH);
                out += CHUNK - z.avail_out;
                if (r == Z_BUF_ERROR)
                    break;
            }
            if (r == Z_STREAM_END)
                end = (size_t)z.total_in;
            inflateEnd(&z);
        }
    } else if (strcmp(kind, "xz") == 0) {
        lzma_stream s = LZMA_STREAM_INIT;
        if (lzma_stream_decoder(&s, FW_MAX_DECODER_MEMORY, 0) == LZMA_OK) {
            s.next_in = d;
            s.avail_in = n;
            lzma_ret r = LZMA_OK;
            while (r == LZMA_OK && out < cap) {
                s.next_out = scratch;
                s.avail_out = CHUNK;
                r = lzma_code(&s, LZMA_FINISH);
                out += CHUNK - s.avail_out;
            }
            if (r == LZMA_STREAM_END)
                end = (size_t)s.total_in;
            lzma_end(&s);
        }
    }
    free(scratch);
    return end;
}

/* --- probes: cheap header checks before any decoder runs --- */

static uint64_t gzip_probe(const unsigned char *d, size_t n)
{
    if (n < 18 || d[0] != 0x1f || d[1] != 0x8b || d[2] != 8 || (d[3] & 0xe0))
        return 0;
    if (d[8] != 0 && d[8] != 2 && d[8] != 4)
        return 0;
    return d[9] <= 13 || d[9] == 255;
}

static uint64_t xz_probe(const unsigned char *d, size_t n)
{
    if (n < 32 || memcmp(d, "\xfd" "7zXZ\0", 6) != 0 || d[6] != 0 || (d[7] & 0xf0))
        return 0;
    return crc32(0, d + 6, 2) == fw_le32(d + 8);
}

/* lzma_alone: the properties byte vendors use (0x5d: lc=3 lp=0 pb=2, most
 * kernels and rootfs; 0x6d: lc=1 lp=2 pb=2, OpenWrt's MIPS kernels; any
 * other value is too common in binary code to try), a dictionary of 2^k or
 * 2^k + 2^(k-1) bytes between 4 KiB and 256 MiB, and an uncompressed size
 * that is unknown (all ones) or below 4 GiB. */
static uint64_t lzma_probe(const unsigned char *d, size_t n)
{
    if (n < 32 || (d[0] != 0x5d && d[0] != 0x6d))
        return 0;
    uint32_t dict = fw_le32(d + 1);
    if (dict < 4096 || dict > (256u << 20))
        return 0;
    uint32_t low = dict & -dict;
    if (dict != low && dict != low * 3)
        return 0;
    uint64_t usize = fw_le64(d + 5);
    if (usize != UINT64_MAX && (usize >> 32 || usize == 0))
        return 0;
    return 1;
}

/* zstd frame: magic, a frame header descriptor with its reserved bit clear,
 * and a header libzstd parses (ZSTD_getFrameContentSize says "error" for a
 * header it rejects). Skippable frames have another magic: not streams. */
static uint64_t zstd_probe(const unsigned char *d, size_t n)
{
    if (n < 18 || fw_le32(d) != 0xFD2FB528u || (d[4] & 0x08))
        return 0;
    return ZSTD_getFrameContentSize(d, n) != ZSTD_CONTENTSIZE_ERROR;
}

/* --- open: decode, record, and look inside --- */

static uint64_t stream_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                            const char *via, const char *kind)
{
    fw_loader *ld = cx->ld;
    size_t consumed = 0, outn = 0;
    int truncated = 0;
    unsigned char *out = NULL;
    int rc = fw_decompress(ld, kind, d, n, &consumed, &out, &outn, &truncated, NULL);
    /* A false magic decodes to nothing or fails (why does not matter, so no
     * fw_error): not a stream after all.
     * lzma has no checksum, so a few random bytes after a plausible header
     * can "decode": such a stream must also produce the size its header
     * declares (when it does) and at least LZMA_MIN_OUT bytes. */
    int weak = strcmp(kind, "lzma") == 0;
    uint64_t declared = weak ? fw_le64(d + 5) : UINT64_MAX;
    if (rc != FW_OK || outn == 0 || consumed < 16 ||
        (weak && (outn < LZMA_MIN_OUT ||
                  (declared != UINT64_MAX && !truncated && declared != outn)))) {
        free(out);
        return 0;
    }
    char *detail = fw_xasprintf("%zu bytes decompress to %zu bytes", consumed, outn);
    fw_layout_row(cx, off, consumed, via, kind, detail,
                  truncated ? "unpacked in part" : "unpacked");
    free(detail);
    if (truncated)
        fw_carve_error(cx, off, 0, "%s stream ends early or exceeds the size limits "
                       "(%zu bytes kept): its content is read in part", kind, outn);
    fw_ns *ns = fw_carve_ns(cx, off, via, kind);
    if (ns) {
        char *chain = fw_carve_chain(cx, off, via, kind);
        const fw_format *af = fw_sniff(out, outn, FW_FORMAT_ARCHIVE);
        fw_error err = {0};
        if (af && !(af->flags & FW_FORMAT_STREAM) &&
            fw_load_archive(ld, ns, chain, out, outn, 0, &err) == FW_OK) {
            /* read as an archive (initramfs) */
        } else {
            const char *name = memmem(out, outn, "Linux version ", 14) ? "/kernel" : "/data";
            fw_node *node = fw_carve_add_file(ld, ns, name, chain, out, outn);
            if (node && node->data && cx->nest + 1 < FW_MAX_CARVE_NEST) {
                /* carve the node's copy, which lives as long as the tree */
                fw_carve child = { .ld = ld, .container = node, .depth = ns->depth,
                                   .label = chain, .label_is_stream = 1,
                                   .nest = cx->nest + 1, .stable = 1 };
                if (fw_carve_range(&child, node->data, (size_t)node->size, 0, "") > 0)
                    node->is_container = 1;
                chain = child.label;
            }
        }
        free(chain);
    }
    free(out);
    return consumed;
}

static uint64_t gzip_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                          const char *via)
{
    return stream_open(cx, d, n, off, via, "gzip");
}
static uint64_t xz_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                        const char *via)
{
    return stream_open(cx, d, n, off, via, "xz");
}
static uint64_t lzma_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                          const char *via)
{
    return stream_open(cx, d, n, off, via, "lzma");
}

const fw_format fw_fmt_gzip = {
    .name = "gzip",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "\x1f"),   /* 1f 8b */
    .probe = gzip_probe,
    .open = gzip_open,
};
const fw_format fw_fmt_xz = {
    .name = "xz",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "\xfd"),   /* fd "7zXZ" */
    .probe = xz_probe,
    .open = xz_open,
};
const fw_format fw_fmt_lzma = {
    .name = "lzma",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "\x5d\x6d"),   /* the properties byte */
    .probe = lzma_probe,
    .open = lzma_open,
};

static uint64_t zstd_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                          const char *via)
{
    return stream_open(cx, d, n, off, via, "zstd");
}
const fw_format fw_fmt_zstd = {
    .name = "zstd",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "\x28"),   /* 28 b5 2f fd */
    .probe = zstd_probe,
    .open = zstd_open,
};
