/* keys.c: the "keys" analyzer: private keys and X.509 certificates stored in
 * the image.
 *
 * A private key shipped in firmware is the same on every unit built from it:
 * whoever extracts it from one device (or from the vendor's download) can
 * impersonate or decrypt all of them (MO.13, MO.2). Certificates are judged
 * on what weakens TLS (MO.6): expiry, weak keys, weak signatures.
 *
 * Where keys hide: text files (PEM, possibly indented, JSON- or C-escaped)
 * and binaries (PEM strings in .rodata: DVRF's libpolarssl.so carries
 * PolarSSL's test keys). So every file is searched for "-----BEGIN " (pem.c).
 * Raw DER is tried only on a file that is exactly one DER object or is named
 * like one: probing every offset of every binary would be slow and find noise.
 * Dropbear host keys have a format of their own (openssh_key.c).
 *
 * Every PEM body is decoded to DER and handed to OpenSSL with an explicit
 * structure, never to its PEM reader, so OpenSSL never asks for a passphrase.
 * Encrypted keys (legacy Proc-Type, PKCS#8 "ENCRYPTED PRIVATE KEY", OpenSSH
 * with a cipher) are never decrypted: they and public keys are listed in the
 * "keys" inventory, not reported.
 *
 * What this file judges beyond one key: the image-wide checks, run in
 * finish() over every key and certificate seen:
 *   private-key-in-several-files  the same public_key_sha256 in two files
 *   ca-private-key                a private key whose public half is a CA
 *                                 certificate's (basicConstraints CA:TRUE) in
 *                                 the image, or a key named like the CA
 *                                 certificate next to it (ca.key by ca.crt)
 * and by where a key is:
 *   ssh-host-key    /etc/dropbear/dropbear_*_host_key, /etc/ssh/ssh_host_*_key
 *   tls-server-key  a key named by a uhttpd, lighttpd, nginx or mosquitto
 *                   configuration, or in /etc/ssl/private, /etc/uhttpd.key
 * Shipped, each is the same on every unit (MO.2, MO.13). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "checks/keys/keys_int.h"
#include "core/digest.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static const char *const keys_checks[] = {
    CK_PRIVATE, CK_EXPIRED, CK_WEAK_KEY, CK_WEAK_SIG, CK_SHARED, CK_CA_KEY, CK_HOST_KEY,
    CK_TLS_KEY, CK_STORE, NULL,
};

time_t fw_keys_now(const fw_keys_state *st)
{
    return st->now;
}

/* ---- details ------------------------------------------------------------ */

void fw_keys_det_add(fw_detail_set *ds, const char *key, const char *value)
{
    if (ds->n >= KEYS_MAX_DETAILS || !value || !*value)
        return;
    ds->d[ds->n].key = fw_xstrdup(key);
    ds->d[ds->n].value = fw_xstrdup(value);
    ds->n++;
}

void fw_keys_det_add_int(fw_detail_set *ds, const char *key, int value)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%d", value);
    fw_keys_det_add(ds, key, buf);
}

void fw_keys_det_release(fw_detail_set *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        free(ds->d[i].key);
        free(ds->d[i].value);
    }
    ds->n = 0;
}

int fw_keys_emit(const fw_keys_file *kf, const char *check, const fw_found_at *at,
              const char *message, const char *identity, const fw_detail_set *ds)
{
    fw_hit hit = {
        .check = check,
        .node = kf->node,
        .line = at->line,
        .offset = at->offset,
        .message = message,
        .excerpt = at->excerpt,
        .identity = identity,
        .severity = -1,
        .details = ds->d,
        .n_details = ds->n,
    };
    return fw_check_emit(kf->ctx, &hit);
}

void fw_keys_hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0f];
    }
    out[2 * n] = '\0';
}

/* ---- public key facts, shared by keys and certificates ----------------- */

