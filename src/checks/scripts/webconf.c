/* webconf.c: the web servers' configurations, read into a web map
 * (webroot_int.h): which directories each serves at which URL, and which
 * URL prefixes a login protects.
 *
 *   uhttpd      /etc/config/uhttpd: each `config uhttpd` section's home,
 *               cgi_prefix, lua_prefix (LuCI under /usr/lib/lua/luci),
 *               and the basic-auth lines of its `option config` file
 *               (default /etc/httpd.conf). `option realm` only names the
 *               login's realm: uhttpd asks for one only on the paths the
 *               config file lists.
 *   lighttpd    /etc/lighttpd/lighttpd.conf and its includes:
 *               server.document-root, alias.url, auth.require (its keys,
 *               inside a $HTTP["url"] condition that condition's prefix)
 *   BusyBox     an init script or inittab starting `httpd` (a link to
 *               busybox, or `busybox httpd`): -h DIR (default /www), -c FILE
 *               (default /etc/httpd.conf) with its `/url:user:pass` lines
 *   boa         /etc/boa/boa.conf: DocumentRoot, ScriptAlias, Alias, Auth
 *   nginx       /etc/nginx/nginx.conf and includes: root, alias per
 *               location, auth_basic (not `off`)
 *   mini_httpd, thttpd: dir= in their config; a .htpasswd in the served
 *               directory guards it. GoAhead: its binary and the directory
 *               it serves by default (/etc_ro/web, /webs, /web), no config.
 *
 * What a reader does not understand it skips (the next statement); a
 * config it cannot read adds nothing. Never executes anything: lighttpd's
 * include_shell is not followed.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/script.h"
#include "checks/scripts/webroot_int.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/xalloc.h"

/* ---- helpers ----------------------------------------------------------- */

typedef struct conf {
    const fw_node *node;
    fw_blob blob;
    int open;
} conf;

static int conf_open(conf *c, const fw_ns *ns, const char *path)
{
    memset(c, 0, sizeof *c);
    const fw_node *n = fw_ns_resolve(ns, path);
    if (!n || (n->type != FW_NODE_FILE && n->type != FW_NODE_HARDLINK) || n->is_container)
        return 0;
    fw_error err = { 0 };
    if (fw_node_open(n, &c->blob, &err) != FW_OK)
        return 0;
    if (c->blob.size > FW_MAX_WEB_CONFIG_BYTES)
        c->blob.size = FW_MAX_WEB_CONFIG_BYTES;
    c->node = n;
    c->open = 1;
    return 1;
}

static void conf_close(conf *c)
{
    if (c->open)
        fw_blob_close(&c->blob);
    c->open = 0;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* The next word of s[*i, n): quoted ('..' or "..") or bare up to a blank
 * or one of `stop`; copied unquoted into out. 0 at the end. */
static int next_word(const char *s, size_t n, size_t *i, char *out, size_t outsz,
                     const char *stop)
{
    size_t p = *i;
    while (p < n && is_space(s[p]))
        p++;
    if (p >= n)
        return 0;
    size_t o = 0;
    if (s[p] == '\'' || s[p] == '"') {
        char q = s[p++];
        while (p < n && s[p] != q) {
            if (s[p] == '\\' && q == '"' && p + 1 < n)
                p++;
            if (o + 1 < outsz)
                out[o++] = s[p];
            p++;
        }
        if (p < n)
            p++;
    } else {
        while (p < n && !is_space(s[p]) && !(stop && strchr(stop, s[p]))) {
            if (o + 1 < outsz)
                out[o++] = s[p];
            p++;
        }
        if (o == 0 && p < n) {          /* a stop character on its own */
            out[o++] = s[p++];
        }
    }
    out[o] = '\0';
    *i = p;
    return 1;
}

/* dir joined with url's path below a root, "/www" + "/cgi-bin" */
static char *join(const char *a, const char *b)
{
    size_t al = strlen(a);
    while (al && a[al - 1] == '/')
        al--;
    while (*b == '/')
        b++;
    return fw_xasprintf("%.*s/%s", (int)al, a, b);
}

/* ---- BusyBox httpd.conf (uhttpd reads the same basic-auth lines) -------- */

void fw_webconf_httpd_conf(fw_webmap *m, size_t server, const char *path)
{
    conf c;
    if (!conf_open(&c, m->ns, path))
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, c.blob.data, c.blob.size);
    while (fw_lines_next(&it, &ln)) {
        size_t i = 0;
        while (i < ln.len && is_space(ln.s[i]))
            i++;
        /* "/adm:admin:setup" (BusyBox), "/cgi-bin/luci:root:$p$root"
         * (uhttpd); A:, D:, H:, I:, E404:, *.php: and .ext: are other
         * directives. */
        if (i >= ln.len || ln.s[i] != '/')
            continue;
        const char *colon = memchr(ln.s + i, ':', ln.len - i);
        if (!colon || (size_t)(colon - ln.s) == i)
            continue;
        const char *second = memchr(colon + 1, ':', ln.len - (size_t)(colon + 1 - ln.s));
        if (!second)
            continue;                   /* "/path:user" without a password: not a login */
        char *url = fw_xasprintf("%.*s", (int)(colon - (ln.s + i)), ln.s + i);
        fw_webmap_guard(m, server, url, c.node, ln.lineno);
        free(url);
    }
    conf_close(&c);
}

