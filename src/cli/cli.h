/* cli.h: the command line: options, sub-commands, exit codes. */
#ifndef FW_CLI_CLI_H
#define FW_CLI_CLI_H

#include <stdio.h>
#include "core/limits.h"
#include "ruleset/ruleset.h"

/* Exit codes (doc/fwaudit.1, DESIGN.md). CI reads these. */
enum {
    FW_EXIT_OK = 0,         /* scanned completely; nothing at or above --fail-on */
    FW_EXIT_FINDINGS = 1,   /* scanned completely; findings at or above --fail-on */
    FW_EXIT_USAGE = 2,      /* usage error, a rule file that does not load, output not written */
    FW_EXIT_INPUT = 3,      /* input unreadable or read only in part (wins over 1) */
};

#define FW_MAX_OUTPUTS 8

/* All options of all sub-commands, in one place. */
typedef struct fw_cli {
    const char *prog;
    const char *rule_dirs[FW_MAX_RULE_DIRS];   /* --rules DIR, in order */
    size_t n_rule_dirs;
    int no_default_rules;
    const char *format;           /* --format, NULL = from -o's extension, else text */
    const char *outputs[FW_MAX_OUTPUTS];       /* -o FILE */
    size_t n_outputs;
    int fail_on;                  /* severity, or -1 for never */
    const char *profile;
    int color;                    /* -1 auto, 0 off, 1 on */
    int verbose;
    const char *show;             /* --show NAME: print just that inventory */
    unsigned jobs;                /* --jobs N, 0 = the cores online */
    int no_prefilter;             /* --no-prefilter (reference runs) */
    const char *waivers;          /* --waivers FILE (doc/report-format.md "Waivers") */
    const char *baseline;         /* --baseline FILE: a previous JSON report */
    int progress;                 /* -1 auto (stderr is a terminal), 0 --no-progress */
    fw_limits limits;
} fw_cli;

/* Long options without a short letter (getopt_long values). */
enum {
    OPT_FAIL_ON = 256, OPT_PROFILE, OPT_RULES, OPT_NO_DEFAULT_RULES, OPT_NO_COLOR,
    OPT_MAX_DEPTH, OPT_MAX_ENTRIES, OPT_MAX_ENTRY_SIZE, OPT_MAX_BYTES, OPT_MAX_RATIO,
    OPT_SHOW, OPT_LAYOUT, OPT_SERVICES,
    OPT_WAIVERS, OPT_BASELINE, OPT_NO_PROGRESS, OPT_JOBS, OPT_NO_PREFILTER,
};

void fw_cli_usage(FILE *out, const char *prog);
/* Apply one parsed option to cli; returns -1 when taken, else an exit code. */
int fw_cli_parse_common(fw_cli *cli, int c, const char *arg);

/* Sub-commands; each returns an exit code. */
int fw_cmd_scan(fw_cli *cli, int argc, char **argv);
int fw_cmd_rules(fw_cli *cli, int argc, char **argv);
int fw_cmd_explain(fw_cli *cli, int argc, char **argv);
int fw_cmd_diff(fw_cli *cli, int argc, char **argv);

/* Load the shipped rules (unless --no-default-rules) and every --rules dir.
 * On error prints "fwaudit: file:line: ..." and returns NULL. */
fw_ruleset *fw_cli_load_rules(const fw_cli *cli);
/* The shipped rule directory: $FWAUDIT_RULES, rules/ beside the binary, or
 * the installed one. New string. */
char *fw_cli_default_rules_dir(void);

/* Write with renderer `fmt` to path atomically (temp file + rename), or to
 * stdout when path is NULL. Returns 0, or -1 with a message printed. */
struct fw_report;
struct fw_render_opts;
int fw_cli_write_report(const char *path, const char *fmt, const struct fw_report *r,
                        const fw_ruleset *rs, const struct fw_render_opts *o);

#endif
