/* fuzz_input.c: the input loader on hostile bytes: container sniffing,
 * libarchive formats (tar, cpio, zip, 7z, ar, compressed streams), nesting,
 * and the firmware-image readers behind carving (uImage, FIT, TRX, vendor
 * headers, squashfs, ext2/3/4, JFFS2, CramFS, romfs, YAFFS2, UBI/UBIFS,
 * streams), then every file's content is opened, so the readers that leave
 * content in the image until a check asks for it (large squashfs files and
 * archive entries) decode it too. Limits are lowered so one input cannot
 * spend the fuzzer's memory on what the limits allow. */
#include <string.h>
#include <unistd.h>
#include "fuzz/common.h"
#include "input/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    char path[64];
    int fd = fz_memfd(d, n, path, sizeof path);
    if (fd < 0)
        return 0;
    fw_limits lim;
    fw_limits_default(&lim);
    lim.max_total_bytes = 256ULL << 20;
    lim.max_entry_size = 64ULL << 20;
    lim.max_entries = 100000;
    lim.lazy_after_bytes = 0;   /* reach the on-demand archive reader on small inputs */
    fw_tree *t = fw_tree_new();
    fw_report *r = fw_report_new();
    fw_error err = {0};
    (void)fw_input_load(path, &lim, t, r, &err);
    for (size_t s = 0; s < t->ns_count; s++)
        for (size_t i = 0; i < t->ns[s]->count; i++) {
            fw_blob b;
            if (fw_node_open(t->ns[s]->nodes[i], &b, &err) == FW_OK)
                fw_blob_close(&b);
        }
    fw_report_free(&r);
    fw_tree_free(&t);
    close(fd);
    return 0;
}