/* ---- uhttpd ---------------------------------------------------------- */

typedef struct uh_section {
    int active;
    uint64_t line;
    char home[256], cgi[256], lua[256], config[256];
    uint64_t home_line, cgi_line, lua_line;
} uh_section;

static void uh_flush(fw_webmap *m, const fw_node *cfg, uh_section *s)
{
    if (!s->active)
        return;
    size_t srv = fw_webmap_server(m, "uhttpd", cfg, s->line, 1);
    const char *home = s->home[0] ? s->home : "/www";
    uint64_t hl = s->home[0] ? s->home_line : s->line;
    fw_webmap_dir(m, srv, home, "", cfg, hl);
    if (s->cgi[0]) {
        char *d = join(home, s->cgi);
        fw_webmap_dir(m, srv, d, s->cgi, cfg, s->cgi_line);
        free(d);
    }
    /* LuCI: uhttpd's Lua handler (lua_prefix) or /www/cgi-bin/luci runs
     * the controllers under /usr/lib/lua/luci. */
    char *cgi_luci = join(home, "cgi-bin/luci");
    int luci_cgi = fw_ns_resolve(m->ns, cgi_luci) != NULL;
    free(cgi_luci);
    if (s->lua[0])
        fw_webmap_dir(m, srv, "/usr/lib/lua/luci", s->lua, cfg, s->lua_line);
    else if (luci_cgi)
        fw_webmap_dir(m, srv, "/usr/lib/lua/luci", "/cgi-bin/luci", cfg,
                      s->cgi[0] ? s->cgi_line : hl);
    fw_webconf_httpd_conf(m, srv, s->config[0] ? s->config : "/etc/httpd.conf");
    memset(s, 0, sizeof *s);
}

void fw_webconf_uhttpd(fw_webmap *m)
{
    conf c;
    if (!conf_open(&c, m->ns, "/etc/config/uhttpd"))
        return;
    uh_section s = { 0 };
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, c.blob.data, c.blob.size);
    while (fw_lines_next(&it, &ln)) {
        size_t n = fw_script_code_len(SCRIPT_SH, ln.s, ln.len), i = 0;
        char kw[16], key[32], val[256];
        if (!next_word(ln.s, n, &i, kw, sizeof kw, NULL))
            continue;
        if (strcmp(kw, "config") == 0) {
            uh_flush(m, c.node, &s);
            if (next_word(ln.s, n, &i, key, sizeof key, NULL) && strcmp(key, "uhttpd") == 0) {
                s.active = 1;
                s.line = ln.lineno;
            }
            continue;
        }
        if (!s.active || strcmp(kw, "option") != 0 ||
            !next_word(ln.s, n, &i, key, sizeof key, NULL) ||
            !next_word(ln.s, n, &i, val, sizeof val, NULL))
            continue;
        if (strcmp(key, "home") == 0) {
            snprintf(s.home, sizeof s.home, "%s", val);
            s.home_line = ln.lineno;
        } else if (strcmp(key, "cgi_prefix") == 0) {
            snprintf(s.cgi, sizeof s.cgi, "%s", val);
            s.cgi_line = ln.lineno;
        } else if (strcmp(key, "lua_prefix") == 0) {
            snprintf(s.lua, sizeof s.lua, "%s", val);
            s.lua_line = ln.lineno;
        } else if (strcmp(key, "config") == 0) {
            snprintf(s.config, sizeof s.config, "%s", val);
        }
    }
    uh_flush(m, c.node, &s);
    conf_close(&c);
}

