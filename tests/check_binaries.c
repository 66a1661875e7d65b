/* check_binaries.c: the ELF reader (src/checks/binaries/elf.c) and the "binaries"
 * analyzer (src/checks/binaries/binaries.c) with the shipped rules/binaries.rules.
 *
 * Inputs are made at test time: real binaries compiled with the native gcc
 * (always present: build-essential) with and without each mitigation, the
 * same program cross-compiled for ARM and MIPS (and AArch64, MIPS LE,
 * PowerPC, RISC-V when Debian's cross compilers are installed; otherwise the
 * case prints "SKIP ..." and passes), and hostile headers built byte by
 * byte here. Nothing is committed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"
#include "engine/analyzer.h"
#include "checks/binaries/elf.h"
#include "core/xalloc.h"

#define R_EXEC_STACK "binary-executable-stack"
#define R_RPATH      "binary-insecure-rpath"

static fw_tree *tree;
static fw_ns *ns;
static fw_ruleset *rs;
static fw_report *report;
static char *tmp;

static void setup(void)
{
    tree = fw_tree_new();
    ns = fw_tree_add_ns(tree, "", 0);
    rs = tu_ruleset_empty();
    fw_error err = {0};
    int rc = fw_ruleset_load_file(rs, RULES_DIR "/binaries.rules", &err);
    ck_assert_msg(rc == FW_OK, "binaries.rules: %s", err.msg);
    report = NULL;
    tmp = tu_mkdtemp();
}

static void teardown(void)
{
    fw_report_free(&report);
    fw_ruleset_free(&rs);
    fw_tree_free(&tree);
    tu_rmtree(tmp);
    free(tmp);
}

static void run(void)
{
    report = tu_run_checks(rs, tree);
}

/* ---- building test binaries -------------------------------------------- */

static const char PROG[] =
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "const char banner[] = \"test program\";\n"
    "int main(int argc, char **argv)\n"
    "{\n"
    "    char buf[16];\n"
    "    strcpy(buf, argc > 1 ? argv[1] : banner);\n"
    "    printf(\"%s %d\\n\", buf, argc);\n"
    "    return 0;\n"
    "}\n";

/* Is the program `cc` on PATH? */
static int have_tool(const char *cc)
{
    char *cmd = fw_xasprintf("command -v %s >/dev/null 2>&1", cc);
    int rc = system(cmd);
    free(cmd);
    return rc == 0;
}

/* Compile `source` with `cc flags` into tmp/out; returns the binary's bytes
 * (test fails if the compiler fails), *len set. */
static char *compile(const char *cc, const char *source, const char *flags, size_t *len)
{
    tu_write(tmp, "prog.c", source);
    char *out = fw_xasprintf("%s/out", tmp);
    unlink(out);
    char *cmd = fw_xasprintf("cd '%s' && %s %s -o out prog.c 2>cc.log", tmp, cc, flags);
    int rc = system(cmd);
    if (rc != 0) {
        char *log = fw_xasprintf("%s/cc.log", tmp);
        char *msg = tu_slurp(log, NULL);
        ck_abort_msg("%s failed: %s", cmd, msg);
    }
    char *data = tu_slurp(out, len);
    free(cmd);
    free(out);
    return data;
}

static fw_node *add_compiled(const char *path, const char *cc, const char *source,
                             const char *flags)
{
    size_t len;
    char *data = compile(cc, source, flags, &len);
    fw_node *n = tu_add_bytes(tree, ns, path, data, len);
    free(data);
    return n;
}

/* ---- reading inventories ------------------------------------------------ */

static const char *cell(const char *inv_name, const char *key_col, const char *key,
                        const char *col)
{
    const fw_inventory *inv = fw_report_find_inventory(report, inv_name);
    ck_assert_msg(inv != NULL, "no inventory %s", inv_name);
    size_t kc = SIZE_MAX, cc = SIZE_MAX;
    for (size_t i = 0; i < inv->n_columns; i++) {
        if (strcmp(inv->columns[i], key_col) == 0)
            kc = i;
        if (strcmp(inv->columns[i], col) == 0)
            cc = i;
    }
    ck_assert_msg(kc != SIZE_MAX && cc != SIZE_MAX, "%s: no column %s/%s", inv_name, key_col, col);
    for (size_t r = 0; r < inv->n_rows; r++)
        if (inv->rows[r][kc] && strcmp(inv->rows[r][kc], key) == 0)
            return inv->rows[r][cc] ? inv->rows[r][cc] : "";
    ck_abort_msg("%s: no row %s=%s", inv_name, key_col, key);
    return NULL;
}

static const char *bin(const char *path, const char *col)
{
    return cell("binaries", "path", path, col);
}

