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
 * PolarSSL's test keys). So every file is searched for "-----BEGIN ". Raw DER
 * is tried only on a file that is exactly one DER object or is named like one:
 * probing every offset of every binary would be slow and find noise.
 *
 * Every PEM body is decoded here (base64 to DER) and handed to OpenSSL as DER
 * with an explicit structure, never to its PEM reader, so escaped and indented
 * PEM decode the same way and OpenSSL never asks for a passphrase. Encrypted
 * keys (legacy Proc-Type, PKCS#8 "ENCRYPTED PRIVATE KEY", OpenSSH with a
 * cipher) are not findings and are never decrypted.
 *
 * Checks: unencrypted-private-key, certificate-expired, certificate-weak-key,
 * certificate-weak-signature. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "checks/check.h"
#include "core/digest.h"
#include "core/limits.h"
#include "core/xalloc.h"

#define CK_PRIVATE  "unencrypted-private-key"
#define CK_EXPIRED  "certificate-expired"
#define CK_WEAK_KEY "certificate-weak-key"
#define CK_WEAK_SIG "certificate-weak-signature"

static const char *const keys_checks[] = {
    CK_PRIVATE, CK_EXPIRED, CK_WEAK_KEY, CK_WEAK_SIG, NULL,
};

/* Below these a certificate key is weak (NIST SP 800-131A: 112-bit strength). */
#define MIN_RSA_BITS 2048
#define MIN_EC_BITS  224

typedef struct keys_state {
    time_t now;        /* one instant for the whole scan: every certificate is
                          judged against the same clock */
    int want_keys;     /* some rule binds unencrypted-private-key */
    int want_certs;    /* some rule binds a certificate-* check */
} keys_state;

/* The file being scanned. */
typedef struct keys_file {
    fw_check_ctx *ctx;
    const keys_state *st;
    const fw_node *node;
    const fw_blob *blob;
    int text;
} keys_file;

/* Where an object was found and how it was stored. */
typedef struct found_at {
    uint64_t offset;
    uint64_t line;        /* 0 in binaries and DER files */
    const char *excerpt;  /* the BEGIN line, or NULL (never key material) */
    const char *format;   /* "pem-pkcs1", "pem-pkcs8", "openssh", "der", ... */
} found_at;

/* ---- details: owned copies, borrowed by fw_hit ------------------------- */

#define MAX_DETAILS 12

typedef struct detail_set {
    fw_detail d[MAX_DETAILS];
    size_t n;
} detail_set;

static void det_add(detail_set *ds, const char *key, const char *value)
{
    if (ds->n >= MAX_DETAILS || !value || !*value)
        return;
    ds->d[ds->n].key = xstrdup(key);
    ds->d[ds->n].value = xstrdup(value);
    ds->n++;
}

static void det_add_int(detail_set *ds, const char *key, int value)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%d", value);
    det_add(ds, key, buf);
}

static void det_free(detail_set *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        free(ds->d[i].key);
        free(ds->d[i].value);
    }
    ds->n = 0;
}

static int emit(const keys_file *kf, const char *check, const found_at *at,
                const char *message, const char *identity, const detail_set *ds)
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

static void hex_encode(const unsigned char *in, size_t n, char *out)
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
static const char *key_type_name(const EVP_PKEY *pkey)
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
static int spki_sha256(EVP_PKEY *pkey, char hex[FW_SHA256_HEX_LEN + 1])
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

