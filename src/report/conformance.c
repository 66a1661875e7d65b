/* conformance.c: fold findings into one status per guideline requirement.
 *
 * The order of the tests below is the policy (doc/report-format.md,
 * "Statuses"): a finding is evidence of failure whatever else is true; what
 * no image can show is NEEDS ATTESTATION, never PASS; and silence from the
 * checks only counts as a PASS when the whole image was read. */
#include <stdlib.h>
#include <string.h>
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/report.h"

/* Does profile p judge requirement req? An empty stakeholder list judges
 * every requirement. */
static int profile_judges(const fw_profile *p, const fw_requirement *req)
{
    size_t max = sizeof p->stakeholders / sizeof p->stakeholders[0];
    if (!p || p->stakeholders[0] == 0)
        return 1;
    for (size_t i = 0; i < max && p->stakeholders[i] != 0; i++)
        for (size_t j = 0; j < req->n_stakeholders; j++)
            if (req->stakeholders[j] == p->stakeholders[i])
                return 1;
    return 0;
}

static int rule_names(const fw_rule *rule, const char *id)
{
    if (!rule)
        return 0;
    for (size_t i = 0; i < rule->n_requires; i++)
        if (strcmp(rule->requires[i], id) == 0)
            return 1;
    return 0;
}

/* Past FW_MAX_FINDINGS findings are dropped without knowing their rule, so
 * any requirement may have lost its evidence of failure. (Drops past the
 * per-file cap do not count: that rule already has findings kept.) */
static int findings_lost(const fw_report *r)
{
    return r->findings_dropped > 0 && r->n_findings >= FW_MAX_FINDINGS;
}

/* Append ids joined by ", ". */
static void add_list(fw_strbuf *sb, char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fw_sb_adds(sb, ", ");
        fw_sb_adds(sb, ids[i]);
    }
}

/* Does rule give evidence for id (named with `requires`, not `also`)? */
static int rule_evidences(const fw_rule *rule, const char *id)
{
    for (size_t i = 0; i < rule->n_requires; i++)
        if (!rule->related[i] && strcmp(rule->requires[i], id) == 0)
            return 1;
    return 0;
}

/* Ids of the loaded rules that give evidence for requirement id (a clean
 * run of them counts towards PASS), in rule-set order. Rules that name it
 * only with `also` can fail it but never make it pass. */
static void collect_rules(fw_req_result *res, const fw_ruleset *rs, const char *id)
{
    size_t cap = 0;
    for (size_t i = 0; i < rs->count; i++) {
        if (!rule_evidences(rs->rules[i], id))
            continue;
        FW_XGROW(res->rules, cap, res->n_rules + 1);
        res->rules[res->n_rules++] = fw_xstrdup(rs->rules[i]->id);
    }
}

/* Count the findings naming id, and collect the distinct ids of the rules
 * that raised them (in order of first appearance) for the reason. */
static size_t count_findings(const fw_report *r, const char *id, fw_strbuf *raised_by,
                             size_t *n_accepted)
{
    size_t n = 0;
    const fw_rule **seen = NULL;
    size_t n_seen = 0, cap = 0;
    *n_accepted = 0;
    for (size_t i = 0; i < r->n_findings; i++) {
        const fw_finding *f = r->findings[i];
        const fw_rule *rule = f->rule;
        /* Outside the image (a file beside squashfs-root/): not the device's,
         * so not evidence either way. */
        if (!rule_names(rule, id) || f->outside)
            continue;
        /* Waived (active waiver) or known from the baseline: still listed,
         * but not evidence of failure for this run. */
        if (fw_finding_accepted(f)) {
            (*n_accepted)++;
            continue;
        }
        n++;
        size_t k = 0;
        while (k < n_seen && seen[k] != rule)
            k++;
        if (k < n_seen)
            continue;
        FW_XGROW(seen, cap, n_seen + 1);
        seen[n_seen++] = rule;
        if (n_seen > 1)
            fw_sb_adds(raised_by, ", ");
        fw_sb_adds(raised_by, rule->id);
    }
    free(seen);
    return n;
}

