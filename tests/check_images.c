/* check_images.c: firmware images (src/input/carve.c and the format
 * readers). Every image is built at test time with the tools a vendor's
 * build uses (gensquashfs/mksquashfs, mke2fs -d, mkimage, mkfs.cramfs,
 * mkfs.jffs2) or written here byte by byte (TRX, concatenated blobs, damaged
 * headers); the tests assert what a user sees: files in the tree under the
 * chain that led to them, the layout inventory, the report's errors and
 * the incomplete flag (exit code 3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <zlib.h>
#include <zstd.h>
#include "imageutil.h"
#include "testutil.h"
#include "core/xalloc.h"
#include "core/strbuf.h"
#include "checks/registry.h"
#include "input/input.h"


/* Loaded as a large image would be: files of 64 KiB and more read on
 * demand where the reader supports it (a small image is held whole by
 * default: lazy_after_bytes; see squashfs_small_image_is_held). */
static tu_loaded load(const char *path)
{
    fw_limits lim;
    fw_limits_default(&lim);
    lim.lazy_after_bytes = 0;
    return tu_load(path, &lim);
}

/* A small root file system under dir/root. */
static void make_rootfs(const char *dir)
{
    tu_write(dir, "root/etc/shadow", "root::0:0:99999:7:::\n");
    tu_write(dir, "root/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    tu_write(dir, "root/etc/inittab", "::askconsole:/bin/ash --login\n");
    char *big = fw_xmalloc(300000);
    for (size_t i = 0; i < 300000; i++)
        big[i] = (char)('a' + (i * 7 + i / 13) % 26);
    big[299999] = '\0';
    tu_write(dir, "root/usr/lib/big.txt", big);
    free(big);
    tu_run("ln -s /tmp/resolv.conf '%s/root/etc/resolv.conf'", dir);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    return (unsigned char *)tu_slurp(path, n);
}

static void check_rootfs(fw_ns *ns)
{
    ck_assert_ptr_nonnull(ns);
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), "root::0:0:99999:7:::\n");
    fw_node *big = fw_ns_get(ns, "/usr/lib/big.txt");
    ck_assert_ptr_nonnull(big);
    ck_assert_uint_eq(big->size, 299999);
    fw_blob b;
    fw_error err = {0};
    ck_assert_int_eq(fw_node_open(big, &b, &err), FW_OK);   /* held, or read on demand */
    ck_assert_uint_eq(b.size, 299999);
    ck_assert_int_eq(b.data[299998], 'a' + (299998 * 7 + 299998 / 13) % 26);
    fw_blob_close(&b);
    fw_node *l = fw_ns_get(ns, "/etc/resolv.conf");
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(l->type, FW_NODE_SYMLINK);
    ck_assert_str_eq(l->link_target, "/tmp/resolv.conf");
}

/* --- squashfs --- */

static void squashfs_with(const char *comp)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("gensquashfs -q -f -c %s -D '%s/root' '%s/rootfs.sqfs'", comp, dir, dir);
    char *img = fw_xasprintf("%s/rootfs.sqfs", dir);
    tu_loaded l = load(img);
    ck_assert_int_eq(l.rc, FW_OK);
    ck_assert_msg(!l.report->incomplete, "%s squashfs reported incomplete", comp);
    fw_ns *ns = tu_ns_named(l.tree, "rootfs.sqfs@0x0 (squashfs)");
    check_rootfs(ns);
    /* The input stays mapped, so the large file is decompressed when a
     * check opens it, not held for the whole scan; small ones are held. */
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/usr/lib/big.txt")->src);
    ck_assert_ptr_null(fw_ns_get(ns, "/usr/lib/big.txt")->data);
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/etc/shadow")->data);
    ck_assert_uint_lt(l.tree->bytes_held, 299999);
    const char *const *row = tu_layout_row(l.report, "squashfs 4.0", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[1], "0x0");
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_ptr_nonnull(strstr(row[4], comp));
    ck_assert_str_eq(l.report->input_kind, "firmware");
    tu_unload(&l);
    free(img);
    tu_rmtree(dir);
    free(dir);
}

/* With the default limits a small image is held whole (each file
 * decompressed once, however often the analyzers open it). */
START_TEST(squashfs_small_image_is_held)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("gensquashfs -q -f -c xz -D '%s/root' '%s/rootfs.sqfs'", dir, dir);
    char *img = fw_xasprintf("%s/rootfs.sqfs", dir);
    tu_loaded l = tu_load(img, NULL);   /* the default limits */
    fw_node *big = fw_ns_get(tu_ns_named(l.tree, "rootfs.sqfs@0x0 (squashfs)"), "/usr/lib/big.txt");
    ck_assert_ptr_nonnull(big->data);
    ck_assert_ptr_null(big->src);
    tu_unload(&l);
    free(img);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(squashfs_every_compressor)
{
    static const char *const comps[] = { "gzip", "xz", "lzma", "lzo", "lz4", "zstd" };
    squashfs_with(comps[_i]);
}
END_TEST

START_TEST(squashfs_by_mksquashfs_inside_a_tarball_entry_is_opened)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("mksquashfs '%s/root' '%s/fs.img' -comp xz -noappend", dir, dir);
    tu_run("cd '%s' && tar cf outer.tar fs.img", dir);
    char *p = fw_xasprintf("%s/outer.tar", dir);
    tu_loaded l = load(p);
    check_rootfs(tu_ns_named(l.tree, "/fs.img@0x0 (squashfs)"));
    /* the image is held by its tar entry: its large file is read on demand */
    ck_assert_ptr_nonnull(fw_ns_get(tu_ns_named(l.tree, "/fs.img@0x0 (squashfs)"),
                                    "/usr/lib/big.txt")->src);
    ck_assert(fw_ns_get(tu_ns_named(l.tree, ""), "/fs.img")->is_container);
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- a vendor-style blob: junk, uImage(squashfs), padding, ext4, cpio.gz --- */

