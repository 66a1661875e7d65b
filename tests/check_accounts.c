/* check_accounts.c: the accounts analyzer (src/checks/accounts/accounts.c) through
 * the shipped rules/accounts.rules: empty passwords, extra uid 0 accounts,
 * default passwords cracked with crypt(3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testutil.h"
#include "checks/registry.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define R_EMPTY   "account-empty-password"
#define R_UID0    "account-uid0-duplicate"
#define R_DEFAULT "account-default-password"

/* Shipped TP-Link root hashes; they crack to "sohoadmin" and "5up". */
#define TPLINK_HASH   "$1$GTN.gpri$DlSyKvZKMR9A9Uj9e9wR3/"
#define TPLINK_5UP    "$1$$zdlNHiCDxYDfeF4MZL.H3/"
/* sha512crypt of 24 random bytes (discarded): in no list. */
#define STRONG_HASH   "$6$Qx3vT8pLm2Rz$gVWVVwL0PYQW.NJONBQgdCWoW/S9xfu4AXigkdp9ms76yvlToXVrDOpgnfevml9wD7JtDdieAQe0IybI4EDxf."
#define ADMIN_MD5     "$1$abc$w4QgUNlSaYbMOHG4lWxgn."       /* "admin" */
#define XC3511_DES    "Zxawhee67qhdU"                      /* "xc3511" */
#define ADMIN_YES     "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$U9UxR4nlxJR6RYds8q2nfUO3NjkfW12EtgsQ0/AQWP4"
#define ADMIN_GOST    "$gy$j9T$F5Jx5fExrKuPp53xLKQ..1$7UqLxvFAJyDqVdaiIsEePZYRQ0olBf300VaUmMLEFdB"
#define B1234_BCRYPT  "$2b$05$abcdefghijklmnopqrstuuV2lmZSlg12FQgc5cJlKcm9nBvnWgizO"

/* ---- fixture ----------------------------------------------------------- */

typedef struct fx {
    fw_ruleset *rs;
    fw_tree *tree;
    fw_ns *ns;
    fw_report *rep;
} fx;

/* Only rules/accounts.rules, so other rule files cannot change the counts. */
static fw_ruleset *accounts_rules(void)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    int rc = fw_ruleset_load_file(rs, RULES_DIR "/accounts.rules", &err);
    ck_assert_msg(rc == FW_OK, "load accounts.rules: %s", err.msg);
    return rs;
}

static void fx_init(fx *f)
{
    f->rs = accounts_rules();
    f->tree = fw_tree_new();
    f->ns = fw_tree_add_ns(f->tree, "", 0);
    f->rep = NULL;
}

static void fx_run(fx *f)
{
    f->rep = tu_run_checks(f->rs, f->tree);
}

static void fx_free(fx *f)
{
    fw_report_free(&f->rep);
    fw_tree_free(&f->tree);
    fw_ruleset_free(&f->rs);
}

static size_t total_findings(const fw_report *r)
{
    return tu_count(r, R_EMPTY) + tu_count(r, R_UID0) + tu_count(r, R_DEFAULT);
}

/* ---- empty passwords --------------------------------------------------- */

START_TEST(empty_root_password_openwrt)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/shadow", "root::0:0:99999:7:::\n"
                "daemon:*:0:0:99999:7:::\n");
    fw_report *r = tu_run_checks(rs, t);

    ck_assert_uint_eq(tu_count(r, R_EMPTY), 1);
    const fw_finding *f = tu_get(r, R_EMPTY, 0);
    ck_assert_str_eq(f->path, "/etc/shadow");
    ck_assert_uint_eq(f->line, 1);
    ck_assert(tu_names_req(f, "MO.2"));
    ck_assert(tu_names_req(f, "MO.4"));
    ck_assert_int_eq(f->severity, FW_SEV_CRITICAL);
    ck_assert_str_eq(tu_detail(f, "account"), "root");
    ck_assert_ptr_nonnull(strstr(f->message, "root"));
    ck_assert_str_eq(f->excerpt, "root::0:0:99999:7:::");
    ck_assert_uint_eq(r->n_errors, 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(locked_accounts_are_not_findings)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\n"
                "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
                "ftp:x:55:55:ftp:/home/ftp:/bin/false\n"
                "nobody:x:65534:65534:nobody:/var:/bin/false\n"
                "sshd:x:22:22:sshd:/var/empty:/bin/false\n"
                "lk:x:0:0:solaris:/:/bin/sh\n"
                "old:x:0:0:locked hash:/:/bin/sh\n"
                "gone:x:0:0:no shadow line:/:/bin/sh\n"
                "star:*:0:0:lone star:/:/bin/sh\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "root:" STRONG_HASH ":19000:0:99999:7:::\n"
                "daemon:*:19000:0:99999:7:::\n"
                "ftp:*:19000:0:99999:7:::\n"
                "nobody:!:19000:0:99999:7:::\n"
                "sshd:!!:19000::::::\n"
                "lk:*LK*:19000::::::\n"
                "old:!" ADMIN_MD5 ":19000::::::\n"
                "star:*:19000::::::\n");
    fx_run(&f);
    ck_assert_uint_eq(total_findings(f.rep), 0);
    ck_assert_uint_eq(f.rep->n_errors, 0);
    fx_free(&f);
}
END_TEST

