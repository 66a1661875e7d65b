/* uci_creds.c: the "uci-creds" analyzer: passwords in OpenWrt UCI files
 * (files in /etc/config/ and /rom/etc/config/: rpcd, luci, vendor configs), in clear
 * or in the simple disguises vendors use.
 *
 * Checks (rules/credentials.rules):
 *   uci-default-password  an `option password` value is a published default
 *                         (the accounts default list): in clear, base64
 *                         ('YWRtaW4=' is "admin"), hex, or a $1$/$5$/$6$
 *                         crypt hash that cracks
 *   uci-encoded-password  a base64 or hex value that decodes to printable
 *                         text: a clear-text password, only encoded
 *
 * Decoding is believed only when the result is printable ASCII of at least
 * FW_MIN_DECODED bytes: a random base64 blob or binary key decodes to
 * control bytes and is left alone. A value is tried in clear first, so a
 * plain "12345678" (also valid hex) is the password it says. Not findings:
 * "$p$root" (rpcd's reference to the shadow entry of root), paths
 * ("/etc/passwd" in luci's `option passwd`), hashes that do not crack.
 * A clear value that is no published default is left to the pattern rule
 * password-option (rules/secrets.rules). Option names are the rule's
 * keys= globs (case ignored); the section's `option username` is the user.
 * TR-069 client configs (easycwmp, cwmp) are judged by the services
 * analyzer where the client is installed. */
/* FNM_CASEFOLD is a GNU extension: AM_CPPFLAGS defines _GNU_SOURCE */
#include <crypt.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/accounts/creds.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_DEFAULT "uci-default-password"
#define CK_ENCODED "uci-encoded-password"

/* Shorter decodings are too likely by chance (a plain 4-character value
 * that happens to be base64 of 3 printable bytes). */
#define FW_MIN_DECODED 4

static const char *const uci_checks[] = { CK_DEFAULT, CK_ENCODED, NULL };

typedef struct uci_state {
    fw_cracker *list;      /* NULL: no rule names a wordlist */
    const char *keys;      /* option-name globs, borrowed from the rule */
} uci_state;

static int glob_in(const char *list, const char *s, size_t n)
{
    char name[128];
    if (!list || n == 0 || n >= sizeof name)
        return 0;
    memcpy(name, s, n);
    name[n] = '\0';
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        char glob[128];
        if (l > 0 && l < sizeof glob) {
            memcpy(glob, p, l);
            glob[l] = '\0';
            if (fnmatch(glob, name, FNM_CASEFOLD) == 0)
                return 1;
        }
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* One UCI line: `option NAME VALUE` (VALUE quoted or bare), or `config`. */
typedef struct uci_line {
    int config;             /* a section starts */
    const char *name, *val;
    size_t name_len, val_len;
} uci_line;

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static int parse_uci(const fw_line *ln, uci_line *u)
{
    const char *p = ln->s, *e = ln->s + ln->len;
    memset(u, 0, sizeof *u);
    while (p < e && is_blank(*p))
        p++;
    if ((size_t)(e - p) >= 6 && memcmp(p, "config", 6) == 0 && (p + 6 == e || is_blank(p[6]))) {
        u->config = 1;
        return 1;
    }
    if ((size_t)(e - p) < 7 || memcmp(p, "option", 6) != 0 || !is_blank(p[6]))
        return 0;
    p += 6;
    while (p < e && is_blank(*p))
        p++;
    u->name = p;
    while (p < e && !is_blank(*p))
        p++;
    u->name_len = (size_t)(p - u->name);
    while (p < e && is_blank(*p))
        p++;
    if (p == e || u->name_len == 0)
        return 0;
    if (*p == '\'' || *p == '"') {
        const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
        if (!q)
            return 0;
        u->val = p + 1;
        u->val_len = (size_t)(q - p - 1);
    } else {
        u->val = p;
        while (p < e && !is_blank(*p) && *p != '#')
            p++;
        u->val_len = (size_t)(p - u->val);
    }
    return 1;
}

static int b64v(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Standard base64 with its padding (length a multiple of 4); out holds
 * n * 3 / 4 bytes. Returns the decoded length, or -1. */
static long b64_decode(const char *s, size_t n, unsigned char *out)
{
    if (n < 4 || n % 4)
        return -1;
    size_t pad = 0;
    while (pad < 2 && s[n - 1 - pad] == '=')
        pad++;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = (i + k >= n - pad) ? 0 : b64v((unsigned char)s[i + k]);
            if (v[k] < 0)
                return -1;
        }
        unsigned long w = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
                          (unsigned long)v[2] << 6 | (unsigned long)v[3];
        out[o++] = (unsigned char)(w >> 16);
        out[o++] = (unsigned char)(w >> 8);
        out[o++] = (unsigned char)w;
    }
    return (long)(o - pad);
}

