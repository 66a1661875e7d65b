/* check_ruleset.c: the rule language, the requirement catalog, globs, the
 * pattern matcher, lint, and the shipped secrets rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "checks/registry.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* A complete pattern rule around `pattern` and extra directive lines. */
#define PATTERN_RULE(id, extra, pattern) \
    "rule " id "\n" \
    "  requires MO.13\n" \
    "  severity high\n" \
    "  title Test secret\n" \
    "  fix Remove it.\n" \
    extra \
    "  pattern " pattern "\n" \
    "  must-match \"x\"\n" \
    "  must-not-match \"y\"\n" \
    "end\n"

/* Load `text` into a fresh ruleset and expect it to fail; returns the
 * error message (static buffer). */
static const char *load_error(const char *text)
{
    static fw_error err;
    fw_ruleset *rs = tu_ruleset_empty();
    memset(&err, 0, sizeof err);
    int rc = fw_ruleset_load_string(rs, "t.rules", text, &err);
    ck_assert_int_eq(rc, FW_ERULE);
    ck_assert_int_eq(err.code, FW_ERULE);
    ck_assert_uint_eq(rs->count, 0);
    fw_ruleset_free(&rs);
    return err.msg;
}

/* One-file image, all checks of rs, report. */
static fw_report *scan_one(const fw_ruleset *rs, const char *path, const void *data, size_t n)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, path, data, n);
    fw_report *r = tu_run_checks(rs, t);
    fw_tree_free(&t);
    return r;
}

static fw_report *scan_text(const fw_ruleset *rs, const char *path, const char *text)
{
    return scan_one(rs, path, text, strlen(text));
}

/* ---- catalog and severities ------------------------------------------ */

START_TEST(catalog_has_42_requirements)
{
    fw_ruleset *rs = tu_ruleset_empty();
    const fw_catalog *c = rs->catalog;
    ck_assert_uint_eq(c->count, 42);
    ck_assert_str_eq(c->reqs[0].id, "MO.1");
    const fw_requirement *mo1 = fw_catalog_find(c, "MO.1");
    const fw_requirement *mo7 = fw_catalog_find(c, "MO.7");
    ck_assert_ptr_nonnull(mo1);
    ck_assert_ptr_nonnull(mo7);
    ck_assert_int_eq(mo1->static_kind, FW_STATIC_FIRMWARE);
    ck_assert_int_eq(mo7->static_kind, FW_STATIC_PROCESS);
    ck_assert_str_eq(fw_static_name(mo1->static_kind), "firmware");
    ck_assert_str_eq(fw_static_name(mo7->static_kind), "process");
    ck_assert_str_eq(fw_static_name(FW_STATIC_PARTIAL), "partial");
    ck_assert_uint_gt(mo1->requirement.n, 0);
    ck_assert_uint_gt(mo1->requirement_ja.n, 0);
    ck_assert_uint_gt(mo1->countermeasures.n, 0);
    ck_assert_uint_eq(mo1->n_stakeholders, 1);
    ck_assert_int_eq(mo1->stakeholders[0], 1);
    ck_assert_ptr_nonnull(fw_catalog_find(c, "HO.2"));
    ck_assert_ptr_nonnull(fw_catalog_find(c, "CO.4"));
    ck_assert_ptr_null(fw_catalog_find(c, "MO.99"));
    ck_assert_str_eq(rs->version, "unknown");
    fw_ruleset_free(&rs);
    ck_assert_ptr_null(rs);
}
END_TEST

START_TEST(catalog_rejects_bad_files)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "broken.json", "{\"requirements\": [ {\"id\": \"MO.1\", ");
    tu_write(dir, "nostatic.json", "{\"requirements\": [ {\"id\": \"MO.1\", \"title\": \"x\"} ]}");
    tu_write(dir, "twice.json", "{\"requirements\": [ {\"id\": \"A\", \"title\": \"x\", "
             "\"static\": \"process\"}, {\"id\": \"A\", \"title\": \"y\", \"static\": \"process\"} ]}");
    const char *names[] = { "broken.json", "nostatic.json", "twice.json", "missing.json" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = fw_xasprintf("%s/%s", dir, names[i]);
        fw_ruleset *rs = NULL;
        fw_error err = {0};
        ck_assert_int_ne(fw_ruleset_new(&rs, path, &err), FW_OK);
        ck_assert_ptr_null(rs);
        ck_assert_msg(strstr(err.msg, path) || strstr(err.msg, "MO.1") || strstr(err.msg, "A"),
                      "message names the file or entry: %s", err.msg);
        free(path);
    }
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(severity_names_round_trip)
{
    for (int s = 0; s < FW_SEV_COUNT; s++)
        ck_assert_int_eq(fw_severity_parse(fw_severity_name((fw_severity)s)), s);
    ck_assert_int_eq(fw_severity_parse("high"), FW_SEV_HIGH);
    ck_assert_int_eq(fw_severity_parse("HIGH"), -1);
    ck_assert_int_eq(fw_severity_parse("severe"), -1);
    ck_assert_int_eq(fw_severity_parse(NULL), -1);
}
END_TEST

/* ---- parsing ---------------------------------------------------------- */

