/* remote_code.c: the "remote-code" analyzer: a script that downloads code
 * and runs it (MO.14: software whose integrity nobody checked), and the
 * transport it came over when that is plain (MO.6).
 *
 * Checks (bound by rules/remote-code.rules; the commands are data:
 * rules/data/remote-code.txt, read by dltools.c):
 *   exec             a script line runs what an earlier download of the
 *                    same script produced: its output piped into a shell or
 *                    interpreter (`wget -O - URL | sh`), its file run
 *                    (`sh F`, `. F`, `chmod +x F; F`), its text evaluated
 *                    (`eval "$(curl URL)"`, `sh -c "$(...)"`, `bash <(...)`,
 *                    V=$(curl ...) then eval "$V"), or a file unpacked from
 *                    a downloaded archive run. The finding is on the line
 *                    that runs it; the download line and URL are details.
 *   plain-transport  the download of such code is over plain HTTP, FTP,
 *                    TFTP or raw TCP (nc), or with TLS certificate checks
 *                    off: on the download line, once per download.
 *   exec-binary      a string in an ELF file that both downloads and runs
 *                    (a system() command line: `wget -O /tmp/x http://%s/x;
 *                    chmod +x /tmp/x; /tmp/x`): string level.
 *
 * What is read as shell: files with a `#!...sh` line and the other scripts
 * fw_script_kind_of knows, files under /etc/init.d, /etc/rc.d, /etc/rcN.d,
 * /etc/hotplug.d and /etc/ppp, /etc/rc.local; each crontab line
 * (/etc/crontab, /etc/cron.d/\*, /etc/crontabs/\*,
 * /var/spool/cron/crontabs/\*) as a command of its own, when a cron daemon
 * is in the image. Each script is judged alone, top to bottom (so this
 * runs on the worker threads); variables assigned literals earlier in it
 * are expanded. Not findings: a download that is only stored, parsed or
 * written to flash (the update analyzer judges update paths), one whose
 * file a signature check names before it runs, commented-out lines,
 * here-document bodies and quoted strings (usage text, echo), files the
 * rules' not-path excludes (documentation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "checks/scripts/dltools.h"
#include "checks/scripts/script.h"
#include "checks/scripts/shlex.h"
#include "core/escape.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_EXEC   "exec"
#define CK_PLAIN  "plain-transport"
#define CK_BIN    "exec-binary"

static const char *const rc_checks[] = { CK_EXEC, CK_PLAIN, CK_BIN, NULL };

/* Bounds: core/limits.h. */
#define MAX_DOWNLOADS   FW_MAX_RC_DOWNLOADS
#define MAX_VARS        FW_MAX_RC_VARS
#define MAX_NEST        FW_MAX_RC_NEST
#define MAX_JOIN        FW_MAX_RC_JOIN
#define MAX_ELF_STRINGS FW_MAX_RC_ELF_STRINGS
/* Shorter printable runs are not command lines worth reading. */
#define MIN_ELF_STRING  12

typedef struct rc_state {
    fw_rc_table t;
} rc_state;

typedef struct download {
    uint64_t line, offset;
    char *excerpt;
    char *file;             /* the file written, normalized; NULL = a stream */
    int dir;                /* file is a directory: an archive unpacked there */
    char *url;
    const char *tool;       /* borrowed from the table */
    int plain;              /* 1 plain or TLS unchecked, 0 TLS, -1 cannot tell */
    char *transport;
    int verified;           /* a signature check named it */
    uint64_t chmod_line;
    int plain_done;         /* plain-transport reported (on the origin) */
    size_t origin;          /* the download this one is a copy of (itself) */
    uint64_t exec_line;     /* last line an exec of it was reported on */
} download;

typedef struct var { char *name, *value; } var;

typedef struct reader {
    fw_check_ctx *ctx;
    const rc_state *st;
    const fw_node *node;
    int binary;             /* strings of an ELF file */
    char *where;            /* "at boot (init script /etc/init.d/x)" */
    download dl[MAX_DOWNLOADS];
    size_t n_dl;
    var vars[MAX_VARS];
    size_t n_vars;
    uint64_t line, offset;  /* of the logical line being read */
    const char *text;       /* that line */
    size_t text_len;
    int rc;
} reader;

/* ---- small helpers ------------------------------------------------------ */

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s && s[1] ? s + 1 : p;
}

static int starts(const char *s, const char *pre) { return strncmp(s, pre, strlen(pre)) == 0; }

/* "./x" and "x" are one file, "//" is "/". */
static char *norm(const char *p)
{
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    fw_strbuf sb = FW_STRBUF_INIT;
    for (size_t i = 0; p[i]; i++)
        if (!(p[i] == '/' && p[i + 1] == '/'))
            fw_sb_addc(&sb, p[i]);
    while (sb.len > 1 && sb.buf[sb.len - 1] == '/')
        sb.buf[--sb.len] = '\0';
    char *r = fw_sb_detach(&sb);
    return r ? r : fw_xstrdup("");
}