/* ---- private keys ------------------------------------------------------ */

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
static EVP_PKEY *decode_private(const unsigned char *der, size_t len,
                                const char *structure, const char *keytype)
{
    EVP_PKEY *pkey = NULL;
    OSSL_DECODER_CTX *dctx = OSSL_DECODER_CTX_new_for_pkey(
        &pkey, "DER", structure, keytype, EVP_PKEY_KEYPAIR, NULL, NULL);
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

/* Report one unencrypted private key. hash_key names what `hash` is a
 * SHA-256 of ("public_key_sha256" = DER SubjectPublicKeyInfo). */
static int report_key(const keys_file *kf, const found_at *at, const char *key_type,
                      int bits, const char *curve, const char *hash_key, const char *hash)
{
    detail_set ds = {0};
    det_add(&ds, "key_type", key_type);
    if (bits > 0)
        det_add_int(&ds, "bits", bits);
    det_add(&ds, "curve", curve);
    det_add(&ds, hash_key, hash);
    det_add(&ds, "format", at->format);

    char *msg = bits > 0
        ? xasprintf("Unencrypted %d-bit %s private key (%s) stored in the image",
                    bits, key_type, at->format)
        : xasprintf("Unencrypted %s private key (%s) stored in the image",
                    key_type, at->format);
    int rc = emit(kf, CK_PRIVATE, at, msg, hash, &ds);
    free(msg);
    det_free(&ds);
    return rc;
}

static int report_pkey(const keys_file *kf, const found_at *at, EVP_PKEY *pkey)
{
    char hex[FW_SHA256_HEX_LEN + 1];
    char curve[64];
    if (!spki_sha256(pkey, hex))
        return FW_OK;    /* a key OpenSSL cannot re-encode is not one it parsed */
    ec_curve(pkey, curve, sizeof curve);
    return report_key(kf, at, key_type_name(pkey), EVP_PKEY_get_bits(pkey), curve,
                      "public_key_sha256", hex);
}

/* ---- OpenSSH private keys (PROTOCOL.key: "openssh-key-v1") -------------- */

#define OPENSSH_MAGIC "openssh-key-v1"   /* followed by a NUL in the blob */
#define OPENSSH_MAGIC_LEN (sizeof OPENSSH_MAGIC)

/* A cursor over SSH wire data; every read is bounded by what is left. */
typedef struct ssh_buf {
    const unsigned char *p;
    size_t n;
} ssh_buf;

static int ssh_u32(ssh_buf *b, uint32_t *v)
{
    if (b->n < 4)
        return 0;
    *v = (uint32_t)b->p[0] << 24 | (uint32_t)b->p[1] << 16 | (uint32_t)b->p[2] << 8 | b->p[3];
    b->p += 4;
    b->n -= 4;
    return 1;
}

static int ssh_string(ssh_buf *b, ssh_buf *out)
{
    uint32_t len;
    if (!ssh_u32(b, &len) || len > b->n)
        return 0;
    out->p = b->p;
    out->n = len;
    b->p += len;
    b->n -= len;
    return 1;
}

static int ssh_is(const ssh_buf *s, const char *lit)
{
    size_t n = strlen(lit);
    return s->n == n && memcmp(s->p, lit, n) == 0;
}

/* Build an EVP_PKEY of algorithm `name` from public parameters. */
static EVP_PKEY *pkey_from_params(const char *name, OSSL_PARAM_BLD *bld)
{
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, name, NULL);
    if (!params || !pctx || EVP_PKEY_fromdata_init(pctx) <= 0 ||
        EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(pctx);
    OSSL_PARAM_free(params);
    return pkey;
}

/* ssh-rsa: mpint e, mpint n. */
static EVP_PKEY *ssh_rsa_pkey(ssh_buf *b)
{
    ssh_buf e, n;
    EVP_PKEY *pkey = NULL;
    BIGNUM *bn_e = NULL, *bn_n = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    if (!ssh_string(b, &e) || !ssh_string(b, &n))
        goto out;
    /* lengths are below FW_MAX_KEY_OBJECT_SIZE, so they fit an int */
    bn_e = BN_bin2bn(e.p, (int)e.n, NULL);
    bn_n = BN_bin2bn(n.p, (int)n.n, NULL);
    bld = OSSL_PARAM_BLD_new();
    if (!bn_e || !bn_n || !bld ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e))
        goto out;
    pkey = pkey_from_params("RSA", bld);
out:
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_e);
    BN_free(bn_n);
    return pkey;
}

