/* key_context.c: what the file holding a key is, and whether the device
 * uses it.
 *
 * A key in firmware is a device secret only if the device uses it. Two kinds
 * of shipped keys are published material instead:
 *   - a crypto library's test vectors: PolarSSL/mbed TLS, wolfSSL/CyaSSL,
 *     MatrixSSL, GnuTLS self-tests compile test certificates and keys into
 *     the library (DVRF's libpolarssl.so holds "PolarSSL Test CA" and two
 *     test keys). Known by the file name (libpolarssl.so*, libmbedtls.so*)
 *     or, in any other binary carrying the library's identity strings, by the
 *     test certificates' subjects;
 *   - documentation and examples: /usr/share/doc/..., .../examples/...,
 *     .../test.../, files named *example* or *testkey*.
 * Their keys are listed with that role and not reported, unless the device
 * uses them: a configuration or program in the same namespace names the
 * file's path (looked for in every other file), or a TLS server's
 * configuration names it (key_roles.c).
 *
 * SSH host keys found in a dump of a writable data partition (a jffs2, ubifs
 * or yaffs2 namespace, /overlay, /data) where an init script makes host keys
 * at first boot (dropbearkey -f, dropbear -R, ssh-keygen -A) were made by
 * the unit they were dumped from: they are not the same on every unit. */
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

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* Crypto libraries that compile test certificates and keys in. */
static const char *const crypto_libs[] = {
    "libssl", "libcrypto", "libgnutls", "libmbedtls", "libmbedcrypto", "libmbedx509",
    "libpolarssl", "libwolfssl", "libcyassl", "libmatrixssl", "libaxtls",
};

static int is_crypto_lib(const char *base)
{
    for (size_t i = 0; i < sizeof crypto_libs / sizeof crypto_libs[0]; i++) {
        size_t k = strlen(crypto_libs[i]);
        /* "libssl.so.1.0.0", "libmbedtls-2.16.so", "libcrypto.a"; not "libssl_helper" */
        if (strncmp(base, crypto_libs[i], k) == 0 &&
            (base[k] == '.' || base[k] == '-' || (base[k] >= '0' && base[k] <= '9')))
            return 1;
    }
    return 0;
}

/* A directory component of documentation, examples or tests. */
static int doc_component(const char *c, size_t n)
{
    static const char *const exact[] = { "examples", "example", "demo", "demos", "samples",
                                         "sample" };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strlen(exact[i]) == n && memcmp(c, exact[i], n) == 0)
            return 1;
    return n >= 4 && memcmp(c, "test", 4) == 0;   /* test, tests, testdata, testcerts */
}

const char *fw_keys_path_role(const char *sys)
{
    const char *base = base_name(sys);
    if (is_crypto_lib(base))
        return FW_ROLE_LIB;
    if (has_prefix(sys, "/usr/share/doc/") || has_prefix(sys, "/usr/doc/"))
        return FW_ROLE_DOC;
    for (const char *c = sys + (*sys == '/'); c < base;) {
        const char *e = strchr(c, '/');
        if (!e || e >= base)
            break;
        if (doc_component(c, (size_t)(e - c)))
            return FW_ROLE_DOC;
        c = e + 1;
    }
    if (strstr(base, "example") || strstr(base, "testkey") || strstr(base, "test-key") ||
        strstr(base, "test_key"))
        return FW_ROLE_DOC;
    return NULL;
}

int fw_keys_lib_ident(const fw_blob *blob)
{
    static const char *const idents[] = { "PolarSSL", "mbed TLS", "wolfSSL", "CyaSSL",
                                          "MatrixSSL", "GnuTLS", "axTLS" };
    for (size_t i = 0; i < sizeof idents / sizeof idents[0]; i++)
        if (memmem(blob->data, blob->size, idents[i], strlen(idents[i])))
            return 1;
    return 0;
}

int fw_keys_test_subject(const char *name)
{
    /* the subjects of the libraries' test certificates: "CN=PolarSSL Test
     * CA,O=PolarSSL,C=NL", "O=mbed TLS,CN=mbed TLS Test CA", wolfSSL's
     * "O=Sawtooth,...,CN=www.wolfssl.com", CyaSSL's, MatrixSSL's samples */
    static const char *const names[] = { "PolarSSL", "mbed TLS", "wolfSSL", "wolfssl.com",
                                         "O=Sawtooth", "CyaSSL", "yaSSL", "MatrixSSL",
                                         "axTLS", "GnuTLS" };
    if (!name)
        return 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strstr(name, names[i]))
            return 1;
    return 0;
}

/* ---- who names a documentation key file --------------------------------- */

/* Named like key material: only these are looked for in every file. */
static int key_like(const char *base)
{
    static const char *const exts[] = { ".pem", ".key", ".crt", ".cer", ".der", ".p12", ".pfx" };
    size_t n = strlen(base);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && strcmp(base + n - k, exts[i]) == 0)
            return 1;
    }
    return strstr(base, "key") != NULL || strstr(base, "cert") != NULL;
}

