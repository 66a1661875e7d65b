/* render_junit.c: JUnit XML for CI dashboards: one test case per requirement
 * ID, so a pipeline shows conformance at a glance.
 *
 *   FAIL               <failure> carrying the findings (rule, location, message, evidence)
 *   INCOMPLETE         <error>: part of the image could not be read
 *   NEEDS ATTESTATION  <skipped> with the reason (no image can show it)
 *   NOT APPLICABLE     <skipped> (outside the profile)
 *   PASS               an empty test case
 * Waived and unchanged findings are listed in the test case's <system-out>
 * so they stay visible; read errors go to the suite's <system-err>. */
#include <stdlib.h>
#include <string.h>
#include "report/render_util.h"

static int names(const fw_finding *f, const char *id)
{
    for (size_t i = 0; f->rule && i < f->rule->n_requires; i++)
        if (strcmp(f->rule->requires[i], id) == 0)
            return 1;
    return 0;
}

/* One finding as plain lines inside <failure> or <system-out>. */
static void put_finding(fw_out *o, const fw_finding *f)
{
    char *loc = fw_location_text(f);
    fw_out_put(o, "[");
    fw_out_put(o, fw_severity_name(f->severity));
    fw_out_put(o, "] ");
    fw_out_xml_text(o, f->rule ? f->rule->id : "?");
    fw_out_put(o, " ");
    fw_out_xml_text(o, loc);
    free(loc);
    fw_out_put(o, "\n  ");
    fw_out_xml_text(o, f->message ? f->message : (f->rule ? f->rule->title : ""));
    if (f->excerpt && *f->excerpt) {
        fw_out_put(o, "\n  evidence: ");
        fw_out_xml_text(o, f->excerpt);
    }
    for (size_t i = 0; i < f->n_also; i++) {
        char *at = fw_place_text(&f->also[i]);
        fw_out_put(o, "\n  also at: ");
        fw_out_xml_text(o, at);
        free(at);
        if (f->also[i].excerpt && *f->also[i].excerpt) {
            fw_out_put(o, ": ");
            fw_out_xml_text(o, f->also[i].excerpt);
        }
    }
    for (size_t i = 0; i < f->n_flow; i++) {
        char *at = fw_place_text(&f->flow[i]);
        fw_out_printf(o, "\n  %s %zu. ", i ? "     " : "flow:", i + 1);
        fw_out_xml_text(o, at);
        free(at);
        if (f->flow[i].excerpt && *f->flow[i].excerpt) {
            fw_out_put(o, ": ");
            fw_out_xml_text(o, f->flow[i].excerpt);
        }
    }
    if (f->outside)
        fw_out_put(o, "\n  outside the image (beside the detected root filesystem): not counted");
    if (f->waiver != FW_WAIVER_NONE) {
        fw_out_put(o, f->waiver == FW_WAIVER_ACTIVE ? "\n  WAIVED until " : "\n  WAIVER EXPIRED on ");
        fw_out_xml_text(o, f->waiver_expires);
        fw_out_put(o, " by ");
        fw_out_xml_text(o, f->waiver_owner);
        fw_out_put(o, ": ");
        fw_out_xml_text(o, f->waiver_reason);
    }
    if (f->baseline == FW_BASELINE_UNCHANGED)
        fw_out_put(o, "\n  unchanged since the baseline");
    if (f->rule && f->rule->fix) {
        fw_out_put(o, "\n  fix: ");
        fw_out_xml_text(o, f->rule->fix);
    }
    fw_out_put(o, "\n  fingerprint: ");
    fw_out_put(o, f->fingerprint);
    fw_out_put(o, "\n");
}

/* An inventory tied to this requirement (the listeners of MO.1) as plain
 * lines: its title, then "column=cell" pairs per row. */
static void put_inventory(fw_out *o, const fw_inventory *inv)
{
    fw_out_xml_text(o, inv->title);
    fw_out_printf(o, " (%zu):\n", inv->n_rows);
    for (size_t j = 0; j < inv->n_rows; j++) {
        fw_out_put(o, " ");
        for (size_t k = 0; k < inv->n_columns; k++) {
            fw_out_put(o, " ");
            fw_out_xml_text(o, inv->columns[k]);
            fw_out_put(o, "=");
            fw_out_xml_text(o, inv->rows[j][k] ? inv->rows[j][k] : "-");
        }
        fw_out_put(o, "\n");
    }
}

