/* lua_eval.c: the evaluator of the Lua taint analysis (lua_app.h).
 *
 * It reads the tokens of a function (or a main chunk) once, parsing and
 * evaluating together, with abstract values: what matters is whether a
 * value carries request data, and what it is when that decides something
 * (a string literal used as a format, a module name, a function). A call
 * to a function of the application evaluates its body with the argument
 * values (bounded depth, no recursion; with clean arguments once, then
 * cached), so taint follows parameters and return values across files.
 * Branches of an if are evaluated from the same state and joined; a guard
 * in the condition (an anchored allow-list match, a datatypes check,
 * tonumber, comparison with a literal) cleans its variable in the branch
 * it protects, and after the if when the other branch leaves (return).
 * Loops run once. A statement it cannot parse is skipped token by token
 * up to the end of its block, which the token pre-pass already knows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/lua_app.h"
#include "core/limits.h"
#include "core/xalloc.h"

/* ---- arena ------------------------------------------------------------ */

void *fw_lua_alloc(fw_lua_app *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->arena || a->arena->cap - a->arena->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        fw_lua_arena_blk *b = fw_xmalloc(sizeof *b + cap);
        b->next = a->arena;
        b->used = 0;
        b->cap = cap;
        a->arena = b;
    }
    void *p = a->arena->data + a->arena->used;
    a->arena->used += n;
    memset(p, 0, n);
    return p;
}

const char *fw_lua_strndup(fw_lua_app *a, const char *s, size_t n)
{
    char *p = fw_lua_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *fw_lua_asprintf(fw_lua_app *a, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return fw_lua_strndup(a, buf, strlen(buf));
}

const fw_lua_step *fw_lua_source(fw_lua_app *a, const fw_node *node, uint32_t line, const char *what,
                           const char *source)
{
    fw_lua_step *s = fw_lua_alloc(a, sizeof *s);
    s->node = node;
    s->line = line;
    s->what = what;
    s->source = source;
    return s;
}

const char *fw_lua_line_text(fw_lua_app *a, const fw_lua_file *f, uint32_t line)
{
    /* the line's offset: from the first token on it, else by counting */
    const char *s = f->src, *e = f->src + f->len;
    uint32_t l = 1;
    const char *p = s;
    for (size_t i = 0; i < f->toks.n; i++)
        if (f->toks.v[i].line == line && f->toks.v[i].kind != FW_LT_SEP) {
            p = s + f->toks.v[i].off;
            l = line;
            break;
        }
    for (; l < line && p < e; p++)
        if (*p == '\n')
            l++;
    while (p > s && p[-1] != '\n')
        p--;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    const char *q = p;
    while (q < e && *q != '\n' && *q != '\r')
        q++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
        q--;
    size_t n = (size_t)(q - p);
    return fw_lua_strndup(a, p, n > 120 ? 120 : n);
}

/* ---- the evaluator's state -------------------------------------------- */

typedef struct guard {
    const char *var;
    int neg;                       /* under `not` (or ~=): holds when the test fails */
} guard;

typedef struct ev {
    fw_lua_app *a;
    fw_lua_file *f;
    const char *s;
    const fw_lua_tok *t;
    size_t i, lim;                 /* current token; evaluate no further than lim */
    fw_lua_scope *sc;
    int depth;                     /* calls */
    int nest;                      /* parentheses and call arguments (guards count at 0) */
    int rec;                       /* recursion of expressions and blocks */
    fw_lua_val ret;
    /* guards of the condition being evaluated */
    guard g[8];
    int ng, gnest, in_cond, negd, cond_and, cond_or;
} ev;

static const fw_lua_val CLEAN = { 0 };

static const fw_lua_tok *T(const ev *e)
{
    return &e->t[e->i < e->lim ? e->i : e->lim];
}

static int at(const ev *e, const char *s)
{
    return e->i < e->lim && fw_lua_tok_is(e->s, T(e), s);
}

static int at_kind(const ev *e, int k)
{
    return e->i < e->lim && T(e)->kind == k;
}

static void adv(ev *e)
{
    if (e->i < e->lim)
        e->i++;
    if (++e->a->work > FW_MAX_LUA_WORK && !e->a->stop) {
        e->a->stop = 1;
        fw_lua_app_limit(e->a, e->f->node, "evaluation work (FW_MAX_LUA_WORK)");
    }
}

static int accept(ev *e, const char *s)
{
    if (!at(e, s))
        return 0;
    adv(e);
    return 1;
}

static const char *tok_str(ev *e, const fw_lua_tok *t)
{
    return fw_lua_strndup(e->a, e->s + t->off, t->len);
}

static uint32_t cur_line(const ev *e)
{
    return T(e)->line;
}

static int is_block_end(const ev *e)
{
    return e->i >= e->lim || T(e)->kind == FW_LT_EOF || at(e, "end") || at(e, "else") ||
           at(e, "elseif") || at(e, "until");
}

/* ---- scopes ------------------------------------------------------------ */

static fw_lua_var *scope_find(fw_lua_scope *sc, const char *name)
{
    for (size_t i = sc->n; i-- > 0;)
        if (strcmp(sc->v[i].name, name) == 0)
            return &sc->v[i];
    return NULL;
}

static fw_lua_var *lookup(ev *e, const char *name, fw_lua_scope **where)
{
    for (fw_lua_scope *sc = e->sc; sc; sc = sc->up) {
        fw_lua_var *v = scope_find(sc, name);
        if (v) {
            if (where)
                *where = sc;
            return v;
        }
    }
    fw_lua_var *v = scope_find(&e->f->globals, name);
    if (v && where)
        *where = &e->f->globals;
    return v;
}

static void scope_set(fw_lua_app *a, fw_lua_scope *sc, const char *name, fw_lua_val v)
{
    fw_lua_var *x = scope_find(sc, name);
    if (!x) {
        if (sc->n >= FW_MAX_LUA_VARS)
            return;
        FW_XGROW(sc->v, sc->cap, sc->n + 1);
        x = &sc->v[sc->n++];
        x->name = name;
    }
    v.var = NULL;
    x->v = v;
    (void)a;
}

/* ---- values ------------------------------------------------------------ */

static fw_lua_val join(fw_lua_val x, fw_lua_val y)
{
    if (!x.t && y.t)
        return y;
    if (x.t || !y.t)
        return x;
    return x;
}

static fw_lua_val taint_only(fw_lua_val v)
{
    fw_lua_val r = CLEAN;
    r.t = v.t;
    return r;
}

/* A new step after v's flow, unless v already ends on this line. */
static fw_lua_val step(ev *e, fw_lua_val v, uint32_t line, const char *what)
{
    if (!v.t || (v.t->node == e->f->node && v.t->line == line))
        return v;
    fw_lua_step *s = fw_lua_alloc(e->a, sizeof *s);
    s->prev = v.t;
    s->node = e->f->node;
    s->line = line;
    s->what = what ? what : fw_lua_line_text(e->a, e->f, line);
    s->source = v.t->source;
    v.t = s;
    return v;
}

static int ks_is(const fw_lua_val *v, const char *s)
{
    return v->ks && v->kslen == strlen(s) && memcmp(v->ks, s, v->kslen) == 0;
}

/* ---- Lua patterns: which ones only let harmless characters through ----- */

static int safe_class_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-' || c == '_' || c == ':' || c == '/' || c == '@' || c == ',' ||
           c == '+' || c == '=' || c == '%' || c == '[' || c == ']' || c == '^' || c == '#';
}

/* Every item of pattern p[0..n) matches only letters, digits and harmless
 * punctuation (no blank, quote, ;|&$`<>()\ or newline): %w %d %a %x %l %u,
 * sets of those, escaped punctuation, quantifiers, captures. An unescaped
 * '.', %s, %p, %c, a complement (%W, [^...]) or a wide range lets a shell
 * metacharacter through. */
