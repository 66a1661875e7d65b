/* input_validation.c: the "input-validation" analyzer (MO.15): web and CGI
 * handlers that hand request data to a command interpreter without a
 * validating step in between.
 *
 * Checks (bound by rules/input-validation.rules; patterns in
 * rules/data/input-validation.txt, per language: sh-, lua-, php-):
 *   cgi-command-injection  a script line runs a command sink (sh: eval,
 *                          sh -c; lua: os.execute, io.popen, luci.sys.exec;
 *                          php: system, exec, shell_exec ...) with request
 *                          data in it: a source read on the same line
 *                          (QUERY_STRING, $FORM_x, http.formvalue, $_GET),
 *                          or a variable assigned from one earlier in the
 *                          file and not validated since
 *   cgi-binary-shell       an ELF that imports system or popen and holds
 *                          CGI parameter handling strings (QUERY_STRING,
 *                          REQUEST_METHOD): string-level, low confidence;
 *                          language interpreters (php-cgi, perl, lua ...)
 *                          are recognised by their identity strings and
 *                          not judged
 *
 * Validation: a line that matches a `*-validate` pattern (a case statement,
 * grep -q/expr on the variable, tonumber, :match("^...$"), %q,
 * escapeshellarg, filter_var, intval ...) and names the variable clears it
 * from then on; a sink line that itself validates or quotes is not judged.
 * In shell, an unquoted $VAR in an ordinary command line is word-split and
 * globbed but not re-parsed as shell (`;` in it is data): that is argument
 * injection (`wget $url` with url="-O /etc/passwd http://..."), reported
 * separately and lower:
 *   cgi-unquoted-argument  a tainted variable, unquoted, as an argument of a
 *                          command (not [, test, echo, printf, case, local,
 *                          export, logger ...; assignments are not judged)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "checks/scripts/cmdpat.h"
#include "checks/scripts/script.h"
#include "checks/scripts/taint_sh.h"
#include "core/escape.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_INJECT "cgi-command-injection"
#define CK_BINARY "cgi-binary-shell"
#define CK_UNQUOTED "cgi-unquoted-argument"

static const char *const iv_checks[] = { CK_INJECT, CK_BINARY, CK_UNQUOTED, NULL };

typedef struct iv_state {
    fw_cmdpat_set pats;
    fw_taint_sh_seen sh_seen;   /* cross-file shell flows reported */
    /* a whole-application analysis is loaded for the language (php-taint,
     * lua-taint): it follows data across files and honours guards this
     * line-level reader cannot see, so the language is left to it */
    int php_by_taint, lua_by_taint;
} iv_state;

static int analyzer_bound(fw_check_ctx *ctx, const char *name)
{
    const fw_ruleset *rs = fw_check_ruleset(ctx);
    for (size_t i = 0; i < rs->count; i++)
        if (rs->rules[i]->analyzer && strcmp(rs->rules[i]->analyzer, name) == 0)
            return 1;
    return 0;
}

static int iv_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    iv_state *st = fw_xcalloc(1, sizeof *st);
    *state = st;
    st->php_by_taint = analyzer_bound(ctx, "php-taint");
    st->lua_by_taint = analyzer_bound(ctx, "lua-taint");
    return fw_cmdpat_load_for(ctx, iv_checks, "patterns", &st->pats, err);
}

static void iv_fini(void *state)
{
    iv_state *st = state;
    if (!st)
        return;
    fw_cmdpat_release(&st->pats);
    free(st->sh_seen.v);
    free(st);
}

typedef struct tvar {
    char name[64];
    uint64_t line;          /* where it took request data */
} tvar;

static int ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* Does code [0, n) mention variable v (sh: $v or ${v; lua: the identifier;
 * php: $v)? From offset `from` on. */
int fw_iv_mentions(fw_script_kind k, const char *c, size_t n, size_t from, const char *v)
{
    size_t vl = strlen(v);
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        /* Lua and PHP: a name inside a string literal is text ("/dev/null"
         * does not use `dev`); the shell expands $v inside double quotes. */
        if (k != SCRIPT_SH) {
            if (q) {
                if (c[i] == '\\')
                    i++;
                else if (c[i] == q)
                    q = 0;
                continue;
            }
            if (c[i] == '\'' || (c[i] == '"' && k == SCRIPT_LUA)) {
                q = c[i];   /* PHP interpolates "$v": only '...' is text */
                continue;
            }
        }
        if (i < from || i + vl > n || memcmp(c + i, v, vl) != 0)
            continue;
        if (i + vl < n && ident_char(c[i + vl]))
            continue;
        if (k == SCRIPT_SH) {
            if ((i >= 1 && c[i - 1] == '$') || (i >= 2 && c[i - 1] == '{' && c[i - 2] == '$'))
                return 1;
        } else if (k == SCRIPT_PHP) {
            if (v[0] == '$')
                return 1;
        } else if (i == 0 || (!ident_char(c[i - 1]) && c[i - 1] != '.' && c[i - 1] != ':')) {
            return 1;
        }
    }
    return 0;
}

