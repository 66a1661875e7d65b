/* lua_lex.c: Lua tokens (lua_lex.h). */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/lua_lex.h"
#include "core/limits.h"
#include "core/xalloc.h"

typedef struct lexer {
    const char *s;
    size_t n, i;
    uint32_t line;
    fw_lua_toks *out;
} lexer;

static void push(lexer *L, int kind, size_t off, size_t len, size_t soff, size_t slen,
                 uint32_t line)
{
    fw_lua_toks *o = L->out;
    if (o->n + 1 >= FW_MAX_LUA_TOKENS) {
        o->truncated = 1;
        return;
    }
    FW_XGROW(o->v, o->cap, o->n + 1);
    fw_lua_tok *t = &o->v[o->n++];
    t->off = (uint32_t)off;
    t->len = (uint32_t)len;
    t->soff = (uint32_t)soff;
    t->slen = (uint32_t)slen;
    t->line = line;
    t->kind = (uint8_t)kind;
}

static int is_name0(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_name(unsigned char c)
{
    return is_name0(c) || is_digit(c);
}

/* At s[i] == '[': the level of a long bracket "[==[" (number of '='), or
 * -1 when it is no long bracket. */
static int long_open(const lexer *L, size_t i)
{
    size_t j = i + 1;
    int lvl = 0;
    while (j < L->n && L->s[j] == '=') {
        j++;
        lvl++;
    }
    return j < L->n && L->s[j] == '[' ? lvl : -1;
}

/* Skip a long bracket of level lvl opened at L->i; sets c0 and c1 to the
 * content. Unterminated: to the end of the input. */
static void long_body(lexer *L, int lvl, size_t *c0, size_t *c1)
{
    size_t i = L->i + (size_t)lvl + 2;
    if (i < L->n && L->s[i] == '\r')
        i++;
    if (i < L->n && L->s[i] == '\n') {   /* a first newline is not part of it */
        L->line++;
        i++;
    }
    *c0 = i;
    for (; i < L->n; i++) {
        if (L->s[i] == '\n') {
            L->line++;
            continue;
        }
        if (L->s[i] != ']')
            continue;
        size_t j = i + 1;
        int k = 0;
        while (j < L->n && L->s[j] == '=' && k < lvl) {
            j++;
            k++;
        }
        if (k == lvl && j < L->n && L->s[j] == ']') {
            *c1 = i;
            L->i = j + 1;
            return;
        }
    }
    *c1 = L->n;
    L->i = L->n;
}

static void lex_code(lexer *L, size_t end)
{
    static const char *const ops3[] = { "...", NULL };
    static const char *const ops2[] = { "..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::",
                                        NULL };
    while (L->i < end && !L->out->truncated) {
        unsigned char c = (unsigned char)L->s[L->i];
        if (c == '\n') {
            L->line++;
            L->i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            L->i++;
            continue;
        }
        size_t st = L->i;
        uint32_t line = L->line;
        if (c == '-' && L->i + 1 < end && L->s[L->i + 1] == '-') {
            L->i += 2;
            int lvl;
            if (L->i < end && L->s[L->i] == '[' && (lvl = long_open(L, L->i)) >= 0) {
                size_t a, b;
                long_body(L, lvl, &a, &b);
                continue;
            }
            while (L->i < end && L->s[L->i] != '\n')
                L->i++;
            continue;
        }
        if (is_name0(c)) {
            while (L->i < end && is_name((unsigned char)L->s[L->i]))
                L->i++;
            push(L, FW_LT_NAME, st, L->i - st, 0, 0, line);
            continue;
        }
        if (is_digit(c) || (c == '.' && L->i + 1 < end && is_digit((unsigned char)L->s[L->i + 1]))) {
            /* digits, hex digits, '.', an exponent's sign (e+5; p-3 in hex) */
            int hex = c == '0' && L->i + 1 < end && (L->s[L->i + 1] == 'x' || L->s[L->i + 1] == 'X');
            while (L->i < end) {
                unsigned char d = (unsigned char)L->s[L->i], p = (unsigned char)L->s[L->i - 1];
                int sign = (d == '+' || d == '-') && L->i > st &&
                           (hex ? (p == 'p' || p == 'P') : (p == 'e' || p == 'E'));
                if (!sign && !is_name(d) && d != '.')
                    break;
                L->i++;
            }
            push(L, FW_LT_NUMBER, st, L->i - st, 0, 0, line);
            continue;
        }
        if (c == '"' || c == '\'') {
            size_t i = L->i + 1;
            while (i < end && (unsigned char)L->s[i] != c && L->s[i] != '\n') {
                if (L->s[i] == '\\' && i + 1 < end) {
                    if (L->s[i + 1] == '\n')
                        L->line++;
                    i++;
                }
                i++;
            }
            size_t c1 = i;
            if (i < end && (unsigned char)L->s[i] == c)
                i++;
            L->i = i;
            push(L, FW_LT_STRING, st, i - st, st + 1, c1 - st - 1, line);
            continue;
        }
        int lvl;
        if (c == '[' && (lvl = long_open(L, L->i)) >= 0) {
            size_t a, b;
            long_body(L, lvl, &a, &b);
            push(L, FW_LT_STRING, st, L->i - st, a, b - a, line);
            continue;
        }
        if (c >= 0x80 || c < 0x20 || c == '\\' || c == '$' || c == '`' || c == '@' ||
            c == '?' || c == '!') {
            L->i++;   /* not Lua: skipped */
            continue;
        }
        size_t len = 1;
        for (size_t k = 0; ops3[k]; k++)
            if (end - L->i >= 3 && memcmp(L->s + L->i, ops3[k], 3) == 0)
                len = 3;
        if (len == 1)
            for (size_t k = 0; ops2[k]; k++)
                if (end - L->i >= 2 && memcmp(L->s + L->i, ops2[k], 2) == 0)
                    len = 2;
        L->i += len;
        push(L, FW_LT_OP, st, len, 0, 0, line);
    }
}

/* A LuCI template: text, and code between <% and %>. */
static void lex_template(lexer *L)
{
    while (L->i < L->n && !L->out->truncated) {
        const char *o = memmem(L->s + L->i, L->n - L->i, "<%", 2);
        size_t start = o ? (size_t)(o - L->s) : L->n;
        for (size_t k = L->i; k < start; k++)
            if (L->s[k] == '\n')
                L->line++;
        if (!o) {
            L->i = L->n;
            break;
        }
        size_t i = start + 2;
        if (i < L->n && L->s[i] == '-')
            i++;
        char mode = i < L->n ? L->s[i] : 0;
        const char *cl = memmem(L->s + i, L->n - i, "%>", 2);
        size_t end = cl ? (size_t)(cl - L->s) : L->n;
        if (end > i && L->s[end - 1] == '-')
            end--;
        L->i = i;
        if (mode == '#' || mode == ':' || mode == '+') {
            for (size_t k = i; k < end; k++)
                if (L->s[k] == '\n')
                    L->line++;
            L->i = end;
        } else {
            if (mode == '=') {
                push(L, FW_LT_WRITE, i, 1, 0, 0, L->line);
                L->i++;
            }
            lex_code(L, end);
        }
        push(L, FW_LT_SEP, end, 0, 0, 0, L->line);
        L->i = cl ? (size_t)(cl - L->s) + 2 : L->n;
    }
}

void fw_lua_lex(const char *src, size_t n, int template, fw_lua_toks *out)
{
    lexer L = { .s = src, .n = n, .i = 0, .line = 1, .out = out };
    if (!template && n >= 2 && src[0] == '#') {   /* #!/usr/bin/lua */
        while (L.i < n && src[L.i] != '\n')
            L.i++;
    }
    if (template)
        lex_template(&L);
    else
        lex_code(&L, n);
    FW_XGROW(out->v, out->cap, out->n + 1);
    memset(&out->v[out->n], 0, sizeof out->v[0]);
    out->v[out->n].off = (uint32_t)n;
    out->v[out->n].line = L.line;
    out->v[out->n].kind = FW_LT_EOF;
    out->n++;
}

void fw_lua_toks_release(fw_lua_toks *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

int fw_lua_tok_is(const char *src, const fw_lua_tok *t, const char *s)
{
    if (t->kind != FW_LT_NAME && t->kind != FW_LT_OP)
        return 0;
    size_t n = strlen(s);
    return t->len == n && memcmp(src + t->off, s, n) == 0;
}
