/* check_erase.c: the erase analyzer (src/checks/scripts/erase.c) through the
 * shipped rules/erase.rules: factory-reset routines (MO.12) and "no routine
 * found". Inputs follow OpenWrt's reset-button handler and a vendor script. */
#include <string.h>
#include "testutil.h"
#include "engine/analyzer.h"

static fw_ruleset *erase_rules(void)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/erase.rules", &err) == FW_OK,
                  "load erase.rules: %s", err.msg);
    return rs;
}

static const fw_finding *ev_get(const fw_report *r, const char *rule, size_t k)
{
    for (size_t i = 0; i < r->n_evidence; i++)
        if (strcmp(r->evidence[i]->rule->id, rule) == 0 && k-- == 0)
            return r->evidence[i];
    return NULL;
}

static fw_ns *rootfs(fw_tree *t)
{
    fw_ns *ns = fw_tree_add_ns(t, "fw.tar", 0);
    fw_ns_add(t, ns, "/", FW_NODE_DIR);
    tu_add_file(t, ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n");
    tu_add_file(t, ns, "/bin/sh", "#!x\n");
    return ns;
}

START_TEST(openwrt_reset_button_erases_overlay)
{
    fw_ruleset *rs = erase_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = rootfs(t);
    tu_add_file(t, ns, "/etc/rc.button/reset", "#!/bin/sh\n\n"
                "[ \"${ACTION}\" = \"released\" ] || exit 0\n"
                "if [ \"$SEEN\" -gt 5 ]\nthen\n"
                "\techo \"FACTORY RESET\" > /dev/console\n"
                "\tjffs2reset -y && reboot &\nfi\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "erase-no-routine"), 0);
    const fw_finding *e = ev_get(r, "erase-routine", 0);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->path, "/etc/rc.button/reset");
    ck_assert_uint_eq(e->line, 7);
    ck_assert_str_eq(tu_detail(e, "covers"), "overlay(jffs2reset)");
    ck_assert_str_eq(tu_detail(e, "trigger"), "reset button");
    ck_assert(tu_names_req(e, "MO.12"));
    const fw_inventory *inv = fw_report_find_inventory(r, "reset");
    ck_assert_ptr_nonnull(inv);
    ck_assert_uint_eq(inv->n_rows, 1);
    ck_assert_str_eq(inv->rows[0][1], "/etc/rc.button/reset:7");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(vendor_script_names_the_partition)
{
    fw_ruleset *rs = erase_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = rootfs(t);
    tu_add_file(t, ns, "/usr/sbin/restore_default.sh", "#!/bin/sh\n"
                "# flash_erase /dev/mtd3 0 0   (old layout)\n"
                "logger restoring defaults; flash_erase -q /dev/mtd5 0 0\nreboot\n");
    fw_report *r = tu_run_checks(rs, t);
    const fw_finding *e = ev_get(r, "erase-routine", 0);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(e->line, 3);
    ck_assert_str_eq(tu_detail(e, "covers"), "flash-device /dev/mtd5");
    ck_assert_uint_eq(tu_count(r, "erase-no-routine"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* Writing the JFFS2 end-of-filesystem marker over rootfs_data is how OpenWrt
 * platforms wipe the overlay; older firstboot scripts call jffs2_mark_erase.
 * Both are erasures (the next mount reformats the overlay). */
START_TEST(jffs2_erase_marker_erases_the_overlay)
{
    fw_ruleset *rs = erase_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = rootfs(t);
    tu_add_file(t, ns, "/etc/rc.button/reset", "#!/bin/sh\n"
                "[ \"${ACTION}\" = \"released\" ] || exit 0\n"
                "[ \"$SEEN\" -gt 5 ] && {\n"
                "\techo -ne '\\xde\\xad\\xc0\\xde' | mtd -qq write - rootfs_data\n"
                "\treboot\n}\n");
    tu_add_file(t, ns, "/lib/firstboot/10_reset", "#!/bin/sh\n"
                "jffs2_mark_erase() {\n\tlocal part=\"$(find_mtd_part \"$1\")\"\n}\n"
                "reset_overlay() {\n\tjffs2_mark_erase \"rootfs_data\"\n}\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "erase-no-routine"), 0);
    const fw_finding *a = NULL, *b = NULL;
    for (size_t k = 0; ev_get(r, "erase-routine", k); k++) {
        const fw_finding *e = ev_get(r, "erase-routine", k);
        if (strcmp(e->path, "/etc/rc.button/reset") == 0)
            a = e;
        if (strcmp(e->path, "/lib/firstboot/10_reset") == 0)
            b = e;
    }
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->line, 4);
    ck_assert_str_eq(tu_detail(a, "covers"), "overlay(jffs2-marker) rootfs_data");
    ck_assert_str_eq(tu_detail(a, "trigger"), "reset button");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->line, 6);     /* the call, not the definition on line 2 */
    ck_assert_str_eq(tu_detail(b, "covers"), "overlay(jffs2_mark_erase) rootfs_data");
    fw_report_free(&r);
    fw_tree_free(&t);

    /* Near miss: writing an image (not the marker) to flash erases nothing. */
    t = fw_tree_new();
    ns = rootfs(t);
    tu_add_file(t, ns, "/etc/rc.button/reset", "#!/bin/sh\n"
                "cat /tmp/fw.bin | mtd -qq write - firmware\n");
    r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "erase-no-routine"), 1);
    ck_assert_ptr_null(ev_get(r, "erase-routine", 0));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(commented_or_mentioned_reset_is_not_a_routine)
{
    fw_ruleset *rs = erase_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = rootfs(t);
    tu_add_file(t, ns, "/etc/rc.button/reset", "#!/bin/sh\n# jffs2reset -y && reboot &\n"
                "echo \"hold 5s for a factory reset\" > /dev/console\n");
    tu_add_file(t, ns, "/etc/preinit", "#!/bin/sh\n[ -f /tmp/.firstboot ] && echo first\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_ptr_null(ev_get(r, "erase-routine", 0));
    ck_assert_uint_eq(tu_count(r, "erase-no-routine"), 1);
    const fw_finding *f = tu_get(r, "erase-no-routine", 0);
    ck_assert_str_eq(f->path, "/");
    ck_assert_ptr_nonnull(strstr(f->message, "not found"));
    ck_assert(tu_names_req(f, "MO.12"));
    ck_assert_uint_eq(f->severity, FW_SEV_MEDIUM);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(binary_routine_is_string_level)
{
    static const char rc[] = "\x7f" "ELF\x01\x01\x01\0\0nvram_get\0restore_defaults\0";
    fw_ruleset *rs = erase_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = rootfs(t);
    tu_add_bytes(t, ns, "/sbin/rc", rc, sizeof rc - 1);
    fw_report *r = tu_run_checks(rs, t);
    /* Its own rule: shown as evidence, but it names MO.12 only with `also`,
     * so a string in a binary never makes MO.12 PASS. */
    ck_assert_ptr_null(ev_get(r, "erase-routine", 0));
    const fw_finding *e = ev_get(r, "erase-routine-binary", 0);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->path, "/sbin/rc");
    ck_assert_str_eq(tu_detail(e, "confidence"), "low: string-level");
    ck_assert_uint_eq(tu_count(r, "erase-no-routine"), 0);
    fw_conformance_fold(r, rs, fw_profile_find("all"));
    for (size_t i = 0; i < r->n_results; i++)
        if (strcmp(r->results[i].req->id, "MO.12") == 0)
            ck_assert_int_eq(r->results[i].status, FW_STATUS_NEEDS_ATTESTATION);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(not_a_rootfs_is_not_judged)
{
    fw_ruleset *rs = erase_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/README", "docs\n");
    fw_report *r = tu_run_checks(rs, t);
    ck_assert_uint_eq(tu_count(r, "erase-no-routine"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("erase");
    TCase *tc = tcase_create("erase");
    tcase_add_test(tc, openwrt_reset_button_erases_overlay);
    tcase_add_test(tc, vendor_script_names_the_partition);
    tcase_add_test(tc, jffs2_erase_marker_erases_the_overlay);
    tcase_add_test(tc, commented_or_mentioned_reset_is_not_a_routine);
    tcase_add_test(tc, binary_routine_is_string_level);
    tcase_add_test(tc, not_a_rootfs_is_not_judged);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
