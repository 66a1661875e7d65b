/* daemon_model.h: the daemon argument model (rules/data/daemons.txt) and
 * what one start exposes under it. Private to src/checks/services.
 *
 * The model is data: per daemon its kind, default port and protocol, how a
 * client is authenticated, and what each option, positional argument,
 * socat-style address and configuration key means. fw_exposure_eval reads
 * one start (an fw_svc of the boot graph) against it and fills an
 * fw_exposure: does it listen, where, with TLS or not, which program serves
 * a connection, and which arguments switch authentication off or let
 * anonymous users in or write. The verdicts (exposure.c) read only these
 * facts.
 *
 * Ownership: the model owns its strings; an fw_exposure owns its strings and
 * borrows its daemon from the model (fw_exposure_release frees them).
 */
#ifndef FW_CHECKS_SERVICES_DAEMON_MODEL_H
#define FW_CHECKS_SERVICES_DAEMON_MODEL_H

#include <stddef.h>
#include "checks/services/services_int.h"
#include "core/error.h"

/* What an option, positional, address or configuration key means. */
enum {
    FW_DX_ARG       = 1u << 0,    /* takes a value */
    FW_DX_LISTEN    = 1u << 1,    /* the daemon listens */
    FW_DX_PORT      = 1u << 2,    /* value is a port */
    FW_DX_ADDRPORT  = 1u << 3,    /* value is [ADDRESS:]PORT */
    FW_DX_BIND      = 1u << 4,    /* value is the listening address */
    FW_DX_TLS       = 1u << 5,    /* TLS on (this listener, or all) */
    FW_DX_EXEC      = 1u << 6,    /* value is the program run per connection */
    FW_DX_SHELLCMD  = 1u << 7,    /* value is a shell command line run per connection */
    FW_DX_RESTEXEC  = 1u << 8,    /* the remaining arguments are the program */
    FW_DX_NOAUTH    = 1u << 9,
    FW_DX_EMPTYPW   = 1u << 10,
    FW_DX_ANON      = 1u << 11,
    FW_DX_UPLOAD    = 1u << 12,
    FW_DX_DIR       = 1u << 13,
    FW_DX_CONFIG    = 1u << 14,
    FW_DX_LISTEN_AP = 1u << 15,   /* positional [ADDRESS]:PORT that makes it listen */
};
/* Effects whose option takes the next argument as its value. */
#define FW_DX_VALUE (FW_DX_ARG | FW_DX_PORT | FW_DX_ADDRPORT | FW_DX_BIND | FW_DX_EXEC | \
                     FW_DX_SHELLCMD | FW_DX_DIR | FW_DX_CONFIG)

typedef struct fw_daemon_opt {
    char *key;          /* -x, --long, an address TYPE, a config KEY */
    char *match;        /* glob the value must match (case-insensitive), or NULL */
    char *tls_value;    /* conf: TLS is on when the value is this, or NULL */
    unsigned fx;        /* FW_DX_* */
} fw_daemon_opt;

typedef enum fw_daemon_listen { FW_DL_ALWAYS, FW_DL_OPTION, FW_DL_NEVER } fw_daemon_listen;

typedef struct fw_daemon {
    char **names;
    size_t n_names;
    char *kind;         /* remote-login, ssh, ftp, tftp, web, debug, ... */
    fw_daemon_listen listen;
    char *proto;        /* "tcp" or "udp" */
    char *port;         /* default port, or NULL */
    char *auth;         /* login, password, none, config, community */
    int tls;            /* TLS unless an option says otherwise */
    fw_daemon_opt *opts, *addrs, *confs;
    size_t n_opts, n_addrs, n_confs;
    unsigned *pos;      /* FW_DX_* of the 1st, 2nd, ... positional */
    size_t n_pos;
    unsigned line;      /* where it is defined in the data file */
} fw_daemon;

typedef struct fw_daemon_model {
    char *path;
    fw_daemon *v;
    size_t n;
} fw_daemon_model;

/* Parse the model text (path names it in messages). FW_OK or FW_ERULE with
 * "path:line: ..." in err. */
int fw_daemon_model_parse(fw_daemon_model *m, const char *path, const char *text, size_t len,
                          fw_error *err);
void fw_daemon_model_release(fw_daemon_model *m);
const fw_daemon *fw_daemon_model_find(const fw_daemon_model *m, const char *name);
/* The daemon a start runs: by its name, busybox applet or binary basename. */
const fw_daemon *fw_daemon_of(const fw_daemon_model *m, const fw_svc *s);

typedef struct fw_listener {
    char *proto;        /* "tcp"/"udp" */
    char *bind;         /* NULL = every address */
    char *port;         /* NULL = unknown */
    int tls;
    char *source;       /* what says so: "-p 8080", "default", "/etc/x.conf:3", "inetd" */
    int from_config;    /* read from a configuration file */
} fw_listener;

typedef struct fw_exposure {
    const fw_daemon *d;          /* NULL: not in the model */
    int listens;
    fw_listener l[FW_MAX_SVC_LISTENERS];
    size_t n_l;
    char *exec;                  /* program (first word) run per connection, or NULL */
    char *exec_line;             /* the whole -e/-c/EXEC value as written */
    char *noauth;                /* the argument that switched authentication off */
    char *emptypw;               /* ... allowed empty passwords */
    char *anonymous;             /* ... allowed anonymous logins */
    char *upload;                /* ... allowed uploads */
    char *dir;                   /* directory served */
    char *config;                /* configuration file read (system path) */
    int unknown_listener;        /* not in the model, but its arguments open a port */
} fw_exposure;

void fw_exposure_eval(fw_svc_graph *g, const fw_daemon_model *m, const fw_svc *s,
                      fw_exposure *x);
void fw_exposure_release(fw_exposure *x);
/* Is every listener bound to a loopback address? */
int fw_exposure_loopback_only(const fw_exposure *x);

#endif
