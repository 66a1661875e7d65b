/* taint_sh.h: request data in shell CGIs followed across `.`/`source`d
 * files and shell functions (taint_sh.c), and what it shares with the
 * line-level analysis of input_validation.c. Private to src/checks/scripts/.
 */
#ifndef FW_CHECKS_SCRIPTS_TAINT_SH_H
#define FW_CHECKS_SCRIPTS_TAINT_SH_H

#include "checks/scripts/cmdpat.h"
#include "checks/scripts/script.h"
#include "checks/scripts/taint.h"
#include "core/limits.h"

/* Sinks reported once per scan: (sink file, line, source) of every flow
 * reported, so a library two CGIs call gives one finding. */
typedef struct fw_taint_sh_seen {
    struct fw_sh_seen_ent { const fw_node *node; uint64_t line; char source[64]; } *v;
    size_t n, cap;
} fw_taint_sh_seen;

/* Lines of one file the line-level analysis reports as
 * cgi-command-injection. */
typedef struct fw_iv_lines {
    uint64_t v[FW_MAX_TAINTED_VARS * 4];
    size_t n;
} fw_iv_lines;

/* input_validation.c */
int fw_iv_mentions(fw_script_kind k, const char *c, size_t n, size_t from, const char *v);
int fw_iv_assigned_var(fw_script_kind k, const char *c, size_t n, char *out, size_t outsz);
size_t fw_iv_command_word(const char *c, size_t n, size_t *len);
int fw_iv_sink_lines(fw_check_ctx *ctx, fw_cmdpat_set *pats, const fw_node *node,
                     const fw_blob *blob, fw_iv_lines *out);

/* taint_sh.c: a shell script that reads request data, followed into the
 * files it sources and the functions it calls; flows the line-level
 * analysis does not report go out through fw_taint_emit. */
int fw_taint_sh_scan(fw_check_ctx *ctx, fw_cmdpat_set *pats, fw_taint_sh_seen *seen,
                     const fw_node *node, const fw_blob *blob);

#endif