/* ecdsa-sha2-nistpNNN: string curve, string Q. */
static EVP_PKEY *ssh_ecdsa_pkey(ssh_buf *b)
{
    static const struct { const char *ssh, *group; } curves[] = {
        { "nistp256", "P-256" }, { "nistp384", "P-384" }, { "nistp521", "P-521" },
    };
    ssh_buf curve, q;
    const char *group = NULL;
    EVP_PKEY *pkey = NULL;
    if (!ssh_string(b, &curve) || !ssh_string(b, &q))
        return NULL;
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++)
        if (ssh_is(&curve, curves[i].ssh))
            group = curves[i].group;
    OSSL_PARAM_BLD *bld = group ? OSSL_PARAM_BLD_new() : NULL;
    if (bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) &&
        OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, q.p, q.n))
        pkey = pkey_from_params("EC", bld);
    OSSL_PARAM_BLD_free(bld);
    return pkey;
}

/* ssh-ed25519: string of 32 bytes. */
static EVP_PKEY *ssh_ed25519_pkey(ssh_buf *b)
{
    ssh_buf pk;
    if (!ssh_string(b, &pk) || pk.n != 32)
        return NULL;
    return EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pk.p, pk.n);
}

/* The public key blob of an OpenSSH key (its key type already read into
 * `type`, the rest in `blob`) as an EVP_PKEY, so it gets the same
 * public_key_sha256 as the key in PEM form. NULL for types OpenSSL cannot
 * hold (ssh-dss, sk-*, certificates) or malformed blobs. */
static EVP_PKEY *ssh_pubkey(ssh_buf blob, const ssh_buf *type)
{
    EVP_PKEY *pkey = NULL;
    if (ssh_is(type, "ssh-ed25519"))
        pkey = ssh_ed25519_pkey(&blob);
    else if (ssh_is(type, "ssh-rsa"))
        pkey = ssh_rsa_pkey(&blob);
    else if (type->n > 11 && memcmp(type->p, "ecdsa-sha2-", 11) == 0)
        pkey = ssh_ecdsa_pkey(&blob);
    ERR_clear_error();
    return pkey;
}

/* Copy an SSH key type name for the report, or "unknown" if it is not a
 * short printable name (it is attacker data). */
static void ssh_type_name(const ssh_buf *type, char *out, size_t size)
{
    if (type->n == 0 || type->n >= size) {
        snprintf(out, size, "unknown");
        return;
    }
    for (size_t i = 0; i < type->n; i++)
        if (type->p[i] < 0x21 || type->p[i] > 0x7e) {
            snprintf(out, size, "unknown");
            return;
        }
    memcpy(out, type->p, type->n);
    out[type->n] = '\0';
}

static int check_openssh(const keys_file *kf, const unsigned char *data, size_t len,
                         const found_at *at)
{
    ssh_buf b = { data, len }, cipher, kdf, kdfopts, pub, priv;
    uint32_t nkeys, check1, check2;
    if (len < OPENSSH_MAGIC_LEN || memcmp(data, OPENSSH_MAGIC, OPENSSH_MAGIC_LEN) != 0)
        return FW_OK;
    b.p += OPENSSH_MAGIC_LEN;
    b.n -= OPENSSH_MAGIC_LEN;
    /* OpenSSH writes exactly one key per file; anything else is not its format. */
    if (!ssh_string(&b, &cipher) || !ssh_string(&b, &kdf) || !ssh_string(&b, &kdfopts) ||
        !ssh_u32(&b, &nkeys) || nkeys != 1 || !ssh_string(&b, &pub) || !ssh_string(&b, &priv))
        return FW_OK;
    if (!ssh_is(&cipher, "none"))
        return FW_OK;    /* passphrase-protected: not a finding */
    /* An unencrypted private section opens with two equal check integers;
     * unequal ones mean a damaged block, not a key. */
    ssh_buf pv = priv;
    if (!ssh_u32(&pv, &check1) || !ssh_u32(&pv, &check2) || check1 != check2)
        return FW_OK;

    /* The public key blob names the key type; without one it is damaged. */
    ssh_buf rest = pub, type;
    if (!ssh_string(&rest, &type))
        return FW_OK;
    EVP_PKEY *pkey = ssh_pubkey(rest, &type);
    if (pkey) {
        int rc = report_pkey(kf, at, pkey);
        EVP_PKEY_free(pkey);
        return rc;
    }
    /* A type OpenSSL cannot hold: identify it by its SSH public key blob. */
    char name[48], hex[FW_SHA256_HEX_LEN + 1];
    ssh_type_name(&type, name, sizeof name);
    fw_sha256_hex(pub.p, pub.n, hex);
    return report_key(kf, at, name, 0, NULL, "ssh_public_key_sha256", hex);
}

