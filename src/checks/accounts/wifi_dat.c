/* wifi_dat.c: the "wifi-dat" analyzer: Wi-Fi keys in MediaTek/Ralink
 * driver profiles (RT2860.dat, mt7628.dat: .dat files in /etc/wireless/<chip>/,
 * /etc/Wireless/RT2860/RT2860.dat, /etc_ro/Wireless/...), which the
 * vendor driver reads at boot, so a key there is every unit's key.
 *
 * Check (rules/credentials.rules):
 *   wifi-dat-psk  WPAPSK<n>= (or the older WPAPSK=) is set for a BSS whose
 *                 AuthMode uses it (WPAPSK, WPA2PSK, WPAPSKWPA2PSK,
 *                 WPA3PSK, WPA2PSKWPA3PSK); raised to critical when the key
 *                 is a published default (the accounts default list)
 *
 * AuthMode is one value or one per BSS separated by ';'. A key for a BSS
 * past BssidNum, or whose AuthMode is OPEN/SHARED/WEP (a leftover the
 * driver ignores), is not a finding; empty keys are not (the OpenWrt 14.07
 * mt7628 profile ships WPAPSK1= empty). The client side (ApCliWPAPSK=) is
 * judged only when ApCliEnable=1 and ApCliAuthMode is a PSK mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "checks/accounts/creds.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_PSK "wifi-dat-psk"

/* BSSes of one profile (MBSSID): the driver's own maximum is 16. */
#define FW_MAX_DAT_BSS 16

static const char *const dat_checks[] = { CK_PSK, NULL };

typedef struct dat_state {
    fw_cracker *list;
} dat_state;

/* A driver profile by path: *.dat under a wireless directory, or the
 * Ralink names (RT2860.dat, RT2860AP.dat, iNIC_ap.dat) anywhere. */
static int is_profile(const fw_node *node)
{
    const char *p = fw_node_syspath(node);
    size_t n = strlen(p);
    if (n < 5 || strcasecmp(p + n - 4, ".dat") != 0)
        return 0;
    const char *base = strrchr(p, '/');
    base = base ? base + 1 : p;
    return strcasestr(p, "/wireless/") != NULL || strncasecmp(base, "RT2", 3) == 0 ||
           strncasecmp(base, "iNIC", 4) == 0;
}

typedef struct dat_kv {
    const fw_line *ln;
    const char *v;
    size_t vl;
} dat_kv;

typedef struct dat_file {
    fw_line lines[FW_MAX_DAT_BSS + 2];  /* WPAPSK1..16, WPAPSK, ApCliWPAPSK */
    int have[FW_MAX_DAT_BSS + 2];
    char auth[256];                     /* AuthMode value */
    char apcli_auth[64];
    int apcli_enable;
    int bssid_num;                      /* 0: not given */
} dat_file;

#define SLOT_LEGACY  FW_MAX_DAT_BSS
#define SLOT_APCLI   (FW_MAX_DAT_BSS + 1)

static int key_is(const fw_line *ln, const char *key, const char **v, size_t *vl)
{
    size_t k = strlen(key);
    if (ln->len <= k || memcmp(ln->s, key, k) != 0 || ln->s[k] != '=')
        return 0;
    *v = ln->s + k + 1;
    *vl = ln->len - k - 1;
    while (*vl > 0 && ((*v)[*vl - 1] == ' ' || (*v)[*vl - 1] == '\t' || (*v)[*vl - 1] == '\r'))
        (*vl)--;
    return 1;
}

static void copy_val(char *dst, size_t cap, const char *v, size_t vl)
{
    if (vl >= cap)
        vl = cap - 1;
    memcpy(dst, v, vl);
    dst[vl] = '\0';
}

/* Does an AuthMode value use a pre-shared key? */
static int psk_mode(const char *m, size_t n)
{
    char buf[64];
    copy_val(buf, sizeof buf, m, n);
    return strcasestr(buf, "PSK") != NULL;
}

/* The AuthMode of BSS i (0-based): its ';' field, or the single value. */
static int bss_uses_psk(const dat_file *f, int i)
{
    const char *p = f->auth;
    int fields = 1;
    for (const char *q = p; *q; q++)
        fields += *q == ';';
    if (fields == 1)
        return psk_mode(p, strlen(p));
    for (int k = 0; k < i && p; k++) {
        p = strchr(p, ';');
        if (p)
            p++;
    }
    if (!p)
        return 0;
    const char *e = strchr(p, ';');
    return psk_mode(p, e ? (size_t)(e - p) : strlen(p));
}

