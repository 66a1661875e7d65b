/* check_webroot.c: web routes from the servers' configurations
 * (src/checks/scripts/webroot.c, webconf.c) through fw_web_route_of, in the
 * layouts real firmware ships: OpenWrt's uhttpd with LuCI, lighttpd with
 * auth.require, BusyBox httpd started from rcS with an httpd.conf, boa,
 * nginx, and an image with no config at all. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "core/xalloc.h"
#include "checks/scripts/taint.h"
#include "engine/engine_int.h"

static fw_tree *t;
static fw_ns *ns;
static fw_ruleset *rs;
static fw_report *rep;
static fw_check_ctx ctx;
static fw_check_opts opts;

static void setup(void)
{
    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    rs = tu_ruleset_empty();
    rep = fw_report_new();
    fw_ctx_init(&ctx, rs, &opts, rep);
}

static void teardown(void)
{
    fw_ctx_release(&ctx);
    fw_report_free(&rep);
    fw_ruleset_free(&rs);
    fw_tree_free(&t);
}

static fw_web_route route(const char *path)
{
    const fw_node *n = fw_ns_get(ns, path);
    ck_assert_msg(n != NULL, "no node %s", path);
    return fw_web_route_of(&ctx, n);
}

#define CGI "#!/bin/sh\necho\n"

/* OpenWrt 14.07's /etc/config/uhttpd (abridged, its own layout). */
static const char *UHTTPD =
    "# Server configuration\n"
    "config uhttpd main\n"
    "\tlist listen_http\t0.0.0.0:80\n"
    "\tlist listen_http\t[::]:80\n"
    "\toption home\t\t/www\n"
    "\toption rfc1918_filter 1\n"
    "\toption cgi_prefix\t/cgi-bin\n"
    "\toption realm\tOpenWrt\n"
    "\toption script_timeout\t60\n"
    "\n"
    "config cert px5g\n"
    "\toption days\t\t730\n";

START_TEST(uhttpd_openwrt_no_login)
{
    tu_add_file(t, ns, "/etc/config/uhttpd", UHTTPD);
    tu_add_file(t, ns, "/www/cgi-bin/luci", "#!/usr/bin/lua\nrequire \"luci.cacheloader\"\n");
    tu_add_file(t, ns, "/www/cgi-bin/status.sh", CGI);
    tu_add_file(t, ns, "/usr/lib/lua/luci/controller/admin/system.lua", "module(...)\n");
    tu_add_file(t, ns, "/usr/bin/tool", "x\n");
    fw_web_route r = route("/www/cgi-bin/status.sh");
    ck_assert_int_eq(r.served, 1);
    ck_assert_str_eq(r.server, "uhttpd");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_str_eq(fw_node_syspath(r.config), "/etc/config/uhttpd");
    ck_assert_uint_eq(r.config_line, 7);            /* option cgi_prefix */
    /* LuCI's controllers, run through /www/cgi-bin/luci */
    r = route("/usr/lib/lua/luci/controller/admin/system.lua");
    ck_assert_int_eq(r.served, 1);
    ck_assert_str_eq(r.server, "uhttpd");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    r = route("/www/cgi-bin/luci");
    ck_assert_uint_eq(r.config_line, 7);
    r = route("/usr/bin/tool");
    ck_assert_int_eq(r.served, 0);
    ck_assert_ptr_null(r.server);
}
END_TEST

/* uhttpd's basic auth: `option config` names a file of /url:user:pass
 * lines (the default is /etc/httpd.conf); only those prefixes ask for a
 * login, whatever `option realm` says. */
START_TEST(uhttpd_httpd_conf_guards_prefix)
{
    char *cfg = fw_xasprintf("%s%s", UHTTPD,
                             "config uhttpd webif\n"
                             "\toption home\t/www2\n"
                             "\toption cgi_prefix\t/cgi-bin\n"
                             "\toption config\t/etc/webif.conf\n");
    tu_add_file(t, ns, "/etc/config/uhttpd", cfg);
    free(cfg);
    tu_add_file(t, ns, "/etc/httpd.conf", "# basic auth\n/cgi-bin/webif/:root:$p$root\n");
    tu_add_file(t, ns, "/etc/webif.conf", "/:admin:$1$xyz$abc\n");
    tu_add_file(t, ns, "/www/cgi-bin/webif/system.sh", CGI);
    tu_add_file(t, ns, "/www/cgi-bin/status.sh", CGI);
    tu_add_file(t, ns, "/www2/cgi-bin/x.sh", CGI);
    fw_web_route r = route("/www/cgi-bin/webif/system.sh");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_REQUIRED);
    ck_assert_str_eq(fw_node_syspath(r.config), "/etc/httpd.conf");
    ck_assert_uint_eq(r.config_line, 2);
    ck_assert_int_eq(route("/www/cgi-bin/status.sh").auth, FW_WEB_AUTH_NONE);
    r = route("/www2/cgi-bin/x.sh");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_REQUIRED);
    ck_assert_str_eq(fw_node_syspath(r.config), "/etc/webif.conf");
}
END_TEST

