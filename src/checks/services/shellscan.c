/* shellscan.c: what a boot shell script plainly starts, read without running
 * it.
 *
 * A script is read line by line (backslash continuations joined), each line
 * split into commands at unquoted ; & && || |, each command into words with
 * the shell's quoting rules. Variables assigned a literal earlier in the
 * same script (PROG=/usr/sbin/telnetd, BIN="$DIR/x" with DIR literal) are
 * expanded; anything else ($1, $(...), `...`, variables set elsewhere) makes
 * the word unresolved, and a start whose command is unresolved is recorded
 * as such rather than guessed.
 *
 * What counts as a start:
 *   - a command whose name the rules list as a daemon (daemons=/inventory=);
 *   - a command put in the background with `&`;
 *   - start-stop-daemon with -S/--start (the -x/--exec or -a/--startas
 *     program, arguments after `--`);
 *   - OpenWrt procd: procd_set_param command PROG ARGS (with the arguments
 *     of later procd_append_param command lines); service_start PROG;
 *   - the program a super-server runs (tcpsvd/udpsvd/tcpserver IP PORT
 *     PROG), with the socket it listens on;
 *   - a program written to /proc/sys/kernel/hotplug (or sysctl
 *     kernel.hotplug=), which the kernel runs on every device event;
 *   - a name ending in "d" that resolves to a non-script file in the image
 *     (httpd, udhcpd, crond): the daemon naming convention.
 * Wrappers are looked through (shellwrap.c): nohup, env, setsid, chroot,
 * busybox APPLET, and sh -c / su -c bodies, which are read as shell.
 *
 * What is followed: scripts the script runs (`/etc/rc.local`, `sh file`,
 * `. file`, start-stop-daemon -x SCRIPT), with any argument but a stopping
 * one; the files a `for VAR in DIR/S??*` loop runs as `$VAR`; run-parts DIR;
 * shell functions of the same script where they are called (a function
 * nothing calls starts nothing: its starts are listed as not started), and
 * for OpenWrt rc.common scripts the function rc.common calls (boot, start,
 * start_service). A file without a #! line is still a shell script when a
 * shell runs it. Each script is read once, SVC_MAX_DEPTH deep.
 *
 * Conditions: a command inside `if`/`else`, after && / ||, or in a { }
 * group opened after one, is CONDITIONAL, and so is everything in a script
 * or function reached that way. A test that the image answers is not a
 * condition: `[ -x /etc/rc.local ] && /etc/rc.local` with rc.local in the
 * image, `[ -f "$i" ]` on a file a glob loop found. Test commands of
 * `if`/`while` lines are not starts.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
#include "checks/services/shellwrap.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/xalloc.h"

typedef struct var { char *name, *value; } var;
typedef struct vars { var v[SVC_MAX_VARS]; size_t n; } vars;

static const char *var_get(const vars *vs, const char *name, size_t len)
{
    for (size_t i = vs ? vs->n : 0; i-- > 0;)
        if (strlen(vs->v[i].name) == len && memcmp(vs->v[i].name, name, len) == 0)
            return vs->v[i].value;
    return NULL;
}

static void var_set(vars *vs, const char *name, size_t nlen, const char *value)
{
    for (size_t i = 0; i < vs->n; i++)
        if (strlen(vs->v[i].name) == nlen && memcmp(vs->v[i].name, name, nlen) == 0) {
            free(vs->v[i].value);
            vs->v[i].value = value ? fw_xstrdup(value) : NULL;
            return;
        }
    if (vs->n >= SVC_MAX_VARS || !value)
        return;
    vs->v[vs->n].name = fw_xstrndup(name, nlen);
    vs->v[vs->n].value = fw_xstrdup(value);
    vs->n++;
}

static void vars_free(vars *vs)
{
    for (size_t i = 0; i < vs->n; i++) {
        free(vs->v[i].name);
        free(vs->v[i].value);
    }
    vs->n = 0;
}

static int is_name_start(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

/* Expand a $ at s[*i] (s[*i] == '$') into sb. */
static void expand_dollar(const char *s, size_t len, size_t *i, const vars *vs, fw_strbuf *sb,
                          int *unres)
{
    size_t p = *i + 1;
    const char *name = NULL;
    size_t nlen = 0;
    if (p < len && s[p] == '{') {
        size_t q = p + 1;
        while (q < len && is_name_char(s[q]))
            q++;
        if (q < len && s[q] == '}' && q > p + 1) {
            name = s + p + 1;
            nlen = q - p - 1;
            p = q + 1;
        }
    } else if (p < len && is_name_start(s[p])) {
        size_t q = p;
        while (q < len && is_name_char(s[q]))
            q++;
        name = s + p;
        nlen = q - p;
        p = q;
    }
    const char *v = name ? var_get(vs, name, nlen) : NULL;
    if (v) {
        fw_sb_adds(sb, v);
        *i = p;
        return;
    }
    *unres = 1;
    if (name) {          /* keep "$PROG" as written: the reader sees what is unknown */
        fw_sb_add(sb, s + *i, p - *i);
        *i = p;
    } else {
        fw_sb_addc(sb, '$');
        *i += 1;
    }
}

static size_t words_ex(const char *s, size_t len, const vars *vs, char **words, size_t max,
                       int *unresolved)
{
    size_t n = 0, i = 0;
    *unresolved = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= len || s[i] == '#')
            break;
        fw_strbuf sb = FW_STRBUF_INIT;
        int wunres = 0;
        while (i < len && s[i] != ' ' && s[i] != '\t') {
            char c = s[i];
            if (c == '\'') {
                size_t q = i + 1;
                while (q < len && s[q] != '\'')
                    q++;
                fw_sb_add(&sb, s + i + 1, q - i - 1);
                i = q < len ? q + 1 : q;
            } else if (c == '"') {
                i++;
                while (i < len && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < len) {
                        fw_sb_addc(&sb, s[i + 1]);
                        i += 2;
                    } else if (s[i] == '$') {
                        expand_dollar(s, len, &i, vs, &sb, &wunres);
                    } else if (s[i] == '`') {
                        wunres = 1;
                        fw_sb_addc(&sb, s[i++]);
                    } else {
                        fw_sb_addc(&sb, s[i++]);
                    }
                }
                if (i < len)
                    i++;
            } else if (c == '\\' && i + 1 < len) {
                fw_sb_addc(&sb, s[i + 1]);
                i += 2;
            } else if (c == '$') {
                /* Unquoted, the value is split into fields at blanks, as
                 * the shell does: ARGS="-B -p 2222"; dropbear $ARGS */
                fw_strbuf val = FW_STRBUF_INIT;
                expand_dollar(s, len, &i, vs, &val, &wunres);
                for (size_t k = 0; k < val.len; k++) {
                    char vc = val.buf[k];
                    if (vc != ' ' && vc != '\t' && vc != '\n') {
                        fw_sb_addc(&sb, vc);
                    } else if (sb.len > 0) {
                        if (n < max)
                            words[n++] = fw_sb_detach(&sb);
                        else
                            fw_sb_reset(&sb);
                    }
                }
                fw_sb_release(&val);
            } else {
                if (c == '`')
                    wunres = 1;
                fw_sb_addc(&sb, c);
                i++;
            }
        }
        if (wunres)
            *unresolved = 1;
        if (n < max)
            words[n++] = fw_sb_detach(&sb);
        else
            fw_sb_release(&sb);
    }
    return n;
}

