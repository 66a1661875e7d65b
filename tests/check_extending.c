/* check_extending.c: the steps of doc/architecture.md "Adding things", done
 * once here through the same interfaces the shipped code uses: a new
 * analyzer (its table entry, a rule binding its check, lint knowing it, the
 * engine running it inline and on worker threads), and the tables every
 * new analyzer and renderer joins (each entry is checked, so an entry
 * added without what it needs fails here). New input formats have their
 * own table-driven suite, check_formats. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "checks/registry.h"
#include "core/xalloc.h"
#include "engine/engine.h"

/* ---- a new analyzer, as a family file in src/checks/ would define it ---- */

/* "marker": a file whose line starts with MARKER= (the check's example of
 * something only C code would see). It keeps per-scan state (files seen),
 * so it uses scan_file; a stateless twin uses match_file. */
typedef struct marker_state {
    size_t files_seen;
} marker_state;

static const char *const marker_checks[] = { "marker-line", NULL };

static int marker_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    (void)ctx;
    (void)err;
    *state = fw_xcalloc(1, sizeof(marker_state));
    return FW_OK;
}

static void marker_fini(void *state) { free(state); }

static int find_marker(fw_check_ctx *ctx, const char *check, const fw_node *node,
                       const fw_blob *blob)
{
    const char *d = (const char *)blob->data;
    for (size_t i = 0; i + 7 <= blob->size; i++) {
        if ((i == 0 || d[i - 1] == '\n') && memcmp(d + i, "MARKER=", 7) == 0) {
            fw_hit hit = { .check = check, .node = node, .line = fw_line_of(blob, i),
                           .offset = i, .message = "a marker line", .excerpt = "MARKER=...",
                           .severity = -1 };
            return fw_check_emit(ctx, &hit);
        }
    }
    return FW_OK;
}

static int marker_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node,
                            const fw_blob *blob)
{
    ((marker_state *)state)->files_seen++;
    return find_marker(ctx, "marker-line", node, blob);
}

static const fw_analyzer marker_analyzer = {
    .name = "marker",
    .checks = marker_checks,
    .init = marker_init,
    .fini = marker_fini,
    .scan_file = marker_scan_file,
};

/* The same check on the worker threads: no per-scan state. */
static int marker_match_file(fw_check_ctx *ctx, const void *state, const fw_node *node,
                             const fw_blob *blob)
{
    (void)state;
    return find_marker(ctx, "marker-line", node, blob);
}

static const fw_analyzer marker_parallel = {
    .name = "marker",
    .checks = marker_checks,
    .match_file = marker_match_file,
};

/* The rule that gives its check a meaning: requirement, severity, title. */
static const char marker_rule[] =
    "rule marker-found\n"
    "  requires MO.13\n"
    "  severity high\n"
    "  title A marker line is in the image\n"
    "  fix Remove it.\n"
    "  analyzer marker check=marker-line\n"
    "  must-match at /etc/app.conf \"a=1\\nMARKER=x\\n\"\n"
    "  must-not-match at /etc/app.conf \"# MARKER=x\\n\"\n"
    "end\n";

/* The marker rule set: findings point at its rules, so it outlives them. */
static fw_ruleset *marker_rules;
static void setup(void) { marker_rules = tu_ruleset_from(marker_rule); }
static void teardown(void) { fw_ruleset_free(&marker_rules); }

static fw_report *run_table(const fw_analyzer *const *table, fw_tree *t, unsigned jobs)
{
    fw_report *r = fw_report_new();
    fw_error err = {0};
    fw_check_opts o = { .jobs = jobs };
    ck_assert_int_eq(fw_engine_run(marker_rules, table, t, r, &o, &err), FW_OK);
    return r;
}

