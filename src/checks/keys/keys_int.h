/* keys_int.h: private interface of the "keys" analyzer's files.
 *
 *   pem.c          finds PEM blocks in any bytes and decodes their bodies
 *   openssh_key.c  OpenSSH private keys (openssh-key-v1) and dropbear's own
 *                  host key format, both SSH wire data, read bounded
 *   cert_check.c   X.509 certificates: facts and the three certificate checks
 *   key_roles.c    where a key serves: SSH host key paths, the TLS servers'
 *                  configurations that name their keys
 *   keys_image.c   the whole-image checks (a key in several files, a CA's key)
 *   trust_store.c  CA bundles and certificate directories: one fact per store
 *   key_context.c  what a file is (a crypto library, documentation), whether
 *                  the device names it, host keys made at first boot
 *   keys.c         the analyzer: what each file holds, the findings of one
 *                  key, the "keys" inventory, the scan's state
 *
 * Ownership: everything a fw_keys_file points to is borrowed for one file's
 * scan; a fw_pem_block holds offsets into the blob, never copies. */
#ifndef FW_CHECKS_KEYS_KEYS_INT_H
#define FW_CHECKS_KEYS_KEYS_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "engine/analyzer.h"
#include "core/digest.h"

#define CK_PRIVATE    "unencrypted-private-key"
#define CK_EXPIRED    "certificate-expired"
#define CK_WEAK_KEY   "certificate-weak-key"
#define CK_WEAK_SIG   "certificate-weak-signature"
#define CK_SHARED     "private-key-in-several-files"
#define CK_CA_KEY     "ca-private-key"
#define CK_HOST_KEY   "ssh-host-key"
#define CK_TLS_KEY    "tls-server-key"
#define CK_STORE      "ca-bundle-stale"

typedef struct fw_keys_state fw_keys_state;   /* below */

/* The file being scanned. */
typedef struct fw_keys_file {
    fw_check_ctx *ctx;
    fw_keys_state *st;
    const fw_node *node;
    const fw_blob *blob;
    int text;
    int host_key;     /* its path is an SSH server's host key */
    int tls_key;      /* a TLS server is configured to use it, or it lives
                         where TLS server keys live (/etc/ssl/private) */
    const char *role; /* what the file is, when that makes its keys published
                         material: "library test key", "documentation
                         example" (key_context.c); NULL = a device file */
    int lib_ident;    /* a binary carrying a crypto library's identity strings:
                         its test-subject certificates and their keys are the
                         library's test vectors */
} fw_keys_file;

/* Where an object was found and how it was stored. */
typedef struct fw_found_at {
    uint64_t offset;
    uint64_t line;        /* 0 in binaries and DER files */
    const char *excerpt;  /* the BEGIN line, or NULL (never key material) */
    const char *format;   /* "pem-pkcs1", "pem-pkcs8", "openssh", "der", ... */
} fw_found_at;

/* ---- details: owned copies, borrowed by fw_hit (keys.c) ---------------- */

#define KEYS_MAX_DETAILS 12

typedef struct fw_detail_set {
    fw_detail d[KEYS_MAX_DETAILS];
    size_t n;
} fw_detail_set;

void fw_keys_det_add(fw_detail_set *ds, const char *key, const char *value);
void fw_keys_det_add_int(fw_detail_set *ds, const char *key, int value);
void fw_keys_det_release(fw_detail_set *ds);
int fw_keys_emit(const fw_keys_file *kf, const char *check, const fw_found_at *at,
              const char *message, const char *identity, const fw_detail_set *ds);

/* ---- key facts (keys.c) ------------------------------------------------ */

const char *fw_keys_type_name(const EVP_PKEY *pkey);
/* SHA-256 of the DER SubjectPublicKeyInfo; 1 with hex filled. */
int fw_keys_spki_sha256(EVP_PKEY *pkey, char hex[FW_SHA256_HEX_LEN + 1]);
void fw_keys_hex(const unsigned char *in, size_t n, char *out);

/* What a file holds, reported by the format readers: */
/* an unencrypted private key (a finding, the inventory, the image checks) */
int fw_keys_found_private(const fw_keys_file *kf, const fw_found_at *at, EVP_PKEY *pkey);
/* the same for a key type OpenSSL cannot hold, identified by a hash of
 * another public form (hash_key names it: "ssh_public_key_sha256") */
