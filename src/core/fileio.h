/* fileio.h: reading the tool's own small files (rule files, data files,
 * test fixtures) whole, with a bound. Never used for image content, which
 * goes through the tree (tree.h). */
#ifndef FW_CORE_FILEIO_H
#define FW_CORE_FILEIO_H

#include <stddef.h>
#include "core/error.h"

/* Read the regular file at path, of at most max bytes, into a new
 * NUL-terminated buffer (*out, *len without the NUL). Returns FW_OK, or
 * FW_EIO (cannot open or read it, not a regular file) or FW_ELIMIT (larger
 * than max) with err's message the strerror text or a short description
 * ("not a regular file", "file too large"); err may be NULL. The size is
 * checked while reading, not trusted from stat. */
int fw_read_file(const char *path, size_t max, char **out, size_t *len, fw_error *err);

#endif