static int pattern_safe(const char *p, size_t n)
{
    size_t i = 0;
    if (i < n && p[i] == '^')
        i++;
    int items = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c == '$' && i + 1 == n)
            break;
        if (c == '(' || c == ')' || c == '*' || c == '+' || c == '-' || c == '?') {
            i++;
            continue;
        }
        if (c == '%') {
            if (i + 1 >= n)
                return 0;
            unsigned char k = (unsigned char)p[i + 1];
            if (!strchr("wdaxlu.-_:/@,+=%#", k))
                return 0;
            i += 2;
            items++;
            continue;
        }
        if (c == '[') {
            size_t j = i + 1;
            if (j < n && p[j] == '^')
                return 0;
            for (; j < n && p[j] != ']'; j++) {
                unsigned char d = (unsigned char)p[j];
                if (d == '%') {
                    if (j + 1 >= n || !strchr("wdaxlu.-_:/@,+=%#", p[j + 1]))
                        return 0;
                    j++;
                } else if (d == '-' && j > i + 1 && j + 1 < n && p[j + 1] != ']') {
                    /* a range: both ends letters or digits of one kind */
                    unsigned char lo = (unsigned char)p[j - 1], hi = (unsigned char)p[j + 1];
                    int ok = (lo >= 'a' && hi <= 'z' && lo <= hi && lo >= 'a') ||
                             (lo >= 'A' && hi <= 'Z' && lo <= hi && lo <= 'Z') ||
                             (lo >= '0' && hi <= '9' && lo <= hi);
                    if (!ok)
                        return 0;
                } else if (!safe_class_char(d)) {
                    return 0;
                }
            }
            if (j >= n)
                return 0;
            i = j + 1;
            items++;
            continue;
        }
        if (c == '.' || !safe_class_char(c) || c == '[' || c == ']' || c == '^')
            return 0;
        i++;
        items++;
    }
    return items > 0;
}

static int pattern_anchored(const char *p, size_t n)
{
    if (n < 2 || p[0] != '^' || p[n - 1] != '$')
        return 0;
    size_t k = 0;   /* "%$" at the end is a literal dollar */
    for (size_t j = n - 1; j-- > 0 && p[j] == '%';)
        k++;
    return k % 2 == 0;
}

/* gsub(pat, "") that deletes every single quote ("'", "[']", "[^%w]"):
 * what is left cannot leave the '...' it is put in (LuCI's ipkg idiom). */
static int gsub_strips(const fw_lua_val *pat, const fw_lua_val *rep)
{
    if (!pat->ks || !rep || !ks_is(rep, ""))
        return 0;
    const char *p = pat->ks;
    size_t n = pat->kslen;
    if (n >= 3 && p[0] == '[' && p[1] == '^' && p[n - 1] == ']') {
        /* a complement of harmless characters: what stays is harmless */
        return pattern_safe(p + 2, n - 3) || (n >= 4 && pattern_safe(p + 2, n - 3));
    }
    return memchr(p, '\'', n) != NULL;
}

/* ---- the functions and modules LuCI and Lua provide ------------------- */

static int is_shell(const fw_lua_val *v)
{
    return ks_is(v, "/bin/sh") || ks_is(v, "sh") || ks_is(v, "/bin/ash") ||
           ks_is(v, "/bin/bash") || ks_is(v, "/usr/bin/env");
}

/* An environment variable a client sets (through the request). */
static int request_env(const fw_lua_val *v)
{
    static const char *const names[] = { "QUERY_STRING", "REQUEST_URI", "PATH_INFO",
                                         "PATH_TRANSLATED", "CONTENT_TYPE", "HTTP_", NULL };
    if (!v || !v->ks)
        return v == NULL;   /* getenv() with no name: the whole environment */
    for (size_t i = 0; names[i]; i++) {
        size_t n = strlen(names[i]);
        if (v->kslen >= n && memcmp(v->ks, names[i], n) == 0 &&
            (names[i][n - 1] == '_' || v->kslen == n))
            return 1;
    }
    return 0;
}

static const char *const SINKS1[] = { "luci.sys.exec", "luci.sys.call", "luci.util.exec",
                                      "luci.util.execi", "luci.sys.fork_exec",
                                      "luci.sys.fork_call", "io.popen", "os.execute",
                                      "luci.sys.process.exec_shell", NULL };
static const char *const SINKS_ARGV[] = { "nixio.exec", "nixio.execp", NULL };
static const char *const PROPAGATE[] = {
    "tostring", "table.concat", "unpack", "table.unpack", "select", "string.sub",
    "string.lower", "string.upper", "string.rep", "string.reverse", "luci.util.trim",
    "luci.util.split", "luci.http.urldecode", "luci.util.striptags", "luci.util.pcdata",
    "luci.xml.pcdata", "nixio.fs.basename", "nixio.fs.dirname", "luci.util.clone",
    "luci.util.split", "luci.http.protocol.urldecode", "pairs", "ipairs", "next", NULL };
static const char *const CLEANERS[] = { "tonumber", "luci.util.shellquote", "math.floor",
                                        "luci.http.urlencode", "luci.util.urlencode",
                                        "luci.ip.IPv4", "luci.ip.IPv6", "luci.ip.new",
                                        "luci.ip.checkip4", "luci.ip.checkip6", "type",
                                        "luci.util.serialize_data", NULL };
/* value checks: true when the value is of the kind (and nothing else) */
static const char *const CHECK_PREFIX[] = { "luci.cbi.datatypes.", "luci.datatypes.",
                                            "luci.ip.", NULL };

static int in_list(const char *q, const char *const *l)
{
    for (size_t i = 0; l[i]; i++)
        if (strcmp(q, l[i]) == 0)
            return 1;
    return 0;
}

static int has_prefix(const char *q, const char *const *l)
{
    for (size_t i = 0; l[i]; i++)
        if (strncmp(q, l[i], strlen(l[i])) == 0)
            return 1;
    return 0;
}

static const char *last_part(const char *q)
{
    const char *d = strrchr(q, '.');
    return d ? d + 1 : q;
}

/* ---- findings ---------------------------------------------------------- */

static void emit(ev *e, const char *sink, fw_lua_val v, uint32_t line)
{
    fw_lua_app *a = e->a;
    if (!v.t)
        return;
    /* one finding per sink: the first flow found is the most exposed one
     * (entry points run least protected first) */
    const char *key = fw_lua_asprintf(a, "%p|%u", (const void *)e->f->node, line);
    for (size_t i = 0; i < a->nseen; i++)
        if (strcmp(a->seen[i], key) == 0)
            return;
    FW_XGROW(a->seen, a->capseen, a->nseen + 1);
    a->seen[a->nseen++] = (char *)key;
    /* the chain, source first */
    const fw_lua_step *chain[FW_MAX_TAINT_STEPS * 4];
    size_t n = 0;
    const size_t cap = sizeof chain / sizeof chain[0];
    for (const fw_lua_step *s = v.t; s; s = s->prev) {
        if (n < cap)
            chain[n++] = s;
        else
            chain[cap - 1] = s;   /* keep the source */
    }
    fw_taint_flow flow = { 0 };
    for (size_t i = n; i-- > 0;)
        fw_taint_flow_add(&flow, chain[i]->node, chain[i]->line, "%s", chain[i]->what);
    fw_taint_flow_add(&flow, e->f->node, line, "%s", fw_lua_line_text(a, e->f, line));
    fw_taint_emit_app(a->ctx, a->check, "lua", v.t->source, sink, &flow, a->auth, a->auth_why);
    fw_taint_flow_release(&flow);
    a->findings++;
}

/* ---- expressions ------------------------------------------------------- */

static fw_lua_val expr(ev *e, int limit);
static int block(ev *e);
static fw_lua_val call_value(ev *e, fw_lua_val fnv, const fw_lua_val *self, fw_lua_val *args, size_t n,
                          uint32_t line);

