/* creds.h: what the credential-store analyzers of this family share (UCI
 * passwords, Wi-Fi driver files, web user files, web server binaries): the
 * published-default list their rule names, and one shape of finding. Each
 * finding names the file, the line, the user and whether the password is a
 * published default; the secret is redacted in the excerpt, and shown in
 * clear (matched_password) only when it is a published default, as the
 * accounts analyzer does: the auditor needs it to confirm on a device.
 *
 * Ownership: fw_creds_list_load gives a cracker the caller frees with
 * fw_cracker_free; everything in fw_cred is borrowed. */
#ifndef FW_CHECKS_ACCOUNTS_CREDS_H
#define FW_CHECKS_ACCOUNTS_CREDS_H

#include <stddef.h>
#include <stdint.h>
#include "checks/passwords/cracker.h"
#include "engine/analyzer.h"

/* The default list of the first of checks[] (NULL-terminated) that a rule
 * binds with wordlist=; *out stays NULL when none does. */
int fw_creds_list_load(fw_check_ctx *ctx, const char *const *checks, fw_cracker **out,
                       fw_error *err);

typedef struct fw_cred {
    const fw_node *node;
    uint64_t line;            /* 0: none (a binary) */
    uint64_t offset;          /* of the secret in the file */
    const char *text;         /* the evidence line (or strings), for the excerpt */
    size_t text_len;
    size_t sec_s, sec_e;      /* [s, e) of text hidden in the excerpt */
    const char *user;         /* NULL: the store names none */
    size_t user_len;
    const char *store;        /* "UCI", "Wi-Fi driver file", ... (a detail) */
    const char *encoding;     /* "base64", "hex", or NULL (clear text) */
    const char *password;     /* what the store decodes to */
    size_t pw_len;
    fw_default_match dm;      /* fw_cracker_known of user and password */
} fw_cred;

/* Emit check `check` for c with message and severity (-1: the rule's). */
int fw_cred_emit(fw_check_ctx *ctx, const char *check, const fw_cred *c, const char *message,
                 int severity);

/* Printable ASCII text (blank to '~'), at least min bytes? */
int fw_creds_printable(const unsigned char *s, size_t n, size_t min);

#endif