/* ---- a tokenizer for lighttpd and nginx ------------------------------- */

typedef struct tok {
    const char *s;
    size_t len;
    uint64_t line;
    int str;                    /* a quoted string (s/len without the quotes) */
} tok;

typedef struct toks {
    tok *v;
    size_t n, cap;
} toks;

/* Words, quoted strings and the punctuation `punct` as single tokens; '#'
 * comments to the end of the line. */
static void tokenize(const char *s, size_t n, const char *punct, toks *t)
{
    uint64_t line = 1;
    size_t i = 0;
    while (i < n && t->n < FW_MAX_WEB_TOKENS) {
        char ch = s[i];
        if (ch == '\n') {
            line++;
            i++;
            continue;
        }
        if (is_space(ch)) {
            i++;
            continue;
        }
        if (ch == '#') {
            while (i < n && s[i] != '\n')
                i++;
            continue;
        }
        tok k = { s + i, 1, line, 0 };
        if (ch == '"' || ch == '\'') {
            size_t j = i + 1;
            while (j < n && s[j] != ch) {
                if (s[j] == '\\' && j + 1 < n)
                    j++;
                if (s[j] == '\n')
                    line++;
                j++;
            }
            k = (tok){ s + i + 1, j - i - 1, k.line, 1 };
            i = j < n ? j + 1 : n;
        } else if (strchr(punct, ch)) {
            /* two-character operators: => += =~ == != !~ := */
            if (i + 1 < n && strchr("=>~", s[i + 1]) && strchr("=+!:", ch))
                k.len = 2;
            i += k.len;
        } else {
            size_t j = i;
            while (j < n && !is_space(s[j]) && s[j] != '\n' && !strchr(punct, s[j]) &&
                   s[j] != '"' && s[j] != '\'' && s[j] != '#')
                j++;
            k.len = j - i;
            i = j;
        }
        FW_XGROW(t->v, t->cap, t->n + 1);
        t->v[t->n++] = k;
    }
}

static int teq(const tok *k, const char *w)
{
    return !k->str && k->len == strlen(w) && memcmp(k->s, w, k->len) == 0;
}

static char *tstr(const tok *k) { return fw_xasprintf("%.*s", (int)k->len, k->s); }

/* ---- lighttpd -------------------------------------------------------- */

typedef struct lt {
    fw_webmap *m;
    size_t srv;
    int n_files;
    char *docroot;              /* for aliases given relative to it: none, kept simple */
    /* var.x = "..." values for server.document-root = var.basedir + "/www" */
    char *var_name[16], *var_val[16];
    size_t n_vars;
} lt;

static void lt_file(lt *L, const char *path, int depth);

/* The string value at t[*i]: "..." [+ var.x | + "..."]*; NULL if none. */
static char *lt_value(lt *L, const toks *t, size_t *i)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    int any = 0;
    for (int guard = 0; *i < t->n && guard < 16; guard++) {
        const tok *k = &t->v[*i];
        if (k->str) {
            fw_sb_addf(&sb, "%.*s", (int)k->len, k->s);
            any = 1;
        } else {
            int found = 0;
            for (size_t v = 0; v < L->n_vars; v++)
                if (strlen(L->var_name[v]) == k->len && memcmp(L->var_name[v], k->s, k->len) == 0) {
                    fw_sb_adds(&sb, L->var_val[v]);
                    found = any = 1;
                }
            if (!found)
                break;
        }
        (*i)++;
        if (*i < t->n && teq(&t->v[*i], "+"))
            (*i)++;
        else
            break;
    }
    if (!any) {
        fw_sb_release(&sb);
        return NULL;
    }
    char *r = fw_xstrdup(fw_sb_str(&sb));
    fw_sb_release(&sb);
    return r;
}

/* An array "( "k" => v, ... )" at t[*i] ('(' there): calls back per
 * top-level key with its string value (NULL for a nested array). */
typedef void (*lt_pair_fn)(lt *L, const tok *key, const tok *val, void *arg);