/* A function literal or body at `function`: the function, and skip it. */
static fw_lua_func *func_at(fw_lua_file *f, size_t tok)
{
    size_t lo = 0, hi = f->nfuncs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->funcs[mid].tok < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->nfuncs && f->funcs[lo].tok == tok ? &f->funcs[lo] : NULL;
}

static void skip_function(ev *e)
{
    size_t fi = e->i;
    uint32_t end = e->f->match[fi];
    e->i = end && end < e->lim ? end + 1 : e->lim;
}

/* A table constructor at '{'. */
static fw_lua_val table_ctor(ev *e)
{
    fw_lua_val r = CLEAN;
    fw_lua_val el[FW_MAX_LUA_ARGS];
    size_t nel = 0;
    adv(e);
    while (!e->a->stop && e->i < e->lim && !at(e, "}") && T(e)->kind != FW_LT_EOF) {
        size_t before = e->i;
        fw_lua_val v;
        if (at(e, "[")) {
            adv(e);
            expr(e, 0);
            accept(e, "]");
            accept(e, "=");
            v = expr(e, 0);
        } else if (at_kind(e, FW_LT_NAME) && e->i + 1 < e->lim &&
                   fw_lua_tok_is(e->s, &e->t[e->i + 1], "=")) {
            adv(e);
            adv(e);
            v = expr(e, 0);
        } else {
            v = expr(e, 0);
            if (nel < FW_MAX_LUA_ARGS)
                el[nel++] = v;
        }
        r = join(r, taint_only(v));
        if (!accept(e, ",") && !accept(e, ";") && e->i == before)
            adv(e);
    }
    accept(e, "}");
    if (nel) {
        r.el = fw_lua_alloc(e->a, nel * sizeof *r.el);
        memcpy(r.el, el, nel * sizeof *r.el);
        r.nel = (uint16_t)nel;
    }
    return r;
}

/* Call arguments: (explist), "string" or {table}. Returns how many. */
static size_t call_args(ev *e, fw_lua_val *args, size_t cap)
{
    size_t n = 0;
    if (at_kind(e, FW_LT_STRING)) {
        fw_lua_val v = CLEAN;
        v.ks = e->s + T(e)->soff;
        v.kslen = T(e)->slen;
        adv(e);
        args[n++] = v;
        return n;
    }
    if (at(e, "{")) {
        args[n++] = table_ctor(e);
        return n;
    }
    adv(e);   /* ( */
    e->nest++;
    while (!e->a->stop && e->i < e->lim && !at(e, ")") && T(e)->kind != FW_LT_EOF) {
        size_t before = e->i;
        if (at(e, "...") && e->i + 1 < e->lim && fw_lua_tok_is(e->s, &e->t[e->i + 1], ")")) {
            /* f(a, ...): the varargs, one by one */
            fw_lua_var *va = lookup(e, "...", NULL);
            adv(e);
            for (size_t k = 0; va && k < va->v.nel && n < cap; k++)
                args[n++] = va->v.el[k];
            continue;
        }
        fw_lua_val v = expr(e, 0);
        if (n < cap)
            args[n++] = v;
        else
            args[cap - 1] = join(args[cap - 1], taint_only(v));
        if (!accept(e, ",") && e->i == before)
            adv(e);   /* not an expression: skip a token */
    }
    e->nest--;
    accept(e, ")");
    return n;
}

static void record_guard(ev *e, const fw_lua_val *v, int neg)
{
    if (!e->in_cond || !v || !v->var || e->nest != e->gnest || e->ng >= 8)
        return;
    e->g[e->ng].var = v->var;
    e->g[e->ng].neg = (e->negd % 2) ^ neg;
    e->ng++;
}

/* obj:m(args) for the string methods, or string.m(obj, args). */
static int string_method(ev *e, const char *m, const fw_lua_val *obj, fw_lua_val *args, size_t n,
                         fw_lua_val *out)
{
    if (strcmp(m, "match") == 0 || strcmp(m, "gmatch") == 0) {
        if (n >= 1 && args[0].ks && pattern_safe(args[0].ks, args[0].kslen)) {
            if (strcmp(m, "match") == 0 && pattern_anchored(args[0].ks, args[0].kslen))
                record_guard(e, obj, 0);
            *out = CLEAN;
        } else {
            *out = taint_only(*obj);
        }
        return 1;
    }
    if (strcmp(m, "gsub") == 0) {
        *out = n >= 2 && gsub_strips(&args[0], &args[1]) ? CLEAN : taint_only(*obj);
        if (n >= 2)
            *out = join(*out, taint_only(args[1]));
        return 1;
    }
    if (strcmp(m, "format") == 0)
        return 0;   /* handled by the caller */
    if (strcmp(m, "sub") == 0 || strcmp(m, "lower") == 0 || strcmp(m, "upper") == 0 ||
        strcmp(m, "rep") == 0 || strcmp(m, "reverse") == 0 || strcmp(m, "trim") == 0) {
        *out = taint_only(*obj);
        return 1;
    }
    /* byte: numbers. A string rebuilt from the codes of another is code
     * that looked at every byte: LuCI's own shell-word parser
     * (controller/commands.lua) escapes $ ` \ as it goes; not followed */
    if (strcmp(m, "len") == 0 || strcmp(m, "byte") == 0 || strcmp(m, "find") == 0) {
        *out = CLEAN;
        return 1;
    }
    return 0;
}

/* string.format(fmt, args...): %s (and any unknown conversion) passes its
 * argument on, %d %i %u %x %c %f %g %e only let numbers through, and %q
 * quotes it for Lua: "..." with \" and \\ escaped, which the shell reads as
 * one word but in which it still runs $(...) and `...`. It counts as
 * quoting unless q_unsafe (rule param percent-q=shell-unsafe; see
 * doc/checks.md). */
static fw_lua_val format(const fw_lua_val *fmt, const fw_lua_val *args, size_t n, int q_unsafe)
{
    fw_lua_val r = taint_only(*fmt);
    if (!fmt->ks) {
        for (size_t i = 0; i < n; i++)
            r = join(r, taint_only(args[i]));
        return r;
    }
    size_t ai = 0;
    for (size_t i = 0; i + 1 < fmt->kslen; i++) {
        if (fmt->ks[i] != '%')
            continue;
        i++;
        if (fmt->ks[i] == '%')
            continue;
        while (i < fmt->kslen && strchr("-+ #0123456789.", fmt->ks[i]))
            i++;
        char c = i < fmt->kslen ? fmt->ks[i] : 's';
        if (ai < n && (!strchr("qdiuxXcoeEfgGaA", c) || (c == 'q' && q_unsafe)))
            r = join(r, taint_only(args[ai]));
        ai++;
    }
    return r;
}

