/* report.h: the report model every renderer reads.
 *
 * A scan fills one fw_report: the input's identity, what was unpacked, every
 * unpack error, every finding, and (after fw_conformance_fold) one status per
 * requirement ID. Renderers (text, json, ...) only read it.
 *
 * Ownership: the report owns its findings, errors and strings. Findings
 * borrow their rule from the ruleset, and results borrow their requirement
 * from its catalog, so the ruleset must outlive the report.
 * Strings in the model are raw (possibly hostile) bytes; renderers escape.
 */
#ifndef FW_REPORT_REPORT_H
#define FW_REPORT_REPORT_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include "core/digest.h"
#include "ruleset/ruleset.h"

#define FW_NO_OFFSET UINT64_MAX
#define FW_REPORT_SCHEMA_VERSION 1
#define FW_FINGERPRINT_LEN 32

/* A finding accepted by a waiver: ACTIVE suppresses it, EXPIRED does not
 * (and says so). */
typedef enum fw_waiver_state {
    FW_WAIVER_NONE = 0,
    FW_WAIVER_ACTIVE,
    FW_WAIVER_EXPIRED,
} fw_waiver_state;

/* Against a --baseline report: NEW counts, UNCHANGED does not. */
typedef enum fw_baseline_state {
    FW_BASELINE_NONE = 0,     /* no baseline given */
    FW_BASELINE_NEW,
    FW_BASELINE_UNCHANGED,
} fw_baseline_state;

typedef struct fw_detail {
    char *key;     /* "key_type", "bits", "public_key_sha256", "matched_password" */
    char *value;
} fw_detail;

/* Another place a finding's fact was seen: an identical copy of the file
 * (same size and SHA-256: a flattened symlink, libx.so / .so.0 / .so.0.0.0),
 * or another matching line of a `group file` rule in the same file. */
typedef struct fw_location {
    char *chain;
    char *path;               /* device path, as fw_finding.path */
    uint64_t line;            /* 0 = none */
    uint64_t offset;          /* FW_NO_OFFSET = none */
    char *excerpt;            /* that place's evidence (grouped lines), or NULL */
} fw_location;

struct fw_node;

typedef struct fw_finding {
    const fw_rule *rule;      /* id, requirement IDs, title, fix */
    fw_severity severity;     /* the rule's unless the check raised/lowered it */
    char *chain;              /* container chain of the namespace ("" = the input) */
    char *path;               /* the path as the device sees it: inside the detected root
                                 filesystem of the namespace ("/etc/shadow" also when the
                                 archive holds "/rootfs/etc/shadow"); the namespace path for
                                 a file outside that root (see `outside`) */
    char *root;               /* the namespace's root folder ("/rootfs"), "" when the
                                 root is the namespace's top */
    uint64_t line;            /* 1-based line in a text file, 0 = none */
    uint64_t offset;          /* byte offset of the evidence, FW_NO_OFFSET = none */
    char *message;            /* what exactly is wrong here */
    char *excerpt;            /* evidence, secrets already redacted */
    char fingerprint[FW_FINGERPRINT_LEN + 1]; /* hex; stable across releases */
    fw_detail *details;
    size_t n_details;
    /* Set after the scan by a waiver file (report/waiver.h) and a baseline
     * (report/baseline.h). A waived or unchanged finding stays in every
     * report, marked so, but fw_finding_counts() leaves it out of FAIL
     * folding, the verdict and --fail-on. */
    fw_waiver_state waiver;
    char *waiver_reason;      /* the waiver's reason, owner and expiry */
    char *waiver_owner;
    char *waiver_expires;     /* YYYY-MM-DD */
    fw_baseline_state baseline;
    /* Set by fw_report_aggregate (report/aggregate.c): the other places of
     * the same fact, sorted by path then chain then line; the finding's own
     * location is the first in that order. */
    fw_location *also;
    size_t n_also;
    /* The data flow that leads to the finding (request data from its source
     * to the sink at the finding's location), source first: each step a
     * device path and line with what happens there as its excerpt, offset
     * FW_NO_OFFSET. Empty for most findings; never part of the
     * fingerprint. */
    fw_location *flow;
    size_t n_flow;
    /* In a file outside the detected root filesystem of its input (an
     * exploit.sh beside squashfs-root/): listed apart, never counts
     * (fw_finding_counts), not folded into any requirement. */
    int outside;
    /* private, during the scan: the node the finding is in (NULL once
     * fw_report_aggregate ran: the tree is freed after it), and the hash of
     * the rule and the hit's identity without the path (which findings are
     * one fact in several files). */
    const struct fw_node *node_;
    char identity_[FW_FINGERPRINT_LEN + 1];
} fw_finding;

