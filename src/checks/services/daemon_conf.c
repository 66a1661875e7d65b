/* daemon_conf.c: which configuration files are judged, and how findings on
 * them are reported (conf_int.h). For each family: find the daemon in the
 * boot graph (started beats installed), else in the image; pick the file
 * its arguments name or the conventional paths; judge what exists, and list
 * in the inventory "configs" what is judged and what is not (and why). */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "checks/services/conf_int.h"
#include "core/escape.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static const fw_conf_family *const families[] = {
    &fw_conf_vsftpd, &fw_conf_proftpd, &fw_conf_pureftpd, &fw_conf_samba,
    &fw_conf_miniupnpd, &fw_conf_upnpd_uci, &fw_conf_lighttpd,
    &fw_conf_easycwmp, &fw_conf_ucwmp, &fw_conf_nvram, NULL,
};

static const char *const default_opts[] = { "-f", "-c", "-C", "--config", "-config", NULL };

/* ---- parsing helpers ---------------------------------------------------- */

void fw_conf_trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

int fw_conf_is_comment(const fw_line *ln, const char *prefixes)
{
    const char *s = ln->s;
    size_t n = ln->len;
    fw_conf_trim(&s, &n);
    return n == 0 || strchr(prefixes, s[0]) != NULL;
}

int fw_conf_kv(const fw_line *ln, const char *seps, const char **k, size_t *kl,
               const char **v, size_t *vl)
{
    const char *s = ln->s;
    size_t n = ln->len, i = 0;
    while (i < n && !strchr(seps, s[i]))
        i++;
    if (i >= n)
        return 0;
    *k = s;
    *kl = i;
    fw_conf_trim(k, kl);
    *v = s + i + 1;
    *vl = n - i - 1;
    fw_conf_trim(v, vl);
    return *kl > 0;
}

