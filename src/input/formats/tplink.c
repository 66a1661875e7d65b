/* tplink.c: the TP-Link firmware header (version 1, 512 bytes, big-endian;
 * layout as OpenWrt's mktplinkfw writes it): vendor and firmware version,
 * hardware id and revision, kernel load/entry address, firmware length, and
 * the kernel and rootfs offsets/lengths relative to the header. The version
 * word is seen in both byte orders (WR740N v4 stores 01 00 00 00). The MD5
 * fields use a vendor salt and are not verified (said so in the layout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/xalloc.h"
#include "input/image.h"

#define TPL_HDR 512

static uint64_t tpl_probe(const unsigned char *d, size_t n)
{
    if (n < TPL_HDR || (fw_be32(d) != 1 && fw_le32(d) != 1) ||
        memcmp(d + 4, "TP-LINK Technologies", 20) != 0)
        return 0;
    uint32_t fwlen = fw_be32(d + 124);
    return fwlen >= TPL_HDR ? fwlen : 0;
}

static uint64_t tpl_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                         const char *via)
{
    uint32_t fwlen = fw_be32(d + 124);
    uint32_t kofs = fw_be32(d + 128), klen = fw_be32(d + 132);
    uint32_t rofs = fw_be32(d + 136), rlen = fw_be32(d + 140);
    char ver[37];
    memcpy(ver, d + 28, 36);
    ver[36] = '\0';
    int truncated = fwlen > n;
    if (truncated)
        fw_carve_error(cx, off, 1, "TP-Link header says %u bytes but only %zu remain: "
                       "image truncated or length wrong", fwlen, n);
    char *detail = fw_xasprintf("\"%s\", hardware 0x%08x rev %u, kernel at +0x%x (%u bytes, "
                             "load 0x%08x), rootfs at +0x%x (%u bytes), MD5 not verified",
                             ver, fw_be32(d + 64), fw_be32(d + 68), kofs, klen,
                             fw_be32(d + 116), rofs, rlen);
    fw_layout_row(cx, off, fwlen, via, "tplink", detail, truncated ? "truncated" : "header parsed");
    free(detail);
    size_t body = truncated ? n : fwlen;
    char *v = *via ? fw_xasprintf("%s > tplink", via) : fw_xstrdup("tplink");
    fw_carve_range(cx, d + TPL_HDR, body - TPL_HDR, off + TPL_HDR, v);
    free(v);
    return body;
}

const fw_format fw_fmt_tplink = {
    .name = "tplink",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "\x00\x01"),   /* version word 1, either byte order */
    .probe = tpl_probe,
    .open = tpl_open,
};
