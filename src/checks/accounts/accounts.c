/* accounts.c: the "accounts" analyzer: login accounts in /etc/passwd and
 * /etc/shadow of every namespace.
 *
 * Checks (bound by rules/accounts.rules):
 *   empty-password    an account logs in without a password (MO.2, MO.4)
 *   uid0-account      an account other than root has user ID 0 and can log in
 *   default-password  a password hash cracks against the rule's wordlist of
 *                     publicly known defaults (Mirai's list, vendor defaults)
 *
 * Which password field counts: the one login reads. BusyBox login and
 * pam_unix take /etc/passwd field 2 and look in /etc/shadow only when it is
 * "x" (BusyBox also for a lone "*", pam_unix for "##name"); any other passwd
 * field, empty included, is the password even when shadow has an entry. A
 * shadow entry without a passwd entry is judged on its own: images often
 * build /etc/passwd at boot (DVRF links it to /tmp/passwd), and a shipped
 * default credential is a defect wherever it sits. When a name appears twice
 * in a file, only its first line counts, as getpwnam/getspnam do.
 *
 * Locked: a field starting with '*' or '!' ("*", "!!", "!$6$...", "*LK*")
 * is never a finding, nor is a field crypt(3) does not accept as a hash at
 * all ("x" in shadow, "NP"): no password produces it.
 *
 * Shells: a non-login shell (/sbin/nologin, /bin/false) excuses nothing, in
 * any of the three checks. The password still opens FTP, Samba, web UIs and
 * `su -s` that check it through crypt(3) or PAM without starting the shell,
 * and BusyBox images often do not ship the nologin binary they name. The
 * shell is given as a detail for the reader.
 *
 * Cracking (cracker.c, crypt_cost.c): each distinct hash is tried once per
 * scan against the rule's wordlist, within a work budget estimated from the
 * hash's own cost parameters, so a hostile "$6$rounds=999999999$" cannot
 * stall the scan. What the budget leaves untried is reported here as a read
 * problem, so the scan is marked incomplete rather than silently passing.
 */
#include <crypt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "checks/passwords/cracker.h"
#include "core/escape.h"
#include "core/limits.h"
#include "core/fileio.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_EMPTY   "empty-password"
#define CK_UID0    "uid0-account"
#define CK_DEFAULT "default-password"

static const char *const accounts_checks[] = { CK_EMPTY, CK_UID0, CK_DEFAULT, NULL };

/* ---- per-scan state ---------------------------------------------------- */

typedef struct acct_state {
    fw_cracker *cracker;    /* NULL when no rule binds default-password */
} acct_state;

/* ---- one parsed file --------------------------------------------------- */

/* One account line; all pointers point into the file's blob. */
typedef struct acct_rec {
    const char *line;
    size_t len;
    uint64_t lineno;
    uint64_t offset;     /* of the line in the file */
    const char *name;
    size_t name_len;
    size_t pw_s, pw_e;   /* field 2 as [start, end) offsets in line */
    int uid0;            /* passwd: field 3 is user ID 0 */
    const char *shell;   /* passwd: field 7, or NULL */
    size_t shell_len;
    size_t idx;          /* position in the file: ties in the name order */
} acct_rec;

typedef struct acct_file {
    const char *what;    /* "/etc/passwd", "/etc/shadow" */
    const fw_node *node; /* NULL: absent, dangling or unreadable */
    fw_blob blob;
    acct_rec *recs;
    size_t n, cap;
    acct_rec **by_name;  /* sorted by (name, idx) for lookups */
} acct_file;

/* ---- cracking ---------------------------------------------------------- */

/* Why a hash was not fully tested goes into the report (scan incomplete):
 * a default password may hide behind it. */
