/* testutil.c: see testutil.h. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"
#include "checks/registry.h"
#include "core/xalloc.h"

fw_node *tu_add_bytes(fw_tree *t, fw_ns *ns, const char *path, const void *data, size_t n)
{
    fw_node *node = fw_ns_add(t, ns, path, FW_NODE_FILE);
    ck_assert_ptr_nonnull(node);
    node->data = fw_xmalloc(n + 1);
    memcpy(node->data, data, n);
    node->data[n] = '\0';
    node->size = n;
    node->mode = 0644;
    t->bytes_held += n;
    return node;
}

fw_node *tu_add_file(fw_tree *t, fw_ns *ns, const char *path, const char *content)
{
    return tu_add_bytes(t, ns, path, content, strlen(content));
}

fw_node *tu_add_symlink(fw_tree *t, fw_ns *ns, const char *path, const char *target)
{
    fw_node *node = fw_ns_add(t, ns, path, FW_NODE_SYMLINK);
    ck_assert_ptr_nonnull(node);
    node->link_target = fw_xstrdup(target);
    node->mode = 0777;
    return node;
}

fw_ruleset *tu_ruleset_empty(void)
{
    fw_ruleset *rs = NULL;
    fw_error err = {0};
    int rc = fw_ruleset_new(&rs, CATALOG_PATH, &err);
    ck_assert_msg(rc == FW_OK, "ruleset_new: %s", err.msg);
    return rs;
}

fw_ruleset *tu_ruleset_shipped(void)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = {0};
    int rc = fw_ruleset_load_dir(rs, RULES_DIR, &err);
    ck_assert_msg(rc == FW_OK, "load rules: %s", err.msg);
    return rs;
}

fw_ruleset *tu_ruleset_from(const char *text)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = {0};
    int rc = fw_ruleset_load_string(rs, "test.rules", text, &err);
    ck_assert_msg(rc == FW_OK, "load rules: %s", err.msg);
    return rs;
}

fw_report *tu_run_checks(const fw_ruleset *rs, fw_tree *t)
{
    fw_report *r = fw_report_new();
    fw_error err = {0};
    int rc = fw_checks_run(rs, t, r, &err);
    ck_assert_msg(rc == FW_OK, "checks: %s", err.msg);
    fw_report_aggregate(r, t);   /* as fw_scan does: what a user sees */
    fw_report_sort(r);
    return r;
}

size_t tu_count(const fw_report *r, const char *rule_id)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_findings; i++)
        if (strcmp(r->findings[i]->rule->id, rule_id) == 0)
            n++;
    return n;
}

const fw_finding *tu_get(const fw_report *r, const char *rule_id, size_t idx)
{
    for (size_t i = 0; i < r->n_findings; i++)
        if (strcmp(r->findings[i]->rule->id, rule_id) == 0 && idx-- == 0)
            return r->findings[i];
    return NULL;
}

int tu_names_req(const fw_finding *f, const char *req)
{
    for (size_t i = 0; i < f->rule->n_requires; i++)
        if (strcmp(f->rule->requires[i], req) == 0)
            return 1;
    return 0;
}

const char *tu_detail(const fw_finding *f, const char *key)
{
    for (size_t i = 0; i < f->n_details; i++)
        if (strcmp(f->details[i].key, key) == 0)
            return f->details[i].value;
    return NULL;
}

char *tu_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "open %s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        FW_XGROW(buf, cap, n + 65536 + 1);
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *tu_mkdtemp(void)
{
    char tmpl[] = "/tmp/fwaudit-test.XXXXXX";
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    return fw_xstrdup(d);
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

void tu_rmtree(const char *dir)
{
    nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_write(const char *dir, const char *rel, const char *content)
{
    char *path = fw_xasprintf("%s/%s", dir, rel);
    for (char *p = path + strlen(dir) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "write %s", path);
    fputs(content, f);
    fclose(f);
    free(path);
}

int tu_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
