/* conf_nvram.c: nvram default files (conf_int.h): the key=value lists a
 * router's nvram implementation (the nvram tool, libnvram, Tenda's cfmd)
 * loads on first boot and after a factory reset, so every unit starts with
 * the same values. A web admin password or a Wi-Fi key set there is shared
 * by every device (MO.2). The key names are rule parameters (keys=,
 * comma-separated globs, case ignored): nvram-admin-password,
 * nvram-wifi-key, then nvram-credential for any other password-like key.
 * Empty values and placeholders are not findings. These files are skipped
 * by the secrets rules' free-form password rule (rules/secrets.rules), so
 * a line is reported once, here, and only where an nvram implementation
 * that reads it is in the image. */
/* FNM_CASEFOLD is a GNU extension: AM_CPPFLAGS defines _GNU_SOURCE */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/services/conf_int.h"
#include "checks/passwords/cracker.h"
#include "core/escape.h"
#include "core/xalloc.h"

/* Does key (NUL-terminated) match one glob of the comma-separated list? */
static int key_in(const char *list, const char *key)
{
    if (!list)
        return 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        char glob[128];
        if (l > 0 && l < sizeof glob) {
            memcpy(glob, p, l);
            glob[l] = '\0';
            if (fnmatch(glob, key, FNM_CASEFOLD) == 0)
                return 1;
        }
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* An nvram list: most lines that are not comments are key=value with a
 * key of word characters and dots (a Tenda default.cfg has a few stray
 * comment lines; an INI file or a script does not pass). */
static int looks_like_nvram(const fw_conf_job *j)
{
    size_t kv = 0, other = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        if (fw_conf_is_comment(&ln, "#"))
            continue;
        const char *k, *v;
        size_t kl, vl, i = 0;
        if (fw_conf_kv(&ln, "=", &k, &kl, &v, &vl) && k == ln.s) {
            while (i < kl && (k[i] == '_' || k[i] == '.' || k[i] == '-' ||
                              (k[i] >= '0' && k[i] <= '9') || ((k[i] | 32) >= 'a' && (k[i] | 32) <= 'z')))
                i++;
        }
        if (kl > 0 && i == kl)
            kv++;
        else
            other++;
    }
    return kv >= 3 && kv >= 4 * other;
}

/* The value of key `want` in the file (first occurrence), or NULL. */
static int lookup(const fw_conf_job *j, const char *want, const char **v, size_t *vl)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        const char *k;
        size_t kl;
        if (!fw_conf_is_comment(&ln, "#") && fw_conf_kv(&ln, "=", &k, &kl, v, vl) &&
            fw_conf_eq(k, kl, want))
            return 1;
    }
    return 0;
}

/* Is the Wi-Fi interface a key belongs to set to no security? Then its key
 * is an unused leftover (Tenda's default.cfg ships wl2g.ssid3.wpapsk_psk=
 * 12345678 on SSIDs with wl2g.ssid3.security=none). The interface is the key
 * up to its last '.' (wl2g.ssid3.) or its first '_' (wl0_). */
static int interface_open(const fw_conf_job *j, const char *key)
{
    const char *dot = strrchr(key, '.'), *us = strchr(key, '_');
    size_t pl = dot ? (size_t)(dot - key + 1) : us ? (size_t)(us - key + 1) : 0;
    if (pl == 0 || pl > 96)
        return 0;
    static const char *const modes[] = { "security", "security_mode", "akm", "auth_mode", NULL };
    for (size_t i = 0; modes[i]; i++) {
        char want[128];
        snprintf(want, sizeof want, "%.*s%s", (int)pl, key, modes[i]);
        const char *v;
        size_t vl;
        if (lookup(j, want, &v, &vl) &&
            (vl == 0 || fw_conf_eq(v, vl, "none") || fw_conf_eq(v, vl, "disabled") ||
             fw_conf_eq(v, vl, "open") || fw_conf_eq(v, vl, "0")))
            return 1;
    }
    return 0;
}

static void nvram_judge(const fw_conf_job *j)
{
    if (!looks_like_nvram(j))
        return;
    const fw_rule *ra = fw_check_rule(j->g->ctx, FW_CONF_CK_NVRAM_ADMIN);
    const fw_rule *rw = fw_check_rule(j->g->ctx, FW_CONF_CK_NVRAM_WIFI);
    const fw_rule *rc = fw_check_rule(j->g->ctx, FW_CONF_CK_NVRAM_CRED);
    const char *admin = ra ? fw_rule_param(ra, "keys") : NULL;
    const char *wifi = rw ? fw_rule_param(rw, "keys") : NULL;
    const char *cred = rc ? fw_rule_param(rc, "keys") : NULL;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        const char *k, *v;
        size_t kl, vl;
        if (fw_conf_is_comment(&ln, "#") || !fw_conf_kv(&ln, "=", &k, &kl, &v, &vl) ||
            fw_conf_placeholder(v, vl) || kl >= 128)
            continue;
        if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0])
            v++, vl -= 2;
        char *key = fw_xstrndup(k, kl);
        const char *check = NULL, *what = NULL;
        if (key_in(admin, key))
            check = FW_CONF_CK_NVRAM_ADMIN, what = "web admin password";
        else if (key_in(wifi, key)) {
            if (!interface_open(j, key))
                check = FW_CONF_CK_NVRAM_WIFI, what = "Wi-Fi key";
        }
        else if (key_in(cred, key))
            check = FW_CONF_CK_NVRAM_CRED, what = "password";
        if (check) {
            char *red = fw_redact(v, vl);
            char *ex = fw_xasprintf("%s=%s", key, red);
            /* identity: the key and its value, so the same default on a new
               release keeps its fingerprint, a changed one does not */
            char *id = fw_xasprintf("%s=%.*s", key, (int)vl, v);
            fw_conf_emit(j, check, NULL, ln.lineno, ex, id,
                         "nvram default %s %s is set in the image: every unit ships with it",
                         what, key);
            /* a published default (rules/data/default-*.txt) says more: the
               rule binding nvram-published-default supersedes the one above */
            fw_default_match dm = fw_cracker_known(j->g->defaults, NULL, 0, v, vl);
            if (dm.known)
                fw_conf_emit(j, FW_CONF_CK_NVRAM_DEFAULT, NULL, ln.lineno, ex, id,
                             "nvram default %s %s is \"%s\", a published default password "
                             "(%s%s%s): anyone can look it up", what, key, dm.password,
                             dm.source, dm.vendors ? ": " : "", dm.vendors ? dm.vendors : "");
            free(id);
            free(ex);
            free(red);
        }
        free(key);
    }
}

/* What reads these lists: the nvram tool or library, Tenda's cfmd. */
static const char *const nv_daemons[] = { "nvram", "/usr/lib/libnvram.so", "/lib/libnvram.so",
                                          "cfmd", NULL };
static const char *const nv_paths[] = {
    "/etc/nvram.default", "/etc/nvram.defaults", "/etc/nvram_default", "/etc/nvram_default.txt",
    "/etc/nvram.ini", "/etc/default.cfg", "/etc_ro/default.cfg", "/etc_ro/nvram_default.cfg",
    "/webroot_ro/default.cfg", "/webroot_ro/nvram_default.cfg", NULL,
};
const fw_conf_family fw_conf_nvram = {
    .name = "nvram", .daemons = nv_daemons, .paths = nv_paths, .always_applied = 1,
    .judge = nvram_judge,
};
