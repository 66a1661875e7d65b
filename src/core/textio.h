/* textio.h: walking the lines of a text buffer, with line numbers and offsets.
 * Used by every parser of text configuration (passwd, shadow, rule files). */
#ifndef FW_CORE_TEXTIO_H
#define FW_CORE_TEXTIO_H

#include <stddef.h>
#include <stdint.h>

typedef struct fw_line {
    const char *s;        /* start of the line, not NUL-terminated */
    size_t len;           /* without the "\n" or "\r\n" */
    uint64_t lineno;      /* 1-based */
    uint64_t offset;      /* byte offset of s in the buffer */
} fw_line;

typedef struct fw_line_iter {
    const char *base, *p, *end;
    uint64_t lineno;
} fw_line_iter;

void fw_lines_init(fw_line_iter *it, const void *data, size_t n);
/* 1 and *out filled while lines remain, 0 at the end. */
int fw_lines_next(fw_line_iter *it, fw_line *out);

/* Split `s` (len bytes) at `sep` into at most max fields; fields point into s.
 * Returns the number of fields found (may exceed max: the rest are not stored). */
size_t fw_split(const char *s, size_t len, char sep, const char **fields,
                size_t *lens, size_t max);

#endif