static void crack_warn(fw_check_ctx *ctx, const fw_node *node, const acct_rec *r,
                       const fw_hash_cost *hc, const fw_crack_outcome *o)
{
    int nl = (int)r->name_len;
    fw_crack_result res = o->result;
    if (res == CRACK_TOO_COSTLY)
        fw_check_warn(ctx, node, "line %llu: password hash of account '%.*s' (%s) not tried "
                      "against the default-password list: %s",
                      (unsigned long long)r->lineno, nl, r->name, hc->type,
                      !hc->known ? "its cost parameters cannot be read"
                      : hc->memory > FW_MAX_CRYPT_MEMORY
                          ? "one attempt needs more memory than FW_MAX_CRYPT_MEMORY"
                          : "one attempt costs more than FW_MAX_CRYPT_WORK_PER_HASH");
    else if (res == CRACK_PARTIAL)
        fw_check_warn(ctx, node, "line %llu: password hash of account '%.*s' (%s) tried "
                      "against only %zu of %zu default passwords (FW_MAX_CRYPT_WORK_PER_HASH, "
                      "FW_MAX_CRYPT_WORK_PER_SCAN)", (unsigned long long)r->lineno, nl,
                      r->name, hc->type, o->tried, o->n_words);
    else if (res == CRACK_UNSUPPORTED)
        fw_check_warn(ctx, node, "line %llu: crypt(3) cannot evaluate the password hash of "
                      "account '%.*s' (%s); not tried against the default-password list",
                      (unsigned long long)r->lineno, nl, r->name, hc->type);
}

/* The result for `hash`, cracked on first sight; what the budget left
 * untried is reported once, where the hash was first seen. */
static fw_crack_outcome crack(fw_check_ctx *ctx, acct_state *st, const fw_node *node,
                           const acct_rec *r, const char *hash, const fw_hash_cost *hc)
{
    fw_crack_outcome o = fw_cracker_try(st->cracker, hash, hc);
    if (o.fresh)
        crack_warn(ctx, node, r, hc, &o);
    return o;
}

/* ---- parsing passwd and shadow ----------------------------------------- */

/* User ID 0 as the C libraries read it: strtoul accepts leading blanks and
 * '+', so " 0" and "+000" are root too. */
static int is_uid0(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && s[i] == '+')
        i++;
    if (i == n)
        return 0;
    for (; i < n; i++)
        if (s[i] != '0')
            return 0;
    return 1;
}

static void parse_line(acct_file *f, const fw_line *ln, int passwd)
{
    const char *fld[7];
    size_t len[7];
    size_t nf = fw_split(ln->s, ln->len, ':', fld, len, 7);
    /* Comments; NIS compat entries ("+", "-name") are not local accounts. */
    if (nf < 2 || len[0] == 0 || fld[0][0] == '#' || fld[0][0] == '+' || fld[0][0] == '-')
        return;
    FW_XGROW(f->recs, f->cap, f->n + 1);
    acct_rec *r = &f->recs[f->n];
    memset(r, 0, sizeof *r);
    r->line = ln->s;
    r->len = ln->len;
    r->lineno = ln->lineno;
    r->offset = ln->offset;
    r->name = fld[0];
    r->name_len = len[0];
    r->pw_s = (size_t)(fld[1] - ln->s);
    r->pw_e = r->pw_s + len[1];
    if (passwd && nf >= 3)
        r->uid0 = is_uid0(fld[2], len[2]);
    if (passwd && nf >= 7) {
        r->shell = fld[6];
        r->shell_len = len[6];
    }
    r->idx = f->n++;
}

static int rec_cmp(const void *a, const void *b)
{
    const acct_rec *x = *(acct_rec *const *)a, *y = *(acct_rec *const *)b;
    size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int c = memcmp(x->name, y->name, n);
    if (c)
        return c;
    if (x->name_len != y->name_len)
        return x->name_len < y->name_len ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void parse_file(fw_check_ctx *ctx, acct_file *f, int passwd)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, f->blob.data, f->blob.size);
    while (fw_lines_next(&it, &ln)) {
        if (ln.lineno > FW_MAX_ACCOUNT_LINES) {
            fw_check_warn(ctx, f->node, "only the first %d lines of %s read "
                          "(FW_MAX_ACCOUNT_LINES)", FW_MAX_ACCOUNT_LINES, f->what);
            break;
        }
        parse_line(f, &ln, passwd);
    }
    f->by_name = fw_xcalloc(f->n + 1, sizeof *f->by_name);
    for (size_t i = 0; i < f->n; i++)
        f->by_name[i] = &f->recs[i];
    qsort(f->by_name, f->n, sizeof *f->by_name, rec_cmp);
}

