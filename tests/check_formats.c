/* check_formats.c: every entry of the input-format table (src/input/
 * format_list.h) against a minimal sample of it, built at test time.
 *
 * The test iterates the table itself: an entry without a sample in
 * samples[] below fails, so a format cannot be added without one. For
 * each entry it asserts what a user sees:
 *   - every sample: the table's sniff at offset 0 names this entry first
 *     among the formats with its flags (table order is precedence);
 *   - FW_FORMAT_CARVED: the carver finds it at offset 0 of a blob and, in
 *     an input file, at the unaligned offset 0x1003 after 0xff padding: a
 *     layout row of that format at that offset, and a file of the sample
 *     in a namespace whose chain names the format;
 *   - FW_FORMAT_NESTED: a file in a tarball that is the sample is carved
 *     (the same row and file, under the entry's chain);
 *   - FW_FORMAT_ARCHIVE: an input that is the sample is read as an
 *     archive, its file in the tree.
 * Samples come from the tools vendors use (gensquashfs, mke2fs, mkimage,
 * mkfs.cramfs, mkfs.jffs2, mkfs.ubifs, ubinize; a missing one skips that
 * sample with a message), tests/make-romfs-yaffs.py, libarchive's writers,
 * zlib/liblzma/libzstd, or are written here byte by byte (cpio newc, TRX,
 * TP-Link, Arcadyan, ELF). */
#include <archive.h>
#include <archive_entry.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>
#include "imageutil.h"
#include "testutil.h"
#include "core/xalloc.h"
#include "input/image.h"
#include "input/input.h"

#define GENERATOR TOP_SRCDIR "/tests/make-romfs-yaffs.py"
#define TEXT "fwaudit format sample: this file is read from the sample\n"
#define NOISE_SIZE 3000
#define UNALIGNED 0x1003
/* The flags that say where a format may occur. */
#define WHERE (FW_FORMAT_ARCHIVE | FW_FORMAT_CARVED | FW_FORMAT_NESTED)

typedef struct bytes {
    unsigned char *d;
    size_t n, cap;
} bytes;

static void put(bytes *b, const void *d, size_t n)
{
    FW_XGROW(b->d, b->cap, b->n + n + 1);
    memcpy(b->d + b->n, d, n);
    b->n += n;
}

static void pad4(bytes *b)
{
    while (b->n % 4)
        put(b, "", 1);
}

/* Bytes that do not compress: the samples' streams are then large enough
 * for every probe (lzma needs 512 decoded bytes, Arcadyan 149 in all). */
static void noise(unsigned char *d, size_t n)
{
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        d[i] = (unsigned char)(x >> 16);
    }
}

/* --- the payload every sample holds: /sample.txt (TEXT), /noise.bin --- */

static void newc_entry(bytes *b, unsigned ino, const char *name, unsigned mode,
                       const void *data, size_t n)
{
    char hdr[111];
    snprintf(hdr, sizeof hdr,
             "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", ino, mode, 0u, 0u,
             1u, 0u, (unsigned)n, 0u, 0u, 0u, 0u, (unsigned)strlen(name) + 1, 0u);
    put(b, hdr, 110);
    put(b, name, strlen(name) + 1);
    pad4(b);
    put(b, data, n);
    pad4(b);
}

/* A cpio newc archive, as `cpio -o -H newc` writes one. */
static bytes payload_cpio(void)
{
    bytes b = {0};
    unsigned char nz[NOISE_SIZE];
    noise(nz, sizeof nz);
    newc_entry(&b, 1, "sample.txt", 0100644, TEXT, strlen(TEXT));
    newc_entry(&b, 2, "noise.bin", 0100644, nz, sizeof nz);
    newc_entry(&b, 0, "TRAILER!!!", 0, "", 0);
    return b;
}

/* The same tree as a directory dir/root, for the tools. */
static void payload_dir(const char *dir)
{
    unsigned char nz[NOISE_SIZE];
    noise(nz, sizeof nz);
    tu_write(dir, "root/sample.txt", TEXT);
    char *p = fw_xasprintf("%s/root/noise.bin", dir);
    tu_spit(p, nz, sizeof nz);
    free(p);
}

/* --- encoders --- */

