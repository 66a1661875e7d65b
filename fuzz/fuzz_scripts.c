/* fuzz_scripts.c: the shell-script analyzers (update signing, data erasure, input
 * validation of CGI handlers) and config-file rules.
 * Parts of the input separated by "\n@@\n" become the files below, in
 * one image, checked with all shipped rules (fuzz/common.c). */
#include "fuzz/common.h"

static const char *const paths[] = {
    "/sbin/sysupgrade",
    "/usr/sbin/fwupdate.sh",
    "/sbin/firstboot",
    "/www/cgi-bin/fuzz.cgi",
    "/etc/config/system",
    "/usr/lib/fuzz/reset.sh",
};

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    fz_check_files(paths, sizeof paths / sizeof paths[0], d, n);
    return 0;
}
