/* check_scan.c: a whole scan through the library, and the rule self-test
 * runner (a rule whose own case fails must be reported as failing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "scan/scanner.h"
#include "scan/selftest.h"

static const char *DEBUG_RULE =
    "rule site-debug\n"
    "  requires MO.1\n"
    "  severity high\n"
    "  title    Debug enabled\n"
    "  fix      Disable it.\n"
    "  path     /etc/**\n"
    "  pattern  ^debug=1$\n"
    "  must-match at /etc/a.conf \"debug=1\\n\"\n"
    "  must-not-match at /etc/a.conf \"# debug=1\\n\"\n"
    "end\n";

START_TEST(scan_directory_end_to_end)
{
    char *d = tu_mkdtemp();
    tu_write(d, "etc/a.conf", "x=1\ndebug=1\n");
    tu_write(d, "etc/b.conf", "# debug=1\n");
    fw_ruleset *rs = tu_ruleset_from(DEBUG_RULE);
    fw_scan_opts o;
    fw_scan_opts_default(&o);
    fw_report *r = NULL;
    fw_error err = {0};
    ck_assert_int_eq(fw_scan(rs, d, &o, &r, &err), FW_OK);
    ck_assert_int_eq(r->incomplete, 0);
    ck_assert_uint_eq(tu_count(r, "site-debug"), 1);
    const fw_finding *f = tu_get(r, "site-debug", 0);
    ck_assert_str_eq(f->path, "/etc/a.conf");
    ck_assert_uint_eq(f->line, 2);
    ck_assert(tu_names_req(f, "MO.1"));
    ck_assert_uint_eq(strlen(f->fingerprint), 32);
    /* MO.1 fails; MO.2 has no rule here -> needs attestation, never PASS. */
    for (size_t i = 0; i < r->n_results; i++) {
        if (strcmp(r->results[i].req->id, "MO.1") == 0)
            ck_assert_int_eq(r->results[i].status, FW_STATUS_FAIL);
        if (strcmp(r->results[i].req->id, "MO.2") == 0)
            ck_assert_int_eq(r->results[i].status, FW_STATUS_NEEDS_ATTESTATION);
    }
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    tu_rmtree(d);
    free(d);
}
END_TEST

START_TEST(fingerprint_ignores_line_moves)
{
    char *d1 = tu_mkdtemp(), *d2 = tu_mkdtemp();
    tu_write(d1, "etc/a.conf", "debug=1\n");
    tu_write(d2, "etc/a.conf", "# new header\nx=2\ndebug=1\n");
    fw_ruleset *rs = tu_ruleset_from(DEBUG_RULE);
    fw_scan_opts o;
    fw_scan_opts_default(&o);
    fw_report *r1 = NULL, *r2 = NULL;
    fw_error err = {0};
    fw_scan(rs, d1, &o, &r1, &err);
    fw_scan(rs, d2, &o, &r2, &err);
    const fw_finding *a = tu_get(r1, "site-debug", 0), *b = tu_get(r2, "site-debug", 0);
    ck_assert_uint_ne(a->line, b->line);
    ck_assert_str_eq(a->fingerprint, b->fingerprint);
    fw_report_free(&r1);
    fw_report_free(&r2);
    fw_ruleset_free(&rs);
    tu_rmtree(d1);
    tu_rmtree(d2);
    free(d1);
    free(d2);
}
END_TEST

