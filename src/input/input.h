/* input.h: turning what the user named into a tree.
 *
 * fw_input_load() reads a directory (an extracted root filesystem), an
 * archive libarchive reads (tar, cpio, zip, 7z, ar; gzip/xz/bzip2/zstd
 * compressed), a firmware image (carved: vendor headers, file systems and
 * streams at any offset, see image.h and doc/formats.md), or any other file
 * (scanned as one file). Every archive or image found inside is opened too,
 * breadth-first, under the limits in `lim`; the "layout" inventory of the
 * report lists the regions of every carved image. Nothing is written to
 * disk and nothing from the image is executed.
 *
 * Problems are recorded in the report (fw_report_add_error: where, offset,
 * what) and loading goes on with what can be read; only an input that cannot
 * be opened at all returns an error (also recorded in the report).
 */
#ifndef FW_INPUT_INPUT_H
#define FW_INPUT_INPUT_H

#include "core/error.h"
#include "core/limits.h"
#include "tree/tree.h"
#include "report/report.h"

int fw_input_load(const char *path, const fw_limits *lim, fw_tree *tree,
                  fw_report *report, fw_error *err);

/* --- internal to src/input/ --- */

typedef struct fw_loader {
    const fw_limits *lim;
    fw_tree *tree;
    fw_report *report;
    int entries_exhausted;   /* max_entries hit: reported once */
    int bytes_exhausted;     /* max_total_bytes hit: reported once */
    unsigned char *head;     /* FW_SNIFF_HEAD bytes: a file's first bytes, to
                                sniff it without reading it whole */
} fw_loader;

/* Walk directory `dir` into ns (directory.c). */
int fw_load_directory(fw_loader *ld, fw_ns *ns, const char *dir, fw_error *err);

/* Read the archive in memory (data, n) into ns (archive.c). `where` names the
 * container in messages. stable: the bytes outlive the tree, so large
 * entries may be left in the archive and read again when a check opens them
 * (archive_source.c). Returns FW_OK if at least the format was read (entry
 * errors are in the report), FW_EFORMAT if libarchive cannot read it. */
int fw_load_archive(fw_loader *ld, fw_ns *ns, const char *where,
                    const unsigned char *data, size_t n, int stable, fw_error *err);

/* May the loader hold `n` more bytes / one more entry? Reports the limit the
 * first time it is hit. */
int fw_loader_may_hold(fw_loader *ld, uint64_t n, const char *where);
int fw_loader_may_add_entry(fw_loader *ld, const char *where);

#endif
