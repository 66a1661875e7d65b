/* webroot.c: which files the image's web servers serve, and whether a login
 * protects them (taint.h). The map of a namespace is built once from the
 * servers' configurations (webconf.c) and kept in the check context, since
 * every finding asks. A file under a configured directory gets that
 * server's route; a file only under a conventional root (/www, ...) is
 * served as far as we know, by no server we could read. */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/webroot_int.h"
#include "core/xalloc.h"

size_t fw_webmap_server(fw_webmap *m, const char *name, const fw_node *config, uint64_t line,
                        int configured)
{
    if (m->n_servers == FW_MAX_WEB_SERVERS)
        return m->n_servers - 1;
    m->servers[m->n_servers] = (fw_web_server){ name, config, line, configured };
    return m->n_servers++;
}

/* "/www/" -> "/www", "www" -> "/www"; NULL when it cannot be a path. */
static char *norm_dir(const char *d)
{
    if (!d || !*d)
        return NULL;
    char *abs = d[0] == '/' ? fw_xstrdup(d) : fw_xasprintf("/%s", d);
    char *n = fw_path_normalize(abs);
    free(abs);
    return n;
}

void fw_webmap_dir(fw_webmap *m, size_t server, const char *dir, const char *url,
                   const fw_node *config, uint64_t line)
{
    char *d = norm_dir(dir);
    if (!d)
        return;
    if (m->n_dirs == FW_MAX_WEB_DIRS) {
        free(d);
        return;
    }
    /* "/cgi-bin/" and "/cgi-bin" are one prefix; the site's root is "". */
    size_t ul = url ? strlen(url) : 0;
    while (ul && url[ul - 1] == '/')
        ul--;
    char *u = fw_xcalloc(1, ul + 1);
    if (ul)
        memcpy(u, url, ul);
    m->dirs[m->n_dirs++] = (fw_web_dir){ d, u, server, config, line };
}

void fw_webmap_guard(fw_webmap *m, size_t server, const char *url, const fw_node *config,
                     uint64_t line)
{
    if (m->n_guards == FW_MAX_WEB_GUARDS)
        return;
    size_t ul = url ? strlen(url) : 0;
    if (ul == 1 && url[0] == '/')
        ul = 0;                     /* "/" guards everything */
    char *u = fw_xcalloc(1, ul + 1);
    if (ul)
        memcpy(u, url, ul);
    m->guards[m->n_guards++] = (fw_web_guard){ u, server, config, line };
}

static void webmap_free(void *p)
{
    fw_webmap *m = p;
    for (size_t i = 0; i < m->n_dirs; i++) {
        free(m->dirs[i].dir);
        free(m->dirs[i].url);
    }
    for (size_t i = 0; i < m->n_guards; i++)
        free(m->guards[i].url);
    free(m);
}

static fw_webmap *webmap_of(fw_check_ctx *ctx, const fw_ns *ns)
{
    static const char key = 0;    /* this file's cache key */
    fw_webmap *m = fw_check_cache_get(ctx, &key, ns);
    if (m)
        return m;
    m = fw_xcalloc(1, sizeof *m);
    m->ns = ns;
    fw_webconf_uhttpd(m);
    fw_webconf_lighttpd(m);
    fw_webconf_busybox(m);
    fw_webconf_boa(m);
    fw_webconf_nginx(m);
    fw_webconf_small(m);
    fw_check_cache_put(ctx, &key, ns, m, webmap_free);
    return m;
}

/* The length of dir when path is dir or below it, else 0. */
static size_t under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return 1;
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0') ? n : 0;
}

fw_web_route fw_web_route_of(fw_check_ctx *ctx, const fw_node *file)
{
    static const char *const roots[] = { "/www", "/var/www", "/usr/lib/lua/luci", "/webs",
                                         "/web", "/home/httpd", "/srv/www", "/usr/www",
                                         "/etc_ro/web", NULL };
    fw_web_route r = { 0 };
    const char *p = fw_node_syspath(file);
    const fw_webmap *m = webmap_of(ctx, file->ns);
    /* The most specific served directory (an alias inside the root wins). */
    const fw_web_dir *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < m->n_dirs; i++) {
        size_t n = under(p, m->dirs[i].dir);
        if (n && n >= best_len) {
            best = &m->dirs[i];
            best_len = n;
        }
    }
    if (!best) {
        for (size_t i = 0; roots[i]; i++)
            if (under(p, roots[i]))
                r.served = 1;
        return r;
    }
    const fw_web_server *s = &m->servers[best->server];
    r.served = 1;
    r.server = s->name;
    r.config = best->config;
    r.config_line = best->line;
    r.auth = s->configured ? FW_WEB_AUTH_NONE : FW_WEB_AUTH_UNKNOWN;
    /* The URL the file is requested at: the directory's URL prefix and the
     * rest of the path; a login rule on a prefix of it covers it (servers
     * compare plain prefixes). */
    const char *rest = best_len == 1 ? p : p + best_len;
    char *url = fw_xasprintf("%s%s", best->url, rest);
    for (size_t i = 0; i < m->n_guards; i++) {
        const fw_web_guard *g = &m->guards[i];
        if (g->server == best->server && strncmp(url, g->url, strlen(g->url)) == 0) {
            r.auth = FW_WEB_AUTH_REQUIRED;
            r.config = g->config;
            r.config_line = g->line;
            break;
        }
    }
    free(url);
    return r;
}
