/* exposure_login.c: the facts about logging in that decide whether a
 * listener or a console is open: which accounts of the image have an empty
 * password, and what a login program named by a daemon (telnetd -l PROG,
 * getty -l PROG) really does when it is a script.
 *
 * Both are read from the image's own files, never assumed: the stock OpenWrt
 * /bin/login.sh runs `exec /bin/ash --login` only while root's password
 * field is empty, so "telnetd -l /bin/login.sh" is a shell without login on
 * an image whose /etc/shadow gives root no password, and a login prompt that
 * refuses everyone on one that does.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/exposure.h"
#include "core/textio.h"
#include "core/xalloc.h"

/* Field k (0-based) of a colon-separated line, as a new string, or NULL. */
static char *field(const char *s, size_t len, unsigned k)
{
    size_t start = 0;
    for (unsigned f = 0; f < k; f++) {
        const char *c = memchr(s + start, ':', len - start);
        if (!c)
            return NULL;
        start = (size_t)(c - s) + 1;
    }
    const char *c = memchr(s + start, ':', len - start);
    size_t end = c ? (size_t)(c - s) : len;
    while (end > start && (s[end - 1] == '\r' || s[end - 1] == ' '))
        end--;
    return fw_xstrndup(s + start, end - start);
}

static int cannot_log_in(const char *shell)
{
    if (!shell || !*shell)
        return 0;   /* no shell field: login gives /bin/sh */
    const char *b = fw_svc_base(shell);
    return strcmp(b, "false") == 0 || strcmp(b, "nologin") == 0 || strcmp(b, "sync") == 0 ||
           strcmp(b, "halt") == 0 || strcmp(b, "shutdown") == 0;
}

/* The password field of user in file (passwd or shadow): 1 and *pw filled
 * (caller frees), or 0 when the file or the user is not there. */
static int password_field(fw_svc_graph *g, const char *file, const char *user, char **pw,
                          char **shell, uint64_t *line)
{
    const fw_node *n = fw_ns_resolve(g->ns, file);
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return 0;
    int found = 0;
    fw_line_iter it;
    fw_line ln;
    size_t ul = strlen(user);
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        if (ln.len > ul && memcmp(ln.s, user, ul) == 0 && ln.s[ul] == ':') {
            *pw = field(ln.s, ln.len, 1);
            if (shell)
                *shell = field(ln.s, ln.len, 6);
            *line = ln.lineno;
            found = 1;
            break;
        }
    }
    fw_blob_close(&b);
    return found;
}

size_t fw_empty_password_accounts(fw_svc_graph *g, fw_empty_account *out, size_t max)
{
    const fw_node *n = fw_ns_resolve(g->ns, "/etc/passwd");
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return 0;
    size_t k = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (k < max && fw_lines_next(&it, &ln)) {
        if (ln.len == 0 || ln.s[0] == '#')
            continue;
        char *user = field(ln.s, ln.len, 0);
        char *pw = field(ln.s, ln.len, 1);
        char *shell = field(ln.s, ln.len, 6);
        const char *file = "/etc/passwd";
        uint64_t line = ln.lineno;
        char *spw = NULL;
        uint64_t sline = 0;
        if (user && *user && pw && strcmp(pw, "x") == 0 &&
            password_field(g, "/etc/shadow", user, &spw, NULL, &sline)) {
            free(pw);
            pw = spw;
            file = "/etc/shadow";
            line = sline;
        }
        if (user && *user && pw && pw[0] == '\0' && !cannot_log_in(shell)) {
            out[k].user = user;
            out[k].file = file;
            out[k].line = line;
            user = NULL;
            k++;
        }
        free(user);
        free(pw);
        free(shell);
    }
    fw_blob_close(&b);
    return k;
}

void fw_empty_accounts_release(fw_empty_account *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].user);
}

fw_login_kind fw_login_program(fw_svc_graph *g, const char *prog, const char *shells,
                               char **shell_out)
{
    *shell_out = NULL;
    if (!prog)
        return FW_LOGIN_UNKNOWN;
    if (fw_is_shell(shells, prog)) {
        *shell_out = fw_xstrdup(prog);
        return FW_LOGIN_SHELL;
    }
    if (strcmp(fw_svc_base(prog), "login") == 0)
        return FW_LOGIN_LOGIN;
    const fw_node *n = fw_svc_resolve_cmd(g, prog);
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return FW_LOGIN_UNKNOWN;
    if (!(b.size > 2 && b.data[0] == '#' && b.data[1] == '!')) {
        fw_blob_close(&b);
        return FW_LOGIN_UNKNOWN;   /* a binary: what it does is compiled in */
    }
    int runs_login = 0, runs_shell = 0, reads_passwords = 0;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
    while (fw_lines_next(&it, &ln)) {
        size_t p = 0;
        while (p < ln.len && (ln.s[p] == ' ' || ln.s[p] == '\t'))
            p++;
        if (p == ln.len || ln.s[p] == '#')
            continue;
        if (memmem(ln.s, ln.len, "/etc/shadow", 11) || memmem(ln.s, ln.len, "/etc/passwd", 11))
            reads_passwords = 1;
        char *w[8];
        int unres = 0;
        size_t nw = fw_shell_words(ln.s + p, ln.len - p, w, 8, &unres);
        size_t c = 0;
        while (c < nw && (strcmp(w[c], "exec") == 0 || strcmp(w[c], "then") == 0 ||
                          strcmp(w[c], "else") == 0))
            c++;
        if (c < nw) {
            if (strcmp(fw_svc_base(w[c]), "login") == 0)
                runs_login = 1;
            else if (fw_is_shell(shells, w[c]) && !*shell_out) {
                runs_shell = 1;
                *shell_out = fw_xstrdup(w[c]);
            }
        }
        fw_shell_words_release(w, nw);
    }
    fw_blob_close(&b);
    if (runs_login)
        return FW_LOGIN_LOGIN;
    if (runs_shell)
        return reads_passwords ? FW_LOGIN_SHELL_IF_NO_PASSWORD : FW_LOGIN_SHELL;
    return FW_LOGIN_UNKNOWN;
}

int fw_root_password_empty(fw_svc_graph *g, const char **file, uint64_t *line)
{
    char *pw = NULL;
    uint64_t l = 0;
    int r = 0;
    if (password_field(g, "/etc/passwd", "root", &pw, NULL, &l)) {
        *file = "/etc/passwd";
        *line = l;
        if (strcmp(pw, "x") == 0) {
            free(pw);
            pw = NULL;
            if (password_field(g, "/etc/shadow", "root", &pw, NULL, &l)) {
                *file = "/etc/shadow";
                *line = l;
            }
        }
        r = pw && pw[0] == '\0';
    } else if (password_field(g, "/etc/shadow", "root", &pw, NULL, &l)) {
        *file = "/etc/shadow";
        *line = l;
        r = pw[0] == '\0';
    }
    free(pw);
    return r;
}