START_TEST(concatenated_blob_unpacks_every_part_with_its_chain)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("gensquashfs -q -f -c xz -D '%s/root' '%s/fs.sqfs'", dir, dir);
    tu_run("mkimage -A mips -O linux -T filesystem -C none -n rootfs -d '%s/fs.sqfs' '%s/fs.uimg'",
        dir, dir);
    tu_write(dir, "ext/etc/config/system", "option hostname router\n");
    tu_run("mke2fs -q -t ext4 -d '%s/ext' '%s/fs.ext4' 1M", dir, dir);
    tu_write(dir, "initrd/init", "#!/bin/sh\nexec /sbin/init\n");
    tu_run("cd '%s/initrd' && find . | cpio -o -H newc | gzip -9 > ../initrd.cpio.gz", dir);
    size_t nu, ne, nc;
    unsigned char *u = tu_slurp_in(dir, "fs.uimg", &nu);
    unsigned char *e = tu_slurp_in(dir, "fs.ext4", &ne);
    unsigned char *c = tu_slurp_in(dir, "initrd.cpio.gz", &nc);
    size_t off_u = 0x100, off_e = (0x100 + nu + 0xfff) & ~(size_t)0xfff, off_c = off_e + ne;
    size_t total = off_c + nc + 64;
    unsigned char *blob = fw_xcalloc(1, total);
    memset(blob, 0xff, off_e);
    memcpy(blob, "VENDORHDR v1.2 build 42", 23);
    memcpy(blob + off_u, u, nu);
    memcpy(blob + off_e, e, ne);
    memcpy(blob + off_c, c, nc);
    char *p = fw_xasprintf("%s/firmware.bin", dir);
    tu_spit(p, blob, total);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.rc, FW_OK);
    char *ch = fw_xasprintf("firmware.bin@0x%zx (uImage > squashfs)", off_u + 64);
    check_rootfs(tu_ns_named(l.tree, ch));
    free(ch);
    ch = fw_xasprintf("firmware.bin@0x%zx (ext)", off_e);
    ck_assert_str_eq(tu_content(tu_ns_named(l.tree, ch), "/etc/config/system"),
                     "option hostname router\n");
    free(ch);
    ch = fw_xasprintf("firmware.bin@0x%zx (gzip)", off_c);
    ck_assert_str_eq(tu_content(tu_ns_named(l.tree, ch), "/init"), "#!/bin/sh\nexec /sbin/init\n");
    free(ch);
    /* the layout lists each part, the uImage with its parsed header */
    const char *const *row = tu_layout_row(l.report, "uImage", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_ptr_nonnull(strstr(row[4], "\"rootfs\""));
    ck_assert_ptr_nonnull(strstr(row[4], "header CRC ok, data CRC ok"));
    ck_assert_ptr_nonnull(tu_layout_row(l.report, "ext2/3/4", 0));
    ck_assert_ptr_nonnull(strstr(tu_layout_row(l.report, "ext2/3/4", 0)[4], "ext4"));
    ck_assert_ptr_nonnull(tu_layout_row(l.report, "padding", 0));
    ck_assert_str_eq(tu_layout_row(l.report, "data", 0)[1], "0x0");
    /* bytes no structure claims are still checked: kept as a file of their own */
    const char *raw = tu_content(tu_ns_named(l.tree, "firmware.bin@0x0 (data)"), "/data");
    ck_assert_ptr_nonnull(raw);
    ck_assert_int_eq(strncmp(raw, "VENDORHDR v1.2 build 42", 23), 0);
    ck_assert_int_eq(l.report->incomplete, 0);
    ck_assert(fw_ns_get(tu_ns_named(l.tree, ""), "/firmware.bin")->is_container);
    tu_unload(&l);
    free(p);
    free(blob);
    free(u);
    free(e);
    free(c);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A gzip stream and a cpio archive stored as files inside a squashfs are
 * not carved out of the image a second time (they may be opened as the
 * squashfs's own files, one level down). */
START_TEST(magics_inside_a_claimed_region_are_not_carved_again)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_write(dir, "root/boot/init.txt", "hello initramfs\n");
    tu_run("cd '%s/root/boot' && echo init.txt | cpio -o -H newc > initrd.cpio", dir);
    tu_run("gensquashfs -q -f -c gzip -D '%s/root' '%s/img.bin'", dir, dir);
    char *p = fw_xasprintf("%s/img.bin", dir);
    tu_loaded l = load(p);
    const fw_inventory *inv = fw_report_find_inventory(l.report, "layout");
    ck_assert_ptr_nonnull(inv);
    size_t rows_with_cpio = 0;
    for (size_t i = 0; i < inv->n_rows; i++)
        rows_with_cpio += strstr(inv->rows[i][3], "cpio") != NULL;
    ck_assert_uint_eq(rows_with_cpio, 0);
    /* the cpio is read once, as the squashfs's file */
    size_t with_init = 0;
    for (size_t i = 0; i < l.tree->ns_count; i++)
        with_init += fw_ns_get(l.tree->ns[i], "/init.txt") != NULL;
    ck_assert_uint_eq(with_init, 1);
    ck_assert_ptr_nonnull(tu_ns_named(l.tree, "img.bin@0x0 (squashfs) > /boot/initrd.cpio"));
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A vendor image that starts with a gzip stream (read as an archive) and
 * goes on with a file system and a raw config: both are still read. */
START_TEST(bytes_after_a_leading_gzip_archive_are_carved)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_write(dir, "boot/init", "#!/bin/sh\n");
    tu_run("cd '%s/boot' && tar czf ../boot.tgz init", dir);
    tu_run("gensquashfs -q -f -c gzip -D '%s/root' '%s/fs.sqfs'", dir, dir);
    size_t nt, ns;
    unsigned char *t = tu_slurp_in(dir, "boot.tgz", &nt);
    unsigned char *q = tu_slurp_in(dir, "fs.sqfs", &ns);
    const char *cfg = "wan_password=Sup3rSecret\n";
    size_t total = nt + ns + strlen(cfg);
    unsigned char *blob = fw_xmalloc(total);
    memcpy(blob, t, nt);
    memcpy(blob + nt, q, ns);
    memcpy(blob + nt + ns, cfg, strlen(cfg));
    tu_spit_in(dir, "fw.bin", blob, total);
    char *p = fw_xasprintf("%s/fw.bin", dir);
    tu_loaded l = load(p);
    ck_assert_str_eq(tu_content(tu_ns_named(l.tree, ""), "/init"), "#!/bin/sh\n");
    char *ch = fw_xasprintf("fw.bin@0x%zx (squashfs)", nt);
    check_rootfs(tu_ns_named(l.tree, ch));
    free(ch);
    /* the config after the squashfs (and its zero padding) is kept as raw data */
    int seen = 0;
    for (size_t i = 0; i < l.tree->ns_count; i++) {
        fw_node *dn = fw_ns_get(l.tree->ns[i], "/data");
        const char *c = l.tree->ns[i]->chain;
        if (dn && strncmp(c, "fw.bin@0x", 9) == 0 && strstr(c, "(data)"))
            seen += memmem(dn->data, dn->size, cfg, strlen(cfg)) != NULL;
    }
    ck_assert_int_eq(seen, 1);
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(t);
    free(q);
    free(blob);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- uImage, TRX, FIT --- */

START_TEST(uimage_lzma_kernel_is_decompressed)
{
    char *dir = tu_mkdtemp();
    char *k = fw_xmalloc(200000);
    for (size_t i = 0; i < 200000; i++)
        k[i] = (char)(i % 251);
    memcpy(k + 1000, "Linux version 5.15.0 (builder@host)", 35);
    tu_spit_in(dir, "vmlinux", k, 200000);
    tu_run("cd '%s' && xz --format=lzma -k -c vmlinux > vmlinux.lzma", dir);
    tu_run("mkimage -A mips -O linux -T kernel -C lzma -a 0x80000000 -e 0x80000000 "
        "-n 'Test Linux-5.15' -d '%s/vmlinux.lzma' '%s/uImage.bin'", dir, dir);
    char *p = fw_xasprintf("%s/uImage.bin", dir);
    tu_loaded l = load(p);
    fw_ns *ns = tu_ns_named(l.tree, "uImage.bin@0x40 (uImage > lzma)");
    ck_assert_ptr_nonnull(ns);
    fw_node *kn = fw_ns_get(ns, "/kernel");
    ck_assert_ptr_nonnull(kn);
    ck_assert_uint_eq(kn->size, 200000);
    ck_assert_int_eq(memcmp(kn->data, k, 200000), 0);
    const char *const *row = tu_layout_row(l.report, "uImage", 0);
    ck_assert_ptr_nonnull(strstr(row[4], "\"Test Linux-5.15\", kernel, linux/mips, "
                                          "compression lzma, load 0x80000000"));
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(k);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

static unsigned char *make_uimage_of_squashfs(const char *dir, size_t *n)
{
    make_rootfs(dir);
    tu_run("gensquashfs -q -f -c gzip -D '%s/root' '%s/fs.sqfs'", dir, dir);
    tu_run("mkimage -A arm -O linux -T filesystem -C none -n rootfs -d '%s/fs.sqfs' '%s/u.img'",
        dir, dir);
    char *p = fw_xasprintf("%s/u.img", dir);
    unsigned char *d = slurp(p, n);
    free(p);
    return d;
}

START_TEST(uimage_header_crc_wrong_is_reported)
{
    char *dir = tu_mkdtemp();
    size_t n;
    unsigned char *d = make_uimage_of_squashfs(dir, &n);
    d[32] ^= 0x20;   /* a letter of the name: header CRC no longer matches */
    char *p = fw_xasprintf("%s/bad-hcrc.bin", dir);
    tu_spit(p, d, n);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "uImage header CRC mismatch", NULL));
    ck_assert_str_eq(tu_layout_row(l.report, "uImage", 0)[5], "damaged");
    /* the squashfs after the untrusted header is still found by carving */
    check_rootfs(tu_ns_named(l.tree, "bad-hcrc.bin@0x40 (squashfs)"));
    tu_unload(&l);
    free(d);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(uimage_data_crc_wrong_and_lying_size_are_reported)
{
    char *dir = tu_mkdtemp();
    size_t n;
    unsigned char *d = make_uimage_of_squashfs(dir, &n);
    d[n - 1] ^= 0xff;   /* last payload byte (squashfs padding) */
    char *p = fw_xasprintf("%s/bad-dcrc.bin", dir);
    tu_spit(p, d, n);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "uImage data CRC mismatch", NULL));
    ck_assert_ptr_nonnull(strstr(tu_layout_row(l.report, "uImage", 0)[4], "data CRC MISMATCH"));
    tu_unload(&l);
    free(p);
    /* size field says more than the file holds (header CRC fixed up) */
    d[n - 1] ^= 0xff;
    uint32_t big = (uint32_t)(n * 4);
    d[12] = (unsigned char)(big >> 24); d[13] = (unsigned char)(big >> 16);
    d[14] = (unsigned char)(big >> 8); d[15] = (unsigned char)big;
    memset(d + 4, 0, 4);
    uint32_t crc = (uint32_t)crc32(0, d, 64);
    d[4] = (unsigned char)(crc >> 24); d[5] = (unsigned char)(crc >> 16);
    d[6] = (unsigned char)(crc >> 8); d[7] = (unsigned char)crc;
    p = fw_xasprintf("%s/lying.bin", dir);
    tu_spit(p, d, n);
    l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "uImage size field says", "only"));
    ck_assert_str_eq(tu_layout_row(l.report, "uImage", 0)[5], "truncated");
    check_rootfs(tu_ns_named(l.tree, "lying.bin@0x40 (uImage > squashfs)"));
    tu_unload(&l);
    free(d);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(truncated_squashfs_is_reported_not_passed)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("gensquashfs -q -f -c gzip -D '%s/root' '%s/fs.sqfs'", dir, dir);
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "fs.sqfs", &n);
    /* cut inside the used bytes (bytes_used at offset 40), not the padding */
    size_t used = (size_t)d[40] | (size_t)d[41] << 8 | (size_t)d[42] << 16;
    ck_assert_uint_le(used, n);
    char *p = fw_xasprintf("%s/cut.sqfs", dir);
    tu_spit(p, d, used / 2);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.rc, FW_OK);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "superblock says", "truncated"));
    const char *const *row = tu_layout_row(l.report, "squashfs 4.0", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert(strcmp(row[5], "unpacked") != 0);
    tu_unload(&l);
    free(d);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}

