/* registry.h: the analyzers fwaudit ships, in one table, and running them.
 *
 * The table's order is the order the engine runs them in (and the order of
 * findings from one file before the report is sorted): the pattern matcher
 * first, then one analyzer per file in src/checks/<family>/.
 */
#ifndef FW_CHECKS_REGISTRY_H
#define FW_CHECKS_REGISTRY_H

#include "engine/engine.h"

/* NULL-terminated table of every shipped analyzer. */
const fw_analyzer *const *fw_analyzer_table(void);
/* The shipped analyzer called name, or NULL. */
const fw_analyzer *fw_analyzer_find(const char *name);

/* fw_engine_run with the shipped table (o: NULL for the defaults). */
int fw_checks_run(const fw_ruleset *rs, fw_tree *tree, fw_report *report, fw_error *err);
int fw_checks_run_opts(const fw_ruleset *rs, fw_tree *tree, fw_report *report,
                       const fw_check_opts *o, fw_error *err);

/* fw_ruleset_lint with the shipped analyzers' names and checks. */
size_t fw_checks_lint(const fw_ruleset *rs, char ***msgs);

#endif
