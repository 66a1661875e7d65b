/* check_taint_lua.c: the Lua taint analysis (src/checks/scripts/taint_lua.c,
 * lua_eval.c, lua_lex.c) through rules/web-lua.rules, on LuCI and Lua CGI
 * trees laid out as OpenWrt ships them: the sink line, MO.15, the severity
 * from the dispatcher's sysauth, the source-to-sink chain across files; and
 * the near misses: quoted, validated, constant, dead code, commented out. */
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "engine/analyzer.h"
#include "checks/scripts/lua_lex.h"
#include "core/xalloc.h"

#define R "lua-command-injection"
#define CTRL "/usr/lib/lua/luci/controller/"
#define MODEL "/usr/lib/lua/luci/model/"

/* LuCI's admin root: the login (controller/admin/index.lua) */
static const char *const INDEX =
    "module(\"luci.controller.admin.index\", package.seeall)\n"
    "function index()\n"
    "\tlocal root = node()\n"
    "\tlocal page   = node(\"admin\")\n"
    "\tpage.target  = firstchild()\n"
    "\tpage.title   = _(\"Administration\")\n"
    "\tpage.sysauth = \"root\"\n"
    "\tpage.sysauth_authenticator = \"htmlauth\"\n"
    "\tpage.index = true\n"
    "end\n";

typedef struct tfile { const char *path, *content; } tfile;

static fw_report *scan(const tfile *files, fw_tree **t, fw_ruleset **rs)
{
    *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(*rs, RULES_DIR "/web-lua.rules", &err) == FW_OK,
                  "load: %s", err.msg);
    *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(*t, "", 0);
    tu_add_file(*t, ns, "/etc/openwrt_release", "DISTRIB_ID='OpenWrt'\n");
    tu_add_file(*t, ns, "/bin/sh", "\x7f" "ELF");
    for (size_t i = 0; files[i].path; i++)
        tu_add_file(*t, ns, files[i].path, files[i].content);
    return tu_run_checks(*rs, *t);
}

#define DONE() do { fw_report_free(&r); fw_tree_free(&t); fw_ruleset_free(&rs); } while (0)

static const char *const DIAG_HEAD =
    "module(\"luci.controller.admin.diag\", package.seeall)\n"            /* 1 */
    "\n"                                                                  /* 2 */
    "function index()\n"                                                  /* 3 */
    "\tentry({\"admin\", \"diag\", \"ping\"}, call(\"action_ping\"), _(\"Ping\"), 10)\n"
    "end\n"                                                               /* 5 */
    "\n";                                                                 /* 6 */

static char *diag(const char *body)
{
    return fw_xasprintf("%s%s", DIAG_HEAD, body);
}

START_TEST(controller_formvalue_to_sys_exec)
{
    fw_tree *t; fw_ruleset *rs;
    char *c = diag("function action_ping()\n"                                 /* 7 */
                   "\tlocal host = luci.http.formvalue(\"host\")\n"             /* 8 */
                   "\tluci.http.prepare_content(\"text/plain\")\n"              /* 9 */
                   "\tluci.http.write(luci.sys.exec(\"ping -c 1 \" .. host))\n" /* 10 */
                   "end\n");
    tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "admin/diag.lua", c }, { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 1);
    const fw_finding *x = tu_get(r, R, 0);
    ck_assert_str_eq(x->path, CTRL "admin/diag.lua");
    ck_assert_uint_eq(x->line, 10);
    ck_assert(tu_names_req(x, "MO.15"));
    /* behind LuCI's login: medium */
    ck_assert_int_eq(x->severity, FW_SEV_MEDIUM);
    ck_assert_str_eq(tu_detail(x, "authentication"), "required");
    ck_assert_str_eq(tu_detail(x, "sink"), "luci.sys.exec");
    ck_assert_str_eq(tu_detail(x, "source"), "luci.http.formvalue(\"host\")");
    ck_assert_str_eq(tu_detail(x, "language"), "lua");
    ck_assert_ptr_nonnull(strstr(tu_detail(x, "flow"), CTRL "admin/diag.lua:8 local host ="));
    ck_assert_ptr_nonnull(strstr(tu_detail(x, "flow"), "-> " CTRL "admin/diag.lua:10 "));
    ck_assert_ptr_nonnull(strstr(x->message, "requires a login (sysauth on \"admin\""));
    DONE();
    free(c);
}
END_TEST