START_TEST(trx_crc_checked_and_body_carved)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("gensquashfs -q -f -c xz -D '%s/root' '%s/fs.sqfs'", dir, dir);
    size_t n;
    unsigned char *s = tu_slurp_in(dir, "fs.sqfs", &n);
    size_t len = 28 + n;
    unsigned char *t = fw_xcalloc(1, len);
    memcpy(t, "HDR0", 4);
    put_le32(t + 4, (uint32_t)len);
    t[12] = 0; t[13] = 0; t[14] = 1; t[15] = 0;   /* flags 0, version 1 */
    put_le32(t + 16, 28);
    memcpy(t + 28, s, n);
    put_le32(t + 8, ~(uint32_t)crc32(0, t + 12, (uInt)(len - 12)));
    char *p = fw_xasprintf("%s/trx.bin", dir);
    tu_spit(p, t, len);
    tu_loaded l = load(p);
    check_rootfs(tu_ns_named(l.tree, "trx.bin@0x1c (trx > squashfs)"));
    ck_assert_ptr_nonnull(strstr(tu_layout_row(l.report, "trx", 0)[4], "CRC ok"));
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    t[100] ^= 1;   /* one bit of the body flipped: the stored CRC no longer matches */
    p = fw_xasprintf("%s/trx-bad.bin", dir);
    tu_spit(p, t, len);
    l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "TRX CRC mismatch", NULL));
    tu_unload(&l);
    free(p);
    free(s);
    free(t);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* The kernel command line of a device tree blob is judged by the shipped
 * rules: a serial console there is a finding, a console on tty1 is not. */
