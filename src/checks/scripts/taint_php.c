/* taint_php.c: the "php-taint" analyzer (MO.15): request data reaching a
 * command, eval or include sink through a PHP web application, across its
 * files (doc/checks.md "php-taint").
 *
 * Per namespace, the application is every PHP file under a served web root
 * (fw_web_route_of) and every file those include. Its functions, classes,
 * methods and define()d constants are indexed first; then each served file
 * runs from its top-level code (a request can name any of them), abstractly:
 * a value is clean, tainted, or partly cleaned (escapeshellcmd), with the
 * flow of file:line steps that made it so. Includes run inline in the
 * includer's scope; user functions are entered with the taint of their
 * arguments (memoized per function and tainted-parameter mask, at most
 * FW_MAX_PHP_CALL_DEPTH deep), so a function no entry calls is never judged
 * (dead code) and neither is code after return/exit in a block. Calls that
 * dispatch by name (call_user_func[_array], $obj->$m(), new $class, $f())
 * fan out to every public method or function they can reach.
 *
 * Check (bound by rules/web-php.rules):
 *   php-command-injection  tainted data reaches system, exec, shell_exec,
 *                          passthru, popen, proc_open, pcntl_exec,
 *                          backticks, eval, assert, create_function,
 *                          preg_replace with /e, or include/require
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine/analyzer.h"
#include "checks/scripts/php_lex.h"
#include "checks/scripts/php_value.h"
#include "checks/scripts/taint.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define CK_PHP "php-command-injection"

static const char *const php_checks[] = { CK_PHP, NULL };

/* snprintf into a fixed buffer where clipping is the intent (names, labels). */
static void clip(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void clip(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
}

/* Values and scopes: php_value.h. */

/* ---- the application ---------------------------------------------------- */

typedef struct pfile {
    const fw_node *node;
    fw_blob blob;
    int open;
    fw_php_toks toks;
    size_t *lines;          /* byte offset of each line's start */
    size_t n_lines;
    char dir[FW_MAX_PATH_LEN];
} pfile;

typedef struct memo {
    uint32_t mask;
    int done;               /* 0: being analyzed (recursion) */
    int exits;              /* every path through it ends in exit/die */
    fw_phpv ret;
} memo;

typedef struct pfunc {
    char *name;             /* lowercased */
    char *cls;              /* lowercased owner class, or NULL */
    char *disp;             /* as written: "PingController::ping" */
    size_t hnext;           /* next function of the same name + 1, 0 = none */
    int hidden;             /* private/protected: no by-name dispatch from outside */
    size_t file;
    size_t popen;           /* token of the parameter list's "(" */
    size_t body;            /* token of the body's "{" */
    memo *memos;
    size_t n_memos, cap_memos;
} pfunc;

typedef struct pclass {
    char *name, *parent;    /* lowercased; parent may be NULL */
} pclass;

typedef struct kv {
    char *name;
    char *str;              /* define('X', 'literal'): for include paths */
} kv;

typedef struct app {
    fw_check_ctx *ctx;
    const fw_ns *ns;
    pfile *files;
    size_t n_files, cap_files;
    pfunc *funcs;
    size_t n_funcs, cap_funcs;
    pclass *classes;
    size_t n_classes, cap_classes;
    kv *consts;
    size_t n_consts, cap_consts;
    fw_phpvar *tconsts;           /* define('X', tainted) */
    size_t n_tconsts, cap_tconsts;
    fw_phpenv props;              /* $obj->p = tainted, for any object (class-insensitive) */
    char **reported;        /* "file:line:sink" already reported */
    size_t n_reported, cap_reported;
    size_t hash[4096];      /* function name -> first function + 1 */
    unsigned char *once;    /* include_once'd in the current request */
    size_t n_once;
    size_t depth, inc_depth;
    uint64_t work;
    int stopped;
    int rc;
} app;

enum { TERM_NONE = 0, TERM_RET, TERM_EXIT, TERM_BRK };

typedef struct frame {
    app *a;
    size_t file;            /* the file whose tokens these are */
    const char *b;          /* the text the tokens point into */
    const fw_php_tok *t;
    size_t n;
    uint32_t lbase;         /* line offset (an interpolation's own tokens) */
    fw_phpenv *e;
    fw_phpenv *globals;
    const char *cls;        /* the class of $this, or NULL */
    size_t entry;           /* the requested file (relative includes) */
    int term;
    fw_phpv ret;
    fw_phpv args;                /* union of the arguments (func_get_args) */
} frame;

static int lower_eq(const char *a, size_t n, const char *b)
{
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

static char *lower_dup(const char *s, size_t n)
{
    if (n && s[0] == '\\') {   /* \Foo\Bar: the short name decides */
        s++;
        n--;
    }
    const char *bs = NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\\')
            bs = s + i;
    if (bs) {
        n -= (size_t)(bs + 1 - s);
        s = bs + 1;
    }
    char *r = fw_xstrndup(s, n);
    for (char *p = r; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return r;
}

static size_t name_hash(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h % (sizeof(((app *)0)->hash) / sizeof(size_t));
}

static const char *tok_text(const frame *f, size_t i, size_t *len)
{
    *len = f->t[i].len;
    return f->b + f->t[i].off;
}

static int is(const frame *f, size_t i, const char *s)
{
    return i < f->n && fw_php_tok_is(f->b, &f->t[i], s);
}

static int is_kind(const frame *f, size_t i, fw_php_tok_kind k)
{
    return i < f->n && f->t[i].kind == k;
}

/* A string token with no interpolation: '...', or "..." without a '$'
 * ($_SERVER["QUERY_STRING"] is as literal as $_SERVER['QUERY_STRING']). */
static int is_lit_str(const frame *f, size_t i)
{
    return is_kind(f, i, PT_STR) ||
           (is_kind(f, i, PT_ISTR) && !memchr(f->b + f->t[i].off, '$', f->t[i].len));
}


static int is_semi(const frame *f, size_t i)
{
    return is(f, i, ";") || is(f, i, "?>");
}

static uint32_t line_of(const frame *f, size_t i)
{
    return f->lbase + (i < f->n ? f->t[i].line : f->t[f->n ? f->n - 1 : 0].line);
}

static int32_t match_of(const frame *f, size_t i)
{
    return i < f->n ? f->t[i].match : -1;
}

/* The trimmed text of line ln of file fi, for a step. */
static void line_text(app *a, size_t fi, uint64_t ln, char *out, size_t cap)
{
    pfile *p = &a->files[fi];
    out[0] = 0;
    if (!ln || ln > p->n_lines)
        return;
    size_t s = p->lines[ln - 1];
    size_t e = ln < p->n_lines ? p->lines[ln] : p->blob.size;
    const char *d = (const char *)p->blob.data;
    while (s < e && (d[s] == ' ' || d[s] == '\t'))
        s++;
    while (e > s && (d[e - 1] == '\n' || d[e - 1] == '\r' || d[e - 1] == ' ' || d[e - 1] == '\t'))
        e--;
    clip(out, cap, "%.*s", (int)(e - s > 120 ? 120 : e - s), d + s);
}

static void step(frame *f, fw_phpv *v, size_t tok, const char *prefix)
{
    char txt[160];
    uint32_t ln = line_of(f, tok);
    const fw_node *node = f->a->files[f->file].node;
    if (v->flow.n && v->flow.v[v->flow.n - 1].node == node && v->flow.v[v->flow.n - 1].line == ln &&
        !prefix)
        return;
    line_text(f->a, f->file, ln, txt, sizeof txt);
    fw_taint_flow_add(&v->flow, node, ln, "%s%s", prefix ? prefix : "", txt);
}

static int spend(frame *f)
{
    if (f->a->stopped)
        return 0;
    if (++f->a->work > FW_MAX_PHP_WORK) {
        f->a->stopped = 1;
        return 0;
    }
    return 1;
}

/* ---- indexing ----------------------------------------------------------- */

static int php_name(const char *p)
{
    const char *dot = strrchr(p, '.');
    const char *sl = strrchr(p, '/');
    if (!dot || (sl && dot < sl))
        return 0;
    static const char *const ext[] = { ".php", ".php3", ".php4", ".php5", ".php7", ".phtml",
                                       ".inc", NULL };
    for (size_t i = 0; ext[i]; i++)
        if (strcasecmp(dot, ext[i]) == 0)
            return 1;
    return 0;
}

/* A CGI without an extension run by php-cgi (#!/usr/bin/php-cgi). */
static int php_shebang(const fw_node *n)
{
    unsigned char head[128];
    size_t got = 0;
    fw_error err = { 0 };
    if (fw_node_head(n, head, sizeof head - 1, &got, &err) != FW_OK || got < 3)
        return 0;
    head[got] = 0;
    if (head[0] != '#' || head[1] != '!')
        return 0;
    char *nl = strchr((char *)head, '\n');
    if (nl)
        *nl = 0;
    return strstr((char *)head, "php") != NULL;
}

static void index_file(app *a, size_t fi);

/* The file at system path p as an application file (lexed and indexed
 * once); SIZE_MAX when absent or over the bound. */
static size_t app_file(app *a, const fw_node *node)
{
    for (size_t i = 0; i < a->n_files; i++)
        if (a->files[i].node == node)
            return i;
    if (a->n_files >= FW_MAX_PHP_FILES)
        return SIZE_MAX;
    fw_blob blob = { 0 };
    fw_error err = { 0 };
    if (fw_node_open(node, &blob, &err) != FW_OK) {
        fw_check_warn(a->ctx, node, "PHP taint analysis: %s", err.msg);
        return SIZE_MAX;
    }
    FW_XGROW(a->files, a->cap_files, a->n_files + 1);
    size_t fi = a->n_files++;
    pfile *p = &a->files[fi];
    memset(p, 0, sizeof *p);
    p->node = node;
    p->blob = blob;
    p->open = 1;
    size_t len = blob.size > FW_MAX_SCRIPT_SIZE ? FW_MAX_SCRIPT_SIZE : blob.size;
    fw_php_lex((const char *)blob.data, len, 0, &p->toks);
    size_t cap = 0;
    FW_XGROW(p->lines, cap, 1);
    p->lines[p->n_lines++] = 0;
    for (size_t i = 0; i < blob.size; i++)
        if (blob.data[i] == '\n' && i + 1 < blob.size) {
            FW_XGROW(p->lines, cap, p->n_lines + 1);
            p->lines[p->n_lines++] = i + 1;
        }
    const char *sp = fw_node_syspath(node);
    const char *sl = strrchr(sp, '/');
    clip(p->dir, sizeof p->dir, "%.*s", (int)(sl ? sl - sp : 0), sp);
    if (p->toks.truncated || blob.size > len)
        fw_check_warn(a->ctx, node, "PHP taint analysis: only the first %u tokens or %u bytes "
                      "of this file are judged", (unsigned)FW_MAX_PHP_TOKENS,
                      (unsigned)FW_MAX_SCRIPT_SIZE);
    index_file(a, fi);
    return fi;
}

static char *unquote(const char *s, size_t n)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\\' || s[i + 1] == '\'' || s[i + 1] == '"')) {
            fw_sb_addc(&sb, s[++i]);
            continue;
        }
        fw_sb_addc(&sb, s[i]);
    }
    return fw_sb_detach(&sb);
}

static void index_file(app *a, size_t fi)
{
    pfile *p = &a->files[fi];
    frame f = { .a = a, .file = fi, .b = (const char *)p->blob.data, .t = p->toks.v,
                .n = p->toks.n };
    /* classes: token ranges of their bodies, innermost last */
    size_t cls_open[FW_MAX_PHP_NEST], cls_close[FW_MAX_PHP_NEST];
    char *cls_name[FW_MAX_PHP_NEST], *cls_disp[FW_MAX_PHP_NEST];
    size_t sp = 0;
    for (size_t i = 0; i < f.n; i++) {
        while (sp && i > cls_close[sp - 1]) {
            sp--;
            free(cls_name[sp]);
            free(cls_disp[sp]);
        }
        if ((is(&f, i, "class") || is(&f, i, "trait") || is(&f, i, "interface")) &&
            !(i && (is(&f, i - 1, "::") || is(&f, i - 1, "new"))) && is_kind(&f, i + 1, PT_IDENT)) {
            size_t j = i + 2;
            char *parent = NULL;
            if (is(&f, j, "extends") && is_kind(&f, j + 1, PT_IDENT)) {
                size_t l;
                const char *s = tok_text(&f, j + 1, &l);
                parent = lower_dup(s, l);
            }
            while (j < f.n && !is(&f, j, "{") && !is_semi(&f, j))
                j++;
            size_t l;
            const char *s = tok_text(&f, i + 1, &l);
            if (a->n_classes < FW_MAX_PHP_FUNCS) {
                FW_XGROW(a->classes, a->cap_classes, a->n_classes + 1);
                a->classes[a->n_classes].name = lower_dup(s, l);
                a->classes[a->n_classes++].parent = parent;
            } else {
                free(parent);
            }
            if (is(&f, j, "{") && match_of(&f, j) > 0 && sp < FW_MAX_PHP_NEST) {
                cls_open[sp] = j;
                cls_close[sp] = (size_t)match_of(&f, j);
                cls_disp[sp] = fw_xstrndup(s, l);
                cls_name[sp++] = lower_dup(s, l);
            }
            continue;
        }
        if (is(&f, i, "function")) {
            size_t j = i + 1;
            if (is(&f, j, "&"))
                j++;
            if (!is_kind(&f, j, PT_IDENT) || !is(&f, j + 1, "(") || match_of(&f, j + 1) < 0)
                continue;   /* a closure: judged nowhere (doc/checks.md) */
            size_t k = (size_t)match_of(&f, j + 1) + 1;
            while (k < f.n && !is(&f, k, "{") && !is_semi(&f, k))
                k++;
            if (!is(&f, k, "{") || match_of(&f, k) < 0 || a->n_funcs >= FW_MAX_PHP_FUNCS)
                continue;   /* abstract or interface method: no body */
            int hidden = 0;
            for (size_t b = i; b > 0 && b + 4 > i; b--)
                if (is(&f, b - 1, "private") || is(&f, b - 1, "protected"))
                    hidden = 1;
            size_t l;
            const char *s = tok_text(&f, j, &l);
            FW_XGROW(a->funcs, a->cap_funcs, a->n_funcs + 1);
            pfunc *fn = &a->funcs[a->n_funcs++];
            memset(fn, 0, sizeof *fn);
            fn->name = lower_dup(s, l);
            /* a method is a function directly in a class body */
            if (sp && i > cls_open[sp - 1])
                fn->cls = fw_xstrdup(cls_name[sp - 1]);
            fn->disp = fn->cls ? fw_xasprintf("%s::%.*s", cls_disp[sp - 1], (int)l, s)
                               : fw_xstrndup(s, l);
            size_t h = name_hash(fn->name);
            fn->hnext = a->hash[h];
            a->hash[h] = a->n_funcs;
            fn->hidden = hidden;
            fn->file = fi;
            fn->popen = j + 1;
            fn->body = k;
            continue;
        }
        /* define('NAME', 'literal') and const NAME = 'literal': for include paths */
        if (is(&f, i, "define") && is(&f, i + 1, "(") && is_lit_str(&f, i + 2) &&
            is(&f, i + 3, ",") && (is_kind(&f, i + 4, PT_STR) || is_kind(&f, i + 4, PT_ISTR)) &&
            is(&f, i + 5, ")") && a->n_consts < FW_MAX_PHP_FUNCS) {
            FW_XGROW(a->consts, a->cap_consts, a->n_consts + 1);
            a->consts[a->n_consts].name = fw_xstrndup(f.b + f.t[i + 2].off, f.t[i + 2].len);
            a->consts[a->n_consts++].str = unquote(f.b + f.t[i + 4].off, f.t[i + 4].len);
        }
    }
    while (sp) {
        sp--;
        free(cls_name[sp]);
        free(cls_disp[sp]);
    }
}

