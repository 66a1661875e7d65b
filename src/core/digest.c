/* digest.c: SHA-256 through OpenSSL's EVP interface. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/digest.h"

struct fw_sha256 {
    EVP_MD_CTX *md;
};

fw_sha256 *fw_sha256_new(void)
{
    fw_sha256 *h = malloc(sizeof *h);
    if (!h || !(h->md = EVP_MD_CTX_new()) ||
        EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) != 1) {
        fprintf(stderr, "fwaudit: cannot initialise SHA-256\n");
        exit(3);
    }
    return h;
}

void fw_sha256_update(fw_sha256 *h, const void *data, size_t n)
{
    EVP_DigestUpdate(h->md, data, n);
}

void fw_sha256_final_hex(fw_sha256 **hp, char hex[FW_SHA256_HEX_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex((*hp)->md, md, &len);
    for (unsigned i = 0; i < len && i < 32; i++)
        sprintf(hex + 2 * i, "%02x", md[i]);
    hex[FW_SHA256_HEX_LEN] = '\0';
    EVP_MD_CTX_free((*hp)->md);
    free(*hp);
    *hp = NULL;
}

void fw_sha256_hex(const void *data, size_t n, char hex[FW_SHA256_HEX_LEN + 1])
{
    fw_sha256 *h = fw_sha256_new();
    fw_sha256_update(h, data, n);
    fw_sha256_final_hex(&h, hex);
}
