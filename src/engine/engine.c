/* engine.c: runs every check a rule set binds over a tree.
 *
 * Order: for each namespace, each analyzer's scan_ns (whole-system checks
 * such as accounts); then for each regular file, its content is opened once
 * and handed to the pattern matcher and to each analyzer's scan_file.
 *
 * With more than one job (fw_check_opts.jobs, `scan --jobs N`; default the
 * number of cores) a pool of worker threads opens the files (each once)
 * and runs the pattern matcher, which is most of the work, in any order;
 * the analyzers, which keep per-scan state, still see every namespace and
 * file in tree order, one at a time, run by whichever worker completes the
 * next item in that order (see "the worker pool" below). Each worker has its
 * own check context: its own libmagic handle, PCRE2 match data and a scratch
 * report; a file's pattern findings wait in its item and are added to the
 * report in tree order after the pool has finished, so the report does not
 * depend on the thread timing (it is sorted anyway). */
#include <magic.h>
#include <pthread.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "core/digest.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "checks/patterns/prefilter.h"

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
    fw_finding *f = fw_xcalloc(1, sizeof *f);
    f->rule = rule;
    f->severity = hit->severity >= 0 ? (fw_severity)hit->severity : rule->severity;
    f->chain = fw_xstrdup(node->ns->chain);
    f->path = fw_xstrdup(node->path);
    f->line = hit->line;
    f->offset = hit->offset;
    f->message = fw_xstrdup(hit->message ? hit->message : rule->title);
    f->excerpt = hit->excerpt ? fw_xstrdup(hit->excerpt) : NULL;
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
    fw_strbuf sb = FW_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    fw_sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    char *where = node ? fw_node_location(node) : fw_xstrdup("");
    fw_report_add_error(ctx->report, where, FW_NO_OFFSET, 0, "%s", fw_sb_str(&sb));
    free(where);
    fw_sb_free(&sb);
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
    ctx->magic_desc = fw_xstrdup(d ? d : "data");
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

/* ---- the worker pool ----
 *
 * The scan is a sequence of items in tree order: for each namespace, the
 * namespace itself (its analyzers' scan_ns), then each of its regular files.
 * Workers take files in any order, open each once and run the pattern
 * matcher on it; the analyzers, which keep per-scan state, then see every
 * item in tree order, one at a time: whichever worker finishes the item the
 * "analysis cursor" is waiting for runs the analyzers for it and for every
 * following item already matched (it "drains"), while the other workers go
 * on matching. So the report is the same for any number of jobs and any
 * timing, each file is opened once, and only the analyzers' share of the
 * work is serial. A worker never runs more than POOL_WINDOW items ahead of
 * the cursor, which bounds the files held open waiting for their turn. */

/* What the matcher said about one file, until it is merged; and the file,
 * kept open until the analyzers have seen it. */
typedef struct pool_item {
    const fw_ns *ns;                /* a namespace item (scan_ns), or NULL */
    const fw_node *node;            /* a file item */
    fw_blob blob;
    int opened;                     /* blob is open */
    char *open_error;               /* why it could not be opened (reported in order) */
    int ready;                      /* matched (file) or nothing to match (namespace) */
    fw_finding **findings;
    size_t n_findings;
    fw_unpack_error *errors;
    size_t n_errors;
    uint64_t dropped;
} pool_item;

typedef struct match_pool {
    const fw_ruleset *rs;
    fw_prefilter *prefilter;        /* shared, read-only */
    int patterns;                   /* the rule set has pattern rules */
    pool_item *items;
    size_t n_items;
    size_t n_files;
    size_t next;                    /* next item to take (under mu) */
    /* The analyzers' side: the main thread's context and their states,
     * used by one draining worker at a time. */
    fw_check_ctx *actx;
    const fw_analyzer *const *active;
    void *const *state;
    size_t nactive;
    pthread_mutex_t mu;
    pthread_cond_t moved;           /* the cursor moved, or the pool stops */
    size_t cursor;                  /* next item the analyzers see (under mu) */
    uint64_t inflight;              /* bytes of the files taken, not yet analyzed */
    int draining;                   /* a worker is running the analyzers */
    int stop;                       /* an analyzer failed: take no more */
    int rc;                         /* its error */
    fw_error err;
    pthread_t *threads;
    size_t n_threads;
} match_pool;

/* Items, and bytes, a worker may run ahead of the analysis cursor: files
 * held open waiting for the analyzers (mappings for a directory input,
 * buffers for content read on demand). One file is always allowed. */
#define POOL_WINDOW 256
#define POOL_WINDOW_BYTES (64u << 20)

static void worker_ctx_free(fw_check_ctx *c)
{
    if (c->magic)
        magic_close(c->magic);
    free(c->magic_desc);
    free(c->per_rule_count);
    fw_report_free(&c->report);
}

