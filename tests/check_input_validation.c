/* check_input_validation.c: the input-validation analyzer
 * (src/checks/scripts/input_validation.c) through rules/input-validation.rules:
 * request data reaching eval / os.execute / system (MO.15), each with its
 * validated near miss, and the string-level ELF check. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "core/xalloc.h"
#include "engine/analyzer.h"

#define R_INJ "cgi-command-injection"
#define R_BIN "cgi-binary-shell"

static fw_report *scan1(const char *path, const char *content, fw_tree **t, fw_ruleset **rs)
{
    *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(*rs, RULES_DIR "/input-validation.rules", &err) ==
                  FW_OK, "load: %s", err.msg);
    *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(*t, "", 0);
    tu_add_file(*t, ns, path, content);
    return tu_run_checks(*rs, *t);
}

#define DONE() do { fw_report_free(&r); fw_tree_free(&t); fw_ruleset_free(&rs); } while (0)

START_TEST(shell_cgi_eval_of_query_string)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/www/cgi-bin/diag.cgi", "#!/bin/sh\necho \"Content-type: text/html\"\n"
                         "echo\nHOST=`echo \"$QUERY_STRING\" | sed 's/host=//'`\n"
                         "eval \"ping -c 3 $HOST\"\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    const fw_finding *f = tu_get(r, R_INJ, 0);
    ck_assert_str_eq(f->path, "/www/cgi-bin/diag.cgi");
    ck_assert_uint_eq(f->line, 5);
    ck_assert_str_eq(tu_detail(f, "source_line"), "4");
    ck_assert_str_eq(tu_detail(f, "sink"), "eval");
    ck_assert(tu_names_req(f, "MO.15"));
    DONE();
}
END_TEST

START_TEST(shell_cgi_validated_by_case)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/www/cgi-bin/diag.cgi", "#!/bin/sh\n"
                         "HOST=`echo \"$QUERY_STRING\" | sed 's/host=//'`\n"
                         "case \"$HOST\" in *[!0-9.]*) exit 1;; esac\n"
                         "eval \"ping -c 3 $HOST\"\n"
                         "# eval $QUERY_STRING\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 0);
    DONE();
}
END_TEST

START_TEST(haserl_form_variable_in_sh_c)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/www/cgi-bin/ntp.sh", "#!/usr/bin/haserl\n<%\n"
                         "sh -c \"ntpclient -h $FORM_server\"\n%>\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    ck_assert_uint_eq(tu_get(r, R_INJ, 0)->line, 3);
    DONE();
}
END_TEST

START_TEST(luci_formvalue_to_sys_exec)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/usr/lib/lua/luci/controller/admin/diag.lua",
                         "function action_ping()\n"
                         "\tlocal addr = luci.http.formvalue(\"addr\")\n"
                         "\tluci.sys.call(\"env -i /bin/ubus call network reload >/dev/null\")\n"
                         "\tlocal util = io.popen(\"ping -c 5 -W 1 \" .. addr .. \" 2>&1\")\n"
                         "end\n"
                         "function other()\n"
                         "\tos.execute(\"logger \" .. addr)\n"
                         "end\n", &t, &rs);
    /* line 4 only: line 3 names addr nowhere, line 7 is another function */
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    ck_assert_uint_eq(tu_get(r, R_INJ, 0)->line, 4);
    ck_assert_str_eq(tu_detail(tu_get(r, R_INJ, 0), "sink"), "io.popen");
    DONE();
}
END_TEST

START_TEST(luci_quoted_with_percent_q)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/usr/lib/lua/luci/controller/admin/diag.lua",
                         "function action_ping()\n"
                         "\tlocal addr = luci.http.formvalue(\"addr\")\n"
                         "\tlocal util = io.popen(\"ping -c 5 %q 2>&1\" % addr)\n"
                         "\tlocal n = tonumber(luci.http.formvalue(\"count\"))\n"
                         "\tos.execute(\"sleep \" .. n)\n"
                         "end\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 0);
    DONE();
}
END_TEST

START_TEST(php_get_to_system)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/www/ping.php", "<?php\n$ip = $_GET['ip'];\n"
                         "system(\"ping -c 1 $ip\");\n?>\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    ck_assert_uint_eq(tu_get(r, R_INJ, 0)->line, 3);
    DONE();
    r = scan1("/www/ping.php", "<?php\n$ip = $_GET['ip'];\n"
              "if (!filter_var($ip, FILTER_VALIDATE_IP)) exit;\n"
              "system(\"ping -c 1 $ip\");\n?>\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 0);
    DONE();
}
END_TEST

