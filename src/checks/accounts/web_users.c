/* web_users.c: the "web-users" analyzer: hashed web logins shipped in
 * web server user files, cracked against the accounts default list.
 *
 * Check (rules/credentials.rules):
 *   web-user-default-password  a login of an .htpasswd file (Apache,
 *                   lighttpd htpasswd backend, nginx auth_basic) or a
 *                   BusyBox httpd.conf "/path:user:$1$..." line has a hash
 *                   of a published default password
 *
 * Schemes: those crypt(3) knows (DES, $1$, $5$, $6$, bcrypt), Apache's
 * $apr1$ (md5crypt with another magic) and {SHA} (base64 of SHA-1), each
 * through the cracker's cache and budgets (cracker.h). A hash that does not
 * crack is not a finding: nothing says the password is weak. Clear-text
 * logins are reported elsewhere: BusyBox httpd.conf by the pattern rule
 * busybox-httpd-cleartext-auth (a published default in clear in httpd.conf
 * is reported here, superseding it), lighttpd's plain backend by the services
 * analyzer (web-plain-userfile); Apache ignores clear text on Linux. */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "checks/accounts/creds.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_DEFAULT "web-user-default-password"

static const char *const web_checks[] = { CK_DEFAULT, NULL };

typedef struct web_state {
    fw_cracker *list;
} web_state;

static const char itoa64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static void to64(char **p, unsigned long v, int n)
{
    while (n-- > 0) {
        *(*p)++ = itoa64[v & 0x3f];
        v >>= 6;
    }
}

static void md5(EVP_MD_CTX *c, unsigned char out[16])
{
    unsigned int l = 16;
    EVP_DigestFinal_ex(c, out, &l);
    EVP_DigestInit_ex(c, EVP_md5(), NULL);
}

/* Apache's $apr1$: md5crypt's algorithm (FreeBSD, P.-H. Kamp) with the
 * magic "$apr1$". 1 when word gives hash. */
static int apr1_match(const char *word, const char *hash)
{
    if (strncmp(hash, "$apr1$", 6) != 0)
        return -1;
    const char *salt = hash + 6, *se = strchr(salt, '$');
    if (!se || se - salt > 8)
        return -1;
    size_t sl = (size_t)(se - salt), pl = strlen(word);
    unsigned char fin[16], alt[16];
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c)
        return -1;
    EVP_DigestInit_ex(c, EVP_md5(), NULL);
    EVP_DigestUpdate(c, word, pl);
    EVP_DigestUpdate(c, salt, sl);
    EVP_DigestUpdate(c, word, pl);
    md5(c, alt);
    EVP_DigestUpdate(c, word, pl);
    EVP_DigestUpdate(c, "$apr1$", 6);
    EVP_DigestUpdate(c, salt, sl);
    for (size_t n = pl; n > 0; n -= n > 16 ? 16 : n)
        EVP_DigestUpdate(c, alt, n > 16 ? 16 : n);
    for (size_t i = pl; i; i >>= 1)
        EVP_DigestUpdate(c, (i & 1) ? "" : word, 1);
    md5(c, fin);
    for (int i = 0; i < 1000; i++) {
        if (i & 1)
            EVP_DigestUpdate(c, word, pl);
        else
            EVP_DigestUpdate(c, fin, 16);
        if (i % 3)
            EVP_DigestUpdate(c, salt, sl);
        if (i % 7)
            EVP_DigestUpdate(c, word, pl);
        if (i & 1)
            EVP_DigestUpdate(c, fin, 16);
        else
            EVP_DigestUpdate(c, word, pl);
        md5(c, fin);
    }
    EVP_MD_CTX_free(c);
    char out[64], *p = out;
    memcpy(p, "$apr1$", 6);
    p += 6;
    memcpy(p, salt, sl);
    p += sl;
    *p++ = '$';
    to64(&p, (unsigned long)fin[0] << 16 | (unsigned long)fin[6] << 8 | fin[12], 4);
    to64(&p, (unsigned long)fin[1] << 16 | (unsigned long)fin[7] << 8 | fin[13], 4);
    to64(&p, (unsigned long)fin[2] << 16 | (unsigned long)fin[8] << 8 | fin[14], 4);
    to64(&p, (unsigned long)fin[3] << 16 | (unsigned long)fin[9] << 8 | fin[15], 4);
    to64(&p, (unsigned long)fin[4] << 16 | (unsigned long)fin[10] << 8 | fin[5], 4);
    to64(&p, fin[11], 2);
    *p = '\0';
    return strcmp(out, hash) == 0;
}