START_TEST(quoted_or_validated_is_no_finding)
{
    static const char *const bodies[] = {
        /* shellquote */
        "function action_ping()\n\tlocal util = require \"luci.util\"\n"
        "\tlocal host = luci.http.formvalue(\"host\")\n"
        "\tluci.sys.exec(\"ping -c 1 \" .. util.shellquote(host))\nend\n",
        /* an anchored allow-list, leaving when it fails */
        "function action_ping()\n\tlocal host = luci.http.formvalue(\"host\")\n"
        "\tif not host or not host:match(\"^[%w%.%-]+$\") then\n"
        "\t\tluci.http.status(400, \"Bad address\")\n\t\treturn\n\tend\n"
        "\tluci.sys.exec(\"ping -c 1 \" .. host)\nend\n",
        /* the sink inside the matched branch */
        "function action_ping()\n\tlocal host = luci.http.formvalue(\"host\")\n"
        "\tif host and host:match(\"^[a-zA-Z0-9%-%.:_]+$\") then\n"
        "\t\tluci.sys.exec(\"ping -c 1 %s\" % host)\n\tend\nend\n",
        /* datatypes */
        "local dt = require \"luci.cbi.datatypes\"\n"
        "function action_ping()\n\tlocal host = luci.http.formvalue(\"host\")\n"
        "\tif dt.ipaddr(host) then\n\t\tos.execute(\"ping -c 1 \" .. host)\n\tend\nend\n",
        /* a number */
        "function action_ping()\n\tlocal n = tonumber(luci.http.formvalue(\"count\")) or 1\n"
        "\tio.popen(string.format(\"ping -c %d 10.0.0.1\", n))\nend\n",
        /* a constant command beside request data it does not use (%q is no
           shell quoting in the shipped rule: percent_q_param) */
        "function action_ping()\n\tlocal host = luci.http.formvalue(\"host\")\n"
        "\tluci.http.write(host)\n"
        "\tluci.sys.call(\"logger ping\")\nend\n",
        /* a commented-out call and a long comment */
        "function action_ping()\n\tlocal host = luci.http.formvalue(\"host\")\n"
        "\t-- luci.sys.exec(\"ping -c 1 \" .. host)\n"
        "\t--[[ os.execute(\"ping \" .. host) ]]\n"
        "\tlocal s = [==[ io.popen(\"ping \" .. host) ]==]\nend\n",
        /* a lookup by name guards the name: get_network answers nil for a
           network the device does not have (LuCI's iface_reconnect) */
        "function action_ping()\n\tlocal iface = luci.http.formvalue(\"iface\")\n"
        "\tlocal netmd = require \"luci.model.network\".init()\n"
        "\tlocal net = netmd:get_network(iface)\n"
        "\tif net then\n\t\tluci.sys.call(\"env -i /sbin/ifup %q\" % iface)\n\tend\nend\n",
        "function action_ping()\n\tlocal iface = luci.http.formvalue(\"iface\")\n"
        "\tlocal net = require \"luci.model.network\".init():get_network(iface)\n"
        "\tif not net then return end\n"
        "\tluci.sys.call(\"ifdown \" .. iface)\nend\n",
        /* argument vector, no shell */
        "function action_ping()\n\tlocal host = luci.http.formvalue(\"host\")\n"
        "\tnixio.exec(\"/bin/ping\", \"-c\", \"1\", host)\nend\n",
        NULL };
    for (size_t i = 0; bodies[i]; i++) {
        fw_tree *t; fw_ruleset *rs;
        char *c = diag(bodies[i]);
        tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "admin/diag.lua", c }, { 0 } };
        fw_report *r = scan(f, &t, &rs);
        ck_assert_msg(tu_count(r, R) == 0, "case %zu: %s", i,
                      tu_count(r, R) ? tu_get(r, R, 0)->message : "");
        DONE();
        free(c);
    }
}
END_TEST

START_TEST(dead_function_is_no_finding)
{
    fw_tree *t; fw_ruleset *rs;
    /* old_ping is no entry's target and nothing calls it */
    char *c = diag("function action_ping()\n\tluci.sys.exec(\"ping -c 1 127.0.0.1\")\nend\n"
                   "function old_ping()\n"
                   "\tluci.sys.exec(\"ping -c 1 \" .. luci.http.formvalue(\"host\"))\nend\n");
    tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "admin/diag.lua", c }, { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 0);
    DONE();
    free(c);
}
END_TEST

/* the exec is in a model module; the controller requires it and passes a
 * URL path segment (a leaf entry's arguments) */