/* The last path component of a URL or remote name, without a query. */
static char *url_name(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *q = strpbrk(p, "?#");
    size_t n = q ? (size_t)(q - p) : strlen(p);
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '/')
            slash = p + i;
    if (!slash)
        return strstr(url, "://") ? fw_xstrdup("index.html") : fw_xstrndup(p, n);
    size_t rest = n - (size_t)(slash + 1 - p);
    return rest ? fw_xstrndup(slash + 1, rest) : fw_xstrdup("index.html");
}

static void reader_release(reader *r)
{
    for (size_t i = 0; i < r->n_dl; i++) {
        free(r->dl[i].excerpt);
        free(r->dl[i].file);
        free(r->dl[i].url);
        free(r->dl[i].transport);
    }
    r->n_dl = 0;
    for (size_t i = 0; i < r->n_vars; i++) {
        free(r->vars[i].name);
        free(r->vars[i].value);
    }
    r->n_vars = 0;
}

static const char *lookup(void *arg, const char *name, size_t len)
{
    reader *r = arg;
    for (size_t i = r->n_vars; i-- > 0;)
        if (strlen(r->vars[i].name) == len && memcmp(r->vars[i].name, name, len) == 0)
            return r->vars[i].value;
    return NULL;
}

static void var_set(reader *r, const char *name, size_t len, const char *value)
{
    for (size_t i = 0; i < r->n_vars; i++)
        if (strlen(r->vars[i].name) == len && memcmp(r->vars[i].name, name, len) == 0) {
            free(r->vars[i].value);
            r->vars[i].value = fw_xstrdup(value);
            return;
        }
    if (r->n_vars >= MAX_VARS)
        return;
    r->vars[r->n_vars].name = fw_xstrndup(name, len);
    r->vars[r->n_vars++].value = fw_xstrdup(value);
}

static void var_unset(reader *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->n_vars; i++)
        if (strlen(r->vars[i].name) == len && memcmp(r->vars[i].name, name, len) == 0) {
            free(r->vars[i].value);
            r->vars[i].value = NULL;
            /* keep the slot: lookup returns NULL, the word stays "$NAME" */
            r->vars[i].value = fw_xasprintf("$%.*s", (int)len, name);
            return;
        }
}

/* A variable holding downloaded text is set to a marker naming the
 * download, so that "$V" carries it into eval or sh -c. */
#define MARK "\x01rc-download:"

static int marked(const char *w)
{
    const char *m = strstr(w, MARK);
    if (!m)
        return -1;
    return atoi(m + strlen(MARK));
}

static int assignment(const char *w)
{
    if (!((w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= 'a' && w[0] <= 'z') || w[0] == '_'))
        return 0;
    size_t i = 1;
    while ((w[i] >= 'A' && w[i] <= 'Z') || (w[i] >= 'a' && w[i] <= 'z') ||
           (w[i] >= '0' && w[i] <= '9') || w[i] == '_')
        i++;
    return w[i] == '=' ? (int)i : 0;
}

/* ---- where a script runs ------------------------------------------------ */

static char *where_of(const char *p)
{
    if (starts(p, "/etc/init.d/") || starts(p, "/etc/rc.d/") || starts(p, "/etc/rcS.d/") ||
        (starts(p, "/etc/rc") && p[7] >= '0' && p[7] <= '6' && starts(p + 8, ".d/")) ||
        strcmp(p, "/etc/rc.local") == 0 || starts(p, "/etc/preinit") ||
        starts(p, "/lib/preinit/"))
        return fw_xasprintf("at boot (init script %s)", p);
    if (starts(p, "/etc/uci-defaults/"))
        return fw_xasprintf("at first boot (%s)", p);
    if (starts(p, "/etc/hotplug.d/"))
        return fw_xasprintf("on hotplug events (%s)", p);
    if (starts(p, "/etc/ppp/"))
        return fw_xasprintf("when the PPP link changes (%s)", p);
    if (strstr(p, "/cgi-bin/") || (strlen(p) > 4 && strcmp(p + strlen(p) - 4, ".cgi") == 0))
        return fw_xasprintf("from the web server (CGI %s)", p);
    return fw_xasprintf("in %s", p);
}

/* ---- reporting ----------------------------------------------------------- */

static char *loc(const fw_node *n, uint64_t line)
{
    return line ? fw_xasprintf("%s:%llu", fw_node_syspath(n), (unsigned long long)line)
                : fw_xstrdup(fw_node_syspath(n));
}

static void emit_plain(reader *r, download *d, uint64_t exec_line)
{
    d = &r->dl[d->origin];
    if (d->plain != 1 || d->plain_done || r->rc != FW_OK)
        return;
    d->plain_done = 1;
    char *msg = r->binary
        ? fw_xasprintf("a command string downloads code over %s (%s) and runs it", d->transport,
                       d->url)
        : fw_xasprintf("code run at line %llu is downloaded over %s (%s)",
                       (unsigned long long)exec_line, d->transport, d->url);
    char *id = fw_xasprintf("%s|%s", d->url, d->excerpt ? d->excerpt : "");
    fw_detail det[3] = { { "url", d->url }, { "transport", d->transport },
                         { "tool", (char *)d->tool } };
    fw_hit h = { .check = CK_PLAIN, .node = r->node, .line = d->line, .offset = d->offset,
                 .message = msg, .excerpt = d->excerpt, .identity = id,
                 .severity = r->binary ? FW_SEV_MEDIUM : -1, .details = det, .n_details = 3 };
    r->rc = fw_check_emit(r->ctx, &h);
    free(msg);
    free(id);
}