/* {SHA}: base64 of the SHA-1 of the password (htpasswd -s). */
static int sha_match(const char *word, const char *hash)
{
    if (strncmp(hash, "{SHA}", 5) != 0 || strlen(hash) != 5 + 28)
        return -1;
    unsigned char d[20], b[32];
    unsigned int dl = 0;
    if (!EVP_Digest(word, strlen(word), d, &dl, EVP_sha1(), NULL) || dl != 20)
        return -1;
    EVP_EncodeBlock(b, d, 20);
    return memcmp(b, hash + 5, 28) == 0;
}

/* A user file by path: .htpasswd and its kin, or BusyBox httpd.conf. */
static int file_kind(const fw_node *node)
{
    const char *p = fw_node_syspath(node);
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    size_t n = strlen(base);
    if (strcmp(base, "htpasswd") == 0 || (n >= 9 && strcmp(base + n - 9, ".htpasswd") == 0))
        return 1;
    if (strcmp(p, "/etc/httpd.conf") == 0 || strcmp(p, "/www/httpd.conf") == 0 ||
        strcmp(p, "/etc/busybox-httpd.conf") == 0)
        return 2;
    return 0;
}

/* BusyBox httpd takes a clear-text password in httpd.conf: a published
 * default there is this check's too (the rule supersedes the pattern rule
 * busybox-httpd-cleartext-auth on that line); any other clear password is
 * left to that rule. */
static int judge_clear(fw_check_ctx *ctx, web_state *st, const fw_node *node, const fw_line *ln,
                       const char *user, size_t ul, const char *p, size_t pl, const char *store)
{
    fw_default_match dm = fw_cracker_known(st->list, user, ul, p, pl);
    if (!dm.known)
        return FW_OK;
    size_t s = (size_t)(p - ln->s);
    fw_cred c = {
        .node = node, .line = ln->lineno, .offset = ln->offset + s,
        .text = ln->s, .text_len = ln->len, .sec_s = s, .sec_e = s + pl,
        .user = user, .user_len = ul, .store = store, .encoding = "clear text",
        .password = dm.password, .pw_len = strlen(dm.password), .dm = dm,
    };
    char *msg = fw_xasprintf("Web login '%.*s' has the published default password '%s', in "
                             "clear text.", (int)ul, user, dm.password);
    int rc = fw_cred_emit(ctx, CK_DEFAULT, &c, msg, -1);
    free(msg);
    return rc;
}