static const char *const_str(app *a, const char *name, size_t n)
{
    for (size_t i = 0; i < a->n_consts; i++)
        if (strlen(a->consts[i].name) == n && memcmp(a->consts[i].name, name, n) == 0)
            return a->consts[i].str;
    return NULL;
}

/* ---- reporting ---------------------------------------------------------- */

static void sink(frame *f, const char *what, fw_phpv *v, size_t tok)
{
    if (!v->t || f->a->rc != FW_OK)
        return;
    app *a = f->a;
    const fw_node *node = a->files[f->file].node;
    uint32_t ln = line_of(f, tok);
    char key[FW_MAX_PATH_LEN + 64];
    clip(key, sizeof key, "%p:%u:%s", (const void *)node, ln, what);
    for (size_t i = 0; i < a->n_reported; i++)
        if (strcmp(a->reported[i], key) == 0)
            return;
    FW_XGROW(a->reported, a->cap_reported, a->n_reported + 1);
    a->reported[a->n_reported++] = fw_xstrdup(key);
    fw_taint_flow fl;
    fw_taint_flow_copy(&fl, &v->flow);
    char txt[160];
    line_text(a, f->file, ln, txt, sizeof txt);
    fw_taint_flow_add(&fl, node, ln, "%s", txt);
    char label[128];
    if (v->t == FW_PHPV_PARTIAL)
        clip(label, sizeof label, "%s (escapeshellcmd only: options and arguments can still "
                 "be injected)", what);
    else
        clip(label, sizeof label, "%s", what);
    a->rc = fw_taint_emit(a->ctx, CK_PHP, "php", v->src[0] ? v->src : "request data", label, &fl);
    fw_taint_flow_release(&fl);
}

/* ---- expressions -------------------------------------------------------- */

static fw_phpv expr(frame *f, size_t *ip, size_t end, int minprec, int depth);
static void block(frame *f, size_t i, size_t end);
static size_t stmt(frame *f, size_t i, size_t end);

/* Skip one expression at the top level of [i, end): to a , ; ) ] } or =>. */
static size_t skip_expr(const frame *f, size_t i, size_t end)
{
    while (i < end && !is(f, i, ",") && !is_semi(f, i) && !is(f, i, ")") && !is(f, i, "]") &&
           !is(f, i, "}") && !is(f, i, "=>")) {
        int32_t m = match_of(f, i);
        if ((is(f, i, "(") || is(f, i, "[") || is(f, i, "{")) && m > (int32_t)i)
            i = (size_t)m;
        i++;
    }
    return i;
}

/* The arguments of a call: ( at ip. Evaluated in order; names of plain
 * variable arguments kept for by-reference outputs. */
#define MAX_ARGS 16
typedef struct args {
    fw_phpv v[MAX_ARGS];
    char name[MAX_ARGS][96];   /* "m" for $m, else "" */
    size_t tok[MAX_ARGS];      /* first token of each */
    size_t n;
    int spread;                /* ...$arr */
    size_t open, close;
} args;

static void args_release(args *a)
{
    for (size_t i = 0; i < a->n; i++)
        fw_phpv_free(&a->v[i]);
}

static void eval_args(frame *f, size_t open, args *out, int depth)
{
    memset(out, 0, sizeof *out);
    out->open = open;
    int32_t m = match_of(f, open);
    size_t close = m > (int32_t)open ? (size_t)m : open + 1;
    out->close = close;
    size_t i = open + 1;
    while (i < close && f->a->rc == FW_OK) {
        if (is(f, i, "..."))
            out->spread = 1, i++;
        size_t s = i;
        fw_phpv v = expr(f, &i, close, 0, depth + 1);
        if (i == s)
            i = skip_expr(f, i, close);
        if (out->n < MAX_ARGS) {
            out->tok[out->n] = s;
            if (is_kind(f, s, PT_VAR) && (s + 1 == close || is(f, s + 1, ",")))
                clip(out->name[out->n], sizeof out->name[0], "%.*s", (int)f->t[s].len,
                         f->b + f->t[s].off);
            out->v[out->n++] = v;
        } else {
            fw_phpv_join(&out->v[MAX_ARGS - 1], &v);
        }
        if (i < close && !is(f, i, ","))
            i = skip_expr(f, i, close);   /* what the parser did not take */
        if (is(f, i, ","))
            i++;
        else if (i == s)
            i++;
    }
}

static fw_phpv args_union(const args *a, size_t from)
{
    fw_phpv r = fw_phpv_clean();
    for (size_t i = from; i < a->n; i++) {
        fw_phpv c = fw_phpv_copy(&a->v[i]);
        c.cls[0] = 0;
        fw_phpv_join(&r, &c);
    }
    return r;
}

static fw_phpv source(frame *f, size_t tok, const char *label)
{
    fw_phpv r = fw_phpv_clean();
    r.t = FW_PHPV_TAINT;
    clip(r.src, sizeof r.src, "%s", label);
    step(f, &r, tok, NULL);
    return r;
}

static int tainted_server_key(const char *k, size_t n)
{
    static const char *const keys[] = { "QUERY_STRING", "REQUEST_URI", "PATH_INFO",
                                        "PATH_TRANSLATED", "PHP_SELF", "ORIG_PATH_INFO",
                                        "REDIRECT_QUERY_STRING", "REDIRECT_URL", "CONTENT_TYPE",
                                        NULL };
    for (size_t i = 0; keys[i]; i++)
        if (strlen(keys[i]) == n && memcmp(keys[i], k, n) == 0)
            return 1;
    return n > 5 && memcmp(k, "HTTP_", 5) == 0;   /* request headers */
}

static int request_array(const char *v, size_t n)
{
    static const char *const names[] = { "_GET", "_POST", "_REQUEST", "_COOKIE", "_FILES",
                                         "HTTP_GET_VARS", "HTTP_POST_VARS", "HTTP_COOKIE_VARS",
                                         "HTTP_POST_FILES", "HTTP_RAW_POST_DATA", NULL };
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == n && memcmp(names[i], v, n) == 0)
            return 1;
    return 0;
}

/* ---- functions and dispatch --------------------------------------------- */

static fw_phpv invoke(frame *f, size_t fn, args *ar, const fw_phpv *all, size_t calltok, const char *label,
                 int depth);

static int cls_is_or_extends(app *a, const char *cls, const char *want)
{
    for (int hops = 0; cls && hops < 16; hops++) {
        if (strcmp(cls, want) == 0)
            return 1;
        const char *up = NULL;
        for (size_t i = 0; i < a->n_classes; i++)
            if (strcmp(a->classes[i].name, cls) == 0) {
                up = a->classes[i].parent;
                break;
            }
        cls = up;
    }
    return 0;
}

/* Call every user function that a call can reach: method name mname (NULL
 * = any, by name), class cls (NULL = any; its parents count), methods only
 * (is_method) or plain functions. `all`: one value for every parameter
 * (call_user_func_array's array), else ar. */
static fw_phpv dispatch(frame *f, const char *mname, const char *cls, int is_method, args *ar,
                   const fw_phpv *all, size_t calltok, int depth)
{
    app *a = f->a;
    fw_phpv r = fw_phpv_clean();
    size_t fanout = 0, hit = SIZE_MAX, hits = 0;
    size_t i = mname ? a->hash[name_hash(mname)] : 0;
    for (;;) {
        size_t fi;
        if (mname) {
            if (!i)
                break;
            fi = i - 1;
            i = a->funcs[fi].hnext;
        } else {
            if (i >= a->n_funcs)
                break;
            fi = i++;
        }
        if (fanout >= FW_MAX_PHP_DISPATCH || a->rc != FW_OK)
            break;
        pfunc *fn = &a->funcs[fi];
        if (is_method != (fn->cls != NULL))
            continue;
        if (mname && strcmp(fn->name, mname) != 0)
            continue;
        if (!mname && (fn->hidden || strncmp(fn->name, "__", 2) == 0))
            continue;   /* by-name dispatch reaches public methods only */
        if (cls && !cls_is_or_extends(a, cls, fn->cls))
            continue;
        fanout++;
        char label[160];
        clip(label, sizeof label, "%s", fn->disp);
        fw_phpv v = invoke(f, fi, ar, all, calltok, label, depth);
        fw_phpv_join(&r, &v);
        hits++;
        hit = fi;
    }
    /* a call of a function that always exits ends the request here */
    if (hits == 1) {
        pfunc *fn = &a->funcs[hit];
        int ex = fn->n_memos > 0;
        for (size_t k = 0; k < fn->n_memos; k++)
            ex &= fn->memos[k].done && fn->memos[k].exits;
        if (ex)
            f->term = TERM_EXIT;
    }
    return r;
}

/* The literal text of a string token, or NULL. */
static char *lit(const frame *f, size_t i)
{
    if (!is_lit_str(f, i))
        return NULL;
    return unquote(f->b + f->t[i].off, f->t[i].len);
}

/* call_user_func[_array](CALLABLE, ...): CALLABLE's tokens are [s, e). */
static fw_phpv call_by_name(frame *f, size_t s, size_t e, int named_by_request, args *ar,
                       const fw_phpv *all, size_t calltok, int depth)
{
    char *name = lit(f, s);
    if (name && s + 1 == e) {   /* 'func' or 'Class::method' */
        char *dc = strstr(name, "::");
        fw_phpv r;
        if (dc) {
            *dc = 0;
            char *c = lower_dup(name, strlen(name)), *m = lower_dup(dc + 2, strlen(dc + 2));
            r = dispatch(f, m, c, 1, ar, all, calltok, depth);
            free(c);
            free(m);
        } else {
            char *m = lower_dup(name, strlen(name));
            r = dispatch(f, m, NULL, 0, ar, all, calltok, depth);
            free(m);
        }
        free(name);
        return r;
    }
    free(name);
    /* array($obj, 'm'), [$obj, $m], array('Class', 'm') */
    if ((is(f, s, "array") && is(f, s + 1, "(")) || is(f, s, "[")) {
        size_t open = is(f, s, "[") ? s : s + 1;
        int32_t m = match_of(f, open);
        if (m > (int32_t)open && (size_t)m + 1 == e) {
            args parts;
            eval_args(f, open, &parts, depth);
            char *cls = NULL, *meth = NULL;
            if (parts.n == 2) {
                char *c = lit(f, parts.tok[0]);
                if (c) {
                    cls = lower_dup(c, strlen(c));
                    free(c);
                } else if (parts.v[0].cls[0]) {
                    cls = fw_xstrdup(parts.v[0].cls);
                } else if (is_kind(f, parts.tok[0], PT_VAR) && is(f, parts.tok[0], "this")) {
                    cls = f->cls ? fw_xstrdup(f->cls) : NULL;
                }
                char *mm = lit(f, parts.tok[1]);
                if (mm) {
                    meth = lower_dup(mm, strlen(mm));
                    free(mm);
                }
            }
            /* a method named at run time: only a request's choice is followed */
            int open_ended = !meth && !(parts.n == 2 && parts.v[1].t);
            args_release(&parts);
            fw_phpv r = open_ended ? fw_phpv_clean() : dispatch(f, meth, cls, 1, ar, all, calltok, depth);
            free(cls);
            free(meth);
            return r;
        }
    }
    /* a name computed at run time: when the request chooses it, any public
     * function or method; otherwise it cannot be known (doc/checks.md) */
    if (!named_by_request)
        return fw_phpv_clean();
    fw_phpv r = dispatch(f, NULL, NULL, 0, ar, all, calltok, depth);
    fw_phpv m = dispatch(f, NULL, NULL, 1, ar, all, calltok, depth);
    fw_phpv_join(&r, &m);
    return r;
}

/* ---- builtins ------------------------------------------------------------ */

