/* elf.c: the bounded ELF reader (see elf.h).
 *
 * The rule everywhere below: a value read from the file is an offset, a size
 * or a count an attacker chose. Before bytes are touched, in_file() checks
 * that [off, off + size) lies inside the file without overflowing; before a
 * table is walked, its length is capped by a FW_MAX_ELF_* limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/binaries/elf.h"
#include "core/elfhdr.h"
#include "core/limits.h"
#include "core/xalloc.h"

#define PT_LOAD       1
#define PT_DYNAMIC    2
#define PT_INTERP     3
#define PT_GNU_STACK  0x6474e551u
#define PT_GNU_RELRO  0x6474e552u
#define PF_X          1

#define SHT_SYMTAB    2
#define SHT_STRTAB    3
#define SHT_NOBITS    8
#define SHT_DYNSYM    11

#define DT_NULL       0
#define DT_NEEDED     1
#define DT_HASH       4
#define DT_STRTAB     5
#define DT_SYMTAB     6
#define DT_STRSZ      10
#define DT_SONAME     14
#define DT_RPATH      15
#define DT_BIND_NOW   24
#define DT_RUNPATH    29
#define DT_FLAGS      30
#define DT_FLAGS_1    0x6ffffffbu
#define DT_MIPS_SYMTABNO 0x70000011u
#define DF_BIND_NOW   0x8
#define DF_1_NOW      0x1
#define DF_1_PIE      0x08000000u

#define SHN_UNDEF     0

/* The parse: the input bytes and how to read integers from them. */
typedef struct elf_rd {
    const unsigned char *d;
    size_t n;
    int is64, be;
    fw_elf *e;
    fw_error *err;
} elf_rd;

/* Is [off, off + size) inside the file? */
static int in_file(const elf_rd *r, uint64_t off, uint64_t size)
{
    return off <= r->n && size <= r->n - off;
}

/* Integer readers; the caller has checked the range with in_file. */
static uint16_t rd16(const elf_rd *r, uint64_t off) { return fw_elf_u16(r->be, r->d + off); }
static uint32_t rd32(const elf_rd *r, uint64_t off) { return fw_elf_u32(r->be, r->d + off); }
static uint64_t rd64(const elf_rd *r, uint64_t off) { return fw_elf_u64(r->be, r->d + off); }

/* An address-sized field (Elf32_Addr/Off or Elf64_Addr/Off/Xword). */
static uint64_t rdw(const elf_rd *r, uint64_t off)
{
    return r->is64 ? rd64(r, off) : rd32(r, off);
}

static int bad(elf_rd *r, const char *what)
{
    return fw_error_set(r->err, FW_EFORMAT, "%s", what);
}

/* A NUL-terminated string at off inside [tab, tab + tabsize), at most
 * FW_MAX_ELF_STRING bytes; NULL when it runs off the table or is too long. */
static char *str_at(const elf_rd *r, uint64_t tab, uint64_t tabsize, uint64_t off)
{
    if (!in_file(r, tab, tabsize) || off >= tabsize)
        return NULL;
    const unsigned char *s = r->d + tab + off;
    size_t max = tabsize - off;
    if (max > FW_MAX_ELF_STRING)
        max = FW_MAX_ELF_STRING;
    const unsigned char *z = memchr(s, '\0', max);
    return z ? fw_xstrndup((const char *)s, (size_t)(z - s)) : NULL;
}

/* ---- program headers --------------------------------------------------- */

typedef fw_elfphdr seg;

/* The program headers, checked and copied (at most FW_MAX_ELF_PHDRS). */
typedef struct segs {
    seg *v;
    size_t n;
} segs;

/* File offset of virtual address va, through the PT_LOAD segments; 0 with
 * *ok = 0 when no segment's file image holds it. */
static uint64_t va_to_off(const segs *ss, uint64_t va, int *ok)
{
    *ok = 0;
    for (size_t i = 0; i < ss->n; i++) {
        const seg *s = &ss->v[i];
        if (s->type == PT_LOAD && va >= s->vaddr && va - s->vaddr < s->filesz) {
            *ok = 1;
            return s->offset + (va - s->vaddr);
        }
    }
    return 0;
}

/* ---- symbols ----------------------------------------------------------- */

