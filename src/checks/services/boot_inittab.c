/* boot_inittab.c: /etc/inittab, BusyBox and sysvinit.
 *
 * A line is id:runlevels:action:process. Actions that start something at
 * boot: sysinit, wait, once, boot, bootwait, respawn, askfirst, and
 * OpenWrt's askconsole; shutdown, ctrlaltdel, restart, powerfail* run only
 * on those events and are not starts. `initdefault` gives the runlevel
 * whose rcN.d fw_boot_sysv reads.
 *
 * A process that is a shell script (rcS) is read by shellscan and whatever
 * it starts is listed with "/etc/inittab:N -> /etc/init.d/rcS:M" as
 * evidence; any other process is a service of its own.
 *
 * A process that runs another command (sh -c "...", sh SCRIPT, nohup,
 * env, setsid, tcpsvd/udpsvd ..., shellwrap.c) is read by shellscan: the
 * command it runs is the entry, on the same terminal unless a super-server
 * hands it a socket instead.
 *
 * The terminal: BusyBox uses the id as the tty ("ttyS0::respawn:/bin/sh";
 * empty = /dev/console, the serial console on embedded boards); sysvinit's
 * id is a label and getty names the tty in its arguments. tty[0-9]+ are
 * virtual terminals on a screen, not a serial line.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
#include "checks/services/shellwrap.h"
#include "core/textio.h"
#include "core/xalloc.h"

static int starts_at_boot(const char *a, size_t n)
{
    static const char *const acts[] = { "sysinit", "wait", "once", "boot", "bootwait",
                                        "respawn", "askfirst", "askconsole", NULL };
    for (size_t i = 0; acts[i]; i++)
        if (strlen(acts[i]) == n && memcmp(acts[i], a, n) == 0)
            return 1;
    return 0;
}

/* Is tty (without /dev/) a serial line or the console? */
static int serial_tty(const char *tty)
{
    if (tty[0] == '\0' || strcmp(tty, "console") == 0)
        return 1;
    if (strncmp(tty, "tty", 3) == 0) {
        const char *p = tty + 3;
        if (*p >= '0' && *p <= '9')
            return 0;   /* tty1: a virtual terminal */
        return *p != '\0';
    }
    return strncmp(tty, "hvc", 3) == 0;
}

static const char *strip_dev(const char *s)
{
    return strncmp(s, "/dev/", 5) == 0 ? s + 5 : s;
}

static int looks_tty(const char *s)
{
    s = strip_dev(s);
    return strncmp(s, "tty", 3) == 0 || strcmp(s, "console") == 0 || strncmp(s, "hvc", 3) == 0;
}

void fw_boot_inittab(fw_svc_graph *g)
{
    const fw_node *n = fw_ns_resolve(g->ns, "/etc/inittab");
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        const char *f[4];
        size_t fl[4];
        size_t p = 0;
        while (p < ln.len && (ln.s[p] == ' ' || ln.s[p] == '\t'))
            p++;
        if (p == ln.len || ln.s[p] == '#')
            continue;
        /* the process (field 4) may hold ':' itself: split at the first 3 */
        size_t nf = 0, start = 0;
        for (size_t i = 0; i < ln.len && nf < 3; i++)
            if (ln.s[i] == ':') {
                f[nf] = ln.s + start;
                fl[nf] = i - start;
                nf++;
                start = i + 1;
            }
        if (nf < 3)
            continue;
        f[3] = ln.s + start;
        fl[3] = ln.len - start;
        if (fl[2] == 11 && memcmp(f[2], "initdefault", 11) == 0) {
            if (fl[1] >= 1 && f[1][0] >= '0' && f[1][0] <= '9')
                g->runlevel = f[1][0] - '0';
            continue;
        }
        if (!starts_at_boot(f[2], fl[2]))
            continue;
        char *w[SVC_MAX_WORDS];
        int unres = 0;
        size_t nw = fw_shell_words(f[3], fl[3], w, SVC_MAX_WORDS, &unres);
        size_t k = 0;
        while (k < nw && strcmp(w[k], "exec") == 0)
            k++;
        if (k >= nw) {
            fw_shell_words_release(w, nw);
            continue;
        }
        char *excerpt = fw_xstrndup(ln.s, ln.len);
        char *by = fw_xasprintf("/etc/inittab:%llu %s", (unsigned long long)ln.lineno, excerpt);
        const char *cmd = w[k][0] == '-' ? w[k] + 1 : w[k];   /* "-/bin/sh": login shell */
        const fw_node *target = fw_svc_resolve_cmd(g, cmd);
        int sysinit = fl[2] == 7 && memcmp(f[2], "sysinit", 7) == 0;

        /* a boot script: what it starts is listed, not the script (BusyBox
         * init's execvp runs a script without #! through /bin/sh too) */
        int script = target && fw_shellscan_is_script(g, target);
        fw_wrap wr;
        if (!script && w[k][0] != '-' && fw_shell_unwrap(w + k, nw - k, &wr) != FW_WRAP_NONE) {
            size_t before = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
            char *at = fw_xasprintf("/etc/inittab:%llu", (unsigned long long)ln.lineno);
            fw_shell_src src = { .node = n, .line = ln.lineno, .text = f[3], .len = fl[3],
                                 .excerpt = excerpt, .by = by, .chain = at,
                                 .flags = FW_SHELL_RUNS, .depth = 1 };
            fw_shellscan_text(g, &src);
            free(at);
            size_t end = g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
            for (size_t e = before; e < end; e++)
                if (!g->v[e].via && !g->v[e].tty && g->v[e].node == n) {
                    char *id = fw_xstrndup(f[0], fl[0]);
                    const char *tty = id[0] && looks_tty(id) ? strip_dev(id) : "console";
                    g->v[e].tty = fw_xstrdup(tty);
                    g->v[e].console = serial_tty(tty);
                    free(id);
                }
        } else if (script) {
            char *via = fw_xasprintf("/etc/inittab:%llu -> %s", (unsigned long long)ln.lineno,
                                  fw_node_syspath(target));
            fw_shellscan_script(g, target, via, 1);
            free(via);
        } else if (target || !sysinit) {
            /* sysinit commands absent from the image are procd's own (OpenWrt's
             * /etc/init.d/rcS): fw_boot_sysv reads /etc/rc.d instead. */
            fw_svc *s = fw_svc_add(g, by, n, ln.lineno, excerpt, cmd,
                             (const char *const *)w + k + 1, nw - k - 1);
            if (s) {
                char *id = fw_xstrndup(f[0], fl[0]);
                const char *tty = NULL;
                if (id[0] && looks_tty(id))
                    tty = strip_dev(id);
                for (size_t i = k + 1; !tty && i < nw; i++)
                    if (looks_tty(w[i]))
                        tty = strip_dev(w[i]);
                if (!tty && id[0] == '\0')
                    tty = "console";
                if (!tty)
                    tty = "console";
                s->tty = fw_xstrdup(tty);
                s->console = serial_tty(s->tty);
                free(id);
                if (unres && s->state == SVC_STARTED)
                    fw_svc_set_state(s, SVC_STARTED, "an argument holds a run-time value");
            }
        }
        free(by);
        free(excerpt);
        fw_shell_words_release(w, nw);
    }
    fw_blob_close(&b);
}
