/* check_flashfs_readers.c: romfs and YAFFS2 images (src/input/formats/romfs.c,
 * src/input/formats/yaffs2.c). The images are written at test time by
 * tests/make-romfs-yaffs.py (standard library only; see its header for the
 * layouts) and, for romfs, also by Debian's genromfs when it is installed
 * (skipped visibly when not). Some are damaged here byte by byte (cut
 * short, a checksum broken); the generator also writes a romfs whose next
 * chain loops and a YAFFS2 whose parent graph has a cycle. The tests
 * assert what a user sees: files under the chain that led to them, the
 * layout rows, the report's errors and incomplete flag, the finding the
 * scanner reports on /etc/shadow, and `fwaudit scan`'s exit code and
 * output. The corpus samples are read when present (skipped visibly when
 * not). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "imageutil.h"
#include "testutil.h"
#include "core/xalloc.h"
#include "input/input.h"

#define GENERATOR TOP_SRCDIR "/tests/make-romfs-yaffs.py"
#define CORPUS TOP_SRCDIR "/../shared/corpus/formats/"
#define SHADOW "root::0:0:99999:7:::\n"
#define BIG_SIZE 20000

/* A fresh directory holding the generator's images. */
static char *generate(void)
{
    char *dir = tu_mkdtemp();
    char out[4096];
    int rc = tu_sh(out, sizeof out, "python3 '%s' '%s'", GENERATOR, dir);
    ck_assert_msg(rc == 0, "make-romfs-yaffs.py failed: %s", out);
    return dir;
}

/* Write d to dir/name; returns the path (caller frees). */
static char *spit_in(const char *dir, const char *name, const void *d, size_t n)
{
    char *p = fw_xasprintf("%s/%s", dir, name);
    tu_spit(p, d, n);
    return p;
}

static void check_big(fw_ns *ns)
{
    fw_node *big = fw_ns_get(ns, "/usr/lib/nested/deep/big.txt");
    ck_assert_ptr_nonnull(big);
    ck_assert_uint_eq(big->size, BIG_SIZE);
    ck_assert_int_eq(big->truncated, 0);
    for (size_t i = 0; i < BIG_SIZE; i += 997)
        ck_assert_int_eq(big->data[i], 'a' + (int)((i * 7 + i / 13) % 26));
    ck_assert_int_eq(big->data[BIG_SIZE - 1], 'a' + (int)(((BIG_SIZE - 1) * 7 +
                                                           (BIG_SIZE - 1) / 13) % 26));
}

/* The generator's tree (TREE in make-romfs-yaffs.py), as any reader must
 * give it: 14 entries. */
