/* render_html.c: one self-contained HTML file for auditors and suppliers.
 *
 * No script, no network, no external asset: the style sheet is inline, so
 * the file opens the same offline, in a mail attachment or an archive.
 * Contents: the image's identity (name, sha256, size, structure), the
 * verdict, a conformance matrix (one row per requirement, status colours,
 * ETSI EN 303 645 citation beside the published clause), then per
 * requirement the guideline's wording, countermeasures, ETSI provisions and
 * every finding with its evidence excerpt; waived and unchanged findings are
 * shown and marked. Every string is HTML-escaped (image strings first get
 * the text report's \xHH escaping), so nothing from the image becomes
 * markup. */
#include <stdlib.h>
#include <string.h>
#include "report/render_util.h"

static const char css[] =
"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:70em;color:#1a1a1a;padding:0 1em}"
"h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}"
"table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
"th{background:#f2f2f2}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}"
"pre{background:#f6f6f6;border:1px solid #ddd;padding:.5em;white-space:pre-wrap;word-break:break-all}"
".st{font-weight:bold;white-space:nowrap;border-radius:3px;padding:.1em .4em}"
".st-fail{background:#d32f2f;color:#fff}.st-pass{background:#2e7d32;color:#fff}"
".st-needs_attestation{background:#f9a825;color:#000}.st-incomplete{background:#8e24aa;color:#fff}"
".st-not_applicable{background:#e0e0e0;color:#555}"
".sev{font-weight:bold}.sev-critical,.sev-high{color:#b71c1c}.sev-medium{color:#e65100}.sev-low{color:#1565c0}.sev-info{color:#555}"
".badge{display:inline-block;border-radius:3px;padding:0 .4em;margin-left:.4em;font-size:.85em}"
".b-waived{background:#b2ebf2}.b-expired{background:#ffcdd2}.b-new{background:#fff59d}.b-unchanged{background:#eee}.b-fixed{background:#c8e6c9}.b-outside{background:#e1bee7}"
".finding{border-left:4px solid #d32f2f;padding:.2em .8em;margin:.8em 0}.finding.accepted{border-left-color:#9e9e9e;opacity:.85}"
".req{margin-top:1.5em}.muted{color:#666}.verdict{font-size:1.2em}";

static void put_status(fw_out *o, fw_status s)
{
    fw_out_printf(o, "<span class=\"st st-%s\">%s</span>", fw_status_key(s), fw_status_name(s));
}

static int names(const fw_finding *f, const char *id)
{
    for (size_t i = 0; f->rule && i < f->rule->n_requires; i++)
        if (strcmp(f->rule->requires[i], id) == 0)
            return 1;
    return 0;
}

static void row(fw_out *o, const char *key, const char *value, int image)
{
    fw_out_put(o, "<tr><th>");
    fw_out_put(o, key);
    fw_out_put(o, "</th><td>");
    if (image)
        fw_out_xml_name(o, value ? value : "-");
    else
        fw_out_xml_text(o, value ? value : "-");
    fw_out_put(o, "</td></tr>\n");
}

