/* keys_report.c: what the keys analyzer found, remembered as it is found and
 * reported once the whole image was seen.
 *
 * A key's or certificate's meaning depends on files scanned after it: the
 * other certificates of a trust store, the init script that makes host keys
 * at first boot, the configuration that names a documentation key, the CA
 * certificate a key belongs to. So each object is recorded (fw_keys_obj) and
 * finish() makes the inventory rows and the findings from the records, in
 * scan order.
 *
 * One key, one finding: a key that is a CA's, an SSH host key or a TLS
 * server key is reported under that rule only, not again as an unencrypted
 * private key; the details name the other rules it also matches
 * (`also_matches`). All four rules fail the same requirements (MO.13, MO.2),
 * so nothing is lost. The surviving finding keeps the identity (the public
 * key hash) it always had, so its fingerprint does not change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/keys/keys_int.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static const char *const inventory_columns[] = {
    "path", "location", "kind", "type", "bits", "public_key_sha256", "subject",
    "not_after", "encrypted", "format", "role", NULL,
};

void fw_keys_inventory_init(fw_check_ctx *ctx)
{
    fw_report_inventory(fw_check_report(ctx), "keys", "Keys and certificates",
                        inventory_columns);
}

/* A new record for what kf holds at `at`, or NULL past the bound (warned
 * once: the scan is then incomplete). */
static fw_keys_obj *new_obj(const fw_keys_file *kf, const fw_found_at *at, fw_obj_what what)
{
    fw_keys_state *st = kf->st;
    if (st->n_objs >= FW_MAX_KEYS_OBJECTS) {
        if (!st->warned_objs)
            fw_check_warn(kf->ctx, kf->node, "more than %d keys and certificates: the rest "
                          "are neither listed nor judged", FW_MAX_KEYS_OBJECTS);
        st->warned_objs = 1;
        return NULL;
    }
    FW_XGROW(st->objs, st->cap_objs, st->n_objs + 1);
    fw_keys_obj *o = &st->objs[st->n_objs++];
    memset(o, 0, sizeof *o);
    o->node = kf->node;
    o->offset = at->offset;
    o->line = at->line;
    o->excerpt = at->excerpt ? fw_xstrdup(at->excerpt) : NULL;
    snprintf(o->format, sizeof o->format, "%s", at->format ? at->format : "");
    o->what = what;
    o->role = kf->role;
    o->encrypted = "-";
    return o;
}

void fw_keys_objs_release(fw_keys_state *st)
{
    for (size_t i = 0; i < st->n_objs; i++) {
        free(st->objs[i].excerpt);
        free(st->objs[i].subject);
        free(st->objs[i].issuer);
    }
    free(st->objs);
    st->objs = NULL;
    st->n_objs = 0;
}

void fw_keys_found_other(const fw_keys_file *kf, const fw_found_at *at, const char *kind,
                         EVP_PKEY *pkey, const char *type_if_no_pkey, int encrypted)
{
    fw_keys_obj *o = new_obj(kf, at, OBJ_OTHER);
    if (!o)
        return;
    o->kind = kind;
    snprintf(o->type, sizeof o->type, "%s", pkey ? fw_keys_type_name(pkey) : type_if_no_pkey);
    o->bits = pkey ? EVP_PKEY_get_bits(pkey) : 0;
    if (pkey && !fw_keys_spki_sha256(pkey, o->hash))
        o->hash[0] = '\0';
    o->encrypted = encrypted ? "yes" : "no";
}

