/* selftest.h: running every rule's own must-match / must-not-match cases. */
#ifndef FW_SCAN_SELFTEST_H
#define FW_SCAN_SELFTEST_H

#include <stdio.h>
#include "ruleset/ruleset.h"

typedef struct fw_selftest_result {
    size_t passed;
    size_t failed;
} fw_selftest_result;

/* Run the tests of every rule in rs (or only rule `only_id` if non-NULL).
 * Each test places its files in an empty image, runs all of rs's checks,
 * and looks for a finding of that rule. Writes one line per failure (and
 * per test when verbose) to out. */
int fw_selftest_run(const fw_ruleset *rs, const char *only_id, int verbose,
                    FILE *out, fw_selftest_result *res);

#endif