size_t fw_shell_words(const char *s, size_t len, char **words, size_t max, int *unresolved)
{
    return words_ex(s, len, NULL, words, max, unresolved);
}

void fw_shell_words_release(char **words, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(words[i]);
        words[i] = NULL;
    }
}

/* ---- one script -------------------------------------------------------- */

/* A logical line: continuations joined, leading blanks dropped. */
typedef struct sline {
    uint64_t lineno;
    char *text;
    size_t len;
    char *excerpt;     /* the first physical line as written */
} sline;

/* A shell function: lines[first] holds its "{" (body from body_at on),
 * lines[last] its closing "}". */
typedef struct sfunc {
    char *name;
    size_t first, last, body_at;
    int done;
} sfunc;

/* A `for NAME in VALUES` loop being read. */
typedef struct sloop {
    char *name;
    char *vals[SVC_MAX_LOOP_VALUES];
    size_t n;
    int expanding;
} sloop;

#define SC_SOURCED 1u   /* read through `.`: its functions belong to the caller */
#define SC_REENTRY 2u   /* an rc.common script read again for its start(): only that */

typedef struct scan {
    fw_svc_graph *g;
    const fw_node *node;
    const char *via;       /* chain to this script, "a -> b" */
    const char *by;        /* text mode: started_by of each start */
    const char *chainp;    /* text mode: prefix of the chain to scripts run */
    unsigned depth, flags, nest;
    vars vs;
    sline *lines;
    size_t n_lines;
    sfunc funcs[SVC_MAX_FUNCS];
    size_t n_funcs;
    int rc_common;
    int listing;           /* reading functions nothing called: they start nothing */
    /* if levels and { } groups: each is conditional or not */
    int ifc[SVC_MAX_NEST];
    size_t n_if;           /* may exceed SVC_MAX_NEST: the rest count as conditional */
    int grp[SVC_MAX_NEST];
    size_t n_grp;
    char dos[SVC_MAX_NEST];   /* open do ... done: 'f' for a for loop, 'w' for while */
    size_t n_dos;
    sloop loops[SVC_MAX_NEST];
    size_t n_loops;
    char *case_subj, *case_label;
    int base_cond;         /* reached from a condition */
    int carry, carry_cond; /* the last line ended in && or || */
    size_t added;
    size_t last_procd;     /* index in g->v of the last procd command + 1, 0 = none */
} scan;

static size_t scan_file(fw_svc_graph *g, const fw_node *script, const char *via, unsigned depth,
                        const char *arg, unsigned flags, int cond);
static void line(scan *sc, const sline *ln, const char *s, size_t len, int runs_last, int cond0);

static int is_redirect(const char *w)
{
    const char *p = w;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '>' || *p == '<' || (*p == '&' && p[1] == '>');
}

/* Words that are a redirection with its target glued on ("2>/dev/null")
 * or apart ("> /dev/null") are dropped from a command. */
static size_t drop_redirects(char **w, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_redirect(w[i])) {
            const char *p = w[i];
            while (*p >= '0' && *p <= '9')
                p++;
            while (*p == '>' || *p == '<' || *p == '&')
                p++;
            int apart = *p == '\0' && !(p > w[i] && p[-1] == '&' && p - 1 > w[i] && p[-2] == '>');
            free(w[i]);
            if (apart && i + 1 < n)
                free(w[++i]);
            continue;
        }
        w[o++] = w[i];
    }
    return o;
}

/* Does the command write to /proc/sys/kernel/hotplug? */
static int writes_hotplug(char **w, size_t n)
{
    static const char hp[] = "/proc/sys/kernel/hotplug";
    for (size_t i = 0; i < n; i++) {
        if (!is_redirect(w[i]))
            continue;
        const char *p = w[i];
        while (*p >= '0' && *p <= '9')
            p++;
        while (*p == '>')
            p++;
        if (strcmp(*p ? p : (i + 1 < n ? w[i + 1] : ""), hp) == 0)
            return 1;
    }
    return 0;
}

int fw_shellscan_is_script(fw_svc_graph *g, const fw_node *n)
{
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return 0;
    int yes = 0;
    if (b.size >= 4 && memcmp(b.data, "\x7f" "ELF", 4) == 0)
        yes = 0;
    else if (b.size > 2 && b.data[0] == '#' && b.data[1] == '!') {
        const char *nl = memchr(b.data, '\n', b.size < 128 ? b.size : 128);
        size_t l = nl ? (size_t)(nl - (const char *)b.data) : (b.size < 128 ? b.size : 128);
        yes = memmem(b.data, l, "sh", 2) != NULL;
    } else {
        /* no #!: exec fails with ENOEXEC and the shell runs it itself */
        yes = b.size > 0 && fw_blob_is_text(&b);
    }
    fw_blob_close(&b);
    return yes;
}

/* sh FILE reads FILE as shell whatever its first line: any text file. */
static int is_text(fw_svc_graph *g, const fw_node *n)
{
    fw_blob b;
    if (fw_svc_open_text(g, n, &b) != 0)
        return 0;
    int yes = !(b.size >= 4 && memcmp(b.data, "\x7f" "ELF", 4) == 0) && fw_blob_is_text(&b);
    fw_blob_close(&b);
    return yes;
}

int fw_shellscan_seen(const fw_svc_graph *g, const fw_node *script)
{
    for (size_t i = 0; i < g->n_seen; i++)
        if (g->seen[i] == script)
            return 1;
    return 0;
}

/* Tiny exclusion for the "ends in d" heuristic: common tools, not daemons. */
static int not_a_daemon(const char *name)
{
    static const char *const tools[] = { "sed", "mknod", "passwd", "pwd", "cd", "find",
                                         "chmod", "chown", "head", "read", "insmod", "rmmod",
                                         "lsmod", "add", "usleep_d", NULL };
    for (size_t i = 0; tools[i]; i++)
        if (strcmp(name, tools[i]) == 0)
            return 1;
    return 0;
}

/* An argument with which a script starts nothing. */
static int stopping_arg(const char *a)
{
    static const char *const verbs[] = { "stop", "status", "enabled", "disabled", "enable",
                                         "disable", "shutdown", "K", "kill", "reload",
                                         "help", "usage", "-h", "--help", NULL };
    for (size_t i = 0; verbs[i]; i++)
        if (strcmp(a, verbs[i]) == 0)
            return 1;
    return 0;
}

static size_t n_entries(const fw_svc_graph *g)
{
    return g->n > SVC_MAX_ENTRIES ? SVC_MAX_ENTRIES : g->n;
}

/* Entries [from, end) that would start: now state st, for why. */
static void mark_from(fw_svc_graph *g, size_t from, fw_svc_state st, const char *why)
{
    for (size_t k = from; k < n_entries(g); k++)
        if (g->v[k].state == SVC_STARTED || (st == SVC_NOT_STARTED && g->v[k].state == SVC_CONDITIONAL))
            fw_svc_set_state(&g->v[k], st, why);
}

static const char COND_WHY[] = "started inside a shell condition: may not run";

/* The evidence chain of a start on line ln: "via:line". */
static char *chain(const scan *sc, const sline *ln)
{
    if (sc->by)
        return fw_xstrdup(sc->by);
    return fw_xasprintf("%s:%llu", sc->via, (unsigned long long)ln->lineno);
}

