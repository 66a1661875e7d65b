/* boot_systemd.c: systemd units enabled through .wants directories.
 *
 * A unit is started at boot when a link to it sits in some
 * *.target.wants/ directory under /etc/systemd/system, /lib/systemd/system
 * or /usr/lib/systemd/system (what `systemctl enable` and presets leave).
 * Units only installed, with a WantedBy= but no link, are not started and
 * not listed; a unit whose /etc/systemd/system/NAME links to /dev/null is
 * masked and listed as not started. Each ExecStart= of the [Service]
 * section is one start (prefixes - @ : + ! dropped, %i/%I replaced by the
 * template instance); ${VAR} set by Environment= is not expanded and makes
 * the start unresolved. getty units on serial lines (serial-getty@ttyS0,
 * getty@ttyS0, console-getty) and units with TTYPath= on a serial line run
 * on the console.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
#include "checks/services/shellwrap.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/xalloc.h"

static const char *const unit_dirs[] = { "/etc/systemd/system", "/lib/systemd/system",
                                         "/usr/lib/systemd/system", NULL };

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int is_masked(fw_svc_graph *g, const char *unit)
{
    char *p = fw_xasprintf("/etc/systemd/system/%s", unit);
    const fw_node *n = fw_ns_get(g->ns, p);
    if (!n) {
        /* the namespace may wrap the root: look through the system path */
        char *q = fw_xasprintf("%s%s", g->ns->root ? g->ns->root : "", p);
        n = fw_ns_get(g->ns, q);
        free(q);
    }
    free(p);
    return n && n->type == FW_NODE_SYMLINK && n->link_target &&
           strcmp(n->link_target, "/dev/null") == 0;
}

/* The unit file for `unit` ("a@x.service" falls back to "a@.service"). */
static const fw_node *find_unit(fw_svc_graph *g, const char *unit)
{
    char *tmpl = NULL;
    const char *at = strchr(unit, '@');
    if (at) {
        const char *dot = strrchr(unit, '.');
        if (dot && dot > at)
            tmpl = fw_xasprintf("%.*s%s", (int)(at - unit + 1), unit, dot);
    }
    const fw_node *found = NULL;
    for (size_t i = 0; unit_dirs[i] && !found; i++)
        for (int t = 0; t < 2 && !found; t++) {
            const char *name = t == 0 ? unit : tmpl;
            if (!name)
                continue;
            char *p = fw_xasprintf("%s/%s", unit_dirs[i], name);
            const fw_node *n = fw_ns_resolve(g->ns, p);
            if (n && n->type == FW_NODE_FILE)
                found = n;
            free(p);
        }
    free(tmpl);
    return found;
}

static char *subst_instance(const char *s, size_t len, const char *inst)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && i + 1 < len && (s[i + 1] == 'i' || s[i + 1] == 'I')) {
            fw_sb_adds(&sb, inst);
            i++;
        } else if (s[i] == '%' && i + 1 < len && s[i + 1] == '%') {
            fw_sb_addc(&sb, '%');
            i++;
        } else {
            fw_sb_addc(&sb, s[i]);
        }
    }
    return fw_sb_detach(&sb);
}

