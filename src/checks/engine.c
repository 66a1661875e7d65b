/* engine.c: runs every check a rule set binds over a tree.
 *
 * Order: for each namespace, each analyzer's scan_ns (whole-system checks
 * such as accounts); then for each regular file, its content is opened once
 * and handed to the pattern matcher and to each analyzer's scan_file.
 *
 * With more than one job (fw_check_opts.jobs, `scan --jobs N`; default the
 * number of cores) the pattern matcher, which is most of the work, runs on
 * a pool of worker threads over all files while this thread runs the
 * analyzers, which keep per-scan state and stay single-threaded. Each
 * worker has its own check context: its own libmagic handle, PCRE2 match
 * data and a scratch report; a file's pattern findings wait in its slot and
 * are added to the report in file order after the pool has finished, so
 * the report does not depend on the thread timing (it is sorted anyway). */
#include <magic.h>
#include <pthread.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "checks/check.h"
#include "core/digest.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "ruleset/prefilter.h"

struct fw_check_ctx {
    const fw_ruleset *rs;
    fw_report *report;
    const fw_analyzer *current;     /* analyzer running now, for fw_check_emit */
    magic_t magic;                  /* opened on first use */
    int magic_failed;
    const fw_node *magic_node;      /* cache: node whose description is in magic_desc */
    char *magic_desc;
    /* per (rule, file) finding counts, reset per file */
    const fw_node *count_node;
    size_t *per_rule_count;         /* indexed like rs->rules */
    fw_prefilter *prefilter;        /* required literals of the pattern rules, or NULL */
};

const fw_prefilter *fw_check_prefilter(const fw_check_ctx *ctx) { return ctx->prefilter; }

const fw_ruleset *fw_check_ruleset(const fw_check_ctx *ctx) { return ctx->rs; }

const fw_rule *fw_check_rule(const fw_check_ctx *ctx, const char *check)
{
    if (!ctx->current)
        return NULL;
    for (size_t i = 0; i < ctx->rs->count; i++) {
        const fw_rule *r = ctx->rs->rules[i];
        if (r->analyzer && r->check && strcmp(r->analyzer, ctx->current->name) == 0 &&
            strcmp(r->check, check) == 0)
            return r;
    }
    return NULL;
}

uint64_t fw_line_of(const fw_blob *blob, uint64_t offset)
{
    uint64_t line = 1;
    if (offset > blob->size)
        offset = blob->size;
    const unsigned char *p = blob->data, *end = blob->data + offset;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        line++;
        p++;
    }
    return line;
}

static size_t rule_index(const fw_ruleset *rs, const fw_rule *rule)
{
    for (size_t i = 0; i < rs->count; i++)
        if (rs->rules[i] == rule)
            return i;
    return 0;
}

/* A finding (or evidence item) for rule from hit: location, message,
 * details, and the content fingerprint. */
static fw_finding *finding_from_hit(const fw_rule *rule, const fw_hit *hit)
{
    const fw_node *node = hit->node;
    fw_finding *f = xcalloc(1, sizeof *f);
    f->rule = rule;
    f->severity = hit->severity >= 0 ? (fw_severity)hit->severity : rule->severity;
    f->chain = xstrdup(node->ns->chain);
    f->path = xstrdup(node->path);
    f->line = hit->line;
    f->offset = hit->offset;
    f->message = xstrdup(hit->message ? hit->message : rule->title);
    f->excerpt = hit->excerpt ? xstrdup(hit->excerpt) : NULL;
    for (size_t i = 0; i < hit->n_details; i++)
        fw_finding_add_detail(f, hit->details[i].key, hit->details[i].value);

    /* Content fingerprint: rule, path and what was found, never the line or
     * the container's file name, so it survives edits elsewhere in the file
     * and a renamed firmware file (baselines match on it). */
    const char *identity = hit->identity ? hit->identity : (hit->excerpt ? hit->excerpt : "");
    fw_sha256 *h = fw_sha256_new();
    fw_sha256_update(h, rule->id, strlen(rule->id) + 1);
    fw_sha256_update(h, node->path, strlen(node->path) + 1);
    fw_sha256_update(h, identity, strlen(identity));
    char hex[FW_SHA256_HEX_LEN + 1];
    fw_sha256_final_hex(&h, hex);
    memcpy(f->fingerprint, hex, FW_FINGERPRINT_LEN);
    f->fingerprint[FW_FINGERPRINT_LEN] = '\0';
    return f;
}

