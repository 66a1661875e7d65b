/* render_sarif.c: SARIF 2.1.0 for GitHub code scanning and other consumers.
 *
 * One run; tool.driver.rules are the loaded rules (help text = the fix, the
 * requirement IDs as tags, GitHub's security-severity); one result per
 * finding, judged by the profile, with the path inside the image as a
 * relative artifact URI under the uriBaseId IMAGEROOT, the container chain in
 * result.properties, the content fingerprint as partialFingerprints (stable
 * across releases, so code scanning tracks a finding from release to
 * release), waived findings as accepted external suppressions and
 * baselineState against --baseline. Unpack errors are tool execution
 * notifications, and an incomplete scan is executionSuccessful false.
 * Validated against the SARIF 2.1.0 schema in tests (testdata/). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/escape.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/json_util.h"
#include "report/report.h"
#include "report/render_util.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define INFO_URI "https://github.com/fwaudit/fwaudit"

/* SARIF wants a string where the JSON report has null. */
static json_t *j_text(const char *s) { return fw_j_text(s ? s : ""); }
static json_t *j_name(const char *s) { return fw_j_name(s ? s : ""); }

static json_t *message(const char *text)
{
    json_t *m = json_object();
    if (m && json_object_set_new(m, "text", j_text(text)) != 0) {
        json_decref(m);
        return NULL;
    }
    return m;
}

/* A path inside the image as a relative URI reference: the leading '/'
 * dropped (resolved against IMAGEROOT), every byte that is not unreserved or
 * '/' percent-encoded, so no name can make an invalid URI. */
static json_t *j_uri(const char *path)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    const unsigned char *p = (const unsigned char *)(path ? path : "");
    while (*p == '/')
        p++;
    for (; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            fw_sb_addc(&sb, (char)*p);
        else
            fw_sb_addf(&sb, "%%%02X", *p);
    }
    if (sb.len == 0)
        fw_sb_adds(&sb, ".");
    json_t *v = json_string(fw_sb_str(&sb));
    fw_sb_release(&sb);
    return v;
}

static const char *level_of(fw_severity s)
{
    return s >= FW_SEV_HIGH ? "error" : s == FW_SEV_MEDIUM ? "warning" : "note";
}

/* GitHub code scanning ranks security results by this CVSS-like score. */
static const char *security_severity(fw_severity s)
{
    switch (s) {
    case FW_SEV_CRITICAL: return "9.5";
    case FW_SEV_HIGH: return "8.0";
    case FW_SEV_MEDIUM: return "5.5";
    case FW_SEV_LOW: return "3.0";
    case FW_SEV_INFO: return "1.0";
    }
    return "1.0";
}

/* The guideline's requirement text, countermeasures and ETSI mapping of the
 * rule's requirement IDs, as help text and Markdown. */
static json_t *rule_help(const fw_rule *rule, const fw_ruleset *rs)
{
    fw_strbuf t = FW_STRBUF_INIT, md = FW_STRBUF_INIT;
    if (rule->fix) {
        fw_sb_addf(&t, "Fix: %s\n", rule->fix);
        fw_sb_addf(&md, "**Fix:** %s\n\n", rule->fix);
    }
    for (size_t i = 0; i < rule->n_requires; i++) {
        const fw_requirement *req = rs && rs->catalog
            ? fw_catalog_find(rs->catalog, rule->requires[i]) : NULL;
        if (!req)
            continue;
        fw_sb_addf(&t, "\n%s %s\n", req->id, req->title);
        fw_sb_addf(&md, "### %s %s\n\n", req->id, req->title);
        for (size_t k = 0; k < req->requirement.n; k++) {
            fw_sb_addf(&t, "- %s\n", req->requirement.v[k]);
            fw_sb_addf(&md, "- %s\n", req->requirement.v[k]);
        }
        for (size_t k = 0; k < req->etsi.n; k++) {
            const fw_etsi_provision *p = fw_etsi_find(req->etsi.v[k]);
            if (p) {
                fw_sb_addf(&t, "ETSI EN 303 645 %s (cited as %s): %s\n", p->clause, p->cited, p->title);
                fw_sb_addf(&md, "\nETSI EN 303 645 **%s** (cited as %s): %s\n", p->clause, p->cited,
                        p->title);
            }
        }
        fw_sb_adds(&md, "\n");
    }
    if (t.len == 0)
        fw_sb_addf(&t, "%s", rule->title ? rule->title : rule->id);
    json_t *h = json_object();
    json_object_set_new(h, "text", fw_j_text_lines(fw_sb_str(&t)));
    json_object_set_new(h, "markdown", fw_j_text_lines(fw_sb_str(&md)));
    fw_sb_release(&t);
    fw_sb_release(&md);
    return h;
}

