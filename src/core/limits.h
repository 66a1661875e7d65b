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
/* Pattern-matching threads of one scan (`scan --jobs N`). */
#define FW_MAX_JOBS                   64
/* Rows of one report inventory, and positive evidence items kept. */
#define FW_MAX_INVENTORY_ROWS         100000
#define FW_MAX_EVIDENCE               10000

/* Firmware images (src/input/carve.c): structures recorded per carved blob;
 * levels of carving inside carved payloads (a stream in a uImage in a TRX);
 * compressed-stream candidates per blob that may fail to decode before
 * carving stops trying (each costs a decoder run on hostile bytes). */
#define FW_MAX_CARVE_REGIONS          4096
#define FW_MAX_CARVE_NEST             6
#define FW_MAX_CARVE_FAILED_STREAMS   512
/* Memory an xz/lzma decoder may use on one carved stream. */
#define FW_MAX_DECODER_MEMORY         (256ULL << 20)
/* File-system images (squashfs, ext2/3/4): directory levels walked, entries
 * of one directory, and FIT device-tree nodes / properties visited. */
#define FW_MAX_FS_DIR_DEPTH           128
#define FW_MAX_FS_DIR_ENTRIES         100000
/* Bytes of a file read to decide whether it is a container (archive,
 * file-system image, firmware blob); every probe decides on its header. */
#define FW_SNIFF_HEAD                 (64u << 10)
/* Files of a directory input up to this size are read into memory when a
 * check opens them; larger ones are mapped (tree.c). Below glibc's mmap
 * threshold, so neither read buffers nor mappings need an munmap. */
#define FW_READ_NOT_MAP               (128u << 10)
/* Archive entries of at least FW_ARCHIVE_LAZY_MIN bytes (tar, cpio, ar whose
 * bytes outlive the tree) are read again when a check opens them rather
 * than held, once the tree already holds FW_DEFAULT_LAZY_AFTER_BYTES
 * (fw_limits.lazy_after_bytes): a router image is held whole, so the
 * analyzers' reads by path (boot binaries, in no particular order) cost
 * nothing; only a large tree pays for reading entries again, which in an
 * archive means decompressing from the front when a read goes backwards.
 * Entries passed on the way to a near request are kept in a read-ahead
 * cache of at most FW_ARCHIVE_READAHEAD_BYTES (archive_source.c). */
#define FW_ARCHIVE_LAZY_MIN           (64u << 10)
#define FW_DEFAULT_LAZY_AFTER_BYTES   (64ULL << 20)
#define FW_ARCHIVE_READAHEAD_BYTES    (32u << 20)
#define FW_MAX_FDT_ITEMS              100000
#define FW_MAX_FDT_DEPTH              32
/* JFFS2 nodes kept while replaying one image's log. */
#define FW_MAX_JFFS2_NODES            1000000
/* UBI (src/input/formats/ubi.c): physical erase blocks read per image, and the
 * largest PEB size believed. UBIFS (src/input/formats/ubifs.c): LEB size, index
 * tree levels walked, and index + leaf nodes visited/kept per file system. */
#define FW_MAX_UBI_PEBS               65536
#define FW_MAX_UBI_PEB_SIZE           (16U << 20)
#define FW_MAX_UBIFS_LEB_SIZE         (16U << 20)
#define FW_MAX_UBIFS_INDEX_DEPTH      64
#define FW_MAX_UBIFS_NODES            1000000
/* UBIFS: node bytes CRC-checked per file system, as a multiple of its size
 * (a valid image checks each node about once; lying lengths cost more). */
#define FW_MAX_UBIFS_CRC_WORK_RATIO   16
/* romfs and YAFFS2 (src/input/formats/romfs.c, yaffs2.c): bytes of one file name
 * (YAFFS2's field holds 255; longer romfs names are skipped, reported);
 * romfs hard links followed to the file they name; YAFFS2 chunks read from
 * one image (a 2 GiB image of 2048-byte pages is about 1M chunks). */
#define FW_MAX_FS_NAME_LEN            255
#define FW_MAX_ROMFS_LINK_HOPS        16
#define FW_MAX_YAFFS2_CHUNKS          2000000

/* Unpack errors kept in the report; past that only counted. */
#define FW_MAX_ERRORS_KEPT            1000

/* A report read back (--baseline, `fwaudit diff`) and a waiver file: their
 * size, and the waivers one file may hold. */
#define FW_MAX_REPORT_FILE_SIZE       (512U << 20)
#define FW_MAX_WAIVER_FILE_SIZE       (4U << 20)
#define FW_MAX_WAIVERS                10000

/* Bytes of evidence shown around a match, and of a secret shown in clear. */
#define FW_EXCERPT_MAX                160
#define FW_SECRET_SHOWN               4

