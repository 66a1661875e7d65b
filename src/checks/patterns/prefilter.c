/* prefilter.c: required literals of PCRE2 patterns, and one Aho-Corasick
 * pass per file that says which rules' patterns are worth running.
 *
 * Deriving literals: a small recursive-descent reader of the PCRE2 syntax
 * the rules use computes, for each sub-pattern, either its exact language
 * (a small finite set of strings: "AKIA|ASIA", "pass(?:word)?") or a set of
 * strings one of which every match contains, the way RE2's and ripgrep's
 * prefilters do. Concatenation crosses exact sets while they stay small,
 * else keeps the better requirement of its parts; alternation unions;
 * x* / x? / x{0,n} require nothing; lookarounds, anchors and \b are empty.
 * Everything is lower-cased and searched ASCII-case-blind, so (?i) needs no
 * care. Whatever the reader does not understand makes the whole pattern
 * "no literals": the rule then always runs, which costs time, never a
 * finding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "checks/patterns/prefilter.h"

/* Bounds of the deriver: a set of strings grows by cross products. */
#define EXACT_MAX_STRINGS 64
#define EXACT_MAX_LEN 32
#define CLASS_MAX_CHARS 6    /* [ab] is exact {a,b}; a larger class is "any" */
#define PARSE_MAX_DEPTH 64

typedef struct strset {
    char **v;
    size_t n;
} strset;

/* What a sub-pattern is known to match. */
typedef struct info {
    int exact;      /* 1: set is the whole language (strings it can match) */
    int req;        /* 1: (when not exact) every match contains one of set */
    strset set;     /* exact 0 and req 0: nothing known (set empty) */
} info;

typedef struct parser {
    const char *p, *end;
    int fail;
    int depth;
} parser;

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

static int set_has(const strset *s, const char *str)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], str) == 0)
            return 1;
    return 0;
}

static void set_add(strset *s, const char *str)
{
    if (set_has(s, str))
        return;
    s->v = fw_xreallocarray(s->v, s->n + 1, sizeof *s->v);
    s->v[s->n++] = fw_xstrdup(str);
}

static info info_any(void) { return (info){ 0, 0, { NULL, 0 } }; }

static info info_empty(void)
{
    info r = { 1, 0, { NULL, 0 } };
    set_add(&r.set, "");
    return r;
}

static size_t min_len(const strset *s)
{
    size_t m = (size_t)-1;
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i]) < m)
            m = strlen(s->v[i]);
    return s->n ? m : 0;
}

/* Turn an exact language into a requirement (an empty string in it
 * means the sub-pattern requires nothing). */
static void to_req(info *a)
{
    if (!a->exact)
        return;
    a->exact = 0;
    a->req = a->set.n > 0 && min_len(&a->set) > 0;
    if (!a->req)
        set_free(&a->set);
}

/* Is requirement a better prefilter than b? Longer shortest literal
 * first, then fewer literals. */
static int req_better(const info *a, const info *b)
{
    if (!b->req)
        return a->req;
    if (!a->req)
        return 0;
    size_t la = min_len(&a->set), lb = min_len(&b->set);
    if (la != lb)
        return la > lb;
    return a->set.n < b->set.n;
}

static info concat(info a, info b)
{
    if (a.exact && b.exact && a.set.n * b.set.n <= EXACT_MAX_STRINGS) {
        info r = { 1, 0, { NULL, 0 } };
        int ok = 1;
        for (size_t i = 0; i < a.set.n && ok; i++)
            for (size_t j = 0; j < b.set.n && ok; j++) {
                size_t la = strlen(a.set.v[i]), lb = strlen(b.set.v[j]);
                if (la + lb > EXACT_MAX_LEN) {
                    ok = 0;
                    break;
                }
                char *s = fw_xmalloc(la + lb + 1);
                memcpy(s, a.set.v[i], la);
                memcpy(s + la, b.set.v[j], lb + 1);
                set_add(&r.set, s);
                free(s);
            }
        if (ok) {
            set_free(&a.set);
            set_free(&b.set);
            return r;
        }
        set_free(&r.set);
    }
    to_req(&a);
    to_req(&b);
    if (req_better(&b, &a)) {
        set_free(&a.set);
        return b;
    }
    set_free(&b.set);
    return a;
}

