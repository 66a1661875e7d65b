/* registry.c: the table of analyzers. One file per analyzer in src/checks/;
 * add a new one here and name it in a rule ("analyzer NAME check=..."). */
#include <string.h>
#include "engine/analyzer.h"

extern const fw_analyzer fw_analyzer_accounts;
extern const fw_analyzer fw_analyzer_keys;
extern const fw_analyzer fw_analyzer_services;
extern const fw_analyzer fw_analyzer_update;
extern const fw_analyzer fw_analyzer_erase;
extern const fw_analyzer fw_analyzer_input_validation;
extern const fw_analyzer fw_analyzer_binaries;
extern const fw_analyzer fw_analyzer_permissions;
extern const fw_analyzer fw_analyzer_ssh_auth;
extern const fw_analyzer fw_analyzer_entry_names;

static const fw_analyzer *const table[] = {
    &fw_analyzer_accounts,
    &fw_analyzer_keys,
    &fw_analyzer_services,
    &fw_analyzer_update,
    &fw_analyzer_erase,
    &fw_analyzer_input_validation,
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
