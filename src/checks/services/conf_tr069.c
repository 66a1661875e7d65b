/* conf_tr069.c: TR-069 (CWMP) client configurations (conf_int.h), OpenWrt
 * UCI style: easycwmp's /etc/config/easycwmp (`config acs`: url, username,
 * password; `config local`: the connection-request username/password the
 * ACS uses to wake the device) and ucwmp's /etc/config/cwmp (`config cwmp`:
 * url, username, password, local_username, local_password). An ACS URL over
 * plain http lets anyone on the path read the session and push commands or
 * firmware; credentials shipped in the image are the same on every unit.
 * Placeholders ($VAR, <...>, empty) are not credentials. */
#include <stdlib.h>
#include <string.h>
#include "checks/services/conf_int.h"
#include "core/escape.h"
#include "core/xalloc.h"

typedef struct cw_sect {
    const char *type;       /* UCI section type */
    const char *url;        /* option of the ACS URL, or NULL */
    const char *user, *pass;
    const char *what;       /* "ACS" or "connection request" */
} cw_sect;

static void judge_uci(const fw_conf_job *j, const cw_sect *sects)
{
    const cw_sect *cur = NULL;
    char *user[4] = { NULL };   /* per entry of sects (at most 4) */
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
            cur = NULL;
            for (size_t i = 0; sects[i].type; i++)
                if (fw_conf_eq(n, nl, sects[i].type) && !cur)
                    cur = &sects[i];
            continue;
        }
        for (size_t i = 0; cur && sects[i].type; i++) {
            const cw_sect *s = &sects[i];
            if (strcmp(s->type, cur->type) != 0)
                continue;
            if (s->url && fw_conf_eq(n, nl, s->url) && vl > 7 && strncasecmp(v, "http://", 7) == 0) {
                char *ex = fw_xstrndup(ln.s, ln.len);
                char *url = fw_xstrndup(v, vl);
                fw_conf_emit(j, FW_CONF_CK_TR069_HTTP, NULL, ln.lineno, ex, url,
                             "TR-069 ACS URL is plain http (%s): the management session, its "
                             "credentials and the commands it sends are not protected", url);
                free(url);
                free(ex);
            }
            if (fw_conf_eq(n, nl, s->user) && !fw_conf_placeholder(v, vl)) {
                free(user[i]);
                user[i] = fw_xstrndup(v, vl);
            }
            if (fw_conf_eq(n, nl, s->pass) && !fw_conf_placeholder(v, vl)) {
                char *red = fw_redact(v, vl);
                size_t off = (size_t)(n - ln.s);
                char *ex = fw_xasprintf("%.*s%s", (int)(off + nl + 1), ln.s, red);
                char *id = fw_xasprintf("%s|%s", s->what, user[i] ? user[i] : "");
                fw_conf_emit(j, FW_CONF_CK_TR069_CREDS, NULL, ln.lineno, ex, id,
                             "TR-069 %s password shipped in the image%s%s%s", s->what,
                             user[i] ? " (user \"" : "", user[i] ? user[i] : "",
                             user[i] ? "\")" : "");
                free(id);
                free(ex);
                free(red);
            }
        }
    }
    for (size_t i = 0; i < 4; i++)
        free(user[i]);
}

static const cw_sect easycwmp_sects[] = {
    { "acs", "url", "username", "password", "ACS" },
    { "local", NULL, "username", "password", "connection-request" },
    { NULL, NULL, NULL, NULL, NULL },
};
static void easycwmp_judge(const fw_conf_job *j) { judge_uci(j, easycwmp_sects); }

static const cw_sect ucwmp_sects[] = {
    { "cwmp", "url", "username", "password", "ACS" },
    { "cwmp", NULL, "local_username", "local_password", "connection-request" },
    { NULL, NULL, NULL, NULL, NULL },
};
static void ucwmp_judge(const fw_conf_job *j) { judge_uci(j, ucwmp_sects); }

static const char *const easy_daemons[] = { "easycwmpd", "easycwmp", NULL };
static const char *const easy_paths[] = { "/etc/config/easycwmp", NULL };
const fw_conf_family fw_conf_easycwmp = {
    .name = "easycwmpd", .daemons = easy_daemons, .paths = easy_paths, .judge = easycwmp_judge,
};

static const char *const ucwmp_daemons[] = { "cwmpd", "ucwmp", NULL };
static const char *const ucwmp_paths[] = { "/etc/config/cwmp", NULL };
const fw_conf_family fw_conf_ucwmp = {
    .name = "cwmpd", .daemons = ucwmp_daemons, .paths = ucwmp_paths, .judge = ucwmp_judge,
};