typedef struct fw_unpack_error {
    char *where;              /* input, container chain and entry */
    uint64_t offset;          /* in the container, FW_NO_OFFSET = unknown */
    char *message;
    int fatal;                /* 1: the container could not be read further */
} fw_unpack_error;

typedef enum fw_status {
    FW_STATUS_FAIL = 0,
    FW_STATUS_PASS,
    FW_STATUS_NEEDS_ATTESTATION,
    FW_STATUS_NOT_APPLICABLE,
    FW_STATUS_INCOMPLETE,
} fw_status;

const char *fw_status_name(fw_status s);  /* "FAIL", "PASS", "NEEDS ATTESTATION", ... */
const char *fw_status_key(fw_status s);   /* "fail", "pass", "needs_attestation", ... */

typedef struct fw_req_result {
    const fw_requirement *req;
    fw_status status;
    size_t n_findings;        /* findings that name this requirement and count */
    size_t n_accepted;        /* findings naming it that are waived or unchanged */
    size_t n_evidence;        /* positive evidence for it (see fw_report.evidence) */
    size_t n_undecided;       /* checks that could not decide it (fw_report.undecided) */
    char **rules;             /* ids of the rules that give evidence for it */
    size_t n_rules;
    char *reason;             /* one sentence: why this status */
} fw_req_result;

/* An inventory: a table some part of the scan contributes to the report
 * (image layout, services started at boot, keys, binaries). Renderers print
 * every inventory the same way; cells are raw (possibly hostile) strings. */
typedef struct fw_inventory {
    char *name;               /* machine name: "layout", "services", "keys" */
    char *title;              /* "Image layout" */
    char **columns;           /* column keys */
    size_t n_columns;
    char ***rows;             /* n_rows rows of n_columns cells; a cell may be NULL */
    size_t n_rows, cap_rows;
    char *requirement;        /* the requirement whose section lists it ("MO.1"), or NULL */
} fw_inventory;

struct fw_report;
/* phase: "unpacking" or "checking"; where: the container chain being worked
 * on (raw image bytes: escape before printing). */
typedef void (*fw_progress_fn)(const struct fw_report *r, const char *phase, const char *where,
                               void *ctx);
#define FW_PROGRESS_INTERVAL_S 0.2

/* A finding of the baseline report that this scan no longer finds. */
typedef struct fw_fixed {
    char *rule, *severity, *chain, *path, *message, *fingerprint;
    uint64_t line;            /* 0 = none */
} fw_fixed;

typedef struct fw_report {
    char *tool_version;
    char *ruleset_version;
    char *profile;            /* "all", "manufacturer", "supplier", ... */

    char *input_path;         /* as the user gave it */
    char *input_kind;         /* "directory", "archive", "file" */
    char input_sha256[FW_SHA256_HEX_LEN + 1]; /* "" for a directory */
    uint64_t input_size;      /* bytes (sum of regular files for a directory) */
    char *started_utc;        /* ISO 8601 */
    double duration_s;

    uint64_t entries;         /* nodes in the tree */
    uint64_t files_scanned;   /* regular files whose content the checks read */
    uint64_t bytes_scanned;
    uint64_t containers;      /* archives/images opened (incl. the input) */
    size_t rules_loaded;

    fw_finding **findings;
    size_t n_findings, cap_findings;
    uint64_t findings_dropped; /* past FW_MAX_FINDINGS */

    /* Positive evidence: what a check found that shows a requirement is met
     * (a verified update path, an erase routine). Same shape as a finding;
     * severity is unused. A requirement with evidence, no finding, and a
     * complete scan is PASS, also when the catalog says "partial". */
    fw_finding **evidence;
    size_t n_evidence, cap_evidence;

    /* Undecided: a check that could not see what it needs (init is a binary
     * whose starts are compiled in). A requirement its rule gives evidence
     * for cannot PASS: it NEEDS ATTESTATION, with this as the reason. */
    fw_finding **undecided;
    size_t n_undecided, cap_undecided;

    fw_inventory **inventories;
    size_t n_inventories, cap_inventories;

    fw_unpack_error *errors;
    size_t n_errors, cap_errors;
    uint64_t errors_dropped;  /* past FW_MAX_ERRORS_KEPT */
    int incomplete;           /* something could not be read: never PASS */
    size_t n_outside;         /* findings outside the image (fw_finding.outside) */
    int no_system;            /* no root file system (no /etc) anywhere in the input:
                                 a clean run judged nothing, so never PASS */
    int nothing_recognised;   /* no root file system, no container or image format and no
                                 finding: nothing was audited (an empty file or directory,
                                 random bytes): incomplete, exit 3 */

    fw_req_result *results;   /* after fw_conformance_fold, catalog order */
    size_t n_results;

    /* Progress of a long scan (the CLI's stderr line): called through
     * fw_report_progress at most every FW_PROGRESS_INTERVAL_S seconds. */
    fw_progress_fn progress;
    void *progress_ctx;
    double progress_last;     /* monotonic seconds of the last call */

    char *waivers_path;       /* --waivers FILE, or NULL */
    char *baseline_path;      /* --baseline FILE, or NULL */
    fw_fixed *fixed;          /* baseline findings no longer found */
    size_t n_fixed, cap_fixed;
} fw_report;

