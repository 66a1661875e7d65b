/* cracker.c: the default-password cracker (see cracker.h). Each distinct
 * hash is tried once per scan (cached in an open-addressing table) against
 * at most FW_MAX_WORDLIST_ENTRIES words, within FW_MAX_CRYPT_WORK_PER_HASH
 * per hash and FW_MAX_CRYPT_WORK_PER_SCAN per scan. */
#include <crypt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checks/accounts/cracker.h"
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

struct fw_cracker {
    char **words;       /* the wordlist of the default-password rule */
    size_t n_words;
    struct crypt_data *cd;  /* crypt_r scratch (~32 KiB), zeroed once */
    crack_slot *slots;
    size_t n_slots, cap_slots;
    uint64_t work_left; /* FW_MAX_CRYPT_WORK_PER_SCAN, spent as hashes are tried */
};


static void words_free(fw_cracker *st)
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
static int parse_wordlist(fw_cracker *st, const char *path, const char *text, size_t len,
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
        FW_XGROW(st->words, cap, st->n_words + 1);
        st->words[st->n_words++] = fw_xstrndup(ln.s, ln.len);
    }
    if (st->n_words == 0)
        return fw_error_set(err, FW_ERULE, "%s: no passwords in the wordlist", path);
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
    fw_error ferr;
    if (fw_read_file(path, FW_MAX_DATA_FILE_SIZE, &text, &len, &ferr) != FW_OK) {
        rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: cannot read wordlist %s: %s",
                          rule->file ? rule->file : "?", rule->line, rule->id, path, ferr.msg);
        goto out;
    }
    FW_CHECK(parse_wordlist(st, path, text, len, err));
out:
    free(text);
    free(path);
    return rc;
}


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
    fw_crack_outcome o = { .n_words = c->n_words };
    crack_slot *slot = slot_find(c, hash);
    if (!slot->hash) {
        slot->hash = fw_xstrdup(hash);
        slot->result = crack_run(c, hash, hc, &slot->word, &o.tried);
        c->n_slots++;
        o.fresh = 1;
    }
    o.result = slot->result;
    if (slot->result == CRACK_FOUND)
        o.password = c->words[slot->word];
    return o;
}
