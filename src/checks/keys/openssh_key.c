/* openssh_key.c: SSH private key formats, read as bounded SSH wire data.
 *
 * OpenSSH's own format (PROTOCOL.key, "openssh-key-v1", in a PEM-like
 * "OPENSSH PRIVATE KEY" block) and dropbear's host key files
 * (/etc/dropbear/dropbear_*_host_key: a string naming the key type, then
 * the key's numbers; no armour, no encryption). Both are turned into an
 * OpenSSL public key so the key gets the same public_key_sha256 as in any
 * other format. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include "checks/keys/keys_int.h"
#include "core/digest.h"
#include "core/limits.h"

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

int fw_openssh_check(const fw_keys_file *kf, const unsigned char *data, size_t len,
                  const fw_found_at *at)
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
    if (!ssh_is(&cipher, "none")) {
        /* passphrase-protected: not a finding, but listed; its public half
         * is in the clear, so the inventory still names the key */
        ssh_buf rest = pub, type;
        EVP_PKEY *pkey = ssh_string(&rest, &type) ? ssh_pubkey(rest, &type) : NULL;
        fw_keys_found_other(kf, at, "private key", pkey, "unknown", 1);
        EVP_PKEY_free(pkey);
        return FW_OK;
    }
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
        int rc = fw_keys_found_private(kf, at, pkey);
        EVP_PKEY_free(pkey);
        return rc;
    }
    /* A type OpenSSL cannot hold: identify it by its SSH public key blob. */
    char name[48], hex[FW_SHA256_HEX_LEN + 1];
    ssh_type_name(&type, name, sizeof name);
    fw_sha256_hex(pub.p, pub.n, hex);
    return fw_keys_found_private_raw(kf, at, name, "ssh_public_key_sha256", hex);
}

/* ---- dropbear host keys ------------------------------------------------ */

/* dropbear's signkey format (buf_put_priv_key in dropbear's signkey.c):
 *   ssh-rsa              string type, mpint e, n, d (, p, q since 0.33)
 *   ssh-dss              string type, mpint p, q, g, y, x
 *   ecdsa-sha2-nistpNNN  string type, string curve, string Q, mpint d
 *   ssh-ed25519          string type, string (32-byte seed || 32-byte public)
 * The public part reads like an SSH public key blob; the private numbers
 * after it must be there too, or it is a public key (or not dropbear). */
int fw_dropbear_check(const fw_keys_file *kf, const unsigned char *data, size_t len)
{
    ssh_buf b = { data, len }, type;
    fw_found_at at = { .offset = 0, .line = 0, .excerpt = NULL, .format = "dropbear" };
    if (len > FW_MAX_KEY_OBJECT_SIZE || !ssh_string(&b, &type) || type.n == 0 || type.n > 40)
        return FW_OK;
    EVP_PKEY *pkey = NULL;
    ssh_buf s1, s2, s3, s4, s5;
    (void)s4;
    if (ssh_is(&type, "ssh-ed25519")) {
        if (!ssh_string(&b, &s1) || s1.n != 64)
            return FW_OK;
        pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, s1.p + 32, 32);
    } else if (ssh_is(&type, "ssh-rsa")) {
        ssh_buf pub = b;
        /* e, n, d; p and q follow since dropbear 0.33 */
        if (!ssh_string(&b, &s1) || !ssh_string(&b, &s2) || !ssh_string(&b, &s3) || s3.n == 0)
            return FW_OK;
        pkey = ssh_rsa_pkey(&pub);
    } else if (type.n > 11 && memcmp(type.p, "ecdsa-sha2-", 11) == 0) {
        ssh_buf pub = b;
        if (!ssh_string(&b, &s1) || !ssh_string(&b, &s2) || !ssh_string(&b, &s3))
            return FW_OK;
        pkey = ssh_ecdsa_pkey(&pub);
    } else if (ssh_is(&type, "ssh-dss")) {
        if (!ssh_string(&b, &s1) || !ssh_string(&b, &s2) || !ssh_string(&b, &s3) ||
            !ssh_string(&b, &s4) || !ssh_string(&b, &s5))
            return FW_OK;
        /* OpenSSL has no SSH DSA import here: identify it by its public blob */
        char hex[FW_SHA256_HEX_LEN + 1];
        fw_sha256_hex(data, (size_t)(s5.p - data) - 4, hex);
        return fw_keys_found_private_raw(kf, &at, "ssh-dss", "ssh_public_key_sha256", hex);
    } else {
        return FW_OK;
    }
    ERR_clear_error();
    if (!pkey)
        return FW_OK;
    int rc = fw_keys_found_private(kf, &at, pkey);
    EVP_PKEY_free(pkey);
    return rc;
}
