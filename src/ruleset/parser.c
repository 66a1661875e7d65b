/* parser.c: the rule-file language (doc/rules.md) and the ruleset object.
 *
 * A rule file is read line by line; each line is one directive. Rules of one
 * file are parsed into a private list and added to the ruleset only when the
 * whole file loaded, so a failed load leaves the ruleset as it was. Every
 * error is FW_ERULE with "file:line: what" (the CLI exits 2 on it). Patterns
 * are compiled here, once, with JIT; the matcher only runs them. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/escape.h"
#include "core/jit.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/textio.h"
#include "core/fileio.h"
#include "core/xalloc.h"
#include "ruleset/ruleset.h"
#include "tree/tree.h"

/* Test files placed for one test case; reject patterns and comment prefixes
 * of one rule. The line length bounds them too; these keep lists short. */
#define MAX_TEST_FILES      FW_MAX_RULE_TESTS
#define MAX_RULE_REJECTS    FW_MAX_RULE_GLOBS
#define MAX_COMMENT_PREFIX  FW_MAX_RULE_GLOBS
/* rules/VERSION: only its first line, and only this much of it. */
#define MAX_VERSION_LEN     64

typedef struct parser {
    fw_ruleset *rs;
    const char *name;      /* file name for messages */
    char *dir;             /* directory of the rule file (data and test files) */
    unsigned lineno;
    fw_rule **rules;       /* parsed, not yet in rs */
    size_t n, cap;
    fw_rule *cur;          /* the open rule, or NULL */
    int comments_given;    /* the open rule has a `comments` line */
    int content_given;     /* ... a `content` line */
    int secret_given;      /* ... a `secret` line */
    fw_error *err;
} parser;

/* ---- errors ---------------------------------------------------------- */

/* "name:line: message" into err ("name: message" for line 0: the whole
 * file); values quoted from rule files may hold any
 * byte, so the whole message is escaped. Returns FW_ERULE. */
static int perr_at(parser *p, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int perr_at(parser *p, unsigned line, const char *fmt, ...)
{
    fw_strbuf raw = FW_STRBUF_INIT, esc = FW_STRBUF_INIT;
    va_list ap;
    if (line > 0)
        fw_sb_addf(&raw, "%s:%u: ", p->name, line);
    else
        fw_sb_addf(&raw, "%s: ", p->name);
    va_start(ap, fmt);
    fw_sb_vaddf(&raw, fmt, ap);
    va_end(ap);
    /* backslashes stay as written: messages quote escapes like \x41 */
    const char *m = fw_sb_str(&raw), *bs;
    while ((bs = strchr(m, '\\')) != NULL) {
        fw_escape(&esc, m, (size_t)(bs - m));
        fw_sb_addc(&esc, '\\');
        m = bs + 1;
    }
    fw_escape(&esc, m, strlen(m));
    int rc = fw_error_set(p->err, FW_ERULE, "%s", fw_sb_str(&esc));
    fw_sb_release(&raw);
    fw_sb_release(&esc);
    return rc;
}

#define perr(p, ...) perr_at((p), (p)->lineno, __VA_ARGS__)

/* ---- files ----------------------------------------------------------- */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return fw_xstrdup(".");
    if (slash == path)
        return fw_xstrdup("/");
    return fw_xstrndup(path, (size_t)(slash - path));
}

/* ---- rules ----------------------------------------------------------- */

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void test_free(fw_rule_test *t)
{
    for (size_t i = 0; i < t->n_files; i++) {
        free(t->files[i].path);
        free(t->files[i].raw_path);
        free(t->files[i].content);
    }
    free(t->files);
    t->files = NULL;
    t->n_files = 0;
}

static void rule_free(fw_rule *r)
{
    if (!r)
        return;
    free(r->id);
    for (size_t i = 0; i < r->n_requires; i++)
        free(r->requires[i]);
    free(r->title);
    free(r->fix);
    strv_free(r->paths, r->n_paths);
    strv_free(r->not_paths, r->n_not_paths);
    free(r->magic);
    strv_free(r->supersedes, r->n_supersedes);
    free(r->pattern);
    pcre2_code_free(r->code_);
    strv_free(r->reject, r->n_reject);
    for (size_t i = 0; i < r->n_reject; i++)
        pcre2_code_free(r->reject_code_ ? r->reject_code_[i] : NULL);
    free(r->reject_code_);
    strv_free(r->comment_prefixes, r->n_comment_prefixes);
    free(r->analyzer);
    free(r->check);
    for (size_t i = 0; i < r->n_params; i++) {
        free(r->params[i].key);
        free(r->params[i].value);
    }
    free(r->params);
    for (size_t i = 0; i < r->n_tests; i++)
        test_free(&r->tests[i]);
    free(r->tests);
    free(r->file);
    free(r->dir);
    free(r);
}

