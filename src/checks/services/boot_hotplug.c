/* boot_hotplug.c: commands run on device events.
 *
 * Three readers, one per hotplug system:
 *   - udev rules (*.rules in /etc/udev/rules.d, /lib/udev/rules.d,
 *     /usr/lib/udev/rules.d; a file of the same name earlier in that list,
 *     or one linked to /dev/null, hides the later one): RUN+="PROG ARGS",
 *     RUN="...", RUN{program}+="..." (RUN{builtin} is udev's own code). A
 *     bare program name is looked up in /lib/udev and /usr/lib/udev, as
 *     udev does. Live only when a udev daemon (udevd, systemd-udevd) is
 *     started.
 *   - BusyBox mdev, /etc/mdev.conf: "[-]MATCH UID:GID PERM [=PATH|>PATH|!]
 *     [@|$|*COMMAND]" (@ after the node is made, $ before it is removed,
 *     * both). Live only when mdev is started: written to
 *     /proc/sys/kernel/hotplug, or `mdev -s` at boot (shellscan).
 *   - OpenWrt /etc/hotplug.d/SUBSYSTEM/ files: shell scripts procd's hotplug
 *     (/etc/hotplug.json, /sbin/hotplug-call) sources on each event of that
 *     subsystem. Live when either is in the image.
 * A command read from these runs when a device event happens: CONDITIONAL
 * with the event named; NOT_STARTED when nothing runs them. Commands are
 * read by shellscan (wrappers, sh -c, scripts followed).
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/xalloc.h"

static size_t end_of(const fw_svc_graph *g)
{
    return g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
}

/* Entries [from, end): run by `via` on an event (why), or not at all. */
static void mark(fw_svc_graph *g, size_t from, const char *via, int live, const char *why,
                 const char *why_not)
{
    for (size_t k = from; k < end_of(g); k++) {
        fw_svc *s = &g->v[k];
        if (!s->via)
            s->via = fw_xstrdup(via);
        if (s->state != SVC_STARTED && s->state != SVC_CONDITIONAL)
            continue;
        fw_svc_set_state(s, live ? SVC_CONDITIONAL : SVC_NOT_STARTED, live ? why : why_not);
    }
}

/* One command of an event handler; a handler that starts nothing more is
 * listed as itself. */
static void handler(fw_svc_graph *g, const fw_node *n, uint64_t line, const char *excerpt,
                    const char *text, size_t len, const char *by)
{
    size_t before = end_of(g);
    fw_shell_src src = { .node = n, .line = line, .text = text, .len = len, .excerpt = excerpt,
                         .by = by, .flags = FW_SHELL_RUNS, .depth = 1 };
    fw_shellscan_text(g, &src);
    if (end_of(g) != before)
        return;
    char *w[SVC_MAX_WORDS];
    int unres = 0;
    size_t nw = fw_shell_words(text, len, w, SVC_MAX_WORDS, &unres);
    if (nw > 0 && !strchr(w[0], '$'))
        fw_svc_add(g, by, n, line, excerpt, w[0], (const char *const *)w + 1, nw - 1);
    fw_shell_words_release(w, nw);
}

/* ---- udev ------------------------------------------------------------------ */

/* udev looks a program without a '/' up in its own directories. */
static char *udev_program(fw_svc_graph *g, const char *v, size_t len)
{
    size_t w = 0;
    while (w < len && v[w] != ' ' && v[w] != '\t')
        w++;
    if (memchr(v, '/', w) || w == 0)
        return fw_xstrndup(v, len);
    static const char *const dirs[] = { "/lib/udev", "/usr/lib/udev", NULL };
    for (size_t i = 0; dirs[i]; i++) {
        char *p = fw_xasprintf("%s/%.*s", dirs[i], (int)w, v);
        const fw_node *n = fw_ns_resolve(g->ns, p);
        free(p);
        if (n)
            return fw_xasprintf("%s/%.*s", dirs[i], (int)len, v);
    }
    return fw_xstrndup(v, len);
}

