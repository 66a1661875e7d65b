/* conf_int.h: judging daemon configuration files where the daemon runs.
 *
 * After the boot graph of a namespace is built (services_int.h), the
 * dispatcher (daemon_conf.c) takes each configuration family (one file
 * each: conf_ftp.c, conf_samba.c, conf_upnp.c, conf_web.c, conf_tr069.c,
 * conf_nvram.c) and asks: is the daemon that reads this file in the image,
 * and is it started at boot? Then:
 *
 *   started (graph state STARTED or CONDITIONAL)  judged, the rule's severity,
 *                                                 message "started at boot (chain)"
 *   binary present, not started                   judged one severity step down,
 *                                                 "installed, not started at boot"
 *   binary absent                                 not judged: a row of the
 *                                                 inventory "configs" says so
 *
 * The configuration read is the one the daemon's arguments name (-f, -c,
 * the family's own options, a positional path) when it is started with
 * one, else the family's conventional paths. A family's judge() reads the
 * text and calls fw_conf_emit() on the line that makes a finding true.
 *
 * Ownership: a job borrows everything (graph, service, node, text); nothing
 * is kept after judge() returns. Private to src/checks/services/.
 */
#ifndef FW_CHECKS_SERVICES_CONF_INT_H
#define FW_CHECKS_SERVICES_CONF_INT_H

#include <stddef.h>
#include <stdint.h>
#include "checks/services/services_int.h"
#include "core/textio.h"

/* Check names of the configuration families, appended to services_checks[]
 * (services.c); the rules binding them are in rules/daemon-config.rules. */
#define FW_CONF_CK_FTP_ANON        "ftp-anonymous"
#define FW_CONF_CK_FTP_ANON_WRITE  "ftp-anonymous-write"
#define FW_CONF_CK_FTP_ROOT        "ftp-root-dir"
#define FW_CONF_CK_FTP_NO_TLS      "ftp-no-tls"
#define FW_CONF_CK_SMB_GUEST       "smb-guest-share"
#define FW_CONF_CK_SMB_GUEST_WRITE "smb-guest-writable"
#define FW_CONF_CK_SMB_SYSPATH     "smb-system-path"
#define FW_CONF_CK_SMB_BAD_USER    "smb-guest-fallback"
#define FW_CONF_CK_SMB_SHARE_SEC   "smb-share-security"
#define FW_CONF_CK_UPNP_INSECURE   "upnp-secure-mode-off"
#define FW_CONF_CK_WEB_PLAIN_USERS "web-plain-userfile"
#define FW_CONF_CK_TR069_HTTP      "tr069-acs-http"
#define FW_CONF_CK_TR069_CREDS     "tr069-credentials"
#define FW_CONF_CK_NVRAM_ADMIN     "nvram-admin-password"
#define FW_CONF_CK_NVRAM_WIFI      "nvram-wifi-key"
#define FW_CONF_CK_NVRAM_CRED      "nvram-credential"
#define FW_CONF_CK_NVRAM_DEFAULT   "nvram-published-default"
#define FW_CONF_CK_WEB_DEFAULT     "web-userfile-published-default"

#define FW_CONF_CHECKS                                                                   \
    FW_CONF_CK_FTP_ANON, FW_CONF_CK_FTP_ANON_WRITE, FW_CONF_CK_FTP_ROOT,                 \
    FW_CONF_CK_FTP_NO_TLS, FW_CONF_CK_SMB_GUEST, FW_CONF_CK_SMB_GUEST_WRITE,             \
    FW_CONF_CK_SMB_SYSPATH, FW_CONF_CK_SMB_BAD_USER, FW_CONF_CK_SMB_SHARE_SEC,           \
    FW_CONF_CK_UPNP_INSECURE, FW_CONF_CK_WEB_PLAIN_USERS, FW_CONF_CK_TR069_HTTP,         \
    FW_CONF_CK_TR069_CREDS, FW_CONF_CK_NVRAM_ADMIN, FW_CONF_CK_NVRAM_WIFI,               \
    FW_CONF_CK_NVRAM_CRED, FW_CONF_CK_NVRAM_DEFAULT, FW_CONF_CK_WEB_DEFAULT