static void check_tree(fw_ns *ns)
{
    ck_assert_ptr_nonnull(ns);
    ck_assert_uint_eq(ns->count, 14);
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), SHADOW);
    ck_assert_str_eq(tu_content(ns, "/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    fw_node *l = fw_ns_get(ns, "/etc/resolv.conf");
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(l->type, FW_NODE_SYMLINK);
    ck_assert_str_eq(l->link_target, "/tmp/resolv.conf");
    ck_assert_int_eq(fw_ns_get(ns, "/usr/lib/nested/deep")->type, FW_NODE_DIR);
    check_big(ns);
    /* the hard link reads as the file it names */
    fw_node *sh_node = fw_ns_get(ns, "/bin/sh");
    ck_assert_ptr_nonnull(sh_node);
    ck_assert_int_eq(sh_node->type, FW_NODE_HARDLINK);
    ck_assert_str_eq(sh_node->link_target, "/bin/busybox");
    fw_blob b;
    fw_error err = {0};
    ck_assert_int_eq(fw_node_open(sh_node, &b, &err), FW_OK);
    ck_assert_uint_eq(b.size, 22);
    ck_assert_int_eq(memcmp(b.data, "\x7f" "ELF busybox stand-in\n", 22), 0);
    fw_blob_close(&b);
    ck_assert_int_eq(fw_ns_get(ns, "/dev/console")->type, FW_NODE_DEVICE);
    /* romfs keeps the executable bit only; YAFFS2 keeps the modes */
    ck_assert_uint_eq(fw_ns_get(ns, "/bin/busybox")->mode & 0111, 0111);
}

/* --- romfs --- */

START_TEST(romfs_generated_tree_is_read)
{
    char *dir = generate();
    char *p = fw_xasprintf("%s/rootfs.romfs", dir);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.rc, FW_OK);
    fw_ns *ns = tu_ns_named(l.tree, "rootfs.romfs@0x0 (romfs)");
    check_tree(ns);
    ck_assert_uint_eq(fw_ns_get(ns, "/etc/shadow")->mode, 0644);   /* the kernel's */
    const char *const *row = tu_layout_row(l.report, "romfs", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[1], "0x0");
    ck_assert_str_eq(row[2], "21104");
    ck_assert_str_eq(row[4], "volume \"fwaudit test\", 14 entries");
    ck_assert_str_eq(row[5], "unpacked");
    /* the zero padding after it is padding, not data */
    ck_assert_str_eq(tu_layout_row(l.report, "padding", 0)[5], "skipped");
    ck_assert_int_eq(l.report->incomplete, 0);
    ck_assert_str_eq(l.report->input_kind, "firmware");
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* The same kind of tree written by Debian's genromfs, when installed. */
START_TEST(romfs_by_genromfs_is_read)
{
    char out[4096];
    if (tu_sh(out, sizeof out, "command -v genromfs") != 0) {
        fprintf(stderr, "check_flashfs_readers: SKIPPED: genromfs not installed "
                        "(the generated romfs images are still tested)\n");
        return;
    }
    char *dir = tu_mkdtemp();
    tu_write(dir, "root/etc/shadow", SHADOW);
    tu_write(dir, "root/bin/busybox", "busybox\n");
    tu_write(dir, "root/usr/lib/nested/deep/f.txt", "deep\n");
    ck_assert_int_eq(tu_sh(out, sizeof out, "cd '%s/root' && ln bin/busybox bin/sh && "
                        "ln -s /tmp/resolv.conf etc/resolv.conf && "
                        "genromfs -f ../g.romfs -d . -V vendor", dir), 0);
    char *p = fw_xasprintf("%s/g.romfs", dir);
    tu_loaded l = tu_load(p, NULL);
    fw_ns *ns = tu_ns_named(l.tree, "g.romfs@0x0 (romfs)");
    ck_assert_ptr_nonnull(ns);
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), SHADOW);
    ck_assert_str_eq(tu_content(ns, "/usr/lib/nested/deep/f.txt"), "deep\n");
    ck_assert_str_eq(fw_ns_get(ns, "/etc/resolv.conf")->link_target, "/tmp/resolv.conf");
    /* genromfs writes the second name of a file as a hard link to the first */
    fw_node *a = fw_ns_get(ns, "/bin/sh"), *b = fw_ns_get(ns, "/bin/busybox");
    ck_assert(a && b);
    ck_assert((a->type == FW_NODE_HARDLINK && strcmp(a->link_target, "/bin/busybox") == 0) ||
              (b->type == FW_NODE_HARDLINK && strcmp(b->link_target, "/bin/sh") == 0));
    ck_assert_uint_eq(ns->count, 11);
    ck_assert_str_eq(tu_layout_row(l.report, "romfs", 0)[5], "unpacked");
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* The last entry of /etc points back at /etc's first: reported, not
 * followed round; everything else is read. */