/* ---- native gcc: each mitigation and its absence ----------------------- */

START_TEST(test_hardened_x86_64)
{
    add_compiled("/usr/bin/good", "gcc", PROG,
                 "-O2 -fstack-protector-all -D_FORTIFY_SOURCE=2 -fPIE -pie "
                 "-Wl,-z,relro,-z,now -Wl,-z,noexecstack");
    run();
    ck_assert_str_eq(bin("/usr/bin/good", "arch"), "x86-64");
    ck_assert_str_eq(bin("/usr/bin/good", "class"), "ELF64 LSB");
    ck_assert_str_eq(bin("/usr/bin/good", "kind"), "pie executable");
    ck_assert_str_eq(bin("/usr/bin/good", "libc"), "glibc");
    ck_assert_str_eq(bin("/usr/bin/good", "nx"), "yes");
    ck_assert_str_eq(bin("/usr/bin/good", "pie"), "yes");
    ck_assert_str_eq(bin("/usr/bin/good", "relro"), "full");
    ck_assert_str_eq(bin("/usr/bin/good", "canary"), "yes");
    ck_assert_str_eq(bin("/usr/bin/good", "fortify"), "yes");
    ck_assert_str_eq(bin("/usr/bin/good", "rpath"), "-");
    ck_assert_str_eq(bin("/usr/bin/good", "stripped"), "no");
    ck_assert_str_eq(bin("/usr/bin/good", "score"), "100");
    ck_assert_uint_eq(tu_count(report, R_EXEC_STACK), 0);
    ck_assert_uint_eq(tu_count(report, R_RPATH), 0);
    ck_assert_str_eq(cell("binaries-summary", "image", "(input)", "mean_score"), "100");
    ck_assert_str_eq(cell("binaries-summary", "image", "(input)", "canary"), "1/1");
}
END_TEST

START_TEST(test_unhardened_x86_64)
{
    add_compiled("/usr/sbin/bad", "gcc", PROG,
                 "-O0 -U_FORTIFY_SOURCE -fno-stack-protector -no-pie -fno-pie "
                 "-Wl,-z,norelro -Wl,-z,lazy -z execstack -s");
    run();
    ck_assert_str_eq(bin("/usr/sbin/bad", "kind"), "executable");
    ck_assert_str_eq(bin("/usr/sbin/bad", "nx"), "no");
    ck_assert_str_eq(bin("/usr/sbin/bad", "pie"), "no");
    ck_assert_str_eq(bin("/usr/sbin/bad", "relro"), "no");
    ck_assert_str_eq(bin("/usr/sbin/bad", "canary"), "no");
    ck_assert_str_eq(bin("/usr/sbin/bad", "fortify"), "no");
    ck_assert_str_eq(bin("/usr/sbin/bad", "stripped"), "yes");
    ck_assert_str_eq(bin("/usr/sbin/bad", "score"), "0");
    /* the executable stack is the one finding */
    ck_assert_uint_eq(tu_count(report, R_EXEC_STACK), 1);
    const fw_finding *f = tu_get(report, R_EXEC_STACK, 0);
    ck_assert_str_eq(f->path, "/usr/sbin/bad");
    ck_assert(tu_names_req(f, "MO.16"));
    ck_assert(tu_names_req(f, "MO.3"));
    ck_assert_int_eq(f->severity, FW_SEV_LOW);
    ck_assert_str_eq(tu_detail(f, "binaries"), "1");
    ck_assert(strstr(f->message, "1 of 1 binaries ask for an executable stack") != NULL);
}
END_TEST

START_TEST(test_exec_stack_one_finding_per_file_system)
{
    /* a toolchain default: three binaries, one finding naming them all */
    add_compiled("/bin/a", "gcc", PROG, "-O2 -z execstack");
    add_compiled("/bin/b", "gcc", PROG, "-O2 -z execstack");
    add_compiled("/bin/c", "gcc", PROG, "-O2 -z noexecstack");
    add_compiled("/bin/d", "gcc", PROG, "-O2 -z execstack");
    run();
    ck_assert_uint_eq(tu_count(report, R_EXEC_STACK), 1);
    const fw_finding *f = tu_get(report, R_EXEC_STACK, 0);
    ck_assert_str_eq(f->path, "/bin/a");
    ck_assert_str_eq(tu_detail(f, "binaries"), "3");
    ck_assert(strstr(f->message, "3 of 4 binaries") != NULL);
    ck_assert(strstr(f->message, "/bin/a, /bin/b, /bin/d") != NULL);
    ck_assert_str_eq(bin("/bin/c", "nx"), "yes");
    ck_assert_str_eq(cell("binaries-summary", "image", "(input)", "nx"), "1/4");
}
END_TEST

