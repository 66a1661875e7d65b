/* php_value.c: values and scopes of the PHP taint analysis (php_value.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/scripts/php_value.h"
#include "core/limits.h"
#include "core/xalloc.h"

void fw_phpv_free(fw_phpv *v)
{
    fw_taint_flow_release(&v->flow);
    memset(v, 0, sizeof *v);
}

fw_phpv fw_phpv_copy(const fw_phpv *v)
{
    fw_phpv r = *v;
    fw_taint_flow_copy(&r.flow, &v->flow);
    return r;
}

/* dst |= src; src is consumed. */
void fw_phpv_join(fw_phpv *dst, fw_phpv *src)
{
    if (src->t > dst->t) {
        char cls[64];
        memcpy(cls, dst->cls, sizeof cls);
        fw_taint_flow_release(&dst->flow);
        *dst = *src;
        if (!dst->cls[0])
            memcpy(dst->cls, cls, sizeof cls);
        memset(src, 0, sizeof *src);
        return;
    }
    if (!dst->cls[0] && src->cls[0])
        memcpy(dst->cls, src->cls, sizeof dst->cls);
    fw_phpv_free(src);
}

fw_phpv fw_phpv_clean(void)
{
    fw_phpv r;
    memset(&r, 0, sizeof r);
    return r;
}




void fw_phpenv_release(fw_phpenv *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].name);
        fw_phpv_free(&e->v[i].v);
    }
    free(e->v);
    fw_phpv_free(&e->ext);
    memset(e, 0, sizeof *e);
}

void fw_phpenv_clone(fw_phpenv *dst, const fw_phpenv *src)
{
    memset(dst, 0, sizeof *dst);
    for (size_t i = 0; i < src->n; i++) {
        FW_XGROW(dst->v, dst->cap, dst->n + 1);
        dst->v[dst->n].name = fw_xstrdup(src->v[i].name);
        dst->v[dst->n++].v = fw_phpv_copy(&src->v[i].v);
    }
    dst->extracted = src->extracted;
    dst->ext = fw_phpv_copy(&src->ext);
}

fw_phpvar *fw_phpenv_get(fw_phpenv *e, const char *name)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->v[i].name, name) == 0)
            return &e->v[i];
    return NULL;
}

static void env_del_at(fw_phpenv *e, size_t i)
{
    free(e->v[i].name);
    fw_phpv_free(&e->v[i].v);
    e->v[i] = e->v[--e->n];
}

/* Does name extend base as an element or property ("a[k]", "a->p" of "a")? */
static int sub_of(const char *name, const char *base)
{
    size_t k = strlen(base);
    return strncmp(name, base, k) == 0 && (name[k] == '[' || (name[k] == '-' && name[k + 1] == '>'));
}

/* Set name to v (consumed); keep=1 stores it even when clean. */
void fw_phpenv_put(fw_phpenv *e, const char *name, fw_phpv *v, int keep)
{
    fw_phpvar *x = fw_phpenv_get(e, name);
    if (!v->t && !v->cls[0] && !keep && !e->extracted) {
        if (x)
            env_del_at(e, (size_t)(x - e->v));
        fw_phpv_free(v);
        return;
    }
    if (x) {
        fw_phpv_free(&x->v);
        x->v = *v;
        return;
    }
    if (e->n >= FW_MAX_PHP_VARS) {   /* full: the oldest goes */
        fw_phpv_free(v);
        return;
    }
    FW_XGROW(e->v, e->cap, e->n + 1);
    e->v[e->n].name = fw_xstrdup(name);
    e->v[e->n++].v = *v;
}

/* Assign a whole variable: its elements and properties go. */
void fw_phpenv_set_var(fw_phpenv *e, const char *name, fw_phpv *v)
{
    for (size_t i = 0; i < e->n;)
        if (sub_of(e->v[i].name, name))
            env_del_at(e, i);
        else
            i++;
    fw_phpenv_put(e, name, v, 0);
}

/* The value of a whole variable: itself and every element it holds. */
fw_phpv fw_phpenv_read(fw_phpenv *e, const char *name)
{
    fw_phpvar *x = fw_phpenv_get(e, name);
    fw_phpv r = x ? fw_phpv_copy(&x->v) : e->extracted ? fw_phpv_copy(&e->ext) : fw_phpv_clean();
    for (size_t i = 0; i < e->n; i++)
        if (sub_of(e->v[i].name, name) && e->v[i].v.t) {
            fw_phpv c = fw_phpv_copy(&e->v[i].v);
            fw_phpv_join(&r, &c);
        }
    return r;
}

/* The value of one element or property: its own entry, else the variable's. */
fw_phpv fw_phpenv_read_sub(fw_phpenv *e, const char *name, const char *base)
{
    fw_phpvar *x = fw_phpenv_get(e, name);
    if (x)
        return fw_phpv_copy(&x->v);
    x = fw_phpenv_get(e, base);
    if (x) {
        fw_phpv r = fw_phpv_copy(&x->v);
        r.cls[0] = 0;
        return r;
    }
    return e->extracted ? fw_phpv_copy(&e->ext) : fw_phpv_clean();
}

/* A validated name is clean from here on. */
void fw_phpenv_clean(fw_phpenv *e, const char *name)
{
    const char *br = strchr(name, '[');
    fw_phpv c = fw_phpv_clean();
    if (!br) {
        fw_phpenv_set_var(e, name, &c);
        return;
    }
    char base[128];
    size_t k = (size_t)(br - name) < sizeof base - 1 ? (size_t)(br - name) : sizeof base - 1;
    memcpy(base, name, k);
    base[k] = 0;
    fw_phpvar *b = fw_phpenv_get(e, base);
    fw_phpenv_put(e, name, &c, (b && b->v.t) || e->extracted);
}

/* dst = dst | src (the two branches of an if met again). */
void fw_phpenv_merge(fw_phpenv *dst, fw_phpenv *src)
{
    for (size_t i = 0; i < src->n; i++) {
        fw_phpvar *x = fw_phpenv_get(dst, src->v[i].name);
        if (x) {
            fw_phpv c = fw_phpv_copy(&src->v[i].v);
            fw_phpv_join(&x->v, &c);
        } else if (src->v[i].v.t || src->v[i].v.cls[0]) {
            fw_phpv c = fw_phpv_copy(&src->v[i].v);
            fw_phpenv_put(dst, src->v[i].name, &c, 0);
        }
    }
    /* a clean element override holds only where both branches set it */
    for (size_t i = 0; i < dst->n;)
        if (!dst->v[i].v.t && !dst->v[i].v.cls[0] && !fw_phpenv_get(src, dst->v[i].name))
            env_del_at(dst, i);
        else
            i++;
    if (src->extracted && !dst->extracted) {
        dst->extracted = 1;
        fw_phpv_free(&dst->ext);
        dst->ext = fw_phpv_copy(&src->ext);
    }
}

void fw_phpenv_swap(fw_phpenv *a, fw_phpenv *b)
{
    fw_phpenv t = *a;
    *a = *b;
    *b = t;
}
