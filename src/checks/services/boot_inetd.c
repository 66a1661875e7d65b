/* boot_inetd.c: services inetd and xinetd start on connection.
 *
 * /etc/inetd.conf: "service socktype proto wait user server args", args
 * starting with argv[0]; "internal" services are inetd's own; a tcpd
 * wrapper's real program is its argv[0]. /etc/xinetd.conf and
 * /etc/xinetd.d/ files: "service NAME { server = ...  server_args = ...
 * disable = yes }". These services listen only if inetd (xinetd) itself is
 * started at boot: run after the other boot systems, this marks them not
 * started when it is not.
 *
 * Each entry records the socket the super-server listens on for it, since
 * the program itself has no listening option to read: sock_port (inetd's
 * service field, xinetd's port = or the service name), sock_proto
 * ("tcp"/"udp", from the protocol or socket type), sock_bind (inetd's
 * "addr:service", xinetd's bind = / interface =; NULL = every address),
 * and via "inetd" / "xinetd".
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
#include "core/textio.h"
#include "core/xalloc.h"

static int daemon_running(const fw_svc_graph *g, const char *name)
{
    size_t n = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
    for (size_t i = 0; i < n; i++)
        if ((g->v[i].state == SVC_STARTED || g->v[i].state == SVC_CONDITIONAL) &&
            strcmp(g->v[i].name, name) == 0)
            return 1;
    return 0;
}

/* "tcp", "tcp6", "rpc/tcp" -> "tcp"; "stream"/"dgram" the same */
static const char *proto_of(const char *p)
{
    if (strstr(p, "udp") || strcmp(p, "dgram") == 0)
        return "udp";
    if (strstr(p, "tcp") || strcmp(p, "stream") == 0)
        return "tcp";
    return p;
}

static void set_sock(fw_svc *s, const char *port, const char *bind, const char *proto,
                     const char *via)
{
    free(s->sock_port);
    free(s->sock_bind);
    free(s->sock_proto);
    free(s->via);
    s->sock_port = fw_xstrdup(port);
    s->sock_bind = bind && strcmp(bind, "*") != 0 && strcmp(bind, "0.0.0.0") != 0 &&
                           strcmp(bind, "::") != 0
                       ? fw_xstrdup(bind) : NULL;
    s->sock_proto = proto ? fw_xstrdup(proto_of(proto)) : NULL;
    s->via = fw_xstrdup(via);
}

static void inetd_conf(fw_svc_graph *g, int running)
{
    const fw_node *n = fw_ns_resolve(g->ns, "/etc/inetd.conf");
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        char *w[SVC_MAX_WORDS];
        int unres = 0;
        size_t nw = fw_shell_words(ln.s, ln.len, w, SVC_MAX_WORDS, &unres);
        if (nw >= 6 && strcmp(w[5], "internal") != 0) {
            /* w[6] is argv[0]; under tcpd it names the real program */
            size_t cmd = strcmp(fw_svc_base(w[5]), "tcpd") == 0 && nw > 6 ? 6 : 5;
            size_t args = 7;
            char *ex = fw_xstrndup(ln.s, ln.len);
            char *by = fw_xasprintf("/etc/inetd.conf:%llu %s (via inetd)",
                                 (unsigned long long)ln.lineno, w[0]);
            fw_svc *s = fw_svc_add(g, by, n, ln.lineno, ex, w[cmd],
                             (const char *const *)w + (args < nw ? args : nw),
                             args < nw ? nw - args : 0);
            if (s) {
                /* "127.0.0.1:telnet": BusyBox and OpenBSD inetd bind one address */
                const char *colon = strrchr(w[0], ':');
                char *bind = colon ? fw_xstrndup(w[0], (size_t)(colon - w[0])) : NULL;
                set_sock(s, colon ? colon + 1 : w[0], bind, w[2], "inetd");
                free(bind);
            }
            if (s && s->state == SVC_STARTED && !running)
                fw_svc_set_state(s, SVC_NOT_STARTED, "inetd is not started at boot");
            free(by);
            free(ex);
        }
        fw_shell_words_release(w, nw);
    }
    fw_blob_close(&b);
}

