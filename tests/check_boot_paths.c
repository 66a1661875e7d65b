/* check_boot_paths.c: every way a device starts a command, as the services
 * inventory shows it (src/checks/services/shellscan.c, shellwrap.c,
 * boot_cron.c, boot_hotplug.c, boot_systemd.c, boot_inetd.c). Trees are
 * built the way real images are: BusyBox as an ELF with applet links,
 * daemons as ELF files, rcS run from inittab, scripts chained as vendor
 * firmware chains them. Each class has a start that must be found and a
 * near miss that must not be. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
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

static void fx_free(fx *f)
{
    fw_report_free(&f->rep);
    fw_tree_free(&f->t);
    fw_ruleset_free(&f->rs);
}

static void file(fx *f, const char *path, const char *text) { tu_add_file(f->t, f->ns, path, text); }
static void link_(fx *f, const char *path, const char *to) { tu_add_symlink(f->t, f->ns, path, to); }

/* BusyBox with the applet links a router image has. */
static void busybox(fx *f)
{
    file(f, "/bin/busybox", ELF);
    link_(f, "/bin/sh", "busybox");
    link_(f, "/usr/sbin/telnetd", "../../bin/busybox");
    link_(f, "/usr/sbin/crond", "../../bin/busybox");
    link_(f, "/usr/sbin/ftpd", "../../bin/busybox");
    link_(f, "/usr/bin/tcpsvd", "../../bin/busybox");
    link_(f, "/usr/bin/nohup", "../../bin/busybox");
    link_(f, "/usr/bin/env", "../../bin/busybox");
    link_(f, "/usr/bin/setsid", "../../bin/busybox");
    link_(f, "/usr/sbin/chroot", "../../bin/busybox");
    link_(f, "/bin/su", "busybox");
    link_(f, "/sbin/mdev", "../bin/busybox");
    link_(f, "/bin/mount", "busybox");
    link_(f, "/bin/mkdir", "busybox");
    link_(f, "/bin/run-parts", "busybox");
}

/* inittab -> rcS with `body` as rcS. */
static void rcs(fx *f, const char *body)
{
    file(f, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n::shutdown:/bin/umount -a -r\n");
    file(f, "/etc/init.d/rcS", body);
}

static void run(fx *f) { f->rep = tu_run_checks(f->rs, f->t); }

static int col(const fw_inventory *inv, const char *name)
{
    for (size_t i = 0; i < inv->n_columns; i++)
        if (strcmp(inv->columns[i], name) == 0)
            return (int)i;
    ck_abort_msg("no column %s", name);
    return -1;
}

/* A cell of the n-th row of service `name`, or NULL when there is no row. */
static const char *cell(const fx *f, const char *name, size_t n, const char *column)
{
    const fw_inventory *inv = fw_report_find_inventory(f->rep, "services");
    if (!inv)
        return NULL;
    int c = col(inv, "service"), k = col(inv, column);
    for (size_t i = 0; i < inv->n_rows; i++)
        if (inv->rows[i][c] && strcmp(inv->rows[i][c], name) == 0 && n-- == 0)
            return inv->rows[i][k] ? inv->rows[i][k] : "";
    return NULL;
}

#define BY(f, name) cell(f, name, 0, "started_by")
#define STATUS(f, name) cell(f, name, 0, "status")
#define ARGS(f, name) cell(f, name, 0, "args")

/* ---- rc.local and script chains ---------------------------------------- */

START_TEST(rc_local_without_shebang_is_followed)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    rcs(&f, "#!/bin/sh\nmount -a\n[ -x /etc/rc.local ] && /etc/rc.local\n");
    /* vendor rc.local: no #! line; the shell runs it all the same */
    file(&f, "/etc/rc.local", "# local additions\n/usr/sbin/telnetd -l /bin/sh\nexit 0\n");
    run(&f);
    ck_assert_str_eq(BY(&f, "telnetd"), "/etc/inittab:1 -> /etc/init.d/rcS:3 -> /etc/rc.local:2");
    /* the test is answered by the image: rc.local is there, so it runs */
    ck_assert_str_eq(STATUS(&f, "telnetd"), "started");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
    ck_assert_str_eq(tu_get(f.rep, "shell-listener-without-login", 0)->path, "/etc/rc.local");
    ck_assert_uint_eq(tu_get(f.rep, "shell-listener-without-login", 0)->line, 2);
    fx_free(&f);

    /* near miss: the call is commented out */
    fx_init(&f);
    busybox(&f);
    rcs(&f, "#!/bin/sh\nmount -a\n#[ -x /etc/rc.local ] && /etc/rc.local\n");
    file(&f, "/etc/rc.local", "/usr/sbin/telnetd -l /bin/sh\n");
    run(&f);
    ck_assert_ptr_null(BY(&f, "telnetd"));
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 0);
    fx_free(&f);
}
END_TEST