void fw_keys_collect_uses(fw_keys_state *st, const fw_ns *ns)
{
    for (size_t i = 0; i < ns->count; i++) {
        const fw_node *n = ns->nodes[i];
        if (n->type != FW_NODE_FILE || n->is_container)
            continue;
        const char *sys = fw_node_syspath(n);
        const char *role = fw_keys_path_role(sys);
        if (!role || strcmp(role, FW_ROLE_DOC) != 0 || !key_like(base_name(sys)))
            continue;
        if (st->n_uses >= FW_MAX_KEYS_USE_PATHS)
            return;    /* the rest are judged as device keys (fw_keys_used_by) */
        FW_XGROW(st->uses, st->cap_uses, st->n_uses + 1);
        st->uses[st->n_uses].node = n;
        st->uses[st->n_uses].used_by = NULL;
        st->n_uses++;
    }
}

static int path_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-' || c == '/';
}

/* Does blob name path as a whole word (not "/x/key.pem.orig")? Offset. */
static int names_path(const fw_blob *blob, const char *path, size_t *off)
{
    size_t k = strlen(path);
    const unsigned char *d = blob->data, *end = d + blob->size, *p = d;
    while (p < end) {
        const unsigned char *hit = memmem(p, (size_t)(end - p), path, k);
        if (!hit)
            return 0;
        int before_ok = hit == d || !path_char(hit[-1]) || hit[-1] == '/';
        if (before_ok && (hit + k == end || !path_char(hit[k]))) {
            *off = (size_t)(hit - d);
            return 1;
        }
        p = hit + 1;
    }
    return 0;
}

/* A line of an init script that makes host keys when they are missing. */
static void find_keygen(fw_keys_state *st, const fw_node *node, const fw_blob *blob)
{
    const char *sys = fw_node_syspath(node);
    static const char *const dirs[] = { "/etc/init.d/", "/etc/rc", "/etc/init/",
                                        "/etc/inittab", "/etc/uci-defaults/", "/lib/preinit/",
                                        "/etc/systemd/", "/lib/systemd/", "/usr/lib/systemd/" };
    int init = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && !init; i++)
        init = has_prefix(sys, dirs[i]);
    if (!init || (st->keygen_dropbear && st->keygen_openssh))
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    while (fw_lines_next(&it, &ln)) {
        size_t i = 0;
        while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
            i++;
        if (i < ln.len && ln.s[i] == '#')
            continue;
        const char *s = ln.s + i;
        size_t n = ln.len - i;
        int dropbear = (memmem(s, n, "dropbearkey", 11) && memmem(s, n, "-f", 2)) ||
                       (memmem(s, n, "dropbear", 8) && memmem(s, n, " -R", 3));
        int openssh = memmem(s, n, "ssh-keygen", 10) &&
                      (memmem(s, n, " -A", 3) || memmem(s, n, "host_", 5));
        if (dropbear && !st->keygen_dropbear)
            st->keygen_dropbear = fw_xasprintf("%s:%llu", sys, (unsigned long long)ln.lineno);
        if (openssh && !st->keygen_openssh)
            st->keygen_openssh = fw_xasprintf("%s:%llu", sys, (unsigned long long)ln.lineno);
    }
}

void fw_keys_scan_uses(fw_keys_state *st, const fw_node *node, const fw_blob *blob, int text)
{
    if (text)
        find_keygen(st, node, blob);
    const char *role = NULL;
    int role_known = 0;
    for (size_t i = 0; i < st->n_uses; i++) {
        fw_use_ref *u = &st->uses[i];
        if (u->used_by || u->node == node || u->node->ns != node->ns)
            continue;
        if (!role_known) {
            /* documentation naming an example key is not the device using it */
            role = fw_keys_path_role(fw_node_syspath(node));
            role_known = 1;
        }
        if (role && strcmp(role, FW_ROLE_DOC) == 0)
            return;
        size_t off;
        if (!names_path(blob, fw_node_syspath(u->node), &off))
            continue;
        u->used_by = text ? fw_xasprintf("%s:%llu", fw_node_syspath(node),
                                         (unsigned long long)fw_line_of(blob, off))
                          : fw_xasprintf("%s (offset %zu)", fw_node_syspath(node), off);
    }
}

const char *fw_keys_used_by(const fw_keys_state *st, const fw_node *node)
{
    for (size_t i = 0; i < st->n_uses; i++)
        if (st->uses[i].node == node)
            return st->uses[i].used_by;
    return NULL;
}

int fw_keys_use_checked(const fw_keys_state *st, const fw_node *node)
{
    for (size_t i = 0; i < st->n_uses; i++)
        if (st->uses[i].node == node)
            return 1;
    return 0;
}

/* ---- writable data partitions ------------------------------------------- */

/* The format of the namespace: the last one its chain names ("fw.bin@0x40000
 * (jffs2)", "fw.bin > ubi > ubifs@0x0"). */
static int writable_chain(const char *chain)
{
    const char *a = strrchr(chain, '>'), *b = strrchr(chain, '(');
    const char *last = a > b ? a : b;
    if (!last)
        last = chain;
    else
        last++;
    while (*last == ' ')
        last++;
    return has_prefix(last, "jffs2") || has_prefix(last, "ubifs") || has_prefix(last, "yaffs");
}

int fw_keys_writable(const fw_node *node)
{
    const char *sys = fw_node_syspath(node);
    if (has_prefix(sys, "/overlay/") || has_prefix(sys, "/data/"))
        return 1;
    return node->ns && node->ns->chain && *node->ns->chain && writable_chain(node->ns->chain);
}
