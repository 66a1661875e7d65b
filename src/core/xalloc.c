/* xalloc.c: allocation that ends the process on exhaustion (see xalloc.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/xalloc.h"

static void oom(size_t n)
{
    fprintf(stderr, "fwaudit: out of memory (allocating %zu bytes)\n", n);
    exit(3);
}

void *fw_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *fw_xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p)
        oom(nmemb * size);
    return p;
}

void *fw_xreallocarray(void *p, size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size)
        oom(SIZE_MAX);
    size_t n = nmemb * size;
    void *q = realloc(p, n != 0 ? n : 1);
    if (!q)
        oom(nmemb * size);
    return q;
}

char *fw_xstrdup(const char *s)
{
    return fw_xmemdup(s, strlen(s) + 1);
}

char *fw_xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = fw_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void *fw_xmemdup(const void *p, size_t n)
{
    void *q = fw_xmalloc(n);
    if (n)
        memcpy(q, p, n);
    return q;
}

char *fw_xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom(0);
    return s;
}

void fw_xgrow(void **arr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            oom(SIZE_MAX);
        ncap *= 2;
    }
    *arr = fw_xreallocarray(*arr, ncap, size);
    *cap = ncap;
}
