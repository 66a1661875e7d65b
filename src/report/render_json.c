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
#include "report/json_util.h"
#include "report/report.h"

/* Our own text (catalog, rule files, tool): kept as written when it is
 * valid UTF-8, escaped when a user's rule file is not. NULL = null. */
static json_t *j_str(const char *s)
{
    if (!s)
        return json_null();
    json_t *v = json_string(s);
    return v ? v : fw_j_text(s);
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

static json_t *j_strlist(fw_jbuild *b, char *const *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        fw_jb_push(b, arr, j_str(v[i]));
    return arr;
}

static json_t *build_tool(fw_jbuild *b, const fw_report *r)
{
    json_t *o = json_object();
    fw_jb_set(b, o, "name", json_string("fwaudit"));
    fw_jb_set(b, o, "version", j_str(r->tool_version));
    return o;
}

static json_t *build_ruleset(fw_jbuild *b, const fw_report *r, const fw_ruleset *rs)
{
    json_t *o = json_object();
    const char *ver = r->ruleset_version ? r->ruleset_version : (rs ? rs->version : NULL);
    size_t n = r->rules_loaded ? r->rules_loaded : (rs ? rs->count : 0);
    fw_jb_set(b, o, "version", j_str(ver));
    fw_jb_set(b, o, "rules", j_u64(n));
    return o;
}

static json_t *build_input(fw_jbuild *b, const fw_report *r)
{
    json_t *o = json_object();
    fw_jb_set(b, o, "path", fw_j_name(r->input_path));
    fw_jb_set(b, o, "kind", j_str(r->input_kind));
    /* A directory has no single content to hash. */
    fw_jb_set(b, o, "sha256", r->input_sha256[0] ? json_string(r->input_sha256) : json_null());
    fw_jb_set(b, o, "size", j_u64(r->input_size));
    return o;
}

static json_t *build_scan(fw_jbuild *b, const fw_report *r)
{
    json_t *o = json_object();
    fw_jb_set(b, o, "started", j_str(r->started_utc));
    fw_jb_set(b, o, "duration_s", json_real(r->duration_s));
    fw_jb_set(b, o, "entries", j_u64(r->entries));
    fw_jb_set(b, o, "files_scanned", j_u64(r->files_scanned));
    fw_jb_set(b, o, "bytes_scanned", j_u64(r->bytes_scanned));
    fw_jb_set(b, o, "containers", j_u64(r->containers));
    fw_jb_set(b, o, "complete", json_boolean(fw_report_verdict(r) != FW_STATUS_INCOMPLETE));
    fw_jb_set(b, o, "root_filesystem", json_boolean(!r->no_system));
    return o;
}

static json_t *build_severity_counts(fw_jbuild *b, const fw_report *r)
{
    size_t counts[FW_SEV_COUNT] = {0};
    for (size_t i = 0; i < r->n_findings; i++)
        if (fw_finding_counts(r, r->findings[i]) &&
            (unsigned)r->findings[i]->severity < FW_SEV_COUNT)
            counts[r->findings[i]->severity]++;
    json_t *o = json_object();
    for (int s = FW_SEV_CRITICAL; s >= FW_SEV_INFO; s--)
        fw_jb_set(b, o, fw_severity_name((fw_severity)s), j_u64(counts[s]));
    return o;
}

static json_t *build_status_counts(fw_jbuild *b, const fw_report *r)
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
        fw_jb_set(b, o, fw_status_key(order[k]), j_u64(n));
    }
    return o;
}

