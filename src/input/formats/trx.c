/* trx.c: Broadcom TRX containers ("HDR0", little-endian): total length,
 * CRC32 over everything after the CRC field, flags/version, and the offsets
 * of up to three partitions (loader, kernel, rootfs). The CRC is verified
 * (TRX stores it without zlib's final inversion); the body is carved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/xalloc.h"
#include "input/image.h"

#define TRX_HDR 28

static uint64_t trx_probe(const unsigned char *d, size_t n)
{
    if (n < TRX_HDR || memcmp(d, "HDR0", 4) != 0)
        return 0;
    uint32_t len = fw_le32(d + 4);
    unsigned version = fw_le16(d + 14);
    if (len < TRX_HDR || version < 1 || version > 2)
        return 0;
    for (int i = 0; i < 3; i++)
        if (fw_le32(d + 16 + 4 * i) >= len)
            return 0;
    return len;
}

static uint64_t trx_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                         const char *via)
{
    uint32_t len = fw_le32(d + 4), stored = fw_le32(d + 8);
    int truncated = len > n;
    size_t body = truncated ? n : len;
    const char *crc = "CRC not checked (truncated)";
    if (truncated) {
        fw_carve_error(cx, off, 1, "TRX length field says %u bytes but only %zu remain: "
                       "image truncated or length wrong", len, n);
    } else {
        uint32_t z = (uint32_t)crc32(0, d + 12, len - 12);
        crc = (~z == stored || z == stored) ? "CRC ok" : "CRC MISMATCH";
        if (strcmp(crc, "CRC ok") != 0)
            fw_carve_error(cx, off, 1, "TRX CRC mismatch (stored 0x%08x, computed 0x%08x): "
                           "content damaged", stored, ~z);
    }
    char *detail = fw_xasprintf("version %u, partitions at 0x%x 0x%x 0x%x, %s", fw_le16(d + 14),
                             fw_le32(d + 16), fw_le32(d + 20), fw_le32(d + 24), crc);
    fw_layout_row(cx, off, len, via, "trx", detail, truncated ? "truncated" : "header parsed");
    free(detail);
    char *v = *via ? fw_xasprintf("%s > trx", via) : fw_xstrdup("trx");
    fw_carve_range(cx, d + TRX_HDR, body - TRX_HDR, off + TRX_HDR, v);
    free(v);
    return body;
}

const fw_format fw_fmt_trx = {
    .name = "trx",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "H"),   /* "HDR0" */
    .probe = trx_probe,
    .open = trx_open,
};