static void render_identity(fw_out *o, const fw_report *r, const fw_ruleset *rs)
{
    fw_out_put(o, "<h2 id=\"identity\">Image</h2>\n<table class=\"identity\">\n");
    row(o, "name", r->input_path, 1);
    row(o, "sha256", r->input_sha256[0] ? r->input_sha256 : "- (a directory)", 0);
    fw_out_printf(o, "<tr><th>size</th><td>%llu bytes</td></tr>\n",
                  (unsigned long long)r->input_size);
    row(o, "kind", r->input_kind, 0);
    fw_out_printf(o, "<tr><th>structure</th><td>%llu entries, %llu files read (%llu bytes), "
                  "%llu container%s opened</td></tr>\n",
                  (unsigned long long)r->entries, (unsigned long long)r->files_scanned,
                  (unsigned long long)r->bytes_scanned, (unsigned long long)r->containers,
                  r->containers == 1 ? "" : "s");
    fw_out_printf(o, "<tr><th>rules</th><td>%zu (rule set ",
                  r->rules_loaded ? r->rules_loaded : (rs ? rs->count : 0));
    fw_out_xml_text(o, r->ruleset_version ? r->ruleset_version : (rs ? rs->version : "-"));
    fw_out_put(o, ")</td></tr>\n");
    const fw_profile *p = fw_profile_find(r->profile);
    fw_out_put(o, "<tr><th>profile</th><td>");
    fw_out_xml_text(o, r->profile);
    if (p) {
        fw_out_put(o, " <span class=\"muted\">(");
        fw_out_xml_text(o, p->description);
        fw_out_put(o, ")</span>");
    }
    fw_out_put(o, "</td></tr>\n");
    row(o, "scanned", r->started_utc, 0);
    if (r->waivers_path)
        row(o, "waivers", r->waivers_path, 1);
    if (r->baseline_path)
        row(o, "baseline", r->baseline_path, 1);
    fw_out_put(o, "</table>\n");
}

static void render_verdict(fw_out *o, const fw_report *r)
{
    size_t counts[FW_SEV_COUNT] = {0}, accepted = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        const fw_finding *f = r->findings[i];
        if (fw_finding_counts(r, f) && (unsigned)f->severity < FW_SEV_COUNT)
            counts[f->severity]++;
        else if (!f->outside && fw_finding_in_profile(r, f))
            accepted++;
    }
    fw_out_put(o, "<p class=\"verdict\" id=\"verdict\">Verdict: ");
    put_status(o, fw_report_verdict(r));
    fw_out_put(o, " &mdash;");
    for (int s = FW_SEV_CRITICAL; s >= FW_SEV_INFO; s--)
        fw_out_printf(o, " %zu %s%s", counts[s], fw_severity_name((fw_severity)s),
                      s > FW_SEV_INFO ? "," : "");
    if (accepted)
        fw_out_printf(o, "; %zu waived or unchanged", accepted);
    if (r->n_outside)
        fw_out_printf(o, "; %zu outside the image (not counted)", r->n_outside);
    fw_out_put(o, "</p>\n");
    if (r->incomplete)
        fw_out_put(o, "<p><strong>Part of the input could not be read, so nothing can PASS.</strong></p>\n");
}

static void put_etsi(fw_out *o, const fw_requirement *req, int with_title)
{
    for (size_t k = 0; k < req->etsi.n; k++) {
        const fw_etsi_provision *p = fw_etsi_find(req->etsi.v[k]);
        if (k)
            fw_out_put(o, with_title ? "<br>" : ", ");
        fw_out_xml_text(o, req->etsi.v[k]);
        if (p) {
            fw_out_printf(o, " &rarr; <b>%s</b>", p->clause);
            if (with_title)
                fw_out_printf(o, " %s", p->title);
        }
    }
}

static void render_matrix(fw_out *o, const fw_report *r)
{
    fw_out_put(o, "<h2>Conformance matrix</h2>\n<table id=\"matrix\">\n"
               "<tr><th>ID</th><th>Requirement</th><th>Status</th><th>Findings</th>"
               "<th>Waived / unchanged</th><th>ETSI EN 303 645<br><span class=\"muted\">"
               "guideline cites &rarr; published clause</span></th></tr>\n");
    for (size_t i = 0; i < r->n_results; i++) {
        const fw_req_result *res = &r->results[i];
        fw_out_printf(o, "<tr class=\"row-%s\"><td><a href=\"#req-", fw_status_key(res->status));
        fw_out_xml_text(o, res->req->id);
        fw_out_put(o, "\">");
        fw_out_xml_text(o, res->req->id);
        fw_out_put(o, "</a></td><td>");
        fw_out_xml_text(o, res->req->title);
        fw_out_put(o, "</td><td>");
        put_status(o, res->status);
        fw_out_printf(o, "</td><td>%zu</td><td>%zu</td><td>", res->n_findings, res->n_accepted);
        put_etsi(o, res->req, 0);
        fw_out_put(o, "</td></tr>\n");
    }
    fw_out_put(o, "</table>\n");
}

