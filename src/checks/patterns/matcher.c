/* matcher.c: the "patterns" analyzer, the first in the table: pattern
 * rules over one file's content, on any worker thread (match_file).
 *
 * For each rule with a pattern whose path filter, content kind and libmagic
 * type fit the file, every match of its pattern over the whole content is a
 * finding, unless its secret (or the whole match) matches a `reject`
 * pattern, or (text files) its line is a comment. The ruleset is shared and
 * read-only: match data and the match context with the limits are per call.
 *
 * Speed: a rule whose pattern has required literals (prefilter.c) runs
 * only on a file where one of them occurs; one Aho-Corasick pass per file
 * answers that for all rules at once, so the cost of a file grows with its
 * bytes and with the rules that can match, not with the size of the set.
 *
 * Hostile content: every pattern run is bounded by the PCRE2 match and
 * depth limits (limits.h); hitting one is a warning in the report, not the
 * end of the scan. Work per (rule, file) is linear in the content: lines are
 * counted incrementally, never from the start of the file per match. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "core/escape.h"
#include "core/limits.h"
#include "core/xalloc.h"
#include "checks/patterns/prefilter.h"

/* Bytes of printable context shown around a match in a binary file. */
#define BINARY_CONTEXT 40

typedef struct match_env {
    fw_check_ctx *ctx;
    const fw_node *node;
    const fw_blob *blob;
    int is_text;
    pcre2_match_data *md;      /* for the rule's pattern */
    pcre2_match_data *reject_md;
    pcre2_match_context *mctx; /* match and depth limits */
} match_env;

/* Line bookkeeping for one (rule, file): matches come in increasing order,
 * so the line number and line start of the next one are found by scanning
 * only the bytes since the previous one. */
typedef struct line_cursor {
    size_t pos;                /* bytes before pos are accounted for */
    uint64_t line;             /* 1-based line of pos */
    size_t line_start;         /* offset of the first byte of that line */
} line_cursor;

static void cursor_seek(line_cursor *c, const fw_blob *b, size_t to)
{
    if (to < c->pos)           /* a lookbehind can reach back: start over */
        *c = (line_cursor){ 0, 1, 0 };
    const unsigned char *p = b->data + c->pos, *end = b->data + to;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        c->line++;
        c->line_start = (size_t)(++p - b->data);
    }
    c->pos = to;
}

/* Is the line starting at line_start a comment for rule r? */
static int is_comment_line(const fw_rule *r, const fw_blob *b, size_t line_start)
{
    const char *s = (const char *)b->data + line_start, *end = (const char *)b->data + b->size;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    for (size_t i = 0; i < r->n_comment_prefixes; i++) {
        size_t n = strlen(r->comment_prefixes[i]);
        if ((size_t)(end - s) >= n && memcmp(s, r->comment_prefixes[i], n) == 0)
            return 1;
    }
    return 0;
}

/* Does the secret (s..e) match one of the rule's reject patterns? */
static int is_rejected(const fw_rule *r, match_env *env, size_t s, size_t e)
{
    for (size_t i = 0; i < r->n_reject; i++) {
        int rc = pcre2_match(r->reject_code_[i], env->blob->data + s, e - s, 0, 0,
                             env->reject_md, env->mctx);
        if (rc >= 0)
            return 1;
        /* a reject pattern that fails on limits rejects nothing: the
         * finding stands, which errs on the side of reporting */
    }
    return 0;
}

static int is_printable(unsigned char c)
{
    return (c >= 0x20 && c < 0x7f) || c == '\t';
}

/* The evidence around a match: its line(s) in a text file, the match with
 * up to BINARY_CONTEXT printable bytes each side in a binary one; the
 * secret [s, e) redacted. The window is clipped so that a gigantic line
 * costs no more than FW_EXCERPT_MAX bytes of scanning either side. */
static char *make_excerpt(const match_env *env, size_t line_start, size_t ms, size_t me,
                          size_t s, size_t e)
{
    const unsigned char *d = env->blob->data;
    size_t size = env->blob->size, from, to;
    if (env->is_text) {
        from = ms - line_start > FW_EXCERPT_MAX ? ms - FW_EXCERPT_MAX : line_start;
        size_t limit = size - me > FW_EXCERPT_MAX ? me + FW_EXCERPT_MAX : size;
        const unsigned char *nl = memchr(d + me, '\n', limit - me);
        to = nl ? (size_t)(nl - d) : limit;
        if (to > from && d[to - 1] == '\r')
            to--;
        if (to < me)           /* a match ending in its newline */
            to = me;
    } else {
        from = ms;
        while (from > 0 && ms - from < BINARY_CONTEXT && is_printable(d[from - 1]))
            from--;
        to = me;
        while (to < size && to - me < BINARY_CONTEXT && is_printable(d[to]))
            to++;
    }
    return fw_excerpt_redacted((const char *)d + from, to - from, s - from, e - from);
}

