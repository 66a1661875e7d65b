/* taint_sh.c: request data in a shell CGI followed across the files it
 * sources (`. /www/cgi-bin/lib.sh`, `source lib.sh`) and the shell
 * functions it calls, to eval / sh -c (taint_sh.h).
 *
 * The CGI's top level is walked line by line as the shell would run it:
 * assignments from request data (or from a tainted variable) taint the
 * variable, a validating line (case, grep -q, expr, tr -d, validate_*)
 * clears the variables it names, `.`/`source` of a file walks that file's
 * top level in the same environment, and a call of a known function walks
 * its body with the arguments as $1..$9 ("$@", "$*") and the caller's
 * variables. A sink line that names a tainted variable is a finding when
 * the flow crossed a call or a file; flows inside one file that the
 * line-level analysis (input_validation.c) already reports are left to it,
 * so one sink is reported once.
 *
 * Not followed: assignments inside a function seen by its caller after the
 * return (functions' effects on globals), command substitution of a
 * function's output, sourced paths built from variables, loops run more
 * than once. A function never called is never walked (dead code).
 */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/taint_sh.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_INJECT "cgi-command-injection"

typedef struct sh_var {
    char name[64];            /* "host", or "1".."9", "@", "*" */
    char source[64];          /* the request data: "$FORM_host", "request body" */
    fw_taint_flow flow;       /* from the source to where it is now */
    int crossed;              /* the flow passed a call */
} sh_var;

typedef struct sh_env {
    sh_var v[FW_MAX_TAINTED_VARS];
    size_t n;
} sh_env;

typedef struct sh_file {
    const fw_node *node;
    fw_blob blob;
    int open;                 /* blob is ours to close */
    fw_line *lines;
    size_t n_lines;
    fw_iv_lines old;          /* lines the line-level analysis reports */
    int walking;              /* being sourced now: no re-entry */
} sh_file;

typedef struct sh_func {
    char name[64];
    size_t file;
    size_t def, end;          /* line indexes of the header and the closing brace */
} sh_func;

typedef struct sh_app {
    fw_check_ctx *ctx;
    fw_cmdpat_set *pats;
    fw_taint_sh_seen *seen;
    const fw_ns *ns;
    int cgi;                  /* the entry reads a request body (CONTENT_LENGTH ...) */
    sh_file files[FW_MAX_SH_FILES];
    size_t n_files;
    sh_func funcs[FW_MAX_SH_FUNCS];
    size_t n_funcs;
    size_t walked;
    int rc;
} sh_app;

/* ---- environments ----------------------------------------------------- */

static void env_release(sh_env *e)
{
    for (size_t i = 0; i < e->n; i++)
        fw_taint_flow_release(&e->v[i].flow);
    e->n = 0;
}

static void env_drop(sh_env *e, const char *name)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->v[i].name, name) == 0) {
            fw_taint_flow_release(&e->v[i].flow);
            e->v[i] = e->v[--e->n];
            return;
        }
}

/* A new tainted variable (replacing one of that name); its flow is moved
 * in (f is left empty). */
static void env_set(sh_env *e, const char *name, const char *source, fw_taint_flow *f,
                    int crossed)
{
    env_drop(e, name);
    if (e->n == FW_MAX_TAINTED_VARS) {
        fw_taint_flow_release(f);
        return;
    }
    sh_var *v = &e->v[e->n++];
    snprintf(v->name, sizeof v->name, "%s", name);
    snprintf(v->source, sizeof v->source, "%s", source);
    v->flow = *f;
    v->crossed = crossed;
    memset(f, 0, sizeof *f);
}

static void env_copy(sh_env *dst, const sh_env *src)
{
    dst->n = 0;
    for (size_t i = 0; i < src->n; i++) {
        dst->v[i] = src->v[i];
        fw_taint_flow_copy(&dst->v[i].flow, &src->v[i].flow);
        dst->n++;
    }
}

/* The tainted variable code [from, n) names, or NULL. */
static const sh_var *env_mentioned(const sh_env *e, const char *c, size_t n, size_t from)
{
    for (size_t i = 0; i < e->n; i++)
        if (fw_iv_mentions(SCRIPT_SH, c, n, from, e->v[i].name))
            return &e->v[i];
    return NULL;
}

/* ---- files and functions ---------------------------------------------- */

