/* xalloc.h: checked allocation.
 *
 * fwaudit is a command-line tool: running out of memory is fatal and ends the
 * process with a message (exit code 3), like jq and git do. Every size that
 * comes from image data is bounded (limits.h) before it reaches these, and
 * multiplication is overflow-checked. */
#ifndef FW_CORE_XALLOC_H
#define FW_CORE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (element size `size`) so it can hold at least `need` elements;
 * *cap is updated. Doubles, starting at 8. */
void xgrow(void **arr, size_t *cap, size_t need, size_t size);
#define XGROW(arr, cap, need) xgrow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
