/* aggregate.c: one fact, one finding (see fw_report_aggregate in report.h).
 *
 * Runs once per scan, after the checks and before the tree is freed:
 * findings outside the detected root filesystem are marked, the matches of
 * a `group file` rule in one file become one finding, and findings of one
 * rule with one identity in identical copies of a file (flattened symlinks:
 * libiptc.so, libiptc.so.0, libiptc.so.0.0.0) become one finding listing
 * the copies. Whatever is merged keeps the location that sorts first (path,
 * then chain, then line), so the report does not depend on the order the
 * input happened to store its files in. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/digest.h"
#include "core/xalloc.h"
#include "report/report.h"
#include "tree/tree.h"

/* ---- outside the image ------------------------------------------------ */

/* Is node outside the root filesystem of its namespace: the namespace's
 * root is a folder ("/_fw.bin.extracted/squashfs-root") and the node is not
 * under it (fw_node_syspath hands its path back unchanged then)? */
static int outside_in_ns(const fw_node *n)
{
    return n->ns->root[0] && fw_node_syspath(n) == n->path;
}

/* outside[i] for tree->ns[i]: a namespace unpacked from a file outside the
 * image (exploit.tar.gz beside squashfs-root/) is outside too, unless it
 * holds an operating system of its own. The namespaces are in breadth-first
 * order, so a container's namespace comes before what it holds. */
static unsigned char *outside_namespaces(const fw_tree *tree)
{
    int any_root = 0;
    for (size_t i = 0; i < tree->ns_count && !any_root; i++)
        any_root = tree->ns[i]->root[0] != '\0';
    if (!any_root)
        return NULL;   /* every root at the top: nothing is outside */
    unsigned char *out = fw_xcalloc(tree->ns_count + 1, 1);
    for (size_t i = 0; i < tree->ns_count; i++) {
        const fw_node *c = tree->ns[i]->container;
        if (!c)
            continue;
        size_t j = 0;
        while (j < i && tree->ns[j] != c->ns)
            j++;
        if (j < i && (out[j] || outside_in_ns(c)) && !fw_ns_is_system(tree->ns[i]))
            out[i] = 1;
    }
    return out;
}

static void mark_outside(fw_report *r, const fw_tree *tree)
{
    unsigned char *ns_out = outside_namespaces(tree);
    if (!ns_out)
        return;
    const fw_ns *last = NULL;
    size_t last_i = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        fw_finding *f = r->findings[i];
        if (!f->node_)
            continue;
        const fw_ns *ns = f->node_->ns;
        if (ns != last) {   /* findings come in tree order: mostly the same ns */
            last_i = 0;
            while (last_i < tree->ns_count && tree->ns[last_i] != ns)
                last_i++;
            last = ns;
        }
        f->outside = outside_in_ns(f->node_) || (last_i < tree->ns_count && ns_out[last_i]);
        r->n_outside += f->outside != 0;
    }
    free(ns_out);
}

/* ---- merging ---------------------------------------------------------- */