static int is_fortify_name(const char *s, size_t len)
{
    /* __memcpy_chk, __sprintf_chk ...; not the canary's __stack_chk_* */
    return len > 6 && s[0] == '_' && s[1] == '_' && memcmp(s + len - 4, "_chk", 4) == 0 &&
           strncmp(s, "__stack_chk", 11) != 0;
}

/* Look at one symbol name: canary and FORTIFY evidence. */
static void note_symbol(fw_elf *e, const unsigned char *name, size_t max)
{
    const unsigned char *z = memchr(name, '\0', max);
    if (!z)
        return;
    size_t len = (size_t)(z - name);
    const char *s = (const char *)name;
    if ((len == 16 && memcmp(s, "__stack_chk_fail", 16) == 0) ||
        (len == 17 && memcmp(s, "__stack_chk_guard", 17) == 0) ||
        (len == 22 && memcmp(s, "__stack_chk_fail_local", 22) == 0)) {
        e->canary = 1;
    } else if (is_fortify_name(s, len)) {
        if (e->fortify == 0 && len < sizeof e->fortify_example)
            memcpy(e->fortify_example, s, len + 1);
        e->fortify++;
    }
}

/* Walk `count` symbols of `entsize` bytes at off, names in [str, str+strsz).
 * only_undef: count only undefined (imported) symbols: a shared libc
 * defines __stack_chk_fail for others whatever it was built with. */
static void walk_symbols(elf_rd *r, uint64_t off, uint64_t count, uint64_t entsize,
                         uint64_t str, uint64_t strsz, int only_undef)
{
    uint64_t min = r->is64 ? 24 : 16;
    if (entsize < min || entsize > 256 || !in_file(r, str, strsz))
        return;   /* no symbol table has entries that large */
    if (count > FW_MAX_ELF_SYMBOLS) {
        count = FW_MAX_ELF_SYMBOLS;
        r->e->limit_hit = 1;
    }
    r->e->symbols_read = 1;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t so = off + i * entsize;
        if (!in_file(r, so, min))
            break;
        uint32_t name = rd32(r, so);
        uint16_t shndx = rd16(r, so + (r->is64 ? 6 : 14));
        if (only_undef && shndx != SHN_UNDEF)
            continue;
        if (name == 0 || name >= strsz)
            continue;
        note_symbol(r->e, r->d + str + name, (size_t)(strsz - name));
    }
}

/* ---- section headers --------------------------------------------------- */

typedef struct sect {
    uint32_t type, link;
    uint64_t offset, size, entsize;
} sect;

static int sect_at(const elf_rd *r, uint64_t shoff, uint64_t shentsize, uint64_t i, sect *s)
{
    uint64_t off = shoff + i * shentsize;
    if (!in_file(r, off, r->is64 ? 64 : 40))
        return 0;
    s->type = rd32(r, off + 4);
    if (r->is64) {
        s->offset = rd64(r, off + 24);
        s->size = rd64(r, off + 32);
        s->link = rd32(r, off + 40);
        s->entsize = rd64(r, off + 56);
    } else {
        s->offset = rd32(r, off + 16);
        s->size = rd32(r, off + 20);
        s->link = rd32(r, off + 24);
        s->entsize = rd32(r, off + 36);
    }
    return 1;
}

/* Read the symbol tables named by the section headers. Returns 1 if the
 * section headers were usable. */
static int read_sections(elf_rd *r, uint64_t shoff, uint64_t shentsize, uint64_t shnum)
{
    fw_elf *e = r->e;
    if (shoff == 0 || shnum == 0 || shentsize < (uint64_t)(r->is64 ? 64 : 40))
        return 0;
    if (shnum > FW_MAX_ELF_SECTIONS) {
        shnum = FW_MAX_ELF_SECTIONS;
        e->limit_hit = 1;
    }
    if (!in_file(r, shoff, shnum * shentsize))
        return 0;   /* truncated or bogus: ignore the section headers */
    int have_dynsym = 0;
    for (uint64_t i = 0; i < shnum; i++) {
        sect s;
        if (sect_at(r, shoff, shentsize, i, &s) && s.type == SHT_SYMTAB)
            e->has_symtab = 1;
        if (sect_at(r, shoff, shentsize, i, &s) && s.type == SHT_DYNSYM)
            have_dynsym = 1;
    }
    /* A dynamically linked binary's imports are in .dynsym; .symtab of a
     * static binary holds the libc functions it linked in. */
    uint32_t want = have_dynsym ? SHT_DYNSYM : SHT_SYMTAB;
    for (uint64_t i = 0; i < shnum; i++) {
        sect s, str;
        if (!sect_at(r, shoff, shentsize, i, &s) || s.type != want || s.link >= shnum)
            continue;
        if (!sect_at(r, shoff, shentsize, s.link, &str) || str.type != SHT_STRTAB ||
            !in_file(r, s.offset, s.size) || s.entsize == 0)
            continue;
        walk_symbols(r, s.offset, s.size / s.entsize, s.entsize, str.offset, str.size,
                     want == SHT_DYNSYM);
    }
    return 1;
}