/* A non-login shell excuses nothing: FTP or a web UI still take the password. */
START_TEST(nologin_shell_does_not_excuse_empty_password)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\n"
                "ftp:x:21:21:ftp:/srv/ftp:/sbin/nologin\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "root:*:19000:0:99999:7:::\n"
                "ftp::19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 1);
    const fw_finding *x = tu_get(f.rep, R_EMPTY, 0);
    ck_assert_str_eq(x->path, "/etc/shadow");
    ck_assert_uint_eq(x->line, 2);
    ck_assert_str_eq(tu_detail(x, "account"), "ftp");
    ck_assert_str_eq(tu_detail(x, "shell"), "/sbin/nologin");
    fx_free(&f);
}
END_TEST

/* passwd field 2 empty: login never looks at shadow (only "x" sends it there). */
START_TEST(empty_passwd_field_wins_over_shadow)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd", "root::0:0:root:/root:/bin/sh\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root:" STRONG_HASH ":19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 1);
    ck_assert_str_eq(tu_get(f.rep, R_EMPTY, 0)->path, "/etc/passwd");
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 0);
    fx_free(&f);
}
END_TEST

START_TEST(crlf_comments_and_nis_lines)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "# root::0:0:commented out:/:/bin/sh\r\n"
                "\r\n"
                "root:x:0:0:root:/root:/bin/sh\r\n"
                "+::::::\r\n"
                "-bad::0:0:::\r\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root::19000:0:99999:7:::\r\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 1);
    const fw_finding *x = tu_get(f.rep, R_EMPTY, 0);
    ck_assert_str_eq(x->path, "/etc/shadow");
    ck_assert_str_eq(tu_detail(x, "account"), "root");
    ck_assert_uint_eq(tu_count(f.rep, R_UID0), 0);
    fx_free(&f);
}
END_TEST

/* getspnam uses the first line of a name; later duplicates are dead text. */
START_TEST(duplicate_name_first_line_counts)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "root:" STRONG_HASH ":19000:0:99999:7:::\n"
                "root::19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(total_findings(f.rep), 0);
    fx_free(&f);
}
END_TEST

/* ---- default passwords ------------------------------------------------- */

START_TEST(tplink_md5_hash_cracks)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "root:" TPLINK_HASH ":15502:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 1);
    const fw_finding *x = tu_get(f.rep, R_DEFAULT, 0);
    ck_assert_str_eq(x->path, "/etc/shadow");
    ck_assert_uint_eq(x->line, 1);
    ck_assert(tu_names_req(x, "MO.2"));
    ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    ck_assert_str_eq(tu_detail(x, "matched_password"), "sohoadmin");
    ck_assert_str_eq(tu_detail(x, "account"), "root");
    ck_assert_str_eq(tu_detail(x, "hash_type"), "md5crypt");
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 0);
    fx_free(&f);
}
END_TEST

START_TEST(tplink_5up_hash_cracks)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root:" TPLINK_5UP ":10933:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 1);
    ck_assert_str_eq(tu_detail(tu_get(f.rep, R_DEFAULT, 0), "matched_password"), "5up");
    fx_free(&f);
}
END_TEST

START_TEST(strong_sha512_is_not_a_finding)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root:" STRONG_HASH ":19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(total_findings(f.rep), 0);
    ck_assert_uint_eq(f.rep->n_errors, 0);   /* tried in full, within budget */
    fx_free(&f);
}
END_TEST

