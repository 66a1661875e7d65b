/* elf.h: a bounded ELF reader for the facts the "binaries" analyzer judges.
 *
 * Reads ELF32 and ELF64, little- and big-endian, of any machine (ARM,
 * AArch64, MIPS, x86, PowerPC, RISC-V ...) straight from the bytes of an
 * image file: no objdump, no readelf, nothing executed. Every offset, size
 * and count read from the file is checked against the file size before use,
 * and every loop is capped by a named limit (FW_MAX_ELF_*, core/limits.h),
 * so a hostile header can only make the parse fail, never read out of bounds
 * or run long.
 *
 * What it extracts: the header (class, byte order, type, machine), the
 * program headers that carry hardening facts (PT_INTERP, PT_GNU_STACK,
 * PT_GNU_RELRO, PT_DYNAMIC), the dynamic section (DT_NEEDED, DT_SONAME,
 * DT_RPATH, DT_RUNPATH, BIND_NOW, DF_1_PIE), whether a .symtab is present,
 * and the symbols that show a stack canary (__stack_chk_*) or
 * FORTIFY_SOURCE (__*_chk). Symbols come from the section headers
 * (.dynsym/.symtab with their linked string tables) or, when a binary was
 * stripped of its section headers (sstrip), from DT_SYMTAB/DT_STRTAB with a
 * count from DT_HASH or DT_MIPS_SYMTABNO.
 *
 * Ownership: fw_elf_parse fills a caller-owned fw_elf; its strings are owned
 * by it and released by fw_elf_release. Nothing points into the input bytes.
 */
#ifndef FW_CHECKS_BINARIES_ELF_H
#define FW_CHECKS_BINARIES_ELF_H

#include <stddef.h>
#include <stdint.h>
#include "core/elfhdr.h"   /* the file header; FW_ELF_ET_* */
#include "core/error.h"

/* A fact that may be absent from the file: yes, no, or cannot tell. */
typedef enum fw_tri { FW_TRI_UNKNOWN = -1, FW_TRI_NO = 0, FW_TRI_YES = 1 } fw_tri;

typedef struct fw_elf {
    int bits;               /* 32 or 64 */
    int big_endian;
    uint16_t type;          /* e_type: FW_ELF_ET_* */
    uint16_t machine;       /* e_machine */
    uint32_t flags;         /* e_flags */

    char *interp;           /* PT_INTERP, or NULL */
    int has_dynamic;        /* a PT_DYNAMIC segment */
    fw_tri exec_stack;      /* PT_GNU_STACK has PF_X; UNKNOWN without PT_GNU_STACK */
    int has_relro;          /* PT_GNU_RELRO */
    int bind_now;           /* DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW */
    int flag_pie;           /* DF_1_PIE */
    char *soname;           /* DT_SONAME, or NULL */
    char *rpath, *runpath;  /* DT_RPATH / DT_RUNPATH, or NULL */
    char **needed;          /* DT_NEEDED, n_needed of them */
    size_t n_needed;

    int has_sections;       /* section headers were readable */
    int has_symtab;         /* a SHT_SYMTAB section: not stripped */
    int symbols_read;       /* some symbol table was read: the canary and
                               FORTIFY facts below mean something */
    int canary;             /* imports/uses __stack_chk_fail or __stack_chk_guard */
    unsigned fortify;       /* number of __*_chk functions referenced */
    char fortify_example[48]; /* one of them, for the report */
    int limit_hit;          /* some table was longer than its FW_MAX_ELF_* cap:
                               the facts above come from its first part */
} fw_elf;

/* Parse the n bytes at d. Returns FW_OK (e filled); FW_ENOTFOUND when d
 * does not start with the ELF magic (not for this reader); FW_EFORMAT for
 * a malformed or truncated header, with a one-sentence reason in err (may
 * be NULL). On any result e may be passed to fw_elf_release. */
int fw_elf_parse(const unsigned char *d, size_t n, fw_elf *e, fw_error *err);
void fw_elf_release(fw_elf *e);

/* "ARM", "AArch64", "MIPS", "x86", "x86-64", "PowerPC", "PowerPC64",
 * "RISC-V", ... or "machine-N" written into buf. */
const char *fw_elf_machine_name(uint16_t machine, char *buf, size_t size);

#endif
