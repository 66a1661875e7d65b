/* prefilter.h: which pattern rules can match a file, from one pass over it.
 *
 * Every pattern rule gets, when its PCRE2 source allows it, a set of
 * "required literals": strings one of which (compared ASCII-case-blind) is
 * in every text the pattern can match (gitleaks calls them keywords;
 * ripgrep derives them the same way). One Aho-Corasick pass over a file
 * finds which of all rules' literals occur; a rule none of whose literals
 * occur cannot match, and its pattern is not run. A rule the deriver cannot
 * read (back-references, (?x), verbs, ...) or whose literals would be too
 * short gets none and always runs: the prefilter only ever skips work that
 * would find nothing.
 *
 * Ownership: fw_prefilter_new returns an object the caller frees with
 * fw_prefilter_free; it borrows nothing from the ruleset after it returns.
 * A built prefilter is read-only: threads may share it (scan state is in
 * the caller's `may` array).
 */
#ifndef FW_CHECKS_PATTERNS_PREFILTER_H
#define FW_CHECKS_PATTERNS_PREFILTER_H

#include <stddef.h>
#include "ruleset/ruleset.h"

typedef struct fw_prefilter fw_prefilter;

/* Literals shorter than this make no prefilter (the rule always runs). */
#define FW_PREFILTER_MIN_LITERAL 3

/* The required literals of a PCRE2 pattern, lower-cased: every match
 * contains one of them, ignoring ASCII case. Returns how many (*out is a
 * new array of new strings; caller frees), or 0 when none can be derived
 * (then *out is NULL and the rule must always run). */
size_t fw_pattern_literals(const char *pattern, char ***out);

/* A prefilter for every pattern rule of rs; NULL when no rule has
 * literals (nothing to skip). */
fw_prefilter *fw_prefilter_new(const fw_ruleset *rs);
void fw_prefilter_free(fw_prefilter **pf);

/* Does rule i of the ruleset have literals (can the prefilter skip it)? */
int fw_prefilter_covers(const fw_prefilter *pf, size_t rule_index);

/* One pass over data: may[i] is set to 1 for each rule i with literals one
 * of which occurs in data, 0 for the other rules with literals, and left
 * alone for rules without literals. may has room for every rule. */
void fw_prefilter_scan(const fw_prefilter *pf, const unsigned char *data, size_t len,
                       unsigned char *may);

#endif
