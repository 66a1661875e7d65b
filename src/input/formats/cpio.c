/* cpio.c: cpio "newc" archives (initramfs) at any offset. The headers are
 * walked to the TRAILER!!! entry to learn the archive's size (each header
 * is at least 110 bytes, so the walk is bounded by the blob); the entries
 * are then read by libarchive from memory (archive.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/xalloc.h"
#include "input/image.h"

#define NEWC_HDR 110

/* 8 hex digits, or -1. */
static long long hex8(const unsigned char *p)
{
    long long v = 0;
    for (int i = 0; i < 8; i++) {
        int c = p[i], x;
        if (c >= '0' && c <= '9') x = c - '0';
        else if (c >= 'a' && c <= 'f') x = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') x = c - 'A' + 10;
        else return -1;
        v = v * 16 + x;
    }
    return v;
}

static int newc_magic(const unsigned char *d, size_t n)
{
    return n >= NEWC_HDR && (memcmp(d, "070701", 6) == 0 || memcmp(d, "070702", 6) == 0);
}

/* Size of the archive up to and including the trailer (padded to 4), or 0
 * if a header does not parse. *complete: the trailer was seen. */
static uint64_t newc_size(const unsigned char *d, size_t n, int *complete)
{
    size_t pos = 0;
    *complete = 0;
    while (newc_magic(d + pos, n - pos)) {
        long long fsize = hex8(d + pos + 54), nsize = hex8(d + pos + 94);
        /* a header that does not parse ends the archive here (the entries
         * before it are kept; 0 when it is the first one) */
        for (int f = 0; f < 13; f++)
            if (hex8(d + pos + 6 + 8 * f) < 0)
                return pos;
        if (nsize <= 0 || nsize > 4096)
            return pos;
        size_t name_end = (pos + NEWC_HDR + (size_t)nsize + 3) & ~(size_t)3;
        if (name_end > n)
            return pos ? pos : 0;
        int trailer = nsize == 11 && memcmp(d + pos + NEWC_HDR, "TRAILER!!!", 10) == 0;
        uint64_t next = ((uint64_t)name_end + (uint64_t)fsize + 3) & ~(uint64_t)3;
        if (next > n)
            return n;   /* truncated in the data: libarchive reports the entry */
        pos = (size_t)next;
        if (trailer) {
            *complete = 1;
            return pos;
        }
    }
    return pos;
}

uint64_t fw_cpio_extent(const unsigned char *d, size_t n, int *complete)
{
    *complete = 0;
    return newc_magic(d, n) ? newc_size(d, n, complete) : n;
}

static uint64_t cpio_probe(const unsigned char *d, size_t n)
{
    int complete;
    return newc_magic(d, n) ? newc_size(d, n, &complete) : 0;
}

static uint64_t cpio_open(fw_carve *cx, const unsigned char *d, size_t n, uint64_t off,
                          const char *via)
{
    int complete;
    uint64_t size = newc_size(d, n, &complete);
    if (!size)
        return 0;
    fw_ns *ns = fw_carve_ns(cx, off, via, "cpio");
    const char *status = "unpacked";
    if (ns) {
        char *chain = fw_carve_chain(cx, off, via, "cpio");
        fw_error err = {0};
        if (fw_load_archive(cx->ld, ns, chain, d, (size_t)size, cx->stable, &err) != FW_OK) {
            status = "damaged";
            fw_carve_error(cx, off, 1, "cpio archive unreadable: %s", err.msg);
        }
        free(chain);
    }
    if (!complete) {
        status = "unpacked in part";
        fw_carve_error(cx, off, 1, "cpio archive ends without its trailer: truncated");
    }
    char *detail = fw_xasprintf("newc, %zu entries", ns ? ns->count : (size_t)0);
    fw_layout_row(cx, off, size, via, "cpio", detail, status);
    free(detail);
    return size;
}

const fw_format fw_fmt_cpio = {
    .name = "cpio",
    .flags = FW_FORMAT_CARVED,
    .key = FW_FORMAT_KEY(0, "0"),   /* "070701" / "070702" */
    .probe = cpio_probe,
    .open = cpio_open,
};