/* The location, list and fingerprint come from the smallest device paths,
 * not from the order the image stores the files in (a tarball written in
 * reverse order gives the same finding as the directory). */
START_TEST(test_exec_stack_location_is_order_independent)
{
    size_t len;
    char *exe = compile("gcc", PROG, "-O2 -z execstack", &len);
    tu_add_bytes(tree, ns, "/usr/sbin/z", exe, len);
    tu_add_bytes(tree, ns, "/usr/bin/y", exe, len);
    tu_add_bytes(tree, ns, "/bin/x", exe, len);
    run();
    const fw_finding *f = tu_get(report, R_EXEC_STACK, 0);
    ck_assert_str_eq(f->path, "/bin/x");
    ck_assert(strstr(f->message, "/bin/x, /usr/bin/y, /usr/sbin/z") != NULL);
    char fp[FW_FINGERPRINT_LEN + 1];
    memcpy(fp, f->fingerprint, sizeof fp);
    fw_report_free(&report);
    fw_tree_free(&tree);
    tree = fw_tree_new();
    ns = fw_tree_add_ns(tree, "", 0);
    tu_add_bytes(tree, ns, "/bin/x", exe, len);
    tu_add_bytes(tree, ns, "/usr/bin/y", exe, len);
    tu_add_bytes(tree, ns, "/usr/sbin/z", exe, len);
    run();
    f = tu_get(report, R_EXEC_STACK, 0);
    ck_assert_str_eq(f->path, "/bin/x");
    ck_assert_str_eq(f->fingerprint, fp);
    free(exe);
}
END_TEST

START_TEST(test_partial_relro_no_canary)
{
    add_compiled("/usr/bin/mid", "gcc", PROG,
                 "-O2 -fno-stack-protector -D_FORTIFY_SOURCE=2 -fPIE -pie "
                 "-Wl,-z,relro -Wl,-z,lazy");
    run();
    ck_assert_str_eq(bin("/usr/bin/mid", "relro"), "partial");
    ck_assert_str_eq(bin("/usr/bin/mid", "canary"), "no");
    ck_assert_str_eq(bin("/usr/bin/mid", "fortify"), "yes");
    /* NX 20 + PIE 20 + partial RELRO 10 + FORTIFY 20 */
    ck_assert_str_eq(bin("/usr/bin/mid", "score"), "70");
}
END_TEST

START_TEST(test_rpath_writable_is_finding)
{
    add_compiled("/usr/bin/app", "gcc", PROG, "-O2 -Wl,--disable-new-dtags -Wl,-rpath,/tmp/lib");
    run();
    ck_assert_str_eq(bin("/usr/bin/app", "rpath"), "RPATH=/tmp/lib");
    ck_assert_uint_eq(tu_count(report, R_RPATH), 1);
    const fw_finding *f = tu_get(report, R_RPATH, 0);
    ck_assert_str_eq(f->path, "/usr/bin/app");
    ck_assert_str_eq(tu_detail(f, "entry"), "/tmp/lib");
    ck_assert(strstr(f->message, "RPATH entry \"/tmp/lib\" (not in the image") != NULL);
    ck_assert_str_eq(tu_detail(f, "in_image"), "no");
}
END_TEST

/* The OpenWrt 14.07 build: RPATH=/home/osmar/Devel/.../build_dir/... in an
 * image with no /home. Nobody but root can create that directory, so it is
 * no finding; with a /home in the image (user homes) it is one. */
START_TEST(test_rpath_build_tree_under_absent_home)
{
    add_compiled("/sbin/uci", "gcc", PROG,
                 "-O2 -Wl,--disable-new-dtags -Wl,-rpath,/home/osmar/Devel/build_dir/uci");
    run();
    ck_assert_str_eq(bin("/sbin/uci", "rpath"), "RPATH=/home/osmar/Devel/build_dir/uci");
    ck_assert_uint_eq(tu_count(report, R_RPATH), 0);
    fw_report_free(&report);
    fw_ns_add(tree, ns, "/home", FW_NODE_DIR);
    run();
    ck_assert_uint_eq(tu_count(report, R_RPATH), 1);
    const fw_finding *f = tu_get(report, R_RPATH, 0);
    ck_assert_str_eq(f->path, "/sbin/uci");
    ck_assert_str_eq(tu_detail(f, "entry"), "/home/osmar/Devel/build_dir/uci");
}
END_TEST

/* TP-Link's build tree under /mnt (/mnt/slave/workspace/...) in an image
 * with no /mnt: nothing can be mounted there, so no finding; with a /mnt
 * mount point in the image it is one. /tmp is a finding either way. */