static bytes gzip_of(const bytes *in)
{
    bytes out = {0};
    FW_XGROW(out.d, out.cap, compressBound(in->n) + 64);
    z_stream z;
    memset(&z, 0, sizeof z);
    ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
                     Z_OK);
    z.next_in = in->d;
    z.avail_in = (uInt)in->n;
    z.next_out = out.d;
    z.avail_out = (uInt)out.cap;
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.n = z.total_out;
    deflateEnd(&z);
    return out;
}

static bytes xz_of(const bytes *in)
{
    bytes out = {0};
    FW_XGROW(out.d, out.cap, lzma_stream_buffer_bound(in->n));
    size_t pos = 0;
    ck_assert_int_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in->d, in->n, out.d,
                                             &pos, out.cap), LZMA_OK);
    out.n = pos;
    return out;
}

/* lzma_alone with the defaults vendors use: lc=3 lp=0 pb=2 (props 0x5d),
 * an 8 MiB dictionary, size unknown. */
static bytes lzma_of(const bytes *in)
{
    bytes out = {0};
    FW_XGROW(out.d, out.cap, lzma_stream_buffer_bound(in->n) + 64);
    lzma_options_lzma opt;
    ck_assert(!lzma_lzma_preset(&opt, 6));
    ck_assert_uint_eq(opt.dict_size, 8u << 20);
    lzma_stream s = LZMA_STREAM_INIT;
    ck_assert_int_eq(lzma_alone_encoder(&s, &opt), LZMA_OK);
    s.next_in = in->d;
    s.avail_in = in->n;
    s.next_out = out.d;
    s.avail_out = out.cap;
    ck_assert_int_eq(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
    out.n = out.cap - s.avail_out;
    lzma_end(&s);
    return out;
}

static bytes zstd_of(const bytes *in)
{
    bytes out = {0};
    FW_XGROW(out.d, out.cap, ZSTD_compressBound(in->n));
    size_t r = ZSTD_compress(out.d, out.cap, in->d, in->n, 3);
    ck_assert(!ZSTD_isError(r));
    out.n = r;
    return out;
}

/* One archive written by libarchive: `name` holding (d, n) and, if
 * more_name, a second file. NULL on success, else why it cannot. */
static const char *la_write(bytes *out, int (*format)(struct archive *),
                            int (*filter)(struct archive *), const char *name,
                            const void *d, size_t n, const char *more_name,
                            const void *more, size_t more_n)
{
    struct archive *a = archive_write_new();
    ck_assert_int_eq(format(a), ARCHIVE_OK);
    if (filter && filter(a) < ARCHIVE_WARN) {
        archive_write_free(a);
        return "this libarchive cannot write that compression";
    }
    memset(out, 0, sizeof *out);
    out->cap = 2 * (n + more_n) + (1u << 16);
    out->d = fw_xmalloc(out->cap);
    ck_assert_int_eq(archive_write_open_memory(a, out->d, out->cap, &out->n), ARCHIVE_OK);
    for (int i = 0; i < 2; i++) {
        const char *nm = i ? more_name : name;
        if (!nm)
            break;
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, nm);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)(i ? more_n : n));
        archive_entry_set_mtime(e, 1700000000, 0);
        ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
        ck_assert_int_eq(archive_write_data(a, i ? more : d, i ? more_n : n),
                         (la_ssize_t)(i ? more_n : n));
        archive_entry_free(e);
    }
    ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return NULL;
}

/* The payload as an archive of `format` (compressed with `filter`). */
static const char *la_payload(bytes *out, int (*format)(struct archive *),
                              int (*filter)(struct archive *))
{
    unsigned char nz[NOISE_SIZE];
    noise(nz, sizeof nz);
    return la_write(out, format, filter, "sample.txt", TEXT, strlen(TEXT), "noise.bin", nz,
                    sizeof nz);
}

/* --- tools --- */

/* NULL if every tool named (blank-separated) is installed, else a message. */
static const char *need(const char *tools)
{
    static char why[128];
    char out[512], *list = fw_xstrdup(tools), *save = NULL;
    const char *missing = NULL;
    for (char *t = strtok_r(list, " ", &save); t && !missing; t = strtok_r(NULL, " ", &save))
        if (tu_sh(out, sizeof out, "command -v %s", t) != 0)
            missing = t;
    if (missing)
        snprintf(why, sizeof why, "%.60s not installed", missing);
    free(list);
    return missing ? why : NULL;
}

static bytes slurp_in(const char *dir, const char *name)
{
    bytes b = {0};
    b.d = tu_slurp_in(dir, name, &b.n);
    b.cap = b.n;
    return b;
}