/* The names the report uses, the same whatever format the key came in. */
const char *fw_keys_type_name(const EVP_PKEY *pkey)
{
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA: return "RSA";
    case EVP_PKEY_RSA_PSS: return "RSA-PSS";
    case EVP_PKEY_EC: return "EC";
    case EVP_PKEY_DSA: return "DSA";
    case EVP_PKEY_ED25519: return "Ed25519";
    case EVP_PKEY_ED448: return "Ed448";
    case EVP_PKEY_X25519: return "X25519";
    case EVP_PKEY_X448: return "X448";
    case EVP_PKEY_DH: case EVP_PKEY_DHX: return "DH";
    default: break;
    }
    const char *name = EVP_PKEY_get0_type_name(pkey);
    return name ? name : "unknown";
}

/* SHA-256 of the DER SubjectPublicKeyInfo: the same key gives the same value
 * in PEM, DER, OpenSSH and certificate form, so one leaked key can be found
 * across products. Returns 1 with hex filled. */
int fw_keys_spki_sha256(EVP_PKEY *pkey, char hex[FW_SHA256_HEX_LEN + 1])
{
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(pkey, &der);
    if (n <= 0) {
        ERR_clear_error();
        return 0;
    }
    fw_sha256_hex(der, (size_t)n, hex);
    OPENSSL_free(der);
    return 1;
}

static void ec_curve(const EVP_PKEY *pkey, char *buf, size_t size)
{
    buf[0] = '\0';
    if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC)
        return;
    if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, buf, size, NULL)) {
        buf[0] = '\0';
        ERR_clear_error();
    }
}

/* ---- decoding ---------------------------------------------------------- */

/* OpenSSL must never obtain a passphrase: -1 aborts instead of trying "". */
static int refuse_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf; (void)size; (void)rwflag; (void)u;
    return -1;
}

/* Decode a DER private key of the given structure ("PrivateKeyInfo" or
 * "type-specific"), and key type (NULL = any). The structure is always named
 * so that EncryptedPrivateKeyInfo is never even attempted: its KDF iteration
 * count is attacker data. Public-only objects do not decode (KEYPAIR). */
static EVP_PKEY *decode_der(const unsigned char *der, size_t len, const char *structure,
                            const char *keytype, int selection)
{
    EVP_PKEY *pkey = NULL;
    OSSL_DECODER_CTX *dctx = OSSL_DECODER_CTX_new_for_pkey(
        &pkey, "DER", structure, keytype, selection, NULL, NULL);
    if (!dctx)
        goto out;
    if (!OSSL_DECODER_CTX_set_pem_password_cb(dctx, refuse_passphrase, NULL))
        goto out;
    const unsigned char *p = der;
    size_t left = len;
    if (!OSSL_DECODER_from_data(dctx, &p, &left)) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
out:
    OSSL_DECODER_CTX_free(dctx);
    ERR_clear_error();
    return pkey;
}

static EVP_PKEY *decode_private(const unsigned char *der, size_t len,
                                const char *structure, const char *keytype)
{
    return decode_der(der, len, structure, keytype, EVP_PKEY_KEYPAIR);
}

/* ---- private keys: recorded, judged in finish() (keys_report.c) -------- */

int fw_keys_found_private(const fw_keys_file *kf, const fw_found_at *at, EVP_PKEY *pkey)
{
    char hex[FW_SHA256_HEX_LEN + 1];
    char curve[64];
    if (!fw_keys_spki_sha256(pkey, hex))
        return FW_OK;    /* a key OpenSSL cannot re-encode is not one it parsed */
    ec_curve(pkey, curve, sizeof curve);
    return fw_keys_add_private(kf, at, fw_keys_type_name(pkey), EVP_PKEY_get_bits(pkey), curve,
                               "public_key_sha256", hex);
}

int fw_keys_found_private_raw(const fw_keys_file *kf, const fw_found_at *at, const char *key_type,
                           const char *hash_key, const char *hash)
{
    return fw_keys_add_private(kf, at, key_type, 0, NULL, hash_key, hash);
}

/* ---- PEM blocks --------------------------------------------------------- */

