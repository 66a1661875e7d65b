/* check_ubi.c: UBI images and UBIFS file systems (src/input/formats/ubi.c,
 * src/input/formats/ubifs.c). Every image is built at test time with mtd-utils
 * (mkfs.ubifs, ubinize) from a small root file system, then read back,
 * and some are damaged byte by byte (truncated, a node CRC broken, an index
 * node pointing at itself, a LEB number out of range). The tests assert
 * what a user sees: the files in the tree under the chain that led to
 * them, the layout rows, the report's errors and incomplete flag, and the
 * finding the scanner reports on /etc/shadow. Missing tools skip visibly
 * (a message on stderr); so do the corpus samples when absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <zlib.h>
#include "imageutil.h"
#include "testutil.h"
#include "core/xalloc.h"
#include "input/input.h"

#define BIG_SIZE 50000
#define CORPUS TOP_SRCDIR "/../shared/corpus/formats/"

static int have_mtd_utils(void)
{
    char out[256];
    if (tu_sh(out, sizeof out, "command -v mkfs.ubifs && command -v ubinize") != 0) {
        fprintf(stderr, "check_ubi: SKIPPED: mkfs.ubifs/ubinize (mtd-utils) not installed\n");
        return 0;
    }
    return 1;
}

static char big_byte(size_t i) { return (char)('a' + (i * 7 + i / 13) % 26); }

/* A small root file system under dir/root: /etc/shadow with an empty root
 * password, a symlink, a nested directory, a file of several data nodes. */
static void make_rootfs(const char *dir)
{
    char out[2048];
    tu_write(dir, "root/etc/shadow", "root::0:0:99999:7:::\n");
    tu_write(dir, "root/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    tu_write(dir, "root/bin/busybox", "#!/bin/sh\n");
    tu_write(dir, "root/usr/share/deep/er/note.txt", "nested\n");
    char *big = fw_xmalloc(BIG_SIZE + 1);
    for (size_t i = 0; i < BIG_SIZE; i++)
        big[i] = big_byte(i);
    big[BIG_SIZE] = '\0';
    tu_write(dir, "root/usr/lib/big.txt", big);
    free(big);
    ck_assert_int_eq(tu_sh(out, sizeof out, "ln -s /tmp/resolv.conf '%s/root/etc/resolv.conf'",
                        dir), 0);
}

static void check_rootfs(fw_ns *ns)
{
    ck_assert_ptr_nonnull(ns);
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), "root::0:0:99999:7:::\n");
    ck_assert_str_eq(tu_content(ns, "/usr/share/deep/er/note.txt"), "nested\n");
    fw_node *d = fw_ns_get(ns, "/usr/share/deep/er");
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(d->type, FW_NODE_DIR);
    fw_node *big = fw_ns_get(ns, "/usr/lib/big.txt");
    ck_assert_ptr_nonnull(big);
    ck_assert_uint_eq(big->size, BIG_SIZE);
    ck_assert_int_eq(big->truncated, 0);
    for (size_t i = 0; i < BIG_SIZE; i += 4093)
        ck_assert_int_eq(big->data[i], big_byte(i));
    ck_assert_int_eq(big->data[BIG_SIZE - 1], big_byte(BIG_SIZE - 1));
    fw_node *l = fw_ns_get(ns, "/etc/resolv.conf");
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(l->type, FW_NODE_SYMLINK);
    ck_assert_str_eq(l->link_target, "/tmp/resolv.conf");
}

/* mkfs.ubifs the root into dir/fs.ubifs with compressor comp; 0 if this
 * mkfs.ubifs does not know comp. */
static int make_ubifs(const char *dir, const char *comp)
{
    char out[2048];
    int rc = tu_sh(out, sizeof out, "mkfs.ubifs -x %s -m 2048 -e 126976 -c 64 -r '%s/root' "
                "-o '%s/fs.ubifs'", comp, dir, dir);
    if (rc != 0 && strstr(out, comp)) {
        fprintf(stderr, "check_ubi: SKIPPED: mkfs.ubifs cannot write %s: %s\n", comp, out);
        return 0;
    }
    ck_assert_msg(rc == 0, "mkfs.ubifs failed: %s", out);
    return 1;
}

/* ubinize dir/fs.ubifs (dynamic volume "rootfs") and, if given, a static
 * volume "kernel" holding `extra` into dir/fw.ubi. */