START_TEST(script_call_forms)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/sbin/utelnetd", ELF);
    file(&f, "/usr/sbin/vsftpd", ELF);
    file(&f, "/usr/bin/boa", ELF);
    file(&f, "/usr/sbin/httpd_factory", ELF);
    rcs(&f, "#!/bin/sh\n"
            "if [ -x /sbin/setup.sh ]\nthen\n  /sbin/setup.sh\nfi\n"        /* 2-5 */
            "test -x /etc/init.d/ftp && /etc/init.d/ftp start\n"            /* 6 */
            "sh /etc/web.sh\n"                                              /* 7 */
            "/bin/sh /etc/debug.sh boot\n"                                  /* 8 */
            "[ -f /etc/factory ] && /etc/factory.sh\n"                      /* 9 */
            "/etc/init.d/ftp stop\n");                                      /* 10 */
    file(&f, "/sbin/setup.sh", "#!/bin/sh\n/usr/sbin/utelnetd -d\n");
    file(&f, "/etc/init.d/ftp", "#!/bin/sh\nvsftpd /etc/vsftpd.conf &\n");
    file(&f, "/etc/web.sh", "boa -c /etc/boa\n");
    file(&f, "/etc/debug.sh", "#!/bin/sh\ntelnetd -p 2323\n");
    file(&f, "/etc/factory.sh", "#!/bin/sh\nhttpd_factory &\n");
    run(&f);
    ck_assert_str_eq(BY(&f, "utelnetd"), "/etc/inittab:1 -> /etc/init.d/rcS:4 -> /sbin/setup.sh:2");
    ck_assert_str_eq(STATUS(&f, "utelnetd"), "started");
    ck_assert_str_eq(BY(&f, "vsftpd"), "/etc/inittab:1 -> /etc/init.d/rcS:6 -> /etc/init.d/ftp:2");
    ck_assert_str_eq(STATUS(&f, "vsftpd"), "started");
    ck_assert_str_eq(BY(&f, "boa"), "/etc/inittab:1 -> /etc/init.d/rcS:7 -> sh /etc/web.sh:1");
    ck_assert_str_eq(BY(&f, "telnetd"), "/etc/inittab:1 -> /etc/init.d/rcS:8 -> sh /etc/debug.sh:2");
    /* /etc/factory is not in the image: created at run time, maybe */
    ck_assert_ptr_nonnull(strstr(STATUS(&f, "httpd_factory"), "conditional"));
    ck_assert_ptr_null(cell(&f, "vsftpd", 1, "status"));   /* "stop" starts nothing */
    fx_free(&f);
}
END_TEST

START_TEST(functions_count_where_called)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/sbin/dropbear", ELF);
    file(&f, "/usr/bin/gdbserver", ELF);
    /* TinaLinux shape: functions defined first, called at the end */
    rcs(&f, "#!/bin/sh\n"
            "rc_debug()\n{\n\t/usr/bin/gdbserver :1234 --multi &\n}\n"       /* 2-5 */
            "rc_ssh() {\n\tdropbear -R\n}\n"                                 /* 6-8 */
            "rc_telnet() { telnetd -l /bin/sh; }\n"                          /* 9 */
            "rc_ssh\n"                                                       /* 10 */
            "if grep -q debug /proc/cmdline; then\n\trc_debug\nfi\n");       /* 11-13 */
    run(&f);
    ck_assert_str_eq(BY(&f, "dropbear"), "/etc/inittab:1 -> /etc/init.d/rcS:10 -> rc_ssh():7");
    ck_assert_str_eq(STATUS(&f, "dropbear"), "started");
    ck_assert_str_eq(BY(&f, "gdbserver"), "/etc/inittab:1 -> /etc/init.d/rcS:12 -> rc_debug():4");
    ck_assert_ptr_nonnull(strstr(STATUS(&f, "gdbserver"), "conditional"));
    /* defined, never called: listed, not started, no finding */
    ck_assert_str_eq(STATUS(&f, "telnetd"),
                     "not started: in function rc_telnet(), which nothing in the script calls");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 0);
    fx_free(&f);
}
END_TEST