/* --- samples: each writes *out or returns why it cannot (skipped) --- */

typedef const char *(*sample_fn)(const char *dir, bytes *out);

static const char *s_archive_gzip(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_ustar, archive_write_add_filter_gzip);
}
static const char *s_archive_xz(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_ustar, archive_write_add_filter_xz);
}
static const char *s_archive_bzip2(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_ustar, archive_write_add_filter_bzip2);
}
static const char *s_archive_zstd(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_ustar, archive_write_add_filter_zstd);
}
static const char *s_archive_cpio(const char *dir, bytes *out)
{
    *out = payload_cpio();
    return NULL;
}
static const char *s_archive_zip(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_zip, NULL);
}
static const char *s_archive_7z(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_7zip, NULL);
}
static const char *s_archive_ar(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_ar_svr4, NULL);
}
static const char *s_archive_tar(const char *dir, bytes *out)
{
    return la_payload(out, archive_write_set_format_ustar, NULL);
}

/* TRX: "HDR0", length, CRC32 over the rest (stored inverted), version 1,
 * one partition at 28: the cpio. */
static const char *s_trx(const char *dir, bytes *out)
{
    bytes p = payload_cpio();
    unsigned char h[28] = "HDR0";
    uint32_t len = (uint32_t)(sizeof h + p.n);
    for (int i = 0; i < 4; i++) {
        h[4 + i] = (unsigned char)(len >> (8 * i));
        h[16 + i] = (unsigned char)(28u >> (8 * i));
    }
    h[14] = 1;   /* version */
    memset(out, 0, sizeof *out);
    put(out, h, sizeof h);
    put(out, p.d, p.n);
    uint32_t crc = ~(uint32_t)crc32(0, out->d + 12, len - 12);
    for (int i = 0; i < 4; i++)
        out->d[8 + i] = (unsigned char)(crc >> (8 * i));
    free(p.d);
    return NULL;
}

static void be32_at(unsigned char *d, uint32_t v)
{
    d[0] = (unsigned char)(v >> 24);
    d[1] = (unsigned char)(v >> 16);
    d[2] = (unsigned char)(v >> 8);
    d[3] = (unsigned char)v;
}

/* TP-Link v1 header (512 bytes, big-endian), the cpio as its body. */
static const char *s_tplink(const char *dir, bytes *out)
{
    bytes p = payload_cpio();
    unsigned char h[512] = {0};
    be32_at(h, 1);
    memcpy(h + 4, "TP-LINK Technologies", 20);
    memcpy(h + 28, "ver. 1.0", 8);
    be32_at(h + 64, 0x07400004);   /* hardware id */
    be32_at(h + 68, 1);
    be32_at(h + 116, 0x80002000);  /* kernel load address */
    be32_at(h + 124, (uint32_t)(sizeof h + p.n));
    be32_at(h + 128, 512);
    be32_at(h + 132, (uint32_t)p.n);
    memset(out, 0, sizeof *out);
    put(out, h, sizeof h);
    put(out, p.d, p.n);
    free(p.d);
    return NULL;
}

static const char *s_uimage(const char *dir, bytes *out)
{
    const char *why = need("mkimage");
    if (why)
        return why;
    bytes p = payload_cpio();
    tu_spit_in(dir, "payload.cpio", p.d, p.n);
    free(p.d);
    tu_run("mkimage -A mips -O linux -T filesystem -C none -n sample -d '%s/payload.cpio' "
           "'%s/sample.uimg' >/dev/null", dir, dir);
    *out = slurp_in(dir, "sample.uimg");
    return NULL;
}

static const char *s_fit(const char *dir, bytes *out)
{
    const char *why = need("mkimage dtc");
    if (why)
        return why;
    bytes p = payload_cpio();
    tu_spit_in(dir, "payload.cpio", p.d, p.n);
    free(p.d);
    char *its = fw_xasprintf(
        "/dts-v1/;\n/ {\n description = \"sample\";\n #address-cells = <1>;\n"
        " images {\n  rootfs {\n   description = \"rootfs\";\n"
        "   data = /incbin/(\"%s/payload.cpio\");\n   type = \"ramdisk\";\n"
        "   arch = \"arm\";\n   os = \"linux\";\n   compression = \"none\";\n  };\n };\n"
        " configurations {\n  default = \"conf-1\";\n  conf-1 { ramdisk = \"rootfs\"; };\n"
        " };\n};\n", dir);
    tu_write(dir, "sample.its", its);
    free(its);
    tu_run("mkimage -f '%s/sample.its' '%s/sample.itb' >/dev/null", dir, dir);
    *out = slurp_in(dir, "sample.itb");
    return NULL;
}

