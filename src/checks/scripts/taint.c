/* taint.c: flows of request data and their findings (taint.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/taint.h"
#include "core/escape.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

void fw_taint_flow_add(fw_taint_flow *f, const fw_node *node, uint64_t line, const char *fmt, ...)
{
    char raw[FW_EXCERPT_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    if (f->n >= FW_MAX_TAINT_STEPS) {
        /* keep the source and the latest steps: drop the second one */
        free(f->v[1].what);
        memmove(&f->v[1], &f->v[2], (f->n - 2) * sizeof *f->v);
        f->n--;
    }
    FW_XGROW(f->v, f->cap, f->n + 1);
    fw_taint_step *s = &f->v[f->n++];
    s->node = node;
    s->line = line;
    s->what = fw_escaped(raw, strlen(raw));
}

void fw_taint_flow_copy(fw_taint_flow *dst, const fw_taint_flow *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src->n)
        return;
    dst->v = fw_xcalloc(src->n, sizeof *dst->v);
    dst->cap = src->n;
    for (size_t i = 0; i < src->n; i++) {
        dst->v[i] = src->v[i];
        dst->v[i].what = fw_xstrdup(src->v[i].what);
    }
    dst->n = src->n;
}

void fw_taint_flow_release(fw_taint_flow *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->v[i].what);
    free(f->v);
    memset(f, 0, sizeof *f);
}

static const char *auth_text(fw_web_auth a)
{
    switch (a) {
    case FW_WEB_AUTH_NONE:     return "no authentication on this route in the server's configuration";
    case FW_WEB_AUTH_REQUIRED: return "the server requires a login for this route";
    default:                   return "authentication not known from the configuration";
    }
}

int fw_taint_emit(fw_check_ctx *ctx, const char *check, const char *lang, const char *source,
                  const char *sink, const fw_taint_flow *flow)
{
    return fw_taint_emit_app(ctx, check, lang, source, sink, flow, FW_WEB_AUTH_UNKNOWN, NULL);
}

int fw_taint_emit_app(fw_check_ctx *ctx, const char *check, const char *lang, const char *source,
                      const char *sink, const fw_taint_flow *flow, fw_web_auth app,
                      const char *app_why)
{
    if (!flow->n || !fw_check_rule(ctx, check))
        return FW_OK;
    const fw_taint_step *first = &flow->v[0], *last = &flow->v[flow->n - 1];
    fw_web_route route = fw_web_route_of(ctx, last->node);
    /* a login required by the server or by the application protects the
     * route; otherwise either saying there is none is enough */
    fw_web_auth auth = route.auth == FW_WEB_AUTH_REQUIRED || app == FW_WEB_AUTH_REQUIRED
                           ? FW_WEB_AUTH_REQUIRED
                       : route.auth == FW_WEB_AUTH_NONE || app == FW_WEB_AUTH_NONE
                           ? FW_WEB_AUTH_NONE
                           : FW_WEB_AUTH_UNKNOWN;
    const char *why = app_why && app == auth ? app_why : auth_text(auth);
    route.auth = auth;
    fw_strbuf chain = FW_STRBUF_INIT;
    for (size_t i = 0; i < flow->n; i++)
        fw_sb_addf(&chain, "%s%s:%llu %s", i ? " -> " : "", fw_node_syspath(flow->v[i].node),
                   (unsigned long long)flow->v[i].line, flow->v[i].what);
    /* The message names the two ends; every step is in the structured flow
     * (JSON `flow`, SARIF codeFlows, the text report's flow: block). */
    char *served = route.server ? fw_xasprintf("served by %s: ", route.server) : fw_xstrdup("");
    char *msg;
    if (flow->n > 1)
        msg = fw_xasprintf("request data (%s, %s:%llu) reaches %s without validation (%s, %zu "
                           "steps%s); %s%s", source, fw_node_syspath(first->node),
                           (unsigned long long)first->line, sink, lang, flow->n,
                           first->node != last->node ? ", across files" : "", served,
                           why);
    else
        msg = fw_xasprintf("request data (%s) reaches %s without validation (%s); %s%s", source,
                           sink, lang, served, why);
    free(served);
    char *identity = fw_xasprintf("%s|%s|%s|%s", lang, fw_node_syspath(last->node), source, sink);
    char steps[16], cfg_line[24];
    snprintf(steps, sizeof steps, "%zu", flow->n);
    snprintf(cfg_line, sizeof cfg_line, "%llu", (unsigned long long)route.config_line);
    char *cfg = route.config ? fw_xasprintf("%s:%s", fw_node_syspath(route.config), cfg_line)
                             : fw_xstrdup("");
    fw_detail d[] = {
        { "language", (char *)lang }, { "source", (char *)source }, { "sink", (char *)sink },
        { "flow", (char *)fw_sb_str(&chain) }, { "steps", steps },
        { "served_by", (char *)(route.server ? route.server : "") },
        { "route_config", cfg },
        { "authentication", (char *)(route.auth == FW_WEB_AUTH_NONE ? "none"
                                     : route.auth == FW_WEB_AUTH_REQUIRED ? "required" : "unknown") },
    };
    fw_flow_step *fs = fw_xcalloc(flow->n, sizeof *fs);
    for (size_t i = 0; i < flow->n; i++)
        fs[i] = (fw_flow_step){ flow->v[i].node, flow->v[i].line, flow->v[i].what };
    fw_hit hit = {
        .check = check, .node = last->node, .line = last->line, .offset = FW_NO_OFFSET,
        .message = msg, .excerpt = last->what, .identity = identity,
        .severity = route.auth == FW_WEB_AUTH_NONE ? (int)FW_SEV_HIGH : (int)FW_SEV_MEDIUM,
        .details = d, .n_details = sizeof d / sizeof d[0], .flow = fs, .n_flow = flow->n,
    };
    int rc = fw_check_emit(ctx, &hit);
    free(fs);
    free(cfg);
    free(identity);
    free(msg);
    fw_sb_release(&chain);
    return rc;
}
