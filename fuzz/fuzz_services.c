/* fuzz_services.c: boot service parsers: inittab, rcS and init.d scripts, inetd,
 * systemd units, procd init scripts.
 * Parts of the input separated by "\n@@\n" become the files below, in
 * one image, checked with all shipped rules (fuzz/common.c). */
#include "fuzz/common.h"

static const char *const paths[] = {
    "/etc/inittab",
    "/etc/init.d/rcS",
    "/etc/inetd.conf",
    "/lib/systemd/system/fuzz.service",
    "/etc/init.d/fuzz",
    "/etc/rc.d/S50fuzz",
};

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    fz_check_files(paths, sizeof paths / sizeof paths[0], d, n);
    return 0;
}
