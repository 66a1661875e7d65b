/* check_taint_php.c: the PHP taint analysis (src/checks/scripts/taint_php.c)
 * through rules/web-php.rules, with the line-level input-validation rules
 * loaded too (as a scan has them): request data from a front controller,
 * camera CGI or router page to command, eval and include sinks, across
 * files, each with its sanitized, guarded or dead near miss, in the layouts
 * firmware ships (/www MVC apps, /var/www/cgi-bin PHP). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "testutil.h"
#include "engine/analyzer.h"

#define R_PHP "php-command-injection"
#define R_LINE "cgi-command-injection"

typedef struct file {
    const char *path, *content;
} file;

static fw_tree *t;
static fw_ruleset *rs;

static fw_report *scan(const file *fs)
{
    rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/web-php.rules", &err) == FW_OK, "load: %s",
                  err.msg);
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/input-validation.rules", &err) == FW_OK,
                  "load: %s", err.msg);
    t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    tu_add_file(t, ns, "/bin/busybox", "\x7f" "ELF");
    for (size_t i = 0; fs[i].path; i++)
        tu_add_file(t, ns, fs[i].path, fs[i].content);
    return tu_run_checks(rs, t);
}

#define DONE() do { fw_report_free(&r); fw_tree_free(&t); fw_ruleset_free(&rs); } while (0)

static void has(const fw_finding *f, const char *detail, const char *text)
{
    const char *v = tu_detail(f, detail);
    ck_assert_msg(v && strstr(v, text), "%s: \"%s\" not in \"%s\"", detail, text, v ? v : "(none)");
}

/* The motivating router app: www/index.php parses QUERY_STRING into a
 * controller, an action and parameters, and dispatches by name. */
static const char *const front =
    "<?php\n"
    "require_once 'config/config.php';\n"
    "foreach (glob('controllers/*_controller.php') as $file) {\n"
    "    require_once $file;\n"
    "}\n"
    "$route = explode('/', trim($_SERVER['QUERY_STRING'], '/'));\n"   /* 6 */
    "$controller = ucfirst(array_shift($route)) . 'Controller';\n"
    "$action = array_shift($route);\n"
    "$params = $route;\n"
    "call_user_func_array(array(new $controller, $action), $params);\n"; /* 10 */

static const char *const config = "<?php\ndefine('PING_COMMAND', 'ping -c 1 ');\n"
                                  "define('APP_NAME', 'Router');\n";

