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
 * Cracking: each distinct hash is tried once per scan (cached) against at
 * most FW_MAX_WORDLIST_ENTRIES words, within a work budget estimated from
 * the hash's own cost parameters (limits.h, FW_MAX_CRYPT_*), so that a
 * hostile "$6$rounds=999999999$" or a 1 GiB yescrypt cannot stall the scan.
 * What the budget leaves untried is reported as a read problem, so the scan
 * is marked incomplete rather than silently passing.
 */
#include <crypt.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/check.h"
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

typedef enum crack_result {
    CRACK_NOT_FOUND,    /* every word tried, none matched */
    CRACK_FOUND,        /* words[word] matched */
    CRACK_PARTIAL,      /* the budget stopped it before the last word */
    CRACK_TOO_COSTLY,   /* parameters beyond FW_MAX_CRYPT_*: nothing tried */
    CRACK_UNSUPPORTED,  /* crypt(3) refused the hash */
} crack_result;

/* One distinct hash seen in this scan; slots form an open-addressing table. */
typedef struct crack_slot {
    char *hash;         /* NULL: empty slot */
    crack_result result;
    size_t word;        /* CRACK_FOUND: index into words */
} crack_slot;

typedef struct acct_state {
    char **words;       /* the wordlist of the default-password rule */
    size_t n_words;
    struct crypt_data *cd;  /* crypt_r scratch (~32 KiB), zeroed once */
    crack_slot *slots;
    size_t n_slots, cap_slots;
    uint64_t work_left; /* FW_MAX_CRYPT_WORK_PER_SCAN, spent as hashes are tried */
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

/* ---- wordlist ---------------------------------------------------------- */

static void words_free(acct_state *st)
{
    for (size_t i = 0; i < st->n_words; i++)
        free(st->words[i]);
    free(st->words);
    st->words = NULL;
    st->n_words = 0;
}

/* One password per line; blank lines and lines starting with '#' are skipped.
 * Everything else is the password exactly as written (blanks included): a
 * default password may contain them. */
static int parse_wordlist(acct_state *st, const char *path, const char *text, size_t len,
                          fw_error *err)
{
    size_t cap = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, text, len);
    while (fw_lines_next(&it, &ln)) {
        if (ln.len == 0 || ln.s[0] == '#')
            continue;
        if (st->n_words >= FW_MAX_WORDLIST_ENTRIES)
            return fw_error_set(err, FW_ERULE, "%s:%llu: more than %d passwords "
                                "(FW_MAX_WORDLIST_ENTRIES)", path,
                                (unsigned long long)ln.lineno, FW_MAX_WORDLIST_ENTRIES);
        if (ln.len >= CRYPT_MAX_PASSPHRASE_SIZE || memchr(ln.s, '\0', ln.len))
            return fw_error_set(err, FW_ERULE, "%s:%llu: not a password crypt(3) can take "
                                "(NUL byte, or longer than %d bytes)", path,
                                (unsigned long long)ln.lineno, CRYPT_MAX_PASSPHRASE_SIZE - 1);
        XGROW(st->words, cap, st->n_words + 1);
        st->words[st->n_words++] = xstrndup(ln.s, ln.len);
    }
    if (st->n_words == 0)
        return fw_error_set(err, FW_ERULE, "%s: no passwords in the wordlist", path);
    return FW_OK;
}

static int load_wordlist(acct_state *st, const fw_rule *rule, fw_error *err)
{
    char *path = fw_rule_param_path(rule, "wordlist");
    char *text = NULL;
    size_t len = 0;
    int rc = FW_OK;
    if (!path) {
        rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: check %s needs wordlist=FILE",
                          rule->file ? rule->file : "?", rule->line, rule->id, CK_DEFAULT);
        goto out;
    }
    const char *why = NULL;
    if (fw_read_file(path, FW_MAX_DATA_FILE_SIZE, &text, &len, &why) != 0) {
        rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: cannot read wordlist %s: %s",
                          rule->file ? rule->file : "?", rule->line, rule->id, path, why);
        goto out;
    }
    FW_CHECK(parse_wordlist(st, path, text, len, err));
out:
    free(text);
    free(path);
    return rc;
}

/* ---- hash cost --------------------------------------------------------- */