/* The dispatcher's target constructors and entry(). */
static int dispatcher(ev *e, const char *q, fw_lua_val *args, size_t n, uint32_t line, fw_lua_val *out)
{
    static const char *const prefixes[] = { "", "luci.dispatcher.", NULL };
    const char *base = NULL;
    for (size_t p = 0; prefixes[p] && !base; p++) {
        size_t l = strlen(prefixes[p]);
        if (strncmp(q, prefixes[p], l) == 0 && !strchr(q + l, '.'))
            base = q + l;
    }
    if (!base)
        return 0;
    fw_lua_val r = CLEAN;
    if (strcmp(base, "call") == 0 || strcmp(base, "post") == 0 || strcmp(base, "cbi") == 0 ||
        strcmp(base, "form") == 0 || strcmp(base, "template") == 0) {
        if (n >= 1 && args[0].ks) {
            r.tgt[0] = base[0] == 'c' && base[1] == 'a' ? FW_TGT_CALL
                       : base[0] == 'p' ? FW_TGT_CALL : base[0] == 't' ? FW_TGT_TEMPLATE : FW_TGT_CBI;
            r.tname[0] = fw_lua_strndup(e->a, args[0].ks, args[0].kslen);
        }
        *out = r;
        return 1;
    }
    if (strcmp(base, "arcombine") == 0 || strcmp(base, "post_on") == 0) {
        for (size_t i = 0, k = 0; i < n && k < 2; i++)
            if (args[i].tgt[0]) {
                r.tgt[k] = args[i].tgt[0];
                r.tname[k++] = args[i].tname[0];
            }
        *out = r;
        return 1;
    }
    if (strcmp(base, "alias") == 0 || strcmp(base, "firstchild") == 0 ||
        strcmp(base, "rewrite") == 0) {
        *out = CLEAN;
        return 1;
    }
    if (strcmp(base, "entry") != 0 && strcmp(base, "node") != 0 &&
        strcmp(base, "assign") != 0)
        return 0;
    *out = CLEAN;
    if (!e->a->collect)
        return 1;
    fw_lua_app *a = e->a;
    if (a->nents >= FW_MAX_LUA_ENTRIES) {
        fw_lua_app_limit(a, e->f->node, "LuCI dispatcher entries (FW_MAX_LUA_ENTRIES)");
        return 1;
    }
    char path[512] = "";
    size_t pl = 0;
    if (strcmp(base, "node") == 0) {
        for (size_t i = 0; i < n; i++)
            if (args[i].ks)
                pl += (size_t)snprintf(path + pl, sizeof path - pl, "%s%.*s", pl ? "/" : "",
                                       (int)args[i].kslen, args[i].ks);
    } else if (n >= 1) {
        for (size_t i = 0; i < args[0].nel; i++)
            if (args[0].el[i].ks && pl < sizeof path)
                pl += (size_t)snprintf(path + pl, sizeof path - pl, "%s%.*s", pl ? "/" : "",
                                       (int)args[0].el[i].kslen, args[0].el[i].ks);
    }
    if (pl >= sizeof path)
        pl = sizeof path - 1;
    FW_XGROW(a->ents, a->capents, a->nents + 1);
    fw_lua_entry *en = &a->ents[a->nents++];
    memset(en, 0, sizeof *en);
    en->ctrl = e->f;
    en->line = line;
    en->path = fw_xstrdup(path);
    en->text = fw_xstrdup(fw_lua_line_text(a, e->f, line));
    en->sysauth = -1;
    if (strcmp(base, "entry") == 0 && n >= 2)
        for (int k = 0; k < 2; k++) {
            en->tgt[k] = args[1].tgt[k];
            en->tname[k] = args[1].tname[k];
        }
    out->ent = (int32_t)a->nents;
    return 1;
}

/* What a call of qualified name q does, if Lua or LuCI defines it. */
static int builtin(ev *e, const char *q, const fw_lua_val *self, fw_lua_val *args, size_t n,
                   uint32_t line, fw_lua_val *out)
{
    fw_lua_app *a = e->a;
    const char *m = last_part(q);
    *out = CLEAN;
    /* sources */
    int http = strncmp(q, "luci.http.", 10) == 0;
    if ((http && (strcmp(m, "formvalue") == 0 || strcmp(m, "formvaluetable") == 0 ||
                  strcmp(m, "content") == 0 || strcmp(m, "getcookie") == 0)) ||
        ((http || strcmp(q, "os.getenv") == 0 || strcmp(q, "nixio.getenv") == 0) &&
         strcmp(m, "getenv") == 0 && request_env(n ? &args[0] : NULL)) ||
        (a->cgi && (strcmp(q, "io.read") == 0 || strcmp(q, "io.stdin.read") == 0 ||
                    strcmp(q, "io.stdin.lines") == 0 ||
                    (strcmp(q, "io.lines") == 0 && n == 0)))) {
        const char *src = n && args[0].ks
                              ? fw_lua_asprintf(a, "%s(\"%.*s\")", q, (int)args[0].kslen, args[0].ks)
                              : fw_lua_asprintf(a, "%s()", q);
        out->t = fw_lua_source(a, e->f->node, line, fw_lua_line_text(a, e->f, line), src);
        return 1;
    }
    /* sinks */
    if (in_list(q, SINKS1)) {
        if (n >= 1)
            emit(e, q, args[0], line);
        return 1;
    }
    if (in_list(q, SINKS_ARGV) || strcmp(q, "luci.sys.process.exec") == 0) {
        const fw_lua_val *av = args;
        size_t an = n;
        if (strcmp(q, "luci.sys.process.exec") == 0) {
            if (n < 1 || !args[0].el)
                return 1;   /* an argument vector: no shell */
            av = args[0].el;
            an = args[0].nel;
        }
        if (an >= 1 && av[0].t)
            emit(e, q, av[0], line);
        else if (an >= 3 && is_shell(&av[0]) && ks_is(&av[1], "-c"))
            emit(e, q, av[2], line);
        return 1;
    }
    /* sanitizers and checks */
    if (in_list(q, CLEANERS) || has_prefix(q, CHECK_PREFIX)) {
        if (n >= 1 && (has_prefix(q, CHECK_PREFIX) || strcmp(q, "tonumber") == 0))
            record_guard(e, &args[0], 0);
        return 1;
    }
    if (strcmp(q, "string.format") == 0) {
        if (n >= 1)
            *out = format(&args[0], args + 1, n - 1, a->q_unsafe);
        return 1;
    }
    if (strncmp(q, "string.", 7) == 0 && n >= 1 &&
        string_method(e, m, &args[0], args + 1, n - 1, out))
        return 1;
    if (strcmp(q, "table.insert") == 0) {
        /* the table holds what was put in it */
        if (n >= 2 && args[0].var && args[n - 1].t) {
            fw_lua_scope *where = NULL;
            fw_lua_var *tv = lookup(e, args[0].var, &where);
            if (tv)
                tv->v = join(tv->v, step(e, taint_only(args[n - 1]), line, NULL));
        }
        return 1;
    }
    if (in_list(q, PROPAGATE)) {
        for (size_t i = 0; i < n; i++)
            *out = join(*out, taint_only(args[i]));
        return 1;
    }
    if (dispatcher(e, q, args, n, line, out))
        return 1;
    if (strcmp(q, "error") == 0 || strcmp(q, "os.exit") == 0)
        return 1;
    (void)self;
    return 0;
}

/* Evaluate the body of fn with the given arguments (self first for a
 * method), in a new scope whose parent is `closure` (or the file). */
static fw_lua_val invoke(fw_lua_app *a, fw_lua_func *fn, fw_lua_val *args, size_t n, fw_lua_scope *closure,
                      int depth, int rec, const fw_lua_file *from, uint32_t line)
{
    int any = 0;
    for (size_t i = 0; i < n; i++)
        if (args[i].t)
            any = 1;
    /* a closure sees its maker's locals: what it does is not a function
     * of its arguments alone, so it is never cached */
    if (closure)
        any = 1;
    if (!any && fn->cached)
        return fn->ret;
    if (fn->busy || depth >= FW_MAX_LUA_CALL_DEPTH || a->stop)
        return CLEAN;
    fw_lua_file *f = fn->f;
    fw_lua_scope sc = { 0 };
    sc.up = closure;
    ev sub = { .a = a, .f = f, .s = f->src, .t = f->toks.v, .i = fn->lparen,
               .lim = fn->end < f->toks.n ? fn->end : f->toks.n - 1, .sc = &sc,
               .depth = depth + 1, .rec = rec };   /* nesting counts across calls: one stack */
    size_t ai = 0;
    if (fn->method) {
        scope_set(a, &sc, "self", ai < n ? args[ai] : CLEAN);
        ai++;
    }
    adv(&sub);   /* ( */
    while (sub.i < sub.lim && !at(&sub, ")")) {
        if (at_kind(&sub, FW_LT_NAME) || at(&sub, "...")) {
            const char *pn = tok_str(&sub, T(&sub));
            fw_lua_val v = CLEAN;
            if (strcmp(pn, "...") == 0) {
                /* the rest, joined, and one by one for f(...) and {...} */
                if (ai < n) {
                    v.el = fw_lua_alloc(a, (n - ai) * sizeof *v.el);
                    v.nel = (uint16_t)(n - ai);
                    memcpy(v.el, args + ai, (n - ai) * sizeof *v.el);
                }
                for (; ai < n; ai++)
                    v.t = v.t ? v.t : args[ai].t;
            } else if (ai < n)
                v = args[ai++];
            if (v.t && from) {
                fw_lua_step *s = fw_lua_alloc(a, sizeof *s);
                s->prev = v.t;
                s->node = from->node;
                s->line = line;
                s->what = fw_lua_asprintf(a, "%s  [argument %s of %s()]",
                                       fw_lua_line_text(a, from, line), pn, fn->name);
                s->source = v.t->source;
                v.t = s;
            }
            scope_set(a, &sc, pn, v);
        }
        adv(&sub);
    }
    adv(&sub);   /* ) */
    fn->busy = 1;
    block(&sub);
    fn->busy = 0;
    free(sc.v);
    if (!any && !a->stop) {
        fn->cached = 1;
        fn->ret = sub.ret;
    }
    return sub.ret;
}

