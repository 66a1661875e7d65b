/* ssh_auth.c: the "ssh-auth" analyzer: password logins left on although the
 * image already ships the keys for key-based login.
 *
 * Check (bound by rules/ssh-auth.rules):
 *   password-with-keys  an authorized_keys file with at least one key is in
 *                       the image (/root/.ssh, /home/x/.ssh, /etc/dropbear)
 *                       and the SSH server still accepts passwords:
 *                       OpenSSH's sshd_config without `PasswordAuthentication
 *                       no` (the first value given wins; absent = yes), or
 *                       OpenWrt's /etc/config/dropbear without `option
 *                       PasswordAuth 'off'` (absent = on). The finding is on
 *                       the configuration line (line 0 when it is a default).
 *
 * Two files have to be read together, so this is C, not a pattern rule.
 * Only what the files say is judged: flags on a daemon's command line in an
 * init script (dropbear -s) are not read here. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "engine/analyzer.h"
#include "core/escape.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_PW_WITH_KEYS "password-with-keys"

static const char *const ssh_auth_checks[] = { CK_PW_WITH_KEYS, NULL };

/* Does this authorized_keys content hold a key line (not a comment)? */
static int has_key_line(const fw_blob *b)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b->data, b->size);
    while (fw_lines_next(&it, &ln)) {
        size_t i = 0;
        while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
            i++;
        if (i < ln.len && ln.s[i] != '#')
            return 1;
    }
    return 0;
}

/* The first authorized_keys file with a key in ns, or NULL. */
static const fw_node *shipped_keys(const fw_ns *ns)
{
    for (size_t i = 0; i < ns->count; i++) {
        const fw_node *n = ns->nodes[i];
        if (n->type != FW_NODE_FILE)
            continue;
        const char *p = fw_node_syspath(n);
        size_t len = strlen(p);
        static const char suffix[] = "/.ssh/authorized_keys";
        int is_keys = strcmp(p, "/etc/dropbear/authorized_keys") == 0 ||
                      (len > sizeof suffix - 1 && strcmp(p + len - (sizeof suffix - 1), suffix) == 0);
        if (!is_keys)
            continue;
        fw_blob b;
        fw_error err = {0};
        if (fw_node_open(n, &b, &err) != FW_OK)
            continue;
        int yes = has_key_line(&b);
        fw_blob_close(&b);
        if (yes)
            return n;
    }
    return NULL;
}

/* Where a configuration says password logins are on. */
typedef struct pw_setting {
    int enabled;          /* 1: passwords accepted */
    uint64_t line;        /* line that says so, 0 = by default */
    char *excerpt;        /* that line, escaped */
} pw_setting;

/* The value after a keyword on a line, without quotes; [s, e). */
static void value_of(const char *s, size_t len, size_t from, size_t *vs, size_t *ve)
{
    size_t i = from;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '='))
        i++;
    if (i < len && (s[i] == '\'' || s[i] == '"'))
        i++;
    size_t j = i;
    while (j < len && !isspace((unsigned char)s[j]) && s[j] != '\'' && s[j] != '"' &&
           s[j] != '#')
        j++;
    *vs = i;
    *ve = j;
}

static int word_is(const char *s, size_t n, const char *w)
{
    return n == strlen(w) && strncasecmp(s, w, n) == 0;
}

/* OpenSSH: the first PasswordAuthentication line outside a Match block wins. */
static pw_setting sshd_setting(const fw_blob *b)
{
    pw_setting st = { .enabled = 1 };
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b->data, b->size);
    static const char kw[] = "PasswordAuthentication";
    while (fw_lines_next(&it, &ln)) {
        size_t i = 0;
        while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
            i++;
        if (ln.len - i >= 5 && strncasecmp(ln.s + i, "Match", 5) == 0)
            break;   /* Match blocks apply to some connections only */
        if (ln.len - i < sizeof kw - 1 || strncasecmp(ln.s + i, kw, sizeof kw - 1) != 0)
            continue;
        size_t vs, ve;
        value_of(ln.s, ln.len, i + sizeof kw - 1, &vs, &ve);
        st.enabled = !word_is(ln.s + vs, ve - vs, "no");
        st.line = ln.lineno;
        st.excerpt = fw_escaped(ln.s, ln.len);
        break;
    }
    return st;
}

/* OpenWrt dropbear UCI: `option PasswordAuth 'off'|'0'` turns passwords off. */
static pw_setting dropbear_setting(const fw_blob *b)
{
    pw_setting st = { .enabled = 1 };
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b->data, b->size);
    static const char kw[] = "option";
    while (fw_lines_next(&it, &ln)) {
        size_t i = 0;
        while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
            i++;
        if (ln.len - i < sizeof kw || strncmp(ln.s + i, kw, sizeof kw - 1) != 0)
            continue;
        size_t ns, ne, vs, ve;
        value_of(ln.s, ln.len, i + sizeof kw - 1, &ns, &ne);
        if (!word_is(ln.s + ns, ne - ns, "PasswordAuth"))
            continue;
        value_of(ln.s, ln.len, ne, &vs, &ve);
        st.enabled = !(word_is(ln.s + vs, ve - vs, "off") || word_is(ln.s + vs, ve - vs, "0"));
        st.line = ln.lineno;
        free(st.excerpt);
        st.excerpt = fw_escaped(ln.s, ln.len);
    }
    return st;
}

static int judge(fw_check_ctx *ctx, const fw_ns *ns, const char *path, const fw_node *keys,
                 pw_setting (*read)(const fw_blob *))
{
    const fw_node *cfg = fw_ns_resolve(ns, path);
    if (!cfg || cfg->type != FW_NODE_FILE)
        return FW_OK;
    fw_blob b;
    fw_error err = {0};
    if (fw_node_open(cfg, &b, &err) != FW_OK)
        return FW_OK;   /* the engine reports unreadable files */
    pw_setting st = read(&b);
    fw_blob_close(&b);
    int rc = FW_OK;
    if (st.enabled) {
        const char *kp = fw_node_syspath(keys);
        char *msg = fw_xasprintf("%s accepts password logins%s although %s ships keys for "
                              "key-based login", path, st.line ? "" : " (by default)", kp);
        fw_detail d[] = { { "authorized_keys", (char *)kp } };
        char *ident = fw_xasprintf("%s|%s", path, kp);
        fw_hit hit = { .check = CK_PW_WITH_KEYS, .node = cfg, .line = st.line,
                       .offset = FW_NO_OFFSET, .message = msg, .excerpt = st.excerpt,
                       .identity = ident, .severity = -1, .details = d, .n_details = 1 };
        rc = fw_check_emit(ctx, &hit);
        free(ident);
        free(msg);
    }
    free(st.excerpt);
    return rc;
}

static int ssh_auth_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    (void)state;
    const fw_node *keys = shipped_keys(ns);
    if (!keys)
        return FW_OK;
    int rc = judge(ctx, ns, "/etc/ssh/sshd_config", keys, sshd_setting);
    if (rc == FW_OK)
        rc = judge(ctx, ns, "/etc/config/dropbear", keys, dropbear_setting);
    return rc;
}

const fw_analyzer fw_analyzer_ssh_auth = {
    .name = "ssh-auth",
    .checks = ssh_auth_checks,
    .scan_ns = ssh_auth_scan_ns,
};
