/* taint_lua.c: the "lua-taint" analyzer (MO.15): request data reaching a
 * command in a Lua web application, LuCI or plain Lua CGI, followed over
 * the whole application of a namespace (rules/web-lua.rules, check
 * lua-command-injection; doc/checks.md "Lua web applications").
 *
 * The entry points are what a request can run:
 *   - LuCI: each controller's index() is evaluated to collect its
 *     dispatcher entries (entry/node, call/post/cbi/form/template/
 *     arcombine targets, .leaf, .sysauth); each target is then evaluated:
 *     a call("f") function (its parameters are URL path segments when the
 *     entry is a leaf), a CBI model's main chunk and its write() callbacks
 *     (the value written is form data unless the option has a datatype),
 *     a view (.htm) with its <% %> code;
 *   - views no entry names (rendered by other views and models);
 *   - Lua CGIs: /www/cgi-bin/ *.lua or scripts with a lua #! line there,
 *     and other .lua files a web server serves (fw_web_route_of), as main
 *     chunks (stdin is the request body) and their handle_request(env).
 * Modules they require() (or name: luci.model.ipkg.install) are loaded
 * from /usr/lib/lua and /usr/share/lua as calls reach them. A function
 * no entry point reaches is never evaluated: dead code is no finding.
 *
 * Who may reach an entry is LuCI's sysauth: the deepest node of its path
 * that sets sysauth decides (a value: a login, medium; false: none, high);
 * no node on its path sets it while others do: none (high); no sysauth in
 * the application at all: not known. Lua CGIs have no login of their own.
 * The server's configuration (fw_taint_emit_app) can still require one.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/lua_app.h"
#include "core/limits.h"
#include "core/xalloc.h"

#define CK_LUA "lua-command-injection"

static const char *const lua_checks[] = { CK_LUA, NULL };

/* ---- files and modules ------------------------------------------------- */

static const char *const LUA_ROOTS[] = { "/usr/lib/lua/5.1/", "/usr/lib/lua/5.2/",
                                         "/usr/lib/lua/5.3/", "/usr/share/lua/5.1/",
                                         "/usr/share/lua/5.2/", "/usr/share/lua/5.3/",
                                         "/usr/local/share/lua/5.1/", "/usr/local/lib/lua/5.1/",
                                         "/usr/lib/lua/", "/usr/share/lua/", NULL };

static int ends_with(const char *s, const char *x)
{
    size_t n = strlen(s), m = strlen(x);
    return n >= m && strcmp(s + n - m, x) == 0;
}

static int starts_with(const char *s, const char *x)
{
    return strncmp(s, x, strlen(x)) == 0;
}

/* The module name a path under a Lua root gives: luci/model/ipkg.lua. */
static char *mod_of_path(const char *p)
{
    for (size_t i = 0; LUA_ROOTS[i]; i++) {
        if (!starts_with(p, LUA_ROOTS[i]) || !ends_with(p, ".lua"))
            continue;
        char *m = fw_xstrndup(p + strlen(LUA_ROOTS[i]), strlen(p) - strlen(LUA_ROOTS[i]) - 4);
        for (char *c = m; *c; c++)
            if (*c == '/')
                *c = '.';
        if (ends_with(m, ".init"))
            m[strlen(m) - 5] = '\0';
        return m;
    }
    return NULL;
}

static int is_kw(const fw_lua_file *f, size_t i, const char *kw)
{
    return fw_lua_tok_is(f->src, &f->toks.v[i], kw);
}