/* Where an already loaded or parsed rule of this id is, or NULL. */
static const fw_rule *find_id(const parser *p, const char *id)
{
    const fw_rule *r = fw_ruleset_find(p->rs, id);
    for (size_t i = 0; !r && i < p->n; i++)
        if (strcmp(p->rules[i]->id, id) == 0)
            r = p->rules[i];
    return r;
}

/* ---- lexing ---------------------------------------------------------- */

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static char *skip_blanks(char *s)
{
    while (is_blank(*s))
        s++;
    return s;
}

/* Cut the next blank-separated word out of *s (NUL-terminates it in place)
 * and advance *s past it. Returns NULL at the end of the line. */
static char *next_word(char **s)
{
    char *w = skip_blanks(*s);
    if (!*w)
        return NULL;
    char *e = w;
    while (*e && !is_blank(*e))
        e++;
    if (*e)
        *e++ = '\0';
    *s = e;
    return w;
}

/* The value of a rest-of-line directive: a value written in double quotes
 * has them dropped (`title "x"` and `title x` say the same). */
static char *unquote_text(char *v)
{
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
        v[n - 1] = '\0';
        return v + 1;
    }
    return v;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parse a C-escaped double-quoted string at *s (which points at '"').
 * The result may hold NUL bytes; *out is NUL-terminated besides. */
static int parse_quoted(parser *p, char **s, unsigned char **out, size_t *len)
{
    const char *q = *s + 1;
    unsigned char *buf = fw_xmalloc(strlen(q) + 1);
    size_t n = 0;
    for (;;) {
        char c = *q++;
        if (c == '\0') {
            free(buf);
            return perr(p, "unterminated string (a closing \" is missing)");
        }
        if (c == '"')
            break;
        if (c != '\\') {
            buf[n++] = (unsigned char)c;
            continue;
        }
        c = *q++;
        switch (c) {
        case '"': buf[n++] = '"'; break;
        case '\\': buf[n++] = '\\'; break;
        case 'n': buf[n++] = '\n'; break;
        case 't': buf[n++] = '\t'; break;
        case 'r': buf[n++] = '\r'; break;
        case '0': buf[n++] = '\0'; break;
        case 'x': {
            int hi = hexval(q[0]), lo = hi < 0 ? -1 : hexval(q[1]);
            if (lo < 0) {
                free(buf);
                return perr(p, "\\x needs two hex digits");
            }
            buf[n++] = (unsigned char)(hi * 16 + lo);
            q += 2;
            break;
        }
        default:
            free(buf);
            return perr(p, "unknown escape \\%c in string (use \\\" \\\\ \\n \\t \\r \\0 \\xHH)",
                        c ? c : '0');
        }
    }
    if (*q && !is_blank(*q)) {
        free(buf);
        return perr(p, "text after a closing \" must be separated by a blank");
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    *s = (char *)q;
    return FW_OK;
}

/* ---- directive values ------------------------------------------------ */

static int valid_rule_id(const char *id)
{
    if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
        return 0;
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '-'))
            return 0;
    return 1;
}

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

/* Globs are matched against absolute, normalized paths: one that does not
 * start with '/' or '**' could never match, so it is a mistake. Brackets
 * must close; a trailing backslash escapes nothing. The bracket rules are
 * those of fw_glob_match (glob.c). */
static const char *glob_problem(const char *g)
{
    if (g[0] != '/' && strncmp(g, "**", 2) != 0)
        return "must start with / or ** (paths in an image are absolute)";
    for (const char *c = g; *c; c++) {
        if (*c == '\\') {
            if (!c[1])
                return "ends in a lone backslash";
            c++;
        } else if (*c == '[') {
            const char *e = c + 1;
            if (*e == '!' || *e == '^')
                e++;
            if (*e == ']')
                e++;
            while (*e && *e != ']')
                e++;
            if (!*e)
                return "has a [ without its ]";
            c = e;
        }
    }
    return NULL;
}