START_TEST(test_rpath_build_tree_under_absent_mnt)
{
    add_compiled("/lib/libiptc.so", "gcc", PROG,
                 "-O2 -Wl,--disable-new-dtags -Wl,-rpath,/mnt/slave/workspace/build/lib");
    add_compiled("/usr/bin/agent", "gcc", PROG,
                 "-O2 -Wl,--disable-new-dtags -Wl,-rpath,/tmp/agent/lib");
    run();
    ck_assert_uint_eq(tu_count(report, R_RPATH), 1);
    ck_assert_str_eq(tu_get(report, R_RPATH, 0)->path, "/usr/bin/agent");
    fw_report_free(&report);
    fw_ns_add(tree, ns, "/mnt", FW_NODE_DIR);
    run();
    ck_assert_uint_eq(tu_count(report, R_RPATH), 2);
}
END_TEST

START_TEST(test_runpath_relative_is_finding)
{
    add_compiled("/usr/bin/app", "gcc", PROG, "-O2 -Wl,--enable-new-dtags -Wl,-rpath,/usr/lib:lib");
    run();
    ck_assert_str_eq(bin("/usr/bin/app", "rpath"), "RUNPATH=/usr/lib:lib");
    ck_assert_uint_eq(tu_count(report, R_RPATH), 1);
    ck_assert_str_eq(tu_detail(tu_get(report, R_RPATH, 0), "entry"), "lib");
}
END_TEST

START_TEST(test_rpath_origin_is_not_finding)
{
    /* near miss: $ORIGIN and absolute read-only directories */
    add_compiled("/usr/bin/app", "gcc", PROG,
                 "-O2 -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/../lib:/usr/lib/app'");
    run();
    ck_assert_str_eq(bin("/usr/bin/app", "rpath"), "RUNPATH=$ORIGIN/../lib:/usr/lib/app");
    ck_assert_uint_eq(tu_count(report, R_RPATH), 0);
}
END_TEST

START_TEST(test_shared_library)
{
    add_compiled("/usr/lib/libx.so", "gcc", "int f(int x) { return x + 1; }\n",
                 "-O2 -shared -fPIC -Wl,-z,relro,-z,now");
    run();
    ck_assert_str_eq(bin("/usr/lib/libx.so", "kind"), "shared library");
    ck_assert_str_eq(bin("/usr/lib/libx.so", "pie"), "n/a");
    ck_assert_str_eq(bin("/usr/lib/libx.so", "relro"), "full");
}
END_TEST

START_TEST(test_object_file_not_scored)
{
    add_compiled("/lib/modules/x.ko", "gcc", "int f(int x) { return x + 1; }\n", "-c");
    run();
    ck_assert_str_eq(bin("/lib/modules/x.ko", "kind"), "kernel module");
    ck_assert_str_eq(bin("/lib/modules/x.ko", "score"), "-");
    ck_assert_str_eq(cell("binaries-summary", "image", "(input)", "scored"), "0");
}
END_TEST

START_TEST(test_token_in_rodata_found_by_secret_rules)
{
    /* gitleaks and trufflehog skip binaries; fwaudit's pattern rules read
     * every file's bytes, so a token compiled into .rodata is found. */
    fw_error err = {0};
    ck_assert_int_eq(fw_ruleset_load_file(rs, RULES_DIR "/secrets.rules", &err), FW_OK);
    add_compiled("/usr/bin/otad", "gcc",
                 "#include <stdio.h>\n"
                 "static const char token[] = \"ghp_SwMFLZDe1f8rESQedUStPKR0CsTy4Qwb8Dwk\";\n"
                 "static const char akid[] = \"AKIAUJZDEGXDNCF32EPF\";\n"
                 "int main(void) { puts(token); puts(akid); return 0; }\n",
                 "-O2");
    run();
    ck_assert_uint_eq(tu_count(report, "github-token"), 1);
    const fw_finding *f = tu_get(report, "github-token", 0);
    ck_assert_str_eq(f->path, "/usr/bin/otad");
    ck_assert_uint_eq(f->line, 0);           /* a binary: offset, not line */
    ck_assert(f->offset != FW_NO_OFFSET && f->offset > 64);
    ck_assert(strstr(f->excerpt, "SwMFLZDe1f8rESQedUStPKR0CsTy4Qwb8Dwk") == NULL);
    ck_assert_uint_eq(tu_count(report, "aws-access-key-id"), 1);
    ck_assert_str_eq(tu_get(report, "aws-access-key-id", 0)->path, "/usr/bin/otad");
}
END_TEST

/* ---- platform: C library and BusyBox ------------------------------------ */