static void make_ubi(const char *dir, const char *extra)
{
    char out[2048];
    char *cfg = fw_xasprintf("[rootfs]\nmode=ubi\nimage=%s/fs.ubifs\nvol_id=0\nvol_type=dynamic\n"
                          "vol_name=rootfs\nvol_size=8MiB\n%s%s%s", dir,
                          extra ? "[kernel]\nmode=ubi\nvol_id=1\nvol_type=static\n"
                                  "vol_name=kernel\nimage=" : "",
                          extra ? extra : "", extra ? "\n" : "");
    tu_write(dir, "ubi.cfg", cfg);
    free(cfg);
    int rc = tu_sh(out, sizeof out, "ubinize -o '%s/fw.ubi' -m 2048 -p 128KiB -s 512 "
                "'%s/ubi.cfg'", dir, dir);
    ck_assert_msg(rc == 0, "ubinize failed: %s", out);
}

static tu_loaded load_in(const char *dir, const char *name)
{
    char *p = fw_xasprintf("%s/%s", dir, name);
    tu_loaded l = tu_load(p, NULL);
    free(p);
    return l;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_be32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (24 - 8 * i));
}

/* The kernel's CRC as UBI and UBIFS store it. */
static uint32_t kcrc(const unsigned char *d, size_t n)
{
    return ~(uint32_t)crc32(0, d, (uInt)n);
}

/* --- bare UBIFS, every compressor --- */

static const char *const comps[] = { "lzo", "zlib", "zstd", "none" };

START_TEST(ubifs_every_compressor)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    if (make_ubifs(dir, comps[_i])) {
        tu_loaded l = load_in(dir, "fs.ubifs");
        ck_assert_int_eq(l.rc, FW_OK);
        check_rootfs(tu_ns_named(l.tree, "fs.ubifs@0x0 (ubifs)"));
        const char *const *row = tu_layout_row(l.report, "ubifs", 0);
        ck_assert_ptr_nonnull(row);
        ck_assert_str_eq(row[5], "unpacked");
        ck_assert_ptr_nonnull(strstr(row[4], "read from the index"));
        ck_assert_int_eq(l.report->incomplete, 0);
        ck_assert_uint_eq(l.report->n_errors, 0);
        tu_unload(&l);
    }
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- UBI: a UBIFS volume and a static volume holding a squashfs --- */

START_TEST(ubi_volumes_are_reassembled_and_read)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    char out[2048];
    make_rootfs(dir);
    make_ubifs(dir, "lzo");
    tu_write(dir, "kroot/etc/banner", "kernel volume squashfs\n");
    ck_assert_int_eq(tu_sh(out, sizeof out, "gensquashfs -q -f -c gzip -D '%s/kroot' '%s/k.sqfs'",
                        dir, dir), 0);
    char *k = fw_xasprintf("%s/k.sqfs", dir);
    make_ubi(dir, k);
    free(k);
    tu_loaded l = load_in(dir, "fw.ubi");
    check_rootfs(tu_ns_named(l.tree, "fw.ubi@0x0 (ubi) > volume rootfs > ubifs@0x0"));
    fw_ns *sq = tu_ns_named(l.tree, "fw.ubi@0x0 (ubi) > volume kernel > squashfs@0x0");
    ck_assert_str_eq(tu_content(sq, "/etc/banner"), "kernel volume squashfs\n");
    const char *const *row = tu_layout_row(l.report, "ubi", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[5], "read");
    ck_assert_ptr_nonnull(strstr(row[4], "PEB size 131072, LEB size 129024"));
    ck_assert_ptr_nonnull(strstr(row[4], "2 volumes"));
    const char *const *v0 = tu_layout_row(l.report, "ubi > volume", 0);
    const char *const *v1 = tu_layout_row(l.report, "ubi > volume", 1);
    ck_assert_ptr_nonnull(v0);
    ck_assert_ptr_nonnull(v1);
    ck_assert_ptr_nonnull(strstr(v0[4], "\"rootfs\", id 0, dynamic"));
    ck_assert_ptr_nonnull(strstr(v0[4], "content: UBIFS"));
    ck_assert_str_eq(v0[5], "unpacked");
    ck_assert_ptr_nonnull(strstr(v1[4], "\"kernel\", id 1, static, 1 LEBs"));
    ck_assert_ptr_nonnull(strstr(v1[4], "content: squashfs"));
    ck_assert_str_eq(v1[5], "unpacked");
    ck_assert_int_eq(l.report->incomplete, 0);
    ck_assert_uint_eq(l.report->n_errors, 0);
    tu_unload(&l);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* What a user runs: the finding on /etc/shadow inside the UBI's UBIFS. */
