/* sqfs_compat.h: squashfs decompressors libsquashfs lacks (sqfs_compat.c). */
#ifndef FW_INPUT_FORMATS_SQFS_COMPAT_H
#define FW_INPUT_FORMATS_SQFS_COMPAT_H

#include <stddef.h>
#include <sqfs/compressor.h>

/* A decompress-only compressor for squashfs compressor id `id` (3 = LZO,
 * 2 = LZMA incl. the TP-Link variant), or NULL if none. Destroy with
 * sqfs_destroy(). */
sqfs_compressor_t *fw_sqfs_compat_create(unsigned id, size_t block_size);
/* LZMA blocks that were in the TP-Link variant (0 for a standard image). */
unsigned fw_sqfs_compat_variant_blocks(const sqfs_compressor_t *cmp);

#endif
