/* glob.c: the path globs of rules (doc/rules.md, "Globs").
 *
 * Paths come from firmware images, so they are attacker data: a path of
 * 4096 'a's against a glob of many stars separated by 'a's must not take
 * exponential time, as a naive backtracking matcher would. The glob is run
 * as a small NFA instead: the set of glob positions still alive is advanced
 * one path byte at a time, so a match costs at most
 * O(strlen(glob) * strlen(path)) and usually a few steps per byte (the live
 * set is tiny for real globs).
 *
 * Syntax: one star is any run without '/'; two stars are any run; two stars
 * followed by '/' also match nothing at all (so "/etc/", two stars,
 * "/x.conf" matches "/etc/x.conf"); '?' is one byte but not '/'; "[abc]",
 * "[a-z]", "[!a-z]", "[^a-z]" are sets (never '/'; a ']' right after the '['
 * or '!' is a member; no escapes inside); a backslash makes the next byte
 * literal. A '[' without its ']' is a literal '[' (the parser rejects it). */
#include <stdlib.h>
#include <string.h>
#include "core/xalloc.h"
#include "ruleset/ruleset.h"

typedef enum tok_kind {
    TOK_END,        /* end of the glob */
    TOK_LIT,
    TOK_ANY,        /* ? */
    TOK_SET,        /* [..] */
    TOK_STAR,       /* * */
    TOK_DSTAR,      /* ** */
    TOK_DSTAR_SLASH /* **\/ : nothing, or any run ending in '/' */
} tok_kind;

typedef struct tok {
    tok_kind kind;
    unsigned char lit;
    size_t len;      /* bytes of the glob it spans */
} tok;

/* Length of the set starting at g[0] == '[' up to and including its ']',
 * or 0 when it does not close. */
static size_t set_len(const char *g)
{
    size_t i = 1;
    if (g[i] == '!' || g[i] == '^')
        i++;
    if (g[i] == ']')
        i++;
    while (g[i] && g[i] != ']')
        i++;
    return g[i] == ']' ? i + 1 : 0;
}

static tok tok_at(const char *g)
{
    tok t = { TOK_LIT, (unsigned char)g[0], 1 };
    switch (g[0]) {
    case '\0':
        t.kind = TOK_END;
        t.len = 0;
        break;
    case '\\':
        if (g[1]) {
            t.lit = (unsigned char)g[1];
            t.len = 2;
        }
        break;
    case '?':
        t.kind = TOK_ANY;
        break;
    case '[':
        if ((t.len = set_len(g)) == 0)
            t.len = 1;           /* a literal '[' */
        else
            t.kind = TOK_SET;
        break;
    case '*':
        if (g[1] != '*') {
            t.kind = TOK_STAR;
            break;
        }
        while (g[t.len] == '*')  /* "***" is "**" */
            t.len++;
        t.kind = TOK_DSTAR;
        if (g[t.len] == '/') {
            t.kind = TOK_DSTAR_SLASH;
            t.len++;
        }
        break;
    }
    return t;
}

/* Does byte c belong to the set at g (g[0] == '[', closed)? */
static int set_match(const char *g, unsigned char c)
{
    size_t i = 1;
    int negate = 0, found = 0;
    if (g[i] == '!' || g[i] == '^') {
        negate = 1;
        i++;
    }
    size_t first = i;
    while (g[i] && (g[i] != ']' || i == first)) {
        unsigned char lo = (unsigned char)g[i], hi = lo;
        if (g[i + 1] == '-' && g[i + 2] && g[i + 2] != ']') {
            hi = (unsigned char)g[i + 2];
            i += 2;
        }
        if (c >= lo && c <= hi)
            found = 1;
        i++;
    }
    return found != negate;
}

/* The live set. A state is a glob position times two, plus one for the
 * inside of a "**\/" that has consumed something and so must end in '/'.
 * States are deduplicated per step by a stamp. */
