/* registry.c: the table of analyzers (registry.h). One file per analyzer in
 * src/checks/<family>/; add a new one here and name it in a rule
 * ("analyzer NAME check=..."). */
#include <stdlib.h>
#include <string.h>
#include "checks/registry.h"
#include "core/xalloc.h"

extern const fw_analyzer fw_analyzer_patterns;
extern const fw_analyzer fw_analyzer_accounts;
extern const fw_analyzer fw_analyzer_uci_creds;
extern const fw_analyzer fw_analyzer_wifi_dat;
extern const fw_analyzer fw_analyzer_web_users;
extern const fw_analyzer fw_analyzer_web_binary;
extern const fw_analyzer fw_analyzer_keys;
extern const fw_analyzer fw_analyzer_services;
extern const fw_analyzer fw_analyzer_update;
extern const fw_analyzer fw_analyzer_erase;
extern const fw_analyzer fw_analyzer_input_validation;
extern const fw_analyzer fw_analyzer_php_taint;
extern const fw_analyzer fw_analyzer_remote_code;
extern const fw_analyzer fw_analyzer_lua_taint;
extern const fw_analyzer fw_analyzer_binaries;
extern const fw_analyzer fw_analyzer_permissions;
extern const fw_analyzer fw_analyzer_ssh_auth;
extern const fw_analyzer fw_analyzer_entry_names;

static const fw_analyzer *const table[] = {
    &fw_analyzer_patterns,       /* on the worker threads: most of the work */
    &fw_analyzer_accounts,
    &fw_analyzer_uci_creds,
    &fw_analyzer_wifi_dat,
    &fw_analyzer_web_users,
    &fw_analyzer_web_binary,
    &fw_analyzer_keys,
    &fw_analyzer_services,
    &fw_analyzer_update,
    &fw_analyzer_erase,
    &fw_analyzer_input_validation,
    &fw_analyzer_php_taint,
    &fw_analyzer_remote_code,
    &fw_analyzer_lua_taint,
    &fw_analyzer_binaries,
    &fw_analyzer_permissions,
    &fw_analyzer_ssh_auth,
    &fw_analyzer_entry_names,
    NULL,
};

const fw_analyzer *const *fw_analyzer_table(void)
{
    return table;
}

const fw_analyzer *fw_analyzer_find(const char *name)
{
    for (size_t i = 0; table[i]; i++)
        if (strcmp(table[i]->name, name) == 0)
            return table[i];
    return NULL;
}

int fw_checks_run(const fw_ruleset *rs, fw_tree *tree, fw_report *report, fw_error *err)
{
    return fw_engine_run(rs, table, tree, report, NULL, err);
}

int fw_checks_run_opts(const fw_ruleset *rs, fw_tree *tree, fw_report *report,
                       const fw_check_opts *o, fw_error *err)
{
    return fw_engine_run(rs, table, tree, report, o, err);
}

size_t fw_checks_lint(const fw_ruleset *rs, char ***msgs)
{
    size_t n = sizeof table / sizeof table[0] - 1;
    fw_rule_vocab *vocab = fw_xcalloc(n + 1, sizeof *vocab);
    for (size_t i = 0; i < n; i++) {
        vocab[i].analyzer = table[i]->name;
        vocab[i].checks = table[i]->checks;
    }
    size_t found = fw_ruleset_lint(rs, vocab, n, msgs);
    free(vocab);
    return found;
}
