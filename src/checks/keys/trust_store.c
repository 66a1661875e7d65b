/* trust_store.c: CA bundles and certificate directories, one fact each.
 *
 * A trust store is the list of roots a TLS client believes: Mozilla's ~150
 * public roots in /etc/ssl/certs (ca-certificates: one file per root plus
 * hash symlinks, or /usr/share/ca-certificates/mozilla/NAME.crt), or one bundle
 * file (ca-certificates.crt, ca-bundle.crt, cacert.pem). Some of its roots are
 * always expired or have 1024-bit keys: judged one by one they gave dozens of
 * certificate-expired findings for one fact, "the store is stale". So the
 * certificates of a store are not judged one by one: the store is listed in
 * the "trust-stores" inventory with its counts, and a stale one (an expired
 * or weak-key root in it) gives one ca-bundle-stale finding.
 *
 * What is a store (every member a CA certificate, CA:TRUE or self-signed,
 * whose private key is not in the image: a certificate whose key the device
 * holds is its own, served, and stays judged):
 *   - a file holding at least TRUST_STORE_MIN_CERTS of them and nothing else
 *     certificate-wise; 2 suffice for a file named like a bundle, 1 for a
 *     file a TLS client's configuration names as its CA file;
 *   - a directory whose files hold at least TRUST_STORE_MIN_CERTS of them
 *     (1 for a directory a configuration names as its CA path); certificates
 *     there that are not CAs, and files holding one (a server's chain), stay
 *     judged.
 * A lone self-signed server certificate in /etc/ssl/certs is no store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "checks/keys/keys_int.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/xalloc.h"

/* Fewer CA certificates than this in one place are a vendor's own CAs, judged
 * one by one; a public root list has ~150. */
#define TRUST_STORE_MIN_CERTS 5

static const char *const store_columns[] = {
    "path", "kind", "certificates", "expired", "weak_key", "weak_signature", "recognised_by",
    NULL,
};

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* ---- configurations naming a CA file or directory ------------------------ */

/* OpenSSL (CAfile/CApath), curl (cacert/capath), wget (ca_certificate,
 * ca_directory), opkg (option ssl_ca_file/ssl_ca_path), lighttpd, nginx. */
static const char *const ca_directives[] = {
    "cafile", "capath", "cacert", "ca_certificate", "ca_directory", "ssl_ca_file",
    "ssl_ca_path", "ssl.ca-file", "ssl_trusted_certificate", "ca-file", "ca-path",
};

static int ca_config_file(const char *sys)
{
    const char *b = base_name(sys);
    return has_prefix(sys, "/etc/") || strcmp(b, ".curlrc") == 0 || strcmp(b, ".wgetrc") == 0;
}

static void add_ref(fw_keys_state *st, const fw_node *conf, uint64_t lineno, const char *value)
{
    if (st->n_ca_refs >= FW_MAX_CA_REFS)
        return;
    const fw_node *n = fw_ns_resolve(conf->ns, value);
    int is_dir;
    char *path;
    if (n && (n->type == FW_NODE_FILE || n->type == FW_NODE_DIR)) {
        is_dir = n->type == FW_NODE_DIR;
        path = fw_xstrdup(fw_node_syspath(n));
    } else if (!n && fw_ns_exists(conf->ns, value)) {
        is_dir = 1;     /* archives often store no entry for a directory */
        path = fw_path_normalize(value);
        if (!path)
            return;
    } else {
        return;
    }
    FW_XGROW(st->ca_refs, st->cap_ca_refs, st->n_ca_refs + 1);
    fw_ca_ref *r = &st->ca_refs[st->n_ca_refs++];
    r->ns = conf->ns;
    r->path = path;
    r->is_dir = is_dir;
    r->config = fw_xasprintf("%s:%llu", fw_node_syspath(conf), (unsigned long long)lineno);
}

