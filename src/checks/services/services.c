/* services.c: the "services" analyzer: what an image starts at boot, and how.
 *
 * Per namespace it builds the boot graph (services_int.h) from every boot
 * system it understands: BusyBox/sysvinit /etc/inittab and the scripts it
 * runs (boot_inittab.c), SysV and OpenWrt rc.d S links with procd init
 * scripts and their UCI enabled flags (boot_sysv.c), systemd .wants links
 * (boot_systemd.c), inetd/xinetd (boot_inetd.c), reading scripts without
 * running them (shellscan.c). It adds the inventory "services" (one row per
 * start, with its evidence chain, binary, arguments, config and status) and
 * emits checks on what is started:
 *
 *   started-cleartext-login  a daemon the rule's daemons= lists (telnetd ...)
 *   started-ftp              the same, FTP servers
 *   started-tftp             the same, TFTP servers
 *   started-upnp             the same, UPnP IGD / NAT-PMP
 *   started-discovery        the same, mDNS/SSDP responders
 *   shell-no-login           a daemon of daemons= run with -l SHELL (shells=)
 *   serial-console-shell     a shell, or a getty that logs in without a
 *                            password, on the console (shells=)
 *
 * Daemon names are data: each rule's daemons= (comma-separated basenames)
 * says what its check matches, and any services rule may add inventory=
 * names that are listed when a script starts them but judged by no check.
 * Adding a daemon to a category is an edit of a rule file. Only services
 * in state STARTED or CONDITIONAL are judged: disabled, masked, K links,
 * binaries absent from the image and unresolved starts are listed, never
 * reported as findings.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/exposure.h"
#include "checks/services/services_int.h"
#include "checks/services/conf_int.h"
#include "checks/passwords/cracker.h"
#include "core/escape.h"
#include "core/fileio.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define CK_TELNET  "started-cleartext-login"
#define CK_FTP     "started-ftp"
#define CK_TFTP    "started-tftp"
#define CK_UPNP    "started-upnp"
#define CK_DISC    "started-discovery"
#define CK_SERIAL  "serial-console-shell"

static const char *const services_checks[] = {
    CK_TELNET, CK_FTP, CK_TFTP, CK_UPNP, CK_DISC, CK_SERIAL, "boot-unresolved",
    FW_CK_LISTENER_SHELL, FW_CK_AUTH_OFF, FW_CK_ANON_WRITE, FW_CK_DEBUG_AGENT,
    FW_CK_UNKNOWN_LISTENER, FW_CK_PLAIN_HTTP, FW_CK_EMPTY_PW_LOGIN, FW_CONF_CHECKS, NULL
};
/* The checks that match a started service's name against daemons=. */
static const char *const daemon_checks[] = { CK_TELNET, CK_FTP, CK_TFTP, CK_UPNP, CK_DISC, NULL };

typedef struct svc_state_t {
    char **known;          /* the model's daemons and every rule's daemons= and inventory= */
    size_t n_known, cap_known;
    fw_daemon_model model; /* rules/data/daemons.txt, named by a rule's model= */
    fw_cracker *defaults;  /* the lists of the nvram-published-default rule */
} svc_state_t;

/* ---- names lists from rule params -------------------------------------- */

/* Is name in the comma-separated list? */
static int in_list(const char *list, const char *name)
{
    if (!list || !name || !*name)
        return 0;
    size_t n = strlen(name);
    const char *p = list;
    while (*p) {
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

static void add_known(svc_state_t *st, const char *list)
{
    const char *p = list;
    while (p && *p) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l > 0) {
            FW_XGROW(st->known, st->cap_known, st->n_known + 1);
            st->known[st->n_known++] = fw_xstrndup(p, l);
        }
        p = e ? e + 1 : NULL;
    }
}

static void services_fini(void *state);

/* The daemon argument model: the file the first services rule with a
 * model= parameter names (relative to its rule file). */
