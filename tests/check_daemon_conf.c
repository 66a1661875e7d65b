/* check_daemon_conf.c: daemon configurations judged where the daemon runs
 * (src/checks/services/daemon_conf.c, conf_*.c) through the shipped rule
 * set, in layouts built like real images: BusyBox with its applet links,
 * daemons as ELF files, init scripts chained from inittab or OpenWrt's
 * rc.d. What a user sees: the rule id, requirement ID, path and line of the
 * config line, the boot chain, the severity step for installed-only
 * daemons, and the inventory "configs". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

#define ELF "\x7f" "ELF\x01\x01\x01"
/* vsftpd's banner string holds its version ("220 (vsFTPd 2.0.7)") */
#define VSFTPD_207 ELF "\0\0220 (vsFTPd 2.0.7)\0"

typedef struct fx { fw_ruleset *rs; fw_tree *t; fw_ns *ns; fw_report *rep; } fx;

/* A BusyBox system: init, sh and the usual applets are links to busybox. */
static void fx_init(fx *f)
{
    f->rs = tu_ruleset_shipped();
    f->t = fw_tree_new();
    f->ns = fw_tree_add_ns(f->t, "", 0);
    f->rep = NULL;
    tu_add_file(f->t, f->ns, "/bin/busybox", ELF);
    tu_add_symlink(f->t, f->ns, "/bin/sh", "busybox");
    tu_add_symlink(f->t, f->ns, "/sbin/init", "../bin/busybox");
    tu_add_symlink(f->t, f->ns, "/usr/sbin/httpd", "../../bin/busybox");
    tu_add_file(f->t, f->ns, "/etc/hostname", "router\n");
}

/* inittab -> rcS (the script `rcs`, its second line being the start). */
static void fx_rcs(fx *f, const char *line)
{
    tu_add_file(f->t, f->ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
                "::respawn:/sbin/getty ttyS0 115200\n");
    tu_add_file(f->t, f->ns, "/etc/init.d/rcS", line);
}

static void fx_run(fx *f) { f->rep = tu_run_checks(f->rs, f->t); }

static void fx_free(fx *f)
{
    fw_report_free(&f->rep);
    fw_tree_free(&f->t);
    fw_ruleset_free(&f->rs);
}

/* The status cell of config `path` in the inventory "configs", or NULL. */
static const char *config_status(const fw_report *r, const char *path)
{
    const fw_inventory *inv = fw_report_find_inventory(r, "configs");
    if (!inv)
        return NULL;
    for (size_t i = 0; i < inv->n_rows; i++)
        if (strcmp(inv->rows[i][0], path) == 0)
            return inv->rows[i][2];
    return NULL;
}

/* Findings of rule_id on path (any line). */
static size_t count_on(const fw_report *r, const char *rule_id, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < tu_count(r, rule_id); i++)
        if (strcmp(tu_get(r, rule_id, i)->path, path) == 0)
            n++;
    return n;
}

/* ---- FTP ---------------------------------------------------------------- */