fw_lua_val fw_lua_eval_call(fw_lua_app *a, fw_lua_func *fn, const fw_lua_val *args, size_t n)
{
    fw_lua_val av[FW_MAX_LUA_ARGS] = { { 0 } };
    if (n > FW_MAX_LUA_ARGS)
        n = FW_MAX_LUA_ARGS;
    if (args)
        memcpy(av, args, n * sizeof *av);
    return invoke(a, fn, av, n, NULL, 0, 0, NULL, 0);
}

fw_lua_func *fw_lua_file_func(fw_lua_file *f, const char *name)
{
    for (size_t i = 0; i < f->nfuncs; i++)
        if (strcmp(f->funcs[i].name, name) == 0)
            return &f->funcs[i];
    return NULL;
}

/* A module function: "luci.model.ipkg.install" -> install of luci.model.ipkg. */
static fw_lua_func *module_func(fw_lua_app *a, const char *q)
{
    const char *d = strrchr(q, '.');
    if (!d || d == q)
        return NULL;
    char mod[256];
    size_t ml = (size_t)(d - q);
    if (ml >= sizeof mod)
        return NULL;
    memcpy(mod, q, ml);
    mod[ml] = '\0';
    fw_lua_file *f = fw_lua_app_module(a, mod);
    if (!f)
        return NULL;
    fw_lua_eval_main(a, f);
    const char *fname = d + 1;
    for (size_t i = 0; i < f->nfuncs; i++) {
        fw_lua_func *fn = &f->funcs[i];
        if (!fn->local && strcmp(fn->last, fname) == 0)
            return fn;
    }
    return NULL;
}

static fw_lua_val call_value(ev *e, fw_lua_val fnv, const fw_lua_val *self, fw_lua_val *args, size_t n,
                          uint32_t line)
{
    fw_lua_app *a = e->a;
    fw_lua_val r = CLEAN;
    if (fnv.ref && builtin(e, fnv.ref, self, args, n, line, &r))
        return r;
    fw_lua_func *fn = fnv.fn;
    if (!fn && fnv.ref && strcmp(fnv.ref, "require") == 0) {
        if (n >= 1 && args[0].ks) {
            r.ref = fw_lua_strndup(a, args[0].ks, args[0].kslen);
            fw_lua_file *mf = fw_lua_app_module(a, r.ref);
            if (mf)
                fw_lua_eval_main(a, mf);
        }
        return r;
    }
    if (!fn && fnv.ref)
        fn = module_func(a, fnv.ref);
    if (fn) {
        fw_lua_val av[FW_MAX_LUA_ARGS + 1];
        size_t an = 0;
        if (self && fn->method)
            av[an++] = *self;
        for (size_t i = 0; i < n && an < FW_MAX_LUA_ARGS + 1; i++)
            av[an++] = args[i];
        /* a local function or a literal sees the caller's locals (it is
         * called where it was made, as a rule); a named one its file's */
        fw_lua_val v = invoke(a, fn, av, an, (fn->local || fn->lit) && fn->f == e->f ? e->sc : NULL,
                           e->depth, e->rec, e->f, line);
        /* a callback it was given (luci.http.setfilehandler(function ...))
         * runs too, with what it can see here */
        for (size_t i = 0; i < n; i++)
            if (args[i].fn && args[i].fn->lit && args[i].fn != fn)
                invoke(a, args[i].fn, NULL, 0, e->sc, e->depth, e->rec, NULL, 0);
        if (v.t)
            v = step(e, v, line, fw_lua_asprintf(a, "%s  [returned by %s()]",
                                              fw_lua_line_text(a, e->f, line), fn->name));
        return v;
    }
    /* unknown: callbacks passed to it run with clean parameters */
    for (size_t i = 0; i < n; i++)
        if (args[i].fn && args[i].fn->lit)
            invoke(a, args[i].fn, NULL, 0, e->sc, e->depth, e->rec, NULL, 0);
    return CLEAN;
}

/* A primary expression: NAME or ( expr ). */
static fw_lua_val primary(ev *e)
{
    if (at(e, "(")) {
        adv(e);
        e->nest++;
        fw_lua_val v = expr(e, 0);
        e->nest--;
        accept(e, ")");
        v.var = v.var;   /* (x) still names x for a guard */
        return v;
    }
    if (!at_kind(e, FW_LT_NAME)) {
        adv(e);
        return CLEAN;
    }
    const char *name = tok_str(e, T(e));
    adv(e);
    fw_lua_var *x = lookup(e, name, NULL);
    fw_lua_val v = CLEAN;
    if (x) {
        v = x->v;
        if (v.found_by) {   /* `if net then`: the name it was found by is a known one */
            fw_lua_val g = CLEAN;
            g.var = v.found_by;
            record_guard(e, &g, 0);
        }
    } else {
        fw_lua_func *fn = fw_lua_file_func(e->f, name);
        if (fn)
            v.fn = fn;
        else
            v.ref = name;
    }
    v.var = name;
    return v;
}

/* Suffixes: .name [expr] :name(args) (args). *base and *field get the
 * value before the last suffix and its field name (for assignments). */