static int load_model(svc_state_t *st, const fw_rule *r, fw_error *err)
{
    char *path = fw_rule_param_path(r, "model");
    char *text = NULL;
    size_t len = 0;
    fw_error ferr;
    int rc = fw_read_file(path, FW_MAX_DATA_FILE_SIZE, &text, &len, &ferr);
    if (rc != FW_OK)
        rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: cannot read %s: %s",
                          r->file ? r->file : "?", r->line, r->id, path, ferr.msg);
    else
        rc = fw_daemon_model_parse(&st->model, path, text, len, err);
    for (size_t i = 0; rc == FW_OK && i < st->model.n; i++)
        for (size_t k = 0; k < st->model.v[i].n_names; k++) {
            FW_XGROW(st->known, st->cap_known, st->n_known + 1);
            st->known[st->n_known++] = fw_xstrdup(st->model.v[i].names[k]);
        }
    free(text);
    free(path);
    return rc;
}

static int services_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    svc_state_t *st = fw_xcalloc(1, sizeof *st);
    const fw_ruleset *rs = fw_check_ruleset(ctx);
    int have_model = 0;
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *r = rs->rules[i];
        if (!r->analyzer || strcmp(r->analyzer, "services") != 0)
            continue;
        add_known(st, fw_rule_param(r, "daemons"));
        add_known(st, fw_rule_param(r, "inventory"));
        /* the published default lists: the first services rule naming them
           (nvram-published-default, web-userfile-published-default) */
        if (!st->defaults && fw_rule_param(r, "wordlist") &&
            fw_cracker_new(&st->defaults, r, err) != FW_OK) {
            services_fini(st);
            return FW_ERULE;
        }
        if (!have_model && fw_rule_param(r, "model")) {
            have_model = 1;
            if (load_model(st, r, err) != FW_OK) {
                services_fini(st);
                return FW_ERULE;
            }
        }
    }
    *state = st;
    return FW_OK;
}

static void services_fini(void *state)
{
    svc_state_t *st = state;
    if (!st)
        return;
    for (size_t i = 0; i < st->n_known; i++)
        free(st->known[i]);
    free(st->known);
    fw_daemon_model_release(&st->model);
    fw_cracker_free(&st->defaults);
    free(st);
}

/* ---- graph building blocks --------------------------------------------- */

const char *fw_svc_base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int fw_svc_known(const fw_svc_graph *g, const char *name)
{
    for (size_t i = 0; i < g->n_known; i++)
        if (strcmp(g->known[i], name) == 0)
            return 1;
    return 0;
}

int fw_svc_running(const fw_svc_graph *g, const char *name)
{
    size_t n = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
    for (size_t i = 0; i < n; i++) {
        const fw_svc *s = &g->v[i];
        if ((s->state == SVC_STARTED || s->state == SVC_CONDITIONAL) &&
            (strcmp(s->name, name) == 0 || (s->applet && strcmp(s->applet, name) == 0)))
            return 1;
    }
    return 0;
}

const fw_node *fw_svc_resolve_cmd(const fw_svc_graph *g, const char *cmd)
{
    if (!cmd || !*cmd)
        return NULL;
    if (strchr(cmd, '/')) {
        if (cmd[0] != '/')
            return NULL;   /* relative to a run-time directory */
        const fw_node *n = fw_ns_resolve(g->ns, cmd);
        return n && n->type != FW_NODE_DIR ? n : NULL;
    }
    static const char *const path[] = { "/sbin", "/usr/sbin", "/bin", "/usr/bin", NULL };
    for (size_t i = 0; path[i]; i++) {
        char *p = fw_xasprintf("%s/%s", path[i], cmd);
        const fw_node *n = fw_ns_resolve(g->ns, p);
        free(p);
        if (n && n->type != FW_NODE_DIR)
            return n;
    }
    return NULL;
}

int fw_svc_open_text(fw_svc_graph *g, const fw_node *n, fw_blob *blob)
{
    if (!n || (n->type != FW_NODE_FILE && n->type != FW_NODE_HARDLINK))
        return -1;
    fw_error err = { 0 };
    if (fw_node_open(n, blob, &err) != FW_OK) {
        fw_check_warn(g->ctx, n, "cannot read boot file: %s", err.msg);
        return -1;
    }
    /* only text is read past its first bytes: a large binary is just peeked at */
    if (blob->size > SVC_MAX_SCRIPT_SIZE && fw_blob_is_text(blob)) {
        fw_check_warn(g->ctx, n, "boot file larger than %u bytes: only the start is read",
                      SVC_MAX_SCRIPT_SIZE);
    }
    return 0;
}