START_TEST(des_hash_of_a_default_cracks)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root:" XC3511_DES ":19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 1);
    const fw_finding *x = tu_get(f.rep, R_DEFAULT, 0);
    ck_assert_str_eq(tu_detail(x, "matched_password"), "xc3511");
    ck_assert_str_eq(tu_detail(x, "hash_type"), "descrypt");
    fx_free(&f);
}
END_TEST

START_TEST(modern_schemes_crack)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "a:" ADMIN_YES ":19000::::::\n"
                "b:" ADMIN_GOST ":19000::::::\n"
                "c:" B1234_BCRYPT ":19000::::::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 3);
    for (size_t i = 0; i < 3; i++) {
        const fw_finding *x = tu_get(f.rep, R_DEFAULT, i);
        const char *acct = tu_detail(x, "account");
        const char *type = tu_detail(x, "hash_type");
        const char *pw = tu_detail(x, "matched_password");
        if (strcmp(acct, "a") == 0) {
            ck_assert_str_eq(type, "yescrypt");
            ck_assert_str_eq(pw, "admin");
        } else if (strcmp(acct, "b") == 0) {
            ck_assert_str_eq(type, "gost-yescrypt");
            ck_assert_str_eq(pw, "admin");
        } else {
            ck_assert_str_eq(acct, "c");
            ck_assert_str_eq(type, "bcrypt");
            ck_assert_str_eq(pw, "1234");
        }
    }
    ck_assert_uint_eq(f.rep->n_errors, 0);
    fx_free(&f);
}
END_TEST

/* No shadow: the hash sits in passwd field 2 (old BusyBox images). */
START_TEST(hash_in_passwd_without_shadow)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "bin:*:1:1:bin:/bin:/bin/false\n"
                "root:" XC3511_DES ":0:0:root:/root:/bin/sh\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 1);
    const fw_finding *x = tu_get(f.rep, R_DEFAULT, 0);
    ck_assert_str_eq(x->path, "/etc/passwd");
    ck_assert_uint_eq(x->line, 2);
    ck_assert_str_eq(tu_detail(x, "shell"), "/bin/sh");
    ck_assert_uint_eq(tu_count(f.rep, R_UID0), 0);   /* it is root */
    fx_free(&f);
}
END_TEST

/* passwd field 2 holds its own hash: login ignores the shadow line. */
START_TEST(passwd_hash_overrides_shadow_line)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd", "root:" STRONG_HASH ":0:0:root:/root:/bin/sh\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root:" ADMIN_MD5 ":19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(total_findings(f.rep), 0);
    fx_free(&f);
}
END_TEST

START_TEST(secret_hash_is_redacted_in_excerpt)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
                "admin:x:0:0:admin:/:/bin/sh\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root:" TPLINK_HASH ":15502:0:99999:7:::\n"
                "admin:" ADMIN_MD5 ":15502:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 2);
    for (size_t i = 0; i < f.rep->n_findings; i++) {
        const fw_finding *x = f.rep->findings[i];
        ck_assert_ptr_null(strstr(x->excerpt ? x->excerpt : "", "DlSyKvZKMR9A9Uj9e9wR3"));
        ck_assert_ptr_null(strstr(x->excerpt ? x->excerpt : "", "w4QgUNlSaYbMOHG4lWxgn"));
        ck_assert_ptr_null(strstr(x->message, "DlSyKvZKMR9A9Uj9e9wR3"));
        for (size_t d = 0; d < x->n_details; d++)
            ck_assert_ptr_null(strstr(x->details[d].value, "$1$"));
    }
    const fw_finding *x = tu_get(f.rep, R_DEFAULT, 0);
    ck_assert_ptr_nonnull(x->excerpt);
    ck_assert_ptr_nonnull(strstr(x->excerpt, "…"));
    ck_assert_ptr_nonnull(strstr(x->excerpt, ":15502:0:99999:7:::"));
    fx_free(&f);
}
END_TEST