static void render_errors(fw_out *o, const fw_report *r)
{
    if (r->n_errors == 0)
        return;
    fw_out_printf(o, "<h2>Could not read (%llu)</h2>\n<ul>\n",
                  (unsigned long long)(r->n_errors + r->errors_dropped));
    for (size_t i = 0; i < r->n_errors; i++) {
        fw_out_put(o, "<li><code>");
        fw_out_xml_name(o, r->errors[i].where);
        fw_out_put(o, "</code>");
        if (r->errors[i].offset != FW_NO_OFFSET)
            fw_out_printf(o, " @0x%llx", (unsigned long long)r->errors[i].offset);
        fw_out_put(o, ": ");
        fw_out_xml_text(o, r->errors[i].message);
        fw_out_put(o, r->errors[i].fatal ? " (not read further)</li>\n" : "</li>\n");
    }
    fw_out_put(o, "</ul>\n");
}

static void render_finding(fw_out *o, const fw_report *r, const fw_finding *f)
{
    int counts = fw_finding_counts(r, f);
    char *loc = fw_location_text(f);
    fw_out_printf(o, "<div class=\"finding%s\"><p><span class=\"sev sev-%s\">%s</span> <code>",
                  counts ? "" : " accepted", fw_severity_name(f->severity),
                  fw_severity_name(f->severity));
    fw_out_xml_text(o, f->rule ? f->rule->id : "?");
    fw_out_put(o, "</code> at <code>");
    fw_out_xml_text(o, loc);
    fw_out_put(o, "</code>");
    free(loc);
    if (f->waiver == FW_WAIVER_ACTIVE)
        fw_out_put(o, "<span class=\"badge b-waived\">waived</span>");
    else if (f->waiver == FW_WAIVER_EXPIRED)
        fw_out_put(o, "<span class=\"badge b-expired\">waiver expired</span>");
    if (f->outside)
        fw_out_put(o, "<span class=\"badge b-outside\">outside the image</span>");
    if (f->baseline == FW_BASELINE_NEW)
        fw_out_put(o, "<span class=\"badge b-new\">new</span>");
    else if (f->baseline == FW_BASELINE_UNCHANGED)
        fw_out_put(o, "<span class=\"badge b-unchanged\">unchanged since the baseline</span>");
    fw_out_put(o, "<br>");
    fw_out_xml_text(o, f->message ? f->message : (f->rule ? f->rule->title : ""));
    fw_out_put(o, "</p>\n");
    if (f->excerpt && *f->excerpt) {
        fw_out_put(o, "<pre class=\"evidence\">");
        fw_out_xml_text(o, f->excerpt);
        fw_out_put(o, "</pre>\n");
    }
    if (f->n_also) {
        /* the same fact in identical copies or other lines of the file */
        fw_out_put(o, "<p><b>Also at:</b></p>\n<ul class=\"also\">\n");
        for (size_t i = 0; i < f->n_also; i++) {
            char *at = fw_place_text(&f->also[i]);
            fw_out_put(o, "<li><code>");
            fw_out_xml_text(o, at);
            fw_out_put(o, "</code>");
            free(at);
            if (f->also[i].excerpt && *f->also[i].excerpt) {
                fw_out_put(o, " <code>");
                fw_out_xml_text(o, f->also[i].excerpt);
                fw_out_put(o, "</code>");
            }
            fw_out_put(o, "</li>\n");
        }
        fw_out_put(o, "</ul>\n");
    }
    if (f->n_flow) {
        /* the data flow, source first */
        fw_out_put(o, "<p><b>Flow:</b></p>\n<ol class=\"flow\">\n");
        for (size_t i = 0; i < f->n_flow; i++) {
            char *at = fw_place_text(&f->flow[i]);
            fw_out_put(o, "<li><code>");
            fw_out_xml_text(o, at);
            fw_out_put(o, "</code>");
            free(at);
            if (f->flow[i].excerpt && *f->flow[i].excerpt) {
                fw_out_put(o, " <code>");
                fw_out_xml_text(o, f->flow[i].excerpt);
                fw_out_put(o, "</code>");
            }
            fw_out_put(o, "</li>\n");
        }
        fw_out_put(o, "</ol>\n");
    }
    if (f->waiver != FW_WAIVER_NONE) {
        fw_out_put(o, "<p class=\"waiver\">");
        fw_out_put(o, f->waiver == FW_WAIVER_ACTIVE ? "Waived until " : "Waiver expired on ");
        fw_out_xml_text(o, f->waiver_expires);
        fw_out_put(o, " by ");
        fw_out_xml_text(o, f->waiver_owner);
        fw_out_put(o, ": ");
        fw_out_xml_text(o, f->waiver_reason);
        fw_out_put(o, "</p>\n");
    }
    if (f->rule && f->rule->fix) {
        fw_out_put(o, "<p><b>Fix:</b> ");
        fw_out_xml_text(o, f->rule->fix);
        fw_out_put(o, "</p>\n");
    }
    fw_out_printf(o, "<p class=\"muted\">fingerprint <code>%s</code></p></div>\n", f->fingerprint);
}

