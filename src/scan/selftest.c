/* selftest.c: a rule's test cases, run through the same engine a scan uses. */
#include <string.h>
#include "checks/registry.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "scan/selftest.h"
#include "tree/tree.h"

static size_t findings_of(const fw_report *r, const fw_rule *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (r->findings[i]->rule == rule)
            n++;
    /* A rule bound to an evidence check (a verified update path) "matches"
     * when it produces evidence; one bound to an undecided check when the
     * check says it could not decide. */
    for (size_t i = 0; i < r->n_undecided; i++)
        if (r->undecided[i]->rule == rule)
            n++;
    for (size_t i = 0; i < r->n_evidence; i++)
        if (r->evidence[i]->rule == rule)
            n++;
    return n;
}

static int run_one(const fw_ruleset *rs, const fw_rule *rule, const fw_rule_test *t,
                   size_t *got, fw_error *err)
{
    fw_tree *tree = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(tree, "", 0);
    fw_ns_add(tree, ns, "/", FW_NODE_DIR);
    for (size_t i = 0; i < t->n_files; i++) {
        fw_node *n = fw_ns_add(tree, ns, t->files[i].path, FW_NODE_FILE);
        if (!n)
            continue;
        n->data = fw_xmalloc(t->files[i].size + 1);
        memcpy(n->data, t->files[i].content, t->files[i].size);
        n->data[t->files[i].size] = '\0';
        n->size = t->files[i].size;
        n->mode = t->files[i].mode;
        if (t->files[i].raw_path)
            n->raw_name = fw_xstrdup(t->files[i].raw_path);
    }
    fw_report *r = fw_report_new();
    int rc = fw_checks_run(rs, tree, r, err);
    *got = findings_of(r, rule);
    fw_report_free(&r);
    fw_tree_free(&tree);
    return rc;
}

int fw_selftest_run(const fw_ruleset *rs, const char *only_id, int verbose,
                    FILE *out, fw_selftest_result *res)
{
    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *rule = rs->rules[i];
        if (only_id && strcmp(rule->id, only_id) != 0)
            continue;
        for (size_t j = 0; j < rule->n_tests; j++) {
            const fw_rule_test *t = &rule->tests[j];
            size_t got = 0;
            fw_error err = {0};
            int rc = run_one(rs, rule, t, &got, &err);
            int ok = rc == FW_OK && (t->must_match ? got > 0 : got == 0);
            const char *kind = t->must_match ? "must-match" : "must-not-match";
            if (ok) {
                res->passed++;
                if (verbose)
                    fprintf(out, "ok   %s %s (%s:%u)\n", rule->id, kind, rule->file, t->line);
            } else {
                res->failed++;
                if (rc != FW_OK)
                    fprintf(out, "FAIL %s %s (%s:%u): %s\n", rule->id, kind, rule->file,
                            t->line, err.msg);
                else
                    fprintf(out, "FAIL %s %s (%s:%u): %zu finding%s\n", rule->id, kind,
                            rule->file, t->line, got, got == 1 ? "" : "s");
            }
        }
    }
    return FW_OK;
}