size_t fw_svc_list_dir(const fw_svc_graph *g, const char *dir, const fw_node ***out)
{
    *out = NULL;
    /* Through links when the directory is a node; archives (and the rule
     * self-tests) may hold files without entries for their directories. */
    const fw_node *d = fw_ns_resolve(g->ns, dir);
    if (d && d->type != FW_NODE_DIR)
        return 0;
    char *prefix = d ? fw_xstrdup(d->path) : fw_xasprintf("%s%s", g->ns->root ? g->ns->root : "", dir);
    size_t dl = strlen(prefix), n = 0, cap = 0;
    const fw_node **v = NULL;
    for (size_t i = 0; i < g->ns->count; i++) {
        const fw_node *c = g->ns->nodes[i];
        const char *p = c->path;
        if (strncmp(p, prefix, dl) != 0 || p[dl] != '/' || !p[dl + 1] ||
            strchr(p + dl + 1, '/'))
            continue;
        FW_XGROW(v, cap, n + 1);
        v[n++] = c;
    }
    free(prefix);
    *out = v;
    return n;
}

static fw_svc *svc_new(fw_svc_graph *g)
{
    if (g->n >= SVC_MAX_ENTRIES) {
        if (g->n == SVC_MAX_ENTRIES)
            fw_check_warn(g->ctx, NULL, "more than %d boot services: the rest not listed",
                          SVC_MAX_ENTRIES);
        g->n = SVC_MAX_ENTRIES + 1;  /* warn once */
        return NULL;
    }
    FW_XGROW(g->v, g->cap, g->n + 1);
    fw_svc *s = &g->v[g->n++];
    memset(s, 0, sizeof *s);
    return s;
}

void fw_svc_set_state(fw_svc *s, fw_svc_state st, const char *why)
{
    s->state = st;
    free(s->why);
    s->why = why ? fw_xstrdup(why) : NULL;
}

/* A config file named by the arguments (-f FILE, -c FILE, --config FILE),
 * else the conventional /etc/NAME.conf or /etc/NAME/NAME.conf, if in the image. */
static char *find_config(const fw_svc_graph *g, const fw_svc *s)
{
    for (size_t i = 0; i + 1 < s->argc; i++) {
        const char *a = s->argv[i];
        if (strcmp(a, "-f") == 0 || strcmp(a, "-c") == 0 || strcmp(a, "-C") == 0 ||
            strcmp(a, "--config") == 0 || strcmp(a, "-config") == 0) {
            const fw_node *n = s->argv[i + 1][0] == '/' ? fw_ns_resolve(g->ns, s->argv[i + 1]) : NULL;
            if (n && n->type == FW_NODE_FILE)
                return fw_xstrdup(s->argv[i + 1]);
        }
    }
    for (int i = 0; i < 2; i++) {
        char *p = i == 0 ? fw_xasprintf("/etc/%s.conf", s->name)
                         : fw_xasprintf("/etc/%s/%s.conf", s->name, s->name);
        const fw_node *n = fw_ns_resolve(g->ns, p);
        if (n && n->type == FW_NODE_FILE)
            return p;
        free(p);
    }
    return NULL;
}

