/* report.c: the report model: findings, unpack errors, ordering. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/report.h"

fw_report *fw_report_new(void)
{
    fw_report *r = fw_xcalloc(1, sizeof *r);
    r->profile = fw_xstrdup("all");
    return r;
}

void fw_finding_free(fw_finding **fp)
{
    fw_finding *f = *fp;
    if (!f)
        return;
    free(f->chain);
    free(f->path);
    free(f->root);
    for (size_t i = 0; i < f->n_also; i++) {
        free(f->also[i].chain);
        free(f->also[i].path);
        free(f->also[i].excerpt);
    }
    free(f->also);
    for (size_t i = 0; i < f->n_flow; i++) {
        free(f->flow[i].chain);
        free(f->flow[i].path);
        free(f->flow[i].excerpt);
    }
    free(f->flow);
    free(f->message);
    free(f->excerpt);
    free(f->waiver_reason);
    free(f->waiver_owner);
    free(f->waiver_expires);
    for (size_t i = 0; i < f->n_details; i++) {
        free(f->details[i].key);
        free(f->details[i].value);
    }
    free(f->details);
    free(f);
    *fp = NULL;
}

void fw_finding_add_detail(fw_finding *f, const char *key, const char *value)
{
    f->details = fw_xreallocarray(f->details, f->n_details + 1, sizeof *f->details);
    f->details[f->n_details].key = fw_xstrdup(key);
    f->details[f->n_details].value = fw_xstrdup(value ? value : "");
    f->n_details++;
}

void fw_finding_fingerprint(char out[FW_FINGERPRINT_LEN + 1], const char *rule_id,
                            const char *path, const char *identity)
{
    fw_sha256 *h = fw_sha256_new();
    fw_sha256_update(h, rule_id, strlen(rule_id) + 1);
    if (path)
        fw_sha256_update(h, path, strlen(path) + 1);
    fw_sha256_update(h, identity, strlen(identity));
    char hex[FW_SHA256_HEX_LEN + 1];
    fw_sha256_final_hex(&h, hex);
    memcpy(out, hex, FW_FINGERPRINT_LEN);
    out[FW_FINGERPRINT_LEN] = '\0';
}

void fw_report_free(fw_report **rp)
{
    fw_report *r = *rp;
    if (!r)
        return;
    free(r->tool_version);
    free(r->ruleset_version);
    free(r->profile);
    free(r->input_path);
    free(r->input_kind);
    free(r->started_utc);
    for (size_t i = 0; i < r->n_findings; i++)
        fw_finding_free(&r->findings[i]);
    free(r->findings);
    for (size_t i = 0; i < r->n_errors; i++) {
        free(r->errors[i].where);
        free(r->errors[i].message);
    }
    free(r->errors);
    for (size_t i = 0; i < r->n_evidence; i++)
        fw_finding_free(&r->evidence[i]);
    free(r->evidence);
    for (size_t i = 0; i < r->n_undecided; i++)
        fw_finding_free(&r->undecided[i]);
    free(r->undecided);
    for (size_t i = 0; i < r->n_inventories; i++) {
        fw_inventory *inv = r->inventories[i];
        for (size_t j = 0; j < inv->n_rows; j++) {
            for (size_t k = 0; k < inv->n_columns; k++)
                free(inv->rows[j][k]);
            free(inv->rows[j]);
        }
        for (size_t k = 0; k < inv->n_columns; k++)
            free(inv->columns[k]);
        free(inv->rows);
        free(inv->columns);
        free(inv->name);
        free(inv->title);
        free(inv->requirement);
        free(inv);
    }
    free(r->inventories);
    for (size_t i = 0; i < r->n_fixed; i++) {
        fw_fixed *x = &r->fixed[i];
        free(x->rule); free(x->severity); free(x->chain); free(x->path);
        free(x->message); free(x->fingerprint);
    }
    free(r->fixed);
    free(r->waivers_path);
    free(r->baseline_path);
    fw_report_clear_results(r);
    free(r);
    *rp = NULL;
}

void fw_report_clear_results(fw_report *r)
{
    for (size_t i = 0; i < r->n_results; i++) {
        for (size_t j = 0; j < r->results[i].n_rules; j++)
            free(r->results[i].rules[j]);
        free(r->results[i].rules);
        free(r->results[i].reason);
    }
    free(r->results);
    r->results = NULL;
    r->n_results = 0;
}

void fw_report_add_error(fw_report *r, const char *where, uint64_t offset,
                         int fatal, const char *fmt, ...)
{
    r->incomplete = 1;
    if (r->n_errors >= FW_MAX_ERRORS_KEPT) {
        r->errors_dropped++;
        return;
    }
    fw_strbuf sb = FW_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    fw_sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    FW_XGROW(r->errors, r->cap_errors, r->n_errors + 1);
    fw_unpack_error *e = &r->errors[r->n_errors++];
    e->where = fw_xstrdup(where ? where : "");
    e->offset = offset;
    e->fatal = fatal;
    e->message = fw_sb_detach(&sb);
}

void fw_report_add_finding(fw_report *r, fw_finding *f)
{
    if (r->n_findings >= FW_MAX_FINDINGS) {
        r->findings_dropped++;
        fw_finding_free(&f);
        return;
    }
    FW_XGROW(r->findings, r->cap_findings, r->n_findings + 1);
    r->findings[r->n_findings++] = f;
}

void fw_report_add_undecided(fw_report *r, fw_finding *u)
{
    if (r->n_undecided >= FW_MAX_EVIDENCE) {
        fw_finding_free(&u);
        return;
    }
    FW_XGROW(r->undecided, r->cap_undecided, r->n_undecided + 1);
    r->undecided[r->n_undecided++] = u;
}

void fw_report_add_evidence(fw_report *r, fw_finding *e)
{
    if (r->n_evidence >= FW_MAX_EVIDENCE) {
        fw_finding_free(&e);
        return;
    }
    FW_XGROW(r->evidence, r->cap_evidence, r->n_evidence + 1);
    r->evidence[r->n_evidence++] = e;
}

const fw_inventory *fw_report_find_inventory(const fw_report *r, const char *name)
{
    for (size_t i = 0; i < r->n_inventories; i++)
        if (strcmp(r->inventories[i]->name, name) == 0)
            return r->inventories[i];
    return NULL;
}

fw_inventory *fw_report_inventory(fw_report *r, const char *name, const char *title,
                                  const char *const *columns)
{
    fw_inventory *inv = (fw_inventory *)fw_report_find_inventory(r, name);
    if (inv)
        return inv;
    inv = fw_xcalloc(1, sizeof *inv);
    inv->name = fw_xstrdup(name);
    inv->title = fw_xstrdup(title ? title : name);
    while (columns[inv->n_columns])
        inv->n_columns++;
    inv->columns = fw_xcalloc(inv->n_columns + 1, sizeof *inv->columns);
    for (size_t i = 0; i < inv->n_columns; i++)
        inv->columns[i] = fw_xstrdup(columns[i]);
    FW_XGROW(r->inventories, r->cap_inventories, r->n_inventories + 1);
    r->inventories[r->n_inventories++] = inv;
    return inv;
}

void fw_inventory_set_requirement(fw_inventory *inv, const char *id)
{
    free(inv->requirement);
    inv->requirement = id ? fw_xstrdup(id) : NULL;
}

void fw_inventory_add_row(fw_inventory *inv, const char *const *cells)
{
    if (inv->n_rows >= FW_MAX_INVENTORY_ROWS)
        return;
    char **row = fw_xcalloc(inv->n_columns + 1, sizeof *row);
    for (size_t i = 0; i < inv->n_columns; i++)
        row[i] = cells[i] ? fw_xstrdup(cells[i]) : NULL;
    FW_XGROW(inv->rows, inv->cap_rows, inv->n_rows + 1);
    inv->rows[inv->n_rows++] = row;
}

static int cmp_u64(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

static int cmp_finding(const void *pa, const void *pb)
{
    const fw_finding *a = *(fw_finding *const *)pa, *b = *(fw_finding *const *)pb;
    int c;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if ((c = strcmp(a->rule->id, b->rule->id)) != 0) return c;
    if ((c = strcmp(a->chain, b->chain)) != 0) return c;
    if ((c = strcmp(a->path, b->path)) != 0) return c;
    if ((c = cmp_u64(a->line, b->line)) != 0) return c;
    if ((c = cmp_u64(a->offset, b->offset)) != 0) return c;
    return strcmp(a->fingerprint, b->fingerprint);
}

void fw_report_sort(fw_report *r)
{
    if (r->n_findings > 1)
        qsort(r->findings, r->n_findings, sizeof *r->findings, cmp_finding);
    if (r->n_evidence > 1)
        qsort(r->evidence, r->n_evidence, sizeof *r->evidence, cmp_finding);
    if (r->n_undecided > 1)
        qsort(r->undecided, r->n_undecided, sizeof *r->undecided, cmp_finding);
}

int fw_finding_accepted(const fw_finding *f)
{
    /* An expired waiver is a re-review deadline: the finding counts again,
     * even when the baseline already had it. */
    if (f->waiver == FW_WAIVER_EXPIRED)
        return 0;
    return f->waiver == FW_WAIVER_ACTIVE || f->baseline == FW_BASELINE_UNCHANGED;
}