static void put_list(fw_out *o, const char *heading, const fw_strlist *l)
{
    if (l->n == 0)
        return;
    fw_out_printf(o, "<p><b>%s</b></p>\n<ul>\n", heading);
    for (size_t i = 0; i < l->n; i++) {
        fw_out_put(o, "<li>");
        fw_out_xml_text(o, l->v[i]);
        fw_out_put(o, "</li>\n");
    }
    fw_out_put(o, "</ul>\n");
}

static void render_inventory(fw_out *o, const fw_inventory *inv);

static void render_requirement(fw_out *o, const fw_report *r, const fw_req_result *res)
{
    const fw_requirement *req = res->req;
    fw_out_put(o, "<section class=\"req\" id=\"req-");
    fw_out_xml_text(o, req->id);
    fw_out_put(o, "\">\n<h3>");
    fw_out_xml_text(o, req->id);
    fw_out_put(o, " ");
    put_status(o, res->status);
    fw_out_put(o, " ");
    fw_out_xml_text(o, req->title);
    fw_out_put(o, "</h3>\n<p>");
    fw_out_xml_text(o, res->reason);
    fw_out_put(o, "</p>\n");
    put_list(o, "The guideline's requirement", &req->requirement);
    put_list(o, "Countermeasures", &req->countermeasures);
    if (req->etsi.n) {
        fw_out_put(o, "<p><b>ETSI EN 303 645</b> (guideline's citation &rarr; published clause):<br>");
        put_etsi(o, req, 1);
        fw_out_put(o, "</p>\n");
    }
    for (size_t i = 0; i < r->n_findings; i++)
        if (names(r->findings[i], req->id) && !r->findings[i]->outside &&
            fw_finding_in_profile(r, r->findings[i]))
            render_finding(o, r, r->findings[i]);
    if (res->status == FW_STATUS_PASS)
        for (size_t i = 0; i < r->n_evidence; i++) {
            const fw_finding *e = r->evidence[i];
            if (!names(e, req->id))
                continue;
            char *loc = fw_location_text(e);
            fw_out_put(o, "<p>Evidence: <code>");
            fw_out_xml_text(o, loc);
            fw_out_put(o, "</code> ");
            fw_out_xml_text(o, e->message ? e->message : (e->rule ? e->rule->title : ""));
            fw_out_put(o, "</p>\n");
            free(loc);
        }
    /* the listeners under MO.1: the network-exposed surface */
    for (size_t i = 0; i < r->n_inventories; i++)
        if (r->inventories[i]->requirement && strcmp(r->inventories[i]->requirement, req->id) == 0)
            render_inventory(o, r->inventories[i]);
    if (res->status != FW_STATUS_FAIL)
        put_list(o, "Needs the vendor's (or another party's) attestation", &req->attestation);
    fw_out_put(o, "</section>\n");
}

