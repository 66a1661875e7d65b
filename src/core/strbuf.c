/* strbuf.c: growable byte buffer (see strbuf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "core/xalloc.h"

static void sb_reserve(fw_strbuf *sb, size_t extra)
{
    FW_XGROW(sb->buf, sb->cap, sb->len + extra + 1);
}

void fw_sb_add(fw_strbuf *sb, const void *data, size_t n)
{
    sb_reserve(sb, n);
    if (n)
        memcpy(sb->buf + sb->len, data, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void fw_sb_adds(fw_strbuf *sb, const char *s) { fw_sb_add(sb, s, strlen(s)); }
void fw_sb_addc(fw_strbuf *sb, char c) { fw_sb_add(sb, &c, 1); }

void fw_sb_vaddf(fw_strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    sb_reserve(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void fw_sb_addf(fw_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fw_sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

const char *fw_sb_str(const fw_strbuf *sb) { return sb->buf ? sb->buf : ""; }

char *fw_sb_detach(fw_strbuf *sb)
{
    char *s = sb->buf ? sb->buf : fw_xstrdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void fw_sb_reset(fw_strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

void fw_sb_release(fw_strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}