static info alternate(info a, info b)
{
    if (a.exact && b.exact && a.set.n + b.set.n <= EXACT_MAX_STRINGS) {
        for (size_t i = 0; i < b.set.n; i++)
            set_add(&a.set, b.set.v[i]);
        set_free(&b.set);
        return a;
    }
    to_req(&a);
    to_req(&b);
    if (!a.req || !b.req) {
        set_free(&a.set);
        set_free(&b.set);
        return info_any();
    }
    for (size_t i = 0; i < b.set.n; i++)
        set_add(&a.set, b.set.v[i]);
    set_free(&b.set);
    return a;
}

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static info info_chars(const unsigned char set[256])
{
    unsigned char folded[256] = {0};
    size_t n = 0;
    for (int c = 0; c < 256; c++)
        if (set[c] && !folded[lower(c)]) {
            folded[lower(c)] = 1;
            n++;
        }
    if (n == 0 || n > CLASS_MAX_CHARS || folded[0])
        return info_any();   /* NUL cannot live in a C string literal */
    info r = { 1, 0, { NULL, 0 } };
    for (int c = 1; c < 256; c++)
        if (folded[c]) {
            char s[2] = { (char)c, 0 };
            set_add(&r.set, s);
        }
    return r;
}

static info info_char(int c)
{
    unsigned char set[256] = {0};
    set[c & 0xff] = 1;
    return info_chars(set);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static void add_range(unsigned char set[256], int from, int to)
{
    for (int c = from; c <= to && c < 256; c++)
        if (c >= 0)
            set[c] = 1;
}

/* Escape classes \d \w \s ... as byte sets (the "C" tables; a superset is
 * harmless: a larger class only weakens the prefilter). Returns 1 if e is
 * one. */
static int escape_class(int e, unsigned char set[256])
{
    switch (e) {
    case 'd': add_range(set, '0', '9'); return 1;
    case 'w': add_range(set, '0', '9'); add_range(set, 'a', 'z');
              add_range(set, 'A', 'Z'); set['_'] = 1; return 1;
    case 's': case 'h': case 'v': add_range(set, 9, 13); set[' '] = 1; return 1;
    case 'D': case 'W': case 'S': case 'H': case 'V': case 'N': case 'R':
    case 'X': case 'C': case 'p': case 'P':
        add_range(set, 0, 255); return 1;
    default: return 0;
    }
}

/* One escaped character after '\\' (p points past it): its byte, or -1 if
 * it is not a plain character. */
static int escape_char(parser *ps)
{
    if (ps->p >= ps->end) {
        ps->fail = 1;
        return -1;
    }
    int e = (unsigned char)*ps->p++;
    switch (e) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'f': return '\f';
    case 'e': return 27;
    case 'a': return 7;
    case 'x': {
        int v = 0, n = 0;
        if (ps->p < ps->end && *ps->p == '{') {
            ps->p++;
            while (ps->p < ps->end && *ps->p != '}' && hexval(*ps->p) >= 0 && n < 2) {
                v = v * 16 + hexval(*ps->p++);
                n++;
            }
            if (ps->p >= ps->end || *ps->p != '}' || n == 0) {
                ps->fail = 1;
                return -1;
            }
            ps->p++;
            return v;
        }
        while (ps->p < ps->end && hexval(*ps->p) >= 0 && n < 2) {
            v = v * 16 + hexval(*ps->p++);
            n++;
        }
        return v;
    }
    default:
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
            ps->fail = 1;     /* octal, back-references, \c, \g, \k, \o ...: not read */
            return -1;
        }
        return e;              /* an escaped punctuation character is itself */
    }
}