static int compile_pattern(parser *p, const char *what, const char *src, void **out)
{
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_MULTILINE,
                                     &errcode, &erroff, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(errcode, msg, sizeof msg) < 0)
            strcpy((char *)msg, "unknown PCRE2 error");
        return perr(p, "%s does not compile at offset %zu: %s", what, (size_t)erroff,
                    (const char *)msg);
    }
    /* JIT is an optimisation: where it is unavailable PCRE2 interprets. */
    fw_pcre2_jit(code);
    *out = code;
    return FW_OK;
}

/* ---- directives ------------------------------------------------------ */

typedef int (*directive_fn)(parser *p, fw_rule *r, char *value);

static int once(parser *p, const void *field, const char *name)
{
    if (field)
        return perr(p, "`%s` given twice in rule %s", name, p->cur->id);
    return FW_OK;
}

/* `requires` IDs: the rule gives evidence for them (a clean run counts
 * towards PASS); `also` IDs: a finding fails them too, a clean run says
 * nothing about them. */
static int add_requirements(parser *p, fw_rule *r, char *v, int related)
{
    char *w;
    while ((w = next_word(&v)) != NULL) {
        if (!fw_catalog_find(p->rs->catalog, w))
            return perr(p, "unknown requirement ID %s (not in %s)", w, p->rs->catalog->source);
        for (size_t i = 0; i < r->n_requires; i++)
            if (strcmp(r->requires[i], w) == 0)
                return perr(p, "requirement %s named twice", w);
        if (r->n_requires >= FW_MAX_RULE_REQUIRES)
            return perr(p, "more than %d requirement IDs in one rule", FW_MAX_RULE_REQUIRES);
        r->related[r->n_requires] = (unsigned char)related;
        r->requires[r->n_requires++] = fw_xstrdup(w);
    }
    return FW_OK;
}

static int d_requires(parser *p, fw_rule *r, char *v) { return add_requirements(p, r, v, 0); }
static int d_also(parser *p, fw_rule *r, char *v) { return add_requirements(p, r, v, 1); }

static int d_severity(parser *p, fw_rule *r, char *v)
{
    char *w = next_word(&v);
    if (r->severity_given)
        return perr(p, "`severity` given twice in rule %s", r->id);
    int s = w ? fw_severity_parse(w) : -1;
    if (s < 0 || next_word(&v))
        return perr(p, "bad severity \"%s\" (info, low, medium, high or critical)", w ? w : "");
    r->severity = (fw_severity)s;
    r->severity_given = 1;
    return FW_OK;
}

static int d_title(parser *p, fw_rule *r, char *v)
{
    int rc = once(p, r->title, "title");
    if (rc == FW_OK)
        r->title = fw_xstrdup(unquote_text(v));
    return rc;
}

static int d_fix(parser *p, fw_rule *r, char *v)
{
    int rc = once(p, r->fix, "fix");
    if (rc == FW_OK)
        r->fix = fw_xstrdup(unquote_text(v));
    return rc;
}

static int add_globs(parser *p, char ***arr, size_t *n, char *v)
{
    char *w;
    while ((w = next_word(&v)) != NULL) {
        const char *why = glob_problem(w);
        if (why)
            return perr(p, "glob %s %s", w, why);
        if (*n >= FW_MAX_RULE_GLOBS)
            return perr(p, "more than %d globs in one list", FW_MAX_RULE_GLOBS);
        *arr = fw_xreallocarray(*arr, *n + 1, sizeof **arr);
        (*arr)[(*n)++] = fw_xstrdup(w);
    }
    return FW_OK;
}

static int d_path(parser *p, fw_rule *r, char *v)
{
    return add_globs(p, &r->paths, &r->n_paths, v);
}

static int d_not_path(parser *p, fw_rule *r, char *v)
{
    return add_globs(p, &r->not_paths, &r->n_not_paths, v);
}

