/* daemon_model.c: reading rules/data/daemons.txt into an fw_daemon_model.
 *
 * Line-oriented: `daemon NAMES KEY=VALUE...` opens a daemon; `opt`, `pos`,
 * `addr` and `conf` lines below it describe its arguments and configuration
 * keys (the file's header documents every word). Unknown words are errors,
 * not ignored: a typo in the model would silently blind a verdict.
 * Evaluating a start against the model is exposure_eval.c.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/daemon_model.h"
#include "core/textio.h"
#include "core/xalloc.h"

static const struct { const char *word; unsigned fx; } effects[] = {
    { "arg", FW_DX_ARG },           { "listen", FW_DX_LISTEN },
    { "port", FW_DX_PORT },         { "addrport", FW_DX_ADDRPORT },
    { "bind", FW_DX_BIND },         { "tls", FW_DX_TLS },
    { "exec", FW_DX_EXEC },         { "shell-cmd", FW_DX_SHELLCMD },
    { "rest-exec", FW_DX_RESTEXEC },{ "noauth", FW_DX_NOAUTH },
    { "empty-passwords", FW_DX_EMPTYPW }, { "anonymous", FW_DX_ANON },
    { "upload", FW_DX_UPLOAD },     { "dir", FW_DX_DIR },
    { "config", FW_DX_CONFIG },     { "listen-addrport", FW_DX_LISTEN_AP },
    { NULL, 0 },
};

static int effect_of(const char *w, unsigned *fx)
{
    for (size_t i = 0; effects[i].word; i++)
        if (strcmp(w, effects[i].word) == 0) {
            *fx |= effects[i].fx;
            return 1;
        }
    return 0;
}

/* Split a line into blank-separated words (no quoting: the data needs none). */
static size_t split(char *s, char **w, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(s, " \t", &save); t && n < max; t = strtok_r(NULL, " \t", &save))
        w[n++] = t;
    return n;
}

static void daemon_release(fw_daemon *d)
{
    for (size_t i = 0; i < d->n_names; i++)
        free(d->names[i]);
    free(d->names);
    free(d->kind);
    free(d->proto);
    free(d->port);
    free(d->auth);
    fw_daemon_opt *lists[] = { d->opts, d->addrs, d->confs };
    size_t counts[] = { d->n_opts, d->n_addrs, d->n_confs };
    for (size_t l = 0; l < 3; l++) {
        for (size_t i = 0; i < counts[l]; i++) {
            free(lists[l][i].key);
            free(lists[l][i].match);
            free(lists[l][i].tls_value);
        }
        free(lists[l]);
    }
    free(d->pos);
}

void fw_daemon_model_release(fw_daemon_model *m)
{
    for (size_t i = 0; i < m->n; i++)
        daemon_release(&m->v[i]);
    free(m->v);
    free(m->path);
    memset(m, 0, sizeof *m);
}

