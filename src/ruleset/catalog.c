/* catalog.c: load the requirement catalog (rules/requirements.json).
 *
 * The file is ours, but a user may point --catalog at another one, so every
 * field is type-checked: a malformed catalog is an FW_EFORMAT naming the
 * entry, never a crash. Unknown fields are ignored (forward compatibility). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "ruleset/catalog.h"

/* The guideline has a few dozen requirements; a catalog claiming more than
 * this is not one. */
#define CATALOG_MAX_REQUIREMENTS 1000

const char *fw_static_name(fw_static s)
{
    switch (s) {
    case FW_STATIC_FIRMWARE: return "firmware";
    case FW_STATIC_PARTIAL:  return "partial";
    case FW_STATIC_PROCESS:  return "process";
    }
    return "unknown";
}

static int static_parse(const char *s, fw_static *out)
{
    for (int i = FW_STATIC_FIRMWARE; i <= FW_STATIC_PROCESS; i++) {
        if (strcmp(s, fw_static_name((fw_static)i)) == 0) {
            *out = (fw_static)i;
            return 0;
        }
    }
    return -1;
}

static void strlist_free(fw_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* An optional array of strings; absent = empty list. */
static int strlist_from_json(fw_strlist *out, const json_t *obj, const char *key,
                             const char *id, fw_error *err)
{
    const json_t *arr = json_object_get(obj, key);
    if (!arr)
        return FW_OK;
    if (!json_is_array(arr))
        return fw_error_set(err, FW_EFORMAT, "requirement %s: \"%s\" is not an array", id, key);
    size_t n = json_array_size(arr);
    out->v = fw_xcalloc(n + 1, sizeof *out->v);
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(arr, i);
        if (!json_is_string(s))
            return fw_error_set(err, FW_EFORMAT, "requirement %s: \"%s\"[%zu] is not a string",
                                id, key, i);
        out->v[out->n++] = fw_xstrdup(json_string_value(s));
    }
    return FW_OK;
}

static int stakeholders_from_json(fw_requirement *r, const json_t *obj, fw_error *err)
{
    const json_t *arr = json_object_get(obj, "stakeholders");
    if (!arr)
        return FW_OK;
    if (!json_is_array(arr))
        return fw_error_set(err, FW_EFORMAT, "requirement %s: \"stakeholders\" is not an array",
                            r->id);
    size_t n = json_array_size(arr);
    r->stakeholders = fw_xcalloc(n + 1, sizeof *r->stakeholders);
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(arr, i);
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 8)
            return fw_error_set(err, FW_EFORMAT,
                                "requirement %s: stakeholder %zu is not a number 1..8", r->id, i);
        r->stakeholders[r->n_stakeholders++] = (int)json_integer_value(v);
    }
    return FW_OK;
}

static void requirement_free(fw_requirement *r)
{
    free(r->id);
    free(r->title);
    strlist_free(&r->requirement);
    strlist_free(&r->requirement_ja);
    strlist_free(&r->countermeasures);
    strlist_free(&r->etsi);
    strlist_free(&r->attestation);
    free(r->stakeholders);
    memset(r, 0, sizeof *r);
}

static int requirement_from_json(fw_requirement *r, const json_t *obj, size_t index,
                                 fw_error *err)
{
    int rc = FW_OK;
    if (!json_is_object(obj))
        return fw_error_set(err, FW_EFORMAT, "requirement %zu is not an object", index);
    const char *id = json_string_value(json_object_get(obj, "id"));
    const char *title = json_string_value(json_object_get(obj, "title"));
    const char *st = json_string_value(json_object_get(obj, "static"));
    if (!id || !*id)
        return fw_error_set(err, FW_EFORMAT, "requirement %zu has no \"id\"", index);
    if (!title || !st)
        return fw_error_set(err, FW_EFORMAT, "requirement %s lacks \"title\" or \"static\"", id);
    if (static_parse(st, &r->static_kind) != 0)
        return fw_error_set(err, FW_EFORMAT, "requirement %s: unknown \"static\" value \"%s\"",
                            id, st);
    r->id = fw_xstrdup(id);
    r->title = fw_xstrdup(title);
    FW_CHECK(strlist_from_json(&r->requirement, obj, "requirement", id, err));
    FW_CHECK(strlist_from_json(&r->requirement_ja, obj, "requirement_ja", id, err));
    FW_CHECK(strlist_from_json(&r->countermeasures, obj, "countermeasures", id, err));
    FW_CHECK(strlist_from_json(&r->etsi, obj, "etsi_en_303_645", id, err));
    FW_CHECK(strlist_from_json(&r->attestation, obj, "attestation", id, err));
    FW_CHECK(stakeholders_from_json(r, obj, err));
out:
    return rc;
}

static int catalog_from_json(fw_catalog *c, const json_t *root, fw_error *err)
{
    const json_t *reqs = json_is_object(root) ? json_object_get(root, "requirements") : NULL;
    if (!json_is_array(reqs))
        return fw_error_set(err, FW_EFORMAT, "%s: no \"requirements\" array", c->source);
    size_t n = json_array_size(reqs);
    if (n > CATALOG_MAX_REQUIREMENTS)
        return fw_error_set(err, FW_ELIMIT, "%s: more than %d requirements", c->source,
                            CATALOG_MAX_REQUIREMENTS);
    c->reqs = fw_xcalloc(n + 1, sizeof *c->reqs);
    for (size_t i = 0; i < n; i++) {
        /* count first, so a half-filled entry is freed too */
        c->count++;
        int rc = requirement_from_json(&c->reqs[i], json_array_get(reqs, i), i, err);
        if (rc != FW_OK)
            return rc;
        if (fw_catalog_find(c, c->reqs[i].id) != &c->reqs[i])
            return fw_error_set(err, FW_EFORMAT, "%s: requirement %s listed twice",
                                c->source, c->reqs[i].id);
    }
    return FW_OK;
}

int fw_catalog_load(fw_catalog **out, const char *path, fw_error *err)
{
    int rc = FW_OK;
    json_error_t jerr;
    fw_catalog *c = fw_xcalloc(1, sizeof *c);
    c->source = fw_xstrdup(path);
    json_t *root = NULL;
    struct stat st;
    /* bounded like any data file: the path may come from the command line */
    if (stat(path, &st) == 0 && (uint64_t)st.st_size > FW_MAX_DATA_FILE_SIZE) {
        rc = fw_error_set(err, FW_ELIMIT, "%s: larger than %u bytes", path,
                          FW_MAX_DATA_FILE_SIZE);
        goto out;
    }
    root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        rc = fw_error_set(err, FW_EFORMAT, "%s:%d: %s", path, jerr.line, jerr.text);
        goto out;
    }
    FW_CHECK(catalog_from_json(c, root, err));
out:
    json_decref(root);
    if (rc != FW_OK)
        fw_catalog_free(&c);
    *out = c;
    return rc;
}

void fw_catalog_free(fw_catalog **cp)
{
    if (!cp || !*cp)
        return;
    fw_catalog *c = *cp;
    for (size_t i = 0; i < c->count; i++)
        requirement_free(&c->reqs[i]);
    free(c->reqs);
    free(c->source);
    free(c);
    *cp = NULL;
}

const fw_requirement *fw_catalog_find(const fw_catalog *c, const char *id)
{
    if (!c || !id)
        return NULL;
    for (size_t i = 0; i < c->count; i++)
        if (c->reqs[i].id && strcmp(c->reqs[i].id, id) == 0)
            return &c->reqs[i];
    return NULL;
}
