/* taint.h: what the web-application taint analyses (taint_php.c,
 * taint_lua.c, the shell CGI reader) share: the flow of request data from
 * a source to a command sink as a chain of file:line steps, the one way to
 * report it, and which web roots the image's web servers serve (webroot.c).
 *
 * A flow is source first, sink last; every step names the file and line
 * and says what happens there ("$ip = $_GET['ip']", "passed to
 * ping($host)", "shell_exec(PING_COMMAND . $ipAddr)"). The finding's
 * location is the sink step; the whole chain is its evidence (JSON `flow`,
 * SARIF codeFlows).
 *
 * Ownership: a flow owns its step texts; nodes are borrowed from the tree.
 * Private to src/checks/scripts/.
 */
#ifndef FW_CHECKS_SCRIPTS_TAINT_H
#define FW_CHECKS_SCRIPTS_TAINT_H

#include <stddef.h>
#include <stdint.h>
#include "engine/analyzer.h"

typedef struct fw_taint_step {
    const fw_node *node;   /* the file the step is in */
    uint64_t line;         /* 1-based */
    char *what;            /* what happens there: escaped, at most FW_EXCERPT_MAX bytes */
} fw_taint_step;

typedef struct fw_taint_flow {
    fw_taint_step *v;      /* source first, sink last */
    size_t n, cap;
} fw_taint_flow;

/* Append a step (the text is printf-formatted, escaped and clipped); past
 * FW_MAX_TAINT_STEPS the middle steps are dropped, keeping source and sink. */
void fw_taint_flow_add(fw_taint_flow *f, const fw_node *node, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A copy of src (a caller extends a copy per branch). */
void fw_taint_flow_copy(fw_taint_flow *dst, const fw_taint_flow *src);
void fw_taint_flow_release(fw_taint_flow *f);

/* Is this file served by a web server of the image, and who may reach it? */
typedef enum fw_web_auth {
    FW_WEB_AUTH_UNKNOWN = 0,  /* no config says (severity medium) */
    FW_WEB_AUTH_NONE,         /* the config shows no authentication on its route (high) */
    FW_WEB_AUTH_REQUIRED,     /* a config requires a login for its route (medium) */
} fw_web_auth;

typedef struct fw_web_route {
    int served;               /* 1: under a document root, CGI or Lua prefix of a server */
    const char *server;       /* "uhttpd", "lighttpd", "httpd (BusyBox)", ... or NULL */
    const fw_node *config;    /* the config that says so, NULL = the conventional root */
    uint64_t config_line;
    fw_web_auth auth;
} fw_web_route;

/* The route of file in its namespace (webroot.c): the document roots, CGI
 * and Lua prefixes of the web servers configured in the image (uhttpd,
 * lighttpd, BusyBox httpd, boa, goahead, nginx), else the conventional
 * roots (/www, /var/www, /usr/lib/lua/luci, /webs, /home/httpd). */
fw_web_route fw_web_route_of(fw_check_ctx *ctx, const fw_node *file);

/* One finding of check (cgi-command-injection unless a rule says
 * otherwise) for flow: located at the sink step, severity high when the
 * route is reachable without authentication as far as the config shows,
 * medium otherwise; lang ("php", "lua", "sh"), source ("$_GET['ip']") and
 * sink ("shell_exec") go into the message and details. The identity is
 * lang, sink file and source, so a line move keeps the fingerprint. */
int fw_taint_emit(fw_check_ctx *ctx, const char *check, const char *lang, const char *source,
                  const char *sink, const fw_taint_flow *flow);
/* The same when the application itself says who may reach the sink (a
 * LuCI dispatcher entry's sysauth): app is joined with the server's route
 * (a login on either side is REQUIRED, else NONE on either side is NONE,
 * else UNKNOWN), and app_why (or NULL) says why in the message.
 * fw_taint_emit is this with FW_WEB_AUTH_UNKNOWN and NULL. */
int fw_taint_emit_app(fw_check_ctx *ctx, const char *check, const char *lang, const char *source,
                      const char *sink, const fw_taint_flow *flow, fw_web_auth app,
                      const char *app_why);

#endif
