/* lua_lex.h: Lua source as tokens, for the Lua taint analysis
 * (taint_lua.c). Knows Lua 5.1-5.4 lexical syntax: names, numbers,
 * short strings ('..', "..", with escapes), long strings [[..]] and
 * [==[..]==], comments -- and --[[..]], and the operators. A LuCI
 * template (.htm) is read as its <% %> code only: <%# %>, <%: %> and
 * <%+ %> are skipped, <%= expr %> becomes a WRITE token before the
 * expression, and every code block ends with a SEP token (a statement
 * boundary). Unknown bytes are skipped, an unterminated string or comment
 * ends at the end of its line or file: the rest of the file is still read.
 *
 * Ownership: the tokens point into the caller's buffer by offset; a
 * fw_lua_toks owns its array only (fw_lua_toks_release).
 */
#ifndef FW_CHECKS_SCRIPTS_LUA_LEX_H
#define FW_CHECKS_SCRIPTS_LUA_LEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum fw_lua_tok_kind {
    FW_LT_EOF = 0,
    FW_LT_NAME,     /* names and keywords */
    FW_LT_NUMBER,
    FW_LT_STRING,   /* soff/slen: the content between the delimiters, raw */
    FW_LT_OP,       /* punctuation: "..", "==", "(", ... */
    FW_LT_WRITE,    /* template <%= : the expression after it is written out */
    FW_LT_SEP,      /* template code block boundary */
} fw_lua_tok_kind;

typedef struct fw_lua_tok {
    uint32_t off, len;     /* the token's bytes in the source */
    uint32_t soff, slen;   /* strings: the content */
    uint32_t line;         /* 1-based */
    uint8_t kind;
} fw_lua_tok;

typedef struct fw_lua_toks {
    fw_lua_tok *v;         /* always ends with one FW_LT_EOF token */
    size_t n, cap;
    int truncated;         /* FW_MAX_LUA_TOKENS reached: the rest was not read */
} fw_lua_toks;

/* Tokenize src[0..n) (template = 1 for a LuCI .htm view) into out. */
void fw_lua_lex(const char *src, size_t n, int template, fw_lua_toks *out);
void fw_lua_toks_release(fw_lua_toks *t);

/* Is token t the name or operator s? */
int fw_lua_tok_is(const char *src, const fw_lua_tok *t, const char *s);

#endif