/* Lua and PHP: a function definition starts a new scope; forget the
 * taint of the previous function's locals. */
static int starts_function(fw_script_kind k, const char *c, size_t n)
{
    if (k == SCRIPT_SH)
        return 0;
    size_t i = 0;
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    if (n - i >= 6 && memcmp(c + i, "local ", 6) == 0)
        i += 6;
    return n - i >= 9 && memcmp(c + i, "function ", 9) == 0;
}

/* The variable an assignment on this line sets, or 0. */
int fw_iv_assigned_var(fw_script_kind k, const char *c, size_t n, char *out, size_t outsz)
{
    size_t i = 0;
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    if (k == SCRIPT_SH || k == SCRIPT_LUA) {
        static const char *const pre[] = { "local ", "export ", "readonly ", NULL };
        for (size_t p = 0; pre[p]; p++)
            if (n - i > strlen(pre[p]) && memcmp(c + i, pre[p], strlen(pre[p])) == 0) {
                i += strlen(pre[p]);
                break;
            }
        while (i < n && (c[i] == ' ' || c[i] == '\t'))
            i++;
    }
    size_t s = i;
    if (k == SCRIPT_PHP && i < n && c[i] == '$')
        i++;
    while (i < n && ident_char(c[i]))
        i++;
    size_t e = i;
    if (e == s || e - s >= outsz)
        return 0;
    if (k != SCRIPT_SH)
        while (i < n && (c[i] == ' ' || c[i] == '\t'))
            i++;
    if (i >= n || c[i] != '=' || (i + 1 < n && c[i + 1] == '='))
        return 0;
    memcpy(out, c + s, e - s);
    out[e - s] = '\0';
    return 1;
}

/* sh: the command word of code line c, after if/then/do/!/{ ... */
size_t fw_iv_command_word(const char *c, size_t n, size_t *len)
{
    static const char *const skip[] = { "if", "then", "else", "elif", "do", "while", "until",
                                        "!", "{", "(", "time", NULL };
    size_t i = 0;
    for (int guard = 0; guard < 16; guard++) {
        while (i < n && (c[i] == ' ' || c[i] == '\t' || c[i] == ';'))
            i++;
        size_t s = i;
        while (i < n && c[i] != ' ' && c[i] != '\t' && c[i] != ';')
            i++;
        int skipped = 0;
        for (size_t k = 0; skip[k]; k++)
            if (i - s == strlen(skip[k]) && memcmp(c + s, skip[k], i - s) == 0)
                skipped = 1;
        if (!skipped) {
            *len = i - s;
            return s;
        }
    }
    *len = 0;
    return n;
}

/* sh: is there an unquoted $v / ${v in an argument of a command that takes
 * arguments as data? Returns the offset of the mention, or (size_t)-1. */
static size_t unquoted_arg(const char *c, size_t n, const char *v)
{
    static const char *const safe[] = { "[", "[[", "test", "echo", "printf", "case", "local",
                                        "export", "readonly", "return", "exit", "logger",
                                        "shift", "set", "unset", "read", "eval", "for", "}",
                                        "fi", "done", "esac", ":", NULL };
    size_t wl, w = fw_iv_command_word(c, n, &wl);
    if (wl == 0)
        return (size_t)-1;
    for (size_t k = 0; safe[k]; k++)
        if (wl == strlen(safe[k]) && memcmp(c + w, safe[k], wl) == 0)
            return (size_t)-1;
    if (memchr(c + w, '=', wl))          /* VAR=value: an assignment */
        return (size_t)-1;
    size_t vl = strlen(v);
    char q = 0;
    for (size_t i = w + wl; i < n; i++) {
        if (q) {
            if (c[i] == '\\' && q == '"')
                i++;
            else if (c[i] == q)
                q = 0;
            continue;
        }
        if (c[i] == '\\') {
            i++;
            continue;
        }
        if (c[i] == '"' || c[i] == '\'') {
            q = c[i];
            continue;
        }
        if (c[i] == '|' || c[i] == ';' || c[i] == '&')
            return (size_t)-1;       /* only the first command of the line */
        if (c[i] != '$')
            continue;
        size_t j = i + 1;
        if (j < n && c[j] == '{')
            j++;
        if (j + vl <= n && memcmp(c + j, v, vl) == 0 && (j + vl == n || !ident_char(c[j + vl])))
            return i;
    }
    return (size_t)-1;
}

