/* digest.h: SHA-256 via OpenSSL EVP. */
#ifndef FW_CORE_DIGEST_H
#define FW_CORE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define FW_SHA256_HEX_LEN 64

typedef struct fw_sha256 fw_sha256;
fw_sha256 *fw_sha256_new(void);
void fw_sha256_update(fw_sha256 *h, const void *data, size_t n);
/* Writes 64 hex digits and a NUL to hex[65]; frees h. */
void fw_sha256_final_hex(fw_sha256 **h, char hex[FW_SHA256_HEX_LEN + 1]);
/* One-shot. */
void fw_sha256_hex(const void *data, size_t n, char hex[FW_SHA256_HEX_LEN + 1]);

#endif