static int in_list(const char *n, size_t len, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (lower_eq(n, len, list[i]))
            return 1;
    return 0;
}

/* Builtins whose result holds no request text whatever their arguments:
 * numbers, booleans, hashes, encodings without shell metacharacters. */
static const char *const clean_fns[] = {
    "intval", "floatval", "doubleval", "boolval", "count", "sizeof", "strlen", "md5", "sha1",
    "crc32", "hash", "hash_hmac", "in_array", "array_key_exists", "is_numeric", "is_int",
    "is_integer", "is_string", "is_array", "is_bool", "is_null", "is_float", "is_object",
    "ctype_digit", "ctype_alnum", "ctype_alpha", "ctype_xdigit", "ctype_upper", "ctype_lower",
    "ctype_space", "ctype_punct", "file_exists", "is_file", "is_dir", "is_readable",
    "is_writable", "isset", "empty", "function_exists", "method_exists", "class_exists",
    "strpos", "stripos", "strrpos", "strcmp", "strcasecmp", "strncmp", "strncasecmp", "ip2long",
    "long2ip", "abs", "round", "floor", "ceil", "ord", "time", "mktime", "strtotime", "rand",
    "mt_rand", "uniqid", "base64_encode", "bin2hex", "dechex", "hexdec", "octdec", "decoct",
    "bindec", "decbin", "urlencode", "rawurlencode", "escapeshellarg", "json_last_error",
    "preg_match_all", "filesize", "filemtime", "microtime", "getmypid", "posix_getpid",
    "array_search", "version_compare", "checkdate", "fopen", "fclose", "fwrite", "fputs",
    "header", "setcookie", "session_start", "mysql_query", "mysqli_query", "unlink", "mkdir",
    "chmod", "file_put_contents", "error_log", "syslog", "openlog", "sleep", "usleep", NULL,
};

static const char *const validating_filters[] = {
    "FILTER_VALIDATE_IP", "FILTER_VALIDATE_INT", "FILTER_VALIDATE_FLOAT", "FILTER_VALIDATE_BOOLEAN",
    "FILTER_VALIDATE_BOOL", "FILTER_VALIDATE_MAC", "FILTER_SANITIZE_NUMBER_INT",
    "FILTER_SANITIZE_NUMBER_FLOAT", NULL,
};

static int filter_validates(const frame *f, const args *ar)
{
    if (ar->n < 2)
        return 0;   /* FILTER_DEFAULT passes the string through */
    size_t i = ar->tok[1];
    size_t l;
    const char *s = tok_text(f, i, &l);
    return is_kind(f, i, PT_IDENT) && in_list(s, l, validating_filters);
}

/* sprintf('ping -c %d %s', ...): an argument taints the result only if a
 * string conversion (%s) takes it. */
static fw_phpv sprintf_value(frame *f, args *ar, size_t first)
{
    char *fmt = ar->n ? lit(f, ar->tok[0]) : NULL;
    if (!fmt)
        return args_union(ar, first);
    fw_phpv r = fw_phpv_clean();
    size_t argi = first;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        const char *q = p + 1;
        size_t pos = 0;
        const char *d = q;
        while (*d >= '0' && *d <= '9')
            pos = pos * 10 + (size_t)(*d++ - '0');
        size_t use = argi++;
        if (*d == '$' && pos) {   /* %1$s */
            use = first + pos - 1;
            argi--;
            q = d + 1;
        }
        while (*q && strchr("+-0 '#.123456789", *q)) {
            if (*q == '\'' && q[1])
                q++;
            q++;
        }
        if (*q == 's' && use < ar->n) {
            fw_phpv c = fw_phpv_copy(&ar->v[use]);
            c.cls[0] = 0;
            fw_phpv_join(&r, &c);
        }
        p = *q ? q : q - 1;
    }
    free(fmt);
    return r;
}

/* Is this preg pattern an allow-list: anchored at both ends, one
 * alternative, no "anything" (., [^...], \S, \s which holds a newline)? */
static int anchored_regex(const char *re)
{
    while (*re == ' ')
        re++;
    char d = *re;
    if (!d || (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') ||
        d == '\\')
        return 0;
    char close = d == '(' ? ')' : d == '[' ? ']' : d == '{' ? '}' : d == '<' ? '>' : d;
    const char *end = strrchr(re + 1, close);
    if (!end)
        return 0;
    const char *mods = end + 1;
    if (strchr(mods, 'm') || strchr(mods, 'x'))
        return 0;   /* ^ and $ per line: "1.1.1.1\n;reboot" passes */
    const char *b = re + 1;
    size_t n = (size_t)(end - b);
    if (n < 2 || b[0] != '^')
        return 0;
    if (!((b[n - 1] == '$' && (n < 2 || b[n - 2] != '\\')) ||
          (n >= 3 && b[n - 2] == '\\' && (b[n - 1] == 'z' || b[n - 1] == 'Z'))))
        return 0;
    int cls = 0, paren = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        char c = b[i];
        if (c == '\\') {
            char e = b[i + 1];
            if (!cls && (e == 'S' || e == 'W' || e == 'D' || e == 's' || e == 'X' || e == 'C' ||
                         e == 'N' || e == 'R'))
                return 0;
            if (cls && (e == 's' || e == 'S' || e == 'W' || e == 'D'))
                return 0;
            i++;
            continue;
        }
        if (cls) {
            if (c == ']')
                cls = 0;
            continue;
        }
        if (c == '[') {
            cls = 1;
            if (b[i + 1] == '^')
                return 0;
            if (b[i + 1] == ']')
                i++;
        } else if (c == '(') {
            paren++;
        } else if (c == ')') {
            paren--;
        } else if (c == '|' && paren <= 0) {
            return 0;
        } else if (c == '.') {
            return 0;
        }
    }
    return 1;
}

/* The fw_phpenv name of a simple variable argument ($x, $x['k']) at [s, e), or 0. */
static int arg_name(const frame *f, size_t s, size_t e, char *out, size_t cap)
{
    if (!is_kind(f, s, PT_VAR))
        return 0;
    if (s + 1 == e) {
        clip(out, cap, "%.*s", (int)f->t[s].len, f->b + f->t[s].off);
        return 1;
    }
    if (s + 4 == e && is(f, s + 1, "[") && (is_lit_str(f, s + 2) || is_kind(f, s + 2, PT_NUM)) &&
        is(f, s + 3, "]")) {
        clip(out, cap, "%.*s[%.*s]", (int)f->t[s].len, f->b + f->t[s].off,
                 (int)f->t[s + 2].len, f->b + f->t[s + 2].off);
        return 1;
    }
    return 0;
}

/* ---- variables, lvalues ------------------------------------------------ */

typedef struct lval {
    char name[128];        /* fw_phpenv name; "" = not assignable */
    char base[96];
    int kind;              /* 0 fw_phpvar, 1 literal element/property, 2 dynamic element */
    int varvar;            /* $$x */
} lval;

static void do_assign(frame *f, const lval *lv, fw_phpv *v, size_t tok)
{
    if (v->t)
        step(f, v, tok, NULL);
    if (lv->varvar) {   /* $$k = $v: register_globals by hand */
        if (v->t) {
            f->e->extracted = 1;
            fw_phpv_free(&f->e->ext);
            f->e->ext = fw_phpv_copy(v);
        }
        fw_phpv_free(v);
        return;
    }
    if (!lv->name[0]) {
        fw_phpv_free(v);
        return;
    }
    if (lv->kind == 0) {
        fw_phpenv_set_var(f->e, lv->name, v);
    } else if (lv->kind == 1) {
        fw_phpvar *b = fw_phpenv_get(f->e, lv->base);
        if (strstr(lv->name, "->") && v->t) {   /* any object's property */
            const char *p = strstr(lv->name, "->") + 2;
            fw_phpv c = fw_phpv_copy(v);
            fw_phpvar *x = fw_phpenv_get(&f->a->props, p);
            if (x)
                fw_phpv_join(&x->v, &c);
            else
                fw_phpenv_put(&f->a->props, p, &c, 0);
        }
        fw_phpenv_put(f->e, lv->name, v, (b && b->v.t) || f->e->extracted);
    } else {
        fw_phpvar *b = fw_phpenv_get(f->e, lv->base);
        if (b) {
            v->cls[0] = 0;
            fw_phpv_join(&b->v, v);
        } else {
            v->cls[0] = 0;
            fw_phpenv_put(f->e, lv->base, v, 0);
        }
    }
}

/* Read interpolated text: "$ip", "{$a['x']}", "${name}", "$a[k]", "$o->p". */
static fw_phpv interpolate(frame *f, size_t tok, int depth)
{
    const char *s = f->b + f->t[tok].off;
    size_t n = f->t[tok].len;
    fw_phpv r = fw_phpv_clean();
    for (size_t i = 0; i < n && f->a->rc == FW_OK; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '{' && i + 1 < n && s[i + 1] == '$') {
            size_t j = i + 1;
            int d = 1;
            while (j < n && d) {
                if (s[j] == '{')
                    d++;
                else if (s[j] == '}')
                    d--;
                if (d)
                    j++;
            }
            if (depth < FW_MAX_PHP_EXPR_DEPTH) {
                fw_php_toks sub;
                fw_php_lex(s + i + 1, j - i - 1, 1, &sub);
                frame g = *f;
                g.b = s + i + 1;
                g.t = sub.v;
                g.n = sub.n;
                g.lbase = line_of(f, tok) - 1;
                size_t k = 0;
                fw_phpv v = expr(&g, &k, sub.n, 0, depth + 1);
                f->term = g.term;
                fw_phpv_join(&r, &v);
                fw_php_toks_release(&sub);
            }
            i = j;
            continue;
        }
        if (s[i] != '$' || i + 1 >= n)
            continue;
        size_t j = i + 1;
        int braced = 0;
        if (s[j] == '{') {
            braced = 1;
            j++;
        }
        size_t ns = j;
        while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                         (s[j] >= '0' && s[j] <= '9') || s[j] == '_' || (unsigned char)s[j] >= 0x80))
            j++;
        if (j == ns)
            continue;
        char name[96], full[200];
        clip(name, sizeof name, "%.*s", (int)(j - ns), s + ns);
        if (braced && j < n && s[j] == '}')
            j++;
        fw_phpv v;
        if (!braced && j < n && s[j] == '[') {
            size_t k = j + 1;
            while (k < n && s[k] != ']')
                k++;
            const char *key = s + j + 1;
            size_t kl = k - j - 1;
            if (kl && key[0] == '$') {   /* "$a[$i]": any element */
                v = fw_phpenv_read(f->e, name);
            } else {
                if (kl >= 2 && (key[0] == '\'' || key[0] == '"')) {
                    key++;
                    kl -= 2;
                }
                clip(full, sizeof full, "%s[%.*s]", name, (int)kl, key);
                if (request_array(name, strlen(name))) {
                    char lab[96];
                    clip(lab, sizeof lab, "$%s['%.*s']", name, (int)kl, key);
                    v = source(f, tok, lab);
                } else if (strcmp(name, "_SERVER") == 0) {
                    char lab[96];
                    clip(lab, sizeof lab, "$_SERVER['%.*s']", (int)kl, key);
                    v = tainted_server_key(key, kl) ? source(f, tok, lab) : fw_phpv_clean();
                } else {
                    v = fw_phpenv_read_sub(f->e, full, name);
                }
            }
            j = k < n ? k + 1 : n;
        } else if (!braced && j + 2 < n && s[j] == '-' && s[j + 1] == '>') {
            size_t k = j + 2, ps = k;
            while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                             (s[k] >= '0' && s[k] <= '9') || s[k] == '_'))
                k++;
            clip(full, sizeof full, "%s->%.*s", name, (int)(k - ps), s + ps);
            v = fw_phpenv_read_sub(f->e, full, name);
            fw_phpvar *gp = fw_phpenv_get(&f->a->props, full + strlen(name) + 2);
            if (!v.t && gp) {
                fw_phpv_free(&v);
                v = fw_phpv_copy(&gp->v);
            }
            j = k;
        } else if (request_array(name, strlen(name))) {
            char lab[100];
            clip(lab, sizeof lab, "$%s", name);
            v = source(f, tok, lab);
        } else {
            v = fw_phpenv_read(f->e, name);
        }
        v.cls[0] = 0;
        fw_phpv_join(&r, &v);
        i = j - 1;
    }
    return r;
}

static void do_include(frame *f, size_t kw, size_t s, size_t e, fw_phpv *path, int depth);