START_TEST(parse_full_rule)
{
    fw_ruleset *rs = tu_ruleset_from(
        "# a comment\n"
        "\n"
        "rule cloud-key\n"
        "  requires   MO.13 MO.5\n"
        "  severity   critical\n"
        "  title      \"Cloud key in the image\"\n"
        "  fix        Remove it.\n"
        "  path       /etc/** /usr/**\n"
        "  not-path   /usr/share/doc/**\n"
        "  content    text\n"
        "  magic      ASCII\n"
        "  pattern    key=(\\w+) # a '#' inside a value is kept\n"
        "  secret     1\n"
        "  reject     ^demo$\n"
        "  comments   // ;\n"
        "  must-match     at /etc/a \"key=abc\\n\" at /etc/b \"\\x41\\0B\"\n"
        "  must-not-match \"key=demo\\n\"\n"
        "end\n"
        "rule analyzer-bound\n"
        "  analyzer accounts check=empty-password wordlist=data/pw.txt min=3\n"
        "end\n");
    ck_assert_uint_eq(rs->count, 2);
    const fw_rule *r = fw_ruleset_find(rs, "cloud-key");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->file, "test.rules");
    ck_assert_uint_eq(r->line, 3);
    ck_assert_uint_eq(r->n_requires, 2);
    ck_assert_str_eq(r->requires[1], "MO.5");
    ck_assert_int_eq(r->severity, FW_SEV_CRITICAL);
    ck_assert_int_eq(r->severity_given, 1);
    ck_assert_str_eq(r->title, "Cloud key in the image");
    ck_assert_uint_eq(r->n_paths, 2);
    ck_assert_str_eq(r->paths[1], "/usr/**");
    ck_assert_uint_eq(r->n_not_paths, 1);
    ck_assert_int_eq(r->content, FW_CONTENT_TEXT);
    ck_assert_str_eq(r->magic, "ASCII");
    ck_assert_str_eq(r->pattern, "key=(\\w+) # a '#' inside a value is kept");
    ck_assert_ptr_nonnull(r->code_);
    ck_assert_uint_eq(r->secret_group, 1);
    ck_assert_uint_eq(r->n_reject, 1);
    ck_assert_uint_eq(r->n_comment_prefixes, 2);
    ck_assert_str_eq(r->comment_prefixes[0], "//");
    ck_assert_uint_eq(r->n_tests, 2);
    ck_assert_int_eq(r->tests[0].must_match, 1);
    ck_assert_uint_eq(r->tests[0].line, 16);
    ck_assert_uint_eq(r->tests[0].n_files, 2);
    ck_assert_str_eq(r->tests[0].files[1].path, "/etc/b");
    ck_assert_uint_eq(r->tests[0].files[1].size, 3);
    ck_assert_mem_eq(r->tests[0].files[1].content, "A\0B", 3);
    ck_assert_int_eq(r->tests[1].must_match, 0);
    ck_assert_str_eq(r->tests[1].files[0].path, "/test");

    const fw_rule *a = fw_ruleset_find(rs, "analyzer-bound");
    ck_assert_str_eq(a->analyzer, "accounts");
    ck_assert_str_eq(a->check, "empty-password");
    ck_assert_str_eq(fw_rule_param(a, "check"), "empty-password");
    ck_assert_str_eq(fw_rule_param(a, "min"), "3");
    ck_assert_ptr_null(fw_rule_param(a, "nope"));
    char *p = fw_rule_param_path(a, "wordlist");
    ck_assert_str_eq(p, "./data/pw.txt");
    free(p);
    ck_assert_ptr_null(fw_rule_param_path(a, "nope"));
    /* no severity line: medium, and lint will say so */
    ck_assert_int_eq(a->severity, FW_SEV_MEDIUM);
    ck_assert_int_eq(a->severity_given, 0);
    /* a rule that says nothing about comments skips '#' lines */
    ck_assert_uint_eq(a->n_comment_prefixes, 1);
    ck_assert_str_eq(a->comment_prefixes[0], "#");
    ck_assert_ptr_null(fw_ruleset_find(rs, "nope"));
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(parse_errors_carry_file_and_line)
{
    struct { const char *text, *where, *what; } cases[] = {
        { "rule a\n  requires MO.13\n  frobnicate yes\nend\n", "t.rules:3: ", "unknown directive frobnicate" },
        { "rule a\n  severity huge\nend\n", "t.rules:2: ", "bad severity" },
        { "rule a\n  requires MO.13\n", "t.rules:1: ", "no `end`" },
        { "rule a\nrule b\nend\n", "t.rules:2: ", "`end` is missing" },
        { "\n  requires MO.13\n", "t.rules:2: ", "outside a rule" },
        { "end\n", "t.rules:1: ", "`end` without `rule`" },
        { "rule Bad_Id\nend\n", "t.rules:1: ", "bad rule id" },
        { "rule a\n  must-match \"abc\nend\n", "t.rules:2: ", "unterminated string" },
        { "rule a\n  must-match \"\\q\"\nend\n", "t.rules:2: ", "unknown escape" },
        { "rule a\n  must-match at /x\nend\n", "t.rules:2: ", "without content" },
        { "rule a\n  must-match at etc/x \"a\"\nend\n", "t.rules:2: ", "absolute path" },
        { "rule a\n  must-match at /x \"a\" at /x \"b\"\nend\n", "t.rules:2: ", "two files at /x" },
        { "rule a\n  path etc/*\nend\n", "t.rules:2: ", "must start with /" },
        { "rule a\n  path /etc/[ab\nend\n", "t.rules:2: ", "without its ]" },
        { "rule a\n  pattern (a)\n  secret 2\nend\n", "t.rules:4: ", "secret group 2" },
        { "rule a\n  title x\n  title y\nend\n", "t.rules:3: ", "given twice" },
        { "rule a\n  content sometimes\nend\n", "t.rules:2: ", "bad content" },
        { "rule a\n  content text\n  content any\nend\n", "t.rules:3: ", "given twice" },
        { "rule a\n  pattern (a)\n  secret 1\n  secret 0\nend\n", "t.rules:4: ", "given twice" },
        { "rule a\n  title\nend\n", "t.rules:2: ", "needs a value" },
        { "rule a\n  secret x1\nend\n", "t.rules:2: ", "bad secret group" },
        { "rule a\n  pattern a\n  pattern b\nend\n", "t.rules:3: ", "given twice" },
        { "rule a\n  analyzer accounts check\nend\n", "t.rules:2: ", "not key=value" },
        { "rule a\n  comments none #\nend\n", "t.rules:2: ", "`none` alone" },
        { "rule a\n  must-match-file at /x no-such-file\nend\n", "t.rules:2: ", "cannot read test file" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *msg = load_error(cases[i].text);
        ck_assert_msg(strncmp(msg, cases[i].where, strlen(cases[i].where)) == 0,
                      "case %zu: \"%s\" does not start with %s", i, msg, cases[i].where);
        ck_assert_msg(strstr(msg, cases[i].what), "case %zu: \"%s\" lacks \"%s\"", i, msg,
                      cases[i].what);
    }
}
END_TEST

START_TEST(unknown_requirement_rejected)
{
    const char *msg = load_error("rule a\n  requires MO.13 MO.99\nend\n");
    ck_assert_msg(strstr(msg, "t.rules:2: ") == msg, "%s", msg);
    ck_assert_ptr_nonnull(strstr(msg, "unknown requirement ID MO.99"));
    msg = load_error("rule a\n  requires MO.13 MO.13\nend\n");
    ck_assert_ptr_nonnull(strstr(msg, "named twice"));
}
END_TEST

START_TEST(duplicate_id_rejected)
{
    const char *msg = load_error("rule a\nend\n\nrule a\nend\n");
    ck_assert_msg(strstr(msg, "t.rules:4: duplicate rule id a (first defined at t.rules:1)"),
                  "%s", msg);

    /* across loads; and a failed load leaves the ruleset as it was */
    fw_ruleset *rs = tu_ruleset_from("rule a\nend\n");
    fw_error err = {0};
    ck_assert_int_eq(fw_ruleset_load_string(rs, "u.rules", "rule b\nend\nrule a\nend\n", &err),
                     FW_ERULE);
    ck_assert_msg(strstr(err.msg, "u.rules:3: duplicate rule id a (first defined at test.rules:1)"),
                  "%s", err.msg);
    ck_assert_uint_eq(rs->count, 1);
    ck_assert_ptr_null(fw_ruleset_find(rs, "b"));
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(bad_regex_rejected_with_pcre2_message)
{
    const char *msg = load_error("rule a\n  requires MO.13\n  pattern key=(abc\nend\n");
    ck_assert_msg(strstr(msg, "t.rules:3: pattern does not compile at offset 8: "), "%s", msg);
    ck_assert_msg(strstr(msg, "missing closing parenthesis"), "%s", msg);
    msg = load_error("rule a\n  pattern ok\n  reject [z-a]\nend\n");
    ck_assert_msg(strstr(msg, "t.rules:3: reject pattern does not compile at offset"), "%s", msg);
}
END_TEST

START_TEST(limits_are_enforced)
{
    /* requirement IDs per rule */
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_sb_adds(&sb, "rule a\n  requires");
    static const char *ids[] = { "MO.1", "MO.2", "MO.3", "MO.4", "MO.5", "MO.6", "MO.7", "MO.8",
                                 "MO.9", "MO.10", "MO.11", "MO.12", "MO.13", "MO.14", "MO.15",
                                 "MO.16", "HO.1" };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        fw_sb_addf(&sb, " %s", ids[i]);
    fw_sb_adds(&sb, "\nend\n");
    ck_assert_ptr_nonnull(strstr(load_error(fw_sb_str(&sb)), "more than 16 requirement IDs"));
    fw_sb_reset(&sb);

    /* line length */
    fw_sb_adds(&sb, "rule a\n  title ");
    for (int i = 0; i < FW_MAX_RULE_LINE; i++)
        fw_sb_addc(&sb, 'x');
    fw_sb_adds(&sb, "\nend\n");
    ck_assert_ptr_nonnull(strstr(load_error(fw_sb_str(&sb)), "t.rules:2: line longer than"));
    fw_sb_reset(&sb);

    /* tests per rule */
    fw_sb_adds(&sb, "rule a\n");
    for (int i = 0; i <= FW_MAX_RULE_TESTS; i++)
        fw_sb_adds(&sb, "  must-match \"x\"\n");
    fw_sb_adds(&sb, "end\n");
    ck_assert_ptr_nonnull(strstr(load_error(fw_sb_str(&sb)), "more than 64 tests"));
    fw_sb_release(&sb);
}
END_TEST

START_TEST(load_dir_sorted_with_version_and_test_files)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "VERSION", "2.3.4\nsecond line\n");
    tu_write(dir, "b.rules", "rule from-b\n  must-match-file at /etc/x cases/hit.txt\nend\n");
    tu_write(dir, "a.rules", "rule from-a\nend\n");
    tu_write(dir, "notes.txt", "rule ignored\n");
    tu_write(dir, "cases/hit.txt", "secret\n");
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = {0};
    ck_assert_msg(fw_ruleset_load_dir(rs, dir, &err) == FW_OK, "%s", err.msg);
    ck_assert_uint_eq(rs->count, 2);
    ck_assert_str_eq(rs->rules[0]->id, "from-a");
    ck_assert_str_eq(rs->rules[1]->id, "from-b");
    ck_assert_str_eq(rs->version, "2.3.4");
    const fw_rule *b = rs->rules[1];
    ck_assert_uint_eq(b->tests[0].files[0].size, 7);
    ck_assert_mem_eq(b->tests[0].files[0].content, "secret\n", 7);
    char *expect = fw_xasprintf("%s/b.rules", dir);
    ck_assert_str_eq(b->file, expect);
    free(expect);
    fw_ruleset_free(&rs);

    /* an error in a file of the directory names that file and line */
    tu_write(dir, "c.rules", "rule from-c\n  severity loud\nend\n");
    rs = tu_ruleset_empty();
    ck_assert_int_eq(fw_ruleset_load_dir(rs, dir, &err), FW_ERULE);
    char *where = fw_xasprintf("%s/c.rules:2: ", dir);
    ck_assert_msg(strncmp(err.msg, where, strlen(where)) == 0, "%s", err.msg);
    free(where);
    fw_ruleset_free(&rs);

    rs = tu_ruleset_empty();
    ck_assert_int_eq(fw_ruleset_load_dir(rs, "/nonexistent/rules", &err), FW_ERULE);
    fw_ruleset_free(&rs);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(load_file_rejects_nul_and_missing_files)
{
    char *dir = tu_mkdtemp();
    char *path = fw_xasprintf("%s/nul.rules", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite("rule a\n\0end\n", 1, 13, f);
    fclose(f);
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = {0};
    ck_assert_int_eq(fw_ruleset_load_file(rs, path, &err), FW_ERULE);
    char *where = fw_xasprintf("%s:2: NUL byte", path);
    ck_assert_msg(strstr(err.msg, where), "%s", err.msg);
    free(where);
    free(path);
    path = fw_xasprintf("%s/missing.rules", dir);
    ck_assert_int_eq(fw_ruleset_load_file(rs, path, &err), FW_ERULE);
    ck_assert_msg(strstr(err.msg, path) && strstr(err.msg, "cannot read"), "%s", err.msg);
    ck_assert_uint_eq(rs->count, 0);
    free(path);
    fw_ruleset_free(&rs);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(shipped_rules_load)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    ck_assert_ptr_nonnull(fw_ruleset_find(rs, "aws-access-key-id"));
    ck_assert_ptr_nonnull(fw_ruleset_find(rs, "password-assignment"));
    ck_assert_str_ne(rs->version, "unknown");
    fw_ruleset_free(&rs);
}
END_TEST

/* ---- globs ------------------------------------------------------------ */

START_TEST(glob_semantics)
{
    struct { const char *glob, *path; int match; } cases[] = {
        { "/etc/*", "/etc/passwd", 1 },
        { "/etc/*", "/etc/ssh/sshd_config", 0 },      /* * does not cross / */
        { "/etc/**", "/etc/ssh/sshd_config", 1 },     /* ** does */
        { "/etc/**", "/etc", 0 },
        { "/etc/**/x.conf", "/etc/x.conf", 1 },        /* **\/ may match nothing */
        { "/etc/**/x.conf", "/etc/a/b/x.conf", 1 },
        { "/etc/**/x.conf", "/etc/ax.conf", 0 },
        { "**.md", "/a/b/README.md", 1 },
        { "**/*.md", "/README.md", 1 },
        { "**/*.md", "/a/README.mdx", 0 },
        { "/bin/?s", "/bin/ls", 1 },
        { "/bin/?s", "/bin/lls", 0 },
        { "/a?b", "/a/b", 0 },                         /* ? is not / */
        { "/dev/tty[0-9]", "/dev/tty5", 1 },
        { "/dev/tty[!0-9]", "/dev/tty5", 0 },
        { "/dev/tty[^0-9]", "/dev/ttyS", 1 },
        { "/x[]]", "/x]", 1 },
        { "/x[a-c]", "/x/", 0 },
        { "/x\\*", "/x*", 1 },
        { "/x\\*", "/xy", 0 },
        { "/[x", "/[x", 1 },                           /* unclosed [ is literal */
        { "/usr/share/doc/**", "/usr/share/docs/x", 0 },
        { "**/*wpa_supplicant*", "/etc/wpa_supplicant/wpa_supplicant-wlan0.conf", 1 },
        { "/a*b*c", "/aXbYc", 1 },
        { "/a*b*c", "/aXbY/c", 0 },
        { "/**/a*b", "/x/a1/a2b", 1 },
        { "**", "/", 1 },
        { "/", "/", 1 },
        { "", "", 1 },
        { "", "/", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(fw_glob_match(cases[i].glob, cases[i].path) == cases[i].match,
                      "glob %s on %s should give %d", cases[i].glob, cases[i].path,
                      cases[i].match);
}
END_TEST

START_TEST(glob_hostile_path_is_fast)
{
    /* A backtracking matcher takes exponential time on these. */
    char path[FW_MAX_PATH_LEN + 1];
    path[0] = '/';
    memset(path + 1, 'a', FW_MAX_PATH_LEN - 1);
    path[FW_MAX_PATH_LEN] = '\0';
    ck_assert_int_eq(fw_glob_match("/**a**a**a**a**a**a**a**a**a**a**b", path), 0);
    ck_assert_int_eq(fw_glob_match("/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", path), 0);
    ck_assert_int_eq(fw_glob_match("/**a**a**a**a**a**a**a**a**a**a**a", path), 1);
    /* a long glob takes the heap path */
    char glob[600];
    memset(glob, '*', sizeof glob - 1);
    glob[0] = '/';
    glob[sizeof glob - 1] = '\0';
    ck_assert_int_eq(fw_glob_match(glob, path), 1);
}
END_TEST

START_TEST(path_filters_include_and_exclude)
{
    fw_ruleset *rs = tu_ruleset_from(
        "rule r\n  path /etc/** /www/*.cgi\n  not-path /etc/examples/** **.md\nend\n"
        "rule all\nend\n");
    const fw_rule *r = fw_ruleset_find(rs, "r"), *all = fw_ruleset_find(rs, "all");
    ck_assert_int_eq(fw_rule_path_matches(r, "/etc/app.conf"), 1);
    ck_assert_int_eq(fw_rule_path_matches(r, "/www/login.cgi"), 1);
    ck_assert_int_eq(fw_rule_path_matches(r, "/www/cgi/login.cgi"), 0);
    ck_assert_int_eq(fw_rule_path_matches(r, "/usr/bin/x"), 0);
    ck_assert_int_eq(fw_rule_path_matches(r, "/etc/examples/app.conf"), 0);
    ck_assert_int_eq(fw_rule_path_matches(r, "/etc/README.md"), 0);
    ck_assert_int_eq(fw_rule_path_matches(all, "/anything"), 1);
    fw_ruleset_free(&rs);
}
END_TEST

/* ---- matching --------------------------------------------------------- */

static const char *TOKEN_RULE =
    PATTERN_RULE("tok", "  secret 1\n  reject ^0+$\n", "tok_([A-Za-z0-9]{12})");

START_TEST(match_reports_line_excerpt_and_redacts)
{
    fw_ruleset *rs = tu_ruleset_from(TOKEN_RULE);
    fw_report *r = scan_text(rs, "/etc/app.conf",
                             "# app\n\nkey = tok_Q1w2E3r4T5y6 # factory\n");
    ck_assert_uint_eq(tu_count(r, "tok"), 1);
    const fw_finding *f = tu_get(r, "tok", 0);
    ck_assert_str_eq(f->path, "/etc/app.conf");
    ck_assert_uint_eq(f->line, 3);
    ck_assert_uint_eq(f->offset, 13);
    ck_assert_int_eq(f->severity, FW_SEV_HIGH);
    ck_assert_ptr_nonnull(f->excerpt);
    /* the secret is never shown whole, in the excerpt or the message */
    ck_assert_ptr_null(strstr(f->excerpt, "Q1w2E3r4T5y6"));
    ck_assert_ptr_null(strstr(f->message, "Q1w2E3r4T5y6"));
    ck_assert_msg(strstr(f->excerpt, "key = tok_Q1w2…********") != NULL, "%s", f->excerpt);
    ck_assert_ptr_nonnull(strstr(f->excerpt, "# factory"));
    ck_assert_ptr_nonnull(strstr(f->message, "Test secret"));
    ck_assert(tu_names_req(f, "MO.13"));
    fw_report_free(&r);

    /* the fingerprint follows the secret, not its line */
    fw_report *a = scan_text(rs, "/etc/app.conf", "key = tok_Q1w2E3r4T5y6\n");
    fw_report *b = scan_text(rs, "/etc/app.conf", "\n\n\nkey  =  tok_Q1w2E3r4T5y6\n");
    fw_report *c = scan_text(rs, "/etc/app.conf", "key = tok_Q1w2E3r4T5y7\n");
    ck_assert_str_eq(tu_get(a, "tok", 0)->fingerprint, tu_get(b, "tok", 0)->fingerprint);
    ck_assert_str_ne(tu_get(a, "tok", 0)->fingerprint, tu_get(c, "tok", 0)->fingerprint);
    fw_report_free(&a);
    fw_report_free(&b);
    fw_report_free(&c);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_skips_commented_lines)
{
    fw_ruleset *rs = tu_ruleset_from(TOKEN_RULE);
    fw_report *r = scan_text(rs, "/etc/app.conf",
                             "#tok_AAAAAAAAAAAA\n"
                             "   \t# key=tok_BBBBBBBBBBBB\n"
                             "key=tok_CCCCCCCCCCCC # tok_DDDDDDDDDDDD\n");
    /* only the line that does not start with '#' counts, both matches on it */
    ck_assert_uint_eq(tu_count(r, "tok"), 2);
    ck_assert_uint_eq(tu_get(r, "tok", 0)->line, 3);
    ck_assert_uint_eq(tu_get(r, "tok", 1)->line, 3);
    fw_report_free(&r);
    fw_ruleset_free(&rs);

    /* `comments none`: every line counts; custom prefixes replace '#' */
    rs = tu_ruleset_from(PATTERN_RULE("none", "  comments none\n", "tok_([A-Z]{12})"));
    r = scan_text(rs, "/etc/a", "# tok_AAAAAAAAAAAA\n// tok_BBBBBBBBBBBB\n");
    ck_assert_uint_eq(tu_count(r, "none"), 2);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
    rs = tu_ruleset_from(PATTERN_RULE("slashes", "  comments // --\n", "tok_([A-Z]{12})"));
    r = scan_text(rs, "/etc/a", "# tok_AAAAAAAAAAAA\n  // tok_BBBBBBBBBBBB\n-- tok_CCCCCCCCCCCC\n");
    ck_assert_uint_eq(tu_count(r, "slashes"), 1);
    ck_assert_uint_eq(tu_get(r, "slashes", 0)->line, 1);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_reject_patterns)
{
    fw_ruleset *rs = tu_ruleset_from(PATTERN_RULE("pw", "  secret 1\n  reject ^\\$\n"
                                                  "  reject (?i)^changeme$\n",
                                                  "password=(\\S+)"));
    fw_report *r = scan_text(rs, "/etc/a",
                             "password=$PW\npassword=CHANGEME\npassword=s3cr3t!\n");
    ck_assert_uint_eq(tu_count(r, "pw"), 1);
    ck_assert_uint_eq(tu_get(r, "pw", 0)->line, 3);
    fw_report_free(&r);
    fw_ruleset_free(&rs);

    /* without `secret`, reject tests the whole match */
    rs = tu_ruleset_from(PATTERN_RULE("whole", "  reject EXAMPLE\n", "AKIA[A-Z0-9]{16}"));
    r = scan_text(rs, "/etc/a", "AKIAIOSFODNN7EXAMPLE AKIAQ3EGRTUVWXYZ2345\n");
    ck_assert_uint_eq(tu_count(r, "whole"), 1);
    ck_assert_uint_eq(tu_get(r, "whole", 0)->offset, 21);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_binary_offsets)
{
    fw_ruleset *rs = tu_ruleset_from(TOKEN_RULE);
    unsigned char blob[256];
    memset(blob, 0, sizeof blob);
    memcpy(blob, "\x7f" "ELF", 4);
    memcpy(blob + 100, "cfg:tok_Z9y8X7w6V5u4", 20);
    memcpy(blob + 200, "tok_000000000000", 16);   /* rejected */
    fw_report *r = scan_one(rs, "/usr/bin/agent", blob, sizeof blob);
    ck_assert_uint_eq(tu_count(r, "tok"), 1);
    const fw_finding *f = tu_get(r, "tok", 0);
    ck_assert_uint_eq(f->line, 0);
    ck_assert_uint_eq(f->offset, 104);
    ck_assert_ptr_null(strstr(f->excerpt, "Z9y8X7w6V5u4"));
    /* printable context before the match, nothing of the NUL padding */
    ck_assert_msg(strncmp(f->excerpt, "cfg:tok_Z9y8…", strlen("cfg:tok_Z9y8…")) == 0, "%s",
                  f->excerpt);
    ck_assert_ptr_null(strstr(f->excerpt, "\\x00"));
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_content_kind_and_path_filter)
{
    fw_ruleset *rs = tu_ruleset_from(
        PATTERN_RULE("text-only", "  content text\n  path /etc/**\n", "tok_[A-Z]{12}")
        PATTERN_RULE("binary-only", "  content binary\n", "tok_[A-Z]{12}"));
    fw_report *r = scan_text(rs, "/etc/a", "tok_AAAAAAAAAAAA\n");
    ck_assert_uint_eq(tu_count(r, "text-only"), 1);
    ck_assert_uint_eq(tu_count(r, "binary-only"), 0);
    fw_report_free(&r);
    r = scan_text(rs, "/usr/a", "tok_AAAAAAAAAAAA\n");
    ck_assert_uint_eq(tu_count(r, "text-only"), 0);
    fw_report_free(&r);
    r = scan_one(rs, "/etc/b", "\0tok_AAAAAAAAAAAA", 17);
    ck_assert_uint_eq(tu_count(r, "text-only"), 0);
    ck_assert_uint_eq(tu_count(r, "binary-only"), 1);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_magic_filter)
{
    fw_ruleset *rs = tu_ruleset_from(
        PATTERN_RULE("in-png", "  magic PNG image\n", "tok_[A-Z]{12}")
        PATTERN_RULE("in-any", "", "tok_[A-Z]{12}"));
    fw_report *r = scan_text(rs, "/etc/a", "tok_AAAAAAAAAAAA\n");
    ck_assert_uint_eq(tu_count(r, "in-png"), 0);
    ck_assert_uint_eq(tu_count(r, "in-any"), 1);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_multiple_and_bounded)
{
    fw_ruleset *rs = tu_ruleset_from(TOKEN_RULE);
    fw_report *r = scan_text(rs, "/etc/a",
                             "tok_AAAAAAAAAAAA tok_BBBBBBBBBBBB\ntok_CCCCCCCCCCCC\n");
    ck_assert_uint_eq(tu_count(r, "tok"), 3);
    ck_assert_uint_eq(tu_get(r, "tok", 0)->offset, 0);
    ck_assert_uint_eq(tu_get(r, "tok", 1)->offset, 17);
    ck_assert_uint_eq(tu_get(r, "tok", 2)->line, 2);
    fw_report_free(&r);

    /* past FW_MAX_FINDINGS_PER_FILE_RULE the rest are counted as dropped */
    fw_strbuf sb = FW_STRBUF_INIT;
    for (int i = 0; i < FW_MAX_FINDINGS_PER_FILE_RULE + 10; i++)
        fw_sb_addf(&sb, "k%d=tok_%012d\n", i, i + 1);
    r = scan_text(rs, "/etc/many", fw_sb_str(&sb));
    ck_assert_uint_eq(tu_count(r, "tok"), FW_MAX_FINDINGS_PER_FILE_RULE);
    ck_assert_uint_eq(r->findings_dropped, 10);
    ck_assert_uint_eq(tu_get(r, "tok", FW_MAX_FINDINGS_PER_FILE_RULE - 1)->line,
                      FW_MAX_FINDINGS_PER_FILE_RULE);
    fw_report_free(&r);
    fw_sb_release(&sb);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_empty_matches_terminate)
{
    fw_ruleset *rs = tu_ruleset_from(PATTERN_RULE("xs", "", "x*")
                                     PATTERN_RULE("la", "", "(?=a)"));
    fw_report *r = scan_text(rs, "/etc/a", "abxxcx\n");
    /* empty matches are no findings; the non-empty ones are */
    ck_assert_uint_eq(tu_count(r, "xs"), 2);
    ck_assert_uint_eq(tu_count(r, "la"), 0);
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_limit_warns_and_goes_on)
{
    fw_ruleset *rs = tu_ruleset_from(PATTERN_RULE("slow", "", "^(a+)+$")
                                     PATTERN_RULE("fast", "", "tok_[A-Z]{12}"));
    fw_strbuf sb = FW_STRBUF_INIT;
    for (int i = 0; i < 40; i++)
        fw_sb_addc(&sb, 'a');
    fw_sb_adds(&sb, "b\ntok_AAAAAAAAAAAA\n");
    fw_report *r = scan_text(rs, "/etc/a", fw_sb_str(&sb));
    ck_assert_uint_eq(tu_count(r, "slow"), 0);
    ck_assert_uint_eq(tu_count(r, "fast"), 1);
    ck_assert_uint_ge(r->n_errors, 1);
    ck_assert_msg(strstr(r->errors[0].message, "slow"), "%s", r->errors[0].message);
    ck_assert_ptr_nonnull(strstr(r->errors[0].where, "/etc/a"));
    fw_report_free(&r);
    fw_sb_release(&sb);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(match_excludes_containers_under_not_path)
{
    /* a compressed man page is its own namespace: "/x.5" inside
     * "/usr/share/man/man5/x.5.gz"; not-path sees the container's path */
    fw_ruleset *rs = tu_ruleset_from(
        PATTERN_RULE("tok", "  not-path /usr/share/man/**\n", "tok_[A-Z]{12}"));
    fw_tree *t = fw_tree_new();
    fw_ns *root = fw_tree_add_ns(t, "", 0);
    fw_ns *man = fw_tree_add_ns(t, "/usr/share/man/man5/x.5.gz", 1);
    fw_ns *tar = fw_tree_add_ns(t, "/etc/conf.tar", 1);
    fw_ns *conf = fw_tree_add_ns(t, "/etc/conf.tar > /backup.gz", 2);
    man->container = tu_add_file(t, root, "/usr/share/man/man5/x.5.gz", "");
    tar->container = tu_add_file(t, root, "/etc/conf.tar", "");
    conf->container = tu_add_file(t, tar, "/backup.gz", "");
    tu_add_file(t, root, "/etc/a", "tok_AAAAAAAAAAAA\n");
    tu_add_file(t, man, "/x.5", "tok_BBBBBBBBBBBB\n");
    tu_add_file(t, conf, "/backup", "tok_CCCCCCCCCCCC\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "tok"), 2);
    for (size_t i = 0; i < 2; i++)
        ck_assert_str_ne(tu_get(r, "tok", i)->path, "/x.5");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* ---- lint ------------------------------------------------------------- */

static int has_msg(char **msgs, size_t n, const char *prefix, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(msgs[i], prefix, strlen(prefix)) == 0 && strstr(msgs[i], text))
            return 1;
    return 0;
}

static void free_msgs(char **msgs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(msgs[i]);
    free(msgs);
}

START_TEST(lint_reports_incomplete_rules)
{
    fw_ruleset *rs = tu_ruleset_from(
        "rule bare\n"                                                  /* 1 */
        "end\n"
        "rule both\n"                                                  /* 3 */
        "  requires MO.13\n  severity low\n  title t\n  fix f\n"
        "  pattern x\n  analyzer accounts check=empty-password\n"
        "  must-match \"x\"\n  must-not-match \"y\"\n"
        "end\n"
        "rule ghost\n"                                                 /* 13 */
        "  requires MO.2\n  severity low\n  title t\n  fix f\n"
        "  analyzer nosuch check=foo\n"
        "  must-match \"x\"\n  must-not-match \"y\"\n"
        "end\n"
        "rule bad-check\n"                                             /* 22 */
        "  requires MO.2\n  severity low\n  title t\n  fix f\n"
        "  analyzer accounts check=no-such-check\n"
        "  must-match \"x\"\n  must-not-match \"y\"\n"
        "end\n"
        "rule no-check\n"                                              /* 31 */
        "  requires MO.2\n  severity low\n  title t\n  fix f\n"
        "  analyzer accounts\n"
        "  must-match \"x\"\n  must-not-match \"y\"\n"
        "end\n"
        "rule filtered\n"                                              /* 40 */
        "  requires MO.13\n  severity low\n  title t\n  fix f\n"
        "  path /etc/**\n  pattern x\n"
        "  must-match at /usr/x \"x\"\n"                               /* 47 */
        "  must-not-match at /etc/x \"y\"\n"
        "end\n"
        "rule good\n"                                                  /* 50 */
        "  requires MO.13\n  severity low\n  title t\n  fix f\n"
        "  path /etc/**\n  pattern x\n"
        "  must-match at /usr/x \"x\" at /etc/x \"x\"\n"
        "  must-not-match at /etc/x \"y\"\n"
        "end\n");
    char **msgs = NULL;
    size_t n = fw_checks_lint(rs, &msgs);
    ck_assert_ptr_nonnull(msgs);
    ck_assert_ptr_null(msgs[n]);
    ck_assert(has_msg(msgs, n, "test.rules:1: ", "rule bare names no requirement"));
    ck_assert(has_msg(msgs, n, "test.rules:1: ", "rule bare has no `severity`"));
    ck_assert(has_msg(msgs, n, "test.rules:1: ", "rule bare has no `title`"));
    ck_assert(has_msg(msgs, n, "test.rules:1: ", "rule bare has no `fix`"));
    ck_assert(has_msg(msgs, n, "test.rules:1: ", "neither `pattern` nor `analyzer`"));
    ck_assert(has_msg(msgs, n, "test.rules:1: ", "rule bare has no must-match test"));
    ck_assert(has_msg(msgs, n, "test.rules:1: ", "rule bare has no must-not-match test"));
    ck_assert(has_msg(msgs, n, "test.rules:3: ", "both `pattern` and `analyzer`"));
    ck_assert(has_msg(msgs, n, "test.rules:13: ", "unknown analyzer nosuch"));
    ck_assert(has_msg(msgs, n, "test.rules:22: ", "analyzer accounts has no check no-such-check"));
    ck_assert(has_msg(msgs, n, "test.rules:31: ", "needs check=NAME"));
    ck_assert(has_msg(msgs, n, "test.rules:47: ", "must-match test has no file"));
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(!strstr(msgs[i], "rule good"), "%s", msgs[i]);
    free_msgs(msgs, n);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(lint_reports_double_binding)
{
    fw_ruleset *rs = tu_ruleset_from(
        "rule first\n  requires MO.2\n  severity high\n  title t\n  fix f\n"
        "  analyzer accounts check=empty-password\n"
        "  must-match \"x\"\n  must-not-match \"y\"\nend\n"
        "rule second\n  requires MO.4\n  severity low\n  title t\n  fix f\n"
        "  analyzer accounts check=empty-password\n"
        "  must-match \"x\"\n  must-not-match \"y\"\nend\n");
    char **msgs = NULL;
    size_t n = fw_checks_lint(rs, &msgs);
    ck_assert_uint_eq(n, 1);
    ck_assert_msg(strstr(msgs[0], "test.rules:10: rule second binds accounts check=empty-password, "
                         "already bound by rule first (test.rules:1)"), "%s", msgs[0]);
    free_msgs(msgs, n);
    fw_ruleset_free(&rs);
}
END_TEST

/* `supersedes` names rules by id: an unknown one is a lint problem, naming
 * the file and line; a rule superseding itself does not load. */
START_TEST(lint_reports_unknown_superseded_rule)
{
    fw_ruleset *rs = tu_ruleset_from(
        "rule pw-default\n  requires MO.2\n  severity critical\n  title t\n  fix f\n"
        "  pattern ^pw=admin$\n  supersedes pw-plain pw-typo\n"
        "  must-match \"pw=admin\\n\"\n  must-not-match \"pw=x\\n\"\nend\n"
        "rule pw-plain\n  requires MO.13\n  severity medium\n  title t\n  fix f\n"
        "  pattern ^pw=\n"
        "  must-match \"pw=admin\\n\"\n  must-not-match \"user=x\\n\"\nend\n");
    ck_assert_uint_eq(rs->rules[0]->n_supersedes, 2);
    ck_assert_str_eq(rs->rules[0]->supersedes[0], "pw-plain");
    char **msgs = NULL;
    size_t n = fw_checks_lint(rs, &msgs);
    ck_assert_uint_eq(n, 1);
    ck_assert_msg(strstr(msgs[0], "test.rules:1: rule pw-default supersedes pw-typo, which no "
                         "loaded rule is"), "%s", msgs[0]);
    free_msgs(msgs, n);
    fw_ruleset_free(&rs);

    rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_int_ne(fw_ruleset_load_string(rs, "self.rules",
                         "rule a\n  requires MO.2\n  severity low\n  title t\n  fix f\n"
                         "  pattern x\n  supersedes a\nend\n", &err), FW_OK);
    ck_assert_msg(strstr(err.msg, "rule a supersedes itself"), "%s", err.msg);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(lint_shipped_rules_clean)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    char **msgs = NULL;
    size_t n = fw_checks_lint(rs, &msgs);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "lint: %s\n", msgs[i]);
    ck_assert_uint_eq(n, 0);
    free_msgs(msgs, n);
    fw_ruleset_free(&rs);
}
END_TEST

/* ---- the shipped secrets rules ---------------------------------------- */

/* Run every test case of every rule of secrets.rules with only that file
 * loaded: each must-match gives a finding of its rule, each must-not-match
 * none. (tests/rules-selftest.sh does this for the whole shipped set.) */
START_TEST(secrets_rules_pass_their_tests)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = {0};
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/secrets.rules", &err) == FW_OK, "%s",
                  err.msg);
    ck_assert_uint_ge(rs->count, 10);
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *rule = rs->rules[i];
        ck_assert_msg(rule->pattern != NULL, "%s", rule->id);
        for (size_t k = 0; k < rule->n_tests; k++) {
            const fw_rule_test *tc = &rule->tests[k];
            fw_tree *t = fw_tree_new();
            fw_ns *ns = fw_tree_add_ns(t, "", 0);
            for (size_t j = 0; j < tc->n_files; j++)
                tu_add_bytes(t, ns, tc->files[j].path, tc->files[j].content, tc->files[j].size);
            fw_report *r = tu_run_checks(rs, t);
            size_t got = tu_count(r, rule->id);
            ck_assert_msg(tc->must_match ? got > 0 : got == 0, "%s:%u: rule %s %s: %zu findings",
                          rule->file, tc->line, rule->id,
                          tc->must_match ? "must-match" : "must-not-match", got);
            /* and no secret shows whole in what is reported */
            for (size_t f = 0; f < r->n_findings; f++)
                ck_assert_msg(r->findings[f]->excerpt != NULL, "%s", rule->id);
            ck_assert_uint_eq(r->n_errors, 0);
            fw_report_free(&r);
            fw_tree_free(&t);
        }
    }
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(secrets_rules_redact)
{
    fw_ruleset *rs = tu_ruleset_shipped();
    const char *conf =
        "[cloud]\n"
        "aws_access_key_id = AKIAUJZDEGXDNCF32EPF\n"
        "password = \"Hk29!xqLp\"\n"
        "broker = mqtt://hub:Gh7kq2Lmzz@broker.acme.io:1883\n";
    fw_report *r = scan_text(rs, "/etc/cloud.conf", conf);
    ck_assert_uint_eq(tu_count(r, "aws-access-key-id"), 1);
    ck_assert_uint_eq(tu_count(r, "password-assignment"), 1);
    ck_assert_uint_eq(tu_count(r, "url-credentials-plaintext"), 1);
    ck_assert(tu_names_req(tu_get(r, "url-credentials-plaintext", 0), "MO.5"));
    ck_assert_uint_eq(tu_get(r, "password-assignment", 0)->line, 3);
    static const char *secrets[] = { "AKIAUJZDEGXDNCF32EPF", "Hk29!xqLp", "Gh7kq2Lmzz" };
    for (size_t i = 0; i < r->n_findings; i++) {
        const fw_finding *f = r->findings[i];
        for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++) {
            ck_assert_msg(!strstr(f->excerpt, secrets[s]), "%s: %s", f->rule->id, f->excerpt);
            ck_assert_msg(!strstr(f->message, secrets[s]), "%s: %s", f->rule->id, f->message);
        }
    }
    fw_report_free(&r);
    fw_ruleset_free(&rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ruleset");
    TCase *tc = tcase_create("catalog");
    tcase_add_test(tc, catalog_has_42_requirements);
    tcase_add_test(tc, catalog_rejects_bad_files);
    tcase_add_test(tc, severity_names_round_trip);
    suite_add_tcase(s, tc);

    tc = tcase_create("parser");
    tcase_add_test(tc, parse_full_rule);
    tcase_add_test(tc, parse_errors_carry_file_and_line);
    tcase_add_test(tc, unknown_requirement_rejected);
    tcase_add_test(tc, duplicate_id_rejected);
    tcase_add_test(tc, bad_regex_rejected_with_pcre2_message);
    tcase_add_test(tc, limits_are_enforced);
    tcase_add_test(tc, load_dir_sorted_with_version_and_test_files);
    tcase_add_test(tc, load_file_rejects_nul_and_missing_files);
    tcase_add_test(tc, shipped_rules_load);
    suite_add_tcase(s, tc);

    tc = tcase_create("glob");
    tcase_add_test(tc, glob_semantics);
    tcase_add_test(tc, glob_hostile_path_is_fast);
    tcase_add_test(tc, path_filters_include_and_exclude);
    suite_add_tcase(s, tc);

    tc = tcase_create("matcher");
    tcase_add_test(tc, match_reports_line_excerpt_and_redacts);
    tcase_add_test(tc, match_skips_commented_lines);
    tcase_add_test(tc, match_reject_patterns);
    tcase_add_test(tc, match_binary_offsets);
    tcase_add_test(tc, match_content_kind_and_path_filter);
    tcase_add_test(tc, match_magic_filter);
    tcase_add_test(tc, match_multiple_and_bounded);
    tcase_add_test(tc, match_empty_matches_terminate);
    tcase_add_test(tc, match_limit_warns_and_goes_on);
    tcase_add_test(tc, match_excludes_containers_under_not_path);
    suite_add_tcase(s, tc);

    tc = tcase_create("lint");
    tcase_add_test(tc, lint_reports_incomplete_rules);
    tcase_add_test(tc, lint_reports_double_binding);
    tcase_add_test(tc, lint_reports_unknown_superseded_rule);
    tcase_add_test(tc, lint_shipped_rules_clean);
    suite_add_tcase(s, tc);

    tc = tcase_create("secrets");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, secrets_rules_pass_their_tests);
    tcase_add_test(tc, secrets_rules_redact);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