static int ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* `name() {`, `name ()`, `function name {`, `function name() {`: the name. */
static int func_header(const char *c, size_t n, char *name, size_t nsz)
{
    size_t i = 0;
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    int kw = n - i > 9 && memcmp(c + i, "function", 8) == 0 && (c[i + 8] == ' ' || c[i + 8] == '\t');
    if (kw) {
        i += 9;
        while (i < n && (c[i] == ' ' || c[i] == '\t'))
            i++;
    }
    size_t s = i;
    while (i < n && (ident_char(c[i]) || c[i] == '-' || c[i] == '.'))
        i++;
    if (i == s || i - s >= nsz || (c[s] >= '0' && c[s] <= '9'))
        return 0;
    size_t e = i;
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    int parens = i + 1 < n && c[i] == '(';
    if (parens) {
        i++;
        while (i < n && (c[i] == ' ' || c[i] == '\t'))
            i++;
        if (i >= n || c[i] != ')')
            return 0;
        i++;
    }
    if (!parens && !kw)
        return 0;
    while (i < n && (c[i] == ' ' || c[i] == '\t'))
        i++;
    if (i < n && c[i] != '{' && c[i] != '(')
        return 0;
    memcpy(name, c + s, e - s);
    name[e - s] = '\0';
    return 1;
}

/* Brace depth change of one code line: `{` and `}` as words, not ${...}
 * or quoted. */
static int brace_delta(const char *c, size_t n)
{
    int d = 0, param = 0;
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        if (q) {
            if (c[i] == '\\' && q == '"')
                i++;
            else if (c[i] == q)
                q = 0;
            continue;
        }
        if (c[i] == '\\') {
            i++;
        } else if (c[i] == '\'' || c[i] == '"') {
            q = c[i];
        } else if (c[i] == '$' && i + 1 < n && c[i + 1] == '{') {
            param++;
            i++;
        } else if (c[i] == '{') {
            d++;
        } else if (c[i] == '}') {
            if (param)
                param--;
            else
                d--;
        }
    }
    return d;
}

static size_t code_len(const fw_line *l) { return fw_script_code_len(SCRIPT_SH, l->s, l->len); }

/* Load a file (the entry's blob is borrowed; others are opened here):
 * its lines, its functions, the lines the line-level analysis reports.
 * Returns its index, or SIZE_MAX. */
static size_t load_file(sh_app *a, const fw_node *node, const fw_blob *blob)
{
    for (size_t i = 0; i < a->n_files; i++)
        if (a->files[i].node == node)
            return i;
    if (a->n_files == FW_MAX_SH_FILES)
        return SIZE_MAX;
    sh_file *f = &a->files[a->n_files];
    memset(f, 0, sizeof *f);
    f->node = node;
    if (blob) {
        f->blob = *blob;
    } else {
        fw_error err = { 0 };
        if (fw_node_open(node, &f->blob, &err) != FW_OK || !fw_blob_is_text(&f->blob)) {
            if (f->blob.data)
                fw_blob_close(&f->blob);
            return SIZE_MAX;
        }
        f->open = 1;
    }
    size_t idx = a->n_files++;
    fw_line_iter it;
    fw_line ln;
    size_t cap = 0;
    fw_lines_init(&it, f->blob.data, f->blob.size);
    while (fw_lines_next(&it, &ln)) {
        FW_XGROW(f->lines, cap, f->n_lines + 1);
        f->lines[f->n_lines++] = ln;
    }
    for (size_t i = 0; i < f->n_lines; i++) {
        char name[64];
        size_t cl = code_len(&f->lines[i]);
        if (!func_header(f->lines[i].s, cl, name, sizeof name))
            continue;
        int depth = 0;
        size_t e = i;
        for (; e < f->n_lines; e++) {
            depth += brace_delta(f->lines[e].s, code_len(&f->lines[e]));
            if (depth <= 0 && (e > i || memchr(f->lines[i].s, '{', cl)))
                break;
        }
        if (e >= f->n_lines)
            e = f->n_lines - 1;
        if (a->n_funcs < FW_MAX_SH_FUNCS) {
            sh_func *fn = &a->funcs[a->n_funcs++];
            snprintf(fn->name, sizeof fn->name, "%s", name);
            fn->file = idx;
            fn->def = i;
            fn->end = e;
        }
        i = e;
    }
    a->rc = fw_iv_sink_lines(a->ctx, a->pats, node, &f->blob, &f->old);
    return idx;
}

static const sh_func *func_named(const sh_app *a, const char *c, size_t n)
{
    for (size_t i = a->n_funcs; i-- > 0;)
        if (strlen(a->funcs[i].name) == n && memcmp(a->funcs[i].name, c, n) == 0)
            return &a->funcs[i];
    return NULL;
}

static const sh_func *func_at(const sh_app *a, size_t file, size_t line)
{
    for (size_t i = 0; i < a->n_funcs; i++)
        if (a->funcs[i].file == file && a->funcs[i].def == line)
            return &a->funcs[i];
    return NULL;
}

