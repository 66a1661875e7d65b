/* image.h: firmware images (internal to src/input/).
 *
 * A firmware image is a blob: vendor headers (uImage, FIT, TRX, TP-Link,
 * Arcadyan obfuscation),
 * compressed streams (gzip, xz, lzma) and file systems (squashfs, ext2/3/4,
 * cramfs, romfs, jffs2, yaffs2, ubi/ubifs, cpio) at whatever offsets the
 * vendor put them.
 * fw_carve_range() scans a blob for
 * known structures (the formats of format.h flagged FW_FORMAT_CARVED, in
 * table order) at every offset, left to right; each structure is
 * validated before it is believed, and the bytes it covers are claimed, so a
 * magic number inside a claimed region (a gzip magic in a squashfs) is never
 * carved again: the outermost valid structure wins.
 *
 * Every region found becomes one row of the "layout" inventory (where,
 * offset, size, format, detail, status). A file system becomes a namespace
 * whose chain says how it was reached:
 *     "fw.bin@0x10001c (trx > tplink > squashfs)"
 * i.e. the file, the absolute offset of the file system, and the headers
 * that led to it. Contents of a decompressed stream are carved in turn, one
 * level deeper: "fw.bin@0x21c (lzma) > cpio@0x3000". Bytes no structure
 * claims (but padding) become a namespace with one file, /data, so checks
 * still read them once the blob itself is marked as a container.
 *
 * Ownership: the carver copies what it keeps into the tree; `data` passed
 * in stays the caller's. Strings returned by fw_carve_chain are the
 * caller's to free.
 *
 * Nothing is written to disk. Every loop, allocation and recursion is bounded
 * by src/core/limits.h (FW_MAX_CARVE_*, FW_MAX_FS_*) or the scan's limits.
 */
#ifndef FW_INPUT_IMAGE_H
#define FW_INPUT_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "input/format.h"
#include "input/input.h"

/* Unrecognised bytes between structures (private to carve.c). */
typedef struct fw_gap_list {
    struct { const unsigned char *d; uint64_t off, len; } *v;
    size_t n, cap;
} fw_gap_list;

/* The blob being carved and how it was reached. */
typedef struct fw_carve {
    fw_loader *ld;
    const fw_node *container; /* node in the parent namespace the blob came from */
    unsigned depth;           /* namespace depth of the blob's own namespace */
    char *label;              /* "fw.bin", or "fw.bin@0x21c (lzma)" (owned) */
    int label_is_stream;      /* label names a decompressed stream: regions are
                                 written "label > fmt@0xOFF" */
    unsigned nest;            /* carve levels above this one */
    unsigned failed_streams;  /* compressed-stream candidates that did not decode */
    unsigned regions;         /* regions recorded */
    int stable;               /* the blob's bytes outlive the tree (held by a
                                 node, or a mapping the tree keeps): readers
                                 may leave content in it to read on demand */
    int keep_gaps;            /* keep unrecognised bytes even if nothing is found
                                 (the blob is not scanned whole by anyone else) */
    /* private to carve.c: the gap before the candidate being opened */
    const unsigned char *gap_d;
    uint64_t gap_off, gap_len;
    const char *gap_via;
    int gap_row;
    fw_gap_list *gaps;        /* gaps of the range being carved */
} fw_carve;

/* Carve data[0..n) (absolute offset `base` in the labelled blob). `via`
 * names the headers that contain this range ("trx > tplink"), or "". Returns
 * the number of structures found. */
size_t fw_carve_range(fw_carve *cx, const unsigned char *data, size_t n, uint64_t base,
                      const char *via);

/* Carve a whole blob that is `node`'s content (or the input file, label =
 * its name). Returns the number of structures found. */
size_t fw_carve_blob(fw_loader *ld, const fw_node *node, unsigned depth, const char *label,
                     const unsigned char *data, size_t n, int stable);

/* One row of the layout inventory. off is absolute in the labelled blob. */
void fw_layout_row(fw_carve *cx, uint64_t off, uint64_t size, const char *via,
                   const char *format, const char *detail, const char *status);

/* A problem at an offset of the labelled blob: a layout-less report error
 * (marks the scan incomplete). */
void fw_carve_error(fw_carve *cx, uint64_t off, int fatal, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The chain for a region: "label@0xOFF (via > fmt)" or "label > fmt@0xOFF". */
char *fw_carve_chain(const fw_carve *cx, uint64_t off, const char *via, const char *fmt);

/* A new namespace for a file system at off, or NULL (depth limit, reported). */
fw_ns *fw_carve_ns(fw_carve *cx, uint64_t off, const char *via, const char *fmt);

/* Decompress a gzip/xz/lzma/zstd stream at d (at most n bytes available).
 * *consumed gets the compressed length. Output bounded by the entry-size
 * limit, the ratio limit and the bytes-held limit; *truncated set when cut.
 * Returns FW_OK with *out a new NUL-terminated buffer (size in *out_n), or
 * FW_EFORMAT if the bytes do not decode, FW_ENOMEM if the decoder cannot
 * start (*out NULL; err, which may be NULL, says why). */
int fw_decompress(fw_loader *ld, const char *kind, const unsigned char *d, size_t n,
                  size_t *consumed, unsigned char **out, size_t *out_n, int *truncated,
                  fw_error *err);

/* Where the gzip or xz stream at d ends (its compressed length), decoding
 * into a scratch buffer (output capped by the ratio and entry-size
 * limits); 0 if it does not end within those bounds or n bytes. */
size_t fw_stream_end(const fw_loader *ld, const char *kind, const unsigned char *d, size_t n);

/* --- file-system readers: each fills ns from the image at d (n bytes). --- */
/* Returns FW_OK if read, with *partial set when entries were not (each is
 * in the report) and *detail the layout detail ("gzip, N inodes, ...", the
 * caller frees it); or an FW_E* code if nothing could be read (why in err). */
/* lazy: d outlives the tree, so large files may be read when a check opens
 * them (see squashfs.c) rather than now. */
int fw_squashfs_read(fw_loader *ld, fw_ns *ns, const char *where, const unsigned char *d,
                     size_t n, int lazy, char **detail, int *partial, fw_error *err);
int fw_ext_read(fw_loader *ld, fw_ns *ns, const char *where, const unsigned char *d,
                size_t n, char **detail, int *partial, fw_error *err);

/* Add a regular file holding a copy of (d, n) to ns (limits checked). */
fw_node *fw_carve_add_file(fw_loader *ld, fw_ns *ns, const char *path, const char *where,
                           const unsigned char *d, size_t n);

/* How much of a cpio at d libarchive may be given: for "newc" the headers up
 * to the trailer (or to the first header that does not parse: a name size
 * over 4096, non-hex fields), so a lying name size never reaches libarchive
 * (which would allocate it); *complete = the trailer was seen. Other cpio
 * formats: n. 0 = the first header does not parse. */
uint64_t fw_cpio_extent(const unsigned char *d, size_t n, int *complete);

/* Big/little-endian readers for header parsers. */
static inline uint32_t fw_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint32_t fw_le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}
static inline uint16_t fw_le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint16_t fw_be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint64_t fw_le64(const unsigned char *p)
{
    return (uint64_t)fw_le32(p + 4) << 32 | fw_le32(p);
}

#endif
