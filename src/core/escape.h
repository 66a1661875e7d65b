/* escape.h: making hostile bytes safe to print, and hiding secrets.
 *
 * File names and contents inside firmware are attacker data: a name may hold
 * terminal escape sequences, newlines or invalid UTF-8. Everything echoed to
 * a terminal or a report goes through fw_escape_*. */
#ifndef FW_CORE_ESCAPE_H
#define FW_CORE_ESCAPE_H

#include <stddef.h>
#include "core/strbuf.h"

/* Append `s` (n bytes) to sb with control characters, backslash, DEL and
 * invalid UTF-8 written as \n, \t, \\, \xHH. Valid UTF-8 stays as it is. */
void fw_escape(fw_strbuf *sb, const char *s, size_t n);
/* The same, returning a new string. */
char *fw_escaped(const char *s, size_t n);

/* Redact a secret: keep the first FW_SECRET_SHOWN characters, then "…", then
 * one '*' per hidden character (at most 8). Returns a new string.
 * "hunter2pass" -> "hunt…*******" */
char *fw_redact(const char *secret, size_t n);

/* Copy `line` (n bytes) with the byte range [s, e) replaced by its redaction,
 * clipped to about FW_EXCERPT_MAX bytes around the secret, escaped.
 * Returns a new string. */
char *fw_excerpt_redacted(const char *line, size_t n, size_t s, size_t e);

#endif
