/* dltools.c: the remote-code command table and option parsing (dltools.h). */
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/dltools.h"
#include "core/fileio.h"
#include "core/limits.h"
#include "core/textio.h"
#include "core/xalloc.h"

#define MAX_FIELDS 128

static const struct { const char *word; fw_rc_role role; } opt_roles[] = {
    { "output", FW_RC_OPT_OUTPUT },       { "directory", FW_RC_OPT_DIRECTORY },
    { "remote", FW_RC_OPT_REMOTE },       { "input", FW_RC_OPT_INPUT },
    { "arg", FW_RC_OPT_ARG },             { "remote-name", FW_RC_OPT_REMOTE_NAME },
    { "insecure", FW_RC_OPT_INSECURE },   { "extract", FW_RC_OPT_EXTRACT },
    { "verify", FW_RC_OPT_VERIFY },       { "code", FW_RC_OPT_CODE },
    { "put", FW_RC_OPT_PUT },
};

static const struct { const char *word; unsigned kind; } kinds[] = {
    { "fetch", FW_RC_FETCH }, { "interp", FW_RC_INTERP }, { "source", FW_RC_SOURCE },
    { "eval", FW_RC_EVAL },   { "filter", FW_RC_FILTER }, { "unpack", FW_RC_UNPACK },
    { "verify", FW_RC_VERIFY },
};

static fw_rc_tool *tool_get(fw_rc_table *t, const char *name, size_t len)
{
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->v[i].name) == len && memcmp(t->v[i].name, name, len) == 0)
            return &t->v[i];
    FW_XGROW(t->v, t->cap, t->n + 1);
    fw_rc_tool *tool = &t->v[t->n++];
    memset(tool, 0, sizeof *tool);
    tool->name = fw_xstrndup(name, len);
    return tool;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static int eq(const char *s, size_t n, const char *w) { return strlen(w) == n && memcmp(s, w, n) == 0; }

static unsigned number(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > 1000)
            return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    return v;
}

int fw_rc_table_load_text(fw_rc_table *t, const char *path, const char *text, size_t len,
                          fw_error *err)
{
    fw_line_iter it;
    fw_line ln;
    fw_lines_init(&it, text, len);
    while (fw_lines_next(&it, &ln)) {
        const char *f[MAX_FIELDS];
        size_t fl[MAX_FIELDS], nf = 0;
        for (size_t i = 0; i < ln.len;) {
            while (i < ln.len && is_blank(ln.s[i]))
                i++;
            if (i == ln.len)
                break;
            if (nf == MAX_FIELDS)
                return fw_error_set(err, FW_ERULE, "%s:%llu: more than %d words", path,
                                    (unsigned long long)ln.lineno, MAX_FIELDS);
            f[nf] = ln.s + i;
            while (i < ln.len && !is_blank(ln.s[i]))
                i++;
            fl[nf] = (size_t)(ln.s + i - f[nf]);
            nf++;
        }
        if (nf == 0 || f[0][0] == '#')
            continue;
        if (nf < 2)
            return fw_error_set(err, FW_ERULE, "%s:%llu: expected COMMAND ROLE [WORD ...]", path,
                                (unsigned long long)ln.lineno);
        if (t->n >= FW_MAX_CMD_PATTERNS)
            return fw_error_set(err, FW_ERULE, "%s:%llu: more than %d commands "
                                "(FW_MAX_CMD_PATTERNS)", path, (unsigned long long)ln.lineno,
                                FW_MAX_CMD_PATTERNS);
        fw_rc_tool *tool = tool_get(t, f[0], fl[0]);
        const char *r = f[1];
        size_t rl = fl[1];
        int known = 0;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (eq(r, rl, kinds[k].word)) {
                tool->kinds |= kinds[k].kind;
                known = 1;
            }
        if (eq(r, rl, "fetch")) {
            if (nf != 3)
                return fw_error_set(err, FW_ERULE, "%s:%llu: fetch takes one scheme", path,
                                    (unsigned long long)ln.lineno);
            free(tool->scheme);
            tool->scheme = fw_xstrndup(f[2], fl[2]);
            continue;
        }
        if (eq(r, rl, "default")) {
            if (nf != 3)
                goto bad_default;
            if (eq(f[2], fl[2], "stdout"))
                tool->dflt = FW_RC_TO_STDOUT;
            else if (eq(f[2], fl[2], "url-name"))
                tool->dflt = FW_RC_TO_URL_NAME;
            else if (eq(f[2], fl[2], "remote-name"))
                tool->dflt = FW_RC_TO_REMOTE_NAME;
            else
                goto bad_default;
            continue;
        }
        unsigned *operand = eq(r, rl, "local-operand") ? &tool->local_operand
                          : eq(r, rl, "host-operand")  ? &tool->host_operand
                          : eq(r, rl, "input-operand") ? &tool->input_operand : NULL;
        if (operand) {
            if (nf != 3 || (*operand = number(f[2], fl[2])) == 0)
                return fw_error_set(err, FW_ERULE, "%s:%llu: %.*s takes a number from 1", path,
                                    (unsigned long long)ln.lineno, (int)rl, r);
            continue;
        }
        fw_rc_role role = FW_RC_OPT_NONE;
        for (size_t k = 0; k < sizeof opt_roles / sizeof opt_roles[0]; k++)
            if (eq(r, rl, opt_roles[k].word))
                role = opt_roles[k].role;
        if (role == FW_RC_OPT_NONE) {
            if (known && nf == 2)
                continue;
            return fw_error_set(err, FW_ERULE, "%s:%llu: unknown role '%.*s'", path,
                                (unsigned long long)ln.lineno, (int)rl, r);
        }
        for (size_t k = 2; k < nf; k++) {
            if (f[k][0] != '-' && !eq(f[k], fl[k], "*"))
                return fw_error_set(err, FW_ERULE, "%s:%llu: option '%.*s' does not start "
                                    "with '-'", path, (unsigned long long)ln.lineno,
                                    (int)fl[k], f[k]);
            FW_XGROW(tool->opts, tool->cap_opts, tool->n_opts + 1);
            tool->opts[tool->n_opts].name = fw_xstrndup(f[k], fl[k]);
            tool->opts[tool->n_opts++].role = role;
        }
        continue;
bad_default:
        return fw_error_set(err, FW_ERULE, "%s:%llu: default is stdout, url-name or "
                            "remote-name", path, (unsigned long long)ln.lineno);
    }
    return FW_OK;
}

