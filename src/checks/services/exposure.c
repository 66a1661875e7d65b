/* exposure.c: verdicts on what a started service exposes, and the
 * "listeners" inventory (the network-exposed surface the MO.1 section of a
 * report lists).
 *
 * Every verdict reads facts of the exposure model (exposure_eval.c) and of
 * the image's accounts (exposure_login.c), never a daemon's name:
 *
 *   listener-shell        a listener hands out a shell without login: the
 *                         program it runs per connection (telnetd -l, nc -e,
 *                         socat EXEC:, an inetd/tcpsvd service) is a shell,
 *                         or a login script that runs one when root has no
 *                         password and this image's root has none
 *   listener-auth-off     an argument switches authentication off or lets
 *                         empty passwords in (dropbear -B, ftpd -A, sshd -o)
 *   anonymous-write       a file server lets unauthenticated clients write
 *                         (tftpd -c, ftpd -w with anonymous logins)
 *   debug-agent           a debugger or vendor test agent is listening
 *   unknown-listener      a program the model does not know opens a port
 *   plain-http-listener   a web server listens without TLS (from its
 *                         arguments or its default; configuration files
 *                         are the pattern rules' job)
 *   empty-password-login  a login prompt on the network or a console, and
 *                         an account with an empty password
 *
 * A listener bound only to loopback is listed and never judged. Defaults
 * are not judged when an argument is a run-time value: the real command
 * line may say otherwise.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/exposure.h"
#include "core/escape.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define MAX_EMPTY_ACCOUNTS 16

const char *const fw_listener_columns[] = { "service", "proto", "port", "bind", "auth", "tls",
                                            "shell", "started_by", "status", NULL };

static int in_list(const char *list, const char *name)
{
    if (!list || !name || !*name)
        return 0;
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && memcmp(p, name, n) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

int fw_is_shell(const char *shells, const char *arg)
{
    if (!arg)
        return 0;
    if (!shells)
        shells = FW_DEFAULT_SHELLS;
    if (arg[0] == '-')
        arg++;
    return in_list(shells, arg) || in_list(shells, fw_svc_base(arg));
}

static const char *shells_of(fw_svc_graph *g)
{
    const fw_rule *r = fw_check_rule(g->ctx, FW_CK_LISTENER_SHELL);
    const char *s = r ? fw_rule_param(r, "shells") : NULL;
    return s ? s : FW_DEFAULT_SHELLS;
}

static char *join_args(const fw_svc *s)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    for (size_t i = 0; i < s->argc; i++) {
        if (i)
            fw_sb_addc(&sb, ' ');
        fw_sb_adds(&sb, s->argv[i]);
    }
    return fw_sb_detach(&sb);
}

static char *listener_text(const fw_listener *l)
{
    return fw_xasprintf("%s/%s on %s%s", l->proto, l->port ? l->port : "?",
                        l->bind ? l->bind : "every address", l->tls ? " (TLS)" : "");
}

/* The first listener that is not loopback-only (all are when none is). */
static const fw_listener *exposed_listener(const fw_exposure *x)
{
    for (size_t i = 0; i < x->n_l; i++) {
        const char *b = x->l[i].bind;
        if (!(b && (strncmp(b, "127.", 4) == 0 || strcmp(b, "::1") == 0 ||
                    strcmp(b, "localhost") == 0)))
            return &x->l[i];
    }
    return x->n_l ? &x->l[0] : NULL;
}

static void emit(fw_svc_graph *g, const char *check, const fw_svc *s, const fw_exposure *x,
                 const char *message, const char *why_key, const char *why)
{
    if (!fw_check_rule(g->ctx, check))
        return;
    char *args = join_args(s);
    char *ex = s->excerpt ? fw_escaped(s->excerpt, strlen(s->excerpt)) : NULL;
    const fw_listener *l = exposed_listener(x);
    char *lt = l ? listener_text(l) : fw_xstrdup("");
    /* what was started and how, not the line: moving it keeps the fingerprint */
    char *identity = fw_xasprintf("%s|%s|%s", s->name, args, check);
    fw_detail d[6] = {
        { "service", s->name },
        { "binary", s->binary ? s->binary : "" },
        { "args", args },
        { "started_by", s->started_by },
    };
    size_t nd = 4;
    if (l)
        d[nd++] = (fw_detail){ "listener", lt };
    if (why)
        d[nd++] = (fw_detail){ (char *)(why_key ? why_key : "because"), (char *)why };
    fw_hit hit = {
        .check = check, .node = s->node, .line = s->line, .offset = FW_NO_OFFSET,
        .message = message, .excerpt = ex, .identity = identity, .severity = -1,
        .details = d, .n_details = nd,
    };
    /* one finding per daemon and port per file: the branches of one start */
    char *group = fw_xasprintf("%s|%s", s->name, l && l->port ? l->port : "");
    fw_svc_emit_queue(&g->emitter, &hit, group);
    free(group);
    free(identity);
    free(lt);
    free(ex);
    free(args);
}

