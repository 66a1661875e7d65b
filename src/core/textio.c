/* textio.c: line iteration and field splitting (see textio.h). */
#include <string.h>
#include "core/textio.h"

void fw_lines_init(fw_line_iter *it, const void *data, size_t n)
{
    it->base = it->p = data;
    it->end = it->base + n;
    it->lineno = 0;
}

int fw_lines_next(fw_line_iter *it, fw_line *out)
{
    if (it->p >= it->end)
        return 0;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *stop = nl ? nl : it->end;
    out->s = it->p;
    out->len = (size_t)(stop - it->p);
    if (out->len && out->s[out->len - 1] == '\r')
        out->len--;
    out->lineno = ++it->lineno;
    out->offset = (uint64_t)(it->p - it->base);
    it->p = nl ? nl + 1 : it->end;
    return 1;
}

size_t fw_split(const char *s, size_t len, char sep, const char **fields,
                size_t *lens, size_t max)
{
    size_t n = 0;
    const char *p = s, *end = s + len;
    for (;;) {
        const char *q = memchr(p, sep, (size_t)(end - p));
        const char *stop = q ? q : end;
        if (n < max) {
            fields[n] = p;
            lens[n] = (size_t)(stop - p);
        }
        n++;
        if (!q)
            break;
        p = q + 1;
    }
    return n;
}
