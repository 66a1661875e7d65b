/* archives.c: the formats libarchive reads (archive.c), as entries of the
 * format table (format.h): tar, cpio, zip, 7z, ar, and the compressed
 * streams gzip, xz, bzip2, zstd (holding an archive or one file). Only
 * signatures at offset 0 (or tar's at 257) are trusted here: carving at
 * arbitrary offsets is the job of the firmware-image formats, which
 * validate the structure they find. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/xalloc.h"
#include "input/image.h"

static int has(const unsigned char *d, size_t n, size_t off, const char *magic, size_t mlen)
{
    return n >= off + mlen && memcmp(d + off, magic, mlen) == 0;
}

/* tar: POSIX "ustar\0" + "00", or GNU "ustar  \0"; and a header checksum
 * that adds up, so a text file that happens to say "ustar" is not a tar. */
static int is_tar(const unsigned char *d, size_t n)
{
    if (n < 512 || !(has(d, n, 257, "ustar\0", 6) || has(d, n, 257, "ustar  \0", 8)))
        return 0;
    unsigned long sum = 0, stored = 0;
    for (size_t i = 0; i < 512; i++)
        sum += (i >= 148 && i < 156) ? ' ' : d[i];
    size_t i = 148;
    while (i < 156 && d[i] == ' ')
        i++;
    for (; i < 156 && d[i] >= '0' && d[i] <= '7'; i++)
        stored = stored * 8 + (unsigned long)(d[i] - '0');
    return sum == stored;
}

static uint64_t tar_probe(const unsigned char *d, size_t n) { return is_tar(d, n); }

static uint64_t gzip_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "\x1f\x8b\x08", 3);
}

static uint64_t xz_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "\xfd" "7zXZ\0", 6);
}

static uint64_t bzip2_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "BZh", 3) && n >= 10 && d[3] >= '1' && d[3] <= '9' &&
           has(d, n, 4, "1AY&SY", 6);
}

static uint64_t zstd_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "\x28\xb5\x2f\xfd", 4);
}

static uint64_t cpio_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "070701", 6) || has(d, n, 0, "070702", 6) || has(d, n, 0, "070707", 6);
}

static uint64_t zip_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "PK\x03\x04", 4) || has(d, n, 0, "PK\x05\x06", 4);
}

static uint64_t sevenzip_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "7z\xbc\xaf\x27\x1c", 6);
}

static uint64_t ar_probe(const unsigned char *d, size_t n)
{
    return has(d, n, 0, "!<arch>\n", 8);
}

/* Where the stream that starts the input ends (streams.c decodes it). */
static size_t gzip_end(const fw_loader *ld, const unsigned char *d, size_t n)
{
    return fw_stream_end(ld, "gzip", d, n);
}

static size_t xz_end(const fw_loader *ld, const unsigned char *d, size_t n)
{
    return fw_stream_end(ld, "xz", d, n);
}

/* A "newc" cpio is first walked header by header (cpio.c): only the part
 * that parses goes to libarchive, and a header that does not parse is
 * reported with its offset. Other cpio formats go to libarchive whole. */
static int cpio_load(fw_loader *ld, fw_ns *ns, const char *where, const unsigned char *data,
                     size_t n, int stable, fw_error *err)
{
    int complete = 0;
    uint64_t ext = fw_cpio_extent(data, n, &complete);
    if (ext == 0)
        return fw_error_set(err, FW_EFORMAT, "cpio header at offset 0 does not parse "
                            "(a name size over 4096 or a non-hex field)");
    if (!complete && ext < n) {
        fw_report_add_error(ld->report, where, ext, 1, "cpio header at offset %llu does "
                            "not parse (a name size over 4096 or a non-hex field): the "
                            "archive is not read further", (unsigned long long)ext);
        /* Give libarchive the entries that parse, closed by a trailer, so
         * it does not report the same cut a second time. */
        char trailer[128];   /* newc header (110) + "TRAILER!!!\0", padded to 4 */
        memset(trailer, 0, sizeof trailer);
        snprintf(trailer, sizeof trailer,
                 "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08xTRAILER!!!",
                 0u, 0u, 0u, 0u, 1u, 0u, 0u, 0u, 0u, 0u, 0u, 11u, 0u);
        size_t tl = 124;
        unsigned char *copy = fw_xmalloc((size_t)ext + tl);
        memcpy(copy, data, (size_t)ext);
        memcpy(copy + ext, trailer, tl);
        int rc = fw_load_archive(ld, ns, where, copy, (size_t)ext + tl, 0, err);
        free(copy);
        return rc;
    }
    return fw_load_archive(ld, ns, where, data, (size_t)ext, stable, err);
}

/* Table order (format_list.h) is the order the signatures were tried in
 * before the table: the streams, then the archives, tar last (its
 * signature is not at offset 0). */
const fw_format fw_fmt_archive_gzip = {
    .name = "gzip",
    .flags = FW_FORMAT_ARCHIVE | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "\x1f"),
    .probe = gzip_probe,
    .load = fw_load_archive,
    .end = gzip_end,
};
const fw_format fw_fmt_archive_xz = {
    .name = "xz",
    .flags = FW_FORMAT_ARCHIVE | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "\xfd"),
    .probe = xz_probe,
    .load = fw_load_archive,
    .end = xz_end,
};
/* bzip2 and zstd: bytes after the stream are not looked at (no `end`). */
const fw_format fw_fmt_archive_bzip2 = {
    .name = "bzip2",
    .flags = FW_FORMAT_ARCHIVE | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "B"),
    .probe = bzip2_probe,
    .load = fw_load_archive,
};
const fw_format fw_fmt_archive_zstd = {
    .name = "zstd",
    .flags = FW_FORMAT_ARCHIVE | FW_FORMAT_STREAM,
    .key = FW_FORMAT_KEY(0, "\x28"),
    .probe = zstd_probe,
    .load = fw_load_archive,
};
const fw_format fw_fmt_archive_cpio = {
    .name = "cpio",
    .flags = FW_FORMAT_ARCHIVE,
    .key = FW_FORMAT_KEY(0, "0"),
    .probe = cpio_probe,
    .load = cpio_load,
};
const fw_format fw_fmt_archive_zip = {
    .name = "zip",
    .flags = FW_FORMAT_ARCHIVE,
    .key = FW_FORMAT_KEY(0, "P"),
    .probe = zip_probe,
    .load = fw_load_archive,
};
const fw_format fw_fmt_archive_7z = {
    .name = "7z",
    .flags = FW_FORMAT_ARCHIVE,
    .key = FW_FORMAT_KEY(0, "7"),
    .probe = sevenzip_probe,
    .load = fw_load_archive,
};
const fw_format fw_fmt_archive_ar = {
    .name = "ar",
    .flags = FW_FORMAT_ARCHIVE,
    .key = FW_FORMAT_KEY(0, "!"),
    .probe = ar_probe,
    .load = fw_load_archive,
};
const fw_format fw_fmt_archive_tar = {
    .name = "tar",
    .flags = FW_FORMAT_ARCHIVE,
    .key = FW_FORMAT_KEY(257, "u"),   /* "ustar" */
    .probe = tar_probe,
    .load = fw_load_archive,
};
