/* scanner.h: one scan, input to report.
 *
 *   input -> unpack (tree) -> checks (rules + analyzers) -> conformance -> report
 *
 * The scanner holds no global state: two scans in one process are
 * independent. The report always exists after fw_scan returns (even when the
 * input could not be read: then it says so and is incomplete).
 */
#ifndef FW_SCAN_SCANNER_H
#define FW_SCAN_SCANNER_H

#include "core/limits.h"
#include "report/report.h"
#include "engine/analyzer.h"
#include "ruleset/ruleset.h"

typedef struct fw_scan_opts {
    fw_limits limits;
    fw_check_opts checks;         /* --jobs, --no-prefilter */
    const fw_profile *profile;    /* NULL = "all" */
    /* Optional progress callback (report.h fw_progress_fn), rate-limited by
     * fw_report_progress; the CLI draws its stderr progress line with it. */
    fw_progress_fn progress;
    void *progress_ctx;
} fw_scan_opts;

void fw_scan_opts_default(fw_scan_opts *o);

/* Scan `path` with rs. *out receives the report (caller frees). Returns
 * FW_OK when the scan ran (the report may still be incomplete), or an error
 * when the checks themselves failed (err says why). */
int fw_scan(const fw_ruleset *rs, const char *path, const fw_scan_opts *o,
            fw_report **out, fw_error *err);

/* The tool's version string. */
const char *fw_version(void);

#endif