static int d_content(parser *p, fw_rule *r, char *v)
{
    char *w = next_word(&v);
    if (p->content_given++)
        return perr(p, "`content` given twice in rule %s", r->id);
    if (w && !next_word(&v)) {
        if (strcmp(w, "any") == 0) { r->content = FW_CONTENT_ANY; return FW_OK; }
        if (strcmp(w, "text") == 0) { r->content = FW_CONTENT_TEXT; return FW_OK; }
        if (strcmp(w, "binary") == 0) { r->content = FW_CONTENT_BINARY; return FW_OK; }
    }
    return perr(p, "bad content \"%s\" (text, binary or any)", w ? w : "");
}

/* `group file`: the matches of the rule in one file are one fact (the two
 * listen lines of one server): one finding per file, every matching line
 * kept as its evidence (fw_report_aggregate does the merging). */
static int d_group(parser *p, fw_rule *r, char *v)
{
    char *w = next_word(&v);
    if (r->group_file)
        return perr(p, "`group` given twice in rule %s", r->id);
    if (!w || strcmp(w, "file") != 0 || next_word(&v))
        return perr(p, "bad group \"%s\" (only `group file`)", w ? w : "");
    r->group_file = 1;
    return FW_OK;
}

/* `supersedes ID...`: this rule says more about the same fact than the
 * rules named (a published default password is also a hard-coded password):
 * where both find something on the same file and line, fw_report_aggregate
 * keeps this rule's finding and names the other in it. */
static int d_supersedes(parser *p, fw_rule *r, char *v)
{
    char *w;
    int any = 0;
    while ((w = next_word(&v)) != NULL) {
        if (strcmp(w, r->id) == 0)
            return perr(p, "rule %s supersedes itself", r->id);
        if (r->n_supersedes >= FW_MAX_RULE_GLOBS)
            return perr(p, "more than %d rules in `supersedes`", FW_MAX_RULE_GLOBS);
        r->supersedes = fw_xreallocarray(r->supersedes, r->n_supersedes + 1, sizeof *r->supersedes);
        r->supersedes[r->n_supersedes++] = fw_xstrdup(w);
        any = 1;
    }
    return any ? FW_OK : perr(p, "`supersedes` names no rule");
}

static int d_magic(parser *p, fw_rule *r, char *v)
{
    int rc = once(p, r->magic, "magic");
    if (rc == FW_OK)
        r->magic = fw_xstrdup(v);
    return rc;
}

static int d_pattern(parser *p, fw_rule *r, char *v)
{
    int rc = once(p, r->pattern, "pattern");
    if (rc == FW_OK)
        rc = compile_pattern(p, "pattern", v, &r->code_);
    if (rc == FW_OK)
        r->pattern = fw_xstrdup(v);
    return rc;
}

static int d_secret(parser *p, fw_rule *r, char *v)
{
    char *w = next_word(&v), *end = NULL;
    if (p->secret_given++)
        return perr(p, "`secret` given twice in rule %s", r->id);
    unsigned long g = w ? strtoul(w, &end, 10) : 0;
    if (!w || *end || w[0] < '0' || w[0] > '9' || g > 65535 || next_word(&v))
        return perr(p, "bad secret group \"%s\" (a capture group number)", w ? w : "");
    r->secret_group = (unsigned)g;
    return FW_OK;
}

static int d_reject(parser *p, fw_rule *r, char *v)
{
    if (r->n_reject >= MAX_RULE_REJECTS)
        return perr(p, "more than %d reject patterns in one rule", MAX_RULE_REJECTS);
    void *code = NULL;
    int rc = compile_pattern(p, "reject pattern", v, &code);
    if (rc != FW_OK)
        return rc;
    r->reject = fw_xreallocarray(r->reject, r->n_reject + 1, sizeof *r->reject);
    r->reject_code_ = fw_xreallocarray(r->reject_code_, r->n_reject + 1, sizeof *r->reject_code_);
    r->reject[r->n_reject] = fw_xstrdup(v);
    r->reject_code_[r->n_reject] = code;
    r->n_reject++;
    return FW_OK;
}

static int d_comments(parser *p, fw_rule *r, char *v)
{
    if (p->comments_given)
        return perr(p, "`comments` given twice in rule %s", r->id);
    p->comments_given = 1;
    char *w;
    size_t words = 0;
    while ((w = next_word(&v)) != NULL) {
        words++;
        if (strcmp(w, "none") == 0)
            continue;
        if (r->n_comment_prefixes >= MAX_COMMENT_PREFIX)
            return perr(p, "more than %d comment prefixes", MAX_COMMENT_PREFIX);
        r->comment_prefixes = fw_xreallocarray(r->comment_prefixes, r->n_comment_prefixes + 1,
                                            sizeof *r->comment_prefixes);
        r->comment_prefixes[r->n_comment_prefixes++] = fw_xstrdup(w);
    }
    if (words == 0 || (r->n_comment_prefixes > 0 && r->n_comment_prefixes != words))
        return perr(p, "`comments` takes prefixes, or `none` alone");
    return FW_OK;
}

