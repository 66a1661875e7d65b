/* check_report.c: conformance folding, profiles, waivers, baselines, the
 * ETSI mapping, and the renderers (text, JSON, SARIF, JUnit, HTML, Markdown).
 *
 * Reports are built by hand (findings constructed here, rules parsed from a
 * small rule text), so these tests do not depend on any analyzer. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "core/digest.h"
#include "core/xalloc.h"
#include "report/accept.h"

static const char *RULES =
    "rule test-default-password\n"
    "  requires   MO.2\n"
    "  severity   high\n"
    "  title      Default password in configuration\n"
    "  fix        Provision a unique password per device.\n"
    "  pattern    password=(\\w+)\n"
    "end\n"
    "\n"
    "rule test-private-key\n"
    "  requires   MO.13\n"
    "  severity   medium\n"
    "  title      Private key shipped in the image\n"
    "  fix        Generate keys on the device at first boot.\n"
    "  pattern    BEGIN PRIVATE KEY\n"
    "end\n"
    "\n"
    "rule test-risk-banner\n"
    "  requires   MO.3\n"
    "  severity   low\n"
    "  title      Known-vulnerable component banner\n"
    "  fix        Update the component.\n"
    "  pattern    OpenSSL 0\\.9\n"
    "end\n"
    "\n"
    "rule test-extra-root\n"
    "  requires   MO.4\n"
    "  also       MO.1\n"
    "  severity   high\n"
    "  title      Extra root account\n"
    "  fix        Remove it.\n"
    "  pattern    ^toor:\n"
    "end\n"
    "\n"
    "rule test-erase-routine\n"
    "  requires   MO.9\n"
    "  severity   info\n"
    "  title      Factory reset erases user data\n"
    "  fix        Keep it.\n"
    "  pattern    ^mtd erase\n"
    "end\n";

/* A fresh fixture per test: the rule set and an empty report. */
static fw_ruleset *rs;
static fw_report *rep;

static void setup(void)
{
    rs = tu_ruleset_from(RULES);
    rep = fw_report_new();
    rep->tool_version = fw_xstrdup("0.1.0-test");
    rep->input_path = fw_xstrdup("firmware.bin");
    rep->input_kind = fw_xstrdup("archive");
    rep->input_size = 4096;
    rep->entries = 12;
    rep->files_scanned = 10;
    rep->bytes_scanned = 4000;
    rep->containers = 1;
    rep->started_utc = fw_xstrdup("2024-01-01T00:00:00Z");
    rep->duration_s = 0.25;
    memset(rep->input_sha256, 'a', FW_SHA256_HEX_LEN);
}

static void teardown(void)
{
    fw_report_free(&rep);
    fw_ruleset_free(&rs);
}

static fw_finding *make_finding(const char *rule_id, const char *chain, const char *path,
                                uint64_t line, const char *excerpt)
{
    const fw_rule *rule = fw_ruleset_find(rs, rule_id);
    ck_assert_ptr_nonnull(rule);
    fw_finding *f = fw_xcalloc(1, sizeof *f);
    f->rule = rule;
    f->severity = rule->severity;
    f->chain = fw_xstrdup(chain);
    f->path = fw_xstrdup(path);
    f->line = line;
    f->offset = FW_NO_OFFSET;
    f->message = fw_xasprintf("%s found here", rule->title);
    f->excerpt = excerpt ? fw_xstrdup(excerpt) : NULL;
    char hex[FW_SHA256_HEX_LEN + 1];
    char *ident = fw_xasprintf("%s|%s|%s", rule_id, path, excerpt ? excerpt : "");
    fw_sha256_hex(ident, strlen(ident), hex);
    free(ident);
    memcpy(f->fingerprint, hex, FW_FINGERPRINT_LEN);
    f->fingerprint[FW_FINGERPRINT_LEN] = '\0';
    return f;
}

/* One default-password finding at rootfs.tar > /etc/config:42. */
static fw_finding *add_password_finding(void)
{
    fw_finding *f = make_finding("test-default-password", "rootfs.tar", "/etc/config", 42,
                                 "password=admi…****");
    fw_finding_add_detail(f, "matched_password", "admin");
    fw_report_add_finding(rep, f);
    return f;
}

static const fw_req_result *result(const char *id)
{
    for (size_t i = 0; i < rep->n_results; i++)
        if (strcmp(rep->results[i].req->id, id) == 0)
            return &rep->results[i];
    ck_abort_msg("no result for %s", id);
    return NULL;
}

static void fold(const char *profile)
{
    const fw_profile *p = fw_profile_find(profile);
    ck_assert_ptr_nonnull(p);
    fw_report_sort(rep);
    fw_conformance_fold(rep, rs, p);
}

/* Render into memory; returns the NUL-terminated output. */
static char *render(int json, int verbose, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    fw_render_opts o = { .color = color, .verbose = verbose };
    int rc = json ? fw_render_json(f, rep, rs, &o) : fw_render_text(f, rep, rs, &o);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(rc, 0);
    return buf;
}

static json_t *render_json_parsed(void)
{
    char *out = render(1, 0, 0);
    json_error_t jerr;
    json_t *root = json_loads(out, 0, &jerr);
    ck_assert_msg(root != NULL, "JSON does not parse: %s (line %d)", jerr.text, jerr.line);
    free(out);
    return root;
}

static json_t *json_requirement(json_t *root, const char *id)
{
    json_t *reqs = json_object_get(root, "requirements");
    for (size_t i = 0; i < json_array_size(reqs); i++) {
        json_t *r = json_array_get(reqs, i);
        if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0)
            return r;
    }
    ck_abort_msg("no requirement %s in JSON", id);
    return NULL;
}

static const char *jstr_at(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    ck_assert_msg(json_is_string(v), "\"%s\" is not a string", key);
    return json_string_value(v);
}

/* The text report line for requirement id ("MO.13  PASS ..."), as a new string. */
static char *text_line_of(const char *out, const char *id)
{
    size_t idlen = strlen(id);
    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, id, idlen) == 0 && p[idlen] == ' ') {
            const char *e = strchr(p, '\n');
            return fw_xstrndup(p, e ? (size_t)(e - p) : strlen(p));
        }
    }
    return NULL;
}

/* ---- folding -------------------------------------------------------- */

START_TEST(fold_fail_counts_findings)
{
    add_password_finding();
    fw_report_add_finding(rep, make_finding("test-default-password", "", "/etc/other", 3, NULL));
    fold("all");
    const fw_req_result *mo2 = result("MO.2");
    ck_assert_int_eq(mo2->status, FW_STATUS_FAIL);
    ck_assert_uint_eq(mo2->n_findings, 2);
    ck_assert_uint_eq(mo2->n_rules, 1);
    ck_assert_str_eq(mo2->rules[0], "test-default-password");
    ck_assert_ptr_nonnull(strstr(mo2->reason, "2 findings"));
    ck_assert_ptr_nonnull(strstr(mo2->reason, "test-default-password"));
}
END_TEST

START_TEST(fold_pass_when_rule_found_nothing)
{
    add_password_finding();
    fold("all");
    const fw_req_result *mo13 = result("MO.13");
    ck_assert_int_eq(mo13->status, FW_STATUS_PASS);
    ck_assert_uint_eq(mo13->n_findings, 0);
    ck_assert_str_eq(mo13->reason, "1 rule found nothing: test-private-key.");
}
END_TEST

