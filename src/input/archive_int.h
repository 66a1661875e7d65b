/* archive_int.h: libarchive readers shared by archive.c and
 * archive_source.c (internal to src/input/). */
#ifndef FW_INPUT_ARCHIVE_INT_H
#define FW_INPUT_ARCHIVE_INT_H

#include <archive.h>
#include <stddef.h>
#include <stdint.h>
#include "tree/tree.h"

/* A reader over (data, n) with every format and filter fwaudit reads; raw:
 * a lone compressed stream read as one entry. Never NULL (errors show on
 * the first read). */
struct archive *fw_archive_open_reader(const unsigned char *data, size_t n, int raw);

/* Up to n bytes of the current entry's data into buf; returns how many
 * (fewer at the entry's end). *failed: libarchive reported an error. */
size_t fw_archive_read_full(struct archive *a, unsigned char *buf, size_t n, int *failed);

/* Entries of an archive whose bytes outlive the tree, read again when a
 * check opens them (archive_source.c): node->src_ref is the entry's
 * ordinal, counting every header read. */
typedef struct fw_archive_source fw_archive_source;
fw_archive_source *fw_archive_source_new(const unsigned char *data, size_t n);
/* Entry `ordinal` will be read on demand (ordinals come in increasing order). */
void fw_archive_source_mark(fw_archive_source *s, uint64_t ordinal);
fw_source *fw_archive_source_base(fw_archive_source *s);

#endif