/* ---- words ------------------------------------------------------------ */

/* The next shell word of c[*i, n) as written (quotes kept), up to ; | &. */
static int next_word(const char *c, size_t n, size_t *i, size_t *ws, size_t *we)
{
    size_t p = *i;
    while (p < n && (c[p] == ' ' || c[p] == '\t'))
        p++;
    if (p >= n || c[p] == ';' || c[p] == '|' || c[p] == '&' || c[p] == '>' || c[p] == '<')
        return 0;
    *ws = p;
    char q = 0;
    for (; p < n; p++) {
        if (q) {
            if (c[p] == '\\' && q == '"')
                p++;
            else if (c[p] == q)
                q = 0;
            continue;
        }
        if (c[p] == '\\') {
            p++;
            continue;
        }
        if (c[p] == '"' || c[p] == '\'') {
            q = c[p];
            continue;
        }
        if (c[p] == ' ' || c[p] == '\t' || c[p] == ';' || c[p] == '|' || c[p] == '&')
            break;
    }
    *we = p > n ? n : p;
    *i = *we;
    return 1;
}

/* ---- the walk ------------------------------------------------------------ */

static void walk_lines(sh_app *a, size_t fi, size_t from, size_t to, sh_env *env, int depth);
static void walk_code(sh_app *a, size_t fi, uint64_t lineno, const char *c, size_t cl,
                      sh_env *env, int depth);

static int old_reports(const sh_file *f, uint64_t line)
{
    for (size_t i = 0; i < f->old.n; i++)
        if (f->old.v[i] == line)
            return 1;
    return 0;
}

static int seen_before(fw_taint_sh_seen *s, const fw_node *node, uint64_t line, const char *src)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].node == node && s->v[i].line == line && strcmp(s->v[i].source, src) == 0)
            return 1;
    if (s->n < FW_MAX_SH_SEEN) {
        FW_XGROW(s->v, s->cap, s->n + 1);
        s->v[s->n].node = node;
        s->v[s->n].line = line;
        snprintf(s->v[s->n].source, sizeof s->v[s->n].source, "%s", src);
        s->n++;
    }
    return 0;
}

static void sink(sh_app *a, size_t fi, uint64_t lineno, const char *c, size_t cl,
                 const fw_cmdpat_hit *h, const sh_env *env)
{
    const sh_file *f = &a->files[fi];
    for (size_t i = 0; i < env->n; i++) {
        const sh_var *v = &env->v[i];
        if (!fw_iv_mentions(SCRIPT_SH, c, cl, h->start, v->name) || !v->flow.n)
            continue;
        /* within one file and no call: the line-level analysis' finding */
        if (!v->crossed && v->flow.v[0].node == f->node)
            continue;
        if (old_reports(f, lineno) || seen_before(a->seen, f->node, lineno, v->source))
            return;
        fw_taint_flow fl;
        fw_taint_flow_copy(&fl, &v->flow);
        fw_taint_flow_add(&fl, f->node, lineno, "%.*s", (int)(cl > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : cl), c);
        a->rc = fw_taint_emit(a->ctx, CK_INJECT, "sh", v->source, h->pat->name, &fl);
        fw_taint_flow_release(&fl);
        return;
    }
}

/* `fn args...`: walk fn's body with the arguments as $1..$9 and the
 * caller's variables, each flow extended by the call. */
