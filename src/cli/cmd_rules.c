/* cmd_rules.c: `fwaudit rules list|lint|test`, and finding the rules. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "core/xalloc.h"
#include "checks/registry.h"
#include "scan/selftest.h"

static int has_catalog(const char *dir)
{
    char *p = fw_xasprintf("%s/requirements.json", dir);
    int ok = access(p, R_OK) == 0;
    free(p);
    return ok;
}

char *fw_cli_default_rules_dir(void)
{
    const char *env = getenv("FWAUDIT_RULES");
    if (env && env[0])
        return fw_xstrdup(env);
    /* rules/ beside the binary: the build tree, before `make install`. */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *dir = fw_xasprintf("%s/rules", exe);
            if (has_catalog(dir))
                return dir;
            free(dir);
        }
    }
    /* Installed, or else the source tree of an uninstalled build made in
     * another directory (VPATH). */
    if (has_catalog(FW_RULES_DIR))
        return fw_xstrdup(FW_RULES_DIR);
#ifdef FW_SRC_RULES_DIR
    if (has_catalog(FW_SRC_RULES_DIR))
        return fw_xstrdup(FW_SRC_RULES_DIR);
#endif
    return fw_xstrdup(FW_RULES_DIR);
}

fw_ruleset *fw_cli_load_rules(const fw_cli *cli)
{
    char *dir = fw_cli_default_rules_dir();
    char *catalog = fw_xasprintf("%s/requirements.json", dir);
    fw_ruleset *rs = NULL;
    fw_error err = {0};
    if (!has_catalog(dir)) {
        /* say which directory and where it came from, not a JSON parser's "-1" */
        const char *env = getenv("FWAUDIT_RULES");
        fprintf(stderr, "%s: no rule directory: %s has no requirements.json%s\n", cli->prog, dir,
                env && env[0] ? " (FWAUDIT_RULES names it; point it at the shipped rules/ "
                                "directory)"
                              : " (reinstall fwaudit, or set FWAUDIT_RULES to its rules/ "
                                "directory)");
        free(catalog);
        free(dir);
        return NULL;
    }
    int rc = fw_ruleset_new(&rs, catalog, &err);
    if (rc == FW_OK && !cli->no_default_rules)
        rc = fw_ruleset_load_dir(rs, dir, &err);
    for (size_t i = 0; rc == FW_OK && i < cli->n_rule_dirs; i++)
        rc = fw_ruleset_load_dir(rs, cli->rule_dirs[i], &err);
    if (rc != FW_OK) {
        fprintf(stderr, "%s: %s\n", cli->prog, err.msg);
        fw_ruleset_free(&rs);
    }
    free(catalog);
    free(dir);
    return rs;
}

static int cmd_list(fw_cli *cli)
{
    fw_ruleset *rs = fw_cli_load_rules(cli);
    if (!rs)
        return FW_EXIT_USAGE;
    for (size_t i = 0; i < rs->count; i++) {
        const fw_rule *r = rs->rules[i];
        printf("%-36s %-8s ", r->id, fw_severity_name(r->severity));
        for (size_t j = 0; j < r->n_requires; j++)
            printf("%s%s", j ? "," : "", r->requires[j]);
        printf("  %s\n", r->title ? r->title : "");
    }
    printf("%zu rules (rule set %s)\n", rs->count, rs->version ? rs->version : "unknown");
    fw_ruleset_free(&rs);
    return fflush(stdout) == 0 && !ferror(stdout) ? FW_EXIT_OK : FW_EXIT_USAGE;
}

static int cmd_lint(fw_cli *cli, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (cli->n_rule_dirs == FW_MAX_RULE_DIRS)
            break;
        cli->rule_dirs[cli->n_rule_dirs++] = argv[i];
    }
    fw_ruleset *rs = fw_cli_load_rules(cli);
    if (!rs)
        return FW_EXIT_USAGE;
    char **msgs = NULL;
    size_t n = fw_checks_lint(rs, &msgs);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%s\n", msgs[i]);
        free(msgs[i]);
    }
    free(msgs);
    printf("%zu rules checked, %zu problem%s\n", rs->count, n, n == 1 ? "" : "s");
    fw_ruleset_free(&rs);
    return n ? FW_EXIT_USAGE : FW_EXIT_OK;
}

static int cmd_test(fw_cli *cli, const char *only)
{
    fw_ruleset *rs = fw_cli_load_rules(cli);
    if (!rs)
        return FW_EXIT_USAGE;
    if (only && !fw_ruleset_find(rs, only)) {
        fprintf(stderr, "%s: no rule '%s'\n", cli->prog, only);
        fw_ruleset_free(&rs);
        return FW_EXIT_USAGE;
    }
    fw_selftest_result res;
    fw_selftest_run(rs, only, cli->verbose, stdout, &res);
    /* The plain closing line CI reads. */
    printf("rules: %zu passed, %zu failed\n", res.passed, res.failed);
    fw_ruleset_free(&rs);
    return res.failed ? FW_EXIT_FINDINGS : FW_EXIT_OK;
}

static const struct option rules_options[] = {
    { "rules", required_argument, NULL, OPT_RULES },
    { "no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES },
    { "verbose", no_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 },
};

int fw_cmd_rules(fw_cli *cli, int argc, char **argv)
{
    if (argc < 2) {
        fw_cli_usage(stderr, cli->prog);
        return FW_EXIT_USAGE;
    }
    const char *sub = argv[1];
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "v", rules_options, NULL)) != -1) {
        int rc = fw_cli_parse_common(cli, c, optarg);
        if (rc >= 0)
            return rc;
    }
    if (strcmp(sub, "list") == 0)
        return cmd_list(cli);
    if (strcmp(sub, "lint") == 0)
        return cmd_lint(cli, argc - optind, argv + optind);
    if (strcmp(sub, "test") == 0)
        return cmd_test(cli, optind < argc ? argv[optind] : NULL);
    fprintf(stderr, "%s: unknown rules command '%s' (list, lint, test)\n", cli->prog, sub);
    return FW_EXIT_USAGE;
}
