/* xalloc.h: checked allocation.
 *
 * fwaudit is a command-line tool: running out of memory is fatal and ends the
 * process with a message (exit code 3), like jq and git do. Every size that
 * comes from image data is bounded (limits.h) before it reaches these, and
 * multiplication is overflow-checked.
 *
 * Destructors, everywhere in src/: an object the library allocates (a
 * fw_X_new, _load or _parse that hands back a pointer) is freed by
 * fw_X_free(fw_X **p), which frees *p, sets *p to NULL, and does nothing
 * when *p is NULL already. A struct the caller holds (on its stack, or
 * embedded in its own state) that owns memory inside is released by
 * fw_X_release(fw_X *x), which frees what x owns and leaves x empty, or by
 * the verb that undoes what opened it (fw_blob_close). */
#ifndef FW_CORE_XALLOC_H
#define FW_CORE_XALLOC_H

#include <stddef.h>

void *fw_xmalloc(size_t n);
void *fw_xcalloc(size_t nmemb, size_t size);
void *fw_xreallocarray(void *p, size_t nmemb, size_t size);
char *fw_xstrdup(const char *s);
char *fw_xstrndup(const char *s, size_t n);
void *fw_xmemdup(const void *p, size_t n);
char *fw_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (element size `size`) so it can hold at least `need` elements;
 * *cap is updated. Doubles, starting at 8. */
void fw_xgrow(void **arr, size_t *cap, size_t need, size_t size);
#define FW_XGROW(arr, cap, need) fw_xgrow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