/* The fingerprint follows account, check and hash, not the line. */
START_TEST(fingerprint_ignores_line_follows_hash)
{
    fx f[3];
    const char *shadow[3] = {
        "root:" TPLINK_HASH ":15502:0:99999:7:::\n",
        "daemon:*:1::::::\nroot:" TPLINK_HASH ":15502:0:99999:7:::\n",
        "root:" ADMIN_MD5 ":15502:0:99999:7:::\n",
    };
    for (int i = 0; i < 3; i++) {
        fx_init(&f[i]);
        tu_add_file(f[i].tree, f[i].ns, "/etc/shadow", shadow[i]);
        fx_run(&f[i]);
        ck_assert_uint_eq(tu_count(f[i].rep, R_DEFAULT), 1);
    }
    const char *a = tu_get(f[0].rep, R_DEFAULT, 0)->fingerprint;
    const char *b = tu_get(f[1].rep, R_DEFAULT, 0)->fingerprint;
    const char *c = tu_get(f[2].rep, R_DEFAULT, 0)->fingerprint;
    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    for (int i = 0; i < 3; i++)
        fx_free(&f[i]);
}
END_TEST

/* ---- uid 0 ------------------------------------------------------------- */

START_TEST(extra_uid0_account_with_password)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\n"
                "admin:x:0:0:admin:/:/bin/sh\n"
                "locked:x:0:0:locked:/:/bin/sh\n"
                "user:x:1000:1000:user:/home/user:/bin/sh\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "root:" STRONG_HASH ":19000:0:99999:7:::\n"
                "admin:" STRONG_HASH ":19000:0:99999:7:::\n"
                "locked:!:19000:0:99999:7:::\n"
                "user:" STRONG_HASH ":19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_UID0), 1);
    const fw_finding *x = tu_get(f.rep, R_UID0, 0);
    ck_assert_str_eq(x->path, "/etc/passwd");
    ck_assert_uint_eq(x->line, 2);
    ck_assert_str_eq(tu_detail(x, "account"), "admin");
    ck_assert(tu_names_req(x, "MO.2"));
    ck_assert(tu_names_req(x, "MO.1"));
    ck_assert_ptr_nonnull(strstr(x->message, "admin"));
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 0);
    fx_free(&f);
}
END_TEST

/* An extra uid 0 with an empty password is both findings; "+0" is uid 0 too. */
START_TEST(extra_uid0_account_empty_password)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\n"
                "support::+0:0:support:/:/bin/sh\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_UID0), 1);
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 1);
    ck_assert_str_eq(tu_detail(tu_get(f.rep, R_UID0, 0), "account"), "support");
    fx_free(&f);
}
END_TEST

/* ---- links, namespaces ------------------------------------------------- */

START_TEST(dangling_shadow_symlink_is_quiet)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
    tu_add_symlink(f.tree, f.ns, "/etc/shadow", "/tmp/shadow");
    fx_run(&f);
    ck_assert_uint_eq(total_findings(f.rep), 0);
    ck_assert_uint_eq(f.rep->n_errors, 0);
    ck_assert(!f.rep->incomplete);
    fx_free(&f);
}
END_TEST

/* DVRF: /etc/passwd -> /tmp/passwd (made at boot); the shadow is judged alone. */
START_TEST(dangling_passwd_symlink_shadow_still_judged)
{
    fx f;
    fx_init(&f);
    tu_add_symlink(f.tree, f.ns, "/etc/passwd", "/tmp/passwd");
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root::19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 1);
    ck_assert_uint_eq(f.rep->n_errors, 0);
    fx_free(&f);
}
END_TEST

START_TEST(passwd_symlink_resolves_inside_image)
{
    fx f;
    fx_init(&f);
    tu_add_symlink(f.tree, f.ns, "/etc/passwd", "../var/etc/passwd");
    tu_add_file(f.tree, f.ns, "/var/etc/passwd",
                "daemon:*:1:1::/:/bin/false\n"
                "root::0:0:root:/root:/bin/sh\n");
    tu_add_symlink(f.tree, f.ns, "/etc/shadow", "/etc/passwd");  /* same file: read once */
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 1);
    const fw_finding *x = tu_get(f.rep, R_EMPTY, 0);
    ck_assert_str_eq(x->path, "/var/etc/passwd");
    ck_assert_uint_eq(x->line, 2);
    fx_free(&f);
}
END_TEST

