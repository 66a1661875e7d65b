/* dltools.h: what the commands of a script mean for the "remote-code"
 * analyzer: downloaders and their options, interpreters, filters,
 * archivers, signature checks, read from rules/data/remote-code.txt (the
 * file's head describes its statements), and a command's words parsed
 * against them.
 *
 * Data, not C, so that a vendor's downloader (a renamed curl, an atftp
 * option) is taught without a rebuild.
 *
 * Ownership: a fw_rc_table owns its tools and their strings; it is filled
 * once by the analyzer's init and only read afterwards (by every worker
 * thread), released with fw_rc_table_release. A fw_rc_args borrows the
 * words it was parsed from.
 */
#ifndef FW_CHECKS_SCRIPTS_DLTOOLS_H
#define FW_CHECKS_SCRIPTS_DLTOOLS_H

#include <stddef.h>
#include "engine/analyzer.h"

/* What a command is (bits: a tool can be a filter and a verifier). */
enum {
    FW_RC_FETCH  = 1 << 0,
    FW_RC_INTERP = 1 << 1,
    FW_RC_SOURCE = 1 << 2,
    FW_RC_EVAL   = 1 << 3,
    FW_RC_FILTER = 1 << 4,
    FW_RC_UNPACK = 1 << 5,
    FW_RC_VERIFY = 1 << 6,
};

/* What an option means. The first six take an argument. */
typedef enum fw_rc_role {
    FW_RC_OPT_NONE = 0,
    FW_RC_OPT_OUTPUT,       /* the file written ("-" = stdout) */
    FW_RC_OPT_DIRECTORY,    /* the directory written to */
    FW_RC_OPT_REMOTE,       /* the remote file name (tftp -r) */
    FW_RC_OPT_INPUT,        /* the archive read (tar -f) */
    FW_RC_OPT_CODE,         /* an interpreter's program text (sh -c, perl -e) */
    FW_RC_OPT_ARG,          /* any other option with an argument */
    FW_RC_OPT_REMOTE_NAME,  /* write to the URL's last component (curl -O) */
    FW_RC_OPT_INSECURE,     /* TLS certificate verification off */
    FW_RC_OPT_EXTRACT,      /* tar x */
    FW_RC_OPT_VERIFY,       /* the command checks a signature */
    FW_RC_OPT_PUT,          /* an upload, not a download (tftp -p) */
    FW_RC_OPT_ROLES
} fw_rc_role;

/* Where a download goes when no output option says. */
typedef enum fw_rc_default {
    FW_RC_TO_NONE = 0,      /* no file (ftpget: its local operand) */
    FW_RC_TO_STDOUT,
    FW_RC_TO_URL_NAME,
    FW_RC_TO_REMOTE_NAME,
} fw_rc_default;

typedef struct fw_rc_opt {
    char *name;             /* "-O", "--output-document", "*" (verify/extract: always) */
    fw_rc_role role;
} fw_rc_opt;

typedef struct fw_rc_tool {
    char *name;
    unsigned kinds;         /* FW_RC_* bits */
    char *scheme;           /* fetch: transport without a URL scheme */
    fw_rc_default dflt;
    fw_rc_opt *opts;
    size_t n_opts, cap_opts;
    unsigned local_operand, host_operand, input_operand;   /* 1-based; 0 = none */
} fw_rc_tool;

typedef struct fw_rc_table {
    fw_rc_tool *v;
    size_t n, cap;
} fw_rc_table;

/* Load the table named by parameter `param` of the first rule binding one
 * of `checks` of the running analyzer (an empty table when none names
 * one). Errors carry file:line. */
int fw_rc_table_load_for(fw_check_ctx *ctx, const char *const *checks, const char *param,
                         fw_rc_table *t, fw_error *err);
int fw_rc_table_load_text(fw_rc_table *t, const char *path, const char *text, size_t len,
                          fw_error *err);
void fw_rc_table_release(fw_rc_table *t);

/* The tool called `name` (a base name), or NULL. */
const fw_rc_tool *fw_rc_tool_find(const fw_rc_table *t, const char *name);

/* A command's words after its name, read with a tool's options. */
#define FW_RC_MAX_OPERANDS 16
typedef struct fw_rc_args {
    const char *val[FW_RC_OPT_ROLES];   /* last argument of each argument role */
    int flag[FW_RC_OPT_ROLES];          /* each role seen */
    const char *operand[FW_RC_MAX_OPERANDS];
    size_t n_operand;
} fw_rc_args;

/* Parse words w[0..n) (the arguments, not the command name). Bundled short
 * options (-qO-), attached arguments (-O/tmp/x, --output=x), "--", and a
 * tar-style first word without a dash (xzf) are understood; an option the
 * table does not name is a flag. */
void fw_rc_parse(const fw_rc_tool *tool, char *const *w, size_t n, fw_rc_args *out);

#endif