static json_t *build_rule(fw_jbuild *b, const fw_rule *rule, const fw_ruleset *rs)
{
    json_t *o = json_object(), *tags = json_array(), *props = json_object();
    json_t *cfg = json_object();
    fw_jb_set(b, o, "id", j_text(rule->id));
    fw_jb_set(b, o, "name", j_text(rule->id));
    fw_jb_set(b, o, "shortDescription", message(rule->title ? rule->title : rule->id));
    fw_jb_set(b, o, "fullDescription", message(rule->title ? rule->title : rule->id));
    fw_jb_set(b, o, "help", rule_help(rule, rs));
    fw_jb_set(b, cfg, "level", json_string(level_of(rule->severity)));
    fw_jb_set(b, o, "defaultConfiguration", cfg);
    fw_jb_push(b, tags, json_string("security"));
    for (size_t i = 0; i < rule->n_requires; i++)
        fw_jb_push(b, tags, j_text(rule->requires[i]));
    fw_jb_set(b, props, "tags", tags);
    fw_jb_set(b, props, "security-severity", json_string(security_severity(rule->severity)));
    fw_jb_set(b, props, "severity", json_string(fw_severity_name(rule->severity)));
    fw_jb_set(b, o, "properties", props);
    return o;
}

/* The rules: every loaded rule, plus any rule a finding names that is not in
 * rs (a report built without the rule set). */
static size_t rule_index(const fw_rule **rules, size_t n, const fw_rule *rule)
{
    for (size_t i = 0; i < n; i++)
        if (rules[i] == rule)
            return i;
    return SIZE_MAX;
}

/* Every result region has a startLine: GitHub code scanning rejects a
 * result without one (sarif-multitool GH1003). A text finding gives its
 * line; a finding in a binary has none, so it gives line 1 and the byte
 * offset of the evidence; a finding on a whole file or file system, line 1. */
static json_t *region_of(fw_jbuild *b, uint64_t line, uint64_t offset, const char *excerpt)
{
    json_t *region = json_object();
    fw_jb_set(b, region, "startLine", json_integer(line > 0 ? (json_int_t)line : 1));
    if (line == 0 && offset != FW_NO_OFFSET)
        fw_jb_set(b, region, "byteOffset",
                  json_integer((json_int_t)(offset > INT64_MAX ? INT64_MAX : offset)));
    if (excerpt && *excerpt) {
        json_t *snip = json_object();
        fw_jb_set(b, snip, "text", j_text(excerpt));
        fw_jb_set(b, region, "snippet", snip);
    }
    return region;
}

