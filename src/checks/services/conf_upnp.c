/* conf_upnp.c: miniupnpd's own miniupnpd.conf and OpenWrt's UCI
 * /etc/config/upnpd, from which the miniupnpd init script writes that file
 * at run time (conf_int.h). That the daemon is started is the boot graph's
 * upnp-enabled-by-default finding; here: secure mode off (any LAN host may
 * open ports to any other host), and, for UCI, `option enabled '0'` keeps
 * the daemon off (judged as installed, not started). */
#include <stdlib.h>
#include <string.h>
#include "checks/services/conf_int.h"
#include "core/xalloc.h"

/* Does the file switch UPnP IGD and NAT-PMP both off? Then secure mode
 * does not matter. */
static void miniupnpd_judge(const fw_conf_job *j)
{
    int upnp = 1, natpmp = 0;   /* miniupnpd's defaults */
    uint64_t line = 0;
    char *ex = NULL;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        const char *k, *v;
        size_t kl, vl;
        if (fw_conf_is_comment(&ln, "#") || !fw_conf_kv(&ln, "=", &k, &kl, &v, &vl))
            continue;
        int b = fw_conf_bool(v, vl);
        if (fw_conf_eq(k, kl, "enable_upnp") && b != -1)
            upnp = b;
        else if (fw_conf_eq(k, kl, "enable_natpmp") && b != -1)
            natpmp = b;
        else if (fw_conf_eq(k, kl, "secure_mode") && b != -1) {
            line = b == 0 ? ln.lineno : 0;
            free(ex);
            ex = b == 0 ? fw_xstrndup(ln.s, ln.len) : NULL;
        }
    }
    if (line && (upnp || natpmp))
        fw_conf_emit(j, FW_CONF_CK_UPNP_INSECURE, NULL, line, ex, "secure_mode",
                     "miniupnpd secure mode is off: any host on the LAN may map ports to any "
                     "other host");
    free(ex);
}

static const char *const mu_daemons[] = { "miniupnpd", NULL };
static const char *const mu_paths[] = { "/etc/miniupnpd.conf", "/etc/miniupnpd/miniupnpd.conf",
                                        NULL };
const fw_conf_family fw_conf_miniupnpd = {
    .name = "miniupnpd", .daemons = mu_daemons, .paths = mu_paths, .judge = miniupnpd_judge,
};

/* ---- UCI /etc/config/upnpd ------------------------------------------------ */

/* Options of the `config upnpd` section, the one the init script reads. */
typedef struct uci_upnpd {
    int enabled, upnp, natpmp, secure;   /* -1 = not set */
    uint64_t enabled_line, secure_line;
    char *enabled_ex, *secure_ex;
} uci_upnpd;

static void uci_read(const fw_conf_job *j, uci_upnpd *u)
{
    *u = (uci_upnpd){ -1, -1, -1, -1, 0, 0, NULL, NULL };
    int in = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        int sect;
        const char *n, *v;
        size_t nl, vl;
        if (fw_conf_is_comment(&ln, "#") || !fw_conf_uci(&ln, &sect, &n, &nl, &v, &vl))
            continue;
        if (sect) {
            in = fw_conf_eq(n, nl, "upnpd");
            continue;
        }
        if (!in)
            continue;
        int b = fw_conf_bool(v, vl);
        if (b == -1)
            continue;
        if (fw_conf_eq(n, nl, "enabled") || fw_conf_eq(n, nl, "enable")) {
            u->enabled = b;
            u->enabled_line = ln.lineno;
            free(u->enabled_ex);
            u->enabled_ex = fw_xstrndup(ln.s, ln.len);
        } else if (fw_conf_eq(n, nl, "enable_upnp")) {
            u->upnp = b;
        } else if (fw_conf_eq(n, nl, "enable_natpmp")) {
            u->natpmp = b;
        } else if (fw_conf_eq(n, nl, "secure_mode")) {
            u->secure = b;
            u->secure_line = ln.lineno;
            free(u->secure_ex);
            u->secure_ex = fw_xstrndup(ln.s, ln.len);
        }
    }
}

static void uci_release(uci_upnpd *u)
{
    free(u->enabled_ex);
    free(u->secure_ex);
}

static char *upnpd_off(const fw_conf_job *j)
{
    uci_upnpd u;
    uci_read(j, &u);
    char *why = NULL;
    if (u.enabled == 0)
        why = fw_xasprintf("%s:%llu %s", fw_node_syspath(j->cfg),
                           (unsigned long long)u.enabled_line, u.enabled_ex);
    uci_release(&u);
    return why;
}

static void upnpd_judge(const fw_conf_job *j)
{
    uci_upnpd u;
    uci_read(j, &u);
    int serves = u.upnp != 0 || u.natpmp == 1;
    if (u.secure == 0 && serves)
        fw_conf_emit(j, FW_CONF_CK_UPNP_INSECURE, NULL, u.secure_line, u.secure_ex,
                     "uci secure_mode", "miniupnpd secure mode is off (UCI upnpd): any host on "
                     "the LAN may map ports to any other host");
    uci_release(&u);
}

static const char *const uci_paths[] = { "/etc/config/upnpd", NULL };
const fw_conf_family fw_conf_upnpd_uci = {
    .name = "miniupnpd", .daemons = mu_daemons, .paths = uci_paths,
    .switched_off = upnpd_off, .judge = upnpd_judge,
};
