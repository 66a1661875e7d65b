/* services_int.h: the boot graph shared by the "services" analyzer
 * (services.c) and its readers of each boot system (boot_*.c) and of plain
 * shell scripts (shellscan.c). Private to src/checks/.
 *
 * The graph is a flat list of services: one entry per command some boot
 * configuration starts (an inittab process, a command in rcS, the
 * procd_set_param command of an OpenWrt init script, a systemd ExecStart=,
 * an inetd.conf server), with the chain of evidence that leads to it and the
 * file and line the start is written on. Nothing is executed: scripts are
 * read, and what cannot be told from the text is recorded as unresolved.
 *
 * Ownership: the graph owns every string in it; nodes are borrowed from the
 * tree, which outlives the graph.
 */
#ifndef FW_CHECKS_SERVICES_SERVICES_INT_H
#define FW_CHECKS_SERVICES_SERVICES_INT_H

#include <stddef.h>
#include <stdint.h>
#include "engine/analyzer.h"
#include "core/limits.h"
#include "checks/services/svc_emit.h"

/* Bounds of the boot graph of one namespace: core/limits.h. */
#define SVC_MAX_ENTRIES      FW_MAX_SVC_ENTRIES
#define SVC_MAX_SCRIPTS      FW_MAX_SVC_SCRIPTS
#define SVC_MAX_DEPTH        FW_MAX_SVC_DEPTH
#define SVC_MAX_SCRIPT_SIZE  FW_MAX_SVC_FILE_SIZE
#define SVC_MAX_WORDS        FW_MAX_SVC_WORDS
#define SVC_MAX_VARS         FW_MAX_SVC_VARS
#define SVC_MAX_LINE         FW_MAX_SVC_LINE
#define SVC_MAX_FUNCS        FW_MAX_SVC_FUNCS
#define SVC_MAX_NEST         FW_MAX_SVC_NEST
#define SVC_MAX_LOOP_VALUES  FW_MAX_SVC_LOOP_VALUES
#define SVC_MAX_BODY_NEST    FW_MAX_SVC_BODY_NEST
#define SVC_MAX_DIR_FILES    FW_MAX_SVC_DIR_FILES

typedef enum fw_svc_state {
    SVC_STARTED = 0,       /* started at boot */
    SVC_CONDITIONAL,       /* started inside a shell `if`: maybe */
    SVC_NOT_STARTED,       /* disabled, masked, inetd not running, ... */
    SVC_MISSING,           /* the binary is not in the image */
    SVC_UNRESOLVED,        /* a start we cannot read statically */
} fw_svc_state;

typedef struct fw_svc {
    char *name;            /* service name: command basename, applet, unit */
    char *command;         /* the command word as written (after $VAR expansion) */
    char *binary;          /* resolved path in the image, or NULL */
    char *applet;          /* busybox applet name when binary is busybox, or NULL */
    char **argv;           /* arguments after the command */
    size_t argc;
    char *started_by;      /* evidence chain, e.g. "/etc/rc.d/S50telnet -> ../init.d/telnet" */
    char *config;          /* configuration file, or NULL */
    fw_svc_state state;
    char *why;             /* reason for a state other than STARTED, or NULL */
    const fw_node *node;   /* file the start is written in */
    uint64_t line;         /* 1-based line there, 0 = none */
    char *excerpt;         /* that line, raw (escaped when reported) */
    int console;           /* runs on the (serial) console: inittab, serial-getty */
    char *tty;             /* the terminal it runs on, when known */
    /* The socket a super-server (inetd, xinetd, tcpsvd/udpsvd, systemd
     * .socket) listens on and hands to this command, when one does: the
     * command itself then has no listening option to read. NULL = none. */
    char *sock_port;       /* "23" or a service name ("telnet") */
    char *sock_bind;       /* address, NULL = every address */
    char *sock_proto;      /* "tcp", "udp" */
    char *via;             /* what runs it besides boot: a super-server ("inetd",
                            * "xinetd", "tcpsvd", "udpsvd", "tcpserver",
                            * "systemd-socket") or an event ("cron", "udev",
                            * "mdev", "hotplug"); NULL = started at boot */
} fw_svc;

typedef struct fw_svc_graph {
    fw_check_ctx *ctx;
    const fw_ns *ns;
    fw_svc *v;
    size_t n, cap;
    size_t scripts_read;   /* bounded by SVC_MAX_SCRIPTS */
    const fw_node **seen;  /* scripts already scanned (loop guard) */
    size_t n_seen, cap_seen;
    const fw_node **rc_started; /* OpenWrt rc.common scripts whose start() was read */
    size_t n_rc_started, cap_rc_started;
    const char *const *known;  /* daemon names worth listing from scripts */
    size_t n_known;
    int runlevel;          /* inittab initdefault, -1 = not given */
    fw_svc_emitter emitter; /* judged hits, merged per start (svc_emit.h) */
    const struct fw_cracker *defaults; /* published default passwords (checks/passwords),
                              NULL when no rule names a list */
} fw_svc_graph;

/* ---- services.c: graph building blocks -------------------------------- */

/* Add a start of `cmd argv...` found at node:line (excerpt = that line).
 * Resolves the binary inside the image (PATH for bare names), records
 * busybox applets, and sets state MISSING when nothing resolves. Returns
 * the entry (NULL when SVC_MAX_ENTRIES was reached: a warning is recorded). */