int fw_rc_table_load_for(fw_check_ctx *ctx, const char *const *checks, const char *param,
                         fw_rc_table *t, fw_error *err)
{
    const fw_rule *rule = NULL;
    for (size_t i = 0; checks[i] && !rule; i++) {
        const fw_rule *r = fw_check_rule(ctx, checks[i]);
        if (r && fw_rule_param(r, param))
            rule = r;
    }
    if (!rule)
        return FW_OK;
    char *path = fw_rule_param_path(rule, param), *text = NULL;
    size_t len = 0;
    fw_error ferr;
    int rc = FW_OK;
    if (fw_read_file(path, FW_MAX_DATA_FILE_SIZE, &text, &len, &ferr) != FW_OK)
        rc = fw_error_set(err, FW_ERULE, "%s:%u: rule %s: cannot read %s: %s",
                          rule->file ? rule->file : "?", rule->line, rule->id, path, ferr.msg);
    else
        rc = fw_rc_table_load_text(t, path, text, len, err);
    free(text);
    free(path);
    return rc;
}

void fw_rc_table_release(fw_rc_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t k = 0; k < t->v[i].n_opts; k++)
            free(t->v[i].opts[k].name);
        free(t->v[i].opts);
        free(t->v[i].name);
        free(t->v[i].scheme);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

const fw_rc_tool *fw_rc_tool_find(const fw_rc_table *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].name, name) == 0)
            return &t->v[i];
    return NULL;
}

static fw_rc_role role_of(const fw_rc_tool *tool, const char *opt, size_t len)
{
    for (size_t k = 0; k < tool->n_opts; k++)
        if (eq(opt, len, tool->opts[k].name))
            return tool->opts[k].role;
    return FW_RC_OPT_NONE;
}

static int takes_arg(fw_rc_role r) { return r >= FW_RC_OPT_OUTPUT && r <= FW_RC_OPT_ARG; }

void fw_rc_parse(const fw_rc_tool *tool, char *const *w, size_t n, fw_rc_args *out)
{
    memset(out, 0, sizeof *out);
    /* "*": the role holds whatever the words are (unzip always extracts). */
    for (size_t k = 0; k < tool->n_opts; k++)
        if (strcmp(tool->opts[k].name, "*") == 0)
            out->flag[tool->opts[k].role] = 1;
    int opts_done = 0;
    for (size_t i = 0; i < n; i++) {
        const char *a = w[i];
        size_t al = strlen(a);
        int tar_style = i == 0 && (tool->kinds & FW_RC_UNPACK) && a[0] != '-' &&
                        tool->input_operand == 0;
        if (opts_done || ((a[0] != '-' || al == 1) && !tar_style)) {
            if (out->n_operand < FW_RC_MAX_OPERANDS)
                out->operand[out->n_operand++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            opts_done = 1;
            continue;
        }
        /* A whole word first: long options, and single-dash long ones
         * (openssl -verify). */
        const char *eqs = a[1] == '-' ? strchr(a, '=') : NULL;
        fw_rc_role r = role_of(tool, a, eqs ? (size_t)(eqs - a) : al);
        if (r != FW_RC_OPT_NONE || a[1] == '-') {
            out->flag[r] = 1;
            if (takes_arg(r)) {
                if (eqs)
                    out->val[r] = eqs + 1;
                else if (i + 1 < n)
                    out->val[r] = w[++i];
            }
            continue;
        }
        /* A bundle of short options: -qO- , -sSLk , tar's xzf. */
        for (size_t j = tar_style ? 0 : 1; j < al; j++) {
            char opt[3] = { '-', a[j], '\0' };
            r = role_of(tool, opt, 2);
            out->flag[r] = 1;
            if (!takes_arg(r))
                continue;
            if (j + 1 < al)
                out->val[r] = a + j + 1;
            else if (i + 1 < n)
                out->val[r] = w[++i];
            break;
        }
    }
}