/* Block extents and functions of a file, and its module() name. */
static void prepare(fw_lua_app *a, fw_lua_file *f)
{
    size_t n = f->toks.n;
    f->match = fw_xcalloc(n, sizeof *f->match);
    uint32_t *stack = fw_xmalloc(n * sizeof *stack);
    size_t sp = 0, nf = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_kw(f, i, "function") || is_kw(f, i, "if") || is_kw(f, i, "do") ||
            is_kw(f, i, "repeat")) {
            stack[sp++] = (uint32_t)i;
            if (is_kw(f, i, "function"))
                nf++;
        } else if ((is_kw(f, i, "end") || is_kw(f, i, "until")) && sp) {
            f->match[stack[--sp]] = (uint32_t)i;
        }
    }
    while (sp)   /* unclosed: to the end of the file */
        f->match[stack[--sp]] = (uint32_t)(n - 1);
    free(stack);
    if (a->nfuncs + nf > FW_MAX_LUA_FUNCS) {
        fw_lua_app_limit(a, f->node, "functions (FW_MAX_LUA_FUNCS)");
        nf = a->nfuncs < FW_MAX_LUA_FUNCS ? FW_MAX_LUA_FUNCS - a->nfuncs : 0;
    }
    f->funcs = fw_xcalloc(nf ? nf : 1, sizeof *f->funcs);
    const fw_lua_tok *t = f->toks.v;
    for (size_t i = 0; i < n && f->nfuncs < nf; i++) {
        if (!is_kw(f, i, "function"))
            continue;
        fw_lua_func *fn = &f->funcs[f->nfuncs++];
        fn->f = f;
        fn->tok = (uint32_t)i;
        fn->end = f->match[i];
        char name[256] = "";
        size_t nl = 0, j = i + 1;
        if (j < n && t[j].kind == FW_LT_NAME) {
            /* function a.b:c( */
            for (; j < n && (t[j].kind == FW_LT_NAME || is_kw(f, j, ".") || is_kw(f, j, ":"));
                 j++) {
                if (is_kw(f, j, ":"))
                    fn->method = 1;
                if (nl + t[j].len + 1 < sizeof name) {
                    memcpy(name + nl, f->src + t[j].off, t[j].len);
                    nl += t[j].len;
                    if (name[nl - 1] == ':')
                        name[nl - 1] = '.';
                }
            }
            fn->local = i > 0 && is_kw(f, i - 1, "local");
        } else {
            /* a literal: named by what it is assigned to (o.write = function) */
            fn->lit = 1;
            if (i >= 2 && is_kw(f, i - 1, "=")) {
                size_t k = i - 2;
                while (k >= 2 && t[k].kind == FW_LT_NAME && is_kw(f, k - 1, ".") &&
                       t[k - 2].kind == FW_LT_NAME)
                    k -= 2;
                if (t[k].kind == FW_LT_NAME)
                    for (size_t m = k; m <= i - 2 && nl + t[m].len + 1 < sizeof name; m++) {
                        memcpy(name + nl, f->src + t[m].off, t[m].len);
                        nl += t[m].len;
                    }
                fn->local = k > 0 && is_kw(f, k - 1, "local");
            }
        }
        name[nl] = '\0';
        fn->lparen = (uint32_t)j;
        while (fn->lparen < n && !is_kw(f, fn->lparen, "(") && fn->lparen < fn->end)
            fn->lparen++;
        fn->name = fw_lua_strndup(a, name, nl);
        const char *d = strrchr(fn->name, '.');
        fn->last = d ? d + 1 : fn->name;
        if (!fn->end || fn->end <= fn->lparen)
            fn->end = (uint32_t)(n - 1);
    }
    /* module("luci.controller.admin.network", package.seeall) */
    for (size_t i = 0; i + 2 < n; i++)
        if (is_kw(f, i, "module") && (i == 0 || !is_kw(f, i - 1, ".")) &&
            (t[i + 1].kind == FW_LT_STRING ||
             (is_kw(f, i + 1, "(") && t[i + 2].kind == FW_LT_STRING))) {
            const fw_lua_tok *s = t[i + 1].kind == FW_LT_STRING ? &t[i + 1] : &t[i + 2];
            free(f->mod);
            f->mod = fw_xstrndup(f->src + s->soff, s->slen);
            break;
        }
}

void fw_lua_app_limit(fw_lua_app *a, const fw_node *node, const char *what)
{
    if (a->warned)
        return;
    a->warned = 1;
    fw_check_warn(a->ctx, node, "Lua taint analysis: bound reached (%s); part of the "
                  "application was not followed", what);
}

