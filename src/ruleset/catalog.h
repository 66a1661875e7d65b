/* catalog.h: the guideline's requirement catalog (rules/requirements.json).
 *
 * Every rule names requirement IDs from this catalog; the conformance report
 * has one line per requirement. Loaded with jansson; owned by the ruleset. */
#ifndef FW_RULESET_CATALOG_H
#define FW_RULESET_CATALOG_H

#include <stddef.h>
#include "core/error.h"

/* What a static scan of an image can show about a requirement. */
typedef enum fw_static {
    FW_STATIC_FIRMWARE,  /* device software/configuration: scan gives evidence */
    FW_STATIC_PARTIAL,   /* image shows one part; the rest needs attestation */
    FW_STATIC_PROCESS,   /* only an attestation can cover it */
} fw_static;

typedef struct fw_strlist {
    char **v;
    size_t n;
} fw_strlist;

typedef struct fw_requirement {
    char *id;                 /* "MO.13" */
    char *title;
    fw_strlist requirement;   /* the guideline's wording, English */
    fw_strlist requirement_ja;/* and Japanese original */
    fw_strlist countermeasures;
    fw_strlist etsi;          /* EN 303 645 provisions as cited: "4.4" */
    fw_strlist attestation;   /* what needs the vendor's statement */
    int *stakeholders;        /* stakeholder numbers 1..8 */
    size_t n_stakeholders;
    fw_static static_kind;
} fw_requirement;

typedef struct fw_catalog {
    fw_requirement *reqs;     /* in catalog order (MO.1 .. CO.4) */
    size_t count;
    char *source;             /* file it came from */
} fw_catalog;

int fw_catalog_load(fw_catalog **out, const char *path, fw_error *err);
void fw_catalog_free(fw_catalog **c);
const fw_requirement *fw_catalog_find(const fw_catalog *c, const char *id);
const char *fw_static_name(fw_static s);   /* "firmware" | "partial" | "process" */

#endif