/* A [...] class; p points past '['. */
static info parse_class(parser *ps)
{
    unsigned char set[256] = {0};
    int negate = 0, first = 1, prev = -1;
    if (ps->p < ps->end && *ps->p == '^') {
        negate = 1;
        ps->p++;
    }
    while (ps->p < ps->end && !ps->fail) {
        int c = (unsigned char)*ps->p;
        if (c == ']' && !first)
            break;
        first = 0;
        ps->p++;
        if (c == '[' && ps->p < ps->end && *ps->p == ':') {
            const char *close = strstr(ps->p, ":]");
            if (!close || close >= ps->end) {
                ps->fail = 1;
                break;
            }
            add_range(set, 0, 255);     /* any POSIX class: a superset */
            ps->p = close + 2;
            prev = -1;
            continue;
        }
        if (c == '\\') {
            if (ps->p < ps->end && escape_class(*ps->p, set)) {
                int e = *ps->p++;
                if ((e == 'p' || e == 'P') && ps->p < ps->end && *ps->p == '{') {
                    const char *close = memchr(ps->p, '}', (size_t)(ps->end - ps->p));
                    if (!close) { ps->fail = 1; break; }
                    ps->p = close + 1;
                } else if (e == 'p' || e == 'P') {
                    ps->p++;
                }
                prev = -1;
                continue;
            }
            if (ps->p < ps->end && *ps->p == 'b') {   /* \b in a class is backspace */
                ps->p++;
                c = 8;
            } else if ((c = escape_char(ps)) < 0) {
                break;
            }
        }
        if (c == '-' && prev >= 0 && ps->p < ps->end && *ps->p != ']') {
            int hi = (unsigned char)*ps->p++;
            if (hi == '\\' && (hi = escape_char(ps)) < 0)
                break;
            if (hi < prev) { ps->fail = 1; break; }
            add_range(set, prev, hi);
            prev = -1;
            continue;
        }
        set[c] = 1;
        prev = c;
    }
    if (ps->p >= ps->end || *ps->p != ']')
        ps->fail = 1;
    else
        ps->p++;
    if (ps->fail)
        return info_any();
    if (negate)
        for (int c = 0; c < 256; c++)
            set[c] = !set[c];
    return info_chars(set);
}

static info parse_alt(parser *ps);

/* After '(' : the kind of group, and p moved past its opening. Returns
 * 0 normal group, 1 zero-width (lookaround, comment), -1 unsupported. */
static int group_kind(parser *ps)
{
    if (ps->p < ps->end && *ps->p == '*')
        return -1;                          /* (*VERB) / (*UTF): not read */
    if (ps->p >= ps->end || *ps->p != '?')
        return 0;                           /* capturing group */
    ps->p++;
    if (ps->p >= ps->end)
        return -1;
    char c = *ps->p;
    if (c == ':' || c == '|' || c == '>') { ps->p++; return 0; }
    if (c == '=' || c == '!') { ps->p++; return 1; }
    if (c == '<' && ps->p + 1 < ps->end && (ps->p[1] == '=' || ps->p[1] == '!')) {
        ps->p += 2;
        return 1;
    }
    if (c == '<' || c == '\'' || (c == 'P' && ps->p + 1 < ps->end && ps->p[1] == '<')) {
        char close = c == '\'' ? '\'' : '>';
        const char *q = memchr(ps->p + 1, close, (size_t)(ps->end - ps->p - 1));
        if (!q)
            return -1;
        ps->p = q + 1;
        return 0;
    }
    if (c == '#')
        return 2;
    /* inline options: (?i) (?i: (?-i) ... ; (?x) changes the syntax */
    const char *q = ps->p;
    while (q < ps->end && strchr("imnsJU-", *q))
        q++;
    if (q < ps->end && q > ps->p && (*q == ')' || *q == ':')) {
        ps->p = q + 1;
        return *q == ')' ? 3 : 0;
    }
    return -1;                              /* recursion, conditionals, x ... */
}

/* A quantifier after an atom, if any: sets *min, *max (-1 = unbounded). */
static int parse_quant(parser *ps, long *min, long *max)
{
    if (ps->p >= ps->end)
        return 0;
    char c = *ps->p;
    if (c == '*') { *min = 0; *max = -1; }
    else if (c == '+') { *min = 1; *max = -1; }
    else if (c == '?') { *min = 0; *max = 1; }
    else if (c == '{') {
        const char *q = ps->p + 1;
        long a = 0, b;
        int digits = 0;
        while (q < ps->end && *q >= '0' && *q <= '9' && a < 100000) {
            a = a * 10 + (*q++ - '0');
            digits++;
        }
        if (!digits) {
            if (q < ps->end && *q == ',')
                ps->fail = 1;               /* "{,n}": a quantifier in newer PCRE2 */
            return 0;                       /* "{" that is no quantifier is literal */
        }
        b = a;
        if (q < ps->end && *q == ',') {
            q++;
            b = -1;
            if (q < ps->end && *q >= '0' && *q <= '9') {
                b = 0;
                while (q < ps->end && *q >= '0' && *q <= '9' && b < 100000)
                    b = b * 10 + (*q++ - '0');
            }
        }
        if (q >= ps->end || *q != '}')
            return 0;
        *min = a;
        *max = b;
        ps->p = q;
    } else {
        return 0;
    }
    ps->p++;
    if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
        ps->p++;                            /* lazy or possessive: same language */
    return 1;
}

