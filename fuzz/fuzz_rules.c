/* fuzz_rules.c: the rule-file parser (fw_ruleset_load_string) and lint on
 * hostile text: a user's --rules directory is input too. */
#include <stdlib.h>
#include <string.h>
#include "fuzz/common.h"
#include "core/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    static char *catalog;
    if (!catalog) {
        const char *dir = getenv("FWAUDIT_RULES");
        catalog = fw_xasprintf("%s/requirements.json", dir ? dir : FZ_RULES_DIR);
    }
    char *text = fw_xmalloc(n + 1);
    memcpy(text, d, n);
    text[n] = '\0';
    fw_ruleset *rs = NULL;
    fw_error err = {0};
    if (fw_ruleset_new(&rs, catalog, &err) == FW_OK) {
        (void)fw_ruleset_load_string(rs, "fuzz.rules", text, &err);
        fw_ruleset_free(&rs);
    }
    free(text);
    return 0;
}