static unsigned char rot4(unsigned char b) { return (unsigned char)(b << 4 | b >> 4); }

/* Arcadyan: 4 bytes, then an LZMA stream (of the cpio) whose 32-byte
 * blocks at 4 and 0x68 are swapped, the one moved to 0x68 with its byte
 * pairs and nibbles swapped (what arcadyan.c undoes). */
static const char *s_arcadyan(const char *dir, bytes *out)
{
    bytes p = payload_cpio();
    bytes lz = lzma_of(&p);
    bytes plain = {0};
    put(&plain, "\x30\x05\x11\x20", 4);
    put(&plain, lz.d, lz.n);
    ck_assert_uint_gt(plain.n, 0x88 + 13);
    memset(out, 0, sizeof *out);
    put(out, plain.d, plain.n);
    memcpy(out->d + 4, plain.d + 0x68, 32);
    for (size_t i = 0; i < 32; i += 2) {
        out->d[0x68 + i] = rot4(plain.d[4 + i + 1]);
        out->d[0x68 + i + 1] = rot4(plain.d[4 + i]);
    }
    free(p.d);
    free(lz.d);
    free(plain.d);
    return NULL;
}

static const char *s_squashfs(const char *dir, bytes *out)
{
    const char *why = need("gensquashfs");
    if (why)
        return why;
    payload_dir(dir);
    tu_run("gensquashfs -q -f -c gzip -D '%s/root' '%s/sample.sqfs'", dir, dir);
    *out = slurp_in(dir, "sample.sqfs");
    return NULL;
}

static const char *s_ext(const char *dir, bytes *out)
{
    const char *why = need("mke2fs");
    if (why)
        return why;
    payload_dir(dir);
    tu_run("mke2fs -q -t ext4 -d '%s/root' '%s/sample.ext4' 1M", dir, dir);
    *out = slurp_in(dir, "sample.ext4");
    return NULL;
}

static const char *s_cramfs(const char *dir, bytes *out)
{
    const char *why = need("mkfs.cramfs");
    if (why)
        return why;
    payload_dir(dir);
    tu_run("mkfs.cramfs '%s/root' '%s/sample.cramfs' >/dev/null", dir, dir);
    *out = slurp_in(dir, "sample.cramfs");
    return NULL;
}

/* romfs and YAFFS2: the generator's images (its tree holds /etc/shadow). */
static const char *s_generated(const char *dir, bytes *out, const char *name)
{
    const char *why = need("python3");
    if (why)
        return why;
    tu_run("python3 '%s' '%s'", GENERATOR, dir);
    *out = slurp_in(dir, name);
    return NULL;
}
static const char *s_romfs(const char *dir, bytes *out)
{
    return s_generated(dir, out, "rootfs.romfs");
}
static const char *s_yaffs2(const char *dir, bytes *out)
{
    return s_generated(dir, out, "le2048.yaffs2");
}

static const char *s_jffs2(const char *dir, bytes *out)
{
    const char *why = need("mkfs.jffs2");
    if (why)
        return why;
    payload_dir(dir);
    tu_run("mkfs.jffs2 -l -e 0x10000 -r '%s/root' -o '%s/sample.jffs2'", dir, dir);
    *out = slurp_in(dir, "sample.jffs2");
    return NULL;
}

static const char *s_ubifs(const char *dir, bytes *out)
{
    const char *why = need("mkfs.ubifs");
    if (why)
        return why;
    payload_dir(dir);
    tu_run("mkfs.ubifs -m 2048 -e 126976 -c 64 -r '%s/root' -o '%s/sample.ubifs'", dir, dir);
    *out = slurp_in(dir, "sample.ubifs");
    return NULL;
}