static int report(fw_check_ctx *ctx, dat_state *st, const fw_node *node, const fw_line *ln,
                  const char *key, size_t klen, const char *what)
{
    const char *v = ln->s + klen + 1;
    size_t vl = ln->len - klen - 1;
    while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t' || v[vl - 1] == '\r'))
        vl--;
    fw_cred c = {
        .node = node, .line = ln->lineno, .offset = ln->offset + klen + 1,
        .text = ln->s, .text_len = ln->len, .sec_s = klen + 1, .sec_e = klen + 1 + vl,
        .store = "MediaTek/Ralink Wi-Fi driver profile", .password = v, .pw_len = vl,
    };
    c.dm = fw_cracker_known(st->list, NULL, 0, v, vl);
    char *msg = c.dm.known
        ? fw_xasprintf("%s key %.*s is the published default '%s': every unit ships it.",
                       what, (int)klen, key, c.dm.password)
        : fw_xasprintf("%s key %.*s is set in the driver profile: every unit ships the same "
                       "Wi-Fi key.", what, (int)klen, key);
    int rc = fw_cred_emit(ctx, CK_PSK, &c, msg, c.dm.known ? FW_SEV_CRITICAL : -1);
    free(msg);
    return rc;
}

static int dat_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node, const fw_blob *blob)
{
    dat_state *st = state;
    if (!is_profile(node) || !fw_blob_is_text(blob))
        return FW_OK;
    dat_file f;
    memset(&f, 0, sizeof f);
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    while (fw_lines_next(&it, &ln)) {
        if (ln.lineno > FW_MAX_ACCOUNT_LINES) {
            fw_check_warn(ctx, node, "only the first %d lines read (FW_MAX_ACCOUNT_LINES)",
                          FW_MAX_ACCOUNT_LINES);
            break;
        }
        const char *v;
        size_t vl;
        if (key_is(&ln, "AuthMode", &v, &vl))
            copy_val(f.auth, sizeof f.auth, v, vl);
        else if (key_is(&ln, "ApCliAuthMode", &v, &vl))
            copy_val(f.apcli_auth, sizeof f.apcli_auth, v, vl);
        else if (key_is(&ln, "ApCliEnable", &v, &vl))
            f.apcli_enable = vl == 1 && v[0] == '1';
        else if (key_is(&ln, "BssidNum", &v, &vl))
            f.bssid_num = vl > 0 && vl < 3 ? atoi(v) : 0;
        else if (key_is(&ln, "WPAPSK", &v, &vl)) {
            f.lines[SLOT_LEGACY] = ln;
            f.have[SLOT_LEGACY] = vl > 0;
        } else if (key_is(&ln, "ApCliWPAPSK", &v, &vl)) {
            f.lines[SLOT_APCLI] = ln;
            f.have[SLOT_APCLI] = vl > 0;
        } else if (ln.len > 7 && memcmp(ln.s, "WPAPSK", 6) == 0 && ln.s[6] >= '1' && ln.s[6] <= '9') {
            int i = ln.s[6] - '0';
            size_t k = 7;
            if (ln.len > 8 && ln.s[7] >= '0' && ln.s[7] <= '9') {
                i = i * 10 + (ln.s[7] - '0');
                k = 8;
            }
            if (i > FW_MAX_DAT_BSS || ln.len <= k || ln.s[k] != '=')
                continue;
            char key[9];
            memcpy(key, ln.s, k);
            key[k] = '\0';
            if (key_is(&ln, key, &v, &vl)) {
                f.lines[i - 1] = ln;
                f.have[i - 1] = vl > 0;
            }
        }
    }
    int n_bss = f.bssid_num > 0 && f.bssid_num <= FW_MAX_DAT_BSS ? f.bssid_num : 1;
    int rc = FW_OK;
    for (int i = 0; i < n_bss && rc == FW_OK; i++) {
        if (!f.have[i] || !bss_uses_psk(&f, i))
            continue;
        char what[32];
        snprintf(what, sizeof what, "Access point (BSS %d)", i + 1);
        rc = report(ctx, st, node, &f.lines[i], f.lines[i].s, f.lines[i].s[7] == '=' ? 7 : 8, what);
    }
    /* WPAPSK= is the first BSS's key in older profiles, when WPAPSK1= is absent. */
    if (rc == FW_OK && f.have[SLOT_LEGACY] && !f.lines[0].s && bss_uses_psk(&f, 0))
        rc = report(ctx, st, node, &f.lines[SLOT_LEGACY], "WPAPSK", 6, "Access point");
    if (rc == FW_OK && f.have[SLOT_APCLI] && f.apcli_enable &&
        psk_mode(f.apcli_auth, strlen(f.apcli_auth)))
        rc = report(ctx, st, node, &f.lines[SLOT_APCLI], "ApCliWPAPSK", 11, "Client (uplink)");
    return rc;
}

static int dat_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    dat_state *st = fw_xcalloc(1, sizeof *st);
    int rc = fw_creds_list_load(ctx, dat_checks, &st->list, err);
    if (rc != FW_OK) {
        free(st);
        return rc;
    }
    *state = st;
    return FW_OK;
}

static void dat_fini(void *state)
{
    dat_state *st = state;
    if (!st)
        return;
    fw_cracker_free(&st->list);
    free(st);
}

const fw_analyzer fw_analyzer_wifi_dat = {
    .name = "wifi-dat",
    .checks = dat_checks,
    .init = dat_init,
    .fini = dat_fini,
    .scan_file = dat_scan_file,
};