START_TEST(mvc_front_controller_to_shell_exec)
{
    file fs[] = {
        { "/www/index.php", front },
        { "/www/config/config.php", config },
        { "/www/controllers/ping_controller.php",
          "<?php\n"
          "class PingController\n"
          "{\n"
          "    public function index()\n"
          "    {\n"
          "        include 'views/ping.phtml';\n"
          "    }\n"
          "\n"
          "    public function ping($ipAddr)\n"
          "    {\n"
          "        $output = shell_exec(PING_COMMAND . $ipAddr);\n"      /* 11 */
          "        echo \"<pre>$output</pre>\";\n"
          "    }\n"
          "}\n" },
        { "/www/controllers/status_controller.php",
          "<?php\nclass StatusController {\n"
          "  public function uptime() { return shell_exec('uptime'); }\n"
          "}\n" },
        { "/www/views/ping.phtml", "<form><input name=ip></form>\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 1);
    ck_assert_uint_eq(tu_count(r, R_LINE), 0);
    const fw_finding *f = tu_get(r, R_PHP, 0);
    ck_assert_str_eq(f->path, "/www/controllers/ping_controller.php");
    ck_assert_uint_eq(f->line, 11);
    ck_assert(tu_names_req(f, "MO.15"));
    ck_assert_int_eq(f->severity, FW_SEV_MEDIUM);   /* no server config says who may reach it */
    ck_assert_str_eq(tu_detail(f, "source"), "$_SERVER['QUERY_STRING']");
    ck_assert_str_eq(tu_detail(f, "sink"), "shell_exec");
    ck_assert_str_eq(tu_detail(f, "language"), "php");
    has(f, "flow", "/www/index.php:6 $route = explode(");
    has(f, "flow", "/www/index.php:10 passed to PingController::ping($ipAddr)");
    has(f, "flow", "-> /www/controllers/ping_controller.php:11 $output = shell_exec(PING_COMMAND");
    ck_assert_ptr_nonnull(strstr(f->message, "/www/index.php:6"));
    DONE();
}
END_TEST

/* The same app written with double quotes, as most PHP is: a "..." string
 * without a '$' is as literal as '...' ($_SERVER["QUERY_STRING"],
 * define("PING_COMMAND", ...), $_GET["ip"], a guard's "none"). */
START_TEST(double_quoted_keys_are_literal)
{
    file fs[] = {
        { "/www/index.php",
          "<?php\nrequire_once \"config.php\";\nrequire_once \"controllers/ping_controller.php\";\n"
          "$parts = explode(\"/\", $_SERVER[\"QUERY_STRING\"]);\n"
          "$controller = ucfirst(array_shift($parts)) . \"Controller\";\n"
          "$action = array_shift($parts);\n"
          "call_user_func_array(array(new $controller, $action), $parts);\n" },
        { "/www/config.php", "<?php\ndefine(\"PING_COMMAND\", \"ping -c 1 \");\n" },
        { "/www/controllers/ping_controller.php",
          "<?php\nclass PingController {\n  public function ping($ipAddr) {\n"
          "    return shell_exec(PING_COMMAND . $ipAddr);\n  }\n}\n" },
        { "/www/cgi-bin/led.php",
          "<?php\n$mode = $_GET[\"mode\"];\nif ($mode != \"on\" && $mode != \"off\") exit;\n"
          "system(\"ledctl \" . $mode);\n$c = $_GET[\"color\"];\nsystem(\"ledctl -c \" . $c);\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, "php-command-injection"), 2);
    int mvc = 0, led = 0;
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(r, "php-command-injection", i);
        if (strcmp(f->path, "/www/controllers/ping_controller.php") == 0) {
            mvc++;
            ck_assert_uint_eq(f->line, 4);
            has(f, "source", "QUERY_STRING");
        } else {
            led++;
            ck_assert_str_eq(f->path, "/www/cgi-bin/led.php");
            ck_assert_uint_eq(f->line, 6);   /* not line 4: the guard holds */
        }
    }
    ck_assert_int_eq(mvc, 1);
    ck_assert_int_eq(led, 1);
    DONE();
}
END_TEST

START_TEST(mvc_sanitized_and_guarded_controllers)
{
    file fs[] = {
        { "/www/index.php", front },
        { "/www/config/config.php", config },
        { "/www/controllers/ping_controller.php",
          "<?php\nclass PingController {\n"
          "  public function ping($ipAddr) {\n"
          "    echo shell_exec(PING_COMMAND . escapeshellarg($ipAddr));\n"
          "  }\n"
          "  public function trace($host) {\n"
          "    if (!preg_match('/^[0-9]{1,3}(\\.[0-9]{1,3}){3}$/', $host)) {\n"
          "      return 'bad address';\n"
          "    }\n"
          "    return shell_exec('traceroute ' . $host);\n"
          "  }\n"
          "  public function arp($iface) {\n"
          "    $allowed = array('br-lan', 'eth0');\n"
          "    if (in_array($iface, $allowed, true)) {\n"
          "      system(\"arp -i $iface\");\n"
          "    }\n"
          "  }\n"
          "  public function count($n) {\n"
          "    system('ping -c ' . (int)$n . ' ' . APP_NAME);\n"
          "    exec(sprintf('ping -c %d 127.0.0.1', $n));\n"
          "  }\n"
          "  public function lookup($name) {\n"
          "    $ip = filter_var($name, FILTER_VALIDATE_IP);\n"
          "    if ($ip === false) exit;\n"
          "    passthru(\"nslookup {$ip}\");\n"
          "  }\n"
          "  public function scan($mode) {\n"
          "    if ($mode != 'fast' && $mode != 'full') die('bad mode');\n"
          "    system(\"nmap --$mode 192.168.1.0/24\");\n"
          "  }\n"
          "}\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 0);
    DONE();
}
END_TEST

START_TEST(unanchored_regex_and_escapeshellcmd_still_found)
{
    file fs[] = {
        { "/www/index.php", front },
        { "/www/controllers/net_controller.php",
          "<?php\nclass NetController {\n"
          "  public function ping($h) {\n"
          "    if (preg_match('/[0-9.]+/', $h)) {\n"
          "      system('ping -c 1 ' . $h);\n"                       /* 5 */
          "    }\n"
          "  }\n"
          "  public function wget($url) {\n"
          "    exec(escapeshellcmd('wget ' . $url));\n"              /* 9 */
          "  }\n"
          "}\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 2);
    const fw_finding *a = tu_get(r, R_PHP, 0), *b = tu_get(r, R_PHP, 1);
    if (a->line > b->line) {
        const fw_finding *x = a;
        a = b;
        b = x;
    }
    ck_assert_uint_eq(a->line, 5);
    ck_assert_str_eq(tu_detail(a, "sink"), "system");
    ck_assert_uint_eq(b->line, 9);
    has(b, "sink", "escapeshellcmd only");
    DONE();
}
END_TEST

/* A camera UI: PHP CGIs under /var/www/cgi-bin, request data straight in. */
START_TEST(camera_cgi_interpolation_and_backticks)
{
    file fs[] = {
        { "/var/www/cgi-bin/ntp.php",
          "<?php\n"
          "// system(\"ntpdate \" . $_GET['server']);\n"
          "$cfg = array('server' => $_POST['server'], 'zone' => 'UTC');\n"
          "system(\"ntpdate -u {$cfg['server']} > /dev/null\");\n"     /* 4 */
          "?>\n<html><body>ok</body></html>\n" },
        { "/var/www/cgi-bin/wifi.php",
          "<?php\n$ssid = $_REQUEST['ssid'];\n"
          "$r = `iwconfig wlan0 essid $ssid`;\n" },                   /* 3 */
        { "/var/www/cgi-bin/safe.php",
          "<?php\n$cfg = $_GET;\n$cfg['cmd'] = 'reboot';\nsystem($cfg['cmd']);\n"
          "$n = intval($_GET['n']);\nsystem(\"sleep $n\");\n"
          "system('echo ' . md5($_GET['x']));\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 2);
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(r, R_PHP, i);
        if (strcmp(f->path, "/var/www/cgi-bin/ntp.php") == 0) {
            ck_assert_uint_eq(f->line, 4);
            ck_assert_str_eq(tu_detail(f, "source"), "$_POST['server']");
            has(f, "flow", "/var/www/cgi-bin/ntp.php:3 $cfg = array(");
        } else {
            ck_assert_str_eq(f->path, "/var/www/cgi-bin/wifi.php");
            ck_assert_uint_eq(f->line, 3);
            ck_assert_str_eq(tu_detail(f, "sink"), "backticks");
        }
    }
    /* the line-level check's finding on the same line is superseded (its
     * findings on safe.php are its own: it does not follow elements) */
    for (size_t i = 0; i < tu_count(r, R_LINE); i++)
        ck_assert_str_eq(tu_get(r, R_LINE, i)->path, "/var/www/cgi-bin/safe.php");
    DONE();
}
END_TEST

START_TEST(dead_code_is_no_finding)
{
    file fs[] = {
        { "/www/lib/debug.php",
          "<?php\nfunction debug_shell() {\n  system($_GET['cmd']);\n}\n"
          "class Tools { private function run($c) { system($c); } }\n" },
        { "/www/diag.php",
          "<?php\nrequire 'lib/debug.php';\n$h = $_GET['host'];\n"
          "if (!$h) {\n  exit;\n}\n"
          "echo 'disabled';\nexit(0);\n"
          "system('ping ' . $h);\n" },
        { "/www/reboot.php", "<?php\nfunction go() { return 1; }\nreturn;\nsystem($_GET['x']);\n" },
        { "/usr/share/doc/php/example.php", "<?php\nsystem($_GET['cmd']);\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 0);
    DONE();
}
END_TEST

/* A router page including a helper library: parameters and return values
 * cross files. */
START_TEST(functions_across_included_files)
{
    file fs[] = {
        { "/www/lib/request.inc",
          "<?php\nfunction get_param($name) {\n  if (isset($_REQUEST[$name]))\n"
          "    return $_REQUEST[$name];\n  return '';\n}\n" },
        { "/www/lib/net.php",
          "<?php\nfunction run_tool($tool, $arg) {\n"
          "  $cmd = $tool . ' ' . $arg;\n"
          "  $fp = popen($cmd, 'r');\n"                                 /* 4 */
          "  return fread($fp, 4096);\n}\n" },
        { "/www/diagnostic.php",
          "<?php\ninclude_once dirname(__FILE__) . '/lib/request.inc';\n"
          "include_once __DIR__ . '/lib/net.php';\n"
          "$host = get_param('host');\n"                               /* 4 */
          "echo run_tool('traceroute', $host);\n"                      /* 5 */
          "echo run_tool('uptime', '');\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 1);
    const fw_finding *f = tu_get(r, R_PHP, 0);
    ck_assert_str_eq(f->path, "/www/lib/net.php");
    ck_assert_uint_eq(f->line, 4);
    ck_assert_str_eq(tu_detail(f, "sink"), "popen");
    has(f, "flow", "/www/lib/request.inc:4");
    has(f, "flow", "/www/diagnostic.php:4 returned from get_param()");
    has(f, "flow", "/www/diagnostic.php:5 passed to run_tool($arg)");
    DONE();
}
END_TEST

START_TEST(eval_include_and_preg_e)
{
    file fs[] = {
        { "/www/page.php",
          "<?php\n$p = $_GET['page'];\ninclude 'pages/' . $p . '.php';\n" },          /* 3 */
        { "/www/calc.php", "<?php\n$e = file_get_contents('php://input');\n"
                           "eval('$r = ' . $e . ';');\n" },                          /* 3 */
        { "/www/tpl.php",
          "<?php\n$s = $_COOKIE['lang'];\n"
          "echo preg_replace('/(.*)/e', 'strtoupper(\"\\\\1\")', $s);\n" },          /* 3 */
        { "/www/ok.php", "<?php\ninclude 'pages/' . basename('home') . '.php';\n"
                         "eval('return 1;');\n"
                         "echo preg_replace('/a/', 'b', $_GET['x']);\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 3);
    int seen = 0;
    for (size_t i = 0; i < 3; i++) {
        const fw_finding *f = tu_get(r, R_PHP, i);
        ck_assert_uint_eq(f->line, 3);
        const char *sk = tu_detail(f, "sink");
        if (strcmp(f->path, "/www/page.php") == 0 && strcmp(sk, "include") == 0)
            seen |= 1;
        if (strcmp(f->path, "/www/calc.php") == 0 && strcmp(sk, "eval") == 0 &&
            strcmp(tu_detail(f, "source"), "file_get_contents('php://input')") == 0)
            seen |= 2;
        if (strcmp(f->path, "/www/tpl.php") == 0 && strcmp(sk, "preg_replace /e") == 0)
            seen |= 4;
    }
    ck_assert_int_eq(seen, 7);
    DONE();
}
END_TEST

/* Objects: $this properties set in a constructor, $obj->$method(), a
 * define()d constant holding request data, a switch on the action. */
START_TEST(objects_constants_and_switch)
{
    file fs[] = {
        { "/www/api.php",
          "<?php\n"
          "define('IFACE', $_GET['if']);\n"
          "class Api {\n"
          "  private $host;\n"
          "  function __construct($h) { $this->host = $h; }\n"
          "  function ping() { return shell_exec('ping -c1 ' . $this->host); }\n"  /* 6 */
          "  function up() { exec('ifconfig ' . IFACE . ' up'); }\n"                 /* 7 */
          "}\n"
          "$api = new Api($_POST['host']);\n"
          "$m = $_GET['do'];\n"
          "switch ($_GET['op']) {\n"
          "case 'x':\n"
          "  $api->$m();\n"
          "  break;\n"
          "default:\n"
          "  echo 'no';\n"
          "}\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 2);
    int lines = 0;
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(r, R_PHP, i);
        lines |= f->line == 6 ? 1 : f->line == 7 ? 2 : 0;
    }
    ck_assert_int_eq(lines, 3);
    DONE();
}
END_TEST

/* Templates in alternative syntax, heredocs, register_globals by hand. */
START_TEST(templates_heredoc_and_extract)
{
    file fs[] = {
        { "/www/status.phtml",
          "<html><?php if (isset($_GET['iface'])): ?>\n"
          "<pre><?= shell_exec(\"ifconfig \" . $_GET['iface']) ?></pre>\n"          /* 2 */
          "<?php else: ?>\n<p>none</p>\n<?php endif; ?>\n</html>\n" },
        { "/www/cgi-bin/upgrade.php",
          "<?php\nforeach ($_POST as $k => $v) { $$k = $v; }\n"
          "$cmd = <<<EOT\nsysupgrade -n $fwfile\nEOT;\n"
          "system($cmd);\n" },                                                         /* 6 */
        { "/www/cgi-bin/now.php",
          "<?php\n$d = <<<'EOT'\ndate $x\nEOT;\nsystem($d);\n" },
        { NULL, NULL },
    };
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 2);
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(r, R_PHP, i);
        if (strcmp(f->path, "/www/status.phtml") == 0)
            ck_assert_uint_eq(f->line, 2);
        else {
            ck_assert_str_eq(f->path, "/www/cgi-bin/upgrade.php");
            ck_assert_uint_eq(f->line, 6);
        }
    }
    DONE();
}
END_TEST

/* Broken and hostile input: unknown syntax is skipped, never the file. */
START_TEST(resilient_to_unknown_syntax)
{
    file fs[] = {
        { "/www/broken.php",
          "<?php\n#[Attribute]\n$x = match($a) { 1 => 'a', default => 'b' };\n"
          "$y = fn($q) => $q * 2;\n@@@ ))) ]]] {{{\n;\n"
          "$h = $_GET['h'];\nsystem(\"ping $h\");\n" },              /* 8 */
        { "/www/unterminated.php", "<?php\n$a = \"never closed ${\n" },
        { "/www/deep.php", NULL },
        { NULL, NULL },
    };
    static char deep[40000];
    size_t n = 0;
    n += (size_t)snprintf(deep, sizeof deep, "<?php\n$v = ");
    for (int i = 0; i < 10000 && n + 8 < sizeof deep; i++)
        deep[n++] = '(';
    deep[n] = 0;
    fs[2].content = deep;
    fw_report *r = scan(fs);
    ck_assert_uint_eq(tu_count(r, R_PHP), 1);
    ck_assert_str_eq(tu_get(r, R_PHP, 0)->path, "/www/broken.php");
    ck_assert_uint_eq(tu_get(r, R_PHP, 0)->line, 8);
    DONE();
}
END_TEST

/* A generated application of 500 files: linear-ish, well under a second. */
START_TEST(large_application_is_fast)
{
    enum { N = 500 };
    static char paths[N + 2][64];
    static char bodies[N + 2][1024];
    file fs[N + 3];
    size_t k = 0;
    snprintf(paths[0], sizeof paths[0], "/www/index.php");
    snprintf(bodies[0], sizeof bodies[0], "%s", front);
    fs[k++] = (file){ paths[0], bodies[0] };
    for (int i = 0; i < N; i++) {
        snprintf(paths[i + 1], sizeof paths[0], "/www/controllers/c%d_controller.php", i);
        snprintf(bodies[i + 1], sizeof bodies[0],
                 "<?php\nclass C%dController {\n"
                 "  public function show($id) { $x = helper%d($id); echo \"<p>$x</p>\"; }\n"
                 "  public function run($a) { return exec('logger ' . escapeshellarg($a)); }\n"
                 "}\nfunction helper%d($v) { return strtoupper(trim($v)) . '%d'; }\n",
                 i, i, i, i);
        fs[k++] = (file){ paths[i + 1], bodies[i + 1] };
    }
    fs[k++] = (file){ "/www/controllers/zz_controller.php",
                      "<?php\nclass ZzController { public function p($ip) { system('ping ' . $ip); } }\n" };
    fs[k] = (file){ NULL, NULL };
    clock_t c0 = clock();
    fw_report *r = scan(fs);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    ck_assert_uint_eq(tu_count(r, R_PHP), 1);
    ck_assert_msg(secs < 5.0, "took %.2f s", secs);
    DONE();
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("taint_php");
    TCase *tc = tcase_create("php");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, mvc_front_controller_to_shell_exec);
    tcase_add_test(tc, double_quoted_keys_are_literal);
    tcase_add_test(tc, mvc_sanitized_and_guarded_controllers);
    tcase_add_test(tc, unanchored_regex_and_escapeshellcmd_still_found);
    tcase_add_test(tc, camera_cgi_interpolation_and_backticks);
    tcase_add_test(tc, dead_code_is_no_finding);
    tcase_add_test(tc, functions_across_included_files);
    tcase_add_test(tc, eval_include_and_preg_e);
    tcase_add_test(tc, objects_constants_and_switch);
    tcase_add_test(tc, templates_heredoc_and_extract);
    tcase_add_test(tc, resilient_to_unknown_syntax);
    tcase_add_test(tc, large_application_is_fast);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
