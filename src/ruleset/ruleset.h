/* ruleset.h: rules loaded from rule files, and the requirement catalog.
 *
 * A rule names one or more requirement IDs, a severity, a title, a fix, what
 * it looks at (path globs, content kind, libmagic type) and what it looks for:
 * either a PCRE2 pattern (compiled once, JIT) or an analyzer check
 * ("analyzer accounts check=empty-password"), plus its own test cases.
 * The language is documented in doc/rules.md.
 *
 * Ownership: the ruleset owns its rules, catalog and compiled patterns;
 * everything handed out is borrowed and lives until fw_ruleset_free().
 * A loaded ruleset is read-only and may be shared by threads (match data is
 * per caller).
 */
#ifndef FW_RULESET_RULESET_H
#define FW_RULESET_RULESET_H

#include <stddef.h>
#include <stdint.h>
#include "core/error.h"
#include "core/limits.h"
#include "ruleset/severity.h"
#include "ruleset/catalog.h"

typedef enum fw_content_kind {
    FW_CONTENT_ANY = 0,
    FW_CONTENT_TEXT,      /* no NUL in the first 8 KiB */
    FW_CONTENT_BINARY,
} fw_content_kind;

typedef struct fw_param {
    char *key;
    char *value;
} fw_param;

typedef struct fw_test_file {
    char *path;           /* where the content is placed in the test image */
    unsigned mode;        /* permission bits (`mode 0777`), 0644 when not given */
    char *raw_path;       /* `at` as written when it climbs out ("/../../etc/x"):
                             the entry name an archive would have stored */
    unsigned char *content;
    size_t size;
} fw_test_file;

/* A rule's own test case: one or more files placed in an empty image; the
 * rule must (or must not) report a finding on it. */
typedef struct fw_rule_test {
    int must_match;       /* 1: must-match, 0: must-not-match */
    fw_test_file *files;  /* at least one; path "/test" when the rule gave none */
    size_t n_files;
    unsigned line;        /* where the test is written */
} fw_rule_test;

typedef struct fw_rule {
    char *id;
    char *requires[FW_MAX_RULE_REQUIRES];  /* see limits.h; IDs in the catalog */
    size_t n_requires;
    /* related[i]: requires[i] was named with `also`: a finding fails it, but
     * a clean run is no evidence for it (the rule covers a corner of it). */
    unsigned char related[FW_MAX_RULE_REQUIRES];
    fw_severity severity;
    int severity_given;    /* 0: no `severity` line (medium is used; lint reports it) */
    char *title;
    char *fix;
    char **paths;          /* include globs ("**" spans directories); none = all */
    size_t n_paths;
    char **not_paths;      /* exclude globs */
    size_t n_not_paths;
    fw_content_kind content;
    char *magic;           /* libmagic description must contain this, or NULL */
    int group_file;        /* `group file`: one finding per file, every match its evidence */
    char **supersedes;     /* `supersedes ID...`: a finding of this rule on the same file
                              and line as one of these rules' is the one reported */
    size_t n_supersedes;

    /* pattern rules */
    char *pattern;         /* PCRE2 source, or NULL */
    void *code_;           /* pcre2_code *, private */
    unsigned secret_group; /* capture group holding the secret (0 = none) */
    char **reject;         /* the secret (or the match) matching one of these is not a finding */
    char **comment_prefixes; /* text files: a match on a line starting (after blanks)
                                with one of these is not a finding; default {"#"} */
    size_t n_comment_prefixes;
    size_t n_reject;
    void **reject_code_;

    /* analyzer rules */
    char *analyzer;        /* "accounts", or NULL */
    char *check;           /* "empty-password" */
    fw_param *params;
    size_t n_params;

    fw_rule_test *tests;
    size_t n_tests;

    char *file;            /* defined at file:line */
    unsigned line;
    char *dir;             /* directory of the rule file (for data paths) */
} fw_rule;

typedef struct fw_ruleset {
    fw_rule **rules;
    size_t count, cap;
    fw_catalog *catalog;
    char *version;         /* rules/VERSION of the shipped set, or "unknown" */
} fw_ruleset;

/* Creates an empty ruleset with the catalog at catalog_path. */
int fw_ruleset_new(fw_ruleset **out, const char *catalog_path, fw_error *err);
void fw_ruleset_free(fw_ruleset **rs);

/* Load every *.rules file in dir (sorted by name) into rs. On a rule-file
 * error returns FW_ERULE with err->msg "file:line: what". */
int fw_ruleset_load_dir(fw_ruleset *rs, const char *dir, fw_error *err);
int fw_ruleset_load_file(fw_ruleset *rs, const char *path, fw_error *err);
/* Parse rules from memory (tests); `name` is used in messages. */
int fw_ruleset_load_string(fw_ruleset *rs, const char *name, const char *text, fw_error *err);

/* What rule files may name after `analyzer`: each analyzer's name and its
 * check names (NULL-terminated; NULL for none). The rule language knows no
 * analyzer itself: the caller says which exist (src/checks/registry.h's
 * fw_checks_lint passes the shipped ones). */
typedef struct fw_rule_vocab {
    const char *analyzer;
    const char *const *checks;
} fw_rule_vocab;

/* Lint: every problem found, one "file:line: message" per entry in *msgs
 * (caller frees each and the array). Returns the number of problems. Checks
 * unknown requirement IDs, duplicate ids, patterns that do not compile,
 * analyzer/check names not in vocab[0..n_vocab), rules without tests of
 * both kinds, missing fields. */
size_t fw_ruleset_lint(const fw_ruleset *rs, const fw_rule_vocab *vocab, size_t n_vocab,
                       char ***msgs);

const fw_rule *fw_ruleset_find(const fw_ruleset *rs, const char *id);
/* The value of param `key` of rule r, or NULL. */
const char *fw_rule_param(const fw_rule *r, const char *key);
/* A data-file param resolved against the rule file's directory; new string. */
char *fw_rule_param_path(const fw_rule *r, const char *key);

/* Does path p match rule r's path filters? (globs, "**" = any depth) */
int fw_rule_path_matches(const fw_rule *r, const char *path);
/* Glob match: '*' any run without '/', '**' any run, '?' one char, [..] sets. */
int fw_glob_match(const char *glob, const char *path);

#endif
