/* check_remote_code.c: the remote-code analyzer
 * (src/checks/scripts/remote_code.c) through the shipped
 * rules/remote-code.rules, on trees laid out as devices lay them out: an
 * inittab -> rcS -> S?? chain, a BusyBox crontab with its crond applet
 * link, a CGI under /www/cgi-bin, a vendor daemon's system() string. Each
 * test asserts what a user sees: rule, requirement IDs, path, line. */
#include <string.h>
#include "testutil.h"
#include "core/xalloc.h"

static fw_ruleset *rc_rules(void)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/remote-code.rules", &err) == FW_OK,
                  "load remote-code.rules: %s", err.msg);
    return rs;
}

#define ELF "\x7f" "ELF\x01\x01\x01\x00"

/* BusyBox as a real image has it: one ELF and applet links. */
static void busybox(fw_tree *t, fw_ns *ns)
{
    tu_add_bytes(t, ns, "/bin/busybox", ELF "\x00\x00", 10);
    tu_add_symlink(t, ns, "/bin/sh", "busybox");
    tu_add_symlink(t, ns, "/bin/wget", "busybox");
    tu_add_symlink(t, ns, "/usr/sbin/crond", "../../bin/busybox");
}

static size_t total(const fw_report *r)
{
    return tu_count(r, "remote-code-exec") + tu_count(r, "remote-code-plain-transport") +
           tu_count(r, "remote-code-exec-binary");
}

