/* exposure_eval.c: what one start exposes, read from its arguments (and its
 * configuration file) under the daemon argument model.
 *
 * The arguments are walked as getopt would: "--long=VALUE", "--long VALUE",
 * "-x VALUE", "-xVALUE", clusters "-lp 4444"; an option the model does not
 * know is taken to have no value (the conservative reading: its neighbour
 * is then a positional, which at worst is ignored). Positionals take the
 * model's `pos` meanings in order, and a positional "TYPE:VALUE,..." the
 * model lists under `addr` is a socat-style address. A start handed a
 * socket by a super-server (inetd, tcpsvd) listens where the super-server
 * does. A daemon the model does not know is a listener when its arguments
 * plainly open a port (-p N, --port N, [ADDRESS]:N).
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "checks/services/daemon_model.h"
#include "core/textio.h"
#include "core/xalloc.h"

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

/* Does s look like a numeric IPv4/IPv6 address, a wildcard or a host name
 * that is clearly an address (localhost)? */
static int looks_like_address(const char *s)
{
    if (strcmp(s, "*") == 0 || strcmp(s, "localhost") == 0)
        return 1;
    int dot = 0, colon = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '.')
            dot = 1;
        else if (*p == ':')
            colon = 1;
        else if (!isxdigit((unsigned char)*p) && *p != '[' && *p != ']')
            return 0;
    }
    return dot || colon;
}

/* [SCHEME://][ADDRESS:]PORT, "udp:161", "[::1]:80", "*:80", ":1234".
 * Returns 1 when a port was found (*bind NULL when no address was given). */
static int parse_addrport(const char *v, char **bind, char **port, char **proto)
{
    *bind = *port = NULL;
    if (proto)
        *proto = NULL;
    const char *s = v;
    const char *scheme = strstr(s, "://");
    if (scheme)
        s = scheme + 3;
    if (proto && (strncmp(s, "udp:", 4) == 0 || strncmp(s, "tcp:", 4) == 0)) {
        *proto = fw_xstrndup(s, 3);
        s += 4;
    }
    const char *slash = strchr(s, '/');
    char *h = slash ? fw_xstrndup(s, (size_t)(slash - s)) : fw_xstrdup(s);
    char *colon = strrchr(h, ':');
    int ok = 0;
    if (all_digits(h)) {
        *port = fw_xstrdup(h);
        ok = 1;
    } else if (colon && all_digits(colon + 1)) {
        *colon = '\0';
        *port = fw_xstrdup(colon + 1);
        char *a = h;
        size_t al = strlen(a);
        if (al >= 2 && a[0] == '[' && a[al - 1] == ']') {
            a[al - 1] = '\0';
            a++;
        }
        if (*a && strcmp(a, "*") != 0 && strcmp(a, "0.0.0.0") != 0 && strcmp(a, "::") != 0)
            *bind = fw_xstrdup(a);
        ok = 1;
    }
    free(h);
    if (!ok && proto) {
        free(*proto);
        *proto = NULL;
    }
    return ok;
}

static fw_listener *add_listener(fw_exposure *x, const char *proto, const char *bind,
                                 const char *port, int tls, const char *source, int from_config)
{
    if (x->n_l >= FW_MAX_SVC_LISTENERS)
        return NULL;
    fw_listener *l = &x->l[x->n_l++];
    l->proto = fw_xstrdup(proto ? proto : "tcp");
    l->bind = bind ? fw_xstrdup(bind) : NULL;
    l->port = port ? fw_xstrdup(port) : NULL;
    l->tls = tls;
    l->source = fw_xstrdup(source);
    l->from_config = from_config;
    return l;
}

static void set_once(char **slot, const char *v)
{
    if (!*slot)
        *slot = fw_xstrdup(v);
}

/* The first word of a command line: the program it runs. */
static char *first_word(const char *line)
{
    char *w[2];
    int unres = 0;
    size_t n = fw_shell_words(line, strlen(line), w, 2, &unres);
    char *r = n ? w[0] : NULL;
    if (n > 1)
        free(w[1]);
    return r;
}

typedef struct evalctx {
    const fw_daemon *d;
    fw_exposure *x;
    const char *proto;
    char *pending_bind;   /* -b ADDR / -s ADDR before or after the port */
    int all_tls;
} evalctx;

/* Apply the effects of one option, positional or address with value v
 * (NULL for a flag). what is the argument as written, for the evidence. */
