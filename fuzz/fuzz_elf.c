/* fuzz_elf.c: the ELF reader (headers, dynamic section, symbols, BusyBox applets).
 * Parts of the input separated by "\n@@\n" become the files below, in
 * one image, checked with all shipped rules (fuzz/common.c). */
#include "fuzz/common.h"

static const char *const paths[] = {
    "/bin/busybox",
    "/usr/lib/libfuzz.so",
    "/usr/sbin/httpd",
};

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    fz_check_files(paths, sizeof paths / sizeof paths[0], d, n);
    return 0;
}