typedef enum pem_kind {
    PEM_CERT, PEM_CERT_TRUSTED, PEM_KEY, PEM_OPENSSH, PEM_PUBLIC, PEM_ENCRYPTED,
} pem_kind;

/* The labels looked at. Public keys ("PUBLIC KEY", "RSA PUBLIC KEY") are
 * meant to be shipped and "ENCRYPTED PRIVATE KEY" is protected by its
 * passphrase: both are only listed in the inventory. */
static const struct pem_label {
    const char *label;
    pem_kind kind;
    const char *format;      /* for the report */
    const char *structure;   /* OSSL_DECODER structure of the DER body */
    const char *keytype;
} pem_labels[] = {
    { "CERTIFICATE", PEM_CERT, "pem", NULL, NULL },
    { "X509 CERTIFICATE", PEM_CERT, "pem", NULL, NULL },
    { "TRUSTED CERTIFICATE", PEM_CERT_TRUSTED, "pem", NULL, NULL },
    { "PRIVATE KEY", PEM_KEY, "pem-pkcs8", "PrivateKeyInfo", NULL },
    { "RSA PRIVATE KEY", PEM_KEY, "pem-pkcs1", "type-specific", "RSA" },
    { "EC PRIVATE KEY", PEM_KEY, "pem-sec1", "type-specific", "EC" },
    { "DSA PRIVATE KEY", PEM_KEY, "pem-dsa", "type-specific", "DSA" },
    { "OPENSSH PRIVATE KEY", PEM_OPENSSH, "openssh", NULL, NULL },
    { "PUBLIC KEY", PEM_PUBLIC, "pem-spki", "SubjectPublicKeyInfo", NULL },
    { "RSA PUBLIC KEY", PEM_PUBLIC, "pem-pkcs1", "type-specific", "RSA" },
    { "ENCRYPTED PRIVATE KEY", PEM_ENCRYPTED, "pem-pkcs8-encrypted", NULL, NULL },
};

static const struct pem_label *find_label(const char *label)
{
    for (size_t i = 0; i < sizeof pem_labels / sizeof pem_labels[0]; i++)
        if (strcmp(pem_labels[i].label, label) == 0)
            return &pem_labels[i];
    return NULL;
}

/* The key type a legacy PEM label names ("RSA PRIVATE KEY" -> "RSA"). */
static const char *label_key_type(const struct pem_label *pl)
{
    return pl->keytype ? pl->keytype : "unknown";
}

static int handle_block(const fw_keys_file *kf, const fw_pem_block *b)
{
    const struct pem_label *pl = find_label(b->label);
    if (!pl)
        return FW_OK;
    const unsigned char *d = kf->blob->data;
    size_t len = 0;
    int encrypted = 0, rc = FW_OK;
    unsigned char *der = fw_pem_body_decode(d + b->body, b->body_end - b->body, &len, &encrypted);
    if (!der)
        goto out;    /* damaged: nothing to judge */

    char excerpt[PEM_BEGIN_LEN + PEM_LABEL_MAX + PEM_DASHES_LEN + 1];
    snprintf(excerpt, sizeof excerpt, "%s%s%s", PEM_BEGIN, b->label, PEM_DASHES);
    fw_found_at at = {
        .offset = b->start,
        .line = kf->text ? fw_line_of(kf->blob, b->start) : 0,
        .excerpt = excerpt,
        .format = pl->format,
    };
    if (encrypted) {
        /* legacy "Proc-Type: 4,ENCRYPTED": protected by a passphrase */
        fw_keys_found_other(kf, &at, "private key", NULL, label_key_type(pl), 1);
        goto out;
    }
    switch (pl->kind) {
    case PEM_CERT:
    case PEM_CERT_TRUSTED:
        rc = fw_cert_check_der(kf, der, len, pl->kind == PEM_CERT_TRUSTED, &at);
        break;
    case PEM_OPENSSH:
        rc = fw_openssh_check(kf, der, len, &at);
        break;
    case PEM_ENCRYPTED:
        fw_keys_found_other(kf, &at, "private key", NULL, "unknown", 1);
        break;
    case PEM_PUBLIC: {
        /* d2i_* rather than a decoder context: a file of thousands of public
         * keys must stay cheap, and public keys hold no passphrase to refuse */
        const unsigned char *p = der;
        EVP_PKEY *pkey = len < 2 || der[0] != 0x30 ? NULL
                         : pl->keytype ? d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len)
                                       : d2i_PUBKEY(NULL, &p, (long)len);
        ERR_clear_error();
        if (pkey)
            fw_keys_found_other(kf, &at, "public key", pkey, NULL, 0);
        EVP_PKEY_free(pkey);
        break;
    }
    case PEM_KEY: {
        EVP_PKEY *pkey = decode_private(der, len, pl->structure, pl->keytype);
        if (pkey)
            rc = fw_keys_found_private(kf, &at, pkey);
        EVP_PKEY_free(pkey);
        break;
    }
    }