static fw_svc *start(scan *sc, const sline *ln, char **w, size_t n, int cond, int unres,
                     const char *why_unres)
{
    char *by = chain(sc, ln);
    fw_svc *s;
    if (unres && (n == 0 || strchr(w[0], '$') || strchr(w[0], '`'))) {
        s = fw_svc_add_unresolved(sc->g, n ? fw_svc_base(w[0]) : "?", by, sc->node, ln->lineno,
                                  ln->excerpt, why_unres);
    } else {
        s = fw_svc_add(sc->g, by, sc->node, ln->lineno, ln->excerpt, w[0],
                       (const char *const *)w + 1, n - 1);
        if (s && s->state == SVC_STARTED && cond)
            fw_svc_set_state(s, SVC_CONDITIONAL, COND_WHY);
        if (s && s->state == SVC_STARTED && unres)   /* the start is sure, an argument is not */
            fw_svc_set_state(s, SVC_STARTED, "an argument depends on a value set at run time");
    }
    free(by);
    sc->added++;
    return s;
}

static void follow(scan *sc, const sline *ln, const fw_node *target, const char *how,
                   const char *arg, unsigned flags, int cond)
{
    if (sc->depth + 1 >= SVC_MAX_DEPTH) {
        fw_check_warn(sc->g->ctx, sc->node, "line %llu: scripts nested deeper than %d: "
                      "not followed", (unsigned long long)ln->lineno, SVC_MAX_DEPTH);
        return;
    }
    char *via = sc->by ? fw_xasprintf("%s -> %s%s", sc->chainp ? sc->chainp : sc->by, how,
                                      fw_node_syspath(target))
                       : fw_xasprintf("%s:%llu -> %s%s", sc->via, (unsigned long long)ln->lineno,
                                      how, fw_node_syspath(target));
    sc->added += scan_file(sc->g, target, via, sc->depth + 1, arg, flags, cond);
    free(via);
}

/* ---- shell functions ----------------------------------------------------- */

static int is_name(const char *s, size_t n)
{
    if (n == 0 || !is_name_start(s[0]))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!is_name_char(s[i]) && s[i] != '-' && s[i] != '.')
            return 0;
    return 1;
}

/* Count { and } words of s[from, len) into *depth; the offset just past the
 * "}" that brings it to 0, or (size_t)-1. Quotes and ${...} are skipped. */
static size_t braces(const char *s, size_t len, size_t from, int *depth)
{
    char q = 0;
    for (size_t i = from; i < len; i++) {
        char c = s[i];
        if (q) {
            if (c == q)
                q = 0;
            else if (c == '\\' && q == '"')
                i++;
            continue;
        }
        if (c == '\'' || c == '"') {
            q = c;
        } else if (c == '\\') {
            i++;
        } else if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
            return (size_t)-1;
        } else if (c == '$' && i + 1 < len && s[i + 1] == '{') {
            while (i < len && s[i] != '}')
                i++;
        } else if (c == '{' || c == '}') {
            int before = i == 0 || strchr(" \t;&|(", s[i - 1]);
            int after = i + 1 == len || strchr(" \t;&|)", s[i + 1]);
            if (!before || !after)
                continue;
            if (c == '{')
                (*depth)++;
            else if (--(*depth) == 0)
                return i + 1;
        }
    }
    return (size_t)-1;
}

/* "name() {", "name () {", "function name {", "name()" with "{" on the next
 * line: the name and where its "{" is, or 0. */
static int func_def(const scan *sc, size_t i, char **name, size_t *brace_line, size_t *brace_at)
{
    const char *s = sc->lines[i].text;
    size_t len = sc->lines[i].len, p = 0;
    if (len > 9 && memcmp(s, "function", 8) == 0 && (s[8] == ' ' || s[8] == '\t'))
        p = 9;
    while (p < len && (s[p] == ' ' || s[p] == '\t'))
        p++;
    size_t ns = p;
    while (p < len && s[p] != ' ' && s[p] != '\t' && s[p] != '(' && s[p] != '{')
        p++;
    size_t ne = p;
    if (!is_name(s + ns, ne - ns))
        return 0;
    while (p < len && (s[p] == ' ' || s[p] == '\t'))
        p++;
    if (p + 1 < len && s[p] == '(' && s[p + 1] == ')')
        p += 2;
    else if (ns == 0)
        return 0;   /* without "function", the () is what makes it a definition */
    while (p < len && (s[p] == ' ' || s[p] == '\t'))
        p++;
    size_t bl = i;
    if (p == len) {   /* "{" on the next line */
        if (i + 1 >= sc->n_lines || sc->lines[i + 1].len == 0 || sc->lines[i + 1].text[0] != '{')
            return 0;
        bl = i + 1;
        p = 0;
    }
    if (sc->lines[bl].text[p] != '{')
        return 0;
    *name = fw_xstrndup(s + ns, ne - ns);
    *brace_line = bl;
    *brace_at = p;
    return 1;
}

static void find_funcs(scan *sc)
{
    for (size_t i = 0; i < sc->n_lines && sc->n_funcs < SVC_MAX_FUNCS; i++) {
        char *name;
        size_t bl, at;
        if (!func_def(sc, i, &name, &bl, &at))
            continue;
        int depth = 0;
        size_t end = (size_t)-1, last = bl;
        for (size_t k = bl; k < sc->n_lines; k++) {
            end = braces(sc->lines[k].text, sc->lines[k].len, k == bl ? at : 0, &depth);
            if (end != (size_t)-1) {
                last = k;
                break;
            }
        }
        if (end == (size_t)-1) {   /* never closed: read it as plain lines */
            free(name);
            continue;
        }
        sfunc *f = &sc->funcs[sc->n_funcs++];
        f->name = name;
        f->first = i;
        f->last = last;
        f->body_at = bl == i ? at + 1 : 0;
        if (bl != i)
            f->first = bl;
        f->done = 0;
        i = last;
    }
}

static sfunc *func_get(scan *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_funcs; i++)
        if (strcmp(sc->funcs[i].name, name) == 0)
            return &sc->funcs[i];
    /* rc.common's own start() runs the procd script's start_service() */
    if (sc->rc_common && strcmp(name, "start") == 0)
        return func_get(sc, "start_service");
    return NULL;
}

static int in_func(const scan *sc, size_t i)
{
    for (size_t k = 0; k < sc->n_funcs; k++)
        if (i >= sc->funcs[k].first - (sc->funcs[k].body_at == 0 && sc->funcs[k].first > 0 ? 1 : 0) &&
            i <= sc->funcs[k].last)
            return 1;
    return 0;
}

/* Read a function's body as if written where it is called (call = NULL:
 * called by rc.common). Each body is read once. */