static info repeat(info a, long min, long max)
{
    if (min == 0) {
        if (max == 1 && a.exact && a.set.n < EXACT_MAX_STRINGS) {
            set_add(&a.set, "");           /* x? : exact x | "" */
            return a;
        }
        set_free(&a.set);
        return info_any();                  /* may match nothing: requires nothing */
    }
    if (min == 1 && max == 1)
        return a;
    if (a.exact && min == max && min <= EXACT_MAX_LEN) {
        info r = info_empty();
        for (long i = 0; i < min; i++) {
            info copy = { 1, 0, { NULL, 0 } };
            for (size_t j = 0; j < a.set.n; j++)
                set_add(&copy.set, a.set.v[j]);
            r = concat(r, copy);
        }
        set_free(&a.set);
        return r;
    }
    to_req(&a);                             /* x{2,}: at least one x */
    return a;
}

static info parse_atom(parser *ps)
{
    char c = *ps->p++;
    switch (c) {
    case '.':
        return info_any();
    case '^': case '$':
        return info_empty();
    case '[':
        return parse_class(ps);
    case '(': {
        int kind = group_kind(ps);
        if (kind < 0) {
            ps->fail = 1;
            return info_any();
        }
        if (kind == 2 || kind == 3) {       /* comment, or option setting */
            const char *q = kind == 2 ? memchr(ps->p, ')', (size_t)(ps->end - ps->p)) : ps->p - 1;
            if (!q) { ps->fail = 1; return info_any(); }
            ps->p = q + 1;
            return info_empty();
        }
        if (++ps->depth > PARSE_MAX_DEPTH) {
            ps->fail = 1;
            return info_any();
        }
        info in = parse_alt(ps);
        ps->depth--;
        if (ps->p >= ps->end || *ps->p != ')') {
            ps->fail = 1;
            set_free(&in.set);
            return info_any();
        }
        ps->p++;
        if (kind == 1) {                    /* zero-width: consumes nothing */
            set_free(&in.set);
            return info_empty();
        }
        return in;
    }
    case '\\': {
        if (ps->p >= ps->end) { ps->fail = 1; return info_any(); }
        char e = *ps->p;
        if (strchr("bBAzZGK", e)) {
            ps->p++;
            return info_empty();
        }
        if (e == 'Q') {                     /* \Q...\E: literal text */
            info r = info_empty();
            ps->p++;
            while (ps->p < ps->end && !(ps->p[0] == '\\' && ps->p + 1 < ps->end && ps->p[1] == 'E'))
                r = concat(r, info_char((unsigned char)*ps->p++));
            if (ps->p < ps->end)
                ps->p += 2;
            return r;
        }
        unsigned char set[256] = {0};
        if (escape_class(e, set)) {
            ps->p++;
            if ((e == 'p' || e == 'P') && ps->p < ps->end) {
                if (*ps->p == '{') {
                    const char *close = memchr(ps->p, '}', (size_t)(ps->end - ps->p));
                    if (!close) { ps->fail = 1; return info_any(); }
                    ps->p = close + 1;
                } else {
                    ps->p++;
                }
            }
            return info_chars(set);
        }
        int ch = escape_char(ps);
        return ch < 0 ? info_any() : info_char(ch);
    }
    default:
        return info_char((unsigned char)c);
    }
}

/* A sequence: runs of exact atoms are crossed into longer strings ("pass"
 * "word"); an atom that is not exact ends the run, which becomes a
 * candidate requirement like the atom's own; the best candidate wins. */
static info parse_concat(parser *ps)
{
    info run = info_empty(), best = info_any();
    int broken = 0;             /* some atom was not exact */
    while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')' && !ps->fail) {
        if (*ps->p == '*' || *ps->p == '+' || *ps->p == '?') {
            ps->fail = 1;                   /* a quantifier with nothing before it */
            break;
        }
        info atom = parse_atom(ps);
        long min, max;
        if (!ps->fail && parse_quant(ps, &min, &max))
            atom = repeat(atom, min, max);
        if (atom.exact) {
            run = concat(run, atom);
            if (run.exact)
                continue;
            best = concat(best, run);       /* too many strings: keep it as a candidate */
            run = info_empty();
            broken = 1;
            continue;
        }
        broken = 1;
        best = concat(best, run);
        best = concat(best, atom);
        run = info_empty();
    }
    if (!broken) {
        set_free(&best.set);
        return run;
    }
    return concat(best, run);
}

