/* boot_sysv.c: SysV rc directories and OpenWrt /etc/rc.d.
 *
 * Read: S links (S[0-9][0-9]NAME) in rcS.d and in the rcN.d of the default
 * runlevel (inittab initdefault; 2, 3 and 5 when none is given), under /etc
 * and /etc/rc.d, and OpenWrt's flat /etc/rc.d (procd runs every S link there
 * with "boot"), and Buildroot's /etc/init.d/S??* when /etc/init.d/rcS runs
 * them. K links only stop services and are not starts. Each S link's
 * script is read by shellscan; OpenWrt procd scripts (USE_PROCD=1) say what
 * they start with `procd_set_param command`, which shellscan understands.
 *
 * OpenWrt UCI: a script whose /etc/config/NAME switches it off (option
 * enabled 0, option enable 0, option disabled 1, and no enabled 1) still has
 * its S link, but starts nothing: its services are listed as not started.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
#include "core/textio.h"
#include "core/xalloc.h"

/* "option NAME 'V'" / "option NAME V" with V one of vals: line matched. */
static int uci_option(const char *s, size_t len, const char *name, const char *vals)
{
    const char *w[4];
    size_t wl[4];
    size_t n = 0, i = 0;
    while (i < len && n < 4) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= len)
            break;
        size_t st = i;
        while (i < len && s[i] != ' ' && s[i] != '\t')
            i++;
        w[n] = s + st;
        wl[n] = i - st;
        if (wl[n] >= 2 && (w[n][0] == '\'' || w[n][0] == '"') && w[n][wl[n] - 1] == w[n][0]) {
            w[n]++;
            wl[n] -= 2;
        }
        n++;
    }
    if (n < 3 || wl[0] != 6 || memcmp(w[0], "option", 6) != 0 || wl[1] != strlen(name) ||
        memcmp(w[1], name, wl[1]) != 0)
        return 0;
    for (const char *v = vals; *v; v += strlen(v) + 1)
        if (wl[2] == strlen(v) && memcmp(w[2], v, wl[2]) == 0)
            return 1;
    return 0;
}

/* The package an OpenWrt init script reads with `config_load NAME`, or NULL
 * (new string): its UCI file need not be named after the script. */
static char *uci_config_loaded(fw_svc_graph *g, const fw_node *script)
{
    fw_blob b;
    if (fw_svc_open_text(g, script, &b) != 0)
        return NULL;
    char *name = NULL;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (!name && fw_lines_next(&it, &ln)) {
        size_t p = 0;
        while (p < ln.len && (ln.s[p] == ' ' || ln.s[p] == '\t'))
            p++;
        if (ln.len - p < 12 || memcmp(ln.s + p, "config_load", 11) != 0 ||
            (ln.s[p + 11] != ' ' && ln.s[p + 11] != '\t'))
            continue;
        p += 12;
        while (p < ln.len && (ln.s[p] == ' ' || ln.s[p] == '\t' || ln.s[p] == '"' || ln.s[p] == '\''))
            p++;
        size_t e = p;
        while (e < ln.len && (ln.s[e] == '_' || ln.s[e] == '-' || (ln.s[e] >= 'a' && ln.s[e] <= 'z') ||
                              (ln.s[e] >= '0' && ln.s[e] <= '9')))
            e++;
        if (e > p)
            name = fw_xstrndup(ln.s + p, e - p);
    }
    fw_blob_close(&b);
    return name;
}

int fw_boot_uci_disabled(fw_svc_graph *g, const char *name, const fw_node **cfg, uint64_t *line)
{
    char *path = fw_xasprintf("/etc/config/%s", name);
    const fw_node *n = fw_ns_resolve(g->ns, path);
    free(path);
    fw_blob b;
    *cfg = NULL;
    *line = 0;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return 0;
    int off = 0, on = 0;
    uint64_t at = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        if (uci_option(ln.s, ln.len, "enabled", "0\0off\0false\0no\0") ||
            uci_option(ln.s, ln.len, "enable", "0\0off\0false\0no\0") ||
            uci_option(ln.s, ln.len, "disabled", "1\0on\0true\0yes\0")) {
            off = 1;
            if (!at)
                at = ln.lineno;
        }
        if (uci_option(ln.s, ln.len, "enabled", "1\0on\0true\0yes\0") ||
            uci_option(ln.s, ln.len, "enable", "1\0on\0true\0yes\0"))
            on = 1;
    }
    fw_blob_close(&b);
    *cfg = n;
    *line = at;
    return off && !on;
}

static int s_link(const char *base)
{
    return base[0] == 'S' && base[1] >= '0' && base[1] <= '9' && base[2] >= '0' &&
           base[2] <= '9' && base[3] != '\0';
}

static int cmp_nodes(const void *a, const void *b)
{
    const fw_node *x = *(const fw_node *const *)a, *y = *(const fw_node *const *)b;
    return strcmp(x->path, y->path);
}

