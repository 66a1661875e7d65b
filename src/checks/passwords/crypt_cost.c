/* crypt_cost.c: estimating the work and memory of one crypt(3) attempt per
 * hash scheme (see crypt_cost.h). One md5crypt call is the unit of work. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "checks/passwords/crypt_cost.h"

static const char itoa64[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static int a64(char c)
{
    const char *p = c ? strchr(itoa64, c) : NULL;
    return p ? (int)(p - itoa64) : -1;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

static uint64_t at_least_1(uint64_t v)
{
    return v ? v : 1;
}

/* Decimal digits at s, saturating; NULL if there are none. */
static const char *parse_dec(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        uint64_t d = (uint64_t)(*p - '0');
        v = v > (UINT64_MAX - d) / 10 ? UINT64_MAX : v * 10 + d;
    }
    *out = v;
    return p == s ? NULL : p;
}

/* yescrypt's variable-length little-endian number (its decode64_uint32):
 * the first character says how many follow. NULL if malformed. */
static const char *yes_uint(const char *s, uint32_t min, uint64_t *out)
{
    int c = a64(*s++);
    if (c < 0)
        return NULL;
    uint64_t v = min;
    uint32_t start = 0, end = 47, chars = 1, bits = 0;
    while ((uint32_t)c > end) {
        v += (uint64_t)(end + 1 - start) << bits;
        start = end + 1;
        end = start + (62 - end) / 2;
        chars++;
        bits += 6;
    }
    v += (uint64_t)((uint32_t)c - start) << bits;
    while (--chars) {
        if ((c = a64(*s++)) < 0)
            return NULL;
        bits -= 6;
        v += (uint64_t)c << bits;
    }
    *out = v;
    return s;
}

/* scrypt/yescrypt: time grows with N*r*p, memory is 128*N*r bytes. The unit
 * divisors are measured against md5crypt (yescrypt's default N=4096, r=32
 * costs about 170 md5crypt calls; scrypt's N=16384, r=32 about 1000). */
static void memory_hard_cost(fw_hash_cost *hc, uint64_t n_log2, uint64_t r, uint64_t p,
                             uint64_t t, uint64_t divisor)
{
    if (n_log2 > 63 || r == 0 || p == 0)
        return;
    uint64_t nr = sat_mul((uint64_t)1 << n_log2, r);
    hc->memory = sat_mul(nr, 128);
    hc->units = at_least_1(sat_mul(sat_mul(nr, p), t + 1) / divisor);
    hc->known = 1;
}

/* "$y$" / "$gy$" + flavor, N_log2, r [, have, p, t] "$". Exotic options
 * (hash upgrades, ROM) are not estimated. */
static void yescrypt_cost(fw_hash_cost *hc, const char *params)
{
    uint64_t flavor, n_log2, r, have = 0, p = 1, t = 0;
    const char *s = params;
    if (!(s = yes_uint(s, 0, &flavor)) || !(s = yes_uint(s, 1, &n_log2)) ||
        !(s = yes_uint(s, 1, &r)))
        return;
    if (*s != '$') {
        if (!(s = yes_uint(s, 1, &have)) || (have & ~(uint64_t)3))
            return;
        if ((have & 1) && !(s = yes_uint(s, 2, &p)))
            return;
        if ((have & 2) && !(s = yes_uint(s, 1, &t)))
            return;
    }
    memory_hard_cost(hc, n_log2, r, p, t, 768);
}

/* "$7$" + N_log2 (1 char) + r (5 chars) + p (5 chars), 30-bit little-endian. */
static void scrypt_cost(fw_hash_cost *hc, const char *params)
{
    uint64_t v[2] = { 0, 0 };
    int n_log2 = a64(params[0]);
    if (n_log2 < 0)
        return;
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 5; i++) {
            int c = a64(params[1 + k * 5 + i]);
            if (c < 0)
                return;
            v[k] |= (uint64_t)c << (6 * i);
        }
    }
    memory_hard_cost(hc, (uint64_t)n_log2, v[0], v[1], 0, 512);
}

/* "$5$" / "$6$" [rounds=N$]: libxcrypt clamps N to [1000, 999999999];
 * 5000 rounds (the default) cost about 14 md5crypt calls. */
static void shacrypt_cost(fw_hash_cost *hc, const char *params)
{
    uint64_t rounds = 5000;
    if (strncmp(params, "rounds=", 7) == 0 && !parse_dec(params + 7, &rounds))
        return;
    if (rounds < 1000)
        rounds = 1000;
    if (rounds > 999999999)
        rounds = 999999999;
    hc->units = at_least_1(rounds / 350);
    hc->known = 1;
}