int fw_finding_counts(const fw_report *r, const fw_finding *f)
{
    if (f->outside || fw_finding_accepted(f))
        return 0;
    return fw_finding_in_profile(r, f);
}

const char *fw_waiver_state_key(fw_waiver_state s)
{
    return s == FW_WAIVER_ACTIVE ? "waived" : s == FW_WAIVER_EXPIRED ? "expired" : "";
}

const char *fw_baseline_state_key(fw_baseline_state s)
{
    return s == FW_BASELINE_NEW ? "new" : s == FW_BASELINE_UNCHANGED ? "unchanged" : "";
}

size_t fw_report_count_at_least(const fw_report *r, fw_severity s)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (r->findings[i]->severity >= s && fw_finding_counts(r, r->findings[i]))
            n++;
    return n;
}

const char *fw_status_name(fw_status s)
{
    switch (s) {
    case FW_STATUS_FAIL: return "FAIL";
    case FW_STATUS_PASS: return "PASS";
    case FW_STATUS_NEEDS_ATTESTATION: return "NEEDS ATTESTATION";
    case FW_STATUS_NOT_APPLICABLE: return "NOT APPLICABLE";
    case FW_STATUS_INCOMPLETE: return "INCOMPLETE";
    }
    return "?";
}

const char *fw_status_key(fw_status s)
{
    switch (s) {
    case FW_STATUS_FAIL: return "fail";
    case FW_STATUS_PASS: return "pass";
    case FW_STATUS_NEEDS_ATTESTATION: return "needs_attestation";
    case FW_STATUS_NOT_APPLICABLE: return "not_applicable";
    case FW_STATUS_INCOMPLETE: return "incomplete";
    }
    return "?";
}

void fw_report_progress(fw_report *r, const char *phase, const char *where)
{
    if (!r || !r->progress)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    if (now - r->progress_last < FW_PROGRESS_INTERVAL_S)
        return;
    r->progress_last = now;
    r->progress(r, phase, where ? where : "", r->progress_ctx);
}
