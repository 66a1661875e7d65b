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
#include "core/elfhdr.h"
#include "core/limits.h"
#include "core/xalloc.h"
#include "input/image.h"

/* An ELF executable with a machine and program headers of the standard
 * size, no more of them than FW_MAX_ELF_PHDRS. */
static int parse(const unsigned char *d, size_t n, fw_elfhdr *h)
{
    if (n < 64 || fw_elfhdr_read(d, n, h, NULL) != FW_OK || h->version != 1)
        return 0;
    return h->type == FW_ELF_ET_EXEC && h->machine != 0 && h->phnum > 0 &&
           h->phnum <= FW_MAX_ELF_PHDRS && h->phentsize == fw_elfhdr_phdr_size(h);
}

/* The file's extent: the end of its last segment or of its section header
 * table, whichever is later; 0 if a table lies beyond what is present. */
static uint64_t extent(const unsigned char *d, size_t n, const fw_elfhdr *h)
{
    uint64_t end = h->shoff && h->shnum ? h->shoff + (uint64_t)h->shnum * h->shentsize : 0;
    if (!fw_elfhdr_phdrs_fit(h, n, h->phnum))
        return 0;
    for (unsigned i = 0; i < h->phnum; i++) {
        fw_elfphdr p;
        fw_elfhdr_phdr(h, d, i, &p);
        if (p.offset > (1ULL << 40) || p.filesz > (1ULL << 40))
            return 0;
        if (p.offset + p.filesz > end)
            end = p.offset + p.filesz;
    }
    return end > (1ULL << 40) ? 0 : end;
}

/* A kernel at d: its declared size (0 if not one), header and banner. */
static uint64_t find_kernel(const unsigned char *d, size_t n, fw_elfhdr *h,
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
    fw_elfhdr h;
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
    fw_elfhdr h;
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
