/* boot_cron.c: commands cron runs.
 *
 * Read: /etc/crontab and /etc/cron.d/ files (system tables: five time fields or
 * an @reboot-style word, then the user, then the command), and the
 * per-user tables of BusyBox crond and vixie cron, /etc/crontabs/ and
 * /var/spool/cron/crontabs/ (no user field). Comments, blank lines and
 * environment lines (`PATH=...`, `MAILTO = x`) are not jobs. A job's
 * command is shell (cut at its first unescaped %, the rest is its stdin)
 * and is read by shellscan: what it starts, and the scripts it runs. A job
 * that starts nothing more is listed as itself.
 *
 * Jobs run only if a cron daemon (crond, cron; the BusyBox applet too) is
 * itself started: run after the boot systems, this lists them as not
 * started when none is. Every entry carries via = "cron" and a started_by
 * "FILE:LINE (cron)".
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
#include "core/textio.h"
#include "core/xalloc.h"

static int time_field(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789*,-/", s[i]))
            return 0;
    return 1;
}

/* Skip one blank-separated field from *p; returns its length, *st its start. */
static size_t field(const char *s, size_t len, size_t *p, size_t *st_out)
{
    while (*p < len && (s[*p] == ' ' || s[*p] == '\t'))
        (*p)++;
    size_t st = *p;
    *st_out = st;
    while (*p < len && s[*p] != ' ' && s[*p] != '\t')
        (*p)++;
    return *p - st;
}

/* The command of a job line, or 0 when the line is not a job. */
static int job_command(const char *s, size_t len, int user_field, size_t *cmd, size_t *cmd_len)
{
    size_t p = 0;
    while (p < len && (s[p] == ' ' || s[p] == '\t'))
        p++;
    if (p == len || s[p] == '#')
        return 0;
    size_t st, fl = field(s, len, &p, &st);
    if (s[st] == '@') {
        static const char *const specials[] = { "@reboot", "@yearly", "@annually", "@monthly",
                                                "@weekly", "@daily", "@midnight", "@hourly", NULL };
        int ok = 0;
        for (size_t i = 0; specials[i]; i++)
            ok |= strlen(specials[i]) == fl && memcmp(specials[i], s + st, fl) == 0;
        if (!ok)
            return 0;
    } else {
        if (!time_field(s + st, fl))   /* NAME=value and anything else */
            return 0;
        for (int i = 0; i < 4; i++) {
            fl = field(s, len, &p, &st);
            /* day-of-month, month and weekday may be names (jan, mon) */
            if (fl == 0 || (i < 2 && !time_field(s + st, fl)))
                return 0;
        }
    }
    if (user_field && field(s, len, &p, &st) == 0)
        return 0;
    while (p < len && (s[p] == ' ' || s[p] == '\t'))
        p++;
    if (p == len)
        return 0;
    size_t e = p;
    while (e < len && !(s[e] == '%' && s[e - 1] != '\\'))
        e++;
    *cmd = p;
    *cmd_len = e - p;
    return 1;
}

static void read_table(fw_svc_graph *g, const fw_node *n, int user_field, int running)
{
    fw_blob b;
    if (fw_svc_open_text(g, n, &b) != 0)
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        size_t c, cl;
        if (!job_command(ln.s, ln.len, user_field, &c, &cl))
            continue;
        char *by = fw_xasprintf("%s:%llu (cron)", fw_node_syspath(n), (unsigned long long)ln.lineno);
        char *ex = fw_xstrndup(ln.s, ln.len);
        size_t before = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
        fw_shell_src src = { .node = n, .line = ln.lineno, .text = ln.s + c, .len = cl,
                             .excerpt = ex, .by = by, .flags = FW_SHELL_RUNS, .depth = 1 };
        fw_shellscan_text(g, &src);
        size_t end = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
        if (end == before) {
            /* a script read before, or a command that starts nothing more: the job itself */
            char *w[SVC_MAX_WORDS];
            int unres = 0;
            size_t nw = fw_shell_words(ln.s + c, cl, w, SVC_MAX_WORDS, &unres);
            if (nw > 0) {
                if (strchr(w[0], '$'))
                    fw_svc_add_unresolved(g, fw_svc_base(w[0]), by, n, ln.lineno, ex,
                                          "the job's command is a run-time value");
                else
                    fw_svc_add(g, by, n, ln.lineno, ex, w[0], (const char *const *)w + 1, nw - 1);
            }
            fw_shell_words_release(w, nw);
            end = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
        }
        for (size_t k = before; k < end; k++) {
            fw_svc *s = &g->v[k];
            if (!s->via)
                s->via = fw_xstrdup("cron");
            if (!running && (s->state == SVC_STARTED || s->state == SVC_CONDITIONAL))
                fw_svc_set_state(s, SVC_NOT_STARTED, "no cron daemon is started");
        }
        free(ex);
        free(by);
    }
    fw_blob_close(&b);
}

static int cmp_nodes(const void *a, const void *b)
{
    const fw_node *x = *(const fw_node *const *)a, *y = *(const fw_node *const *)b;
    return strcmp(x->path, y->path);
}

void fw_boot_cron(fw_svc_graph *g)
{
    int running = fw_svc_running(g, "crond") || fw_svc_running(g, "cron");
    /* the same table through two names (OpenWrt links the spool to /etc/crontabs) */
    const fw_node *done[SVC_MAX_DIR_FILES];
    size_t n_done = 0;
    static const struct { const char *path; int dir, user_field; } tables[] = {
        { "/etc/crontab", 0, 1 },
        { "/etc/cron.d", 1, 1 },
        { "/etc/crontabs", 1, 0 },
        { "/var/spool/cron/crontabs", 1, 0 },
    };
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        const fw_node **kids = NULL;
        size_t nk = 0;
        if (tables[t].dir) {
            nk = fw_svc_list_dir(g, tables[t].path, &kids);
            if (nk > 1)
                qsort(kids, nk, sizeof *kids, cmp_nodes);
        }
        const fw_node *one = tables[t].dir ? NULL : fw_ns_resolve(g->ns, tables[t].path);
        for (size_t i = 0; i < (tables[t].dir ? nk : (size_t)(one != NULL)); i++) {
            const fw_node *f = tables[t].dir ? fw_ns_resolve(g->ns, fw_node_syspath(kids[i])) : one;
            const char *base = tables[t].dir ? fw_svc_base(kids[i]->path) : "";
            /* cron skips dot files, editor backups and package leftovers */
            if (!f || f->type == FW_NODE_DIR || base[0] == '.' ||
                (base[0] && base[strlen(base) - 1] == '~') || strstr(base, ".dpkg-") ||
                strcmp(base, "cron.update") == 0)
                continue;
            int seen = 0;
            for (size_t k = 0; k < n_done; k++)
                seen |= done[k] == f;
            if (seen || n_done >= SVC_MAX_DIR_FILES)
                continue;
            done[n_done++] = f;
            read_table(g, f, tables[t].user_field, running);
        }
        free(kids);
    }
}
