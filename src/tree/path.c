/* path.c: path normalization inside an image. Paths from archives are
 * attacker data ("../../etc/x", "/abs", "a//b/./c"); they are folded into
 * the namespace root and can never name anything outside it. */
#include <string.h>
#include <stdlib.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "tree/tree.h"

char *fw_path_normalize(const char *in)
{
    size_t inlen = strlen(in);
    if (inlen > FW_MAX_PATH_LEN)
        return NULL;
    char *out = fw_xmalloc(inlen + 2);
    size_t o = 0;
    const char *p = in;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == 1 && p[0] == '.') {
            /* skip */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;          /* drop the '/' too; at the root ".." stays at the root */
        } else {
            out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    return out;
}

int fw_path_escapes(const char *in)
{
    size_t depth = 0;
    const char *p = in;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (depth == 0)
                return 1;
            depth--;
        } else if (!(len == 1 && p[0] == '.')) {
            depth++;
        }
        p += len;
    }
    return 0;
}

char *fw_path_join_link(const char *link_path, const char *target)
{
    if (target[0] == '/')
        return fw_path_normalize(target);
    const char *slash = strrchr(link_path, '/');
    size_t dirlen = slash ? (size_t)(slash - link_path) : 0;
    if (dirlen + strlen(target) + 2 > FW_MAX_PATH_LEN)
        return NULL;
    char *joined = fw_xasprintf("%.*s/%s", (int)dirlen, link_path, target);
    char *norm = fw_path_normalize(joined);
    free(joined);
    return norm;
}