START_TEST(device_tree_bootargs_are_judged)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "a.dts", "/dts-v1/;\n/ {\n model = \"router\";\n"
             " chosen { bootargs = \"console=ttyS0,115200 root=/dev/mtdblock2\"; };\n};\n");
    tu_write(dir, "b.dts", "/dts-v1/;\n/ {\n chosen { bootargs = \"console=tty1 quiet\"; };\n};\n");
    tu_run("dtc -I dts -O dtb -o '%s/a.dtb' '%s/a.dts'", dir, dir);
    tu_run("dtc -I dts -O dtb -o '%s/b.dtb' '%s/b.dts'", dir, dir);
    fw_ruleset *rs = tu_ruleset_shipped();
    char *p = fw_xasprintf("%s/a.dtb", dir);
    tu_loaded l = load(p);
    fw_report *r = tu_run_checks(rs, l.tree);
    ck_assert_uint_eq(tu_count(r, "bootloader-serial-console"), 1);
    const fw_finding *f = tu_get(r, "bootloader-serial-console", 0);
    ck_assert_str_eq(f->path, "/chosen/bootargs");
    ck_assert_ptr_nonnull(strstr(f->chain, "chosen"));
    fw_report_free(&r);
    tu_unload(&l);
    free(p);
    p = fw_xasprintf("%s/b.dtb", dir);
    l = load(p);
    r = tu_run_checks(rs, l.tree);
    ck_assert_uint_eq(tu_count(r, "bootloader-serial-console"), 0);
    fw_report_free(&r);
    tu_unload(&l);
    free(p);
    fw_ruleset_free(&rs);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(fit_images_listed_with_signature_status)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("gensquashfs -q -f -c gzip -D '%s/root' '%s/fs.sqfs'", dir, dir);
    char *its = fw_xasprintf(
        "/dts-v1/;\n/ {\n description = \"test\";\n #address-cells = <1>;\n"
        " images {\n  rootfs {\n   description = \"rootfs\";\n   data = /incbin/(\"%s/fs.sqfs\");\n"
        "   type = \"ramdisk\";\n   arch = \"arm\";\n   os = \"linux\";\n"
        "   compression = \"none\";\n"
        "   hash-1 { algo = \"sha256\"; };\n  };\n };\n"
        " configurations {\n  default = \"conf-1\";\n"
        "  conf-1 { ramdisk = \"rootfs\"; };\n };\n};\n",
        dir);
    tu_write(dir, "fw.its", its);
    free(its);
    tu_run("mkimage -f '%s/fw.its' '%s/fw.itb'", dir, dir);
    char *p = fw_xasprintf("%s/fw.itb", dir);
    tu_loaded l = load(p);
    const char *const *row = tu_layout_row(l.report, "FIT", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[4], "1 images (0 signed), 1 configurations (0 signed)");
    row = tu_layout_row(l.report, "image", 0);
    ck_assert_ptr_nonnull(strstr(row[4], "\"rootfs\": type ramdisk, compression none, "
                                         "hash sha256, signature none"));
    /* the image's data is carved: its squashfs is read */
    int found = 0;
    for (size_t i = 0; i < l.tree->ns_count; i++)
        if (strstr(l.tree->ns[i]->chain, "(fit > squashfs)")) {
            check_rootfs(l.tree->ns[i]);
            found = 1;
        }
    ck_assert(found);
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- ext4, cramfs, jffs2 --- */

