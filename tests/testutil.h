/* testutil.h: helpers shared by the Check suites.
 * TOP_SRCDIR is defined by Makefile.am (absolute source directory). */
#ifndef FW_TESTS_TESTUTIL_H
#define FW_TESTS_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include "tree/tree.h"
#include "ruleset/ruleset.h"
#include "report/report.h"

#define RULES_DIR TOP_SRCDIR "/rules"
#define CATALOG_PATH RULES_DIR "/requirements.json"

/* Add a regular file with `content` (NUL-terminated) at path in ns. */
fw_node *tu_add_file(fw_tree *t, fw_ns *ns, const char *path, const char *content);
/* Same with explicit size (binary content). */
fw_node *tu_add_bytes(fw_tree *t, fw_ns *ns, const char *path, const void *data, size_t n);
fw_node *tu_add_symlink(fw_tree *t, fw_ns *ns, const char *path, const char *target);

/* An empty ruleset with the shipped catalog (fails the test on error). */
fw_ruleset *tu_ruleset_empty(void);
/* The shipped rules/ directory. */
fw_ruleset *tu_ruleset_shipped(void);
/* An empty ruleset plus rules parsed from `text`. */
fw_ruleset *tu_ruleset_from(const char *text);

/* Run all checks of rs over t into a new report (fails the test on error). */
fw_report *tu_run_checks(const fw_ruleset *rs, fw_tree *t);

/* Findings of rule `rule_id` in r (count, and the i-th one). */
size_t tu_count(const fw_report *r, const char *rule_id);
const fw_finding *tu_get(const fw_report *r, const char *rule_id, size_t i);
/* Does finding f name requirement `req`? */
int tu_names_req(const fw_finding *f, const char *req);
/* The value of detail `key` of f, or NULL. */
const char *tu_detail(const fw_finding *f, const char *key);

/* Read a whole file into a new NUL-terminated buffer (test fails if not). */
char *tu_slurp(const char *path, size_t *len);
/* A fresh temporary directory (removed by tu_rmtree). */
char *tu_mkdtemp(void);
void tu_rmtree(const char *dir);
/* Write `content` to dir/rel, creating parent directories. */
void tu_write(const char *dir, const char *rel, const char *content);

/* Run a Check suite in fork mode and return the process exit status. */
int tu_run_suite(Suite *s);

#endif