static json_t *build_summary(fw_jbuild *b, const fw_report *r)
{
    size_t hidden = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        hidden += !fw_finding_in_profile(r, r->findings[i]);
    json_t *o = json_object();
    fw_jb_set(b, o, "verdict", json_string(fw_status_key(fw_report_verdict(r))));
    fw_jb_set(b, o, "findings", build_severity_counts(b, r));
    fw_jb_set(b, o, "findings_dropped", j_u64(r->findings_dropped));
    fw_jb_set(b, o, "errors", j_u64((uint64_t)r->n_errors + r->errors_dropped));
    fw_jb_set(b, o, "errors_dropped", j_u64(r->errors_dropped));
    fw_jb_set(b, o, "findings_out_of_profile", j_u64(hidden));
    fw_jb_set(b, o, "findings_outside_image", j_u64(r->n_outside));
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
    fw_jb_set(b, o, "findings_waived", j_u64(waived));
    fw_jb_set(b, o, "waivers_expired", j_u64(expired));
    if (r->baseline_path) {
        json_t *bl = json_object();
        fw_jb_set(b, bl, "path", fw_j_name(r->baseline_path));
        fw_jb_set(b, bl, "new", j_u64(fresh));
        fw_jb_set(b, bl, "unchanged", j_u64(unchanged));
        fw_jb_set(b, bl, "fixed", j_u64(r->n_fixed));
        fw_jb_set(b, o, "baseline", bl);
    } else {
        fw_jb_set(b, o, "baseline", json_null());
    }
    fw_jb_set(b, o, "requirements", build_status_counts(b, r));
    return o;
}

static json_t *build_error(fw_jbuild *b, const fw_unpack_error *e)
{
    json_t *o = json_object();
    fw_jb_set(b, o, "where", fw_j_name(e->where ? e->where : ""));
    fw_jb_set(b, o, "offset", j_opt_u64(e->offset, FW_NO_OFFSET));
    fw_jb_set(b, o, "message", fw_j_text(e->message ? e->message : ""));
    fw_jb_set(b, o, "fatal", json_boolean(e->fatal));
    return o;
}

static json_t *build_location(fw_jbuild *b, const fw_finding *f)
{
    json_t *o = json_object();
    fw_jb_set(b, o, "chain", fw_j_name(f->chain ? f->chain : ""));
    fw_jb_set(b, o, "path", fw_j_name(f->path ? f->path : ""));
    fw_jb_set(b, o, "line", j_opt_u64(f->line, 0));
    fw_jb_set(b, o, "offset", j_opt_u64(f->offset, FW_NO_OFFSET));
    if (f->root && *f->root)
        fw_jb_set(b, o, "root", fw_j_name(f->root));
    return o;
}

/* The other places of the same fact (identical copies, grouped lines). */
static json_t *build_also(fw_jbuild *b, const fw_finding *f)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < f->n_also; i++) {
        const fw_location *l = &f->also[i];
        json_t *o = json_object();
        fw_jb_set(b, o, "chain", fw_j_name(l->chain ? l->chain : ""));
        fw_jb_set(b, o, "path", fw_j_name(l->path ? l->path : ""));
        fw_jb_set(b, o, "line", j_opt_u64(l->line, 0));
        fw_jb_set(b, o, "offset", j_opt_u64(l->offset, FW_NO_OFFSET));
        fw_jb_set(b, o, "excerpt", fw_j_text(l->excerpt));
        fw_jb_push(b, a, o);
    }
    return a;
}

/* The data flow that leads to the finding, source first. */
static json_t *build_flow(fw_jbuild *b, const fw_finding *f)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < f->n_flow; i++) {
        const fw_location *l = &f->flow[i];
        json_t *o = json_object();
        fw_jb_set(b, o, "chain", fw_j_name(l->chain ? l->chain : ""));
        fw_jb_set(b, o, "path", fw_j_name(l->path ? l->path : ""));
        fw_jb_set(b, o, "line", j_opt_u64(l->line, 0));
        fw_jb_set(b, o, "note", fw_j_text(l->excerpt ? l->excerpt : ""));
        fw_jb_push(b, a, o);
    }
    return a;
}

static json_t *build_details(fw_jbuild *b, const fw_finding *f)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < f->n_details; i++) {
        char *key = fw_report_escaped_text(f->details[i].key);
        fw_jb_set(b, o, key, fw_j_text(f->details[i].value));
        free(key);
    }
    return o;
}