/* ---- certificates ------------------------------------------------------ */

typedef struct cert_facts {
    char *subject, *issuer;
    char not_after[32];      /* ISO 8601 UTC */
    const char *sig_alg;     /* OpenSSL's long name, static */
    const char *key_type;
    int bits;
    char sha256[FW_SHA256_HEX_LEN + 1];
} cert_facts;

/* A name as one RFC 2253 line (UTF-8 kept), clipped to FW_EXCERPT_MAX bytes:
 * it is attacker data and only meant to be recognised. New string. */
static char *name_line(const X509_NAME *name)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *out = NULL, *data = NULL;
    if (bio && X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
        long n = BIO_get_mem_data(bio, &data);
        if (n > 0 && data)
            out = xstrndup(data, (size_t)n < FW_EXCERPT_MAX ? (size_t)n : FW_EXCERPT_MAX);
    }
    BIO_free(bio);
    ERR_clear_error();
    return out ? out : xstrdup("");
}

static void iso_time(const ASN1_TIME *t, char *buf, size_t size)
{
    struct tm tm;
    buf[0] = '\0';
    if (t && ASN1_TIME_to_tm(t, &tm))
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void cert_facts_get(X509 *x, cert_facts *cf)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    memset(cf, 0, sizeof *cf);
    cf->subject = name_line(X509_get_subject_name(x));
    cf->issuer = name_line(X509_get_issuer_name(x));
    iso_time(X509_get0_notAfter(x), cf->not_after, sizeof cf->not_after);
    const char *sig = OBJ_nid2ln(X509_get_signature_nid(x));
    cf->sig_alg = sig ? sig : "unknown";
    EVP_PKEY *pkey = X509_get0_pubkey(x);   /* borrowed */
    cf->key_type = pkey ? key_type_name(pkey) : "unknown";
    cf->bits = pkey ? EVP_PKEY_get_bits(pkey) : 0;
    if (X509_digest(x, EVP_sha256(), md, &mdlen) && mdlen * 2 <= FW_SHA256_HEX_LEN)
        hex_encode(md, mdlen, cf->sha256);
    ERR_clear_error();
}

static void cert_facts_free(cert_facts *cf)
{
    free(cf->subject);
    free(cf->issuer);
}

static void cert_details(const cert_facts *cf, const found_at *at, detail_set *ds)
{
    det_add(ds, "subject", cf->subject);
    det_add(ds, "issuer", cf->issuer);
    det_add(ds, "not_after", cf->not_after);
    det_add(ds, "sig_alg", cf->sig_alg);
    det_add(ds, "key_type", cf->key_type);
    if (cf->bits > 0)
        det_add_int(ds, "bits", cf->bits);
    det_add(ds, "sha256", cf->sha256);
    det_add(ds, "format", at->format);
}

/* Why the certificate's key is weak, or NULL. */
static const char *weak_key_reason(X509 *x)
{
    EVP_PKEY *pkey = X509_get0_pubkey(x);
    if (!pkey)
        return NULL;
    int bits = EVP_PKEY_get_bits(pkey);
    switch (EVP_PKEY_get_base_id(pkey)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        return bits < MIN_RSA_BITS ? "RSA key shorter than 2048 bits" : NULL;
    case EVP_PKEY_EC:
        return bits < MIN_EC_BITS ? "EC key shorter than 224 bits" : NULL;
    case EVP_PKEY_DSA:
        /* DSA is withdrawn from FIPS 186-5 and TLS 1.3 has no DSA at all. */
        return "DSA key";
    default:
        return NULL;
    }
}