static int parse_daemon(fw_daemon *d, char **w, size_t n, const char *where, fw_error *err)
{
    memset(d, 0, sizeof *d);
    char *names = fw_xstrdup(w[1]);
    char *save = NULL;
    for (char *t = strtok_r(names, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        d->names = fw_xreallocarray(d->names, d->n_names + 1, sizeof *d->names);
        d->names[d->n_names++] = fw_xstrdup(t);
    }
    free(names);
    for (size_t i = 2; i < n; i++) {
        char *eq = strchr(w[i], '=');
        if (!eq)
            return fw_error_set(err, FW_ERULE, "%s: expected KEY=VALUE, got \"%s\"", where, w[i]);
        *eq = '\0';
        const char *k = w[i], *v = eq + 1;
        if (strcmp(k, "kind") == 0)
            d->kind = fw_xstrdup(v);
        else if (strcmp(k, "port") == 0)
            d->port = fw_xstrdup(v);
        else if (strcmp(k, "proto") == 0 && (strcmp(v, "tcp") == 0 || strcmp(v, "udp") == 0))
            d->proto = fw_xstrdup(v);
        else if (strcmp(k, "auth") == 0)
            d->auth = fw_xstrdup(v);
        else if (strcmp(k, "tls") == 0 && (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0))
            d->tls = strcmp(v, "yes") == 0;
        else if (strcmp(k, "listen") == 0 && strcmp(v, "always") == 0)
            d->listen = FW_DL_ALWAYS;
        else if (strcmp(k, "listen") == 0 && strcmp(v, "option") == 0)
            d->listen = FW_DL_OPTION;
        else if (strcmp(k, "listen") == 0 && strcmp(v, "never") == 0)
            d->listen = FW_DL_NEVER;
        else
            return fw_error_set(err, FW_ERULE, "%s: unknown daemon key or value %s=%s", where, k, v);
    }
    if (!d->kind)
        return fw_error_set(err, FW_ERULE, "%s: daemon %s has no kind=", where, w[1]);
    if (!d->proto)
        d->proto = fw_xstrdup("tcp");
    if (!d->auth)
        d->auth = fw_xstrdup("config");
    return FW_OK;
}

/* opt/addr/conf KEY EFFECT... into one fw_daemon_opt. */
static int parse_opt(fw_daemon_opt *o, char **w, size_t n, int conf, const char *where,
                     fw_error *err)
{
    memset(o, 0, sizeof *o);
    if (n < 2)
        return fw_error_set(err, FW_ERULE, "%s: %s needs a key", where, w[0]);
    o->key = fw_xstrdup(w[1]);
    for (size_t i = 2; i < n; i++) {
        if (strncmp(w[i], "match=", 6) == 0 && !o->match)
            o->match = fw_xstrdup(w[i] + 6);
        else if (conf && strncmp(w[i], "tls=", 4) == 0)
            o->tls_value = fw_xstrdup(w[i] + 4);
        else if (!effect_of(w[i], &o->fx))
            return fw_error_set(err, FW_ERULE, "%s: unknown effect \"%s\"", where, w[i]);
    }
    if (o->match && !(o->fx & FW_DX_VALUE) && !conf)
        o->fx |= FW_DX_ARG;   /* a matched option takes a value */
    return FW_OK;
}

static int add_opt(fw_daemon_opt **v, size_t *n, char **w, size_t nw, int conf,
                   const char *where, fw_error *err)
{
    if (*n >= FW_MAX_DAEMON_OPTS)
        return fw_error_set(err, FW_ERULE, "%s: more than %d entries for one daemon", where,
                            FW_MAX_DAEMON_OPTS);
    *v = fw_xreallocarray(*v, *n + 1, sizeof **v);
    int rc = parse_opt(&(*v)[*n], w, nw, conf, where, err);
    (*n)++;   /* counted even when it failed: release frees what it holds */
    return rc;
}

int fw_daemon_model_parse(fw_daemon_model *m, const char *path, const char *text, size_t len,
                          fw_error *err)
{
    memset(m, 0, sizeof *m);
    m->path = fw_xstrdup(path);
    fw_line_iter it;
    fw_line ln;
    int rc = FW_OK;
    fw_lines_init(&it, text, len);
    while (rc == FW_OK && fw_lines_next(&it, &ln)) {
        char *s = fw_xstrndup(ln.s, ln.len);
        char *hash = strchr(s, '#');
        if (hash)
            *hash = '\0';
        char *w[64];
        size_t n = split(s, w, 64);
        char *where = fw_xasprintf("%s:%llu", path, (unsigned long long)ln.lineno);
        fw_daemon *d = m->n ? &m->v[m->n - 1] : NULL;
        if (n == 0) {
            ;
        } else if (strcmp(w[0], "daemon") == 0 && n >= 2) {
            if (m->n >= FW_MAX_DAEMONS) {
                rc = fw_error_set(err, FW_ERULE, "%s: more than %d daemons", where, FW_MAX_DAEMONS);
            } else {
                m->v = fw_xreallocarray(m->v, m->n + 1, sizeof *m->v);
                rc = parse_daemon(&m->v[m->n], w, n, where, err);
                m->v[m->n].line = (unsigned)ln.lineno;
                m->n++;
            }
        } else if (!d) {
            rc = fw_error_set(err, FW_ERULE, "%s: \"%s\" before any daemon line", where, w[0]);
        } else if (strcmp(w[0], "opt") == 0) {
            rc = add_opt(&d->opts, &d->n_opts, w, n, 0, where, err);
        } else if (strcmp(w[0], "addr") == 0) {
            rc = add_opt(&d->addrs, &d->n_addrs, w, n, 0, where, err);
        } else if (strcmp(w[0], "conf") == 0) {
            rc = add_opt(&d->confs, &d->n_confs, w, n, 1, where, err);
        } else if (strcmp(w[0], "pos") == 0) {
            for (size_t i = 1; i < n && rc == FW_OK; i++) {
                unsigned fx = 0;
                if (!effect_of(w[i], &fx))
                    rc = fw_error_set(err, FW_ERULE, "%s: unknown effect \"%s\"", where, w[i]);
                d->pos = fw_xreallocarray(d->pos, d->n_pos + 1, sizeof *d->pos);
                d->pos[d->n_pos++] = fx;
            }
        } else {
            rc = fw_error_set(err, FW_ERULE, "%s: unknown line \"%s\"", where, w[0]);
        }
        free(where);
        free(s);
    }
    if (rc != FW_OK)
        fw_daemon_model_release(m);
    return rc;
}

const fw_daemon *fw_daemon_model_find(const fw_daemon_model *m, const char *name)
{
    if (!name || !*name)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < m->v[i].n_names; k++)
            if (strcmp(m->v[i].names[k], name) == 0)
                return &m->v[i];
    return NULL;
}

const fw_daemon *fw_daemon_of(const fw_daemon_model *m, const fw_svc *s)
{
    const fw_daemon *d = fw_daemon_model_find(m, s->name);
    if (!d && s->applet)
        d = fw_daemon_model_find(m, s->applet);
    if (!d && s->binary)
        d = fw_daemon_model_find(m, fw_svc_base(s->binary));
    return d;
}