fw_lua_file *fw_lua_app_load(fw_lua_app *a, const fw_node *node, int kind)
{
    for (size_t i = 0; i < a->nfiles; i++)
        if (a->files[i]->node == node)
            return a->files[i];
    if (a->nfiles >= FW_MAX_LUA_FILES) {
        fw_lua_app_limit(a, node, "Lua files per application (FW_MAX_LUA_FILES)");
        return NULL;
    }
    fw_blob b;
    fw_error err = { 0 };
    if (fw_node_open(node, &b, &err) != FW_OK)
        return NULL;
    fw_lua_file *f = fw_xcalloc(1, sizeof *f);
    f->node = node;
    f->kind = kind;
    f->len = b.size > FW_MAX_LUA_FILE_SIZE ? FW_MAX_LUA_FILE_SIZE : b.size;
    if (b.size > FW_MAX_LUA_FILE_SIZE)
        fw_lua_app_limit(a, node, "bytes of one Lua file (FW_MAX_LUA_FILE_SIZE)");
    f->src = fw_xmalloc(f->len + 1);
    memcpy(f->src, b.data, f->len);
    f->src[f->len] = '\0';
    fw_blob_close(&b);
    fw_lua_lex(f->src, f->len, kind == FW_LF_VIEW, &f->toks);
    if (f->toks.truncated)
        fw_lua_app_limit(a, node, "tokens of one Lua file (FW_MAX_LUA_TOKENS)");
    f->mod = mod_of_path(fw_node_syspath(node));
    prepare(a, f);
    a->nfuncs += f->nfuncs;
    FW_XGROW(a->files, a->capfiles, a->nfiles + 1);
    a->files[a->nfiles++] = f;
    return f;
}

fw_lua_file *fw_lua_app_module(fw_lua_app *a, const char *mod)
{
    for (size_t i = 0; i < a->nfiles; i++)
        if (a->files[i]->mod && strcmp(a->files[i]->mod, mod) == 0)
            return a->files[i];
    for (size_t i = 0; i < a->nmissing; i++)
        if (strcmp(a->missing[i], mod) == 0)
            return NULL;
    if (strlen(mod) < 200 && !strstr(mod, "..") && mod[0] != '.') {
        char rel[256];
        snprintf(rel, sizeof rel, "%s", mod);
        for (char *c = rel; *c; c++)
            if (*c == '.')
                *c = '/';
        for (size_t i = 0; LUA_ROOTS[i]; i++)
            for (int init = 0; init < 2; init++) {
                char path[512];
                snprintf(path, sizeof path, "%s%s%s", LUA_ROOTS[i], rel,
                         init ? "/init.lua" : ".lua");
                fw_node *n = fw_ns_resolve(a->ns, path);
                if (n && n->type == FW_NODE_FILE) {
                    fw_lua_file *f = fw_lua_app_load(a, n, FW_LF_LIB);
                    if (f) {
                        free(f->mod);
                        f->mod = fw_xstrdup(mod);
                    }
                    return f;
                }
            }
    }
    FW_XGROW(a->missing, a->capmissing, a->nmissing + 1);
    a->missing[a->nmissing++] = fw_xstrdup(mod);
    return NULL;
}

static void app_release(fw_lua_app *a)
{
    for (size_t i = 0; i < a->nfiles; i++) {
        fw_lua_file *f = a->files[i];
        free(f->src);
        fw_lua_toks_release(&f->toks);
        free(f->match);
        free(f->mod);
        free(f->globals.v);
        free(f->funcs);
        free(f);
    }
    free(a->files);
    for (size_t i = 0; i < a->nmissing; i++)
        free(a->missing[i]);
    free(a->missing);
    for (size_t i = 0; i < a->nents; i++) {
        free(a->ents[i].path);
        free(a->ents[i].text);
        free(a->ents[i].why);
    }
    free(a->ents);
    free(a->seen);   /* the keys are in the arena */
    while (a->arena) {
        fw_lua_arena_blk *b = a->arena;
        a->arena = b->next;
        free(b);
    }
}

/* ---- LuCI dispatcher: who may reach an entry --------------------------- */

