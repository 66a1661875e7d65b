/* render_text.c: the terminal report.
 *
 * Layout (doc/report-format.md "Text report"): a header saying what was
 * scanned, one verdict line, what could not be read, then one line per
 * judged requirement in catalog order with the findings under each FAIL.
 *
 * Every string that came out of the image (paths, chains, messages,
 * excerpts, error text) is escaped before it reaches the terminal: a file
 * name may hold escape sequences that would rewrite the screen. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "core/escape.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/report.h"
#include "report/render_util.h"

#define SGR_RESET   "\033[0m"
#define SGR_RED     "\033[1;31m"
#define SGR_GREEN   "\033[32m"
#define SGR_YELLOW  "\033[33m"
#define SGR_MAGENTA "\033[35m"
#define SGR_CYAN    "\033[36m"
#define SGR_DIM     "\033[2m"
#define SGR_BOLD    "\033[1m"

/* Columns of a requirement line: "MO.2   FAIL               title". */
#define ID_WIDTH     7
#define STATUS_WIDTH 19   /* "NEEDS ATTESTATION" and two blanks */
#define SEV_WIDTH    10   /* "critical" and two blanks */
#define INDENT       "       "             /* ID_WIDTH blanks */
#define DETAIL_INDENT "                 "  /* ID_WIDTH + SEV_WIDTH blanks */

typedef struct writer {
    FILE *out;
    int color;
    int verbose;
    int failed;           /* a write failed: the report is truncated */
} writer;

char *fw_report_escaped_text(const char *s)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    const char *p = s ? s : "";
    /* A backslash never occurs inside a UTF-8 sequence, so escaping the runs
     * between backslashes keeps valid text intact. */
    for (;;) {
        const char *bs = strchr(p, '\\');
        size_t n = bs ? (size_t)(bs - p) : strlen(p);
        fw_escape(&sb, p, n);
        if (!bs)
            break;
        fw_sb_addc(&sb, '\\');
        p = bs + 1;
    }
    if (!sb.buf)
        fw_sb_adds(&sb, "");
    return fw_sb_detach(&sb);
}

static void put(writer *w, const char *s)
{
    if (fputs(s, w->out) == EOF)
        w->failed = 1;
}

static void putf(writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(w->out, fmt, ap) < 0)
        w->failed = 1;
    va_end(ap);
}

/* Raw names (paths, chains) from the image. */
static void put_escaped(writer *w, const char *s)
{
    char *e = fw_escaped(s ? s : "", s ? strlen(s) : 0);
    put(w, e);
    free(e);
}

/* Text a check composed, possibly escaped already. */
static void put_text(writer *w, const char *s)
{
    char *e = fw_report_escaped_text(s);
    put(w, e);
    free(e);
}

/* s in colour (when enabled), padded with blanks to width. Padding is
 * written outside the colour codes, which take no columns. */
static void put_colored(writer *w, const char *sgr, const char *s, size_t width)
{
    if (w->color && sgr)
        putf(w, "%s%s%s", sgr, s, SGR_RESET);
    else
        put(w, s);
    for (size_t n = strlen(s); n < width; n++)
        put(w, " ");
}

static const char *status_sgr(fw_status s)
{
    switch (s) {
    case FW_STATUS_FAIL: return SGR_RED;
    case FW_STATUS_PASS: return SGR_GREEN;
    case FW_STATUS_NEEDS_ATTESTATION: return SGR_YELLOW;
    case FW_STATUS_INCOMPLETE: return SGR_MAGENTA;
    case FW_STATUS_NOT_APPLICABLE: return SGR_DIM;
    }
    return NULL;
}