START_TEST(ext234_read_without_mount)
{
    static const char *const kinds[] = { "ext2", "ext3", "ext4" };
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("mke2fs -q -t %s -d '%s/root' '%s/rootfs.img' 8M", kinds[_i], dir, dir);
    char *p = fw_xasprintf("%s/rootfs.img", dir);
    tu_loaded l = load(p);
    check_rootfs(tu_ns_named(l.tree, "rootfs.img@0x0 (ext)"));
    const char *const *row = tu_layout_row(l.report, "ext2/3/4", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_int_eq(strncmp(row[4], kinds[_i], 4), 0);
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(ext4_truncated_is_reported)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("mke2fs -q -t ext4 -d '%s/root' '%s/rootfs.img' 8M", dir, dir);
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "rootfs.img", &n);
    char *p = fw_xasprintf("%s/cut.img", dir);
    tu_spit(p, d, n / 4);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "ext2/3/4 superblock says", "truncated"));
    ck_assert(strcmp(tu_layout_row(l.report, "ext2/3/4", 0)[5], "unpacked") != 0);
    tu_unload(&l);
    free(d);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(cramfs_read_both_endians)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("mkfs.cramfs -N %s '%s/root' '%s/rootfs.cramfs'", _i ? "big" : "little", dir, dir);
    char *p = fw_xasprintf("%s/rootfs.cramfs", dir);
    tu_loaded l = load(p);
    check_rootfs(tu_ns_named(l.tree, "rootfs.cramfs@0x0 (cramfs)"));
    const char *const *row = tu_layout_row(l.report, _i ? "cramfs big-endian" : "cramfs", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* JFFS2 with each compressor mkfs.jffs2 writes, both endiannesses. */
START_TEST(jffs2_read_every_compressor_both_endians)
{
    static const char *const opts[] = {
        "-l", "-b",                                   /* zlib (default) */
        "-l -x zlib", "-b -x zlib",                   /* rtime */
        "-l -X lzo -x zlib -x rtime", "-b -X lzo -x zlib -x rtime",
    };
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("mkfs.jffs2 %s -e 0x10000 -r '%s/root' -o '%s/rootfs.jffs2'", opts[_i], dir, dir);
    char *p = fw_xasprintf("%s/rootfs.jffs2", dir);
    tu_loaded l = load(p);
    check_rootfs(tu_ns_named(l.tree, "rootfs.jffs2@0x0 (jffs2)"));
    const char *const *row = tu_layout_row(l.report, "jffs2", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_ptr_nonnull(strstr(row[4], _i % 2 ? "big-endian" : "little-endian"));
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(jffs2_bad_crc_node_is_reported)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("mkfs.jffs2 -l -r '%s/root' -o '%s/rootfs.jffs2'", dir, dir);
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "rootfs.jffs2", &n);
    /* damage the middle of the image: some data node's CRC fails */
    for (size_t i = n / 2; i < n / 2 + 64 && i < n; i++)
        d[i] ^= 0x55;
    char *p = fw_xasprintf("%s/bad.jffs2", dir);
    tu_spit(p, d, n);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "JFFS2", "skipped"));
    /* one file system, not two halves: the nodes after the damage belong to it */
    ck_assert_ptr_null(tu_layout_row(l.report, "jffs2", 1));
    ck_assert_str_eq(tu_layout_row(l.report, "jffs2", 0)[5], "unpacked in part");
    fw_ns *ns = tu_ns_named(l.tree, "bad.jffs2@0x0 (jffs2)");
    ck_assert_ptr_nonnull(ns);
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/etc/resolv.conf"));
    tu_unload(&l);
    free(d);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* UBI and UBIFS are read (src/input/formats/ubi.c, ubifs.c; more in check_ubi.c). */
START_TEST(ubi_and_ubifs_are_read)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    tu_run("mkfs.ubifs -m 2048 -e 126976 -c 64 -r '%s/root' -o '%s/fs.ubifs'", dir, dir);
    char *cfg = fw_xasprintf("[rootfs]\nmode=ubi\nimage=%s/fs.ubifs\nvol_id=0\nvol_type=dynamic\n"
                          "vol_name=rootfs\nvol_flags=autoresize\n", dir);
    tu_write(dir, "ubi.cfg", cfg);
    free(cfg);
    tu_run("ubinize -o '%s/fw.ubi' -m 2048 -p 128KiB -s 512 '%s/ubi.cfg'", dir, dir);
    char *p = fw_xasprintf("%s/fw.ubi", dir);
    tu_loaded l = load(p);
    const char *const *row = tu_layout_row(l.report, "ubi", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[5], "read");
    ck_assert_int_eq(l.report->incomplete, 0);
    check_rootfs(tu_ns_named(l.tree, "fw.ubi@0x0 (ubi) > volume rootfs > ubifs@0x0"));
    tu_unload(&l);
    free(p);
    /* the bare UBIFS too */
    p = fw_xasprintf("%s/fs.ubifs", dir);
    l = load(p);
    ck_assert_str_eq(tu_layout_row(l.report, "ubifs", 0)[5], "unpacked");
    ck_assert_int_eq(l.report->incomplete, 0);
    check_rootfs(tu_ns_named(l.tree, "fs.ubifs@0x0 (ubifs)"));
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A gzip stream at an offset that expands past the ratio limit is cut and
 * reported, not held whole. */