START_TEST(model_in_another_file_runs_the_command)
{
    fw_tree *t; fw_ruleset *rs;
    const char *ctrl =
        "module(\"luci.controller.admin.tools\", package.seeall)\n"                  /* 1 */
        "function index()\n"                                                       /* 2 */
        "\tlocal page = entry({\"admin\", \"tools\", \"trace\"}, call(\"action_trace\"))\n"
        "\tpage.leaf = true\n"                                                     /* 4 */
        "end\n"                                                                    /* 5 */
        "function action_trace(addr)\n"                                            /* 6 */
        "\tlocal tools = require \"luci.model.nettools\"\n"                        /* 7 */
        "\tluci.http.write(tools.trace(addr, 3))\n"                                /* 8 */
        "end\n";
    const char *model =
        "local sys = require \"luci.sys\"\n"                                       /* 1 */
        "local M = {}\n"                                                           /* 2 */
        "local function build(host, hops)\n"                                       /* 3 */
        "\treturn string.format(\"traceroute -m %d %s\", hops, host)\n"            /* 4 */
        "end\n"                                                                    /* 5 */
        "function M.trace(host, hops)\n"                                           /* 6 */
        "\tlocal cmd = build(host, hops)\n"                                        /* 7 */
        "\treturn sys.exec(cmd)\n"                                                 /* 8 */
        "end\n"
        "return M\n";
    tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "admin/tools.lua", ctrl },
                  { MODEL "nettools.lua", model }, { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 1);
    const fw_finding *x = tu_get(r, R, 0);
    ck_assert_str_eq(x->path, MODEL "nettools.lua");
    ck_assert_uint_eq(x->line, 8);
    const char *flow = tu_detail(x, "flow");
    /* entry -> call in the controller -> the model's helper -> the sink */
    ck_assert_ptr_nonnull(strstr(flow, CTRL "admin/tools.lua:3 "));
    ck_assert_ptr_nonnull(strstr(flow, CTRL "admin/tools.lua:8 "));
    ck_assert_ptr_nonnull(strstr(flow, MODEL "nettools.lua:4 "));
    ck_assert_ptr_nonnull(strstr(flow, MODEL "nettools.lua:8 "));
    ck_assert_str_eq(tu_detail(x, "source"), "URL path segment after LuCI entry admin/tools/trace");
    DONE();
}
END_TEST

/* sysauth = false on an entry: reachable without a login, high */
START_TEST(entry_without_login_is_high)
{
    fw_tree *t; fw_ruleset *rs;
    const char *ctrl =
        "module(\"luci.controller.api\", package.seeall)\n"
        "local http = require \"luci.http\"\n"
        "function index()\n"
        "\tlocal e = entry({\"admin\", \"api\", \"wps\"}, call(\"wps\"))\n"
        "\te.sysauth = false\n"
        "end\n"
        "function wps()\n"
        "\tlocal pin = http.formvalue(\"pin\")\n"
        "\tlocal args = { }\n"
        "\targs.pin = pin\n"
        "\tos.execute(\"hostapd_cli wps_pin any \" .. args.pin)\n"
        "end\n";
    tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "api.lua", ctrl }, { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 1);
    const fw_finding *x = tu_get(r, R, 0);
    ck_assert_uint_eq(x->line, 11);
    ck_assert_int_eq(x->severity, FW_SEV_HIGH);
    ck_assert_str_eq(tu_detail(x, "authentication"), "none");
    ck_assert_ptr_nonnull(strstr(x->message, "sysauth = false"));
    DONE();
}
END_TEST