START_TEST(glob_loops_and_run_parts)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/sbin/lighttpd", ELF);
    file(&f, "/usr/sbin/smbd", ELF);
    /* IP camera shape: a loop over its own rc directory */
    rcs(&f, "#! /bin/sh\n/bin/mount -a\n"
            "for initscript in /etc/rc.d/S[0-9][0-9]*\ndo\n"
            "\tif [ -x $initscript ] ;\n\tthen\n\t\t$initscript\n\tfi\ndone\n"   /* 3-9 */
            "run-parts /etc/boot.d\n");                                         /* 10 */
    file(&f, "/etc/rc.d/S10web", "#!/bin/sh\nlighttpd -f /etc/lighttpd.conf\n");
    file(&f, "/etc/rc.d/K10web", "#!/bin/sh\ntelnetd\n");   /* not in the glob */
    file(&f, "/etc/boot.d/50samba", "#!/bin/sh\nsmbd -D\n");
    file(&f, "/etc/boot.d/60debug.disabled", "#!/bin/sh\ntelnetd -l /bin/sh\n");   /* run-parts skips dots */
    run(&f);
    ck_assert_str_eq(BY(&f, "lighttpd"),
                     "/etc/inittab:1 -> /etc/init.d/rcS:7 -> /etc/rc.d/S10web:2");
    ck_assert_str_eq(STATUS(&f, "lighttpd"), "started");   /* [ -x $initscript ]: the glob found it */
    ck_assert_str_eq(BY(&f, "smbd"),
                     "/etc/inittab:1 -> /etc/init.d/rcS:10 -> run-parts /etc/boot.d/50samba:2");
    ck_assert_ptr_null(BY(&f, "telnetd"));
    fx_free(&f);
}
END_TEST

/* ---- wrappers ------------------------------------------------------------ */

START_TEST(wrappers_unwrapped)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/sbin/uhttpd", ELF);
    file(&f, "/opt/app/bin/agentd", ELF);
    file(&f, "/usr/bin/mosquitto", ELF);
    file(&f, "/usr/sbin/snmpd", ELF);
    rcs(&f, "#!/bin/sh\n"
            "nohup /usr/sbin/uhttpd -p 80 -h /www > /dev/null 2>&1 &\n"      /* 2 */
            "env LD_LIBRARY_PATH=/opt/lib HOME=/ mosquitto -c /etc/m.conf -d\n" /* 3 */
            "setsid chroot /opt/app /bin/agentd\n"                            /* 4 */
            "su -c \"snmpd -Lsd\" nobody\n"                                   /* 5 */
            "/bin/sh -c 'mkdir -p /var/run; busybox telnetd -p 23 -l /bin/sh'\n" /* 6 */
            "sh -c \"echo telnetd is off\"\n"                                 /* 7 */
            "su admin\n");                                                    /* 8 */
    run(&f);
    ck_assert_str_eq(ARGS(&f, "uhttpd"), "-p 80 -h /www");
    ck_assert_str_eq(BY(&f, "uhttpd"), "/etc/inittab:1 -> /etc/init.d/rcS:2");
    ck_assert_str_eq(ARGS(&f, "mosquitto"), "-c /etc/m.conf -d");
    ck_assert_str_eq(cell(&f, "agentd", 0, "binary"), "/opt/app/bin/agentd");
    ck_assert_str_eq(ARGS(&f, "snmpd"), "-Lsd");
    ck_assert_str_eq(BY(&f, "telnetd"), "/etc/inittab:1 -> /etc/init.d/rcS:6");
    ck_assert_str_eq(cell(&f, "telnetd", 0, "binary"), "/bin/busybox (busybox applet telnetd)");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
    ck_assert_ptr_null(cell(&f, "telnetd", 1, "status"));   /* echo's words are not a start */
    ck_assert_ptr_null(BY(&f, "mkdir"));
    ck_assert_ptr_null(BY(&f, "su"));
    fx_free(&f);
}
END_TEST

