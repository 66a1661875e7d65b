/* crypt_cost.h: what one crypt(3) attempt on a password hash costs, read
 * from the hash's own parameters (rounds, memory), so a hostile
 * "$6$rounds=999999999$" or a 1 GiB yescrypt setting is refused before it
 * stalls a scan. Used by the default-password cracker (cracker.h). */
#ifndef FW_CHECKS_PASSWORDS_CRYPT_COST_H
#define FW_CHECKS_PASSWORDS_CRYPT_COST_H

#include <stdint.h>

/* What one crypt() attempt on a hash costs. */
typedef struct fw_hash_cost {
    const char *type;   /* crypt(5) name: "md5crypt", "sha512crypt", ... */
    uint64_t units;     /* work of one attempt; one md5crypt call = 1 */
    uint64_t memory;    /* bytes one attempt allocates (scrypt, yescrypt) */
    int known;          /* 0: parameters we cannot estimate */
} fw_hash_cost;

/* The cost of hash h; .known = 0 when its parameters cannot be read. */
fw_hash_cost fw_hash_cost_of(const char *h);

/* Could crypt() ever return exactly h? DES and BSDi hashes have a fixed
 * length; "$id$" hashes are left to crypt(3). */
int fw_hash_shaped(const char *h);

#endif