static void render_fixed(fw_out *o, const fw_report *r)
{
    if (!r->baseline_path)
        return;
    fw_out_printf(o, "<h2 id=\"fixed\">Fixed since the baseline (%zu)</h2>\n<ul>\n", r->n_fixed);
    for (size_t i = 0; i < r->n_fixed; i++) {
        const fw_fixed *x = &r->fixed[i];
        fw_out_put(o, "<li><span class=\"badge b-fixed\">fixed</span> <code>");
        fw_out_xml_text(o, x->rule);
        fw_out_put(o, "</code> <code>");
        fw_out_xml_text(o, x->path);
        if (x->line)
            fw_out_printf(o, ":%llu", (unsigned long long)x->line);
        fw_out_put(o, "</code> ");
        fw_out_xml_text(o, x->message);
        fw_out_put(o, "</li>\n");
    }
    fw_out_put(o, "</ul>\n");
}

static void render_inventory(fw_out *o, const fw_inventory *inv)
{
    fw_out_put(o, "<h3>");
    fw_out_xml_text(o, inv->title);
    fw_out_printf(o, " (%zu)</h3>\n<table class=\"inventory\"><tr>", inv->n_rows);
    for (size_t k = 0; k < inv->n_columns; k++) {
        fw_out_put(o, "<th>");
        fw_out_xml_text(o, inv->columns[k]);
        fw_out_put(o, "</th>");
    }
    fw_out_put(o, "</tr>\n");
    for (size_t j = 0; j < inv->n_rows; j++) {
        fw_out_put(o, "<tr>");
        for (size_t k = 0; k < inv->n_columns; k++) {
            fw_out_put(o, "<td>");
            fw_out_xml_name(o, inv->rows[j][k] ? inv->rows[j][k] : "-");
            fw_out_put(o, "</td>");
        }
        fw_out_put(o, "</tr>\n");
    }
    fw_out_put(o, "</table>\n");
}

int fw_render_html(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *opts)
{
    (void)opts;
    fw_out o = { out, 0 };
    fw_out_put(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               /* Nothing may load from anywhere: no script, no remote style. */
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
               "style-src 'unsafe-inline'\">\n<title>fwaudit report: ");
    fw_out_xml_name(&o, r->input_path ? r->input_path : "");
    fw_out_printf(&o, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
    fw_out_put(&o, "<h1>Conformance with the smart-home security guideline (METI)</h1>\n");
    fw_out_put(&o, "<p class=\"muted\">fwaudit ");
    fw_out_xml_text(&o, r->tool_version ? r->tool_version : "-");
    fw_out_put(&o, ". Static analysis of the image: what no image can show is marked NEEDS "
               "ATTESTATION, never PASS.</p>\n");
    render_identity(&o, r, rs);
    render_verdict(&o, r);
    render_errors(&o, r);
    render_matrix(&o, r);
    fw_out_put(&o, "<h2>Requirements</h2>\n");
    for (size_t i = 0; i < r->n_results; i++)
        if (r->results[i].status != FW_STATUS_NOT_APPLICABLE)
            render_requirement(&o, r, &r->results[i]);
    if (r->n_outside) {
        /* files beside the detected root filesystem: not the device's */
        fw_out_printf(&o, "<h2 id=\"outside\">Outside the image (%zu)</h2>\n<p>Findings in files "
                      "beside the detected root filesystem of the input; they count toward no "
                      "requirement and no verdict.</p>\n", r->n_outside);
        for (size_t i = 0; i < r->n_findings; i++)
            if (r->findings[i]->outside)
                render_finding(&o, r, r->findings[i]);
    }
    render_fixed(&o, r);
    if (r->n_inventories) {
        fw_out_put(&o, "<h2>Inventories</h2>\n");
        for (size_t i = 0; i < r->n_inventories; i++)
            render_inventory(&o, r->inventories[i]);
    }
    fw_out_put(&o, "</body>\n</html>\n");
    return fw_out_finish(&o);
}