static void lt_array(lt *L, const toks *t, size_t *i, lt_pair_fn fn, void *arg)
{
    if (*i >= t->n || !teq(&t->v[*i], "("))
        return;
    int depth = 0;
    for (; *i < t->n; (*i)++) {
        const tok *k = &t->v[*i];
        if (teq(k, "(")) {
            depth++;
        } else if (teq(k, ")")) {
            if (--depth == 0) {
                (*i)++;
                return;
            }
        } else if (depth == 1 && k->str && *i + 2 < t->n && teq(&t->v[*i + 1], "=>")) {
            const tok *v = &t->v[*i + 2];
            fn(L, k, v->str ? v : NULL, arg);
        }
        if (depth > FW_MAX_WEB_NESTING)
            return;
    }
}

static void lt_alias(lt *L, const tok *key, const tok *val, void *arg)
{
    const fw_node *cfg = arg;
    if (!val)
        return;
    char *u = tstr(key), *d = tstr(val);
    fw_webmap_dir(L->m, L->srv, d, u, cfg, key->line);
    free(u);
    free(d);
}

typedef struct lt_auth_arg {
    const fw_node *cfg;
    const char *cond;           /* the enclosing $HTTP["url"] prefix, or NULL */
} lt_auth_arg;

static void lt_auth(lt *L, const tok *key, const tok *val, void *arg)
{
    (void)val;
    const lt_auth_arg *a = arg;
    char *u = tstr(key);
    fw_webmap_guard(L->m, L->srv, *u ? u : (a->cond ? a->cond : ""), a->cfg, key->line);
    free(u);
}

/* The literal prefix of a URL condition: == "/x" -> "/x"; =~ "^/cgi-bin/"
 * -> "/cgi-bin/" (up to the first regex metacharacter); else NULL. */
static char *url_prefix(const tok *op, const tok *v)
{
    if (!v->str)
        return NULL;
    if (teq(op, "==") || teq(op, "=^"))
        return tstr(v);
    if (!teq(op, "=~") || v->len < 2 || v->s[0] != '^' || v->s[1] != '/')
        return NULL;
    size_t e = 1;
    while (e < v->len && !strchr(".*+?()[]{}|\\$", v->s[e]))
        e++;
    return fw_xasprintf("%.*s", (int)(e - 1), v->s + 1);
}

static void lt_parse(lt *L, const fw_node *cfg, const char *text, size_t n, int depth)
{
    toks t = { 0 };
    tokenize(text, n, "=+!~:(){}[],$<>", &t);
    char *cond[FW_MAX_WEB_NESTING] = { 0 };
    size_t nc = 0;
    for (size_t i = 0; i < t.n;) {
        const tok *k = &t.v[i];
        if (teq(k, "}")) {
            if (nc)
                free(cond[--nc]);
            i++;
            continue;
        }
        /* $HTTP["url"] =~ "^/admin" {   (other conditions: no URL prefix) */
        if (teq(k, "$") && i + 6 < t.n && teq(&t.v[i + 2], "[") && t.v[i + 3].str &&
            teq(&t.v[i + 4], "]")) {
            int is_url = t.v[i + 3].len == 3 && memcmp(t.v[i + 3].s, "url", 3) == 0;
            char *pre = is_url ? url_prefix(&t.v[i + 5], &t.v[i + 6]) : NULL;
            size_t j = i + 7;
            while (j < t.n && !teq(&t.v[j], "{") && j < i + 16)
                j++;
            if (j < t.n && teq(&t.v[j], "{") && nc < FW_MAX_WEB_NESTING) {
                /* a condition without a URL prefix keeps the enclosing one */
                char *inherit = !pre && nc && cond[nc - 1] ? fw_xstrdup(cond[nc - 1]) : NULL;
                cond[nc] = pre ? pre : inherit;
                nc++;
                i = j + 1;
            } else {
                free(pre);
                i = j + 1;
            }
            continue;
        }
        if (teq(k, "else") && i + 1 < t.n && teq(&t.v[i + 1], "{")) {
            if (nc < FW_MAX_WEB_NESTING)
                cond[nc++] = NULL;
            i += 2;
            continue;
        }
        if (teq(k, "include") && i + 1 < t.n && t.v[i + 1].str) {
            char *p = tstr(&t.v[i + 1]);
            lt_file(L, p, depth + 1);
            free(p);
            i += 2;
            continue;
        }
        if (!k->str && i + 2 < t.n &&
            (teq(&t.v[i + 1], "=") || teq(&t.v[i + 1], "+=") || teq(&t.v[i + 1], ":="))) {
            size_t v = i + 2;
            if (k->len > 4 && memcmp(k->s, "var.", 4) == 0) {
                char *val = lt_value(L, &t, &v);
                if (val && L->n_vars < 16) {
                    L->var_name[L->n_vars] = tstr(k);
                    L->var_val[L->n_vars++] = val;
                } else {
                    free(val);
                }
            } else if (teq(k, "server.document-root")) {
                char *val = lt_value(L, &t, &v);
                if (val)
                    fw_webmap_dir(L->m, L->srv, val, "", cfg, k->line);
                free(val);
            } else if (teq(k, "alias.url")) {
                lt_array(L, &t, &v, lt_alias, (void *)cfg);
            } else if (teq(k, "auth.require")) {
                lt_auth_arg a = { cfg, nc ? cond[nc - 1] : NULL };
                lt_array(L, &t, &v, lt_auth, &a);
            }
            i = v > i + 2 ? v : i + 2;
            continue;
        }
        i++;                    /* not understood: the next token */
    }
    while (nc)
        free(cond[--nc]);
    free(t.v);
}

