/* etsi.c: the guideline's ETSI EN 303 645 citations and the published clauses.
 *
 * The guideline cites the provisions as 4.1-4.13, the numbering of the
 * earlier ETSI TS 103 645; the published EN 303 645 (V2.1.1 and later) has
 * the same thirteen provisions, in the same order and with the same titles,
 * at 5.1-5.13. Reports show both side by side so an auditor can find the
 * clause in the standard they hold. Constant data. */
#include <string.h>
#include "report/report.h"

static const fw_etsi_provision provisions[] = {
    { "4.1", "5.1", "No universal default passwords" },
    { "4.2", "5.2", "Implement a means to manage reports of vulnerabilities" },
    { "4.3", "5.3", "Keep software updated" },
    { "4.4", "5.4", "Securely store sensitive security parameters" },
    { "4.5", "5.5", "Communicate securely" },
    { "4.6", "5.6", "Minimize exposed attack surfaces" },
    { "4.7", "5.7", "Ensure software integrity" },
    { "4.8", "5.8", "Ensure that personal data is secure" },
    { "4.9", "5.9", "Make systems resilient to outages" },
    { "4.10", "5.10", "Examine system telemetry data" },
    { "4.11", "5.11", "Make it easy for users to delete user data" },
    { "4.12", "5.12", "Make installation and maintenance of devices easy" },
    { "4.13", "5.13", "Validate input data" },
};

const fw_etsi_provision *fw_etsi_find(const char *cited)
{
    if (!cited)
        return NULL;
    for (size_t i = 0; i < sizeof provisions / sizeof provisions[0]; i++)
        if (strcmp(provisions[i].cited, cited) == 0)
            return &provisions[i];
    return NULL;
}
