/* waiver.c: waiver files: findings a team accepts, with a reason, an owner
 * and an expiry date, matched by the finding's content fingerprint (never by
 * line, which moves between releases). An expired waiver stops suppressing
 * and the report says it expired. */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/fileio.h"
#include "core/limits.h"
#include "core/xalloc.h"
#include "report/accept.h"

void fw_today_utc(char *buf)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

static int is_hex32(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isxdigit((unsigned char)s[n]) || isupper((unsigned char)s[n]))
            return 0;
    return n == FW_FINGERPRINT_LEN;
}

/* YYYY-MM-DD with a plausible month and day; compared as a string. */
static int is_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    return s[4] == '-' && s[7] == '-' && y >= 2000 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static const char *field(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

void fw_waivers_free(fw_waivers **wp)
{
    fw_waivers *w = *wp;
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++) {
        free(w->v[i].fingerprint);
        free(w->v[i].rule);
        free(w->v[i].reason);
        free(w->v[i].owner);
    }
    free(w->v);
    free(w->path);
    free(w);
    *wp = NULL;
}

int fw_waivers_load(fw_waivers **out, const char *path, fw_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fw_error ferr;
    json_t *root = NULL;
    fw_waivers *w = fw_xcalloc(1, sizeof *w);
    int rc = FW_OK;
    w->path = fw_xstrdup(path);
    *out = NULL;
    if (fw_read_file(path, FW_MAX_WAIVER_FILE_SIZE, &text, &len, &ferr) != FW_OK) {
        rc = fw_error_set(err, FW_EIO, "%s: %s", path, ferr.msg);
        goto out;
    }
    json_error_t je;
    root = json_loadb(text, len, 0, &je);
    if (!root) {
        rc = fw_error_set(err, FW_EFORMAT, "%s:%d: %s", path, je.line, je.text);
        goto out;
    }
    json_t *arr = json_object_get(root, "waivers");
    if (!json_is_array(arr)) {
        rc = fw_error_set(err, FW_EFORMAT, "%s: wants an object with a \"waivers\" array", path);
        goto out;
    }
    if (json_array_size(arr) > FW_MAX_WAIVERS) {
        rc = fw_error_set(err, FW_ELIMIT, "%s: more than %d waivers", path, FW_MAX_WAIVERS);
        goto out;
    }
    w->v = fw_xcalloc(json_array_size(arr) + 1, sizeof *w->v);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        const char *fp = field(o, "fingerprint"), *reason = field(o, "reason");
        const char *owner = field(o, "owner"), *expires = field(o, "expires");
        const char *rule = field(o, "rule");
        const char *bad = !json_is_object(o) ? "is not an object"
                        : !fp || !is_hex32(fp) ? "\"fingerprint\" wants the finding's 32 hex digits"
                        : !reason || !*reason ? "\"reason\" is missing"
                        : !owner || !*owner ? "\"owner\" is missing"
                        : !expires || !is_date(expires) ? "\"expires\" wants a date YYYY-MM-DD"
                        : NULL;
        if (bad) {
            rc = fw_error_set(err, FW_EFORMAT, "%s: waivers[%zu]: %s", path, i, bad);
            goto out;
        }
        fw_waiver *x = &w->v[w->n++];
        x->fingerprint = fw_xstrdup(fp);
        x->rule = rule ? fw_xstrdup(rule) : NULL;
        x->reason = fw_xstrdup(reason);
        x->owner = fw_xstrdup(owner);
        memcpy(x->expires, expires, 11);
    }
    *out = w;
    w = NULL;
out:
    json_decref(root);
    free(text);
    fw_waivers_free(&w);
    return rc;
}

void fw_waivers_apply(fw_waivers *w, fw_report *r, const char *today)
{
    free(r->waivers_path);
    r->waivers_path = fw_xstrdup(w->path);
    for (size_t i = 0; i < r->n_findings; i++) {
        fw_finding *f = r->findings[i];
        for (size_t k = 0; k < w->n; k++) {
            fw_waiver *x = &w->v[k];
            if (strcmp(x->fingerprint, f->fingerprint) != 0 ||
                (x->rule && (!f->rule || strcmp(x->rule, f->rule->id) != 0)))
                continue;
            x->used++;
            /* The expiry day itself is still covered. */
            f->waiver = strcmp(today, x->expires) <= 0 ? FW_WAIVER_ACTIVE : FW_WAIVER_EXPIRED;
            free(f->waiver_reason);
            free(f->waiver_owner);
            free(f->waiver_expires);
            f->waiver_reason = fw_xstrdup(x->reason);
            f->waiver_owner = fw_xstrdup(x->owner);
            f->waiver_expires = fw_xstrdup(x->expires);
            break;
        }
    }
}