static void put_case(fw_out *o, const fw_report *r, const fw_req_result *res)
{
    const char *id = res->req->id;
    fw_out_put(o, "    <testcase classname=\"fwaudit.");
    fw_out_xml_text(o, r->profile);
    fw_out_put(o, "\" name=\"");
    fw_out_xml_text(o, id);
    fw_out_put(o, " ");
    fw_out_xml_text(o, res->req->title);
    fw_out_put(o, "\">\n");
    switch (res->status) {
    case FW_STATUS_FAIL:
        fw_out_printf(o, "      <failure type=\"FAIL\" message=\"%zu finding%s: ", res->n_findings,
                      res->n_findings == 1 ? "" : "s");
        fw_out_xml_text(o, res->reason);
        fw_out_put(o, "\">");
        for (size_t i = 0; i < r->n_findings; i++)
            if (names(r->findings[i], id) && fw_finding_counts(r, r->findings[i]))
                put_finding(o, r->findings[i]);
        fw_out_put(o, "</failure>\n");
        break;
    case FW_STATUS_INCOMPLETE:
        fw_out_put(o, "      <error type=\"INCOMPLETE\" message=\"");
        fw_out_xml_text(o, res->reason);
        fw_out_put(o, "\"/>\n");
        break;
    case FW_STATUS_NEEDS_ATTESTATION:
    case FW_STATUS_NOT_APPLICABLE:
        fw_out_put(o, "      <skipped message=\"");
        fw_out_put(o, fw_status_name(res->status));
        fw_out_put(o, ": ");
        fw_out_xml_text(o, res->reason);
        fw_out_put(o, "\"/>\n");
        break;
    case FW_STATUS_PASS:
        break;
    }
    int inventories = 0;
    for (size_t i = 0; i < r->n_inventories; i++)
        inventories += r->inventories[i]->requirement &&
                       strcmp(r->inventories[i]->requirement, id) == 0;
    if ((res->n_accepted > 0 || inventories) && res->status != FW_STATUS_NOT_APPLICABLE) {
        fw_out_put(o, "      <system-out>");
        for (size_t i = 0; i < r->n_findings; i++)
            if (names(r->findings[i], id) && !r->findings[i]->outside &&
                !fw_finding_counts(r, r->findings[i]))
                put_finding(o, r->findings[i]);
        for (size_t i = 0; i < r->n_inventories; i++)
            if (r->inventories[i]->requirement && strcmp(r->inventories[i]->requirement, id) == 0)
                put_inventory(o, r->inventories[i]);
        fw_out_put(o, "</system-out>\n");
    }
    fw_out_put(o, "    </testcase>\n");
}

int fw_render_junit(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *opts)
{
    (void)rs;
    (void)opts;
    fw_out o = { out, 0 };
    size_t fail = 0, err = 0, skip = 0;
    for (size_t i = 0; i < r->n_results; i++) {
        fw_status s = r->results[i].status;
        fail += s == FW_STATUS_FAIL;
        err += s == FW_STATUS_INCOMPLETE;
        skip += s == FW_STATUS_NEEDS_ATTESTATION || s == FW_STATUS_NOT_APPLICABLE;
    }
    fw_out_put(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    /* junit-10.xsd (Jenkins) allows no `skipped` on <testsuites>: it is on
       the <testsuite> below */
    fw_out_printf(&o, "<testsuites name=\"fwaudit\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                  "time=\"%.3f\">\n", r->n_results, fail, err, r->duration_s);
    fw_out_put(&o, "  <testsuite name=\"fwaudit conformance: ");
    fw_out_xml_name(&o, r->input_path ? r->input_path : "");
    fw_out_put(&o, " (profile ");
    fw_out_xml_text(&o, r->profile);
    fw_out_printf(&o, ")\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
                  "time=\"%.3f\"", r->n_results, fail, err, skip, r->duration_s);
    if (r->started_utc) {
        fw_out_put(&o, " timestamp=\"");
        fw_out_xml_text(&o, r->started_utc);
        fw_out_put(&o, "\"");
    }
    fw_out_put(&o, ">\n");
    fw_out_put(&o, "    <properties>\n");
    fw_out_put(&o, "      <property name=\"verdict\" value=\"");
    fw_out_put(&o, fw_status_key(fw_report_verdict(r)));
    fw_out_put(&o, "\"/>\n      <property name=\"input.sha256\" value=\"");
    fw_out_put(&o, r->input_sha256);
    fw_out_printf(&o, "\"/>\n      <property name=\"findings.outside_image\" value=\"%zu\"/>\n",
                  r->n_outside);
    fw_out_put(&o, "    </properties>\n");
    for (size_t i = 0; i < r->n_results; i++)
        put_case(&o, r, &r->results[i]);
    if (r->n_outside > 0) {
        /* beside the image's root filesystem: listed, never a failure */
        fw_out_put(&o, "    <system-out>Outside the image (not counted):\n");
        for (size_t i = 0; i < r->n_findings; i++)
            if (r->findings[i]->outside)
                put_finding(&o, r->findings[i]);
        fw_out_put(&o, "</system-out>\n");
    }
    if (r->n_errors > 0) {
        fw_out_put(&o, "    <system-err>");
        for (size_t i = 0; i < r->n_errors; i++) {
            fw_out_xml_name(&o, r->errors[i].where);
            fw_out_put(&o, ": ");
            fw_out_xml_text(&o, r->errors[i].message);
            fw_out_put(&o, "\n");
        }
        fw_out_put(&o, "</system-err>\n");
    }
    fw_out_put(&o, "  </testsuite>\n</testsuites>\n");
    return fw_out_finish(&o);
}