fw_svc *fw_svc_add(fw_svc_graph *g, const char *started_by, const fw_node *node, uint64_t line,
             const char *excerpt, const char *cmd, const char *const *argv, size_t argc)
{
    fw_svc *s = svc_new(g);
    if (!s)
        return NULL;
    s->command = fw_xstrdup(cmd);
    s->name = fw_xstrdup(fw_svc_base(cmd));
    s->argv = fw_xcalloc(argc + 1, sizeof *s->argv);
    for (size_t i = 0; i < argc; i++)
        s->argv[i] = fw_xstrdup(argv[i]);
    s->argc = argc;
    s->started_by = fw_xstrdup(started_by);
    s->node = node;
    s->line = line;
    s->excerpt = excerpt ? fw_xstrdup(excerpt) : NULL;
    const fw_node *b = fw_svc_resolve_cmd(g, cmd);
    if (!b) {
        fw_svc_set_state(s, SVC_MISSING, cmd[0] == '/' || !strchr(cmd, '/')
                                       ? "the binary is not in the image" : "relative command");
    } else {
        s->binary = fw_xstrdup(fw_node_syspath(b));
        const char *bb = fw_svc_base(s->binary);
        if (strcmp(bb, "busybox") == 0 && strcmp(s->name, "busybox") != 0)
            s->applet = fw_xstrdup(s->name);
        else if (strcmp(s->name, "busybox") == 0 && argc > 0) {
            s->applet = fw_xstrdup(argv[0]);   /* "busybox telnetd -l /bin/sh" */
            free(s->name);
            s->name = fw_xstrdup(argv[0]);
        }
    }
    s->config = find_config(g, s);
    return s;
}

fw_svc *fw_svc_add_unresolved(fw_svc_graph *g, const char *name, const char *started_by,
                        const fw_node *node, uint64_t line, const char *excerpt,
                        const char *why)
{
    fw_svc *s = svc_new(g);
    if (!s)
        return NULL;
    s->name = fw_xstrdup(name);
    s->argv = fw_xcalloc(1, sizeof *s->argv);
    s->started_by = fw_xstrdup(started_by);
    s->node = node;
    s->line = line;
    s->excerpt = excerpt ? fw_xstrdup(excerpt) : NULL;
    fw_svc_set_state(s, SVC_UNRESOLVED, why);
    return s;
}

static void graph_free(fw_svc_graph *g)
{
    size_t n = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
    for (size_t i = 0; i < n; i++) {
        fw_svc *s = &g->v[i];
        free(s->name);
        free(s->command);
        free(s->binary);
        free(s->applet);
        for (size_t k = 0; k < s->argc; k++)
            free(s->argv[k]);
        free(s->argv);
        free(s->started_by);
        free(s->config);
        free(s->why);
        free(s->excerpt);
        free(s->tty);
        free(s->sock_port);
        free(s->sock_bind);
        free(s->sock_proto);
        free(s->via);
    }
    free(g->v);
    free(g->seen);
    free(g->rc_started);
}

/* ---- judging ------------------------------------------------------------ */