static int d_analyzer(parser *p, fw_rule *r, char *v)
{
    int rc = once(p, r->analyzer, "analyzer");
    if (rc != FW_OK)
        return rc;
    char *name = next_word(&v), *w;
    if (!name || !valid_name(name))
        return perr(p, "bad analyzer name \"%s\"", name ? name : "");
    r->analyzer = fw_xstrdup(name);
    while ((w = next_word(&v)) != NULL) {
        char *eq = strchr(w, '=');
        if (!eq || eq == w)
            return perr(p, "analyzer parameter \"%s\" is not key=value", w);
        *eq = '\0';
        if ((strcmp(w, "check") == 0 && r->check) || fw_rule_param(r, w))
            return perr(p, "analyzer parameter %s given twice", w);
        if (strcmp(w, "check") == 0) {
            if (!valid_name(eq + 1))
                return perr(p, "bad check name \"%s\"", eq + 1);
            r->check = fw_xstrdup(eq + 1);
            continue;
        }
        r->params = fw_xreallocarray(r->params, r->n_params + 1, sizeof *r->params);
        r->params[r->n_params].key = fw_xstrdup(w);
        r->params[r->n_params].value = fw_xstrdup(eq + 1);
        r->n_params++;
    }
    return FW_OK;
}

/* ---- tests ----------------------------------------------------------- */


static int test_content_from_file(parser *p, const char *file, unsigned char **out, size_t *len)
{
    char *path = file[0] == '/' ? fw_xstrdup(file) : fw_xasprintf("%s/%s", p->dir, file);
    char *buf = NULL;
    fw_error ferr;
    int rc = FW_OK;
    if (fw_read_file(path, FW_MAX_DATA_FILE_SIZE, &buf, len, &ferr) != FW_OK)
        rc = perr(p, "cannot read test file %s: %s", path, ferr.msg);
    free(path);
    *out = (unsigned char *)buf;
    return rc;
}

static int test_add_file(parser *p, fw_rule_test *t, const char *at, unsigned mode,
                         unsigned char *content, size_t len)
{
    char *path = fw_path_normalize(at ? at : "/test");
    if (!path) {
        free(content);
        return perr(p, "test path too long");
    }
    for (size_t i = 0; i < t->n_files; i++) {
        if (strcmp(t->files[i].path, path) == 0) {
            int rc = perr(p, "test places two files at %s", path);
            free(path);
            free(content);
            return rc;
        }
    }
    if (t->n_files >= MAX_TEST_FILES) {
        free(path);
        free(content);
        return perr(p, "more than %d files in one test", MAX_TEST_FILES);
    }
    t->files = fw_xreallocarray(t->files, t->n_files + 1, sizeof *t->files);
    t->files[t->n_files].path = path;
    t->files[t->n_files].content = content;
    t->files[t->n_files].size = len;
    t->files[t->n_files].mode = mode;
    t->files[t->n_files].raw_path = at && fw_path_escapes(at) ? fw_xstrdup(at) : NULL;
    t->n_files++;
    return FW_OK;
}

/* `[at PATH [mode OCTAL]] "content" [at PATH "content" ...]`, or with FILE
 * names in place of the strings when from_file. */