START_TEST(romfs_chain_loop_is_reported)
{
    char *dir = generate();
    char *p = fw_xasprintf("%s/loop.romfs", dir);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "reached a second time", "loop in the next/spec chains"));
    const char *const *row = tu_layout_row(l.report, "romfs", 0);
    ck_assert_str_eq(row[5], "unpacked in part");
    ck_assert_ptr_nonnull(strstr(row[4], "loop in the header chains"));
    fw_ns *ns = tu_ns_named(l.tree, "loop.romfs@0x0 (romfs)");
    check_tree(ns);   /* each entry once, nothing more */
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(romfs_truncated_is_reported)
{
    char *dir = generate();
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "rootfs.romfs", &n);
    char *p = spit_in(dir, "cut.romfs", d, 0x600);   /* big.txt's data is cut */
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "romfs superblock says 21104 bytes but only 1536 remain",
                        "truncated"));
    ck_assert(tu_has_error(l.report, "big.txt", "past the end of the image"));
    ck_assert_str_eq(tu_layout_row(l.report, "romfs", 0)[5], "unpacked in part");
    fw_ns *ns = tu_ns_named(l.tree, "cut.romfs@0x0 (romfs)");
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), SHADOW);
    fw_node *big = fw_ns_get(ns, "/usr/lib/nested/deep/big.txt");
    ck_assert_int_eq(big->truncated, 1);
    ck_assert_uint_lt(big->size, BIG_SIZE);
    tu_unload(&l);
    free(p);
    /* cut inside the headers: what cannot be reached is reported */
    p = spit_in(dir, "cut2.romfs", d, 0x318);   /* /usr/lib's header is cut */
    l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "file header offset outside the image", NULL));
    tu_unload(&l);
    free(p);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* One data byte inside the first 512 changed: the superblock checksum no
 * longer holds (the header checksums do). Reported, read anyway. */
START_TEST(romfs_superblock_checksum_mismatch_is_reported)
{
    char *dir = generate();
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "rootfs.romfs", &n);
    ck_assert_int_eq(memcmp(d + 0xe0, "root::", 6), 0);   /* /etc/shadow's data */
    d[0xe0] = 'R';
    char *p = spit_in(dir, "sum.romfs", d, n);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "romfs superblock checksum mismatch", "read anyway"));
    const char *const *row = tu_layout_row(l.report, "romfs", 0);
    ck_assert_ptr_nonnull(strstr(row[4], "superblock checksum mismatch"));
    ck_assert_str_eq(row[5], "unpacked in part");
    fw_ns *ns = tu_ns_named(l.tree, "sum.romfs@0x0 (romfs)");
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), "Root::0:0:99999:7:::\n");
    tu_unload(&l);
    free(p);
    /* a header's name changed: its checksum fails too */
    d[0xe0] = 'r';
    ck_assert_int_eq(memcmp(d + 0xd0, "shadow", 6), 0);
    d[0xd0] = 'S';
    p = spit_in(dir, "hdr.romfs", d, n);
    l = tu_load(p, NULL);
    ck_assert(tu_has_error(l.report, "1 file headers with a checksum mismatch", NULL));
    ck_assert_ptr_nonnull(fw_ns_get(tu_ns_named(l.tree, "hdr.romfs@0x0 (romfs)"), "/etc/Shadow"));
    tu_unload(&l);
    free(p);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- YAFFS2 --- */

START_TEST(yaffs2_every_geometry_is_read)
{
    static const struct {
        const char *file, *detail;
    } v[] = {
        { "le2048.yaffs2",
          "2048+64 bytes per chunk, little-endian, tags at spare offset 0; 27 chunks, "
          "14 objects; 14 entries" },
        { "be512.yaffs2",
          "512+16 bytes per chunk, big-endian, tags at spare offset 0; 57 chunks, "
          "14 objects; 14 entries" },
        { "packed4096.yaffs2",
          "4096+128 bytes per chunk, little-endian, tags at spare offset 2; 26 chunks, "
          "14 objects; 14 entries" },
    };
    char *dir = generate();
    char *p = fw_xasprintf("%s/%s", dir, v[_i].file);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.rc, FW_OK);
    char *chain = fw_xasprintf("%s@0x0 (yaffs2)", v[_i].file);
    fw_ns *ns = tu_ns_named(l.tree, chain);
    /* packed4096: /etc/shadow is there three times; the current one has
     * the highest sequence number and is neither the first nor the last */
    check_tree(ns);
    fw_node *s = fw_ns_get(ns, "/etc/shadow");
    ck_assert_uint_eq(s->mode, 0640);
    ck_assert_uint_eq(fw_ns_get(ns, "/bin/busybox")->mode, 0755);
    const char *const *row = tu_layout_row(l.report, "yaffs2", 0);
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row[1], "0x0");
    ck_assert_str_eq(row[4], v[_i].detail);
    ck_assert_str_eq(row[5], "unpacked");
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(chain);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Directories loop-a and loop-b are each other's parent; loop-a holds a
 * file. Reported; the rest of the tree is read; nothing hangs. */
