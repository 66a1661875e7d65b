/* check_services.c: the services analyzer (src/checks/services/services.c, boot_*.c,
 * shellscan.c) through the shipped rules/services.rules and
 * rules/service-config.rules: the boot graph of each boot system, the
 * services inventory, and the findings on what is started. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "engine/analyzer.h"

#define ELF "\x7f" "ELF\x01\x01\x01"

static fw_ruleset *svc_rules(void)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/services.rules", &err) == FW_OK,
                  "%s", err.msg);
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/service-config.rules", &err) == FW_OK,
                  "%s", err.msg);
    return rs;
}

typedef struct fx { fw_ruleset *rs; fw_tree *t; fw_ns *ns; fw_report *rep; } fx;

static void fx_init(fx *f)
{
    f->rs = svc_rules();
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

static int col(const fw_inventory *inv, const char *name)
{
    for (size_t i = 0; i < inv->n_columns; i++)
        if (strcmp(inv->columns[i], name) == 0)
            return (int)i;
    ck_abort_msg("no column %s", name);
    return -1;
}

/* The inventory row of service `name` (the n-th one), or NULL. */
static char **row(const fw_report *r, const char *name, size_t n)
{
    const fw_inventory *inv = fw_report_find_inventory(r, "services");
    if (!inv)
        return NULL;
    int c = col(inv, "service");
    for (size_t i = 0; i < inv->n_rows; i++)
        if (inv->rows[i][c] && strcmp(inv->rows[i][c], name) == 0 && n-- == 0)
            return inv->rows[i];
    return NULL;
}

static const char *cell(const fw_report *r, char **rw, const char *name)
{
    return rw[col(fw_report_find_inventory(r, "services"), name)];
}

/* ---- BusyBox inittab --------------------------------------------------- */

START_TEST(inittab_telnetd_shell_without_login)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
                "# debug build:\n::respawn:/usr/sbin/telnetd -F -l /bin/sh\n"
                "::shutdown:/bin/umount -a -r\n");
    tu_add_file(f.t, f.ns, "/bin/busybox", ELF);
    tu_add_symlink(f.t, f.ns, "/usr/sbin/telnetd", "../../bin/busybox");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
    const fw_finding *x = tu_get(f.rep, "shell-listener-without-login", 0);
    ck_assert_str_eq(x->path, "/etc/inittab");
    ck_assert_uint_eq(x->line, 3);
    ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    ck_assert(tu_names_req(x, "MO.1"));
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 1);
    char **rw = row(f.rep, "telnetd", 0);
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(cell(f.rep, rw, "binary"), "/bin/busybox (busybox applet telnetd)");
    ck_assert_str_eq(cell(f.rep, rw, "args"), "-F -l /bin/sh");
    ck_assert_str_eq(cell(f.rep, rw, "started_by"),
                     "/etc/inittab:3 ::respawn:/usr/sbin/telnetd -F -l /bin/sh");
    /* umount on shutdown is not a start */
    ck_assert_ptr_null(row(f.rep, "umount", 0));
    fx_free(&f);
}
END_TEST

