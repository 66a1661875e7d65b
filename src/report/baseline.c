/* baseline.c: comparing a scan with the report of the last release.
 *
 * Findings are matched by fingerprint (rule, path, content identity; never
 * the line), so a finding that only moved is UNCHANGED and one that appears
 * is NEW. The previous report's findings that no longer occur are listed as
 * fixed. The baseline is an fwaudit JSON report (any schema_version 1). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "core/fileio.h"
#include "core/limits.h"
#include "core/xalloc.h"
#include "report/accept.h"

struct fw_baseline {
    json_t *findings;         /* the previous report's "findings" array */
    char *path;
};

void fw_baseline_free(fw_baseline **bp)
{
    fw_baseline *b = *bp;
    if (!b)
        return;
    json_decref(b->findings);
    free(b->path);
    free(b);
    *bp = NULL;
}

int fw_baseline_load(fw_baseline **out, const char *path, fw_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fw_error ferr;
    json_t *root = NULL;
    int rc = FW_OK;
    *out = NULL;
    if (fw_read_file(path, FW_MAX_REPORT_FILE_SIZE, &text, &len, &ferr) != FW_OK) {
        rc = fw_error_set(err, FW_EIO, "%s: %s", path, ferr.msg);
        goto out;
    }
    json_error_t je;
    root = json_loadb(text, len, 0, &je);
    if (!root) {
        rc = fw_error_set(err, FW_EFORMAT, "%s:%d: %s", path, je.line, je.text);
        goto out;
    }
    json_t *schema = json_object_get(root, "schema");
    json_t *findings = json_object_get(root, "findings");
    if (!json_is_string(schema) || strcmp(json_string_value(schema), "fwaudit-report") != 0 ||
        !json_is_array(findings)) {
        rc = fw_error_set(err, FW_EFORMAT, "%s: not an fwaudit JSON report (--format json)", path);
        goto out;
    }
    fw_baseline *b = fw_xcalloc(1, sizeof *b);
    b->findings = json_incref(findings);
    b->path = fw_xstrdup(path);
    *out = b;
out:
    json_decref(root);
    free(text);
    return rc;
}

static const char *str_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static const char *fingerprint_of(json_t *f)
{
    return str_at(f, "fingerprint");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in_sorted(const char **v, size_t n, const char *s)
{
    return n > 0 && bsearch(&s, v, n, sizeof *v, cmp_str) != NULL;
}

typedef struct fp_index {
    const char *fp;
    size_t k;
} fp_index;

static int cmp_fp_index(const void *a, const void *b)
{
    const fp_index *x = a, *y = b;
    int c = strcmp(x->fp, y->fp);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

void fw_baseline_apply(const fw_baseline *b, fw_report *r)
{
    size_t n = json_array_size(b->findings);
    /* Sorted fingerprint lists keep this O(n log n) for 100000 findings. */
    fp_index *old = fw_xcalloc(n + 1, sizeof *old);
    const char **cur = fw_xcalloc(r->n_findings + 1, sizeof *cur);
    unsigned char *first = fw_xcalloc(n + 1, 1);   /* first baseline entry of its fingerprint */
    for (size_t k = 0; k < n; k++) {
        old[k].fp = fingerprint_of(json_array_get(b->findings, k));
        old[k].k = k;
    }
    qsort(old, n, sizeof *old, cmp_fp_index);
    for (size_t k = 0; k < n; k++)
        if (k == 0 || strcmp(old[k].fp, old[k - 1].fp) != 0)
            first[old[k].k] = 1;
    for (size_t i = 0; i < r->n_findings; i++)
        cur[i] = r->findings[i]->fingerprint;
    qsort(cur, r->n_findings, sizeof *cur, cmp_str);

    free(r->baseline_path);
    r->baseline_path = fw_xstrdup(b->path);
    for (size_t i = 0; i < r->n_findings; i++) {
        fp_index key = { r->findings[i]->fingerprint, 0 };
        /* Any entry with this fingerprint: compare by fingerprint only. */
        int known = 0;
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(old[mid].fp, key.fp);
            if (c == 0) { known = 1; break; }
            if (c < 0) lo = mid + 1; else hi = mid;
        }
        r->findings[i]->baseline = known ? FW_BASELINE_UNCHANGED : FW_BASELINE_NEW;
    }
    /* Fixed: in the baseline, not in this report (each fingerprint once, in
     * the baseline's order). */
    for (size_t k = 0; k < n; k++) {
        json_t *o = json_array_get(b->findings, k);
        const char *fp = fingerprint_of(o);
        if (!first[k] || !*fp || in_sorted(cur, r->n_findings, fp))
            continue;
        json_t *loc = json_object_get(o, "location");
        json_t *line = json_object_get(loc, "line");
        FW_XGROW(r->fixed, r->cap_fixed, r->n_fixed + 1);
        fw_fixed *x = &r->fixed[r->n_fixed++];
        x->rule = fw_xstrdup(str_at(o, "rule"));
        x->severity = fw_xstrdup(str_at(o, "severity"));
        x->chain = fw_xstrdup(str_at(loc, "chain"));
        x->path = fw_xstrdup(str_at(loc, "path"));
        x->message = fw_xstrdup(str_at(o, "message"));
        x->fingerprint = fw_xstrdup(fp);
        x->line = json_is_integer(line) && json_integer_value(line) > 0
                ? (uint64_t)json_integer_value(line) : 0;
    }
    free(old);
    free(cur);
    free(first);
}
