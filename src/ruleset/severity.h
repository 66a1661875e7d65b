/* severity.h: finding severities, ordered. */
#ifndef FW_RULESET_SEVERITY_H
#define FW_RULESET_SEVERITY_H

typedef enum fw_severity {
    FW_SEV_INFO = 0,
    FW_SEV_LOW,
    FW_SEV_MEDIUM,
    FW_SEV_HIGH,
    FW_SEV_CRITICAL,
} fw_severity;

#define FW_SEV_COUNT 5

const char *fw_severity_name(fw_severity s);          /* "high" */
/* Parses "info|low|medium|high|critical"; returns -1 if unknown. */
int fw_severity_parse(const char *s);

#endif
