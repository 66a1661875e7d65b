/* conf_ftp.c: FTP server configurations (conf_int.h): vsftpd.conf,
 * proftpd.conf, pure-ftpd.conf and pure-ftpd's one-file-per-option
 * directory. What counts: anonymous logins, anonymous writes, the whole
 * file system served, local (password) logins without TLS. */
#include <stdlib.h>
#include <string.h>
#include "checks/services/conf_int.h"
#include "core/xalloc.h"

/* ---- vsftpd -------------------------------------------------------------- */

typedef struct vs_opt {
    int val;          /* -1 = not set */
    uint64_t line;
    char *ex;
} vs_opt;

enum { VS_ANON, VS_LOCAL, VS_WRITE, VS_UPLOAD, VS_MKDIR, VS_OTHER, VS_SSL, VS_N };
static const char *const vs_names[VS_N] = {
    "anonymous_enable", "local_enable", "write_enable", "anon_upload_enable",
    "anon_mkdir_write_enable", "anon_other_write_enable", "ssl_enable",
};

/* vsftpd before 3.0.3 allows anonymous logins when anonymous_enable is not
 * set (its sample file: "Beware - allowed by default if you comment this
 * out"); 3.0.3 turned the default to NO. The banner string in the binary,
 * "vsFTPd 2.0.7", tells which. 1 = old default, 0 = new, -1 = unknown. */
static int vsftpd_old_default(const fw_conf_job *j)
{
    const fw_node *b = j->binary ? fw_ns_resolve(j->g->ns, j->binary) : NULL;
    fw_blob blob;
    fw_error err = { 0 };
    if (!b || fw_node_open(b, &blob, &err) != FW_OK)
        return -1;
    int res = -1;
    const char *p = (const char *)blob.data, *end = p + blob.size;
    while (p && p + 8 < end) {
        const char *m = memmem(p, (size_t)(end - p), "vsFTPd ", 7);
        if (!m || m + 12 > end)
            break;
        int maj = -1, min = -1, pat = 0;
        const char *q = m + 7;
        if (q[0] >= '0' && q[0] <= '9' && q[1] == '.' && q[2] >= '0' && q[2] <= '9') {
            maj = q[0] - '0';
            min = q[2] - '0';
            if (q[3] == '.' && q[4] >= '0' && q[4] <= '9')
                pat = q[4] - '0';
            res = maj < 3 || (maj == 3 && min == 0 && pat < 3);
            break;
        }
        p = m + 7;
    }
    fw_blob_close(&blob);
    return res;
}

static int is_root_dir(const char *v, size_t n)
{
    return (n == 1 && v[0] == '/') || (n == 2 && v[0] == '/' && v[1] == '.');
}