static const char *cond_note(const fw_svc *s)
{
    return s->state == SVC_CONDITIONAL ? ", under a shell condition" : "";
}

/* Any argument a run-time value? Then defaults are not judged. */
static int args_unresolved(const fw_svc *s)
{
    for (size_t i = 0; i < s->argc; i++)
        if (strchr(s->argv[i], '$') || strchr(s->argv[i], '`'))
            return 1;
    return 0;
}

/* The shell a listener hands out without login, or NULL (new string). */
static char *shell_without_login(fw_svc_graph *g, const fw_svc *s, const fw_exposure *x,
                                 char **how)
{
    const char *shells = shells_of(g);
    *how = NULL;
    if (s->sock_port && fw_is_shell(shells, s->command ? s->command : s->name)) {
        *how = fw_xasprintf("%s hands every connection to %s", s->via ? s->via : "a super-server",
                            s->command ? s->command : s->name);
        return fw_xstrdup(s->command ? s->command : s->name);
    }
    if (!x->exec)
        return NULL;
    char *shell = NULL;
    fw_login_kind k = fw_login_program(g, x->exec, shells, &shell);
    if (k == FW_LOGIN_SHELL) {
        *how = strcmp(x->exec, shell) == 0
                   ? fw_xasprintf("runs %s for every connection", x->exec)
                   : fw_xasprintf("runs %s, a script that starts %s without asking for a password",
                                  x->exec, shell);
        return shell;
    }
    if (k == FW_LOGIN_SHELL_IF_NO_PASSWORD) {
        const char *file = NULL;
        uint64_t line = 0;
        if (fw_root_password_empty(g, &file, &line)) {
            *how = fw_xasprintf("runs %s, which starts %s while root has no password, and root "
                                "has none in %s:%llu", x->exec, shell, file,
                                (unsigned long long)line);
            return shell;
        }
    }
    free(shell);
    return NULL;
}

static int asks_login(fw_svc_graph *g, const fw_exposure *x)
{
    if (!x->exec)
        return x->d && strcmp(x->d->auth, "login") == 0;
    char *shell = NULL;
    fw_login_kind k = fw_login_program(g, x->exec, shells_of(g), &shell);
    free(shell);
    return k == FW_LOGIN_LOGIN;
}

static char *accounts_text(const fw_empty_account *a, size_t n)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        fw_sb_addf(&sb, "%s%s (%s:%llu)", i ? ", " : "", a[i].user, a[i].file,
                   (unsigned long long)a[i].line);
    return fw_sb_detach(&sb);
}

static void judge_login(fw_svc_graph *g, const fw_svc *s, const fw_exposure *x, int listening)
{
    int network = listening && x->d && strcmp(x->d->kind, "remote-login") == 0 && asks_login(g, x);
    int console = s->console && x->d && strcmp(x->d->kind, "console") == 0;
    /* getty -a / --autologin, -n, login -f: serial-console-shell's finding already */
    for (size_t i = 0; console && i < s->argc; i++)
        if (strcmp(s->argv[i], "-a") == 0 || strncmp(s->argv[i], "--autologin", 11) == 0 ||
            strcmp(s->argv[i], "-n") == 0 || strcmp(s->argv[i], "-f") == 0)
            console = 0;
    if (!network && !console)
        return;
    fw_empty_account acc[MAX_EMPTY_ACCOUNTS];
    size_t n = fw_empty_password_accounts(g, acc, MAX_EMPTY_ACCOUNTS);
    if (n == 0)
        return;
    char *who = accounts_text(acc, n);
    char *msg = network
        ? fw_xasprintf("%s asks for a login on the network, and %s %s an empty password: "
                       "anyone logs in without one (%s)%s", s->name, who, n == 1 ? "has" : "have",
                       s->started_by, cond_note(s))
        : fw_xasprintf("%s gives a login prompt on %s, and %s %s an empty password: a "
                       "passwordless serial login (%s)", s->name, s->tty ? s->tty : "the console",
                       who, n == 1 ? "has" : "have", s->started_by);
    emit(g, FW_CK_EMPTY_PW_LOGIN, s, x, msg, "accounts", who);
    free(msg);
    free(who);
    fw_empty_accounts_release(acc, n);
}