static fw_lua_val suffixed(ev *e, fw_lua_val *base, const char **field)
{
    fw_lua_val v = primary(e);
    if (base)
        *base = CLEAN;
    if (field)
        *field = NULL;
    while (!e->a->stop && e->i < e->lim) {
        uint32_t line = cur_line(e);
        if (at(e, ".") || at(e, "[")) {
            const char *fname = NULL;
            fw_lua_val key = CLEAN;
            if (accept(e, ".")) {
                if (!at_kind(e, FW_LT_NAME))
                    break;
                fname = tok_str(e, T(e));
                adv(e);
            } else {
                adv(e);
                e->nest++;
                key = expr(e, 0);
                e->nest--;
                accept(e, "]");
                if (key.ks)
                    fname = fw_lua_strndup(e->a, key.ks, key.kslen);
            }
            if (base)
                *base = v;
            if (field)
                *field = fname;
            fw_lua_val r = CLEAN;
            const char *path = v.var && fname ? fw_lua_asprintf(e->a, "%s.%s", v.var, fname) : NULL;
            fw_lua_var *x = path ? lookup(e, path, NULL) : NULL;
            if (x) {
                r = x->v;
            } else {
                r.t = v.t;
                if (v.ref && fname)
                    r.ref = fw_lua_asprintf(e->a, "%s.%s", v.ref, fname);
                else if (path)
                    r.fn = fw_lua_file_func(e->f, path);   /* function M.f() of this file */
                if (v.el && key.ks == NULL && !fname)
                    for (size_t i = 0; i < v.nel; i++)
                        r = join(r, taint_only(v.el[i]));
                if (v.ent && fname)
                    r.ent = 0;
            }
            r.var = path ? path : NULL;
            if (!fname && v.var)
                r.var = NULL;
            v = r;
            continue;
        }
        if (at(e, ":")) {
            adv(e);
            if (!at_kind(e, FW_LT_NAME))
                break;
            const char *m = tok_str(e, T(e));
            adv(e);
            if (!(at(e, "(") || at_kind(e, FW_LT_STRING) || at(e, "{")))
                break;
            fw_lua_val args[FW_MAX_LUA_ARGS];
            size_t n = call_args(e, args, FW_MAX_LUA_ARGS);
            if (base)
                *base = CLEAN;
            if (field)
                *field = NULL;
            fw_lua_val r = CLEAN;
            fw_lua_val self = v;
            if (strcmp(m, "format") == 0) {
                r = format(&self, args, n, e->a->q_unsafe);
            } else if (v.ref) {
                fw_lua_val fv = CLEAN;
                fv.ref = fw_lua_asprintf(e->a, "%s.%s", v.ref, m);
                r = call_value(e, fv, &self, args, n, line);
            } else if (v.var && fw_lua_file_func(e->f, fw_lua_asprintf(e->a, "%s.%s", v.var, m))) {
                fw_lua_val fv = CLEAN;   /* function obj:m() of this file */
                fv.fn = fw_lua_file_func(e->f, fw_lua_asprintf(e->a, "%s.%s", v.var, m));
                r = call_value(e, fv, &self, args, n, line);
            } else if (!string_method(e, m, &self, args, n, &r)) {
                /* a method of an object we do not know: a LuCI request
                 * object still answers formvalue */
                if (strcmp(m, "formvalue") == 0 || strcmp(m, "getenv") == 0) {
                    fw_lua_val fv = CLEAN;
                    fv.ref = fw_lua_asprintf(e->a, "luci.http.%s", m);
                    r = call_value(e, fv, &self, args, n, line);
                } else {
                    r = call_value(e, CLEAN, &self, args, n, line);
                }
            }
            /* obj:get_x(name), obj:del_x(name): a model's lookup of a
               configured object by name answers nil for any other name; a
               test of what it found guards the name */
            if (n >= 1 && args[0].var && !r.t && !r.fn &&
                (strncmp(m, "get_", 4) == 0 || strncmp(m, "del_", 4) == 0))
                r.found_by = args[0].var;
            v = r;
            continue;
        }
        if (at(e, "(") || at_kind(e, FW_LT_STRING) || at(e, "{")) {
            /* a call; `f\n(x)` is still one in Lua */
            fw_lua_val args[FW_MAX_LUA_ARGS];
            size_t n = call_args(e, args, FW_MAX_LUA_ARGS);
            if (base)
                *base = CLEAN;
            if (field)
                *field = NULL;
            v = call_value(e, v, NULL, args, n, line);
            continue;
        }
        break;
    }
    return v;
}

static fw_lua_val simple(ev *e)
{
    const fw_lua_tok *t = T(e);
    fw_lua_val v = CLEAN;
    if (t->kind == FW_LT_STRING) {
        v.ks = e->s + t->soff;
        v.kslen = t->slen;
        adv(e);
        /* ("fmt"):format(x) is handled by suffixed via primary; a bare
         * literal followed by : is rare outside parentheses */
        return v;
    }
    if (t->kind == FW_LT_NUMBER || at(e, "nil") || at(e, "true") || at(e, "...")) {
        if (at(e, "...")) {
            fw_lua_var *x = lookup(e, "...", NULL);
            if (x)
                v = x->v;
        }
        adv(e);
        return v;
    }
    if (at(e, "false")) {
        v.kfalse = 1;
        adv(e);
        return v;
    }
    if (at(e, "{"))
        return table_ctor(e);
    if (at(e, "function")) {
        v.fn = func_at(e->f, e->i);
        skip_function(e);
        return v;
    }
    return suffixed(e, NULL, NULL);
}

static int binop_prio(const ev *e, int *right)
{
    static const struct { const char *op; int l, r; } ops[] = {
        { "or", 1, 1 }, { "and", 2, 2 }, { "<", 3, 3 }, { ">", 3, 3 }, { "<=", 3, 3 },
        { ">=", 3, 3 }, { "~=", 3, 3 }, { "==", 3, 3 }, { "|", 4, 4 }, { "~", 5, 5 },
        { "&", 6, 6 }, { "<<", 7, 7 }, { ">>", 7, 7 }, { "..", 9, 8 }, { "+", 10, 10 },
        { "-", 10, 10 }, { "*", 11, 11 }, { "/", 11, 11 }, { "//", 11, 11 },
        { "%", 11, 11 }, { "^", 14, 13 }, { NULL, 0, 0 } };
    for (size_t i = 0; ops[i].op; i++)
        if (at(e, ops[i].op)) {
            *right = ops[i].r;
            return ops[i].l;
        }
    return 0;
}

static fw_lua_val expr(ev *e, int limit)
{
    fw_lua_val v;
    if (e->rec >= FW_MAX_LUA_NEST || e->a->stop) {
        if (!e->a->stop)
            fw_lua_app_limit(e->a, e->f->node, "expression nesting (FW_MAX_LUA_NEST)");
        adv(e);
        return CLEAN;
    }
    e->rec++;
    if (at(e, "not") || at(e, "-") || at(e, "#") || at(e, "~")) {
        int isnot = at(e, "not");
        adv(e);
        if (isnot)
            e->negd++;
        expr(e, 12);
        if (isnot)
            e->negd--;
        v = CLEAN;
    } else {
        v = simple(e);
    }
    int right = 0;
    int p;
    while ((p = binop_prio(e, &right)) > limit) {
        char op[4] = { 0 };
        memcpy(op, e->s + T(e)->off, T(e)->len < 3 ? T(e)->len : 3);
        adv(e);
        if (e->in_cond && e->nest == e->gnest) {
            if (strcmp(op, "and") == 0)
                e->cond_and = 1;
            if (strcmp(op, "or") == 0)
                e->cond_or = 1;
        }
        fw_lua_val lhs = v;
        fw_lua_val rhs = expr(e, right);
        if (strcmp(op, "..") == 0) {
            v = join(taint_only(lhs), taint_only(rhs));
        } else if (strcmp(op, "or") == 0) {
            v = lhs.t ? lhs : rhs.t ? rhs : (lhs.ks || lhs.ref || lhs.fn || lhs.el) ? lhs : rhs;
        } else if (strcmp(op, "and") == 0) {
            v = rhs;
        } else if (strcmp(op, "%") == 0) {
            if (lhs.ks || lhs.t) {
                v = rhs.el ? format(&lhs, rhs.el, rhs.nel, e->a->q_unsafe)
                           : format(&lhs, &rhs, 1, e->a->q_unsafe);
                if (rhs.el == NULL && rhs.t && !lhs.ks)
                    v = join(v, taint_only(rhs));
            } else if (rhs.t && !lhs.ks) {
                v = taint_only(rhs);   /* an unknown format string */
            } else {
                v = CLEAN;
            }
        } else if (strcmp(op, "==") == 0 || strcmp(op, "~=") == 0) {
            /* x == "literal": x is that literal where the test holds */
            int neg = op[0] == '~';
            if ((rhs.ks || rhs.kfalse) && lhs.var)
                record_guard(e, &lhs, neg);
            else if (lhs.ks && rhs.var)
                record_guard(e, &rhs, neg);
            v = CLEAN;
        } else {
            v = CLEAN;   /* arithmetic, comparison: a number or a boolean */
        }
    }
    e->rec--;
    return v;
}

/* ---- statements -------------------------------------------------------- */

