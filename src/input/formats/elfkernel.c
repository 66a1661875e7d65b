/* elfkernel.c: a Linux kernel stored as an ELF executable (vmlinux) at any
 * offset of a firmware blob. It is not unpacked (there is nothing inside
 * to unpack): it is recognised, sized from its program and section headers,
 * listed in the layout with its machine and version banner, and kept as
 * one file, /kernel, in a namespace of its own, so the bytes are neither
 * carved for false magics (a kernel holds the magic numbers of every
 * decompressor and file system it supports) nor lost.
 *
 * Only ELF executables that carry a "Linux version " banner are claimed;
 * other ELF files inside a blob stay in the unrecognised bytes, which are
 * checked as they are. Bounds: the header tables must lie inside the blob
 * (or its declared extent, for a truncated image), at most
 * FW_MAX_ELF_PHDRS program headers are read, the banner is looked for in
 * the bytes present. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

typedef struct elfhdr {
    int is64, be;
    uint16_t type, machine;
    uint64_t phoff, shoff;
    uint16_t phentsize, phnum, shentsize, shnum;
} elfhdr;

static uint16_t u16(const elfhdr *h, const unsigned char *p) { return h->be ? fw_be16(p) : fw_le16(p); }
static uint32_t u32(const elfhdr *h, const unsigned char *p) { return h->be ? fw_be32(p) : fw_le32(p); }
static uint64_t u64(const elfhdr *h, const unsigned char *p)
{
    return h->be ? (uint64_t)fw_be32(p) << 32 | fw_be32(p + 4)
                 : (uint64_t)fw_le32(p + 4) << 32 | fw_le32(p);
}

static int parse(const unsigned char *d, size_t n, elfhdr *h)
{
    if (n < 64 || memcmp(d, "\x7f" "ELF", 4) != 0 || (d[4] != 1 && d[4] != 2) ||
        (d[5] != 1 && d[5] != 2) || d[6] != 1)
        return 0;
    h->is64 = d[4] == 2;
    h->be = d[5] == 2;
    h->type = u16(h, d + 16);
    h->machine = u16(h, d + 18);
    if (h->is64) {
        h->phoff = u64(h, d + 32);
        h->shoff = u64(h, d + 40);
        h->phentsize = u16(h, d + 54);
        h->phnum = u16(h, d + 56);
        h->shentsize = u16(h, d + 58);
        h->shnum = u16(h, d + 60);
    } else {
        h->phoff = u32(h, d + 28);
        h->shoff = u32(h, d + 32);
        h->phentsize = u16(h, d + 42);
        h->phnum = u16(h, d + 44);
        h->shentsize = u16(h, d + 46);
        h->shnum = u16(h, d + 48);
    }
    size_t want_ph = h->is64 ? 56 : 32;
    return h->type == 2 && h->machine != 0 && h->phnum > 0 && h->phnum <= FW_MAX_ELF_PHDRS &&
           h->phentsize == want_ph;
}

/* The file's extent: the end of its last segment or of its section header
 * table, whichever is later; 0 if a table lies beyond what is present. */
static uint64_t extent(const unsigned char *d, size_t n, const elfhdr *h)
{
    uint64_t end = h->shoff && h->shnum ? h->shoff + (uint64_t)h->shnum * h->shentsize : 0;
    if (h->phoff > n || (uint64_t)h->phnum * h->phentsize > n - h->phoff)
        return 0;
    for (unsigned i = 0; i < h->phnum; i++) {
        const unsigned char *p = d + h->phoff + (uint64_t)i * h->phentsize;
        uint64_t off = h->is64 ? u64(h, p + 8) : u32(h, p + 4);
        uint64_t filesz = h->is64 ? u64(h, p + 32) : u32(h, p + 16);
        if (off > (1ULL << 40) || filesz > (1ULL << 40))
            return 0;
        if (off + filesz > end)
            end = off + filesz;
    }
    return end > (1ULL << 40) ? 0 : end;
}

/* A kernel at d: its declared size (0 if not one), header and banner. */
static uint64_t find_kernel(const unsigned char *d, size_t n, elfhdr *h,
                            const unsigned char **banner)
{
    if (!parse(d, n, h))
        return 0;
    uint64_t size = extent(d, n, h);
    if (size < 4096)
        return 0;
    size_t have = size < n ? (size_t)size : n;
    *banner = memmem(d, have, "Linux version ", 14);
    return *banner ? size : 0;
}

static uint64_t elfk_probe(const unsigned char *d, size_t n)
{
    elfhdr h;
    const unsigned char *banner;
    return find_kernel(d, n, &h, &banner);
}

static const char *machine_name(uint16_t m)
{
    switch (m) {
    case 3: return "x86";
    case 8: return "MIPS";
    case 20: return "PowerPC";
    case 40: return "ARM";
    case 62: return "x86-64";
    case 183: return "AArch64";
    case 243: return "RISC-V";
    default: return "other";
    }
}

static uint64_t elfk_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                          const char *via)
{
    elfhdr h;
    const unsigned char *b;
    uint64_t size = find_kernel(d, n, &h, &b);
    if (!size)
        return 0;
    size_t have = size < n ? (size_t)size : n;
    size_t blen = 0;
    while (b + blen < d + have && blen < 80 && b[blen] >= 0x20 && b[blen] < 0x7f)
        blen++;
    char *detail = fw_xasprintf("Linux kernel, ELF %d-bit %s, %s (machine %u): %.*s",
                             h.is64 ? 64 : 32, h.be ? "big-endian" : "little-endian",
                             machine_name(h.machine), h.machine, (int)blen, (const char *)b);
    int truncated = size > n;
    fw_layout_row(cx, off, size, via, "elf", detail,
                  truncated ? "kept in part as /kernel" : "kept as /kernel");
    free(detail);
    if (truncated)
        fw_carve_error(cx, off, 0, "ELF kernel declares %llu bytes but only %zu remain: "
                       "image truncated", (unsigned long long)size, n);
    fw_ns *ns = fw_carve_ns(cx, off, via, "elf");
    if (ns) {
        char *chain = fw_carve_chain(cx, off, via, "elf");
        fw_carve_add_file(cx->ld, ns, "/kernel", chain, d, have);
        free(chain);
    }
    return have;
}

const fw_format fw_fmt_elfkernel = {
    .name = "elf",
    .flags = FW_FORMAT_CARVED,
    .key = FW_FORMAT_KEY(0, "\x7f"),   /* "\x7fELF" */
    .probe = elfk_probe,
    .open = elfk_open,
};