typedef struct fw_conf_job {
    fw_svc_graph *g;
    const char *daemon;      /* what reads the file: "vsftpd" */
    const char *binary;      /* its path in the image */
    const fw_svc *svc;       /* its start in the boot graph; NULL = installed only */
    int started;             /* 1: started at boot (maybe under a condition) */
    const char *off_why;     /* started is 0 because the file itself keeps it off
                                ("/etc/config/upnpd:3 option enabled '0'"), or NULL */
    const fw_node *cfg;      /* the configuration file */
    const char *text;        /* its content, len bytes (not NUL-terminated) */
    size_t len;
} fw_conf_job;

typedef struct fw_conf_family {
    const char *name;                /* for the inventory: "vsftpd" */
    const char *const *daemons;      /* names or absolute paths of the binaries */
    const char *const *paths;        /* conventional configuration paths */
    const char *const *cfg_opts;     /* options naming the config ("-s"; "--configfile="
                                        matches the joined form); NULL = -f/-c/-C/--config */
    int positional;                  /* the first non-option absolute path names it */
    /* The file is applied whenever the software is in the image (nvram
     * defaults): "installed" counts as running, no severity step down. */
    int always_applied;
    /* Optional: does the file itself keep the daemon off (UCI enabled '0')?
     * Returns a new string saying where, or NULL. */
    char *(*switched_off)(const fw_conf_job *j);
    void (*judge)(const fw_conf_job *j);
} fw_conf_family;

extern const fw_conf_family fw_conf_vsftpd, fw_conf_proftpd, fw_conf_pureftpd;
extern const fw_conf_family fw_conf_samba;
extern const fw_conf_family fw_conf_miniupnpd, fw_conf_upnpd_uci;
extern const fw_conf_family fw_conf_lighttpd;
extern const fw_conf_family fw_conf_easycwmp, fw_conf_ucwmp;
extern const fw_conf_family fw_conf_nvram;

/* Judge every family's configuration in the graph's namespace; fills the
 * inventory "configs". Called once the boot graph is complete. */
void fw_svc_judge_configs(fw_svc_graph *g);

/* Report check `check` on line `line` of node `at` (the job's config unless
 * given: a user file the config names). excerpt: the evidence as it may be
 * shown (secrets already redacted), not escaped yet; NULL = none. The
 * message gets ", started at boot (chain)" or ", installed, not started at
 * boot" appended; installed-only lowers the rule's severity one step. */
void fw_conf_emit(const fw_conf_job *j, const char *check, const fw_node *at, uint64_t line,
                  const char *excerpt, const char *identity, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* ---- small parsing helpers (daemon_conf.c) ------------------------------ */

/* Strip blanks (and \r) at both ends of [*s, *s+*n). */
void fw_conf_trim(const char **s, size_t *n);
/* Is the line blank or a comment (first non-blank is one of `prefixes`)? */
int fw_conf_is_comment(const fw_line *ln, const char *prefixes);
/* Split "key SEP value" (SEP one of seps; blanks around it dropped). 0 when
 * the line has no separator. Pointers into the line. */
int fw_conf_kv(const fw_line *ln, const char *seps, const char **k, size_t *kl,
               const char **v, size_t *vl);
/* Does [s, s+n) equal word, ignoring case? */
int fw_conf_eq(const char *s, size_t n, const char *word);
/* Is the value a yes/true/on/1 (ignoring case and quotes)? no/false/off/0 = 0;
 * anything else = -1. */
int fw_conf_bool(const char *s, size_t n);
/* OpenWrt UCI: "option NAME VALUE" (quotes removed) on this line? Also
 * "config TYPE [NAME]" sets *is_section (name = TYPE, value = NAME). */
int fw_conf_uci(const fw_line *ln, int *is_section, const char **name, size_t *nl,
                const char **val, size_t *vl);
/* Is it a placeholder, not a real secret: empty, $VAR, %s, <...>, ${...},
 * all one character? */
int fw_conf_placeholder(const char *s, size_t n);

#endif