static json_t *build_result(fw_jbuild *b, const fw_finding *f, size_t idx)
{
    json_t *o = json_object(), *locs = json_array(), *loc = json_object();
    json_t *phys = json_object(), *art = json_object(), *props = json_object();
    json_t *fps = json_object();
    fw_jb_set(b, o, "ruleId", j_text(f->rule ? f->rule->id : "unknown"));
    if (idx != SIZE_MAX)
        fw_jb_set(b, o, "ruleIndex", json_integer((json_int_t)idx));
    fw_jb_set(b, o, "level", json_string(level_of(f->severity)));
    fw_jb_set(b, o, "message", message(f->message ? f->message : (f->rule ? f->rule->title : "")));

    fw_jb_set(b, art, "uri", j_uri(f->path));
    fw_jb_set(b, art, "uriBaseId", json_string("IMAGEROOT"));
    fw_jb_set(b, phys, "artifactLocation", art);
    fw_jb_set(b, phys, "region", region_of(b, f->line, f->offset, f->excerpt));
    fw_jb_set(b, loc, "physicalLocation", phys);
    fw_jb_push(b, locs, loc);
    fw_jb_set(b, o, "locations", locs);
    if (f->n_also) {
        /* One fact in several places (identical copies, other matching
         * lines of a `group file` rule): one result, the others related. */
        json_t *rel = json_array();
        for (size_t i = 0; i < f->n_also; i++) {
            const fw_location *l = &f->also[i];
            json_t *rl = json_object(), *rp = json_object(), *ra = json_object();
            fw_jb_set(b, rl, "id", json_integer((json_int_t)i + 1));
            fw_jb_set(b, ra, "uri", j_uri(l->path));
            fw_jb_set(b, ra, "uriBaseId", json_string("IMAGEROOT"));
            fw_jb_set(b, rp, "artifactLocation", ra);
            fw_jb_set(b, rp, "region", region_of(b, l->line, l->offset, l->excerpt));
            fw_jb_set(b, rl, "physicalLocation", rp);
            fw_jb_set(b, rl, "message", message(strcmp(l->path, f->path) == 0 &&
                                                        strcmp(l->chain, f->chain) == 0
                                                    ? "another matching line in this file"
                                                    : "identical copy of the file"));
            fw_jb_push(b, rel, rl);
        }
        fw_jb_set(b, o, "relatedLocations", rel);
    }

    if (f->n_flow) {
        /* The source-to-sink chain: one codeFlow of one threadFlow whose
         * locations are the steps, each with its place and what happens
         * there (SARIF 2.1.0 §3.36-3.38). */
        json_t *cfs = json_array(), *cf = json_object(), *tfs = json_array();
        json_t *tf = json_object(), *tls = json_array();
        for (size_t i = 0; i < f->n_flow; i++) {
            const fw_location *l = &f->flow[i];
            json_t *tl = json_object(), *sl = json_object(), *sp = json_object();
            json_t *sa = json_object();
            fw_jb_set(b, sa, "uri", j_uri(l->path));
            fw_jb_set(b, sa, "uriBaseId", json_string("IMAGEROOT"));
            fw_jb_set(b, sp, "artifactLocation", sa);
            if (l->line > 0) {
                json_t *region = json_object();
                fw_jb_set(b, region, "startLine", json_integer((json_int_t)l->line));
                fw_jb_set(b, sp, "region", region);
            }
            fw_jb_set(b, sl, "physicalLocation", sp);
            fw_jb_set(b, sl, "message", message(l->excerpt && *l->excerpt ? l->excerpt : "step"));
            fw_jb_set(b, tl, "location", sl);
            fw_jb_set(b, tl, "executionOrder", json_integer((json_int_t)i + 1));
            fw_jb_push(b, tls, tl);
        }
        fw_jb_set(b, tf, "locations", tls);
        fw_jb_push(b, tfs, tf);
        fw_jb_set(b, cf, "threadFlows", tfs);
        fw_jb_push(b, cfs, cf);
        fw_jb_set(b, o, "codeFlows", cfs);
    }

    fw_jb_set(b, fps, "fwaudit/v1", json_string(f->fingerprint));
    fw_jb_set(b, o, "partialFingerprints", fps);
    if (f->baseline != FW_BASELINE_NONE)
        fw_jb_set(b, o, "baselineState",
            json_string(f->baseline == FW_BASELINE_NEW ? "new" : "unchanged"));
    if (f->waiver == FW_WAIVER_ACTIVE) {
        json_t *sups = json_array(), *s = json_object(), *sp = json_object();
        fw_jb_set(b, s, "kind", json_string("external"));
        fw_jb_set(b, s, "status", json_string("accepted"));
        char *just = fw_xasprintf("%s (owner %s, expires %s)", f->waiver_reason ? f->waiver_reason : "",
                               f->waiver_owner ? f->waiver_owner : "",
                               f->waiver_expires ? f->waiver_expires : "");
        fw_jb_set(b, s, "justification", j_text(just));
        free(just);
        fw_jb_set(b, sp, "owner", j_text(f->waiver_owner));
        fw_jb_set(b, sp, "expires", j_text(f->waiver_expires));
        fw_jb_set(b, s, "properties", sp);
        fw_jb_push(b, sups, s);
        fw_jb_set(b, o, "suppressions", sups);
    }
    json_t *reqs = json_array();
    for (size_t i = 0; f->rule && i < f->rule->n_requires; i++)
        fw_jb_push(b, reqs, j_text(f->rule->requires[i]));
    fw_jb_set(b, props, "chain", j_name(f->chain));
    fw_jb_set(b, props, "path", j_name(f->path));
    fw_jb_set(b, props, "requirements", reqs);
    fw_jb_set(b, props, "severity", json_string(fw_severity_name(f->severity)));
    if (f->n_also) {
        json_t *also = json_array();
        for (size_t i = 0; i < f->n_also; i++) {
            char *t = fw_place_text(&f->also[i]);
            fw_jb_push(b, also, json_string(t));
            free(t);
        }
        fw_jb_set(b, props, "alsoAt", also);
    }
    if (f->outside) {
        /* a file beside the image's root filesystem: not the device's */
        fw_jb_set(b, props, "outsideImage", json_true());
        fw_jb_set(b, o, "level", json_string("note"));
    }
    if (f->waiver == FW_WAIVER_EXPIRED) {
        char *note = fw_xasprintf("waiver expired on %s", f->waiver_expires ? f->waiver_expires : "?");
        fw_jb_set(b, props, "waiver", j_text(note));
        free(note);
    }
    fw_jb_set(b, o, "properties", props);
    return o;
}

