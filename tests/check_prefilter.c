/* check_prefilter.c: the literal prefilter skips only work that finds
 * nothing: derived literals, the one-pass scan, and every shipped rule's
 * own test cases giving the same findings with and without it. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "checks/registry.h"
#include "checks/patterns/prefilter.h"

/* All checks of rs over t with engine options o (tu_run_checks uses the
 * defaults: the prefilter on, jobs = the cores online). */
static fw_report *run_with(const fw_ruleset *rs, fw_tree *t, const fw_check_opts *o)
{
    fw_report *r = fw_report_new();
    fw_error err = {0};
    ck_assert_int_eq(fw_checks_run_opts(rs, t, r, o, &err), FW_OK);
    fw_report_aggregate(r, t);   /* as tu_run_checks and a scan do */
    fw_report_sort(r);
    return r;
}

/* Literals of pattern, sorted and joined with ',' ("" when none). */
static char *lits_of(const char *pattern)
{
    char **v;
    size_t n = fw_pattern_literals(pattern, &v);
    for (size_t i = 0; i < n; i++)          /* sort for a stable expectation */
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(v[j], v[i]) < 0) {
                char *t = v[i];
                v[i] = v[j];
                v[j] = t;
            }
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 1;
    char *s = calloc(1, len);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, ",");
        strcat(s, v[i]);
        free(v[i]);
    }
    free(v);
    return s;
}

#define EXPECT_LITS(pat, want) do { \
        char *got_ = lits_of(pat); \
        ck_assert_msg(strcmp(got_, want) == 0, "%s: got \"%s\", want \"%s\"", pat, got_, want); \
        free(got_); \
    } while (0)

START_TEST(test_literals_of_shipped_shapes)
{
    /* token prefixes, through lookarounds and groups */
    EXPECT_LITS("(?<![A-Za-z0-9/+])((?:AKIA|ASIA)[A-Z2-7]{16})(?![A-Za-z0-9/+])", "akia,asia");
    /* (?i) needs no care: literals are matched case-blind */
    EXPECT_LITS("(?i)^[ \\t]*PermitRootLogin[ \\t]+yes[ \\t]*$", "permitrootlogin");
    /* a small class is crossed into the literal */
    EXPECT_LITS("(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22})", "gho_,ghp_,ghr_,ghs_,ghu_,github_pat_");
    /* an optional part: both spellings */
    EXPECT_LITS("pass(?:word)?=", "pass=,password=");
    /* x{2} repeats exactly; \\Q..\\E is literal; escaped punctuation is itself */
    EXPECT_LITS("(?:ab){2}c", "ababc");
    EXPECT_LITS("\\Qa.b*c\\E", "a.b*c");
    EXPECT_LITS("https://hooks\\.slack\\.com/", "https://hooks.slack.com/");
    /* the best required part of a sequence wins (longest shortest literal) */
    EXPECT_LITS("key[0-9]+secret_value", "secret_value");
}
END_TEST

START_TEST(test_no_literals_when_unsure)
{
    /* nothing required, or too short, or syntax the reader does not know:
     * no literals, so the rule always runs */
    EXPECT_LITS("a*bc*", "");                     /* "b" is too short */
    EXPECT_LITS("(?:password)*x", "");            /* may match without "password" */
    EXPECT_LITS("foo|[0-9]+", "");                /* one branch requires nothing */
    EXPECT_LITS("(secret)\\1", "");               /* back-reference */
    EXPECT_LITS("(?x) s e c r e t", "");          /* extended syntax */
    EXPECT_LITS("(*UTF)secret", "");              /* verbs change matching */
    EXPECT_LITS("(?(1)secret|other)", "");        /* conditionals */
    EXPECT_LITS("secret{,3}", "");                /* {,n} means different things per version */
    EXPECT_LITS("[unterminated", "");
}
END_TEST