START_TEST(scanner_finds_empty_password_inside_ubi)
{
    if (!have_mtd_utils())
        return;
    const char *bin = getenv("FWAUDIT");
    ck_assert_msg(bin != NULL, "FWAUDIT not set: run through make check");
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    make_ubifs(dir, "zlib");
    make_ubi(dir, NULL);
    static char out[1 << 20];
    int rc = tu_sh(out, sizeof out, "'%s' scan --no-progress --no-color -f json '%s/fw.ubi'", bin,
                dir);
    ck_assert_int_eq(rc, 1);   /* findings at high severity */
    ck_assert_ptr_nonnull(strstr(out, "\"account-empty-password\""));
    ck_assert_ptr_nonnull(strstr(out, "fw.ubi@0x0 (ubi) > volume rootfs > ubifs@0x0"));
    rc = tu_sh(out, sizeof out, "'%s' scan --no-progress --no-color '%s/fw.ubi'", bin, dir);
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out, "fw.ubi@0x0 (ubi) > volume rootfs > ubifs@0x0 > "
                                      "/etc/shadow:1"));
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- hostile images --- */

START_TEST(truncated_ubi_is_reported)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    make_ubifs(dir, "lzo");
    make_ubi(dir, NULL);
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "fw.ubi", &n);
    ck_assert_uint_gt(n, 4 * 131072);
    /* cut in the middle of the fourth PEB: the volume loses LEBs */
    tu_spit_in(dir, "cut.ubi", d, 3 * 131072 + 5000);
    tu_loaded l = load_in(dir, "cut.ubi");
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "UBI", "truncated"));
    const char *const *v0 = tu_layout_row(l.report, "ubi > volume", 0);
    ck_assert_ptr_nonnull(v0);
    ck_assert_str_eq(v0[5], "read in part");
    tu_unload(&l);
    /* cut inside the first PEB's headers */
    tu_spit_in(dir, "tiny.ubi", d, 100);
    l = load_in(dir, "tiny.ubi");
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "UBI", "cut short"));
    tu_unload(&l);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(ubifs_node_with_bad_crc_is_reported)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    make_ubifs(dir, "none");
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "fs.ubifs", &n);
    unsigned char *hit = memmem(d, n, "root::0:0:99999", 15);
    ck_assert_ptr_nonnull(hit);
    hit[0] = 'R';   /* the data node's CRC no longer matches */
    tu_spit_in(dir, "bad.ubifs", d, n);
    tu_loaded l = load_in(dir, "bad.ubifs");
    fw_ns *ns = tu_ns_named(l.tree, "bad.ubifs@0x0 (ubifs)");
    ck_assert_ptr_nonnull(ns);
    ck_assert(tu_has_error(l.report, "UBIFS", "node CRC mismatch"));
    ck_assert_int_eq(l.report->incomplete, 1);
    /* the damaged block is not passed off as content */
    const char *s = tu_content(ns, "/etc/shadow");
    ck_assert(s == NULL || strstr(s, "Root") == NULL);
    ck_assert_str_eq(tu_layout_row(l.report, "ubifs", 0)[5], "unpacked in part");
    /* the rest is read */
    ck_assert_str_eq(tu_content(ns, "/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    tu_unload(&l);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* The root index node of dir/fs.ubifs (d, n bytes): its place, and its
 * length in *rlen. */
static unsigned char *index_root(unsigned char *d, size_t n, uint32_t *rl, uint32_t *ro,
                                 uint32_t *rlen)
{
    uint32_t leb = le32(d + 36);
    /* the newest master node in LEB 1 */
    unsigned char *m = NULL;
    for (size_t o = leb; o + 512 <= 2 * (size_t)leb && o + 512 <= n; o += 8)
        if (le32(d + o) == 0x06101831u && d[o + 20] == 7)
            if (!m || le32(d + o + 8) > le32(m + 8))
                m = d + o;
    ck_assert_ptr_nonnull(m);
    *rl = le32(m + 48);
    *ro = le32(m + 52);
    *rlen = le32(m + 56);
    unsigned char *root = d + (size_t)*rl * leb + *ro;
    ck_assert_int_eq(root[20], 9);                   /* an index node */
    ck_assert_int_ge(root[26] | root[27] << 8, 1);   /* above the leaves */
    return root;
}

/* The root index node's first branch is made to point at the root itself. */
START_TEST(ubifs_index_loop_is_refused)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    make_ubifs(dir, "lzo");
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "fs.ubifs", &n);
    uint32_t rl, ro, rlen;
    unsigned char *root = index_root(d, n, &rl, &ro, &rlen);
    put_le32(root + 28, rl);
    put_le32(root + 32, ro);
    put_le32(root + 36, rlen);
    put_le32(root + 4, kcrc(root + 8, rlen - 8));
    tu_spit_in(dir, "loop.ubifs", d, n);
    tu_loaded l = load_in(dir, "loop.ubifs");
    ck_assert(tu_has_error(l.report, "level does not match", NULL));
    ck_assert(tu_has_error(l.report, "index is damaged", "scanning every LEB"));
    ck_assert_int_eq(l.report->incomplete, 1);
    /* the fallback scan still finds the files */
    fw_ns *ns = tu_ns_named(l.tree, "loop.ubifs@0x0 (ubifs)");
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), "root::0:0:99999:7:::\n");
    ck_assert_ptr_nonnull(strstr(tu_layout_row(l.report, "ubifs", 0)[4], "LEB scan"));
    tu_unload(&l);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A branch whose length lies (CRC fixed up): refused, not read past. */