static void set_reason_fail(fw_req_result *res, const char *raised_by)
{
    res->status = FW_STATUS_FAIL;
    res->reason = fw_xasprintf("%zu finding%s (rule%s %s) show%s it is not met.",
                            res->n_findings, res->n_findings == 1 ? "" : "s",
                            strchr(raised_by, ',') ? "s" : "", raised_by,
                            res->n_findings == 1 ? "s" : "");
}

/* Nothing found, and the checks covered only what an image can show. */
static void set_reason_partial(fw_req_result *res)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    const fw_strlist *att = &res->req->attestation;
    fw_sb_adds(&sb, "The checks ran and found nothing (");
    add_list(&sb, res->rules, res->n_rules);
    fw_sb_adds(&sb, "), but an attestation must still show what the image cannot: ");
    if (att->n > 0)
        fw_sb_adds(&sb, att->v[0]);
    else
        fw_sb_adds(&sb, "the part of the requirement outside the firmware.");
    if (sb.len > 0 && sb.buf[sb.len - 1] != '.')
        fw_sb_addc(&sb, '.');
    res->status = FW_STATUS_NEEDS_ATTESTATION;
    res->reason = fw_sb_detach(&sb);
}

static void set_reason_incomplete(fw_req_result *res, const fw_report *r)
{
    uint64_t errors = (uint64_t)r->n_errors + r->errors_dropped;
    res->status = FW_STATUS_INCOMPLETE;
    if (errors > 0 || !findings_lost(r))
        res->reason = fw_xasprintf("No check found a problem, but part of the image could not "
                                "be read (%llu error%s), so that is not evidence of a pass.",
                                (unsigned long long)errors, errors == 1 ? "" : "s");
    else
        res->reason = fw_xasprintf("No finding names it, but %llu findings past the limit of %d "
                                "were dropped unread, so that is not evidence of a pass.",
                                (unsigned long long)r->findings_dropped, FW_MAX_FINDINGS);
}

/* Count the evidence items whose rule gives evidence for id (`requires`). */
static size_t count_evidence(const fw_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_evidence; i++)
        if (r->evidence[i]->rule && rule_evidences(r->evidence[i]->rule, id))
            n++;
    return n;
}

/* Count the undecided items whose rule gives evidence for id. */
static size_t count_undecided(const fw_report *r, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_undecided; i++)
        if (r->undecided[i]->rule && rule_evidences(r->undecided[i]->rule, id))
            n++;
    return n;
}

static void set_reason_undecided(fw_req_result *res, const fw_report *r)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_sb_adds(&sb, "No finding, but a check could not decide it: ");
    size_t shown = 0;
    for (size_t i = 0; i < r->n_undecided && shown < 3; i++) {
        const fw_finding *u = r->undecided[i];
        if (!u->rule || !rule_evidences(u->rule, res->req->id))
            continue;
        if (shown++)
            fw_sb_adds(&sb, "; ");
        fw_sb_addf(&sb, "%s (%s)", u->message ? u->message : u->rule->id, u->path);
    }
    fw_sb_adds(&sb, ". It needs an attestation.");
    res->status = FW_STATUS_NEEDS_ATTESTATION;
    res->reason = fw_sb_detach(&sb);
}

static void set_reason_evidence(fw_req_result *res, const fw_report *r)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_sb_addf(&sb, "No finding, and %zu piece%s of evidence show%s it is met: ", res->n_evidence,
            res->n_evidence == 1 ? "" : "s", res->n_evidence == 1 ? "s" : "");
    size_t shown = 0;
    for (size_t i = 0; i < r->n_evidence && shown < 3; i++) {
        const fw_finding *e = r->evidence[i];
        if (!e->rule || !rule_evidences(e->rule, res->req->id))
            continue;
        if (shown++)
            fw_sb_adds(&sb, "; ");
        fw_sb_addf(&sb, "%s (%s", e->message ? e->message : e->rule->id, e->path);
        if (e->line)
            fw_sb_addf(&sb, ":%llu", (unsigned long long)e->line);
        fw_sb_addc(&sb, ')');
    }
    fw_sb_addc(&sb, '.');
    res->status = FW_STATUS_PASS;
    res->reason = fw_sb_detach(&sb);
}