START_TEST(vsftpd_started_anonymous_write)
{
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\n/usr/sbin/vsftpd /etc/vsftpd.conf &\n");
    tu_add_bytes(f.t, f.ns, "/usr/sbin/vsftpd", VSFTPD_207, sizeof VSFTPD_207 - 1);
    tu_add_file(f.t, f.ns, "/etc/vsftpd.conf", "background=YES\nlisten=YES\n"
                "anonymous_enable=YES\n#anon_upload_enable=NO\nwrite_enable=YES\n"
                "anon_upload_enable=YES\nanon_root=/mnt/usb\n");
    /* a sample no daemon reads */
    tu_add_file(f.t, f.ns, "/usr/share/doc/vsftpd/vsftpd.conf", "anonymous_enable=YES\n"
                "write_enable=YES\nanon_mkdir_write_enable=YES\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "ftp-anonymous-write"), 1);
    const fw_finding *x = tu_get(f.rep, "ftp-anonymous-write", 0);
    ck_assert_str_eq(x->path, "/etc/vsftpd.conf");
    ck_assert_uint_eq(x->line, 6);
    ck_assert_int_eq(x->severity, FW_SEV_HIGH);
    ck_assert(tu_names_req(x, "MO.4"));
    ck_assert_str_eq(tu_detail(x, "started_by"), "/etc/inittab:1 -> /etc/init.d/rcS:2");
    ck_assert_ptr_nonnull(strstr(x->message, "started at boot (/etc/inittab:1 -> /etc/init.d/rcS:2)"));
    ck_assert_uint_eq(tu_count(f.rep, "ftp-anonymous-login"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "ftp-anonymous-login", 0)->line, 3);
    ck_assert_uint_eq(tu_count(f.rep, "ftp-serves-root"), 0);
    ck_assert_str_eq(config_status(f.rep, "/etc/vsftpd.conf"),
                     "judged: vsftpd started at boot (/etc/inittab:1 -> /etc/init.d/rcS:2)");
    ck_assert_ptr_null(config_status(f.rep, "/usr/share/doc/vsftpd/vsftpd.conf"));
    fx_free(&f);
}
END_TEST

START_TEST(vsftpd_installed_is_one_step_down)
{
    /* TP-Link shape: vsftpd shipped, rcS does not start it (commented out). */
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\n#/usr/sbin/vsftpd &\n/usr/sbin/httpd -h /www &\n");
    tu_add_bytes(f.t, f.ns, "/usr/sbin/vsftpd", VSFTPD_207, sizeof VSFTPD_207 - 1);
    tu_add_file(f.t, f.ns, "/etc/vsftpd.conf", "listen=YES\nlocal_enable=YES\n"
                "write_enable=YES\n");
    fx_run(&f);
    /* anonymous_enable unset: vsftpd 2.0.7 defaults it to YES */
    ck_assert_uint_eq(tu_count(f.rep, "ftp-anonymous-login"), 1);
    const fw_finding *x = tu_get(f.rep, "ftp-anonymous-login", 0);
    ck_assert_uint_eq(x->line, 0);
    ck_assert_int_eq(x->severity, FW_SEV_LOW);   /* the rule says medium */
    ck_assert_ptr_nonnull(strstr(x->message, "installed, not started at boot"));
    ck_assert_ptr_nonnull(strstr(x->message, "before 3.0.3"));
    ck_assert_uint_eq(tu_count(f.rep, "ftp-local-login-without-tls"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "ftp-local-login-without-tls", 0)->line, 2);
    ck_assert_int_eq(tu_get(f.rep, "ftp-local-login-without-tls", 0)->severity, FW_SEV_INFO);
    ck_assert_str_eq(config_status(f.rep, "/etc/vsftpd.conf"),
                     "judged: vsftpd installed, not started at boot");
    fx_free(&f);
}
END_TEST

START_TEST(proftpd_anonymous_block_with_write)
{
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\nproftpd -c /etc/proftpd/nas.conf\n");
    tu_add_file(f.t, f.ns, "/usr/sbin/proftpd", ELF);
    tu_add_file(f.t, f.ns, "/etc/proftpd/nas.conf", "ServerName \"NAS\"\n"
                "<Anonymous /mnt/usb>\n  User ftp\n  UserAlias anonymous ftp\n"
                "  <Limit WRITE>\n    AllowAll\n  </Limit>\n</Anonymous>\n");
    /* the daemon is told to read nas.conf: the conventional file is not read */
    tu_add_file(f.t, f.ns, "/etc/proftpd.conf", "<Anonymous />\n</Anonymous>\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "ftp-anonymous-write"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "ftp-anonymous-write", 0)->line, 6);
    ck_assert_uint_eq(tu_count(f.rep, "ftp-anonymous-login"), 1);
    ck_assert_str_eq(tu_get(f.rep, "ftp-anonymous-login", 0)->path, "/etc/proftpd/nas.conf");
    ck_assert_uint_eq(tu_get(f.rep, "ftp-anonymous-login", 0)->line, 2);
    ck_assert_uint_eq(tu_count(f.rep, "ftp-serves-root"), 0);
    fx_free(&f);
}
END_TEST

/* ---- Samba --------------------------------------------------------------- */

START_TEST(samba_absent_is_listed_not_judged)
{
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\n/usr/sbin/httpd -h /www\n");
    tu_add_file(f.t, f.ns, "/etc/samba/smb.conf", "[usb]\n  path = /\n  guest ok = yes\n"
                "  writable = yes\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "smb-guest-writable-share"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "smb-share-system-directory"), 0);
    ck_assert_str_eq(config_status(f.rep, "/etc/samba/smb.conf"),
                     "not judged: smbd is not in the image");
    fx_free(&f);
}
END_TEST

START_TEST(samba_started_with_s_reads_that_file)
{
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\nif [ -d /mnt/usb ]; then\n  smbd -D -s /etc/samba/smb-usb.conf\nfi\n");
    tu_add_file(f.t, f.ns, "/usr/sbin/smbd", ELF);
    tu_add_file(f.t, f.ns, "/etc/samba/smb-usb.conf", "[global]\n  security = user\n"
                "  map to guest = bad user\n  guest ok = yes\n[usb]\n  path = /mnt/usb\n"
                "  read only = no\n[etc]\n  path = /etc\n  guest ok = no\n"
                "[printers]\n  printable = yes\n");
    tu_add_file(f.t, f.ns, "/etc/samba/smb.conf", "[all]\n  path = /\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "smb-guest-writable-share"), 1);
    const fw_finding *x = tu_get(f.rep, "smb-guest-writable-share", 0);
    ck_assert_str_eq(x->path, "/etc/samba/smb-usb.conf");
    ck_assert_uint_eq(x->line, 7);
    ck_assert_ptr_nonnull(strstr(x->message, "under a shell condition"));
    ck_assert_uint_eq(tu_count(f.rep, "smb-share-system-directory"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "smb-share-system-directory", 0)->line, 9);
    /* guest ok = yes in [global] reaches [usb] (writable, reported above), not [etc] */
    ck_assert_uint_eq(tu_count(f.rep, "smb-guest-share"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "smb-bad-user-guest"), 0);   /* no usershare guests */
    ck_assert_ptr_null(config_status(f.rep, "/etc/samba/smb.conf"));
    fx_free(&f);
}
END_TEST

START_TEST(samba_config_made_at_run_time)
{
    /* DVRF shape: the config is a link into /tmp, written by rc at boot */
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\n/usr/local/samba/sbin/smbd -D\n");
    tu_add_file(f.t, f.ns, "/usr/local/samba/sbin/smbd", ELF);
    tu_add_symlink(f.t, f.ns, "/usr/local/samba/lib/smb.conf", "/tmp/samba/lib/smb.conf");
    fx_run(&f);
    ck_assert_str_eq(config_status(f.rep, "/usr/local/samba/lib/smb.conf"),
                     "not judged: a link to /tmp/samba/lib/smb.conf, made at run time");
    ck_assert_uint_eq(tu_count(f.rep, "smb-guest-share"), 0);
    fx_free(&f);
}
END_TEST

/* ---- UPnP: OpenWrt UCI ---------------------------------------------------- */

static void openwrt_miniupnpd(fx *f, const char *uci)
{
    tu_add_file(f->t, f->ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS S boot\n");
    tu_add_file(f->t, f->ns, "/etc/init.d/miniupnpd", "#!/bin/sh /etc/rc.common\nSTART=94\n"
                "USE_PROCD=1\nstart_service() {\n\tprocd_open_instance\n"
                "\tprocd_set_param command /usr/sbin/miniupnpd -f /var/etc/miniupnpd.conf\n"
                "\tprocd_close_instance\n}\n");
    tu_add_symlink(f->t, f->ns, "/etc/rc.d/S94miniupnpd", "../init.d/miniupnpd");
    tu_add_file(f->t, f->ns, "/usr/sbin/miniupnpd", ELF);
    tu_add_file(f->t, f->ns, "/etc/config/upnpd", uci);
}

START_TEST(upnpd_uci_secure_mode_off)
{
    fx f;
    fx_init(&f);
    openwrt_miniupnpd(&f, "config upnpd 'config'\n\toption enable_natpmp '1'\n"
                      "\toption enable_upnp '1'\n\toption secure_mode '0'\n"
                      "\toption external_iface 'wan'\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "upnp-secure-mode-off"), 1);
    const fw_finding *x = tu_get(f.rep, "upnp-secure-mode-off", 0);
    ck_assert_str_eq(x->path, "/etc/config/upnpd");
    ck_assert_uint_eq(x->line, 4);
    ck_assert_int_eq(x->severity, FW_SEV_MEDIUM);
    ck_assert(tu_names_req(x, "MO.11"));
    ck_assert_str_eq(tu_detail(x, "started_by"), "/etc/rc.d/S94miniupnpd -> ../init.d/miniupnpd:6");
    fx_free(&f);
}
END_TEST

START_TEST(upnpd_uci_disabled_is_not_started)
{
    fx f;
    fx_init(&f);
    openwrt_miniupnpd(&f, "config upnpd 'config'\n\toption enabled '0'\n"
                      "\toption secure_mode '0'\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "upnp-secure-mode-off"), 1);
    const fw_finding *x = tu_get(f.rep, "upnp-secure-mode-off", 0);
    ck_assert_int_eq(x->severity, FW_SEV_LOW);
    ck_assert_ptr_nonnull(strstr(x->message, "/etc/config/upnpd:2"));
    ck_assert_ptr_nonnull(strstr(config_status(f.rep, "/etc/config/upnpd"), "installed, not started"));
    fx_free(&f);
}
END_TEST

/* ---- web, TR-069, nvram --------------------------------------------------- */

START_TEST(lighttpd_plain_userfile)
{
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\n/usr/sbin/lighttpd -f /etc/lighttpd/lighttpd.conf\n");
    tu_add_file(f.t, f.ns, "/usr/sbin/lighttpd", ELF);
    tu_add_file(f.t, f.ns, "/etc/lighttpd/lighttpd.conf", "server.document-root = \"/www\"\n"
                "include \"conf.d/*.conf\"\n");
    tu_add_file(f.t, f.ns, "/etc/lighttpd/conf.d/30-auth.conf", "server.modules += (\"mod_auth\")\n"
                "auth.backend = \"plain\"\nauth.backend.plain.userfile = \"/etc/lighttpd.user\"\n");
    tu_add_file(f.t, f.ns, "/etc/lighttpd.user", "# web users\nadmin:Adm1n-2024\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "lighttpd-plain-userfile"), 1);
    const fw_finding *x = tu_get(f.rep, "lighttpd-plain-userfile", 0);
    ck_assert_str_eq(x->path, "/etc/lighttpd.user");
    ck_assert_uint_eq(x->line, 2);
    ck_assert_ptr_null(strstr(x->excerpt, "Adm1n-2024"));
    ck_assert_ptr_nonnull(strstr(x->message, "/etc/lighttpd/conf.d/30-auth.conf:3"));
    fx_free(&f);

    /* a published default in the same file: one finding, the default one */
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\n/usr/sbin/lighttpd -f /etc/lighttpd/lighttpd.conf\n");
    tu_add_file(f.t, f.ns, "/usr/sbin/lighttpd", ELF);
    tu_add_file(f.t, f.ns, "/etc/lighttpd/lighttpd.conf", "auth.backend = \"plain\"\n"
                "auth.backend.plain.userfile = \"/etc/lighttpd.user\"\n");
    tu_add_file(f.t, f.ns, "/etc/lighttpd.user", "admin:admin\nsupport:Adm1n-2024\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "web-userfile-published-default"), 1);
    x = tu_get(f.rep, "web-userfile-published-default", 0);
    ck_assert_uint_eq(x->line, 1);
    ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    ck_assert_str_eq(tu_detail(x, "supersedes"), "lighttpd-plain-userfile");
    ck_assert_uint_eq(tu_count(f.rep, "lighttpd-plain-userfile"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "lighttpd-plain-userfile", 0)->line, 2);
    fx_free(&f);
}
END_TEST

START_TEST(easycwmp_procd_http_acs_and_credentials_once)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.t, f.ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS S boot\n");
    tu_add_file(f.t, f.ns, "/etc/init.d/easycwmpd", "#!/bin/sh /etc/rc.common\nSTART=90\n"
                "USE_PROCD=1\nstart_service() {\n\tprocd_open_instance\n"
                "\tprocd_set_param command /usr/sbin/easycwmpd -f\n\tprocd_close_instance\n}\n");
    tu_add_symlink(f.t, f.ns, "/etc/rc.d/S90easycwmpd", "../init.d/easycwmpd");
    tu_add_file(f.t, f.ns, "/usr/sbin/easycwmpd", ELF);
    tu_add_file(f.t, f.ns, "/etc/config/easycwmp", "\nconfig local\n\toption port '7547'\n"
                "\toption username 'komeil'\n\toption password 'komeil'\n\nconfig acs\n"
                "\toption url 'http://172.23.10.7:10301/acs'\n\toption username 'acs'\n"
                "\toption password 'acs-Secret'\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "tr069-acs-plain-http"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "tr069-acs-plain-http", 0)->line, 8);
    ck_assert(tu_names_req(tu_get(f.rep, "tr069-acs-plain-http", 0), "MO.6"));
    ck_assert_uint_eq(tu_count(f.rep, "tr069-credentials-shipped"), 2);
    ck_assert_uint_eq(tu_get(f.rep, "tr069-credentials-shipped", 0)->line, 5);
    ck_assert_uint_eq(tu_get(f.rep, "tr069-credentials-shipped", 1)->line, 10);
    ck_assert_ptr_null(strstr(tu_get(f.rep, "tr069-credentials-shipped", 1)->excerpt, "acs-Secret"));
    /* the same lines are not reported a second time by the secrets rules */
    ck_assert_uint_eq(count_on(f.rep, "password-option", "/etc/config/easycwmp"), 0);
    fx_free(&f);
}
END_TEST

START_TEST(nvram_defaults_reported_once)
{
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\nnvram show >/dev/null\n");
    tu_add_file(f.t, f.ns, "/usr/sbin/nvram", ELF);
    tu_add_file(f.t, f.ns, "/etc/nvram.default", "lan_ipaddr=192.168.1.1\n"
                "http_username=admin\nhttp_passwd=admin\nwl0_ssid=Router\n"
                "wl0_wpa_psk=R0uter-Key-2024\nwl1_wpa_psk=\npppoe_passwd=isp-Secret-2\n"
                "ddns_passwd=$DDNS\n");
    fx_run(&f);
    /* http_passwd=admin is a published default: one finding, the default
       one, which supersedes the generic admin-password finding */
    ck_assert_uint_eq(tu_count(f.rep, "nvram-default-admin-password"), 0);
    ck_assert_uint_eq(tu_count(f.rep, "nvram-published-default"), 1);
    const fw_finding *x = tu_get(f.rep, "nvram-published-default", 0);
    ck_assert_str_eq(x->path, "/etc/nvram.default");
    ck_assert_uint_eq(x->line, 3);
    ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    ck_assert(tu_names_req(x, "MO.2"));
    ck_assert_ptr_nonnull(strstr(x->message, "\"admin\", a published default password"));
    ck_assert_str_eq(tu_detail(x, "supersedes"), "nvram-default-admin-password");
    /* a vendor-specific Wi-Fi key is no published default: the generic finding */
    ck_assert_uint_eq(tu_count(f.rep, "nvram-default-wifi-key"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "nvram-default-wifi-key", 0)->line, 5);
    ck_assert_int_eq(tu_get(f.rep, "nvram-default-wifi-key", 0)->severity, FW_SEV_HIGH);
    ck_assert_uint_eq(tu_count(f.rep, "nvram-default-credential"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "nvram-default-credential", 0)->line, 7);
    ck_assert_uint_eq(count_on(f.rep, "password-assignment-unquoted", "/etc/nvram.default"), 0);
    fx_free(&f);
}
END_TEST

START_TEST(nvram_without_nvram_is_listed)
{
    fx f;
    fx_init(&f);
    fx_rcs(&f, "#!/bin/sh\n/usr/sbin/httpd -h /www\n");
    tu_add_file(f.t, f.ns, "/etc/nvram.default", "lan_ipaddr=192.168.1.1\n"
                "http_username=admin\nhttp_passwd=admin\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, "nvram-default-admin-password"), 0);
    ck_assert_str_eq(config_status(f.rep, "/etc/nvram.default"),
                     "not judged: nvram is not in the image");
    fx_free(&f);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("daemon_conf");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, vsftpd_started_anonymous_write);
    tcase_add_test(tc, vsftpd_installed_is_one_step_down);
    tcase_add_test(tc, proftpd_anonymous_block_with_write);
    tcase_add_test(tc, samba_absent_is_listed_not_judged);
    tcase_add_test(tc, samba_started_with_s_reads_that_file);
    tcase_add_test(tc, samba_config_made_at_run_time);
    tcase_add_test(tc, upnpd_uci_secure_mode_off);
    tcase_add_test(tc, upnpd_uci_disabled_is_not_started);
    tcase_add_test(tc, lighttpd_plain_userfile);
    tcase_add_test(tc, easycwmp_procd_http_acs_and_credentials_once);
    tcase_add_test(tc, nvram_defaults_reported_once);
    tcase_add_test(tc, nvram_without_nvram_is_listed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