START_TEST(inittab_rcs_starts_httpd_and_getty_is_no_finding)
{
    /* TP-Link TL-WR740N shape: rcS starts httpd in the background; a getty
     * with a login prompt on ttyS0 is not a console shell. */
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/rc.d/rcS\n"
                "::respawn:/sbin/getty ttyS0 115200\n");
    tu_add_file(f.t, f.ns, "/etc/rc.d/rcS", "#!/bin/sh\nmount -a\n#/usr/sbin/telnetd &\n"
                "/etc/rc.d/rc.modules\n/usr/bin/httpd &\n");
    tu_add_file(f.t, f.ns, "/etc/rc.d/rc.modules", "#!/bin/sh\ninsmod /lib/x.ko\n");
    tu_add_file(f.t, f.ns, "/usr/bin/httpd", ELF);
    tu_add_file(f.t, f.ns, "/usr/sbin/telnetd", ELF);
    tu_add_file(f.t, f.ns, "/sbin/getty", ELF);
    tu_add_file(f.t, f.ns, "/sbin/insmod", ELF);
    fx_run(&f);
    char **rw = row(f.rep, "httpd", 0);
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(cell(f.rep, rw, "started_by"), "/etc/inittab:1 -> /etc/rc.d/rcS:5");
    ck_assert_str_eq(cell(f.rep, rw, "status"), "started");
    ck_assert_ptr_nonnull(row(f.rep, "getty", 0));
    ck_assert_ptr_null(row(f.rep, "telnetd", 0));
    ck_assert_ptr_null(row(f.rep, "insmod", 0));
    ck_assert_uint_eq(tu_count(f.rep, "serial-console-shell"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 0);
    fx_free(&f);
}
END_TEST

START_TEST(serial_console_shells)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "ttyS0::respawn:-/bin/sh\n"
                "tty1::askfirst:-/bin/sh\n"
                "S1:2345:respawn:/sbin/getty -a root -L ttyS1 115200 vt100\n");
    tu_add_file(f.t, f.ns, "/bin/sh", ELF);
    tu_add_file(f.t, f.ns, "/sbin/getty", ELF);
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "serial-console-shell"), 2);   /* not tty1 */
    ck_assert_uint_eq(tu_get(f.rep, "serial-console-shell", 0)->line +
                      tu_get(f.rep, "serial-console-shell", 1)->line, 1 + 3);
    fx_free(&f);
}
END_TEST

/* ---- OpenWrt: rc.d, procd, UCI ----------------------------------------- */

static void openwrt(fx *f, const char *uci)
{
    tu_add_file(f->t, f->ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS S boot\n"
                "::shutdown:/etc/init.d/rcS K shutdown\n");
    tu_add_file(f->t, f->ns, "/etc/init.d/telnet", "#!/bin/sh /etc/rc.common\n"
                "START=50\n\nUSE_PROCD=1\nPROG=/usr/sbin/telnetd\n\n"
                "start_service() {\n"
                "\tif ( ! /etc/init.d/dropbear enabled 2> /dev/null ); then\n"
                "\t\tprocd_open_instance\n"
                "\t\tprocd_set_param command \"$PROG\" -F -l /bin/login.sh\n"
                "\t\tprocd_close_instance\n\tfi\n}\n");
    tu_add_symlink(f->t, f->ns, "/etc/rc.d/S50telnet", "../init.d/telnet");
    tu_add_symlink(f->t, f->ns, "/etc/rc.d/K50telnet", "../init.d/telnet");
    tu_add_file(f->t, f->ns, "/etc/init.d/uhttpd", "#!/bin/sh /etc/rc.common\nSTART=50\n"
                "USE_PROCD=1\nUHTTPD_BIN=\"/usr/sbin/uhttpd\"\nstart_service() {\n"
                "\tprocd_open_instance\n\tprocd_set_param command \"$UHTTPD_BIN\" -f\n}\n");
    tu_add_symlink(f->t, f->ns, "/etc/rc.d/S50uhttpd", "../init.d/uhttpd");
    tu_add_file(f->t, f->ns, "/bin/busybox", ELF);
    tu_add_symlink(f->t, f->ns, "/usr/sbin/telnetd", "../../bin/busybox");
    tu_add_file(f->t, f->ns, "/usr/sbin/uhttpd", ELF);
    if (uci)
        tu_add_file(f->t, f->ns, "/etc/config/telnet", uci);
}