START_TEST(test_busybox_version_and_applets)
{
    add_compiled("/bin/busybox", "gcc",
                 "#include <stdio.h>\n"
                 "const char applet_names[] = \"[\\0[[\\0addgroup\\0adduser\\0ash\\0cat\\0\"\n"
                 "    \"chmod\\0cp\\0dropbear\\0echo\\0ls\\0mount\\0sh\\0telnetd\\0\";\n"
                 "const char bb_banner[] = \"BusyBox v1.36.1 (2024-01-01 00:00:00 UTC)\";\n"
                 "int main(int c, char **v) { puts(bb_banner); return applet_names[c]; }\n",
                 "-O2");
    tu_add_symlink(tree, ns, "/bin/sh", "busybox");
    tu_add_symlink(tree, ns, "/usr/sbin/telnetd", "../../bin/busybox");
    run();
    ck_assert_str_eq(cell("platform", "component", "BusyBox", "version"), "1.36.1");
    const char *ev = cell("platform", "component", "BusyBox", "evidence");
    ck_assert_msg(strstr(ev, "14 applets built in: [ [[ addgroup adduser ash cat chmod cp "
                             "dropbear echo ls mount sh telnetd") != NULL, "%s", ev);
    ck_assert_msg(strstr(ev, "2 links to busybox") != NULL, "%s", ev);
    ck_assert_str_eq(cell("platform", "component", "BusyBox", "path"), "/bin/busybox");
}
END_TEST

START_TEST(test_no_busybox_no_applets)
{
    /* near miss: a sorted word list in an ordinary program is not BusyBox */
    add_compiled("/usr/bin/words", "gcc",
                 "#include <stdio.h>\n"
                 "const char w[] = \"alpha\\0beta\\0charlie\\0delta\\0echo\\0foxtrot\\0golf\\0\"\n"
                 "    \"hotel\\0india\\0juliet\\0kilo\\0lima\\0\";\n"
                 "int main(int c, char **v) { return w[c]; }\n", "-O2");
    run();
    ck_assert_str_eq(cell("platform", "component", "glibc", "component"), "glibc");
    const fw_inventory *inv = fw_report_find_inventory(report, "platform");
    for (size_t r = 0; r < inv->n_rows; r++)
        ck_assert_str_ne(inv->rows[r][1], "BusyBox");
}
END_TEST

START_TEST(test_glibc_version_from_libc)
{
    /* the build machine's own glibc, as a real libc.so.6 */
    const char *paths[] = { "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6" };
    const char *found = NULL;
    for (size_t i = 0; i < 2 && !found; i++)
        if (access(paths[i], R_OK) == 0)
            found = paths[i];
    if (!found) {
        fprintf(stderr, "SKIP test_glibc_version_from_libc: no x86-64 libc.so.6\n");
        return;
    }
    size_t len;
    char *data = tu_slurp(found, &len);
    tu_add_bytes(tree, ns, "/lib/libc.so.6", data, len);
    free(data);
    add_compiled("/bin/app", "gcc", PROG, "-O2");
    run();
    ck_assert_str_eq(cell("platform", "component", "glibc", "path"), "/lib/libc.so.6");
    const char *v = cell("platform", "component", "glibc", "version");
    ck_assert_msg(v[0] == '2' && v[1] == '.', "glibc version %s", v);
}
END_TEST

/* ---- cross-compiled: every architecture a toolchain is installed for ---- */

static const struct cross {
    const char *cc, *arch, *cls;
} crosses[] = {
    { "arm-linux-gnueabihf-gcc", "ARM", "ELF32 LSB" },
    { "mips-linux-gnu-gcc", "MIPS", "ELF32 MSB" },
    { "mipsel-linux-gnu-gcc", "MIPS", "ELF32 LSB" },
    { "aarch64-linux-gnu-gcc", "AArch64", "ELF64 LSB" },
    { "powerpc-linux-gnu-gcc", "PowerPC", "ELF32 MSB" },
    { "riscv64-linux-gnu-gcc", "RISC-V", "ELF64 LSB" },
};