static const char *s_ubi(const char *dir, bytes *out)
{
    const char *why = need("mkfs.ubifs ubinize");
    if (why)
        return why;
    payload_dir(dir);
    tu_run("mkfs.ubifs -m 2048 -e 126976 -c 64 -r '%s/root' -o '%s/sample.ubifs'", dir, dir);
    char *cfg = fw_xasprintf("[sample]\nmode=ubi\nimage=%s/sample.ubifs\nvol_id=0\n"
                             "vol_type=dynamic\nvol_name=sample\n", dir);
    tu_write(dir, "ubi.cfg", cfg);
    free(cfg);
    tu_run("ubinize -o '%s/sample.ubi' -m 2048 -p 128KiB -s 512 '%s/ubi.cfg'", dir, dir);
    *out = slurp_in(dir, "sample.ubi");
    return NULL;
}

static const char *s_cpio(const char *dir, bytes *out)
{
    *out = payload_cpio();
    return NULL;
}

/* The streams hold the cpio: decoded, it is read as an archive. */
static const char *stream_of(bytes *out, bytes (*enc)(const bytes *))
{
    bytes p = payload_cpio();
    *out = enc(&p);
    free(p.d);
    return NULL;
}
static const char *s_gzip(const char *dir, bytes *out) { return stream_of(out, gzip_of); }
static const char *s_xz(const char *dir, bytes *out) { return stream_of(out, xz_of); }
static const char *s_lzma(const char *dir, bytes *out) { return stream_of(out, lzma_of); }
static const char *s_zstd(const char *dir, bytes *out) { return stream_of(out, zstd_of); }

/* A vmlinux: 32-bit big-endian MIPS executable, one PT_LOAD of 12 KiB
 * holding the Linux version banner. */
static const char *s_elfkernel(const char *dir, bytes *out)
{
    enum { K = 12288 };
    memset(out, 0, sizeof *out);
    FW_XGROW(out->d, out->cap, K + 1);
    memset(out->d, 0, K);
    out->n = K;
    unsigned char *e = out->d;
    memcpy(e, "\x7f" "ELF\x01\x02\x01", 7);
    e[17] = 2;                      /* ET_EXEC */
    e[19] = 8;                      /* EM_MIPS */
    e[23] = 1;                      /* version */
    e[31] = 52;                     /* e_phoff */
    e[43] = 32;                     /* e_phentsize */
    e[45] = 1;                      /* e_phnum */
    unsigned char *ph = e + 52;
    ph[3] = 1;                      /* PT_LOAD at offset 0 */
    be32_at(ph + 16, K);            /* p_filesz */
    memcpy(e + 2000, "Linux version 4.14.0 (sample@build) #1", 38);
    return NULL;
}

typedef struct sample {
    const fw_format *fmt;
    sample_fn make;
    const char *path, *holds;   /* a file of the sample, and a part of its content */
} sample;

#define PAYLOAD "/sample.txt", TEXT
#define GENERATED "/etc/shadow", "root::0:0:99999:7:::\n"
static const sample samples[] = {
    { &fw_fmt_archive_gzip, s_archive_gzip, PAYLOAD },
    { &fw_fmt_archive_xz, s_archive_xz, PAYLOAD },
    { &fw_fmt_archive_bzip2, s_archive_bzip2, PAYLOAD },
    { &fw_fmt_archive_zstd, s_archive_zstd, PAYLOAD },
    { &fw_fmt_archive_cpio, s_archive_cpio, PAYLOAD },
    { &fw_fmt_archive_zip, s_archive_zip, PAYLOAD },
    { &fw_fmt_archive_7z, s_archive_7z, PAYLOAD },
    { &fw_fmt_archive_ar, s_archive_ar, PAYLOAD },
    { &fw_fmt_archive_tar, s_archive_tar, PAYLOAD },
    { &fw_fmt_trx, s_trx, PAYLOAD },
    { &fw_fmt_tplink, s_tplink, PAYLOAD },
    { &fw_fmt_uimage, s_uimage, PAYLOAD },
    { &fw_fmt_fit, s_fit, PAYLOAD },
    { &fw_fmt_arcadyan, s_arcadyan, PAYLOAD },
    { &fw_fmt_squashfs, s_squashfs, PAYLOAD },
    { &fw_fmt_ext, s_ext, PAYLOAD },
    { &fw_fmt_cramfs, s_cramfs, PAYLOAD },
    { &fw_fmt_romfs, s_romfs, GENERATED },
    { &fw_fmt_jffs2, s_jffs2, PAYLOAD },
    { &fw_fmt_yaffs2, s_yaffs2, GENERATED },
    { &fw_fmt_ubi, s_ubi, PAYLOAD },
    { &fw_fmt_ubifs, s_ubifs, PAYLOAD },
    { &fw_fmt_cpio, s_cpio, PAYLOAD },
    { &fw_fmt_gzip, s_gzip, PAYLOAD },
    { &fw_fmt_xz, s_xz, PAYLOAD },
    { &fw_fmt_lzma, s_lzma, PAYLOAD },
    { &fw_fmt_zstd, s_zstd, PAYLOAD },
    { &fw_fmt_elfkernel, s_elfkernel, "/kernel", "Linux version 4.14.0" },
};

