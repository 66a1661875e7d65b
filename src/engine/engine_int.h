/* engine_int.h: what the engine's files share (private to src/engine/). */
#ifndef FW_ENGINE_ENGINE_INT_H
#define FW_ENGINE_ENGINE_INT_H

#include <magic.h>
#include "core/limits.h"
#include "engine/engine.h"

/* One context per thread that runs analyzers: the main thread's (it also
 * runs scan_ns/scan_file/finish) and each worker's (match_file only, into a
 * scratch report). */
struct fw_check_ctx {
    const fw_ruleset *rs;
    const fw_check_opts *opts;
    fw_report *report;
    const fw_analyzer *current;     /* analyzer running now, for fw_check_emit */
    magic_t magic;                  /* opened on first use */
    int magic_failed;
    const fw_node *magic_node;      /* cache: node whose description is in magic_desc */
    char *magic_desc;
    /* per (rule, file) finding counts, reset per file */
    const fw_node *count_node;
    size_t *per_rule_count;         /* indexed like rs->rules */
    /* fw_check_cache_put's values, oldest first */
    struct fw_ctx_cached {
        const void *key, *scope;
        void *value;
        void (*release)(void *);
    } cache[FW_MAX_CHECK_CACHE];
    size_t n_cache;
};

/* A context for rs reporting into report (context.c); released with
 * fw_ctx_release (which does not free the report). */
void fw_ctx_init(fw_check_ctx *ctx, const fw_ruleset *rs, const fw_check_opts *o,
                 fw_report *report);
void fw_ctx_release(fw_check_ctx *ctx);

/* The analyzers a scan runs, and their states (engine.c). */
typedef struct fw_active {
    const fw_analyzer **a;
    void **state;
    size_t n;
} fw_active;

/* Every match_file of the active analyzers over one file, in table order
 * (engine.c; the pool's workers call it too). */
int fw_engine_match_file(fw_check_ctx *ctx, const fw_active *act, const fw_node *node,
                         const fw_blob *blob);
/* Every scan_ns / scan_file, in table order, with the counters and the
 * progress line a file's turn updates (engine.c). */
int fw_engine_scan_ns(fw_check_ctx *ctx, const fw_active *act, const fw_ns *ns);
int fw_engine_scan_file(fw_check_ctx *ctx, const fw_active *act, const fw_node *node,
                        const fw_blob *blob);

/* ---- the worker pool (pool.c) ---- */
typedef struct fw_pool fw_pool;

/* Run the pool over the tree and wait for it, or return NULL without doing
 * anything (one job, a small tree, or no thread could start: the caller
 * checks inline). actx is the main thread's context: the analyzers' side
 * runs with it, by one worker at a time, in tree order. */
fw_pool *fw_pool_run(fw_check_ctx *actx, const fw_active *act, const fw_tree *tree,
                     unsigned jobs);
/* After the workers: add every file's match_file findings and warnings to
 * the report in tree order (merge), or throw them away (the scan failed;
 * also when an analyzer failed). Returns the analyzers' error code, if one
 * failed. Frees the pool and sets *pp to NULL; NULL is a no-op. */
int fw_pool_finish(fw_pool **pp, fw_report *report, int merge);

#endif
