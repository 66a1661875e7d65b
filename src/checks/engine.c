/* engine.c: runs every check a rule set binds over a tree.
 *
 * Order: for each namespace, each analyzer's scan_ns (whole-system checks
 * such as accounts); then for each regular file, its content is opened once
 * and handed to the pattern matcher and to each analyzer's scan_file. */
#include <magic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "checks/check.h"
#include "core/digest.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

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
};

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

int fw_checks_run(const fw_ruleset *rs, fw_tree *tree, fw_report *report, fw_error *err)
{
    const fw_analyzer *const *table = fw_analyzer_table();
    size_t na = 0;
    while (table[na])
        na++;
    const fw_analyzer **active = xcalloc(na + 1, sizeof *active);
    void **state = xcalloc(na + 1, sizeof *state);
    size_t nactive = 0;
    int rc = FW_OK;

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
    for (size_t a = 0; a < nactive; a++)
        if (active[a]->fini)
            active[a]->fini(state[a]);
    if (ctx.magic)
        magic_close(ctx.magic);
    free(ctx.magic_desc);
    free(ctx.per_rule_count);
    free(active);
    free(state);
    report->rules_loaded = rs->count;
    return rc;
}
