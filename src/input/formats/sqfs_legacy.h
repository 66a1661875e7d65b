/* sqfs_legacy.h: squashfs layouts libsquashfs does not read (sqfs_legacy.c):
 * versions 2.x and 3.x in either byte order, and big-endian 4.0 (AVM).
 * Internal to src/input/. */
#ifndef FW_INPUT_FORMATS_SQFS_LEGACY_H
#define FW_INPUT_FORMATS_SQFS_LEGACY_H

#include <stddef.h>
#include <stdint.h>
#include "input/image.h"

/* Read the squashfs at d[0..n) (absolute offset `off` in cx's blob) into
 * ns. `where` is the namespace chain used in entry errors. Structural
 * problems are reported with fw_carve_error (offset and why), entry
 * problems with fw_report_add_error under "where > path".
 * Returns FW_OK if it was read, *partial set when only in part, and
 * *detail the layout detail ("zlib, N inodes, ...", the caller frees it);
 * or FW_EFORMAT / FW_EUNSUPPORTED if nothing could be read (why in err). */
int fw_sqfs_legacy_read(fw_carve *cx, fw_ns *ns, const char *where, uint64_t off,
                        const unsigned char *d, size_t n, char **detail, int *partial,
                        fw_error *err);

/* Does this reader handle major version `major` in this byte order? */
int fw_sqfs_legacy_handles(unsigned major, int be);

#endif