START_TEST(unreadable_input_gives_an_incomplete_report)
{
    fw_ruleset *rs = tu_ruleset_from(DEBUG_RULE);
    fw_scan_opts o;
    fw_scan_opts_default(&o);
    fw_report *r = NULL;
    fw_error err = {0};
    fw_scan(rs, "/nonexistent/fw.bin", &o, &r, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->incomplete, 1);
    for (size_t i = 0; i < r->n_results; i++)
        ck_assert_int_ne(r->results[i].status, FW_STATUS_PASS);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

/* A kernel or bootloader alone: clean checks judged nothing, so no PASS. */
START_TEST(no_root_filesystem_never_passes)
{
    char *d = tu_mkdtemp();
    tu_write(d, "boot/vmlinux.bin", "kernel bytes");
    fw_ruleset *rs = tu_ruleset_from(DEBUG_RULE);
    fw_scan_opts o;
    fw_scan_opts_default(&o);
    fw_report *r = NULL;
    fw_error err = {0};
    ck_assert_int_eq(fw_scan(rs, d, &o, &r, &err), FW_OK);
    ck_assert_int_eq(r->no_system, 1);
    ck_assert_int_eq(fw_report_verdict(r), FW_STATUS_NEEDS_ATTESTATION);
    for (size_t i = 0; i < r->n_results; i++)
        ck_assert_int_ne(r->results[i].status, FW_STATUS_PASS);
    fw_report_free(&r);
    /* The same rules on a tree with /etc can pass. */
    tu_write(d, "etc/hostname", "router\n");
    ck_assert_int_eq(fw_scan(rs, d, &o, &r, &err), FW_OK);
    ck_assert_int_eq(r->no_system, 0);
    int passed = 0;
    for (size_t i = 0; i < r->n_results; i++)
        passed += r->results[i].status == FW_STATUS_PASS;
    ck_assert_int_gt(passed, 0);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    tu_rmtree(d);
    free(d);
}
END_TEST

/* A LuCI tree through a whole scan with the shipped secrets rules: the UI
 * string tables (a gettext catalogue, a zh-cn string table, a dynaform view
 * whose labels are translations) give no password finding; a real password
 * in a JS configuration beside them does, once. */
START_TEST(luci_translation_strings_are_not_passwords)
{
    char *d = tu_mkdtemp();
    tu_write(d, "usr/lib/lua/luci/i18n/base.zh-cn.po",
             "msgid \"Password\"\nmsgstr \"密码\"\npassword = \"Mima-2024\"\n");
    tu_write(d, "www/luci-static/resources/i18n/zh-cn.js",
             "L.password=\"密码\";\nL.pwd=\"Mima-2024\";\n");
    tu_write(d, "www/luci-static/resources/view/system/wizard.js",
             "'use strict';\nreturn view.extend({ labels: {\n"
             "  username: \"用户名\", password:\"密码\", passwd:'Mot de passe',\n"
             "  pwd: \"Kennwort\", confirm_password: \"Password\" } });\n");
    tu_write(d, "www/luci-static/resources/cloud.js",
             "'use strict';\nvar broker = {\n  user: 'hub',\n  password:\"s3cr3tP4ss\"\n};\n");
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = {0};
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/secrets.rules", &err) == FW_OK, "%s",
                  err.msg);
    fw_scan_opts o;
    fw_scan_opts_default(&o);
    fw_report *r = NULL;
    ck_assert_int_eq(fw_scan(rs, d, &o, &r, &err), FW_OK);
    size_t n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (strncmp(r->findings[i]->rule->id, "password-", 9) == 0)
            n++;
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(tu_count(r, "password-assignment"), 1);
    const fw_finding *f = tu_get(r, "password-assignment", 0);
    ck_assert_str_eq(f->path, "/www/luci-static/resources/cloud.js");
    ck_assert_uint_eq(f->line, 4);
    ck_assert_uint_eq(f->severity, FW_SEV_MEDIUM);
    ck_assert(tu_names_req(f, "MO.13"));
    ck_assert_ptr_null(strstr(f->excerpt, "s3cr3tP4ss"));   /* redacted */
    ck_assert_ptr_nonnull(strstr(f->excerpt, "s3cr"));
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    tu_rmtree(d);
    free(d);
}
END_TEST

/* A UCI password that is a published default is one fact: the
 * uci-default-password finding (critical, MO.2) supersedes the generic
 * password-option one on the same line, and names it; a clear password that
 * is no default stays a password-option finding; a real rpcd file. */