fw_svc *fw_svc_add(fw_svc_graph *g, const char *started_by, const fw_node *node, uint64_t line,
             const char *excerpt, const char *cmd, const char *const *argv, size_t argc);
/* Record a start whose command cannot be told statically. */
fw_svc *fw_svc_add_unresolved(fw_svc_graph *g, const char *name, const char *started_by,
                        const fw_node *node, uint64_t line, const char *excerpt,
                        const char *why);
void fw_svc_set_state(fw_svc *s, fw_svc_state st, const char *why);
/* Is `name` one of the daemon names the rules list? */
int fw_svc_known(const fw_svc_graph *g, const char *name);
/* Resolve a command word to a node (PATH search for bare names). */
const fw_node *fw_svc_resolve_cmd(const fw_svc_graph *g, const char *cmd);
/* Open a text file of the image; 0 and blob filled, or -1 (warned when
 * unreadable, silent when absent). Past SVC_MAX_SCRIPT_SIZE a warning is
 * recorded and readers stop at SVC_TEXT_LEN (blob->size itself is left
 * alone: fw_blob_close unmaps by it). */
#define SVC_TEXT_LEN(b) ((b)->size < SVC_MAX_SCRIPT_SIZE ? (b)->size : (size_t)SVC_MAX_SCRIPT_SIZE)
int fw_svc_open_text(fw_svc_graph *g, const fw_node *n, fw_blob *blob);
/* Children of the directory at system path `dir` (resolved through links):
 * fills *out with borrowed nodes (caller frees the array). */
size_t fw_svc_list_dir(const fw_svc_graph *g, const char *dir, const fw_node ***out);
/* basename of a path (pointer into it). */
const char *fw_svc_base(const char *path);

/* ---- shellscan.c ------------------------------------------------------- */

/* Read the shell script `script` (reached through `via`, the evidence chain
 * so far) and add what it plainly starts: daemons the rules name, commands
 * put in the background with `&`, start-stop-daemon --start, procd's
 * "procd_set_param command", OpenWrt's service_start; scripts it runs or
 * sources are followed (depth-bounded, each script once). Returns the
 * number of entries added. */
size_t fw_shellscan_script(fw_svc_graph *g, const fw_node *script, const char *via, unsigned depth);

/* Split one shell command line into words (quotes removed, literal
 * variables of `vars` expanded). Exposed for boot_inittab/systemd, which
 * use the same word rules. Returns the number of words; *unresolved set
 * when a word holds an expansion we cannot know. Words are new strings,
 * freed by fw_shell_words_release (the caller holds the array). */
size_t fw_shell_words(const char *s, size_t len, char **words, size_t max, int *unresolved);
void fw_shell_words_release(char **words, size_t n);

/* One line of shell that is not a script file: an inittab process, a
 * systemd Exec line, a crontab job, a udev RUN or mdev command. Its
 * commands are read with the same rules as a script line (wrappers, sh -c
 * bodies, scripts it runs are followed). */
typedef struct fw_shell_src {
    const fw_node *node;   /* file the line is in */
    uint64_t line;         /* its line number */
    const char *text;      /* the shell text (not NUL-terminated: len) */
    size_t len;
    const char *excerpt;   /* the line as written, NULL = text */
    const char *by;        /* started_by of what the text itself starts */
    const char *chain;     /* prefix of the chain to scripts it runs, NULL = by */
    unsigned flags;        /* FW_SHELL_* */
    unsigned depth;        /* script nesting so far */
} fw_shell_src;
/* The text's last command runs whatever its name (the program of an
 * ExecStart=, a cron job, an inittab process), not only a daemon's. */
#define FW_SHELL_RUNS 1u
size_t fw_shellscan_text(fw_svc_graph *g, const fw_shell_src *src);
/* Would a shell run this file as a shell script (a #! naming a shell, or
 * text with no #!, which the shell runs itself)? */
int fw_shellscan_is_script(fw_svc_graph *g, const fw_node *n);
/* Was this script already read for this graph? */
int fw_shellscan_seen(const fw_svc_graph *g, const fw_node *script);

/* ---- boot systems ------------------------------------------------------ */

void fw_boot_inittab(fw_svc_graph *g);   /* /etc/inittab (BusyBox and sysvinit) */
void fw_boot_sysv(fw_svc_graph *g);      /* rcS.d / rcN.d / OpenWrt /etc/rc.d S links */
void fw_boot_systemd(fw_svc_graph *g);   /* *.target.wants/ *.service */
void fw_boot_inetd(fw_svc_graph *g);     /* /etc/inetd.conf, /etc/xinetd.d/ (last) */
void fw_boot_cron(fw_svc_graph *g);      /* crontabs, when a cron daemon is started */
void fw_boot_hotplug(fw_svc_graph *g);   /* udev RUN, mdev.conf, OpenWrt /etc/hotplug.d */
/* Is a daemon of this name (or busybox applet) started or conditional? */
int fw_svc_running(const fw_svc_graph *g, const char *name);
/* OpenWrt UCI: is /etc/config/NAME switched off? Sets *line to where. */
int fw_boot_uci_disabled(fw_svc_graph *g, const char *name, const fw_node **cfg, uint64_t *line);

#endif