int fw_check_emit_rule(fw_check_ctx *ctx, const fw_rule *rule, const fw_hit *hit)
{
    if (!rule)
        return FW_OK;
    const fw_node *node = hit->node;
    if (ctx->count_node != node) {
        memset(ctx->per_rule_count, 0, ctx->rs->count * sizeof(size_t));
        ctx->count_node = node;
    }
    size_t ri = rule_index(ctx->rs, rule);
    if (++ctx->per_rule_count[ri] > FW_MAX_FINDINGS_PER_FILE_RULE) {
        ctx->report->findings_dropped++;
        return FW_OK;
    }
    fw_report_add_finding(ctx->report, finding_from_hit(rule, hit));
    return FW_OK;
}

int fw_check_evidence(fw_check_ctx *ctx, const fw_hit *hit)
{
    const fw_rule *rule = fw_check_rule(ctx, hit->check);
    if (rule)
        fw_report_add_evidence(ctx->report, finding_from_hit(rule, hit));
    return FW_OK;
}

int fw_check_undecided(fw_check_ctx *ctx, const fw_hit *hit)
{
    const fw_rule *rule = fw_check_rule(ctx, hit->check);
    if (rule)
        fw_report_add_undecided(ctx->report, finding_from_hit(rule, hit));
    return FW_OK;
}

fw_report *fw_check_report(fw_check_ctx *ctx) { return ctx->report; }

int fw_check_emit(fw_check_ctx *ctx, const fw_hit *hit)
{
    return fw_check_emit_rule(ctx, fw_check_rule(ctx, hit->check), hit);
}

void fw_check_warn(fw_check_ctx *ctx, const fw_node *node, const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    char *where = node ? fw_node_location(node) : xstrdup("");
    fw_report_add_error(ctx->report, where, FW_NO_OFFSET, 0, "%s", sb_str(&sb));
    free(where);
    sb_free(&sb);
}

const char *fw_check_magic(fw_check_ctx *ctx, const fw_node *node, const fw_blob *blob)
{
    if (ctx->magic_node == node && ctx->magic_desc)
        return ctx->magic_desc;
    if (!ctx->magic && !ctx->magic_failed) {
        /* No MAGIC_COMPRESS: libmagic must never decompress or run anything. */
        ctx->magic = magic_open(MAGIC_NONE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR);
        if (!ctx->magic || magic_load(ctx->magic, NULL) != 0) {
            if (ctx->magic)
                magic_close(ctx->magic);
            ctx->magic = NULL;
            ctx->magic_failed = 1;
        }
    }
    free(ctx->magic_desc);
    ctx->magic_desc = NULL;
    ctx->magic_node = node;
    const char *d = ctx->magic ? magic_buffer(ctx->magic, blob->data, blob->size) : NULL;
    ctx->magic_desc = xstrdup(d ? d : "data");
    return ctx->magic_desc;
}

/* Which analyzers does some rule of rs bind? */
static int analyzer_used(const fw_ruleset *rs, const fw_analyzer *a)
{
    for (size_t i = 0; i < rs->count; i++)
        if (rs->rules[i]->analyzer && strcmp(rs->rules[i]->analyzer, a->name) == 0)
            return 1;
    return 0;
}

static int has_pattern_rules(const fw_ruleset *rs)
{
    for (size_t i = 0; i < rs->count; i++)
        if (rs->rules[i]->pattern)
            return 1;
    return 0;
}

/* ---- the pattern-matching pool ---- */

/* What the matcher said about one file, until it is merged. */
typedef struct file_result {
    fw_finding **findings;
    size_t n_findings;
    fw_unpack_error *errors;
    size_t n_errors;
    uint64_t dropped;
} file_result;

typedef struct match_pool {
    const fw_ruleset *rs;
    fw_prefilter *prefilter;        /* shared, read-only */
    const fw_node **files;
    size_t n_files;
    file_result *results;           /* one per file; written by the worker that took it */
    size_t next;                    /* next file to take (atomic) */
    pthread_t *threads;
    size_t n_threads;
} match_pool;

