/* imageutil.c: see imageutil.h. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "imageutil.h"
#include "testutil.h"
#include "core/xalloc.h"
#include "input/input.h"

tu_loaded tu_load(const char *path, const fw_limits *lim)
{
    fw_limits def;
    fw_limits_default(&def);
    tu_loaded l = { fw_tree_new(), fw_report_new(), 0 };
    fw_error err = {0};
    l.rc = fw_input_load(path, lim ? lim : &def, l.tree, l.report, &err);
    return l;
}

void tu_unload(tu_loaded *l)
{
    fw_tree_free(&l->tree);
    fw_report_free(&l->report);
}

fw_ns *tu_ns_named(fw_tree *t, const char *chain)
{
    for (size_t i = 0; i < t->ns_count; i++)
        if (strcmp(t->ns[i]->chain, chain) == 0)
            return t->ns[i];
    return NULL;
}

const char *tu_content(fw_ns *ns, const char *path)
{
    ck_assert_ptr_nonnull(ns);
    fw_node *n = fw_ns_get(ns, path);
    ck_assert_msg(n != NULL, "%s not in the tree", path);
    return n->data ? (const char *)n->data : NULL;
}

const char *const *tu_layout_row(const fw_report *r, const char *fmt, size_t i)
{
    const fw_inventory *inv = fw_report_find_inventory(r, "layout");
    if (!inv)
        return NULL;
    size_t ml = strlen(fmt);
    for (size_t k = 0; k < inv->n_rows; k++) {
        const char *f = inv->rows[k][3];
        size_t fl = strlen(f);
        if (fl >= ml && strcmp(f + fl - ml, fmt) == 0 && i-- == 0)
            return (const char *const *)inv->rows[k];
    }
    return NULL;
}

int tu_has_error(const fw_report *r, const char *a, const char *b)
{
    for (size_t i = 0; i < r->n_errors; i++)
        if (strstr(r->errors[i].message, a) && (!b || strstr(r->errors[i].message, b)))
            return 1;
    return 0;
}

static int vsh(char *out, size_t cap, char **cmdp, const char *fmt, va_list ap)
{
    ck_assert_int_ge(vasprintf(cmdp, fmt, ap), 0);
    char *full = fw_xasprintf(TU_TOOLPATH "%s 2>&1", *cmdp);
    FILE *p = popen(full, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    while (fgetc(p) != EOF) {}
    int st = pclose(p);
    free(full);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int tu_sh(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = NULL;
    int rc = vsh(out, cap, &cmd, fmt, ap);
    va_end(ap);
    free(cmd);
    return rc;
}

void tu_run(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = NULL, out[2048];
    int rc = vsh(out, sizeof out, &cmd, fmt, ap);
    va_end(ap);
    ck_assert_msg(rc == 0, "command failed: %s: %s", cmd, out);
    free(cmd);
}

unsigned char *tu_slurp_in(const char *dir, const char *name, size_t *n)
{
    char *p = fw_xasprintf("%s/%s", dir, name);
    unsigned char *d = (unsigned char *)tu_slurp(p, n);
    ck_assert_ptr_nonnull(d);
    free(p);
    return d;
}

void tu_spit(const char *path, const void *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(d, 1, n, f), n);
    fclose(f);
}

void tu_spit_in(const char *dir, const char *name, const void *d, size_t n)
{
    char *p = fw_xasprintf("%s/%s", dir, name);
    tu_spit(p, d, n);
    free(p);
}