static void apply(evalctx *e, unsigned fx, const char *v, const char *what)
{
    fw_exposure *x = e->x;
    if (fx & FW_DX_LISTEN)
        x->listens = 1;
    if (v && (fx & (FW_DX_PORT | FW_DX_ADDRPORT | FW_DX_LISTEN_AP))) {
        char *bind = NULL, *port = NULL, *proto = NULL;
        int ok = (fx & FW_DX_PORT) ? (all_digits(v) ? (port = fw_xstrdup(v), 1) : 0)
                                   : parse_addrport(v, &bind, &port, &proto);
        if ((fx & FW_DX_LISTEN_AP) && !strchr(v, ':'))
            ok = 0;   /* gdbserver /dev/ttyS0: a serial line, not a socket */
        if (ok) {
            if (fx & FW_DX_LISTEN_AP)
                x->listens = 1;
            add_listener(x, proto ? proto : e->proto, bind, port, (fx & FW_DX_TLS) != 0, what, 0);
        } else if ((fx & FW_DX_ADDRPORT) && looks_like_address(v)) {
            set_once(&e->pending_bind, v);
        }
        free(bind);
        free(port);
        free(proto);
    } else if (fx & FW_DX_TLS) {
        e->all_tls = 1;
    }
    if (v && (fx & FW_DX_BIND))
        set_once(&e->pending_bind, v);
    if (v && (fx & FW_DX_EXEC)) {
        if (!x->exec) {
            x->exec = first_word(v);
            x->exec_line = fw_xstrdup(v);
        }
    }
    if (v && (fx & FW_DX_SHELLCMD)) {
        if (!x->exec) {
            x->exec = first_word(v);
            x->exec_line = fw_xstrdup(v);
        }
    }
    if (fx & FW_DX_NOAUTH)
        set_once(&x->noauth, what);
    if (fx & FW_DX_EMPTYPW)
        set_once(&x->emptypw, what);
    if (fx & FW_DX_ANON)
        set_once(&x->anonymous, what);
    if (fx & FW_DX_UPLOAD)
        set_once(&x->upload, what);
    if (v && (fx & FW_DX_DIR))
        set_once(&x->dir, v);
    if (v && (fx & FW_DX_CONFIG))
        set_once(&x->config, v);
}

static const fw_daemon_opt *find_opt(const fw_daemon *d, const char *key, const char *value)
{
    const fw_daemon_opt *plain = NULL;
    for (size_t i = 0; i < d->n_opts; i++) {
        const fw_daemon_opt *o = &d->opts[i];
        if (strcmp(o->key, key) != 0)
            continue;
        if (!o->match) {
            if (!plain)
                plain = o;
            continue;
        }
        if (value && fnmatch(o->match, value, FNM_CASEFOLD) == 0)
            return o;
    }
    return plain;
}

static int has_opt(const fw_daemon *d, const char *key)
{
    for (size_t i = 0; i < d->n_opts; i++)
        if (strcmp(d->opts[i].key, key) == 0)
            return 1;
    return 0;
}

/* A positional "TYPE:VALUE,opt=x": the model's addr entries. */
static int socat_address(evalctx *e, const char *arg)
{
    const char *colon = strchr(arg, ':');
    if (!colon)
        return 0;
    size_t tl = (size_t)(colon - arg);
    for (size_t i = 0; i < e->d->n_addrs; i++) {
        const fw_daemon_opt *a = &e->d->addrs[i];
        if (strlen(a->key) != tl || strncasecmp(a->key, arg, tl) != 0)
            continue;
        const char *val = colon + 1;
        const char *comma = strchr(val, ',');
        char *v = comma ? fw_xstrndup(val, (size_t)(comma - val)) : fw_xstrdup(val);
        const char *bindopt = comma ? strstr(comma, ",bind=") : NULL;
        const char *proto = strncasecmp(a->key, "UDP", 3) == 0 ? "udp" : e->proto;
        const char *saved = e->proto;
        e->proto = proto;
        if (bindopt) {
            const char *b = bindopt + 6;
            size_t bl = strcspn(b, ",");
            char *bv = fw_xstrndup(b, bl);
            set_once(&e->pending_bind, bv);
            free(bv);
        }
        apply(e, a->fx, v, arg);
        e->proto = saved;
        free(v);
        return 1;
    }
    return 0;
}