static void worker_ctx_free(fw_check_ctx *c)
{
    if (c->magic)
        magic_close(c->magic);
    free(c->magic_desc);
    free(c->per_rule_count);
    fw_report_free(&c->report);
}

static void *match_worker(void *arg)
{
    match_pool *p = arg;
    fw_check_ctx c = { .rs = p->rs, .report = fw_report_new(), .prefilter = p->prefilter };
    c.per_rule_count = xcalloc(p->rs->count + 1, sizeof(size_t));
    for (;;) {
        size_t i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);
        if (i >= p->n_files)
            break;
        fw_blob blob;
        fw_error ferr = {0};
        if (fw_node_open(p->files[i], &blob, &ferr) != FW_OK)
            continue;               /* the main thread reports it */
        (void)fw_match_file(&c, p->files[i], &blob);
        fw_blob_close(&blob);
        /* hand the scratch report's findings and warnings to the slot */
        file_result *fr = &p->results[i];
        fr->findings = c.report->findings;
        fr->n_findings = c.report->n_findings;
        fr->errors = c.report->errors;
        fr->n_errors = c.report->n_errors;
        fr->dropped = c.report->findings_dropped;
        c.report->findings = NULL;
        c.report->n_findings = c.report->cap_findings = 0;
        c.report->errors = NULL;
        c.report->n_errors = c.report->cap_errors = 0;
        c.report->findings_dropped = 0;
    }
    worker_ctx_free(&c);
    return NULL;
}

/* Fewer regular files than this are matched inline: starting threads (and a
 * libmagic handle each) costs more than it saves on a small tree, such as a
 * rule's own test case. */
#define POOL_MIN_FILES 64

/* How many matcher threads: as asked, else the cores online. */
static size_t jobs_wanted(unsigned asked)
{
    long n = asked ? (long)asked : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > FW_MAX_JOBS)
        n = FW_MAX_JOBS;
    return (size_t)n;
}

/* Start the pool over every regular file of the tree, or return NULL
 * (one job, or a thread could not start: the caller matches inline). */
static match_pool *pool_start(const fw_ruleset *rs, fw_prefilter *pf, const fw_tree *tree,
                              unsigned asked)
{
    size_t jobs = jobs_wanted(asked);
    if (jobs < 2)
        return NULL;
    match_pool *p = xcalloc(1, sizeof *p);
    p->rs = rs;
    p->prefilter = pf;
    size_t n = 0;
    for (size_t s = 0; s < tree->ns_count; s++)
        n += tree->ns[s]->count;
    p->files = xcalloc(n + 1, sizeof *p->files);
    for (size_t s = 0; s < tree->ns_count; s++)
        for (size_t i = 0; i < tree->ns[s]->count; i++) {
            const fw_node *node = tree->ns[s]->nodes[i];
            if (node->type == FW_NODE_FILE && !node->is_container)
                p->files[p->n_files++] = node;
        }
    if (p->n_files < POOL_MIN_FILES) {
        free(p->files);
        free(p);
        return NULL;
    }
    p->results = xcalloc(p->n_files + 1, sizeof *p->results);
    p->threads = xcalloc(jobs, sizeof *p->threads);
    for (size_t t = 0; t < jobs; t++) {
        if (pthread_create(&p->threads[t], NULL, match_worker, p) != 0)
            break;
        p->n_threads++;
    }
    if (p->n_threads == 0) {
        free(p->threads);
        free(p->results);
        free(p->files);
        free(p);
        return NULL;
    }
    return p;
}

/* Wait for the workers; then (merge) add every file's findings and
 * warnings to the report in file order, or (no merge: the scan failed)
 * throw them away. */
static void pool_finish(match_pool **pp, fw_report *report, int merge)
{
    match_pool *p = *pp;
    if (!p)
        return;
    if (!merge)
        __atomic_store_n(&p->next, p->n_files, __ATOMIC_RELAXED);
    for (size_t t = 0; t < p->n_threads; t++)
        pthread_join(p->threads[t], NULL);
    for (size_t i = 0; i < p->n_files; i++) {
        file_result *fr = &p->results[i];
        for (size_t k = 0; k < fr->n_findings; k++) {
            if (merge)
                fw_report_add_finding(report, fr->findings[k]);
            else
                fw_finding_free(fr->findings[k]);
        }
        for (size_t k = 0; k < fr->n_errors; k++) {
            fw_unpack_error *e = &fr->errors[k];
            if (merge)
                fw_report_add_error(report, e->where, e->offset, e->fatal, "%s", e->message);
            free(e->where);
            free(e->message);
        }
        if (merge)
            report->findings_dropped += fr->dropped;
        free(fr->findings);
        free(fr->errors);
    }
    free(p->threads);
    free(p->results);
    free(p->files);
    free(p);
    *pp = NULL;
}