/* a plain Lua CGI: QUERY_STRING to io.popen, high */
START_TEST(lua_cgi_query_string_to_popen)
{
    fw_tree *t; fw_ruleset *rs;
    tfile f[] = { { "/www/cgi-bin/status", "#!/usr/bin/lua\n"
                    "local qs = os.getenv(\"QUERY_STRING\") or \"\"\n"
                    "local iface = qs:match(\"iface=([^&]+)\")\n"
                    "print(\"Content-Type: text/plain\\n\")\n"
                    "local fd = io.popen(\"ifconfig \" .. iface)\n"
                    "print(fd:read(\"*a\"))\n" },
                  { "/www/cgi-bin/ok.lua", "local qs = os.getenv(\"QUERY_STRING\")\n"
                    "local iface = qs:match(\"^iface=(%w+)$\")\n"
                    "io.popen(\"ifconfig \" .. iface)\n"
                    "os.execute(\"logger \" .. os.getenv(\"REMOTE_ADDR\"))\n" },
                  { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 1);
    const fw_finding *x = tu_get(r, R, 0);
    ck_assert_str_eq(x->path, "/www/cgi-bin/status");
    ck_assert_uint_eq(x->line, 5);
    ck_assert_int_eq(x->severity, FW_SEV_HIGH);
    ck_assert_str_eq(tu_detail(x, "source"), "os.getenv(\"QUERY_STRING\")");
    DONE();
}
END_TEST

/* a CBI model's option write(): the value is form data unless the option
 * has a datatype; a view's <% %> code */
START_TEST(cbi_write_and_view)
{
    fw_tree *t; fw_ruleset *rs;
    const char *ctrl =
        "module(\"luci.controller.admin.ntp\", package.seeall)\n"
        "function index()\n"
        "\tentry({\"admin\", \"ntp\"}, cbi(\"admin_ntp\"), _(\"NTP\"))\n"
        "\tentry({\"admin\", \"ntpstat\"}, template(\"admin_ntp/status\"))\n"
        "end\n";
    const char *model =
        "m = Map(\"system\", translate(\"Time\"))\n"
        "s = m:section(TypedSection, \"timeserver\")\n"
        "o = s:option(Value, \"server\", translate(\"Server\"))\n"
        "function o.write(self, section, value)\n"
        "\tluci.sys.call(\"ntpd -q -p \" .. value)\n"
        "end\n"
        "p = s:option(Value, \"port\")\n"
        "p.datatype = \"port\"\n"
        "function p.write(self, section, value)\n"
        "\tluci.sys.call(\"ntpd -P \" .. value)\n"
        "end\n"
        "return m\n";
    const char *view =
        "<%+header%>\n"
        "<h2><%:Status%></h2>\n"
        "<% local s = luci.http.formvalue(\"server\") %>\n"
        "<pre><%=luci.sys.exec(\"ntpq -p \" .. s)%></pre>\n"
        "<pre><%=luci.sys.exec(\"uptime\")%></pre>\n"
        "<%+footer%>\n";
    tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "admin/ntp.lua", ctrl },
                  { MODEL "cbi/admin_ntp.lua", model },
                  { "/usr/lib/lua/luci/view/admin_ntp/status.htm", view }, { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 2);
    int cbi = 0, htm = 0;
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *x = tu_get(r, R, i);
        if (strcmp(x->path, MODEL "cbi/admin_ntp.lua") == 0 && x->line == 5)
            cbi = 1;
        if (strcmp(x->path, "/usr/lib/lua/luci/view/admin_ntp/status.htm") == 0 && x->line == 4)
            htm = 1;
    }
    ck_assert(cbi && htm);
    DONE();
}
END_TEST

START_TEST(lexer_long_strings_and_comments)
{
    const char *src = "--[==[ x ]] still ]==] a = [[b\n]] .. 'c\\'' -- d\nf(0x1p-3, 1e+5)";
    fw_lua_toks tk = { 0 };
    fw_lua_lex(src, strlen(src), 0, &tk);
    /* a = [[...]] .. '...' f ( 0x1p-3 , 1e+5 ) EOF */
    ck_assert_uint_eq(tk.n, 12);
    ck_assert_int_eq(tk.v[0].kind, FW_LT_NAME);
    ck_assert_int_eq(tk.v[2].kind, FW_LT_STRING);
    ck_assert_uint_eq(tk.v[2].slen, 2);   /* "b\n" */
    ck_assert_int_eq(tk.v[4].kind, FW_LT_STRING);
    ck_assert_uint_eq(tk.v[5].line, 3);
    ck_assert_int_eq(tk.v[7].kind, FW_LT_NUMBER);
    ck_assert_uint_eq(tk.v[7].len, 6);
    ck_assert_uint_eq(tk.v[9].len, 4);
    fw_lua_toks_release(&tk);
    /* a template: only the code, <%= as WRITE */
    const char *htm = "<p><%: Text %></p><%=x%> <% if y then %>a<% end %>";
    fw_lua_lex(htm, strlen(htm), 1, &tk);
    ck_assert_int_eq(tk.v[0].kind, FW_LT_SEP);
    ck_assert_int_eq(tk.v[1].kind, FW_LT_WRITE);
    ck_assert_int_eq(tk.v[2].kind, FW_LT_NAME);
    ck_assert_int_eq(tk.v[3].kind, FW_LT_SEP);
    fw_lua_toks_release(&tk);
}
END_TEST