/* sh CGI: `read [-r] [-n N] VAR...` reads the POST body from standard
 * input: its variables carry request data. */
static void taint_read(const char *c, size_t n, tvar *vars, size_t *nv, uint64_t line)
{
    size_t wl, w = fw_iv_command_word(c, n, &wl);
    if (wl != 4 || memcmp(c + w, "read", 4) != 0)
        return;
    size_t i = w + wl;
    while (i < n && c[i] != ';' && c[i] != '|' && c[i] != '&') {
        while (i < n && (c[i] == ' ' || c[i] == '\t'))
            i++;
        size_t s = i;
        while (i < n && c[i] != ' ' && c[i] != '\t' && c[i] != ';' && c[i] != '|' && c[i] != '&')
            i++;
        size_t len = i - s;
        int ident = len > 0 && len < sizeof vars[0].name &&
                    !(c[s] >= '0' && c[s] <= '9');
        for (size_t k = s; ident && k < i; k++)
            ident = ident_char(c[k]);
        if (ident && *nv < FW_MAX_TAINTED_VARS) {
            memcpy(vars[*nv].name, c + s, len);
            vars[*nv].name[len] = '\0';
            vars[(*nv)++].line = line;
        }
    }
}

static const char *lang(fw_script_kind k)
{
    return k == SCRIPT_SH ? "sh" : k == SCRIPT_LUA ? "lua" : "php";
}

/* One file's line-level analysis. With `lines` set it reports nothing and
 * records the lines it would report as cgi-command-injection instead (the
 * cross-file shell analysis leaves those to it). */