static void lt_one(lt *L, const char *path, int depth)
{
    conf c;
    if (!conf_open(&c, L->m->ns, path))
        return;
    L->n_files++;
    if (depth == 0)
        L->srv = fw_webmap_server(L->m, "lighttpd", c.node, 1, 1);
    lt_parse(L, c.node, (const char *)c.blob.data, c.blob.size, depth);
    conf_close(&c);
}

/* An include: relative to /etc/lighttpd; a '*' in the last component
 * matches the namespace's files there (conf.d/ *.conf). */
static void lt_file(lt *L, const char *path, int depth)
{
    if (depth > FW_MAX_WEB_NESTING || L->n_files >= FW_MAX_WEB_CONFIG_FILES)
        return;
    char *abs = path[0] == '/' ? fw_xstrdup(path) : join("/etc/lighttpd", path);
    const char *star = strchr(abs, '*');
    const char *slash = strrchr(abs, '/');
    if (!star) {
        lt_one(L, abs, depth);
    } else if (slash && star > slash && !strchr(star + 1, '*')) {
        size_t dl = (size_t)(slash - abs);
        const char *pre = slash + 1, *suf = star + 1;
        size_t pl = (size_t)(star - pre), sl = strlen(suf);
        const fw_ns *ns = L->m->ns;
        for (size_t i = 0; i < ns->count && L->n_files < FW_MAX_WEB_CONFIG_FILES; i++) {
            const char *p = fw_node_syspath(ns->nodes[i]);
            size_t len = strlen(p);
            if (ns->nodes[i]->type != FW_NODE_FILE || len <= dl + 1 + pl + sl ||
                strncmp(p, abs, dl) != 0 || p[dl] != '/' || strchr(p + dl + 1, '/') ||
                strncmp(p + dl + 1, pre, pl) != 0 || strcmp(p + len - sl, suf) != 0)
                continue;
            lt_one(L, p, depth);
        }
    }
    free(abs);
}

void fw_webconf_lighttpd(fw_webmap *m)
{
    static const char *const paths[] = { "/etc/lighttpd/lighttpd.conf", "/etc/lighttpd.conf",
                                         NULL };
    for (size_t p = 0; paths[p]; p++) {
        if (!fw_ns_resolve(m->ns, paths[p]))
            continue;
        lt L = { .m = m };
        lt_file(&L, paths[p], 0);
        for (size_t v = 0; v < L.n_vars; v++) {
            free(L.var_name[v]);
            free(L.var_val[v]);
        }
        return;
    }
}

/* ---- BusyBox httpd, from the script that starts it --------------------- */

/* Is the httpd this command runs BusyBox's? `busybox httpd`, or a link
 * named httpd whose target is busybox. */
static int busybox_httpd(const fw_ns *ns, const char *cmd)
{
    static const char *const where[] = { "/usr/sbin/httpd", "/sbin/httpd", "/bin/httpd",
                                         "/usr/bin/httpd", NULL };
    for (size_t i = 0; where[i]; i++) {
        if (cmd[0] == '/' && strcmp(cmd, where[i]) != 0)
            continue;
        const fw_node *n = fw_ns_get(ns, where[i]);
        if (!n && *ns->root) {
            char *p = fw_xasprintf("%s%s", ns->root, where[i]);
            n = fw_ns_get(ns, p);
            free(p);
        }
        if (n && n->link_target) {
            const char *b = strrchr(n->link_target, '/');
            if (strcmp(b ? b + 1 : n->link_target, "busybox") == 0)
                return 1;
        }
    }
    return 0;
}