/* syntax the evaluator does not know: the statement is skipped, the rest
 * of the file is still read */
START_TEST(unknown_syntax_keeps_the_file)
{
    fw_tree *t; fw_ruleset *rs;
    char *c = diag("function action_ping()\n"
                   "\tlocal x = @@ $$ ?? !\n"
                   "\tlocal host = luci.http.formvalue(\"host\")\n"
                   "\tgoto skip ::skip::\n"
                   "\tos.execute(\"ping \" .. host)\n"
                   "end\n"
                   "end end until )\n");
    tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "admin/diag.lua", c }, { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 1);
    ck_assert_uint_eq(tu_get(r, R, 0)->line, 11);
    DONE();
    free(c);
}
END_TEST


/* %q quotes for Lua: the shell still runs $(...) inside "...". Counted as
 * quoting without the parameter (as LuCI means it); percent-q=shell-unsafe,
 * which the shipped rule sets, follows it (LuCI 0.12's realtime
 * bandwidth_status entry passes a URL path segment so) */
/* The lookup guards only where its result was tested: a sink before the
 * test, or in the branch where nothing was found, is still a finding. */
START_TEST(lookup_guards_only_its_branch)
{
    const char *body =
        "function action_ping()\n\tlocal iface = luci.http.formvalue(\"iface\")\n"
        "\tlocal netmd = require \"luci.model.network\".init()\n"
        "\tlocal net = netmd:get_network(iface)\n"
        "\tif net then\n\t\tluci.http.status(200, \"ok\")\n\telse\n"
        "\t\tluci.sys.call(\"logger no such network \" .. iface)\n\tend\nend\n";
    fw_tree *t; fw_ruleset *rs;
    char *c = diag(body);
    tfile f[] = { { CTRL "admin/index.lua", INDEX }, { CTRL "admin/diag.lua", c }, { 0 } };
    fw_report *r = scan(f, &t, &rs);
    ck_assert_uint_eq(tu_count(r, R), 1);
    ck_assert_str_eq(tu_get(r, R, 0)->path, CTRL "admin/diag.lua");
    DONE();
    free(c);
}
END_TEST

START_TEST(percent_q_param)
{
    const char *ctrl =
        "module(\"luci.controller.admin.status\", package.seeall)\n"
        "function index()\n"
        "\tentry({\"admin\", \"status\", \"bw\"}, call(\"action_bandwidth\")).leaf = true\n"
        "end\n"
        "function action_bandwidth(iface)\n"
        "\tlocal bwc = io.popen(\"luci-bwc -i %q 2>/dev/null\" % iface)\n"
        "end\n";
    for (int unsafe = 0; unsafe < 2; unsafe++) {
        fw_ruleset *rs = tu_ruleset_from(unsafe
            ? "rule lua-command-injection\n  also MO.15\n  severity high\n  title t\n  fix f\n"
              "  analyzer lua-taint check=lua-command-injection percent-q=shell-unsafe\nend\n"
            : "rule lua-command-injection\n  also MO.15\n  severity high\n  title t\n  fix f\n"
              "  analyzer lua-taint check=lua-command-injection\nend\n");
        fw_tree *t = fw_tree_new();
        fw_ns *ns = fw_tree_add_ns(t, "", 0);
        tu_add_file(t, ns, CTRL "admin/index.lua", INDEX);
        tu_add_file(t, ns, CTRL "admin/status.lua", ctrl);
        fw_report *r = tu_run_checks(rs, t);
        ck_assert_uint_eq(tu_count(r, R), (size_t)unsafe);
        if (unsafe)
            ck_assert_uint_eq(tu_get(r, R, 0)->line, 6);
        DONE();
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("taint-lua");
    TCase *tc = tcase_create("taint-lua");
    tcase_add_test(tc, controller_formvalue_to_sys_exec);
    tcase_add_test(tc, quoted_or_validated_is_no_finding);
    tcase_add_test(tc, dead_function_is_no_finding);
    tcase_add_test(tc, model_in_another_file_runs_the_command);
    tcase_add_test(tc, entry_without_login_is_high);
    tcase_add_test(tc, lua_cgi_query_string_to_popen);
    tcase_add_test(tc, cbi_write_and_view);
    tcase_add_test(tc, lexer_long_strings_and_comments);
    tcase_add_test(tc, unknown_syntax_keeps_the_file);
    tcase_add_test(tc, percent_q_param);
    tcase_add_test(tc, lookup_guards_only_its_branch);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