START_TEST(two_namespaces_each_checked)
{
    fx f;
    fx_init(&f);
    fw_ns *inner = fw_tree_add_ns(f.tree, "fw.bin > rootfs.squashfs", 1);
    tu_add_file(f.tree, f.ns, "/etc/shadow", "root:" TPLINK_HASH ":15502::::::\n");
    tu_add_file(f.tree, inner, "/etc/shadow", "root:" TPLINK_HASH ":15502::::::\n"
                "guest::15502::::::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 2);  /* one hash, cracked once, two findings */
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 1);
    const char *c0 = tu_get(f.rep, R_DEFAULT, 0)->chain;
    const char *c1 = tu_get(f.rep, R_DEFAULT, 1)->chain;
    ck_assert_str_ne(c0, c1);
    ck_assert_str_eq(tu_get(f.rep, R_EMPTY, 0)->chain, "fw.bin > rootfs.squashfs");
    fx_free(&f);
}
END_TEST

/* ---- hostile input and limits ------------------------------------------ */

/* Cost parameters far beyond normal ones are not tried, but reported as a
 * gap in the scan; the scan itself stays fast. */
START_TEST(costly_hashes_do_not_stall_the_scan)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "a:$6$rounds=999999999$abcdefgh$u7rqIPxUJ7JHjEknD7OtTFrb4A3UD9jno3ftnY0:1::::::\n"
                "b:$2b$31$abcdefghijklmnopqrstuuV2lmZSlg12FQgc5cJlKcm9nBvnWgizO:1::::::\n"
                "c:$y$jFT$F5Jx5fExrKuPp53xLKQ..1$U9UxR4nlxJR6RYds8q2nfUO3NjkfW12EtgsQ0/AQWP4:1::::::\n");
    time_t start = time(NULL);
    fx_run(&f);
    ck_assert_int_le((long)(time(NULL) - start), 5);
    ck_assert_uint_eq(total_findings(f.rep), 0);
    ck_assert_uint_eq(f.rep->n_errors, 3);
    ck_assert(f.rep->incomplete);
    ck_assert_ptr_nonnull(strstr(f.rep->errors[0].message, "FW_MAX_CRYPT"));
    fx_free(&f);
}
END_TEST

/* One sha512crypt attempt at 9999999 rounds is ~28000 md5crypt units: the
 * per-hash budget allows one word of two, and the gap is reported. */
START_TEST(budget_stops_costly_hash_and_says_so)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "words.txt", "wrong\nadmin\n");
    char *text = fw_xasprintf(
        "rule t-default\n"
        "  requires MO.2\n"
        "  severity high\n"
        "  title t\n"
        "  fix f\n"
        "  analyzer accounts check=default-password wordlist=%s/words.txt\n"
        "  must-match at /etc/shadow \"root:" ADMIN_MD5 ":1::::::\\n\"\n"
        "  must-not-match at /etc/shadow \"root:*:1::::::\\n\"\n"
        "end\n", dir);
    fw_ruleset *rs = tu_ruleset_from(text);
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/shadow", "root:$6$rounds=9999999$budgetsalt$/7GpPTzVRfZCuEOnRP5es"
                "Aq74dCbUIQy5BoYvSoZGMFJ7NzwqGa2p921frXkI5YXV7h/kDHCNa1NRHPYYUPV1/:1::::::\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "t-default"), 0);
    ck_assert_uint_eq(r->n_errors, 1);
    ck_assert(r->incomplete);
    ck_assert_ptr_nonnull(strstr(r->errors[0].message, "only 1 of 2"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
    tu_rmtree(dir);
    free(dir);
    free(text);
}
END_TEST

START_TEST(garbage_fields_are_not_hashes)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\n"
                "np:x:0:0::/:/bin/sh\n"
                "weird:x:0:0::/:/bin/sh\n");
    static const char shadow[] = "root:x:1::::::\nnp:NP:1::::::\nweird:\x1b[2J\0zz:1::::::\n"
                                 ":::\n\n";
    tu_add_bytes(f.tree, f.ns, "/etc/shadow", shadow, sizeof shadow - 1);
    fx_run(&f);
    ck_assert_uint_eq(total_findings(f.rep), 0);
    fx_free(&f);
}
END_TEST

START_TEST(line_limit_is_reported)
{
    fx f;
    fx_init(&f);
    fw_strbuf sb = FW_STRBUF_INIT;
    for (int i = 0; i < FW_MAX_ACCOUNT_LINES; i++)
        fw_sb_addf(&sb, "u%d:*:1::::::\n", i);
    fw_sb_adds(&sb, "late::1::::::\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow", fw_sb_str(&sb));
    fw_sb_release(&sb);
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_EMPTY), 0);
    ck_assert_uint_eq(f.rep->n_errors, 1);
    ck_assert_ptr_nonnull(strstr(f.rep->errors[0].message, "FW_MAX_ACCOUNT_LINES"));
    fx_free(&f);
}
END_TEST