START_TEST(test_cross_hardened)
{
    const struct cross *x = &crosses[_i];
    if (!have_tool(x->cc)) {
        fprintf(stderr, "SKIP test_cross_hardened %s: not installed (apt-get install gcc-%.*s)\n",
                x->cc, (int)(strlen(x->cc) - 4), x->cc);
        return;
    }
    /* a compiler without its C library (libc6-dev-ARCH-cross, only
     * recommended by the gcc package) cannot build the program: skip too */
    tu_write(tmp, "probe.c", "#include <stdio.h>\nint main(void) { return puts(\"\"); }\n");
    char *probe = fw_xasprintf("cd '%s' && %s -o probe probe.c >/dev/null 2>&1", tmp, x->cc);
    int works = system(probe) == 0;
    free(probe);
    if (!works) {
        fprintf(stderr, "SKIP test_cross_hardened %s: cannot link a C program "
                "(its libc6-dev-*-cross package is missing)\n", x->cc);
        return;
    }
    add_compiled("/usr/bin/good", x->cc, PROG,
                 "-O2 -fstack-protector-all -D_FORTIFY_SOURCE=2 -fPIE -pie -Wl,-z,relro,-z,now");
    add_compiled("/usr/bin/bad", x->cc, PROG,
                 "-O0 -U_FORTIFY_SOURCE -fno-stack-protector -no-pie -fno-pie -Wl,-z,norelro "
                 "-Wl,--disable-new-dtags -Wl,-rpath,/var/lib");
    run();
    ck_assert_str_eq(bin("/usr/bin/good", "arch"), x->arch);
    ck_assert_str_eq(bin("/usr/bin/good", "class"), x->cls);
    ck_assert_str_eq(bin("/usr/bin/good", "kind"), "pie executable");
    ck_assert_str_eq(bin("/usr/bin/good", "libc"), "glibc");
    ck_assert_str_eq(bin("/usr/bin/good", "relro"), "full");
    ck_assert_str_eq(bin("/usr/bin/good", "canary"), "yes");
    ck_assert_str_eq(bin("/usr/bin/good", "fortify"), "yes");
    ck_assert_str_eq(bin("/usr/bin/bad", "arch"), x->arch);
    ck_assert_str_eq(bin("/usr/bin/bad", "pie"), "no");
    ck_assert_str_eq(bin("/usr/bin/bad", "relro"), "no");
    ck_assert_str_eq(bin("/usr/bin/bad", "canary"), "no");
    ck_assert_str_eq(bin("/usr/bin/bad", "fortify"), "no");
    ck_assert_uint_eq(tu_count(report, R_RPATH), 1);
    ck_assert_str_eq(tu_get(report, R_RPATH, 0)->path, "/usr/bin/bad");
}
END_TEST

/* ---- hostile headers, byte by byte -------------------------------------- */

static void put16(unsigned char *p, int be, uint16_t v)
{
    p[be ? 0 : 1] = (unsigned char)(v >> 8);
    p[be ? 1 : 0] = (unsigned char)v;
}

static void put32(unsigned char *p, int be, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[be ? i : 3 - i] = (unsigned char)(v >> (24 - 8 * i));
}

/* An ELF32 header for `machine` with phnum program headers at 52. */
static void elf32_header(unsigned char *d, int be, uint16_t machine, uint16_t phnum)
{
    memcpy(d, "\x7f" "ELF", 4);
    d[4] = 1;
    d[5] = be ? 2 : 1;
    d[6] = 1;
    put16(d + 16, be, 2);
    put16(d + 18, be, machine);
    put32(d + 20, be, 1);
    put32(d + 28, be, 52);         /* e_phoff */
    put16(d + 40, be, 52);
    put16(d + 42, be, 32);         /* e_phentsize */
    put16(d + 44, be, phnum);
}

static void elf32_phdr(unsigned char *p, int be, uint32_t type, uint32_t off, uint32_t va,
                       uint32_t filesz, uint32_t flags)
{
    put32(p, be, type);
    put32(p + 4, be, off);
    put32(p + 8, be, va);
    put32(p + 12, be, va);
    put32(p + 16, be, filesz);
    put32(p + 20, be, filesz);
    put32(p + 24, be, flags);
}

START_TEST(test_elf32_big_endian_by_hand)
{
    unsigned char d[52 + 32] = {0};
    elf32_header(d, 1, 8, 1);
    elf32_phdr(d + 52, 1, 0x6474e551u, 0, 0, 0, 7);   /* PT_GNU_STACK RWX */
    fw_elf e;
    fw_error err;
    ck_assert_int_eq(fw_elf_parse(d, sizeof d, &e, &err), FW_OK);
    ck_assert_int_eq(e.bits, 32);
    ck_assert_int_eq(e.big_endian, 1);
    ck_assert_uint_eq(e.machine, 8);
    ck_assert_int_eq(e.exec_stack, FW_TRI_YES);
    ck_assert_int_eq(e.has_sections, 0);
    ck_assert_int_eq(e.symbols_read, 0);
    fw_elf_release(&e);
    /* the same without PT_GNU_STACK (old MIPS toolchains): NX unknown, no finding */
    elf32_header(d, 1, 8, 0);
    tu_add_bytes(tree, ns, "/bin/old", d, 52);
    run();
    ck_assert_str_eq(bin("/bin/old", "nx"), "unknown");
    ck_assert_str_eq(bin("/bin/old", "canary"), "unknown");
    ck_assert_str_eq(bin("/bin/old", "arch"), "MIPS");
    ck_assert_str_eq(bin("/bin/old", "class"), "ELF32 MSB");
    ck_assert_uint_eq(tu_count(report, R_EXEC_STACK), 0);
}
END_TEST

