/* cmdpat.h: named command patterns read from a rule data file.
 *
 * The update, erase and input-validation analyzers recognise commands
 * (`usign -V`, `mtd write`, `jffs2reset`, `os.execute(`) by PCRE2 patterns
 * kept in rules/data/ (one .txt per analyzer), not in C, so a vendor's updater or reset tool
 * can be taught without a rebuild. One pattern per line:
 *
 *     CLASS  NAME  PATTERN
 *
 * CLASS says what the analyzer does with a match (write, verify, fetch,
 * erase ...), NAME is the label shown in reports (usign, mtd, nvram), and
 * PATTERN is the rest of the line, raw PCRE2. Blank lines and lines whose
 * first non-blank character is '#' are skipped.
 *
 * Ownership: a fw_cmdpat_set owns its patterns and match data; one set per
 * analyzer state (embedded in it, released with fw_cmdpat_release), never
 * shared between threads.
 */
#ifndef FW_CHECKS_SCRIPTS_CMDPAT_H
#define FW_CHECKS_SCRIPTS_CMDPAT_H

#include <stddef.h>
#include "engine/analyzer.h"

typedef struct fw_cmdpat {
    char *cls;
    char *name;
    void *code_;            /* pcre2_code * */
    unsigned line;          /* in the data file */
} fw_cmdpat;

typedef struct fw_cmdpat_set {
    fw_cmdpat *p;
    size_t n, cap;
    void *md_;              /* pcre2_match_data * */
    void *mctx_;            /* pcre2_match_context *: FW_PCRE2_* limits */
} fw_cmdpat_set;

/* A match of one pattern in a subject. */
typedef struct fw_cmdpat_hit {
    const fw_cmdpat *pat;
    size_t start, end;      /* the whole match in the subject */
    size_t g1s, g1e;        /* capture group 1, or g1s == g1e == 0 when unset */
} fw_cmdpat_hit;

/* Load the data file named by parameter `param` of the first rule that binds
 * one of `checks` of the running analyzer. A set with no patterns is valid
 * (no rule names a file); errors carry file:line. */
int fw_cmdpat_load_for(fw_check_ctx *ctx, const char *const *checks, const char *param,
                    fw_cmdpat_set *set, fw_error *err);
int fw_cmdpat_load_text(fw_cmdpat_set *set, const char *path, const char *text, size_t len,
                     fw_error *err);
void fw_cmdpat_release(fw_cmdpat_set *set);

/* The first pattern of class `cls` (by data-file order) matching subject
 * [0, n) at or after `from`, earliest match first. Returns 1 and fills *hit,
 * 0 when none matches, -1 when PCRE2 stopped at a limit (hostile input). */
int fw_cmdpat_find(fw_cmdpat_set *set, const char *cls, const char *subject, size_t n,
                size_t from, fw_cmdpat_hit *hit);

/* The same, among the patterns of class cls called name. */
int fw_cmdpat_find_named(fw_cmdpat_set *set, const char *cls, const char *name,
                      const char *subject, size_t n, size_t from, fw_cmdpat_hit *hit);

/* The bytes a hit matched, for reports: capture group 1 when the pattern
 * has one, else the whole match without the NUL bytes that delimit strings
 * in a binary (`\x00popen\x00` quotes as `popen`); at most `max` bytes,
 * escaped. Reports quote this, not the pattern's NAME: a name labels a family
 * of strings (do_upgrade stands for swSoftUpgrade too), and a reviewer
 * looking for it in the file would not find it. *off (when not NULL) is set
 * to the offset of the quoted bytes in the subject. Returns a new string. */
char *fw_cmdpat_matched(const fw_cmdpat_hit *hit, const char *subject, size_t max,
                        size_t *off);

/* Does the set hold a pattern of class cls? */
int fw_cmdpat_has_class(const fw_cmdpat_set *set, const char *cls);

#endif