static int cmp_u64(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

/* The order a merged finding's places are listed in, the first being its
 * own location: path, chain, line, offset. */
static int cmp_place(const char *pa, const char *ca, uint64_t la, uint64_t oa,
                     const char *pb, const char *cb, uint64_t lb, uint64_t ob)
{
    int c;
    if ((c = strcmp(pa, pb)) != 0) return c;
    if ((c = strcmp(ca, cb)) != 0) return c;
    if ((c = cmp_u64(la, lb)) != 0) return c;
    return cmp_u64(oa, ob);
}

static int cmp_findings_place(const fw_finding *a, const fw_finding *b)
{
    return cmp_place(a->path, a->chain, a->line, a->offset, b->path, b->chain, b->line,
                     b->offset);
}

static int cmp_location(const void *pa, const void *pb)
{
    const fw_location *a = pa, *b = pb;
    return cmp_place(a->path, a->chain, a->line, a->offset, b->path, b->chain, b->line,
                     b->offset);
}

static void add_also(fw_finding *keep, const char *chain, const char *path, uint64_t line,
                     uint64_t offset, const char *excerpt)
{
    keep->also = fw_xreallocarray(keep->also, keep->n_also + 1, sizeof *keep->also);
    fw_location *l = &keep->also[keep->n_also++];
    l->chain = fw_xstrdup(chain);
    l->path = fw_xstrdup(path);
    l->line = line;
    l->offset = offset;
    l->excerpt = excerpt ? fw_xstrdup(excerpt) : NULL;
}

/* Fold `g` into `keep`: its location (with its excerpt when the two are
 * lines of one file) and the places it already listed. The caller frees g. */
static void absorb(fw_finding *keep, const fw_finding *g, int with_excerpt)
{
    add_also(keep, g->chain, g->path, g->line, g->offset, with_excerpt ? g->excerpt : NULL);
    for (size_t i = 0; i < g->n_also; i++) {
        /* copies of a grouped file: its other lines are the kept copy's */
        if (strcmp(g->also[i].path, g->path) == 0 && strcmp(g->also[i].chain, g->chain) == 0)
            continue;
        add_also(keep, g->also[i].chain, g->also[i].path, g->also[i].line, g->also[i].offset,
                 NULL);
    }
}

/* Drop the NULL slots merging left in r->findings. */
static void compact(fw_report *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (r->findings[i])
            r->findings[k++] = r->findings[i];
    r->n_findings = k;
}

/* ---- one fact under two rules: `supersedes` ------------------------------ */

static int rule_supersedes(const fw_rule *a, const fw_rule *b)
{
    for (size_t i = 0; i < a->n_supersedes; i++)
        if (strcmp(a->supersedes[i], b->id) == 0)
            return 1;
    return 0;
}

typedef struct line_ref {
    fw_finding *f;
    size_t at;                  /* its index in r->findings */
} line_ref;

static int cmp_line_key(const void *pa, const void *pb)
{
    const fw_finding *a = ((const line_ref *)pa)->f, *b = ((const line_ref *)pb)->f;
    if (a->node_ != b->node_) return (uintptr_t)a->node_ < (uintptr_t)b->node_ ? -1 : 1;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return strcmp(a->rule->id, b->rule->id);
}

/* A finding of a rule that another finding on the same file and line
 * supersedes is dropped; the kept one names it ("supersedes" detail), so
 * the report says the one fact once, under the rule that says most. */
static void apply_supersedes(fw_report *r)
{
    int any = 0;
    for (size_t i = 0; i < r->n_findings && !any; i++)
        any = r->findings[i]->rule->n_supersedes > 0;
    if (!any)
        return;
    line_ref *v = fw_xcalloc(r->n_findings + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (r->findings[i]->node_ && r->findings[i]->line > 0)
            v[n++] = (line_ref){ r->findings[i], i };
    qsort(v, n, sizeof *v, cmp_line_key);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j].f->node_ == v[i].f->node_ && v[j].f->line == v[i].f->line)
            j++;
        for (size_t a = i; a < j; a++)
            for (size_t b = i; b < j; b++)
                if (a != b && v[a].f && v[b].f && rule_supersedes(v[a].f->rule, v[b].f->rule)) {
                    fw_finding_add_detail(v[a].f, "supersedes", v[b].f->rule->id);
                    fw_finding_free(&r->findings[v[b].at]);
                    v[b].f = NULL;
                }
        i = j;
    }
    compact(r);
    free(v);
}

/* ---- B: `group file` rules ---------------------------------------------- */

static int cmp_group(const void *pa, const void *pb)
{
    const fw_finding *a = *(fw_finding *const *)pa, *b = *(fw_finding *const *)pb;
    int c;
    if ((c = strcmp(a->rule->id, b->rule->id)) != 0) return c;
    if (a->node_ != b->node_) return (uintptr_t)a->node_ < (uintptr_t)b->node_ ? -1 : 1;
    return cmp_findings_place(a, b);
}

static void group_files(fw_report *r)
{
    fw_finding **v = fw_xcalloc(r->n_findings + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (r->findings[i]->rule->group_file && r->findings[i]->node_) {
            v[n++] = r->findings[i];
            r->findings[i] = NULL;
        }
    compact(r);
    qsort(v, n, sizeof *v, cmp_group);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j]->rule == v[i]->rule && v[j]->node_ == v[i]->node_)
            j++;
        fw_finding *keep = v[i];   /* the first line */
        for (size_t k = i + 1; k < j; k++) {
            absorb(keep, v[k], 1);
            fw_finding_free(&v[k]);
        }
        /* One finding per rule and file: its fingerprint is the file's, so it
         * stays when a line is added, removed or reordered. */
        fw_finding_fingerprint(keep->fingerprint, keep->rule->id, keep->path, "");
        fw_finding_fingerprint(keep->identity_, keep->rule->id, NULL, "");
        for (size_t k = i; k < j; k++)
            if (v[k])
                fw_report_add_finding(r, v[k]);
        i = j;
    }
    free(v);
}