static void emit_exec(reader *r, int di, const char *how)
{
    download *d = &r->dl[di];
    if (d->verified || r->rc != FW_OK || (d->exec_line == r->line && r->line))
        return;
    d->exec_line = r->line;
    size_t el = r->text_len > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : r->text_len;
    char *excerpt = fw_escaped(r->text, el);
    char *dl_at = loc(r->node, d->line);
    char *chmod_at = d->chmod_line ? loc(r->node, d->chmod_line) : NULL;
    char *msg;
    if (r->binary)
        msg = fw_xasprintf("a command string in this binary downloads %s with %s and runs it "
                           "(%s)", d->url, d->tool, how);
    else
        msg = fw_xasprintf("runs code downloaded from %s with %s (line %llu): %s, %s", d->url,
                           d->tool, (unsigned long long)d->line, how, r->where);
    char *id = fw_xasprintf("%s|%s", d->url, excerpt);
    fw_detail det[6] = { { "download", dl_at }, { "url", d->url },
                         { "transport", d->transport }, { "runs", (char *)how },
                         { "where", r->where }, { "made_executable", chmod_at } };
    fw_hit h = { .check = r->binary ? CK_BIN : CK_EXEC, .node = r->node,
                 .line = r->binary ? 0 : r->line, .offset = r->offset, .message = msg,
                 .excerpt = excerpt, .identity = id, .severity = -1, .details = det,
                 .n_details = chmod_at ? 6 : 5 };
    r->rc = fw_check_emit(r->ctx, &h);
    free(msg);
    free(id);
    free(excerpt);
    free(dl_at);
    free(chmod_at);
    emit_plain(r, d, r->line);
}

/* ---- downloads ------------------------------------------------------------- */

static void set_transport(download *d, const fw_rc_tool *t, const char *url, int insecure)
{
    const char *scheme_end = strstr(url, "://");
    char scheme[16] = "";
    if (scheme_end && (size_t)(scheme_end - url) < sizeof scheme && !memchr(url, '$', (size_t)(scheme_end - url))) {
        for (size_t i = 0; url + i < scheme_end; i++)
            scheme[i] = (char)((url[i] >= 'A' && url[i] <= 'Z') ? url[i] + 32 : url[i]);
    } else if (!scheme_end && url[0] != '$' && url[0] != '\0' && url[0] != '`' &&
               strcmp(t->scheme ? t->scheme : "", "http") == 0) {
        snprintf(scheme, sizeof scheme, "http");    /* wget example.com/x: HTTP */
    }
    if (t->scheme && strcmp(t->scheme, "http") != 0)
        snprintf(scheme, sizeof scheme, "%s", t->scheme);   /* tftp, ftpget, nc */
    static const struct { const char *s, *name; } plain[] = {
        { "http", "plain HTTP" }, { "ftp", "plain FTP" }, { "tftp", "TFTP" },
        { "tcp", "a raw TCP connection (netcat)" },
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strcmp(scheme, plain[i].s) == 0) {
            d->plain = 1;
            d->transport = fw_xstrdup(plain[i].name);
            return;
        }
    if (scheme[0]) {
        d->plain = insecure ? 1 : 0;
        d->transport = insecure ? fw_xasprintf("%s with certificate verification off", scheme)
                                : fw_xasprintf("%s", scheme);
        return;
    }
    d->plain = insecure ? 1 : -1;
    d->transport = fw_xstrdup(insecure ? "TLS with certificate verification off"
                                       : "unknown (the URL is set at run time)");
}

static download *dl_new(reader *r)
{
    if (r->n_dl >= MAX_DOWNLOADS)
        return NULL;
    download *d = &r->dl[r->n_dl++];
    memset(d, 0, sizeof *d);
    d->origin = r->n_dl - 1;
    d->line = r->line;
    d->offset = r->offset;
    size_t el = r->text_len > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : r->text_len;
    d->excerpt = fw_escaped(r->text, el);
    return d;
}

/* A copy of download `from` written to `file` (piped through a filter into
 * a file, or unpacked into a directory). */
static int dl_alias(reader *r, int from, const char *file, int dir)
{
    download *d = dl_new(r);
    if (!d)
        return -1;
    const download *s = &r->dl[from];
    d->line = s->line;
    d->offset = s->offset;
    d->tool = s->tool;
    d->plain = s->plain;
    d->url = fw_xstrdup(s->url);
    d->transport = fw_xstrdup(s->transport);
    d->file = norm(file);
    d->dir = dir;
    d->verified = s->verified;
    d->chmod_line = s->chmod_line;
    d->origin = s->origin;
    return (int)(d - r->dl);
}