START_TEST(test_truncated_header_is_reported)
{
    /* listed as malformed with the reason; the file was read, so the scan
     * stays complete */
    unsigned char d[30] = {0};
    memcpy(d, "\x7f" "ELF\x01\x01\x01", 7);
    tu_add_bytes(tree, ns, "/bin/cut", d, sizeof d);
    run();
    ck_assert_str_eq(bin("/bin/cut", "kind"), "malformed ELF: ELF header is truncated");
    ck_assert_str_eq(bin("/bin/cut", "score"), "-");
    ck_assert_uint_eq(report->n_errors, 0);
    ck_assert(!report->incomplete);
}
END_TEST

START_TEST(test_hostile_offsets_do_not_read_outside)
{
    unsigned char d[52 + 3 * 32 + 32] = {0};
    fw_elf e;
    fw_error err;
    /* program headers said to lie past the end */
    elf32_header(d, 0, 40, 3);
    put32(d + 28, 0, 0xfffffff0u);
    ck_assert_int_eq(fw_elf_parse(d, sizeof d, &e, &err), FW_EFORMAT);
    ck_assert(strstr(err.msg, "outside the file") != NULL);
    fw_elf_release(&e);
    /* entry size too small to be a program header */
    elf32_header(d, 0, 40, 3);
    put16(d + 42, 0, 8);
    ck_assert_int_eq(fw_elf_parse(d, sizeof d, &e, &err), FW_EFORMAT);
    fw_elf_release(&e);
    /* PT_DYNAMIC whose string table address is nowhere, a dynamic segment
     * running off the file, section headers at a bogus offset with 65535
     * entries: parsed, nothing invented */
    elf32_header(d, 0, 40, 3);
    put32(d + 32, 0, 0x7ffffff0u);        /* e_shoff */
    put16(d + 46, 0, 40);
    put16(d + 48, 0, 0xffff);
    unsigned char *dyn = d + 52 + 3 * 32;
    put32(dyn, 0, 5);  put32(dyn + 4, 0, 0xdeadbeefu);   /* DT_STRTAB */
    put32(dyn + 8, 0, 10); put32(dyn + 12, 0, 0xffffffffu); /* DT_STRSZ */
    put32(dyn + 16, 0, 15); put32(dyn + 20, 0, 0x7fffffffu); /* DT_RPATH */
    put32(dyn + 24, 0, 1); put32(dyn + 28, 0, 3);         /* DT_NEEDED */
    elf32_phdr(d + 52, 0, 1, 0, 0x10000, sizeof d, 5);
    elf32_phdr(d + 84, 0, 2, (uint32_t)(dyn - d), 0x10000 + (uint32_t)(dyn - d), 0xffff, 6);
    elf32_phdr(d + 116, 0, 3, 0xfffffff0u, 0, 0x100, 4);  /* PT_INTERP outside */
    ck_assert_int_eq(fw_elf_parse(d, sizeof d, &e, &err), FW_OK);
    ck_assert_ptr_null(e.interp);
    ck_assert_ptr_null(e.rpath);
    ck_assert_uint_eq(e.n_needed, 0);
    ck_assert_int_eq(e.has_sections, 0);
    fw_elf_release(&e);
    /* DT_STRTAB inside the file, DT_STRSZ far beyond: clipped, the string read */
    put32(dyn + 4, 0, 0x10000 + 52);     /* strings at the program headers' bytes */
    put32(dyn + 20, 0, 1);
    ck_assert_int_eq(fw_elf_parse(d, sizeof d, &e, &err), FW_OK);
    fw_elf_release(&e);
}
END_TEST

START_TEST(test_every_truncation_of_a_real_binary)
{
    /* a real binary cut at every length up to its header area and at steps
     * beyond: never a crash, and every cut either parses or says why */
    size_t len;
    char *data = compile("gcc", PROG, "-O2", &len);
    for (size_t cut = 0; cut <= len; cut += cut < 4096 ? 1 : 997) {
        fw_elf e;
        fw_error err;
        int rc = fw_elf_parse((const unsigned char *)data, cut, &e, &err);
        ck_assert(rc == FW_OK || rc == FW_EFORMAT || (rc == FW_ENOTFOUND && cut < 4));
        if (rc == FW_EFORMAT)
            ck_assert(err.msg[0] != '\0');
        fw_elf_release(&e);
    }
    free(data);
}
END_TEST

START_TEST(test_not_elf_is_ignored)
{
    tu_add_file(tree, ns, "/etc/motd", "ELF is not at the start\n");
    tu_add_bytes(tree, ns, "/bin/script", "\x7f" "EL", 3);
    run();
    ck_assert_ptr_null(fw_report_find_inventory(report, "binaries"));
    ck_assert_uint_eq(report->n_errors, 0);
}
END_TEST