static void udev_file(fw_svc_graph *g, const fw_node *n, int live)
{
    fw_blob b;
    if (fw_svc_open_text(g, n, &b) != 0)
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        size_t p = 0;
        while (p < ln.len && (ln.s[p] == ' ' || ln.s[p] == '\t'))
            p++;
        if (p == ln.len || ln.s[p] == '#')
            continue;
        /* every RUN key of the line: KEY[{type}] (=|+=|:=) "VALUE" */
        for (const char *k = ln.s + p; (k = memmem(k, (size_t)(ln.s + ln.len - k), "RUN", 3));) {
            const char *e = ln.s + ln.len, *q = k + 3;
            int word_start = k == ln.s || strchr(" \t,", k[-1]);
            k = q;
            if (!word_start)
                continue;
            int program = 1;
            if (q < e && *q == '{') {
                const char *c = memchr(q, '}', (size_t)(e - q));
                if (!c)
                    continue;
                program = (size_t)(c - q - 1) == 7 && memcmp(q + 1, "program", 7) == 0;
                q = c + 1;
            }
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            if (q < e && (*q == '+' || *q == ':'))
                q++;
            if (q >= e || *q != '=' || (q + 1 < e && q[1] == '='))
                continue;   /* RUN=="..." would be a match, not an assignment */
            q++;
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            if (q >= e || *q != '"')
                continue;
            const char *v = q + 1, *ve = memchr(v, '"', (size_t)(e - v));
            if (!ve || ve == v || !program)
                continue;
            char *cmd = udev_program(g, v, (size_t)(ve - v));
            char *by = fw_xasprintf("%s:%llu (udev RUN)", fw_node_syspath(n),
                                    (unsigned long long)ln.lineno);
            char *ex = fw_xstrndup(ln.s, ln.len);
            size_t before = end_of(g);
            handler(g, n, ln.lineno, ex, cmd, strlen(cmd), by);
            mark(g, before, "udev", live, "runs on a device event (udev rule)",
                 "no udev daemon is started");
            free(ex);
            free(by);
            free(cmd);
            k = ve;
        }
    }
    fw_blob_close(&b);
}

static int cmp_base(const void *a, const void *b)
{
    const fw_node *x = *(const fw_node *const *)a, *y = *(const fw_node *const *)b;
    return strcmp(fw_svc_base(x->path), fw_svc_base(y->path));
}

static void udev(fw_svc_graph *g)
{
    int live = fw_svc_running(g, "udevd") || fw_svc_running(g, "systemd-udevd");
    static const char *const dirs[] = { "/etc/udev/rules.d", "/lib/udev/rules.d",
                                        "/usr/lib/udev/rules.d", NULL };
    const fw_node *files[SVC_MAX_DIR_FILES];
    size_t nf = 0;
    const fw_node *dir_done[4];
    size_t nd = 0;
    for (size_t d = 0; dirs[d]; d++) {
        const fw_node *dn = fw_ns_resolve(g->ns, dirs[d]);
        int dup = 0;
        for (size_t i = 0; dn && i < nd; i++)
            dup |= dir_done[i] == dn;   /* /lib -> usr/lib */
        if (dup)
            continue;
        if (dn)
            dir_done[nd++] = dn;
        const fw_node **kids = NULL;
        size_t nk = fw_svc_list_dir(g, dirs[d], &kids);
        for (size_t i = 0; i < nk && nf < SVC_MAX_DIR_FILES; i++) {
            const char *base = fw_svc_base(kids[i]->path);
            size_t bl = strlen(base);
            if (bl < 7 || strcmp(base + bl - 6, ".rules") != 0)
                continue;
            int hidden = 0;
            for (size_t k = 0; k < nf; k++)
                hidden |= strcmp(fw_svc_base(files[k]->path), base) == 0;
            if (!hidden)
                files[nf++] = kids[i];
        }
        free(kids);
    }
    qsort(files, nf, sizeof *files, cmp_base);   /* udev reads them in name order */
    for (size_t i = 0; i < nf; i++) {
        const fw_node *f = files[i];
        if (f->type == FW_NODE_SYMLINK && f->link_target && strcmp(f->link_target, "/dev/null") == 0)
            continue;   /* masked */
        const fw_node *r = fw_ns_resolve(g->ns, fw_node_syspath(f));
        if (r && r->type != FW_NODE_DIR)
            udev_file(g, r, live);
    }
}