START_TEST(fold_process_needs_attestation)
{
    fold("all");
    const fw_req_result *mo7 = result("MO.7");
    ck_assert_int_eq(mo7->req->static_kind, FW_STATIC_PROCESS);
    ck_assert_int_eq(mo7->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_ptr_nonnull(strstr(mo7->reason, "Only an attestation"));
}
END_TEST

START_TEST(fold_no_rule_needs_attestation)
{
    fold("all");
    const fw_req_result *mo12 = result("MO.12");
    ck_assert_int_eq(mo12->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_uint_eq(mo12->n_rules, 0);
    ck_assert_ptr_nonnull(strstr(mo12->reason, "No check in this rule set"));
}
END_TEST

START_TEST(fold_partial_names_attestation)
{
    fold("all");
    const fw_req_result *mo3 = result("MO.3");
    ck_assert_int_eq(mo3->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_ptr_nonnull(strstr(mo3->reason, "found nothing"));
    ck_assert_ptr_nonnull(strstr(mo3->reason, "test-risk-banner"));
    /* The first attestation item of MO.3 in the catalog. */
    ck_assert_ptr_nonnull(strstr(mo3->reason, mo3->req->attestation.v[0]));
}
END_TEST

START_TEST(fold_incomplete_never_passes)
{
    add_password_finding();
    fw_report_add_error(rep, "firmware.bin > rootfs.tar", 0x40, 1, "truncated entry");
    fold("all");
    ck_assert_int_eq(result("MO.13")->status, FW_STATUS_INCOMPLETE);
    ck_assert_ptr_nonnull(strstr(result("MO.13")->reason, "1 error"));
    /* A finding is still evidence of failure. */
    ck_assert_int_eq(result("MO.2")->status, FW_STATUS_FAIL);
    for (size_t i = 0; i < rep->n_results; i++)
        ck_assert_int_ne(rep->results[i].status, FW_STATUS_PASS);
    ck_assert_int_eq(fw_report_verdict(rep), FW_STATUS_INCOMPLETE);
}
END_TEST

START_TEST(fold_follows_catalog_order)
{
    fold("all");
    const fw_catalog *cat = rs->catalog;
    ck_assert_uint_eq(rep->n_results, cat->count);
    for (size_t i = 0; i < cat->count; i++)
        ck_assert_ptr_eq(rep->results[i].req, &cat->reqs[i]);
    ck_assert_str_eq(rep->results[0].req->id, "MO.1");
}
END_TEST

START_TEST(fold_twice_replaces_results)
{
    add_password_finding();
    fold("all");
    fold("manufacturer");
    ck_assert_uint_eq(rep->n_results, rs->catalog->count);
    ck_assert_str_eq(rep->profile, "manufacturer");
    ck_assert_int_eq(result("HO.1")->status, FW_STATUS_NOT_APPLICABLE);
    ck_assert_int_eq(result("MO.2")->status, FW_STATUS_FAIL);
}
END_TEST

/* ---- profiles ------------------------------------------------------- */

START_TEST(profile_manufacturer_excludes_ho)
{
    add_password_finding();
    fold("manufacturer");
    ck_assert_int_eq(result("HO.1")->status, FW_STATUS_NOT_APPLICABLE);
    ck_assert_int_eq(result("CO.1")->status, FW_STATUS_NOT_APPLICABLE);
    ck_assert_int_eq(result("MO.2")->status, FW_STATUS_FAIL);
    ck_assert_int_eq(result("MO.7")->status, FW_STATUS_NEEDS_ATTESTATION);
}
END_TEST

START_TEST(profile_supplier_keeps_device_evidence)
{
    add_password_finding();
    fold("supplier");
    /* HO.1 folds from the device evidence: MO.2 fails, so HO.1 does. */
    ck_assert_int_eq(result("HO.1")->status, FW_STATUS_FAIL);
    ck_assert_int_eq(result("HO.2")->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_int_eq(result("MO.2")->status, FW_STATUS_FAIL);
    ck_assert_int_eq(result("RMO.1")->status, FW_STATUS_NOT_APPLICABLE);
    ck_assert_int_eq(result("SO.1")->status, FW_STATUS_NOT_APPLICABLE);
    ck_assert_int_eq(fw_report_verdict(rep), FW_STATUS_FAIL);
}
END_TEST

START_TEST(profile_maintainer_judges_only_its_requirements)
{
    add_password_finding();
    fold("maintainer");
    ck_assert_int_eq(result("MO.2")->status, FW_STATUS_NOT_APPLICABLE);
    /* Counted even though not judged. */
    ck_assert_uint_eq(result("MO.2")->n_findings, 1);
    ck_assert_int_eq(result("RMO.1")->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_int_eq(result("SMO.1")->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_int_eq(result("CO.1")->status, FW_STATUS_NOT_APPLICABLE);
    /* The finding names no judged requirement: the verdict and the exit
     * code's count agree. */
    ck_assert_int_eq(fw_finding_in_profile(rep, rep->findings[0]), 0);
    ck_assert_int_eq(fw_report_verdict(rep), FW_STATUS_PASS);
    ck_assert_uint_eq(fw_report_count_at_least(rep, FW_SEV_INFO), 0);
}
END_TEST

START_TEST(profile_table)
{
    size_t n = 0;
    const fw_profile *all = fw_profiles(&n);
    ck_assert_uint_eq(n, 6);
    ck_assert_str_eq(all[0].name, "all");
    ck_assert_ptr_eq(fw_profile_find(NULL), &all[0]);
    ck_assert_ptr_null(fw_profile_find("nobody"));
    const char *names[] = { "all", "manufacturer", "supplier", "maintainer", "resident", "auditor" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        ck_assert_ptr_nonnull(fw_profile_find(names[i]));
    fold("resident");
    ck_assert_int_eq(result("CO.1")->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_int_eq(result("MO.13")->status, FW_STATUS_NOT_APPLICABLE);
    fold("auditor");
    ck_assert_int_eq(result("CAO.1")->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_int_eq(result("MO.13")->status, FW_STATUS_PASS);
}
END_TEST

/* ---- JSON ----------------------------------------------------------- */

START_TEST(json_fields)
{
    fw_finding *f = add_password_finding();
    char fp[FW_FINGERPRINT_LEN + 1];
    memcpy(fp, f->fingerprint, sizeof fp);
    fold("all");
    json_t *root = render_json_parsed();

    ck_assert_str_eq(jstr_at(root, "schema"), "fwaudit-report");
    ck_assert_int_eq(json_integer_value(json_object_get(root, "schema_version")), 1);
    ck_assert_str_eq(jstr_at(json_object_get(root, "tool"), "version"), "0.1.0-test");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "ruleset"), "rules")), 5);
    ck_assert_str_eq(jstr_at(root, "profile"), "all");
    ck_assert_str_eq(jstr_at(json_object_get(root, "input"), "path"), "firmware.bin");
    json_t *scan = json_object_get(root, "scan");
    ck_assert(json_is_true(json_object_get(scan, "complete")));
    ck_assert_int_eq(json_integer_value(json_object_get(scan, "files_scanned")), 10);

    json_t *summary = json_object_get(root, "summary");
    ck_assert_str_eq(jstr_at(summary, "verdict"), "fail");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(summary, "findings"), "high")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(summary, "errors")), 0);

    json_t *findings = json_object_get(root, "findings");
    ck_assert_uint_eq(json_array_size(findings), 1);
    json_t *jf = json_array_get(findings, 0);
    ck_assert_str_eq(jstr_at(jf, "rule"), "test-default-password");
    json_t *jreqs = json_object_get(jf, "requirements");
    ck_assert_uint_eq(json_array_size(jreqs), 1);
    ck_assert_str_eq(json_string_value(json_array_get(jreqs, 0)), "MO.2");
    ck_assert_str_eq(jstr_at(jf, "severity"), "high");
    json_t *loc = json_object_get(jf, "location");
    ck_assert_str_eq(jstr_at(loc, "chain"), "rootfs.tar");
    ck_assert_str_eq(jstr_at(loc, "path"), "/etc/config");
    ck_assert_int_eq(json_integer_value(json_object_get(loc, "line")), 42);
    ck_assert(json_is_null(json_object_get(loc, "offset")));
    ck_assert_str_eq(jstr_at(jf, "fingerprint"), fp);
    ck_assert_str_eq(jstr_at(jf, "excerpt"), "password=admi…****");
    ck_assert_str_eq(jstr_at(json_object_get(jf, "details"), "matched_password"), "admin");

    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.2"), "status"), "fail");
    ck_assert_int_eq(json_integer_value(json_object_get(json_requirement(root, "MO.2"), "findings")), 1);
    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.13"), "status"), "pass");
    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.7"), "status"), "needs_attestation");
    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.7"), "static"), "process");
    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.12"), "status"), "needs_attestation");
    json_t *etsi = json_object_get(json_requirement(root, "MO.13"), "etsi_en_303_645");
    ck_assert_str_eq(json_string_value(json_array_get(etsi, 0)), "4.4");
    json_decref(root);
}
END_TEST

START_TEST(json_key_order_is_fixed)
{
    add_password_finding();
    fold("all");
    char *a = render(1, 0, 0);
    char *b = render(1, 0, 0);
    ck_assert_str_eq(a, b);
    /* The top-level keys in the documented order. */
    const char *keys[] = { "\"schema\"", "\"schema_version\"", "\"tool\"", "\"ruleset\"",
                           "\"profile\"", "\"input\"", "\"scan\"", "\"summary\"", "\"errors\"",
                           "\"findings\": [", "\"requirements\": [" };
    const char *prev = a;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *at = strstr(prev, keys[i]);
        ck_assert_msg(at != NULL, "key %s missing or out of order", keys[i]);
        prev = at;
    }
    free(a);
    free(b);
}
END_TEST

START_TEST(json_incomplete)
{
    add_password_finding();
    fw_report_add_error(rep, "firmware.bin > rootfs.tar", 0x40, 1, "truncated entry");
    fw_report_add_error(rep, "firmware.bin", FW_NO_OFFSET, 0, "unknown trailer");
    fold("all");
    json_t *root = render_json_parsed();
    ck_assert(json_is_false(json_object_get(json_object_get(root, "scan"), "complete")));
    json_t *summary = json_object_get(root, "summary");
    ck_assert_str_eq(jstr_at(summary, "verdict"), "incomplete");
    ck_assert_int_eq(json_integer_value(json_object_get(summary, "errors")), 2);
    json_t *errors = json_object_get(root, "errors");
    ck_assert_uint_eq(json_array_size(errors), 2);
    json_t *e0 = json_array_get(errors, 0);
    ck_assert_str_eq(jstr_at(e0, "where"), "firmware.bin > rootfs.tar");
    ck_assert_int_eq(json_integer_value(json_object_get(e0, "offset")), 0x40);
    ck_assert(json_is_true(json_object_get(e0, "fatal")));
    ck_assert(json_is_null(json_object_get(json_array_get(errors, 1), "offset")));
    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.13"), "status"), "incomplete");
    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.2"), "status"), "fail");
    json_decref(root);
}
END_TEST

START_TEST(json_profile_hides_unjudged_findings)
{
    add_password_finding();
    fold("maintainer");
    json_t *root = render_json_parsed();
    json_t *summary = json_object_get(root, "summary");
    ck_assert_str_eq(jstr_at(summary, "verdict"), "pass");
    ck_assert_int_eq(json_integer_value(json_object_get(summary, "findings_out_of_profile")), 1);
    ck_assert_uint_eq(json_array_size(json_object_get(root, "findings")), 0);
    ck_assert_str_eq(jstr_at(json_requirement(root, "MO.2"), "status"), "not_applicable");
    json_decref(root);
}
END_TEST

/* ---- hostile strings ------------------------------------------------ */

#define EVIL_PATH  "/etc/\033[31mevil\xff.conf"
#define EVIL_ESC   "/etc/\\x1b[31mevil\\xff.conf"
#define EVIL_CHAIN "fw.bin > /x\xfe.tar"

static void add_evil_finding(void)
{
    fw_finding *f = make_finding("test-default-password", EVIL_CHAIN, EVIL_PATH, 7,
                                 "password=\033]0;owned\007");
    free(f->message);
    f->message = fw_xstrdup("bad \xc3\x28 byte");
    fw_report_add_finding(rep, f);
    free(rep->input_path);
    rep->input_path = fw_xstrdup("in\033put\xff.bin");
}

START_TEST(hostile_strings_escaped_in_text)
{
    add_evil_finding();
    fold("all");
    char *out = render(0, 1, 0);
    const char *esc = strchr(out, '\033');
    ck_assert_msg(esc == NULL, "raw ESC in text report near: %.60s", esc && esc - out > 20 ? esc - 20 : out);
    ck_assert_msg(strchr(out, '\007') == NULL, "raw BEL in text report");
    ck_assert_ptr_null(strchr(out, '\xff'));
    ck_assert_ptr_null(strchr(out, '\xfe'));
    ck_assert_ptr_nonnull(strstr(out, "fw.bin > /x\\xfe.tar > " EVIL_ESC ":7"));
    ck_assert_ptr_nonnull(strstr(out, "in\\x1bput\\xff.bin"));
    ck_assert_ptr_nonnull(strstr(out, "bad \\xc3( byte"));
    ck_assert_ptr_nonnull(strstr(out, "password=\\x1b]0;owned\\x07"));
    free(out);
}
END_TEST

START_TEST(hostile_strings_valid_in_json)
{
    add_evil_finding();
    fold("all");
    char *out = render(1, 0, 0);
    ck_assert_ptr_null(strchr(out, '\033'));
    json_error_t jerr;
    json_t *root = json_loads(out, 0, &jerr);
    ck_assert_msg(root != NULL, "JSON does not parse: %s", jerr.text);
    json_t *jf = json_array_get(json_object_get(root, "findings"), 0);
    json_t *loc = json_object_get(jf, "location");
    ck_assert_str_eq(jstr_at(loc, "path"), EVIL_ESC);
    ck_assert_str_eq(jstr_at(loc, "chain"), "fw.bin > /x\\xfe.tar");
    ck_assert_str_eq(jstr_at(jf, "message"), "bad \\xc3( byte");
    ck_assert_str_eq(jstr_at(json_object_get(root, "input"), "path"), "in\\x1bput\\xff.bin");
    json_decref(root);
    free(out);
}
END_TEST

START_TEST(escaped_text_is_idempotent)
{
    char *once = fw_report_escaped_text("a\033b\\x41\xff");
    ck_assert_str_eq(once, "a\\x1bb\\x41\\xff");
    char *twice = fw_report_escaped_text(once);
    ck_assert_str_eq(twice, once);
    char *empty = fw_report_escaped_text(NULL);
    ck_assert_str_eq(empty, "");
    free(once);
    free(twice);
    free(empty);
}
END_TEST

/* ---- text ----------------------------------------------------------- */

START_TEST(text_fail_lists_finding)
{
    add_password_finding();
    fold("all");
    char *out = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(out, "fwaudit 0.1.0-test"));
    ck_assert_ptr_nonnull(strstr(out, "firmware.bin"));
    ck_assert_ptr_nonnull(strstr(out, "verdict     FAIL: 0 critical, 1 high"));
    char *mo2 = text_line_of(out, "MO.2");
    ck_assert_ptr_nonnull(mo2);
    ck_assert_ptr_nonnull(strstr(mo2, "FAIL"));
    free(mo2);
    ck_assert_ptr_nonnull(strstr(out, "test-default-password  rootfs.tar > /etc/config:42"));
    ck_assert_ptr_nonnull(strstr(out, "fix: Provision a unique password per device."));
    ck_assert_ptr_nonnull(strstr(out, "evidence: password=admi…****"));
    char *mo13 = text_line_of(out, "MO.13");
    ck_assert_ptr_nonnull(mo13);
    ck_assert_ptr_nonnull(strstr(mo13, "PASS"));
    free(mo13);
    /* Not applicable lines are only listed with verbose; none here anyway,
     * and no error section on a complete scan. */
    ck_assert_ptr_null(strstr(out, "Could not read"));
    ck_assert_ptr_null(strchr(out, '\033'));
    free(out);
}
END_TEST

