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
 *   - OpenWrt procd: procd_set_param command PROG ARGS; service_start PROG;
 *   - a name ending in "d" that resolves to a non-script file in the image
 *     (httpd, udhcpd, crond): the daemon naming convention.
 * A command inside a shell `if` or after && / || is CONDITIONAL: it may or may
 * not run, and the inventory says so. Test commands of `if`/`while` lines are
 * not starts. Scripts the script runs (with no argument or "start") or
 * sources (`.`/source) are followed, each once, SVC_MAX_DEPTH deep.
 */
#include <stdlib.h>
#include <string.h>
#include "checks/services/services_int.h"
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
                expand_dollar(s, len, &i, vs, &sb, &wunres);
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

typedef struct scan {
    fw_svc_graph *g;
    const fw_node *node;
    const char *via;
    unsigned depth;
    vars vs;
    int if_depth;
    size_t added;
} scan;

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

static int is_script(fw_svc_graph *g, const fw_node *n)
{
    fw_blob b;
    if (!n || fw_svc_open_text(g, n, &b) != 0)
        return 0;
    int yes = b.size > 2 && b.data[0] == '#' && b.data[1] == '!' &&
              memmem(b.data, b.size < 128 ? b.size : 128, "sh", 2) != NULL;
    fw_blob_close(&b);
    return yes;
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

/* The evidence chain of a start on line ln: "via:line". */
static char *chain(const scan *sc, const fw_line *ln)
{
    return fw_xasprintf("%s:%llu", sc->via, (unsigned long long)ln->lineno);
}

static void start(scan *sc, const fw_line *ln, char **w, size_t n, int cond, int unres,
                  const char *why_unres)
{
    if (unres && (n == 0 || strchr(w[0], '$') || strchr(w[0], '`'))) {
        char *by = chain(sc, ln);
        char *ex = fw_xstrndup(ln->s, ln->len);
        fw_svc *s = fw_svc_add_unresolved(sc->g, n ? fw_svc_base(w[0]) : "?", by, sc->node, ln->lineno,
                                    ex, why_unres);
        (void)s;
        free(ex);
        free(by);
        sc->added++;
        return;
    }
    char *by = chain(sc, ln);
    char *ex = fw_xstrndup(ln->s, ln->len);
    fw_svc *s = fw_svc_add(sc->g, by, sc->node, ln->lineno, ex, w[0], (const char *const *)w + 1, n - 1);
    if (s && s->state == SVC_STARTED && cond)
        fw_svc_set_state(s, SVC_CONDITIONAL, "started inside a shell condition: may not run");
    if (s && s->state == SVC_STARTED && unres)   /* the start is sure, an argument is not */
        fw_svc_set_state(s, SVC_STARTED, "an argument depends on a value set at run time");
    free(ex);
    free(by);
    sc->added++;
}

static void follow(scan *sc, const fw_line *ln, const fw_node *target, const char *how)
{
    if (sc->depth + 1 >= SVC_MAX_DEPTH) {
        fw_check_warn(sc->g->ctx, sc->node, "line %llu: scripts nested deeper than %d: "
                      "not followed", (unsigned long long)ln->lineno, SVC_MAX_DEPTH);
        return;
    }
    char *via = fw_xasprintf("%s:%llu -> %s%s", sc->via, (unsigned long long)ln->lineno, how,
                          fw_node_syspath(target));
    sc->added += fw_shellscan_script(sc->g, target, via, sc->depth + 1);
    free(via);
}

/* One command: w[0..n) after keywords were stripped. */
static void command(scan *sc, const fw_line *ln, char **w, size_t n, int cond, int bg,
                    int unres)
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
    while (n > 0 && (strcmp(w[0], "exec") == 0 || strcmp(w[0], "nohup") == 0 ||
                     strcmp(w[0], "command") == 0)) {
        w++;
        n--;
    }
    if (n == 0)
        return;
    const char *cmd = w[0];
    const char *base = fw_svc_base(cmd);

    if ((strcmp(cmd, ".") == 0 || strcmp(cmd, "source") == 0) && n > 1) {
        const fw_node *t = fw_svc_resolve_cmd(sc->g, w[1]);
        if (t && strcmp(fw_node_syspath(t), "/etc/rc.common") != 0 &&
            strcmp(fw_svc_base(fw_node_syspath(t)), "functions.sh") != 0)
            follow(sc, ln, t, ". ");
        return;
    }
    if (strcmp(base, "start-stop-daemon") == 0) {
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
            char *ex = fw_xstrndup(ln->s, ln->len);
            fw_svc_add_unresolved(sc->g, "start-stop-daemon", by, sc->node, ln->lineno, ex,
                               "start-stop-daemon without --exec/--startas");
            free(ex);
            free(by);
            return;
        }
        size_t m = 1 + (n - (args_at < n ? args_at : n));
        char **v = fw_xcalloc(m, sizeof *v);
        v[0] = (char *)prog;
        for (size_t i = args_at; i < n; i++)
            v[1 + i - args_at] = w[i];
        start(sc, ln, v, m, cond, unres && strchr(prog, '$'), "the program is a run-time value");
        free(v);
        return;
    }
    if (strcmp(cmd, "procd_set_param") == 0) {
        if (n > 2 && strcmp(w[1], "command") == 0)
            start(sc, ln, w + 2, n - 2, cond, unres, "procd command from a run-time value");
        return;
    }
    if (strcmp(cmd, "service_start") == 0) {
        if (n > 1)
            start(sc, ln, w + 1, n - 1, cond, unres, "service_start of a run-time value");
        return;
    }
    if (strchr(cmd, '$') || strchr(cmd, '`')) {
        if (bg)
            start(sc, ln, w, n, cond, 1, "the command is a run-time value");
        return;
    }
    const fw_node *target = fw_svc_resolve_cmd(sc->g, cmd);
    /* "/etc/init.d/x enabled": a query of another boot script, never a daemon */
    int initscript = strncmp(cmd, "/etc/init.d/", 12) == 0 || strncmp(cmd, "/etc/rc.d/", 10) == 0;
    if (initscript && !(target && is_script(sc->g, target)))
        return;
    if (target && is_script(sc->g, target)) {
        const char *arg = n > 1 ? w[1] : NULL;
        if (!arg || strcmp(arg, "start") == 0 || strcmp(arg, "boot") == 0 ||
            strcmp(arg, "S") == 0)
            follow(sc, ln, target, "");
        return;
    }
    int daemonish = base[0] && base[strlen(base) - 1] == 'd' && strlen(base) > 2 &&
                    target && !not_a_daemon(base);
    if (fw_svc_known(sc->g, base) || bg || daemonish)
        start(sc, ln, w, n, cond, unres, "an argument is a run-time value");
}