/* ---- mdev ------------------------------------------------------------------ */

static void mdev(fw_svc_graph *g)
{
    const fw_node *n = fw_ns_resolve(g->ns, "/etc/mdev.conf");
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return;
    int live = fw_svc_running(g, "mdev");
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        size_t p = 0;
        const char *s = ln.s;
        while (p < ln.len && (s[p] == ' ' || s[p] == '\t'))
            p++;
        if (p == ln.len || s[p] == '#')
            continue;
        /* MATCH, UID:GID, PERM; then [=PATH|>PATH|!] and [@$*]COMMAND */
        size_t f = 0;
        const char *cmd = NULL;
        while (p < ln.len) {
            while (p < ln.len && (s[p] == ' ' || s[p] == '\t'))
                p++;
            if (p == ln.len)
                break;
            if (f >= 3 && (s[p] == '@' || s[p] == '$' || s[p] == '*')) {
                cmd = s + p + 1;
                break;
            }
            while (p < ln.len && s[p] != ' ' && s[p] != '\t')
                p++;
            f++;
        }
        if (!cmd || cmd >= ln.s + ln.len)
            continue;
        char *by = fw_xasprintf("/etc/mdev.conf:%llu (mdev)", (unsigned long long)ln.lineno);
        char *ex = fw_xstrndup(ln.s, ln.len);
        size_t before = end_of(g);
        handler(g, n, ln.lineno, ex, cmd, (size_t)(ln.s + ln.len - cmd), by);
        mark(g, before, "mdev", live, "runs on a device event (mdev)",
             "mdev is not started: neither the hotplug helper nor run with -s");
        free(ex);
        free(by);
    }
    fw_blob_close(&b);
}

/* ---- OpenWrt /etc/hotplug.d ------------------------------------------------ */

static int cmp_path(const void *a, const void *b)
{
    const fw_node *x = *(const fw_node *const *)a, *y = *(const fw_node *const *)b;
    return strcmp(x->path, y->path);
}

/* /etc/hotplug.d/SUBSYSTEM/FILE: every node two levels below (an archive
 * may hold the files without entries for their directories). */
static void hotplug_d(fw_svc_graph *g)
{
    int live = fw_ns_resolve(g->ns, "/sbin/hotplug-call") != NULL ||
               fw_ns_resolve(g->ns, "/etc/hotplug.json") != NULL;
    static const char pre[] = "/etc/hotplug.d/";
    const fw_node **v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < g->ns->count && n < SVC_MAX_DIR_FILES; i++) {
        const char *sp = fw_node_syspath(g->ns->nodes[i]);
        if (strncmp(sp, pre, sizeof pre - 1) != 0)
            continue;
        const char *sub = sp + sizeof pre - 1, *slash = strchr(sub, '/');
        if (!slash || slash == sub || !slash[1] || strchr(slash + 1, '/'))
            continue;
        FW_XGROW(v, cap, n + 1);
        v[n++] = g->ns->nodes[i];
    }
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_path);
    for (size_t k = 0; k < n; k++) {
        const char *sp = fw_node_syspath(v[k]);
        const fw_node *f = fw_ns_resolve(g->ns, sp);
        if (!f || f->type == FW_NODE_DIR || fw_shellscan_seen(g, f))
            continue;
        const char *sub = sp + sizeof pre - 1;
        char *subsys = fw_xstrndup(sub, (size_t)(strchr(sub, '/') - sub));
        char *via = fw_xasprintf("hotplug %s -> %s", subsys, sp);
        char *why = fw_xasprintf("runs on a hotplug event (%s)", subsys);
        size_t before = end_of(g);
        fw_shellscan_script(g, f, via, 1);
        mark(g, before, "hotplug", live, why, "nothing runs /etc/hotplug.d (no hotplug-call)");
        free(why);
        free(via);
        free(subsys);
    }
    free(v);
}

void fw_boot_hotplug(fw_svc_graph *g)
{
    udev(g);
    mdev(g);
    hotplug_d(g);
}
