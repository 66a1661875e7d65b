/* json_util.c: see json_util.h. */
#include <stdlib.h>
#include <string.h>
#include "core/escape.h"
#include "report/json_util.h"
#include "report/report.h"

void fw_jb_set(fw_jbuild *b, json_t *obj, const char *key, json_t *v)
{
    if (!v || json_object_set_new(obj, key, v) != 0)
        b->failed = 1;
}

void fw_jb_push(fw_jbuild *b, json_t *arr, json_t *v)
{
    if (!v || json_array_append_new(arr, v) != 0)
        b->failed = 1;
}

json_t *fw_j_name(const char *s)
{
    if (!s)
        return json_null();
    char *e = fw_escaped(s, strlen(s));
    json_t *v = json_string(e);
    free(e);
    return v;
}

json_t *fw_j_text(const char *s)
{
    if (!s)
        return json_null();
    char *e = fw_report_escaped_text(s);
    json_t *v = json_string(e);
    free(e);
    return v;
}