/* The analyzers' part of one item, in tree order (the drainer only). */
static int analyze_item(match_pool *p, pool_item *it)
{
    fw_check_ctx *ctx = p->actx;
    int rc = FW_OK;
    if (it->ns) {
        for (size_t a = 0; rc == FW_OK && a < p->nactive; a++) {
            if (!p->active[a]->scan_ns)
                continue;
            ctx->current = p->active[a];
            rc = p->active[a]->scan_ns(ctx, p->state[a], it->ns);
        }
        return rc;
    }
    if (!it->opened) {
        fw_check_warn(ctx, it->node, "cannot read content: %s", it->open_error);
        return FW_OK;
    }
    fw_report *report = ctx->report;
    report->files_scanned++;
    report->bytes_scanned += it->blob.size;
    fw_report_progress(report, "checking", it->node->ns->chain);
    for (size_t a = 0; rc == FW_OK && a < p->nactive; a++) {
        if (!p->active[a]->scan_file)
            continue;
        ctx->current = p->active[a];
        rc = p->active[a]->scan_file(ctx, p->state[a], it->node, &it->blob);
    }
    return rc;
}

/* Item i is ready: if no one is draining, run the analyzers over every
 * ready item at the cursor, in order. */
static void mark_ready_and_drain(match_pool *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    p->items[i].ready = 1;
    if (p->draining) {
        pthread_mutex_unlock(&p->mu);
        return;
    }
    p->draining = 1;
    while (!p->stop && p->cursor < p->n_items && p->items[p->cursor].ready) {
        pool_item *it = &p->items[p->cursor];
        pthread_mutex_unlock(&p->mu);
        int rc = analyze_item(p, it);
        if (it->opened)
            fw_blob_close(&it->blob);
        it->opened = 0;
        pthread_mutex_lock(&p->mu);
        if (rc != FW_OK) {
            p->stop = 1;
            p->rc = rc;
        }
        if (it->node)
            p->inflight -= it->node->size;
        p->cursor++;
        pthread_cond_broadcast(&p->moved);
    }
    p->draining = 0;
    pthread_mutex_unlock(&p->mu);
}

/* The next file item to match, or SIZE_MAX when none is left. Waits while
 * the worker would run more than POOL_WINDOW items ahead of the cursor. */
static size_t take_item(match_pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (!p->stop && p->next < p->n_items && p->next > p->cursor &&
           (p->next >= p->cursor + POOL_WINDOW || p->inflight >= POOL_WINDOW_BYTES))
        pthread_cond_wait(&p->moved, &p->mu);
    size_t i = SIZE_MAX;
    while (!p->stop && p->next < p->n_items) {
        size_t k = p->next++;
        if (p->items[k].node) {
            i = k;
            p->inflight += p->items[k].node->size;
            break;
        }
    }
    pthread_mutex_unlock(&p->mu);
    return i;
}

static void *match_worker(void *arg)
{
    match_pool *p = arg;
    fw_check_ctx c = { .rs = p->rs, .report = fw_report_new(), .prefilter = p->prefilter };
    c.per_rule_count = fw_xcalloc(p->rs->count + 1, sizeof(size_t));
    /* Namespace items before the first file are ready from the start. */
    mark_ready_and_drain(p, 0);
    for (;;) {
        size_t i = take_item(p);
        if (i == SIZE_MAX)
            break;
        pool_item *it = &p->items[i];
        fw_error ferr = {0};
        if (fw_node_open(it->node, &it->blob, &ferr) == FW_OK) {
            it->opened = 1;
            if (p->patterns)
                (void)fw_match_file(&c, it->node, &it->blob);
        } else {
            it->open_error = fw_xstrdup(ferr.msg);
        }
        /* the scratch report's findings and warnings wait in the item */
        it->findings = c.report->findings;
        it->n_findings = c.report->n_findings;
        it->errors = c.report->errors;
        it->n_errors = c.report->n_errors;
        it->dropped = c.report->findings_dropped;
        c.report->findings = NULL;
        c.report->n_findings = c.report->cap_findings = 0;
        c.report->errors = NULL;
        c.report->n_errors = c.report->cap_errors = 0;
        c.report->findings_dropped = 0;
        mark_ready_and_drain(p, i);
    }
    worker_ctx_free(&c);
    return NULL;
}

/* Fewer regular files than this are checked inline: starting threads (and a
 * libmagic handle each) costs more than it saves on a small tree, such as a
 * rule's own test case. */
#define POOL_MIN_FILES 64

/* How many worker threads: as asked, else the cores online. */
static size_t jobs_wanted(unsigned asked)
{
    long n = asked ? (long)asked : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > FW_MAX_JOBS)
        n = FW_MAX_JOBS;
    return (size_t)n;
}

