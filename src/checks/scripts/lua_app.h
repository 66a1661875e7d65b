/* lua_app.h: the model the Lua taint analysis builds of one web
 * application (one namespace): its Lua files, their functions, the LuCI
 * dispatcher entries, and the evaluator that follows request data through
 * them (lua_eval.c). taint_lua.c (the analyzer) finds the files, runs the
 * entry points and reports. Private to src/checks/scripts/.
 *
 * Values are abstract: a value is tainted when it carries a flow (a chain
 * of steps back to the source, shared between values: steps are never
 * changed once made), and may also be a known string literal, a reference
 * to a global or module name ("luci.sys.exec"), a function of the
 * application, a table's positional elements, or a dispatcher object.
 *
 * Ownership: everything hangs off the fw_lua_app and its arena, released by
 * the analyzer when the namespace is done (taint_lua.c). The exported names
 * carry fw_lua_ because the library exports nothing else. Nodes are borrowed from the tree.
 */
#ifndef FW_CHECKS_SCRIPTS_LUA_APP_H
#define FW_CHECKS_SCRIPTS_LUA_APP_H

#include <stddef.h>
#include <stdint.h>
#include "checks/scripts/lua_lex.h"
#include "checks/scripts/taint.h"

typedef struct fw_lua_step {
    const struct fw_lua_step *prev;   /* toward the source; NULL at the source */
    const fw_node *node;
    uint32_t line;
    const char *what;              /* arena */
    const char *source;            /* the source's description, shared by the chain */
} fw_lua_step;

typedef struct fw_lua_func fw_lua_func;
typedef struct fw_lua_file fw_lua_file;

enum { FW_TGT_NONE = 0, FW_TGT_CALL, FW_TGT_CBI, FW_TGT_TEMPLATE };

typedef struct fw_lua_val {
    const fw_lua_step *t;             /* tainted: the last step of its flow */
    const char *ref;               /* a global or module name: "luci.http.formvalue" */
    fw_lua_func *fn;                  /* a function of the application */
    const char *ks;                /* a string literal's raw content ... */
    uint32_t kslen;
    const char *var;               /* the variable this value was read from (guards) */
    const char *found_by;          /* what a lookup by the name in this variable found
                                      (netmd:get_network(iface)): nil for a name the
                                      device does not have, so a test of it guards it */
    struct fw_lua_val *el;            /* a table constructor's positional elements */
    uint16_t nel;
    uint8_t kfalse;                /* the literal false */
    uint8_t tgt[2];                /* dispatcher targets: call("f"), cbi("m"), template("v") */
    const char *tname[2];
    int32_t ent;                   /* a dispatcher entry: index + 1 */
} fw_lua_val;

struct fw_lua_func {
    fw_lua_file *f;
    const char *name;              /* as written: "M.f", "f", "obj.method" */
    const char *last;              /* the part after the last '.' or ':' */
    uint32_t tok;                  /* the `function` keyword */
    uint32_t lparen;               /* the '(' of its parameters */
    uint32_t end;                  /* its `end` */
    uint8_t method, local, lit, busy, cached;   /* lit: a function literal */
    fw_lua_val ret;                   /* cached: its return value with clean arguments */
};

typedef struct fw_lua_var {
    const char *name;              /* "x", "x.field" */
    fw_lua_val v;
} fw_lua_var;

typedef struct fw_lua_scope {
    fw_lua_var *v;
    size_t n, cap;
    struct fw_lua_scope *up;
} fw_lua_scope;

enum { FW_LF_LIB = 0, FW_LF_CONTROLLER, FW_LF_CBI, FW_LF_VIEW, FW_LF_CGI };

struct fw_lua_file {
    const fw_node *node;
    char *src;                     /* a NUL-terminated copy of the content */
    size_t len;
    fw_lua_toks toks;
    uint32_t *match;               /* per block opener: the index of its end/until */
    char *mod;                     /* module name: module("x") or from the path */
    int kind;
    fw_lua_scope globals;
    uint8_t main_done, main_busy, evaluated;
    fw_lua_func *funcs;
    size_t nfuncs;
    fw_lua_val ret;                   /* what the main chunk returns (a module table) */
};

typedef struct fw_lua_entry {
    fw_lua_file *ctrl;
    uint32_t line;
    char *path;                    /* "admin/network/diag_ping" */
    char *text;                    /* the entry's line, for the flow */
    uint8_t leaf;
    int8_t sysauth;                /* -1 not set, 0 false, 1 a login */
    uint8_t tgt[2];
    const char *tname[2];
    fw_web_auth auth;
    char *why;
} fw_lua_entry;

typedef struct fw_lua_arena_blk {
    struct fw_lua_arena_blk *next;
    size_t used, cap;
    char data[];
} fw_lua_arena_blk;

typedef struct fw_lua_app {
    fw_check_ctx *ctx;
    const fw_ns *ns;
    const char *check;
    fw_lua_file **files;
    size_t nfiles, capfiles;
    size_t nfuncs;                 /* over all files (FW_MAX_LUA_FUNCS) */
    char **missing;                /* module names looked up and not found */
    size_t nmissing, capmissing;
    fw_lua_entry *ents;
    size_t nents, capents;
    fw_lua_arena_blk *arena;
    uint64_t work;
    int stop;                      /* a bound was reached: evaluate no more */
    int warned;
    char **seen;                   /* findings made: "node|line|source" */
    size_t nseen, capseen;
    /* the entry point being evaluated */
    fw_web_auth auth;
    const char *auth_why;
    int cgi;                       /* a CGI main chunk: stdin is the request body */
    int collect;                   /* evaluating a controller's index(): record entries */
    int q_unsafe;                  /* %q is no quoting for the shell (percent-q=shell-unsafe) */
    fw_lua_file *ctrl;
    uint64_t findings;
} fw_lua_app;

void *fw_lua_alloc(fw_lua_app *a, size_t n);
const char *fw_lua_strndup(fw_lua_app *a, const char *s, size_t n);
const char *fw_lua_asprintf(fw_lua_app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The file of module `mod` ("luci.model.ipkg"), loaded on first use, or NULL. */
fw_lua_file *fw_lua_app_module(fw_lua_app *a, const char *mod);
/* Load one file of the namespace (NULL past FW_MAX_LUA_FILES or unreadable). */
fw_lua_file *fw_lua_app_load(fw_lua_app *a, const fw_node *node, int kind);
/* A bound was reached (warned once per namespace). */
void fw_lua_app_limit(fw_lua_app *a, const fw_node *node, const char *what);

/* Run a file's main chunk once (defines its functions and globals). */
void fw_lua_eval_main(fw_lua_app *a, fw_lua_file *f);
/* Call function fn with n argument values (NULL = all clean); returns its value. */
fw_lua_val fw_lua_eval_call(fw_lua_app *a, fw_lua_func *fn, const fw_lua_val *args, size_t n);
/* The function `name` defined in file f ("index", "action_ping"), or NULL. */
fw_lua_func *fw_lua_file_func(fw_lua_file *f, const char *name);
/* The text of line `line` of f, trimmed (arena). */
const char *fw_lua_line_text(fw_lua_app *a, const fw_lua_file *f, uint32_t line);
/* A new source step. */
const fw_lua_step *fw_lua_source(fw_lua_app *a, const fw_node *node, uint32_t line, const char *what,
                           const char *source);

#endif