START_TEST(yaffs2_parent_cycle_is_reported)
{
    char *dir = generate();
    char *p = fw_xasprintf("%s/cycle.yaffs2", dir);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "a cycle in the parent graph", NULL));
    const char *const *row = tu_layout_row(l.report, "yaffs2", 0);
    ck_assert_str_eq(row[5], "unpacked in part");
    ck_assert_ptr_nonnull(strstr(row[4], "3 objects not placed in the tree, cycle in the "
                                         "parent graph"));
    fw_ns *ns = tu_ns_named(l.tree, "cycle.yaffs2@0x0 (yaffs2)");
    check_tree(ns);
    for (size_t i = 0; i < ns->count; i++)
        ck_assert_ptr_null(strstr(ns->nodes[i]->path, "loop-"));
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(yaffs2_truncated_is_reported)
{
    char *dir = generate();
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "le2048.yaffs2", &n);
    /* big.txt (10 data chunks) is last: cut the image 3.5 chunks before the end */
    size_t cut = n - 3 * 2112 - 1056;
    char *p = spit_in(dir, "cut.yaffs2", d, cut);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "YAFFS2 image ends inside a chunk (1056 of 2112 bytes)",
                        "truncated"));
    ck_assert(tu_has_error(l.report, "big.txt", "data chunks hold 12288 of its 20000 bytes"));
    ck_assert_str_eq(tu_layout_row(l.report, "yaffs2", 0)[5], "unpacked in part");
    fw_ns *ns = tu_ns_named(l.tree, "cut.yaffs2@0x0 (yaffs2)");
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), SHADOW);
    fw_node *big = fw_ns_get(ns, "/usr/lib/nested/deep/big.txt");
    ck_assert_int_eq(big->truncated, 1);
    tu_unload(&l);
    free(p);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A header that claims a 4 GiB file and a data chunk that claims to be
 * chunk 0x0ffffff0 (549 GB into it): what is held stays within the
 * image's ratio budget, and the report says the file was cut. */