static void vsftpd_judge(const fw_conf_job *j)
{
    vs_opt o[VS_N];
    for (int i = 0; i < VS_N; i++)
        o[i] = (vs_opt){ -1, 0, NULL };
    uint64_t anon_root = 0, local_root = 0;
    char *anon_root_ex = NULL, *local_root_ex = NULL;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        const char *k, *v;
        size_t kl, vl;
        if (fw_conf_is_comment(&ln, "#") || !fw_conf_kv(&ln, "=", &k, &kl, &v, &vl))
            continue;
        for (int i = 0; i < VS_N; i++)
            if (fw_conf_eq(k, kl, vs_names[i])) {   /* the last setting wins */
                o[i].val = fw_conf_bool(v, vl);
                o[i].line = ln.lineno;
                free(o[i].ex);
                o[i].ex = fw_xstrndup(ln.s, ln.len);
            }
        if (fw_conf_eq(k, kl, "anon_root") && is_root_dir(v, vl)) {
            anon_root = ln.lineno;
            free(anon_root_ex);
            anon_root_ex = fw_xstrndup(ln.s, ln.len);
        }
        if (fw_conf_eq(k, kl, "local_root") && is_root_dir(v, vl)) {
            local_root = ln.lineno;
            free(local_root_ex);
            local_root_ex = fw_xstrndup(ln.s, ln.len);
        }
    }
    int anon = o[VS_ANON].val == 1;
    if (o[VS_ANON].val == -1 && vsftpd_old_default(j) == 1) {
        anon = 1;
        fw_conf_emit(j, FW_CONF_CK_FTP_ANON, NULL, 0, NULL, "anonymous_enable unset",
                     "vsftpd allows anonymous logins: anonymous_enable is not set and this "
                     "vsftpd (before 3.0.3) defaults it to YES");
    } else if (anon) {
        fw_conf_emit(j, FW_CONF_CK_FTP_ANON, NULL, o[VS_ANON].line, o[VS_ANON].ex, NULL,
                     "vsftpd allows anonymous logins");
    }
    if (anon && o[VS_WRITE].val == 1) {
        for (int i = VS_UPLOAD; i <= VS_OTHER; i++)
            if (o[i].val == 1) {
                fw_conf_emit(j, FW_CONF_CK_FTP_ANON_WRITE, NULL, o[i].line, o[i].ex, NULL,
                             "vsftpd lets anonymous users write (%s=YES with write_enable=YES)",
                             vs_names[i]);
                break;
            }
    }
    if (anon && anon_root)
        fw_conf_emit(j, FW_CONF_CK_FTP_ROOT, NULL, anon_root, anon_root_ex, NULL,
                     "vsftpd serves the whole file system to anonymous users (anon_root=/)");
    if (o[VS_LOCAL].val == 1 && local_root)
        fw_conf_emit(j, FW_CONF_CK_FTP_ROOT, NULL, local_root, local_root_ex, NULL,
                     "vsftpd serves the whole file system to local users (local_root=/)");
    if (o[VS_LOCAL].val == 1 && o[VS_SSL].val != 1)
        fw_conf_emit(j, FW_CONF_CK_FTP_NO_TLS, NULL, o[VS_LOCAL].line, o[VS_LOCAL].ex, NULL,
                     "vsftpd takes local account passwords without TLS (ssl_enable %s)",
                     o[VS_SSL].val == 0 ? "is NO" : "is not set");
    for (int i = 0; i < VS_N; i++)
        free(o[i].ex);
    free(anon_root_ex);
    free(local_root_ex);
}

static const char *const vs_daemons[] = { "vsftpd", NULL };
static const char *const vs_paths[] = { "/etc/vsftpd.conf", "/etc/vsftpd/vsftpd.conf", NULL };
const fw_conf_family fw_conf_vsftpd = {
    .name = "vsftpd", .daemons = vs_daemons, .paths = vs_paths, .positional = 1,
    .judge = vsftpd_judge,
};

/* ---- proftpd -------------------------------------------------------------- */

/* The first word of a directive line, without "<" and ">". */
static int directive(const fw_line *ln, const char **w, size_t *wl, const char **rest, size_t *rl)
{
    const char *s = ln->s;
    size_t n = ln->len;
    fw_conf_trim(&s, &n);
    size_t i = 0;
    while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '>')
        i++;
    *w = s;
    *wl = i;
    *rest = s + i;
    *rl = n - i;
    fw_conf_trim(rest, rl);
    if (*rl && (*rest)[*rl - 1] == '>')
        (*rl)--;
    return i > 0;
}

static void proftpd_judge(const fw_conf_job *j)
{
    int in_anon = 0, in_limit = 0, limit_write = 0, login_denied = 0;
    uint64_t anon_line = 0;
    char *anon_ex = NULL;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        const char *w, *rest;
        size_t wl, rl;
        if (fw_conf_is_comment(&ln, "#") || !directive(&ln, &w, &wl, &rest, &rl))
            continue;
        if (fw_conf_eq(w, wl, "<Anonymous")) {
            in_anon = 1;
            login_denied = 0;
            anon_line = ln.lineno;
            free(anon_ex);
            anon_ex = fw_xstrndup(ln.s, ln.len);
            if (is_root_dir(rest, rl))
                fw_conf_emit(j, FW_CONF_CK_FTP_ROOT, NULL, ln.lineno, anon_ex, NULL,
                             "proftpd serves the whole file system to anonymous users");
        } else if (fw_conf_eq(w, wl, "</Anonymous")) {
            if (in_anon && !login_denied)
                fw_conf_emit(j, FW_CONF_CK_FTP_ANON, NULL, anon_line, anon_ex, NULL,
                             "proftpd allows anonymous logins (<Anonymous> block)");
            in_anon = 0;
        } else if (in_anon && fw_conf_eq(w, wl, "<Limit")) {
            in_limit = 1;
            /* WRITE, STOR, MKD, DELE, APPE ... : commands that change files */
            limit_write = 0;
            static const char *const cmds[] = { "WRITE", "STOR", "STOU", "APPE", "MKD",
                                                "XMKD", "DELE", "RNFR", "RNTO", "SITE_CHMOD",
                                                "ALL", NULL };
            const char *p = rest, *end = rest + rl;
            while (p < end) {
                while (p < end && (*p == ' ' || *p == '\t'))
                    p++;
                const char *q = p;
                while (q < end && *q != ' ' && *q != '\t')
                    q++;
                for (size_t c = 0; cmds[c]; c++)
                    if (fw_conf_eq(p, (size_t)(q - p), cmds[c]))
                        limit_write = 1;
                if (fw_conf_eq(p, (size_t)(q - p), "LOGIN"))
                    limit_write = limit_write ? limit_write : 2;
                p = q;
            }
        } else if (fw_conf_eq(w, wl, "</Limit")) {
            in_limit = 0;
        } else if (in_anon && in_limit && limit_write == 2 && fw_conf_eq(w, wl, "DenyAll")) {
            login_denied = 1;
        } else if (in_anon && in_limit && limit_write == 1 && fw_conf_eq(w, wl, "AllowAll")) {
            char *ex = fw_xstrndup(ln.s, ln.len);
            fw_conf_emit(j, FW_CONF_CK_FTP_ANON_WRITE, NULL, ln.lineno, ex, NULL,
                         "proftpd lets anonymous users write (<Limit WRITE> AllowAll inside "
                         "<Anonymous> at line %llu)", (unsigned long long)anon_line);
            free(ex);
        }
    }
    free(anon_ex);
}