/* The first line of f naming `r`'s account (what getpwnam/getspnam use). */
static const acct_rec *lookup(const acct_file *f, const acct_rec *r)
{
    if (!f->node || f->n == 0)
        return NULL;
    acct_rec key = { .name = r->name, .name_len = r->name_len, .idx = 0 };
    const acct_rec *kp = &key;
    size_t lo = 0, hi = f->n;
    while (lo < hi) {  /* lower bound of (name, 0) */
        size_t mid = lo + (hi - lo) / 2;
        if (rec_cmp(&f->by_name[mid], &kp) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == f->n || f->by_name[lo]->name_len != r->name_len ||
        memcmp(f->by_name[lo]->name, r->name, r->name_len) != 0)
        return NULL;
    return f->by_name[lo];
}

/* Absent or dangling (DVRF's /etc/passwd -> /tmp/passwd, made at boot):
 * nothing to judge, and nothing wrong with the image either. */
static void file_open(fw_check_ctx *ctx, const fw_ns *ns, const char *path, acct_file *f)
{
    f->what = path;
    const fw_node *n = fw_ns_resolve(ns, path);
    if (!n || (n->type != FW_NODE_FILE && n->type != FW_NODE_HARDLINK))
        return;
    fw_error err = { 0 };
    if (fw_node_open(n, &f->blob, &err) != FW_OK) {
        /* The engine already reports a regular file it cannot read; a hard
         * link it does not visit, so that one is reported here. */
        if (n->type == FW_NODE_HARDLINK)
            fw_check_warn(ctx, n, "cannot read %s: %s", path, err.msg);
        return;
    }
    f->node = n;
}

static void file_close(acct_file *f)
{
    if (f->node)
        fw_blob_close(&f->blob);
    free(f->recs);
    free(f->by_name);
    memset(f, 0, sizeof *f);
}

/* ---- judging one account ----------------------------------------------- */

typedef enum pw_kind {
    PW_EMPTY,     /* logs in without a password */
    PW_LOCKED,    /* '*' or '!' first */
    PW_NOHASH,    /* nothing crypt(3) can produce: no password opens it */
    PW_HASH,
} pw_kind;

static int field_is(const acct_rec *r, const char *s)
{
    size_t n = strlen(s);
    return r->pw_e - r->pw_s == n && memcmp(r->line + r->pw_s, s, n) == 0;
}

/* passwd field 2 sends login to /etc/shadow: "x"; a lone "*" for BusyBox;
 * "##name" for pam_unix. */
static int sends_to_shadow(const acct_rec *p)
{
    if (field_is(p, "x") || field_is(p, "*"))
        return 1;
    size_t n = p->pw_e - p->pw_s;
    return n == p->name_len + 2 && memcmp(p->line + p->pw_s, "##", 2) == 0 &&
           memcmp(p->line + p->pw_s + 2, p->name, p->name_len) == 0;
}

/* Classify field 2 of r; for PW_HASH, *hash gets a NUL-terminated copy. */
static pw_kind classify(const acct_rec *r, char **hash)
{
    const char *f = r->line + r->pw_s;
    size_t n = r->pw_e - r->pw_s;
    *hash = NULL;
    if (n == 0)
        return PW_EMPTY;
    if (f[0] == '*' || f[0] == '!')
        return PW_LOCKED;
    /* Longer than any crypt output, or with a NUL: no password gives it. */
    if (n >= CRYPT_OUTPUT_SIZE || memchr(f, '\0', n))
        return PW_NOHASH;
    char *h = fw_xstrndup(f, n);
    int usable = fw_hash_shaped(h);
#ifdef CRYPT_CHECKSALT_AVAILABLE
    usable = usable && crypt_checksalt(h) != CRYPT_SALT_INVALID;
#endif
    if (!usable) {
        free(h);
        return PW_NOHASH;
    }
    *hash = h;
    return PW_HASH;
}

/* Facts for the report: owned copies, borrowed by fw_hit. */
#define MAX_DETAILS 6

typedef struct fw_detail_set {
    fw_detail d[MAX_DETAILS];
    size_t n;
} fw_detail_set;

static void det_add(fw_detail_set *ds, const char *key, const char *value, size_t n)
{
    if (ds->n >= MAX_DETAILS || !value)
        return;
    ds->d[ds->n].key = fw_xstrdup(key);
    ds->d[ds->n].value = fw_xstrndup(value, n);
    ds->n++;
}

static void det_free(fw_detail_set *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        free(ds->d[i].key);
        free(ds->d[i].value);
    }
    ds->n = 0;
}

