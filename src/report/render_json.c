/* render_json.c: the machine-readable report (schema "fwaudit-report").
 *
 * The schema is documented field by field in doc/report-format.md; adding a
 * field keeps FW_REPORT_SCHEMA_VERSION, changing or removing one bumps it.
 * Keys are written in a fixed order and arrays in report order, so two runs
 * over the same input give the same bytes except "started" and
 * "duration_s".
 *
 * jansson refuses strings that are not valid UTF-8, and image data often is
 * not: every image-derived string is escaped first (\xHH for invalid bytes,
 * the same escaping as the text report), so one hostile file name cannot
 * make the whole report unwritable. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/escape.h"
#include "report/report.h"

/* Collects allocation failures from the builders, so that they stay short
 * and a failure anywhere makes the whole render fail. */
typedef struct jbuild {
    int failed;
} jbuild;

static void set(jbuild *b, json_t *obj, const char *key, json_t *v)
{
    if (!v || json_object_set_new(obj, key, v) != 0)
        b->failed = 1;
}

static void push(jbuild *b, json_t *arr, json_t *v)
{
    if (!v || json_array_append_new(arr, v) != 0)
        b->failed = 1;
}

/* A raw name from the image (path, chain, error location); NULL = null. */
static json_t *j_name(const char *s)
{
    if (!s)
        return json_null();
    char *e = fw_escaped(s, strlen(s));
    json_t *v = json_string(e);
    free(e);
    return v;
}

/* Text a check composed (message, excerpt, detail), possibly escaped
 * already; NULL = null. */
static json_t *j_text(const char *s)
{
    if (!s)
        return json_null();
    char *e = fw_report_escaped_text(s);
    json_t *v = json_string(e);
    free(e);
    return v;
}

/* Our own text (catalog, rule files, tool): kept as written when it is
 * valid UTF-8, escaped when a user's rule file is not. NULL = null. */
static json_t *j_str(const char *s)
{
    if (!s)
        return json_null();
    json_t *v = json_string(s);
    return v ? v : j_text(s);
}

static json_t *j_u64(uint64_t v)
{
    return json_integer(v > INT64_MAX ? INT64_MAX : (json_int_t)v);
}

/* An offset or line that may be absent. */
static json_t *j_opt_u64(uint64_t v, uint64_t none)
{
    return v == none ? json_null() : j_u64(v);
}

static json_t *j_strlist(jbuild *b, char *const *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        push(b, arr, j_str(v[i]));
    return arr;
}

static json_t *build_tool(jbuild *b, const fw_report *r)
{
    json_t *o = json_object();
    set(b, o, "name", json_string("fwaudit"));
    set(b, o, "version", j_str(r->tool_version));
    return o;
}

static json_t *build_ruleset(jbuild *b, const fw_report *r, const fw_ruleset *rs)
{
    json_t *o = json_object();
    const char *ver = r->ruleset_version ? r->ruleset_version : (rs ? rs->version : NULL);
    size_t n = r->rules_loaded ? r->rules_loaded : (rs ? rs->count : 0);
    set(b, o, "version", j_str(ver));
    set(b, o, "rules", j_u64(n));
    return o;
}

static json_t *build_input(jbuild *b, const fw_report *r)
{
    json_t *o = json_object();
    set(b, o, "path", j_name(r->input_path));
    set(b, o, "kind", j_str(r->input_kind));
    /* A directory has no single content to hash. */
    set(b, o, "sha256", r->input_sha256[0] ? json_string(r->input_sha256) : json_null());
    set(b, o, "size", j_u64(r->input_size));
    return o;
}

static json_t *build_scan(jbuild *b, const fw_report *r)
{
    json_t *o = json_object();
    set(b, o, "started", j_str(r->started_utc));
    set(b, o, "duration_s", json_real(r->duration_s));
    set(b, o, "entries", j_u64(r->entries));
    set(b, o, "files_scanned", j_u64(r->files_scanned));
    set(b, o, "bytes_scanned", j_u64(r->bytes_scanned));
    set(b, o, "containers", j_u64(r->containers));
    set(b, o, "complete", json_boolean(fw_report_verdict(r) != FW_STATUS_INCOMPLETE));
    set(b, o, "root_filesystem", json_boolean(!r->no_system));
    return o;
}