START_TEST(super_servers_record_the_socket)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/bin/tcpserver", ELF);
    file(&f, "/usr/sbin/rshd", ELF);
    rcs(&f, "#!/bin/sh\n"
            "tcpsvd -vE 0.0.0.0 21 ftpd -w /srv/ftp &\n"
            "tcpserver -c 10 -u 0 192.168.1.1 514 /usr/sbin/rshd &\n"
            "# tcpsvd 0 23 telnetd -i &\n");
    run(&f);
    ck_assert_str_eq(BY(&f, "ftpd"), "/etc/inittab:1 -> /etc/init.d/rcS:2 (via tcpsvd, tcp port 21)");
    ck_assert_str_eq(ARGS(&f, "ftpd"), "-w /srv/ftp");
    ck_assert_uint_eq(tu_count(f.rep, "ftpd-started"), 1);
    ck_assert_str_eq(BY(&f, "rshd"),
                     "/etc/inittab:1 -> /etc/init.d/rcS:3 (via tcpserver, tcp port 514 on 192.168.1.1)");
    ck_assert_ptr_null(BY(&f, "tcpsvd"));
    ck_assert_ptr_null(BY(&f, "telnetd"));
    fx_free(&f);
}
END_TEST

START_TEST(inittab_process_through_a_wrapper)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/etc/inittab", "::sysinit:/bin/sh /etc/init.d/rcS\n"
                             "::respawn:/usr/bin/tcpsvd 0 23 /usr/sbin/telnetd -i -l /bin/sh\n");
    file(&f, "/etc/init.d/rcS", "/usr/sbin/crond -c /etc/crontabs\n");   /* no #! */
    run(&f);
    ck_assert_str_eq(BY(&f, "crond"), "/etc/inittab:1 -> sh /etc/init.d/rcS:1");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
    ck_assert_ptr_nonnull(strstr(BY(&f, "telnetd"), "(via tcpsvd, tcp port 23)"));
    ck_assert_uint_eq(tu_count(f.rep, "serial-console-shell"), 0);   /* its shell is on a socket */
    fx_free(&f);
}
END_TEST

/* ---- systemd --------------------------------------------------------------- */

START_TEST(systemd_sh_c_requires_and_sockets)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/sbin/in.telnetd", ELF);
    file(&f, "/usr/bin/adbd", ELF);
    file(&f, "/lib/systemd/system/debug-shell.service",
         "[Service]\nExecStartPre=/bin/mkdir -p /run/dbg\n"
         "ExecStart=/bin/sh -c 'cd /tmp; exec /usr/sbin/telnetd -F -l /bin/sh'\n");
    link_(&f, "/etc/systemd/system/multi-user.target.requires/debug-shell.service",
          "/lib/systemd/system/debug-shell.service");
    file(&f, "/lib/systemd/system/adb.service",
         "[Service]\nExecStartPre=/bin/sh -c '/usr/bin/adbd &'\nExecStart=/bin/true\n");
    link_(&f, "/etc/systemd/system/multi-user.target.wants/adb.service",
          "/lib/systemd/system/adb.service");
    file(&f, "/bin/true", ELF);
    file(&f, "/lib/systemd/system/telnet.socket",
         "[Socket]\nListenStream=23\nAccept=yes\n[Install]\nWantedBy=sockets.target\n");
    file(&f, "/lib/systemd/system/telnet@.service",
         "[Service]\nExecStart=-/usr/sbin/in.telnetd\nStandardInput=socket\n");
    link_(&f, "/etc/systemd/system/sockets.target.wants/telnet.socket",
          "/lib/systemd/system/telnet.socket");
    /* near miss: installed, never enabled */
    file(&f, "/lib/systemd/system/ftp.socket", "[Socket]\nListenStream=21\nAccept=yes\n");
    file(&f, "/lib/systemd/system/ftp@.service", "[Service]\nExecStart=/usr/sbin/ftpd\n");
    run(&f);
    ck_assert_str_eq(BY(&f, "telnetd"),
                     "/etc/systemd/system/multi-user.target.requires/debug-shell.service -> "
                     "/lib/systemd/system/debug-shell.service -> "
                     "/lib/systemd/system/debug-shell.service:3");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
    ck_assert_ptr_null(BY(&f, "mkdir"));
    ck_assert_ptr_nonnull(BY(&f, "adbd"));
    ck_assert_ptr_nonnull(strstr(BY(&f, "in.telnetd"), "telnet.socket (socket) -> "
                                                     "/lib/systemd/system/telnet@.service"));
    ck_assert_uint_eq(tu_count(f.rep, "telnetd-started"), 2);
    ck_assert_ptr_null(BY(&f, "ftpd"));
    fx_free(&f);
}
END_TEST

