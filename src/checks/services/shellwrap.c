/* shellwrap.c: commands that run another command.
 *
 * Boot scripts rarely name a daemon first on its line: they put nohup, env,
 * setsid, chroot, su -c, sh -c or busybox in front of it, or hand it to a
 * super-server (BusyBox tcpsvd/udpsvd, ucspi tcpserver) that listens and
 * runs it for every connection. This file only reads the words of one
 * command and says where the real command is; shellscan.c decides whether
 * that is a start. Option syntax follows each tool's usage text (BusyBox
 * and coreutils/util-linux), so an option's argument is never taken for
 * the command.
 */
#include <string.h>
#include "checks/services/shellwrap.h"
#include "checks/services/services_int.h"

static const char *const shells[] = { "sh", "ash", "bash", "dash", "hush", "msh", "ksh",
                                      "mksh", "zsh", NULL };

static int in(const char *const *set, const char *s)
{
    for (size_t i = 0; set[i]; i++)
        if (strcmp(set[i], s) == 0)
            return 1;
    return 0;
}

int fw_shell_is_shell(const char *base)
{
    return in(shells, base);
}

static const char *const wrappers[] = { "nohup", "nice", "setsid", "env", "chroot", "su",
                                        "busybox", "tcpsvd", "udpsvd", "tcpserver", NULL };

int fw_shell_is_wrapper(const char *base)
{
    return in(wrappers, base) || in(shells, base);
}

/* Skip options of a command whose options taking an argument are the
 * letters of `argopts`; returns the index of the first operand. Clusters
 * ("-vc 10", "-c10") and "--" are understood. */
static size_t skip_opts(char *const *w, size_t n, size_t i, const char *argopts)
{
    while (i < n && w[i][0] == '-' && w[i][1]) {
        if (strcmp(w[i], "--") == 0)
            return i + 1;
        const char *p = w[i] + 1;
        int takes_next = 0;
        for (; *p; p++)
            if (strchr(argopts, *p)) {
                takes_next = p[1] == '\0';   /* else the argument is glued on */
                break;
            }
        i += takes_next ? 2 : 1;
    }
    return i;
}

static fw_wrap_kind cmd_at(fw_wrap *out, const char *name, size_t at, size_t n)
{
    if (at >= n)
        return FW_WRAP_NONE;
    out->kind = FW_WRAP_CMD;
    out->name = name;
    out->at = at;
    return out->kind;
}

static fw_wrap_kind shell(char *const *w, size_t n, fw_wrap *out, const char *name)
{
    for (size_t i = 1; i < n; i++) {
        const char *a = w[i];
        if (strcmp(a, "--") == 0) {
            i++;
            if (i >= n)
                return FW_WRAP_NONE;
            out->kind = FW_WRAP_SCRIPT;
            out->at = i;
            out->name = name;
            return out->kind;
        }
        if ((a[0] == '-' || a[0] == '+') && a[1]) {
            if (strcmp(a, "-o") == 0 || strcmp(a, "+o") == 0) {
                i++;
                continue;
            }
            if (a[0] == '-' && a[1] != '-' && strchr(a + 1, 'c')) {   /* -c, -ec, -xc */
                if (i + 1 >= n)
                    return FW_WRAP_NONE;
                out->kind = FW_WRAP_BODY;
                out->body = w[i + 1];
                out->name = name;
                return out->kind;
            }
            continue;
        }
        out->kind = FW_WRAP_SCRIPT;   /* sh FILE ARGS */
        out->at = i;
        out->name = name;
        return out->kind;
    }
    return FW_WRAP_NONE;   /* an interactive shell: the shell is the command */
}

static fw_wrap_kind su(char *const *w, size_t n, fw_wrap *out)
{
    for (size_t i = 1; i < n; i++) {
        const char *a = w[i];
        if ((strcmp(a, "-c") == 0 || strcmp(a, "--command") == 0) && i + 1 < n) {
            out->kind = FW_WRAP_BODY;
            out->body = w[i + 1];
            out->name = "su";
            return out->kind;
        }
        if (strncmp(a, "--command=", 10) == 0) {
            out->kind = FW_WRAP_BODY;
            out->body = a + 10;
            out->name = "su";
            return out->kind;
        }
        if (strcmp(a, "-s") == 0 || strcmp(a, "--shell") == 0)
            i++;
    }
    return FW_WRAP_NONE;   /* su USER: a login shell, not a command */
}

static fw_wrap_kind server(char *const *w, size_t n, fw_wrap *out, const char *base)
{
    /* BusyBox: tcpsvd [-hEv] [-c N] [-C N[:MSG]] [-b N] [-u USER] [-l NAME] IP PORT PROG;
     * ipsvd adds -i DIR -x CDB -t SEC; tcpserver: -c -x -B -g -u -b -l -t */
    const char *argopts = strcmp(base, "tcpserver") == 0 ? "cxBgublt" : "cCbulixt";
    size_t i = skip_opts(w, n, 1, argopts);
    if (i + 2 >= n)
        return FW_WRAP_NONE;
    const char *ip = w[i];
    out->kind = FW_WRAP_SERVER;
    out->name = base;
    out->bind = strcmp(ip, "0") == 0 || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0 ||
                        strcmp(ip, "") == 0 || strcmp(ip, "*") == 0
                    ? NULL : ip;
    out->port = w[i + 1];
    out->proto = strcmp(base, "udpsvd") == 0 ? "udp" : "tcp";
    out->at = i + 2;
    return out->kind;
}

fw_wrap_kind fw_shell_unwrap(char *const *w, size_t n, fw_wrap *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return FW_WRAP_NONE;
    const char *base = fw_svc_base(w[0]);
    if (strcmp(base, "nohup") == 0)
        return cmd_at(out, "nohup", skip_opts(w, n, 1, ""), n);
    if (strcmp(base, "nice") == 0)
        return cmd_at(out, "nice", skip_opts(w, n, 1, "n"), n);
    if (strcmp(base, "setsid") == 0)
        return cmd_at(out, "setsid", skip_opts(w, n, 1, ""), n);
    if (strcmp(base, "env") == 0) {
        size_t i = 1;
        while (i < n) {
            if (strcmp(w[i], "-u") == 0 || strcmp(w[i], "-C") == 0 || strcmp(w[i], "--unset") == 0)
                i += 2;
            else if (w[i][0] == '-')
                i++;
            else if (strchr(w[i], '=') && w[i][0] != '=')
                i++;                    /* NAME=VALUE */
            else
                break;
        }
        return cmd_at(out, "env", i, n);
    }
    if (strcmp(base, "chroot") == 0) {
        size_t i = 1;
        while (i < n && strncmp(w[i], "--", 2) == 0)   /* --userspec=U --groups=G --skip-chdir */
            i++;
        if (i >= n)
            return FW_WRAP_NONE;
        out->root = w[i];
        return cmd_at(out, "chroot", i + 1, n);
    }
    if (strcmp(base, "su") == 0)
        return su(w, n, out);
    if (in(shells, base))
        return shell(w, n, out, base);
    if (strcmp(base, "tcpsvd") == 0 || strcmp(base, "udpsvd") == 0 || strcmp(base, "tcpserver") == 0)
        return server(w, n, out, base);
    if (strcmp(base, "busybox") == 0 && n > 1 &&
        (fw_shell_is_wrapper(w[1]) || strcmp(w[1], "start-stop-daemon") == 0))
        return cmd_at(out, "busybox", 1, n);   /* busybox sh -c ..., busybox nohup x */
    return FW_WRAP_NONE;
}