static void call_func(scan *sc, sfunc *f, const sline *call, int cond)
{
    if (f->done)
        return;
    f->done = 1;
    if (sc->nest >= SVC_MAX_DEPTH)
        return;
    if (sc->rc_common && !sc->listing && (strcmp(f->name, "start") == 0 || strcmp(f->name, "start_service") == 0)) {
        FW_XGROW(sc->g->rc_started, sc->g->cap_rc_started, sc->g->n_rc_started + 1);
        sc->g->rc_started[sc->g->n_rc_started++] = sc->node;
    }
    /* the body has its own if/group/loop levels */
    const char *saved_via = sc->via;
    int saved_base = sc->base_cond, saved_carry = sc->carry, saved_carry_cond = sc->carry_cond;
    int ifc[SVC_MAX_NEST], grp[SVC_MAX_NEST];
    char dos[SVC_MAX_NEST];
    size_t n_if = sc->n_if, n_grp = sc->n_grp, n_dos = sc->n_dos;
    memcpy(ifc, sc->ifc, sizeof ifc);
    memcpy(grp, sc->grp, sizeof grp);
    memcpy(dos, sc->dos, sizeof dos);
    char *via = call ? fw_xasprintf("%s:%llu -> %s()", sc->via, (unsigned long long)call->lineno,
                                    f->name)
                     : NULL;
    if (via)
        sc->via = via;
    sc->base_cond = sc->base_cond || cond;
    sc->n_if = sc->n_grp = sc->n_dos = 0;
    sc->carry = 0;
    sc->nest++;
    size_t loops_before = sc->n_loops;
    for (size_t i = f->first; i <= f->last && i < sc->n_lines; i++) {
        const sline *ln = &sc->lines[i];
        size_t off = i == f->first ? f->body_at : 0;
        if (off < ln->len)
            line(sc, ln, ln->text + off, ln->len - off, 0, 0);
    }
    while (sc->n_loops > loops_before) {   /* a loop left open in the body */
        sloop *l = &sc->loops[--sc->n_loops];
        free(l->name);
        for (size_t v = 0; v < l->n; v++)
            free(l->vals[v]);
    }
    sc->via = saved_via;
    sc->base_cond = saved_base;
    memcpy(sc->ifc, ifc, sizeof ifc);
    sc->n_if = n_if;
    memcpy(sc->grp, grp, sizeof grp);
    sc->n_grp = n_grp;
    memcpy(sc->dos, dos, sizeof dos);
    sc->n_dos = n_dos;
    sc->carry = saved_carry;
    sc->carry_cond = saved_carry_cond;
    sc->nest--;
    free(via);
}

/* ---- loops --------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The values of one word of a for list: a glob of files of the image
 * (sorted, as the shell sorts them), or the word itself. */
static void loop_values(scan *sc, sloop *l, const char *word)
{
    const char *slash = strrchr(word, '/');
    if (!slash || !strpbrk(slash + 1, "*?[") || strpbrk(word, "*?[") < slash || word[0] != '/') {
        if (l->n < SVC_MAX_LOOP_VALUES)
            l->vals[l->n++] = fw_xstrdup(word);
        return;
    }
    char *dir = fw_xstrndup(word, (size_t)(slash - word));
    const fw_node **kids = NULL;
    size_t nk = fw_svc_list_dir(sc->g, dir[0] ? dir : "/", &kids);
    size_t from = l->n;
    for (size_t i = 0; i < nk && l->n < SVC_MAX_LOOP_VALUES; i++) {
        const char *base = fw_svc_base(kids[i]->path);
        if (fnmatch(slash + 1, base, FNM_PERIOD) == 0)
            l->vals[l->n++] = fw_xasprintf("%s/%s", dir, base);
    }
    if (l->n - from > 1)
        qsort(l->vals + from, l->n - from, sizeof *l->vals, cmp_str);
    free(kids);
    free(dir);
}

/* The loop whose variable the word is ("$i", "${i}"), or NULL. */
static sloop *loop_var(scan *sc, const char *w)
{
    if (w[0] != '$')
        return NULL;
    const char *name = w + 1;
    size_t len = strlen(name);
    if (name[0] == '{' && len > 2 && name[len - 1] == '}') {
        name++;
        len -= 2;
    }
    for (size_t i = sc->n_loops; i-- > 0;)
        if (strlen(sc->loops[i].name) == len && memcmp(sc->loops[i].name, name, len) == 0)
            return &sc->loops[i];
    return NULL;
}

/* Inside `case "$i" in PATTERN)` of the loop's variable: does v match? */
static int case_allows(const scan *sc, const char *subj_word, const char *v)
{
    if (!sc->case_subj || !sc->case_label || strcmp(sc->case_subj, subj_word) != 0)
        return 1;
    char *pats = fw_xstrdup(sc->case_label);
    int ok = 0;
    for (char *p = strtok(pats, "|"); p && !ok; p = strtok(NULL, "|"))
        ok = fnmatch(p, v, 0) == 0;
    free(pats);
    return ok;
}

/* ---- commands ------------------------------------------------------------ */

static void command(scan *sc, const sline *ln, char **w, size_t n, int cond, int bg, int unres);

/* sh -c BODY, su -c BODY: the body's commands, as if on this line. */
static void body(scan *sc, const sline *ln, const char *text, int cond, int runs)
{
    if (sc->nest >= SVC_MAX_DEPTH) {
        fw_check_warn(sc->g->ctx, sc->node, "line %llu: sh -c nested deeper than %d: not read",
                      (unsigned long long)ln->lineno, SVC_MAX_DEPTH);
        return;
    }
    sc->nest++;
    size_t n_if = sc->n_if, n_grp = sc->n_grp, n_dos = sc->n_dos;
    int carry = sc->carry;
    sc->carry = 0;
    line(sc, ln, text, strlen(text), runs, cond);
    sc->n_if = n_if;
    sc->n_grp = n_grp;
    sc->n_dos = n_dos;
    sc->carry = carry;
    sc->nest--;
}

static void procd_append(scan *sc, char **w, size_t n)
{
    if (!sc->last_procd || sc->last_procd > n_entries(sc->g))
        return;
    fw_svc *s = &sc->g->v[sc->last_procd - 1];
    s->argv = fw_xreallocarray(s->argv, s->argc + n + 1, sizeof *s->argv);
    for (size_t i = 0; i < n; i++)
        s->argv[s->argc++] = fw_xstrdup(w[i]);
    s->argv[s->argc] = NULL;
    for (size_t i = 0; i < n; i++)
        if (s->state == SVC_STARTED && (strchr(w[i], '$') || strchr(w[i], '`')))
            fw_svc_set_state(s, SVC_STARTED, "an argument depends on a value set at run time");
}

static void ssd(scan *sc, const sline *ln, char **w, size_t n, int cond, int unres)
{
    int is_start = 0;
    const char *prog = NULL;
    size_t args_at = n;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(w[i], "--") == 0) {
            args_at = i + 1;
            break;
        }
        if (strcmp(w[i], "-S") == 0 || strcmp(w[i], "--start") == 0)
            is_start = 1;
        else if ((strcmp(w[i], "-x") == 0 || strcmp(w[i], "--exec") == 0 ||
                  strcmp(w[i], "-a") == 0 || strcmp(w[i], "--startas") == 0) && i + 1 < n)
            prog = w[++i];
        else if (strncmp(w[i], "--exec=", 7) == 0)
            prog = w[i] + 7;
        else if (strncmp(w[i], "--startas=", 10) == 0)
            prog = w[i] + 10;
    }
    if (!is_start)
        return;
    if (!prog) {
        char *by = chain(sc, ln);
        fw_svc_add_unresolved(sc->g, "start-stop-daemon", by, sc->node, ln->lineno, ln->excerpt,
                              "start-stop-daemon without --exec/--startas");
        free(by);
        return;
    }
    const fw_node *t = fw_svc_resolve_cmd(sc->g, prog);
    if (t && fw_shellscan_is_script(sc->g, t)) {   /* -x /etc/bewan/rc: a script run in the background */
        follow(sc, ln, t, "", args_at < n ? w[args_at] : NULL, 0, cond);
        return;
    }
    size_t m = 1 + (n - (args_at < n ? args_at : n));
    char **v = fw_xcalloc(m, sizeof *v);
    v[0] = (char *)prog;
    for (size_t i = args_at; i < n; i++)
        v[1 + i - args_at] = w[i];
    start(sc, ln, v, m, cond, unres && strchr(prog, '$'), "the program is a run-time value");
    free(v);
}

