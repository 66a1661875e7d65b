/* format_list.h: every input format, one line each: FW_FORMAT(id) names
 * the descriptor `fw_fmt_id` (format.h). Included twice (no include
 * guard): by format.h for the declarations, by format.c for the table.
 *
 * The order is precedence: where two formats could be read from the same
 * bytes, the first one wins. Headers that wrap others come first among the
 * carved formats; streams and the ELF kernel (which holds the magics of
 * everything it can decompress) last. */

/* Read by libarchive when a file starts with it (formats/archives.c).
 * First: an archive wins over a firmware image at the start of a file. */
FW_FORMAT(archive_gzip)
FW_FORMAT(archive_xz)
FW_FORMAT(archive_bzip2)
FW_FORMAT(archive_zstd)
FW_FORMAT(archive_cpio)
FW_FORMAT(archive_zip)
FW_FORMAT(archive_7z)
FW_FORMAT(archive_ar)
FW_FORMAT(archive_tar)

/* Carved at any offset of a blob (and, flagged FW_FORMAT_NESTED, at the
 * start of a file in the tree). */
FW_FORMAT(trx)
FW_FORMAT(tplink)
FW_FORMAT(uimage)
FW_FORMAT(fit)
FW_FORMAT(arcadyan)
FW_FORMAT(squashfs)
FW_FORMAT(ext)
FW_FORMAT(cramfs)
FW_FORMAT(romfs)
FW_FORMAT(jffs2)
FW_FORMAT(yaffs2)
FW_FORMAT(ubi)
FW_FORMAT(ubifs)
FW_FORMAT(cpio)
FW_FORMAT(gzip)
FW_FORMAT(xz)
FW_FORMAT(lzma)
FW_FORMAT(zstd)
FW_FORMAT(elfkernel)