static int scan_script(fw_check_ctx *ctx, fw_cmdpat_set *pats, const fw_node *node,
                       const fw_blob *blob, fw_script_kind k, fw_iv_lines *lines)
{
    char c_src[16], c_sink[16], c_val[16];
    snprintf(c_src, sizeof c_src, "%s-source", lang(k));
    snprintf(c_sink, sizeof c_sink, "%s-sink", lang(k));
    snprintf(c_val, sizeof c_val, "%s-validate", lang(k));
    fw_cmdpat_hit h;
    /* Cheap gate: no request data anywhere, nothing to judge. A shell CGI
     * that reads its POST body (`read -n $CONTENT_LENGTH body`, `$(cat)`)
     * names CONTENT_LENGTH or REQUEST_METHOD (class sh-cgi). */
    const char *text = (const char *)blob->data;
    int g = fw_cmdpat_find(pats, c_src, text, blob->size, 0, &h);
    int cgi = k == SCRIPT_SH && fw_cmdpat_find(pats, "sh-cgi", text, blob->size, 0, &h) == 1;
    if (g != 1 && !cgi) {
        if (g < 0)
            fw_check_warn(ctx, node, "input-validation: a pattern hit the PCRE2 match limit");
        return FW_OK;
    }
    tvar vars[FW_MAX_TAINTED_VARS];
    size_t nv = 0;
    int rc = FW_OK;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    while (rc == FW_OK && fw_lines_next(&it, &ln)) {
        size_t cl = fw_script_code_len(k, ln.s, ln.len);
        if (cl == 0)
            continue;
        const char *c = ln.s;
        if (starts_function(k, c, cl))
            nv = 0;
        fw_cmdpat_hit src, sink, val;
        int has_src = fw_cmdpat_find(pats, c_src, c, cl, 0, &src) == 1;
        if (!has_src && cgi && fw_cmdpat_find(pats, "sh-body", c, cl, 0, &src) == 1)
            has_src = 1;
        if (cgi && !has_src)
            taint_read(c, cl, vars, &nv, ln.lineno);
        int has_val = fw_cmdpat_find(pats, c_val, c, cl, 0, &val) == 1;
        int has_sink = fw_cmdpat_find(pats, c_sink, c, cl, 0, &sink) == 1;
        if (has_sink && !has_val) {
            uint64_t from_line = 0;
            const char *from = NULL;
            if (has_src && src.start >= sink.start) {
                from_line = ln.lineno;
                from = "request data read on the same line";
            }
            for (size_t v = 0; !from && v < nv; v++)
                if (fw_iv_mentions(k, c, cl, sink.start, vars[v].name)) {
                    from_line = vars[v].line;
                    from = vars[v].name;
                }
            if (from && lines) {
                if (lines->n < FW_MAX_TAINTED_VARS * 4)
                    lines->v[lines->n++] = ln.lineno;
            } else if (from) {
                char *msg = fw_xasprintf("%s runs a command built from request data (%s, from "
                                      "line %llu) with no validation in between",
                                      sink.pat->name, from, (unsigned long long)from_line);
                char *ex = fw_escaped(c, cl > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : cl);
                char srcl[32];
                snprintf(srcl, sizeof srcl, "%llu", (unsigned long long)from_line);
                fw_detail d[3] = { { "sink", (char *)sink.pat->name },
                                   { "source_line", srcl },
                                   { "confidence", (char *)"medium: line-level data flow" } };
                fw_hit hit = { .check = CK_INJECT, .node = node, .line = ln.lineno,
                               .offset = ln.offset + sink.start, .message = msg, .excerpt = ex,
                               .identity = ex, .severity = -1, .details = d, .n_details = 3 };
                rc = fw_check_emit(ctx, &hit);
                free(msg);
                free(ex);
            }
        }
        if (k == SCRIPT_SH && !has_sink && !has_val && !lines) {
            for (size_t v = 0; rc == FW_OK && v < nv; v++) {
                size_t at = unquoted_arg(c, cl, vars[v].name);
                if (at == (size_t)-1)
                    continue;
                size_t wl, w = fw_iv_command_word(c, cl, &wl);
                char *cmd = fw_escaped(c + w, wl);
                char *msg = fw_xasprintf("request data ($%s, from line %llu) is passed unquoted "
                                      "to %s: word splitting and globbing let a request "
                                      "add arguments or options", vars[v].name,
                                      (unsigned long long)vars[v].line, cmd);
                char *ex = fw_escaped(c, cl > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : cl);
                char srcl[32];
                snprintf(srcl, sizeof srcl, "%llu", (unsigned long long)vars[v].line);
                fw_detail d[3] = { { "command", cmd }, { "source_line", srcl },
                                   { "confidence", (char *)"medium: line-level data flow" } };
                fw_hit hit = { .check = CK_UNQUOTED, .node = node, .line = ln.lineno,
                               .offset = ln.offset + at, .message = msg, .excerpt = ex,
                               .identity = ex, .severity = -1, .details = d, .n_details = 3 };
                rc = fw_check_emit(ctx, &hit);
                free(cmd);
                free(msg);
                free(ex);
                break;
            }
        }
        /* Assignments: taint from a source or a tainted variable, unless the
         * same line validates (tonumber(formvalue("x"))). */
        char name[64];
        if (fw_iv_assigned_var(k, c, cl, name, sizeof name)) {
            int tainted = has_src;
            uint64_t tl = ln.lineno;
            for (size_t v = 0; !tainted && v < nv; v++)
                if (fw_iv_mentions(k, c, cl, 0, vars[v].name)) {
                    tainted = 1;
                    tl = vars[v].line;
                }
            /* Reassignment replaces the old value. */
            for (size_t v = 0; v < nv; v++)
                if (strcmp(vars[v].name, name) == 0) {
                    vars[v] = vars[--nv];
                    break;
                }
            if (tainted && !has_val && nv < FW_MAX_TAINTED_VARS) {
                snprintf(vars[nv].name, sizeof vars[nv].name, "%s", name);
                vars[nv++].line = tl;
            }
        } else if (has_val) {
            for (size_t v = 0; v < nv;) {
                if (fw_iv_mentions(k, c, cl, 0, vars[v].name))
                    vars[v] = vars[--nv];
                else
                    v++;
            }
        }
    }
    return rc;
}

/* A binary that is a language interpreter (php-cgi, php, perl, python,
 * lua, haserl; BusyBox, whose httpd applet sets CGI variables for the
 * scripts it runs) imports popen/system for the language's own popen() or
 * os.execute and names QUERY_STRING to fill $_SERVER: it is no request
 * handler. Recognised by the runtime's own identity strings (class
 * elf-exclude: "Zend Engine v", the Lua.org banner), not by file name: a
 * vendor handler called php-cgi is still judged. */
