/* erase.c: the "erase" analyzer: does the image have a routine that erases
 * user data and secrets on a factory reset or before disposal (MO.12; the
 * guideline's "sanitization", also SMO.3, CAO.4, CO.4 for the parties that
 * use it)?
 *
 * Checks (bound by rules/erase.rules; patterns in rules/data/erase.txt):
 *   erase-routine     evidence: a script runs an erase command (jffs2reset,
 *                     firstboot, mtd erase PART, flash_erase, nvram erase
 *                     ...), or a binary carries an erase routine's name
 *                     (string-level, labelled so)
 *   no-erase-routine  a root file system in which none was found
 *
 * What it covers (the partition, "overlay", "nvram") is a detail of the
 * evidence and a column of the "reset" inventory, with what triggers it
 * when the file says (a reset-button handler in /etc/rc.button/ or a
 * hotplug button script).
 */
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "checks/scripts/cmdpat.h"
#include "checks/scripts/script.h"
#include "core/escape.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define CK_ROUTINE "erase-routine"
#define CK_NONE    "no-erase-routine"
#define CK_ROUTINE_BIN "erase-routine-binary"

static const char *const erase_checks[] = { CK_ROUTINE, CK_ROUTINE_BIN, CK_NONE, NULL };

typedef struct erase_state {
    fw_cmdpat_set pats;
    fw_script_nsset nss;    /* root file systems; found: an erase routine */
} erase_state;

static int erase_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    erase_state *st = fw_xcalloc(1, sizeof *st);
    *state = st;
    return fw_cmdpat_load_for(ctx, erase_checks, "patterns", &st->pats, err);
}

static void erase_fini(void *state)
{
    erase_state *st = state;
    if (!st)
        return;
    fw_cmdpat_release(&st->pats);
    fw_script_nsset_release(&st->nss);
    free(st);
}

static int erase_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    (void)ctx;
    erase_state *st = state;
    fw_script_ns_track(&st->nss, ns);
    return FW_OK;
}

static const char *trigger_of(const char *path)
{
    if (strncmp(path, "/etc/rc.button/", 15) == 0 || strstr(path, "/hotplug.d/button/") ||
        strstr(path, "/btnd/") || strstr(path, "reset"))
        return "reset button";
    if (strncmp(path, "/www/", 5) == 0 || strstr(path, "/luci/") || strstr(path, "cgi"))
        return "web interface";
    return "unknown";
}

static int report_hit(fw_check_ctx *ctx, erase_state *st, const fw_node *node,
                      uint64_t line, uint64_t off, const char *name, const char *covers,
                      const char *excerpt, const char *confidence)
{
    const char *path = fw_node_syspath(node);
    const char *trig = trigger_of(path);
    char *msg = line
        ? fw_xasprintf("factory-reset routine erases %s%s%s", covers,
                    strcmp(trig, "unknown") ? "; triggered by the " : "",
                    strcmp(trig, "unknown") ? trig : "")
        : fw_xasprintf("binary names an erase routine (%s): string-level, what it covers is "
                    "not known", excerpt ? excerpt : name);
    fw_detail d[4] = { { "routine", (char *)name }, { "covers", (char *)covers },
                       { "trigger", (char *)trig }, { "confidence", (char *)confidence } };
    /* String-level hits (no line: a binary) have their own check, whose rule
     * shows them without letting them make MO.12 PASS. */
    fw_hit h = { .check = line ? CK_ROUTINE : CK_ROUTINE_BIN, .node = node, .line = line,
                 .offset = off,
                 .message = msg, .excerpt = excerpt, .identity = name, .severity = -1,
                 .details = d, .n_details = 4 };
    int rc = fw_check_evidence(ctx, &h);
    static const char *const cols[] = { "routine", "where", "covers", "trigger", "confidence",
                                        NULL };
    fw_inventory *inv = fw_report_inventory(fw_check_report(ctx), "reset",
                                            "Data erasure / factory reset routines", cols);
    char *where = line ? fw_xasprintf("%s:%llu", path, (unsigned long long)line) : fw_xstrdup(path);
    const char *cells[] = { name, where, covers, trig, confidence };
    fw_inventory_add_row(inv, cells);
    free(where);
    free(msg);
    fw_script_ns_found(&st->nss, node->ns);
    return rc;
}

