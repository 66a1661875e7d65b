/* scanner.c: runs one scan end to end (see scanner.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "checks/registry.h"
#include "core/xalloc.h"
#include "input/input.h"
#include "scan/scanner.h"
#include "tree/tree.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.0.0"
#endif

const char *fw_version(void) { return PACKAGE_VERSION; }

void fw_scan_opts_default(fw_scan_opts *o)
{
    memset(o, 0, sizeof *o);
    fw_limits_default(&o->limits);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org): when set to a number of
 * seconds, it is the scan's time and the duration is 0, so two scans of one
 * image give byte-identical reports. */
static int source_date_epoch(time_t *t)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e)
        return 0;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(e, &end, 10);
    if (errno || *end || v < 0)
        return 0;
    *t = (time_t)v;
    return 1;
}

static char *utc_now(void)
{
    time_t t = time(NULL);
    (void)source_date_epoch(&t);
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return fw_xstrdup(buf);
}

int fw_scan(const fw_ruleset *rs, const char *path, const fw_scan_opts *o,
            fw_report **out, fw_error *err)
{
    double t0 = now_s();
    fw_report *r = fw_report_new();
    const fw_profile *profile = o->profile ? o->profile : fw_profile_find("all");
    r->tool_version = fw_xstrdup(fw_version());
    r->ruleset_version = fw_xstrdup(rs->version ? rs->version : "unknown");
    free(r->profile);
    r->profile = fw_xstrdup(profile->name);
    r->started_utc = utc_now();
    r->input_kind = fw_xstrdup("unknown");
    /* Progress line (reports team): the report carries the callback so input
     * loading and the check engine can call fw_report_progress. */
    r->progress = o->progress;
    r->progress_ctx = o->progress_ctx;

    fw_tree *tree = fw_tree_new();
    fw_error ierr = {0};
    /* An unreadable input is recorded in the report; the scan still yields a
     * (complete-less) report, so users see what could not be read. */
    (void)fw_input_load(path, &o->limits, tree, r, &ierr);
    r->entries = tree->entries;
    r->no_system = 1;
    for (size_t i = 0; i < tree->ns_count && r->no_system; i++)
        if (fw_ns_exists(tree->ns[i], "/etc"))
            r->no_system = 0;

    int rc = fw_checks_run_opts(rs, tree, r, &o->checks, err);
    fw_report_aggregate(r, tree);   /* reads file content: before the tree goes */
    /* Nothing to audit: no root file system, nothing opened as an archive or
     * a firmware image, and nothing found. A CI gate that checks only the
     * exit code must not pass when its extraction step silently failed. */
    /* Counted: a plain file no format took (input kind "file"), and a
     * directory holding no file with content. An archive or image that was
     * opened was recognised, whatever it held. */
    size_t files = 0;
    uint64_t bytes = 0;
    for (size_t i = 0; i < tree->ns_count; i++)
        for (size_t k = 0; k < tree->ns[i]->count; k++)
            if (tree->ns[i]->nodes[k]->type == FW_NODE_FILE) {
                files++;
                bytes += tree->ns[i]->nodes[k]->size;
            }
    int unrecognised = strcmp(r->input_kind, "file") == 0 ||
                       (strcmp(r->input_kind, "directory") == 0 && bytes == 0);
    if (rc == FW_OK && unrecognised && r->no_system && tree->ns_count <= 1 &&
        r->n_findings == 0 && r->n_errors == 0) {
        r->nothing_recognised = 1;
        fw_report_add_error(r, path, FW_NO_OFFSET, 1,
                            "nothing to audit: no root file system, archive or firmware image "
                            "was recognised (%zu file%s, %llu bytes)", files,
                            files == 1 ? "" : "s", (unsigned long long)bytes);
    }
    fw_tree_free(&tree);
    fw_report_sort(r);
    fw_conformance_fold(r, rs, profile);
    r->progress = NULL;   /* the caller's context may not outlive the scan */
    time_t sde;
    r->duration_s = source_date_epoch(&sde) ? 0.0 : now_s() - t0;
    *out = r;
    return rc;
}