static int startup_script(const char *p)
{
    return strncmp(p, "/etc/init.d/", 12) == 0 || strncmp(p, "/etc/rc.d/", 10) == 0 ||
           strcmp(p, "/etc/inittab") == 0 || strcmp(p, "/etc/rc.local") == 0 ||
           strncmp(p, "/etc/rc", 7) == 0;
}

/* One line that runs httpd: its -h, -c and the rest. */
static void bb_line(fw_webmap *m, const fw_node *script, const fw_line *ln)
{
    size_t n = fw_script_code_len(SCRIPT_SH, ln->s, ln->len), i = 0;
    char w[256], home[256] = "", cfg[256] = "";
    int found = 0, bb = 0;
    for (int guard = 0; guard < 64 && next_word(ln->s, n, &i, w, sizeof w, ";|&:"); guard++) {
        if (!found) {
            const char *b = strrchr(w, '/');
            if (strcmp(w, "busybox") == 0 || (b && strcmp(b + 1, "busybox") == 0)) {
                bb = 2;             /* the next word names the applet */
                continue;
            }
            if (strcmp(b ? b + 1 : w, "httpd") == 0 && (bb == 2 || busybox_httpd(m->ns, w)))
                found = 1;
            bb = 0;
            continue;
        }
        if (strchr(";|&", w[0]))
            break;
        if ((strcmp(w, "-h") == 0 || strcmp(w, "-c") == 0) && next_word(ln->s, n, &i,
                                                                   w[1] == 'h' ? home : cfg,
                                                                   256, ";|&")) {
            continue;
        }
    }
    if (!found)
        return;
    size_t srv = fw_webmap_server(m, "httpd (BusyBox)", script, ln->lineno, 1);
    fw_webmap_dir(m, srv, home[0] && home[0] != '$' ? home : "/www", "", script, ln->lineno);
    fw_webconf_httpd_conf(m, srv, cfg[0] && cfg[0] != '$' ? cfg : "/etc/httpd.conf");
}

void fw_webconf_busybox(fw_webmap *m)
{
    const fw_ns *ns = m->ns;
    int files = 0;
    for (size_t i = 0; i < ns->count && files < FW_MAX_WEB_CONFIG_FILES; i++) {
        const fw_node *n = ns->nodes[i];
        if (n->type != FW_NODE_FILE || !startup_script(fw_node_syspath(n)) ||
            n->size > FW_MAX_WEB_CONFIG_BYTES)
            continue;
        fw_blob b;
        fw_error err = { 0 };
        if (fw_node_open(n, &b, &err) != FW_OK)
            continue;
        /* cheap gate: the word httpd somewhere */
        if (b.size >= 5 && memmem(b.data, b.size, "httpd", 5)) {
            files++;
            fw_line_iter it;
            fw_line ln;
            fw_lines_init(&it, b.data, b.size);
            while (fw_lines_next(&it, &ln))
                if (ln.len >= 5 && memmem(ln.s, ln.len, "httpd", 5))
                    bb_line(m, n, &ln);
        }
        fw_blob_close(&b);
    }
}

/* ---- boa ------------------------------------------------------------- */

void fw_webconf_boa(fw_webmap *m)
{
    static const char *const paths[] = { "/etc/boa/boa.conf", "/etc/boa.conf", NULL };
    for (size_t p = 0; paths[p]; p++) {
        conf c;
        if (!conf_open(&c, m->ns, paths[p]))
            continue;
        size_t srv = fw_webmap_server(m, "boa", c.node, 1, 1);
        fw_line_iter it;
        fw_line ln;
        fw_lines_init(&it, c.blob.data, c.blob.size);
        while (fw_lines_next(&it, &ln)) {
            size_t n = fw_script_code_len(SCRIPT_SH, ln.s, ln.len), i = 0;
            char kw[32], a[256], b[256];
            if (!next_word(ln.s, n, &i, kw, sizeof kw, NULL) ||
                !next_word(ln.s, n, &i, a, sizeof a, NULL))
                continue;
            int two = next_word(ln.s, n, &i, b, sizeof b, NULL);
            if (strcmp(kw, "DocumentRoot") == 0)
                fw_webmap_dir(m, srv, a, "", c.node, ln.lineno);
            else if ((strcmp(kw, "ScriptAlias") == 0 || strcmp(kw, "Alias") == 0) && two)
                fw_webmap_dir(m, srv, b, a, c.node, ln.lineno);
            else if (strcmp(kw, "Auth") == 0)      /* boa's "Auth /path passwdfile" */
                fw_webmap_guard(m, srv, a, c.node, ln.lineno);
        }
        conf_close(&c);
        return;
    }
}