out:
    free(der);
    return rc;
}

static int scan_pem(const fw_keys_file *kf)
{
    const unsigned char *d = kf->blob->data;
    size_t n = kf->blob->size, pos = 0;
    unsigned blocks = 0;
    int rc = FW_OK;
    fw_pem_block b;
    while (rc == FW_OK && fw_pem_next(d, n, &pos, &b)) {
        if (++blocks > FW_MAX_PEM_PER_FILE) {
            fw_check_warn(kf->ctx, kf->node,
                          "more than %d PEM blocks; the rest were not inspected for keys",
                          FW_MAX_PEM_PER_FILE);
            break;
        }
        rc = handle_block(kf, &b);
    }
    return rc;
}

/* ---- whole-file DER ---------------------------------------------------- */

static int has_der_name(const char *path)
{
    static const char *const suffixes[] = { ".der", ".key", ".cer", ".crt" };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && strcasecmp(path + n - k, suffixes[i]) == 0)
            return 1;
    }
    return 0;
}

/* Is the file one DER SEQUENCE whose length covers it exactly, or a
 * SEQUENCE in a file named like a key or certificate? */
static int der_candidate(const fw_node *node, const fw_blob *blob)
{
    const unsigned char *d = blob->data;
    size_t n = blob->size;
    if (n < 4 || n > FW_MAX_KEY_OBJECT_SIZE || d[0] != 0x30)
        return 0;
    if (d[1] == 0x82 && n == 4 + ((size_t)d[2] << 8 | d[3]))
        return 1;
    if (d[1] == 0x81 && n == 3 + (size_t)d[2])
        return 1;
    if (d[1] < 0x80 && n == 2 + (size_t)d[1])
        return 1;
    return has_der_name(node->path);
}

static int scan_der(const fw_keys_file *kf)
{
    const unsigned char *d = kf->blob->data;
    size_t n = kf->blob->size;
    fw_found_at at = { .offset = 0, .line = 0, .excerpt = NULL, .format = "der" };
    int rc = FW_OK;

    const unsigned char *p = d;
    X509 *x = d2i_X509(NULL, &p, (long)n);
    if (x) {
        rc = fw_cert_judge(kf, x, &at);
        X509_free(x);
        return rc;
    }
    ERR_clear_error();
    EVP_PKEY *pkey = decode_private(d, n, "PrivateKeyInfo", NULL);
    if (!pkey)
        pkey = decode_private(d, n, "type-specific", NULL);
    if (pkey)
        rc = fw_keys_found_private(kf, &at, pkey);
    EVP_PKEY_free(pkey);
    return rc;
}

/* ---- the analyzer ------------------------------------------------------- */

static int keys_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    (void)err;
    fw_keys_state *st = fw_xcalloc(1, sizeof *st);
    st->now = time(NULL);
    /* present even when empty: "no keys" is an answer an auditor wants */
    fw_keys_inventory_init(ctx);
    *state = st;
    return FW_OK;
}

