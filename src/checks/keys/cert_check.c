/* cert_check.c: X.509 certificates: the facts a report shows, and the
 * three certificate checks (expired, weak key, weak signature). Every
 * certificate is also listed in the "keys" inventory, and a CA certificate's
 * public key is remembered for the image-wide ca-private-key check.
 *
 * Certificates are judged on what weakens TLS (MO.6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "checks/keys/keys_int.h"
#include "core/limits.h"
#include "core/xalloc.h"

/* Below these a certificate key is weak (NIST SP 800-131A: 112-bit strength). */
#define MIN_RSA_BITS 2048
#define MIN_EC_BITS  224

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
            out = fw_xstrndup(data, (size_t)n < FW_EXCERPT_MAX ? (size_t)n : FW_EXCERPT_MAX);
    }
    BIO_free(bio);
    ERR_clear_error();
    return out ? out : fw_xstrdup("");
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
    cf->key_type = pkey ? fw_keys_type_name(pkey) : "unknown";
    cf->bits = pkey ? EVP_PKEY_get_bits(pkey) : 0;
    if (X509_digest(x, EVP_sha256(), md, &mdlen) && mdlen * 2 <= FW_SHA256_HEX_LEN)
        fw_keys_hex(md, mdlen, cf->sha256);
    ERR_clear_error();
}

static void cert_facts_free(cert_facts *cf)
{
    free(cf->subject);
    free(cf->issuer);
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

/* Gather the certificate's facts and what is wrong with it; the findings
 * are made in finish() (fw_cert_emit), once it is known whether the
 * certificate belongs to a trust store or is a library's test certificate. */
int fw_cert_judge(const fw_keys_file *kf, X509 *x, const fw_found_at *at)
{
    cert_facts cf;
    cert_facts_get(x, &cf);
    /* the inventory, and CA keys for the image-wide check: a private key
     * whose public half is a CA's signs anything every device trusts */
    char spki[FW_SHA256_HEX_LEN + 1] = "";
    EVP_PKEY *pub = X509_get0_pubkey(x);   /* borrowed */
    if (!pub || !fw_keys_spki_sha256(pub, spki))
        spki[0] = '\0';
    /* A CA for sure: basicConstraints CA:TRUE, and keyUsage allowing
     * keyCertSign, or issued by another CA. A self-signed CA:TRUE
     * certificate without keyUsage is what `openssl req -x509` makes of
     * every self-signed server certificate: it counts as a CA only if it
     * issued another certificate in the image (keys_image.c decides). */
    uint32_t xf = X509_get_extension_flags(x);
    int ca = (xf & EXFLAG_CA) != 0;
    int ca_sure = ca && ((xf & EXFLAG_KUSAGE) ? (X509_get_key_usage(x) & KU_KEY_CERT_SIGN) != 0
                                              : !(xf & EXFLAG_SS));
    fw_keys_cert_info ci = {
        .subject = cf.subject, .issuer = cf.issuer, .not_after = cf.not_after,
        .key_type = cf.key_type, .bits = cf.bits, .spki_hex = spki, .ca = ca,
        .ca_sure = ca_sure, .self_signed = (xf & EXFLAG_SS) != 0, .sig_alg = cf.sig_alg,
        .sha256 = cf.sha256,
        .expired = ASN1_TIME_cmp_time_t(X509_get0_notAfter(x), fw_keys_now(kf->st)) == -1,
        .weak_key = weak_key_reason(x),
        .weak_sig = weak_signature(x),
    };
    fw_keys_found_cert(kf, at, &ci);
    cert_facts_free(&cf);
    ERR_clear_error();
    return FW_OK;
}

int fw_cert_emit(fw_check_ctx *ctx, fw_keys_state *st, const fw_keys_obj *o)
{
    fw_detail_set ds = {0};
    fw_keys_det_add(&ds, "subject", o->subject);
    fw_keys_det_add(&ds, "issuer", o->issuer);
    fw_keys_det_add(&ds, "not_after", o->not_after);
    fw_keys_det_add(&ds, "sig_alg", o->sig_alg);
    fw_keys_det_add(&ds, "key_type", o->type);
    if (o->bits > 0)
        fw_keys_det_add_int(&ds, "bits", o->bits);
    fw_keys_det_add(&ds, "sha256", o->sha256);
    fw_keys_det_add(&ds, "format", o->format);
    fw_keys_det_add(&ds, "used_by", fw_keys_used_by(st, o->node));
    fw_keys_file kf = { .ctx = ctx, .st = st, .node = o->node };
    fw_found_at at = { .offset = o->offset, .line = o->line, .excerpt = o->excerpt,
                       .format = o->format };
    const char *who = o->subject && *o->subject ? o->subject : "(empty subject)";
    char *msg = NULL;
    int rc = FW_OK;

    if (o->expired) {
        msg = fw_xasprintf("Certificate \"%s\" expired on %s", who, o->not_after);
        FW_CHECK(fw_keys_emit(&kf, CK_EXPIRED, &at, msg, o->sha256, &ds));
        free(msg);
        msg = NULL;
    }
    if (o->weak_key) {
        msg = o->bits > 0
            ? fw_xasprintf("Certificate \"%s\" has a weak key: %s (%d bits)", who, o->weak_key,
                           o->bits)
            : fw_xasprintf("Certificate \"%s\" has a weak key: %s", who, o->weak_key);
        FW_CHECK(fw_keys_emit(&kf, CK_WEAK_KEY, &at, msg, o->sha256, &ds));
        free(msg);
        msg = NULL;
    }
    if (o->weak_sig) {
        msg = fw_xasprintf("Certificate \"%s\" is signed with %s", who, o->sig_alg);
        FW_CHECK(fw_keys_emit(&kf, CK_WEAK_SIG, &at, msg, o->sha256, &ds));
    }
out:
    free(msg);
    fw_keys_det_release(&ds);
    return rc;
}

/* A DER certificate; trusted = OpenSSL's "TRUSTED CERTIFICATE" (X509_AUX). */
int fw_cert_check_der(const fw_keys_file *kf, const unsigned char *der, size_t len,
                   int trusted, const fw_found_at *at)
{
    const unsigned char *p = der;
    X509 *x = trusted ? d2i_X509_AUX(NULL, &p, (long)len) : d2i_X509(NULL, &p, (long)len);
    if (!x) {
        ERR_clear_error();
        return FW_OK;    /* not a certificate: nothing to judge */
    }
    int rc = fw_cert_judge(kf, x, at);
    X509_free(x);
    return rc;
}
