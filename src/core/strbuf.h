/* strbuf.h: a growable NUL-terminated byte buffer. */
#ifndef FW_CORE_STRBUF_H
#define FW_CORE_STRBUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct strbuf {
    char *buf;   /* always NUL-terminated once anything was added; may be NULL when empty */
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT { NULL, 0, 0 }

void sb_add(strbuf *sb, const void *data, size_t n);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, char c);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(const strbuf *sb);   /* "" when empty */
char *sb_detach(strbuf *sb);            /* caller frees; sb is reset */
void sb_reset(strbuf *sb);
void sb_free(strbuf *sb);

#endif