static const char *severity_sgr(fw_severity s)
{
    switch (s) {
    case FW_SEV_CRITICAL: return SGR_RED;
    case FW_SEV_HIGH: return SGR_RED;
    case FW_SEV_MEDIUM: return SGR_YELLOW;
    case FW_SEV_LOW: return SGR_CYAN;
    case FW_SEV_INFO: return SGR_DIM;
    }
    return NULL;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static void render_header(writer *w, const fw_report *r, const fw_ruleset *rs)
{
    const char *rsver = r->ruleset_version ? r->ruleset_version : (rs ? rs->version : NULL);
    size_t nrules = r->rules_loaded ? r->rules_loaded : (rs ? rs->count : 0);
    const fw_profile *p = fw_profile_find(r->profile);

    putf(w, "fwaudit %s: conformance with the smart-home security guideline (METI)\n",
         or_dash(r->tool_version));
    put(w, "input       ");
    put_escaped(w, or_dash(r->input_path));
    put(w, "\nkind        ");
    put_escaped(w, or_dash(r->input_kind));
    putf(w, "\nsha256      %s\n", or_dash(r->input_sha256));
    putf(w, "size        %llu bytes\n", (unsigned long long)r->input_size);
    putf(w, "scanned     %llu entries, %llu files, %llu bytes, %llu container%s\n",
         (unsigned long long)r->entries, (unsigned long long)r->files_scanned,
         (unsigned long long)r->bytes_scanned, (unsigned long long)r->containers,
         r->containers == 1 ? "" : "s");
    putf(w, "rules       %zu (rule set %s)\n", nrules, or_dash(rsver));
    put(w, "profile     ");
    put_escaped(w, or_dash(r->profile));
    if (p)
        putf(w, " (%s)", p->description);
    put(w, "\n\n");
}

static void count_by_severity(const fw_report *r, size_t counts[FW_SEV_COUNT])
{
    memset(counts, 0, FW_SEV_COUNT * sizeof counts[0]);
    for (size_t i = 0; i < r->n_findings; i++)
        if (fw_finding_counts(r, r->findings[i]) &&
            (unsigned)r->findings[i]->severity < FW_SEV_COUNT)
            counts[r->findings[i]->severity]++;
}

static void render_verdict(writer *w, const fw_report *r)
{
    size_t counts[FW_SEV_COUNT];
    fw_status v = fw_report_verdict(r);
    count_by_severity(r, counts);

    put(w, "verdict     ");
    put_colored(w, status_sgr(v), fw_status_name(v), 0);
    put(w, ":");
    for (int s = FW_SEV_CRITICAL; s >= FW_SEV_INFO; s--)
        putf(w, " %zu %s%s", counts[s], fw_severity_name((fw_severity)s),
             s > FW_SEV_INFO ? "," : "");
    size_t waived = 0, unchanged = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        if (!fw_finding_in_profile(r, r->findings[i]))
            continue;
        waived += r->findings[i]->waiver == FW_WAIVER_ACTIVE;
        unchanged += r->findings[i]->waiver == FW_WAIVER_NONE &&
                     r->findings[i]->baseline == FW_BASELINE_UNCHANGED;
    }
    if (waived || unchanged)
        putf(w, " (not counted: %zu waived, %zu unchanged since the baseline)", waived, unchanged);
    if (v == FW_STATUS_INCOMPLETE)
        put(w, "; part of the input could not be read, so nothing can PASS");
    else if (r->no_system)
        put(w, "; no root file system (no /etc) was found in the input, so nothing can PASS");
    put(w, "\n");
    if (r->findings_dropped > 0)
        putf(w, "            %llu more findings were dropped past the limits\n",
             (unsigned long long)r->findings_dropped);
}

static void render_errors(writer *w, const fw_report *r)
{
    if (r->n_errors == 0 && r->errors_dropped == 0)
        return;
    putf(w, "\nCould not read (%llu):\n",
         (unsigned long long)(r->n_errors + r->errors_dropped));
    for (size_t i = 0; i < r->n_errors; i++) {
        const fw_unpack_error *e = &r->errors[i];
        put(w, "  ");
        put_escaped(w, e->where && *e->where ? e->where : "(input)");
        if (e->offset != FW_NO_OFFSET)
            putf(w, " @0x%llx", (unsigned long long)e->offset);
        put(w, ": ");
        put_text(w, e->message);
        if (e->fatal)
            put(w, " (not read further)");
        put(w, "\n");
    }
    if (r->errors_dropped > 0)
        putf(w, "  ... and %llu more not listed\n", (unsigned long long)r->errors_dropped);
}

/* "chain > /path:line", or " @0xOFFSET" when only the offset is known. */
static void render_location(writer *w, const fw_finding *f)
{
    if (f->chain && *f->chain) {
        put_escaped(w, f->chain);
        put(w, " > ");
    }
    put_escaped(w, f->path);
    if (f->line > 0)
        putf(w, ":%llu", (unsigned long long)f->line);
    else if (f->offset != FW_NO_OFFSET)
        putf(w, " @0x%llx", (unsigned long long)f->offset);
}

