/* engine.h: run a table of analyzers over a tree.
 *
 * The engine knows no analyzer by name: it runs the NULL-terminated table
 * it is given (the shipped one is src/checks/registry.h's
 * fw_analyzer_table()), each analyzer that is wanted by the rule set.
 *
 * Order: init for each wanted analyzer, in table order; then for each
 * namespace, each analyzer's scan_ns, and for each of its regular files the
 * content opened once and handed to every match_file, then every scan_file;
 * then each finish, and fini. With more than one job, match_file runs on
 * worker threads (pool.c) while scan_ns/scan_file still see the items in
 * tree order, one at a time; the report is the same for any number of jobs.
 *
 * Ownership: the tree, rule set and table stay the caller's; findings and
 * errors are added to `report`.
 */
#ifndef FW_ENGINE_ENGINE_H
#define FW_ENGINE_ENGINE_H

#include "engine/analyzer.h"

/* Run every analyzer of `analyzers` that rs wants over tree. o may be NULL
 * (the defaults). Returns FW_OK, or the first analyzer error (err says why;
 * the pattern findings of a failed run are dropped). */
int fw_engine_run(const fw_ruleset *rs, const fw_analyzer *const *analyzers, fw_tree *tree,
                  fw_report *report, const fw_check_opts *o, fw_error *err);

#endif