/* PCRE2 match limits per pattern run: bound backtracking on hostile data. */
#define FW_PCRE2_MATCH_LIMIT          10000000U
#define FW_PCRE2_DEPTH_LIMIT          100000U

/* Accounts: lines of one passwd/shadow file read; crypt() attempts per hash. */
#define FW_MAX_ACCOUNT_LINES          10000
#define FW_MAX_WORDLIST_ENTRIES       10000
/* (user, password) pairs of a default-credentials list (credentials=). */
#define FW_MAX_DEFAULT_CREDENTIALS    20000
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
/* Keys: keys and certificates remembered per scan for the whole-image
 * checks (the same key in several files, a CA's key). */
#define FW_MAX_KEYS_TRACKED           10000
/* Keys: every key and certificate recorded until the scan's end (a CA bundle
 * holds ~150; beyond this the rest are neither listed nor judged, warned);
 * trust stores; configuration lines naming a CA file or directory;
 * documentation/example key files whose paths are looked for in every file
 * (each costs one search per file: past this, the others are judged as
 * device keys). */
#define FW_MAX_KEYS_OBJECTS           50000
#define FW_MAX_TRUST_STORES           256
#define FW_MAX_CA_REFS                64
#define FW_MAX_KEYS_USE_PATHS         16

/* ELF (src/checks/binaries/elf.c): program headers, section headers, dynamic
 * entries, symbols and DT_NEEDED entries read per binary, and the length of
 * one string read from it. Longer tables are read in part (noted). */
#define FW_MAX_ELF_PHDRS              1024
#define FW_MAX_ELF_SECTIONS           8192
#define FW_MAX_ELF_DYNAMIC            4096
#define FW_MAX_ELF_SYMBOLS            200000
#define FW_MAX_ELF_NEEDED             256
#define FW_MAX_ELF_STRING             4096
/* BusyBox applet names read from one binary's table. */
#define FW_MAX_BUSYBOX_APPLETS        1024

/* Scripts (update, erase, input-validation analyzers): patterns in one
 * command-pattern data file; bytes of one script read (the rest is not
 * judged, noted); lines of one script; facts kept per script; scripts kept
 * per scan; `.`/source edges followed per script; tainted variables
 * tracked per script. */
#define FW_MAX_CMD_PATTERNS           1000
#define FW_MAX_SCRIPT_SIZE            (4U << 20)
#define FW_MAX_SCRIPT_FACTS           256
#define FW_MAX_SCRIPTS_TRACKED        8192
#define FW_MAX_SCRIPT_SOURCES         64
#define FW_MAX_TAINTED_VARS           64
/* Remote-code analyzer: per script, downloads and literal variables
 * remembered, $(...) nesting read, physical lines joined into one logical
 * line, strings of one ELF read as commands; per shell line (shlex.c),
 * commands, words of one command, substitutions of one command. */
#define FW_MAX_RC_DOWNLOADS           64
#define FW_MAX_RC_VARS                128
#define FW_MAX_RC_NEST                4
#define FW_MAX_RC_JOIN                64
#define FW_MAX_RC_ELF_STRINGS         4096
#define FW_MAX_SH_CMDS                256
#define FW_MAX_SH_WORDS               256
#define FW_MAX_SH_SUBST               32
/* Update analyzer: path comparisons spent linking scripts to the scripts
 * they read (a hostile image of many globbing scripts is quadratic). */
#define FW_MAX_SCRIPT_LINK_WORK       20000000ULL

/* Services: the boot graph of one namespace (src/checks/services*.c):
 * services listed, scripts read, script nesting, bytes of one boot file
 * read, words of one command, literal variables per script, joined line. */
#define FW_MAX_SVC_ENTRIES            4096
#define FW_MAX_SVC_SCRIPTS            2048
#define FW_MAX_SVC_DEPTH              8
#define FW_MAX_SVC_FILE_SIZE          (1U << 20)
#define FW_MAX_SVC_WORDS              128
#define FW_MAX_SVC_VARS               256
#define FW_MAX_SVC_LINE               8192
/* Services hits queued per namespace so the branches of one start merge
 * into one finding (svc_emit.c); past it hits are emitted unmerged. The
 * merge is quadratic in the queue, so the bound also caps that work. */
#define FW_MAX_SVC_PENDING            4096
/* Web-application taint analyses (src/checks/scripts/taint*.c): steps kept
 * in one source-to-sink flow (the middle ones are dropped past it). */
#define FW_MAX_TAINT_STEPS            16
/* Steps of a data flow a finding keeps (fw_finding.flow), whatever the
 * check hands over. */
#define FW_MAX_FLOW_STEPS             32
/* Derived per-namespace data analyzers' helpers keep for a scan
 * (fw_check_cache_put: the web routes of a namespace). */