static void entry_auth(fw_lua_app *a, fw_lua_entry *en)
{
    int any = 0;
    for (size_t i = 0; i < a->nents; i++)
        if (a->ents[i].sysauth >= 0)
            any = 1;
    /* the deepest node of the path (itself included) that sets sysauth */
    const fw_lua_entry *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < a->nents; i++) {
        const fw_lua_entry *o = &a->ents[i];
        size_t l = strlen(o->path);
        if (o->sysauth < 0)
            continue;
        int prefix = l == 0 || (strncmp(en->path, o->path, l) == 0 &&
                                (en->path[l] == '/' || en->path[l] == '\0'));
        if (prefix && (!best || l > best_len)) {
            best = o;
            best_len = l;
        }
    }
    if (best && best->sysauth) {
        en->auth = FW_WEB_AUTH_REQUIRED;
        en->why = fw_xasprintf("LuCI entry %s requires a login (sysauth on \"%s\", %s:%u)",
                               en->path, best->path, fw_node_syspath(best->ctrl->node),
                               best->line);
    } else if (best || any) {
        en->auth = FW_WEB_AUTH_NONE;
        en->why = best ? fw_xasprintf("LuCI entry %s is reachable without a login (sysauth = "
                                      "false on \"%s\", %s:%u)", en->path, best->path,
                                      fw_node_syspath(best->ctrl->node), best->line)
                       : fw_xasprintf("LuCI entry %s is reachable without a login (no node "
                                      "on its path sets sysauth)", en->path);
    } else {
        en->auth = FW_WEB_AUTH_UNKNOWN;
        en->why = fw_xasprintf("LuCI entry %s: no sysauth in the application, login not known",
                               en->path);
    }
}

static int auth_rank(fw_web_auth x)
{
    return x == FW_WEB_AUTH_NONE ? 0 : x == FW_WEB_AUTH_UNKNOWN ? 1 : 2;
}


/* ---- entry points ------------------------------------------------------ */

static const fw_node *find_node(fw_lua_app *a, const char *dir, const char *name, const char *ext)
{
    if (strstr(name, ".."))
        return NULL;
    char path[512];
    snprintf(path, sizeof path, "%s%s%s", dir, name, ext);
    fw_node *n = fw_ns_resolve(a->ns, path);
    return n && n->type == FW_NODE_FILE ? n : NULL;
}

/* Is `obj.datatype = ...` set for the option the callback at token `at`
 * belongs to: between the last `obj = ...` before it and the next one
 * after it (models reuse one name, o, for option after option)? */
static int has_datatype(const fw_lua_file *f, const char *obj, size_t ol, size_t at)
{
    const fw_lua_tok *t = f->toks.v;
    size_t from = 0, to = f->toks.n;
    for (size_t i = 0; i + 1 < f->toks.n; i++) {
        int set = t[i].kind == FW_LT_NAME && t[i].len == ol &&
                  memcmp(f->src + t[i].off, obj, ol) == 0 && is_kw(f, i + 1, "=") &&
                  (i == 0 || !is_kw(f, i - 1, "."));
        if (set && i < at)
            from = i;
        else if (set && i > at) {
            to = i;
            break;
        }
    }
    for (size_t i = from; i + 3 < to; i++)
        if (t[i].kind == FW_LT_NAME && t[i].len == ol && memcmp(f->src + t[i].off, obj, ol) == 0 &&
            is_kw(f, i + 1, ".") && is_kw(f, i + 2, "datatype") && is_kw(f, i + 3, "="))
            return 1;
    return 0;
}

/* A CBI model: its main chunk, then the callbacks CBI calls on its
 * objects (X.name = function / function X.name): write(self, section,
 * value) gets the submitted value (validated by CBI when the option has a
 * datatype), a SimpleForm's handle(self, state, data) the submitted
 * fields; the others (cfgvalue, parse, on_commit ...) run with clean
 * arguments. */
