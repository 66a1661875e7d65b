/* check_access.c: the permissions and ssh-auth analyzers (world-writable
 * CGI, SSH passwords left on next to shipped login keys). */
#include <string.h>
#include "testutil.h"

static fw_node *add_mode(fw_tree *t, fw_ns *ns, const char *path, const char *content,
                         unsigned mode)
{
    fw_node *n = tu_add_file(t, ns, path, content);
    n->mode = mode;
    return n;
}

START_TEST(world_writable_cgi_dir_and_script)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    fw_node *dir = fw_ns_add(t, ns, "/rootfs/www/cgi-bin", FW_NODE_DIR);
    dir->mode = 0777;
    fw_node *ok = fw_ns_add(t, ns, "/rootfs/www/htdocs", FW_NODE_DIR);
    ok->mode = 0777;   /* not a CGI location */
    add_mode(t, ns, "/rootfs/www/cgi-bin/upgrade.cgi", "#!/bin/sh\n", 0755);
    add_mode(t, ns, "/rootfs/www/cgi-bin/diag.cgi", "#!/bin/sh\n", 0666);
    tu_add_file(t, ns, "/rootfs/etc/passwd", "root:x:0:0::/:/bin/sh\n");
    tu_add_file(t, ns, "/rootfs/bin/busybox", "\177ELF");
    fw_ns_find_root(ns);
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "cgi-world-writable"), 2);
    const fw_finding *f0 = tu_get(r, "cgi-world-writable", 0);
    const fw_finding *f1 = tu_get(r, "cgi-world-writable", 1);
    ck_assert_str_eq(f0->path, "/www/cgi-bin");   /* device path */
    ck_assert_str_eq(f0->excerpt, "drwxrwxrwx /www/cgi-bin");
    ck_assert_str_eq(f1->path, "/www/cgi-bin/diag.cgi");
    ck_assert(tu_names_req(f1, "MO.4"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(sticky_and_symlink_are_judged_right)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    fw_node *l = tu_add_symlink(t, ns, "/www/cgi-bin/link.cgi", "/tmp/x");
    l->mode = 0777;    /* a symlink's mode means nothing */
    fw_node *d = fw_ns_add(t, ns, "/www/cgi-bin/tmp", FW_NODE_DIR);
    d->mode = 01777;   /* sticky: anyone may still add files */
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "cgi-world-writable"), 1);
    ck_assert_str_eq(tu_get(r, "cgi-world-writable", 0)->excerpt, "drwxrwxrwt /www/cgi-bin/tmp");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(ssh_passwords_next_to_shipped_keys)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/home/support/.ssh/authorized_keys",
                "# vendor support key\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx7 support@vendor\n");
    tu_add_file(t, ns, "/etc/ssh/sshd_config",
                "Port 22\n#PasswordAuthentication no\nPasswordAuthentication yes\n"
                "Match User guest\n  PasswordAuthentication no\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "ssh-password-auth-with-keys"), 1);
    const fw_finding *f = tu_get(r, "ssh-password-auth-with-keys", 0);
    ck_assert_str_eq(f->path, "/etc/ssh/sshd_config");
    ck_assert_uint_eq(f->line, 3);
    ck_assert_str_eq(tu_detail(f, "authorized_keys"), "/home/support/.ssh/authorized_keys");
    fw_report_free(&r);
    fw_tree_free(&t);

    /* The default (no PasswordAuthentication line) is yes: line 0. */
    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/root/.ssh/authorized_keys", "ssh-rsa AAAAB3Nza root@build\n");
    tu_add_file(t, ns, "/etc/ssh/sshd_config", "Port 22\n");
    r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "ssh-password-auth-with-keys"), 1);
    ck_assert_uint_eq(tu_get(r, "ssh-password-auth-with-keys", 0)->line, 0);
    ck_assert_ptr_nonnull(strstr(tu_get(r, "ssh-password-auth-with-keys", 0)->message,
                                 "by default"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(no_keys_or_passwords_off_is_clean)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/ssh/sshd_config", "PasswordAuthentication yes\n");
    tu_add_file(t, ns, "/etc/config/dropbear", "config dropbear\n\toption PasswordAuth 'on'\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "ssh-password-auth-with-keys"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);

    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/dropbear/authorized_keys", "ssh-rsa AAAAB3Nza support\n");
    tu_add_file(t, ns, "/etc/config/dropbear", "config dropbear\n\toption PasswordAuth '0'\n");
    r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "ssh-password-auth-with-keys"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("access");
    TCase *tc = tcase_create("access");
    tcase_add_test(tc, world_writable_cgi_dir_and_script);
    tcase_add_test(tc, sticky_and_symlink_are_judged_right);
    tcase_add_test(tc, ssh_passwords_next_to_shipped_keys);
    tcase_add_test(tc, no_keys_or_passwords_off_is_clean);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