static void read_unit(fw_svc_graph *g, const char *unit, const char *wants_path,
                      const fw_node *file)
{
    char *inst = NULL;
    const char *at = strchr(unit, '@'), *dot = strrchr(unit, '.');
    if (at && dot && dot > at + 1)
        inst = fw_xstrndup(at + 1, (size_t)(dot - at - 1));
    int getty = (strncmp(unit, "serial-getty@", 13) == 0 || strncmp(unit, "getty@", 6) == 0 ||
                 strncmp(unit, "console-getty", 13) == 0);
    fw_blob b;
    if (fw_svc_open_text(g, file, &b) != 0) {
        free(inst);
        return;
    }
    int in_service = 0, any = 0;
    fw_line_iter it;
    fw_line ln;
    /* TTYPath=/dev/ttyS0 puts any program (a shell) on that terminal */
    char *ttypath = NULL;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln))
        if (ln.len > 13 && memcmp(ln.s, "TTYPath=/dev/", 13) == 0 && !ttypath)
            ttypath = fw_xstrndup(ln.s + 13, ln.len - 13);
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        const char *s = ln.s;
        size_t len = ln.len;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        if (len == 0 || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            in_service = len >= 9 && memcmp(s, "[Service]", 9) == 0;
            continue;
        }
        if (!in_service || len < 10 || memcmp(s, "ExecStart", 9) != 0)
            continue;
        const char *eq = memchr(s, '=', len);
        int pre = eq && (size_t)(eq - s) == 12 && memcmp(s + 9, "Pre", 3) == 0;
        if (!eq || ((size_t)(eq - s) != 9 && !pre))
            continue;   /* ExecStartPost= and friends are not the service */
        const char *v = eq + 1;
        size_t vl = len - (size_t)(v - s);
        while (vl && strchr("-@:+! \t", *v)) {
            v++;
            vl--;
        }
        if (vl == 0)
            continue;
        char *line = subst_instance(v, vl, inst ? inst : "");
        char *w[SVC_MAX_WORDS];
        int unres = 0;
        size_t nw = fw_shell_words(line, strlen(line), w, SVC_MAX_WORDS, &unres);
        char *by = fw_xasprintf("%s -> %s:%llu", wants_path, fw_node_syspath(file),
                             (unsigned long long)ln.lineno);
        char *ex = fw_xstrndup(ln.s, ln.len);
        fw_svc *sv = NULL;
        size_t before = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
        if (nw > 0 && (pre || fw_shell_is_wrapper(fw_svc_base(w[0])))) {
            fw_shell_src src = { .node = file, .line = ln.lineno, .text = line, .len = strlen(line),
                                 .excerpt = ex, .by = by, .flags = pre ? 0 : FW_SHELL_RUNS,
                                 .depth = 1 };
            fw_shellscan_text(g, &src);
            size_t end = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
            if (!pre && end == before)   /* the unit still runs something: the wrapper itself */
                sv = fw_svc_add(g, by, file, ln.lineno, ex, w[0], (const char *const *)w + 1, nw - 1);
            else if (end > before)
                sv = &g->v[end - 1];
            unres = 0;
        } else if (nw > 0 && strchr(w[0], '$'))
            sv = fw_svc_add_unresolved(g, unit, by, file, ln.lineno, ex,
                                    "ExecStart= names its program through a variable");
        else if (nw > 0)
            sv = fw_svc_add(g, by, file, ln.lineno, ex, w[0], (const char *const *)w + 1, nw - 1);
        if (pre && !sv) {
            free(ex);
            free(by);
            fw_shell_words_release(w, nw);
            free(line);
            continue;
        }
        if (sv && unres && sv->state == SVC_STARTED)
            fw_svc_set_state(sv, SVC_STARTED, "an argument is set by Environment= or at run time");
        if (sv && ttypath && !getty && !pre) {
            sv->console = strncmp(ttypath, "tty", 3) != 0 ||
                          !(ttypath[3] >= '0' && ttypath[3] <= '9');
            sv->tty = fw_xstrdup(ttypath);
        } else if (sv && getty && !pre) {
            sv->console = inst == NULL || strncmp(inst, "tty", 3) != 0 ||
                          !(inst[3] >= '0' && inst[3] <= '9');
            sv->tty = fw_xstrdup(inst ? inst : "console");
        }
        any |= !pre;
        free(ex);
        free(by);
        fw_shell_words_release(w, nw);
        free(line);
    }
    if (!any)
        fw_svc_add_unresolved(g, unit, wants_path, file, 0, NULL,
                           "the unit has no ExecStart= (a target, timer, socket or mount)");
    fw_blob_close(&b);
    free(ttypath);
    free(inst);
}

/* Is syspath UNITDIR/X.target.wants/NAME.service? Sets *wants_end to the
 * '/' before NAME. */
static int wants_link(const char *sp, const char **wants_end)
{
    for (size_t d = 0; unit_dirs[d]; d++) {
        size_t dl = strlen(unit_dirs[d]);
        if (strncmp(sp, unit_dirs[d], dl) != 0 || sp[dl] != '/')
            continue;
        const char *w = sp + dl + 1, *slash = strchr(w, '/');
        if (!slash || strchr(slash + 1, '/') ||
            !(ends_with(slash + 1, ".service") || ends_with(slash + 1, ".socket")))
            return 0;
        /* Wants= and Requires= of a target: both start the unit with it */
        static const char *const sufs[] = { ".target.wants", ".target.requires", NULL };
        size_t wl = (size_t)(slash - w);
        for (size_t k = 0; sufs[k]; k++) {
            size_t sl = strlen(sufs[k]);
            if (wl > sl && memcmp(slash - sl, sufs[k], sl) == 0) {
                *wants_end = slash;
                return 1;
            }
        }
        return 0;
    }
    return 0;
}

/* "23", "0.0.0.0:23", "[::]:23", "127.0.0.1:8080", "/run/x.sock" */
static void listen_addr(const char *v, char **port, char **bind)
{
    *port = *bind = NULL;
    if (v[0] == '/' || v[0] == '@') {   /* a unix socket: a path, no port */
        *port = fw_xstrdup(v);
        return;
    }
    const char *colon = strrchr(v, ':');
    if (!colon) {
        *port = fw_xstrdup(v);
        return;
    }
    *port = fw_xstrdup(colon + 1);
    const char *b = v;
    size_t bl = (size_t)(colon - v);
    if (bl >= 2 && b[0] == '[' && b[bl - 1] == ']') {
        b++;
        bl -= 2;
    }
    if (!(bl == 0 || (bl == 7 && memcmp(b, "0.0.0.0", 7) == 0) || (bl == 2 && memcmp(b, "::", 2) == 0)))
        *bind = fw_xstrndup(b, bl);
}

