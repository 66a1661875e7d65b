/* engine.c: runs a table of analyzers over a tree (engine.h).
 *
 * Inline (one job, or a tree too small for threads): for each namespace,
 * every scan_ns; for each regular file, its content opened once and handed
 * to every match_file, then every scan_file. With more jobs the pool
 * (pool.c) runs match_file on worker threads and the rest in tree order;
 * the two paths give the same report. */
#include <stdlib.h>
#include <string.h>
#include "core/xalloc.h"
#include "engine/engine_int.h"

/* Does the scan need analyzer a? Its own answer, else: some rule binds it. */
static int analyzer_wanted(const fw_ruleset *rs, const fw_analyzer *a)
{
    if (a->wanted)
        return a->wanted(rs);
    for (size_t i = 0; i < rs->count; i++)
        if (rs->rules[i]->analyzer && strcmp(rs->rules[i]->analyzer, a->name) == 0)
            return 1;
    return 0;
}

int fw_engine_match_file(fw_check_ctx *ctx, const fw_active *act, const fw_node *node,
                         const fw_blob *blob)
{
    int rc = FW_OK;
    for (size_t a = 0; rc == FW_OK && a < act->n; a++) {
        if (!act->a[a]->match_file)
            continue;
        ctx->current = act->a[a];
        rc = act->a[a]->match_file(ctx, act->state[a], node, blob);
    }
    return rc;
}

int fw_engine_scan_ns(fw_check_ctx *ctx, const fw_active *act, const fw_ns *ns)
{
    int rc = FW_OK;
    for (size_t a = 0; rc == FW_OK && a < act->n; a++) {
        if (!act->a[a]->scan_ns)
            continue;
        ctx->current = act->a[a];
        rc = act->a[a]->scan_ns(ctx, act->state[a], ns);
    }
    return rc;
}

int fw_engine_scan_file(fw_check_ctx *ctx, const fw_active *act, const fw_node *node,
                        const fw_blob *blob)
{
    fw_report *report = ctx->report;
    report->files_scanned++;
    report->bytes_scanned += blob->size;
    fw_report_progress(report, "checking", node->ns->chain); /* rate-limited; CLI progress line */
    int rc = FW_OK;
    for (size_t a = 0; rc == FW_OK && a < act->n; a++) {
        if (!act->a[a]->scan_file)
            continue;
        ctx->current = act->a[a];
        rc = act->a[a]->scan_file(ctx, act->state[a], node, blob);
    }
    return rc;
}

/* One job: every namespace and file in tree order, on this thread. */
static int run_inline(fw_check_ctx *ctx, const fw_active *act, const fw_tree *tree)
{
    int rc = FW_OK;
    for (size_t s = 0; rc == FW_OK && s < tree->ns_count; s++) {
        const fw_ns *ns = tree->ns[s];
        if ((rc = fw_engine_scan_ns(ctx, act, ns)) != FW_OK)
            break;
        for (size_t i = 0; rc == FW_OK && i < ns->count; i++) {
            const fw_node *node = ns->nodes[i];
            if (node->type != FW_NODE_FILE || node->is_container)
                continue;
            fw_blob blob;
            fw_error ferr = {0};
            if (fw_node_open(node, &blob, &ferr) != FW_OK) {
                fw_check_warn(ctx, node, "cannot read content: %s", ferr.msg);
                continue;
            }
            rc = fw_engine_match_file(ctx, act, node, &blob);
            if (rc == FW_OK)
                rc = fw_engine_scan_file(ctx, act, node, &blob);
            fw_blob_close(&blob);
        }
    }
    return rc;
}

int fw_engine_run(const fw_ruleset *rs, const fw_analyzer *const *analyzers, fw_tree *tree,
                  fw_report *report, const fw_check_opts *o, fw_error *err)
{
    static const fw_check_opts defaults = { 0 };
    if (!o)
        o = &defaults;
    size_t na = 0;
    while (analyzers[na])
        na++;
    fw_active act = { .a = fw_xcalloc(na + 1, sizeof *act.a),
                      .state = fw_xcalloc(na + 1, sizeof *act.state) };
    int rc = FW_OK;
    fw_pool *pool = NULL;
    fw_check_ctx ctx;
    fw_ctx_init(&ctx, rs, o, report);

    for (size_t i = 0; i < na; i++) {
        if (!analyzer_wanted(rs, analyzers[i]))
            continue;
        ctx.current = analyzers[i];
        if (analyzers[i]->init && (rc = analyzers[i]->init(&ctx, &act.state[act.n], err)) != FW_OK)
            goto out;
        act.a[act.n++] = analyzers[i];
    }
    pool = fw_pool_run(&ctx, &act, tree, o->jobs);
    if (pool) {
        /* the analyzers saw every item; the match_file findings wait */
        if ((rc = fw_pool_finish(&pool, report, 1)) != FW_OK)
            goto out;
    } else if ((rc = run_inline(&ctx, &act, tree)) != FW_OK) {
        goto out;
    }
    for (size_t a = 0; a < act.n; a++) {
        if (!act.a[a]->finish)
            continue;
        ctx.current = act.a[a];
        if ((rc = act.a[a]->finish(&ctx, act.state[a])) != FW_OK)
            goto out;
    }
out:
    fw_pool_finish(&pool, report, 0);   /* on error: throw the match_file findings away */
    for (size_t a = 0; a < act.n; a++)
        if (act.a[a]->fini)
            act.a[a]->fini(act.state[a]);
    fw_ctx_release(&ctx);
    free(act.a);
    free(act.state);
    report->rules_loaded = rs->count;
    return rc;
}
