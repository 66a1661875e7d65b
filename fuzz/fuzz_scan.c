/* fuzz_scan.c: one whole scan of hostile bytes as the CLI runs it (load,
 * every check of the shipped rules, conformance), then every report format
 * rendered: image-derived names and content reach the renderers. */
#include <unistd.h>
#include "fuzz/common.h"
#include "scan/scanner.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    char path[64];
    int fd = fz_memfd(d, n, path, sizeof path);
    if (fd < 0)
        return 0;
    fw_scan_opts o;
    fw_scan_opts_default(&o);
    o.limits.max_total_bytes = 256ULL << 20;
    o.limits.max_entry_size = 64ULL << 20;
    o.limits.max_entries = 100000;
    o.limits.lazy_after_bytes = 0;   /* content read on demand, as on a large image */
    fw_report *r = NULL;
    fw_error err = {0};
    (void)fw_scan(fz_rules(), path, &o, &r, &err);
    if (r) {
        fz_render_all(r);
        fw_report_free(&r);
    }
    close(fd);
    return 0;
}