/* ---- inetd / xinetd --------------------------------------------------------- */

START_TEST(xinetd_disable_is_honoured)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/sbin/xinetd", ELF);
    file(&f, "/usr/sbin/in.tftpd", ELF);
    rcs(&f, "#!/bin/sh\n/usr/sbin/xinetd -stayalive\n");
    file(&f, "/etc/xinetd.d/telnet", "service telnet\n{\n\tsocket_type = stream\n"
         "\tserver = /usr/sbin/telnetd\n\tserver_args = -l /bin/sh\n\tdisable = yes\n}\n");
    file(&f, "/etc/xinetd.d/tftp", "service tftp\n{\n\tsocket_type = dgram\n\tprotocol = udp\n"
         "\tbind = 0.0.0.0\n\tserver = /usr/sbin/in.tftpd\n\tserver_args = -s /tftpboot\n"
         "\tdisable = no\n}\n");
    run(&f);
    ck_assert_str_eq(STATUS(&f, "telnetd"), "not started: disable = yes");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);
    ck_assert_str_eq(STATUS(&f, "in.tftpd"), "started");
    ck_assert_uint_eq(tu_count(f.rep, "tftpd-started"), 1);
    fx_free(&f);
}
END_TEST

/* ---- cron ------------------------------------------------------------------- */

static void crontabs(fx *f)
{
    file(f, "/etc/crontabs/root", "# m h dom mon dow command\n"
         "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
         "*/5 * * * * /usr/bin/watchdog.sh\n"
         "@reboot /usr/sbin/telnetd -l /bin/sh\n"
         "#0 4 * * * /usr/sbin/ftpd\n");
    file(f, "/usr/bin/watchdog.sh", "#!/bin/sh\npidof boa || /usr/bin/boa &\n");
    file(f, "/usr/bin/boa", ELF);
    file(f, "/etc/crontab", "SHELL=/bin/sh\n17 * * * * root cd / && run-parts /etc/cron.hourly\n"
         "30 2 * * sun admin /usr/sbin/backupd -o /tmp\n");
    file(f, "/usr/sbin/backupd", ELF);
}

START_TEST(cron_jobs_when_crond_runs)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    crontabs(&f);
    rcs(&f, "#!/bin/sh\ncrond -c /etc/crontabs\n");
    run(&f);
    ck_assert_str_eq(BY(&f, "telnetd"), "/etc/crontabs/root:4 (cron)");
    ck_assert_str_eq(STATUS(&f, "telnetd"), "started");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
    ck_assert_str_eq(tu_get(f.rep, "shell-listener-without-login", 0)->path, "/etc/crontabs/root");
    ck_assert_uint_eq(tu_get(f.rep, "shell-listener-without-login", 0)->line, 4);
    /* the job's script is followed; its start is conditional (after ||) */
    ck_assert_str_eq(BY(&f, "boa"), "/etc/crontabs/root:3 (cron) -> /usr/bin/watchdog.sh:2");
    ck_assert_str_eq(BY(&f, "backupd"), "/etc/crontab:3 (cron)");
    ck_assert_str_eq(ARGS(&f, "backupd"), "-o /tmp");
    ck_assert_ptr_null(BY(&f, "ftpd"));   /* commented job */
    ck_assert_ptr_null(BY(&f, "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
    fx_free(&f);

    /* near miss: crond is in the image but nothing starts it */
    fx_init(&f);
    busybox(&f);
    crontabs(&f);
    rcs(&f, "#!/bin/sh\nmount -a\n");
    run(&f);
    ck_assert_str_eq(STATUS(&f, "telnetd"), "not started: no cron daemon is started");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);
    fx_free(&f);
}
END_TEST

/* ---- hotplug, mdev, udev ------------------------------------------------------- */

