/* elfhdr.c: the ELF file header and program headers (see elfhdr.h). */
#include <string.h>
#include "core/elfhdr.h"

int fw_elfhdr_magic(const unsigned char *d, size_t n)
{
    return n >= 4 && d[0] == 0x7f && d[1] == 'E' && d[2] == 'L' && d[3] == 'F';
}

int fw_elfhdr_read(const unsigned char *d, size_t n, fw_elfhdr *h, fw_error *err)
{
    memset(h, 0, sizeof *h);
    if (!fw_elfhdr_magic(d, n))
        return fw_error_set(err, FW_ENOTFOUND, "no ELF magic");
    if (n < 16)
        return fw_error_set(err, FW_EFORMAT, "ELF identification is truncated");
    if (d[4] != 1 && d[4] != 2)
        return fw_error_set(err, FW_EFORMAT, "unknown ELF class");
    if (d[5] != 1 && d[5] != 2)
        return fw_error_set(err, FW_EFORMAT, "unknown ELF byte order");
    h->is64 = d[4] == 2;
    h->be = d[5] == 2;
    h->version = d[6];
    if (n < (h->is64 ? 64u : 52u))
        return fw_error_set(err, FW_EFORMAT, "ELF header is truncated");
    int be = h->be;
    h->type = fw_elf_u16(be, d + 16);
    h->machine = fw_elf_u16(be, d + 18);
    if (h->is64) {
        h->entry = fw_elf_u64(be, d + 24);
        h->phoff = fw_elf_u64(be, d + 32);
        h->shoff = fw_elf_u64(be, d + 40);
        h->flags = fw_elf_u32(be, d + 48);
        h->phentsize = fw_elf_u16(be, d + 54);
        h->phnum = fw_elf_u16(be, d + 56);
        h->shentsize = fw_elf_u16(be, d + 58);
        h->shnum = fw_elf_u16(be, d + 60);
    } else {
        h->entry = fw_elf_u32(be, d + 24);
        h->phoff = fw_elf_u32(be, d + 28);
        h->shoff = fw_elf_u32(be, d + 32);
        h->flags = fw_elf_u32(be, d + 36);
        h->phentsize = fw_elf_u16(be, d + 42);
        h->phnum = fw_elf_u16(be, d + 44);
        h->shentsize = fw_elf_u16(be, d + 46);
        h->shnum = fw_elf_u16(be, d + 48);
    }
    return FW_OK;
}

size_t fw_elfhdr_phdr_size(const fw_elfhdr *h)
{
    return h->is64 ? 56 : 32;
}

int fw_elfhdr_phdrs_fit(const fw_elfhdr *h, size_t n, uint64_t phnum)
{
    return h->phoff <= n && phnum * h->phentsize <= n - h->phoff;
}

void fw_elfhdr_phdr(const fw_elfhdr *h, const unsigned char *d, uint64_t i, fw_elfphdr *p)
{
    const unsigned char *q = d + h->phoff + i * h->phentsize;
    int be = h->be;
    p->type = fw_elf_u32(be, q);
    if (h->is64) {
        p->flags = fw_elf_u32(be, q + 4);
        p->offset = fw_elf_u64(be, q + 8);
        p->vaddr = fw_elf_u64(be, q + 16);
        p->filesz = fw_elf_u64(be, q + 32);
    } else {
        p->offset = fw_elf_u32(be, q + 4);
        p->vaddr = fw_elf_u32(be, q + 8);
        p->filesz = fw_elf_u32(be, q + 16);
        p->flags = fw_elf_u32(be, q + 24);
    }
}