/* `from`: what runs the directory's scripts when that is not init itself. */
static void read_dir(fw_svc_graph *g, const char *dir, const fw_node **done, size_t *n_done,
                     const char *from)
{
    const fw_node *d = fw_ns_resolve(g->ns, dir);
    for (size_t i = 0; d && i < *n_done; i++)
        if (done[i] == d)
            return;   /* the same directory through another name */
    if (d)
        done[(*n_done)++] = d;
    const fw_node **kids = NULL;
    size_t nk = fw_svc_list_dir(g, dir, &kids);
    if (nk > 1)
        qsort(kids, nk, sizeof *kids, cmp_nodes);
    for (size_t i = 0; i < nk; i++) {
        const char *base = fw_svc_base(kids[i]->path);
        if (!s_link(base))
            continue;
        const char *name = base + 3;
        char *linkpath = fw_xasprintf("%s/%s", dir, base);
        const fw_node *script = fw_ns_resolve(g->ns, linkpath);
        char *via = kids[i]->type == FW_NODE_SYMLINK && kids[i]->link_target
                        ? fw_xasprintf("%s%s%s -> %s", from ? from : "", from ? " -> " : "",
                                    linkpath, kids[i]->link_target)
                        : fw_xasprintf("%s%s%s", from ? from : "", from ? " -> " : "", linkpath);
        if (!script || script->type != FW_NODE_FILE) {
            fw_svc *s = fw_svc_add_unresolved(g, name, via, kids[i], 0, NULL,
                                        "the S link dangles: its script is not in the image");
            if (s)
                fw_svc_set_state(s, SVC_MISSING, "the S link dangles: its script is not in the image");
            free(via);
            free(linkpath);
            continue;
        }
        if (fw_shellscan_seen(g, script)) {   /* an rcS loop already ran it */
            free(via);
            free(linkpath);
            continue;
        }
        size_t before = g->n;
        size_t added = fw_shellscan_script(g, script, via, 1);
        const fw_node *cfg = NULL;
        uint64_t cfg_line = 0;
        int off = fw_boot_uci_disabled(g, name, &cfg, &cfg_line);
        if (!cfg) {   /* the UCI file the script loads (miniupnpd: config_load upnpd) */
            char *loaded = uci_config_loaded(g, script);
            if (loaded && strcmp(loaded, name) != 0)
                off = fw_boot_uci_disabled(g, loaded, &cfg, &cfg_line);
            free(loaded);
        }
        if (added == 0 && g->n == before) {
            fw_svc *s = fw_svc_add_unresolved(g, name, via, script, 0, NULL,
                                        "the script starts nothing fwaudit recognizes as a daemon");
            (void)s;
        }
        size_t end = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
        for (size_t k = before; k < end; k++) {
            fw_svc *s = &g->v[k];
            if (cfg && !s->config)
                s->config = fw_xstrdup(fw_node_syspath(cfg));
            if (off && (s->state == SVC_STARTED || s->state == SVC_CONDITIONAL)) {
                char *why = fw_xasprintf("disabled in %s:%llu", fw_node_syspath(cfg),
                                      (unsigned long long)cfg_line);
                fw_svc_set_state(s, SVC_NOT_STARTED, why);
                free(why);
            }
        }
        free(via);
        free(linkpath);
    }
    free(kids);
}

/* Buildroot's /etc/init.d/rcS runs "for i in /etc/init.d/S??* ; do ... $i start":
 * the S scripts sit in init.d itself. Read them only when rcS says so. */
static int rcs_runs_initd_s(fw_svc_graph *g)
{
    const fw_node *n = fw_ns_resolve(g->ns, "/etc/init.d/rcS");
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return 0;
    int yes = memmem(b.data, SVC_TEXT_LEN(&b), "/etc/init.d/S", 13) != NULL;
    fw_blob_close(&b);
    return yes;
}

void fw_boot_sysv(fw_svc_graph *g)
{
    const fw_node *done[32];
    size_t n_done = 0;
    char levels[8];
    size_t nl = 0;
    levels[nl++] = 'S';
    if (g->runlevel >= 0) {
        levels[nl++] = (char)('0' + g->runlevel);
    } else {
        levels[nl++] = '2';
        levels[nl++] = '3';
        levels[nl++] = '5';
    }
    static const char *const bases[] = { "/etc", "/etc/rc.d", NULL };
    for (size_t b = 0; bases[b]; b++)
        for (size_t l = 0; l < nl && n_done < 30; l++) {
            char *dir = fw_xasprintf("%s/rc%c.d", bases[b], levels[l]);
            read_dir(g, dir, done, &n_done, NULL);
            free(dir);
        }
    read_dir(g, "/etc/rc.d", done, &n_done, NULL);   /* OpenWrt: flat S links */
    if (rcs_runs_initd_s(g))
        read_dir(g, "/etc/init.d", done, &n_done, "/etc/init.d/rcS");   /* Buildroot: S??* in init.d */
}
