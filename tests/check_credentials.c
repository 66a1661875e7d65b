/* check_credentials.c: the credential-store analyzers of the accounts
 * family (uci-creds, wifi-dat, web-users, web-binary) through the shipped
 * rules/credentials.rules, in the layouts real firmware has. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "core/xalloc.h"

typedef struct fx {
    fw_ruleset *rs;
    fw_tree *tree;
    fw_ns *ns;
    fw_report *rep;
} fx;

static void fx_init(fx *f)
{
    f->rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(f->rs, RULES_DIR "/credentials.rules", &err) == FW_OK,
                  "%s", err.msg);
    f->tree = fw_tree_new();
    f->ns = fw_tree_add_ns(f->tree, "", 0);
    f->rep = NULL;
}

static void fx_free(fx *f)
{
    fw_report_free(&f->rep);
    fw_tree_free(&f->tree);
    fw_ruleset_free(&f->rs);
}

static size_t total(const fw_report *r)
{
    return r->n_findings;
}

/* rpcd/LuCI vendor login, base64: reported as the default "admin". */
START_TEST(uci_base64_admin_is_the_default)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/config/rpcd",
                "config rpcd\n\toption socket /var/run/ubus.sock\n\n"
                "config login\n\toption username 'admin'\n\toption password 'YWRtaW4='\n"
                "\tlist read '*'\n\nconfig login\n\toption username 'root'\n"
                "\toption password '$p$root'\n");
    tu_add_file(f.tree, f.ns, "/etc/config/luci",
                "config internal 'sauth'\n\toption sessionpath '/tmp/luci-sessions'\n"
                "\toption passwd '/etc/passwd'\n");
    f.rep = tu_run_checks(f.rs, f.tree);
    ck_assert_uint_eq(total(f.rep), 1);
    ck_assert_uint_eq(tu_count(f.rep, "uci-default-password"), 1);
    const fw_finding *x = tu_get(f.rep, "uci-default-password", 0);
    ck_assert_str_eq(x->path, "/etc/config/rpcd");
    ck_assert_uint_eq(x->line, 6);
    ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    ck_assert(tu_names_req(x, "MO.2"));
    ck_assert_str_eq(tu_detail(x, "user"), "admin");
    ck_assert_str_eq(tu_detail(x, "encoding"), "base64");
    ck_assert_str_eq(tu_detail(x, "matched_password"), "admin");
    ck_assert_str_eq(tu_detail(x, "published_default"), "yes (user and password)");
    ck_assert_ptr_null(strstr(x->excerpt, "YWRtaW4="));
    ck_assert_ptr_nonnull(strstr(x->message, "'admin', base64-encoded"));
    fx_free(&f);
}
END_TEST

/* Not a default, still clear text under base64; binary blobs are nothing. */
START_TEST(uci_encoded_non_default_and_binary_blob)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/config/cloud",
                "config account 'cloud'\n\toption username 'dev4711'\n"
                "\toption password 'RnE3elIybVB3OQ=='\n"
                "config account 'backup'\n\toption password 'NLAa1oLbZ0mgsPXyGnxqgzp5'\n");
    f.rep = tu_run_checks(f.rs, f.tree);
    ck_assert_uint_eq(total(f.rep), 1);
    const fw_finding *x = tu_get(f.rep, "uci-encoded-password", 0);
    ck_assert_ptr_nonnull(x);
    ck_assert_uint_eq(x->line, 3);
    ck_assert_int_eq(x->severity, FW_SEV_MEDIUM);
    ck_assert_str_eq(tu_detail(x, "published_default"), "no");
    ck_assert_ptr_null(tu_detail(x, "matched_password"));
    ck_assert_ptr_null(strstr(x->excerpt, "RnE3elIybVB3OQ=="));
    fx_free(&f);
}
END_TEST

/* The OpenWrt 14.07 mt7628 profile: empty keys, open AP, no client. */
START_TEST(wifi_dat_openwrt_empty_keys_are_quiet)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/wireless/mt7628/mt7628.dat",
                "#The word of \"Default\" must not be removed\nDefault\nCountryRegion=5\n"
                "BssidNum=1\nSSID1=OpenWrt-mt7628     \nSSID2=\nAuthMode=OPEN\nEncrypType=NONE\n"
                "WPAPSK1=\nWPAPSK2=\nWPAPSK3=\nWPAPSK4=\nApCliEnable=0\nApCliAuthMode=\n"
                "ApCliWPAPSK=\n");
    f.rep = tu_run_checks(f.rs, f.tree);
    ck_assert_uint_eq(total(f.rep), 0);
    fx_free(&f);
}
END_TEST