/* ---- the dynamic section ----------------------------------------------- */

typedef struct dyn_facts {
    uint64_t strtab, strsz, symtab, hash, mips_symtabno;
    int have_strtab, have_strsz, have_symtab, have_hash, have_mips_symtabno;
} dyn_facts;

static void add_needed(fw_elf *e, char *s)
{
    if (!s)
        return;
    if (e->n_needed >= FW_MAX_ELF_NEEDED) {
        e->limit_hit = 1;
        free(s);
        return;
    }
    e->needed = fw_xreallocarray(e->needed, e->n_needed + 1, sizeof *e->needed);
    e->needed[e->n_needed++] = s;
}

static void read_dynamic(elf_rd *r, const seg *dyn, const segs *ss)
{
    fw_elf *e = r->e;
    uint64_t esz = r->is64 ? 16 : 8;
    if (!in_file(r, dyn->offset, dyn->filesz))
        return;
    /* The segment is often larger than its entries (old MIPS linkers make
     * it cover .dynamic and more): DT_NULL ends the table, the cap only
     * matters when no DT_NULL comes first. */
    uint64_t count = dyn->filesz / esz;
    int capped = count > FW_MAX_ELF_DYNAMIC;
    if (capped)
        count = FW_MAX_ELF_DYNAMIC;
    dyn_facts df = {0};
    /* First pass: where the string table is; string-valued tags second. */
    for (uint64_t i = 0; i < count; i++) {
        uint64_t off = dyn->offset + i * esz;
        uint64_t tag = r->is64 ? rd64(r, off) : rd32(r, off);
        uint64_t val = rdw(r, off + esz / 2);
        if (tag == DT_NULL)
            break;
        if (capped && i + 1 == count)
            e->limit_hit = 1;
        switch (tag) {
        case DT_STRTAB: df.strtab = val; df.have_strtab = 1; break;
        case DT_STRSZ: df.strsz = val; df.have_strsz = 1; break;
        case DT_SYMTAB: df.symtab = val; df.have_symtab = 1; break;
        case DT_HASH: df.hash = val; df.have_hash = 1; break;
        case DT_MIPS_SYMTABNO:
            /* the tag is MIPS-specific; other machines reuse the number */
            if (e->machine == 8 || e->machine == 10) {
                df.mips_symtabno = val;
                df.have_mips_symtabno = 1;
            }
            break;
        case DT_BIND_NOW: e->bind_now = 1; break;
        case DT_FLAGS: if (val & DF_BIND_NOW) e->bind_now = 1; break;
        case DT_FLAGS_1:
            if (val & DF_1_NOW) e->bind_now = 1;
            if (val & DF_1_PIE) e->flag_pie = 1;
            break;
        default: break;
        }
    }
    int ok = 0;
    uint64_t str = df.have_strtab ? va_to_off(ss, df.strtab, &ok) : 0;
    if (!ok || !df.have_strsz)
        return;
    uint64_t strsz = df.strsz;
    if (str > r->n)
        return;
    if (strsz > r->n - str)
        strsz = r->n - str;   /* clipped to the file: the strings inside still read */
    for (uint64_t i = 0; i < count; i++) {
        uint64_t off = dyn->offset + i * esz;
        uint64_t tag = r->is64 ? rd64(r, off) : rd32(r, off);
        uint64_t val = rdw(r, off + esz / 2);
        if (tag == DT_NULL)
            break;
        if (tag == DT_NEEDED) {
            add_needed(e, str_at(r, str, strsz, val));
        } else if (tag == DT_SONAME && !e->soname) {
            e->soname = str_at(r, str, strsz, val);
        } else if (tag == DT_RPATH && !e->rpath) {
            e->rpath = str_at(r, str, strsz, val);
        } else if (tag == DT_RUNPATH && !e->runpath) {
            e->runpath = str_at(r, str, strsz, val);
        }
    }
    /* Symbols without section headers (sstrip): the count comes from the
     * SysV hash table's nchain or MIPS's DT_MIPS_SYMTABNO. A GNU-hash-only
     * binary stripped of its sections keeps canary/FORTIFY unknown. */
    if (e->symbols_read || !df.have_symtab)
        return;
    uint64_t nsyms = 0;
    if (df.have_mips_symtabno) {
        nsyms = df.mips_symtabno;
    } else if (df.have_hash) {
        uint64_t h = va_to_off(ss, df.hash, &ok);
        if (!ok || !in_file(r, h, 8))
            return;
        nsyms = rd32(r, h + 4);
    } else {
        return;
    }
    uint64_t sym = va_to_off(ss, df.symtab, &ok);
    if (ok)
        walk_symbols(r, sym, nsyms, r->is64 ? 24 : 16, str, strsz, 1);
}