/* A call of builtin or user function `name` (token nt, "(" at open). */
static fw_phpv call_named(frame *f, size_t nt, size_t open, int depth)
{
    size_t nl;
    const char *n = tok_text(f, nt, &nl);
    if (nl && n[0] == '\\') {
        n++;
        nl--;
    }
    args ar;
    eval_args(f, open, &ar, depth);
    fw_phpv r = fw_phpv_clean();
    static const char *const shell_sinks[] = { "system", "exec", "shell_exec", "passthru",
                                               "popen", "proc_open", "pcntl_exec", NULL };
    if (in_list(n, nl, shell_sinks)) {
        char label[32];
        clip(label, sizeof label, "%.*s", (int)nl, n);
        if (ar.n)
            sink(f, label, &ar.v[0], nt);
        if (ar.n > 1 && lower_eq(n, nl, "pcntl_exec"))
            sink(f, label, &ar.v[1], nt);
    } else if (lower_eq(n, nl, "assert") || lower_eq(n, nl, "create_function")) {
        /* assert evaluates a string argument as code (PHP < 8) */
        size_t k = lower_eq(n, nl, "assert") ? 0 : 1;
        if (ar.n > k)
            sink(f, lower_eq(n, nl, "assert") ? "assert" : "create_function", &ar.v[k], nt);
    } else if (lower_eq(n, nl, "preg_replace") && ar.n >= 3) {
        char *re = lit(f, ar.tok[0]);
        const char *end = re ? strrchr(re + 1, re[0] == '(' ? ')' : re[0] == '{' ? '}' : re[0])
                             : NULL;
        if (end && strchr(end + 1, 'e')) {
            fw_phpv c = fw_phpv_copy(&ar.v[1]);
            fw_phpv d = fw_phpv_copy(&ar.v[2]);
            fw_phpv_join(&c, &d);
            sink(f, "preg_replace /e", &c, nt);
            fw_phpv_free(&c);
        }
        free(re);
        r = args_union(&ar, 1);
    } else if (lower_eq(n, nl, "escapeshellcmd")) {
        r = args_union(&ar, 0);
        if (r.t)
            r.t = FW_PHPV_PARTIAL;
    } else if (lower_eq(n, nl, "filter_var") || lower_eq(n, nl, "filter_input")) {
        if (lower_eq(n, nl, "filter_input")) {   /* filter_input(INPUT_GET, 'x', FILTER) */
            args sh = ar;
            if (ar.n >= 3) {
                sh.tok[1] = ar.tok[2];
                sh.n = 2;
            } else {
                sh.n = 1;
            }
            if (!filter_validates(f, &sh)) {
                size_t kl;
                const char *k = ar.n > 1 ? tok_text(f, ar.tok[1], &kl) : "";
                char lab[96];
                clip(lab, sizeof lab, "filter_input(%.*s)", (int)(ar.n > 1 ? kl + 2 : 0),
                         ar.n > 1 ? k - 1 : "");
                r = source(f, nt, lab);
            }
        } else if (!filter_validates(f, &ar) && ar.n) {
            r = fw_phpv_copy(&ar.v[0]);
        }
    } else if (in_list(n, nl, clean_fns)) {
        /* r stays clean */
    } else if (lower_eq(n, nl, "sprintf") || lower_eq(n, nl, "printf")) {
        r = sprintf_value(f, &ar, 1);
    } else if (lower_eq(n, nl, "getenv")) {
        char *k = ar.n ? lit(f, ar.tok[0]) : NULL;
        if (k && tainted_server_key(k, strlen(k))) {
            char lab[96];
            clip(lab, sizeof lab, "getenv('%s')", k);
            r = source(f, nt, lab);
        }
        free(k);
    } else if (lower_eq(n, nl, "file_get_contents") || lower_eq(n, nl, "fopen")) {
        char *k = ar.n ? lit(f, ar.tok[0]) : NULL;
        if (k && strcasecmp(k, "php://input") == 0)
            r = source(f, nt, "file_get_contents('php://input')");
        free(k);
    } else if (lower_eq(n, nl, "getallheaders") || lower_eq(n, nl, "apache_request_headers")) {
        char lab[64];
        clip(lab, sizeof lab, "%.*s()", (int)nl, n);
        r = source(f, nt, lab);
    } else if (lower_eq(n, nl, "parse_str") || lower_eq(n, nl, "mb_parse_str")) {
        if (ar.n >= 2 && ar.name[1][0]) {
            lval lv = { 0 };
            clip(lv.name, sizeof lv.name, "%s", ar.name[1]);
            fw_phpv c = fw_phpv_copy(&ar.v[0]);
            do_assign(f, &lv, &c, nt);
        } else if (ar.n == 1 && ar.v[0].t) {   /* into the local scope */
            f->e->extracted = 1;
            fw_phpv_free(&f->e->ext);
            f->e->ext = fw_phpv_copy(&ar.v[0]);
        }
    } else if (lower_eq(n, nl, "extract")) {
        if (ar.n && ar.v[0].t) {
            f->e->extracted = 1;
            fw_phpv_free(&f->e->ext);
            f->e->ext = fw_phpv_copy(&ar.v[0]);
        }
    } else if (lower_eq(n, nl, "preg_match")) {
        /* matches of an anchored pattern are as validated as the subject */
        char *re = ar.n ? lit(f, ar.tok[0]) : NULL;
        if (ar.n >= 3 && ar.name[2][0] && !(re && anchored_regex(re))) {
            lval lv = { 0 };
            clip(lv.name, sizeof lv.name, "%s", ar.name[2]);
            fw_phpv c = fw_phpv_copy(&ar.v[1]);
            do_assign(f, &lv, &c, nt);
        }
        free(re);
    } else if (lower_eq(n, nl, "define")) {
        if (ar.n >= 2 && ar.v[1].t) {
            char *k = lit(f, ar.tok[0]);
            if (k && f->a->n_tconsts < FW_MAX_PHP_VARS) {
                FW_XGROW(f->a->tconsts, f->a->cap_tconsts, f->a->n_tconsts + 1);
                f->a->tconsts[f->a->n_tconsts].name = k;
                f->a->tconsts[f->a->n_tconsts++].v = fw_phpv_copy(&ar.v[1]);
            } else {
                free(k);
            }
        }
    } else if (lower_eq(n, nl, "func_get_args") || lower_eq(n, nl, "func_get_arg")) {
        r = fw_phpv_copy(&f->args);
    } else if (lower_eq(n, nl, "call_user_func_array") || lower_eq(n, nl, "call_user_func") ||
               lower_eq(n, nl, "forward_static_call") ||
               lower_eq(n, nl, "forward_static_call_array")) {
        if (ar.n) {
            size_t ce = skip_expr(f, ar.tok[0], ar.close);
            int arr = lower_eq(n, nl, "call_user_func_array") ||
                      lower_eq(n, nl, "forward_static_call_array");
            if (arr) {
                fw_phpv all = args_union(&ar, 1);
                r = call_by_name(f, ar.tok[0], ce, ar.v[0].t, NULL, &all, nt, depth);
                fw_phpv_free(&all);
            } else {
                args rest = { 0 };
                for (size_t i = 1; i < ar.n; i++) {
                    rest.v[rest.n] = ar.v[i];
                    rest.tok[rest.n++] = ar.tok[i];
                }
                rest.open = ar.open;
                rest.close = ar.close;
                r = call_by_name(f, ar.tok[0], ce, ar.v[0].t, &rest, NULL, nt, depth);
            }
        }
    } else {
        char *lname = lower_dup(n, nl);
        int user = 0;
        for (size_t i = f->a->hash[name_hash(lname)]; i && !user; i = f->a->funcs[i - 1].hnext)
            user = !f->a->funcs[i - 1].cls && strcmp(f->a->funcs[i - 1].name, lname) == 0;
        if (user)
            r = dispatch(f, lname, NULL, 0, &ar, NULL, nt, depth);
        else
            r = args_union(&ar, 0);   /* other builtins pass their input on */
        free(lname);
    }
    args_release(&ar);
    return r;
}

/* A method call on receiver rv: ->name( or ->$fw_phpvar( at token mt, "(" at open. */
static fw_phpv call_method(frame *f, const fw_phpv *rv, const char *cls, size_t mt, size_t open, int depth)
{
    char *m = NULL;
    int chosen = 0;   /* ->$m(): is the name the request's? */
    if (is_kind(f, mt, PT_IDENT)) {
        m = lower_dup(f->b + f->t[mt].off, f->t[mt].len);
    } else if (is_kind(f, mt, PT_VAR)) {
        char nm[96];
        clip(nm, sizeof nm, "%.*s", (int)f->t[mt].len, f->b + f->t[mt].off);
        fw_phpv mv = fw_phpenv_read(f->e, nm);
        chosen = mv.t != 0;
        fw_phpv_free(&mv);
    }
    args ar;
    eval_args(f, open, &ar, depth);
    const char *c = cls ? cls : rv && rv->cls[0] ? rv->cls : NULL;
    fw_phpv r = (m || chosen) ? dispatch(f, m, c, 1, &ar, NULL, mt, depth) : fw_phpv_clean();
    free(m);
    args_release(&ar);
    return r;
}

/* Binary operator precedence; 0 = not a binary operator here. */
static int binprec(const frame *f, size_t i, int *right, int *keeps)
{
    static const struct { const char *op; int prec, right, keeps; } t[] = {
        { "or", 1, 0, 0 }, { "xor", 2, 0, 0 }, { "and", 3, 0, 0 },
        { "??", 7, 1, 1 }, { "||", 8, 0, 0 }, { "&&", 9, 0, 0 }, { "|", 10, 0, 0 },
        { "^", 11, 0, 0 }, { "&", 12, 0, 0 }, { "==", 13, 0, 0 }, { "!=", 13, 0, 0 },
        { "===", 13, 0, 0 }, { "!==", 13, 0, 0 }, { "<>", 13, 0, 0 }, { "<=>", 13, 0, 0 },
        { "<", 14, 0, 0 }, { "<=", 14, 0, 0 }, { ">", 14, 0, 0 }, { ">=", 14, 0, 0 },
        { "<<", 15, 0, 0 }, { ">>", 15, 0, 0 }, { "+", 16, 0, 1 }, { "-", 16, 0, 0 },
        { ".", 16, 0, 1 }, { "*", 17, 0, 0 }, { "/", 17, 0, 0 }, { "%", 17, 0, 0 },
        { "instanceof", 18, 0, 0 }, { "**", 20, 1, 0 },
    };
    if (i >= f->n || (f->t[i].kind != PT_OP && f->t[i].kind != PT_IDENT))
        return 0;
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
        if (is(f, i, t[k].op)) {
            *right = t[k].right;
            *keeps = t[k].keeps;
            return t[k].prec;
        }
    return 0;
}

static int assign_op(const frame *f, size_t i)
{
    static const char *const ops[] = { "=", ".=", "+=", "-=", "*=", "/=", "%=", "?\?=", "|=",
                                       "&=", "^=", "<<=", ">>=", "**=", NULL };
    for (size_t k = 0; ops[k]; k++)
        if (is(f, i, ops[k]))
            return 1;
    return 0;
}

/* Guards in a condition: names validated when it is true (P) / false (N). */
typedef struct names {
    char v[8][128];
    size_t n;
} names;

static void names_add(names *s, const char *n)
{
    if (s->n < 8)
        clip(s->v[s->n++], sizeof s->v[0], "%s", n);
}

static void guard(frame *f, size_t s, size_t e, names *P, names *N, int depth);

static void guard_ternary_clean(frame *f, size_t cs, size_t ce, fw_phpenv *saved)
{
    names P = { .n = 0 }, N = { .n = 0 };
    guard(f, cs, ce, &P, &N, 0);
    fw_phpenv_clone(saved, f->e);
    for (size_t k = 0; k < P.n; k++)
        fw_phpenv_clean(f->e, P.v[k]);
}

/* A primary with its postfix operators: variables, calls, literals ...
 * lv gets the assignable name when it is one. */