/* The download written to file w (or to a directory w is under). */
static int dl_of_file(const reader *r, const char *w)
{
    if (!w || !w[0])
        return -1;
    char *p = norm(w);
    int found = -1;
    for (size_t i = r->n_dl; i-- > 0 && found < 0;) {
        const download *d = &r->dl[i];
        if (!d->file)
            continue;
        if (!d->dir && strcmp(d->file, p) == 0)
            found = (int)i;
        else if (d->dir && strcmp(d->file, ".") == 0 && p[0] != '/' && p[0] != '$' &&
                 strcmp(w, p) != 0)
            found = (int)i;      /* ./x after unpacking into the current directory */
        else if (d->dir && strncmp(p, d->file, strlen(d->file)) == 0 &&
                 p[strlen(d->file)] == '/')
            found = (int)i;
    }
    free(p);
    return found;
}

/* A downloader command: record where its output goes. Returns the download
 * when its output is on standard output, else -1. */
static int fetch(reader *r, const fw_rc_tool *t, fw_sh_cmd *c, char **w, size_t n)
{
    fw_rc_args a;
    fw_rc_parse(t, w + 1, n - 1, &a);
    if (a.flag[FW_RC_OPT_PUT])
        return -1;
    char *url = NULL, *file = NULL;
    int to_stdout = 0;
    const char *host = t->host_operand && t->host_operand <= a.n_operand
                       ? a.operand[t->host_operand - 1] : NULL;
    const char *remote = a.val[FW_RC_OPT_REMOTE];
    if (t->local_operand) {
        /* ftpget HOST LOCAL REMOTE; with one file operand it is both */
        size_t li = t->local_operand - 1;
        if (li < a.n_operand) {
            file = fw_xstrdup(a.operand[li]);
            remote = li + 1 < a.n_operand ? a.operand[li + 1] : a.operand[li];
        }
    }
    if (host) {
        if (strcmp(t->scheme ? t->scheme : "", "tcp") == 0)
            url = fw_xasprintf("tcp://%s%s%s", host, t->host_operand < a.n_operand ? ":" : "",
                               t->host_operand < a.n_operand ? a.operand[t->host_operand] : "");
        else
            url = fw_xasprintf("%s://%s/%s", t->scheme, host, remote ? remote : "");
    } else if (strcmp(t->scheme ? t->scheme : "", "tcp") == 0) {
        url = fw_xstrdup("a netcat listener");
    } else {
        for (size_t i = 0; i < a.n_operand && !url; i++)
            if (strcmp(a.operand[i], "-") != 0)
                url = fw_xstrdup(a.operand[i]);
    }
    if (!url) {
        if (!remote)
            return -1;          /* no URL, no remote file: not a download */
        url = fw_xasprintf("%s://?/%s", t->scheme, remote);
    }
    if (!file) {
        const char *o = a.val[FW_RC_OPT_OUTPUT];
        if (o && strcmp(o, "-") == 0)
            to_stdout = 1;
        else if (o)
            file = fw_xstrdup(o);
        else if (a.flag[FW_RC_OPT_REMOTE_NAME] || t->dflt == FW_RC_TO_URL_NAME) {
            char *nm = url_name(url);
            const char *dir = a.val[FW_RC_OPT_DIRECTORY];
            file = dir ? fw_xasprintf("%s/%s", dir, nm) : fw_xstrdup(nm);
            free(nm);
        } else if (t->dflt == FW_RC_TO_REMOTE_NAME && remote) {
            file = fw_xstrdup(base(remote));
        } else if (t->dflt == FW_RC_TO_STDOUT) {
            to_stdout = 1;
        }
    }
    if (to_stdout && c->out) {
        file = fw_xstrdup(c->out);
        to_stdout = 0;
    }
    download *d = dl_new(r);
    if (!d) {
        free(url);
        free(file);
        return -1;
    }
    d->tool = t->name;
    d->url = url;
    d->file = file ? norm(file) : NULL;
    free(file);
    set_transport(d, t, url, a.flag[FW_RC_OPT_INSECURE]);
    return to_stdout ? (int)(d - r->dl) : -1;
}

/* ---- commands ------------------------------------------------------------- */

static void read_list(reader *r, const char *s, size_t n, unsigned depth);

/* The download whose output a $(...) body ends with, or -1; the body's
 * own downloads and runs are read as well. */
static int body_stream(reader *r, const char *body, unsigned depth);

/* Skip the words that do not change what runs: keywords, wrappers,
 * assignments before a command. */
static size_t skip_prefix(char **w, size_t n)
{
    static const char *const kw[] = {
        "if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "time", "exec",
        "nohup", "command", "builtin", "setsid", "fi", "done", NULL,
    };
    size_t i = 0;
    for (int guard = 0; i < n && guard < 32; guard++) {
        int hit = 0;
        for (size_t k = 0; kw[k]; k++)
            if (strcmp(w[i], kw[k]) == 0)
                hit = 1;
        if (hit || (assignment(w[i]) && i + 1 < n)) {
            i++;
            continue;
        }
        if (strcmp(base(w[i]), "env") == 0 && i + 1 < n) {
            i++;
            while (i + 1 < n && (w[i][0] == '-' || assignment(w[i])))
                i++;
            continue;
        }
        if (strcmp(base(w[i]), "busybox") == 0 && i + 1 < n) {
            i++;
            continue;
        }
        break;
    }
    return i;
}