/* Is the signature made with a broken digest (MD2, MD4, MD5, SHA-1)?
 *
 * Self-signed certificates are exempt. Nothing ever verifies a self-signature:
 * a root or a pinned device certificate is trusted because it is installed,
 * not because of its signature (RFC 5280 6.1; OpenSSL skips the trust
 * anchor's signature level), and a collision on it gains an attacker nothing
 * they could not get by signing their own certificate. Reporting them would fail
 * MO.6 on every image with a stock CA bundle, which still holds SHA-1-signed
 * roots. A self-signed device certificate's real weaknesses are reported
 * elsewhere: its key size (certificate-weak-key), its expiry, and its private
 * key in the image (unencrypted-private-key). */
static int weak_signature(X509 *x)
{
    int md = NID_undef, pk = NID_undef;
    if (X509_get_extension_flags(x) & EXFLAG_SS)
        return 0;
    if (!OBJ_find_sigid_algs(X509_get_signature_nid(x), &md, &pk))
        return 0;
    return md == NID_md2 || md == NID_md4 || md == NID_md5 || md == NID_sha1 ||
           md == NID_md5_sha1;
}

static int judge_cert(const keys_file *kf, X509 *x, const found_at *at)
{
    cert_facts cf;
    detail_set ds = {0};
    char *msg = NULL;
    int rc = FW_OK;

    cert_facts_get(x, &cf);
    cert_details(&cf, at, &ds);
    const char *who = *cf.subject ? cf.subject : "(empty subject)";

    if (ASN1_TIME_cmp_time_t(X509_get0_notAfter(x), kf->st->now) == -1) {
        msg = xasprintf("Certificate \"%s\" expired on %s", who, cf.not_after);
        FW_CHECK(emit(kf, CK_EXPIRED, at, msg, cf.sha256, &ds));
        free(msg);
        msg = NULL;
    }
    const char *weak = weak_key_reason(x);
    if (weak) {
        msg = cf.bits > 0
            ? xasprintf("Certificate \"%s\" has a weak key: %s (%d bits)", who, weak, cf.bits)
            : xasprintf("Certificate \"%s\" has a weak key: %s", who, weak);
        FW_CHECK(emit(kf, CK_WEAK_KEY, at, msg, cf.sha256, &ds));
        free(msg);
        msg = NULL;
    }
    if (weak_signature(x)) {
        msg = xasprintf("Certificate \"%s\" is signed with %s", who, cf.sig_alg);
        FW_CHECK(emit(kf, CK_WEAK_SIG, at, msg, cf.sha256, &ds));
    }
out:
    free(msg);
    det_free(&ds);
    cert_facts_free(&cf);
    ERR_clear_error();
    return rc;
}

/* A DER certificate; trusted = OpenSSL's "TRUSTED CERTIFICATE" (X509_AUX). */
static int check_cert_der(const keys_file *kf, const unsigned char *der, size_t len,
                          int trusted, const found_at *at)
{
    const unsigned char *p = der;
    X509 *x = trusted ? d2i_X509_AUX(NULL, &p, (long)len) : d2i_X509(NULL, &p, (long)len);
    if (!x) {
        ERR_clear_error();
        return FW_OK;    /* not a certificate: nothing to judge */
    }
    int rc = judge_cert(kf, x, at);
    X509_free(x);
    return rc;
}

/* ---- PEM blocks -------------------------------------------------------- */

#define PEM_BEGIN "-----BEGIN "
#define PEM_END   "-----END "
#define PEM_DASHES "-----"
#define PEM_BEGIN_LEN (sizeof PEM_BEGIN - 1)
#define PEM_END_LEN   (sizeof PEM_END - 1)
#define PEM_DASHES_LEN (sizeof PEM_DASHES - 1)
/* Longer than any label of RFC 7468 or OpenSSL ("ENCRYPTED PRIVATE KEY" is
 * 21 bytes); a longer run is not a label. */