static fw_phpv primary(frame *f, size_t *ip, size_t end, lval *lv, int depth)
{
    size_t i = *ip;
    memset(lv, 0, sizeof *lv);
    fw_phpv v = fw_phpv_clean();
    if (i >= end || !spend(f) || depth > FW_MAX_PHP_EXPR_DEPTH) {
        *ip = end;
        return v;
    }
    const fw_php_tok *t = &f->t[i];
    size_t l;
    const char *s = tok_text(f, i, &l);
    int32_t m = match_of(f, i);
    if (t->kind == PT_VAR) {
        clip(lv->name, sizeof lv->name, "%.*s", (int)l, s);
        clip(lv->base, sizeof lv->base, "%.*s", (int)l, s);
        i++;
        if (lower_eq(s, l, "this") && f->cls)
            clip(v.cls, sizeof v.cls, "%s", f->cls);
        else if (request_array(s, l)) {
            char lab[96];
            if (is(f, i, "[") && (is_kind(f, i + 1, PT_STR) || is_kind(f, i + 1, PT_ISTR)) &&
                is(f, i + 2, "]"))
                clip(lab, sizeof lab, "$%.*s['%.*s']", (int)l, s, (int)f->t[i + 1].len,
                         f->b + f->t[i + 1].off);
            else
                clip(lab, sizeof lab, "$%.*s", (int)l, s);
            v = source(f, i - 1, lab);
            lv->name[0] = 0;
        } else if (lower_eq(s, l, "_SERVER") || lower_eq(s, l, "HTTP_SERVER_VARS") ||
                   lower_eq(s, l, "_ENV")) {
            if (is(f, i, "[") && is_lit_str(f, i + 1) && is(f, i + 2, "]") &&
                tainted_server_key(f->b + f->t[i + 1].off, f->t[i + 1].len)) {
                char lab[96];
                clip(lab, sizeof lab, "$%.*s['%.*s']", (int)l, s, (int)f->t[i + 1].len,
                         f->b + f->t[i + 1].off);
                v = source(f, i - 1, lab);
            }
            lv->name[0] = 0;
        } else if (lower_eq(s, l, "GLOBALS") && is(f, i, "[") && is_lit_str(f, i + 1) &&
                   is(f, i + 2, "]")) {
            clip(lv->name, sizeof lv->name, "%.*s", (int)f->t[i + 1].len, f->b + f->t[i + 1].off);
            clip(lv->base, sizeof lv->base, "%s", lv->name);
            v = fw_phpenv_read(f->globals, lv->name);
            i += 3;
        } else {
            int sub = is(f, i, "[") || (is(f, i, "->") && is_kind(f, i + 1, PT_IDENT) &&
                                        !is(f, i + 2, "("));
            if (!sub)
                v = fw_phpenv_read(f->e, lv->name);
        }
    } else if (t->kind == PT_OP && is(f, i, "$")) {
        /* $$name, ${expr}: a variable named at run time */
        i++;
        lval inner;
        fw_phpv x = primary(f, &i, end, &inner, depth + 1);
        fw_phpv_free(&x);
        lv->varvar = 1;
        if (f->e->extracted)
            v = fw_phpv_copy(&f->e->ext);
    } else if (t->kind == PT_NUM) {
        i++;
    } else if (t->kind == PT_STR) {
        i++;
    } else if (t->kind == PT_ISTR) {
        v = interpolate(f, i, depth);
        i++;
    } else if (t->kind == PT_BTICK) {
        v = interpolate(f, i, depth);
        sink(f, "backticks", &v, i);
        fw_phpv_free(&v);
        i++;
    } else if (t->kind == PT_CAST) {
        i++;
        lval d;
        v = primary(f, &i, end, &d, depth + 1);
        if (!lower_eq(s, l, "string") && !lower_eq(s, l, "array") && !lower_eq(s, l, "object") &&
            !lower_eq(s, l, "binary"))
            fw_phpv_free(&v);   /* a number or a boolean holds no command text */
        *ip = i;
        return v;
    } else if (is(f, i, "(") && m > (int32_t)i) {
        size_t k = i + 1;
        v = expr(f, &k, (size_t)m, 0, depth + 1);
        i = (size_t)m + 1;
    } else if ((is(f, i, "[") && m > (int32_t)i) || (is(f, i, "array") && is(f, i + 1, "(")) ||
               (is(f, i, "list") && is(f, i + 1, "("))) {
        size_t open = is(f, i, "[") ? i : i + 1;
        int32_t mm = match_of(f, open);
        if (mm < 0) {
            *ip = end;
            return v;
        }
        if (assign_op(f, (size_t)mm + 1) && is(f, (size_t)mm + 1, "=")) {
            /* [$a, $b] = ... / list($a, $b) = ...: every target gets the value */
            size_t k = (size_t)mm + 2;
            fw_phpv rhs = expr(f, &k, end, 4, depth + 1);
            for (size_t j = open + 1; j < (size_t)mm; j++)
                if (is_kind(f, j, PT_VAR) && !is(f, j + 1, "=>")) {
                    lval tl = { 0 };
                    clip(tl.name, sizeof tl.name, "%.*s", (int)f->t[j].len, f->b + f->t[j].off);
                    fw_phpv c = fw_phpv_copy(&rhs);
                    do_assign(f, &tl, &c, j);
                }
            *ip = k;
            return rhs;
        }
        size_t k = open + 1;
        while (k < (size_t)mm && f->a->rc == FW_OK) {
            size_t s0 = k;
            fw_phpv e = expr(f, &k, (size_t)mm, 0, depth + 1);
            e.cls[0] = 0;
            fw_phpv_join(&v, &e);
            if (k == s0)
                k = skip_expr(f, k, (size_t)mm);
            if (is(f, k, "=>") || is(f, k, ","))
                k++;
            else if (k == s0)
                k++;
        }
        i = (size_t)mm + 1;
    } else if (is(f, i, "new")) {
        i++;
        char *cls = NULL;
        int any_class = 0;
        if (is_kind(f, i, PT_IDENT) && !is(f, i, "class")) {
            cls = lower_dup(f->b + f->t[i].off, f->t[i].len);
            if (strcmp(cls, "self") == 0 || strcmp(cls, "static") == 0) {
                free(cls);
                cls = f->cls ? fw_xstrdup(f->cls) : NULL;
            }
            i++;
        } else if (is_kind(f, i, PT_VAR)) {
            /* new $class: any class, when the request names it */
            char nm[96];
            clip(nm, sizeof nm, "%.*s", (int)f->t[i].len, f->b + f->t[i].off);
            fw_phpv cv = fw_phpenv_read(f->e, nm);
            any_class = cv.t != 0;
            fw_phpv_free(&cv);
            i++;
            while (i < end && ((is(f, i, "[") && match_of(f, i) > (int32_t)i) ||
                               (is(f, i, "->") && is_kind(f, i + 1, PT_IDENT)) ||
                               (is(f, i, "::") && is_kind(f, i + 1, PT_VAR))))
                i = is(f, i, "[") ? (size_t)match_of(f, i) + 1 : i + 2;
        } else if (is(f, i, "class")) {   /* anonymous class: its body is not judged */
            i++;
            if (is(f, i, "(") && match_of(f, i) > (int32_t)i)
                i = (size_t)match_of(f, i) + 1;
            while (i < end && !is(f, i, "{"))
                i++;
            if (match_of(f, i) > (int32_t)i)
                i = (size_t)match_of(f, i) + 1;
            *ip = i;
            return v;
        }
        if (is(f, i, "(") && match_of(f, i) > (int32_t)i) {
            args ar;
            eval_args(f, i, &ar, depth);
            if (cls || any_class) {
                fw_phpv c = dispatch(f, "__construct", cls, 1, &ar, NULL, i, depth);
                fw_phpv_free(&c);
            }
            args_release(&ar);
            i = (size_t)match_of(f, i) + 1;
        }
        if (cls)
            clip(v.cls, sizeof v.cls, "%s", cls);
        free(cls);
        *ip = i;
        return v;
    } else if (is(f, i, "function") || is(f, i, "fn") || (is(f, i, "static") && is(f, i + 1, "function"))) {
        /* a closure is a value; its body is not judged (doc/checks.md) */
        while (i < end && !is(f, i, "(") )
            i++;
        if (match_of(f, i) > (int32_t)i)
            i = (size_t)match_of(f, i) + 1;
        if (is(f, i, "use") && is(f, i + 1, "(") && match_of(f, i + 1) > (int32_t)i)
            i = (size_t)match_of(f, i + 1) + 1;
        while (i < end && !is(f, i, "{") && !is(f, i, "=>") && !is_semi(f, i))
            i++;
        if (is(f, i, "{") && match_of(f, i) > (int32_t)i)
            i = (size_t)match_of(f, i) + 1;
        else if (is(f, i, "=>"))
            i = skip_expr(f, i + 1, end);
        *ip = i;
        return v;
    } else if (is(f, i, "isset") || is(f, i, "empty")) {
        i++;
        if (match_of(f, i) > (int32_t)i)
            i = (size_t)match_of(f, i) + 1;
        *ip = i;
        return v;
    } else if (is(f, i, "include") || is(f, i, "include_once") || is(f, i, "require") ||
               is(f, i, "require_once")) {
        size_t e = skip_expr(f, i + 1, end);
        size_t k = i + 1;
        fw_phpv p = expr(f, &k, e, 5, depth + 1);
        do_include(f, i, i + 1, k, &p, depth);
        fw_phpv_free(&p);
        *ip = k;
        return v;
    } else if (is(f, i, "eval") && is(f, i + 1, "(")) {
        args ar;
        eval_args(f, i + 1, &ar, depth);
        if (ar.n)
            sink(f, "eval", &ar.v[0], i);
        args_release(&ar);
        *ip = ar.close + 1;
        return v;
    } else if ((is(f, i, "exit") || is(f, i, "die"))) {
        i++;
        if (is(f, i, "(") && match_of(f, i) > (int32_t)i) {
            size_t k = i + 1;
            fw_phpv x = expr(f, &k, (size_t)match_of(f, i), 0, depth + 1);
            fw_phpv_free(&x);
            i = (size_t)match_of(f, i) + 1;
        }
        *ip = i;   /* as a statement it ends the request (stmt) */
        return v;
    } else if (is(f, i, "print") || is(f, i, "clone") || is(f, i, "@") || is(f, i, "&")) {
        int keep = !is(f, i, "print");
        i++;
        v = expr(f, &i, end, 19, depth + 1);
        if (!keep)
            fw_phpv_free(&v);
        *ip = i;
        return v;
    } else if (is(f, i, "!") || is(f, i, "-") || is(f, i, "+") || is(f, i, "~") ||
               is(f, i, "++") || is(f, i, "--")) {
        i++;
        fw_phpv x = expr(f, &i, end, 19, depth + 1);
        fw_phpv_free(&x);
        *ip = i;
        return v;
    } else if (t->kind == PT_IDENT) {
        i++;
        if (is(f, i, "(") && match_of(f, i) > (int32_t)i) {
            v = call_named(f, i - 1, i, depth);
            i = (size_t)match_of(f, i) + 1;
        } else if (is(f, i, "::")) {
            char *cls = lower_dup(s, l);
            if (strcmp(cls, "self") == 0 || strcmp(cls, "static") == 0) {
                free(cls);
                cls = f->cls ? fw_xstrdup(f->cls) : NULL;
            } else if (strcmp(cls, "parent") == 0) {
                free(cls);
                cls = NULL;
                for (size_t c = 0; f->cls && c < f->a->n_classes; c++)
                    if (strcmp(f->a->classes[c].name, f->cls) == 0 && f->a->classes[c].parent)
                        cls = fw_xstrdup(f->a->classes[c].parent);
            }
            i++;
            if ((is_kind(f, i, PT_IDENT) || is_kind(f, i, PT_VAR)) && is(f, i + 1, "(") &&
                match_of(f, i + 1) > (int32_t)i) {
                v = call_method(f, NULL, cls, i, i + 1, depth);
                i = (size_t)match_of(f, i + 1) + 1;
            } else if (is_kind(f, i, PT_VAR)) {
                clip(lv->name, sizeof lv->name, "%s::%.*s", cls ? cls : "", (int)f->t[i].len,
                         f->b + f->t[i].off);
                clip(lv->base, sizeof lv->base, "%s", lv->name);
                v = fw_phpenv_read(f->globals, lv->name);
                i++;
            } else {
                i++;   /* a class constant */
            }
            free(cls);
        } else if (!is(f, i, "\\")) {
            /* a constant: tainted only if define()d from request data */
            for (size_t c = 0; c < f->a->n_tconsts; c++)
                if (strlen(f->a->tconsts[c].name) == l &&
                    memcmp(f->a->tconsts[c].name, s, l) == 0)
                    v = fw_phpv_copy(&f->a->tconsts[c].v);
        }
    } else {
        *ip = i;   /* not an expression: the caller skips the statement */
        return v;
    }
    /* postfix: [k], ->p, ->m(), ::m(), (args), ++ */
    for (int guard_n = 0; i < end && guard_n < FW_MAX_PHP_NEST && f->a->rc == FW_OK; guard_n++) {
        int32_t mm = match_of(f, i);
        if ((is(f, i, "[") || is(f, i, "{")) && mm > (int32_t)i && i > *ip &&
            (f->t[i - 1].kind == PT_VAR || is(f, i - 1, "]") || is(f, i - 1, ")") ||
             is(f, i - 1, "}") || f->t[i - 1].kind == PT_IDENT)) {
            if (is(f, i, "{") && !(f->t[i - 1].kind == PT_VAR || is(f, i - 1, "]")))
                break;
            int literal = (is_lit_str(f, i + 1) || is_kind(f, i + 1, PT_NUM)) &&
                          (size_t)mm == i + 2;
            if (lv->name[0] && lv->kind == 0 && literal) {
                char nm[128];
                clip(nm, sizeof nm, "%s[%.*s]", lv->name, (int)f->t[i + 1].len,
                         f->b + f->t[i + 1].off);
                clip(lv->name, sizeof lv->name, "%s", nm);
                lv->kind = 1;
                if (!v.t) {
                    fw_phpv_free(&v);
                    v = fw_phpenv_read_sub(f->e, lv->name, lv->base);
                }
            } else {
                if (!literal && (size_t)mm > i + 1) {
                    size_t k = i + 1;
                    fw_phpv key = expr(f, &k, (size_t)mm, 0, depth + 1);
                    fw_phpv_free(&key);
                }
                if (lv->name[0] && lv->kind == 0) {
                    lv->kind = 2;
                    if (!v.t) {
                        fw_phpv_free(&v);
                        v = fw_phpenv_read(f->e, lv->base);
                    }
                } else if (lv->kind == 1) {
                    lv->kind = 1;   /* deeper subscripts stay in the element */
                }
            }
            v.cls[0] = 0;
            i = (size_t)mm + 1;
            continue;
        }
        if ((is(f, i, "->") || is(f, i, "?->")) && i + 1 < end) {
            size_t mt = i + 1;
            size_t after = mt + 1;
            if (is(f, mt, "{") && match_of(f, mt) > (int32_t)mt)
                after = (size_t)match_of(f, mt) + 1;
            if (is(f, after, "(") && match_of(f, after) > (int32_t)after) {
                fw_phpv rv = v;
                memset(&v, 0, sizeof v);
                if (lv->name[0] && lv->kind == 0 && !rv.cls[0]) {
                    fw_phpvar *x = fw_phpenv_get(f->e, lv->name);
                    if (x)
                        clip(rv.cls, sizeof rv.cls, "%s", x->v.cls);
                }
                v = call_method(f, &rv, NULL, is(f, mt, "{") ? mt + 1 : mt, after, depth);
                fw_phpv_free(&rv);
                memset(lv, 0, sizeof *lv);
                i = (size_t)match_of(f, after) + 1;
                continue;
            }
            if (is_kind(f, mt, PT_IDENT)) {
                char nm[128];
                if (lv->name[0] && lv->kind == 0) {
                    clip(nm, sizeof nm, "%s->%.*s", lv->name, (int)f->t[mt].len,
                             f->b + f->t[mt].off);
                    clip(lv->name, sizeof lv->name, "%s", nm);
                    lv->kind = 1;
                    fw_phpv_free(&v);
                    v = fw_phpenv_read_sub(f->e, lv->name, lv->base);
                } else {
                    memset(lv, 0, sizeof *lv);
                }
                char pn[96];
                clip(pn, sizeof pn, "%.*s", (int)f->t[mt].len, f->b + f->t[mt].off);
                fw_phpvar *gp = fw_phpenv_get(&f->a->props, pn);
                if (!v.t && gp) {
                    fw_phpv_free(&v);
                    v = fw_phpv_copy(&gp->v);
                }
                i = mt + 1;
                continue;
            }
            i = after;
            memset(lv, 0, sizeof *lv);
            continue;
        }
        if (is(f, i, "::") && (is_kind(f, i + 1, PT_IDENT) || is_kind(f, i + 1, PT_VAR)) &&
            is(f, i + 2, "(") && match_of(f, i + 2) > (int32_t)i) {
            fw_phpv rv = v;
            memset(&v, 0, sizeof v);
            v = call_method(f, &rv, NULL, i + 1, i + 2, depth);   /* $class::m() */
            fw_phpv_free(&rv);
            memset(lv, 0, sizeof *lv);
            i = (size_t)match_of(f, i + 2) + 1;
            continue;
        }
        if (is(f, i, "(") && mm > (int32_t)i) {
            /* $f(...): a function named at run time */
            args ar;
            eval_args(f, i, &ar, depth);
            fw_phpv r = v.t ? dispatch(f, NULL, NULL, 0, &ar, NULL, i, depth) : fw_phpv_clean();
            args_release(&ar);
            fw_phpv_free(&v);
            v = r;
            memset(lv, 0, sizeof *lv);
            i = (size_t)mm + 1;
            continue;
        }
        if (is(f, i, "++") || is(f, i, "--")) {
            fw_phpv_free(&v);
            memset(lv, 0, sizeof *lv);
            i++;
            continue;
        }
        break;
    }
    *ip = i;
    return v;
}