START_TEST(openwrt_procd_telnet)
{
    fx f;
    fx_init(&f);
    openwrt(&f, NULL);
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 1);
    const fw_finding *x = tu_get(f.rep, "telnetd-started", 0);
    ck_assert_str_eq(x->path, "/etc/init.d/telnet");
    ck_assert_uint_eq(x->line, 10);
    ck_assert(tu_names_req(x, "MO.5"));
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);  /* login.sh */
    char **rw = row(f.rep, "telnetd", 0);
    ck_assert_str_eq(cell(f.rep, rw, "started_by"), "/etc/rc.d/S50telnet -> ../init.d/telnet:10");
    ck_assert_str_eq(cell(f.rep, rw, "binary"), "/bin/busybox (busybox applet telnetd)");
    ck_assert_ptr_nonnull(strstr(cell(f.rep, rw, "status"), "conditional"));
    ck_assert_ptr_null(row(f.rep, "telnetd", 1));   /* the K link starts nothing */
    ck_assert_ptr_null(row(f.rep, "dropbear", 0));  /* "enabled" is a query */
    rw = row(f.rep, "uhttpd", 0);
    ck_assert_str_eq(cell(f.rep, rw, "args"), "-f");
    ck_assert_str_eq(cell(f.rep, rw, "status"), "started");
    fx_free(&f);
}
END_TEST

START_TEST(openwrt_uci_disabled_is_not_started)
{
    fx f;
    fx_init(&f);
    openwrt(&f, "config telnet\n\toption enabled '0'\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 0);
    char **rw = row(f.rep, "telnetd", 0);
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(cell(f.rep, rw, "status"), "not started: disabled in /etc/config/telnet:2");
    ck_assert_str_eq(cell(f.rep, rw, "config"), "/etc/config/telnet");
    fx_free(&f);
}
END_TEST

/* ---- SysV rc.d --------------------------------------------------------- */

START_TEST(sysv_runlevel_links)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "id:3:initdefault:\nsi::sysinit:/etc/init.d/rcS\n");
    tu_add_file(f.t, f.ns, "/etc/init.d/vsftpd", "#!/bin/sh\nDAEMON=/usr/sbin/vsftpd\n"
                "case \"$1\" in\n  start)\n    start-stop-daemon --start --quiet --background "
                "--exec $DAEMON -- /etc/vsftpd.conf\n    ;;\n  stop)\n"
                "    start-stop-daemon --stop --exec $DAEMON\n    ;;\nesac\n");
    tu_add_symlink(f.t, f.ns, "/etc/rc3.d/S20vsftpd", "../init.d/vsftpd");
    tu_add_file(f.t, f.ns, "/etc/init.d/tftpd", "#!/bin/sh\n/usr/sbin/in.tftpd -l &\n");
    tu_add_symlink(f.t, f.ns, "/etc/rc3.d/K20tftpd", "../init.d/tftpd");
    tu_add_symlink(f.t, f.ns, "/etc/rc1.d/S20tftpd", "../init.d/tftpd");  /* not runlevel 3 */
    tu_add_file(f.t, f.ns, "/usr/sbin/vsftpd", ELF);
    tu_add_file(f.t, f.ns, "/usr/sbin/in.tftpd", ELF);
    tu_add_file(f.t, f.ns, "/etc/vsftpd.conf", "anonymous_enable=NO\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "ftpd-started"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "ftpd-started", 0)->line, 5);
    ck_assert_uint_eq(tu_count(f.rep, "tftpd-started"), 0);
    char **rw = row(f.rep, "vsftpd", 0);
    ck_assert_str_eq(cell(f.rep, rw, "args"), "/etc/vsftpd.conf");
    ck_assert_str_eq(cell(f.rep, rw, "config"), "/etc/vsftpd.conf");
    ck_assert_ptr_null(row(f.rep, "vsftpd", 1));   /* --stop is not a start */
    fx_free(&f);
}
END_TEST

/* ---- systemd ----------------------------------------------------------- */