static json_t *build_severity_counts(jbuild *b, const fw_report *r)
{
    size_t counts[FW_SEV_COUNT] = {0};
    for (size_t i = 0; i < r->n_findings; i++)
        if (fw_finding_counts(r, r->findings[i]) &&
            (unsigned)r->findings[i]->severity < FW_SEV_COUNT)
            counts[r->findings[i]->severity]++;
    json_t *o = json_object();
    for (int s = FW_SEV_CRITICAL; s >= FW_SEV_INFO; s--)
        set(b, o, fw_severity_name((fw_severity)s), j_u64(counts[s]));
    return o;
}

static json_t *build_status_counts(jbuild *b, const fw_report *r)
{
    static const fw_status order[] = {
        FW_STATUS_FAIL, FW_STATUS_INCOMPLETE, FW_STATUS_NEEDS_ATTESTATION,
        FW_STATUS_PASS, FW_STATUS_NOT_APPLICABLE,
    };
    json_t *o = json_object();
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        size_t n = 0;
        for (size_t i = 0; i < r->n_results; i++)
            n += r->results[i].status == order[k];
        set(b, o, fw_status_key(order[k]), j_u64(n));
    }
    return o;
}

static json_t *build_summary(jbuild *b, const fw_report *r)
{
    size_t hidden = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        hidden += !fw_finding_in_profile(r, r->findings[i]);
    json_t *o = json_object();
    set(b, o, "verdict", json_string(fw_status_key(fw_report_verdict(r))));
    set(b, o, "findings", build_severity_counts(b, r));
    set(b, o, "findings_dropped", j_u64(r->findings_dropped));
    set(b, o, "errors", j_u64((uint64_t)r->n_errors + r->errors_dropped));
    set(b, o, "errors_dropped", j_u64(r->errors_dropped));
    set(b, o, "findings_out_of_profile", j_u64(hidden));
    size_t waived = 0, expired = 0, unchanged = 0, fresh = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        const fw_finding *f = r->findings[i];
        if (!fw_finding_in_profile(r, f))
            continue;
        waived += f->waiver == FW_WAIVER_ACTIVE;
        expired += f->waiver == FW_WAIVER_EXPIRED;
        unchanged += f->baseline == FW_BASELINE_UNCHANGED;
        fresh += f->baseline == FW_BASELINE_NEW;
    }
    set(b, o, "findings_waived", j_u64(waived));
    set(b, o, "waivers_expired", j_u64(expired));
    if (r->baseline_path) {
        json_t *bl = json_object();
        set(b, bl, "path", j_name(r->baseline_path));
        set(b, bl, "new", j_u64(fresh));
        set(b, bl, "unchanged", j_u64(unchanged));
        set(b, bl, "fixed", j_u64(r->n_fixed));
        set(b, o, "baseline", bl);
    } else {
        set(b, o, "baseline", json_null());
    }
    set(b, o, "requirements", build_status_counts(b, r));
    return o;
}

static json_t *build_error(jbuild *b, const fw_unpack_error *e)
{
    json_t *o = json_object();
    set(b, o, "where", j_name(e->where ? e->where : ""));
    set(b, o, "offset", j_opt_u64(e->offset, FW_NO_OFFSET));
    set(b, o, "message", j_text(e->message ? e->message : ""));
    set(b, o, "fatal", json_boolean(e->fatal));
    return o;
}

static json_t *build_location(jbuild *b, const fw_finding *f)
{
    json_t *o = json_object();
    set(b, o, "chain", j_name(f->chain ? f->chain : ""));
    set(b, o, "path", j_name(f->path ? f->path : ""));
    set(b, o, "line", j_opt_u64(f->line, 0));
    set(b, o, "offset", j_opt_u64(f->offset, FW_NO_OFFSET));
    return o;
}