/* A ruleset of three pattern rules: scan says which may match. */
START_TEST(test_scan_marks_rules)
{
    fw_ruleset *rs = tu_ruleset_from(
        "rule t-she\n  requires MO.13\n  severity high\n  title t\n  fix f\n  pattern she[0-9]\n"
        "  must-match \"she1\"\n  must-not-match \"x\"\nend\n"
        "rule t-hers\n  requires MO.13\n  severity high\n  title t\n  fix f\n  pattern (?i)HERS\n"
        "  must-match \"hers\"\n  must-not-match \"x\"\nend\n"
        "rule t-any\n  requires MO.13\n  severity high\n  title t\n  fix f\n  pattern [0-9]+\n"
        "  must-match \"1\"\n  must-not-match \"x\"\nend\n");
    fw_prefilter *pf = fw_prefilter_new(rs);
    ck_assert_ptr_nonnull(pf);
    ck_assert(fw_prefilter_covers(pf, 0));
    ck_assert(fw_prefilter_covers(pf, 1));
    ck_assert(!fw_prefilter_covers(pf, 2));        /* no literal: always runs */
    unsigned char may[3];

    memset(may, 7, sizeof may);
    const char *a = "nothing here";
    fw_prefilter_scan(pf, (const unsigned char *)a, strlen(a), may);
    ck_assert_int_eq(may[0], 0);
    ck_assert_int_eq(may[1], 0);
    ck_assert_int_eq(may[2], 7);                   /* left alone */

    /* overlapping literals, upper case, the last literal at the very end */
    const char *b = "xSHERS";
    fw_prefilter_scan(pf, (const unsigned char *)b, strlen(b), may);
    ck_assert_int_eq(may[0], 1);
    ck_assert_int_eq(may[1], 1);

    /* NUL bytes and high bytes are just bytes */
    const unsigned char c[] = { 0, 0xff, 's', 0, 'h', 'e', 0, 's', 'h', 'e', 0xe9 };
    fw_prefilter_scan(pf, c, sizeof c, may);
    ck_assert_int_eq(may[0], 1);
    ck_assert_int_eq(may[1], 0);
    fw_prefilter_free(&pf);
    ck_assert_ptr_null(pf);
    fw_ruleset_free(&rs);
}
END_TEST

/* Findings as one comparable string: rule, path, line, offset, message. */
static char *findings_key(const fw_report *r)
{
    size_t cap = 1, len = 0;
    char *s = calloc(1, cap);
    for (size_t i = 0; i < r->n_findings; i++) {
        const fw_finding *f = r->findings[i];
        char line[1024];
        int n = snprintf(line, sizeof line, "%s %s %llu %llu %s|", f->rule->id, f->path,
                         (unsigned long long)f->line, (unsigned long long)f->offset, f->message);
        if (n < 0)
            continue;
        s = realloc(s, cap += (size_t)n);
        memcpy(s + len, line, (size_t)n);
        len += (size_t)n;
        s[len] = '\0';
    }
    return s;
}

/* Every shipped pattern rule's test cases (must-match and must-not-match),
 * each in an image of its own, with all shipped rules: the same findings
 * with and without the prefilter, and at least as many as the rule's
 * must-match cases demand. */
START_TEST(test_shipped_cases_same_findings)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    size_t cases = 0, with_findings = 0;
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *rule = rs->rules[i];
        if (!rule->pattern)
            continue;
        for (size_t t = 0; t < rule->n_tests; t++) {
            const fw_rule_test *tc = &rule->tests[t];
            fw_tree *tree = fw_tree_new();
            fw_ns *ns = fw_tree_add_ns(tree, "", 0);
            for (size_t f = 0; f < tc->n_files; f++)
                tu_add_bytes(tree, ns, tc->files[f].path, tc->files[f].content, tc->files[f].size);
            fw_check_opts reference = { .no_prefilter = 1 };
            fw_report *plain = run_with(rs, tree, &reference);
            fw_report *fast = tu_run_checks(rs, tree);
            char *a = findings_key(plain), *b = findings_key(fast);
            ck_assert_msg(strcmp(a, b) == 0, "rule %s case at line %u: without prefilter \"%s\", with \"%s\"",
                          rule->id, tc->line, a, b);
            if (tc->must_match) {
                ck_assert_msg(tu_count(fast, rule->id) > 0, "rule %s must-match at line %u: no finding",
                              rule->id, tc->line);
                with_findings++;
            }
            cases++;
            free(a);
            free(b);
            fw_report_free(&plain);
            fw_report_free(&fast);
            fw_tree_free(&tree);
        }
    }
    ck_assert_uint_gt(cases, 100);                 /* the shipped set, not an empty one */
    ck_assert_uint_gt(with_findings, 50);
    fw_ruleset_free(&rs);
}
END_TEST