static void set_reason_pass(fw_req_result *res)
{
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_sb_addf(&sb, "%zu rule%s found nothing: ", res->n_rules, res->n_rules == 1 ? "" : "s");
    add_list(&sb, res->rules, res->n_rules);
    fw_sb_addc(&sb, '.');
    res->status = FW_STATUS_PASS;
    res->reason = fw_sb_detach(&sb);
}

/* The status of one judged requirement, in policy order. */
static void fold_one(fw_req_result *res, const fw_report *r, const char *raised_by,
                     size_t n_accepted)
{
    const fw_requirement *req = res->req;
    if (res->n_findings > 0) {
        set_reason_fail(res, raised_by);
    } else if (n_accepted > 0) {
        /* A waiver or a baseline accepts a known problem: that is the team's
         * decision, not evidence the requirement is met, so never PASS. */
        res->status = FW_STATUS_NEEDS_ATTESTATION;
        res->reason = fw_xasprintf("%zu finding%s name%s it but %s waived or known from the "
                                "baseline: accepted, not met; the acceptance must be "
                                "attested.", n_accepted, n_accepted == 1 ? "" : "s",
                                n_accepted == 1 ? "s" : "", n_accepted == 1 ? "is" : "are");
    } else if (req->static_kind == FW_STATIC_PROCESS) {
        res->status = FW_STATUS_NEEDS_ATTESTATION;
        res->reason = fw_xstrdup("Only an attestation can show it: it is about processes, "
                              "documents or other parties, not the firmware image.");
    } else if (res->n_undecided > 0) {
        set_reason_undecided(res, r);
    } else if (res->n_evidence > 0 && !(r->incomplete || findings_lost(r))) {
        set_reason_evidence(res, r);
    } else if (res->n_rules == 0) {
        res->status = FW_STATUS_NEEDS_ATTESTATION;
        res->reason = fw_xstrdup("No check in this rule set gives evidence for it, so it "
                              "needs an attestation.");
    } else if (r->incomplete || findings_lost(r)) {
        set_reason_incomplete(res, r);
    } else if (req->static_kind == FW_STATIC_PARTIAL) {
        set_reason_partial(res);
    } else {
        if (r->no_system) {
            /* A kernel or bootloader alone: the checks had no system to look at. */
            res->status = FW_STATUS_NEEDS_ATTESTATION;
            res->reason = fw_xstrdup("No root file system (no /etc) was found in the input, so "
                                  "a clean run of the checks shows nothing; scan the image "
                                  "that holds the root file system.");
        } else {
            set_reason_pass(res);
        }
    }
}

static void fold_derived(fw_report *r, const fw_profile *p);

void fw_conformance_fold(fw_report *r, const fw_ruleset *rs, const fw_profile *p)
{
    /* Folding again (another profile) replaces the previous results. */
    fw_report_clear_results(r);
    if (!p)
        p = fw_profile_find("all");
    free(r->profile);
    r->profile = fw_xstrdup(p->name);
    if (!rs || !rs->catalog || rs->catalog->count == 0)
        return;

    const fw_catalog *cat = rs->catalog;
    r->results = fw_xcalloc(cat->count, sizeof *r->results);
    r->n_results = cat->count;
    for (size_t i = 0; i < cat->count; i++) {
        fw_req_result *res = &r->results[i];
        fw_strbuf raised_by = FW_STRBUF_INIT;
        res->req = &cat->reqs[i];
        collect_rules(res, rs, res->req->id);
        /* Counted even when not judged: the JSON still says how many there are. */
        size_t n_accepted = 0;
        res->n_findings = count_findings(r, res->req->id, &raised_by, &n_accepted);
        res->n_accepted = n_accepted;
        res->n_evidence = count_evidence(r, res->req->id);
        res->n_undecided = count_undecided(r, res->req->id);
        if (!profile_judges(p, res->req)) {
            res->status = FW_STATUS_NOT_APPLICABLE;
            res->reason = fw_xasprintf("Outside the \"%s\" profile (%s).", p->name, p->description);
        } else {
            fold_one(res, r, fw_sb_str(&raised_by), n_accepted);
        }
        fw_sb_release(&raised_by);
    }
    fold_derived(r, p);
}