/* "$2b$NN$": 2^NN Blowfish key setups; cost 5 is about 16 md5crypt calls. */
static void bcrypt_cost(fw_hash_cost *hc, const char *params)
{
    if (params[0] < '0' || params[0] > '9' || params[1] < '0' || params[1] > '9' ||
        params[2] != '$')
        return;
    unsigned cost = (unsigned)(params[0] - '0') * 10 + (unsigned)(params[1] - '0');
    if (cost > 31)
        return;
    hc->units = at_least_1(((uint64_t)1 << cost) / 2);
    hc->known = 1;
}

/* "_" + 24-bit iteration count (4 chars) + salt: 725 iterations (the usual)
 * cost about one md5crypt call. */
static void bsdicrypt_cost(fw_hash_cost *hc, const char *params)
{
    uint64_t count = 0;
    for (int i = 0; i < 4; i++) {
        int c = a64(params[i]);
        if (c < 0)
            return;
        count |= (uint64_t)c << (6 * i);
    }
    hc->units = at_least_1(count / 725);
    hc->known = 1;
}

/* "$sha1$N$": N HMAC-SHA1 iterations, about 150 per md5crypt call. */
static void sha1crypt_cost(fw_hash_cost *hc, const char *params)
{
    uint64_t rounds;
    if (!parse_dec(params, &rounds))
        return;
    hc->units = at_least_1(rounds / 150);
    hc->known = 1;
}

/* "$md5$" or "$md5,rounds=N$": 4096 + N rounds, about 80 per md5crypt call. */
static void sunmd5_cost(fw_hash_cost *hc, const char *params)
{
    uint64_t rounds = 0;
    if (strncmp(params, ",rounds=", 8) == 0 && !parse_dec(params + 8, &rounds))
        return;
    uint64_t total = rounds > UINT64_MAX - 4096 ? UINT64_MAX : rounds + 4096;
    hc->units = at_least_1(total / 80);
    hc->known = 1;
}

static void fixed_cost(fw_hash_cost *hc, const char *params)
{
    (void)params;
    hc->units = 1;
    hc->known = 1;
}

static const struct hash_scheme {
    const char *prefix;
    const char *type;
    void (*cost)(fw_hash_cost *hc, const char *params);
} schemes[] = {
    { "$y$", "yescrypt", yescrypt_cost },
    { "$gy$", "gost-yescrypt", yescrypt_cost },
    { "$7$", "scrypt", scrypt_cost },
    { "$6$", "sha512crypt", shacrypt_cost },
    { "$5$", "sha256crypt", shacrypt_cost },
    { "$2b$", "bcrypt", bcrypt_cost },
    { "$2a$", "bcrypt", bcrypt_cost },
    { "$2y$", "bcrypt", bcrypt_cost },
    { "$2x$", "bcrypt", bcrypt_cost },
    { "$1$", "md5crypt", fixed_cost },
    { "$sha1$", "sha1crypt", sha1crypt_cost },
    { "$md5", "sunmd5", sunmd5_cost },
    { "$3$", "nthash", fixed_cost },
    { "_", "bsdicrypt", bsdicrypt_cost },
};

/* n characters of the crypt alphabet, and nothing more. */
static int all_a64(const char *h, size_t n)
{
    if (strlen(h) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (a64(h[i]) < 0)
            return 0;
    return 1;
}

/* Traditional DES: 13 characters of the crypt alphabet. */
static int is_descrypt(const char *h)
{
    return all_a64(h, 13);
}

/* Could crypt() ever return exactly h? DES and BSDi hashes have a fixed
 * length; "$id$" hashes are left to crypt(3). This keeps a 2-character
 * field ("NP", which crypt_checksalt takes for a DES salt) from counting as
 * a usable password. */
int fw_hash_shaped(const char *h)
{
    return h[0] == '$' || is_descrypt(h) || (h[0] == '_' && all_a64(h + 1, 19));
}

fw_hash_cost fw_hash_cost_of(const char *h)
{
    fw_hash_cost hc = { .type = "unknown" };
    if (is_descrypt(h)) {
        hc.type = "descrypt";
        fixed_cost(&hc, h);
        return hc;
    }
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        size_t n = strlen(schemes[i].prefix);
        if (strncmp(h, schemes[i].prefix, n) == 0) {
            hc.type = schemes[i].type;
            schemes[i].cost(&hc, h + n);
            break;
        }
    }
    return hc;
}

