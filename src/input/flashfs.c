/* flashfs.c: flash file systems fwaudit recognises and sizes but does not
 * read yet: UBI and UBIFS. It is recorded in the layout
 * with its extent and reported as not read (the scan is then incomplete),
 * so nothing is skipped silently. (JFFS2 is read: jffs2.c.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/xalloc.h"
#include "input/image.h"

/* UBI's CRC: the kernel's crc32(0xffffffff, ...), no final inversion. */
static int ubi_ec(const unsigned char *d, size_t n)
{
    return n >= 64 && memcmp(d, "UBI#", 4) == 0 && d[4] == 1 &&
           ~(uint32_t)crc32(0, d, 60) == fw_be32(d + 60);
}

static uint64_t ubi_probe(const unsigned char *d, size_t n)
{
    if (!ubi_ec(d, n))
        return 0;
    /* stride: the next EC header at a power-of-two distance */
    size_t peb = 0;
    for (size_t s = 4096; s <= (4u << 20) && s + 4 <= n; s <<= 1)
        if (memcmp(d + s, "UBI#", 4) == 0) {
            peb = s;
            break;
        }
    if (!peb)
        return n < 4096 ? n : 4096;
    size_t pos = 0;
    while (pos + 4 <= n && memcmp(d + pos, "UBI#", 4) == 0)
        pos += peb;
    return pos > n ? n : pos;
}

static uint64_t ubi_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                         const char *via)
{
    uint64_t size = ubi_probe(d, n);
    fw_layout_row(cx, off, size, via, "ubi", "UBI erase blocks; no UBI/UBIFS reader yet",
                  "not supported");
    fw_carve_error(cx, off, 1, "UBI image (%llu bytes) not read: fwaudit has no UBI/UBIFS "
                   "reader yet", (unsigned long long)size);
    return size;
}

const fw_image_format fw_fmt_ubi = { "ubi", ubi_probe, ubi_open };

/* --- bare UBIFS (what mkfs.ubifs writes, before ubinize): the first node
 * is the superblock node (magic 0x06101831, type 6, CRC over the node after
 * its first 8 bytes); extent = LEB size x LEB count. --- */
static uint64_t ubifs_probe(const unsigned char *d, size_t n)
{
    if (n < 64 || fw_le32(d) != 0x06101831u || d[20] != 6)
        return 0;
    uint32_t len = fw_le32(d + 16);
    if (len < 64 || len > 4096 || len > n || ~(uint32_t)crc32(0, d + 8, len - 8) != fw_le32(d + 4))
        return 0;
    uint64_t size = (uint64_t)fw_le32(d + 36) * fw_le32(d + 40);
    return size ? size : len;
}

static uint64_t ubifs_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                           const char *via)
{
    uint64_t size = ubifs_probe(d, n);
    char *detail = xasprintf("LEB size %u, %u LEBs; no UBIFS reader yet", fw_le32(d + 36),
                             fw_le32(d + 40));
    fw_layout_row(cx, off, size, via, "ubifs", detail, "not supported");
    free(detail);
    fw_carve_error(cx, off, 1, "UBIFS file system (%llu bytes) not read: fwaudit has no UBIFS "
                   "reader yet", (unsigned long long)size);
    return size > n ? n : size;
}

const fw_image_format fw_fmt_ubifs = { "ubifs", ubifs_probe, ubifs_open };