START_TEST(elf_web_server_string_level)
{
    static const char httpd[] = "\x7f" "ELF\x01\x01\x01\0\0popen\0QUERY_STRING\0ping -c %s\0";
    static const char bb[] = "\x7f" "ELF\x01\x01\x01\0\0system\0QUERY_STRING\0BusyBox v1.22.1\0";
    static const char ls[] = "\x7f" "ELF\x01\x01\x01\0\0system\0usage: ls\0";
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert(fw_ruleset_load_file(rs, RULES_DIR "/input-validation.rules", &err) == FW_OK);
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/usr/bin/httpd", httpd, sizeof httpd - 1);
    tu_add_bytes(t, ns, "/bin/busybox", bb, sizeof bb - 1);
    tu_add_bytes(t, ns, "/bin/ls", ls, sizeof ls - 1);
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, R_BIN), 1);
    const fw_finding *f = tu_get(r, R_BIN, 0);
    ck_assert_str_eq(f->path, "/usr/bin/httpd");
    ck_assert_str_eq(tu_detail(f, "import"), "popen");
    ck_assert_uint_eq(f->severity, FW_SEV_LOW);
    DONE();
}
END_TEST

START_TEST(shell_unquoted_argument)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/www/cgi-bin/fetch.cgi", "#!/bin/sh\n"
                         "url=$(echo \"$QUERY_STRING\" | sed -n 's/^url=//p')\n"
                         "echo \"Content-type: text/plain\"; echo\n"
                         "if [ -n $url ]; then\n"
                         "  wget -q \"$url\" -O /tmp/a\n"
                         "  wget -q $url -O /tmp/b\n"
                         "fi\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, "cgi-unquoted-argument"), 1);
    const fw_finding *f = tu_get(r, "cgi-unquoted-argument", 0);
    ck_assert_uint_eq(f->line, 6);
    ck_assert_str_eq(tu_detail(f, "command"), "wget");
    ck_assert_str_eq(tu_detail(f, "source_line"), "2");
    ck_assert_uint_eq(tu_count(r, R_INJ), 0);
    DONE();
}
END_TEST

START_TEST(shell_cgi_post_body)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/www/cgi-bin/set_ntp.cgi", "#!/bin/sh\n"
                         "[ \"$REQUEST_METHOD\" = POST ] || exit 0\n"
                         "read -n $CONTENT_LENGTH body\n"
                         "server=$(echo \"$body\" | sed 's/.*server=//')\n"
                         "sh -c \"ntpd -q -p $server\"\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    ck_assert_uint_eq(tu_get(r, R_INJ, 0)->line, 5);
    ck_assert_str_eq(tu_detail(tu_get(r, R_INJ, 0), "source_line"), "3");
    DONE();
    /* The same body, checked with grep -q against an allow-list. */
    r = scan1("/www/cgi-bin/set_ntp.cgi", "#!/bin/sh\n"
              "[ \"$REQUEST_METHOD\" = POST ] || exit 0\n"
              "body=$(cat)\n"
              "server=$(echo \"$body\" | sed 's/.*server=//')\n"
              "echo \"$server\" | grep -qxE '[a-z0-9.-]+' || exit 1\n"
              "sh -c \"ntpd -q -p $server\"\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 0);
    DONE();
}
END_TEST

/* Interpreters are not request handlers: php-cgi imports popen for PHP's
 * popen() and names QUERY_STRING to fill $_SERVER. They are told by their
 * runtime's identity strings; a vendor handler that happens to be called
 * php-cgi, with none of them, is judged like any other. */