/* ---- nginx ------------------------------------------------------------ */

typedef struct ngx {
    fw_webmap *m;
    size_t srv;
    int n_files;
} ngx;

static void ngx_file(ngx *X, const char *path, int depth);

static void ngx_parse(ngx *X, const fw_node *cfg, const char *text, size_t n, int depth)
{
    toks t = { 0 };
    tokenize(text, n, "{};", &t);
    /* the location of each open block (NULL: not a plain-prefix location) */
    char *loc[FW_MAX_WEB_NESTING] = { 0 };
    int is_loc[FW_MAX_WEB_NESTING] = { 0 };
    size_t nb = 0;
    for (size_t i = 0; i < t.n;) {
        /* one statement: words up to ; { or } */
        size_t s = i;
        while (i < t.n && !teq(&t.v[i], ";") && !teq(&t.v[i], "{") && !teq(&t.v[i], "}"))
            i++;
        size_t nw = i - s;
        const tok *w = &t.v[s];
        const char *cur = NULL;
        for (size_t b = nb; b-- > 0;)
            if (is_loc[b]) {
                cur = loc[b];
                break;
            }
        int in_loc = 0;
        for (size_t b = 0; b < nb; b++)
            in_loc |= is_loc[b];
        if (i < t.n && teq(&t.v[i], "{")) {
            if (nb < FW_MAX_WEB_NESTING) {
                is_loc[nb] = nw >= 2 && teq(&w[0], "location");
                /* location /x, location ^~ /x, location = /x: a prefix;
                 * a regex (~, ~*) or a named @x location: none known */
                loc[nb] = NULL;
                if (is_loc[nb]) {
                    const tok *p = &w[1];
                    if ((teq(p, "^~") || teq(p, "=")) && nw >= 3)
                        p = &w[2];
                    if (p->len && p->s[0] == '/')
                        loc[nb] = tstr(p);
                }
                nb++;
            }
            i++;
            continue;
        }
        if (i < t.n && teq(&t.v[i], "}")) {
            if (nb) {
                nb--;
                free(loc[nb]);
                loc[nb] = NULL;
            }
            i++;
            continue;
        }
        i++;                            /* the ';' */
        if (nw < 2)
            continue;
        char *arg = tstr(&w[1]);
        if (teq(&w[0], "include")) {
            ngx_file(X, arg, depth + 1);
        } else if (teq(&w[0], "root") && (!in_loc || cur)) {
            if (cur) {                  /* files under root + location, at location */
                char *d = join(arg, cur);
                fw_webmap_dir(X->m, X->srv, d, cur, cfg, w[0].line);
                free(d);
            } else {
                fw_webmap_dir(X->m, X->srv, arg, "", cfg, w[0].line);
            }
        } else if (teq(&w[0], "alias") && cur) {
            fw_webmap_dir(X->m, X->srv, arg, cur, cfg, w[0].line);
        } else if (teq(&w[0], "auth_basic") && strcmp(arg, "off") != 0 && (!in_loc || cur)) {
            fw_webmap_guard(X->m, X->srv, cur ? cur : "", cfg, w[0].line);
        }
        free(arg);
    }
    while (nb)
        free(loc[--nb]);
    free(t.v);
}

static void ngx_one(ngx *X, const char *path, int depth)
{
    conf c;
    if (!conf_open(&c, X->m->ns, path))
        return;
    X->n_files++;
    if (depth == 0)
        X->srv = fw_webmap_server(X->m, "nginx", c.node, 1, 1);
    ngx_parse(X, c.node, (const char *)c.blob.data, c.blob.size, depth);
    conf_close(&c);
}