START_TEST(systemd_wants_and_masks)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/lib/systemd/system/mosquitto.service", "[Unit]\nDescription=MQTT\n"
                "[Service]\nExecStartPre=/bin/mkdir -p /run/mosquitto\n"
                "ExecStart=/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf\n"
                "[Install]\nWantedBy=multi-user.target\n");
    tu_add_symlink(f.t, f.ns, "/etc/systemd/system/multi-user.target.wants/mosquitto.service",
                   "/lib/systemd/system/mosquitto.service");
    tu_add_file(f.t, f.ns, "/lib/systemd/system/miniupnpd.service",
                "[Service]\nExecStart=/usr/sbin/miniupnpd -d\n[Install]\nWantedBy=multi-user.target\n");
    tu_add_file(f.t, f.ns, "/lib/systemd/system/avahi-daemon.service",
                "[Service]\nExecStart=/usr/sbin/avahi-daemon -s\n");
    tu_add_symlink(f.t, f.ns, "/etc/systemd/system/multi-user.target.wants/avahi-daemon.service",
                   "/lib/systemd/system/avahi-daemon.service");
    tu_add_symlink(f.t, f.ns, "/etc/systemd/system/avahi-daemon.service", "/dev/null");
    tu_add_file(f.t, f.ns, "/usr/sbin/mosquitto", ELF);
    tu_add_file(f.t, f.ns, "/usr/sbin/miniupnpd", ELF);
    tu_add_file(f.t, f.ns, "/usr/sbin/avahi-daemon", ELF);
    tu_add_file(f.t, f.ns, "/etc/mosquitto/mosquitto.conf", "listener 1883\nallow_anonymous true\n");
    fx_run(&f);
    char **rw = row(f.rep, "mosquitto", 0);
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(cell(f.rep, rw, "started_by"),
                     "/etc/systemd/system/multi-user.target.wants/mosquitto.service -> "
                     "/lib/systemd/system/mosquitto.service -> "
                     "/lib/systemd/system/mosquitto.service:5");
    ck_assert_str_eq(cell(f.rep, rw, "config"), "/etc/mosquitto/mosquitto.conf");
    ck_assert_ptr_null(row(f.rep, "mkdir", 0));
    /* installed but not enabled; enabled but masked */
    ck_assert_uint_eq(tu_count(f.rep, "upnp-enabled-by-default"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "discovery-responder-started"), 0);
    rw = row(f.rep, "avahi-daemon.service", 0);
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(cell(f.rep, rw, "status"), "not started: masked (linked to /dev/null)");
    /* the config pattern rules */
    ck_assert_uint_eq(tu_count(f.rep, "mqtt-anonymous-allowed"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "mqtt-anonymous-allowed", 0)->line, 2);
    ck_assert_uint_eq(tu_count(f.rep, "mqtt-listener-without-tls"), 1);
    fx_free(&f);
}
END_TEST

/* ---- inetd ------------------------------------------------------------- */

START_TEST(inetd_only_when_inetd_runs)
{
    for (int running = 0; running < 2; running++) {
        fx f;
        fx_init(&f);
        tu_add_file(f.t, f.ns, "/etc/inetd.conf", "#ftp stream tcp nowait root /usr/sbin/ftpd ftpd\n"
                    "telnet stream tcp nowait root /usr/sbin/telnetd telnetd -l /bin/sh\n");
        tu_add_file(f.t, f.ns, "/etc/inittab", running ? "::sysinit:/etc/init.d/rcS\n" : "");
        tu_add_file(f.t, f.ns, "/etc/init.d/rcS", "#!/bin/sh\n/usr/sbin/inetd\n");
        tu_add_file(f.t, f.ns, "/usr/sbin/inetd", ELF);
        tu_add_file(f.t, f.ns, "/usr/sbin/telnetd", ELF);
        tu_add_file(f.t, f.ns, "/usr/sbin/ftpd", ELF);
        fx_run(&f);
        ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), (size_t)running);
        ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), (size_t)running);
        ck_assert_uint_eq(tu_count(f.rep, "ftpd-started"), 0);
        char **rw = row(f.rep, "telnetd", 0);
        ck_assert_ptr_nonnull(rw);
        ck_assert_str_eq(cell(f.rep, rw, "started_by"), "/etc/inetd.conf:2 telnet (via inetd)");
        if (!running)
            ck_assert_str_eq(cell(f.rep, rw, "status"), "not started: inetd is not started at boot");
        fx_free(&f);
    }
}
END_TEST