static int is_exec_mode(const char *m)
{
    if (strchr(m, 'x'))
        return 1;
    if (m[0] < '0' || m[0] > '7')
        return 0;
    for (const char *p = m; *p; p++)
        if (*p < '0' || *p > '7')
            return 0;
    for (const char *p = m + (strlen(m) > 3 ? strlen(m) - 3 : 0); *p; p++)
        if ((*p - '0') & 1)
            return 1;
    return 0;
}

/* Does word k of c carry downloaded text (a marked variable, or a
 * substitution whose command's output is a download)? */
static int word_stream(const fw_sh_cmd *c, const int *sub_dl, size_t k)
{
    int m = marked(c->w[k]);
    if (m >= 0)
        return m;
    for (size_t s = 0; s < c->n_subst; s++)
        if (c->subst[s].word == k && sub_dl[s] >= 0)
            return sub_dl[s];
    return -1;
}

/* One simple command; in_dl is the download on its standard input (-1:
 * none). Returns the download on its standard output. */
static int command(reader *r, fw_sh_cmd *c, int in_dl, unsigned depth)
{
    int sub_dl[FW_SH_MAX_SUBST];
    for (size_t s = 0; s < c->n_subst; s++)
        sub_dl[s] = body_stream(r, c->subst[s].body, depth + 1);
    if (c->n == 0)
        return in_dl;
    /* Assignments alone (A=1 B=2, local/export A=1): remember literal
     * values; V=$(curl ...) marks V; any other expansion forgets V. */
    size_t k0 = strcmp(c->w[0], "local") == 0 || strcmp(c->w[0], "export") == 0 ||
                strcmp(c->w[0], "readonly") == 0;
    int all = c->n > k0;
    for (size_t j = k0; j < c->n; j++)
        all &= assignment(c->w[j]) > 0;
    if (all) {
        for (size_t j = k0; j < c->n; j++) {
            int eq = assignment(c->w[j]);
            int s = word_stream(c, sub_dl, j);
            if (s >= 0) {
                char *m = fw_xasprintf(MARK "%d\x01", s);
                var_set(r, c->w[j], (size_t)eq, m);
                free(m);
            } else if (strchr(c->w[j] + eq + 1, '$') || strchr(c->w[j] + eq + 1, '`')) {
                var_unset(r, c->w[j], (size_t)eq);
            } else {
                var_set(r, c->w[j], (size_t)eq, c->w[j] + eq + 1);
            }
        }
        return -1;
    }
    size_t p = skip_prefix(c->w, c->n);
    char **w = c->w + p;
    size_t n = c->n - p, w0 = p;
    if (n == 0)
        return in_dl;       /* `fi`, `done`, `}` alone */
    /* $(curl URL) as the command: its output runs as a command line. */
    for (size_t s = 0; s < c->n_subst; s++)
        if (c->subst[s].word == w0 && c->subst[s].whole && !c->subst[s].proc && sub_dl[s] >= 0) {
            emit_exec(r, sub_dl[s], "its output is run as a command line");
            return -1;
        }
    const char *name = base(w[0]);
    const fw_rc_tool *t = fw_rc_tool_find(&r->st->t, name);
    if (strcmp(name, "chmod") == 0) {
        int x = 0;
        for (size_t k = 1; k < n; k++) {
            if (!x && w[k][0] != '-' && is_exec_mode(w[k])) {
                x = 1;
                continue;
            }
            int di = x ? dl_of_file(r, w[k]) : -1;
            if (di >= 0 && !r->dl[di].chmod_line)
                r->dl[di].chmod_line = r->line;
        }
        return -1;
    }
    if (strcmp(name, "rm") == 0 || strcmp(name, "mv") == 0 || strcmp(name, "cp") == 0) {
        /* rm forgets a download; mv and cp carry it to a new name (the
         * last operand; into a directory: DIR/NAME). */
        const char *ops[FW_SH_MAX_WORDS];
        size_t no = 0;
        for (size_t k = 1; k < n; k++)
            if (w[k][0] != '-')
                ops[no++] = w[k];
        if (name[0] == 'r') {
            for (size_t k = 0; k < no; k++)
                for (int di; (di = dl_of_file(r, ops[k])) >= 0 && !r->dl[di].dir;) {
                    free(r->dl[di].file);
                    r->dl[di].file = NULL;
                }
            return -1;
        }
        for (size_t k = 0; no >= 2 && k + 1 < no; k++) {
            int di = dl_of_file(r, ops[k]);
            if (di < 0 || r->dl[di].dir)
                continue;
            const char *dst = ops[no - 1];
            size_t dl_len = strlen(dst);
            char *to = dl_len && dst[dl_len - 1] == '/'
                       ? fw_xasprintf("%s%s", dst, base(ops[k])) : fw_xstrdup(dst);
            if (name[0] == 'm') {
                free(r->dl[di].file);
                r->dl[di].file = norm(to);
            } else {
                dl_alias(r, di, to, 0);
            }
            free(to);
        }
        return -1;
    }
    if ((strcmp(name, "echo") == 0 || strcmp(name, "printf") == 0) && c->pipe_out) {
        for (size_t k = 1; k < n; k++) {
            int m = word_stream(c, sub_dl, w0 + k);
            if (m >= 0)
                return m;       /* echo "$SCRIPT" | sh */
        }
        return -1;
    }
    if (!t) {
        /* A bare name is looked up in PATH, not in the current directory. */
        int di = strchr(w[0], '/') || w[0][0] == '$' ? dl_of_file(r, w[0]) : -1;
        if (di >= 0)
            emit_exec(r, di, r->dl[di].dir ? "a file unpacked from it is run"
                             : r->dl[di].chmod_line ? "made executable and run" : "the file is run");
        return -1;
    }
    if (t->kinds & FW_RC_FETCH)
        return fetch(r, t, c, w, n);
    fw_rc_args a;
    fw_rc_parse(t, w + 1, n - 1, &a);
    if (t->kinds & FW_RC_VERIFY) {
        int sig = a.flag[FW_RC_OPT_VERIFY];
        for (size_t k = 1; sig && k < n; k++)
            for (size_t i = 0; i < r->n_dl; i++)
                if (r->dl[i].file && !r->dl[i].dir && strstr(w[k], r->dl[i].file))
                    r->dl[i].verified = 1;
        if (sig)
            return -1;
    }
    if (t->kinds & FW_RC_INTERP) {
        if (a.val[FW_RC_OPT_CODE]) {
            /* sh -c "$(curl URL)" / sh -c "$V" / sh -c 'wget ... | sh' */
            for (size_t k = 1; k < n; k++)
                if (w[k] == a.val[FW_RC_OPT_CODE]) {
                    int s = word_stream(c, sub_dl, w0 + k);
                    if (s >= 0) {
                        char *how = fw_xasprintf("its text is run by %s as program text",
                                                 name);
                        emit_exec(r, s, how);
                        free(how);
                        return -1;
                    }
                }
            if (depth < MAX_NEST)
                read_list(r, a.val[FW_RC_OPT_CODE], strlen(a.val[FW_RC_OPT_CODE]), depth + 1);
            return -1;
        }
        const char *op = a.n_operand ? a.operand[0] : NULL;
        for (size_t k = 1; k < n && op; k++)
            if (strcmp(w[k], "-s") == 0)
                op = NULL;       /* sh -s ARGS: the script is standard input */
            else if (w[k] == op)
                break;
        if (op) {
            for (size_t k = 1; k < n; k++)
                if (w[k] == op) {
                    int s = word_stream(c, sub_dl, w0 + k);
                    if (s >= 0) {
                        char *how = fw_xasprintf("its output is run by %s", name);
                        emit_exec(r, s, how);
                        free(how);
                        return -1;
                    }
                }
        }
        if ((!op || strcmp(op, "-") == 0 || strcmp(op, "/dev/stdin") == 0) && in_dl >= 0) {
            char *how = fw_xasprintf("piped into %s", name);
            emit_exec(r, in_dl, how);
            free(how);
            return -1;
        }
        int di = op ? dl_of_file(r, op) : -1;
        if (di >= 0) {
            char *how = fw_xasprintf("the file is run with %s", name);
            emit_exec(r, di, how);
            free(how);
        }
        return -1;
    }
    if (t->kinds & FW_RC_SOURCE) {
        const char *op = a.n_operand ? a.operand[0] : NULL;
        int s = -1;
        for (size_t k = 1; op && k < n && s < 0; k++)
            if (w[k] == op)
                s = word_stream(c, sub_dl, w0 + k);
        if (s < 0 && op)
            s = dl_of_file(r, op);
        if (s >= 0)
            emit_exec(r, s, "read into the shell with `.`/source");
        return -1;
    }
    if (t->kinds & FW_RC_EVAL) {
        for (size_t k = 1; k < n; k++) {
            int s = word_stream(c, sub_dl, w0 + k);
            if (s >= 0) {
                emit_exec(r, s, "its text is run with eval");
                break;
            }
        }
        return -1;
    }
    if ((t->kinds & FW_RC_UNPACK) && a.flag[FW_RC_OPT_EXTRACT]) {
        const char *in = a.val[FW_RC_OPT_INPUT];
        if (!in && t->input_operand && t->input_operand <= a.n_operand)
            in = a.operand[t->input_operand - 1];
        int s = in && strcmp(in, "-") != 0 ? dl_of_file(r, in) : in_dl;
        if (s >= 0) {
            const char *dir = a.val[FW_RC_OPT_DIRECTORY];
            dl_alias(r, s, dir ? dir : ".", 1);
        }
        return -1;
    }
    if ((t->kinds & FW_RC_FILTER) && in_dl >= 0) {
        if (c->out) {
            dl_alias(r, in_dl, c->out, 0);
            return -1;
        }
        return in_dl;
    }
    return -1;
}

