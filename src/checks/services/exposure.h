/* exposure.h: the exposure model of the services analyzer: what each start
 * listens on and who may use it (daemon_model.h, exposure_eval.c), the
 * login facts of the image (exposure_login.c), and the verdicts and the
 * listeners inventory built from them (exposure.c). Private to
 * src/checks/services.
 */
#ifndef FW_CHECKS_SERVICES_EXPOSURE_H
#define FW_CHECKS_SERVICES_EXPOSURE_H

#include <stddef.h>
#include <stdint.h>
#include "checks/services/daemon_model.h"

/* The checks exposure.c emits (bound by rules/services.rules). */
#define FW_CK_LISTENER_SHELL   "listener-shell"
#define FW_CK_AUTH_OFF         "listener-auth-off"
#define FW_CK_ANON_WRITE       "anonymous-write"
#define FW_CK_DEBUG_AGENT      "debug-agent"
#define FW_CK_UNKNOWN_LISTENER "unknown-listener"
#define FW_CK_PLAIN_HTTP       "plain-http-listener"
#define FW_CK_EMPTY_PW_LOGIN   "empty-password-login"

/* Shells when a rule gives no shells= list. */
#define FW_DEFAULT_SHELLS \
    "/bin/sh,/bin/ash,/bin/bash,/bin/hush,/bin/msh,/bin/dash,/bin/ksh,/bin/zsh," \
    "sh,ash,bash,hush,msh,dash,ksh,zsh"

/* Is arg (full path or basename, "-" login prefix allowed) a shell of the
 * comma-separated list (FW_DEFAULT_SHELLS when NULL)? */
int fw_is_shell(const char *shells, const char *arg);

typedef struct fw_empty_account {
    char *user;
    const char *file;      /* "/etc/shadow" or "/etc/passwd" */
    uint64_t line;
} fw_empty_account;

/* Accounts whose password field is empty and whose shell lets them in, at
 * most max, filled into out (fw_empty_accounts_release frees the names). */
size_t fw_empty_password_accounts(fw_svc_graph *g, fw_empty_account *out, size_t max);
void fw_empty_accounts_release(fw_empty_account *v, size_t n);
/* Is root's password field empty? file and line say where it was read. */
int fw_root_password_empty(fw_svc_graph *g, const char **file, uint64_t *line);

typedef enum fw_login_kind {
    FW_LOGIN_UNKNOWN,              /* a binary, or a script we cannot tell */
    FW_LOGIN_LOGIN,                /* asks for a password (login) */
    FW_LOGIN_SHELL,                /* a shell, no password asked */
    FW_LOGIN_SHELL_IF_NO_PASSWORD, /* a script that runs a shell when root has no password */
} fw_login_kind;
/* What the login program prog does; *shell_out is the shell it runs. */
fw_login_kind fw_login_program(fw_svc_graph *g, const char *prog, const char *shells,
                               char **shell_out);

/* Judge one started service's exposure and add its listeners to inv (the
 * "listeners" inventory, NULL = do not list). */
void fw_exposure_judge(fw_svc_graph *g, const fw_daemon_model *m, const fw_svc *s,
                       fw_inventory *inv);
/* The listeners inventory's columns. */
extern const char *const fw_listener_columns[];

#endif