static const sample *sample_of(const fw_format *f)
{
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        if (samples[i].fmt == f)
            return &samples[i];
    return NULL;
}

/* --- what a user sees --- */

/* The first error message, for failure messages. */
static const char *first_error(const fw_report *r)
{
    return r->n_errors ? r->errors[0].message : "(none)";
}

/* A layout row of region `label` at offset `off` whose format (the last
 * part, after the headers that led to it) starts with `name`, ignoring
 * case (the FIT row says "FIT", ext's "ext2/3/4"). */
static const char *const *row_at(const fw_report *r, const char *label, uint64_t off,
                                 const char *name)
{
    const fw_inventory *inv = fw_report_find_inventory(r, "layout");
    char offs[32];
    snprintf(offs, sizeof offs, "0x%llx", (unsigned long long)off);
    for (size_t k = 0; inv && k < inv->n_rows; k++) {
        char **row = inv->rows[k];
        const char *f = strrchr(row[3], '>');
        f = f ? f + 2 : row[3];
        if (strcmp(row[0], label) == 0 && strcmp(row[1], offs) == 0 &&
            strncasecmp(f, name, strlen(name)) == 0)
            return (const char *const *)row;
    }
    return NULL;
}

/* Is there a namespace whose chain starts with `prefix` and names `name`,
 * holding `path` with `holds` in its content? */
static int tree_holds(fw_tree *t, const char *prefix, const char *name, const char *path,
                      const char *holds)
{
    for (size_t i = 0; i < t->ns_count; i++) {
        const char *chain = t->ns[i]->chain;
        if (strncmp(chain, prefix, strlen(prefix)) != 0 || !strstr(chain, name))
            continue;
        fw_node *node = fw_ns_get(t->ns[i], path);
        if (!node || node->type != FW_NODE_FILE)
            continue;
        fw_blob b;
        fw_error err = {0};
        if (fw_node_open(node, &b, &err) != FW_OK)
            continue;
        int ok = memmem(b.data, b.size, holds, strlen(holds)) != NULL;
        fw_blob_close(&b);
        if (ok)
            return 1;
    }
    return 0;
}

static void assert_found(const tu_loaded *l, const fw_format *f, const sample *s,
                         const char *label, uint64_t off, const char *prefix)
{
    const char *const *row = row_at(l->report, label, off, f->name);
    ck_assert_msg(row != NULL, "%s: no layout row of %s at 0x%llx of %s (first error: %s)",
                  f->name, f->name, (unsigned long long)off, label, first_error(l->report));
    ck_assert_msg(!strstr(row[5], "damaged") && !strstr(row[5], "truncated") &&
                  !strstr(row[5], "not supported"), "%s: layout row status \"%s\" (%s)",
                  f->name, row[5], row[4]);
    ck_assert_msg(tree_holds(l->tree, prefix, f->name, s->path, s->holds),
                  "%s: %s not found under a chain %s... naming %s", f->name, s->path, prefix,
                  f->name);
    ck_assert_msg(!l->report->incomplete, "%s: scan incomplete: %s", f->name,
                  first_error(l->report));
}

/* The carver on a blob in memory (what carving a decoded stream or a
 * header's payload does): label "blob". */
static tu_loaded carve_bytes(const unsigned char *d, size_t n)
{
    fw_limits lim;
    fw_limits_default(&lim);
    tu_loaded l = { fw_tree_new(), fw_report_new(), FW_OK };
    fw_loader ld = { .lim = &lim, .tree = l.tree, .report = l.report,
                     .head = fw_xmalloc(FW_SNIFF_HEAD) };
    fw_tree_add_ns(l.tree, "", 0);
    fw_carve_blob(&ld, NULL, 0, "blob", d, n, 0);
    free(ld.head);
    return l;
}