/* A .socket unit: the service it activates, with the socket it listens on. */
static void read_socket(fw_svc_graph *g, const char *unit, const char *by, const fw_node *file)
{
    fw_blob b;
    if (fw_svc_open_text(g, file, &b) != 0)
        return;
    char *port = NULL, *bind = NULL, *service = NULL;
    const char *proto = NULL;
    int accept = 0, in_socket = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        const char *s = ln.s;
        size_t len = ln.len;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        if (len == 0 || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            in_socket = len >= 8 && memcmp(s, "[Socket]", 8) == 0;
            continue;
        }
        const char *eq = memchr(s, '=', len);
        if (!in_socket || !eq)
            continue;
        size_t kl = (size_t)(eq - s);
        char *val = fw_xstrndup(eq + 1, len - kl - 1);
        int stream = kl == 12 && memcmp(s, "ListenStream", 12) == 0;
        int dgram = kl == 14 && memcmp(s, "ListenDatagram", 14) == 0;
        if ((stream || dgram) && !port && val[0]) {   /* the first socket is recorded */
            listen_addr(val, &port, &bind);
            proto = val[0] == '/' || val[0] == '@' ? "unix" : stream ? "tcp" : "udp";
        } else if (kl == 6 && memcmp(s, "Accept", 6) == 0) {
            accept = strcmp(val, "yes") == 0 || strcmp(val, "true") == 0 || strcmp(val, "1") == 0;
        } else if (kl == 7 && memcmp(s, "Service", 7) == 0) {
            free(service);
            service = fw_xstrdup(val);
        }
        free(val);
    }
    fw_blob_close(&b);
    if (!service) {
        size_t ul = strlen(unit) - strlen(".socket");
        service = fw_xasprintf("%.*s%s", (int)ul, unit, accept ? "@.service" : ".service");
    }
    const fw_node *sf = find_unit(g, service);
    if (!sf) {
        fw_svc *s = fw_svc_add_unresolved(g, service, by, file, 0, NULL, NULL);
        if (s)
            fw_svc_set_state(s, SVC_MISSING, "the service the socket activates is not in the image");
    } else {
        size_t before = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
        char *via = fw_xasprintf("%s (socket) -> %s", by, fw_node_syspath(sf));
        read_unit(g, service, via, sf);
        free(via);
        size_t end = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
        for (size_t k = before; k < end; k++) {
            fw_svc *s = &g->v[k];
            free(s->sock_port);
            free(s->sock_bind);
            free(s->sock_proto);
            free(s->via);
            s->sock_port = port ? fw_xstrdup(port) : NULL;
            s->sock_bind = bind ? fw_xstrdup(bind) : NULL;
            s->sock_proto = proto ? fw_xstrdup(proto) : NULL;
            s->via = fw_xstrdup("systemd-socket");
        }
    }
    free(service);
    free(port);
    free(bind);
}

static int cmp_nodes(const void *a, const void *b)
{
    const fw_node *x = *(const fw_node *const *)a, *y = *(const fw_node *const *)b;
    return strcmp(x->path, y->path);
}

void fw_boot_systemd(fw_svc_graph *g)
{
    /* every node of the namespace: wants directories need no node of their own */
    const fw_node **links = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < g->ns->count; i++) {
        const char *end;
        if (wants_link(fw_node_syspath(g->ns->nodes[i]), &end)) {
            FW_XGROW(links, cap, n + 1);
            links[n++] = g->ns->nodes[i];
        }
    }
    if (n > 1)
        qsort(links, n, sizeof *links, cmp_nodes);
    for (size_t i = 0; i < n; i++) {
        const char *lp = fw_node_syspath(links[i]);
        const char *unit = fw_svc_base(lp);
        if (is_masked(g, unit)) {
            fw_svc *s = fw_svc_add_unresolved(g, unit, lp, links[i], 0, NULL, NULL);
            if (s)
                fw_svc_set_state(s, SVC_NOT_STARTED, "masked (linked to /dev/null)");
            continue;
        }
        const fw_node *file = fw_ns_resolve(g->ns, lp);
        if (!file || file->type != FW_NODE_FILE)
            file = find_unit(g, unit);
        if (!file) {
            fw_svc *s = fw_svc_add_unresolved(g, unit, lp, links[i], 0, NULL, NULL);
            if (s)
                fw_svc_set_state(s, SVC_MISSING, "the unit file is not in the image");
        } else {
            char *by = links[i]->type == FW_NODE_SYMLINK && links[i]->link_target
                           ? fw_xasprintf("%s -> %s", lp, links[i]->link_target) : fw_xstrdup(lp);
            if (ends_with(unit, ".socket"))
                read_socket(g, unit, by, file);
            else
                read_unit(g, unit, by, file);
            free(by);
        }
    }
    free(links);
}
