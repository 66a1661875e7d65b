/* fuzz_accounts.c: passwd, shadow and group parsing, the default-password cracker and the
 * hash-cost estimate.
 * Parts of the input separated by "\n@@\n" become the files below, in
 * one image, checked with all shipped rules (fuzz/common.c). */
#include "fuzz/common.h"

static const char *const paths[] = {
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
    "/etc/passwd-",
    "/etc/shadow-",
};

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    fz_check_files(paths, sizeof paths / sizeof paths[0], d, n);
    return 0;
}