/* A wrapped command (unwrap told where it is). Returns 1 when handled. */
static int wrapped(scan *sc, const sline *ln, char **w, size_t n, int cond, int bg, int unres)
{
    fw_wrap wr;
    switch (fw_shell_unwrap(w, n, &wr)) {
    case FW_WRAP_NONE:
        return 0;
    case FW_WRAP_CMD:
        if (wr.root && w[wr.at][0] == '/') {   /* chroot DIR /bin/x: the file is DIR/bin/x */
            char *inner = fw_xasprintf("%s%s", wr.root, w[wr.at]);
            char *saved = w[wr.at];
            w[wr.at] = inner;
            command(sc, ln, w + wr.at, n - wr.at, cond, bg, unres);
            w[wr.at] = saved;
            free(inner);
        } else {
            command(sc, ln, w + wr.at, n - wr.at, cond, bg, unres);
        }
        return 1;
    case FW_WRAP_SCRIPT: {
        const fw_node *t = fw_svc_resolve_cmd(sc->g, w[wr.at]);
        if (!t && !strchr(w[wr.at], '/')) {   /* sh script.sh: relative to the working directory */
            return 1;
        }
        if (t && is_text(sc->g, t))
            follow(sc, ln, t, "sh ", wr.at + 1 < n ? w[wr.at + 1] : NULL, 0, cond);
        return 1;
    }
    case FW_WRAP_BODY:
        body(sc, ln, wr.body, cond, bg);
        return 1;
    case FW_WRAP_SERVER: {
        size_t before = n_entries(sc->g);
        fw_svc *s = start(sc, ln, w + wr.at, n - wr.at, cond, unres && strchr(w[wr.at], '$'),
                          "the program is a run-time value");
        if (s && n_entries(sc->g) > before) {
            /* the socket is part of the evidence: a user reads it in started_by */
            char *by = fw_xasprintf("%s (via %s, %s port %s%s%s)", s->started_by, wr.name,
                                    wr.proto, wr.port, wr.bind ? " on " : "",
                                    wr.bind ? wr.bind : "");
            free(s->started_by);
            s->started_by = by;
            s->sock_port = fw_xstrdup(wr.port);
            s->sock_bind = wr.bind ? fw_xstrdup(wr.bind) : NULL;
            s->sock_proto = fw_xstrdup(wr.proto);
            s->via = fw_xstrdup(wr.name);
        }
        return 1;
    }
    }
    return 0;
}