START_TEST(yaffs2_lying_sizes_allocate_nothing)
{
    char *dir = generate();
    size_t n;
    unsigned char *d = tu_slurp_in(dir, "le2048.yaffs2", &n);
    const size_t cs = 2112, hdr = 16 * cs;     /* big.txt: header, then 10 data chunks */
    ck_assert_int_eq(memcmp(d + hdr + 10, "big.txt", 7), 0);
    memcpy(d + hdr + 0x124, "\xf0\xff\xff\xff", 4);            /* file_size_low */
    memcpy(d + hdr + cs + 2048 + 8, "\xf0\xff\xff\x0f", 4);    /* chunk id */
    char *p = spit_in(dir, "lying.yaffs2", d, n);
    tu_loaded l = tu_load(p, NULL);
    ck_assert_int_eq(l.report->incomplete, 1);
    ck_assert(tu_has_error(l.report, "big.txt", "ratio budget"));
    ck_assert_uint_lt(l.tree->bytes_held, 16u << 20);
    fw_ns *ns = tu_ns_named(l.tree, "lying.yaffs2@0x0 (yaffs2)");
    ck_assert_str_eq(tu_content(ns, "/etc/shadow"), SHADOW);
    ck_assert_int_eq(fw_ns_get(ns, "/usr/lib/nested/deep/big.txt")->truncated, 1);
    tu_unload(&l);
    free(p);
    free(d);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Random damage to every generated image, many times over: each load
 * finishes (fork mode fails the test on a crash or a hang; the ASan build
 * on a bad read). A damaged image may be read in part, or not recognised
 * at all; nothing else is asserted about it. */
START_TEST(damaged_images_never_crash)
{
    static const char *const files[] = { "rootfs.romfs", "le2048.yaffs2", "be512.yaffs2",
                                         "packed4096.yaffs2" };
    char *dir = generate();
    size_t n;
    unsigned char *orig = tu_slurp_in(dir, files[_i], &n);
    unsigned char *d = fw_xmalloc(n);
    uint32_t seed = 12345u + (uint32_t)_i;
    size_t reads = 0;
    for (int round = 0; round < 150; round++) {
        memcpy(d, orig, n);
        seed = seed * 1103515245u + 12345u;
        int flips = 1 + (int)(seed >> 16) % 8;
        for (int k = 0; k < flips; k++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly in the first 8 KiB, where the headers and tags are */
            size_t span = (seed & 1) ? n : (n < 8192 ? n : 8192);
            size_t at = (size_t)(seed >> 8) % span;
            seed = seed * 1103515245u + 12345u;
            d[at] ^= (unsigned char)(1u << ((seed >> 20) % 8));
        }
        char *p = spit_in(dir, "damaged.img", d, n);
        tu_loaded l = tu_load(p, NULL);
        reads += fw_report_find_inventory(l.report, "layout") != NULL;
        tu_unload(&l);
        free(p);
    }
    ck_assert_uint_gt(reads, 0);
    free(d);
    free(orig);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- both, as firmware: at offsets in one blob, through the scanner and
 * the command line --- */

START_TEST(images_inside_a_blob_are_carved)
{
    char *dir = generate();
    size_t nr, ny;
    unsigned char *r = tu_slurp_in(dir, "rootfs.romfs", &nr);
    unsigned char *y = tu_slurp_in(dir, "be512.yaffs2", &ny);
    size_t total = 0x200 + nr + ny;
    unsigned char *blob = fw_xmalloc(total);
    memset(blob, 0, 0x200);
    memcpy(blob, "VENDOR HEADER v1.0 build 42", 27);
    memcpy(blob + 0x200, r, nr);
    memcpy(blob + 0x200 + nr, y, ny);
    char *p = spit_in(dir, "fw.bin", blob, total);
    tu_loaded l = tu_load(p, NULL);
    check_tree(tu_ns_named(l.tree, "fw.bin@0x200 (romfs)"));
    char *ychain = fw_xasprintf("fw.bin@0x%zx (yaffs2)", 0x200 + nr);
    check_tree(tu_ns_named(l.tree, ychain));
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(ychain);
    free(p);
    free(blob);
    free(r);
    free(y);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Image files inside an archive are recognised by their first bytes and
 * opened, one level down. */
START_TEST(images_inside_a_tarball_are_opened)
{
    char *dir = generate();
    char out[4096];
    ck_assert_int_eq(tu_sh(out, sizeof out, "cd '%s' && tar cf outer.tar rootfs.romfs "
                        "be512.yaffs2", dir), 0);
    char *p = fw_xasprintf("%s/outer.tar", dir);
    tu_loaded l = tu_load(p, NULL);
    check_tree(tu_ns_named(l.tree, "/rootfs.romfs@0x0 (romfs)"));
    check_tree(tu_ns_named(l.tree, "/be512.yaffs2@0x0 (yaffs2)"));
    ck_assert(fw_ns_get(tu_ns_named(l.tree, ""), "/rootfs.romfs")->is_container);
    ck_assert_int_eq(l.report->incomplete, 0);
    tu_unload(&l);
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(scanner_finds_empty_password_in_both)
{
    static const char *const files[] = { "rootfs.romfs", "le2048.yaffs2", "be512.yaffs2",
                                         "packed4096.yaffs2" };
    char *dir = generate();
    fw_ruleset *rs = tu_ruleset_shipped();
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = fw_xasprintf("%s/%s", dir, files[i]);
        tu_loaded l = tu_load(p, NULL);
        fw_report *r = tu_run_checks(rs, l.tree);
        ck_assert_uint_eq(tu_count(r, "account-empty-password"), 1);
        const fw_finding *f = tu_get(r, "account-empty-password", 0);
        ck_assert_str_eq(f->path, "/etc/shadow");
        ck_assert_uint_eq(f->line, 1);
        char *chain = fw_xasprintf("%s@0x0 (%s)", files[i], i ? "yaffs2" : "romfs");
        ck_assert_str_eq(f->chain, chain);
        ck_assert(tu_names_req(f, "MO.2"));
        free(chain);
        fw_report_free(&r);
        tu_unload(&l);
        free(p);
    }
    fw_ruleset_free(&rs);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* What CI sees: `fwaudit scan --layout` (exit 1: root has no password),
 * and exit 3 for the damaged images. */
static int cli(const char *args, const char *path, char *out, size_t cap)
{
    const char *bin = getenv("FWAUDIT");
    ck_assert_msg(bin != NULL, "FWAUDIT not set: run through make check");
    return tu_sh(out, cap, "'%s' scan --no-progress --no-color %s '%s'", bin, args, path);
}

START_TEST(cli_layout_and_exit_codes)
{
    char *dir = generate();
    static char out[1 << 20];
    char *p = fw_xasprintf("%s/rootfs.romfs", dir);
    ck_assert_int_eq(cli("--layout", p, out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "Image layout"));
    /* columns are aligned: the cells, each followed by at least two blanks */
    const char *lay = strstr(out, "romfs  ");
    ck_assert_ptr_nonnull(lay);
    ck_assert_ptr_nonnull(strstr(lay, "volume \"fwaudit test\", 14 entries  "));
    ck_assert_ptr_nonnull(strstr(lay, "  unpacked"));
    ck_assert_int_eq(cli("", p, out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "rootfs.romfs@0x0 (romfs) > /etc/shadow:1"));
    free(p);
    p = fw_xasprintf("%s/le2048.yaffs2", dir);
    ck_assert_int_eq(cli("--layout", p, out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "yaffs2  2048+64 bytes per chunk, little-endian"));
    ck_assert_int_eq(cli("", p, out, sizeof out), 1);
    ck_assert_ptr_nonnull(strstr(out, "le2048.yaffs2@0x0 (yaffs2) > /etc/shadow:1"));
    free(p);
    p = fw_xasprintf("%s/loop.romfs", dir);
    ck_assert_int_eq(cli("", p, out, sizeof out), 3);
    ck_assert_ptr_nonnull(strstr(out, "loop in the next/spec chains"));
    free(p);
    p = fw_xasprintf("%s/cycle.yaffs2", dir);
    ck_assert_int_eq(cli("", p, out, sizeof out), 3);
    ck_assert_ptr_nonnull(strstr(out, "a cycle in the parent graph"));
    free(p);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* --- corpus samples, when present --- */

static char *corpus_file(const char *name)
{
    /* FWAUDIT_CORPUS: the formats/ directory, if not beside the source tree */
    const char *dirc = getenv("FWAUDIT_CORPUS") ? getenv("FWAUDIT_CORPUS") : CORPUS;
    char *p = fw_xasprintf("%s/%s", dirc, name);
    if (access(p, R_OK) == 0)
        return p;
    fprintf(stderr, "check_flashfs_readers: SKIPPED: corpus sample not present (%s)\n", p);
    free(p);
    return NULL;
}

/* fact_extractor's standard unpack set: testfile1, testfile2 and
 * "generic folder/test file 3_.txt" (its test_plugin_* assert these). */
static void check_fact_tree(fw_ns *ns)
{
    ck_assert_ptr_nonnull(ns);
    ck_assert_uint_eq(ns->count, 4);
    ck_assert_str_eq(tu_content(ns, "/testfile2"), "This is the second test file");
    ck_assert_str_eq(tu_content(ns, "/generic folder/test file 3_.txt"), "The third test file!");
    ck_assert_ptr_nonnull(strstr(tu_content(ns, "/testfile1"), "MyTestRule 1.2.3"));
    ck_assert_uint_eq(fw_ns_get(ns, "/testfile1")->size, 62);
    ck_assert_int_eq(fw_ns_get(ns, "/generic folder")->type, FW_NODE_DIR);
}

START_TEST(corpus_romfs_samples)
{
    char *p = corpus_file("fact_generic_fs_romfs.img");
    if (p) {
        tu_loaded l = tu_load(p, NULL);
        check_fact_tree(tu_ns_named(l.tree, "fact_generic_fs_romfs.img@0x0 (romfs)"));
        ck_assert_str_eq(tu_layout_row(l.report, "romfs", 0)[4],
                         "volume \"rom 56f292f7\", 4 entries");
        ck_assert_int_eq(l.report->incomplete, 0);
        tu_unload(&l);
        free(p);
    }
    p = corpus_file("binwalk_romfs.bin");
    if (p) {
        tu_loaded l = tu_load(p, NULL);
        fw_ns *ns = tu_ns_named(l.tree, "binwalk_romfs.bin@0x0 (romfs)");
        ck_assert_uint_eq(ns->count, 1);
        ck_assert_ptr_nonnull(strstr(tu_content(ns, "/lsb-release"), "DISTRIB_ID=Ubuntu"));
        ck_assert_uint_eq(fw_ns_get(ns, "/lsb-release")->size, 104);
        ck_assert_int_eq(l.report->incomplete, 0);
        tu_unload(&l);
        free(p);
    }
}
END_TEST

START_TEST(corpus_yaffs2_samples)
{
    static const char *const fact[] = { "fact_yaffs_yaffs2_le.img", "fact_yaffs_yaffs2_be.img" };
    for (size_t i = 0; i < 2; i++) {
        char *p = corpus_file(fact[i]);
        if (!p)
            continue;
        tu_loaded l = tu_load(p, NULL);
        char *chain = fw_xasprintf("%s@0x0 (yaffs2)", fact[i]);
        check_fact_tree(tu_ns_named(l.tree, chain));
        ck_assert_ptr_nonnull(strstr(tu_layout_row(l.report, "yaffs2", 0)[4],
                                     i ? "2048+64 bytes per chunk, big-endian, tags at spare "
                                         "offset 2; 7 chunks"
                                       : "2048+64 bytes per chunk, little-endian, tags at "
                                         "spare offset 2; 7 chunks"));
        ck_assert_int_eq(l.report->incomplete, 0);
        tu_unload(&l);
        free(chain);
        free(p);
    }
    /* binwalk's: the yaffs2 utils' own sources, 13 files, 4 erased chunks after */
    char *p = corpus_file("binwalk_yaffs2.bin");
    if (p) {
        tu_loaded l = tu_load(p, NULL);
        fw_ns *ns = tu_ns_named(l.tree, "binwalk_yaffs2.bin@0x0 (yaffs2)");
        ck_assert_ptr_nonnull(ns);
        ck_assert_uint_eq(ns->count, 13);
        ck_assert_uint_eq(fw_ns_get(ns, "/mkyaffs2image.c")->size, 15107);
        ck_assert_uint_eq(fw_ns_get(ns, "/yaffs_guts.h")->size, 27266);
        ck_assert_ptr_nonnull(strstr(tu_content(ns, "/yaffs_packedtags2.h"), "packed_tags2"));
        ck_assert_str_eq(tu_layout_row(l.report, "padding", 0)[4], "0xff bytes");
        ck_assert_int_eq(l.report->incomplete, 0);
        tu_unload(&l);
        free(p);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("flashfs_readers");
    TCase *tc = tcase_create("flashfs_readers");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, romfs_generated_tree_is_read);
    tcase_add_test(tc, romfs_by_genromfs_is_read);
    tcase_add_test(tc, romfs_chain_loop_is_reported);
    tcase_add_test(tc, romfs_truncated_is_reported);
    tcase_add_test(tc, romfs_superblock_checksum_mismatch_is_reported);
    tcase_add_loop_test(tc, yaffs2_every_geometry_is_read, 0, 3);
    tcase_add_test(tc, yaffs2_parent_cycle_is_reported);
    tcase_add_test(tc, yaffs2_truncated_is_reported);
    tcase_add_test(tc, yaffs2_lying_sizes_allocate_nothing);
    tcase_add_loop_test(tc, damaged_images_never_crash, 0, 4);
    tcase_add_test(tc, images_inside_a_blob_are_carved);
    tcase_add_test(tc, images_inside_a_tarball_are_opened);
    tcase_add_test(tc, scanner_finds_empty_password_in_both);
    tcase_add_test(tc, cli_layout_and_exit_codes);
    tcase_add_test(tc, corpus_romfs_samples);
    tcase_add_test(tc, corpus_yaffs2_samples);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