static int hexv(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 32) >= 'a' && (c | 32) <= 'f') return (c | 32) - 'a' + 10;
    return -1;
}

static long hex_decode(const char *s, size_t n, unsigned char *out)
{
    if (n < 2 || n % 2)
        return -1;
    for (size_t i = 0; i < n; i += 2) {
        int a = hexv((unsigned char)s[i]), b = hexv((unsigned char)s[i + 1]);
        if (a < 0 || b < 0)
            return -1;
        out[i / 2] = (unsigned char)(a << 4 | b);
    }
    return (long)(n / 2);
}

/* The section's user: its `option username` (or `user`), if any. */
static void section_user(const char *text, size_t len, uint64_t from, const char **u, size_t *ul)
{
    fw_line_iter it;
    fw_line ln;
    uci_line x;
    *u = NULL;
    *ul = 0;
    fw_lines_init(&it, text + from, len - from);
    while (fw_lines_next(&it, &ln) && ln.lineno <= FW_MAX_ACCOUNT_LINES) {
        if (!parse_uci(&ln, &x))
            continue;
        if (x.config && ln.lineno > 1)
            break;
        if (!x.config && x.val_len > 0 &&
            ((x.name_len == 8 && memcmp(x.name, "username", 8) == 0) ||
             (x.name_len == 4 && memcmp(x.name, "user", 4) == 0))) {
            *u = x.val;
            *ul = x.val_len;
        }
    }
}

static int judge(fw_check_ctx *ctx, uci_state *st, const fw_node *node, const fw_line *ln,
                 const uci_line *u, const char *user, size_t ul)
{
    fw_cred c = {
        .node = node, .line = ln->lineno, .offset = ln->offset + (uint64_t)(u->val - ln->s),
        .text = ln->s, .text_len = ln->len,
        .sec_s = (size_t)(u->val - ln->s), .sec_e = (size_t)(u->val - ln->s) + u->val_len,
        .user = user, .user_len = ul, .store = "UCI",
    };
    const char *v = u->val;
    size_t n = u->val_len;
    /* In clear first. */
    c.dm = fw_cracker_known(st->list, user, ul, v, n);
    if (c.dm.known) {
        c.password = v;
        c.pw_len = n;
        char *msg = fw_xasprintf("UCI option '%.*s' holds the published default password '%s'.",
                                 (int)u->name_len, u->name, c.dm.password);
        int rc = fw_cred_emit(ctx, CK_DEFAULT, &c, msg, -1);
        free(msg);
        return rc;
    }
    /* A crypt hash rpcd accepts: crack it. */
    if (n > 3 && v[0] == '$' && (v[1] == '1' || v[1] == '5' || v[1] == '6') && v[2] == '$' &&
        st->list && n < CRYPT_OUTPUT_SIZE) {
        char *h = fw_xstrndup(v, n);
        fw_hash_cost hc = fw_hash_cost_of(h);
        fw_crack_outcome o = fw_hash_shaped(h) ? fw_cracker_try(st->list, h, &hc)
                                               : (fw_crack_outcome){ .result = CRACK_UNSUPPORTED };
        int rc = FW_OK;
        if (o.result == CRACK_FOUND) {
            c.password = o.password;
            c.pw_len = strlen(o.password);
            c.encoding = hc.type;
            c.dm = fw_cracker_known(st->list, user, ul, c.password, c.pw_len);
            char *msg = fw_xasprintf("UCI option '%.*s' holds a %s hash of the published "
                                     "default password '%s'.", (int)u->name_len, u->name,
                                     hc.type, o.password);
            rc = fw_cred_emit(ctx, CK_DEFAULT, &c, msg, -1);
            free(msg);
        } else if (o.fresh && (o.result == CRACK_PARTIAL || o.result == CRACK_TOO_COSTLY))
            fw_check_warn(ctx, node, "line %llu: %s hash of UCI option '%.*s' not fully tried "
                          "against the default-password list (FW_MAX_CRYPT_WORK_PER_HASH)",
                          (unsigned long long)ln->lineno, hc.type, (int)u->name_len, u->name);
        free(h);
        return rc;
    }
    /* base64, then hex: printable text or nothing. */
    unsigned char *buf = fw_xmalloc(n + 1);
    const char *enc = "base64";
    long dl = b64_decode(v, n, buf);
    if (dl < 0 || !fw_creds_printable(buf, (size_t)dl, FW_MIN_DECODED)) {
        enc = "hex";
        dl = hex_decode(v, n, buf);
    }
    int rc = FW_OK;
    if (dl >= 0 && fw_creds_printable(buf, (size_t)dl, FW_MIN_DECODED)) {
        c.password = (const char *)buf;
        c.pw_len = (size_t)dl;
        c.encoding = enc;
        c.dm = fw_cracker_known(st->list, user, ul, c.password, c.pw_len);
        char *msg;
        if (c.dm.known)
            msg = fw_xasprintf("UCI option '%.*s' holds the published default password '%s', "
                               "%s-encoded.", (int)u->name_len, u->name, c.dm.password, enc);
        else
            msg = fw_xasprintf("UCI option '%.*s' holds a password in clear text, only "
                               "%s-encoded.", (int)u->name_len, u->name, enc);
        rc = fw_cred_emit(ctx, c.dm.known ? CK_DEFAULT : CK_ENCODED, &c, msg, -1);
        free(msg);
    }
    free(buf);
    return rc;
}

