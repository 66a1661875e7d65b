/* check_update.c: the update analyzer (src/checks/scripts/update.c) through the
 * shipped rules/update.rules: update paths, their signature checks, opkg,
 * ELF updaters (string level), and "no update mechanism". Inputs are laid
 * out as OpenWrt lays them out (sysupgrade sourcing /lib/upgrade/\*.sh). */
#include <string.h>
#include "testutil.h"
#include "engine/analyzer.h"
#include "core/xalloc.h"
#include <stdlib.h>

static fw_ruleset *update_rules(void)
{
    fw_ruleset *rs = tu_ruleset_empty();
    fw_error err = { 0 };
    ck_assert_msg(fw_ruleset_load_file(rs, RULES_DIR "/update.rules", &err) == FW_OK,
                  "load update.rules: %s", err.msg);
    return rs;
}

static size_t ev_count(const fw_report *r, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_evidence; i++)
        if (strcmp(r->evidence[i]->rule->id, rule) == 0)
            n++;
    return n;
}

static const fw_finding *ev_get(const fw_report *r, const char *rule)
{
    for (size_t i = 0; i < r->n_evidence; i++)
        if (strcmp(r->evidence[i]->rule->id, rule) == 0)
            return r->evidence[i];
    return NULL;
}

#define SYSUPGRADE "#!/bin/sh\n. /lib/functions.sh\ninclude /lib/upgrade\n" \
    "fwtool_check_signature \"$1\" || exit 1\ndo_upgrade \"$1\"\n"
#define COMMON "default_do_upgrade() {\n\tsync\n\tget_image \"$1\" | mtd write - \"${PART_NAME:-image}\"\n}\n"
#define FWTOOL "fwtool_check_signature() {\n" \
    "\tif ! usign -V -q -m /tmp/sysupgrade.bin -x /tmp/sysupgrade.sig -P /etc/opkg/keys; then\n" \
    "\t\treturn 1\n\tfi\n}\n"

static fw_report *run(fw_ruleset *rs, fw_tree *t)
{
    return tu_run_checks(rs, t);
}