int fw_keys_found_private_raw(const fw_keys_file *kf, const fw_found_at *at, const char *key_type,
                           const char *hash_key, const char *hash);
/* Both end here (keys_report.c): the key is recorded, judged in finish(). */
int fw_keys_add_private(const fw_keys_file *kf, const fw_found_at *at, const char *key_type,
                        int bits, const char *curve, const char *hash_key, const char *hash);
/* an encrypted private key or a public key: inventory only. pkey may be
 * NULL (type unknown: encrypted PKCS#8, legacy encrypted PEM). */
void fw_keys_found_other(const fw_keys_file *kf, const fw_found_at *at, const char *kind,
                      EVP_PKEY *pkey, const char *type_if_no_pkey, int encrypted);
/* a certificate (cert_check.c calls it) */
typedef struct fw_keys_cert_info {
    const char *subject, *issuer, *not_after, *key_type;
    int bits;
    const char *spki_hex;   /* "" when unknown */
    int ca;                 /* basicConstraints CA:TRUE */
    int ca_sure;            /* ... and keyUsage keyCertSign, or issued by another */
    int self_signed;
    const char *sig_alg;    /* static */
    const char *sha256;     /* of the certificate */
    int expired;
    const char *weak_key;   /* why the key is weak, static, or NULL */
    int weak_sig;
} fw_keys_cert_info;
void fw_keys_found_cert(const fw_keys_file *kf, const fw_found_at *at, const fw_keys_cert_info *ci);
time_t fw_keys_now(const fw_keys_state *st);

/* ---- the scan's state (keys.c owns it) ---------------------------------- */

/* Every key and certificate found, in scan order. What it means is decided
 * in finish(), once the whole image was seen: whether a certificate belongs to
 * a trust store, whether a key is a library's test vector the device never
 * uses, which one rule a key's finding goes to. The inventory rows and the
 * findings are made from these records then. */
typedef enum fw_obj_what { OBJ_PRIVATE, OBJ_OTHER, OBJ_CERT } fw_obj_what;

typedef struct fw_keys_obj {
    const fw_node *node;
    uint64_t offset, line;
    char *excerpt;            /* owned; the BEGIN line or NULL */
    char format[24];
    fw_obj_what what;
    const char *kind;         /* inventory kind, static */
    char type[48];
    int bits;
    char hash[FW_SHA256_HEX_LEN + 1];   /* public key hash, "" when unknown */
    int spki;                 /* hash is public_key_sha256 (else an SSH blob's) */
    const char *encrypted;    /* "yes", "no", "-" */
    /* private keys */
    char curve[64];
    int host_key, tls_key;
    /* certificates */
    char *subject, *issuer;
    char not_after[32];
    const char *sig_alg;      /* static */
    char sha256[FW_SHA256_HEX_LEN + 1];
    int ca, self_signed;
    int expired;
    const char *weak_key;     /* reason, static, or NULL */
    int weak_sig;
    /* decided by the file's context and in finish() */
    const char *role;         /* NULL = judged like any device key/certificate */
    int test_subject;         /* subject/issuer of a library's test certificates */
    size_t store;             /* 1 + index into st->stores; 0 = none */
    int chain_file;           /* its file also holds a non-CA certificate: a
                                 server's chain, never part of a store */
    int judged_key;           /* a private key whose findings are reported */
} fw_keys_obj;

/* A trust store: a bundle file or a directory of CA certificates. */
typedef struct fw_trust_store {
    const fw_ns *ns;
    const fw_node *node;      /* the bundle file, or the first member (directory) */
    char *path;               /* the file or directory, as the image stores it */
    int is_dir;
    char why[160];            /* how it was recognised */
    int certs, expired, weak_key, weak_sig;
} fw_trust_store;

/* A file or directory a TLS client's configuration names as its CA store. */
typedef struct fw_ca_ref {
    const fw_ns *ns;
    char *path;               /* resolved node path */
    int is_dir;
    char *config;             /* "/etc/wgetrc:3" */
} fw_ca_ref;

/* A path of documentation/example key material, and who names it. */
typedef struct fw_use_ref {
    const fw_node *node;
    char *used_by;            /* "/etc/init.d/vpn:4", or NULL */
} fw_use_ref;