/* ---- what cannot be told ------------------------------------------------ */

START_TEST(missing_binary_and_binary_init)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::respawn:/usr/sbin/telnetd -l /bin/sh\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);
    ck_assert_str_eq(cell(f.rep, row(f.rep, "telnetd", 0), "status"),
                     "not in image: the binary is not in the image");
    fx_free(&f);

    /* DVRF: /sbin/init -> rc, a binary; nothing to read */
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/fstab", "proc /proc proc defaults 0 0\n");
    tu_add_file(f.t, f.ns, "/sbin/rc", ELF);
    tu_add_symlink(f.t, f.ns, "/sbin/init", "rc");
    tu_add_file(f.t, f.ns, "/usr/sbin/telnetd", ELF);
    fx_run(&f);
    char **rw = row(f.rep, "init", 0);
    ck_assert_ptr_nonnull(rw);
    ck_assert_str_eq(cell(f.rep, rw, "binary"), "/sbin/rc");
    ck_assert_ptr_nonnull(strstr(cell(f.rep, rw, "status"), "unresolved"));
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 0);
    /* ...so MO.1 and MO.11 are undecided, not silently clean */
    ck_assert_uint_eq(f.rep->n_undecided, 1);
    ck_assert_str_eq(f.rep->undecided[0]->rule->id, "boot-graph-unresolved");
    ck_assert_str_eq(f.rep->undecided[0]->path, "/sbin/rc");
    fx_free(&f);
}
END_TEST

START_TEST(unresolved_and_hostile_scripts)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n");
    /* a sources b sources a: read once each; $D from the environment */
    tu_add_file(f.t, f.ns, "/etc/init.d/rcS", "#!/bin/sh\n. /etc/init.d/b\n$D/telnetd &\n"
                "X=$((0x10 & 3)); echo \"'unterminated\n");
    tu_add_file(f.t, f.ns, "/etc/init.d/b", "#!/bin/sh\n. /etc/init.d/rcS\n");
    fx_run(&f);
    char **rw = row(f.rep, "telnetd", 0);
    ck_assert_ptr_nonnull(rw);
    ck_assert_ptr_nonnull(strstr(cell(f.rep, rw, "status"), "unresolved"));
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 0);
    fx_free(&f);
}
END_TEST


START_TEST(bounded_nesting_and_long_lines)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/s0\n");
    char path[32], body[64];
    for (int i = 0; i < 12; i++) {   /* s0 runs s1 ... s11 runs telnetd */
        snprintf(path, sizeof path, "/etc/s%d", i);
        if (i == 0)
            snprintf(body, sizeof body, "#!/bin/sh\n/etc/big\n/etc/s%d\n", i + 1);
        else if (i < 11)
            snprintf(body, sizeof body, "#!/bin/sh\n/etc/s%d\n", i + 1);
        else
            snprintf(body, sizeof body, "#!/bin/sh\n/usr/sbin/telnetd\n");
        tu_add_file(f.t, f.ns, path, body);
    }
    tu_add_file(f.t, f.ns, "/usr/sbin/telnetd", ELF);
    /* one 64 KiB line of continuations and quotes: bounded, no crash */
    size_t n = 65536;
    char *big = malloc(n + 32);
    strcpy(big, "#!/bin/sh\n");
    for (size_t i = strlen(big); i < n; i++)
        big[i] = "a \\\n'\";&|$("[i % 12];
    strcpy(big + n, "\n");
    tu_add_file(f.t, f.ns, "/etc/big", big);
    free(big);
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 0);
    ck_assert(f.rep->incomplete);   /* the depth limit is reported */
    int warned = 0;
    for (size_t i = 0; i < f.rep->n_errors; i++)
        warned |= strstr(f.rep->errors[i].message, "nested deeper") != NULL;
    ck_assert(warned);
    fx_free(&f);
}
END_TEST