/* ---- A: identical copies ------------------------------------------------ */

typedef struct copy {
    fw_finding *f;
    int digested;               /* 0 not yet, 1 done, -1 unreadable: never merged */
    char sha[FW_SHA256_HEX_LEN + 1];
} copy;

static int cmp_copy(const void *pa, const void *pb)
{
    const fw_finding *a = ((const copy *)pa)->f, *b = ((const copy *)pb)->f;
    int c;
    if ((c = strcmp(a->rule->id, b->rule->id)) != 0) return c;
    if ((c = strcmp(a->identity_, b->identity_)) != 0) return c;
    if (a->outside != b->outside) return a->outside - b->outside;
    if (a->node_->size != b->node_->size) return a->node_->size < b->node_->size ? -1 : 1;
    return cmp_findings_place(a, b);
}

static int same_key(const fw_finding *a, const fw_finding *b)
{
    return a->rule == b->rule && strcmp(a->identity_, b->identity_) == 0 &&
           a->outside == b->outside && a->node_->size == b->node_->size;
}

static void digest(copy *c)
{
    fw_blob b;
    fw_error err = {0};
    if (fw_node_open(c->f->node_, &b, &err) != FW_OK) {
        c->digested = -1;
        return;
    }
    fw_sha256_hex(b.data, b.size, c->sha);
    fw_blob_close(&b);
    c->digested = c->f->node_->truncated ? -1 : 1;
}

static int cmp_sha(const void *pa, const void *pb)
{
    const copy *a = pa, *b = pb;
    int c;
    if (a->digested != b->digested) return a->digested < b->digested ? -1 : 1;
    if ((c = strcmp(a->sha, b->sha)) != 0) return c;
    return cmp_findings_place(a->f, b->f);
}

static int cmp_ptr(const void *pa, const void *pb)
{
    uintptr_t a = (uintptr_t)*(void *const *)pa, b = (uintptr_t)*(void *const *)pb;
    return a < b ? -1 : a > b;
}

static void merge_copies(fw_report *r)
{
    copy *v = fw_xcalloc(r->n_findings + 1, sizeof *v);
    fw_finding **gone = fw_xcalloc(r->n_findings + 1, sizeof *gone);
    size_t n = 0, n_gone = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (r->findings[i]->node_)
            v[n++].f = r->findings[i];
    qsort(v, n, sizeof *v, cmp_copy);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && same_key(v[j].f, v[i].f))
            j++;
        if (j - i < 2) {
            i = j;
            continue;
        }
        /* Only a collision on rule, identity and size costs a digest; then
         * equal digests sit together, each group in place order. */
        for (size_t k = i; k < j; k++)
            digest(&v[k]);
        qsort(v + i, j - i, sizeof *v, cmp_sha);
        for (size_t a = i; a < j;) {
            size_t b = a + 1;
            while (b < j && v[b].digested == v[a].digested && strcmp(v[b].sha, v[a].sha) == 0)
                b++;
            for (size_t k = a + 1; k < b && v[a].digested > 0; k++) {
                /* two findings in one file are not copies of each other */
                if (v[k].f->node_ == v[a].f->node_)
                    continue;
                absorb(v[a].f, v[k].f, 0);
                gone[n_gone++] = v[k].f;
            }
            a = b;
        }
        i = j;
    }
    if (n_gone) {
        qsort(gone, n_gone, sizeof *gone, cmp_ptr);
        for (size_t i = 0; i < r->n_findings; i++)
            if (bsearch(&r->findings[i], gone, n_gone, sizeof *gone, cmp_ptr))
                fw_finding_free(&r->findings[i]);
        compact(r);
    }
    free(gone);
    free(v);
}

void fw_report_aggregate(fw_report *r, const fw_tree *tree)
{
    if (tree)
        mark_outside(r, tree);
    apply_supersedes(r);
    group_files(r);
    merge_copies(r);
    for (size_t i = 0; i < r->n_findings; i++) {
        fw_finding *f = r->findings[i];
        if (f->n_also > 1)
            qsort(f->also, f->n_also, sizeof *f->also, cmp_location);
        f->node_ = NULL;
    }
    for (size_t i = 0; i < r->n_evidence; i++)
        r->evidence[i]->node_ = NULL;
    for (size_t i = 0; i < r->n_undecided; i++)
        r->undecided[i]->node_ = NULL;
}
