/* shellwrap.h: commands that run another command (wrappers, shells given a
 * script or a -c body, super-servers), told apart from the words of one
 * shell command. Private to src/checks/services/ (shellscan.c, the boot
 * readers that hand a command line to shellscan).
 *
 * Ownership: everything a fw_wrap points to is borrowed from the words it
 * was read from.
 */
#ifndef FW_CHECKS_SERVICES_SHELLWRAP_H
#define FW_CHECKS_SERVICES_SHELLWRAP_H

#include <stddef.h>

typedef enum fw_wrap_kind {
    FW_WRAP_NONE = 0,   /* w[0] is the command itself */
    FW_WRAP_CMD,        /* nohup, env, setsid, chroot, busybox APPLET, ...: w[at] is the command */
    FW_WRAP_SCRIPT,     /* sh FILE ARGS: w[at] is the script, read as shell whatever its #! */
    FW_WRAP_BODY,       /* sh -c BODY, su -c BODY: body is shell text */
    FW_WRAP_SERVER,     /* tcpsvd/udpsvd/tcpserver IP PORT PROG: w[at] is PROG, run per connection */
} fw_wrap_kind;

typedef struct fw_wrap {
    fw_wrap_kind kind;
    size_t at;             /* index of the wrapped command (CMD, SCRIPT, SERVER) */
    const char *body;      /* BODY */
    const char *root;      /* chroot DIR the command runs in, or NULL */
    const char *name;      /* the wrapper's name ("tcpsvd", "chroot", "sh") */
    const char *port;      /* SERVER: the port, the bind address (NULL = any), "tcp"/"udp" */
    const char *bind;
    const char *proto;
} fw_wrap;

/* What the command w[0..n) is. A wrapper whose command is missing (plain
 * `nohup`, `chroot DIR`, `sh -x`) is FW_WRAP_NONE. */
fw_wrap_kind fw_shell_unwrap(char *const *w, size_t n, fw_wrap *out);

/* Is base (a command's basename) a shell: sh, ash, bash, dash, hush, ...? */
int fw_shell_is_shell(const char *base);

/* Does a command with this basename run another command (a wrapper, a
 * shell, a super-server)? For readers that hand such lines to shellscan. */
int fw_shell_is_wrapper(const char *base);

#endif
