/* key_roles.c: where a key serves: SSH host keys and TLS server keys.
 *
 * A private key is bad enough in an image; one that a server presents to
 * every client is the same on every unit, so one extracted key lets an
 * attacker impersonate any device (MO.2, MO.13). Host keys are known by
 * their paths; TLS server keys by the configuration of the server that uses
 * them (uhttpd, lighttpd, nginx, mosquitto) or by where they live. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/keys/keys_int.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* /etc/dropbear/dropbear_*_host_key, /etc/ssh/ssh_host_*_key (the ".pub"
 * next to them is the public half). Also under /rom (OpenWrt's read-only
 * copy of the root) and /overlay/upper, /overlay (its writable layer, as a
 * dump of the overlay partition holds it). */
int fw_keys_host_key_path(const char *sys, int *dropbear)
{
    if (has_prefix(sys, "/rom/"))
        sys += 4;
    else if (has_prefix(sys, "/overlay/upper/"))
        sys += 14;
    else if (has_prefix(sys, "/overlay/"))
        sys += 8;
    *dropbear = has_prefix(sys, "/etc/dropbear/dropbear_") && has_suffix(sys, "_host_key");
    return *dropbear || (has_prefix(sys, "/etc/ssh/ssh_host_") && has_suffix(sys, "_key"));
}

int fw_keys_tls_key_path(const char *sys)
{
    if (has_prefix(sys, "/rom/"))
        sys += 4;
    return has_prefix(sys, "/etc/ssl/private/") || strcmp(sys, "/etc/uhttpd.key") == 0;
}

/* TLS servers and the directive that names their private key. */
static const struct tls_conf {
    const char *server;
    const char *dir;         /* configuration files under this directory ... */
    const char *exact;       /* ... or this one file */
    const char *directive;   /* first word(s) of the line */
} tls_confs[] = {
    { "uhttpd", NULL, "/etc/config/uhttpd", "option key" },
    { "lighttpd", "/etc/lighttpd/", NULL, "ssl.pemfile" },
    { "lighttpd", "/etc/lighttpd/", NULL, "ssl.privkey" },
    { "nginx", "/etc/nginx/", NULL, "ssl_certificate_key" },
    { "mosquitto", "/etc/mosquitto/", NULL, "keyfile" },
};

/* Does line (len bytes) start (after blanks) with directive, words
 * separated by blanks? Returns the offset after it, or 0. */
static size_t match_directive(const char *s, size_t len, const char *directive)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    for (const char *w = directive; *w;) {
        if (*w == ' ') {
            if (i >= len || (s[i] != ' ' && s[i] != '\t'))
                return 0;
            while (i < len && (s[i] == ' ' || s[i] == '\t'))
                i++;
            w++;
            continue;
        }
        if (i >= len || s[i] != *w)
            return 0;
        i++;
        w++;
    }
    if (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '=')
        return 0;   /* "keyfile_x" is another directive */
    return i;
}

/* The value after a directive: blanks, an optional '=', blanks, then a word
 * or a quoted string; a trailing ';' is not part of it. */
static size_t directive_value(const char *s, size_t len, size_t i, char *out, size_t size)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '='))
        i++;
    char q = i < len && (s[i] == '"' || s[i] == '\'') ? s[i++] : 0;
    size_t start = i;
    while (i < len && (q ? s[i] != q : (s[i] != ' ' && s[i] != '\t' && s[i] != ';')))
        i++;
    size_t n = i - start;
    if (n == 0 || n >= size)
        return 0;
    memcpy(out, s + start, n);
    out[n] = '\0';
    return n;
}

static void read_tls_config(fw_keys_state *st, const fw_ns *ns, const fw_node *conf,
                            const struct tls_conf *tc, fw_check_ctx *ctx)
{
    fw_blob blob;
    fw_error err = {0};
    if (fw_node_open(conf, &blob, &err) != FW_OK) {
        fw_check_warn(ctx, conf, "cannot read TLS server configuration: %s", err.msg);
        return;
    }
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob.data, blob.size);
    while (fw_lines_next(&it, &ln)) {
        size_t i = match_directive(ln.s, ln.len, tc->directive);
        char path[FW_MAX_PATH_LEN];
        if (!i || !directive_value(ln.s, ln.len, i, path, sizeof path) || path[0] != '/')
            continue;
        const fw_node *key = fw_ns_resolve(ns, path);
        if (!key || st->n_tls >= FW_MAX_KEYS_TRACKED)
            continue;
        FW_XGROW(st->tls, st->cap_tls, st->n_tls + 1);
        fw_tls_ref *r = &st->tls[st->n_tls++];
        r->key = key;
        r->config = fw_xasprintf("%s:%llu", fw_node_syspath(conf), (unsigned long long)ln.lineno);
        r->server = tc->server;
    }
    fw_blob_close(&blob);
}

/* Before a namespace's files are scanned: which keys its TLS servers use.
 * Commented lines start with '#' and never match a directive. */
int fw_keys_read_tls_configs(fw_check_ctx *ctx, fw_keys_state *st, const fw_ns *ns)
{
    for (size_t i = 0; i < ns->count; i++) {
        const fw_node *n = ns->nodes[i];
        if (n->type != FW_NODE_FILE)
            continue;
        const char *sys = fw_node_syspath(n);
        for (size_t c = 0; c < sizeof tls_confs / sizeof tls_confs[0]; c++) {
            const struct tls_conf *tc = &tls_confs[c];
            if (tc->exact ? strcmp(sys, tc->exact) == 0
                          : has_prefix(sys, tc->dir) && !has_suffix(sys, ".pem") &&
                            !has_suffix(sys, ".key") && !has_suffix(sys, ".crt"))
                read_tls_config(st, ns, n, tc, ctx);
        }
    }
    return FW_OK;
}

const fw_tls_ref *fw_keys_tls_ref(const fw_keys_state *st, const fw_node *node)
{
    for (size_t i = 0; i < st->n_tls; i++)
        if (st->tls[i].key == node)
            return &st->tls[i];
    return NULL;
}