START_TEST(lighttpd_auth_require)
{
    tu_add_file(t, ns, "/etc/lighttpd/lighttpd.conf",
                "server.modules = ( \"mod_access\", \"mod_alias\", \"mod_cgi\", \"mod_auth\" )\n"
                "var.basedir = \"/www\"\n"
                "server.document-root = var.basedir + \"/pages\"\n"
                "server.port = 80\n"
                "alias.url = ( \"/cgi-bin/\" => \"/usr/www/cgi-bin/\" )\n"
                "cgi.assign = ( \".sh\" => \"/bin/sh\", \".cgi\" => \"\" )\n"
                "include \"conf.d/*.conf\"\n"
                "include_shell \"cat /etc/lighttpd/extra\"\n");
    tu_add_file(t, ns, "/etc/lighttpd/conf.d/auth.conf",
                "auth.backend = \"htdigest\"\n"
                "auth.backend.htdigest.userfile = \"/etc/lighttpd/lighttpd.user\"\n"
                "auth.require = ( \"/cgi-bin/admin/\" =>\n"
                "                 ( \"method\"  => \"digest\",\n"
                "                   \"realm\"   => \"camera\",\n"
                "                   \"require\" => \"valid-user\" ),\n"
                "               )\n"
                "$HTTP[\"url\"] =~ \"^/goform/\" {\n"
                "    auth.require = ( \"\" => ( \"method\" => \"basic\", \"realm\" => \"x\",\n"
                "                             \"require\" => \"valid-user\" ) )\n"
                "}\n");
    tu_add_file(t, ns, "/usr/www/cgi-bin/admin/reboot.cgi", CGI);
    tu_add_file(t, ns, "/usr/www/cgi-bin/ping.cgi", CGI);
    tu_add_file(t, ns, "/www/pages/goform/set.php", "<?php\n");
    tu_add_file(t, ns, "/www/pages/index.php", "<?php\n");
    fw_web_route r = route("/usr/www/cgi-bin/admin/reboot.cgi");
    ck_assert_str_eq(r.server, "lighttpd");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_REQUIRED);
    ck_assert_str_eq(fw_node_syspath(r.config), "/etc/lighttpd/conf.d/auth.conf");
    ck_assert_uint_eq(r.config_line, 3);
    r = route("/usr/www/cgi-bin/ping.cgi");
    ck_assert_int_eq(r.served, 1);
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_str_eq(fw_node_syspath(r.config), "/etc/lighttpd/lighttpd.conf");
    ck_assert_uint_eq(r.config_line, 5);
    r = route("/www/pages/goform/set.php");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_REQUIRED);
    ck_assert_uint_eq(r.config_line, 9);
    r = route("/www/pages/index.php");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_uint_eq(r.config_line, 3);
}
END_TEST

/* BusyBox httpd started by rcS: -h its home, -c its config, whose
 * /adm:admin:setup line protects /adm. */
START_TEST(busybox_httpd_from_rcs)
{
    tu_add_bytes(t, ns, "/bin/busybox", "\177ELF\1\1\1", 7);
    tu_add_symlink(t, ns, "/usr/sbin/httpd", "../../bin/busybox");
    tu_add_file(t, ns, "/etc/init.d/rcS",
                "#!/bin/sh\nmount -a\n# httpd -h /old\n"
                "/usr/sbin/httpd -p 80 -h /home/httpd -c /etc/httpd.conf &\n");
    tu_add_file(t, ns, "/etc/httpd.conf", "A:*\nH:/home/httpd\n/adm:admin:setup\n"
                                          "*.php:/usr/bin/php-cgi\n");
    tu_add_file(t, ns, "/home/httpd/adm/reset.cgi", CGI);
    tu_add_file(t, ns, "/home/httpd/cgi-bin/ping.cgi", CGI);
    fw_web_route r = route("/home/httpd/adm/reset.cgi");
    ck_assert_str_eq(r.server, "httpd (BusyBox)");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_REQUIRED);
    ck_assert_str_eq(fw_node_syspath(r.config), "/etc/httpd.conf");
    ck_assert_uint_eq(r.config_line, 3);
    r = route("/home/httpd/cgi-bin/ping.cgi");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_str_eq(fw_node_syspath(r.config), "/etc/init.d/rcS");
    ck_assert_uint_eq(r.config_line, 4);
}
END_TEST

/* `busybox httpd` with no -h serves /www; inittab starts are seen too. A
 * vendor httpd (not a BusyBox link) is no BusyBox httpd. */