typedef struct nfa {
    const char *glob;
    size_t *stamp;      /* stamp[state] == step: state is in that step's list */
    size_t *list[2];
    size_t n[2];
} nfa;

#define OUTER(pos) ((pos) * 2)
#define INNER(pos) ((pos) * 2 + 1)

/* Add state s to list `which` of step `step`, with every state reachable
 * from it without consuming a byte (a star may match nothing). */
static void nfa_add(nfa *a, int which, size_t s, size_t step)
{
    for (;;) {
        if (a->stamp[s] == step)
            return;
        a->stamp[s] = step;
        a->list[which][a->n[which]++] = s;
        if (s & 1)
            return;
        size_t pos = s / 2;
        tok t = tok_at(a->glob + pos);
        if (t.kind == TOK_DSTAR_SLASH)
            nfa_add(a, which, INNER(pos), step);   /* returns at once: no closure */
        else if (t.kind != TOK_STAR && t.kind != TOK_DSTAR)
            return;
        s = OUTER(pos + t.len);
    }
}

/* Advance state s over byte c into list `which` of step `step`. */
static void nfa_step(nfa *a, int which, size_t s, unsigned char c, size_t step)
{
    size_t pos = s / 2;
    const char *g = a->glob + pos;
    tok t = tok_at(g);
    if (s & 1) {                /* inside "**\/": absorb, or leave on a '/' */
        nfa_add(a, which, s, step);
        if (c == '/')
            nfa_add(a, which, OUTER(pos + t.len), step);
        return;
    }
    switch (t.kind) {
    case TOK_END:
    case TOK_DSTAR_SLASH:       /* its INNER state consumes */
        break;
    case TOK_LIT:
        if (c == t.lit)
            nfa_add(a, which, OUTER(pos + t.len), step);
        break;
    case TOK_ANY:
        if (c != '/')
            nfa_add(a, which, OUTER(pos + t.len), step);
        break;
    case TOK_SET:
        if (c != '/' && set_match(g, c))
            nfa_add(a, which, OUTER(pos + t.len), step);
        break;
    case TOK_STAR:
        if (c != '/')
            nfa_add(a, which, s, step);
        break;
    case TOK_DSTAR:
        nfa_add(a, which, s, step);
        break;
    }
}

#define NFA_STACK 128

int fw_glob_match(const char *glob, const char *path)
{
    size_t m = strlen(glob);
    size_t states = 2 * (m + 1);
    size_t stack[3 * 2 * (NFA_STACK + 1)];
    size_t *mem = m <= NFA_STACK ? stack : fw_xcalloc(3 * states, sizeof *mem);
    memset(mem, 0, 3 * states * sizeof *mem);
    nfa a = { glob, mem, { mem + states, mem + 2 * states }, { 0, 0 } };

    /* stamps start at 0, so steps count from 1 */
    size_t step = 1;
    int cur = 0;
    nfa_add(&a, cur, OUTER(0), step);
    for (const unsigned char *c = (const unsigned char *)path; *c && a.n[cur]; c++) {
        int nxt = !cur;
        a.n[nxt] = 0;
        step++;
        for (size_t i = 0; i < a.n[cur]; i++)
            nfa_step(&a, nxt, a.list[cur][i], *c, step);
        cur = nxt;
    }
    /* a path byte left over has emptied the list before the path's end */
    int matched = 0;
    for (size_t i = 0; i < a.n[cur] && !matched; i++)
        matched = a.list[cur][i] == OUTER(m);
    if (mem != stack)
        free(mem);
    return matched;
}

int fw_rule_path_matches(const fw_rule *r, const char *path)
{
    int included = r->n_paths == 0;
    for (size_t i = 0; i < r->n_paths && !included; i++)
        included = fw_glob_match(r->paths[i], path);
    if (!included)
        return 0;
    for (size_t i = 0; i < r->n_not_paths; i++)
        if (fw_glob_match(r->not_paths[i], path))
            return 0;
    return 1;
}
