/* check_tree.c: the in-memory file index and link resolution. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "testutil.h"

START_TEST(node_type_of_mode)
{
    /* the POSIX type bits, permission bits ignored */
    ck_assert_int_eq(fw_node_type_of_mode(0040755), FW_NODE_DIR);
    ck_assert_int_eq(fw_node_type_of_mode(0100644), FW_NODE_FILE);
    ck_assert_int_eq(fw_node_type_of_mode(0104755), FW_NODE_FILE);
    ck_assert_int_eq(fw_node_type_of_mode(0120777), FW_NODE_SYMLINK);
    ck_assert_int_eq(fw_node_type_of_mode(0020600), FW_NODE_DEVICE);
    ck_assert_int_eq(fw_node_type_of_mode(0060660), FW_NODE_DEVICE);
    ck_assert_int_eq(fw_node_type_of_mode(0010644), FW_NODE_FIFO);
    ck_assert_int_eq(fw_node_type_of_mode(0140755), FW_NODE_SOCKET);
    ck_assert_int_eq(fw_node_type_of_mode(0000644), FW_NODE_OTHER);
    ck_assert_int_eq(fw_node_type_of_mode(0160000), FW_NODE_OTHER);   /* whiteout */
    ck_assert_int_eq(fw_node_type_of_mode(0xffff0000u | 0100644), FW_NODE_FILE);
}
END_TEST

START_TEST(add_get_and_replace)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "etc/passwd", "old");
    fw_node *n = tu_add_file(t, ns, "/etc/./passwd", "new!");
    ck_assert_uint_eq(ns->count, 1);
    ck_assert_ptr_eq(fw_ns_get(ns, "/etc/passwd"), n);
    ck_assert_uint_eq(n->size, 4);
    ck_assert_ptr_null(fw_ns_get(ns, "/etc/shadow"));
    for (int i = 0; i < 1000; i++) {
        char p[32];
        snprintf(p, sizeof p, "/f/%d", i);
        tu_add_file(t, ns, p, "x");
    }
    ck_assert_ptr_nonnull(fw_ns_get(ns, "/f/999"));
    ck_assert_ptr_eq(fw_ns_get(ns, "/etc/passwd"), n);
    fw_tree_free(&t);
    ck_assert_ptr_null(t);
}
END_TEST

START_TEST(resolve_links_inside_the_image)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    fw_node *bb = tu_add_file(t, ns, "/bin/busybox", "\177ELF");
    tu_add_symlink(t, ns, "/bin/sh", "busybox");
    tu_add_symlink(t, ns, "/usr/bin/ash", "../../bin/sh");
    fw_node *real = tu_add_file(t, ns, "/data/passwd", "root:x:0:0::/:/bin/sh\n");
    tu_add_symlink(t, ns, "/etc", "/data");                 /* a directory link */
    tu_add_symlink(t, ns, "/var", "tmp/var");
    tu_add_symlink(t, ns, "/loop/a", "b");
    tu_add_symlink(t, ns, "/loop/b", "a");
    tu_add_symlink(t, ns, "/escape", "../../../../data/passwd");
    tu_add_symlink(t, ns, "/dangling", "/tmp/nothing");

    ck_assert_ptr_eq(fw_ns_resolve(ns, "/bin/sh"), bb);
    ck_assert_ptr_eq(fw_ns_resolve(ns, "/usr/bin/ash"), bb);
    ck_assert_ptr_eq(fw_ns_resolve(ns, "/etc/passwd"), real);
    ck_assert_ptr_eq(fw_ns_resolve(ns, "/escape"), real);   /* ".." stops at the image root */
    ck_assert_ptr_null(fw_ns_resolve(ns, "/loop/a"));
    ck_assert_ptr_null(fw_ns_resolve(ns, "/dangling"));
    ck_assert_ptr_null(fw_ns_resolve(ns, "/var/log/x"));
    fw_tree_free(&t);
}
END_TEST

START_TEST(hardlink_content)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/bin/a", "shared bytes");
    fw_node *h = fw_ns_add(t, ns, "/bin/b", FW_NODE_HARDLINK);
    h->link_target = strdup("/bin/a");
    fw_blob b;
    fw_error err = {0};
    ck_assert_int_eq(fw_node_open(h, &b, &err), FW_OK);
    ck_assert_uint_eq(b.size, 12);
    ck_assert(memcmp(b.data, "shared bytes", 12) == 0);
    fw_blob_close(&b);
    /* A hard link to itself or to nothing is an error, not a loop. */
    fw_node *self = fw_ns_add(t, ns, "/bin/c", FW_NODE_HARDLINK);
    self->link_target = strdup("/bin/c");
    ck_assert_int_ne(fw_node_open(self, &b, &err), FW_OK);
    fw_tree_free(&t);
}
END_TEST