static void render_finding(writer *w, const fw_finding *f)
{
    put(w, INDENT);
    put_colored(w, severity_sgr(f->severity), fw_severity_name(f->severity), SEV_WIDTH);
    put_escaped(w, f->rule ? f->rule->id : "?");
    put(w, "  ");
    render_location(w, f);
    if (f->baseline == FW_BASELINE_NEW)
        put_colored(w, SGR_BOLD, "  [new]", 0);
    else if (f->baseline == FW_BASELINE_UNCHANGED)
        put_colored(w, SGR_DIM, "  [unchanged since the baseline]", 0);
    put(w, "\n" DETAIL_INDENT);
    put_text(w, f->message ? f->message : (f->rule ? f->rule->title : ""));
    put(w, "\n");
    if (f->waiver != FW_WAIVER_NONE) {
        put(w, DETAIL_INDENT);
        put_colored(w, f->waiver == FW_WAIVER_ACTIVE ? SGR_CYAN : SGR_RED,
                    f->waiver == FW_WAIVER_ACTIVE ? "WAIVED" : "WAIVER EXPIRED", 0);
        put(w, f->waiver == FW_WAIVER_ACTIVE ? " until " : " on ");
        put_text(w, f->waiver_expires);
        put(w, " by ");
        put_text(w, f->waiver_owner);
        put(w, ": ");
        put_text(w, f->waiver_reason);
        put(w, "\n");
    }
    if (f->excerpt && *f->excerpt) {
        put(w, DETAIL_INDENT "evidence: ");
        put_text(w, f->excerpt);
        put(w, "\n");
    }
    /* One fact in several places: identical copies, other matching lines. */
    for (size_t i = 0; i < f->n_also; i++) {
        char *loc = fw_place_text(&f->also[i]);
        put(w, DETAIL_INDENT "also at: ");
        put(w, loc);
        free(loc);
        if (f->also[i].excerpt && *f->also[i].excerpt) {
            put(w, ": ");
            put_text(w, f->also[i].excerpt);
        }
        put(w, "\n");
    }
    /* The data flow, source first: one indented step per line. */
    if (f->n_flow) {
        put(w, DETAIL_INDENT "flow:\n");
        for (size_t i = 0; i < f->n_flow; i++) {
            char *loc = fw_place_text(&f->flow[i]);
            putf(w, DETAIL_INDENT "  %zu. ", i + 1);
            put(w, loc);
            free(loc);
            if (f->flow[i].excerpt && *f->flow[i].excerpt) {
                put(w, ": ");
                put_text(w, f->flow[i].excerpt);
            }
            put(w, "\n");
        }
    }
    if (f->rule && f->rule->fix) {
        put(w, DETAIL_INDENT "fix: ");
        put_text(w, f->rule->fix);
        put(w, "\n");
    }
    if (!w->verbose)
        return;
    putf(w, DETAIL_INDENT "fingerprint: %s\n", f->fingerprint);
    for (size_t i = 0; i < f->n_details; i++) {
        put(w, DETAIL_INDENT);
        put_text(w, f->details[i].key);
        put(w, ": ");
        put_text(w, f->details[i].value);
        put(w, "\n");
    }
}

static int finding_names(const fw_finding *f, const char *id)
{
    if (!f->rule)
        return 0;
    for (size_t i = 0; i < f->rule->n_requires; i++)
        if (strcmp(f->rule->requires[i], id) == 0)
            return 1;
    return 0;
}

/* Notes shown with --verbose: why this status and what an attestation must
 * cover; for a FAIL, the guideline's own wording. */
static void render_notes(writer *w, const fw_req_result *res)
{
    const fw_requirement *req = res->req;
    /* The guideline's ETSI citation beside the published EN 303 645 clause. */
    for (size_t i = 0; i < req->etsi.n && res->status != FW_STATUS_NOT_APPLICABLE; i++) {
        const fw_etsi_provision *p = fw_etsi_find(req->etsi.v[i]);
        put(w, INDENT "ETSI EN 303 645: cited ");
        put_text(w, req->etsi.v[i]);
        if (p)
            putf(w, " = clause %s, %s", p->clause, p->title);
        put(w, "\n");
    }
    if (res->status == FW_STATUS_FAIL) {
        for (size_t i = 0; i < req->requirement.n; i++) {
            put(w, INDENT "guideline: ");
            put_text(w, req->requirement.v[i]);
            put(w, "\n");
        }
        return;
    }
    if (res->reason) {
        put(w, INDENT);
        put_text(w, res->reason);
        put(w, "\n");
    }
    if (res->status == FW_STATUS_NOT_APPLICABLE)
        return;
    for (size_t i = 0; i < req->attestation.n; i++) {
        put(w, INDENT "attestation: ");
        put_text(w, req->attestation.v[i]);
        put(w, "\n");
    }
}

/* Positive evidence under a PASS, or what a check could not decide under a
 * NEEDS ATTESTATION: where, and what it says. */