static void eval_args(evalctx *e, const fw_svc *s)
{
    const fw_daemon *d = e->d;
    size_t npos = 0;
    for (size_t i = 0; i < s->argc; i++) {
        const char *a = s->argv[i];
        if (strcmp(a, "--") == 0)
            continue;
        if (a[0] == '-' && a[1] == '-' && a[2]) {
            const char *eq = strchr(a, '=');
            char *key = eq ? fw_xstrndup(a, (size_t)(eq - a)) : fw_xstrdup(a);
            const char *v = eq ? eq + 1 : (i + 1 < s->argc ? s->argv[i + 1] : NULL);
            const fw_daemon_opt *o = find_opt(d, key, v);
            if (o) {
                int takes = (o->fx & FW_DX_VALUE) != 0;
                if (takes && !eq)
                    i++;
                char *what = takes && v ? fw_xasprintf("%s %s", key, v) : fw_xstrdup(a);
                apply(e, o->fx, takes ? v : NULL, what);
                free(what);
            }
            free(key);
            continue;
        }
        if (a[0] == '-' && a[1]) {
            /* the whole word first (-Lf, -lf, -dd), then as a cluster */
            const char *v = i + 1 < s->argc ? s->argv[i + 1] : NULL;
            if (has_opt(d, a)) {
                const fw_daemon_opt *o = find_opt(d, a, v);
                int takes = (o->fx & FW_DX_VALUE) != 0;
                if (takes)
                    i++;
                char *what = takes && v ? fw_xasprintf("%s %s", a, v) : fw_xstrdup(a);
                apply(e, o->fx, takes ? v : NULL, what);
                free(what);
                continue;
            }
            for (const char *c = a + 1; *c; c++) {
                char key[3] = { '-', *c, '\0' };
                const char *glued = c[1] ? c + 1 : NULL;
                const fw_daemon_opt *o = find_opt(d, key, glued ? glued : v);
                if (!o)
                    continue;
                if (o->fx & FW_DX_VALUE) {
                    const char *val = glued ? glued : v;
                    if (!glued)
                        i++;
                    char *what = val ? fw_xasprintf("%s %s", key, val) : fw_xstrdup(key);
                    apply(e, o->fx, val, what);
                    free(what);
                    break;
                }
                apply(e, o->fx, NULL, key);
            }
            continue;
        }
        if (d->n_addrs && socat_address(e, a))
            continue;
        if (npos < d->n_pos) {
            unsigned fx = d->pos[npos++];
            if (fx & FW_DX_RESTEXEC) {
                apply(e, FW_DX_EXEC, a, a);
                break;
            }
            apply(e, fx, a, a);
        }
    }
}

/* A daemon the model does not know: -p N, --port N, --port=N, -port N,
 * or a positional [ADDRESS]:N or SCHEME://...:N, opens a listener. */
static void eval_unknown(evalctx *e, const fw_svc *s)
{
    for (size_t i = 0; i < s->argc; i++) {
        const char *a = s->argv[i];
        const char *v = i + 1 < s->argc ? s->argv[i + 1] : NULL;
        char *bind = NULL, *port = NULL;
        if ((strcmp(a, "-p") == 0 || strcmp(a, "--port") == 0 || strcmp(a, "-port") == 0 ||
             strcmp(a, "--listen-port") == 0) && v && all_digits(v)) {
            char *what = fw_xasprintf("%s %s", a, v);
            add_listener(e->x, "tcp", NULL, v, 0, what, 0);
            free(what);
            i++;
        } else if (strncmp(a, "--port=", 7) == 0 && all_digits(a + 7)) {
            add_listener(e->x, "tcp", NULL, a + 7, 0, a, 0);
        } else if (a[0] != '-' && strchr(a, ':') && !strchr(a, '/') &&
                   parse_addrport(a, &bind, &port, NULL) && bind == NULL) {
            add_listener(e->x, "tcp", NULL, port, 0, a, 0);   /* ":8000", "*:8000" */
        } else if (a[0] != '-' && (strncmp(a, "tcp://", 6) == 0 || strncmp(a, "udp://", 6) == 0) &&
                   parse_addrport(a, &bind, &port, NULL)) {
            add_listener(e->x, a[0] == 'u' ? "udp" : "tcp", bind, port, 0, a, 0);
        }
        free(bind);
        free(port);
    }
    if (e->x->n_l) {
        e->x->listens = 1;
        e->x->unknown_listener = 1;
    }
}

/* KEY = VALUE, KEY=VALUE or KEY VALUE, quotes dropped: the value of key on a
 * line of a configuration file, or NULL. */
static char *conf_value(const char *s, size_t len, const char *key)
{
    size_t kl = strlen(key);
    size_t p = 0;
    while (p < len && (s[p] == ' ' || s[p] == '\t'))
        p++;
    if (p + kl > len || strncasecmp(s + p, key, kl) != 0)
        return NULL;
    p += kl;
    if (p < len && s[p] != ' ' && s[p] != '\t' && s[p] != '=')
        return NULL;
    while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '='))
        p++;
    size_t e = len;
    const char *hash = memchr(s + p, '#', len - p);
    if (hash)
        e = (size_t)(hash - s);
    while (e > p && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == ';'))
        e--;
    if (e > p + 1 && (s[p] == '"' || s[p] == '\'') && s[e - 1] == s[p]) {
        p++;
        e--;
    }
    return e > p ? fw_xstrndup(s + p, e - p) : NULL;
}