START_TEST(text_incomplete_never_pass)
{
    add_password_finding();
    fw_report_add_error(rep, "firmware.bin > rootfs.tar", 0x40, 1, "truncated entry");
    fold("all");
    char *out = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(out, "verdict     INCOMPLETE"));
    ck_assert_ptr_nonnull(strstr(out, "Could not read (1):"));
    ck_assert_ptr_nonnull(strstr(out, "firmware.bin > rootfs.tar @0x40: truncated entry"));
    for (size_t i = 0; i < rep->n_results; i++) {
        char *line = text_line_of(out, rep->results[i].req->id);
        if (line)
            ck_assert_msg(strstr(line, "PASS") == NULL, "PASS in partial scan: %s", line);
        free(line);
    }
    char *mo13 = text_line_of(out, "MO.13");
    ck_assert_ptr_nonnull(strstr(mo13, "INCOMPLETE"));
    free(mo13);
    free(out);
}
END_TEST

START_TEST(text_profile_and_verbose)
{
    add_password_finding();
    fold("manufacturer");
    char *out = render(0, 0, 0);
    char *ho1 = text_line_of(out, "HO.1");
    ck_assert_ptr_null(ho1);
    free(out);

    out = render(0, 1, 0);
    ho1 = text_line_of(out, "HO.1");
    ck_assert_ptr_nonnull(ho1);
    ck_assert_ptr_nonnull(strstr(ho1, "NOT APPLICABLE"));
    free(ho1);
    /* Verbose: the reason for a PASS, attestation notes, the fingerprint. */
    ck_assert_ptr_nonnull(strstr(out, "1 rule found nothing: test-private-key."));
    ck_assert_ptr_nonnull(strstr(out, "attestation: "));
    ck_assert_ptr_nonnull(strstr(out, "fingerprint: "));
    ck_assert_ptr_nonnull(strstr(out, "guideline: "));
    free(out);
}
END_TEST

START_TEST(text_offset_location)
{
    fw_finding *f = make_finding("test-private-key", "", "/lib/firmware.bin", 0, NULL);
    f->offset = 0x1f0;
    fw_report_add_finding(rep, f);
    fold("all");
    char *out = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(out, "test-private-key  /lib/firmware.bin @0x1f0\n"));
    free(out);
}
END_TEST

START_TEST(text_color_only_when_asked)
{
    add_password_finding();
    fold("all");
    char *plain = render(0, 0, 0);
    char *color = render(0, 0, 1);
    ck_assert_ptr_null(strchr(plain, '\033'));
    ck_assert_ptr_nonnull(strstr(color, "\033[1;31mFAIL\033[0m"));
    free(plain);
    free(color);
}
END_TEST

START_TEST(text_without_fold_lists_findings)
{
    add_password_finding();
    char *out = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(out, "Findings:"));
    ck_assert_ptr_nonnull(strstr(out, "rootfs.tar > /etc/config:42"));
    free(out);
}
END_TEST

