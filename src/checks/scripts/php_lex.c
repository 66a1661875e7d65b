/* php_lex.c: the PHP tokenizer (php_lex.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "checks/scripts/php_lex.h"
#include "core/limits.h"
#include "core/xalloc.h"

typedef struct lx {
    const char *b;
    size_t n, i;
    uint32_t line;
    fw_php_toks *out;
} lx;

static int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9');
}

/* Advance to j, counting the lines passed. */
static void go(lx *l, size_t j)
{
    for (; l->i < j && l->i < l->n; l->i++)
        if (l->b[l->i] == '\n')
            l->line++;
}

static int push(lx *l, fw_php_tok_kind k, uint32_t line, size_t off, size_t len)
{
    fw_php_toks *t = l->out;
    if (t->n >= FW_MAX_PHP_TOKENS) {
        t->truncated = 1;
        return 0;
    }
    FW_XGROW(t->v, t->cap, t->n + 1);
    t->v[t->n++] = (fw_php_tok){ .kind = k, .line = line, .off = (uint32_t)off,
                                 .len = (uint32_t)len, .match = -1 };
    return 1;
}

static int at(const lx *l, const char *s)
{
    size_t k = strlen(s);
    return l->n - l->i >= k && strncasecmp(l->b + l->i, s, k) == 0;
}

/* HTML mode: skip to the next open tag; 0 at the end of the buffer. */
static int open_tag(lx *l)
{
    while (l->i < l->n) {
        const char *p = memchr(l->b + l->i, '<', l->n - l->i);
        if (!p) {
            go(l, l->n);
            return 0;
        }
        go(l, (size_t)(p - l->b));
        if (at(l, "<?php")) {
            go(l, l->i + 5);
            return 1;
        }
        if (at(l, "<?=")) {
            push(l, PT_IDENT, l->line, l->i, 3);   /* read as `echo` */
            go(l, l->i + 3);
            return 1;
        }
        /* short open tag (old firmware), not <?xml */
        if (at(l, "<?") && l->i + 2 < l->n &&
            (l->b[l->i + 2] == ' ' || l->b[l->i + 2] == '\n' || l->b[l->i + 2] == '\t' ||
             l->b[l->i + 2] == '\r')) {
            go(l, l->i + 2);
            return 1;
        }
        go(l, l->i + 1);
    }
    return 0;
}

/* A quoted string from l->i (the quote); the token holds the inside. */
static void quoted(lx *l, char q, fw_php_tok_kind k)
{
    uint32_t line = l->line;
    size_t s = l->i + 1, j = s;
    while (j < l->n && l->b[j] != q)
        j += (l->b[j] == '\\' && j + 1 < l->n) ? 2 : 1;
    push(l, k, line, s, (j < l->n ? j : l->n) - s);
    go(l, j < l->n ? j + 1 : l->n);
}

/* <<<ID, <<<"ID" (heredoc) or <<<'ID' (nowdoc), from l->i. 0 = not one. */
static int heredoc(lx *l)
{
    size_t j = l->i + 3;
    while (j < l->n && (l->b[j] == ' ' || l->b[j] == '\t'))
        j++;
    char q = 0;
    if (j < l->n && (l->b[j] == '\'' || l->b[j] == '"'))
        q = l->b[j++];
    size_t id = j;
    while (j < l->n && name_char((unsigned char)l->b[j]))
        j++;
    size_t idn = j - id;
    if (!idn)
        return 0;
    if (q && (j >= l->n || l->b[j++] != q))
        return 0;
    while (j < l->n && l->b[j] == '\r')
        j++;
    if (j >= l->n || l->b[j] != '\n')
        return 0;
    size_t body = ++j;
    uint32_t line = l->line;
    /* the closing identifier: first on a line (PHP 7.3 allows indenting it) */
    size_t end = l->n, after = l->n;
    while (j < l->n) {
        size_t k = j;
        while (k < l->n && (l->b[k] == ' ' || l->b[k] == '\t'))
            k++;
        if (l->n - k >= idn && memcmp(l->b + k, l->b + id, idn) == 0 &&
            (k + idn >= l->n || !name_char((unsigned char)l->b[k + idn]))) {
            end = j ? j - 1 : j;   /* the newline before it is not part of the text */
            after = k + idn;
            break;
        }
        const char *nl = memchr(l->b + j, '\n', l->n - j);
        if (!nl)
            break;
        j = (size_t)(nl - l->b) + 1;
    }
    if (end < body)
        end = body;
    push(l, q == '\'' ? PT_STR : PT_ISTR, line, body, end - body);
    go(l, after);
    return 1;
}

static int cast(lx *l)
{
    static const char *const types[] = { "int", "integer", "bool", "boolean", "float", "double",
                                         "real", "string", "array", "object", "unset", "binary",
                                         NULL };
    size_t j = l->i + 1;
    while (j < l->n && (l->b[j] == ' ' || l->b[j] == '\t'))
        j++;
    size_t s = j;
    while (j < l->n && name_char((unsigned char)l->b[j]))
        j++;
    size_t e = j;
    while (j < l->n && (l->b[j] == ' ' || l->b[j] == '\t'))
        j++;
    if (j >= l->n || l->b[j] != ')' || e == s)
        return 0;
    for (size_t k = 0; types[k]; k++)
        if (strlen(types[k]) == e - s && strncasecmp(l->b + s, types[k], e - s) == 0) {
            push(l, PT_CAST, l->line, s, e - s);
            go(l, j + 1);
            return 1;
        }
    return 0;
}