void fw_keys_found_cert(const fw_keys_file *kf, const fw_found_at *at, const fw_keys_cert_info *ci)
{
    fw_keys_state *st = kf->st;
    fw_keys_obj *o = new_obj(kf, at, OBJ_CERT);
    if (o) {
        o->kind = ci->ca ? "CA certificate" : "certificate";
        snprintf(o->type, sizeof o->type, "%s", ci->key_type);
        o->bits = ci->bits;
        snprintf(o->hash, sizeof o->hash, "%s", ci->spki_hex);
        o->spki = 1;
        o->subject = fw_xstrdup(ci->subject ? ci->subject : "");
        o->issuer = fw_xstrdup(ci->issuer ? ci->issuer : "");
        snprintf(o->not_after, sizeof o->not_after, "%s", ci->not_after ? ci->not_after : "");
        o->sig_alg = ci->sig_alg;
        snprintf(o->sha256, sizeof o->sha256, "%s", ci->sha256 ? ci->sha256 : "");
        o->ca = ci->ca;
        o->self_signed = ci->self_signed;
        o->expired = ci->expired;
        o->weak_key = ci->weak_key;
        o->weak_sig = ci->weak_sig;
        o->test_subject = fw_keys_test_subject(o->subject) || fw_keys_test_subject(o->issuer);
    }
    if (!ci->self_signed && ci->issuer && *ci->issuer && st->n_issuers < FW_MAX_KEYS_TRACKED) {
        FW_XGROW(st->issuers, st->cap_issuers, st->n_issuers + 1);
        st->issuers[st->n_issuers++] = fw_xstrdup(ci->issuer);
    }
    if (!ci->ca || !*ci->spki_hex || st->n_cas >= FW_MAX_KEYS_TRACKED)
        return;
    FW_XGROW(st->cas, st->cap_cas, st->n_cas + 1);
    fw_ca_rec *c = &st->cas[st->n_cas++];
    c->node = kf->node;
    snprintf(c->spki, sizeof c->spki, "%s", ci->spki_hex);
    c->subject = fw_xstrdup(ci->subject ? ci->subject : "");
    c->sure = ci->ca_sure;
}

/* Remember a private key for the image-wide checks. */
static void track_key(const fw_keys_file *kf, const fw_found_at *at, const char *type, int bits,
                      const char *hash, int spki, size_t obj)
{
    fw_keys_state *st = kf->st;
    if (st->n_keys >= FW_MAX_KEYS_TRACKED) {
        if (!st->warned_limit)
            fw_check_warn(kf->ctx, kf->node, "more than %d private keys: the rest are not "
                          "compared across files", FW_MAX_KEYS_TRACKED);
        st->warned_limit = 1;
        return;
    }
    FW_XGROW(st->keys, st->cap_keys, st->n_keys + 1);
    fw_key_rec *k = &st->keys[st->n_keys++];
    memset(k, 0, sizeof *k);
    k->node = kf->node;
    k->offset = at->offset;
    k->line = at->line;
    snprintf(k->hash, sizeof k->hash, "%s", hash);
    k->spki = spki;
    snprintf(k->type, sizeof k->type, "%s", type);
    k->bits = bits;
    snprintf(k->format, sizeof k->format, "%s", at->format);
    k->obj = obj;
}

int fw_keys_add_private(const fw_keys_file *kf, const fw_found_at *at, const char *key_type,
                        int bits, const char *curve, const char *hash_key, const char *hash)
{
    fw_keys_obj *o = new_obj(kf, at, OBJ_PRIVATE);
    if (!o)
        return FW_OK;
    o->kind = "private key";
    snprintf(o->type, sizeof o->type, "%s", key_type);
    o->bits = bits;
    snprintf(o->curve, sizeof o->curve, "%s", curve ? curve : "");
    snprintf(o->hash, sizeof o->hash, "%s", hash);
    o->spki = strcmp(hash_key, "public_key_sha256") == 0;
    o->encrypted = "no";
    o->host_key = kf->host_key;
    o->tls_key = kf->tls_key;
    track_key(kf, at, key_type, bits, hash, o->spki, (size_t)(o - kf->st->objs));
    return FW_OK;
}

/* ---- the inventory rows --------------------------------------------------- */