#define PEM_LABEL_MAX 40

typedef enum pem_kind { PEM_CERT, PEM_CERT_TRUSTED, PEM_KEY, PEM_OPENSSH } pem_kind;

/* The labels looked at. Everything else is skipped: public keys ("PUBLIC
 * KEY", "RSA PUBLIC KEY") are meant to be shipped, and "ENCRYPTED PRIVATE
 * KEY" is protected by its passphrase. */
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
};

typedef struct pem_block {
    size_t start;            /* offset of "-----BEGIN " */
    size_t end;              /* just past the END line's closing dashes */
    size_t body, body_end;   /* between the BEGIN line and "-----END " */
    char label[PEM_LABEL_MAX + 1];
} pem_block;

static int label_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
}

/* What a PEM body may hold: printable ASCII (base64, headers, escapes,
 * quotes) and blanks. A NUL or other control byte means the BEGIN marker is
 * a lone string constant (a parser's own "-----BEGIN RSA PRIVATE KEY-----"
 * in .rodata), not the start of a block. */
static int body_byte(unsigned char c)
{
    return (c >= 0x20 && c <= 0x7e) || c == '\n' || c == '\r' || c == '\t';
}

/* Read the label at d[i..limit) up to its closing dashes into label.
 * Returns its length, or 0 if there is no well-formed label. */
static size_t read_label(const unsigned char *d, size_t limit, size_t i, char *label)
{
    size_t len = 0;
    while (i + len < limit && len <= PEM_LABEL_MAX && label_char(d[i + len]))
        len++;
    if (len == 0 || len > PEM_LABEL_MAX || d[i] == ' ' || d[i + len - 1] == ' ')
        return 0;
    if (limit - (i + len) < PEM_DASHES_LEN || memcmp(d + i + len, PEM_DASHES, PEM_DASHES_LEN) != 0)
        return 0;
    memcpy(label, d + i, len);
    label[len] = '\0';
    return len;
}

/* Is there a whole block at d[start] ("-----BEGIN " found there)? The block,
 * END line included, must fit in FW_MAX_KEY_OBJECT_SIZE. Base64 never holds
 * "-----", so the first one after the BEGIN line must open the matching END
 * line. Work is bounded by the distance to the next "-----", so scanning a
 * hostile file stays linear. */
static int parse_block(const unsigned char *d, size_t n, size_t start, pem_block *b)
{
    size_t limit = n - start > FW_MAX_KEY_OBJECT_SIZE ? start + FW_MAX_KEY_OBJECT_SIZE : n;
    size_t llen = read_label(d, limit, start + PEM_BEGIN_LEN, b->label);
    if (llen == 0)
        return 0;
    b->start = start;
    b->body = start + PEM_BEGIN_LEN + llen + PEM_DASHES_LEN;
    size_t i = b->body;
    for (; i < limit; i++) {
        if (d[i] == '-' && limit - i >= PEM_DASHES_LEN && memcmp(d + i, PEM_DASHES, PEM_DASHES_LEN) == 0)
            break;
        if (!body_byte(d[i]))
            return 0;
    }
    if (limit - i < PEM_END_LEN + llen + PEM_DASHES_LEN ||
        memcmp(d + i, PEM_END, PEM_END_LEN) != 0 ||
        memcmp(d + i + PEM_END_LEN, b->label, llen) != 0 ||
        memcmp(d + i + PEM_END_LEN + llen, PEM_DASHES, PEM_DASHES_LEN) != 0)
        return 0;
    b->body_end = i;
    b->end = i + PEM_END_LEN + llen + PEM_DASHES_LEN;
    return 1;
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Strict base64 (n characters, '=' only as final padding) into out, which
 * holds at least n / 4 * 3 bytes. Returns the decoded length, or -1. */
static long b64_decode(const char *s, size_t n, unsigned char *out)
{
    if (n == 0 || n % 4 != 0)
        return -1;
    size_t pad = (s[n - 1] == '=') + (s[n - 1] == '=' && s[n - 2] == '=');
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        uint32_t acc = 0;
        for (size_t j = 0; j < 4; j++) {
            int v = b64_value((unsigned char)s[i + j]);
            if (v < 0) {
                if (s[i + j] != '=' || i + 4 != n || j < 4 - pad)
                    return -1;
                v = 0;
            }
            acc = acc << 6 | (uint32_t)v;
        }
        out[o++] = (unsigned char)(acc >> 16);
        out[o++] = (unsigned char)(acc >> 8);
        out[o++] = (unsigned char)acc;
    }
    return (long)(o - pad);
}

