/* render_markdown.c: a Markdown summary for merge-request comments and job
 * summaries (GitHub's $GITHUB_STEP_SUMMARY, GitLab notes): identity, verdict,
 * the conformance matrix as a table, then the findings. Image strings are
 * escaped so they cannot open links, images or HTML. */
#include <stdlib.h>
#include <string.h>
#include "report/render_util.h"

static const char *status_mark(fw_status s)
{
    switch (s) {
    case FW_STATUS_FAIL: return "\xe2\x9d\x8c FAIL";          /* cross mark */
    case FW_STATUS_PASS: return "\xe2\x9c\x85 PASS";          /* check mark */
    case FW_STATUS_NEEDS_ATTESTATION: return "\xe2\x9a\xa0\xef\xb8\x8f NEEDS ATTESTATION";
    case FW_STATUS_INCOMPLETE: return "\xe2\x9d\x93 INCOMPLETE";
    case FW_STATUS_NOT_APPLICABLE: return "NOT APPLICABLE";
    }
    return "?";
}

/* One finding as a list item: where, its state, its message, the other
 * places of the same fact. */
static void put_finding(fw_out *o, const fw_finding *f)
{
    char *loc = fw_location_text(f);
    fw_out_printf(o, "- **%s** ", fw_severity_name(f->severity));
    fw_out_md_text(o, f->rule ? f->rule->id : "?");
    fw_out_put(o, " (");
    for (size_t k = 0; f->rule && k < f->rule->n_requires; k++) {
        fw_out_put(o, k ? ", " : "");
        fw_out_md_text(o, f->rule->requires[k]);
    }
    fw_out_put(o, ") at ");
    fw_out_md_text(o, loc);
    free(loc);
    if (f->outside)
        fw_out_put(o, " \xe2\x80\x94 *outside the image*");
    if (f->waiver == FW_WAIVER_ACTIVE) {
        fw_out_put(o, " \xe2\x80\x94 *waived* until ");
        fw_out_md_text(o, f->waiver_expires);
        fw_out_put(o, " by ");
        fw_out_md_text(o, f->waiver_owner);
        fw_out_put(o, ": ");
        fw_out_md_text(o, f->waiver_reason);
    } else if (f->waiver == FW_WAIVER_EXPIRED) {
        fw_out_put(o, " \xe2\x80\x94 *waiver expired* on ");
        fw_out_md_text(o, f->waiver_expires);
    }
    if (f->baseline == FW_BASELINE_NEW)
        fw_out_put(o, " \xe2\x80\x94 *new*");
    else if (f->baseline == FW_BASELINE_UNCHANGED)
        fw_out_put(o, " \xe2\x80\x94 *unchanged*");
    fw_out_put(o, "  \n  ");
    fw_out_md_text(o, f->message ? f->message : (f->rule ? f->rule->title : ""));
    fw_out_put(o, "\n");
    for (size_t i = 0; i < f->n_also; i++) {
        char *at = fw_place_text(&f->also[i]);
        fw_out_put(o, "  - also at ");
        fw_out_md_text(o, at);
        free(at);
        if (f->also[i].excerpt && *f->also[i].excerpt) {
            fw_out_put(o, ": ");
            fw_out_md_text(o, f->also[i].excerpt);
        }
        fw_out_put(o, "\n");
    }
    if (f->n_flow) {
        fw_out_put(o, "  - flow:\n");
        for (size_t i = 0; i < f->n_flow; i++) {
            char *at = fw_place_text(&f->flow[i]);
            fw_out_printf(o, "    %zu. ", i + 1);
            fw_out_md_text(o, at);
            free(at);
            if (f->flow[i].excerpt && *f->flow[i].excerpt) {
                fw_out_put(o, ": ");
                fw_out_md_text(o, f->flow[i].excerpt);
            }
            fw_out_put(o, "\n");
        }
    }
}