static const char *const ops[] = {
    "<<=", ">>=", "**=", "...", "<=>", "===", "!==", "?\?=", "?->",
    "==", "!=", "<>", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", ".=", "%=",
    "&=", "|=", "^=", "->", "=>", "::", "<<", ">>", "??", "**", NULL,
};

/* Code mode until `?>` or the end. 0 = the end of the buffer. */
static int code(lx *l)
{
    while (l->i < l->n && !l->out->truncated) {
        unsigned char c = (unsigned char)l->b[l->i];
        if (c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            go(l, l->i + 1);
        } else if (c == '?' && l->i + 1 < l->n && l->b[l->i + 1] == '>') {
            push(l, PT_OP, l->line, l->i, 2);
            go(l, l->i + 2);
            return 1;
        } else if (c == '#' || (c == '/' && l->i + 1 < l->n && l->b[l->i + 1] == '/')) {
            /* a line comment ends at the line's end or at ?> */
            size_t j = l->i;
            while (j < l->n && l->b[j] != '\n' &&
                   !(l->b[j] == '?' && j + 1 < l->n && l->b[j + 1] == '>'))
                j++;
            go(l, j);
        } else if (c == '/' && l->i + 1 < l->n && l->b[l->i + 1] == '*') {
            const char *e = NULL;
            for (size_t j = l->i + 2; j + 1 < l->n; j++)
                if (l->b[j] == '*' && l->b[j + 1] == '/') {
                    e = l->b + j + 2;
                    break;
                }
            go(l, e ? (size_t)(e - l->b) : l->n);
        } else if (c == '$' && l->i + 1 < l->n && name_start((unsigned char)l->b[l->i + 1])) {
            size_t j = l->i + 1;
            while (j < l->n && name_char((unsigned char)l->b[j]))
                j++;
            push(l, PT_VAR, l->line, l->i + 1, j - l->i - 1);
            go(l, j);
        } else if (name_start(c) || (c == '\\' && l->i + 1 < l->n &&
                                     name_start((unsigned char)l->b[l->i + 1]))) {
            size_t j = l->i + 1;
            while (j < l->n && (name_char((unsigned char)l->b[j]) || l->b[j] == '\\'))
                j++;
            push(l, PT_IDENT, l->line, l->i, j - l->i);
            go(l, j);
        } else if ((c >= '0' && c <= '9') ||
                   (c == '.' && l->i + 1 < l->n && l->b[l->i + 1] >= '0' && l->b[l->i + 1] <= '9')) {
            size_t j = l->i + 1;
            while (j < l->n && (name_char((unsigned char)l->b[j]) ||
                                (l->b[j] == '.' && j + 1 < l->n && l->b[j + 1] >= '0' &&
                                 l->b[j + 1] <= '9')))
                j++;
            push(l, PT_NUM, l->line, l->i, j - l->i);
            go(l, j);
        } else if (c == '\'') {
            quoted(l, '\'', PT_STR);
        } else if (c == '"') {
            quoted(l, '"', PT_ISTR);
        } else if (c == '`') {
            quoted(l, '`', PT_BTICK);
        } else if (c == '<' && at(l, "<<<") && heredoc(l)) {
            /* consumed */
        } else if (c == '(' && cast(l)) {
            /* consumed */
        } else {
            size_t k = 1;
            for (size_t o = 0; ops[o]; o++)
                if (at(l, ops[o])) {
                    k = strlen(ops[o]);
                    break;
                }
            push(l, PT_OP, l->line, l->i, k);
            go(l, l->i + k);
        }
    }
    return 0;
}

/* Link each ( [ { to its closing bracket and back. Unbalanced brackets
 * stay unlinked (-1): a broken file is still read statement by statement. */
static void match_brackets(const char *b, fw_php_toks *t)
{
    size_t st[FW_MAX_PHP_NEST];
    size_t sp = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->v[i].kind != PT_OP || t->v[i].len != 1)
            continue;
        char c = b[t->v[i].off];
        if (c == '(' || c == '[' || c == '{') {
            if (sp < FW_MAX_PHP_NEST)
                st[sp++] = i;
        } else if (c == ')' || c == ']' || c == '}') {
            char want = c == ')' ? '(' : c == ']' ? '[' : '{';
            /* an unmatched closer is ignored; an opener left open by a
             * mismatch is dropped so the rest still pairs up */
            size_t k = sp;
            while (k > 0 && b[t->v[st[k - 1]].off] != want)
                k--;
            if (!k)
                continue;
            sp = k - 1;
            t->v[st[sp]].match = (int32_t)i;
            t->v[i].match = (int32_t)st[sp];
        }
    }
}

void fw_php_lex(const char *buf, size_t len, int code_only, fw_php_toks *out)
{
    memset(out, 0, sizeof *out);
    lx l = { .b = buf, .n = len, .i = 0, .line = 1, .out = out };
    if (code_only)
        code(&l);
    else
        while (open_tag(&l) && code(&l) && !out->truncated)
            ;
    match_brackets(buf, out);
}

void fw_php_toks_release(fw_php_toks *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

int fw_php_tok_is(const char *buf, const fw_php_tok *t, const char *s)
{
    size_t k = strlen(s);
    if (t->len != k)
        return 0;
    return t->kind == PT_IDENT ? strncasecmp(buf + t->off, s, k) == 0
                               : memcmp(buf + t->off, s, k) == 0;
}
