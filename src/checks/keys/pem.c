/* pem.c: finding PEM blocks in any bytes, and decoding their bodies.
 *
 * Keys hide in text files (PEM, possibly indented, JSON- or C-escaped) and in
 * binaries (PEM strings in .rodata). Every body is decoded here (base64 to
 * DER) so that escaped and indented PEM decode the same way, and OpenSSL
 * only ever sees DER with a named structure (keys.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checks/keys/keys_int.h"
#include "core/limits.h"
#include "core/xalloc.h"

static int label_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
}

/* What a PEM body may hold: printable ASCII (base64, headers, escapes,
 * quotes) and blanks. A NUL or other control byte means the BEGIN marker is
 * a lone string constant (a parser's own "-----BEGIN RSA PRIVATE KEY-----"
 * in .rodata), not the start of a block. */
static int body_byte(unsigned char c)
{
    return (c >= 0x20 && c <= 0x7e) || c == '\n' || c == '\r' || c == '\t';
}

/* Read the label at d[i..limit) up to its closing dashes into label.
 * Returns its length, or 0 if there is no well-formed label. */
static size_t read_label(const unsigned char *d, size_t limit, size_t i, char *label)
{
    size_t len = 0;
    while (i + len < limit && len <= PEM_LABEL_MAX && label_char(d[i + len]))
        len++;
    if (len == 0 || len > PEM_LABEL_MAX || d[i] == ' ' || d[i + len - 1] == ' ')
        return 0;
    if (limit - (i + len) < PEM_DASHES_LEN || memcmp(d + i + len, PEM_DASHES, PEM_DASHES_LEN) != 0)
        return 0;
    memcpy(label, d + i, len);
    label[len] = '\0';
    return len;
}

/* Is there a whole block at d[start] ("-----BEGIN " found there)? The block,
 * END line included, must fit in FW_MAX_KEY_OBJECT_SIZE. Base64 never holds
 * "-----", so the first one after the BEGIN line must open the matching END
 * line. Work is bounded by the distance to the next "-----", so scanning a
 * hostile file stays linear. */
static int parse_block(const unsigned char *d, size_t n, size_t start, fw_pem_block *b)
{
    size_t limit = n - start > FW_MAX_KEY_OBJECT_SIZE ? start + FW_MAX_KEY_OBJECT_SIZE : n;
    size_t llen = read_label(d, limit, start + PEM_BEGIN_LEN, b->label);
    if (llen == 0)
        return 0;
    b->start = start;
    b->body = start + PEM_BEGIN_LEN + llen + PEM_DASHES_LEN;
    size_t i = b->body;
    for (; i < limit; i++) {
        if (d[i] == '-' && limit - i >= PEM_DASHES_LEN && memcmp(d + i, PEM_DASHES, PEM_DASHES_LEN) == 0)
            break;
        if (!body_byte(d[i]))
            return 0;
    }
    if (limit - i < PEM_END_LEN + llen + PEM_DASHES_LEN ||
        memcmp(d + i, PEM_END, PEM_END_LEN) != 0 ||
        memcmp(d + i + PEM_END_LEN, b->label, llen) != 0 ||
        memcmp(d + i + PEM_END_LEN + llen, PEM_DASHES, PEM_DASHES_LEN) != 0)
        return 0;
    b->body_end = i;
    b->end = i + PEM_END_LEN + llen + PEM_DASHES_LEN;
    return 1;
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Strict base64 (n characters, '=' only as final padding) into out, which
 * holds at least n / 4 * 3 bytes. Returns the decoded length, or -1. */
static long b64_decode(const char *s, size_t n, unsigned char *out)
{
    if (n == 0 || n % 4 != 0)
        return -1;
    size_t pad = (s[n - 1] == '=') + (s[n - 1] == '=' && s[n - 2] == '=');
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        uint32_t acc = 0;
        for (size_t j = 0; j < 4; j++) {
            int v = b64_value((unsigned char)s[i + j]);
            if (v < 0) {
                if (s[i + j] != '=' || i + 4 != n || j < 4 - pad)
                    return -1;
                v = 0;
            }
            acc = acc << 6 | (uint32_t)v;
        }
        out[o++] = (unsigned char)(acc >> 16);
        out[o++] = (unsigned char)(acc >> 8);
        out[o++] = (unsigned char)acc;
    }
    return (long)(o - pad);
}

/* One line of a PEM body: a header (RFC 1421 "Name: value") or base64.
 * Blanks, quotes and the escapes \r \t are skipped and \/ is '/', so a key
 * pasted into a JSON or C string reads like the original. Returns 0 on a
 * byte no PEM body holds. */
static int body_line(const unsigned char *s, size_t n, char *b64, size_t *nb64, int *encrypted)
{
    if (memchr(s, ':', n)) {
        static const char proc[] = "Proc-Type:";
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '"'))
            k++;
        if (n - k >= sizeof proc - 1 && memcmp(s + k, proc, sizeof proc - 1) == 0 &&
            memmem(s + k, n - k, "ENCRYPTED", 9))
            *encrypted = 1;
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (b64_value(c) >= 0 || c == '=') {
            b64[(*nb64)++] = (char)c;
        } else if (c == '\\' && i + 1 < n && (s[i + 1] == 'r' || s[i + 1] == 't')) {
            i++;
        } else if (c == '\\' && i + 1 < n && s[i + 1] == '/') {
            b64[(*nb64)++] = '/';
            i++;
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '"') {
            return 0;
        }
    }
    return 1;
}

/* Decode a PEM body (s, n bytes) into a new buffer; lines end at a newline
 * or at an escaped "\n". Returns NULL if it is not base64, and sets
 * *encrypted on a "Proc-Type: 4,ENCRYPTED" header. */
unsigned char *fw_pem_body_decode(const unsigned char *s, size_t n, size_t *outlen, int *encrypted)
{
    char *b64 = fw_xmalloc(n + 1);     /* never more characters than the body */
    unsigned char *der = NULL;
    size_t nb64 = 0, ls = 0;
    *encrypted = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t sep = 0;
        if (i == n || s[i] == '\n')
            sep = 1;
        else if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'n')
            sep = 2;
        if (!sep)
            continue;
        if (!body_line(s + ls, i - ls, b64, &nb64, encrypted))
            goto out;
        i += sep - 1;
        ls = i + 1;
    }
    der = fw_xmalloc(nb64 / 4 * 3 + 1);
    long len = b64_decode(b64, nb64, der);
    if (len <= 0) {
        free(der);
        der = NULL;
        goto out;
    }
    *outlen = (size_t)len;
out:
    free(b64);
    return der;
}

/* The next whole block at or after *pos: a "-----BEGIN " that does not
 * open a well-formed block is skipped, so the scan moves on by at least the
 * marker's length each time. */
int fw_pem_next(const unsigned char *d, size_t n, size_t *pos, fw_pem_block *b)
{
    while (*pos < n) {
        const unsigned char *p = memmem(d + *pos, n - *pos, PEM_BEGIN, PEM_BEGIN_LEN);
        if (!p)
            break;
        size_t at = (size_t)(p - d);
        if (parse_block(d, n, at, b)) {
            *pos = b->end;
            return 1;
        }
        *pos = at + PEM_BEGIN_LEN;
    }
    *pos = n;
    return 0;
}