int fw_render_markdown(FILE *out, const fw_report *r, const fw_ruleset *rs,
                       const fw_render_opts *opts)
{
    (void)rs;
    (void)opts;
    fw_out o = { out, 0 };
    fw_out_put(&o, "# fwaudit: ");
    fw_out_md_name(&o, r->input_path ? r->input_path : "");
    fw_out_put(&o, "\n\n");
    fw_out_printf(&o, "- **verdict:** %s\n", status_mark(fw_report_verdict(r)));
    fw_out_printf(&o, "- **sha256:** `%s`\n", r->input_sha256[0] ? r->input_sha256 : "-");
    fw_out_printf(&o, "- **size:** %llu bytes; %llu entries, %llu containers\n",
                  (unsigned long long)r->input_size, (unsigned long long)r->entries,
                  (unsigned long long)r->containers);
    fw_out_put(&o, "- **profile:** ");
    fw_out_md_text(&o, r->profile);
    fw_out_put(&o, "\n");
    if (r->baseline_path) {
        size_t fresh = 0, unchanged = 0;
        for (size_t i = 0; i < r->n_findings; i++) {
            fresh += r->findings[i]->baseline == FW_BASELINE_NEW;
            unchanged += r->findings[i]->baseline == FW_BASELINE_UNCHANGED;
        }
        fw_out_printf(&o, "- **baseline:** %zu new, %zu unchanged, %zu fixed\n", fresh,
                      unchanged, r->n_fixed);
    }
    if (r->n_errors)
        fw_out_printf(&o, "- **could not read:** %zu problem%s (nothing can PASS)\n",
                      r->n_errors, r->n_errors == 1 ? "" : "s");

    fw_out_put(&o, "\n## Conformance\n\n| ID | Requirement | Status | Findings | ETSI EN 303 645 (cited \xe2\x86\x92 clause) |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < r->n_results; i++) {
        const fw_req_result *res = &r->results[i];
        if (res->status == FW_STATUS_NOT_APPLICABLE)
            continue;
        fw_out_put(&o, "| ");
        fw_out_md_text(&o, res->req->id);
        fw_out_put(&o, " | ");
        fw_out_md_text(&o, res->req->title);
        fw_out_printf(&o, " | %s | %zu", status_mark(res->status), res->n_findings);
        if (res->n_accepted)
            fw_out_printf(&o, " (+%zu accepted)", res->n_accepted);
        fw_out_put(&o, " | ");
        for (size_t k = 0; k < res->req->etsi.n; k++) {
            const fw_etsi_provision *p = fw_etsi_find(res->req->etsi.v[k]);
            fw_out_printf(&o, "%s%s", k ? ", " : "", res->req->etsi.v[k]);
            if (p)
                fw_out_printf(&o, " \xe2\x86\x92 %s", p->clause);
        }
        fw_out_put(&o, " |\n");
    }

    /* Inventories tied to a requirement (the listeners: MO.1's exposed surface). */
    for (size_t i = 0; i < r->n_inventories; i++) {
        const fw_inventory *inv = r->inventories[i];
        if (!inv->requirement)
            continue;
        fw_out_put(&o, "\n## ");
        fw_out_md_text(&o, inv->title);
        fw_out_put(&o, " (");
        fw_out_md_text(&o, inv->requirement);
        fw_out_printf(&o, "): %zu\n\n", inv->n_rows);
        if (inv->n_rows == 0)
            continue;
        fw_out_put(&o, "|");
        for (size_t k = 0; k < inv->n_columns; k++) {
            fw_out_put(&o, " ");
            fw_out_md_text(&o, inv->columns[k]);
            fw_out_put(&o, " |");
        }
        fw_out_put(&o, "\n|");
        for (size_t k = 0; k < inv->n_columns; k++)
            fw_out_put(&o, "---|");
        fw_out_put(&o, "\n");
        for (size_t j = 0; j < inv->n_rows; j++) {
            fw_out_put(&o, "|");
            for (size_t k = 0; k < inv->n_columns; k++) {
                fw_out_put(&o, " ");
                fw_out_md_text(&o, inv->rows[j][k] ? inv->rows[j][k] : "-");
                fw_out_put(&o, " |");
            }
            fw_out_put(&o, "\n");
        }
    }

    fw_out_put(&o, "\n## Findings\n\n");
    size_t listed = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        const fw_finding *f = r->findings[i];
        if (f->outside || !fw_finding_in_profile(r, f))
            continue;
        listed++;
        put_finding(&o, f);
    }
    if (!listed)
        fw_out_put(&o, "None.\n");
    if (r->n_outside) {
        /* files beside the detected root filesystem: not the device's */
        fw_out_printf(&o, "\n## Outside the image (%zu)\n\nFindings in files beside the detected "
                      "root filesystem of the input; not counted.\n\n", r->n_outside);
        for (size_t i = 0; i < r->n_findings; i++)
            if (r->findings[i]->outside)
                put_finding(&o, r->findings[i]);
    }
    if (r->n_fixed) {
        fw_out_printf(&o, "\n## Fixed since the baseline (%zu)\n\n", r->n_fixed);
        for (size_t i = 0; i < r->n_fixed; i++) {
            fw_out_put(&o, "- ");
            fw_out_md_text(&o, r->fixed[i].rule);
            fw_out_put(&o, " at ");
            fw_out_md_text(&o, r->fixed[i].path);
            fw_out_put(&o, "\n");
        }
    }
    return fw_out_finish(&o);
}
