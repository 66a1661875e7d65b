/* cracker.c: the default-password cracker (see cracker.h). Each distinct
 * hash is tried once per scan (cached in an open-addressing table) against
 * at most FW_MAX_WORDLIST_ENTRIES words, within FW_MAX_CRYPT_WORK_PER_HASH
 * per hash and FW_MAX_CRYPT_WORK_PER_SCAN per scan. The words are the
 * union of the rule's wordlist= (Mirai and vendor additions, tried first)
 * and its credentials= list (vendor pairs, most common password first), so
 * what a costly hash's budget leaves untried is the rarest. */
#include <crypt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checks/passwords/cracker.h"
#include "core/fileio.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

/* One distinct hash seen in this scan; slots form an open-addressing table. */
typedef struct crack_slot {
    char *hash;         /* NULL: empty slot */
    fw_crack_result result;
    size_t word;        /* CRACK_FOUND: index into words */
} crack_slot;

/* One published (user, password) pair of the credentials= list. */
typedef struct cred_pair {
    char *user;         /* "" = the list's blank user, "*" = any user */
    size_t word;        /* index into words */
    char *vendors;      /* who publishes it */
} cred_pair;

struct fw_cracker {
    char **words;       /* wordlist= then credentials= passwords, distinct, in order */
    size_t n_words, cap_words;
    size_t *word_set;   /* open addressing over words: index + 1, 0 = empty */
    size_t cap_set;
    size_t n_from_wordlist; /* words[0 .. n) came from wordlist= */
    cred_pair *pairs;
    size_t n_pairs, cap_pairs;
    struct crypt_data *cd;  /* crypt_r scratch (~32 KiB), zeroed once */
    crack_slot *slots;
    size_t n_slots, cap_slots;
    uint64_t work_left; /* FW_MAX_CRYPT_WORK_PER_SCAN, spent as hashes are tried */
};


static size_t mem_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

static void words_free(fw_cracker *st)
{
    for (size_t i = 0; i < st->n_words; i++)
        free(st->words[i]);
    free(st->words);
    free(st->word_set);
    for (size_t i = 0; i < st->n_pairs; i++) {
        free(st->pairs[i].user);
        free(st->pairs[i].vendors);
    }
    free(st->pairs);
    st->words = NULL;
    st->word_set = NULL;
    st->pairs = NULL;
    st->n_words = st->n_pairs = 0;
}

/* The slot of word s (n bytes) in the word set: holds its index + 1, or 0. */
static size_t *word_slot(const fw_cracker *st, const char *s, size_t n)
{
    size_t mask = st->cap_set - 1;
    size_t i = mem_hash(s, n) & mask;
    while (st->word_set[i]) {
        const char *w = st->words[st->word_set[i] - 1];
        if (strlen(w) == n && memcmp(w, s, n) == 0)
            break;
        i = (i + 1) & mask;
    }
    return &st->word_set[i];
}

/* The index of word s, added at the end when new (the union keeps the
 * first position a password has, so the most common stay first). */
static size_t word_add(fw_cracker *st, const char *s, size_t n)
{
    if ((st->n_words + 1) * 2 > st->cap_set) {
        size_t ncap = st->cap_set ? st->cap_set * 2 : 256;
        free(st->word_set);
        st->word_set = fw_xcalloc(ncap, sizeof *st->word_set);
        st->cap_set = ncap;
        for (size_t i = 0; i < st->n_words; i++)
            *word_slot(st, st->words[i], strlen(st->words[i])) = i + 1;
    }
    size_t *slot = word_slot(st, s, n);
    if (*slot)
        return *slot - 1;
    FW_XGROW(st->words, st->cap_words, st->n_words + 1);
    st->words[st->n_words] = fw_xstrndup(s, n);
    *slot = ++st->n_words;
    return st->n_words - 1;
}

/* A password crypt(3) can take: no NUL, shorter than its maximum. */
static int word_ok(const char *s, size_t n)
{
    return n > 0 && n < CRYPT_MAX_PASSPHRASE_SIZE && !memchr(s, '\0', n);
}

/* One password per line; blank lines and lines starting with '#' are skipped.
 * Everything else is the password exactly as written (blanks included): a
 * default password may contain them. */