static json_t *build_finding(fw_jbuild *b, const fw_finding *f)
{
    const fw_rule *rule = f->rule;
    json_t *o = json_object();
    fw_jb_set(b, o, "rule", j_str(rule ? rule->id : NULL));
    fw_jb_set(b, o, "requirements", j_strlist(b, rule ? rule->requires : NULL, rule ? rule->n_requires : 0));
    fw_jb_set(b, o, "severity", json_string(fw_severity_name(f->severity)));
    fw_jb_set(b, o, "title", j_str(rule ? rule->title : NULL));
    fw_jb_set(b, o, "message", fw_j_text(f->message ? f->message : (rule ? rule->title : "")));
    fw_jb_set(b, o, "location", build_location(b, f));
    fw_jb_set(b, o, "also_at", build_also(b, f));
    fw_jb_set(b, o, "flow", build_flow(b, f));
    fw_jb_set(b, o, "outside_image", json_boolean(f->outside));
    fw_jb_set(b, o, "excerpt", fw_j_text(f->excerpt));
    fw_jb_set(b, o, "fix", j_str(rule ? rule->fix : NULL));
    fw_jb_set(b, o, "fingerprint", json_string(f->fingerprint));
    fw_jb_set(b, o, "details", build_details(b, f));
    if (f->waiver != FW_WAIVER_NONE) {
        json_t *w = json_object();
        fw_jb_set(b, w, "state", json_string(fw_waiver_state_key(f->waiver)));
        fw_jb_set(b, w, "reason", fw_j_text(f->waiver_reason));
        fw_jb_set(b, w, "owner", fw_j_text(f->waiver_owner));
        fw_jb_set(b, w, "expires", fw_j_text(f->waiver_expires));
        fw_jb_set(b, o, "waiver", w);
    } else {
        fw_jb_set(b, o, "waiver", json_null());
    }
    fw_jb_set(b, o, "baseline", f->baseline ? json_string(fw_baseline_state_key(f->baseline))
                                      : json_null());
    return o;
}

static json_t *build_requirement(fw_jbuild *b, const fw_req_result *res)
{
    const fw_requirement *req = res->req;
    json_t *o = json_object();
    json_t *sh = json_array();
    for (size_t i = 0; sh && i < req->n_stakeholders; i++)
        fw_jb_push(b, sh, json_integer(req->stakeholders[i]));
    fw_jb_set(b, o, "id", j_str(req->id));
    fw_jb_set(b, o, "title", j_str(req->title));
    fw_jb_set(b, o, "status", json_string(fw_status_key(res->status)));
    fw_jb_set(b, o, "static", json_string(fw_static_name(req->static_kind)));
    fw_jb_set(b, o, "etsi_en_303_645", j_strlist(b, req->etsi.v, req->etsi.n));
    /* The guideline's citation (TS 103 645 numbering) beside the clause of
     * the published EN 303 645. */
    json_t *etsi = json_array();
    for (size_t i = 0; etsi && i < req->etsi.n; i++) {
        const fw_etsi_provision *p = fw_etsi_find(req->etsi.v[i]);
        json_t *e = json_object();
        fw_jb_set(b, e, "cited", j_str(req->etsi.v[i]));
        fw_jb_set(b, e, "clause", p ? json_string(p->clause) : json_null());
        fw_jb_set(b, e, "title", p ? json_string(p->title) : json_null());
        fw_jb_push(b, etsi, e);
    }
    fw_jb_set(b, o, "etsi", etsi);
    fw_jb_set(b, o, "findings", j_u64(res->n_findings));
    fw_jb_set(b, o, "accepted", j_u64(res->n_accepted));
    fw_jb_set(b, o, "evidence", j_u64(res->n_evidence));
    fw_jb_set(b, o, "undecided", j_u64(res->n_undecided));
    fw_jb_set(b, o, "rules", j_strlist(b, res->rules, res->n_rules));
    fw_jb_set(b, o, "reason", j_str(res->reason ? res->reason : ""));
    /* The guideline's own words, for auditors quoting it. */
    fw_jb_set(b, o, "stakeholders", sh);
    fw_jb_set(b, o, "requirement", j_strlist(b, req->requirement.v, req->requirement.n));
    fw_jb_set(b, o, "attestation", j_strlist(b, req->attestation.v, req->attestation.n));
    return o;
}