static json_t *build_details(jbuild *b, const fw_finding *f)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < f->n_details; i++) {
        char *key = fw_report_escaped_text(f->details[i].key);
        set(b, o, key, j_text(f->details[i].value));
        free(key);
    }
    return o;
}

static json_t *build_finding(jbuild *b, const fw_finding *f)
{
    const fw_rule *rule = f->rule;
    json_t *o = json_object();
    set(b, o, "rule", j_str(rule ? rule->id : NULL));
    set(b, o, "requirements", j_strlist(b, rule ? rule->requires : NULL, rule ? rule->n_requires : 0));
    set(b, o, "severity", json_string(fw_severity_name(f->severity)));
    set(b, o, "title", j_str(rule ? rule->title : NULL));
    set(b, o, "message", j_text(f->message ? f->message : (rule ? rule->title : "")));
    set(b, o, "location", build_location(b, f));
    set(b, o, "excerpt", j_text(f->excerpt));
    set(b, o, "fix", j_str(rule ? rule->fix : NULL));
    set(b, o, "fingerprint", json_string(f->fingerprint));
    set(b, o, "details", build_details(b, f));
    if (f->waiver != FW_WAIVER_NONE) {
        json_t *w = json_object();
        set(b, w, "state", json_string(fw_waiver_state_key(f->waiver)));
        set(b, w, "reason", j_text(f->waiver_reason));
        set(b, w, "owner", j_text(f->waiver_owner));
        set(b, w, "expires", j_text(f->waiver_expires));
        set(b, o, "waiver", w);
    } else {
        set(b, o, "waiver", json_null());
    }
    set(b, o, "baseline", f->baseline ? json_string(fw_baseline_state_key(f->baseline))
                                      : json_null());
    return o;
}

static json_t *build_requirement(jbuild *b, const fw_req_result *res)
{
    const fw_requirement *req = res->req;
    json_t *o = json_object();
    json_t *sh = json_array();
    for (size_t i = 0; sh && i < req->n_stakeholders; i++)
        push(b, sh, json_integer(req->stakeholders[i]));
    set(b, o, "id", j_str(req->id));
    set(b, o, "title", j_str(req->title));
    set(b, o, "status", json_string(fw_status_key(res->status)));
    set(b, o, "static", json_string(fw_static_name(req->static_kind)));
    set(b, o, "etsi_en_303_645", j_strlist(b, req->etsi.v, req->etsi.n));
    /* The guideline's citation (TS 103 645 numbering) beside the clause of
     * the published EN 303 645. */
    json_t *etsi = json_array();
    for (size_t i = 0; etsi && i < req->etsi.n; i++) {
        const fw_etsi_provision *p = fw_etsi_find(req->etsi.v[i]);
        json_t *e = json_object();
        set(b, e, "cited", j_str(req->etsi.v[i]));
        set(b, e, "clause", p ? json_string(p->clause) : json_null());
        set(b, e, "title", p ? json_string(p->title) : json_null());
        push(b, etsi, e);
    }
    set(b, o, "etsi", etsi);
    set(b, o, "findings", j_u64(res->n_findings));
    set(b, o, "accepted", j_u64(res->n_accepted));
    set(b, o, "evidence", j_u64(res->n_evidence));
    set(b, o, "undecided", j_u64(res->n_undecided));
    set(b, o, "rules", j_strlist(b, res->rules, res->n_rules));
    set(b, o, "reason", j_str(res->reason ? res->reason : ""));
    /* The guideline's own words, for auditors quoting it. */
    set(b, o, "stakeholders", sh);
    set(b, o, "requirement", j_strlist(b, req->requirement.v, req->requirement.n));
    set(b, o, "attestation", j_strlist(b, req->attestation.v, req->attestation.n));
    return o;
}