static void inventory_rows(fw_svc_graph *g, fw_inventory *inv, const fw_svc *s,
                           const fw_exposure *x, const char *shell)
{
    const char *auth = x->d ? x->d->auth : "unknown";
    char *authtxt = shell ? fw_xstrdup("none: a shell")
                  : x->noauth ? fw_xasprintf("none (%s)", x->noauth)
                  : x->emptypw ? fw_xasprintf("%s, empty passwords allowed (%s)", auth, x->emptypw)
                  : x->anonymous ? fw_xasprintf("%s, anonymous (%s)", auth, x->anonymous)
                  : strcmp(auth, "config") == 0 && x->config
                        ? fw_xasprintf("per %s", x->config)
                        : fw_xstrdup(auth);
    if (x->upload) {
        char *t = fw_xasprintf("%s, uploads (%s)", authtxt, x->upload);
        free(authtxt);
        authtxt = t;
    }
    char *by = g->ns->chain[0] ? fw_xasprintf("%s > %s", g->ns->chain, s->started_by)
                               : fw_xstrdup(s->started_by);
    const char *status = s->state == SVC_CONDITIONAL ? "conditional" : "started";
    for (size_t i = 0; i < x->n_l; i++) {
        const fw_listener *l = &x->l[i];
        const char *cells[] = { s->name, l->proto, l->port ? l->port : "?",
                                l->bind ? l->bind : "any", authtxt, l->tls ? "yes" : "no",
                                shell ? shell : "no", by, status };
        fw_inventory_add_row(inv, cells);
    }
    free(by);
    free(authtxt);
}

void fw_exposure_judge(fw_svc_graph *g, const fw_daemon_model *m, const fw_svc *s,
                       fw_inventory *inv)
{
    if (s->state != SVC_STARTED && s->state != SVC_CONDITIONAL)
        return;
    fw_exposure x;
    fw_exposure_eval(g, m, s, &x);
    int listening = x.listens && x.n_l > 0;
    int loop = fw_exposure_loopback_only(&x);
    char *how = NULL;
    char *shell = listening ? shell_without_login(g, s, &x, &how) : NULL;
    if (inv && listening)
        inventory_rows(g, inv, s, &x, shell);
    if (loop) {   /* listed above, never judged */
        free(shell);
        free(how);
        fw_exposure_release(&x);
        return;
    }
    const fw_listener *l = exposed_listener(&x);
    char *where = l ? listener_text(l) : NULL;
    if (shell) {
        char *msg = fw_xasprintf("%s listens on %s and %s: a shell without login (%s)%s", s->name,
                                 where, how, s->started_by, cond_note(s));
        emit(g, FW_CK_LISTENER_SHELL, s, &x, msg, "shell", shell);
        free(msg);
    } else if (listening && (x.noauth || x.emptypw)) {
        char *msg = x.noauth
            ? fw_xasprintf("%s listens on %s with authentication switched off (%s) (%s)%s",
                           s->name, where, x.noauth, s->started_by, cond_note(s))
            : fw_xasprintf("%s listens on %s and lets accounts with empty passwords log in (%s) "
                           "(%s)%s", s->name, where, x.emptypw, s->started_by, cond_note(s));
        emit(g, FW_CK_AUTH_OFF, s, &x, msg, "argument", x.noauth ? x.noauth : x.emptypw);
        free(msg);
    }
    if (listening && x.upload && (x.anonymous || x.noauth || (x.d && strcmp(x.d->auth, "none") == 0))) {
        char *msg = fw_xasprintf("%s on %s lets clients write files without logging in (%s%s%s) "
                                 "(%s)%s", s->name, where, x.upload,
                                 x.anonymous ? ", " : "", x.anonymous ? x.anonymous : "",
                                 s->started_by, cond_note(s));
        emit(g, FW_CK_ANON_WRITE, s, &x, msg, "directory", x.dir ? x.dir : "");
        free(msg);
    }
    if (x.d && strcmp(x.d->kind, "debug") == 0 && listening) {
        char *msg = fw_xasprintf("debug or test agent %s listens on %s and answers anyone who "
                                 "connects (%s)%s", s->name, where, s->started_by, cond_note(s));
        emit(g, FW_CK_DEBUG_AGENT, s, &x, msg, NULL, NULL);
        free(msg);
    }
    if (!x.d && listening && !shell) {
        char *msg = fw_xasprintf("%s listens on %s (%s): a program fwaudit does not know, with no "
                                 "known authentication (%s)%s", s->name, where, l->source,
                                 s->started_by, cond_note(s));
        emit(g, FW_CK_UNKNOWN_LISTENER, s, &x, msg, "argument", l->source);
        free(msg);
    }
    if (x.d && strcmp(x.d->kind, "web") == 0 && listening) {
        for (size_t i = 0; i < x.n_l; i++) {
            const fw_listener *p = &x.l[i];
            int by_default = strcmp(p->source, "default") == 0;
            if (p->tls || p->from_config || (by_default && args_unresolved(s)))
                continue;
            char *lt = listener_text(p);
            char *msg = fw_xasprintf("web server %s listens on plain HTTP, %s (%s): logins and "
                                     "sessions travel in clear text (%s)%s", s->name, lt,
                                     by_default ? "its default" : p->source, s->started_by,
                                     cond_note(s));
            emit(g, FW_CK_PLAIN_HTTP, s, &x, msg, "argument", p->source);
            free(msg);
            free(lt);
            break;
        }
    }
    judge_login(g, s, &x, listening);
    free(where);
    free(shell);
    free(how);
    fw_exposure_release(&x);
}