static fw_phpv expr(frame *f, size_t *ip, size_t end, int minprec, int depth)
{
    size_t start = *ip;
    lval lv;
    fw_phpv v = primary(f, ip, end, &lv, depth);
    if (*ip == start)
        return v;
    size_t i = *ip;
    /* assignment binds to the primary on its left, right-associative */
    if (assign_op(f, i) && (lv.name[0] || lv.varvar)) {
        int concat = !is(f, i, "=");
        size_t at = i++;
        fw_phpv rhs = expr(f, &i, end, 4, depth + 1);
        if (is(f, at, "-=") || is(f, at, "*=") || is(f, at, "/=") || is(f, at, "%=") ||
            is(f, at, "**=") || is(f, at, "|=") || is(f, at, "&=") || is(f, at, "^=") ||
            is(f, at, "<<=") || is(f, at, ">>="))
            fw_phpv_free(&rhs);   /* arithmetic: a number */
        if (concat && (is(f, at, ".=") || is(f, at, "+=") || is(f, at, "?\?="))) {
            fw_phpv old = fw_phpv_copy(&v);
            fw_phpv_join(&rhs, &old);
        }
        fw_phpv_free(&v);
        fw_phpv res = fw_phpv_copy(&rhs);
        do_assign(f, &lv, &rhs, at);
        *ip = i;
        v = res;
    }
    for (;;) {
        i = *ip;
        if (i >= end || f->a->rc != FW_OK || f->term == TERM_EXIT)
            break;
        int right = 0, keeps = 0;
        int prec = binprec(f, i, &right, &keeps);
        if (is(f, i, "?") && minprec <= 6) {
            /* c ? a : b, c ?: b; a guard in c holds in a */
            size_t k = i + 1;
            fw_phpv a = fw_phpv_clean();
            if (!is(f, k, ":")) {
                fw_phpenv saved;
                guard_ternary_clean(f, start, i, &saved);
                a = expr(f, &k, end, 5, depth + 1);
                fw_phpenv_swap(&saved, f->e);
                fw_phpenv_release(&saved);
                fw_phpv_free(&v);
            }
            if (is(f, k, ":"))
                k++;
            fw_phpv b = expr(f, &k, end, 6, depth + 1);
            fw_phpv_join(&v, &a);
            fw_phpv_join(&v, &b);
            *ip = k;
            continue;
        }
        if (!prec || prec < minprec)
            break;
        size_t k = i + 1;
        fw_phpv r = expr(f, &k, end, right ? prec : prec + 1, depth + 1);
        if (k == i + 1) {
            fw_phpv_free(&r);
            break;
        }
        if (keeps) {
            r.cls[0] = 0;
            fw_phpv_join(&v, &r);
        } else {
            fw_phpv_free(&r);
            fw_phpv_free(&v);
        }
        *ip = k;
    }
    return v;
}

/* ---- guards -------------------------------------------------------------- */

static size_t top_split(const frame *f, size_t s, size_t e, const char *a, const char *b,
                        size_t *pos, size_t max)
{
    size_t n = 0;
    for (size_t i = s; i < e; i++) {
        int32_t m = match_of(f, i);
        if ((is(f, i, "(") || is(f, i, "[") || is(f, i, "{")) && m > (int32_t)i) {
            i = (size_t)m;
            continue;
        }
        if ((is(f, i, a) || is(f, i, b)) && n < max)
            pos[n++] = i;
    }
    return n;
}

static int validator_name(const char *n, size_t l)
{
    static const char *const v[] = { "is_numeric", "ctype_digit", "ctype_alnum", "ctype_xdigit",
                                     "ctype_alpha", "is_int", "is_integer", "ip2long",
                                     "inet_pton", NULL };
    if (in_list(n, l, v))
        return 1;
    /* a vendor's own validator: validate_ip(), isValidMac(), check_ip() */
    for (size_t i = 0; i + 5 <= l; i++)
        if (strncasecmp(n + i, "valid", 5) == 0)
            return 1;
    return l > 6 && strncasecmp(n, "check_", 6) == 0;
}

static void guard(frame *f, size_t s, size_t e, names *P, names *N, int depth)
{
    if (s >= e || depth > 16)
        return;
    size_t pos[16];
    size_t k = top_split(f, s, e, "||", "or", pos, 16);
    /* a || b is false when both are (N: every part's), true when one is
     * (P: what all parts validate); a && b the other way round */
    for (int conj = 0; conj < 2; conj++) {
        k = conj ? top_split(f, s, e, "&&", "and", pos, 16) : k;
        if (!k)
            continue;
        size_t from = s;
        names all, common = { .n = 0 };
        names *every = conj ? P : N, *some = conj ? N : P;
        memset(&all, 0, sizeof all);
        for (size_t j = 0; j <= k; j++) {
            names p = { .n = 0 }, n = { .n = 0 };
            guard(f, from, j < k ? pos[j] : e, &p, &n, depth + 1);
            names *mine = conj ? &p : &n, *shared = conj ? &n : &p;
            for (size_t x = 0; x < mine->n; x++)
                names_add(&all, mine->v[x]);
            if (!j) {
                common = *shared;
            } else {   /* keep what this part validates too */
                names keep = { .n = 0 };
                for (size_t x = 0; x < common.n; x++)
                    for (size_t y = 0; y < shared->n; y++)
                        if (strcmp(common.v[x], shared->v[y]) == 0) {
                            names_add(&keep, common.v[x]);
                            break;
                        }
                common = keep;
            }
            from = j < k ? pos[j] + 1 : e;
        }
        for (size_t x = 0; x < all.n; x++)
            names_add(every, all.v[x]);
        for (size_t x = 0; x < common.n; x++)
            names_add(some, common.v[x]);
        return;
    }
    if (is(f, s, "!")) {
        guard(f, s + 1, e, N, P, depth + 1);
        return;
    }
    if (is(f, s, "(") && match_of(f, s) == (int32_t)(e - 1)) {
        guard(f, s + 1, e - 1, P, N, depth + 1);
        return;
    }
    /* X === false, X == 0, X !== false, X > 0 ... */
    size_t cmp = 0;
    for (size_t i = s; i < e; i++) {
        int32_t m = match_of(f, i);
        if (is(f, i, "(") && m > (int32_t)i) {
            i = (size_t)m;
            continue;
        }
        if (is(f, i, "===") || is(f, i, "==") || is(f, i, "!==") || is(f, i, "!=") ||
            is(f, i, ">") || is(f, i, "<")) {
            cmp = i;
            break;
        }
    }
    if (cmp) {
        size_t o = cmp + 1;
        int neg_val = is(f, o, "false") || (is_kind(f, o, PT_NUM) && f->t[o].len == 1 &&
                                            f->b[f->t[o].off] == '0') || is(f, o, "null");
        int pos_val = is(f, o, "true") || (is_kind(f, o, PT_NUM) && f->t[o].len == 1 &&
                                           f->b[f->t[o].off] == '1');
        int eq = is(f, cmp, "===") || is(f, cmp, "==");
        int ne = is(f, cmp, "!==") || is(f, cmp, "!=");
        char nm[128];
        if ((eq || ne) && (is_lit_str(f, o) || is_kind(f, o, PT_NUM)) && o + 1 == e &&
            arg_name(f, s, cmp, nm, sizeof nm)) {
            names_add(eq ? P : N, nm);   /* $x == 'literal': one known value */
            return;
        }
        if ((eq || ne) && (is_lit_str(f, s) || is_kind(f, s, PT_NUM)) && s + 1 == cmp &&
            arg_name(f, o, e, nm, sizeof nm)) {
            names_add(eq ? P : N, nm);
            return;
        }
        if (o + 1 != e)
            return;
        if ((eq && neg_val) || (ne && pos_val) || (is(f, cmp, "<") && pos_val))
            guard(f, s, cmp, N, P, depth + 1);
        else if ((eq && pos_val) || (ne && neg_val) || (is(f, cmp, ">") && neg_val))
            guard(f, s, cmp, P, N, depth + 1);
        return;
    }
    /* an atom: validator(...) */
    if (!is_kind(f, s, PT_IDENT) || !is(f, s + 1, "(") || match_of(f, s + 1) != (int32_t)(e - 1))
        return;
    size_t nl;
    const char *n = tok_text(f, s, &nl);
    if (nl && n[0] == '\\') {
        n++;
        nl--;
    }
    size_t a[4], na = 0, i = s + 2, close = e - 1;
    while (i < close && na < 4) {
        a[na++] = i;
        i = skip_expr(f, i, close);
        if (is(f, i, ","))
            i++;
        else
            break;
    }
    char nm[128];
    size_t ae0 = na ? skip_expr(f, a[0], close) : 0;
    if (lower_eq(n, nl, "in_array") && na >= 2) {
        int strict = na >= 3 && is(f, a[2], "true");
        int literal_strings = 0;
        size_t h = a[1];
        if ((is(f, h, "array") && is(f, h + 1, "(")) || is(f, h, "[")) {
            size_t open = is(f, h, "[") ? h : h + 1;
            int32_t m = match_of(f, open);
            literal_strings = m > (int32_t)open;
            for (size_t j = open + 1; literal_strings && j < (size_t)m; j++)
                literal_strings = is_lit_str(f, j) || is(f, j, ",") ||
                                  (is_kind(f, j, PT_ISTR) && !memchr(f->b + f->t[j].off, '$',
                                                                     f->t[j].len));
        }
        if ((strict || literal_strings) && arg_name(f, a[0], ae0, nm, sizeof nm))
            names_add(P, nm);
    } else if (lower_eq(n, nl, "preg_match") && na >= 2) {
        char *re = lit(f, a[0]);
        if (re && anchored_regex(re) && arg_name(f, a[1], skip_expr(f, a[1], close), nm, sizeof nm))
            names_add(P, nm);
        free(re);
    } else if (lower_eq(n, nl, "filter_var") && na >= 2) {
        size_t fl;
        const char *ft = tok_text(f, a[1], &fl);
        if (is_kind(f, a[1], PT_IDENT) && in_list(ft, fl, validating_filters) &&
            arg_name(f, a[0], ae0, nm, sizeof nm))
            names_add(P, nm);
    } else if (lower_eq(n, nl, "array_key_exists") && na >= 2) {
        if (arg_name(f, a[0], ae0, nm, sizeof nm))
            names_add(P, nm);
    } else if (lower_eq(n, nl, "isset") && na == 1 && is_kind(f, a[0], PT_VAR) &&
               is(f, a[0] + 1, "[") && match_of(f, a[0] + 1) == (int32_t)(close - 1)) {
        /* isset($allowed[$x]): an allow-list lookup */
        if (arg_name(f, a[0] + 2, close - 1, nm, sizeof nm) && !strchr(nm, '['))
            names_add(P, nm);
    } else if (validator_name(n, nl) && na >= 1) {
        if (arg_name(f, a[0], ae0, nm, sizeof nm))
            names_add(P, nm);
    }
}

/* ---- includes ------------------------------------------------------------ */

/* The path an include names, when it is a constant: literals, define()d
 * constants, __DIR__, dirname(__FILE__), concatenated. */
static char *fold_path(frame *f, size_t s, size_t e, int depth)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    const char *dir = f->a->files[f->file].dir;
    size_t i = s;
    if (depth > 8)
        return NULL;
    while (i < e) {
        if (is(f, i, "(") && match_of(f, i) > (int32_t)i && (size_t)match_of(f, i) < e) {
            char *in = fold_path(f, i + 1, (size_t)match_of(f, i), depth + 1);
            if (!in)
                goto fail;
            fw_sb_adds(&sb, in);
            free(in);
            i = (size_t)match_of(f, i) + 1;
        } else if (is_kind(f, i, PT_STR) || (is_kind(f, i, PT_ISTR) &&
                                             !memchr(f->b + f->t[i].off, '$', f->t[i].len))) {
            char *u = unquote(f->b + f->t[i].off, f->t[i].len);
            fw_sb_adds(&sb, u);
            free(u);
            i++;
        } else if (is(f, i, "__DIR__")) {
            fw_sb_adds(&sb, dir);
            i++;
        } else if (is(f, i, "__FILE__")) {
            fw_sb_adds(&sb, fw_node_syspath(f->a->files[f->file].node));
            i++;
        } else if (is(f, i, "dirname") && is(f, i + 1, "(") && match_of(f, i + 1) > (int32_t)i) {
            char *in = fold_path(f, i + 2, (size_t)match_of(f, i + 1), depth + 1);
            if (!in)
                goto fail;
            char *sl = strrchr(in, '/');
            if (sl)
                *sl = 0;
            fw_sb_adds(&sb, in);
            free(in);
            i = (size_t)match_of(f, i + 1) + 1;
        } else if (is_kind(f, i, PT_IDENT)) {
            const char *c = const_str(f->a, f->b + f->t[i].off, f->t[i].len);
            if (!c)
                goto fail;
            fw_sb_adds(&sb, c);
            i++;
        } else if (is(f, i, ".")) {
            i++;
        } else {
            goto fail;
        }
    }
    return fw_sb_detach(&sb);