START_TEST(busybox_default_home_and_vendor_httpd)
{
    tu_add_file(t, ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n"
                                       "::respawn:/bin/busybox httpd -f -p 8080\n");
    tu_add_file(t, ns, "/www/cgi-bin/a.cgi", CGI);
    fw_web_route r = route("/www/cgi-bin/a.cgi");
    ck_assert_str_eq(r.server, "httpd (BusyBox)");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_uint_eq(r.config_line, 2);
    fw_ctx_release(&ctx);
    fw_tree_free(&t);
    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    fw_ctx_init(&ctx, rs, &opts, rep);
    tu_add_bytes(t, ns, "/usr/bin/httpd", "\177ELF\1\1\1", 7);
    tu_add_file(t, ns, "/etc/rc.d/rcS", "#!/bin/sh\n/usr/bin/httpd &\n");
    tu_add_file(t, ns, "/web/userRpm/x.htm", "<html>\n");
    r = route("/web/userRpm/x.htm");
    ck_assert_int_eq(r.served, 1);
    ck_assert_ptr_null(r.server);
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_UNKNOWN);
}
END_TEST

START_TEST(boa_and_nginx)
{
    tu_add_file(t, ns, "/etc/boa/boa.conf", "Port 80\nUser root\n"
                                            "DocumentRoot /var/web\n"
                                            "ScriptAlias /cgi-bin/ /var/web/cgi-bin/\n"
                                            "Auth /cgi-bin/admin /etc/boa/passwd\n");
    tu_add_file(t, ns, "/var/web/cgi-bin/admin/set.cgi", CGI);
    tu_add_file(t, ns, "/var/web/cgi-bin/ping.cgi", CGI);
    tu_add_file(t, ns, "/etc/nginx/nginx.conf",
                "http {\n  include /etc/nginx/conf.d/*.conf;\n}\n");
    tu_add_file(t, ns, "/etc/nginx/conf.d/site.conf",
                "server {\n  listen 80;\n  root /srv/site;\n"
                "  location /admin/ {\n    auth_basic \"admin\";\n"
                "    auth_basic_user_file /etc/nginx/htpasswd;\n  }\n"
                "  location ~ \\.php$ { fastcgi_pass unix:/run/php.sock; }\n"
                "  location /api/ { alias /usr/share/api/; }\n}\n");
    tu_add_file(t, ns, "/srv/site/admin/index.php", "<?php\n");
    tu_add_file(t, ns, "/srv/site/index.php", "<?php\n");
    tu_add_file(t, ns, "/usr/share/api/run.php", "<?php\n");
    fw_web_route r = route("/var/web/cgi-bin/admin/set.cgi");
    ck_assert_str_eq(r.server, "boa");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_REQUIRED);
    ck_assert_uint_eq(r.config_line, 5);
    r = route("/var/web/cgi-bin/ping.cgi");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_uint_eq(r.config_line, 4);
    r = route("/srv/site/admin/index.php");
    ck_assert_str_eq(r.server, "nginx");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_REQUIRED);
    ck_assert_uint_eq(r.config_line, 5);
    r = route("/srv/site/index.php");
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_uint_eq(r.config_line, 3);
    r = route("/usr/share/api/run.php");
    ck_assert_int_eq(r.served, 1);
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_NONE);
    ck_assert_uint_eq(r.config_line, 9);
}
END_TEST

/* No server config: a conventional root is served by no server we know,
 * authentication unknown; a config that cannot be parsed loses nothing. */
START_TEST(no_config_conventional_roots)
{
    tu_add_file(t, ns, "/www/cgi-bin/a.cgi", CGI);
    tu_add_file(t, ns, "/etc/lighttpd/lighttpd.conf", "server.document-root = \n(((( \"\n}}}}\n");
    fw_web_route r = route("/www/cgi-bin/a.cgi");
    ck_assert_int_eq(r.served, 1);
    ck_assert_int_eq(r.auth, FW_WEB_AUTH_UNKNOWN);
    ck_assert_ptr_null(r.config);
    /* asked again: the same answer from the namespace's cached map */
    fw_web_route r2 = route("/www/cgi-bin/a.cgi");
    ck_assert_int_eq(r2.served, 1);
    ck_assert_int_eq(r2.auth, FW_WEB_AUTH_UNKNOWN);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("webroot");
    TCase *tc = tcase_create("webroot");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, uhttpd_openwrt_no_login);
    tcase_add_test(tc, uhttpd_httpd_conf_guards_prefix);
    tcase_add_test(tc, lighttpd_auth_require);
    tcase_add_test(tc, busybox_httpd_from_rcs);
    tcase_add_test(tc, busybox_default_home_and_vendor_httpd);
    tcase_add_test(tc, boa_and_nginx);
    tcase_add_test(tc, no_config_conventional_roots);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
