/* analyzer.h: the analyzer interface, and how analyzers report findings.
 *
 * An analyzer is C code that looks at a tree: the pattern matcher running
 * the rule files' patterns, or code for what a pattern cannot say (parse
 * /etc/shadow and crack its hashes, parse keys with OpenSSL). It never
 * decides a finding's requirement IDs, severity, title or fix: those come
 * from the rule that binds its check ("analyzer accounts
 * check=empty-password" in a rule file), or that holds the pattern.
 * A check no enabled rule binds is not run or not reported.
 *
 * Analyzers live in src/checks/<family>/, one file each, and are listed in
 * one table (src/checks/registry.c); the engine (src/engine/engine.h) runs
 * whichever table it is given, so it knows no analyzer by name.
 *
 * Ownership: an analyzer's state is created by init() and freed by fini();
 * everything in an fw_hit is borrowed for the duration of fw_check_emit().
 */
#ifndef FW_ENGINE_ANALYZER_H
#define FW_ENGINE_ANALYZER_H

#include <stddef.h>
#include <stdint.h>
#include "tree/tree.h"
#include "ruleset/ruleset.h"
#include "report/report.h"

typedef struct fw_check_ctx fw_check_ctx;

typedef struct fw_analyzer {
    const char *name;              /* as rules name it: "accounts" */
    const char *const *checks;     /* NULL-terminated check names it emits */
    /* Optional: does the scan need this analyzer? Default: some rule of rs
     * binds it ("analyzer NAME ..."). */
    int (*wanted)(const fw_ruleset *rs);
    /* Optional: build per-scan state (read wordlists named by rule params).
     * Called once per scan, only if the analyzer is wanted. */
    int (*init)(fw_check_ctx *ctx, void **state, fw_error *err);
    void (*fini)(void *state);
    /* Optional: once per namespace (reads /etc/passwd ... by path). */
    int (*scan_ns)(fw_check_ctx *ctx, void *state, const fw_ns *ns);
    /* Optional: once per regular file with its content, on any of the
     * engine's worker threads and in any order, before scan_file sees it:
     * for work that keeps no per-scan state (the pattern matcher), so it can
     * run in parallel. `state` is shared by the threads, read-only after
     * init; the context passed is the thread's own (its libmagic handle,
     * its per-file finding counts). Findings are added in tree order. */
    int (*match_file)(fw_check_ctx *ctx, const void *state, const fw_node *node,
                      const fw_blob *blob);
    /* Optional: once per regular file with its content, in tree order, one
     * file at a time (so it may keep per-scan state). */
    int (*scan_file)(fw_check_ctx *ctx, void *state, const fw_node *node, const fw_blob *blob);
    /* Optional: once after every namespace and file was seen, before fini:
     * for what needs the whole image (the same key in several files). */
    int (*finish)(fw_check_ctx *ctx, void *state);
} fw_analyzer;

/* One step of a data flow a check followed (request data from its source
 * to a command sink): the file, the line, and what happens there (text the
 * check composed, already escaped, short). Source first, sink last. */
typedef struct fw_flow_step {
    const fw_node *node;
    uint64_t line;             /* 1-based; 0 = none */
    const char *text;
} fw_flow_step;

typedef struct fw_hit {
    const char *check;         /* the check's name, e.g. "empty-password" */
    const fw_node *node;       /* the file the evidence is in */
    uint64_t line;             /* 1-based; 0 = none (fw_line_of() derives it from an offset) */
    uint64_t offset;           /* byte offset in node's content; FW_NO_OFFSET = none */
    const char *message;       /* one sentence, specific to this hit */
    const char *excerpt;       /* evidence with secrets redacted, or NULL */
    const char *identity;      /* what makes the hit unique for the fingerprint
                                  (account name, key fingerprint); NULL = excerpt */
    int severity;              /* -1 = the rule's severity */
    const fw_detail *details;  /* key/value facts for the report, may be NULL */
    size_t n_details;
    /* Optional: the flow that leads to this hit (the finding keeps it as
     * fw_finding.flow, renderers show it; the fingerprint ignores it). */
    const fw_flow_step *flow;
    size_t n_flow;
} fw_hit;

/* Report a hit of the current analyzer's check; the rule binding the check
 * supplies requirement IDs, severity, title and fix. No-op (FW_OK) when no
 * rule binds the check. */
int fw_check_emit(fw_check_ctx *ctx, const fw_hit *hit);
/* The same for a given rule (used by the pattern matcher). */
int fw_check_emit_rule(fw_check_ctx *ctx, const fw_rule *rule, const fw_hit *hit);

/* Positive evidence that the requirements of the rule binding hit->check
 * are met (a verified update path): shown with the PASS it supports. No-op
 * when no rule binds the check. */
int fw_check_evidence(fw_check_ctx *ctx, const fw_hit *hit);

/* The check could not see what it needs to judge the requirements of the
 * rule binding hit->check (init is a binary; its starts are compiled in):
 * they cannot PASS and NEED ATTESTATION, with hit->message as the reason. */
int fw_check_undecided(fw_check_ctx *ctx, const fw_hit *hit);

/* The report being filled: for inventories (fw_report_inventory). */
fw_report *fw_check_report(fw_check_ctx *ctx);

/* The rule that binds check `check` of the current analyzer, or NULL. */
const fw_rule *fw_check_rule(const fw_check_ctx *ctx, const char *check);

/* Record a problem reading something (goes into the report's errors and
 * marks the scan incomplete). */
void fw_check_warn(fw_check_ctx *ctx, const fw_node *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The libmagic description of node's content (computed once per file). */
const char *fw_check_magic(fw_check_ctx *ctx, const fw_node *node, const fw_blob *blob);

const fw_ruleset *fw_check_ruleset(const fw_check_ctx *ctx);

/* Derived data a helper of the analyzers keeps for the rest of the scan
 * (the web routes of a namespace, computed once though every finding asks):
 * the value stored under (key, scope), or NULL. key is any address unique
 * to the helper, scope what the value describes (a namespace). The context
 * owns a stored value and frees it with release when the scan ends; past
 * FW_MAX_CHECK_CACHE values the oldest is released first (it is rebuilt if
 * asked again). Per context: a worker thread's context has its own. */
void *fw_check_cache_get(fw_check_ctx *ctx, const void *key, const void *scope);
void fw_check_cache_put(fw_check_ctx *ctx, const void *key, const void *scope, void *value,
                        void (*release)(void *));

/* Line number (1-based) of byte `offset` in blob. */
uint64_t fw_line_of(const fw_blob *blob, uint64_t offset);

/* How the checks run (the engine's options; src/engine/engine.h). Zeroed =
 * the defaults. */
typedef struct fw_check_opts {
    unsigned jobs;         /* worker threads (match_file); 0 = the cores online */
    int no_prefilter;      /* the pattern matcher runs every pattern on every
                              file: the reference the prefilter's tests and the
                              bench compare against */
} fw_check_opts;

/* The options of the scan this context belongs to. */
const fw_check_opts *fw_check_options(const fw_check_ctx *ctx);

#endif
