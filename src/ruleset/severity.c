/* severity.c: severity names, in order (see severity.h). */
#include <string.h>
#include "ruleset/severity.h"

static const char *const names[FW_SEV_COUNT] = {
    "info", "low", "medium", "high", "critical",
};

const char *fw_severity_name(fw_severity s)
{
    if ((unsigned)s >= FW_SEV_COUNT)
        return "unknown";
    return names[s];
}

int fw_severity_parse(const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < FW_SEV_COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}