START_TEST(new_analyzer_reports_through_its_rule)
{
    const fw_analyzer *const table[] = { &marker_analyzer, NULL };
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/app.conf", "a=1\nb=2\nMARKER=secret\n");
    tu_add_file(t, ns, "/etc/other.conf", "# MARKER=commented\n");
    fw_report *r = run_table(table, t, 1);
    ck_assert_uint_eq(tu_count(r, "marker-found"), 1);
    const fw_finding *f = tu_get(r, "marker-found", 0);
    ck_assert_str_eq(f->path, "/etc/app.conf");
    ck_assert_uint_eq(f->line, 3);
    ck_assert(tu_names_req(f, "MO.13"));
    ck_assert_int_eq(f->severity, FW_SEV_HIGH);
    ck_assert_uint_eq(r->files_scanned, 2);
    fw_report_free(&r);
    fw_tree_free(&t);
}
END_TEST

START_TEST(new_analyzer_not_bound_by_a_rule_does_not_run)
{
    /* Without a rule naming it the engine never calls it: no state, no
     * findings (scan_file would crash on a NULL state). */
    const fw_analyzer *const table[] = { &marker_analyzer, NULL };
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/app.conf", "MARKER=secret\n");
    fw_ruleset *rs = tu_ruleset_empty();
    fw_report *r = fw_report_new();
    fw_error err = {0};
    ck_assert_int_eq(fw_engine_run(rs, table, t, r, NULL, &err), FW_OK);
    ck_assert_uint_eq(r->n_findings, 0);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    fw_tree_free(&t);
}
END_TEST

START_TEST(match_file_on_threads_gives_the_inline_report)
{
    /* Enough files for the worker pool (it starts at 64). */
    const fw_analyzer *const table[] = { &marker_parallel, NULL };
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    for (int i = 0; i < 300; i++) {
        char path[64], body[64];
        snprintf(path, sizeof path, "/etc/f%03d.conf", i);
        snprintf(body, sizeof body, i % 7 ? "x=%d\n" : "x=%d\nMARKER=%d\n", i, i);
        tu_add_file(t, ns, path, body);
    }
    fw_report *one = run_table(table, t, 1), *four = run_table(table, t, 4);
    ck_assert_uint_eq(tu_count(one, "marker-found"), 43);
    ck_assert_uint_eq(tu_count(four, "marker-found"), 43);
    for (size_t i = 0; i < 43; i++) {
        const fw_finding *a = tu_get(one, "marker-found", i), *b = tu_get(four, "marker-found", i);
        ck_assert_str_eq(a->path, b->path);
        ck_assert_uint_eq(a->line, 2);
        ck_assert_str_eq(a->fingerprint, b->fingerprint);
    }
    fw_report_free(&one);
    fw_report_free(&four);
    fw_tree_free(&t);
}
END_TEST

START_TEST(lint_knows_an_analyzer_only_from_its_vocabulary)
{
    fw_ruleset *rs = tu_ruleset_from(marker_rule);
    char **msgs = NULL;
    /* the shipped table has no "marker": lint says so */
    size_t n = fw_checks_lint(rs, &msgs);
    int unknown = 0;
    for (size_t i = 0; i < n; i++) {
        unknown |= strstr(msgs[i], "unknown analyzer marker") != NULL;
        free(msgs[i]);
    }
    free(msgs);
    ck_assert_msg(unknown, "lint did not report the unknown analyzer");
    /* with the new analyzer's names: clean; a wrong check name is caught */
    fw_rule_vocab vocab[] = { { "marker", marker_checks } };
    ck_assert_uint_eq(fw_ruleset_lint(rs, vocab, 1, &msgs), 0);
    free(msgs);
    static const char *const other[] = { "other-check", NULL };
    fw_rule_vocab wrong[] = { { "marker", other } };
    ck_assert_uint_eq(fw_ruleset_lint(rs, wrong, 1, &msgs), 1);
    ck_assert_ptr_nonnull(strstr(msgs[0], "analyzer marker has no check marker-line"));
    free(msgs[0]);
    free(msgs);
    fw_ruleset_free(&rs);
}
END_TEST

/* ---- the shipped analyzer table: what every entry needs ---- */

