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
        if (!eq || (size_t)(eq - s) != 9)
            continue;   /* ExecStartPre= and friends are not the service */
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
        if (nw > 0 && strchr(w[0], '$'))
            sv = fw_svc_add_unresolved(g, unit, by, file, ln.lineno, ex,
                                    "ExecStart= names its program through a variable");
        else if (nw > 0)
            sv = fw_svc_add(g, by, file, ln.lineno, ex, w[0], (const char *const *)w + 1, nw - 1);
        if (sv && unres && sv->state == SVC_STARTED)
            fw_svc_set_state(sv, SVC_STARTED, "an argument is set by Environment= or at run time");
        if (sv && ttypath && !getty) {
            sv->console = strncmp(ttypath, "tty", 3) != 0 ||
                          !(ttypath[3] >= '0' && ttypath[3] <= '9');
            sv->tty = fw_xstrdup(ttypath);
        } else if (sv && getty) {
            sv->console = inst == NULL || strncmp(inst, "tty", 3) != 0 ||
                          !(inst[3] >= '0' && inst[3] <= '9');
            sv->tty = fw_xstrdup(inst ? inst : "console");
        }
        any = 1;
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
        if (!slash || strchr(slash + 1, '/') || !ends_with(slash + 1, ".service"))
            return 0;
        static const char suf[] = ".target.wants";
        size_t wl = (size_t)(slash - w);
        if (wl <= sizeof suf - 1 || memcmp(slash - (sizeof suf - 1), suf, sizeof suf - 1) != 0)
            return 0;
        *wants_end = slash;
        return 1;
    }
    return 0;
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
            read_unit(g, unit, by, file);
            free(by);
        }
    }
    free(links);
}