static int scan_binary(fw_check_ctx *ctx, iv_state *st, const fw_node *node,
                       const fw_blob *blob)
{
    fw_cmdpat_set *pats = &st->pats;
    fw_cmdpat_hit imp, cgi, excl;
    const char *d = (const char *)blob->data;
    if (fw_cmdpat_find(pats, "elf-shell-import", d, blob->size, 0, &imp) != 1)
        return FW_OK;
    if (fw_cmdpat_find(pats, "elf-cgi", d, blob->size, 0, &cgi) != 1)
        return FW_OK;
    if (fw_cmdpat_find(pats, "elf-exclude", d, blob->size, 0, &excl) == 1)
        return FW_OK;
    /* Quote the strings that are in the binary, not the pattern names
     * (form-getter stands for get_cgi, websGetVar, httpGetEnv ...). */
    size_t cgi_at;
    char *imp_s = fw_cmdpat_matched(&imp, d, 64, NULL);
    char *cgi_s = fw_cmdpat_matched(&cgi, d, 64, &cgi_at);
    /* A format string that builds a shell command from a value ("ping -c 1
     * %s", "echo \"%s\" > %s") is what a reviewer looks at first; shown when
     * there is one, not required (commands are also built with strcat). */
    fw_cmdpat_hit fmt;
    char *fmt_s = fw_cmdpat_find(pats, "elf-command-format", d, blob->size, 0, &fmt) == 1
                      ? fw_cmdpat_matched(&fmt, d, FW_EXCERPT_MAX, NULL)
                      : NULL;
    /* The function that reads request parameters (websGetVar, get_cgi ...)
     * when the binary imports or holds one; else the CGI variable it reads
     * from the environment. */
    fw_cmdpat_hit getter;
    char *get_s = fw_cmdpat_find_named(pats, "elf-cgi", "form-getter", d, blob->size, 0,
                                       &getter) == 1
                      ? fw_cmdpat_matched(&getter, d, 64, NULL)
                      : NULL;
    char *reads = get_s ? fw_xasprintf("reads request parameters with %s()", get_s)
                        : fw_xasprintf("reads CGI request data from the environment (%s)", cgi_s);
    char *msg = fw_xasprintf("web handler binary imports the command runner %s() and %s%s%s%s: "
                          "command injection possible (string-level, needs review)",
                          imp_s, reads, fmt_s ? "; it builds commands such as \"" : "",
                          fmt_s ? fmt_s : "", fmt_s ? "\"" : "");
    free(reads);
    fw_detail dd[5] = { { "import", imp_s }, { "cgi", cgi_s },
                        { "confidence", (char *)"low: string-level (imports and strings)" },
                        { "request_function", get_s }, { "command_format", fmt_s } };
    size_t nd = 3;
    if (get_s)
        dd[nd++] = dd[3];
    if (fmt_s)
        dd[nd++] = dd[4];
    fw_hit h = { .check = CK_BINARY, .node = node, .offset = cgi_at, .message = msg,
                 .excerpt = cgi_s, .identity = imp.pat->name, .severity = -1, .details = dd,
                 .n_details = nd };
    int rc = fw_check_emit(ctx, &h);
    free(msg);
    free(imp_s);
    free(cgi_s);
    free(get_s);
    free(fmt_s);
    return rc;
}

static int iv_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node,
                        const fw_blob *blob)
{
    iv_state *st = state;
    if (fw_script_is_elf(blob))
        return scan_binary(ctx, st, node, blob);
    fw_script_kind k = fw_script_kind_of(node, blob);
    if (k == SCRIPT_NONE || (k == SCRIPT_PHP && st->php_by_taint) ||
        (k == SCRIPT_LUA && st->lua_by_taint))
        return FW_OK;
    int rc = scan_script(ctx, &st->pats, node, blob, k, NULL);
    /* Shell CGIs: request data followed into sourced files and functions. */
    if (rc == FW_OK && k == SCRIPT_SH)
        rc = fw_taint_sh_scan(ctx, &st->pats, &st->sh_seen, node, blob);
    return rc;
}

int fw_iv_sink_lines(fw_check_ctx *ctx, fw_cmdpat_set *pats, const fw_node *node,
                     const fw_blob *blob, fw_iv_lines *out)
{
    out->n = 0;
    return scan_script(ctx, pats, node, blob, SCRIPT_SH, out);
}

const fw_analyzer fw_analyzer_input_validation = {
    .name = "input-validation",
    .checks = iv_checks,
    .init = iv_init,
    .fini = iv_fini,
    .scan_file = iv_scan_file,
};