/* run-parts [--options] DIR: every file of DIR whose name is [A-Za-z0-9_-]+. */
static void run_parts(scan *sc, const sline *ln, char **w, size_t n, int cond)
{
    const char *dir = NULL;
    for (size_t i = 1; i < n; i++)
        if (w[i][0] != '-')
            dir = w[i];
        else if (strcmp(w[i], "-a") == 0 || strcmp(w[i], "--arg") == 0 || strcmp(w[i], "-u") == 0)
            i++;
    if (!dir || dir[0] != '/')
        return;
    const fw_node **kids = NULL;
    size_t nk = fw_svc_list_dir(sc->g, dir, &kids);
    char **names = fw_xcalloc(nk + 1, sizeof *names);
    size_t m = 0;
    for (size_t i = 0; i < nk; i++) {
        const char *b = fw_svc_base(kids[i]->path);
        if (b[0] && strspn(b, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
                        strlen(b))
            names[m++] = fw_xasprintf("%s/%s", dir, b);
    }
    qsort(names, m, sizeof *names, cmp_str);
    for (size_t i = 0; i < m; i++) {
        const fw_node *t = fw_svc_resolve_cmd(sc->g, names[i]);
        if (t && fw_shellscan_is_script(sc->g, t))
            follow(sc, ln, t, "run-parts ", NULL, 0, cond);
        else if (t)
            start(sc, ln, &names[i], 1, cond, 0, NULL);
        free(names[i]);
    }
    free(names);
    free(kids);
}

/* One command: w[0..n) after keywords were stripped. */
static void command(scan *sc, const sline *ln, char **w, size_t n, int cond, int bg, int unres)
{
    /* Leading assignments: remember literal ones; alone they are the command. */
    size_t a = 0;
    while (a < n) {
        const char *eq = strchr(w[a], '=');
        if (!eq || eq == w[a] || !is_name_start(w[a][0]))
            break;
        const char *p = w[a];
        while (p < eq && is_name_char(*p))
            p++;
        if (p != eq)
            break;
        a++;
    }
    if (a == n) {
        for (size_t i = 0; i < n; i++) {
            const char *eq = strchr(w[i], '=');
            /* a value holding a '$' we could not expand is unknown */
            var_set(&sc->vs, w[i], (size_t)(eq - w[i]),
                    unres && strchr(eq + 1, '$') ? NULL : eq + 1);
        }
        return;
    }
    w += a;
    n -= a;
    while (n > 0 && (strcmp(w[0], "exec") == 0 || strcmp(w[0], "command") == 0)) {
        w++;
        n--;
        if (n > 1 && strcmp(w[-1], "exec") == 0 && strcmp(w[0], "-a") == 0) {   /* exec -a NAME */
            w += 2;
            n -= 2;
        }
    }
    if (n == 0)
        return;

    /* a word that is a loop's variable: the command runs once per value */
    for (size_t i = 0; i < n; i++) {
        sloop *l = loop_var(sc, w[i]);
        if (!l || l->expanding)
            continue;
        l->expanding = 1;
        char *saved = w[i];
        char *subj = saved;
        for (size_t v = 0; v < l->n; v++) {
            if (!case_allows(sc, subj, l->vals[v]))
                continue;
            w[i] = l->vals[v];
            int still = 0;
            for (size_t k = 0; k < n; k++)
                still |= strchr(w[k], '$') != NULL || strchr(w[k], '`') != NULL;
            command(sc, ln, w, n, cond, bg, unres && still);
        }
        w[i] = saved;
        l->expanding = 0;
        return;
    }

    const char *cmd = w[0];
    const char *base = fw_svc_base(cmd);

    if ((strcmp(cmd, ".") == 0 || strcmp(cmd, "source") == 0) && n > 1) {
        const fw_node *t = fw_svc_resolve_cmd(sc->g, w[1]);
        if (t && strcmp(fw_node_syspath(t), "/etc/rc.common") != 0 &&
            strcmp(fw_svc_base(fw_node_syspath(t)), "functions.sh") != 0)
            follow(sc, ln, t, ". ", NULL, SC_SOURCED, cond);
        return;
    }
    if (strcmp(base, "start-stop-daemon") == 0) {
        ssd(sc, ln, w, n, cond, unres);
        return;
    }
    if (strcmp(cmd, "procd_set_param") == 0) {
        if (n > 2 && strcmp(w[1], "command") == 0) {
            fw_svc *s = start(sc, ln, w + 2, n - 2, cond, unres, "procd command from a run-time value");
            sc->last_procd = s ? (size_t)(s - sc->g->v) + 1 : 0;
        }
        return;
    }
    if (strcmp(cmd, "procd_append_param") == 0) {
        if (n > 2 && strcmp(w[1], "command") == 0)
            procd_append(sc, w + 2, n - 2);
        return;
    }
    if (strcmp(cmd, "config_foreach") == 0 || strcmp(cmd, "config_list_foreach") == 0) {
        /* UCI: FN is called for each section (each list value) of the config */
        size_t fi = strcmp(cmd, "config_foreach") == 0 ? 1 : 3;
        sfunc *f = fi < n ? func_get(sc, w[fi]) : NULL;
        if (f)
            call_func(sc, f, ln, cond);
        return;
    }
    if (strcmp(cmd, "service_start") == 0) {
        if (n > 1)
            start(sc, ln, w + 1, n - 1, cond, unres, "service_start of a run-time value");
        return;
    }
    if (strcmp(base, "run-parts") == 0) {
        run_parts(sc, ln, w, n, cond);
        return;
    }
    if (strcmp(base, "sysctl") == 0) {   /* sysctl -w kernel.hotplug=/sbin/mdev */
        for (size_t i = 1; i < n; i++)
            if (strncmp(w[i], "kernel.hotplug=", 15) == 0 && w[i][15] == '/') {
                char *v = w[i] + 15;
                fw_svc *s = start(sc, ln, &v, 1, 1, 0, NULL);
                if (s) {
                    s->via = fw_xstrdup("hotplug");
                    if (s->state == SVC_CONDITIONAL)
                        fw_svc_set_state(s, SVC_CONDITIONAL, "the kernel's hotplug helper: runs on device events");
                }
            }
        return;
    }
    if (wrapped(sc, ln, w, n, cond, bg, unres))
        return;
    if (strchr(cmd, '$') || strchr(cmd, '`')) {
        if (bg)
            start(sc, ln, w, n, cond, 1, "the command is a run-time value");
        return;
    }
    if (!strchr(cmd, '/')) {
        sfunc *f = func_get(sc, cmd);
        if (f) {
            call_func(sc, f, ln, cond);
            return;
        }
    }
    const fw_node *target = fw_svc_resolve_cmd(sc->g, cmd);
    int script = target && fw_shellscan_is_script(sc->g, target);
    /* "/etc/init.d/x enabled": a query of another boot script, never a daemon */
    int initscript = strncmp(cmd, "/etc/init.d/", 12) == 0 || strncmp(cmd, "/etc/rc.d/", 10) == 0;
    if (initscript && !script)
        return;
    if (script) {
        const char *arg = n > 1 ? w[1] : NULL;
        if (!arg || !stopping_arg(arg))
            follow(sc, ln, target, "", arg, 0, cond);
        return;
    }
    /* busybox APPLET: the applet says what it is */
    const char *what = strcmp(base, "busybox") == 0 && n > 1 ? w[1] : base;
    int daemonish = what[0] && what[strlen(what) - 1] == 'd' && strlen(what) > 2 &&
                    target && !not_a_daemon(what);
    int coldplug = strcmp(what, "mdev") == 0 && n > (size_t)(what == base ? 1 : 2) &&
                   strcmp(w[n - 1], "-s") == 0;   /* mdev -s runs mdev.conf for every device */
    if (fw_svc_known(sc->g, what) || bg || daemonish || coldplug)
        start(sc, ln, w, n, cond, unres, "an argument is a run-time value");
}

/* Is a test command (after "[", "test") one the image answers with true: an
 * existence test of a file of the image, or of a loop's file? */
static int test_true(scan *sc, char **w, size_t n)
{
    size_t k = 0;
    if (n > 0 && (strcmp(w[0], "[") == 0 || strcmp(w[0], "test") == 0 || strcmp(w[0], "[[") == 0))
        k = 1;
    else
        return 0;
    size_t m = n - k;
    if (m > 0 && (strcmp(w[n - 1], "]") == 0 || strcmp(w[n - 1], "]]") == 0))
        m--;
    if (m != 2)
        return 0;
    const char *op = w[k], *f = w[k + 1];
    if (strlen(op) != 2 || op[0] != '-' || !strchr("efxrsdhL", op[1]))
        return 0;
    if (loop_var(sc, f))
        return 1;
    if (f[0] != '/' || strpbrk(f, "$`*?["))
        return 0;
    return fw_ns_resolve(sc->g->ns, f) != NULL;
}

static int nested_cond(const scan *sc)
{
    if (sc->base_cond || sc->n_if > SVC_MAX_NEST || sc->n_grp > SVC_MAX_NEST)
        return 1;
    for (size_t i = 0; i < sc->n_if; i++)
        if (sc->ifc[i])
            return 1;
    for (size_t i = 0; i < sc->n_grp; i++)
        if (sc->grp[i])
            return 1;
    return 0;
}

static void loop_open(scan *sc, char **w, size_t n, size_t k)
{
    /* for NAME in WORDS [; do] */
    if (sc->n_dos < SVC_MAX_NEST)
        sc->dos[sc->n_dos] = 'w';
    sc->n_dos++;
    if (k + 2 >= n || strcmp(w[k + 2], "in") != 0 || sc->n_loops >= SVC_MAX_NEST)
        return;
    sloop *l = &sc->loops[sc->n_loops++];
    memset(l, 0, sizeof *l);
    l->name = fw_xstrdup(w[k + 1]);
    for (size_t i = k + 3; i < n && strcmp(w[i], "do") != 0; i++)
        loop_values(sc, l, w[i]);
    if (sc->n_dos <= SVC_MAX_NEST)
        sc->dos[sc->n_dos - 1] = 'f';
}

static void loop_close(scan *sc)
{
    if (sc->n_dos == 0)
        return;
    sc->n_dos--;
    if (sc->n_dos < SVC_MAX_NEST && sc->dos[sc->n_dos] == 'f' && sc->n_loops > 0) {
        sloop *l = &sc->loops[--sc->n_loops];
        free(l->name);
        for (size_t v = 0; v < l->n; v++)
            free(l->vals[v]);
    }
}

static void set_case_label(scan *sc, const char *x)
{
    free(sc->case_label);
    size_t l = strlen(x);
    const char *p = x[0] == '(' ? x + 1 : x;
    sc->case_label = fw_xstrndup(p, (size_t)(x + l - 1 - p));
}

/* Split a line into commands at unquoted ; & && || | and handle each.
 * runs_last: the last command runs whatever its name; cond0: the whole
 * text is conditional. */
static void line(scan *sc, const sline *ln, const char *s, size_t len, int runs_last, int cond0)
{
    size_t i = 0, seg = 0;
    int cond = cond0 || (sc->carry && sc->carry_cond);
    char q = 0;
    int paren = 0;   /* inside $( ), $(( )) or a ( ) subshell: no split */
    int last_chained = 0;
    sc->carry = 0;
    while (i <= len) {
        int end = i == len;
        int bg = 0, op = 0;   /* op: 0 ; or end, '&' &&, '|' || */
        size_t skip = 1;
        if (!end) {
            char c = s[i];
            if (q) {
                if (c == q)
                    q = 0;
                else if (c == '\\' && q == '"')
                    i++;
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                q = c;
                i++;
                continue;
            }
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '(' && i > 0 && s[i - 1] == '$') {
                paren++;
                i++;
                continue;
            }
            if (paren > 0) {
                if (c == '(')
                    paren++;
                else if (c == ')')
                    paren--;
                i++;
                continue;
            }
            if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
                end = 1;
            } else if (c == ';') {
                if (i + 1 < len && s[i + 1] == ';')
                    skip = 2;   /* ;; ends a case branch */
            } else if (c == '&') {
                if ((i > 0 && (s[i - 1] == '>' || s[i - 1] == '<')) || (i + 1 < len && s[i + 1] == '>')) {
                    i++;
                    continue;
                }
                if (i + 1 < len && s[i + 1] == '&') {
                    op = '&';
                    skip = 2;
                } else {
                    bg = 1;
                }
            } else if (c == '|') {
                if (i + 1 < len && s[i + 1] == '|') {
                    op = '|';
                    skip = 2;
                }
            } else {
                i++;
                continue;
            }
        }
        /* the segment s[seg, i) is one command */
        char *w[SVC_MAX_WORDS];
        int unres = 0;
        size_t n = words_ex(s + seg, i - seg, &sc->vs, w, SVC_MAX_WORDS, &unres);
        int hotplug = writes_hotplug(w, n);
        n = drop_redirects(w, n);
        size_t k = 0;
        int test = 0, is_test = 0, truth = 0;
        int cond_here = cond || nested_cond(sc);
        while (k < n) {
            const char *x = w[k];
            if (strcmp(x, "if") == 0 || strcmp(x, "elif") == 0 || strcmp(x, "while") == 0 ||
                strcmp(x, "until") == 0) {
                int t = test_true(sc, w + k + 1, n - k - 1);
                if (strcmp(x, "if") == 0) {
                    if (sc->n_if < SVC_MAX_NEST)
                        sc->ifc[sc->n_if] = !t;
                    sc->n_if++;
                } else if (strcmp(x, "elif") == 0) {
                    if (sc->n_if > 0 && sc->n_if <= SVC_MAX_NEST)
                        sc->ifc[sc->n_if - 1] = 1;
                } else {
                    if (sc->n_dos < SVC_MAX_NEST)
                        sc->dos[sc->n_dos] = 'w';
                    sc->n_dos++;
                }
                test = 1;
                k++;
            } else if (strcmp(x, "else") == 0) {
                if (sc->n_if > 0 && sc->n_if <= SVC_MAX_NEST)
                    sc->ifc[sc->n_if - 1] = 1;
                k++;
            } else if (strcmp(x, "fi") == 0) {
                if (sc->n_if > 0)
                    sc->n_if--;
                k++;
            } else if (strcmp(x, "done") == 0) {
                loop_close(sc);
                k++;
            } else if (strcmp(x, "{") == 0) {
                if (sc->n_grp < SVC_MAX_NEST)
                    sc->grp[sc->n_grp] = cond;
                sc->n_grp++;
                k++;
            } else if (strcmp(x, "}") == 0) {
                if (sc->n_grp > 0)
                    sc->n_grp--;
                k++;
            } else if (strcmp(x, "esac") == 0) {
                free(sc->case_subj);
                free(sc->case_label);
                sc->case_subj = sc->case_label = NULL;
                k++;
            } else if (strcmp(x, "then") == 0 || strcmp(x, "do") == 0 || strcmp(x, "(") == 0 ||
                       strcmp(x, "!") == 0 || strcmp(x, ")") == 0 || strcmp(x, ";;") == 0) {
                k++;
            } else if (x[0] == '(' && x[1] && x[strlen(x) - 1] != ')') {
                memmove(w[k], x + 1, strlen(x));   /* "(/etc/init.d/x" */
            } else if (strcmp(x, "case") == 0) {
                free(sc->case_subj);
                free(sc->case_label);
                sc->case_subj = k + 1 < n ? fw_xstrdup(w[k + 1]) : NULL;
                sc->case_label = NULL;
                k = n;
            } else if (strcmp(x, "for") == 0) {
                loop_open(sc, w, n, k);
                k = n;
            } else if (strcmp(x, "[") == 0 || strcmp(x, "test") == 0 || strcmp(x, "[[") == 0) {
                is_test = 1;
                truth = test_true(sc, w + k, n - k);
                k = n;         /* not a start */
            } else if (strcmp(x, "function") == 0 || strcmp(x, "local") == 0 ||
                       strcmp(x, "return") == 0 || strcmp(x, "exit") == 0 ||
                       strcmp(x, "continue") == 0 || strcmp(x, "break") == 0 ||
                       (strcmp(x, "echo") == 0 && !hotplug) ||
                       (strcmp(x, "printf") == 0 && !hotplug)) {
                k = n;         /* not a start */
            } else if (strlen(x) > 1 && x[strlen(x) - 1] == ')' && (!strchr(x, '(') || x[0] == '(')) {
                set_case_label(sc, x);   /* a case label: start) or (start) */
                k++;
            } else if (k + 1 < n && strcmp(w[k + 1], "()") == 0) {
                k = n;         /* name () { : a function definition */
            } else if (strlen(x) > 2 && strcmp(x + strlen(x) - 2, "()") == 0) {
                k = n;         /* name() { */
            } else {
                break;
            }
        }
        cond_here = cond || nested_cond(sc);
        if (k < n && !test && hotplug && (strcmp(w[k], "echo") == 0 || strcmp(w[k], "printf") == 0)) {
            /* echo /sbin/mdev > /proc/sys/kernel/hotplug */
            size_t v = k + 1;
            while (v < n && w[v][0] == '-')
                v++;
            if (v < n && w[v][0] == '/') {
                fw_svc *sv = start(sc, ln, w + v, 1, 1, unres, "the hotplug helper is a run-time value");
                if (sv) {
                    sv->via = fw_xstrdup("hotplug");
                    if (sv->state == SVC_CONDITIONAL)
                        fw_svc_set_state(sv, SVC_CONDITIONAL,
                                         "the kernel's hotplug helper: runs on device events");
                }
            }
        } else if (k < n && !test) {
            command(sc, ln, w + k, n - k, cond_here, bg || (runs_last && end), unres);
        }
        int empty = n == 0;
        fw_shell_words_release(w, n);
        if (end) {
            /* "A &&" at the end of a line goes on on the next line */
            if (empty && last_chained) {
                sc->carry = 1;
                sc->carry_cond = cond;
            }
            break;
        }
        /* what decides whether the next command runs */
        if (op == '&')
            cond = is_test && truth ? cond : 1;
        else if (op == '|')
            cond = 1;
        else
            cond = cond0;
        last_chained = op != 0;
        i += skip;
        seg = i;
    }
}