static void inventory_row(fw_check_ctx *ctx, const fw_keys_state *st, const fw_keys_obj *o)
{
    char loc[40], bitbuf[16];
    if (o->line)
        snprintf(loc, sizeof loc, "line %llu", (unsigned long long)o->line);
    else
        snprintf(loc, sizeof loc, "offset %llu", (unsigned long long)o->offset);
    if (o->bits > 0)
        snprintf(bitbuf, sizeof bitbuf, "%d", o->bits);
    else
        snprintf(bitbuf, sizeof bitbuf, "-");
    char *role = o->store ? fw_xasprintf("trust store %s", st->stores[o->store - 1].path)
                          : fw_xstrdup(o->role ? o->role : "-");
    char *path = fw_node_location(o->node);
    const char *cells[] = { path, loc, o->kind, o->type[0] ? o->type : "unknown", bitbuf,
                            o->hash[0] ? o->hash : "-",
                            o->subject && *o->subject ? o->subject : "-",
                            o->not_after[0] ? o->not_after : "-", o->encrypted, o->format,
                            role };
    fw_inventory_add_row(fw_report_inventory(fw_check_report(ctx), "keys",
                                             "Keys and certificates", inventory_columns),
                         cells);
    free(path);
    free(role);
}

/* ---- one finding per key -------------------------------------------------- */

/* The rules a key matches, most specific first: a CA's key signs for every
 * device; a host or TLS server key names the service that shares it. */
enum { M_CA, M_HOST, M_TLS, M_PRIVATE, M_N };
static const char *const match_checks[M_N] = { CK_CA_KEY, CK_HOST_KEY, CK_TLS_KEY, CK_PRIVATE };

static char *key_message(int m, const fw_keys_obj *o, const char *what, const fw_ca_rec *ca,
                         const char *ca_loc, const char *how, const fw_tls_ref *ref)
{
    switch (m) {
    case M_CA:
        return fw_xasprintf("Private key of the CA \"%s\" (%s) is stored in the image: "
                            "whoever extracts it can issue certificates every device "
                            "trusts (%s)", ca->subject, ca_loc, how);
    case M_HOST:
        return fw_xasprintf("SSH host key (%s) shipped in the image: every unit has the "
                            "same host key, so a key taken from one device lets an "
                            "attacker impersonate any of them", what);
    case M_TLS:
        return ref ? fw_xasprintf("TLS server key (%s) of %s shipped in the image (%s): every "
                                  "unit serves with the same key", what, ref->server, ref->config)
                   : fw_xasprintf("TLS server key (%s) shipped in the image: every unit serves "
                                  "with the same key", what);
    default:
        return o->bits > 0
            ? fw_xasprintf("Unencrypted %d-bit %s private key (%s) stored in the image",
                           o->bits, o->type, o->format)
            : fw_xasprintf("Unencrypted %s private key (%s) stored in the image", o->type,
                           o->format);
    }
}