static void call(sh_app *a, size_t fi, uint64_t lineno, const char *c, size_t cl, size_t after,
                 const sh_func *fn, sh_env *env, int depth)
{
    if (depth >= FW_MAX_SH_CALL_DEPTH)
        return;
    const sh_file *f = &a->files[fi];
    sh_env *callee = fw_xcalloc(1, sizeof *callee);
    env_copy(callee, env);
    static const char *const pos[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "@", "*" };
    for (size_t p = 0; p < sizeof pos / sizeof pos[0]; p++)
        env_drop(callee, pos[p]);
    /* the call as written (flow_add escapes it) */
    char *what = fw_xasprintf("%.*s", (int)(cl > 96 ? 96 : cl), c);
    for (size_t i = 0; i < callee->n; i++) {
        fw_taint_flow_add(&callee->v[i].flow, f->node, lineno, "%s (calls %s)", what, fn->name);
        callee->v[i].crossed = 1;
    }
    size_t i = after, ws, we;
    int any_arg = -1;
    for (size_t k = 0; k < 9 && next_word(c, cl, &i, &ws, &we); k++) {
        fw_cmdpat_hit src;
        fw_taint_flow fl = { 0 };
        char source[64] = "";
        if (fw_cmdpat_find(a->pats, "sh-source", c + ws, we - ws, 0, &src) == 1) {
            char *m = fw_cmdpat_matched(&src, c + ws, 63, NULL);
            snprintf(source, sizeof source, "%s", m);
            free(m);
        } else {
            const sh_var *v = env_mentioned(env, c + ws, we - ws, 0);
            if (!v)
                continue;
            fw_taint_flow_copy(&fl, &v->flow);
            snprintf(source, sizeof source, "%s", v->source);
        }
        fw_taint_flow_add(&fl, f->node, lineno, "%s (request data as $%zu of %s)", what, k + 1,
                          fn->name);
        if (any_arg < 0) {
            fw_taint_flow at, star;
            fw_taint_flow_copy(&at, &fl);
            fw_taint_flow_copy(&star, &fl);
            env_set(callee, "@", source, &at, 1);
            env_set(callee, "*", source, &star, 1);
            any_arg = (int)k;
        }
        env_set(callee, pos[k], source, &fl, 1);
    }
    free(what);
    if (callee->n) {
        const sh_file *ff = &a->files[fn->file];
        if (fn->def == fn->end) {
            /* one line: `f() { eval "$1"; }`: the part between the braces */
            const fw_line *l = &ff->lines[fn->def];
            size_t n = code_len(l);
            const char *o = memchr(l->s, '{', n);
            size_t s = o ? (size_t)(o - l->s) + 1 : n, e = n;
            while (e > s && l->s[e - 1] != '}')
                e--;
            if (e > s)
                walk_code(a, fn->file, l->lineno, l->s + s, e - s - 1, callee, depth + 1);
        } else {
            walk_lines(a, fn->file, fn->def + 1, fn->end, callee, depth + 1);
        }
    }
    env_release(callee);
    free(callee);
}

/* `. path` / `source path`: the file, resolved in the namespace (a
 * relative path from the sourcing file's directory). */
static void source_file(sh_app *a, size_t fi, const char *c, size_t cl, size_t after,
                        sh_env *env, int depth)
{
    size_t i = after, ws, we;
    if (depth >= FW_MAX_SH_CALL_DEPTH || !next_word(c, cl, &i, &ws, &we))
        return;
    char path[256];
    size_t o = 0;
    for (size_t k = ws; k < we && o + 1 < sizeof path; k++) {
        if (c[k] == '$' || c[k] == '`' || c[k] == '*')
            return;                 /* built at run time: not followed */
        if (c[k] != '"' && c[k] != '\'')
            path[o++] = c[k];
    }
    path[o] = '\0';
    if (!o)
        return;
    char *full;
    if (path[0] == '/') {
        full = fw_xstrdup(path);
    } else {
        const char *me = fw_node_syspath(a->files[fi].node);
        const char *sl = strrchr(me, '/');
        full = fw_xasprintf("%.*s/%s", (int)(sl ? sl - me : 0), me, path);
    }
    const fw_node *n = fw_ns_resolve(a->ns, full);
    free(full);
    if (!n || n->type != FW_NODE_FILE)
        return;
    size_t idx = load_file(a, n, NULL);
    if (idx == SIZE_MAX || a->files[idx].walking)
        return;
    walk_lines(a, idx, 0, a->files[idx].n_lines, env, depth + 1);
}