void fw_keys_read_ca_refs(fw_check_ctx *ctx, fw_keys_state *st, const fw_node *node,
                          const fw_blob *blob)
{
    (void)ctx;
    if (!ca_config_file(fw_node_syspath(node)))
        return;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    while (fw_lines_next(&it, &ln) && st->n_ca_refs < FW_MAX_CA_REFS) {
        const char *s = ln.s, *e = ln.s + ln.len;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (s < e && (*s == '#' || *s == ';'))
            continue;
        if (e - s > 2 && s[0] == '-' && s[1] == '-')
            s += 2;    /* a curlrc line may spell the option "--cacert" */
        if (e - s > 7 && strncmp(s, "option", 6) == 0 && (s[6] == ' ' || s[6] == '\t')) {
            s += 6;    /* opkg.conf: "option ssl_ca_path /etc/ssl/certs" */
            while (s < e && (*s == ' ' || *s == '\t'))
                s++;
        }
        const char *w = s;
        while (s < e && *s != ' ' && *s != '\t' && *s != '=' && *s != ':')
            s++;
        size_t wl = (size_t)(s - w);
        int known = 0;
        for (size_t i = 0; i < sizeof ca_directives / sizeof ca_directives[0] && !known; i++)
            known = strlen(ca_directives[i]) == wl && strncasecmp(w, ca_directives[i], wl) == 0;
        if (!known)
            continue;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '=' || *s == ':'))
            s++;
        char q = s < e && (*s == '"' || *s == '\'') ? *s++ : 0;
        const char *v = s;
        while (s < e && (q ? *s != q : (*s != ' ' && *s != '\t' && *s != ';')))
            s++;
        size_t vl = (size_t)(s - v);
        if (vl == 0 || vl >= FW_MAX_PATH_LEN || *v != '/')
            continue;
        char *value = fw_xstrndup(v, vl);
        add_ref(st, node, ln.lineno, value);
        free(value);
    }
}

static const fw_ca_ref *find_ref(const fw_keys_state *st, const fw_ns *ns, const char *sys,
                                 int is_dir)
{
    for (size_t i = 0; i < st->n_ca_refs; i++)
        if (st->ca_refs[i].ns == ns && st->ca_refs[i].is_dir == is_dir &&
            strcmp(st->ca_refs[i].path, sys) == 0)
            return &st->ca_refs[i];
    return NULL;
}

/* ---- which certificates form stores ------------------------------------- */

static int bundle_name(const char *base)
{
    static const char *const names[] = { "ca-bundle.crt", "ca-certificates.crt", "cacert.pem",
                                         "curl-ca-bundle.crt", "ca-bundle.pem",
                                         "tls-ca-bundle.pem", "ca-root-nss.crt" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(base, names[i]) == 0)
            return 1;
    return 0;
}

/* Is a private key with this public key in the image? */
static int key_in_image(const fw_keys_state *st, const char *hash)
{
    if (!*hash)
        return 0;
    for (size_t i = 0; i < st->n_keys; i++)
        if (st->keys[i].spki && strcmp(st->keys[i].hash, hash) == 0)
            return 1;
    return 0;
}

/* Can o be a trust store's member? */
static int member_like(const fw_keys_state *st, const fw_keys_obj *o)
{
    return o->what == OBJ_CERT && !o->role && !o->chain_file && (o->ca || o->self_signed) &&
           !key_in_image(st, o->hash);
}

static size_t new_store(fw_keys_state *st, const fw_node *node, const char *path, int is_dir,
                        const char *why)
{
    if (st->n_stores >= FW_MAX_TRUST_STORES)
        return 0;
    FW_XGROW(st->stores, st->cap_stores, st->n_stores + 1);
    fw_trust_store *s = &st->stores[st->n_stores++];
    memset(s, 0, sizeof *s);
    s->ns = node->ns;
    s->node = node;
    s->path = fw_xstrdup(path);
    s->is_dir = is_dir;
    snprintf(s->why, sizeof s->why, "%s", why);
    return st->n_stores;
}

