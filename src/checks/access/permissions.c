/* permissions.c: the "permissions" analyzer: files and directories that
 * anyone may write to, where that hands over what a service runs.
 *
 * Check (bound by rules/permissions.rules):
 *   world-writable   a file or directory matching the rule's `paths=` globs
 *                    (comma-separated, matched on the path as the device
 *                    sees it) has the world-write bit: any local user or
 *                    process (a compromised daemon) can replace what the web
 *                    server executes. A sticky directory (like /tmp) still
 *                    lets anyone add files, so it counts too; symlinks are
 *                    skipped (their mode means nothing).
 *
 * Evidence is the mode the image records (tar/cpio/squashfs headers or the
 * directory input's lstat), so it is as good as the image's metadata: the
 * corpus tarballs were repacked with git's 644/755 modes only. */
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "core/xalloc.h"

#define CK_WORLD_WRITABLE "world-writable"

static const char *const permissions_checks[] = { CK_WORLD_WRITABLE, NULL };

typedef struct perm_state {
    char **globs;            /* from the rule's paths= param */
    size_t n_globs;
} perm_state;

static void permissions_fini(void *state)
{
    perm_state *st = state;
    if (!st)
        return;
    for (size_t i = 0; i < st->n_globs; i++)
        free(st->globs[i]);
    free(st->globs);
    free(st);
}

/* Split "a,b,c" into globs; each must be absolute or start with "**". */
static int split_globs(perm_state *st, const fw_rule *rule, const char *list, fw_error *err)
{
    char *copy = fw_xstrdup(list), *save = NULL;
    size_t cap = 0;
    int rc = FW_OK;
    for (char *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
        if (g[0] != '/' && strncmp(g, "**", 2) != 0) {
            rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: paths= glob %s must start with "
                              "/ or **", rule->file ? rule->file : "?", rule->line, rule->id, g);
            break;
        }
        if (st->n_globs >= FW_MAX_RULE_GLOBS) {
            rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: more than %d paths= globs",
                              rule->file ? rule->file : "?", rule->line, rule->id,
                              FW_MAX_RULE_GLOBS);
            break;
        }
        FW_XGROW(st->globs, cap, st->n_globs + 1);
        st->globs[st->n_globs++] = fw_xstrdup(g);
    }
    free(copy);
    return rc;
}

static int permissions_init(fw_check_ctx *ctx, void **state, fw_error *err)
{
    perm_state *st = fw_xcalloc(1, sizeof *st);
    const fw_rule *rule = fw_check_rule(ctx, CK_WORLD_WRITABLE);
    const char *paths = rule ? fw_rule_param(rule, "paths") : NULL;
    if (rule && !paths) {
        permissions_fini(st);
        return fw_error_set(err, FW_ERULE, "%s:%u: rule %s: check %s needs paths=GLOB,...",
                            rule->file ? rule->file : "?", rule->line, rule->id,
                            CK_WORLD_WRITABLE);
    }
    if (paths) {
        int rc = split_globs(st, rule, paths, err);
        if (rc != FW_OK) {
            permissions_fini(st);
            return rc;
        }
    }
    *state = st;
    return FW_OK;
}

/* "drwxrwxrwx"-style text of a node's type and permission bits. */
static void mode_text(const fw_node *n, char out[11])
{
    static const char rwx[] = "rwxrwxrwx";
    out[0] = n->type == FW_NODE_DIR ? 'd' : '-';
    for (int i = 0; i < 9; i++)
        out[1 + i] = (n->mode & (0400u >> i)) ? rwx[i] : '-';
    if (n->type == FW_NODE_DIR && (n->mode & 01000))
        out[9] = 't';
    out[10] = '\0';
}

static int matches(const perm_state *st, const char *path)
{
    for (size_t i = 0; i < st->n_globs; i++)
        if (fw_glob_match(st->globs[i], path))
            return 1;
    return 0;
}

static int permissions_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    perm_state *st = state;
    if (st->n_globs == 0)
        return FW_OK;
    for (size_t i = 0; i < ns->count; i++) {
        const fw_node *n = ns->nodes[i];
        if ((n->type != FW_NODE_FILE && n->type != FW_NODE_DIR) || !(n->mode & 0002))
            continue;
        const char *path = fw_node_syspath(n);
        if (!matches(st, path))
            continue;
        char mode[11];
        mode_text(n, mode);
        char *excerpt = fw_xasprintf("%s %s", mode, path);
        char *msg = fw_xasprintf("%s %s is world-writable (%04o): any local user or compromised "
                              "process can change what the web server runs",
                              n->type == FW_NODE_DIR ? "Directory" : "File", path,
                              n->mode & 07777);
        fw_hit hit = { .check = CK_WORLD_WRITABLE, .node = n, .offset = FW_NO_OFFSET,
                       .message = msg, .excerpt = excerpt, .identity = excerpt,
                       .severity = -1 };
        int rc = fw_check_emit(ctx, &hit);
        free(msg);
        free(excerpt);
        if (rc != FW_OK)
            return rc;
    }
    return FW_OK;
}

const fw_analyzer fw_analyzer_permissions = {
    .name = "permissions",
    .checks = permissions_checks,
    .init = permissions_init,
    .fini = permissions_fini,
    .scan_ns = permissions_scan_ns,
};