START_TEST(location_shows_the_chain)
{
    fw_tree *t = fw_tree_new();
    fw_ns *top = fw_tree_add_ns(t, "", 0);
    fw_ns *inner = fw_tree_add_ns(t, "/usr/share/x.tar.gz", 1);
    fw_node *a = tu_add_file(t, top, "/etc/a", "");
    fw_node *b = tu_add_file(t, inner, "/etc/b", "");
    char *la = fw_node_location(a), *lb = fw_node_location(b);
    ck_assert_str_eq(la, "/etc/a");
    ck_assert_str_eq(lb, "/usr/share/x.tar.gz > /etc/b");
    free(la);
    free(lb);
    fw_tree_free(&t);
}
END_TEST

START_TEST(wrapped_rootfs_gets_a_system_root)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/README", "firmware build");
    tu_add_file(t, ns, "/rootfs/bin/busybox", "\177ELF");
    fw_node *sh = tu_add_file(t, ns, "/rootfs/etc/shadow", "root::0:0:::::\n");
    tu_add_file(t, ns, "/rootfs/tmp/passwd", "root:x:0:0::/:/bin/sh\n");
    tu_add_symlink(t, ns, "/rootfs/etc/passwd", "/tmp/passwd");
    tu_add_file(t, ns, "/usr/share/doc/etc/notes", "x");
    fw_ns_find_root(ns);
    ck_assert_str_eq(ns->root, "/rootfs");
    ck_assert_ptr_eq(fw_ns_resolve(ns, "/etc/shadow"), sh);
    /* An absolute link target is relative to the system root, not the archive's. */
    ck_assert_ptr_eq(fw_ns_resolve(ns, "/etc/passwd"), fw_ns_get(ns, "/rootfs/tmp/passwd"));
    ck_assert_str_eq(fw_node_syspath(sh), "/etc/shadow");
    ck_assert_str_eq(fw_node_syspath(fw_ns_get(ns, "/README")), "/README");
    fw_tree_free(&t);

    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/shadow", "");
    tu_add_file(t, ns, "/rootfs/etc/x", "");
    tu_add_file(t, ns, "/rootfs/bin/x", "");
    fw_ns_find_root(ns);
    ck_assert_str_eq(ns->root, "");
    fw_tree_free(&t);
}
END_TEST

/* A directory input's files: small ones are read (NUL-terminated, no
 * mapping), large ones mapped; the content is the file's either way. */
START_TEST(disk_files_small_read_large_mapped)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "small.conf", "key = value\n");
    char *big = malloc(300001);
    for (int i = 0; i < 300000; i++)
        big[i] = (char)('a' + i % 23);
    big[300000] = '\0';
    tu_write(dir, "big.bin", big);
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    const char *names[] = { "small.conf", "big.bin" };
    for (int k = 0; k < 2; k++) {
        fw_node *n = fw_ns_add(t, ns, names[k], FW_NODE_FILE);
        size_t len = 0;
        n->disk_path = malloc(strlen(dir) + strlen(names[k]) + 2);
        sprintf(n->disk_path, "%s/%s", dir, names[k]);
        char *want = tu_slurp(n->disk_path, &len);
        n->size = len;
        fw_blob b;
        fw_error err = {0};
        ck_assert_int_eq(fw_node_open(n, &b, &err), FW_OK);
        ck_assert_uint_eq(b.size, len);
        ck_assert(memcmp(b.data, want, len) == 0);
        if (k == 0) {
            ck_assert_int_eq(b.mapped_, 0);
            ck_assert_int_eq(b.data[len], '\0');
        } else {
            ck_assert_int_eq(b.mapped_, 1);
        }
        fw_blob_close(&b);
        free(want);
    }
    free(big);
    fw_tree_free(&t);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("tree");
    TCase *tc = tcase_create("tree");
    tcase_add_test(tc, node_type_of_mode);
    tcase_add_test(tc, add_get_and_replace);
    tcase_add_test(tc, resolve_links_inside_the_image);
    tcase_add_test(tc, hardlink_content);
    tcase_add_test(tc, location_shows_the_chain);
    tcase_add_test(tc, wrapped_rootfs_gets_a_system_root);
    tcase_add_test(tc, disk_files_small_read_large_mapped);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