static void render_evidence(writer *w, const char *label, const fw_finding *e)
{
    put(w, label);
    render_location(w, e);
    put(w, "\n                 ");
    put_text(w, e->message ? e->message : e->rule->title);
    put(w, "\n");
}

static void render_requirement_inventories(writer *w, const fw_report *r, const char *id);

static void render_requirement(writer *w, const fw_report *r, const fw_req_result *res)
{
    put_colored(w, NULL, res->req->id, ID_WIDTH);
    put_colored(w, status_sgr(res->status), fw_status_name(res->status), STATUS_WIDTH);
    put_text(w, res->req->title);
    put(w, "\n");
    /* Waived and unchanged findings are listed too, marked as such. */
    if (res->status != FW_STATUS_NOT_APPLICABLE && res->n_findings + res->n_accepted > 0)
        for (size_t i = 0; i < r->n_findings; i++)
            if (!r->findings[i]->outside && finding_names(r->findings[i], res->req->id))
                render_finding(w, r->findings[i]);
    if (res->status == FW_STATUS_PASS)
        for (size_t i = 0; i < r->n_evidence; i++)
            if (finding_names(r->evidence[i], res->req->id))
                render_evidence(w, "       evidence  ", r->evidence[i]);
    if (res->status == FW_STATUS_NEEDS_ATTESTATION && res->n_undecided > 0)
        for (size_t i = 0; i < r->n_undecided; i++)
            if (finding_names(r->undecided[i], res->req->id))
                render_evidence(w, "       undecided ", r->undecided[i]);
    if (res->status != FW_STATUS_NOT_APPLICABLE)
        render_requirement_inventories(w, r, res->req->id);
    if (w->verbose)
        render_notes(w, res);
}

static void render_status_totals(writer *w, const fw_report *r)
{
    static const fw_status order[] = {
        FW_STATUS_FAIL, FW_STATUS_INCOMPLETE, FW_STATUS_NEEDS_ATTESTATION,
        FW_STATUS_PASS, FW_STATUS_NOT_APPLICABLE,
    };
    put(w, "\n");
    putf(w, "%zu requirements:", r->n_results);
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        size_t n = 0;
        for (size_t i = 0; i < r->n_results; i++)
            n += r->results[i].status == order[k];
        putf(w, " %zu %s%s", n, fw_status_name(order[k]), k + 1 < sizeof order / sizeof order[0] ? "," : "");
    }
    if (!w->verbose)
        put(w, " (NOT APPLICABLE ones not listed)");
    put(w, "\n");
}

static void render_requirements(writer *w, const fw_report *r)
{
    size_t hidden = 0;
    put(w, "\nRequirements:\n");
    for (size_t i = 0; i < r->n_results; i++) {
        const fw_req_result *res = &r->results[i];
        if (res->status == FW_STATUS_NOT_APPLICABLE && !w->verbose)
            continue;
        render_requirement(w, r, res);
    }
    for (size_t i = 0; i < r->n_findings; i++)
        hidden += !fw_finding_in_profile(r, r->findings[i]);
    if (hidden > 0) {
        putf(w, "\n%zu finding%s only name requirements outside profile ", hidden,
             hidden == 1 ? "" : "s");
        put_escaped(w, r->profile);
        put(w, " and are not listed\n");
    }
    render_status_totals(w, r);
}

/* With --baseline: what the previous report had and this one does not. */
static void render_fixed(writer *w, const fw_report *r)
{
    if (!r->baseline_path)
        return;
    size_t fresh = 0, unchanged = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        fresh += r->findings[i]->baseline == FW_BASELINE_NEW;
        unchanged += r->findings[i]->baseline == FW_BASELINE_UNCHANGED;
    }
    put(w, "\nBaseline ");
    put_escaped(w, r->baseline_path);
    putf(w, ": %zu new, %zu unchanged, %zu fixed\n", fresh, unchanged, r->n_fixed);
    for (size_t i = 0; i < r->n_fixed; i++) {
        const fw_fixed *x = &r->fixed[i];
        put(w, "  ");
        put_colored(w, SGR_GREEN, "fixed", SEV_WIDTH);
        put_text(w, x->rule);
        put(w, "  ");
        if (x->chain && *x->chain) {
            put_text(w, x->chain);
            put(w, " > ");
        }
        put_text(w, x->path);
        if (x->line)
            putf(w, ":%llu", (unsigned long long)x->line);
        put(w, "\n");
    }
}

/* Cells wider than this are not padded to: one long path must not push
 * every other row off the screen. */
#define INV_MAX_PAD 100

/* An inventory's rows as an aligned table, each line starting with indent:
 * a header of column keys, then one line per row, every cell escaped. */