fail:
    fw_sb_release(&sb);
    return NULL;
}

static const fw_node *resolve_in(app *a, const char *dir, const char *rel)
{
    char *p = rel[0] == '/' ? fw_xstrdup(rel) : fw_xasprintf("%s/%s", dir, rel);
    char *np = fw_path_normalize(p);
    free(p);
    if (!np)
        return NULL;
    fw_node *n = fw_ns_resolve(a->ns, np);
    free(np);
    return n && n->type == FW_NODE_FILE ? n : NULL;
}

static int run_top(app *a, size_t fi, fw_phpenv *e, fw_phpenv *globals, size_t entry, const char *cls);

static void do_include(frame *f, size_t kw, size_t s, size_t e, fw_phpv *path, int depth)
{
    (void)depth;
    size_t l;
    const char *k = tok_text(f, kw, &l);
    char what[16];
    clip(what, sizeof what, "%.*s", (int)l, k);
    for (char *p = what; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    if (path->t) {
        sink(f, what, path, kw);
        return;
    }
    size_t pe = e;
    while (pe > s && is(f, pe - 1, ")") && is(f, s, "(") && match_of(f, s) == (int32_t)(pe - 1)) {
        s++;
        pe--;
    }
    char *rel = fold_path(f, s, pe, 0);
    if (!rel)
        return;   /* computed at run time: its functions are indexed anyway */
    app *a = f->a;
    const fw_node *n = NULL;
    if (rel[0] == '/')
        n = resolve_in(a, "", rel);
    else {
        n = resolve_in(a, a->files[f->entry].dir, rel);   /* the request's directory */
        if (!n)
            n = resolve_in(a, a->files[f->file].dir, rel);
    }
    free(rel);
    if (!n)
        return;
    size_t fi = app_file(a, n);
    if (fi == SIZE_MAX || a->inc_depth >= FW_MAX_PHP_INCLUDE_DEPTH)
        return;
    int once = strstr(what, "once") != NULL;
    if (fi >= a->n_once) {
        size_t nn = a->n_files;
        a->once = fw_xreallocarray(a->once, nn, 1);
        memset(a->once + a->n_once, 0, nn - a->n_once);
        a->n_once = nn;
    }
    if (once && a->once[fi])
        return;
    a->once[fi] = 1;
    a->inc_depth++;
    if (run_top(a, fi, f->e, f->globals, f->entry, f->cls) == TERM_EXIT)
        f->term = TERM_EXIT;   /* the included file ended the request */
    a->inc_depth--;
}

/* ---- statements ---------------------------------------------------------- */

static size_t skip_stmt(const frame *f, size_t i, size_t end)
{
    while (i < end && !is_semi(f, i)) {
        int32_t m = match_of(f, i);
        if ((is(f, i, "(") || is(f, i, "[") || is(f, i, "{")) && m > (int32_t)i) {
            if (is(f, i, "{") && (size_t)m + 1 <= end && i > 0)
                return (size_t)m + 1;   /* a block ends the statement */
            i = (size_t)m;
        }
        i++;
    }
    return i < end ? i + 1 : end;
}

/* The end of an alternative-syntax body (if (c): ... endif;): the first
 * of `stops` at this level. */
static size_t alt_end(const frame *f, size_t i, size_t end, int is_if)
{
    int d = 0;
    for (; i < end; i++) {
        int32_t m = match_of(f, i);
        if ((is(f, i, "(") || is(f, i, "[") || is(f, i, "{")) && m > (int32_t)i) {
            if ((is(f, i - 1, "if") || is(f, i - 1, "foreach") || is(f, i - 1, "for") ||
                 is(f, i - 1, "while") || is(f, i - 1, "switch") || is(f, i - 1, "elseif")) &&
                is(f, (size_t)m + 1, ":") && !is(f, i - 1, "elseif"))
                d++;
            i = (size_t)m;
            continue;
        }
        if (is(f, i, "endif") || is(f, i, "endforeach") || is(f, i, "endfor") ||
            is(f, i, "endwhile") || is(f, i, "endswitch")) {
            if (!d)
                return i;
            d--;
        } else if (is_if && !d && (is(f, i, "else") || is(f, i, "elseif"))) {
            return i;
        }
    }
    return end;
}

/* Run a branch body (one statement or an alternative-syntax range). */
static size_t body(frame *f, size_t i, size_t end, int is_if, size_t *alt_stop)
{
    if (is(f, i, ":")) {
        size_t e = alt_end(f, i + 1, end, is_if);
        block(f, i + 1, e);
        if (alt_stop)
            *alt_stop = e;
        return e;
    }
    if (alt_stop)
        *alt_stop = 0;
    return stmt(f, i, end);
}

static size_t end_alt(const frame *f, size_t i, size_t end)
{
    if (i < end && (is(f, i, "endif") || is(f, i, "endforeach") || is(f, i, "endfor") ||
                    is(f, i, "endwhile") || is(f, i, "endswitch"))) {
        i++;
        if (is_semi(f, i))
            i++;
    }
    return i;
}

static size_t stmt_if(frame *f, size_t i, size_t end)
{
    size_t open = i + 1;
    int32_t m = match_of(f, open);
    if (!is(f, open, "(") || m < 0)
        return skip_stmt(f, i, end);
    size_t k = open + 1;
    fw_phpv c = expr(f, &k, (size_t)m, 0, 0);
    fw_phpv_free(&c);
    names P = { .n = 0 }, N = { .n = 0 };
    guard(f, open + 1, (size_t)m, &P, &N, 0);
    fw_phpenv other;
    fw_phpenv_clone(&other, f->e);
    for (size_t x = 0; x < P.n; x++)
        fw_phpenv_clean(f->e, P.v[x]);
    for (size_t x = 0; x < N.n; x++)
        fw_phpenv_clean(&other, N.v[x]);
    int term0 = f->term;
    size_t alt = 0;
    size_t j = body(f, (size_t)m + 1, end, 1, &alt);
    int then_term = f->term;
    f->term = term0;
    fw_phpenv_swap(&other, f->e);    /* f->e: the else branch's; other: the then branch's */
    int else_term = 0;
    if (is(f, j, "elseif") || (is(f, j, "else") && is(f, j + 1, "if"))) {
        j = stmt_if(f, is(f, j, "elseif") ? j : j + 1, end);
        else_term = f->term;
    } else if (is(f, j, "else")) {
        j = body(f, j + 1, end, 1, NULL);
        else_term = f->term;
    }
    j = end_alt(f, j, end);
    if (then_term && else_term) {
        f->term = then_term < else_term ? then_term : else_term;
    } else if (then_term) {
        f->term = 0;            /* only the else branch goes on */
    } else if (else_term) {
        fw_phpenv_swap(&other, f->e);
        f->term = 0;
    } else {
        fw_phpenv_merge(f->e, &other);
        f->term = 0;
    }
    fw_phpenv_release(&other);
    return j;
}

/* A loop body: once, the loop's fw_phpenv joined with the one before it. */
static size_t loop_body(frame *f, size_t i, size_t end)
{
    fw_phpenv before;
    fw_phpenv_clone(&before, f->e);
    size_t j = body(f, i, end, 0, NULL);
    j = end_alt(f, j, end);
    f->term = 0;   /* the body may run zero times: what follows is live */
    fw_phpenv_merge(f->e, &before);
    fw_phpenv_release(&before);
    return j;
}

static size_t stmt_switch(frame *f, size_t i, size_t end)
{
    size_t open = i + 1;
    int32_t m = match_of(f, open);
    if (!is(f, open, "(") || m < 0)
        return skip_stmt(f, i, end);
    size_t k = open + 1;
    fw_phpv c = expr(f, &k, (size_t)m, 0, 0);
    fw_phpv_free(&c);
    size_t b = (size_t)m + 1, be;
    int alt = is(f, b, ":");
    if (alt) {
        be = alt_end(f, b + 1, end, 0);
    } else if (is(f, b, "{") && match_of(f, b) > (int32_t)b) {
        be = (size_t)match_of(f, b);
    } else {
        return skip_stmt(f, i, end);
    }
    fw_phpenv entry, acc;
    fw_phpenv_clone(&entry, f->e);
    fw_phpenv_clone(&acc, f->e);
    size_t j = b + 1;
    while (j < be && !f->a->stopped && f->a->rc == FW_OK) {
        if (is(f, j, "case") || is(f, j, "default")) {
            /* a case label: entered from the switch or by falling through */
            if (f->term == TERM_NONE) {
                fw_phpenv_merge(f->e, &entry);
            } else {
                fw_phpenv_release(f->e);
                fw_phpenv_clone(f->e, &entry);
            }
            f->term = 0;
            size_t q = j + 1;
            while (q < be && !is(f, q, ":") && !is(f, q, ";")) {
                int32_t mm = match_of(f, q);
                if (mm > (int32_t)q)
                    q = (size_t)mm;
                q++;
            }
            j = q + 1;
            continue;
        }
        if (f->term) {
            j = skip_stmt(f, j, be);
            continue;
        }
        j = stmt(f, j, be);
        if (f->term == TERM_BRK)
            fw_phpenv_merge(&acc, f->e);
    }
    if (!f->term)
        fw_phpenv_merge(&acc, f->e);
    if (f->term != TERM_EXIT)
        f->term = 0;
    fw_phpenv_swap(&acc, f->e);
    fw_phpenv_release(&acc);
    fw_phpenv_release(&entry);
    j = alt ? end_alt(f, be, end) : be + 1;
    return j;
}

static size_t stmt(frame *f, size_t i, size_t end)
{
    if (i >= end || !spend(f))
        return end;
    if (is_semi(f, i))
        return i + 1;
    if (is(f, i, "{") && match_of(f, i) > (int32_t)i) {
        size_t m = (size_t)match_of(f, i);
        block(f, i + 1, m);
        return m + 1;
    }
    if (is(f, i, "if"))
        return stmt_if(f, i, end);
    if (is(f, i, "switch"))
        return stmt_switch(f, i, end);
    if (is(f, i, "while") && is(f, i + 1, "(") && match_of(f, i + 1) > (int32_t)i) {
        size_t m = (size_t)match_of(f, i + 1), k = i + 2;
        fw_phpv c = expr(f, &k, m, 0, 0);
        fw_phpv_free(&c);
        return loop_body(f, m + 1, end);
    }
    if (is(f, i, "do")) {
        size_t j = loop_body(f, i + 1, end);
        if (is(f, j, "while") && is(f, j + 1, "(") && match_of(f, j + 1) > (int32_t)j) {
            size_t m = (size_t)match_of(f, j + 1), k = j + 2;
            fw_phpv c = expr(f, &k, m, 0, 0);
            fw_phpv_free(&c);
            j = m + 1;
        }
        return is_semi(f, j) ? j + 1 : j;
    }
    if (is(f, i, "for") && is(f, i + 1, "(") && match_of(f, i + 1) > (int32_t)i) {
        size_t m = (size_t)match_of(f, i + 1), k = i + 2;
        while (k < m && f->a->rc == FW_OK) {
            size_t s0 = k;
            fw_phpv c = expr(f, &k, m, 0, 0);
            fw_phpv_free(&c);
            if (k == s0)
                k++;
            else if (k < m && (is(f, k, ";") || is(f, k, ",")))
                k++;
        }
        return loop_body(f, m + 1, end);
    }
    if (is(f, i, "foreach") && is(f, i + 1, "(") && match_of(f, i + 1) > (int32_t)i) {
        size_t m = (size_t)match_of(f, i + 1), k = i + 2;
        fw_phpv coll = expr(f, &k, m, 0, 0);
        coll.cls[0] = 0;
        if (is(f, k, "as"))
            k++;
        /* as $v, as $k => $v, as &$v, as [$a, $b], as list($a, $b) */
        for (; k < m; k++)
            if (is_kind(f, k, PT_VAR)) {
                lval tl = { 0 };
                clip(tl.name, sizeof tl.name, "%.*s", (int)f->t[k].len, f->b + f->t[k].off);
                fw_phpv c = fw_phpv_copy(&coll);
                do_assign(f, &tl, &c, k);
            }
        fw_phpv_free(&coll);
        return loop_body(f, m + 1, end);
    }
    if (is(f, i, "try")) {
        size_t j = i + 1;
        j = stmt(f, j, end);
        int t0 = f->term, caught = 0;
        while (is(f, j, "catch") || is(f, j, "finally")) {
            caught |= is(f, j, "catch");
            j++;
            if (is(f, j, "(") && match_of(f, j) > (int32_t)j)
                j = (size_t)match_of(f, j) + 1;
            int t1 = f->term;
            f->term = 0;
            j = stmt(f, j, end);
            if (!f->term)
                f->term = t1;
        }
        /* a catch runs when the try block stopped early: it may go on */
        if (caught && t0 != TERM_EXIT)
            f->term = f->term == t0 ? 0 : f->term;
        return j;
    }
    if (is(f, i, "function") && (is_kind(f, i + 1, PT_IDENT) ||
                                 (is(f, i + 1, "&") && is_kind(f, i + 2, PT_IDENT)))) {
        /* a declaration: indexed, entered when called */
        size_t j = i + 1;
        while (j < end && !is(f, j, "{") && !is_semi(f, j)) {
            if (is(f, j, "(") && match_of(f, j) > (int32_t)j)
                j = (size_t)match_of(f, j);
            j++;
        }
        if (is(f, j, "{") && match_of(f, j) > (int32_t)j)
            return (size_t)match_of(f, j) + 1;
        return j + 1;
    }
    if (is(f, i, "abstract") || is(f, i, "final") || is(f, i, "class") || is(f, i, "interface") ||
        is(f, i, "trait") || is(f, i, "readonly")) {
        size_t j = i;
        while (j < end && !is(f, j, "{") && !is_semi(f, j))
            j++;
        if (is(f, j, "{") && match_of(f, j) > (int32_t)j)
            return (size_t)match_of(f, j) + 1;
        return j + 1;
    }
    if (is(f, i, "namespace")) {
        size_t j = i + 1;
        while (j < end && !is(f, j, "{") && !is_semi(f, j))
            j++;
        if (is(f, j, "{") && match_of(f, j) > (int32_t)j) {
            block(f, j + 1, (size_t)match_of(f, j));
            return (size_t)match_of(f, j) + 1;
        }
        return j + 1;
    }
    if (is(f, i, "use") || is(f, i, "declare") || is(f, i, "goto") || is(f, i, "const"))
        return skip_stmt(f, i, end);
    if (is(f, i, "return")) {
        size_t k = i + 1;
        if (!is_semi(f, k)) {
            fw_phpv r = expr(f, &k, end, 0, 0);
            if (r.t)
                step(f, &r, i, NULL);
            fw_phpv_join(&f->ret, &r);
        }
        if (f->term != TERM_EXIT)
            f->term = TERM_RET;
        return skip_stmt(f, k, end);
    }
    if (is(f, i, "throw")) {
        size_t k = i + 1;
        fw_phpv r = expr(f, &k, end, 0, 0);
        fw_phpv_free(&r);
        f->term = TERM_RET;
        return skip_stmt(f, k, end);
    }
    if ((is(f, i, "exit") || is(f, i, "die")) && !is(f, i + 1, "or")) {
        size_t k = i;
        fw_phpv r = expr(f, &k, end, 0, 0);
        fw_phpv_free(&r);
        f->term = TERM_EXIT;
        return skip_stmt(f, k, end);
    }
    if (is(f, i, "break") || is(f, i, "continue")) {
        f->term = TERM_BRK;
        return skip_stmt(f, i, end);
    }
    if (is(f, i, "global")) {
        size_t j = i + 1;
        for (; j < end && !is_semi(f, j); j++)
            if (is_kind(f, j, PT_VAR) && f->globals != f->e) {
                char nm[96];
                clip(nm, sizeof nm, "%.*s", (int)f->t[j].len, f->b + f->t[j].off);
                fw_phpv g = fw_phpenv_read(f->globals, nm);
                fw_phpenv_set_var(f->e, nm, &g);
            }
        return j + 1;
    }
    if (is(f, i, "static") && is_kind(f, i + 1, PT_VAR))
        i++;
    if (is(f, i, "echo") || is(f, i, "<?=") || is(f, i, "unset")) {
        size_t k = i + 1;
        if (is(f, i, "unset") && is(f, k, "(") && match_of(f, k) > (int32_t)k) {
            for (size_t j = k + 1; j < (size_t)match_of(f, k); j++)
                if (is_kind(f, j, PT_VAR) && (is(f, j + 1, ",") || is(f, j + 1, ")"))) {
                    char nm[96];
                    clip(nm, sizeof nm, "%.*s", (int)f->t[j].len, f->b + f->t[j].off);
                    fw_phpv c = fw_phpv_clean();
                    fw_phpenv_set_var(f->e, nm, &c);
                }
            return skip_stmt(f, k, end);
        }
        while (k < end && !is_semi(f, k) && f->a->rc == FW_OK) {
            size_t s0 = k;
            fw_phpv r = expr(f, &k, end, 0, 0);
            fw_phpv_free(&r);
            if (k == s0)
                break;
            if (is(f, k, ","))
                k++;
        }
        return skip_stmt(f, k, end);
    }
    if (is(f, i, "include") || is(f, i, "include_once") || is(f, i, "require") ||
        is(f, i, "require_once")) {
        size_t k = i;
        fw_phpv r = expr(f, &k, end, 0, 0);
        fw_phpv_free(&r);
        return skip_stmt(f, k, end);
    }
    /* an expression statement; `COND or die()` guards like an if */
    size_t se = i;
    while (se < end && !is_semi(f, se)) {
        int32_t m = match_of(f, se);
        if ((is(f, se, "(") || is(f, se, "[") || is(f, se, "{")) && m > (int32_t)se)
            se = (size_t)m;
        se++;
    }
    size_t pos[4];
    size_t nor = top_split(f, i, se, "or", "||", pos, 4);
    if (nor == 1 && (is(f, pos[0] + 1, "die") || is(f, pos[0] + 1, "exit"))) {
        size_t k = i;
        fw_phpv r = expr(f, &k, pos[0], 0, 0);
        fw_phpv_free(&r);
        names P = { .n = 0 }, N = { .n = 0 };
        guard(f, i, pos[0], &P, &N, 0);
        for (size_t x = 0; x < P.n; x++)
            fw_phpenv_clean(f->e, P.v[x]);
        return se < end ? se + 1 : end;
    }
    size_t k = i;
    fw_phpv r = expr(f, &k, se, 0, 0);
    fw_phpv_free(&r);
    return se < end ? se + 1 : end;   /* what the parser did not take is skipped */
}

static void block(frame *f, size_t i, size_t end)
{
    /* after return/exit the rest of the block is dead */
    while (i < end && !f->term && !f->a->stopped && f->a->rc == FW_OK) {
        size_t j = stmt(f, i, end);
        i = j > i ? j : i + 1;
    }
}

/* The top-level code of file fi in fw_phpenv e (a request, or an include). */
static int run_top(app *a, size_t fi, fw_phpenv *e, fw_phpenv *globals, size_t entry, const char *cls)
{
    pfile *p = &a->files[fi];
    frame f = { .a = a, .file = fi, .b = (const char *)p->blob.data, .t = p->toks.v,
                .n = p->toks.n, .e = e, .globals = globals, .cls = cls, .entry = entry };
    block(&f, 0, f.n);
    fw_phpv_free(&f.ret);
    fw_phpv_free(&f.args);
    return f.term;
}

static fw_phpv invoke(frame *f, size_t fi, args *ar, const fw_phpv *all, size_t calltok, const char *label,
                 int depth)
{
    app *a = f->a;
    pfunc *fn = &a->funcs[fi];
    if (a->depth >= FW_MAX_PHP_CALL_DEPTH || a->stopped)
        return fw_phpv_clean();
    pfile *p = &a->files[fn->file];
    frame g = { .a = a, .file = fn->file, .b = (const char *)p->blob.data, .t = p->toks.v,
                .n = p->toks.n, .globals = f->globals, .cls = fn->cls, .entry = f->entry };
    /* the parameters and their values */
    size_t close = (size_t)match_of(&g, fn->popen);
    char pname[MAX_ARGS][96];
    size_t np = 0;
    int variadic = 0;
    for (size_t j = fn->popen + 1; j < close && np < MAX_ARGS; j++) {
        if (is(&g, j, "..."))
            variadic = 1;
        if (is_kind(&g, j, PT_VAR)) {
            clip(pname[np++], sizeof pname[0], "%.*s", (int)g.t[j].len, g.b + g.t[j].off);
            j = skip_expr(&g, j, close);
        }
    }
    uint32_t mask = 0;
    for (size_t j = 0; j < np; j++) {
        const fw_phpv *v = all ? all : ar && j < ar->n ? &ar->v[j] : NULL;
        if (variadic && j + 1 == np && ar)
            for (size_t q = j; q < ar->n; q++)
                if (ar->v[q].t)
                    mask |= 1u << (j < 31 ? j : 31);
        if (v && v->t)
            mask |= 1u << (j < 31 ? j : 31);
    }
    for (size_t j = 0; j < fn->n_memos; j++)
        if (fn->memos[j].mask == mask)
            return fn->memos[j].done ? fw_phpv_copy(&fn->memos[j].ret) : fw_phpv_clean();
    FW_XGROW(fn->memos, fn->cap_memos, fn->n_memos + 1);
    size_t mi = fn->n_memos++;
    fn->memos[mi] = (memo){ .mask = mask, .done = 0 };
    fw_phpenv e;
    memset(&e, 0, sizeof e);
    g.e = &e;
    g.args = fw_phpv_clean();
    for (size_t j = 0; j < np; j++) {
        fw_phpv v = all ? fw_phpv_copy(all) : ar && j < ar->n ? fw_phpv_copy(&ar->v[j]) : fw_phpv_clean();
        if (variadic && j + 1 == np && ar) {
            fw_phpv_free(&v);
            v = args_union(ar, j);
        }
        if (v.t) {
            char pre[256];
            clip(pre, sizeof pre, "passed to %s($%s): ", label, pname[j]);
            step(f, &v, calltok, pre);
            fw_phpv c = fw_phpv_copy(&v);
            c.cls[0] = 0;
            fw_phpv_join(&g.args, &c);
        }
        fw_phpenv_set_var(&e, pname[j], &v);
    }
    a->depth++;
    size_t body_end = (size_t)match_of(&g, fn->body);
    block(&g, fn->body + 1, body_end);
    a->depth--;
    (void)depth;
    fw_phpv r = g.ret;
    memset(&g.ret, 0, sizeof g.ret);
    if (r.t) {
        char pre[200];
        clip(pre, sizeof pre, "returned from %s(): ", label);
        step(f, &r, calltok, pre);
    }
    fn = &a->funcs[fi];   /* the table may have grown (an include inside) */
    fn->memos[mi].ret = fw_phpv_copy(&r);
    fn->memos[mi].done = 1;
    fn->memos[mi].exits = g.term == TERM_EXIT;
    fw_phpenv_release(&e);
    fw_phpv_free(&g.args);
    return r;
}

/* ---- the analyzer -------------------------------------------------------- */

typedef struct php_state {
    const fw_ns **nss;
    size_t n, cap;
} php_state;

static int php_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    (void)ctx;
    (void)err;
    *state = fw_xcalloc(1, sizeof(php_state));
    return FW_OK;
}