static void read_list(reader *r, const char *s, size_t n, unsigned depth)
{
    fw_sh_list l = FW_SH_LIST_INIT;
    fw_sh_split(s, n, lookup, r, &l);
    int in_dl = -1;
    for (size_t i = 0; i < l.n && r->rc == FW_OK; i++) {
        int out = command(r, &l.v[i], in_dl, depth);
        in_dl = l.v[i].pipe_out ? out : -1;
    }
    fw_sh_list_release(&l);
}

static int body_stream(reader *r, const char *body, unsigned depth)
{
    if (depth > MAX_NEST)
        return -1;
    fw_sh_list l = FW_SH_LIST_INIT;
    fw_sh_split(body, strlen(body), lookup, r, &l);
    int in_dl = -1, out = -1;
    for (size_t i = 0; i < l.n && r->rc == FW_OK; i++) {
        out = command(r, &l.v[i], in_dl, depth);
        in_dl = l.v[i].pipe_out ? out : -1;
    }
    fw_sh_list_release(&l);
    return out;
}

/* ---- files ----------------------------------------------------------------- */

/* Read a shell script: logical lines (continuations and open quotes
 * joined), here-document bodies skipped. */
static void read_script(reader *r, const fw_blob *blob)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    fw_strbuf sb = FW_STRBUF_INIT;
    char *heredoc = NULL;
    while (r->rc == FW_OK && fw_lines_next(&it, &ln)) {
        if (heredoc) {
            size_t k = 0;
            while (k < ln.len && ln.s[k] == '\t')
                k++;
            if (ln.len - k == strlen(heredoc) && memcmp(ln.s + k, heredoc, ln.len - k) == 0) {
                free(heredoc);
                heredoc = NULL;
            }
            continue;
        }
        fw_sb_reset(&sb);
        r->line = ln.lineno;
        r->offset = ln.offset;
        fw_sb_add(&sb, ln.s, ln.len);
        for (int j = 0; j < MAX_JOIN && fw_sh_continues(sb.buf, sb.len); j++) {
            if (sb.len > 0 && sb.buf[sb.len - 1] == '\\')
                sb.buf[--sb.len] = '\0';
            else
                fw_sb_addc(&sb, '\n');
            if (!fw_lines_next(&it, &ln))
                break;
            fw_sb_add(&sb, ln.s, ln.len);
        }
        r->text = fw_sb_str(&sb);
        r->text_len = sb.len;
        fw_sh_list l = FW_SH_LIST_INIT;
        fw_sh_split(sb.buf ? sb.buf : "", sb.len, lookup, r, &l);
        int in_dl = -1;
        for (size_t i = 0; i < l.n && r->rc == FW_OK; i++) {
            int out = command(r, &l.v[i], in_dl, 0);
            in_dl = l.v[i].pipe_out ? out : -1;
        }
        if (l.heredoc)
            heredoc = fw_xstrdup(l.heredoc);
        fw_sh_list_release(&l);
    }
    free(heredoc);
    fw_sb_release(&sb);
}