static void render_table(writer *w, const fw_inventory *inv, const char *indent)
{
    size_t nc = inv->n_columns;
    size_t *width = fw_xcalloc(nc ? nc : 1, sizeof *width);
    char ***cells = fw_xcalloc(inv->n_rows + 1, sizeof *cells);
    for (size_t j = 0; j <= inv->n_rows; j++) {
        cells[j] = fw_xcalloc(nc ? nc : 1, sizeof **cells);
        for (size_t k = 0; k < nc; k++) {
            const char *v = j == 0 ? inv->columns[k]
                                   : (inv->rows[j - 1][k] ? inv->rows[j - 1][k] : "-");
            cells[j][k] = fw_escaped(v, strlen(v));
            size_t l = strlen(cells[j][k]);
            if (l > width[k])
                width[k] = l > INV_MAX_PAD ? INV_MAX_PAD : l;
        }
    }
    for (size_t j = 0; j <= inv->n_rows; j++) {
        put(w, indent);
        for (size_t k = 0; k < nc; k++) {
            put(w, cells[j][k]);
            if (k + 1 < nc) {
                size_t l = strlen(cells[j][k]);
                for (size_t p = l; p < width[k] + 2; p++)
                    put(w, " ");
                if (l >= width[k] + 2)
                    put(w, "  ");
            }
            free(cells[j][k]);
        }
        put(w, "\n");
        free(cells[j]);
    }
    free(cells);
    free(width);
}

/* One inventory: its title and count, then the table. */
static void render_inventory(writer *w, const fw_inventory *inv)
{
    put(w, "\n");
    put_text(w, inv->title);
    putf(w, " (%zu)\n", inv->n_rows);
    render_table(w, inv, "  ");
}

/* Inventories tied to requirement id (the listeners under MO.1). */
static void render_requirement_inventories(writer *w, const fw_report *r, const char *id)
{
    for (size_t i = 0; i < r->n_inventories; i++) {
        const fw_inventory *inv = r->inventories[i];
        if (!inv->requirement || strcmp(inv->requirement, id) != 0)
            continue;
        put(w, "       ");
        put_text(w, inv->title);
        putf(w, " (%zu)%s\n", inv->n_rows, inv->n_rows ? ":" : "");
        if (inv->n_rows)
            render_table(w, inv, "         ");
    }
}

/* Findings in files beside the detected root filesystem (an exploit.sh
 * next to squashfs-root/): listed apart, counted nowhere. */
static void render_outside(writer *w, const fw_report *r)
{
    if (!r->n_outside)
        return;
    putf(w, "\nOutside the image (%zu finding%s in files beside the detected root filesystem; "
            "not counted):\n", r->n_outside, r->n_outside == 1 ? "" : "s");
    for (size_t i = 0; i < r->n_findings; i++)
        if (r->findings[i]->outside)
            render_finding(w, r->findings[i]);
}

/* Before a fold there are no requirement lines to hang findings on. */
static void render_flat_findings(writer *w, const fw_report *r)
{
    put(w, "\nFindings:\n");
    for (size_t i = 0; i < r->n_findings; i++)
        render_finding(w, r->findings[i]);
}

int fw_render_text(FILE *out, const fw_report *r, const fw_ruleset *rs, const fw_render_opts *o)
{
    writer w = { out, o ? o->color : 0, o ? o->verbose : 0, 0 };
    if (o && o->only_inventory) {
        /* `--services`, `--layout`: just that table. */
        /* a comma-separated list: --services is "services,listeners" */
        char *names = fw_xstrdup(o->only_inventory), *save = NULL;
        for (char *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
            const fw_inventory *inv = fw_report_find_inventory(r, n);
            if (inv)
                render_inventory(&w, inv);
            else
                putf(&w, "no %s inventory in this report\n", n);
        }
        free(names);
        if (fflush(out) != 0 || ferror(out))
            w.failed = 1;
        return w.failed ? -1 : 0;
    }
    render_header(&w, r, rs);
    render_verdict(&w, r);
    render_errors(&w, r);
    if (r->n_results > 0)
        render_requirements(&w, r);
    else if (r->n_findings > 0)
        render_flat_findings(&w, r);
    if (r->n_results > 0)
        render_outside(&w, r);
    render_fixed(&w, r);
    if (w.verbose)
        for (size_t i = 0; i < r->n_inventories; i++)
            render_inventory(&w, r->inventories[i]);
    if (fflush(out) != 0 || ferror(out))
        w.failed = 1;
    return w.failed ? -1 : 0;
}
