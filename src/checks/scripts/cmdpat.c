/* cmdpat.c: named command patterns from a rule data file (see cmdpat.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/cmdpat.h"
#include "core/escape.h"
#include "core/jit.h"
#include "core/fileio.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

static size_t word(const char *s, size_t n, size_t *i)
{
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
    size_t start = *i;
    while (*i < n && s[*i] != ' ' && s[*i] != '\t')
        (*i)++;
    return start;
}

int fw_cmdpat_load_text(fw_cmdpat_set *set, const char *path, const char *text, size_t len,
                     fw_error *err)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, text, len);
    while (fw_lines_next(&it, &ln)) {
        size_t i = 0;
        while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
            i++;
        if (i == ln.len || ln.s[i] == '#')
            continue;
        if (set->n >= FW_MAX_CMD_PATTERNS)
            return fw_error_set(err, FW_ERULE, "%s:%llu: more than %d patterns "
                                "(FW_MAX_CMD_PATTERNS)", path,
                                (unsigned long long)ln.lineno, FW_MAX_CMD_PATTERNS);
        size_t cs = word(ln.s, ln.len, &i), ce = i;
        size_t ns = word(ln.s, ln.len, &i), ne = i;
        while (i < ln.len && (ln.s[i] == ' ' || ln.s[i] == '\t'))
            i++;
        size_t pe = ln.len;
        while (pe > i && (ln.s[pe - 1] == ' ' || ln.s[pe - 1] == '\t'))
            pe--;
        if (ce == cs || ne == ns || pe == i)
            return fw_error_set(err, FW_ERULE, "%s:%llu: expected CLASS NAME PATTERN", path,
                                (unsigned long long)ln.lineno);
        char *src = fw_xstrndup(ln.s + i, pe - i);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, 0, &ec, &eo,
                                         NULL);
        free(src);
        if (!code) {
            PCRE2_UCHAR msg[256];
            if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
                strcpy((char *)msg, "unknown PCRE2 error");
            return fw_error_set(err, FW_ERULE, "%s:%llu: pattern does not compile at "
                                "offset %zu: %s", path, (unsigned long long)ln.lineno,
                                (size_t)eo, (const char *)msg);
        }
        fw_pcre2_jit(code);
        FW_XGROW(set->p, set->cap, set->n + 1);
        fw_cmdpat *p = &set->p[set->n++];
        p->cls = fw_xstrndup(ln.s + cs, ce - cs);
        p->name = fw_xstrndup(ln.s + ns, ne - ns);
        p->code_ = code;
        p->line = (unsigned)ln.lineno;
    }
    if (!set->md_) {
        set->md_ = pcre2_match_data_create(16, NULL);
        pcre2_match_context *mc = pcre2_match_context_create(NULL);
        pcre2_set_match_limit(mc, FW_PCRE2_MATCH_LIMIT);
        pcre2_set_depth_limit(mc, FW_PCRE2_DEPTH_LIMIT);
        set->mctx_ = mc;
    }
    return FW_OK;
}

int fw_cmdpat_load_for(fw_check_ctx *ctx, const char *const *checks, const char *param,
                    fw_cmdpat_set *set, fw_error *err)
{
    int rc = FW_OK;
    char *path = NULL, *text = NULL;
    size_t len = 0;
    const fw_rule *rule = NULL;
    for (size_t i = 0; checks[i] && !rule; i++) {
        const fw_rule *r = fw_check_rule(ctx, checks[i]);
        if (r && fw_rule_param(r, param))
            rule = r;
    }
    if (!rule)
        return fw_cmdpat_load_text(set, "(none)", "", 0, err);
    path = fw_rule_param_path(rule, param);
    fw_error ferr;
    if (fw_read_file(path, FW_MAX_DATA_FILE_SIZE, &text, &len, &ferr) != FW_OK) {
        rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: cannot read %s: %s",
                          rule->file ? rule->file : "?", rule->line, rule->id, path, ferr.msg);
        goto out;
    }
    rc = fw_cmdpat_load_text(set, path, text, len, err);
out:
    free(text);
    free(path);
    return rc;
}

void fw_cmdpat_release(fw_cmdpat_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->p[i].cls);
        free(set->p[i].name);
        pcre2_code_free(set->p[i].code_);
    }
    free(set->p);
    pcre2_match_data_free(set->md_);
    pcre2_match_context_free(set->mctx_);
    memset(set, 0, sizeof *set);
}

char *fw_cmdpat_matched(const fw_cmdpat_hit *hit, const char *subject, size_t max,
                        size_t *off)
{
    size_t s = hit->start, e = hit->end;
    if (hit->g1e > hit->g1s) {
        s = hit->g1s;
        e = hit->g1e;
    } else {
        while (s < e && subject[s] == '\0')
            s++;
        while (e > s && subject[e - 1] == '\0')
            e--;
    }
    if (e - s > max)
        e = s + max;
    if (off)
        *off = s;
    return fw_escaped(subject + s, e - s);
}

int fw_cmdpat_has_class(const fw_cmdpat_set *set, const char *cls)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->p[i].cls, cls) == 0)
            return 1;
    return 0;
}

int fw_cmdpat_find(fw_cmdpat_set *set, const char *cls, const char *subject, size_t n,
                size_t from, fw_cmdpat_hit *hit)
{
    return fw_cmdpat_find_named(set, cls, NULL, subject, n, from, hit);
}

int fw_cmdpat_find_named(fw_cmdpat_set *set, const char *cls, const char *name,
                      const char *subject, size_t n, size_t from, fw_cmdpat_hit *hit)
{
    int found = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (strcmp(set->p[i].cls, cls) != 0 || (name && strcmp(set->p[i].name, name) != 0))
            continue;
        int rc = pcre2_match(set->p[i].code_, (PCRE2_SPTR)subject, n, from, 0, set->md_,
                             set->mctx_);
        if (rc == PCRE2_ERROR_NOMATCH)
            continue;
        if (rc < 0 && rc != PCRE2_ERROR_PARTIAL)
            return -1;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(set->md_);
        if (found && ov[0] >= hit->start)
            continue;
        found = 1;
        hit->pat = &set->p[i];
        hit->start = ov[0];
        hit->end = ov[1];
        hit->g1s = hit->g1e = 0;
        if (rc >= 2 && ov[2] != PCRE2_UNSET) {
            hit->g1s = ov[2];
            hit->g1e = ov[3];
        }
    }
    return found;
}