/* Report one match [ms, me) with secret [s, e) (redacted in what is shown;
 * s == e when the rule names no secret). */
static int emit_match(match_env *env, const fw_rule *r, const line_cursor *cur,
                      size_t ms, size_t me, size_t s, size_t e, size_t found)
{
    fw_hit hit = { .node = env->node, .offset = ms, .severity = -1 };
    if (found > FW_MAX_FINDINGS_PER_FILE_RULE) {
        /* past the limit the engine only counts it as dropped: skip the
         * evidence, it would be thrown away */
        return fw_check_emit_rule(env->ctx, r, &hit);
    }
    const char *data = (const char *)env->blob->data;
    size_t is = e > s ? s : ms, ie = e > s ? e : me;
    char *excerpt = make_excerpt(env, cur->line_start, ms, me, s, e);
    char *identity = fw_escaped(data + is, ie - is);
    char *shown = e > s ? fw_redact(data + s, e - s) : NULL;
    char *message = shown ? fw_xasprintf("%s: %s", r->title ? r->title : r->id, shown) : NULL;
    hit.line = env->is_text ? cur->line : 0;
    hit.message = message;
    hit.excerpt = excerpt;
    hit.identity = identity;
    int rc = fw_check_emit_rule(env->ctx, r, &hit);
    free(message);
    free(shown);
    free(identity);
    free(excerpt);
    return rc;
}

/* Decide whether match [ms, me) is a finding, and report it. */
static int consider_match(match_env *env, const fw_rule *r, line_cursor *cur,
                          size_t ms, size_t me, size_t *found)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(env->md);
    size_t s = ms, e = me;       /* what reject tests: the secret or the match */
    if (r->secret_group > 0 && r->secret_group < pcre2_get_ovector_count(env->md) &&
        ov[2 * r->secret_group] != PCRE2_UNSET) {
        if (ov[2 * r->secret_group + 1] <= ov[2 * r->secret_group])
            return FW_OK;        /* an empty secret is no secret */
        s = ov[2 * r->secret_group];
        e = ov[2 * r->secret_group + 1];
    }
    if (is_rejected(r, env, s, e))
        return FW_OK;
    cursor_seek(cur, env->blob, ms);
    if (env->is_text && is_comment_line(r, env->blob, cur->line_start))
        return FW_OK;
    /* no named secret: nothing to hide; a secret group that did not take
     * part in this match: hide the whole match, to be safe */
    if (r->secret_group == 0) {
        s = e = ms;
    }
    return emit_match(env, r, cur, ms, me, s, e, ++*found);
}

static const char *match_error(int rc, char *buf, size_t n)
{
    if (pcre2_get_error_message(rc, (PCRE2_UCHAR *)buf, n) < 0)
        snprintf(buf, n, "PCRE2 error %d", rc);
    return buf;
}

/* Every match of rule r's pattern over the content. Empty matches are not
 * findings; after one, the next try starts at the same place but must not
 * be empty, and failing that one byte further (as pcre2demo does). */
