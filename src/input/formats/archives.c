/* sniff.c: container magic numbers. Only signatures at offset 0 (or tar's
 * at 257) are trusted here: carving at arbitrary offsets is the job of the
 * firmware-image reader, which validates the structure it finds. */
#include <string.h>
#include "input/sniff.h"

static int has(const unsigned char *d, size_t n, size_t off, const char *magic, size_t mlen)
{
    return n >= off + mlen && memcmp(d + off, magic, mlen) == 0;
}

/* tar: POSIX "ustar\0" + "00", or GNU "ustar  \0"; and a header checksum
 * that adds up, so a text file that happens to say "ustar" is not a tar. */
static int is_tar(const unsigned char *d, size_t n)
{
    if (n < 512 || !(has(d, n, 257, "ustar\0", 6) || has(d, n, 257, "ustar  \0", 8)))
        return 0;
    unsigned long sum = 0, stored = 0;
    for (size_t i = 0; i < 512; i++)
        sum += (i >= 148 && i < 156) ? ' ' : d[i];
    size_t i = 148;
    while (i < 156 && d[i] == ' ')
        i++;
    for (; i < 156 && d[i] >= '0' && d[i] <= '7'; i++)
        stored = stored * 8 + (unsigned long)(d[i] - '0');
    return sum == stored;
}

fw_format fw_sniff(const unsigned char *d, size_t n)
{
    if (has(d, n, 0, "\x1f\x8b\x08", 3))
        return FW_FMT_GZIP;
    if (has(d, n, 0, "\xfd" "7zXZ\0", 6))
        return FW_FMT_XZ;
    if (has(d, n, 0, "BZh", 3) && n >= 10 && d[3] >= '1' && d[3] <= '9' &&
        has(d, n, 4, "1AY&SY", 6))
        return FW_FMT_BZIP2;
    if (has(d, n, 0, "\x28\xb5\x2f\xfd", 4))
        return FW_FMT_ZSTD;
    if (has(d, n, 0, "070701", 6) || has(d, n, 0, "070702", 6) || has(d, n, 0, "070707", 6))
        return FW_FMT_CPIO;
    if (has(d, n, 0, "PK\x03\x04", 4) || has(d, n, 0, "PK\x05\x06", 4))
        return FW_FMT_ZIP;
    if (has(d, n, 0, "7z\xbc\xaf\x27\x1c", 6))
        return FW_FMT_7Z;
    if (has(d, n, 0, "!<arch>\n", 8))
        return FW_FMT_AR;
    if (is_tar(d, n))
        return FW_FMT_TAR;
    return FW_FMT_NONE;
}

const char *fw_format_name(fw_format f)
{
    switch (f) {
    case FW_FMT_TAR: return "tar";
    case FW_FMT_CPIO: return "cpio";
    case FW_FMT_ZIP: return "zip";
    case FW_FMT_7Z: return "7z";
    case FW_FMT_AR: return "ar";
    case FW_FMT_GZIP: return "gzip";
    case FW_FMT_XZ: return "xz";
    case FW_FMT_BZIP2: return "bzip2";
    case FW_FMT_ZSTD: return "zstd";
    case FW_FMT_NONE: break;
    }
    return "data";
}

int fw_format_is_compression(fw_format f)
{
    return f == FW_FMT_GZIP || f == FW_FMT_XZ || f == FW_FMT_BZIP2 || f == FW_FMT_ZSTD;
}
