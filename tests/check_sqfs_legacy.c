/* check_sqfs_legacy.c: squashfs 2.x/3.x and big-endian 4.0 (src/input/
 * sqfs_legacy.c). The images are written at test time by
 * tests/make-sqfs-legacy.py (squashfs 3.1 in both byte orders with zlib,
 * stored blocks, vendor raw LZMA and lzma_alone; squashfs 2.0 with zlib
 * and Broadcom-style LZMA; a directory loop, lying references and a
 * truncated image); the corpus samples (2.x/3.x LZMA, AVM big-endian
 * 4.0, a real Broadcom 2.0 rootfs) are read when present and skipped
 * visibly when not. Asserted: the files a user gets (paths, contents,
 * owners, link targets), the layout row, the finding on /etc/shadow and
 * the report's errors and incomplete flag. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "imageutil.h"
#include "testutil.h"
#include "core/xalloc.h"
#include "input/input.h"

#define CORPUS TOP_SRCDIR "/../shared/corpus/formats/"
#define GENERATOR TOP_SRCDIR "/tests/make-sqfs-legacy.py"
#define BLOCK 4096

/* A directory holding the generated images (removed by tu_rmtree). */
static char *generate(void)
{
    char *dir = tu_mkdtemp();
    char *cmd = fw_xasprintf("python3 '%s' '%s' 2>&1", GENERATOR, dir);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char out[2048];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    ck_assert_msg(pclose(p) == 0, "make-sqfs-legacy.py failed: %s", out);
    free(cmd);
    return dir;
}

static tu_loaded load_in(const char *dir, const char *name)
{
    char *p = fw_xasprintf("%s/%s", dir, name);
    tu_loaded l = tu_load(p, NULL);
    free(p);
    return l;
}

static fw_ns *image_ns(fw_tree *t, const char *name)
{
    char *c = fw_xasprintf("%s@0x0 (squashfs)", name);
    fw_ns *ns = tu_ns_named(t, c);
    ck_assert_msg(ns != NULL, "no namespace %s", c);
    free(c);
    return ns;
}

/* The layout row whose format column starts with "squashfs". */
static const char *const *sq_row(const fw_report *r)
{
    const fw_inventory *inv = fw_report_find_inventory(r, "layout");
    ck_assert_ptr_nonnull(inv);
    for (size_t k = 0; k < inv->n_rows; k++)
        if (strncmp(inv->rows[k][3], "squashfs", 8) == 0)
            return (const char *const *)inv->rows[k];
    ck_abort_msg("no squashfs layout row");
    return NULL;
}

/* Unpack errors whose message contains `a` (and `b`, if given). */
static size_t errors_with(const fw_report *r, const char *a, const char *b)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_errors; i++)
        if (strstr(r->errors[i].message, a) && (!b || strstr(r->errors[i].message, b)))
            n++;
    return n;
}

static int error_at(const fw_report *r, const char *where_end, const char *msg)
{
    for (size_t i = 0; i < r->n_errors; i++) {
        const char *w = r->errors[i].where;
        size_t wl = w ? strlen(w) : 0, el = strlen(where_end);
        if (wl >= el && strcmp(w + wl - el, where_end) == 0 &&
            strstr(r->errors[i].message, msg))
            return 1;
    }
    return 0;
}

/* The generator's /bin/busybox: two blocks and a tail in the fragment. */
static void check_busybox(fw_ns *ns)
{
    fw_node *bb = fw_ns_get(ns, "/bin/busybox");
    ck_assert_ptr_nonnull(bb);
    ck_assert_uint_eq(bb->size, 2 * BLOCK + 700);
    ck_assert_int_eq(bb->truncated, 0);
    for (size_t i = 0; i < bb->size; i++)
        ck_assert_msg(bb->data[i] == (unsigned char)((i * 7 + i / 13) % 251),
                      "busybox byte %zu wrong", i);
}