static info parse_alt(parser *ps)
{
    info acc = parse_concat(ps);
    while (!ps->fail && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        acc = alternate(acc, parse_concat(ps));
    }
    return acc;
}

size_t fw_pattern_literals(const char *pattern, char ***out)
{
    *out = NULL;
    parser ps = { pattern, pattern + strlen(pattern), 0, 0 };
    info r = parse_alt(&ps);
    if (ps.fail || ps.p != ps.end) {
        set_free(&r.set);
        return 0;
    }
    to_req(&r);
    if (!r.req || min_len(&r.set) < FW_PREFILTER_MIN_LITERAL) {
        set_free(&r.set);
        return 0;
    }
    *out = r.set.v;
    return r.set.n;
}

/* ---- Aho-Corasick over lower-cased bytes ---- */

struct fw_prefilter {
    size_t n_rules;
    unsigned char *covered;     /* per rule: has literals */
    unsigned char cls[256];     /* byte -> class (0: in no literal) */
    size_t n_cls;
    uint32_t *delta;            /* n_states * n_cls, full DFA: entry = (target's row
                                   offset << 1) | (target has output) */
    uint32_t *out_start;        /* per state: first index into out_rules */
    uint32_t *out_rules;        /* rules whose literal ends at the state (incl. via fail links) */
    size_t n_states;
};

int fw_prefilter_covers(const fw_prefilter *pf, size_t i)
{
    return pf && i < pf->n_rules && pf->covered[i];
}

typedef struct builder {
    size_t n_states, cap;
    uint32_t *trie;             /* n_states * n_cls, 0 = absent (root is never a target) */
    uint32_t **outs;            /* per state: rule indices (list) */
    size_t *n_outs;
} builder;

static uint32_t new_state(builder *b, size_t n_cls)
{
    if (b->n_states == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->trie = fw_xreallocarray(b->trie, b->cap * n_cls, sizeof *b->trie);
        b->outs = fw_xreallocarray(b->outs, b->cap, sizeof *b->outs);
        b->n_outs = fw_xreallocarray(b->n_outs, b->cap, sizeof *b->n_outs);
    }
    memset(b->trie + b->n_states * n_cls, 0, n_cls * sizeof *b->trie);
    b->outs[b->n_states] = NULL;
    b->n_outs[b->n_states] = 0;
    return (uint32_t)b->n_states++;
}

static void add_out(builder *b, uint32_t s, uint32_t rule)
{
    for (size_t i = 0; i < b->n_outs[s]; i++)
        if (b->outs[s][i] == rule)
            return;
    b->outs[s] = fw_xreallocarray(b->outs[s], b->n_outs[s] + 1, sizeof **b->outs);
    b->outs[s][b->n_outs[s]++] = rule;
}

