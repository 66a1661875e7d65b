/* cmd_explain.c: `fwaudit explain ID`: one requirement of the guideline as an
 * auditor or engineer needs it: its wording, countermeasures, what needs an
 * attestation, the ETSI EN 303 645 provisions (the guideline's citation
 * beside the published clause), the profiles that judge it, and the loaded
 * rules that give evidence for it (`requires`) or can only fail it (`also`). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "cli/cli.h"
#include "report/report.h"

static const struct option explain_options[] = {
    { "rules", required_argument, NULL, OPT_RULES },
    { "no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

static void list(const char *heading, const fw_strlist *l)
{
    if (l->n == 0)
        return;
    printf("\n%s:\n", heading);
    for (size_t i = 0; i < l->n; i++)
        printf("  - %s\n", l->v[i]);
}

static int profile_judges(const fw_profile *p, const fw_requirement *req)
{
    if (p->stakeholders[0] == 0)
        return 1;
    for (size_t i = 0; i < 8 && p->stakeholders[i]; i++)
        for (size_t j = 0; j < req->n_stakeholders; j++)
            if (req->stakeholders[j] == p->stakeholders[i])
                return 1;
    return 0;
}

/* Rules that name id; related = 0: `requires` (evidence), 1: `also`. */
static size_t print_rules(const fw_ruleset *rs, const char *id, int related)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *r = rs->rules[i];
        for (size_t k = 0; k < r->n_requires; k++) {
            if (strcmp(r->requires[k], id) != 0 || r->related[k] != related)
                continue;
            printf("  %-36s %-8s %s\n", r->id, fw_severity_name(r->severity),
                   r->title ? r->title : "");
            n++;
            break;
        }
    }
    return n;
}

int fw_cmd_explain(fw_cli *cli, int argc, char **argv)
{
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", explain_options, NULL)) != -1) {
        if (c == 'h') {
            printf("Usage: %s explain [--rules DIR] ID   (e.g. MO.14)\n", cli->prog);
            return FW_EXIT_OK;
        }
        int rc = fw_cli_parse_common(cli, c, optarg);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "%s: explain wants one requirement ID (e.g. MO.14)\n", cli->prog);
        return FW_EXIT_USAGE;
    }
    fw_ruleset *rs = fw_cli_load_rules(cli);
    if (!rs)
        return FW_EXIT_USAGE;
    const fw_requirement *req = NULL;
    for (size_t i = 0; i < rs->catalog->count && !req; i++)
        if (strcasecmp(rs->catalog->reqs[i].id, argv[optind]) == 0)
            req = &rs->catalog->reqs[i];
    if (!req) {
        fprintf(stderr, "%s: no requirement '%s' in the catalog (MO.1 ... CO.4)\n", cli->prog,
                argv[optind]);
        fw_ruleset_free(&rs);
        return FW_EXIT_USAGE;
    }
    printf("%s  %s\n", req->id, req->title);
    printf("\nstatic scan: %s", fw_static_name(req->static_kind));
    switch (req->static_kind) {
    case FW_STATIC_FIRMWARE: printf(" (the image can show it)\n"); break;
    case FW_STATIC_PARTIAL: printf(" (the image shows one part; the rest needs attestation)\n"); break;
    case FW_STATIC_PROCESS: printf(" (only an attestation can show it)\n"); break;
    }
    printf("stakeholders:");
    for (size_t i = 0; i < req->n_stakeholders; i++)
        printf(" %d", req->stakeholders[i]);
    size_t np;
    const fw_profile *ps = fw_profiles(&np);
    printf("\njudged by profiles:");
    for (size_t i = 0; i < np; i++)
        if (profile_judges(&ps[i], req))
            printf(" %s", ps[i].name);
    printf("\n");
    for (size_t i = 0; i < np; i++)
        for (size_t k = 0; ps[i].derived && k < 8 && ps[i].derived_from[k]; k++)
            if (strcmp(ps[i].derived, req->id) == 0 && k == 0) {
                printf("profile %s folds it from:", ps[i].name);
                for (size_t j = 0; j < 8 && ps[i].derived_from[j]; j++)
                    printf(" %s", ps[i].derived_from[j]);
                printf("\n");
            }
    list("Requirement (the guideline's wording)", &req->requirement);
    list("Countermeasures", &req->countermeasures);
    list("Needs an attestation for", &req->attestation);
    if (req->etsi.n) {
        printf("\nETSI EN 303 645 (the guideline cites TS 103 645 numbering; published clause):\n");
        for (size_t i = 0; i < req->etsi.n; i++) {
            const fw_etsi_provision *p = fw_etsi_find(req->etsi.v[i]);
            printf("  cited %-5s -> EN 303 645 %-5s %s\n", req->etsi.v[i], p ? p->clause : "?",
                   p ? p->title : "(not a provision this table knows)");
        }
    }
    printf("\nRules giving evidence for it (requires):\n");
    if (print_rules(rs, req->id, 0) == 0)
        printf("  none: no check in this rule set can show it, so it needs an attestation\n");
    printf("\nRules that can only fail it (also):\n");
    if (print_rules(rs, req->id, 1) == 0)
        printf("  none\n");
    fw_ruleset_free(&rs);
    return fflush(stdout) == 0 && !ferror(stdout) ? FW_EXIT_OK : FW_EXIT_USAGE;
}