static int judge(fw_check_ctx *ctx, web_state *st, const fw_node *node, const fw_line *ln,
                 const char *user, size_t ul, const char *h, size_t hl, const char *store,
                 int clear_ok)
{
    if (hl == 0 || hl >= CRYPT_OUTPUT_SIZE || memchr(h, '\0', hl))
        return FW_OK;
    char *hash = fw_xstrndup(h, hl);
    fw_hash_cost hc;
    fw_crack_fn fn = NULL;
    if (strncmp(hash, "$apr1$", 6) == 0) {
        fn = apr1_match;
        hc = (fw_hash_cost){ .type = "apr1 (Apache MD5)", .units = 1, .known = 1 };
    } else if (strncmp(hash, "{SHA}", 5) == 0) {
        fn = sha_match;
        hc = (fw_hash_cost){ .type = "{SHA} (SHA-1)", .units = 1, .known = 1 };
    } else if (fw_hash_shaped(hash) && (hash[0] == '$' || hl == 13)) {
        hc = fw_hash_cost_of(hash);
    } else {
        free(hash);   /* clear text or no hash */
        return clear_ok ? judge_clear(ctx, st, node, ln, user, ul, h, hl, store) : FW_OK;
    }
    fw_crack_outcome o = fw_cracker_try_with(st->list, hash, &hc, fn);
    int rc = FW_OK;
    if (o.result == CRACK_FOUND) {
        size_t s = (size_t)(h - ln->s);
        fw_cred c = {
            .node = node, .line = ln->lineno, .offset = ln->offset + s,
            .text = ln->s, .text_len = ln->len, .sec_s = s, .sec_e = s + hl,
            .user = user, .user_len = ul, .store = store, .encoding = hc.type,
            .password = o.password, .pw_len = strlen(o.password),
        };
        c.dm = fw_cracker_known(st->list, user, ul, c.password, c.pw_len);
        char *msg = fw_xasprintf("Web login '%.*s' has a %s hash of the published default "
                                 "password '%s'.", (int)ul, user, hc.type, o.password);
        rc = fw_cred_emit(ctx, CK_DEFAULT, &c, msg, -1);
        free(msg);
    } else if (o.fresh && (o.result == CRACK_PARTIAL || o.result == CRACK_TOO_COSTLY))
        fw_check_warn(ctx, node, "line %llu: %s hash of web login '%.*s' not fully tried "
                      "against the default-password list (FW_MAX_CRYPT_WORK_PER_HASH, "
                      "FW_MAX_CRYPT_WORK_PER_SCAN)", (unsigned long long)ln->lineno, hc.type,
                      (int)ul, user);
    free(hash);
    return rc;
}

static int web_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node, const fw_blob *blob)
{
    web_state *st = state;
    int kind = file_kind(node);
    if (!kind || !st->list || !fw_blob_is_text(blob))
        return FW_OK;
    fw_line_iter it;
    fw_line ln;
    int rc = FW_OK;
    fw_lines_init(&it, blob->data, blob->size);
    while (rc == FW_OK && fw_lines_next(&it, &ln)) {
        if (ln.lineno > FW_MAX_ACCOUNT_LINES) {
            fw_check_warn(ctx, node, "only the first %d lines read (FW_MAX_ACCOUNT_LINES)",
                          FW_MAX_ACCOUNT_LINES);
            break;
        }
        size_t len = ln.len;
        while (len > 0 && (ln.s[len - 1] == ' ' || ln.s[len - 1] == '\t' || ln.s[len - 1] == '\r'))
            len--;
        const char *f[4];
        size_t fl[4];
        if (len == 0 || ln.s[0] == '#')
            continue;
        size_t nf = fw_split(ln.s, len, ':', f, fl, 4);
        if (kind == 1 && nf == 2 && fl[0] > 0)   /* user:hash (user:realm:hash is htdigest) */
            rc = judge(ctx, st, node, &ln, f[0], fl[0], f[1], fl[1], ".htpasswd", 0);
        else if (kind == 2 && nf == 3 && ln.s[0] == '/' && fl[1] > 0)  /* /path:user:hash */
            rc = judge(ctx, st, node, &ln, f[1], fl[1], f[2], fl[2], "BusyBox httpd.conf", 1);
    }
    return rc;
}

static int web_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    web_state *st = fw_xcalloc(1, sizeof *st);
    int rc = fw_creds_list_load(ctx, web_checks, &st->list, err);
    if (rc != FW_OK) {
        free(st);
        return rc;
    }
    *state = st;
    return FW_OK;
}

static void web_fini(void *state)
{
    web_state *st = state;
    if (!st)
        return;
    fw_cracker_free(&st->list);
    free(st);
}

const fw_analyzer fw_analyzer_web_users = {
    .name = "web-users",
    .checks = web_checks,
    .init = web_init,
    .fini = web_fini,
    .scan_file = web_scan_file,
};
