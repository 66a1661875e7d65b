/* json_util.c: see json_util.h. */
#include <stdlib.h>
#include <string.h>
#include "core/escape.h"
#include "core/fileio.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
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

json_t *fw_j_text_lines(const char *s)
{
    if (!s)
        return json_null();
    fw_strbuf sb = FW_STRBUF_INIT;
    for (const char *p = s;;) {
        const char *nl = strchr(p, '\n');
        char *line = nl ? fw_xstrndup(p, (size_t)(nl - p)) : fw_xstrdup(p);
        char *e = fw_report_escaped_text(line);
        fw_sb_adds(&sb, e);
        free(e);
        free(line);
        if (!nl)
            break;
        fw_sb_addc(&sb, '\n');
        p = nl + 1;
    }
    json_t *v = json_string(fw_sb_str(&sb));
    fw_sb_release(&sb);
    return v;
}

int fw_json_load_file(const char *path, size_t max, json_t **root, fw_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fw_error ferr;
    int rc = FW_OK;
    *root = NULL;
    if (fw_read_file(path, max, &text, &len, &ferr) != FW_OK) {
        rc = fw_error_set(err, FW_EIO, "%s: %s", path, ferr.msg);
        goto out;
    }
    json_error_t je;
    *root = json_loadb(text, len, 0, &je);
    if (!*root)
        rc = fw_error_set(err, FW_EFORMAT, "%s:%d: %s", path, je.line, je.text);
out:
    free(text);
    return rc;
}