fw_report *fw_report_new(void);
void fw_report_free(fw_report **r);

/* Record an unpack/read problem. fatal=1 marks that the container stopped.
 * Any error marks the report incomplete. */
void fw_report_add_error(fw_report *r, const char *where, uint64_t offset,
                         int fatal, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Takes ownership of e (positive evidence). */
void fw_report_add_evidence(fw_report *r, fw_finding *e);
/* Takes ownership of u (a check that could not decide). */
void fw_report_add_undecided(fw_report *r, fw_finding *u);

/* The inventory called name, created with these columns (NULL-terminated)
 * on first use; later calls return the same one (columns ignored). */
fw_inventory *fw_report_inventory(fw_report *r, const char *name, const char *title,
                                  const char *const *columns);
/* Append a row: exactly inv->n_columns cells (NULL allowed), copied. Rows
 * past FW_MAX_INVENTORY_ROWS are dropped. */
void fw_inventory_add_row(fw_inventory *inv, const char *const *cells);
/* List inv in the section of requirement id as well (the MO.1 section shows
 * the listeners: the network-exposed surface). */
void fw_inventory_set_requirement(fw_inventory *inv, const char *id);
/* The inventory called name, or NULL. */
const fw_inventory *fw_report_find_inventory(const fw_report *r, const char *name);

/* Tell r->progress (if set) where the scan is, at most every
 * FW_PROGRESS_INTERVAL_S; cheap enough to call once per file. */
void fw_report_progress(fw_report *r, const char *phase, const char *where);

/* Drop the per-requirement results (before folding again). */
void fw_report_clear_results(fw_report *r);

/* Takes ownership of f. Drops (and counts) past FW_MAX_FINDINGS. */
void fw_report_add_finding(fw_report *r, fw_finding *f);
/* Free *f (a finding not handed to a report) and set *f to NULL. */
void fw_finding_free(fw_finding **f);
void fw_finding_add_detail(fw_finding *f, const char *key, const char *value);
/* The fingerprint of a finding of rule_id at path (a device path; NULL =
 * none: the identity alone, for fw_finding.identity_) with identity (what
 * makes the hit unique): FW_FINGERPRINT_LEN hex digits into out. */
void fw_finding_fingerprint(char out[FW_FINGERPRINT_LEN + 1], const char *rule_id,
                            const char *path, const char *identity);

/* One fact, one finding (aggregate.c; the scan calls it while its tree is
 * alive, before fw_report_sort):
 * - marks findings in files outside the detected root filesystem of their
 *   input as `outside` and counts them (r->n_outside);
 * - merges the findings of a `group file` rule in one file into one, at
 *   its first line, the other lines in `also`;
 * - merges findings of one rule with the same identity in files whose
 *   content is identical (size, then SHA-256, computed only for files that
 *   collide on rule and identity) into one, the other copies in `also`.
 * The kept location (and so the fingerprint) is the first in sorted order
 * (path, chain, line), so traversal order never shows. Clears node_. */
struct fw_tree;
void fw_report_aggregate(fw_report *r, const struct fw_tree *tree);

/* Sort findings into a deterministic order (severity desc, rule, chain,
 * path, line, offset) so two runs give byte-identical reports. */
void fw_report_sort(fw_report *r);

/* Does f count against the image: judged by the profile and not accepted
 * (fw_finding_accepted)? Only such findings
 * fail requirements, make the verdict FAIL and trip --fail-on. */
int fw_finding_counts(const fw_report *r, const fw_finding *f);
/* Is f accepted: an active waiver, or UNCHANGED against the baseline and not
 * under an expired waiver (an expired waiver makes it count again)? */
int fw_finding_accepted(const fw_finding *f);
const char *fw_waiver_state_key(fw_waiver_state s);     /* "", "waived", "expired" */
const char *fw_baseline_state_key(fw_baseline_state s); /* "", "new", "unchanged" */

/* Count findings at or above a severity, among those the report judges:
 * after fw_conformance_fold with a profile narrower than "all", findings
 * that name only NOT APPLICABLE requirements are not counted, so the exit
 * code agrees with the verdict the report prints. */
size_t fw_report_count_at_least(const fw_report *r, fw_severity s);

/* Profiles: which requirement IDs a report judges. */
typedef struct fw_profile {
    const char *name;
    const char *description;
    int stakeholders[8];   /* stakeholder numbers judged (0-terminated); {0} = all */
    /* A requirement this profile folds from others' results (the supplier's
     * HO.1 rests on the device evidence MO.14, MO.13, MO.1, MO.2), or NULL. */
    const char *derived;
    const char *derived_from[8];   /* NULL-terminated */
} fw_profile;
/* NULL name = "all"; an unknown name = NULL. */
const fw_profile *fw_profile_find(const char *name);
const fw_profile *fw_profiles(size_t *n);

/* Fold findings into one status per catalog requirement (see
 * doc/report-format.md "Statuses"). p NULL = "all"; sets r->profile to its
 * name. Folding again replaces the previous results. */
void fw_conformance_fold(fw_report *r, const fw_ruleset *rs, const fw_profile *p);

/* Is f judged by the folded profile, i.e. does it name at least one
 * requirement that is not NOT APPLICABLE? 1 for every finding before a fold. */
int fw_finding_in_profile(const fw_report *r, const fw_finding *f);

/* The report's overall verdict: FW_STATUS_INCOMPLETE whenever part of the
 * input could not be read (never PASS then), else FW_STATUS_FAIL if any
 * judged finding, else FW_STATUS_PASS. */
fw_status fw_report_verdict(const fw_report *r);

/* Renderers. Each writes the whole report to `out`; returns 0, or -1 if a
 * write failed (the caller checks ferror too). */
typedef struct fw_render_opts {
    int color;              /* ANSI colours (text only) */
    int verbose;            /* text: reasons, attestation notes, every inventory */
    const char *only_inventory; /* text: print just this inventory ("services") */
} fw_render_opts;

/* Escape text a check composed (message, excerpt) for output: like
 * fw_escape, but a backslash is kept as it is, because such text is often
 * escaped already (fw_excerpt_redacted) and escaping twice must change
 * nothing. New string; NULL gives "". */
char *fw_report_escaped_text(const char *s);

int fw_render_text(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o);
int fw_render_json(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o);
int fw_render_sarif(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o);
int fw_render_junit(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o);
int fw_render_html(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o);
int fw_render_markdown(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o);

/* The renderer table: format name -> renderer (one file per format). */
typedef int (*fw_renderer)(FILE *, const fw_report *, const fw_ruleset *, const fw_render_opts *);
typedef struct fw_report_format {
    const char *name;         /* "sarif" */
    const char *extensions;   /* ".sarif .sarif.json" (blank-separated) */
    fw_renderer render;
    const char *aliases;      /* other names --format takes ("md"), blank-separated, or "" */
} fw_report_format;
/* By name or alias; NULL if unknown. */
const fw_report_format *fw_report_format_find(const char *name);
/* By the output path's extension; NULL if none fits. */
const fw_report_format *fw_report_format_for_path(const char *path);
/* "text, json, sarif, junit, html, markdown": the table's names, in its
 * order (new string). */
char *fw_report_format_names(void);
/* The whole table: *n entries. */
const fw_report_format *fw_report_formats(size_t *n);

/* ETSI EN 303 645: the guideline cites provisions in the numbering of the
 * earlier ETSI TS 103 645 (4.1-4.13); the published EN 303 645 (V2.1.1 and
 * later) has the same provisions at 5.1-5.13. */
typedef struct fw_etsi_provision {
    const char *cited;        /* "4.4" as the guideline writes it */
    const char *clause;       /* "5.4" in EN 303 645 */
    const char *title;        /* "Securely store sensitive security parameters" */
} fw_etsi_provision;
/* The provision the guideline cites as `cited`, or NULL. */
const fw_etsi_provision *fw_etsi_find(const char *cited);

#endif
