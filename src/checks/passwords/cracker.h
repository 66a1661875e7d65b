/* cracker.h: trying password hashes against a list of published default
 * passwords with crypt(3), once per distinct hash per scan, within a work
 * budget (FW_MAX_CRYPT_* in limits.h) estimated by crypt_cost.h.
 *
 * Ownership: the cracker owns its wordlist and cache; a password returned
 * by fw_cracker_try stays valid until fw_cracker_free. */
#ifndef FW_CHECKS_PASSWORDS_CRACKER_H
#define FW_CHECKS_PASSWORDS_CRACKER_H

#include <stddef.h>
#include "checks/passwords/crypt_cost.h"
#include "core/error.h"
#include "ruleset/ruleset.h"

typedef enum fw_crack_result {
    CRACK_NOT_FOUND,    /* every word tried, none matched */
    CRACK_FOUND,        /* a word matched */
    CRACK_PARTIAL,      /* the budget stopped it before the last word */
    CRACK_TOO_COSTLY,   /* parameters beyond FW_MAX_CRYPT_*: nothing tried */
    CRACK_UNSUPPORTED,  /* crypt(3) refused the hash */
} fw_crack_result;

typedef struct fw_cracker fw_cracker;

/* A cracker with the wordlist named by rule's `wordlist=` param (resolved
 * against the rule file's directory), followed by the passwords of its
 * optional `credentials=` list (user<TAB>password<TAB>vendors lines,
 * rules/data/default-credentials.txt) not already in it. Errors name the
 * rule file and line. */
int fw_cracker_new(fw_cracker **out, const fw_rule *rule, fw_error *err);
void fw_cracker_free(fw_cracker **c);   /* sets *c to NULL */

typedef struct fw_crack_outcome {
    fw_crack_result result;
    const char *password;   /* CRACK_FOUND: the matching word */
    int fresh;              /* 1: first time this hash was seen (tried now) */
    size_t tried;           /* fresh: words tried */
    size_t n_words;         /* words in the list */
} fw_crack_outcome;

/* The result for hash (of cost hc), cracking it on first sight. */
fw_crack_outcome fw_cracker_try(fw_cracker *c, const char *hash, const fw_hash_cost *hc);

/* A scheme crypt(3) does not know ($apr1$, {SHA}): 1 when word gives
 * hash, 0 when not, -1 when hash is not of the scheme. */
typedef int (*fw_crack_fn)(const char *word, const char *hash);
/* fw_cracker_try with fn computing the hash; hc->units is what one call
 * costs (the same budgets, the same cache). fn NULL: crypt(3). */
fw_crack_outcome fw_cracker_try_with(fw_cracker *c, const char *hash, const fw_hash_cost *hc,
                                     fw_crack_fn fn);

/* Is a password found in clear in the image a published default? */
typedef struct fw_default_match {
    int known;              /* pw is in the wordlist or the credentials list */
    int pair;               /* (user, pw) is a published pair, for that user name */
    int any_user;           /* pw is published for "any user" ("*") */
    const char *password;   /* the list's copy of pw */
    const char *vendors;    /* who publishes it (credentials list), or NULL */
    const char *source;     /* "default-passwords.txt" or "default-credentials.txt" */
} fw_default_match;

/* Look pw (pl bytes) up, and with it the pair (user, pw); user may be NULL.
 * Borrowed strings live until fw_cracker_free. c may be NULL (no list). */
fw_default_match fw_cracker_known(const fw_cracker *c, const char *user, size_t ul,
                                  const char *pw, size_t pl);
/* Word i of the union list, or NULL past its end. */
const char *fw_cracker_word(const fw_cracker *c, size_t i);

#endif
