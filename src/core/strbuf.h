/* strbuf.h: a growable NUL-terminated byte buffer. The caller holds the
 * fw_strbuf (FW_STRBUF_INIT); fw_sb_release frees what it grew. */
#ifndef FW_CORE_STRBUF_H
#define FW_CORE_STRBUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct fw_strbuf {
    char *buf;   /* always NUL-terminated once anything was added; may be NULL when empty */
    size_t len;
    size_t cap;
} fw_strbuf;

#define FW_STRBUF_INIT { NULL, 0, 0 }

void fw_sb_add(fw_strbuf *sb, const void *data, size_t n);
void fw_sb_adds(fw_strbuf *sb, const char *s);
void fw_sb_addc(fw_strbuf *sb, char c);
void fw_sb_addf(fw_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fw_sb_vaddf(fw_strbuf *sb, const char *fmt, va_list ap);
const char *fw_sb_str(const fw_strbuf *sb);   /* "" when empty */
char *fw_sb_detach(fw_strbuf *sb);            /* caller frees; sb is reset */
void fw_sb_reset(fw_strbuf *sb);
void fw_sb_release(fw_strbuf *sb);           /* frees the bytes; sb is empty again */

#endif