static json_t *build_invocation(fw_jbuild *b, const fw_report *r)
{
    json_t *inv = json_object(), *notes = json_array();
    fw_jb_set(b, inv, "executionSuccessful",
        json_boolean(fw_report_verdict(r) != FW_STATUS_INCOMPLETE));
    for (size_t i = 0; i < r->n_errors; i++) {
        const fw_unpack_error *e = &r->errors[i];
        json_t *n = json_object();
        fw_strbuf sb = FW_STRBUF_INIT;
        fw_escape(&sb, e->where ? e->where : "", e->where ? strlen(e->where) : 0);
        if (e->offset != FW_NO_OFFSET)
            fw_sb_addf(&sb, " @0x%llx", (unsigned long long)e->offset);
        fw_sb_adds(&sb, ": ");
        fw_sb_adds(&sb, e->message ? e->message : "");
        fw_jb_set(b, n, "level", json_string("error"));
        fw_jb_set(b, n, "message", message(fw_sb_str(&sb)));
        fw_sb_release(&sb);
        fw_jb_push(b, notes, n);
    }
    fw_jb_set(b, inv, "toolExecutionNotifications", notes);
    return inv;
}

static json_t *build_sarif(fw_jbuild *b, const fw_report *r, const fw_ruleset *rs)
{
    const fw_rule **rules = NULL;
    size_t n_rules = 0, cap = 0;
    for (size_t i = 0; rs && i < rs->count; i++) {
        FW_XGROW(rules, cap, n_rules + 1);
        rules[n_rules++] = rs->rules[i];
    }
    for (size_t i = 0; i < r->n_findings; i++) {
        const fw_rule *rule = r->findings[i]->rule;
        if (rule && rule_index(rules, n_rules, rule) == SIZE_MAX) {
            FW_XGROW(rules, cap, n_rules + 1);
            rules[n_rules++] = rule;
        }
    }
    json_t *root = json_object(), *runs = json_array(), *run = json_object();
    json_t *tool = json_object(), *driver = json_object(), *jrules = json_array();
    json_t *results = json_array(), *invs = json_array(), *bases = json_object();
    json_t *imgroot = json_object(), *props = json_object();

    fw_jb_set(b, driver, "name", json_string("fwaudit"));
    fw_jb_set(b, driver, "version", j_text(r->tool_version ? r->tool_version : "unknown"));
    fw_jb_set(b, driver, "informationUri", json_string(INFO_URI));
    for (size_t i = 0; i < n_rules; i++)
        fw_jb_push(b, jrules, build_rule(b, rules[i], rs));
    fw_jb_set(b, driver, "rules", jrules);
    fw_jb_set(b, tool, "driver", driver);
    fw_jb_set(b, run, "tool", tool);
    fw_jb_push(b, invs, build_invocation(b, r));
    fw_jb_set(b, run, "invocations", invs);
    fw_jb_set(b, imgroot, "description", message("The root of the firmware image's file system"));
    fw_jb_set(b, bases, "IMAGEROOT", imgroot);
    fw_jb_set(b, run, "originalUriBaseIds", bases);
    /* Findings outside the profile are not listed (as in every format). */
    for (size_t i = 0; i < r->n_findings; i++)
        if (fw_finding_in_profile(r, r->findings[i]))
            fw_jb_push(b, results, build_result(b, r->findings[i],
                                          rule_index(rules, n_rules, r->findings[i]->rule)));
    fw_jb_set(b, run, "results", results);
    fw_jb_set(b, run, "columnKind", json_string("unicodeCodePoints"));
    fw_jb_set(b, props, "profile", j_text(r->profile));
    fw_jb_set(b, props, "verdict", json_string(fw_status_key(fw_report_verdict(r))));
    fw_jb_set(b, props, "input", j_name(r->input_path));
    fw_jb_set(b, props, "inputSha256", r->input_sha256[0] ? json_string(r->input_sha256) : json_null());
    fw_jb_set(b, run, "properties", props);
    fw_jb_push(b, runs, run);

    fw_jb_set(b, root, "$schema", json_string(SARIF_SCHEMA));
    fw_jb_set(b, root, "version", json_string("2.1.0"));
    fw_jb_set(b, root, "runs", runs);
    free(rules);
    return root;
}

int fw_render_sarif(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o)
{
    (void)o;
    fw_jbuild b = { 0 };
    json_t *root = build_sarif(&b, r, rs);
    int rc = -1;
    if (!root || b.failed)
        goto out;
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        goto out;
    if (fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
        goto out;
    rc = 0;
out:
    json_decref(root);
    return rc;
}