/* account, and the shell when the passwd line gives one */
static void det_account(fw_detail_set *ds, const acct_rec *r, const acct_rec *p)
{
    det_add(ds, "account", r->name, r->name_len);
    if (p && p->shell)
        det_add(ds, "shell", p->shell, p->shell_len);
}

/* Emit a hit on line r of node. The excerpt hides field 2 when `redact`;
 * the identity is "account:check:hash" so a finding keeps its fingerprint
 * across releases until the account or its hash changes. */
static int emit(fw_check_ctx *ctx, const char *check, const fw_node *node, const acct_rec *r,
                int redact, const char *hash, const char *message, const fw_detail_set *ds)
{
    size_t s = redact ? r->pw_s : 0, e = redact ? r->pw_e : 0;
    char *excerpt = fw_excerpt_redacted(r->line, r->len, s, e);
    char *identity = fw_xasprintf("%.*s:%s:%s", (int)r->name_len, r->name, check,
                               hash ? hash : "");
    fw_hit hit = {
        .check = check,
        .node = node,
        .line = r->lineno,
        .offset = r->offset + r->pw_s,
        .message = message,
        .excerpt = excerpt,
        .identity = identity,
        .severity = -1,
        .details = ds->d,
        .n_details = ds->n,
    };
    int rc = fw_check_emit(ctx, &hit);
    free(excerpt);
    free(identity);
    return rc;
}

static int report_empty(fw_check_ctx *ctx, const fw_node *node, const acct_rec *r,
                        const acct_rec *p)
{
    fw_detail_set ds = { .n = 0 };
    det_account(&ds, r, p);
    char *msg = fw_xasprintf("Account '%.*s' has an empty password: it logs in without one.",
                          (int)r->name_len, r->name);
    int rc = emit(ctx, CK_EMPTY, node, r, 0, NULL, msg, &ds);
    free(msg);
    det_free(&ds);
    return rc;
}

static int report_default(fw_check_ctx *ctx, acct_state *st, const fw_node *node,
                          const acct_rec *r, const acct_rec *p, const char *hash)
{
    if (!st->cracker)  /* no rule binds default-password */
        return FW_OK;
    fw_hash_cost hc = fw_hash_cost_of(hash);
    fw_crack_outcome o = crack(ctx, st, node, r, hash, &hc);
    if (o.result != CRACK_FOUND)
        return FW_OK;
    const char *word = o.password;
    fw_detail_set ds = { .n = 0 };
    det_account(&ds, r, p);
    det_add(&ds, "hash_type", hc.type, strlen(hc.type));
    /* Shown in clear on purpose: it is a published default, and the auditor
     * needs it to confirm the finding on a device. */
    det_add(&ds, "matched_password", word, strlen(word));
    fw_default_match m = fw_cracker_known(st->cracker, r->name, r->name_len, word, strlen(word));
    if (m.vendors)
        det_add(&ds, "published_by", m.vendors, strlen(m.vendors));
    char *msg = fw_xasprintf("Account '%.*s' has a publicly known default password "
                          "(from %s).", (int)r->name_len, r->name,
                          m.source ? m.source : "the default-password list");
    int rc = emit(ctx, CK_DEFAULT, node, r, 1, hash, msg, &ds);
    free(msg);
    det_free(&ds);
    return rc;
}

/* empty-password and default-password for the password field of r (in
 * node); p is the account's passwd line, if any (for the shell). */
static int judge_password(fw_check_ctx *ctx, acct_state *st, const fw_node *node,
                          const acct_rec *r, const acct_rec *p)
{
    char *hash = NULL;
    int rc = FW_OK;
    switch (classify(r, &hash)) {
    case PW_EMPTY:
        rc = report_empty(ctx, node, r, p);
        break;
    case PW_HASH:
        rc = report_default(ctx, st, node, r, p, hash);
        break;
    case PW_LOCKED:
    case PW_NOHASH:
        break;
    }
    free(hash);
    return rc;
}

/* Shadow lines login uses: the first per name, unless the account's passwd
 * line holds its own password. */
