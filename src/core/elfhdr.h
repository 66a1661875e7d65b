/* elfhdr.h: the ELF file header and program headers, read with bounds
 * checks against the buffer they are in.
 *
 * Two readers need the same first bytes of an ELF file: the binaries
 * analyzer's ELF reader (checks/binaries/elf.c), which goes on to the
 * dynamic section and the symbols, and the carver's Linux kernel recogniser
 * (input/formats/elfkernel.c), which sizes a vmlinux from its program
 * headers. Both read ELF32 and ELF64 in either byte order, of any machine,
 * from bytes an attacker chose: every value below is what the file says,
 * checked only where a comment says so.
 *
 * Ownership: nothing is allocated; a fw_elfhdr and a fw_elfphdr are plain
 * values the caller holds, and nothing in them points into the bytes. */
#ifndef FW_CORE_ELFHDR_H
#define FW_CORE_ELFHDR_H

#include <stddef.h>
#include <stdint.h>
#include "core/error.h"

/* e_type */
#define FW_ELF_ET_REL  1
#define FW_ELF_ET_EXEC 2
#define FW_ELF_ET_DYN  3

/* The file header (Elf32_Ehdr / Elf64_Ehdr), widened. */
typedef struct fw_elfhdr {
    int is64;               /* ELFCLASS64, else ELFCLASS32 */
    int be;                 /* ELFDATA2MSB, else ELFDATA2LSB */
    uint8_t version;        /* e_ident[EI_VERSION] (not checked) */
    uint16_t type;          /* e_type: FW_ELF_ET_* */
    uint16_t machine;       /* e_machine */
    uint32_t flags;         /* e_flags */
    uint64_t entry;         /* e_entry */
    uint64_t phoff, shoff;  /* e_phoff, e_shoff: not checked against the buffer */
    uint16_t phentsize, phnum, shentsize, shnum;
} fw_elfhdr;

/* One program header (Elf32_Phdr / Elf64_Phdr), the fields the readers use. */
typedef struct fw_elfphdr {
    uint32_t type, flags;   /* p_type, p_flags */
    uint64_t offset, vaddr, filesz;
} fw_elfphdr;

/* Integers in the file's byte order (be: big-endian). */
static inline uint16_t fw_elf_u16(int be, const unsigned char *p)
{
    return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static inline uint32_t fw_elf_u32(int be, const unsigned char *p)
{
    if (be)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static inline uint64_t fw_elf_u64(int be, const unsigned char *p)
{
    uint64_t a = fw_elf_u32(be, p), b = fw_elf_u32(be, p + 4);
    return be ? (a << 32 | b) : (b << 32 | a);
}

/* Does d start with the ELF magic (\x7f E L F)? */
int fw_elfhdr_magic(const unsigned char *d, size_t n);

/* Read the file header at d (n bytes present). Returns FW_OK with h filled;
 * FW_ENOTFOUND without the ELF magic; FW_EFORMAT with the reason in err
 * ("ELF identification is truncated", "unknown ELF class", "unknown ELF
 * byte order", "ELF header is truncated"). err may be NULL. Checks the identification and that
 * the whole header is present, nothing else. */
int fw_elfhdr_read(const unsigned char *d, size_t n, fw_elfhdr *h, fw_error *err);

/* The size of a program header of h's class: 56 (ELF64) or 32 (ELF32). */
size_t fw_elfhdr_phdr_size(const fw_elfhdr *h);

/* Do the first phnum program headers, [phoff, phoff + phnum * phentsize),
 * lie inside the n bytes present? (No overflow: both factors are 16-bit.) */
int fw_elfhdr_phdrs_fit(const fw_elfhdr *h, size_t n, uint64_t phnum);

/* Program header i of the file at d. The caller has checked that it is
 * inside the buffer (fw_elfhdr_phdrs_fit) and that h->phentsize is at least
 * fw_elfhdr_phdr_size(h). */
void fw_elfhdr_phdr(const fw_elfhdr *h, const unsigned char *d, uint64_t i, fw_elfphdr *p);

#endif
