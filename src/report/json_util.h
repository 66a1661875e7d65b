/* json_util.h: what the JSON-based renderers (JSON, SARIF) share: builders
 * that remember an allocation failure, and image-derived strings turned into
 * valid JSON strings (jansson rejects invalid UTF-8, so they are escaped);
 * and what the readers of JSON files (baselines, waivers) share: loading
 * one, bounded, with the errors a user sees. */
#ifndef FW_REPORT_JSON_UTIL_H
#define FW_REPORT_JSON_UTIL_H

#include <jansson.h>
#include <stddef.h>
#include "core/error.h"

/* Collects allocation failures, so builders stay short and a failure
 * anywhere makes the whole render fail. */
typedef struct fw_jbuild {
    int failed;
} fw_jbuild;

/* obj[key] = v (v is taken over); a NULL v or a failure marks b failed. */
void fw_jb_set(fw_jbuild *b, json_t *obj, const char *key, json_t *v);
/* Append v (taken over) to arr; a NULL v or a failure marks b failed. */
void fw_jb_push(fw_jbuild *b, json_t *arr, json_t *v);

/* A raw name from the image (path, chain, error location), escaped like the
 * text report; NULL = JSON null. */
json_t *fw_j_name(const char *s);
/* Text a check composed (message, excerpt, detail), possibly escaped
 * already; NULL = JSON null. */
json_t *fw_j_text(const char *s);
/* fw_j_text for text of several lines: each line escaped, the line breaks
 * kept as real newlines (SARIF rule help; a reader shows paragraphs, not
 * a literal backslash-n). */
json_t *fw_j_text_lines(const char *s);

/* Read the JSON file at path, of at most max bytes, and parse it. Returns
 * FW_OK with *root set (the caller json_decref()s it), or with *root NULL:
 * FW_EIO "PATH: why" when it cannot be read, FW_EFORMAT "PATH:LINE: what"
 * (jansson's words) when it is not JSON. */
int fw_json_load_file(const char *path, size_t max, json_t **root, fw_error *err);

#endif