/* What one crypt() attempt on a hash costs. */
typedef struct hash_cost {
    const char *type;   /* crypt(5) name: "md5crypt", "sha512crypt", ... */
    uint64_t units;     /* work of one attempt; one md5crypt call = 1 */
    uint64_t memory;    /* bytes one attempt allocates (scrypt, yescrypt) */
    int known;          /* 0: parameters we cannot estimate */
} hash_cost;

static const char itoa64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int a64(char c)
{
    const char *p = c ? strchr(itoa64, c) : NULL;
    return p ? (int)(p - itoa64) : -1;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

static uint64_t at_least_1(uint64_t v)
{
    return v ? v : 1;
}

/* Decimal digits at s, saturating; NULL if there are none. */
static const char *parse_dec(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        uint64_t d = (uint64_t)(*p - '0');
        v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
    }
    *out = v;
    return p == s ? NULL : p;
}

/* yescrypt's variable-length little-endian number (its decode64_uint32):
 * the first character says how many follow. NULL if malformed. */
static const char *yes_uint(const char *s, uint32_t min, uint64_t *out)
{
    int c = a64(*s++);
    if (c < 0)
        return NULL;
    uint64_t v = min;
    uint32_t start = 0, end = 47, chars = 1, bits = 0;
    while ((uint32_t)c > end) {
        v += (uint64_t)(end + 1 - start) << bits;
        start = end + 1;
        end = start + (62 - end) / 2;
        chars++;
        bits += 6;
    }
    v += (uint64_t)((uint32_t)c - start) << bits;
    while (--chars) {
        if ((c = a64(*s++)) < 0)
            return NULL;
        bits -= 6;
        v += (uint64_t)c << bits;
    }
    *out = v;
    return s;
}

/* scrypt/yescrypt: time grows with N*r*p, memory is 128*N*r bytes. The unit
 * divisors are measured against md5crypt (yescrypt's default N=4096, r=32
 * costs about 170 md5crypt calls; scrypt's N=16384, r=32 about 1000). */
static void memory_hard_cost(hash_cost *hc, uint64_t n_log2, uint64_t r, uint64_t p,
                             uint64_t t, uint64_t divisor)
{
    if (n_log2 > 63 || r == 0 || p == 0)
        return;
    uint64_t nr = sat_mul((uint64_t)1 << n_log2, r);
    hc->memory = sat_mul(nr, 128);
    hc->units = at_least_1(sat_mul(sat_mul(nr, p), t + 1) / divisor);
    hc->known = 1;
}

/* "$y$" / "$gy$" + flavor, N_log2, r [, have, p, t] "$". Exotic options
 * (hash upgrades, ROM) are not estimated. */
static void yescrypt_cost(hash_cost *hc, const char *params)
{
    uint64_t flavor, n_log2, r, have = 0, p = 1, t = 0;
    const char *s = params;
    if (!(s = yes_uint(s, 0, &flavor)) || !(s = yes_uint(s, 1, &n_log2)) ||
        !(s = yes_uint(s, 1, &r)))
        return;
    if (*s != '$') {
        if (!(s = yes_uint(s, 1, &have)) || (have & ~(uint64_t)3))
            return;
        if ((have & 1) && !(s = yes_uint(s, 2, &p)))
            return;
        if ((have & 2) && !(s = yes_uint(s, 1, &t)))
            return;
    }
    memory_hard_cost(hc, n_log2, r, p, t, 768);
}

/* "$7$" + N_log2 (1 char) + r (5 chars) + p (5 chars), 30-bit little-endian. */
static void scrypt_cost(hash_cost *hc, const char *params)
{
    uint64_t v[2] = { 0, 0 };
    int n_log2 = a64(params[0]);
    if (n_log2 < 0)
        return;
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 5; i++) {
            int c = a64(params[1 + k * 5 + i]);
            if (c < 0)
                return;
            v[k] |= (uint64_t)c << (6 * i);
        }
    }
    memory_hard_cost(hc, (uint64_t)n_log2, v[0], v[1], 0, 512);
}

/* "$5$" / "$6$" [rounds=N$]: libxcrypt clamps N to [1000, 999999999];
 * 5000 rounds (the default) cost about 14 md5crypt calls. */