static int parse_test_files(parser *p, fw_rule_test *t, char *v, int from_file)
{
    const char *at = NULL;
    unsigned mode = 0644;
    for (;;) {
        v = skip_blanks(v);
        if (!*v)
            break;
        unsigned char *content = NULL;
        size_t len = 0;
        int rc;
        if (!from_file && *v == '"') {
            rc = parse_quoted(p, &v, &content, &len);
        } else {
            char *w = next_word(&v);
            if (strcmp(w, "at") == 0) {
                if (at)
                    return perr(p, "`at %s` is followed by another `at`", at);
                at = next_word(&v);
                if (!at || at[0] != '/')
                    return perr(p, "`at` needs an absolute path");
                continue;
            }
            if (strcmp(w, "mode") == 0) {
                /* permission bits of the next file: for permission checks */
                char *m = next_word(&v), *end = NULL;
                unsigned long val = m ? strtoul(m, &end, 8) : 0;
                if (!m || *end || val > 07777)
                    return perr(p, "`mode` needs an octal number up to 7777");
                mode = (unsigned)val;
                continue;
            }
            if (!from_file)
                return perr(p, "expected `at PATH` or a \"quoted\" string, not %s", w);
            rc = test_content_from_file(p, w, &content, &len);
        }
        if (rc != FW_OK)
            return rc;
        if ((rc = test_add_file(p, t, at, mode, content, len)) != FW_OK)
            return rc;
        at = NULL;
        mode = 0644;
    }
    if (at)
        return perr(p, "`at %s` without content", at);
    if (t->n_files == 0)
        return perr(p, "test without content");
    return FW_OK;
}

static int add_test(parser *p, fw_rule *r, char *v, int must_match, int from_file)
{
    if (r->n_tests >= FW_MAX_RULE_TESTS)
        return perr(p, "more than %d tests in one rule", FW_MAX_RULE_TESTS);
    fw_rule_test t = { .must_match = must_match, .line = p->lineno };
    int rc = parse_test_files(p, &t, v, from_file);
    if (rc != FW_OK) {
        test_free(&t);
        return rc;
    }
    r->tests = fw_xreallocarray(r->tests, r->n_tests + 1, sizeof *r->tests);
    r->tests[r->n_tests++] = t;
    return FW_OK;
}

static int d_must_match(parser *p, fw_rule *r, char *v) { return add_test(p, r, v, 1, 0); }
static int d_must_not_match(parser *p, fw_rule *r, char *v) { return add_test(p, r, v, 0, 0); }
static int d_must_match_file(parser *p, fw_rule *r, char *v) { return add_test(p, r, v, 1, 1); }
static int d_must_not_match_file(parser *p, fw_rule *r, char *v) { return add_test(p, r, v, 0, 1); }

static const struct directive {
    const char *name;
    directive_fn fn;
} directives[] = {
    { "requires", d_requires },
    { "also", d_also },
    { "severity", d_severity },
    { "title", d_title },
    { "fix", d_fix },
    { "path", d_path },
    { "not-path", d_not_path },
    { "content", d_content },
    { "magic", d_magic },
    { "pattern", d_pattern },
    { "secret", d_secret },
    { "reject", d_reject },
    { "comments", d_comments },
    { "group", d_group },
    { "supersedes", d_supersedes },
    { "analyzer", d_analyzer },
    { "must-match", d_must_match },
    { "must-not-match", d_must_not_match },
    { "must-match-file", d_must_match_file },
    { "must-not-match-file", d_must_not_match_file },
};

/* ---- rule open / close ----------------------------------------------- */

static int rule_open(parser *p, char *v)
{
    if (p->cur)
        return perr(p, "`rule` inside rule %s (opened at line %u): `end` is missing",
                    p->cur->id, p->cur->line);
    char *id = next_word(&v);
    if (!id || next_word(&v) || !valid_rule_id(id))
        return perr(p, "bad rule id \"%s\" (lower-case letters, digits, '.' and '-')",
                    id ? id : "");
    const fw_rule *dup = find_id(p, id);
    if (dup)
        return perr(p, "duplicate rule id %s (first defined at %s:%u)", id, dup->file, dup->line);
    if (p->rs->count + p->n >= FW_MAX_RULES)
        return perr(p, "more than %d rules", FW_MAX_RULES);
    fw_rule *r = fw_xcalloc(1, sizeof *r);
    r->id = fw_xstrdup(id);
    r->severity = FW_SEV_MEDIUM;
    r->file = fw_xstrdup(p->name);
    r->line = p->lineno;
    r->dir = fw_xstrdup(p->dir);
    p->cur = r;
    p->comments_given = p->content_given = p->secret_given = 0;
    return FW_OK;
}

