/* escape.c: printable escaping of hostile bytes, and secret redaction. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/escape.h"
#include "core/limits.h"
#include "core/xalloc.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 if invalid.
 * Rejects overlongs, surrogates and code points above U+10FFFF. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    /* C1 controls (U+0080..U+009F) can act as terminal escapes. */
    if (cp >= 0x80 && cp <= 0x9F)
        return 0;
    return len;
}

void fw_escape(fw_strbuf *sb, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c == '\\') { fw_sb_adds(sb, "\\\\"); i++; continue; }
        if (c == '\n') { fw_sb_adds(sb, "\\n"); i++; continue; }
        if (c == '\t') { fw_sb_adds(sb, "\\t"); i++; continue; }
        if (c == '\r') { fw_sb_adds(sb, "\\r"); i++; continue; }
        if (c < 0x20 || c == 0x7F) { fw_sb_addf(sb, "\\x%02x", c); i++; continue; }
        if (c < 0x80) { fw_sb_addc(sb, (char)c); i++; continue; }
        size_t len = utf8_seq_len(p + i, n - i);
        if (len == 0) { fw_sb_addf(sb, "\\x%02x", c); i++; continue; }
        fw_sb_add(sb, p + i, len);
        i += len;
    }
}

char *fw_escaped(const char *s, size_t n)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_escape(&sb, s, n);
    return fw_sb_detach(&sb);
}

char *fw_redact(const char *secret, size_t n)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    size_t shown = n > FW_SECRET_SHOWN * 2 ? FW_SECRET_SHOWN : n / 3;
    fw_escape(&sb, secret, shown);
    fw_sb_adds(&sb, "…");
    size_t hidden = n - shown;
    for (size_t i = 0; i < hidden && i < 8; i++)
        fw_sb_addc(&sb, '*');
    return fw_sb_detach(&sb);
}

char *fw_excerpt_redacted(const char *line, size_t n, size_t s, size_t e)
{
    if (s > n) s = n;
    if (e > n) e = n;
    if (e < s) e = s;
    size_t ctx = FW_EXCERPT_MAX / 2;
    size_t from = s > ctx ? s - ctx : 0;
    size_t to = n - e > ctx ? e + ctx : n;
    fw_strbuf sb = FW_STRBUF_INIT;
    if (from > 0)
        fw_sb_adds(&sb, "…");
    fw_escape(&sb, line + from, s - from);
    if (e > s) {
        char *r = fw_redact(line + s, e - s);
        fw_sb_adds(&sb, r);
        free(r);
    }
    fw_escape(&sb, line + e, to - e);
    if (to < n)
        fw_sb_adds(&sb, "…");
    return fw_sb_detach(&sb);
}