START_TEST(default_password_in_uci_is_one_finding)
{
    char *d = tu_mkdtemp();
    tu_write(d, "etc/config/vendor", "config login 'web'\n\toption username 'admin'\n"
             "\toption password 'admin'\n\nconfig cloud 'mqtt'\n"
             "\toption password 'Hx7-Qm2-Zp9w'\n");
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = {0};
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/secrets.rules", &err) == FW_OK, "%s",
                  err.msg);
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/credentials.rules", &err) == FW_OK,
                  "%s", err.msg);
    fw_scan_opts o;
    fw_scan_opts_default(&o);
    fw_report *r = NULL;
    ck_assert_int_eq(fw_scan(rs, d, &o, &r, &err), FW_OK);
    ck_assert_uint_eq(tu_count(r, "uci-default-password"), 1);
    const fw_finding *f = tu_get(r, "uci-default-password", 0);
    ck_assert_str_eq(f->path, "/etc/config/vendor");
    ck_assert_uint_eq(f->line, 3);
    ck_assert_uint_eq(f->severity, FW_SEV_CRITICAL);
    ck_assert(tu_names_req(f, "MO.2"));
    ck_assert_str_eq(tu_detail(f, "supersedes"), "password-option");
    /* the other password is no default: still the generic finding, line 6 */
    ck_assert_uint_eq(tu_count(r, "password-option"), 1);
    ck_assert_uint_eq(tu_get(r, "password-option", 0)->line, 6);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    tu_rmtree(d);
    free(d);
}
END_TEST

/* With the shipped rules, PHP is judged by the whole-application analysis
 * alone: a value the request set and the code then overwrote with a
 * constant reaches system() harmlessly, and the line-level reader (which
 * cannot see the overwrite) no longer reports it; the real injection next
 * to it is one php-command-injection finding, not two. */
START_TEST(php_is_left_to_the_whole_app_analysis)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/www/diag.php",
                "<?php\n$a = $_GET;\n$a['host'] = '127.0.0.1';\nsystem('ping -c 1 ' . $a['host']);\n"
                "$h = $_GET['trace'];\nsystem('traceroute ' . $h);\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "cgi-command-injection"), 0);
    ck_assert_uint_eq(tu_count(r, "php-command-injection"), 1);
    const fw_finding *f = tu_get(r, "php-command-injection", 0);
    ck_assert_str_eq(f->path, "/www/diag.php");
    ck_assert_uint_eq(f->line, 6);
    ck_assert(tu_names_req(f, "MO.15"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(selftest_catches_a_broken_rule)
{
    /* must-match case that the pattern cannot match. */
    fw_ruleset *rs = tu_ruleset_from(
        "rule broken\n"
        "  requires MO.1\n"
        "  severity low\n"
        "  title    t\n"
        "  fix      f\n"
        "  pattern  ^never$\n"
        "  must-match \"sometimes\\n\"\n"
        "  must-not-match \"other\\n\"\n"
        "end\n");
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    fw_selftest_result res;
    fw_selftest_run(rs, NULL, 0, out, &res);
    fclose(out);
    ck_assert_uint_eq(res.failed, 1);
    ck_assert_uint_eq(res.passed, 1);
    ck_assert_ptr_nonnull(strstr(buf, "FAIL broken must-match"));
    free(buf);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(shipped_rules_pass_their_own_tests)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    ck_assert_uint_gt(rs->count, 10);
    fw_selftest_result res;
    FILE *devnull = fopen("/dev/null", "w");
    fw_selftest_run(rs, NULL, 0, devnull, &res);
    fclose(devnull);
    ck_assert_uint_eq(res.failed, 0);
    ck_assert_uint_ge(res.passed, 2 * rs->count);
    fw_ruleset_free(&rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("scan");
    TCase *tc = tcase_create("scan");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, scan_directory_end_to_end);
    tcase_add_test(tc, fingerprint_ignores_line_moves);
    tcase_add_test(tc, unreadable_input_gives_an_incomplete_report);
    tcase_add_test(tc, luci_translation_strings_are_not_passwords);
    tcase_add_test(tc, default_password_in_uci_is_one_finding);
    tcase_add_test(tc, php_is_left_to_the_whole_app_analysis);
    tcase_add_test(tc, selftest_catches_a_broken_rule);
    tcase_add_test(tc, no_root_filesystem_never_passes);
    tcase_add_test(tc, shipped_rules_pass_their_own_tests);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
