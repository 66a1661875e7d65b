/* svc_emit.c: queue the services and exposure hits of one namespace and emit
 * one finding per (check, file, group): the branches of one start (see
 * svc_emit.h). */
#include <stdlib.h>
#include <string.h>
#include "checks/services/svc_emit.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

struct fw_svc_pending {
    char *check, *group, *message, *excerpt, *identity;
    const fw_node *node;
    uint64_t line;
    int severity;
    fw_detail *details;
    size_t n_details;
    int done;              /* already emitted as part of a group */
};

static char *dup_or_null(const char *s)
{
    return s ? fw_xstrdup(s) : NULL;
}

static void pending_release(fw_svc_pending *p)
{
    free(p->check); free(p->group); free(p->message); free(p->excerpt); free(p->identity);
    for (size_t i = 0; i < p->n_details; i++) {
        free(p->details[i].key);
        free(p->details[i].value);
    }
    free(p->details);
}

void fw_svc_emit_queue(fw_svc_emitter *em, const fw_hit *hit, const char *group)
{
    if (em->n >= FW_MAX_SVC_PENDING) {
        fw_check_emit(em->ctx, hit);
        return;
    }
    FW_XGROW(em->v, em->cap, em->n + 1);
    fw_svc_pending *p = &em->v[em->n++];
    memset(p, 0, sizeof *p);
    p->check = fw_xstrdup(hit->check);
    p->group = fw_xstrdup(group ? group : "");
    p->message = dup_or_null(hit->message);
    p->excerpt = dup_or_null(hit->excerpt);
    p->identity = dup_or_null(hit->identity);
    p->node = hit->node;
    p->line = hit->line;
    p->severity = hit->severity;
    if (hit->n_details) {
        p->details = fw_xcalloc(hit->n_details, sizeof *p->details);
        for (size_t i = 0; i < hit->n_details; i++) {
            p->details[i].key = fw_xstrdup(hit->details[i].key);
            p->details[i].value = fw_xstrdup(hit->details[i].value ? hit->details[i].value : "");
        }
        p->n_details = hit->n_details;
    }
}

static int same_group(const fw_svc_pending *a, const fw_svc_pending *b)
{
    return a->node == b->node && strcmp(a->check, b->check) == 0 &&
           strcmp(a->group, b->group) == 0;
}

/* a before b: lower line first, then the smaller identity (a stable order
 * whatever order the boot readers found them in) */
static int before(const fw_svc_pending *a, const fw_svc_pending *b)
{
    if (a->line != b->line)
        return a->line < b->line;
    return strcmp(a->identity ? a->identity : "", b->identity ? b->identity : "") < 0;
}

static void emit_group(fw_svc_emitter *em, size_t first)
{
    fw_svc_pending *lead = &em->v[first];
    const char *identity = lead->identity ? lead->identity : "";
    fw_strbuf lines = FW_STRBUF_INIT;
    size_t n_same = 0;
    for (size_t j = first; j < em->n; j++) {
        fw_svc_pending *p = &em->v[j];
        if (p->done || !same_group(lead, p))
            continue;
        if (before(p, lead))
            lead = p;
    }
    /* the lines in order, and the smallest identity (stable whatever the
     * order of the branches) */
    uint64_t last = 0;
    for (;;) {
        fw_svc_pending *next = NULL;
        for (size_t j = first; j < em->n; j++) {
            fw_svc_pending *p = &em->v[j];
            if (p->done || !same_group(lead, p) || p->line <= last)
                continue;
            if (!next || p->line < next->line)
                next = p;
        }
        if (!next)
            break;
        last = next->line;
        if (n_same++)
            fw_sb_adds(&lines, ", ");
        fw_sb_addf(&lines, "%llu", (unsigned long long)next->line);
    }
    for (size_t j = first; j < em->n; j++) {
        fw_svc_pending *p = &em->v[j];
        if (!p->done && same_group(lead, p) && p->identity && strcmp(p->identity, identity) < 0)
            identity = p->identity;
    }

    char *msg = NULL;
    fw_detail *d = lead->details;
    size_t nd = lead->n_details;
    fw_detail *more = NULL;
    if (n_same > 1) {
        msg = fw_xasprintf("%s; the same start is written on lines %s of %s (branches of one "
                           "start: one finding)", lead->message ? lead->message : "",
                           fw_sb_str(&lines), lead->node->path);
        more = fw_xcalloc(nd + 1, sizeof *more);
        memcpy(more, d, nd * sizeof *d);
        more[nd].key = "lines";
        more[nd].value = (char *)fw_sb_str(&lines);
        d = more;
        nd++;
    }
    fw_hit hit = {
        .check = lead->check, .node = lead->node, .line = lead->line, .offset = FW_NO_OFFSET,
        .message = msg ? msg : lead->message, .excerpt = lead->excerpt, .identity = identity,
        .severity = lead->severity, .details = d, .n_details = nd,
    };
    fw_check_emit(em->ctx, &hit);
    for (size_t j = first; j < em->n; j++)
        if (same_group(lead, &em->v[j]))
            em->v[j].done = 1;
    free(more);
    free(msg);
    fw_sb_release(&lines);
}

void fw_svc_emit_flush(fw_svc_emitter *em)
{
    for (size_t i = 0; i < em->n; i++)
        if (!em->v[i].done)
            emit_group(em, i);
    for (size_t i = 0; i < em->n; i++)
        pending_release(&em->v[i]);
    free(em->v);
    em->v = NULL;
    em->n = em->cap = 0;
}
