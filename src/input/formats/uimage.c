/* uimage.c: legacy U-Boot images ("uImage"): a 64-byte big-endian header
 * (magic 0x27051956, header CRC, data size and CRC, OS, architecture, image
 * type, compression, load and entry address, 32-byte name) and the payload.
 * Both CRCs are verified; a wrong header CRC means no field can be trusted,
 * so only the 64 header bytes are claimed and carving goes on after them.
 * The payload is carved like any range (an lzma/gzip kernel, a squashfs);
 * multi-file images (type "multi") list their parts first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "core/xalloc.h"
#include "input/image.h"

#define UIMAGE_HDR 64

static const char *type_name(unsigned t)
{
    static const char *const names[] = {
        "invalid", "standalone", "kernel", "ramdisk", "multi", "firmware", "script",
        "filesystem", "flat_dt", "kwbimage", "imximage", "ublimage", "omapimage", "aisimage",
        "kernel_noload",
    };
    return t < sizeof names / sizeof names[0] ? names[t] : "other";
}

static const char *comp_name(unsigned c)
{
    static const char *const names[] = { "none", "gzip", "bzip2", "lzma", "lzo", "lz4", "zstd" };
    return c < sizeof names / sizeof names[0] ? names[c] : "unknown";
}

static const char *os_name(unsigned o)
{
    switch (o) {
    case 5: return "linux";
    case 17: return "u-boot";
    case 0: return "invalid";
    default: return "other";
    }
}

static const char *arch_name(unsigned a)
{
    switch (a) {
    case 2: return "arm";
    case 3: return "x86";
    case 5: return "mips";
    case 6: return "mips64";
    case 7: return "powerpc";
    case 22: return "arm64";
    default: return "other";
    }
}

static uint64_t uimage_probe(const unsigned char *d, size_t n)
{
    if (n < UIMAGE_HDR || fw_be32(d) != 0x27051956u)
        return 0;
    if (d[28] > 30 || d[29] > 30 || d[30] == 0 || d[30] > 30 || d[31] > 6)
        return 0;
    return UIMAGE_HDR + (uint64_t)fw_be32(d + 12);
}

static uint64_t uimage_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                            const char *via)
{
    unsigned char hdr[UIMAGE_HDR];
    memcpy(hdr, d, UIMAGE_HDR);
    uint32_t hcrc = fw_be32(hdr + 4);
    memset(hdr + 4, 0, 4);
    uint32_t calc = (uint32_t)crc32(0, hdr, UIMAGE_HDR);
    uint32_t size = fw_be32(d + 12), dcrc = fw_be32(d + 24);
    char name[33];
    memcpy(name, d + 32, 32);
    name[32] = '\0';
    unsigned type = d[30], comp = d[31];
    if (hcrc != calc) {
        fw_layout_row(cx, off, UIMAGE_HDR, via, "uImage",
                      "header CRC mismatch: no field can be trusted", "damaged");
        fw_carve_error(cx, off, 1, "uImage header CRC mismatch (stored 0x%08x, computed 0x%08x):"
                       " header ignored, the bytes after it are carved as raw data",
                       hcrc, calc);
        return UIMAGE_HDR;
    }
    size_t avail = n - UIMAGE_HDR;
    int truncated = size > avail;
    const char *dstate = "data CRC not checked (truncated)";
    if (truncated) {
        fw_carve_error(cx, off, 1, "uImage size field says %u bytes but only %zu remain: "
                       "image truncated or size field wrong", size, avail);
    } else if ((uint32_t)crc32(0, d + UIMAGE_HDR, size) != dcrc) {
        dstate = "data CRC MISMATCH";
        fw_carve_error(cx, off, 1, "uImage data CRC mismatch (stored 0x%08x): payload damaged",
                       dcrc);
    } else {
        dstate = "data CRC ok";
    }
    char *detail = fw_xasprintf("\"%s\", %s, %s/%s, compression %s, load 0x%08x, entry 0x%08x, "
                             "header CRC ok, %s", name, type_name(type), os_name(d[28]),
                             arch_name(d[29]), comp_name(comp), fw_be32(d + 16),
                             fw_be32(d + 20), dstate);
    fw_layout_row(cx, off, UIMAGE_HDR + (uint64_t)size, via, "uImage", detail,
                  truncated ? "truncated" : "header parsed");
    free(detail);
    size_t len = truncated ? avail : size;
    const unsigned char *p = d + UIMAGE_HDR;
    char *v = *via ? fw_xasprintf("%s > uImage", via) : fw_xstrdup("uImage");
    size_t found;
    if (type == 4) {
        /* multi: big-endian sizes ending with 0, then the parts, 4-byte aligned */
        size_t nparts = 0, hdrlen = 0;
        while (hdrlen + 4 <= len && fw_be32(p + hdrlen) != 0 && nparts < 64) {
            hdrlen += 4;
            nparts++;
        }
        hdrlen += 4;
        size_t pos = hdrlen;
        found = 0;
        for (size_t i = 0; i < nparts && pos < len; i++) {
            size_t psz = fw_be32(p + 4 * i);
            if (psz > len - pos)
                psz = len - pos;
            found += fw_carve_range(cx, p + pos, psz, off + UIMAGE_HDR + pos, v);
            pos += (psz + 3) & ~(size_t)3;
        }
    } else {
        found = fw_carve_range(cx, p, len, off + UIMAGE_HDR, v);
    }
    if (!found && comp != 0)
        fw_carve_error(cx, off + UIMAGE_HDR, 0, "uImage payload (%s) not decompressed: "
                       "fwaudit decodes gzip, xz and lzma only", comp_name(comp));
    free(v);
    return UIMAGE_HDR + (uint64_t)len;
}

const fw_format fw_fmt_uimage = {
    .name = "uImage",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0, "\x27"),   /* magic 0x27051956 */
    .probe = uimage_probe,
    .open = uimage_open,
};