/* A vendor SDK profile: a key for a PSK BSS; a list default is critical. */
START_TEST(wifi_dat_key_and_default_key)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/Wireless/RT2860/RT2860.dat",
                "Default\nBssidNum=2\nSSID1=Router\nSSID2=Guest\nAuthMode=WPA2PSK;WPAPSKWPA2PSK\n"
                "EncrypType=AES;TKIPAES\nWPAPSK1=Rt-Key-2024x\nWPAPSK2=password\n");
    f.rep = tu_run_checks(f.rs, f.tree);
    ck_assert_uint_eq(tu_count(f.rep, "wifi-dat-psk"), 2);
    const fw_finding *a = tu_get(f.rep, "wifi-dat-psk", 0);
    const fw_finding *b = tu_get(f.rep, "wifi-dat-psk", 1);
    if (a->line > b->line) {
        const fw_finding *t = a;
        a = b;
        b = t;
    }
    ck_assert_uint_eq(a->line, 7);
    ck_assert_int_eq(a->severity, FW_SEV_HIGH);
    ck_assert_str_eq(tu_detail(a, "published_default"), "no");
    ck_assert_ptr_null(strstr(a->excerpt, "Rt-Key-2024x"));
    ck_assert_uint_eq(b->line, 8);
    ck_assert_int_eq(b->severity, FW_SEV_CRITICAL);
    ck_assert_str_eq(tu_detail(b, "matched_password"), "password");
    ck_assert(tu_names_req(b, "MO.2"));
    fx_free(&f);
}
END_TEST

/* .htpasswd with apr1 and {SHA} of defaults; a strong hash is nothing. */
START_TEST(htpasswd_hashes_crack)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/www/.htpasswd",
                "admin:$apr1$Wq3xYz12$UoUelR8oZAVawTtw19YYD/\n"
                "support:{SHA}cRDtpNCeBiql5KOQsKVyrA0sAiA=\n"
                "ops:$6$Qx3vT8pLm2Rz$gVWVVwL0PYQW.NJONBQgdCWoW/S9xfu4AXigkdp9ms76yvlToXVrDOpgnfevml9wD7JtDdieAQe0IybI4EDxf.\n");
    f.rep = tu_run_checks(f.rs, f.tree);
    ck_assert_uint_eq(tu_count(f.rep, "web-user-default-password"), 2);
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *x = tu_get(f.rep, "web-user-default-password", i);
        ck_assert_str_eq(x->path, "/www/.htpasswd");
        ck_assert(x->line == 1 || x->line == 2);
        ck_assert_str_eq(tu_detail(x, "matched_password"), x->line == 1 ? "admin" : "1234");
        ck_assert_str_eq(tu_detail(x, "user"), x->line == 1 ? "admin" : "support");
        ck_assert_ptr_null(strstr(x->excerpt, x->line == 1 ? "UoUelR8" : "cRDtpNCe"));
        ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    }
    ck_assert_uint_eq(f.rep->n_errors, 0);
    fx_free(&f);
}
END_TEST

/* BusyBox httpd.conf: A:/D: lines and clear text are not this check's. */
/* BusyBox httpd.conf, with the service-config rules loaded as a scan has
 * them: a cracked hash (line 5) and a clear-text published default (line
 * 4) are web-user-default-password findings, the clear one superseding the
 * pattern rule busybox-httpd-cleartext-auth on its line; a clear password
 * that is no default (line 6) stays the pattern rule's. */
