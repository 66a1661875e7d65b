/* cmd_diff.c: `fwaudit diff OLD.json NEW.json`: what changed between two
 * JSON reports: findings new in NEW, fixed since OLD (matched by
 * fingerprint, never by line), and requirements whose status changed.
 * Exit 0 when NEW has no finding OLD lacks, 1 when it has, 2 on an error.
 * The reports' strings were escaped when they were written; they are
 * printed through fw_report_escaped_text so a hand-edited report cannot put
 * control bytes on the terminal either. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "core/fileio.h"
#include "core/limits.h"
#include "core/xalloc.h"
#include "report/json_util.h"
#include "report/report.h"

static json_t *load(const char *prog, const char *path)
{
    json_t *root = NULL;
    fw_error err;
    if (fw_json_load_file(path, FW_MAX_REPORT_FILE_SIZE, &root, &err) != FW_OK) {
        fprintf(stderr, "%s: %s\n", prog, err.msg);
        return NULL;
    }
    json_t *schema = root ? json_object_get(root, "schema") : NULL;
    if (!json_is_string(schema) || strcmp(json_string_value(schema), "fwaudit-report") != 0 ||
        !json_is_array(json_object_get(root, "findings"))) {
        fprintf(stderr, "%s: %s: not an fwaudit JSON report\n", prog, path);
        json_decref(root);
        return NULL;
    }
    return root;
}

static const char *str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void put(const char *s)
{
    char *e = fw_report_escaped_text(s);
    fputs(e, stdout);
    free(e);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The fingerprints of a findings array, sorted (for bsearch). */
static const char **fingerprints(json_t *findings, size_t *n)
{
    *n = json_array_size(findings);
    const char **v = fw_xcalloc(*n + 1, sizeof *v);
    for (size_t i = 0; i < *n; i++)
        v[i] = str(json_array_get(findings, i), "fingerprint");
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

/* Print the findings of a that b lacks; returns how many. */
static size_t print_missing(json_t *a, json_t *b, const char *label)
{
    size_t n = 0, i, nb;
    json_t *f;
    const char **fb = fingerprints(b, &nb);
    json_array_foreach(a, i, f) {
        const char *fp = str(f, "fingerprint");
        if (!*fp || (nb && bsearch(&fp, fb, nb, sizeof *fb, cmp_str)))
            continue;
        json_t *loc = json_object_get(f, "location");
        json_t *line = json_object_get(loc, "line");
        printf("%-6s %-9s ", label, str(f, "severity"));
        put(str(f, "rule"));
        fputs("  ", stdout);
        if (*str(loc, "chain")) {
            put(str(loc, "chain"));
            fputs(" > ", stdout);
        }
        put(str(loc, "path"));
        if (json_is_integer(line))
            printf(":%lld", (long long)json_integer_value(line));
        fputs("\n                 ", stdout);
        put(str(f, "message"));
        fputs("\n", stdout);
        n++;
    }
    free(fb);
    return n;
}

int fw_cmd_diff(fw_cli *cli, int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "Usage: %s diff OLD.json NEW.json\n", cli->prog);
        return FW_EXIT_USAGE;
    }
    json_t *a = load(cli->prog, argv[1]), *b = a ? load(cli->prog, argv[2]) : NULL;
    if (!a || !b) {
        json_decref(a);
        return FW_EXIT_USAGE;
    }
    json_t *fa = json_object_get(a, "findings"), *fb = json_object_get(b, "findings");
    printf("fwaudit diff: ");
    put(str(json_object_get(a, "input"), "path"));
    fputs(" -> ", stdout);
    put(str(json_object_get(b, "input"), "path"));
    printf("\nverdict: %s -> %s\n\n", str(json_object_get(a, "summary"), "verdict"),
           str(json_object_get(b, "summary"), "verdict"));
    size_t added = print_missing(fb, fa, "new");
    size_t fixed = print_missing(fa, fb, "fixed");

    /* Requirements whose status changed, by id. */
    size_t changed = 0, i, k;
    json_t *qa, *qb;
    json_array_foreach(json_object_get(b, "requirements"), i, qb) {
        json_array_foreach(json_object_get(a, "requirements"), k, qa) {
            if (strcmp(str(qa, "id"), str(qb, "id")) != 0)
                continue;
            if (strcmp(str(qa, "status"), str(qb, "status")) != 0) {
                if (!changed++)
                    printf("\nRequirements whose status changed:\n");
                printf("  %-7s %s -> %s\n", str(qb, "id"), str(qa, "status"), str(qb, "status"));
            }
            break;
        }
    }
    printf("\n%zu new, %zu fixed, %zu requirement%s changed status\n", added, fixed, changed,
           changed == 1 ? "" : "s");
    json_decref(a);
    json_decref(b);
    if (fflush(stdout) != 0 || ferror(stdout))
        return FW_EXIT_USAGE;
    return added > 0 ? FW_EXIT_FINDINGS : FW_EXIT_OK;
}