/* One line of a PEM body: a header (RFC 1421 "Name: value") or base64.
 * Blanks, quotes and the escapes \r \t are skipped and \/ is '/', so a key
 * pasted into a JSON or C string reads like the original. Returns 0 on a
 * byte no PEM body holds. */
static int body_line(const unsigned char *s, size_t n, char *b64, size_t *nb64, int *encrypted)
{
    if (memchr(s, ':', n)) {
        static const char proc[] = "Proc-Type:";
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '"'))
            k++;
        if (n - k >= sizeof proc - 1 && memcmp(s + k, proc, sizeof proc - 1) == 0 &&
            memmem(s + k, n - k, "ENCRYPTED", 9))
            *encrypted = 1;
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (b64_value(c) >= 0 || c == '=') {
            b64[(*nb64)++] = (char)c;
        } else if (c == '\\' && i + 1 < n && (s[i + 1] == 'r' || s[i + 1] == 't')) {
            i++;
        } else if (c == '\\' && i + 1 < n && s[i + 1] == '/') {
            b64[(*nb64)++] = '/';
            i++;
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '"') {
            return 0;
        }
    }
    return 1;
}

/* Decode a PEM body (s, n bytes) into a new buffer; lines end at a newline
 * or at an escaped "\n". Returns NULL if it is not base64, and sets
 * *encrypted on a "Proc-Type: 4,ENCRYPTED" header. */
static unsigned char *body_decode(const unsigned char *s, size_t n, size_t *outlen, int *encrypted)
{
    char *b64 = xmalloc(n + 1);     /* never more characters than the body */
    unsigned char *der = NULL;
    size_t nb64 = 0, ls = 0;
    *encrypted = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t sep = 0;
        if (i == n || s[i] == '\n')
            sep = 1;
        else if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'n')
            sep = 2;
        if (!sep)
            continue;
        if (!body_line(s + ls, i - ls, b64, &nb64, encrypted))
            goto out;
        i += sep - 1;
        ls = i + 1;
    }
    der = xmalloc(nb64 / 4 * 3 + 1);
    long len = b64_decode(b64, nb64, der);
    if (len <= 0) {
        free(der);
        der = NULL;
        goto out;
    }
    *outlen = (size_t)len;
out:
    free(b64);
    return der;
}

static const struct pem_label *find_label(const char *label)
{
    for (size_t i = 0; i < sizeof pem_labels / sizeof pem_labels[0]; i++)
        if (strcmp(pem_labels[i].label, label) == 0)
            return &pem_labels[i];
    return NULL;
}

static int handle_block(const keys_file *kf, const pem_block *b)
{
    const struct pem_label *pl = find_label(b->label);
    if (!pl)
        return FW_OK;
    int is_cert = pl->kind == PEM_CERT || pl->kind == PEM_CERT_TRUSTED;
    if (is_cert ? !kf->st->want_certs : !kf->st->want_keys)
        return FW_OK;

    const unsigned char *d = kf->blob->data;
    size_t len = 0;
    int encrypted = 0, rc = FW_OK;
    unsigned char *der = body_decode(d + b->body, b->body_end - b->body, &len, &encrypted);
    if (!der || encrypted)
        goto out;    /* damaged, or protected by a passphrase: not a finding */

    char excerpt[PEM_BEGIN_LEN + PEM_LABEL_MAX + PEM_DASHES_LEN + 1];
    snprintf(excerpt, sizeof excerpt, "%s%s%s", PEM_BEGIN, b->label, PEM_DASHES);
    found_at at = {
        .offset = b->start,
        .line = kf->text ? fw_line_of(kf->blob, b->start) : 0,
        .excerpt = excerpt,
        .format = pl->format,
    };
    if (is_cert) {
        rc = check_cert_der(kf, der, len, pl->kind == PEM_CERT_TRUSTED, &at);
    } else if (pl->kind == PEM_OPENSSH) {
        rc = check_openssh(kf, der, len, &at);
    } else {
        EVP_PKEY *pkey = decode_private(der, len, pl->structure, pl->keytype);
        if (pkey)
            rc = report_pkey(kf, &at, pkey);
        EVP_PKEY_free(pkey);
    }
out:
    free(der);
    return rc;
}