static void shacrypt_cost(hash_cost *hc, const char *params)
{
    uint64_t rounds = 5000;
    if (strncmp(params, "rounds=", 7) == 0 && !parse_dec(params + 7, &rounds))
        return;
    if (rounds < 1000)
        rounds = 1000;
    if (rounds > 999999999)
        rounds = 999999999;
    hc->units = at_least_1(rounds / 350);
    hc->known = 1;
}

/* "$2b$NN$": 2^NN Blowfish key setups; cost 5 is about 16 md5crypt calls. */
static void bcrypt_cost(hash_cost *hc, const char *params)
{
    if (params[0] < '0' || params[0] > '9' || params[1] < '0' || params[1] > '9' ||
        params[2] != '$')
        return;
    unsigned cost = (unsigned)(params[0] - '0') * 10 + (unsigned)(params[1] - '0');
    if (cost > 31)
        return;
    hc->units = at_least_1(((uint64_t)1 << cost) / 2);
    hc->known = 1;
}

/* "_" + 24-bit iteration count (4 chars) + salt: 725 iterations (the usual)
 * cost about one md5crypt call. */
static void bsdicrypt_cost(hash_cost *hc, const char *params)
{
    uint64_t count = 0;
    for (int i = 0; i < 4; i++) {
        int c = a64(params[i]);
        if (c < 0)
            return;
        count |= (uint64_t)c << (6 * i);
    }
    hc->units = at_least_1(count / 725);
    hc->known = 1;
}

/* "$sha1$N$": N HMAC-SHA1 iterations, about 150 per md5crypt call. */
static void sha1crypt_cost(hash_cost *hc, const char *params)
{
    uint64_t rounds;
    if (!parse_dec(params, &rounds))
        return;
    hc->units = at_least_1(rounds / 150);
    hc->known = 1;
}

/* "$md5$" or "$md5,rounds=N$": 4096 + N rounds, about 80 per md5crypt call. */
static void sunmd5_cost(hash_cost *hc, const char *params)
{
    uint64_t rounds = 0;
    if (strncmp(params, ",rounds=", 8) == 0 && !parse_dec(params + 8, &rounds))
        return;
    uint64_t total = rounds > UINT64_MAX - 4096 ? UINT64_MAX : rounds + 4096;
    hc->units = at_least_1(total / 80);
    hc->known = 1;
}

static void fixed_cost(hash_cost *hc, const char *params)
{
    (void)params;
    hc->units = 1;
    hc->known = 1;
}

static const struct hash_scheme {
    const char *prefix;
    const char *type;
    void (*cost)(hash_cost *hc, const char *params);
} schemes[] = {
    { "$y$", "yescrypt", yescrypt_cost },
    { "$gy$", "gost-yescrypt", yescrypt_cost },
    { "$7$", "scrypt", scrypt_cost },
    { "$6$", "sha512crypt", shacrypt_cost },
    { "$5$", "sha256crypt", shacrypt_cost },
    { "$2b$", "bcrypt", bcrypt_cost },
    { "$2a$", "bcrypt", bcrypt_cost },
    { "$2y$", "bcrypt", bcrypt_cost },
    { "$2x$", "bcrypt", bcrypt_cost },
    { "$1$", "md5crypt", fixed_cost },
    { "$sha1$", "sha1crypt", sha1crypt_cost },
    { "$md5", "sunmd5", sunmd5_cost },
    { "$3$", "nthash", fixed_cost },
    { "_", "bsdicrypt", bsdicrypt_cost },
};

/* n characters of the crypt alphabet, and nothing more. */
static int all_a64(const char *h, size_t n)
{
    if (strlen(h) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (a64(h[i]) < 0)
            return 0;
    return 1;
}

/* Traditional DES: 13 characters of the crypt alphabet. */
static int is_descrypt(const char *h)
{
    return all_a64(h, 13);
}

/* Could crypt() ever return exactly h? DES and BSDi hashes have a fixed
 * length; "$id$" hashes are left to crypt(3). This keeps a 2-character
 * field ("NP", which crypt_checksalt takes for a DES salt) from counting as
 * a usable password. */
static int hash_shaped(const char *h)
{
    return h[0] == '$' || is_descrypt(h) || (h[0] == '_' && all_a64(h + 1, 19));
}

static hash_cost hash_cost_of(const char *h)
{
    hash_cost hc = { .type = "unknown" };
    if (is_descrypt(h)) {
        hc.type = "descrypt";
        fixed_cost(&hc, h);
        return hc;
    }
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        size_t n = strlen(schemes[i].prefix);
        if (strncmp(h, schemes[i].prefix, n) == 0) {
            hc.type = schemes[i].type;
            schemes[i].cost(&hc, h + n);
            break;
        }
    }
    return hc;
}