static const char *const pro_daemons[] = { "proftpd", NULL };
static const char *const pro_paths[] = { "/etc/proftpd.conf", "/etc/proftpd/proftpd.conf", NULL };
const fw_conf_family fw_conf_proftpd = {
    .name = "proftpd", .daemons = pro_daemons, .paths = pro_paths, .judge = proftpd_judge,
};

/* ---- pure-ftpd ------------------------------------------------------------ */

/* pure-ftpd.conf ("NoAnonymous no") or the Debian one-option-per-file
 * directory (/etc/pure-ftpd/conf/NoAnonymous holding "no"): the file name
 * is the option. */
static void pureftpd_judge(const fw_conf_job *j)
{
    const char *base = fw_svc_base(fw_node_syspath(j->cfg));
    int dirform = strcmp(base, "NoAnonymous") == 0;
    int anon = 0;
    uint64_t anon_line = 0, upload_line = 0;
    char *anon_ex = NULL, *upload_ex = NULL;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, j->text, j->len);
    while (fw_lines_next(&it, &ln)) {
        if (fw_conf_is_comment(&ln, "#"))
            continue;
        const char *k = base, *v = ln.s;
        size_t kl = strlen(base), vl = ln.len;
        if (!dirform && !fw_conf_kv(&ln, " \t", &k, &kl, &v, &vl))
            continue;
        fw_conf_trim(&v, &vl);
        if (fw_conf_eq(k, kl, "NoAnonymous") && fw_conf_bool(v, vl) == 0) {
            anon = 1;
            anon_line = ln.lineno;
            free(anon_ex);
            anon_ex = fw_xstrndup(ln.s, ln.len);
        }
        if (fw_conf_eq(k, kl, "AnonymousCantUpload") && fw_conf_bool(v, vl) == 0) {
            upload_line = ln.lineno;
            free(upload_ex);
            upload_ex = fw_xstrndup(ln.s, ln.len);
        }
        if (dirform)
            break;
    }
    if (anon)
        fw_conf_emit(j, FW_CONF_CK_FTP_ANON, NULL, anon_line, anon_ex, NULL,
                     "pure-ftpd allows anonymous logins (NoAnonymous no)");
    if (anon && upload_line)
        fw_conf_emit(j, FW_CONF_CK_FTP_ANON_WRITE, NULL, upload_line, upload_ex, NULL,
                     "pure-ftpd lets anonymous users upload (AnonymousCantUpload no)");
    free(anon_ex);
    free(upload_ex);
}

static const char *const pure_daemons[] = { "pure-ftpd", NULL };
static const char *const pure_paths[] = { "/etc/pure-ftpd.conf", "/etc/pure-ftpd/pure-ftpd.conf",
                                          "/etc/pure-ftpd/conf/NoAnonymous", NULL };
const fw_conf_family fw_conf_pureftpd = {
    .name = "pure-ftpd", .daemons = pure_daemons, .paths = pure_paths, .positional = 1,
    .judge = pureftpd_judge,
};
