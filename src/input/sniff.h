/* sniff.h: recognising containers by content, never by name. */
#ifndef FW_INPUT_SNIFF_H
#define FW_INPUT_SNIFF_H

#include <stddef.h>

typedef enum fw_format {
    FW_FMT_NONE = 0,
    /* archive formats (entries with names) */
    FW_FMT_TAR,
    FW_FMT_CPIO,
    FW_FMT_ZIP,
    FW_FMT_7Z,
    FW_FMT_AR,
    /* compressed streams: may hold an archive, or one file */
    FW_FMT_GZIP,
    FW_FMT_XZ,
    FW_FMT_BZIP2,
    FW_FMT_ZSTD,
} fw_format;

/* The container format of the bytes at d (n bytes), or FW_FMT_NONE. */
fw_format fw_sniff(const unsigned char *d, size_t n);
const char *fw_format_name(fw_format f);
/* 1 for gzip/xz/bzip2/zstd. */
int fw_format_is_compression(fw_format f);

#endif