static void check_tree(fw_ns *ns)
{
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), "root::0:0:99999:7:::\n");
    fw_node *pw = fw_ns_get(ns, "/etc/passwd");
    ck_assert_ptr_nonnull(pw);
    ck_assert_str_eq((const char *)pw->data, "root:x:0:0:root:/root:/bin/sh\n");
    ck_assert_uint_eq(pw->uid, 1000);
    ck_assert_uint_eq(pw->gid, 100);
    ck_assert_uint_eq(pw->mode, 0644);
    fw_node *sh = fw_ns_get(ns, "/bin/sh");
    ck_assert_ptr_nonnull(sh);
    ck_assert_int_eq(sh->type, FW_NODE_SYMLINK);
    ck_assert_str_eq(sh->link_target, "busybox");
    ck_assert_int_eq(fw_ns_get(ns, "/usr/lib/deep")->type, FW_NODE_DIR);
    ck_assert_str_eq(tu_content(ns, "/usr/lib/deep/note.txt"), "nested note\n");
    check_busybox(ns);
    ck_assert_uint_eq(ns->count, 10);
}

static const struct {
    const char *file, *format, *compressor;
} good[] = {
    { "le-zlib.sqfs", "squashfs 3.1", "zlib," },
    { "be-zlib.sqfs", "squashfs 3.1 big-endian", "zlib," },
    { "le-plain.sqfs", "squashfs 3.1", "uncompressed," },
    { "be-plain.sqfs", "squashfs 3.1 big-endian", "uncompressed," },
    { "be-lzma.sqfs", "squashfs 3.1 big-endian", "LZMA (vendor: raw, no header" },
    { "le-lzma-alone.sqfs", "squashfs 3.1", "LZMA (lzma_alone header)" },
    { "le-v2.sqfs", "squashfs 2.0", "zlib," },
    { "be-v2-lzma.sqfs", "squashfs 2.0 big-endian", "LZMA (vendor: 5-byte properties header" },
};

