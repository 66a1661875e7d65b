/* php_value.h: the abstract values of the PHP taint analysis
 * (taint_php.c) and the scopes that hold them (php_value.c).
 *
 * A value is clean, tainted, or partly cleaned (escapeshellcmd), with the
 * flow of file:line steps that made it so and, for an object made by
 * `new Foo`, its class. A scope keeps only what matters: tainted values,
 * objects of a known class, and a clean element over a tainted array.
 * Ownership: a value owns its flow; fw_phpv_join consumes its source;
 * fw_phpenv_put takes the value over. Private to src/checks/scripts/.
 */
#ifndef FW_CHECKS_SCRIPTS_PHP_VALUE_H
#define FW_CHECKS_SCRIPTS_PHP_VALUE_H

#include <stddef.h>
#include "checks/scripts/taint.h"

enum { FW_PHPV_CLEAN = 0, FW_PHPV_PARTIAL = 1, FW_PHPV_TAINT = 2 };

typedef struct fw_phpv {
    int t;                 /* T_*: escapeshellcmd leaves FW_PHPV_PARTIAL */
    fw_taint_flow flow;    /* how the request data got here */
    char src[64];          /* the source read: "$_GET['ip']" */
    char cls[64];          /* an object of this (lowercased) class, "" = unknown */
} fw_phpv;

/* Names: "ip", "a[k]" (a literal first key), "this->p" (a property).
 * Only what matters is kept: tainted values, objects of a known class, and
 * a clean element over a tainted array ($a['cmd'] = 'ls' after $a = $_GET). */
typedef struct fw_phpvar {
    char *name;
    fw_phpv v;
} fw_phpvar;

typedef struct fw_phpenv {
    fw_phpvar *v;
    size_t n, cap;
    int extracted;         /* extract($_GET) / $$k = $v: unknown names are tainted */
    fw_phpv ext;
} fw_phpenv;

void fw_phpv_free(fw_phpv *v);
fw_phpv fw_phpv_copy(const fw_phpv *v);
/* dst |= src; src is consumed. */
void fw_phpv_join(fw_phpv *dst, fw_phpv *src);
fw_phpv fw_phpv_clean(void);

void fw_phpenv_release(fw_phpenv *e);
void fw_phpenv_clone(fw_phpenv *dst, const fw_phpenv *src);
fw_phpvar *fw_phpenv_get(fw_phpenv *e, const char *name);
/* Set name to v (consumed); keep=1 stores it even when clean. */
void fw_phpenv_put(fw_phpenv *e, const char *name, fw_phpv *v, int keep);
/* Assign a whole variable: its elements and properties go. */
void fw_phpenv_set_var(fw_phpenv *e, const char *name, fw_phpv *v);
/* A whole variable: itself and every element it holds. */
fw_phpv fw_phpenv_read(fw_phpenv *e, const char *name);
/* One element or property: its own entry, else the variable's. */
fw_phpv fw_phpenv_read_sub(fw_phpenv *e, const char *name, const char *base);
/* A validated name ("x" or "x[k]") is clean from here on. */
void fw_phpenv_clean(fw_phpenv *e, const char *name);
/* dst = dst | src (two branches met again). */
void fw_phpenv_merge(fw_phpenv *dst, fw_phpenv *src);
void fw_phpenv_swap(fw_phpenv *a, fw_phpenv *b);

#endif