START_TEST(init_script_pipes_download_into_shell)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox(t, ns);
    tu_add_file(t, ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n");
    tu_add_file(t, ns, "/etc/init.d/rcS", "#!/bin/sh\nfor i in /etc/init.d/S??* ; do\n"
                "\t[ -x $i ] && $i start\ndone\n");
    tu_add_file(t, ns, "/etc/init.d/S90cloud", "#!/bin/sh\n"
                "# fetch the provisioning script from the vendor cloud\n"
                "SERVER=prov.example.com\n"
                "start() {\n"
                "\twget -q -O - \"http://$SERVER/boot.sh\" | /bin/sh\n"
                "}\n"
                "case \"$1\" in start) start ;; esac\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 1);
    const fw_finding *f = tu_get(r, "remote-code-exec", 0);
    ck_assert_str_eq(f->path, "/etc/init.d/S90cloud");
    ck_assert_uint_eq(f->line, 5);
    ck_assert(tu_names_req(f, "MO.14"));
    ck_assert_uint_eq(f->severity, FW_SEV_HIGH);
    ck_assert_str_eq(tu_detail(f, "url"), "http://prov.example.com/boot.sh");
    ck_assert_str_eq(tu_detail(f, "download"), "/etc/init.d/S90cloud:5");
    ck_assert_ptr_nonnull(strstr(f->message, "at boot"));
    /* plain HTTP: MO.6 on the download line */
    ck_assert_uint_eq(tu_count(r, "remote-code-plain-transport"), 1);
    const fw_finding *p = tu_get(r, "remote-code-plain-transport", 0);
    ck_assert(tu_names_req(p, "MO.6"));
    ck_assert_uint_eq(p->line, 5);
    ck_assert_str_eq(tu_detail(p, "transport"), "plain HTTP");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(downloaded_file_made_executable_then_run)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox(t, ns);
    tu_add_file(t, ns, "/etc/rc.local", "#!/bin/sh\n"
                "AGENT=/tmp/agent\n"
                "URL=https://cdn.example.com/agent-mips\n"
                "if wget -q -O $AGENT \"$URL\"; then\n"
                "\tchmod +x $AGENT\n"
                "\t$AGENT -d &\n"
                "fi\n"
                "exit 0\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 1);
    const fw_finding *f = tu_get(r, "remote-code-exec", 0);
    ck_assert_str_eq(f->path, "/etc/rc.local");
    ck_assert_uint_eq(f->line, 6);
    ck_assert_str_eq(tu_detail(f, "download"), "/etc/rc.local:4");
    ck_assert_str_eq(tu_detail(f, "made_executable"), "/etc/rc.local:5");
    ck_assert_str_eq(tu_detail(f, "url"), "https://cdn.example.com/agent-mips");
    /* HTTPS with certificates checked: no MO.6 finding */
    ck_assert_uint_eq(tu_count(r, "remote-code-plain-transport"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(crontab_job_with_busybox_crond)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox(t, ns);
    tu_add_file(t, ns, "/etc/crontabs/root",
                "*/15 * * * * /usr/sbin/ntpsetclock 60 log >/dev/null 2>&1\n"
                "0 */6 * * * curl -sk https://mgmt.example.com/cron.sh | sh >/dev/null 2>&1\n"
                "#0 3 * * * wget -qO- http://old.example.com/x | sh\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 1);
    const fw_finding *f = tu_get(r, "remote-code-exec", 0);
    ck_assert_str_eq(f->path, "/etc/crontabs/root");
    ck_assert_uint_eq(f->line, 2);
    ck_assert_ptr_nonnull(strstr(f->message, "from cron (/etc/crontabs/root:2)"));
    /* curl -k: TLS without certificate checks is no protection (MO.6) */
    ck_assert_uint_eq(tu_count(r, "remote-code-plain-transport"), 1);
    ck_assert_uint_eq(tu_get(r, "remote-code-plain-transport", 0)->line, 2);
    ck_assert_ptr_nonnull(strstr(tu_detail(tu_get(r, "remote-code-plain-transport", 0),
                                           "transport"), "certificate verification off"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(crontab_without_cron_daemon_is_not_run)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/bin/busybox", ELF "\x00\x00", 10);
    tu_add_symlink(t, ns, "/bin/sh", "busybox");
    tu_add_file(t, ns, "/etc/crontabs/root",
                "0 */6 * * * wget -qO- http://mgmt.example.com/cron.sh | sh\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(total(r), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(system_crontab_has_a_user_field)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/usr/sbin/cron", ELF "\x00\x00", 10);
    tu_add_file(t, ns, "/etc/cron.d/vendor",
                "SHELL=/bin/sh\nPATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
                "@reboot root tftp -g -r agent.sh -l /tmp/agent.sh 10.0.0.1 && sh /tmp/agent.sh\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 1);
    const fw_finding *f = tu_get(r, "remote-code-exec", 0);
    ck_assert_str_eq(f->path, "/etc/cron.d/vendor");
    ck_assert_uint_eq(f->line, 3);
    ck_assert_str_eq(tu_detail(f, "url"), "tftp://10.0.0.1/agent.sh");
    ck_assert_str_eq(tu_detail(tu_get(r, "remote-code-plain-transport", 0), "transport"), "TFTP");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(cgi_downloads_into_cwd_and_runs)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox(t, ns);
    tu_add_file(t, ns, "/www/cgi-bin/diag.cgi", "#!/bin/sh\n"
                "echo \"Content-type: text/plain\"\necho\n"
                "cd /tmp\n"
                "wget http://diag.example.com/tools/netdiag.sh\n"
                "chmod 755 netdiag.sh\n"
                "./netdiag.sh \"$QUERY_STRING\"\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 1);
    const fw_finding *f = tu_get(r, "remote-code-exec", 0);
    ck_assert_str_eq(f->path, "/www/cgi-bin/diag.cgi");
    ck_assert_uint_eq(f->line, 7);
    ck_assert_ptr_nonnull(strstr(f->message, "from the web server"));
    ck_assert_uint_eq(tu_get(r, "remote-code-plain-transport", 0)->line, 5);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(eval_and_archive_shapes)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/usr/libexec/provision", "#!/bin/sh\n"
                "CFG=$(curl -fsS https://prov.example.com/env)\n"
                "eval \"$CFG\"\n"
                "wget -O /tmp/plugin.tgz http://prov.example.com/plugin.tgz\n"
                "tar -xzf /tmp/plugin.tgz -C /tmp/plugin\n"
                "/tmp/plugin/install.sh\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 2);
    ck_assert_uint_eq(tu_get(r, "remote-code-exec", 0)->line, 3);
    ck_assert_str_eq(tu_detail(tu_get(r, "remote-code-exec", 0), "download"),
                     "/usr/libexec/provision:2");
    ck_assert_uint_eq(tu_get(r, "remote-code-exec", 1)->line, 6);
    ck_assert_str_eq(tu_detail(tu_get(r, "remote-code-exec", 1), "download"),
                     "/usr/libexec/provision:4");
    ck_assert_uint_eq(tu_count(r, "remote-code-plain-transport"), 1);
    ck_assert_uint_eq(tu_get(r, "remote-code-plain-transport", 0)->line, 4);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* mv carries a download to its new name; rm forgets it (a file copied
 * from the image to the same path later is not downloaded). */
START_TEST(moved_and_removed_downloads)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/init.d/agent", "#!/bin/sh /etc/rc.common\n"
                "start() {\n"
                "\twget -O /tmp/agent.new http://cdn.example.com/agent &&\n"
                "\t\tmv /tmp/agent.new /usr/sbin/agent\n"
                "\tchmod +x /usr/sbin/agent\n"
                "\t/usr/sbin/agent\n"
                "\twget -O /tmp/helper http://cdn.example.com/helper; rm -f /tmp/helper\n"
                "\tcp /rom/helper /tmp/helper; /tmp/helper\n"
                "}\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 1);
    ck_assert_uint_eq(tu_get(r, "remote-code-exec", 0)->line, 6);
    ck_assert_str_eq(tu_detail(tu_get(r, "remote-code-exec", 0), "download"),
                     "/etc/init.d/agent:3");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* Near misses in real shapes: none is a finding. */
START_TEST(near_misses)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox(t, ns);
    /* stored, parsed, compared: never run */
    tu_add_file(t, ns, "/usr/sbin/checkver.sh", "#!/bin/sh\n"
                "NEW=$(wget -qO- http://fw.example.com/latest.txt)\n"
                "[ \"$NEW\" != \"$(cat /etc/version)\" ] && echo \"$NEW\" > /tmp/newver\n"
                "curl -s http://fw.example.com/notes | grep -i security\n"
                "wget -O /tmp/ca.pem http://fw.example.com/ca.pem\n");
    /* usage text, echo'd strings, a here-document, a commented line */
    tu_add_file(t, ns, "/usr/bin/install-helper", "#!/bin/sh\n"
                "usage() {\n"
                "\techo \"usage: wget -O - URL | sh\"\n"
                "\tcat <<EOF\n"
                "Install with: curl -s http://example.com/i.sh | sh\n"
                "EOF\n"
                "}\n"
                "# wget -qO- http://example.com/i.sh | sh\n"
                "usage\n");
    /* verified before it runs */
    tu_add_file(t, ns, "/usr/sbin/plugin-fetch", "#!/bin/sh\n"
                "wget -O /tmp/p.sh https://example.com/p.sh\n"
                "wget -O /tmp/p.sh.sig https://example.com/p.sh.sig\n"
                "usign -V -m /tmp/p.sh -P /etc/opkg/keys -q || exit 1\n"
                "sh /tmp/p.sh\n");
    /* package manager: opkg's own signature policy is the update analyzer's */
    tu_add_file(t, ns, "/etc/uci-defaults/99-pkgs", "#!/bin/sh\n"
                "opkg install http://pkgs.example.com/luci-app-x.ipk\n");
    /* documentation */
    tu_add_file(t, ns, "/usr/share/doc/agent/install.sh", "#!/bin/sh\n"
                "wget -qO- http://example.com/agent.sh | sh\n");
    /* an upload, not a download */
    tu_add_file(t, ns, "/etc/hotplug.d/iface/99-backup", "#!/bin/sh\n"
                "tftp -p -l /tmp/backup.tar -r backup.tar 10.0.0.1\n"
                "sh /tmp/backup.tar\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(total(r), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* An update path is the update analyzer's: its http fetch is reported
 * there (update-insecure-download), not here. */
START_TEST(update_path_is_left_to_update_analyzer)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox(t, ns);
    tu_add_file(t, ns, "/usr/sbin/fw_upgrade.sh", "#!/bin/sh\n"
                "wget -O /tmp/fw.img http://update.example.com/fw.img || exit 1\n"
                "sysupgrade /tmp/fw.img\n"
                "mtd -r write /tmp/fw.img firmware\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(total(r), 0);
    ck_assert_uint_eq(tu_count(r, "update-insecure-download"), 1);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(binary_system_string)
{
    fw_ruleset *rs = rc_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    static const char cloudd[] = ELF "\x00\x00" "system\x00"
        "wget -q -O /tmp/.p http://%s/p.bin; chmod +x /tmp/.p; /tmp/.p &\x00"
        "curl -s -o /tmp/cfg http://%s/cfg\x00";
    tu_add_bytes(t, ns, "/usr/bin/cloudd", cloudd, sizeof cloudd - 1);
    static const char bb[] = ELF "\x00\x00" "wget\x00"
        "[-c|--continue] [-s|--spider] [-q|--quiet] [-O|--output-document FILE] URL | sh\x00"
        "Usage: wget -O - http://x/y | sh\x00";
    tu_add_bytes(t, ns, "/bin/busybox", bb, sizeof bb - 1);
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec-binary"), 1);
    const fw_finding *f = tu_get(r, "remote-code-exec-binary", 0);
    ck_assert_str_eq(f->path, "/usr/bin/cloudd");
    ck_assert(tu_names_req(f, "MO.14"));
    ck_assert_uint_eq(f->severity, FW_SEV_MEDIUM);
    ck_assert_uint_eq(f->offset, (uint64_t)(strstr(cloudd + 17, "wget") - cloudd));
    ck_assert_uint_eq(tu_count(r, "remote-code-plain-transport"), 1);
    ck_assert_uint_eq(tu_get(r, "remote-code-plain-transport", 0)->severity, FW_SEV_MEDIUM);
    ck_assert_uint_eq(tu_count(r, "remote-code-exec"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("remote_code");
    TCase *tc = tcase_create("remote_code");
    tcase_add_test(tc, init_script_pipes_download_into_shell);
    tcase_add_test(tc, downloaded_file_made_executable_then_run);
    tcase_add_test(tc, crontab_job_with_busybox_crond);
    tcase_add_test(tc, crontab_without_cron_daemon_is_not_run);
    tcase_add_test(tc, system_crontab_has_a_user_field);
    tcase_add_test(tc, cgi_downloads_into_cwd_and_runs);
    tcase_add_test(tc, eval_and_archive_shapes);
    tcase_add_test(tc, moved_and_removed_downloads);
    tcase_add_test(tc, near_misses);
    tcase_add_test(tc, update_path_is_left_to_update_analyzer);
    tcase_add_test(tc, binary_system_string);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