START_TEST(sysupgrade_with_usign_is_verified)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/sbin/sysupgrade", SYSUPGRADE);
    tu_add_file(t, ns, "/lib/upgrade/common.sh", COMMON);
    tu_add_file(t, ns, "/lib/upgrade/fwtool.sh", FWTOOL);
    tu_add_file(t, ns, "/etc/opkg/keys/b5043e70f9a75cde", "untrusted comment: x\nRWS...\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 0);
    ck_assert_uint_eq(tu_count(r, "update-verify-ignored"), 0);
    ck_assert_uint_eq(ev_count(r, "update-verified"), 1);
    const fw_finding *e = ev_get(r, "update-verified");
    ck_assert_str_eq(e->path, "/lib/upgrade/fwtool.sh");
    ck_assert_uint_eq(e->line, 2);
    ck_assert_str_eq(tu_detail(e, "keys"), "/etc/opkg/keys");
    ck_assert_str_eq(tu_detail(e, "writes_at"), "/lib/upgrade/common.sh:3");
    ck_assert_uint_eq(ev_count(r, "update-mechanism"), 1);
    const fw_inventory *inv = fw_report_find_inventory(r, "updates");
    ck_assert_ptr_nonnull(inv);
    ck_assert_uint_eq(inv->n_rows, 1);
    ck_assert_str_eq(inv->rows[0][2], "yes");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(sysupgrade_without_signature_is_a_finding)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    /* OpenWrt 14.07: only platform_check_image (a magic-number check). */
    tu_add_file(t, ns, "/sbin/sysupgrade", "#!/bin/sh\ninclude /lib/upgrade\n"
                "platform_check_image \"$1\" || exit 1\ndo_upgrade \"$1\"\n");
    tu_add_file(t, ns, "/lib/upgrade/common.sh", COMMON);
    tu_add_file(t, ns, "/lib/upgrade/fwtool.sh", "# usign -V -m \"$1\" -P /etc/opkg/keys\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 1);
    const fw_finding *f = tu_get(r, "update-unverified", 0);
    ck_assert_str_eq(f->path, "/lib/upgrade/common.sh");
    ck_assert_uint_eq(f->line, 3);
    ck_assert(tu_names_req(f, "MO.14"));
    ck_assert_uint_eq(f->severity, FW_SEV_HIGH);
    ck_assert_uint_eq(ev_count(r, "update-verified"), 0);
    ck_assert_uint_eq(ev_count(r, "update-mechanism"), 1);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* The JFFS2 erase marker is not an image: sysupgrade -n on a platform that
 * wipes the overlay by writing 0xdeadc0de to rootfs_data is judged by its
 * real write (common.sh) only, and a reset tool in /lib/upgrade that writes
 * only the marker or erases rootfs_data is no update path at all. */
START_TEST(jffs2_erase_marker_is_not_an_image_write)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/sbin/sysupgrade", "#!/bin/sh\ninclude /lib/upgrade\n"
                "platform_check_image \"$1\" || exit 1\ndo_upgrade \"$1\"\n");
    tu_add_file(t, ns, "/lib/upgrade/common.sh", COMMON);
    tu_add_file(t, ns, "/lib/upgrade/platform.sh", "platform_do_upgrade() {\n"
                "\tif [ \"$SAVE_CONFIG\" -ne 1 ]; then\n"
                "\t\techo -ne '\\xde\\xad\\xc0\\xde' | mtd -qq write - rootfs_data\n"
                "\tfi\n\tdefault_do_upgrade \"$ARGV\"\n}\n");
    tu_add_file(t, ns, "/lib/upgrade/keep_config.sh", "#!/bin/sh\n"
                "# firmware upgrade without settings: wipe the overlay\n"
                "printf '\\336\\255\\300\\336' | mtd write - rootfs_data\n"
                "mtd -r write /tmp/sysupgrade.tgz rootfs_data\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 1);
    const fw_finding *f = tu_get(r, "update-unverified", 0);
    ck_assert_str_eq(f->path, "/lib/upgrade/common.sh");
    ck_assert_uint_eq(f->line, 3);
    ck_assert_uint_eq(ev_count(r, "update-mechanism"), 1);
    fw_report_free(&r);
    fw_tree_free(&t);

    /* The near miss: a vendor updater writing a downloaded image stays judged. */
    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/usr/sbin/fw_upgrade.sh", "#!/bin/sh\n"
                "wget -O /tmp/fw.bin \"$1\"\n"
                "echo -ne '\\xde\\xad\\xc0\\xde' | mtd -qq write - rootfs_data\n"
                "mtd -r write /tmp/fw.bin firmware\n");
    r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 1);
    f = tu_get(r, "update-unverified", 0);
    ck_assert_str_eq(f->path, "/usr/sbin/fw_upgrade.sh");
    ck_assert_uint_eq(f->line, 4);
    ck_assert_str_eq(f->excerpt, "mtd -r write /tmp/fw.bin firmware");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(ignored_verification_is_a_finding)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/usr/sbin/fw_update.sh", "#!/bin/sh\n"
                "wget -O /tmp/fw.bin https://fw.example.com/fw.bin\n"
                "openssl dgst -sha256 -verify /etc/fw.pem -signature /tmp/fw.sig /tmp/fw.bin\n"
                "mtd -r write /tmp/fw.bin firmware\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-verify-ignored"), 1);
    ck_assert_uint_eq(tu_get(r, "update-verify-ignored", 0)->line, 3);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 1);
    ck_assert_uint_eq(tu_count(r, "update-insecure-download"), 0);
    ck_assert_uint_eq(ev_count(r, "update-verified"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(status_checked_on_next_line_counts)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/usr/sbin/fw_update.sh", "#!/bin/sh\n"
                "wget -O /tmp/fw.bin http://fw.example.com/fw.bin\n"
                "gpgv --keyring /etc/fw.gpg /tmp/fw.sig /tmp/fw.bin\n"
                "[ $? -eq 0 ] || exit 1\n"
                "mtd -r write /tmp/fw.bin firmware\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-verify-ignored"), 0);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 0);
    ck_assert_uint_eq(ev_count(r, "update-verified"), 1);
    ck_assert_str_eq(tu_detail(ev_get(r, "update-verified"), "keys"), "/etc/fw.gpg");
    /* http is still reported: a signature does not hide the transport. */
    ck_assert_uint_eq(tu_count(r, "update-insecure-download"), 1);
    ck_assert_uint_eq(tu_get(r, "update-insecure-download", 0)->line, 2);
    ck_assert(tu_names_req(tu_get(r, "update-insecure-download", 0), "MO.6"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(preinit_header_fixup_is_not_an_updater)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/lib/preinit/04_handle_checksumming",
                "do_checksumming() {\n\tmtd write $tmpfile $partname\n}\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 0);
    ck_assert_uint_eq(ev_count(r, "update-mechanism"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(opkg_signature_option)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/opkg.conf", "dest root /\n"
                "src/gz base http://downloads.openwrt.org/barrier_breaker/14.07/base\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-opkg-unsigned"), 1);
    ck_assert_uint_eq(tu_count(r, "update-insecure-download"), 1);
    ck_assert_uint_eq(tu_get(r, "update-insecure-download", 0)->line, 2);
    ck_assert_uint_eq(ev_count(r, "update-opkg-signed"), 0);
    fw_report_free(&r);
    fw_tree_free(&t);

    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/opkg.conf", "dest root /\n#option check_signature 0\n"
                "option check_signature\n"
                "src/gz base http://downloads.openwrt.org/releases/base\n");
    r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-opkg-unsigned"), 0);
    ck_assert_uint_eq(tu_count(r, "update-insecure-download"), 0);
    ck_assert_uint_eq(ev_count(r, "update-opkg-signed"), 1);
    ck_assert_uint_eq(ev_get(r, "update-opkg-signed")->line, 3);
    fw_report_free(&r);
    fw_tree_free(&t);

    t = fw_tree_new();
    ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/opkg.conf", "option check_signature 0\n");
    r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-opkg-unsigned"), 1);
    ck_assert_uint_eq(tu_get(r, "update-opkg-unsigned", 0)->line, 1);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(elf_updater_string_level)
{
    static const char md5only[] = "\x7f" "ELF\x01\x01\x01\0\0MD5_Init\0mtd_write\0upgrade.cgi\0";
    static const char rsa[] = "\x7f" "ELF\x01\x01\x01\0\0RSA_verify\0upgradeFirmware\0";
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/usr/sbin/httpd", md5only, sizeof md5only - 1);
    tu_add_bytes(t, ns, "/usr/bin/ota", rsa, sizeof rsa - 1);
    tu_add_bytes(t, ns, "/bin/ls", "\x7f" "ELF\x01\x01\x01\0\0RSA_verify\0", 20);
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-binary-unverified"), 1);
    const fw_finding *f = tu_get(r, "update-binary-unverified", 0);
    ck_assert_str_eq(f->path, "/usr/sbin/httpd");
    ck_assert_str_eq(tu_detail(f, "checksum"), "MD5_Init");
    ck_assert_ptr_nonnull(strstr(tu_detail(f, "confidence"), "string-level"));
    ck_assert_uint_eq(ev_count(r, "update-binary-verified"), 1);
    ck_assert_str_eq(ev_get(r, "update-binary-verified")->path, "/usr/bin/ota");
    ck_assert_uint_eq(ev_count(r, "update-mechanism"), 2);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

/* The evidence quotes the string that is in the binary: TP-Link's httpd has
 * swSoftUpgrade, matched by the pattern family named "do_upgrade"; a report
 * citing "do_upgrade" sends a reviewer looking for bytes that are not there. */
START_TEST(elf_updater_quotes_the_matched_string)
{
    static const char httpd[] = "\x7f" "ELF\x01\x01\x01\0\0md5_make_digest\0"
                                "sFirmwareBetaEdition\0swSoftUpgrade\0httpRpmUpload\0";
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/usr/bin/httpd", httpd, sizeof httpd - 1);
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-binary-unverified"), 1);
    const fw_finding *f = tu_get(r, "update-binary-unverified", 0);
    ck_assert_str_eq(f->path, "/usr/bin/httpd");
    ck_assert_str_eq(f->excerpt, "swSoftUpgrade");
    ck_assert_ptr_nonnull(strstr(f->message, "\"swSoftUpgrade\""));
    ck_assert_ptr_null(strstr(f->message, "do_upgrade"));
    ck_assert_ptr_nonnull(strstr(f->message, "md5_make_digest"));
    ck_assert_str_eq(tu_detail(f, "updater_string"), "swSoftUpgrade");
    ck_assert_str_eq(tu_detail(f, "checksum"), "md5_make_digest");
    /* the offset is where the quoted bytes are, not the NUL before them */
    const char *at = memmem(httpd, sizeof httpd - 1, "swSoftUpgrade", 13);
    ck_assert_uint_eq(f->offset, (uint64_t)(at - httpd));
    ck_assert_str_eq(ev_get(r, "update-mechanism")->excerpt, "swSoftUpgrade");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(no_update_mechanism_in_a_rootfs)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "rootfs.tar", 0);
    fw_ns_add(t, ns, "/", FW_NODE_DIR);
    tu_add_file(t, ns, "/etc/inittab", "::sysinit:/etc/init.d/rcS\n");
    tu_add_file(t, ns, "/bin/sh", "#!x\n");
    /* A nested archive that is not a root file system is not judged. */
    fw_ns *docs = fw_tree_add_ns(t, "rootfs.tar > /usr/share/doc.tar", 1);
    tu_add_file(t, docs, "/README", "hello\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-no-mechanism"), 1);
    const fw_finding *f = tu_get(r, "update-no-mechanism", 0);
    ck_assert_str_eq(f->chain, "rootfs.tar");
    ck_assert_str_eq(f->path, "/");
    ck_assert_ptr_nonnull(strstr(f->message, "not found"));
    ck_assert(tu_names_req(f, "MO.8"));
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(swupdate_daemon_with_key_is_verified)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/init.d/swupdate", "#!/bin/sh\n"
                "start() {\n\tswupdate -v -k /etc/swupdate/public.pem -w \"-r /www\" &\n}\n");
    tu_add_file(t, ns, "/etc/init.d/swupdate-nokey", "#!/bin/sh\n"
                "start() {\n\tswupdate -v -w \"-r /www\" &\n}\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(ev_count(r, "update-verified"), 1);
    const fw_finding *e = ev_get(r, "update-verified");
    ck_assert_str_eq(e->path, "/etc/init.d/swupdate");
    ck_assert_str_eq(tu_detail(e, "keys"), "/etc/swupdate/public.pem");
    ck_assert_uint_eq(tu_count(r, "update-verify-ignored"), 0);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 1);
    ck_assert_str_eq(tu_get(r, "update-unverified", 0)->path, "/etc/init.d/swupdate-nokey");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(mender_and_rauc_configuration)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/etc/mender/mender.conf", "{\n  \"ServerURL\": \"https://m.example\",\n"
                "  \"ArtifactVerifyKey\": \"/etc/mender/artifact-verify-key.pem\"\n}\n");
    tu_add_file(t, ns, "/etc/rauc/system.conf", "[system]\ncompatible=hub\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(ev_count(r, "update-verified"), 1);
    const fw_finding *e = ev_get(r, "update-verified");
    ck_assert_str_eq(e->path, "/etc/mender/mender.conf");
    ck_assert_uint_eq(e->line, 3);
    ck_assert_str_eq(tu_detail(e, "keys"), "/etc/mender/artifact-verify-key.pem");
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 1);
    ck_assert_str_eq(tu_get(r, "update-unverified", 0)->path, "/etc/rauc/system.conf");
    ck_assert_uint_eq(ev_count(r, "update-mechanism"), 2);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(uboot_fit_signature_key)
{
    static const char req[] = "\xd0\x0d\xfe\xed\0\0\x01\0signature\0key-dev\0required\0"
                              "algo\0rsa,num-bits\0rsa,modulus\0key-name-hint\0";
    static const char opt[] = "\xd0\x0d\xfe\xed\0\0\x01\0signature\0key-dev\0"
                              "algo\0rsa,num-bits\0rsa,modulus\0key-name-hint\0";
    static const char plain[] = "\xd0\x0d\xfe\xed\0\0\x01\0compatible\0model\0";
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_bytes(t, ns, "/boot/u-boot.dtb", req, sizeof req - 1);
    tu_add_bytes(t, ns, "/boot/old-u-boot.dtb", opt, sizeof opt - 1);
    tu_add_bytes(t, ns, "/boot/board.dtb", plain, sizeof plain - 1);
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(ev_count(r, "update-fit-signature-key"), 1);
    ck_assert_str_eq(ev_get(r, "update-fit-signature-key")->path, "/boot/u-boot.dtb");
    ck_assert_uint_eq(tu_count(r, "update-fit-signature-optional"), 1);
    ck_assert_str_eq(tu_get(r, "update-fit-signature-optional", 0)->path, "/boot/old-u-boot.dtb");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(cgi_calling_sysupgrade_joins_its_path)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    tu_add_file(t, ns, "/sbin/sysupgrade", SYSUPGRADE);
    tu_add_file(t, ns, "/lib/upgrade/common.sh", COMMON);
    tu_add_file(t, ns, "/lib/upgrade/fwtool.sh", FWTOOL);
    tu_add_file(t, ns, "/www/cgi-bin/autoupdate", "#!/bin/sh\n"
                "wget -q -O /tmp/fw.bin http://cloud.example.com/latest.bin || exit 1\n"
                "sysupgrade -n /tmp/fw.bin\n"
                "sysupgrade --create-backup /tmp/b.tgz\n");
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(ev_count(r, "update-verified"), 1);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 0);
    ck_assert_uint_eq(tu_count(r, "update-insecure-download"), 1);
    const fw_finding *f = tu_get(r, "update-insecure-download", 0);
    ck_assert_str_eq(f->path, "/www/cgi-bin/autoupdate");
    ck_assert_uint_eq(f->line, 2);
    ck_assert_str_eq(tu_detail(ev_get(r, "update-mechanism"), "entry"), "/sbin/sysupgrade");
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

