/* accept.h: what a team has already accepted: waivers and a baseline.
 *
 * Both are applied to a report after the scan and before the final fold
 * (fw_conformance_fold): they only mark findings (fw_finding.waiver,
 * .baseline) and never remove one, so every report still lists them.
 * Formats: doc/report-format.md, "Waivers" and "Baselines". */
#ifndef FW_REPORT_ACCEPT_H
#define FW_REPORT_ACCEPT_H

#include "core/error.h"
#include "report/report.h"

typedef struct fw_waiver {
    char *fingerprint;        /* 32 hex digits: fw_finding.fingerprint */
    char *rule;               /* optional: must match the finding's rule too */
    char *reason, *owner;
    char expires[11];         /* YYYY-MM-DD, the last day it applies */
    unsigned used;            /* findings it matched in this report */
} fw_waiver;

typedef struct fw_waivers {
    fw_waiver *v;
    size_t n;
    char *path;
} fw_waivers;

/* Load a waiver file. Errors (FW_EFORMAT, FW_EIO) say "path: waivers[i]: what". */
int fw_waivers_load(fw_waivers **out, const char *path, fw_error *err);
void fw_waivers_free(fw_waivers **w);
/* Mark every finding whose fingerprint (and rule, when given) a waiver
 * names: ACTIVE when today (YYYY-MM-DD, UTC) <= expires, else EXPIRED. */
void fw_waivers_apply(fw_waivers *w, fw_report *r, const char *today);

/* Today's date in UTC, "YYYY-MM-DD" (buf of at least 11 bytes). */
void fw_today_utc(char *buf);

/* A previous fwaudit JSON report's findings, by fingerprint. */
typedef struct fw_baseline fw_baseline;
int fw_baseline_load(fw_baseline **out, const char *path, fw_error *err);
void fw_baseline_free(fw_baseline **b);
/* Mark each finding NEW or UNCHANGED, and list the baseline's findings this
 * report no longer has in r->fixed. */
void fw_baseline_apply(const fw_baseline *b, fw_report *r);

#endif