static void run_cbi(fw_lua_app *a, fw_lua_file *f)
{
    if (f->evaluated)
        return;
    f->evaluated = 1;
    fw_lua_eval_main(a, f);
    for (size_t i = 0; i < f->nfuncs && !a->stop; i++) {
        fw_lua_func *fn = &f->funcs[i];
        if (fn->last == fn->name || fn->local)
            continue;
        size_t ol = (size_t)(fn->last - 1 - fn->name);
        fw_lua_val args[3] = { { 0 } };
        int write = strcmp(fn->last, "write") == 0, handle = strcmp(fn->last, "handle") == 0;
        if ((write && !has_datatype(f, fn->name, ol, fn->tok)) || handle) {
            const char *src = fw_lua_asprintf(a, "CBI form %s of %.*s (%s)",
                                           write ? "value" : "data", (int)ol, fn->name,
                                           f->mod ? f->mod : "model");
            uint32_t line = f->toks.v[fn->tok].line;
            args[2].t = fw_lua_source(a, f->node, line, fw_lua_line_text(a, f, line), src);
        }
        /* o.write(self, section, value); o:write(section, value) binds self too */
        fw_lua_eval_call(a, fn, args, 3);
    }
}

static void run_view(fw_lua_app *a, fw_lua_file *f)
{
    if (f->evaluated)
        return;
    f->evaluated = 1;
    fw_lua_eval_main(a, f);
}

static void run_target(fw_lua_app *a, fw_lua_entry *en, int k)
{
    const char *name = en->tname[k];
    if (!name)
        return;
    if (en->tgt[k] == FW_TGT_CALL) {
        fw_lua_func *fn = fw_lua_file_func(en->ctrl, name);
        if (!fn)
            return;
        fw_lua_val args[FW_MAX_LUA_ARGS] = { { 0 } };
        size_t n = 0;
        if (en->leaf) {
            /* the path segments after the entry's are the arguments */
            const char *src = fw_lua_asprintf(a, "URL path segment after LuCI entry %s", en->path);
            const fw_lua_step *s = fw_lua_source(a, en->ctrl->node, en->line,
                                           fw_lua_asprintf(a, "%s  [leaf: the URL's further "
                                                        "segments are %s()'s arguments]",
                                                        en->text, name), src);
            for (n = 0; n < FW_MAX_LUA_ARGS; n++)
                args[n].t = s;
        }
        fw_lua_eval_call(a, fn, args, n);
    } else if (en->tgt[k] == FW_TGT_CBI) {
        const fw_node *nd = find_node(a, "/usr/lib/lua/luci/model/cbi/", name, ".lua");
        fw_lua_file *f = nd ? fw_lua_app_load(a, nd, FW_LF_CBI) : NULL;
        if (f)
            run_cbi(a, f);
    } else if (en->tgt[k] == FW_TGT_TEMPLATE) {
        const fw_node *nd = find_node(a, "/usr/lib/lua/luci/view/", name, ".htm");
        fw_lua_file *f = nd ? fw_lua_app_load(a, nd, FW_LF_VIEW) : NULL;
        if (f)
            run_view(a, f);
    }
}

/* Does a file in a CGI directory start with a Lua #! line? */
static int lua_shebang(const fw_node *n)
{
    unsigned char head[128];
    size_t got = 0;
    fw_error err = { 0 };
    if (fw_node_head(n, head, sizeof head - 1, &got, &err) != FW_OK || got < 4)
        return 0;
    head[got] = '\0';
    if (head[0] != '#' || head[1] != '!')
        return 0;
    char *nl = memchr(head, '\n', got);
    if (nl)
        *nl = '\0';
    return strstr((char *)head, "lua") != NULL;
}