static void walk_code(sh_app *a, size_t fi, uint64_t lineno, const char *c, size_t cl,
                      sh_env *env, int depth)
{
    while (cl && (*c == ' ' || *c == '\t')) {     /* steps quote the code, not its indent */
        c++;
        cl--;
    }
    if (a->rc != FW_OK || cl == 0 || ++a->walked > FW_MAX_SH_WALK_LINES)
        return;
    const fw_node *node = a->files[fi].node;
    fw_cmdpat_hit src, val, snk;
    int has_src = fw_cmdpat_find(a->pats, "sh-source", c, cl, 0, &src) == 1;
    if (!has_src && a->cgi && fw_cmdpat_find(a->pats, "sh-body", c, cl, 0, &src) == 1)
        has_src = 2;
    int has_val = fw_cmdpat_find(a->pats, "sh-validate", c, cl, 0, &val) == 1;
    int has_sink = fw_cmdpat_find(a->pats, "sh-sink", c, cl, 0, &snk) == 1;
    if (has_sink && !has_val)
        sink(a, fi, lineno, c, cl, &snk, env);

    size_t wl, w = fw_iv_command_word(c, cl, &wl);
    if ((wl == 1 && c[w] == '.') || (wl == 6 && memcmp(c + w, "source", 6) == 0)) {
        source_file(a, fi, c, cl, w + wl, env, depth);
        return;
    }
    const sh_func *fn = wl ? func_named(a, c + w, wl) : NULL;
    if (fn) {
        call(a, fi, lineno, c, cl, w + wl, fn, env, depth);
        return;
    }
    /* `read VAR` in a CGI reads the request body */
    if (a->cgi && wl == 4 && memcmp(c + w, "read", 4) == 0) {
        size_t i = w + wl, ws, we;
        while (next_word(c, cl, &i, &ws, &we)) {
            if (c[ws] == '-' || !ident_char(c[ws]) || we - ws >= 64)
                continue;
            char name[64];
            memcpy(name, c + ws, we - ws);
            name[we - ws] = '\0';
            fw_taint_flow fl = { 0 };
            fw_taint_flow_add(&fl, node, lineno, "%.*s", (int)(cl > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : cl), c);
            env_set(env, name, "request body", &fl, 0);
        }
        return;
    }
    char name[64];
    if (fw_iv_assigned_var(SCRIPT_SH, c, cl, name, sizeof name)) {
        const sh_var *from = has_src ? NULL : env_mentioned(env, c, cl, 0);
        if (has_val || (!has_src && !from)) {
            env_drop(env, name);
            return;
        }
        fw_taint_flow fl = { 0 };
        char source[64];
        int crossed = 0;
        if (has_src) {
            char *m = has_src == 2 ? fw_xstrdup("request body")
                                   : fw_cmdpat_matched(&src, c, 63, NULL);
            snprintf(source, sizeof source, "%s", m);
            free(m);
        } else {
            fw_taint_flow_copy(&fl, &from->flow);
            snprintf(source, sizeof source, "%s", from->source);
            crossed = from->crossed;
        }
        fw_taint_flow_add(&fl, node, lineno, "%.*s", (int)(cl > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : cl), c);
        env_set(env, name, source, &fl, crossed);
        return;
    }
    if (has_val)
        for (size_t i = 0; i < env->n;) {
            if (fw_iv_mentions(SCRIPT_SH, c, cl, 0, env->v[i].name))
                env_drop(env, env->v[i].name);
            else
                i++;
        }
}

/* Lines [from, to) of file fi; function definitions are skipped (a body
 * runs when called). */
static void walk_lines(sh_app *a, size_t fi, size_t from, size_t to, sh_env *env, int depth)
{
    sh_file *f = &a->files[fi];
    int was = f->walking;
    f->walking = 1;
    for (size_t i = from; i < to && a->rc == FW_OK && a->walked <= FW_MAX_SH_WALK_LINES; i++) {
        const sh_func *fn = func_at(a, fi, i);
        if (fn) {
            i = fn->end;
            continue;
        }
        const fw_line *l = &a->files[fi].lines[i];
        walk_code(a, fi, l->lineno, l->s, code_len(l), env, depth);
        f = &a->files[fi];
    }
    a->files[fi].walking = was;
}

int fw_taint_sh_scan(fw_check_ctx *ctx, fw_cmdpat_set *pats, fw_taint_sh_seen *seen,
                     const fw_node *node, const fw_blob *blob)
{
    if (!fw_check_rule(ctx, CK_INJECT))
        return FW_OK;
    const char *text = (const char *)blob->data;
    fw_cmdpat_hit h;
    int src = fw_cmdpat_find(pats, "sh-source", text, blob->size, 0, &h) == 1;
    int cgi = fw_cmdpat_find(pats, "sh-cgi", text, blob->size, 0, &h) == 1;
    if (!src && !cgi)
        return FW_OK;
    sh_app *a = fw_xcalloc(1, sizeof *a);
    a->ctx = ctx;
    a->pats = pats;
    a->seen = seen;
    a->ns = node->ns;
    a->cgi = cgi;
    size_t idx = load_file(a, node, blob);
    /* nothing to follow into: no function and no sourcing line */
    int any = a->n_funcs > 0 || (blob->size && (memmem(text, blob->size, ". ", 2) ||
                                                memmem(text, blob->size, "source ", 7)));
    if (idx != SIZE_MAX && any && a->rc == FW_OK) {
        sh_env *env = fw_xcalloc(1, sizeof *env);
        walk_lines(a, idx, 0, a->files[idx].n_lines, env, 0);
        env_release(env);
        free(env);
    }
    int rc = a->rc;
    for (size_t i = 0; i < a->n_files; i++) {
        if (a->files[i].open)
            fw_blob_close(&a->files[i].blob);
        free(a->files[i].lines);
    }
    free(a);
    return rc;
}
