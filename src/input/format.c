/* format.c: the table of input formats (format.h), made from
 * format_list.h, and the sniff at offset 0 that walks it by flag. */
#include "input/format.h"

const fw_format *const fw_formats[] = {
#define FW_FORMAT(id) &fw_fmt_##id,
#include "input/format_list.h"
#undef FW_FORMAT
};
const size_t fw_format_count = sizeof fw_formats / sizeof fw_formats[0];

const fw_format *fw_sniff(const unsigned char *d, size_t n, unsigned flags)
{
    for (size_t i = 0; i < fw_format_count; i++) {
        const fw_format *f = fw_formats[i];
        if ((f->flags & flags) && fw_format_keyed(f, d, n) && f->probe(d, n))
            return f;
    }
    return NULL;
}
