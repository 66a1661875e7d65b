/* context.c: what an analyzer calls while it runs (analyzer.h): the rule
 * binding a check, findings, evidence and undecided items with their
 * fingerprints, warnings, libmagic descriptions. One context per thread
 * (engine_int.h), so nothing here locks. */
#include <magic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "engine/engine_int.h"

void fw_ctx_init(fw_check_ctx *ctx, const fw_ruleset *rs, const fw_check_opts *o,
                 fw_report *report)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->rs = rs;
    ctx->opts = o;
    ctx->report = report;
    ctx->per_rule_count = fw_xcalloc(rs->count + 1, sizeof(size_t));
}

void fw_ctx_release(fw_check_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_cache; i++)
        if (ctx->cache[i].release)
            ctx->cache[i].release(ctx->cache[i].value);
    ctx->n_cache = 0;
    if (ctx->magic)
        magic_close(ctx->magic);
    free(ctx->magic_desc);
    free(ctx->per_rule_count);
    ctx->magic = NULL;
    ctx->magic_desc = NULL;
    ctx->per_rule_count = NULL;
}

const fw_check_opts *fw_check_options(const fw_check_ctx *ctx) { return ctx->opts; }

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
    /* The path as the device sees it: a directory, its tar.gz with a
     * wrapping "rootfs/" and its squashfs give the same location. A file
     * outside the root keeps its namespace path (fw_node_syspath returns
     * it unchanged); fw_report_aggregate marks it outside. */
    const char *syspath = fw_node_syspath(node);
    f->path = fw_xstrdup(syspath);
    f->root = fw_xstrdup(syspath != node->path ? node->ns->root : "");
    f->line = hit->line;
    f->offset = hit->offset;
    f->message = fw_xstrdup(hit->message ? hit->message : rule->title);
    f->excerpt = hit->excerpt ? fw_xstrdup(hit->excerpt) : NULL;
    for (size_t i = 0; i < hit->n_details; i++)
        fw_finding_add_detail(f, hit->details[i].key, hit->details[i].value);
    /* The flow, at most FW_MAX_FLOW_STEPS (a check bounds its own; this
     * keeps a report's size bounded whatever the check does). */
    size_t nf = hit->n_flow < FW_MAX_FLOW_STEPS ? hit->n_flow : FW_MAX_FLOW_STEPS;
    if (hit->flow && nf) {
        f->flow = fw_xcalloc(nf, sizeof *f->flow);
        for (size_t i = 0; i < nf; i++) {
            const fw_flow_step *s = &hit->flow[i];
            fw_location *l = &f->flow[f->n_flow++];
            const fw_node *sn = s->node ? s->node : node;
            l->chain = fw_xstrdup(sn->ns->chain);
            l->path = fw_xstrdup(fw_node_syspath(sn));
            l->line = s->line;
            l->offset = FW_NO_OFFSET;
            l->excerpt = fw_xstrdup(s->text ? s->text : "");
        }
    }
    f->node_ = node;

    /* Content fingerprint: rule, device path and what was found, never the
     * line, the container's file name or the folder wrapping the root, so
     * it survives edits elsewhere in the file, a renamed firmware file and
     * a repacked image (baselines and waivers match on it). */
    const char *identity = hit->identity ? hit->identity : (hit->excerpt ? hit->excerpt : "");
    fw_finding_fingerprint(f->fingerprint, rule->id, f->path, identity);
    fw_finding_fingerprint(f->identity_, rule->id, NULL, identity);
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

void *fw_check_cache_get(fw_check_ctx *ctx, const void *key, const void *scope)
{
    for (size_t i = 0; i < ctx->n_cache; i++)
        if (ctx->cache[i].key == key && ctx->cache[i].scope == scope)
            return ctx->cache[i].value;
    return NULL;
}

void fw_check_cache_put(fw_check_ctx *ctx, const void *key, const void *scope, void *value,
                        void (*release)(void *))
{
    if (ctx->n_cache == FW_MAX_CHECK_CACHE) {
        if (ctx->cache[0].release)
            ctx->cache[0].release(ctx->cache[0].value);
        memmove(&ctx->cache[0], &ctx->cache[1], (FW_MAX_CHECK_CACHE - 1) * sizeof ctx->cache[0]);
        ctx->n_cache--;
    }
    ctx->cache[ctx->n_cache++] = (struct fw_ctx_cached){ key, scope, value, release };
}

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
    fw_sb_release(&sb);
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
