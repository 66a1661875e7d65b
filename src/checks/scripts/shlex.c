/* shlex.c: a shell line split into simple commands (see shlex.h). */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/shlex.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

typedef struct lx {
    const char *s;
    size_t len, i;
    fw_sh_lookup lookup;
    void *arg;
    fw_sh_list *out;
    fw_sh_cmd *cur;         /* the command being read, or NULL between commands */
} lx;

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static int is_op(char c) { return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '\n'; }
static int is_redir(char c) { return c == '<' || c == '>'; }
static int name_start(char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

/* Index of the ')' closing a $( or <( whose body starts at i (len when
 * unclosed): quotes, nested parentheses and `...` are skipped. */
static size_t paren_end(const char *s, size_t len, size_t i)
{
    int depth = 1;
    while (i < len) {
        char c = s[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            size_t q = i + 1;
            while (q < len && s[q] != c) {
                if (s[q] == '\\' && c != '\'')
                    q++;
                q++;
            }
            i = q + 1;
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return i;
        i++;
    }
    return len;
}

static size_t backtick_end(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '`')
        i += s[i] == '\\' ? 2 : 1;
    return i < len ? i : len;
}

static fw_sh_cmd *cmd_cur(lx *x)
{
    if (x->cur)
        return x->cur;
    if (x->out->n >= FW_SH_MAX_CMDS) {
        x->out->truncated = 1;
        return NULL;
    }
    FW_XGROW(x->out->v, x->out->cap, x->out->n + 1);
    x->cur = &x->out->v[x->out->n++];
    memset(x->cur, 0, sizeof *x->cur);
    x->cur->w = fw_xcalloc(1, sizeof *x->cur->w);
    return x->cur;
}

static void add_subst(fw_sh_cmd *c, const char *body, size_t n, size_t word, int proc)
{
    if (!c || c->n_subst >= FW_SH_MAX_SUBST)
        return;
    fw_sh_subst *su = &c->subst[c->n_subst++];
    su->body = fw_xstrndup(body, n);
    su->word = word;
    su->whole = 0;
    su->proc = proc;
}

/* $NAME, ${NAME}, ${NAME:-default} (default used when NAME is unknown),
 * $(...); anything else is kept as written. s[x->i] == '$'. */
static void dollar(lx *x, fw_strbuf *sb, fw_sh_cmd *c, size_t word, int *others)
{
    const char *s = x->s;
    size_t len = x->len, p = x->i + 1;
    if (p < len && s[p] == '(') {
        size_t e = paren_end(s, len, p + 1);
        add_subst(c, s + p + 1, e - p - 1, word, 0);
        fw_sb_add(sb, s + x->i, (e < len ? e + 1 : len) - x->i);
        x->i = e < len ? e + 1 : len;
        return;
    }
    *others = 1;
    if (p < len && s[p] == '{') {
        size_t q = p + 1;
        while (q < len && name_char(s[q]))
            q++;
        size_t e = q;
        while (e < len && s[e] != '}')
            e++;
        const char *v = q > p + 1 && x->lookup ? x->lookup(x->arg, s + p + 1, q - p - 1) : NULL;
        if (v)
            fw_sb_adds(sb, v);
        else if (e < len && q + 1 < e && s[q] == ':' && s[q + 1] == '-')
            fw_sb_add(sb, s + q + 2, e - q - 2);
        else
            fw_sb_add(sb, s + x->i, (e < len ? e + 1 : len) - x->i);
        x->i = e < len ? e + 1 : len;
        return;
    }
    if (p < len && name_start(s[p])) {
        size_t q = p;
        while (q < len && name_char(s[q]))
            q++;
        const char *v = x->lookup ? x->lookup(x->arg, s + p, q - p) : NULL;
        if (v)
            fw_sb_adds(sb, v);
        else
            fw_sb_add(sb, s + x->i, q - x->i);
        x->i = q;
        return;
    }
    fw_sb_addc(sb, '$');
    x->i++;
}

/* One word from x->i up to a blank or operator outside quotes. Its
 * substitutions are recorded in c as word `word` (c may be NULL: a
 * redirection target). Returns 1 when a word was read. */
static int read_word(lx *x, fw_strbuf *sb, fw_sh_cmd *c, size_t word)
{
    const char *s = x->s;
    size_t len = x->len, start = x->i, first_subst = c ? c->n_subst : 0;
    int others = 0;      /* anything besides one substitution */
    while (x->i < len) {
        char ch = s[x->i];
        if (is_blank(ch) || is_op(ch) || is_redir(ch))
            break;
        if (ch == '\'') {
            size_t q = x->i + 1;
            while (q < len && s[q] != '\'')
                q++;
            fw_sb_add(sb, s + x->i + 1, q - x->i - 1);
            x->i = q < len ? q + 1 : len;
            others = 1;
        } else if (ch == '"') {
            x->i++;
            while (x->i < len && s[x->i] != '"') {
                if (s[x->i] == '\\' && x->i + 1 < len) {
                    char e = s[x->i + 1];
                    if (e != '"' && e != '\\' && e != '$' && e != '`')
                        fw_sb_addc(sb, '\\');
                    fw_sb_addc(sb, e);
                    x->i += 2;
                    others = 1;
                } else if (s[x->i] == '$') {
                    dollar(x, sb, c, word, &others);
                } else if (s[x->i] == '`') {
                    size_t e = backtick_end(s, len, x->i + 1);
                    add_subst(c, s + x->i + 1, e - x->i - 1, word, 0);
                    fw_sb_add(sb, s + x->i, (e < len ? e + 1 : len) - x->i);
                    x->i = e < len ? e + 1 : len;
                } else {
                    fw_sb_addc(sb, s[x->i++]);
                    others = 1;
                }
            }
            if (x->i < len)
                x->i++;
        } else if (ch == '\\' && x->i + 1 < len) {
            fw_sb_addc(sb, s[x->i + 1]);
            x->i += 2;
            others = 1;
        } else if (ch == '$') {
            dollar(x, sb, c, word, &others);
        } else if (ch == '`') {
            size_t e = backtick_end(s, len, x->i + 1);
            add_subst(c, s + x->i + 1, e - x->i - 1, word, 0);
            fw_sb_add(sb, s + x->i, (e < len ? e + 1 : len) - x->i);
            x->i = e < len ? e + 1 : len;
        } else {
            fw_sb_addc(sb, ch);
            x->i++;
            others = 1;
        }
    }
    if (c && !others && c->n_subst == first_subst + 1)
        c->subst[first_subst].whole = 1;
    return x->i > start;
}

static void end_cmd(lx *x, int pipe_out)
{
    if (x->cur)
        x->cur->pipe_out = pipe_out;
    x->cur = NULL;
}

static void push_word(lx *x, fw_sh_cmd *c, fw_strbuf *sb)
{
    if (c->n >= FW_SH_MAX_WORDS) {
        x->out->truncated = 1;
        fw_sb_release(sb);
        return;
    }
    c->w = fw_xreallocarray(c->w, c->n + 2, sizeof *c->w);
    c->w[c->n++] = fw_sb_detach(sb);
    if (!c->w[c->n - 1])
        c->w[c->n - 1] = fw_xstrdup("");
    c->w[c->n] = NULL;
}

/* A redirection at x->i: [N]>, >>, &>, >&N, <, <<WORD, <(...). */
static void redirection(lx *x)
{
    const char *s = x->s;
    size_t len = x->len;
    int fd = -1, to_out = 0;
    if (s[x->i] == '&') {            /* &> FILE: stdout and stderr */
        x->i++;
        to_out = 1;
    }
    while (x->i < len && s[x->i] >= '0' && s[x->i] <= '9') {
        fd = (fd < 0 ? 0 : fd * 10) + (s[x->i] - '0');
        x->i++;
    }
    char op = s[x->i++];
    if (op == '<' && x->i < len && s[x->i] == '(') {
        /* <(cmd): a word (a file name) that reads cmd's output. */
        size_t e = paren_end(s, len, x->i + 1);
        fw_sh_cmd *c = cmd_cur(x);
        if (c) {
            add_subst(c, s + x->i + 1, e - x->i - 1, c->n, 1);
            c->subst[c->n_subst - 1].whole = 1;
            fw_strbuf sb = FW_STRBUF_INIT;
            fw_sb_add(&sb, s + x->i - 1, (e < len ? e + 1 : len) - (x->i - 1));
            push_word(x, c, &sb);
        }
        x->i = e < len ? e + 1 : len;
        return;
    }
    int heredoc = 0;
    if (op == '<' && x->i < len && s[x->i] == '<') {
        x->i++;
        if (x->i < len && s[x->i] == '<') {      /* <<< here-string: a word */
            x->i++;
        } else {
            heredoc = 1;
            if (x->i < len && s[x->i] == '-')
                x->i++;
        }
    } else if (op == '>' && x->i < len && (s[x->i] == '>' || s[x->i] == '|')) {
        x->i++;
    }
    if (x->i < len && s[x->i] == '&' && !heredoc) {   /* >&2, 2>&1: a duplication */
        x->i++;
        while (x->i < len && !is_blank(s[x->i]) && !is_op(s[x->i]) && !is_redir(s[x->i]))
            x->i++;
        return;
    }
    while (x->i < len && is_blank(s[x->i]))
        x->i++;
    fw_strbuf sb = FW_STRBUF_INIT;
    read_word(x, &sb, NULL, 0);
    if (heredoc) {
        if (!x->out->heredoc && sb.len > 0)
            x->out->heredoc = fw_sb_detach(&sb);
    } else if (op == '>' && (fd < 0 || fd == 1 || to_out)) {
        fw_sh_cmd *c = cmd_cur(x);
        if (c) {
            free(c->out);
            c->out = fw_sb_detach(&sb);
        }
    }
    fw_sb_release(&sb);
}

void fw_sh_split(const char *s, size_t len, fw_sh_lookup lookup, void *arg, fw_sh_list *out)
{
    lx x = { .s = s, .len = len, .lookup = lookup, .arg = arg, .out = out };
    while (x.i < len && !out->truncated) {
        char c = s[x.i];
        if (is_blank(c)) {
            x.i++;
            continue;
        }
        if (is_op(c)) {
            if (c == '&' && x.i + 1 < len && s[x.i + 1] == '>') {
                redirection(&x);
                continue;
            }
            int pipe = c == '|' && !(x.i + 1 < len && s[x.i + 1] == '|');
            /* && || ;; |& are two characters */
            if (x.i + 1 < len && (s[x.i + 1] == c || (c == '|' && s[x.i + 1] == '&')))
                x.i++;
            x.i++;
            end_cmd(&x, pipe);
            continue;
        }
        /* [N]> and friends at a word start */
        size_t d = x.i;
        while (d < len && s[d] >= '0' && s[d] <= '9')
            d++;
        if (d < len && is_redir(s[d])) {
            redirection(&x);
            continue;
        }
        if (c == '#')
            break;                      /* a comment to the end of the line */
        fw_sh_cmd *cmd = cmd_cur(&x);
        if (!cmd)
            break;
        fw_strbuf sb = FW_STRBUF_INIT;
        read_word(&x, &sb, cmd, cmd->n);
        push_word(&x, cmd, &sb);
    }
    end_cmd(&x, 0);
}

void fw_sh_list_release(fw_sh_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        fw_sh_cmd *c = &l->v[i];
        for (size_t k = 0; k < c->n; k++)
            free(c->w[k]);
        free(c->w);
        free(c->out);
        for (size_t k = 0; k < c->n_subst; k++)
            free(c->subst[k].body);
    }
    free(l->v);
    free(l->heredoc);
    memset(l, 0, sizeof *l);
}

int fw_sh_continues(const char *s, size_t len)
{
    char q = 0;
    int depth = 0;
    size_t i = 0;
    /* A comment outside quotes ends the line whatever it holds. */
    for (; i < len; i++) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 == len)
                return q != '\'';
            if (q != '\'')
                i++;
            continue;
        }
        if (q) {
            if (c == q)
                q = 0;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`')
            q = c;
        else if (c == '#' && (i == 0 || is_blank(s[i - 1]) || s[i - 1] == ';'))
            break;
        else if (c == '$' && i + 1 < len && s[i + 1] == '(') {
            depth++;
            i++;
        } else if (c == ')' && depth > 0)
            depth--;
    }
    return q != 0 || depth > 0;
}