static int erase_scan_file(fw_check_ctx *ctx, void *state, const fw_node *node,
                           const fw_blob *blob)
{
    erase_state *st = state;
    fw_cmdpat_hit h;
    if (fw_script_is_elf(blob)) {
        int m = fw_cmdpat_find(&st->pats, "elf-erase", (const char *)blob->data, blob->size, 0,
                            &h);
        if (m < 0)
            fw_check_warn(ctx, node, "erase: a pattern hit the PCRE2 match limit");
        if (m != 1)
            return FW_OK;
        /* The excerpt and offset are the routine name that is in the
         * binary (group 1), not the NUL before it or the pattern's NAME. */
        size_t at;
        char *ex = fw_cmdpat_matched(&h, (const char *)blob->data, FW_EXCERPT_MAX, &at);
        int rc = report_hit(ctx, st, node, 0, at, h.pat->name,
                            "what its name says (string-level; coverage unknown)", ex,
                            "low: string-level");
        free(ex);
        return rc;
    }
    fw_script_kind k = fw_script_kind_of(node, blob);
    if (k == SCRIPT_NONE)
        return FW_OK;
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, blob->data, blob->size);
    while (fw_lines_next(&it, &ln)) {
        size_t cl = fw_script_code_len(k, ln.s, ln.len);
        if (cl == 0)
            continue;
        int m = fw_cmdpat_find(&st->pats, "erase", ln.s, cl, 0, &h);
        if (m < 0) {
            fw_check_warn(ctx, node, "erase: a pattern hit the PCRE2 match limit");
            return FW_OK;
        }
        if (m != 1)
            continue;
        /* The NAME of the pattern says what it erases; group 1, when the
         * command names a partition or device, says which. */
        char *cov = h.g1e > h.g1s
            ? fw_xasprintf("%s %.*s", h.pat->name, (int)(h.g1e - h.g1s), ln.s + h.g1s)
            : fw_xstrdup(h.pat->name);
        const char *what = h.pat->name;
        char *ex = fw_escaped(ln.s, cl > FW_EXCERPT_MAX ? FW_EXCERPT_MAX : cl);
        char *escov = fw_escaped(cov, strlen(cov));
        int rc = report_hit(ctx, st, node, ln.lineno, ln.offset + h.start, what, escov, ex,
                            "high: the command is in the script");
        free(escov);
        free(ex);
        free(cov);
        return rc;  /* one routine per file is enough evidence */
    }
    return FW_OK;
}

static int erase_finish(fw_check_ctx *ctx, void *state)
{
    erase_state *st = state;
    int rc = FW_OK;
    for (size_t i = 0; rc == FW_OK && i < st->nss.n; i++) {
        if (st->nss.v[i].found)
            continue;
        const fw_ns *ns = st->nss.v[i].ns;
        const fw_node *a = fw_script_ns_anchor(ns);
        if (!a)
            continue;
        fw_hit h = { .check = CK_NONE, .node = a, .line = 0, .offset = FW_NO_OFFSET,
                     .message = "no data-erasure (factory reset) routine found in this file "
                                "system: no script runs jffs2reset, firstboot, mtd/flash "
                                "erase or nvram erase, and no binary names such a routine "
                                "(not found; see doc/checks.md for what is looked for)",
                     .identity = "no-erase-routine", .severity = -1 };
        rc = fw_check_emit(ctx, &h);
    }
    return rc;
}

const fw_analyzer fw_analyzer_erase = {
    .name = "erase",
    .checks = erase_checks,
    .init = erase_init,
    .fini = erase_fini,
    .scan_ns = erase_scan_ns,
    .scan_file = erase_scan_file,
    .finish = erase_finish,
};