START_TEST(busybox_httpd_conf_hash_cracks)
{
    fx f;
    fx_init(&f);
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(f.rs, RULES_DIR "/service-config.rules", &err) == FW_OK,
                  "%s", err.msg);
    tu_add_file(f.tree, f.ns, "/etc/httpd.conf",
                "A:*\nD:10.0.0.0/8\nH:/www\n/cgi-bin:admin:admin\n"
                "/adm:root:$1$abc$w4QgUNlSaYbMOHG4lWxgn.\n/status:viewer:Qv7-mT2x-9Lr\n");
    f.rep = tu_run_checks(f.rs, f.tree);
    ck_assert_uint_eq(tu_count(f.rep, "web-user-default-password"), 2);
    const fw_finding *x = tu_get(f.rep, "web-user-default-password", 0);
    const fw_finding *y = tu_get(f.rep, "web-user-default-password", 1);
    if (x->line > y->line) {
        const fw_finding *t = x;
        x = y;
        y = t;
    }
    ck_assert_uint_eq(x->line, 4);
    ck_assert_str_eq(tu_detail(x, "user"), "admin");
    ck_assert_str_eq(tu_detail(x, "encoding"), "clear text");
    ck_assert_str_eq(tu_detail(x, "supersedes"), "busybox-httpd-cleartext-auth");
    ck_assert_ptr_null(strstr(x->excerpt, "admin:admin"));   /* redacted */
    ck_assert_uint_eq(y->line, 5);
    ck_assert_str_eq(tu_detail(y, "user"), "root");
    ck_assert_str_eq(tu_detail(y, "matched_password"), "admin");
    ck_assert_uint_eq(tu_count(f.rep, "busybox-httpd-cleartext-auth"), 1);
    ck_assert_uint_eq(tu_get(f.rep, "busybox-httpd-cleartext-auth", 0)->line, 6);
    fx_free(&f);
}
END_TEST

/* A MIPS ELF built here, with TP-Link httpd's strings; the same bytes
 * under another name, or a user name alone, are nothing. */
static size_t fake_elf(unsigned char *buf, const char *strs, size_t n)
{
    static const unsigned char hdr[52] = { 0x7f, 'E', 'L', 'F', 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                                           0, 0, 2, 0, 8 };
    memset(buf, 0, 4096);
    memcpy(buf, hdr, sizeof hdr);
    memcpy(buf + 128, strs, n);
    return 128 + n + 64;
}

#define TPLINK_STRS "Basic realm=\"%s\"\0tplinklogin.net\0username\0password\0admin\0admin\0" \
                    "192.168.0.100\0"
#define ALONE_STRS  "Basic realm=\"%s\"\0username\0password\0admin\0/fs/*\0Everywhere\0"

START_TEST(web_binary_compiled_login)
{
    fx f;
    fx_init(&f);
    unsigned char buf[4096];
    size_t n = fake_elf(buf, TPLINK_STRS, sizeof TPLINK_STRS);
    tu_add_bytes(f.tree, f.ns, "/usr/bin/httpd", buf, n);
    tu_add_bytes(f.tree, f.ns, "/usr/sbin/ledctl", buf, n);
    n = fake_elf(buf, ALONE_STRS, sizeof ALONE_STRS);
    tu_add_bytes(f.tree, f.ns, "/usr/sbin/boa", buf, n);
    f.rep = tu_run_checks(f.rs, f.tree);
    ck_assert_uint_eq(total(f.rep), 1);
    const fw_finding *x = tu_get(f.rep, "web-binary-default-login", 0);
    ck_assert_str_eq(x->path, "/usr/bin/httpd");
    ck_assert_uint_eq(x->line, 0);
    ck_assert_uint_eq(x->offset, 128 + sizeof "Basic realm=\"%s\"" + sizeof "tplinklogin.net" +
                      sizeof "username" + sizeof "password");
    ck_assert_str_eq(tu_detail(x, "user"), "admin");
    ck_assert_str_eq(tu_detail(x, "matched_password"), "admin");
    ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    ck_assert(tu_names_req(x, "MO.2"));
    fx_free(&f);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("credentials");
    TCase *uci = tcase_create("uci");
    tcase_add_test(uci, uci_base64_admin_is_the_default);
    tcase_add_test(uci, uci_encoded_non_default_and_binary_blob);
    suite_add_tcase(s, uci);
    TCase *dat = tcase_create("wifi-dat");
    tcase_add_test(dat, wifi_dat_openwrt_empty_keys_are_quiet);
    tcase_add_test(dat, wifi_dat_key_and_default_key);
    suite_add_tcase(s, dat);
    TCase *web = tcase_create("web");
    tcase_add_test(web, htpasswd_hashes_crack);
    tcase_add_test(web, busybox_httpd_conf_hash_cracks);
    tcase_add_test(web, web_binary_compiled_login);
    suite_add_tcase(s, web);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