static tu_loaded load_file(const char *dir, const char *name, const void *d, size_t n)
{
    char *p = fw_xasprintf("%s/%s", dir, name);
    tu_spit(p, d, n);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.rc, FW_OK);
    free(p);
    return l;
}

START_TEST(every_format_has_a_sample_that_is_read)
{
    const fw_format *f = fw_formats[_i];
    const sample *s = sample_of(f);
    ck_assert_msg(s != NULL, "format \"%s\" (entry %d of src/input/format_list.h) has no "
                  "sample in tests/check_formats.c: add one to samples[]", f->name, _i);
    char *dir = tu_mkdtemp();
    bytes b = {0};
    const char *why = s->make(dir, &b);
    if (why) {
        fprintf(stderr, "check_formats: SKIPPED the %s sample: %s\n", f->name, why);
        tu_rmtree(dir);
        free(dir);
        return;
    }
    /* Precedence: at offset 0 the table names this entry first. */
    const fw_format *first = fw_sniff(b.d, b.n, f->flags & WHERE);
    ck_assert_msg(first == f, "%s sample: the sniff names %s first", f->name,
                  first ? first->name : "nothing");

    if (f->flags & FW_FORMAT_ARCHIVE) {
        tu_loaded l = load_file(dir, "sample.bin", b.d, b.n);
        ck_assert_str_eq(l.report->input_kind, "archive");
        ck_assert_msg(tree_holds(l.tree, "", "", s->path, s->holds), "%s: %s not read",
                      f->name, s->path);
        ck_assert_msg(!l.report->incomplete, "%s: %s", f->name, first_error(l.report));
        tu_unload(&l);
    }
    if (f->flags & FW_FORMAT_CARVED) {
        tu_loaded l = carve_bytes(b.d, b.n);
        assert_found(&l, f, s, "blob", 0, "blob@0x");
        tu_unload(&l);
        /* unaligned, after padding, in an input file */
        bytes blob = {0};
        FW_XGROW(blob.d, blob.cap, UNALIGNED + b.n);
        memset(blob.d, 0xff, UNALIGNED);
        blob.n = UNALIGNED;
        put(&blob, b.d, b.n);
        l = load_file(dir, "blob.bin", blob.d, blob.n);
        assert_found(&l, f, s, "blob.bin", UNALIGNED, "blob.bin@0x");
        ck_assert_ptr_nonnull(row_at(l.report, "blob.bin", 0, "padding"));
        tu_unload(&l);
        free(blob.d);
    }
    if (f->flags & FW_FORMAT_NESTED) {
        bytes tar;
        ck_assert_ptr_null(la_write(&tar, archive_write_set_format_ustar, NULL, "img", b.d,
                                    b.n, NULL, NULL, 0));
        tu_loaded l = load_file(dir, "outer.tar", tar.d, tar.n);
        assert_found(&l, f, s, "/img", 0, "/img@0x");
        ck_assert(fw_ns_get(tu_ns_named(l.tree, ""), "/img")->is_container);
        tu_unload(&l);
        free(tar.d);
    }
    free(b.d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Each entry has what its flags need. */
START_TEST(table_entries_are_complete)
{
    ck_assert_uint_gt(fw_format_count, 0);
    for (size_t i = 0; i < fw_format_count; i++) {
        const fw_format *f = fw_formats[i];
        ck_assert_msg(f->name && *f->name && f->probe, "entry %zu: no name or probe", i);
        ck_assert_msg(f->flags & WHERE, "%s: no flag says where it occurs", f->name);
        ck_assert_msg(f->key.n > 0, "%s: no key (the bytes it starts with)", f->name);
        ck_assert_msg(!(f->flags & FW_FORMAT_CARVED) || f->open, "%s: carved, no open", f->name);
        ck_assert_msg(!(f->flags & FW_FORMAT_ARCHIVE) || f->load, "%s: archive, no load",
                      f->name);
        ck_assert_msg(!(f->flags & FW_FORMAT_NESTED) || (f->flags & FW_FORMAT_CARVED),
                      "%s: nested files are carved, so it must be carved", f->name);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(fw_formats[j] != f, "%s: twice in the table", f->name);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("formats");
    TCase *tc = tcase_create("table");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, table_entries_are_complete);
    tcase_add_loop_test(tc, every_format_has_a_sample_that_is_read, 0, (int)fw_format_count);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