/* Bundle files: every certificate of the file is a member. A file that also
 * holds another certificate (a server's certificate and its chain) is no
 * store, nor part of a directory's. */
static void find_bundles(fw_keys_state *st)
{
    for (size_t i = 0; i < st->n_objs;) {
        const fw_node *node = st->objs[i].node;
        size_t j = i, certs = 0, members = 0;
        for (; j < st->n_objs && st->objs[j].node == node; j++)
            if (st->objs[j].what == OBJ_CERT) {
                certs++;
                members += member_like(st, &st->objs[j]);
            }
        const char *sys = fw_node_syspath(node);
        const fw_ca_ref *ref = find_ref(st, node->ns, sys, 0);
        size_t min = ref ? 1 : bundle_name(base_name(sys)) ? 2 : TRUST_STORE_MIN_CERTS;
        if (certs > 0 && members == certs && certs >= min) {
            char why[160];
            if (ref)
                snprintf(why, sizeof why, "CA file of %s", ref->config);
            else if (min == 2)
                snprintf(why, sizeof why, "bundle file name, %zu CA certificates", certs);
            else
                snprintf(why, sizeof why, "%zu CA certificates in one file", certs);
            size_t s = new_store(st, node, sys, 0, why);
            for (size_t k = i; k < j && s; k++)
                if (st->objs[k].what == OBJ_CERT)
                    st->objs[k].store = s;
        } else if (members < certs) {
            for (size_t k = i; k < j; k++)
                st->objs[k].chain_file = 1;
        }
        i = j;
    }
}

/* Length of the directory part of a system path ("/etc/ssl/certs/x" -> 14). */
static size_t dir_len(const char *sys)
{
    const char *b = strrchr(sys, '/');
    return b ? (size_t)(b - sys) : 0;
}

static int same_dir(const fw_keys_obj *a, const char *dir, size_t n)
{
    const char *sys = fw_node_syspath(a->node);
    return dir_len(sys) == n && memcmp(sys, dir, n) == 0;
}

/* Directories: the members left, grouped by the directory they are in. */
static void find_directories(fw_keys_state *st)
{
    for (size_t i = 0; i < st->n_objs; i++) {
        fw_keys_obj *o = &st->objs[i];
        if (o->store || !member_like(st, o))
            continue;
        const char *sys = fw_node_syspath(o->node);
        size_t dl = dir_len(sys);
        /* the first member of a directory decides; a later one of the same
         * directory that was not made a store is counted again, at most
         * TRUST_STORE_MIN_CERTS - 1 times */
        size_t count = 0;
        for (size_t j = i; j < st->n_objs; j++) {
            const fw_keys_obj *m = &st->objs[j];
            count += !m->store && m->node->ns == o->node->ns && same_dir(m, sys, dl) &&
                     member_like(st, m);
        }
        char *dir = fw_xstrndup(sys, dl);
        const fw_ca_ref *ref = find_ref(st, o->node->ns, dir, 1);
        size_t s = 0;
        if (count >= (ref ? 1 : TRUST_STORE_MIN_CERTS)) {
            char why[160];
            if (ref)
                snprintf(why, sizeof why, "CA directory of %s", ref->config);
            else
                snprintf(why, sizeof why, "%zu CA certificates in one directory", count);
            s = new_store(st, o->node, dir, 1, why);
        }
        free(dir);
        for (size_t j = i; j < st->n_objs && s; j++) {
            fw_keys_obj *m = &st->objs[j];
            if (!m->store && m->node->ns == o->node->ns && same_dir(m, sys, dl) &&
                member_like(st, m))
                m->store = s;
        }
    }
}

/* ---- reporting ------------------------------------------------------------ */

static int cmp_member(const void *a, const void *b)
{
    const fw_keys_obj *const *x = a, *const *y = b;
    int c = strcmp(fw_node_syspath((*x)->node), fw_node_syspath((*y)->node));
    if (c)
        return c;
    return (*x)->offset < (*y)->offset ? -1 : (*x)->offset > (*y)->offset;
}

