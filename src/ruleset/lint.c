/* lint.c: what a loaded rule set may still get wrong (`fwaudit rules lint`).
 *
 * Loading rejects what cannot work at all (syntax, unknown requirement IDs,
 * duplicate ids, bad patterns). Lint reports, all at once, what loads but is
 * incomplete or cannot do what the author meant: missing fields, missing
 * tests, analyzer/check names no analyzer provides, two rules claiming the
 * same check, a must-match test whose files the rule would never look at. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "ruleset/ruleset.h"

typedef struct lint {
    char **msgs;
    size_t n, cap;
    const fw_rule_vocab *vocab;
    size_t n_vocab;
} lint;

static void report(lint *l, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(lint *l, const char *file, unsigned line, const char *fmt, ...)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    va_list ap;
    fw_sb_addf(&sb, "%s:%u: ", file, line);
    va_start(ap, fmt);
    fw_sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    FW_XGROW(l->msgs, l->cap, l->n + 2);
    l->msgs[l->n++] = fw_sb_detach(&sb);
    l->msgs[l->n] = NULL;
}

static void lint_fields(lint *l, const fw_rule *r, const fw_catalog *cat)
{
    if (r->n_requires == 0)
        report(l, r->file, r->line, "rule %s names no requirement (`requires` or `also`)", r->id);
    for (size_t i = 0; i < r->n_requires; i++)
        if (!fw_catalog_find(cat, r->requires[i]))
            report(l, r->file, r->line, "rule %s: unknown requirement ID %s", r->id,
                   r->requires[i]);
    if (!r->severity_given)
        report(l, r->file, r->line, "rule %s has no `severity`", r->id);
    if (!r->title || !*r->title)
        report(l, r->file, r->line, "rule %s has no `title`", r->id);
    if (!r->fix || !*r->fix)
        report(l, r->file, r->line, "rule %s has no `fix`", r->id);
    if (!r->pattern && !r->analyzer)
        report(l, r->file, r->line, "rule %s has neither `pattern` nor `analyzer`", r->id);
    if (r->pattern && r->analyzer)
        report(l, r->file, r->line, "rule %s has both `pattern` and `analyzer`", r->id);
    if (!r->pattern && (r->secret_group || r->n_reject))
        report(l, r->file, r->line, "rule %s: `secret` and `reject` need a `pattern`", r->id);
}

static const fw_rule_vocab *vocab_find(const lint *l, const char *analyzer)
{
    for (size_t i = 0; i < l->n_vocab; i++)
        if (strcmp(l->vocab[i].analyzer, analyzer) == 0)
            return &l->vocab[i];
    return NULL;
}

static int check_listed(const fw_rule_vocab *a, const char *check)
{
    for (size_t i = 0; a->checks && a->checks[i]; i++)
        if (strcmp(a->checks[i], check) == 0)
            return 1;
    return 0;
}

static void lint_analyzer(lint *l, const fw_ruleset *rs, size_t idx)
{
    const fw_rule *r = rs->rules[idx];
    if (!r->analyzer)
        return;
    const fw_rule_vocab *a = vocab_find(l, r->analyzer);
    if (!a) {
        report(l, r->file, r->line, "rule %s: unknown analyzer %s", r->id, r->analyzer);
        return;
    }
    if (!r->check) {
        report(l, r->file, r->line, "rule %s: analyzer %s needs check=NAME", r->id, a->analyzer);
        return;
    }
    if (!check_listed(a, r->check))
        report(l, r->file, r->line, "rule %s: analyzer %s has no check %s", r->id, a->analyzer,
               r->check);
    /* the engine gives a check's hits to the first rule binding it: a
     * second one would silently never report */
    for (size_t j = 0; j < idx; j++) {
        const fw_rule *o = rs->rules[j];
        if (o->analyzer && o->check && strcmp(o->analyzer, r->analyzer) == 0 &&
            strcmp(o->check, r->check) == 0) {
            report(l, r->file, r->line, "rule %s binds %s check=%s, already bound by rule %s "
                   "(%s:%u)", r->id, r->analyzer, r->check, o->id, o->file, o->line);
            break;
        }
    }
}

static void lint_tests(lint *l, const fw_rule *r)
{
    size_t pos = 0, neg = 0;
    for (size_t i = 0; i < r->n_tests; i++) {
        const fw_rule_test *t = &r->tests[i];
        if (!t->must_match) {
            neg++;
            continue;
        }
        pos++;
        int seen = 0;
        for (size_t j = 0; j < t->n_files && !seen; j++)
            seen = fw_rule_path_matches(r, t->files[j].path);
        /* analyzers read files by their own paths; only a pattern rule's
         * filter decides which files it sees */
        if (!seen && r->pattern)
            report(l, r->file, t->line, "rule %s: must-match test has no file the rule's "
                   "path filter lets through", r->id);
    }
    if (pos == 0)
        report(l, r->file, r->line, "rule %s has no must-match test", r->id);
    if (neg == 0)
        report(l, r->file, r->line, "rule %s has no must-not-match test", r->id);
}

static void lint_duplicates(lint *l, const fw_ruleset *rs, size_t idx)
{
    const fw_rule *r = rs->rules[idx];
    for (size_t j = 0; j < idx; j++) {
        if (strcmp(rs->rules[j]->id, r->id) == 0) {
            report(l, r->file, r->line, "duplicate rule id %s (first defined at %s:%u)", r->id,
                   rs->rules[j]->file, rs->rules[j]->line);
            return;
        }
    }
}

/* `supersedes` names rules by id: a typo would silently keep both findings. */
static void lint_supersedes(lint *l, const fw_ruleset *rs, const fw_rule *r)
{
    for (size_t k = 0; k < r->n_supersedes; k++) {
        size_t j = 0;
        while (j < rs->count && strcmp(rs->rules[j]->id, r->supersedes[k]) != 0)
            j++;
        if (j == rs->count)
            report(l, r->file, r->line, "rule %s supersedes %s, which no loaded rule is", r->id,
                   r->supersedes[k]);
    }
}

size_t fw_ruleset_lint(const fw_ruleset *rs, const fw_rule_vocab *vocab, size_t n_vocab,
                       char ***msgs)
{
    lint l = { .vocab = vocab, .n_vocab = n_vocab };
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *r = rs->rules[i];
        lint_duplicates(&l, rs, i);
        lint_fields(&l, r, rs->catalog);
        lint_analyzer(&l, rs, i);
        lint_tests(&l, r);
        lint_supersedes(&l, rs, r);
    }
    if (!l.msgs)
        l.msgs = fw_xcalloc(1, sizeof *l.msgs);
    *msgs = l.msgs;
    return l.n;
}
