/* arcadyan.c: Arcadyan's obfuscated firmware (seen on Arcadyan-built
 * routers, e.g. the WRT120N): an LZMA kernel stream 4 bytes into the image,
 * whose first bytes were hidden by swapping two 32-byte blocks (at 4 and
 * 0x68) and then swapping the bytes of each pair and the nibbles of each
 * byte in the block moved to 4. Recognised by the obfuscated LZMA header
 * at 0x68 (00 d5 08 00: props 0x5d, 8 MiB dictionary), undone in a copy,
 * and the stream is read like any lzma stream (streams.c). */
#include <stdlib.h>
#include <string.h>
#include "core/xalloc.h"
#include "input/image.h"

#define ARC_BLOCK 32
#define ARC_B1 4
#define ARC_B2 0x68
#define ARC_MIN (ARC_B2 + ARC_BLOCK + 13)

static unsigned char rot4(unsigned char b) { return (unsigned char)(b << 4 | b >> 4); }

/* Undo the obfuscation of d[0..ARC_B2+ARC_BLOCK) into out (same length). */
static void deobfuscate(const unsigned char *d, unsigned char *out)
{
    memcpy(out, d, ARC_B1);
    memcpy(out + ARC_B1, d + ARC_B2, ARC_BLOCK);
    memcpy(out + ARC_B1 + ARC_BLOCK, d + ARC_B1 + ARC_BLOCK, ARC_B2 - ARC_B1 - ARC_BLOCK);
    memcpy(out + ARC_B2, d + ARC_B1, ARC_BLOCK);
    for (size_t i = ARC_B1; i < ARC_B1 + ARC_BLOCK; i += 2) {
        unsigned char a = out[i];
        out[i] = rot4(out[i + 1]);
        out[i + 1] = rot4(a);
    }
}

static uint64_t arc_probe(const unsigned char *d, size_t n)
{
    if (n < ARC_MIN || memcmp(d + ARC_B2, "\x00\xd5\x08\x00", 4) != 0)
        return 0;
    unsigned char head[ARC_B2 + ARC_BLOCK];
    deobfuscate(d, head);
    /* the LZMA header must be valid once the bytes are back in place */
    unsigned char lz[32];
    memcpy(lz, head + ARC_B1, 32);
    return fw_fmt_lzma.probe(lz, n - ARC_B1) ? n : 0;
}

static uint64_t arc_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                         const char *via)
{
    unsigned char *copy = fw_xmalloc(n);
    deobfuscate(d, copy);
    memcpy(copy + ARC_B2 + ARC_BLOCK, d + ARC_B2 + ARC_BLOCK, n - ARC_B2 - ARC_BLOCK);
    char *v = *via ? fw_xasprintf("%s > arcadyan", via) : fw_xstrdup("arcadyan");
    /* The stream's row comes first: its length is known only once decoded. */
    uint64_t used = fw_fmt_lzma.open(cx, copy + ARC_B1, n - ARC_B1, off + ARC_B1, v);
    fw_layout_row(cx, off, used ? ARC_B1 + used : ARC_B2 + ARC_BLOCK, via, "arcadyan",
                  "obfuscated LZMA image (blocks at 0x4 and 0x68 swapped, nibbles and byte "
                  "pairs swapped): undone in memory", used ? "header parsed" : "damaged");
    if (!used)
        fw_carve_error(cx, off + ARC_B1, 1, "Arcadyan image: the LZMA stream does not decode "
                       "after de-obfuscation");
    free(v);
    free(copy);
    return used ? ARC_B1 + used : ARC_B2 + ARC_BLOCK;
}

const fw_format fw_fmt_arcadyan = {
    .name = "arcadyan",
    .flags = FW_FORMAT_CARVED | FW_FORMAT_NESTED,
    .key = FW_FORMAT_KEY(0x69, "\xd5"),   /* the obfuscated LZMA header 00 d5 08 00 at 0x68 */
    .probe = arc_probe,
    .open = arc_open,
};
