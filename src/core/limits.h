/* limits.h: every bound fwaudit applies to hostile input, named, in one place.
 *
 * Firmware is attacker data. Each loop over image content, each recursion and
 * each allocation sized by image content is capped by one of these. The
 * defaults live here; a scan may lower or raise the run-time ones through
 * fw_limits (see fw_limits_default()). Documented in doc/architecture.md. */
#ifndef FW_CORE_LIMITS_H
#define FW_CORE_LIMITS_H

#include <stdint.h>
#include <stddef.h>

/* Containers nested inside containers (tar.gz in a tar in a cpio ...). */
#define FW_DEFAULT_MAX_DEPTH          8
/* Entries (files, dirs, links) read from all containers of one scan. */
#define FW_DEFAULT_MAX_ENTRIES        1000000ULL
/* Bytes of one decompressed entry held in memory. */
#define FW_DEFAULT_MAX_ENTRY_SIZE     (512ULL << 20)
/* Bytes held in memory for the whole scan (all entries of all containers). */
#define FW_DEFAULT_MAX_TOTAL_BYTES    (2048ULL << 20)
/* Decompressed bytes per compressed byte of one container; a container may
 * always expand to FW_RATIO_FLOOR_BYTES whatever its ratio. */
#define FW_DEFAULT_MAX_RATIO          200
#define FW_RATIO_FLOOR_BYTES          (4ULL << 20)

/* Symlinks followed when resolving one path inside an image. */
#define FW_MAX_SYMLINK_HOPS           40
/* Length of a path inside an image, and of one component. */
#define FW_MAX_PATH_LEN               4096
/* Directory levels walked in a directory input. */
#define FW_MAX_DIR_DEPTH              128

/* Rule files: size of one file, length of one line, rules per set,
 * test cases per rule, globs per rule, include-directories. */
#define FW_MAX_RULE_FILE_SIZE         (4U << 20)
#define FW_MAX_RULE_LINE              8192
#define FW_MAX_RULES                  10000
#define FW_MAX_RULE_TESTS             64
#define FW_MAX_RULE_GLOBS             64
#define FW_MAX_RULE_DIRS              32
/* Requirement IDs one rule may name. */
#define FW_MAX_RULE_REQUIRES          16
/* Size of a data file a rule points at (password lists ...). */
#define FW_MAX_DATA_FILE_SIZE         (8U << 20)

/* Findings one rule may report in one file, and in one scan; past that the
 * report says how many were dropped. */
#define FW_MAX_FINDINGS_PER_FILE_RULE 50
#define FW_MAX_FINDINGS               100000
/* Rows of one report inventory, and positive evidence items kept. */
#define FW_MAX_INVENTORY_ROWS         100000
#define FW_MAX_EVIDENCE               10000

/* Unpack errors kept in the report; past that only counted. */
#define FW_MAX_ERRORS_KEPT            1000

/* Bytes of evidence shown around a match, and of a secret shown in clear. */
#define FW_EXCERPT_MAX                160
#define FW_SECRET_SHOWN               4

/* PCRE2 match limits per pattern run: bound backtracking on hostile data. */
#define FW_PCRE2_MATCH_LIMIT          10000000U
#define FW_PCRE2_DEPTH_LIMIT          100000U

/* Accounts: lines of one passwd/shadow file read; crypt() attempts per hash. */
#define FW_MAX_ACCOUNT_LINES          10000
#define FW_MAX_WORDLIST_ENTRIES       10000
/* Accounts: crypt() work, in units of one md5crypt ("$1$") call; a hash's
 * cost per attempt is estimated from its parameters (rounds, bcrypt cost,
 * scrypt/yescrypt N*r*p), so "$6$rounds=999999999$" cannot stall a scan.
 * Per hash, per scan, and memory of one scrypt/yescrypt attempt. Words left
 * untried are reported (the scan is then incomplete). */
#define FW_MAX_CRYPT_WORK_PER_HASH    50000
#define FW_MAX_CRYPT_WORK_PER_SCAN    1000000
#define FW_MAX_CRYPT_MEMORY           (256ULL << 20)

/* Keys: PEM blocks inspected per file, and size of one PEM/DER object. */
#define FW_MAX_PEM_PER_FILE           4096
#define FW_MAX_KEY_OBJECT_SIZE        (64U << 10)

/* Run-time limits of one scan (defaults above, set per scan). */
typedef struct fw_limits {
    unsigned max_depth;
    uint64_t max_entries;
    uint64_t max_entry_size;
    uint64_t max_total_bytes;
    unsigned max_ratio;
} fw_limits;

void fw_limits_default(fw_limits *l);

#endif