START_TEST(mdev_and_hotplug_helper)
{
    for (int registered = 0; registered < 2; registered++) {
        fx f;
        fx_init(&f);
        busybox(&f);
        file(&f, "/sbin/modprobe", ELF);
        rcs(&f, registered ? "#!/bin/sh\n[ -x /sbin/mdev ] && {\n"
                             "\techo /sbin/mdev > /proc/sys/kernel/hotplug\n}\n"
                           : "#!/bin/sh\n# echo /sbin/mdev > /proc/sys/kernel/hotplug\n");
        file(&f, "/etc/mdev.conf", "# mdev.conf\nnull 0:0 666\n"
             "$MODALIAS=.* 0:0 660 @modprobe \"$MODALIAS\"\n"
             "ttyACM0 0:0 660 */usr/sbin/telnetd -l /bin/sh\n");
        run(&f);
        if (registered) {
            ck_assert_str_eq(BY(&f, "mdev"), "/etc/inittab:1 -> /etc/init.d/rcS:3");
            ck_assert_str_eq(STATUS(&f, "mdev"),
                             "conditional: the kernel's hotplug helper: runs on device events");
            ck_assert_str_eq(BY(&f, "modprobe"), "/etc/mdev.conf:3 (mdev)");
            ck_assert_str_eq(STATUS(&f, "telnetd"), "conditional: runs on a device event (mdev)");
            ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
        } else {
            ck_assert_ptr_null(BY(&f, "mdev"));
            ck_assert_ptr_nonnull(strstr(STATUS(&f, "telnetd"), "not started: mdev is not started"));
            ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);
        }
        ck_assert_ptr_null(BY(&f, "null"));
        fx_free(&f);
    }
}
END_TEST

START_TEST(udev_run_and_openwrt_hotplug_d)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/lib/systemd/systemd-udevd", ELF);
    file(&f, "/lib/systemd/system/systemd-udevd.service",
         "[Service]\nExecStart=/lib/systemd/systemd-udevd\n");
    link_(&f, "/lib/systemd/system/sysinit.target.wants/systemd-udevd.service",
          "../systemd-udevd.service");
    file(&f, "/lib/udev/rules.d/99-usb-debug.rules",
         "# RUN+=\"/usr/sbin/dropbear\"\n"
         "ACTION==\"add\", SUBSYSTEM==\"usb\", RUN+=\"/bin/sh -c '/usr/sbin/telnetd -l /bin/sh'\"\n"
         "ACTION==\"add\", RUN{builtin}+=\"kmod load $env{MODALIAS}\"\n");
    file(&f, "/lib/udev/rules.d/80-net.rules", "SUBSYSTEM==\"net\", RUN+=\"net-setup %k\"\n");
    file(&f, "/lib/udev/net-setup", "#!/bin/sh\n/usr/sbin/dnsmasq -C /etc/dnsmasq.conf\n");
    file(&f, "/usr/sbin/dnsmasq", ELF);
    file(&f, "/usr/sbin/dropbear", ELF);
    /* masked by the administrator: not read */
    file(&f, "/lib/udev/rules.d/70-gadget.rules", "RUN+=\"/usr/sbin/ftpd\"\n");
    link_(&f, "/etc/udev/rules.d/70-gadget.rules", "/dev/null");
    /* OpenWrt: procd runs hotplug.d through hotplug-call */
    file(&f, "/sbin/hotplug-call", "#!/bin/sh\n");
    file(&f, "/etc/hotplug.d/iface/30-debug",
         "[ \"$ACTION\" = ifup ] || exit 0\n/usr/bin/tcpsvd 0 2323 /usr/sbin/telnetd -i &\n");
    run(&f);
    ck_assert_str_eq(BY(&f, "telnetd"), "/lib/udev/rules.d/99-usb-debug.rules:2 (udev RUN)");
    ck_assert_str_eq(STATUS(&f, "telnetd"), "conditional: runs on a device event (udev rule)");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 1);
    ck_assert_str_eq(BY(&f, "dnsmasq"),
                     "/lib/udev/rules.d/80-net.rules:1 (udev RUN) -> /lib/udev/net-setup:2");
    ck_assert_ptr_null(BY(&f, "dropbear"));   /* a comment */
    ck_assert_ptr_null(BY(&f, "kmod"));       /* udev's builtin */
    ck_assert_ptr_null(BY(&f, "ftpd"));       /* masked */
    const char *by2 = cell(&f, "telnetd", 1, "started_by");
    ck_assert_ptr_nonnull(by2);
    ck_assert_str_eq(by2, "hotplug iface -> /etc/hotplug.d/iface/30-debug:2 "
                          "(via tcpsvd, tcp port 2323)");
    ck_assert_str_eq(cell(&f, "telnetd", 1, "status"), "conditional: runs on a hotplug event (iface)");
    fx_free(&f);

    /* near miss: no udev daemon runs */
    fx_init(&f);
    busybox(&f);
    file(&f, "/lib/udev/rules.d/99-usb-debug.rules",
         "ACTION==\"add\", RUN+=\"/bin/sh -c '/usr/sbin/telnetd -l /bin/sh'\"\n");
    run(&f);
    ck_assert_str_eq(STATUS(&f, "telnetd"), "not started: no udev daemon is started");
    ck_assert_uint_eq(tu_count(f.rep, "shell-listener-without-login"), 0);
    fx_free(&f);
}
END_TEST

