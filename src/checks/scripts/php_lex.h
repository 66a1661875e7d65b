/* php_lex.h: a PHP tokenizer for the taint analysis (taint_php.c).
 *
 * It reads what a PHP file is: inline HTML outside <?php ... ?> (dropped;
 * `<?=` becomes `echo`, `?>` a `;`), comments (dropped), variables,
 * names, numbers, single-quoted and nowdoc strings (no interpolation),
 * double-quoted, heredoc and backtick strings (interpolated: kept raw, the
 * analysis reads the $var and {$expr} parts), casts ((int) ...) and
 * operators. Brackets are matched once, so a statement or a function body
 * can be skipped in one step. Unknown bytes become one-byte operators: the
 * lexer never fails, it only stops at FW_MAX_PHP_TOKENS (truncated set).
 *
 * Tokens point into the caller's buffer, which must outlive them.
 * Private to src/checks/scripts/.
 */
#ifndef FW_CHECKS_SCRIPTS_PHP_LEX_H
#define FW_CHECKS_SCRIPTS_PHP_LEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum fw_php_tok_kind {
    PT_VAR,      /* $name (text without the $) */
    PT_IDENT,    /* name, keyword or namespaced name (Foo\Bar) */
    PT_NUM,
    PT_STR,      /* '...' or nowdoc: text between the quotes, escapes raw */
    PT_ISTR,     /* "..." or heredoc: text between the quotes, interpolated */
    PT_BTICK,    /* `...`: a shell command, interpolated */
    PT_CAST,     /* (int) (string) ...: text is the type */
    PT_OP,       /* operator or punctuation; `?>` is ";" */
} fw_php_tok_kind;

typedef struct fw_php_tok {
    fw_php_tok_kind kind;
    uint32_t line;         /* 1-based line of the token's start */
    uint32_t off, len;     /* text in the buffer */
    int32_t match;         /* ( [ {: index of the closing bracket, and back; -1 = none */
} fw_php_tok;

typedef struct fw_php_toks {
    fw_php_tok *v;
    size_t n, cap;
    int truncated;         /* FW_MAX_PHP_TOKENS reached: the rest is not lexed */
} fw_php_toks;

/* Tokenize buf[0, len). code_only: the text is PHP code already (the
 * inside of a {$...} interpolation), not a file starting in HTML mode. */
void fw_php_lex(const char *buf, size_t len, int code_only, fw_php_toks *out);
void fw_php_toks_release(fw_php_toks *t);

/* Does token t have text s (case-insensitive for names and keywords)? */
int fw_php_tok_is(const char *buf, const fw_php_tok *t, const char *s);

#endif