static fw_req_result *result_of(fw_report *r, const char *id)
{
    for (size_t i = 0; i < r->n_results; i++)
        if (strcmp(r->results[i].req->id, id) == 0)
            return &r->results[i];
    return NULL;
}

/* A profile's derived requirement (the supplier's HO.1) folds from the
 * device requirements behind it: any of them FAIL -> FAIL, any INCOMPLETE
 * -> INCOMPLETE, otherwise NEEDS ATTESTATION naming what the image showed
 * and what still needs the vendor's statement (tamper resistance is
 * hardware; no image shows it). Never PASS. */
static void fold_derived(fw_report *r, const fw_profile *p)
{
    fw_req_result *d = p->derived ? result_of(r, p->derived) : NULL;
    if (!d || d->status == FW_STATUS_NOT_APPLICABLE)
        return;
    fw_strbuf failing = FW_STRBUF_INIT, partial = FW_STRBUF_INIT, shown = FW_STRBUF_INIT;
    int any_fail = d->status == FW_STATUS_FAIL, any_incomplete = 0;
    for (size_t i = 0; i < 8 && p->derived_from[i]; i++) {
        const fw_req_result *m = result_of(r, p->derived_from[i]);
        if (!m)
            continue;
        fw_strbuf *sb = m->status == FW_STATUS_PASS ? &shown
                   : m->status == FW_STATUS_FAIL ? &failing : &partial;
        any_fail |= m->status == FW_STATUS_FAIL;
        any_incomplete |= m->status == FW_STATUS_INCOMPLETE;
        if (sb->len)
            fw_sb_adds(sb, ", ");
        fw_sb_addf(sb, "%s %s", m->req->id, fw_status_name(m->status));
    }
    fw_strbuf why = FW_STRBUF_INIT;
    fw_sb_adds(&why, "Derived from the device evidence");
    if (shown.len)
        fw_sb_addf(&why, "; shown by the image: %s", fw_sb_str(&shown));
    if (failing.len)
        fw_sb_addf(&why, "; failing: %s", fw_sb_str(&failing));
    if (partial.len)
        fw_sb_addf(&why, "; needs the vendor's attestation: %s", fw_sb_str(&partial));
    fw_sb_adds(&why, "; tamper resistance and the safety functions always need the vendor's "
                  "attestation.");
    if (d->status == FW_STATUS_FAIL && d->reason)
        fw_sb_addf(&why, " %s", d->reason);
    free(d->reason);
    d->reason = fw_sb_detach(&why);
    d->status = any_fail ? FW_STATUS_FAIL
              : any_incomplete ? FW_STATUS_INCOMPLETE : FW_STATUS_NEEDS_ATTESTATION;
    fw_sb_release(&failing);
    fw_sb_release(&partial);
    fw_sb_release(&shown);
}

int fw_finding_in_profile(const fw_report *r, const fw_finding *f)
{
    if (r->n_results == 0 || !f->rule || f->rule->n_requires == 0)
        return 1;
    /* Hidden only when every requirement it names is explicitly not judged:
     * an id missing from the results is kept rather than lost. */
    for (size_t i = 0; i < f->rule->n_requires; i++) {
        size_t k = 0;
        while (k < r->n_results && strcmp(r->results[k].req->id, f->rule->requires[i]) != 0)
            k++;
        if (k == r->n_results || r->results[k].status != FW_STATUS_NOT_APPLICABLE)
            return 1;
    }
    return 0;
}

fw_status fw_report_verdict(const fw_report *r)
{
    if (r->incomplete || findings_lost(r))
        return FW_STATUS_INCOMPLETE;
    for (size_t i = 0; i < r->n_findings; i++)
        if (fw_finding_counts(r, r->findings[i]))
            return FW_STATUS_FAIL;
    /* Nothing found in an input with no system in it proves nothing. */
    return r->no_system ? FW_STATUS_NEEDS_ATTESTATION : FW_STATUS_PASS;
}