START_TEST(hostile_source_cycles_and_long_lines)
{
    fw_ruleset *rs = update_rules();
    fw_tree *t = fw_tree_new();
    fw_ns *ns = fw_tree_add_ns(t, "", 0);
    /* Scripts reading each other in a cycle, and themselves. */
    tu_add_file(t, ns, "/lib/upgrade/a.sh", ". /lib/upgrade/b.sh\n. /lib/upgrade/a.sh\n"
                "mtd write /tmp/fw firmware\n");
    tu_add_file(t, ns, "/lib/upgrade/b.sh", "include /lib/upgrade\n");
    /* A 1 MiB line of "mtd " repetitions with no "write". */
    size_t n = 1u << 20;
    char *big = fw_xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = "mtd "[i % 4];
    big[n] = '\0';
    tu_add_file(t, ns, "/sbin/upgrade-big.sh", big);
    free(big);
    fw_report *r = run(rs, t);
    ck_assert_uint_eq(tu_count(r, "update-unverified"), 1);
    ck_assert_str_eq(tu_get(r, "update-unverified", 0)->path, "/lib/upgrade/a.sh");
    /* Patterns are bounded ({0,256}, no nested repeats), so the hostile
     * line is judged in full, in linear time, without hitting a limit. */
    ck_assert_uint_eq(r->n_errors, 0);
    fw_report_free(&r);
    fw_tree_free(&t);
    fw_ruleset_free(&rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("update");
    TCase *tc = tcase_create("update");
    tcase_add_test(tc, sysupgrade_with_usign_is_verified);
    tcase_add_test(tc, sysupgrade_without_signature_is_a_finding);
    tcase_add_test(tc, jffs2_erase_marker_is_not_an_image_write);
    tcase_add_test(tc, ignored_verification_is_a_finding);
    tcase_add_test(tc, status_checked_on_next_line_counts);
    tcase_add_test(tc, preinit_header_fixup_is_not_an_updater);
    tcase_add_test(tc, opkg_signature_option);
    tcase_add_test(tc, elf_updater_string_level);
    tcase_add_test(tc, elf_updater_quotes_the_matched_string);
    tcase_add_test(tc, no_update_mechanism_in_a_rootfs);
    tcase_add_test(tc, swupdate_daemon_with_key_is_verified);
    tcase_add_test(tc, mender_and_rauc_configuration);
    tcase_add_test(tc, uboot_fit_signature_key);
    tcase_add_test(tc, cgi_calling_sysupgrade_joins_its_path);
    tcase_add_test(tc, hostile_source_cycles_and_long_lines);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return tu_run_suite(suite()); }