/* One finding for a stale store, at its first stale member in path order:
 * the same location and fingerprint whatever order the input listed files. */
static int report_store(fw_check_ctx *ctx, fw_keys_state *st, size_t idx)
{
    fw_trust_store *s = &st->stores[idx];
    const fw_keys_obj **m = fw_xcalloc((size_t)s->certs, sizeof *m);
    size_t n = 0;
    for (size_t i = 0; i < st->n_objs && n < (size_t)s->certs; i++)
        if (st->objs[i].store == idx + 1)
            m[n++] = &st->objs[i];
    qsort(m, n, sizeof *m, cmp_member);
    const fw_keys_obj *at_obj = NULL;
    fw_strbuf ex = FW_STRBUF_INIT;
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (!m[i]->expired && !m[i]->weak_key)
            continue;
        if (!at_obj)
            at_obj = m[i];
        if (shown++ < 5)
            fw_sb_addf(&ex, "%s%s (%s)", *fw_sb_str(&ex) ? "; " : "", m[i]->subject,
                       m[i]->expired ? "expired" : "weak key");
    }
    int rc = FW_OK;
    if (at_obj) {
        fw_detail_set ds = {0};
        fw_keys_det_add(&ds, "store", s->path);
        fw_keys_det_add(&ds, "kind", s->is_dir ? "directory" : "bundle file");
        fw_keys_det_add_int(&ds, "certificates", s->certs);
        fw_keys_det_add_int(&ds, "expired", s->expired);
        fw_keys_det_add_int(&ds, "weak_key", s->weak_key);
        fw_keys_det_add_int(&ds, "weak_signature", s->weak_sig);
        fw_keys_det_add(&ds, "recognised_by", s->why);
        fw_keys_det_add(&ds, "stale_certificates", fw_sb_str(&ex));
        char *msg = fw_xasprintf("Trust store %s holds %d CA certificates, %d expired and %d "
                                 "with a weak key: the device's trust list is not kept up to "
                                 "date", s->path, s->certs, s->expired, s->weak_key);
        fw_keys_file kf = { .ctx = ctx, .st = st, .node = at_obj->node };
        fw_found_at at = { .offset = at_obj->offset, .line = at_obj->line,
                           .excerpt = at_obj->excerpt, .format = at_obj->format };
        rc = fw_keys_emit(&kf, CK_STORE, &at, msg, s->path, &ds);
        free(msg);
        fw_keys_det_release(&ds);
    }
    fw_sb_release(&ex);
    free(m);
    return rc;
}

int fw_keys_trust_stores(fw_check_ctx *ctx, fw_keys_state *st)
{
    find_bundles(st);
    find_directories(st);
    for (size_t i = 0; i < st->n_objs; i++) {
        const fw_keys_obj *o = &st->objs[i];
        if (!o->store)
            continue;
        fw_trust_store *s = &st->stores[o->store - 1];
        s->certs++;
        s->expired += o->expired;
        s->weak_key += o->weak_key != NULL;
        s->weak_sig += o->weak_sig;
    }
    int rc = FW_OK;
    for (size_t i = 0; i < st->n_stores && rc == FW_OK; i++) {
        const fw_trust_store *s = &st->stores[i];
        char c[16], e[16], k[16], g[16];
        snprintf(c, sizeof c, "%d", s->certs);
        snprintf(e, sizeof e, "%d", s->expired);
        snprintf(k, sizeof k, "%d", s->weak_key);
        snprintf(g, sizeof g, "%d", s->weak_sig);
        char *path = s->is_dir ? fw_xstrdup(s->path) : fw_node_location(s->node);
        const char *cells[] = { path, s->is_dir ? "directory" : "bundle file", c, e, k, g,
                                s->why };
        fw_inventory_add_row(fw_report_inventory(fw_check_report(ctx), "trust-stores",
                                                 "Trust stores (CA bundles)", store_columns),
                             cells);
        free(path);
        rc = report_store(ctx, st, i);
    }
    return rc;
}