int fw_conf_eq(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

static void unquote(const char **s, size_t *n)
{
    if (*n >= 2 && (**s == '"' || **s == '\'') && (*s)[*n - 1] == **s)
        (*s)++, *n -= 2;
}

int fw_conf_bool(const char *s, size_t n)
{
    unquote(&s, &n);
    if (fw_conf_eq(s, n, "yes") || fw_conf_eq(s, n, "true") || fw_conf_eq(s, n, "on") ||
        fw_conf_eq(s, n, "1"))
        return 1;
    if (fw_conf_eq(s, n, "no") || fw_conf_eq(s, n, "false") || fw_conf_eq(s, n, "off") ||
        fw_conf_eq(s, n, "0"))
        return 0;
    return -1;
}

/* The next blank-separated word of [*p, end), quotes kept. */
static int next_word(const char **p, const char *end, const char **w, size_t *wl)
{
    while (*p < end && (**p == ' ' || **p == '\t'))
        (*p)++;
    if (*p >= end)
        return 0;
    *w = *p;
    if (**p == '\'' || **p == '"') {
        const char *q = memchr(*p + 1, **p, (size_t)(end - *p - 1));
        *p = q ? q + 1 : end;
    } else {
        while (*p < end && **p != ' ' && **p != '\t')
            (*p)++;
    }
    *wl = (size_t)(*p - *w);
    return 1;
}

int fw_conf_uci(const fw_line *ln, int *is_section, const char **name, size_t *nl,
                const char **val, size_t *vl)
{
    const char *p = ln->s, *end = ln->s + ln->len;
    while (end > p && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    const char *w;
    size_t wl;
    if (!next_word(&p, end, &w, &wl))
        return 0;
    if (fw_conf_eq(w, wl, "config"))
        *is_section = 1;
    else if (fw_conf_eq(w, wl, "option"))
        *is_section = 0;
    else
        return 0;
    if (!next_word(&p, end, name, nl))
        return 0;
    unquote(name, nl);
    *val = "";
    *vl = 0;
    if (next_word(&p, end, val, vl))
        unquote(val, vl);
    return 1;
}

int fw_conf_placeholder(const char *s, size_t n)
{
    unquote(&s, &n);
    if (n == 0 || s[0] == '$' || s[0] == '%' || s[0] == '<' || s[0] == '{' || s[0] == '@')
        return 1;
    size_t same = 1;
    while (same < n && s[same] == s[0])
        same++;
    return same == n && n > 0 && (s[0] == '*' || s[0] == 'x' || s[0] == 'X' || n == 1);
}

/* ---- reporting ---------------------------------------------------------- */

static const fw_node *job_node(const fw_conf_job *j, const fw_node *at)
{
    return at ? at : j->cfg;
}

void fw_conf_emit(const fw_conf_job *j, const char *check, const fw_node *at, uint64_t line,
                  const char *excerpt, const char *identity, const char *fmt, ...)
{
    const fw_rule *r = fw_check_rule(j->g->ctx, check);
    if (!r)
        return;
    fw_strbuf sb = FW_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    fw_sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    int severity = -1;
    const char *status;
    if (j->started && j->svc) {
        fw_sb_addf(&sb, "; %s is started at boot (%s)%s", j->daemon, j->svc->started_by,
                   j->svc->state == SVC_CONDITIONAL ? ", under a shell condition" : "");
        status = j->svc->state == SVC_CONDITIONAL ? "conditional" : "started";
    } else if (j->started) {
        fw_sb_addf(&sb, "; applied by %s", j->binary);
        status = "in use";
    } else {
        fw_sb_addf(&sb, "; %s is installed, not started at boot%s%s", j->daemon,
                   j->off_why ? ": " : "", j->off_why ? j->off_why : "");
        /* what the user gets when they turn it on: one step down */
        severity = r->severity > FW_SEV_INFO ? (int)r->severity - 1 : (int)FW_SEV_INFO;
        status = "installed, not started";
    }
    char *msg = fw_sb_detach(&sb);
    char *ex = excerpt ? fw_escaped(excerpt, strlen(excerpt)) : NULL;
    char *id = fw_xasprintf("%s|%s", j->daemon, identity ? identity : (excerpt ? excerpt : ""));
    const char *cfgpath = fw_node_syspath(j->cfg);
    fw_detail d[] = {
        { "daemon", (char *)j->daemon },
        { "binary", (char *)(j->binary ? j->binary : "") },
        { "config", (char *)cfgpath },
        { "started_by", (char *)(j->svc && j->started ? j->svc->started_by : "") },
        { "status", (char *)status },
    };
    fw_hit hit = {
        .check = check, .node = job_node(j, at), .line = line, .offset = FW_NO_OFFSET,
        .message = msg, .excerpt = ex, .identity = id, .severity = severity,
        .details = d, .n_details = sizeof d / sizeof d[0],
    };
    fw_check_emit(j->g->ctx, &hit);
    free(id);
    free(ex);
    free(msg);
}

/* ---- which daemon, which file ------------------------------------------- */

static int matches(const fw_svc *s, const char *daemon)
{
    const char *b = fw_svc_base(daemon);
    return (s->name && strcmp(s->name, b) == 0) ||
           (s->binary && strcmp(fw_svc_base(s->binary), b) == 0 && !s->applet) ||
           (s->applet && strcmp(s->applet, b) == 0);
}

/* The best start of the family's daemon in the graph: started or
 * conditional first, then any entry whose binary is in the image. */
static const fw_svc *find_start(const fw_svc_graph *g, const fw_conf_family *f, int *started)
{
    const fw_svc *best = NULL;
    size_t n = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
    *started = 0;
    for (size_t i = 0; i < n; i++) {
        const fw_svc *s = &g->v[i];
        for (size_t k = 0; f->daemons[k]; k++) {
            if (!matches(s, f->daemons[k]))
                continue;
            if (s->state == SVC_STARTED || s->state == SVC_CONDITIONAL) {
                if (!*started || (best->state == SVC_CONDITIONAL && s->state == SVC_STARTED))
                    best = s;
                *started = 1;
            } else if (!best && s->binary) {
                best = s;
            }
        }
    }
    return best;
}

/* The binary of the family in the image, or NULL (a new string). */
static char *find_binary(const fw_svc_graph *g, const fw_conf_family *f, const fw_svc *s)
{
    if (s && s->binary)
        return fw_xstrdup(s->binary);
    for (size_t k = 0; f->daemons[k]; k++) {
        const fw_node *n = fw_svc_resolve_cmd(g, f->daemons[k]);
        if (n && n->type != FW_NODE_DIR)
            return fw_xstrdup(f->daemons[k][0] == '/' ? f->daemons[k] : fw_node_syspath(n));
    }
    return NULL;
}

static const fw_node *config_node(const fw_svc_graph *g, const char *path)
{
    if (!path || path[0] != '/')
        return NULL;
    const fw_node *n = fw_ns_resolve(g->ns, path);
    return n && (n->type == FW_NODE_FILE || n->type == FW_NODE_HARDLINK) ? n : NULL;
}

/* The configuration the start's arguments name, or NULL. */
static const char *named_config(const fw_svc_graph *g, const fw_conf_family *f, const fw_svc *s)
{
    const char *const *opts = f->cfg_opts ? f->cfg_opts : default_opts;
    for (size_t i = 0; i < s->argc; i++) {
        const char *a = s->argv[i];
        for (size_t k = 0; opts[k]; k++) {
            size_t ol = strlen(opts[k]);
            if (opts[k][ol - 1] == '=' && strncmp(a, opts[k], ol) == 0 && config_node(g, a + ol))
                return a + ol;
            if (strcmp(a, opts[k]) == 0 && i + 1 < s->argc && config_node(g, s->argv[i + 1]))
                return s->argv[i + 1];
        }
        if (f->positional && a[0] == '/' && config_node(g, a))
            return a;
        if (f->positional && a[0] != '-')
            break;
    }
    return NULL;
}

static void inventory_row(fw_svc_graph *g, const char *path, const char *daemon,
                          const char *status)
{
    static const char *const cols[] = { "config", "daemon", "status", NULL };
    fw_inventory *inv = fw_report_inventory(fw_check_report(g->ctx), "configs",
                                            "Daemon configurations", cols);
    char *p = g->ns->chain[0] ? fw_xasprintf("%s > %s", g->ns->chain, path) : fw_xstrdup(path);
    const char *cells[] = { p, daemon, status };
    fw_inventory_add_row(inv, cells);
    free(p);
}

static void judge_file(fw_svc_graph *g, const fw_conf_family *f, const fw_svc *s, int started,
                       const char *binary, const char *path, const fw_node *n)
{
    fw_blob blob;
    if (fw_svc_open_text(g, n, &blob) != 0)
        return;
    if (!fw_blob_is_text(&blob)) {
        fw_blob_close(&blob);
        inventory_row(g, path, f->name, "not judged: not a text file");
        return;
    }
    fw_conf_job j = {
        .g = g, .daemon = f->name, .binary = binary, .svc = s, .started = started,
        .cfg = n, .text = (const char *)blob.data, .len = SVC_TEXT_LEN(&blob),
    };
    if (f->always_applied)
        j.started = 1;
    char *off = f->switched_off && j.started ? f->switched_off(&j) : NULL;
    if (off) {
        j.started = 0;
        j.off_why = off;
    }
    char *status;
    if (j.started && s)
        status = fw_xasprintf("judged: %s started at boot (%s)", f->name, s->started_by);
    else if (j.started)
        status = fw_xasprintf("judged: applied by %s", binary);
    else
        status = fw_xasprintf("judged: %s installed, not started at boot%s%s", f->name,
                              off ? ": " : "", off ? off : "");
    inventory_row(g, path, f->name, status);
    free(status);
    f->judge(&j);
    free(off);
    fw_blob_close(&blob);
}

static void judge_family(fw_svc_graph *g, const fw_conf_family *f)
{
    int started = 0;
    const fw_svc *s = find_start(g, f, &started);
    char *binary = find_binary(g, f, s);
    const char *named = s && binary ? named_config(g, f, s) : NULL;
    if (named) {   /* the daemon reads only the file it is told to */
        judge_file(g, f, s, started, binary, named, config_node(g, named));
        free(binary);
        return;
    }
    for (size_t i = 0; f->paths[i]; i++) {
        const fw_node *n = config_node(g, f->paths[i]);
        if (!n) {
            /* a link into /tmp or /var (DVRF's smb.conf -> /tmp/samba/lib/smb.conf):
               the file is written at run time, nothing to read in the image */
            char *raw = fw_xasprintf("%s%s", g->ns->root ? g->ns->root : "", f->paths[i]);
            const fw_node *l = fw_ns_get(g->ns, raw);
            free(raw);
            if (l && l->type == FW_NODE_SYMLINK && l->link_target) {
                char *why = fw_xasprintf("not judged: a link to %s, made at run time",
                                         l->link_target);
                inventory_row(g, f->paths[i], f->name, why);
                free(why);
            }
            continue;
        }
        if (!binary) {
            char *why = fw_xasprintf("not judged: %s is not in the image", f->name);
            inventory_row(g, f->paths[i], f->name, why);
            free(why);
            continue;
        }
        judge_file(g, f, s, started, binary, f->paths[i], n);
    }
    free(binary);
}

void fw_svc_judge_configs(fw_svc_graph *g)
{
    if (!fw_ns_is_system(g->ns))
        return;   /* a config backup or a loose archive: no daemon reads it here */
    for (size_t i = 0; families[i]; i++)
        judge_family(g, families[i]);
}