START_TEST(carved_gzip_bomb_is_cut_and_reported)
{
    char *dir = tu_mkdtemp();
    tu_run("head -c 300000000 /dev/zero | gzip -9 > '%s/zeros.gz'", dir);
    size_t nz;
    unsigned char *z = tu_slurp_in(dir, "zeros.gz", &nz);
    size_t total = 4096 + nz;
    unsigned char *blob = fw_xcalloc(1, total);
    memcpy(blob, "HEADER", 6);
    memcpy(blob + 4096, z, nz);
    char *p = fw_xasprintf("%s/bomb.bin", dir);
    tu_spit(p, blob, total);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "gzip stream", "size limits"));
    ck_assert_str_eq(tu_layout_row(l.report, "gzip", 0)[5], "unpacked in part");
    ck_assert_uint_lt(l.tree->bytes_held, 300000000 / 2);
    tu_unload(&l);
    free(z);
    free(blob);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A zstd frame at an offset (a tar of a rootfs inside) is decoded and read;
 * the same frame cut short is read in part and reported. */
START_TEST(zstd_stream_at_an_offset_is_read)
{
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    /* letters from a xorshift: several zstd blocks, so half a frame decodes */
    char *noise = fw_xmalloc(400001);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < 400000; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        noise[i] = (char)('a' + x % 26);
    }
    noise[400000] = '\0';
    tu_write(dir, "root/usr/share/noise.txt", noise);
    free(noise);
    tu_run("cd '%s/root' && tar cf ../etc.tar etc usr", dir);
    size_t nt;
    unsigned char *tar = tu_slurp_in(dir, "etc.tar", &nt);
    size_t bound = ZSTD_compressBound(nt);
    unsigned char *blob = fw_xcalloc(1, 1000 + bound + 512);
    memset(blob, 'J', 1000);
    size_t nz = ZSTD_compress(blob + 1000, bound, tar, nt, 3);
    ck_assert(!ZSTD_isError(nz));
    size_t total = 1000 + nz + 512;   /* then zero padding */
    char *p = fw_xasprintf("%s/fw.bin", dir);
    tu_spit(p, blob, total);
    tu_loaded l = load(p);
    const char *const *row = tu_layout_row(l.report, "zstd", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[1], "0x3e8");
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_int_eq(l.report->incomplete, 0);
    ck_assert_str_eq(tu_content(tu_ns_named(l.tree, "fw.bin@0x3e8 (zstd)"), "/etc/shadow"),
                     "root::0:0:99999:7:::\n");
    tu_unload(&l);
    tu_spit(p, blob, 1000 + nz / 2);   /* the frame loses its second half */
    l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "zstd stream", "read in part"));
    ck_assert_str_eq(tu_layout_row(l.report, "zstd", 0)[5], "unpacked in part");
    tu_unload(&l);
    free(tar);
    free(blob);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* An ELF kernel (vmlinux) inside a blob: recognised, sized from its
 * program headers, listed with its banner, kept as /kernel; the bytes
 * around it are carved as usual. Written by hand: a 32-bit big-endian
 * MIPS executable with one PT_LOAD covering 12 KiB. */
START_TEST(elf_kernel_in_a_blob_is_recognised)
{
    enum { PRE = 4096, K = 12288 };
    unsigned char *blob = fw_xcalloc(1, PRE + K + 512);
    memset(blob, 'J', PRE);
    unsigned char *e = blob + PRE;
    memcpy(e, "\x7f" "ELF\x01\x02\x01", 7);
    e[17] = 2;                      /* ET_EXEC */
    e[19] = 8;                      /* EM_MIPS */
    e[23] = 1;                      /* version */
    e[31] = 52;                     /* e_phoff */
    e[43] = 32;                     /* e_phentsize */
    e[45] = 1;                      /* e_phnum */
    unsigned char *ph = e + 52;
    ph[3] = 1;                      /* PT_LOAD, offset 0 */
    ph[17] = (K >> 16) & 0xff;      /* p_filesz = K */
    ph[18] = (K >> 8) & 0xff;
    ph[19] = K & 0xff;
    memcpy(e + 2000, "Linux version 2.6.31 (dev@build) #1", 35);
    char *dir = tu_mkdtemp();
    char *p = fw_xasprintf("%s/fw.bin", dir);
    tu_spit(p, blob, PRE + K + 512);
    tu_loaded l = load(p);
    const char *const *row = tu_layout_row(l.report, "elf", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[1], "0x1000");
    ck_assert_str_eq(row[2], "12288");
    ck_assert_ptr_nonnull(strstr(row[4], "MIPS"));
    ck_assert_ptr_nonnull(strstr(row[4], "Linux version 2.6.31"));
    fw_node *k = fw_ns_get(tu_ns_named(l.tree, "fw.bin@0x1000 (elf)"), "/kernel");
    ck_assert_ptr_nonnull(k);
    ck_assert_uint_eq(k->size, K);
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    /* without the banner it is just bytes */
    memset(e + 2000, 'x', 35);
    tu_spit(p, blob, PRE + K + 512);
    l = load(p);
    ck_assert_ptr_null(tu_layout_row(l.report, "elf", 0));
    tu_unload(&l);
    free(blob);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Arcadyan's obfuscation (an LZMA kernel whose header bytes were swapped
 * around) is undone in memory: the image is written here the way the
 * vendor tool does it, from a real lzma stream. */