START_TEST(elf_interpreters_are_not_handlers)
{
    static const char php[] = "\x7f" "ELF\x01\x01\x01\0\0popen\0system\0QUERY_STRING\0"
        "REQUEST_METHOD\0PHP_FCGI_CHILDREN\0X-Powered-By: PHP/5.6.40\0"
        "Zend Engine v2.6.0, Copyright (c) 1998-2016 Zend Technologies\n\0";
    static const char lua[] = "\x7f" "ELF\x01\x01\x01\0\0popen\0system\0QUERY_STRING\0"
        "LUA_INIT\0Lua 5.1.5  Copyright (C) 1994-2012 Lua.org, PUC-Rio\0";
    static const char perl[] = "\x7f" "ELF\x01\x01\x01\0\0system\0popen\0QUERY_STRING\0"
        "PERL5LIB\0\nThis is perl 5, version 24, subversion 4 (v5.24.4)\0";
    static const char haserl[] = "\x7f" "ELF\x01\x01\x01\0\0popen\0REQUEST_METHOD\0"
        "QUERY_STRING\0HASERLVER=%s\0HASERL_UPLOAD_DIR=%s\0";
    /* a vendor GoAhead handler installed as php-cgi: no PHP runtime in it */
    static const char vendor[] = "\x7f" "ELF\x01\x01\x01\0\0system\0websGetVar\0"
        "ping -c 1 %s > /tmp/ping.log\0";
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert(fw_ruleset_load_file(rs, RULES_DIR "/input-validation.rules", &err) == FW_OK);
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/usr/bin/php-cgi", php, sizeof php - 1);
    tu_add_bytes(t, ns, "/usr/bin/lua", lua, sizeof lua - 1);
    tu_add_bytes(t, ns, "/usr/bin/perl", perl, sizeof perl - 1);
    tu_add_bytes(t, ns, "/usr/bin/haserl", haserl, sizeof haserl - 1);
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, R_BIN), 0);
    fw_report_free(&r);
    fw_tree_free(&t);

    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/usr/bin/php-cgi", vendor, sizeof vendor - 1);
    r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, R_BIN), 1);
    const fw_finding *f = tu_get(r, R_BIN, 0);
    ck_assert_str_eq(f->path, "/usr/bin/php-cgi");
    ck_assert_uint_eq(f->severity, FW_SEV_LOW);
    ck_assert(tu_names_req(f, "MO.15"));
    /* the strings that are in the binary, not the pattern names */
    ck_assert_str_eq(tu_detail(f, "import"), "system");
    ck_assert_str_eq(tu_detail(f, "cgi"), "websGetVar");
    ck_assert_str_eq(f->excerpt, "websGetVar");
    ck_assert_ptr_null(strstr(f->message, "form-getter"));
    ck_assert_str_eq(tu_detail(f, "command_format"), "ping -c 1 %s > /tmp/ping.log");
    ck_assert_ptr_nonnull(strstr(f->message, "\"ping -c 1 %s > /tmp/ping.log\""));
    /* the message names the sink import, the request reader and the format */
    ck_assert_ptr_nonnull(strstr(f->message, "imports the command runner system()"));
    ck_assert_ptr_nonnull(strstr(f->message, "reads request parameters with websGetVar()"));
    ck_assert_str_eq(tu_detail(f, "request_function"), "websGetVar");
    const char *at = memmem(vendor, sizeof vendor - 1, "websGetVar", 10);
    ck_assert_uint_eq(f->offset, (uint64_t)(at - vendor));
    DONE();
}
END_TEST

/* ---- shell CGIs across files and functions (taint_sh.c) -------------- */

/* OpenWrt-style: uhttpd serves /www with CGIs under /cgi-bin, no login. */
static const char *UHTTPD_CFG = "config uhttpd main\n\toption home\t/www\n"
                                "\toption cgi_prefix\t/cgi-bin\n";

static const char *PING_CGI =
    "#!/bin/sh\n"
    ". /www/cgi-bin/lib.sh\n"
    "host=\"$FORM_host\"\n"
    "echo \"Content-type: text/plain\"\n"
    "echo\n"
    "do_ping \"$host\"\n"
    "do_safe \"$host\"\n"
    "# do_never \"$host\"\n";

static const char *LIB_SH =
    "#!/bin/sh\n"
    "# helpers shared by the CGIs\n"
    "do_ping() {\n"
    "\tlocal target=\"$1\"\n"
    "\teval \"ping -c 1 $target\"\n"
    "}\n"
    "do_safe() {\n"
    "\tcase \"$1\" in *[!0-9.]*) return 1;; esac\n"
    "\teval \"ping -c 1 $1\"\n"
    "}\n"
    "do_never() { eval \"traceroute $1\"; }\n";

