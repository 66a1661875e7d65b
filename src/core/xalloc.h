/* xalloc.h: checked allocation.
 *
 * fwaudit is a command-line tool: running out of memory is fatal and ends the
 * process with a message (exit code 3), like jq and git do. Every size that
 * comes from image data is bounded (limits.h) before it reaches these, and
 * multiplication is overflow-checked. */
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