/* A full disk must not give a silent, truncated report. */
START_TEST(write_failure_is_reported)
{
    add_password_finding();
    fold("all");
    fw_render_opts o = { 0 };
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        return; /* no /dev/full here: nothing to test */
    ck_assert_int_eq(fw_render_text(f, rep, rs, &o), -1);
    fclose(f);
    f = fopen("/dev/full", "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fw_render_json(f, rep, rs, &o), -1);
    fclose(f);
}
END_TEST

/* `also`: a finding fails the requirement, a clean run is no evidence. */
START_TEST(fold_also_fails_but_never_passes)
{
    fold("all");
    ck_assert_int_eq(result("MO.4")->status, FW_STATUS_PASS);
    ck_assert_int_eq(result("MO.1")->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_uint_eq(result("MO.1")->n_rules, 0);
    fw_report_add_finding(rep, make_finding("test-extra-root", "", "/etc/passwd", 2, "toor:"));
    fold("all");
    ck_assert_int_eq(result("MO.1")->status, FW_STATUS_FAIL);
    ck_assert_uint_eq(result("MO.1")->n_findings, 1);
    ck_assert_int_eq(result("MO.4")->status, FW_STATUS_FAIL);
}
END_TEST

/* Positive evidence makes even a "partial" requirement PASS, and shows. */
START_TEST(fold_evidence_passes_partial_requirement)
{
    fold("all");
    ck_assert_int_eq(result("MO.9")->status, FW_STATUS_NEEDS_ATTESTATION);
    fw_finding *e = make_finding("test-erase-routine", "", "/sbin/factory-reset", 7, "mtd erase");
    free(e->message);
    e->message = fw_xstrdup("mtd erase of the config partition on reset");
    fw_report_add_evidence(rep, e);
    fold("all");
    ck_assert_int_eq(result("MO.9")->status, FW_STATUS_PASS);
    ck_assert_uint_eq(result("MO.9")->n_evidence, 1);
    ck_assert_ptr_nonnull(strstr(result("MO.9")->reason, "/sbin/factory-reset:7"));
    char *text = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "evidence  /sbin/factory-reset:7"));
    free(text);
    /* An incomplete scan still never passes. */
    fw_report_add_error(rep, "fw.bin", 0, 1, "damaged");
    fold("all");
    ck_assert_int_eq(result("MO.9")->status, FW_STATUS_INCOMPLETE);
}
END_TEST

/* A check that could not decide keeps a requirement from passing. */
START_TEST(fold_undecided_needs_attestation)
{
    fold("all");
    ck_assert_int_eq(result("MO.4")->status, FW_STATUS_PASS);
    fw_finding *u = make_finding("test-extra-root", "", "/sbin/init", 0, NULL);
    free(u->message);
    u->message = fw_xstrdup("init is a binary: what it starts cannot be read");
    fw_report_add_undecided(rep, u);
    fold("all");
    ck_assert_int_eq(result("MO.4")->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_uint_eq(result("MO.4")->n_undecided, 1);
    ck_assert_ptr_nonnull(strstr(result("MO.4")->reason, "could not decide"));
    char *text = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "undecided /sbin/init"));
    free(text);
    json_t *root = render_json_parsed();
    ck_assert_uint_eq(json_array_size(json_object_get(root, "undecided")), 1);
    json_decref(root);
    /* A finding still wins: FAIL. */
    fw_report_add_finding(rep, make_finding("test-extra-root", "", "/etc/passwd", 2, "toor:"));
    fold("all");
    ck_assert_int_eq(result("MO.4")->status, FW_STATUS_FAIL);
}
END_TEST

START_TEST(inventory_in_text_and_json)
{
    static const char *const cols[] = { "service", "started_by", NULL };
    fw_inventory *inv = fw_report_inventory(rep, "services", "Services started at boot", cols);
    const char *row1[] = { "telnetd", "/etc/inittab:3" };
    const char *row2[] = { "evil\x1b[31m", NULL };
    fw_inventory_add_row(inv, row1);
    fw_inventory_add_row(inv, row2);
    ck_assert_ptr_eq(fw_report_inventory(rep, "services", "x", cols), inv);
    fold("all");
    json_t *root = render_json_parsed();
    json_t *rows = json_object_get(json_object_get(json_object_get(root, "inventories"),
                                                   "services"), "rows");
    ck_assert_uint_eq(json_array_size(rows), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "started_by")),
                     "/etc/inittab:3");
    ck_assert(json_is_null(json_object_get(json_array_get(rows, 1), "started_by")));
    json_decref(root);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fw_render_opts o = { .only_inventory = "services" };
    ck_assert_int_eq(fw_render_text(f, rep, rs, &o), 0);
    fclose(f);
    /* aligned columns: the cell, at least two blanks, the next cell */
    const char *cellp = strstr(buf, "telnetd  ");
    ck_assert_ptr_nonnull(cellp);
    cellp += strlen("telnetd");
    while (*cellp == ' ')
        cellp++;
    ck_assert_int_eq(strncmp(cellp, "/etc/inittab:3", 14), 0);
    ck_assert_ptr_null(strchr(buf, 0x1b));
    ck_assert_ptr_null(strstr(buf, "Requirements:"));
    free(buf);
}
END_TEST

/* ---- waivers, baselines, derived profiles, ETSI, formats ------------- */

static char *render_with(fw_renderer fn)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    fw_render_opts o = { 0 };
    int rc = fn(f, rep, rs, &o);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(rc, 0);
    return buf;
}

/* A waiver file in a fresh directory; returns its path (dir in *dir). */
static char *write_waivers(char **dir, const char *json)
{
    *dir = tu_mkdtemp();
    tu_write(*dir, "waivers.json", json);
    return fw_xasprintf("%s/waivers.json", *dir);
}

static fw_waivers *load_waivers_for(const fw_finding *f, const char *expires, const char *rule)
{
    char *dir = NULL;
    char *json = fw_xasprintf("{\"waivers\": [{\"fingerprint\": \"%s\", %s%s%s\"reason\": \"accepted "
                           "for the lab build\", \"owner\": \"alice\", \"expires\": \"%s\"}]}",
                           f->fingerprint, rule ? "\"rule\": \"" : "", rule ? rule : "",
                           rule ? "\", " : "", expires);
    char *path = write_waivers(&dir, json);
    fw_waivers *w = NULL;
    fw_error err = {0};
    ck_assert_msg(fw_waivers_load(&w, path, &err) == FW_OK, "%s", err.msg);
    tu_rmtree(dir);
    free(dir);
    free(path);
    free(json);
    return w;
}

START_TEST(waiver_active_suppresses_but_stays_visible)
{
    fw_finding *f = add_password_finding();
    fw_waivers *w = load_waivers_for(f, "2030-06-30", "test-default-password");
    fw_waivers_apply(w, rep, "2030-06-30");   /* the expiry day itself is covered */
    fold("all");
    ck_assert_int_eq(f->waiver, FW_WAIVER_ACTIVE);
    ck_assert_str_eq(f->waiver_owner, "alice");
    ck_assert_uint_eq(w->v[0].used, 1);
    const fw_req_result *mo2 = result("MO.2");
    ck_assert_int_eq(mo2->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_uint_eq(mo2->n_findings, 0);
    ck_assert_uint_eq(mo2->n_accepted, 1);
    ck_assert_ptr_nonnull(strstr(mo2->reason, "waived"));
    ck_assert_uint_eq(fw_report_count_at_least(rep, FW_SEV_INFO), 0);
    ck_assert_int_eq(fw_report_verdict(rep), FW_STATUS_PASS);
    char *text = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "WAIVED until 2030-06-30 by alice: accepted for the lab build"));
    ck_assert_ptr_nonnull(strstr(text, "rootfs.tar > /etc/config:42"));
    free(text);
    fw_waivers_free(&w);
}
END_TEST

START_TEST(waiver_expired_stops_suppressing)
{
    fw_finding *f = add_password_finding();
    fw_waivers *w = load_waivers_for(f, "2024-01-31", NULL);
    fw_waivers_apply(w, rep, "2024-02-01");
    fold("all");
    ck_assert_int_eq(f->waiver, FW_WAIVER_EXPIRED);
    ck_assert_int_eq(result("MO.2")->status, FW_STATUS_FAIL);
    ck_assert_uint_eq(fw_report_count_at_least(rep, FW_SEV_HIGH), 1);
    char *text = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "WAIVER EXPIRED on 2024-01-31"));
    free(text);
    fw_waivers_free(&w);
}
END_TEST

START_TEST(expired_waiver_counts_even_when_unchanged)
{
    fw_finding *f = add_password_finding();
    f->baseline = FW_BASELINE_UNCHANGED;
    fold("all");
    ck_assert_uint_eq(fw_report_count_at_least(rep, FW_SEV_HIGH), 0);
    fw_waivers *w = load_waivers_for(f, "2024-01-31", NULL);
    fw_waivers_apply(w, rep, "2024-03-01");
    fold("all");
    ck_assert_uint_eq(fw_report_count_at_least(rep, FW_SEV_HIGH), 1);
    ck_assert_int_eq(result("MO.2")->status, FW_STATUS_FAIL);
    fw_waivers_free(&w);
}
END_TEST