START_TEST(generated_images_read_whole)
{
    char *dir = generate();
    tu_loaded l = load_in(dir, good[_i].file);
    ck_assert_int_eq(l.rc, FW_OK);
    ck_assert_msg(!l.report->incomplete, "%s reported incomplete", good[_i].file);
    check_tree(image_ns(l.tree, good[_i].file));
    const char *const *row = sq_row(l.report);
    ck_assert_str_eq(row[1], "0x0");
    ck_assert_str_eq(row[3], good[_i].format);
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_msg(strstr(row[4], good[_i].compressor), "detail: %s", row[4]);
    ck_assert_ptr_nonnull(strstr(row[4], "11 inodes, block size 4096"));
    ck_assert_ptr_nonnull(strstr(row[4], "; 10 entries"));
    tu_unload(&l);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(empty_root_password_found_in_3x_image)
{
    char *dir = generate();
    tu_loaded l = load_in(dir, "be-zlib.sqfs");
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_report *r = tu_run_checks(rs, l.tree);
    ck_assert_uint_eq(tu_count(r, "account-empty-password"), 1);
    const fw_finding *f = tu_get(r, "account-empty-password", 0);
    ck_assert_str_eq(f->chain, "be-zlib.sqfs@0x0 (squashfs)");
    ck_assert_str_eq(f->path, "/etc/shadow");
    ck_assert_uint_eq(f->line, 1);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    tu_unload(&l);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* What a user of the CLI sees: exit 1 (a finding), the layout, the path. */
START_TEST(cli_shows_layout_and_finding)
{
    const char *bin = getenv("FWAUDIT");
    ck_assert_msg(bin != NULL, "FWAUDIT not set: run through make check");
    char *dir = generate();
    char *cmd = fw_xasprintf("'%s' scan --no-progress --no-color --layout '%s/be-lzma.sqfs' "
                          "2>/dev/null; '%s' scan --no-progress --no-color '%s/be-lzma.sqfs' "
                          "2>/dev/null; echo \"rc=$?\"", bin, dir, bin, dir);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    static char out[1 << 20];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    pclose(p);
    ck_assert_ptr_nonnull(strstr(out, "squashfs 3.1 big-endian"));
    ck_assert_ptr_nonnull(strstr(out, "LZMA (vendor: raw, no header, lc=3 lp=0 pb=2)"));
    ck_assert_ptr_nonnull(strstr(out, "be-lzma.sqfs@0x0 (squashfs) > /etc/shadow:1"));
    ck_assert_ptr_nonnull(strstr(out, "rc=1"));
    free(cmd);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(directory_loop_reported_once_not_followed)
{
    char *dir = generate();
    tu_loaded l = load_in(dir, "be-loop.sqfs");
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_uint_eq(errors_with(l.report, "directory loop", NULL), 2);
    ck_assert(error_at(l.report, "be-loop.sqfs@0x0 (squashfs) > /etc/self",
                       "leads back to /etc (inode"));
    ck_assert(error_at(l.report, "be-loop.sqfs@0x0 (squashfs) > /usr/lib/deep/up",
                       "leads back to /usr (inode"));
    ck_assert_uint_eq(errors_with(l.report, "nested deeper", NULL), 0);
    fw_ns *ns = image_ns(l.tree, "be-loop.sqfs");
    ck_assert_ptr_null(fw_ns_get(ns, "/etc/self"));
    ck_assert_ptr_null(fw_ns_get(ns, "/usr/lib/deep/up"));
    ck_assert_str_eq(tu_content(ns, "/usr/lib/deep/note.txt"), "nested note\n");
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), "root::0:0:99999:7:::\n");
    ck_assert_uint_eq(ns->count, 10);
    ck_assert_str_eq(sq_row(l.report)[5], "unpacked in part");
    tu_unload(&l);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(lying_inode_and_fragment_references_reported)
{
    char *dir = generate();
    tu_loaded l = load_in(dir, "le-liar.sqfs");
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(error_at(l.report, "> /etc/ghost", "points outside the inode table"));
    ck_assert(error_at(l.report, "> /etc/lost", "fragment index beyond the fragment table"));
    fw_ns *ns = image_ns(l.tree, "le-liar.sqfs");
    ck_assert_ptr_null(fw_ns_get(ns, "/etc/ghost"));
    fw_node *lost = fw_ns_get(ns, "/etc/lost");
    ck_assert_ptr_nonnull(lost);
    ck_assert_int_eq(lost->truncated, 1);
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), "root::0:0:99999:7:::\n");
    check_busybox(ns);
    ck_assert_str_eq(sq_row(l.report)[5], "unpacked in part");
    tu_unload(&l);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(truncated_image_reported_damaged)
{
    char *dir = generate();
    tu_loaded l = load_in(dir, "be-trunc.sqfs");
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert_uint_eq(errors_with(l.report, "squashfs 3.1 big-endian", "image truncated"), 1);
    ck_assert_uint_eq(errors_with(l.report, "not read", "not inside the"), 1);
    ck_assert_str_eq(sq_row(l.report)[5], "damaged");
    fw_ns *ns = tu_ns_named(l.tree, "be-trunc.sqfs@0x0 (squashfs)");
    ck_assert(ns == NULL || ns->count == 0);
    tu_unload(&l);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Every prefix of an image: never a crash, always an error. */
START_TEST(every_cut_of_an_image_is_reported)
{
    char *dir = generate();
    char *src = fw_xasprintf("%s/be-zlib.sqfs", dir);
    size_t n;
    char *img = tu_slurp(src, &n);
    size_t used = 2779 < n ? 2779 : n;
    for (size_t cut = 100; cut < used; cut += 97) {
        char *p = fw_xasprintf("%s/cut.sqfs", dir);
        FILE *f = fopen(p, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(img, 1, cut, f), cut);
        fclose(f);
        tu_loaded l = tu_load(p, NULL);
        ck_assert_msg(l.report->incomplete, "cut at %zu not reported", cut);
        tu_unload(&l);
        free(p);
    }
    free(img);
    free(src);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Damage anywhere in an image (stored metadata, so every flipped byte
 * lands in a structure as written): the load finishes, no crash, no ASan
 * report (the fork-mode runner turns a crash into a failure). */
START_TEST(flipped_bytes_never_crash)
{
    char *dir = generate();
    const char *name = _i ? "be-plain.sqfs" : "le-liar.sqfs";
    char *src = fw_xasprintf("%s/%s", dir, name);
    size_t n;
    char *img = tu_slurp(src, &n);
    char *p = fw_xasprintf("%s/flip.sqfs", dir);
    size_t damaged = 0;
    for (size_t at = 28; at < n && at < 9600; at += 5) {
        img[at] ^= 0xa5;
        FILE *f = fopen(p, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(img, 1, n, f), n);
        fclose(f);
        tu_loaded l = tu_load(p, NULL);
        ck_assert_int_eq(l.rc, FW_OK);
        damaged += l.report->incomplete;
        tu_unload(&l);
        img[at] ^= 0xa5;
    }
    ck_assert_uint_gt(damaged, 0);
    free(p);
    free(img);
    free(src);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- corpus samples, when present --- */

static char *corpus_file(const char *name)
{
    char *p = fw_xasprintf(CORPUS "%s", name);
    if (access(p, R_OK) == 0)
        return p;
    fprintf(stderr, "check_sqfs_legacy: SKIPPED: corpus sample not present (%s)\n", p);
    free(p);
    return NULL;
}

static const struct {
    const char *file, *format, *compressor;
} fact[] = {
    { "fact_squashFS_zlib_le.sqfs3", "squashfs 3.1", "zlib," },
    { "fact_squashFS_zlib_be.sqfs3", "squashfs 3.1 big-endian", "zlib," },
    { "fact_squashFS_lzma1_le.sqfs3", "squashfs 3.x", "raw, no header" },
    { "fact_squashFS_lzma1_be.sqfs3", "squashfs 3.x big-endian", "raw, no header" },
    { "fact_squashFS_lzma_le.sqfs2", "squashfs 2.x", "raw, no header" },
    { "fact_squashFS_lzma_be.sqfs2", "squashfs 2.x big-endian", "raw, no header" },
    { "fact_squashFS_avm_be.sqfs4", "squashfs 4.0 big-endian", "xz," },
};

START_TEST(corpus_fact_samples)
{
    char *p = corpus_file(fact[_i].file);
    if (!p)
        return;
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 0);
    fw_ns *ns = image_ns(l.tree, fact[_i].file);
    /* unsquashfs -ll lists these four entries for every variant */
    ck_assert_uint_eq(ns->count, 4);
    ck_assert_str_eq(tu_content(ns, "/generic folder/test file 3_.txt"), "The third test file!");
    ck_assert_ptr_nonnull(strstr(tu_content(ns, "/testfile1"), "MyTestRule 1.2.3"));
    ck_assert_uint_eq(fw_ns_get(ns, "/testfile2")->size, 28);
    ck_assert_uint_eq(fw_ns_get(ns, "/testfile2")->uid, 1000);
    const char *const *row = sq_row(l.report);
    ck_assert_str_eq(row[3], fact[_i].format);
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_msg(strstr(row[4], fact[_i].compressor), "detail: %s", row[4]);
    tu_unload(&l);
    free(p);
}
END_TEST

/* A real Broadcom ADSL router rootfs (2009): squashfs 2.0 big-endian with
 * the vendor's LZMA; unsquashfs -ll lists 430 entries below the root. */
START_TEST(corpus_broadcom_squashfs_2_0)
{
    char *p = corpus_file("binwalk_squashfs_v2.bin");
    if (!p)
        return;
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 0);
    fw_ns *ns = image_ns(l.tree, "binwalk_squashfs_v2.bin");
    ck_assert_uint_eq(ns->count, 430);
    fw_node *bb = fw_ns_get(ns, "/bin/busybox");
    ck_assert_ptr_nonnull(bb);
    ck_assert_uint_eq(bb->size, 224756);
    ck_assert_int_eq(memcmp(bb->data, "\177ELF\1\2", 6), 0);   /* 32-bit big-endian */
    ck_assert_ptr_nonnull(memmem(bb->data, bb->size, "BusyBox v1.00", 13));
    fw_node *cat = fw_ns_get(ns, "/bin/cat");
    ck_assert_int_eq(cat->type, FW_NODE_SYMLINK);
    ck_assert_str_eq(cat->link_target, "busybox");
    const char *const *row = sq_row(l.report);
    ck_assert_str_eq(row[3], "squashfs 2.0 big-endian");
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_ptr_nonnull(strstr(row[4], "5-byte properties header"));
    ck_assert_ptr_nonnull(strstr(row[4], "431 inodes"));
    tu_unload(&l);
    free(p);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("sqfs_legacy");
    TCase *tc = tcase_create("sqfs_legacy");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, generated_images_read_whole, 0,
                        (int)(sizeof good / sizeof good[0]));
    tcase_add_test(tc, empty_root_password_found_in_3x_image);
    tcase_add_test(tc, cli_shows_layout_and_finding);
    tcase_add_test(tc, directory_loop_reported_once_not_followed);
    tcase_add_test(tc, lying_inode_and_fragment_references_reported);
    tcase_add_test(tc, truncated_image_reported_damaged);
    tcase_add_test(tc, every_cut_of_an_image_is_reported);
    tcase_add_loop_test(tc, flipped_bytes_never_crash, 0, 2);
    tcase_add_loop_test(tc, corpus_fact_samples, 0, (int)(sizeof fact / sizeof fact[0]));
    tcase_add_test(tc, corpus_broadcom_squashfs_2_0);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