/* ---- cracking, once per distinct hash ---------------------------------- */

static size_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

/* The slot of `hash`: its cached result, or a free slot to fill. */
static crack_slot *slot_find(acct_state *st, const char *hash)
{
    if ((st->n_slots + 1) * 2 > st->cap_slots) {
        size_t ncap = st->cap_slots ? st->cap_slots * 2 : 64;
        crack_slot *old = st->slots;
        size_t oldcap = st->cap_slots;
        st->slots = xcalloc(ncap, sizeof *st->slots);
        st->cap_slots = ncap;
        for (size_t i = 0; i < oldcap; i++) {
            if (!old[i].hash)
                continue;
            size_t j = str_hash(old[i].hash) & (ncap - 1);
            while (st->slots[j].hash)
                j = (j + 1) & (ncap - 1);
            st->slots[j] = old[i];
        }
        free(old);
    }
    size_t mask = st->cap_slots - 1;
    size_t i = str_hash(hash) & mask;
    while (st->slots[i].hash && strcmp(st->slots[i].hash, hash) != 0)
        i = (i + 1) & mask;
    return &st->slots[i];
}

/* Unknown parameters, or one attempt alone beyond the limits. */
static int too_costly(const hash_cost *hc)
{
    return !hc->known || hc->memory > FW_MAX_CRYPT_MEMORY ||
           hc->units > FW_MAX_CRYPT_WORK_PER_HASH;
}

/* How many words the budgets allow for a hash of this cost. */
static size_t attempts_allowed(const acct_state *st, const hash_cost *hc)
{
    uint64_t n = FW_MAX_CRYPT_WORK_PER_HASH / hc->units;
    uint64_t scan = st->work_left / hc->units;
    if (scan < n)
        n = scan;
    return n < st->n_words ? (size_t)n : st->n_words;
}

static crack_result crack_run(acct_state *st, const char *hash, const hash_cost *hc,
                              size_t *word, size_t *tried)
{
    *tried = 0;
    if (too_costly(hc))
        return CRACK_TOO_COSTLY;
    size_t allowed = attempts_allowed(st, hc);
    for (size_t i = 0; i < allowed; i++) {
        const char *out = crypt_r(st->words[i], hash, st->cd);
        st->work_left -= hc->units;
        *tried = i + 1;
        /* Failure is NULL or a string starting with '*' ("*0", "*1"). */
        if (!out || out[0] == '*')
            return CRACK_UNSUPPORTED;
        if (strcmp(out, hash) == 0) {
            *word = i;
            return CRACK_FOUND;
        }
    }
    return allowed < st->n_words ? CRACK_PARTIAL : CRACK_NOT_FOUND;
}

/* Why a hash was not fully tested goes into the report (scan incomplete):
 * a default password may hide behind it. */
static void crack_warn(fw_check_ctx *ctx, const acct_state *st, const fw_node *node,
                       const acct_rec *r, const hash_cost *hc, crack_result res, size_t tried)
{
    int nl = (int)r->name_len;
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
                      r->name, hc->type, tried, st->n_words);
    else if (res == CRACK_UNSUPPORTED)
        fw_check_warn(ctx, node, "line %llu: crypt(3) cannot evaluate the password hash of "
                      "account '%.*s' (%s); not tried against the default-password list",
                      (unsigned long long)r->lineno, nl, r->name, hc->type);
}

