/* entry_names.c: the "entry-names" analyzer: archive entries whose stored
 * name climbs out of the directory they would be extracted into
 * ("../../etc/shadow").
 *
 * fwaudit itself is not affected: names are folded into the image root and
 * nothing is written to disk (the file is checked at /etc/shadow). But an
 * image built like this is hostile or broken, and the device's own updater
 * or a naive extractor would write outside its target (the binwalk
 * CVE-2022-4510 class). The stored name is kept on the node by the archive
 * reader (fw_node.raw_name). */
#include <stdlib.h>
#include <string.h>
#include "engine/analyzer.h"
#include "core/escape.h"
#include "core/xalloc.h"

#define CK_CLIMBS_OUT "climbs-out"

static const char *const entry_names_checks[] = { CK_CLIMBS_OUT, NULL };

static int entry_names_scan_ns(fw_check_ctx *ctx, void *state, const fw_ns *ns)
{
    (void)state;
    for (size_t i = 0; i < ns->count; i++) {
        const fw_node *n = ns->nodes[i];
        if (!n->raw_name)
            continue;
        char *shown = fw_escaped(n->raw_name, strlen(n->raw_name));
        char *msg = fw_xasprintf("Archive entry \"%s\" climbs out of the directory it would be "
                              "extracted into (read here as %s)", shown, n->path);
        fw_hit hit = { .check = CK_CLIMBS_OUT, .node = n, .offset = FW_NO_OFFSET,
                       .message = msg, .excerpt = shown, .identity = n->raw_name,
                       .severity = -1 };
        int rc = fw_check_emit(ctx, &hit);
        free(msg);
        free(shown);
        if (rc != FW_OK)
            return rc;
    }
    return FW_OK;
}

const fw_analyzer fw_analyzer_entry_names = {
    .name = "entry-names",
    .checks = entry_names_checks,
    .scan_ns = entry_names_scan_ns,
};