static unsigned char rot4(unsigned char b) { return (unsigned char)(b << 4 | b >> 4); }

START_TEST(arcadyan_obfuscated_lzma_is_read)
{
    char *dir = tu_mkdtemp();
    char *k = fw_xmalloc(100000);
    for (size_t i = 0; i < 100000; i++)
        k[i] = (char)((i * 31) % 253);
    memcpy(k + 5000, "Linux version 2.6.21 (arcadyan)", 31);
    tu_spit_in(dir, "vmlinux", k, 100000);
    tu_run("cd '%s' && xz --format=lzma -6 -c vmlinux > vmlinux.lzma", dir);
    size_t nl;
    unsigned char *lz = tu_slurp_in(dir, "vmlinux.lzma", &nl);
    size_t n = 4 + nl;
    unsigned char *plain = fw_xmalloc(n), *obf = fw_xmalloc(n);
    memcpy(plain, "\x30\x05\x11\x20", 4);
    memcpy(plain + 4, lz, nl);
    memcpy(obf, plain, n);
    memcpy(obf + 4, plain + 0x68, 32);                /* block 2 goes to 4 */
    for (size_t i = 0; i < 32; i += 2) {              /* block 1, scrambled, to 0x68 */
        obf[0x68 + i] = rot4(plain[4 + i + 1]);
        obf[0x68 + i + 1] = rot4(plain[4 + i]);
    }
    char *p = fw_xasprintf("%s/arc.bin", dir);
    tu_spit(p, obf, n);
    tu_loaded l = load(p);
    fw_ns *ns = tu_ns_named(l.tree, "arc.bin@0x4 (arcadyan > lzma)");
    ck_assert_ptr_nonnull(ns);
    fw_node *kn = fw_ns_get(ns, "/kernel");
    ck_assert_ptr_nonnull(kn);
    ck_assert_uint_eq(kn->size, 100000);
    ck_assert_int_eq(memcmp(kn->data, k, 100000), 0);
    ck_assert_str_eq(tu_layout_row(l.report, "arcadyan", 0)[5], "header parsed");
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(k);
    free(lz);
    free(plain);
    free(obf);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* a squashfs 3.x superblock that lies (block size 0) is named precisely,
 * not skipped (real 3.x images: tests/check_sqfs_legacy.c) */
START_TEST(legacy_squashfs_reported_precisely)
{
    unsigned char sb[4096] = {0};
    memcpy(sb, "hsqs", 4);
    sb[28] = 3; sb[30] = 1;            /* version 3.1 */
    sb[63] = 0x00; sb[64] = 0x10;      /* bytes_used 4096 */
    char *dir = tu_mkdtemp();
    char *p = fw_xasprintf("%s/old.sqfs", dir);
    tu_spit(p, sb, sizeof sb);
    tu_loaded l = load(p);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "squashfs 3.1", "invalid block size 0"));
    ck_assert_str_eq(tu_layout_row(l.report, "squashfs 3.1", 0)[5], "damaged");
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* What CI sees: the exit code of `fwaudit scan` on a good image (findings:
 * 1), on damaged ones (3), and the layout printed by --layout. FWAUDIT is
 * the binary make check built. */