static void lines_free(sline *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(l[i].text);
        free(l[i].excerpt);
    }
    free(l);
}

/* The logical lines of a script: continuations joined, blank and comment
 * lines kept (empty) so that function bodies keep their numbering. */
static sline *load_lines(const fw_blob *b, size_t *out_n)
{
    sline *v = NULL;
    size_t n = 0, cap = 0;
    fw_line_iter it;
    fw_line ln;
    fw_strbuf joined = FW_STRBUF_INIT;
    fw_lines_init(&it, b->data, SVC_TEXT_LEN(b));
    while (fw_lines_next(&it, &ln)) {
        fw_line first = ln;
        fw_sb_reset(&joined);
        fw_sb_add(&joined, ln.s, ln.len);
        /* backslash continuation, bounded */
        while (joined.len > 0 && joined.buf[joined.len - 1] == '\\' &&
               joined.len < SVC_MAX_LINE && fw_lines_next(&it, &ln)) {
            joined.len--;
            fw_sb_add(&joined, ln.s, ln.len);
        }
        if (joined.len > SVC_MAX_LINE)
            joined.len = SVC_MAX_LINE;
        const char *s = fw_sb_str(&joined);
        size_t p = 0;
        while (p < joined.len && (s[p] == ' ' || s[p] == '\t'))
            p++;
        FW_XGROW(v, cap, n + 1);
        v[n].lineno = first.lineno;
        if (p == joined.len || s[p] == '#') {
            v[n].text = fw_xstrdup("");
            v[n].len = 0;
        } else {
            v[n].text = fw_xstrndup(s + p, joined.len - p);
            v[n].len = joined.len - p;
        }
        v[n].excerpt = fw_xstrndup(first.s, first.len);
        n++;
    }
    fw_sb_release(&joined);
    *out_n = n;
    return v;
}