/* A private key seen, for the image-wide checks. */
typedef struct fw_key_rec {
    const fw_node *node;
    uint64_t offset, line;
    char hash[FW_SHA256_HEX_LEN + 1];
    int spki;             /* hash is public_key_sha256 (else an SSH blob's) */
    char type[48];
    int bits;
    char format[24];
    size_t obj;           /* index into st->objs */
} fw_key_rec;

/* A CA certificate seen. */
typedef struct fw_ca_rec {
    const fw_node *node;
    char spki[FW_SHA256_HEX_LEN + 1];
    char *subject;
    int sure;             /* keyUsage keyCertSign, or issued by another CA */
} fw_ca_rec;

/* A key file a TLS server's configuration names. */
typedef struct fw_tls_ref {
    const fw_node *key;   /* the resolved key file */
    char *config;         /* "/etc/config/uhttpd:12" */
    const char *server;   /* "uhttpd" */
} fw_tls_ref;

struct fw_keys_state {
    time_t now;           /* one instant for the whole scan: every certificate
                             is judged against the same clock */
    fw_key_rec *keys;
    size_t n_keys, cap_keys;
    fw_ca_rec *cas;
    size_t n_cas, cap_cas;
    fw_tls_ref *tls;
    size_t n_tls, cap_tls;
    char **issuers;       /* issuer names of certificates not self-signed */
    size_t n_issuers, cap_issuers;
    fw_keys_obj *objs;
    size_t n_objs, cap_objs;
    fw_trust_store *stores;
    size_t n_stores, cap_stores;
    fw_ca_ref *ca_refs;
    size_t n_ca_refs, cap_ca_refs;
    fw_use_ref *uses;     /* documentation/example key files to look for */
    size_t n_uses, cap_uses;
    char *keygen_dropbear;   /* "file:line" of an init script making dropbear keys */
    char *keygen_openssh;    /* ... OpenSSH host keys */
    int warned_limit, warned_objs;
};

/* Roles of keys and certificates that are not the device's own secrets. */
#define FW_ROLE_LIB       "library test key"
#define FW_ROLE_DOC       "documentation example"
#define FW_ROLE_FIRSTBOOT "generated at first boot"

/* ---- reporting (keys_report.c) ------------------------------------------ */

/* The "keys" inventory, present even when empty. */
void fw_keys_inventory_init(fw_check_ctx *ctx);
void fw_keys_objs_release(fw_keys_state *st);
/* finish(): roles, trust stores, inventory rows, then the findings. */
int fw_keys_report_all(fw_check_ctx *ctx, fw_keys_state *st);

/* ---- where keys serve (key_roles.c) ------------------------------------ */

/* Is sys (a path as the device sees it) an SSH host key? *dropbear set for
 * dropbear's own format. */
int fw_keys_host_key_path(const char *sys, int *dropbear);
/* Is it where TLS server keys live (/etc/ssl/private, /etc/uhttpd.key)? */
int fw_keys_tls_key_path(const char *sys);
/* Read the TLS servers' configurations of ns: which key files they use. */
int fw_keys_read_tls_configs(fw_check_ctx *ctx, fw_keys_state *st, const fw_ns *ns);
/* The configuration that names node as a TLS server's key, or NULL. */
const fw_tls_ref *fw_keys_tls_ref(const fw_keys_state *st, const fw_node *node);

/* ---- whole-image checks, run once all files were seen (keys_image.c) ---- */

int fw_keys_check_shared(fw_check_ctx *ctx, fw_keys_state *st);
/* The CA certificate whose private key k is, with how it matched; NULL. */
const fw_ca_rec *fw_keys_ca_of(const fw_keys_state *st, const fw_node *node, const char *hash,
                               int spki, const char **how);
void fw_keys_confirm_cas(fw_keys_state *st);

/* ---- trust stores (trust_store.c) -------------------------------------- */

/* A TLS client configuration line naming a CA file or directory (scan_file
 * of a text file under /etc, or a .curlrc/.wgetrc). */
void fw_keys_read_ca_refs(fw_check_ctx *ctx, fw_keys_state *st, const fw_node *node,
                          const fw_blob *blob);