START_TEST(waiver_matches_fingerprint_and_rule_only)
{
    fw_finding *f = add_password_finding();
    fw_waivers *w = load_waivers_for(f, "2099-01-01", "test-private-key");
    fw_waivers_apply(w, rep, "2025-01-01");
    ck_assert_int_eq(f->waiver, FW_WAIVER_NONE);   /* same fingerprint, other rule */
    ck_assert_uint_eq(w->v[0].used, 0);
    fw_waivers_free(&w);
}
END_TEST

START_TEST(waiver_file_errors_name_the_entry)
{
    static const struct { const char *json, *want; } cases[] = {
        { "{\"waivers\": [{\"fingerprint\": \"xyz\", \"reason\": \"r\", \"owner\": \"o\", \"expires\": \"2030-01-01\"}]}", "waivers[0]: \"fingerprint\"" },
        { "{\"waivers\": [{\"fingerprint\": \"0123456789abcdef0123456789abcdef\", \"reason\": \"r\", \"expires\": \"2030-01-01\"}]}", "\"owner\" is missing" },
        { "{\"waivers\": [{\"fingerprint\": \"0123456789abcdef0123456789abcdef\", \"reason\": \"r\", \"owner\": \"o\", \"expires\": \"2030-13-01\"}]}", "\"expires\"" },
        { "{\"waiver\": []}", "\"waivers\" array" },
        { "{not json", "waivers.json:1" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir = NULL;
        char *path = write_waivers(&dir, cases[i].json);
        fw_waivers *w = NULL;
        fw_error err = {0};
        ck_assert_int_ne(fw_waivers_load(&w, path, &err), FW_OK);
        ck_assert_ptr_null(w);
        ck_assert_msg(strstr(err.msg, cases[i].want) != NULL, "case %zu: %s", i, err.msg);
        tu_rmtree(dir);
        free(dir);
        free(path);
    }
}
END_TEST

START_TEST(baseline_marks_new_unchanged_and_fixed)
{
    /* The previous release: the password finding and a private key. */
    fw_finding *old_pw = add_password_finding();
    fw_report_add_finding(rep, make_finding("test-private-key", "", "/etc/key.pem", 1, "KEY"));
    fold("all");
    char *prev = render(1, 0, 0);
    char *dir = tu_mkdtemp();
    tu_write(dir, "prev.json", prev);
    char *path = fw_xasprintf("%s/prev.json", dir);
    char fp[FW_FINGERPRINT_LEN + 1];
    memcpy(fp, old_pw->fingerprint, sizeof fp);
    fw_report_free(&rep);

    /* This release: the password finding moved a line, the key is gone, an
     * extra root account is new. */
    rep = fw_report_new();
    fw_finding *pw = make_finding("test-default-password", "rootfs.tar", "/etc/config", 57,
                                  "password=admi…****");
    ck_assert_str_eq(pw->fingerprint, fp);
    fw_report_add_finding(rep, pw);
    fw_finding *root = make_finding("test-extra-root", "", "/etc/passwd", 2, "toor:");
    fw_report_add_finding(rep, root);
    fw_baseline *b = NULL;
    fw_error err = {0};
    ck_assert_msg(fw_baseline_load(&b, path, &err) == FW_OK, "%s", err.msg);
    fw_baseline_apply(b, rep);
    fold("all");
    ck_assert_int_eq(pw->baseline, FW_BASELINE_UNCHANGED);
    ck_assert_int_eq(root->baseline, FW_BASELINE_NEW);
    ck_assert_uint_eq(rep->n_fixed, 1);
    ck_assert_str_eq(rep->fixed[0].rule, "test-private-key");
    ck_assert_str_eq(rep->fixed[0].path, "/etc/key.pem");
    /* Only the new finding counts for --fail-on and FAIL. */
    ck_assert_uint_eq(fw_report_count_at_least(rep, FW_SEV_HIGH), 1);
    ck_assert_int_eq(result("MO.4")->status, FW_STATUS_FAIL);
    ck_assert_int_ne(result("MO.2")->status, FW_STATUS_FAIL);
    char *text = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "1 new, 1 unchanged, 1 fixed"));
    ck_assert_ptr_nonnull(strstr(text, "[unchanged since the baseline]"));
    free(text);
    /* Not a report: refused. */
    tu_write(dir, "other.json", "{\"schema\": \"something-else\", \"findings\": []}");
    char *other = fw_xasprintf("%s/other.json", dir);
    fw_baseline *b2 = NULL;
    ck_assert_int_ne(fw_baseline_load(&b2, other, &err), FW_OK);
    ck_assert_ptr_nonnull(strstr(err.msg, "not an fwaudit JSON report"));
    fw_baseline_free(&b);
    tu_rmtree(dir);
    free(other);
    free(dir);
    free(path);
    free(prev);
}
END_TEST

START_TEST(supplier_ho1_folds_from_device_evidence)
{
    fold("supplier");
    const fw_req_result *ho1 = result("HO.1");
    ck_assert_int_eq(ho1->status, FW_STATUS_NEEDS_ATTESTATION);
    ck_assert_ptr_nonnull(strstr(ho1->reason, "MO.14"));
    ck_assert_ptr_nonnull(strstr(ho1->reason, "tamper resistance"));
    add_password_finding();
    fold("supplier");
    ho1 = result("HO.1");
    ck_assert_int_eq(ho1->status, FW_STATUS_FAIL);
    ck_assert_ptr_nonnull(strstr(ho1->reason, "failing: MO.2 FAIL"));
    /* Other profiles leave HO.1 to its own fold. */
    fold("all");
    ck_assert_ptr_null(strstr(result("HO.1")->reason, "Derived"));
}
END_TEST

START_TEST(etsi_maps_every_cited_provision)
{
    for (int n = 1; n <= 13; n++) {
        char cited[8], clause[8];
        snprintf(cited, sizeof cited, "4.%d", n);
        snprintf(clause, sizeof clause, "5.%d", n);
        const fw_etsi_provision *p = fw_etsi_find(cited);
        ck_assert_ptr_nonnull(p);
        ck_assert_str_eq(p->clause, clause);
    }
    ck_assert_str_eq(fw_etsi_find("4.1")->title, "No universal default passwords");
    ck_assert_str_eq(fw_etsi_find("4.13")->title, "Validate input data");
    ck_assert_ptr_null(fw_etsi_find("5.1"));
    ck_assert_ptr_null(fw_etsi_find("4.14"));
    /* Every citation in the shipped catalog is known. */
    for (size_t i = 0; i < rs->catalog->count; i++)
        for (size_t k = 0; k < rs->catalog->reqs[i].etsi.n; k++)
            ck_assert_msg(fw_etsi_find(rs->catalog->reqs[i].etsi.v[k]) != NULL, "%s cites %s",
                          rs->catalog->reqs[i].id, rs->catalog->reqs[i].etsi.v[k]);
}
END_TEST

START_TEST(format_from_name_and_extension)
{
    ck_assert_str_eq(fw_report_format_for_path("out/report.sarif")->name, "sarif");
    ck_assert_str_eq(fw_report_format_for_path("report.sarif.json")->name, "sarif");
    ck_assert_str_eq(fw_report_format_for_path("report.json")->name, "json");
    ck_assert_str_eq(fw_report_format_for_path("report.junit.xml")->name, "junit");
    ck_assert_str_eq(fw_report_format_for_path("report.html")->name, "html");
    ck_assert_str_eq(fw_report_format_for_path("report.md")->name, "markdown");
    ck_assert_ptr_null(fw_report_format_for_path("report"));
    ck_assert_ptr_null(fw_report_format_for_path(".json"));
    ck_assert_ptr_eq(fw_report_format_find("junit")->render, fw_render_junit);
    ck_assert_ptr_null(fw_report_format_find("pdf"));
}
END_TEST

START_TEST(sarif_result_content)
{
    fw_finding *f = add_password_finding();
    fw_waivers *w = load_waivers_for(f, "2099-01-01", NULL);
    fw_waivers_apply(w, rep, "2025-01-01");
    fold("all");
    char *out = render_with(fw_render_sarif);
    json_error_t jerr;
    json_t *root = json_loads(out, 0, &jerr);
    ck_assert_msg(root != NULL, "SARIF does not parse: %s", jerr.text);
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *res = json_array_get(json_object_get(run, "results"), 0);
    ck_assert_str_eq(jstr_at(res, "ruleId"), "test-default-password");
    ck_assert_str_eq(jstr_at(res, "level"), "error");
    json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0),
                                   "physicalLocation");
    ck_assert_str_eq(jstr_at(json_object_get(phys, "artifactLocation"), "uri"), "etc/config");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(phys, "region"),
                                                        "startLine")), 42);
    ck_assert_str_eq(jstr_at(json_object_get(res, "properties"), "chain"), "rootfs.tar");
    ck_assert_str_eq(jstr_at(json_object_get(res, "partialFingerprints"), "fwaudit/v1"),
                     f->fingerprint);
    json_t *sup = json_array_get(json_object_get(res, "suppressions"), 0);
    ck_assert_str_eq(jstr_at(sup, "status"), "accepted");
    ck_assert_ptr_nonnull(strstr(jstr_at(sup, "justification"), "owner alice"));
    /* The rule's tags carry its requirement ID. */
    size_t idx = (size_t)json_integer_value(json_object_get(res, "ruleIndex"));
    json_t *rule = json_array_get(json_object_get(json_object_get(json_object_get(run, "tool"),
                                                                  "driver"), "rules"), idx);
    ck_assert_str_eq(jstr_at(rule, "id"), "test-default-password");
    json_t *tags = json_object_get(json_object_get(rule, "properties"), "tags");
    ck_assert_str_eq(json_string_value(json_array_get(tags, 1)), "MO.2");
    json_decref(root);
    free(out);
    fw_waivers_free(&w);
}
END_TEST