/* A rule binding default-password without a wordlist does not load. */
START_TEST(default_password_needs_wordlist)
{
    fw_ruleset *rs = tu_ruleset_from(
        "rule t-default\n"
        "  requires MO.2\n"
        "  severity critical\n"
        "  title t\n"
        "  fix f\n"
        "  analyzer accounts check=default-password\n"
        "  must-match at /etc/shadow \"root:" ADMIN_MD5 ":1::::::\\n\"\n"
        "  must-not-match at /etc/shadow \"root:*:1::::::\\n\"\n"
        "end\n");
    fw_tree *t = fw_tree_new();
    fw_report *r = fw_report_new();
    fw_error err = { 0 };
    ck_assert_int_eq(fw_checks_run(rs, t, r, &err), FW_ERULE);
    ck_assert_ptr_nonnull(strstr(err.msg, "wordlist"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* A user's own wordlist: read in order, comments skipped. */
START_TEST(custom_wordlist)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "words.txt", "# vendor X\n\nnot-it\nadmin\n");
    char *text = fw_xasprintf(
        "rule t-default\n"
        "  requires MO.2\n"
        "  severity high\n"
        "  title t\n"
        "  fix f\n"
        "  analyzer accounts check=default-password wordlist=%s/words.txt\n"
        "  must-match at /etc/shadow \"root:" ADMIN_MD5 ":1::::::\\n\"\n"
        "  must-not-match at /etc/shadow \"root:*:1::::::\\n\"\n"
        "end\n", dir);
    fw_ruleset *rs = tu_ruleset_from(text);
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/shadow", "root:" ADMIN_MD5 ":1::::::\nx:" TPLINK_HASH ":1::::::\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "t-default"), 1);
    const fw_finding *x = tu_get(r, "t-default", 0);
    ck_assert_str_eq(tu_detail(x, "matched_password"), "admin");
    ck_assert_int_eq(x->severity, FW_SEV_HIGH);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
    tu_rmtree(dir);
    free(dir);
    free(text);
}
END_TEST

/* The shipped rules' own tests are one more check of the shipped list. */
START_TEST(shipped_wordlist_has_mirai_and_vendor_defaults)
{
    size_t len = 0;
    char *txt = tu_slurp(RULES_DIR "/data/default-passwords.txt", &len);
    const char *must[] = { "\nxc3511\n", "\nvizxv\n", "\n7ujMko0admin\n", "\nsohoadmin\n",
                           "\n5up\n", "\noelinux123\n", "\nzsun1188\n" };
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        ck_assert_msg(strstr(txt, must[i]) != NULL, "missing %s", must[i] + 1);
    free(txt);
}
END_TEST

/* A vendor default that only the DefaultCreds-derived list has
 * ("epicrouter", Conexant/Linksys/ASMAX admin): found in /etc/shadow of a
 * BusyBox tree, and the finding says who publishes it. */
START_TEST(vendor_default_from_credentials_list_cracks)
{
    fx f;
    fx_init(&f);
    tu_add_file(f.tree, f.ns, "/etc/passwd",
                "root:x:0:0:root:/root:/bin/sh\nadmin:x:1000:1000:admin:/home/admin:/bin/sh\n");
    tu_add_file(f.tree, f.ns, "/etc/shadow",
                "root:*:19000:0:99999:7:::\nadmin:$1$ep1c$W3.Qe7UwVMtEBC2XHessB.:19000:0:99999:7:::\n");
    fx_run(&f);
    ck_assert_uint_eq(tu_count(f.rep, R_DEFAULT), 1);
    const fw_finding *x = tu_get(f.rep, R_DEFAULT, 0);
    ck_assert_str_eq(x->path, "/etc/shadow");
    ck_assert_uint_eq(x->line, 2);
    ck_assert_int_eq(x->severity, FW_SEV_CRITICAL);
    ck_assert(tu_names_req(x, "MO.2"));
    ck_assert_str_eq(tu_detail(x, "account"), "admin");
    ck_assert_str_eq(tu_detail(x, "matched_password"), "epicrouter");
    ck_assert_ptr_nonnull(strstr(tu_detail(x, "published_by"), "ASMAX"));
    ck_assert_ptr_nonnull(strstr(x->message, "default-credentials.txt"));
    /* not in the Mirai list: the hit comes from the new list */
    size_t len = 0;
    char *txt = tu_slurp(RULES_DIR "/data/default-passwords.txt", &len);
    ck_assert_ptr_null(strstr(txt, "\nepicrouter\n"));
    free(txt);
    fx_free(&f);
}
END_TEST