START_TEST(ubifs_lying_branch_length_is_reported)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    make_ubifs(dir, "zlib");
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "fs.ubifs", &n);
    uint32_t rl, ro, rlen;
    unsigned char *root = index_root(d, n, &rl, &ro, &rlen);
    put_le32(root + 36, 0x7fffffffu);
    put_le32(root + 4, kcrc(root + 8, rlen - 8));
    tu_spit_in(dir, "lie.ubifs", d, n);
    tu_loaded l = load_in(dir, "lie.ubifs");
    ck_assert(tu_has_error(l.report, "node length wrong", NULL));
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_str_eq(tu_layout_row(l.report, "ubifs", 0)[5], "unpacked in part");
    tu_unload(&l);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A LEB written twice (wear-levelling moved it, or an update): the copy
 * with the higher sequence number wins, wherever it lies in the image. */
START_TEST(ubi_newest_copy_of_a_leb_wins)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    char out[2048];
    tu_write(dir, "cfg.bin", "password=old\n");
    char *cfg = fw_xasprintf("[cfg]\nmode=ubi\nimage=%s/cfg.bin\nvol_id=0\nvol_type=dynamic\n"
                          "vol_name=cfg\nvol_size=1MiB\n", dir);
    tu_write(dir, "ubi.cfg", cfg);
    free(cfg);
    ck_assert_int_eq(tu_sh(out, sizeof out, "ubinize -o '%s/fw.ubi' -m 2048 -p 128KiB -s 512 "
                        "'%s/ubi.cfg'", dir, dir), 0);
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "fw.ubi", &n);
    const size_t peb = 131072;
    ck_assert_uint_eq(n, 3 * peb);   /* 2 layout PEBs + LEB 0 of cfg */
    /* a newer copy of LEB 0, placed before the old one */
    unsigned char *img = fw_xmalloc(4 * peb);
    memcpy(img, d, 2 * peb);
    memcpy(img + 2 * peb, d + 2 * peb, peb);
    memcpy(img + 3 * peb, d + 2 * peb, peb);
    unsigned char *vid = img + 2 * peb + 512;
    ck_assert_int_eq(memcmp(vid, "UBI!", 4), 0);
    put_be32(vid + 44, 7);   /* sqnum 7; the original has 0 */
    put_be32(vid + 60, kcrc(vid, 60));
    unsigned char *text = memmem(img + 2 * peb, peb, "password=old", 12);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "password=new", 12);
    tu_spit_in(dir, "two.ubi", img, 4 * peb);
    tu_loaded l = load_in(dir, "two.ubi");
    fw_ns *ns = tu_ns_named(l.tree, "two.ubi@0x0 (ubi) > volume cfg > data@0x0");
    ck_assert_ptr_nonnull(ns);
    fw_node *data = fw_ns_get(ns, "/data");
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(memmem(data->data, data->size, "password=new", 12));
    ck_assert_ptr_null(memmem(data->data, data->size, "password=old", 12));
    const char *const *v0 = tu_layout_row(l.report, "ubi > volume", 0);
    ck_assert_ptr_nonnull(strstr(v0[4], "\"cfg\", id 0, dynamic, 1 LEBs"));
    ck_assert_str_eq(v0[5], "scanned as raw bytes");
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(img);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A VID header naming a LEB far past the volume's size (CRC fixed up). */
START_TEST(ubi_leb_number_out_of_range_is_reported)
{
    if (!have_mtd_utils())
        return;
    char *dir = tu_mkdtemp();
    make_rootfs(dir);
    make_ubifs(dir, "lzo");
    make_ubi(dir, NULL);
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "fw.ubi", &n);
    /* PEB 3 holds a rootfs LEB (PEBs 0-1: the layout volume) */
    unsigned char *vid = d + 3 * 131072 + 512;
    ck_assert_int_eq(memcmp(vid, "UBI!", 4), 0);
    put_be32(vid + 12, 0x7ffffff0u);
    put_be32(vid + 60, kcrc(vid, 60));
    tu_spit_in(dir, "lnum.ubi", d, n);
    tu_loaded l = load_in(dir, "lnum.ubi");
    ck_assert(tu_has_error(l.report, "LEB 2147483632", "reserved"));
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_str_eq(tu_layout_row(l.report, "ubi > volume", 0)[5], "read in part");
    tu_unload(&l);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- corpus samples (fact_extractor's UBI test data), when present --- */

static void check_fact_tree(fw_ns *ns)
{
    ck_assert_ptr_nonnull(ns);
    ck_assert_uint_eq(ns->count, 4);
    ck_assert_str_eq(tu_content(ns, "/testfile2"), "This is the second test file");
    ck_assert_str_eq(tu_content(ns, "/generic folder/test file 3_.txt"), "The third test file!");
    ck_assert_ptr_nonnull(strstr(tu_content(ns, "/testfile1"), "MyTestRule 1.2.3"));
    ck_assert_int_eq(fw_ns_get(ns, "/generic folder")->type, FW_NODE_DIR);
}

START_TEST(corpus_samples)
{
    /* FWAUDIT_CORPUS: the formats/ directory, if not beside the source tree */
    const char *dirc = getenv("FWAUDIT_CORPUS") ? getenv("FWAUDIT_CORPUS") : CORPUS;
    char *ubi = fw_xasprintf("%s/fact_ubi_ubi.img", dirc);
    char *ubifs = fw_xasprintf("%s/fact_ubi_test.ubifs", dirc);
    if (access(ubi, R_OK) != 0 || access(ubifs, R_OK) != 0) {
        fprintf(stderr, "check_ubi: SKIPPED: corpus samples not present (%s)\n", ubi);
        free(ubi);
        free(ubifs);
        return;
    }
    tu_loaded l = tu_load(ubi, NULL);
    check_fact_tree(tu_ns_named(l.tree, "fact_ubi_ubi.img@0x0 (ubi) > volume rootfs > ubifs@0x0"));
    ck_assert_ptr_nonnull(strstr(tu_layout_row(l.report, "ubi", 0)[4], "PEB size 1024"));
    ck_assert_ptr_nonnull(strstr(tu_layout_row(l.report, "ubi > volume", 0)[4],
                                 "\"rootfs\", id 1, static, 1902 LEBs"));
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    l = tu_load(ubifs, NULL);
    check_fact_tree(tu_ns_named(l.tree, "fact_ubi_test.ubifs@0x0 (ubifs)"));
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(ubi);
    free(ubifs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ubi");
    TCase *tc = tcase_create("ubi");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, ubifs_every_compressor, 0, 4);
    tcase_add_test(tc, ubi_volumes_are_reassembled_and_read);
    tcase_add_test(tc, scanner_finds_empty_password_inside_ubi);
    tcase_add_test(tc, truncated_ubi_is_reported);
    tcase_add_test(tc, ubifs_node_with_bad_crc_is_reported);
    tcase_add_test(tc, ubifs_index_loop_is_refused);
    tcase_add_test(tc, ubifs_lying_branch_length_is_reported);
    tcase_add_test(tc, ubi_newest_copy_of_a_leb_wins);
    tcase_add_test(tc, ubi_leb_number_out_of_range_is_reported);
    tcase_add_test(tc, corpus_samples);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