static int judge_shadow(fw_check_ctx *ctx, acct_state *st, const acct_file *pw,
                        const acct_file *sh)
{
    int rc = FW_OK;
    for (size_t i = 0; i < sh->n && rc == FW_OK; i++) {
        const acct_rec *s = &sh->recs[i];
        if (lookup(sh, s) != s)
            continue;
        const acct_rec *p = lookup(pw, s);
        if (p && !sends_to_shadow(p))
            continue;
        rc = judge_password(ctx, st, sh->node, s, p);
    }
    return rc;
}

/* uid0-account: r is a passwd line with user ID 0; pwf is the field login
 * uses (r itself, or the shadow line), NULL when there is none. */
static int judge_uid0(fw_check_ctx *ctx, const fw_node *node, const acct_rec *r,
                      const acct_rec *pwf)
{
    if (!r->uid0 || (r->name_len == 4 && memcmp(r->name, "root", 4) == 0) || !pwf)
        return FW_OK;
    char *hash = NULL;
    pw_kind k = classify(pwf, &hash);
    int rc = FW_OK;
    if (k == PW_EMPTY || k == PW_HASH) {
        fw_detail_set ds = { .n = 0 };
        det_account(&ds, r, r);
        det_add(&ds, "uid", "0", 1);
        char *msg = fw_xasprintf("Account '%.*s' has user ID 0 (full root privileges) and %s.",
                              (int)r->name_len, r->name,
                              k == PW_EMPTY ? "an empty password" : "a usable password");
        /* The evidence is this passwd line (it holds the uid); its field 2
         * is hidden when it is the password itself. */
        rc = emit(ctx, CK_UID0, node, r, pwf == r && k == PW_HASH, hash, msg, &ds);
        free(msg);
        det_free(&ds);
    }
    free(hash);
    return rc;
}

/* passwd lines: their own password fields, and uid 0 accounts. */
static int judge_passwd(fw_check_ctx *ctx, acct_state *st, const acct_file *pw,
                        const acct_file *sh)
{
    int rc = FW_OK;
    for (size_t i = 0; i < pw->n && rc == FW_OK; i++) {
        const acct_rec *p = &pw->recs[i];
        if (lookup(pw, p) != p)
            continue;
        const acct_rec *pwf = p;
        if (sends_to_shadow(p))
            pwf = lookup(sh, p);  /* "x" without a shadow line: cannot log in */
        else
            rc = judge_password(ctx, st, pw->node, p, p);
        if (rc == FW_OK)
            rc = judge_uid0(ctx, pw->node, p, pwf);
    }
    return rc;
}

/* ---- the analyzer ------------------------------------------------------ */

static void accounts_fini(void *state)
{
    acct_state *st = state;
    if (!st)
        return;
    fw_cracker_free(&st->cracker);
    free(st);
}

static int accounts_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    acct_state *st = fw_xcalloc(1, sizeof *st);
    const fw_rule *rule = fw_check_rule(ctx, CK_DEFAULT);
    if (rule) {
        int rc = fw_cracker_new(&st->cracker, rule, err);
        if (rc != FW_OK) {
            free(st);
            return rc;
        }
    }
    *state = st;
    return FW_OK;
}

static int accounts_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    acct_state *st = state;
    acct_file pw = { 0 }, sh = { 0 };
    int rc = FW_OK;
    file_open(ctx, ns, "/etc/passwd", &pw);
    file_open(ctx, ns, "/etc/shadow", &sh);
    if (sh.node && sh.node == pw.node)  /* one file linked as both: read it as passwd */
        file_close(&sh);
    if (pw.node)
        parse_file(ctx, &pw, 1);
    if (sh.node)
        parse_file(ctx, &sh, 0);
    /* One file at a time: the engine counts findings per file in a row. */
    FW_CHECK(judge_shadow(ctx, st, &pw, &sh));
    FW_CHECK(judge_passwd(ctx, st, &pw, &sh));
out:
    file_close(&pw);
    file_close(&sh);
    return rc;
}

const fw_analyzer fw_analyzer_accounts = {
    .name = "accounts",
    .checks = accounts_checks,
    .init = accounts_init,
    .fini = accounts_fini,
    .scan_ns = accounts_scan_ns,
    .scan_file = NULL,
};