static int rule_close(parser *p, char *v)
{
    fw_rule *r = p->cur;
    if (!r)
        return perr(p, "`end` without `rule`");
    if (*skip_blanks(v))
        return perr(p, "`end` takes no value");
    if (r->secret_group > 0) {
        uint32_t groups = 0;
        if (!r->code_)
            return perr(p, "rule %s: `secret` needs a `pattern`", r->id);
        pcre2_pattern_info(r->code_, PCRE2_INFO_CAPTURECOUNT, &groups);
        if (r->secret_group > groups)
            return perr(p, "rule %s: secret group %u, but the pattern has %u group(s)",
                        r->id, r->secret_group, groups);
    }
    if (!p->comments_given) {
        r->comment_prefixes = fw_xcalloc(1, sizeof *r->comment_prefixes);
        r->comment_prefixes[0] = fw_xstrdup("#");
        r->n_comment_prefixes = 1;
    }
    FW_XGROW(p->rules, p->cap, p->n + 1);
    p->rules[p->n++] = r;
    p->cur = NULL;
    return FW_OK;
}

/* One line: blank, comment, or `keyword value`. `line` is NUL-terminated
 * and writable. */
static int parse_line(parser *p, char *line)
{
    char *s = skip_blanks(line);
    size_t n = strlen(s);
    while (n > 0 && (is_blank(s[n - 1]) || s[n - 1] == '\r'))
        s[--n] = '\0';
    if (!*s || *s == '#')
        return FW_OK;
    char *kw = s;
    while (*s && !is_blank(*s))
        s++;
    if (*s)
        *s++ = '\0';
    char *value = skip_blanks(s);

    if (strcmp(kw, "rule") == 0)
        return rule_open(p, value);
    if (strcmp(kw, "end") == 0)
        return rule_close(p, value);
    for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++) {
        if (strcmp(kw, directives[i].name) != 0)
            continue;
        if (!p->cur)
            return perr(p, "`%s` outside a rule (a rule starts with `rule ID`)", kw);
        if (!*value)
            return perr(p, "`%s` needs a value", kw);
        return directives[i].fn(p, p->cur, value);
    }
    return perr(p, "unknown directive %s", kw);
}

/* 1-based line number of position at in text. */
static unsigned line_at(const char *text, const char *at)
{
    unsigned line = 1;
    for (const char *c = text; c < at; c++)
        line += *c == '\n';
    return line;
}

static int parse_text(parser *p, const char *text, size_t len)
{
    if (len > FW_MAX_RULE_FILE_SIZE)
        return perr_at(p, 0, "rule file larger than %u bytes", FW_MAX_RULE_FILE_SIZE);
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return perr_at(p, line_at(text, nul), "NUL byte in rule file");
    char *buf = fw_xmalloc(FW_MAX_RULE_LINE + 1);
    fw_line_iter it;
    fw_line ln;
    int rc = FW_OK;
    fw_lines_init(&it, text, len);
    while (fw_lines_next(&it, &ln)) {
        p->lineno = (unsigned)ln.lineno;
        if (ln.len > FW_MAX_RULE_LINE) {
            rc = perr(p, "line longer than %d bytes", FW_MAX_RULE_LINE);
            goto out;
        }
        memcpy(buf, ln.s, ln.len);
        buf[ln.len] = '\0';
        FW_CHECK(parse_line(p, buf));
    }
    if (p->cur)
        rc = perr_at(p, p->cur->line, "rule %s has no `end`", p->cur->id);
out:
    free(buf);
    return rc;
}

/* ---- loading --------------------------------------------------------- */

/* Parse text as the rule file `name` (data and test files relative to dir)
 * and, only if all of it loads, add its rules to rs. */
static int load_text(fw_ruleset *rs, const char *name, const char *dir, const char *text,
                     size_t len, fw_error *err)
{
    parser p = { .rs = rs, .name = name, .dir = fw_xstrdup(dir), .err = err };
    int rc = parse_text(&p, text, len);
    if (rc == FW_OK && p.n > 0) {   /* a file of comments adds nothing (and
                                      * rs->rules may still be NULL) */
        FW_XGROW(rs->rules, rs->cap, rs->count + p.n);
        memcpy(rs->rules + rs->count, p.rules, p.n * sizeof *p.rules);
        rs->count += p.n;
        p.n = 0;
    }
    for (size_t i = 0; i < p.n; i++)
        rule_free(p.rules[i]);
    rule_free(p.cur);
    free(p.rules);
    free(p.dir);
    return rc;
}