/* {"name": {"title", "columns": [...], "rows": [{column: cell}]}} */
static json_t *build_inventories(fw_jbuild *b, const fw_report *r)
{
    json_t *all = json_object();
    for (size_t i = 0; all && i < r->n_inventories; i++) {
        const fw_inventory *inv = r->inventories[i];
        json_t *o = json_object(), *rows = json_array();
        for (size_t j = 0; rows && j < inv->n_rows; j++) {
            json_t *row = json_object();
            for (size_t k = 0; row && k < inv->n_columns; k++)
                fw_jb_set(b, row, inv->columns[k],
                    inv->rows[j][k] ? fw_j_text(inv->rows[j][k]) : json_null());
            fw_jb_push(b, rows, row);
        }
        fw_jb_set(b, o, "title", fw_j_text(inv->title));
        fw_jb_set(b, o, "columns", j_strlist(b, inv->columns, inv->n_columns));
        fw_jb_set(b, o, "rows", rows);
        if (inv->requirement)
            fw_jb_set(b, o, "requirement", fw_j_text(inv->requirement));
        fw_jb_set(b, all, inv->name, o);
    }
    return all;
}

static json_t *build_report(fw_jbuild *b, const fw_report *r, const fw_ruleset *rs)
{
    json_t *root = json_object(), *errors = json_array();
    json_t *findings = json_array(), *reqs = json_array();
    for (size_t i = 0; errors && i < r->n_errors; i++)
        fw_jb_push(b, errors, build_error(b, &r->errors[i]));
    /* Findings outside the profile are counted in the summary, not listed. */
    for (size_t i = 0; findings && i < r->n_findings; i++)
        if (fw_finding_in_profile(r, r->findings[i]))
            fw_jb_push(b, findings, build_finding(b, r->findings[i]));
    for (size_t i = 0; reqs && i < r->n_results; i++)
        fw_jb_push(b, reqs, build_requirement(b, &r->results[i]));

    fw_jb_set(b, root, "schema", json_string("fwaudit-report"));
    fw_jb_set(b, root, "schema_version", json_integer(FW_REPORT_SCHEMA_VERSION));
    fw_jb_set(b, root, "tool", build_tool(b, r));
    fw_jb_set(b, root, "ruleset", build_ruleset(b, r, rs));
    fw_jb_set(b, root, "profile", j_str(r->profile));
    fw_jb_set(b, root, "input", build_input(b, r));
    fw_jb_set(b, root, "scan", build_scan(b, r));
    fw_jb_set(b, root, "summary", build_summary(b, r));
    fw_jb_set(b, root, "errors", errors);
    fw_jb_set(b, root, "findings", findings);
    json_t *evidence = json_array();
    for (size_t i = 0; evidence && i < r->n_evidence; i++)
        fw_jb_push(b, evidence, build_finding(b, r->evidence[i]));
    fw_jb_set(b, root, "evidence", evidence);
    json_t *undecided = json_array();
    for (size_t i = 0; undecided && i < r->n_undecided; i++)
        fw_jb_push(b, undecided, build_finding(b, r->undecided[i]));
    fw_jb_set(b, root, "undecided", undecided);
    fw_jb_set(b, root, "requirements", reqs);
    fw_jb_set(b, root, "inventories", build_inventories(b, r));
    json_t *fixed = json_array();
    for (size_t i = 0; fixed && i < r->n_fixed; i++) {
        const fw_fixed *x = &r->fixed[i];
        json_t *o = json_object(), *loc = json_object();
        fw_jb_set(b, o, "rule", fw_j_text(x->rule));
        fw_jb_set(b, o, "severity", fw_j_text(x->severity));
        fw_jb_set(b, o, "message", fw_j_text(x->message));
        fw_jb_set(b, loc, "chain", fw_j_text(x->chain));
        fw_jb_set(b, loc, "path", fw_j_text(x->path));
        fw_jb_set(b, loc, "line", j_opt_u64(x->line, 0));
        fw_jb_set(b, o, "location", loc);
        fw_jb_set(b, o, "fingerprint", fw_j_text(x->fingerprint));
        fw_jb_push(b, fixed, o);
    }
    fw_jb_set(b, root, "fixed", fixed);
    return root;
}

int fw_render_json(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o)
{
    (void)o;
    fw_jbuild b = { 0 };
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
