/* main.c: fwaudit's entry point: global options and sub-command dispatch. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "scan/scanner.h"

void fw_cli_usage(FILE *out, const char *prog)
{
    fprintf(out,
"Usage: %s scan [OPTIONS] PATH     audit a firmware image, archive or root filesystem\n"
"       %s keys [OPTIONS] PATH     list every key and certificate in an image\n"
"       %s rules list|lint|test    inspect and check rule files\n"
"       %s explain ID              a requirement, its countermeasures, ETSI clauses, rules\n"
"       %s diff OLD.json NEW.json  what changed between two JSON reports\n"
"       %s --help | --version\n",
            prog, prog, prog, prog, prog, prog);
}

static void help(const char *prog)
{
    fw_cli_usage(stdout, prog);
    printf(
"\n"
"Checks firmware against the requirement IDs of METI's Cyber/Physical Security\n"
"Guidelines for Smart Homes (MO.1-MO.16, HO.1, HO.2, ...) and reports, per\n"
"requirement, FAIL with evidence, PASS, or NEEDS ATTESTATION.\n"
"\n"
"scan options:\n"
"  -f, --format FMT       report format: text (default), json, sarif, junit, html,\n"
"                         markdown\n"
"  -o, --output FILE      write the report to FILE (written whole or not at all;\n"
"                         repeatable); without -f the format follows the\n"
"                         extension (.json, .sarif, .junit.xml/.xml, .html, .md)\n"
"      --waivers FILE     accepted findings (by fingerprint, with reason, owner,\n"
"                         expiry): still listed, marked waived, not failing\n"
"      --baseline FILE    a previous JSON report: mark findings new/unchanged, list\n"
"                         the fixed ones; --fail-on counts new findings only\n"
"      --no-progress      no progress line on stderr (shown only on a terminal)\n"
"      --fail-on SEV      exit 1 on findings at or above SEV: info, low, medium,\n"
"                         high (default), critical, or none\n"
"      --profile NAME     requirements judged: all (default), manufacturer, supplier,\n"
"                         maintainer, resident, auditor\n"
"      --rules DIR        also load the *.rules files in DIR (repeatable)\n"
"      --no-default-rules load only the --rules directories\n"
"      --no-color         no colours (also when NO_COLOR is set)\n"
"  -v, --verbose          show the reason for every status, and every inventory\n"
"      --show NAME[,NAME] print just these inventories of the report (layout,\n"
"                         services, listeners, keys, ...); --layout is --show layout,\n"
"                         --services is --show services,listeners\n"
"      --max-depth N      nested containers opened (default %d)\n"
"      --max-entries N    entries read in all (default %llu)\n"
"      --max-entry-size B bytes of one entry held (default %llu)\n"
"      --max-bytes B      bytes held in memory in all (default %llu)\n"
"      --max-ratio N      decompressed bytes per compressed byte (default %d)\n"
"      --jobs N           pattern-matching threads (default: the cores online)\n"
"      --no-prefilter     run every pattern on every file (a reference for tests\n"
"                         and the bench; slower, same findings)\n"
"\n"
"rules sub-commands:\n"
"  rules list [--rules DIR]         every rule with its requirement IDs\n"
"  rules lint [DIR...]              check rule files (shipped ones and DIRs)\n"
"  rules test [-v] [--rules DIR] [RULE]  run the rules' must-match/must-not-match cases\n"
"\n"
"Exit codes: 0 complete scan, nothing at or above --fail-on; 1 findings at or\n"
"above --fail-on; 2 usage error, rule error or report not written; 3 input\n"
"unreadable or read only in part (wins over 1).\n"
"See fwaudit(1).\n",
        FW_DEFAULT_MAX_DEPTH, (unsigned long long)FW_DEFAULT_MAX_ENTRIES,
        (unsigned long long)FW_DEFAULT_MAX_ENTRY_SIZE,
        (unsigned long long)FW_DEFAULT_MAX_TOTAL_BYTES, FW_DEFAULT_MAX_RATIO);
}

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    fw_cli cli;
    memset(&cli, 0, sizeof cli);
    cli.prog = "fwaudit";
    cli.fail_on = FW_SEV_HIGH;
    cli.color = -1;
    cli.progress = -1;
    fw_limits_default(&cli.limits);

    if (argc < 2) {
        fw_cli_usage(stderr, cli.prog);
        return FW_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        help(cli.prog);
        return fflush(stdout) == 0 && !ferror(stdout) ? FW_EXIT_OK : FW_EXIT_USAGE;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("fwaudit %s\n", fw_version());
        return fflush(stdout) == 0 && !ferror(stdout) ? FW_EXIT_OK : FW_EXIT_USAGE;
    }
    if (strcmp(cmd, "scan") == 0)
        return fw_cmd_scan(&cli, argc - 1, argv + 1);
    if (strcmp(cmd, "keys") == 0) {
        /* `fwaudit keys PATH`: the inventory of keys and certificates. */
        cli.show = "keys";
        cli.fail_on = -1;
        return fw_cmd_scan(&cli, argc - 1, argv + 1);
    }
    if (strcmp(cmd, "rules") == 0)
        return fw_cmd_rules(&cli, argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0)
        return fw_cmd_explain(&cli, argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0)
        return fw_cmd_diff(&cli, argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", cli.prog, cmd);
    fw_cli_usage(stderr, cli.prog);
    return FW_EXIT_USAGE;
}