static const char *const cron_daemons[] = {
    "/usr/sbin/crond", "/sbin/crond", "/usr/bin/crond", "/bin/crond", "/usr/sbin/cron",
    "/sbin/cron", "/usr/bin/cron", "/usr/sbin/fcron", NULL,
};

/* A crontab with a user field (/etc/crontab, /etc/cron.d/x) or without one. */
static int crontab_kind(const char *p)
{
    if (strcmp(p, "/etc/crontab") == 0 || starts(p, "/etc/cron.d/"))
        return 2;
    if (starts(p, "/etc/crontabs/") || starts(p, "/var/spool/cron/crontabs/") ||
        starts(p, "/var/spool/cron/"))
        return 1;
    return 0;
}

static int has_cron_daemon(const fw_ns *ns)
{
    for (size_t i = 0; cron_daemons[i]; i++) {
        const fw_node *n = fw_ns_resolve(ns, cron_daemons[i]);
        if (n && n->type == FW_NODE_FILE)
            return 1;
    }
    return 0;
}

/* Each job line runs alone (its own sh -c): fields, then the command up to
 * an unescaped % (the rest is its standard input). */
static void read_crontab(reader *r, const fw_blob *blob, int kind)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    const char *p = fw_node_syspath(r->node);
    while (r->rc == FW_OK && fw_lines_next(&it, &ln)) {
        size_t i = 0;
        while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
            i++;
        if (i == ln.len || ln.s[i] == '#')
            continue;
        size_t fields = ln.s[i] == '@' ? 1 : 5;
        fields += kind == 2;
        size_t f = 0;
        while (i < ln.len && f < fields) {
            while (i < ln.len && ln.s[i] != ' ' && ln.s[i] != '\t')
                i++;
            while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
                i++;
            f++;
        }
        if (f < fields || i == ln.len || memchr(ln.s, '=', i))
            continue;      /* an environment line (NAME=value) or a short one */
        size_t e = i;
        while (e < ln.len && !(ln.s[e] == '%' && ln.s[e - 1] != '\\'))
            e++;
        reader_release(r);
        free(r->where);
        r->where = fw_xasprintf("from cron (%s:%llu)", p, (unsigned long long)ln.lineno);
        r->line = ln.lineno;
        r->offset = ln.offset;
        r->text = ln.s;
        r->text_len = ln.len;
        read_list(r, ln.s + i, e - i, 0);
    }
}