static void keys_fini(void *state)
{
    fw_keys_state *st = state;
    if (!st)
        return;
    for (size_t i = 0; i < st->n_cas; i++)
        free(st->cas[i].subject);
    for (size_t i = 0; i < st->n_tls; i++)
        free(st->tls[i].config);
    for (size_t i = 0; i < st->n_issuers; i++)
        free(st->issuers[i]);
    for (size_t i = 0; i < st->n_stores; i++)
        free(st->stores[i].path);
    for (size_t i = 0; i < st->n_ca_refs; i++) {
        free(st->ca_refs[i].path);
        free(st->ca_refs[i].config);
    }
    for (size_t i = 0; i < st->n_uses; i++)
        free(st->uses[i].used_by);
    fw_keys_objs_release(st);
    free(st->issuers);
    free(st->cas);
    free(st->keys);
    free(st->tls);
    free(st->stores);
    free(st->ca_refs);
    free(st->uses);
    free(st->keygen_dropbear);
    free(st->keygen_openssh);
    free(st);
}

/* A binary that carries a crypto library (statically linked, or a library
 * under another name): the certificates named like the library's test
 * certificates, those they issued, and the private keys of any of them are
 * its test vectors, published with its sources. Others in the same binary
 * stay judged: a vendor may embed the device's own key next to them. */
static void mark_test_vectors(fw_keys_state *st, size_t first)
{
    for (size_t i = first; i < st->n_objs; i++) {
        fw_keys_obj *o = &st->objs[i];
        if (o->what == OBJ_CERT && o->test_subject)
            o->role = FW_ROLE_LIB;
    }
    for (size_t i = first; i < st->n_objs; i++) {
        fw_keys_obj *o = &st->objs[i];
        if (o->what == OBJ_CERT || !o->hash[0])
            continue;
        for (size_t j = first; j < st->n_objs && !o->role; j++)
            if (st->objs[j].what == OBJ_CERT && st->objs[j].role &&
                strcmp(st->objs[j].hash, o->hash) == 0)
                o->role = FW_ROLE_LIB;
    }
}

static int keys_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node,
                          const fw_blob *blob)
{
    fw_keys_state *st = state;
    if (!st || blob->size == 0)
        return FW_OK;
    int dropbear = 0;
    const char *sys = fw_node_syspath(node);
    fw_keys_file kf = {
        .ctx = ctx,
        .st = st,
        .node = node,
        .blob = blob,
        .text = fw_blob_is_text(blob),
        .host_key = fw_keys_host_key_path(sys, &dropbear),
        .tls_key = fw_keys_tls_key_path(sys) || fw_keys_tls_ref(st, node) != NULL,
        .role = fw_keys_path_role(sys),
    };
    /* a library's name says what its embedded keys are only in a binary */
    if (kf.role && strcmp(kf.role, FW_ROLE_LIB) == 0 && kf.text)
        kf.role = NULL;
    fw_keys_scan_uses(st, node, blob, kf.text);
    if (kf.text)
        fw_keys_read_ca_refs(ctx, st, node, blob);
    size_t first = st->n_objs;
    int rc = scan_pem(&kf);
    if (rc == FW_OK && dropbear && !kf.text)
        rc = fw_dropbear_check(&kf, blob->data, blob->size);
    else if (rc == FW_OK && der_candidate(node, blob))
        rc = scan_der(&kf);
    if (st->n_objs > first && !kf.role && !kf.text && fw_keys_lib_ident(blob))
        mark_test_vectors(st, first);
    return rc;
}

/* Before a namespace's files are scanned: which keys its TLS servers use,
 * which documentation/example key files to look for. */
static int keys_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    fw_keys_collect_uses(state, ns);
    return fw_keys_read_tls_configs(ctx, state, ns);
}

static int keys_finish(fw_check_ctx *ctx, void *state)
{
    return fw_keys_report_all(ctx, state);
}

const fw_analyzer fw_analyzer_keys = {
    .name = "keys",
    .checks = keys_checks,
    .init = keys_init,
    .fini = keys_fini,
    .scan_ns = keys_scan_ns,
    .scan_file = keys_scan_file,
    .finish = keys_finish,
};