START_TEST(every_shipped_check_is_bound_by_a_shipped_rule)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    const fw_analyzer *const *table = fw_analyzer_table();
    ck_assert_str_eq(table[0]->name, "patterns");   /* first: on the worker threads */
    for (size_t a = 0; table[a]; a++) {
        ck_assert_ptr_eq(fw_analyzer_find(table[a]->name), table[a]);
        for (size_t c = 0; table[a]->checks && table[a]->checks[c]; c++) {
            int bound = 0;
            for (size_t i = 0; i < rs->count && !bound; i++)
                bound = rs->rules[i]->analyzer && rs->rules[i]->check &&
                        strcmp(rs->rules[i]->analyzer, table[a]->name) == 0 &&
                        strcmp(rs->rules[i]->check, table[a]->checks[c]) == 0;
            ck_assert_msg(bound, "analyzer %s check %s: no shipped rule binds it",
                          table[a]->name, table[a]->checks[c]);
        }
    }
    char **msgs = NULL;
    size_t n = fw_checks_lint(rs, &msgs);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "lint: %s\n", msgs[i]);
        free(msgs[i]);
    }
    free(msgs);
    ck_assert_uint_eq(n, 0);
    fw_ruleset_free(&rs);
}
END_TEST

/* ---- the renderer table: every entry renders, by name and extension ---- */

static fw_report *report_with_a_finding(const fw_ruleset *rs, fw_tree **t)
{
    *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(*t, "", 0);
    tu_add_file(*t, ns, "/etc/app.conf", "a=1\nMARKER=<script>x</script>\n");
    const fw_analyzer *const table[] = { &marker_analyzer, NULL };
    fw_report *r = fw_report_new();
    fw_error err = {0};
    ck_assert_int_eq(fw_engine_run(rs, table, *t, r, NULL, &err), FW_OK);
    fw_conformance_fold(r, rs, NULL);
    return r;
}

START_TEST(every_renderer_in_the_table_renders_the_finding)
{
    fw_ruleset *rs = tu_ruleset_from(marker_rule);
    fw_tree *t = NULL;
    fw_report *r = report_with_a_finding(rs, &t);
    size_t n = 0;
    const fw_report_format *formats = fw_report_formats(&n);
    char *names = fw_report_format_names();
    ck_assert_uint_ge(n, 6);
    for (size_t i = 0; i < n; i++) {
        const fw_report_format *f = &formats[i];
        ck_assert_ptr_eq(fw_report_format_find(f->name), f);
        ck_assert_ptr_nonnull(strstr(names, f->name));
        /* each extension picks it (the longest one wins overall) */
        ck_assert_msg(f->extensions[0] == '.', "%s: no extension", f->name);
        char *first = fw_xstrndup(f->extensions, strcspn(f->extensions, " "));
        char *path = fw_xasprintf("out/report%s", first);
        ck_assert_ptr_eq(fw_report_format_for_path(path), f);
        free(path);
        free(first);
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        fw_render_opts o = { 0 };
        ck_assert_int_eq(f->render(out, r, rs, &o), 0);
        fclose(out);
        ck_assert_msg(strstr(buf, "marker-found") != NULL, "%s: no rule id", f->name);
        ck_assert_msg(strstr(buf, "/etc/app.conf") != NULL, "%s: no path", f->name);
        ck_assert_msg(strstr(buf, "MO.13") != NULL, "%s: no requirement ID", f->name);
        free(buf);
    }
    free(names);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("extending");
    TCase *tc = tcase_create("analyzer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, new_analyzer_reports_through_its_rule);
    tcase_add_test(tc, new_analyzer_not_bound_by_a_rule_does_not_run);
    tcase_add_test(tc, match_file_on_threads_gives_the_inline_report);
    tcase_add_test(tc, lint_knows_an_analyzer_only_from_its_vocabulary);
    tcase_add_test(tc, every_shipped_check_is_bound_by_a_shipped_rule);
    suite_add_tcase(s, tc);
    tc = tcase_create("renderer");
    tcase_add_test(tc, every_renderer_in_the_table_renders_the_finding);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