static int scan_pem(const keys_file *kf)
{
    const unsigned char *d = kf->blob->data;
    size_t n = kf->blob->size, pos = 0;
    unsigned blocks = 0;
    int rc = FW_OK;
    while (rc == FW_OK && pos < n) {
        const unsigned char *p = memmem(d + pos, n - pos, PEM_BEGIN, PEM_BEGIN_LEN);
        if (!p)
            break;
        pem_block b;
        size_t at = (size_t)(p - d);
        if (!parse_block(d, n, at, &b)) {
            pos = at + PEM_BEGIN_LEN;
            continue;
        }
        if (++blocks > FW_MAX_PEM_PER_FILE) {
            fw_check_warn(kf->ctx, kf->node,
                          "more than %d PEM blocks; the rest were not inspected for keys",
                          FW_MAX_PEM_PER_FILE);
            break;
        }
        rc = handle_block(kf, &b);
        pos = b.end;
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

static int scan_der(const keys_file *kf)
{
    const unsigned char *d = kf->blob->data;
    size_t n = kf->blob->size;
    found_at at = { .offset = 0, .line = 0, .excerpt = NULL, .format = "der" };
    int rc = FW_OK;

    if (kf->st->want_certs) {
        const unsigned char *p = d;
        X509 *x = d2i_X509(NULL, &p, (long)n);
        if (x) {
            rc = judge_cert(kf, x, &at);
            X509_free(x);
            return rc;
        }
        ERR_clear_error();
    }
    if (!kf->st->want_keys)
        return FW_OK;
    EVP_PKEY *pkey = decode_private(d, n, "PrivateKeyInfo", NULL);
    if (!pkey)
        pkey = decode_private(d, n, "type-specific", NULL);
    if (pkey)
        rc = report_pkey(kf, &at, pkey);
    EVP_PKEY_free(pkey);
    return rc;
}

/* ---- the analyzer ------------------------------------------------------ */

static int keys_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    (void)err;
    keys_state *st = xcalloc(1, sizeof *st);
    st->now = time(NULL);
    st->want_keys = fw_check_rule(ctx, CK_PRIVATE) != NULL;
    st->want_certs = fw_check_rule(ctx, CK_EXPIRED) != NULL ||
                     fw_check_rule(ctx, CK_WEAK_KEY) != NULL ||
                     fw_check_rule(ctx, CK_WEAK_SIG) != NULL;
    *state = st;
    return FW_OK;
}

static void keys_fini(void *state)
{
    free(state);
}

static int keys_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node,
                          const fw_blob *blob)
{
    const keys_state *st = state;
    if (!st || (!st->want_keys && !st->want_certs) || blob->size == 0)
        return FW_OK;
    keys_file kf = {
        .ctx = ctx,
        .st = st,
        .node = node,
        .blob = blob,
        .text = fw_blob_is_text(blob),
    };
    int rc = scan_pem(&kf);
    if (rc == FW_OK && der_candidate(node, blob))
        rc = scan_der(&kf);
    return rc;
}

const fw_analyzer fw_analyzer_keys = {
    .name = "keys",
    .checks = keys_checks,
    .init = keys_init,
    .fini = keys_fini,
    .scan_ns = NULL,
    .scan_file = keys_scan_file,
};