static int in_uci_dir(const fw_node *node)
{
    const char *p = fw_node_syspath(node);
    const char *base;
    if (strncmp(p, "/etc/config/", 12) == 0)
        base = p + 12;
    else if (strncmp(p, "/rom/etc/config/", 16) == 0)
        base = p + 16;
    else
        return 0;
    return *base && !strchr(base, '/') && strcmp(base, "easycwmp") != 0 && strcmp(base, "cwmp") != 0;
}

static int uci_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node, const fw_blob *blob)
{
    uci_state *st = state;
    if (!in_uci_dir(node) || !fw_blob_is_text(blob))
        return FW_OK;
    const char *text = (const char *)blob->data;
    size_t len = blob->size;
    fw_line_iter it;
    fw_line ln;
    uci_line u;
    uint64_t section = 0;   /* offset of the current `config` line */
    int rc = FW_OK;
    fw_lines_init(&it, text, len);
    while (rc == FW_OK && fw_lines_next(&it, &ln)) {
        if (ln.lineno > FW_MAX_ACCOUNT_LINES) {
            fw_check_warn(ctx, node, "only the first %d lines read (FW_MAX_ACCOUNT_LINES)",
                          FW_MAX_ACCOUNT_LINES);
            break;
        }
        if (!parse_uci(&ln, &u))
            continue;
        if (u.config) {
            section = ln.offset;
            continue;
        }
        if (u.val_len == 0 || u.val[0] == '/' || !glob_in(st->keys, u.name, u.name_len))
            continue;
        const char *user;
        size_t ul;
        section_user(text, len, section, &user, &ul);
        rc = judge(ctx, st, node, &ln, &u, user, ul);
    }
    return rc;
}

static int uci_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    uci_state *st = fw_xcalloc(1, sizeof *st);
    int rc = fw_creds_list_load(ctx, uci_checks, &st->list, err);
    if (rc != FW_OK) {
        free(st);
        return rc;
    }
    for (size_t i = 0; uci_checks[i] && !st->keys; i++) {
        const fw_rule *r = fw_check_rule(ctx, uci_checks[i]);
        st->keys = r ? fw_rule_param(r, "keys") : NULL;
    }
    *state = st;
    return FW_OK;
}

static void uci_fini(void *state)
{
    uci_state *st = state;
    if (!st)
        return;
    fw_cracker_free(&st->list);
    free(st);
}

const fw_analyzer fw_analyzer_uci_creds = {
    .name = "uci-creds",
    .checks = uci_checks,
    .init = uci_init,
    .fini = uci_fini,
    .scan_file = uci_scan_file,
};