/* Split a line into commands at unquoted ; & && || | and handle each. */
static void line(scan *sc, const fw_line *ln, const char *s, size_t len)
{
    size_t i = 0, seg = 0;
    int cond_next = 0, cond = 0;
    char q = 0;
    int paren = 0;   /* inside $( ), $(( )) or a ( ) subshell: no split */
    while (i <= len) {
        int end = i == len;
        int bg = 0, chained = 0;
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
                ;
            } else if (c == '&') {
                if ((i > 0 && (s[i - 1] == '>' || s[i - 1] == '<')) || (i + 1 < len && s[i + 1] == '>')) {
                    i++;
                    continue;
                }
                if (i + 1 < len && s[i + 1] == '&') {
                    chained = 1;
                    skip = 2;
                } else {
                    bg = 1;
                }
            } else if (c == '|') {
                if (i + 1 < len && s[i + 1] == '|') {
                    chained = 1;
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
        n = drop_redirects(w, n);
        size_t k = 0;
        int test = 0;
        while (k < n) {
            const char *x = w[k];
            if (strcmp(x, "if") == 0 || strcmp(x, "elif") == 0 || strcmp(x, "while") == 0 ||
                strcmp(x, "until") == 0) {
                if (strcmp(x, "if") == 0)
                    sc->if_depth++;
                test = 1;
                k++;
            } else if (strcmp(x, "then") == 0 || strcmp(x, "else") == 0 || strcmp(x, "do") == 0 ||
                       strcmp(x, "{") == 0 || strcmp(x, "(") == 0 || strcmp(x, "!") == 0 ||
                       strcmp(x, "}") == 0 || strcmp(x, ")") == 0 || strcmp(x, "done") == 0 ||
                       strcmp(x, "esac") == 0 || strcmp(x, ";;") == 0) {
                k++;
            } else if (strcmp(x, "fi") == 0) {
                if (sc->if_depth > 0)
                    sc->if_depth--;
                k++;
            } else if (x[0] == '(' && x[1]) {
                memmove(w[k], x + 1, strlen(x));   /* "(/etc/init.d/x" */
            } else if (strcmp(x, "case") == 0 || strcmp(x, "for") == 0 ||
                       strcmp(x, "function") == 0 || strcmp(x, "local") == 0 ||
                       strcmp(x, "return") == 0 || strcmp(x, "echo") == 0 ||
                       strcmp(x, "[") == 0 || strcmp(x, "test") == 0 ||
                       strcmp(x, "[[") == 0) {
                k = n;         /* not a start */
            } else if (strlen(x) > 1 && x[strlen(x) - 1] == ')' && !strchr(x, '(')) {
                k++;           /* a case label: start) */
            } else if (k + 1 < n && strcmp(w[k + 1], "()") == 0) {
                k = n;         /* name () { : a function definition */
            } else if (strlen(x) > 2 && strcmp(x + strlen(x) - 2, "()") == 0) {
                k = n;         /* name() { */
            } else {
                break;
            }
        }
        if (k < n && !test)
            command(sc, ln, w + k, n - k, cond || sc->if_depth > 0, bg, unres);
        fw_shell_words_release(w, n);
        if (chained)
            cond_next = 1;
        cond = cond_next;
        if (end)
            break;
        i += skip;
        seg = i;
    }
}

size_t fw_shellscan_script(fw_svc_graph *g, const fw_node *script, const char *via, unsigned depth)
{
    for (size_t i = 0; i < g->n_seen; i++)
        if (g->seen[i] == script)
            return 0;
    if (g->scripts_read >= SVC_MAX_SCRIPTS) {
        if (g->scripts_read++ == SVC_MAX_SCRIPTS)
            fw_check_warn(g->ctx, script, "more than %d boot scripts: the rest not read",
                          SVC_MAX_SCRIPTS);
        return 0;
    }
    g->scripts_read++;
    FW_XGROW(g->seen, g->cap_seen, g->n_seen + 1);
    g->seen[g->n_seen++] = script;

    fw_blob b;
    if (fw_svc_open_text(g, script, &b) != 0)
        return 0;
    scan sc = { .g = g, .node = script, .via = via, .depth = depth };
    fw_line_iter it;
    fw_line ln;
    fw_strbuf joined = FW_STRBUF_INIT;
    fw_lines_init(&it, b.data, SVC_TEXT_LEN(&b));
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
        if (p == joined.len || s[p] == '#')
            continue;
        line(&sc, &first, s + p, joined.len - p);
    }
    fw_sb_release(&joined);
    vars_free(&sc.vs);
    fw_blob_close(&b);
    return sc.added;
}