/* Which certificates form trust stores (sets obj->store), then the
 * "trust-stores" inventory and one ca-bundle-stale finding per stale store. */
int fw_keys_trust_stores(fw_check_ctx *ctx, fw_keys_state *st);

/* ---- what a file is (key_context.c) ------------------------------------ */

/* The role its path or name gives a file's keys ("library test key",
 * "documentation example"), or NULL. */
const char *fw_keys_path_role(const char *sys);
/* Does a binary carry a crypto library's identity strings? */
int fw_keys_lib_ident(const fw_blob *blob);
/* Is subject (or issuer) one of a crypto library's test certificates? */
int fw_keys_test_subject(const char *name);
/* Before a namespace's files: its documentation/example key files, to look
 * for their paths in the other files. */
void fw_keys_collect_uses(fw_keys_state *st, const fw_ns *ns);
/* Every file: does it name one of those paths? Is it an init script that
 * makes host keys at first boot? */
void fw_keys_scan_uses(fw_keys_state *st, const fw_node *node, const fw_blob *blob, int text);
/* Who names node (file:line), or NULL. */
const char *fw_keys_used_by(const fw_keys_state *st, const fw_node *node);
/* Was node looked for (not past FW_MAX_KEYS_USE_PATHS)? */
int fw_keys_use_checked(const fw_keys_state *st, const fw_node *node);
/* Is node where a writable data partition keeps its files (a jffs2, ubifs
 * or yaffs2 namespace, or /overlay, /data)? */
int fw_keys_writable(const fw_node *node);

/* ---- PEM (pem.c) ------------------------------------------------------- */

#define PEM_BEGIN "-----BEGIN "
#define PEM_END   "-----END "
#define PEM_DASHES "-----"
#define PEM_BEGIN_LEN (sizeof PEM_BEGIN - 1)
#define PEM_END_LEN   (sizeof PEM_END - 1)
#define PEM_DASHES_LEN (sizeof PEM_DASHES - 1)
/* Longer than any label of RFC 7468 or OpenSSL ("ENCRYPTED PRIVATE KEY" is
 * 21 bytes); a longer run is not a label. */
#define PEM_LABEL_MAX 40

typedef struct fw_pem_block {
    size_t start;            /* offset of "-----BEGIN " */
    size_t end;              /* just past the END line's closing dashes */
    size_t body, body_end;   /* between the BEGIN line and "-----END " */
    char label[PEM_LABEL_MAX + 1];
} fw_pem_block;

/* The next whole PEM block at or after *pos in d[0..n); 1 with b filled and
 * *pos moved past it, 0 when there is none. Linear in n overall. */
int fw_pem_next(const unsigned char *d, size_t n, size_t *pos, fw_pem_block *b);
/* Decode a block's body (base64, headers, JSON/C escapes) into a new
 * buffer; NULL if it is not base64. *encrypted set on a
 * "Proc-Type: 4,ENCRYPTED" header. */
unsigned char *fw_pem_body_decode(const unsigned char *s, size_t n, size_t *outlen,
                               int *encrypted);

/* ---- SSH formats (openssh_key.c) --------------------------------------- */

/* An "OPENSSH PRIVATE KEY" body (decoded): reports it (unencrypted) or
 * lists it (encrypted). */
int fw_openssh_check(const fw_keys_file *kf, const unsigned char *data, size_t len,
                  const fw_found_at *at);
/* A dropbear host key file (dropbear_rsa_host_key ...): its own format,
 * string key type then the key's integers. Reports it if it is one. */
int fw_dropbear_check(const fw_keys_file *kf, const unsigned char *data, size_t len);

/* ---- certificates (cert_check.c) --------------------------------------- */

/* A DER certificate; trusted = OpenSSL's "TRUSTED CERTIFICATE" (X509_AUX).
 * Judged (expiry, weak key, weak signature) and listed. */
int fw_cert_check_der(const fw_keys_file *kf, const unsigned char *der, size_t len,
                   int trusted, const fw_found_at *at);
int fw_cert_judge(const fw_keys_file *kf, X509 *x, const fw_found_at *at);
/* The certificate findings of a recorded certificate (finish()). */
int fw_cert_emit(fw_check_ctx *ctx, fw_keys_state *st, const fw_keys_obj *o);

#endif
