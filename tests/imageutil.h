/* imageutil.h: helpers the image-reader suites share (check_images,
 * check_ubi, check_flashfs_readers, check_sqfs_legacy): load an input into
 * a tree, find a namespace and a file's content, look at the layout rows
 * and errors, run the tools that build test images. */
#ifndef FW_TESTS_IMAGEUTIL_H
#define FW_TESTS_IMAGEUTIL_H

#include <stddef.h>
#include "core/limits.h"
#include "report/report.h"
#include "tree/tree.h"

/* Tools that build images (mkfs.ubifs, mke2fs, ...) live in sbin. */
#define TU_TOOLPATH "PATH=\"$PATH:/usr/sbin:/sbin\" "

typedef struct tu_loaded {
    fw_tree *tree;
    fw_report *report;
    int rc;          /* fw_input_load's result */
} tu_loaded;

/* fw_input_load of path with lim (NULL: the defaults). */
tu_loaded tu_load(const char *path, const fw_limits *lim);
void tu_unload(tu_loaded *l);

/* The namespace whose chain is exactly `chain`, or NULL. */
fw_ns *tu_ns_named(fw_tree *t, const char *chain);
/* The held content of path in ns (NULL when not held); the test fails if
 * ns is NULL or path is not in it. */
const char *tu_content(fw_ns *ns, const char *path);

/* The i-th row of the "layout" inventory whose format ends with fmt. */
const char *const *tu_layout_row(const fw_report *r, const char *fmt, size_t i);
/* Does some error message contain a (and b, unless NULL)? */
int tu_has_error(const fw_report *r, const char *a, const char *b);

/* Run a shell command (TU_TOOLPATH added); its exit status, its output
 * (stdout and stderr) in out. tu_run: the test fails unless it exits 0. */
int tu_sh(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tu_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* dir/name read whole (the test fails if it cannot be), and written. */
unsigned char *tu_slurp_in(const char *dir, const char *name, size_t *n);
void tu_spit(const char *path, const void *d, size_t n);
void tu_spit_in(const char *dir, const char *name, const void *d, size_t n);

#endif