static void ngx_file(ngx *X, const char *path, int depth)
{
    if (depth > FW_MAX_WEB_NESTING || X->n_files >= FW_MAX_WEB_CONFIG_FILES)
        return;
    char *abs = path[0] == '/' ? fw_xstrdup(path) : join("/etc/nginx", path);
    const char *star = strchr(abs, '*'), *slash = strrchr(abs, '/');
    if (!star) {
        ngx_one(X, abs, depth);
    } else if (slash && star > slash && !strchr(star + 1, '*')) {
        size_t dl = (size_t)(slash - abs);
        const char *pre = slash + 1, *suf = star + 1;
        size_t pl = (size_t)(star - pre), sl = strlen(suf);
        const fw_ns *ns = X->m->ns;
        for (size_t i = 0; i < ns->count && X->n_files < FW_MAX_WEB_CONFIG_FILES; i++) {
            const char *p = fw_node_syspath(ns->nodes[i]);
            size_t len = strlen(p);
            if (ns->nodes[i]->type != FW_NODE_FILE || len < dl + 1 + pl + sl ||
                strncmp(p, abs, dl) != 0 || p[dl] != '/' || strchr(p + dl + 1, '/') ||
                strncmp(p + dl + 1, pre, pl) != 0 || strcmp(p + len - sl, suf) != 0)
                continue;
            ngx_one(X, p, depth);
        }
    }
    free(abs);
}

void fw_webconf_nginx(fw_webmap *m)
{
    if (!fw_ns_resolve(m->ns, "/etc/nginx/nginx.conf"))
        return;
    ngx X = { .m = m };
    ngx_file(&X, "/etc/nginx/nginx.conf", 0);
}

/* ---- mini_httpd, thttpd, GoAhead ---------------------------------------- */

/* A .htpasswd in dir or a directory below it on the way to ... : thttpd
 * and mini_httpd ask for a login in a directory holding one. Only the
 * served directory itself is looked at here. */
static void htpasswd_guard(fw_webmap *m, size_t srv, const char *dir)
{
    char *p = join(dir, ".htpasswd");
    const fw_node *n = fw_ns_resolve(m->ns, p);
    if (n)
        fw_webmap_guard(m, srv, "", n, 1);
    free(p);
}

void fw_webconf_small(fw_webmap *m)
{
    static const struct { const char *name, *conf; } eq[] = {
        { "mini_httpd", "/etc/mini_httpd.conf" }, { "mini_httpd", "/etc/mini_httpd/mini_httpd.conf" },
        { "thttpd", "/etc/thttpd.conf" }, { NULL, NULL },
    };
    for (size_t k = 0; eq[k].name; k++) {
        conf c;
        if (!conf_open(&c, m->ns, eq[k].conf))
            continue;
        size_t srv = fw_webmap_server(m, eq[k].name, c.node, 1, 1);
        fw_line_iter it;
        fw_line ln;
        fw_lines_init(&it, c.blob.data, c.blob.size);
        while (fw_lines_next(&it, &ln)) {
            size_t n = fw_script_code_len(SCRIPT_SH, ln.s, ln.len);
            if (n > 4 && memcmp(ln.s, "dir=", 4) == 0) {
                char *d = fw_xasprintf("%.*s", (int)(n - 4), ln.s + 4);
                fw_webmap_dir(m, srv, d, "", c.node, ln.lineno);
                htpasswd_guard(m, srv, d);
                free(d);
            }
        }
        conf_close(&c);
    }
    /* GoAhead keeps its document root compiled in: the binary and the
     * directory it serves by default; no config says who may log in. */
    static const char *const bins[] = { "/bin/goahead", "/usr/bin/goahead", "/sbin/goahead",
                                        "/usr/sbin/goahead", "/bin/webs", NULL };
    static const char *const dirs[] = { "/etc_ro/web", "/webs", "/web", NULL };
    for (size_t b = 0; bins[b]; b++) {
        const fw_node *bin = fw_ns_resolve(m->ns, bins[b]);
        if (!bin)
            continue;
        for (size_t d = 0; dirs[d]; d++)
            if (fw_ns_exists(m->ns, dirs[d])) {
                size_t srv = fw_webmap_server(m, "goahead", bin, 0, 0);
                fw_webmap_dir(m, srv, dirs[d], "", NULL, 0);
                break;
            }
        break;
    }
}