/* ---- the header -------------------------------------------------------- */

int fw_elf_parse(const unsigned char *d, size_t n, fw_elf *e, fw_error *err)
{
    memset(e, 0, sizeof *e);
    e->exec_stack = FW_TRI_UNKNOWN;
    fw_elfhdr h;
    int rc = fw_elfhdr_read(d, n, &h, err);
    if (rc != FW_OK)
        return rc;
    elf_rd r = { .d = d, .n = n, .is64 = h.is64, .be = h.be, .e = e, .err = err };

    e->bits = h.is64 ? 64 : 32;
    e->big_endian = h.be;
    e->type = h.type;
    e->machine = h.machine;
    e->flags = h.flags;
    uint64_t phnum = h.phnum;

    segs ss = { NULL, 0 };
    if (phnum > 0) {
        if (h.phentsize < fw_elfhdr_phdr_size(&h))
            return bad(&r, "program header entries are too small");
        if (phnum > FW_MAX_ELF_PHDRS) {
            phnum = FW_MAX_ELF_PHDRS;
            e->limit_hit = 1;
        }
        if (!fw_elfhdr_phdrs_fit(&h, n, phnum))
            return bad(&r, "program headers lie outside the file");
        ss.v = fw_xcalloc(phnum, sizeof *ss.v);
        ss.n = phnum;
        for (uint64_t i = 0; i < phnum; i++)
            fw_elfhdr_phdr(&h, d, i, &ss.v[i]);
    }
    const seg *dyn = NULL;
    for (size_t i = 0; i < ss.n; i++) {
        const seg *s = &ss.v[i];
        if (s->type == PT_INTERP && !e->interp && in_file(&r, s->offset, s->filesz) &&
            s->filesz > 0) {
            e->interp = str_at(&r, s->offset, s->filesz, 0);
        } else if (s->type == PT_GNU_STACK) {
            e->exec_stack = (s->flags & PF_X) ? FW_TRI_YES : FW_TRI_NO;
        } else if (s->type == PT_GNU_RELRO) {
            e->has_relro = 1;
        } else if (s->type == PT_DYNAMIC && !dyn) {
            dyn = s;
            e->has_dynamic = 1;
        }
    }
    e->has_sections = read_sections(&r, h.shoff, h.shentsize, h.shnum);
    if (dyn)
        read_dynamic(&r, dyn, &ss);
    free(ss.v);
    return FW_OK;
}

void fw_elf_release(fw_elf *e)
{
    if (!e)
        return;
    free(e->interp);
    free(e->soname);
    free(e->rpath);
    free(e->runpath);
    for (size_t i = 0; i < e->n_needed; i++)
        free(e->needed[i]);
    free(e->needed);
    memset(e, 0, sizeof *e);
}

const char *fw_elf_machine_name(uint16_t machine, char *buf, size_t size)
{
    switch (machine) {
    case 3: return "x86";
    case 8: return "MIPS";
    case 10: return "MIPS-RS3000-LE";
    case 20: return "PowerPC";
    case 21: return "PowerPC64";
    case 40: return "ARM";
    case 42: return "SuperH";
    case 62: return "x86-64";
    case 183: return "AArch64";
    case 243: return "RISC-V";
    case 94: return "Xtensa";
    case 92: return "OpenRISC";
    case 164: return "Hexagon";
    case 258: return "LoongArch";
    default:
        snprintf(buf, size, "machine-%u", (unsigned)machine);
        return buf;
    }
}