/* Run the pool over the tree and wait for it, or return NULL without
 * doing anything (one job, a small tree, or no thread could start: the
 * caller checks inline). Returns the pool for pool_finish. */
static match_pool *pool_run(fw_check_ctx *actx, const fw_analyzer *const *active,
                            void *const *state, size_t nactive, int patterns,
                            const fw_tree *tree, unsigned asked)
{
    size_t jobs = jobs_wanted(asked);
    if (jobs < 2)
        return NULL;
    size_t n = 0, files = 0;
    for (size_t s = 0; s < tree->ns_count; s++) {
        n += 1 + tree->ns[s]->count;
        for (size_t i = 0; i < tree->ns[s]->count; i++) {
            const fw_node *node = tree->ns[s]->nodes[i];
            files += node->type == FW_NODE_FILE && !node->is_container;
        }
    }
    if (files < POOL_MIN_FILES)
        return NULL;
    match_pool *p = fw_xcalloc(1, sizeof *p);
    p->rs = actx->rs;
    p->prefilter = actx->prefilter;
    p->patterns = patterns;
    p->actx = actx;
    p->active = active;
    p->state = state;
    p->nactive = nactive;
    p->items = fw_xcalloc(n + 1, sizeof *p->items);
    for (size_t s = 0; s < tree->ns_count; s++) {
        p->items[p->n_items].ns = tree->ns[s];
        p->items[p->n_items++].ready = 1;
        for (size_t i = 0; i < tree->ns[s]->count; i++) {
            const fw_node *node = tree->ns[s]->nodes[i];
            if (node->type == FW_NODE_FILE && !node->is_container)
                p->items[p->n_items++].node = node;
        }
    }
    p->n_files = files;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->moved, NULL);
    p->threads = fw_xcalloc(jobs, sizeof *p->threads);
    for (size_t t = 0; t < jobs; t++) {
        if (pthread_create(&p->threads[t], NULL, match_worker, p) != 0)
            break;
        p->n_threads++;
    }
    if (p->n_threads == 0) {   /* nothing ran: the caller checks inline */
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->moved);
        free(p->threads);
        free(p->items);
        free(p);
        return NULL;
    }
    for (size_t t = 0; t < p->n_threads; t++)
        pthread_join(p->threads[t], NULL);
    return p;
}

/* After the workers: add every file's pattern findings and warnings to the
 * report in tree order, or (no merge: the scan failed) throw them away.
 * Returns the analyzers' error code, if one failed. */
static int pool_finish(match_pool **pp, fw_report *report, int merge)
{
    match_pool *p = *pp;
    if (!p)
        return FW_OK;
    int rc = p->rc;
    if (rc != FW_OK)
        merge = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        pool_item *it = &p->items[i];
        for (size_t k = 0; k < it->n_findings; k++) {
            if (merge)
                fw_report_add_finding(report, it->findings[k]);
            else
                fw_finding_free(it->findings[k]);
        }
        for (size_t k = 0; k < it->n_errors; k++) {
            fw_unpack_error *e = &it->errors[k];
            if (merge)
                fw_report_add_error(report, e->where, e->offset, e->fatal, "%s", e->message);
            free(e->where);
            free(e->message);
        }
        if (merge)
            report->findings_dropped += it->dropped;
        if (it->opened)   /* the pool stopped before the analyzers saw it */
            fw_blob_close(&it->blob);
        free(it->findings);
        free(it->errors);
        free(it->open_error);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->moved);
    free(p->threads);
    free(p->items);
    free(p);
    *pp = NULL;
    return rc;
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
    const fw_analyzer **active = fw_xcalloc(na + 1, sizeof *active);
    void **state = fw_xcalloc(na + 1, sizeof *state);
    size_t nactive = 0;
    int rc = FW_OK;
    match_pool *pool = NULL;

    fw_check_ctx ctx = { .rs = rs, .report = report };
    ctx.per_rule_count = fw_xcalloc(rs->count + 1, sizeof(size_t));

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
    pool = pool_run(&ctx, active, state, nactive, patterns, tree, o->jobs);
    int pooled = pool != NULL;
    if (pooled) {
        /* the analyzers saw every item; the pattern findings wait */
        if ((rc = pool_finish(&pool, report, 1)) != FW_OK)
            goto out;
    }

    for (size_t s = 0; !pooled && s < tree->ns_count; s++) {   /* one job: inline */
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
            if (patterns)
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
    for (size_t a = 0; a < nactive; a++) {
        if (!active[a]->finish)
            continue;
        ctx.current = active[a];
        if ((rc = active[a]->finish(&ctx, state[a])) != FW_OK)
            goto out;
    }
out:
    pool_finish(&pool, report, 0);   /* on error: throw the pattern findings away */
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
