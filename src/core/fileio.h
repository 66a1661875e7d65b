/* fileio.h: reading the tool's own small files (rule files, data files,
 * test fixtures) whole, with a bound. Never used for image content, which
 * goes through the tree (tree.h). */
#ifndef FW_CORE_FILEIO_H
#define FW_CORE_FILEIO_H

#include <stddef.h>

/* Read the regular file at path, of at most max bytes, into a new
 * NUL-terminated buffer (*out, *len without the NUL). On failure returns -1
 * with *why set to a static description or strerror text. The size is
 * checked while reading, not trusted from stat. */
int fw_read_file(const char *path, size_t max, char **out, size_t *len, const char **why);

#endif