static int parse_wordlist(fw_cracker *st, const char *path, const char *text, size_t len,
                          fw_error *err)
{
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
        if (!word_ok(ln.s, ln.len))
            return fw_error_set(err, FW_ERULE, "%s:%llu: not a password crypt(3) can take "
                                "(NUL byte, or longer than %d bytes)", path,
                                (unsigned long long)ln.lineno, CRYPT_MAX_PASSPHRASE_SIZE - 1);
        word_add(st, ln.s, ln.len);
    }
    if (st->n_words == 0)
        return fw_error_set(err, FW_ERULE, "%s: no passwords in the wordlist", path);
    return FW_OK;
}

/* The credentials= list (rules/data/default-credentials.txt, made by
 * tools/gen-default-creds.sh): "user<TAB>password<TAB>vendors" lines. Its
 * passwords join the wordlist's after it, in its order (most common
 * first); its pairs say who publishes a password for which user. */
static int parse_credentials(fw_cracker *st, const char *path, const char *text, size_t len,
                             fw_error *err)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, text, len);
    while (fw_lines_next(&it, &ln)) {
        if (ln.len == 0 || ln.s[0] == '#')
            continue;
        const char *f[3];
        size_t fl[3];
        if (fw_split(ln.s, ln.len, '\t', f, fl, 3) != 3 || !word_ok(f[1], fl[1]))
            return fw_error_set(err, FW_ERULE, "%s:%llu: not user<TAB>password<TAB>vendors "
                                "with a password crypt(3) can take", path,
                                (unsigned long long)ln.lineno);
        if (st->n_words >= FW_MAX_WORDLIST_ENTRIES || st->n_pairs >= FW_MAX_DEFAULT_CREDENTIALS)
            return fw_error_set(err, FW_ERULE, "%s:%llu: more than %d passwords or %d pairs "
                                "(FW_MAX_WORDLIST_ENTRIES, FW_MAX_DEFAULT_CREDENTIALS)", path,
                                (unsigned long long)ln.lineno, FW_MAX_WORDLIST_ENTRIES,
                                FW_MAX_DEFAULT_CREDENTIALS);
        FW_XGROW(st->pairs, st->cap_pairs, st->n_pairs + 1);
        cred_pair *p = &st->pairs[st->n_pairs++];
        p->user = fw_xstrndup(f[0], fl[0]);
        p->word = word_add(st, f[1], fl[1]);
        p->vendors = fw_xstrndup(f[2], fl[2]);
    }
    return FW_OK;
}

static int load_data(const fw_rule *rule, const char *param, char **path, char **text,
                     size_t *len, fw_error *err)
{
    fw_error ferr;
    *path = fw_rule_param_path(rule, param);
    if (fw_read_file(*path, FW_MAX_DATA_FILE_SIZE, text, len, &ferr) != FW_OK)
        return fw_error_set(err, FW_ERULE, "%s:%u: rule %s: cannot read %s %s: %s",
                            rule->file ? rule->file : "?", rule->line, rule->id, param, *path,
                            ferr.msg);
    return FW_OK;
}

static int load_wordlist(fw_cracker *st, const fw_rule *rule, fw_error *err)
{
    char *path = fw_rule_param_path(rule, "wordlist");
    char *text = NULL;
    size_t len = 0;
    int rc = FW_OK;
    if (!path) {
        rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: check %s needs wordlist=FILE",
                          rule->file ? rule->file : "?", rule->line, rule->id, rule->check ? rule->check : "?");
        goto out;
    }
    free(path);
    FW_CHECK(load_data(rule, "wordlist", &path, &text, &len, err));
    FW_CHECK(parse_wordlist(st, path, text, len, err));
    st->n_from_wordlist = st->n_words;
    if (fw_rule_param(rule, "credentials")) {
        free(path);
        free(text);
        text = NULL;
        FW_CHECK(load_data(rule, "credentials", &path, &text, &len, err));
        FW_CHECK(parse_credentials(st, path, text, len, err));
    }
out:
    free(text);
    free(path);
    return rc;
}


static size_t str_hash(const char *s)
{
    return mem_hash(s, strlen(s));
}

