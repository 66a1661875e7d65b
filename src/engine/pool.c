/* pool.c: the worker pool that runs match_file in parallel (engine_int.h).
 *
 * The scan is a sequence of items in tree order: for each namespace, the
 * namespace itself (its analyzers' scan_ns), then each of its regular files.
 * Workers take files in any order, open each once and run every match_file
 * on it (the pattern matcher: most of the work); the analyzers that keep
 * per-scan state then see every item in tree order, one at a time:
 * whichever worker finishes the item the "analysis cursor" is waiting for
 * runs scan_ns/scan_file for it and for every following item already
 * matched (it "drains"), while the other workers go on matching. So the
 * report is the same for any number of jobs and any timing, each file is
 * opened once, and only the stateful analyzers' share of the work is serial.
 * A worker never runs more than POOL_WINDOW items ahead of the cursor,
 * which bounds the files held open waiting for their turn. Each worker has
 * its own context (libmagic handle, counts) and a scratch report; a file's
 * match_file findings wait in its item and are added to the report in tree
 * order after the pool has finished. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/limits.h"
#include "core/xalloc.h"
#include "engine/engine_int.h"

/* What match_file said about one file, until it is merged; and the file,
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

struct fw_pool {
    const fw_ruleset *rs;
    const fw_check_opts *opts;
    pool_item *items;
    size_t n_items;
    size_t n_files;
    size_t next;                    /* next item to take (under mu) */
    /* The analyzers' side: the main thread's context and the analyzers
     * with their states, used by one draining worker at a time. */
    fw_check_ctx *actx;
    const fw_active *act;
    pthread_mutex_t mu;
    pthread_cond_t moved;           /* the cursor moved, or the pool stops */
    size_t cursor;                  /* next item the analyzers see (under mu) */
    uint64_t inflight;              /* bytes of the files taken, not yet analyzed */
    int draining;                   /* a worker is running the analyzers */
    int stop;                       /* an analyzer failed: take no more */
    int rc;                         /* its error */
    pthread_t *threads;
    size_t n_threads;
};

/* Items, and bytes, a worker may run ahead of the analysis cursor: files
 * held open waiting for the analyzers (mappings for a directory input,
 * buffers for content read on demand). One file is always allowed. */
#define POOL_WINDOW 256
#define POOL_WINDOW_BYTES (64u << 20)

/* The analyzers' part of one item, in tree order (the drainer only). */
static int analyze_item(fw_pool *p, pool_item *it)
{
    if (it->ns)
        return fw_engine_scan_ns(p->actx, p->act, it->ns);
    if (!it->opened) {
        fw_check_warn(p->actx, it->node, "cannot read content: %s", it->open_error);
        return FW_OK;
    }
    return fw_engine_scan_file(p->actx, p->act, it->node, &it->blob);
}

/* Item i is ready: if no one is draining, run the analyzers over every
 * ready item at the cursor, in order. */
static void mark_ready_and_drain(fw_pool *p, size_t i)
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
static size_t take_item(fw_pool *p)
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
    fw_pool *p = arg;
    fw_check_ctx c;
    fw_ctx_init(&c, p->rs, p->opts, fw_report_new());
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
            (void)fw_engine_match_file(&c, p->act, it->node, &it->blob);
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
    fw_report_free(&c.report);
    fw_ctx_release(&c);
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

fw_pool *fw_pool_run(fw_check_ctx *actx, const fw_active *act, const fw_tree *tree,
                     unsigned asked)
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
    fw_pool *p = fw_xcalloc(1, sizeof *p);
    p->rs = actx->rs;
    p->opts = actx->opts;
    p->actx = actx;
    p->act = act;
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

int fw_pool_finish(fw_pool **pp, fw_report *report, int merge)
{
    fw_pool *p = *pp;
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
                fw_finding_free(&it->findings[k]);
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