START_TEST(junit_one_case_per_requirement)
{
    add_password_finding();
    fold("manufacturer");
    char *out = render_with(fw_render_junit);
    size_t cases = 0;
    for (const char *p = out; (p = strstr(p, "<testcase ")) != NULL; p++)
        cases++;
    ck_assert_uint_eq(cases, rep->n_results);
    const char *mo2 = strstr(out, "name=\"MO.2 ");
    ck_assert_ptr_nonnull(mo2);
    const char *end = strstr(mo2, "</testcase>");
    const char *failure = strstr(mo2, "<failure ");
    ck_assert(failure && failure < end);
    const char *loc = strstr(mo2, "rootfs.tar &gt; /etc/config:42");
    ck_assert(loc && loc < end);
    ck_assert_ptr_nonnull(strstr(out, "failures=\"1\""));
    free(out);
}
END_TEST

START_TEST(html_escapes_and_shows_matrix)
{
    fw_finding *f = make_finding("test-default-password", "a<b>.tar", "/etc/<script>x",
                                 3, "password=<img src=x>");
    fw_report_add_finding(rep, f);
    fold("all");
    char *out = render_with(fw_render_html);
    ck_assert_ptr_nonnull(strstr(out, "<table id=\"matrix\">"));
    ck_assert_ptr_null(strstr(out, "<script"));
    ck_assert_ptr_null(strstr(out, "<img"));
    ck_assert_ptr_nonnull(strstr(out, "/etc/&lt;script&gt;x:3"));
    ck_assert_ptr_nonnull(strstr(out, "password=&lt;img src=x&gt;"));
    ck_assert_ptr_nonnull(strstr(out, "4.1 &rarr; <b>5.1</b>"));
    ck_assert_ptr_nonnull(strstr(out, "<span class=\"st st-fail\">FAIL</span>"));
    free(out);
    out = render_with(fw_render_markdown);
    ck_assert_ptr_null(strstr(out, "<script"));
    ck_assert_ptr_nonnull(strstr(out, "| MO.2 |"));
    free(out);
}
END_TEST

/* A finding with a data flow (a CGI's request data through a sourced
 * library to eval): every format shows the steps, source first; the
 * fingerprint is the finding's, whatever the flow. */
static void add_flow_step(fw_finding *f, const char *path, uint64_t line, const char *note)
{
    f->flow = fw_xreallocarray(f->flow, f->n_flow + 1, sizeof *f->flow);
    f->flow[f->n_flow++] = (fw_location){ fw_xstrdup("rootfs.tar"), fw_xstrdup(path), line,
                                          FW_NO_OFFSET, fw_xstrdup(note) };
}

static fw_finding *add_flow_finding(void)
{
    fw_finding *f = make_finding("test-extra-root", "rootfs.tar", "/www/cgi-bin/lib.sh", 4,
                                 "eval \"ping -c 1 $1\"");
    add_flow_step(f, "/www/cgi-bin/ping.cgi", 3, "host=\"$FORM_host\"");
    add_flow_step(f, "/www/cgi-bin/ping.cgi", 5, "passed to do_ping \"$host\" as $1");
    add_flow_step(f, "/www/cgi-bin/lib.sh", 4, "eval \"ping -c 1 <$1>\"");
    fw_report_add_finding(rep, f);
    return f;
}

START_TEST(flow_in_every_format)
{
    fw_finding *f = add_flow_finding();
    char fp[FW_FINGERPRINT_LEN + 1];
    memcpy(fp, f->fingerprint, sizeof fp);
    fold("all");

    char *out = render(0, 0, 0);
    const char *fl = strstr(out, "flow:\n");
    ck_assert_msg(fl != NULL, "no flow block in:\n%s", out);
    const char *s1 = strstr(fl, "1. rootfs.tar > /www/cgi-bin/ping.cgi:3: host=\"$FORM_host\"\n");
    const char *s3 = strstr(fl, "3. rootfs.tar > /www/cgi-bin/lib.sh:4: eval \"ping -c 1 <$1>\"\n");
    ck_assert_msg(s1 && s3 && s1 < s3, "steps not in order:\n%s", out);
    free(out);

    json_t *root = render_json_parsed();
    json_t *jf = json_array_get(json_object_get(root, "findings"), 0);
    json_t *flow = json_object_get(jf, "flow");
    ck_assert_uint_eq(json_array_size(flow), 3);
    ck_assert_str_eq(jstr_at(json_array_get(flow, 0), "path"), "/www/cgi-bin/ping.cgi");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(flow, 0), "line")), 3);
    ck_assert_str_eq(jstr_at(json_array_get(flow, 0), "chain"), "rootfs.tar");
    ck_assert_str_eq(jstr_at(json_array_get(flow, 1), "note"), "passed to do_ping \"$host\" as $1");
    ck_assert_str_eq(jstr_at(json_array_get(flow, 2), "path"), "/www/cgi-bin/lib.sh");
    ck_assert_str_eq(jstr_at(jf, "fingerprint"), fp);
    json_decref(root);

    out = render_with(fw_render_sarif);
    json_error_t jerr;
    root = json_loads(out, 0, &jerr);
    ck_assert_msg(root != NULL, "SARIF does not parse: %s", jerr.text);
    json_t *res = json_array_get(json_object_get(json_array_get(json_object_get(root, "runs"), 0),
                                                 "results"), 0);
    json_t *tf = json_array_get(json_object_get(json_array_get(json_object_get(res, "codeFlows"),
                                                               0), "threadFlows"), 0);
    json_t *tls = json_object_get(tf, "locations");
    ck_assert_uint_eq(json_array_size(tls), 3);
    json_t *l0 = json_object_get(json_array_get(tls, 0), "location");
    json_t *p0 = json_object_get(l0, "physicalLocation");
    ck_assert_str_eq(jstr_at(json_object_get(p0, "artifactLocation"), "uri"), "www/cgi-bin/ping.cgi");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(p0, "region"), "startLine")), 3);
    ck_assert_str_eq(jstr_at(json_object_get(l0, "message"), "text"), "host=\"$FORM_host\"");
    json_t *l2 = json_object_get(json_array_get(tls, 2), "location");
    ck_assert_str_eq(jstr_at(json_object_get(json_object_get(l2, "physicalLocation"),
                                             "artifactLocation"), "uri"), "www/cgi-bin/lib.sh");
    /* the result's own location stays the sink */
    json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0),
                                   "physicalLocation");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(phys, "region"),
                                                        "startLine")), 4);
    json_decref(root);
    free(out);

    out = render_with(fw_render_junit);
    ck_assert_ptr_nonnull(strstr(out, "flow: 1. rootfs.tar &gt; /www/cgi-bin/ping.cgi:3: "));
    ck_assert_ptr_nonnull(strstr(out, "3. rootfs.tar &gt; /www/cgi-bin/lib.sh:4: eval"));
    free(out);
    out = render_with(fw_render_html);
    ck_assert_ptr_nonnull(strstr(out, "<ol class=\"flow\">"));
    ck_assert_ptr_nonnull(strstr(out, "ping -c 1 &lt;$1&gt;"));
    ck_assert_ptr_null(strstr(out, "<$1>"));
    free(out);
    out = render_with(fw_render_markdown);
    ck_assert_ptr_nonnull(strstr(out, "  - flow:\n    1. "));
    ck_assert_ptr_nonnull(strstr(out, "/www/cgi-bin/lib.sh:4"));
    free(out);
}
END_TEST

/* A finding without a flow has an empty `flow` array and no codeFlows. */
START_TEST(no_flow_no_codeflows)
{
    add_password_finding();
    fold("all");
    json_t *root = render_json_parsed();
    json_t *jf = json_array_get(json_object_get(root, "findings"), 0);
    ck_assert(json_is_array(json_object_get(jf, "flow")));
    ck_assert_uint_eq(json_array_size(json_object_get(jf, "flow")), 0);
    json_decref(root);
    char *out = render_with(fw_render_sarif);
    ck_assert_ptr_null(strstr(out, "codeFlows"));
    free(out);
    out = render(0, 0, 0);
    ck_assert_ptr_null(strstr(out, "flow:"));
    free(out);
}
END_TEST

/* ---- one fact, one finding (aggregate.c) ------------------------------ */