fw_prefilter *fw_prefilter_new(const fw_ruleset *rs)
{
    char ***lits = fw_xcalloc(rs->count + 1, sizeof *lits);
    size_t *nlits = fw_xcalloc(rs->count + 1, sizeof *nlits);
    size_t covered = 0;
    unsigned char used[256] = {0};
    for (size_t i = 0; i < rs->count; i++) {
        if (!rs->rules[i]->pattern || !rs->rules[i]->code_)
            continue;
        nlits[i] = fw_pattern_literals(rs->rules[i]->pattern, &lits[i]);
        for (size_t j = 0; j < nlits[i]; j++)
            for (const unsigned char *c = (const unsigned char *)lits[i][j]; *c; c++)
                used[*c] = 1;
        covered += nlits[i] > 0;
    }
    fw_prefilter *pf = NULL;
    if (covered == 0)
        goto out;
    pf = fw_xcalloc(1, sizeof *pf);
    pf->n_rules = rs->count;
    pf->covered = fw_xcalloc(rs->count + 1, 1);
    pf->n_cls = 1;
    unsigned char cls_of[256] = {0};
    for (int c = 0; c < 256; c++)
        if (used[c])
            cls_of[c] = (unsigned char)pf->n_cls++;
    for (int c = 0; c < 256; c++)
        pf->cls[c] = cls_of[lower(c)];
    size_t nc = pf->n_cls;

    /* trie */
    builder b = {0};
    new_state(&b, nc);
    for (size_t i = 0; i < rs->count; i++) {
        pf->covered[i] = nlits[i] > 0;
        for (size_t j = 0; j < nlits[i]; j++) {
            uint32_t s = 0;
            for (const unsigned char *c = (const unsigned char *)lits[i][j]; *c; c++) {
                uint32_t *t = &b.trie[s * nc + cls_of[*c]];
                if (!*t) {
                    uint32_t ns = new_state(&b, nc);
                    t = &b.trie[s * nc + cls_of[*c]];   /* trie may have moved */
                    *t = ns;
                }
                s = *t;
            }
            add_out(&b, s, (uint32_t)i);
        }
    }
    /* failure links breadth-first, turning the trie into a full DFA */
    size_t n = b.n_states;
    if ((uint64_t)n * nc * 2 > UINT32_MAX) {
        /* row offsets would not fit the table's entries: no prefilter
         * (every rule runs), never a wrong one */
        for (size_t s = 0; s < n; s++)
            free(b.outs[s]);
        free(b.outs);
        free(b.n_outs);
        free(b.trie);
        free(pf->covered);
        free(pf);
        pf = NULL;
        goto out;
    }
    uint32_t *fail = fw_xcalloc(n, sizeof *fail);
    uint32_t *queue = fw_xcalloc(n, sizeof *queue);
    size_t qh = 0, qt = 0;
    for (size_t k = 0; k < nc; k++) {
        uint32_t t = b.trie[k];
        if (t) {
            fail[t] = 0;
            queue[qt++] = t;
        }
    }
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (size_t o = 0; o < b.n_outs[fail[s]]; o++)
            add_out(&b, s, b.outs[fail[s]][o]);
        for (size_t k = 0; k < nc; k++) {
            uint32_t *t = &b.trie[s * nc + k];
            if (*t) {
                fail[*t] = b.trie[fail[s] * nc + k];
                queue[qt++] = *t;
            } else {
                *t = b.trie[fail[s] * nc + k];
            }
        }
    }
    /* class 0 (bytes in no literal) always leads back to the root */
    for (size_t s = 0; s < n; s++)
        b.trie[s * nc] = 0;
    /* pre-multiplied row offsets with the output flag in bit 0: the scan
     * loop is one load per byte */
    for (size_t k = 0; k < n * nc; k++) {
        uint32_t t = b.trie[k];
        b.trie[k] = (uint32_t)((t * nc) << 1) | (b.n_outs[t] > 0);
    }
    pf->delta = b.trie;
    pf->n_states = n;
    pf->out_start = fw_xcalloc(n + 1, sizeof *pf->out_start);
    size_t total = 0;
    for (size_t s = 0; s < n; s++)
        total += b.n_outs[s];
    pf->out_rules = fw_xcalloc(total + 1, sizeof *pf->out_rules);
    total = 0;
    for (size_t s = 0; s < n; s++) {
        pf->out_start[s] = (uint32_t)total;
        for (size_t o = 0; o < b.n_outs[s]; o++)
            pf->out_rules[total++] = b.outs[s][o];
        free(b.outs[s]);
    }
    pf->out_start[n] = (uint32_t)total;
    free(b.outs);
    free(b.n_outs);
    free(fail);
    free(queue);
out:
    for (size_t i = 0; i < rs->count; i++) {
        for (size_t j = 0; j < nlits[i]; j++)
            free(lits[i][j]);
        free(lits[i]);
    }
    free(lits);
    free(nlits);
    return pf;
}

void fw_prefilter_free(fw_prefilter **pfp)
{
    fw_prefilter *pf = *pfp;
    if (!pf)
        return;
    free(pf->covered);
    free(pf->delta);
    free(pf->out_start);
    free(pf->out_rules);
    free(pf);
    *pfp = NULL;
}

void fw_prefilter_scan(const fw_prefilter *pf, const unsigned char *data, size_t len,
                       unsigned char *may)
{
    size_t left = 0;
    for (size_t i = 0; i < pf->n_rules; i++)
        if (pf->covered[i]) {
            may[i] = 0;
            left++;
        }
    const uint32_t *delta = pf->delta, *start = pf->out_start;
    const unsigned char *cls = pf->cls;
    size_t nc = pf->n_cls;
    size_t off = 0;              /* row offset of the current state */
    for (size_t i = 0; i < len; i++) {
        uint32_t e = delta[off + cls[data[i]]];
        off = e >> 1;
        if (e & 1) {
            size_t s = off / nc;
            for (uint32_t o = start[s]; o < start[s + 1]; o++)
                if (!may[pf->out_rules[o]]) {
                    may[pf->out_rules[o]] = 1;
                    left--;
                }
            if (left == 0)
                return;                     /* every rule will run: stop looking */
        }
    }
}