/* The generated list keeps its attribution and its order: the most common
 * published passwords come first, so a costly hash's budget cuts the rare. */
START_TEST(credentials_list_attribution_and_order)
{
    size_t len = 0;
    char *txt = tu_slurp(RULES_DIR "/data/default-credentials.txt", &len);
    ck_assert_ptr_nonnull(strstr(txt, "ihebski/DefaultCreds-cheat-sheet"));
    ck_assert_ptr_nonnull(strstr(txt, "e69eb29"));
    ck_assert_ptr_nonnull(strstr(txt, "MIT License"));
    ck_assert_ptr_nonnull(strstr(txt, "regenerate, do not hand-edit"));
    const char *first = strstr(txt, "\nadmin\tadmin\t");
    const char *rare = strstr(txt, "\tzjaaadc\t");
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_nonnull(rare);
    ck_assert(first < rare);
    ck_assert_ptr_null(strstr(txt, "\t<blank>\t"));
    ck_assert_ptr_null(strstr(txt, "\n<blank>\t"));
    ck_assert_ptr_null(strstr(txt, "\t(serial number)\t"));
    free(txt);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("accounts");
    TCase *empty = tcase_create("empty");
    tcase_add_test(empty, empty_root_password_openwrt);
    tcase_add_test(empty, locked_accounts_are_not_findings);
    tcase_add_test(empty, nologin_shell_does_not_excuse_empty_password);
    tcase_add_test(empty, empty_passwd_field_wins_over_shadow);
    tcase_add_test(empty, crlf_comments_and_nis_lines);
    tcase_add_test(empty, duplicate_name_first_line_counts);
    suite_add_tcase(s, empty);

    TCase *def = tcase_create("default");
    tcase_set_timeout(def, 60);  /* yescrypt tries take ~20 ms each */
    tcase_add_test(def, tplink_md5_hash_cracks);
    tcase_add_test(def, tplink_5up_hash_cracks);
    tcase_add_test(def, strong_sha512_is_not_a_finding);
    tcase_add_test(def, des_hash_of_a_default_cracks);
    tcase_add_test(def, modern_schemes_crack);
    tcase_add_test(def, hash_in_passwd_without_shadow);
    tcase_add_test(def, passwd_hash_overrides_shadow_line);
    tcase_add_test(def, secret_hash_is_redacted_in_excerpt);
    tcase_add_test(def, fingerprint_ignores_line_follows_hash);
    tcase_add_test(def, custom_wordlist);
    tcase_add_test(def, default_password_needs_wordlist);
    tcase_add_test(def, shipped_wordlist_has_mirai_and_vendor_defaults);
    tcase_add_test(def, vendor_default_from_credentials_list_cracks);
    tcase_add_test(def, credentials_list_attribution_and_order);
    suite_add_tcase(s, def);

    TCase *uid0 = tcase_create("uid0");
    tcase_add_test(uid0, extra_uid0_account_with_password);
    tcase_add_test(uid0, extra_uid0_account_empty_password);
    suite_add_tcase(s, uid0);

    TCase *links = tcase_create("links");
    tcase_set_timeout(links, 30);
    tcase_add_test(links, dangling_shadow_symlink_is_quiet);
    tcase_add_test(links, dangling_passwd_symlink_shadow_still_judged);
    tcase_add_test(links, passwd_symlink_resolves_inside_image);
    tcase_add_test(links, two_namespaces_each_checked);
    suite_add_tcase(s, links);

    TCase *hostile = tcase_create("hostile");
    tcase_set_timeout(hostile, 60);
    tcase_add_test(hostile, costly_hashes_do_not_stall_the_scan);
    tcase_add_test(hostile, budget_stops_costly_hash_and_says_so);
    tcase_add_test(hostile, garbage_fields_are_not_hashes);
    tcase_add_test(hostile, line_limit_is_reported);
    suite_add_tcase(s, hostile);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