static int lua_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    (void)state;
    const fw_rule *rule = fw_check_rule(ctx, CK_LUA);
    if (!rule)
        return FW_OK;
    fw_lua_app a = { .ctx = ctx, .ns = ns, .check = CK_LUA };
    const char *pq = fw_rule_param(rule, "percent-q");
    a.q_unsafe = pq && strcmp(pq, "shell-unsafe") == 0;
    const fw_node **ctrls = NULL, **views = NULL, **cgis = NULL;
    size_t nc = 0, cc = 0, nv = 0, cv = 0, ng = 0, cg = 0;
    for (size_t i = 0; i < ns->count; i++) {
        const fw_node *n = ns->nodes[i];
        if (n->type != FW_NODE_FILE || n->is_container)
            continue;
        const char *p = fw_node_syspath(n);
        if (starts_with(p, "/usr/lib/lua/luci/controller/") && ends_with(p, ".lua")) {
            FW_XGROW(ctrls, cc, nc + 1);
            ctrls[nc++] = n;
        } else if (starts_with(p, "/usr/lib/lua/luci/view/") && ends_with(p, ".htm")) {
            FW_XGROW(views, cv, nv + 1);
            views[nv++] = n;
        } else if ((strstr(p, "/cgi-bin/") && (ends_with(p, ".lua") || lua_shebang(n))) ||
                   (ends_with(p, ".lua") && !starts_with(p, "/usr/lib/lua/") &&
                    !starts_with(p, "/usr/share/lua/") && !starts_with(p, "/usr/local/") &&
                    fw_web_route_of(ctx, n).served)) {
            FW_XGROW(cgis, cg, ng + 1);
            cgis[ng++] = n;
        }
    }
    /* LuCI: the dispatcher tree from every controller's index() */
    a.collect = 1;
    for (size_t i = 0; i < nc && !a.stop; i++) {
        fw_lua_file *f = fw_lua_app_load(&a, ctrls[i], FW_LF_CONTROLLER);
        if (!f)
            continue;
        fw_lua_eval_main(&a, f);
        fw_lua_func *idx = fw_lua_file_func(f, "index");
        if (idx)
            fw_lua_eval_call(&a, idx, NULL, 0);
    }
    a.collect = 0;
    /* reset what index() cached: targets run with their own arguments */
    for (size_t i = 0; i < a.nfiles; i++)
        for (size_t k = 0; k < a.files[i]->nfuncs; k++)
            a.files[i]->funcs[k].cached = 0;
    for (size_t i = 0; i < a.nents; i++)
        entry_auth(&a, &a.ents[i]);
    /* the most exposed first: a function several entries reach is
     * reported (once) with the least protected of them */
    for (int rank = 0; rank < 3; rank++)
        for (size_t i = 0; i < a.nents && !a.stop; i++) {
            fw_lua_entry *en = &a.ents[i];
            if (auth_rank(en->auth) != rank)
                continue;
            a.auth = en->auth;
            a.auth_why = en->why;
            for (int k = 0; k < 2; k++)
                run_target(&a, en, k);
        }
    /* views rendered from other views and models */
    a.auth = FW_WEB_AUTH_UNKNOWN;
    a.auth_why = NULL;
    for (size_t i = 0; i < nv && !a.stop; i++) {
        fw_lua_file *f = fw_lua_app_load(&a, views[i], FW_LF_VIEW);
        if (f)
            run_view(&a, f);
    }
    /* plain Lua CGIs: no login of their own */
    a.auth = FW_WEB_AUTH_NONE;
    a.cgi = 1;
    for (size_t i = 0; i < ng && !a.stop; i++) {
        fw_lua_file *f = fw_lua_app_load(&a, cgis[i], FW_LF_CGI);
        if (!f || f->evaluated)
            continue;
        f->evaluated = 1;
        a.auth_why = fw_lua_asprintf(&a, "%s is a Lua CGI outside LuCI's dispatcher: no login "
                                  "in the script", fw_node_syspath(f->node));
        fw_lua_eval_main(&a, f);
        fw_lua_func *h = fw_lua_file_func(f, "handle_request");
        if (h) {
            /* uhttpd's Lua handler: handle_request(env) gets the request */
            fw_lua_val env = { 0 };
            uint32_t line = f->toks.v[h->tok].line;
            env.t = fw_lua_source(&a, f->node, line, fw_lua_line_text(&a, f, line),
                               "uhttpd handle_request(env)");
            fw_lua_eval_call(&a, h, &env, 1);
        }
    }
    free(ctrls);
    free(views);
    free(cgis);
    app_release(&a);
    return FW_OK;
}

const fw_analyzer fw_analyzer_lua_taint = {
    .name = "lua-taint",
    .checks = lua_checks,
    .scan_ns = lua_scan_ns,
};