static void php_fini(void *state)
{
    php_state *st = state;
    if (!st)
        return;
    free(st->nss);
    free(st);
}

static int php_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    (void)ctx;
    php_state *st = state;
    FW_XGROW(st->nss, st->cap, st->n + 1);
    st->nss[st->n++] = ns;
    return FW_OK;
}

static void app_release(app *a)
{
    for (size_t i = 0; i < a->n_files; i++) {
        fw_php_toks_release(&a->files[i].toks);
        free(a->files[i].lines);
        if (a->files[i].open)
            fw_blob_close(&a->files[i].blob);
    }
    free(a->files);
    for (size_t i = 0; i < a->n_funcs; i++) {
        free(a->funcs[i].name);
        free(a->funcs[i].cls);
        free(a->funcs[i].disp);
        for (size_t j = 0; j < a->funcs[i].n_memos; j++)
            fw_phpv_free(&a->funcs[i].memos[j].ret);
        free(a->funcs[i].memos);
    }
    free(a->funcs);
    for (size_t i = 0; i < a->n_classes; i++) {
        free(a->classes[i].name);
        free(a->classes[i].parent);
    }
    free(a->classes);
    for (size_t i = 0; i < a->n_consts; i++) {
        free(a->consts[i].name);
        free(a->consts[i].str);
    }
    free(a->consts);
    for (size_t i = 0; i < a->n_tconsts; i++) {
        free(a->tconsts[i].name);
        fw_phpv_free(&a->tconsts[i].v);
    }
    free(a->tconsts);
    fw_phpenv_release(&a->props);
    for (size_t i = 0; i < a->n_reported; i++)
        free(a->reported[i]);
    free(a->reported);
    free(a->once);
}

static int judge_ns(fw_check_ctx *ctx, const fw_ns *ns)
{
    app a;
    memset(&a, 0, sizeof a);
    a.ctx = ctx;
    a.ns = ns;
    a.rc = FW_OK;
    /* the application: PHP under a served root, indexed before anything runs */
    size_t n_entries = 0;
    for (size_t i = 0; i < ns->count && a.n_files < FW_MAX_PHP_FILES; i++) {
        const fw_node *n = ns->nodes[i];
        if (n->type != FW_NODE_FILE || n->is_container)
            continue;
        const char *p = fw_node_syspath(n);
        if (!php_name(p) && !(strstr(p, "/cgi-bin/") && php_shebang(n)))
            continue;
        if (!fw_web_route_of(ctx, n).served)
            continue;
        app_file(&a, n);
    }
    n_entries = a.n_files;
    /* every served file is a request's entry point */
    for (size_t i = 0; i < n_entries && a.rc == FW_OK && !a.stopped; i++) {
        fw_phpenv g;
        memset(&g, 0, sizeof g);
        free(a.once);
        a.n_once = a.n_files;
        a.once = fw_xcalloc(a.n_once, 1);
        a.once[i] = 1;
        run_top(&a, i, &g, &g, i, NULL);
        fw_phpenv_release(&g);
    }
    if (a.stopped && a.n_files)
        fw_check_warn(ctx, a.files[0].node, "PHP taint analysis stopped after %llu steps "
                      "(FW_MAX_PHP_WORK): the rest of this web application is not judged",
                      (unsigned long long)a.work);
    int rc = a.rc;
    app_release(&a);
    return rc;
}

static int php_finish(fw_check_ctx *ctx, void *state)
{
    php_state *st = state;
    if (!fw_check_rule(ctx, CK_PHP))
        return FW_OK;
    int rc = FW_OK;
    for (size_t i = 0; i < st->n && rc == FW_OK; i++)
        rc = judge_ns(ctx, st->nss[i]);
    return rc;
}

const fw_analyzer fw_analyzer_php_taint = {
    .name = "php-taint",
    .checks = php_checks,
    .init = php_init,
    .fini = php_fini,
    .scan_ns = php_scan_ns,
    .finish = php_finish,
};