static void scan_release(scan *sc)
{
    while (sc->n_loops > 0) {
        sloop *l = &sc->loops[--sc->n_loops];
        free(l->name);
        for (size_t v = 0; v < l->n; v++)
            free(l->vals[v]);
    }
    for (size_t i = 0; i < sc->n_funcs; i++)
        free(sc->funcs[i].name);
    free(sc->case_subj);
    free(sc->case_label);
    vars_free(&sc->vs);
}

/* rc.common runs boot (procd's S links) or start: the functions it calls. */
static void rc_common_entry(scan *sc, const char *arg)
{
    const char *first = !arg || strcmp(arg, "boot") == 0 ? "boot" : NULL;
    if (arg && strcmp(arg, "start") != 0 && strcmp(arg, "restart") != 0 && strcmp(arg, "boot") != 0)
        return;
    sfunc *f = NULL;
    for (size_t i = 0; i < sc->n_funcs && first; i++)
        if (strcmp(sc->funcs[i].name, first) == 0)
            f = &sc->funcs[i];
    if (!f)
        f = func_get(sc, "start");
    if (f)
        call_func(sc, f, NULL, 0);
}

static size_t scan_file(fw_svc_graph *g, const fw_node *script, const char *via, unsigned depth,
                        const char *arg, unsigned flags, int cond)
{
    if (fw_shellscan_seen(g, script)) {
        /* an rc.common script whose boot() did not call start() (dnsmasq: "launched
         * through hotplug") starts when something runs it with start */
        int again = arg && (strcmp(arg, "start") == 0 || strcmp(arg, "restart") == 0) &&
                    !(flags & SC_SOURCED);
        for (size_t i = 0; again && i < g->n_rc_started; i++)
            again = g->rc_started[i] != script;
        if (!again)
            return 0;
        flags |= SC_REENTRY;
    }
    if (g->scripts_read >= SVC_MAX_SCRIPTS) {
        if (g->scripts_read++ == SVC_MAX_SCRIPTS)
            fw_check_warn(g->ctx, script, "more than %d boot scripts: the rest not read",
                          SVC_MAX_SCRIPTS);
        return 0;
    }
    g->scripts_read++;
    if (!(flags & SC_REENTRY)) {
        FW_XGROW(g->seen, g->cap_seen, g->n_seen + 1);
        g->seen[g->n_seen++] = script;
    }

    fw_blob b;
    if (fw_svc_open_text(g, script, &b) != 0)
        return 0;
    scan *sc = fw_xcalloc(1, sizeof *sc);
    sc->g = g;
    sc->node = script;
    sc->via = via;
    sc->depth = depth;
    sc->flags = flags;
    sc->lines = load_lines(&b, &sc->n_lines);
    fw_blob_close(&b);
    sc->rc_common = sc->n_lines > 0 && strncmp(sc->lines[0].excerpt, "#!", 2) == 0 &&
                    strstr(sc->lines[0].excerpt, "rc.common") != NULL;
    size_t before = n_entries(g);
    find_funcs(sc);
    for (size_t i = 0; i < sc->n_lines; i++)
        if (sc->lines[i].len > 0 && !in_func(sc, i))
            line(sc, &sc->lines[i], sc->lines[i].text, sc->lines[i].len, 0, 0);
    if (flags & SC_REENTRY && !sc->rc_common) {
        scan_release(sc);
        lines_free(sc->lines, sc->n_lines);
        free(sc);
        return 0;
    }
    if (sc->rc_common && !(flags & SC_SOURCED))
        rc_common_entry(sc, arg);
    if (cond)
        mark_from(g, before, SVC_CONDITIONAL, COND_WHY);
    /* functions nothing called: listed, never started (a sourced file's
     * functions are the caller's to call: maybe) */
    for (size_t i = 0; i < sc->n_funcs && !(flags & SC_REENTRY); i++) {
        if (sc->funcs[i].done)
            continue;
        size_t from = n_entries(g);
        sc->listing = 1;
        call_func(sc, &sc->funcs[i], NULL, 0);
        const char *fn = sc->funcs[i].name;
        char *why = flags & SC_SOURCED
                        ? fw_xasprintf("in function %s() of a sourced script: runs if the caller "
                                       "calls it", fn)
                    : sc->rc_common && (strcmp(fn, "start") == 0 || strcmp(fn, "start_service") == 0)
                        ? fw_xasprintf("in %s(): boot() does not call it; runs only when "
                                       "something runs the script with start", fn)
                        : fw_xasprintf("in function %s(), which nothing in the script calls", fn);
        mark_from(g, from, flags & SC_SOURCED ? SVC_CONDITIONAL : SVC_NOT_STARTED, why);
        free(why);
    }
    size_t added = sc->added;
    scan_release(sc);
    lines_free(sc->lines, sc->n_lines);
    free(sc);
    return added;
}

size_t fw_shellscan_script(fw_svc_graph *g, const fw_node *script, const char *via, unsigned depth)
{
    return scan_file(g, script, via, depth, NULL, 0, 0);
}

size_t fw_shellscan_text(fw_svc_graph *g, const fw_shell_src *src)
{
    scan *sc = fw_xcalloc(1, sizeof *sc);
    sc->g = g;
    sc->node = src->node;
    sc->via = src->by;
    sc->by = src->by;
    sc->chainp = src->chain;
    sc->depth = src->depth;
    sline l = { .lineno = src->line, .text = fw_xstrndup(src->text, src->len), .len = src->len,
                .excerpt = fw_xstrdup(src->excerpt ? src->excerpt : "") };
    if (!src->excerpt) {
        free(l.excerpt);
        l.excerpt = fw_xstrndup(src->text, src->len);
    }
    line(sc, &l, l.text, l.len, (src->flags & FW_SHELL_RUNS) != 0, 0);
    size_t added = sc->added;
    scan_release(sc);
    free(l.text);
    free(l.excerpt);
    free(sc);
    return added;
}