/* Does the block [from, to) leave (return, break, error()) at its top level? */
static int block_exits(const ev *e, size_t from, size_t to)
{
    int depth = 0;
    for (size_t i = from; i < to && i < e->lim; i++) {
        const fw_lua_tok *t = &e->t[i];
        if (fw_lua_tok_is(e->s, t, "function") || fw_lua_tok_is(e->s, t, "if") ||
            fw_lua_tok_is(e->s, t, "do") || fw_lua_tok_is(e->s, t, "repeat")) {
            uint32_t m = e->f->match[i];
            if (m > i) {
                i = m;
                continue;
            }
            depth++;
        }
        if (depth)
            continue;
        if (fw_lua_tok_is(e->s, t, "return") || fw_lua_tok_is(e->s, t, "break") ||
            fw_lua_tok_is(e->s, t, "goto"))
            return 1;
        if ((fw_lua_tok_is(e->s, t, "error") || fw_lua_tok_is(e->s, t, "exit")) && i + 1 < to &&
            fw_lua_tok_is(e->s, &e->t[i + 1], "("))
            return 1;
    }
    return 0;
}

static void scope_copy(fw_lua_scope *dst, const fw_lua_scope *src)
{
    dst->n = 0;
    FW_XGROW(dst->v, dst->cap, src->n + 1);
    memcpy(dst->v, src->v, src->n * sizeof *src->v);
    dst->n = src->n;
}

/* Join scope b into a (names of either; tainted wins). */
static void scope_join(fw_lua_app *a, fw_lua_scope *acc, const fw_lua_scope *b)
{
    for (size_t i = 0; i < b->n; i++) {
        fw_lua_var *x = scope_find(acc, b->v[i].name);
        if (!x)
            scope_set(a, acc, b->v[i].name, b->v[i].v);
        else if (!x->v.t && b->v[i].v.t)
            x->v = b->v[i].v;
    }
}

static void clean_var(ev *e, const char *var)
{
    fw_lua_scope *where = NULL;
    fw_lua_var *x = lookup(e, var, &where);
    fw_lua_val v = x ? x->v : CLEAN;
    v.t = NULL;
    v.el = NULL;
    scope_set(e->a, e->sc, var, v);
}

/* if cond then ... {elseif cond then ...} [else ...] end */
static int if_stmt(ev *e)
{
    size_t start = e->i;
    uint32_t endi = e->f->match[start];
    if (!endi || endi > e->lim)
        endi = (uint32_t)e->lim;
    fw_lua_scope entry = { 0 }, acc = { 0 }, pending = { 0 };
    scope_copy(&entry, e->sc);
    /* `pending`: the state in which the next branch starts (the tests so
     * far failed: their negative guards hold) */
    scope_copy(&pending, e->sc);
    int live = 0, has_else = 0;
    while (!e->a->stop && e->i < endi) {
        int is_else = at(e, "else");
        adv(e);   /* if / elseif / else */
        scope_copy(e->sc, &pending);
        guard g[8];
        int ng = 0, cand = 0, cor = 0;
        if (!is_else) {
            int save_in = e->in_cond, save_gn = e->gnest, save_ng = e->ng, save_neg = e->negd,
                save_and = e->cond_and, save_or = e->cond_or;
            e->in_cond = 1;
            e->gnest = e->nest;
            e->ng = 0;
            e->negd = 0;
            e->cond_and = e->cond_or = 0;
            expr(e, 0);
            ng = e->ng;
            memcpy(g, e->g, sizeof g);
            cand = e->cond_and;
            cor = e->cond_or;
            e->in_cond = save_in;
            e->gnest = save_gn;
            e->ng = save_ng;
            e->negd = save_neg;
            e->cond_and = save_and;
            e->cond_or = save_or;
            accept(e, "then");
        } else {
            has_else = 1;
        }
        /* the state after the test: pending plus what the test evaluated */
        scope_copy(&pending, e->sc);
        if (!cor)
            for (int k = 0; k < ng; k++)
                if (!g[k].neg)
                    clean_var(e, g[k].var);
        size_t body = e->i;
        int exits = block(e);
        /* where the block ended: the next elseif/else or the end */
        size_t stop = e->i;
        exits = exits || block_exits(e, body, stop);
        if (!exits) {
            if (!live)
                scope_copy(&acc, e->sc);
            else
                scope_join(e->a, &acc, e->sc);
            live = 1;
        }
        /* the next branch runs when this test failed */
        scope_copy(e->sc, &pending);
        if (!cand)
            for (int k = 0; k < ng; k++)
                if (g[k].neg)
                    clean_var(e, g[k].var);
        scope_copy(&pending, e->sc);
        if (!(at(e, "elseif") || at(e, "else")))
            break;
    }
    e->i = endi < e->lim ? endi + 1 : e->lim;
    int all_exit = 0;
    if (!has_else) {
        /* falling through: the state where every test failed */
        if (!live)
            scope_copy(&acc, &pending);
        else
            scope_join(e->a, &acc, &pending);
        live = 1;
    }
    if (live)
        scope_copy(e->sc, &acc);
    else {
        scope_copy(e->sc, &entry);
        all_exit = 1;
    }
    free(entry.v);
    free(acc.v);
    free(pending.v);
    return all_exit;
}

static void assign(ev *e, const char *path, fw_lua_val base, const char *field, fw_lua_val v,
                   int local, uint32_t line)
{
    fw_lua_app *a = e->a;
    if (base.ent && field) {
        fw_lua_entry *en = &a->ents[base.ent - 1];
        if (strcmp(field, "leaf") == 0)
            en->leaf = !v.kfalse;
        else if (strcmp(field, "sysauth") == 0)
            en->sysauth = v.kfalse ? 0 : 1;
        else if (strcmp(field, "target") == 0 && v.tgt[0])
            for (int k = 0; k < 2; k++) {
                en->tgt[k] = v.tgt[k];
                en->tname[k] = v.tname[k];
            }
        return;
    }
    if (!path)
        return;
    if (v.t)
        v = step(e, v, line, NULL);
    if (local) {
        scope_set(a, e->sc, path, v);
        return;
    }
    fw_lua_scope *where = NULL;
    if (!lookup(e, path, &where)) {
        /* a new field lives where its table does; a new global in the file */
        const char *dot = strrchr(path, '.');
        if (dot) {
            char *root = fw_xstrndup(path, (size_t)(dot - path));
            if (!lookup(e, root, &where))
                where = &e->f->globals;
            free(root);
        } else {
            where = &e->f->globals;
        }
    }
    scope_set(a, where, path, v);
    /* the table holds what its fields hold */
    const char *dot = strrchr(path, '.');
    if (dot && v.t) {
        const char *root = fw_lua_strndup(a, path, (size_t)(dot - path));
        fw_lua_scope *w2 = NULL;
        fw_lua_var *tv = lookup(e, root, &w2);
        if (tv)
            tv->v = join(tv->v, taint_only(v));
    }
}

static void local_stmt(ev *e)
{
    uint32_t line = cur_line(e);
    if (accept(e, "function")) {
        if (at_kind(e, FW_LT_NAME)) {
            const char *name = tok_str(e, T(e));
            fw_lua_val v = CLEAN;
            v.fn = func_at(e->f, e->i - 1);
            scope_set(e->a, e->sc, name, v);
        }
        e->i--;
        skip_function(e);
        return;
    }
    const char *names[FW_MAX_LUA_ARGS];
    size_t nn = 0;
    while (at_kind(e, FW_LT_NAME)) {
        if (nn < FW_MAX_LUA_ARGS)
            names[nn++] = tok_str(e, T(e));
        adv(e);
        if (at(e, "<")) {   /* Lua 5.4 attribs: <const> <close> */
            adv(e);
            adv(e);
            accept(e, ">");
        }
        if (!accept(e, ","))
            break;
    }
    fw_lua_val vals[FW_MAX_LUA_ARGS];
    size_t nv = 0;
    if (accept(e, "=")) {
        do {
            fw_lua_val v = expr(e, 0);
            if (nv < FW_MAX_LUA_ARGS)
                vals[nv++] = v;
        } while (!e->a->stop && accept(e, ","));
    }
    for (size_t i = 0; i < nn; i++) {
        /* a call's extra results carry what it returned */
        fw_lua_val v = i < nv ? vals[i] : nv ? taint_only(vals[nv - 1]) : CLEAN;
        if (i >= nv)
            v.ks = NULL;
        assign(e, names[i], CLEAN, NULL, v, 1, line);
    }
}