/* The slot of `hash`: its cached result, or a free slot to fill. */
static crack_slot *slot_find(fw_cracker *st, const char *hash)
{
    if ((st->n_slots + 1) * 2 > st->cap_slots) {
        size_t ncap = st->cap_slots ? st->cap_slots * 2 : 64;
        crack_slot *old = st->slots;
        size_t oldcap = st->cap_slots;
        st->slots = fw_xcalloc(ncap, sizeof *st->slots);
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
static int too_costly(const fw_hash_cost *hc)
{
    return !hc->known || hc->memory > FW_MAX_CRYPT_MEMORY ||
           hc->units > FW_MAX_CRYPT_WORK_PER_HASH;
}

/* How many words the budgets allow for a hash of this cost. */
static size_t attempts_allowed(const fw_cracker *st, const fw_hash_cost *hc)
{
    uint64_t n = FW_MAX_CRYPT_WORK_PER_HASH / hc->units;
    uint64_t scan = st->work_left / hc->units;
    if (scan < n)
        n = scan;
    return n < st->n_words ? (size_t)n : st->n_words;
}

static fw_crack_result crack_run_with(fw_cracker *st, const char *hash, const fw_hash_cost *hc,
                                      fw_crack_fn fn, size_t *word, size_t *tried)
{
    *tried = 0;
    if (too_costly(hc))
        return CRACK_TOO_COSTLY;
    size_t allowed = attempts_allowed(st, hc);
    for (size_t i = 0; i < allowed; i++) {
        int m = fn(st->words[i], hash);
        st->work_left -= hc->units;
        *tried = i + 1;
        if (m < 0)
            return CRACK_UNSUPPORTED;
        if (m) {
            *word = i;
            return CRACK_FOUND;
        }
    }
    return allowed < st->n_words ? CRACK_PARTIAL : CRACK_NOT_FOUND;
}

static fw_crack_result crack_run(fw_cracker *st, const char *hash, const fw_hash_cost *hc,
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


void fw_cracker_free(fw_cracker **cp)
{
    fw_cracker *c = *cp;
    if (!c)
        return;
    words_free(c);
    for (size_t i = 0; i < c->cap_slots; i++)
        free(c->slots[i].hash);
    free(c->slots);
    free(c->cd);
    free(c);
    *cp = NULL;
}

int fw_cracker_new(fw_cracker **out, const fw_rule *rule, fw_error *err)
{
    fw_cracker *c = fw_xcalloc(1, sizeof *c);
    c->work_left = FW_MAX_CRYPT_WORK_PER_SCAN;
    int rc = load_wordlist(c, rule, err);
    if (rc != FW_OK) {
        fw_cracker_free(&c);
        return rc;
    }
    c->cd = fw_xcalloc(1, sizeof *c->cd);  /* crypt_r wants it zeroed once */
    *out = c;
    return FW_OK;
}

fw_crack_outcome fw_cracker_try(fw_cracker *c, const char *hash, const fw_hash_cost *hc)
{
    return fw_cracker_try_with(c, hash, hc, NULL);
}

fw_crack_outcome fw_cracker_try_with(fw_cracker *c, const char *hash, const fw_hash_cost *hc,
                                     fw_crack_fn fn)
{
    fw_crack_outcome o = { .n_words = c->n_words };
    crack_slot *slot = slot_find(c, hash);
    if (!slot->hash) {
        slot->hash = fw_xstrdup(hash);
        slot->result = fn ? crack_run_with(c, hash, hc, fn, &slot->word, &o.tried)
                          : crack_run(c, hash, hc, &slot->word, &o.tried);
        c->n_slots++;
        o.fresh = 1;
    }
    o.result = slot->result;
    if (slot->result == CRACK_FOUND)
        o.password = c->words[slot->word];
    return o;
}

fw_default_match fw_cracker_known(const fw_cracker *c, const char *user, size_t ul,
                                  const char *pw, size_t pl)
{
    fw_default_match m = { 0 };
    if (!c || !c->cap_set || !word_ok(pw, pl))
        return m;
    size_t idx = *word_slot(c, pw, pl);
    if (!idx)
        return m;
    m.known = 1;
    m.password = c->words[idx - 1];
    m.source = idx - 1 < c->n_from_wordlist ? "default-passwords.txt" : "default-credentials.txt";
    /* Bounded by the pairs loaded (FW_MAX_DEFAULT_CREDENTIALS), once per
     * lookup; lookups are per credential found in the image. */
    for (size_t i = 0; i < c->n_pairs; i++) {
        const cred_pair *p = &c->pairs[i];
        if (p->word != idx - 1)
            continue;
        if (!m.vendors)
            m.vendors = p->vendors;
        if (!user)
            continue;
        if (strlen(p->user) == ul && memcmp(p->user, user, ul) == 0) {
            m.pair = 1;
            m.vendors = p->vendors;
            break;
        }
        if (strcmp(p->user, "*") == 0)
            m.any_user = 1;
    }
    return m;
}

const char *fw_cracker_word(const fw_cracker *c, size_t i)
{
    return i < c->n_words ? c->words[i] : NULL;
}