/* The cached result for `hash`, cracking it on first sight. */
static const crack_slot *crack(fw_check_ctx *ctx, acct_state *st, const fw_node *node,
                               const acct_rec *r, const char *hash, const hash_cost *hc)
{
    crack_slot *slot = slot_find(st, hash);
    if (slot->hash)
        return slot;
    size_t tried = 0;
    slot->hash = xstrdup(hash);
    slot->result = crack_run(st, hash, hc, &slot->word, &tried);
    st->n_slots++;
    crack_warn(ctx, st, node, r, hc, slot->result, tried);
    return slot;
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
    XGROW(f->recs, f->cap, f->n + 1);
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
    f->by_name = xcalloc(f->n + 1, sizeof *f->by_name);
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
    char *h = xstrndup(f, n);
    int usable = hash_shaped(h);
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

typedef struct detail_set {
    fw_detail d[MAX_DETAILS];
    size_t n;
} detail_set;

static void det_add(detail_set *ds, const char *key, const char *value, size_t n)
{
    if (ds->n >= MAX_DETAILS || !value)
        return;
    ds->d[ds->n].key = xstrdup(key);
    ds->d[ds->n].value = xstrndup(value, n);
    ds->n++;
}

static void det_free(detail_set *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        free(ds->d[i].key);
        free(ds->d[i].value);
    }
    ds->n = 0;
}

/* account, and the shell when the passwd line gives one */
static void det_account(detail_set *ds, const acct_rec *r, const acct_rec *p)
{
    det_add(ds, "account", r->name, r->name_len);
    if (p && p->shell)
        det_add(ds, "shell", p->shell, p->shell_len);
}

/* Emit a hit on line r of node. The excerpt hides field 2 when `redact`;
 * the identity is "account:check:hash" so a finding keeps its fingerprint
 * across releases until the account or its hash changes. */
static int emit(fw_check_ctx *ctx, const char *check, const fw_node *node, const acct_rec *r,
                int redact, const char *hash, const char *message, const detail_set *ds)
{
    size_t s = redact ? r->pw_s : 0, e = redact ? r->pw_e : 0;
    char *excerpt = fw_excerpt_redacted(r->line, r->len, s, e);
    char *identity = xasprintf("%.*s:%s:%s", (int)r->name_len, r->name, check,
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
    detail_set ds = { .n = 0 };
    det_account(&ds, r, p);
    char *msg = xasprintf("Account '%.*s' has an empty password: it logs in without one.",
                          (int)r->name_len, r->name);
    int rc = emit(ctx, CK_EMPTY, node, r, 0, NULL, msg, &ds);
    free(msg);
    det_free(&ds);
    return rc;
}

static int report_default(fw_check_ctx *ctx, acct_state *st, const fw_node *node,
                          const acct_rec *r, const acct_rec *p, const char *hash)
{
    if (!st->cd)  /* no rule binds default-password */
        return FW_OK;
    hash_cost hc = hash_cost_of(hash);
    const crack_slot *slot = crack(ctx, st, node, r, hash, &hc);
    if (slot->result != CRACK_FOUND)
        return FW_OK;
    const char *word = st->words[slot->word];
    detail_set ds = { .n = 0 };
    det_account(&ds, r, p);
    det_add(&ds, "hash_type", hc.type, strlen(hc.type));
    /* Shown in clear on purpose: it is a published default, and the auditor
     * needs it to confirm the finding on a device. */
    det_add(&ds, "matched_password", word, strlen(word));
    char *msg = xasprintf("Account '%.*s' has a publicly known default password "
                          "(from the default-password list).", (int)r->name_len, r->name);
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
        detail_set ds = { .n = 0 };
        det_account(&ds, r, r);
        det_add(&ds, "uid", "0", 1);
        char *msg = xasprintf("Account '%.*s' has user ID 0 (full root privileges) and %s.",
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
    words_free(st);
    for (size_t i = 0; i < st->cap_slots; i++)
        free(st->slots[i].hash);
    free(st->slots);
    free(st->cd);
    free(st);
}

static int accounts_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    acct_state *st = xcalloc(1, sizeof *st);
    st->work_left = FW_MAX_CRYPT_WORK_PER_SCAN;
    const fw_rule *rule = fw_check_rule(ctx, CK_DEFAULT);
    int rc = FW_OK;
    if (rule) {
        FW_CHECK(load_wordlist(st, rule, err));
        st->cd = xcalloc(1, sizeof *st->cd);  /* crypt_r wants it zeroed once */
    }
    *state = st;
    st = NULL;
out:
    accounts_fini(st);
    return rc;
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