/* Printable strings of an ELF file that name a downloader: read as one
 * command line each. Usage text ("[-O FILE]") is not a command. */
static void read_elf(reader *r, const fw_blob *blob)
{
    const unsigned char *d = blob->data;
    size_t n = blob->size, i = 0, strings = 0;
    while (i < n && strings < MAX_ELF_STRINGS && r->rc == FW_OK) {
        while (i < n && !(d[i] >= 0x20 && d[i] < 0x7f))
            i++;
        size_t s = i;
        while (i < n && ((d[i] >= 0x20 && d[i] < 0x7f) || d[i] == '\t'))
            i++;
        size_t len = i - s;
        if (len < MIN_ELF_STRING || len > FW_MAX_ELF_STRING)
            continue;
        const char *str = (const char *)d + s;
        int names = 0;
        for (size_t k = 0; k < r->st->t.n && !names; k++) {
            const fw_rc_tool *t = &r->st->t.v[k];
            if (!(t->kinds & FW_RC_FETCH))
                continue;
            size_t tl = strlen(t->name);
            for (const char *q = str; (q = memmem(q, len - (size_t)(q - str), t->name, tl));
                 q += tl)
                if ((q == str || q[-1] == ' ' || q[-1] == '/' || q[-1] == ';') &&
                    (size_t)(q - str) + tl < len && q[tl] == ' ') {
                    names = 1;
                    break;
                }
        }
        if (!names || memmem(str, len, "[-", 2) || memmem(str, len, "sage:", 5))
            continue;
        strings++;
        reader_release(r);
        r->line = 0;
        r->offset = s;
        r->text = str;
        r->text_len = len;
        read_list(r, str, len, 0);
    }
}

static int under_any(const char *p, const char *const *dirs)
{
    for (size_t i = 0; dirs[i]; i++)
        if (starts(p, dirs[i]))
            return 1;
    return 0;
}

static int rc_match(fw_check_ctx *ctx, const void *state, const fw_node *node,
                    const fw_blob *blob)
{
    const rc_state *st = state;
    const char *p = fw_node_syspath(node);
    const fw_rule *rule = fw_check_rule(ctx, CK_EXEC);
    if (!rule)
        rule = fw_check_rule(ctx, CK_BIN);
    if (!rule || !fw_rule_path_matches(rule, p) || blob->size == 0)
        return FW_OK;
    reader r = { .ctx = ctx, .st = st, .node = node, .rc = FW_OK };
    if (fw_script_is_elf(blob)) {
        r.binary = 1;
        r.where = fw_xstrdup("in a binary");
        read_elf(&r, blob);
    } else if (fw_blob_is_text(blob) && blob->size <= FW_MAX_SCRIPT_SIZE) {
        static const char *const sh_dirs[] = {
            "/etc/init.d/", "/etc/rc.d/", "/etc/rcS.d/", "/etc/rc0.d/", "/etc/rc1.d/",
            "/etc/rc2.d/", "/etc/rc3.d/", "/etc/rc4.d/", "/etc/rc5.d/", "/etc/rc6.d/",
            "/etc/hotplug.d/", "/etc/ppp/", "/etc/rc.local", NULL,
        };
        int ck = crontab_kind(p);
        if (ck) {
            if (has_cron_daemon(node->ns))
                read_crontab(&r, blob, ck);
        } else if (fw_script_kind_of(node, blob) == SCRIPT_SH || under_any(p, sh_dirs)) {
            const char *d = (const char *)blob->data;
            /* a #! line naming something else (lua, php, awk) is not shell */
            if (!(blob->size > 2 && d[0] == '#' && d[1] == '!' &&
                  fw_script_kind_of(node, blob) != SCRIPT_SH)) {
                r.where = where_of(p);
                read_script(&r, blob);
            }
        }
    }
    reader_release(&r);
    free(r.where);
    return r.rc;
}

static int rc_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    rc_state *st = fw_xcalloc(1, sizeof *st);
    *state = st;
    return fw_rc_table_load_for(ctx, rc_checks, "commands", &st->t, err);
}

static void rc_fini(void *state)
{
    rc_state *st = state;
    if (!st)
        return;
    fw_rc_table_release(&st->t);
    free(st);
}

const fw_analyzer fw_analyzer_remote_code = {
    .name = "remote-code",
    .checks = rc_checks,
    .init = rc_init,
    .fini = rc_fini,
    .match_file = rc_match,
};