static int match_rule(match_env *env, const fw_rule *r)
{
    const unsigned char *subject = env->blob->data;
    size_t len = env->blob->size, start = 0, found = 0;
    uint32_t opts = 0;
    line_cursor cur = { 0, 1, 0 };
    while (start <= len) {
        int rc = pcre2_match(r->code_, subject, len, start, opts, env->md, env->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            if (opts == 0 || start >= len)
                break;
            start++;
            opts = 0;
            continue;
        }
        if (rc < 0) {
            char msg[256];
            fw_check_warn(env->ctx, env->node, "rule %s: pattern stopped at byte %zu: %s; "
                          "the rest of the file was not searched by this rule",
                          r->id, start, match_error(rc, msg, sizeof msg));
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(env->md);
        size_t ms = ov[0], me = ov[1];
        if (me < ms || me < start)   /* \K in a lookaround: no sane range */
            break;
        if (me > ms && (rc = consider_match(env, r, &cur, ms, me, &found)) != FW_OK)
            return rc;
        start = me;
        opts = me == ms ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    }
    return FW_OK;
}

/* Is the file inside a container whose own path a not-path glob excludes?
 * A compressed man page (/usr/share/man/man5/x.5.gz) is unpacked into a
 * namespace of its own where the page is "/x.5"; the documentation it is
 * part of shows only in the path of the container it came from, and of that
 * container's container, up to the input. */
static int container_excluded(const fw_rule *r, const fw_ns *ns)
{
    if (r->n_not_paths == 0)
        return 0;
    for (const fw_node *c = ns->container; c; c = c->ns->container) {
        const char *path = fw_node_syspath(c);
        for (size_t i = 0; i < r->n_not_paths; i++)
            if (fw_glob_match(r->not_paths[i], path))
                return 1;
    }
    return 0;
}

/* The cheap tests: the rule has a pattern, and the file's content kind and
 * path fit it. */
static int rule_fits(match_env *env, const fw_rule *r)
{
    if (!r->pattern || !r->code_)
        return 0;
    if (r->content == FW_CONTENT_TEXT && !env->is_text)
        return 0;
    if (r->content == FW_CONTENT_BINARY && env->is_text)
        return 0;
    /* Rules speak of paths as the device sees them: "/etc/shadow" also when
     * the archive wraps the root filesystem in "rootfs/". */
    if (!fw_rule_path_matches(r, fw_node_syspath(env->node)) ||
        container_excluded(r, env->node->ns))
        return 0;
    return 1;
}

/* The costly one (libmagic), asked only of a rule whose literals occur. */
static int magic_fits(match_env *env, const fw_rule *r)
{
    return !r->magic || strstr(fw_check_magic(env->ctx, env->node, env->blob), r->magic);
}

/* Ovector pairs enough for every pattern of the ruleset. */
static uint32_t max_pairs(const fw_ruleset *rs)
{
    uint32_t max = 1;
    for (size_t i = 0; i < rs->count; i++) {
        uint32_t groups = 0;
        if (rs->rules[i]->code_ &&
            pcre2_pattern_info(rs->rules[i]->code_, PCRE2_INFO_CAPTURECOUNT, &groups) == 0 &&
            groups + 1 > max)
            max = groups + 1;
    }
    return max;
}

static void out_of_memory(void)
{
    /* the library allocates, not xalloc: out of memory is fatal here too */
    fputs("fwaudit: out of memory\n", stderr);
    exit(3);
}

/* match_file: every pattern rule that fits over the file. state is the
 * scan's prefilter (NULL: none, every rule runs), shared by the threads. */
static int patterns_match_file(fw_check_ctx *ctx, const void *state, const fw_node *node,
                               const fw_blob *blob)
{
    const fw_ruleset *rs = fw_check_ruleset(ctx);
    const fw_prefilter *pf = state;
    unsigned char *may = NULL;   /* per rule, after one prefilter pass over the file */
    int rc = FW_OK;
    match_env env = { .ctx = ctx, .node = node, .blob = blob, .is_text = fw_blob_is_text(blob) };
    if (pf && blob->size > 0) {
        /* one pass for all rules; then a rule none of whose literals occur
         * costs nothing more, not even its path globs */
        may = fw_xcalloc(rs->count + 1, 1);
        fw_prefilter_scan(pf, blob->data, blob->size, may);
    }
    for (size_t i = 0; i < rs->count && rc == FW_OK; i++) {
        const fw_rule *r = rs->rules[i];
        if (fw_prefilter_covers(pf, i) && (!may || !may[i]))
            continue;            /* none of its required literals is in the file */
        if (!rule_fits(&env, r))
            continue;
        if (!magic_fits(&env, r))
            continue;
        if (!env.md) {           /* created once per file, only if a pattern runs */
            env.md = pcre2_match_data_create(max_pairs(rs), NULL);
            env.reject_md = pcre2_match_data_create(1, NULL);
            env.mctx = pcre2_match_context_create(NULL);
            if (!env.md || !env.reject_md || !env.mctx)
                out_of_memory();
            pcre2_set_match_limit(env.mctx, FW_PCRE2_MATCH_LIMIT);
            pcre2_set_depth_limit(env.mctx, FW_PCRE2_DEPTH_LIMIT);
        }
        rc = match_rule(&env, r);
    }
    free(may);
    pcre2_match_data_free(env.md);
    pcre2_match_data_free(env.reject_md);
    pcre2_match_context_free(env.mctx);
    return rc;
}

static int patterns_wanted(const fw_ruleset *rs)
{
    for (size_t i = 0; i < rs->count; i++)
        if (rs->rules[i]->pattern)
            return 1;
    return 0;
}

/* The prefilter: the required literals of every pattern rule, built once
 * per scan (unless --no-prefilter asks for the reference run). */
static int patterns_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    (void)err;
    *state = fw_check_options(ctx)->no_prefilter ? NULL : fw_prefilter_new(fw_check_ruleset(ctx));
    return FW_OK;
}

static void patterns_fini(void *state)
{
    fw_prefilter *pf = state;
    fw_prefilter_free(&pf);
}

const fw_analyzer fw_analyzer_patterns = {
    .name = "patterns",
    .checks = NULL,          /* findings name their rule, not a check */
    .wanted = patterns_wanted,
    .init = patterns_init,
    .fini = patterns_fini,
    .match_file = patterns_match_file,
};