/* The shipped rules over a tree, aggregated as a scan does (while the tree
 * is alive), sorted and folded; the result replaces the fixture's report. */
static void scan_tree(fw_tree *t)
{
    fw_ruleset_free(&rs);
    rs = tu_ruleset_shipped();
    fw_report_free(&rep);
    rep = tu_run_checks(rs, t);
    rep->tool_version = fw_xstrdup("0.1.0-test");
    rep->input_path = fw_xstrdup("rootfs");
    rep->input_kind = fw_xstrdup("directory");
    fw_report_aggregate(rep, t);
    fw_report_sort(rep);
    fw_conformance_fold(rep, rs, fw_profile_find("all"));
}

static const char *UHTTPD =
    "# Server configuration\n"
    "config uhttpd main\n"
    "\n"
    "\t# HTTP listen addresses, multiple allowed\n"
    "\tlist listen_http\t0.0.0.0:80\n"
    "\tlist listen_http\t[::]:80\n"
    "\n"
    "\t# HTTPS listen addresses, multiple allowed\n"
    "\tlist listen_https\t0.0.0.0:443\n"
    "\tlist listen_https\t[::]:443\n";

static void busybox_rootfs(fw_tree *t, fw_ns *ns, const char *root)
{
    char *p = fw_xasprintf("%s/etc/passwd", root);
    tu_add_file(t, ns, p, "root:x:0:0:root:/root:/bin/ash\n");
    free(p);
    p = fw_xasprintf("%s/bin/busybox", root);
    tu_add_bytes(t, ns, p, "\177ELF\1\1\1", 7);
    free(p);
    p = fw_xasprintf("%s/bin/sh", root);
    tu_add_symlink(t, ns, p, "busybox");
    free(p);
}

/* OpenWrt's uhttpd listens on 0.0.0.0:80 and [::]:80: one plain-HTTP
 * server, one finding at the first line, the second line as evidence. */
START_TEST(group_file_one_finding_per_file)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox_rootfs(t, ns, "");
    tu_add_file(t, ns, "/etc/config/uhttpd", UHTTPD);
    scan_tree(t);
    ck_assert_uint_eq(tu_count(rep, "uhttpd-plain-http"), 1);
    const fw_finding *f = tu_get(rep, "uhttpd-plain-http", 0);
    ck_assert_str_eq(f->path, "/etc/config/uhttpd");
    ck_assert_uint_eq(f->line, 5);
    ck_assert_uint_eq(f->n_also, 1);
    ck_assert_str_eq(f->also[0].path, "/etc/config/uhttpd");
    ck_assert_uint_eq(f->also[0].line, 6);
    ck_assert_ptr_nonnull(strstr(f->also[0].excerpt, "[::]:80"));
    char fp[FW_FINGERPRINT_LEN + 1];
    memcpy(fp, f->fingerprint, sizeof fp);
    char *out = render(0, 0, 0);
    if (!strstr(out, "also at: /etc/config/uhttpd:6: "))
        fprintf(stderr, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "also at: /etc/config/uhttpd:6: "));
    ck_assert_ptr_nonnull(strstr(out, "[::]:80\n"));
    free(out);
    fw_tree_free(&t);

    /* The file's fingerprint stays when a listen line goes (baselines). */
    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    busybox_rootfs(t, ns, "");
    tu_add_file(t, ns, "/etc/config/uhttpd",
                "config uhttpd main\n\tlist listen_http\t0.0.0.0:80\n");
    scan_tree(t);
    ck_assert_uint_eq(tu_count(rep, "uhttpd-plain-http"), 1);
    ck_assert_str_eq(tu_get(rep, "uhttpd-plain-http", 0)->fingerprint, fp);
    ck_assert_uint_eq(tu_get(rep, "uhttpd-plain-http", 0)->n_also, 0);
    fw_tree_free(&t);
}
END_TEST

/* A rule without `group file` keeps one finding per match: two AWS keys
 * in one file are two secrets. */
START_TEST(ungrouped_rule_keeps_every_match)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox_rootfs(t, ns, "");
    tu_add_file(t, ns, "/etc/cloud.conf",
                "aws_key = AKIAUJZDEGXDNCF32EPF\nbackup_key = AKIAQWERTYUIOPASDFGH\n");
    scan_tree(t);
    ck_assert_uint_eq(tu_count(rep, "aws-access-key-id"), 2);
    ck_assert_uint_eq(tu_get(rep, "aws-access-key-id", 0)->n_also, 0);
    fw_tree_free(&t);
}
END_TEST

/* The same key in identical copies (a flattened symlink) is one finding
 * listing the copies; the same key in a different file is another. */
START_TEST(identical_copies_merge)
{
    const char *js = "var cloud = { key: \"AKIAUJZDEGXDNCF32EPF\" };\n";
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox_rootfs(t, ns, "");
    /* stored out of order: the kept location is the first path sorted */
    tu_add_file(t, ns, "/www/js/cloud.js", js);
    tu_add_file(t, ns, "/usr/lib/lua/luci/cloud.js", js);
    tu_add_file(t, ns, "/etc/cloud.conf", "aws_key = AKIAUJZDEGXDNCF32EPF\n");
    scan_tree(t);
    ck_assert_uint_eq(tu_count(rep, "aws-access-key-id"), 2);
    const fw_finding *a = tu_get(rep, "aws-access-key-id", 0);
    const fw_finding *b = tu_get(rep, "aws-access-key-id", 1);
    const fw_finding *merged = a->n_also ? a : b, *single = a->n_also ? b : a;
    ck_assert_str_eq(single->path, "/etc/cloud.conf");
    ck_assert_uint_eq(single->n_also, 0);
    ck_assert_str_eq(merged->path, "/usr/lib/lua/luci/cloud.js");
    ck_assert_uint_eq(merged->n_also, 1);
    ck_assert_str_eq(merged->also[0].path, "/www/js/cloud.js");
    ck_assert_uint_eq(merged->also[0].line, 1);
    char want[FW_FINGERPRINT_LEN + 1];
    fw_finding_fingerprint(want, "aws-access-key-id", "/usr/lib/lua/luci/cloud.js",
                           "AKIAUJZDEGXDNCF32EPF");
    ck_assert_str_eq(merged->fingerprint, want);

    json_t *root = render_json_parsed();
    json_t *fs = json_object_get(root, "findings");
    int seen = 0;
    for (size_t i = 0; i < json_array_size(fs); i++) {
        json_t *f = json_array_get(fs, i);
        json_t *also = json_object_get(f, "also_at");
        ck_assert(json_is_array(also));
        if (json_array_size(also) == 1) {
            seen = 1;
            ck_assert_str_eq(json_string_value(json_object_get(json_array_get(also, 0), "path")),
                             "/www/js/cloud.js");
        }
        ck_assert(json_is_false(json_object_get(f, "outside_image")));
    }
    ck_assert(seen);
    json_decref(root);
    char *sarif = render_with(fw_render_sarif);
    ck_assert_ptr_nonnull(strstr(sarif, "\"relatedLocations\""));
    ck_assert_ptr_nonnull(strstr(sarif, "identical copy of the file"));
    free(sarif);
    char *md = render_with(fw_render_markdown);
    ck_assert_ptr_nonnull(strstr(md, "  - also at /www/js/cloud.js:1"));
    free(md);
    char *html = render_with(fw_render_html);
    ck_assert_ptr_nonnull(strstr(html, "<b>Also at:</b>"));
    free(html);
    char *junit = render_with(fw_render_junit);
    ck_assert_ptr_nonnull(strstr(junit, "also at: /www/js/cloud.js:1"));
    free(junit);
    fw_tree_free(&t);
}
END_TEST

/* Same size, same key, different content: not copies. */
START_TEST(different_content_does_not_merge)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox_rootfs(t, ns, "");
    tu_add_file(t, ns, "/www/js/a.js", "var k = \"AKIAUJZDEGXDNCF32EPF\"; // a\n");
    tu_add_file(t, ns, "/www/js/b.js", "var k = \"AKIAUJZDEGXDNCF32EPF\"; // b\n");
    scan_tree(t);
    ck_assert_uint_eq(tu_count(rep, "aws-access-key-id"), 2);
    ck_assert_uint_eq(tu_get(rep, "aws-access-key-id", 0)->n_also, 0);
    fw_tree_free(&t);
}
END_TEST

/* A binwalk layout: the root filesystem is _fw.bin.extracted/squashfs-root,
 * beside it an analyst's exploit script. Findings in the image have device
 * paths; the script's is outside the image: listed, never counted. */