/* An ELF32 LE ARM executable whose only program header is PT_INTERP. */
static void add_with_interp(const char *path, const char *interp, uint16_t type)
{
    unsigned char d[52 + 32 + 64] = {0};
    elf32_header(d, 0, 40, 1);
    put16(d + 16, 0, type);
    size_t n = strlen(interp) + 1;
    memcpy(d + 84, interp, n);
    elf32_phdr(d + 52, 0, 3, 84, 0x10000 + 84, (uint32_t)n, 4);
    tu_add_bytes(tree, ns, path, d, sizeof d);
}

START_TEST(test_libc_from_interpreter)
{
    add_with_interp("/bin/a", "/lib/ld-musl-armhf.so.1", 2);
    add_with_interp("/bin/b", "/lib/ld-musl-armhf.so.1", 2);
    add_with_interp("/bin/c", "/lib/ld-uClibc.so.0", 2);
    run();
    ck_assert_str_eq(bin("/bin/a", "libc"), "musl");
    ck_assert_str_eq(bin("/bin/c", "libc"), "uClibc");
    /* the platform names the one most binaries load */
    ck_assert_str_eq(cell("platform", "component", "musl", "version"), "unknown");
    ck_assert(strstr(cell("platform", "component", "musl", "evidence"), "2 of 3") != NULL);
}
END_TEST

START_TEST(test_uclibc_version_from_file_name)
{
    add_with_interp("/bin/c", "/lib/ld-uClibc.so.0", 2);
    add_with_interp("/lib/libuClibc-0.9.33.2.so", "", 3);
    /* near miss: a name that is not a version */
    add_with_interp("/lib/libuClibc-dev.so", "", 3);
    run();
    ck_assert_str_eq(cell("platform", "component", "uClibc", "version"), "0.9.33.2");
    ck_assert_str_eq(cell("platform", "component", "uClibc", "path"), "/lib/libuClibc-0.9.33.2.so");
}
END_TEST

START_TEST(test_static_binary)
{
    if (system("cd / && echo 'int main(void){return 0;}' | gcc -static -x c -o /dev/null - 2>/dev/null")) {
        fprintf(stderr, "SKIP test_static_binary: no static libc (libc6-dev)\n");
        return;
    }
    add_compiled("/sbin/init", "gcc", PROG, "-O2 -static -fstack-protector-all -D_FORTIFY_SOURCE=2");
    run();
    ck_assert_str_eq(bin("/sbin/init", "kind"), "static executable");
    ck_assert_str_eq(bin("/sbin/init", "libc"), "static");
    ck_assert_str_eq(bin("/sbin/init", "stripped"), "no");
    ck_assert_str_eq(bin("/sbin/init", "canary"), "yes");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("binaries");
    TCase *tc = tcase_create("native");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_hardened_x86_64);
    tcase_add_test(tc, test_unhardened_x86_64);
    tcase_add_test(tc, test_exec_stack_one_finding_per_file_system);
    tcase_add_test(tc, test_exec_stack_location_is_order_independent);
    tcase_add_test(tc, test_partial_relro_no_canary);
    tcase_add_test(tc, test_rpath_writable_is_finding);
    tcase_add_test(tc, test_rpath_build_tree_under_absent_home);
    tcase_add_test(tc, test_rpath_build_tree_under_absent_mnt);
    tcase_add_test(tc, test_runpath_relative_is_finding);
    tcase_add_test(tc, test_rpath_origin_is_not_finding);
    tcase_add_test(tc, test_shared_library);
    tcase_add_test(tc, test_object_file_not_scored);
    tcase_add_test(tc, test_token_in_rodata_found_by_secret_rules);
    tcase_add_test(tc, test_busybox_version_and_applets);
    tcase_add_test(tc, test_no_busybox_no_applets);
    tcase_add_test(tc, test_glibc_version_from_libc);
    suite_add_tcase(s, tc);

    tc = tcase_create("cross");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_cross_hardened, 0, (int)(sizeof crosses / sizeof crosses[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_elf32_big_endian_by_hand);
    tcase_add_test(tc, test_truncated_header_is_reported);
    tcase_add_test(tc, test_hostile_offsets_do_not_read_outside);
    tcase_add_test(tc, test_every_truncation_of_a_real_binary);
    tcase_add_test(tc, test_not_elf_is_ignored);
    tcase_add_test(tc, test_libc_from_interpreter);
    tcase_add_test(tc, test_uclibc_version_from_file_name);
    tcase_add_test(tc, test_static_binary);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(suite());
}