/* ---- OpenWrt procd ------------------------------------------------------------ */

START_TEST(procd_append_and_hotplug_started_dnsmasq)
{
    fx f;
    fx_init(&f);
    busybox(&f);
    file(&f, "/usr/sbin/uhttpd", ELF);
    file(&f, "/usr/sbin/dnsmasq", ELF);
    file(&f, "/etc/inittab", "::sysinit:/etc/init.d/rcS S boot\n");
    file(&f, "/etc/init.d/uhttpd", "#!/bin/sh /etc/rc.common\nSTART=50\nUSE_PROCD=1\n"
         "start_instance()\n{\n\tprocd_open_instance\n"
         "\tprocd_set_param command /usr/sbin/uhttpd -f\n"
         "\tprocd_append_param command -p 0.0.0.0:80\n\tprocd_close_instance\n}\n"
         "start_service() {\n\tconfig_load uhttpd\n\tconfig_foreach start_instance uhttpd\n}\n");
    link_(&f, "/etc/rc.d/S50uhttpd", "../init.d/uhttpd");
    /* OpenWrt 14.07 dnsmasq: boot() returns, the iface hotplug starts it */
    file(&f, "/etc/init.d/dnsmasq", "#!/bin/sh /etc/rc.common\nSTART=60\nUSE_PROCD=1\n"
         "boot() {\n\t# Will be launched through hotplug\n\treturn 0\n}\n"
         "start_service() {\n\tprocd_open_instance\n"
         "\tprocd_set_param command /usr/sbin/dnsmasq -C /var/etc/dnsmasq.conf -k\n}\n");
    link_(&f, "/etc/rc.d/S60dnsmasq", "../init.d/dnsmasq");
    file(&f, "/sbin/hotplug-call", "#!/bin/sh\n");
    file(&f, "/etc/hotplug.d/iface/25-dnsmasq", "#!/bin/sh\n[ \"$ACTION\" = ifup ] || exit 0\n"
         "/etc/init.d/dnsmasq enabled && /etc/init.d/dnsmasq start\n");
    run(&f);
    ck_assert_str_eq(ARGS(&f, "uhttpd"), "-f -p 0.0.0.0:80");
    ck_assert_str_eq(BY(&f, "uhttpd"), "/etc/rc.d/S50uhttpd -> ../init.d/uhttpd:13 -> start_instance():7");
    ck_assert_str_eq(STATUS(&f, "uhttpd"), "started");
    ck_assert_ptr_nonnull(strstr(STATUS(&f, "dnsmasq"), "not started: in start_service(): boot() "
                                                        "does not call it"));
    ck_assert_str_eq(cell(&f, "dnsmasq", 1, "started_by"),
                     "hotplug iface -> /etc/hotplug.d/iface/25-dnsmasq:3 -> /etc/init.d/dnsmasq:10");
    ck_assert_str_eq(cell(&f, "dnsmasq", 1, "status"), "conditional: runs on a hotplug event (iface)");
    fx_free(&f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("boot_paths");
    TCase *tc = tcase_create("starts");
    tcase_add_test(tc, rc_local_without_shebang_is_followed);
    tcase_add_test(tc, script_call_forms);
    tcase_add_test(tc, functions_count_where_called);
    tcase_add_test(tc, glob_loops_and_run_parts);
    tcase_add_test(tc, wrappers_unwrapped);
    tcase_add_test(tc, super_servers_record_the_socket);
    tcase_add_test(tc, inittab_process_through_a_wrapper);
    tcase_add_test(tc, systemd_sh_c_requires_and_sockets);
    tcase_add_test(tc, xinetd_disable_is_honoured);
    tcase_add_test(tc, cron_jobs_when_crond_runs);
    tcase_add_test(tc, mdev_and_hotplug_helper);
    tcase_add_test(tc, udev_run_and_openwrt_hotplug_d);
    tcase_add_test(tc, procd_append_and_hotplug_started_dnsmasq);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