START_TEST(outside_the_image_is_apart)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox_rootfs(t, ns, "/_fw.bin.extracted/squashfs-root");
    tu_add_file(t, ns, "/_fw.bin.extracted/squashfs-root/etc/config/uhttpd", UHTTPD);
    tu_add_file(t, ns, "/exploit.sh",
                "#!/bin/sh\n# creds found on the device\nAWS=AKIAUJZDEGXDNCF32EPF\n");
    fw_ns_find_root(ns);
    ck_assert_str_eq(ns->root, "/_fw.bin.extracted/squashfs-root");
    scan_tree(t);
    const fw_finding *u = tu_get(rep, "uhttpd-plain-http", 0);
    ck_assert_ptr_nonnull(u);
    ck_assert_str_eq(u->path, "/etc/config/uhttpd");
    ck_assert_str_eq(u->root, "/_fw.bin.extracted/squashfs-root");
    ck_assert_int_eq(u->outside, 0);
    const fw_finding *x = tu_get(rep, "aws-access-key-id", 0);
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->path, "/exploit.sh");
    ck_assert_int_eq(x->outside, 1);
    ck_assert_uint_eq(rep->n_outside, 1);
    ck_assert_int_eq(fw_finding_counts(rep, x), 0);
    /* MO.13 (the key's requirement) is not failed by a file beside the image */
    for (size_t i = 0; i < rep->n_results; i++)
        if (strcmp(rep->results[i].req->id, "MO.13") == 0) {
            ck_assert_int_ne(rep->results[i].status, FW_STATUS_FAIL);
            ck_assert_uint_eq(rep->results[i].n_findings, 0);
        }
    ck_assert_uint_eq(fw_report_count_at_least(rep, FW_SEV_HIGH), 0);
    char *out = render(0, 0, 0);
    ck_assert_ptr_nonnull(strstr(out, "Outside the image (1 finding"));
    ck_assert_ptr_nonnull(strstr(out, "aws-access-key-id  /exploit.sh:3"));
    free(out);
    json_t *root = render_json_parsed();
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "summary"),
                                                        "findings_outside_image")), 1);
    json_decref(root);
    char *sarif = render_with(fw_render_sarif);
    ck_assert_ptr_nonnull(strstr(sarif, "\"outsideImage\": true"));
    free(sarif);
    char *md = render_with(fw_render_markdown);
    ck_assert_ptr_nonnull(strstr(md, "## Outside the image (1)"));
    free(md);
    fw_tree_free(&t);
}
END_TEST

/* A plain root filesystem (root at the top): nothing is outside. */
START_TEST(plain_rootfs_has_nothing_outside)
{
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    busybox_rootfs(t, ns, "");
    tu_add_file(t, ns, "/etc/cloud.conf", "aws_key = AKIAUJZDEGXDNCF32EPF\n");
    fw_ns_find_root(ns);
    scan_tree(t);
    ck_assert_uint_eq(rep->n_outside, 0);
    const fw_finding *x = tu_get(rep, "aws-access-key-id", 0);
    ck_assert_int_eq(x->outside, 0);
    ck_assert_str_eq(x->root, "");
    ck_assert_int_eq(fw_finding_counts(rep, x), 1);
    fw_tree_free(&t);
}
END_TEST

/* `group file` parses once, and nothing but `file` is accepted. */
START_TEST(group_option_parses)
{
#define GROUP_RULE(opt) \
        "rule t-listen\n  requires MO.6\n  severity low\n  title t\n  fix f\n" \
        "  pattern listen\n" opt \
        "  must-match \"listen\\n\"\n  must-not-match \"x\\n\"\nend\n"
    fw_ruleset *r = NULL;
    fw_error err = {0};
    char *ok = fw_xstrdup(GROUP_RULE("  group file\n"));
    ck_assert_int_eq(fw_ruleset_new(&r, CATALOG_PATH, &err), FW_OK);
    ck_assert_int_eq(fw_ruleset_load_string(r, "t.rules", ok, &err), FW_OK);
    ck_assert_int_eq(r->rules[r->count - 1]->group_file, 1);
    fw_ruleset_free(&r);
    const char *bad[] = { GROUP_RULE("  group line\n"), GROUP_RULE("  group\n"),
                          GROUP_RULE("  group file\n  group file\n") };
    for (size_t i = 0; i < 3; i++) {
        char *txt = fw_xstrdup(bad[i]);
        ck_assert_int_eq(fw_ruleset_new(&r, CATALOG_PATH, &err), FW_OK);
        ck_assert_int_eq(fw_ruleset_load_string(r, "t.rules", txt, &err), FW_ERULE);
        ck_assert_ptr_nonnull(strstr(err.msg, "group"));
        fw_ruleset_free(&r);
        free(txt);
    }
    free(ok);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *fold_tc = tcase_create("fold");
    tcase_add_checked_fixture(fold_tc, setup, teardown);
    tcase_add_test(fold_tc, fold_fail_counts_findings);
    tcase_add_test(fold_tc, fold_also_fails_but_never_passes);
    tcase_add_test(fold_tc, fold_evidence_passes_partial_requirement);
    tcase_add_test(fold_tc, inventory_in_text_and_json);
    tcase_add_test(fold_tc, fold_undecided_needs_attestation);
    tcase_add_test(fold_tc, fold_pass_when_rule_found_nothing);
    tcase_add_test(fold_tc, fold_process_needs_attestation);
    tcase_add_test(fold_tc, fold_no_rule_needs_attestation);
    tcase_add_test(fold_tc, fold_partial_names_attestation);
    tcase_add_test(fold_tc, fold_incomplete_never_passes);
    tcase_add_test(fold_tc, fold_follows_catalog_order);
    tcase_add_test(fold_tc, fold_twice_replaces_results);
    suite_add_tcase(s, fold_tc);

    TCase *prof = tcase_create("profile");
    tcase_add_checked_fixture(prof, setup, teardown);
    tcase_add_test(prof, profile_manufacturer_excludes_ho);
    tcase_add_test(prof, profile_supplier_keeps_device_evidence);
    tcase_add_test(prof, profile_maintainer_judges_only_its_requirements);
    tcase_add_test(prof, profile_table);
    suite_add_tcase(s, prof);

    TCase *json = tcase_create("json");
    tcase_add_checked_fixture(json, setup, teardown);
    tcase_add_test(json, json_fields);
    tcase_add_test(json, json_key_order_is_fixed);
    tcase_add_test(json, json_incomplete);
    tcase_add_test(json, json_profile_hides_unjudged_findings);
    suite_add_tcase(s, json);

    TCase *hostile = tcase_create("hostile");
    tcase_add_checked_fixture(hostile, setup, teardown);
    tcase_add_test(hostile, hostile_strings_escaped_in_text);
    tcase_add_test(hostile, hostile_strings_valid_in_json);
    tcase_add_test(hostile, escaped_text_is_idempotent);
    suite_add_tcase(s, hostile);

    TCase *text = tcase_create("text");
    tcase_add_checked_fixture(text, setup, teardown);
    tcase_add_test(text, text_fail_lists_finding);
    tcase_add_test(text, text_incomplete_never_pass);
    tcase_add_test(text, text_profile_and_verbose);
    tcase_add_test(text, text_offset_location);
    tcase_add_test(text, text_color_only_when_asked);
    tcase_add_test(text, text_without_fold_lists_findings);
    tcase_add_test(text, write_failure_is_reported);
    suite_add_tcase(s, text);

    TCase *acc = tcase_create("accept");
    tcase_add_checked_fixture(acc, setup, teardown);
    tcase_add_test(acc, waiver_active_suppresses_but_stays_visible);
    tcase_add_test(acc, waiver_expired_stops_suppressing);
    tcase_add_test(acc, waiver_matches_fingerprint_and_rule_only);
    tcase_add_test(acc, expired_waiver_counts_even_when_unchanged);
    tcase_add_test(acc, waiver_file_errors_name_the_entry);
    tcase_add_test(acc, baseline_marks_new_unchanged_and_fixed);
    tcase_add_test(acc, supplier_ho1_folds_from_device_evidence);
    suite_add_tcase(s, acc);

    TCase *agg = tcase_create("aggregate");
    tcase_add_checked_fixture(agg, setup, teardown);
    tcase_add_test(agg, group_file_one_finding_per_file);
    tcase_add_test(agg, ungrouped_rule_keeps_every_match);
    tcase_add_test(agg, identical_copies_merge);
    tcase_add_test(agg, different_content_does_not_merge);
    tcase_add_test(agg, outside_the_image_is_apart);
    tcase_add_test(agg, plain_rootfs_has_nothing_outside);
    tcase_add_test(agg, group_option_parses);
    suite_add_tcase(s, agg);

    TCase *fmt = tcase_create("formats");
    tcase_add_checked_fixture(fmt, setup, teardown);
    tcase_add_test(fmt, etsi_maps_every_cited_provision);
    tcase_add_test(fmt, format_from_name_and_extension);
    tcase_add_test(fmt, sarif_result_content);
    tcase_add_test(fmt, junit_one_case_per_requirement);
    tcase_add_test(fmt, html_escapes_and_shows_matrix);
    tcase_add_test(fmt, flow_in_every_format);
    tcase_add_test(fmt, no_flow_no_codeflows);
    suite_add_tcase(s, fmt);
    return s;
}

int main(void)
{
    return tu_run_suite(report_suite());
}