/* Does needle (lower case) occur in hay, ignoring ASCII case? */
static int has_caseless(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i <= n - m; i++) {
        size_t k = 0;
        while (k < m && (hay[i + k] >= 'A' && hay[i + k] <= 'Z' ? hay[i + k] + 32 : hay[i + k]) ==
                            (unsigned char)needle[k])
            k++;
        if (k == m)
            return 1;
    }
    return 0;
}

/* The literals of each shipped rule are in each of its must-match cases
 * that the rule finds something in: the derivation is right on the rules
 * we ship, not only on the prefilter's own examples. */
START_TEST(test_shipped_literals_in_must_match)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    size_t covered = 0;
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *rule = rs->rules[i];
        if (!rule->pattern)
            continue;
        char **lits;
        size_t n = fw_pattern_literals(rule->pattern, &lits);
        covered += n > 0;
        for (size_t t = 0; t < rule->n_tests && n > 0; t++) {
            if (!rule->tests[t].must_match)
                continue;
            int found = 0;
            for (size_t f = 0; f < rule->tests[t].n_files && !found; f++) {
                const fw_test_file *tf = &rule->tests[t].files[f];
                for (size_t l = 0; l < n && !found; l++)
                    found = has_caseless(tf->content, tf->size, lits[l]);
            }
            ck_assert_msg(found, "rule %s must-match at line %u holds none of its %zu literals",
                          rule->id, rule->tests[t].line, n);
        }
        for (size_t l = 0; l < n; l++)
            free(lits[l]);
        free(lits);
    }
    ck_assert_uint_gt(covered, 20);                /* most shipped rules are prefiltered */
    fw_ruleset_free(&rs);
}
END_TEST

/* The worker pool: the same findings, in the same report order, with one
 * job and with several, on a tree of many files with secrets here and
 * there (so the workers finish files out of order). */
START_TEST(test_jobs_same_findings)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    fw_tree *tree = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(tree, "", 0);
    char path[64], body[512];
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof path, "/etc/app%03d.conf", i);
        if (i % 7 == 0)
            snprintf(body, sizeof body, "# app %d\nname = x\naws_key = AKIAUJZDEGXDNCF32EP%c\n", i, 'A' + i % 26);
        else if (i % 11 == 0)
            snprintf(body, sizeof body, "url = mqtt://user%d:S3cretPw%d@broker.example.net\n", i, i);
        else
            snprintf(body, sizeof body, "setting_%d = %d\n", i, i * 3);
        tu_add_file(tree, ns, path, body);
    }
    fw_check_opts o1 = { .jobs = 1 }, o4 = { .jobs = 4 };
    fw_report *one = run_with(rs, tree, &o1);
    fw_report *four = run_with(rs, tree, &o4);
    char *a = findings_key(one), *b = findings_key(four);
    ck_assert_str_eq(a, b);
    ck_assert_uint_eq(tu_count(one, "aws-access-key-id"), 43);      /* i % 7 == 0, 0..299 */
    ck_assert_uint_gt(tu_count(four, "url-credentials-plaintext"), 20);
    ck_assert_uint_eq(one->n_errors, four->n_errors);
    free(a);
    free(b);
    fw_report_free(&one);
    fw_report_free(&four);
    fw_tree_free(&tree);
    fw_ruleset_free(&rs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("prefilter");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_literals_of_shipped_shapes);
    tcase_add_test(tc, test_no_literals_when_unsure);
    tcase_add_test(tc, test_scan_marks_rules);
    tcase_add_test(tc, test_shipped_cases_same_findings);
    tcase_add_test(tc, test_shipped_literals_in_must_match);
    tcase_add_test(tc, test_jobs_same_findings);
    suite_add_tcase(s, tc);
    return tu_run_suite(s);
}