/* Listeners, TLS and access settings from the daemon's configuration file. */
static void eval_config(evalctx *e, fw_svc_graph *g, const char *path)
{
    const fw_node *n = path && path[0] == '/' ? fw_ns_resolve(g->ns, path) : NULL;
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        size_t p = 0;
        while (p < ln.len && (ln.s[p] == ' ' || ln.s[p] == '\t'))
            p++;
        if (p == ln.len || ln.s[p] == '#' || ln.s[p] == ';')
            continue;
        for (size_t i = 0; i < e->d->n_confs; i++) {
            const fw_daemon_opt *c = &e->d->confs[i];
            char *v = conf_value(ln.s, ln.len, c->key);
            if (!v)
                continue;
            char *where = fw_xasprintf("%s:%llu", path, (unsigned long long)ln.lineno);
            if (c->tls_value) {
                if (strcasecmp(v, c->tls_value) == 0)
                    e->all_tls = 1;
            } else if (!c->match || fnmatch(c->match, v, FNM_CASEFOLD) == 0) {
                size_t before = e->x->n_l;
                apply(e, c->fx, v, where);
                for (size_t k = before; k < e->x->n_l; k++)
                    e->x->l[k].from_config = 1;
            }
            free(where);
            free(v);
        }
    }
    fw_blob_close(&b);
}

void fw_exposure_eval(fw_svc_graph *g, const fw_daemon_model *m, const fw_svc *s, fw_exposure *x)
{
    memset(x, 0, sizeof *x);
    const fw_daemon *d = fw_daemon_of(m, s);
    x->d = d;
    evalctx e = { .d = d, .x = x, .proto = d ? d->proto : "tcp" };
    if (d)
        eval_args(&e, s);
    else if (!s->sock_port)
        eval_unknown(&e, s);
    if (s->sock_port) {
        /* a super-server's socket: that is where it listens, whatever its own options say */
        for (size_t i = 0; i < x->n_l; i++) {
            free(x->l[i].proto);
            free(x->l[i].bind);
            free(x->l[i].port);
            free(x->l[i].source);
        }
        x->n_l = 0;
        x->listens = 1;
        x->unknown_listener = 0;
        add_listener(x, s->sock_proto ? s->sock_proto : "tcp", s->sock_bind, s->sock_port,
                     e.all_tls, s->via ? s->via : "super-server", 0);
    } else if (d && d->listen != FW_DL_NEVER) {
        if (d->listen == FW_DL_ALWAYS || x->n_l > 0)
            x->listens = d->listen == FW_DL_ALWAYS || x->listens;
        if (x->n_l == 0 && x->listens) {
            const char *cfg = x->config ? x->config : s->config;
            if (cfg && d->n_confs)
                eval_config(&e, g, cfg);
            if (x->n_l == 0 && d->port)   /* uhttpd has none: no -p, no socket */
                add_listener(x, d->proto, NULL, d->port, 0, "default", 0);
        }
    } else if (d) {
        x->listens = 0;
    }
    if (!x->listens) {
        for (size_t i = 0; i < x->n_l; i++) {
            free(x->l[i].proto);
            free(x->l[i].bind);
            free(x->l[i].port);
            free(x->l[i].source);
        }
        x->n_l = 0;
    }
    for (size_t i = 0; i < x->n_l; i++) {
        if (e.all_tls || (d && d->tls))
            x->l[i].tls = 1;
        if (!x->l[i].bind && e.pending_bind && strcmp(e.pending_bind, "0.0.0.0") != 0 &&
            strcmp(e.pending_bind, "*") != 0)
            x->l[i].bind = fw_xstrdup(e.pending_bind);
    }
    free(e.pending_bind);
    if (!x->config && s->config)
        x->config = fw_xstrdup(s->config);
}

void fw_exposure_release(fw_exposure *x)
{
    for (size_t i = 0; i < x->n_l; i++) {
        free(x->l[i].proto);
        free(x->l[i].bind);
        free(x->l[i].port);
        free(x->l[i].source);
    }
    free(x->exec);
    free(x->exec_line);
    free(x->noauth);
    free(x->emptypw);
    free(x->anonymous);
    free(x->upload);
    free(x->dir);
    free(x->config);
    memset(x, 0, sizeof *x);
}

static int loopback(const char *a)
{
    return a && (strncmp(a, "127.", 4) == 0 || strcmp(a, "::1") == 0 ||
                 strcmp(a, "localhost") == 0 || strcmp(a, "lo") == 0);
}

int fw_exposure_loopback_only(const fw_exposure *x)
{
    if (x->n_l == 0)
        return 0;
    for (size_t i = 0; i < x->n_l; i++)
        if (!loopback(x->l[i].bind))
            return 0;
    return 1;
}