int fw_ruleset_load_string(fw_ruleset *rs, const char *name, const char *text, fw_error *err)
{
    char *dir = dir_of(name);
    int rc = load_text(rs, name, dir, text, strlen(text), err);
    free(dir);
    return rc;
}

int fw_ruleset_load_file(fw_ruleset *rs, const char *path, fw_error *err)
{
    char *text = NULL, *dir = NULL;
    size_t len = 0;
    fw_error ferr;
    if (fw_read_file(path, FW_MAX_RULE_FILE_SIZE, &text, &len, &ferr) != FW_OK)
        return fw_error_set(err, FW_ERULE, "%s: cannot read rule file: %s", path, ferr.msg);
    dir = dir_of(path);
    int rc = load_text(rs, path, dir, text, len, err);
    free(dir);
    free(text);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* The first line of dir/VERSION, if there is one and the ruleset has no
 * version yet: the shipped set is loaded first and names the release. */
static void read_version(fw_ruleset *rs, const char *dir)
{
    if (strcmp(rs->version, "unknown") != 0)
        return;
    char *path = fw_xasprintf("%s/VERSION", dir), *text = NULL;
    size_t len = 0, n = 0;
    if (fw_read_file(path, 4096, &text, &len, NULL) == FW_OK) {
        while (n < len && n < MAX_VERSION_LEN && text[n] > ' ' && text[n] < 0x7f)
            n++;
        if (n > 0) {
            free(rs->version);
            rs->version = fw_xstrndup(text, n);
        }
    }
    free(text);
    free(path);
}

int fw_ruleset_load_dir(fw_ruleset *rs, const char *dir, fw_error *err)
{
    int rc = FW_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(dir);
    if (!d)
        return fw_error_set(err, FW_ERULE, "%s: cannot open rule directory: %s", dir,
                            strerror(errno));
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".rules"))
            continue;
        if (n >= FW_MAX_RULES) {
            rc = fw_error_set(err, FW_ERULE, "%s: more than %d rule files", dir, FW_MAX_RULES);
            goto out;
        }
        FW_XGROW(names, cap, n + 1);
        names[n++] = fw_xstrdup(de->d_name);
    }
    /* strcmp, not the locale's collation: the same order everywhere */
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *path = fw_xasprintf("%s/%s", dir, names[i]);
        rc = fw_ruleset_load_file(rs, path, err);
        free(path);
        if (rc != FW_OK)
            goto out;
    }
    read_version(rs, dir);
out:
    closedir(d);
    strv_free(names, n);
    return rc;
}

/* ---- the ruleset object ---------------------------------------------- */

int fw_ruleset_new(fw_ruleset **out, const char *catalog_path, fw_error *err)
{
    *out = NULL;
    fw_ruleset *rs = fw_xcalloc(1, sizeof *rs);
    int rc = fw_catalog_load(&rs->catalog, catalog_path, err);
    if (rc != FW_OK) {
        free(rs);
        return rc;
    }
    rs->version = fw_xstrdup("unknown");
    *out = rs;
    return FW_OK;
}

void fw_ruleset_free(fw_ruleset **rsp)
{
    if (!rsp || !*rsp)
        return;
    fw_ruleset *rs = *rsp;
    for (size_t i = 0; i < rs->count; i++)
        rule_free(rs->rules[i]);
    free(rs->rules);
    fw_catalog_free(&rs->catalog);
    free(rs->version);
    free(rs);
    *rsp = NULL;
}

const fw_rule *fw_ruleset_find(const fw_ruleset *rs, const char *id)
{
    for (size_t i = 0; rs && i < rs->count; i++)
        if (strcmp(rs->rules[i]->id, id) == 0)
            return rs->rules[i];
    return NULL;
}

const char *fw_rule_param(const fw_rule *r, const char *key)
{
    if (strcmp(key, "check") == 0 && r->check)
        return r->check;
    for (size_t i = 0; i < r->n_params; i++)
        if (strcmp(r->params[i].key, key) == 0)
            return r->params[i].value;
    return NULL;
}

char *fw_rule_param_path(const fw_rule *r, const char *key)
{
    const char *v = fw_rule_param(r, key);
    if (!v)
        return NULL;
    if (v[0] == '/' || !r->dir)
        return fw_xstrdup(v);
    return fw_xasprintf("%s/%s", r->dir, v);
}
