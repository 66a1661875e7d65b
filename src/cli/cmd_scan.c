/* cmd_scan.c: `fwaudit scan`: options, the scan, the reports, the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "core/escape.h"
#include "core/xalloc.h"
#include "report/accept.h"
#include "report/report.h"
#include "scan/scanner.h"

static const struct option scan_options[] = {
    { "format", required_argument, NULL, 'f' },
    { "output", required_argument, NULL, 'o' },
    { "fail-on", required_argument, NULL, OPT_FAIL_ON },
    { "profile", required_argument, NULL, OPT_PROFILE },
    { "rules", required_argument, NULL, OPT_RULES },
    { "no-default-rules", no_argument, NULL, OPT_NO_DEFAULT_RULES },
    { "no-color", no_argument, NULL, OPT_NO_COLOR },
    { "verbose", no_argument, NULL, 'v' },
    { "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
    { "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
    { "max-entry-size", required_argument, NULL, OPT_MAX_ENTRY_SIZE },
    { "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
    { "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
    { "show", required_argument, NULL, OPT_SHOW },
    { "layout", no_argument, NULL, OPT_LAYOUT },
    { "services", no_argument, NULL, OPT_SERVICES },
    { "waivers", required_argument, NULL, OPT_WAIVERS },
    { "baseline", required_argument, NULL, OPT_BASELINE },
    { "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
    { "jobs", required_argument, NULL, OPT_JOBS },
    { "no-prefilter", no_argument, NULL, OPT_NO_PREFILTER },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

/* A positive number with an optional K/M/G suffix (powers of 1024). */
static int parse_size(const char *s, uint64_t *out)
{
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-')
        return -1;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k') shift = 10, end++;
    else if (*end == 'M' || *end == 'm') shift = 20, end++;
    else if (*end == 'G' || *end == 'g') shift = 30, end++;
    if (*end || v == 0 || v > (ULLONG_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static int usage_error(const fw_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const fw_cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fw_cli_usage(stderr, cli->prog);
    return FW_EXIT_USAGE;
}

int fw_cli_parse_common(fw_cli *cli, int c, const char *arg)
{
    uint64_t v;
    switch (c) {
    case 'f':
        if (!fw_report_format_find(arg)) {
            char *names = fw_report_format_names();
            int rc = usage_error(cli, "unknown format '%s' (%s)", arg, names);
            free(names);
            return rc;
        }
        cli->format = arg;
        return -1;
    case 'o':
        if (cli->n_outputs == FW_MAX_OUTPUTS)
            return usage_error(cli, "too many -o options (at most %d)", FW_MAX_OUTPUTS);
        cli->outputs[cli->n_outputs++] = arg;
        return -1;
    case OPT_FAIL_ON:
        if (strcmp(arg, "none") == 0) {
            cli->fail_on = -1;
            return -1;
        }
        if ((cli->fail_on = fw_severity_parse(arg)) < 0)
            return usage_error(cli, "unknown severity '%s' (info, low, medium, high, critical, none)", arg);
        return -1;
    case OPT_PROFILE:
        if (!fw_profile_find(arg))
            return usage_error(cli, "unknown profile '%s'", arg);
        cli->profile = arg;
        return -1;
    case OPT_RULES:
        if (cli->n_rule_dirs == FW_MAX_RULE_DIRS)
            return usage_error(cli, "too many --rules directories (at most %d)", FW_MAX_RULE_DIRS);
        cli->rule_dirs[cli->n_rule_dirs++] = arg;
        return -1;
    case OPT_NO_DEFAULT_RULES: cli->no_default_rules = 1; return -1;
    case OPT_NO_COLOR: cli->color = 0; return -1;
    case OPT_SHOW: cli->show = arg; return -1;
    case OPT_LAYOUT: cli->show = "layout"; return -1;
    case OPT_SERVICES: cli->show = "services,listeners"; return -1;
    case OPT_WAIVERS: cli->waivers = arg; return -1;
    case OPT_BASELINE: cli->baseline = arg; return -1;
    case OPT_NO_PROGRESS: cli->progress = 0; return -1;
    case 'v': cli->verbose = 1; return -1;
    case OPT_MAX_DEPTH:
        if (parse_size(arg, &v) || v > 64)
            return usage_error(cli, "--max-depth wants a number from 1 to 64, not '%s'", arg);
        cli->limits.max_depth = (unsigned)v;
        return -1;
    case OPT_MAX_ENTRIES:
        if (parse_size(arg, &v))
            return usage_error(cli, "--max-entries wants a positive number, not '%s'", arg);
        cli->limits.max_entries = v;
        return -1;
    case OPT_MAX_ENTRY_SIZE:
        if (parse_size(arg, &v))
            return usage_error(cli, "--max-entry-size wants a size like 64M, not '%s'", arg);
        cli->limits.max_entry_size = v;
        return -1;
    case OPT_MAX_BYTES:
        if (parse_size(arg, &v))
            return usage_error(cli, "--max-bytes wants a size like 1G, not '%s'", arg);
        cli->limits.max_total_bytes = v;
        return -1;
    case OPT_MAX_RATIO:
        if (parse_size(arg, &v) || v > 1000000)
            return usage_error(cli, "--max-ratio wants a number, not '%s'", arg);
        cli->limits.max_ratio = (unsigned)v;
        return -1;
    case OPT_JOBS:
        if (parse_size(arg, &v) || v > FW_MAX_JOBS)
            return usage_error(cli, "--jobs wants a number from 1 to %d, not '%s'", FW_MAX_JOBS, arg);
        cli->jobs = (unsigned)v;
        return -1;
    case OPT_NO_PREFILTER:
        cli->no_prefilter = 1;
        return -1;
    default:
        fw_cli_usage(stderr, cli->prog);
        return FW_EXIT_USAGE;
    }
}

/* An explicit --format applies to standard output and every -o file; without
 * it each file gets the format its extension names (report.sarif,
 * report.html), so one run can write several formats; else text. */
static const char *format_for(const fw_cli *cli, const char *path)
{
    if (cli->format)
        return cli->format;
    const fw_report_format *f = path ? fw_report_format_for_path(path) : NULL;
    return f ? f->name : "text";
}

/* TERM=dumb: escape sequences (colours, the progress line's ESC [K) would
 * show as text. */
static int dumb_terminal(void)
{
    const char *term = getenv("TERM");
    return term && strcmp(term, "dumb") == 0;
}

static int want_color(const fw_cli *cli)
{
    if (cli->color >= 0)
        return cli->color;
    const char *nc = getenv("NO_COLOR");
    if (nc && nc[0])
        return 0;
    if (dumb_terminal())
        return 0;
    return isatty(STDOUT_FILENO);
}

/* The progress line on stderr: overwritten in place, only on a terminal,
 * cleared before anything else is printed. The chain is image data: escaped
 * and cut to fit. */
static void progress_line(const fw_report *r, const char *phase, const char *where, void *ctx)
{
    (void)ctx;
    char *e = fw_escaped(where, strlen(where));
    size_t n = strlen(e);
    const char *tail = n > 40 ? e + n - 40 : e;
    fprintf(stderr, "\r\033[K%s: %llu files, %.1f MiB, %llu containers%s%s%s", phase,
            (unsigned long long)r->files_scanned, (double)r->bytes_scanned / (1024.0 * 1024.0),
            (unsigned long long)r->containers, *e ? "  in " : "", n > 40 ? "..." : "", tail);
    fflush(stderr);
    free(e);
}

int fw_cmd_scan(fw_cli *cli, int argc, char **argv)
{
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:vh", scan_options, NULL)) != -1) {
        if (c == 'h') {
            fw_cli_usage(stdout, cli->prog);
            return FW_EXIT_OK;
        }
        int rc = fw_cli_parse_common(cli, c, optarg);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1)
        return usage_error(cli, "scan wants exactly one PATH");
    const char *path = argv[optind];

    fw_ruleset *rs = fw_cli_load_rules(cli);
    if (!rs)
        return FW_EXIT_USAGE;
    /* A waiver file or baseline that does not load is a usage error, found
     * before the scan spends its time. */
    fw_waivers *waivers = NULL;
    fw_baseline *baseline = NULL;
    fw_error lerr = {0};
    if ((cli->waivers && fw_waivers_load(&waivers, cli->waivers, &lerr) != FW_OK) ||
        (cli->baseline && fw_baseline_load(&baseline, cli->baseline, &lerr) != FW_OK)) {
        fprintf(stderr, "%s: %s\n", cli->prog, lerr.msg);
        fw_waivers_free(&waivers);
        fw_ruleset_free(&rs);
        return FW_EXIT_USAGE;
    }

    fw_scan_opts so;
    fw_scan_opts_default(&so);
    so.limits = cli->limits;
    so.checks.jobs = cli->jobs;
    so.checks.no_prefilter = cli->no_prefilter;
    so.profile = cli->profile ? fw_profile_find(cli->profile) : NULL;
    int progress = cli->progress != 0 && isatty(STDERR_FILENO) && !dumb_terminal();
    if (progress)
        so.progress = progress_line;
    fw_report *report = NULL;
    fw_error err = {0};
    int rc = fw_scan(rs, path, &so, &report, &err);
    if (progress)
        fputs("\r\033[K", stderr);   /* the line is gone before any message */
    int exit_code = FW_EXIT_OK;
    if (rc != FW_OK) {
        fprintf(stderr, "%s: scan failed: %s\n", cli->prog, err.msg);
        exit_code = FW_EXIT_INPUT;
    }
    if (waivers || baseline) {
        char today[11];
        fw_today_utc(today);
        if (waivers)
            fw_waivers_apply(waivers, report, today);
        if (baseline)
            fw_baseline_apply(baseline, report);
        /* Waived and unchanged findings no longer fail requirements. */
        fw_conformance_fold(report, rs, so.profile);
        for (size_t i = 0; waivers && i < waivers->n; i++)
            if (waivers->v[i].used == 0)
                fprintf(stderr, "%s: note: waiver for %s (%s) matched no finding\n", cli->prog,
                        waivers->v[i].fingerprint, waivers->v[i].owner);
        size_t expired = 0;
        for (size_t i = 0; i < report->n_findings; i++)
            expired += report->findings[i]->waiver == FW_WAIVER_EXPIRED;
        if (expired)
            fprintf(stderr, "%s: %zu waiver%s expired and no longer suppress%s findings\n",
                    cli->prog, expired, expired == 1 ? "" : "s", expired == 1 ? "es" : "");
    }

    fw_render_opts ro = { .color = 0, .verbose = cli->verbose, .only_inventory = cli->show };
    if (cli->n_outputs == 0) {
        ro.color = want_color(cli);
        if (fw_cli_write_report(NULL, format_for(cli, NULL), report, rs, &ro) != 0)
            exit_code = FW_EXIT_USAGE;
    }
    for (size_t i = 0; i < cli->n_outputs; i++)
        if (fw_cli_write_report(cli->outputs[i], format_for(cli, cli->outputs[i]), report, rs,
                                &ro) != 0)
            exit_code = FW_EXIT_USAGE;

    if (exit_code == FW_EXIT_OK) {
        if (report->nothing_recognised) {
            fprintf(stderr, "%s: %s: nothing to audit: no root file system, archive or "
                    "firmware image was recognised\n", cli->prog, path);
            exit_code = FW_EXIT_INPUT;
        } else if (report->incomplete) {
            fprintf(stderr, "%s: %s was read only in part (%zu problem%s): see the report\n",
                    cli->prog, path, report->n_errors, report->n_errors == 1 ? "" : "s");
            exit_code = FW_EXIT_INPUT;
        } else if (cli->fail_on >= 0 &&
                   fw_report_count_at_least(report, (fw_severity)cli->fail_on) > 0) {
            exit_code = FW_EXIT_FINDINGS;
        }
    }
    fw_report_free(&report);
    fw_waivers_free(&waivers);
    fw_baseline_free(&baseline);
    fw_ruleset_free(&rs);
    return exit_code;
}