static void for_stmt(ev *e)
{
    uint32_t line = cur_line(e);
    size_t start = e->i;
    adv(e);
    const char *names[FW_MAX_LUA_ARGS];
    size_t nn = 0;
    while (at_kind(e, FW_LT_NAME)) {
        if (nn < FW_MAX_LUA_ARGS)
            names[nn++] = tok_str(e, T(e));
        adv(e);
        if (!accept(e, ","))
            break;
    }
    fw_lua_val v = CLEAN;
    if (accept(e, "=")) {
        expr(e, 0);
        while (accept(e, ","))
            expr(e, 0);
    } else if (accept(e, "in")) {
        do
            v = join(v, taint_only(expr(e, 0)));
        while (!e->a->stop && accept(e, ","));
    }
    for (size_t i = 0; i < nn; i++)
        assign(e, names[i], CLEAN, NULL, v, 1, line);
    (void)start;
    if (accept(e, "do")) {
        size_t d = e->i - 1;
        uint32_t end = e->f->match[d];
        block(e);
        e->i = end && end < e->lim ? end + 1 : e->lim;
    }
}

static void function_stmt(ev *e)
{
    size_t ft = e->i;
    fw_lua_func *fn = func_at(e->f, ft);
    adv(e);
    char path[256] = "";
    size_t pl = 0;
    while (at_kind(e, FW_LT_NAME) || at(e, ".") || at(e, ":")) {
        const fw_lua_tok *t = T(e);
        if (pl + t->len + 1 < sizeof path) {
            memcpy(path + pl, e->s + t->off, t->len);
            pl += t->len;
            path[pl] = '\0';
            if (path[pl - 1] == ':')
                path[pl - 1] = '.';
        }
        adv(e);
    }
    e->i = ft;
    skip_function(e);
    if (fn && pl && !strchr(path, '.')) {
        fw_lua_val v = CLEAN;
        v.fn = fn;
        assign(e, fw_lua_strndup(e->a, path, pl), CLEAN, NULL, v, 0, 0);
    }
}

static int statement(ev *e)
{
    uint32_t line = cur_line(e);
    if (accept(e, ";") || (at_kind(e, FW_LT_SEP) && (adv(e), 1)))
        return 0;
    if (at_kind(e, FW_LT_WRITE)) {
        adv(e);
        expr(e, 0);
        return 0;
    }
    if (accept(e, "::")) {
        adv(e);
        accept(e, "::");
        return 0;
    }
    if (accept(e, "break"))
        return 1;
    if (accept(e, "goto")) {
        adv(e);
        return 1;
    }
    if (accept(e, "return")) {
        if (!is_block_end(e) && !at(e, ";") && !at_kind(e, FW_LT_SEP)) {
            fw_lua_val v = expr(e, 0);
            while (!e->a->stop && accept(e, ","))
                v = join(v, taint_only(expr(e, 0)));
            if (v.t)
                v = step(e, v, line, NULL);
            if (!e->ret.t && !e->ret.ref && !e->ret.fn && !e->ret.ks && !e->ret.el)
                e->ret = v;
            else if (v.t && !e->ret.t)
                e->ret.t = v.t;
        }
        accept(e, ";");
        return 1;
    }
    if (at(e, "do")) {
        uint32_t end = e->f->match[e->i];
        adv(e);
        int x = block(e);
        e->i = end && end < e->lim ? end + 1 : e->lim;
        return x;
    }
    if (at(e, "while")) {
        adv(e);
        expr(e, 0);
        if (at(e, "do")) {
            uint32_t end = e->f->match[e->i];
            adv(e);
            block(e);
            e->i = end && end < e->lim ? end + 1 : e->lim;
        }
        return 0;
    }
    if (at(e, "repeat")) {
        uint32_t end = e->f->match[e->i];
        adv(e);
        block(e);
        if (end && end < e->lim)
            e->i = end;
        if (accept(e, "until"))
            expr(e, 0);
        return 0;
    }
    if (at(e, "if"))
        return if_stmt(e);
    if (at(e, "for")) {
        for_stmt(e);
        return 0;
    }
    if (at(e, "function")) {
        function_stmt(e);
        return 0;
    }
    if (accept(e, "local")) {
        local_stmt(e);
        return 0;
    }
    /* an expression statement: a call or an assignment */
    struct { const char *path; fw_lua_val base; const char *field; } tg[FW_MAX_LUA_ARGS];
    size_t nt = 0;
    int exits = 0;
    for (;;) {
        fw_lua_val base;
        const char *field;
        size_t before = e->i;
        fw_lua_val v = suffixed(e, &base, &field);
        if (e->i == before)
            break;
        if (nt < FW_MAX_LUA_ARGS) {
            tg[nt].path = v.var;
            tg[nt].base = base;
            tg[nt].field = field;
            nt++;
        }
        if (v.ref && (strcmp(v.ref, "error") == 0 || strcmp(v.ref, "os.exit") == 0))
            exits = 1;
        if (!accept(e, ","))
            break;
    }
    if (accept(e, "=")) {
        fw_lua_val vals[FW_MAX_LUA_ARGS];
        size_t nv = 0;
        do {
            fw_lua_val v = expr(e, 0);
            if (nv < FW_MAX_LUA_ARGS)
                vals[nv++] = v;
        } while (!e->a->stop && accept(e, ","));
        for (size_t i = 0; i < nt; i++) {
            fw_lua_val v = i < nv ? vals[i] : nv ? taint_only(vals[nv - 1]) : CLEAN;
            /* a dynamic index (t[i] = v) taints the table */
            const char *path = tg[i].path;
            if (!path && tg[i].base.var && !tg[i].field)
                path = tg[i].base.var;
            if (!tg[i].field && tg[i].base.var && v.t) {
                fw_lua_var *tv = lookup(e, tg[i].base.var, NULL);
                if (tv) {
                    tv->v = join(tv->v, step(e, taint_only(v), line, NULL));
                    continue;
                }
            }
            assign(e, path, tg[i].base, tg[i].field, v, 0, line);
        }
    }
    return exits;
}

/* Statements up to the end of the block; 1 when its last one leaves. */
static int block(ev *e)
{
    int exits = 0;
    if (e->rec >= FW_MAX_LUA_NEST) {
        fw_lua_app_limit(e->a, e->f->node, "block nesting (FW_MAX_LUA_NEST)");
        e->i = e->lim;   /* deeper than the bound: the rest of this body is not read */
        return 0;
    }
    e->rec++;
    while (!e->a->stop && !is_block_end(e)) {
        size_t before = e->i;
        exits = statement(e);
        if (e->i == before) {
            adv(e);   /* not a statement we know: skip a token */
            exits = 0;
        }
    }
    e->rec--;
    return exits;
}

void fw_lua_eval_main(fw_lua_app *a, fw_lua_file *f)
{
    if (f->main_done || f->main_busy || a->stop)
        return;
    f->main_busy = 1;
    ev e = { .a = a, .f = f, .s = f->src, .t = f->toks.v, .i = 0, .lim = f->toks.n - 1,
             .sc = NULL };
    fw_lua_scope top = { 0 };
    e.sc = &top;
    /* a main chunk's locals are the file's globals as far as its
     * functions are concerned */
    e.sc = &f->globals;
    while (!a->stop && e.i < e.lim) {
        block(&e);
        if (e.i < e.lim)
            adv(&e);   /* a stray end/else/until: go on */
    }
    f->ret = e.ret;
    free(top.v);
    f->main_busy = 0;
    f->main_done = 1;
}