static const char *state_name(fw_svc_state st)
{
    switch (st) {
    case SVC_STARTED:     return "started";
    case SVC_CONDITIONAL: return "conditional";
    case SVC_NOT_STARTED: return "not started";
    case SVC_MISSING:     return "not in image";
    case SVC_UNRESOLVED:  return "unresolved";
    }
    return "?";
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

static void emit(fw_svc_graph *g, const char *check, const fw_svc *s, const char *message)
{
    char *args = join_args(s);
    char *ex = s->excerpt ? fw_escaped(s->excerpt, strlen(s->excerpt)) : NULL;
    /* what was started, how and where: not the line, so moving it keeps the fingerprint */
    char *identity = fw_xasprintf("%s|%s|%s", s->name, s->tty ? s->tty : "", args ? args : "");
    fw_detail d[] = {
        { "service", s->name },
        { "binary", s->binary ? s->binary : "" },
        { "args", args ? args : "" },
        { "started_by", s->started_by },
        { "status", (char *)state_name(s->state) },
    };
    fw_hit hit = {
        .check = check, .node = s->node, .line = s->line, .offset = FW_NO_OFFSET,
        .message = message, .excerpt = ex, .identity = identity, .severity = -1,
        .details = d, .n_details = sizeof d / sizeof d[0],
    };
    /* one finding per daemon and terminal per file: the branches of one start */
    char *group = fw_xasprintf("%s|%s", s->name, s->tty ? s->tty : "");
    fw_svc_emit_queue(&g->emitter, &hit, group);
    free(group);
    free(identity);
    free(ex);
    free(args);
}

static int name_in(const fw_svc *s, const char *list)
{
    return in_list(list, s->name) || (s->binary && in_list(list, fw_svc_base(s->binary))) ||
           (s->applet && in_list(list, s->applet));
}

static int is_shell(const char *shells, const char *arg)
{
    return fw_is_shell(shells, arg);
}

/* getty that logs in without asking: -a/--autologin USER, or -n (no login
 * prompt) with -l PROGRAM being a shell. A pure predicate: *how is a static
 * description of what it found (shown in the finding), not an error, so it
 * keeps its const char ** rather than an fw_error. */
static int getty_no_password(const fw_svc *s, const char *shells, const char **how)
{
    if (strcmp(s->name, "login") == 0) {
        for (size_t i = 0; i < s->argc; i++)
            if (strcmp(s->argv[i], "-f") == 0) {
                *how = "login -f logs a user in without a password";
                return 1;
            }
        return 0;
    }
    if (!in_list("getty,agetty,mingetty,mgetty,serial-getty", s->name))
        return 0;
    int no_prompt = 0;
    const char *loginprog = NULL;
    for (size_t i = 0; i < s->argc; i++) {
        const char *a = s->argv[i];
        if ((strcmp(a, "-a") == 0 || strcmp(a, "--autologin") == 0) && i + 1 < s->argc) {
            *how = "getty logs a user in without a password (--autologin)";
            return 1;
        }
        if (strncmp(a, "--autologin=", 12) == 0) {
            *how = "getty logs a user in without a password (--autologin)";
            return 1;
        }
        if (strcmp(a, "-n") == 0 || strcmp(a, "--skip-login") == 0)
            no_prompt = 1;
        if ((strcmp(a, "-l") == 0 || strcmp(a, "--login-program") == 0) && i + 1 < s->argc)
            loginprog = s->argv[i + 1];
    }
    if (no_prompt && loginprog && is_shell(shells, loginprog)) {
        *how = "getty runs a shell instead of login (-n -l SHELL)";
        return 1;
    }
    return 0;
}

static void judge(fw_svc_graph *g, const fw_daemon_model *m, const fw_svc *s)
{
    if (s->state != SVC_STARTED && s->state != SVC_CONDITIONAL)
        return;
    fw_check_ctx *ctx = g->ctx;
    const fw_daemon *d = fw_daemon_of(m, s);
    for (size_t c = 0; daemon_checks[c]; c++) {
        const fw_rule *r = fw_check_rule(ctx, daemon_checks[c]);
        /* a category: the model's kinds= it covers, and any names a user adds in daemons= */
        if (r && (name_in(s, fw_rule_param(r, "daemons")) ||
                  (d && in_list(fw_rule_param(r, "kinds"), d->kind)))) {
            char *msg = fw_xasprintf("%s is started at boot (%s)%s", s->name, s->started_by,
                                  s->state == SVC_CONDITIONAL ? ", under a shell condition" : "");
            emit(g, daemon_checks[c], s, msg);
            free(msg);
        }
    }
    const fw_rule *r = fw_check_rule(ctx, CK_SERIAL);
    if (r && s->console) {
        const char *shells = fw_rule_param(r, "shells");
        const char *how = NULL;
        if (is_shell(shells, s->command ? s->command : s->name))
            how = "a shell runs without login";
        else if (s->applet && is_shell(shells, s->applet))
            how = "a shell runs without login";
        if (how || getty_no_password(s, shells, &how)) {
            char *msg = fw_xasprintf("%s on %s (%s)", how, s->tty ? s->tty : "the console",
                                  s->started_by);
            emit(g, CK_SERIAL, s, msg);
            free(msg);
        }
    }
}

static void inventory_row(fw_svc_graph *g, fw_inventory *inv, const fw_svc *s)
{
    char *args = join_args(s);
    char *bin = s->binary ? (s->applet ? fw_xasprintf("%s (busybox applet %s)", s->binary, s->applet)
                                       : fw_xstrdup(s->binary))
                          : fw_xstrdup(s->command ? s->command : "-");
    char *by = g->ns->chain[0] ? fw_xasprintf("%s > %s", g->ns->chain, s->started_by)
                               : fw_xstrdup(s->started_by);
    char *status = s->why ? fw_xasprintf("%s: %s", state_name(s->state), s->why)
                          : fw_xstrdup(state_name(s->state));
    const char *cells[] = { s->name, bin, args, by, s->config, status };
    fw_inventory_add_row(inv, cells);
    free(status);
    free(by);
    free(bin);
    free(args);
}

/* Is there any boot configuration a scanner can read? */
static int has_boot_config(const fw_ns *ns)
{
    static const char *const paths[] = {
        "/etc/inittab", "/etc/init.d", "/etc/rc.d", "/etc/systemd/system",
        "/lib/systemd/system", "/usr/lib/systemd/system", "/etc/inetd.conf", NULL,
    };
    for (size_t i = 0; paths[i]; i++)
        if (fw_ns_exists(ns, paths[i]))
            return 1;
    return 0;
}

/* No boot configuration a scanner can read in a system (has /etc): list an
 * init binary if there is one, and say that what the device starts is not
 * known, so "nothing unneeded is started" (MO.1, MO.11) cannot PASS. */
static void boot_unreadable(fw_svc_graph *g)
{
    if (!fw_ns_is_system(g->ns) || has_boot_config(g->ns))
        return;
    const fw_node *etc = fw_ns_resolve(g->ns, "/etc");
    const fw_node *init = fw_ns_resolve(g->ns, "/sbin/init");
    const char *msg = "no inittab, rc.d, systemd or inetd configuration and no init binary: "
                      "what the device starts cannot be read from the image";
    const fw_node *at = etc;
    if (!at)    /* no /etc directory entry: point at a file below it */
        for (size_t i = 0; i < g->ns->count && !at; i++)
            if (strncmp(fw_node_syspath(g->ns->nodes[i]), "/etc/", 5) == 0)
                at = g->ns->nodes[i];
    if (init && init->type == FW_NODE_FILE) {
        fw_svc *s = fw_svc_add(g, "kernel -> /sbin/init", init, 0, NULL, "/sbin/init", NULL, 0);
        if (s)
            fw_svc_set_state(s, SVC_UNRESOLVED, "no inittab, rc.d or systemd configuration: what "
                          "init starts is compiled into it and cannot be read statically");
        msg = "init is a binary with no inittab, rc.d or systemd configuration: "
              "what it starts cannot be read statically";
        at = init;
    }
    fw_hit hit = { .check = "boot-unresolved", .node = at, .offset = FW_NO_OFFSET,
                   .severity = -1, .identity = "boot-unresolved", .message = msg };
    fw_check_undecided(g->ctx, &hit);
}

static int services_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    svc_state_t *st = state;
    fw_svc_graph g = { .ctx = ctx, .ns = ns, .known = (const char *const *)st->known,
                    .n_known = st->n_known, .runlevel = -1, .emitter = { .ctx = ctx },
                    .defaults = st->defaults };
    fw_boot_inittab(&g);
    fw_boot_sysv(&g);
    fw_boot_systemd(&g);
    if (g.n == 0)
        boot_unreadable(&g);
    fw_boot_cron(&g);     /* after the boot systems: whether crond runs decides its jobs */
    fw_boot_hotplug(&g);  /* the same for udevd and mdev */
    fw_boot_inetd(&g);   /* last: whether inetd runs decides its services */

    size_t n = g.n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g.n;
    if (n > 0) {
        static const char *const cols[] = { "service", "binary", "args", "started_by",
                                            "config", "status", NULL };
        fw_inventory *inv = fw_report_inventory(fw_check_report(ctx), "services",
                                                "Services started at boot", cols);
        fw_inventory *lis = fw_report_inventory(fw_check_report(ctx), "listeners",
                                                "Network listeners",
                                                fw_listener_columns);
        fw_inventory_set_requirement(lis, "MO.1");
        for (size_t i = 0; i < n; i++) {
            inventory_row(&g, inv, &g.v[i]);
            judge(&g, &st->model, &g.v[i]);
            fw_exposure_judge(&g, &st->model, &g.v[i], lis);
        }
    }
    fw_svc_emit_flush(&g.emitter);
    fw_svc_judge_configs(&g);   /* daemon configurations, where the daemon runs (daemon_conf.c) */
    graph_free(&g);
    return FW_OK;
}

const fw_analyzer fw_analyzer_services = {
    .name = "services",
    .checks = services_checks,
    .init = services_init,
    .fini = services_fini,
    .scan_ns = services_scan_ns,
};
