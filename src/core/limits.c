/* limits.c: run-time limit defaults (the numbers live in limits.h). */
#include "core/limits.h"

void fw_limits_default(fw_limits *l)
{
    l->max_depth = FW_DEFAULT_MAX_DEPTH;
    l->max_entries = FW_DEFAULT_MAX_ENTRIES;
    l->max_entry_size = FW_DEFAULT_MAX_ENTRY_SIZE;
    l->max_total_bytes = FW_DEFAULT_MAX_TOTAL_BYTES;
    l->max_ratio = FW_DEFAULT_MAX_RATIO;
    l->lazy_after_bytes = FW_DEFAULT_LAZY_AFTER_BYTES;
}