static int report_key(fw_check_ctx *ctx, fw_keys_state *st, fw_keys_obj *o)
{
    const char *how = NULL;
    const fw_ca_rec *ca = fw_keys_ca_of(st, o->node, o->hash, o->spki, &how);
    const fw_tls_ref *ref = fw_keys_tls_ref(st, o->node);
    int matched[M_N] = { ca != NULL, o->host_key, o->tls_key, 1 };
    int chosen = -1;
    for (int m = 0; m < M_N && chosen < 0; m++)
        if (matched[m] && fw_check_rule(ctx, match_checks[m]))
            chosen = m;
    if (chosen < 0)
        return FW_OK;    /* no rule binds any of them: nothing to report */
    o->judged_key = 1;

    fw_detail_set ds = {0};
    char *ca_loc = ca ? fw_node_location(ca->node) : NULL;
    fw_keys_det_add(&ds, "key_type", o->type);
    if (o->bits > 0)
        fw_keys_det_add_int(&ds, "bits", o->bits);
    fw_keys_det_add(&ds, "curve", o->curve);
    fw_keys_det_add(&ds, o->spki ? "public_key_sha256" : "ssh_public_key_sha256", o->hash);
    fw_keys_det_add(&ds, "format", o->format);
    if (chosen == M_CA) {
        fw_keys_det_add(&ds, "ca_subject", ca->subject);
        fw_keys_det_add(&ds, "ca_certificate", ca_loc);
        fw_keys_det_add(&ds, "match", how);
    }
    if (ref && chosen <= M_TLS && matched[M_TLS]) {
        fw_keys_det_add(&ds, "server", ref->server);
        fw_keys_det_add(&ds, "configured_in", ref->config);
    }
    fw_keys_det_add(&ds, "used_by", o->role ? NULL : fw_keys_used_by(st, o->node));
    fw_strbuf also = FW_STRBUF_INIT;
    for (int m = chosen + 1; m < M_N; m++) {
        const fw_rule *r = matched[m] ? fw_check_rule(ctx, match_checks[m]) : NULL;
        if (r)
            fw_sb_addf(&also, "%s%s", *fw_sb_str(&also) ? ", " : "", r->id);
    }
    fw_keys_det_add(&ds, "also_matches", fw_sb_str(&also));

    char *what = o->bits > 0 ? fw_xasprintf("%d-bit %s, %s", o->bits, o->type, o->format)
                             : fw_xasprintf("%s, %s", o->type, o->format);
    char *msg = key_message(chosen, o, what, ca, ca_loc, how, ref);
    fw_keys_file kf = { .ctx = ctx, .st = st, .node = o->node };
    fw_found_at at = { .offset = o->offset, .line = o->line, .excerpt = o->excerpt,
                       .format = o->format };
    /* fw_keys_emit reports the current analyzer's check: the chosen one */
    int rc = fw_keys_emit(&kf, match_checks[chosen], &at, msg, o->hash, &ds);
    free(msg);
    free(what);
    free(ca_loc);
    fw_sb_release(&also);
    fw_keys_det_release(&ds);
    return rc;
}

/* Does anything on the device use a key or certificate the file's context
 * calls published (documentation, a library's test vector)? A
 * configuration or program naming its file, or a TLS server configured with
 * it. A library's own file is named by every program linked to it, which
 * says nothing about its test keys: only a TLS server's configuration
 * counts there. */
static int used(const fw_keys_state *st, const fw_keys_obj *o)
{
    if (fw_keys_tls_ref(st, o->node))
        return 1;
    /* a file past the bound of paths looked for counts as used: judged */
    return o->role && strcmp(o->role, FW_ROLE_DOC) == 0 &&
           (!fw_keys_use_checked(st, o->node) || fw_keys_used_by(st, o->node));
}

/* Roles decided by the whole image. */
static void decide_roles(fw_keys_state *st)
{
    for (size_t i = 0; i < st->n_objs; i++) {
        fw_keys_obj *o = &st->objs[i];
        if (o->role && used(st, o))
            o->role = NULL;
        if (!o->role && o->what == OBJ_PRIVATE && o->host_key && fw_keys_writable(o->node)) {
            int dropbear = 0;
            fw_keys_host_key_path(fw_node_syspath(o->node), &dropbear);
            if (dropbear ? st->keygen_dropbear != NULL : st->keygen_openssh != NULL)
                o->role = FW_ROLE_FIRSTBOOT;
        }
    }
}

int fw_keys_report_all(fw_check_ctx *ctx, fw_keys_state *st)
{
    fw_keys_confirm_cas(st);
    decide_roles(st);
    int rc = fw_keys_trust_stores(ctx, st);
    for (size_t i = 0; i < st->n_objs; i++)
        inventory_row(ctx, st, &st->objs[i]);
    for (size_t i = 0; i < st->n_objs && rc == FW_OK; i++) {
        const fw_keys_obj *o = &st->objs[i];
        if (o->what == OBJ_CERT && !o->role && !o->store)
            rc = fw_cert_emit(ctx, st, o);
    }
    for (size_t i = 0; i < st->n_objs && rc == FW_OK; i++) {
        fw_keys_obj *o = &st->objs[i];
        if (o->what == OBJ_PRIVATE && !o->role)
            rc = report_key(ctx, st, o);
    }
    if (rc == FW_OK)
        rc = fw_keys_check_shared(ctx, st);
    return rc;
}