static int cli_exit(const char *args, const char *path, char *out, size_t cap)
{
    const char *bin = getenv("FWAUDIT");
    ck_assert_msg(bin != NULL, "FWAUDIT not set: run through make check");
    char *cmd = fw_xasprintf("'%s' scan --no-progress --no-color %s '%s' 2>/dev/null", bin, args,
                          path);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    while (fgetc(p) != EOF) {}
    int st = pclose(p);
    free(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(cli_exit_codes_and_layout)
{
    char *dir = tu_mkdtemp();
    size_t n;
    unsigned char *d = make_uimage_of_squashfs(dir, &n);
    char *good = fw_xasprintf("%s/good.bin", dir);
    tu_spit(good, d, n);
    static char out[1 << 20];
    ck_assert_int_eq(cli_exit("--layout", good, out, sizeof out), 1);   /* root has no password */
    ck_assert_ptr_nonnull(strstr(out, "Image layout"));
    ck_assert_ptr_nonnull(strstr(out, "uImage > squashfs 4.0"));
    ck_assert_int_eq(cli_exit("", good, out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "good.bin@0x40 (uImage > squashfs) > /etc/shadow:1"));
    d[40] ^= 1;   /* header CRC */
    char *bad = fw_xasprintf("%s/bad.bin", dir);
    tu_spit(bad, d, n);
    ck_assert_int_eq(cli_exit("", bad, out, sizeof out), 3);
    ck_assert_ptr_nonnull(strstr(out, "uImage header CRC mismatch"));
    d[40] ^= 1;
    char *cut = fw_xasprintf("%s/cut.bin", dir);
    tu_spit(cut, d, n / 2);   /* the squashfs loses its tables */
    ck_assert_int_eq(cli_exit("", cut, out, sizeof out), 3);
    ck_assert_ptr_nonnull(strstr(out, "only"));
    free(d);
    free(good);
    free(bad);
    free(cut);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* The engine over a squashfs whose large file is read on demand: the
 * finding at its line with 1 and 2 jobs; with its blocks zeroed, the file
 * is reported unreadable when checked. */
static void checks_on_demand(const char *img, int damaged)
{
    tu_loaded l = load(img);   /* lazy_after_bytes 0: read on demand */
    fw_node *big = fw_ns_get(tu_ns_named(l.tree, "fs.sqfs@0x0 (squashfs)") ?
                             tu_ns_named(l.tree, "fs.sqfs@0x0 (squashfs)") :
                             tu_ns_named(l.tree, "bad.sqfs@0x0 (squashfs)"), "/etc/app/big.conf");
    ck_assert_ptr_nonnull(big);
    ck_assert_ptr_nonnull(big->src);
    fw_ruleset *rs = tu_ruleset_shipped();
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        fw_report *r = fw_report_new();
        fw_check_opts o = { .jobs = jobs };
        fw_error err = {0};
        ck_assert_int_eq(fw_checks_run_opts(rs, l.tree, r, &o, &err), FW_OK);
        if (!damaged) {
            ck_assert_uint_eq(tu_count(r, "aws-access-key-id"), 1);
            ck_assert_uint_eq(tu_get(r, "aws-access-key-id", 0)->line, 4001);
        } else {
            ck_assert(tu_has_error(r, "squashfs file data", "unreadable"));
        }
        fw_report_free(&r);
    }
    fw_ruleset_free(&rs);
    tu_unload(&l);
}

/* A large squashfs file is checked like any other, held (the CLI's
 * default on a small image) or read on demand (checks_on_demand): the
 * finding's path and line; cut the image so that file's blocks are gone
 * and the scan says it could not read it (exit 3), for 1 and 2 jobs. */
START_TEST(squashfs_large_file_checked_on_demand)
{
    char *dir = tu_mkdtemp();
    fw_strbuf sb = FW_STRBUF_INIT;
    for (int i = 1; i <= 4000; i++)
        fw_sb_addf(&sb, "# filler line %05d\n", i);
    fw_sb_addf(&sb, "aws_key = AKIAUJZDEGXDNCF32EPA\n");
    tu_write(dir, "root/etc/app/big.conf", fw_sb_str(&sb));
    fw_sb_release(&sb);
    tu_write(dir, "root/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    /* the big file's data blocks are most of the image, at its start */
    tu_run("gensquashfs -q -f -c gzip -D '%s/root' '%s/fs.sqfs'", dir, dir);
    char *img = fw_xasprintf("%s/fs.sqfs", dir);
    static char out[1 << 20];
    for (int jobs = 1; jobs <= 2; jobs++) {
        char *args = fw_xasprintf("--jobs %d", jobs);
        ck_assert_int_eq(cli_exit(args, img, out, sizeof out), 1);
        ck_assert_msg(strstr(out, "fs.sqfs@0x0 (squashfs) > /etc/app/big.conf:4001"), "%s", out);
        free(args);
    }
    checks_on_demand(img, 0);
    size_t n;
    unsigned char *d = slurp(img, &n);
    /* the data blocks come first in a squashfs: zero them, keep the tables */
    memset(d + 96, 0, n / 3);
    char *bad = fw_xasprintf("%s/bad.sqfs", dir);
    tu_spit(bad, d, n);
    ck_assert_int_eq(cli_exit("", bad, out, sizeof out), 3);
    ck_assert_msg(strstr(out, "big.conf") && strstr(out, "unreadable"), "%s", out);
    checks_on_demand(bad, 1);
    free(d);
    free(bad);
    free(img);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("images");
    TCase *tc = tcase_create("images");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, squashfs_every_compressor, 0, 6);
    tcase_add_test(tc, device_tree_bootargs_are_judged);
    tcase_add_test(tc, squashfs_by_mksquashfs_inside_a_tarball_entry_is_opened);
    tcase_add_test(tc, squashfs_large_file_checked_on_demand);
    tcase_add_test(tc, squashfs_small_image_is_held);
    tcase_add_test(tc, zstd_stream_at_an_offset_is_read);
    tcase_add_test(tc, elf_kernel_in_a_blob_is_recognised);
    tcase_add_test(tc, concatenated_blob_unpacks_every_part_with_its_chain);
    tcase_add_test(tc, magics_inside_a_claimed_region_are_not_carved_again);
    tcase_add_test(tc, bytes_after_a_leading_gzip_archive_are_carved);
    tcase_add_test(tc, uimage_lzma_kernel_is_decompressed);
    tcase_add_test(tc, uimage_header_crc_wrong_is_reported);
    tcase_add_test(tc, uimage_data_crc_wrong_and_lying_size_are_reported);
    tcase_add_test(tc, truncated_squashfs_is_reported_not_passed);
    tcase_add_test(tc, trx_crc_checked_and_body_carved);
    tcase_add_test(tc, fit_images_listed_with_signature_status);
    tcase_add_loop_test(tc, ext234_read_without_mount, 0, 3);
    tcase_add_test(tc, ext4_truncated_is_reported);
    tcase_add_loop_test(tc, cramfs_read_both_endians, 0, 2);
    tcase_add_loop_test(tc, jffs2_read_every_compressor_both_endians, 0, 6);
    tcase_add_test(tc, jffs2_bad_crc_node_is_reported);
    tcase_add_test(tc, ubi_and_ubifs_are_read);
    tcase_add_test(tc, legacy_squashfs_reported_precisely);
    tcase_add_test(tc, carved_gzip_bomb_is_cut_and_reported);
    tcase_add_test(tc, arcadyan_obfuscated_lzma_is_read);
    tcase_add_test(tc, cli_exit_codes_and_layout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
