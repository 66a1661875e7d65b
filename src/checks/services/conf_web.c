/* conf_web.c: web server credential files (conf_int.h). lighttpd with
 * auth.backend = "plain" reads auth.backend.plain.userfile, a file of
 * "user:password" lines in clear: every line is a shipped password,
 * reported on the user file's line (redacted), with the lighttpd.conf line
 * that names it. Included files (`include "conf.d/NAME.conf"`, or a glob of them) are read one
 * level deep. BusyBox httpd.conf clear-text lines are a pattern rule
 * (busybox-httpd-cleartext-auth in rules/service-config.rules): not here. */
#include <stdlib.h>
#include <string.h>
#include "checks/services/conf_int.h"
#include "checks/passwords/cracker.h"
#include "core/escape.h"
#include "core/xalloc.h"

typedef struct lt_auth {
    int plain;
    char *userfile;
    uint64_t line;           /* of the userfile directive */
    const fw_node *where;    /* the file it is in */
} lt_auth;

/* A quoted string value of `key = "..."` on this line, or NULL (new string). */
static char *quoted_value(const fw_line *ln, const char *key)
{
    const char *k, *v;
    size_t kl, vl;
    if (!fw_conf_kv(ln, "=", &k, &kl, &v, &vl) || !fw_conf_eq(k, kl, key))
        return NULL;
    if (vl < 2 || v[0] != '"')
        return NULL;
    const char *e = memchr(v + 1, '"', vl - 1);
    return e ? fw_xstrndup(v + 1, (size_t)(e - v - 1)) : NULL;
}

static void scan_text(const fw_conf_job *j, const fw_node *n, const char *text, size_t len,
                      lt_auth *a, int depth);

static void scan_include(const fw_conf_job *j, const char *dir, const char *inc, lt_auth *a,
                         int depth)
{
    char *path = inc[0] == '/' ? fw_xstrdup(inc) : fw_xasprintf("%s/%s", dir, inc);
    const fw_node **files = NULL;
    size_t nf = 0;
    const fw_node *one = NULL;
    char *star = strchr(path, '*');
    if (star) {   /* a glob "conf.d/STAR.conf": every file of the directory with that suffix */
        char *slash = strrchr(path, '/');
        if (slash && slash < star) {
            *slash = '\0';
            const char *suffix = star + 1;
            nf = fw_svc_list_dir(j->g, path, &files);
            for (size_t i = 0; i < nf; i++) {
                const char *p = files[i]->path;
                size_t pl = strlen(p), sl = strlen(suffix);
                if (pl < sl || strcmp(p + pl - sl, suffix) != 0)
                    files[i] = NULL;
            }
        }
    } else {
        one = fw_ns_resolve(j->g->ns, path);
        files = &one;
        nf = one ? 1 : 0;
    }
    for (size_t i = 0; i < nf; i++) {
        fw_blob blob;
        if (!files[i] || fw_svc_open_text(j->g, files[i], &blob) != 0)
            continue;
        if (fw_blob_is_text(&blob))
            scan_text(j, files[i], (const char *)blob.data, SVC_TEXT_LEN(&blob), a, depth + 1);
        fw_blob_close(&blob);
    }
    if (files != &one)
        free(files);
    free(path);
}

static void scan_text(const fw_conf_job *j, const fw_node *n, const char *text, size_t len,
                      lt_auth *a, int depth)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, text, len);
    while (fw_lines_next(&it, &ln)) {
        if (fw_conf_is_comment(&ln, "#"))
            continue;
        char *v;
        if ((v = quoted_value(&ln, "auth.backend"))) {
            a->plain = strcmp(v, "plain") == 0;
            free(v);
        } else if ((v = quoted_value(&ln, "auth.backend.plain.userfile"))) {
            free(a->userfile);
            a->userfile = v;
            a->line = ln.lineno;
            a->where = n;
        } else if (depth == 0) {
            const char *s = ln.s;
            size_t sl = ln.len;
            fw_conf_trim(&s, &sl);
            if (sl > 9 && strncmp(s, "include", 7) == 0 && (s[7] == ' ' || s[7] == '\t')) {
                const char *q = memchr(s, '"', sl);
                const char *e = q ? memchr(q + 1, '"', sl - (size_t)(q + 1 - s)) : NULL;
                if (e) {
                    char *inc = fw_xstrndup(q + 1, (size_t)(e - q - 1));
                    char *dir = fw_xstrdup(fw_node_syspath(j->cfg));
                    char *slash = strrchr(dir, '/');
                    if (slash)
                        *slash = '\0';
                    scan_include(j, dir, inc, a, depth);
                    free(dir);
                    free(inc);
                }
            }
        }
    }
}

static void lighttpd_judge(const fw_conf_job *j)
{
    lt_auth a = { 0 };
    scan_text(j, j->cfg, j->text, j->len, &a, 0);
    const fw_node *uf = a.plain && a.userfile ? fw_ns_resolve(j->g->ns, a.userfile) : NULL;
    fw_blob blob;
    if (uf && fw_svc_open_text(j->g, uf, &blob) == 0) {
        fw_line_iter it;
        fw_line ln;
        fw_lines_init(&it, blob.data, SVC_TEXT_LEN(&blob));
        while (fw_blob_is_text(&blob) && fw_lines_next(&it, &ln)) {
            const char *u, *p;
            size_t ul, pl;
            if (fw_conf_is_comment(&ln, "#") || !fw_conf_kv(&ln, ":", &u, &ul, &p, &pl) ||
                fw_conf_placeholder(p, pl))
                continue;
            char *user = fw_xstrndup(u, ul);
            char *red = fw_redact(p, pl);   /* the excerpt never shows the password */
            char *ex = fw_xasprintf("%s:%s", user, red);
            free(red);
            fw_conf_emit(j, FW_CONF_CK_WEB_PLAIN_USERS, uf, ln.lineno, ex, user,
                         "lighttpd web login \"%s\" stored in clear text (auth.backend "
                         "\"plain\", userfile named in %s:%llu)", user,
                         fw_node_syspath(a.where), (unsigned long long)a.line);
            /* a published default says more: its rule supersedes the one above */
            fw_default_match dm = fw_cracker_known(j->g->defaults, u, ul, p, pl);
            if (dm.known)
                fw_conf_emit(j, FW_CONF_CK_WEB_DEFAULT, uf, ln.lineno, ex, user,
                             "lighttpd web login \"%s\" has the published default password "
                             "\"%s\" (%s%s%s), in clear text (userfile named in %s:%llu)",
                             user, dm.password, dm.source, dm.vendors ? ": " : "",
                             dm.vendors ? dm.vendors : "", fw_node_syspath(a.where),
                             (unsigned long long)a.line);
            free(user);
            free(ex);
        }
        fw_blob_close(&blob);
    }
    free(a.userfile);
}

static const char *const lt_daemons[] = { "lighttpd", NULL };
static const char *const lt_paths[] = { "/etc/lighttpd/lighttpd.conf", "/etc/lighttpd.conf",
                                        NULL };
const fw_conf_family fw_conf_lighttpd = {
    .name = "lighttpd", .daemons = lt_daemons, .paths = lt_paths, .judge = lighttpd_judge,
};
