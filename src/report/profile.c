/* profile.c: stakeholder profiles, i.e. which requirement IDs a report judges.
 *
 * The guideline assigns every requirement to one or more stakeholders
 * (rules/requirements.json "stakeholders", numbered 1..8). A profile is the
 * set of stakeholders whose requirements a reader is responsible for;
 * everything else is folded to NOT APPLICABLE. The table is constant data,
 * so it may be shared freely. */
#include <stddef.h>
#include <string.h>
#include "report/report.h"

/* Stakeholder numbers as the guideline counts them. */
enum {
    SH_DEVICE_VENDOR = 1,      /* MO.*  */
    SH_REMOTE_MANAGEMENT = 2,  /* RMO.* */
    SH_SERVICE_PROVIDER = 3,   /* SO.*  */
    SH_HOUSING_SUPPLIER = 4,   /* HO.*  */
    SH_MAINTENANCE = 5,        /* SMO.* */
    SH_RESIDENT = 8,           /* CO.*  */
};

/* "all" comes first: it is the default. An empty stakeholder list means
 * every requirement. */
static const fw_profile profiles[] = {
    { "all", "every requirement of the guideline", { 0 } },
    { "manufacturer", "IoT device vendors: MO.*", { SH_DEVICE_VENDOR } },
    /* A supplier's HO.1 (select devices with fitting security) rests on the
     * device evidence, so the device requirements are judged as well. */
    { "supplier", "smart-home (housing) suppliers: HO.*, and the MO.* evidence behind HO.1",
      { SH_HOUSING_SUPPLIER, SH_DEVICE_VENDOR },
      /* HO.1: confirm security functions (MO.1 closed interfaces, MO.2
       * credentials), key protection (MO.13) and software integrity
       * verification (MO.14 verified updates). */
      "HO.1", { "MO.14", "MO.13", "MO.1", "MO.2", NULL } },
    { "maintainer", "remote-management operators and maintenance/support providers: RMO.*, SMO.*",
      { SH_REMOTE_MANAGEMENT, SH_MAINTENANCE } },
    { "resident", "residents: CO.*", { SH_RESIDENT } },
    { "auditor", "every requirement, for a compliance report", { 0 } },
};

const fw_profile *fw_profiles(size_t *n)
{
    if (n)
        *n = sizeof profiles / sizeof profiles[0];
    return profiles;
}

const fw_profile *fw_profile_find(const char *name)
{
    if (!name)
        return &profiles[0];
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
        if (strcmp(profiles[i].name, name) == 0)
            return &profiles[i];
    return NULL;
}