static fw_ruleset *iv_rules(void)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/input-validation.rules", &err) ==
                  FW_OK, "load: %s", err.msg);
    return rs;
}

START_TEST(shell_cgi_across_sourced_file)
{
    fw_ruleset *rs = iv_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/config/uhttpd", UHTTPD_CFG);
    tu_add_file(t, ns, "/www/cgi-bin/ping.cgi", PING_CGI);
    tu_add_file(t, ns, "/www/cgi-bin/lib.sh", LIB_SH);
    fw_report *r = tu_run_checks(rs, t);
    /* do_ping only: do_safe validates with case, do_never is called only
     * from a comment */
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    const fw_finding *f = tu_get(r, R_INJ, 0);
    ck_assert_str_eq(f->path, "/www/cgi-bin/lib.sh");
    ck_assert_uint_eq(f->line, 5);
    ck_assert(tu_names_req(f, "MO.15"));
    ck_assert_uint_eq(f->severity, FW_SEV_HIGH);      /* uhttpd, no login rule */
    ck_assert_ptr_nonnull(strstr(f->message, "$FORM_host, /www/cgi-bin/ping.cgi:3"));
    ck_assert_ptr_nonnull(strstr(f->message, "reaches eval"));
    ck_assert_ptr_nonnull(strstr(f->message, "across files"));
    ck_assert_str_eq(tu_detail(f, "source"), "$FORM_host");
    ck_assert_str_eq(tu_detail(f, "served_by"), "uhttpd");
    ck_assert_str_eq(tu_detail(f, "authentication"), "none");
    ck_assert_ptr_nonnull(strstr(tu_detail(f, "flow"), "/www/cgi-bin/ping.cgi:6 do_ping"));
    ck_assert_uint_eq(f->n_flow, 4);
    ck_assert_str_eq(f->flow[0].path, "/www/cgi-bin/ping.cgi");
    ck_assert_uint_eq(f->flow[0].line, 3);
    ck_assert_str_eq(f->flow[0].excerpt, "host=\"$FORM_host\"");
    ck_assert_uint_eq(f->flow[1].line, 6);
    ck_assert_ptr_nonnull(strstr(f->flow[1].excerpt, "as $1 of do_ping"));
    ck_assert_str_eq(f->flow[2].path, "/www/cgi-bin/lib.sh");
    ck_assert_uint_eq(f->flow[2].line, 4);
    ck_assert_str_eq(f->flow[3].path, "/www/cgi-bin/lib.sh");
    ck_assert_uint_eq(f->flow[3].line, 5);
    ck_assert_str_eq(f->flow[3].excerpt, "eval \"ping -c 1 $target\"");
    /* the fingerprint is the sink file's, source and sink: moving lines
     * in the CGI keeps it */
    char fp[FW_FINGERPRINT_LEN + 1];
    memcpy(fp, f->fingerprint, sizeof fp);
    fw_report_free(&r);
    fw_tree_free(&t);
    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/config/uhttpd", UHTTPD_CFG);
    char *moved = fw_xasprintf("#!/bin/sh\n# ping tool\n\n%s", PING_CGI + 10);
    tu_add_file(t, ns, "/www/cgi-bin/ping.cgi", moved);
    free(moved);
    tu_add_file(t, ns, "/www/cgi-bin/lib.sh", LIB_SH);
    r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    ck_assert_uint_eq(tu_get(r, R_INJ, 0)->flow[0].line, 5);
    ck_assert_str_eq(tu_get(r, R_INJ, 0)->fingerprint, fp);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* The same CGI behind a login (uhttpd's httpd.conf guards /cgi-bin/):
 * medium. Two CGIs calling the library: one finding at its sink. */
START_TEST(shell_cgi_behind_login_and_two_callers)
{
    fw_ruleset *rs = iv_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/config/uhttpd", UHTTPD_CFG);
    tu_add_file(t, ns, "/etc/httpd.conf", "/cgi-bin/:admin:$p$admin\n");
    tu_add_file(t, ns, "/www/cgi-bin/ping.cgi", PING_CGI);
    tu_add_file(t, ns, "/www/cgi-bin/ping2.cgi", PING_CGI);
    tu_add_file(t, ns, "/www/cgi-bin/lib.sh", LIB_SH);
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    const fw_finding *f = tu_get(r, R_INJ, 0);
    ck_assert_uint_eq(f->severity, FW_SEV_MEDIUM);
    ck_assert_str_eq(tu_detail(f, "authentication"), "required");
    ck_assert_str_eq(tu_detail(f, "route_config"), "/etc/httpd.conf:1");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* One file: a function defined after the assignment is the line-level
 * analysis' finding (reported once, by it); defined before, only the walk
 * through the call sees it. A relative `. ./lib.sh` and `source` resolve
 * from the CGI's directory. */
START_TEST(shell_functions_one_finding_each)
{
    fw_tree *t; fw_ruleset *rs;
    fw_report *r = scan1("/www/cgi-bin/diag.cgi",
                         "#!/bin/sh\n"
                         "HOST=$(echo \"$QUERY_STRING\" | sed 's/host=//')\n"
                         "run() {\n"
                         "\tsh -c \"traceroute $HOST\"\n"
                         "}\n"
                         "run\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    ck_assert_str_eq(tu_detail(tu_get(r, R_INJ, 0), "source_line"), "2");
    ck_assert_uint_eq(tu_get(r, R_INJ, 0)->n_flow, 0);
    DONE();
    r = scan1("/www/cgi-bin/diag.cgi",
              "#!/bin/sh\n"
              "run() {\n"
              "\tsh -c \"traceroute $1\"\n"
              "}\n"
              "HOST=$(echo \"$QUERY_STRING\" | sed 's/host=//')\n"
              "run $HOST\n", &t, &rs);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    const fw_finding *f = tu_get(r, R_INJ, 0);
    ck_assert_uint_eq(f->line, 3);
    ck_assert_uint_eq(f->n_flow, 3);
    ck_assert_ptr_nonnull(strstr(f->message, "$QUERY_STRING"));
    ck_assert_uint_eq(f->severity, FW_SEV_MEDIUM);    /* no server config: unknown */
    DONE();

    rs = iv_rules();
    t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/www/cgi-bin/set.cgi",
                "#!/bin/sh\nsource ./func.sh\nread -n $CONTENT_LENGTH body\n"
                "apply_setting $body\n");
    tu_add_file(t, ns, "/www/cgi-bin/func.sh",
                "apply_setting() {\n\tval=$1\n\teval \"nvram set $val\"\n}\n");
    r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, R_INJ), 1);
    f = tu_get(r, R_INJ, 0);
    ck_assert_str_eq(f->path, "/www/cgi-bin/func.sh");
    ck_assert_uint_eq(f->line, 3);
    ck_assert_str_eq(tu_detail(f, "source"), "request body");
    DONE();
}
END_TEST

/* Constants and validated values are no finding across files either; a
 * source path built at run time is not followed. */
START_TEST(shell_across_files_near_misses)
{
    fw_ruleset *rs = iv_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/www/cgi-bin/a.cgi",
                "#!/bin/sh\n. /www/cgi-bin/lib.sh\n"
                "host=\"$FORM_host\"\n"
                "do_ping 127.0.0.1\n"
                "expr \"$host\" : '[0-9.]*$' >/dev/null || exit 1\n"
                "do_ping \"$host\"\n"
                ". $LIBDIR/other.sh\n");
    tu_add_file(t, ns, "/www/cgi-bin/lib.sh", LIB_SH);
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, R_INJ), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("input-validation");
    TCase *tc = tcase_create("input-validation");
    tcase_add_test(tc, shell_cgi_eval_of_query_string);
    tcase_add_test(tc, shell_cgi_validated_by_case);
    tcase_add_test(tc, haserl_form_variable_in_sh_c);
    tcase_add_test(tc, luci_formvalue_to_sys_exec);
    tcase_add_test(tc, luci_quoted_with_percent_q);
    tcase_add_test(tc, php_get_to_system);
    tcase_add_test(tc, elf_web_server_string_level);
    tcase_add_test(tc, elf_interpreters_are_not_handlers);
    tcase_add_test(tc, shell_unquoted_argument);
    tcase_add_test(tc, shell_cgi_post_body);
    tcase_add_test(tc, shell_cgi_across_sourced_file);
    tcase_add_test(tc, shell_cgi_behind_login_and_two_callers);
    tcase_add_test(tc, shell_functions_one_finding_each);
    tcase_add_test(tc, shell_across_files_near_misses);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