/* {"name": {"title", "columns": [...], "rows": [{column: cell}]}} */
static json_t *build_inventories(jbuild *b, const fw_report *r)
{
    json_t *all = json_object();
    for (size_t i = 0; all && i < r->n_inventories; i++) {
        const fw_inventory *inv = r->inventories[i];
        json_t *o = json_object(), *rows = json_array();
        for (size_t j = 0; rows && j < inv->n_rows; j++) {
            json_t *row = json_object();
            for (size_t k = 0; row && k < inv->n_columns; k++)
                set(b, row, inv->columns[k],
                    inv->rows[j][k] ? j_text(inv->rows[j][k]) : json_null());
            push(b, rows, row);
        }
        set(b, o, "title", j_text(inv->title));
        set(b, o, "columns", j_strlist(b, inv->columns, inv->n_columns));
        set(b, o, "rows", rows);
        set(b, all, inv->name, o);
    }
    return all;
}

static json_t *build_report(jbuild *b, const fw_report *r, const fw_ruleset *rs)
{
    json_t *root = json_object(), *errors = json_array();
    json_t *findings = json_array(), *reqs = json_array();
    for (size_t i = 0; errors && i < r->n_errors; i++)
        push(b, errors, build_error(b, &r->errors[i]));
    /* Findings outside the profile are counted in the summary, not listed. */
    for (size_t i = 0; findings && i < r->n_findings; i++)
        if (fw_finding_in_profile(r, r->findings[i]))
            push(b, findings, build_finding(b, r->findings[i]));
    for (size_t i = 0; reqs && i < r->n_results; i++)
        push(b, reqs, build_requirement(b, &r->results[i]));

    set(b, root, "schema", json_string("fwaudit-report"));
    set(b, root, "schema_version", json_integer(FW_REPORT_SCHEMA_VERSION));
    set(b, root, "tool", build_tool(b, r));
    set(b, root, "ruleset", build_ruleset(b, r, rs));
    set(b, root, "profile", j_str(r->profile));
    set(b, root, "input", build_input(b, r));
    set(b, root, "scan", build_scan(b, r));
    set(b, root, "summary", build_summary(b, r));
    set(b, root, "errors", errors);
    set(b, root, "findings", findings);
    json_t *evidence = json_array();
    for (size_t i = 0; evidence && i < r->n_evidence; i++)
        push(b, evidence, build_finding(b, r->evidence[i]));
    set(b, root, "evidence", evidence);
    json_t *undecided = json_array();
    for (size_t i = 0; undecided && i < r->n_undecided; i++)
        push(b, undecided, build_finding(b, r->undecided[i]));
    set(b, root, "undecided", undecided);
    set(b, root, "requirements", reqs);
    set(b, root, "inventories", build_inventories(b, r));
    json_t *fixed = json_array();
    for (size_t i = 0; fixed && i < r->n_fixed; i++) {
        const fw_fixed *x = &r->fixed[i];
        json_t *o = json_object(), *loc = json_object();
        set(b, o, "rule", j_text(x->rule));
        set(b, o, "severity", j_text(x->severity));
        set(b, o, "message", j_text(x->message));
        set(b, loc, "chain", j_text(x->chain));
        set(b, loc, "path", j_text(x->path));
        set(b, loc, "line", j_opt_u64(x->line, 0));
        set(b, o, "location", loc);
        set(b, o, "fingerprint", j_text(x->fingerprint));
        push(b, fixed, o);
    }
    set(b, root, "fixed", fixed);
    return root;
}

int fw_render_json(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o)
{
    (void)o;
    jbuild b = { 0 };
    json_t *root = build_report(&b, r, rs);
    int rc = -1;
    if (!root || b.failed)
        goto out;
    /* Nine significant digits keep duration_s readable (no 0.1000000000001). */
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9)) != 0)
        goto out;
    if (fputc('\n', out) == EOF || fflush(out) != 0 || ferror(out))
        goto out;
    rc = 0;
out:
    json_decref(root);
    return rc;
}