#define FW_MAX_CHECK_CACHE            64
/* The web map of a namespace (src/checks/scripts/webroot.c, webconf.c):
 * servers, served directories and login rules kept; config files read per
 * server (includes, init scripts looked at for a BusyBox httpd start);
 * tokens of one config file and the nesting of its blocks; and a config
 * file larger than FW_MAX_WEB_CONFIG_BYTES is read up to there. */
#define FW_MAX_WEB_SERVERS            16
#define FW_MAX_WEB_DIRS               64
#define FW_MAX_WEB_GUARDS             64
#define FW_MAX_WEB_CONFIG_FILES       32
#define FW_MAX_WEB_TOKENS             65536
#define FW_MAX_WEB_NESTING            16
#define FW_MAX_WEB_CONFIG_BYTES       (1u << 20)
/* Shell CGIs across files (src/checks/scripts/taint_sh.c): files one CGI
 * sources (transitively), functions known, nesting of calls and sourcing,
 * lines walked per CGI (each call walks its body again), and flows
 * remembered per scan so each sink is reported once. */
#define FW_MAX_SH_FILES               16
#define FW_MAX_SH_FUNCS               512
#define FW_MAX_SH_CALL_DEPTH          8
#define FW_MAX_SH_WALK_LINES          200000
#define FW_MAX_SH_SEEN                4096
/* PHP taint analysis (php_lex.c, taint_php.c), per namespace: tokens of
 * one file lexed (the rest of the file is not judged), bracket nesting
 * tracked, files in one application, user functions and classes indexed,
 * nested calls followed (deeper calls are not entered), includes executed
 * inside one another, targets one by-name dispatch (call_user_func_array,
 * $obj->$m(), new $class) fans out to, tainted variables of one scope,
 * expression nesting, and the statements and expressions evaluated for the
 * whole application (past it the analysis stops and says so). */
#define FW_MAX_PHP_TOKENS             (1U << 20)
#define FW_MAX_PHP_NEST               256
#define FW_MAX_PHP_FILES              4096
#define FW_MAX_PHP_FUNCS              16384
#define FW_MAX_PHP_CALL_DEPTH         10
#define FW_MAX_PHP_INCLUDE_DEPTH      8
#define FW_MAX_PHP_DISPATCH           4096
#define FW_MAX_PHP_VARS               256
#define FW_MAX_PHP_EXPR_DEPTH         128
#define FW_MAX_PHP_WORK               50000000ULL
/* Lua taint analysis (taint_lua.c, lua_lex.c), per namespace: tokens of
 * one file, bytes of one file read, Lua files of one application (served
 * files and the modules they require), functions known, LuCI dispatcher
 * entries, call depth followed into functions, expression and block
 * nesting, variables of one scope, arguments of one call judged, and the
 * tokens the whole pass may evaluate (a hostile tree of many mutually
 * calling functions is exponential in the call depth). */
#define FW_MAX_LUA_TOKENS             (1U << 20)
#define FW_MAX_LUA_FILE_SIZE          (4U << 20)
#define FW_MAX_LUA_FILES              4096
#define FW_MAX_LUA_FUNCS              65536
#define FW_MAX_LUA_ENTRIES            8192
#define FW_MAX_LUA_CALL_DEPTH         8
#define FW_MAX_LUA_NEST               64
#define FW_MAX_LUA_VARS               512
#define FW_MAX_LUA_ARGS               16
#define FW_MAX_LUA_WORK               50000000ULL
/* The daemon argument model (rules/data/daemons.txt) and what one start
 * exposes: daemons in the table, options per daemon, listeners per start. */
#define FW_MAX_DAEMONS                1024
#define FW_MAX_DAEMON_OPTS            256
#define FW_MAX_SVC_LISTENERS          8
/* Shell structure shellscan tracks in one script: functions defined,
 * nested if/{ }/loop levels, values one `for` loop runs over (a glob of
 * /etc/init.d/S*), and `sh -c` bodies nested in one another. */
#define FW_MAX_SVC_FUNCS              512
#define FW_MAX_SVC_NEST               32
#define FW_MAX_SVC_LOOP_VALUES        256
#define FW_MAX_SVC_BODY_NEST          4
/* Files of one cron, udev or hotplug directory read. */
#define FW_MAX_SVC_DIR_FILES          1024

/* Run-time limits of one scan (defaults above, set per scan). */
typedef struct fw_limits {
    unsigned max_depth;
    uint64_t max_entries;
    uint64_t max_entry_size;
    uint64_t max_total_bytes;
    unsigned max_ratio;
    uint64_t lazy_after_bytes;   /* hold archive entries up to this much, then
                                    read large ones on demand (see above) */
} fw_limits;

void fw_limits_default(fw_limits *l);

#endif