/* One xinetd file: every service block in it. */
static void xinetd_file(fw_svc_graph *g, const fw_node *n, int running)
{
    fw_blob b;
    if (fw_svc_open_text(g, n, &b) != 0)
        return;
    char *server = NULL, *args = NULL, *name = NULL, *port = NULL, *bind = NULL, *proto = NULL;
    int disabled = 0;
    uint64_t at = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        char *w[SVC_MAX_WORDS];
        int unres = 0;
        size_t nw = fw_shell_words(ln.s, ln.len, w, SVC_MAX_WORDS, &unres);
        if (nw >= 2 && strcmp(w[0], "service") == 0) {
            free(name);
            name = fw_xstrdup(w[1]);
            disabled = 0;
        } else if (nw >= 3 && strcmp(w[1], "=") == 0) {
            if (strcmp(w[0], "server") == 0) {
                free(server);
                server = fw_xstrdup(w[2]);
                at = ln.lineno;
            } else if (strcmp(w[0], "server_args") == 0) {
                free(args);
                args = fw_xstrndup(ln.s, ln.len);
            } else if (strcmp(w[0], "disable") == 0) {
                disabled = strcmp(w[2], "yes") == 0;
            } else if (strcmp(w[0], "port") == 0) {
                free(port);
                port = fw_xstrdup(w[2]);
            } else if (strcmp(w[0], "bind") == 0 || strcmp(w[0], "interface") == 0) {
                free(bind);
                bind = fw_xstrdup(w[2]);
            } else if (strcmp(w[0], "protocol") == 0 ||
                       (strcmp(w[0], "socket_type") == 0 && !proto)) {
                free(proto);
                proto = fw_xstrdup(w[2]);
            }
        } else if (nw >= 1 && strcmp(w[0], "}") == 0 && name) {
            if (server) {
                char *argv[SVC_MAX_WORDS];
                size_t na = 0;
                if (args) {
                    const char *eq = strchr(args, '=');
                    na = fw_shell_words(eq + 1, strlen(eq + 1), argv, SVC_MAX_WORDS, &unres);
                }
                char *by = fw_xasprintf("%s:%llu service %s (via xinetd)", fw_node_syspath(n),
                                     (unsigned long long)at, name);
                fw_svc *s = fw_svc_add(g, by, n, at, NULL, server, (const char *const *)argv, na);
                if (s)
                    set_sock(s, port ? port : name, bind, proto, "xinetd");
                if (s && s->state == SVC_STARTED && disabled)
                    fw_svc_set_state(s, SVC_NOT_STARTED, "disable = yes");
                else if (s && s->state == SVC_STARTED && !running)
                    fw_svc_set_state(s, SVC_NOT_STARTED, "xinetd is not started at boot");
                free(by);
                fw_shell_words_release(argv, na);
            }
            free(name);
            free(server);
            free(args);
            free(port);
            free(bind);
            free(proto);
            name = server = args = port = bind = proto = NULL;
        }
        fw_shell_words_release(w, nw);
    }
    free(name);
    free(server);
    free(args);
    free(port);
    free(bind);
    free(proto);
    fw_blob_close(&b);
}

void fw_boot_inetd(fw_svc_graph *g)
{
    inetd_conf(g, daemon_running(g, "inetd"));
    int xrun = daemon_running(g, "xinetd");
    const fw_node *x = fw_ns_resolve(g->ns, "/etc/xinetd.conf");
    if (x && x->type == FW_NODE_FILE)
        xinetd_file(g, x, xrun);
    const fw_node **kids = NULL;
    size_t nk = fw_svc_list_dir(g, "/etc/xinetd.d", &kids);
    for (size_t i = 0; i < nk; i++) {
        const fw_node *f = kids[i]->type == FW_NODE_SYMLINK ? NULL : kids[i];
        if (f && f->type == FW_NODE_FILE)
            xinetd_file(g, f, xrun);
    }
    free(kids);
}