int fw_checks_run(const fw_ruleset *rs, fw_tree *tree, fw_report *report, fw_error *err)
{
    fw_check_opts defaults = { 0 };
    return fw_checks_run_opts(rs, tree, report, &defaults, err);
}

int fw_checks_run_opts(const fw_ruleset *rs, fw_tree *tree, fw_report *report,
                       const fw_check_opts *o, fw_error *err)
{
    const fw_analyzer *const *table = fw_analyzer_table();
    size_t na = 0;
    while (table[na])
        na++;
    const fw_analyzer **active = xcalloc(na + 1, sizeof *active);
    void **state = xcalloc(na + 1, sizeof *state);
    size_t nactive = 0;
    int rc = FW_OK;
    match_pool *pool = NULL;

    fw_check_ctx ctx = { .rs = rs, .report = report };
    ctx.per_rule_count = xcalloc(rs->count + 1, sizeof(size_t));

    for (size_t i = 0; i < na; i++) {
        if (!analyzer_used(rs, table[i]))
            continue;
        ctx.current = table[i];
        if (table[i]->init && (rc = table[i]->init(&ctx, &state[nactive], err)) != FW_OK)
            goto out;
        active[nactive++] = table[i];
    }
    int patterns = has_pattern_rules(rs);
    if (patterns && !o->no_prefilter)
        ctx.prefilter = fw_prefilter_new(rs);
    if (patterns)
        pool = pool_start(rs, ctx.prefilter, tree, o->jobs);

    for (size_t s = 0; s < tree->ns_count; s++) {
        const fw_ns *ns = tree->ns[s];
        for (size_t a = 0; a < nactive; a++) {
            if (!active[a]->scan_ns)
                continue;
            ctx.current = active[a];
            if ((rc = active[a]->scan_ns(&ctx, state[a], ns)) != FW_OK)
                goto out;
        }
        for (size_t i = 0; i < ns->count; i++) {
            const fw_node *node = ns->nodes[i];
            if (node->type != FW_NODE_FILE || node->is_container)
                continue;
            fw_blob blob;
            fw_error ferr = {0};
            if (fw_node_open(node, &blob, &ferr) != FW_OK) {
                fw_check_warn(&ctx, node, "cannot read content: %s", ferr.msg);
                continue;
            }
            report->files_scanned++;
            report->bytes_scanned += blob.size;
            fw_report_progress(report, "checking", ns->chain); /* rate-limited; CLI progress line */
            ctx.current = NULL;
            if (patterns && !pool)
                rc = fw_match_file(&ctx, node, &blob);
            for (size_t a = 0; rc == FW_OK && a < nactive; a++) {
                if (!active[a]->scan_file)
                    continue;
                ctx.current = active[a];
                rc = active[a]->scan_file(&ctx, state[a], node, &blob);
            }
            fw_blob_close(&blob);
            if (rc != FW_OK)
                goto out;
        }
    }
    pool_finish(&pool, report, 1);   /* before finish: analyzers see a whole scan */
    for (size_t a = 0; a < nactive; a++) {
        if (!active[a]->finish)
            continue;
        ctx.current = active[a];
        if ((rc = active[a]->finish(&ctx, state[a])) != FW_OK)
            goto out;
    }
out:
    pool_finish(&pool, report, 0);   /* on error: stop and join the workers */
    for (size_t a = 0; a < nactive; a++)
        if (active[a]->fini)
            active[a]->fini(state[a]);
    if (ctx.magic)
        magic_close(ctx.magic);
    free(ctx.magic_desc);
    free(ctx.per_rule_count);
    fw_prefilter_free(&ctx.prefilter);
    free(active);
    free(state);
    report->rules_loaded = rs->count;
    return rc;
}