START_TEST(buildroot_initd_s_scripts)
{
    /* Buildroot: rcS runs /etc/init.d/S??* itself */
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
                "console::respawn:/sbin/getty -L console 0 vt100\n");
    tu_add_file(f.t, f.ns, "/etc/init.d/rcS", "#!/bin/sh\n"
                "for i in /etc/init.d/S??* ;do\n"
                "     [ ! -f \"$i\" ] && continue\n"
                "     case \"$i\" in\n"
                "\t*.sh)\n\t    ( trap - INT QUIT TSTP; set start; . $i )\n\t    ;;\n"
                "\t*)\n\t    $i start\n\t    ;;\n    esac\ndone\n");
    tu_add_file(f.t, f.ns, "/etc/init.d/S50telnet", "#!/bin/sh\n"
                "start() {\n\tprintf \"Starting telnetd: \"\n"
                "\tstart-stop-daemon -S -q -m -b -p /var/run/telnetd.pid -x /usr/sbin/telnetd -- -F\n}\n"
                "case \"$1\" in\n  start) start ;;\nesac\n");
    tu_add_file(f.t, f.ns, "/usr/sbin/telnetd", ELF);
    tu_add_file(f.t, f.ns, "/sbin/getty", ELF);
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 1);
    char **rw = row(f.rep, "telnetd", 0);
    /* the rcS loop line that runs it, the case branch that calls start() */
    ck_assert_str_eq(cell(f.rep, rw, "started_by"), "/etc/inittab:1 -> /etc/init.d/rcS:9 -> "
                     "/etc/init.d/S50telnet:7 -> start():4");
    ck_assert_str_eq(cell(f.rep, rw, "args"), "-F");
    ck_assert_uint_eq(tu_count(f.rep, "serial-console-shell"), 0);   /* getty: login prompt */
    fx_free(&f);
}
END_TEST

START_TEST(console_autologin_forms)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "ttyS0::respawn:/bin/login -f root\n");
    tu_add_file(f.t, f.ns, "/etc/systemd/system/multi-user.target.wants/debug.service",
                "[Service]\nExecStart=/bin/sh\nStandardInput=tty\nTTYPath=/dev/ttyS1\n");
    tu_add_file(f.t, f.ns, "/etc/systemd/system/multi-user.target.wants/vt.service",
                "[Service]\nExecStart=/bin/sh\nTTYPath=/dev/tty9\n");
    tu_add_file(f.t, f.ns, "/bin/login", ELF);
    tu_add_file(f.t, f.ns, "/bin/sh", ELF);
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "serial-console-shell"), 2);   /* not tty9 */
    fx_free(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("services");
    TCase *tc = tcase_create("boot");
    tcase_add_test(tc, inittab_telnetd_shell_without_login);
    tcase_add_test(tc, inittab_rcs_starts_httpd_and_getty_is_no_finding);
    tcase_add_test(tc, serial_console_shells);
    tcase_add_test(tc, openwrt_procd_telnet);
    tcase_add_test(tc, openwrt_uci_disabled_is_not_started);
    tcase_add_test(tc, sysv_runlevel_links);
    tcase_add_test(tc, systemd_wants_and_masks);
    tcase_add_test(tc, inetd_only_when_inetd_runs);
    tcase_add_test(tc, missing_binary_and_binary_init);
    tcase_add_test(tc, unresolved_and_hostile_scripts);
    tcase_add_test(tc, bounded_nesting_and_long_lines);
    tcase_add_test(tc, buildroot_initd_s_scripts);
    tcase_add_test(tc, console_autologin_forms);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
