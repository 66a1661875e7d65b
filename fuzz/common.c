/* common.c: see common.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fuzz/common.h"
#include "checks/registry.h"
#include "core/xalloc.h"
#include "tree/tree.h"

#ifndef FZ_RULES_DIR
#error "FZ_RULES_DIR: the shipped rules directory (set by make fuzz)"
#endif

static fw_ruleset *rules;   /* loaded once per fuzzing process, never changed */

const fw_ruleset *fz_rules(void)
{
    if (rules)
        return rules;
    const char *dir = getenv("FWAUDIT_RULES");
    if (!dir)
        dir = FZ_RULES_DIR;
    char *catalog = fw_xasprintf("%s/requirements.json", dir);
    fw_error err = {0};
    if (fw_ruleset_new(&rules, catalog, &err) != FW_OK ||
        fw_ruleset_load_dir(rules, dir, &err) != FW_OK) {
        fprintf(stderr, "fuzz: cannot load rules from %s: %s\n", dir, err.msg);
        abort();
    }
    free(catalog);
    return rules;
}

int fz_memfd(const uint8_t *d, size_t n, char *path, size_t cap)
{
    int fd = memfd_create("fwaudit-fuzz", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, d + off, n - off);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    snprintf(path, cap, "/proc/self/fd/%d", fd);
    return fd;
}

size_t fz_split(const uint8_t *d, size_t n, const uint8_t **part, size_t *len, size_t max)
{
    static const char sep[] = "\n@@\n";
    size_t k = 0, start = 0;
    for (size_t i = 0; i + 4 <= n && k + 1 < max; i++) {
        if (memcmp(d + i, sep, 4) == 0) {
            part[k] = d + start;
            len[k++] = i - start;
            start = i + 4;
            i += 3;
        }
    }
    part[k] = d + start;
    len[k++] = n - start;
    return k;
}

void fz_render_all(const fw_report *r)
{
    FILE *f = fopen("/dev/null", "w");
    if (!f)
        return;
    static const char *const fmts[] = { "text", "json", "sarif", "junit", "html", "markdown" };
    fw_render_opts o;
    memset(&o, 0, sizeof o);
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        const fw_report_format *rf = fw_report_format_find(fmts[i]);
        if (rf)
            rf->render(f, r, fz_rules(), &o);
    }
    fclose(f);
}

void fz_check_files(const char *const *paths, size_t n_paths, const uint8_t *d, size_t n)
{
    const fw_ruleset *rs = fz_rules();
    const uint8_t *part[16];
    size_t len[16];
    size_t k = fz_split(d, n, part, len, n_paths < 16 ? n_paths : 16);
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    for (size_t i = 0; i < k; i++) {
        fw_node *node = fw_ns_add(t, ns, paths[i], FW_NODE_FILE);
        if (!node)
            continue;
        node->data = fw_xmalloc(len[i] + 1);
        memcpy(node->data, part[i], len[i]);
        node->data[len[i]] = '\0';
        node->size = len[i];
        node->mode = 0755;
        t->bytes_held += len[i];
    }
    fw_report *r = fw_report_new();
    fw_error err = {0};
    (void)fw_checks_run(rs, t, r, &err);
    fw_report_sort(r);
    fw_conformance_fold(r, rs, fw_profile_find("all"));
    fz_render_all(r);
    fw_report_free(&r);
    fw_tree_free(&t);
}
